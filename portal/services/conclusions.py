"""Each teacher's ended cycle concluded (周期审定结论) by the bureau the region names
(``portal_cycle_conclusion``), and the conclusion fed back to the teacher and their school.

Whoever holds the region's role concludes, at once, every teacher of the schools their scope
covers whose previous cycle (``teachers.previous_cycle``: the one before today's, for that
teacher) has no conclusion yet: a background job, a few hundred teachers a transaction. A
teacher is left for later while an entry of that cycle is still in its audit, and left
unconcluded where none of its entries is kept here (the portal cannot know how it ended). A
conclusion is kept once (the database refuses a second for the same teacher and cycle), with
its audit event, and told to the teacher; each school's admins hear how many of theirs passed.
Each run also judges the concluded cycles again: where their entries have changed since (an
upheld appeal, a training registered late, an entry reversed) and none is in its audit, the
conclusion is revised, the values it replaced kept in the audit event, and the teacher and the
school told.
"""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, distinct, func, or_, select

from .. import clock
from ..domain import ConclusionPolicy, Period, UserRole
from ..domain.text import Messages, to_data
from ..extensions import db
from ..models import CycleConclusion, LedgerEntry, OrgUnit, Teacher, User
from ..models.types import utcnow
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
REVISED_EVENT = "teacher.cycle_conclusion_revised"
BATCH = 500  # teachers concluded in one transaction
SCHOOL_ROLES = (UserRole.SCHOOL_ADMIN, UserRole.PRINCIPAL)  # told how the school's teachers' cycles ended
# Why a teacher of the scope was not concluded by a job, as its result counts them.
CONCLUDED, REVISED, ALREADY, IN_AUDIT, NOT_KEPT, NOT_IN_POST = (
    "concluded", "revised", "already", "in_audit", "not_kept", "not_in_post")


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
    # teachers of the scope with entries of their ended cycle still in the audit, and those entries:
    # a run leaves them unconcluded, so the page says so before it is started
    waiting_teachers: int = 0
    waiting_entries: int = 0


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
    teachers, entries = in_audit(region, scope, clock.today())
    return Overview(policy, [CycleCount(*row) for row in rows], background.latest(user, KIND, {}), teachers, entries)


def in_audit(region: Region, scope: Scope, today: date) -> tuple[int, int]:
    """How many teachers of ``scope`` have entries of their ended cycle (``previous_period``) still
    in the audit, and how many such entries: a run concludes none of them (a city admin could start
    the conclusion while the counties had not decided them, and learnt it only afterwards). Read
    over the teachers with an entry in the audit only, ``BATCH`` at a time: each page's ended
    cycles asked of the region once per teacher's facts, its entries counted in one statement, so
    the statements grow with the pages, not the teachers, and no entry is read one by one."""
    states = standing_labels(region).auditing_states
    waiting = and_(LedgerEntry.audit_state.in_(states), ledger.live())
    # the teachers by a subquery, not a parameter each: a province's tens of thousands with an entry
    # waiting went past the database's limit of a statement's parameters (SQLite 32,766, PostgreSQL 65,535)
    of_scope = (select(LedgerEntry.teacher_id).join(Teacher, LedgerEntry.teacher_id == Teacher.id)
                .join(OrgUnit, Teacher.school_id == OrgUnit.id).where(scope.teacher_condition(OrgUnit.path), waiting))
    in_scope = select(Teacher.id).join(OrgUnit, Teacher.school_id == OrgUnit.id).where(scope.teacher_condition(OrgUnit.path))
    teachers = entries = 0
    last = 0
    while True:
        page = db.session.scalars(select(Teacher).where(Teacher.id.in_(of_scope), Teacher.id > last)
                                  .order_by(Teacher.id).limit(BATCH)).all()
        if not page:
            return teachers, entries
        first, last = page[0].id, page[-1].id
        ended = previous_periods(region, page, today)
        periods = [p for p in ended if p is not None]
        if not periods:
            continue
        # the page's most shared ended cycle by its range of ids (no parameter per teacher: a province's
        # tens of thousands went past a statement's limit), the teachers of any other one by their ids
        shared = max(periods, key=lambda p: len(ended[p]))
        others = [i for p, ids in ended.items() if p != shared for i in ids]
        found = db.session.execute(
            select(func.count(distinct(LedgerEntry.teacher_id)), func.count(LedgerEntry.id))
            .where(waiting, or_(
                and_(LedgerEntry.teacher_id.in_(in_scope), LedgerEntry.teacher_id.between(first, last),
                     LedgerEntry.teacher_id.not_in(others), LedgerEntry.activity_date.between(shared.start, shared.end)),
                *(and_(LedgerEntry.teacher_id.in_(ended[p]), LedgerEntry.activity_date.between(p.start, p.end))
                  for p in periods if p != shared)))).one()
        teachers, entries = teachers + found[0], entries + found[1]


def previous_periods(region: Region, teachers: Sequence[Teacher], today: date) -> dict[Period | None, list[int]]:
    """The ended cycle of each of ``teachers`` (``previous_period``), the teachers' ids by cycle,
    under None those who entered post after it. The region is asked once per distinct facts."""
    asked: dict = {}
    found: dict[Period | None, list[int]] = {}
    for teacher in teachers:
        facts = teacher.facts()
        try:
            period = asked[facts] if facts in asked else asked.setdefault(facts, previous_period(region, facts, today))
        except TypeError:  # facts holding something unhashable: asked for this teacher alone
            period = previous_period(region, facts, today)
        found.setdefault(period, []).append(teacher.id)
    return found


def start(region: Region, user: User) -> int:
    """Queue the conclusion of every teacher in the user's scope whose ended cycle has none yet."""
    policy_for(region, user)
    from ..jobs import conclude_cycles

    # ``since``: what this job concludes or revises is what was written after it, so a try after
    # a failure (its first batches committed) still counts and tells them
    return background.start(user, KIND, {"today": clock.today().isoformat(), "since": utcnow().isoformat()},
                            conclude_cycles)


def conclusion_of(region: Region, teacher_id: int, cycle_start: date) -> CycleConclusion | None:
    """The conclusion given on the teacher's cycle from ``cycle_start``, where the region gives any."""
    if region.cycle_conclusion is None:
        return None
    return db.session.scalar(select(CycleConclusion).where(CycleConclusion.teacher_id == teacher_id,
                                                           CycleConclusion.cycle_start == cycle_start))


def changed_since(conclusion: CycleConclusion, judged) -> bool:
    """Whether the cycle judged now (a ``Standing``, None where none of its entries counts any
    more) says other than ``conclusion``: its entries changed after it was given, and the next
    run revises it."""
    return judged is None or _outcome(_values(judged)) != _outcome(_kept(conclusion))


def conclude_job(region: Region, actor: User, params: dict, progress: background.Progress) -> dict:
    """The work of the job: the teachers of the actor's scope ``BATCH`` at a time, each batch its
    own transaction; then each school's admins told, in one more, of what the job wrote (a try
    after a failure counts the batches an earlier try committed)."""
    today = date.fromisoformat(params["today"])
    since = datetime.fromisoformat(params["since"])
    policy = policy_for(region, actor)
    scope = Scope.of(actor, (policy.concluded_by,))
    ids = list(db.session.scalars(select(Teacher.id).join(OrgUnit, Teacher.school_id == OrgUnit.id)
                                  .where(scope.teacher_condition(OrgUnit.path)).order_by(Teacher.id)))
    counts: Counter = Counter()
    for done in range(0, len(ids), BATCH):
        with use_case():
            _conclude(region, actor, policy.concluded_by, ids[done:done + BATCH], today, counts)
        progress(min(done + BATCH, len(ids)), len(ids))
    with use_case():
        by_school = _written(actor, scope, since)
        _tell_schools(by_school)
    written = sum(by_school.values(), Counter())
    # what this try found concluded before it, less what an earlier try of the job wrote
    return {key: counts[key] for key in (IN_AUDIT, NOT_KEPT, NOT_IN_POST)} | {
        CONCLUDED: written["passed"] + written["failed"], REVISED: written["revised"],
        ALREADY: counts[ALREADY] + counts[CONCLUDED] + counts[REVISED] - sum(written.values()),
        "passed": written["passed"], "failed": written["failed"], "teachers": len(ids)}


def _written(actor: User, scope: Scope, since: datetime) -> dict[int, Counter]:
    """Per school of ``scope``, the conclusions ``actor`` gave (passed, failed) and those revised
    since ``since``."""
    found: dict[int, Counter] = {}
    of_scope = (select(Teacher.school_id).select_from(CycleConclusion).join(Teacher, CycleConclusion.teacher_id == Teacher.id)
                .join(OrgUnit, Teacher.school_id == OrgUnit.id).where(scope.teacher_condition(OrgUnit.path))
                .group_by(Teacher.school_id))
    given = of_scope.add_columns(CycleConclusion.passed, func.count()).where(
        CycleConclusion.concluded_by_id == actor.id, CycleConclusion.concluded_at >= since).group_by(CycleConclusion.passed)
    for school, passed, count in db.session.execute(given):
        found.setdefault(school, Counter())["passed" if passed else "failed"] += count
    revised = of_scope.add_columns(func.count()).where(CycleConclusion.revised_at >= since,
                                                       CycleConclusion.concluded_at < since)
    for school, count in db.session.execute(revised):
        found.setdefault(school, Counter())["revised"] += count
    return found


def _conclude(region: Region, actor: User, role: UserRole, ids: Sequence[int], today: date, counts: Counter) -> None:
    teachers = db.session.scalars(select(Teacher).where(Teacher.id.in_(ids)).order_by(Teacher.id).with_for_update(of=Teacher)).all()
    periods = {t.id: previous_period(region, t.facts(), today) for t in teachers}
    labels = standing_labels(region)
    records = ledger.records_by_teacher(list(ids), labels.counting_states,
                                        max((p.end for p in periods.values() if p), default=today))
    auditing = _auditing_dates(ids, labels.auditing_states)
    concluded = {(c.teacher_id, c.cycle_start): c for c in db.session.scalars(
        select(CycleConclusion).where(CycleConclusion.teacher_id.in_(ids)))}
    for teacher in teachers:
        period = periods[teacher.id]
        if period is None:
            counts[NOT_IN_POST] += 1
            continue
        within = [r for r in records.get(teacher.id, ()) if r.date <= period.end]
        in_audit = any(period.start <= day <= period.end for day in auditing.get(teacher.id, ()))
        kept = concluded.get((teacher.id, period.start))
        if kept is not None:
            # judged again only once nothing of the cycle is in its audit: until then it stands
            revised = not in_audit and _revise(actor, teacher, kept, _judged(region, teacher, within, period.end, today))
            counts[REVISED if revised else ALREADY] += 1
        elif not any_within(period, within):
            counts[NOT_KEPT] += 1
        elif in_audit:
            counts[IN_AUDIT] += 1
        else:
            _keep(actor, role, teacher, _judged(region, teacher, within, period.end, today))
            counts[CONCLUDED] += 1


def _auditing_dates(ids: Sequence[int], states: frozenset[str]) -> dict[int, list[date]]:
    """The activity dates of the teachers' entries still in their audit."""
    found: dict[int, list[date]] = {}
    for teacher_id, day in db.session.execute(
            select(LedgerEntry.teacher_id, LedgerEntry.activity_date)
            .where(LedgerEntry.teacher_id.in_(ids), LedgerEntry.audit_state.in_(states))):
        found.setdefault(teacher_id, []).append(day)
    return found


def _judged(region: Region, teacher: Teacher, records, end: date, today: date) -> dict:
    """A conclusion's values: the cycle's own duty as the rules in force on its last day judge
    ``records``, read on ``today`` (after it: what it lacked is worded as ended)."""
    return _values(standings.compute(region, teacher, records, end, seen_on=today))


def _values(judged) -> dict:
    """A conclusion's values from a ``Standing`` judged on the cycle's last day."""
    cycle = judged.compliance.cycle
    return {"cycle_start": cycle.period.start, "cycle_end": cycle.period.end, "passed": cycle.ok,
            "counted": cycle.counted, "required": cycle.required, "unit": judged.compliance.unit.value,
            "unmet": [to_data(f.message) for f in cycle.conditions if not f.ok], "rule_version": judged.rule_version}


def _keep(actor: User, role: UserRole, teacher: Teacher, values: dict) -> None:
    """One teacher's conclusion kept, audited and told."""
    conclusion = CycleConclusion(teacher_id=teacher.id, org_unit_id=_unit_of(actor, role, teacher),
                                 concluded_by_id=actor.id, **values)
    db.session.add(conclusion)
    db.session.flush()
    record_event(actor, EVENT, conclusion, after=_said(conclusion), org_unit_id=teacher.school_id)
    span = _span(conclusion)
    _tell_teacher(teacher, conclusion, _("Your cycle {start}–{end} has been concluded: passed.", **span)
                  if conclusion.passed else _("Your cycle {start}–{end} has been concluded: not passed.", **span))


def _revise(actor: User, teacher: Teacher, conclusion: CycleConclusion, values: dict) -> bool:
    """The conclusion made to say ``values`` where what it says differs (the outcome, the
    figures or the conditions unmet), audited with what it said before and told; whether it did."""
    if _outcome(values) == _outcome(_kept(conclusion)):
        return False
    before = _said(conclusion)
    for name, value in values.items():
        setattr(conclusion, name, value)
    conclusion.revised_at = utcnow()
    db.session.flush()
    record_event(actor, REVISED_EVENT, conclusion, before=before, after=_said(conclusion), org_unit_id=teacher.school_id)
    span = _span(conclusion)
    _tell_teacher(teacher, conclusion, _("The conclusion on your cycle {start}–{end} has been revised: passed.", **span)
                  if conclusion.passed else
                  _("The conclusion on your cycle {start}–{end} has been revised: not passed.", **span))
    return True


def _outcome(values) -> tuple:
    """What a conclusion says, comparable between one kept and one judged now (the unmet
    conditions as JSON keeps them)."""
    return (values["passed"], values["counted"], values["required"], json.loads(json.dumps(values["unmet"])))


def _kept(conclusion: CycleConclusion) -> dict:
    """What ``_outcome`` compares, read off a kept conclusion (its attributes, loaded if expired)."""
    return {name: getattr(conclusion, name) for name in ("passed", "counted", "required", "unmet")}


def _said(conclusion: CycleConclusion) -> dict:
    return {"teacher": conclusion.teacher_id,
            "cycle": [conclusion.cycle_start.isoformat(), conclusion.cycle_end.isoformat()],
            "passed": conclusion.passed, "counted": str(conclusion.counted), "required": str(conclusion.required)}


def _span(conclusion: CycleConclusion) -> dict:
    return {"start": conclusion.cycle_start.year, "end": conclusion.cycle_end.year}


def _tell_teacher(teacher: Teacher, conclusion: CycleConclusion, message) -> None:
    if teacher.user_id:
        notify([teacher.user_id], conclusion, message, "/me/compliance/previous")


def _unit_of(actor: User, role: UserRole, teacher: Teacher) -> int:
    """The unit over which the actor concludes this teacher: the nearest above the teacher's
    school of those they hold ``role`` over."""
    path = teacher.school.path
    return max((r for r in actor.roles if r.role == role.value and path.startswith(r.org_unit.path)),
               key=lambda r: len(r.org_unit.path)).org_unit_id


def _tell_schools(by_school: dict[int, Counter]) -> None:
    for school in db.session.scalars(select(OrgUnit).where(OrgUnit.id.in_(list(by_school)))):
        told = holders(SCHOOL_ROLES, [school.path])
        if not told:
            continue
        found = by_school[school.id]
        link = f"/admin/teachers?unit={school.id}&show=concluded&code={'failed' if found['failed'] else 'passed'}"
        if found["passed"] or found["failed"]:
            notify(told, school, _("Ended cycles of {school}'s teachers concluded: {passed} passed, {failed} not passed.",
                                   school=school.name, passed=found["passed"], failed=found["failed"]), link)
        if found["revised"]:
            notify(told, school, _("Conclusions revised for {school}'s teachers whose concluded cycle changed since: {revised}.",
                                   school=school.name, revised=found["revised"]), link)
