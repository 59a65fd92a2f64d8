"""The bureau's signing key, and the bureaus whose signatures this portal accepts.

The key is an Ed25519 JWK in the file ``PORTAL_SIGNING_KEY`` names (``portal keys new FILE``
writes one), kept by the bureau and never in the repository. Outside production a portal
without one makes its own in the instance folder, one per region (each region's demo stands for
another bureau), so the demo signs. Its public half is
published at ``/.well-known/jwks.json``; another portal accepts records signed with it once
its administrators add it, with the bureau's name, to the JSON Web Key Set that
``PORTAL_TRUSTED_KEYS`` names. Signatures are compact JWS with EdDSA (jwcrypto)."""
from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path

from flask import current_app
from jwcrypto import jwk, jws
from jwcrypto.common import JWException, json_encode



class SignatureRefused(ValueError):
    """``code``: "not_configured" (this portal has no key), "malformed", "unknown_key" (not
    signed by a bureau this portal trusts), "bad_signature" (altered), "wrong_kind"."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def new_key() -> jwk.JWK:
    return jwk.JWK.generate(kty="OKP", crv="Ed25519")


def write_key(path: Path, key: jwk.JWK) -> None:
    """Write a private key readable by its owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as file:
        file.write(key.export_private())


def own_key() -> jwk.JWK | None:
    """This bureau's private key, or None when production names none."""
    configured = current_app.config.get("PORTAL_SIGNING_KEY")
    if configured:
        return _load(str(configured))
    if current_app.config["PORTAL_ENV"] == "production":
        return None
    # one per region: each region's demo portal on this machine stands for another bureau
    path = Path(current_app.instance_path) / f"signing-key-{current_app.config['PORTAL_REGION']}.jwk"
    if not path.exists():
        try:
            write_key(path, new_key())
        except FileExistsError:  # another process made it first
            pass
    return _load(str(path))


@lru_cache(maxsize=8)
def _load(path: str) -> jwk.JWK:
    key = jwk.JWK.from_json(Path(path).read_text())
    if not key.has_private or key.get("crv") != "Ed25519":
        raise ValueError(f"{path}: an Ed25519 private key is needed (portal keys new)")
    return key


def issuer_name() -> str:
    return current_app.config.get("PORTAL_ISSUER_NAME") or str(current_app.extensions["portal.region"].info.name)


def public_key_set() -> dict:
    """This bureau's public key as a JWK Set, named, for other portals to trust."""
    key = own_key()
    if key is None:
        return {"keys": []}
    public = json.loads(key.export_public())
    return {"keys": [{**public, "kid": key.thumbprint(), "use": "sig", "alg": "EdDSA", "name": issuer_name()}]}


def trusted_keys() -> dict[str, tuple[jwk.JWK, str]]:
    """The keys whose signatures this portal accepts, by key id, with the bureau's name: those
    of ``PORTAL_TRUSTED_KEYS`` and its own (a record it signed may come back)."""
    found: dict[str, tuple[jwk.JWK, str]] = {}
    path = current_app.config.get("PORTAL_TRUSTED_KEYS")
    if path:
        for item in json.loads(Path(path).read_text(encoding="utf-8")).get("keys", []):
            key = jwk.JWK(**{k: v for k, v in item.items() if k not in ("name",)})
            found[key.thumbprint()] = (key, item.get("name") or key.thumbprint())
    own = own_key()
    if own is not None:
        found[own.thumbprint()] = (own, issuer_name())
    return found


def sign(payload: dict, kind: str) -> str:
    """``payload`` signed by this bureau, as compact JWS of type ``kind``."""
    key = own_key()
    if key is None:
        raise SignatureRefused("not_configured")
    token = jws.JWS(json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode())
    token.add_signature(key, None, json_encode({"alg": "EdDSA", "kid": key.thumbprint(), "typ": kind}))
    return token.serialize(compact=True)


def verify(token: str, kind: str) -> tuple[dict, str, str]:
    """The payload of a compact JWS of type ``kind`` signed by a trusted bureau, with the key's
    id and the bureau's name; ``SignatureRefused`` otherwise."""
    parsed = jws.JWS()
    try:
        parsed.deserialize(token.strip())
        header = parsed.jose_header
    except (JWException, ValueError, TypeError):
        raise SignatureRefused("malformed") from None
    if not isinstance(header, dict) or header.get("alg") != "EdDSA":
        raise SignatureRefused("malformed")
    if header.get("typ") != kind:
        raise SignatureRefused("wrong_kind")
    known = trusted_keys().get(str(header.get("kid")))
    if known is None:
        raise SignatureRefused("unknown_key")
    key, name = known
    try:
        parsed.verify(key, alg="EdDSA")
        payload = json.loads(parsed.payload)
    except (JWException, ValueError):
        raise SignatureRefused("bad_signature") from None
    if not isinstance(payload, dict):
        raise SignatureRefused("malformed")
    return payload, header["kid"], name
