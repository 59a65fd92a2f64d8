"""The conclusion a bureau gives on each teacher's ended cycle (周期审定结论: shanxi §二(四)
各市教育行政部门……给出验审结论, §五(二) 经市级审定之后，将审定结果反馈至学校和教师本人). A new
table (``revised_at``: when a later run last changed the conclusion, the cycle's entries having
changed since); nothing else changes.

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-05
"""
import sqlalchemy as sa
from alembic import op

revision = "0030"
down_revision = "0029"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "cycle_conclusion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("cycle_start", sa.Date(), nullable=False),
        sa.Column("cycle_end", sa.Date(), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("counted", sa.Numeric(precision=10, scale=2), nullable=False),
        sa.Column("required", sa.Numeric(precision=10, scale=2), nullable=False),
        sa.Column("unit", sa.String(length=10), nullable=False),
        sa.Column("unmet", sa.JSON(), nullable=False),
        sa.Column("rule_version", sa.String(length=40), nullable=False),
        sa.Column("org_unit_id", sa.Integer(), nullable=False),
        sa.Column("concluded_by_id", sa.Integer(), nullable=True),
        sa.Column("concluded_at", sa.DateTime(), nullable=False),
        sa.Column("revised_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["teacher_id"], ["teacher.id"], name=op.f("fk_cycle_conclusion_teacher_id_teacher")),
        sa.ForeignKeyConstraint(["org_unit_id"], ["org_unit.id"], name=op.f("fk_cycle_conclusion_org_unit_id_org_unit")),
        sa.ForeignKeyConstraint(["concluded_by_id"], ["user_account.id"],
                                name=op.f("fk_cycle_conclusion_concluded_by_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cycle_conclusion")),
        sa.UniqueConstraint("teacher_id", "cycle_start", name="uq_cycle_conclusion_teacher_cycle"),
    )
    op.create_index(op.f("ix_cycle_conclusion_teacher_id"), "cycle_conclusion", ["teacher_id"])


def downgrade():
    op.drop_index(op.f("ix_cycle_conclusion_teacher_id"), "cycle_conclusion")
    op.drop_table("cycle_conclusion")
