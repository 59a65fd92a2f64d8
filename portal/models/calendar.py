from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .types import utcnow


class SelectionPhase(db.Model):
    """One phase of the selection calendar the bureau runs (选课进程): seeded from the region's
    defaults (``portal_selection_calendar``), its dates edited in the portal. ``label`` is a
    stored ``Text``; ``actors`` the roles that act in it."""

    __tablename__ = "selection_phase"
    __table_args__ = (CheckConstraint("end_date >= start_date", name="dates"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    label: Mapped[dict] = mapped_column(JSON)
    start_date: Mapped[date]
    end_date: Mapped[date]
    actors: Mapped[list[str]] = mapped_column(JSON, default=list)
    source: Mapped[str] = mapped_column(String(500), default="")
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
