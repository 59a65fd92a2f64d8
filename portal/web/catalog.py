"""The catalog (培训项目): published projects found by words and filters, one project with
what it would earn the teacher and whether they may take it, and taking it."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from jinja2_fragments.flask import render_block

from .. import clock
from ..domain import Level, Mode, SchoolStage
from ..domain.activity import Refused
from ..services import catalog, enrollment_fields, enrollments, listing, surveys
from .access import region
from .enrollments import step_context
from .forms import STAGE_LABELS, level_labels, mode_labels

bp = Blueprint("catalog", __name__, url_prefix="/catalog")


def _enum(kind, name):
    try:
        return kind(request.args.get(name, ""))
    except ValueError:
        return None


def _date(name):
    try:
        return date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None


def _query() -> catalog.CatalogQuery:
    args = request.args
    return catalog.CatalogQuery(
        q=args.get("q", "")[:catalog.MAX_QUERY], level=_enum(Level, "level"), mode=_enum(Mode, "mode"),
        stage=_enum(SchoolStage, "stage"), subject=args.get("subject", "")[:40],
        organiser_id=args.get("organiser", type=int), min_hours=args.get("min_hours", type=int),
        starts_from=_date("starts_from"), starts_until=_date("starts_until"), seats=args.get("seats") == "1",
        open_now=args.get("open") == "1", sort=args.get("sort", "newest"), page=args.get("page", 1, type=int),
    )


@bp.get("")
@login_required
def index():
    query = _query()
    page, refusal = None, None
    try:
        page = catalog.catalog_page(query, current_app.config["PORTAL_PAGE_SIZE"], clock.today(), region(), current_user)
    except Refused as refused:  # filters that ask for nothing: said on the filter, no list
        refusal = refused
    partial = request.headers.get("HX-Request") and request.headers.get("HX-Target") == "results"
    choices = catalog.filter_choices(clock.today(), region(), current_user)
    levels, modes = level_labels(), mode_labels()
    context = dict(query=query, page=page, refusal=refusal, partial=partial, organisers=choices.organisers,
                   levels=levels, modes=modes,
                   level_choices={c: label for c, label in levels.items() if c in choices.levels or c == query.level},
                   mode_choices={c: label for c, label in modes.items() if c in choices.modes or c == query.mode},
                   stages=STAGE_LABELS, sorts=_sorts(), surveyed=region().needs_survey() is not None,
                   unanswered=surveys.asks(region(), current_user),
                   # a teacher, before the day the term's projects are listed to teachers: told when
                   listed_from=(listing.pending(region(), clock.today())
                                if enrollments.own_teacher(current_user) is not None else None),
                   recommended=surveys.recommended(current_user, clock.today(), region())
                   if query.page == 1 and not query.args() else [])
    status = 422 if refusal else 200
    if partial:
        return render_block("catalog/index.html", "results", **context), status
    return render_template("catalog/index.html", **context), status


def _sorts() -> dict:
    return {"newest": _("Newest"), "popular": _("Most selected"), "starting": _("Soonest first")}


@bp.get("/<int:project_id>")
@login_required
def project(project_id: int):
    view = catalog.project_view(region(), current_user, project_id)
    if view is None:
        abort(404)
    return render_template("catalog/project.html", view=view, fields=_enrollment_form(project_id),
                           **_page_labels(), **step_context())


def _enrollment_form(project_id: int):
    """The region's own fields asked on selecting the project, or None (also where a later step
    of the workflow asks them, ``FIELDS``)."""
    form_class = enrollment_fields.selection_form(region(), project_id)
    return None if form_class is None else enrollment_fields.bind_region_form(form_class)


def _answer(project_id: int, status: int, **context):
    view = catalog.project_view(region(), current_user, project_id)
    if view is None:
        abort(404)
    return render_template("catalog/project.html", view=view, **_page_labels(), **context, **step_context()), status


def _page_labels() -> dict:
    return {"category_labels": region().category_labels(), "duties": {d.code: d.label for d in region().duties()},
            "selecting": region().enrollment_workflow()}


@bp.post("/<int:project_id>/select")
@login_required
def select(project_id: int):
    given = enrollment_fields.on_selecting(region(), project_id, form=request.form)
    if given.refused:
        return _answer(project_id, 422, fields=given.form)
    try:
        enrollment = enrollments.select_project(region(), current_user, project_id, fields=given.values)
    except enrollments.SelectionRefused as refused:
        return _answer(project_id, 409, fields=given.form, refused=refused.findings)
    except enrollments.MoveRefused:
        abort(404)
    # the state reached, in the region's words: an application to the school is no selection yet
    workflow = region().enrollment_workflow()
    state = workflow.state(enrollment.status).label
    said = workflow.selected_next(enrollment.project.fee)
    flash(_("%(state)s. %(next)s", state=state, next=said) if said
          else _("%(state)s. Its next steps are under My trainings.", state=state), "success")
    return redirect(url_for("enrollments.mine"), 303)
