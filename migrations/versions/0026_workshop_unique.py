"""One workshop per subject and school stage below a unit, kept by the database: the service
checked before inserting, but two admins setting the same workshop up at the same moment both
passed the check (on PostgreSQL, where nothing runs them one after the other), and the
teachers then had two workshops and two leaders. A unique index on (org_unit_id, subject,
stage) refuses the later one; the three columns are NOT NULL and the subject is kept trimmed
as the service compares it, so the index refuses exactly what the check refuses.

Twins set up before this revision: the oldest of each set (first set up; the lower id at the
same moment) is kept, and each later one removed as an admin removes a workshop (nothing
refers to a workshop: its members are not stored). Its settings, its leader and the leader's
summary are recorded in a ``workshop.removed`` audit event (no actor) naming the workshop kept.

Downgrade drops the index; the twins removed are not put back.

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-05
"""
import sqlalchemy as sa
from alembic import op

from portal.models.types import utcnow

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None

INDEX = "uq_workshop_org_unit_id_subject_stage"

audit = sa.table("audit_event", sa.column("id", sa.Integer), sa.column("at", sa.DateTime),
                 sa.column("actor_id", sa.Integer), sa.column("action", sa.String),
                 sa.column("subject_type", sa.String), sa.column("subject_id", sa.Integer),
                 sa.column("org_unit_id", sa.Integer), sa.column("before", sa.JSON), sa.column("after", sa.JSON))


def upgrade():
    bind = op.get_bind()
    workshops = bind.execute(sa.text(
        "SELECT w.id, w.org_unit_id, w.name, w.subject, w.stage, w.summary, u.code, a.username FROM workshop w"
        " JOIN org_unit u ON u.id = w.org_unit_id JOIN user_account a ON a.id = w.leader_id"
        " WHERE EXISTS (SELECT 1 FROM workshop t WHERE t.org_unit_id = w.org_unit_id AND t.subject = w.subject"
        " AND t.stage = w.stage AND t.id <> w.id)"
        " ORDER BY w.org_unit_id, w.subject, w.stage, w.created_at, w.id")).all()
    kept: dict[tuple, int] = {}
    events = []
    for w in workshops:
        first = kept.setdefault((w.org_unit_id, w.subject, w.stage), w.id)
        if first == w.id:
            continue
        bind.execute(sa.text("DELETE FROM workshop WHERE id = :id"), {"id": w.id})
        events.append({"at": utcnow(), "actor_id": None, "action": "workshop.removed", "subject_type": "workshop",
                       "subject_id": w.id, "org_unit_id": w.org_unit_id,
                       "before": {"name": w.name, "org_unit": w.code, "subject": w.subject, "stage": w.stage,
                                  "leader": w.username, "summary": w.summary},
                       "after": {"duplicate_of": first}})
    if events:
        bind.execute(audit.insert(), events)
    op.create_index(INDEX, "workshop", ["org_unit_id", "subject", "stage"], unique=True)


def downgrade():
    op.drop_index(INDEX, table_name="workshop")
