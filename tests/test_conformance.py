"""The conformance kit over every installed region: its worked cases and the documented
contract (``portal.conformance``), the same checks ``portal rules test`` runs. What only the
regions bundled with the portal promise (enough worked cases) is checked for those alone,
so a region installed from elsewhere never fails here for a reason the contract does not give."""
from __future__ import annotations

import pytest

from portal.conformance import SOURCE_PATTERN, contract_problems, load_scenarios, run
from portal.plugins import Region, installed_regions
from tests.support import BUNDLED_REGIONS

REGIONS = installed_regions()
SCENARIOS = [
    pytest.param(code, scenario, id=f"{code}/{scenario.id}")
    for code, module in REGIONS.items()
    for scenario in load_scenarios(module)
]
BUNDLED_MINIMUM = 20


@pytest.mark.parametrize(("code", "scenario"), SCENARIOS)
def test_scenario(code, scenario):
    assert SOURCE_PATTERN.match(scenario.source), f"cite the clause as 'file §clause', not {scenario.source!r}"
    assert run(Region.load(code), scenario) == []


@pytest.mark.parametrize("code", sorted(REGIONS))
def test_each_region_keeps_the_contract(code):
    problems = contract_problems(Region.load(code))
    assert problems == [], "\n".join(problems[:40])


@pytest.mark.parametrize("code", sorted(BUNDLED_REGIONS))
def test_each_bundled_region_ships_enough_worked_cases(code):
    scenarios = load_scenarios(REGIONS[code])
    assert len(scenarios) >= BUNDLED_MINIMUM
    assert {s.kind for s in scenarios} == {"convert", "check"}
