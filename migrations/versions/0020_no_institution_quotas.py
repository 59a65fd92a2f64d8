"""No quota is held by a training institution: it holds no teachers, so a quota there holds
seats nobody can take and, being a quota, shuts out every teacher whose units hold none. The
quota page no longer offers one there (an institution's project allocates to the bureau above
it and the units below), and each one an institution gave its own unit before is removed as
the quota service removes a quota: the enrollments anchored at it are anchored at the quota of
the nearest unit above it holding one for the project (which counts them already), or at none.
Each project so changed is recorded as an audit event (``project.quotas``, no actor). No
schema change.

Downgrade changes nothing: the quotas removed shut out every teacher and are not put back.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

from portal.models.types import utcnow

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

audit = sa.table("audit_event", sa.column("id", sa.Integer), sa.column("at", sa.DateTime),
                 sa.column("actor_id", sa.Integer), sa.column("action", sa.String),
                 sa.column("subject_type", sa.String), sa.column("subject_id", sa.Integer),
                 sa.column("org_unit_id", sa.Integer), sa.column("before", sa.JSON), sa.column("after", sa.JSON))


def _ancestors(path: str) -> set[str]:
    ids = [p for p in path.split("/") if p]
    return {"/" + "/".join(ids[:n]) + "/" for n in range(1, len(ids) + 1)}


def upgrade():
    bind = op.get_bind()
    quotas = bind.execute(sa.text(
        "SELECT q.id, q.project_id, q.org_unit_id, q.seats, u.path, u.kind FROM project_quota q "
        "JOIN org_unit u ON u.id = q.org_unit_id ORDER BY q.project_id, q.id")).all()
    gone = [q for q in quotas if q.kind == "institution"]
    if not gone:
        return
    organiser = dict(bind.execute(sa.text("SELECT id, organiser_id FROM training_project WHERE id IN :ids")
                                  .bindparams(sa.bindparam("ids", expanding=True)),
                                  {"ids": sorted({q.project_id for q in gone})}).all())
    events = []
    for project_id in sorted(organiser):
        held = [q for q in quotas if q.project_id == project_id]
        kept = [q for q in held if q.kind != "institution"]
        for quota in (q for q in held if q.kind == "institution"):
            paths = _ancestors(quota.path) - {quota.path}
            above = max((q for q in kept if q.path in paths), key=lambda q: len(q.path), default=None)
            bind.execute(sa.text("UPDATE enrollment SET quota_id = :above WHERE quota_id = :id"),
                         {"above": above.id if above else None, "id": quota.id})
            bind.execute(sa.text("DELETE FROM project_quota WHERE id = :id"), {"id": quota.id})
        events.append({"at": utcnow(), "actor_id": None, "action": "project.quotas",
                       "subject_type": "training_project", "subject_id": project_id,
                       "org_unit_id": organiser[project_id],
                       "before": {"quotas": {str(q.org_unit_id): q.seats for q in held}},
                       "after": {"quotas": {str(q.org_unit_id): q.seats for q in kept}}})
    bind.execute(audit.insert(), events)


def downgrade():
    pass
