"""The workshops a leader leads (工作坊): their members' sign-ins and learning, and the summary."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..domain import ADMIN_ROLES, UserRole
from ..services import workshops
from .access import region, roles_required

bp = Blueprint("workshops", __name__, url_prefix="/workshops")


@bp.get("")
@roles_required(UserRole.WORKSHOP_LEADER)
def index():
    led = workshops.led(current_user)
    if len(led) == 1:
        return redirect(url_for("workshops.members", workshop_id=led[0].id))
    return render_template("workshops/index.html", workshops=led)


@bp.get("/<int:workshop_id>")
@roles_required(UserRole.WORKSHOP_LEADER, *ADMIN_ROLES)
def members(workshop_id: int):
    return _members(workshop_id)


def _members(workshop_id: int, typed: str | None = None, error: str = "", status: int = 200):
    """The members' page; ``typed`` and ``error``: a summary refused, shown again as typed."""
    try:
        workshop, page = workshops.member_page(region(), current_user, workshop_id,
                                               request.args.get("page", 1, type=int),
                                               current_app.config["PORTAL_PAGE_SIZE"])
    except workshops.WorkshopRefused:
        abort(404)
    return render_template("workshops/members.html", workshop=workshop, page=page,
                           leads=workshop.leader_id == current_user.id,
                           parts=region().assessment_parts(), unit=region().info.unit.value,
                           typed=workshop.summary if typed is None else typed, error=error), status


@bp.post("/<int:workshop_id>/summary")
@roles_required(UserRole.WORKSHOP_LEADER)
def summary(workshop_id: int):
    text = request.form.get("summary", "")
    if len(text) > workshops.MAX_SUMMARY:  # shown again as typed, to be shortened
        return _members(workshop_id, text, _("A summary has at most %(n)d characters.", n=workshops.MAX_SUMMARY), 422)
    if not text.strip():
        return _members(workshop_id, text, _("Write the summary before saving it."), 422)
    try:
        workshops.write_summary(current_user, workshop_id, text)
    except workshops.WorkshopRefused:
        abort(404)
    flash(_("Saved."), "success")
    return redirect(url_for("workshops.members", workshop_id=workshop_id), 303)
