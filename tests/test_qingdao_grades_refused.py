"""qingdao's 结业评价 takes 合格 or 不合格 only by the district's setting ``pass_fail_only`` (default
on): no clause lists the results a 结业评价 takes (2017 附件2 第6步 registers credits by the learning
tasks and the attendance, 附件1 第11项 once the evaluation is 合格), so the refusal of 优 and 良 cites
none and says it is the district's setting. `portal rules convert` and the calculator took 优 and 良
and credited them as a pass; they now refuse them in the district's words, in Chinese and in English,
never a 500. A bureau that takes them has them read as a pass, its step naming the setting."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from portal import plugins
from portal.cli import main
from tests.support import all_regions, signed_in

ACTIVITY = {"level": "city", "mode": "centralized", "hours": 6, "days": 1, "end": "2018-09-01"}
REFUSED = "本区设置结业评价只分合格、不合格，不收优、良，请选择合格或不合格"


@pytest.mark.parametrize("grade", ["excellent", "good"])
def test_rules_convert_refuses_a_grade_the_district_has_not(monkeypatch, grade):
    monkeypatch.setattr(plugins, "installed_regions", all_regions)
    monkeypatch.delenv("PORTAL_SETTINGS", raising=False)
    result = CliRunner().invoke(main, ["rules", "convert", "--region", "qingdao"],
                                input=json.dumps({**ACTIVITY, "grade": grade}))
    out = json.loads(result.output)
    assert result.exit_code == 2 and out["field"] == "grade" and out["message"] == REFUSED
    passed = CliRunner().invoke(main, ["rules", "convert", "--region", "qingdao"],
                                input=json.dumps({**ACTIVITY, "grade": "pass"}))
    assert passed.exit_code == 0 and json.loads(passed.output)["amount"] == 6


def test_the_calculator_and_its_json_refuse_them(make_app):
    """The calculator's page offers 合格 and 不合格 only and refuses another grade posted to it;
    the rules' JSON (``/api/rules/convert``) refuses it in the district's words."""
    client = signed_in(make_app("qingdao", demo=True), "teacher")
    client.post("/locale/zh_Hans_CN")
    form = {k: str(v) for k, v in {**ACTIVITY, "grade": "excellent"}.items()}
    page = client.post("/rules/calculator", data=form)
    assert page.status_code == 422 and "<strong>6</strong>" not in page.get_data(as_text=True)
    for grade in ("excellent", "good"):
        answer = client.post("/api/rules/convert", json={**ACTIVITY, "grade": grade})
        assert answer.status_code == 422 and answer.json["field"] == "grade", answer.json
        assert answer.json["message"] == REFUSED
    client.post("/locale/en")
    answer = client.post("/api/rules/convert", json={**ACTIVITY, "grade": "good"})
    assert answer.status_code == 422
    assert answer.json["message"] == ("By the district's setting a completion evaluation is pass or fail only, not "
                                      "excellent or good: choose pass or fail")


def test_pass_or_fail_only_is_a_setting_citing_no_clause():
    """No clause says a 结业评价 is 合格 or 不合格 only: it is a setting with its default and reason,
    whose source cites nothing (a rule citing 附件2 第6步 for it said what the step does not)."""
    from datetime import date

    from plugins.qingdao import parameters as P

    setting = P.PASS_FAIL_ONLY
    assert setting.is_setting and setting.default is True
    assert setting.source_at(date(2026, 1, 1)) == ""
    assert "文件没有规定结业评价分几个等次" in str(setting.assumption)


def test_a_bureau_taking_excellent_and_good_reads_them_as_a_pass(monkeypatch):
    """With the setting off, 良 counts as 合格 (no extra credit), its step naming the setting and
    citing no clause; the workflow's 结业评价 steps then record 优 and 良 as well."""
    from datetime import date

    from plugins.qingdao import workflow
    from portal.domain import Grade

    monkeypatch.setattr(plugins, "installed_regions", all_regions)
    monkeypatch.delenv("PORTAL_SETTINGS", raising=False)
    result = CliRunner().invoke(main, ["rules", "convert", "--region", "qingdao", "--set", "pass_fail_only=false"],
                                input=json.dumps({**ACTIVITY, "grade": "good"}))
    out = json.loads(result.output)
    assert result.exit_code == 0 and out["amount"] == 6, out
    step = next(s for s in out["steps"] if s.get("settings") == ["pass_fail_only"])
    assert step["source"] == "" and "按合格登记" in json.dumps(step, ensure_ascii=False)
    assert {t.label.msgid: t.grades for t in workflow.enrollment_workflow(date(2026, 1, 1)).transitions
            if t.grades}["结业评价（区级培训）"] == (Grade.PASS, Grade.FAIL)
