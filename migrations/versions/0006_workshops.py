"""Workshops (工作坊): one subject at one school stage below an org unit, with its leader,
who sees only the teachers of their workshops. A new table: existing rows are untouched.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "workshop",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_unit_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("subject", sa.String(length=40), nullable=False),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("leader_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["leader_id"], ["user_account.id"], name=op.f("fk_workshop_leader_id_user_account")),
        sa.ForeignKeyConstraint(["org_unit_id"], ["org_unit.id"], name=op.f("fk_workshop_org_unit_id_org_unit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workshop")),
    )
    op.create_index(op.f("ix_workshop_leader_id"), "workshop", ["leader_id"], unique=False)
    op.create_index(op.f("ix_workshop_org_unit_id"), "workshop", ["org_unit_id"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_workshop_org_unit_id"), table_name="workshop")
    op.drop_index(op.f("ix_workshop_leader_id"), table_name="workshop")
    op.drop_table("workshop")
