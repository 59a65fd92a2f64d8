"""Through which reach a step is taken (``Transition.over``), found by a phone trial: the principal
of a school organising a county training could take the school's review (学校批准报名) of another
school's teacher's choice, which the documents make the teacher's own school's (qingdao 2018
annex 2 §四2, ruian §四(二)); the organiser's own steps (参训学员报名, the institution's recheck)
keep working through the project it runs."""
from __future__ import annotations

import base64
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from plugins.qingdao import workflow as Q
from plugins.qingdao.demo import school_admin_username
from plugins.ruian import workflow as R
from portal import clock
from portal.domain import Transition, UserRole
from portal.domain.workflow import OVER, OVER_ORGANISER, OVER_TEACHER, Acting
from portal.extensions import db
from portal.models import Enrollment, OrgUnit, Teacher, User
from portal.services import enrollments, training
from tests.support import signed_in

HOME, OTHER = "sn-tpl", "sn-wdl"  # the demo principal's school, and another of the district


def _user(username: str) -> User:
    return db.session.scalar(select(User).where(User.username == username))


def _auth(username: str) -> dict:
    return {"Authorization": "Basic " + base64.b64encode(f"{username}:demo12345".encode()).decode()}


def _training_of(app, organiser: str, teachers_of: str, status: str, teachers: int = 1) -> tuple[int, list[int]]:
    """A free county-level school-based training run by the school ``organiser`` (its school
    admin is its organiser: 谁举办谁登记), held these last four days to today (its results may be
    recorded), with ``teachers`` of the school ``teachers_of`` in it in ``status``."""
    with app.app_context():
        region = app.extensions["portal.region"]
        start = clock.today() - timedelta(days=3)
        unit = db.session.scalar(select(OrgUnit).where(OrgUnit.code == organiser))
        project = training.add_project(None, unit, name=f"区级校本研修：{organiser}", level="county",
                                       mode="school_based", start_date=start, end_date=start + timedelta(days=3),
                                       year=start.year, hours=Decimal(12), capacity=30, fee=Decimal(0),
                                       status="published")
        school = db.session.scalar(select(OrgUnit).where(OrgUnit.code == teachers_of))
        ids = [training.enroll(region, None, project, t).id for t in db.session.scalars(
            select(Teacher).where(Teacher.school_id == school.id).order_by(Teacher.id).limit(teachers))]
        db.session.execute(Enrollment.__table__.update().where(Enrollment.id.in_(ids)).values(status=status))
        db.session.commit()
        return project.id, ids


def _targets(app, username: str, enrollment_id: int) -> set[str]:
    with app.app_context():
        row = enrollments.enrollment_row(app.extensions["portal.region"], _user(username), enrollment_id)
        return {t.target for t in row.moves}


def _awaiting(app, username: str) -> tuple[set[int], int]:
    with app.app_context():
        region, user = app.extensions["portal.region"], _user(username)
        page = enrollments.awaiting_page(region, user, 1, 500)
        return {r.enrollment.id for r in page.items}, enrollments.awaiting_count(region, user)


def test_the_organising_schools_principal_does_not_review_another_schools_teacher(make_app):
    app = make_app("qingdao", demo=True)
    project_id, (theirs,) = _training_of(app, HOME, OTHER, Q.APPLIED)
    # the page: no 学校批准报名 on the other school's teacher, in the class list the organiser sees whole
    assert _targets(app, "principal", theirs) == set()
    page = signed_in(app, "principal").get(f"/projects/{project_id}/class").get_data(as_text=True)
    assert "学校批准报名" not in page and "不予批准" not in page
    # the awaiting list and the home's count agree
    waiting, count = _awaiting(app, "principal")
    assert theirs not in waiting and count == len(waiting)
    # the API refuses the click
    client = app.test_client()
    refused = client.post(f"/api/enrollments/{theirs}/moves", json={"target": Q.APPROVED}, headers=_auth("principal"))
    assert refused.status_code == 422 and refused.json["error"] == "not_allowed"
    # saying who takes it: the teacher's own school, not the one running the training
    assert refused.json["message"] == "这一步由教师所在学校（或其上级）的学校管理员、校长办理。"
    assert {"role": "principal", "over": "teacher"} in refused.json["taken_by"]
    nowhere = client.post(f"/api/enrollments/{theirs}/moves", json={"target": "completed"}, headers=_auth("principal"))
    assert nowhere.status_code == 422 and nowhere.json["taken_by"] == []
    assert nowhere.json["message"] == "该报名在当前状态下没有这一步。"
    # the teacher's own school reviews it
    own = school_admin_username(OTHER)
    assert {Q.APPROVED, Q.REJECTED} <= _targets(app, own, theirs)
    assert theirs in _awaiting(app, own)[0]
    approved = client.post(f"/api/enrollments/{theirs}/moves", json={"target": Q.APPROVED}, headers=_auth(own))
    assert approved.status_code == 200 and approved.json["state"] == Q.APPROVED


def test_the_teachers_own_principal_reviews_a_choice_of_another_schools_training(make_app):
    app = make_app("qingdao", demo=True)
    _project_id, (mine,) = _training_of(app, OTHER, HOME, Q.APPLIED)
    assert {Q.APPROVED, Q.REJECTED} <= _targets(app, "principal", mine)
    waiting, count = _awaiting(app, "principal")
    assert mine in waiting and count == len(waiting)
    home = signed_in(app, "principal").get("/enrollments/awaiting").get_data(as_text=True)
    assert "学校批准报名" in home
    # the organising school's admin does not review it either
    assert Q.APPROVED not in _targets(app, school_admin_username(OTHER), mine)


def test_the_organisers_steps_are_taken_through_the_project_it_runs(make_app):
    app = make_app("qingdao", demo=True)
    _project_id, (applied, enrolled) = _training_of(app, HOME, OTHER, Q.APPLIED, teachers=2)
    with app.app_context():
        db.session.execute(Enrollment.__table__.update().where(Enrollment.id == enrolled).values(status=Q.ENROLLED))
        db.session.commit()
    # 参训学员报名 and 结业评价 are the organising school's, on another school's teachers too
    assert Q.ENROLLED in _targets(app, "school_admin", applied)
    assert Q.COMPLETED in _targets(app, "school_admin", enrolled)
    client = app.test_client()
    done = client.post(f"/api/enrollments/{enrolled}/moves", headers=_auth("school_admin"),
                       json={"target": Q.COMPLETED, "attended_hours": 12, "grade": "pass"})
    assert done.status_code == 200 and done.json["state"] == "completed"
    # and not the teacher's own school's, which did not run it
    own = school_admin_username(OTHER)
    assert Q.ENROLLED not in _targets(app, own, applied)
    refused = client.post(f"/api/enrollments/{applied}/moves", json={"target": Q.ENROLLED}, headers=_auth(own))
    assert refused.status_code == 422 and refused.json["error"] == "not_allowed"


def test_a_step_is_held_through_the_reach_it_names():
    review = Transition("selected", "approved", UserRole.PRINCIPAL, "review", over=OVER_TEACHER)
    either = Transition("selected", "approved", UserRole.PRINCIPAL, "review")
    organising = Acting({UserRole.PRINCIPAL: (OVER_ORGANISER,)})
    assert not review.held_by(organising) and either.held_by(organising)
    assert review.held_by(Acting({UserRole.PRINCIPAL: OVER})) and review.held_by(frozenset({UserRole.PRINCIPAL}))
    # ruian: the school's review through the teacher, the institution's recheck and completion through the organiser
    workflow = R.ENROLLMENT_WORKFLOW
    assert workflow.awaiting(UserRole.PRINCIPAL, OVER_ORGANISER) == frozenset()
    assert workflow.awaiting(UserRole.PRINCIPAL, OVER_TEACHER) == {R.SELECTED}
    assert workflow.awaiting(UserRole.INSTITUTION_STAFF, OVER_TEACHER) == frozenset()
    assert workflow.awaiting(UserRole.INSTITUTION_STAFF, OVER_ORGANISER) == {R.SCHOOL_APPROVED, R.CONFIRMED}


def test_the_organising_school_does_not_withdraw_another_schools_teacher(make_app):
    """qingdao's 退出 is the teacher's own school's (review of stop 24): the admin of a school
    hosting a county training could withdraw another school's teacher and free her seat."""
    app = make_app("qingdao", demo=True)
    _project_id, (theirs,) = _training_of(app, HOME, OTHER, Q.ENROLLED)
    assert Q.WITHDRAWN not in _targets(app, "school_admin", theirs)
    refused = app.test_client().post(f"/api/enrollments/{theirs}/moves", headers=_auth("school_admin"),
                                     json={"target": Q.WITHDRAWN, "reason": "名额调整"})
    assert refused.status_code == 422 and refused.json["error"] == "not_allowed"
    assert Q.WITHDRAWN in _targets(app, school_admin_username(OTHER), theirs)
