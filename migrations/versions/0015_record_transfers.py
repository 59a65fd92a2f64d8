"""Records brought from another region's portal: each signed record imported, and each of its
entries with the ledger entry it became here (the origin unique, so no entry twice).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "record_transfer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("issuer", sa.String(length=64), nullable=False),
        sa.Column("issuer_name", sa.String(length=120), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("signed_at", sa.DateTime(), nullable=False),
        sa.Column("entries", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("imported_by_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["teacher_id"], ["teacher.id"], name=op.f("fk_record_transfer_teacher_id_teacher")),
        sa.ForeignKeyConstraint(["imported_by_id"], ["user_account.id"],
                                name=op.f("fk_record_transfer_imported_by_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_record_transfer")),
        sa.UniqueConstraint("teacher_id", "digest", name=op.f("uq_record_transfer_teacher_id_digest")),
    )
    op.create_index(op.f("ix_record_transfer_teacher_id"), "record_transfer", ["teacher_id"])
    op.create_table(
        "transferred_entry",
        sa.Column("origin", sa.String(length=120), nullable=False),
        sa.Column("transfer_id", sa.Integer(), nullable=False),
        sa.Column("ledger_entry_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["transfer_id"], ["record_transfer.id"],
                                name=op.f("fk_transferred_entry_transfer_id_record_transfer")),
        sa.ForeignKeyConstraint(["ledger_entry_id"], ["ledger_entry.id"],
                                name=op.f("fk_transferred_entry_ledger_entry_id_ledger_entry")),
        sa.PrimaryKeyConstraint("origin", name=op.f("pk_transferred_entry")),
    )
    op.create_index(op.f("ix_transferred_entry_transfer_id"), "transferred_entry", ["transfer_id"])


def downgrade():
    op.drop_index(op.f("ix_transferred_entry_transfer_id"), "transferred_entry")
    op.drop_table("transferred_entry")
    op.drop_index(op.f("ix_record_transfer_teacher_id"), "record_transfer")
    op.drop_table("record_transfer")
