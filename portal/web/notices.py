"""Published figures (通报): the list a unit's admins read and one notice with its figures."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request
from flask_login import current_user

from ..domain import ADMIN_ROLES
from ..services import notices
from .access import region, roles_required
from .reports import chart_of

bp = Blueprint("notices", __name__, url_prefix="/admin/notices")


@bp.get("")
@roles_required(*ADMIN_ROLES)
def index():
    try:
        page = notices.notices_page(region(), current_user, request.args.get("page", 1, type=int),
                                    current_app.config["PORTAL_PAGE_SIZE"])
    except notices.NoticeRefused:
        abort(404)
    return render_template("notices/index.html", page=page)


@bp.get("/<int:notice_id>")
@roles_required(*ADMIN_ROLES)
def show(notice_id: int):
    try:
        view = notices.notice_view(region(), current_user, notice_id)
    except notices.NoticeRefused:
        abort(404)
    return render_template("notices/show.html", view=view, chart=chart_of(view) if view.report else None)
