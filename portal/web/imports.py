"""Excel imports for admins (批量导入, /admin/imports): teachers, org units and historical
credits. A template to download per kind; an uploaded sheet is judged and every bad row
shown; nothing is kept until the admin confirms, and then all or nothing. A long sheet is
judged, and kept, by a background job whose page shows its progress."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from .. import clock
from ..domain import ADMIN_ROLES, Unit
from ..services import imports, projects
from .access import region, roles_required
from .forms import ID_NUMBER_ERRORS, empty_file_words

bp = Blueprint("imports", __name__, url_prefix="/admin/imports")
# Who imports sheets of teachers and units, which name units by their codes.
IMPORTERS = ADMIN_ROLES

# In the order a new deployment takes them (its home's first steps: the units, then the teachers,
# whose school codes name the units): the page listed teachers first, and an onboarding trial began there.
KIND_LABELS = {
    imports.UNITS: _l("Org units"),
    imports.TEACHERS: _l("Teachers"),
    imports.CREDITS: _l("Historical credits"),
}
KIND_NOTES = {
    imports.UNITS: _l("Org units below your own, found by code."),
    imports.TEACHERS: _l("New teachers, or changes to teachers of your scope, found by ID number."),
    imports.CREDITS: _l("Credits earned before the portal, from the old system, converted by the region's rules."),
}
# Where the region counts hours (学时), not credits.
HOURS_KIND_LABELS = {**KIND_LABELS, imports.CREDITS: _l("Historical hours")}
HOURS_KIND_NOTES = {**KIND_NOTES, imports.CREDITS: _l(
    "Hours earned before the portal, from the old system, recorded by the region's rules.")}


def _kinds() -> tuple[dict, dict]:
    """The kinds of import and their notes, in the region's unit."""
    in_hours = region().info.unit == Unit.HOUR
    return (HOURS_KIND_LABELS, HOURS_KIND_NOTES) if in_hours else (KIND_LABELS, KIND_NOTES)


COLUMN_LABELS = {
    "name": _l("Name"), "gender": _l("Gender"), "id_number": _l("ID number"), "school": _l("School code"),
    "phone": _l("Phone"), "stages": _l("School stages"), "subjects": _l("Subjects"), "title": _l("Title"),
    "training_title": _l("Training title"), "title_date": _l("Title date"), "entered_post": _l("Entered post"),
    "probation_end": _l("End of probation"),
    "transferred_in": _l("Transferred in"), "transferred_from": _l("Transferred from"),
    "layer": _l("Layer and category"), "qualified": _l("Teacher qualification certificate"), "code": _l("Code"),
    "unit_name": _l("Unit name"), "kind": _l("Kind"), "parent": _l("Parent code"), "date": _l("Date"),
    "category": _l("Category"),
    "level": _l("Level"), "mode": _l("Mode"), "hours": _l("Hours"), "credits": _l("Credits"),
}
# A bad row's reason: "<column>.<reason>"; the reasons every column may have, then the
# column's own.
REASONS = {
    "required": _l("%(column)s: this cell is empty, and it is required."),
    "not_text": _l("%(column)s: the cell is a number or a date, not text. Format the column as text and type it again."),
    "too_long": _l("%(column)s: too long."),
    "format": _l("%(column)s: not a date from 1950 to 2100 written as 2020-09-01."),
    "future": _l("%(column)s: this date is too late (a date after today, or too far ahead)."),
    "invalid": _l("%(column)s: not a value this column takes (see the note on the template's first heading)."),
    "before_entering_post": _l("%(column)s: this date is before the teacher entered post."),
}
PROBLEMS = {
    **{f"id_number.{code}": message for code, message in ID_NUMBER_ERRORS.items()},
    "id_number.not_text": _l("ID number: the cell is a number, not text. Excel keeps 15 digits, so an ID number "
                             "typed as a number has lost its last ones. Format the column as text and type it again."),
    "id_number.twice": _l("This ID number is already on an earlier row."),
    # the reason the details and new-user forms give (teacher_facts.title_missing), said of a row
    "title.missing": _l("Title date: a date with no title. Give the title obtained on it, or leave the date empty."),
    "id_number.other_scope": _l("A teacher with this ID number is kept outside your scope: ask the admin above you."),
    "id_number.unknown": _l("No teacher of your scope has this ID number."),
    "school.unknown": _l("No school of your scope has this code."),
    "gender.invalid": _l("Gender: write 男 or 女 (or Male or Female)."),
    "gender.id_number": _l("Gender: it does not match the ID number (its 17th digit is odd for a man, even for a woman)."),
    "entered_post.too_young": _l("Entered post: by the ID number's birth date the teacher was not yet 16 then."),
    "phone.invalid": _l("Phone: digits only, 5 to 20 of them (a mobile number has 11); + and - may stand among them."),
    "stages.invalid": _l("School stages: write 小学, 初中, 高中, 幼儿园, 特殊教育 or 中职, several separated by 、"),
    "qualified.invalid": _l("Teacher qualification certificate: write 是 (or 有, 持有, Yes) if the teacher holds one, "
                            "否 (or 无, 未持有, No) if not, or leave the cell empty."),
    "code.invalid": _l("Code: letters, digits, dots, hyphens and underscores only, at most 64."),
    "code.twice": _l("This code is already on an earlier row."),
    "code.other_scope": _l("A unit with this code is kept outside your scope."),
    "code.moved": _l("A unit with this code is kept under another parent or as another kind: an import does not "
                     "move units or change their kind."),
    "parent.unknown": _l("No unit of your scope, nor an earlier row, has this parent code."),
    "parent.refused": _l("The parent code is an earlier row's, which is to correct: correct that row, and this one "
                         "follows."),
    # the kinds the sheet takes, named here: an onboarding trial wrote 小学 and was sent to a note on
    # the template's first heading, which a phone's or WPS's viewer hardly shows
    "kind.invalid": _l("Kind: write 市, 区县, 学区, 学校, 民办学校 or 培训机构 (or city, district, zone, school, "
                       "private_school, institution)."),
    "kind.below": _l("A unit of this kind cannot be placed below its parent: a unit sits below one of a higher "
                     "level (a school below a district, a district below a city), and nothing sits below a school "
                     "or a training institution."),
    "row.twice": _l("The same credit (teacher, date, title, level, mode and figure) is already on an earlier row."),
    "figure.missing": _l("Give the hours or the credits."),
    "figure.both": _l("Give the hours or the credits, not both."),
    "hours.invalid": _l("Hours: a number above 0, with at most two decimals."),
    "credits.invalid": _l("Credits: a number above 0, with at most two decimals."),
    "rules": _l("The region's rules cannot convert this activity."),
    "rules.nothing": _l("The region's rules count nothing for this row as it is given: where they count from "
                        "the hours, fill in its hours; else check its level and mode."),
    "rules.beyond_cycle": _l("This row counts more than a whole cycle asks of a teacher: check its figure."),
    "row.example": _l("This is a row of the template's examples: replace it with your own, or delete it."),
}
REFUSED = {
    "missing": lambda limit: _("Choose an Excel file (.xlsx)."),
    "empty": lambda limit: empty_file_words(),
    "blank": lambda limit: _("The file's first sheet is empty: download the template and fill in your rows below "
                             "its headings."),
    "too_large": lambda limit: _("The file is larger than %(mb)d MB.", mb=max(limit // (1024 * 1024), 1)),
    "too_many": lambda limit: _("At most %(n)d rows at a time: split the list into several sheets.", n=limit),
    "unreadable": lambda limit: _("This is not an Excel sheet that can be read. Save it as .xlsx and try again."),
    "headings": lambda limit: _("The headings are not this kind's template: download the template and fill it in."),
    "no_rows": lambda limit: _("The first sheet has no rows below its headings: fill in your rows there. The "
                               "sheet “示例 Example” only shows examples, and is never imported."),
    "bad_rows": lambda limit: _("A row needs correcting: correct the sheet and upload it again."),
    "changed": lambda limit: _("Nothing was saved: what the sheet names has changed since it was checked. "
                               "Upload it again to see it now."),
    "not_found": lambda limit: _("This upload is no longer kept: upload the sheet again."),
    "unchanged": lambda limit: _("This sheet changes nothing: every row is already kept as it is, so there is "
                                 "nothing to save."),
}


HEADINGS_SHOWN = 8  # a heading row's problems listed; a sheet of another kind may have many


def heading_problems(refused: imports.ImportRefused) -> list[str]:
    """Why a sheet's heading row is refused: the general sentence, then one a problem, each
    heading quoted as the sheet or the template writes it."""
    said = [REFUSED["headings"](0)]
    quoted = lambda headings: _(", ").join(f"“{h}”" for h in headings)  # noqa: E731
    for problem in refused.problems[:HEADINGS_SHOWN]:
        if problem.code == "missing":
            said.append(ngettext("The sheet has no column %(headings)s: add it, with its heading as the template "
                                 "writes it.",
                                 "The sheet has no columns %(headings)s: add them, with their headings as the "
                                 "template writes them.", len(problem.headings), headings=quoted(problem.headings)))
        elif problem.code == "twice":
            said.append(_("The heading %(heading)s is given more than once (columns %(columns)s): keep one of those "
                          "columns.", heading=quoted([problem.heading]), columns=_(", ").join(problem.columns)))
        elif problem.code == "unknown":
            said.append(_("The heading %(heading)s of column %(column)s is none of the template's: write it as the "
                          "template does, or delete the column.", heading=quoted([problem.heading]),
                          column=problem.columns[0]))
        else:
            said.append(_("Column %(column)s has no heading: give it the template's heading, or delete the column.",
                          column=problem.columns[0]))
    if len(refused.problems) > HEADINGS_SHOWN:
        said.append(ngettext("And %(num)d more problem with the headings.", "And %(num)d more problems with the headings.",
                             len(refused.problems) - HEADINGS_SHOWN))
    return said


@bp.url_value_preprocessor
def _allow_large_sheets(endpoint, _values) -> None:
    """An import's sheet may be larger than other requests' bodies: the limit is raised before
    anything (the CSRF check) reads the body."""
    if endpoint == "imports.upload":
        request.max_content_length = imports.max_bytes() + 64 * 1024


def problem_text(code: str) -> str:
    """A bad row's reason in the page's language."""
    if code == "category.invalid":
        return _("Category: one of %(names)s, or leave it empty.",
                 names=_(", ").join(str(c.label) for c in region().categories()))
    if code in ("level.invalid", "mode.invalid"):  # the region's, as the template's drop-down lists offer them
        column = code.partition(".")[0]
        names = "、".join(word for _code, word in imports.credit_choices(region(), clock.today())[column])
        return (_("Level: one of %(names)s, as the template's list offers them.", names=names) if column == "level"
                else _("Mode: one of %(names)s, as the template's list offers them.", names=names))
    if code == "layer.invalid":  # the region's layers, as the template's drop-down list offers them
        names = "、".join(word for _code, word in imports.layer_choices(region(), clock.today()))
        return _("Layer and category: one of %(names)s, as the template's list offers them, or leave it empty.",
                 names=names)
    if code == "layer.none":
        return _("Layer and category: this region does not divide teachers into layers and categories; leave "
                 "the cell empty.")
    if code in PROBLEMS:
        return str(PROBLEMS[code])
    column, _sep, reason = code.partition(".")
    if reason in REASONS:
        return str(REASONS[reason] % {"column": COLUMN_LABELS.get(column, column)})
    return code


def _kind(kind: str) -> str:
    if kind not in imports.KINDS:
        abort(404)
    return kind


# A teacher qualification certificate as the preview shows it, in the details form's words.
QUALIFIED_WORDS = {"yes": _l("Holds one"), "no": _l("Does not hold one"), "": _l("Not recorded")}


def _context(kind: str) -> dict:
    return {"kind": kind, "kinds": _kinds()[0], "columns": COLUMN_LABELS, "problem_text": problem_text,
            "category_labels": region().category_labels() if kind == imports.CREDITS else {},
            "shown": _shown_value(kind)}


def _shown_value(kind: str):
    """How the preview shows a value that changes: a layer by the region's words for it (its
    code is what is kept), school stages and a gender by the page's words for them, in the
    page's language; a code no longer listed, as kept. A teacher qualification certificate
    held, not held or not recorded, in the details form's words."""
    from . import gender_label, stage_label

    layers = {}
    if kind == imports.TEACHERS:
        layers = {c.code: c.label for c in region().project_choices(clock.today()).get("layer", ())}

    def shown(column: str, value: str) -> str:
        if column == "qualified":  # kept as the details form's choice; none: not recorded
            return str(QUALIFIED_WORDS.get(value, QUALIFIED_WORDS[""]))
        if not value:
            return value
        if column == "layer":
            return str(layers.get(value, value))
        if column == "stages":
            return _(", ").join(stage_label(code) for code in value.split("、"))
        if column == "gender":
            return gender_label(value)
        return value

    return shown


@bp.get("")
@roles_required(*IMPORTERS)
def index():
    kinds, notes = _kinds()
    return render_template("imports/index.html", kinds=kinds, notes=notes, organises=projects.organises(current_user))


@bp.get("/<kind>/template.xlsx")
@roles_required(*IMPORTERS)
def template(kind: str):
    data = imports.template(_kind(kind), region(), clock.today())
    return Response(data, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f"attachment; filename=import-{kind}.xlsx"})


@bp.post("/<kind>")
@roles_required(*IMPORTERS)
def upload(kind: str):
    """A sheet: judged and shown at once, or by a background job whose page the admin follows.
    Nothing is kept but the file, until the admin confirms."""
    kind = _kind(kind)
    try:
        sheet = request.files.get("sheet")
        started = imports.upload(region(), current_user, kind, sheet.read() if sheet else None)
    except RequestEntityTooLarge:
        flash(REFUSED["too_large"](imports.max_bytes()), "error")
        return redirect(url_for("imports.index"), 303)
    except imports.ImportRefused as refused:
        if refused.code == "not_allowed":
            abort(403)
        for said in (heading_problems(refused) if refused.code == "headings" else
                     [REFUSED.get(refused.code, REFUSED["unreadable"])(refused.limit)]):
            flash(said, "error")
        return redirect(url_for("imports.index"), 303)
    if started.job_id is not None:
        return redirect(url_for("imports.job", kind=kind, job_id=started.job_id), 303)
    outcome = started.outcome
    return render_template("imports/preview.html", outcome=outcome, token=started.token, job=None,
                           **_context(kind)), 200 if outcome.ok else 422


@bp.post("/<kind>/confirm")
@roles_required(*IMPORTERS)
def confirm(kind: str):
    """The sheet previewed at once, kept now; a sheet judged by a job, kept by another."""
    kind = _kind(kind)
    job_id = request.form.get("job", "")
    try:
        if job_id:
            if not job_id.isdigit() or len(job_id) > 9:
                abort(400)
            keeping = imports.start_confirm(current_user, kind, int(job_id))
            return redirect(url_for("imports.job", kind=kind, job_id=keeping), 303)
        outcome = imports.confirm(region(), current_user, kind, request.form.get("token", ""),
                                  request.form.get("fingerprint", ""))
    except imports.ImportRefused as refused:
        if refused.code == "not_allowed":
            abort(403)
        flash(REFUSED.get(refused.code, REFUSED["changed"])(refused.limit), "error")
        return redirect(url_for("imports.index"), 303)
    flash(_saved(outcome), "success")
    if accounts_note(kind, outcome):
        flash(accounts_note(kind, outcome), "info")
    return redirect(url_for("imports.index", _anchor="accounts" if accounts_note(kind, outcome) else None), 303)


def _saved(outcome: imports.Outcome) -> str:
    return _("Saved: %(new)d new, %(updated)d updated, %(unchanged)d unchanged.",
             new=outcome.new, updated=outcome.updated, unchanged=outcome.unchanged)


def accounts_note(kind: str, outcome: imports.Outcome | None) -> str:
    """After teachers are imported: how many are new, and that they have no account to sign in
    with until they open one with their school's activation code (or an admin adds one)."""
    if kind != imports.TEACHERS or outcome is None or not outcome.saved or not outcome.new:
        return ""
    return ngettext(
        "%(num)d new teacher was created, without a sign-in account. Download their school's "
        "activation codes (“Activation codes”) and hand them theirs, or add a user for them under "
        "“New user”: role Teacher, their school and the same ID number.",
        "%(num)d new teachers were created, without sign-in accounts. Download their schools' "
        "activation codes (“Activation codes”) and hand each teacher theirs, or add a user for one "
        "under “New user”: role Teacher, their school and the same ID number.", outcome.new)


@bp.get("/<kind>/jobs/<int:job_id>")
@roles_required(*IMPORTERS)
def job(kind: str, job_id: int):
    """An import's background job: its progress until it is done, then the rows judged (with
    the button that keeps them) or what was kept. Polled by the page while it runs."""
    kind = _kind(kind)
    try:
        found = imports.job(current_user, kind, job_id)
    except imports.ImportRefused as refused:
        abort(403 if refused.code == "not_allowed" else 404)
    return render_template("imports/preview.html", outcome=found.outcome, token="", job=found,
                           refused=REFUSED.get(found.refused, REFUSED["changed"])(0) if found.refused else "",
                           saved=_saved(found.outcome) if found.outcome and found.outcome.saved else "",
                           accounts=accounts_note(kind, found.outcome),
                           **_context(kind))


def rows_summary(count: int) -> str:
    return ngettext("%(num)d row", "%(num)d rows", count)
