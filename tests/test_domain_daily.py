"""A daily cap over all of a day's records (``portal.domain.daily``), as a region with a rule
such as "at most 8 credits a day, school-based at most 6" needs it."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from portal.domain import Record, Unit
from portal.domain.daily import DailyLimit, cap_each_day, share_out, spread

DAY = date(2018, 5, 4)
LIMIT = DailyLimit(D(8), {"school_based": D(6)})


def record(amount, category="a_class", on=DAY, **facts) -> Record:
    return Record.from_facts(on, D(amount), Unit.CREDIT, category, facts)


def capped(records, limit=LIMIT):
    return cap_each_day(records, lambda r: True, lambda day: limit if day >= date(2018, 1, 1) else None)


@pytest.mark.parametrize(("amount", "days", "shares"), [
    (D(10), 3, [D("3.34"), D("3.33"), D("3.33")]),
    (D(16), 2, [D(8), D(8)]),
    (D(5), 1, [D(5)]),
])
def test_spread_is_even_and_adds_up(amount, days, shares):
    assert spread(amount, days) == shares and sum(shares) == amount


def test_share_out_is_proportional_and_adds_up_to_the_limit():
    assert share_out(D(8), [D(5), D(5), D(5)]) == [D("2.67"), D("2.67"), D("2.66")]
    assert sum(share_out(D(8), [D(7), D(3), D("0.01")])) == D(8)


def test_two_records_of_one_day_count_the_day_s_limit_not_each():
    records, days = capped([record(5), record(5)])
    assert [r.amount for r in records] == [D(4), D(4)]
    assert [(d.day, d.earned, d.counted) for d in days] == [(DAY, D(10), D(8))]


def test_a_category_is_brought_to_its_own_limit_first_then_the_day():
    records, days = capped([record(5), record(5), record(4, "school_based"), record(4, "school_based")])
    assert sum(r.amount for r in records) == D(8)
    school = sum(r.amount for r in records if r.category == "school_based")
    assert school <= D(6) and school == D(3)
    assert days[0].parts == {"school_based": (D(8), D(6))} and days[0].taken_off == D(10)


def test_a_record_of_several_days_is_spread_over_them():
    two_days = record(16, start=date(2018, 5, 3), end=DAY)
    records, days = capped([two_days, record(5)])
    assert [d.day for d in days] == [DAY]  # the 3rd held 8, within the limit
    assert records[0].amount + records[1].amount == D(16)
    assert record(12, days=3).spanned.start == date(2018, 5, 2)


def test_days_without_a_limit_and_records_not_held_are_unchanged():
    early = [record(5, on=date(2017, 5, 4)), record(5, on=date(2017, 5, 4))]
    assert capped(early) == (early, [])
    records, days = cap_each_day([record(48), record(5)], lambda r: r.amount < 10, lambda day: LIMIT)
    assert [r.amount for r in records] == [D(48), D(5)] and days == []
