"""A transcript as a verifiable credential a teacher carries to another platform: an Open
Badges 3.0 ``OpenBadgeCredential`` (W3C VC Data Model 2.0), secured as a VC-JWT signed with
EdDSA by the bureau's key (``signing``), signed and kept when the transcript is issued.

Its holder is named by the SHA-256 of their ID number with a salt (an ``IdentityObject``), so
the credential shows no ID number, yet whoever knows it can check it is theirs. Its
``credentialStatus`` points to a Bitstring Status List this portal publishes and signs, in
which the bit of a revoked transcript is set; the list covers ``STATUS_BITS`` documents each,
the size the specification asks for so that one bit does not single a document out."""
from __future__ import annotations

import base64
import gzip
import hashlib
import json
import secrets
import uuid
from collections.abc import Callable
from datetime import datetime, timezone

from jwcrypto import jws
from jwcrypto.common import json_encode
from sqlalchemy import select

from ..extensions import db
from ..models import IssuedDocument
from ..models.types import utcnow
from . import signing

CONTEXT = ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
STATUS_BITS = 131_072  # 16 KB a list, the Bitstring Status List's minimum
Link = Callable[..., str]  # an endpoint and its values → the public address


def _sign(claims: dict) -> str:
    key = signing.own_key()
    if key is None:
        raise signing.SignatureRefused("not_configured")
    token = jws.JWS(json.dumps(claims, ensure_ascii=False, separators=(",", ":")).encode())
    public = json.loads(key.export_public())
    token.add_signature(key, None, json_encode({"alg": "EdDSA", "typ": "JWT", "kid": key.thumbprint(), "jwk": public}))
    return token.serialize(compact=True)


def _when(moment: datetime) -> str:
    return moment.replace(tzinfo=timezone.utc, microsecond=0).isoformat().replace("+00:00", "Z")


def issuer(link: Link) -> dict:
    """The bureau as an Open Badges ``Profile``."""
    return {"id": link("transcripts.issuer"), "type": ["Profile"], "name": signing.issuer_name()}


def transcript_credential(transcript, id_number: str, document_id: int, code: str, issued_at: datetime,
                          kind_name: str, link: Link) -> str:
    """The VC-JWT of an issued transcript (``transcripts.Transcript``): what it certifies, its
    holder (hashed), the frozen PDF as evidence, and its place in the status list."""
    salt = secrets.token_hex(8)
    identity = hashlib.sha256((id_number.upper() + salt).encode()).hexdigest()
    period = f"{transcript.period.start.isoformat()}/{transcript.period.end.isoformat()}"
    number, index = divmod(document_id, STATUS_BITS)
    status_list = link("transcripts.status_list", number=number + 1)
    unit = "学分" if transcript.unit == "credit" else "学时"
    credential = {
        "@context": CONTEXT,
        "id": f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, link('transcripts.verify', code=code))}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": issuer(link),
        "validFrom": _when(issued_at),
        "name": f"{kind_name} {period}",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [{"type": "IdentityObject", "identityHash": f"sha256${identity}",
                            "identityType": "nationalIdentityNumber", "hashed": True, "salt": salt}],
            "achievement": {
                "id": link("transcripts.achievement", kind="transcript"),
                "type": ["Achievement"],
                "name": kind_name,
                "description": f"{transcript.school} · {period} · {transcript.total.normalize():f} {unit}",
                "criteria": {"narrative": f"{kind_name}: {period}"},
            },
            "creditsEarned": float(transcript.total),
            "term": period,
        },
        "evidence": [{"id": link("transcripts.verify", code=code), "type": ["Evidence"], "name": kind_name}],
        "credentialStatus": {
            "id": f"{status_list}#{index}", "type": "BitstringStatusListEntry", "statusPurpose": "revocation",
            "statusListIndex": str(index), "statusListCredential": status_list,
        },
    }
    claims = {**credential, "iss": credential["issuer"]["id"], "jti": credential["id"],
              "nbf": int(issued_at.replace(tzinfo=timezone.utc).timestamp())}
    return _sign(claims)


def status_list(number: int, link: Link) -> str:
    """The signed Bitstring Status List ``number`` (from 1): a set bit for each revoked
    document whose id falls in it."""
    first = (number - 1) * STATUS_BITS
    bits = bytearray(STATUS_BITS // 8)
    for document_id in db.session.scalars(select(IssuedDocument.id).where(
            IssuedDocument.revoked_at.is_not(None), IssuedDocument.id >= first,
            IssuedDocument.id < first + STATUS_BITS)):
        index = document_id - first
        bits[index // 8] |= 0x80 >> (index % 8)  # the first index is the leftmost bit
    encoded = "u" + base64.urlsafe_b64encode(gzip.compress(bytes(bits), mtime=0)).decode().rstrip("=")
    address = link("transcripts.status_list", number=number)
    now = utcnow()
    credential = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": address,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer(link),
        "validFrom": _when(now),
        "credentialSubject": {"id": f"{address}#list", "type": "BitstringStatusList", "statusPurpose": "revocation",
                              "encodedList": encoded},
    }
    return _sign({**credential, "iss": credential["issuer"]["id"], "jti": address,
                  "nbf": int(now.replace(tzinfo=timezone.utc).timestamp())})
