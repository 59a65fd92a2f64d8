"""The rules command's JSON contract (docs/writing-a-region.md, "6. The JSON"), in one place.

``portal rules``, the JSON API and the conformance kit all call these functions, so a
figure is the same wherever it is asked for. Input errors raise ``InvalidInput`` naming
the field, with its position in a list (``records[2].hours``); what the region's rules
refuse raises its subclass ``Refused``. Input is bounded before any rule runs: its size
(``MAX_INPUT_BYTES``), nesting (``MAX_DEPTH``), list lengths (``MAX_RECORDS``) and each
value (``portal.domain.activity``).
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from . import clock
from .domain import (
    Activity, ActivityRole, CreditResult, InvalidInput, LedgerSource, Level, Mode, Period, Record, SchoolStage,
    TeacherFacts, Unit,
)
from .domain.activity import (
    MAX_ITEMS, Refused, optional, parse_field, parse_amount, parse_code, parse_codes, parse_date, parse_enum,
    required, unknown_field,
)
from .domain.parameters import plain_json
from .domain.enums import LEDGER_UNITS
from .domain.results import json_value
from .domain.text import Messages, text_json
from .domain.versions import rules_day
from .plugins import Region

MAX_INPUT_BYTES = 1024 * 1024  # the command's stdin; the API's body limit defaults to it
MAX_DEPTH = 8  # the deepest valid input (check → records → a record → topics) is 4
MAX_RECORDS = 1000  # activities in one convert, records in one check


def loads(text: bytes | str) -> Any:
    """The JSON of a request or of stdin; ``InvalidInput`` (field ``json``) with a short
    reason if it is not UTF-8 JSON, nests deeper than ``MAX_DEPTH`` or holds NaN or Infinity."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InvalidInput("json", "the input is not UTF-8 text") from None
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except InvalidInput:
        raise
    except json.JSONDecodeError as error:
        raise InvalidInput("json", f"not JSON: {error.msg} at line {error.lineno}") from None
    except RecursionError:
        raise InvalidInput("json", f"nested deeper than {MAX_DEPTH} levels") from None
    except ValueError:  # a number of more than 4300 digits
        raise InvalidInput("json", "not JSON: a number is too long") from None
    if _depth(data) > MAX_DEPTH:
        raise InvalidInput("json", f"nested deeper than {MAX_DEPTH} levels")
    return data


def _no_constant(name: str):
    raise InvalidInput("json", f"not JSON: {name} is not a JSON number")


def _depth(data: Any) -> int:
    """How deeply lists and objects nest (without recursion, so any depth is measured)."""
    depth, level = 0, [data]
    while containers := [item for item in level if isinstance(item, (list, dict))]:
        depth += 1
        level = [child for item in containers for child in (item.values() if isinstance(item, dict) else item)]
    return depth


def _bounded_list(name: str, value: Any) -> list:
    if not isinstance(value, list):
        raise InvalidInput(name, "must be a list")
    if len(value) > MAX_RECORDS:
        raise InvalidInput(name, f"must hold at most {MAX_RECORDS} items")
    return value


def convert(region: Region, payload: Any, on: date | str | None = None) -> dict | list[dict]:
    """Convert one activity (a JSON object) or a list of them, under the rules in force on
    ``on`` (an ISO date; see ``convert_activity`` for the default)."""
    when = parse_field("on", on, parse_date) if on is not None else None
    if isinstance(payload, list):
        items = _bounded_list("activities", payload)
        return [_prefixed(f"[{i}]", convert_one, region, item, when) for i, item in enumerate(items)]
    return convert_one(region, payload, when)


def convert_one(region: Region, data: Any, on: date | None = None) -> dict:
    result = convert_activity(region, activity(region, data, on), on)
    return {**result.as_json(), "rule_version": result.rule_version}


def program_defaults(region: Region, data: Any) -> Any:
    """An activity of a program the region describes, with what the program says where the
    activity leaves it out, as the calculator fills it: its ``level`` and ``mode``, and
    ``hours`` 0 for a program credited by a fixed figure or case by case (``needs_hours``
    false), or for a role the program credits by a fixed figure (``fixed_roles``, a new
    teachers' mentor), whose hours no rule reads."""
    if not isinstance(data, Mapping) or not isinstance(data.get("program"), str):
        return data
    program = next((p for p in region.programs() if p.code == data["program"]), None)
    if program is None:
        return data
    filled = {"level": program.level and program.level.value, "mode": program.mode and program.mode.value,
              "hours": 0 if not program.hours_needed(data.get("role") if isinstance(data.get("role"), str) else None)
              else None}
    return {**{name: value for name, value in filled.items() if value is not None}, **data}


# What an activity needs unless its program gives it, with a value standing in for each while the
# rest of the activity is read.
_PROGRAM_GIVES = {"level": "county", "mode": "centralized", "hours": 0}
_ = Messages("messages", "portal")
# The core's words for those fields, where the region's ``portal_activity_fields`` gives none.
_FIELD_WORDS = {"level": _("Level"), "mode": _("Mode"), "hours": _("Hours attended")}


def activity(region: Region, data: Any, on: date | None = None) -> Activity:
    """An activity as the rules command reads it: what its program gives filled in
    (``program_defaults``). An activity naming a program (a code) may leave ``level``,
    ``mode`` and ``hours`` out, as the JSON's schema says; so may one of a region whose
    ``portal_activity_fields`` (on ``on``, else today) declare ``level`` or ``hours`` with
    ``required=False`` (a region crediting a project's base credits, whatever its level): a level
    left out is none, hours left out are 0. Where neither the program nor the region's fields let
    one out, the activity is well formed and refused (``Refused``, 422) in words naming the
    field, once the rest of it has been read (a malformed field is still malformed)."""
    filled = program_defaults(region, data)
    if not isinstance(filled, Mapping):
        return Activity.from_mapping(filled)
    declared = region.activity_fields(on or clock.today())
    if not isinstance(filled.get("program"), str) and declared is None:
        return Activity.from_mapping(filled)
    missing = [name for name in _PROGRAM_GIVES if filled.get(name) is None]
    read = Activity.from_mapping({**filled, **{name: _PROGRAM_GIVES[name] for name in missing}})
    fields = {f.name: f for f in declared or ()}
    needed = [name for name in missing if name == "mode" or name not in fields or fields[name].required is not False]
    if needed:
        label = fields[needed[0]].label if needed[0] in fields and fields[needed[0]].label else None
        raise Refused(needed[0], _("{field} is required", field=label or _FIELD_WORDS[needed[0]]))
    return replace(read, level=None) if "level" in missing else read


def convert_activity(region: Region, activity: Activity, on: date | None = None) -> CreditResult:
    """The rules in force on ``on``, else on the activity's end (or start) date, else today."""
    return _ruling(region.convert, activity, rules_day(activity, on, clock.today()))


def judged_days(payload: Mapping) -> tuple[date, date | None]:
    """A check's ``as_of`` and its optional ``today``, which is not before ``as_of``."""
    as_of = required(payload, "as_of", parse_date)
    today = optional(payload, "today", parse_date)
    if today is not None and today < as_of:
        raise Refused("today", "must not be before as_of")  # a cross-field refusal: 422, as end before start
    return as_of, today


def check(region: Region, payload: Any) -> dict:
    """A teacher's standing on ``as_of`` from their records: the cycle, each year, the
    findings and the eligibility for each purpose; plus how each activity record converted.
    ``today`` (optional, not before ``as_of``) is the day the findings are read on, as the
    previous cycle's page reads its last day after it: a period ending on ``as_of`` has ended.
    The cycle, and the year holding ``as_of``, name the settings their figure comes from
    (``settings``, from ``portal_requirements`` for the teacher), each only its own."""
    if not isinstance(payload, Mapping):
        raise InvalidInput("check", "must be a JSON object with as_of, teacher and records")
    unknown = unknown_field(payload, {"as_of", "today", "teacher", "records"})
    if unknown is not None:
        raise InvalidInput(unknown, "is not a field of check")
    as_of, today = judged_days(payload)
    teacher = _prefixed("teacher", teacher_facts, {} if payload.get("teacher") is None else payload["teacher"])
    raw_records = _bounded_list("records", [] if payload.get("records") is None else payload["records"])
    converted = [_prefixed(f"records[{i}]", record, region, item) for i, item in enumerate(raw_records)]
    records = [r for r, _ in converted]
    compliance = _ruling(region.check, teacher, records, as_of, today)
    asked = _ruling(region.requirements, as_of, teacher)
    return {
        # each figure with the settings it comes from beside it: the cycle's, and the year's
        # holding ``as_of`` (``Requirements.settings_json``), as the teacher's pages show them
        **asked.settings_json(compliance.as_json(), region.year(as_of, teacher).start.year),
        "unit": compliance.unit.value,
        "eligibility": {e.purpose: e.as_json() for e in _ruling(region.eligibility, teacher, records, as_of)},
        "records": [
            {"date": r.date.isoformat(), **(result or {"amount": json_value(r.amount), "unit": r.unit.value,
                                                        "category": r.category, "steps": []})}
            for r, result in converted
        ],
    }


def describe(region: Region) -> dict:
    """What the region's rules know, each with its source: rule versions, programs,
    categories, duties (findings), purposes, the kinds of credit claimed with evidence, the
    appeal policy, the region's own reports and certificates, and every parameter, settings
    marked."""
    info = region.info
    parameters = region.parameters()
    return {
        "region": {"code": info.code, "name": text_json(info.name), "unit": info.unit.value, "version": info.version},
        "rule_versions": [v.as_json() for v in region.rule_versions()],
        "programs": [p.as_json() for p in region.programs()],
        "categories": [c.as_json() for c in region.categories()],
        "findings": [d.as_json() for d in region.duties()],
        "purposes": [p.as_json() for p in region.purposes()],
        "claim_kinds": [k.as_json() for k in region.claim_kinds()],
        "appeals": region.appeal_policy().as_json(),
        "reports": [{"code": r.code, "title": text_json(r.title), "source": r.source, "rows": r.rows,
                     "chart": r.chart, "columns": [{"code": c.code, "label": text_json(c.label)} for c in r.columns]}
                    for r in region.reports()],
        "certificates": [{"code": k.code, "title": text_json(k.title), "source": k.source,
                          "detail": text_json(k.detail) or None} for k in region.certificates()],
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
                  "title", "title_date", "layer", "stages", "leave", "qualified", "birth_date")


def teacher_facts(data: Any) -> TeacherFacts:
    """The ``teacher`` of ``check``: every field of ``TeacherFacts``, each optional;
    ``leave`` is a list of ``{"start": date, "end": date}``."""
    if not isinstance(data, Mapping):
        raise InvalidInput("teacher", "must be a JSON object", whole=True)
    unknown = unknown_field(data, set(TEACHER_FIELDS))
    if unknown is not None:
        raise InvalidInput(unknown, "is not a teacher field")
    return TeacherFacts(
        entered_post=optional(data, "entered_post", parse_date),
        probation_end=optional(data, "probation_end", parse_date),
        transferred_in=optional(data, "transferred_in", parse_date),
        transferred_from=optional(data, "transferred_from", parse_code),
        home_unit=optional(data, "home_unit", parse_code),
        title=optional(data, "title", parse_code),
        title_date=optional(data, "title_date", parse_date),
        layer=optional(data, "layer", parse_code),
        stages=optional(data, "stages", _stages) or (),
        leave=tuple(_prefixed(f"leave[{i}]", leave_period, item)
                    for i, item in enumerate(optional(data, "leave", _leave_list) or ())),
        qualified=optional(data, "qualified", _boolean),
        birth_date=optional(data, "birth_date", parse_date),
    )


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


def _stages(value: Any) -> tuple[SchoolStage, ...]:
    if not isinstance(value, list) or len(value) > MAX_ITEMS:
        raise ValueError(f"must be a list of at most {MAX_ITEMS} school stages")
    return tuple(parse_enum(SchoolStage, stage) for stage in value)


def _leave_list(value: Any) -> list:
    if not isinstance(value, list) or len(value) > MAX_ITEMS:
        raise ValueError(f"must be a list of at most {MAX_ITEMS} periods")
    return value


def leave_period(data: Any) -> Period:
    if not isinstance(data, Mapping):
        raise InvalidInput("leave", "must be an object with start and end", whole=True)
    unknown = unknown_field(data, {"start", "end"})
    if unknown is not None:
        raise InvalidInput(unknown, "is not a field of a leave period")
    start, end = required(data, "start", parse_date), required(data, "end", parse_date)
    if end < start:
        raise Refused("end", "is before start")
    return Period(start, end)


def teacher_json(facts: TeacherFacts) -> dict:
    """``TeacherFacts`` as the ``teacher`` of ``check`` (what ``teacher_facts`` reads back)."""
    data = {name: getattr(facts, name) for name in TEACHER_FIELDS}
    data["stages"] = [s.value for s in facts.stages]
    data["leave"] = [{"start": p.start.isoformat(), "end": p.end.isoformat()} for p in facts.leave]
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items() if v not in (None, [], ())}


_RECORD_ONLY = {"date", "source"}
# The facts a converted record may carry, each read as the activity reads it.
_CONVERTED_FACTS = {
    "level": lambda v: parse_enum(Level, v),
    "mode": lambda v: parse_enum(Mode, v),
    "program": parse_code,
    "topics": parse_codes,
    "hours": parse_amount,
    "role": lambda v: parse_enum(ActivityRole, v),
    "base_credits": parse_amount,
}
_CONVERTED = {"date", "source", "amount", "unit", "category", *_CONVERTED_FACTS}


def record(region: Region, data: Any) -> tuple[Record, dict | None]:
    """One record of ``check``: an activity plus its ``date`` (converted here, under the
    rules in force on that date), or an already converted ``amount`` and ``category``."""
    if not isinstance(data, Mapping):
        raise InvalidInput("record", "must be a JSON object", whole=True)
    when = required(data, "date", parse_date)
    source = optional(data, "source", lambda v: parse_enum(LedgerSource, v)) or LedgerSource.ENROLLMENT
    if "amount" in data:
        unknown = unknown_field(data, _CONVERTED)
        if unknown is not None:
            raise InvalidInput(unknown, "is not a field of a converted record")
        amount = required(data, "amount", parse_amount)
        unit = optional(data, "unit", _ledger_unit) or region.info.unit
        category = required(data, "category", parse_code)
        facts = {name: optional(data, name, parse) for name, parse in _CONVERTED_FACTS.items()}
        return Record.from_facts(when, amount, unit, category, facts, source), None
    read = activity(region, {k: v for k, v in data.items() if k not in _RECORD_ONLY})
    result = _ruling(region.convert, read, when)
    return (Record.from_facts(when, result.amount, result.unit, result.category, read.as_json(), source),
            {**result.as_json(), "rule_version": result.rule_version})


def _ledger_unit(value: Any) -> Unit:
    if value in LEDGER_UNITS:
        return Unit(value)
    raise ValueError("must be one of " + ", ".join(u.value for u in LEDGER_UNITS))


def _prefixed(prefix: str, function, *args):
    """Run ``function``, naming the failing field with its place in the input."""
    try:
        return function(*args)
    except InvalidInput as error:
        if error.whole:  # the item itself is no object: named by its place, not by what it should have been
            field = prefix
        else:
            field = f"{prefix}.{error.field}" if not error.field.startswith("[") else prefix + error.field
        raise type(error)(field, error.message) from None


def _ruling(rule, *args):
    """Call a region's rule; what it refuses is ``Refused``: the input was well formed."""
    try:
        return rule(*args)
    except Refused:
        raise
    except InvalidInput as error:
        raise Refused(error.field, error.message) from None
