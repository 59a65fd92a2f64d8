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

bp = Blueprint("calendar", __name__, url_prefix="/calendar")


@bp.get("")
@login_required
def index():
    asked = _day(request.args.get("on"))
    on = asked or clock.today()
    view = calendar.calendar_view(region(), on, defaults=asked is not None,
                                  seed=calendar.may_edit(region(), current_user))
    return _page(view, on)


def _page(view, on: date, typed: dict | None = None, errors: dict | None = None, status: int = 200):
    return render_template("calendar/index.html", view=view, on=on, today=clock.today(),
                           editable=calendar.may_edit(region(), current_user),
                           runs_calendar=region().runs_selection_calendar(),
                           typed=typed or {}, errors=errors or {}), status


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text or "")
    except ValueError:
        return None


@bp.post("")
@login_required
def save():
    """The bureau's dates saved; refused, the form again as typed with what to correct (422)."""
    if not calendar.may_edit(region(), current_user):
        abort(403)
    on = _day(request.form.get("on")) or clock.today()
    view = calendar.calendar_view(region(), on, defaults=request.form.get("from") == "defaults", seed=True)
    typed = {f"{side}-{index}": (request.form.get(f"{side}-{index}") or "").strip()[:10]
             for index in range(len(view.phases)) for side in ("start", "end")}
    edited = []  # each phase with its dates as typed; None where they were not both given
    for index, phase in enumerate(view.phases):
        start, end = _day(typed[f"start-{index}"]), _day(typed[f"end-{index}"])
        edited.append(None if start is None or end is None else replace(phase, start=start, end=end))
    try:
        calendar.save(region(), current_user, edited)
        found = []
    except calendar.CalendarRefused as refused:
        found = [refused, *refused.more]
    errors = {}
    for refused in found:
        if refused.code in ("missing", "dates", "order"):
            errors.setdefault(refused.index, _refusal(refused, view.phases, edited))
        else:
            errors[-1] = _("The region has no calendar for that term: enter a day of a term it has.")
    if errors:
        flash(_("The calendar was not saved: correct the dates marked below."), "error")
        return _page(view, on, typed, errors, 422)
    flash(_("Saved: selections and steps now follow these dates."), "success")
    return redirect(url_for("calendar.index"), 303)


def _refusal(refused: calendar.CalendarRefused, phases, edited) -> str:
    """What is wrong with one phase, said beside its dates."""
    if refused.code == "missing":
        return _("Give both dates of “%(phase)s”.", phase=phases[refused.index].label)
    if refused.code == "dates":
        return _("“%(phase)s” ends before it starts.", phase=phases[refused.index].label)
    first, then = edited[refused.before], edited[refused.index]
    words = dict(phase=then.label, first=first.label, start=first.start.isoformat(), end=first.end.isoformat())
    if refused.order.overlap:
        return _("“%(phase)s” may run alongside “%(first)s” (%(start)s – %(end)s) but neither start "
                 "before it starts nor end before it ends.", **words)
    return _("“%(phase)s” comes after “%(first)s”: it must start after %(end)s, the day “%(first)s” ends.", **words)
