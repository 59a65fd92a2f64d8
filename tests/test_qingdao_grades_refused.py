"""qingdao's 结业评价 is 合格 or 不合格 (2017 附件2 第6步; 附件1 第11项 评价合格): its workflow's steps
offer no other, but `portal rules convert` and the calculator took 优 and 良 and credited them as
a pass. Both now refuse them in the district's words, in Chinese and in English, never a 500."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from portal import plugins
from portal.cli import main
from tests.support import all_regions, signed_in

ACTIVITY = {"level": "city", "mode": "centralized", "hours": 6, "days": 1, "end": "2018-09-01"}
REFUSED = "本区的结业评价只有合格或不合格，没有优、良等次，请选择合格或不合格"


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
    assert answer.json["message"] == ("The district's completion evaluation is pass or fail only, with no excellent "
                                      "or good: choose pass or fail")
