from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .teacher import Teacher
from .types import utcnow


class IssuedDocument(db.Model):
    """A document issued to a teacher (a transcript, 学分证明), frozen when issued: its PDF
    is kept under a random name (``stored_as``) with its SHA-256, and never made again.

    ``code`` is the public code its QR code carries to the verification page. Issued again
    for the same period, the newer one supersedes it (``superseded_by_id``); an admin may
    revoke it (``revoked_at``, the reason in its audit event). Only those two columns change,
    through ``services.transcripts``."""

    __tablename__ = "issued_document"
    __table_args__ = (Index("ix_issued_document_teacher_kind", "teacher_id", "kind", "period_start", "period_end"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id"))
    kind: Mapped[str] = mapped_column(String(20))  # "transcript"
    period_start: Mapped[date]
    period_end: Mapped[date]
    sha256: Mapped[str] = mapped_column(String(64))
    stored_as: Mapped[str] = mapped_column(String(64), unique=True)
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    revoked_at: Mapped[datetime | None]
    superseded_by_id: Mapped[int | None] = mapped_column(ForeignKey("issued_document.id"))
    credential: Mapped[str | None] = mapped_column(Text)  # a transcript's VC-JWT, signed when issued

    teacher: Mapped[Teacher] = relationship()
