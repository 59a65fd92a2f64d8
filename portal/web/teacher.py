"""The teacher's own pages."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, current_app, render_template, request, url_for
from flask_login import current_user

from ..domain import UserRole
from ..services import teacher_pages
from .access import region, roles_required

bp = Blueprint("teacher", __name__, url_prefix="/me")


@bp.get("/")
@roles_required(UserRole.TEACHER)
def home():
    view = _own_standing()
    return render_template("teacher/home.html", teacher=view.teacher, standing=view.standing)


@bp.get("/ledger")
@roles_required(UserRole.TEACHER)
def ledger():
    view = teacher_pages.ledger_view(region(), current_user, None, request.args.get("page", 1, type=int),
                                     current_app.config["PORTAL_PAGE_SIZE"])
    if view is None:
        abort(404)
    return render_template("ledger.html", teacher=view.teacher, page=view.page, labels=view.labels,
                           back=url_for("teacher.home"), endpoint="teacher.ledger", args={})


@bp.get("/compliance")
@roles_required(UserRole.TEACHER)
def compliance():
    view = _own_standing()
    return render_template("compliance.html", teacher=view.teacher, standing=view.standing,
                           back=url_for("teacher.home"), own=True)


@bp.get("/compliance/trainings")
@roles_required(UserRole.TEACHER)
def trainings():
    """The trainings that would fill an open duty (a fragment the duties page loads)."""
    found = teacher_pages.suggestions_view(region(), current_user, date.today())
    if found is None:
        abort(404)
    duties = {d.code: d.label for d in region().duties()}
    return render_template("teacher/trainings.html", suggestions=found, duties=duties)


def _own_standing() -> teacher_pages.StandingView:
    view = teacher_pages.standing_view(region(), current_user, None, date.today())
    if view is None:
        abort(404)
    return view
