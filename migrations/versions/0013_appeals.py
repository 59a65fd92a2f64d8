"""Appeals (申诉): a teacher contests an entry, a missing entry or a standing, with files;
the responsible level answers, and an upheld appeal names the entry it entered.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "appeal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=20), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=True),
        sa.Column("matter_date", sa.Date(), nullable=False),
        sa.Column("statement", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.Column("outcome_entry_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["teacher_id"], ["teacher.id"], name=op.f("fk_appeal_teacher_id_teacher")),
        sa.ForeignKeyConstraint(["entry_id"], ["ledger_entry.id"], name=op.f("fk_appeal_entry_id_ledger_entry")),
        sa.ForeignKeyConstraint(["outcome_entry_id"], ["ledger_entry.id"],
                                name=op.f("fk_appeal_outcome_entry_id_ledger_entry")),
        sa.ForeignKeyConstraint(["answered_by_id"], ["user_account.id"],
                                name=op.f("fk_appeal_answered_by_id_user_account")),
        sa.ForeignKeyConstraint(["created_by_id"], ["user_account.id"],
                                name=op.f("fk_appeal_created_by_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appeal")),
    )
    op.create_index(op.f("ix_appeal_teacher_id"), "appeal", ["teacher_id"])
    op.create_index("ix_appeal_state_created", "appeal", ["state", "created_at"])
    op.create_table(
        "appeal_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("appeal_id", sa.Integer(), nullable=False),
        sa.Column("stored_as", sa.String(length=64), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["appeal_id"], ["appeal.id"], name=op.f("fk_appeal_file_appeal_id_appeal")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appeal_file")),
        sa.UniqueConstraint("stored_as", name=op.f("uq_appeal_file_stored_as")),
    )
    op.create_index(op.f("ix_appeal_file_appeal_id"), "appeal_file", ["appeal_id"])


def downgrade():
    op.drop_index(op.f("ix_appeal_file_appeal_id"), "appeal_file")
    op.drop_table("appeal_file")
    op.drop_index("ix_appeal_state_created", "appeal")
    op.drop_index(op.f("ix_appeal_teacher_id"), "appeal")
    op.drop_table("appeal")
