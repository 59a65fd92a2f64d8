"""Amounts as rules word and round them (``portal.domain.amounts``)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from portal.domain import InvalidInput, Parameter
from portal.domain.amounts import (
    ROUNDING_WORDS, ROUNDINGS, average, clean, credits, hours, percent, quantum_at, rounded, shown, times,
)
from portal.domain.parameters import applied
from portal.domain.text import using


@pytest.mark.parametrize(("quantity", "zh", "en"), [
    (credits(12), "12 学分", "12 credits"),
    (credits(1), "1 学分", "1 credit"),
    (hours(D("1.5")), "1.5 学时", "1.5 hours"),
    (times(3), "3 次", "3 times"),
])
def test_quantities_read_in_either_language(quantity, zh, en):
    assert quantity.render("zh_Hans_CN") == zh and quantity.render("en") == en


@pytest.mark.parametrize(("value", "expected"), [(D("12.000"), "12"), (D("3.30"), "3.3"), (D("1E+1"), "10")])
def test_clean_drops_trailing_zeros_and_exponents(value, expected):
    assert str(clean(value)) == expected


@pytest.mark.parametrize(("value", "quantum", "rounding", "expected"), [
    (D("19.98"), D("0.1"), ROUNDINGS["half_up"], "20.0"),  # written to the quantum's places
    (D("1.45"), D("0.1"), ROUNDINGS["half_up"], "1.5"),
    (D("1.45"), D("0.1"), ROUNDINGS["half_even"], "1.4"),
    (D("0.66"), D("0.1"), ROUNDINGS["down"], "0.6"),
    (D("3.31"), D("0.1"), ROUNDINGS["up"], "3.4"),
    (D("7.3"), D("0.5"), ROUNDINGS["half_up"], "7.5"),  # any step, not only powers of ten
    (D("3.996"), D("0.01"), ROUNDINGS["half_up"], "4.00"),
])
def test_rounded_to_any_step(value, quantum, rounding, expected):
    assert str(rounded(value, quantum, rounding)) == expected


def test_a_step_that_is_not_above_zero_cannot_round():
    with pytest.raises(ValueError):
        rounded(D(1), D(0))


def test_a_setting_naming_no_usable_step_is_refused_in_words_naming_it():
    from portal.domain.text import Messages

    quantum = Parameter.fixed("display_step", Messages("test", "tests")("显示到"), D("0.1"), "x.txt §1",
                              date(2020, 1, 1), assumption="a setting")
    assert quantum_at(quantum, date(2024, 1, 1)) == D("0.1")
    with applied({"display_step": D(0)}), pytest.raises(InvalidInput) as refused:
        quantum_at(quantum, date(2024, 1, 1))
    assert refused.value.field == "settings.display_step"
    assert refused.value.message == "本地区设置“显示到”中的“0”不是大于 0 的数，请教育行政部门更正这一设置"
    with using("en"):
        assert str(refused.value.message) == (
            "The local setting “显示到” holds “0”, which is not a number above 0: the bureau must correct this setting")


def test_a_figure_shown_is_rounded_half_up_everywhere():
    """15.35 shows 15.4 on every page, report, sheet and PDF: never 15.3 in one, 15.4 in another."""
    assert shown(D("15.35")) == D("15.4") and shown(D("15.25")) == D("15.3") and shown(D("15.34")) == D("15.3")
    assert average(D("30.7"), 2) == D("15.4") and percent(307, 2000) == D("15.4")  # 15.35 both
    assert shown(D("20.955"), D("0.01")) == D("20.96")


def test_a_figure_shown_never_reaches_a_minimum_it_has_not():
    assert shown(D("71.99"), below=D(72)) == D("71.9") and shown(D("71.99")) == D("72.0")
    assert shown(D("72"), below=D(72)) == D("72.0")
    assert percent(9996, 10000) == D("99.9")  # 99.96% of a duty not everyone met: never 100.0%
    assert percent(10000, 10000) == D("100.0")
    assert percent(7496, 10000, below=D(75)) == D("74.9") and percent(7495, 10000) == D("75.0")
    assert average(D("71.96"), 1, below=D(72)) == D("71.9")


def test_a_figure_above_0_never_shows_as_0():
    assert shown(D("0.01")) == D("0.1")  # a gap of 0.01 is still a gap
    assert percent(1, 100000) == D("0.1") and percent(0, 5) == D("0.0")


def test_average_and_percent_say_nothing_over_nobody():
    assert average(D(640), 40) == D(16) and average(D(10), 3) == D("3.3") and average(D(0), 0) is None
    assert percent(30, 40) == D(75) and percent(1, 3) == D("33.3") and percent(0, 0) is None


def test_every_rounding_code_has_its_words():
    assert set(ROUNDING_WORDS) == set(ROUNDINGS)
    assert ROUNDING_WORDS["half_up"] == "四舍五入"
    assert ROUNDING_WORDS["half_even"].render("en") == "rounded half to even"
