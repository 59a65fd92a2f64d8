"""The credit bank (学分银行): a teacher's account, a borrowing asked for this year's
shortfall, and the borrowings in an admin's scope. Shown only where the region keeps one."""
from __future__ import annotations


from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from .. import clock
from ..domain import ADMIN_ROLES
from ..services import bank
from .access import region, roles_required
from .claims import teacher_arg
from .wording import quantity, said

bp = Blueprint("bank", __name__)


@bp.get("/bank")
@login_required
def account():
    view = bank.account_view(region(), current_user, teacher_arg(), clock.today())
    if view is None:
        abort(404)
    return render_template("bank/account.html", view=view, own=view.teacher.user_id == current_user.id,
                           category_labels=region().category_labels())


def _awaiting_words(count: int, amount) -> str:
    """Why no borrowing is entered while credits of its year wait in the audit."""
    unit = region().info.unit.value
    return ngettext("%(num)d entry of this year (%(amount)s) still waits for its audit: the year's shortfall is "
                    "known once it is decided, and only what is still short then can be borrowed.",
                    "%(num)d entries of this year (%(amount)s) still wait for their audit: the year's shortfall is "
                    "known once they are decided, and only what is still short then can be borrowed.",
                    count, amount=quantity(amount, unit))


def _refusal(refused: bank.BorrowingRefused) -> str:
    return {
        "not_found": lambda: _("This teacher does not exist, or you may not ask for them."),
        "no_bank": lambda: _("The rules here keep no credit bank."),
        "not_now": lambda: _("No borrowing can be made now: %(why)s", why=said(refused.detail)),
        "pending": lambda: _("A borrowing already waits for its audit."),
        "awaiting": lambda: _awaiting_words(*refused.detail),
    }[refused.code]()


@bp.post("/bank/borrow")
@login_required
def borrow():
    teacher_id = teacher_arg()
    try:
        bank.borrow(region(), current_user, teacher_id)
    except bank.BorrowingRefused as refused:
        flash(_refusal(refused), "error")
    else:
        flash(_("The borrowing is asked for and waits for its audit."), "success")
    return redirect(url_for("bank.account", teacher=teacher_id), 303)


@bp.get("/admin/borrowings")
@roles_required(*ADMIN_ROLES)
def borrowings():
    if not region().keeps_bank:  # a trial's admin opened 学分借贷 by its address, in a region that keeps none
        abort(404)
    page = bank.borrowings_page(current_user, request.args.get("page", 1, type=int), current_app.config["PORTAL_PAGE_SIZE"])
    workflow = region().audit_workflow()
    return render_template("bank/borrowings.html", page=page, state_labels={s.code: s.label for s in workflow.states})
