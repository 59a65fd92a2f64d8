"""What rules answer: amounts with their explanation, findings and eligibility."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .enums import Unit


@dataclass(frozen=True)
class Step:
    """One line of an explanation: what was done, the figure it gave, the clause it applies."""

    text: str
    value: Decimal | str | None
    source: str

    def as_json(self) -> dict:
        return {"text": self.text, "value": json_value(self.value), "source": self.source}


@dataclass(frozen=True)
class CreditResult:
    amount: Decimal
    unit: Unit
    category: str
    steps: tuple[Step, ...]
    rule_version: str = ""

    def as_json(self) -> dict:
        return {
            "amount": json_value(self.amount),
            "unit": self.unit.value,
            "category": self.category,
            "steps": [s.as_json() for s in self.steps],
        }


@dataclass(frozen=True)
class Period:
    """A closed date range: a cycle (周期) or a year."""

    start: date
    end: date

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class Finding:
    """One duty judged: ``required`` and ``actual`` are minimums met or caps respected
    (a cap's finding is ok while ``actual <= required``); ``deadline`` is the last day
    to meet a minimum, where there is one."""

    code: str
    ok: bool
    required: Decimal | None
    actual: Decimal | None
    message: str
    source: str
    deadline: date | None = None

    @property
    def shortfall(self) -> Decimal | None:
        """How much is still missing for an unmet minimum."""
        if self.ok or self.required is None or self.actual is None or self.actual >= self.required:
            return None
        return self.required - self.actual

    def as_json(self) -> dict:
        return {
            "code": self.code,
            "ok": self.ok,
            "required": json_value(self.required),
            "actual": json_value(self.actual),
            "message": self.message,
            "source": self.source,
            "deadline": self.deadline.isoformat() if self.deadline else None,
        }


@dataclass(frozen=True)
class Eligibility:
    """Whether the credits serve a purpose; ``missing`` says, when not, what is still
    needed and by when (还需 37 学分 A 类学分，截止 2022-12-31)."""

    purpose: str
    ok: bool
    reason: str
    source: str
    missing: str = ""

    def as_json(self) -> dict:
        return {"ok": self.ok, "reason": self.reason, "source": self.source, "missing": self.missing or None}


@dataclass(frozen=True)
class CycleProgress:
    period: Period
    required: Decimal
    earned: Decimal
    counted: Decimal

    @property
    def ok(self) -> bool:
        return self.counted >= self.required

    def as_json(self) -> dict:
        return {
            "start": self.period.start.isoformat(),
            "end": self.period.end.isoformat(),
            "required": json_value(self.required),
            "earned": json_value(self.earned),
            "counted": json_value(self.counted),
            "ok": self.ok,
        }


@dataclass(frozen=True)
class YearProgress:
    year: int
    required: Decimal | None
    earned: Decimal

    @property
    def ok(self) -> bool:
        return self.required is None or self.earned >= self.required

    def as_json(self) -> dict:
        return {"required": json_value(self.required), "earned": json_value(self.earned), "ok": self.ok}


@dataclass(frozen=True)
class Compliance:
    """A teacher's standing on a date: the cycle, each year of it, and the findings."""

    unit: Unit
    cycle: CycleProgress
    years: tuple[YearProgress, ...]
    findings: tuple[Finding, ...] = field(default_factory=tuple)

    def year(self, year: int) -> YearProgress | None:
        return next((y for y in self.years if y.year == year), None)

    def as_json(self) -> dict:
        return {
            "cycle": self.cycle.as_json(),
            "years": {str(y.year): y.as_json() for y in self.years},
            "findings": [f.as_json() for f in self.findings],
        }


def json_value(value):
    """Decimals go out as JSON numbers without float noise: whole ones as int."""
    if isinstance(value, Decimal):
        normal = value.normalize()
        return int(normal) if normal == normal.to_integral_value() else float(normal)
    return value
