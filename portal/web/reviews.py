"""Credit audit (学分审核): the entries awaiting the user, and their steps along the region's
audit workflow."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from jinja2_fragments.flask import render_block

from ..domain import TEACHER_VIEWERS, UserRole
from ..services import reviews
from .access import region, roles_required

bp = Blueprint("reviews", __name__, url_prefix="/admin/reviews")

REVIEW_ERRORS = {
    "not_found": (404, lambda: _("This entry does not exist, or you do not have access to it.")),
    "not_allowed": (403, lambda: _("You may not take this step on this entry.")),
    "changed": (409, lambda: _("Someone else has just reviewed this entry. Reload to see its state.")),
}


@bp.get("")
@roles_required(*TEACHER_VIEWERS, UserRole.INSTITUTION_STAFF)
def queue():
    workflow = region().audit_workflow()
    page = reviews.review_page(current_user, workflow, request.args.get("page", 1, type=int),
                               current_app.config["PORTAL_PAGE_SIZE"])
    return render_template("reviews/queue.html", page=page, **_review_context(workflow))


@bp.post("/<int:entry_id>")
@roles_required(*TEACHER_VIEWERS, UserRole.INSTITUTION_STAFF)
def move(entry_id: int):
    workflow = region().audit_workflow()
    try:
        row = reviews.move(current_user, workflow, entry_id, request.form.get("target", ""))
    except reviews.ReviewRefused as refused:
        status, message = REVIEW_ERRORS[refused.code]
        if request.headers.get("HX-Request"):
            return render_block("reviews/queue.html", "refused", message=message(), entry_id=entry_id), status
        flash(message(), "error")
        return redirect(url_for("reviews.queue")), 303
    if request.headers.get("HX-Request"):
        return render_block("reviews/queue.html", "row", row=row, **_review_context(workflow))
    flash(_("%(title)s: %(state)s", title=row.entry.title,
            state=workflow.state(row.entry.audit_state).label), "success")
    return redirect(url_for("reviews.queue"))


def _review_context(workflow) -> dict:
    return {
        "state_labels": {s.code: s.label for s in workflow.states},
        "category_labels": region().category_labels(),
    }
