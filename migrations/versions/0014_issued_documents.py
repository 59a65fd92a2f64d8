"""Issued documents (学分证明): a transcript's PDF frozen when issued, with its hash, its
public verification code, and whether it was revoked or superseded by a newer one.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "issued_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("stored_as", sa.String(length=64), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("issued_by_id", sa.Integer(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("superseded_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["teacher_id"], ["teacher.id"], name=op.f("fk_issued_document_teacher_id_teacher")),
        sa.ForeignKeyConstraint(["issued_by_id"], ["user_account.id"],
                                name=op.f("fk_issued_document_issued_by_id_user_account")),
        sa.ForeignKeyConstraint(["superseded_by_id"], ["issued_document.id"],
                                name=op.f("fk_issued_document_superseded_by_id_issued_document")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issued_document")),
        sa.UniqueConstraint("code", name=op.f("uq_issued_document_code")),
        sa.UniqueConstraint("stored_as", name=op.f("uq_issued_document_stored_as")),
    )
    op.create_index("ix_issued_document_teacher_kind", "issued_document",
                    ["teacher_id", "kind", "period_start", "period_end"])


def downgrade():
    op.drop_index("ix_issued_document_teacher_kind", "issued_document")
    op.drop_table("issued_document")
