"""A workshop leader's page (工作坊): their members' last sign-in, this year's hours or credits,
and the state and part scores of their latest training, so the leader follows who signs in,
who learns and who has tasks left; and the leader's summary of the training.

And the bureau's side: the admins above a workshop's unit set it up (one subject at one school
stage below the unit), choose its leader among the users of their scope, rename it, hand it
to another leader or remove it."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from sqlalchemy import String, case, cast, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased, lazyload

from ..domain import ADMIN_ROLES, OrgKind, SchoolStage, UserRole
from ..extensions import db
from ..models import (
    Enrollment, LedgerEntry, OrgUnit, RoleAssignment, Teacher, TeacherStanding, TrainingProject, User, UserSession,
    Workshop,
)
from ..plugins import Region
from ..models.types import utcnow
from .accounts import assignable_roles, role_fits
from .audit import record_event
from .enrollments import completion_entries, state_label
from .ledger import named_states
from .orgs import add_workshop, units_in_scope
from .pagination import Page, clamp
from .scope import Membership, Scope
from .sql_functions import json_list_has
from .transactions import use_case

MAX_SUMMARY = 5000
MAX_NAME = 120  # the columns' lengths
MAX_SUBJECT = 40


class WorkshopRefused(Exception):
    """No such workshop, or not the user's to read or change: the caller answers 404."""


class WorkshopInvalid(ValueError):
    """A workshop as asked for that the service refuses; ``field`` names the form field at
    fault, ``code`` the reason."""

    def __init__(self, field: str, code: str):
        super().__init__(code)
        self.field = field
        self.code = code


@dataclass(frozen=True)
class MemberRow:
    teacher_id: int
    name: str
    school: str
    last_seen: datetime | None
    year_counted: Decimal | None
    training: str | None
    state: str | None
    scores: dict
    # the composite assessment the result service kept: each part's weight (percent) on the
    # training, the words for its outcome (a completion not passed says so, ``state_label``),
    # and the ledger entry that stands for it, whose steps work the composite out against the
    # pass mark and say what it registers (hours, certificate)
    weights: dict = field(default_factory=dict)
    result: object = None
    entry: LedgerEntry | None = None
    # the kept standing's yearly requirement beside ``year_counted`` (None: nothing asked this
    # year, or no standing kept yet) and whether the year meets it, as the teacher's own page says
    year_required: Decimal | None = None
    year_met: bool | None = None
    # where ``entry`` waits in the audit, its state's label ("" once it counts, registered): the
    # leader read 登记 60 学时 of a result the department had not registered yet
    entry_waits: object = ""

    @property
    def year_missing(self) -> Decimal | None:
        """What the year still lacks (还需), where it asks something and is not met; None otherwise."""
        if self.year_required is None or self.year_met or self.year_counted is None:
            return None
        return max(self.year_required - self.year_counted, Decimal(0))


def led(user: User) -> list[Workshop]:
    return db.session.scalars(select(Workshop).where(Workshop.leader_id == user.id).order_by(Workshop.name)).all()


def _own(user: User, workshop_id: int) -> Workshop:
    workshop = db.session.get(Workshop, workshop_id)
    if workshop is None or workshop.leader_id != user.id:
        raise WorkshopRefused(workshop_id)
    return workshop


def _readable(user: User, workshop_id: int) -> Workshop:
    """The workshop its leader leads, or one below an admin's reach, who reads its members and
    the leader's summary (written for them: a trial's bureau admins met a 403 where it was)."""
    workshop = db.session.get(Workshop, workshop_id)
    if workshop is None or (workshop.leader_id != user.id
                            and not Scope.of(user, ADMIN_ROLES).covers(workshop.org_unit)):
        raise WorkshopRefused(workshop_id)
    return workshop


def member_page(region: Region, user: User, workshop_id: int, page: int,
                per_page: int) -> tuple[Workshop, Page]:
    """One page of the members, in one query: each with their last sign-in, their kept
    standing's figure for this year with the year's requirement and whether it is met, and their latest enrollment with its part scores, their
    weights and its outcome; and in one more (two with their explanations) the ledger entries
    of the page's completions (``enrollments.completion_entries``)."""
    workshop = _readable(user, workshop_id)
    members = Membership(workshop.org_unit.path, workshop.subject, workshop.stage, workshop.name)
    in_workshop = (select(Teacher.id).join(OrgUnit, Teacher.school_id == OrgUnit.id)
                   .where(members.condition(OrgUnit.path)))
    total = db.session.scalar(select(func.count()).select_from(in_workshop.subquery()))
    page = clamp(page, total, per_page)
    seen = (select(UserSession.user_id, func.max(UserSession.last_seen_at).label("seen"))
            .group_by(UserSession.user_id).subquery())
    # the latest training assessed in parts (its tasks are what the leader follows), else the latest:
    # latest by the training's dates, not by when the enrollment was made (a phone trial's leader read a
    # 2024 training as the latest of teachers who had completed two in 2026, entered before it)
    assessed = cast(TrainingProject.assessment_weights, String) != "{}"
    ranked = (select(Enrollment.teacher_id, Enrollment.id,
                     func.row_number().over(partition_by=Enrollment.teacher_id,
                                            order_by=(case((assessed, 0), else_=1), TrainingProject.start_date.desc(),
                                                      TrainingProject.end_date.desc(), Enrollment.id.desc()))
                     .label("rank"))
              .join(TrainingProject, TrainingProject.id == Enrollment.project_id).subquery())
    latest = select(ranked.c.teacher_id, ranked.c.id).where(ranked.c.rank == 1).subquery()
    rows = db.session.execute(
        select(Teacher.id, Teacher.name, OrgUnit.name, seen.c.seen, TeacherStanding.year_counted,
               TrainingProject.name, Enrollment.status, Enrollment.scores, TrainingProject.assessment_weights,
               Enrollment, TeacherStanding.year_required, TeacherStanding.year_met)
        .join(OrgUnit, Teacher.school_id == OrgUnit.id)
        .outerjoin(seen, seen.c.user_id == Teacher.user_id)
        .outerjoin(TeacherStanding, TeacherStanding.teacher_id == Teacher.id)
        .outerjoin(latest, latest.c.teacher_id == Teacher.id)
        .outerjoin(Enrollment, Enrollment.id == latest.c.id)
        .outerjoin(TrainingProject, TrainingProject.id == Enrollment.project_id)
        .where(Teacher.id.in_(in_workshop))
        .order_by(seen.c.seen.is_(None).desc(), seen.c.seen, Teacher.name, Teacher.id)  # the absent first
        .options(lazyload(Enrollment.project))  # its project's columns are read above
        .limit(per_page).offset((page - 1) * per_page)).all()
    entries = completion_entries(row[9] for row in rows)
    workflow, audit = region.enrollment_workflow(), region.audit_workflow()
    named = named_states(audit, entries.values())  # as the teacher's ledger reads them (``State.by_organiser``)

    def member(row) -> MemberRow:
        scores, weights, enrollment, required, met = row[7:]
        entry = entries.get(enrollment.id) if enrollment else None
        result = state_label(workflow, enrollment, entry.amount if entry else None) if enrollment else None
        waits = ""
        if entry is not None:
            state = audit.state(entry.audit_state)
            waits = "" if state.counts else named.get(entry.id, state.label)
        return MemberRow(*row[:7], dict(scores or {}), dict(weights or {}), result, entry, required, met, waits)

    return workshop, Page([member(row) for row in rows], page, per_page, total)


def write_summary(user: User, workshop_id: int, summary: str) -> None:
    """The use case: the leader's summary of the training kept (replacing the last), audited."""
    with use_case():
        workshop = _own(user, workshop_id)
        before = workshop.summary
        workshop.summary, workshop.summary_at = summary.strip()[:MAX_SUMMARY], utcnow()
        record_event(user, "workshop.summary", workshop, before={"summary": before},
                     after={"summary": workshop.summary}, org_unit_id=workshop.org_unit_id)


@dataclass(frozen=True)
class WorkshopRow:
    """A workshop as the bureau's list shows it, its members counted in the same query."""

    id: int
    name: str
    unit: str
    subject: str
    stage: str
    leader: str
    leader_username: str
    members: int


_SCHOOL = aliased(OrgUnit)  # made once: an alias costs more to make than to query


def _listing(scope: Scope):
    """The workshops below ``scope``'s units, each with its unit, its leader and its members
    counted by a correlated subquery (``Membership``'s condition, the workshop's columns for
    its values): a page of them is one query whatever its size."""
    members = (select(func.count(Teacher.id)).join(_SCHOOL, Teacher.school_id == _SCHOOL.id)
               .where(_SCHOOL.path.startswith(OrgUnit.path), json_list_has(Teacher.subjects, Workshop.subject),
                      json_list_has(Teacher.stages, Workshop.stage))
               .correlate(Workshop, OrgUnit).scalar_subquery())
    return (select(Workshop.id, Workshop.name, OrgUnit.name, Workshop.subject, Workshop.stage,
                   User.display_name, User.username, members)
            .join(OrgUnit, Workshop.org_unit_id == OrgUnit.id).join(User, Workshop.leader_id == User.id)
            .where(scope.covers_path(OrgUnit.path)))


def admin_page(user: User, page: int, per_page: int) -> Page:
    """One page of the workshops below the admin's units, in the tree's order."""
    scope = Scope.of(user, ADMIN_ROLES)
    listing = _listing(scope)
    total = db.session.scalar(select(func.count()).select_from(listing.subquery()))
    page = clamp(page, total, per_page)
    rows = db.session.execute(listing.order_by(OrgUnit.path, Workshop.name, Workshop.id)
                              .limit(per_page).offset((page - 1) * per_page)).all()
    return Page([WorkshopRow(*row) for row in rows], page, per_page, total)


def administered(user: User, workshop_id: int) -> WorkshopRow:
    """One workshop below the admin's units, as the list shows it (its edit page)."""
    row = db.session.execute(_listing(Scope.of(user, ADMIN_ROLES)).where(Workshop.id == workshop_id)).one_or_none()
    if row is None:
        raise WorkshopRefused(workshop_id)
    return WorkshopRow(*row)


def unit_choices(user: User) -> list[OrgUnit]:
    """The units an admin may set a workshop up below, in tree order: theirs but the training
    institutions, which hold no teachers to follow."""
    return [u for u in units_in_scope(Scope.of(user, ADMIN_ROLES)) if u.kind != OrgKind.INSTITUTION]


def create(actor: User, *, name: str, org_unit_id: int, subject: str, stage: SchoolStage, leader: str) -> Workshop:
    """The admin's use case: a workshop of ``subject`` at ``stage`` below one of their units,
    led by the user named ``leader`` (granted the leader's role there if they lack it); a
    second workshop of the same subject and stage below the same unit is refused.

    The check answers most; two admins setting the same one up at the same moment both pass
    it (on PostgreSQL), and the unique index (migration 0024) refuses the later insert, which
    is told the same."""
    with use_case():
        scope = Scope.of(actor, ADMIN_ROLES)
        unit = db.session.get(OrgUnit, org_unit_id)
        if unit is None or not scope.covers(unit):
            raise WorkshopInvalid("org_unit", "out_of_scope")
        if unit.kind == OrgKind.INSTITUTION:
            raise WorkshopInvalid("org_unit", "not_for_workshop")
        name, subject = _text("name", name, MAX_NAME), _text("subject", subject, MAX_SUBJECT)
        if _twin(unit, subject, stage):
            raise WorkshopInvalid("subject", "duplicate")
        chosen = _leader(actor, scope, leader, unit)
        try:
            with db.session.begin_nested():  # the insert refused, the session stays usable to read why
                return add_workshop(actor, unit, name=name, subject=subject, stage=stage, leader=chosen)
        except IntegrityError:
            if not _twin(unit, subject, stage):
                raise
            raise WorkshopInvalid("subject", "duplicate") from None


def _twin(unit: OrgUnit, subject: str, stage: SchoolStage) -> bool:
    """Whether ``unit`` has a workshop of ``subject`` at ``stage`` (the unique index's columns)."""
    return db.session.scalar(select(Workshop.id).where(Workshop.org_unit_id == unit.id, Workshop.subject == subject,
                                                       Workshop.stage == stage.value)) is not None


def edit(actor: User, workshop_id: int, *, name: str, leader: str) -> None:
    """The admin's use case: the workshop renamed or handed to another leader, who is granted
    the role if they lack it. The one before loses the workshop's members at once: a leader
    reads them because the workshop names them (``Workshop.leader_id``), not by the role."""
    with use_case():
        scope = Scope.of(actor, ADMIN_ROLES)
        workshop = _administered(scope, workshop_id)
        name = _text("name", name, MAX_NAME)
        chosen = _leader(actor, scope, leader, workshop.org_unit)
        before = {"name": workshop.name, "leader": workshop.leader.username}
        workshop.name, workshop.leader = name, chosen
        record_event(actor, "workshop.changed", workshop, before=before,
                     after={"name": name, "leader": chosen.username}, org_unit_id=workshop.org_unit_id)


def remove(actor: User, workshop_id: int) -> str:
    """The admin's use case: the workshop deleted, returning its name. Nothing refers to a
    workshop (its members are not stored, a report reads the workshops there are); its
    settings and its leader's summary are kept in the audit event."""
    with use_case():
        workshop = _administered(Scope.of(actor, ADMIN_ROLES), workshop_id)
        name = workshop.name
        record_event(actor, "workshop.removed", workshop, org_unit_id=workshop.org_unit_id, before={
            "name": name, "org_unit": workshop.org_unit.code, "subject": workshop.subject, "stage": workshop.stage,
            "leader": workshop.leader.username, "summary": workshop.summary})
        db.session.delete(workshop)
        return name


def _administered(scope: Scope, workshop_id: int) -> Workshop:
    workshop = db.session.get(Workshop, workshop_id)
    if workshop is None or not scope.covers(workshop.org_unit):
        raise WorkshopRefused(workshop_id)
    return workshop


def _text(field: str, value: str, maximum: int) -> str:
    """A name or subject as kept: trimmed (a subject as a teacher's are, so it matches them)."""
    value = value.strip()
    if not value:
        raise WorkshopInvalid(field, "required")
    if len(value) > maximum:
        raise WorkshopInvalid(field, "too_long")
    return value


def _leader(actor: User, scope: Scope, username: str, unit: OrgUnit) -> User:
    """The active user named ``username`` who holds a role inside the actor's scope (a
    teacher at one of their schools, most often), granted the leader's role over ``unit`` if
    they hold it nowhere yet. Building block: adds to the session.

    The account's row is held until the use case ends, as deactivating it holds it
    (``users.set_active``): an account deactivated at the moment it is handed a workshop is
    either refused here, or refused deactivation for the workshop it now leads."""
    found = db.session.scalar(select(User.id).where(User.username == username.strip()).with_for_update())
    user = db.session.get(User, found, populate_existing=True) if found is not None else None
    if user is None or not user.active or not any(scope.covers(a.org_unit) for a in user.roles):
        raise WorkshopInvalid("leader", "not_found")  # the same answer outside the scope: no names learnt
    if not user.has_role(UserRole.WORKSHOP_LEADER):
        if UserRole.WORKSHOP_LEADER not in assignable_roles(actor) or not role_fits(UserRole.WORKSHOP_LEADER,
                                                                                   OrgKind(unit.kind)):
            raise WorkshopInvalid("leader", "not_assignable")
        user.roles.append(RoleAssignment(role=UserRole.WORKSHOP_LEADER.value, org_unit=unit))
        record_event(actor, "user.role_granted", user, after={"role": UserRole.WORKSHOP_LEADER.value,
                                                               "org_unit": unit.code}, org_unit_id=unit.id)
    return user
