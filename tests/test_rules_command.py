"""`portal rules convert|check|describe`: JSON in, JSON out, exit code 2 naming the field."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from portal import plugins
from portal.cli import main
from portal.conformance import load_scenarios, run
from portal.plugins import Region
from tests import example_region
from tests.support import all_regions


@pytest.fixture(autouse=True)
def with_example_region(monkeypatch):
    monkeypatch.setattr(plugins, "installed_regions", all_regions)
    monkeypatch.delenv("PORTAL_SETTINGS", raising=False)


def rules(*args, stdin=""):
    result = CliRunner().invoke(main, ["rules", *args, "--region", "example"], input=stdin)
    return result.exit_code, json.loads(result.output)


def test_convert_prints_amount_unit_category_and_steps_with_sources():
    code, out = rules("convert", stdin='{"level": "county", "mode": "centralized", "hours": 10, "days": 1}')
    assert code == 0
    assert out["amount"] == 8 and out["unit"] == "credit" and out["category"] == "general"
    assert out["rule_version"] == "example-1"
    assert [s["source"] for s in out["steps"]] == ["example.txt §1", "example.txt §2"]


def test_convert_takes_a_list_and_answers_a_list():
    code, out = rules("convert", stdin='[{"level": "county", "mode": "online", "hours": 2.5}, '
                                       '{"level": "city", "mode": "online", "hours": 0.1}]')
    assert code == 0
    assert [r["amount"] for r in out] == [2.5, 0.1]


@pytest.mark.parametrize(("stdin", "field"), [
    ('{"mode": "online", "hours": 2}', "level"),
    ('{"level": "galaxy", "mode": "online", "hours": 2}', "level"),
    ('{"level": "city", "mode": "online", "hours": -1}', "hours"),
    ('{"level": "city", "mode": "online", "hours": "many"}', "hours"),
    ('{"level": "city", "mode": "online", "hours": 2, "colour": "red"}', "colour"),
    ('{"level": "city", "mode": "online", "hours": 2, "start": "2020-02-30"}', "start"),
    ('{"level": "city", "mode": "online", "hours": 120, "days": 30}', "hours"),
    ('[{"level": "city", "mode": "online", "hours": 2}, {"level": "city", "hours": 2}]', "[1].mode"),
    ('{"level": "city", "mode": "online", "hours": 2, "scores": {"exam": "x"}}', "scores.exam"),
    ("{not json", "json"),
])
def test_invalid_activity_exits_2_with_a_json_error_naming_the_field(stdin, field):
    code, out = rules("convert", stdin=stdin)
    assert code == 2
    assert out["error"] == "invalid" and out["field"] == field and out["message"]
    assert "<class" not in out["message"] and "[" not in out["message"]  # words, not an exception's repr


def test_check_reports_cycle_years_findings_eligibility_and_each_conversion():
    payload = {
        "as_of": "2022-06-30",
        "teacher": {"entered_post": "2010-09-01", "stages": ["primary"]},
        "records": [
            {"date": "2021-05-01", "amount": 45, "category": "general"},
            {"date": "2022-05-01", "level": "county", "mode": "centralized", "hours": 10, "days": 2},
        ],
    }
    code, out = rules("check", stdin=json.dumps(payload))
    assert code == 0
    assert out["cycle"] == {"start": "2021-01-01", "end": "2025-12-31", "required": 50, "earned": 55,
                            "counted": 55, "ok": True}
    assert out["years"]["2022"] == {"required": 10, "earned": 10, "ok": True}
    assert out["findings"][0]["code"] == "cycle_minimum" and out["findings"][0]["ok"] is True
    assert out["eligibility"]["renewal"]["ok"] is True
    assert out["records"][1]["steps"][0]["source"] == "example.txt §1"


@pytest.mark.parametrize(("payload", "field"), [
    ({"records": []}, "as_of"),
    ({"as_of": "2022-01-01", "teacher": {"stages": ["college"]}}, "teacher.stages"),
    ({"as_of": "2022-01-01", "records": [{"amount": 3, "category": "general"}]}, "records[0].date"),
    ({"as_of": "2022-01-01", "records": [{"date": "2021-01-01", "level": "city", "hours": 1}]}, "records[0].mode"),
    ({"as_of": "2022-01-01", "records": {"a": 1}}, "records"),
])
def test_invalid_check_names_the_field_with_its_place(payload, field):
    code, out = rules("check", stdin=json.dumps(payload))
    assert code == 2 and out["field"] == field


def test_describe_lists_versions_programs_categories_findings_purposes_and_settings():
    code, out = rules("describe")
    assert code == 0
    assert out["region"]["code"] == "example"
    assert [v["code"] for v in out["rule_versions"]] == ["example-1"]
    assert out["programs"][0]["code"] == "general"
    assert out["findings"][0] == {"code": "cycle_minimum", "label": "周期 50 学分", "source": "example.txt §1",
                                  "detail": None}
    assert out["settings"] == [{"name": "daily_cap", "label": "每天至多计的学分", "default": 8, "value": 8,
                                "assumption": str(example_region.DAILY_CAP.assumption)}]


def test_a_setting_can_be_overridden_and_the_step_names_it():
    result = CliRunner().invoke(main, ["rules", "convert", "--region", "example", "--set", "daily_cap=9"],
                                input='{"level": "county", "mode": "centralized", "hours": 10, "days": 1}')
    out = json.loads(result.output)
    assert out["amount"] == 9
    assert out["steps"][1]["settings"] == ["daily_cap"] and out["steps"][1]["source"] == "example.txt §2"


@pytest.mark.parametrize(("assignment", "message"), [
    ("credits_per_hour=2", "not a setting"),
    ("daily_cap=lots", "is not a Decimal"),
    ("daily_cap", "is not name=value"),
])
def test_bad_overrides_are_refused(assignment, message):
    result = CliRunner().invoke(main, ["rules", "describe", "--region", "example", "--set", assignment])
    assert result.exit_code == 2
    assert message in json.loads(result.output)["message"]


def test_settings_file_from_the_environment(tmp_path, monkeypatch):
    path = tmp_path / "settings.json"
    path.write_text('{"daily_cap": 7}')
    monkeypatch.setenv("PORTAL_SETTINGS", str(path))
    code, out = rules("describe")
    assert out["settings"][0]["value"] == 7


def test_unknown_region_is_a_json_error():
    result = CliRunner().invoke(main, ["rules", "describe", "--region", "atlantis"])
    assert result.exit_code == 2 and "Installed regions" in json.loads(result.output)["message"]


def test_the_example_regions_scenarios_pass_with_no_extra_code():
    region = Region.load("example", all_regions())
    scenarios = load_scenarios(example_region)
    assert len(scenarios) == 5
    assert all(run(region, s) == [] for s in scenarios)


def test_a_wrong_expectation_is_reported_with_its_path():
    region = Region.load("example", all_regions())
    scenario = load_scenarios(example_region)[1]
    wrong = scenario.__class__(**{**scenario.__dict__, "expect": {"amount": 7, "steps": [{"value": 3}]}})
    assert run(region, wrong) == [".amount: expected 7, got 8", ".steps: no item matches {'value': 3}"]


def test_on_picks_the_rules_date_and_a_bad_one_is_named():
    ok = CliRunner().invoke(main, ["rules", "convert", "--region", "example", "--on", "2021-03-01"],
                            input='{"level": "county", "mode": "online", "hours": 2}')
    assert ok.exit_code == 0 and json.loads(ok.output)["rule_version"] == "example-1"
    bad = CliRunner().invoke(main, ["rules", "convert", "--region", "example", "--on", "2021-02-30"],
                             input='{"level": "county", "mode": "online", "hours": 2}')
    assert bad.exit_code == 2 and json.loads(bad.output)["field"] == "on"


@pytest.mark.parametrize(("content", "message"), [("[1, 2]", "must hold a JSON object"), ("{oops", "is not JSON")])
def test_a_bad_settings_file_is_a_one_line_error(tmp_path, monkeypatch, content, message):
    path = tmp_path / "settings.json"
    path.write_text(content)
    monkeypatch.setenv("PORTAL_SETTINGS", str(path))
    result = CliRunner().invoke(main, ["rules", "describe", "--region", "example"])
    assert result.exit_code == 2 and message in json.loads(result.output)["message"]


def test_check_gives_the_rules_records_with_the_facts_of_their_activity():
    """A record given as an activity keeps what happened (its grade, days, scores) for the
    rules; a converted line keeps the facts it gives; both through ``Record.from_facts``."""
    from datetime import date
    from decimal import Decimal

    from portal import rulebook
    from portal.domain import Grade, Level, Mode

    region = Region.load("example", {"example": example_region})
    record, converted = rulebook.record(region, {
        "date": "2025-05-01", "level": "city", "mode": "online", "hours": 6, "days": 2, "grade": "fail",
        "scores": {"exam": 55}, "weights": {"exam": 100}, "service_year": 2})
    assert (record.date, record.amount, record.category, record.grade, record.days, record.service_year) == (
        date(2025, 5, 1), Decimal(6), "general", Grade.FAIL, 2, 2)
    assert record.scores == {"exam": Decimal(55)} and record.weights == {"exam": Decimal(100)}
    assert not record.completed and converted["amount"] == 6
    line, none = rulebook.record(region, {"date": "2025-05-01", "amount": 3, "category": "general",
                                          "level": "county", "mode": "online", "topics": ["it"]})
    assert none is None and (line.level, line.mode, line.topics, line.grade) == (Level.COUNTY, Mode.ONLINE, ("it",), None)
    assert line.completed  # no grade known: it earned something


def test_rules_test_runs_an_examiners_own_case_file(tmp_path):
    own = tmp_path / "examiner.yaml"
    own.write_text(
        "- name: ten hours in a day count as the daily cap\n"
        "  source: example.txt §2\n"
        "  convert: {level: county, mode: centralized, hours: 10, days: 1}\n"
        "  expect: {amount: 8}\n"
        "- name: a wrong expectation\n"
        "  source: example.txt §2\n"
        "  convert: {level: county, mode: centralized, hours: 10, days: 1}\n"
        "  expect: {amount: 9}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["rules", "test", "--region", "example", "--cases", str(own)])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "examiner.yaml: a wrong expectation: .amount: expected 9, got 8",
        "example: 2 worked cases, 1 failed; 1 problem"]


def test_rules_test_names_a_case_file_that_is_not_yaml(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("- name: [\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["rules", "test", "--region", "example", "--cases", str(broken)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: broken.yaml: not YAML")


def test_a_program_credited_by_a_fixed_figure_needs_no_hours_and_brings_its_level_and_mode():
    """An examiner's case: qingdao's 省互联网+ compulsory course (附件1 第10项, 记18学分) sent as
    its program alone was refused with "hours is required", though `describe` says the program
    needs none; a program that counts hours still needs them."""
    def convert(payload):
        result = CliRunner().invoke(main, ["rules", "convert", "--region", "qingdao"], input=json.dumps(payload))
        return result.exit_code, json.loads(result.output)

    code, out = convert({"program": "internet_plus_compulsory", "end": "2018-06-20"})
    assert code == 0 and out["amount"] == 18
    code, out = convert({"program": "backbone", "mode": "centralized", "end": "2018-06-20"})
    assert code == 2 and out["field"] == "hours"


def test_describe_words_the_cores_texts_as_the_pages_of_a_region_counting_hours(monkeypatch):
    """A region counting hours (学时) that declares no claim kinds gets the core's two; its pages
    and `GET /api/rules/describe` say they are recorded in hours (登记学时), and so must
    `portal rules describe`, which runs outside the web application: it said 计学分."""
    import types

    from portal.domain import RegionInfo, Unit

    module = types.ModuleType("hours_region")
    module.__spec__ = example_region.__spec__  # its documents and worked cases
    for name in dir(example_region):
        if name.startswith("portal_") and name not in ("portal_region_info", "portal_claim_kinds"):
            setattr(module, name, getattr(example_region, name))
    module.portal_region_info = example_region.hookimpl(
        lambda: RegionInfo(code="example", name=example_region._("示例区"), unit=Unit.HOUR, version="1.0"))
    monkeypatch.setattr(plugins, "installed_regions", lambda: {**all_regions(), "example": module})
    code, out = rules("describe")
    assert code == 0
    details = [kind["detail"] for kind in out["claim_kinds"]]
    assert len(details) == 2 and all("学时" in d and "学分" not in d for d in details), details


def test_the_convert_command_says_it_converts_into_the_regions_unit_not_credits_alone():
    """A region counting hours (学时) read `portal rules convert --help` promising credits."""
    result = CliRunner().invoke(main, ["rules", "convert", "--help"])
    assert "credits or hours" in " ".join(result.output.split()), result.output


def test_a_case_expecting_a_flag_false_matches_a_finding_that_leaves_the_flag_out(tmp_path):
    """The answer writes ``cap``, ``exempt`` and ``caution`` only when true; an examiner's case
    saying a teacher is not exempt (``exempt: false``) was reported "missing"."""
    from portal.conformance import differences

    finding = {"code": "cycle_total", "ok": False}
    assert differences({"ok": False, "exempt": False, "cap": False}, finding) == []
    assert differences({"exempt": True}, finding) == [".exempt: missing (have code, ok)"]
    assert differences({"ok": True}, finding)  # a false that is written still has to match


def test_a_false_expected_of_a_key_no_answer_writes_is_still_reported():
    """Only a finding's flags written when true (``cap``, ``exempt``, ``caution``) match by being
    left out: any other key expected ``false`` and missing (a key misspelt, ``exmpt: false``, or one
    the answer does not have) is reported, or the case could never fail."""
    from portal.conformance import differences

    finding = {"code": "cycle_total", "ok": False}
    assert differences({"exmpt": False}, finding) == [".exmpt: missing (have code, ok)"]
    assert differences({"eligibility": {"titel": False}}, {"eligibility": {"title": {"ok": False}}})
    assert differences({"caution": False}, finding) == []
