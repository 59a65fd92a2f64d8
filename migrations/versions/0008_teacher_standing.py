"""Each teacher's standing as the region's rules answered it, kept so that every list,
dashboard and report reads the figures the teacher's own page shows. The tables start
empty: a standing is computed on first read, by any change to the teacher's ledger or
facts, or in bulk by ``portal standings refresh`` (run it after upgrading).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

AMOUNT = sa.Numeric(10, 2, asdecimal=True)


def upgrade():
    op.create_table(
        "teacher_standing",
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("rule_version", sa.String(40), nullable=False),
        sa.Column("computed_at", sa.DateTime(), nullable=False),
        sa.Column("unit", sa.String(10), nullable=False),
        sa.Column("cycle_start", sa.Date(), nullable=False),
        sa.Column("cycle_end", sa.Date(), nullable=False),
        sa.Column("cycle_required", AMOUNT, nullable=False),
        sa.Column("cycle_earned", AMOUNT, nullable=False),
        sa.Column("cycle_counted", AMOUNT, nullable=False),
        sa.Column("cycle_met", sa.Boolean(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("year_start", sa.Date(), nullable=False),
        sa.Column("year_end", sa.Date(), nullable=False),
        sa.Column("year_required", AMOUNT, nullable=True),
        sa.Column("year_earned", AMOUNT, nullable=False),
        sa.Column("year_met", sa.Boolean(), nullable=False),
        sa.Column("open_duties", sa.Integer(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["teacher_id"], ["teacher.id"], name="fk_teacher_standing_teacher_id_teacher",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("teacher_id", name="pk_teacher_standing"),
    )
    op.create_index("ix_teacher_standing_current", "teacher_standing", ["fingerprint", "valid_until"])
    op.create_index("ix_teacher_standing_cycle_met", "teacher_standing", ["cycle_met"])
    op.create_index("ix_teacher_standing_year_met", "teacher_standing", ["year_met"])
    op.create_table(
        "standing_duty",
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(60), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.Column("cap", sa.Boolean(), nullable=False),
        sa.Column("shortfall", AMOUNT, nullable=True),
        sa.ForeignKeyConstraint(["teacher_id"], ["teacher_standing.teacher_id"],
                                name="fk_standing_duty_teacher_id_teacher_standing", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("teacher_id", "code", name="pk_standing_duty"),
    )
    op.create_index("ix_standing_duty_code_ok", "standing_duty", ["code", "ok"])
    op.create_table(
        "standing_purpose",
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(60), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["teacher_id"], ["teacher_standing.teacher_id"],
                                name="fk_standing_purpose_teacher_id_teacher_standing", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("teacher_id", "purpose", name="pk_standing_purpose"),
    )
    op.create_index("ix_standing_purpose_purpose_ok", "standing_purpose", ["purpose", "ok"])


def downgrade():
    op.drop_table("standing_purpose")
    op.drop_table("standing_duty")
    op.drop_index("ix_teacher_standing_year_met", "teacher_standing")
    op.drop_index("ix_teacher_standing_cycle_met", "teacher_standing")
    op.drop_index("ix_teacher_standing_current", "teacher_standing")
    op.drop_table("teacher_standing")
