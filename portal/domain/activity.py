"""The activity a rule converts, read from JSON with errors that name the field.

Every value is bounded here, before any rule does arithmetic on it: a Decimal such as
``1e999999`` is valid, and one sum over it held a worker for half a minute. The bounds
(documented in the API's OpenAPI document, ``portal/web/openapi.py``) are far beyond any
real training record.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from .enums import ActivityRole, Grade, Level, Mode
from .results import json_value
from .text import Messages

_ = Messages("messages", "portal")
ngettext = _.plural

MAX_AMOUNT = Decimal("99999.99")  # hours, credits, scores, weights: five digits, two decimals
AMOUNT_PLACES = 2
MAX_DAYS = 3660  # ten years of days
MAX_SERVICE_YEAR = 60
FIRST_YEAR, LAST_YEAR = 1950, 2100  # dates outside are typing errors (0001, 9999, 20018)
MAX_CODE_LENGTH = 64
# A name echoed in an error: enough to recognise a misspelt field, never the input sent back (16
# characters outside the BMP are still under 200 bytes as escaped JSON).
SHOWN_LENGTH = 16
MAX_ITEMS = 50  # topics, scores, weights
# Patterns (in the syntax JSON Schema and Python share) that the OpenAPI document gives;
# the parsers accept exactly what they describe.
AMOUNT_PATTERN = r"[0-9]{1,5}(\.[0-9]{1,2})?"
DATE_PATTERN = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
_CONTROL = r"\u0000-\u001f\u007f-\u009f"
_SPACES = r" \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
CODE_PATTERN = f"[^{_CONTROL}]*[^{_CONTROL}{_SPACES}][^{_CONTROL}]*"
SPACE_CHARACTERS = " \u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff" + "".join(map(chr, range(0x2000, 0x200B)))
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_ONE_HUNDREDTH = Decimal("0.01")


class InvalidInput(ValueError):
    """Input that a rule cannot take; ``field`` names the offending field (the code of
    the JSON field), ``message`` says why in words people read (a ``Text`` in the
    region's catalogue: the field's label, never its code). ``whole`` marks a refusal of the
    whole object (not a JSON object at all): within a list it is named by its place alone
    (``records[0]``, not ``records[0].record``)."""

    def __init__(self, field: str, message, *, whole: bool = False):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        self.whole = whole

    def as_json(self) -> dict[str, str]:
        return {"error": "invalid", "field": self.field, "message": str(self.message)}


class Refused(InvalidInput):
    """Well-formed input that the rules refuse: a region's limit, an end before its start.
    The JSON API answers it with 422 and malformed input with 400; the command exits with
    code 2 for both, with the same JSON error."""


@dataclass(frozen=True)
class Activity:
    """One training activity of one teacher, as the rules command's JSON describes it (docs/writing-a-region.md, 6)."""

    # None only for a claim of a kind whose rules do not read the level (``ClaimKind.asks_level``
    # False): not asked, not known; the rules command's JSON always gives one
    level: Level | None
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
    # The hours the training was planned for, where known (a project's hours), beside the
    # ``hours`` attended: a region crediting a project's declared credits tells a teacher who
    # attended part of it from one who attended all of it. None: not known (the calculator,
    # a claim); the rules then take ``hours`` as the whole training.
    planned_hours: Decimal | None = None
    # The activity as its project plans it, converted before any result: what completing the
    # project would earn (attended in full and passed). Its hours and grade are then what is
    # assumed, not what was recorded, and a rule whose steps report a result (the platform's
    # grade, the hours it recorded) words them as conditions (if passed …). Never read from
    # JSON nor kept: only the portal's previews of a project set it.
    preview: bool = False

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Activity:
        if not isinstance(data, Mapping):
            raise InvalidInput("activity", "must be a JSON object", whole=True)
        unknown = unknown_field(data, _FIELDS)
        if unknown is not None:
            raise InvalidInput(unknown, "is not an activity field")
        start = optional(data, "start", parse_date)
        end = optional(data, "end", parse_date)
        days = optional(data, "days", parse_positive_int(MAX_DAYS))
        activity = cls(
            level=required(data, "level", lambda v: parse_enum(Level, v)),
            mode=required(data, "mode", lambda v: parse_enum(Mode, v)),
            hours=required(data, "hours", parse_amount),
            days=days,
            start=start,
            end=end,
            grade=optional(data, "grade", lambda v: parse_enum(Grade, v)),
            role=optional(data, "role", lambda v: parse_enum(ActivityRole, v))
            or ActivityRole.PARTICIPANT,
            program=optional(data, "program", parse_code),
            service_year=optional(data, "service_year", parse_positive_int(MAX_SERVICE_YEAR)),
            topics=tuple(optional(data, "topics", parse_codes) or ()),
            base_credits=optional(data, "base_credits", parse_amount),
            scores=amounts(data, "scores"),
            weights=amounts(data, "weights"),
            planned_hours=optional(data, "planned_hours", parse_amount),
        )
        # Every field read first: a malformed one is an input error before the dates are judged.
        if start and end and end < start:
            raise Refused("end", "is before start")
        check_days_fit(days, start, end)
        return activity

    @property
    def spanned_days(self) -> int | None:
        """The days it spanned: ``days`` when given, else from ``start`` to ``end`` inclusive;
        ``None`` when neither says (a daily cap cannot be applied)."""
        if self.days is not None:
            return self.days
        if self.start and self.end:
            return (self.end - self.start).days + 1
        return None

    def as_json(self) -> dict[str, Any]:
        """The activity in the rules command's JSON (what ``from_mapping`` reads back)."""
        data = {
            **({"level": self.level.value} if self.level is not None else {}),
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
            "planned_hours": json_value(self.planned_hours),
        }
        return {k: v for k, v in data.items() if v not in (None, [], {})}


def check_days_fit(days: int | None, start: date | None, end: date | None) -> None:
    """``days`` may be fewer than the days from ``start`` to ``end`` (a training held on
    some of them), never more: 3 days from 2020-02-28 to 2020-02-28 would let a daily cap
    count three days' credits for one day. Every activity the portal converts is read here
    (the command, the API, the calculator's form, imports), so it holds for every region."""
    if days is None or start is None or end is None:
        return
    span = (end - start).days + 1
    if days > span:
        raise Refused("days", ngettext("Days ({days}) cannot be more than the {n} day from {start} to {end}",
                                       "Days ({days}) cannot be more than the {n} days from {start} to {end}",
                                       span, days=days, start=start, end=end))


_FIELDS = {
    "level", "mode", "hours", "days", "start", "end", "grade", "role",
    "program", "service_year", "topics", "base_credits", "scores", "weights", "planned_hours",
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
    """``parse(value)``; its ``ValueError`` becomes an ``InvalidInput`` naming the field.
    Parsers raise only with their own short messages, never an exception's repr."""
    try:
        return parse(value)
    except ValueError as exc:
        raise InvalidInput(name, str(exc) or "is not valid") from None


def unknown_field(data: Mapping[str, Any], known: set[str]) -> str | None:
    """The first field of ``data`` that is not in ``known``, shortened to be shown."""
    unknown = set(data) - known
    return shown(min(unknown, key=str)) if unknown else None


def shown(name: Any) -> str:
    """A name taken from the input, safe to echo in an error: printable and short; the
    empty name reads as its JSON, ``""``."""
    text = str(name)
    if not text:
        return '""'
    safe = "".join(c if c.isprintable() else "?" for c in text[:SHOWN_LENGTH])
    return safe + "…" if len(text) > SHOWN_LENGTH else safe


def parse_enum(enum: type[StrEnum], value: Any):
    if isinstance(value, str) and value in {m.value for m in enum}:
        return enum(value)
    raise ValueError("must be one of " + ", ".join(m.value for m in enum))


def parse_amount(value: Any) -> Decimal:
    """A number from 0 to ``MAX_AMOUNT`` with at most two decimals; a JSON number or a
    string of digits. Floats go through ``str`` so 0.1 stays 0.1. The bounds are checked
    before anything else touches the number."""
    amount = _decimal(value)
    if not amount.is_finite() or amount < 0 or amount > MAX_AMOUNT:
        raise ValueError(f"must be a number from 0 to {MAX_AMOUNT}")
    if amount != amount.quantize(_ONE_HUNDREDTH):
        raise ValueError(f"must have at most {AMOUNT_PLACES} decimal places")
    return abs(amount)  # -0 is 0


def _decimal(value: Any) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        # A huge int is refused before str() (which refuses over 4300 digits).
        return Decimal(value) if abs(value) <= int(MAX_AMOUNT) else Decimal("Infinity")
    if isinstance(value, float):
        return Decimal(str(value))
    if isinstance(value, str) and re.fullmatch(AMOUNT_PATTERN, value):
        return Decimal(value)
    if isinstance(value, str) and _NUMBER.fullmatch(value):  # a number, not one we take
        raise ValueError(f"must be a number from 0 to {MAX_AMOUNT} with at most {AMOUNT_PLACES} decimal places")
    raise ValueError("must be a number")


def parse_positive_int(maximum: int):
    """A parser of whole numbers from 1 to ``maximum`` (5.0 is 5, as in JSON)."""

    def parse(value: Any) -> int:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= maximum:
            raise ValueError(f"must be a whole number from 1 to {maximum}")
        return value

    return parse


def parse_date(value: Any) -> date:
    """An ISO date (2018-09-01) from ``FIRST_YEAR`` to ``LAST_YEAR``."""
    if isinstance(value, str) and re.fullmatch(DATE_PATTERN, value):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            pass
    if not isinstance(value, date):
        raise ValueError("must be an ISO date such as 2018-09-01")
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(f"must be a date from {FIRST_YEAR} to {LAST_YEAR}")
    return value


def parse_code(value: Any) -> str:
    """A code or a short name (一级教师): at most ``MAX_CODE_LENGTH`` characters, no control
    characters; spaces around it are dropped."""
    if not isinstance(value, str) or not value.strip(SPACE_CHARACTERS):
        raise ValueError("must be a non-empty code")
    if len(value) > MAX_CODE_LENGTH or not re.fullmatch(CODE_PATTERN, value) or _has_surrogate(value):
        raise ValueError(f"must be a code of at most {MAX_CODE_LENGTH} characters, without control characters")
    return value.strip(SPACE_CHARACTERS)


TEXT_PATTERN = r"[^\u0000-\u0008\u000b-\u001f\u007f]*"  # any text but control characters (tab and newline allowed)


def parse_text(maximum: int, required: bool = False):
    """A parser of free text (a name, a description, a reason) of at most ``maximum``
    characters, without control characters but tab and newline; ``required``: not blank."""

    def parse(value: Any) -> str:
        if not isinstance(value, str) or len(value) > maximum or not re.fullmatch(TEXT_PATTERN, value) \
                or _has_surrogate(value):
            raise ValueError(f"must be text of at most {maximum} characters, without control characters")
        if required and not value.strip(SPACE_CHARACTERS + "\t\n"):
            raise ValueError("must not be empty")
        return value.strip(SPACE_CHARACTERS + "\t\n")

    return parse


def _has_surrogate(text: str) -> bool:
    """A lone surrogate (from a JSON escape such as \\ud800) cannot be written as UTF-8."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def parse_codes(value: Any) -> list[str]:
    if not isinstance(value, list):
        raise ValueError("must be a list of codes")
    if len(value) > MAX_ITEMS:
        raise ValueError(f"must list at most {MAX_ITEMS} codes")
    return [parse_code(v) for v in value]


def amounts(data: Mapping[str, Any], name: str) -> dict[str, Decimal]:
    """An optional object of codes to non-negative numbers (assessment scores, weights);
    an error names the entry, e.g. ``scores.exam``."""
    value = data.get(name)
    if value is None:
        return {}
    if not isinstance(value, Mapping) or len(value) > MAX_ITEMS:
        raise InvalidInput(name, f"must be an object of at most {MAX_ITEMS} codes to numbers")
    return {parse_field(name, code, parse_code): parse_field(f"{name}.{code}", number, parse_amount)
            for code, number in value.items()}
