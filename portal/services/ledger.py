"""The append-only credit ledger: entering conversions, reversing, and summing in SQL."""
from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Sequence
from datetime import date
from decimal import Decimal
from functools import lru_cache

from flask import current_app
from sqlalchemy import Date, Integer, Select, Text, and_, any_, bindparam, cast, exists, false, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import aliased

from ..domain import (
    Activity, ActivityRole, CreditResult, Grade, LedgerSource, Level, Mode, Record, Unit,
)
from ..domain.results import json_value
from ..domain.text import Quantity
from ..extensions import db
from ..models import Enrollment, LedgerEntry, OrgUnit, TrainingProject, User
from ..models.ledger import LedgerExplanation, check_audit_state
from ..plugins import Region
from .audit import record_event
from .pagination import Page, clamp
from .transactions import use_case, writing


def activity_for(enrollment: Enrollment) -> Activity:
    """The activity an enrollment stands for, as the region's rules take it."""
    project = enrollment.project
    return Activity(
        level=Level(project.level),
        mode=Mode(project.mode),
        hours=enrollment.attended_hours if enrollment.attended_hours is not None else project.hours,
        days=(project.end_date - project.start_date).days + 1,
        start=project.start_date,
        end=project.end_date,
        grade=Grade(enrollment.grade) if enrollment.grade else None,
        role=ActivityRole(enrollment.role),
        program=project.program,
        service_year=enrollment.service_year,
        topics=tuple(project.topics or ()),
        base_credits=project.base_credits,
        scores={k: Decimal(str(v)) for k, v in (enrollment.scores or {}).items()},
        weights={k: Decimal(str(v)) for k, v in (project.assessment_weights or {}).items()},
        planned_hours=project.hours,
    )


def register_completion(region: Region, enrollment: Enrollment, actor: User | None, audit_state: str | None = None) -> LedgerEntry:
    """Convert a completed enrollment with the region's rules and enter it in the ledger,
    waiting in the first state of the region's audit workflow unless told another state it
    declares (``AuditStateRefused`` otherwise). A building block of ``record_completion``:
    adds the entry and its audit event; the caller commits."""
    writing()
    workflow = region.audit_workflow()
    audit_state = audit_state or workflow.initial
    check_audit_state(workflow, None, audit_state)
    project = enrollment.project
    activity = activity_for(enrollment)
    result = region.convert(activity, on=project.end_date)
    entry = _entry(
        teacher_id=enrollment.teacher_id,
        source=LedgerSource.ENROLLMENT,
        enrollment_id=enrollment.id,
        activity_date=project.end_date,
        hours=activity.hours,
        title=project.name,
        facts=activity.as_json(),
        result=result,
        audit_state=audit_state,
        actor=actor,
    )
    record_event(actor, "ledger.entered", entry, after={"amount": str(entry.amount), "state": entry.audit_state},
                 org_unit_id=enrollment.teacher.school_id)
    return entry


def reconverted(entry: LedgerEntry, enrollment: Enrollment, result: CreditResult,
                actor: User | None, reason: str) -> LedgerEntry:
    """Re-enter an enrollment's standing ``entry`` as the rules in force convert it now
    (``result``): the entry reversed, and the new one correcting it, in the audit state the
    old one had reached (the training was audited; only the rules changed). A building
    block of ``services.reconversion``: the caller commits."""
    reversal(entry, actor, reason)
    activity = activity_for(enrollment)
    made = _entry(
        teacher_id=entry.teacher_id,
        source=LedgerSource.ENROLLMENT,
        enrollment_id=enrollment.id,
        corrects_id=entry.id,
        activity_date=entry.activity_date,
        hours=activity.hours,
        title=entry.title,
        facts=activity.as_json(),
        result=result,
        audit_state=entry.audit_state,
        actor=actor,
    )
    record_event(actor, "ledger.reconverted", made,
                 before={"entry": entry.id, "amount": str(entry.amount), "unit": entry.unit,
                         "category": entry.category, "rule_version": entry.rule_version},
                 after={"amount": str(made.amount), "unit": made.unit, "category": made.category,
                        "rule_version": made.rule_version, "reason": reason},
                 org_unit_id=enrollment.teacher.school_id)
    return made


def beyond_cycle(region: Region, amount: Decimal, unit: Unit, day: date) -> Quantity | None:
    """The cycle's whole duty on ``day`` when one entry's ``amount`` exceeds it, else None: a
    claim or an appeal's credit worth more than all a cycle asks is a mistyped figure (a
    trial's teacher claimed 99,999 credits for one training, and a single tap approved them).
    Compared only where the entry counts in the duty's unit."""
    asked = region.requirements(day)
    if asked.cycle is not None and unit == asked.unit and amount > asked.cycle:
        return Quantity(asked.cycle, asked.unit)
    return None


def beyond_days(hours: Decimal, start: date, end: date) -> tuple[int, int] | None:
    """(hours a day, days) when a centralized training's ``hours`` do not fit in its days at
    the portal's most a day (``PORTAL_CLAIM_HOURS_PER_DAY``: no document gives one; 40 hours in
    one day is a typing mistake), else None. A claim's and a project's alike."""
    days, per_day = (end - start).days + 1, current_app.config["PORTAL_CLAIM_HOURS_PER_DAY"]
    return (per_day, days) if hours > per_day * days else None


def claimed(region: Region, actor: User, teacher, record, kind, activity: Activity, result: CreditResult, title: str,
            details: str, corrects: LedgerEntry | None = None) -> LedgerEntry:
    """Enter a claim (``Claim`` of a ``ClaimKind``) as the region's rules converted it, in the
    audit workflow's first state; ``corrects`` the entry it replaces, already reversed. A
    building block of ``services.claims``: the caller commits."""
    entry = _entry(
        teacher_id=teacher.id,
        source=kind.ledger_source.value,
        claim_id=record.id,
        corrects_id=corrects.id if corrects is not None else None,
        activity_date=activity.end,
        hours=activity.hours if activity.hours else None,
        title=title,
        facts={**activity.as_json(), "claim": kind.code, **({"details": details} if details else {})},
        result=result,
        audit_state=region.audit_workflow().initial,
        actor=actor,
    )
    record_event(actor, "ledger.entered", entry, after={"amount": str(entry.amount), "state": entry.audit_state},
                 org_unit_id=teacher.school_id)
    return entry


def appealed(actor: User, record, result: CreditResult, title: str, day: date, audit_state: str,
             corrects: LedgerEntry | None = None) -> LedgerEntry:
    """Enter what an upheld appeal (``Appeal``) credits, in ``audit_state``; ``corrects`` the
    contested entry, already reversed. A building block of ``services.appeals``."""
    entry = _entry(
        teacher_id=record.teacher_id,
        source=LedgerSource.APPEAL.value,
        enrollment_id=corrects.enrollment_id if corrects is not None else None,
        claim_id=corrects.claim_id if corrects is not None else None,
        corrects_id=corrects.id if corrects is not None else None,
        activity_date=day,
        hours=_hours_kept(corrects, result),
        title=title,
        facts={**(dict(corrects.facts or {}) if corrects is not None else {}), "appeal": record.id},
        result=result,
        audit_state=audit_state,
        actor=actor,
    )
    record_event(actor, "ledger.entered", entry, after={"amount": str(entry.amount), "state": entry.audit_state,
                                                        "appeal": record.id})
    return entry


def _hours_kept(corrects: LedgerEntry | None, result: CreditResult) -> Decimal | None:
    """The activity's hours on an upheld appeal's entry: the contested entry's, since the appeal
    decided what it credits, not how long the training was (a trial's transcript lost 16 hours
    of a training whose credits were corrected); where the entry counts hours themselves, the
    hours credited now."""
    if corrects is None:
        return None
    return result.amount if result.unit == Unit.HOUR and corrects.hours == corrects.amount else corrects.hours


def borrowed(region: Region, actor: User, teacher, result: CreditResult, year, day: date, title: str) -> LedgerEntry:
    """Enter a borrowing from the credit bank for ``year``'s shortfall, as the region's rules
    worked it out, in the audit workflow's first state. A building block of ``services.bank``."""
    return _entry(
        teacher_id=teacher.id,
        source=LedgerSource.BORROWING.value,
        activity_date=day,
        hours=None,
        title=title,
        facts={"borrowing": {"start": year.start.isoformat(), "end": year.end.isoformat()}},
        result=result,
        audit_state=region.audit_workflow().initial,
        actor=actor,
    )


def transferred(actor: User, teacher, entry, result: CreditResult, transfer_id: int, audit_state: str) -> LedgerEntry:
    """Enter an entry brought from another region (a ``TransferredEntry``) as this region
    recognised it, in ``audit_state``, its origin in its facts. A building block of
    ``services.transfers``: the caller commits."""
    activity = entry.activity.as_json() if entry.activity is not None else {}
    made = _entry(
        teacher_id=teacher.id,
        source=LedgerSource.TRANSFER.value,
        activity_date=entry.day,
        hours=entry.activity.hours if entry.activity is not None and entry.activity.hours else None,
        title=entry.title,
        facts={**activity, "transfer": transfer_id,
               "origin": {"issuer": entry.issuer, "entry": entry.origin, "amount": str(entry.amount),
                          "unit": entry.unit.value, "category": entry.category_label}},
        result=result,
        audit_state=audit_state,
        actor=actor,
    )
    record_event(actor, "ledger.entered", made, after={"amount": str(made.amount), "state": made.audit_state,
                                                       "transfer": transfer_id}, org_unit_id=teacher.school_id)
    return made


def entry_of(enrollment: Enrollment) -> LedgerEntry | None:
    """The enrollment's standing entry: entered for it, not reversed."""
    return db.session.scalar(
        select(LedgerEntry).where(LedgerEntry.enrollment_id == enrollment.id, live()).order_by(LedgerEntry.id.desc()))


def explanation_digest(steps: list[dict]) -> str:
    """SHA-256 of the steps as canonical JSON: the same steps, however their keys were
    ordered, have the same digest."""
    canonical = json.dumps(steps, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def explanation_for(steps: list[dict]) -> int:
    """The id of the kept explanation with these steps, added if it is new. Two writers
    adding the same new steps at once both get the one row (INSERT ... ON CONFLICT DO
    NOTHING waits for the other and then finds it)."""
    digest = explanation_digest(steps)
    found = select(LedgerExplanation.id).where(LedgerExplanation.digest == digest)
    explanation_id = db.session.scalar(found)
    if explanation_id is None:
        dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
        db.session.execute(dialect.insert(LedgerExplanation).values(digest=digest, steps=steps)
                           .on_conflict_do_nothing(index_elements=["digest"]))
        explanation_id = db.session.scalar(found)
    return explanation_id


def _entry(*, result: CreditResult, actor: User | None, **columns) -> LedgerEntry:
    entry = LedgerEntry(
        amount=result.amount,
        unit=result.unit.value,
        category=result.category,
        explanation_id=explanation_for([s.as_data() for s in result.steps]),
        rule_version=result.rule_version,
        created_by_id=actor.id if actor else None,
        **columns,
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def reverse(entry: LedgerEntry, actor: User, reason: str) -> LedgerEntry:
    """The use case: cancel an entry by appending its opposite, in one transaction; the
    original is never edited."""
    with use_case():
        return reversal(entry, actor, reason)


def reversal(entry: LedgerEntry, actor: User | None, reason: str) -> LedgerEntry:
    """Append the entry's opposite (``actor`` None: a command run by the operator). A
    building block: the caller commits."""
    cancelling = LedgerEntry(
        teacher_id=entry.teacher_id,
        source=entry.source,
        enrollment_id=entry.enrollment_id,
        claim_id=entry.claim_id,
        activity_date=entry.activity_date,
        hours=-entry.hours if entry.hours is not None else None,
        amount=-entry.amount,
        unit=entry.unit,
        category=entry.category,
        title=entry.title,
        facts={"reason": reason},
        # its figure as every explanation keeps one (json_value: 12, not the column's "12.00")
        explanation_id=explanation_for([{"text": reason, "value": json_value(-entry.amount), "source": ""}]),
        rule_version=entry.rule_version,
        audit_state=entry.audit_state,
        reverses_id=entry.id,
        created_by_id=actor.id if actor else None,
    )
    db.session.add(cancelling)
    db.session.flush()
    record_event(actor, "ledger.reversed", entry, after={"reversal": cancelling.id, "reason": reason},
                 org_unit_id=entry.teacher.school_id)
    return cancelling


@lru_cache(maxsize=1)
def live():
    """SQL condition for an entry that stands: neither a reversal nor reversed by one. Built
    once: aliasing the entries' table anew took a third of the duties page."""
    reversal = aliased(LedgerEntry)
    return and_(LedgerEntry.reverses_id.is_(None), ~exists().where(reversal.reverses_id == LedgerEntry.id))


def counted(states: frozenset[str]):
    """SQL condition for entries that count: in a counting audit state, and standing."""
    return and_(LedgerEntry.audit_state.in_(states), live())


def program_of():
    """SQL for the program an entry's activity named (its ``facts``), NULL when none."""
    return LedgerEntry.facts["program"].as_string()


LISTED = 1000  # ids bound one by one up to this many: the planner then knows how many


def _among(column, ids: Collection[int]):
    """``column`` is one of ``ids``. Beyond ``LISTED`` ids, bound as one parameter however
    many there are: an IN list takes one per id, and PostgreSQL refuses more than 65,535,
    SQLite 32,766."""
    if len(ids) <= LISTED:
        return column.in_(ids)
    if db.engine.dialect.name == "postgresql":
        return column == any_(bindparam(None, list(ids), type_=postgresql.ARRAY(Integer)))
    listed = func.json_each(json.dumps(list(ids))).table_valued("value")
    return column.in_(select(listed.c.value))


def records_by_teacher(teacher_ids: Sequence[int], states: frozenset[str],
                       until: date | None = None) -> dict[int, list[Record]]:
    """The counted entries of several teachers, however many, as the rules take them, in
    one query that reads only the columns rules need, as plain rows: no ORM objects to
    build and track (the bulk refresh reads millions), no explanations."""
    query = (select(LedgerEntry.teacher_id, LedgerEntry.activity_date, LedgerEntry.amount, LedgerEntry.unit,
                    LedgerEntry.category, LedgerEntry.source, LedgerEntry.hours, LedgerEntry.facts)
             .where(_among(LedgerEntry.teacher_id, teacher_ids), counted(states))
             .order_by(LedgerEntry.teacher_id, LedgerEntry.activity_date, LedgerEntry.id))
    if until is not None:
        query = query.where(LedgerEntry.activity_date <= until)
    result: dict[int, list[Record]] = {teacher_id: [] for teacher_id in teacher_ids}
    for row in db.session.execute(query):
        result[row.teacher_id].append(_record(row))
    return result


def records_for(teacher_id: int, states: frozenset[str], until: date | None = None) -> list[Record]:
    """The teacher's counted entries as the rules take them."""
    return records_by_teacher([teacher_id], states, until)[teacher_id]


def _record(entry: LedgerEntry) -> Record:
    """The entry as the rules take it: its figures, and the facts of the activity it
    converted as ``register_completion`` stored them (the hours as the entry counts them)."""
    facts = {**(entry.facts or {}), "hours": entry.hours}
    return Record.from_facts(entry.activity_date, entry.amount, entry.unit, entry.category, facts, entry.source)


def counted_entries(teacher_id: int, states: frozenset[str], start: date, end: date) -> list[LedgerEntry]:
    """The teacher's entries that count (``counted``) dated from ``start`` to ``end``, oldest
    first: the lines of a transcript."""
    return list(db.session.scalars(
        select(LedgerEntry).where(LedgerEntry.teacher_id == teacher_id, counted(states),
                                  LedgerEntry.activity_date.between(start, end))
        .order_by(LedgerEntry.activity_date, LedgerEntry.id)))


class EntryLine:
    """A ledger entry as a teacher's page lists it among their latest (``latest_entries_counted``):
    the columns the list shows read as plain values, no entity (building three entries and their
    explanations took five times the query's own time). Its explanation's steps come with it as
    the stored JSON text, decoded only when a page words them: the words of an explanation are
    kept once made (``web.wording.explained``), so most pages never read the steps."""

    __slots__ = ("id", "activity_date", "title", "amount", "unit", "category", "facts", "explanation_id",
                 "rule_version", "audit_state", "reverses_id", "enrollment_id", "claim_id", "_steps")

    def __init__(self, row) -> None:
        for name in self.__slots__:
            setattr(self, name, getattr(row, name))

    @property
    def steps(self) -> list[dict]:
        steps = self._steps
        if isinstance(steps, str):  # SQLite's text; psycopg gives PostgreSQL's json decoded
            steps = self._steps = json.loads(steps)
        return steps

    @property
    def activity_role(self) -> str | None:
        """As ``LedgerEntry.activity_role``: what the teacher did, where it was not attending."""
        role = (self.facts or {}).get("role")
        return role if role and role != ActivityRole.PARTICIPANT.value else None


def latest_entries_counted(teacher_id: int, count: int, *columns) -> tuple[list[tuple], int]:
    """The teacher's ``count`` latest entries (``EntryLine``), newest first, reversals included
    (for display), each with whether a reversal cancels it and ``columns`` (SQL on the entry,
    built once by the caller), and how many entries the teacher has: one query (a teacher's
    page showed them in five)."""
    rows = db.session.execute(_latest_counted(columns), {"teacher_id": teacher_id, "latest": count}).all()
    return [(EntryLine(row), bool(row.cancelled), *row[_LATEST_COLUMNS:]) for row in rows], rows[0].total if rows else 0


_LATEST_COLUMNS = len(EntryLine.__slots__) + 2  # the entry's, its total and whether it is cancelled; then ``columns``


@lru_cache(maxsize=8)
def _latest_counted(columns: tuple) -> Select:
    """The statement, built once: aliasing the entries' table anew costs more than the query."""
    entry, explanation = LedgerEntry.__table__.c, LedgerExplanation.__table__
    reversal, counted = LedgerEntry.__table__.alias(), LedgerEntry.__table__.alias()
    teacher_id = bindparam("teacher_id", type_=Integer)
    # The count as a subquery run once; a window (count(*) OVER ()) would carry every entry's
    # explanation through the sort (1.5 ms against 0.2 ms on SQLite).
    total = select(func.count(counted.c.id)).where(counted.c.teacher_id == teacher_id).scalar_subquery()
    shown = [getattr(entry, name) for name in EntryLine.__slots__[:-1]]
    return (select(*shown, cast(explanation.c.steps, Text).label("_steps"), total.label("total"),
                   exists().where(reversal.c.reverses_id == entry.id).label("cancelled"), *columns)
            .join(explanation, explanation.c.id == entry.explanation_id)
            .where(entry.teacher_id == teacher_id)
            .order_by(entry.activity_date.desc(), entry.id.desc())
            .limit(bindparam("latest", type_=Integer)))


def earliest_in_audit(teacher_id: int, states: frozenset[str]) -> date | None:
    """The date of the teacher's earliest standing entry in one of ``states`` (its audit
    under way), None if there is none."""
    return db.session.scalar(_in_audit(states, "earliest"), {"teacher_id": teacher_id})


def count_in_audit(teacher_id: int, states: frozenset[str], since: date) -> int:
    """How many of the teacher's standing entries dated from ``since`` are in one of ``states``
    (their audit under way)."""
    return db.session.scalar(_in_audit(states, "count", since=True),
                             {"teacher_id": teacher_id, "since": since})


def in_audit_between(teacher_id: int, states: frozenset[str], start: date, end: date) -> bool:
    """Whether a standing entry of the teacher dated from ``start`` to ``end`` is in one of ``states``."""
    return db.session.scalar(_in_audit(states, "any", since=True, until=True),
                             {"teacher_id": teacher_id, "since": start, "until": end})


@lru_cache(maxsize=32)
def _in_audit(states: frozenset[str], figure: str, since: bool = False, until: bool = False) -> Select:
    """The ``earliest`` date, the ``count`` of, or whether there are ``any`` of the teacher's
    standing entries in one of ``states``, dated from ``since`` and up to ``until`` where asked:
    built once with its values as parameters (built on each call, the duties page's count cost
    ninety times the query)."""
    conditions = [LedgerEntry.teacher_id == bindparam("teacher_id", type_=Integer),
                  one_of(LedgerEntry.audit_state, states), live()]
    if since:
        conditions.append(LedgerEntry.activity_date >= bindparam("since", type_=Date))
    if until:
        conditions.append(LedgerEntry.activity_date <= bindparam("until", type_=Date))
    if figure == "any":
        return select(exists().where(*conditions))
    return select(func.min(LedgerEntry.activity_date) if figure == "earliest" else func.count(LedgerEntry.id)).where(*conditions)


def one_of(column, values: Collection[str]):
    """SQL: ``column`` is one of ``values``, for a statement built once and run again and again.
    ``IN`` with a list is expanded on every run (its parameters rendered into the statement's
    text anew); one equality a value keeps the statement as it was compiled. For a few values
    (an audit workflow's states)."""
    return or_(*(column == value for value in sorted(values))) if values else false()


def in_audit_among(teacher_id, states: frozenset[str], since=None):
    """SQL, beside a statement naming the teacher (``teacher_id``, a column of it): the earliest
    date of their standing entries in one of ``states`` (their audit under way), or with
    ``since`` (a date column) how many of those dated from it there are."""
    pending, reversal = LedgerEntry.__table__.alias(), LedgerEntry.__table__.alias()
    conditions = [pending.c.teacher_id == teacher_id, one_of(pending.c.audit_state, states),
                  pending.c.reverses_id.is_(None), ~exists().where(reversal.c.reverses_id == pending.c.id)]
    if since is None:
        return select(func.min(pending.c.activity_date)).where(*conditions).scalar_subquery()
    return select(func.count(pending.c.id)).where(*conditions, pending.c.activity_date >= since).scalar_subquery()


@lru_cache(maxsize=8)
def in_audit_from(states: frozenset[str]):
    """SQL, beside a statement over the teacher's entries: the date of their earliest standing
    entry in one of ``states`` (built once per set of states: a column of ``latest_entries_counted``)."""
    return in_audit_among(LedgerEntry.teacher_id, states)


def entry_count(teacher_id: int) -> int:
    return db.session.scalar(select(func.count(LedgerEntry.id)).where(LedgerEntry.teacher_id == teacher_id))


def reversed_among(ids: Collection[int]) -> frozenset[int]:
    """Which of these entries a reversal cancels (a correction, a withdrawn claim): one query."""
    ids = list(ids)
    if not ids:
        return frozenset()
    return frozenset(db.session.scalars(select(LedgerEntry.reverses_id).where(LedgerEntry.reverses_id.in_(ids))))


def entries_page(teacher_id: int, page: int, per_page: int) -> Page:
    """One page of a teacher's entries, newest first, reversals included (for display)."""
    total = entry_count(teacher_id)
    page = clamp(page, total, per_page)
    items = db.session.scalars(
        select(LedgerEntry).where(LedgerEntry.teacher_id == teacher_id)
        .order_by(LedgerEntry.activity_date.desc(), LedgerEntry.id.desc())
        .limit(per_page).offset((page - 1) * per_page)
    ).all()
    return Page(items, page, per_page, total)


def named_states(workflow, entries) -> dict[int, str]:
    """Entry id → its state as it reads for the unit kind that ran its project
    (``Workflow.label_of``), for the entries shown in a state whose label depends on it
    (``State.by_organiser``): one query, and none where no entry shown is in such a state."""
    states = workflow.by_organiser()
    ids = [e.id for e in entries if e.audit_state in states and e.enrollment_id is not None]
    if not ids:
        return {}
    rows = db.session.execute(
        select(LedgerEntry.id, LedgerEntry.audit_state, OrgUnit.kind)
        .join(Enrollment, Enrollment.id == LedgerEntry.enrollment_id)
        .join(TrainingProject, TrainingProject.id == Enrollment.project_id)
        .join(OrgUnit, OrgUnit.id == TrainingProject.organiser_id)
        .where(LedgerEntry.id.in_(ids))).all()
    return {entry_id: workflow.label_of(state, getattr(kind, "value", kind)) for entry_id, state, kind in rows}
