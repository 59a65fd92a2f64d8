"""An enrollment moved by a step its region's workflow now gives that role a state of its own
for takes that state: a withdrawal the school made where the teacher's own withdrawal and the
school's were one state, and the region now keeps them apart (who withdrew decides who may
select the training again), reads as the school's.

Each enrollment still in the state its last move (``enrollment.moved`` in the audit trail,
which names the source state and the role that took the step, ``by``) put it in is judged
against the region's enrollment workflow in force: when that workflow no longer lets the role
take the step into that state, and gives the role, from the same state, under the same label,
exactly one step into a state of the same kind (a seat held or not, lapsed, final, counting),
the enrollment takes that state. A region whose workflow still allows every stored move
changes nothing. Each change is recorded as an audit event (``enrollment.restated``, no
actor). No schema change.

Downgrade changes nothing: the states are those of the workflow in force, which a schema
downgrade does not take back.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op
from flask import current_app

from portal.domain import UserRole
from portal.models.types import utcnow

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

audit = sa.table("audit_event", sa.column("id", sa.Integer), sa.column("at", sa.DateTime),
                 sa.column("actor_id", sa.Integer), sa.column("action", sa.String),
                 sa.column("subject_type", sa.String), sa.column("subject_id", sa.Integer),
                 sa.column("org_unit_id", sa.Integer), sa.column("before", sa.JSON), sa.column("after", sa.JSON))
enrollment = sa.table("enrollment", sa.column("id", sa.Integer), sa.column("status", sa.String))


def _kind(state):
    return state.holds_seat, state.lapsed, state.final, state.counts


def restated(workflow, source: str, target: str, role: UserRole) -> str | None:
    """The state ``role``'s step from ``source`` into ``target`` leads to now, where the
    workflow has given that step a state of its own; None where it has not."""
    codes = {s.code for s in workflow.states}
    if source not in codes or target not in codes or workflow.transition(source, target, frozenset({role})):
        return None
    labels = {str(t.label) for t in workflow.transitions if t.source == source and t.target == target}
    now = {t.target for t in workflow.allowed(source, frozenset({role}))
           if str(t.label) in labels and _kind(workflow.state(t.target)) == _kind(workflow.state(target))}
    return now.pop() if len(now) == 1 else None


def upgrade():
    workflow = current_app.extensions["portal.region"].enrollment_workflow()
    bind = op.get_bind()
    moves = bind.execute(sa.select(audit.c.subject_id, audit.c.org_unit_id, audit.c.before, audit.c.after)
                         .where(audit.c.subject_type == "enrollment", audit.c.action == "enrollment.moved")
                         .order_by(audit.c.id)).all()
    last = {move.subject_id: move for move in moves}  # the move that put each enrollment where it is
    status = dict(bind.execute(sa.select(enrollment.c.id, enrollment.c.status)).all())
    events = []
    for enrollment_id, move in last.items():
        stored, by = move.after.get("status"), move.after.get("by")
        if status.get(enrollment_id) != stored or by not in {r.value for r in UserRole}:
            continue
        target = restated(workflow, move.before.get("status"), stored, UserRole(by))
        if target is None:
            continue
        bind.execute(enrollment.update().where(enrollment.c.id == enrollment_id, enrollment.c.status == stored)
                     .values(status=target))
        events.append({"at": utcnow(), "actor_id": None, "action": "enrollment.restated",
                       "subject_type": "enrollment", "subject_id": enrollment_id, "org_unit_id": move.org_unit_id,
                       "before": {"status": stored}, "after": {"status": target, "by": by}})
    if events:
        bind.execute(audit.insert(), events)


def downgrade():
    pass
