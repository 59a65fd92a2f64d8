"""Cycles and years: the windows every region's duties are counted over."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from .dates import add_years
from .results import Period
from .text import Messages, Text

_ = Messages("messages", "portal")


def calendar_year(year: int) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31))


def is_calendar_year(period: Period) -> bool:
    """Whether ``period`` is a calendar year, named by its number (2026); any other year (a
    school year from September) is named by its days or both its years."""
    return (period.start, period.end) == (date(period.start.year, 1, 1), date(period.start.year, 12, 31))


def bounds(start: date, end: date) -> tuple[str, str]:
    """A period's first and last day as its heading names them: by their years where it runs over
    whole calendar years (2021 – 2025) or whole school years from September (2017 – 2022, as
    such cycles are named), else by their days (2026-08-09 – 2031-08-08), since a teacher's own
    cycle counted from the day they entered post, named by its years (2026 – 2031), read as six
    years and hid which day it ends."""
    if (start.month, start.day, end.month, end.day) in ((1, 1, 12, 31), (9, 1, 8, 31)):
        return str(start.year), str(end.year)
    return start.isoformat(), end.isoformat()


def window(start: date, end: date) -> Text:
    """The days from ``start`` to ``end`` in words, the one wording every region's messages
    give a window of days (a phase of the calendar, a review's time): 2026-09-01 至 2026-09-09
    (2026-09-01 to 2026-09-09); a window of one day is that day, 2026-09-01 当天 (2026-09-01
    only), not 2026-09-01 至 2026-09-01. A message puts it where it said ``{start} 至 {end}``."""
    if start == end:
        return _("{day} only", day=start)
    return _("{start} to {end}", start=start, end=end)


def cycle_containing(day: date, anchor_year: int, length_years: int) -> Period:
    """The cycle of ``length_years`` calendar years, counted from ``anchor_year``, that holds ``day``."""
    offset = (day.year - anchor_year) // length_years
    first = anchor_year + offset * length_years
    return Period(date(first, 1, 1), date(first + length_years - 1, 12, 31))


def years_of(period: Period) -> range:
    return range(period.start.year, period.end.year + 1)


def last_years(day: date, years: int) -> Period:
    """The ``years`` years up to and including ``day`` (e.g. 近五年)."""
    return Period(add_years(day, -years) + timedelta(days=1), day)


def last_years_hold_until(day: date, years: int, dated: Iterable[date]) -> date | None:
    """The last day ``last_years`` still holds every one of ``dated`` that it holds on ``day``
    (the day before the earliest of them drops out of the window, a day early across 29
    February), None when it holds none: what an answer over such a window gives as its
    ``Eligibility.holds_until``, so a kept standing is asked again as an entry drops out."""
    start = last_years(day, years).start
    inside = [d for d in dated if start <= d <= day]
    return add_years(min(inside), years) - timedelta(days=1) if inside else None
