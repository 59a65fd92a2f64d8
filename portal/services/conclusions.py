"""Each teacher's ended cycle concluded (周期审定结论) by the bureau the region names
(``portal_cycle_conclusion``), and the conclusion fed back to the teacher and their school.

Whoever holds the region's role concludes, at once, every teacher of the schools their scope
covers whose previous cycle (``teachers.previous_cycle``: the one before today's, for that
teacher) has no conclusion yet: a background job, a few hundred teachers a transaction. A
teacher is left for later while an entry of that cycle is still in its audit, and left
unconcluded where none of its entries is kept here (the portal cannot know how it ended). A
conclusion is kept once (the database refuses a second for the same teacher and cycle), with
its audit event, and told to the teacher; each school's admins hear how many of theirs passed.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from .. import clock
from ..domain import ConclusionPolicy, UserRole
from ..domain.text import Messages, to_data
from ..extensions import db
from ..models import CycleConclusion, LedgerEntry, OrgUnit, Teacher, User
from ..plugins import Region
from . import background, ledger, standings
from .audit import record_event
from .notifications import holders, notify
from .scope import Scope
from .teachers import any_within, previous_period, standing_labels
from .transactions import use_case

_ = Messages("messages", "portal")

KIND = "cycle_conclusions"
EVENT = "teacher.cycle_concluded"
BATCH = 500  # teachers concluded in one transaction
SCHOOL_ROLES = (UserRole.SCHOOL_ADMIN, UserRole.PRINCIPAL)  # told how the school's teachers' cycles ended
# Why a teacher of the scope was not concluded by a job, as its result counts them.
CONCLUDED, ALREADY, IN_AUDIT, NOT_KEPT, NOT_IN_POST = "concluded", "already", "in_audit", "not_kept", "not_in_post"


class ConclusionsRefused(LookupError):
    """The region gives no conclusion, or the user does not hold the role that gives it."""


@dataclass(frozen=True)
class CycleCount:
    start: date
    end: date
    passed: int
    failed: int


@dataclass(frozen=True)
class Overview:
    policy: ConclusionPolicy
    cycles: list[CycleCount]  # the conclusions given in the user's scope, newest cycle first
    job: background.JobView | None  # the user's latest run


def policy_for(region: Region, user: User) -> ConclusionPolicy:
    """The region's policy, where ``user`` holds its role; else refused."""
    policy = region.cycle_conclusion
    if policy is None or policy.concluded_by not in user.role_set:
        raise ConclusionsRefused()
    return policy


def overview(region: Region, user: User) -> Overview:
    """What the user's page shows: the conclusions given so far in their scope, counted by cycle
    in one query, and their latest run."""
    policy = policy_for(region, user)
    scope = Scope.of(user, (policy.concluded_by,))
    rows = db.session.execute(
        select(CycleConclusion.cycle_start, CycleConclusion.cycle_end,
               func.count().filter(CycleConclusion.passed), func.count().filter(~CycleConclusion.passed))
        .join(Teacher, CycleConclusion.teacher_id == Teacher.id).join(OrgUnit, Teacher.school_id == OrgUnit.id)
        .where(scope.teacher_condition(OrgUnit.path))
        .group_by(CycleConclusion.cycle_start, CycleConclusion.cycle_end)
        .order_by(CycleConclusion.cycle_start.desc())).all()
    return Overview(policy, [CycleCount(*row) for row in rows], background.latest(user, KIND, {}))


def start(region: Region, user: User) -> int:
    """Queue the conclusion of every teacher in the user's scope whose ended cycle has none yet."""
    policy_for(region, user)
    from ..jobs import conclude_cycles

    return background.start(user, KIND, {"today": clock.today().isoformat()}, conclude_cycles)


def conclusion_of(region: Region, teacher_id: int, cycle_start: date) -> CycleConclusion | None:
    """The conclusion given on the teacher's cycle from ``cycle_start``, where the region gives any."""
    if region.cycle_conclusion is None:
        return None
    return db.session.scalar(select(CycleConclusion).where(CycleConclusion.teacher_id == teacher_id,
                                                           CycleConclusion.cycle_start == cycle_start))


def conclude_job(region: Region, actor: User, params: dict, progress: background.Progress) -> dict:
    """The work of the job: the teachers of the actor's scope ``BATCH`` at a time, each batch its
    own transaction; then each school's admins told, in one more."""
    today = date.fromisoformat(params["today"])
    policy = policy_for(region, actor)
    scope = Scope.of(actor, (policy.concluded_by,))
    ids = list(db.session.scalars(select(Teacher.id).join(OrgUnit, Teacher.school_id == OrgUnit.id)
                                  .where(scope.teacher_condition(OrgUnit.path)).order_by(Teacher.id)))
    counts: Counter = Counter()
    by_school: dict[int, Counter] = {}
    for done in range(0, len(ids), BATCH):
        with use_case():
            _conclude(region, actor, policy.concluded_by, ids[done:done + BATCH], today, counts, by_school)
        progress(min(done + BATCH, len(ids)), len(ids))
    with use_case():
        _tell_schools(by_school)
    return {key: counts[key] for key in (CONCLUDED, ALREADY, IN_AUDIT, NOT_KEPT, NOT_IN_POST)} | {
        "passed": counts["passed"], "failed": counts["failed"], "teachers": len(ids)}


def _conclude(region: Region, actor: User, role: UserRole, ids: Sequence[int], today: date, counts: Counter,
              by_school: dict[int, Counter]) -> None:
    teachers = db.session.scalars(select(Teacher).where(Teacher.id.in_(ids)).order_by(Teacher.id).with_for_update(of=Teacher)).all()
    periods = {t.id: previous_period(region, t.facts(), today) for t in teachers}
    labels = standing_labels(region)
    records = ledger.records_by_teacher(list(ids), labels.counting_states,
                                        max((p.end for p in periods.values() if p), default=today))
    auditing = _auditing_dates(ids, labels.auditing_states)
    concluded = set(db.session.execute(select(CycleConclusion.teacher_id, CycleConclusion.cycle_start)
                                       .where(CycleConclusion.teacher_id.in_(ids))).tuples())
    for teacher in teachers:
        period = periods[teacher.id]
        if period is None:
            counts[NOT_IN_POST] += 1
            continue
        within = [r for r in records.get(teacher.id, ()) if r.date <= period.end]
        if (teacher.id, period.start) in concluded:
            counts[ALREADY] += 1
        elif not any_within(period, within):
            counts[NOT_KEPT] += 1
        elif any(period.start <= day <= period.end for day in auditing.get(teacher.id, ())):
            counts[IN_AUDIT] += 1
        else:
            passed = _keep(region, actor, role, teacher, within, period.end)
            counts[CONCLUDED] += 1
            counts["passed" if passed else "failed"] += 1
            by_school.setdefault(teacher.school_id, Counter())["passed" if passed else "failed"] += 1


def _auditing_dates(ids: Sequence[int], states: frozenset[str]) -> dict[int, list[date]]:
    """The activity dates of the teachers' entries still in their audit."""
    found: dict[int, list[date]] = {}
    for teacher_id, day in db.session.execute(
            select(LedgerEntry.teacher_id, LedgerEntry.activity_date)
            .where(LedgerEntry.teacher_id.in_(ids), LedgerEntry.audit_state.in_(states))):
        found.setdefault(teacher_id, []).append(day)
    return found


def _keep(region: Region, actor: User, role: UserRole, teacher: Teacher, records, end: date) -> bool:
    """One teacher's conclusion kept, audited and told; whether the cycle passed."""
    judged = standings.compute(region, teacher, records, end)
    cycle = judged.compliance.cycle
    conclusion = CycleConclusion(
        teacher_id=teacher.id, cycle_start=cycle.period.start, cycle_end=cycle.period.end, passed=cycle.ok,
        counted=cycle.counted, required=cycle.required, unit=judged.compliance.unit.value,
        unmet=[to_data(f.message) for f in cycle.conditions if not f.ok], rule_version=judged.rule_version,
        org_unit_id=_unit_of(actor, role, teacher), concluded_by_id=actor.id)
    db.session.add(conclusion)
    db.session.flush()
    record_event(actor, EVENT, conclusion, after={
        "teacher": teacher.id, "cycle": [cycle.period.start.isoformat(), cycle.period.end.isoformat()],
        "passed": cycle.ok, "counted": str(cycle.counted), "required": str(cycle.required)},
        org_unit_id=teacher.school_id)
    if teacher.user_id:
        span = {"start": cycle.period.start.year, "end": cycle.period.end.year}
        notify([teacher.user_id], conclusion,
               _("Your cycle {start}–{end} has been concluded: passed.", **span) if cycle.ok
               else _("Your cycle {start}–{end} has been concluded: not passed.", **span),
               "/me/compliance/previous")
    return cycle.ok


def _unit_of(actor: User, role: UserRole, teacher: Teacher) -> int:
    """The unit over which the actor concludes this teacher: the nearest above the teacher's
    school of those they hold ``role`` over."""
    path = teacher.school.path
    return max((r for r in actor.roles if r.role == role.value and path.startswith(r.org_unit.path)),
               key=lambda r: len(r.org_unit.path)).org_unit_id


def _tell_schools(by_school: dict[int, Counter]) -> None:
    for school in db.session.scalars(select(OrgUnit).where(OrgUnit.id.in_(list(by_school)))):
        told = holders(SCHOOL_ROLES, [school.path])
        if told:
            found = by_school[school.id]
            notify(told, school, _("Ended cycles of {school}'s teachers concluded: {passed} passed, {failed} not passed.",
                                   school=school.name, passed=found["passed"], failed=found["failed"]),
                   f"/admin/teachers?unit={school.id}&show=concluded&code={'failed' if found['failed'] else 'passed'}")
