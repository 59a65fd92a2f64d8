"""Opening imported teachers' accounts: the school's admin downloads a sheet of codes
(/admin/activation), and each teacher opens their account with theirs (/activate), signed out."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import clock
from ..domain import ADMIN_ROLES
from ..services import activation
from ..services.accounts import AccountError
from .access import roles_required
from .auth import password_attempts
from .forms import ActivationForm, ActivationSheetForm
from .transcripts import public_url

bp = Blueprint("activation", __name__)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.route("/admin/activation", methods=["GET", "POST"])
@roles_required(*ADMIN_ROLES)
def sheet():
    waiting = activation.schools_waiting(current_user)
    form = ActivationSheetForm()
    form.school.choices = [(s.unit.id, _("%(school)s (%(n)d without an account)", school=s.unit.name, n=s.teachers))
                           for s in waiting]
    if form.validate_on_submit():
        issued = activation.issue(current_user, form.school.data)
        if issued is not None:
            name = f"{_('Activation codes')}-{issued.school.name}-{clock.today().isoformat()}.xlsx"
            return send_file(activation.workbook(issued, public_url("activation.open_account")), download_name=name, as_attachment=True, max_age=0,
                             mimetype=XLSX)
        form.school.errors.append(_("This school has no teacher left without an account."))
    return render_template("activation/sheet.html", form=form, waiting=waiting), 422 if form.errors else 200


@bp.route("/activate", methods=["GET", "POST"])
@password_attempts(methods=["POST"])
def open_account():
    form = ActivationForm()
    if form.validate_on_submit():
        try:
            activation.open_account(form.id_number.data, form.code.data, username=form.username.data,
                                    password=form.new.data)
        except activation.ActivationRefused:
            form.code.errors.append(_("This ID number and code open no account: check both, or ask your "
                                      "school for a new code (a code is used once and expires)."))
        except AccountError as refused:
            if refused.code == "taken" and refused.field == "username":
                form.username.errors.append(_("This username is already taken."))
            else:
                form.new.errors.append(_("The password is too short."))
        else:
            flash(_("Your account is open: sign in with your username and password."), "success")
            return redirect(url_for("auth.login"))
    return render_template("activation/open.html", form=form), 422 if form.errors else 200
