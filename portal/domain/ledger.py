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
    """What compliance and eligibility rules may know about a teacher (the ``teacher``
    object of ``portal rules check``; every field optional):

    - ``entered_post``: the day they started teaching (入职);
    - ``probation_end``: the day their probation ended (转正);
    - ``transferred_in``, ``transferred_from``: the day they were transferred in (新调入)
      and from which unit;
    - ``home_unit``: for a teacher on exchange or secondment (城乡交流、挂职、借调), the
      unit where their credits are registered while they work elsewhere;
    - ``title``, ``title_date``: their professional title and the day they obtained it;
    - ``layer``: their layer and category (分层分类), as the region codes it;
    - ``stages``: the school stages they teach;
    - ``leave``: approved leave, as periods.

    ``portal.domain.tenure`` says, from these, which part of a year or cycle a duty may
    be held against them.
    """

    entered_post: date | None = None
    probation_end: date | None = None
    transferred_in: date | None = None
    transferred_from: str | None = None
    home_unit: str | None = None
    title: str | None = None
    title_date: date | None = None
    layer: str | None = None
    stages: tuple[SchoolStage, ...] = ()
    leave: tuple[Period, ...] = ()


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
