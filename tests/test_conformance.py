"""The conformance kit run over every installed region: its worked scenarios, and the
contract every region keeps (sources cited, codes declared, Decimal amounts)."""
from __future__ import annotations

import json
from decimal import Decimal

import pytest

from portal import rulebook
from portal.conformance import SOURCE_PATTERN, load_scenarios, run
from portal.domain import Activity
from portal.plugins import Region, installed_regions

REGIONS = installed_regions()
SCENARIOS = [
    pytest.param(code, scenario, id=f"{code}/{scenario.id}")
    for code, module in REGIONS.items()
    for scenario in load_scenarios(module)
]
BUNDLED_MINIMUM = 20


@pytest.fixture(scope="module", params=sorted(REGIONS))
def region(request) -> Region:
    return Region.load(request.param)


@pytest.mark.parametrize(("code", "scenario"), SCENARIOS)
def test_scenario(code, scenario):
    assert SOURCE_PATTERN.match(scenario.source), f"cite the clause as 'file §clause', not {scenario.source!r}"
    assert run(Region.load(code), scenario) == []


@pytest.mark.parametrize("code", sorted(REGIONS))
def test_each_bundled_region_ships_enough_worked_cases(code):
    scenarios = load_scenarios(REGIONS[code])
    assert len(scenarios) >= BUNDLED_MINIMUM
    assert {s.kind for s in scenarios} == {"convert", "check"}


def test_describe_lists_everything_with_a_source(region):
    described = rulebook.describe(region)
    json.dumps(described, ensure_ascii=False)
    for key in ("rule_versions", "programs", "categories", "findings", "purposes"):
        for item in described[key]:
            assert item["source"], f"{key} {item} has no source"
    for parameter in described["parameters"]:
        assert all(v["source"] for v in parameter["values"]), parameter["name"]
    assert described["categories"] and described["findings"] and described["purposes"]
    assert all(s["assumption"] for s in described["settings"])


def test_conversions_in_the_scenarios_keep_the_contract(region):
    """Every converted scenario: a Decimal amount, a declared category and rule version,
    and every step citing 'file §clause'."""
    categories = {c.code for c in region.categories()}
    versions = {v.code for v in region.rule_versions()}
    programs = {p.code for p in region.programs()}
    for scenario in load_scenarios(region.module):
        if scenario.kind != "convert" or "error" in scenario.expect or scenario.settings:
            continue
        activity = Activity.from_mapping(scenario.input)
        assert activity.program is None or activity.program in programs, scenario.id
        result = region.convert(activity, scenario.on or activity.end or activity.start)
        assert isinstance(result.amount, Decimal), scenario.id
        assert result.category in categories, scenario.id
        assert result.rule_version in versions, scenario.id
        for step in result.steps:
            assert SOURCE_PATTERN.match(step.source), f"{scenario.id}: step source {step.source!r}"


def test_checks_in_the_scenarios_return_declared_findings_and_purposes(region):
    duties = {d.code for d in region.duties()}
    purposes = {p.code for p in region.purposes()}
    for scenario in load_scenarios(region.module):
        if scenario.kind != "check" or "error" in scenario.expect:
            continue
        answer = rulebook.check(region, scenario.input)
        for finding in answer["findings"]:
            assert finding["code"] in duties, f"{scenario.id}: undeclared finding {finding['code']}"
            assert SOURCE_PATTERN.match(finding["source"]), f"{scenario.id}: {finding['source']!r}"
        for purpose, eligibility in answer["eligibility"].items():
            assert purpose in purposes, f"{scenario.id}: undeclared purpose {purpose}"
            assert SOURCE_PATTERN.match(eligibility["source"]), f"{scenario.id}: {eligibility['source']!r}"
            assert eligibility["ok"] or eligibility["missing"], f"{scenario.id}: {purpose} says not what is missing"
