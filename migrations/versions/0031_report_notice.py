"""A report's figures published to the units below (通报): a new table; nothing else changes.

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-05
"""
import sqlalchemy as sa
from alembic import op

revision = "0031"
down_revision = "0030"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "report_notice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_code", sa.String(length=60), nullable=False),
        sa.Column("org_unit_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("rows", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("published_by_id", sa.Integer(), nullable=True),
        sa.Column("published_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["org_unit_id"], ["org_unit.id"], name=op.f("fk_report_notice_org_unit_id_org_unit")),
        sa.ForeignKeyConstraint(["published_by_id"], ["user_account.id"],
                                name=op.f("fk_report_notice_published_by_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_notice")),
    )
    op.create_index(op.f("ix_report_notice_org_unit_id"), "report_notice", ["org_unit_id"])
    op.create_index("ix_report_notice_published_at", "report_notice", ["published_at"])


def downgrade():
    op.drop_index("ix_report_notice_published_at", "report_notice")
    op.drop_index(op.f("ix_report_notice_org_unit_id"), "report_notice")
    op.drop_table("report_notice")
