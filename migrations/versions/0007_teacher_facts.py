"""What the regions' rules need to know of a teacher besides entering post: the end of
probation (转正), a transfer in (新调入) and from where, an exchange or secondment
(城乡交流、挂职、借调: the unit they work at now, while the teacher's school stays their home
unit where credits are registered), and approved leave. Existing teachers get none of them.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

COLUMNS = (
    ("probation_end", sa.Date),
    ("transferred_in", sa.Date),
    ("transferred_from", lambda: sa.String(120)),
    ("exchange_kind", lambda: sa.String(20)),
    ("exchange_unit", lambda: sa.String(120)),
)


def upgrade():
    for name, kind in COLUMNS:
        op.add_column("teacher", sa.Column(name, kind(), nullable=True))
    op.add_column("teacher", sa.Column("leave", sa.JSON(), nullable=False, server_default=sa.text("'[]'")))


def downgrade():
    op.drop_column("teacher", "leave")
    for name, _kind in reversed(COLUMNS):
        op.drop_column("teacher", name)
