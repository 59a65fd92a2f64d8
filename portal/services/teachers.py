"""Teachers as admins list them and as they see themselves."""
from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from functools import cache

from sqlalchemy import Integer, and_, bindparam, exists, func, not_, or_, select
from sqlalchemy.orm import aliased, defer

from .. import clock
from ..domain import ActivityRole, Period, ScopeSummary, SelectionCount
from ..domain.appeals import appealable
from ..domain.dates import add_years
from ..domain.findings import CYCLE_TOTAL, is_yearly_minimum
from ..domain.standing import Standing
from ..extensions import db
from ..models import (
    CycleConclusion, Enrollment, LedgerEntry, NeedsSurvey, OrgUnit, StandingDuty, StandingPurpose, Teacher, TeacherStanding,
    TrainingProject,
)
from ..plugins import Region
from . import ledger, reviews, standings
from .pagination import Page, clamp
from .scope import Scope
from .sql_functions import on_leave, unindexed


@dataclass(frozen=True)
class TeacherRow:
    """A teacher on a list page with their kept standing's figures (``None``: being computed)."""

    teacher: Teacher
    school: str
    standing: TeacherStanding | None
    current: bool
    # whether the reader administers the teacher's school and so may open the teacher's pages: a
    # member of a workshop the reader leads is only followed on the workshop's page (``MembersOnly``)
    opens: bool = True

    @property
    def year_total(self) -> Decimal:
        return self.standing.year_counted if self.standing else Decimal(0)

    @property
    def cycle_total(self) -> Decimal:
        return self.standing.cycle_counted if self.standing else Decimal(0)


@dataclass(frozen=True)
class TeacherFilter:
    """Which teachers a list holds beyond the reader's scope and search: those below a unit,
    and (a report's figure opened) those whose kept standing answers a ``Column.drill``."""

    unit: OrgUnit | None = None
    drill: tuple[str, str] | None = None

    def conditions(self, region: Region, today: date) -> list:
        found = [] if self.unit is None else [OrgUnit.path.startswith(self.unit.path, autoescape=True)]
        if self.drill is None:
            return found
        kind, code = self.drill
        holds = and_(TeacherStanding.teacher_id == Teacher.id, standings.current_condition(region, today))
        if kind == "missing":
            found.append(exists().where(holds, StandingDuty.teacher_id == Teacher.id, StandingDuty.code == code,
                                        not_(StandingDuty.ok)))
        elif kind == "purpose":
            found.append(exists().where(holds, StandingPurpose.teacher_id == Teacher.id,
                                        StandingPurpose.purpose == code, StandingPurpose.ok))
        elif kind == "not_signed_in":
            found.append(Teacher.signed_in_at.is_(None))
        elif kind == "not_surveyed":
            found.append(~exists().where(NeedsSurvey.teacher_id == Teacher.id))
        elif kind == "concluded":
            found.append(concluded_condition(code == "passed"))
        elif kind in ("credited", "credited_program"):
            year = region.year(today)
            which = LedgerEntry.category == code if kind == "credited" else ledger.program_of() == code
            found.append(exists().where(
                LedgerEntry.teacher_id == Teacher.id, which, LedgerEntry.amount > 0,
                LedgerEntry.activity_date.between(year.start, year.end),
                ledger.counted(region.audit_workflow().counting())))
        else:
            # a duty open: some duty asked and not all met (a teacher asked nothing has none open)
            which = {"year_unmet": lambda: not_(TeacherStanding.year_met), "duty_open": standings.duty_open,
                     "cycle_unmet": lambda: not_(TeacherStanding.cycle_met),
                     "year_exempt": lambda: not_(standings.year_asked()),
                     "cycle_exempt": lambda: not_(standings.cycle_asked()), "none_asked": standings.nothing_asked}
            found.append(exists().where(holds, which[kind]()))
        if kind in ("not_signed_in", "not_surveyed") and code == "in_post":
            found.append(in_post(today))  # of the teachers at their post (a return of 在岗教师)
        return found


def latest_conclusion():
    """SQL joining a teacher to ``CycleConclusion``: the bureau's conclusion on their latest concluded cycle."""
    later = aliased(CycleConclusion)
    return and_(CycleConclusion.teacher_id == Teacher.id,
                ~exists().where(later.teacher_id == Teacher.id, later.cycle_start > CycleConclusion.cycle_start))


def concluded_condition(passed: bool):
    """SQL, over teachers: the bureau's conclusion on their latest concluded cycle is ``passed``
    (``services.conclusions``)."""
    return exists().where(latest_conclusion(), CycleConclusion.passed.is_(passed))


def teacher_page(region: Region, scope: Scope, today: date, search: str = "", page: int = 1, per_page: int = 20,
                 narrowed: TeacherFilter = TeacherFilter()) -> Page:
    """One page of the teachers in scope with their kept standing.

    Two queries whatever the page size or the number of teachers: the total, and the page
    joined to the kept standings. The total of a list neither searched nor drilled into is the
    sum of its units' kept counts (``OrgUnit.teacher_count``), not a count of its teachers.
    Teachers on the page whose standing no longer holds are computed first, so that the list
    says what each teacher's own page says."""
    conditions = [scope.teacher_condition(OrgUnit.path), *narrowed.conditions(region, today)]
    term = search.strip()
    if term:  # what was typed, character for character: % and _ are not wildcards
        # by ID number only among the teachers the user administers: a workshop's leader reads the
        # members' ID numbers masked (exports._id_number, the teacher's page), which a search
        # matching the digits typed gave away one digit at a time
        administered = Scope(scope.paths).teacher_condition(OrgUnit.path)
        conditions.append(or_(Teacher.name.contains(term, autoescape=True), OrgUnit.name.contains(term, autoescape=True),
                              and_(Teacher.id_number.contains(term, autoescape=True), administered)))
    if term or narrowed.drill or scope.workshops:
        in_scope = select(Teacher.id).join(OrgUnit, Teacher.school_id == OrgUnit.id).where(*conditions)
        total = db.session.scalar(select(func.count()).select_from(in_scope.subquery()))
    else:  # the units' kept counts: every condition is on the unit's path
        total = db.session.scalar(select(func.coalesce(func.sum(OrgUnit.teacher_count), 0)).where(*conditions))
    page = clamp(page, total, per_page)
    order = (OrgUnit.name, Teacher.name, Teacher.id)
    on_page = (select(Teacher.id).join(OrgUnit, Teacher.school_id == OrgUnit.id).where(*conditions)
               .order_by(*order).limit(per_page).offset((page - 1) * per_page).subquery())
    # The page's ids are chosen on the narrow rows first; only those 20 are then read whole.
    query = (
        select(Teacher, OrgUnit.name, TeacherStanding, standings.current_condition(region, today), OrgUnit.path)
        .options(defer(TeacherStanding.detail))  # the list shows the figures, not the whole answer
        .join(on_page, on_page.c.id == Teacher.id)
        .join(OrgUnit, Teacher.school_id == OrgUnit.id)
        .outerjoin(TeacherStanding, TeacherStanding.teacher_id == Teacher.id)
        .order_by(*order)
    )
    rows = db.session.execute(query).all()
    stale = [t.id for t, _school, kept, holds, _path in rows if kept is None or not holds]
    if stale and standings.refresh_stale_of(region, stale, today):
        rows = db.session.execute(query).all()
    administered = Scope(scope.paths)
    items = [TeacherRow(t, school, kept, bool(holds), administered.covers_unit_at(path))
             for t, school, kept, holds, path in rows]
    return Page(items, page, per_page, total)


def own_record(user_id: int) -> Teacher | None:
    """The teacher profile of a signed-in user, if they have one."""
    return db.session.scalar(_own_record(), {"user_id": user_id})


@cache
def _own_record():
    """Built once with its value as a parameter: each of a teacher's own pages reads it."""
    return select(Teacher).where(Teacher.user_id == bindparam("user_id", type_=Integer))


def visible_teacher(scope: Scope, teacher_id: int) -> Teacher | None:
    """The teacher if the scope covers them, else None (the caller answers 404)."""
    return db.session.scalar(
        select(Teacher).join(OrgUnit, Teacher.school_id == OrgUnit.id)
        .where(Teacher.id == teacher_id, scope.teacher_condition(OrgUnit.path))
    )


@dataclass(frozen=True)
class Labels:
    """What a page needs to name a teacher's entries: states, categories, duties, purposes."""

    counting_states: frozenset[str]
    auditing_states: frozenset[str]  # an entry's audit still under way: neither counting nor final
    state_labels: dict
    category_labels: dict
    duty_labels: dict
    purpose_labels: dict
    lead_duties: dict = field(default_factory=dict)  # the duties a home leads with (``Duty.lead``), by code

    @property
    def today(self) -> date:
        """The bureau's today: an entry dated after it (a result recorded before the training's
        last day, on which its hours are dated) counts from its date, not yet."""
        return clock.today()

    def may_appeal(self, entry, reversed: Collection[int] = ()) -> bool:
        """Whether the teacher may appeal this entry, as the appeal's use case accepts
        (``appealable``): decided by its audit, neither a reversal nor reversed (``reversed``,
        the ids of those shown that a reversal cancels)."""
        return appealable(entry.audit_state, self.auditing_states,
                          cancelled=entry.reverses_id is not None or entry.id in reversed)


def standing_labels(region: Region) -> Labels:
    workflow = region.audit_workflow()
    auditing = workflow.undecided()
    duties = region.duties()
    return Labels(workflow.counting(), auditing, {s.code: s.label for s in workflow.states}, region.category_labels(),
                  {d.code: d.label for d in duties}, {p.code: p.label for p in region.purposes()},
                  {d.code: d for d in duties if d.lead})


@dataclass(frozen=True)
class StandingPage:
    """A teacher's kept standing with what a page needs to name it: the latest entries and
    the labels of states, categories, duties and purposes."""

    kept: Standing
    entries: list[ledger.EntryLine]  # the latest, as plain values
    entry_count: int
    labels: Labels
    reasons: Mapping[int, str] = field(default_factory=dict)  # entry id → why its audit returned or rejected it
    reversed: frozenset[int] = frozenset()  # the entries shown that a reversal cancels
    in_audit: frozenset[tuple[str, date]] = frozenset()  # missed duties (code, deadline) with an entry of their period in audit
    auditing: int = 0  # the teacher's entries of today's cycle still in their audit, where the page counts them
    named: Mapping[int, str] = field(default_factory=dict)  # entry id → its state for its organiser (``ledger.named_states``)

    def lead_findings(self) -> tuple:
        """The findings of the duties the region's home leads with (``Duty.lead``), of the
        periods still running, in the order the rules gave them."""
        lead = self.labels.lead_duties
        return tuple(f for f in self.kept.current_findings() if f.code in lead)

    def open_below_lead(self):
        """The duties still open but those a lead card already says (``lead_findings``): the
        home's list. A teacher not yet through a training every teacher must pass read it twice."""
        lead = {f.code for f in self.lead_findings()}
        return tuple(f for f in self.open_findings() if f.code not in lead)

    def lead_open(self) -> bool:
        """Whether a duty the home leads with is not met yet (its card says so)."""
        return any(not f.ok and not f.exempt for f in self.lead_findings())

    def lead_duty(self, finding):
        """The ``Duty`` of a lead finding: its line (``detail``) and clause."""
        return self.labels.lead_duties[finding.code]

    def awaits_audit(self, finding) -> bool:
        """Whether a missed duty may yet be met: an entry dated in its period is still in its
        audit (the standing counts audited entries only; the audit may pass it)."""
        return (finding.code, finding.deadline) in self.in_audit

    requirements = property(lambda self: self.kept.requirements)
    compliance = property(lambda self: self.kept.compliance)
    eligibility = property(lambda self: self.kept.eligibility)
    rule_version = property(lambda self: self.kept.rule_version)
    year = property(lambda self: self.kept.year)
    as_of = property(lambda self: self.kept.as_of)
    counting_states = property(lambda self: self.labels.counting_states)
    today = property(lambda self: self.labels.today)
    state_labels = property(lambda self: self.labels.state_labels)
    category_labels = property(lambda self: self.labels.category_labels)
    duty_labels = property(lambda self: self.labels.duty_labels)
    purpose_labels = property(lambda self: self.labels.purpose_labels)

    def open_findings(self):
        return self.kept.open_findings()

    def missed_findings(self):
        return self.kept.missed_findings()

    def current_findings(self):
        return self.kept.current_findings()

    def past_findings(self):
        return self.kept.past_findings()

    def asked_findings(self):
        return self.kept.asked_findings()

    def asks_nothing(self) -> bool:
        return self.kept.asks_nothing()

    def year_progress(self):
        """This year's progress: the region's year holding the day it was computed."""
        return self.kept.year_progress()

    def year_period(self, year: int) -> Period:
        """The region's year keyed ``year`` in ``compliance.years`` (the year it starts in):
        this year's period, moved by whole years, so a page can head a year's line by its name."""
        this = self.kept.year
        shift = year - this.start.year
        return Period(add_years(this.start, shift), add_years(this.end, shift))

    def years_ended(self) -> list:
        """The cycle's years that asked something of the teacher and had ended on the standing's
        day: the duties page counts those met (the running year's state is its duty's line)."""
        return [y for y in self.kept.compliance.years
                if y.required is not None and self.year_period(y.year).ended_on(self.as_of)]

    def years_unrecorded(self) -> list:
        """The ended years asked something (``years_ended``) in which nothing of the teacher counts
        here (nothing earned: no entry that passed its audit): a teacher whose cycle began before they were on
        the platform read 已结束的年度达标 0 / 4 as four years failed, when the portal simply holds no
        record of them; the duties page says how many of the count are such years."""
        return [y for y in self.years_ended() if not y.earned]

    def nothing_here(self, finding) -> bool:
        """Whether ``finding`` is the yearly minimum of one of ``years_unrecorded`` (matched by
        the year's last day, its deadline): missed, but of a year the portal holds nothing of,
        which the pages say beside it, as the duties page's count of such years does."""
        if not is_yearly_minimum(finding.code) or finding.deadline is None:
            return False
        return any(self.year_period(y.year).end == finding.deadline for y in self.years_unrecorded())

    def a_year_ended(self) -> bool:
        """Whether one of the cycle's years had ended on the standing's day, asked something or
        not: in the cycle's first running year none has, and the duties page says so rather
        than counting years ("1 year" read as one behind the teacher)."""
        return any(self.year_period(y.year).ended_on(self.as_of) for y in self.kept.compliance.years)


@dataclass(frozen=True)
class InAudit:
    """What the duties page says of the teacher's entries still in their audit, read with their
    kept standing (``standings.own``): the date of the earliest, and how many are dated from
    ``since`` (the kept standing's cycle start)."""

    earliest: date | None
    count: int
    since: date | None


def standing(region: Region, teacher_id: int, current: Standing, latest: int = 3, audits: bool = False,
             in_audit: InAudit | None = None) -> StandingPage:
    """The teacher's standing as their pages show it: ``current``, their standing today
    (``standings.current``), with their ``latest`` entries (none asked, none read:
    ``entry_count`` is then 0), how many they have, the reasons given and the reversals among
    them; with ``audits``, how many of their entries of today's cycle are still in their audit
    (counted once they pass; those of ended periods are told with each missed duty), as
    ``in_audit`` says where the caller read it (else asked here)."""
    labels = standing_labels(region)
    found, count = ledger.latest_entries_counted(teacher_id, latest, reviews.last_reason(),
                                                 ledger.in_audit_from(labels.auditing_states)) if latest else ([], 0)
    # whether a missed duty's records are still in their audit: the earliest such entry read with
    # the entries, else asked only where a duty was missed (few teachers)
    missed = current.missed_findings()
    audited_from = found[0][3] if found else (
        None if not missed or latest else in_audit.earliest if in_audit is not None
        else ledger.earliest_in_audit(teacher_id, labels.auditing_states))
    cycle_start = current.compliance.cycle.period.start
    return StandingPage(current, [e for e, *_more in found], count,
                        labels, {e.id: reason for e, _cancelled, reason, _audit in found if reason},
                        frozenset(e.id for e, cancelled, *_more in found if cancelled),
                        _missed_in_audit(current, missed, teacher_id, labels.auditing_states, audited_from),
                        (in_audit.count if in_audit is not None and in_audit.since == cycle_start
                         else ledger.count_in_audit(teacher_id, labels.auditing_states, cycle_start))
                        if audits else 0,
                        ledger.named_states(region.audit_workflow(), [e for e, *_more in found]))


def previous_period(region: Region, facts, today: date) -> Period | None:
    """The cycle before today's for a teacher of ``facts`` (``TeacherFacts``), or None where they
    entered post after it ended."""
    end = region.cycle(today, facts).start - timedelta(days=1)
    if facts.entered_post is not None and facts.entered_post > end:
        return None
    return region.cycle(end, facts)


def any_within(period: Period, records) -> bool:
    """Whether one of ``records`` is dated in ``period``: the portal keeps some of it."""
    return any(period.start <= r.date <= period.end for r in records)


def previous_cycle(region: Region, teacher: Teacher, today: date) -> tuple[Period, StandingPage | None] | None:
    """The cycle before today's and the teacher's standing in it, judged by the rules in force on
    its last day over its entries that count now (one registered late for an activity of that
    cycle counts there): computed on each read, never kept, the kept standing being today's. Seen
    from ``today`` (the rules read it so, and word its findings as ended), every duty of it has
    ended, met or missed. The standing is None where no entry
    of it counts: the teacher's credits of it were neither registered here nor imported, and
    judging them short of everything would say what the portal does not know. None where the
    teacher entered post after it ended."""
    period = previous_period(region, teacher.facts(), today)
    if period is None:
        return None
    labels = standing_labels(region)
    records = ledger.records_for(teacher.id, labels.counting_states, period.end)
    if not any_within(period, records):
        return period, None
    judged = replace(standings.compute(region, teacher, records, period.end, seen_on=today), as_of=today)
    missed = judged.missed_findings()
    earliest = ledger.earliest_in_audit(teacher.id, labels.auditing_states) if missed else None
    return period, StandingPage(judged, [], 0, labels,
                                in_audit=_missed_in_audit(judged, missed, teacher.id, labels.auditing_states, earliest))


def _missed_in_audit(kept: Standing, missed, teacher_id: int, states: frozenset[str],
                     earliest: date | None) -> frozenset[tuple[str, date]]:
    """The missed duties an entry of whose period is still in its audit. The earliest such
    entry answers most: none, or one dated after a deadline, is none for that duty. A year's
    minimum and the cycle's total have a period (the year, the cycle), and an entry dated before
    it cannot count for it: only then is the period asked, once per such duty."""
    found = set()
    for finding in missed:
        if earliest is None or finding.deadline is None or earliest > finding.deadline:
            continue
        start = _period_start(kept, finding)
        if start is None or earliest >= start or ledger.in_audit_between(teacher_id, states, start, finding.deadline):
            found.add((finding.code, finding.deadline))
    return frozenset(found)


def _period_start(kept: Standing, finding) -> date | None:
    """The first day of the period a missed duty was judged over, where the core knows it."""
    if is_yearly_minimum(finding.code):
        year = kept.year
        start = add_years(year.start, finding.deadline.year - year.end.year)
        return start if start <= finding.deadline else None
    cycle = kept.compliance.cycle.period
    if finding.code == CYCLE_TOTAL and cycle.end == finding.deadline:
        return cycle.start
    return None


def scope_summary(region: Region, scope: Scope, today: date) -> ScopeSummary:
    """Headline figures for an admin's scope from the kept standings, in one query:
    teachers, this year's counted total, how many meet this year's duty and the cycle's total,
    how many have every duty met (``standings.all_duties_met``) and how many are asked none
    (``standings.nothing_asked``), and how many standings are waiting to be
    computed (they are not counted as met). "This year" is the region's (``Region.year``) unless
    some teacher's kept year is another (``years_differ``: a region judging each teacher on
    their own year), when the page names no one year for them all."""
    period = region.year(today)
    holds = standings.current_condition(region, today)
    (teachers, year_total, meeting_year, meeting_cycle, year_exempt, cycle_exempt, done, waiting, oldest, not_asked,
     total_asked, signed, answered, in_post_count, in_post_signed, in_post_answered, other_years) = db.session.execute(
        select(*standing_figures(), signed_in(), surveyed(), *in_post_figures(today),
               # the standings kept over a year other than the region's (each teacher's own year)
               func.count(TeacherStanding.teacher_id).filter(or_(TeacherStanding.year_start != period.start,
                                                                 TeacherStanding.year_end != period.end)))
        .join(OrgUnit, Teacher.school_id == OrgUnit.id)
        .outerjoin(TeacherStanding, holding(holds))
        .outerjoin(NeedsSurvey, NeedsSurvey.teacher_id == Teacher.id)
        .where(scope.teacher_condition(OrgUnit.path))
    ).one()
    # the projects of the units the user administers: not a workshop's unit, whose projects are
    # not the leader's (a phone trial's leader read 培训项目 2 beside their 6 members, and could open none)
    projects = db.session.scalar(
        select(func.count(TrainingProject.id))
        .join(OrgUnit, TrainingProject.organiser_id == OrgUnit.id)
        .where(Scope(scope.paths, ()).covers_path(OrgUnit.path))
    ) if scope.paths else None
    return ScopeSummary(teachers, projects, period.start.year, Decimal(year_total), meeting_year, period,
                        teachers_meeting_cycle=meeting_cycle, waiting=waiting, computed_since=oldest,
                        teachers_signed_in=signed, teachers_surveyed=answered, teachers_done=done,
                        teachers_in_post=in_post_count, in_post_signed_in=in_post_signed,
                        in_post_surveyed=in_post_answered,
                        year_exempt=year_exempt, cycle_exempt=cycle_exempt, teachers_not_asked=not_asked,
                        year_total_asked=Decimal(total_asked), years_differ=bool(other_years),
                        selections=selection_counts(region, scope, period.start.year))


def holding(holds):
    """The join of a teacher's kept standing where it holds (``standings.current_condition``):
    asked once a row, in the join, rather than in each figure's FILTER (1.4x the time over a
    city); a teacher joined to none is waiting (``standing_figures``)."""
    return and_(TeacherStanding.teacher_id == Teacher.id, unindexed(holds))


def standing_figures() -> tuple:
    """The kept standings' figures over teachers outer-joined by ``holding``: teachers, this
    year's counted total, meeting the year's duty and the cycle's (of those asked), asked
    nothing this year and this cycle, every duty met, waiting, the oldest computed, and asked no
    duty at all, and this year's counted total of those asked something of it (added last: the
    figures before keep their places)."""
    return (
        func.count(Teacher.id),
        func.coalesce(func.sum(TeacherStanding.year_counted), 0),
        func.count(TeacherStanding.teacher_id).filter(TeacherStanding.year_met, standings.year_asked()),
        func.count(TeacherStanding.teacher_id).filter(TeacherStanding.cycle_met, standings.cycle_asked()),
        func.count(TeacherStanding.teacher_id).filter(not_(standings.year_asked())),
        func.count(TeacherStanding.teacher_id).filter(not_(standings.cycle_asked())),
        func.count(TeacherStanding.teacher_id).filter(standings.all_duties_met()),
        func.count(Teacher.id).filter(TeacherStanding.teacher_id.is_(None)),
        func.min(TeacherStanding.computed_at),
        func.count(TeacherStanding.teacher_id).filter(standings.nothing_asked()),
        func.coalesce(func.sum(TeacherStanding.year_counted).filter(standings.year_asked()), 0),
    )


def in_post(day: date):
    """SQL: the teacher is at their post on ``day``: in post by then (entered post and, if
    transferred, transferred in), not on approved leave that day, not working away on an exchange
    (城乡交流、挂职、借调). A return of the teachers at their post (在岗教师) counts these."""
    when = bindparam(None, day.isoformat())
    return and_(or_(Teacher.entered_post.is_(None), Teacher.entered_post <= day),
                or_(Teacher.transferred_in.is_(None), Teacher.transferred_in <= day),
                Teacher.exchange_kind.is_(None), not_(on_leave(Teacher.leave, when)))


def in_post_figures(day: date) -> tuple:
    """The columns of ``ScopeSummary.teachers_in_post``, ``in_post_signed_in`` and
    ``in_post_surveyed`` (the last over teachers outer-joined to ``NeedsSurvey``)."""
    here = in_post(day)
    return (func.count(Teacher.id).filter(here), func.count(Teacher.signed_in_at).filter(here),
            func.count(NeedsSurvey.teacher_id).filter(here))


def signed_in():
    """How many of the teachers have ever signed in (each teacher's first sign-in is kept on
    their row: distinct sessions, outer-joined, took 38 of 171 ms over a city of 100,000 on
    SQLite with hardly any sessions, and sessions grow with every sign-in)."""
    return func.count(Teacher.signed_in_at)


def surveyed():
    """How many of the teachers answered the needs survey, over teachers outer-joined to
    ``NeedsSurvey`` by its key (one survey a teacher)."""
    return func.count(NeedsSurvey.teacher_id)


def selection_counts(region: Region, scope: Scope, year: int) -> tuple[SelectionCount, ...]:
    """The scope's participants' selections still standing in the projects of ``year`` and
    later, counted by the project's year, layer and base credits and the teacher's layer:
    one grouped query."""
    workflow = region.enrollment_workflow()
    standing_states = workflow.standing()
    kind = (TrainingProject.year, TrainingProject.layer, TrainingProject.base_credits, Teacher.layer)
    rows = db.session.execute(
        select(*kind, func.count(Enrollment.id))
        .join(Teacher, Enrollment.teacher_id == Teacher.id)
        .join(OrgUnit, Teacher.school_id == OrgUnit.id)
        .join(TrainingProject, Enrollment.project_id == TrainingProject.id)
        .where(scope.teacher_condition(OrgUnit.path), TrainingProject.year >= year,
               Enrollment.role == ActivityRole.PARTICIPANT.value, Enrollment.status.in_(standing_states))
        .group_by(*kind)
    ).all()
    return tuple(SelectionCount(y, p, Decimal(b) if b is not None else None, t, n) for y, p, b, t, n in rows)
