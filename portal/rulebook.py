"""The rules command's JSON contract (DESIGN.md, "The rules command"), in one place.

``portal rules``, the JSON API and the conformance kit all call these functions, so a
figure is the same wherever it is asked for. Input errors raise ``InvalidInput`` naming
the field, with its position in a list (``records[2].hours``).
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from .domain import (
    Activity, ActivityRole, CreditResult, InvalidInput, LedgerSource, Level, Mode, Period, Record, SchoolStage,
    TeacherFacts, Unit,
)
from .domain.activity import (
    optional, parse_field, parse_amount, parse_code, parse_codes, parse_date, parse_enum, required,
)
from .domain.parameters import plain_json
from .domain.results import json_value
from .domain.text import text_json
from .plugins import Region


def convert(region: Region, payload: Any, on: date | str | None = None) -> dict | list[dict]:
    """Convert one activity (a JSON object) or a list of them, under the rules in force on
    ``on`` (an ISO date; see ``convert_activity`` for the default)."""
    when = parse_field("on", on, parse_date) if on is not None else None
    if isinstance(payload, list):
        return [_prefixed(f"[{i}]", convert_one, region, item, when) for i, item in enumerate(payload)]
    return convert_one(region, payload, when)


def convert_one(region: Region, data: Any, on: date | None = None) -> dict:
    result = convert_activity(region, Activity.from_mapping(data), on)
    return {**result.as_json(), "rule_version": result.rule_version}


def convert_activity(region: Region, activity: Activity, on: date | None = None) -> CreditResult:
    """The rules in force on ``on``, else on the activity's end (or start) date, else today."""
    return region.convert(activity, on or activity.end or activity.start or date.today())


def check(region: Region, payload: Any) -> dict:
    """A teacher's standing on ``as_of`` from their records: the cycle, each year, the
    findings and the eligibility for each purpose; plus how each activity record converted."""
    if not isinstance(payload, Mapping):
        raise InvalidInput("check", "must be a JSON object with as_of, teacher and records")
    unknown = set(payload) - {"as_of", "teacher", "records"}
    if unknown:
        raise InvalidInput(sorted(unknown)[0], "is not a field of check")
    as_of = required(payload, "as_of", parse_date)
    teacher = _prefixed("teacher", teacher_facts, payload.get("teacher") or {})
    raw_records = payload.get("records") or []
    if not isinstance(raw_records, list):
        raise InvalidInput("records", "must be a list")
    converted = [_prefixed(f"records[{i}]", record, region, item) for i, item in enumerate(raw_records)]
    records = [r for r, _ in converted]
    compliance = region.check(teacher, records, as_of)
    return {
        **compliance.as_json(),
        "unit": compliance.unit.value,
        "eligibility": {e.purpose: e.as_json() for e in region.eligibility(teacher, records, as_of)},
        "records": [
            {"date": r.date.isoformat(), **(result or {"amount": json_value(r.amount), "unit": r.unit.value,
                                                        "category": r.category, "steps": []})}
            for r, result in converted
        ],
    }


def describe(region: Region) -> dict:
    """What the region's rules know, each with its source: rule versions, programs,
    categories, duties (findings), purposes, and every parameter, settings marked."""
    info = region.info
    parameters = region.parameters()
    return {
        "region": {"code": info.code, "name": text_json(info.name), "unit": info.unit.value, "version": info.version},
        "rule_versions": [v.as_json() for v in region.rule_versions()],
        "programs": [p.as_json() for p in region.programs()],
        "categories": [c.as_json() for c in region.categories()],
        "findings": [d.as_json() for d in region.duties()],
        "purposes": [p.as_json() for p in region.purposes()],
        "documents": [d.as_json() for d in region.documents()],
        "parameters": [p.as_json() for p in parameters],
        "settings": [
            {"name": p.name, "label": text_json(p.label), "default": plain_json(p.values[-1].value),
             "value": plain_json(region.settings.get(p.name, p.values[-1].value)),
             "assumption": text_json(p.assumption)}
            for p in parameters if p.is_setting
        ],
    }


TEACHER_FIELDS = ("entered_post", "probation_end", "transferred_in", "transferred_from", "home_unit",
                  "title", "title_date", "layer", "stages", "leave")


def teacher_facts(data: Any) -> TeacherFacts:
    """The ``teacher`` of ``check``: every field of ``TeacherFacts``, each optional;
    ``leave`` is a list of ``{"start": date, "end": date}``."""
    if not isinstance(data, Mapping):
        raise InvalidInput("teacher", "must be a JSON object")
    unknown = set(data) - set(TEACHER_FIELDS)
    if unknown:
        raise InvalidInput(sorted(unknown)[0], "is not a teacher field")
    return TeacherFacts(
        entered_post=optional(data, "entered_post", parse_date),
        probation_end=optional(data, "probation_end", parse_date),
        transferred_in=optional(data, "transferred_in", parse_date),
        transferred_from=optional(data, "transferred_from", parse_code),
        home_unit=optional(data, "home_unit", parse_code),
        title=optional(data, "title", parse_code),
        title_date=optional(data, "title_date", parse_date),
        layer=optional(data, "layer", parse_code),
        stages=optional(data, "stages", lambda v: tuple(parse_enum(SchoolStage, s) for s in parse_codes(v))) or (),
        leave=tuple(_prefixed(f"leave[{i}]", leave_period, item)
                    for i, item in enumerate(optional(data, "leave", parse_list) or ())),
    )


def parse_list(value: Any) -> list:
    if not isinstance(value, list):
        raise ValueError("must be a list")
    return value


def leave_period(data: Any) -> Period:
    if not isinstance(data, Mapping) or set(data) - {"start", "end"}:
        raise InvalidInput("leave", "must be an object with start and end")
    start, end = required(data, "start", parse_date), required(data, "end", parse_date)
    if end < start:
        raise InvalidInput("end", "is before start")
    return Period(start, end)


def teacher_json(facts: TeacherFacts) -> dict:
    """``TeacherFacts`` as the ``teacher`` of ``check`` (what ``teacher_facts`` reads back)."""
    data = {name: getattr(facts, name) for name in TEACHER_FIELDS}
    data["stages"] = [s.value for s in facts.stages]
    data["leave"] = [{"start": p.start.isoformat(), "end": p.end.isoformat()} for p in facts.leave]
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items() if v not in (None, [], ())}


_RECORD_ONLY = {"date", "source"}
_CONVERTED = {"date", "source", "amount", "unit", "category", "level", "mode", "program", "topics",
              "hours", "role", "base_credits"}


def record(region: Region, data: Any) -> tuple[Record, dict | None]:
    """One record of ``check``: an activity plus its ``date`` (converted here, under the
    rules in force on that date), or an already converted ``amount`` and ``category``."""
    if not isinstance(data, Mapping):
        raise InvalidInput("record", "must be a JSON object")
    when = required(data, "date", parse_date)
    source = optional(data, "source", lambda v: parse_enum(LedgerSource, v)) or LedgerSource.ENROLLMENT
    if "amount" in data:
        unknown = set(data) - _CONVERTED
        if unknown:
            raise InvalidInput(sorted(unknown)[0], "is not a field of a converted record")
        return Record(
            date=when,
            amount=required(data, "amount", parse_amount),
            unit=optional(data, "unit", lambda v: parse_enum(Unit, v)) or region.info.unit,
            category=required(data, "category", parse_code),
            source=source,
            level=optional(data, "level", lambda v: parse_enum(Level, v)),
            mode=optional(data, "mode", lambda v: parse_enum(Mode, v)),
            program=optional(data, "program", parse_code),
            topics=tuple(optional(data, "topics", parse_codes) or ()),
            hours=optional(data, "hours", parse_amount),
            role=optional(data, "role", lambda v: parse_enum(ActivityRole, v)),
            base_credits=optional(data, "base_credits", parse_amount),
        ), None
    activity = Activity.from_mapping({k: v for k, v in data.items() if k not in _RECORD_ONLY})
    result = region.convert(activity, when)
    return Record(
        date=when, amount=result.amount, unit=result.unit, category=result.category, source=source,
        level=activity.level, mode=activity.mode, program=activity.program, topics=activity.topics,
        hours=activity.hours, role=activity.role, base_credits=activity.base_credits,
    ), {**result.as_json(), "rule_version": result.rule_version}


def _prefixed(prefix: str, function, *args):
    """Run ``function``, naming the failing field with its place in the input."""
    try:
        return function(*args)
    except InvalidInput as error:
        raise InvalidInput(f"{prefix}.{error.field}" if not error.field.startswith("[") else prefix + error.field,
                           error.message) from None
