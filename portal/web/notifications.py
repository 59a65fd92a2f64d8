"""Each person's notifications (消息): what changed for them, newest first."""
from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..services import notifications

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


@bp.get("")
@login_required
def index():
    page = notifications.notification_page(current_user, request.args.get("page", 1, type=int),
                                           current_app.config["PORTAL_PAGE_SIZE"])
    return render_template("notifications/index.html", page=page)


def read_opened() -> None:
    """Before a page: the signed-in person's unread notifications that link to it are read as it
    opens (a principal who approved from the home's card kept the badge of the request she had
    handled until she opened her messages). Pages only: the JSON API and files read nothing."""
    if request.method != "GET" or request.endpoint in (None, "static") or request.path.startswith("/api/"):
        return
    if current_user.is_authenticated and notifications.unread_count(current_user.id):
        notifications.read_opened(current_user, request.path)


@bp.post("/read")
@login_required
def read():
    notifications.mark_read(current_user)
    return redirect(url_for("notifications.index"), 303)
