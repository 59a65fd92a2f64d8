"""Credit audit (学分审核): the entries awaiting the user, and their steps along the region's
audit workflow, one entry at a time or many at once."""
from __future__ import annotations


from urllib.parse import parse_qsl, urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from jinja2_fragments.flask import render_block
from markupsafe import Markup, escape
from werkzeug.datastructures import MultiDict

from .. import clock
from ..domain import TEACHER_VIEWERS, LedgerSource, UserRole
from ..domain.workflow import REASON
from ..services import reviews
from .access import region, roles_required
from .wording import KEPT, named, not_possible, taken_by

bp = Blueprint("reviews", __name__, url_prefix="/admin/reviews")

SOURCE_LABELS = {
    LedgerSource.ENROLLMENT.value: _l("Trainings in the portal"),
    LedgerSource.ACHIEVEMENT.value: _l("Achievements claimed"),
    LedgerSource.DEGREE_COURSE.value: _l("Degree courses claimed"),
    LedgerSource.OUTSIDE.value: _l("Trainings elsewhere, claimed"),
    LedgerSource.BORROWING.value: _l("Borrowings"),
}

CLAIMED = (LedgerSource.ACHIEVEMENT.value, LedgerSource.DEGREE_COURSE.value, LedgerSource.OUTSIDE.value)


def source_labels(the_region) -> dict:
    """The sources an admin may narrow the queue to: borrowings only where the region keeps a
    credit bank (a region counting hours keeps none, and says no 学分借贷), each kind of claim
    only where one of the region's claim kinds enters it (a region taking trainings elsewhere only offers no achievements)."""
    claimed = {kind.ledger_source.value for kind in the_region.claim_kinds()}
    return {code: label for code, label in SOURCE_LABELS.items()
            if (code != LedgerSource.BORROWING.value or the_region.keeps_bank)
            and (code not in CLAIMED or code in claimed)}


REVIEW_ERRORS = {
    "not_found": (404, lambda: _("This entry does not exist, or you do not have access to it.")),
    "not_allowed": (403, lambda: _("You may not take this step on this entry now. Reload to see its state.")),
    "changed": (409, lambda: _("Someone else has just reviewed this entry. Reload to see its state.")),
    "reason": (422, lambda: _("Give a reason of at most 500 characters: the teacher and whoever registered the entry "
                              "read it.")),
    "refused": (422, lambda: _("This step cannot be taken now.")),
}


@bp.get("")
@roles_required(*TEACHER_VIEWERS, UserRole.INSTITUTION_STAFF)
def queue():
    narrowed = _narrowed(request.args)
    page = reviews.review_page(region(), current_user, clock.today(), request.args.get("page", 1, type=int),
                               current_app.config["PORTAL_PAGE_SIZE"], narrowed)
    return render_template("reviews/queue.html", page=page, bulk=_bulk_steps(page.items), narrowed=narrowed,
                           source_labels=source_labels(region()), **_review_context())


@bp.post("")
@roles_required(*TEACHER_VIEWERS, UserRole.INSTITUTION_STAFF)
def review_many():
    """The ticked entries moved by one step, all or none."""
    chosen = request.form.getlist("shown" if request.form.get("all_shown") else "entry")
    ids = [int(i) for i in chosen if i.isdigit() and len(i) < 10]
    if not ids:
        flash(_("Tick at least one entry."), "error")
        return redirect(url_for("reviews.queue", page=request.form.get("page", 1, type=int)), 303)
    try:
        rows = reviews.review(region(), current_user, ids, request.form.get("target", ""),
                              request.form.get("reason", ""), where_offered=bool(request.form.get("all_shown")))
    except reviews.ReviewRefused as refused:
        _flash_refusal(refused)
    else:
        flash(ngettext("%(num)d entry moved on.", "%(num)d entries moved on.", len(rows)), "success")
    return redirect(url_for("reviews.queue", page=request.form.get("page", 1, type=int)), 303)


@bp.post("/<int:entry_id>")
@roles_required(*TEACHER_VIEWERS, UserRole.INSTITUTION_STAFF)
def move(entry_id: int):
    try:
        row = reviews.move(region(), current_user, entry_id, request.form.get("target", ""),
                           request.form.get("reason", ""))
    except reviews.ReviewRefused as refused:
        status, message = REVIEW_ERRORS[refused.code]
        target = request.form.get("target", "")
        if request.headers.get("HX-Request") and refused.code == "reason" and target.isidentifier():
            # said beside the reason asked, the entry left as it is on the page (the whole entry gave way to it)
            return render_block("reviews/queue.html", "reason_missing", message=message(), entry_id=entry_id,
                                target=target), status, {"HX-Retarget": f"#reason-{entry_id}-{target}-error",
                                                         "HX-Reswap": "outerHTML"}
        if request.headers.get("HX-Request"):
            return render_block("reviews/queue.html", "refused", message=_said(refused), entry_id=entry_id,
                                findings=refused.findings), status
        _flash_refusal(refused)
        return redirect(url_for("reviews.queue")), 303
    if request.headers.get("HX-Request"):
        # the queue's count comes along (out of band), as the page's own filter counts it now
        narrowed = _narrowed(MultiDict(parse_qsl(urlsplit(request.headers.get("HX-Current-URL", "")).query)))
        total = reviews.review_page(region(), current_user, clock.today(), 1, 1, narrowed)
        return (render_block("reviews/queue.html", "row", row=row, **_review_context())
                + render_block("reviews/queue.html", "count", page=total, narrowed=narrowed, oob=True))
    flash(named(_("%(title)s: %(state)s"), title=row.entry.title,
                state=escape(region().audit_workflow().state(row.entry.audit_state).label)), "success")
    return redirect(url_for("reviews.queue"), 303)


def _narrowed(args) -> reviews.QueueFilter:
    source = args.get("source", "")
    return reviews.QueueFilter(args.get("q", ""), source if source in SOURCE_LABELS else "",
                               args.get("order") == "newest")


def _said(refused: reviews.ReviewRefused) -> str:
    """The refusal's words: for a step the user's roles do not take on the entry, who takes it
    (a school's admin posting the organiser's step on another school's training read only
    that they might not), else the code's."""
    if refused.code == "not_allowed" and refused.taken_by:
        return taken_by(refused.taken_by)
    return REVIEW_ERRORS[refused.code][1]()


def _flash_refusal(refused: reviews.ReviewRefused) -> None:
    message = _said(refused)
    if refused.findings:
        message = not_possible(refused.findings)
    flash(Markup("{}{}{}").format(KEPT.format(refused.entry), _(": "), message) if refused.entry else message, "error")


def _bulk_steps(rows) -> dict[str, tuple[str, bool]]:
    """The steps offered on the page's entries, for the ticked ones: target → (label, asks a reason).
    Steps to one target under different labels (a county that audits a public school's
    registration and registers a private school's entry itself) are named together: the option
    read only the first label found, the private school's, for a public school's entries too."""
    labels: dict[str, list[str]] = {}
    asks: dict[str, bool] = {}
    for row in rows:
        for t in row.reviewed:  # a returned entry is corrected and handed in again one by one
            said = labels.setdefault(t.target, [])
            if str(t.label) not in said:
                said.append(str(t.label))
            asks[t.target] = asks.get(t.target, False) or REASON in t.asks
    return {target: (" / ".join(said), asks[target]) for target, said in labels.items()}


def _review_context() -> dict:
    workflow = region().audit_workflow()
    return {
        "state_labels": {s.code: s.label for s in workflow.states},
        "category_labels": region().category_labels(),
        "REASON": REASON,
    }
