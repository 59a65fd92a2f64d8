"""What the teacher pages show, each page one read: the list of the teachers in scope, a
teacher's standing, their ledger and their facts, for an admin and for the teacher.

A page gets the teacher as plain values (``TeacherCard``), not the database row, so no
template goes back to the database, even after computing the standing committed."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from flask_babel import gettext as _

from .. import clock
from ..domain import ADMIN_ROLES, Period, Requirements, Unit, UserRole
from ..domain.findings import any_year_of_cycle
from ..domain.text import from_data, words
from ..extensions import db
from ..models import OrgUnit, Teacher, User
from ..models.teacher import leave_periods
from ..plugins import Region
from . import conclusions, enrollments, ledger, reviews, standings
from .pagination import Page
from .scope import Membership, Scope, viewer_scope
from .teacher_facts import FactsChange, current_facts, editable_teacher
from .teachers import (
    InAudit, Labels, TeacherFilter, own_record, previous_cycle, standing, standing_labels, teacher_page, visible_teacher,
)
from .transcripts import masked_id

if TYPE_CHECKING:  # the services of suggestions are imported where used (suggestions_view)
    from .suggestions import Held


@dataclass(frozen=True)
class TeacherCard:
    """Who the teacher is, as the heading and facts of their pages show it."""

    id: int
    user_id: int | None
    name: str
    school: str
    title: str | None
    title_date: date | None
    entered_post: date | None
    probation_end: date | None
    transferred_in: date | None
    transferred_from: str | None
    exchange_unit: str | None
    leave: tuple[Period, ...]
    subjects: tuple[str, ...]
    # As the teacher import records them: the ID number masked as on a transcript (its first 6
    # and last 4 characters), the gender's code and the school stages' codes.
    masked_id: str = ""
    gender: str | None = None
    stages: tuple[str, ...] = ()
    qualified: bool | None = None
    layer: str | None = None  # 分层分类, the code the region lists it by

    @classmethod
    def of(cls, teacher: Teacher) -> TeacherCard:
        return cls.of_values(teacher, teacher.school.name)

    @classmethod
    def of_values(cls, teacher, school: str) -> TeacherCard:
        """``teacher``: the entity, or a row of its columns (``standings.own``)."""
        return cls(teacher.id, teacher.user_id, teacher.name, school, teacher.title,
                   teacher.title_date, teacher.entered_post, teacher.probation_end, teacher.transferred_in,
                   teacher.transferred_from, teacher.exchange_unit, leave_periods(teacher.leave),
                   tuple(teacher.subjects or ()), masked_id(teacher.id_number or ""), teacher.gender or None,
                   tuple(teacher.stages or ()), teacher.qualified, teacher.layer or None)


@dataclass(frozen=True)
class TeacherList:
    page: Page  # of ``teachers.TeacherRow``
    requirements: Requirements
    cycle: Period
    workshops: tuple[Membership, ...]  # those the user leads, whose members the list holds
    narrowed: TeacherFilter = TeacherFilter()
    drill_label: str | None = None  # what ``narrowed.drill`` keeps, in words
    by_id_number: bool = True  # the search reads ID numbers: the user administers teachers (not a leader only)


class FilterRefused(LookupError):
    """A unit outside the reader's scope, or a duty or use of credits the region does not have."""



def teacher_list(region: Region, user: User, today: date, search: str, page: int, per_page: int,
                 unit_id: int | None = None, drill: tuple[str, str] | None = None) -> TeacherList:
    """One page of the teachers the user may read, with the duties their totals are held to;
    narrowed to a unit and to a report's figure (``Column.drill``) when asked."""
    scope = viewer_scope(user)
    narrowed = TeacherFilter(unit_in(scope, unit_id), drill)
    label = drill_label(region, drill)
    return TeacherList(teacher_page(region, scope, today, search, page, per_page=per_page, narrowed=narrowed),
                       region.requirements(today), region.cycle(today), scope.workshops, narrowed, label,
                       bool(scope.paths))


def unit_in(scope: Scope, unit_id: int | None) -> OrgUnit | None:
    if unit_id is None:
        return None
    unit = db.session.get(OrgUnit, unit_id)
    if unit is None or not scope.covers(unit):
        raise FilterRefused(unit_id)
    return unit


def drill_label(region: Region, drill: tuple[str, str] | None) -> str | None:
    """What a report's figure keeps, in the reader's words; refused when the region has no such
    duty, use or category."""
    if drill is None:
        return None
    kind, code = drill
    labels = ({d.code: _("Not met in any year of the cycle: %(duty)s", duty=d.label) if any_year_of_cycle(d.code)
               else _("Not met: %(duty)s", duty=d.label) for d in region.duties()} if kind == "missing"
              else {p.code: _("Open: %(use)s", use=p.label) for p in region.purposes()} if kind == "purpose"
              # one only the ledger makes (a credit bank's borrowing) is no training: not "credited" as one
              else {c.code: _("Outside training this year: %(category)s", category=c.label) if not c.project
                    else _("Hours this year: %(category)s", category=c.label) if region.info.unit == Unit.HOUR
                    else _("Credited this year: %(category)s", category=c.label) for c in region.categories()}
              if kind == "credited"
              else {p.code: _("Credited this year: %(category)s", category=p.label) for p in region.programs()}
              if kind == "credited_program"
              else {"": _("Not met this year")} if kind == "year_unmet"
              else {"": _("Cycle total not reached")} if kind == "cycle_unmet"
              else {"": _("Some duty open")} if kind == "duty_open"
              else {"": _("Nothing asked this year")} if kind == "year_exempt"
              else {"": _("No cycle total asked")} if kind == "cycle_exempt"
              else {"": _("No duty asked")} if kind == "none_asked"
              else {"": _("Never signed in"), "in_post": _("In post, never signed in")} if kind == "not_signed_in"
              else {"": _("Needs survey not answered"), "in_post": _("In post, needs survey not answered")}
              if kind == "not_surveyed"
              else {"passed": _("Previous cycle concluded: passed"), "failed": _("Previous cycle concluded: not passed")}
              if kind == "concluded" and region.cycle_conclusion else {})
    if code not in labels:
        raise FilterRefused(drill)
    return labels[code]


@dataclass(frozen=True)
class StandingView:
    teacher: TeacherCard
    standing: object  # ``teachers.standing``'s answer
    can_edit: bool  # whether the user may change the teacher's facts
    awaiting: int = 0  # on the teacher's own home: their enrollments waiting for a step of theirs


@dataclass(frozen=True)
class LedgerView:
    teacher: TeacherCard
    page: Page  # of ``LedgerEntry``, newest first
    labels: Labels
    reasons: Mapping[int, str] = field(default_factory=dict)  # entry id → why its audit returned or rejected it
    reversed: frozenset[int] = frozenset()  # the entries shown that a reversal cancels
    named: Mapping[int, str] = field(default_factory=dict)  # entry id → its state for its organiser (``ledger.named_states``)


@dataclass(frozen=True)
class FactsView:
    teacher: TeacherCard
    facts: FactsChange  # as they stand


class MembersOnly(LookupError):
    """The reader reaches the teacher only as the leader of a workshop the teacher belongs to: a
    leader follows the members' sign-ins, hours and training tasks on the workshop's page and
    writes its summary (as the one bundled document that sets a 坊主's duties says them), but opens no member's teacher page, ledger or personal details, which are their
    school's and bureau's admins' (a trial's leader opened a member's full page and records)."""


def page_teacher(user: User, teacher_id: int) -> Teacher | None:
    """The teacher a page about them is for (their page, duties, previous cycle, ledger): one the
    user administers (``ADMIN_ROLES``); ``MembersOnly`` where the user reaches them only as a
    workshop's leader; None where not at all."""
    teacher = visible_teacher(Scope.of(user, ADMIN_ROLES), teacher_id)
    if teacher is None and visible_teacher(viewer_scope(user), teacher_id) is not None:
        raise MembersOnly(teacher_id)
    return teacher


def _teacher(user: User, teacher_id: int | None) -> Teacher | None:
    """The teacher a page is about: ``teacher_id`` if the user may open their pages
    (``page_teacher``), or with ``None`` the user's own record. None if there is no such teacher
    for this user."""
    if teacher_id is None:
        return own_record(user.id)
    return page_teacher(user, teacher_id)


def standing_view(region: Region, user: User, teacher_id: int | None, today: date,
                  latest: int = 3, audits: bool = False) -> StandingView | None:
    """A teacher's page and their duties page: who they are and their standing today, with
    their ``latest`` entries (the duties page shows none, ``latest=0``), and with ``audits`` how
    many entries of the cycle are still in their audit, which the figures leave out until they pass."""
    in_audit, awaiting = None, 0
    if teacher_id is None:
        # the home (``latest``) says what of their trainings waits for them: an evaluation before
        # the credits are due, a payment within its time (a trial's teacher learned only from 消息)
        theirs = region.enrollment_workflow().awaiting(UserRole.TEACHER) if latest else None
        row, kept = standings.own(region, user.id, today, region.audit_workflow().undecided() if audits else None,
                                  theirs)
        if row is None:
            return None
        card, school_path = TeacherCard.of_values(row, row.school_name), row.school_path
        # a standing that no longer holds is computed now, by the rules, from the teacher's entity
        current = kept or standings.current(region, db.session.get(Teacher, row.id), today)
        if audits and kept is not None:  # the entries in audit, read with the kept standing
            in_audit = InAudit(row.in_audit_from, row.in_audit_count, row.kept_cycle_start)
        # the query's count of states is the cheap look; where it finds any, each is put to the
        # region's guards as the teacher's trainings page does (an ended training refuses enrolling)
        awaiting = enrollments.teacher_awaiting(region, user.id) if theirs and row.awaiting_teacher else 0
    else:
        teacher = page_teacher(user, teacher_id)
        if teacher is None:
            return None
        card, school_path = TeacherCard.of(teacher), teacher.school.path  # before computing, which may commit
        current = standings.current(region, teacher, today)
    can_edit = Scope.of(user, ADMIN_ROLES).covers_unit_at(school_path)
    return StandingView(card, standing(region, card.id, current, latest, audits, in_audit), can_edit, awaiting)


@dataclass(frozen=True)
class ConclusionCard:
    """A bureau's conclusion on the cycle (``services.conclusions``), as its reader's words."""

    passed: bool
    concluded_on: date
    counted: Decimal
    required: Decimal
    unit: str
    unmet: tuple[str, ...]
    source: str
    revised_on: date | None = None  # when a later run last changed it
    changed_since: bool = False  # the cycle's entries changed after it: the next run revises it


@dataclass(frozen=True)
class PreviousCycleView:
    teacher: TeacherCard
    period: Period
    standing: object | None  # ``teachers.previous_cycle``'s, None where no entry of the cycle is kept
    conclusion: ConclusionCard | None = None
    concluded_by_region: bool = False  # whether the region gives conclusions at all


def previous_cycle_view(region: Region, user: User, teacher_id: int | None, today: date) -> PreviousCycleView | None:
    """A teacher's duties in the cycle before today's (the teacher's own with ``None``), or
    None where the user may not read them or the teacher was not in post in it."""
    teacher = _teacher(user, teacher_id)
    if teacher is None:
        return None
    card = TeacherCard.of(teacher)
    found = previous_cycle(region, teacher, today)
    if found is None:
        return None
    policy = region.cycle_conclusion
    kept = conclusions.conclusion_of(region, teacher.id, found[0].start)
    conclusion = None if kept is None else ConclusionCard(
        kept.passed, clock.day_of(kept.concluded_at), kept.counted, kept.required, kept.unit,
        tuple(words(from_data(m)) for m in kept.unmet), policy.source,
        kept.revised_at and clock.day_of(kept.revised_at),
        conclusions.changed_since(kept, found[1] and found[1].kept))
    return PreviousCycleView(card, *found, conclusion, policy is not None)


def ledger_view(region: Region, user: User, teacher_id: int | None, page: int, per_page: int) -> LedgerView | None:
    """One page of a teacher's ledger."""
    teacher = _teacher(user, teacher_id)
    if teacher is None:
        return None
    entries = ledger.entries_page(teacher.id, page, per_page)
    return LedgerView(TeacherCard.of(teacher), entries, standing_labels(region),
                      reviews.reasons_given(e.id for e in entries.items), ledger.reversed_among(e.id for e in entries.items),
                      ledger.named_states(region.audit_workflow(), entries.items))


def facts_view(user: User, teacher_id: int) -> FactsView | None:
    """The teacher's facts for the admins of their school; None for anyone else."""
    teacher = editable_teacher(user, teacher_id)
    if teacher is None:
        return None
    return FactsView(TeacherCard.of(teacher), current_facts(teacher))


def suggestions_view(region: Region, user: User, today: date) -> tuple[list, Held | None] | None:
    """The trainings that would fill the signed-in teacher's open duties, and when there are
    none, why one that would is not open to them (None: no training held back); None without a record."""
    from .suggestions import suggestions

    teacher = _teacher(user, None)
    if teacher is None:
        return None
    held: list = []
    found = suggestions(region, teacher, today, held=held)
    return found, (held[0] if held and not found else None)
