"""Defects a phone trial found in ruian (attendance, seats waiting, other schools' school-based
projects, the declaration window's refusal), each pinned by a test that failed before its fix."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from portal import clock
from portal.domain import Grade
from portal.extensions import db
from portal.models import OrgUnit, Teacher, User
from portal.services import training
from tests.support import first_organiser, signed_in

D = Decimal


def _teacher(username: str) -> Teacher:
    return db.session.scalar(select(Teacher).join(User, Teacher.user_id == User.id).where(User.username == username))


def _unit(code: str) -> OrgUnit:
    return db.session.scalar(select(OrgUnit).where(OrgUnit.code == code))


# 1. Half the hours attended earned the project's full base credits ------------------------------


def test_half_the_hours_attended_does_not_earn_the_full_base_credits(make_app):
    app = make_app("ruian", demo=True)
    today = clock.today()
    with app.app_context():
        region = app.extensions["portal.region"]
        project = training.add_project(None, _unit("ra-tdc"), name="九十学分集中培训", level="county",
                                       mode="centralized", start_date=today - timedelta(days=20),
                                       end_date=today - timedelta(days=11), year=today.year, hours=D(90),
                                       base_credits=D(90), capacity=30, status="published")
        full, half = (training.enroll(region, None, project, _teacher(name)) for name in ("t0001", "t0002"))
        full.status = half.status = "confirmed"  # the institution's recheck admitted both
        db.session.commit()
        whole = training.record_completion(region, None, full, D(90), Grade.PASS)
        part = training.record_completion(region, None, half, D(45), Grade.PASS)
        assert whole.amount == D(90)
        assert part.amount == D(0)  # not completed: what an uncompleted training earns (setting fail_credits)
        said = [s["text"] for s in part.explanation.steps]
        project_id = project.id
    page = signed_in(app, "teacher").get(f"/catalog/{project_id}").get_data(as_text=True)
    # the preview's steps say what "attended in full" means under these rules
    assert "参训 90 学时，为项目 90 学时的 100%，达到完成培训所需的 100%" in page
    assert "参训 45 学时，为项目 90 学时的 50%，不到完成培训所需的 100%，按未完成培训处理" in said


# 4. The closed declaration window did not say where its dates are set ---------------------------


def test_a_closed_declaration_window_says_the_bureau_sets_it_on_the_selection_calendar(make_app):
    import re

    app = make_app("ruian", demo=True)  # the demo's declaration window is long past
    institution = signed_in(app, "institution")
    form = institution.get("/projects/new").get_data(as_text=True)
    organiser = first_organiser(form)
    year = clock.today().year + 1
    created = institution.post("/projects/new", data={
        "organiser": organiser, "name": "小学语文整本书阅读", "level": "city", "mode": "centralized",
        "start": f"{year}-03-02", "end": f"{year}-03-04", "hours": "24", "classes": "1", "class_size": "30",
        "fee": "0", "base_credits": "24"})
    project_id = int(re.search(r"/projects/(\d+)", created.headers["Location"]).group(1))
    institution.post(f"/projects/{project_id}/declare")  # refused: outside the window
    page = institution.get(f"/projects/{project_id}").get_data(as_text=True)
    flash = page.split('class="flash error"')[1].split("</p>")[0]
    assert "现在不在受理培训项目申报的时间内" in flash
    assert "由教育局在“选课进程”页设定" in flash  # the calendar page's name in the menu
    assert "选课进程" in institution.get("/calendar").get_data(as_text=True)
    institution.post("/locale/en", data={"next": "/"})
    english = institution.get(f"/projects/{project_id}").get_data(as_text=True)
    assert "Selection calendar" in english  # the page's name as an English reader's menu gives it
    assert re.search(r"set by the education bureau on the\s+.Selection calendar. page", english), english
    city = signed_in(app, "city_admin")  # the bureau itself is told where to change them
    with app.app_context():
        from portal.services import calendar as calendar_service
        assert calendar_service.may_edit(app.extensions["portal.region"],
                                         db.session.scalar(select(User).where(User.username == "city_admin")))
    assert city.get("/calendar").status_code == 200


# 2. Seats counted only once a choice is confirmed: the catalog showed seats left, not the queue --


def test_the_catalog_says_how_many_selections_wait_without_a_seat(make_app):
    from portal.models import TrainingProject
    from portal.services import enrollments

    app = make_app("ruian", demo=True)  # the demo's round 1 is open today
    with app.app_context():
        region = app.extensions["portal.region"]
        project = training.add_project(None, _unit("ra-tdc"), name="名额紧张的集中培训", level="county",
                                       mode="centralized", start_date=clock.today() + timedelta(days=60),
                                       end_date=clock.today() + timedelta(days=61), year=clock.today().year,
                                       hours=D(12), base_credits=D(12), capacity=2, status="published")
        db.session.commit()
        project_id = project.id
        for name in ("t0001", "t0002", "t0003"):
            enrollments.select_project(region, db.session.scalar(select(User).where(User.username == name)),
                                       project_id)
        assert db.session.get(TrainingProject, project_id).taken == 0  # ruian: a seat only on the recheck
    teacher = signed_in(app, "teacher")
    listing = teacher.get("/catalog").get_data(as_text=True).split("名额紧张的集中培训")[1].split("</li>")[0]
    assert "剩余 2 个名额" in listing and "3 人已选、未占名额" in listing
    page = teacher.get(f"/catalog/{project_id}").get_data(as_text=True)
    assert "已有 3 人选课，到“培训机构复核通过（培训通知在第二轮复核时发放）”时才占用名额" in page
    assert "选课人数多于剩余名额" in page
    import base64

    auth = {"Authorization": "Basic " + base64.b64encode(b"teacher:demo12345").decode()}
    detail = app.test_client().get(f"/api/projects/{project_id}", headers=auth).get_json()
    assert (detail["seats_left"], detail["waiting"]) == (2, 3)


# 3. A teacher was offered another school's school-based training -------------------------------


def _school_project(app, code: str, name: str, level: str = "school") -> int:
    today = clock.today()
    with app.app_context():
        project = training.add_project(None, _unit(code), name=name, level=level, mode="school_based",
                                       start_date=today + timedelta(days=30), end_date=today + timedelta(days=31),
                                       year=today.year, hours=D(12), base_credits=D(12), capacity=30,
                                       status="published")
        db.session.commit()
        return project.id


def test_a_teacher_is_not_offered_another_schools_own_training(make_app):
    app = make_app("ruian", demo=True)  # the demo teacher works at ra-school-1
    other = _school_project(app, "ra-school-2", "别校校本研修项目")
    own = _school_project(app, "ra-school-1", "本校校本研修项目")
    hosted = _school_project(app, "ra-school-2", "别校承办的县级培训", level="county")
    teacher = signed_in(app, "teacher")
    listing = teacher.get("/catalog?mode=school_based").get_data(as_text=True)
    assert "本校校本研修项目" in listing and "别校承办的县级培训" in listing
    assert "别校校本研修项目" not in listing
    refused = teacher.post(f"/catalog/{other}/select")  # the page reached by its address anyway
    assert refused.status_code == 409
    assert "只供该校教师参加" in refused.get_data(as_text=True)
    assert teacher.post(f"/catalog/{own}/select").status_code == 303
    assert teacher.post(f"/catalog/{hosted}/select").status_code == 303
    import base64

    auth = {"Authorization": "Basic " + base64.b64encode(b"teacher:demo12345").decode()}
    api = app.test_client().get("/api/projects?mode=school_based", headers=auth).get_json()
    assert {p["name"] for p in api["items"]} >= {"本校校本研修项目"} and "别校校本研修项目" not in {
        p["name"] for p in api["items"]}
    city = signed_in(app, "city_admin")  # an admin browsing sees every published training
    assert "别校校本研修项目" in city.get("/catalog?mode=school_based").get_data(as_text=True)


def test_a_region_may_open_its_schools_own_trainings_to_every_school(make_app):
    from portal.hookspecs import hookimpl

    class Open:
        @hookimpl
        def portal_school_projects_open(self):
            return True

    app = make_app("ruian", demo=True)
    other = _school_project(app, "ra-school-2", "别校校本研修项目")
    with app.app_context():
        region = app.extensions["portal.region"]
        region.pm.register(Open())
        region.__dict__.pop("school_projects_open", None)
    teacher = signed_in(app, "teacher")
    assert "别校校本研修项目" in teacher.get("/catalog?mode=school_based").get_data(as_text=True)
    assert teacher.post(f"/catalog/{other}/select").status_code == 303


def test_the_calculator_asks_the_projects_hours_to_judge_partial_attendance(make_app):
    client = signed_in(make_app("ruian", demo=True), "teacher")
    page = client.post("/rules/calculator", data={
        "mode": "centralized", "base_credits": "90", "hours": "45", "planned_hours": "90", "grade": "pass",
        "level": "county", "end": "2019-10-02"}).get_data(as_text=True)
    assert "项目学时（选填）" in page
    assert "参训 45 学时，为项目 90 学时的 50%，不到完成培训所需的 100%，按未完成培训处理" in page
    assert "出勤不足，未完成培训，得 0 学分" in page
