"""Defects found when people tried the portal on a phone (ruian, shanxi), each pinned by a test
that failed before its fix."""
from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from portal import clock
from portal.extensions import db
from portal.models import LedgerEntry, OrgUnit, Teacher, TrainingProject, User
from portal.services import training
from tests.support import city_project, first_organiser, signed_in


def _city_project(app, **fields) -> int:
    """A published project of the city admin's unit."""
    return city_project(app, **{"name": "不限名额的培训", "capacity": None, **fields})


# 3. A project with unlimited seats showed 名额 0 ------------------------------------------------


def test_a_project_without_a_seat_limit_shows_no_limit_not_zero(make_app):
    app = make_app("ruian", demo=True)
    project_id = _city_project(app)
    city = signed_in(app, "city_admin")
    page = city.get(f"/projects/{project_id}").get_data(as_text=True)
    assert "<dt>名额</dt><dd>不限名额</dd>" in page
    listing = city.get("/projects").get_data(as_text=True)
    assert "不限名额" in listing and "0 个名额已占用" not in listing
    limited = _city_project(app, name="有名额的培训", capacity=30)
    assert "已占用 0 / 30 个名额" in city.get(f"/projects/{limited}").get_data(as_text=True)


# 7. An outside-training claim dated before the teacher entered post was accepted ------------

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def test_a_claim_dated_before_the_teacher_entered_post_is_refused_saying_so(make_app):
    app = make_app("shanxi", demo=True)
    entered = clock.today() - timedelta(days=100)
    with app.app_context():
        teacher = db.session.scalar(select(Teacher).join(User, Teacher.user_id == User.id)
                                    .where(User.username == "teacher"))
        teacher.entered_post = entered
        db.session.commit()
        claims_before = db.session.scalar(select(LedgerEntry.id).order_by(LedgerEntry.id.desc()).limit(1))
    client = signed_in(app, "teacher")
    data = {"title": "国培计划：信息技术应用能力提升", "level": "national", "figure": "8"}  # one day's hours
    before = client.post("/claims/new/outside_centralized", content_type="multipart/form-data",
                         data={**data, "activity_date": (entered - timedelta(days=1)).isoformat(),
                               "files": (io.BytesIO(PDF), "证书.pdf")})
    assert before.status_code == 422
    page = before.get_data(as_text=True)
    assert f"早于该教师{entered.isoformat()}入职" in page
    with app.app_context():  # nothing kept
        assert db.session.scalar(select(LedgerEntry.id).order_by(LedgerEntry.id.desc()).limit(1)) == claims_before
    on_the_day = client.post("/claims/new/outside_centralized", content_type="multipart/form-data",
                             data={**data, "activity_date": entered.isoformat(), "files": (io.BytesIO(PDF), "证书.pdf")})
    assert on_the_day.status_code == 303


# 1. Bulk enrolment was offered where ruian teachers select themselves, then failed with 409 ----


def test_admins_are_not_offered_to_enrol_participants_where_teachers_select_themselves(make_app):
    app = make_app("ruian", demo=True)
    project_id = _city_project(app, capacity=30)
    for username in ("city_admin", "school_admin"):
        admin = signed_in(app, username)
        page = admin.get(f"/projects/{project_id}/class").get_data(as_text=True)
        assert "批量报名" not in page  # the button that led to a 409
        # instructors and mentors are no selection, but ruian's rules credit only participants
        # (their result could never be recorded): not offered either
        assert "添加授课教师或指导教师" not in page
        assert admin.get(f"/projects/{project_id}/enrol?role=participant").status_code == 404
        assert admin.get(f"/projects/{project_id}/enrol").status_code == 404
        assert admin.get(f"/projects/{project_id}/enrol?role=instructor").status_code == 404
        with app.app_context():
            teacher_id = db.session.scalar(select(Teacher.id).order_by(Teacher.id).limit(1))
        refused = admin.post(f"/projects/{project_id}/enrol", data={"teacher": str(teacher_id), "role": "participant"})
        assert refused.status_code == 404
    with app.app_context():
        assert not db.session.get(TrainingProject, project_id).enrollments


def test_admins_still_enrol_participants_where_the_workflow_lets_them(make_app):
    app = make_app("shanxi", demo=True)
    project_id = _city_project(app, capacity=30)
    page = signed_in(app, "city_admin").get(f"/projects/{project_id}/class").get_data(as_text=True)
    assert "批量报名" in page
    enrol = signed_in(app, "city_admin").get(f"/projects/{project_id}/enrol").get_data(as_text=True)
    assert 'value="participant" selected' in enrol


def test_the_ruian_workflow_says_teachers_select_and_its_finding_reads_it():
    from plugins.ruian.workflow import ENROLLMENT_WORKFLOW
    from portal.domain import UserRole
    assert ENROLLMENT_WORKFLOW.selects(UserRole.TEACHER)
    assert not ENROLLMENT_WORKFLOW.admins_select({UserRole.SCHOOL_ADMIN, UserRole.CITY_ADMIN})


# 4. One figure shown as 76.55 in ruian's report and 76.5 in the core's --------------------------


def test_the_core_reports_show_figures_to_the_step_the_region_shows_them(make_app):
    """Ruian shows its averages and rates to 0.01 (its setting display_quantum); the core's
    report showed the same year's average per teacher to 0.1. Both now show 76.55."""
    from decimal import Decimal as D

    from plugins.ruian import reporting as ruian_reporting
    from portal.domain.reporting import ScopeSummary
    from portal.services import reports

    app = make_app("ruian")
    with app.app_context():
        region = app.extensions["portal.region"]
        today = clock.today()
        scope = ScopeSummary(teachers=4, projects=0, year=today.year, year_total=D("229.64"),
                             teachers_meeting_yearly=0, waiting=1)  # 229.64 / 3 = 76.5466…
        core = next(r for r in reports.core_reports(region, today) if r.code == "compliance")
        average = next(c for c in core.columns if c.code == "year_average").value(scope)
        ruian = ruian_reporting.average_finding(scope).actual
        assert average == ruian == D("76.55")
        assert reports.display_quantum(make_app("shanxi").extensions["portal.region"], today) == D("0.1")


# 2. Layer and topic codes on the project form were free text ----------------------------------


def _project_data(client, **fields) -> dict:
    form = client.get("/projects/new").get_data(as_text=True)
    organiser = first_organiser(form)
    data = {"organiser": organiser, "name": "骨干教师师德专题研修", "level": "city", "mode": "centralized",
            "start": "2099-03-02", "end": "2099-03-04", "hours": "24", "classes": "1", "class_size": "30",
            "fee": "0", "base_credits": "24", "description": "骨干教师"}
    return {**data, **fields}


def test_ruian_projects_choose_their_layer_and_topics_from_the_regions_lists(make_app):
    app = make_app("ruian", demo=True)
    city = signed_in(app, "city_admin")
    form = city.get("/projects/new").get_data(as_text=True)
    assert re.search(r'<select [^>]*name="layer"', form) and '<option value="骨干教师">骨干教师</option>' in form
    assert re.search(r'name="topics" type="checkbox" value="ethics"> <label for="topics-\d">师德</label>', form)
    assert "社会主义核心价值观" in form

    typed = city.post("/projects/new", data=_project_data(city, layer="优秀教师", topics=["ethics"]))
    assert typed.status_code == 422  # a layer the region does not list
    with app.app_context():
        assert db.session.scalar(select(TrainingProject.id).where(TrainingProject.name == "骨干教师师德专题研修")) is None
    unknown = city.post("/projects/new", data=_project_data(city, layer="骨干教师", topics=["ethics", "x1"]))
    assert unknown.status_code == 422

    # 瑞安市's bureau is a county's (县（市、区）级): its own trainings are of that level (portal_highest_levels)
    saved = city.post("/projects/new", data=_project_data(city, layer="骨干教师", topics=["ethics", "ecology"],
                                                          level="county"))
    assert saved.status_code == 303, saved.get_data(as_text=True)
    with app.app_context():
        project = db.session.scalar(select(TrainingProject).where(TrainingProject.name == "骨干教师师德专题研修"))
        assert (project.layer, sorted(project.topics)) == ("骨干教师", ["ecology", "ethics"])
        project_id = project.id
    edit = city.get(f"/projects/{project_id}/edit").get_data(as_text=True)
    assert re.search(r'<option (selected )?value="骨干教师"( selected)?>', edit).group(0) != '<option value="骨干教师">'
    assert re.search(r'<input checked id="topics-\d" name="topics" type="checkbox" value="ethics">', edit)


def test_the_service_refuses_a_layer_or_topic_the_region_does_not_list(make_app):
    from portal.domain import Level, Mode
    from portal.services import projects

    app = make_app("ruian", demo=True)
    with app.app_context():
        region = app.extensions["portal.region"]
        city = db.session.scalar(select(User).where(User.username == "city_admin"))
        base = projects.ProjectInput(name="接口项目", level=Level.CITY, mode=Mode.CENTRALIZED, start=date(2099, 3, 2),
                                     end=date(2099, 3, 4), hours=Decimal(24), base_credits=Decimal(24))
        organiser = projects.organiser_units(city)[0].id
        for wrong, field in (({"layer": "优秀教师"}, "layer"), ({"topics": ("ethics", "x1")}, "topics")):
            try:
                projects.create(region, city, organiser, replace(base, **wrong))
            except projects.ProjectRefused as refused:
                assert (refused.code, refused.field) == ("choice", field)
            else:
                raise AssertionError(f"{wrong} was kept")
        kaifeng = make_app("kaifeng")
        with kaifeng.app_context():  # a region that lists none keeps free text (shanxi lists its topics now);
            # its levels and modes are those its conversion takes (portal_activity_fields), not every core one
            choices = kaifeng.extensions["portal.region"].project_choices(date(2099, 3, 2))
            assert not {"topics", "layer"} & set(choices) and set(choices) <= {"level", "mode"}


# 5. A shanxi result recorded while the training ran, its credits dated on a day still to come --


def test_a_shanxi_result_waits_for_the_trainings_last_day_on_the_list_and_the_sheet(make_app):
    from portal.models import Enrollment
    from portal.services import enrollments, results

    app = make_app("shanxi", demo=True)
    today = clock.today()
    with app.app_context():
        region = app.extensions["portal.region"]
        institute = db.session.scalar(select(OrgUnit).where(OrgUnit.kind == "institution"))
        project = training.add_project(None, institute, name="县级集中培训（进行中）", level="county",
                                       mode="centralized", start_date=today, end_date=today + timedelta(days=3),
                                       year=today.year, hours=Decimal(24), capacity=30, status="published")
        teacher = db.session.scalar(select(Teacher).order_by(Teacher.id).limit(1))
        enrollment_id = training.enroll(region, None, project, teacher).id
        db.session.commit()
        project_id, id_number = project.id, teacher.id_number
        institution = db.session.scalar(select(User).where(User.username == "institution"))
        found = enrollments.class_page(region, institution, project_id, 1, 20)
        row = found.page.items[0]
        assert "completed" not in {t.target for t in row.moves}  # not offered while the training runs
        # the region's wait for the last day (completion_after_end), said once by the page, not under each row
        assert found.results_after_end and found.results_from == today
        with pytest.raises(results.ResultsTooEarly) as early:  # the sheet refused whole, with its last day
            results.results_preview(region, institution, project_id, [(2, [id_number, "24", "合格"])], ())
        assert early.value.end == today + timedelta(days=3)
        db.session.get(TrainingProject, project_id).end_date = today  # its last day: now it may be recorded
        db.session.commit()
        (sheet_row,) = results.results_preview(region, institution, project_id, [(2, [id_number, "24", "合格"])], ())
        assert sheet_row.ok
        assert db.session.get(Enrollment, enrollment_id).status != "completed"
