"""Setting workshops up (工作坊管理): the admins above a unit list the workshops below it, set
one up with its leader (坊主), rename it, hand it to another leader or remove it."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..domain import ADMIN_ROLES, SchoolStage
from ..services import workshops
from .access import roles_required
from .wording import named
from .forms import RemoveWorkshopForm, SelectChoice, WorkshopEditForm, WorkshopForm

bp = Blueprint("workshop_admin", __name__, url_prefix="/admin/workshops")

ERRORS = {
    "out_of_scope": lambda: _("You may not set a workshop up below this org unit."),
    "not_for_workshop": lambda: _("A training institution has no teachers to follow: choose a school or a bureau's unit."),
    "required": lambda: _("This field is required."),
    "too_long": lambda: _("This is too long."),
    "duplicate": lambda: _("This org unit has a workshop of this subject at this school stage already."),
    "not_found": lambda: _("No active user of your org units has this username."),
    "not_assignable": lambda: _("You may not grant the workshop leader's role."),
}


@bp.get("")
@roles_required(*ADMIN_ROLES)
def index():
    page = workshops.admin_page(current_user, request.args.get("page", 1, type=int),
                                current_app.config["PORTAL_PAGE_SIZE"])
    return render_template("workshop_admin/index.html", page=page)


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*ADMIN_ROLES)
def new():
    form = WorkshopForm()
    form.org_unit.choices = [SelectChoice(u.id, "　" * u.depth + u.name) for u in workshops.unit_choices(current_user)]
    form.org_unit.render_kw = {"translate": "no"}  # the units' own names
    if form.validate_on_submit():
        try:
            workshops.create(current_user, name=form.name.data, org_unit_id=form.org_unit.data,
                             subject=form.subject.data, stage=SchoolStage(form.stage.data), leader=form.leader.data)
        except workshops.WorkshopInvalid as refused:
            getattr(form, refused.field).errors.append(ERRORS[refused.code]())
        else:
            flash(named(_("Workshop %(name)s set up."), name=form.name.data.strip()), "success")
            return redirect(url_for("workshop_admin.index"), 303)
    return render_template("workshop_admin/new.html", form=form), 422 if form.errors else 200


@bp.route("/<int:workshop_id>", methods=["GET", "POST"])
@roles_required(*ADMIN_ROLES)
def edit(workshop_id: int):
    workshop = _administered(workshop_id)
    # as kept when the page opens; as typed when it is sent (a field left out stays empty)
    form = WorkshopEditForm(data={"name": workshop.name, "leader": workshop.leader_username}
                            if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            workshops.edit(current_user, workshop_id, name=form.name.data, leader=form.leader.data)
        except workshops.WorkshopRefused:
            abort(404)
        except workshops.WorkshopInvalid as refused:
            getattr(form, refused.field).errors.append(ERRORS[refused.code]())
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("workshop_admin.edit", workshop_id=workshop_id), 303)
    return render_template("workshop_admin/edit.html", form=form, workshop=workshop,
                           remove=RemoveWorkshopForm()), 422 if form.errors else 200


@bp.post("/<int:workshop_id>/remove")
@roles_required(*ADMIN_ROLES)
def remove(workshop_id: int):
    if not RemoveWorkshopForm().validate_on_submit():
        abort(400)
    try:
        name = workshops.remove(current_user, workshop_id)
    except workshops.WorkshopRefused:
        abort(404)
    flash(named(_("Workshop %(name)s removed."), name=name), "success")
    return redirect(url_for("workshop_admin.index"), 303)


def _administered(workshop_id: int) -> workshops.WorkshopRow:
    try:
        return workshops.administered(current_user, workshop_id)
    except workshops.WorkshopRefused:
        abort(404)
