"""The teacher's home says when a training of theirs waits for a step of theirs: a qingdao trial's
teacher learned only from 消息 that her credits waited for her evaluation of the course (and a
school's approval for her enrolment and payment within 30 minutes)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.domain import UserRole
from portal.extensions import db
from portal.models import Enrollment, Teacher, User
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
            enrollment = db.session.get(Enrollment, mine[0].id)
            now_waiting = waiting + (enrollment.status not in theirs)
            enrollment.status = sorted(theirs)[0]
            db.session.commit()
        assert f"您有 {now_waiting} 个培训待您办理" in client.get("/me/").get_data(as_text=True)
        client.post("/locale/en")
        english = client.get("/me/").get_data(as_text=True)
        assert (f"{now_waiting} of your trainings waits for a step of yours" if now_waiting == 1
                else f"{now_waiting} of your trainings wait for a step of yours") in english
