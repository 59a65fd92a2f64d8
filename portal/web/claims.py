"""Claims (学分申报): credits earned outside the portal's projects, claimed by a teacher or
entered by their school with evidence files, corrected while they wait; and the evidence
files themselves, served only to those who may see the claim."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup

from .. import clock
from ..domain.claims import FIXED
from ..extensions import talisman
from ..services import claims, teacher_pages
from ..services import evidence as files
from .access import region
from .wording import cite, named, said
from .forms import ClaimForm, level_labels

bp = Blueprint("claims", __name__)

# A kept file is shown in a sandbox where a PDF's script cannot reach the portal. Set on the
# views themselves: Talisman writes the portal's own policy over a header a view sets.
STORED_FILE_POLICY = "default-src 'none'; img-src 'self'; sandbox"
stored_file_view = talisman(content_security_policy=STORED_FILE_POLICY)

# Two file inputs (the camera's and the files'), each up to the claim's number of files.
UPLOAD_ENDPOINTS = frozenset({"claims.new", "claims.correct", "appeals.new", "transfers.bring_in",
                              "transfers.confirm", "projects.upload_materials"})


def raise_upload_limit() -> None:
    """A claim's form may carry its evidence: its body may be larger than other requests'.
    Runs before the CSRF check reads the form."""
    if request.endpoint in UPLOAD_ENDPOINTS and request.method == "POST":
        config = current_app.config
        request.max_content_length = 2 * config["PORTAL_EVIDENCE_FILES"] * config["PORTAL_EVIDENCE_MAX_BYTES"] + 2**20


def evidence_refusal(code: str, detail: object, reason: str = "") -> str:
    """Why files were refused: none given, too many, or one that is empty, too large or of
    a type no evidence may have (``evidence.EvidenceRefused``)."""
    if code == "files":
        return (_("Add at least one file that proves the claim.") if not detail
                else _("Send at most %(num)d files at once.", num=detail))
    megabytes = current_app.config["PORTAL_EVIDENCE_MAX_BYTES"] // 2**20 or 1
    return {
        "empty": lambda: named(_("%(file)s is empty."), file=detail),
        "too_large": lambda: named(_("%(file)s is larger than %(mb)d MB."), file=detail, mb=megabytes),
        "type": lambda: named(_("%(file)s is not a PDF, a photo (JPEG, PNG) or an Office document. Its content was "
                                "checked, not its name."), file=detail),
    }[reason]()


def _refusal(refused: claims.ClaimRefused) -> str:
    messages = {
        "not_found": lambda: _("This claim has just been corrected or decided. Reload to see it."),
        "reason": lambda: _("Say what you corrected: whoever reviews the claim reads it."),
        "kind": lambda: _("You may not claim this kind of credit for this teacher."),
        "title": lambda: _("Say what it was, in at most 200 characters."),
        "date": lambda: _("Give the date, which cannot be in the future."),
        "start": lambda: _("The first day cannot come after the last."),
        "before_post": lambda: _("The date is before the teacher entered post on %(day)s: only training done in post "
                                 "is credited. Check the date, or ask the school to correct the date of entering post.",
                                 day=refused.detail.isoformat()),
        "level": lambda: (_("Choose one of the levels offered.") if refused.detail
                          else _("Choose the level: none is chosen for you.")),
        "grade": lambda: _("Choose one of the grades offered, or none if the certificate states none."),
        "figure": lambda: _("Give a number greater than 0, with at most two decimals."),
        "files": lambda: evidence_refusal("files", refused.detail),
        "evidence": lambda: evidence_refusal("evidence", refused.detail, refused.reason),
        "duplicate": lambda: (named(_("%(file)s already backs your claim “%(claim)s”: the same credit is never entered "
                                      "twice."), file=refused.reason, claim=refused.detail) if refused.detail
                              else _("This file was just sent with another claim.")),
        "rules": lambda: _("The rules cannot credit this claim: %(why)s", why=refused.detail),
        "not_correctable": lambda: _("This claim can no longer be corrected: it has been decided. To contest it, ask your school."),
        "most": lambda: _("One claim of this kind gives at most %(most)s: check the figure.", most=said(refused.detail)),
        "beyond_cycle": lambda: _("One claim cannot count more than a whole cycle asks (%(most)s): check the figure.",
                                  most=said(refused.detail)),
        "per_day": lambda: _("%(days)d day(s) hold at most %(hours)d hours a day: check the hours and the "
                             "first and last days.", days=refused.reason, hours=refused.detail),
        "past_cycle": lambda: _("The date is before the teacher's previous cycle (%(start)s to %(end)s): training that "
                                "old counts for no cycle now. Check the date.",
                                start=refused.detail.start.isoformat(), end=refused.detail.end.isoformat()),
        "not_for_teacher": lambda: Markup("{} {}").format(
            _("“%(kind)s” is only for %(who)s: it cannot be claimed for this teacher.",
              kind=said(refused.detail.label), who=said(refused.detail.applies.who)),
            cite(refused.detail.applies.source)),
        "same_claim": lambda: named(_("You already have this claim, “%(claim)s”, on the same date: the same credit is "
                                      "never entered twice. Correct that claim instead if something in it is wrong."),
                                    claim=refused.detail),
    }
    return messages[refused.code]()


def _flash_refusal(refused: claims.ClaimRefused) -> None:
    """Every mistake the service found, each said once."""
    for message in dict.fromkeys(_refusal(r) for r in (refused, *getattr(refused, "more", ()))):
        flash(message, "error")


# What the form's own checks cannot find: said with the fields' mistakes, not after them.
_SERVICE_ONLY = frozenset({"files", "evidence", "start", "before_post", "past_cycle", "most", "per_day"})


def _flash_mistakes(found: list) -> None:
    for message in dict.fromkeys(_refusal(r) for r in found if r.code in _SERVICE_ONLY):
        flash(message, "error")


def teacher_arg() -> int | None:
    """The teacher a page is about (``?teacher=``), or None for the user's own record."""
    value = request.args.get("teacher", "")
    return int(value) if value.isdigit() and len(value) < 10 else None


def _members_only(teacher_id: int | None) -> None:
    """Raises ``MembersOnly`` (403 in words) where the reader reaches the teacher only as a
    workshop's leader."""
    if teacher_id is not None:
        teacher_pages.page_teacher(current_user, teacher_id)


@bp.get("/claims")
@login_required
def index():
    teacher = claims.claim_teacher(current_user, teacher_arg())
    if teacher is None:
        _members_only(teacher_arg())
        abort(404)
    page = claims.claims_page(region(), current_user, teacher, request.args.get("page", 1, type=int),
                              current_app.config["PORTAL_PAGE_SIZE"])
    kinds = claims.claimable(region(), current_user, teacher)
    return render_template("claims/index.html", teacher=teacher, page=page, kinds=kinds, own=teacher.user_id == current_user.id,
                           others=claims.entered_by_others(region(), current_user, teacher), **_labels())


@bp.get("/claims/new")
@login_required
def choose():
    teacher = claims.claim_teacher(current_user, teacher_arg())
    if teacher is None:
        abort(404)
    kinds = claims.claimable(region(), current_user, teacher)
    return render_template("claims/choose.html", teacher=teacher, kinds=kinds, own=teacher.user_id == current_user.id,
                           others=claims.entered_by_others(region(), current_user, teacher))


@bp.route("/claims/new/<kind_code>", methods=["GET", "POST"])
@login_required
def new(kind_code: str):
    teacher_id = teacher_arg()
    teacher = claims.claim_teacher(current_user, teacher_id)
    kind = teacher and next((k for k in claims.claimable(region(), current_user, teacher) if k.code == kind_code), None)
    if kind is None:
        refused = teacher and claims.not_for(region(), teacher, kind_code)
        if not refused:
            abort(404)
        # a kind for other teachers (ClaimKind.applies), by a link kept or a form sent: said why, not a missing page
        flash(_refusal(refused), "error")
        return redirect(url_for("claims.choose", teacher=teacher_id), 303)
    form = _form(kind)
    kept = claims.held(current_user, form.held.data) if form.is_submitted() else None
    if form.validate_on_submit():
        try:
            claims.claim(region(), current_user, teacher_id, _input(form, kind, kept))
        except claims.ClaimRefused as refused:
            _flash_refusal(refused)
        else:
            claims.release(kept)
            flash(_("Your claim is entered and waits for review.") if teacher.user_id == current_user.id
                  else named(_("The claim is entered for %(name)s and waits for review."), name=teacher.name), "success")
            return redirect(url_for("claims.index", teacher=teacher_id), 303)
    elif form.is_submitted():
        _flash_mistakes(claims.mistakes(region(), current_user, teacher_id, _input(form, kind, kept)))
    kept = _keep(form, kept)
    status = 422 if request.method == "POST" else 200
    return render_template("claims/form.html", form=form, kind=kind, teacher=teacher, entry=None, teacher_id=teacher_id,
                           evidence=(), kept=kept, **_limits()), status


@bp.route("/claims/<int:entry_id>/correct", methods=["GET", "POST"])
@login_required
def correct(entry_id: int):
    row = claims.claim_row(region(), current_user, entry_id)
    if row is None or row.kind is None:
        abort(404)
    if not row.correctable:
        flash(_refusal(claims.ClaimRefused("not_correctable")), "error")
        return redirect(url_for("claims.index"), 303)
    entry = row.entry
    form = _form(row.kind, entry if request.method == "GET" else None, correcting=True)
    kept = claims.held(current_user, form.held.data) if form.is_submitted() else None
    if form.validate_on_submit():
        try:
            claims.correct(region(), current_user, entry_id, _input(form, row.kind, kept), form.reason.data or "")
        except claims.ClaimRefused as refused:
            _flash_refusal(refused)
        else:
            claims.release(kept)
            flash(_("The corrected claim is entered and waits for review again."), "success")
            own = entry.teacher.user_id == current_user.id
            return redirect(url_for("claims.index", teacher=None if own else entry.teacher_id), 303)
    elif form.is_submitted():
        _flash_mistakes(claims.mistakes(region(), current_user, entry.teacher_id, _input(form, row.kind, kept),
                                        required=False))
    kept = _keep(form, kept)
    status = 422 if request.method == "POST" else 200
    return render_template("claims/form.html", form=form, kind=row.kind, teacher=entry.teacher, entry=entry,
                           teacher_id=entry.teacher_id, evidence=row.evidence, reason=row.reason, kept=kept,
                           **_limits()), status


@bp.get("/evidence/<int:evidence_id>")
@stored_file_view
@login_required
def evidence(evidence_id: int):
    item = claims.evidence_file(current_user, evidence_id)
    if item is None:
        abort(404)
    return send_stored(item)


def send_stored(item):
    """A kept file (a claim's evidence, an appeal's file, a project's material) as the browser
    should take it: a PDF or a photo shown, an Office document downloaded, never sniffed, never
    cached; its view is a ``stored_file_view``, in a sandbox where a PDF's script cannot reach
    the portal."""
    path = files.path_of(item.stored_as)
    if not path.is_file():
        abort(404)
    response = send_file(path, mimetype=item.content_type, download_name=item.filename,
                         as_attachment=item.content_type not in files.INLINE, max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _form(kind, entry=None, correcting: bool = False) -> ClaimForm:
    if entry is not None:
        facts = entry.facts or {}
        form = ClaimForm(title=entry.title, activity_date=entry.activity_date, level=facts.get("level"),
                         start=date.fromisoformat(facts["start"]) if facts.get("start") else None,
                         figure=facts.get("base_credits") or facts.get("hours"), details=facts.get("details", ""),
                         grade=facts.get("grade") or "")
    else:
        form = ClaimForm()
    form.fit_to(kind, level_labels(), claims.level_asked(region(), kind, clock.today()))
    if kind.figure == FIXED:
        del form.figure
    if not correcting:
        del form.reason
    return form


def _uploads(form: ClaimForm) -> tuple:
    return tuple(claims.Upload(f.stream, f.filename or "")
                 for field in (form.photos, form.files) for f in field.data or () if getattr(f, "filename", ""))


def _keep(form: ClaimForm, kept):
    """A refused sending's files, kept for the next one (a browser never fills a file input
    again): the files just chosen, which replace those kept before, or those kept before."""
    if not form.is_submitted():
        return None
    chosen = claims.hold(current_user, _uploads(form)) if _uploads(form) else None
    if chosen is not None:
        claims.release(kept)
        kept = chosen
    form.held.data = kept.token if kept is not None else ""
    return kept


def _input(form: ClaimForm, kind, kept=None) -> claims.ClaimInput:
    uploads = _uploads(form) or (kept.uploads if kept is not None else ())
    # a kind of one level carries it, unasked (``ClaimForm.fit_to``); one whose rules do not
    # read it is not asked and records none (``claims.level_asked``)
    level = (form.level.data or "") if "level" in form else ""
    return claims.ClaimInput(kind=kind.code, title=form.title.data or "", activity_date=form.activity_date.data,
                             level=level, figure=form.figure.data if "figure" in form else None,
                             details=form.details.data or "", uploads=uploads,
                             start=form.start.data if "start" in form else None,
                             grade=form.grade.data or "" if "grade" in form else "")


def _limits() -> dict:
    config = current_app.config
    return {"max_mb": config["PORTAL_EVIDENCE_MAX_BYTES"] // 2**20 or 1, "max_files": config["PORTAL_EVIDENCE_FILES"]}


def _labels() -> dict:
    workflow = region().audit_workflow()
    return {"state_labels": {s.code: s.label for s in workflow.states}, "category_labels": region().category_labels()}
