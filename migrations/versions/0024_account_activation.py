"""Activation codes: a teacher imported without an account opens it once with a code the
school hands out, choosing a username and password. Only the code's hash is kept.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-05
"""
import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "account_activation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["teacher_id"], ["teacher.id"], name=op.f("fk_account_activation_teacher_id_teacher"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_activation")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_account_activation_code_hash")),
        sa.UniqueConstraint("teacher_id", name=op.f("uq_account_activation_teacher_id")),
    )


def downgrade():
    op.drop_table("account_activation")
