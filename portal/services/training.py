"""Training projects and enrollments: adding a project, taking a seat, recording completion.
Each step is one audit event; seats are taken with a conditional UPDATE (DESIGN pitfall 1).

``add_project``, ``enroll`` and ``record_completion`` are use cases, each one committed
transaction; ``create_project``, ``seat_teacher`` and ``complete_enrollment`` are their
building blocks, for a use case that does several steps at once (the demo)."""
from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError

from ..domain import ActivityRole, Grade
from ..extensions import db
from ..models import Enrollment, LedgerEntry, OrgUnit, Teacher, TrainingProject, User
from ..plugins import Region
from . import ledger
from .audit import record_event
from .scope import Scope
from .transactions import use_case, writing

COMPLETED = "completed"  # the enrollment state every workflow has, in which credits are due


class EnrollmentRefused(Exception):
    """``code``: "full" (no seat left) or "already" (the teacher is enrolled)."""

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
    seat = db.session.execute(
        update(TrainingProject)
        .where(TrainingProject.id == project.id,
               or_(TrainingProject.capacity.is_(None), TrainingProject.taken < TrainingProject.capacity))
        .values(taken=TrainingProject.taken + 1)
        .execution_options(synchronize_session=False)
    )
    if seat.rowcount != 1:
        raise EnrollmentRefused("full")
    db.session.expire(project, ["taken"])
    enrollment = Enrollment(project=project, teacher=teacher, role=role.value, service_year=service_year,
                            status=region.enrollment_workflow().initial)
    db.session.add(enrollment)
    db.session.flush()
    return enrollment


def record_completion(region: Region, actor: User | None, enrollment: Enrollment, attended_hours: Decimal,
                      grade: Grade | None, audit_state: str | None = None,
                      scores: Mapping[str, Decimal] | None = None) -> LedgerEntry:
    """The use case: the enrollment completed and its credits entered, in one transaction;
    refused (``AuditStateRefused``, a rule's ``Refused``), nothing is kept."""
    with use_case():
        return complete_enrollment(region, actor, enrollment, attended_hours, grade, audit_state, scores)


def complete_enrollment(region: Region, actor: User | None, enrollment: Enrollment, attended_hours: Decimal,
                        grade: Grade | None, audit_state: str | None = None,
                        scores: Mapping[str, Decimal] | None = None) -> LedgerEntry:
    """A building block: mark the enrollment completed and enter its credits in the ledger,
    converted by the region's rules; the entry waits at the start of the audit workflow
    unless told otherwise. The caller commits."""
    writing()
    before = {"status": enrollment.status}
    enrollment.status = COMPLETED
    enrollment.attended_hours = attended_hours
    enrollment.grade = grade.value if grade else None
    enrollment.scores = {k: str(v) for k, v in (scores or {}).items()}
    record_event(actor, "enrollment.completed", enrollment, before=before,
                 after={"status": COMPLETED, "attended_hours": str(attended_hours),
                        "grade": enrollment.grade, "scores": enrollment.scores}, org_unit_id=enrollment.teacher.school_id)
    return ledger.register_completion(region, enrollment, actor, audit_state=audit_state)


def organised_projects(scope: Scope, limit: int = 50) -> list[TrainingProject]:
    """The latest projects run by the units of ``scope`` (a training institution's staff)."""
    if not scope:
        return []
    return db.session.scalars(
        select(TrainingProject).join(OrgUnit, TrainingProject.organiser_id == OrgUnit.id)
        .where(scope.covers_path(OrgUnit.path)).order_by(TrainingProject.start_date.desc()).limit(limit)
    ).all()
