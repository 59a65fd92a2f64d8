"""Assessment scores on enrollments and their weights on projects, for regions that grade
by a weighted composite (weights are set per project). Existing rows get empty objects.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


# Plain ADD/DROP COLUMN (SQLite has both since 3.35): a batch "move and copy" would drop
# tables that the ledger's foreign keys point at.


def upgrade():
    op.add_column("training_project",
                  sa.Column("assessment_weights", sa.JSON(), nullable=False, server_default=sa.text("'{}'")))
    op.add_column("enrollment", sa.Column("scores", sa.JSON(), nullable=False, server_default=sa.text("'{}'")))


def downgrade():
    op.drop_column("enrollment", "scores")
    op.drop_column("training_project", "assessment_weights")
