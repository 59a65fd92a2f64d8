"""Trainings that would help: for each open duty of a teacher, the published trainings that
would fill it, and by how much, found by asking the region's own rules what the teacher's
duties would be with the training completed (no second set of rules to drift from them)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import exists, or_, select

from ..domain import CreditResult, Finding, Record, Unit, UserRole
from ..domain.results import Words
from ..domain.selection import opens_later, refused
from ..extensions import db
from ..models import Enrollment, OrgUnit, Teacher, TrainingProject
from ..models.types import utcnow
from ..plugins import Region
from . import ledger
from .projects import facts as project_facts
from .enrollments import PUBLISHED, NotItsHours, judge_each, not_its_hours, preview, project_activity, states_in
from .listing import listed_condition

LOOKED_AT = 20  # the soonest trainings with a seat left, judged
# who may put the teacher in a training: the teacher, or an admin of their school or district
# (where the region's findings leave the submitting to them)
SELECTORS = (UserRole.TEACHER, UserRole.SCHOOL_ADMIN, UserRole.DISTRICT_ADMIN)


@dataclass(frozen=True)
class Help:
    """One duty a training moves: its shortfall before and after (0 when it would be met), in
    what the duty counts (``unit``: hours for a duty of hours, though the training gives credits).
    ``before`` None: a duty with no figure, met by any credit of its kind (a compulsory topic
    asking no amount), which the training would meet (``after`` 0)."""

    code: str
    before: Decimal | None
    after: Decimal
    unit: Unit
    label: Words = ""  # the duty as asked of this teacher (``Finding.label``), else its ``Duty`` label

    @property
    def added(self) -> Decimal | None:
        """What the training adds to the duty, in its unit; None for a duty with no figure."""
        return None if self.before is None else self.before - self.after


@dataclass(frozen=True)
class Suggestion:
    project: TrainingProject
    organiser: str
    result: CreditResult
    helps: tuple[Help, ...]
    cautions: tuple[Finding, ...] = ()  # what its page would caution the teacher of (another stage, subject)
    submitted: bool = False  # the teacher cannot select it herself: an admin of her scope submits her
    not_yet: Finding | None = None  # its selection window is closed now and opens later (``opens_later``)

    @property
    def not_its_hours(self) -> NotItsHours | None:
        """Where what it earns, in hours, is not its own hours: those, and the step that says why
        (a card said +32 学时 under a training of 16 with nothing saying why)."""
        return not_its_hours(self.project, self.result)

    @property
    def meets(self) -> int:
        """How many of the duties it moves it would meet: the one-line summary a phone shows
        before the duty-by-duty lines, which sit behind a tap (a teacher's page repeated
        four long duty names under each of three trainings, ~4,700 px at 375 px in English)."""
        return sum(1 for h in self.helps if not h.after)


class Held(NamedTuple):
    """Why a training that would help is not open to the teacher: ``finding``, the first
    refusal, judged for an admin who would submit them where ``submitted`` (they do not select)."""

    finding: Finding
    submitted: bool


def suggestions(region: Region, teacher: Teacher, today: date, at: datetime | None = None,
                held: list[Held] | None = None) -> list[Suggestion]:
    """Published trainings not started yet, listed to teachers (``listing.listed_condition``), with
    a seat left, not already selected by the teacher, open to them (``_open_to``: its page would not refuse them), that would reduce what one of the teacher's duties open today still misses (a later year's duty, not yet due, is not
    one of them, nor a past year's missed); most helpful first. A training its page would
    caution the teacher about (``Finding.caution``: for another stage or subject) comes after
    those without, and is left out where those fill every duty it would (``_matching_first``).
    ``held``, when given, gets the refusal that keeps the teacher out of the first training that
    would help but that they may not select (a teacher shut out of a second selection round read
    that no training with a seat left would help, while the catalog listed several with seats)."""
    records, facts = _records(region, teacher), teacher.facts()
    open_now = _open_now(region, facts, records, today)
    if not open_now:
        return []
    rows = db.session.execute(
        select(TrainingProject, OrgUnit.name).join(OrgUnit, TrainingProject.organiser_id == OrgUnit.id)
        .where(TrainingProject.status == PUBLISHED, TrainingProject.start_date > today,
               or_(TrainingProject.capacity.is_(None), TrainingProject.taken < TrainingProject.capacity),
               ~exists().where(Enrollment.project_id == TrainingProject.id, Enrollment.teacher_id == teacher.id,
                               Enrollment.status.in_(region.enrollment_workflow().standing())),
               listed_condition(region, today))
        .order_by(TrainingProject.start_date, TrainingProject.id).limit(LOOKED_AT)).all()
    found, baselines = [], {}
    earning = [(project, organiser, result) for project, organiser in rows
               for result in (preview(region, project),) if result is not None and result.amount > 0]
    judged = _judged(region, teacher, [project for project, _o, _r in earning], at or utcnow())
    for project, organiser, result in earning:
        opened = _open_to(project, judged)
        if opened is None:
            if held is not None and not held:
                refusal = _own_refusal(region, project, judged)
                if refusal is not None and _helps(region, facts, records, project, result, open_now, baselines):
                    held.append(refusal)
            continue
        helps = _helps(region, facts, records, project, result, open_now, baselines)
        if helps:
            by, cautions, not_yet = opened
            found.append(Suggestion(project, organiser, result, helps, cautions, by != UserRole.TEACHER, not_yet))
    return sorted(_matching_first(found),
                  key=lambda s: (bool(s.cautions), s.not_yet is not None, -len(s.helps), -sum(h.added or 0 for h in s.helps)))


def fills(region: Region, teacher: Teacher, project: TrainingProject, today: date) -> tuple[Help, ...] | None:
    """What completing ``project`` would move of the teacher's duties open today, each by what
    the region's rules would then count (a cap reached, a category that counts for none of
    them: nothing); None when the rules cannot say in advance. The project's page says it
    beside what the training itself gives (a trial's teacher over a yearly cap read only the
    latter)."""
    result = preview(region, project)
    if result is None:
        return None
    if result.amount <= 0:
        return ()
    records, facts = _records(region, teacher), teacher.facts()
    open_now = _open_now(region, facts, records, today)
    return _helps(region, facts, records, project, result, open_now, {}) if open_now else ()


def _open_now(region: Region, facts, records: list[Record], today: date) -> set:
    """The teacher's duties open today, as (code, deadline): those a training may move."""
    return {(f.code, f.deadline) for f in _open_duties(region.check(facts, records, today).findings, today).values()}


def _helps(region: Region, facts, records: list[Record], project: TrainingProject, result: CreditResult,
           open_now: set, baselines: dict) -> tuple[Help, ...]:
    """The duties open now that the project's completion would move, asked of the region's
    rules with and without it on its last day (``baselines``: the duties without it, by day,
    kept across a list's projects)."""
    on = project.end_date
    record = Record.from_facts(on, result.amount, result.unit, result.category, project_activity(project).as_json())
    if on not in baselines:
        then = region.check(facts, records, on)
        baselines[on] = ({code: f for code, f in _open_duties(then.findings, on).items()
                          if (code, f.deadline) in open_now}, then.unit)
    before, unit = baselines[on]
    after = {f.code: f for f in region.check(facts, [*records, record], on).findings}
    return tuple(Help(code, f.shortfall, _shortfall(after.get(code)), f.unit or unit, f.label)
                 for code, f in before.items() if _moved(f, after.get(code)))


def _moved(before: Finding, after: Finding | None) -> bool:
    """The training reduces the duty's shortfall, or meets a duty with no figure."""
    if before.shortfall is None:
        return after is not None and after.ok
    return _shortfall(after) < before.shortfall


def _matching_first(found: list[Suggestion]) -> list[Suggestion]:
    """The suggestions without a caution, and those with one only where they fill a duty that
    none without one fills: a teacher is not pointed at another stage's training when one of
    their own would do."""
    filled = {h.code for s in found if not s.cautions for h in s.helps}
    return [s for s in found if not s.cautions or any(h.code not in filled for h in s.helps)]


def _judged(region: Region, teacher: Teacher, projects: list[TrainingProject],
            at: datetime) -> dict[tuple[int, UserRole], tuple[Finding, ...]]:
    """What each selector would be told of putting the teacher in each project (``selection_findings``),
    judged for the projects at once (``judge_each``): by the teacher first, then, for the projects
    not open to them, by the next selector, and so on."""
    states = states_in(teacher, projects)
    judged: dict[tuple[int, UserRole], tuple[Finding, ...]] = {}
    waiting = list(projects)
    for by in SELECTORS:
        asked = [p for p in waiting if _selects(region, by, p)]
        for project, found in zip(asked, judge_each(region, [(p, teacher, by, states.get(p.id)) for p in asked], at)):
            judged[project.id, by] = found
        waiting = [p for p in waiting if (p.id, by) not in judged or not _opens(judged[p.id, by])]
    return judged


def _selects(region: Region, by: UserRole, project: TrainingProject) -> bool:
    """Whether ``by`` puts teachers in ``project``: the project's own selectors where the region
    names them (``portal_selected_by``), else the workflow's, as the selection itself holds."""
    return region.selects(by, project_facts(project))


def _opens(found: tuple[Finding, ...]) -> bool:
    """Nothing refuses, or only a selection window that opens later."""
    return all(opens_later(f) for f in refused(found))


def _open_to(project: TrainingProject,
             judged: dict[tuple[int, UserRole], tuple[Finding, ...]]) -> tuple[UserRole, tuple[Finding, ...], Finding | None] | None:
    """Who may put the teacher in ``project``: themselves first, else an admin of their scope,
    as the workflow and the region's selection findings allow (``_judged``: a training of another stage,
    subject or layer is refused to all of them where the region forbids it), with what their
    findings caution of (``Finding.caution``); None: it is not suggested. An admin: the
    suggestion says that the teacher is submitted (no button they cannot use). Refused only
    because its selection window is closed now and opens later (between two rounds), it is
    suggested with that window (``opens_later``): a teacher between rounds read that no training
    would help while the catalog offered several."""
    for by in SELECTORS:
        found = judged.get((project.id, by))
        if found is not None and _opens(found):
            refusing = refused(found)
            return by, tuple(f for f in found if f.caution), refusing[0] if refusing else None
    return None


def _own_refusal(region: Region, project: TrainingProject,
                 judged: dict[tuple[int, UserRole], tuple[Finding, ...]]) -> Held | None:
    """Why the teacher may not take ``project`` (the first refusal), judged for them where they
    select, else for the first admin who submits them (a teacher whose school records no
    qualification certificate read that no training would help, and not why)."""
    by = next((b for b in SELECTORS if _selects(region, b, project)), None)
    if by is None:
        return None
    refusing = refused(judged[project.id, by])
    return Held(refusing[0], by != UserRole.TEACHER) if refusing else None


def _records(region: Region, teacher: Teacher) -> list[Record]:
    return ledger.records_for(teacher.id, region.audit_workflow().counting())


def _open_duties(findings, on: date) -> dict[str, Finding]:
    """The duties still open on ``on`` and short of something, or with no figure at all (a
    compulsory topic met by any credit of it: a teacher lacking only 师德教育 was told no
    training would help, beside the ethics training in the catalog); a missed one (its period
    ended: a past year's minimum) is history that no training fills."""
    return {f.code: f for f in findings if not f.ok and not f.cap and not f.missed_on(on)
            and (f.shortfall or f.required is None)}


def _shortfall(finding: Finding | None) -> Decimal:
    if finding is None or finding.ok or finding.shortfall is None:
        return Decimal(0)
    return finding.shortfall
