"""Appeals (申诉): a teacher contests an entry, a missing entry or a standing, within the
region's window, with files; the level the region names answers, once, with a reason. An
upheld appeal changes the ledger by reversal and new entry; the teacher reads the outcome."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager

from .. import clock
from ..domain import ADMIN_ROLES, CreditResult, Step, Unit
from ..domain.activity import FIRST_YEAR
from ..domain.activity import MAX_AMOUNT
from ..domain.appeals import ENTRY, MISSING, STANDING, SUBJECTS, AppealPolicy, appealable
from ..domain.text import Messages, Quantity
from ..extensions import db
from ..models import Appeal, AppealFile, LedgerEntry, OrgUnit, Teacher, User
from ..models.types import utcnow
from ..plugins import Region
from . import evidence as files
from . import ledger, reviews, teachers
from .audit import record_event
from .notifications import nearest_holders, notify
from .claims import MAX_TITLE, ClaimRefused, Upload, _read, lock_teacher
from .pagination import Page, clamp
from .scope import Scope, ancestors
from .transactions import use_case

_ = Messages("messages", "portal")
MAX_STATEMENT = 2000
MAX_ANSWER = 1000
UPHELD, DISMISSED, OPEN = "upheld", "dismissed", "open"


class AppealRefused(Exception):
    """``code``: "not_found", "subject", "statement" (missing or too long), "date" (a day in
    the future or missing), "entry" (not one the teacher may contest: a reversal, or one
    already reversed), "undecided" (its audit has not decided on it yet: an appeal contests a
    decision, ``appealable``), "pending" (an appeal about this entry waits for its answer), "repeated" (the same appeal
    about a missing entry or a year, sent again, waits for its answer),
    "window" (closed: ``detail`` is the last day, ``source`` the clause), "files" and
    "evidence" (as a claim's), "outcome", "reason", "amount", "category", "title",
    "decided" (answered already), "strike_or_amount" (an upheld appeal on an entry gives the
    amount it should have, or cancels it: one of the two, said), "beyond_cycle" (an amount
    beyond the cycle's whole duty: ``detail`` is that duty)."""

    def __init__(self, code: str, detail: object = "", source: str = "", reason: str = ""):
        super().__init__(code)
        self.code, self.detail, self.source, self.reason = code, detail, source, reason


@dataclass(frozen=True)
class AppealInput:
    subject: str
    statement: str
    entry_id: int | None = None
    day: date | None = None  # the missing activity's date, or a day of the contested year
    uploads: tuple[Upload, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Outcome:
    """The answer: upheld or dismissed, with a reason; an upheld appeal may credit ``amount``
    (in ``category``, titled ``title``, dated ``day``: for a missing entry), or for an entry
    the amount it should have had, or cancel it (``strike``): one of the two, never by an
    amount left empty."""

    outcome: str
    reason: str
    amount: Decimal | None = None
    category: str = ""
    title: str = ""
    day: date | None = None
    strike: bool = False


def own_teacher(user: User) -> Teacher | None:
    return teachers.own_record(user.id)


def _live_entry(teacher: Teacher, entry_id: int | None) -> LedgerEntry | None:
    return db.session.scalar(select(LedgerEntry).where(
        LedgerEntry.id == entry_id, LedgerEntry.teacher_id == teacher.id, ledger.live()))


def matter_date(region: Region, teacher: Teacher, subject: str, entry: LedgerEntry | None, day: date | None) -> date:
    """The day an appeal's window runs from: an entry's registration as it stands (the last
    decision of its audit, else the day it was entered: a credit registered at the school
    year's end is contested from then, not from the day its training was recorded), a missing
    activity's date, the end of the contested year."""
    if subject == ENTRY:
        return clock.day_of(reviews.last_decided(entry) or entry.created_at)
    if subject == MISSING:
        return day
    return region.year(day, teacher.facts()).end


def window(region: Region, teacher: Teacher, subject: str, entry: LedgerEntry | None,
           day: date | None) -> tuple[AppealPolicy, date | None]:
    """The region's policy and the last day of this appeal's window (None: no limit). A missing
    activity's window runs from its year's end where the region registers a year's activities then
    (``AppealPolicy.missing_from_year_end``); the appeal still names the activity's own date."""
    policy = region.appeal_policy()
    matter = matter_date(region, teacher, subject, entry, day)
    if subject == MISSING and policy.missing_from_year_end and day is not None:
        matter = region.year(day, teacher.facts()).end
    return policy, policy.closes(matter)


def appeal(region: Region, user: User, data: AppealInput, today: date | None = None) -> Appeal:
    """The use case: the teacher's appeal with its files, all or none; refused when its
    window has closed, saying until when it was open and by which clause."""
    today = today or clock.today()
    with use_case(keep=True):
        teacher = own_teacher(user)
        if teacher is None:
            raise AppealRefused("not_found")
        lock_teacher(teacher.id)  # an appeal sent twice at once is made once
        if data.subject not in SUBJECTS:
            raise AppealRefused("subject")
        statement = (data.statement or "").strip()
        if not statement or len(statement) > MAX_STATEMENT:
            raise AppealRefused("statement")
        entry = None
        if data.subject == ENTRY:
            entry = _live_entry(teacher, data.entry_id)
            if entry is None:
                raise AppealRefused("entry")
            if not appealable(entry.audit_state, region.audit_workflow().undecided()):
                raise AppealRefused("undecided")
            if db.session.scalar(select(Appeal.id).where(Appeal.entry_id == entry.id, Appeal.state == OPEN)):
                raise AppealRefused("pending")
        elif data.day is None or data.day > today or data.day.year < FIRST_YEAR:
            raise AppealRefused("date")
        elif db.session.scalar(select(Appeal.id).where(  # the same appeal sent again
                Appeal.teacher_id == teacher.id, Appeal.subject == data.subject, Appeal.state == OPEN,
                Appeal.matter_date == matter_date(region, teacher, data.subject, None, data.day),
                Appeal.statement == statement)):
            raise AppealRefused("repeated")
        policy, closes = window(region, teacher, data.subject, entry, data.day)
        if closes is not None and today > closes:
            raise AppealRefused("window", closes, policy.source)
        try:
            read = _read(data.uploads, required=policy.evidence)
        except ClaimRefused as refused:
            raise AppealRefused(refused.code, refused.detail, reason=refused.reason) from None
        record = Appeal(teacher_id=teacher.id, subject=data.subject, entry_id=entry.id if entry else None,
                        matter_date=matter_date(region, teacher, data.subject, entry, data.day),
                        statement=statement, state=OPEN, answer="", created_by_id=user.id)
        db.session.add(record)
        db.session.flush()
        for content, content_type, filename in read:
            stored = files.write(content, content_type, filename)
            db.session.add(AppealFile(appeal_id=record.id, stored_as=stored.stored_as, digest=stored.digest,
                                      content_type=stored.content_type, size=stored.size, filename=stored.filename))
        record_event(user, "appeal.made", record, after={"subject": data.subject, "entry": record.entry_id,
                                                         "files": len(read)}, org_unit_id=teacher.school_id)
        answering = [u for u in nearest_holders([policy.answered_by], ancestors(teacher.school.path)) if u != user.id]
        if answering:  # whoever answers is told it waits for them, as the teacher is told the answer
            notify(answering, record, _("{teacher} appeals and waits for your answer: {statement}",
                                        teacher=teacher.name, statement=_shortened(statement)), f"/appeals/{record.id}")
    return record


def _shortened(text: str, most: int = 60) -> str:
    return text if len(text) <= most else text[:most - 1] + "…"


def answers(region: Region, user: User, record: Appeal) -> bool:
    """Whether ``user`` answers this appeal: the region's level, over the teacher's school;
    never the teacher themself, whatever else they are."""
    role = region.appeal_policy().answered_by
    return (record.teacher.user_id != user.id and user.has_role(role)
            and Scope.of(user, [role]).covers_teacher(record.teacher))


def answer(region: Region, user: User, appeal_id: int, outcome: Outcome, today: date | None = None) -> Appeal:
    """The use case: the appeal answered once, with a reason. Upheld about an entry: the
    entry reversed, and where an amount is given a corrected entry in its place; upheld about
    a missing entry: the credits entered. Entries an appeal enters are the answering level's
    finding, in the state its own step of the audit would take them to (``Workflow.found_by``):
    counted at once where that level's step counts, else on to the levels that audit after it."""
    today = today or clock.today()
    with use_case(keep=True):
        record = db.session.get(Appeal, appeal_id, with_for_update=True)  # answered once, even by two at once
        if record is None or not answers(region, user, record):
            raise AppealRefused("not_found")
        lock_teacher(record.teacher_id)  # a re-conversion of this teacher's entries meanwhile waits, and is seen
        if record.state != OPEN:
            raise AppealRefused("decided")
        reason = (outcome.reason or "").strip()
        if outcome.outcome not in (UPHELD, DISMISSED):
            raise AppealRefused("outcome")
        if not reason or len(reason) > MAX_ANSWER:
            raise AppealRefused("reason")
        new = None
        if outcome.outcome == UPHELD:
            new = _uphold(region, user, record, outcome, reason, today)
        record.state, record.answer = outcome.outcome, reason
        record.answered_by_id, record.answered_at = user.id, utcnow()
        record.outcome_entry_id = new.id if new is not None else None
        record_event(user, "appeal.answered", record, before={"state": OPEN},
                     after={"state": outcome.outcome, "reason": reason, "entry": record.outcome_entry_id},
                     org_unit_id=record.teacher.school_id)
        if record.teacher.user_id:
            told = _told(record, outcome, new, reason, region.audit_workflow().counting())
            notify([record.teacher.user_id], record, told, f"/appeals/{record.id}")
    return record


def _told(record: Appeal, outcome: Outcome, new: LedgerEntry | None, reason: str, counting: frozenset[str]):
    """What the teacher is told of the answer: the decision, what the ledger got, and why."""
    if outcome.outcome != UPHELD:
        return _("Your appeal is dismissed: {reason}", reason=reason)
    if new is not None and new.audit_state in counting:
        return _("Your appeal is upheld: the ledger now holds {amount} for “{title}”. {reason}",
                 amount=Quantity(new.amount, new.unit), title=new.title, reason=reason)
    if new is not None:
        return _("Your appeal is upheld: {amount} for “{title}” is entered in the ledger and goes on to its audit. "
                 "{reason}", amount=Quantity(new.amount, new.unit), title=new.title, reason=reason)
    if record.subject == ENTRY:
        return _("Your appeal is upheld: the contested entry is cancelled. {reason}", reason=reason)
    return _("Your appeal is upheld: {reason}", reason=reason)


def outcome_said(region: Region, record: Appeal):
    """What an upheld appeal's entry is now, in words: counted, or where it waits in its audit
    (a trial's teacher read only 予以支持 while the entry waited for the district's audit)."""
    if record.outcome_entry_id is None:
        return None
    entry = db.session.get(LedgerEntry, record.outcome_entry_id)
    workflow = region.audit_workflow()
    known = {s.code for s in workflow.states}
    state = workflow.state(entry.audit_state).label if entry.audit_state in known else entry.audit_state
    amount = Quantity(entry.amount, entry.unit)
    if entry.audit_state in workflow.counting():
        return _("The ledger holds {amount} for “{title}” ({state}).", amount=amount, title=entry.title, state=state)
    return _("{amount} for “{title}” is in the ledger ({state}): it counts once its audit passes.",
             amount=amount, title=entry.title, state=state)


def contested(record: Appeal) -> LedgerEntry | None:
    """The entry an appeal contests, as it was contested (reversed since, if upheld)."""
    return db.session.get(LedgerEntry, record.entry_id) if record.entry_id is not None else None


def _uphold(region: Region, user: User, record: Appeal, outcome: Outcome, reason: str, today: date) -> LedgerEntry | None:
    amount = outcome.amount
    if amount is not None and not (amount.is_finite() and Decimal(0) <= amount <= MAX_AMOUNT):
        raise AppealRefused("amount")
    if record.subject == ENTRY:
        if outcome.strike == (amount is not None):
            raise AppealRefused("strike_or_amount")
        contested = _live_entry(record.teacher, record.entry_id)
        if contested is None:
            raise AppealRefused("entry")
        ledger.reversal(contested, user, reason)
        if outcome.strike:
            return None
        return _enter(region, user, record, amount, contested.category, contested.title, contested.activity_date,
                      reason, corrects=contested, unit=Unit(contested.unit))
    if record.subject == STANDING and amount is None:
        return None  # the standing is answered in words: nothing in the ledger was wrong
    if not amount:
        raise AppealRefused("amount")
    if outcome.category not in {c.code for c in region.credited_categories()}:
        raise AppealRefused("category")  # a credit bank's borrowing is the ledger's own, never a credit granted
    title = (outcome.title or "").strip()
    if not title or len(title) > MAX_TITLE:
        raise AppealRefused("title")
    day = outcome.day or record.matter_date
    if day > today or day.year < FIRST_YEAR:
        raise AppealRefused("date")
    # a category kept in another unit (a probation training's hours) keeps the entry in it: a trial's county
    # upheld a missing probation training of 30 学时, and the ledger read 30 学分
    unit = next((c.unit for c in region.credited_categories() if c.code == outcome.category), None)
    return _enter(region, user, record, amount, outcome.category, title, day, reason, unit=unit)


def _enter(region: Region, user: User, record: Appeal, amount: Decimal, category: str, title: str, day: date,
           reason: str, corrects: LedgerEntry | None = None, unit: Unit | None = None) -> LedgerEntry:
    """The entry an upheld appeal credits, in the contested entry's unit (hours stay hours)
    or the region's."""
    if (cycle := ledger.beyond_cycle(region, amount, unit or region.info.unit, day)) is not None:
        raise AppealRefused("beyond_cycle", cycle)
    policy, workflow = region.appeal_policy(), region.audit_workflow()
    result = CreditResult(amount.quantize(Decimal("0.01")), unit or region.info.unit, category,
                          (Step(_("Credited on appeal: {reason}", reason=reason), amount, policy.source,
                                policy.settings),),
                          region.rule_version(day).code)
    return ledger.appealed(user, record, result, title, day, workflow.found_by(policy.answered_by), corrects)


def _visible(user: User):
    """SQL: the appeals ``user`` may read: their own, and those of the teachers their admin
    roles cover."""
    scope = Scope.of(user, ADMIN_ROLES)
    return (Teacher.user_id == user.id) | scope.teacher_condition(OrgUnit.path)


def appeals_page(region: Region, user: User, page: int, per_page: int, waiting: bool = False) -> Page:
    """Appeals the user may read, newest first; ``waiting``: those open that they answer."""
    query = (select(Appeal).join(Teacher, Appeal.teacher_id == Teacher.id).join(OrgUnit, Teacher.school_id == OrgUnit.id))
    if waiting:
        role = region.appeal_policy().answered_by
        if not user.has_role(role):
            return Page([], 1, per_page, 0)
        query = query.where(Appeal.state == OPEN, Scope.of(user, [role]).teacher_condition(OrgUnit.path))
    else:
        query = query.where(_visible(user))
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    page = clamp(page, total, per_page)
    items = db.session.scalars(query.options(contains_eager(Appeal.teacher)).order_by(Appeal.created_at.desc(), Appeal.id.desc())
                               .limit(per_page).offset((page - 1) * per_page)).all()
    return Page(items, page, per_page, total)


def appeal_for(user: User, appeal_id: int) -> Appeal | None:
    record = db.session.get(Appeal, appeal_id)
    if record is None:
        return None
    if record.teacher.user_id == user.id or Scope.of(user, ADMIN_ROLES).covers_teacher(record.teacher):
        return record
    return None


def appeal_file(user: User, file_id: int) -> AppealFile | None:
    item = db.session.get(AppealFile, file_id)
    if item is None or appeal_for(user, item.appeal_id) is None:
        return None
    return item


def contestable_entry(user: User, entry_id: int | None) -> LedgerEntry | None:
    teacher = own_teacher(user)
    return _live_entry(teacher, entry_id) if teacher is not None and entry_id else None


def decided(region: Region, entry: LedgerEntry) -> bool:
    """Whether the audit has decided on this standing entry, so it may be appealed (``appealable``)."""
    return appealable(entry.audit_state, region.audit_workflow().undecided())

