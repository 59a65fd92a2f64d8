"""The ledger and the audit trail refuse what 0002 let through: a ledger entry's id changed,
PostgreSQL's TRUNCATE, and any update, delete or truncate of an audit event. (SQLite's
REPLACE deletes without firing delete triggers unless recursive_triggers is on: the app's
connections turn it on, extensions.configure_sqlite.)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

LEDGER = "ledger entries are append-only"
AUDIT = "audit events are append-only"


def upgrade():
    if op.get_bind().dialect.name == "sqlite":
        # WHEN rather than UPDATE OF id: SQLite names the column rowid, oid or _rowid_ too.
        op.execute(f"""
            CREATE TRIGGER ledger_entry_keeps_id BEFORE UPDATE ON ledger_entry
            WHEN NEW.id IS NOT OLD.id
            BEGIN SELECT RAISE(ABORT, '{LEDGER}'); END""")
        for operation in ("update", "delete"):
            op.execute(f"""
                CREATE TRIGGER audit_event_no_{operation} BEFORE {operation.upper()} ON audit_event
                BEGIN SELECT RAISE(ABORT, '{AUDIT}'); END""")
        return
    op.execute("""
        CREATE FUNCTION refuse_change() RETURNS trigger AS $$
        BEGIN
            RAISE EXCEPTION '%', TG_ARGV[0];
        END $$ LANGUAGE plpgsql""")
    op.execute(f"""
        CREATE TRIGGER ledger_entry_keeps_id BEFORE UPDATE ON ledger_entry
        FOR EACH ROW WHEN (NEW.id IS DISTINCT FROM OLD.id) EXECUTE FUNCTION refuse_change('{LEDGER}')""")
    op.execute(f"""
        CREATE TRIGGER ledger_entry_no_truncate BEFORE TRUNCATE ON ledger_entry
        FOR EACH STATEMENT EXECUTE FUNCTION refuse_change('{LEDGER}')""")
    op.execute(f"""
        CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
        FOR EACH ROW EXECUTE FUNCTION refuse_change('{AUDIT}')""")
    op.execute(f"""
        CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
        FOR EACH STATEMENT EXECUTE FUNCTION refuse_change('{AUDIT}')""")


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("audit_event_no_delete", "audit_event_no_update", "ledger_entry_keeps_id"):
            op.execute(f"DROP TRIGGER {trigger}")
        return
    for table, trigger in (("audit_event", "audit_event_no_truncate"), ("audit_event", "audit_event_append_only"),
                           ("ledger_entry", "ledger_entry_no_truncate"), ("ledger_entry", "ledger_entry_keeps_id")):
        op.execute(f"DROP TRIGGER {trigger} ON {table}")
    op.execute("DROP FUNCTION refuse_change()")
