"""``cycle_conclusion.revised_at`` where a database lacks it: 0030 was first committed without
the column and given it two hours later in the same revision, so a database upgraded in
between stood at 0030, then at the head, without it, and every page reading a conclusion
failed (``column cycle_conclusion.revised_at does not exist``). Added where missing; a database
that has it is left as it is. Nothing to undo: 0030's downgrade drops the table.

Revision ID: 0032
Revises: 0031
Create Date: 2026-12-06
"""
import sqlalchemy as sa
from alembic import op

revision = "0032"
down_revision = "0031"
branch_labels = None
depends_on = None


def upgrade():
    columns = {column["name"] for column in sa.inspect(op.get_bind()).get_columns("cycle_conclusion")}
    if "revised_at" not in columns:
        op.add_column("cycle_conclusion", sa.Column("revised_at", sa.DateTime(), nullable=True))


def downgrade():
    pass
