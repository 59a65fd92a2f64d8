"""Each kept duty of a teacher's standing keeps the duty as asked of that teacher where it
differs from the duty's own label (修满 240 学分 for a teacher in post four years of the five,
where the duty reads 360), so the teacher export names the duty as the teacher's page does.
The rows kept before have none and read under the duty's label until recomputed: the
standing's format changes with this revision (``portal.domain.standing.FORMAT`` 5), so every
kept standing is stale and is computed again when read, or at once by ``portal standings
refresh``.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("standing_duty") as batch:
        batch.add_column(sa.Column("label", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("standing_duty") as batch:
        batch.drop_column("label")
