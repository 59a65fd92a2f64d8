"""Adding users (新建用户): an admin creates an account with one role over a unit of their
scope, and a teacher's profile with it."""
from __future__ import annotations


from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import clock
from ..domain import TEACHER_VIEWERS, Gender, SchoolStage, UserRole
from ..services.accounts import (
    AccountError, DateRefused, TeacherProfile, add_user, new_user_choices, profile_date_limit,
)
from .access import roles_required
from .forms import ID_NUMBER_ERRORS, SelectChoice, role_labels, UserForm, date_refusal

bp = Blueprint("users", __name__, url_prefix="/admin/users")

ADMIN_ERRORS = {
    "taken": lambda f: _("This username is already taken.") if f == "username" else _("A teacher with this ID number already exists."),
    "out_of_scope": lambda f: _("You may not add users to this org unit."),
    "not_assignable": lambda f: _("You may not grant this role."),
    "not_a_school": lambda f: _("A teacher belongs to a school: choose a school."),
    "not_for_school_admin": lambda f: _("A school's admin works at a school: choose a school."),
    "not_for_principal": lambda f: _("A principal heads a school: choose a school."),
    "not_for_institution_staff": lambda f: _("A training institution's staff work at an institution: choose one."),
    **{f"not_for_{role}": lambda f: _("A bureau's admin works at a bureau, not at a school or an institution: "
                                      "choose the bureau's unit.")
       for role in ("district_admin", "city_admin", "province_admin")},
    "too_short": lambda f: _("The password is too short."),
    "required": lambda f: _("Required for a teacher."),
    "before_entering_post": lambda f: _("This date is before the teacher entered post."),
    **{code: (lambda f, message=message: str(message)) for code, message in ID_NUMBER_ERRORS.items()},
}


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*TEACHER_VIEWERS)
def new():
    choices = new_user_choices(current_user)
    if choices is None:
        abort(403)
    form = UserForm()
    named = role_labels()
    form.role.choices = [SelectChoice(r.value, named[r]) for r in choices.roles]
    form.org_unit.choices = [SelectChoice(u.id, "　" * u.depth + u.name) for u in choices.units]
    form.org_unit.render_kw = {"translate": "no"}  # the units' own names
    if form.validate_on_submit():
        role, username = UserRole(form.role.data), form.username.data.strip()
        try:
            add_user(
                current_user, form.org_unit.data, username=username,
                display_name=form.display_name.data.strip(), password=form.password.data, role=role,
                profile=_profile(form) if role == UserRole.TEACHER else None,
            )
        except AccountError as error:
            getattr(form, error.field, form.username).errors.append(_account_error(error))
        else:
            flash(_("User %(name)s created.", name=username), "success")
            if form.entered_post.data and form.entered_post.data > clock.today():
                flash(_("The start date (%(date)s) is after today: it counts from that day.",
                        date=form.entered_post.data.isoformat()), "info")
            return redirect(url_for("users.new"))
    return render_template("users/new.html", form=form, today=clock.today(),
                           start_limit=profile_date_limit("entered_post")), 422 if form.errors else 200


def _account_error(error: AccountError) -> str:
    if isinstance(error, DateRefused):
        return date_refusal(error.refused)
    return ADMIN_ERRORS[error.code](error.field)


def _profile(form: UserForm) -> TeacherProfile:
    return TeacherProfile(
        name=form.display_name.data.strip(),
        gender=Gender(form.gender.data) if form.gender.data else None,
        id_number=form.id_number.data,
        stages=tuple(SchoolStage(s) for s in form.stages.data if s),  # an empty choice sent alone is none
        subjects=tuple(s.strip() for s in (form.subjects.data or "").replace("，", ",").split(",") if s.strip()),
        phone=form.phone.data or None,
        title=form.title.data or None,
        title_date=form.title_date.data,
        entered_post=form.entered_post.data,
        transferred_in=form.transferred_in.data,
    )
