from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .types import utcnow


class Job(db.Model):
    """Long work a person started from a page (a sheet of thousands judged, then enrolled),
    run by a background worker. ``params`` is what the work needs; ``result`` what it found,
    for the page that shows it; ``error`` why it failed after its retries. How far a running
    job has got is kept in the queue's storage, not here: a job that writes in one long
    transaction could not also write its progress to the same SQLite file."""

    __tablename__ = "job"
    __table_args__ = (Index("ix_job_user_created", "user_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    state: Mapped[str] = mapped_column(String(20), default="queued")  # queued, running, done, failed
    params: Mapped[dict] = mapped_column(JSON)
    result: Mapped[dict | None] = mapped_column(JSON)
    error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
