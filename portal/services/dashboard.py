"""The admin home (概览): the figures of the user's scope with the region's panels, what
awaits them in the audit, the projects they run."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import exists, select
from sqlalchemy.orm import aliased

from ..domain import OrgKind, Panel, Phase, Requirements, ScopeSummary, UnitFacts, UserRole
from ..extensions import db
from ..models import AccountActivation, LedgerEntry, OrgUnit, RoleAssignment, Teacher, TrainingProject, User
from ..plugins import Region
from . import calendar, enrollments, projects, reviews, training
from .scope import Membership, Scope, ancestors, viewer_scope
from .teachers import scope_summary


@dataclass(frozen=True)
class Overview:
    roles: tuple[UserRole, ...]
    summary: ScopeSummary | None  # None: the user reads no teachers (training institution staff)
    panels: list[Panel]
    requirements: Requirements
    awaiting: int | None  # None: the user takes no step in the audit
    enrollments_awaiting: int  # enrollments waiting for one of the user's steps
    # declared projects waiting for the user's review, requests for more classes for their decision
    projects_awaiting: int
    projects: list[TrainingProject]
    workshops: tuple[Membership, ...]
    calendar_unset: bool = False  # the user sets the selection calendar, and none is in force for this term
    # the user sets the selection calendar and the bureau has saved none: the region's default dates
    # hold, which its page says are not confirmed; one of the first steps while they are listed
    calendar_unsaved: bool = False
    # a bureau's first days (portal setup): the first steps not done yet in the admin's units
    # (``FIRST_STEPS``, ``first_steps``); none left, the card goes
    first_steps: tuple[str, ...] = ()
    # those of ``projects_awaiting`` the region withholds now (a review or a decision whose window
    # in its calendar is not open: ``review_withheld``, ``classes_withheld``), as the findings that
    # withhold them with how many each holds: the card says so with the window's dates. A phone
    # trial's city admin read 待您处理的培训项目 1, then on the project that it could not be reviewed now.
    projects_later: tuple = ()
    # credit records in the user's bureau scope waiting for a step no one can take (``reviews.stranded``)
    stranded: tuple = ()
    # the calendar's phases open today in which one of the user's roles acts (``Phase.actors``)
    phases_open: tuple = ()
    # where the user's every step in the audit hands a returned entry in again, those steps'
    # labels (``reviews.corrections``): the card says entries returned to them, not 待您审核
    corrects: tuple | None = None

    @property
    def projects_now(self) -> int:
        """How many of ``projects_awaiting`` the user may act on now."""
        return self.projects_awaiting - sum(n for _findings, n in self.projects_later)

    @property
    def leader(self) -> bool:
        return UserRole.WORKSHOP_LEADER in self.roles

    @property
    def restated(self) -> frozenset[str]:
        """The home's own figures a region's panel shows already (``Panel.restates``): left out."""
        return frozenset(figure for panel in self.panels for figure in panel.restates)

    @property
    def adds_users(self) -> bool:
        return any(role.is_admin for role in self.roles)


def overview(region: Region, user: User, today: date) -> Overview:
    scope = viewer_scope(user)
    reviewing = projects.review_page(user, region, 1, 1)
    requests = projects.class_requests_waiting(user, region)
    later = Counter(row.findings for row in reviewing.later) + Counter(row.withheld for row in requests if row.withheld)
    summary = scope_summary(region, scope, today) if scope else None
    workflow = region.audit_workflow()
    edits = bool(region.runs_selection_calendar() and calendar.may_edit(region, user))  # sets the selection calendar
    saved = calendar.kept() if edits else ()  # the bureau's own dates, read once
    return Overview(
        roles=tuple(sorted(user.role_set)),
        summary=summary,
        panels=region.dashboard_panels(summary) if summary else [],
        requirements=region.requirements(today),
        awaiting=reviews.awaiting_count(region, user, today) if reviews.reviews_anything(user, workflow) else None,
        enrollments_awaiting=enrollments.awaiting_count(region, user),
        projects_awaiting=reviewing.total + len(reviewing.later) + len(requests),
        projects_later=tuple(later.most_common()),
        projects=training.organised_projects(Scope.of(user, [UserRole.INSTITUTION_STAFF])),
        workshops=scope.workshops,
        first_steps=first_steps(user, summary),
        calendar_unset=edits and not (saved or region.selection_calendar(today)),
        calendar_unsaved=edits and not saved,
        stranded=reviews.stranded(region, user, today),
        phases_open=phases_open(region, user, today),
        corrects=reviews.corrections(user, workflow),
    )


# A new deployment's first steps, in the order the home lists them, each listed until it is done
# in the bureau admin's units: the units and teachers imported (a teacher there); the credits from
# before the portal imported (an imported credit of a teacher there: a teacher's own claim of an
# earlier training is no import); every school's activation codes issued (each school with
# teachers has issued codes or a teacher with an account); the schools' admins or institutions'
# staff added (another user holding such a role there). All four were hidden the moment one
# teacher activated an account, most still to do. A school's own admin and principal are set up
# by their bureau: they get no card (it stayed for good on a school with no second admin).
UNITS_AND_TEACHERS, HISTORICAL_CREDITS, ACTIVATION_CODES, ADMINS = "units", "credits", "activation", "admins"
FIRST_STEPS = (UNITS_AND_TEACHERS, HISTORICAL_CREDITS, ACTIVATION_CODES, ADMINS)
# Listed while another step is left, but keeping the card by itself on no home: a bureau with no
# credits from before the portal has none to import (the card stayed for good there).
OPTIONAL_STEPS = frozenset({HISTORICAL_CREDITS})
BUREAU_ROLES = (UserRole.DISTRICT_ADMIN, UserRole.CITY_ADMIN, UserRole.PROVINCE_ADMIN)
LOCAL_ROLES = (UserRole.SCHOOL_ADMIN.value, UserRole.PRINCIPAL.value, UserRole.INSTITUTION_STAFF.value)


def first_steps(user: User, summary: ScopeSummary | None) -> tuple[str, ...]:
    """The first steps (``FIRST_STEPS``) not done yet in the units of the user's bureau roles,
    in order (one query); none where only optional ones are left, or for a user who holds no
    bureau role or reads no teachers. The units alone count, not the workshops the user leads."""
    units = Scope(Scope.of(user, BUREAU_ROLES).paths)
    if summary is None or not units:
        return ()
    if not summary.teachers:
        return FIRST_STEPS
    School = aliased(OrgUnit)
    in_scope = units.teacher_condition(School.path)
    credits = exists().where(LedgerEntry.teacher_id == Teacher.id, Teacher.school_id == School.id, in_scope,
                             LedgerEntry.import_key.is_not(None))
    Holder = aliased(Teacher)
    not_handed = exists().where(
        Teacher.school_id == School.id, in_scope,
        ~exists().where(Holder.school_id == School.id, Holder.user_id.is_not(None)),
        ~exists().where(AccountActivation.teacher_id == Holder.id, Holder.school_id == School.id))
    admins = exists().where(RoleAssignment.org_unit_id == School.id, units.covers_path(School.path),
                            RoleAssignment.role.in_(LOCAL_ROLES), RoleAssignment.user_id != user.id)
    imported, unissued, added = db.session.execute(select(credits, not_handed, admins)).one()
    done = {UNITS_AND_TEACHERS: True, HISTORICAL_CREDITS: imported, ACTIVATION_CODES: not unissued, ADMINS: added}
    left = tuple(step for step in FIRST_STEPS if not done[step])
    return left if set(left) - OPTIONAL_STEPS else ()


def phases_open(region: Region, user: User, today: date) -> tuple[Phase, ...]:
    """The calendar's phases open today in which one of the user's roles acts over a unit the
    phase concerns (``Region.phase_concerns``): a county that organises its own training was
    shown the city's enrollment deadline as its own (正在进行，截止 12-20)."""
    open_now = [p for p in calendar.open_on(region, today) if set(p.actors) & user.role_set]
    if not open_now:
        return ()
    units = {r.org_unit_id: _unit_facts(r.org_unit) for r in user.roles}
    held = [(UserRole(r.role), units[r.org_unit_id]) for r in user.roles]
    return tuple(p for p in open_now
                 if any(role in p.actors and region.phase_concerns(p, unit) for role, unit in held))


def _unit_facts(unit: OrgUnit) -> UnitFacts:
    """A unit as the region's rules see it, with the names of the units above it, the nearest first."""
    above = ancestors(unit.path)[:-1]
    names = dict(db.session.execute(select(OrgUnit.path, OrgUnit.name).where(OrgUnit.path.in_(above))).all()) if above else {}
    return UnitFacts(unit.name, OrgKind(unit.kind), tuple(names[p] for p in reversed(above) if p in names))
