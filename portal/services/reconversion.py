"""Re-converting the ledger under the rules in force (``portal ledger reconvert``).

An entry keeps the credits the rules gave when it was made: the ledger is append-only. When
a region's rules change what a training already in the ledger earns (a new condition, a
number corrected, a setting changed), its bureau re-converts: each standing entry of a
completed training (source enrollment, neither reversed nor a reversal) is converted again
from its enrollment and project as they are now, with the rules in force on the training's
last day, and where the amount, unit or category differ the entry is reversed and the new
figure entered correcting it, in the audit state the old one had reached, with an audit
event saying why. An entry an open appeal contests is listed and left to the appeal's answer;
an entry whose audit refused it for good stays as it is. One transaction per teacher, so a teacher's standing is refreshed with
their entries and a run stopped halfway leaves every teacher either done or untouched; run
again, it finds nothing left to change. Claims, appeals, transfers, borrowings and hand-made
entries are left alone: a person decided those, not a conversion."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..domain import CreditResult, InvalidInput, LedgerSource
from ..extensions import db
from ..models import Appeal, Enrollment, LedgerEntry, OrgUnit, Teacher, User
from ..plugins import Region
from . import ledger
from .appeals import OPEN
from .claims import lock_teacher
from .transactions import use_case


@dataclass(frozen=True)
class Change:
    """One entry the rules in force convert otherwise: its figures now and as converted again
    (``after`` None when the rules now refuse its activity, ``refusal`` saying why, or an open
    appeal contests it, ``appealed``: listed, never changed)."""

    teacher_id: int
    entry_id: int
    title: str
    day: date
    amount: Decimal
    unit: str
    category: str
    after: CreditResult | None
    refusal: str = ""
    appealed: bool = False  # an open appeal contests the entry: left to its answer


BATCH = 500  # teachers read at a time by the dry run: a province's ledger is never held at once


def _standing(region: Region, teacher_ids: Sequence[int]):
    """The teachers' standing entries of completed trainings, but those an audit refused for
    good (a final state that does not count: nothing to re-convert)."""
    workflow = region.audit_workflow()
    refused = [s.code for s in workflow.states if s.final and not s.counts]
    return (select(LedgerEntry).where(LedgerEntry.source == LedgerSource.ENROLLMENT.value,
                                      LedgerEntry.enrollment_id.is_not(None), ledger.live(),
                                      LedgerEntry.teacher_id.in_(teacher_ids), LedgerEntry.audit_state.not_in(refused))
            .order_by(LedgerEntry.teacher_id, LedgerEntry.activity_date, LedgerEntry.id))


def teacher_ids(unit: OrgUnit | None = None) -> list[int]:
    """The teachers with a standing entry of a completed training (below ``unit``, if given)."""
    query = (select(LedgerEntry.teacher_id).distinct()
             .where(LedgerEntry.source == LedgerSource.ENROLLMENT.value, LedgerEntry.enrollment_id.is_not(None),
                    ledger.live()).order_by(LedgerEntry.teacher_id))
    if unit is not None:
        query = (query.join(Teacher, LedgerEntry.teacher_id == Teacher.id)
                 .join(OrgUnit, Teacher.school_id == OrgUnit.id)
                 .where(OrgUnit.path.startswith(unit.path, autoescape=True)))
    return list(db.session.scalars(query))


def changes(region: Region, teacher_ids: Sequence[int]) -> list[tuple[Change, LedgerEntry, Enrollment]]:
    """The standing entries of these teachers that the rules in force convert otherwise."""
    entries = list(db.session.scalars(_standing(region, teacher_ids)))
    enrollments = {e.id: e for e in db.session.scalars(
        select(Enrollment).options(selectinload(Enrollment.project))
        .where(Enrollment.id.in_({e.enrollment_id for e in entries})))}
    appealed = set(db.session.scalars(select(Appeal.entry_id).where(
        Appeal.state == OPEN, Appeal.entry_id.in_([e.id for e in entries]))))
    found = []
    for entry in entries:
        enrollment = enrollments[entry.enrollment_id]
        if entry.id in appealed:  # the appeal's answer decides this entry; reversing it would void the appeal
            change = Change(entry.teacher_id, entry.id, entry.title, entry.activity_date, entry.amount,
                            entry.unit, entry.category, None, appealed=True)
            found.append((change, entry, enrollment))
            continue
        try:
            result = region.convert(ledger.activity_for(enrollment), on=enrollment.project.end_date)
        except InvalidInput as refused:
            change = Change(entry.teacher_id, entry.id, entry.title, entry.activity_date, entry.amount,
                            entry.unit, entry.category, None, str(refused))
            found.append((change, entry, enrollment))
            continue
        if (result.amount, result.unit.value, result.category) != (entry.amount, entry.unit, entry.category):
            change = Change(entry.teacher_id, entry.id, entry.title, entry.activity_date, entry.amount,
                            entry.unit, entry.category, result)
            found.append((change, entry, enrollment))
    return found


def preview(region: Region, teacher_ids: Sequence[int]) -> list[Change]:
    """What a re-conversion of these teachers would change (the dry run): nothing is kept.
    Read ``BATCH`` teachers at a time, each batch's objects let go before the next."""
    found = []
    for start in range(0, len(teacher_ids), BATCH):
        found += [change for change, _entry, _enrollment in changes(region, teacher_ids[start:start + BATCH])]
        db.session.expunge_all()
    return found


def reconvert_teacher(region: Region, teacher_id: int, reason: str, actor: User | None = None) -> list[Change]:
    """The use case, for one teacher in one transaction: each of their standing entries that
    the rules in force convert otherwise reversed and entered again as converted now, audited
    with ``reason``; their standing refreshed as the transaction commits. Returns the changes,
    those the rules now refuse included (left as they are)."""
    with use_case():
        lock_teacher(teacher_id)  # an appeal or a correction of this teacher's meanwhile waits, and is seen
        found = changes(region, [teacher_id])
        for change, entry, enrollment in found:
            if change.after is not None:
                ledger.reconverted(entry, enrollment, change.after, actor, reason)
    return [change for change, _entry, _enrollment in found]


def reconvert(region: Region, teacher_ids: Sequence[int], reason: str, actor: User | None = None,
              progress: Callable[[int], None] | None = None) -> list[Change]:
    """``reconvert_teacher`` for each of the teachers in turn (one transaction each)."""
    done = []
    for teacher_id in teacher_ids:
        done += reconvert_teacher(region, teacher_id, reason, actor)
        if progress is not None:
            progress(1)
    return done
