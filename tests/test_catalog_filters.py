"""The catalog's filters that contradict each other are said, not answered with an empty list:
on the page (on the filter, in Chinese and English) and in the JSON API (422 naming it)."""
from __future__ import annotations

import base64

from tests.support import city_project, signed_in

REVERSED = "starts_from=2099-03-10&starts_until=2099-03-01"


def _auth(username: str) -> dict:
    return {"Authorization": "Basic " + base64.b64encode(f"{username}:demo12345".encode()).decode()}


def test_reversed_start_dates_are_said_on_the_filter(make_app):
    app = make_app("example", demo=True)
    city_project(app, name="三月培训")
    teacher = signed_in(app, "teacher")
    fine = teacher.get("/catalog?starts_from=2099-03-01&starts_until=2099-03-10")
    assert fine.status_code == 200 and "三月培训" in fine.get_data(as_text=True)

    page = teacher.get(f"/catalog?{REVERSED}")
    text = page.get_data(as_text=True)
    assert page.status_code == 422
    assert "“开始日期不晚于”（2099-03-01）早于“开始日期不早于”（2099-03-10）" in text
    assert 'aria-invalid="true"' in text and "没有找到" not in text

    partial = teacher.get(f"/catalog?{REVERSED}", headers={"HX-Request": "true", "HX-Target": "results"})
    text = partial.get_data(as_text=True)
    assert partial.status_code == 422  # swapped by the page's htmx settings, like a refused form
    assert 'id="starts_until-error"' in text and 'hx-swap-oob="true"' in text and "早于" in text

    teacher.post("/locale/en")
    english = teacher.get(f"/catalog?{REVERSED}").get_data(as_text=True)
    assert "“Starts until” (2099-03-01) is before “Starts from” (2099-03-10)" in english


def test_reversed_start_dates_answer_422_in_the_api(make_app):
    app = make_app("example", demo=True)
    client = app.test_client()
    found = client.get(f"/api/projects?{REVERSED}", headers=_auth("teacher"))
    assert found.status_code == 422
    assert found.json["error"] == "invalid" and found.json["field"] == "starts_until"
    assert "2099-03-01" in found.json["message"]
    assert client.get("/api/projects?starts_from=2099-03-01&starts_until=2099-03-01",
                      headers=_auth("teacher")).status_code == 200


def test_a_topic_is_found_by_its_name_though_the_project_keeps_its_code(make_app):
    """qingdao's compulsory contents are ticked on a project and kept as codes; a teacher
    searching 财经素养 (or, in English, its translation) finds the trainings that cover it."""
    app = make_app("qingdao", demo=True)
    city_project(app, name="家庭理财与学生教育", topics=["financial_literacy"], stages=["primary"],
                 subjects=[], description="")
    teacher = signed_in(app, "teacher")
    found = teacher.get("/catalog?q=财经素养").get_data(as_text=True)
    assert "家庭理财与学生教育" in found and '<span class="tag">财经素养</span>' in found
    assert "家庭理财与学生教育" not in teacher.get("/catalog?q=心理健康").get_data(as_text=True)
    api = teacher.get("/api/projects?q=财经").get_json()
    assert any(p["name"] == "家庭理财与学生教育" for p in api["items"]), api


def test_several_words_find_the_projects_holding_every_one(make_app):
    """2018 附件2 三1: 输入关键词进行模糊搜索选课. "语文 教学" found nothing: the words were one phrase
    (phone trial). Each word is searched for, anywhere in the project."""
    from plugins.qingdao import demo
    from portal import clock

    app = make_app("qingdao", demo=True)
    name = demo.upcoming(clock.today())[1].name  # …小学语文专题培训：统编教材单元整体教学设计
    teacher = signed_in(app, "teacher")
    for q in ("语文 教学", "教学设计　语文", "  统编   单元 ", "语文"):  # a full-width space too
        assert name in teacher.get("/catalog", query_string={"q": q}).get_data(as_text=True), q
    assert name not in teacher.get("/catalog", query_string={"q": "语文 数学"}).get_data(as_text=True)
    api = teacher.get("/api/projects", query_string={"q": "语文 教学"}).get_json()
    assert any(p["name"] == name for p in api["items"]), api
