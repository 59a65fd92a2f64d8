"""Whether a teacher holds a teacher qualification certificate (教师资格证书), where the
region's documents say whom a training is for by it (kaifeng §二(一) 持有教师资格证书的……在职在岗
教师). Not recorded (NULL) for every teacher kept: no school has said either way.

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-05
"""
import sqlalchemy as sa
from alembic import op

revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None


def upgrade():
    # ADD COLUMN, not a batch: SQLite would copy teacher, which the ledger and the standings refer to
    op.add_column("teacher", sa.Column("qualified", sa.Boolean(), nullable=True))


def downgrade():
    op.drop_column("teacher", "qualified")
