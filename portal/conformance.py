"""The conformance kit: a region's worked scenarios and the contract checks every region passes.

A region package ships ``scenarios/*.yaml``; each file is a list of cases in the rules
command's own JSON (so a case can be pasted into ``portal rules``)::

    - name: 一天 10 学时的集中培训，按每日上限计 8 学分
      source: notice-2018.txt §附件1
      convert: {level: city, mode: centralized, hours: 10, days: 1, end: 2018-05-04}
      expect: {amount: 8, unit: credit, category: general}

A case has ``convert`` (one activity) or ``check`` (``as_of``, ``teacher``, ``records``),
optionally ``on`` (the date whose rules apply) and ``settings`` (a bureau's overrides),
and ``expect``: a part of the answer that must match. Objects match key by key, lists
item by item in any order, numbers by value; ``findings`` may be given as an object by
code (where a code repeats, once a year, an object matches any of them). ``expect:
{error: {field: hours}}`` expects the input to be refused.

The core's tests run every installed region's cases (``tests/test_conformance.py``); a
region from another package can run them in its own tests with ``scenario_params``.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from importlib import resources
from types import ModuleType
from typing import Any

import yaml

from . import rulebook
from .domain import InvalidInput
from .plugins import Region

SOURCE_PATTERN = re.compile(r"^\S+\.\w+ §\S")
KINDS = ("convert", "check")


@dataclass(frozen=True)
class Scenario:
    file: str
    name: str
    source: str
    kind: str
    input: Any
    expect: Mapping[str, Any]
    on: date | None = None
    settings: Mapping[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.file}: {self.name}"


class ScenarioError(ValueError):
    """A scenario file that does not follow the format."""


def load_scenarios(module: ModuleType) -> list[Scenario]:
    """Every case in the region package's ``scenarios/*.yaml``, in file order."""
    folder = resources.files(module).joinpath("scenarios")
    if not folder.is_dir():
        return []
    found = []
    for path in sorted((p for p in folder.iterdir() if p.name.endswith((".yaml", ".yml"))), key=lambda p: p.name):
        cases = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        if not isinstance(cases, list):
            raise ScenarioError(f"{path.name}: a scenario file is a list of cases")
        found.extend(_scenario(path.name, i, case) for i, case in enumerate(cases))
    return found


def _scenario(file: str, index: int, case: Any) -> Scenario:
    where = f"{file} case {index + 1}"
    if not isinstance(case, Mapping):
        raise ScenarioError(f"{where}: a case is an object")
    if True in case:  # YAML 1.1 reads an unquoted key `on` as the boolean true
        case = {("on" if key is True else key): value for key, value in case.items()}
    kinds = [k for k in KINDS if k in case]
    if len(kinds) != 1:
        raise ScenarioError(f"{where}: a case has exactly one of convert, check")
    for key in ("name", "source", "expect"):
        if not case.get(key):
            raise ScenarioError(f"{where}: {key} is required")
    unknown = set(case) - {"name", "source", "expect", "on", "settings", *KINDS}
    if unknown:
        raise ScenarioError(f"{where}: unknown key {sorted(unknown)[0]}")
    return Scenario(file, str(case["name"]), str(case["source"]), kinds[0], case[kinds[0]],
                    case["expect"], case.get("on"), case.get("settings") or {})


def run(region: Region, scenario: Scenario) -> list[str]:
    """Run one case; return the differences from what it expects (empty when it passes)."""
    if scenario.settings:
        region = Region.load(region.info.code, {region.info.code: region.module}, scenario.settings)
    try:
        if scenario.kind == "convert":
            answer = rulebook.convert(region, scenario.input, scenario.on)
        else:
            answer = rulebook.check(region, scenario.input)
    except InvalidInput as error:
        answer = {"error": {"field": error.field, "message": error.message}}
    if scenario.kind == "check" and isinstance(answer.get("findings"), list):
        answer = {**answer, "findings": _by_code(answer["findings"])}
    return differences(scenario.expect, answer)


def _by_code(findings: list[dict]) -> dict:
    """Findings keyed by code; a code found more than once (one per year) keys a list."""
    grouped: dict[str, list[dict]] = {}
    for finding in findings:
        grouped.setdefault(finding["code"], []).append(finding)
    return {code: items[0] if len(items) == 1 else items for code, items in grouped.items()}


def differences(expected: Any, actual: Any, path: str = "") -> list[str]:
    """Where ``actual`` fails to contain ``expected``. An object expected where the
    answer has a list matches if any item of the list matches."""
    if isinstance(expected, Mapping) and isinstance(actual, list):
        if any(not differences(expected, item) for item in actual):
            return []
        return [f"{path}: no item matches {dict(expected)!r}"]
    if isinstance(expected, Mapping):
        if not isinstance(actual, Mapping):
            return [f"{path or '.'}: expected an object, got {actual!r}"]
        found = []
        for key, value in expected.items():
            if key not in actual:
                found.append(f"{path}.{key}: missing (have {', '.join(map(str, actual))})")
            else:
                found.extend(differences(value, actual[key], f"{path}.{key}"))
        return found
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return [f"{path}: expected a list, got {actual!r}"]
        return [f"{path}: no item matches {item!r}" for item in expected
                if not any(not differences(item, candidate) for candidate in actual)]
    if _same(expected, actual):
        return []
    return [f"{path or '.'}: expected {expected!r}, got {actual!r}"]


def _same(expected: Any, actual: Any) -> bool:
    if isinstance(expected, bool) or isinstance(actual, bool) or expected is None or actual is None:
        return expected is actual or expected == actual
    if isinstance(expected, (int, float, Decimal)):
        try:
            return Decimal(str(expected)) == Decimal(str(actual))
        except InvalidOperation:
            return False
    if isinstance(expected, date):
        return expected.isoformat() == actual
    return expected == actual


def scenario_params(module: ModuleType):
    """``pytest.param``s of a region's cases, for a plugin's own test module::

        @pytest.mark.parametrize("scenario", scenario_params(my_region))
        def test_scenario(scenario):
            assert run(Region.load("mine", {"mine": my_region}), scenario) == []
    """
    import pytest

    return [pytest.param(s, id=s.id) for s in load_scenarios(module)]
