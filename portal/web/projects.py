"""Projects for their organisers and reviewers (项目申报与审核): draft, edit, declare,
review, and each project's class list with the steps of its enrollments."""
from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, Response, abort, current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user, login_required
from markupsafe import Markup, escape
from wtforms.fields.choices import SelectChoice

from .. import clock
from ..calculator import asked
from ..domain import ActivityRole, Level, Mode, SchoolStage
from ..domain.activity import parse_amount
from ..services import bulk_enrollment, catalog, enrollments, listing, materials, projects, quotas, results, reviews, sheets
from .access import region
from .claims import evidence_refusal, send_stored, stored_file_view
from .enrollments import step_context
from .wording import cite, marked, named, not_possible
from .forms import (
    GRADE_LABELS, ID_NUMBER_ERRORS, MaterialsForm, RescheduleForm, ReviewForm, empty_file_words,
    activity_role_labels, level_labels, mode_labels,
    project_form_class, split_list,
)

bp = Blueprint("projects", __name__, url_prefix="/projects")

REFUSALS = {
    "not_allowed": lambda: _("You may not do this."),
    "no_expansion": lambda: _("No more classes are asked for here: the selection calendar has no class expansion."),
    "state": lambda: _("The project is not in a state for this step. Reload to see it now."),
    "required": lambda: _("The region requires this field."),
    "invalid": lambda: _("Check this field."),
    "choice": lambda: _("Choose from the values offered."),
    "taken": lambda: _("Teachers have already selected this project: this field cannot change now."),
    "reviewed": lambda: _("The reviewer approved this project as it was declared: this field cannot change "
                          "now that it is published. Its dates change with \u201cChange the dates\u201d on its page."),
    "reason": lambda: _("Give a reason: the organiser reads it."),
    "unchanged": lambda: _("These are the dates it has already."),
    "results": lambda: _("Results are recorded for this training: its dates cannot change now."),
    "past": lambda: _("A training cannot be moved to a day already past."),
    # a bureau starting mid-term, its schools' trainings of the term already held, is told where they go
    "ended": lambda: _("The training has ended: no teacher could select it now. Correct its dates first, if they "
                       "were mistyped; a training already held reaches its teachers' records as their claims "
                       "(Claimed credits) or as historical credits (Imports)."),
    "ended_classes": lambda: _("The training has ended: no teacher could take more seats in it."),
}
def refusal_words(refused) -> str:
    """What a refusal of a project's step says, in the reader's language."""
    return str(refused.message) if refused.message else REFUSALS.get(refused.code, REFUSALS["state"])()


STATE_LABELS = {
    "draft": lambda: _("Draft"), "declared": lambda: _("Waiting for review"),
    "returned": lambda: _("Returned for changes"), "rejected": lambda: _("Rejected"),
    "published": lambda: _("Published"), "withdrawn": lambda: _("Withdrawn"),
}


def _organiser_required():
    if not projects.organises(current_user):
        _not_organiser()


def _not_organiser():
    """Refused: where the region names who creates projects and the user's organiser role is not
    one of them (an education zone), the page says who does, with the clause; else a bare 403."""
    refused = projects.creation_refused(region(), current_user)
    if refused:
        abort(make_response(render_template("error.html", code=403, findings=refused), 403))
    abort(403)


@bp.get("")
@login_required
def index():
    reviews = projects.review_page(current_user, region(), 1, current_app.config["PORTAL_PAGE_SIZE"])
    class_requests = projects.class_requests_waiting(current_user, region())
    if not projects.organises(current_user) and not reviews.total and not reviews.later and not class_requests:
        _not_organiser()
    page = projects.organised_page(current_user, request.args.get("page", 1, type=int),
                                   current_app.config["PORTAL_PAGE_SIZE"])
    return render_template("projects/index.html", page=page, reviews=reviews, class_requests=class_requests,
                           states=_states(), organises=projects.organises(current_user),
                           enrols=region().admins_select(current_user.role_set))


def _states() -> dict:
    return {code: label() for code, label in STATE_LABELS.items()}


# The label of a field whose core label says that leaving it empty means "all", where the region requires it.
REQUIRED_LABELS = {"stages": lambda: _("For school stages"), "layer": lambda: _("For the layer and category")}


def _form(project=None):
    choices = region().project_choices(project.start_date if project is not None else clock.today())
    on = project.start_date if project is not None else clock.today()
    # the figure a project declares, asked where the region's conversion reads it (or a project keeps one)
    declared = "base_credits" in {a.name for a in asked(region(), on)} or (
        project is not None and project.base_credits is not None)
    form = project_form_class(region().project_form(), choices, project.layer if project is not None else None,
                              declared)(obj=None)
    form.organiser.choices = [SelectChoice(u.id, u.name) for u in projects.organiser_units(current_user)]
    programs = _programs(choices, project)
    if programs:
        form.program.choices = [SelectChoice("", "—")] + [SelectChoice(p.code, p.label) for p in programs]
    else:  # a region without programs: no 培训项目类型 select holding only "—" (as the calculator asks none)
        del form["program"]
    form.category.choices = [SelectChoice("", "—")] + [SelectChoice(c.code, c.label) for c in region().categories()
                                                          if c.project or (project is not None and c.code == project.category)]
    for name in region().project_required():  # marked as the core's required fields are
        if name in form:
            form[name].flags.required = True
    for name, label in REQUIRED_LABELS.items():  # "none: all" would invite leaving empty what the region requires
        if name in region().project_required() and name in form:
            form[name].label.text = label()
    for name, label in region().project_labels().items():  # the region's words for a core field
        if name in form:
            form[name].label.text = str(label)
    if project is not None and request.method == "GET":
        for name, value in (("organiser", project.organiser_id), ("name", project.name), ("level", project.level),
                            ("mode", project.mode), ("program", project.program or ""),
                            ("category", project.category or ""), ("start", project.start_date),
                            ("end", project.end_date), ("hours", project.hours), ("base_credits", project.base_credits),
                            ("stages", project.stages), ("subjects", ", ".join(project.subjects or ())),
                            ("layer", project.layer or ""), ("topics", _topics_shown(form, project.topics)),
                            ("class_size", _seats_per_class(project)), ("classes", project.classes), ("fee", project.fee),
                            ("lodging", project.lodging), ("description", project.description)):
            if name in form:
                form[name].data = value
        for name, value in (project.region_fields or {}).items():
            if name in form:
                form[name].process_data(value)
    return form


def _programs(choices, project=None):
    """The programs a project may be of: the region's list for projects (``portal_project_choices``'
    "program"), else all it names; a project's own kept on its edit."""
    listed = {c.code for c in choices["program"]} if "program" in choices else None
    return [p for p in region().programs()
            if listed is None or p.code in listed or (project is not None and p.code == project.program)]


def _topics_shown(form, topics):
    """A project's topics as its form holds them: ticked codes, or typed text."""
    return list(topics or ()) if form.offers_topics else ", ".join(topics or ())


def _input(form) -> projects.ProjectInput:
    return projects.ProjectInput(
        name=form.name.data.strip(), level=Level(form.level.data), mode=Mode(form.mode.data),
        start=form.start.data, end=form.end.data, hours=form.hours.data, category=form.category.data or None,
        program=(form.program.data or None) if "program" in form else None, base_credits=form.base_credits.data if "base_credits" in form else None,
        stages=tuple(SchoolStage(s) for s in form.stages.data or () if s), subjects=split_list(form.subjects.data),
        layer=(form.layer.data or "").strip() or None,
        topics=tuple(form.topics.data or ()) if form.offers_topics else split_list(form.topics.data),
        class_size=form.class_size.data, classes=form.classes.data or 1, fee=form.fee.data,
        lodging=bool(form.lodging.data), description=(form.description.data or "").strip(),
        region_fields=form.region_data(),
    )


# A project field as the region names it (portal_project_required) → the form's field for it.
FORM_FIELDS = {"capacity": "class_size"}


def _seats_per_class(project) -> int | None:
    """A project given only its capacity (imported, or the demo's) shows it per class, so that
    saving the form keeps the limit rather than clearing it."""
    if project.class_size is not None:
        return project.class_size
    return projects.seats_per_class(project.capacity, project.classes)


def _refused(form, refused: projects.ProjectRefused) -> None:
    if refused.findings:  # the region's rules, each with its clause, on the field it judges
        fields = {}
        for finding in refused.findings:
            fields.setdefault(_form_field(form, finding.field or refused.field), []).append(finding)
        for field, found in fields.items():
            form[field].errors = [*form[field].errors, not_possible(found)]
        return
    field = _form_field(form, refused.field)
    # a message of the rules or the service names what people entered (a unit): marked as data
    said = marked(refused.message) if refused.message else REFUSALS.get(refused.code, REFUSALS["invalid"])()
    form[field].errors = [*form[field].errors, said]
    if refused.code == "required":  # every field the region requires left empty, not one per try
        data = _input(form)
        for name in sorted(region().project_required()):
            other = _form_field(form, name)
            if getattr(data, name, None) in (None, "", ()) and said not in form[other].errors:
                form[other].errors = [*form[other].errors, said]


def _form_field(form, name: str | None) -> str:
    """The form's field for a project field's name; one the form lacks is said on its first visible field."""
    field = FORM_FIELDS.get(name, name)
    if field not in form:
        field = next(f.name for f in form if f.type not in ("CSRFTokenField", "HiddenField"))
    return field


def _done(form, use_case):
    """What the use case returned, or None where it was refused (said on the form's field); a
    project out of reach is not found."""
    try:
        return use_case()
    except projects.ProjectRefused as refused:
        if refused.code == "not_found":
            abort(404)
        _refused(form, refused)
        return None


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    _organiser_required()
    form = _form()
    if form.validate_on_submit():
        try:
            project = projects.create(region(), current_user, form.organiser.data, _input(form))
        except projects.ProjectRefused as refused:
            _refused(form, refused)
        else:
            # the step the page then offers: publish where nobody reviews the project, else declare
            flash(_("Saved as a draft. Publish it when it is ready.")
                  if projects.published_by_organiser(region(), project)
                  else _("Saved as a draft. Declare it when it is ready."), "success")
            return redirect(url_for("projects.show", project_id=project.id), 303)
    status = 422 if request.method == "POST" else 200
    return render_template("projects/form.html", form=form, project=None, levels=level_labels(), modes=mode_labels(),
                           required=_required(form)), status


@bp.route("/<int:project_id>/edit", methods=["GET", "POST"])
@login_required
def edit(project_id: int):
    project = _visible(project_id)
    if not projects.may_organise(current_user, project):  # its reviewer reads it, only its organiser edits it
        abort(404)
    form = _form(project)
    if form.validate_on_submit() and _done(form, lambda: projects.edit(region(), current_user, project_id,
                                                                        _input(form))):
        flash(_("Saved."), "success")
        return redirect(url_for("projects.show", project_id=project_id), 303)
    status = 422 if request.method == "POST" else 200
    return render_template("projects/form.html", form=form, project=project, levels=level_labels(), modes=mode_labels(),
                           required=_required(form)), status


def _required(form) -> list[str]:
    """The labels of the fields the region requires."""
    fields = (FORM_FIELDS.get(name, name) for name in sorted(region().project_required()))
    return [str(form[name].label.text) for name in fields if name in form]


def _visible(project_id: int):
    try:
        return projects.project_for(current_user, region(), project_id)
    except projects.ProjectRefused:
        abort(404)


def _page_visible(project_id: int):
    """A project whose page the user may open: to run its steps, or to read its materials."""
    try:
        return materials.project_for(current_user, region(), project_id)
    except projects.ProjectRefused:
        abort(404)


@bp.get("/<int:project_id>")
@login_required
def show(project_id: int):
    """The project's own page, for whoever runs its steps or reads its materials. Anyone else
    asking for a published project (a school admin whose teachers take it, from an address
    kept or passed on) is refused (403) with its page in the catalog, open to them, rather than
    told it does not exist (a trial's school admin read 404 on a training her teachers were in);
    a project not published stays not found to them."""
    try:
        project = materials.project_for(current_user, region(), project_id)
    except projects.ProjectRefused:
        # named and linked only where its catalog page is open to them (a teacher: once listed)
        published = catalog.open_in_catalog(region(), current_user, project_id, clock.today())
        if published is None:
            abort(404)
        return render_template("error.html", code=403, catalog=(project_id, published.name)), 403
    return _show(project, RescheduleForm(formdata=None, prefix="dates"))


def _show(project, dates: RescheduleForm, status: int = 200, decision: ReviewForm | None = None,
          upload: MaterialsForm | None = None):
    review = region().project_review(projects.facts(project))
    hours_condition = region().hours_condition(projects.facts(project))
    allocator = quotas.may_allocate(current_user, region(), project)
    preview = enrollments.preview(region(), project)
    return render_template("projects/show.html", project=project, states=_states(), review=review,
                           hours_condition=hours_condition,
                           manages=projects.may_open(current_user, region(), project),
                           materials=materials.materials(current_user, region(), project),
                           upload=upload or MaterialsForm(formdata=None),
                           max_files=current_app.config["PORTAL_EVIDENCE_FILES"],
                           max_mb=current_app.config["PORTAL_EVIDENCE_MAX_BYTES"] // 2**20 or 1,
                           direct=projects.published_by_organiser(region(), project),
                           pending=projects.pending_request(project.id),
                           withheld={action: not_possible(found) for action, found
                                     in projects.withheld_steps(region(), current_user, project).items()},
                           organiser=projects.may_organise(current_user, project), ended=projects.has_ended(project),
                           asker=projects.may_ask_classes(current_user, project)
                           and projects.runs_class_expansion(region(), clock.today()),
                           reviewer=projects.may_review(current_user, region(), project),
                           allocator=allocator, allocated=not allocator or quotas.has_quotas(project.id),
                           decider=projects.may_decide_classes(current_user, region(), project),
                           form=decision or ReviewForm(formdata=None),
                           dates=dates, dates_fixed=projects.dates_fixed(region(), project),
                           dates_withheld=_dates_withheld(project),
                           preview=preview, not_its=enrollments.not_its_hours(project, preview),
                           unlisted=listing.note(region(), project, clock.today())
                           if project.status == "published" else None,
                           category_labels=region().category_labels()), status


def _dates_withheld(project) -> str | None:
    """Why the project's dates cannot move now (its page says this in place of the form), or None."""
    code = projects.reschedule_withheld(project)
    return REFUSALS[code]() if code else None


@bp.post("/<int:project_id>/dates")
@login_required
def reschedule(project_id: int):
    """The organiser moves a published project's dates, saying why; its teachers are told."""
    project = _visible(project_id)
    form = RescheduleForm(prefix="dates")
    moved = form.validate() and _done(form, lambda: projects.reschedule(
        region(), current_user, project_id, form.start.data, form.end.data, form.reason.data))
    if moved:
        if moved.credited_now is None:
            flash(_("The dates are changed; its teachers have been told."), "success")
        else:
            flash(_("The dates are changed; its teachers have been told. On the new dates, completing it earns "
                    "%(now)s, not %(was)s: see what it earns on its catalog page.",
                    now=moved.credited_now, was=moved.credited_before), "info")
        return redirect(url_for("projects.show", project_id=project_id), 303)
    return _show(project, form, 422)


@bp.post("/<int:project_id>/declare")
@login_required
def declare(project_id: int):
    try:
        project = projects.declare(region(), current_user, project_id)
    except projects.ProjectRefused as refused:
        if refused.code == "not_found":
            abort(404)
        flash(not_possible(refused.findings) if refused.code == "refused"
              else refusal_words(refused), "error")
        return redirect(url_for("projects.show", project_id=project_id), 303)
    unlisted = listing.note(region(), project, clock.today()) if project.status == "published" else None
    if unlisted is not None:  # published before the day the region lists a term's projects to teachers
        flash(Markup("{} {}").format(named(_("Published. %(when)s"), when=marked(unlisted.message)), cite(unlisted.source)), "success")
    else:
        flash(_("Published: teachers find it in the catalog.") if project.status == "published"
              else _("Declared: the reviewer has been told."), "success")
    return redirect(url_for("projects.show", project_id=project_id), 303)


@bp.post("/<int:project_id>/review")
@login_required
def review(project_id: int):
    """The reviewer's decision; refused, the page comes back with the decision and the reason
    as chosen (never reset to approval) and what to change said on its field."""
    form = ReviewForm()
    if not form.validate():
        return _show(_visible(project_id), RescheduleForm(formdata=None, prefix="dates"), 422, form)
    try:
        project = projects.review(region(), current_user, project_id, form.decision.data, form.reason.data or "")
    except projects.ProjectRefused as refused:
        if refused.code == "not_found":
            abort(404)
        said = (not_possible(refused.findings) if refused.code == "refused"
                else REFUSALS.get(refused.code, REFUSALS["state"])())
        (form.reason if refused.code == "reason" else form.decision).errors = [said]
        return _show(_visible(project_id), RescheduleForm(formdata=None, prefix="dates"), 422, form)
    flash(named(_("%(name)s: %(state)s"), name=project.name, state=escape(_states()[project.status])), "success")
    return redirect(url_for("projects.index"), 303)


def _material_refusal(refused: materials.MaterialRefused) -> str:
    if refused.code == "evidence":
        return evidence_refusal("evidence", refused.detail, refused.reason)
    return {
        "files": lambda: (_("Choose at least one file of the training's materials.") if not refused.detail
                          else _("Send at most %(num)d files at once.", num=refused.detail)),
        "duplicate": lambda: (named(_("%(file)s is already among this project's materials."), file=refused.detail)
                              if refused.detail else _("This file is already among this project's materials.")),
        "full": lambda: _("A project holds at most %(num)d files of materials.", num=refused.detail),
        "submitted": lambda: _("This training's records have gone to audit: its materials are what the audit "
                               "reads, and they stay. You may still add files."),
        "not_allowed": lambda: _("A training's materials are added and removed by the unit running it, which records "
                                 "its results: you may read them here. Nothing was changed."),
    }.get(refused.code, lambda: _("You may not do this."))()


@bp.post("/<int:project_id>/materials")
@login_required
def upload_materials(project_id: int):
    """The organiser adds files to the project's training materials (培训情况资料)."""
    project = _page_visible(project_id)
    form = MaterialsForm()
    if not form.validate():
        return _show(project, RescheduleForm(formdata=None, prefix="dates"), 422, upload=form)
    uploads = [materials.Upload(f.stream, f.filename or "") for f in form.files.data or ()
               if getattr(f, "filename", "")]
    try:
        added = materials.upload(region(), current_user, project_id, uploads)
    except materials.MaterialRefused as refused:
        if refused.code == "not_found":
            abort(404)
        if refused.code == "not_allowed":  # no upload form on their page to say it beside
            flash(_material_refusal(refused), "error")
            return redirect(url_for("projects.show", project_id=project_id, _anchor="materials"), 303)
        form.files.errors = [_material_refusal(refused)]
        return _show(_page_visible(project_id), RescheduleForm(formdata=None, prefix="dates"), 422, upload=form)
    flash(ngettext("%(num)d file added to the training's materials.",
                   "%(num)d files added to the training's materials.", len(added)), "success")
    return redirect(url_for("projects.show", project_id=project_id, _anchor="materials"), 303)


@bp.post("/<int:project_id>/materials/<int:material_id>/remove")
@login_required
def remove_material(project_id: int, material_id: int):
    try:
        removed = materials.remove(region(), current_user, project_id, material_id)
    except materials.MaterialRefused as refused:
        if refused.code == "not_found":
            abort(404)
        flash(_material_refusal(refused), "error")
        return redirect(url_for("projects.show", project_id=project_id, _anchor="materials"), 303)
    flash(named(_("%(file)s removed from the training's materials."), file=removed.filename), "success")
    return redirect(url_for("projects.show", project_id=project_id, _anchor="materials"), 303)


@bp.get("/<int:project_id>/materials/<int:material_id>")
@stored_file_view
@login_required
def material(project_id: int, material_id: int):
    """A material, only to those who may see the project's materials (404 to anyone else)."""
    item = materials.material_file(current_user, region(), project_id, material_id)
    if item is None:
        abort(404)
    return send_stored(item)


@bp.get("/<int:project_id>/class")
@login_required
def class_list(project_id: int):
    try:
        found = enrollments.class_page(region(), current_user, project_id, request.args.get("page", 1, type=int),
                                       current_app.config["PORTAL_PAGE_SIZE"], request.args.get("state"))
    except enrollments.MoveRefused:
        abort(404)
    return render_template("projects/class.html", project=found.project, page=found.page, whole=found.whole,
                           seated=found.seated, records=found.records, results_from=found.results_from,
                           results_after_end=found.results_after_end, says_results_day=found.says_results_day,
                           enrol_roles=enrollments.enrolled_roles(region(), current_user, found.project),
                           registers=reviews.registers_project(current_user, region().audit_workflow(), found.project,
                                                               clock.today()),
                           corrects=reviews.corrections(current_user, region().audit_workflow()) is not None,
                           state_labels=enrollments.state_filters(region().enrollment_workflow(),
                                                                  found.states | {request.args.get("state", "")}),
                           state=request.args.get("state"), **step_context())


@bp.route("/<int:project_id>/enrol", methods=["GET", "POST"])
@login_required
def enrol(project_id: int):
    """An admin submits teachers of their scope: picked from a filtered list, all or none;
    as participants only where the region lets an admin select this project for a teacher."""
    try:
        project = projects.project_for_enrolling(current_user, project_id)
    except projects.ProjectRefused:
        abort(404)
    refusals, status, role, ids = (), 200, _role(project), []
    if role is None:
        abort(404)
    if request.method == "POST":
        ids = [int(i) for i in request.form.getlist("teacher") if i.isdigit() and len(i) < 10]
        if not ids:
            flash(_("Tick at least one teacher."), "error")
        else:
            try:
                done = bulk_enrollment.enrol_many(region(), current_user, project_id, ids, role)
            except bulk_enrollment.BulkRefused as refused:
                refusals, status = refused.refusals, 409
            except enrollments.MoveRefused:
                abort(404)
            else:
                flash(ngettext("%(num)d teacher submitted, now: %(state)s.", "%(num)d teachers submitted, now: %(state)s.",
                               done.count, state=done.state), "success")
                return redirect(url_for("projects.class_list", project_id=project_id), 303)
    search = request.values.get("q", "")[:50]
    try:
        page = bulk_enrollment.candidate_page(current_user, project_id, search, request.args.get("page", 1, type=int),
                                              current_app.config["PORTAL_PAGE_SIZE"],
                                              region() if role == ActivityRole.PARTICIPANT else None)
    except enrollments.MoveRefused:
        abort(404)
    quotas_left = bulk_enrollment.quotas_left(current_user, project_id) if role == ActivityRole.PARTICIPANT else []
    return render_template("projects/enrol.html", project=project, page=page, search=search, quotas=quotas_left,
                           refusals=refusals, role=role, roles=_offered(project), ticked=frozenset(ids),
                           closing=bulk_enrollment.closing(page)), status


ENROLLED_ROLES = (ActivityRole.PARTICIPANT, ActivityRole.INSTRUCTOR, ActivityRole.MENTOR)


def _enrolled_roles() -> dict:
    """The roles teachers are enrolled in, in the region's words (``portal_activity_role_labels``)."""
    words = activity_role_labels()
    return {r: words[r] for r in ENROLLED_ROLES}


def _offered(project) -> dict:
    """The roles this admin may enrol teachers in, with their labels (``enrolled_roles``)."""
    words = _enrolled_roles()
    return {r: words[r] for r in enrollments.enrolled_roles(region(), current_user, project) if r in words}


def _role(project) -> ActivityRole | None:
    """The role teachers are enrolled in: the one the admin chose, if it is offered, else (none
    chosen) the first offered, participants where admins may select for teachers; None when
    the role chosen, or every role, is not offered."""
    offered = list(_offered(project))
    chosen = request.values.get("role", "")
    if not chosen:
        return offered[0] if offered else None
    return next((r for r in offered if r.value == chosen), None)


@bp.route("/<int:project_id>/quotas", methods=["GET", "POST"])
@login_required
def quotas_page(project_id: int):
    """The seats allocated to each unit (名额分配), by the project's organiser or reviewer, or
    by whom the region names instead."""
    status = 200
    if request.method == "POST":
        wanted, bad = {}, []
        for key, value in request.form.items():
            if not key.startswith("unit-") or not key[5:].isdigit() or len(key) > 15:
                continue
            text = value.strip()
            if text and (not text.isdigit() or len(text) > 5):
                bad.append(key)
            wanted[int(key[5:])] = int(text) if text and text.isdigit() and len(text) <= 5 else None
        if bad:
            flash(_("Seats are whole numbers from 0 to 99999; leave a unit empty for no quota."), "error")
            status = 422
        else:
            try:
                quotas.set_quotas(region(), current_user, project_id, wanted)
            except quotas.QuotaRefused as refused:
                flash(_quota_refusal(refused), "error")
                status = 422
            except projects.ProjectRefused as refused:
                if refused.code == "not_found":
                    abort(404)
                flash(REFUSALS["not_allowed"](), "error")
                status = 422
            else:
                flash(_("Saved."), "success")
                return redirect(url_for("projects.quotas_page", project_id=project_id), 303)
    try:
        project, rows, left_out = quotas.quota_page(current_user, region(), project_id)
    except projects.ProjectRefused:
        abort(404)
    if status == 422:  # the form again as it was typed
        typed = {key: value.strip()[:5] for key, value in request.form.items() if key.startswith("unit-")}
        rows = [replace(r, seats=typed.get(f"unit-{r.unit_id}", r.seats)) for r in rows]
    return render_template("projects/quotas.html", project=project, rows=rows, left_out=left_out), status


@bp.post("/<int:project_id>/classes")
@login_required
def classes(project_id: int):
    """The organiser asks for more classes; the reviewer grants or refuses the request."""
    try:
        if request.form.get("decision") in ("grant", "refuse"):
            decided = projects.decide_classes(region(), current_user, project_id, request.form["decision"] == "grant",
                                              request.form.get("note", "")[:500])
            # what was decided, of which project (a trial's bureau read only 已处理。)
            granted = decided.request.state == "granted"
            flash(named(_("%(name)s: %(decision)s"), name=decided.project.name, decision=escape(
                ngettext("%(num)d more class granted; it now has %(total)d classes.",
                         "%(num)d more classes granted; it now has %(total)d classes.",
                         decided.request.classes, total=decided.project.classes) if granted
                else ngettext("The request for %(num)d more class was refused.",
                              "The request for %(num)d more classes was refused.", decided.request.classes))),
                  "success")
        else:
            count = request.form.get("classes", "")
            projects.request_classes(region(), current_user, project_id,
                                     int(count) if count.isdigit() and len(count) < 4 else 0,
                                     request.form.get("reason", "")[:500])
            flash(_("Requested: whoever decides it has been told."), "success")
    except projects.ProjectRefused as refused:
        if refused.code == "not_found":
            abort(404)
        if refused.code == "refused":
            flash(not_possible(refused.findings), "error")
        elif refused.code == "invalid":
            flash(_("Ask for 1 to 100 more classes."), "error")
        elif refused.code == "reason" and refused.field == "reason":
            flash(_("Say why more classes are needed (how many teachers wait for a seat): whoever decides reads it."),
                  "error")
        else:
            flash(REFUSALS.get(refused.code, REFUSALS["state"])(), "error")
    return redirect(url_for("projects.show", project_id=project_id), 303)


def _quota_refusal(refused) -> str:
    if refused.code == "not_for_unit":
        reasons = Markup(escape(_("; "))).join(Markup("{} {}").format(marked(f.message), cite(f.source))
                                               for f in refused.findings)
        return named(_("%(unit)s: this project's seats do not go to this unit: %(reasons)s"),
                     unit=refused.unit, reasons=reasons)
    if refused.code == "over_capacity":
        return named(_("%(unit)s: %(seats)d seats are more than the project's %(limit)d."),
                     unit=refused.unit, seats=refused.seats, limit=refused.limit)
    if refused.code == "above_parent":
        return named(_("%(unit)s: %(seats)d seats are more than the %(limit)d of %(parent)s above it; "
                       "a unit's quota cannot exceed its parent's."), unit=refused.unit, seats=refused.seats,
                     limit=refused.limit, parent=refused.parent)
    return named(_("%(unit)s: its teachers already hold %(limit)d seats, more than %(seats)d; "
                   "a quota cannot be below the seats already taken."), unit=refused.unit, seats=refused.seats,
                 limit=refused.limit)


SHEET_NOW = 200  # rows judged while the admin waits; a longer sheet is judged by a background job
SHEET_PROBLEMS = {
    **ID_NUMBER_ERRORS,
    "not_text": _l("The cell is a number, not text: Excel keeps 15 digits, so an ID number typed as a "
                   "number has lost its last ones. Format the column as text and type it again."),
    "unknown": _l("No teacher of your scope has this ID number."),
    "twice": _l("This teacher is already on an earlier row."),
    "enrolled": _l("This teacher is already in this project."),
}
SHEET_REFUSED = {
    "missing": lambda limit: _("Choose an Excel file (.xlsx)."),
    "empty": lambda limit: empty_file_words(),
    "too_large": lambda limit: _("The file is larger than 10 MB."),
    "too_many": lambda limit: _("At most %(n)d rows at a time: split the list into several sheets.", n=limit),
    "unreadable": lambda limit: _("This is not an Excel sheet that can be read. Save it as .xlsx and try again."),
    "no_rows": lambda limit: _("The sheet has no rows below its headings: fill in a row for each teacher."),
}


@bp.post("/<int:project_id>/enrol/sheet")
@login_required
def enrol_sheet(project_id: int):
    """A sheet of ID numbers: every row judged and shown; nothing is kept until the admin
    confirms, and then all or none (the ticked list's own use case). A long sheet is judged
    by a background job, whose page the admin follows."""
    try:
        project = projects.project_for_enrolling(current_user, project_id)
    except projects.ProjectRefused:
        abort(404)
    upload, role = request.files.get("sheet"), _role(project)
    if role is None:
        abort(404)
    try:
        cells = bulk_enrollment.sheet_cells(sheets.rows(upload.read() if upload else None))
        if len(cells) > SHEET_NOW:
            job_id = bulk_enrollment.start_judging(current_user, project_id, cells, role)
            return redirect(url_for("projects.sheet_job", project_id=project_id, job_id=job_id), 303)
        judged = bulk_enrollment.sheet_preview(region(), current_user, project_id, cells, role)
    except sheets.SheetRefused as refused:
        flash(SHEET_REFUSED[refused.code](refused.limit), "error")
        return redirect(url_for("projects.enrol", project_id=project_id, role=role.value), 303)
    except (enrollments.MoveRefused, projects.ProjectRefused):
        abort(404)
    ok = all(r.ok for r in judged) and bool(judged)
    return render_template("projects/sheet.html", project=project, rows=judged, problems=SHEET_PROBLEMS, ok=ok,
                           role=role, roles=_enrolled_roles(), job=None), 200 if ok else 422


@bp.get("/<int:project_id>/enrol/sheet/<int:job_id>")
@login_required
def sheet_job(project_id: int, job_id: int):
    """A sheet's background job: its progress until it is done, then the rows judged (with the
    button that enrols them) or the teachers enrolled. Polled by the page while it runs."""
    try:
        project = projects.project_for_enrolling(current_user, project_id)
        found = bulk_enrollment.sheet_job(current_user, project_id, job_id)
    except (enrollments.MoveRefused, projects.ProjectRefused):
        abort(404)
    return render_template("projects/sheet.html", project=project, rows=found.rows, problems=SHEET_PROBLEMS,
                           ok=found.ok, role=found.role, roles=_enrolled_roles(), job=found)


@bp.post("/<int:project_id>/enrol/sheet/<int:job_id>/confirm")
@login_required
def confirm_sheet(project_id: int, job_id: int):
    try:
        projects.project_for_enrolling(current_user, project_id)
        enrolling = bulk_enrollment.confirm_sheet(current_user, project_id, job_id)
    except projects.ProjectRefused:
        abort(404)
    except enrollments.MoveRefused as refused:
        if refused.code == "not_found":
            abort(404)
        flash(_("This sheet cannot be enrolled: upload it again."), "error")
        return redirect(url_for("projects.enrol", project_id=project_id), 303)
    return redirect(url_for("projects.sheet_job", project_id=project_id, job_id=enrolling), 303)


@bp.get("/<int:project_id>/enrol/template.xlsx")
@login_required
def enrol_template(project_id: int):
    data = sheets.template([_("ID number")], _("Type or paste each teacher's 18-character ID number as text."))
    return Response(data, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": "attachment; filename=enrol.xlsx"})


RESULT_ROWS = 2000  # a class's results are judged while the organiser waits
RESULT_PROBLEMS = {
    "not_text": SHEET_PROBLEMS["not_text"],
    "not_enrolled": _l("No teacher with this ID number is enrolled in this project."),
    "twice": SHEET_PROBLEMS["twice"],
    "number": _l("Hours and scores are numbers from 0, with at most two decimals."),
    "grade": _l("The grade is one of 优, 良, 合格, 不合格, or empty."),
    "no_step": _l("You may not record this enrollment's result now (look at its state on the class list)."),
    "recorded": _l("This teacher's result is recorded already: the sheet does not change it."),
    "asks": _l("The result lacks what the step asks for: the hours, or a score for each part."),
    "step_grade": _l("This step records one of its own grades only (for example 合格 or 不合格): give one of them."),
    "full": _l("No seat is left in this training."),
    "changed": _l("Someone else has just moved this enrollment. Here is its state now."),
}


def _parts(project) -> tuple[str, ...]:
    return tuple(project.assessment_weights or {})


@bp.get("/<int:project_id>/results/template.xlsx")
@login_required
def results_template(project_id: int):
    """The sheet to fill in: the enrollments awaiting a result, hours, grade and each weighed part."""
    project = _class_project(project_id)
    try:
        results.refuse_early(region(), current_user, project_id)
    except results.ResultsTooEarly as early:
        return _too_early(project_id, early.start, early.end)
    labels = region().assessment_parts()
    headings = [_("ID number"), _("Name"), _("Hours attended"), _("Grade"),
                *[str(labels.get(part, part)) for part in _parts(project)]]
    rows = results.awaiting_results(region(), current_user, project_id)
    data = sheets.template(headings, _("Grade: 优, 良, 合格 or 不合格. Leave the name as it is: it is not read."), rows)
    return Response(data, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": "attachment; filename=results.xlsx"})


def _too_early(project_id: int, start, end=None):
    """A sheet of results (or its template) asked for before the training's first day, or before
    its last where the region records results from then (``end``): refused whole with one reason,
    back on the class list, nothing recorded."""
    if end is not None:
        flash(_("The training runs from %(start)s to %(end)s: its results can be recorded from its last day "
                "(%(end)s) on. Nothing was recorded.", start=start.isoformat(), end=end.isoformat()), "error")
    else:
        flash(_("The training starts on %(day)s: its results can be recorded from that day on. Nothing was recorded.",
                day=start.isoformat()), "error")
    return redirect(url_for("projects.class_list", project_id=project_id), 303)


def _class_project(project_id: int):
    try:
        return enrollments.class_project(current_user, region(), project_id)
    except enrollments.MoveRefused:
        abort(404)


@bp.post("/<int:project_id>/results/sheet")
@login_required
def results_sheet(project_id: int):
    """A sheet of results: every row judged and shown; nothing is kept until confirmed, then all or none."""
    project = _class_project(project_id)
    upload = request.files.get("sheet")
    try:
        found = [(number, [row[0], *row[2:]] if len(row) > 1 else row)
                 for number, row in sheets.rows(upload.read() if upload else None, RESULT_ROWS)]
    except sheets.SheetRefused as refused:
        flash(SHEET_REFUSED[refused.code](refused.limit), "error")
        return redirect(url_for("projects.class_list", project_id=project_id), 303)
    try:
        judged = results.results_preview(region(), current_user, project_id, found, _parts(project))
    except results.ResultsTooEarly as early:
        return _too_early(project_id, early.start, early.end)
    ok = bool(judged) and all(r.ok for r in judged)
    return render_template("projects/results.html", project=project, rows=judged, problems=RESULT_PROBLEMS, ok=ok,
                           labels=region().assessment_parts(), grade_labels=GRADE_LABELS), 200 if ok else 422


@bp.post("/<int:project_id>/results")
@login_required
def record_results(project_id: int):
    project = _class_project(project_id)
    given = []
    for key in request.form.getlist("enrollment"):
        if not key.isdigit() or len(key) > 9:
            abort(400)
        try:
            given.append((int(key), enrollments.MoveInput(
                attended_hours=_amount(request.form.get(f"hours-{key}")),
                grade=results.GRADE_WORDS.get(request.form.get(f"grade-{key}", "")),
                scores={part: _amount(request.form.get(f"score-{key}-{part}")) for part in _parts(project)
                        if request.form.get(f"score-{key}-{part}")})))
        except ValueError:
            abort(400)
    try:
        count = results.record_results(region(), current_user, project_id, given)
    except results.ResultsRefused as refused:
        return render_template("projects/results.html", project=project, rows=refused.rows, problems=RESULT_PROBLEMS,
                               ok=False, labels=region().assessment_parts(), grade_labels=GRADE_LABELS), 409
    except results.ResultsTooEarly as early:
        return _too_early(project_id, early.start, early.end)
    except enrollments.MoveRefused:
        abort(404)
    flash(ngettext("%(num)d result recorded.", "%(num)d results recorded.", count), "success")
    return redirect(url_for("projects.class_list", project_id=project_id), 303)


def _amount(text: str | None):
    return parse_amount(text) if text else None
