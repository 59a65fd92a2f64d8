"""`portal rules convert` reads an activity as the region's ``portal_activity_fields`` say its
rules need it: Ruian credits a project's base credits whatever its level (项目级别不影响学分), so an
activity without a level converts; what a region does need and is left out is refused naming the
field in the region's words, in Chinese and in English (it read "is required", in English only)."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from portal import plugins, rulebook
from portal.cli import main
from portal.domain.activity import Refused
from portal.domain.text import using
from portal.plugins import Region, make_manager
from tests.support import all_regions


@pytest.fixture(autouse=True)
def with_regions(monkeypatch):
    monkeypatch.setattr(plugins, "installed_regions", all_regions)
    monkeypatch.delenv("PORTAL_SETTINGS", raising=False)


def convert(region: str, payload: dict):
    result = CliRunner().invoke(main, ["rules", "convert", "--region", region], input=json.dumps(payload))
    return result.exit_code, json.loads(result.output)


def test_an_activity_of_base_credits_without_its_level_converts_where_the_region_reads_none():
    code, out = convert("ruian", {"mode": "centralized", "hours": 30, "base_credits": 24, "end": "2019-10-02"})
    assert code == 0, out
    assert out["amount"] == 24 and out["category"] == "centralized"


def test_a_field_the_region_needs_is_refused_in_its_words_in_both_languages():
    code, out = convert("ruian", {"mode": "centralized", "base_credits": 24, "end": "2019-10-02"})
    assert code == 2 and out["field"] == "hours"
    assert out["message"] == "须填写参训学时（只记录，不折算学分）"
    module = all_regions()["ruian"]
    region = Region(make_manager(module), module)
    with pytest.raises(Refused) as refused:
        rulebook.activity(region, {"base_credits": 24})
    assert refused.value.field == "mode" and refused.value.message == "须填写培训形式"
    with using("en"):
        assert str(refused.value.message) == "Mode of training is required"


def test_a_region_that_reads_a_level_still_needs_it():
    code, out = convert("shanxi", {"mode": "centralized", "hours": 10})
    assert code == 2 and out["field"] == "level"


def test_the_calculator_takes_the_same_activity_without_its_level(make_app):
    from tests.support import signed_in

    client = signed_in(make_app("ruian", demo=True), "teacher")
    page = client.post("/rules/calculator", data={"mode": "centralized", "base_credits": "24", "hours": "30",
                                                  "end": "2019-10-02"})
    assert page.status_code == 200, page.get_data(as_text=True)
    assert "<strong>24</strong>" in page.get_data(as_text=True)
