"""The append-only credit ledger: entering conversions, reversing, and summing in SQL."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import and_, case, exists, func, select
from sqlalchemy.orm import aliased

from ..domain import (
    Activity, ActivityRole, CreditResult, Grade, LedgerSource, Level, Mode, Period, Record, Unit,
)
from ..extensions import db
from ..models import Enrollment, LedgerEntry, User
from ..models.ledger import check_audit_state
from ..plugins import Region
from .audit import record_event
from .pagination import Page, clamp
from .transactions import writing


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
    )


def register_completion(region: Region, enrollment: Enrollment, actor: User | None, audit_state: str | None = None) -> LedgerEntry:
    """Convert a completed enrollment with the region's rules and enter it in the ledger,
    waiting in the first state of the region's audit workflow unless told another state it
    declares (``AuditStateRefused`` otherwise)."""
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


def _entry(*, result: CreditResult, actor: User | None, **columns) -> LedgerEntry:
    entry = LedgerEntry(
        amount=result.amount,
        unit=result.unit.value,
        category=result.category,
        steps=[s.as_data() for s in result.steps],
        rule_version=result.rule_version,
        created_by_id=actor.id if actor else None,
        **columns,
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def reverse(entry: LedgerEntry, actor: User, reason: str) -> LedgerEntry:
    """Cancel an entry by appending its opposite; the original is never edited."""
    writing()
    reversal = LedgerEntry(
        teacher_id=entry.teacher_id,
        source=entry.source,
        enrollment_id=entry.enrollment_id,
        activity_date=entry.activity_date,
        hours=-entry.hours if entry.hours is not None else None,
        amount=-entry.amount,
        unit=entry.unit,
        category=entry.category,
        title=entry.title,
        facts={"reason": reason},
        steps=[{"text": reason, "value": str(-entry.amount), "source": ""}],
        rule_version=entry.rule_version,
        audit_state=entry.audit_state,
        reverses_id=entry.id,
        created_by_id=actor.id,
    )
    db.session.add(reversal)
    db.session.flush()
    record_event(actor, "ledger.reversed", entry, after={"reversal": reversal.id, "reason": reason})
    return reversal


def counted(states: frozenset[str]):
    """SQL condition for entries that count: in a counting audit state, neither a
    reversal nor reversed by one."""
    reversal = aliased(LedgerEntry)
    return and_(
        LedgerEntry.audit_state.in_(states),
        LedgerEntry.reverses_id.is_(None),
        ~exists().where(reversal.reverses_id == LedgerEntry.id),
    )


def totals_by_teacher(states: frozenset[str], period: Period, unit: Unit):
    """Subquery (teacher_id, total) of counted amounts in ``unit`` dated within ``period``
    (a region may keep some entries in another unit, e.g. probation hours)."""
    return (
        select(LedgerEntry.teacher_id, func.sum(LedgerEntry.amount).label("total"))
        .where(counted(states), LedgerEntry.unit == unit.value,
               LedgerEntry.activity_date.between(period.start, period.end))
        .group_by(LedgerEntry.teacher_id)
        .subquery()
    )


def year_and_cycle_totals(
    teacher_ids: list[int], states: frozenset[str], unit: Unit, year: Period, cycle: Period
) -> dict[int, tuple[Decimal, Decimal]]:
    """Counted totals in ``year`` and in ``cycle`` for the given teachers, in one query."""
    if not teacher_ids:
        return {}

    def within(period: Period):
        return func.coalesce(func.sum(case(
            (LedgerEntry.activity_date.between(period.start, period.end), LedgerEntry.amount), else_=0)), 0)

    rows = db.session.execute(
        select(LedgerEntry.teacher_id, within(year), within(cycle))
        .where(LedgerEntry.teacher_id.in_(teacher_ids), counted(states), LedgerEntry.unit == unit.value)
        .group_by(LedgerEntry.teacher_id)
    )
    return {teacher_id: (Decimal(y), Decimal(c)) for teacher_id, y, c in rows}


def records_for(teacher_id: int, states: frozenset[str], until: date | None = None) -> list[Record]:
    """The teacher's counted entries as the rules take them."""
    query = select(LedgerEntry).where(LedgerEntry.teacher_id == teacher_id, counted(states))
    if until is not None:
        query = query.where(LedgerEntry.activity_date <= until)
    return [_record(e) for e in db.session.scalars(query.order_by(LedgerEntry.activity_date))]


def _record(entry: LedgerEntry) -> Record:
    """The entry as the rules take it: its figures, and the facts of the activity it
    converted as ``register_completion`` stored them (the hours as the entry counts them)."""
    facts = {**(entry.facts or {}), "hours": entry.hours}
    return Record.from_facts(entry.activity_date, entry.amount, entry.unit, entry.category, facts, entry.source)


def entries_for(teacher_id: int) -> list[LedgerEntry]:
    """Every entry of a teacher, newest first, reversals included (for display)."""
    return db.session.scalars(
        select(LedgerEntry)
        .where(LedgerEntry.teacher_id == teacher_id)
        .order_by(LedgerEntry.activity_date.desc(), LedgerEntry.id.desc())
    ).all()


def entries_page(teacher_id: int, page: int, per_page: int) -> Page:
    """One page of a teacher's entries, newest first, reversals included (for display)."""
    total = db.session.scalar(select(func.count(LedgerEntry.id)).where(LedgerEntry.teacher_id == teacher_id))
    page = clamp(page, total, per_page)
    items = db.session.scalars(
        select(LedgerEntry).where(LedgerEntry.teacher_id == teacher_id)
        .order_by(LedgerEntry.activity_date.desc(), LedgerEntry.id.desc())
        .limit(per_page).offset((page - 1) * per_page)
    ).all()
    return Page(items, page, per_page, total)
