"""What a region adds to dashboards and reports; the core computes and renders them."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class ScopeSummary:
    """Figures the core computes in SQL for the org units a user administers."""

    teachers: int
    projects: int
    year: int
    year_total: Decimal
    teachers_meeting_yearly: int


@dataclass(frozen=True)
class Panel:
    title: str
    value: str
    note: str = ""
    source: str = ""
