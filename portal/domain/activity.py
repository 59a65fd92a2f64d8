"""The activity a rule converts, read from JSON with errors that name the field."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from .enums import ActivityRole, Grade, Level, Mode
from .results import json_value


class InvalidInput(ValueError):
    """Input that a rule cannot take; ``field`` names the offending field (the code of
    the JSON field), ``message`` says why in words people read (a ``Text`` in the
    region's catalogue: the field's label, never its code)."""

    def __init__(self, field: str, message):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message

    def as_json(self) -> dict[str, str]:
        return {"error": "invalid", "field": self.field, "message": str(self.message)}


@dataclass(frozen=True)
class Activity:
    """One training activity of one teacher, as DESIGN.md's rules command describes it."""

    level: Level
    mode: Mode
    hours: Decimal
    days: int | None = None
    start: date | None = None
    end: date | None = None
    grade: Grade | None = None
    role: ActivityRole = ActivityRole.PARTICIPANT
    program: str | None = None
    service_year: int | None = None
    topics: tuple[str, ...] = field(default_factory=tuple)
    base_credits: Decimal | None = None
    scores: Mapping[str, Decimal] = field(default_factory=dict)
    weights: Mapping[str, Decimal] = field(default_factory=dict)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Activity:
        if not isinstance(data, Mapping):
            raise InvalidInput("activity", "must be a JSON object")
        unknown = set(data) - _FIELDS
        if unknown:
            name = sorted(unknown)[0]
            raise InvalidInput(name, "is not an activity field")
        start = optional(data, "start", parse_date)
        end = optional(data, "end", parse_date)
        if start and end and end < start:
            raise InvalidInput("end", "is before start")
        return cls(
            level=required(data, "level", lambda v: parse_enum(Level, v)),
            mode=required(data, "mode", lambda v: parse_enum(Mode, v)),
            hours=required(data, "hours", parse_amount),
            days=optional(data, "days", parse_positive_int),
            start=start,
            end=end,
            grade=optional(data, "grade", lambda v: parse_enum(Grade, v)),
            role=optional(data, "role", lambda v: parse_enum(ActivityRole, v))
            or ActivityRole.PARTICIPANT,
            program=optional(data, "program", parse_code),
            service_year=optional(data, "service_year", parse_positive_int),
            topics=tuple(optional(data, "topics", parse_codes) or ()),
            base_credits=optional(data, "base_credits", parse_amount),
            scores=amounts(data, "scores"),
            weights=amounts(data, "weights"),
        )

    def as_json(self) -> dict[str, Any]:
        """The activity in the rules command's JSON (what ``from_mapping`` reads back)."""
        data = {
            "level": self.level.value,
            "mode": self.mode.value,
            "hours": json_value(self.hours),
            "days": self.days,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "grade": self.grade.value if self.grade else None,
            "role": self.role.value,
            "program": self.program,
            "service_year": self.service_year,
            "topics": list(self.topics),
            "base_credits": json_value(self.base_credits),
            "scores": {k: json_value(v) for k, v in self.scores.items()},
            "weights": {k: json_value(v) for k, v in self.weights.items()},
        }
        return {k: v for k, v in data.items() if v not in (None, [], {})}


_FIELDS = {
    "level", "mode", "hours", "days", "start", "end", "grade", "role",
    "program", "service_year", "topics", "base_credits", "scores", "weights",
}


def required(data: Mapping[str, Any], name: str, parse):
    if data.get(name) is None:
        raise InvalidInput(name, "is required")
    return parse_field(name, data[name], parse)


def optional(data: Mapping[str, Any], name: str, parse):
    if data.get(name) is None:
        return None
    return parse_field(name, data[name], parse)


def parse_field(name: str, value: Any, parse):
    try:
        return parse(value)
    except (ValueError, TypeError, InvalidOperation) as exc:
        raise InvalidInput(name, str(exc) or "is not valid") from None


def parse_enum(enum: type[StrEnum], value: Any):
    try:
        return enum(value)
    except ValueError:
        raise ValueError("must be one of " + ", ".join(m.value for m in enum)) from None


def parse_amount(value: Any) -> Decimal:
    """A non-negative number; floats go through ``str`` so 0.1 stays 0.1."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        raise ValueError("must be a number")
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise ValueError("must be a number") from None
    if not amount.is_finite() or amount < 0:
        raise ValueError("must be a number of zero or more")
    return amount


def parse_positive_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError("must be a whole number of 1 or more")
    return value


def parse_date(value: Any) -> date:
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError("must be an ISO date such as 2018-09-01")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError("must be an ISO date such as 2018-09-01") from None


def parse_code(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("must be a non-empty code")
    return value.strip()


def parse_codes(value: Any) -> list[str]:
    if not isinstance(value, list):
        raise ValueError("must be a list of codes")
    return [parse_code(v) for v in value]


def amounts(data: Mapping[str, Any], name: str) -> dict[str, Decimal]:
    """An optional object of codes to non-negative numbers (assessment scores, weights);
    an error names the entry, e.g. ``scores.exam``."""
    value = data.get(name)
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InvalidInput(name, "must be an object of codes to numbers")
    return {parse_field(name, code, parse_code): parse_field(f"{name}.{code}", number, parse_amount)
            for code, number in value.items()}
