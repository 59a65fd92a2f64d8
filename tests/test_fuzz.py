"""Generated bad input (hypothesis) for every way in: the JSON API, `portal rules`, each form
and the URL converters. Nothing may answer 500, raise, stall or echo the input back; the
OpenAPI document and the parsers must agree on what is valid. The inputs mix well-formed
values with the kinds that broke the portal before: huge or signalling-NaN numbers, years
1 and 9999, lone surrogates, NUL, deep nesting, ids beyond 2**63, blank choices."""
from __future__ import annotations

import base64
import json
from urllib.parse import quote, urlencode

import jsonschema_rs
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal import plugins, rulebook
from portal.cli import main
from portal.domain import InvalidInput
from portal.domain.activity import Refused
from portal.plugins import Region
from portal.services import accounts
from portal.web.openapi import document
from tests.support import PASSWORD, all_regions, login

FUZZ = settings(max_examples=100, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

NUMBERS = st.one_of(
    st.sampled_from(["1e999999", "-1e999999", "sNaN", "NaN", "Infinity", "-0", "1e-999999", "0.001", "99999.99",
                     "100000", "00001", "1_000", "٣", " 1", "2.5", "10", 1e308, -0.0, 0.57, 2**63, 10**30, True,
                     "\x00", "\ud800", ""]),
    st.integers(min_value=-10, max_value=200_000), st.floats(), st.decimals(places=3).map(str))
DATES = st.one_of(
    st.sampled_from(["0001-01-01", "9999-12-31", "1949-12-31", "1950-01-01", "2100-12-31", "2101-01-01",
                     "2018-02-30", "2020-02-29", "2100-02-29", "20180901", "2018-W01-1", "2018-09-01T00:00",
                     "\ud800", "", 20180901]),
    st.dates().map(str))
TEXTS = st.one_of(st.sampled_from(["\x00", "a\x00b", "\ud800", "x" * 10_000, "", " ", "　", "\ufeff", "general",
                                   "ethics", "it", "other", "一级教师", "primary", "credit", "hour"]),
                  st.text(max_size=70))
SCALARS = st.one_of(NUMBERS, DATES, TEXTS, st.booleans(), st.none())
JSON = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                     st.dictionaries(TEXTS, inner, max_size=3)), max_leaves=10)
ENUM = {"level": ["national", "provincial", "city", "county", "school"],
        "mode": ["centralized", "online", "school_based", "self_study", "degree"],
        "grade": ["excellent", "good", "pass", "fail"], "role": ["participant", "instructor", "mentor", "presenter"],
        "source": ["enrollment", "manual"], "unit": ["credit", "hour"]}


def choice(name):
    return st.one_of(st.sampled_from(ENUM[name]), st.sampled_from(["", "x", None, ["city"]]))


CODES = st.one_of(st.lists(TEXTS, max_size=3), st.just(["ethics"] * 51), JSON)
AMOUNTS = st.one_of(st.dictionaries(TEXTS, NUMBERS, max_size=3), JSON)
ACTIVITY_FIELDS = {
    "days": st.one_of(NUMBERS, st.integers(-2, 4000)), "start": DATES, "end": DATES, "grade": choice("grade"),
    "role": choice("role"), "program": TEXTS, "service_year": st.one_of(NUMBERS, st.integers(0, 70)),
    "topics": CODES, "base_credits": NUMBERS, "scores": AMOUNTS, "weights": AMOUNTS, "colour": SCALARS,
}
ACTIVITIES = st.one_of(
    st.fixed_dictionaries({"level": choice("level"), "mode": choice("mode"), "hours": NUMBERS},
                          optional=ACTIVITY_FIELDS),
    JSON)
RECORDS = st.one_of(
    st.tuples(ACTIVITIES, DATES, choice("source")).map(
        lambda t: {**t[0], "date": t[1], "source": t[2]} if isinstance(t[0], dict) else t[0]),
    st.fixed_dictionaries({"date": DATES, "amount": NUMBERS, "category": TEXTS},
                          optional={"unit": choice("unit"), "source": choice("source"), "level": choice("level"),
                                    "mode": choice("mode"), "hours": NUMBERS, "topics": CODES}),
    JSON)
TEACHERS = st.one_of(st.fixed_dictionaries({}, optional={
    "entered_post": DATES, "title": TEXTS, "title_date": DATES, "layer": TEXTS,
    "stages": st.one_of(st.lists(st.sampled_from(["primary", " primary", "college", ""]), max_size=3), JSON)}),
    JSON)
CHECKS = st.one_of(
    st.fixed_dictionaries({"as_of": DATES}, optional={"teacher": TEACHERS, "records": st.lists(RECORDS, max_size=3)}),
    JSON)
CONVERTS = st.one_of(ACTIVITIES, st.lists(ACTIVITIES, max_size=3))


def dumps(value) -> str:
    return json.dumps(value)  # lone surrogates become \ud800 escapes, as a client may send them


def assert_short_json_error(error: dict) -> None:
    assert error["error"] == "invalid" and error["field"] and error["message"]
    assert len(json.dumps(error)) < 300, error  # never the input echoed back


# The OpenAPI document and the parsers agree: what it describes is parsed, what it does not
# is refused as malformed (400), so schemathesis' checks hold for every region.

SCHEMA = document()


def validator(name: str):
    return jsonschema_rs.validator_for({"$ref": f"#/components/schemas/{name}", "components": SCHEMA["components"]})


CONVERT_BODY = jsonschema_rs.validator_for({
    **SCHEMA["paths"]["/api/rules/convert"]["post"]["requestBody"]["content"]["application/json"]["schema"],
    "components": SCHEMA["components"]})
CHECK_BODY = validator("CheckRequest")


def described(validator, body) -> bool:
    try:
        return validator.is_valid(body)
    except UnicodeEncodeError:  # a lone surrogate is no Unicode text, so never valid
        return False


def parses(parse, value) -> bool:
    try:
        parse(value)
    except Refused:
        return True  # well formed; the rules said no
    except InvalidInput:
        return False
    return True


@pytest.fixture(scope="module")
def example():
    return Region.load("example", all_regions())


@settings(FUZZ, max_examples=200)
@given(CONVERTS)
def test_the_document_and_the_parser_agree_on_activities(example, body):
    def one(item):  # as the rules command reads it: what a program gives filled in, else refused
        return rulebook.activity(example, item)
    parse = (lambda b: [one(a) for a in rulebook._bounded_list("activities", b)]) if isinstance(body, list) else one
    assert described(CONVERT_BODY, body) == parses(parse, body), body


@settings(FUZZ, max_examples=200)
@given(CHECKS)
def test_the_document_and_the_parser_agree_on_checks(example, body):
    assert described(CHECK_BODY, body) == parses(lambda b: rulebook.check(example, b), body), body


# The JSON API

def basic(username="teacher", password="demo12345"):
    return {"Authorization": "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()}


@FUZZ
@given(CONVERTS, st.one_of(st.none(), DATES.filter(lambda d: isinstance(d, str))))
def test_api_convert_answers_every_input_without_failing(client, body, on):
    query = "" if on is None else "?on=" + quote(on.encode("utf-8", "surrogatepass"))
    response = client.post("/api/rules/convert" + query, data=dumps(body), content_type="application/json",
                           headers=basic())
    assert response.status_code in (200, 400, 422) and response.is_json
    if response.status_code != 200:
        assert_short_json_error(response.json)


@FUZZ
@given(CHECKS)
def test_api_check_answers_every_input_without_failing(client, body):
    response = client.post("/api/rules/check", data=dumps(body), content_type="application/json", headers=basic())
    assert response.status_code in (200, 400, 422) and response.is_json
    if response.status_code != 200:
        assert_short_json_error(response.json)


@FUZZ
@given(st.binary(max_size=200), st.sampled_from(["application/json", "text/plain", ""]),
       st.sampled_from(["/api/rules/convert", "/api/rules/check", "/api/rules/describe", "/api/x", "/api/"]),
       st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH"]))
def test_api_answers_raw_bytes_and_any_method_with_json(client, data, content_type, path, method):
    response = client.open(path, method=method, data=data, content_type=content_type, headers=basic())
    assert response.status_code in (200, 400, 404, 405, 422) and response.is_json


# `portal rules`

@pytest.fixture
def rules_command(monkeypatch):
    monkeypatch.setattr(plugins, "installed_regions", all_regions)
    monkeypatch.delenv("PORTAL_SETTINGS", raising=False)

    def run(command, stdin: bytes):
        result = CliRunner().invoke(main, ["rules", command, "--region", "example"], input=stdin)
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        assert result.exit_code in (0, 2)
        out = json.loads(result.output)
        if result.exit_code == 2:
            assert_short_json_error(out)
        return result.exit_code

    return run


@FUZZ
@given(st.one_of(CONVERTS.map(dumps), st.text(max_size=50)).map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_the_command_converts_or_exits_2(rules_command, stdin):
    rules_command("convert", stdin)


@FUZZ
@given(st.one_of(CHECKS.map(dumps).map(str.encode), st.binary(max_size=50)))
def test_the_command_checks_or_exits_2(rules_command, stdin):
    rules_command("check", stdin)


# Forms and URLs: every answer is a page (2xx, 3xx, 4xx), never a failure.

FORM_TEXT = st.one_of(TEXTS, NUMBERS.map(str), DATES.map(str))


def post_form(client, path: str, data: dict):
    """Posted as raw form bytes, so a lone surrogate arrives as the bytes a browser could send."""
    body = urlencode({k: v.encode("utf-8", "surrogatepass") for k, v in data.items()})
    response = client.post(path, data=body, content_type="application/x-www-form-urlencoded")
    assert response.status_code < 500
    return response


@pytest.fixture
def signed_in(app):
    """A signed-in client per user, kept across a test's examples (signing in costs a hash)."""
    clients = {}

    def client_for(username):
        if username not in clients:
            clients[username] = app.test_client()
            login(clients[username], username)
        return clients[username]

    return client_for


CALCULATOR_FIELDS = ["level", "mode", "hours", "days", "start", "end", "grade", "role", "program", "service_year",
                     "topics", "base_credits", "compulsory_topics", "compulsory", "score_tasks", "weight_tasks",
                     "score_course_time", "weight_discussion"]


@pytest.mark.parametrize("region", ["qingdao", "kaifeng", "ruian", "shanxi"])
def test_every_regions_calculator_answers_every_input(make_app, region):
    client = make_app(region, demo=True).test_client()
    login(client, "teacher")

    @FUZZ
    @given(st.dictionaries(st.sampled_from(CALCULATOR_FIELDS), FORM_TEXT, max_size=8))
    def fill(data):
        post_form(client, "/rules/calculator", {"level": "city", "mode": "centralized", "hours": "10", **data})

    fill()


@FUZZ
@given(FORM_TEXT, FORM_TEXT)
def test_login_answers_every_input(app, monkeypatch, username, password):
    # The form and the lookup are under test, not argon2: a cheap check keeps this fast.
    monkeypatch.setattr(accounts, "_verify", lambda password_hash, given: given == PASSWORD)
    post_form(app.test_client(), "/login", {"username": username, "password": password})


@FUZZ
@given(FORM_TEXT, FORM_TEXT, FORM_TEXT)
def test_password_change_answers_every_input(signed_in, current, new, confirm):
    post_form(signed_in("teacher"), "/account/password", {"current": current, "new": new, "confirm": confirm})


USER_FIELDS = ["username", "display_name", "password", "role", "org_unit", "gender", "id_number", "phone", "stages",
               "subjects", "title", "title_date", "entered_post"]


@FUZZ
@given(st.dictionaries(st.sampled_from(USER_FIELDS), FORM_TEXT, max_size=6))
def test_new_user_answers_every_input(signed_in, data):
    base = {"username": "wang", "display_name": "王老师", "password": "secret12345", "role": "teacher",
            "org_unit": "4", "gender": "female", "id_number": "110105198001010016", "stages": "primary"}
    post_form(signed_in("school_admin"), "/admin/users/new", {**base, **data})


@FUZZ
@given(st.one_of(st.integers(min_value=0), st.sampled_from([2**31, 2**63, 10**20])), FORM_TEXT)
def test_review_answers_every_input(signed_in, entry_id, target):
    post_form(signed_in("school_admin"), f"/admin/reviews/{entry_id}", {"target": target})


@FUZZ
@given(FORM_TEXT, FORM_TEXT)
def test_locale_switch_answers_every_input(client, code, next_page):
    path = "/locale/" + quote((code or "x").encode("utf-8", "surrogatepass"), safe="")
    post_form(client, path, {"next": next_page})


@FUZZ
@given(st.sampled_from(["/admin/teachers/{}", "/admin/teachers/{}/compliance", "/admin/orgs/{}",
                        "/admin/teachers?page={}", "/admin/reviews?page={}", "/admin/teachers?q={}", "/me/?x={}"]),
       st.one_of(st.integers(), st.sampled_from(["99999999999999999999", "%00", "-1", "1e9", "%ED%A0%80", "%FF"])))
def test_urls_answer_every_id_and_query(signed_in, pattern, value):
    assert signed_in("school_admin").get(pattern.format(value)).status_code < 500


def test_an_unknown_field_of_characters_outside_the_bmp_is_echoed_short(client):
    """Found by this file's fuzzing on PostgreSQL's run: a field named with 19 mathematical bold
    letters came back whole, 300 bytes of escaped JSON."""
    response = client.post("/api/rules/convert", headers=basic(),
                           json={"level": "county", "mode": "centralized", "hours": 6, "𝐀" * 19: 1})
    assert response.status_code == 400 and response.json["field"].startswith("𝐀"), response.json
    assert_short_json_error(response.json)


@pytest.mark.parametrize("field, blank", [("gender", " "), ("gender", "\t"), ("stages", " ")])
def test_a_choice_of_blanks_is_refused_as_no_choice_of_the_list(signed_in, field, blank):
    """Found by this file's fuzzing: a gender of blanks passed as "left out" and reached the
    service as a gender (a 500)."""
    data = {"username": "wang", "display_name": "王老师", "password": "secret12345", "role": "teacher",
            "org_unit": "4", "gender": "female", "id_number": "110105198001010016", "stages": "primary", field: blank}
    response = signed_in("school_admin").post("/admin/users/new", data=data)  # otherwise valid
    assert response.status_code == 422
    assert 'id="' + field in response.get_data(as_text=True)
