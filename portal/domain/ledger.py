"""The teacher and the ledger as rules see them: plain values, no database."""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from .activity import InvalidInput
from .enums import ActivityRole, Grade, Level, LedgerSource, Mode, SchoolStage, Unit
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
    - ``leave``: approved leave, as periods;
    - ``qualified``: whether they hold a teacher qualification certificate (教师资格证书):
      ``True``, ``False``, or ``None`` where their school has not recorded it;
    - ``birth_date``: the day they were born, as their ID number records it, for documents
      that ask less of older teachers (年满 55 周岁的教师减半); ``None`` where not known.

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
    qualified: bool | None = None
    birth_date: date | None = None


@dataclass(frozen=True)
class Record:
    """One counted line of a teacher's ledger (reversals already netted out): the figures
    the rules gave (``amount`` in ``unit``, ``category``) and the facts of the activity it
    converted, so rules read what happened (``grade``: was it completed) rather than guess
    it from the amount. A fact the ledger does not know is ``None`` (or empty).

    Built in one place, ``from_facts``, wherever it comes from: a ledger entry's stored
    facts, an activity the rules command converted, or a converted line of its input.
    """

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
    grade: Grade | None = None
    days: int | None = None
    service_year: int | None = None
    scores: Mapping[str, Decimal] = field(default_factory=dict)
    weights: Mapping[str, Decimal] = field(default_factory=dict)
    start: date | None = None
    end: date | None = None
    planned_hours: Decimal | None = None  # the training's planned hours, beside the ``hours`` attended

    @classmethod
    def from_facts(cls, on: date, amount: Decimal, unit: Unit | str, category: str, facts: Mapping[str, Any],
                   source: LedgerSource | str = LedgerSource.ENROLLMENT) -> Record:
        """The line dated ``on`` for ``amount`` ``unit`` in ``category``, with the facts of
        its activity: ``facts`` is the activity's JSON as the ledger keeps it
        (``Activity.as_json()``), or values of those fields already parsed; a missing
        field is a fact not known."""
        return cls(
            date=on, amount=Decimal(amount), unit=Unit(unit), category=category, source=LedgerSource(source),
            level=_member(Level, facts.get("level")),
            mode=_member(Mode, facts.get("mode")),
            program=facts.get("program"),
            topics=tuple(facts.get("topics") or ()),
            hours=_decimal(facts.get("hours")),
            role=_member(ActivityRole, facts.get("role")),
            base_credits=_decimal(facts.get("base_credits")),
            grade=_member(Grade, facts.get("grade")),
            days=facts.get("days"),
            service_year=facts.get("service_year"),
            scores={k: _decimal(v) for k, v in (facts.get("scores") or {}).items()},
            weights={k: _decimal(v) for k, v in (facts.get("weights") or {}).items()},
            start=_day(facts.get("start")),
            end=_day(facts.get("end")),
            planned_hours=_decimal(facts.get("planned_hours")),
        )

    @property
    def spanned(self) -> Period:
        """The calendar days the activity took, for a daily cap: from its ``start`` to its
        ``end`` when both are known (its ``days``, if fewer, fell somewhere in them), else
        its ``days`` ending on its end (or the record's date), else that one day."""
        last = self.end or self.date
        if self.start is not None and self.start <= last:
            return Period(self.start, last)
        return Period(date.fromordinal(last.toordinal() - (self.days or 1) + 1), last)

    @property
    def completed(self) -> bool:
        """Whether the activity was completed: by its grade where the line has one (any but
        a fail); a line without one (converted elsewhere) by whether it earned anything."""
        if self.grade is not None:
            return self.grade != Grade.FAIL
        return self.amount > 0


def _member(enum, value):
    return None if value is None else enum(value)


def _day(value) -> date | None:
    """A date, or its ISO form as the ledger's JSON keeps it."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def _decimal(value) -> Decimal | None:
    """A JSON number (int or float, as ``json_value`` wrote it) back as the Decimal it was."""
    return None if value is None else Decimal(str(value))


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


def all_in(unit: Unit, records: Sequence[Record], refusal) -> Sequence[Record]:
    """The records, every one in ``unit``, the one unit a region's rules count in: the first in
    another is refused, naming ``records[i].unit`` with ``refusal``, the region's words for why it
    cannot count it (a line in 学时 is not that many 学分, nor the reverse)."""
    for i, record in enumerate(records):
        if record.unit != unit:
            raise InvalidInput(f"records[{i}].unit", refusal)
    return records
