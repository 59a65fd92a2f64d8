"""The conclusion a bureau gives on each teacher's ended cycle (周期审定结论), where the region's
documents have one given: kept once a teacher and cycle, revised by a later run where the
cycle's entries changed since."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .types import Amount, utcnow


class CycleConclusion(db.Model):
    """``passed``: the cycle's own duty met (its total and every condition of it), as the rules in
    force on its last day judged its entries counting at the conclusion; ``counted`` against
    ``required`` in ``unit``, and ``unmet`` the cycle's conditions not met, in words as data.
    Written only by ``services.conclusions``, with its audit event; a later run revises it
    where the cycle's entries have changed since (an upheld appeal, a late registration), the
    values it replaced kept in that run's audit event."""

    __tablename__ = "cycle_conclusion"
    __table_args__ = (UniqueConstraint("teacher_id", "cycle_start", name="uq_cycle_conclusion_teacher_cycle"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id"), index=True)
    cycle_start: Mapped[date]
    cycle_end: Mapped[date]
    passed: Mapped[bool]
    counted: Mapped[Decimal] = mapped_column(Amount)
    required: Mapped[Decimal] = mapped_column(Amount)
    unit: Mapped[str] = mapped_column(String(10))
    unmet: Mapped[list[Any]] = mapped_column(JSON, default=list)
    rule_version: Mapped[str] = mapped_column(String(40))
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"))  # the unit of whoever concluded
    concluded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    concluded_at: Mapped[datetime] = mapped_column(default=utcnow)
    revised_at: Mapped[datetime | None]  # when a later run last changed it: the cycle's entries changed since
