"""The teacher and the ledger as rules see them: plain values, no database."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .enums import ActivityRole, Level, LedgerSource, Mode, SchoolStage, Unit
from .results import Period


@dataclass(frozen=True)
class TeacherFacts:
    """What compliance and eligibility rules may know about a teacher."""

    entered_post: date | None = None
    title: str | None = None
    title_date: date | None = None
    layer: str | None = None
    stages: tuple[SchoolStage, ...] = ()


@dataclass(frozen=True)
class Record:
    """One counted line of a teacher's ledger (reversals already netted out)."""

    date: date
    amount: Decimal
    unit: Unit
    category: str
    source: LedgerSource = LedgerSource.ENROLLMENT
    level: Level | None = None
    mode: Mode | None = None
    program: str | None = None
    topics: tuple[str, ...] = field(default_factory=tuple)
    hours: Decimal | None = None
    role: ActivityRole | None = None
    base_credits: Decimal | None = None


def total(records: Iterable[Record], period: Period | None = None, category: str | None = None) -> Decimal:
    """Sum of amounts, optionally within a period and of one category."""
    return sum(
        (
            r.amount
            for r in records
            if (period is None or r.date in period) and (category is None or r.category == category)
        ),
        Decimal(0),
    )
