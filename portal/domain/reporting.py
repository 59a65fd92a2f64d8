"""What a region adds to dashboards and reports; the core computes and renders them."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from .calendar import calendar_year
from .results import Period


@dataclass(frozen=True)
class SelectionCount:
    """How many selections the scope's teachers hold of one kind of project of this year or
    a later one (the term being selected may be next year's), as participants (every
    selection still standing: waiting for a review, enrolled or completed; not one withdrawn,
    refused or expired): by the project's year, layer and base credits and the teacher's
    own layer (分层分类)."""

    year: int
    project_layer: str | None
    base_credits: Decimal | None
    teacher_layer: str | None
    count: int


@dataclass(frozen=True)
class ScopeSummary:
    """Figures the core reads in SQL from the kept standings of the teachers of the org
    units a user administers: the same figures each teacher's own page shows."""

    teachers: int
    projects: int
    year: int  # the year ``year_period`` starts in
    year_total: Decimal
    teachers_meeting_yearly: int
    year_period: Period | None = None  # the region's year (``portal_year``); default: calendar year ``year``
    teachers_meeting_cycle: int = 0
    waiting: int = 0  # teachers whose standing is being computed again: counted in none of the figures above
    computed_since: datetime | None = None  # the oldest standing counted
    teachers_signed_in: int = 0  # teachers who have signed in to the portal at least once
    teachers_surveyed: int = 0  # teachers who answered the needs survey
    selections: tuple[SelectionCount, ...] = ()  # this and later years' selections, as they are made

    def __post_init__(self):
        if self.year_period is None:
            object.__setattr__(self, "year_period", calendar_year(self.year))


@dataclass(frozen=True)
class Panel:
    title: str
    value: str
    note: str = ""
    source: str = ""
