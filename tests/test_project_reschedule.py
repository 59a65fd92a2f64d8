"""A published project's dates moved by its organiser once teachers hold seats: with a reason
each of them is told, audited, and never once results are recorded."""
from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from portal import clock
from portal.extensions import db
from portal.models import AuditEvent, Enrollment, Notification, TrainingProject
from tests.support import first_organiser, signed_in, unmarked
from tests.test_training_process import _enrollment, _new_project

NEXT_YEAR = clock.today().year + 1


def _selected(app):
    """A shanxi project published by the district, selected by the demo teacher."""
    district = signed_in(app, "district_admin")
    project_id = _new_project(app, district, level="county", stages=["junior_high"])
    assert district.post(f"/projects/{project_id}/declare").status_code == 303
    assert signed_in(app, "teacher").post(f"/catalog/{project_id}/select").status_code == 303
    return district, project_id


def _move(client, project_id, start, end, reason="因天气原因延期"):
    return client.post(f"/projects/{project_id}/dates",
                       data={"dates-start": start, "dates-end": end, "dates-reason": reason})


def test_the_organiser_moves_the_dates_its_teachers_are_told_why(make_app):
    app = make_app("shanxi", demo=True)
    district, project_id = _selected(app)
    page = district.get(f"/projects/{project_id}").get_data(as_text=True)
    assert 'action="/projects/%d/dates"' % project_id in page
    edited = district.get(f"/projects/{project_id}/edit").get_data(as_text=True)
    assert edited  # the edit form still refuses new dates once a seat is taken; this is the way

    moved = _move(district, project_id, f"{NEXT_YEAR}-04-06", f"{NEXT_YEAR}-04-08")
    assert moved.status_code == 303, moved.get_data(as_text=True)
    with app.app_context():
        project = db.session.get(TrainingProject, project_id)
        assert (project.start_date.isoformat(), project.end_date.isoformat()) == (f"{NEXT_YEAR}-04-06",
                                                                                   f"{NEXT_YEAR}-04-08")
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "project.rescheduled"))
        assert event.before == {"start": f"{NEXT_YEAR}-03-02", "end": f"{NEXT_YEAR}-03-04"}
        assert event.after["reason"] == "因天气原因延期"
        teacher_id = db.session.get(Enrollment, _enrollment(app, project_id).id).teacher.user_id
        told = db.session.scalars(select(Notification).where(Notification.subject_type == "training_project",
                                                             Notification.subject_id == project_id)).all()
        assert [n.user_id for n in told] == [teacher_id]
    notices = signed_in(app, "teacher").get("/notifications").get_data(as_text=True)
    assert "因天气原因延期" in notices and f"{NEXT_YEAR}-04-06" in notices


def test_bad_dates_and_a_missing_reason_are_refused_and_nothing_changes(make_app):
    app = make_app("shanxi", demo=True)
    district, project_id = _selected(app)
    backwards = _move(district, project_id, f"{NEXT_YEAR}-04-08", f"{NEXT_YEAR}-04-06")
    assert backwards.status_code == 422 and "结束日期早于开始日期" in backwards.get_data(as_text=True)
    assert _move(district, project_id, f"{NEXT_YEAR}-04-06", f"{NEXT_YEAR}-04-08", reason="").status_code == 422
    same = _move(district, project_id, f"{NEXT_YEAR}-03-02", f"{NEXT_YEAR}-03-04")
    assert same.status_code == 422
    with app.app_context():
        assert db.session.get(TrainingProject, project_id).start_date.isoformat() == f"{NEXT_YEAR}-03-02"
        assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "project.rescheduled")) is None


def test_once_results_are_recorded_the_dates_stay(make_app):
    app = make_app("shanxi", demo=True)
    district, project_id = _selected(app)
    with app.app_context():
        enrollment = db.session.get(Enrollment, _enrollment(app, project_id).id)
        enrollment.attended_hours = Decimal(8)
        db.session.commit()
    refused = _move(district, project_id, f"{NEXT_YEAR}-04-06", f"{NEXT_YEAR}-04-08")
    assert refused.status_code == 422
    assert "已登记培训结果" in refused.get_data(as_text=True)


def test_only_the_organiser_moves_the_dates(make_app):
    app = make_app("shanxi", demo=True)
    _district, project_id = _selected(app)
    assert _move(signed_in(app, "teacher"), project_id, f"{NEXT_YEAR}-04-06", f"{NEXT_YEAR}-04-08").status_code == 404
    with app.app_context():
        start = db.session.get(TrainingProject, project_id).start_date
    assert start - clock.today() > timedelta(0)
    assert start.isoformat() == f"{NEXT_YEAR}-03-02"



def _school_project(school, **fields) -> dict:
    """A school's new project as its form is filled in: a school training of three days next
    March for junior high teachers, and ``fields`` (a school runs trainings of its own level:
    ``portal_highest_levels``)."""
    form = school.get("/projects/new").get_data(as_text=True)
    organiser = first_organiser(form)
    return {"organiser": organiser, "name": "学校培训", "level": "school", "mode": "centralized",
            "start": f"{NEXT_YEAR}-03-02", "end": f"{NEXT_YEAR}-03-04", "hours": "24", "classes": "1",
            "class_size": "30", "fee": "0", "stages": ["junior_high"], **fields}


def test_a_school_cannot_declare_its_own_training_national(make_app):
    """A unit runs trainings of its own level or below unless the region says otherwise
    (``portal_highest_levels``): a school's 'national' training would earn its teachers national credits."""
    app = make_app("shanxi", demo=True)
    school = signed_in(app, "school_admin")
    data = _school_project(school, name="学校自定国家级测试", level="national")
    refused = school.post("/projects/new", data=data)
    assert refused.status_code == 422
    assert "校级" in refused.get_data(as_text=True)  # its highest, in shanxi's word: a school's own
    with app.app_context():
        assert db.session.scalar(select(TrainingProject).where(TrainingProject.name == "学校自定国家级测试")) is None
    assert school.post("/projects/new", data={**data, "level": "school"}).status_code == 303


def test_a_selection_waiting_for_its_school_fixes_the_dates_too(make_app):
    """qingdao takes the seat only once the school approves: a teacher who has applied still
    chose these dates, so they move only with a reason the teacher is told."""
    app = make_app("qingdao", demo=True)
    institution = signed_in(app, "institution")
    project_id = _new_project(app, institution, fee="100", program="city_personalized")
    assert institution.post(f"/projects/{project_id}/declare").status_code == 303
    assert signed_in(app, "teacher").post(f"/catalog/{project_id}/select", data={"invoice": "x"}).status_code == 303
    with app.app_context():
        project = db.session.get(TrainingProject, project_id)
        assert project.taken == 0 and _enrollment(app, project_id).status == "applied"
    edit = institution.get(f"/projects/{project_id}/edit").get_data(as_text=True)
    organiser = re.search(r'id="organiser" name="organiser"[^>]*>\s*<option[^>]*value="(\d+)"', edit)
    moved = institution.post(f"/projects/{project_id}/edit", data={
        "organiser": organiser.group(1) if organiser else "", "name": "小学语文整本书阅读", "level": "city",
        "mode": "centralized", "start": f"{NEXT_YEAR}-05-04", "end": f"{NEXT_YEAR}-05-06", "hours": "24",
        "classes": "1", "class_size": "30", "fee": "100", "stages": ["primary"], "program": "city_personalized"})
    assert moved.status_code == 422  # not by editing
    assert 'action="/projects/%d/dates"' % project_id in institution.get(f"/projects/{project_id}").get_data(as_text=True)
    assert _move(institution, project_id, f"{NEXT_YEAR}-05-04", f"{NEXT_YEAR}-05-06").status_code == 303
    assert "因天气原因延期" in signed_in(app, "teacher").get("/notifications").get_data(as_text=True)


def test_a_training_is_not_moved_to_a_day_already_past(make_app):
    app = make_app("shanxi", demo=True)
    district, project_id = _selected(app)
    past = clock.today() - timedelta(days=10)
    refused = _move(district, project_id, past.isoformat(), (past + timedelta(days=2)).isoformat())
    assert refused.status_code == 422 and "已经过去" in refused.get_data(as_text=True)


def test_moving_a_training_into_fewer_days_says_what_completing_it_now_earns(make_app):
    """qingdao credits a day's training up to a daily limit: a phone trial moved a 12-hour training
    of two days into one, and its promised credits fell with nothing said to anyone."""
    from portal.domain import Level, Mode
    from portal.models import Teacher, User
    from portal.services import projects, training

    app = make_app("qingdao", demo=True)
    start = clock.today() + timedelta(days=30)
    with app.app_context():
        district = db.session.scalar(select(User).where(User.username == "district_admin")).roles[0].org_unit
        project = training.add_project(None, district, name="两天的区级集中培训", level="county", mode="centralized",
                                       start_date=start, end_date=start + timedelta(days=1), year=start.year,
                                       hours=Decimal(12), capacity=30, status="published")
        teacher = db.session.scalar(select(Teacher).join(User, Teacher.user_id == User.id)
                                    .where(User.username == "teacher"))
        training.enroll(app.extensions["portal.region"], None, project, teacher)
        db.session.commit()
        project_id = project.id
    admin = signed_in(app, "district_admin")
    moved = admin.post(f"/projects/{project_id}/dates", follow_redirects=True, data={
        "dates-start": start.isoformat(), "dates-end": start.isoformat(), "dates-reason": "场地调整，压缩为一天"})
    page = unmarked(moved.get_data(as_text=True))
    said = re.search(r"按新的日期，完成后可得 ([\d.]+) 学分（原为 ([\d.]+) 学分）", page)
    assert said, page
    assert Decimal(said.group(1)) < Decimal(said.group(2))
    with app.app_context():
        region = app.extensions["portal.region"]
        for day, last, figure in ((start, start, said.group(1)), (start, start + timedelta(days=1), said.group(2))):
            planned = projects.planned_activity(Level.COUNTY, Mode.CENTRALIZED, Decimal(12), day, last, None, (), None)
            assert region.convert(planned, on=last).amount == Decimal(figure)
    notices = unmarked(signed_in(app, "teacher").get("/notifications").get_data(as_text=True))
    assert "场地调整，压缩为一天；按新的日期，完成后可得 %s 学分（原为 %s 学分）" % said.groups() in notices


def test_the_teacher_reads_whom_the_next_step_waits_for_the_nearest_of_them(make_app):
    """A district's training: its results are the district's to record (a city or province admin
    could too, an institution or a school could not); a phone trial read all five roles."""
    app = make_app("shanxi", demo=True)
    _district, _project_id = _selected(app)
    page = signed_in(app, "teacher").get("/me/enrollments").get_data(as_text=True)
    waiting = re.search(r'<p class="note waiting">(.*?)</p>', page, re.S).group(1)
    assert waiting.startswith("下一步由区县管理员办理，") and "或" not in waiting.split("办理")[0]


def test_a_centralized_training_holds_no_more_hours_than_its_days(make_app):
    """A qingdao trial's institution saved 40 hours of a centralized training in one day."""
    app = make_app("shanxi", demo=True)
    school = signed_in(app, "school_admin")
    data = _school_project(school, name="一天四十学时", end=f"{NEXT_YEAR}-03-02", hours="40")
    refused = school.post("/projects/new", data=data)
    assert refused.status_code == 422 and "1 天的培训每天最多计 12 学时" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(TrainingProject).where(TrainingProject.name == "一天四十学时")) is None
    assert school.post("/projects/new", data={**data, "end": f"{NEXT_YEAR}-03-05"}).status_code == 303


def test_once_results_are_recorded_the_page_says_so_in_place_of_the_form(make_app):
    """A phone trial's district opened a finished training with its results registered: the page
    offered "改期", and only the submitted form said that results forbade it. The page and the
    use case ask one question (``reschedule_withheld``)."""
    from portal.services import projects

    app = make_app("shanxi", demo=True)
    district, project_id = _selected(app)
    assert 'action="/projects/%d/dates"' % project_id in district.get(f"/projects/{project_id}").get_data(as_text=True)
    with app.app_context():
        enrollment = db.session.get(Enrollment, _enrollment(app, project_id).id)
        enrollment.attended_hours = Decimal(8)
        db.session.commit()
        assert projects.reschedule_withheld(db.session.get(TrainingProject, project_id)) == "results"
    page = district.get(f"/projects/{project_id}").get_data(as_text=True)
    assert 'action="/projects/%d/dates"' % project_id not in page
    assert "已登记培训结果，不能再改期。" in page
    assert _move(district, project_id, f"{NEXT_YEAR}-04-06", f"{NEXT_YEAR}-04-08").status_code == 422


def test_the_level_refusal_under_its_field_marks_the_units_name(make_app):
    """The refusal of a level above a unit's reach names the unit ("{unit} organises trainings of …"):
    under the field it was the message's plain words, the school's name unmarked in an English
    sentence, where the refusals of the region's rules beside it mark theirs."""
    app = make_app("shanxi", demo=True)
    school = signed_in(app, "school_admin")
    data = _school_project(school, name="学校自定国家级测试", level="national")
    school.post("/locale/en")
    refused = school.post("/projects/new", data=data).get_data(as_text=True)
    error = re.search(r'<p class="error" id="level-error">(.*?)</p>', refused, re.S).group(1)
    assert "organises trainings of" in error
    # shanxi cites the school's reach (校本研修, §二(一)): its refusal reads as every cited one, after "Not possible: "
    assert re.match(r'(Not possible: )?<span translate="no">[^<]+</span> organises trainings of', error), error
