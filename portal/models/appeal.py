from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .teacher import Teacher
from .files import StoredFileColumns
from .types import utcnow


class Appeal(db.Model):
    """A teacher's appeal (申诉) about an entry, a missing entry or a standing, and its answer.

    ``matter_date`` is the day its window runs from (the entry's registration, the missing
    activity's date, the contested year's end). Only ``state`` and the answer's columns
    change, once, through ``services.appeals``; where the appeal is upheld the ledger changes
    by reversal and new entry (``outcome_entry_id``), never in place."""

    __tablename__ = "appeal"
    __table_args__ = (Index("ix_appeal_state_created", "state", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id"), index=True)
    subject: Mapped[str] = mapped_column(String(20))  # entry, missing, standing
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_entry.id"))
    matter_date: Mapped[date]
    statement: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(20), default="open")  # open, upheld, dismissed
    answer: Mapped[str] = mapped_column(Text, default="")
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    answered_at: Mapped[datetime | None]
    outcome_entry_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_entry.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    teacher: Mapped[Teacher] = relationship()
    files: Mapped[list[AppealFile]] = relationship(order_by="AppealFile.id")


class AppealFile(StoredFileColumns, db.Model):
    """A file given with an appeal (证明材料), kept like a claim's evidence; the same file may
    back a claim and the appeal about it, so nothing here is unique but its stored name."""

    __tablename__ = "appeal_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    appeal_id: Mapped[int] = mapped_column(ForeignKey("appeal.id"), index=True)
