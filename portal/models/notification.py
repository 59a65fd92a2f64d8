from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .types import utcnow


class Notification(db.Model):
    """A message to one user about a change they should know of (their enrollment approved,
    a project to review), shown in their list until read. ``message`` is a stored ``Text``
    (``portal.domain.text``), put into words in the reader's language; ``link`` the page it
    is about."""

    __tablename__ = "notification"
    __table_args__ = (Index("ix_notification_user_unread", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[int]
    message: Mapped[dict] = mapped_column(JSON)
    link: Mapped[str] = mapped_column(String(200), default="")
    read_at: Mapped[datetime | None]
