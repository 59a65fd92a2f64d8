"""qingdao's result step is the platform's 结业评价 (2017 附件2 第6步: every project registers its credits
there, a personalized training's too once row 11's 第三方网络评价 is passed): the institution's step read
第三方网络评价结果 above a result form and a class list reading 结业评价. The step, its findings, the
rules' JSON and the class page now name the result 结业评价 alike; 第三方网络评价 is kept for the
condition row 11 states (and its quotation in the citations)."""
from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import select

from plugins.qingdao import enrollment as E
from plugins.qingdao import workflow as W
from portal import clock
from portal.domain.workflow import RESULT
from portal.extensions import db
from portal.models import TrainingProject
from tests.support import signed_in
from tests.test_enrollments_offered import _personalized

OLD = "第三方网络评价结果"


def test_every_result_step_and_finding_names_the_completion_evaluation():
    steps = [t for t in W.enrollment_workflow(date(2026, 6, 1)).transitions if RESULT in t.asks]
    assert len(steps) == 4
    for step in steps:
        assert "结业评价" in str(step.label) and OLD not in str(step.label), step.label
    messages = [str(getattr(E, name)) for name in dir(E) if name.isupper()]
    assert not [m for m in messages if OLD in m]


def test_the_rules_json_names_it_so(make_app):
    client = signed_in(make_app("qingdao", demo=True), "teacher")
    client.post("/locale/zh_Hans_CN")
    activity = {"level": "city", "mode": "centralized", "hours": 6, "days": 1, "end": "2018-09-01",
                "program": "city_personalized"}
    missing = client.post("/api/rules/convert", json=activity)
    assert missing.status_code == 422 and "请给出结业评价结果" in missing.json["message"], missing.json
    failed = client.post("/api/rules/convert", json={**activity, "grade": "fail"})
    assert failed.status_code == 200
    assert failed.json["steps"][-1]["text"].startswith("结业评价不合格"), failed.json["steps"]


def test_the_institutions_class_page_names_one_term(make_app):
    app = make_app("qingdao", demo=True)
    project_id, _ids = _personalized(app, clock.today() - timedelta(days=3))
    client = signed_in(app, "institution")
    client.post("/locale/zh_Hans_CN")
    page = client.get(f"/projects/{project_id}/class").get_data(as_text=True)
    text = re.sub(r"<[^>]+>", " ", page)
    assert "结业评价（市级个性化培训：登记参训学时和评价结果，待教师评价）" in text
    assert OLD not in text


def test_a_result_asked_too_early_names_it_too(make_app):
    """The wait before a result may be recorded said 登记培训结果 under a step named 结业评价: the
    region's wording of the core's messages reads 结业评价 there too."""
    app = make_app("qingdao", demo=True)
    project_id, _ids = _personalized(app, clock.today() + timedelta(days=3))
    client = signed_in(app, "institution")
    client.post("/locale/zh_Hans_CN")
    text = re.sub(r"<[^>]+>", " ", client.get(f"/projects/{project_id}/class").get_data(as_text=True))
    assert "自当日起方可在此或用 Excel 表登记结业评价" in text and "登记培训结果" not in text
    client.post("/locale/en")
    text = re.sub(r"<[^>]+>", " ", client.get(f"/projects/{project_id}/class").get_data(as_text=True))
    assert "its completion evaluations can be recorded from that day on" in text
    teacher = signed_in(app, "teacher")  # the enrolled teacher (the demo's first)
    teacher.post("/locale/zh_Hans_CN")
    mine = re.sub(r"<[^>]+>", " ", teacher.get("/me/enrollments").get_data(as_text=True))
    assert "（培训最后一天）起方可登记结业评价" in mine and "登记培训结果" not in mine


def test_credits_waiting_in_the_audit_are_not_counted_yet_rather_than_not_registered(make_app):
    """A class list read 3 学分尚未登记：学分已登记，待提交审核 (not registered: registered) on a row
    reading 已结业，学分已登记: in qingdao the credits are registered at the 结业评价 and count once
    the audit passes them (只有审核通过的记录计入), so the wait reads 尚未计入."""
    app = make_app("qingdao", demo=True)
    client = signed_in(app, "district_admin")
    client.post("/locale/zh_Hans_CN")
    with app.app_context():
        project_id = db.session.scalar(select(TrainingProject.id).where(TrainingProject.name.like("%儿童保护法律教育%")))
    text = client.get(f"/projects/{project_id}/class").get_data(as_text=True)
    assert "3 学分尚未计入：学分已登记，待提交审核" in text and "尚未登记：学分已登记" not in text
    client.post("/locale/en")
    text = client.get(f"/projects/{project_id}/class").get_data(as_text=True)
    assert "3 credits not counted yet: Credits registered, to be submitted for review" in text


def test_the_catalog_cards_say_apply_as_the_button_does(make_app):
    """qingdao's button asks the school (向学校申请参加该培训, 2018 附件2 四2) and its page asks 您能否申请参加该培训？,
    but the catalog's cards read 目前不能选 and 已选: they now read 目前不能申请 and 已申请."""
    client = signed_in(make_app("qingdao", demo=True), "teacher")
    client.post("/locale/zh_Hans_CN")
    cards = client.get("/catalog").get_data(as_text=True).split('id="results"')[1]
    assert "目前不能申请：项目面向“学科带头人”" in cards and "不能选" not in cards
    client.post("/locale/en")
    cards = client.get("/catalog").get_data(as_text=True).split('id="results"')[1]
    assert "You may not apply for it now:" in cards and "Not for you now" not in cards


def test_a_class_list_in_english_writes_pass_and_fail_alike(make_app):
    """An English class list read “Completion evaluation: Pass” beside “Completion evaluation: fail”."""
    app = make_app("qingdao", demo=True)
    client = signed_in(app, "institution")
    client.post("/locale/en")
    with app.app_context():
        project_id = db.session.scalar(select(TrainingProject.id).where(TrainingProject.name.like("%整本书阅读教学%")))
    text = client.get(f"/projects/{project_id}/class").get_data(as_text=True)
    assert "Completion evaluation: Pass" in text and "Completion evaluation: Fail" in text
    assert "Completion evaluation: fail" not in text
