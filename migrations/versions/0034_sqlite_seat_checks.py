"""SQLite's training projects refuse negative seats taken and fewer than one class, as
PostgreSQL's checks do (0010 added ``ck_training_project_taken`` and ``_classes`` there only: a
check cannot be added to an SQLite table without copying it, which the ledger's keys forbid).
Triggers raise the same constraint failure (an IntegrityError) before such a row is written.

Revision ID: 0034
Revises: 0033
Create Date: 2026-12-07
"""
from alembic import op

revision = "0034"
down_revision = "0033"
branch_labels = None
depends_on = None

CHECKS = (("taken", "taken >= 0"), ("classes", "classes >= 1"))


def upgrade():
    if op.get_bind().dialect.name != "sqlite":
        return
    for name, condition in CHECKS:
        for event, columns in (("INSERT", ""), ("UPDATE", f" OF {name}")):
            op.execute(f"CREATE TRIGGER ck_training_project_{name}_{event.lower()} BEFORE {event}{columns} "
                       f"ON training_project WHEN NOT (NEW.{condition}) BEGIN "
                       f"SELECT RAISE(ABORT, 'CHECK constraint failed: ck_training_project_{name}'); END")


def downgrade():
    if op.get_bind().dialect.name != "sqlite":
        return
    for name, _condition in CHECKS:
        for event in ("insert", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS ck_training_project_{name}_{event}")
