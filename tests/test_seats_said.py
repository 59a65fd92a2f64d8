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
            Enrollment.status.in_(seated), Enrollment.role == "participant")).where(Enrollment.project_id == project_id)).one()
    client = app.test_client()
    login(client, "city_admin")
    listing = client.get(f"/projects/{project_id}/class").get_data(as_text=True)
    assert f"共 {count} 人报名，{holders} 人占用名额" in listing
    login(client, "teacher")
    page = client.get("/me/enrollments").get_data(as_text=True)
    assert "所占名额随之交还" not in page


def test_an_instructor_in_the_class_holds_no_seat(make_app):
    """Instructors and mentors take no seat (review of stop 24): a class of participants and
    an instructor read one seat too many, and withdrawing the instructor "gave back" a seat."""
    from portal.domain import ActivityRole
    from portal.services import enrollments
    from tests.support import city_project

    app = make_app("qingdao", demo=True)
    project_id = city_project(app)
    with app.app_context():
        workflow = app.extensions["portal.region"].enrollment_workflow()
        seat = next(s.code for s in workflow.states if s.holds_seat and not s.final)
        teachers = db.session.scalars(select(Teacher).order_by(Teacher.id).limit(3)).all()
        for teacher, role in zip(teachers, (ActivityRole.PARTICIPANT, ActivityRole.PARTICIPANT, ActivityRole.INSTRUCTOR)):
            db.session.add(Enrollment(project_id=project_id, teacher_id=teacher.id, role=role.value, status=seat))
        db.session.commit()
        admin = db.session.scalar(select(User).where(User.username == "city_admin"))
        listing = enrollments.class_page(app.extensions["portal.region"], admin, project_id, 1, 20)
        assert (listing.page.total, listing.seated) == (3, 2)
        assert [r.holds_seat for r in listing.page.items if r.enrollment.role == "instructor"] == [False]
    client = app.test_client()
    login(client, "city_admin")
    assert "共 3 人报名，2 人占用名额" in client.get(f"/projects/{project_id}/class").get_data(as_text=True)
