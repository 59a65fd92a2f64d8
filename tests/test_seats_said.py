"""Phone trial (qingdao, project 12): the project read "已占用 0 / 50" while its class list said
"共 1 人报名" (学校已批准，待报名, a state holding no seat), and the teacher's withdraw confirmation
said "所占名额随之交还" though she held no seat."""
from __future__ import annotations

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Enrollment, Teacher, User
from tests.support import login


def test_the_class_list_says_how_many_hold_a_seat_and_withdrawing_gives_back_none(make_app):
    app = make_app("qingdao", demo=True)
    with app.app_context():
        workflow = app.extensions["portal.region"].enrollment_workflow()
        approved = next(s for s in workflow.states if not s.holds_seat and not s.final and s.code != "applied")
        seated = [s.code for s in workflow.states if s.holds_seat]
        teacher = db.session.scalar(select(Teacher).join(User, Teacher.user_id == User.id)
                                    .where(User.username == "teacher"))
        mine = db.session.scalars(select(Enrollment).where(Enrollment.teacher_id == teacher.id,
                                                           Enrollment.status.in_(seated))).all()
        assert mine
        for enrollment in mine:  # the state the trial found her in (set here: how she got there is not the point)
            enrollment.status = approved.code
        db.session.commit()
        project_id = mine[0].project_id
        count, holders = db.session.execute(select(func.count(Enrollment.id), func.count(Enrollment.id).filter(
            Enrollment.status.in_(seated))).where(Enrollment.project_id == project_id)).one()
    client = app.test_client()
    login(client, "city_admin")
    listing = client.get(f"/projects/{project_id}/class").get_data(as_text=True)
    assert f"共 {count} 人报名，{holders} 人占用名额" in listing
    login(client, "teacher")
    page = client.get("/me/enrollments").get_data(as_text=True)
    assert "所占名额随之交还" not in page
