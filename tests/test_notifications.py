"""Notifications: kept in the person's list with the change that caused them, and sent outside
the portal (``portal_deliver_notification``) by a background job once that change is
committed, never for a change rolled back. (Jobs run at once here: ``conftest.jobs_run_at_once``.)"""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from portal import clock
from portal.domain.text import from_data
from portal.extensions import db
from portal.hookspecs import hookimpl
from portal.models import Enrollment, OrgUnit, Teacher, User
from portal.services import enrollments, training


class Gateway:
    """A deployment's SMS gateway, as a plugin implementing the delivery hook."""

    def __init__(self):
        self.sent = []

    @hookimpl
    def portal_deliver_notification(self, notice):
        self.sent.append((notice.user_id, notice.message.render("zh_Hans_CN"), notice.link))


@pytest.fixture
def gateway(make_app):
    app = make_app("qingdao", demo=True)
    sms = Gateway()
    app.extensions["portal.region"].pm.register(sms)
    return app, sms


def _enrollment(app, program="city_personalized"):
    region = app.extensions["portal.region"]
    organiser = db.session.scalar(select(OrgUnit).where(OrgUnit.kind == "institution"))
    start = clock.today() + timedelta(days=30)
    project = training.add_project(None, organiser, name="短信通知", level="city", mode="centralized",
                                   program=program, start_date=start, end_date=start, year=start.year,
                                   hours=Decimal(6), capacity=5, fee=Decimal(0), status="published")
    db.session.commit()
    user = db.session.scalar(select(User).where(User.username == "teacher"))
    return region, user, enrollments.select_project(region, user, project.id)


def test_a_step_another_takes_is_sent_to_the_teacher_after_it_is_committed(gateway):
    app, sms = gateway
    with app.app_context():
        region, teacher, enrollment = _enrollment(app)
        # the teacher's own selection tells those who approve it, her school, not the bureaus above it
        school = set(db.session.scalars(select(User.id).where(User.username.in_(("school_admin", "principal")))))
        assert {user_id for user_id, _w, _l in sms.sent} == school and teacher.id not in school
        assert all("选报了“短信通知”，等待您办理" in words and link == "/enrollments/awaiting"
                   for _u, words, link in sms.sent)
        sms.sent.clear()
        admin = db.session.scalar(select(User).where(User.username == "school_admin"))
        enrollments.move(region, admin, enrollment.id, "approved")
        ((user_id, words, link),) = sms.sent
        assert user_id == teacher.id and "短信通知" in words and link == "/me/enrollments"


def test_nothing_is_sent_for_a_change_rolled_back(gateway):
    """An admin submits two teachers, all or none: the first is told, the second is refused,
    so neither enrollment nor its message is kept or sent. (A training the school may submit
    teachers to: into a city personalized one nobody but the teacher enrols.)"""
    from portal.services import bulk_enrollment

    app, sms = gateway
    with app.app_context():
        region, teacher, enrollment = _enrollment(app, program=None)
        sms.sent.clear()  # the school was told of the teacher's own selection (above)
        admin = db.session.scalar(select(User).where(User.username == "school_admin"))
        own = db.session.scalar(select(Teacher).where(Teacher.user_id == teacher.id))
        colleague = db.session.scalar(select(Teacher).where(Teacher.school_id == own.school_id, Teacher.id != own.id,
                                                            Teacher.user_id.is_not(None)).order_by(Teacher.id))
        with pytest.raises(bulk_enrollment.BulkRefused):  # the teacher has already selected it
            bulk_enrollment.enrol_many(region, admin, enrollment.project_id, [colleague.id, own.id])
        assert sms.sent == []
        assert db.session.scalar(select(Enrollment.id).where(Enrollment.teacher_id == colleague.id,
                                                             Enrollment.project_id == enrollment.project_id)) is None


def test_a_step_that_leaves_the_enrollment_waiting_for_another_tells_them(make_app):
    """Phone trial (ruian): once the principal had approved a choice, it waited for the
    institution's recheck (复核, §四(二)), and the institution was not told, though a teacher's own
    selection tells the school it waits for its review. Any step that leaves an enrollment
    waiting for another's step now tells them, from the workflow's own data; the one who took
    it is not told, nor anyone for a step whose next one is only the training's result."""
    from portal.models import Notification
    from tests.support import signed_in
    from tests.test_ruian_trial7 import MATCHING, REVIEW_1, _move_phase, _phase, _project_id

    app = make_app("ruian", demo=True)
    project_id = _project_id(app, MATCHING)
    assert signed_in(app, "teacher").post(f"/catalog/{project_id}/select").status_code == 303
    _move_phase(app, REVIEW_1, clock.today(), _phase(app, REVIEW_1).end)  # the school's review opens today
    with app.app_context():
        enrollment_id = db.session.scalar(select(Enrollment.id).where(Enrollment.project_id == project_id))
        teacher = db.session.get(Enrollment, enrollment_id).teacher.name
        users = {u.username: u.id for u in db.session.scalars(select(User))}
        before = db.session.scalar(select(func.max(Notification.id))) or 0
    approved = signed_in(app, "principal").post(f"/enrollments/{enrollment_id}/moves", data={
        "target": "school_approved", "state": "selected", "next": "/enrollments/awaiting"})
    assert approved.status_code == 303
    with app.app_context():
        told = {(n.user_id, n.link): str(from_data(n.message).render("zh_Hans_CN")) for n in db.session.scalars(
            select(Notification).where(Notification.id > before, Notification.subject_id == enrollment_id))}
    assert (users["institution"], "/enrollments/awaiting") in told
    assert told[users["institution"], "/enrollments/awaiting"] == (
        f"{teacher}参加的“{_project_name(app, project_id)}”：审核通过，待培训机构复核，等待您办理")
    assert users["principal"] not in {user for user, _link in told}  # who took the step
    assert {user for user, _link in told} <= {users["institution"], users["teacher"]}  # not the bureaus above
    institution = signed_in(app, "institution")
    assert "等待您办理" in institution.get("/notifications").get_data(as_text=True)


def _project_name(app, project_id: int) -> str:
    from portal.models import TrainingProject

    with app.app_context():
        return db.session.get(TrainingProject, project_id).name


def test_a_notification_is_read_once_the_page_it_links_to_is_opened(make_app):
    """A phone trial's qingdao principal approved a teacher's request from the home's card and
    kept the badge (消息 1) of the request she had handled until she opened her messages: opening
    the page a notification links to reads it; other notifications stay unread."""
    from portal.models import Notification
    from tests.support import signed_in

    app = make_app("qingdao", demo=True)
    with app.app_context():
        _region, _user, enrollment = _enrollment(app)
        waiting = db.session.scalars(select(Notification).where(
            Notification.link == "/enrollments/awaiting", Notification.subject_id == enrollment.id)).first()
        assert waiting is not None and waiting.read_at is None
        username = db.session.get(User, waiting.user_id).username
        other = Notification(user_id=waiting.user_id, subject_type="test", subject_id=0,
                             message={"$text": {"domain": None, "id": "x"}}, link="/me/")
        db.session.add(other)
        db.session.commit()
        ids = waiting.id, other.id
    client = signed_in(app, username)
    assert client.get("/api/me/standing").status_code in (200, 404)  # the JSON API reads nothing
    with app.app_context():
        assert db.session.get(Notification, ids[0]).read_at is None
    page = client.get("/enrollments/awaiting").get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Notification, ids[0]).read_at is not None
        assert db.session.get(Notification, ids[1]).read_at is None
    assert '>1</span>' in page and '>2</span>' not in page  # the badge counts the other one only
