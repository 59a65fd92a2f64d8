"""A project's training materials (培训情况资料): the files its organiser uploads for those who
audit its credits (qingdao 2017 附件1: 承担培训项目单位通过“教师教育平台”上传培训情况资料). A new table;
nothing else changes.

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-05
"""
import sqlalchemy as sa
from alembic import op

revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "project_material",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("stored_as", sa.String(length=64), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["project_id"], ["training_project.id"],
                                name=op.f("fk_project_material_project_id_training_project")),
        sa.ForeignKeyConstraint(["created_by_id"], ["user_account.id"],
                                name=op.f("fk_project_material_created_by_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_material")),
        sa.UniqueConstraint("stored_as", name=op.f("uq_project_material_stored_as")),
        sa.UniqueConstraint("project_id", "digest", name="uq_project_material_project_digest"),
    )
    op.create_index(op.f("ix_project_material_project_id"), "project_material", ["project_id"])


def downgrade():
    op.drop_index(op.f("ix_project_material_project_id"), "project_material")
    op.drop_table("project_material")
