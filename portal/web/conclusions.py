"""周期审定: the bureau the region names concludes its teachers' ended cycles, as a background job
the page follows."""
from __future__ import annotations

from flask import Blueprint, abort, make_response, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..services import conclusions
from .access import region

bp = Blueprint("conclusions", __name__, url_prefix="/admin/conclusions")


@bp.get("")
@login_required
def index():
    try:
        view = conclusions.overview(region(), current_user)
    except conclusions.ConclusionsRefused:
        abort(404)
    response = make_response(render_template("conclusions/index.html", view=view))
    if request.headers.get("HX-Request") and view.job and view.job.finished:
        response.headers["HX-Refresh"] = "true"  # the run ended: the counts below it too
    return response


@bp.post("")
@login_required
def start():
    try:
        conclusions.start(region(), current_user)
    except conclusions.ConclusionsRefused:
        abort(404)
    return redirect(url_for("conclusions.index"), 303)
