"""Reports (统计报表) for the admins of each level: the list, one report over the units below
the reader with its chart and its drill-down, and its Excel export."""
from __future__ import annotations

from decimal import Decimal

from flask import (
    Blueprint, abort, current_app, flash, make_response, redirect, render_template, request, send_file, url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from .. import clock
from ..domain import ADMIN_ROLES, Finding
from ..domain.text import figure
from ..services import notices, reports
from .access import region, roles_required
from .forms import NoticeForm

bp = Blueprint("reports", __name__, url_prefix="/admin/reports")


@bp.get("")
@roles_required(*ADMIN_ROLES)
def index():
    return render_template("reports/index.html", reports=reports.reports(region(), clock.today()))


@bp.get("/<code>")
@roles_required(*ADMIN_ROLES)
def show(code: str):
    return _show(_view(code), NoticeForm())


def _show(view: reports.ReportView, form: NoticeForm, status: int = 200):
    publishing = form if notices.publishable(view) else None
    response = make_response(render_template("reports/show.html", view=view, chart=chart_of(view), publishing=publishing),
                             status)
    if request.headers.get("HX-Request") and view.job and view.job.finished:
        response.headers["HX-Refresh"] = "true"  # the figures came: the whole page, chart and all
    return response


@bp.post("/<code>/publish")
@roles_required(*ADMIN_ROLES)
def publish(code: str):
    """The report's figures as the page shows them published to the units below (通报)."""
    form = NoticeForm()
    if not form.validate_on_submit():
        return _show(_view(code), form, 422)
    try:
        notice_id = notices.publish(region(), current_user, code, request.args.get("unit", type=int), form.note.data or "",
                                    clock.today())
    except (reports.ReportNotFound, notices.NoticeRefused):
        abort(404)
    flash(_("Published: the admins and principals of the units below are told."), "success")
    return redirect(url_for("notices.show", notice_id=notice_id), 303)


@bp.post("/<code>/compute")
@roles_required(*ADMIN_ROLES)
def compute(code: str):
    """A large report's figures computed by a background job; the report's page follows it."""
    unit_id = request.form.get("unit", type=int)
    try:
        reports.start_figures(region(), current_user, code, unit_id, clock.today())
    except reports.ReportNotFound:
        abort(404)
    return redirect(url_for("reports.show", code=code, unit=unit_id), 303)


@bp.get("/<code>/export.xlsx")
@roles_required(*ADMIN_ROLES)
def export(code: str):
    view = _view(code, paged=False)
    if not view.computed:
        return redirect(url_for("reports.show", code=code, unit=view.unit.id), 303)
    buffer = reports.workbook(view)
    name = f"{view.report.title}-{view.unit.name}-{clock.today().isoformat()}.xlsx"
    return send_file(buffer, download_name=name, as_attachment=True, max_age=0,
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def _view(code: str, paged: bool = True) -> reports.ReportView:
    try:
        return reports.report_view(region(), current_user, code, request.args.get("unit", type=int), clock.today(),
                                   request.args.get("q", "")[:80], request.args.get("page", 1, type=int),
                                   current_app.config["PORTAL_PAGE_SIZE"] if paged else 0)
    except reports.ReportNotFound:
        abort(404)


def chart_of(view) -> dict | None:
    """The chart column's figure per unit of a report's page or a notice (its ``report`` and
    ``rows``), as the page's script draws it (None: no chart, or fewer than two units to compare)."""
    if view.report.chart is None or len(view.rows) < 2:
        return None
    at = [c.code for c in view.report.columns].index(view.report.chart)
    column = view.report.columns[at]
    numbers = [_number(row.cells[at]) for row in view.rows]
    unit = "%" if column.percent else ""
    # the axis of a count of teachers steps by whole ones: a city's chart of 1 and 0 teachers able to use
    # their credits read 0, 0.2, 0.4 … 1 under its bars
    whole = not column.percent and all(isinstance(n, int) for n in numbers if n is not None)
    return {"label": column.label, "units": [row.name for row in view.rows],
            "values": [None if n is None else float(n) for n in numbers],
            "shown": [f"{figure(n)}{unit}" if n is not None else "—" for n in numbers],
            "whole": whole}


def _number(cell) -> Decimal | int | None:
    value = cell.actual if isinstance(cell, Finding) else cell
    return value if isinstance(value, (int, Decimal)) and not isinstance(value, bool) else None
