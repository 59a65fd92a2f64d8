"""A seat counts in the quota of every unit on the teacher's path that holds one, not only the
nearest: each quota's ``taken`` is counted again as the seats held at or below its unit (the
enrollments whose nearest quota lies there). Where that count exceeds a quota's seats (an
upper unit's quota was filled from below before), its seats are raised to the count, so that
nothing held is lost; the organiser sees it on the quota page. No schema change.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def _recount(levels: bool) -> None:
    bind = op.get_bind()
    quotas = bind.execute(sa.text(
        "SELECT q.id, q.project_id, q.seats, u.path FROM project_quota q JOIN org_unit u ON u.id = q.org_unit_id")).all()
    held = bind.execute(sa.text(
        "SELECT e.quota_id, count(*) FROM enrollment e WHERE e.quota_id IS NOT NULL GROUP BY e.quota_id")).all()
    path_of = {q.id: (q.project_id, q.path) for q in quotas}
    for quota in quotas:
        if levels:
            taken = sum(n for quota_id, n in held
                        if path_of[quota_id][0] == quota.project_id and path_of[quota_id][1].startswith(quota.path))
        else:
            taken = sum(n for quota_id, n in held if quota_id == quota.id)
        bind.execute(sa.text("UPDATE project_quota SET seats = :seats, taken = :taken WHERE id = :id"),
                     {"seats": max(quota.seats, taken), "taken": taken, "id": quota.id})


def upgrade():
    _recount(levels=True)


def downgrade():
    _recount(levels=False)
