"""Training projects and enrollments: adding a project, taking a seat, recording completion.
Each step is one audit event; seats are taken with a conditional UPDATE (DESIGN pitfall 1).

``add_project``, ``enroll`` and ``record_completion`` are use cases, each one committed
transaction; ``create_project`` and ``seat_teacher`` are their building blocks, for a use
case that does several steps at once (the demo). These are the system's and the tests' ways
in; people's pages go through ``projects`` and ``enrollments``."""
from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .. import clock
from ..domain import COMPLETED, ActivityRole, Grade
from ..domain.selection import on_quota
from ..extensions import db
from ..models import Enrollment, LedgerEntry, OrgUnit, Teacher, TrainingProject, User
from ..plugins import Region
from . import ledger
from .projects import needs_first
from .audit import record_event
from .scope import Scope
from .transactions import use_case, writing



class EnrollmentRefused(Exception):
    """``code``: "full" (no seat left), "quota" (none left of the teacher's unit's quota) or
    "already" (the teacher is enrolled)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def add_project(actor: User | None, organiser: OrgUnit, **columns) -> TrainingProject:
    """The use case: a project run by ``organiser``, in one transaction."""
    with use_case():
        return create_project(actor, organiser, **columns)


def create_project(actor: User | None, organiser: OrgUnit, **columns) -> TrainingProject:
    """A building block: adds the project and its audit event; the caller commits."""
    writing()
    project = TrainingProject(organiser=organiser, taken=0, **columns)
    db.session.add(project)
    db.session.flush()
    record_event(actor, "project.created", project,
                 after={"name": project.name, "level": project.level, "mode": project.mode},
                 org_unit_id=organiser.id)
    return project


def enroll(region: Region, actor: User | None, project: TrainingProject, teacher: Teacher,
           role: ActivityRole = ActivityRole.PARTICIPANT, service_year: int | None = None) -> Enrollment:
    """The use case: give the teacher a seat, if one is left, in one transaction; refused
    (``EnrollmentRefused``), nothing is kept."""
    with use_case():
        return seat_teacher(region, actor, project, teacher, role, service_year)


def seat_teacher(region: Region, actor: User | None, project: TrainingProject, teacher: Teacher,
                 role: ActivityRole = ActivityRole.PARTICIPANT, service_year: int | None = None) -> Enrollment:
    """A building block: the seat, the enrollment and its audit event; the caller commits.

    Two admins enrolling at the same moment cannot overbook: the seat is taken by
    ``UPDATE … WHERE taken < capacity``. Two enrolling the same teacher at once: the second
    is refused as "already" by the unique constraint."""
    writing()
    if _enrolled(project, teacher):
        raise EnrollmentRefused("already")
    try:
        with db.session.begin_nested():  # a refused insert gives the seat back; the session stays usable
            enrollment = _take_seat(region, project, teacher, role, service_year)
    except IntegrityError:
        if not _enrolled(project, teacher):
            raise
        raise EnrollmentRefused("already") from None
    record_event(actor, "enrollment.created", enrollment,
                 after={"project": project.id, "teacher": teacher.id, "role": role.value},
                 org_unit_id=teacher.school_id)
    return enrollment


def _enrolled(project: TrainingProject, teacher: Teacher) -> bool:
    return db.session.scalar(select(Enrollment.id).where(Enrollment.project_id == project.id,
                                                         Enrollment.teacher_id == teacher.id)) is not None


def _take_seat(region: Region, project: TrainingProject, teacher: Teacher, role: ActivityRole,
               service_year: int | None) -> Enrollment:
    from .enrollments import hold_seat

    workflow = region.enrollment_workflow()
    enrollment = Enrollment(project_id=project.id, teacher_id=teacher.id, role=role.value, service_year=service_year,
                            status=workflow.initial)
    if workflow.state(workflow.initial).holds_seat:
        short = hold_seat(enrollment, project, teacher)  # the project's seat and the unit's quota, as a selection's
        if short is not None:
            raise EnrollmentRefused("quota" if on_quota(short) else "full")
    db.session.expire(project, ["taken"])
    db.session.add(enrollment)
    db.session.flush()
    return enrollment


def record_completion(region: Region, actor: User | None, enrollment: Enrollment, attended_hours: Decimal,
                      grade: Grade | None, audit_state: str | None = None,
                      scores: Mapping[str, Decimal] | None = None) -> LedgerEntry | None:
    """The use case: the organiser records the training's result, as the step of the region's
    workflow from the enrollment's state that asks for one; refused (``MoveRefused``) when
    there is none, so an enrollment still waiting for approval is never completed. Returns
    the ledger entry when that step completes the enrollment (some workflows wait for the
    teacher's evaluation first), else None. ``actor`` None: the system, in any role."""
    from .enrollments import MoveInput, MoveRefused, result_step, take_step

    with use_case():
        step = result_step(region, actor, enrollment)
        if step is None:
            raise MoveRefused("not_allowed")
        take_step(region, actor, enrollment, step,
                  MoveInput(attended_hours=attended_hours, grade=grade, scores=dict(scores or {})), audit_state)
        return ledger.entry_of(enrollment) if enrollment.status == COMPLETED else None


def organised_projects(scope: Scope, limit: int = 50) -> list[TrainingProject]:
    """The projects run by the units of ``scope`` (a training institution's staff), what needs
    them first, as their list of projects orders them (``projects.needs_first``)."""
    if not scope:
        return []
    return db.session.scalars(
        select(TrainingProject).join(OrgUnit, TrainingProject.organiser_id == OrgUnit.id)
        .where(scope.covers_path(OrgUnit.path)).order_by(*needs_first(clock.today())).limit(limit)
    ).all()
