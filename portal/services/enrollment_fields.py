"""The region's own fields of an enrollment (``portal_enrollment_form``: an invoice, a remark),
asked on selecting a project or at the step of the workflow that asks ``FIELDS`` (报名), and of a
project a JSON client gives (``of_project``, the project form's page binding its own): what a
page's form or a JSON client gave, bound to the region's form, checked on the server and kept as
the enrollment keeps them; or the first field refused, with why, in the page's language.

The catalog page, the step's form and the JSON API bound and checked them each in its own way
(three copies of one check); they now ask this module, so that a field is asked and refused alike
wherever it is given. A page's form carries the step's other fields beside the region's (the
target, a reason), which are left alone; a JSON object holds the region's fields alone, so a name
the region does not ask is refused."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from flask_wtf.i18n import translations as wtforms_translations
from werkzeug.datastructures import MultiDict

from ..domain import InvalidInput
from ..domain.activity import unknown_field
from ..models import TrainingProject, User
from ..plugins import Region
from . import catalog, enrollments, projects

MAX_FIELDS = 50  # of a JSON object: more is no region's form


class _PageLanguage:
    """Meta for a region's plain WTForms form: its own messages ("Field cannot be longer
    than …") in the page's language, as Flask-WTF gives the core's forms."""

    def get_translations(self, form):
        return wtforms_translations


def bind_region_form(form_class: type, formdata=None, prefix: str = "", data=None):
    """A region's own form (a plain ``wtforms.Form``) bound to ``formdata``, speaking the
    page's language; ``prefix`` names its fields apart (one form per enrollment on a page),
    ``data`` fills it where nothing was posted (what an enrollment keeps)."""
    translated = type(form_class.__name__, (form_class,), {"Meta": _PageLanguage})
    return translated(formdata, prefix=prefix, data=data)


def plain_values(form, skip=()) -> dict:
    """A form's values as JSON keeps them (``region_fields``): decimals and dates as text."""
    data = {}
    for f in form:
        if f.short_name in skip or f.short_name == "csrf_token":
            continue
        value = f.data
        if isinstance(value, Decimal):
            value = str(value)
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        data[f.short_name] = value  # a step's form names its fields with the enrollment's prefix
    return data


def step_prefix(enrollment_id: int) -> str:
    """The names of the region's fields in an enrollment's step (``FIELDS``), apart from another's."""
    return f"m{enrollment_id}-"


@dataclass(frozen=True)
class Given:
    """The region's fields as given: ``values`` as the enrollment keeps them (None where the
    region asks none here), or the first ``field`` refused with its ``label`` and the ``error``
    (both in the page's language); ``form``: the region's form bound to what was given, for a
    page to show again with its errors (None where none is asked)."""
    values: dict | None = None
    form: Any = None
    field: str | None = None
    label: str = ""
    error: str = ""

    @property
    def refused(self) -> bool:
        return self.field is not None

    @property
    def message(self) -> str:
        """Why, in one line: the field's label and its error (a field not asked: that it is not)."""
        return f"{self.label}: {self.error}" if self.label else self.error


def form_of(region: Region, project: TrainingProject) -> type | None:
    """The region's form of an enrollment in ``project`` (it may leave out what does not apply
    to it: an invoice where no fee is charged), or None where it asks none."""
    return region.enrollment_form(projects.facts(project))


def step_form(region: Region, row, typed: Mapping | None = None):
    """The region's fields a step of the enrollment asks (``FIELDS``: an invoice at 报名), as a
    form named apart for this enrollment (``row``: an ``EnrollmentRow``, its project loaded):
    what was typed before the step was refused, else what the enrollment keeps (a 重新报名
    shows the invoice given before); None where the region asks none."""
    form_class = form_of(region, row.project)
    if form_class is None:
        return None
    prefix = step_prefix(row.enrollment.id)
    if typed:
        return bind_region_form(form_class, MultiDict(typed), prefix=prefix)
    return bind_region_form(form_class, prefix=prefix, data=dict(row.enrollment.region_fields or {}))


def selection_form(region: Region, project_id: int) -> type | None:
    """The region's form asked on selecting the published project, or None: none asked, or
    asked instead at a later step of the workflow (``FIELDS``)."""
    if not region.enrollment_workflow().fields_on_selecting:
        return None
    return region.enrollment_form(catalog.published_facts(project_id))


def on_selecting(region: Region, project_id: int, *, form: MultiDict | None = None, json: Any = None) -> Given:
    """The region's fields of a selection of the project, from the page's ``form`` or a JSON
    client's ``json`` object (absent: none given)."""
    given = _json(json) if form is None else None
    return _bind(selection_form(region, project_id), form, given, "",
                 "is not a field this project's selection asks")


def at_step(region: Region, actor: User, enrollment_id: int, target: str, *,
            form: MultiDict | None = None, json: Any = None) -> Given:
    """The region's fields the actor's step to ``target`` asks (``FIELDS``: an invoice at 报名),
    from the page's ``form`` (named apart for the enrollment, ``step_prefix``) or a JSON client's
    ``json`` object; where the step asks none, a page's are not read and a client's refused."""
    given = _json(json) if form is None else None
    asked = enrollments.fields_asked(region, actor, enrollment_id, target)
    return _bind(None if asked is None else region.enrollment_form(asked), form, given,
                 step_prefix(enrollment_id), "is not a field this step asks")


def of_project(region: Region, given: Mapping) -> Given:
    """The region's own fields of a project (``portal_project_form``: a filing number) from a JSON
    client's object, checked by the region's form as the project's page checks them; a region
    without a project form keeps what is given."""
    form_class = region.project_form()
    if form_class is None:
        return Given(values=dict(given))
    return _bind(form_class, None, given, "", "is not a field of this region's projects")


def _json(value: Any) -> Mapping:
    """A JSON client's object of fields (malformed: ``InvalidInput``, answered 400)."""
    if value is None:
        return {}
    if not isinstance(value, dict) or len(value) > MAX_FIELDS:
        raise InvalidInput("fields", f"must be an object of at most {MAX_FIELDS} fields")
    return value


def _bind(form_class: type | None, form: MultiDict | None, given: Mapping | None, prefix: str,
          not_asked: str) -> Given:
    if given is not None:  # JSON: every name must be one the region asks; no prefix
        unknown = unknown_field(given, set() if form_class is None else {f.name for f in bind_region_form(form_class)})
        if unknown:  # well formed (the names are the region's, per project): refused, as the rules refuse
            return Given(field=unknown, error=not_asked)
        form, prefix = MultiDict([(k, _form_value(v)) for k, value in given.items()
                                  for v in (value if isinstance(value, list) else [value])]), ""
    if form_class is None:
        return Given()
    bound = bind_region_form(form_class, form, prefix=prefix)
    if not bound.validate():
        name, errors = next(iter(bound.errors.items()))
        return Given(form=bound, field=name, label=str(bound[name].label.text), error=str(errors[0]))
    return Given(values=plain_values(bound), form=bound)


def _form_value(value) -> str:
    """A JSON value as a form would have sent it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if not isinstance(value, (str, int, float)):
        raise InvalidInput("fields", "must hold text, numbers, true/false or lists of them")
    return str(value)
