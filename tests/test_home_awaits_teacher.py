"""The teacher's home says when a training of theirs waits for a step of theirs: a qingdao trial's
teacher learned only from 消息 that her credits waited for her evaluation of the course (and a
school's approval for her enrolment and payment within 30 minutes)."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal import clock
from portal.domain import UserRole
from portal.extensions import db
from portal.models import Enrollment, Teacher, User
from portal.services.enrollments import my_enrollments
from tests.support import signed_in


@pytest.mark.parametrize("region", ["qingdao", "ruian"])
def test_the_home_counts_the_trainings_waiting_for_the_teacher(make_app, region):
    app = make_app(region, demo=True)
    with app.app_context():
        workflow = app.extensions["portal.region"].enrollment_workflow()
        theirs = workflow.awaiting(UserRole.TEACHER)
        teacher_id = db.session.scalar(select(Teacher.id).join(User, Teacher.user_id == User.id)
                                       .where(User.username == "teacher"))
        mine = db.session.scalars(select(Enrollment).where(Enrollment.teacher_id == teacher_id)).all()
        waiting = sum(e.status in theirs for e in mine)
    client = signed_in(app, "teacher")
    client.post("/locale/zh_Hans_CN")
    page = client.get("/me/").get_data(as_text=True)
    if waiting:
        assert f"您有 {waiting} 个培训待您办理" in page and 'href="/me/enrollments"' in page
    else:
        assert "待您办理" not in page
    if region == "qingdao":  # its teacher evaluates a course before its credits are due
        assert any(t.actor == UserRole.TEACHER for t in workflow.transitions)
        with app.app_context():
            # a course attended, its evaluation due (已结业，待教师评价): a step no rule refuses later
            # (not sorted(theirs)[0], 已审核 on a training ended since, whose enrolment is refused)
            enrollment = db.session.get(Enrollment, next(e.id for e in mine if e.role == "participant"))
            assert "finished" in theirs
            now_waiting = waiting + (enrollment.status not in theirs)
            enrollment.status = "finished"
            db.session.commit()
        assert f"您有 {now_waiting} 个培训待您办理" in client.get("/me/").get_data(as_text=True)
        client.post("/locale/en")
        english = client.get("/me/").get_data(as_text=True)
        assert (f"{now_waiting} of your trainings waits for a step of yours" if now_waiting == 1
                else f"{now_waiting} of your trainings wait for a step of yours") in english


def test_the_home_counts_no_training_whose_step_the_rules_refuse_now(make_app):
    """A training the school approved and the teacher never enrolled in, now ended, waits for no
    step of hers: her trainings page refuses it (培训已于…结束，不能再报名), and the home counted it
    as waiting for her for good (second read)."""
    app = make_app("qingdao", demo=True)
    with app.app_context():
        region = app.extensions["portal.region"]
        user = db.session.scalar(select(User).where(User.username == "teacher"))
        mine = db.session.scalars(select(Enrollment).join(Teacher, Enrollment.teacher_id == Teacher.id)
                                  .where(Teacher.user_id == user.id)).all()
        for enrollment in mine:
            enrollment.status = "approved"  # the school approved: the teacher enrols and pays
        coming = next(e.project for e in mine if e.role == "participant")  # one training still to come
        coming.start_date, coming.end_date = clock.today() + timedelta(days=30), clock.today() + timedelta(days=32)
        db.session.commit()
        rows = my_enrollments(region, user, 1, 100).items
        offered = sum(any(not t.cancels for t in row.moves) for row in rows)
    assert len(rows) == len(mine) > offered > 0  # some trainings ended: their enrolment is refused
    client = signed_in(app, "teacher")
    client.post("/locale/zh_Hans_CN")
    page = client.get("/me/").get_data(as_text=True)
    assert f"您有 {offered} 个培训待您办理" in page
