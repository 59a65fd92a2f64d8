"""Each kept duty of a teacher's standing says whether it was missed (not met only through
periods already ended: history, not a duty open) and the day the last of those periods ended
(``ended_on``; for a duty whose periods have all ended, met or not, the day the last ended;
null while one runs), so the JSON API and the CSV export tell missed history from an open duty.
The rows kept before read as not missed until recomputed: the standing's format changes with
this revision (``portal.domain.standing.FORMAT`` 4), so every kept standing is stale and is
computed again when read, or at once by ``portal standings refresh``.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("standing_duty") as batch:
        batch.add_column(sa.Column("missed", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("ended_on", sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table("standing_duty") as batch:
        batch.drop_column("ended_on")
        batch.drop_column("missed")
