"""The OpenAPI 3.1 document of the JSON API, served at ``GET /api/openapi.json``.

Written by hand, in one place, from the same enumerations, bounds and patterns the
parsers use (``portal.domain.activity``, ``portal.rulebook``), so the document says
exactly what a request may hold: a request it describes is parsed (200, or 422 when the
region's rules refuse it), one it does not is answered 400. ``tests/test_openapi.py``
keeps its paths in step with the routes, and ``.ci/run`` runs schemathesis against it.
"""
from __future__ import annotations

from ..domain import ActivityRole, Grade, LedgerSource, Level, Mode, SchoolStage
from ..domain.enums import LEDGER_UNITS
from ..domain.reporting import PERIODS
from ..domain.activity import (
    AMOUNT_PATTERN, CODE_PATTERN, TEXT_PATTERN, FIRST_YEAR, LAST_YEAR, MAX_AMOUNT, MAX_CODE_LENGTH, MAX_DAYS, MAX_ITEMS,
    MAX_SERVICE_YEAR,
)
from ..rulebook import MAX_RECORDS

# A real calendar date from 1950-01-01 to 2100-12-31 (29 February only in leap years):
# what ``parse_date`` takes, in a pattern a schema can check and a generator can follow
# (tests/test_openapi.py checks that the two agree, years included).
DATE_PATTERN = (
    "^(?:(?:19[5-9][0-9]|20[0-9]{2}|2100)-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    "|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))"
    "|(?:19(?:5[26]|[68][048]|[79][26])|20(?:[02468][048]|[13579][26]))-02-29)$"
)


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _enum(enum) -> dict:
    return {"type": "string", "enum": [m.value for m in enum]}


def _nullable(schema: dict) -> dict:
    """Optional fields may also be null, which means absent."""
    return {"anyOf": [schema, {"type": "null"}]}


def _whole(maximum: int) -> dict:
    return {"type": "integer", "minimum": 1, "maximum": maximum}


def _list(items: dict, max_items: int = MAX_ITEMS) -> dict:
    return {"type": "array", "items": items, "maxItems": max_items}


AMOUNT = {
    "description": f"From 0 to {MAX_AMOUNT} with at most 2 decimal places; a JSON number or a string of digits.",
    "anyOf": [
        {"type": "number", "minimum": 0, "maximum": float(MAX_AMOUNT), "multipleOf": 0.01},
        {"type": "string", "pattern": f"^{AMOUNT_PATTERN}$"},
    ],
}
DATE = {"type": "string", "pattern": DATE_PATTERN, "examples": ["2018-09-01"],
        "description": f"An ISO date from {FIRST_YEAR}-01-01 to {LAST_YEAR}-12-31."}
CODE = {"type": "string", "maxLength": MAX_CODE_LENGTH, "pattern": f"^{CODE_PATTERN}$",
        "description": "A code (program, topic, category) or a short name, without control characters."}
AMOUNTS = {"type": "object", "maxProperties": MAX_ITEMS, "propertyNames": _ref("Code"),
           "additionalProperties": _ref("Amount")}

ACTIVITY_FIELDS = {
    "level": _enum(Level),
    "mode": _enum(Mode),
    "hours": _ref("Amount"),
    "days": _nullable(_whole(MAX_DAYS)),
    "start": _nullable(_ref("Date")),
    "end": _nullable(_ref("Date")),
    "grade": _nullable(_enum(Grade)),
    "role": _nullable(_enum(ActivityRole)),
    "program": _nullable(_ref("Code")),
    "service_year": _nullable(_whole(MAX_SERVICE_YEAR)),
    "topics": _nullable(_list(_ref("Code"))),
    "base_credits": _nullable(_ref("Amount")),
    "scores": _nullable({**AMOUNTS, "description": "Assessment scores by part, where the region uses them."}),
    "weights": _nullable({**AMOUNTS, "description": "The weights of those parts, in %."}),
    "planned_hours": _nullable({**AMOUNT, "description": "The hours the training was planned for, where known "
                                "(hours is what was attended)."}),
}

# The settings a figure comes from (``Requirements``), beside that figure alone: the cycle's
# on the cycle, the year's on the year holding the day asked; left out where there are none.
_FIGURE_SETTINGS = {"type": "array", "items": {"type": "string"},
                    "description": "The names of the region's settings this figure comes from, where the "
                                   "documents give none (`GET /api/rules/describe` lists them); only this figure's."}

# An activity gives its level, mode and hours, unless it names a program, which may give them
# (rulebook.activity: the region's answer, 422 where the program does not).
_WITHOUT_PROGRAM = {"anyOf": [{"required": ["level", "mode", "hours"]},
                              {"required": ["program"], "properties": {"program": {"type": "string"}}}]}

SCHEMAS = {
    "Amount": AMOUNT,
    "Date": DATE,
    "Code": CODE,
    "Activity": {
        "type": "object",
        "description": "One training activity (docs/writing-a-region.md, \"6. The JSON\"). With a `program`, what "
                       "the program gives may be left out: its `level` and `mode`, and `hours` where it needs none "
                       "(`needs_hours` false, or a `role` among its `fixed_roles`; `GET /api/rules/describe`); "
                       "one it does not give is refused (422).",
        **_WITHOUT_PROGRAM,
        "properties": ACTIVITY_FIELDS,
        "additionalProperties": False,
    },
    "ActivityRecord": {
        "type": "object",
        "description": "An activity and the date it counts on; converted under the rules in force that day.",
        "required": ["date"],
        **_WITHOUT_PROGRAM,
        "properties": {"date": _ref("Date"), "source": _nullable(_enum(LedgerSource)), **ACTIVITY_FIELDS},
        "additionalProperties": False,
    },
    "ConvertedRecord": {
        "type": "object",
        "description": "An amount already converted, with its category.",
        "required": ["date", "amount", "category"],
        "properties": {
            "date": _ref("Date"),
            "source": _nullable(_enum(LedgerSource)),
            "amount": _ref("Amount"),
            "unit": _nullable(_enum(LEDGER_UNITS)),
            "category": _ref("Code"),
            "level": _nullable(_enum(Level)),
            "mode": _nullable(_enum(Mode)),
            "hours": _nullable(_ref("Amount")),
            **{name: ACTIVITY_FIELDS[name] for name in ("program", "topics", "role", "base_credits")},
        },
        "additionalProperties": False,
    },
    "Teacher": {
        "type": "object",
        "properties": {
            "entered_post": _nullable(_ref("Date")),
            "probation_end": _nullable(_ref("Date")),
            "transferred_in": _nullable(_ref("Date")),
            "transferred_from": _nullable(_ref("Code")),
            "home_unit": _nullable(_ref("Code")),
            "title": _nullable(_ref("Code")),
            "title_date": _nullable(_ref("Date")),
            "layer": _nullable(_ref("Code")),
            "stages": _nullable(_list(_enum(SchoolStage))),
            "leave": _nullable(_list(_ref("LeavePeriod"))),
            "qualified": {**_nullable({"type": "boolean"}),
                          "description": "Holds a teacher qualification certificate (教师资格证书); absent or null: not recorded."},
            "birth_date": {**_nullable(_ref("Date")),
                           "description": "The day the teacher was born, as their ID number records it."},
        },
        "additionalProperties": False,
    },
    "LeavePeriod": {
        "type": "object",
        "required": ["start", "end"],
        "properties": {"start": _ref("Date"), "end": _ref("Date")},
        "additionalProperties": False,
    },
    "CheckRequest": {
        "type": "object",
        "required": ["as_of"],
        "properties": {
            "as_of": _ref("Date"),
            "today": _nullable(_ref("Date")),  # read on (null: as_of); the day after a cycle's last day reads it ended
            "teacher": _nullable(_ref("Teacher")),
            "records": _nullable(_list({"oneOf": [_ref("ActivityRecord"), _ref("ConvertedRecord")]},
                                       MAX_RECORDS)),
        },
        "additionalProperties": False,
    },
    "Step": {
        "type": "object",
        "required": ["text", "value", "source"],
        "properties": {"text": {"type": "string"}, "value": {"type": ["number", "string", "null"]},
                       "source": {"type": "string"}},
    },
    "Result": {
        "type": "object",
        "required": ["amount", "unit", "category", "steps"],
        "properties": {"amount": {"type": "number"}, "unit": _enum(LEDGER_UNITS), "category": {"type": "string"},
                       "steps": {"type": "array", "items": _ref("Step")},
                       "rule_version": {"type": "string"}},
    },
    "CheckResult": {
        "type": "object",
        "required": ["cycle", "years", "findings", "eligibility", "unit", "records"],
        "properties": {
            "cycle": {"type": "object", "required": ["start", "end", "required", "earned", "counted", "ok"],
                      "properties": {"settings": _FIGURE_SETTINGS}},
            "years": {"type": "object", "additionalProperties": {
                "type": "object", "required": ["required", "earned", "ok"],
                "properties": {"settings": _FIGURE_SETTINGS}},
                      "description": "Each year of the cycle up to `as_of`; the year holding `as_of` names the "
                                     "settings its figure comes from (`settings`), the cycle its own."},
            "findings": {"type": "array", "items": {
                "type": "object", "required": ["code", "ok", "required", "actual", "message", "source"]}},
            "eligibility": {"type": "object", "additionalProperties": {
                "type": "object", "required": ["ok", "reason", "source"]}},
            "unit": _enum(LEDGER_UNITS),
            "records": {"type": "array", "items": {"type": "object", "required": ["date", "amount", "unit"]}},
        },
    },
    "Description": {
        "type": "object",
        "required": ["region", "rule_versions", "programs", "categories", "findings", "purposes",
                     "parameters", "settings"],
        "properties": {
            "region": {"type": "object", "required": ["code", "name", "unit", "version"]},
            **{name: {"type": "array", "items": {"type": "object"}}
               for name in ("rule_versions", "programs", "categories", "findings", "purposes", "parameters",
                            "settings")},
        },
    },
    "StandingRow": {
        "type": "object",
        "description": "A teacher's kept standing: the figures their own page shows, computed by the region's rules.",
        "required": ["teacher_id", "name", "id_number", "school", "as_of", "valid_until", "computed_at",
                     "rule_version", "unit", "cycle", "year", "open_duties", "all_duties_met", "duties_asked", "duties",
                     "purposes"],
        "properties": {
            "teacher_id": {"type": "integer"}, "name": {"type": "string"}, "id_number": {"type": "string"},
            "school": {"type": "object", "required": ["id", "name"]},
            "as_of": {"type": "string", "format": "date"}, "valid_until": {"type": "string", "format": "date"},
            "computed_at": {"type": "string"}, "rule_version": {"type": "string"}, "unit": _enum(LEDGER_UNITS),
            "cycle": {"type": "object", "required": ["start", "end", "required", "earned", "counted", "met"],
                      "properties": {"settings": _FIGURE_SETTINGS},
                      "description": "The cycle's figures; `met`: its total reached, the total alone (a teacher "
                                     "asked 0 this cycle has met it while a duty may be open: see `all_duties_met`); "
                                     "`asked`: a total is required (more than 0). The reports count a teacher "
                                     "asked nothing apart, neither among those who reached it nor in its share."},
            "year": {"type": "object", "required": ["year", "start", "end", "required", "earned", "met", "asked"],
                     "properties": {"settings": _FIGURE_SETTINGS,
                                    "required": {"type": ["number", "null"]},
                                    "met": {"type": ["boolean", "null"],
                                            "description": "The year's duty met; null where the year asks nothing "
                                                           "of the teacher (`asked` false): neither met nor not."},
                                    "asked": {"type": "boolean",
                                              "description": "False where the year asks nothing of the teacher "
                                                             "(`required` 0 or null, a probation year): not "
                                                             "required, `met` null."}},
                     "description": "The year's figures; `asked`: the year requires something (more than 0): a "
                                    "teacher asked nothing (a probation year) is counted apart in the reports, and "
                                    "`met` is null for them, not true."},
            "open_duties": {"type": "integer",
                            "description": "The duties not met whose period is still running; a duty missed, its "
                                           "period ended (a past year's minimum), is history and not counted."},
            "all_duties_met": {"type": "boolean",
                               "description": "Every duty met, as the pages and reports count it: some duty asked, "
                                              "the cycle's total reached and no duty open (`duties_asked`, "
                                              "`cycle.met` and `open_duties` 0)."},
            "duties_asked": {"type": "boolean",
                             "description": "Some duty is asked of the teacher now, or one was missed; false where "
                                            "every duty is exempt (their page says no duty is asked for now): the "
                                            "reports count them apart, neither with every duty met nor with one open."},
            "duties": {"type": "object",
                       "additionalProperties": {
                           "type": "object", "required": ["ok", "missed", "ended_on"],
                           "properties": {
                               "ok": {"type": "boolean"},
                               "missed": {"type": "boolean",
                                          "description": "Not met only through periods already ended (a past "
                                                         "year's minimum): history, no duty open now."},
                               "ended_on": {"type": ["string", "null"], "format": "date",
                                            "description": "For a missed duty, the day the last missed period "
                                                           "ended; for a duty whose periods have all ended, met or "
                                                           "not, the day the last ended; null while a period of it "
                                                           "runs still (an open duty) or it has no end."},
                               "cap": {"type": "boolean"},
                               "exempt": {"type": "boolean",
                                          "description": "Present, true, where the duty asks nothing of the "
                                                         "teacher now (a new teacher's first school year): "
                                                         "`ok`, yet not met."},
                               "shortfall": {"type": "number"}}},
                       "description": "Per duty: `ok` when every period judged met it (a past year missed leaves "
                                      "it not ok), `missed` and `ended_on` to tell missed history from an open "
                                      "duty, `shortfall` what its open periods still miss."},
            "purposes": {"type": "object", "additionalProperties": {"type": "boolean"}},
        },
    },
    "StandingPage": {
        "type": "object",
        "required": ["page", "pages", "per_page", "total", "items"],
        "properties": {"page": {"type": "integer"}, "pages": {"type": "integer"}, "per_page": {"type": "integer"},
                       "total": {"type": "integer"}, "items": {"type": "array", "items": _ref("StandingRow")}},
    },
    "OwnStanding": {
        "allOf": [_ref("StandingRow"), {"type": "object", "required": ["compliance", "eligibility"]}],
    },
    "Finding": {
        "type": "object",
        "description": "What the region's rules (or the portal) say about a selection or a step, with the clause.",
        "required": ["code", "ok", "required", "actual", "message", "source", "deadline"],
        "properties": {"code": {"type": "string"}, "ok": {"type": "boolean"},
                       "required": {"type": ["number", "null"]}, "actual": {"type": ["number", "null"]},
                       "message": {"type": "string"}, "source": {"type": "string"},
                       "deadline": {"type": ["string", "null"]},
                       "field": {"type": "string", "description": "The input field judged, where a save is refused."},
                       "caution": {"type": "boolean", "description": "Present (true) on a finding that refuses "
                                   "nothing but is no match either: a project for another school stage or "
                                   "subject, where the rules do not forbid it."},
                       "exempt": {"type": "boolean", "description": "Present (true) on a duty that asks nothing "
                                  "of this teacher now (a probation year): not asked, not met."}},
    },
    "Project": {
        "type": "object",
        "required": ["id", "name", "organiser", "organiser_id", "status", "level", "mode", "program", "start", "end",
                     "hours", "base_credits", "stages", "subjects", "layer", "topics", "capacity", "seats_left",
                     "fee", "lodging", "description", "region_fields", "region_field_labels"],
        "properties": {
            "id": {"type": "integer"}, "name": {"type": "string"}, "organiser": {"type": "string"},
            "organiser_id": {"type": "integer"}, "status": {"type": "string"}, "level": _enum(Level),
            "mode": _enum(Mode), "program": {"type": ["string", "null"]}, "start": {"type": "string"},
            "end": {"type": "string"}, "hours": {"type": "number"}, "base_credits": {"type": ["number", "null"]},
            "stages": {"type": "array", "items": {"type": "string"}},
            "subjects": {"type": "array", "items": {"type": "string"}}, "layer": {"type": ["string", "null"]},
            "topics": {"type": "array", "items": {"type": "string"}}, "capacity": {"type": ["integer", "null"]},
            "seats_left": {"type": ["integer", "null"]},
            "waiting": {"type": "integer", "description": "In the catalog: selections that stand but hold no seat "
                        "yet (waiting for approval where the region's workflow seats them later); seats_left does "
                        "not count them."},
            "unit_seats_left": {"type": ["integer", "null"], "description": "The project's own answer, for a "
                                "teacher, where it allocates seats to units: the seats left to the teacher's unit "
                                "(the fewest left on their school or a unit above it; 0: none allocated to it); "
                                "null where it allocates none."},
            "unit_quotas": {"type": "array", "items": {"type": "object", "properties": {
                "unit": {"type": "string"}, "seats": {"type": "integer"}, "left": {"type": "integer"}}},
                "description": "The project's own answer, for a teacher: the quotas of their school and the "
                "units above it, highest first."},
            "fee": {"type": "number"}, "lodging": {"type": "boolean"},
            "description": {"type": "string"},
            "region_fields": {"type": "object", "description": "The region's own fields of the project (its project "
                              "form's), by field name, as codes: a choice's code, a tick as true or false."},
            "region_field_labels": {
                "type": "object", "description": "Beside `region_fields`, each field given in words, in the "
                "caller's language: its `label` and its `value` (a choice's label, a tick as yes or no, a list "
                "joined), as the project's page shows them.",
                "additionalProperties": {"type": "object", "required": ["label", "value"],
                                         "properties": {"label": {"type": "string"}, "value": {"type": "string"}}}},
            "may_select": {"type": "boolean", "description": "Whether the caller may select it now (in the "
                           "catalog's list, for a teacher only; the project's own answer for anyone)."},
            "selected": {"type": ["string", "null"], "description": "In the catalog's list, for a teacher: the "
                         "state of their own selection of it (null: none)."},
            "refusals": {"type": "array", "items": _ref("Finding"), "description": "In the catalog's list, for "
                         "a teacher: what refuses them the project now, as the project's findings say it."},
        },
    },
    "ProjectPage": {
        "type": "object",
        "required": ["page", "pages", "per_page", "total", "items"],
        "properties": {"page": {"type": "integer"}, "pages": {"type": "integer"}, "per_page": {"type": "integer"},
                       "total": {"type": "integer"}, "items": {"type": "array", "items": _ref("Project")}},
    },
    "ProjectDetail": {
        "allOf": [_ref("Project"), {
            "type": "object",
            "required": ["listed_from", "preview", "findings", "may_select", "enrollment"],
            "properties": {"listed_from": {"anyOf": [_ref("Date"), {"type": "null"}], "description":
                                           "The day from which teachers see the project in the catalog, where that "
                                           "is still ahead (a region listing a term's projects from a phase of its "
                                           "calendar); null when they see it now. Only its organisers and reviewers "
                                           "read the project before then."},
                           "preview": {"anyOf": [_ref("Result"), {"type": "null"}]},
                           "findings": {"type": "array", "items": _ref("Finding")},
                           "may_select": {"type": "boolean"},
                           "enrollment": {"anyOf": [_ref("Enrollment"), {"type": "null"}]},
                           "selection_fields": {
                               "type": "array", "description": "The region's own fields a selection of this project "
                               "asks (an invoice where a fee is charged), sent as `fields` of the selection.",
                               "items": {"type": "object", "required": ["name", "label", "required", "description"],
                                         "properties": {"name": {"type": "string"}, "label": {"type": "string"},
                                                        "required": {"type": "boolean"},
                                                        "description": {"type": "string"},
                                                        "choices": {
                                                            "type": "array", "description": "A choice field's codes, "
                                                            "each with its label: send the code.",
                                                            "items": {"type": "object", "required": ["code", "label"],
                                                                      "properties": {"code": {"type": "string"},
                                                                                     "label": {"type": "string"}}}}}}}},
        }],
    },
    "NewProject": {
        "type": "object",
        "description": "A project's fields, named as the rules command's activity names them, plus the "
                       "organiser's own; `declare: true` hands it in at once (published, or waiting for review).",
        "required": ["name", "level", "mode", "hours", "start", "end"],
        "properties": {
            "name": {"type": "string", "maxLength": 200, "pattern": f"^{TEXT_PATTERN}$"},
            "level": _enum(Level), "mode": _enum(Mode), "hours": _ref("Amount"), "start": _ref("Date"),
            "end": _ref("Date"), "program": _nullable(_ref("Code")), "category": _nullable(_ref("Code")),
            "topics": _nullable(_list(_ref("Code"))), "base_credits": _nullable(_ref("Amount")),
            "capacity": _nullable(_whole(10000)), "classes": _nullable(_whole(100)),
            "stages": _nullable(_list(_enum(SchoolStage))), "subjects": _nullable(_list(_ref("Code"))),
            "layer": _nullable(_ref("Code")), "fee": _nullable(_ref("Amount")),
            "lodging": _nullable({"type": "boolean"}),
            "description": _nullable({"type": "string", "maxLength": 5000, "pattern": f"^{TEXT_PATTERN}$"}),
            "organiser": _nullable(_whole(2**31 - 1)), "declare": _nullable({"type": "boolean"}),
            "region_fields": _nullable({
                "type": "object", "maxProperties": 50, "propertyNames": _ref("Code"),
                "additionalProperties": {"anyOf": [
                    {"type": "string", "maxLength": 5000, "pattern": f"^{TEXT_PATTERN}$"}, _ref("Amount"),
                    {"type": "boolean"}, {"type": "null"}, _list(_ref("Code"))]}}),
        },
        "additionalProperties": False,
    },
    "NewSelection": {
        "type": "object",
        "description": "Empty to select for oneself; `teacher` for an admin submitting a teacher of their scope; "
                       "`fields`, the region's own fields the project's `selection_fields` name (checked as the "
                       "project's page checks them: a required one missing is refused with 422).",
        "properties": {"teacher": _nullable(_whole(2**31 - 1)),
                       "fields": {"type": "object", "maxProperties": 50, "additionalProperties": {
                           "anyOf": [{"type": ["string", "number", "boolean", "null"]},
                                     {"type": "array", "items": {"type": ["string", "number", "boolean"]}}]}}},
        "additionalProperties": False,
    },
    "Enrollment": {
        "type": "object",
        "required": ["id", "project_id", "project", "state", "state_label", "final", "since", "expires_at", "note",
                     "moves"],
        "properties": {
            "id": {"type": "integer"}, "project_id": {"type": "integer"}, "project": {"type": "string"},
            "state": {"type": "string"}, "state_label": {"type": "string"}, "final": {"type": "boolean"},
            "since": {"type": "string"}, "expires_at": {"type": ["string", "null"]},
            "note": {"type": ["string", "null"]},
            "record_state_label": {"type": ["string", "null"], "description": "A completion's record: where its "
                                   "ledger entry stands in the audit, in the words of the region for the unit that "
                                   "ran the training (null: no record yet)."},
            "moves": {"type": "array", "description": "The steps the caller may take now (none the region's guards "
                      "would refuse); `grades`: the only grades a result step records; `notice`: what a step asking "
                      "`agreement` has the caller read (its `source` null: the bureau's own wording).",
                      "items": {"type": "object", "required": ["target", "label", "asks"]}},
        },
    },
    "EnrollmentPage": {
        "type": "object",
        "required": ["page", "pages", "per_page", "total", "items"],
        "properties": {"page": {"type": "integer"}, "pages": {"type": "integer"}, "per_page": {"type": "integer"},
                       "total": {"type": "integer"}, "items": {"type": "array", "items": _ref("Enrollment")}},
    },
    "NewMove": {
        "type": "object",
        "description": "A step: its `target` state, the `state` the caller saw (refused with 409 if it moved "
                       "since), and what the step asks for.",
        "required": ["target"],
        "properties": {
            "target": _ref("Code"), "state": _nullable(_ref("Code")),
            "reason": _nullable({"type": "string", "maxLength": 500, "pattern": f"^{TEXT_PATTERN}$"}),
            "attended_hours": _nullable(_ref("Amount")), "grade": _nullable(_enum(Grade)),
            "scores": _nullable({**AMOUNTS, "description": "A composite assessment's part scores, where the "
                                                           "project weighs parts."}),
            "payment": _nullable(_ref("Code")), "evaluation": _nullable({"type": "integer", "minimum": 1, "maximum": 5}),
            "comment": _nullable({"type": "string", "maxLength": 500, "pattern": f"^{TEXT_PATTERN}$"}),
            "agreed": {"type": "boolean", "description": "The step's `notice` read and agreed to (a step asking "
                                                        "`agreement`)."},
            "fields": {"type": "object", "maxProperties": 50,
                       "description": "The region's own fields of the enrollment, on a step asking `fields` (an "
                                      "invoice at enrolling): checked as the page checks them, a required one "
                                      "missing refused with 422; refused on a step asking none.",
                       "additionalProperties": {
                           "anyOf": [{"type": ["string", "number", "boolean", "null"]},
                                     {"type": "array", "items": {"type": ["string", "number", "boolean"]}}]}},
        },
        "additionalProperties": False,
    },
    "Error": {
        "type": "object",
        "description": "`field` names the offending input field, with its place in a list (`records[2].hours`); "
                       "a refused selection or step lists the `findings` that refuse it; a step that is not the "
                       "caller's (`not_allowed`) says who takes it in `taken_by`: each role with the reach it takes "
                       "it through (`teacher`: over the teacher's school, `organiser`: over the project's organiser).",
        "required": ["error", "message"],
        "properties": {"error": {"type": "string"}, "message": {"type": "string"}, "field": {"type": "string"},
                       "findings": {"type": "array", "items": _ref("Finding")},
                       "taken_by": {"type": "array", "items": {
                           "type": "object", "required": ["role"],
                           "properties": {"role": {"type": "string"}, "over": {"type": "string"}}}}},
    },
}


def _error(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": _ref("Error")}}}


def _ok(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


MALFORMED = _error("A NUL character in the address, the query or the credentials.")
COMMON_ERRORS = {
    "400": MALFORMED,
    "401": {**_error("Not signed in, or wrong HTTP Basic credentials."),
            "headers": {"WWW-Authenticate": {"schema": {"type": "string"}}}},
    "429": _error("Too many requests from this address (PORTAL_API_LIMIT)."),
}
INPUT_ERRORS = {
    "400": _error("Not JSON, not what this document describes, nested too deeply, or a NUL character "
                  "in the address, the query or the credentials."),
    "413": _error("The body is larger than PORTAL_MAX_CONTENT_LENGTH."),
    "422": _error("Well formed, but the region's rules refuse it (a limit, an end before its start)."),
}

# A row of a report's figures in the JSON API (`reports.report_json`).
REPORT_ROW = {"type": "object", "required": ["unit", "workshop", "name", "opens", "teachers", "figures"], "properties": {
    "unit": {**_nullable({"type": "integer"}), "description": "The org unit's id (null: a workshop's row)."},
    "workshop": {**_nullable({"type": "integer"}), "description": "The workshop's id, for a report by workshop."},
    "name": {"type": "string"},
    "opens": {"type": "boolean", "description": "Units with teachers lie below it: ask again with its id as `unit`."},
    "teachers": {"type": "integer"},
    "figures": {"type": "object", "description": "Each column's figure by its code (a number, a text or null).",
                "additionalProperties": {"anyOf": [{"type": "number"}, {"type": "string"}, {"type": "null"}]}}}}



def _query(name: str, schema: dict, description: str) -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


def _path(name: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1},
            "description": "Its id (a larger id than 2147483647 is no record: 404)."}


def _text(maximum: int) -> dict:
    return {"type": "string", "maxLength": maximum, "pattern": f"^{TEXT_PATTERN}$"}


def _json_body(schema: dict) -> dict:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


PATHS = {
    "/api/rules/convert": {"post": {
        "operationId": "convert",
        "summary": "Convert one activity, or a list of them, into credits or hours with every step.",
        "parameters": [{"name": "on", "in": "query", "required": False, "schema": _ref("Date"),
                        "description": "Apply the rules in force on this date (default: the activity's end, "
                                       "else its start, else today)."}],
        "requestBody": _json_body({"oneOf": [_ref("Activity"),
                                             _list(_ref("Activity"), MAX_RECORDS)]}),
        "responses": {"200": _ok({"oneOf": [_ref("Result"), {"type": "array", "items": _ref("Result")}]},
                                 "The result, or a list of results in the order given."),
                      **COMMON_ERRORS, **INPUT_ERRORS},
    }},
    "/api/rules/check": {"post": {
        "operationId": "check",
        "summary": "A teacher's standing on a date: cycle, years, findings and eligibility.",
        "requestBody": _json_body(_ref("CheckRequest")),
        "responses": {"200": _ok(_ref("CheckResult"), "The standing, and how each record converted."),
                      **COMMON_ERRORS, **INPUT_ERRORS},
    }},
    "/api/rules/describe": {"get": {
        "operationId": "describe",
        "summary": "The region's rule versions, programs, categories, findings, purposes and settings.",
        "responses": {"200": _ok(_ref("Description"), "What the region's rules know."), **COMMON_ERRORS},
    }},
    "/api/standings": {"get": {
        "operationId": "standings",
        "summary": "The kept standings of the teachers in the caller's scope, a page at a time, ordered by id.",
        "parameters": [
            {"name": "unit", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 1},
             "description": "Only the teachers below this org unit (its id), which must be in the caller's scope."},
            {"name": "page", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 1},
             "description": "The page, from 1 (PORTAL_API_PAGE_SIZE teachers each); past the last, the last."},
        ],
        "responses": {"200": _ok(_ref("StandingPage"), "One page of standings."),
                      "403": _error("The caller administers no org unit and leads no workshop."),
                      "404": _error("No org unit with this id in the caller's scope."), **COMMON_ERRORS},
    }},
    "/api/reports": {"get": {
        "operationId": "reports",
        "summary": "The reports the region offers an admin (统计报表), each with its columns by code.",
        "responses": {"200": _ok({"type": "object", "required": ["items"], "properties": {"items": {
                          "type": "array", "items": {"type": "object", "required": ["code", "title", "columns"]}}}},
                          "The reports."),
                      "403": _error("The caller administers no org unit."), **COMMON_ERRORS},
    }},
    "/api/reports/{code}": {"get": {
        "operationId": "report_figures",
        "summary": "One report's figures, a row per unit just below `unit` (the caller's first unit when none is "
                   "named) and the total, the same figures as the report's page and each teacher's own.",
        "parameters": [
            {"name": "code", "in": "path", "required": True, "schema": {"type": "string"},
             "description": "The report's code, as `GET /api/reports` lists it."},
            {"name": "unit", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 1},
             "description": "The org unit whose units below are the rows; it must be in the caller's scope."},
        ],
        "responses": {"200": _ok({"type": "object", "required": ["report", "unit", "year", "rows", "total"], "properties": {
                          "report": {"type": "string"},
                          "unit": {"type": "object", "required": ["id", "name"]},
                          "year": {"type": "object", "required": ["start", "end"],
                                   "properties": {"start": _ref("Date"), "end": _ref("Date")}},
                          "periods": {"type": "array", "items": {"type": "string", "enum": list(PERIODS)},
                                      "description": "What the figures are about: `year` the school year above, "
                                                     "`cycle` each teacher's current cycle, `concluded` each "
                                                     "teacher's latest concluded cycle; none: today alone."},
                          "computed_since": {**_nullable({"type": "string"}),
                                             "description": "The oldest teacher's figures counted were computed then."},
                          "rows": {"type": "array", "items": REPORT_ROW},
                          "total": REPORT_ROW}}, "The report's figures."),
                      "403": _error("The caller administers no org unit."),
                      "404": _error("No such report, or no org unit with this id in the caller's scope."),
                      "409": _error("The report counts more teachers than a request computes: ask for it on its page, "
                                    "where a background job computes it."),
                      **COMMON_ERRORS},
    }},
    "/api/me/standing": {"get": {
        "operationId": "my_standing",
        "summary": "The signed-in teacher's own standing, with every duty and use of credits.",
        "responses": {"200": _ok(_ref("OwnStanding"), "The teacher's standing."),
                      "404": _error("The caller has no teacher record."), **COMMON_ERRORS},
    }},
    "/api/me/standing/previous": {"get": {
        "operationId": "my_previous_cycle",
        "summary": "How the signed-in teacher's previous cycle ended: judged by the rules in force on its last day "
                   "over its entries that count now, every duty of it ended; `compliance` is null where none of "
                   "its entries is kept here (not judged).",
        "responses": {"200": _ok({"type": "object", "required": ["cycle", "compliance", "conclusion"], "properties": {
                          "cycle": {"type": "object", "required": ["start", "end"],
                                    "properties": {"start": _ref("Date"), "end": _ref("Date")}},
                          "compliance": {"type": ["object", "null"]},
                          "conclusion": {"anyOf": [{"type": "null"}, {
                              "type": "object", "description": "The bureau's conclusion on the cycle (周期审定), where "
                              "the region has one given and it was.",
                              "required": ["passed", "concluded_on", "counted", "required", "source", "revised_on",
                                           "changed_since"],
                              "properties": {"passed": {"type": "boolean"}, "concluded_on": _ref("Date"),
                                             "counted": {"type": "number"}, "required": {"type": "number"},
                                             "source": {"type": "string"},
                                             "revised_on": {**_nullable(_ref("Date")),
                                                            "description": "When a later run last changed it."},
                                             "changed_since": {"type": "boolean", "description":
                                                               "The cycle's entries changed after it was given "
                                                               "(an upheld appeal, a late registration): the "
                                                               "next run revises it."}}}]}}},
                          "The previous cycle."),
                      "404": _error("The caller has no teacher record, or entered post after the previous cycle."),
                      **COMMON_ERRORS},
    }},
    "/api/projects": {
        "get": {
            "operationId": "projects",
            "summary": "Published projects that have not ended, found as the catalog page finds them, a page at a time.",
            "parameters": [
                _query("q", _text(100), "Words of the name, organiser, topics or description (a Chinese substring)."),
                _query("level", _enum(Level), "Only this level."),
                _query("mode", _enum(Mode), "Only this mode."),
                _query("stage", _enum(SchoolStage), "Open to this school stage."),
                _query("subject", _text(40), "Open to this subject."),
                _query("organiser", _whole(2**31 - 1), "Run by this org unit."),
                _query("min_hours", _whole(10000), "At least this many hours."),
                _query("starts_from", _ref("Date"), "Starting on or after this day."),
                _query("starts_until", _ref("Date"), "Starting on or before this day; not before `starts_from` (422)."),
                _query("seats", {"type": "string", "enum": ["0", "1", "false", "true"]}, "Only with seats left."),
                _query("open", {"type": "string", "enum": ["0", "1", "false", "true"]},
                       "Only those not started yet with seats left."),
                _query("sort", {"type": "string", "enum": ["newest", "popular", "starting"]}, "The order."),
                _query("page", _whole(2**31 - 1), "The page, from 1 (PORTAL_API_PAGE_SIZE each); past the last, the last."),
            ],
            "responses": {"200": _ok(_ref("ProjectPage"), "One page of projects."),
                          **COMMON_ERRORS,
                          "400": _error("A query parameter given twice or not as described, or a NUL character."),
                          "422": _error("Filters that contradict each other: `starts_until` before `starts_from` "
                                        "(`field` names `starts_until`; the page says the same on the filter).")},
        },
        "post": {
            "operationId": "create_project",
            "summary": "A new project run by one of the caller's units (organisers only); a draft unless `declare`. "
                       "A declaration the region refuses (a closed window ...) answers 422 with its `findings` and "
                       "the `project`, kept as a draft. A project the region's rules refuse to save (a fee no "
                       "teacher may be asked ...) answers 422 with its `findings` and the `field` they judge; "
                       "a level, mode, layer or topic outside those the region lists for projects answers 422 "
                       "naming the field; nothing is kept.",
            "requestBody": _json_body(_ref("NewProject")),
            "responses": {"201": _ok(_ref("Project"), "The project."),
                          "403": _error("The caller organises no project, or not for this unit."),
                          **COMMON_ERRORS, **INPUT_ERRORS},
        },
    },
    "/api/projects/{project_id}": {"get": {
        "operationId": "project",
        "summary": "A published project with what completing it would earn the caller, step by step, and whether "
                   "they may select it (the findings, each with its clause).",
        "parameters": [_path("project_id")],
        "responses": {"200": _ok(_ref("ProjectDetail"), "The project as the caller would decide on it."),
                      "404": _error("No published project with this id."), **COMMON_ERRORS},
    }},
    "/api/projects/{project_id}/selections": {"post": {
        "operationId": "select",
        "summary": "Select the project for oneself, or (an admin) submit a teacher of one's scope: the same checks "
                   "as the project's page.",
        "parameters": [_path("project_id")],
        "requestBody": {"required": False, "content": {"application/json": {"schema": _ref("NewSelection")}}},
        "responses": {"201": _ok(_ref("Enrollment"), "The enrollment, in the first state of the region's workflow."),
                      "404": _error("No such project, or no such teacher in the caller's scope."),
                      "409": _error("Already selected, or no seat left (`findings`)."),
                      **COMMON_ERRORS, **INPUT_ERRORS,
                      "422": _error("The region's rules refuse it: every refusing finding, with its clause; or a "
                                    "field of `fields` is missing, wrong or not one the project asks (`field`).")},
    }},
    "/api/me/enrollments": {"get": {
        "operationId": "my_enrollments",
        "summary": "The caller's own enrollments, newest first, with the steps they may take now.",
        "parameters": [_query("page", _whole(2**31 - 1), "The page, from 1; past the last, the last.")],
        "responses": {"200": _ok(_ref("EnrollmentPage"), "One page of enrollments."), **COMMON_ERRORS,
                      "400": _error("A page that is not a whole number from 1, or a NUL character.")},
    }},
    "/api/enrollments/{enrollment_id}/moves": {"post": {
        "operationId": "move",
        "summary": "Take a step of the region's enrollment workflow, as whoever the step names.",
        "parameters": [_path("enrollment_id")],
        "requestBody": _json_body(_ref("NewMove")),
        "responses": {"200": _ok(_ref("Enrollment"), "The enrollment after the step."),
                      "404": _error("No such enrollment within the caller's reach."),
                      "409": _error("Someone moved it first, or no seat is left."),
                      **COMMON_ERRORS, **INPUT_ERRORS,
                      "422": _error("Not a step the caller may take now, a field it asks for is missing, the "
                                    "result refused (`error` \"result\": before the training's first day, or more "
                                    "hours than it has, with its `findings`), or the region's rules refuse it "
                                    "(`findings`).")},
    }},
    "/api/openapi.json": {"get": {
        "operationId": "openapi",
        "summary": "This document.",
        "security": [],
        "responses": {"200": _ok({"type": "object"}, "The OpenAPI document."), "400": MALFORMED},
    }},
}

PASSWORD_FIRST = ("The caller's password was set by an admin (a new account, a reset) and is changed on the "
                  "portal's password page before anything else (`error` \"password_change_required\", the "
                  "message in Chinese and English).")


def _password_first(paths: dict) -> None:
    """Every signed-in operation answers 403 to a password an admin set (``api.password_change_required``),
    besides its own 403, if any."""
    for operations in paths.values():
        for operation in operations.values():
            if operation.get("security") == []:
                continue
            own = operation["responses"].get("403")
            operation["responses"]["403"] = _error(f"{own['description']} Or: {PASSWORD_FIRST[0].lower()}{PASSWORD_FIRST[1:]}"
                                                    if own else PASSWORD_FIRST)


_password_first(PATHS)


def document() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Teacher training credit portal: the rules and the standings",
            "version": "1",
            "description": (
                "The rules command (docs/writing-a-region.md, 6. The JSON) over HTTP: the same JSON in and out as `portal rules`. "
                "Send `Content-Type: application/json`. Malformed input answers 400 and what the region's "
                "rules refuse 422, both naming the field. Every error under /api/ is JSON."
            ),
        },
        "paths": PATHS,
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {
                "basic": {"type": "http", "scheme": "basic", "description": "A portal user's name and password."},
                "session": {"type": "apiKey", "in": "cookie", "name": "session",
                            "description": "The session cookie of a signed-in browser."},
            },
        },
        "security": [{"basic": []}, {"session": []}],
    }
