"""Teachers as admins list them and as they see themselves."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, or_, select

from ..domain import Compliance, Eligibility, Period, Requirements, ScopeSummary
from ..extensions import db
from ..models import LedgerEntry, OrgUnit, Teacher, TrainingProject
from ..plugins import Region
from . import ledger
from .pagination import Page, clamp
from .scope import Scope


@dataclass(frozen=True)
class TeacherRow:
    teacher: Teacher
    school: str
    year_total: Decimal
    cycle_total: Decimal


def teacher_page(region: Region, scope: Scope, today: date, search: str = "", page: int = 1, per_page: int = 20) -> Page:
    """One page of the teachers in scope with this year's and this cycle's counted totals.

    Three queries whatever the page size: the count, the page, and the totals of just
    the teachers on it (so a province's page costs what a school's does)."""
    conditions = [scope.teacher_condition(OrgUnit.path)]
    term = search.strip()
    if term:  # what was typed, character for character: % and _ are not wildcards
        conditions.append(or_(*(column.contains(term, autoescape=True)
                                for column in (Teacher.name, Teacher.id_number, OrgUnit.name))))
    in_scope = select(Teacher.id).join(OrgUnit, Teacher.school_id == OrgUnit.id).where(*conditions)
    total = db.session.scalar(select(func.count()).select_from(in_scope.subquery()))
    page = clamp(page, total, per_page)
    rows = db.session.execute(
        select(Teacher, OrgUnit.name)
        .join(OrgUnit, Teacher.school_id == OrgUnit.id)
        .where(*conditions)
        .order_by(OrgUnit.name, Teacher.name, Teacher.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    totals = ledger.year_and_cycle_totals(
        [t.id for t, _ in rows], region.audit_workflow().counting(), region.info.unit,
        region.year(today), region.cycle(today),
    )
    zero = (Decimal(0), Decimal(0))
    items = [TeacherRow(t, school, *totals.get(t.id, zero)) for t, school in rows]
    return Page(items, page, per_page, total)


def own_record(user_id: int) -> Teacher | None:
    """The teacher profile of a signed-in user, if they have one."""
    return db.session.scalar(select(Teacher).where(Teacher.user_id == user_id))


def visible_teacher(scope: Scope, teacher_id: int) -> Teacher | None:
    """The teacher if the scope covers them, else None (the caller answers 404)."""
    return db.session.scalar(
        select(Teacher).join(OrgUnit, Teacher.school_id == OrgUnit.id)
        .where(Teacher.id == teacher_id, scope.teacher_condition(OrgUnit.path))
    )


@dataclass(frozen=True)
class Standing:
    """A teacher's record on a date, with everything the teacher home shows."""

    requirements: Requirements
    compliance: Compliance
    eligibility: list[Eligibility]
    entries: list[LedgerEntry]
    counting_states: frozenset[str]
    state_labels: dict[str, str]
    category_labels: dict[str, str]
    duty_labels: dict[str, str]
    purpose_labels: dict[str, str]
    rule_version: str
    year: Period

    def year_progress(self):
        """This year's progress: the region's year holding today."""
        return self.compliance.year(self.year.start.year)


@dataclass(frozen=True)
class Labels:
    """What a page needs to name a teacher's entries: states, categories, duties, purposes."""

    counting_states: frozenset[str]
    state_labels: dict
    category_labels: dict
    duty_labels: dict
    purpose_labels: dict


def standing_labels(region: Region) -> Labels:
    workflow = region.audit_workflow()
    return Labels(workflow.counting(), {s.code: s.label for s in workflow.states}, region.category_labels(),
                  {d.code: d.label for d in region.duties()}, {p.code: p.label for p in region.purposes()})


def standing(region: Region, teacher: Teacher, today: date) -> Standing:
    workflow = region.audit_workflow()
    states = workflow.counting()
    records = ledger.records_for(teacher.id, states, until=today)
    facts = teacher.facts()
    return Standing(
        requirements=region.requirements(today),
        compliance=region.check(facts, records, today),
        eligibility=region.eligibility(facts, records, today),
        entries=ledger.entries_for(teacher.id),
        counting_states=states,
        state_labels={s.code: s.label for s in workflow.states},
        category_labels=region.category_labels(),
        duty_labels={d.code: d.label for d in region.duties()},
        purpose_labels={p.code: p.label for p in region.purposes()},
        rule_version=region.rule_version(today).code,
        year=region.year(today),
    )


def scope_summary(region: Region, scope: Scope, today: date) -> ScopeSummary:
    """Headline figures for an admin's scope, computed in SQL: teachers, projects, this
    year's counted total and how many teachers meet the yearly minimum."""
    period = region.year(today)
    year = ledger.totals_by_teacher(region.audit_workflow().counting(), period,
                                    region.info.unit)
    yearly = region.requirements(today).yearly
    teachers, year_total, meeting = db.session.execute(
        select(
            func.count(Teacher.id),
            func.coalesce(func.sum(year.c.total), 0),
            func.count(year.c.total).filter(year.c.total >= (yearly if yearly is not None else 0)),
        )
        .join(OrgUnit, Teacher.school_id == OrgUnit.id)
        .outerjoin(year, year.c.teacher_id == Teacher.id)
        .where(scope.teacher_condition(OrgUnit.path))
    ).one()
    projects = db.session.scalar(
        select(func.count(TrainingProject.id))
        .join(OrgUnit, TrainingProject.organiser_id == OrgUnit.id)
        .where(scope.covers_path(OrgUnit.path))
    )
    return ScopeSummary(teachers, projects, period.start.year, Decimal(year_total), meeting, period)
