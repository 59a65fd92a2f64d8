"""Bad input is refused quickly, briefly and without a traceback: 400/404/413/422 on the web
(JSON under /api/), exit code 2 and a JSON error from `portal rules`. Each case here was
found by the fuzzing in tests/test_fuzz.py (or reported) and answered 500 or stalled before."""
from __future__ import annotations

import base64
import json
import os
import time

import pytest
from click.testing import CliRunner

from portal import plugins, rulebook
from portal.cli import main
from portal.config import ConfigError, from_environment
from tests.support import all_regions, login

ACTIVITY = {"level": "county", "mode": "online", "hours": 2}


def basic(username="teacher", password="demo12345"):
    return {"Authorization": "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()}


def api(client, path, body, **kwargs):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post(path, data=data, content_type="application/json", headers=basic(), **kwargs)


@pytest.fixture
def cli(monkeypatch):
    monkeypatch.setattr(plugins, "installed_regions", all_regions)
    monkeypatch.delenv("PORTAL_SETTINGS", raising=False)

    def run(command, stdin, *args):
        result = CliRunner().invoke(main, ["rules", command, "--region", "example", *args], input=stdin)
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        return result.exit_code, json.loads(result.output)

    return run


def test_a_huge_exponent_is_refused_at_once_not_after_half_a_minute(client):
    payload = {"as_of": "2022-01-01", "records": [{"date": "2021-01-01", "level": "city", "mode": "online",
                                                   "hours": "1e999999"}]}
    started = time.monotonic()
    response = api(client, "/api/rules/check", payload)
    assert time.monotonic() - started < 2
    assert response.status_code == 400 and response.json["field"] == "records[0].hours"


@pytest.mark.parametrize(("hours", "message"), [
    ("1e999999", "must be a number"),
    (1e308, "must be a number from 0 to 99999.99"),
    (10**40, "must be a number from 0 to 99999.99"),
    ("100000", "must be a number from 0 to 99999.99 with at most 2 decimal places"),
    (100000, "must be a number from 0 to 99999.99"),
    (1.005, "must have at most 2 decimal places"),
    ("1.005", "must be a number from 0 to 99999.99 with at most 2 decimal places"),
    ("sNaN", "must be a number"),
    ("NaN", "must be a number"),
    ("Infinity", "must be a number"),
    (" 1", "must be a number"),
    ("٣", "must be a number"),
    (True, "must be a number"),
])
def test_amounts_are_bounded_in_size_and_decimals(client, hours, message):
    response = api(client, "/api/rules/convert", {**ACTIVITY, "hours": hours})
    assert response.status_code == 400
    assert (response.json["field"], response.json["message"]) == ("hours", message)


def test_minus_zero_is_zero_and_up_to_two_decimals_are_taken(client):
    assert api(client, "/api/rules/convert", {**ACTIVITY, "hours": -0.0}).json["amount"] == 0
    # Well formed, so not 400; the example region's rules allow at most 100 hours.
    assert api(client, "/api/rules/convert", {**ACTIVITY, "hours": "99999.99"}).status_code == 422
    assert api(client, "/api/rules/convert", {**ACTIVITY, "hours": "2.25"}).json["amount"] == 2.25


@pytest.mark.parametrize("body", ['{"level": "city", "mode": "online", "hours": NaN}',
                                  '{"level": "city", "mode": "online", "hours": -Infinity}'])
def test_nan_and_infinity_are_not_json(client, body):
    response = api(client, "/api/rules/convert", body)
    assert response.status_code == 400 and response.json["field"] == "json"


@pytest.mark.parametrize(("field", "value", "message"), [
    ("start", "0001-01-01", "must be a date from 1950 to 2100"),
    ("end", "9999-12-31", "must be a date from 1950 to 2100"),
    ("end", "2018-W01-1", "must be an ISO date such as 2018-09-01"),
    ("end", "20180901", "must be an ISO date such as 2018-09-01"),
    ("days", 10**30, "must be a whole number from 1 to 3660"),
    ("service_year", 2**63, "must be a whole number from 1 to 60"),
    ("program", "\ud800", "must be a code of at most 64 characters, without control characters"),
    ("program", "a\x00b", "must be a code of at most 64 characters, without control characters"),
    ("program", "x" * 65, "must be a code of at most 64 characters, without control characters"),
    ("topics", ["ethics"] * 51, "must list at most 50 codes"),
    ("grade", ["excellent"], "must be one of excellent, good, pass, fail"),
])
def test_dates_whole_numbers_codes_and_lists_are_bounded(client, field, value, message):
    response = api(client, "/api/rules/convert", {**ACTIVITY, field: value})
    assert response.status_code == 400
    assert (response.json["field"], response.json["message"]) == (field, message)


def test_days_beyond_the_start_and_end_are_refused_as_input_not_500(client):
    body = {**ACTIVITY, "days": 3, "start": "2020-02-28", "end": "2020-02-28"}
    response = api(client, "/api/rules/convert", body)
    assert response.status_code == 422 and response.json["field"] == "days"
    runner = CliRunner()
    answer = runner.invoke(main, ["rules", "convert"], input=json.dumps(body))
    assert answer.exit_code == 2 and json.loads(answer.output)["field"] == "days"


def test_on_outside_the_years_is_refused(client):
    response = api(client, "/api/rules/convert?on=9999-01-01", ACTIVITY)
    assert response.status_code == 400 and response.json["field"] == "on"


def test_errors_never_echo_the_input(client):
    long_name = "x" * 100_000
    response = api(client, "/api/rules/convert", {**ACTIVITY, long_name: 1, "\ud800": 2})
    assert response.status_code == 400 and len(response.data) < 300
    surrogate = api(client, "/api/rules/convert", {**ACTIVITY, "\ud800": 2})
    assert surrogate.json["field"] == "?"


def test_deep_nesting_is_refused(client):
    for body in ("[" * 100_000, json.dumps({"level": "city", "mode": "online", "hours": 1,
                                            "topics": [[[[[[[[["x"]]]]]]]]]})):
        response = api(client, "/api/rules/convert", body)
        assert response.status_code == 400
        assert response.json == {"error": "invalid", "field": "json", "message": "nested deeper than 8 levels"}


def test_a_batch_is_at_most_a_thousand_and_the_answer_stays_small(client):
    too_many = api(client, "/api/rules/convert", [ACTIVITY] * 1001)
    assert too_many.status_code == 400 and too_many.json["field"] == "activities"
    records = [{"date": "2021-01-01", "amount": 1, "category": "general"}] * 1001
    response = api(client, "/api/rules/check", {"as_of": "2022-01-01", "records": records})
    assert response.status_code == 400 and response.json["field"] == "records"
    assert len(api(client, "/api/rules/convert", [ACTIVITY] * 1000).data) < 400_000


def test_a_body_over_the_limit_is_413_json(make_app):
    app = make_app("example", demo=True, MAX_CONTENT_LENGTH=1000)
    response = api(app.test_client(), "/api/rules/convert", [ACTIVITY] * 100)
    assert response.status_code == 413 and response.json["error"] == "too_large"


def test_the_body_limit_is_a_setting(tmp_path):
    assert from_environment(str(tmp_path), {})["MAX_CONTENT_LENGTH"] == 1024 * 1024
    assert from_environment(str(tmp_path), {"PORTAL_MAX_CONTENT_LENGTH": "2000"})["MAX_CONTENT_LENGTH"] == 2000
    with pytest.raises(ConfigError, match="PORTAL_MAX_CONTENT_LENGTH must be a whole number"):
        from_environment(str(tmp_path), {"PORTAL_MAX_CONTENT_LENGTH": "1MB"})


@pytest.mark.parametrize("teacher", ["", 0, False, []])
def test_teacher_and_records_must_be_what_they_say(client, teacher):
    response = api(client, "/api/rules/check", {"as_of": "2022-01-01", "teacher": teacher})
    assert response.status_code == 400 and response.json["field"].startswith("teacher")
    response = api(client, "/api/rules/check", {"as_of": "2022-01-01", "records": teacher or ""})
    assert response.status_code == 400 and response.json["field"] == "records"


def test_what_the_rules_refuse_is_422_and_malformed_input_400(client):
    refused = api(client, "/api/rules/convert", {**ACTIVITY, "hours": 120})
    assert refused.status_code == 422 and refused.json["field"] == "hours"
    end_first = api(client, "/api/rules/convert", {**ACTIVITY, "start": "2020-02-02", "end": "2020-02-01"})
    assert end_first.status_code == 422 and end_first.json["field"] == "end"
    in_a_list = api(client, "/api/rules/check", {"as_of": "2022-01-01", "records": [
        {"date": "2021-01-01", **ACTIVITY, "hours": 120}]})
    assert in_a_list.status_code == 422 and in_a_list.json["field"] == "records[0].hours"
    # two well-formed dates the check refuses together, as an end before its start (schemathesis
    # sent today 1968-02-29 with as_of 2018-01-01, valid by the schema, and got 400)
    read_before = api(client, "/api/rules/check", {"as_of": "2018-01-01", "today": "1968-02-29"})
    assert read_before.status_code == 422 and read_before.json["field"] == "today"


@pytest.mark.parametrize(("method", "path", "status"), [
    ("GET", "/api/nowhere", 404), ("DELETE", "/api/rules/convert", 405), ("GET", "/api/rules/check", 405),
])
def test_every_error_under_api_is_json(client, method, path, status):
    response = client.open(path, method=method, headers=basic())
    assert response.status_code == status and response.is_json
    assert set(response.json) == {"error", "message"}
    if status == 405:
        assert set(response.headers["Allow"].split(", ")) == {"OPTIONS", "POST"}


def test_a_server_error_under_api_is_json_without_a_traceback(app, monkeypatch):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    monkeypatch.setattr(rulebook, "describe", lambda region: 1 / 0)
    response = app.test_client().get("/api/rules/describe", headers=basic())
    assert response.status_code == 500
    assert response.json == {"error": "internal", "message": "the server failed; nothing was changed"}


def test_pages_outside_api_keep_their_html_errors(client):
    response = client.get("/nowhere")
    assert response.status_code == 404 and response.mimetype == "text/html"


@pytest.mark.parametrize("path", ["/admin/teachers/99999999999999999999", "/admin/teachers/2147483648",
                                  "/admin/teachers/9223372036854775808/compliance", "/admin/orgs/2147483648"])
def test_ids_beyond_the_database_integers_are_404(client, path):
    login(client, "school_admin")
    assert client.get(path).status_code == 404


def test_a_review_of_an_impossible_id_is_404(client):
    login(client, "school_admin")
    assert client.post("/admin/reviews/99999999999999999999", data={"target": "approved"}).status_code == 404


@pytest.mark.parametrize(("path", "data"), [
    ("/login", {"username": "teacher\x00", "password": "demo12345"}),
    ("/login?next=/%00", {"username": "teacher", "password": "demo12345"}),
    ("/locale/en", {"next": "/\x00"}),
])
def test_a_nul_character_is_refused_before_any_view(client, path, data):
    response = client.post(path, data=data)
    assert response.status_code == 400 and "无法读取" in response.get_data(as_text=True)


def test_a_nul_in_basic_credentials_is_refused_as_json(client):
    response = client.get("/api/rules/describe", headers=basic("teacher\x00"))
    assert response.status_code == 400 and response.json["error"] == "bad_request"


@pytest.mark.parametrize("hours", ["NaN", "sNaN", "Infinity", "-Infinity"])
def test_calculator_refuses_nan_and_infinity_as_not_a_number(client, hours):
    login(client, "teacher")
    client.post("/locale/en")
    response = client.post("/rules/calculator", data={"level": "county", "mode": "online", "hours": hours})
    assert response.status_code == 422 and "Not a valid decimal value" in response.get_data(as_text=True)


@pytest.mark.parametrize(("change", "message"), [
    ({"start": "0001-01-01"}, "Enter a date from 1950 to 2100."),
    ({"hours": "1.005"}, "At most two decimals."),
])
def test_calculator_shows_the_rules_bounds_under_the_field(client, change, message):
    login(client, "teacher")
    client.post("/locale/en")
    response = client.post("/rules/calculator", data={"level": "county", "mode": "online", "hours": "2", **change})
    assert response.status_code == 422 and message in response.get_data(as_text=True)


def test_kaifeng_scores_have_no_upper_bound_on_the_form_but_the_rules_have_one(make_app):
    client = make_app("kaifeng", demo=True).test_client()
    login(client, "teacher")
    response = client.post("/rules/calculator", data={"level": "city", "mode": "online", "hours": "60",
                                                      "score_tasks": "1e999999"})
    assert response.status_code == 422 and "最多为 99999.99。" in response.get_data(as_text=True)  # in the page's language


@pytest.mark.parametrize("field", ["title_date", "entered_post"])
def test_new_user_dates_are_within_the_years_the_rules_take(client, field):
    login(client, "school_admin")
    response = client.post("/admin/users/new", data={"username": "wang", "display_name": "王", "password": "x" * 12,
                                                      "role": "school_admin", "org_unit": "1", field: "0001-01-01"})
    assert response.status_code == 422 and "1950" in response.get_data(as_text=True)


@pytest.mark.parametrize(("command", "stdin", "field", "message"), [
    ("convert", "[" * 100_000, "json", "nested deeper than 8 levels"),
    ("check", "NaN", "json", "not JSON: NaN is not a JSON number"),
    ("convert", b"\xff\xfe{}", "json", "the input is not UTF-8 text"),
    ("convert", "1" * 5000, "json", "not JSON: a number is too long"),
    ("convert", '{"level": "city", "mode": "online", "hours": "1e999999"}', "hours", "must be a number"),
    ("convert", '{"level": "city", "mode": "online", "hours": 1, "program": "\\ud800"}', "program",
     "must be a code of at most 64 characters, without control characters"),
    ("check", '{"as_of": "9999-12-31"}', "as_of", "must be a date from 1950 to 2100"),
])
def test_the_command_exits_2_with_a_json_error(cli, command, stdin, field, message):
    code, out = cli(command, stdin)
    assert code == 2 and out == {"error": "invalid", "field": field, "message": message}


def test_the_command_reads_at_most_a_megabyte(cli):
    code, out = cli("convert", " " * (rulebook.MAX_INPUT_BYTES + 1))
    assert code == 2 and out["message"] == "the input is larger than 1048576 bytes"


@pytest.mark.skipif(not os.environ.get("PORTAL_TEST_DATABASE_URL"), reason="PORTAL_TEST_DATABASE_URL is not set")
@pytest.mark.parametrize(("method", "path", "kwargs"), [
    ("POST", "/login", {"data": {"username": "teacher\x00", "password": "demo12345"}}),
    ("POST", "/admin/users/new", {"data": {"username": "wang\x00", "display_name": "王", "password": "x" * 12,
                                           "role": "school_admin", "org_unit": "1"}}),
    ("GET", "/admin/teachers?q=%00", {}),
    ("GET", "/api/rules/describe", {"headers": basic("teacher\x00")}),
])
def test_postgresql_never_sees_a_nul(client, method, path, kwargs):
    """psycopg refuses NUL in a string parameter: before the edge check these were 500s."""
    login(client, "school_admin")
    assert client.open(path, method=method, **kwargs).status_code == 400


@pytest.mark.parametrize(("path", "body", "field"), [
    ("/api/rules/check", {"as_of": "1950-01-01", "teacher": {"": None}}, 'teacher.""'),
    ("/api/rules/check", {"as_of": "2020-01-01", "": 1}, '""'),
    ("/api/rules/convert", {**ACTIVITY, "": 1}, '""'),
])
def test_an_empty_field_name_is_an_unknown_field(client, path, body, field):
    """Found by hypothesis: a field named "" was taken as no unknown field at all."""
    response = api(client, path, body)
    assert response.status_code == 400 and response.get_json()["field"] == field


def test_whether_the_teacher_holds_a_qualification_certificate_is_true_false_or_absent(client):
    for qualified in (True, False, None):
        response = api(client, "/api/rules/check", {"as_of": "2022-01-01", "teacher": {"qualified": qualified}})
        assert response.status_code == 200
    response = api(client, "/api/rules/check", {"as_of": "2022-01-01", "teacher": {"qualified": "yes"}})
    assert response.status_code == 400 and response.json["field"] == "teacher.qualified"


@pytest.mark.parametrize(("command", "stdin", "field"), [
    ("convert", "[1, 2]", "[0]"),
    ("convert", json.dumps([ACTIVITY, 5]), "[1]"),
    ("convert", "5", "activity"),  # one activity, not in a list: named as what it should be
    ("check", json.dumps({"as_of": "2026-12-01", "records": [5]}), "records[0]"),
    ("check", json.dumps({"as_of": "2026-12-01", "teacher": 5, "records": []}), "teacher"),
    ("check", json.dumps({"as_of": "2026-12-01", "teacher": {"leave": [5]}, "records": []}), "teacher.leave[0]"),
])
def test_an_item_that_is_no_object_is_named_by_its_place_alone(cli, command, stdin, field):
    """A list item that is no JSON object was named ``records[0].record``, ``[0].activity``,
    ``teacher.teacher``: a field no input has, where the guide (section 6) names the place
    (``records[2].hours``) a programmer should look at."""
    code, error = cli(command, stdin)
    assert code == 2 and error["error"] == "invalid"
    assert error["field"] == field, error


def test_an_item_that_is_no_object_is_named_by_its_place_on_the_api_too(client):
    response = api(client, "/api/rules/check", {"as_of": "2026-12-01", "records": [ACTIVITY | {"date": "2026-01-01"}, 7]})
    assert response.status_code == 400 and response.json["field"] == "records[1]", response.json
