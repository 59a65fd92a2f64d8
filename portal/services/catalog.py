"""The catalog (培训项目目录): published projects found by keyword, filtered and sorted,
a page at a time in one query; and one project as a teacher decides on it, with what it
would earn them and whether they may take it."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import func, or_, select, text

from .. import clock
from ..domain import ActivityRole, CreditResult, Finding, HoursCondition, Level, Mode, SchoolStage, UserRole
from ..domain.workflow import State, never_taken
from ..domain.activity import Refused
from ..domain.text import Messages, words as words_in
from ..domain.selection import Move, ProjectFacts, refused
from ..extensions import db
from ..i18n import LOCALES
from ..models import Enrollment, OrgUnit, Teacher, TrainingProject, User
from ..models.search import SEARCH_TABLE
from ..models.types import utcnow
from ..plugins import Region
from . import calendar, enrollments, listing, projects, quotas, suggestions
from .pagination import Page, clamp
from .sql_functions import json_list_has

class Sort(StrEnum):
    NEWEST = "newest"
    POPULAR = "popular"
    STARTING = "starting"


SORTS = tuple(s.value for s in Sort)
_ = Messages("messages", "portal")

MIN_TRIGRAM = 3  # a trigram index finds substrings of three characters or more; shorter ones are scanned
MAX_QUERY = 100
MAX_TERMS = 8  # words searched for at most (each one a condition)


@dataclass(frozen=True)
class CatalogQuery:
    """What a teacher asks the catalog: words, filters and an order; every field optional."""

    q: str = ""
    level: Level | None = None
    mode: Mode | None = None
    stage: SchoolStage | None = None
    subject: str = ""
    organiser_id: int | None = None
    min_hours: int | None = None
    starts_from: date | None = None
    starts_until: date | None = None
    seats: bool = False
    open_now: bool = False
    sort: str = "newest"
    page: int = 1

    def args(self) -> dict:
        """The query as a link's arguments (the page's own, for the pager)."""
        values = {"q": self.q, "level": self.level, "mode": self.mode, "stage": self.stage, "subject": self.subject,
                  "organiser": self.organiser_id, "min_hours": self.min_hours, "starts_from": self.starts_from,
                  "starts_until": self.starts_until, "seats": "1" if self.seats else None,
                  "open": "1" if self.open_now else None, "sort": self.sort if self.sort != "newest" else None}
        return {k: (v.isoformat() if hasattr(v, "isoformat") else str(v)) for k, v in values.items() if v}

    def refusal(self) -> Refused | None:
        """What makes the query ask for nothing at all, said on the filter it names: the
        latest start day before the earliest (no training could start between them)."""
        if self.starts_from and self.starts_until and self.starts_until < self.starts_from:
            return Refused("starts_until", _("\u201cStarts until\u201d ({until}) is before \u201cStarts from\u201d "
                                             "({since}): no training can start between them. Swap the two dates.",
                                             until=self.starts_until, since=self.starts_from))
        return None


@dataclass(frozen=True)
class CatalogRow:
    """A project as the catalog lists it. ``waiting``: the selections that stand but hold no
    seat yet (waiting for a school's approval, where the region's workflow asks one first);
    the seats left do not count them, so the list shows them beside."""

    project: TrainingProject
    organiser: str
    seats_left: int | None
    waiting: int = 0
    judged: bool = False  # read for a teacher: ``selected`` and ``refusals`` say where they stand
    selected: State | None = None  # the state of the teacher's own selection of it
    refusals: tuple[Finding, ...] = ()  # what refuses them the project now (``enrollments.judged``)
    # what a teacher must complete for its hours to be credited (``portal_hours_condition``): the
    # card marks its hours as conditional (a trial's card read "60 学时" as if enrolling earned them)
    hours_condition: HoursCondition | None = None

    @property
    def may_select(self) -> bool | None:
        return (self.selected is None and not self.refusals) if self.judged else None

    @property
    def reasons(self) -> tuple[Finding, ...]:
        """The refusals the row does not say already (full: its seats say so), those nothing lifts
        (``Finding.never``) first: the row says one, and a trial's primary teacher read on the
        high-school training that her school's admin submits her, not that it is for another stage."""
        return tuple(sorted((f for f in self.refusals if f.code != enrollments.SEATS), key=lambda f: not f.never))


@dataclass(frozen=True)
class CatalogPage(Page):
    """A page of the catalog; ``shared``: the refusals every row of it has (no round open
    now), said once above the list rather than on each row."""

    shared: tuple[Finding, ...] = ()


def waiting_counts(region: Region | None, project_ids) -> dict[int, int]:
    """Per project, the participants' selections that stand without a seat yet (one query)."""
    states = region.enrollment_workflow().waiting_for_seat() if region is not None else ()
    if not states or not project_ids:
        return {}
    return dict(db.session.execute(
        select(Enrollment.project_id, func.count()).where(
            Enrollment.project_id.in_(project_ids), Enrollment.status.in_(states),
            Enrollment.role == ActivityRole.PARTICIPANT.value)
        .group_by(Enrollment.project_id)).all())


def _matches(words: str, dialect: str):
    needle = words.strip().lower()
    like = TrainingProject.search_text.contains(needle, autoescape=True)
    if dialect == "sqlite" and len(needle) >= MIN_TRIGRAM:
        phrase = '"' + needle.replace('"', '""') + '"'
        return TrainingProject.id.in_(text(f"SELECT rowid FROM {SEARCH_TABLE} WHERE {SEARCH_TABLE} MATCH :phrase")
                                      .bindparams(phrase=phrase))
    return like


def _topics_named(region: Region | None, words: str, day: date) -> list[str]:
    """The codes of the region's listed topics whose name, in either language, holds the
    words: a teacher searches for 财经素养, a project keeps its code."""
    needle = words.strip().lower()
    if region is None or not needle:
        return []
    topics = region.project_choices(day).get("topics", ())
    return [t.code for t in topics if any(needle in words_in(t.label, locale).lower() for locale in LOCALES)]


def offered(region: Region, user: User, today: date) -> tuple:
    """The conditions, over projects joined to their organiser, of those the catalog lists to
    ``user`` on ``today``: to a teacher, those offered to them (``enrollments.offered_condition``)
    that the region lists to teachers by then (``listing.listed_condition``: a term's projects
    from its browsing window, say); to anyone else (an admin browsing), every one."""
    teacher = enrollments.own_teacher(user)
    if teacher is None:
        return (enrollments.offered_condition(region, None),)
    return enrollments.offered_condition(region, teacher), listing.listed_condition(region, today)


def catalog_page(query: CatalogQuery, per_page: int, today: date, region: Region | None = None,
                 user: User | None = None) -> Page:
    """Published projects that have not ended, as asked; one query for the rows, one for the
    count and one for the selections waiting for a seat. A teacher (``user``) is not offered
    another school's own trainings (``enrollments.offered_condition``, the region's rules), nor
    a term's projects before the day the region lists them to teachers (``offered``).
    Refused (``CatalogQuery.refusal``) when the filters contradict each other."""
    refusal = query.refusal()
    if refusal is not None:
        raise refusal
    statement = (select(TrainingProject, OrgUnit.name)
                 .join(OrgUnit, TrainingProject.organiser_id == OrgUnit.id)
                 .where(TrainingProject.status == enrollments.PUBLISHED, TrainingProject.end_date >= today))
    if region is not None and user is not None:
        statement = statement.where(*offered(region, user, today))
    for term in query.q[:MAX_QUERY].split()[:MAX_TERMS]:  # 语文 教学: a project holding every word, anywhere
        named = [json_list_has(TrainingProject.topics, code) for code in _topics_named(region, term, today)]
        statement = statement.where(or_(_matches(term, db.engine.dialect.name), *named))
    if query.level:
        statement = statement.where(TrainingProject.level == query.level.value)
    if query.mode:
        statement = statement.where(TrainingProject.mode == query.mode.value)
    if query.stage:
        statement = statement.where(or_(func.coalesce(func.json_array_length(TrainingProject.stages), 0) == 0,
                                        json_list_has(TrainingProject.stages, query.stage.value)))
    if query.subject.strip():
        statement = statement.where(or_(func.coalesce(func.json_array_length(TrainingProject.subjects), 0) == 0,
                                        json_list_has(TrainingProject.subjects, query.subject.strip())))
    if query.organiser_id:
        statement = statement.where(TrainingProject.organiser_id == query.organiser_id)
    if query.min_hours is not None:
        statement = statement.where(TrainingProject.hours >= query.min_hours)
    if query.starts_from:
        statement = statement.where(TrainingProject.start_date >= query.starts_from)
    if query.starts_until:
        statement = statement.where(TrainingProject.start_date <= query.starts_until)
    if query.seats or query.open_now:
        statement = statement.where(or_(TrainingProject.capacity.is_(None),
                                        TrainingProject.taken < TrainingProject.capacity))
    if query.open_now:
        statement = statement.where(TrainingProject.start_date >= today)
    total = db.session.scalar(select(func.count()).select_from(statement.subquery()))
    page = clamp(query.page, total, per_page)
    order = {
        "newest": (TrainingProject.published_at.desc(), TrainingProject.id.desc()),
        "popular": (TrainingProject.taken.desc(), TrainingProject.id.desc()),
        "starting": (TrainingProject.start_date, TrainingProject.id),
    }[query.sort if query.sort in SORTS else "newest"]
    rows = db.session.execute(statement.order_by(*order).limit(per_page).offset((page - 1) * per_page)).all()
    waiting = waiting_counts(region, [p.id for p, _name in rows])
    listed = [CatalogRow(p, name, None if p.capacity is None else p.capacity - p.taken, waiting.get(p.id, 0),
                         hours_condition=region.hours_condition(projects.facts(p)) if region is not None else None)
              for p, name in rows]
    teacher = enrollments.own_teacher(user) if region is not None and user is not None else None
    if teacher is None:
        return CatalogPage(listed, page, per_page, total)
    return _judged(region, teacher, listed, page, per_page, total)


def _judged(region: Region, teacher: Teacher, rows: list[CatalogRow], page: int, per_page: int,
            total: int) -> CatalogPage:
    """The rows with where the teacher stands on each; a refusal every row shares is the page's."""
    judgements = enrollments.own_judgements(region, teacher, [r.project for r in rows], utcnow())
    workflow = region.enrollment_workflow()
    rows = [replace(r, judged=True, selected=workflow.state(state) if state is not None else None,
                    refusals=found) for r in rows for state, found in (judgements[r.project.id],)]
    open_rows = [r for r in rows if r.selected is None]
    shared = tuple(f for f in (open_rows[0].reasons if len(open_rows) > 1 else ())
                   if all(f in r.reasons for r in open_rows[1:]))
    return CatalogPage(rows, page, per_page, total, shared)


@dataclass(frozen=True)
class FilterChoices:
    """What the catalog's filters offer a reader: only what could match a project the catalog
    would list for them (published, not ended, offered and listed to them), so that no level the region
    does not credit and no school whose own trainings the teacher cannot see is offered."""

    levels: frozenset[str]
    modes: frozenset[str]
    organisers: list[tuple[int, str]]


def filter_choices(today: date, region: Region | None = None, user: User | None = None) -> FilterChoices:
    """The levels, modes and organisers of the projects ``catalog_page`` would list for this
    reader with no filter: two queries."""
    listed = (select(TrainingProject.level, TrainingProject.mode, TrainingProject.organiser_id)
              .join(OrgUnit, TrainingProject.organiser_id == OrgUnit.id)
              .where(TrainingProject.status == enrollments.PUBLISHED, TrainingProject.end_date >= today))
    if region is not None and user is not None:
        listed = listed.where(*offered(region, user, today))
    listed = listed.subquery()
    kinds = db.session.execute(select(listed.c.level, listed.c.mode).distinct()).all()
    organisers = db.session.execute(
        select(OrgUnit.id, OrgUnit.name).where(OrgUnit.id.in_(select(listed.c.organiser_id))).order_by(OrgUnit.name)).all()
    return FilterChoices(frozenset(level for level, _mode in kinds), frozenset(mode for _level, mode in kinds),
                         [tuple(row) for row in organisers])


@dataclass(frozen=True)
class ProjectView:
    """A published project as a teacher decides on it."""

    project: TrainingProject
    organiser: str
    seats_left: int | None
    preview: CreditResult | None
    findings: tuple[Finding, ...]
    may_select: bool
    enrollment: enrollments.EnrollmentRow | None
    teacher: Teacher | None
    waiting: int = 0  # selections standing without a seat yet (``CatalogRow``)
    seated_in: tuple[str, ...] = ()  # the labels of the states that hold a seat, when some wait
    enrols: tuple[ActivityRole, ...] = ()  # the roles an admin reading it enrols their teachers in (``enrolled_roles``)
    fills: tuple | None = None  # what completing it would move of the reading teacher's open duties (``suggestions.fills``)
    unlisted: listing.Note | None = None  # to whoever reads it before teachers do: from when they will (``listing.note``)
    # where the project allocates seats to units, the reading teacher's: the quotas of their
    # school and the units above it (``quotas.quotas_over``, as the enrol page says them) and the
    # seats left to them (``quotas.quota_for``, as their selection is judged; 0: none allocated)
    quotas: tuple[quotas.QuotaLeft, ...] = ()
    quota_left: int | None = None
    # what a teacher must complete for its hours to be credited, said beside them (``portal_hours_condition``)
    hours_condition: HoursCondition | None = None

    @property
    def closed(self) -> tuple[Finding, ...]:
        """The findings refusing the training to the reading teacher for good (``Finding.never``:
        another school stage's training, another area's), where they hold no enrollment in it:
        what it would earn is then said as what it earns those it is for, not as an offer to
        them, and what it would move of their duties is not said (a trial's teacher read
        "+60 学时, would be met" over "任教学段不符"). A refusal that may lift (seats, a window,
        who submits) leaves the preview as it is."""
        if self.teacher is None or self.enrollment is not None:
            return ()
        return tuple(f for f in self.findings if not f.ok and f.never)

    @property
    def not_its_hours(self) -> enrollments.NotItsHours | None:
        """Where what it earns, in hours, is not its own hours: those, and the step that says why."""
        return enrollments.not_its_hours(self.project, self.preview)


def published_facts(project_id: int) -> ProjectFacts | None:
    """A published project as the region's rules see it (``ProjectFacts``), or None. Read as a
    selection reads it first (``quotas.project_noting_quotas``), which then reads it no more
    (``quotas.loaded_project``): asked of the fields of a selection before it."""
    project = quotas.project_noting_quotas(project_id)
    if project is None or project.status != enrollments.PUBLISHED:
        return None
    return projects.facts(project)


def open_in_catalog(region: Region, user: User, project_id: int, on: date) -> TrainingProject | None:
    """The published project whose catalog page ``user`` may read on ``on``, or None: not one
    unpublished, nor, for a teacher, one the region does not list to teachers yet (``listing``)."""
    project = db.session.get(TrainingProject, project_id)
    if project is None or project.status != enrollments.PUBLISHED:
        return None
    if enrollments.own_teacher(user) is not None and listing.note(region, project, on) is not None:
        return None
    return project


def _seated_in(region: Region, project: TrainingProject, teacher: Teacher | None, at: datetime) -> tuple[str, ...]:
    """The labels of the first states in which a selection of ``project`` holds a seat, named beside
    those waiting without one: the targets of the steps that take one (``Workflow.seat_steps``), but
    a step the region's guard says is not for this project (``NOT_APPLICABLE``, asked for the teacher
    reading it) — a free training read "no seat until 待线下缴费、已报名", its fee's hold included.
    Every state holding a seat where the workflow has no such step."""
    workflow = region.enrollment_workflow()
    steps = workflow.seat_steps()
    if teacher is not None and steps:
        offer = enrollments.Offer(region, at, calendar.phases(region, clock.day_of(at)), {},
                                  quotas.quotas_of({project.id}), frozenset({project.organiser_id, teacher.school_id}))
        kept = []
        for step in steps:
            sel = offer.selection(project, teacher, step.actor, ActivityRole.PARTICIPANT)
            asked = enrollments.asked_without_data(region, Move(sel, step.source, step.target, step.actor, None, None))
            if not never_taken(refused(asked)):
                kept.append(step)
        steps = tuple(kept) or steps
    codes = dict.fromkeys(step.target for step in steps)
    return tuple(workflow.state(code).label for code in codes) or tuple(s.label for s in workflow.seat_states())


def project_view(region: Region, user: User, project_id: int, at: datetime | None = None) -> ProjectView | None:
    """The project's page: None when it is not published (its organiser sees it elsewhere), and
    for a teacher when the region does not list it to teachers yet (``listing``); whoever else
    reads it then is told from when teachers will (``ProjectView.unlisted``)."""
    enrollments.release_expired_if_due(region)
    at = at or utcnow()
    project = db.session.get(TrainingProject, project_id)
    if project is None or project.status != enrollments.PUBLISHED:
        return None
    teacher = enrollments.own_teacher(user)
    unlisted = listing.note(region, project, clock.day_of(at))
    if unlisted is not None and teacher is not None:
        return None
    findings, row = (), None
    if teacher is not None:
        mine = db.session.scalar(select(Enrollment).where(Enrollment.project_id == project.id,
                                                          Enrollment.teacher_id == teacher.id))
        workflow = region.enrollment_workflow()
        if mine is not None:
            row = enrollments.own_row(region, mine, project, teacher, teacher.school.name,
                                      enrollments.Offer.read(region, [(mine, project, teacher)], at),
                                      enrollments.completed_entries([mine]))
        # a selection withdrawn (lapsed) is taken up again by selecting anew, judged as any
        if mine is None or enrollments.reselectable(workflow, mine.status, UserRole.TEACHER):
            findings = enrollments.selection_findings(region, project, teacher, UserRole.TEACHER, at)
    again = row is not None and bool(findings)
    # completed and on record: what it would add is added already (a trial's teacher read +90 beside her 90)
    credited = row is not None and row.entry_state is not None
    waiting = waiting_counts(region, [project.id]).get(project.id, 0)
    seated_in = _seated_in(region, project, teacher, at) if waiting else ()
    unit_quotas = tuple(quotas.quotas_over(project.id, (teacher.school.path,))) if teacher is not None else ()
    quota_left = quotas.quota_for(project, teacher)[0] if teacher is not None else None
    return ProjectView(project, project.organiser.name,
                       None if project.capacity is None else project.capacity - project.taken,
                       enrollments.preview(region, project), tuple(findings),
                       teacher is not None and (row is None or again) and not refused(findings), row, teacher,
                       waiting, seated_in, enrollments.enrolled_roles(region, user, project),
                       suggestions.fills(region, teacher, project, clock.day_of(at))
                       if teacher is not None and not credited else None, unlisted, unit_quotas, quota_left,
                       region.hours_condition(projects.facts(project)))
