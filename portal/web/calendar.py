"""The selection calendar (选课进程) for the bureau: each phase's dates, seeded from the
region's defaults and edited here; everyone signed in may read it."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import clock
from ..services import calendar
from .access import region
from .forms import ROLE_LABELS

bp = Blueprint("calendar", __name__, url_prefix="/calendar")


@bp.get("")
@login_required
def index():
    asked = _day(request.args.get("on"))
    on = asked or clock.today()
    view = calendar.calendar_view(region(), on, defaults=asked is not None)
    return render_template("calendar/index.html", view=view, on=on, today=clock.today(),
                           editable=calendar.may_edit(current_user), role_labels=ROLE_LABELS)


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text or "")
    except ValueError:
        return None


@bp.post("")
@login_required
def save():
    if not calendar.may_edit(current_user):
        abort(403)
    on = _day(request.form.get("on")) or clock.today()
    phases = calendar.calendar_view(region(), on, defaults=request.form.get("from") == "defaults").phases
    edited = []
    for index, phase in enumerate(phases):
        start, end = _day(request.form.get(f"start-{index}")), _day(request.form.get(f"end-{index}"))
        if start is None or end is None:
            flash(_("Give both dates of “%(phase)s”.", phase=phase.label), "error")
            return redirect(url_for("calendar.index", on=on.isoformat()), 303)
        edited.append(replace(phase, start=start, end=end))
    try:
        calendar.save(current_user, edited)
    except calendar.CalendarRefused as refused:
        if refused.code == "dates":
            flash(_("“%(phase)s” ends before it starts.", phase=phases[refused.index].label), "error")
        else:
            flash(_("The region has no calendar for that term: enter a day of a term it has."), "error")
        return redirect(url_for("calendar.index", on=on.isoformat()), 303)
    flash(_("Saved: selections and steps now follow these dates."), "success")
    return redirect(url_for("calendar.index"), 303)
