"""Users (用户管理): an admin creates an account with one role over a unit of their scope, and
a teacher's profile with it; lists the accounts of their scope; and changes one: its name,
its password, whether it may sign in, its roles."""
from __future__ import annotations


from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from jinja2_fragments.flask import render_block

from .. import clock
from ..domain import TEACHER_VIEWERS, Gender, SchoolStage, UserRole
from ..services import users
from ..services.accounts import (
    AccountError, DateRefused, NewUserChoices, TeacherProfile, TeacherRegistered, add_user, new_user_choices,
    profile_date_limit,
)
from .access import roles_required
from .wording import named
from .forms import (
    ID_NUMBER_ERRORS, ConfirmForm, DisplayNameForm, PasswordResetForm, RoleGrantForm, SelectChoice, UserForm,
    date_refusal, role_labels,
)

bp = Blueprint("users", __name__, url_prefix="/admin/users")

ADMIN_ERRORS = {
    "taken": lambda f: (_("This username is already taken.") if f == "username"
                        else _("A teacher with this ID number is registered at another unit.")),
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
    "beyond_reach": lambda f: _("This account holds a role you may not grant: only an admin above you may change it."),
    "bad_name": lambda f: _("Give a name of at most 80 characters."),
    "own_password": lambda f: _("Change your own password on the Password page, with your current one."),
    "own_account": lambda f: _("You may not deactivate your own account."),
    "teacher_needs_record": lambda f: _("A teacher's role comes with their record: add the teacher on the new-user page."),
    "already_held": lambda f: _("The account holds this role over this unit already."),
    "not_held": lambda f: _("The account no longer holds this role."),
    "teacher_role": lambda f: _("A teacher's role stays with their record: deactivate the account of a teacher who left."),
    "last_role": lambda f: _("An account keeps at least one role: deactivate it instead."),
    "own_last_admin_role": lambda f: _("You may not remove your own last admin role."),
    "required": lambda f: _("Required for a teacher."),
    "before_entering_post": lambda f: _("This date is before the teacher entered post."),
    "title_missing": lambda f: _("Give the professional title obtained on this date, or leave the date empty."),
    **{code: (lambda f, message=message: str(message)) for code, message in ID_NUMBER_ERRORS.items()},
}


def _choices(offered=new_user_choices) -> NewUserChoices:
    """What the current admin may grant (``offered``: the new-user form's, or an account page's);
    403 for whoever administers no unit (a workshop leader)."""
    choices = offered(current_user)
    if choices is None:
        abort(403)
    return choices


def _offer(form: UserForm | RoleGrantForm, choices: NewUserChoices) -> None:
    named = role_labels()
    form.role.choices = [SelectChoice(r.value, named[r]) for r in choices.roles]
    form.org_unit.choices = [SelectChoice(u.id, "　" * u.depth + u.name) for u in choices.units]
    form.org_unit.render_kw = {"translate": "no"}  # the units' own names


@bp.get("")
@roles_required(*TEACHER_VIEWERS)
def index():
    """The accounts of the admin's scope, searched and narrowed by role and by active or not."""
    _choices()
    narrowed = users.AccountFilter(request.args.get("q", "")[:80], _role_arg(), _active_arg())
    page = users.account_page(current_user, narrowed, request.args.get("page", 1, type=int),
                              current_app.config["PORTAL_PAGE_SIZE"])
    args = {"q": narrowed.search or None, "role": narrowed.role.value if narrowed.role else None,
            "state": request.args.get("state") if narrowed.active is not None else None}
    context = {"page": page, "narrowed": narrowed, "args": {k: v for k, v in args.items() if v},
               "roles": role_labels()}
    if request.headers.get("HX-Request"):
        return render_block("users/index.html", "results", **context)
    return render_template("users/index.html", **context)


def _role_arg() -> UserRole | None:
    try:
        return UserRole(request.args.get("role", ""))
    except ValueError:  # "any role", or a stale link's
        return None


def _active_arg() -> bool | None:
    return {"active": True, "inactive": False}.get(request.args.get("state", ""))


@bp.get("/<int:user_id>")
@roles_required(*TEACHER_VIEWERS)
def account(user_id: int):
    _choices()
    return _account_page(user_id)


@bp.post("/<int:user_id>/name")
@roles_required(*TEACHER_VIEWERS)
def rename(user_id: int):
    form = DisplayNameForm()
    return _change(user_id, form, "name_form", lambda: users.rename(current_user, user_id, form.display_name.data),
                   _("The name has been changed."))


@bp.post("/<int:user_id>/password")
@roles_required(*TEACHER_VIEWERS)
def reset_password(user_id: int):
    form = PasswordResetForm()
    return _change(user_id, form, "password_form",
                   lambda: users.reset_password(current_user, user_id, form.password.data),
                   _("The new password is set and the account's sessions have ended: hand the password over in person."))


@bp.post("/<int:user_id>/deactivate")
@roles_required(*TEACHER_VIEWERS)
def deactivate(user_id: int):
    return _change(user_id, ConfirmForm(), "active_form", lambda: users.set_active(current_user, user_id, False),
                   _("The account is deactivated: it can no longer sign in, and its sessions have ended."))


@bp.post("/<int:user_id>/reactivate")
@roles_required(*TEACHER_VIEWERS)
def reactivate(user_id: int):
    return _change(user_id, ConfirmForm(), "active_form", lambda: users.set_active(current_user, user_id, True),
                   _("The account is active again: it can sign in."))


@bp.post("/<int:user_id>/roles")
@roles_required(*TEACHER_VIEWERS)
def grant_role(user_id: int):
    form = RoleGrantForm()
    _offer(form, _choices(users.grant_choices))
    return _change(user_id, form, "role_form",
                   lambda: users.grant_role(current_user, user_id, UserRole(form.role.data), form.org_unit.data),
                   _("The role has been granted."))


@bp.post("/<int:user_id>/roles/<int:assignment_id>/revoke")
@roles_required(*TEACHER_VIEWERS)
def revoke_role(user_id: int, assignment_id: int):
    return _change(user_id, ConfirmForm(), "revoke_form",
                   lambda: users.revoke_role(current_user, user_id, assignment_id),
                   _("The role has been removed."))


def _change(user_id: int, form, name: str, change, done: str):
    """Validate ``form``, make the ``change``, and return to the account's page; else that page
    again with the form's errors (422), or 403 where the account is beyond the admin's reach."""
    _choices()
    if form.validate_on_submit():
        try:
            change()
        except AccountError as error:
            if error.code == "not_found":
                abort(404)
            message, field = _account_error(error), getattr(form, error.field, None)
            if field is not None:
                field.errors.append(message)
            return _account_page(user_id, 403 if error.code == "beyond_reach" else 422,
                                 refusal=None if field is not None else message, **{name: form})
        flash(done, "success")
        return redirect(url_for("users.account", user_id=user_id))
    return _account_page(user_id, 422, **{name: form})


def _account_page(user_id: int, status: int = 200, refusal: str | None = None, **submitted):
    view = users.account_view(current_user, user_id)
    if view is None:
        abort(404)
    forms = {"name_form": DisplayNameForm(formdata=None, display_name=view.account.display_name),
             "password_form": PasswordResetForm(formdata=None), "active_form": ConfirmForm(formdata=None),
             "role_form": RoleGrantForm(formdata=None), "revoke_form": ConfirmForm(formdata=None), **submitted}
    _offer(forms["role_form"], view.grants)
    return render_template("users/account.html", view=view, account=view.account, refusal=refusal,
                           **forms), status


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*TEACHER_VIEWERS)
def new():
    choices = _choices()
    form = UserForm()
    _offer(form, choices)
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
            flash(named(_("User %(name)s created."), name=username), "success")
            if form.entered_post.data and form.entered_post.data > clock.today():
                flash(_("The start date (%(date)s) is after today: it counts from that day.",
                        date=form.entered_post.data.isoformat()), "info")
            return redirect(url_for("users.new"))
    return render_template("users/new.html", form=form, today=clock.today(), no_institution=choices.no_institution,
                           start_limit=profile_date_limit("entered_post")), 422 if form.errors else 200


def _account_error(error: AccountError) -> str:
    if isinstance(error, DateRefused):
        return date_refusal(error.refused)
    if isinstance(error, TeacherRegistered) and error.school is not None:
        return _("A teacher with this ID number, %(name)s, is registered at %(school)s.",
                 name=error.name, school=error.school)
    if isinstance(error, users.LeadsWorkshops):
        return _("This account still leads these workshops: %(names)s. Hand each to another leader first "
                 "(the workshops are listed below), then deactivate the account.", names=_(", ").join(error.workshops))
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
