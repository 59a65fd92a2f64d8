"""A school may be privately run (民办): where the region's documents say so, the teachers of
such a school have their credits registered by the bureau of the district or county it sits
in rather than by the school (shanxi §五(一) 民办中小学、幼儿园教师……实行属地管理制度，由所在
区县教师继续教育管理部门登记审核). Every unit kept is publicly run until an import says otherwise.

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-05
"""
import sqlalchemy as sa
from alembic import op

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None


def upgrade():
    # ADD COLUMN, not a batch: SQLite would copy org_unit, which most tables refer to
    op.add_column("org_unit", sa.Column("private", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade():
    op.drop_column("org_unit", "private")
