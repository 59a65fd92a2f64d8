"""An all-staff project's own fields as its organiser fills them in (kaifeng-2018-online-training.txt
§三, §四(一), §四(二)1): its hours are the training's 60 (本次培训学时为60学时), since a pass
registers those whatever the project says; and it is for the stages its program takes (高中学段
by 陕西师范大学, 初中、小学、幼儿园等学段 by 中国教师教育网), the same stages a teacher's
submission is judged by (任教学段不符…).

An outside tester, as the demo's institution, saved an all-staff project of 30 学时 and handed it
in: its page read 学时 30 beside 完成该培训的教师可获得：60 学时. The junior, primary and
kindergarten program was saved for 高中 alone."""
from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from plugins.kaifeng import enrollment, parameters as P
from plugins.kaifeng.demo import next_training_year
from portal import clock
from portal.domain import SchoolStage, Selection, TeacherFacts, UserRole
from portal.extensions import db
from portal.models import TrainingProject, User
from portal.services import projects
from tests.support import signed_in, unmarked
from tests.test_kaifeng_projects import NAME, _auth, _created, _data, _error_of, _project, _set

JPK = "开封市中小学教师（初中、小学、幼儿园）继续教育全员培训"
HIGH = "开封市中小学教师（高中）继续教育全员培训"


def _refused_on(client, field: str, **fields) -> str:
    """A new project's form sent with ``fields``: refused (422), the words shown on ``field``."""
    refused = client.post("/projects/new", data=_data(client, **fields))
    assert refused.status_code == 422
    return unmarked(_error_of(refused.get_data(as_text=True), field))  # the names in it read as one string


def _api(program: str, **fields) -> dict:
    year = next_training_year(clock.today())
    return {"name": NAME, "level": "city", "mode": "online", "program": program, "hours": 60, "fee": 0,
            "start": f"{year}-01-04", "end": f"{year}-04-30", "capacity": 30, **fields}


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(TrainingProject.id)).where(TrainingProject.name.like(NAME + "%")))


# -- §三: 本次培训学时为60学时 ------------------------------------------------------------------


def test_an_all_staff_project_of_other_hours_is_refused_on_its_hours_field_with_the_clause(make_app):
    app = make_app("kaifeng", demo=True)
    institution = signed_in(app, "institution")
    said = _refused_on(institution, "hours", hours="30")
    assert "项目学时应为 60 学时，现为 30 学时" in said and re.search(r'class="cite"[^>]*>[^<]*》三</a>', said), said
    assert _count(app) == 0  # nothing saved

    api = app.test_client().post("/api/projects", headers=_auth("institution"),
                                 json=_api("all_staff_jpk", hours=30, stages=["primary"]))
    assert api.status_code == 422 and api.json["field"] == "hours", api.json
    assert [f["code"] for f in api.json["findings"]] == ["project_hours"]
    assert "§三" in api.json["findings"][0]["source"]
    assert _count(app) == 0

    project_id = _created(institution)  # 60: saved; its page and what it earns agree
    assert _project(app, project_id).hours == P.PROGRAM_HOURS.default == Decimal(60)
    again = institution.post(f"/projects/{project_id}/edit", data=_data(institution, hours="30"))
    assert again.status_code == 422 and "60 学时" in _error_of(again.get_data(as_text=True), "hours")
    assert _project(app, project_id).hours == 60

    other = _created(institution, program="", mode="centralized", hours="30", name=NAME + "（其他培训）")
    assert _project(app, other).hours == 30  # other training: its own hours, the notice is silent


def test_an_all_staff_project_of_other_hours_is_neither_handed_in_nor_approved(make_app):
    app = make_app("kaifeng", demo=True)
    institution = signed_in(app, "institution")
    project_id = _created(institution)
    _set(app, project_id, hours=Decimal(30))  # saved before the rule, or changed behind the form
    refused = institution.post(f"/projects/{project_id}/declare", follow_redirects=True)
    assert _project(app, project_id).status == "draft"
    assert "项目学时应为 60 学时，现为 30 学时" in refused.get_data(as_text=True)

    _set(app, project_id, hours=Decimal(60))
    assert institution.post(f"/projects/{project_id}/declare").status_code == 303
    assert _project(app, project_id).status == "declared"
    _set(app, project_id, hours=Decimal(30))
    city = signed_in(app, "city_admin")  # the city's department reviews a city project (§五(一))
    refused = city.post(f"/projects/{project_id}/review", data={"decision": "approve", "reason": ""})
    assert refused.status_code == 422 and _project(app, project_id).status == "declared"
    assert "项目学时应为 60 学时，现为 30 学时" in refused.get_data(as_text=True)
    city.post(f"/projects/{project_id}/review", data={"decision": "return", "reason": "学时应为60学时"})
    assert _project(app, project_id).status == "returned"  # a return is always possible


# -- §四(一): each program for its own stages ------------------------------------------------


def test_the_junior_primary_kindergarten_program_is_not_saved_for_senior_high(make_app):
    app = make_app("kaifeng", demo=True)
    institution = signed_in(app, "institution")
    for stages in (["senior_high"], ["primary", "senior_high"]):
        said = _refused_on(institution, "stages", stages=stages)
        assert "高中" in said and "陕西师范大学" in said and HIGH in said, said
        assert 'class="cite"' in said and "四(一)" in said
    assert _count(app) == 0

    api = app.test_client().post("/api/projects", headers=_auth("institution"),
                                 json=_api("all_staff_jpk", stages=["senior_high"]))
    assert api.status_code == 422 and api.json["field"] == "stages", api.json
    assert [f["code"] for f in api.json["findings"]] == ["project_stages"]

    project_id = _created(institution, stages=["junior_high", "primary", "kindergarten", "special"])
    moved = institution.post(f"/projects/{project_id}/edit", data=_data(institution, stages=["senior_high"]))
    assert moved.status_code == 422 and "陕西师范大学" in _error_of(moved.get_data(as_text=True), "stages")
    assert set(_project(app, project_id).stages) == {"junior_high", "primary", "kindergarten", "special"}

    high = institution.post("/projects/new", data=_data(institution, program="all_staff_high", stages=["primary"]))
    said = _error_of(high.get_data(as_text=True), "stages")
    assert high.status_code == 422 and "中国教师教育网" in said and JPK in said, said


def test_a_project_takes_the_stages_its_teachers_are_submitted_by(make_app):
    """The project's stages and the submission's (任教学段不符…) are one fact, the program's stages:
    a project of a program saves for exactly the stages a teacher is submitted to it by."""
    app = make_app("kaifeng", demo=True)
    client = app.test_client()
    runs = {"all_staff_jpk": "institution", "all_staff_high": "institution_senior"}  # §四(一)
    for code in P.PROGRAMS:
        saved, submitted = set(), set()
        for stage in SchoolStage:
            answer = client.post("/api/projects", headers=_auth(runs[code]),
                                 json=_api(code, name=f"{NAME}{code}{stage.value}", stages=[stage.value]))
            assert answer.status_code in (201, 422), answer.json
            if answer.status_code == 201:
                saved.add(stage)
                with app.app_context():
                    facts = projects.facts(db.session.get(TrainingProject, answer.json["id"]))
                teacher = TeacherFacts(entered_post=date(2010, 9, 1), stages=(stage,))
                if enrollment.program_finding(Selection(facts, teacher, datetime.now(), UserRole.SCHOOL_ADMIN)).ok:
                    submitted.add(stage)
            else:
                assert [f["code"] for f in answer.json["findings"]] == ["project_stages"], answer.json
        assert saved == submitted == set(P.PROGRAMS[code].stages), code


def test_an_edit_is_judged_on_the_hours_and_stages_it_changes():
    """As the fee and the start are: a published project saved before these rules keeps its
    other edits (its hours and stages are judged again when it is handed in or approved)."""
    import plugins.kaifeng as kaifeng
    from portal.domain import Level, Mode, ProjectFacts, ProjectStep
    from portal.domain.selection import DECLARE, SAVE, refused
    from portal.plugins import Region

    region = Region.load("kaifeng", {"kaifeng": kaifeng})
    on = date(2018, 12, 16)

    def refusing(action, before=None, **fields):
        project = ProjectFacts(**{"name": "全员培训", "level": Level.CITY, "mode": Mode.ONLINE, "start": date(2019, 1, 4),
                                  "end": date(2019, 4, 30), "hours": Decimal(60), "program": "all_staff_jpk",
                                  "stages": (SchoolStage.PRIMARY,), **fields})
        step = ProjectStep(action, project, UserRole.CITY_ADMIN, datetime(2018, 12, 16), before=before, day=on)
        return {f.code for f in refused(region.project_findings(step))}

    legacy = {"hours": Decimal(30), "stages": (SchoolStage.SENIOR_HIGH,)}
    old = ProjectFacts("全员培训", Level.CITY, Mode.ONLINE, date(2019, 1, 4), date(2019, 4, 30), Decimal(30),
                       program="all_staff_jpk", stages=(SchoolStage.SENIOR_HIGH,))
    assert refusing(SAVE, before=old, **legacy) == set()                          # a new description: not judged again
    assert refusing(SAVE, before=old, hours=Decimal(30)) == set()                 # stages put right
    assert refusing(SAVE, before=old, **{**legacy, "hours": Decimal(40)}) == {enrollment.PROJECT_HOURS}
    assert refusing(DECLARE, **legacy) == {enrollment.PROJECT_HOURS, enrollment.PROJECT_STAGES}
    assert refusing(SAVE, **legacy, program=None) == set()                        # other training: the notice is silent
    assert refusing(SAVE, stages=()) == set()                                     # none named: left as it is


# -- in English --------------------------------------------------------------------------------


@pytest.mark.parametrize("fields, field", [({"hours": "30"}, "hours"), ({"stages": ["senior_high"]}, "stages")])
def test_the_refusals_read_in_english_on_an_english_page(make_app, fields, field):
    app = make_app("kaifeng", demo=True)
    with app.app_context():
        db.session.scalar(select(User).where(User.username == "institution")).locale = "en"
        db.session.commit()
    institution = signed_in(app, "institution")
    refused = institution.post("/projects/new", data=_data(institution, **fields))
    said = re.sub(r"<[^>]+>", "", _error_of(refused.get_data(as_text=True), field))
    assert refused.status_code == 422 and said, said
    # the programs' and the notice's titles aside, nothing reads in Chinese
    plain = re.sub(r"“[^”]*”|《[^》]*》|（[^）]*）", "", said)
    assert not re.search(r"[\u4e00-\u9fff]", plain), said


# -- §四(一), §二(三): who runs an all-staff project ---------------------------------------------


def test_an_institution_runs_only_its_own_program(make_app):
    """§四(一): 高中学段的培训工作由陕西师范大学承担. A trial's 中国教师教育网 saved the senior high
    project as a draft and could hand it in."""
    app = make_app("kaifeng", demo=True)
    institution = signed_in(app, "institution")  # 中国教师教育网
    said = _refused_on(institution, "organiser", program="all_staff_high", stages=["senior_high"])
    assert "陕西师范大学承担" in said and "中国教师教育网不能举办该项目" in said and HIGH in said, said
    assert 'class="cite"' in said and "四(一)" in said
    assert _count(app) == 0
    api = app.test_client().post("/api/projects", headers=_auth("institution"),
                                 json=_api("all_staff_high", stages=["senior_high"]))
    assert api.status_code == 422 and [f["code"] for f in api.json["findings"]] == ["project_organiser"]

    senior = signed_in(app, "institution_senior")  # 陕西师范大学: its own program
    project_id = _created(senior, program="all_staff_high", stages=["senior_high"])
    assert _project(app, project_id).program == "all_staff_high"
    assert _created(institution, stages=["primary"])  # and 中国教师教育网 its own

    _set(app, project_id, organiser_id=_project(app, _created(institution, stages=["primary"])).organiser_id)
    handed = unmarked(institution.post(f"/projects/{project_id}/declare", follow_redirects=True).get_data(as_text=True))
    assert _project(app, project_id).status == "draft" and "中国教师教育网不能举办该项目" in handed


def test_only_the_four_self_organising_counties_run_their_own_all_staff_project(make_app):
    """§二(二): 鼓楼区's teachers are in the city's training; §二(三): 祥符区、杞县、尉氏县、通许县
    organise their own. A trial's 鼓楼区 admin published a county all-staff project."""
    app = make_app("kaifeng", demo=True)
    district = signed_in(app, "district_admin")  # 鼓楼区
    said = _refused_on(district, "organiser", level="county")
    assert "只有祥符区、杞县、尉氏县、通许县自行组织全员培训" in said and "鼓楼区的教师参加市教育局组织的全员培训" in said, said
    assert "二(三)" in said and _count(app) == 0
    other = _created(district, program="", level="county", mode="school_based", hours="24", name=NAME + "（校本）")
    assert _project(app, other).program is None  # other training: the notice is silent

    from portal.domain import Level, Mode, OrgKind, ProjectFacts

    def facts(organiser, kind):
        return ProjectFacts("全员培训", Level.COUNTY, Mode.ONLINE, date(2019, 1, 4), date(2019, 4, 30), Decimal(60),
                            program="all_staff_jpk", organiser=organiser, organiser_kind=kind)
    assert enrollment.project_organiser_finding(facts("祥符区", OrgKind.DISTRICT)).ok
    assert enrollment.project_organiser_finding(facts("开封市杞县", OrgKind.DISTRICT)).ok
    assert not enrollment.project_organiser_finding(facts("顺河区", OrgKind.DISTRICT)).ok
    assert enrollment.project_organiser_finding(facts("开封市", OrgKind.CITY)) is None
