"""The training needs survey: asked at a qingdao teacher's first sign-in, answered once,
read to recommend trainings, counted on the school's dashboard (annex 3)."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from portal import clock
from portal.extensions import db
from portal.models import OrgUnit
from portal.services import training
from tests.support import login


def test_a_qingdao_teacher_answers_at_first_sign_in_and_gets_recommendations(make_app):
    app = make_app("qingdao", demo=True)
    with app.app_context():
        organiser = db.session.scalar(select(OrgUnit).where(OrgUnit.kind == "institution"))
        start = clock.today() + timedelta(days=30)
        for name, subjects, layer in (("小学语文阅读教学", ["语文"], None), ("初中物理实验教学", ["物理"], None),
                                      ("语文学科带头人研修班", ["语文"], "学科带头人")):  # a layer's: not hers
            training.add_project(None, organiser, name=name, level="city", mode="online", subjects=subjects,
                                 start_date=start, end_date=start, year=start.year, hours=Decimal(6), capacity=20,
                                 status="published", layer=layer)
    client = app.test_client()
    first = login(client, "teacher")
    assert first.headers["Location"].endswith("/me/survey")
    page = client.get("/catalog").get_data(as_text=True)
    assert "/me/survey" in page and "为您推荐" not in page
    assert client.post("/me/survey", data={"modes": ["online"], "subjects": "语文，数学", "interests": "整本书阅读"}
                       ).status_code == 303
    page = client.get("/catalog").get_data(as_text=True)
    recommended = page.split("为您推荐")[1].split("</section>")[0]
    assert "小学语文阅读教学" in recommended and "初中物理实验教学" not in recommended
    assert "语文学科带头人研修班" not in recommended  # she is in no layer's class: it would refuse her
    # a search shows what it finds, not the picks above it (a trial read them above "nothing found")
    for searched in (client.get("/catalog?q=无此培训"), client.get("/catalog?q=无此培训", headers={"HX-Request": "true"})):
        assert "为您推荐" not in searched.get_data(as_text=True) and "没有" in searched.get_data(as_text=True)
    assert "为您推荐" in client.get("/catalog", headers={"HX-Request": "true"}).get_data(as_text=True)  # cleared again
    client.post("/logout")
    assert not login(client, "teacher").headers["Location"].endswith("/me/survey")  # asked once

    school = app.test_client()
    login(school, "school_admin")
    assert "教师个性化培训平台注册完成情况" in school.get("/admin/").get_data(as_text=True)


def test_an_empty_survey_is_not_taken_for_an_answer(make_app):
    """A trial sent the survey empty: thanked, never asked again, nothing to recommend from."""
    app = make_app("qingdao", demo=True)
    client = app.test_client()
    assert login(client, "teacher").headers["Location"].endswith("/me/survey")
    form = client.get("/me/survey").get_data(as_text=True)
    assert 'type="checkbox" name="modes"' in form.replace("\n", " ") or 'name="modes" type="checkbox"' in form
    assert "可多选" in form
    empty = client.post("/me/survey", data={"subjects": " ", "interests": ""})
    assert empty.status_code == 422 and "请至少回答一项" in empty.get_data(as_text=True)
    client.post("/logout")
    assert login(client, "teacher").headers["Location"].endswith("/me/survey")  # still asked


def test_a_region_that_asks_no_survey_never_redirects(make_app):
    app = make_app("shanxi", demo=True)
    client = app.test_client()
    assert not login(client, "teacher").headers["Location"].endswith("/me/survey")


def test_a_teacher_who_chose_later_is_not_sent_to_the_survey_at_every_sign_in(make_app, monkeypatch):
    app = make_app("qingdao", demo=True)
    client = app.test_client()
    assert login(client, "t0002").headers["Location"].endswith("/me/survey")
    page = client.get("/me/survey").get_data(as_text=True)
    assert 'formaction="/me/survey/later"' in page
    later = client.post("/me/survey/later")
    assert later.status_code == 303 and later.headers["Location"].endswith("/me/")
    client.post("/logout")
    assert not login(client, "t0002").headers["Location"].endswith("/me/survey")
    client.post("/logout")
    assert login(app.test_client(), "t0002").headers["Location"].endswith("/me/survey")  # another browser
    assert login(client, "t0003").headers["Location"].endswith("/me/survey")  # another teacher
    client.post("/logout")
    app.config["PORTAL_SURVEY_LATER_DAYS"] = 0  # the postponement over
    assert login(client, "t0002").headers["Location"].endswith("/me/survey")


def test_a_training_the_region_refuses_her_is_not_recommended_for_a_subject_she_asked_for(make_app):
    """A phone trial: a music teacher who asked for 语文 in the survey was recommended a 语文
    training, and the catalog's row beneath said she could not select it (qingdao matches a
    project's subjects with those she teaches, 2017 附件1 第7项)."""
    app = make_app("qingdao", demo=True)
    with app.app_context():
        organiser = db.session.scalar(select(OrgUnit).where(OrgUnit.kind == "institution"))
        start = clock.today() + timedelta(days=30)
        for name, subjects in (("初中物理实验教学研修", ["物理"]), ("面向各学科的物理实验观摩", [])):
            training.add_project(None, organiser, name=name, level="city", mode="online", subjects=subjects,
                                 start_date=start, end_date=start, year=start.year, hours=Decimal(6), capacity=20,
                                 status="published")
    client = app.test_client()
    login(client, "teacher")
    client.post("/me/survey", data={"modes": ["online"], "subjects": "物理"})
    page = client.get("/catalog").get_data(as_text=True)
    recommended = page.split("为您推荐")[1].split("</section>")[0]
    assert "面向各学科的物理实验观摩" in recommended
    assert "初中物理实验教学研修" not in recommended  # not a subject she teaches: refused below
    assert "项目面向的学科与所任教学科不符" in page.split("为您推荐")[1].split("初中物理实验教学研修", 2)[-1][:2000]
