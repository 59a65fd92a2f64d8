"""Reports over the units below an admin: one row per unit with that unit's ``ScopeSummary``,
read from the kept standings in a handful of grouped queries whatever the number of teachers
or units, and the columns the core or the region defines (``portal_reports``)."""
from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import and_, case, func, literal_column, not_, or_, select
from sqlalchemy.orm import aliased

from .. import clock
from ..domain import (
    ADMIN_ROLES, ActivityRole, CategoryCount, Column, Finding, ProgramCount, Report, ScopeSummary, SelectionCount,
    Unit,
)
from ..domain.amounts import DISPLAY_QUANTUM_SETTING, ONE_TENTH, average, percent
from ..domain.findings import any_year_of_cycle
from ..domain.reporting import Cell, combined
from ..domain.results import Period, json_value
from ..extensions import db, from_replica
from ..models import (
    CycleConclusion, Enrollment, LedgerEntry, NeedsSurvey, OrgUnit, StandingDuty, StandingPurpose, Teacher, TeacherStanding,
    TrainingProject, User, Workshop,
)
from ..plugins import Region
from . import background, ledger, sheets, standings
from .pagination import Page, clamp
from .scope import Scope
from .sql_functions import child_path, json_list_has
from .teachers import holding, in_post_figures, latest_conclusion, signed_in, standing_figures, surveyed


FIGURES = "reports.figures"


class ReportNotFound(LookupError):
    """No such report, or a unit outside the reader's scope."""


@dataclass(frozen=True)
class UnitRow:
    name: str
    unit: OrgUnit | None  # None: a workshop's row, whose figures open no teachers
    summary: ScopeSummary
    cells: tuple[Cell, ...]
    opens: bool  # units with teachers lie below it (a school's row opens its teachers instead)
    workshop_id: int | None = None  # a workshop's row: its page (the members and the leader's summary)


@dataclass(frozen=True)
class ReportView:
    report: Report
    unit: OrgUnit  # the unit whose units are the rows
    trail: tuple[OrgUnit, ...]  # from the reader's top unit down to ``unit``
    tops: tuple[OrgUnit, ...]  # the units the reader administers, to switch among
    rows: tuple[UnitRow, ...]  # the page's rows
    total: UnitRow  # every row of the report, not only the page's
    period: Period
    page: Page | None = None  # where the rows stand among the report's (filtered by ``search``)
    search: str = ""
    teachers: int = 0  # below ``unit``
    job: background.JobView | None = None  # the background job of a large report's figures, if any
    alone: bool = False  # no unit with teachers lies below ``unit``: its only row would repeat the total

    @property
    def in_background(self) -> bool:
        """The report counts too many teachers to compute on the page: a job computes it."""
        return self.teachers > current_app.config["PORTAL_REPORT_BACKGROUND_TEACHERS"]

    @property
    def computed(self) -> bool:
        """The figures are there: computed now, or by a job today."""
        return not self.in_background or (self.job is not None and self.job.state == background.DONE)


def core_reports(region: Region, today: date) -> list[Report]:
    """The reports every region has: duties met, the uses of credits open, and the year's credits by category, by unit."""
    requirements = region.requirements(today)
    in_hours = region.info.unit == Unit.HOUR  # 学时, not 学分: its reports, sheets and exports say so
    step = display_quantum(region, today)

    def share(part: str, base: str):
        return lambda s: share_of(getattr(s, part), getattr(s, base), step)

    columns = [Column("teachers", _("Teachers"), lambda s: s.teachers)]
    # A teacher asked nothing of the year or the cycle (a probation year: 0 of 0) meets nothing:
    # counted apart (不作要求), neither among those meeting it nor in its share. A teacher whose
    # standing is being computed again is in no figure (``waiting``): a share is of those judged.
    if requirements.yearly is not None:
        columns += [Column("year_met", _("Met this year"), lambda s: s.teachers_meeting_yearly),
                    Column("year_unmet", _("Not met this year"), lambda s: s.year_judged - s.teachers_meeting_yearly, drill=("year_unmet", "")),
                    Column("year_exempt", _("Nothing asked this year"), lambda s: s.year_exempt,
                           drill=("year_exempt", ""), headline=False),
                    Column("year_share", _("Met this year (%)"), share("teachers_meeting_yearly", "year_judged"))]
    # The cycle's total alone, then every duty: a teacher asked 0 of the cycle (a probation year)
    # is counted apart, with the duties of that year still open.
    columns += [Column("cycle_met", _("Cycle total reached"), lambda s: s.teachers_meeting_cycle),
                Column("cycle_unmet", _("Cycle total not reached"), lambda s: s.cycle_judged
                       - s.teachers_meeting_cycle, drill=("cycle_unmet", "")),
                Column("cycle_exempt", _("No cycle total asked"), lambda s: s.cycle_exempt,
                       drill=("cycle_exempt", ""), headline=False),
                Column("cycle_share", _("Cycle total reached (%)"), share("teachers_meeting_cycle", "cycle_judged")),
                # a teacher asked no duty now (every one exempt) meets none and has none open: apart,
                # as their own page says (``standings.nothing_asked``)
                Column("all_met", _("Every duty met"), lambda s: s.teachers_done),
                Column("duty_open", _("Some duty open"), lambda s: s.duties_judged - s.teachers_done,
                       drill=("duty_open", "")),
                Column("none_asked", _("No duty asked"), lambda s: s.teachers_not_asked,
                       drill=("none_asked", ""), headline=False),
                # of the teachers asked something of the year where a yearly minimum is asked: one asked
                # nothing (a probation year) is in neither the met nor the unmet, nor in this average
                Column("year_average", _("Average this year"),
                       (lambda s: s.year_average(step)) if requirements.yearly is not None
                       else (lambda s: average(s.year_total, s.teachers - s.waiting, step)))]
    columns += [Column(f"missing_{i}", _("Missing in any year of the cycle: %(duty)s", duty=duty.label)
                       if any_year_of_cycle(duty.code) else _("Missing: %(duty)s", duty=duty.label),
                       lambda s, code=duty.code: s.duties_open.get(code, 0), drill=("missing", duty.code),
                       headline=False)
                for i, duty in enumerate(region.duties()) if not duty.cap]  # a cap is no duty: never unfinished
    columns.append(Column("waiting", _("Being computed"), lambda s: s.waiting, headline=False))
    reports = [Report("compliance", _("Duties met, by unit"), tuple(columns),
                      _("Who has met this year's and this cycle's duties and who has not, unit by unit; "
                        "an underlined figure opens those teachers."),
                      chart="year_share" if requirements.yearly is not None else "cycle_share", reads=("duties_open",),
                      sheet=_("Duties met"), periods=("year", "cycle") if requirements.yearly is not None else ("cycle",))]
    purposes = region.purposes()
    if purposes:
        reports.append(Report(
            "credit_uses", _("Eligibility, by unit"),
            (Column("teachers", _("Teachers"), lambda s: s.teachers),
             *(Column(f"open_{i}", _("Open: %(use)s", use=p.label), lambda s, code=p.code: s.purposes_open.get(code, 0),
                      drill=("purpose", p.code)) for i, p in enumerate(purposes))),
            _("How many teachers' hours would be accepted for each use (title review, re-registration ...), "
              "unit by unit; an underlined figure opens the list of those teachers.") if in_hours else
            _("How many teachers' credits would be accepted for each use (title review, re-registration ...), "
              "unit by unit; an underlined figure opens the list of those teachers."),
            chart="open_0", reads=("purposes_open",), sheet=_("Eligibility"), periods=()))
    policy = region.cycle_conclusion
    if policy is not None:
        reports.append(Report(
            "conclusions", _("Cycle conclusions, by unit"),
            (Column("teachers", _("Teachers"), lambda s: s.teachers),
             Column("passed", _("Concluded: passed"), lambda s: s.concluded_passed, drill=("concluded", "passed")),
             Column("failed", _("Concluded: not passed"), lambda s: s.concluded_failed, drill=("concluded", "failed")),
             Column("not_concluded", _("Not concluded"), lambda s: s.teachers - s.concluded_passed - s.concluded_failed),
             Column("passed_share", _("Passed (%) of those concluded"),
                    lambda s: share_of(s.concluded_passed, s.concluded_passed + s.concluded_failed, step))),
            _("The bureau's conclusion on each teacher's latest ended cycle, unit by unit: how many passed and "
              "how many did not (an underlined figure opens those teachers), and how many have none yet (those who "
              "entered post after that cycle, who are not concluded, among them)."),
            policy.source, chart="passed_share", reads=("conclusions",), sheet=_("Cycle conclusions"),
            periods=("concluded",)))
    # The categories a training may be of (``Region.credited_categories``) are the report's categories;
    # one only the ledger itself makes (a credit bank's borrowing, ``Category.project`` False) is no
    # kind of training: its teachers and amount are counted apart, after them and behind the tap,
    # never as a category beside the trainings'.
    categories = region.credited_categories()
    apart = [c for c in region.categories() if not c.project]
    if categories:
        reports.append(Report(
            "categories", _("Hours by category, by unit") if in_hours else _("Credits by category, by unit"),
            (Column("teachers", _("Teachers"), lambda s: s.teachers),
             *(column for i, c in enumerate(categories) for column in (
                 Column(f"share_{i}", _("%(category)s: teachers with hours (%%)", category=c.label)
                        if in_hours else _("%(category)s: teachers with entries (%%)", category=c.label),
                        lambda s, code=c.code: share_of(s.category(code).teachers, s.teachers, step)),
                 Column(f"teachers_{i}", _("%(category)s: teachers with hours", category=c.label)
                        if in_hours else _("%(category)s: teachers with entries", category=c.label),
                        lambda s, code=c.code: s.category(code).teachers, drill=("credited", c.code), headline=False),
                 Column(f"amount_{i}", _("%(category)s: registered this year", category=c.label),
                        lambda s, code=c.code: s.category(code).amount, headline=False),
                 # over the same teachers as the compliance report's 本年人均 (``CategoryCount.average``);
                 # a category kept in another unit (a probation training's hours) has no per-head figure
                 # beside it: its teachers are those asked nothing of the year
                 *(() if c.unit not in (None, region.info.unit) else (
                     Column(f"average_{i}", (_("%(category)s: average per teacher asked hours this year",
                                                 category=c.label) if in_hours else
                                               _("%(category)s: average per teacher asked this year", category=c.label))
                            if requirements.yearly is not None else
                            _("%(category)s: average per teacher", category=c.label),
                            lambda s, code=c.code: s.category(code).average(s, step, requirements.yearly is not None),
                            headline=False),)))),
             *(column for i, c in enumerate(apart) for column in (
                 Column(f"apart_teachers_{i}", _("%(category)s (not a training): teachers with entries", category=c.label),
                        lambda s, code=c.code: s.category(code).teachers, drill=("credited", c.code), headline=False),
                 Column(f"apart_amount_{i}", _("%(category)s (not a training): registered this year", category=c.label),
                        lambda s, code=c.code: s.category(code).amount, headline=False)))),
            (_("This year's counted entries in each category, unit by unit: the share of teachers with hours, "
               "how many they are (an underlined figure opens them), how many hours were registered (before any "
               "cap) and the average per teacher asked hours this year, over the same teachers as the average "
               "this year of the duties report.") if in_hours and requirements.yearly is not None else
             _("This year's counted entries in each category, unit by unit: the share of teachers with hours, "
               "how many they are (an underlined figure opens them), how many hours were registered (before any "
               "cap) and the average per teacher.") if in_hours else
             _("This year's counted entries in each category, unit by unit: the share of teachers with entries "
               "in it, how many they are (an underlined figure opens them), how much was registered (before any "
               "cap) and the average per teacher asked credits this year, over the same teachers as the "
               "average this year of the duties report.") if requirements.yearly is not None else
             _("This year's counted entries in each category, unit by unit: the share of teachers with entries "
               "in it, how many they are (an underlined figure opens them), how much was registered (before any "
               "cap) and the average per teacher.")) + (
                " " + _("Entries that are not a training (%(names)s) are counted apart, after the categories, "
                        "not as a category.", names=_(", ").join(str(c.label) for c in apart)) if apart else ""),
            chart="share_0", entries=True, reads=(), sheet=_("Hours by category") if in_hours else _("Credits by category")))
    return reports


def share_of(part: int, whole: int, step: Decimal = ONE_TENTH) -> Decimal | None:
    """``part`` of ``whole`` in %, shown to ``step`` as every figure is (``percent``: half up):
    41 of 42 shows 97.6, and 99.97 shows 99.9, never 100 for a duty not everyone has met."""
    return percent(part, whole, step)


def display_quantum(region: Region, today: date) -> Decimal:
    """The step every figure is shown to: the region's setting ``display_quantum`` if it has
    one (its own findings round to it), else 0.1, so that the core's reports and the region's
    show one figure for one quantity."""
    parameter = region.settings_by_name().get(DISPLAY_QUANTUM_SETTING)
    if parameter is None:
        return ONE_TENTH
    step = Decimal(region.setting_value(parameter, today))
    return step if step > 0 else ONE_TENTH


def reports(region: Region, today: date) -> list[Report]:
    return core_reports(region, today) + region.reports()


def admin_scope(user: User) -> Scope:
    return Scope.of(user, ADMIN_ROLES)


def report_view(region: Region, user: User, code: str, unit_id: int | None, today: date, search: str = "",
                number: int = 1, per_page: int = 0) -> ReportView:
    """The report ``code`` over the units just below ``unit_id`` (the reader's first top unit
    when None), its rows those whose name holds ``search``, page ``number`` of ``per_page``
    (0: every row); refused when the report or the unit is not the reader's. The total row
    counts every row. Over more teachers than ``PORTAL_REPORT_BACKGROUND_TEACHERS`` the
    figures are those a background job computed today (``start_figures``), or none yet."""
    report, unit, trail, tops = _placed(region, user, code, unit_id, today)
    period = region.year(today)
    with from_replica():
        teachers = db.session.scalar(select(func.count(Teacher.id)).join(OrgUnit, Teacher.school_id == OrgUnit.id)
                                     .where(OrgUnit.path.startswith(unit.path, autoescape=True)))
    job = None
    if teachers <= current_app.config["PORTAL_REPORT_BACKGROUND_TEACHERS"]:
        rows = _rows(region, report, *_figures(region, report, unit, today, period))
    else:
        job = background.latest(user, FIGURES, _job_params(report, unit, today))
        rows = _rows(region, report, *_kept(report, job.result)) if job and job.state == background.DONE else ()
    total = combined([r.summary for r in rows], period.start.year, period)
    alone = len(rows) == 1 and rows[0].unit is not None and rows[0].unit.id == unit.id
    found = [r for r in rows if search.strip() in r.name]
    size = per_page or max(len(found), 1)
    number = clamp(number, len(found), size)
    page = Page(found[(number - 1) * size:number * size], number, size, len(found))
    return ReportView(report, unit, trail, tops, tuple(page.items),
                      UnitRow(unit.name, unit, total, region.report_cells(report, total), False), period, page,
                      search.strip(), teachers, job, alone)


def start_figures(region: Region, user: User, code: str, unit_id: int | None, today: date) -> int:
    """Queue the computing of a large report's figures for ``user`` (the job already under
    way for the same report, unit and day, if there is one); refused as ``report_view`` is."""
    report, unit, _trail, _tops = _placed(region, user, code, unit_id, today)
    params = _job_params(report, unit, today)
    under_way = background.latest(user, FIGURES, params)
    if under_way is not None and not under_way.finished:
        return under_way.id
    from ..jobs import compute_report

    return background.start(user, FIGURES, params, compute_report)


def figures_job(region: Region, actor: User, params: dict, progress: background.Progress) -> dict:
    """The work of the job: the report's figures per row, as ``report_view`` reads them back."""
    today = date.fromisoformat(params["day"])
    report, unit, _trail, _tops = _placed(region, actor, params["code"], params["unit"], today)
    parts, opening = _figures(region, report, unit, today, region.year(today), progress)
    return {"rows": {str(key): summary.as_data() for key, summary in parts.items()}, "opening": sorted(opening)}


FIGURES_FORMAT = 4  # bumped when a summary keeps more figures: a job kept before is not read back (2: teachers_done;
# 3: teachers_not_asked; 4: each category's amount of the teachers asked this year, its per-head's base)


def _job_params(report: Report, unit: OrgUnit, today: date) -> dict:
    return {"code": report.code, "unit": unit.id, "day": today.isoformat(), "format": FIGURES_FORMAT}


def _placed(region: Region, user: User, code: str, unit_id: int | None, today: date
            ) -> tuple[Report, OrgUnit, tuple[OrgUnit, ...], tuple[OrgUnit, ...]]:
    """The report, its unit, the trail down to it and the reader's top units; refused
    (``ReportNotFound``) when the report or the unit is not the reader's."""
    report = next((r for r in reports(region, today) if r.code == code), None)
    scope = admin_scope(user)
    tops = tuple(db.session.scalars(select(OrgUnit).where(OrgUnit.path.in_(scope.paths)).order_by(OrgUnit.path)))
    if report is None or not tops:
        raise ReportNotFound(code)
    unit = tops[0] if unit_id is None else db.session.get(OrgUnit, unit_id)
    if unit is None or not scope.covers(unit):
        raise ReportNotFound(unit_id)
    top = next(t for t in tops if unit.path.startswith(t.path))
    trail = tuple(db.session.scalars(
        select(OrgUnit).where(OrgUnit.path.in_(_prefixes(unit.path, len(top.path)))).order_by(OrgUnit.path)))
    return report, unit, trail, tops


def _figures(region: Region, report: Report, unit: OrgUnit, today: date, period: Period,
             progress: Callable[[int, int], None] = lambda done, total: None) -> tuple[dict, set]:
    with from_replica():  # the figures; who may read them was decided on the primary
        if report.rows == "workshops":
            return summaries(region, by_workshop(unit), today, period, report, progress=progress)
        return summaries(region, by_unit(unit), today, period, report,
                         projects_by_unit(unit) if report.needs("projects") else {}, progress)


def _kept(report: Report, result: dict) -> tuple[dict, set]:
    """The figures a background job kept, keyed as ``_figures`` keys them."""
    key = int if report.rows == "workshops" else str
    return ({key(k): ScopeSummary.from_data(data) for k, data in result["rows"].items()},
            {key(k) for k in result["opening"]})


def _rows(region: Region, report: Report, parts: dict, opening: set) -> tuple[UnitRow, ...]:
    """A row per unit (or workshop) with its figures, units that open further ones first."""
    if report.rows == "workshops":
        names = dict(db.session.execute(select(Workshop.id, Workshop.name).where(Workshop.id.in_(list(parts)))).all())
        return tuple(sorted((UnitRow(names[key], None, summary, region.report_cells(report, summary), False, key)
                             for key, summary in parts.items() if key in names), key=lambda r: r.name))
    units = {u.path: u for u in db.session.scalars(select(OrgUnit).where(OrgUnit.path.in_(list(parts))))}
    return tuple(sorted((UnitRow(units[path].name, units[path], summary, region.report_cells(report, summary),
                                 path in opening)
                         for path, summary in parts.items() if path in units), key=lambda r: (not r.opens, r.name)))


def _prefixes(path: str, shortest: int) -> list[str]:
    """The paths of ``path``'s ancestors (itself included) at least ``shortest`` long."""
    return [path[:i + 1] for i, char in enumerate(path) if char == "/" and i + 1 >= shortest]


@dataclass(frozen=True)
class Grouping:
    """How a report sums its teachers: ``key`` names each row, ``join`` adds to a query of
    teachers joined to their school (``OrgUnit``) what the key needs, ``where`` keeps the
    teachers below the reader's unit, ``deeper`` says a row holds teachers of units below it."""

    key: object
    where: object
    deeper: object
    join: Callable = lambda query: query


def by_unit(unit: OrgUnit) -> Grouping:
    """A row per unit just below ``unit`` (``unit`` itself for its own teachers)."""
    length = literal_column(str(len(unit.path)))  # a literal: the same expression in SELECT and GROUP BY
    key = child_path(OrgUnit.path, length)
    return Grouping(key, OrgUnit.path.startswith(unit.path, autoescape=True),
                    func.max(case((OrgUnit.path == key, 0), else_=1)))


_PLACE, _ORGANISER = aliased(OrgUnit), aliased(OrgUnit)  # made once: an alias costs more to make than to query


def by_workshop(unit: OrgUnit) -> Grouping:
    """A row per workshop below ``unit``: its members, the teachers of its subject and stage
    below its unit (as ``scope.Membership`` reads them), in one join."""
    place = _PLACE

    def join(query):
        return (query.join(Workshop, and_(json_list_has(Teacher.subjects, Workshop.subject),
                                          json_list_has(Teacher.stages, Workshop.stage)))
                .join(place, and_(Workshop.org_unit_id == place.id, OrgUnit.path.startswith(place.path))))

    return Grouping(Workshop.id, place.path.startswith(unit.path, autoescape=True), literal_column("0"), join)


def summaries(region: Region, grouping: Grouping, today: date, period: Period, report: Report,
              projects: dict | None = None, progress: Callable[[int, int], None] = lambda done, total: None
              ) -> tuple[dict, set]:
    """One ``ScopeSummary`` per row of ``grouping`` that has teachers, keyed by the row's key,
    and the keys of rows with teachers in units further below: six grouped queries at most,
    fewer for a report that reads fewer figures (``Report.reads``), each told to ``progress``."""
    key, below = grouping.key, grouping.where
    holds = standings.current_condition(region, today)
    by_program = report.entries and report.needs("programs")
    queries = 1 + sum(map(report.needs, ("duties_open", "purposes_open", "selections", "conclusions"))) \
        + 2 * bool(report.entries) + bool(by_program)
    done = 0

    def step(result):
        nonlocal done
        done += 1
        progress(done, queries)
        return result

    def joined(query):
        """The heads' query with the surveys joined where the report reads them."""
        if report.needs("teachers_surveyed") or report.needs("in_post"):
            query = query.outerjoin(NeedsSurvey, NeedsSurvey.teacher_id == Teacher.id)
        return query

    zero = literal_column("0")
    heads = step(db.session.execute(joined(grouping.join(
        select(key, *standing_figures(),
               (signed_in() if report.needs("teachers_signed_in") else zero).label("signed_in"),
               (surveyed() if report.needs("teachers_surveyed") else zero).label("surveyed"),
               *(in_post_figures(today) if report.needs("in_post")
                 else (zero.label("in_post"), zero.label("in_post_signed_in"), zero.label("in_post_surveyed"))),
               # the standings kept over a year other than the report's (each teacher's own year)
               func.count(TeacherStanding.teacher_id).filter(or_(TeacherStanding.year_start != period.start,
                                                                 TeacherStanding.year_end != period.end)),
               grouping.deeper)
        .join(OrgUnit, Teacher.school_id == OrgUnit.id))
        .outerjoin(TeacherStanding, holding(holds)))
        .where(below).group_by(key)
    ).all())
    teachers_of = (grouping.join(select(key).select_from(Teacher).join(OrgUnit, Teacher.school_id == OrgUnit.id))
                   .join(TeacherStanding, TeacherStanding.teacher_id == Teacher.id).where(below, holds))
    duties = step(_grouped(teachers_of.add_columns(StandingDuty.code, func.count())
                      .join(StandingDuty, StandingDuty.teacher_id == Teacher.id)
                      .where(not_(StandingDuty.ok)).group_by(key, StandingDuty.code))) \
        if report.needs("duties_open") else {}
    purposes = step(_grouped(teachers_of.add_columns(StandingPurpose.purpose, func.count())
                        .join(StandingPurpose, StandingPurpose.teacher_id == Teacher.id)
                        .where(StandingPurpose.ok).group_by(key, StandingPurpose.purpose))) \
        if report.needs("purposes_open") else {}
    selections = step(_selections(region, grouping, period.start.year)) if report.needs("selections") else {}
    concluded = step(_concluded(grouping)) if report.needs("conclusions") and region.cycle_conclusion else {}
    states, categories = _entries(region, grouping, period, step, holds) if report.entries else ({}, {})
    programs = step(_programs(region, grouping, period)) if by_program else {}
    projects = projects or {}
    found = {
        row: ScopeSummary(
            teachers, projects.get(row, 0), period.start.year, Decimal(total), met_year, period,
            teachers_meeting_cycle=met_cycle, teachers_done=done, waiting=waiting, computed_since=oldest,
            year_exempt=year_exempt, cycle_exempt=cycle_exempt, teachers_not_asked=not_asked,
            year_total_asked=Decimal(total_asked), years_differ=bool(other_years),
            concluded_passed=concluded.get(row, {}).get(True, 0), concluded_failed=concluded.get(row, {}).get(False, 0),
            teachers_signed_in=signed, teachers_in_post=in_post, in_post_signed_in=in_post_signed,
            in_post_surveyed=in_post_answered,
            teachers_surveyed=answered, selections=tuple(selections.get(row, ())),
            duties_open=duties.get(row, {}), purposes_open=purposes.get(row, {}),
            states=states.get(row, {}), categories=tuple(categories.get(row, ())),
            programs=tuple(programs.get(row, ())))
        for row, teachers, total, met_year, met_cycle, year_exempt, cycle_exempt, done, waiting, oldest, not_asked,
        total_asked, signed, answered, in_post, in_post_signed, in_post_answered, other_years, _deeper in heads
    }
    return found, {row for row, *_figures, deeper in heads if deeper}


def _concluded(grouping: Grouping) -> dict[str, dict[bool, int]]:
    """Per row, the teachers whose latest concluded cycle passed (True) and did not (False)."""
    return _grouped(grouping.join(select(grouping.key).select_from(Teacher).join(OrgUnit, Teacher.school_id == OrgUnit.id))
                    .add_columns(CycleConclusion.passed, func.count())
                    .join(CycleConclusion, latest_conclusion())
                    .where(grouping.where).group_by(grouping.key, CycleConclusion.passed))


def projects_by_unit(unit: OrgUnit) -> dict[str, int]:
    """The projects organised below each unit just below ``unit``, by its path."""
    organiser = _ORGANISER
    organised = child_path(organiser.path, literal_column(str(len(unit.path))))
    return dict(db.session.execute(
        select(organised, func.count(TrainingProject.id))
        .join(organiser, TrainingProject.organiser_id == organiser.id)
        .where(organiser.path.startswith(unit.path, autoescape=True))
        .group_by(organised)).all())


def _grouped(query) -> dict[str, dict[str, int]]:
    found: dict[str, dict[str, int]] = defaultdict(dict)
    for path, code, count in db.session.execute(query):
        found[path][code] = count
    return found


def _selections(region: Region, grouping: Grouping, year: int) -> dict[str, list[SelectionCount]]:
    """As ``teachers.selection_counts``, per row."""
    key, below = grouping.key, grouping.where
    workflow = region.enrollment_workflow()
    standing_states = workflow.standing()
    kind = (TrainingProject.year, TrainingProject.layer, TrainingProject.base_credits, Teacher.layer)
    found: dict[str, list[SelectionCount]] = defaultdict(list)
    for path, y, p, b, t, n in db.session.execute(
        grouping.join(select(key, *kind, func.count(Enrollment.id))
                      .join(Teacher, Enrollment.teacher_id == Teacher.id)
                      .join(OrgUnit, Teacher.school_id == OrgUnit.id))
        .join(TrainingProject, Enrollment.project_id == TrainingProject.id)
        .where(below, TrainingProject.year >= year, Enrollment.role == ActivityRole.PARTICIPANT.value,
               Enrollment.status.in_(standing_states))
        .group_by(key, *kind)
    ):
        found[path].append(SelectionCount(y, p, Decimal(b) if b is not None else None, t, n))
    return found


def _entries(region: Region, grouping: Grouping, period: Period, step: Callable, holds) -> tuple[dict, dict]:
    """The year's standing entries by audit state, and its counting ones by category, per row:
    their amount, and that of the teachers whose standing holds (``holds``) and asks something
    of the year, over whom the per-head figure is (``CategoryCount.average``)."""
    key = grouping.key
    in_year = and_(LedgerEntry.activity_date >= period.start, LedgerEntry.activity_date <= period.end)
    base = (grouping.join(select(key).select_from(LedgerEntry).join(Teacher, LedgerEntry.teacher_id == Teacher.id)
                          .join(OrgUnit, Teacher.school_id == OrgUnit.id)).where(grouping.where, in_year))
    states = step(_grouped(base.add_columns(LedgerEntry.audit_state, func.count())
                           .where(ledger.live()).group_by(key, LedgerEntry.audit_state)))
    categories: dict[str, list[CategoryCount]] = defaultdict(list)
    judged = and_(TeacherStanding.teacher_id.is_not(None), standings.year_asked())
    for path, category, count, teachers, amount, amount_judged in db.session.execute(
        base.add_columns(LedgerEntry.category, func.count(),
                         func.count(case((LedgerEntry.amount > 0, LedgerEntry.teacher_id)).distinct()),
                         func.coalesce(func.sum(LedgerEntry.amount), 0),
                         func.coalesce(func.sum(case((judged, LedgerEntry.amount))), 0))
        .outerjoin(TeacherStanding, holding(holds))
        .where(ledger.counted(region.audit_workflow().counting())).group_by(key, LedgerEntry.category)
    ):
        categories[path].append(CategoryCount(category, count, teachers, Decimal(amount), Decimal(amount_judged)))
    return states, step(categories)


def _programs(region: Region, grouping: Grouping, period: Period) -> dict[str, list[ProgramCount]]:
    """The year's counting entries by the program their activity named (``facts``), per row,
    counted as ``_entries`` counts categories."""
    key, program = grouping.key, ledger.program_of()
    in_year = and_(LedgerEntry.activity_date >= period.start, LedgerEntry.activity_date <= period.end)
    found: dict[str, list[ProgramCount]] = defaultdict(list)
    for path, code, count, teachers, amount in db.session.execute(
        grouping.join(select(key, program, func.count(),
                             func.count(case((LedgerEntry.amount > 0, LedgerEntry.teacher_id)).distinct()),
                             func.coalesce(func.sum(LedgerEntry.amount), 0))
                      .select_from(LedgerEntry).join(Teacher, LedgerEntry.teacher_id == Teacher.id)
                      .join(OrgUnit, Teacher.school_id == OrgUnit.id))
        .where(grouping.where, in_year, program.is_not(None), ledger.counted(region.audit_workflow().counting()))
        .group_by(key, program)
    ):
        found[path].append(ProgramCount(code, count, teachers, Decimal(amount)))
    return found


def reports_json(region: Region, today: date) -> list[dict]:
    """Every report the region offers, as the JSON API lists them: its columns by code."""
    return [{"code": r.code, "title": str(r.title), "description": str(r.description), "source": r.source,
             "rows": r.rows, "columns": [{"code": c.code, "label": str(c.label), "percent": c.percent,
                                          "headline": c.headline, "opens_teachers": c.drill is not None}
                                         for c in r.columns]}
            for r in reports(region, today)]


def report_json(view: ReportView) -> dict:
    """A report's figures as the JSON API gives them: each row's (every row, not a page's) and
    the total's, by column code."""
    def described(row: UnitRow) -> dict:
        return {"unit": row.unit.id if row.unit else None, "workshop": row.workshop_id, "name": row.name,
                "opens": row.opens, "teachers": row.summary.teachers,
                "figures": {c.code: _cell_json(v) for c, v in zip(view.report.columns, row.cells)}}

    since = view.total.summary.computed_since
    return {"report": view.report.code, "unit": {"id": view.unit.id, "name": view.unit.name},
            "year": {"start": view.period.start.isoformat(), "end": view.period.end.isoformat()},
            "periods": list(view.report.periods),
            "computed_since": since.isoformat() if since else None,
            "rows": [] if view.alone else [described(r) for r in view.rows], "total": described(view.total)}


def _cell_json(cell: Cell):
    value = cell.actual if isinstance(cell, Finding) else cell
    return str(value) if isinstance(value, str) else json_value(value)


def sheet_heading(column: Column) -> str:
    """A column's heading in the export: a percentage says so (注册率（%）), where the page shows
    its figures with % and the sheet holds bare numbers."""
    label = str(column.label)
    return _("%(label)s (%%)", label=label) if column.percent and "%" not in label else label


def workbook(view: ReportView) -> io.BytesIO:
    """The report as an Excel sheet: a row per unit and the total (the unit's row alone when
    nothing lies below it), every column, and below them when the figures were computed, as
    the page says it."""
    notes = []
    if view.in_background:
        notes.append(_("These figures were computed at %(time)s.",
                       time=clock.local(view.job.finished_at).strftime("%Y-%m-%d %H:%M")))
    if view.total.summary.computed_since:
        notes.append(_("Each teacher's figures are worked out under the rules that apply to them, on %(date)s or later.",
                       date=clock.day_of(view.total.summary.computed_since).isoformat()))
    buffer = io.BytesIO()
    sheets.write_table(buffer, view.report.sheet_name, [_("Unit"), *(sheet_heading(c) for c in view.report.columns)],
                       [[row.name, *row.cells] for row in ((view.total,) if view.alone else (*view.rows, view.total))],
                       notes)
    buffer.seek(0)
    return buffer
