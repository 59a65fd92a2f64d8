"""A report's figures published to the units below its unit (通报): a bureau that monitors its
teachers' training tells its districts and schools how each of them stands, and the figures
stay as they were that day, whatever happens since.

Whoever may read a report over a unit with units below may publish it: the figures the page
shows (computed now, or by today's job for a large one) are kept a row per unit, with the
publisher's words, audited, and told to the admins and principals of every unit below. They
read it, as everyone at or above the unit does, in their own language, with the clause the
report answers.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select

from ..domain import ADMIN_ROLES, Report, ScopeSummary
from ..domain.reporting import combined
from ..domain.results import Period
from ..domain.text import Messages
from ..extensions import db
from ..models import OrgUnit, ReportNotice, RoleAssignment, User
from ..plugins import Region
from . import reports
from .audit import record_event
from .notifications import notify
from .pagination import Page, clamp
from .reports import ReportView, UnitRow
from .scope import Scope, ancestors
from .transactions import use_case

_ = Messages("messages", "portal")

EVENT = "report.published"
NOTE_MAX = 500  # characters of the publisher's words


class NoticeRefused(LookupError):
    """No such notice for this user, or nothing to publish."""


def publishable(view: ReportView) -> bool:
    """Whether a report as the page shows it may be published: its figures are there and its
    unit has units (or workshops) below to tell."""
    return view.computed and not view.alone and bool(view.rows)


def publish(region: Region, user: User, code: str, unit_id: int | None, note: str, today: date) -> int:
    """Keep the report ``code`` over ``unit_id`` as the user reads it today, tell the units
    below, and return the notice's id; refused as the report page is, or where nothing may be
    published (``publishable``)."""
    with use_case():
        view = reports.report_view(region, user, code, unit_id, today)
        if not publishable(view):
            raise NoticeRefused(code)
        notice = ReportNotice(
            report_code=code, org_unit_id=view.unit.id, day=today, note=note.strip()[:NOTE_MAX],
            published_by_id=user.id,
            rows=[{"unit": r.unit.id if r.unit else None, "name": r.name, "summary": r.summary.as_data()}
                  for r in view.rows])
        db.session.add(notice)
        db.session.flush()
        record_event(user, EVENT, notice, after={"report": code, "unit": view.unit.id, "day": today.isoformat(),
                                                 "rows": len(notice.rows)}, org_unit_id=view.unit.id)
        told = [u for u in _admins_below(view.unit) if u != user.id]
        notify(told, notice, _("{unit} has published its figures of {day}: open them to see how each unit stands.",
                               unit=view.unit.name, day=today.isoformat()), f"/admin/notices/{notice.id}")
        return notice.id


def _admins_below(unit: OrgUnit) -> list[int]:
    """The users holding an admin role (a principal's included) over a unit below ``unit``."""
    return list(db.session.scalars(
        select(RoleAssignment.user_id).join(OrgUnit, RoleAssignment.org_unit_id == OrgUnit.id)
        .where(RoleAssignment.role.in_([r.value for r in ADMIN_ROLES]),
               OrgUnit.path.startswith(unit.path, autoescape=True), OrgUnit.id != unit.id).distinct()))


def _readable(scope: Scope):
    """SQL over ``OrgUnit``: a notice's unit is at or above one of the scope's units (published
    to it) or below one (published within it)."""
    above = sorted({a for path in scope.paths for a in ancestors(path)})
    return or_(OrgUnit.path.in_(above), *(OrgUnit.path.startswith(p, autoescape=True) for p in scope.paths))


def _scope(user: User) -> Scope:
    scope = Scope.of(user, ADMIN_ROLES)
    if not scope.paths:
        raise NoticeRefused()
    return scope


@dataclass(frozen=True)
class NoticeRow:
    notice: ReportNotice
    title: str  # the report's, in the reader's words; "" where the region offers it no longer


def notices_page(region: Region, user: User, number: int, per_page: int) -> Page:
    """The notices the user may read, newest first, ``per_page`` a page (of ``NoticeRow``);
    refused to a user administering no unit."""
    condition = _readable(_scope(user))
    total = db.session.scalar(select(func.count(ReportNotice.id)).join(OrgUnit, ReportNotice.org_unit_id == OrgUnit.id)
                              .where(condition))
    number = clamp(number, total, per_page)
    found = db.session.scalars(select(ReportNotice).join(OrgUnit, ReportNotice.org_unit_id == OrgUnit.id)
                               .where(condition).order_by(ReportNotice.published_at.desc(), ReportNotice.id.desc())
                               .limit(per_page).offset((number - 1) * per_page)).all()
    titles: dict[date, dict[str, str]] = {}
    rows = []
    for notice in found:
        if notice.day not in titles:
            titles[notice.day] = {r.code: r.title for r in reports.reports(region, notice.day)}
        rows.append(NoticeRow(notice, titles[notice.day].get(notice.report_code, "")))
    return Page(rows, number, per_page, total)


@dataclass(frozen=True)
class NoticeView:
    """A notice as a report page shows its figures: ``report`` is the report's definition on the
    notice's day (None where the region offers it no longer: then no figure can be named)."""

    notice: ReportNotice
    report: Report | None
    rows: tuple[UnitRow, ...]
    total: UnitRow | None
    period: Period
    publisher: str


def notice_view(region: Region, user: User, notice_id: int) -> NoticeView:
    """The notice, for a user at, above or below its unit; refused to anyone else."""
    notice = db.session.scalar(select(ReportNotice).join(OrgUnit, ReportNotice.org_unit_id == OrgUnit.id)
                               .where(ReportNotice.id == notice_id, _readable(_scope(user))))
    if notice is None:
        raise NoticeRefused(notice_id)
    report = next((r for r in reports.reports(region, notice.day) if r.code == notice.report_code), None)
    summaries = [(row["name"], ScopeSummary.from_data(row["summary"])) for row in notice.rows]
    period = summaries[0][1].year_period
    publisher = db.session.get(User, notice.published_by_id) if notice.published_by_id else None
    name = publisher.display_name if publisher else ""
    if report is None:
        return NoticeView(notice, None, (), None, period, name)
    rows = tuple(UnitRow(unit, None, summary, region.report_cells(report, summary), False) for unit, summary in summaries)
    total = combined([r.summary for r in rows], period.start.year, period)
    return NoticeView(notice, report, rows, UnitRow(notice.unit.name, None, total, region.report_cells(report, total), False),
                      period, name)
