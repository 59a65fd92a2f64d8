"""Known defects of the ruian region, each pinned by a test that failed before its fix: an education
zone (教育学区) could create training projects, which the notice has declared by the institutions and
the bureau (附件 第2项) and run by them and the schools (§一、§三 校（园）本培训); the 退选 note on
round 2 (§四(二)) stood beside a choice while the teacher held another round-1 choice; and an
English sentence of the core's read "Its results can be recorded from …, on"."""
from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import Enrollment
from tests.support import signed_in
from tests.test_ruian_trial7 import MATCHING, _project_id

SECOND = "心理健康教育与班级管理专题培训"  # the demo term's second training, open to any teacher
NOTE = "第一轮选课结束时没有第一轮所选课程"


# 1. An education zone (教育学区) could create training projects -----------------------------------

REFUSED = "培训项目由以下角色创建：教育局、培训机构人员、学校平台管理员。您的角色不能创建培训项目。"
PROJECT = {"name": "学区自办培训", "level": "county", "mode": "centralized", "hours": 12, "base_credits": 12,
           "start": "2031-04-01", "end": "2031-04-02", "capacity": 10}


def _menu(client) -> str:
    return client.get("/", follow_redirects=True).get_data(as_text=True).split('<section class="panel')[0]


def test_a_zone_creates_no_project_and_is_told_who_does(make_app):
    import base64

    app = make_app("ruian", demo=True)
    zone = signed_in(app, "district_admin")
    assert '/projects"' not in _menu(zone)  # no Projects entry in the menu
    for answer in (zone.get("/projects/new"), zone.post("/projects/new", data={"name": "学区自办培训"}),
                   zone.get("/projects")):
        page = answer.get_data(as_text=True)
        assert answer.status_code == 403 and REFUSED in page and "附件 第2项" in page
        assert "/projects/new" not in page.split("</header>")[-1]  # no button to a form it may not fill in
    auth = {"Authorization": "Basic " + base64.b64encode(b"district_admin:demo12345").decode()}
    api = app.test_client().post("/api/projects", json=PROJECT, headers=auth)
    assert api.status_code == 403 and REFUSED in api.json["message"], api.json
    zone.post("/locale/en")
    english = zone.get("/projects/new").get_data(as_text=True)
    assert "Training projects are created by: Education bureau, " in english and "Your role does not create them." in english
    # those the notice names still create them
    for username in ("city_admin", "institution", "school_admin"):
        client = signed_in(app, username)
        assert '/projects"' in _menu(client), username
        assert client.get("/projects").status_code == 200 and client.get("/projects/new").status_code == 200, username


def test_another_region_keeps_the_districts_projects(make_app):
    app = make_app("qingdao", demo=True)
    district = signed_in(app, "district_admin")
    assert district.get("/projects/new").status_code == 200


# 2. The 退选 note stood beside a choice while the teacher held another round-1 choice ---------------


def test_the_withdrawal_note_stands_only_beside_the_last_round1_choice_held(make_app):
    app = make_app("ruian", demo=True)  # round 1 open today, round 2 ahead
    first, second = _project_id(app, MATCHING), _project_id(app, SECOND)
    teacher = signed_in(app, "teacher")
    assert teacher.post(f"/catalog/{first}/select").status_code == 303
    page = teacher.get("/me/enrollments").get_data(as_text=True)
    assert "确认：退选" in page and NOTE in page  # her only round-1 choice: withdrawing it bars round 2
    assert teacher.post(f"/catalog/{second}/select").status_code == 303
    page = teacher.get("/me/enrollments").get_data(as_text=True)
    assert page.count("确认：退选") == 2 and NOTE not in page  # either withdrawn, the other keeps round 2 open
    assert NOTE not in teacher.get(f"/catalog/{first}").get_data(as_text=True)
    with app.app_context():
        enrollment_id = db.session.scalar(select(Enrollment.id).where(Enrollment.project_id == second))
    assert teacher.post(f"/enrollments/{enrollment_id}/moves",
                        data={"target": "withdrawn", "state": "selected"}).status_code == 303
    assert NOTE in teacher.get(f"/catalog/{first}").get_data(as_text=True)  # the last one held again


# 3. "Its results can be recorded from …, the training's last day, on" was no English sentence -------


def test_a_result_before_the_training_ends_is_refused_in_a_correct_english_sentence():
    from datetime import date, datetime
    from decimal import Decimal

    from plugins.ruian import workflow as W
    from plugins.ruian.enrollment import move_findings
    from portal.domain import Level, Mode, TeacherFacts, UserRole
    from portal.domain.selection import Move, ProjectFacts, Selection
    from portal.domain.text import using

    project = ProjectFacts("心理健康", Level.COUNTY, Mode.CENTRALIZED, date(2019, 10, 8), date(2019, 10, 10),
                           Decimal(24), base_credits=Decimal(24))
    selection = Selection(project, TeacherFacts(), datetime(2019, 10, 9, 2), UserRole.INSTITUTION_STAFF)
    move = Move(selection, W.CONFIRMED, "completed", UserRole.INSTITUTION_STAFF, data=None)
    (found,) = move_findings(move)
    assert not found.ok
    with using("en"):
        english = str(found.message)
    with using("zh_Hans_CN"):
        chinese = str(found.message)
    assert english == "Its results can be recorded on or after 2019-10-10, the training's last day"
    assert chinese == "自 2019-10-10（培训最后一天）起方可登记培训结果"


# The phone walk: a request for one more class read "1 more classes asked for" in English -------------


def test_one_more_class_asked_for_reads_in_the_singular(make_app):
    from portal import clock
    from portal.models import TrainingProject
    from portal.services import calendar as calendar_service

    app = make_app("ruian", demo=True)
    with app.app_context():
        today = clock.today()
        calendar_service.save(app.extensions["portal.region"], None, [
            p if p.kind not in ("class_expansion_request", "class_expansion_decision")
            else type(p)(p.kind, p.label, today, today, p.actors, p.source) for p in calendar_service.kept()])
    project_id = _project_id(app, MATCHING)
    with app.app_context():
        assert db.session.get(TrainingProject, project_id).organiser.kind == "institution"
    institution = signed_in(app, "institution")
    institution.post(f"/projects/{project_id}/classes", data={"classes": "1", "reason": "第一轮审核通过人数超过班额"})
    city = signed_in(app, "city_admin")
    assert "申请增加 1 个班：" in city.get(f"/projects/{project_id}").get_data(as_text=True)
    city.post("/locale/en")
    for page in (city.get(f"/projects/{project_id}"), city.get("/projects")):
        text = page.get_data(as_text=True)
        assert "1 more class asked for: " in text and "1 more classes" not in text


# The phone walk: outside its window, a request for more classes read "Institutions are not asking
# for more classes now", as if the institutions did not want them, beside a doubled colon ------------


def test_the_class_expansion_windows_read_as_the_schedules_times_in_english():
    from datetime import datetime

    from plugins.ruian.enrollment import project_findings
    from portal.domain import UserRole
    from portal.domain.selection import DECIDE_CLASSES, REQUEST_CLASSES, ProjectStep
    from portal.domain.text import using
    from plugins.ruian import parameters as P
    from tests.test_ruian_ra import _project

    said = {}
    for action, by in ((REQUEST_CLASSES, UserRole.INSTITUTION_STAFF), (DECIDE_CLASSES, UserRole.CITY_ADMIN)):
        step = ProjectStep(action, _project(), by, datetime(2019, 9, 20, 2), (), 1, P.PHASES_2019H2)
        (found,) = project_findings(step)
        assert not found.ok
        with using("en"):
            said[action] = str(found.message)
    assert said[REQUEST_CLASSES].startswith(
        "This is not the time for institutions to ask for more classes: the schedule's window for requests is "
        "2019-09-10 to 2019-09-11")
    assert said[DECIDE_CLASSES].startswith(
        "This is not the time to decide on requests for more classes: the schedule's window for decisions is "
        "2019-09-11 to 2019-09-12")
