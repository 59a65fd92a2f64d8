"""The teacher's own pages."""
from __future__ import annotations


from flask import Blueprint, abort, current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeTimedSerializer

from .. import clock
from ..domain import UserRole
from ..services import surveys, teacher_pages
from .access import region, roles_required
from .forms import NeedsSurveyForm
from .teachers import previous_cycle_page

bp = Blueprint("teacher", __name__, url_prefix="/me")


@bp.get("/")
@roles_required(UserRole.TEACHER)
def home():
    view = _own_standing()
    return render_template("teacher/home.html", teacher=view.teacher, standing=view.standing, awaiting=view.awaiting)


@bp.get("/ledger")
@roles_required(UserRole.TEACHER)
def ledger():
    view = teacher_pages.ledger_view(region(), current_user, None, request.args.get("page", 1, type=int),
                                     current_app.config["PORTAL_PAGE_SIZE"])
    if view is None:
        abort(404)
    return render_template("ledger.html", teacher=view.teacher, page=view.page, labels=view.labels, reasons=view.reasons, reversed=view.reversed, named=view.named,
                           back=url_for("teacher.home"), endpoint="teacher.ledger", args={}, own=True)


@bp.get("/compliance")
@roles_required(UserRole.TEACHER)
def compliance():
    view = _own_standing(latest=0, audits=True)  # the duties page shows no entries: it counts those in audit
    return render_template("compliance.html", teacher=view.teacher, standing=view.standing,
                           back=url_for("teacher.home"), own=True)


@bp.get("/compliance/previous")
@roles_required(UserRole.TEACHER)
def previous_cycle():
    return previous_cycle_page(teacher_pages.previous_cycle_view(region(), current_user, None, clock.today()),
                               url_for("teacher.compliance"), own=True)


@bp.get("/compliance/trainings")
@roles_required(UserRole.TEACHER)
def trainings():
    """The trainings that would fill an open duty (a fragment the duties page loads)."""
    view = teacher_pages.suggestions_view(region(), current_user, clock.today())
    if view is None:
        abort(404)
    found, held = view
    duties = {d.code: d.label for d in region().duties()}
    # the duties page loads it in place; its link, followed without that script, opens a whole page
    template = "teacher/trainings.html" if request.headers.get("HX-Request") else "teacher/trainings_page.html"
    return render_template(template, suggestions=found, held=held, duties=duties)


@bp.route("/survey", methods=["GET", "POST"])
@roles_required(UserRole.TEACHER)
def survey():
    """The training needs survey: asked at the first sign-in where the region asks it."""
    asked = region().needs_survey()
    form = NeedsSurveyForm()
    form.offer(surveys.offered(region(), clock.today()))
    if request.method == "GET":
        kept = surveys.answers_of(current_user) or {}
        for name in ("modes", "levels"):
            form[name].data = kept.get(name) or []
        form.subjects.data = ", ".join(kept.get("subjects") or ())
        form.topics.data = ", ".join(kept.get("topics") or ())
        form.interests.data = kept.get("interests", "")
    if form.validate_on_submit():
        try:
            surveys.answer(current_user, form.answers())
        except LookupError:
            abort(404)
        flash(_("Thank you: the catalog now recommends trainings from your answers."), "success")
        return redirect(url_for("catalog.index"), 303)
    return render_template("teacher/survey.html", form=form, asked=asked), 422 if form.errors else 200


LATER_COOKIE = "survey_later"


def _later_signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="survey-later")


@bp.post("/survey/later")
@roles_required(UserRole.TEACHER)
def survey_later():
    """以后再填: the survey is not asked again at sign-in for PORTAL_SURVEY_LATER_DAYS days
    (on this browser); the teacher may still answer it from their page at any time."""
    days = current_app.config["PORTAL_SURVEY_LATER_DAYS"]
    response = make_response(redirect(url_for("teacher.home"), 303))
    response.set_cookie(LATER_COOKIE, _later_signer().dumps(current_user.id), max_age=days * 86400,
                        httponly=True, samesite="Lax", secure=current_app.config.get("SESSION_COOKIE_SECURE", False))
    return response


def survey_postponed(user) -> bool:
    """Whether this user chose 以后再填 within PORTAL_SURVEY_LATER_DAYS days, on this browser."""
    value, days = request.cookies.get(LATER_COOKIE), current_app.config["PORTAL_SURVEY_LATER_DAYS"]
    if not value or days <= 0:
        return False
    try:
        who = _later_signer().loads(value, max_age=days * 86400)
    except BadSignature:
        return False
    return who == user.id


def _own_standing(latest: int = 3, audits: bool = False) -> teacher_pages.StandingView:
    view = teacher_pages.standing_view(region(), current_user, None, clock.today(), latest, audits)
    if view is None:
        abort(404)
    return view
