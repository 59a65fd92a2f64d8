"""A ledger entry's explanation steps are kept once in ledger_explanation, keyed by the
SHA-256 of their canonical JSON, and the entry names them (explanation_id): the teachers of
one project share one explanation instead of each row carrying ~1 KB of the same steps.
Explanations are append-only like the entries (triggers, as 0002 and 0005 do for the
entries). The unique index on reverses_id now holds only reversals, so "reverses_id IS
NULL" is never planned as a walk of the whole ledger along it; the index on audit_state
gains teacher_id, for the same reason ("audit_state = 'approved'" matches most entries).

Existing entries get the explanation of their steps; a downgrade writes the steps back into
each entry. On SQLite the ledger table is rebuilt (its triggers with it); on PostgreSQL the
steps column is dropped before the entries are rewritten, so the rewritten rows no longer
carry it (VACUUM FULL ledger_entry gives the old rows' space back to the system).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""
import hashlib
import json

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

LEDGER = "ledger entries are append-only"
EXPLANATIONS = "ledger explanations are append-only"
FROZEN_BEFORE = ("teacher_id", "source", "enrollment_id", "activity_date", "hours", "amount", "unit",
                 "category", "title", "facts", "steps", "rule_version", "reverses_id", "created_at",
                 "created_by_id")  # 0002's list
FROZEN = tuple("explanation_id" if c == "steps" else c for c in FROZEN_BEFORE)
REVERSAL = sa.text("reverses_id IS NOT NULL")

explanation = sa.table("ledger_explanation", sa.column("id", sa.Integer), sa.column("digest", sa.String),
                       sa.column("steps", sa.JSON))


def _digest(steps) -> str:
    """As services.ledger.explanation_digest, frozen here as this revision wrote it."""
    canonical = json.dumps(steps, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def upgrade():
    op.create_table(
        "ledger_explanation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("steps", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_explanation")),
        sa.UniqueConstraint("digest", name=op.f("uq_ledger_explanation_digest")),
    )
    op.drop_index("ix_ledger_entry_audit_state", "ledger_entry")
    op.add_column("ledger_entry", sa.Column("explanation_id", sa.Integer(), nullable=True))
    _fill_explanations()
    if _sqlite():
        _upgrade_sqlite()
    else:
        _upgrade_postgresql()
    _analyze_if_filled()


def _fill_explanations() -> None:
    """One explanation per distinct steps, and a map from each stored steps text to it."""
    bind = op.get_bind()
    as_text = "steps" if _sqlite() else "steps::text"
    ids: dict[str, int] = {}
    mapping = []
    for (stored,) in bind.execute(sa.text(f"SELECT DISTINCT {as_text} FROM ledger_entry")):
        steps = json.loads(stored)
        digest = _digest(steps)
        if digest not in ids:
            ids[digest] = bind.execute(sa.insert(explanation).values(digest=digest, steps=steps)
                                       .returning(explanation.c.id)).scalar_one()
        mapping.append({"steps_text": stored, "explanation_id": ids[digest]})
    bind.execute(sa.text("CREATE TEMPORARY TABLE explanation_map "
                         "(steps_text TEXT PRIMARY KEY, explanation_id INTEGER NOT NULL)"))
    if mapping:
        bind.execute(sa.text("INSERT INTO explanation_map VALUES (:steps_text, :explanation_id)"), mapping)


def _upgrade_sqlite() -> None:
    # explanation_id is none of the columns the update trigger guards
    op.execute("UPDATE ledger_entry SET explanation_id = "
               "(SELECT m.explanation_id FROM explanation_map m WHERE m.steps_text = CAST(ledger_entry.steps AS TEXT))")
    op.execute("DROP TABLE explanation_map")
    _drop_sqlite_entry_triggers()
    with op.batch_alter_table("ledger_entry", recreate="always") as batch_op:
        batch_op.drop_constraint("uq_ledger_entry_reverses_id", type_="unique")
        batch_op.drop_column("steps")
        batch_op.alter_column("explanation_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(op.f("fk_ledger_entry_explanation_id_ledger_explanation"),
                                    "ledger_explanation", ["explanation_id"], ["id"])
    _new_indexes()
    _create_sqlite_entry_triggers(FROZEN)
    for operation in ("update", "delete"):
        op.execute(f"""
            CREATE TRIGGER ledger_explanation_no_{operation} BEFORE {operation.upper()} ON ledger_explanation
            BEGIN SELECT RAISE(ABORT, '{EXPLANATIONS}'); END""")


def _upgrade_postgresql() -> None:
    op.execute("CREATE TEMPORARY TABLE entry_explanation AS SELECT l.id, m.explanation_id "
               "FROM ledger_entry l JOIN explanation_map m ON m.steps_text = l.steps::text")
    _postgresql_entry_function(FROZEN)
    op.drop_column("ledger_entry", "steps")  # first: the rows rewritten below then leave it out
    # The guard now covers explanation_id, which existing entries get here, once.
    op.execute("ALTER TABLE ledger_entry DISABLE TRIGGER ledger_entry_append_only")
    op.execute("UPDATE ledger_entry SET explanation_id = x.explanation_id "
               "FROM entry_explanation x WHERE x.id = ledger_entry.id")
    op.execute("ALTER TABLE ledger_entry ENABLE TRIGGER ledger_entry_append_only")
    op.execute("DROP TABLE entry_explanation")
    op.execute("DROP TABLE explanation_map")
    op.alter_column("ledger_entry", "explanation_id", existing_type=sa.Integer(), nullable=False)
    op.create_foreign_key(op.f("fk_ledger_entry_explanation_id_ledger_explanation"), "ledger_entry",
                          "ledger_explanation", ["explanation_id"], ["id"])
    op.drop_constraint("uq_ledger_entry_reverses_id", "ledger_entry", type_="unique")
    _new_indexes()
    op.execute(f"""
        CREATE TRIGGER ledger_explanation_append_only BEFORE UPDATE OR DELETE ON ledger_explanation
        FOR EACH ROW EXECUTE FUNCTION refuse_change('{EXPLANATIONS}')""")
    op.execute(f"""
        CREATE TRIGGER ledger_explanation_no_truncate BEFORE TRUNCATE ON ledger_explanation
        FOR EACH STATEMENT EXECUTE FUNCTION refuse_change('{EXPLANATIONS}')""")


def _new_indexes() -> None:
    op.create_index("uq_ledger_entry_reverses_id", "ledger_entry", ["reverses_id"], unique=True,
                    sqlite_where=REVERSAL, postgresql_where=REVERSAL)
    op.create_index("ix_ledger_entry_state_teacher", "ledger_entry", ["audit_state", "teacher_id"])


def _analyze_if_filled() -> None:
    """Rebuilt indexes start without statistics: gather them, unless the ledger is empty
    (statistics of an empty table would mislead the planner once it fills)."""
    if op.get_bind().execute(sa.text("SELECT 1 FROM ledger_entry LIMIT 1")).first():
        op.execute("ANALYZE ledger_entry")
        op.execute("ANALYZE ledger_explanation")


def downgrade():
    op.drop_index("ix_ledger_entry_state_teacher", "ledger_entry")
    if _sqlite():
        _downgrade_sqlite()
    else:
        _downgrade_postgresql()
    op.create_index("ix_ledger_entry_audit_state", "ledger_entry", ["audit_state"])
    op.drop_table("ledger_explanation")


def _downgrade_sqlite() -> None:
    for operation in ("update", "delete"):
        op.execute(f"DROP TRIGGER ledger_explanation_no_{operation}")
    _drop_sqlite_entry_triggers()
    op.drop_index("uq_ledger_entry_reverses_id", "ledger_entry")
    op.add_column("ledger_entry", sa.Column("steps", sa.JSON(), nullable=True))
    op.execute("UPDATE ledger_entry SET steps = "
               "(SELECT e.steps FROM ledger_explanation e WHERE e.id = ledger_entry.explanation_id)")
    with op.batch_alter_table("ledger_entry", recreate="always") as batch_op:
        batch_op.drop_constraint("fk_ledger_entry_explanation_id_ledger_explanation", type_="foreignkey")
        batch_op.drop_column("explanation_id")
        batch_op.alter_column("steps", existing_type=sa.JSON(), nullable=False)
        batch_op.create_unique_constraint("uq_ledger_entry_reverses_id", ["reverses_id"])
    _create_sqlite_entry_triggers(FROZEN_BEFORE)


def _downgrade_postgresql() -> None:
    op.execute("DROP TRIGGER ledger_explanation_no_truncate ON ledger_explanation")
    op.execute("DROP TRIGGER ledger_explanation_append_only ON ledger_explanation")
    op.add_column("ledger_entry", sa.Column("steps", sa.JSON(), nullable=True))
    op.execute("UPDATE ledger_entry SET steps = e.steps FROM ledger_explanation e "
               "WHERE e.id = ledger_entry.explanation_id")  # the trigger guards no steps yet
    op.alter_column("ledger_entry", "steps", existing_type=sa.JSON(), nullable=False)
    _postgresql_entry_function(FROZEN_BEFORE)
    op.drop_constraint("fk_ledger_entry_explanation_id_ledger_explanation", "ledger_entry", type_="foreignkey")
    op.drop_column("ledger_entry", "explanation_id")
    op.drop_index("uq_ledger_entry_reverses_id", "ledger_entry")
    op.create_unique_constraint("uq_ledger_entry_reverses_id", "ledger_entry", ["reverses_id"])


def _drop_sqlite_entry_triggers() -> None:
    for trigger in ("ledger_entry_keeps_id", "ledger_entry_no_update", "ledger_entry_no_delete"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")


def _create_sqlite_entry_triggers(frozen: tuple[str, ...]) -> None:
    """0002's and 0005's triggers on the ledger, guarding ``frozen`` against updates."""
    op.execute(f"""
        CREATE TRIGGER ledger_entry_no_delete BEFORE DELETE ON ledger_entry
        BEGIN SELECT RAISE(ABORT, '{LEDGER}'); END""")
    op.execute(f"""
        CREATE TRIGGER ledger_entry_no_update BEFORE UPDATE OF {", ".join(frozen)} ON ledger_entry
        BEGIN SELECT RAISE(ABORT, '{LEDGER}'); END""")
    op.execute(f"""
        CREATE TRIGGER ledger_entry_keeps_id BEFORE UPDATE ON ledger_entry
        WHEN NEW.id IS NOT OLD.id
        BEGIN SELECT RAISE(ABORT, '{LEDGER}'); END""")


def _postgresql_entry_function(frozen: tuple[str, ...]) -> None:
    """0002's trigger function, guarding ``frozen`` (JSON compared as text: json has no =)."""
    json_columns = ("facts", "steps")
    changed = " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in frozen if c not in json_columns)
    json_changed = " OR ".join(f"NEW.{c}::text IS DISTINCT FROM OLD.{c}::text" for c in frozen if c in json_columns)
    op.execute(f"""
        CREATE OR REPLACE FUNCTION ledger_entry_append_only() RETURNS trigger AS $$
        BEGIN
            IF TG_OP = 'DELETE' OR {changed} OR {json_changed} THEN
                RAISE EXCEPTION '{LEDGER}';
            END IF;
            RETURN NEW;
        END $$ LANGUAGE plpgsql""")
