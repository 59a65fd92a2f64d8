from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, ForeignKey, Index, String, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .teacher import Teacher
from .types import Amount, utcnow


class LedgerEntry(db.Model):
    """One append-only line of a teacher's credit ledger.

    Nothing but ``audit_state`` changes after insert; a correction is a new entry whose
    ``reverses_id`` names the entry it cancels, with the opposite amount.
    """

    __tablename__ = "ledger_entry"
    __table_args__ = (Index("ix_ledger_entry_teacher_date", "teacher_id", "activity_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id"))
    source: Mapped[str] = mapped_column(String(20))
    enrollment_id: Mapped[int | None] = mapped_column(ForeignKey("enrollment.id"), index=True)
    activity_date: Mapped[date]
    hours: Mapped[Decimal | None] = mapped_column(Amount)
    amount: Mapped[Decimal] = mapped_column(Amount)
    unit: Mapped[str] = mapped_column(String(10))
    category: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    facts: Mapped[dict] = mapped_column(JSON, default=dict)
    steps: Mapped[list[dict]] = mapped_column(JSON, default=list)
    rule_version: Mapped[str] = mapped_column(String(40))
    audit_state: Mapped[str] = mapped_column(String(30), index=True)
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_entry.id"), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    teacher: Mapped[Teacher] = relationship()


class LedgerIsAppendOnly(RuntimeError):
    pass


@event.listens_for(LedgerEntry, "before_update")
def _refuse_edits(_mapper, _connection, entry: LedgerEntry) -> None:
    state = db.inspect(entry)
    changed = {attr.key for attr in state.attrs if attr.history.has_changes()}
    if changed - {"audit_state"}:
        raise LedgerIsAppendOnly(f"ledger entries are append-only; tried to change {sorted(changed)}")


@event.listens_for(LedgerEntry, "before_delete")
def _refuse_deletes(_mapper, _connection, _entry: LedgerEntry) -> None:
    raise LedgerIsAppendOnly("ledger entries are append-only; reverse an entry instead")
