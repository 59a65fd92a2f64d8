from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from flask import current_app
from sqlalchemy import JSON, ForeignKey, Index, String, event, text
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from ..domain import ActivityRole, Workflow
from ..extensions import db
from .teacher import Teacher
from .types import Amount, utcnow


REVERSAL = text("reverses_id IS NOT NULL")
# An enrollment's or a claim's first entry: neither a reversal nor a correction.
FIRST_OF_ENROLLMENT = text("enrollment_id IS NOT NULL AND reverses_id IS NULL AND corrects_id IS NULL")
FIRST_OF_CLAIM = text("claim_id IS NOT NULL AND reverses_id IS NULL AND corrects_id IS NULL")
CORRECTION = text("corrects_id IS NOT NULL")
IMPORTED = text("import_key IS NOT NULL")


class LedgerExplanation(db.Model):
    """The steps that worked out an entry's amount, kept once however many entries they
    explain: every teacher of a project usually gets the same ones. ``digest`` is the
    SHA-256 of the steps as canonical JSON (services/ledger.py). Append-only, like the
    entries that name it."""

    __tablename__ = "ledger_explanation"

    id: Mapped[int] = mapped_column(primary_key=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    steps: Mapped[list[dict]] = mapped_column(JSON)


class LedgerEntry(db.Model):
    """One append-only line of a teacher's credit ledger.

    Nothing but ``audit_state`` changes after insert, and only along the region's audit
    workflow. A correction is two new entries: a reversal, whose ``reverses_id`` names the
    entry it cancels, with the opposite amount, and the corrected entry, whose
    ``corrects_id`` names the same entry. The same credit is never entered twice: an
    enrollment or a claim has one first entry, each entry is corrected at most once, and a
    historical credit imported from a sheet is entered once (``import_key``).
    """

    __tablename__ = "ledger_entry"
    __table_args__ = (
        Index("ix_ledger_entry_teacher_date", "teacher_id", "activity_date"),
        # Review queues find entries by state; counted totals ask for a state and teachers.
        # With both columns the index serves either, whichever a planner without statistics
        # picks (audit_state alone matches most of the ledger: SQLite walked it all).
        Index("ix_ledger_entry_state_teacher", "audit_state", "teacher_id"),
        # Only reversals are indexed: a condition "reverses_id IS NULL" (every entry that is
        # not a reversal) can then never be planned as a walk along this index.
        Index("uq_ledger_entry_reverses_id", "reverses_id", unique=True,
              sqlite_where=REVERSAL, postgresql_where=REVERSAL),
        Index("uq_ledger_entry_enrollment_first", "enrollment_id", unique=True,
              sqlite_where=FIRST_OF_ENROLLMENT, postgresql_where=FIRST_OF_ENROLLMENT),
        Index("uq_ledger_entry_claim_first", "claim_id", unique=True,
              sqlite_where=FIRST_OF_CLAIM, postgresql_where=FIRST_OF_CLAIM),
        Index("uq_ledger_entry_corrects_id", "corrects_id", unique=True,
              sqlite_where=CORRECTION, postgresql_where=CORRECTION),
        Index("uq_ledger_entry_import_key", "import_key", unique=True,
              sqlite_where=IMPORTED, postgresql_where=IMPORTED),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id"))
    source: Mapped[str] = mapped_column(String(20))
    enrollment_id: Mapped[int | None] = mapped_column(ForeignKey("enrollment.id"), index=True)
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claim.id"), index=True)
    activity_date: Mapped[date]
    hours: Mapped[Decimal | None] = mapped_column(Amount)
    amount: Mapped[Decimal] = mapped_column(Amount)
    unit: Mapped[str] = mapped_column(String(10))
    category: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    facts: Mapped[dict] = mapped_column(JSON, default=dict)
    explanation_id: Mapped[int] = mapped_column(ForeignKey("ledger_explanation.id"))
    rule_version: Mapped[str] = mapped_column(String(40))
    audit_state: Mapped[str] = mapped_column(String(30))
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_entry.id"))
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_entry.id"))
    import_key: Mapped[str | None] = mapped_column(String(32))  # a historical credit's row, hashed: unique
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    teacher: Mapped[Teacher] = relationship()
    # Loaded with the entries, in one more query for a whole list; the rules never read it
    # (services/ledger.records_for leaves it out).
    explanation: Mapped[LedgerExplanation] = relationship(lazy="selectin")

    # The state doubles as the version: an UPDATE changes it only WHERE it is still the state
    # the writer read, so two reviewers acting at once cannot both move the entry (the
    # second gets StaleDataError).
    __mapper_args__ = {"version_id_col": audit_state, "version_id_generator": False}

    @property
    def steps(self) -> list[dict]:
        return self.explanation.steps

    @property
    def activity_role(self) -> str | None:
        """What the teacher did in the activity credited, where it was not attending it
        (taught, mentored, presented), as the activity kept in the facts says; else None."""
        role = (self.facts or {}).get("role")
        return role if role and role != ActivityRole.PARTICIPANT.value else None


class LedgerIsAppendOnly(RuntimeError):
    pass


class AuditStateRefused(ValueError):
    """An entry created in a state the region's audit workflow does not declare, or moved
    along a step it does not declare."""


def check_audit_state(workflow: Workflow, source: str | None, target: str) -> None:
    """Refuse an entry created in ``target`` (``source`` None) unless the workflow declares
    that state, or moved from ``source`` to ``target`` unless it declares that step."""
    if source is None:
        if target not in {s.code for s in workflow.states}:
            raise AuditStateRefused(f"{target!r} is not a state of the audit workflow")
    elif not any(t.source == source and t.target == target for t in workflow.transitions):
        raise AuditStateRefused(f"the audit workflow has no step from {source!r} to {target!r}")


def _app_workflow() -> Workflow:
    return current_app.extensions["portal.region"].audit_workflow()


@event.listens_for(LedgerEntry, "before_insert")
def _check_new_state(_mapper, _connection, entry: LedgerEntry) -> None:
    check_audit_state(_app_workflow(), None, entry.audit_state)


@event.listens_for(LedgerEntry, "before_update")
def _refuse_edits(_mapper, _connection, entry: LedgerEntry) -> None:
    state = db.inspect(entry)
    changed = {attr.key for attr in state.attrs if attr.history.has_changes()}
    if changed - {"audit_state"}:
        raise LedgerIsAppendOnly(f"ledger entries are append-only; tried to change {sorted(changed)}")
    history = state.attrs.audit_state.history
    if history.has_changes():
        check_audit_state(_app_workflow(), history.deleted[0], entry.audit_state)


@event.listens_for(LedgerEntry, "before_delete")
def _refuse_deletes(_mapper, _connection, _entry: LedgerEntry) -> None:
    raise LedgerIsAppendOnly("ledger entries are append-only; reverse an entry instead")


@event.listens_for(LedgerExplanation, "before_update")
@event.listens_for(LedgerExplanation, "before_delete")
def _refuse_explanation_changes(_mapper, _connection, _explanation: LedgerExplanation) -> None:
    raise LedgerIsAppendOnly("ledger explanations are append-only")


@event.listens_for(Session, "do_orm_execute")
def _check_bulk_writes(execute_state) -> None:
    """Bulk statements skip the mapper events above. A bulk UPDATE or DELETE is refused
    (entries move one at a time); a bulk INSERT must give each row's state as a parameter."""
    if execute_state.bind_mapper is LedgerExplanation.__mapper__ and (execute_state.is_update or execute_state.is_delete):
        raise LedgerIsAppendOnly("ledger explanations are append-only")
    if execute_state.bind_mapper is not LedgerEntry.__mapper__:
        return
    if execute_state.is_update or execute_state.is_delete:
        raise LedgerIsAppendOnly("ledger entries move one at a time, through the ORM")
    if execute_state.is_insert:
        rows = execute_state.parameters
        if not rows:
            raise AuditStateRefused("a bulk insert of ledger entries gives each row's audit state as a parameter")
        workflow = _app_workflow()
        for row in [rows] if isinstance(rows, dict) else rows:
            check_audit_state(workflow, None, row.get("audit_state"))
