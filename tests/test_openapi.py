"""The OpenAPI document: served to anyone, valid OpenAPI 3.1, in step with the routes, and
saying exactly what the parsers take (tests/test_fuzz.py checks whole bodies)."""
from __future__ import annotations

import re
from datetime import date, timedelta

import jsonschema_rs
import pytest
import schemathesis

from portal import rulebook
from portal.conformance import load_scenarios
from portal.domain.activity import AMOUNT_PATTERN, SPACE_CHARACTERS, Refused, parse_amount, parse_code, parse_date
from portal.plugins import Region
from portal.web.openapi import CODE, DATE_PATTERN, document
from tests.support import all_regions


def test_served_without_signing_in(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200 and response.json["openapi"] == "3.1.0"


def test_a_valid_openapi_31_document():
    schemathesis.openapi.from_dict(document()).validate()


def test_every_api_route_is_described_and_every_described_path_is_a_route(app):
    routes = {}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/"):
            path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
            routes.setdefault(path, set()).update(rule.methods - {"HEAD", "OPTIONS"})
    described = {path: {method.upper() for method in operations} for path, operations in document()["paths"].items()}
    assert described == routes


def test_each_operation_documents_its_errors_with_the_error_schema():
    error = {"$ref": "#/components/schemas/Error"}
    for path, operations in document()["paths"].items():
        for operation in operations.values():
            for status, response in operation["responses"].items():
                if not status.startswith("2"):
                    assert response["content"]["application/json"]["schema"] == error, (path, status)
            if operation.get("security") != []:
                assert {"401", "429"} <= set(operation["responses"]), path


def test_the_date_pattern_takes_exactly_what_parse_date_takes():
    day = date(1949, 12, 1)
    while day <= date(2101, 1, 31):
        assert bool(re.fullmatch(DATE_PATTERN, day.isoformat())) == (1950 <= day.year <= 2100)
        day += timedelta(days=1)
    for text in ["2018-02-29", "2000-02-29", "2100-02-29", "1900-02-29", "2018-04-31", "2018-13-01", "2018-00-10",
                 "2018-1-01", "0001-01-01", "9999-12-31", "2018-09-01\n"]:
        assert bool(re.fullmatch(DATE_PATTERN, text)) == _parses(parse_date, text), text


@pytest.mark.parametrize("text", ["0", "7", "99999", "99999.99", "00001.5", "1.", ".5", "100000", "1.005", "-1",
                                  "1e2", " 1", "١"])
def test_the_amount_pattern_takes_exactly_what_parse_amount_takes(text):
    assert bool(re.fullmatch(AMOUNT_PATTERN, text)) == _parses(parse_amount, text)


@pytest.mark.parametrize("text", ["ethics", " ethics ", "一级教师", "a b", "", " ", "\u3000", "\ufeff", "\u2003x",
                                  "a\x00", "a\x7f", "a\x85", "\t", "x" * 64, "x" * 65])
def test_the_code_schema_takes_exactly_what_parse_code_takes(text):
    assert jsonschema_rs.validator_for(CODE).is_valid(text) == _parses(parse_code, text)


def test_every_space_parse_code_strips_is_a_space_in_the_pattern():
    assert all(not jsonschema_rs.validator_for(CODE).is_valid(space) for space in SPACE_CHARACTERS)


def test_every_regions_worked_cases_are_described_exactly_when_they_parse():
    """A worked case the rules answer (or refuse, 422) is a request the document describes;
    one refused as malformed (400) is not."""
    components = document()["components"]
    bodies = {"convert": document()["paths"]["/api/rules/convert"]["post"]["requestBody"]["content"][
        "application/json"]["schema"], "check": {"$ref": "#/components/schemas/CheckRequest"}}
    validators = {kind: jsonschema_rs.validator_for({**schema, "components": components})
                  for kind, schema in bodies.items()}
    count = 0
    for code, module in all_regions().items():
        region = Region.load(code, all_regions())
        for scenario in load_scenarios(module):
            command = rulebook.convert if scenario.kind == "convert" else rulebook.check
            well_formed = _parses(lambda given: command(region, given), scenario.input, refused_is_parsed=True)
            assert validators[scenario.kind].is_valid(_as_json(scenario.input)) == well_formed, scenario.name
            count += 1
    assert count > 100


def _parses(parse, value, refused_is_parsed: bool = False) -> bool:
    try:
        parse(value)
    except Refused:
        return refused_is_parsed
    except ValueError:
        return False
    return True


def _as_json(value):
    """YAML reads 2018-09-01 as a date; JSON has only the string."""
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    return value.isoformat() if isinstance(value, date) else value
