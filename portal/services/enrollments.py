"""Enrollments along the region's workflow: a teacher selects a project (or an admin submits
them), and every later step is a move by whoever the workflow names. ``move`` is the only
way an enrollment's state changes: it checks the step is in the workflow, that the actor
holds its role over the teacher or the project, what the step asks for, and the region's
guards (``portal_move_findings``); takes or gives back the seat; enters the credits when the
enrollment is completed; writes the audit event and tells the teacher.

A state that expires (unpaid after 30 minutes) is left by itself: ``release_expired`` runs
on the next read of a page that shows enrollments and from the scheduled job, whichever
comes first, so a seat returns even when no worker runs.

Use cases commit (``select_project``, ``move``, ``release_expired``); ``select_one`` and
``take_step`` are their building blocks (``bulk_enrollment`` and ``results`` take many at
once with them); ``enter_history`` is one for a system that enters past trainings (the demo,
an import), which takes the workflow's path to completion without the region's guards.
"""
from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import and_, exists, false, func, inspect, or_, select, true, update
from sqlalchemy.orm import aliased, joinedload, lazyload
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.exc import IntegrityError

from .. import clock
from ..domain import (
    ADMIN_ROLES, COMPLETED, Activity, ActivityRole, CreditResult, Finding, Grade, InvalidInput, Level, Mode, Move, OrgKind, PastSelection, Selection, Transition,
    ROLE_RANK, Step, Unit, UserRole, Workflow,
)
from ..domain.findings import distinct
from ..domain.labels import ROLE_LABELS, labels
from ..domain.payments import Payment
from ..domain.selection import (
    ENDED, QUOTA, UNALLOCATED, clash_findings, not_selector, on_quota, refused, unallocated_message, used_up_message,
)
from ..domain.text import Messages, WithinSentence
from ..domain.workflow import (
    AGREEMENT, EVALUATION, FIELDS, NOT_APPLICABLE, OVER, OVER_ORGANISER, OVER_ORGANISER_UNIT, OVER_TEACHER, PAYMENT, REASON, RESULT, Acting,
    never_taken,
)
from ..extensions import db
from ..models import AuditEvent, Enrollment, LedgerEntry, OrgUnit, RoleAssignment, Teacher, TrainingProject, User
from ..models.types import utcnow
from ..plugins import Region
from . import calendar, ledger, listing, quotas, seats
from .audit import record_event
from .notifications import nearest_holders, notify
from .pagination import Page, clamp
from .projects import audience_index, facts, may_organise, may_review, planned_activity
from .scope import Scope, ancestors
from .transactions import use_case, writing

log = logging.getLogger(__name__)

_ = Messages("messages", "portal")

Organiser = aliased(OrgUnit)  # a project's organiser, beside the teacher's school in one query
# Workshop leaders follow their members; they take no step in an enrollment.
READ_ONLY_ROLES = frozenset({UserRole.WORKSHOP_LEADER})
PUBLISHED = "published"
NOT_PASSED = "not_passed"  # a class list's filter, not a state: completions not passed (``not_passed``)
SEATS = "selection_seats"  # the finding: the seats left, or none
SCHOOL_OWN = "selection_school"  # the finding: a project not for the teacher's unit (``offered_to``)
MAX_REASON = 500
UNREAD = object()  # the teacher's state in the project, not read by the caller: read it


class SelectionRefused(Exception):
    """The findings that refuse a selection (each with its message and clause)."""

    def __init__(self, findings: tuple[Finding, ...]):
        super().__init__([f.code for f in findings])
        self.findings = findings


class MoveRefused(Exception):
    """``code``: not_found, not_allowed (no such step for the actor: ``taken_by`` says who
    takes it, each role with its reach, ``Workflow.taken_by``; empty: no such step now), changed (someone moved
    it first), asks (``field`` missing or wrong), unpaid (the payment method does not confirm
    the payment), full (no seat left), refused (the region's ``findings``), rules (the region's
    rules refuse the result: ``field`` and ``message``), result (the core refuses the result:
    recorded before the training starts, or more hours than it has: ``field``, ``message`` and
    the ``findings`` saying so)."""

    def __init__(self, code: str, field: str | None = None, findings: tuple[Finding, ...] = (), message="",
                 taken_by: tuple[tuple[UserRole, str | None], ...] = ()):
        super().__init__(code, field)
        self.code = code
        self.field = field
        self.findings = findings
        self.message = message
        self.taken_by = taken_by


@dataclass(frozen=True)
class MoveInput:
    """What a step carries, as far as it asks for it (``Transition.asks``)."""

    reason: str = ""
    attended_hours: Decimal | None = None
    grade: Grade | None = None
    scores: Mapping[str, Decimal] = field(default_factory=dict)
    payment: str | None = None
    evaluation: int | None = None
    comment: str = ""
    agreed: bool = False  # the step's notice read and agreed to (``AGREEMENT``)
    # the region's own fields (``FIELDS``), as checked by its form: their values as kept
    fields: Mapping[str, object] | None = None

    def as_data(self) -> dict:
        return {"reason": self.reason, "attended_hours": self.attended_hours,
                "grade": self.grade.value if self.grade else None, "scores": dict(self.scores),
                "payment": self.payment, "evaluation": self.evaluation, "comment": self.comment,
                "agreed": self.agreed, "fields": dict(self.fields or {})}


# Selecting ---------------------------------------------------------------------------

OTHERS_SINCE = timedelta(days=366)


def selection(region: Region, project: TrainingProject, teacher: Teacher, by: UserRole, at: datetime,
              role: ActivityRole = ActivityRole.PARTICIPANT, again: str | None | object = UNREAD) -> Selection:
    """The selection as the region's rules see it: the calendar phases open at ``at`` and the
    teacher's other selections of the project's year or made in the year before ``at`` (a
    term's rounds select trainings that run into the next year); ``again``: the state of the
    teacher's enrollment in the project, if the caller has read it (None: there is none)."""
    others = db.session.execute(
        select(Enrollment.project_id, Enrollment.status, Enrollment.phase, Enrollment.created_at,
               TrainingProject.program, TrainingProject.start_date, TrainingProject.end_date,
               TrainingProject.name, TrainingProject.mode)
        .join(TrainingProject, Enrollment.project_id == TrainingProject.id)
        .where(Enrollment.teacher_id == teacher.id, Enrollment.project_id != project.id,
               or_(TrainingProject.year == project.year, Enrollment.created_at >= at - OTHERS_SINCE))
    ).all()
    day = clock.day_of(at)
    in_force = calendar.phases(region, day)
    left, allocated, unallocated = quotas.quota_for(project, teacher)
    return Selection(
        project=facts(project), teacher=teacher.facts(), at=at, by=by, role=role,
        subjects=tuple(teacher.subjects or ()), calendar=in_force,
        day=day, phases=tuple(p for p in in_force if p.open_on(day)), quota_left=left, quota_allocated=allocated,
        quota_unallocated=unallocated, quota_unit=_full_unit(project, teacher, left, unallocated),
        others=tuple(_past(row) for row in others),
        again=_enrolled_state(project.id, teacher.id) if again is UNREAD else again,
        school_under=_school_under(teacher),
    )


def schools_under(school_ids) -> dict[int, str]:
    """The name of the unit each school sits under (``Selection.school_under``), in one query."""
    parent = aliased(OrgUnit)
    return dict(db.session.execute(select(OrgUnit.id, parent.name).join(parent, parent.id == OrgUnit.parent_id)
                                   .where(OrgUnit.id.in_(list(school_ids)))).all())


def _past(row) -> PastSelection:
    """Another selection of the teacher, from a row of its enrollment joined to its project."""
    return PastSelection(row.project_id, row.status, row.phase, row.created_at, clock.day_of(row.created_at),
                         row.program, row.start_date, row.end_date, row.name, Mode(row.mode))


def _core_findings(region: Region, project: TrainingProject, teacher: Teacher, at: datetime,
                   by: UserRole | None = None, before: str | None | object = UNREAD,
                   start: str | None = None, quota_left: int | None = None,
                   quota_unallocated: bool = False, quota_unit: str = "") -> list[Finding]:
    """``start``: the state the selection would enter (``portal_selection_state``; else the
    workflow's first): seats are said where it holds one. ``quota_left``: the seats left to the
    teacher's unit where the project allocates seats to units (``quotas.quota_for``, as the
    enrol page's 尚余 and the seat taken count them): the seats said are those, not the whole
    project's (a phone trial's teacher read ✓ 28 seats left of a school whose 2 were taken).
    ``quota_unallocated``: none of those seats was ever allocated to the teacher's unit or one
    above it (``Selection.quota_unallocated``), said so rather than as a quota used up."""
    workflow = region.enrollment_workflow()
    findings = []
    if project.status != PUBLISHED:
        findings.append(Finding("selection_published", False, None, None, _("The project is not published"), ""))
    if clock.day_of(at) > project.end_date and not workflow.selects_ended(by):
        findings.append(Finding("selection_ended", False, None, None,  # nothing reopens it: refused for good
                                _("The training ended on {day}", day=project.end_date), "", never=True))
    if before is UNREAD:
        before = _enrolled_state(project.id, teacher.id)
    if before is not None and not (by is not None and reselectable(workflow, before, by)):
        state = workflow.state(before) if before in {s.code for s in workflow.states} else None
        findings.append(_already() if state is None or not state.lapsed else Finding(
            "selection_already", False, None, None,
            _("Selected before, now: {state}. Take it up again from that enrollment's steps on the class list "
              "or in My trainings.", state=state.label), ""))
    if not offered_to(region, project, teacher):
        findings.append(not_offered(project))
    if workflow.state(start or workflow.initial).holds_seat:
        left = None if project.capacity is None else project.capacity - project.taken
        if left is not None and left <= 0:
            findings.append(_no_seats())
        elif quota_left is not None and quota_left <= 0:
            findings.append(no_quota_allocated() if quota_unallocated else quota_used_up(quota_unit))
        elif quota_left is not None and (left is None or quota_left < left):
            findings.append(Finding(SEATS, True, None, Decimal(quota_left),
                                    _("{n} seats left of the unit's quota", n=quota_left), ""))
        elif left is not None:
            findings.append(Finding(SEATS, True, None, Decimal(left), _("{n} seats left", n=left), ""))
    return findings


def _full_unit(project: TrainingProject, teacher: Teacher, left: int | None, unallocated: bool) -> str:
    """The unit above the teacher's school whose quota ran out (``quotas.full_unit``), asked
    only where the teacher has no seat left of a quota allocated."""
    return quotas.full_unit(project.id, teacher) if left is not None and left <= 0 and not unallocated else ""


def quota_used_up(unit: str = "") -> Finding:
    """The refusal of a seat the teacher's unit has no more of (its quota, or one above it,
    ``unit``, taken)."""
    return Finding(QUOTA, False, None, Decimal(0), used_up_message(unit), "")


def no_quota_allocated() -> Finding:
    """The refusal of a seat where the project allocates its seats to units, none of them to the
    teacher's unit or one above it: none was allocated, none is used up."""
    return Finding(UNALLOCATED, False, None, Decimal(0), unallocated_message(), "")


def school_own(project: TrainingProject) -> bool:
    """Whether the project is a school's own training: school-level, organised by a school."""
    return project.level == Level.SCHOOL.value and project.organiser.kind == OrgKind.SCHOOL.value


def offered_to(region: Region, project: TrainingProject, teacher: Teacher) -> bool:
    """Whether the project is offered to the teacher: their school is in the unit the project
    is for (``quotas.audience``: a school's own training for its school, a county-level one a
    school hosts for its district, a city-level one for the city, an institution's for the
    bureau it stands under), or it is another school's own training and the region opens those
    to every school (``portal_school_projects_open``)."""
    if region.school_projects_open and school_own(project):
        return True
    return teacher.school.path.startswith(quotas.audience(project).path)


def offered_condition(region: Region, teacher: Teacher | None):
    """SQL, over projects joined to their organiser (``OrgUnit``): offered to ``teacher`` as
    ``offered_to`` says; every project for someone who is no teacher (an admin browsing).

    Set-based: for each unit A on the teacher's school's path, the projects whose audience is A
    (``projects.audience_index`` read on A's path, which every organiser under A shares down
    to A): those of a level A is the first unit of, organised at or below A; those of a level
    no unit down to A is for, organised by A itself; an institution's standing under A."""
    if teacher is None:
        return true()
    path = db.session.execute(select(OrgUnit.id, OrgUnit.kind, OrgUnit.path)
                              .where(OrgUnit.path.in_(ancestors(teacher.school.path)))
                              .order_by(func.length(OrgUnit.path))).all()
    institution = OrgUnit.kind == OrgKind.INSTITUTION.value
    clauses = []
    for i, unit in enumerate(path):
        kinds = [u.kind for u in path[:i + 1]]
        first = [level.value for level in Level if audience_index(kinds, level) == i]
        none = [level.value for level in Level if audience_index(kinds, level) is None]
        if first:
            clauses.append(~institution & OrgUnit.path.startswith(unit.path, autoescape=True)
                           & TrainingProject.level.in_(first))
        if none:
            clauses.append(~institution & (TrainingProject.organiser_id == unit.id) & TrainingProject.level.in_(none))
        clauses.append(institution & (OrgUnit.parent_id == unit.id))
    if region.school_projects_open:
        clauses.append((TrainingProject.level == Level.SCHOOL.value) & (OrgUnit.kind == OrgKind.SCHOOL.value))
    return or_(*clauses) if clauses else false()


def not_offered(project: TrainingProject) -> Finding:
    """The finding refusing a teacher a project not for them (``offered_to``)."""
    if school_own(project):
        message = _("{school} runs this training for its own teachers", school=project.organiser.name)
    else:
        message = _("This training is for the teachers of {unit}", unit=quotas.audience(project).name)
    return Finding(SCHOOL_OWN, False, None, None, message, "")


def _already() -> Finding:
    return Finding("selection_already", False, None, None, _("Already selected"), "")


def _no_seats() -> Finding:
    return Finding(SEATS, False, None, Decimal(0), _("No seats left"), "")


def judged(region: Region, project: TrainingProject, teacher: Teacher, by: UserRole,
           at: datetime, again: str | None | object = UNREAD) -> tuple[Selection, tuple[Finding, ...]]:
    """The selection and everything said of it: the core's facts (published, seats, already
    selected) and the region's findings with their clauses; ``again`` as ``selection`` takes it."""
    if again is UNREAD:
        again = _enrolled_state(project.id, teacher.id)
    sel = selection(region, project, teacher, by, at, again=again)
    return sel, _judge(region, project, teacher, sel)


def _judge(region: Region, project: TrainingProject, teacher: Teacher, sel: Selection) -> tuple[Finding, ...]:
    """The core's findings and the region's on ``sel``, read already."""
    start = region.selection_state(sel)
    # a teacher selects what the catalog lists to teachers (``portal_catalog_listing``)
    unlisted = listing.not_yet(region, project, sel.on, sel.calendar) if sel.by == UserRole.TEACHER else None
    own = region.selection_findings(sel)
    core = _core_findings(region, project, teacher, sel.at, sel.by, sel.again, start, sel.quota_left,
                          sel.quota_unallocated, sel.quota_unit)
    if any(on_quota(f) for f in own):
        # the region judges the unit's quota itself (with its clause, or refusing a unit it
        # allocated none, as 名额尚未分配): the core's refusal would say it twice. A region refusing
        # for another reason (the stage, the window) leaves it: the reader is told every reason
        # and so would its count of the quota's seats left (✓本单位名额剩余 2 个 beside the region's
        # ✓本单位名额尚有剩余, a phone trial): the quota is told above the findings already
        core = [f for f in core if not on_quota(f) and not _quota_seats(f, project, sel)]
    # who selects is the workflow's (or the project's, portal_selected_by): said by the core where
    # the region's own findings do not already refuse the selection
    return distinct((*core,
                     *((unlisted,) if unlisted is not None else ()),
                     *clash_findings(sel, region.enrollment_workflow().standing()),
                     *own, *((not_selector(sel.by),) if not region.selects(sel.by, sel.project)
                             and all(f.ok for f in own) else ())))


def _quota_seats(finding: Finding, project: TrainingProject, sel: Selection) -> bool:
    """Whether ``finding`` is the core's count of the seats left of the unit's quota (``_core_findings``:
    the unit's quota, fewer than the project's seats left)."""
    left = None if project.capacity is None else project.capacity - project.taken
    return (finding.code == SEATS and finding.ok and sel.quota_left is not None
            and finding.actual == Decimal(sel.quota_left) and (left is None or sel.quota_left < left))


def own_judgements(region: Region, teacher: Teacher, projects: list[TrainingProject],
                   at: datetime) -> dict[int, tuple[str | None, tuple[Finding, ...]]]:
    """For a list of projects (a catalog page), whether the teacher may take each, as their own
    page of it would say (``judged``): by project, the state of their selection where they
    have one and what refuses them."""
    mine = states_in(teacher, projects)
    workflow = region.enrollment_workflow()
    standing = {p.id: mine[p.id] for p in projects
                if p.id in mine and not reselectable(workflow, mine[p.id], UserRole.TEACHER)}
    judging = [p for p in projects if p.id not in standing]
    found = judge_each(region, [(p, teacher, UserRole.TEACHER, mine.get(p.id)) for p in judging], at)
    return {**{p.id: (state, ()) for p, state in ((p, standing[p.id]) for p in projects if p.id in standing)},
            **{p.id: (None, refused(findings)) for p, findings in zip(judging, found)}}


def states_in(teacher: Teacher, projects: list[TrainingProject]) -> dict[int, str]:
    """The state of the teacher's enrollment in each of the projects where they have one (one query)."""
    if not projects:
        return {}
    return dict(db.session.execute(select(Enrollment.project_id, Enrollment.status).where(
        Enrollment.teacher_id == teacher.id, Enrollment.project_id.in_([p.id for p in projects]))).all())


def judge_each(region: Region, selections: list[tuple[TrainingProject, Teacher, UserRole, str | None]],
               at: datetime) -> list[tuple[Finding, ...]]:
    """``judged`` of each (project, teacher, who selects, the teacher's state in the project)
    of a page's rows, read once for all of them (``Offer.read``), not row by row."""
    if not selections:
        return []
    offer = Offer.read(region, [(None, p, t) for p, t, _by, _again in selections], at)
    quotas.read_audiences([p for p, _t, _by, _again in selections])
    return [_judge(region, p, t, replace(offer.selection(p, t, by, ActivityRole.PARTICIPANT), again=again))
            for p, t, by, again in selections]


def selection_findings(region: Region, project: TrainingProject, teacher: Teacher, by: UserRole,
                       at: datetime) -> tuple[Finding, ...]:
    """Everything said about this teacher taking this project now (``judged``)."""
    return judged(region, project, teacher, by, at)[1]


def reselectable(workflow: Workflow, status: str, by: UserRole) -> bool:
    """Whether an enrollment in ``status`` is taken up again by selecting the project anew: its
    state has lapsed (withdrawn, cancelled: not final, the selection no longer stands) and the
    workflow gives ``by`` no step out of it (where it does, a resubmission step, that step is
    the way back). The selection is then judged as any (the window, seats, quota)."""
    known = {s.code for s in workflow.states}
    return (status in known and workflow.state(status).lapsed and workflow.selects(by)
            and not workflow.allowed(status, frozenset({by})))


def _enrolled_state(project_id: int, teacher_id: int) -> str | None:
    """The state of the teacher's enrollment in the project (one at most), None if none."""
    return db.session.scalar(select(Enrollment.status).where(Enrollment.project_id == project_id,
                                                             Enrollment.teacher_id == teacher_id))


def results_open_from(project: TrainingProject | None, today: date | None = None) -> date | None:
    """The training's first day while it is ahead (no result may be recorded before it), else None."""
    today = today or clock.today()
    return project.start_date if project is not None and today < project.start_date else None


def own_teacher(user: User) -> Teacher | None:
    return db.session.scalar(select(Teacher).where(Teacher.user_id == user.id))


def _selecting(user: User) -> Teacher | None:
    """``own_teacher`` with the unit above their school, which a selection names
    (``Selection.school_under``): in the one query."""
    return db.session.scalar(select(Teacher).options(joinedload(Teacher.school).joinedload(OrgUnit.parent))
                             .where(Teacher.user_id == user.id))


def _school_under(teacher: Teacher) -> str:
    """The name of the unit the teacher's school sits under (``schools_under``), from the school's
    parent where it was loaded with it (``_selecting``)."""
    school = teacher.school
    if "parent" in inspect(school).dict:
        return school.parent.name if school.parent is not None else ""
    return schools_under([teacher.school_id]).get(teacher.school_id, "")


def selector(user: User, teacher: Teacher) -> UserRole | None:
    """The role in which ``user`` selects for ``teacher``: themselves as a teacher, else the
    highest admin role whose scope holds the teacher."""
    if teacher.user_id == user.id:
        return UserRole.TEACHER
    for role in sorted(user.role_set - READ_ONLY_ROLES - {UserRole.TEACHER}):
        if role.is_admin and Scope.of(user, [role]).covers_teacher(teacher):
            return role
    return None


def enrolled_roles(region: Region, user: User, project: TrainingProject | None = None) -> tuple[ActivityRole, ...]:
    """The roles in which ``user`` may enrol teachers of their scope (into ``project``: the
    class list's button, the bulk pages): as participants only where the region lets an admin
    select for a teacher (``Workflow.selected_by``, or for this project ``portal_selected_by``),
    else the teachers select themselves; as the project's instructors or mentors wherever they
    are an admin (no selection: ``assign_one``) and the region's rules credit that role in this
    project (``credits_role``). None for a user who is no admin."""
    admin = [r for r in user.role_set - READ_ONLY_ROLES if r.is_admin]
    if not admin:
        return ()
    others = tuple(r for r in (ActivityRole.INSTRUCTOR, ActivityRole.MENTOR)
                   if project is None or credits_role(region, project, r))
    selects = region.admins_select(admin, facts(project) if project is not None else None)
    return (ActivityRole.PARTICIPANT, *others) if selects else others


def credits_role(region: Region, project: TrainingProject, role: ActivityRole) -> bool:
    """Whether the region's rules credit ``role`` (an instructor, a mentor) in the project: not
    where its conversion refuses the role itself (a program whose document names only its
    participants' hours or credits), whose result could then never be recorded. A refusal of
    another field is not the role's."""
    try:
        region.convert(replace(project_activity(project), role=role), on=project.end_date)
    except InvalidInput as refusal:
        return refusal.field != "role"
    return True


def select_project(region: Region, actor: User, project_id: int, teacher_id: int | None = None,
                   fields: Mapping[str, object] | None = None, at: datetime | None = None) -> Enrollment:
    """The use case: the teacher takes the project (or an admin submits a teacher of their
    scope): refused with every finding that refuses, else the enrollment in the workflow's
    first state, holding a seat if that state does. One short transaction: the seat is one
    conditional UPDATE (DESIGN pitfalls 1 and 10)."""
    return _select(region, actor, project_id, teacher_id, fields, at)[0]


def select_project_row(region: Region, actor: User, project_id: int, teacher_id: int | None = None,
                       fields: Mapping[str, object] | None = None, at: datetime | None = None) -> EnrollmentRow:
    """``select_project``, answered as ``enrollment_row`` shows the enrollment to ``actor``,
    from what the selection read and wrote (nothing read again: the JSON API, in a rush)."""
    enrollment, offer = _select(region, actor, project_id, teacher_id, fields, at)
    project, teacher = enrollment.project, enrollment.teacher
    return row_of(region.enrollment_workflow(), enrollment, project, teacher, teacher.school.name,
                  acting_roles(actor, teacher, project), offer)


def _select(region: Region, actor: User, project_id: int, teacher_id: int | None,
            fields: Mapping[str, object] | None, at: datetime | None) -> tuple[Enrollment, Offer]:
    at = at or utcnow()
    # the project as the selection's fields read it (``enrollment_fields.selection_form``), if
    # they did, and the actor with their roles: kept as read in this transaction, not read
    # again (``writing``)
    loaded = quotas.loaded_project(project_id)
    kept = (actor, *actor.roles, *((loaded, loaded.organiser) if loaded is not None else ()))
    with use_case(keep=True, kept=kept):  # the answer shows the enrollment as it was just written
        project = quotas.loaded_project(project_id) or quotas.project_noting_quotas(project_id)
        teacher = _selecting(actor) if teacher_id is None else db.session.get(Teacher, teacher_id)
        if project is None or teacher is None:
            raise MoveRefused("not_found")
        enrollment, sel = _select_one(region, actor, project, teacher, fields, at, alone=True)
        held = quotas.quotas_of([project.id]) if quotas.has_quotas(project.id) else {}
    return enrollment, Offer.after(region, sel, project, teacher, held)


def refusal(region: Region, actor: User, project_id: int, teacher_id: int | None = None,
            at: datetime | None = None) -> tuple[Finding, ...]:
    """What would refuse the selection ``select_project`` would make now, read without writing:
    the findings that refuse (none where it would go ahead, or where there is no such project or
    teacher for the actor). Asked before a selection's own fields are blamed: a teacher the rules
    refuse is told so, not asked for a field of a project she cannot take."""
    project = db.session.get(TrainingProject, project_id)
    teacher = own_teacher(actor) if teacher_id is None else db.session.get(Teacher, teacher_id)
    by = None if project is None or teacher is None else selector(actor, teacher)
    if by is None:
        return ()
    return refused(judged(region, project, teacher, by, at or utcnow())[1])


def select_one(region: Region, actor: User, project: TrainingProject, teacher: Teacher,
               fields: Mapping[str, object] | None, at: datetime) -> Enrollment:
    """A building block: the teacher selects the project (or the actor submits them), checked
    as ``select_project`` checks it; the caller commits."""
    return _select_one(region, actor, project, teacher, fields, at)[0]


def _select_one(region: Region, actor: User, project: TrainingProject, teacher: Teacher,
                fields: Mapping[str, object] | None, at: datetime, alone: bool = False) -> tuple[Enrollment, Selection]:
    """``alone``: the use case's only selection, whose refusal rolls the whole transaction back
    (``_insert``)."""
    by = selector(actor, teacher)
    if by is None:
        raise MoveRefused("not_found")
    before = db.session.scalar(select(Enrollment).where(Enrollment.project_id == project.id,
                                                        Enrollment.teacher_id == teacher.id)
                                .options(lazyload(Enrollment.project))  # the project is held already
                                .with_for_update(of=Enrollment))
    sel, found = judged(region, project, teacher, by, at, again=None if before is None else before.status)
    if refused(found):
        raise SelectionRefused(refused(found))
    workflow = region.enrollment_workflow()
    if before is not None and not reselectable(workflow, before.status, by):
        raise SelectionRefused((_already(),))
    enrollment = before or Enrollment(project_id=project.id, teacher_id=teacher.id, role=ActivityRole.PARTICIPANT.value)
    lapsed = enrollment.status
    start = region.selection_state(sel) or workflow.initial  # an admin's submission may enrol at once
    enrollment.status, enrollment.state_since, enrollment.phase = start, at, _phase_of(sel.phases, by)
    enrollment.region_fields = dict(fields or {})
    if before is not None:  # the lapsed selection taken up again: the same row, as a new selection
        enrollment.role, enrollment.note = ActivityRole.PARTICIPANT.value, ""
        enrollment.attended_hours = enrollment.grade = None
        enrollment.scores = {}
    if workflow.state(start).holds_seat:
        short = hold_seat(enrollment, project, teacher)
        if short:
            raise SelectionRefused((short,))
    if before is None:
        _insert(enrollment, project, teacher, alone)
    record_event(actor, "enrollment.selected", enrollment,
                 before=None if before is None else {"status": lapsed},
                 after={"project": project.id, "teacher": teacher.id, "status": start, "by": by.value},
                 org_unit_id=teacher.school_id)
    if by != UserRole.TEACHER and teacher.user_id:
        notify([teacher.user_id], enrollment, _("Your enrollment in \u201c{name}\u201d was submitted: {state}",
                                                name=project.name, state=workflow.state(start).label),
               f"/catalog/{project.id}")
    elif by == UserRole.TEACHER:
        _tell_deciders(workflow, enrollment, project, teacher, start,
                       _("{teacher} selected \u201c{name}\u201d: it waits for your step",
                         teacher=teacher.name, name=project.name))
    return enrollment, sel


def _tell_deciders(workflow: Workflow, enrollment: Enrollment, project: TrainingProject, teacher: Teacher,
                   state: str, message, actor: User | None = None) -> None:
    """Whoever decides on the enrollment in ``state`` (the school's approval of a teacher's own
    selection, the organiser's admission or recheck once the school has reviewed it) is told
    it waits for them: the nearest holders of each deciding role over the unit it reaches
    through, but the ``actor`` who moved it there. Not those whose next step is the training's
    result, due only once it has taken place (a rush of selections tells the organiser
    nothing), nor anyone for a lapsed state, where nothing is due (``Workflow.awaiting``)."""
    if workflow.state(state).lapsed:
        return
    deciding = [t for t in workflow.transitions if t.source == state and t.actor != UserRole.TEACHER
                and not t.cancels and RESULT not in t.asks]
    if not deciding:
        return
    reached = {OVER_TEACHER: ancestors(teacher.school.path), OVER_ORGANISER: ancestors(project.organiser.path),
               OVER_ORGANISER_UNIT: [project.organiser.path]}
    told: set[int] = set()
    for over, paths in reached.items():
        roles = {t.actor for t in deciding if t.over in (over, None)}
        told.update(nearest_holders(roles, paths) if roles else ())
    if actor is not None:
        told.discard(actor.id)
    if told:
        notify(told, enrollment, message, "/enrollments/awaiting")


def assign_one(region: Region, actor: User, project: TrainingProject, teacher: Teacher, role: ActivityRole,
               at: datetime) -> Enrollment:
    """A building block: a teacher of the actor's scope made the project's instructor, mentor
    or presenter. The selection's rules are a participant's (stage, quota, window, round), so
    the region is not asked; the teacher takes no seat and enters the workflow where the
    result is recorded, the participants' steps before it (approval, payment) not being
    theirs. The caller commits."""
    if selector(actor, teacher) in (None, UserRole.TEACHER) or role == ActivityRole.PARTICIPANT:
        raise MoveRefused("not_found")
    # an instructor or mentor may come from another school, even to a school's own training
    found = tuple(f for f in _core_findings(region, project, teacher, at)
                  if not f.ok and f.code not in (_no_seats().code, SCHOOL_OWN))
    if found:
        raise SelectionRefused(found)
    workflow = region.enrollment_workflow()
    enrollment = Enrollment(project_id=project.id, teacher_id=teacher.id, role=role.value,
                            status=taking_part(workflow), state_since=at)
    _insert(enrollment, project, teacher)
    record_event(actor, "enrollment.assigned", enrollment,
                 after={"project": project.id, "teacher": teacher.id, "status": enrollment.status, "role": role.value},
                 org_unit_id=teacher.school_id)
    if teacher.user_id:
        notify([teacher.user_id], enrollment, _("You were added to \u201c{name}\u201d as its {role}", name=project.name,
                                                role=WithinSentence(labels(ROLE_LABELS, region.activity_role_labels())[role])),
               f"/catalog/{project.id}")
    return enrollment


def _insert(enrollment: Enrollment, project: TrainingProject, teacher: Teacher, alone: bool = False) -> None:
    """The new enrollment inserted, or refused as already selected: the UNIQUE constraint
    decides, two selecting at once included. A savepoint keeps the caller's transaction (a
    bulk enrolment's other teachers); ``alone``, the caller's use case rolls back on the
    refusal anyway, so none is made."""
    try:
        if alone:
            db.session.add(enrollment)
            db.session.flush()
        else:
            with db.session.begin_nested():
                db.session.add(enrollment)
                db.session.flush()
    except IntegrityError:
        raise SelectionRefused((_already(),)) from None
    set_committed_value(enrollment, "project", project)  # known, not read again for the answer
    set_committed_value(enrollment, "teacher", teacher)


def taking_part(workflow: Workflow) -> str:
    """The state in which an enrollment takes part in the training: the one its result is
    recorded from, on the way to completion (the first state if no step asks for a result)."""
    path = path_to(workflow, workflow.initial, COMPLETED)
    return next((t.source for t in path if RESULT in t.asks), workflow.initial)


def hold_seat(enrollment: Enrollment, project: TrainingProject, teacher: Teacher) -> Finding | None:
    """Take a seat of the project for the enrollment, then one of the quota of every unit on the
    teacher's school path holding one where the project allocates them (quotas.take: all or
    none); the finding that refuses it when none is left (the caller's transaction then rolls
    back whatever was taken). The project's row is taken first, as everywhere seats move, so
    the quotas read after it are those in force. Seats are participants': an instructor or
    mentor takes none."""
    if enrollment.role != ActivityRole.PARTICIPANT.value:
        return None
    taken = seats.take(project.id)
    if taken is None:
        return _no_seats()
    set_committed_value(project, "taken", taken)  # as the UPDATE counted it, not read again
    if quotas.has_quotas(project.id, fresh=True):
        held = quotas.path_quotas(project.id, teacher)
        if not quotas.take([q.id for q in held]):
            seats.give_back(project.id)
            db.session.expire(project, ["taken"])
            return quota_used_up(quotas.full_unit(project.id, teacher, fresh=True)) if held else no_quota_allocated()
        enrollment.quota_id = held[-1].id
    return None


def _release(enrollment: Enrollment) -> None:
    if enrollment.role != ActivityRole.PARTICIPANT.value:
        return
    seats.give_back(enrollment.project_id)
    if enrollment.quota_id is not None:
        quotas.give_back(enrollment.quota_id)
        enrollment.quota_id = None


def _phase_of(open_phases, by: UserRole) -> str | None:
    """The phase a selection is made in: of those open, the latest begun in which the
    selecting role acts (round 1's window rather than the term-long data update)."""
    acting = [p for p in open_phases if not p.actors or by in p.actors]
    return max(acting, key=lambda p: p.start).kind if acting else None


# Moving ------------------------------------------------------------------------------


def acting_roles(user: User, teacher: Teacher, project: TrainingProject) -> Acting:
    """The roles in which ``user`` may act on this enrollment: the teacher on their own, an
    admin or institution over the teacher's school or the project's organiser, each through
    the reach it holds (a step's ``Transition.over`` says which it is taken through)."""
    own = {UserRole.TEACHER: OVER} if teacher.user_id == user.id else {}
    return Acting({**_reach(_admin_scopes(user), teacher, project.organiser).over, **own})


def _admin_scopes(user: User) -> tuple[tuple[UserRole, Scope], ...]:
    """Each role the user may act in other than as a teacher, with its scope."""
    return tuple((role, Scope.of(user, [role])) for role in sorted(user.role_set - READ_ONLY_ROLES - {UserRole.TEACHER}))


def _reach(scopes: tuple[tuple[UserRole, Scope], ...], teacher: Teacher, organiser: OrgUnit) -> Acting:
    """The roles of ``scopes`` covering the teacher's school or the project's organiser, each
    with the reaches it holds (``OVER_TEACHER``, ``OVER_ORGANISER``, ``OVER_ORGANISER_UNIT``)."""
    return Acting({role: tuple(side for side, held in ((OVER_TEACHER, scope.covers_teacher(teacher)),
                                                       (OVER_ORGANISER, scope.covers(organiser)),
                                                       (OVER_ORGANISER_UNIT, organiser.path in scope.paths)) if held)
                   for role, scope in scopes})


def moves_for(workflow: Workflow, enrollment: Enrollment, roles: frozenset[UserRole],
              offer: Offer | None = None, teacher: Teacher | None = None) -> tuple[Transition, ...]:
    """The steps these roles may take on the enrollment now, one per target (``steps``)."""
    return steps(workflow, enrollment, roles, offer, teacher)[0]


@dataclass(frozen=True)
class Withheld:
    """A step of the workflow the user holds but may not take now, and the findings saying why."""

    label: object
    target: str
    findings: tuple[Finding, ...]


def steps(workflow: Workflow, enrollment: Enrollment, roles: frozenset[UserRole], offer: Offer | None = None,
          teacher: Teacher | None = None) -> tuple[tuple[Transition, ...], tuple[Withheld, ...]]:
    """The steps these roles may take on the enrollment now, one per target, and those withheld:
    with ``offer``, a step is offered only if the core and the region's guards would not refuse
    it (asked without the step's data, ``Move.data`` None), so that no button is shown only to
    be refused on its click; a withheld step says why ("not yet"). A step refused for good
    (``never_taken``: coded ``NOT_APPLICABLE``, the payment of a free training, or a finding
    marked ``never``, another role's step on this project) is neither: this reader will never
    take it on this enrollment."""
    seen, offered, withheld = set(), [], []
    for t in workflow.allowed(enrollment.status, roles):
        if t.target in seen:
            continue
        seen.add(t.target)
        if offer is None or teacher is None:
            offered.append(t)
            continue
        found = None
        for candidate in workflow.allowed(enrollment.status, roles):
            if candidate.target != t.target:
                continue
            refusing = offer.refusals(workflow, enrollment, teacher, candidate)
            if not refusing:
                offered.append(offer.noted(enrollment, teacher, candidate))
                break
            if never_taken(refusing):
                continue
            found = found or (candidate, refusing)
        else:
            if found is not None:
                withheld.append(Withheld(found[0].label, t.target, found[1]))
    return tuple(offered), tuple(withheld)


class RegionGuardError(RuntimeError):
    """A region's guard (``portal_move_findings``) failed, asked whether to offer a step, for
    another reason than the step's data not being given yet: a programming error in the region,
    not an answer (it was taken as "not refusing", and a trial's guard bug read as "not ended")."""


class _DataTouched(Exception):
    """Raised by ``_Unasked``: the guard read the step's data, which the offer does not have."""


class _Unasked(Mapping):
    """The data of a step asked before anyone clicks, given to a guard that failed on ``None``
    to tell whether it failed for want of it: any reading of it raises ``_DataTouched``."""

    def __getitem__(self, key):
        raise _DataTouched(key)

    def __iter__(self):
        raise _DataTouched(None)

    def __len__(self):
        raise _DataTouched(None)

    def get(self, key, default=None):
        raise _DataTouched(key)

    def __contains__(self, key):
        raise _DataTouched(key)


def asked_without_data(region: Region, move: Move) -> tuple[Finding, ...]:
    """The region's findings on a step only offered (``move.data`` None). A guard written before
    ``data`` could be None fails reading it (AttributeError, KeyError, TypeError): as documented
    (``portal_move_findings``) that is taken as not refusing, and the click judges the step. The
    same errors raised elsewhere in a guard are a bug in it: asked again with data that raises
    whenever read, a guard that fails again without reading it raises ``RegionGuardError``
    (logged with the step), never read as an answer."""
    try:
        return tuple(region.move_findings(move))
    except (AttributeError, KeyError, TypeError) as error:
        first = error
    try:
        region.move_findings(replace(move, data=_Unasked()))
    except _DataTouched:
        return ()  # it needs the step's data: the click judges it
    except (AttributeError, KeyError, TypeError):
        pass
    else:
        return ()  # it failed only on data being None
    log.error("The region's guard failed offering the step %s -> %s of enrollment in project %s by %s",
              move.state, move.target, move.selection.project.id, move.by.value, exc_info=first)
    raise RegionGuardError(f"the region's portal_move_findings failed on the step {move.state} -> {move.target} "
                           f"(by {move.by.value}), not for want of its data: {first!r}") from first


class Offer:
    """What a page needs to ask the region's guards which steps to offer, read once for the
    page's rows (DESIGN: no query per row, ``Offer.read``): the moment, the calendar phases in
    force then, the other selections of the page's teachers (by teacher, each with its project's
    year, read once for all of a page's rows; ``Offer.selection`` keeps of them those the
    module's ``selection`` reads for a project: its year's, and the past year's)
    and the projects' unit quotas (``quotas.quotas_of``)."""

    def __init__(self, region: Region, at: datetime, in_force: tuple,
                 others: dict[int, list[tuple[PastSelection, int]]],
                 unit_quotas: dict[int, list[tuple[str, int]]], units: frozenset[int] = frozenset()):
        self.region, self.at, self.day = region, at, clock.day_of(at)
        self.calendar = in_force
        self.phases = tuple(p for p in in_force if p.open_on(self.day))
        self.others, self.quotas = others, unit_quotas
        self.units = units  # the rows' organisers and schools, for ``held_over``
        self._held: dict[int, frozenset[UserRole]] | None = None
        self._under: dict[int, str] | None = None

    def school_under(self, teacher: Teacher) -> str:
        """``Selection.school_under`` of the teacher: asked once for all the page's schools."""
        if self._under is None:
            self._under = schools_under(self.units)
        return self._under.get(teacher.school_id, "")

    def held_over(self, unit_id: int) -> frozenset[UserRole]:
        """The roles someone holds over the unit (on it or above it): asked once for all the
        page's organisers and schools, when first needed (whom an enrollment waits for)."""
        if self._held is None:
            target, above = aliased(OrgUnit), aliased(OrgUnit)
            held: dict[int, set[UserRole]] = {}
            for unit, role in db.session.execute(
                    select(target.id, RoleAssignment.role).distinct()
                    .join(above, target.path.startswith(above.path))  # paths hold digits and slashes only
                    .join(RoleAssignment, RoleAssignment.org_unit_id == above.id)
                    .where(target.id.in_(self.units))):
                held.setdefault(unit, set()).add(UserRole(role))
            self._held = {unit: frozenset(roles) for unit, roles in held.items()}
        return self._held.get(unit_id, frozenset())

    @classmethod
    def read(cls, region: Region, enrollments: list[tuple[Enrollment, TrainingProject, Teacher]],
             at: datetime | None = None) -> Offer:
        at = at or utcnow()
        teacher_ids = {t.id for _e, _p, t in enrollments}
        project_ids = {p.id for _e, p, _t in enrollments}
        years = {p.year for _e, p, _t in enrollments}
        others: dict[int, list[tuple[PastSelection, int]]] = {}
        if teacher_ids:
            for row in db.session.execute(
                    select(Enrollment.teacher_id, Enrollment.project_id, Enrollment.status, Enrollment.phase,
                           Enrollment.created_at, TrainingProject.year, TrainingProject.program,
                           TrainingProject.start_date, TrainingProject.end_date, TrainingProject.name,
                           TrainingProject.mode)
                    .join(TrainingProject, Enrollment.project_id == TrainingProject.id)
                    .where(Enrollment.teacher_id.in_(teacher_ids),
                           or_(TrainingProject.year.in_(years), Enrollment.created_at >= at - OTHERS_SINCE))):
                others.setdefault(row.teacher_id, []).append((_past(row), row.year))
        return cls(region, at, calendar.phases(region, clock.day_of(at)), others, quotas.quotas_of(project_ids),
                   frozenset({p.organiser_id for _e, p, _t in enrollments} | {t.school_id for _e, _p, t in enrollments}))

    @classmethod
    def after(cls, region: Region, sel: Selection, project: TrainingProject, teacher: Teacher,
              unit_quotas: dict[int, list[tuple[str, int]]]) -> Offer:
        """The offer of the selection just made, from what judging it read (its moment, the
        calendar, the teacher's other selections of the year) and the project's quotas."""
        offer = cls(region, sel.at, sel.calendar, {teacher.id: [(o, project.year) for o in sel.others]}, unit_quotas,
                    frozenset({project.organiser_id, teacher.school_id}))
        offer._under = {teacher.school_id: sel.school_under}
        return offer

    def selection(self, project: TrainingProject, teacher: Teacher, by: UserRole, role: ActivityRole) -> Selection:
        others = tuple(p for p, year in self.others.get(teacher.id, ())
                       if p.project_id != project.id and (year == project.year or p.at >= self.at - OTHERS_SINCE))
        return Selection(project=facts(project), teacher=teacher.facts(), at=self.at, by=by, role=role,
                         subjects=tuple(teacher.subjects or ()), day=self.day, phases=self.phases,
                         calendar=self.calendar, quota_left=quotas.left_among(self.quotas.get(project.id), teacher),
                         quota_allocated=quotas.allocated_among(self.quotas.get(project.id), project, teacher),
                         quota_unallocated=quotas.unallocated_among(self.quotas.get(project.id), teacher),
                         quota_unit=_full_unit(project, teacher, quotas.left_among(self.quotas.get(project.id), teacher),
                                               quotas.unallocated_among(self.quotas.get(project.id), teacher)),
                         others=others, school_under=self.school_under(teacher))

    def cautions(self, project: TrainingProject, teacher: Teacher,
                 reader: UserRole | None = None) -> tuple[Finding, ...]:
        """What the region says of the teacher's own choice without refusing it (a stage, subject
        or layer the project is not for, ``Finding.caution``): what a school reviewing the
        choice is asked to weigh (a trial's principal approved a mismatch the page never showed),
        worded for ``reader`` (``Selection.reader``: of the teacher, not to her)."""
        sel = replace(self.selection(project, teacher, UserRole.TEACHER, ActivityRole.PARTICIPANT), reader=reader)
        return tuple(f for f in (*clash_findings(sel, self.region.enrollment_workflow().standing()),
                                 *self.region.selection_findings(sel)) if f.ok and f.caution)

    def notes(self, enrollment: Enrollment, teacher: Teacher, reader: UserRole | None = None) -> tuple[Finding, ...]:
        """What the region says comes with the enrollment's state now (``portal_enrollment_notes``):
        a training notice's dates, say; worded for ``reader`` (``Selection.reader``: None, the
        teacher herself), as the cautions are: an institution's class list read 未收到的请与培训机构联系,
        said to the teacher, of the notice it had sent itself."""
        if not self.region.notes_enrollments():
            return ()
        sel = replace(self.selection(enrollment.project, teacher, UserRole.TEACHER, ActivityRole(enrollment.role)),
                      reader=reader)
        move = Move(sel, enrollment.status, enrollment.status, UserRole.TEACHER, enrollment.phase, None,
                    recorded(enrollment))
        return tuple(self.region.enrollment_notes(move))

    def refusals(self, workflow: Workflow, enrollment: Enrollment, teacher: Teacher,
                 transition: Transition) -> tuple[Finding, ...]:
        """What would refuse the step now, before its data is given (none: it is offered)."""
        project = enrollment.project
        early = result_findings(project, None, self.day) if RESULT in transition.asks else ()
        if early:  # the core would refuse the result; the region may wait longer, for the training's end
            return self.ended(workflow, enrollment, teacher, transition) or early
        full = (workflow.state(transition.target).holds_seat and not workflow.state(enrollment.status).holds_seat
                and enrollment.role == ActivityRole.PARTICIPANT.value
                and project.capacity is not None and project.capacity - project.taken <= 0)
        found = self._asked(enrollment, teacher, transition)
        # a step the region never lets this reader take stays unshown on a full training too (a
        # trial's teacher read the free training's 报名 withheld for want of seats on a paid one)
        if full and not never_taken(found):
            return (_no_seats(),)
        return found

    def noted(self, enrollment: Enrollment, teacher: Teacher, transition: Transition) -> Transition:
        """The step as offered on the enrollment: without its note where the region says the note
        does not apply to it (``Transition.note_applies``, asked as the guards are, data None)."""
        if not transition.note or transition.note_applies is None:
            return transition
        sel = self.selection(enrollment.project, teacher, transition.actor, ActivityRole(enrollment.role))
        move = Move(sel, enrollment.status, transition.target, transition.actor, enrollment.phase, None,
                    recorded(enrollment))
        return transition if transition.note_applies(move) else replace(transition, note="")

    def ended(self, workflow: Workflow, enrollment: Enrollment, teacher: Teacher,
              transition: Transition, state: str | None = None) -> tuple[Finding, ...]:
        """The region's refusal of a result before the training's end (``selection.ENDED``), asked
        before its first day too: a teacher enrolled in a five-day training read that its
        result could be recorded from its first day, and on that day the institution was told to
        wait for its last. ``state``: asked of the enrollment as if it were in that state (the
        step's source), when none of the class is in it yet."""
        return tuple(f for f in self._asked(enrollment, teacher, transition, state) if f.code == ENDED)

    def _asked(self, enrollment: Enrollment, teacher: Teacher, transition: Transition,
               state: str | None = None) -> tuple[Finding, ...]:
        """The region's refusals of the step, asked before its data is given: a guard failing for
        want of that data refuses nothing (the click judges it); any other error surfaces."""
        sel = self.selection(enrollment.project, teacher, transition.actor, ActivityRole(enrollment.role))
        move = Move(sel, state or enrollment.status, transition.target, transition.actor, enrollment.phase, None,
                    recorded(enrollment))
        return refused(asked_without_data(self.region, move))


def locked(enrollment_id: int) -> Enrollment | None:
    return db.session.scalar(select(Enrollment).where(Enrollment.id == enrollment_id).with_for_update(of=Enrollment))


def move(region: Region, actor: User, enrollment_id: int, target: str, data: MoveInput | None = None,
         at: datetime | None = None, expected: str | None = None) -> Enrollment:
    """The use case: take the step to ``target`` on the enrollment, if the actor may;
    ``expected``: the state the actor saw (refused as "changed" if someone moved it since)."""
    at = at or utcnow()
    with use_case():
        _release_expired(region, at)
        enrollment = locked(enrollment_id)
        if enrollment is None:
            raise MoveRefused("not_found")
        roles = acting_roles(actor, enrollment.teacher, enrollment.project)
        if not roles:
            raise MoveRefused("not_found")
        if expected is not None and enrollment.status != expected:
            # ``field`` "expired": nobody moved it, its time ran out (an unpaid hold cancelled)
            raise MoveRefused("changed", "expired" if lapsed(region, expected, enrollment.status) else None)
        _move(region, actor, roles, enrollment, target, data or MoveInput(), at, guarded=True)
        return enrollment


def _lacks_required(region: Region, project: TrainingProject, given: dict | None) -> bool:
    """Whether ``given`` leaves out (or blank) a field the region's form of the project's
    enrollment will not do without (an invoice where a fee is charged): a step asking ``FIELDS``
    is then refused, whoever calls the service (the page and the JSON API check the form first,
    to name the field); a form of optional fields only (a remark) may be left out."""
    form_class = region.enrollment_form(facts(project))
    return form_class is not None and any(
        f.flags.required and not str((given or {}).get(f.name) or "").strip() for f in form_class())


def fields_asked(region: Region, actor: User, enrollment_id: int, target: str):
    """The project (``ProjectFacts``) whose region form the step to ``target`` asks
    (``FIELDS``), for the page to show and check it; None where the step asks none, or is not
    the actor's to take."""
    enrollment = db.session.get(Enrollment, enrollment_id)
    if enrollment is None:
        return None
    roles = acting_roles(actor, enrollment.teacher, enrollment.project)
    transition = region.enrollment_workflow().transition(enrollment.status, target, roles) if roles else None
    if transition is None or FIELDS not in transition.asks:
        return None
    project = facts(enrollment.project)
    return project if region.enrollment_form(project) is not None else None


def lapsed(region: Region, expected: str, status: str) -> bool:
    """Whether an enrollment seen in ``expected`` is now in ``status`` because that state's time
    ran out (``State.expires_after``): a teacher paying 31 minutes after the 报名 was told that
    someone else had just moved it."""
    return any(s.code == expected and s.expires_to == status for s in region.enrollment_workflow().expiring())


def _move(region: Region, actor: User | None, roles: frozenset[UserRole], enrollment: Enrollment, target: str,
          data: MoveInput, at: datetime, guarded: bool, audit_state: str | None = None, tell: bool = True) -> None:
    workflow = region.enrollment_workflow()
    source = enrollment.status
    transition = workflow.transition(source, target, roles)
    if transition is None:
        raise MoveRefused("not_allowed", taken_by=workflow.taken_by(source, target))
    project, teacher = enrollment.project, enrollment.teacher
    try:
        _check_asks(region, transition, data, enrollment, at, agreeing=guarded)
    except MoveRefused as refusal:
        raise _waiting_longer(region, refusal, enrollment, transition, data, at) if guarded else refusal from None
    if guarded:
        sel = selection(region, project, teacher, transition.actor, at, ActivityRole(enrollment.role))
        found = refused(region.move_findings(Move(sel, source, target, transition.actor, enrollment.phase,
                                                  data.as_data(), recorded(enrollment))))
        if found:
            raise MoveRefused("refused", findings=found)
    held, holds = workflow.state(source).holds_seat, workflow.state(target).holds_seat
    if holds and not held and hold_seat(enrollment, project, teacher):
        raise MoveRefused("full")
    if held and not holds:
        _release(enrollment)
    db.session.expire(project, ["taken"])
    enrollment.status = target
    enrollment.state_since = at
    enrollment.note = data.reason.strip()
    if RESULT in transition.asks or data.attended_hours is not None or data.scores:
        enrollment.attended_hours = data.attended_hours
        enrollment.grade = data.grade.value if data.grade else None
        enrollment.scores = {k: str(v) for k, v in data.scores.items()}
    if EVALUATION in transition.asks or PAYMENT in transition.asks or AGREEMENT in transition.asks:
        enrollment.region_fields = {**(enrollment.region_fields or {}),
                                    **{k: v for k, v in (("payment", data.payment), ("evaluation", data.evaluation),
                                                         ("comment", data.comment)) if v not in (None, "")},
                                    **({"agreed": at.isoformat() + "Z"} if data.agreed else {})}
    if FIELDS in transition.asks and data.fields is not None:
        enrollment.region_fields = {**(enrollment.region_fields or {}), **data.fields}
    record_event(actor, "enrollment.moved", enrollment, before={"status": source},
                 after={"status": target, "by": transition.actor.value, **_said(transition, data)},
                 org_unit_id=teacher.school_id)
    credited = None
    if target == COMPLETED:
        try:
            entry = ledger.register_completion(region, enrollment, actor, audit_state=audit_state)
        except InvalidInput as refusal:  # the result the rules cannot convert: the step is refused
            raise MoveRefused("rules", refusal.field, message=refusal.message) from None
        credited = entry.amount
    if tell and teacher.user_id and (actor is None or actor.id != teacher.user_id):
        state = state_label(workflow, enrollment, credited)
        message = (_("\u201c{name}\u201d: {state}. {reason}", name=project.name, state=state, reason=data.reason.strip())
                   if data.reason.strip() else _("\u201c{name}\u201d: {state}", name=project.name, state=state))
        notify([teacher.user_id], enrollment, message, "/me/enrollments")
    if tell:  # the next step another takes (the institution's recheck after the school's review)
        _tell_deciders(workflow, enrollment, project, teacher, target,
                       _("{teacher} in \u201c{name}\u201d: {state}; it waits for your step",
                         teacher=teacher.name, name=project.name, state=workflow.state(target).label), actor)


def _said(transition: Transition, data: MoveInput) -> dict:
    said = {}
    if REASON in transition.asks or data.reason:
        said["reason"] = data.reason.strip()
    if RESULT in transition.asks:
        said.update(attended_hours=str(data.attended_hours) if data.attended_hours is not None else None,
                    grade=data.grade.value if data.grade else None, scores={k: str(v) for k, v in data.scores.items()})
    if PAYMENT in transition.asks:
        said["payment"] = data.payment
    if EVALUATION in transition.asks:
        said.update(evaluation=data.evaluation, comment=data.comment)
    if AGREEMENT in transition.asks:
        said["agreed"] = data.agreed
    if FIELDS in transition.asks and data.fields is not None:
        said["fields"] = dict(data.fields)
    return said


def recorded(enrollment: Enrollment) -> dict:
    """What the enrollment already holds, as a guard reads it (``Move.recorded``)."""
    return {**(enrollment.region_fields or {}), "attended_hours": enrollment.attended_hours,
            "grade": enrollment.grade, "scores": {k: Decimal(v) for k, v in (enrollment.scores or {}).items()}}


RESULT_EARLY = "result_before_start"
RESULT_HOURS = "result_hours"


def result_findings(project: TrainingProject, hours: Decimal | None, day) -> tuple[Finding, ...]:
    """The core's refusals of a result (none: it may be recorded): before the training's first
    day (the bureau's ``day``), or more hours attended than the training has."""
    found = []
    if day < project.start_date:
        found.append(Finding(RESULT_EARLY, False, None, None, _(
            "The training starts on {day}: its result can be recorded from that day on", day=project.start_date), ""))
    if hours is not None and project.hours is not None and hours > project.hours:
        found.append(Finding(RESULT_HOURS, False, project.hours, hours, _(
            "{hours} hours attended is more than the training's {total} hours", hours=hours, total=project.hours), ""))
    return tuple(found)


def _check_asks(region: Region, transition: Transition, data: MoveInput, enrollment: Enrollment,
                at: datetime, agreeing: bool = True) -> None:
    """What the step asks, given; ``agreeing``: a person takes it, who must agree to its notice
    (the system entering past trainings reads none)."""
    project = enrollment.project
    if len(data.reason) > MAX_REASON:
        raise MoveRefused("asks", "reason")
    if REASON in transition.asks and not data.reason.strip():
        raise MoveRefused("asks", "reason")
    if RESULT in transition.asks and data.attended_hours is None and not data.scores:
        raise MoveRefused("asks", "attended_hours")
    if RESULT in transition.asks and data.attended_hours is not None and not 0 <= data.attended_hours <= 10000:
        raise MoveRefused("asks", "attended_hours")
    if RESULT in transition.asks and not transition.grade_given(data.grade):
        raise MoveRefused("asks", "grade")
    if RESULT in transition.asks or data.attended_hours is not None:
        found = result_findings(project, data.attended_hours, clock.day_of(at))
        if found:
            raise MoveRefused("result", "start" if found[0].code == RESULT_EARLY else "attended_hours",
                              findings=found, message=found[0].message)
    if AGREEMENT in transition.asks and agreeing and not data.agreed:
        raise MoveRefused("asks", "agreement")
    if PAYMENT in transition.asks and project.fee:
        method = next((m for m in region.payment_methods() if m.code == data.payment), None)
        if method is None:
            raise MoveRefused("asks", "payment")
        if not method.confirm(Payment(enrollment.id, project.fee, method.code)):
            raise MoveRefused("unpaid", "payment")
    if EVALUATION in transition.asks and data.evaluation not in range(1, 6):
        raise MoveRefused("asks", "evaluation")
    if FIELDS in transition.asks and agreeing and _lacks_required(region, project, data.fields):
        raise MoveRefused("asks", "fields")


def _waiting_longer(region: Region, refusal: MoveRefused, enrollment: Enrollment, transition: Transition,
                    data: MoveInput, at: datetime) -> MoveRefused:
    """A result refused before the first day of a training of several days (``RESULT_EARLY``),
    said with the region's own wait where it records results only from the last day
    (``selection.ENDED``), as the class list and the teacher's page say it (``Offer.ended``): an
    API client told "from the first day" was told on that day to wait for the last. Any other
    refusal stands as it is. The guards are asked with the step's data: one failing then has a
    bug, raised (``RegionGuardError``, logged with the step) as ``asked_without_data`` raises it,
    never read as "no wait" (the refusal then said the first day, hiding the bug)."""
    project = enrollment.project
    if (refusal.code != "result" or not refusal.findings or refusal.findings[0].code != RESULT_EARLY
            or project.end_date <= project.start_date):  # one day: its first is its last, said as the first
        return refusal
    sel = selection(region, project, enrollment.teacher, transition.actor, at, ActivityRole(enrollment.role))
    move = Move(sel, enrollment.status, transition.target, transition.actor, enrollment.phase, data.as_data(),
                recorded(enrollment))
    try:
        ended = tuple(f for f in refused(region.move_findings(move)) if f.code == ENDED)
    except (AttributeError, KeyError, TypeError) as error:  # given its data, a guard failing has a bug
        log.error("The region's guard failed on the step %s -> %s of enrollment in project %s by %s",
                  move.state, move.target, project.id, move.by.value, exc_info=error)
        raise RegionGuardError(f"the region's portal_move_findings failed on the step {move.state} -> {move.target} "
                               f"(by {move.by.value}) with its data: {error!r}") from error
    if not ended:
        return refusal
    # still the core's refusal (the training has not begun: its code, as before), in the words and
    # with the clause of the region's wait, which is what holds the result back
    said = replace(refusal.findings[0], message=ended[0].message, source=ended[0].source)
    return MoveRefused("result", refusal.field, findings=(said, *refusal.findings[1:]), message=said.message)


def result_step(region: Region, actor: User | None, enrollment: Enrollment) -> Transition | None:
    """The step from the enrollment's state that records the training's result, if the
    actor (None: the system) may take it."""
    roles = frozenset(UserRole) if actor is None else acting_roles(actor, enrollment.teacher, enrollment.project)
    return next((t for t in region.enrollment_workflow().allowed(enrollment.status, roles) if RESULT in t.asks), None)


def take_step(region: Region, actor: User | None, enrollment: Enrollment, step: Transition, data: MoveInput,
              audit_state: str | None = None) -> None:
    """A building block: ``step`` taken on the enrollment, the region's guards asked unless
    the system (``actor`` None) takes it. The caller commits."""
    writing()
    roles = frozenset(UserRole) if actor is None else acting_roles(actor, enrollment.teacher, enrollment.project)
    _move(region, actor, roles, enrollment, step.target, data, utcnow(), guarded=actor is not None,
          audit_state=audit_state)


def enter_history(region: Region, project: TrainingProject, teacher: Teacher, role: ActivityRole,
                  service_year: int | None, result: MoveInput | None, audit_state: str | None = None) -> Enrollment:
    """A building block for a system entering past trainings (the demo, an import of
    results): the enrollment, and with a ``result`` the workflow's shortest path to
    completion, each step audited as the system's; the region's guards are not asked (the
    windows they check have long closed). The caller commits."""
    from .training import seat_teacher

    enrollment = seat_teacher(region, None, project, teacher, role, service_year)
    if result is None:
        return enrollment
    workflow = region.enrollment_workflow()
    everyone = frozenset(UserRole)
    path = path_to(workflow, workflow.initial, COMPLETED)
    recording = next((t for t in path if RESULT in t.asks), path[-1])
    for step in path:
        data = result if step is recording else MoveInput(payment=result.payment, evaluation=result.evaluation)
        _move(region, None, everyone, enrollment, step.target, data, utcnow(), guarded=False,
              audit_state=audit_state, tell=False)
    return enrollment


def path_to(workflow: Workflow, source: str, target: str) -> tuple[Transition, ...]:
    """The shortest chain of steps from ``source`` to ``target`` (breadth first)."""
    paths = {source: ()}
    queue = [source]
    while queue:
        state = queue.pop(0)
        for t in workflow.transitions:
            if t.source == state and t.target not in paths:
                paths[t.target] = (*paths[state], t)
                queue.append(t.target)
    if target not in paths:
        raise ValueError(f"the workflow has no path from {source} to {target}")
    return paths[target]


# Expiring ----------------------------------------------------------------------------


def _expired_condition(workflow: Workflow, at: datetime):
    return or_(*(and_(Enrollment.status == s.code, Enrollment.state_since < at - s.expires_after)
                 for s in workflow.expiring()))


def release_expired_if_due(region: Region, at: datetime | None = None) -> int:
    """Pages that show enrollments call this first: a cheap look, and only when a hold has
    expired, the writing use case that releases it."""
    at = at or utcnow()
    workflow = region.enrollment_workflow()
    if not workflow.expiring():
        return 0
    if not db.session.scalar(select(exists().where(_expired_condition(workflow, at)))):
        return 0
    with use_case():
        return _release_expired(region, at)


def release_expired(region: Region, at: datetime | None = None) -> int:
    """The use case (the scheduled job's): every enrollment past its state's time moves to
    the state it expires to, its seat returned; audited as the system's, the teacher told."""
    with use_case():
        return _release_expired(region, at or utcnow())


def _release_expired(region: Region, at: datetime) -> int:
    writing()
    workflow = region.enrollment_workflow()
    if not workflow.expiring():
        return 0
    rows = db.session.execute(
        select(Enrollment.id, Enrollment.status, Enrollment.project_id, Enrollment.quota_id, Teacher.user_id,
               Teacher.school_id, TrainingProject.name)
        .join(Teacher, Enrollment.teacher_id == Teacher.id)
        .join(TrainingProject, Enrollment.project_id == TrainingProject.id)
        .where(_expired_condition(workflow, at)).with_for_update(of=Enrollment)
    ).all()
    returned, quota_seats = Counter(), Counter()
    for state in workflow.expiring():
        ids = [r.id for r in rows if r.status == state.code]
        if not ids:
            continue
        releases = state.holds_seat and not workflow.state(state.expires_to).holds_seat
        db.session.execute(update(Enrollment).where(Enrollment.id.in_(ids))
                           .values(status=state.expires_to, state_since=at, note="",
                                   **({"quota_id": None} if releases else {}))
                           .execution_options(synchronize_session=False))
        if releases:
            returned.update(r.project_id for r in rows if r.status == state.code)
            quota_seats.update(r.quota_id for r in rows if r.status == state.code and r.quota_id is not None)
    for project_id, count in returned.items():
        seats.give_back(project_id, count)
    for quota_id, count in quota_seats.items():
        quotas.give_back(quota_id, count)
    db.session.add_all(AuditEvent(actor_id=None, action="enrollment.expired", subject_type="enrollment",
                                  subject_id=r.id, org_unit_id=r.school_id, before={"status": r.status},
                                  after={"status": workflow.state(r.status).expires_to}) for r in rows)
    for r in rows:
        if r.user_id:
            target = workflow.state(workflow.state(r.status).expires_to).label
            notify([r.user_id], _Subject(r.id), _("\u201c{name}\u201d: {state}", name=r.name, state=target),
                   "/me/enrollments")
    return len(rows)


@dataclass(frozen=True)
class _Subject:
    id: int
    __tablename__ = "enrollment"


# Reading -----------------------------------------------------------------------------


@dataclass(frozen=True)
class EnrollmentRow:
    enrollment: Enrollment
    project: TrainingProject
    teacher: str
    school: str
    state: str
    final: bool
    moves: tuple[Transition, ...]
    expires_at: datetime | None = None
    withheld: tuple[Withheld, ...] = ()  # steps the user holds but may not take now, with why
    standing: tuple[str, ...] = ()  # the states in which a selection stands: a step out of them asks to confirm
    waiting: Waiting | None = None  # whom the enrollment waits for, if not the user (``waiting_for``)
    failed: bool = False  # completed with a fail: not passed (``not_passed``)
    holds_seat: bool = False  # a participant in a state that holds a seat (``State.holds_seat``): withdrawing gives it back
    entry_state: str | None = None  # a completion's ledger entry: where it stands in the audit (its state's label)
    cautions: tuple[Finding, ...] = ()  # what the region says of the teacher's choice without refusing it (``Offer.cautions``)
    notes: tuple[Finding, ...] = ()  # what comes with its state beyond the label (``Offer.notes``: a notice's dates)
    credited: Decimal | None = None  # a completion's: what its ledger entry credits (None: not known here)
    # a completion's: whether its ledger entry counts yet (its audit state ``counts``: registered);
    # None: not known here. A class list said 登记 60 学时 of results still waiting in the audit,
    # where the teacher's own page said they were not registered yet.
    entry_counts: bool | None = None
    passed: Grade | None = None  # the passing result recorded (``passed_grade``): said as plainly as a fail


@dataclass(frozen=True)
class Waiting:
    """Whom an enrollment waits for, when not its reader: the roles holding a step forward from
    its state that may be taken now (``roles``, in the workflow's order), so that the enrollment
    is in their awaiting lists; or, when none may be taken yet, the roles whose steps wait and
    the findings saying why (a review whose window opens on a later day says that day)."""

    roles: tuple[UserRole, ...]
    findings: tuple[Finding, ...] = ()
    # steps forward whose dated time passed with nobody taking them (a review window over,
    # the choice unreviewed): the findings saying so and what now happens. With no ``roles``,
    # nobody can take the enrollment forward any more, and the reader is told so.
    passed: tuple[Finding, ...] = ()


def _passed(workflow: Workflow, enrollment: Enrollment, held) -> tuple[Finding, ...]:
    """The refusals, for good, of steps whose date passed (``never`` with a ``deadline``: a
    window over) on an enrollment whose selection stands: what the reader is told instead of
    silence. A step that is another role's on this project (``never`` undated, or
    ``NOT_APPLICABLE``) is not one."""
    if enrollment.status not in workflow.standing():
        return ()
    return distinct(f for _t, r in held for f in r
                    if f.never and f.deadline is not None and f.code != NOT_APPLICABLE)


def waiting_for(workflow: Workflow, enrollment: Enrollment, roles: frozenset[UserRole], offer: Offer,
                teacher: Teacher) -> Waiting | None:
    """Whom the enrollment waits for, other than ``roles`` (the reader's): the steps forward
    (not one that only cancels) of the other roles, asked of the region's guards as those roles
    would be (``Offer.refusals``). None when no other role has a step forward from its state
    that may be taken now or later (every such step refused for good, ``never_taken``). A
    teacher whose choice waits for a review window not open yet reads when it opens instead of
    nothing."""
    ahead = [t for t in workflow.transitions
             if t.source == enrollment.status and not t.cancels and t.actor not in roles]
    held: list[tuple[Transition, tuple[Finding, ...]]] = []
    now: list[Transition] = []
    for t in ahead:
        refusing = offer.refusals(workflow, enrollment, teacher, t)
        if not refusing:
            now.append(t)
        else:
            held.append((t, refusing))
    passed = _passed(workflow, enrollment, held)
    if now:  # in their awaiting lists: those who may take a step now
        return Waiting(_nearest(now, enrollment, teacher, offer), passed=passed)
    # withheld for now (a window not open yet); a step another role will never take on it
    # (not theirs on this project, a window passed) is no one the teacher waits for, but a
    # window that passed with the step untaken is said, with what now happens
    lifting = [(t, r) for t, r in held if not never_taken(r)]
    if not lifting:
        return Waiting((), passed=passed) if passed else None
    return Waiting(_nearest([t for t, _r in lifting], enrollment, teacher, offer),
                   distinct(f for _t, r in lifting for f in r), passed)


def _nearest(steps: list[Transition], enrollment: Enrollment, teacher: Teacher, offer: Offer) -> tuple[UserRole, ...]:
    """Whom to name among those who may take the steps: the roles someone holds over the unit
    each step reaches through (the project's organiser, the teacher's school), the lowest in
    rank of them (the institution running it, not every bureau above it: a phone trial read
    five roles). Where nobody holds any of them, all the steps' roles, as the workflow has them."""
    def held(t: Transition) -> bool:
        units = {OVER_ORGANISER: (enrollment.project.organiser_id,), OVER_ORGANISER_UNIT: (enrollment.project.organiser_id,),
                 OVER_TEACHER: (teacher.school_id,)}.get(
            t.over, (enrollment.project.organiser_id, teacher.school_id))
        return any(t.actor in offer.held_over(unit) for unit in units)

    reached = [t.actor for t in steps if held(t)]
    if not reached:
        return tuple(dict.fromkeys(t.actor for t in steps))
    lowest = min(ROLE_RANK[role] for role in reached)
    return tuple(dict.fromkeys(role for role in reached if ROLE_RANK[role] == lowest))


def row_of(workflow: Workflow, enrollment: Enrollment, project: TrainingProject, teacher: str | Teacher, school: str,
         roles: frozenset[UserRole], offer: Offer | None = None, others: bool = False,
         credited: Decimal | None = None) -> EnrollmentRow:
    """One enrollment with the steps ``roles`` may take; with ``offer`` (and the ``Teacher``)
    only those its guards would allow now, and with ``others`` also whom it waits for when
    not the reader (``waiting_for``: the teacher's own pages); ``credited``: what the ledger
    credits it, for a completion without a grade (``credited_amounts``, ``not_passed``)."""
    state = workflow.state(enrollment.status)
    expires = enrollment.state_since + state.expires_after if state.expires_after else None
    person = teacher if isinstance(teacher, Teacher) else None
    offered, withheld = steps(workflow, enrollment, roles, offer, person)
    # whom it waits for, when not the reader: one with a step forward of their own to take waits for them
    waiting = (waiting_for(workflow, enrollment, roles, offer, person)
               if others and offer is not None and person is not None and not state.final
               and all(t.cancels for t in offered) else None)
    failed = not_passed(enrollment, credited)
    passed = None if failed else passed_grade(enrollment, credited)
    label = state_label(workflow, enrollment, credited)
    if state.overdue and offer is not None and person is not None and _overdue(workflow, enrollment, offer, person,
                                                                               waiting):
        label = state.overdue
    notes = offer.notes(enrollment, person, _reader(roles)) if offer is not None and person is not None else ()
    return EnrollmentRow(enrollment, project, person.name if person else teacher, school, label, state.final,
                         offered, expires, withheld, workflow.standing(), waiting, failed,
                         state.holds_seat and enrollment.role == ActivityRole.PARTICIPANT.value, credited=credited,
                         notes=notes, passed=passed)


def _overdue(workflow: Workflow, enrollment: Enrollment, offer: Offer, person: Teacher, waiting: Waiting | None) -> bool:
    """Whether a step forward from the enrollment's state is past its dated time untaken
    (``Waiting.passed``), asked of every role (the reader's own step included, withheld for
    good) unless the teacher's page already asked it (``waiting``): its state then reads its
    ``overdue`` words, on every reader's page alike."""
    found = waiting if waiting is not None else waiting_for(workflow, enrollment, frozenset(), offer, person)
    return found is not None and bool(found.passed)


def not_passed(enrollment: Enrollment, credited: Decimal | None = None) -> bool:
    """Whether the enrollment's result is recorded and it is a fail: completed, and graded a
    fail; or its credited entry earned nothing (``credited``: the amount the ledger credits it):
    a composite assessment of part scores decided it, or the region's rules found the hours
    attended too few whatever the grade. The completed state's own label would read as a pass
    (已考核, 已结业)."""
    if enrollment.status != COMPLETED:
        return False
    if enrollment.grade == Grade.FAIL.value:
        return True
    return credited is not None and credited == 0


def passed_grade(enrollment: Enrollment, credited: Decimal | None = None) -> Grade | None:
    """The passing result recorded for the enrollment, None where none is (or it is a fail,
    ``not_passed``): the grade entered (优, 良, 合格); a pass (合格) for a completion whose part
    scores were recorded without a grade and whose entry credits something (a composite
    assessment decided it). A class list read 已考核：未通过考核 on a fail and only the completed
    state's label (已结业) on a pass: the pass is said as plainly."""
    if not_passed(enrollment, credited):
        return None
    if enrollment.grade is not None:
        grade = Grade(enrollment.grade)
        return None if grade == Grade.FAIL else grade
    if enrollment.status == COMPLETED and enrollment.scores and credited is not None and credited > 0:
        return Grade.PASS
    return None


def not_passed_condition():
    """SQL for ``not_passed``: completed, and graded a fail or its entry that stands credits
    nothing (``credited_amounts``)."""
    nothing = exists().where(LedgerEntry.enrollment_id == Enrollment.id, LedgerEntry.amount == 0, ledger.live())
    return and_(Enrollment.status == COMPLETED, or_(Enrollment.grade == Grade.FAIL.value, nothing))


def state_filters(workflow: Workflow, held: frozenset[str] | None = None) -> dict[str, object]:
    """What a class list may be filtered by: each of the workflow's states (of ``held`` alone,
    the states its enrollments are in: a free class's list offered 待支付), then the completions
    not passed (``NOT_PASSED``), which the completed state's label would read as a pass. Its label
    says what their rows say (``state_label``: 已考核：未通过考核, 已结束：未完成培训): a trial's
    institution read 考核不合格 over rows that said 未通过考核."""
    shown = {s.code: s.label for s in workflow.states if held is None or s.code in held}
    if held is None or COMPLETED in held or NOT_PASSED in held:
        shown[NOT_PASSED] = _("Not passed or not completed")
    return shown


def state_label(workflow: Workflow, enrollment: Enrollment, credited: Decimal | None = None):
    """The words for the enrollment's state, wherever they are shown (its lists, the recorder's
    confirmation, the teacher's notice): "Assessed: not passed" for a completion not passed
    (``not_passed``), "not completed" for one graded a pass that the rules credit nothing (the
    hours attended too few), the state's label after "Assessed: not passed" for a fail recorded
    in a state short of the last (a step of the teacher's still to come), else the state's label."""
    if not_passed(enrollment, credited):
        if enrollment.grade is not None and enrollment.grade != Grade.FAIL.value:  # graded, yet too few hours
            return _("Ended: not completed, no credits")
        return _("Assessed: not passed")
    state = workflow.state(enrollment.status)
    if enrollment.grade == Grade.FAIL.value and not state.final:
        # a fail recorded on the way to completion (a region's third-party assessment, before the
        # teacher's own course evaluation): its state's words (已结业，待教师评价) read as a pass,
        # and a phone trial's teacher who failed learned it only after evaluating the course
        return _("Assessed: not passed; {state}", state=state.label)
    return state.label


def credited_amounts(items) -> dict[int, Decimal]:
    """What the ledger credits each of these completed enrollments (its entry that stands,
    ``ledger.live``), by enrollment: one query for a page, none when none is completed."""
    return {i: amount for i, (amount, _state) in completed_entries(items).items()}


def _standing_for(items):
    """SQL: the ledger entries that stand for these enrollments' completions (None: none is completed)."""
    ids = [e.id for e in items if e is not None and e.status == COMPLETED]
    return (LedgerEntry.enrollment_id.in_(ids), ledger.live()) if ids else None


def completion_entries(items) -> dict[int, LedgerEntry]:
    """The ledger entry that stands for each of these completed enrollments, whole (its kept
    explanation works the result out), by enrollment: one query, none when none is completed."""
    where = _standing_for(items)
    return {} if where is None else {e.enrollment_id: e for e in db.session.scalars(select(LedgerEntry).where(*where))}


def completed_entries(items) -> dict[int, tuple[Decimal, str]]:
    """The ledger entry that stands for each of these completed enrollments, its amount and its
    audit state, by enrollment: one query for a page, none when none is completed. A teacher's
    list says where the credits stand in the audit, which the completed state cannot."""
    where = _standing_for(items)
    return {} if where is None else {i: (amount, state) for i, amount, state in db.session.execute(
        select(LedgerEntry.enrollment_id, LedgerEntry.amount, LedgerEntry.audit_state).where(*where))}


def confirmed_label(region: Region, enrollment: Enrollment):
    """The state the recorder's confirmation names after a step (``state_label``)."""
    return state_label(region.enrollment_workflow(), enrollment, credited_amounts([enrollment]).get(enrollment.id))


def my_enrollments(region: Region, user: User, page: int, per_page: int) -> Page:
    """The teacher's own enrollments, the latest training first, with the steps they may take."""
    release_expired_if_due(region)
    query = (select(Enrollment, TrainingProject, Teacher, OrgUnit)
             .join(Teacher, Enrollment.teacher_id == Teacher.id)
             .join(OrgUnit, Teacher.school_id == OrgUnit.id)
             .join(TrainingProject, Enrollment.project_id == TrainingProject.id)
             .join(Organiser, TrainingProject.organiser_id == Organiser.id)
             .where(Teacher.user_id == user.id))
    total = db.session.scalar(select(func.count()).select_from(query.with_only_columns(Enrollment.id).subquery()))
    page = clamp(page, total, per_page)
    rows = db.session.execute(query.add_columns(Organiser)
                              .order_by(TrainingProject.start_date.desc(), Enrollment.created_at.desc(), Enrollment.id.desc())
                              .limit(per_page).offset((page - 1) * per_page)).all()
    offer = Offer.read(region, [(e, p, t) for e, p, t, _s, _o in rows])
    entries = completed_entries(e for e, *_rest in rows)
    return Page([own_row(region, e, p, t, s.name, offer, entries) for e, p, t, s, _o in rows], page, per_page, total)


def own_row(region: Region, enrollment: Enrollment, project: TrainingProject, teacher: Teacher, school: str,
            offer: Offer, entries: Mapping[int, tuple[Decimal, str]]) -> EnrollmentRow:
    """A teacher's own enrollment as their pages show it: the steps they may take, whom it
    waits for otherwise and, completed, where its record stands in the audit (``entries``:
    ``completed_entries``)."""
    amount, state = entries.get(enrollment.id, (None, None))
    row = row_of(region.enrollment_workflow(), enrollment, project, teacher, school, frozenset({UserRole.TEACHER}),
                 offer, others=True, credited=amount)
    return replace(row, entry_state=entry_label(region.audit_workflow(), state, project)) if state else row


def entry_label(audit: Workflow, state: str, project: TrainingProject) -> str:
    """The label of a completion's ledger entry in ``state`` as its project's organiser reads in it
    (``Workflow.label_of``: ``State.by_organiser``), as the teacher's ledger says it."""
    kind = project.organiser.kind if project.organiser is not None else None
    return audit.label_of(state, getattr(kind, "value", kind))


def _class_reach(user: User, region: Region, project_id: int) -> tuple[TrainingProject, bool, Scope]:
    """The project, whether the user sees its whole class, and whom of it they may see
    otherwise. Who may open a class list follows who may open the project's page: its
    organiser and its reviewer (the project's own page) see every enrollment; once it is
    published (its page in the catalog, open to all), an admin sees the teachers of their
    scope, and no one else's; anyone else is refused as if it did not exist."""
    project = db.session.get(TrainingProject, project_id)
    if project is None:
        raise MoveRefused("not_found")
    if may_organise(user, project) or may_review(user, region, project):
        return project, True, Scope.of(user, ())
    viewer = Scope.of(user, (user.role_set & ADMIN_ROLES) - READ_ONLY_ROLES)  # an institution holds no teachers
    if project.status != PUBLISHED or not viewer:
        raise MoveRefused("not_found")
    return project, False, viewer


def class_project(user: User, region: Region, project_id: int) -> TrainingProject:
    """A project whose class list the user may open (its organiser or reviewer, or, published,
    an admin of some teachers)."""
    return _class_reach(user, region, project_id)[0]


@dataclass(frozen=True)
class ClassPage:
    project: TrainingProject
    page: Page
    whole: bool  # every enrollment (the organiser's, the reviewer's), else the user's scope's
    seated: int = 0  # of ``page.total``, the participants whose state holds a seat (the project's seats taken count these)
    records: bool = False  # the user holds a step recording the training's result (``records_results``)
    states: frozenset[str] = frozenset()  # the states the class's enrollments (in the user's reach) are in
    # the training's first day while no result may be recorded yet (before it starts, or before
    # its last day where ``results_after_end``): the page offers no results sheet and says the day
    # once (each enrollment repeated it under a step it could not take)
    results_from: date | None = None
    # the region records results only once the training has ended (``selection.ENDED``): the page
    # says its last day, not its first (an institution read "from the first day" of a five-day one)
    results_after_end: bool = False
    # whether the page says the day results are recorded from: not in an empty class, where no
    # enrollment tells whether the region waits for the training's last day
    says_results_day: bool = True


def class_query(project_id: int):
    """The statement of a project's whole class: each enrollment with its teacher and school."""
    return (select(Enrollment, Teacher, OrgUnit)
            .join(Teacher, Enrollment.teacher_id == Teacher.id)
            .join(OrgUnit, Teacher.school_id == OrgUnit.id)
            .where(Enrollment.project_id == project_id))


def class_page(region: Region, user: User, project_id: int, page: int, per_page: int,
               state: str | None = None) -> ClassPage:
    """A project's enrollments for its organiser or reviewer, or for admins the teachers of
    their scope, with the steps the user may take on each."""
    release_expired_if_due(region)
    project, organiser, viewer = _class_reach(user, region, project_id)
    workflow = region.enrollment_workflow()
    query = class_query(project.id)
    project.organiser  # noqa: B018 -- loaded once for every row's guards
    if not organiser:
        query = query.where(viewer.teacher_condition(OrgUnit.path))
    states = frozenset(db.session.scalars(query.with_only_columns(Enrollment.status).distinct()))
    whole = query  # the class in the user's reach, whatever the page and its filter
    if state == NOT_PASSED:
        query = query.where(not_passed_condition())
    elif state:
        query = query.where(Enrollment.status == state)
    seat_codes = [s.code for s in workflow.states if s.holds_seat]
    total, seated = db.session.execute(query.with_only_columns(
        func.count(Enrollment.id), func.count(Enrollment.id).filter(
            Enrollment.status.in_(seat_codes), Enrollment.role == ActivityRole.PARTICIPANT.value))).one()
    page = clamp(page, total, per_page)
    rows = db.session.execute(query.order_by(OrgUnit.name, Teacher.name, Enrollment.id)
                              .limit(per_page).offset((page - 1) * per_page)).all()
    offer = Offer.read(region, [(e, project, t) for e, t, _s in rows])
    entries = completed_entries(e for e, _t, _s in rows)
    audit = region.audit_workflow()
    items = [_with_entry(row_of(workflow, e, project, t, s.name, acting_roles(user, t, project).without(UserRole.TEACHER),
                                offer, credited=entries.get(e.id, (None, None))[0]), audit, entries.get(e.id))
             for e, t, s in rows]
    results_from = results_open_from(project)
    # the region records results from the last day (``selection.ENDED``): before it, on the
    # training's first days too, no sheet is offered (a phone trial's institution was offered one
    # while every row said its result waited for the last day)
    after_end = clock.today() < project.end_date and project.end_date > project.start_date and (
        _waits_for_end(items) or _class_waits_for_end(region, user, workflow, project, whole, items))
    if results_from is not None or after_end:  # said once by the page, not under each enrollment
        results_from = results_from or project.start_date
        items = [replace(row, withheld=tuple(w for w in row.withheld if not only_early(w.findings))) for row in items]
    # an empty class has no enrollment to ask whether the region waits for the last day: the page
    # says no day rather than the first (an institution read 自当日起 of a class nobody had chosen
    # yet, and 自最后一天 once one had), and offers no sheet, there being no result to record
    says_results_day = bool(states)
    return ClassPage(project, Page(items, page, per_page, total), organiser, seated,
                     records_results(region, user, project), states, results_from, after_end, says_results_day)


def _with_entry(row: EnrollmentRow, audit: Workflow, entry: tuple[Decimal, str] | None) -> EnrollmentRow:
    """The row with where its completion's ledger entry stands in the audit (``completed_entries``):
    its state's label and whether it counts yet, so the class list says 登记 only of what is registered."""
    if entry is None:
        return row
    state = audit.state(entry[1])
    return replace(row, entry_state=entry_label(audit, state.code, row.project), entry_counts=state.counts)


def _waits_for_end(items) -> bool:
    """Whether a row's step is withheld until the training's last day (``selection.ENDED``)."""
    return any(f.code == ENDED and not f.ok for row in items for w in row.withheld for f in w.findings)


def _class_waits_for_end(region: Region, user: User, workflow: Workflow, project: TrainingProject, whole,
                         items) -> bool:
    """Whether the region waits for the training's last day before a result of the class is
    recorded, asked of the whole class rather than of the page's rows alone (a page of withdrawn
    enrollments, or the second page, said nothing of it and offered the results sheet): of one
    enrollment, not on the page, in a state a step recording a result leaves (the wait is the
    project's, not the teacher's)."""
    sources = [t.source for t in workflow.transitions if RESULT in t.asks]
    shown = [row.enrollment.id for row in items]
    first = db.session.execute(whole.where(Enrollment.status.in_(sources), Enrollment.id.not_in(shown))
                               .order_by(Enrollment.id).limit(1)).first()
    if first is None:
        return asked_as_if_due(region, user, workflow, project, whole)
    enrollment, teacher, school = first
    row = row_of(workflow, enrollment, project, teacher, school.name,
                 acting_roles(user, teacher, project).without(UserRole.TEACHER),
                 Offer.read(region, [(enrollment, project, teacher)]))
    return _waits_for_end([row])


def asked_as_if_due(region: Region, user: User, workflow: Workflow, project: TrainingProject, whole) -> bool:
    """Whether the region waits for the training's last day, asked of one enrollment of the class
    as if it stood where a result is recorded, when none does yet: a class all still before the
    organiser's recheck read "from its first day" (the core's rule), and once rechecked "from its
    last day" (the region's), the institution told two days for one training."""
    first = db.session.execute(whole.order_by(Enrollment.id).limit(1)).first()
    if first is None:
        return False
    enrollment, teacher, _school = first
    roles = acting_roles(user, teacher, project).without(UserRole.TEACHER)
    offer = Offer.read(region, [(enrollment, project, teacher)])
    return any(not f.ok for t in workflow.transitions if RESULT in t.asks and t.held_by(roles)
               for f in offer.ended(workflow, enrollment, teacher, t, state=t.source))


def only_early(findings) -> bool:
    """Whether the only refusal of a step is the training's not having started (``result_findings``),
    or, before it starts, the region's waiting for its end (``Offer.ended``): the class list says the day once."""
    return bool(findings) and all(f.code in (RESULT_EARLY, ENDED) for f in findings)


def records_results(region: Region, user: User, project: TrainingProject) -> bool:
    """Whether the user holds a step of the workflow recording this training's result
    (``RESULT``) in one of their roles, through a reach it is taken by: the organiser's reaches
    as the project gives them, the teacher's as held (a class list shows an admin only the
    teachers of their scope). The class list offers its results sheet only then: a school
    admin viewing the city's training read 'record results from an Excel sheet', downloaded
    an empty template and could record nothing."""
    organiser = project.organiser
    held = Acting({role: tuple(side for side, reached in ((OVER_TEACHER, True), (OVER_ORGANISER, scope.covers(organiser)),
                                                         (OVER_ORGANISER_UNIT, organiser.path in scope.paths)) if reached)
                   for role, scope in _admin_scopes(user)})
    return any(RESULT in t.asks and t.held_by(held) for t in region.enrollment_workflow().transitions)


def project_activity(project: TrainingProject) -> Activity:
    """The project as an activity its participant completes in full and passes."""
    return planned_activity(Level(project.level), Mode(project.mode), project.hours, project.start_date,
                            project.end_date, project.program, project.topics, project.base_credits)


def preview(region: Region, project: TrainingProject) -> CreditResult | None:
    """What completing the project would earn a participant under the region's rules, with
    every step: attended in full and passed. None when the rules cannot say in advance."""
    try:
        return region.convert(project_activity(project), on=project.end_date)
    except InvalidInput:
        return None


@dataclass(frozen=True)
class NotItsHours:
    """What completing a training earns, in hours, where it is not the hours the training
    states (a region's rule doubling some level's or mode's hours, a program's fixed figure):
    ``stated``, and ``step``, the conversion's step that gives the figure (the first whose value
    is it; None where no step says it alone), for a page to say why in one line."""

    stated: Decimal
    step: Step | None


def not_its_hours(project: TrainingProject, result: CreditResult | None) -> NotItsHours | None:
    """Where ``result`` (the project's ``preview``) is in hours and is not the project's own
    hours, those and the step that makes the figure; else None (a figure in credits is a
    conversion of the hours, said as such by its steps)."""
    if result is None or result.unit != Unit.HOUR or project.hours is None or result.amount == project.hours:
        return None
    step = next((s for s in result.steps if isinstance(s.value, (int, Decimal)) and not isinstance(s.value, bool)
                 and s.value == result.amount), None)
    return NotItsHours(project.hours, step)


def enrollment_row(region: Region, user: User, enrollment_id: int) -> EnrollmentRow:
    """One enrollment as ``user`` sees it, with the steps they may take."""
    enrollment = db.session.get(Enrollment, enrollment_id)
    roles = acting_roles(user, enrollment.teacher, enrollment.project)
    offer = Offer.read(region, [(enrollment, enrollment.project, enrollment.teacher)])
    return row_of(region.enrollment_workflow(), enrollment, enrollment.project, enrollment.teacher,
                  enrollment.teacher.school.name, roles, offer,
                  credited=credited_amounts([enrollment]).get(enrollment.id))


def _awaiting_condition(user: User, workflow: Workflow):
    """SQL: the enrollment waits in a state where one of the user's roles takes a step forward
    (``Workflow.awaiting``: not one that only cancels), for a teacher of that role's scope or a
    project its scope organises, as the step's reach allows (``Transition.over``: the guard's
    ``acting_roles`` agrees)."""
    clauses = []
    for role in sorted(user.role_set - READ_ONLY_ROLES - {UserRole.TEACHER}):
        scope = Scope.of(user, [role])
        for over, held in ((OVER_TEACHER, scope.teacher_condition(OrgUnit.path)),
                           (OVER_ORGANISER, scope.covers_path(Organiser.path)),
                           (OVER_ORGANISER_UNIT, Organiser.path.in_(scope.paths) if scope.paths else false())):
            states = workflow.awaiting(role, over)
            if states:
                clauses.append(Enrollment.status.in_(states) & held)
    return or_(*clauses) if clauses else false()


# Candidates whose guards are asked at once: one Offer (its few queries) for each batch.
_AWAITING_BATCH = 500


def _waits(workflow: Workflow, enrollment: Enrollment, roles: frozenset[UserRole], offer: Offer,
           teacher: Teacher) -> bool:
    """Whether one of these roles has a step forward on the enrollment now (one that does not
    only cancel, ``Transition.cancels``), which the region's guards would not refuse: the first
    found answers, without judging the others."""
    return any(not t.cancels and not offer.refusals(workflow, enrollment, teacher, t)
               for t in workflow.allowed(enrollment.status, roles))


def _not_yet(workflow: Workflow, enrollment: Enrollment, roles: frozenset[UserRole], offer: Offer,
             teacher: Teacher) -> tuple[Finding, ...]:
    """Why the first step forward these roles hold on the enrollment, withheld now but not for
    good (a window not open yet), may not be taken; none if no such step."""
    for t in workflow.allowed(enrollment.status, roles):
        if not t.cancels:
            refusing = offer.refusals(workflow, enrollment, teacher, t)
            if refusing and not never_taken(refusing):
                return refusing
    return ()


def _awaiting(region: Region, user: User, later: Counter | None = None) -> tuple[Workflow, list[tuple]]:
    """The enrollments waiting for one of the user's steps forward, oldest first, each with the
    roles the user acts in on it: those in a state where one of the user's roles has a step
    forward (SQL, ``_awaiting_condition``), kept only if the region's guards leave the user
    such a step to take now. An enrollment on which every step forward the user holds is
    withheld or does not apply, or on which the user may only cancel (撤销报名), waits for
    nobody the user can be: neither the list nor the count shows it, so that both say what
    the user has to do. With ``later``, those withheld for now are counted in it by the
    findings withholding them (``_not_yet``), for the list to say what comes later and when."""
    release_expired_if_due(region)
    workflow = region.enrollment_workflow()
    query = (select(Enrollment, TrainingProject, Teacher, OrgUnit, Organiser)
             .join(Teacher, Enrollment.teacher_id == Teacher.id)
             .join(OrgUnit, Teacher.school_id == OrgUnit.id)
             .join(TrainingProject, Enrollment.project_id == TrainingProject.id)
             .join(Organiser, TrainingProject.organiser_id == Organiser.id)
             .where(_awaiting_condition(user, workflow))
             .options(lazyload(Enrollment.project))  # joined once above: found in the session, not joined again
             .order_by(Enrollment.state_since, Enrollment.id))
    candidates = db.session.execute(query).all()
    scopes = _admin_scopes(user)
    found = []
    for start in range(0, len(candidates), _AWAITING_BATCH):
        batch = candidates[start:start + _AWAITING_BATCH]
        offer = Offer.read(region, [(e, p, t) for e, p, t, _s, _o in batch])
        for e, p, t, s, o in batch:
            roles = _reach(scopes, t, o)
            if _waits(workflow, e, roles, offer, t):
                found.append((e, p, t, s, roles, offer))
            elif later is not None:
                held = _not_yet(workflow, e, roles, offer, t)
                if held:
                    later[held] += 1
    return workflow, found


@dataclass(frozen=True)
class AwaitingPage(Page):
    """The awaiting list's page, and the enrollments that will wait for the user's step but may
    not take it yet: each reason (the findings withholding the step: a review window opening on a
    later day) with how many it holds back. Without them a principal whose review window has not
    opened reads "nothing waits for you" with no word of the choices coming on that day."""

    later: tuple[tuple[tuple[Finding, ...], int], ...] = ()
    # Whether the region's workflow gives the user a step on their own teachers' enrollments (a
    # school's review) at all; if not, whether they submit those teachers themselves and whether
    # a step of theirs on the trainings their unit runs (its results) may come here: an empty
    # list then says why nothing waits (a trial's school admin, who submits the teachers
    # with no review after it, found the list empty and nothing saying so).
    reviews_teachers: bool = True
    submits_teachers: bool = False
    runs_trainings: bool = False
    submission_final: bool = False  # nobody's step through the teacher's unit follows a submission
    # When enrollments come to wait for the reader, by the calendar in force, said when none waits
    # (``portal_awaiting_when``): a trial's zone admin read only "nothing waits for you".
    when: tuple[Finding, ...] = ()

    @property
    def later_total(self) -> int:
        return sum(n for _f, n in self.later)

    @property
    def purpose(self) -> str:
        """What the page is for to its reader (``awaiting_purpose``): its heading says so."""
        return _purpose(self.reviews_teachers, self.submits_teachers, self.runs_trainings)


def _purpose(reviews_teachers: bool, submits_teachers: bool, runs_trainings: bool) -> str:
    if reviews_teachers:
        return "review"
    if runs_trainings:
        return "runs"
    return "submits" if submits_teachers else "review"


def awaiting_purpose(workflow, roles) -> str:
    """What the enrollments awaiting page is for to the admin ``roles``, by the region's enrollment
    workflow, so the menu's link and the page's heading say it: "review" where one of them has a
    step on their own teachers' enrollments (a school's review, 报名审核); else "runs" where the
    steps waiting there are those on the trainings their unit runs; else "submits" where their unit
    submits its teachers itself and nobody of theirs reviews them. A trial's principal opened 报名审核
    to read that the region has no review of enrollments."""
    return _purpose(*_what_admins_do(workflow, [r for r in roles if r.is_admin]))


def _what_admins_do(workflow: Workflow, roles) -> tuple[bool, bool, bool]:
    """Whether the admin ``roles`` review their own teachers' enrollments, submit teachers
    themselves, and take steps on the trainings their unit runs."""
    return (any(workflow.awaiting(r, OVER_TEACHER) for r in roles), workflow.admins_select(roles),
            any(workflow.awaiting(r, over) for r in roles for over in (OVER_ORGANISER, OVER_ORGANISER_UNIT)))


def _reader(roles) -> UserRole | None:
    """The role the row's steps are taken in, as the reader of its cautions and notes: an admin
    of the teacher, None on the teacher's own page (``roles`` the teacher's alone)."""
    return next((r for r in sorted(roles, key=lambda r: r.value) if r != UserRole.TEACHER), None)


def awaiting_page(region: Region, user: User, page: int, per_page: int) -> AwaitingPage:
    """The enrollments waiting for one of the user's steps forward, oldest first, with every
    step the user may take on them (``_awaiting``), and those withheld for now, by reason."""
    later: Counter = Counter()
    workflow, waiting = _awaiting(region, user, later)
    page = clamp(page, len(waiting), per_page)
    rows = [replace(row_of(workflow, e, p, t, s.name, roles, offer),
                    cautions=offer.cautions(p, t, _reader(roles)) if e.role == ActivityRole.PARTICIPANT.value else ())
            for e, p, t, s, roles, offer in waiting[(page - 1) * per_page:page * per_page]]
    reviews, submits, runs = _what_admins_do(workflow, frozenset(r for r in user.role_set if r.is_admin))
    return AwaitingPage(rows, page, per_page, len(waiting), tuple(later.most_common()),
                        reviews_teachers=reviews, submits_teachers=submits, runs_trainings=runs,
                        submission_final=not any(t.source == workflow.initial and not t.cancels and t.over == OVER_TEACHER
                                                 for t in workflow.transitions),
                        when=() if waiting or later else _awaiting_when(region, frozenset(user.role_set) - {UserRole.TEACHER}))


def _awaiting_when(region: Region, roles: frozenset[UserRole]) -> tuple[Finding, ...]:
    """What the region says of when enrollments come to wait for ``roles`` (``portal_awaiting_when``)."""
    if not roles:
        return ()
    day = clock.today()
    return tuple(region.awaiting_when(roles, day, calendar.phases(region, day)))


def teacher_awaiting(region: Region, user_id: int) -> int:
    """How many of the teacher's own enrollments wait for a step of theirs now, as their
    trainings page offers it (``own_row``): in a state where the teacher has a step forward
    (``Workflow.awaiting``) that the region's guards do not refuse. A state alone said more: a
    training the school approved and the teacher never enrolled in, ended since, refuses the
    enrolment (培训已于…结束，不能再报名), yet the home counted it as waiting for her for good."""
    workflow = region.enrollment_workflow()
    theirs = workflow.awaiting(UserRole.TEACHER)
    if not theirs:
        return 0
    found = db.session.execute(
        select(Enrollment, TrainingProject, Teacher)
        .join(Teacher, Enrollment.teacher_id == Teacher.id)
        .join(TrainingProject, Enrollment.project_id == TrainingProject.id)
        .where(Teacher.user_id == user_id, Enrollment.status.in_(sorted(theirs)))
        .options(lazyload(Enrollment.project))).all()
    offer = Offer.read(region, [(e, p, t) for e, p, t in found])
    roles = frozenset({UserRole.TEACHER})
    return sum(_waits(workflow, e, roles, offer, t) for e, _p, t in found)


def awaiting_count(region: Region, user: User) -> int:
    """How many enrollments wait for one of the user's steps forward: the rows of ``awaiting_page``."""
    return len(_awaiting(region, user)[1])
