"""Credit audit: the ledger entries waiting for a user, and moving them along the region's
audit workflow, one or many at once. Only ``audit_state`` changes; every move is an audit
event with its reason. The region's guards (``portal_audit_findings``) decide which of the
workflow's steps are offered on an entry now, and say why one is not."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple
from datetime import date

from sqlalchemy import and_, exists, false, func, or_, select
from sqlalchemy.orm import aliased, contains_eager, lazyload
from sqlalchemy.orm.exc import StaleDataError

from .. import clock
from ..domain import AuditStep, Finding, LedgerSource, Transition, UserRole, Workflow
from ..domain.results import ended
from ..domain.text import Messages
from ..domain.workflow import (
    OVER_ORGANISER, OVER_ORGANISER_UNIT, OVER_TEACHER, REASON, Acting, AllOf, AnyOf, Fact, FromSource, Not, PrivateSchool,
    may_hold_for_source, never_taken,
)
from ..extensions import db
from ..models import AuditEvent, Enrollment, LedgerEntry, OrgUnit, RoleAssignment, Teacher, TrainingProject, User
from ..plugins import Region
from .audit import record_event
from . import claims, materials
from .notifications import notify
from .pagination import Page, clamp
from .scope import Scope, ancestors
from .transactions import use_case

MAX_REASON = 500
EVENT = "ledger.reviewed"

_ = Messages("messages", "portal")


class ReviewRefused(Exception):
    """``code``: "not_found" (outside the user's reach), "not_allowed" (no such step for this
    user on this entry now: ``taken_by`` says who takes it, each role with its reach,
    ``Workflow.taken_by``; empty: the entry's state has no such step), "changed" (someone else
    moved the entry first), "reason" (the step asks for one), "refused" (the region's findings,
    in ``findings``: a step withheld now, or one the region says is never this user's on the
    entry). ``entry`` names the entry refused, among several."""

    def __init__(self, code: str, entry: str = "", findings: tuple[Finding, ...] = (),
                 taken_by: tuple[tuple[UserRole, str | None], ...] = ()):
        super().__init__(code)
        self.code, self.entry, self.findings, self.taken_by = code, entry, findings, taken_by


@dataclass(frozen=True)
class Withheld:
    """A step of the workflow the user would take but the region withholds now, and why."""

    label: str
    target: str
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class ReviewRow:
    entry: LedgerEntry
    teacher: str
    school: str
    actions: tuple[Transition, ...]
    withheld: tuple[Withheld, ...] = ()
    reason: str = ""  # the reason given with the entry's last step (why it was returned)
    late: tuple[Withheld, ...] = ()  # offered steps taken after the region's deadline, with it
    evidence: tuple = ()  # a claim's evidence files
    taken_late: str = ""  # the deadline an earlier step of the entry was taken after (ISO date), if one was
    project_id: int | None = None  # the training the entry comes from, if any
    materials: int | None = None  # how many files of training materials that project holds (``materials``)
    # the entry's state as it reads for its project's organiser (``Workflow.label_of``); "": the state's own
    state_label: str = ""

    # the offered steps that decide the entry, not those handing a returned entry in again
    # (``Workflow.resubmits``): only they are ticked and taken together; a returned entry is
    # corrected and handed in again one by one
    reviewed: tuple[Transition, ...] = ()

    @property
    def returned(self) -> bool:
        """Whether the entry waits for the reader only to be corrected and handed in again: the
        workflow returned it to them (a claim sent back to its school), not for their review."""
        return bool(self.actions) and not self.reviewed


# Workshop leaders follow their members' progress; they take no step in an audit, even
# where a region's workflow names them.
READ_ONLY_ROLES = frozenset({UserRole.WORKSHOP_LEADER})


def _acting_roles(user: User, workflow: Workflow) -> list[tuple[UserRole, frozenset[str], Scope]]:
    return [(role, workflow.awaiting(role), Scope.of(user, [role]))
            for role in sorted(user.role_set - READ_ONLY_ROLES) if workflow.awaiting(role)]


def reviews_anything(user: User, workflow: Workflow) -> bool:
    """Whether one of the user's roles acts somewhere in the audit workflow."""
    return bool(_acting_roles(user, workflow))


def corrections(user: User, workflow: Workflow) -> tuple | None:
    """Where every step the user's roles take in the audit hands an entry returned to them in
    again (``Workflow.resubmits``: an institution's 核实后重新提交, a school's 补正后重新提交), the
    distinct labels of those steps, in the workflow's order; None where one of them decides an
    entry (reviews it), or takes no step at all. Such a reader's queue and home card say entries
    returned to them, never 待您审核: an institution, which only checks a returned result and
    hands it in again, read its queue headed 待您审核 with 共 0 条记录待您审核."""
    acting = _acting_roles(user, workflow)
    theirs = [t for role, states, _scope in acting for t in workflow.transitions
              if t.actor == role and t.source in states and not t.cancels]
    if not theirs or not all(workflow.resubmits(t) for t in theirs):
        return None
    labels: list = []
    for t in theirs:
        if str(t.label) not in [str(label) for label in labels]:
            labels.append(t.label)
    return tuple(labels)


def reviews_source(user: User, workflow: Workflow, source: str) -> bool:
    """Whether one of the user's roles acts in the audit workflow on entries from the ledger
    ``source`` (a project's results: ``enrollment``): a step of theirs, from a state they act
    in, whose ``applies`` may hold for such an entry. A link to the queue of a project's
    entries is offered only then: a school admin who only corrects claims returned to the school
    would find it always empty."""
    return any(t.actor == role and t.source in states and may_hold_for_source(t.applies, source)
               for role, states, _scope in _acting_roles(user, workflow) for t in workflow.transitions)


def registers_project(user: User, workflow: Workflow, project: TrainingProject, on: date) -> bool:
    """Whether the class list offers its link to the queue of the project's entries in the
    audit: to one of whose roles a step may apply to a project's results (``reviews_source``),
    once there is something of the project to register or audit: the training has ended (its
    results are recorded, its entries audited), or an entry of it waits in the audit for a step
    of the user's (``awaiting_condition``; one the region withholds until a later day too): a
    school admin's class list of a training still to come read
    登记本项目学分：审核中待处理的本项目记录 with nothing of it to register."""
    if not reviews_source(user, workflow, LedgerSource.ENROLLMENT.value):
        return False
    # a reader who only hands returned entries in again (``corrections``: an institution's
    # 核实后重新提交) registers nothing: the link is offered only while one of the project's
    # entries waits for them (returned to them), not for every training ended
    if project.end_date <= on and corrections(user, workflow) is None:
        return True
    query = _joined(select(LedgerEntry.id)).where(Enrollment.project_id == project.id,
                                                  LedgerEntry.source == LedgerSource.ENROLLMENT.value,
                                                  awaiting_condition(user, workflow))
    return db.session.execute(query.limit(1)).first() is not None


def awaiting_condition(user: User, workflow: Workflow):
    """SQL condition: the entry waits in a state where one of the user's roles acts on it (a
    step of that role from the entry's state whose ``applies`` holds for the entry), for a
    teacher inside that role's scope or from a project a unit of that scope ran (whoever ran
    a training registers it: an institution reaches its participants wherever they teach),
    through the reach the step is taken by (``Transition.over``: the teacher's side, the
    organiser's, or the organising unit itself). Reversed and reversing entries never wait."""
    clauses = [
        (_waits_on(workflow, role, over) & _reach_sql(scope, over))
        for role, _states, scope in _acting_roles(user, workflow)
        for over in dict.fromkeys(t.over for t in workflow.transitions if t.actor == role)
    ]
    return or_(*clauses) if clauses else false()


def _reach_sql(scope: Scope, over: str | None):
    """SQL: the scope reaches the entry through ``over`` (``Transition.over``; None: either side)."""
    if over == OVER_TEACHER:
        return scope.teacher_condition(OrgUnit.path)
    if over == OVER_ORGANISER:
        return scope.covers_path(Organiser.path)
    if over == OVER_ORGANISER_UNIT:
        return Organiser.path.in_(scope.paths) if scope.paths else false()
    return or_(scope.teacher_condition(OrgUnit.path), scope.covers_path(Organiser.path))


def _waits_on(workflow: Workflow, role: UserRole, over: str | None = None):
    """SQL: the entry is in a state where a step of ``role``, taken through ``over``, applies to it."""
    theirs = [t for t in workflow.transitions if t.actor == role and t.over == over]
    everywhere = {t.source for t in theirs if t.applies is None}
    clauses = [LedgerEntry.audit_state.in_(everywhere)] if everywhere else []
    clauses += [(LedgerEntry.audit_state == t.source) & applies_sql(t.applies)
                for t in theirs if t.applies is not None and t.source not in everywhere]
    return or_(*clauses) if clauses else false()


def applies_sql(condition):
    """A transition's ``applies`` as SQL over the entry's facts and source and the teacher's school."""
    if isinstance(condition, Fact):
        return func.coalesce(LedgerEntry.facts[condition.name].as_string(), "").in_(condition.values)
    if isinstance(condition, FromSource):
        return LedgerEntry.source.in_(condition.values)
    if isinstance(condition, PrivateSchool):
        return OrgUnit.private.is_(True)  # the teacher's school, joined by ``_joined``
    if isinstance(condition, AllOf):
        return and_(*(applies_sql(p) for p in condition.parts))
    if isinstance(condition, AnyOf):
        return or_(*(applies_sql(p) for p in condition.parts))
    if isinstance(condition, Not):
        return ~applies_sql(condition.part)
    raise TypeError(f"not a condition on an entry: {condition!r}")


def applies(transition: Transition, entry: LedgerEntry, school: OrgUnit) -> bool:
    return transition.applies is None or transition.applies.holds(entry.facts or {}, entry.source, school.private)


Organiser = aliased(OrgUnit)  # the unit that ran the entry's project, beside the teacher's school
Reversal = aliased(LedgerEntry)  # a reversed entry (a corrected claim) waits for nobody
SchoolParent = aliased(OrgUnit)  # the unit above the teacher's school, which the region's guards read


def _joined(query):
    return (query.join(Teacher, LedgerEntry.teacher_id == Teacher.id)
            .join(OrgUnit, Teacher.school_id == OrgUnit.id)
            .outerjoin(Enrollment, LedgerEntry.enrollment_id == Enrollment.id)
            .outerjoin(TrainingProject, Enrollment.project_id == TrainingProject.id)
            .outerjoin(Organiser, TrainingProject.organiser_id == Organiser.id)
            .where(LedgerEntry.reverses_id.is_(None), ~exists().where(Reversal.reverses_id == LedgerEntry.id)))


def _sides(scope: Scope, school: OrgUnit, organiser: OrgUnit | None) -> tuple[str, ...]:
    """Through which reaches (``Transition.over``) the scope holds the entry: the teacher's school,
    the project's organiser, the organising unit itself (the role held there, not above it)."""
    return tuple(side for side, held in ((OVER_TEACHER, scope.covers(school)),
                                         (OVER_ORGANISER, organiser is not None and scope.covers(organiser)),
                                         (OVER_ORGANISER_UNIT, organiser is not None and organiser.path in scope.paths))
                 if held)


def _acting(acting: list, school: OrgUnit, organiser: OrgUnit | None) -> Acting:
    """The user's audit roles (``_acting_roles``) reaching the entry, each with its reaches."""
    return Acting({role: _sides(scope, school, organiser) for role, _states, scope in acting})


def awaiting_count(region: Region, user: User, on: date) -> int:
    """How many entries the user may move on now: the rows of ``review_page`` (an entry whose
    every step the region withholds until a later day waits apart, ``ReviewPage.later``)."""
    return len(_queue(region, user, on, explained=False)[0])


def _step(region: Region, entry: LedgerEntry, teacher: Teacher, transition: Transition, on: date,
          held: int | None, organiser: OrgUnit | None = None, at_organiser: bool = False) -> AuditStep:
    return AuditStep(transition.source, transition.target, transition.actor, on, entry.activity_date, entry.category,
                     entry.amount, dict(entry.facts or {}), region.cycle(entry.activity_date, teacher.facts()),
                     entry_source=entry.source, school_under=_under(teacher), project_materials=held,
                     organiser_kind=_kind(organiser), at_organiser=at_organiser)


def _kind(unit: OrgUnit | None) -> str:
    """The unit's kind as the region's guards read it ("" for none)."""
    if unit is None:
        return ""
    return getattr(unit.kind, "value", unit.kind) or ""


UNKNOWN = object()  # ``steps`` not told how many materials the entry's project holds: it asks


class Steps(NamedTuple):
    offered: tuple[Transition, ...]
    withheld: tuple[Withheld, ...]  # steps the region withholds now, with its findings
    late: tuple[Withheld, ...]  # offered steps past a deadline the region gives (ok findings whose deadline passed)


def _under(teacher: Teacher) -> str:
    """The kind of unit above the teacher's school (a page's schools share a few parents,
    each loaded once by the session)."""
    parent = teacher.school.parent
    return parent.kind if parent is not None else ""


def steps(region: Region, user: User, entry: LedgerEntry, teacher: Teacher, school: OrgUnit,
          on: date, organiser: OrgUnit | None = None, held=UNKNOWN) -> Steps:
    """``_steps``, without the steps never the user's."""
    return _steps(region, user, entry, teacher, school, on, organiser, held)[0]


def _steps(region: Region, user: User, entry: LedgerEntry, teacher: Teacher, school: OrgUnit,
           on: date, organiser: OrgUnit | None = None, held=UNKNOWN) -> tuple[Steps, tuple[Withheld, ...]]:
    """The steps this user may take on this entry now, those the region withholds now (with
    its findings), and those offered late; the workflow's steps for roles the user holds over
    the teacher's school or the unit that ran the entry's project (``organiser``). ``held``: how
    many materials the entry's project holds (None: no project), as a list's query loaded it
    for all its entries (``materials.held_count``); left out, it is asked for this entry. Beside
    them, the steps the region says are never the user's on this entry (``never_taken``): neither
    offered nor shown, their findings said only to one who posts such a step anyway."""
    workflow = region.audit_workflow()
    if teacher.user_id is not None and teacher.user_id == user.id:
        return Steps((), (), ()), ()  # nobody audits their own credits, whatever else they are
    roles = _acting(_acting_roles(user, workflow), school, organiser)
    offered, withheld, late, never = [], [], [], []
    allowed = workflow.allowed(entry.audit_state, roles)
    for transition in allowed:
        if not applies(transition, entry, school) and any(
                (t.target, t.label) == (transition.target, transition.label) and applies(t, entry, school)
                for t in allowed):
            continue  # the same step, worded for other entries (``Transition.applies``): this entry's is its own
        if held is UNKNOWN:
            held = materials.held_by_entry(entry)
        found = region.audit_findings(_step(region, entry, teacher, transition, on, held, organiser,
                                            OVER_ORGANISER_UNIT in roles.over[transition.actor]))
        refused = tuple(f for f in found if not f.ok)
        if never_taken(refused):
            never.append(Withheld(transition.label, transition.target, refused))
            continue
        if refused:
            withheld.append(Withheld(transition.label, transition.target, refused))
            continue
        if not applies(transition, entry, school):
            continue  # not this actor's entry (``Transition.applies``): not in their queue, never offered
        offered.append(transition)
        overdue = tuple(f for f in found if f.deadline is not None and ended(f.deadline, on))
        if overdue:
            late.append(Withheld(transition.label, transition.target, overdue))
    return Steps(tuple(offered), tuple(withheld), tuple(late)), tuple(never)


def _with_held(query):
    """The query's rows, each with how many materials its entry's project holds and the
    project's id (one query)."""
    held, column = materials.held_count()
    return query.add_columns(column, TrainingProject.id).outerjoin(held, held.c.project_id == TrainingProject.id)


def _row(entry: LedgerEntry, teacher: Teacher, school: OrgUnit, found: Steps, reason: str, evidence=(),
         taken_late: str = "", held: int | None = None, project_id: int | None = None,
         workflow: Workflow | None = None, organiser: OrgUnit | None = None) -> ReviewRow:
    reviewed = found.offered if workflow is None else tuple(t for t in found.offered if not workflow.resubmits(t))
    label = "" if workflow is None else workflow.label_of(entry.audit_state, _kind(organiser) or None)
    return ReviewRow(entry, teacher.name, school.name, found.offered, found.withheld, reason, found.late, evidence,
                     taken_late, project_id, held, reviewed=reviewed, state_label=label)


@lru_cache(maxsize=1)
def last_reason():
    """SQL: the reason given with the entry's latest audit step, if any (built once: the same
    subquery serves every statement)."""
    return (select(AuditEvent.after["reason"].as_string())
            .where(AuditEvent.subject_type == LedgerEntry.__tablename__, AuditEvent.subject_id == LedgerEntry.id,
                   AuditEvent.action == EVENT)
            .order_by(AuditEvent.id.desc()).limit(1).scalar_subquery())


def reasons_given(entry_ids) -> dict[int, str]:
    """The reason given with each entry's latest audit step, for those that have one (why an
    entry was returned or rejected, for the teacher's ledger): one query."""
    ids = list(entry_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(AuditEvent.subject_id, AuditEvent.after["reason"].as_string())
        .where(AuditEvent.subject_type == LedgerEntry.__tablename__, AuditEvent.subject_id.in_(ids),
               AuditEvent.action == EVENT)
        .order_by(AuditEvent.id)).all()
    latest = dict(rows)  # later events overwrite earlier ones
    return {entry_id: reason for entry_id, reason in latest.items() if reason}


def taken_late(entry_ids) -> dict[int, str]:
    """The deadline each of these entries had an earlier audit step taken after (its audit event
    keeps it), for those that had one: the next reviewer reads that the registration was late
    (a phone trial's district saw the warning go with the step): one query."""
    ids = list(entry_ids)
    if not ids:
        return {}
    late = AuditEvent.after["late"].as_string()
    return dict(db.session.execute(
        select(AuditEvent.subject_id, late)
        .where(AuditEvent.subject_type == LedgerEntry.__tablename__, AuditEvent.subject_id.in_(ids),
               AuditEvent.action == EVENT, late.is_not(None))
        .order_by(AuditEvent.id)).all())


@dataclass(frozen=True)
class QueueFilter:
    """What a reviewer narrows the queue to: words in the teacher's name, the entry's title or
    the school's name; where entries come from (a project, a claim, an appeal ...: a
    ``LedgerSource`` code); and the order (oldest activity first, or newest)."""

    words: str = ""
    source: str = ""
    newest_first: bool = False

    def conditions(self) -> list:
        found = []
        words = self.words.strip()[:100]
        if words:
            found.append(or_(Teacher.name.contains(words, autoescape=True), LedgerEntry.title.contains(words, autoescape=True),
                             OrgUnit.name.contains(words, autoescape=True)))
        if self.source:
            found.append(LedgerEntry.source == self.source)
        return found


@dataclass(frozen=True)
class ReviewPage(Page):
    """The queue's page, and the entries that will wait for the user's step but may not take it
    yet: each reason (the region's findings withholding it: a cycle not ended) with how many it
    holds back. Without them a city admin read "125 await you" and a list of entries none of
    which could be approved before the cycle's end."""

    later: tuple[tuple[tuple[Finding, ...], int], ...] = ()
    # the notes of lateness that several of the page's entries carry alike (a step offered past
    # the region's deadline, with its findings): said once above the list, each entry saying only
    # that it is late. Under every entry, the same long note made six entries ~3,700 px on a phone.
    shared_late: tuple[Withheld, ...] = ()
    # the steps two or more of the page's entries offer with the same note (what the step does):
    # said once above the list, not under the step's button on each entry (a school admin's
    # phone read the same three lines under each of twelve rows, 6,000 px). An entry's own note,
    # one no other entry shares (a borrowing's step beside claims'), stays under its button.
    shared_notes: tuple[Transition, ...] = ()
    # the link to a training's materials, where two or more of the page's entries come from that
    # training: said once for each run of them one after another (``materials_at``), the trainings
    # several share counted here (``shared_materials``): (the first entry's id, how many of the
    # page's entries come from it). A district admin's six entries of one training each read
    # the same link (该培训的培训情况资料：2 份); said only at the first, the entries of that training
    # below another's (the queue newest first) had none near them.
    shared_materials: tuple[tuple[int, int], ...] = ()

    def said_above(self, step: Transition) -> bool:
        """Whether the page says ``step``'s note above the list (``shared_notes``), not under its button."""
        return bool(step.note) and _note_key(step) in {_note_key(t) for t in self.shared_notes}

    # of ``total``, the entries waiting for the reader only to be corrected and handed in again
    # (``ReviewRow.returned``): counted apart from those waiting for their review (a principal,
    # whose only step in a region's audit is resubmitting a claim returned to the school, read it
    # counted as waiting for her review, with a tick box for the batch step)
    returned: int = 0
    # the labels of the reader's steps where each of them only hands a returned entry in again
    # (``corrections``): the page is headed by them, never 待您审核; None for a reviewer
    corrects: tuple | None = None

    @property
    def correcting(self) -> bool:
        """Whether the page is the reader's returned entries only: all their steps hand entries
        in again, or every entry waiting was returned to them."""
        return self.corrects is not None or bool(self.returned and not self.to_review)

    @property
    def later_total(self) -> int:
        return sum(n for _f, n in self.later)

    @property
    def to_review(self) -> int:
        return self.total - self.returned

    def materials_at(self, row: ReviewRow) -> int:
        """How many of the page's entries the row's link to its training's materials serves: at
        the first of a run of entries of one training one after another, the run's length (1, its
        own, for an entry alone); 0 at the run's others. An entry of the training after a gap (another
        training's between) says the link again: a reader there has none in sight above."""
        if row.project_id is None or not row.materials:
            return 0
        items = list(self.items)
        at = next((i for i, r in enumerate(items) if r.entry.id == row.entry.id), None)
        if at is None:  # not an entry of this page
            return 0
        if at and items[at - 1].project_id == row.project_id:
            return 0
        run = 1
        while at + run < len(items) and items[at + run].project_id == row.project_id:
            run += 1
        return run

    def materials_shared(self, row: ReviewRow) -> int:
        """How many of the page's entries, adjacent or not, come from the row's training (1 alone):
        a run holding them all says so; a run of some of them says only that it serves the entries after it."""
        firsts = {r.entry.id: r.project_id for r in self.items}
        return next((n for entry_id, n in self.shared_materials if firsts.get(entry_id) == row.project_id), 1)


def _case(user: User, entry: LedgerEntry, teacher: Teacher, roles: Acting, held: int | None = None,
          organiser: OrgUnit | None = None) -> tuple:
    """What the region's guards and the workflow judge an entry by (``steps``): entries alike in
    all of it are one case, whose steps are asked once."""
    return (teacher.user_id is not None and teacher.user_id == user.id,
            tuple(sorted((role.value, tuple(sorted(sides))) for role, sides in roles.over.items())), entry.audit_state,
            entry.activity_date, entry.category, entry.amount, entry.source,
            tuple(sorted((k, repr(v)) for k, v in (entry.facts or {}).items())), teacher.facts(), _under(teacher), held,
            _kind(organiser))


def _queue(region: Region, user: User, on: date, narrowed: QueueFilter = QueueFilter(),
           later: Counter | None = None, explained: bool = True) -> tuple[list[tuple], dict]:
    """The entries waiting for the user (``awaiting_condition``, SQL) on which the user has a
    step to take now, in the queue's order, each with its ``Steps``: an entry whose every step
    the region withholds for now (a window opening later) is left out, counted in ``later`` by
    the findings withholding it. The guards are asked once per distinct case (``_case``).
    ``explained=False``: the entries' explanations are not loaded (a count shows none)."""
    workflow = region.audit_workflow()
    condition = and_(awaiting_condition(user, workflow), *narrowed.conditions())
    order = ((LedgerEntry.activity_date.desc(), LedgerEntry.id.desc()) if narrowed.newest_first
             else (LedgerEntry.activity_date, LedgerEntry.id))
    rows = db.session.execute(_with_held(_joined(select(LedgerEntry, Teacher, OrgUnit, Organiser)))
                              .outerjoin(SchoolParent, OrgUnit.parent_id == SchoolParent.id)
                              .options(contains_eager(OrgUnit.parent.of_type(SchoolParent)),
                                       *(() if explained else (lazyload(LedgerEntry.explanation),)))
                              .where(condition).order_by(*order)).all()
    acting = _acting_roles(user, workflow)
    answered: dict[tuple, Steps] = {}
    found, by_entry = [], {}
    for entry, teacher, school, organiser, held, project_id in rows:
        roles = _acting(acting, school, organiser)
        case = _case(user, entry, teacher, roles, held, organiser)
        if case not in answered:
            answered[case] = steps(region, user, entry, teacher, school, on, organiser, held)
        found_steps = answered[case]
        if found_steps.offered:
            found.append((entry, teacher, school, organiser, held, project_id))
            by_entry[entry.id] = found_steps
        elif later is not None and found_steps.withheld:
            later[found_steps.withheld[0].findings] += 1
    return found, by_entry


def review_page(region: Region, user: User, on: date, page: int = 1, per_page: int = 20,
                narrowed: QueueFilter = QueueFilter()) -> ReviewPage:
    """The entries waiting for the user's step now, oldest activity first (a cycle's backlog in
    the order it happened) unless asked newest first, narrowed by ``narrowed``, with the reason
    of each one's last step; those the region withholds for now said apart (``ReviewPage.later``)."""
    later: Counter = Counter()
    found, by_entry = _queue(region, user, on, narrowed, later)
    workflow = region.audit_workflow()
    page = clamp(page, len(found), per_page)
    shown = found[(page - 1) * per_page:page * per_page]
    reasons = reasons_given(entry.id for entry, *_rest in shown)
    lateness = taken_late(entry.id for entry, *_rest in shown)
    evidence = claims.evidence_of(entry.claim_id for entry, *_rest in shown)
    return ReviewPage([_row(entry, teacher, school, by_entry[entry.id], reasons.get(entry.id, ""),
                            evidence.get(entry.claim_id, ()), lateness.get(entry.id, ""), held, project_id, workflow,
                            organiser)
                       for entry, teacher, school, organiser, held, project_id in shown], page, per_page, len(found),
                      tuple(later.most_common()), shared_late(by_entry[entry.id] for entry, *_rest in shown),
                      shared_notes(by_entry[entry.id].offered for entry, *_rest in shown),
                      shared_materials((entry.id, project_id, held) for entry, *_rest, held, project_id in shown),
                      returned=sum(1 for entry, *_rest in found
                                   if all(workflow.resubmits(t) for t in by_entry[entry.id].offered)),
                      corrects=corrections(user, workflow))


def _repeated(rows: Iterable[dict]) -> dict:
    """Of a page's rows, each a dict of what it shows by key, the keys two or more rows show:
    each with what the first row showed for it and how many rows show it, in the order first
    met. What the queue says once rather than on every row (``shared_late``, ``shared_notes``,
    ``shared_materials``)."""
    first: dict = {}
    seen: Counter = Counter()
    for shown in rows:
        seen.update(shown.keys())
        for key, value in shown.items():
            first.setdefault(key, value)
    return {key: (value, seen[key]) for key, value in first.items() if seen[key] > 1}


def shared_late(found: Iterable[Steps]) -> tuple[Withheld, ...]:
    """The notes of lateness (``Steps.late``) that two or more of a page's entries carry alike,
    in the order first met: the page says each once; an entry's own note stays with it."""
    return tuple(_repeated({w: w for w in steps_found.late} for steps_found in found))


def _note_key(t: Transition) -> tuple[str, str]:
    return str(t.label), str(t.note)


def shared_materials(rows: Iterable[tuple[int, int | None, int | None]]) -> tuple[tuple[int, int], ...]:
    """Of a page's rows (entry id, project id, how many materials the project holds), the
    trainings with materials that two or more of them come from: (the first such entry's id,
    how many of the rows come from it), in the order first met. The page says the link once,
    there; an entry alone of its training keeps its own."""
    return tuple(_repeated({project_id: entry_id} for entry_id, project_id, held in rows
                           if project_id is not None and held).values())


def shared_notes(offered: Iterable[tuple[Transition, ...]]) -> tuple[Transition, ...]:
    """The steps with a note that two or more of a page's entries offer saying the same, in the
    order first met: the page says each once. Not a label the page offers with two notes (a
    region's school may register claims and borrowings under one word, each with its own note): said
    above, the reader could not tell which note is whose. A step that asks a reason keeps its
    note in its own form, behind its tap."""
    offered = list(offered)
    words = {_note_key(t) for actions in offered for t in actions if t.note and REASON not in t.asks}
    notes = Counter(label for label, _note in words)
    repeated = _repeated({_note_key(t): t for t in actions if t.note and REASON not in t.asks} for actions in offered)
    return tuple(t for key, (t, _n) in repeated.items() if notes[key[0]] == 1)


def review(region: Region, user: User, entry_ids: list[int], target: str, reason: str = "",
           on: date | None = None, where_offered: bool = False) -> list[ReviewRow]:
    """The use case: the step to ``target`` taken on each entry, all or none: refused, naming
    the entry, if the user may not take it on one of them now, if the step asks a reason and
    none is given, or if someone else moved an entry first. ``where_offered``: the entries
    that do not offer the step now are left as they are instead (a whole page at once).

    The state is the entry's version (models/ledger.py): the UPDATE is conditional on the
    state read here, so two reviewers acting at once cannot both move the same entry."""
    on = on or clock.today()
    reason = (reason or "").strip()
    if len(reason) > MAX_REASON:  # refused, not cut short unsaid (a trial's 3000 characters kept as their first 500)
        raise ReviewRefused("reason")
    with use_case(keep=True):  # the rows answered are the entries just moved
        found = db.session.execute(
            _with_held(_joined(select(LedgerEntry, Teacher, OrgUnit, Organiser))).where(LedgerEntry.id.in_(set(entry_ids)))
            .order_by(LedgerEntry.activity_date, LedgerEntry.id)).all()
        # whom the user may see (a workshop leader their members); whose projects they ran
        reach, ran = Scope.of(user, user.role_set), Scope.of(user, user.role_set - READ_ONLY_ROLES)
        if len(found) != len(set(entry_ids)) or not all(
                reach.covers_teacher(t) or (o is not None and ran.covers(o)) for _e, t, _s, o, *_held in found):
            raise ReviewRefused("not_found")
        moved = []
        for entry, teacher, school, organiser, held, project_id in found:
            found_steps, never = _steps(region, user, entry, teacher, school, on, organiser, held)
            step = next((t for t in found_steps.offered if t.target == target), None)
            if step is None and where_offered:
                continue
            if step is None:
                # withheld now, or never this user's (the region says why); else not a step of their
                # roles through their reach: who takes it is said
                held = next((w for w in found_steps.withheld + never if w.target == target), None)
                if held is not None:
                    raise ReviewRefused("refused", entry.title, held.findings)
                raise ReviewRefused("not_allowed", entry.title,
                                    taken_by=region.audit_workflow().taken_by(entry.audit_state, target))
            if REASON in step.asks and not reason:
                raise ReviewRefused("reason", entry.title)
            source, title = entry.audit_state, entry.title  # a failed flush leaves the entry unreadable
            entry.audit_state = target
            try:
                db.session.flush()
            except StaleDataError:
                raise ReviewRefused("changed", title) from None
            late = next((w for w in found_steps.late if w.target == target), None)
            record_event(user, EVENT, entry, before={"state": source},
                         after={"state": target, "by": step.actor.value, **({"reason": reason} if reason else {}),
                                **({"late": max(f.deadline for f in late.findings).isoformat()} if late else {})},
                         org_unit_id=school.id)
            _tell(region.audit_workflow(), step, entry, teacher, reason)
            moved.append((entry, teacher, school, organiser, held, project_id))
    evidence = claims.evidence_of(entry.claim_id for entry, *_rest in moved)
    return [_row(entry, teacher, school, steps(region, user, entry, teacher, school, on, organiser, held), reason,
                 evidence.get(entry.claim_id, ()), held=held, project_id=project_id, workflow=region.audit_workflow(),
                 organiser=organiser)
            for entry, teacher, school, organiser, held, project_id in moved]


def last_decided(entry: LedgerEntry):
    """When the entry's audit last moved (its registration as it stands: registered, verified,
    returned…), or None while nobody has decided on it."""
    return db.session.scalar(select(func.max(AuditEvent.at)).where(
        AuditEvent.subject_type == LedgerEntry.__tablename__, AuditEvent.subject_id == entry.id,
        AuditEvent.action == EVENT))


def _tell(workflow: Workflow, step: Transition, entry: LedgerEntry, teacher: Teacher, reason: str) -> None:
    """The teacher hears of a decision on their record: where it ends or starts to count, and
    any step given with a reason (returned, not registered); not of each hand-over between
    levels on the way. The message opens the claims page for a claim's entry, the ledger otherwise."""
    state = workflow.state(step.target)
    if not teacher.user_id or not (state.final or state.counts or reason):
        return
    message = (_("Your record \u201c{title}\u201d: {state}. {reason}", title=entry.title, state=state.label, reason=reason)
               if reason else _("Your record \u201c{title}\u201d: {state}", title=entry.title, state=state.label))
    # a claim's teacher acts on it where the claims are listed (corrects a returned one there)
    notify([teacher.user_id], entry, message, "/claims" if entry.claim_id is not None else "/me/ledger")


def move(region: Region, user: User, entry_id: int, target: str, reason: str = "") -> ReviewRow:
    """The use case for one entry (``review``)."""
    return review(region, user, [entry_id], target, reason)[0]


# The roles of a bureau above schools, told of entries nobody can take on (``stranded``).
BUREAU_ROLES = (UserRole.DISTRICT_ADMIN, UserRole.CITY_ADMIN, UserRole.PROVINCE_ADMIN)


@dataclass(frozen=True)
class Stranded:
    """Entries of teachers under ``unit`` (the unit above their school, else the school) that
    wait in the audit state ``state`` (its label) where nobody holds a role that may take any of
    its steps on them: no account holds the role over the teacher's school or the organiser, or
    the region's rules never let those who do (a city's department on a county's school)."""

    unit: str
    state: str
    count: int


def stranded(region: Region, user: User, on: date) -> tuple[Stranded, ...]:
    """What waits in the audit, in the user's bureau scope, for a step nobody can take: an entry
    whose every step from its state, applying to it, is of a role no account holds over its
    teacher's school or its project's organiser, or one the region never lets those holders take
    (``never_taken``). A state in which the teacher acts (a claim returned to them) waits on the
    teacher. The entries are judged by one of each state, school, organiser and source (the
    region's findings read the step, the school and the entry's facts: a representative's).
    A trial's demo left a county's records waiting for a county admin no one was, and the city
    admin, above, was told nothing while the county's average read 0."""
    scope = Scope.of(user, BUREAU_ROLES)
    if not scope:
        return ()
    workflow = region.audit_workflow()
    undecided = workflow.undecided()
    if not undecided:
        return ()
    rows = db.session.execute(_joined(
        select(LedgerEntry.audit_state, Teacher.school_id, TrainingProject.organiser_id, LedgerEntry.source,
               func.min(LedgerEntry.id), func.count(LedgerEntry.id)))
        .where(LedgerEntry.audit_state.in_(undecided), scope.teacher_condition(OrgUnit.path))
        .group_by(LedgerEntry.audit_state, Teacher.school_id, TrainingProject.organiser_id, LedgerEntry.source)).all()
    if not rows:
        return ()
    held = {(role, path) for role, path in db.session.execute(  # by an account that can sign in
        select(RoleAssignment.role, OrgUnit.path).join(OrgUnit, RoleAssignment.org_unit_id == OrgUnit.id)
        .join(User, RoleAssignment.user_id == User.id).where(User.active.is_(True)).distinct())}
    # the representatives, with their teacher, school, the unit above it and the organiser, and
    # how many materials the project holds: one query, whatever the number of schools
    Parent = aliased(OrgUnit)
    loaded = {entry.id: (entry, teacher, school, parent, organiser, materials_held)
              for entry, teacher, school, parent, organiser, materials_held, _project in db.session.execute(
                  _with_held(_joined(select(LedgerEntry, Teacher, OrgUnit, Parent, Organiser))
                             .outerjoin(Parent, OrgUnit.parent_id == Parent.id))
                  .where(LedgerEntry.id.in_([row[4] for row in rows])))}
    found: Counter = Counter()
    for state, _school_id, _organiser_id, _source, entry_id, count in rows:
        entry, teacher, school, parent, organiser, materials_held = loaded[entry_id]
        if not _anyone_acts(region, workflow, entry, teacher, school, organiser, state, held, on, materials_held):
            found[((parent or school).name, workflow.state(state).label)] += count
    # by unit, then state: two states of one unit compared their labels, which are lazy texts, not strings
    return tuple(Stranded(unit, label, n)
                 for (unit, label), n in sorted(found.items(), key=lambda item: (item[0][0], str(item[0][1]))))


def _anyone_acts(region: Region, workflow: Workflow, entry: LedgerEntry, teacher: Teacher, school: OrgUnit,
                 organiser: OrgUnit | None, state: str, held: set, on: date, materials_held: int | None) -> bool:
    teacher_side = set(ancestors(school.path))
    organiser_side = set(ancestors(organiser.path)) if organiser is not None else set()
    reaches = {OVER_TEACHER: teacher_side, OVER_ORGANISER: organiser_side,
               OVER_ORGANISER_UNIT: {organiser.path} if organiser is not None else set(),
               None: teacher_side | organiser_side}
    for transition in workflow.transitions:
        if transition.source != state or not applies(transition, entry, school):
            continue
        if transition.actor == UserRole.TEACHER:
            return True  # it waits on the teacher, not on a unit
        # each holder of the role through the step's reach, at the organising unit itself or not
        at = {organiser is not None and path == organiser.path for path in reaches[transition.over]
              if (transition.actor.value, path) in held}
        for at_organiser in sorted(at):
            refused = tuple(f for f in region.audit_findings(_step(region, entry, teacher, transition, on,
                                                                    materials_held, organiser, at_organiser))
                            if not f.ok)
            if not never_taken(refused):
                return True
    return False
