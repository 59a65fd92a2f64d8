"""The teachers in the user's scope: the list, a teacher's page, ledger and duties, and
their facts (教师信息) for the admins of their school."""
from __future__ import annotations

from dataclasses import fields
from types import SimpleNamespace

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from jinja2_fragments.flask import render_block

from .. import clock
from ..domain import ADMIN_ROLES, TEACHER_VIEWERS, ExchangeKind, Period
from ..services import certificates, exports
from ..services import teacher_facts as teacher_facts_service
from ..services import teacher_pages
from .access import region, roles_required
from .forms import TeacherFactsForm, date_refusal, teacher_facts_form_class

bp = Blueprint("teachers", __name__, url_prefix="/admin/teachers")


@bp.get("")
@roles_required(*TEACHER_VIEWERS)
def index():
    search = request.args.get("q", "")[:80]
    show = request.args.get("show")
    try:
        listing = teacher_pages.teacher_list(
            region(), current_user, clock.today(), search, request.args.get("page", 1, type=int),
            current_app.config["PORTAL_PAGE_SIZE"], request.args.get("unit", type=int),
            (show, request.args.get("code", "")) if show else None)
    except teacher_pages.FilterRefused:
        abort(404)
    narrowed = {"unit": listing.narrowed.unit.id if listing.narrowed.unit else None, "show": show,
                "code": request.args.get("code") if show else None}
    context = {"page": listing.page, "workshops": listing.workshops, "q": search,
               "requirements": listing.requirements, "cycle": listing.cycle, "listing": listing,
               "narrowed": {k: v for k, v in narrowed.items() if v},
               "documents": bool(listing.narrowed.unit)
               and certificates.sees_school_documents(current_user, listing.narrowed.unit.id)}
    if request.headers.get("HX-Request"):
        return render_block("teachers/index.html", "results", **context)
    return render_template("teachers/index.html", **context)


@bp.post("/export")
@roles_required(*TEACHER_VIEWERS)
def export():
    """The list as an Excel file, written by a background job whose page the admin follows."""
    show = request.form.get("show")
    try:
        job_id = exports.start(region(), current_user, request.form.get("unit", type=int),
                               (show, request.form.get("code", "")) if show else None, str(get_locale()))
    except teacher_pages.FilterRefused:
        abort(404)
    return redirect(url_for("teachers.export_job", job_id=job_id), 303)


@bp.get("/export/<int:job_id>")
@roles_required(*TEACHER_VIEWERS)
def export_job(job_id: int):
    try:
        job = exports.job(current_user, job_id)
    except exports.ExportNotFound:
        abort(404)
    return render_template("teachers/export.html", job=job)


@bp.get("/export/<int:job_id>/file")
@roles_required(*TEACHER_VIEWERS)
def export_file(job_id: int):
    try:
        path, name = exports.file_of(current_user, job_id)
    except exports.ExportNotFound:
        abort(404)
    return send_file(path, download_name=name, as_attachment=True, max_age=0,
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@bp.get("/<int:teacher_id>")
@roles_required(*TEACHER_VIEWERS)
def teacher(teacher_id: int):
    view = _standing_view(teacher_id)
    return render_template("teachers/teacher.html", teacher=view.teacher, standing=view.standing,
                           can_edit=view.can_edit)


@bp.get("/<int:teacher_id>/compliance")
@roles_required(*TEACHER_VIEWERS)
def compliance(teacher_id: int):
    view = _standing_view(teacher_id, latest=0, audits=True)  # the duties page shows no entries: it counts those in audit
    return render_template("compliance.html", teacher=view.teacher, standing=view.standing,
                           back=url_for("teachers.teacher", teacher_id=teacher_id))


@bp.get("/<int:teacher_id>/compliance/previous")
@roles_required(*TEACHER_VIEWERS)
def previous_cycle(teacher_id: int):
    return previous_cycle_page(teacher_pages.previous_cycle_view(region(), current_user, teacher_id, clock.today()),
                               url_for("teachers.compliance", teacher_id=teacher_id))


def previous_cycle_page(view: teacher_pages.PreviousCycleView | None, back: str, own: bool = False) -> str:
    """A teacher's previous cycle, for the teacher (``own``) or an admin: its duties as the
    duties page shows them, or, where none of its entries is kept, that the portal cannot say."""
    if view is None:
        abort(404)
    if view.standing is None:
        return render_template("previous_cycle_none.html", view=view, back=back)
    return render_template("compliance.html", teacher=view.teacher, standing=view.standing, back=back, own=own,
                           previous=view)


def _standing_view(teacher_id: int, latest: int = 3, audits: bool = False) -> teacher_pages.StandingView:
    view = teacher_pages.standing_view(region(), current_user, teacher_id, clock.today(), latest, audits)
    if view is None:
        abort(404)
    return view


@bp.get("/<int:teacher_id>/ledger")
@roles_required(*TEACHER_VIEWERS)
def ledger(teacher_id: int):
    view = teacher_pages.ledger_view(region(), current_user, teacher_id, request.args.get("page", 1, type=int),
                                     current_app.config["PORTAL_PAGE_SIZE"])
    if view is None:
        abort(404)
    return render_template("ledger.html", teacher=view.teacher, page=view.page, labels=view.labels, reasons=view.reasons, reversed=view.reversed, named=view.named,
                           back=url_for("teachers.teacher", teacher_id=teacher_id),
                           endpoint="teachers.ledger", args={"teacher_id": teacher_id}, own=False,
                           brings_in=bool(current_user.role_set & ADMIN_ROLES))


FACTS_ERRORS = {
    "too_early": lambda r: _("This date is too early."),
    "before_entering_post": lambda r: _("This date is before the teacher entered post."),
    "exchange_incomplete": lambda r: _("Give both what kind of exchange it is and the unit they work at."),
    "title_missing": lambda r: _("Give the professional title obtained on this date, or leave the date empty."),
    "end_before_start": lambda r: _("The leave ends before it starts."),
    "not_listed": lambda r: _("Choose one of the layers and categories listed."),
    "too_long": lambda r: _("A period of leave is at most five years; enter a longer one as several."),
    "overlaps": lambda r: _("This leave overlaps another period of leave."),
    "future": lambda r: date_refusal(r),
    "too_far": lambda r: date_refusal(r),
}


@bp.route("/<int:teacher_id>/facts", methods=["GET", "POST"])
@roles_required(*ADMIN_ROLES)
def facts(teacher_id: int):
    """教师信息: what the rules need to know of the teacher, for the admins of their school."""
    view = teacher_pages.facts_view(current_user, teacher_id)
    if view is None:
        abort(404)
    layers = region().project_choices(clock.today()).get("layer", ())
    form = teacher_facts_form_class(layers, view.facts.layer)(
        obj=None if request.method == "POST" else facts_form_data(view.facts))
    refused = None
    if form.validate_on_submit():
        try:
            teacher_facts_service.update_facts(current_user, teacher_id, facts_change(form), clock.today(),
                                               layers={c.code for c in layers})
        except teacher_facts_service.FactsRefused as error:
            if error.code == "out_of_scope":  # moved out of the admin's reach since the page was read
                abort(404)
            refused = error
            for problem in error.every:
                _field_for(form, problem.field).errors.append(FACTS_ERRORS[problem.code](problem.refused))
        else:
            flash(_("The teacher's information has been saved."), "success")
            return redirect(url_for("teachers.teacher", teacher_id=teacher_id))
    status = 422 if form.errors or refused else 200
    return render_template("teachers/facts.html", teacher=view.teacher, form=form), status


QUALIFIED_CHOICES = {True: "yes", False: "no"}  # the form's choice for each answer; not recorded: ""


def facts_form_data(facts: teacher_facts_service.FactsChange):
    """The teacher's facts as the form's initial data, leave padded to the form's rows."""
    leave = [SimpleNamespace(start=p.start, end=p.end) for p in facts.leave]
    leave += [SimpleNamespace(start=None, end=None)] * (TeacherFactsForm.LEAVE_ROWS - len(leave))
    return SimpleNamespace(**{f.name: getattr(facts, f.name) for f in fields(facts) if f.name not in ("leave", "qualified")},
                           leave=leave, qualified=QUALIFIED_CHOICES.get(facts.qualified, ""))


def facts_change(form) -> teacher_facts_service.FactsChange:
    text = lambda field: (field.data or "").strip() or None  # noqa: E731
    return teacher_facts_service.FactsChange(
        entered_post=form.entered_post.data, probation_end=form.probation_end.data,
        transferred_in=form.transferred_in.data, transferred_from=text(form.transferred_from),
        exchange_kind=ExchangeKind(form.exchange_kind.data) if form.exchange_kind.data else None,
        exchange_unit=text(form.exchange_unit), title=text(form.title), title_date=form.title_date.data,
        layer=text(form.layer), qualified={v: k for k, v in QUALIFIED_CHOICES.items()}.get(form.qualified.data),
        leave=tuple(Period(row.start.data, row.end.data) for row in form.leave if row.start.data),
    )


def _field_for(form, name: str):
    """The form field a refusal names: ``leave[1]`` is the second leave row's start."""
    if name.startswith("leave["):
        return form.leave[int(name[6:-1])].start
    return form[name] if name in form else form.entered_post
