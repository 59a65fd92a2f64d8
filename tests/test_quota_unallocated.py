"""A project whose seats are allocated to some units only (名额分配) refuses a teacher of a unit
holding none, neither their school nor a unit above it: nothing was ever allocated to that unit,
and the teacher (or the admin submitting them) reads so, not 名额已用完 (used up), which sends
them asking who took the seats."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from portal.domain import UserRole
from portal.domain.text import using
from portal.extensions import db
from portal.models import Enrollment, Teacher, TrainingProject, User
from portal.services import enrollments
from tests.test_quotas import _set, _setup

NONE_ALLOCATED = "该项目未给本单位分配名额"
USED_UP = "本单位在该项目的名额已用完"
QUOTA_CODES = ("selection_quota", "selection_quota_unallocated")


def _refused(app, project_id, user_id) -> list:
    with app.app_context():
        try:
            enrollments.select_project(app.extensions["portal.region"], db.session.get(User, user_id), project_id)
        except enrollments.SelectionRefused as refused:
            return [f for f in refused.findings if f.code in QUOTA_CODES]
        return []


def test_a_unit_allocated_no_seats_is_told_so_not_that_its_quota_is_used_up(make_app):
    app = make_app("shanxi", demo=True)
    project_id, district, (first, second), teachers = _setup(app)
    _set(app, project_id, {first: 1})  # the first school only: the second, and the district, hold none
    with app.app_context():
        user = db.session.get(User, teachers[second][0])
        said = enrollments.selection_findings(app.extensions["portal.region"], db.session.get(TrainingProject, project_id),
                                              db.session.scalar(select(Teacher).where(Teacher.user_id == user.id)),
                                              UserRole.TEACHER, datetime.now())
        quota = [f for f in said if f.code in QUOTA_CODES]
        assert [f.message for f in quota] == [NONE_ALLOCATED] and not quota[0].ok
        # its own code, as a region's refusal of a unit allocated none has: an API client tells
        # the two apart without reading the words, and so does a bulk submission's report
        assert quota[0].code == "selection_quota_unallocated"
        with using("en"):
            assert str(quota[0].message) == "No seats of this project were allocated to the unit"
    found = _refused(app, project_id, teachers[second][0])
    assert [f.message for f in found] == [NONE_ALLOCATED]
    # a unit that held seats and has none left still reads that its quota is used up
    assert _refused(app, project_id, teachers[first][0]) == []
    assert [f.message for f in _refused(app, project_id, teachers[first][1])] == [USED_UP]
    with app.app_context():
        assert db.session.scalar(select(Enrollment.id).join(Teacher).where(
            Enrollment.project_id == project_id, Teacher.user_id == teachers[second][0])) is None


def test_the_seat_taken_past_the_findings_says_none_was_allocated(make_app):
    app = make_app("shanxi", demo=True)
    project_id, district, (first, second), teachers = _setup(app)
    _set(app, project_id, {first: 1})
    with app.app_context():
        teacher = db.session.scalar(select(Teacher).where(Teacher.user_id == teachers[second][0]))
        enrollment = Enrollment(project_id=project_id, teacher_id=teacher.id, status="enrolled", role="participant")
        short = enrollments.hold_seat(enrollment, db.session.get(TrainingProject, project_id), teacher)
        assert short is not None and short.code == "selection_quota_unallocated" and short.message == NONE_ALLOCATED
        db.session.rollback()
