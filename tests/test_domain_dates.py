"""Years counted from a day, 29 February included (``portal.domain.dates``), and the windows
built on them (``portal.domain.calendar.last_years``)."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from portal.domain import Period
from portal.domain.calendar import last_years
from portal.domain.dates import add_years, full_years, last_day_of_years


@pytest.mark.parametrize(("day", "years", "expected"), [
    (date(2023, 9, 1), 1, date(2024, 9, 1)),
    (date(2024, 2, 29), 1, date(2025, 2, 28)),  # no 29 February that year
    (date(2024, 2, 29), 4, date(2028, 2, 29)),
    (date(2024, 2, 29), -1, date(2023, 2, 28)),
    (date(2025, 8, 31), -5, date(2020, 8, 31)),
])
def test_add_years(day, years, expected):
    assert add_years(day, years) == expected


@pytest.mark.parametrize(("first", "years", "last"), [
    (date(2023, 9, 1), 1, date(2024, 8, 31)),
    (date(2020, 2, 29), 1, date(2021, 2, 27)),  # no 29 February in 2021: full on the 28th, so it ends the 27th
    (date(2020, 2, 29), 4, date(2024, 2, 28)),
    (date(2019, 3, 1), 1, date(2020, 2, 29)),
    (date(2020, 3, 1), 1, date(2021, 2, 28)),
])
def test_the_last_day_of_years_begun_on_a_day(first, years, last):
    assert last_day_of_years(first, years) == last


@pytest.mark.parametrize(("since", "on", "years"), [
    (date(2020, 9, 1), date(2021, 8, 31), 0),
    (date(2020, 9, 1), date(2021, 9, 1), 1),
    (date(2020, 2, 29), date(2021, 2, 27), 0),
    (date(2020, 2, 29), date(2021, 2, 28), 1),  # the day add_years gives for the first anniversary
    (date(2020, 2, 29), date(2024, 2, 28), 3),
    (date(2020, 2, 29), date(2024, 2, 29), 4),
    (date(2026, 9, 1), date(2026, 1, 1), 0),  # not yet begun
])
def test_full_years_agree_with_add_years(since, on, years):
    assert full_years(since, on) == years
    assert add_years(since, years) <= on or years == 0


@pytest.mark.parametrize("since", [date(2020, 2, 29), date(2024, 2, 29), date(2020, 2, 28),
                                   date(2020, 3, 1), date(2019, 3, 1), date(2023, 9, 1)])
def test_full_years_and_last_day_of_years_agree(since):
    """On the last day of the n-th year begun on ``since`` n - 1 years are full, the next day
    n. Begun on 2020-02-29, ``last_day_of_years`` ended the first year on 2021-02-28, the day
    ``full_years`` already counted it full."""
    for years in range(1, 9):
        last = last_day_of_years(since, years)
        assert full_years(since, last) == years - 1, (since, years, last)
        assert full_years(since, last + timedelta(days=1)) == years, (since, years, last)


def test_each_day_after_29_february_lies_in_one_year_only():
    """Day by day over eight years from 2020-02-29: each day lies in the year that
    ``full_years`` names (its number of full years plus one), and that year's span by
    ``last_day_of_years`` holds it; no day is the last day of one year and already in the next."""
    since = date(2020, 2, 29)
    day = since
    while day <= date(2028, 3, 1):
        n = full_years(since, day) + 1
        first = since if n == 1 else last_day_of_years(since, n - 1) + timedelta(days=1)
        assert first <= day <= last_day_of_years(since, n), (day, n)
        day += timedelta(days=1)


@pytest.mark.parametrize(("day", "years", "window"), [
    (date(2025, 6, 30), 5, Period(date(2020, 7, 1), date(2025, 6, 30))),
    (date(2024, 2, 29), 1, Period(date(2023, 3, 1), date(2024, 2, 29))),
])
def test_the_last_years_up_to_a_day(day, years, window):
    assert last_years(day, years) == window
