from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .teacher import Teacher
from .files import StoredFileColumns
from .types import utcnow


class Claim(db.Model):
    """Credits claimed with evidence outside the portal's projects (a ``ClaimKind`` of the
    region): who for, which kind, who made it. What was claimed (title, date, level, hours
    or credits) is the ledger entry's, converted by the region's rules; a correction is a
    reversal and a new entry of the same claim, so the claim and its evidence never change."""

    __tablename__ = "claim"

    id: Mapped[int] = mapped_column(primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    teacher: Mapped[Teacher] = relationship()
    evidence: Mapped[list[Evidence]] = relationship(back_populates="claim", order_by="Evidence.id")


class Evidence(StoredFileColumns, db.Model):
    """A file that backs a claim, stored outside the web root under ``stored_as`` (a random
    name) and served only to those who may see the claim's entries. ``digest`` is the file's
    SHA-256: the same file backs at most one claim of a teacher (a paper co-written by two
    teachers backs a claim of each)."""

    __tablename__ = "evidence"
    __table_args__ = (UniqueConstraint("teacher_id", "digest", name="uq_evidence_teacher_digest"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id"), index=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    claim: Mapped[Claim] = relationship(back_populates="evidence")
