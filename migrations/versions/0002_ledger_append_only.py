"""The ledger is append-only in the database too: triggers refuse deletes and any update
other than the audit state, whoever writes (the ORM guard covers only the ORM).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

FROZEN = ("teacher_id", "source", "enrollment_id", "activity_date", "hours", "amount", "unit",
          "category", "title", "facts", "steps", "rule_version", "reverses_id", "created_at",
          "created_by_id")
MESSAGE = "ledger entries are append-only"


def upgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"""
            CREATE TRIGGER ledger_entry_no_delete BEFORE DELETE ON ledger_entry
            BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""")
        op.execute(f"""
            CREATE TRIGGER ledger_entry_no_update BEFORE UPDATE OF {", ".join(FROZEN)} ON ledger_entry
            BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""")
        return
    changed = " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in FROZEN if c not in ("facts", "steps"))
    json_changed = " OR ".join(f"NEW.{c}::text IS DISTINCT FROM OLD.{c}::text" for c in ("facts", "steps"))
    op.execute(f"""
        CREATE FUNCTION ledger_entry_append_only() RETURNS trigger AS $$
        BEGIN
            IF TG_OP = 'DELETE' OR {changed} OR {json_changed} THEN
                RAISE EXCEPTION '{MESSAGE}';
            END IF;
            RETURN NEW;
        END $$ LANGUAGE plpgsql""")
    op.execute("""
        CREATE TRIGGER ledger_entry_append_only BEFORE UPDATE OR DELETE ON ledger_entry
        FOR EACH ROW EXECUTE FUNCTION ledger_entry_append_only()""")


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER ledger_entry_no_update")
        op.execute("DROP TRIGGER ledger_entry_no_delete")
        return
    op.execute("DROP TRIGGER ledger_entry_append_only ON ledger_entry")
    op.execute("DROP FUNCTION ledger_entry_append_only()")
