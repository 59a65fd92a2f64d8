"""Whether an account's password was chosen by someone else (an admin's new account or
password reset, the first admin of `portal setup`): its holder then chooses their own at the
next sign-in before anything else. Every account kept is left as it is (not asked): nobody
can tell now who chose its password, and its holder has used it.

Revision ID: 0035
Revises: 0034
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

revision = "0035"
down_revision = "0034"
branch_labels = None
depends_on = None


def upgrade():
    # ADD COLUMN, not a batch: SQLite would copy user_account, which most tables refer to
    op.add_column("user_account", sa.Column("must_change_password", sa.Boolean(), nullable=False,
                                            server_default=sa.false()))


def downgrade():
    op.drop_column("user_account", "must_change_password")
