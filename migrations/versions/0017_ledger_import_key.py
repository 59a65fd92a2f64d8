"""Historical credits imported from a sheet carry their natural key (``import_key``: the
teacher, day, title, level, mode and figure hashed), unique where given, so the same row is
never entered twice even by two imports at once; the database's append-only guard covers it.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

LEDGER = "ledger entries are append-only"
FROZEN_BEFORE = ("teacher_id", "source", "enrollment_id", "activity_date", "hours", "amount", "unit",
                 "category", "title", "facts", "explanation_id", "rule_version", "reverses_id", "created_at",
                 "created_by_id", "claim_id", "corrects_id")  # 0012's list
FROZEN = (*FROZEN_BEFORE, "import_key")
GIVEN = "import_key IS NOT NULL"


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _guard(frozen: tuple[str, ...]) -> None:
    """0012's database guard of the ledger, over ``frozen``."""
    if _sqlite():
        op.execute("DROP TRIGGER IF EXISTS ledger_entry_no_update")
        op.execute(f"""
            CREATE TRIGGER ledger_entry_no_update BEFORE UPDATE OF {", ".join(frozen)} ON ledger_entry
            BEGIN SELECT RAISE(ABORT, '{LEDGER}'); END""")
        return
    changed = " OR ".join(f"NEW.{c}::text IS DISTINCT FROM OLD.{c}::text" if c == "facts"
                          else f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in frozen)
    op.execute(f"""
        CREATE OR REPLACE FUNCTION ledger_entry_append_only() RETURNS trigger AS $$
        BEGIN
            IF TG_OP = 'DELETE' OR {changed} THEN
                RAISE EXCEPTION '{LEDGER}';
            END IF;
            RETURN NEW;
        END $$ LANGUAGE plpgsql""")


def upgrade():
    op.add_column("ledger_entry", sa.Column("import_key", sa.String(length=32), nullable=True))
    # Rows imported before this revision kept their key in their facts.
    key = "json_extract(facts, '$.import_key')" if _sqlite() else "CAST(facts AS json) ->> 'import_key'"
    op.execute(f"UPDATE ledger_entry SET import_key = {key} WHERE reverses_id IS NULL AND {key} IS NOT NULL")
    condition = sa.text(GIVEN)
    op.create_index("uq_ledger_entry_import_key", "ledger_entry", ["import_key"], unique=True,
                    sqlite_where=condition, postgresql_where=condition)
    _guard(FROZEN)


def downgrade():
    _guard(FROZEN_BEFORE)
    op.drop_index("uq_ledger_entry_import_key", "ledger_entry")
    op.drop_column("ledger_entry", "import_key")
