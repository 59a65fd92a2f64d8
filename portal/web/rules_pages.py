"""The rules pages: what the region's rules say (规则说明), the regulations they cite, and a
calculator (规则试算). The rules themselves are the region's plugin; ``portal/rulebook.py``
is their JSON for the command line and the API."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask import Blueprint, abort, render_template, request, url_for
from flask_login import login_required
from jinja2_fragments.flask import render_block

from .. import clock
from .. import rulebook
from ..documents import blocks
from ..domain import InvalidInput
from ..domain.text import Said
from .access import region
from .forms import choices

bp = Blueprint("rules_pages", __name__, url_prefix="/rules")


@bp.get("/")
@login_required
def describe():
    current = region()
    today = clock.today()
    settings = [(p, p.display(current.setting_value(p, today)), p.display(p.default), p.overridden())
                for p in current.parameters() if p.is_setting]
    # the documents' own figures in force today: a figure where it is one, else the label says it
    figures = [(p, _figure(p.display(p.at(today))), p.source_at(today))
               for p in current.parameters() if not p.is_setting and p.in_force(today)]
    return render_template("rules_pages/describe.html", info=current.info, versions=current.rule_versions(),
                           documents=current.documents(), programs=current.programs(),
                           categories=current.categories(), duties=current.duties(),
                           purposes=current.purposes(), settings=settings, figures=figures)


def _figure(shown):
    """A value people can read as it is (a number, a date, the region's words), else None."""
    return shown if isinstance(shown, (Said, Decimal, int, date)) and not isinstance(shown, bool) else None


@bp.get("/documents/<slug>")
@login_required
def document(slug: str):
    """A regulation's text, the clause a citation points to highlighted."""
    library = region().library
    found = library.by_slug(slug)
    if found is None:
        abort(404)
    text = library.text(found)
    clause = request.args.get("clause", "")[:200]
    location = text.locate(clause) if clause else None
    return render_template("rules_pages/document.html", document=found, blocks=blocks(text.lines), location=location,
                           clause=clause)


@bp.route("/calculator", methods=["GET", "POST"])
@login_required
def calculator():
    form = activity_form()
    form.fit_to(_chosen_program(form))
    result = error = None
    status = 200
    # choosing a program redraws the whole form (hx-select #calculator), as it was filled in: no
    # result and no field's error yet; typing elsewhere answers with the result alone
    redraw = request.headers.get("HX-Trigger-Name") == "program"
    if request.method == "POST" and not redraw:
        if form.validate():
            try:
                result = rulebook.convert_activity(region(), rulebook.activity(region(), form.activity_data()))
            except InvalidInput as invalid:
                error = _attach(form, invalid)
        if form.errors or error:
            status = 422
    context = {"form": form, "result": result, "error": error,
               "category_labels": region().category_labels()}
    if request.headers.get("HX-Request") and not redraw:
        return render_block("rules_pages/calculator.html", "result", **context), status
    return render_template("rules_pages/calculator.html", **context), status


def activity_form():
    """The region's form for one activity, fitted to what the region declares (its fields,
    programs, choices and words: ``ActivityForm.fitted``). Choosing a program redraws the
    form (a program may set the level or mode, or need no hours); typing elsewhere redraws
    only the result."""
    form = region().activity_form(clock.today())()
    if "program" in form:
        if not form.program.choices:  # a region's own program field without choices of its own
            form.program.choices = choices(region().programs(), blank="—")
        form.program.render_kw = {"hx-post": url_for("rules_pages.calculator"), "hx-target": "#calculator",
                                  "hx-select": "#calculator", "hx-swap": "outerHTML", "hx-include": "closest form"}
    return form


def _chosen_program(form):
    code = form.program.data if "program" in form else None
    return next((p for p in region().programs() if p.code == code), None) if code else None


def _attach(form, invalid: InvalidInput) -> str | None:
    """Put a rule's refusal under the field it names; return it if no field shows it."""
    name = form.field_for(invalid.field)
    if name is not None:
        form[name].errors = [*form[name].errors, invalid.message]
        return None
    return str(invalid.message)
