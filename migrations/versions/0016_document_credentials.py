"""A transcript's verifiable credential (Open Badges 3.0, VC-JWT), signed and kept when the
transcript is issued, as its PDF is.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("issued_document") as batch:
        batch.add_column(sa.Column("credential", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("issued_document") as batch:
        batch.drop_column("credential")
