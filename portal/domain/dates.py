"""Dates of a teacher's career: years counted from a day, and how late such a day may lie.

``add_years``, ``last_day_of_years`` and ``full_years`` agree on 29 February: a year after
2024-02-29 is 2025-02-28, on that day one full year has passed, and the year begun on
2024-02-29 ended the day before, 2025-02-27.

How late a date may lie is one check for every form, service and import.

What has already happened (a title obtained) cannot lie after today; what is arranged
ahead (a new hire's first day) may lie a set number of days ahead. A new date field
(end of probation, transfer-in, a leave period) picks its ``LatestDate`` and calls
``check``; the web form wraps the same check, so both refuse the same dates.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


class DateTooLate(ValueError):
    """``code``: "future" (no day after today is accepted) or "too_far" (more than
    ``days_ahead`` days after today); ``latest`` is the last date accepted."""

    def __init__(self, code: str, latest: date, days_ahead: int):
        super().__init__(code)
        self.code = code
        self.latest = latest
        self.days_ahead = days_ahead


@dataclass(frozen=True)
class LatestDate:
    """A date field's upper bound: ``days_ahead`` days after today (0: not in the future)."""

    days_ahead: int = 0

    def latest(self, today: date) -> date:
        return today + timedelta(days=self.days_ahead)

    def check(self, value: date | None, today: date) -> date | None:
        """``value`` when it is missing or no later than the bound; else ``DateTooLate``."""
        if value is not None and value > self.latest(today):
            raise DateTooLate("too_far" if self.days_ahead else "future", self.latest(today), self.days_ahead)
        return value


NOT_IN_FUTURE = LatestDate(0)


def add_years(day: date, years: int) -> date:
    """The same day ``years`` later (or earlier, when negative); 29 February falls on the
    28th in a year that has none."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def last_day_of_years(first: date, years: int) -> date:
    """The last day of the ``years`` years that begin on ``first``: the day before the
    ``years``-th anniversary as ``add_years`` places it, the day ``full_years`` first counts
    them full. Years begun on 29 February end on 27 February in a year that has none
    (2020-02-29 to 2021-02-27): on 2021-02-28 a full year has passed, so that day already
    belongs to the second year."""
    return add_years(first, years) - timedelta(days=1)


def full_years(since: date, on: date) -> int:
    """Whole years from ``since`` to ``on`` (0 before the first anniversary, and for ``on``
    before ``since``), anniversaries as ``add_years`` places them."""
    years = on.year - since.year
    if years > 0 and add_years(since, years) > on:
        years -= 1
    return max(years, 0)
