"""Items seen on the qingdao demo: the needs survey's modes, class expansion (扩班) offered only
where the region's calendar has that phase, the evaluation before a personalized training's
credits in its preview, and annex 3's words."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from portal import clock
from portal.extensions import db
from portal.models import ClassRequest, TrainingProject
from tests.support import login, signed_in


def test_the_needs_survey_offers_only_the_modes_qingdaos_rules_credit(make_app):
    """The survey offered 自主研修 and 学历教育, which no qingdao rule credits nor project takes
    (2018 附件1: 集中、网络、校本; the calculator's modes): an answer nothing is recommended from."""
    app = make_app("qingdao", demo=True)
    client = app.test_client()
    login(client, "teacher")
    form = client.get("/me/survey").get_data(as_text=True)
    for offered in ('value="centralized"', 'value="online"', 'value="school_based"', "集中培训", "网络研修", "校本培训"):
        assert offered in form
    for not_offered in ('value="self_study"', 'value="degree"', "自主研修", "学历教育"):
        assert not_offered not in form
    refused = client.post("/me/survey", data={"modes": ["self_study"], "subjects": "语文"})
    assert refused.status_code == 422
    assert client.post("/me/survey", data={"modes": ["online", "school_based"]}).status_code == 303


def _published_with_classes(app, username: str, **fields) -> int:
    """A new project of ``username``'s organiser, published, with classes of 2 seats."""
    from tests.test_training_process import _new_project
    client = signed_in(app, username)
    project_id = _new_project(app, client, class_size="2", **fields)
    with app.app_context():
        db.session.get(TrainingProject, project_id).status = "published"
        db.session.commit()
    return project_id


def _asks_classes(app, username: str, project_id: int) -> tuple[str, int]:
    """The organiser's page of the project, and the requests for more classes after it posts one."""
    client = signed_in(app, username)
    page = client.get(f"/projects/{project_id}").get_data(as_text=True)
    client.post(f"/projects/{project_id}/classes", data={"classes": "2", "reason": "报名人数多"})
    with app.app_context():
        return page, db.session.scalar(select(func.count(ClassRequest.id)).where(ClassRequest.project_id == project_id))


@pytest.mark.parametrize("region, username, fields", [
    ("qingdao", "institution", {"program": "city_personalized"}),  # 2018 附件2: 报名、支付、评价; no 扩班
    ("qingdao", "district_admin", {"level": "county"}),
    ("shanxi", "district_admin", {"level": "county"}),  # no selection calendar at all
])
def test_no_class_expansion_where_the_regions_calendar_has_none(make_app, region, username, fields):
    """申请扩班 was offered in every region; only a calendar with a class-expansion phase (ruian's
    附件 第3项 培训机构扩班申请) runs it: elsewhere it is neither offered nor taken."""
    app = make_app(region, demo=True)
    project_id = _published_with_classes(app, username, **fields)
    page, requests = _asks_classes(app, username, project_id)
    assert 'name="classes"' not in page and "申请扩班" not in page and "扩班申请的时间内" not in page
    assert requests == 0
    refused = signed_in(app, username).post(f"/projects/{project_id}/classes",
                                            data={"classes": "2", "reason": "报名人数多"}, follow_redirects=True)
    assert "本地选课进程表没有扩班环节" in refused.get_data(as_text=True)


def test_kaifeng_whose_calendar_has_enrollment_and_training_only_runs_no_class_expansion(make_app):
    """开封's calendar is 报名 and 培训实施 (quotas by unit, deadline 12-20, no make-up): no 扩班."""
    app = make_app("kaifeng", demo=True)
    with app.app_context():
        from portal.services import projects
        assert not projects.runs_class_expansion(app.extensions["portal.region"], clock.today())


def test_ruian_whose_calendar_has_class_expansion_runs_it(make_app):
    """瑞安's 进程表 (附件 第3项) has 培训机构扩班申请: its institution is offered it, in its window."""
    app = make_app("ruian", demo=True)
    with app.app_context():
        from portal.services import projects
        assert projects.runs_class_expansion(app.extensions["portal.region"], clock.today())


def test_a_personalized_trainings_preview_says_its_credits_wait_on_the_teachers_evaluation(make_app):
    """2018 附件2 六2: 培训结束后在规定的时间内登录平台对所参加的培训课程进行评价，即可获取相应学分. The
    preview of a personalized training said 12 学分 and its hours, not that the teacher's own
    evaluation comes first (the workflow's 已结业，待教师评价)."""
    app = make_app("qingdao", demo=True)
    with app.app_context():
        project_id = db.session.scalar(select(TrainingProject.id).where(TrainingProject.program == "city_personalized",
                                                                        TrainingProject.fee > 0))
    page = signed_in(app, "teacher").get(f"/catalog/{project_id}").get_data(as_text=True)
    assert "参训教师须在规定的时间内登录平台对培训课程进行评价，评价后获得学分" in page
    assert "附件2 六2" in page
    # a district training has no such step: its organiser's 结业评价 registers the credits
    with app.app_context():
        district = db.session.scalar(select(TrainingProject.id).where(TrainingProject.program == "topic"))
    assert "评价后获得学分" not in signed_in(app, "teacher").get(f"/catalog/{district}").get_data(as_text=True)


def test_annex_3s_figures_are_named_as_annex_3_names_them(make_app):
    """附件3 教师个性化培训平台注册完成情况统计表 counts 已完成平台注册人数 (§二 实名注册). The home's panel
    said 已登录注册 and the rate's finding 已注册, words the annex does not use; the report's short
    column headings (已注册, 注册率: four characters at most on a phone) abbreviate the annex's."""
    app = make_app("qingdao", demo=True)
    admin = signed_in(app, "school_admin")
    home = admin.get("/admin/").get_data(as_text=True)
    assert "已完成平台注册 0 人" in home and "已登录注册" not in home
    with app.app_context():
        from plugins.qingdao import reporting
        from portal.domain import Finding
        from tests.regions.test_qingdao_reports import summary
        finding = reporting.registration_finding(summary(20, signed=5))
    assert isinstance(finding, Finding)
    assert str(finding.message).startswith("已完成平台注册 5 人（在岗专职教师 20 人）")


def test_a_qingdao_project_is_offered_only_the_modes_its_rules_credit(make_app):
    """The school's new-project form offered 自主研修 and 学历教育, then refused the project saved
    with either (the rules credit neither: 文件没有规定自主研修和学历教育的学分)."""
    app = make_app("qingdao", demo=True)
    school = signed_in(app, "school_admin")
    form = school.get("/projects/new").get_data(as_text=True)
    mode_select = form.split('name="mode"')[1].split("</select>")[0]
    assert 'value="school_based"' in mode_select and 'value="centralized"' in mode_select
    assert 'value="self_study"' not in mode_select and 'value="degree"' not in mode_select
    from tests.test_training_process import _project_form
    refused = school.post("/projects/new", data=_project_form(school, level="school", mode="self_study"))
    assert refused.status_code == 422
