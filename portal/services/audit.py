"""The audit trail: one event for every change of state."""
from __future__ import annotations

from ..extensions import db
from ..models import AuditEvent, User


def record_event(
    actor: User | None,
    action: str,
    subject,
    *,
    before: dict | None = None,
    after: dict | None = None,
    org_unit_id: int | None = None,
) -> AuditEvent:
    """Add an audit event for ``subject`` (a model instance with an id) to the session: a
    building block of every use case that changes state, which commits it with the change."""
    db.session.flush()
    event = AuditEvent(
        actor_id=actor.id if actor else None,
        action=action,
        subject_type=subject.__tablename__,
        subject_id=subject.id,
        org_unit_id=org_unit_id,
        before=before,
        after=after,
    )
    db.session.add(event)
    return event
