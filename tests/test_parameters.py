"""Dated parameters, and settings a bureau may override (only those the documents leave open)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from portal.conformance import _scenario
from portal.domain import Parameter, SettingError, Value
from portal.domain.parameters import applied, parse_assignments, parse_overrides

D1, D2 = date(2017, 1, 1), date(2018, 1, 1)
CAP = Parameter("daily_cap", "每天上限", (Value(D1, None, "a.txt §1"), Value(D2, Decimal(8), "b.txt §2")))
ROUNDING = Parameter.fixed("rounding", "取舍", Decimal("0.1"), "a.txt §3", D1, assumption="文件未规定")


@pytest.mark.parametrize(("on", "value", "source"), [
    (date(2016, 5, 1), None, "a.txt §1"),   # before the first date: the first value
    (date(2017, 12, 31), None, "a.txt §1"),
    (date(2018, 1, 1), Decimal(8), "b.txt §2"),
])
def test_the_value_in_force_on_a_date(on, value, source):
    assert CAP.at(on) == value and CAP.source_at(on) == source
    assert CAP.in_force(on) == (on >= D1)


def test_only_settings_take_overrides_and_the_source_stays_the_clause():
    with applied({"rounding": Decimal(1), "daily_cap": Decimal(99)}):
        assert ROUNDING.at(D2) == Decimal(1) and ROUNDING.overridden()
        assert ROUNDING.source_at(D2) == "a.txt §3"  # the page names the setting, in words
        assert CAP.at(D2) == Decimal(8) and not CAP.overridden()
    assert ROUNDING.at(D2) == Decimal("0.1") and not ROUNDING.overridden()


@pytest.mark.parametrize(("default", "given", "expected"), [
    (Decimal("0.1"), "0.01", Decimal("0.01")),
    (Decimal("0.1"), 0.5, Decimal("0.5")),
    (5, "4", 4),
    (True, "false", False),
    (date(2016, 1, 1), "2021-01-01", date(2021, 1, 1)),
    ("calendar", "school", "school"),
])
def test_overrides_take_the_type_of_the_default(default, given, expected):
    setting = Parameter.fixed("s", "s", default, "a.txt §1", D1, assumption="x")
    parsed = parse_overrides([setting], {"s": given})["s"]
    assert parsed == expected and type(parsed) is type(expected)


@pytest.mark.parametrize(("default", "given"), [
    (Decimal(1), "one"), (Decimal(1), "NaN"), (5, "4.5"), (True, "maybe"), (date(2016, 1, 1), "2016-13-01"),
    (("a", "b"), "a"),
])
def test_overrides_of_the_wrong_type_are_refused(default, given):
    setting = Parameter.fixed("s", "s", default, "a.txt §1", D1, assumption="x")
    with pytest.raises(SettingError):
        parse_overrides([setting], {"s": given})


def test_a_figure_the_documents_give_cannot_be_overridden():
    with pytest.raises(SettingError, match="not a setting.*settings: rounding"):
        parse_overrides([CAP, ROUNDING], {"daily_cap": "9"})


def test_assignments_from_the_command_line():
    assert parse_assignments(["a=1", " b = x "]) == {"a": "1", "b": "x"}
    with pytest.raises(SettingError):
        parse_assignments(["a"])


def test_an_unquoted_on_key_in_yaml_is_read_as_on():
    case = {"name": "n", "source": "a.txt §1", True: date(2018, 1, 1), "convert": {}, "expect": {"amount": 1}}
    assert _scenario("f.yaml", 0, case).on == date(2018, 1, 1)


def test_a_setting_with_choices_takes_only_those():
    window = Parameter.fixed("window", "w", "rolling", "a.txt §1", D1, assumption="x", choices=("rolling", "calendar"))
    assert parse_overrides([window], {"window": "calendar"}) == {"window": "calendar"}
    with pytest.raises(SettingError, match="not one of rolling, calendar"):
        parse_overrides([window], {"window": "lunar"})
