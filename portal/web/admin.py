"""Admin pages: home with the scope's figures, the org tree, teachers, new users."""
from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from jinja2_fragments.flask import render_block

from ..domain import ADMIN_ROLES, TEACHER_VIEWERS, ExchangeKind, Gender, Period, SchoolStage, UserRole
from ..services import orgs, reviews, training
from ..services.accounts import (
    AccountError, DateRefused, TeacherProfile, add_user, assignable_roles, profile_date_limit,
)
from ..services import teacher_facts as teacher_facts_service
from ..services.ledger import entries_page
from ..services.scope import Scope
from ..services.teachers import scope_summary, standing, standing_labels, teacher_page, visible_teacher
from .access import region, roles_required, viewer_scope
from .forms import ID_NUMBER_ERRORS, ROLE_LABELS, SelectChoice, TeacherFactsForm, UserForm, date_refusal

bp = Blueprint("admin", __name__, url_prefix="/admin")

ADMIN_ERRORS = {
    "taken": lambda f: _("This username is already taken.") if f == "username" else _("A teacher with this ID number already exists."),
    "out_of_scope": lambda f: _("You may not add users to this org unit."),
    "not_assignable": lambda f: _("You may not grant this role."),
    "not_a_school": lambda f: _("A teacher belongs to a school: choose a school."),
    "too_short": lambda f: _("The password is too short."),
    "required": lambda f: _("Required for a teacher."),
    **{code: (lambda f, message=message: str(message)) for code, message in ID_NUMBER_ERRORS.items()},
}


@bp.get("/")
@roles_required(*TEACHER_VIEWERS, UserRole.INSTITUTION_STAFF)
def home():
    today = date.today()
    scope = viewer_scope()
    summary = scope_summary(region(), scope, today) if scope else None
    workflow = region().audit_workflow()
    reviewer = reviews.reviews_anything(current_user, workflow)
    return render_template(
        "admin/home.html",
        summary=summary,
        awaiting=reviews.awaiting_count(current_user, workflow) if reviewer else None,
        panels=region().dashboard_panels(summary) if summary else [],
        requirements=region().requirements(today),
        projects=training.organised_projects(Scope.of(current_user, [UserRole.INSTITUTION_STAFF])),
        roles=[ROLE_LABELS[r] for r in sorted(current_user.role_set)],
        leader=UserRole.WORKSHOP_LEADER in current_user.role_set,
        workshops=scope.workshops,
    )


@bp.get("/orgs")
@roles_required(*TEACHER_VIEWERS)
def org_tree():
    scope = viewer_scope()
    roots = orgs.scope_roots(scope)
    return render_template("admin/orgs.html", roots=[(root, orgs.children_with_counts(root, scope)) for root in roots])


@bp.get("/orgs/<int:unit_id>")
@roles_required(*TEACHER_VIEWERS)
def org_children(unit_id: int):
    scope = viewer_scope()
    unit = orgs.unit_in_scope(scope, unit_id)
    if unit is None:
        abort(404)
    children = orgs.children_with_counts(unit, scope)
    if request.headers.get("HX-Request"):
        return render_block("admin/orgs.html", "children", unit=unit, children=children)
    return render_template("admin/orgs.html", roots=[(unit, children)])


@bp.get("/teachers")
@roles_required(*TEACHER_VIEWERS)
def teachers():
    search = request.args.get("q", "")[:80]
    page = request.args.get("page", 1, type=int)
    scope = viewer_scope()
    context = {
        "page": teacher_page(region(), scope, date.today(), search, page,
                             per_page=current_app.config["PORTAL_PAGE_SIZE"]),
        "workshops": scope.workshops,
        "q": search,
        "requirements": region().requirements(date.today()),
        "cycle": region().cycle(date.today()),
    }
    if request.headers.get("HX-Request"):
        return render_block("admin/teachers.html", "results", **context)
    return render_template("admin/teachers.html", **context)


@bp.get("/teachers/<int:teacher_id>")
@roles_required(*TEACHER_VIEWERS)
def teacher(teacher_id: int):
    found = visible_teacher(viewer_scope(), teacher_id)
    if found is None:
        abort(404)
    return render_template("admin/teacher.html", teacher=found, standing=standing(region(), found, date.today()),
                           can_edit=Scope.of(current_user, ADMIN_ROLES).covers(found.school))


FACTS_ERRORS = {
    "too_early": lambda r: _("This date is too early."),
    "before_entering_post": lambda r: _("This date is before the teacher entered post."),
    "exchange_incomplete": lambda r: _("Give both what kind of exchange it is and the unit they work at."),
    "end_before_start": lambda r: _("The leave ends before it starts."),
    "too_long": lambda r: _("A period of leave is at most five years; enter a longer one as several."),
    "overlaps": lambda r: _("This leave overlaps another period of leave."),
    "future": lambda r: date_refusal(r),
    "too_far": lambda r: date_refusal(r),
}


@bp.route("/teachers/<int:teacher_id>/facts", methods=["GET", "POST"])
@roles_required(*ADMIN_ROLES)
def teacher_facts(teacher_id: int):
    """教师信息: what the rules need to know of the teacher, for the admins of their school."""
    scope = Scope.of(current_user, ADMIN_ROLES)
    found = visible_teacher(viewer_scope(), teacher_id)
    if found is None or not scope.covers(found.school):
        abort(404)
    form = TeacherFactsForm(obj=None if request.method == "POST" else facts_form_data(found))
    refused = None
    if form.validate_on_submit():
        try:
            teacher_facts_service.update_facts(current_user, scope, found, facts_change(form), date.today())
        except teacher_facts_service.FactsRefused as error:
            refused = error
            _field_for(form, error.field).errors.append(FACTS_ERRORS[error.code](error.refused))
        else:
            flash(_("The teacher's information has been saved."), "success")
            return redirect(url_for("admin.teacher", teacher_id=teacher_id))
    status = 422 if form.errors or refused else 200
    return render_template("admin/teacher_facts.html", teacher=found, form=form), status


def facts_form_data(teacher):
    """The teacher's facts as the form's initial data, leave padded to the form's rows."""
    leave = [SimpleNamespace(start=date.fromisoformat(p["start"]), end=date.fromisoformat(p["end"]))
             for p in teacher.leave or ()]
    leave += [SimpleNamespace(start=None, end=None)] * (TeacherFactsForm.LEAVE_ROWS - len(leave))
    names = ("entered_post", "probation_end", "transferred_in", "transferred_from", "exchange_kind",
             "exchange_unit", "title", "title_date", "layer")
    return SimpleNamespace(**{n: getattr(teacher, n) for n in names}, leave=leave)


def facts_change(form) -> teacher_facts_service.FactsChange:
    text = lambda field: (field.data or "").strip() or None  # noqa: E731
    return teacher_facts_service.FactsChange(
        entered_post=form.entered_post.data, probation_end=form.probation_end.data,
        transferred_in=form.transferred_in.data, transferred_from=text(form.transferred_from),
        exchange_kind=ExchangeKind(form.exchange_kind.data) if form.exchange_kind.data else None,
        exchange_unit=text(form.exchange_unit), title=text(form.title), title_date=form.title_date.data,
        layer=text(form.layer),
        leave=tuple(Period(row.start.data, row.end.data or row.start.data)
                    for row in form.leave if row.start.data),
    )


def _field_for(form, name: str):
    """The form field a refusal names: ``leave[1]`` is the second leave row's start."""
    if name.startswith("leave["):
        return form.leave[int(name[6:-1])].start
    return form[name] if name in form else form.entered_post


@bp.get("/teachers/<int:teacher_id>/ledger")
@roles_required(*TEACHER_VIEWERS)
def teacher_ledger(teacher_id: int):
    found = visible_teacher(viewer_scope(), teacher_id)
    if found is None:
        abort(404)
    return render_template("ledger.html", teacher=found, back=url_for("admin.teacher", teacher_id=teacher_id),
                           page=entries_page(found.id, request.args.get("page", 1, type=int),
                                             current_app.config["PORTAL_PAGE_SIZE"]),
                           labels=standing_labels(region()), endpoint="admin.teacher_ledger",
                           args={"teacher_id": teacher_id})


@bp.get("/teachers/<int:teacher_id>/compliance")
@roles_required(*TEACHER_VIEWERS)
def teacher_compliance(teacher_id: int):
    found = visible_teacher(viewer_scope(), teacher_id)
    if found is None:
        abort(404)
    return render_template("compliance.html", teacher=found, back=url_for("admin.teacher", teacher_id=teacher_id),
                           standing=standing(region(), found, date.today()))


REVIEW_ERRORS = {
    "not_found": (404, lambda: _("This entry does not exist, or you do not have access to it.")),
    "not_allowed": (403, lambda: _("You may not take this step on this entry.")),
    "changed": (409, lambda: _("Someone else has just reviewed this entry. Reload to see its state.")),
}


@bp.get("/reviews")
@roles_required(*TEACHER_VIEWERS, UserRole.INSTITUTION_STAFF)
def review_list():
    workflow = region().audit_workflow()
    page = reviews.review_page(current_user, workflow, request.args.get("page", 1, type=int),
                               current_app.config["PORTAL_PAGE_SIZE"])
    return render_template("admin/reviews.html", page=page, **_review_context(workflow))


@bp.post("/reviews/<int:entry_id>")
@roles_required(*TEACHER_VIEWERS, UserRole.INSTITUTION_STAFF)
def review(entry_id: int):
    workflow = region().audit_workflow()
    try:
        row = reviews.move(current_user, workflow, entry_id, request.form.get("target", ""))
    except reviews.ReviewRefused as refused:
        status, message = REVIEW_ERRORS[refused.code]
        if request.headers.get("HX-Request"):
            return render_block("admin/reviews.html", "refused", message=message(), entry_id=entry_id), status
        flash(message(), "error")
        return redirect(url_for("admin.review_list")), 303
    if request.headers.get("HX-Request"):
        return render_block("admin/reviews.html", "row", row=row, **_review_context(workflow))
    flash(_("%(title)s: %(state)s", title=row.entry.title,
            state=workflow.state(row.entry.audit_state).label), "success")
    return redirect(url_for("admin.review_list"))


def _review_context(workflow) -> dict:
    return {
        "state_labels": {s.code: s.label for s in workflow.states},
        "category_labels": region().category_labels(),
    }


@bp.route("/users/new", methods=["GET", "POST"])
@roles_required(*TEACHER_VIEWERS)
def new_user():
    scope = Scope.of(current_user, [r for r in TEACHER_VIEWERS if r.is_admin])
    if not scope:
        abort(403)
    form = UserForm()
    form.role.choices = [SelectChoice(r.value, ROLE_LABELS[r]) for r in assignable_roles(current_user)]
    form.org_unit.choices = [SelectChoice(u.id, "　" * u.depth + u.name) for u in orgs.units_in_scope(scope)]
    form.org_unit.render_kw = {"translate": "no"}  # the units' own names
    if form.validate_on_submit():
        role = UserRole(form.role.data)
        try:
            user = add_user(
                current_user, scope, form.org_unit.data, username=form.username.data.strip(),
                display_name=form.display_name.data.strip(), password=form.password.data, role=role,
                profile=_profile(form) if role == UserRole.TEACHER else None,
            )
        except AccountError as error:
            getattr(form, error.field, form.username).errors.append(_account_error(error))
        else:
            flash(_("User %(name)s created.", name=user.username), "success")
            if form.entered_post.data and form.entered_post.data > date.today():
                flash(_("The start date (%(date)s) is after today: it counts from that day.",
                        date=form.entered_post.data.isoformat()), "info")
            return redirect(url_for("admin.new_user"))
    return render_template("admin/new_user.html", form=form, today=date.today(),
                           start_limit=profile_date_limit("entered_post")), 422 if form.errors else 200


def _account_error(error: AccountError) -> str:
    if isinstance(error, DateRefused):
        return date_refusal(error.refused)
    return ADMIN_ERRORS[error.code](error.field)


def _profile(form: UserForm) -> TeacherProfile:
    return TeacherProfile(
        name=form.display_name.data.strip(),
        gender=Gender(form.gender.data),
        id_number=form.id_number.data,
        stages=tuple(SchoolStage(s) for s in form.stages.data),
        subjects=tuple(s.strip() for s in (form.subjects.data or "").replace("，", ",").split(",") if s.strip()),
        phone=form.phone.data or None,
        title=form.title.data or None,
        title_date=form.title_date.data,
        entered_post=form.entered_post.data,
    )
