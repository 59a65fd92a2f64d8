"""Enrollments (我的培训 and a project's class list): the steps of the region's workflow, each
a form posted here and taken by the one service that moves enrollments."""
from __future__ import annotations

from decimal import Decimal
from itertools import islice

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..domain import Grade, UserRole
from ..domain.activity import parse_amount
from ..services import enrollment_fields, enrollments
from .access import region, roles_required
from .forms import GRADE_LABELS, MoveForm
from .wording import not_possible, taken_by

bp = Blueprint("enrollments", __name__)

MOVE_ERRORS = {
    "not_found": lambda: _("This enrollment does not exist, or you do not have access to it."),
    "not_allowed": lambda: _("You may not take this step on this enrollment now."),
    "changed": lambda: _("Someone else has just moved this enrollment. Here is its state now."),
    "full": lambda: _("No seat is left in this training."),
    "unpaid": lambda: _("The payment is not confirmed yet."),
}
ASKED = {
    # a text past its length was refused as a step the actor may not take (a phone trial's
    # evaluation with a long comment read 您现在不能对该报名执行此操作)
    "reason": lambda: _("Give a reason of at most 500 characters: the teacher reads it."),
    "comment": lambda: _("Keep your comment to at most 500 characters."),
    "attended_hours": lambda: _("Give the hours attended (0 to 10000, at most two decimals)."),
    "payment": lambda: _("Choose a payment method."),
    "evaluation": lambda: _("Give your evaluation, from 1 to 5."),
    "agreement": lambda: _("Read the notice and tick that you agree before taking this step."),
    "grade": lambda: _("Choose the grade this step records."),
    "fields": lambda: _("Fill in what this step asks."),
}


@bp.get("/me/enrollments")
@roles_required(UserRole.TEACHER)
def mine():
    page = enrollments.my_enrollments(region(), current_user, request.args.get("page", 1, type=int),
                                      current_app.config["PORTAL_PAGE_SIZE"])
    return render_template("enrollments/mine.html", page=page, **step_context())


@bp.get("/enrollments/awaiting")
@login_required
def awaiting():
    """The enrollments waiting for one of the user's steps (待办报名)."""
    page = enrollments.awaiting_page(region(), current_user, request.args.get("page", 1, type=int),
                                     current_app.config["PORTAL_PAGE_SIZE"])
    return render_template("enrollments/awaiting.html", page=page, **step_context())


def step_context() -> dict:
    return {"payments": region().payment_methods(), "grade_labels": GRADE_LABELS,
            "assessment_parts": region().assessment_parts(), "kept": _kept()}


# What a step refused for a bad value was given (a part score out of range, a reason left out),
# kept in the session for the page it goes back to, which opens that step's form again filled
# in, under the message saying why: a trial's institution typed three part scores, the hours and
# the grade on a phone, and one score of 150 sent it back to a closed, empty form. No step asks a
# file; the CSRF token and the step's own hidden fields are not what was typed. The session is
# a cookie: what a form takes is short (a reason or a comment at most 500 characters).
KEPT = "enrollment_move_kept"
_NOT_TYPED = frozenset({"csrf_token", "next", "state", "target"})
MOST_KEPT = 20  # fields of one step's form: a crafted post of more does not swell the cookie


def _keep(enrollment_id: int) -> None:
    session[KEPT] = {"enrollment": enrollment_id, "target": request.form.get("target", "")[:70],
                     "typed": dict(islice(((k, v[:500]) for k, v in request.form.items()
                                           if k not in _NOT_TYPED and len(k) <= 70), MOST_KEPT))}


def _kept() -> dict | None:
    """What the step refused just before was given, once: the page that shows it drops it."""
    return session.pop(KEPT, None)


def _scores() -> dict[str, Decimal] | None:
    """The part scores of a composite assessment (``score-<part>``); None if one is not a score."""
    scores = {}
    for key, value in request.form.items():
        if key.startswith("score-") and len(key) <= 70:
            try:
                scores[key[6:]] = parse_amount(value.strip())
            except ValueError:
                return None
    return scores


@bp.post("/enrollments/<int:enrollment_id>/moves")
@login_required
def move(enrollment_id: int):
    form = MoveForm()
    back = _safe_next(request.form.get("next"))
    if not form.validate():
        field = next(iter(form.errors))
        return _refused(enrollment_id, ASKED.get(field, MOVE_ERRORS["not_allowed"])(), back)
    scores = _scores()
    if scores is None:
        return _refused(enrollment_id, _("Give each part's score as a number, with at most two decimals."), back)
    # the region's own fields this step asks (an invoice at 报名), checked by its form
    given = enrollment_fields.at_step(region(), current_user, enrollment_id, form.target.data, form=request.form)
    if given.refused:
        return _refused(enrollment_id, _("%(field)s: %(error)s", field=given.label, error=given.error), back)
    data = enrollments.MoveInput(
        reason=form.reason.data or "", attended_hours=form.attended_hours.data, scores=scores,
        grade=Grade(form.grade.data) if form.grade.data else None, payment=form.payment.data or None,
        evaluation=form.evaluation.data, comment=form.comment.data or "", agreed=bool(form.agreed.data),
        fields=given.values)
    try:
        enrollment = enrollments.move(region(), current_user, enrollment_id, form.target.data, data,
                                      expected=form.state.data)
    except enrollments.MoveRefused as refused:
        if refused.code == "not_found":
            abort(404)
        if refused.code == "refused":
            message = not_possible(refused.findings)
        elif refused.code == "rules":
            message = _("The region's rules refuse this result: %(reason)s", reason=refused.message)
        elif refused.code == "result":
            message = _("This result cannot be recorded: %(reason)s", reason=refused.message)
        elif refused.code == "asks":
            message = ASKED.get(refused.field, MOVE_ERRORS["not_allowed"])()
        elif refused.code == "not_allowed":
            message = taken_by(refused.taken_by)
        elif refused.code == "changed" and refused.field == "expired":
            message = _("The time allowed for this step ran out before it was taken. Here is its state now.")
        else:
            message = MOVE_ERRORS[refused.code]()
        return _refused(enrollment_id, message, back, keep=refused.code not in ("changed", "not_allowed"))
    flash(_("Done: %(state)s", state=enrollments.confirmed_label(region(), enrollment)), "success")
    return redirect(back, 303)


def _refused(enrollment_id: int, message: str, back: str, keep: bool = True):
    """Back to the page the step was taken on, saying why; what was typed is kept for its form
    (``_keep``) unless the step is no longer there to take (moved by someone else, not theirs)."""
    flash(message, "error")
    if keep:
        _keep(enrollment_id)
    return redirect(back, 303)


def _safe_next(target: str | None) -> str:
    """Back to the page the step was taken on, never off the site."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("enrollments.mine")
