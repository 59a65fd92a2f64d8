"""Whether any duty is asked of a teacher, kept on their standing (``duties_asked``): a teacher
asked nothing is counted apart, not among those with every duty met. Every kept standing is
computed again anyway (the standing's FORMAT changed), so the default only stands until then.

Revision ID: 0033
Revises: 0032
Create Date: 2026-12-06
"""
import sqlalchemy as sa
from alembic import op

revision = "0033"
down_revision = "0032"
branch_labels = None
depends_on = None


def upgrade():
    # ADD COLUMN, not a batch: SQLite would copy teacher_standing, which its duties and purposes refer to
    op.add_column("teacher_standing", sa.Column("duties_asked", sa.Boolean(), nullable=False,
                                                server_default=sa.true()))


def downgrade():
    op.drop_column("teacher_standing", "duties_asked")
