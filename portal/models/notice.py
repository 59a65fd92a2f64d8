"""A report's figures published to the units below its unit (通报): kept as they were that day."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .org import OrgUnit
from .types import utcnow


class ReportNotice(db.Model):
    """``rows``: a row per unit (or workshop) of the report as it stood on ``day``, each its
    name, its unit's id and its ``ScopeSummary`` as data, so the page shows the same figures
    in the reader's language whatever has happened since. Written only by ``services.notices``,
    with its audit event."""

    __tablename__ = "report_notice"
    __table_args__ = (Index("ix_report_notice_published_at", "published_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_code: Mapped[str] = mapped_column(String(60))
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)
    day: Mapped[date]  # the figures' day
    rows: Mapped[list[Any]] = mapped_column(JSON)
    note: Mapped[str] = mapped_column(Text, default="")  # the publisher's words
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    published_at: Mapped[datetime] = mapped_column(default=utcnow)

    unit: Mapped[OrgUnit] = relationship(lazy="joined")
