"""Each teacher's standing, computed by the region's rules and kept.

One answer everywhere: the region's hooks judge a teacher once (compliance, eligibility,
what is asked of *this* teacher, their year), the answer is kept in ``teacher_standing``
with a row per duty and per purpose, and the teacher's page, every list, the dashboard,
the reports and the API read it.

When it is computed:

- in the same transaction as any change to a teacher's ledger or facts: the session
  notes the teachers whose ``LedgerEntry`` or ``Teacher`` rows it flushed, and computes
  their standing just before it commits (``_note_changes``, ``_refresh_noted``);
- when read after it stopped holding (a year, cycle or deadline passed, a rule version or
  a bureau's setting changed: ``current_condition``): the teacher's page and a list page
  compute the few they show; a dashboard counts only the current ones and says how many
  wait;
- in bulk, ``portal standings refresh`` (after upgrading, after changing settings, and
  daily from cron for the ones a date made stale).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime, timezone
from functools import lru_cache

from flask import current_app, has_app_context
from sqlalchemy import Date, Integer, Row, and_, bindparam, delete, event, func, insert, not_, or_, select
from sqlalchemy.orm import Session

from .. import clock
from ..domain import Record
from ..domain.standing import Standing, valid_until
from ..domain.text import to_data
from ..extensions import db, from_replica
from ..models import Enrollment, LedgerEntry, OrgUnit, StandingDuty, StandingPurpose, Teacher, TeacherStanding
from ..plugins import Region
from . import ledger
from .transactions import use_case

BATCH = 500  # teachers computed and written together by a bulk refresh
_NOTED = "portal.standings.noted"


def compute(region: Region, teacher: Teacher, records: Sequence[Record], today: date,
            seen_on: date | None = None) -> Standing:
    """Ask the region's rules for one teacher's standing on ``today`` (no database access);
    ``seen_on``, a day after ``today`` where an ended cycle is judged on its last day, has the
    findings of the periods ending ``today`` worded as ended (the ``today`` of
    ``portal_check_compliance``)."""
    facts = teacher.facts()
    compliance = region.check(facts, records, today, seen_on)
    year = region.year(today, facts)
    eligibility = tuple(region.eligibility(facts, records, today))
    return Standing(
        as_of=today,
        requirements=region.requirements(today, facts),
        compliance=compliance,
        eligibility=eligibility,
        year=year,
        rule_version=region.rule_version(today).code,
        fingerprint=region.fingerprint(today),
        valid_until=valid_until(today, year, compliance, facts, region.rule_changes(today), eligibility),
    )


def refresh(region: Region, teachers: Sequence[Teacher], today: date) -> dict[int, Standing]:
    """Compute and keep the standing of ``teachers``: their counted entries in one query,
    the old rows replaced in a few statements. A building block: it does not commit."""
    if not teachers:
        return {}
    records = ledger.records_by_teacher([t.id for t in teachers], region.audit_workflow().counting(), today)
    standings = {t.id: compute(region, t, records.get(t.id, ()), today) for t in teachers}
    _keep(standings)
    return standings


def current(region: Region, teacher: Teacher, today: date, kept: Standing | None = None) -> Standing:
    """The teacher's standing on ``today``: ``kept`` if the caller read it holding (``own``),
    else the kept one while it holds, else computed now and kept (its own short write
    transaction)."""
    if kept is not None:
        return kept
    found = db.session.execute(_kept(), {"teacher_id": teacher.id, "fingerprint": region.fingerprint(today),
                                         "today": today}).first()
    if found is not None and found[1]:
        return Standing.from_data(found[0])
    with use_case():
        return refresh(region, [teacher], today)[teacher.id]


def own(region: Region, user_id: int, today: date, auditing: frozenset[str] | None = None,
        theirs: frozenset[str] | None = None) -> tuple[Row | None, Standing | None]:
    """The signed-in user's teacher as plain values (every column of their row, with their
    school's ``school_name`` and ``school_path``) and their kept standing if it holds on ``today``
    (else None: ``current`` computes it), in one query: each of a teacher's own pages starts
    here. No entity is loaded: building the teacher's took twice the query's own time. With
    ``auditing`` (the audit workflow's states still undecided) the row also counts the
    teacher's standing entries in audit dated from the kept standing's cycle start
    (``in_audit_count``) and gives the date of the earliest (``in_audit_from``): the duties page
    shows both, and read here they cost no statement of their own. With ``theirs`` (the
    enrollment states in which the teacher has a step to take, ``Workflow.awaiting``) the row
    counts their enrollments in them (``awaiting_teacher``): the home says what waits for them."""
    found = db.session.execute(_own(auditing, theirs), {"user_id": user_id, "fingerprint": region.fingerprint(today),
                                                "today": today}).first()
    if found is None:
        return None, None
    return found, Standing.from_data(found.detail) if found.holds else None


def _holds(table):
    return and_(table.fingerprint == bindparam("fingerprint"), table.as_of <= bindparam("today", type_=Date),
                table.valid_until >= bindparam("today", type_=Date))


@lru_cache(maxsize=1)
def _kept():
    """The kept standing of a teacher and whether it holds (``current_condition``), built
    once with its values as parameters: every teacher's page reads it."""
    table = TeacherStanding.__table__.c  # plain columns: no ORM entity is loaded
    return select(table.detail, _holds(table)).where(table.teacher_id == bindparam("teacher_id", type_=Integer))


@lru_cache(maxsize=8)
def _own(auditing: frozenset[str] | None = None, theirs: frozenset[str] | None = None):
    teacher, school, kept = Teacher.__table__.c, OrgUnit.__table__.c, TeacherStanding.__table__.c
    enrollment = Enrollment.__table__.c
    awaiting = () if not theirs else (
        select(func.count(enrollment.id)).where(enrollment.teacher_id == teacher.id,
                                                enrollment.status.in_(sorted(theirs)))
        .scalar_subquery().label("awaiting_teacher"),)
    in_audit = () if auditing is None else (
        kept.cycle_start.label("kept_cycle_start"),
        ledger.in_audit_among(teacher.id, auditing, since=kept.cycle_start).label("in_audit_count"),
        ledger.in_audit_among(teacher.id, auditing).label("in_audit_from"))
    return (select(*teacher, school.name.label("school_name"), school.path.label("school_path"),
                   kept.detail, _holds(kept).label("holds"), *in_audit, *awaiting)
            .join(OrgUnit.__table__, school.id == teacher.school_id)
            .outerjoin(TeacherStanding.__table__, kept.teacher_id == teacher.id)
            .where(teacher.user_id == bindparam("user_id", type_=Integer)))


def current_condition(region: Region, today: date):
    """SQL condition on ``TeacherStanding``: the kept standing holds on ``today``."""
    return and_(TeacherStanding.fingerprint == region.fingerprint(today),
                TeacherStanding.as_of <= today, TeacherStanding.valid_until >= today)


def year_asked():
    """SQL condition on a kept ``TeacherStanding``: its year asks something of the teacher (a
    probation year, a year with no yearly duty asks nothing: the teacher meets nothing then,
    and is counted neither among those meeting the year nor in its share)."""
    return func.coalesce(TeacherStanding.year_required, 0) > 0


def cycle_asked():
    """SQL condition on a kept ``TeacherStanding``: its cycle asks a total of the teacher."""
    return TeacherStanding.cycle_required > 0


def all_duties_met():
    """SQL condition on a kept ``TeacherStanding``: some duty asked of the teacher, none open,
    the cycle's total reached and every finding met (a cap is always met: it is no duty; a duty
    missed, its period ended, is history, not open: ``Standing.open_findings``). A teacher asked
    nothing (``nothing_asked``) has met nothing: their page says no duty is asked, and every
    figure counts them apart. Read from the standing's own row, so a count of them costs no
    further query."""
    return and_(TeacherStanding.duties_asked, TeacherStanding.cycle_met, TeacherStanding.open_duties == 0)


def nothing_asked():
    """SQL condition on a kept ``TeacherStanding``: no duty is asked of the teacher now and none
    was missed (``Standing.asks_nothing``: every duty exempt, a cap no duty): neither among those
    with every duty met nor among those with one open."""
    return not_(TeacherStanding.duties_asked)


def duty_open():
    """SQL condition on a kept ``TeacherStanding``: some duty asked and not every one met (the
    list's "a duty open"): the teachers neither meeting every duty nor asked nothing."""
    return and_(TeacherStanding.duties_asked, not_(all_duties_met()))


def refresh_stale_of(region: Region, teacher_ids: Iterable[int], today: date) -> int:
    """Compute the standings of those of ``teacher_ids`` that do not hold on ``today`` (a
    page of a list, before it is shown). Returns how many were computed."""
    ids = list(teacher_ids)
    if not ids:
        return 0
    stale = _stale_ids(region, today, Teacher.id.in_(ids))
    if not stale:
        return 0
    with use_case():
        refresh(region, _teachers(stale), today)
    return len(stale)


def split_current(region: Region, teacher_ids: Sequence[int], today: date) -> tuple[list[int], list[int]]:
    """Of ``teacher_ids``, those whose kept standing holds on the read replica, to be read
    there, and those computed now on the primary, to be read there (with no replica, both
    are the primary)."""
    with from_replica():
        stale = set(_stale_ids(region, today, Teacher.id.in_(teacher_ids))) if teacher_ids else set()
    if stale:
        refresh_stale_of(region, stale, today)
    return [i for i in teacher_ids if i not in stale], [i for i in teacher_ids if i in stale]


def refresh_all(region: Region, today: date, ids: Sequence[int],
                progress: Callable[[int], None] = lambda done: None) -> int:
    """Recompute the standings of the teachers ``ids`` (from ``ids_to_refresh``), ``BATCH``
    at a time, each batch its own transaction; ``progress`` hears how many each batch did."""
    for batch in _batches(ids, BATCH):
        with use_case():
            refresh(region, _teachers(batch), today)
        progress(len(batch))
    return len(ids)


def ids_to_refresh(region: Region, today: date, unit: OrgUnit | None = None, only_stale: bool = False) -> list[int]:
    """The teachers (below ``unit``) a bulk refresh computes: all, or those whose standing
    no longer holds."""
    below_unit = below(unit)
    if only_stale:
        return _stale_ids(region, today, below_unit)
    return list(db.session.scalars(
        select(Teacher.id).join(OrgUnit, Teacher.school_id == OrgUnit.id).where(below_unit).order_by(Teacher.id)))


def below(unit: OrgUnit | None):
    """SQL condition on the joined ``OrgUnit`` of a teacher's school: below ``unit`` (its path
    is a prefix of theirs), or anywhere when None."""
    if unit is None:
        return OrgUnit.id.is_not(None)
    return OrgUnit.path.startswith(unit.path, autoescape=True)


def _stale_ids(region: Region, today: date, condition) -> list[int]:
    return list(db.session.scalars(
        select(Teacher.id)
        .join(OrgUnit, Teacher.school_id == OrgUnit.id)
        .outerjoin(TeacherStanding, TeacherStanding.teacher_id == Teacher.id)
        .where(condition, or_(TeacherStanding.teacher_id.is_(None), not_(current_condition(region, today))))
        .order_by(Teacher.id)))


def _teachers(ids: Sequence[int]) -> list[Teacher]:
    return list(db.session.scalars(select(Teacher).where(Teacher.id.in_(ids)).order_by(Teacher.id)))


def _batches(items: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _keep(standings: dict[int, Standing]) -> None:
    ids = sorted(standings)
    # Two transactions keeping the same teacher's standing take turns (on PostgreSQL; SQLite
    # has one writer anyway): the second then deletes what the first inserted.
    db.session.execute(select(Teacher.id).where(Teacher.id.in_(ids)).order_by(Teacher.id).with_for_update())
    for table in (StandingDuty, StandingPurpose, TeacherStanding):
        db.session.execute(delete(table).where(table.teacher_id.in_(ids)))
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    db.session.execute(insert(TeacherStanding), [_row(tid, s, now) for tid, s in standings.items()])
    duties = [{"teacher_id": tid, **duty} for tid, s in standings.items() for duty in _duties(s.compliance.findings, s.as_of)]
    if duties:
        db.session.execute(insert(StandingDuty), duties)
    purposes = [{"teacher_id": tid, "purpose": e.purpose, "ok": e.ok}
                for tid, s in standings.items() for e in _unique(s.eligibility, lambda e: e.purpose)]
    if purposes:
        db.session.execute(insert(StandingPurpose), purposes)


def _duties(findings, as_of: date) -> list[dict]:
    """One row per duty: met only when each of its findings is (a region may judge a yearly
    minimum once for each year of the cycle under one code: a year missed leaves it not met),
    short by what its open findings still miss together (a missed one, its period ended,
    misses nothing more)."""
    rows: dict[str, dict] = {}
    judged: dict[str, list] = {}
    for f in findings:
        row = rows.setdefault(f.code, {"code": f.code, "ok": True, "cap": f.cap, "shortfall": None, "label": None,
                                       "exempt": True})
        judged.setdefault(f.code, []).append(f)
        row["ok"] = row["ok"] and f.ok
        row["exempt"] = row["exempt"] and f.exempt
        if not f.ok and f.shortfall is not None and not f.missed_on(as_of):
            row["shortfall"] = (row["shortfall"] or 0) + f.shortfall
    for code, row in rows.items():
        row["missed"], row["ended_on"] = missed_and_ended(judged[code], as_of)
        asked = [f for f in judged[code] if f.label and not f.ok] or [f for f in judged[code] if f.label]
        row["label"] = to_data(asked[0].label) if asked else None  # the duty as asked of this teacher
    return list(rows.values())


def missed_and_ended(findings, as_of: date) -> tuple[bool, date | None]:
    """A duty's findings (one, or one a year under one code) as history: missed when it is not
    met only through periods already ended (each finding not met has ended: nothing open), with
    the day the last of those ended; else the day the last of its periods ended when all have,
    met or not; else None (a period runs still, or it has no end)."""
    unmet = [f for f in findings if not f.ok]
    if unmet and all(f.missed_on(as_of) for f in unmet):
        return True, max(f.deadline for f in unmet)
    if findings and all(f.ended_on(as_of) for f in findings):
        return False, max(f.deadline for f in findings)
    return False, None


def _unique(items, key):
    """The first of each code: a region reporting one duty twice keeps one row for it."""
    seen = set()
    for item in items:
        if key(item) not in seen:
            seen.add(key(item))
            yield item


def _row(teacher_id: int, s: Standing, now: datetime) -> dict:
    cycle, year = s.compliance.cycle, s.year_progress()
    return {
        "teacher_id": teacher_id, "as_of": s.as_of, "valid_until": s.valid_until, "fingerprint": s.fingerprint,
        "rule_version": s.rule_version, "computed_at": now, "unit": s.compliance.unit.value,
        "cycle_start": cycle.period.start, "cycle_end": cycle.period.end, "cycle_required": cycle.required,
        "cycle_earned": cycle.earned, "cycle_counted": cycle.counted, "cycle_met": cycle.ok,
        "year": s.year.start.year, "year_start": s.year.start, "year_end": s.year.end,
        "year_required": year.required if year else None, "year_earned": year.earned if year else 0,
        "year_counted": year.counts if year else 0,
        "year_met": s.year_met, "open_duties": len(s.open_findings()), "duties_asked": not s.asks_nothing(),
        "detail": s.as_data(),
    }


# Refreshing in the transaction that changed a teacher's ledger or facts ------------------


@event.listens_for(Session, "after_flush")
def _note_changes(session: Session, _context) -> None:
    noted = session.info.setdefault(_NOTED, set())
    for obj in (*session.new, *session.dirty):
        if isinstance(obj, LedgerEntry):
            noted.add(obj.teacher_id)
        elif isinstance(obj, Teacher) and (obj in session.new or session.is_modified(obj)):
            noted.add(obj.id)


@event.listens_for(Session, "before_commit")
def _refresh_noted(session: Session) -> None:
    noted = session.info.pop(_NOTED, None)
    if session.new or session.dirty:
        session.flush()
        noted = (noted or set()) | session.info.pop(_NOTED, set())
    if not noted or not has_app_context() or "portal.region" not in current_app.extensions:
        return
    region = current_app.extensions["portal.region"]
    teachers = list(session.scalars(select(Teacher).where(Teacher.id.in_(sorted(noted)))))
    refresh(region, teachers, clock.today())
    session.flush()
    session.info.pop(_NOTED, None)


@event.listens_for(Session, "after_rollback")
def _forget_noted(session: Session) -> None:
    session.info.pop(_NOTED, None)

