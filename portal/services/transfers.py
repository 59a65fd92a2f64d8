"""A teacher's record taken to another region's portal (调出) and brought from one (调入).

Out: the teacher, or an admin over them, downloads their counted entries signed by this
bureau (``signing``). In: an admin over the teacher here uploads such a record; the portal
checks the signature against the bureaus it trusts and that the record is this teacher's,
shows how this region treats each entry (``Region.recognise_transfer``: the region's answer,
else its own conversion of the entry's activity), and on confirmation enters the recognised
ones as ``transfer`` entries in the audit workflow's first state, each with its origin. An
entry already brought, by this record or another one signed later, is never entered again."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from sqlalchemy import select

from .. import clock
from ..domain import ADMIN_ROLES, Unit
from ..domain.activity import FIRST_YEAR, LAST_YEAR, Activity, InvalidInput
from ..domain.transfers import Recognition, TransferredEntry
from ..extensions import db
from ..models import LedgerEntry, RecordTransfer, Teacher, User
from ..models.transfer import TransferredEntry as TransferredRow
from ..models.types import utcnow
from ..plugins import Region
from . import ledger, signing
from .audit import record_event
from .claims import claim_teacher, lock_teacher
from .scope import Scope
from .teachers import visible_teacher
from .transactions import use_case

KIND = "portal-record+jws"
VERSION = 1
MAX_ENTRIES = 2000  # a career's entries, several times over
MAX_BYTES = 2 * 1024 * 1024  # the largest record file read
# What an activity means anywhere; a program, its topics and assessment parts are the sender's own codes.
# The planned hours beside those attended: a region that judges completion by attendance needs both.
PORTABLE = ("level", "mode", "hours", "days", "start", "end", "grade", "role", "service_year", "base_credits",
            "planned_hours")


class TransferRefused(Exception):
    """``code``: "not_found" (no such teacher for this user), "empty" (a file of 0 bytes),
    "not_configured", "malformed",
    "unknown_key", "bad_signature", "wrong_kind" (see ``SignatureRefused``), "not_theirs" (the
    record is of another person: its ID number is not this teacher's), "own" (signed by this
    very portal: its entries are here already), "imported" (this very
    record was brought before), "changed" (what the preview showed no longer holds)."""

    def __init__(self, code: str, detail=None):
        super().__init__(code)
        self.code, self.detail = code, detail


@dataclass(frozen=True)
class PreviewLine:
    entry: TransferredEntry
    recognition: Recognition
    already: bool  # brought before: not entered again


@dataclass(frozen=True)
class TransferPreview:
    teacher: Teacher
    issuer: str  # the signing bureau's name, as this portal's trust list gives it
    issuer_key: str  # its key's id
    signed_at: datetime
    lines: tuple[PreviewLine, ...]
    digest: str

    @property
    def entering(self) -> tuple[PreviewLine, ...]:
        return tuple(line for line in self.lines if line.recognition.counts and not line.already)


def export(region: Region, actor: User, teacher_id: int | None) -> tuple[str, str]:
    """The use case: the teacher's counted entries signed by this bureau, and a file name."""
    with use_case():
        teacher = claim_teacher(actor, teacher_id)
        if teacher is None:
            raise TransferRefused("not_found")
        entries = ledger.counted_entries(teacher.id, region.audit_workflow().counting(),
                                         date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31))
        labels = region.category_labels()
        payload = {
            "version": VERSION,
            "issuer": {"name": signing.issuer_name(), "region": region.info.code},
            "signed_at": utcnow().isoformat(timespec="seconds"),
            "teacher": {"name": teacher.name, "id_number": teacher.id_number},
            "entries": [_entry_data(e, str(labels.get(e.category, e.category))) for e in entries],
        }
        try:
            token = signing.sign(payload, KIND)
        except signing.SignatureRefused as refused:
            raise TransferRefused(refused.code) from None
        record_event(actor, "record.exported", teacher, after={"entries": len(entries)}, org_unit_id=teacher.school_id)
    return token, f"record-{teacher.id_number[-4:]}-{clock.today().isoformat()}.jws"


def _entry_data(entry: LedgerEntry, label: str) -> dict:
    facts = entry.facts or {}
    activity = {k: facts[k] for k in PORTABLE if k in facts}
    return {"id": entry.id, "day": entry.activity_date.isoformat(), "title": entry.title, "amount": str(entry.amount),
            "unit": entry.unit, "category": entry.category, "category_label": label,
            "activity": activity if "level" in activity and "mode" in activity and "hours" in activity else None}


def preview(region: Region, actor: User, teacher_id: int, token: str) -> TransferPreview:
    """What bringing the record would enter for the teacher, each entry with how this region
    treats it; nothing is kept."""
    teacher = _admin_teacher(actor, teacher_id)
    if not token:  # a file of 0 bytes: said so, not taken for a forged record
        raise TransferRefused("empty")
    payload, kid, issuer = _verified(token)
    if str(payload["teacher"].get("id_number", "")).upper() != teacher.id_number.upper():
        raise TransferRefused("not_theirs")
    own = signing.own_key()
    if own is not None and kid == own.thumbprint():
        raise TransferRefused("own")
    digest = _digest(token)
    if db.session.scalar(select(RecordTransfer.id).where(RecordTransfer.teacher_id == teacher.id,
                                                         RecordTransfer.digest == digest)):
        raise TransferRefused("imported")
    entries = _entries(payload, kid, issuer)
    brought = set(db.session.scalars(select(TransferredRow.origin).where(
        TransferredRow.origin.in_([e.origin for e in entries]))))
    facts = teacher.facts()
    lines = tuple(PreviewLine(e, region.recognise_transfer(e, facts), e.origin in brought) for e in entries)
    return TransferPreview(teacher, issuer, kid, datetime.fromisoformat(payload["signed_at"]), lines, digest)


def teacher_for(actor: User, teacher_id: int) -> Teacher | None:
    """A teacher below the actor's admin roles: only an admin brings a record in."""
    return visible_teacher(Scope.of(actor, ADMIN_ROLES), teacher_id)


def _admin_teacher(actor: User, teacher_id: int) -> Teacher:
    teacher = teacher_for(actor, teacher_id)
    if teacher is None:
        raise TransferRefused("not_found")
    return teacher


def bring(region: Region, actor: User, teacher_id: int, token: str, digest: str) -> int:
    """The use case: the recognised entries of the record entered for the teacher, all or
    none, and the record kept as brought; how many were entered."""
    with use_case():
        teacher = _admin_teacher(actor, teacher_id)
        lock_teacher(teacher.id)
        found = preview(region, actor, teacher_id, token)
        if found.digest != digest:
            raise TransferRefused("changed")
        transfer = RecordTransfer(teacher_id=teacher.id, issuer=found.issuer_key, issuer_name=found.issuer[:120], digest=digest,
                                  signed_at=found.signed_at, entries=len(found.entering),
                                  imported_by_id=actor.id)
        db.session.add(transfer)
        db.session.flush()
        initial = region.audit_workflow().initial
        for line in found.lines:
            if line.already:
                continue
            entered = None
            if line.recognition.counts:
                entered = ledger.transferred(actor, teacher, line.entry, line.recognition.result, transfer.id, initial)
            db.session.add(TransferredRow(origin=line.entry.origin, transfer_id=transfer.id,
                                          ledger_entry_id=entered.id if entered else None))
        record_event(actor, "record.brought", teacher, after={"issuer": found.issuer, "entered": len(found.entering),
                                                              "digest": digest}, org_unit_id=teacher.school_id)
        return len(found.entering)


def _verified(token: str) -> tuple[dict, str, str]:
    try:
        payload, kid, issuer = signing.verify(token, KIND)
    except signing.SignatureRefused as refused:
        raise TransferRefused(refused.code) from None
    if payload.get("version") != VERSION or not isinstance(payload.get("teacher"), dict) \
            or not isinstance(payload.get("entries"), list) or len(payload["entries"]) > MAX_ENTRIES:
        raise TransferRefused("malformed")
    try:
        datetime.fromisoformat(payload["signed_at"])
    except (KeyError, TypeError, ValueError):
        raise TransferRefused("malformed") from None
    return payload, kid, issuer


def _entries(payload: dict, kid: str, issuer: str) -> list[TransferredEntry]:
    try:
        return [_transferred(item, kid, issuer) for item in payload["entries"]]
    except (KeyError, TypeError, ValueError, InvalidOperation, InvalidInput):
        raise TransferRefused("malformed") from None


def _transferred(item: dict, kid: str, issuer: str) -> TransferredEntry:
    activity = Activity.from_mapping(item["activity"]) if item.get("activity") else None
    return TransferredEntry(
        origin=f"{kid}:{int(item['id'])}", day=date.fromisoformat(item["day"]), title=str(item["title"])[:200],
        amount=Decimal(str(item["amount"])), unit=Unit(item["unit"]), category_label=str(item["category_label"])[:80],
        issuer=issuer, activity=activity)


def _digest(token: str) -> str:
    return hashlib.sha256(token.strip().encode()).hexdigest()
