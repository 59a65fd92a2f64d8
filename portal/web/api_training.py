"""The catalog, selection and enrollment steps as JSON, for WeChat front ends and provincial
platforms: the same services and checks as the pages (``api.py`` has the conventions)."""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from flask import Blueprint, current_app, jsonify, request
from flask_login import current_user

from .. import clock
from ..domain import Grade, InvalidInput, Level, Mode, SchoolStage
from ..domain.activity import (
    Refused, amounts, optional, parse_amount, parse_code, parse_codes, parse_date, parse_enum, parse_field, parse_positive_int,
    parse_text, unknown_field,
)
from ..domain.results import json_value
from ..domain.workflow import FIELDS
from ..domain.text import text_json
from ..services import catalog, enrollment_fields, enrollments, listing, projects
from .access import region
from ..extensions import csrf
from .enrollments import ASKED
from .projects import REFUSALS, refusal_words
from .wording import taken_by
from .api import api_login_required, invalid_input, json_body, json_error
from . import project_field_words

bp = Blueprint("training_api", __name__, url_prefix="/api")
csrf.exempt(bp)
bp.errorhandler(InvalidInput)(invalid_input)

MAX_NAME = 200
MAX_TEXT = 5000
MAX_REASON = enrollments.MAX_REASON
MAX_PAGE = 2**31 - 1
MAX_REGION_FIELDS = enrollment_fields.MAX_FIELDS
FLAGS = ("0", "1", "false", "true")
PROJECT_FIELDS = {"name", "level", "mode", "hours", "start", "end", "program", "topics", "base_credits", "capacity",
                  "classes", "stages", "subjects", "layer", "category", "fee", "lodging", "description",
                  "organiser", "region_fields", "declare"}
MOVE_FIELDS = {"target", "state", "reason", "attended_hours", "grade", "scores", "payment", "evaluation", "comment",
               "agreed", "fields"}


def project_json(project, seats_left, waiting: int | None = None) -> dict:
    """The project's JSON; ``waiting`` (the catalog's): the selections standing without a seat yet."""
    return {**({"waiting": waiting} if waiting is not None else {}), "id": project.id, "name": project.name, "organiser": project.organiser.name,
            "organiser_id": project.organiser_id, "status": project.status, "level": project.level,
            "mode": project.mode, "program": project.program, "start": project.start_date.isoformat(),
            "end": project.end_date.isoformat(), "hours": json_value(project.hours),
            "base_credits": json_value(project.base_credits),
            "stages": list(project.stages or ()), "subjects": list(project.subjects or ()), "layer": project.layer,
            "topics": list(project.topics or ()), "capacity": project.capacity, "seats_left": seats_left,
            "fee": json_value(project.fee), "lodging": project.lodging, "description": project.description,
            "region_fields": dict(project.region_fields or {}),
            "region_field_labels": project_field_words(project)}


def enrollment_json(row: enrollments.EnrollmentRow) -> dict:
    e = row.enrollment
    return {"id": e.id, "project_id": row.project.id, "project": row.project.name, "state": e.status,
            "state_label": text_json(row.state), "final": row.final, "since": e.state_since.isoformat() + "Z",
            "expires_at": row.expires_at.isoformat() + "Z" if row.expires_at else None, "note": e.note or None,
            # a completion: where its ledger entry stands in the audit, as the teacher's page says it
            "record_state_label": text_json(row.entry_state) if row.entry_state else None,
            "moves": [{"target": t.target, "label": text_json(t.label), "asks": list(t.asks),
                       **({"grades": [g.value for g in t.grades]} if t.grades else {}),
                       # the region's own fields the step asks (an invoice at 报名), named as ``fields`` takes them
                       **({"fields": _form_fields(enrollment_fields.form_of(region(), row.project))}
                          if FIELDS in t.asks else {}),
                       **({"notice": {"title": text_json(t.notice.title),
                                      "paragraphs": [text_json(p) for p in t.notice.paragraphs],
                                      "source": t.notice.source or None}} if t.notice else {})}
                      for t in row.moves]}


def _query() -> catalog.CatalogQuery:
    """The catalog's filters from the query string: a parameter given must be valid (400
    naming it), an absent one filters nothing."""
    sort = _param("sort", lambda v: parse_enum(catalog.Sort, v))
    return catalog.CatalogQuery(
        q=_param("q", parse_text(catalog.MAX_QUERY)) or "", level=_param("level", lambda v: parse_enum(Level, v)),
        mode=_param("mode", lambda v: parse_enum(Mode, v)), stage=_param("stage", lambda v: parse_enum(SchoolStage, v)),
        subject=_param("subject", parse_text(40)) or "", organiser_id=_param("organiser", _whole(MAX_PAGE)),
        min_hours=_param("min_hours", _whole(10000)), starts_from=_param("starts_from", parse_date),
        starts_until=_param("starts_until", parse_date), seats=_param("seats", _flag) or False,
        open_now=_param("open", _flag) or False, sort=sort.value if sort else "newest",
        page=_param("page", _whole(MAX_PAGE)) or 1)


def _param(name: str, parse):
    if name not in request.args:
        return None
    values = request.args.getlist(name)
    if len(values) > 1:
        raise InvalidInput(name, "must be given once")
    return parse_field(name, values[0], parse)


def _whole(maximum: int):
    return lambda value: parse_positive_int(maximum)(_int(value))


def _int(value: str) -> int:
    if not value.isascii() or not value.isdigit() or len(value) > 10:
        raise ValueError("must be a whole number")
    return int(value)


def _boolean(value) -> bool:
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


def _flag(value: str) -> bool:
    if value not in FLAGS:
        raise ValueError("must be 0, 1, false or true")
    return value in ("1", "true")


@bp.get("/projects")
@api_login_required
def projects_page():
    """Published projects, as the catalog page finds them."""
    page = catalog.catalog_page(_query(), current_app.config["PORTAL_API_PAGE_SIZE"], clock.today(), region(),
                                current_user)
    return jsonify(page_json(page, [{**project_json(r.project, r.seats_left, r.waiting), **_standing_on(r)}
                                    for r in page.items]))


def _standing_on(row: catalog.CatalogRow) -> dict:
    """Where the teacher reading the list stands on the project, as its own page says (none for
    anyone else)."""
    if not row.judged:
        return {}
    return {"may_select": row.may_select, "selected": row.selected.code if row.selected else None,
            "refusals": [f.as_json() for f in row.refusals]}


@bp.get("/projects/<int:project_id>")
@api_login_required
def project_detail(project_id: int):
    """A published project with what it would earn the caller and whether they may select it."""
    view = catalog.project_view(region(), current_user, project_id)
    if view is None:
        return json_error(404, "not_found", "no published project with this id")
    listed = listing.listed_from(region(), view.project, clock.today())
    return jsonify({**project_json(view.project, view.seats_left, view.waiting),
                    "listed_from": listed.start.isoformat() if listed else None,
                    "unit_seats_left": view.quota_left,
                    "unit_quotas": [{"unit": q.unit, "seats": q.seats, "left": q.left} for q in view.quotas],
                    "preview": view.preview.as_json() if view.preview else None,
                    "findings": [f.as_json() for f in view.findings], "may_select": view.may_select,
                    "enrollment": enrollment_json(view.enrollment) if view.enrollment else None,
                    # the region's own fields a selection of it asks (``fields`` of a selection)
                    "selection_fields": _form_fields(enrollment_fields.selection_form(region(), project_id))})


def _form_fields(form_class) -> list[dict]:
    """A region's form's fields as a JSON client fills them, in the caller's language."""
    if form_class is None:
        return []
    return [{"name": f.name, "label": str(f.label.text), "required": bool(f.flags.required),
             "description": str(f.description or ""), **_choices(f)} for f in enrollment_fields.bind_region_form(form_class)]


def _choices(field) -> dict:
    """A choice field's codes with their labels (``choices``), the blank one left out, so that a
    client sends a code the form takes rather than guess one; nothing for a field of free input."""
    if not hasattr(field, "iter_choices"):
        return {}
    return {"choices": [{"code": str(value), "label": str(label)}
                        for value, label, *_rest in field.iter_choices() if str(value) != ""]}


def _project_input(data: dict) -> tuple[int | None, projects.ProjectInput, bool]:
    if not isinstance(data, dict):
        raise InvalidInput("json", "must be an object")
    unknown = unknown_field(data, PROJECT_FIELDS)
    if unknown:
        raise InvalidInput(unknown, "is not a field of a project")
    for name in ("name", "level", "mode", "hours", "start", "end"):
        if data.get(name) is None:
            raise InvalidInput(name, "is required")
    start, end = parse_field("start", data["start"], parse_date), parse_field("end", data["end"], parse_date)
    capacity = optional(data, "capacity", parse_positive_int(10000))
    classes = optional(data, "classes", parse_positive_int(100)) or 1
    region_fields = data.get("region_fields")
    region_fields = {} if region_fields is None else region_fields
    if not isinstance(region_fields, dict) or len(region_fields) > MAX_REGION_FIELDS:
        raise InvalidInput("region_fields", f"must be an object of at most {MAX_REGION_FIELDS} fields")
    return (
        optional(data, "organiser", parse_positive_int(MAX_PAGE)),
        projects.ProjectInput(
            name=parse_field("name", data["name"], parse_text(MAX_NAME, required=True)),
            level=parse_field("level", data["level"], lambda v: parse_enum(Level, v)),
            mode=parse_field("mode", data["mode"], lambda v: parse_enum(Mode, v)),
            start=start, end=end, hours=parse_field("hours", data["hours"], parse_amount),
            category=optional(data, "category", parse_code), program=optional(data, "program", parse_code),
            base_credits=optional(data, "base_credits", parse_amount),
            stages=tuple(parse_field("stages", s, lambda v: parse_enum(SchoolStage, v))
                         for s in optional(data, "stages", parse_codes) or ()),
            subjects=tuple(optional(data, "subjects", parse_codes) or ()),
            layer=optional(data, "layer", parse_code), topics=tuple(optional(data, "topics", parse_codes) or ()),
            class_size=projects.seats_per_class(capacity, classes), classes=classes,
            fee=optional(data, "fee", parse_amount) or parse_amount(0), lodging=_bool(data.get("lodging"), "lodging"),
            description=optional(data, "description", parse_text(MAX_TEXT)) or "",
            region_fields={parse_field("region_fields", k, parse_code): _plain(k, v) for k, v in region_fields.items()},
        ),
        _bool(data.get("declare"), "declare"),
    )


def _bool(value: Any, name: str) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        raise InvalidInput(name, "must be true or false")
    return value


def _plain(name: str, value: Any):
    """A region field's value: text, a number, true/false or a list of codes."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return json_value(parse_field(f"region_fields.{name}", value, parse_amount))
    if isinstance(value, str):
        return parse_field(f"region_fields.{name}", value, parse_text(MAX_TEXT))
    return parse_field(f"region_fields.{name}", value, parse_codes)


@bp.post("/projects")
@api_login_required
def create_project():
    """A new project (a draft, or with ``declare: true`` handed in as the organiser's form does)."""
    if not projects.organises(current_user):
        refused = projects.creation_refused(region(), current_user)
        if refused:  # the region names who creates projects: say who, with its clause
            response = jsonify({**_refusal(refused), "error": "forbidden"})
            response.status_code = 403
            return response
        return json_error(403, "forbidden", "only organisers of training projects create them")
    organiser_id, data, declare = _project_input(json_body())
    data = replace(data, region_fields=_project_fields(data.region_fields))
    units = projects.organiser_units(current_user)
    organiser_id = organiser_id or units[0].id
    try:
        project = projects.create(region(), current_user, organiser_id, data)
    except projects.ProjectRefused as refused:
        if refused.code == "not_allowed":
            return json_error(403, "forbidden", "you do not organise projects for this unit", "organiser")
        if refused.findings:  # the region's rules refuse a field, each finding with its clause
            response = jsonify({**_refusal(refused.findings), **({"field": refused.field} if refused.field else {})})
            response.status_code = 422
            return response
        said = refused.message or REFUSALS.get(refused.code, REFUSALS["invalid"])()
        return json_error(422, "invalid", str(said), refused.field)
    if declare:
        try:
            project = projects.declare(region(), current_user, project.id)
        except projects.ProjectRefused as refused:  # kept as a draft; the region's guards say why, with clauses
            said = str(refusal_words(refused))
            body = _refusal(refused.findings) if refused.findings else {"error": "refused", "message": said}
            return jsonify({**body, "project": project_json(project, project.capacity)}), 422
    response = jsonify(project_json(project, project.capacity))
    response.status_code = 201
    return response


def _project_fields(given: dict) -> dict:
    """The region's own project fields, checked by the region's form as the project's page checks
    them (without this the API kept a value the form refuses, and a required one left out)."""
    found = enrollment_fields.of_project(region(), given)
    if found.refused:  # well formed, refused as the rules refuse (422), naming the field
        raise Refused(f"region_fields.{found.field}", found.message)
    return found.values


@bp.post("/projects/<int:project_id>/selections")
@api_login_required
def select(project_id: int):
    """The caller selects the project (or, with ``teacher``, an admin submits a teacher)."""
    body = json_body() if request.content_length else {}
    if not isinstance(body, dict) or unknown_field(body, {"teacher", "fields"}):
        raise InvalidInput(unknown_field(body, {"teacher", "fields"}) if isinstance(body, dict) else "json",
                           "is not a field of a selection")
    teacher_id = optional(body, "teacher", parse_positive_int(MAX_PAGE))
    try:
        fields = _selection_fields(project_id, body.get("fields"))
    except Refused:
        refusing = enrollments.refusal(region(), current_user, project_id, teacher_id)
        if refusing:  # the rules' refusal first, as the page shows it instead of the fields
            return _selection_refused(refusing)
        raise
    try:
        row = enrollments.select_project_row(region(), current_user, project_id, teacher_id, fields)
    except enrollments.SelectionRefused as refused:
        return _selection_refused(refused.findings)
    except enrollments.MoveRefused:
        return json_error(404, "not_found", "no such project, or no such teacher in your scope")
    response = jsonify(enrollment_json(row))
    response.status_code = 201
    return response


def _selection_refused(findings):
    """409 where the project is taken (already selected, no seat left), else 422."""
    taken = {f.code for f in findings} <= {"selection_already", enrollments.SEATS}
    return _refused(409 if taken else 422, findings)


def _selection_fields(project_id: int, given) -> dict | None:
    """The region's own fields of a selection (an invoice where a fee is charged), checked as
    the project's page checks them: their values as the enrollment keeps them, or None where
    the region asks none of this project."""
    return _fields(enrollment_fields.on_selecting(region(), project_id, json=given))


def _step_fields(enrollment_id: int, target: str, given) -> dict | None:
    """The region's own fields a step asks (``FIELDS``: an invoice at 报名), checked as the page
    checks them; None where the step asks none (any given refused)."""
    return _fields(enrollment_fields.at_step(region(), current_user, enrollment_id, target, json=given))


def _fields(given: enrollment_fields.Given) -> dict | None:
    if given.refused:  # well formed, refused as the rules refuse (422), naming the field
        raise Refused(f"fields.{given.field}", given.message)
    return given.values


def _refused(status: int, findings):
    """A refusal with every finding that refuses, each with its message and clause."""
    response = jsonify(_refusal(findings))
    response.status_code = status
    return response


def _refusal(findings) -> dict:
    return {"error": "refused", "message": "; ".join(text_json(f.message) for f in findings),
            "findings": [f.as_json() for f in findings]}


def page_json(page, items) -> dict:
    return {"page": page.page, "pages": page.pages, "per_page": page.per_page, "total": page.total, "items": items}


@bp.get("/me/enrollments")
@api_login_required
def my_enrollments():
    page = enrollments.my_enrollments(region(), current_user, _param("page", _whole(MAX_PAGE)) or 1,
                                      current_app.config["PORTAL_API_PAGE_SIZE"])
    return jsonify(page_json(page, [enrollment_json(r) for r in page.items]))


@bp.post("/enrollments/<int:enrollment_id>/moves")
@api_login_required
def move(enrollment_id: int):
    """A step of the region's workflow, by whoever may take it."""
    body = json_body()
    if not isinstance(body, dict):
        raise InvalidInput("json", "must be an object")
    unknown = unknown_field(body, MOVE_FIELDS)
    if unknown:
        raise InvalidInput(unknown, "is not a field of a step")
    if body.get("target") is None:
        raise InvalidInput("target", "is required")
    target = parse_field("target", body["target"], parse_code)
    state = optional(body, "state", parse_code)
    data = enrollments.MoveInput(
        reason=optional(body, "reason", parse_text(MAX_REASON)) or "",
        attended_hours=optional(body, "attended_hours", parse_amount),
        grade=optional(body, "grade", lambda v: parse_enum(Grade, v)),
        scores=amounts(body, "scores"),
        payment=optional(body, "payment", parse_code),
        evaluation=optional(body, "evaluation", parse_positive_int(5)),
        comment=optional(body, "comment", parse_text(MAX_REASON)) or "",
        agreed=optional(body, "agreed", _boolean) or False,
        fields=_step_fields(enrollment_id, target, body.get("fields")))
    try:
        enrollments.move(region(), current_user, enrollment_id, target, data, expected=state)
    except enrollments.MoveRefused as refused:
        if refused.code == "not_found":
            return json_error(404, "not_found", "no such enrollment in your reach")
        if refused.code in ("changed", "full"):
            return json_error(409, refused.code, "someone moved it first" if refused.code == "changed" else "no seat left")
        if refused.code == "refused":
            return _refused(422, refused.findings)
        if refused.code == "rules":
            return json_error(422, "invalid", text_json(refused.message), refused.field)
        if refused.code == "result":  # the result itself is refused: before the training, too many hours
            response = jsonify({"error": "result", "field": refused.field,
                                "message": "; ".join(text_json(f.message) for f in refused.findings),
                                "findings": [f.as_json() for f in refused.findings]})
            response.status_code = 422
            return response
        if refused.code == "not_allowed":
            response = jsonify({"error": "not_allowed", "message": taken_by(refused.taken_by),
                                "taken_by": [{"role": role.value, **({"over": over} if over else {})}
                                             for role, over in refused.taken_by]})
            response.status_code = 422
            return response
        # what the step asks, said as the step's page says it (in the caller's language and the
        # region's words), not the core's "the step needs this field"
        asked = ASKED.get(refused.field)
        return json_error(422, refused.code, str(asked()) if asked else "the step needs this field", refused.field)
    return jsonify(enrollment_json(enrollments.enrollment_row(region(), current_user, enrollment_id)))
