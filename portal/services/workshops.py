"""A workshop leader's page (工作坊): their members' last sign-in, this year's hours or credits,
and the state and part scores of their latest training, so the leader follows who signs in,
who learns and who has tasks left; and the leader's summary of the training."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import String, cast, func, select

from ..domain import ADMIN_ROLES
from ..extensions import db
from ..models import Enrollment, OrgUnit, Teacher, TeacherStanding, TrainingProject, User, UserSession, Workshop
from ..models.types import utcnow
from .audit import record_event
from .pagination import Page, clamp
from .scope import Membership, Scope
from .transactions import use_case

MAX_SUMMARY = 5000


class WorkshopRefused(Exception):
    pass


@dataclass(frozen=True)
class MemberRow:
    teacher_id: int
    name: str
    school: str
    last_seen: datetime | None
    year_earned: Decimal | None
    training: str | None
    state: str | None
    scores: dict


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


def member_page(user: User, workshop_id: int, page: int, per_page: int) -> tuple[Workshop, Page]:
    """One page of the members, in one query: each with their last sign-in, their kept
    standing's figure for this year, and their latest enrollment."""
    workshop = _readable(user, workshop_id)
    members = Membership(workshop.org_unit.path, workshop.subject, workshop.stage, workshop.name)
    in_workshop = (select(Teacher.id).join(OrgUnit, Teacher.school_id == OrgUnit.id)
                   .where(members.condition(OrgUnit.path)))
    total = db.session.scalar(select(func.count()).select_from(in_workshop.subquery()))
    page = clamp(page, total, per_page)
    seen = (select(UserSession.user_id, func.max(UserSession.last_seen_at).label("seen"))
            .group_by(UserSession.user_id).subquery())
    # the latest training assessed in parts (its tasks are what the leader follows), else the latest
    assessed = cast(TrainingProject.assessment_weights, String) != "{}"
    latest = (select(Enrollment.teacher_id,
                     func.coalesce(func.max(Enrollment.id).filter(assessed), func.max(Enrollment.id)).label("id"))
              .join(TrainingProject, TrainingProject.id == Enrollment.project_id)
              .group_by(Enrollment.teacher_id).subquery())
    rows = db.session.execute(
        select(Teacher.id, Teacher.name, OrgUnit.name, seen.c.seen, TeacherStanding.year_earned,
               TrainingProject.name, Enrollment.status, Enrollment.scores)
        .join(OrgUnit, Teacher.school_id == OrgUnit.id)
        .outerjoin(seen, seen.c.user_id == Teacher.user_id)
        .outerjoin(TeacherStanding, TeacherStanding.teacher_id == Teacher.id)
        .outerjoin(latest, latest.c.teacher_id == Teacher.id)
        .outerjoin(Enrollment, Enrollment.id == latest.c.id)
        .outerjoin(TrainingProject, TrainingProject.id == Enrollment.project_id)
        .where(Teacher.id.in_(in_workshop))
        .order_by(seen.c.seen.is_(None).desc(), seen.c.seen, Teacher.name, Teacher.id)  # the absent first
        .limit(per_page).offset((page - 1) * per_page)).all()
    return workshop, Page([MemberRow(*row[:7], dict(row[7] or {})) for row in rows], page, per_page, total)


def write_summary(user: User, workshop_id: int, summary: str) -> None:
    """The use case: the leader's summary of the training kept (replacing the last), audited."""
    with use_case():
        workshop = _own(user, workshop_id)
        before = workshop.summary
        workshop.summary, workshop.summary_at = summary.strip()[:MAX_SUMMARY], utcnow()
        record_event(user, "workshop.summary", workshop, before={"summary": before},
                     after={"summary": workshop.summary}, org_unit_id=workshop.org_unit_id)
