from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, event
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .types import utcnow


class AuditEvent(db.Model):
    """A change of state: who did what to which record, with the values before and after.
    Append-only: neither the ORM nor the database (migration 0005) lets an event change."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_subject", "subject_type", "subject_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    action: Mapped[str] = mapped_column(String(40))
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[int]
    org_unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"), index=True)
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)


class AuditTrailIsAppendOnly(RuntimeError):
    pass


@event.listens_for(AuditEvent, "before_update")
def _refuse_edits(_mapper, _connection, _event: AuditEvent) -> None:
    raise AuditTrailIsAppendOnly("audit events are append-only")


@event.listens_for(AuditEvent, "before_delete")
def _refuse_deletes(_mapper, _connection, _event: AuditEvent) -> None:
    raise AuditTrailIsAppendOnly("audit events are append-only")
