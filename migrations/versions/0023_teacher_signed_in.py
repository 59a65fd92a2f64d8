"""Each teacher keeps when they first signed in, so that counting a unit's registered teachers
(the registration figures) reads the teachers alone, not every session ever opened, and the
index of a school's teachers holds it, so the count reads no teacher's row. Teachers who signed
in before this revision take their first session's time.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("teacher", sa.Column("signed_in_at", sa.DateTime(), nullable=True))
    op.create_index("ix_teacher_school_id_signed_in_at", "teacher", ["school_id", "signed_in_at"])
    op.drop_index("ix_teacher_school_id", "teacher")
    op.execute(
        "UPDATE teacher SET signed_in_at = (SELECT min(s.created_at) FROM user_session s"
        " WHERE s.user_id = teacher.user_id) WHERE user_id IS NOT NULL"
    )


def downgrade():
    op.create_index("ix_teacher_school_id", "teacher", ["school_id"])
    op.drop_index("ix_teacher_school_id_signed_in_at", "teacher")
    op.drop_column("teacher", "signed_in_at")
