"""A region judging a use of credits over a rolling window (职称评审: 近 5 年, counted back from
the day, as docs/writing-a-region.md's ``last_years`` and its "rolling" setting suggest) had its
answer kept with the teacher's standing until the year's end or a ledger change: an entry that
dropped out of the window in between still counted, on every page, list and report.
``Eligibility.holds_until`` says the last day the answer holds; the kept standing holds no longer."""
from __future__ import annotations

import types
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from portal.domain import Eligibility, Record, TeacherFacts, Unit
from portal.domain.calendar import last_years
from portal.domain.dates import add_years
from portal.plugins import Region
from portal.services import standings
from tests import example_region

SOURCE = "example.txt §1"


def _title_review(teacher, records, as_of):
    window = last_years(as_of, 5)
    inside = [r for r in records if window.start <= r.date <= window.end]
    earned = sum((r.amount for r in inside), Decimal(0))
    oldest = min((r.date for r in inside), default=None)
    holds = None if oldest is None else add_years(oldest, 5) - timedelta(days=1)
    return [Eligibility("title", earned >= 10, "近 5 年", SOURCE, holds_until=holds)]


def _region() -> Region:
    module = types.ModuleType("outside_region")
    module.__spec__ = example_region.__spec__
    for name in dir(example_region):
        if name.startswith("portal_"):
            setattr(module, name, getattr(example_region, name))
    module.portal_eligibility = example_region.hookimpl(_title_review)
    return Region.load("example", {"example": module})  # RegionInfo says "example"


@dataclass
class _Teacher:
    def facts(self) -> TeacherFacts:
        return TeacherFacts(entered_post=date(2000, 9, 1))


def test_a_rolling_windows_answer_is_kept_only_until_its_oldest_entry_drops_out():
    records = [Record(date(2021, 3, 10), Decimal(12), Unit.CREDIT, "general")]
    standing = standings.compute(_region(), _Teacher(), records, date(2026, 2, 1))
    assert standing.eligibility[0].ok
    assert standing.eligibility[0].holds_until == date(2026, 3, 9)
    assert standing.valid_until == date(2026, 3, 9)  # not the year's end: on 2026-03-10 the entry is out


def test_an_answer_without_holds_until_is_kept_as_before():
    records = [Record(date(2021, 3, 10), Decimal(12), Unit.CREDIT, "general")]
    standing = standings.compute(Region.load("example", {"example": example_region}), _Teacher(), records,
                                 date(2026, 2, 1))
    assert all(e.holds_until is None for e in standing.eligibility)
    assert standing.valid_until > date(2026, 3, 9)


def test_the_kept_answer_keeps_its_last_day():
    from portal.domain.standing import _eligibility, _eligibility_data

    kept = Eligibility("title", True, "近 5 年", SOURCE, holds_until=date(2026, 3, 9))
    assert _eligibility(_eligibility_data(kept)).holds_until == date(2026, 3, 9)
    old = {k: v for k, v in _eligibility_data(kept).items() if k != "holds_until"}  # kept before the field
    assert _eligibility(old).holds_until is None
