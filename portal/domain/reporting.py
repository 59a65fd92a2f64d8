"""What a region adds to dashboards and reports; the core computes and renders them."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .calendar import calendar_year
from .results import Period


@dataclass(frozen=True)
class ScopeSummary:
    """Figures the core computes in SQL for the org units a user administers."""

    teachers: int
    projects: int
    year: int  # the year ``year_period`` starts in
    year_total: Decimal
    teachers_meeting_yearly: int
    year_period: Period | None = None  # the region's year (``portal_year``); default: calendar year ``year``

    def __post_init__(self):
        if self.year_period is None:
            object.__setattr__(self, "year_period", calendar_year(self.year))


@dataclass(frozen=True)
class Panel:
    title: str
    value: str
    note: str = ""
    source: str = ""
