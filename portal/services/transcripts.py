"""Transcripts (学分证明): a teacher's counted entries over a period, their totals and their
kept standing, issued as a PDF that is frozen when issued and verifiable by anyone.

Who: the teacher for themself, or an admin whose scope covers the teacher. The PDF is made
once, before the issuing transaction takes the write lock, kept under a random name in
``PORTAL_DOCUMENTS_DIR`` with its SHA-256, and served as kept ever after: a later change of
the ledger never changes an issued document. Its QR code leads to the public verification
page (``verification``), which says only that the document is genuine, its kind, its issue
date, its masked holder and whether it was revoked or superseded; there anyone may check a PDF
they hold against the kept SHA-256 (``is_issued_file``), since a genuine QR code may be
printed on an edited copy. Issuing again for the
same period supersedes the earlier document; an admin of the teacher's scope revokes one
with a reason. Each change is one use case with its audit event."""
from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from .. import clock
from ..domain import ADMIN_ROLES, LedgerSource, Period
from ..domain.enums import LEDGER_UNITS
from ..domain.findings import CYCLE_TOTAL
from ..domain.activity import FIRST_YEAR, LAST_YEAR
from ..domain.text import Messages
from ..extensions import db
from ..models import IssuedDocument, Teacher, User
from ..models.types import utcnow
from ..plugins import Region
from . import ledger, standings
from .audit import record_event
from .claims import lock_teacher
from .evidence import keep
from .notifications import notify
from .scope import Scope
from .teachers import own_record, previous_cycle
from .transactions import use_case

_ = Messages("messages", "portal")
TRANSCRIPT = "transcript"
MAX_REASON = 500
MAX_CHECKED_BYTES = 5 * 1024 * 1024  # a file checked on the verification page; issued PDFs are under 1 MB


class TranscriptRefused(Exception):
    """``code``: "not_found" (no such teacher or document for this user), "period" (a start
    after its end, or a date outside 1950–2100), "revoked" (already revoked), "reason"
    (missing or longer than 500 characters)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def masked_id(id_number: str) -> str:
    """An ID number with only its first 6 and last 4 characters shown."""
    if len(id_number) <= 10:
        return "*" * len(id_number)
    return id_number[:6] + "*" * (len(id_number) - 10) + id_number[-4:]


def id_number_read_by(scope: Scope, id_number: str, school_path: str) -> str:
    """The ID number in full for a teacher the reader administers (``scope.paths``); masked
    (``masked_id``) for one they read only as a workshop's leader, who follows the members'
    sign-ins and training, not their identity papers: the teacher list's export and the
    standings API give it alike (a phone trial's leader, a teacher, downloaded the members' full
    ID numbers)."""
    if any(school_path.startswith(p) for p in scope.paths):
        return id_number
    return masked_id(id_number)


def masked_name(name: str) -> str:
    """李小红 → 李*红, 王芳 → 王*: enough to tell the holder, not to name them."""
    if len(name) <= 1:
        return "*"
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


@dataclass(frozen=True)
class Line:
    """One counted entry of a transcript."""

    day: date
    title: str
    category: str  # its label
    hours: Decimal | None
    amount: Decimal
    role: str | None = None  # what the teacher did, where not attend (instructor, mentor, presenter)
    unit: str | None = None  # "credit" or "hour" where the entry is kept in another unit than the transcript's
    # its date, where it is after the transcript's today (a result recorded before the training's last day,
    # on which its hours are dated): listed, but in no total until that day, as the standing counts it
    counts_from: date | None = None


@dataclass(frozen=True)
class Total:
    category: str  # its label
    amount: Decimal
    unit: str | None = None  # as ``Line.unit``


@dataclass(frozen=True)
class DutyApart:
    """A minimum of the kept standing in another unit than the transcript's: what it asks
    (``required``), what is done (``actual``), in ``unit``, met or not, and the standing's words."""

    code: str
    required: Decimal
    actual: Decimal
    unit: str
    ok: bool
    label: object  # the duty's heading (``Finding.label``, else its ``Duty``'s), else the standing's words
    deadline: date | None = None

    @property
    def missing(self) -> Decimal:
        return max(self.required - self.actual, Decimal(0))


@dataclass(frozen=True)
class Transcript:
    """What a transcript says, as plain values (the page and the PDF read nothing else)."""

    region: object  # the region's name (Words)
    teacher_id: int
    name: str
    masked_id: str
    school: str
    title: str | None
    period: Period
    unit: str  # "credit" or "hour"
    lines: tuple[Line, ...]
    totals: tuple[Total, ...]  # per category
    total: Decimal  # of the lines in ``unit``
    hours: Decimal  # attended, of the lines in ``unit``
    cycle: Period  # the kept standing's cycle and figures, as of ``as_of``
    cycle_required: Decimal | None
    cycle_counted: Decimal
    cycle_met: bool
    as_of: date
    rule_version: str
    apart: tuple[Total, ...] = ()  # the sum of the lines kept in another unit, one per unit (its ``unit``)
    # why the cycle asks what it does of the teacher (``CycleProgress.note``): where it asks nothing
    # (a probation year) the standing says so, not "0 required; met"
    cycle_note: object = ""
    # the kept standing's minimums counted in another unit than the transcript's (a new teacher's
    # probation training in hours where the region counts credits): neither the cycle nor the
    # totals in ``unit`` say how far they are, so each is stated apart, as the standing words it
    # (a trial's new teacher read her probation hours summed, never against the 60 + 60 asked)
    duties_apart: tuple[DutyApart, ...] = ()
    # entries that are no training and no credit recognised (a credit bank's borrowing, which makes up
    # a school year's shortfall): listed apart, in no total; the teacher's own page reads the cycle
    # without them, and a trial's transcript added a borrowing of 14 into 期间合计 (34.4 where it read 20.4)
    outside: tuple[Line, ...] = ()
    # the standing's cycle ended before ``as_of`` (a transcript of the previous cycle): unmet, it is missed, not "not yet"
    cycle_ended: bool = False
    cycle_in_audit: bool = False  # an ended cycle missed while an entry of it is still in its audit


@dataclass(frozen=True)
class DocumentRow:
    id: int
    code: str
    kind: str
    period: Period
    issued_at: datetime
    revoked_at: datetime | None
    superseded: bool
    sha256: str
    credential: bool = False  # a verifiable credential was signed with it


@dataclass(frozen=True)
class TranscriptsPage:
    """A teacher's transcripts page: the transcript for the period asked, and the documents
    issued to them, newest first."""

    transcript: Transcript
    documents: tuple[DocumentRow, ...]
    own: bool  # the user is the teacher
    may_revoke: bool  # the user is an admin whose scope covers the teacher


@dataclass(frozen=True)
class Verification:
    """All the public verification page shows of a document."""

    kind: str
    issued_at: datetime
    holder: str  # masked
    revoked_at: datetime | None
    newer_code: str | None  # the document that superseded it
    title: object = None  # a certificate's title (``portal_certificates``); None for a transcript


def folder() -> Path:
    """Where issued documents are kept: ``PORTAL_DOCUMENTS_DIR``, by default the instance
    folder's ``documents`` (never under ``static``)."""
    return Path(current_app.config.get("PORTAL_DOCUMENTS_DIR") or Path(current_app.instance_path) / "documents")


def path_of(stored_as: str) -> Path:
    return folder() / stored_as[:2] / stored_as


def _teacher(user: User, teacher_id: int | None) -> tuple[Teacher, bool] | None:
    """The teacher a transcript is about and whether ``user`` is an admin of theirs: with
    ``None`` the user's own record; else the teacher if it is the user's own record or an
    admin's scope covers them."""
    own = own_record(user.id)
    if teacher_id is None or (own is not None and own.id == teacher_id):
        return (own, Scope.of(user, ADMIN_ROLES).covers_teacher(own)) if own is not None else None
    teacher = db.session.get(Teacher, teacher_id)
    if teacher is None or not Scope.of(user, ADMIN_ROLES).covers_teacher(teacher):
        return None
    return teacher, True


def period_of(region: Region, teacher: Teacher, start: date | None, end: date | None, today: date) -> Period:
    """The period asked, or by default the teacher's current cycle."""
    if start is None and end is None:
        return region.cycle(today, teacher.facts())
    cycle = region.cycle(today, teacher.facts())
    start, end = start or cycle.start, end or cycle.end
    if start > end or not (FIRST_YEAR <= start.year <= LAST_YEAR and FIRST_YEAR <= end.year <= LAST_YEAR):
        raise TranscriptRefused("period")
    return Period(start, end)


def transcript_of(region: Region, teacher: Teacher, period: Period, today: date) -> Transcript:
    """The transcript of ``teacher`` over ``period``: their counted entries dated in it (in a
    state the region's audit counts, neither reversed nor a reversal) that earned something,
    totals per category, and their kept standing. May commit the standing when it no longer
    held.

    An entry of nothing (a training not passed, registered with 0) recognised nothing: a
    signed transcript lists what was recognised, so it is left out, and its hours with it
    (they earned no credit; a region's rules never count a failed training's hours). A
    negative entry (a deduction) stays: it is part of the total the standing reads. An entry
    that is no training (a credit bank's borrowing: ``LedgerSource.BORROWING``, or a category
    with ``Category.project`` False) is no credit recognised: it is listed apart
    (``Transcript.outside``) and in no total, as the teacher's own page leaves it out of the
    cycle and says it apart on the year it makes up. An entry
    dated after ``today`` (a result recorded before the training's last day, dated on that
    day) is listed as counting from its date (``Line.counts_from``) and left out of the totals
    until then, as the teacher's home and standing leave it out."""
    card = (teacher.id, teacher.name, masked_id(teacher.id_number), teacher.school.name, teacher.title)
    labels = region.category_labels()
    kept, in_audit = _standing_of(region, teacher, period, today)
    unit = kept.compliance.unit.value
    entries = ledger.counted_entries(teacher.id, region.audit_workflow().counting(), period.start, period.end)
    # an entry kept in another unit (a new teacher's probation training, registered in 学时 and never
    # converted to 学分) says its own, and is summed apart: a trial's transcript read 60 学分 for 60 学时
    not_training = {c.code for c in region.categories() if not c.project}

    def apart(e) -> bool:  # a borrowing: entered by the bank, or in a category only the ledger makes
        return e.source == LedgerSource.BORROWING.value or e.category in not_training

    def line(e) -> Line:
        return Line(e.activity_date, e.title, labels.get(e.category, e.category), e.hours, e.amount,
                    e.activity_role, None if e.unit == unit else e.unit,
                    e.activity_date if e.activity_date > today else None)

    lines = tuple(line(e) for e in entries if e.amount != 0 and not apart(e))
    outside = tuple(line(e) for e in entries if e.amount != 0 and apart(e))
    counting = [line for line in lines if line.counts_from is None]
    sums: dict[tuple[str, str | None], Decimal] = {}
    for line in counting:
        sums[line.category, line.unit] = sums.get((line.category, line.unit), Decimal(0)) + line.amount
    own = [line for line in counting if line.unit is None]
    cycle = kept.compliance.cycle
    headings = {d.code: d.label for d in region.duties()}
    apart_duties = tuple(DutyApart(f.code, f.required, f.actual or Decimal(0), f.unit.value, f.ok,
                                   f.label or headings.get(f.code) or f.message, f.deadline)
                         for f in kept.compliance.findings
                         if f.unit in LEDGER_UNITS and f.unit.value != unit and f.required is not None
                         and not f.cap and not f.exempt)
    return Transcript(
        region=region.info.name, teacher_id=card[0], name=card[1], masked_id=card[2], school=card[3], title=card[4],
        period=period, unit=unit, lines=lines,
        totals=tuple(Total(k, v, u) for (k, u), v in sums.items()), total=sum((line.amount for line in own), Decimal(0)),
        hours=sum((line.hours for line in own if line.hours is not None), Decimal(0)),
        cycle=cycle.period, cycle_required=cycle.required, cycle_counted=cycle.counted, cycle_met=cycle.ok,
        as_of=kept.as_of, rule_version=kept.rule_version, cycle_note=cycle.note, duties_apart=apart_duties,
        outside=outside, cycle_ended=cycle.period.end < today,
        cycle_in_audit=any(code == CYCLE_TOTAL for code, _deadline in in_audit),
        apart=tuple(Total("", sum((line.amount for line in counting if line.unit == u), Decimal(0)), u)
                    for u in dict.fromkeys(line.unit for line in counting if line.unit is not None)))


def _standing_of(region: Region, teacher: Teacher, period: Period, today: date):
    """The standing a transcript of ``period`` states: the kept one (today's cycle), or, for a
    period within the cycle before today's, the teacher's standing in that cycle as their
    previous cycle's page reads it (a transcript of 2017–2022, 118 credits listed, stated
    only "cycle 2022–2027: 11.6 counted, not met yet", beside a city's conclusion of 118 / 120);
    with the missed duties of that cycle an entry of which is still in its audit, as that page
    says them (``StandingPage.in_audit``)."""
    kept = standings.current(region, teacher, today)
    if period.end >= kept.compliance.cycle.period.start:
        return kept, frozenset()
    found = previous_cycle(region, teacher, today)
    if found is None or found[1] is None or not (found[0].start <= period.start and period.end <= found[0].end):
        return kept, frozenset()
    return found[1].kept, found[1].in_audit


def transcripts_page(region: Region, user: User, teacher_id: int | None, start: date | None, end: date | None,
                     today: date | None = None) -> TranscriptsPage | None:
    """The page: None when the user may not see this teacher's transcripts;
    ``TranscriptRefused("period")`` for a period that is not one."""
    today = today or clock.today()
    found = _teacher(user, teacher_id)
    if found is None:
        return None
    teacher, admin = found
    own = teacher.user_id == user.id
    tid = teacher.id
    transcript = transcript_of(region, teacher, period_of(region, teacher, start, end, today), today)
    return TranscriptsPage(transcript, tuple(d for d in _documents(tid) if d.kind == TRANSCRIPT), own, admin)


def _documents(teacher_id: int) -> tuple[DocumentRow, ...]:
    rows = db.session.scalars(select(IssuedDocument).where(IssuedDocument.teacher_id == teacher_id)
                              .order_by(IssuedDocument.issued_at.desc(), IssuedDocument.id.desc()))
    return tuple(DocumentRow(d.id, d.code, d.kind, Period(d.period_start, d.period_end), d.issued_at, d.revoked_at,
                             d.superseded_by_id is not None, d.sha256, d.credential is not None) for d in rows)


def issue(region: Region, user: User, teacher_id: int | None, start: date | None, end: date | None,
          render: Callable[[Transcript, str], bytes], today: date | None = None,
          credential: Callable[[Transcript, str, IssuedDocument], str] | None = None) -> IssuedDocument:
    """The use case: issue the teacher's transcript for the period (by default their current
    cycle) as a PDF made by ``render(transcript, code)``, kept with its SHA-256, and with the
    verifiable credential ``credential(transcript, id_number, document)`` signs; an earlier
    live transcript of the same period is superseded by it. The PDF is made before the write
    lock is taken; who may issue is checked again under it."""
    today = today or clock.today()
    found = _teacher(user, teacher_id)
    if found is None:
        raise TranscriptRefused("not_found")
    teacher = found[0]
    transcript = transcript_of(region, teacher, period_of(region, teacher, start, end, today), today)
    code = secrets.token_urlsafe(16)
    pdf = render(transcript, code)
    with use_case(keep=True):
        # Two issuings for one teacher take turns (PostgreSQL; SQLite has one writer anyway),
        # so the later one finds the earlier and supersedes it.
        lock_teacher(transcript.teacher_id)
        found = _teacher(user, transcript.teacher_id)
        if found is None:
            raise TranscriptRefused("not_found")
        teacher = found[0]
        period = transcript.period
        document = file_document(user, teacher, TRANSCRIPT, period, code, pdf)
        if credential is not None:
            document.credential = credential(transcript, teacher.id_number, document)
        record_event(user, "document.issued", document,
                     after={"kind": TRANSCRIPT, "start": period.start.isoformat(), "end": period.end.isoformat(),
                            "sha256": document.sha256, "entries": len(transcript.lines), "total": str(transcript.total)},
                     org_unit_id=teacher.school_id)
    return document


def file_document(user: User, teacher: Teacher, kind: str, period: Period, code: str, pdf: bytes) -> IssuedDocument:
    """Keep an issued PDF and its document row, superseding the live one of the same kind and
    period; with their audit events but the issuing one. A building block: the caller holds
    the teacher's lock and commits."""
    document = IssuedDocument(code=code, teacher_id=teacher.id, kind=kind, period_start=period.start,
                              period_end=period.end, sha256=hashlib.sha256(pdf).hexdigest(),
                              stored_as=keep(folder(), pdf), issued_by_id=user.id)
    db.session.add(document)
    db.session.flush()
    earlier = db.session.scalars(select(IssuedDocument).where(
        IssuedDocument.teacher_id == teacher.id, IssuedDocument.kind == kind,
        IssuedDocument.period_start == period.start, IssuedDocument.period_end == period.end,
        IssuedDocument.id != document.id, IssuedDocument.superseded_by_id.is_(None),
        IssuedDocument.revoked_at.is_(None))).all()
    for older in earlier:
        older.superseded_by_id = document.id
        record_event(user, "document.superseded", older, after={"by": document.id}, org_unit_id=teacher.school_id)
    return document


def revoke(user: User, document_id: int, reason: str) -> IssuedDocument:
    """The use case: an admin whose scope covers the teacher revokes a document, with a
    reason kept in its audit event; the teacher is told."""
    with use_case(keep=True):
        document = db.session.get(IssuedDocument, document_id)
        if document is None or not Scope.of(user, ADMIN_ROLES).covers_teacher(document.teacher):
            raise TranscriptRefused("not_found")
        if document.revoked_at is not None:
            raise TranscriptRefused("revoked")
        reason = (reason or "").strip()
        if not reason or len(reason) > MAX_REASON:
            raise TranscriptRefused("reason")
        document.revoked_at = utcnow()
        record_event(user, "document.revoked", document, before={"revoked": False},
                     after={"revoked": True, "reason": reason}, org_unit_id=document.teacher.school_id)
        if document.teacher.user_id and document.teacher.user_id != user.id:
            day = clock.day_of(document.issued_at).isoformat()
            if document.kind == TRANSCRIPT:
                notify([document.teacher.user_id], document,
                       _("Your transcript issued on {day} is revoked: {reason}", day=day, reason=reason),
                       "/transcripts")
            else:
                notify([document.teacher.user_id], document,
                       _("Your certificate issued on {day} is revoked: {reason}", day=day, reason=reason),
                       "/certificates")
    return document


def credential_of(user: User, document_id: int) -> IssuedDocument | None:
    """An issued transcript with its verifiable credential, for the teacher and the admins
    whose scope covers them; None for anyone else or a document without one."""
    document = db.session.get(IssuedDocument, document_id)
    if document is None or document.credential is None or _teacher(user, document.teacher_id) is None:
        return None
    return document


def stored_pdf(user: User, document_id: int) -> tuple[bytes, IssuedDocument] | None:
    """An issued PDF's kept bytes, for the teacher and the admins whose scope covers them;
    None for anyone else, or when the kept file no longer matches its SHA-256."""
    document = db.session.get(IssuedDocument, document_id)
    if document is None or _teacher(user, document.teacher_id) is None:
        return None
    path = path_of(document.stored_as)
    if not path.is_file():
        return None
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != document.sha256:
        return None
    return data, document


def verification(code: str, region: Region | None = None) -> Verification | None:
    """What the public verification page says of the document with this code, or None; with
    ``region``, a certificate's title says what kind of document it is."""
    if not code or len(code) > 32:
        return None
    document = db.session.scalar(select(IssuedDocument).where(IssuedDocument.code == code))
    if document is None:
        return None
    newer = db.session.get(IssuedDocument, document.superseded_by_id) if document.superseded_by_id else None
    title = None
    if region is not None and document.kind != TRANSCRIPT:
        title = next((k.title for k in region.certificates() if k.code == document.kind), None)
    return Verification(document.kind, document.issued_at, masked_name(document.teacher.name), document.revoked_at,
                        newer.code if newer is not None else None, title)


def is_issued_file(code: str, data: bytes) -> bool | None:
    """Whether ``data`` is, byte for byte, the PDF issued under ``code`` (its SHA-256 kept when
    it was issued), or None when no document has this code. ``data`` is neither kept nor
    parsed: any bytes get an answer."""
    if not code or len(code) > 32:
        return None
    kept = db.session.scalar(select(IssuedDocument.sha256).where(IssuedDocument.code == code))
    if kept is None:
        return None
    return hmac.compare_digest(hashlib.sha256(data).hexdigest(), kept)
