"""Blueprints, error pages and the request hooks shared by every page."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from flask import Flask, abort, current_app, render_template, request
from flask.globals import _cv_app  # the app context itself: read for every message on a page, a proxy costs
from flask_babel import get_domain, get_locale, get_translations, gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from jinja2_fragments.flask import render_block
from werkzeug.routing import IntegerConverter

from .. import clock
from ..domain import ActivityRole, Gender, Grade, Level, Mode, SchoolStage, Unit, UserRole
from ..domain.calendar import bounds, is_calendar_year
from ..domain.findings import duty_label
from ..domain.text import set_locale_provider
from ..extensions import login_manager, talisman
from ..i18n import LOCALES, page_locale, year_label
from ..services.background import QueueUnavailable
from ..services.teacher_pages import MembersOnly
from ..services.notifications import unread_count
from ..services.transactions import end_failed
from .access import viewer

CSP = {
    "default-src": "'self'",
    "img-src": ["'self'", "data:"],
    "style-src": "'self'",
    "script-src": "'self'",
    "frame-ancestors": "'none'",
}


class IdConverter(IntegerConverter):
    """``<int:…>`` in a URL: at most 2**31 - 1, the largest id the database's integer columns
    hold, so /admin/teachers/99999999999999999999 is a 404 rather than an overflow."""

    def __init__(self, map, *args, **kwargs):
        super().__init__(map, *args, **{**kwargs, "max": 2**31 - 1})


def register_web(app: Flask) -> None:
    from . import (
        activation, api, api_training, appeals, auth, bank, calendar, catalog, claims, conclusions, enrollments, health, home, imports, layout, notices, notifications, orgs, projects, reviews, rules_pages, teacher, teachers,
        reports, transcripts, transfers, users, vocabulary, wording, workshop_admin, workshops,
    )

    app.url_map.converters["int"] = IdConverter  # before the blueprints' rules are bound
    app.before_request(_refuse_nul)
    app.before_request(auth.own_password_first)  # before a page reads anything as opened
    app.before_request(notifications.read_opened)
    # One blueprint per feature, its templates under templates/<blueprint>/; the admin's
    # features all live under /admin.
    for feature in (auth, teacher, home, orgs, teachers, reports, notices, conclusions, imports, reviews, claims, appeals, bank, transcripts, transfers, users, rules_pages, catalog, calendar, enrollments, projects,
                    notifications, workshops, workshop_admin, activation, api, api_training, health):
        app.register_blueprint(feature.bp)

    production = app.config["PORTAL_ENV"] == "production"
    talisman.init_app(app, force_https=production, strict_transport_security=production,
                      session_cookie_secure=production, content_security_policy=CSP,
                      frame_options="DENY")

    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.user_loader(auth.load_user)

    app.context_processor(_template_globals)
    # The region counts hours (学时), not credits (学分): its pages say so, macros imported
    # without the page's context included (``pgettext("hours", ...)`` where only the Chinese differs).
    app.jinja_env.globals["in_hours"] = app.extensions["portal.region"].info.unit == Unit.HOUR
    # whether a teacher claims anything for themself: where only units claim (a unit claims for its trainees),
    # the home offers a teacher no claim that the claims page would then refuse
    app.jinja_env.globals["teachers_claim"] = any(UserRole.TEACHER in kind.who
                                                  for kind in app.extensions["portal.region"].claim_kinds())
    app.add_template_global(layout.header_menu, "header_menu")
    app.add_template_global(project_label, "project_label")
    app.add_template_global(bounds, "bounds")
    app.add_template_global(year_label, "year_name")  # a region's year as pages and the export name it
    # a finding's duty as pages name it: the region's label, the core's words for a shared duty it did not declare
    app.add_template_global(duty_label, "duty_label")
    app.add_template_filter(format_amount, "amount")
    app.add_template_filter(local_time, "local_time")
    app.add_template_filter(local_date, "local_date")
    app.add_template_filter(stage_label, "stage_label")
    app.add_template_filter(gender_label, "gender_label")
    app.add_template_filter(topic_labels, "topic_labels")
    app.add_template_filter(layer_label, "layer_label")
    app.add_template_test(is_calendar_year, "calendar_year")
    app.add_template_filter(teacher_layer_label, "teacher_layer_label")
    app.add_template_filter(role_label, "role_label")
    app.add_template_filter(activity_role_label, "activity_role_label")
    app.add_template_filter(grade_label, "grade_label")
    app.add_template_filter(level_label, "level_label")
    app.add_template_filter(mode_label, "mode_label")
    app.add_template_filter(entered_fields, "entered_fields")
    app.add_template_filter(step_fields, "step_fields")
    app.add_template_filter(project_fields, "project_fields")
    app.add_template_filter(program_label, "program_label")
    app.add_template_filter(vocabulary.subject_label, "subject_label")
    app.add_template_filter(vocabulary.title_label, "title_label")
    wording.register(app)
    # Flask-Babel's template callables look the translations up for each message (a page has
    # dozens): the same ones, from the page's translations kept for the request.
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: _page_translations().ugettext(s),
        ngettext=lambda s, p, n: _page_translations().ungettext(s, p, n),
        pgettext=lambda c, s: _page_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _page_translations().unpgettext(c, s, p, n),
        newstyle=True,
    )
    set_locale_provider(page_locale)
    app.after_request(_vary_on_htmx)
    for code in (400, 401, 403, 404, 405, 413, 415, 429, 500):
        app.register_error_handler(code, error_page)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(QueueUnavailable, _queue_unavailable)
    app.register_error_handler(MembersOnly, _members_only)


def _page_translations():
    """Flask-Babel's translations for the request's domain and locale, kept on ``g`` while
    they are the same objects (``force_locale`` and ``refresh`` give other ones)."""
    ctx = _cv_app.get(None)
    if ctx is None:  # as Flask-Babel answers there: no translations
        return get_translations()
    state = getattr(ctx.g, "_flask_babel", None)
    kept = getattr(ctx.g, "portal_translations", None)
    if (kept is not None and kept[0] is getattr(state, "babel_domain", None)
            and kept[1] is getattr(state, "babel_locale", None)):
        return kept[2]
    domain, locale = get_domain(), get_locale()
    ctx.g.portal_translations = (domain, locale, domain.get_translations())
    return ctx.g.portal_translations[2]


def _template_globals() -> dict:
    region = current_app.extensions["portal.region"]
    signed_in = viewer()
    return {"region_info": region.info, "keeps_bank": region.keeps_bank, "locales": LOCALES, "current_locale": str(get_locale()),
            "today": clock.today(), "viewer": signed_in,
            "unread": unread_count(signed_in.id) if signed_in else 0}


def local_time(value: datetime) -> str:
    """A stored time (UTC) as people read it where the portal runs (PORTAL_TIMEZONE)."""
    return clock.local(value).strftime("%Y-%m-%d %H:%M")


def local_date(value: datetime) -> str:
    """A stored time's date where the portal runs."""
    return clock.day_of(value).isoformat()


def topic_labels(project) -> list[str]:
    """A project's topics under the names the region lists them by (a code it does not list, as kept)."""
    listed = current_app.extensions["portal.region"].project_choices(project.start_date).get("topics", ())
    names = {c.code: str(c.label) for c in listed}
    return [names.get(code, code) for code in project.topics or ()]


def layer_label(project) -> str:
    """A project's layer and category under the name the region lists it by, in the page's
    language (one it does not list, kept from before, as kept)."""
    return _layer_named(project.layer, project.start_date)


def teacher_layer_label(code: str | None) -> str:
    """A teacher's layer and category (分层分类) as the region lists it today, as ``layer_label``."""
    return _layer_named(code, clock.today())


def _layer_named(code: str | None, on) -> str:
    listed = current_app.extensions["portal.region"].project_choices(on).get("layer", ())
    return next((str(c.label) for c in listed if c.code == code), code or "")


def stage_label(code: str) -> str:
    from .forms import STAGE_LABELS

    try:
        return str(STAGE_LABELS[SchoolStage(code)])
    except ValueError:
        return code


def gender_label(code: str | None) -> str:
    """A teacher's gender as the page's language says it; "" when none is kept."""
    from .forms import GENDER_LABELS

    try:
        return str(GENDER_LABELS[Gender(code)]) if code else ""
    except ValueError:
        return code


def level_label(code: str) -> str:
    """A project's level in the region's words (``portal_level_labels``), else the core's."""
    from .forms import level_labels

    try:
        return str(level_labels()[Level(code)])
    except ValueError:
        return code


def program_label(code: str | None) -> str:
    """A project's program (项目类型) in the region's words; "" for none or one it no longer lists."""
    return next((str(p.label) for p in current_app.extensions["portal.region"].programs() if p.code == code), "") \
        if code else ""


def entered_fields(row) -> list[tuple[str, str]]:
    """What the teacher entered in the region's fields on selecting (an invoice's details, a
    remark), each with its label, for the step that asks them to check it before the order
    (an ``EnrollmentRow``: its project is loaded)."""
    from ..services import enrollment_fields

    given = row.enrollment.region_fields or {}
    return _kept_fields(enrollment_fields.form_of(current_app.extensions["portal.region"], row.project)
                        if given else None, given)


def step_fields(row, typed=None):
    """The region's own fields a step of the enrollment asks (``FIELDS``: an invoice at 报名), as
    a form named apart for this enrollment (``enrollment_fields.step_form``); none where the
    region asks none."""
    from ..services import enrollment_fields

    form = enrollment_fields.step_form(current_app.extensions["portal.region"], row, typed)
    return [] if form is None else form


def project_fields(project) -> list[tuple[str, str]]:
    """The region's own fields of a project (``portal_project_form``: a filing number, a funding
    source), each with its label and a choice by its label, for its page and its catalog page:
    kept by the form, they were shown nowhere but on the form, so a reviewer approved a project
    without reading them."""
    given = getattr(project, "region_fields", None) or {}
    return _kept_fields(current_app.extensions["portal.region"].project_form() if given else None, given)


def project_field_words(project) -> dict[str, dict[str, str]]:
    """The region's own fields of a project as the JSON API gives them beside their codes
    (``region_fields``): each field's label and its value in words, a choice by its label (a
    script read "public" of a funding source its page says 财政拨款)."""
    given = getattr(project, "region_fields", None) or {}
    form_class = current_app.extensions["portal.region"].project_form() if given else None
    if form_class is None:
        return {}
    return {field.name: {"label": str(field.label.text), "value": _entered_words(field, given[field.name])}
            for field in form_class() if given.get(field.name) not in (None, "", [])}


def _kept_fields(form_class: type | None, given: dict) -> list[tuple[str, str]]:
    """The values kept from a region's form, each under its field's label, in the form's order."""
    if form_class is None:
        return []
    return [(str(field.label.text), _entered_words(field, given[field.name])) for field in form_class()
            if given.get(field.name) not in (None, "", [])]


def _entered_words(field, value) -> str:
    """A kept value as the teacher chose it: a choice by its label, a tick as yes or no."""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    choices = {str(code): str(label) for code, label, *_rest in field.iter_choices()} if hasattr(field, "iter_choices") else {}
    if isinstance(value, list):
        return _(", ").join(choices.get(str(v), str(v)) for v in value)
    return choices.get(str(value), str(value))


def mode_label(code: str) -> str:
    from .forms import mode_labels

    try:
        return str(mode_labels()[Mode(code)])
    except ValueError:
        return code


def project_label(name: str, default) -> str:
    """A core project field's label in the region's words (``portal_project_labels``), else ``default``."""
    return str(current_app.extensions["portal.region"].project_labels().get(name, default))


def role_label(role) -> str:
    """A user's role in the region's words (``portal_role_labels``), else the core's."""
    from .forms import role_labels

    return str(role_labels()[UserRole(role)])


def activity_role_label(role) -> str:
    """What the teacher did in a training (授课教师), for a record that was not attendance."""
    from ..domain.labels import ROLE_LABELS as ACTIVITY_ROLES, labels

    try:
        words = labels(ACTIVITY_ROLES, current_app.extensions["portal.region"].activity_role_labels())
        return str(words[ActivityRole(role)])
    except ValueError:
        return str(role)


def grade_label(grade) -> str:
    """A training's result as its grade reads (优, 良, 合格, 不合格)."""
    from .forms import GRADE_LABELS

    try:
        return str(GRADE_LABELS[Grade(grade)])
    except ValueError:
        return str(grade)


def format_amount(value) -> str:
    """48.00 → 48, 6.50 → 6.5: credits shown as people write them."""
    if value is None:
        return "—"
    text = f"{Decimal(value):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _vary_on_htmx(response):
    # One URL answers with a whole page or, for htmx, a fragment: caches must tell them apart.
    response.vary.add("HX-Request")
    # personal data stays out of shared and history caches; asked without reading the user, which
    # a use case's commit has expired (``is_authenticated`` read it again: a query from here)
    if not current_user.is_anonymous:
        response.headers["Cache-Control"] = "private, no-store"
    return response


def _refuse_nul():
    """No text the portal takes needs a NUL character, and PostgreSQL refuses to store or
    even compare one: refuse it in the address, the query, a form or HTTP Basic
    credentials before any view runs."""
    auth = request.authorization
    texts = [request.path, *(auth.parameters.values() if auth else ())]
    for pairs in (request.args.lists(), request.form.lists()):
        texts.extend(key + "".join(values) for key, values in pairs)
    if any("\x00" in text for text in texts if isinstance(text, str)):
        abort(400)


def error_page(error):
    """The portal's error page (or the API's JSON error) for an HTTP error."""
    code = getattr(error, "code", 500)
    if code == 500:
        end_failed()
    if request.path.startswith("/api/"):
        from .api import error_response

        return error_response(error)
    return _render_error(code), code


def _csrf_error(error):
    return _render_error(400, csrf=True), 400


def _members_only(error):
    """A workshop's leader opening a member's own page, records or claims: 403 in words, with the
    way to the workshop's page, where the leader follows the members."""
    return render_template("error.html", code=403, members_only=True), 403


def _queue_unavailable(error):
    """Every page that queues long work (a large import, an export, a report's figures, a ZIP,
    the cycles' conclusions), when the jobs' queue does not take it (its Redis down): 503 and
    what to do, nothing of the job kept, rather than the 500 that says nothing of why."""
    end_failed()
    if request.path.startswith("/api/"):
        from .api import json_error

        return json_error(503, "queue_unavailable", "the job could not be queued; try again later")
    return _render_error(503, queue=True), 503


def _render_error(code: int, csrf: bool = False, queue: bool = False) -> str:
    """A whole page, or for htmx just the message, swapped where the answer was due."""
    if request.headers.get("HX-Request"):
        return render_block("error.html", "message", code=code, csrf=csrf, queue=queue)
    return render_template("error.html", code=code, csrf=csrf, queue=queue)
