"""Whether a duty of a teacher's standing asks nothing of them now (``Finding.exempt``: a new
teacher's first school year), kept on its row so the standings API says so rather than reading it
as met. Every kept standing is computed again anyway (the standing's FORMAT changed), so the
default only stands until then.

Revision ID: 0036
Revises: 0035
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

revision = "0036"
down_revision = "0035"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("standing_duty", sa.Column("exempt", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade():
    with op.batch_alter_table("standing_duty") as batch:
        batch.drop_column("exempt")
