"""Credits claimed with evidence outside the portal's projects: a teacher for themself, or a
school admin for a teacher of their school, under the kinds the region recognises
(``portal_claim_kinds``). The claim is converted by the region's own rules and enters the
ledger in the audit workflow's first state; its evidence files are kept with it. A claim
returned along the audit chain is corrected by a reversal and a new entry, never edited."""
from __future__ import annotations

import hashlib
import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .. import clock
from ..domain import ADMIN_ROLES, ClaimKind, InvalidInput, Mode, Period, SchoolStage, UserRole
from ..domain.activity import FIRST_YEAR
from ..domain.activity import MAX_AMOUNT
from ..domain.appeals import appealable
from ..domain.amounts import credits, hours
from ..domain.claims import FIXED, HOURS
from ..extensions import db
from ..models import Claim, Evidence, LedgerEntry, Teacher, User
from ..plugins import Region
from . import evidence as files
from .evidence import Upload
from . import ledger, reviews, teachers
from .audit import record_event
from .pagination import Page, clamp
from .scope import Scope
from .transactions import use_case

MAX_TITLE = 200
MAX_DETAILS = 1000


class ClaimRefused(Exception):
    """``code``: "not_found" (no such teacher or entry for this user), "kind" (a kind this
    user may not claim for this teacher), "title", "date" (missing or in the future), "start" (after the end),
    "level" (none chosen: ``detail`` is ""; else the level sent, not one offered), "grade" (not one of the kind's grades), "figure", "files" (none, or more than
    allowed), "before_post" (dated before the teacher entered post: ``detail`` is that day),
    "not_for_teacher" (the kind is for some teachers by their facts, ``ClaimKind.applies``, and not
    this one: ``detail`` is the kind),
    "evidence" (a file refused:
    ``detail`` is its name, ``reason`` the store's code), "duplicate" (a file already backs
    another claim: ``detail`` names that claim), "rules" (the region's conversion refused:
    ``detail`` is its message), "not_correctable" (the entry has counted, or is final),
    "reason" (a correction says what it corrects), "most" (more than one claim of the kind may
    give: ``detail`` is that figure), "per_day" (more hours than the days it took allow:
    ``detail`` the hours a day, ``reason`` the days), "same_claim" (the teacher already has this
    claim, standing: ``detail`` is its title), "beyond_cycle" (the claim would count more than
    the cycle's whole duty: ``detail`` is that duty), "past_cycle" (the activity ended before
    the teacher's previous cycle began: ``detail`` is that cycle's ``Period``). The fields'
    mistakes are found together: the others are in ``more``."""

    def __init__(self, code: str, detail: object = "", reason: str = ""):
        super().__init__(code)
        self.code, self.detail, self.reason = code, detail, reason
        self.more: tuple[ClaimRefused, ...] = ()  # the form's other mistakes, found with this one


@dataclass(frozen=True)
class ClaimInput:
    kind: str
    title: str
    activity_date: date | None
    level: str
    figure: Decimal | None
    details: str = ""
    start: date | None = None  # the first day, for a training of several days
    grade: str = ""  # one of the kind's grades, as the certificate states it; "" when none is stated
    uploads: tuple[Upload, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class ClaimRow:
    """A claim's current entry, its kind and its evidence, for lists and the review queue."""

    entry: LedgerEntry
    kind: ClaimKind | None
    evidence: tuple[Evidence, ...]
    correctable: bool
    reason: str = ""  # the reason given with the entry's last audit step (why it came back)
    appealable: bool = False  # decided by its audit: the appeal's use case accepts it (``appealable``)


HELD_FOR = 24 * 3600  # seconds a form's kept files wait for it to be sent again


@dataclass(frozen=True)
class Held:
    """Files sent with a form that was refused for its other fields, kept for its next
    sending (a browser never fills a file input again): the signed ``token`` the form
    carries back, the files' names to show, and, when read back, the files themselves."""

    token: str
    names: tuple[str, ...]
    stored: tuple[str, ...]
    uploads: tuple[Upload, ...] = ()


def _signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="portal.held-evidence")


def hold(user: User, uploads: tuple[Upload, ...]) -> Held | None:
    """Keep the files of a refused form that pass the evidence checks (``evidence.hold``),
    for ``user`` only; None when there is none. Nothing of a claim is saved."""
    kept = []
    for upload in uploads:
        if not upload.filename or len(kept) >= current_app.config["PORTAL_EVIDENCE_FILES"]:
            continue
        if hasattr(upload.stream, "seek"):
            upload.stream.seek(0)  # read once already by the refused claim
        try:
            data, _type = files.read(upload.stream, upload.filename)
        except files.EvidenceRefused:
            continue  # said with the form's mistakes; chosen again or replaced
        kept.append((files.hold(data, HELD_FOR), Path(upload.filename).name[:200] or "—"))
    if not kept:
        return None
    token = _signer().dumps({"user": user.id, "files": kept})
    return Held(token, tuple(name for _s, name in kept), tuple(stored for stored, _n in kept))


def held(user: User, token: str | None) -> Held | None:
    """The files ``hold`` kept under ``token``, for the same user and for a day; None when
    the token is missing, forged, old, another user's, or a file is gone."""
    if not token:
        return None
    try:
        payload = _signer().loads(token, max_age=HELD_FOR)
    except BadSignature:
        return None
    if not isinstance(payload, dict) or payload.get("user") != user.id:
        return None
    uploads, stored = [], []
    for stored_as, name in payload.get("files", ()):
        data = files.held(stored_as)
        if data is None:
            return None
        uploads.append(Upload(io.BytesIO(data), name))
        stored.append(stored_as)
    return Held(token, tuple(u.filename for u in uploads), tuple(stored), tuple(uploads))


def release(kept: Held | None) -> None:
    """Remove kept files a claim has taken, or that new files replaced."""
    for stored_as in kept.stored if kept is not None else ():
        files.release(stored_as)


def _for_teacher(region: Region, teacher: Teacher) -> list[ClaimKind]:
    """The region's kinds for ``teacher`` by their facts: a kind for some school stages, where
    the teacher teaches one of them (a trial's primary teacher claimed a senior high program's
    certificate), or none is recorded yet; a kind for some teachers (``ClaimKind.applies``),
    where it holds for them today (a veteran was offered the new teachers' probation training)."""
    taught = {SchoolStage(s) for s in teacher.stages or ()}
    facts, today = teacher.facts(), clock.today()
    return [k for k in region.claim_kinds()
            if (not k.stages or not taught or k.stages & taught) and k.applies_to(facts, today)]


def claimable(region: Region, user: User, teacher: Teacher) -> list[ClaimKind]:
    """The kinds ``user`` may claim for ``teacher``: as the teacher themself, or holding a
    role the kind names (a school admin, a district's department) over the teacher's school;
    of the kinds for this teacher (``_for_teacher``: their stages, ``ClaimKind.applies``)."""
    kinds = _for_teacher(region, teacher)
    wanted = {role for kind in kinds for role in kind.who} - {UserRole.TEACHER}
    roles = {UserRole.TEACHER} if teacher.user_id == user.id else set()
    roles.update(role for role in wanted if user.has_role(role) and Scope.of(user, [role]).covers_teacher(teacher))
    return [kind for kind in kinds if roles.intersection(kind.who)]


def entered_by_others(region: Region, user: User, teacher: Teacher) -> list[ClaimKind]:
    """The region's kinds for ``teacher`` that ``user`` may not claim but others enter (a school
    or a department claims for the teacher): what the teacher is told instead of a claim form,
    with each kind's clause."""
    mine = {kind.code for kind in claimable(region, user, teacher)}
    return [k for k in _for_teacher(region, teacher) if k.code not in mine]


def claim_teacher(user: User, teacher_id: int | None) -> Teacher | None:
    """The teacher a claim is for: the user's own record, or one they administer (``ADMIN_ROLES``):
    not a workshop's member to its leader, who follows members on the workshop's page (their
    claims, reasons and evidence files are the member's and their admins')."""
    own = teachers.own_record(user.id)
    if teacher_id is None or (own is not None and own.id == teacher_id):
        return own
    return teachers.visible_teacher(Scope.of(user, ADMIN_ROLES), teacher_id)


def claim(region: Region, user: User, teacher_id: int | None, data: ClaimInput) -> LedgerEntry:
    """The use case: a claim and its first entry, with its evidence, all or none."""
    with use_case(keep=True):
        teacher = claim_teacher(user, teacher_id)
        if teacher is None:
            raise ClaimRefused("not_found")
        kind = _kind(region, user, teacher, data.kind)
        try:
            read, missing = _read(data.uploads, required=True), None
        except ClaimRefused as refused:  # said with the form's other mistakes, all at once
            read, missing = [], refused
        checked = _checked(region, teacher, kind, data, missing)
        record = Claim(teacher_id=teacher.id, kind=kind.code, created_by_id=user.id)
        db.session.add(record)
        db.session.flush()
        entry = _enter(region, user, teacher, record, kind, data, checked)
        _attach(record, teacher, user, read)
        record_event(user, "claim.made", record, after={"kind": kind.code, "entry": entry.id,
                                                        "evidence": len(read)}, org_unit_id=teacher.school_id)
    return entry


def mistakes(region: Region, user: User, teacher_id: int | None, data: ClaimInput, required: bool = True) -> list[ClaimRefused]:
    """What ``claim`` would refuse in the claim's fields and files, all of it, writing nothing:
    for a form whose own checks failed, so that the service's are said with them."""
    teacher = claim_teacher(user, teacher_id)
    if teacher is None:
        return [ClaimRefused("not_found")]
    try:
        kind = _kind(region, user, teacher, data.kind)
        try:
            missing = None
            _read(data.uploads, required=required)
        except ClaimRefused as refused:
            missing = refused
        _checked(region, teacher, kind, data, missing)
    except ClaimRefused as refused:
        return [refused, *refused.more]
    finally:
        for upload in data.uploads:  # read again if the files are kept for the form's next sending
            if hasattr(upload.stream, "seek"):
                upload.stream.seek(0)
    return []


def correct(region: Region, user: User, entry_id: int, data: ClaimInput, reason: str = "") -> LedgerEntry:
    """The use case: a claim corrected while it waits (returned, or not yet decided): its
    entry reversed and a new one entered, which goes through the chain from its start;
    files added to its evidence. Refused once the entry counts or is final."""
    with use_case(keep=True):
        if not (reason or "").strip():
            raise ClaimRefused("reason")
        owner = db.session.scalar(select(LedgerEntry.teacher_id).where(LedgerEntry.id == entry_id))
        if owner is not None:
            lock_teacher(owner)  # two corrections sent at once: the second finds the entry reversed
        entry = _live_claim_entry(entry_id)
        if entry is None:
            raise ClaimRefused("not_found")
        teacher, record = entry.teacher, db.session.get(Claim, entry.claim_id)
        if claim_teacher(user, teacher.id) is None:
            raise ClaimRefused("not_found")
        kind = _kind(region, user, teacher, record.kind)
        if not correctable(region, entry):
            raise ClaimRefused("not_correctable")
        try:
            read, missing = _read(data.uploads, required=False), None
        except ClaimRefused as refused:
            read, missing = [], refused
        checked = _checked(region, teacher, kind, data, missing)
        ledger.reversal(entry, user, reason.strip()[:MAX_DETAILS])
        new = _enter(region, user, teacher, record, kind, data, checked, corrects=entry)
        _attach(record, teacher, user, read)
        record_event(user, "claim.corrected", record, before={"entry": entry.id},
                     after={"entry": new.id, "evidence": len(read)}, org_unit_id=teacher.school_id)
    return new


def lock_teacher(teacher_id: int) -> None:
    """Hold the teacher's row until the use case ends (PostgreSQL; SQLite's writer already
    holds the database): two requests changing one teacher's claims, appeals or borrowings at
    once run one after the other, and the second sees what the first did."""
    db.session.execute(select(Teacher.id).where(Teacher.id == teacher_id).with_for_update())


def correctable(region: Region, entry: LedgerEntry) -> bool:
    """An entry of a claim may be corrected while it neither counts nor is final."""
    state = region.audit_workflow().state(entry.audit_state)
    return entry.claim_id is not None and not state.final and not state.counts


def _kind(region: Region, user: User, teacher: Teacher, code: str) -> ClaimKind:
    kind = next((k for k in claimable(region, user, teacher) if k.code == code), None)
    if kind is None:
        raise not_for(region, teacher, code) or ClaimRefused("kind")
    return kind


def not_for(region: Region, teacher: Teacher, code: str) -> ClaimRefused | None:
    """Why the region's kind ``code`` is not for ``teacher`` by their facts (``ClaimKind.applies``),
    as the refusal ``not_for_teacher`` (``detail``: the kind): None when it is for them, or when
    the region has no such kind."""
    kind = region.claim_kind(code)
    if kind is None or kind.applies_to(teacher.facts(), clock.today()):
        return None
    return ClaimRefused("not_for_teacher", kind)


def _read(uploads: tuple[Upload, ...], required: bool) -> list[tuple[bytes, str, str]]:
    return files.read_uploads(uploads, required, ClaimRefused)


@dataclass(frozen=True)
class _Checked:
    """A claim's fields as checked, each alone (``_checked``)."""

    title: str
    level: object
    grade: object
    figure: Decimal | None


def level_asked(region: Region, kind: ClaimKind, on: date) -> bool:
    """Whether a claim of ``kind`` asks its level: not where the kind offers one level (carried),
    nor where its rules do not read it (``ClaimKind.asks_level`` False; None: where the region's
    rules read a level on ``on``, its activity fields listing ``level`` or it declaring none)."""
    if len(kind.offered_levels()) == 1 or kind.asks_level is False:
        return False
    if kind.asks_level:
        return True
    declared = region.activity_fields(on)
    return declared is None or "level" in {getattr(f, "name", f) for f in declared}


def _checked(region: Region, teacher: Teacher, kind: ClaimKind, data: ClaimInput,
             earlier: ClaimRefused | None = None) -> _Checked:
    """Each field checked on its own, every mistake found at once (``earlier``, the files'
    refusal, first): refused with the first, the others in its ``more``. A phone trial's
    teacher saw the files' refusal, then the date's, then the hours', one per sending."""
    found = [earlier] if earlier is not None else []
    title = (data.title or "").strip()
    if not title or len(title) > MAX_TITLE:
        found.append(ClaimRefused("title"))
    day = data.activity_date
    if day is None or day > clock.today() or day.year < FIRST_YEAR:
        found.append(ClaimRefused("date"))
        day = None
    if day is not None and data.start is not None and data.start > day:
        found.append(ClaimRefused("start"))
    if day is not None and teacher.entered_post is not None and day < teacher.entered_post:
        # Training is credited to a teacher in post (the teacher's facts say since when): what
        # they did before is no training of theirs as a teacher.
        found.append(ClaimRefused("before_post", teacher.entered_post))
    elif day is not None and day < (previous := previous_cycle(region, teacher)).start:
        # Training older than the cycle before this one counts nowhere (a trial's teacher claimed
        # a training of 2015 in the cycle 2022–2027 and was told it waits for review). The
        # previous cycle's stays claimable: a year's training is registered the next January or
        # school year, its cycle is judged on it, and uses look back across cycles (近五年).
        found.append(ClaimRefused("past_cycle", previous))
    levels = kind.offered_levels()
    if level_asked(region, kind, clock.today()):  # as the form asked it
        level = next((lv for lv in levels if lv.value == data.level), None)
        if level is None:  # none chosen (detail ""), or one the kind does not offer
            found.append(ClaimRefused("level", data.level))
    else:  # not asked: a kind of one level carries it; one whose rules do not read it records none
        level = levels[0] if len(levels) == 1 else None
    grade = None
    if data.grade:
        grade = next((g for g in kind.grades if g.value == data.grade), None)
        if grade is None:
            found.append(ClaimRefused("grade"))
    figure = None
    if kind.figure != FIXED:
        if data.figure is None or not data.figure.is_finite() or not Decimal(0) < data.figure <= MAX_AMOUNT:
            found.append(ClaimRefused("figure"))
        else:
            figure = data.figure.quantize(Decimal("0.01"))
            if kind.most is not None and figure > kind.most:
                found.append(ClaimRefused("most", (hours if kind.figure == HOURS else credits)(kind.most)))
            elif day is not None and (data.start is None or data.start <= day) and (beyond := _per_day(kind, figure, data)) is not None:
                found.append(beyond)
    if found:
        first = found[0]
        first.more = tuple(found[1:])
        raise first
    return _Checked(title, level, grade, figure)


def _enter(region: Region, user: User, teacher: Teacher, record: Claim, kind: ClaimKind, data: ClaimInput,
           checked: _Checked, corrects: LedgerEntry | None = None) -> LedgerEntry:
    title, figure = checked.title, checked.figure
    _check_once(region, teacher, kind, title, data.activity_date)
    activity = kind.activity(checked.level, figure, data.activity_date, data.start, checked.grade)
    try:
        result = region.convert(activity, on=data.activity_date)
    except InvalidInput as refusal:
        raise ClaimRefused("rules", refusal.message) from None
    if (cycle := ledger.beyond_cycle(region, result.amount, result.unit, data.activity_date)) is not None:
        raise ClaimRefused("beyond_cycle", cycle)
    details = (data.details or "").strip()[:MAX_DETAILS]
    return ledger.claimed(region, user, teacher, record, kind, activity, result, title, details, corrects)


def _per_day(kind: ClaimKind, figure: Decimal, data: ClaimInput) -> ClaimRefused | None:
    """Hours claimed for a centralized training fit in its days (``ledger.beyond_days``). Online
    and school-based hours are spread over weeks the claim does not date. The form asks the first
    day of a training of several days only: a claim without one took its last day alone (a new
    teacher's 5000 hours of probation training on one day, its first day left blank, went to the
    school while 60 on one day with the first day given was refused)."""
    if kind.figure != HOURS or kind.mode != Mode.CENTRALIZED:
        return None
    if (beyond := ledger.beyond_days(figure, data.start or data.activity_date, data.activity_date)) is not None:
        return ClaimRefused("per_day", *beyond)
    return None


def _check_once(region: Region, teacher: Teacher, kind: ClaimKind, title: str, day: date) -> None:
    """The same claim (kind, title and date) is made once while it stands: counted, or still on
    its way through the audit (one refused for good may be claimed again, with better evidence)."""
    workflow = region.audit_workflow()
    over = [s.code for s in workflow.states if s.final and not s.counts]
    same = db.session.scalar(
        select(LedgerEntry.title).join(Claim, Claim.id == LedgerEntry.claim_id)
        .where(LedgerEntry.teacher_id == teacher.id, Claim.kind == kind.code, LedgerEntry.title == title,
               LedgerEntry.activity_date == day, LedgerEntry.audit_state.not_in(over), ledger.live()).limit(1))
    if same is not None:
        raise ClaimRefused("same_claim", same)


def _attach(record: Claim, teacher: Teacher, user: User, read: list[tuple[bytes, str, str]]) -> None:
    seen = set()
    for data, content_type, filename in read:
        digest = hashlib.sha256(data).hexdigest()
        if digest in seen:
            continue  # the same file chosen twice in one form
        seen.add(digest)
        earlier = db.session.scalar(select(Evidence).where(Evidence.teacher_id == teacher.id, Evidence.digest == digest))
        if earlier is not None:
            raise ClaimRefused("duplicate", _claim_title(earlier.claim_id), filename)
        stored = files.write(data, content_type, filename)
        db.session.add(Evidence(claim_id=record.id, teacher_id=teacher.id, digest=stored.digest,
                                stored_as=stored.stored_as, content_type=stored.content_type, size=stored.size,
                                filename=stored.filename, created_by_id=user.id))
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:  # the same file sent at the same moment in two requests
        raise ClaimRefused("duplicate", "", "") from None


def _claim_title(claim_id: int) -> str:
    return db.session.scalar(select(LedgerEntry.title).where(LedgerEntry.claim_id == claim_id)
                             .order_by(LedgerEntry.id.desc()).limit(1)) or ""


def _live_claim_entry(entry_id: int) -> LedgerEntry | None:
    return db.session.scalar(select(LedgerEntry).where(LedgerEntry.id == entry_id, LedgerEntry.claim_id.is_not(None),
                                                       ledger.live()))


def evidence_of(claim_ids) -> dict[int, tuple[Evidence, ...]]:
    """Each claim's evidence, in one query."""
    ids = set(claim_ids) - {None}
    if not ids:
        return {}
    found = defaultdict(list)
    for item in db.session.scalars(select(Evidence).where(Evidence.claim_id.in_(ids)).order_by(Evidence.id)):
        found[item.claim_id].append(item)
    return {claim_id: tuple(items) for claim_id, items in found.items()}


def claims_page(region: Region, user: User, teacher: Teacher, page: int, per_page: int) -> Page:
    """A teacher's claims, newest first, each as its current entry with its evidence."""
    condition = (LedgerEntry.teacher_id == teacher.id, LedgerEntry.claim_id.is_not(None), ledger.live())
    total = db.session.scalar(select(db.func.count(LedgerEntry.id)).where(*condition))
    page = clamp(page, total, per_page)
    entries = db.session.scalars(select(LedgerEntry).where(*condition).order_by(LedgerEntry.id.desc())
                                 .limit(per_page).offset((page - 1) * per_page)).all()
    kinds = {k.code: k for k in region.claim_kinds()}
    codes = dict(db.session.execute(select(Claim.id, Claim.kind).where(Claim.id.in_({e.claim_id for e in entries}))).all())
    evidence = evidence_of(e.claim_id for e in entries)
    may = {k.code for k in claimable(region, user, teacher)}
    reasons = reviews.reasons_given(e.id for e in entries)
    undecided = region.audit_workflow().undecided()
    return Page([ClaimRow(e, kinds.get(codes.get(e.claim_id)), evidence.get(e.claim_id, ()),
                          codes.get(e.claim_id) in may and correctable(region, e), reasons.get(e.id, ""),
                          appealable(e.audit_state, undecided))
                 for e in entries], page, per_page, total)


def claim_row(region: Region, user: User, entry_id: int) -> ClaimRow | None:
    """One claim's current entry, for its correction form, if this user may correct it."""
    entry = _live_claim_entry(entry_id)
    if entry is None or claim_teacher(user, entry.teacher_id) is None:
        return None
    code = db.session.scalar(select(Claim.kind).where(Claim.id == entry.claim_id))
    kinds = {k.code: k for k in claimable(region, user, entry.teacher)}
    return ClaimRow(entry, kinds.get(code), evidence_of([entry.claim_id]).get(entry.claim_id, ()),
                    code in kinds and correctable(region, entry), reviews.reasons_given([entry.id]).get(entry.id, ""))


def evidence_file(user: User, evidence_id: int) -> Evidence | None:
    """An evidence file, if ``user`` may see its claim: the teacher, or whoever may read the
    teacher's record as an admin (their school's and bureau's, who audit it)."""
    item = db.session.get(Evidence, evidence_id)
    if item is None:
        return None
    teacher = db.session.get(Teacher, item.teacher_id)
    if teacher.user_id == user.id or Scope.of(user, ADMIN_ROLES).covers_teacher(teacher):
        return item
    return None


def previous_cycle(region: Region, teacher: Teacher) -> Period:
    """The cycle before the teacher's current one (the region's, for this teacher)."""
    current = region.cycle(clock.today(), teacher.facts())
    return region.cycle(current.start - timedelta(days=1), teacher.facts())
