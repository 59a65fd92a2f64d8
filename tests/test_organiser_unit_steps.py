"""A training a bureau or a school runs itself has no institution staff: its own admins take the
organiser's steps (ruian's recheck and 登记结业, kaifeng's result), at that unit only (the reach
``OVER_ORGANISER_UNIT``); an institution's trainings stay its own. A deploying bureau's own
ruian project stuck at 审核通过，待培训机构复核, nobody able to take it further."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from portal import clock
from portal.extensions import db
from portal.models import Enrollment, OrgUnit, Teacher, User
from portal.services import enrollments, training


def _enrolment(app, organiser_code: str | None, organiser_of: str | None = None) -> int:
    """A published ruian training of the unit ``organiser_code`` (or of the unit ``organiser_of``,
    a username, holds its role at), its teacher's choice approved by the school."""
    with app.app_context():
        if organiser_of is not None:
            unit = db.session.scalar(select(User).where(User.username == organiser_of)).roles[0].org_unit
        else:
            unit = db.session.scalar(select(OrgUnit).where(OrgUnit.code == organiser_code))
        start = clock.today() + timedelta(days=30)
        project = training.add_project(None, unit, name=f"{unit.name}自办培训", level="county", mode="centralized",
                                       start_date=start, end_date=start, year=start.year, hours=Decimal(6),
                                       base_credits=Decimal(6), capacity=30, status="published")
        teacher = db.session.scalar(select(Teacher).join(User, Teacher.user_id == User.id)
                                    .where(User.username == "teacher"))
        enrollment = Enrollment(project_id=project.id, teacher_id=teacher.id, status="school_approved",
                                role="participant", phase="round1_selection")
        db.session.add(enrollment)
        db.session.commit()
        return enrollment.id


def _steps(app, username: str, enrollment_id: int) -> set[str]:
    """The targets of the steps ``username`` holds on the enrollment, offered now or withheld."""
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        row = enrollments.enrollment_row(app.extensions["portal.region"], user, enrollment_id)
        return {t.target for t in row.moves} | {w.target for w in row.withheld}


def test_the_bureaus_own_training_is_rechecked_by_its_admins_an_institutions_by_its_staff(make_app):
    app = make_app("ruian", demo=True)
    own = _enrolment(app, None, organiser_of="city_admin")
    assert _steps(app, "city_admin", own) == {"confirmed", "not_admitted"}
    assert not _steps(app, "institution", own)
    with app.app_context():
        institution_unit = db.session.scalar(select(User).where(User.username == "institution")).roles[0].org_unit
    theirs = _enrolment(app, institution_unit.code)
    assert _steps(app, "institution", theirs) == {"confirmed", "not_admitted"}
    assert not _steps(app, "city_admin", theirs)  # the bureau is above the institution, not its organiser
