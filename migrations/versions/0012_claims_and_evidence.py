"""Credits claimed with evidence (``claim``, ``evidence``), and the ledger refusing the same
credit twice: an enrollment or a claim has one first entry, and an entry is corrected
(``corrects_id``) at most once.

Existing ledgers: where an enrollment already has several entries that are not reversals
(a correction entered before this revision), each later one becomes the correction of the
one before it, so the new unique indexes hold; nothing is deleted or changed otherwise.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

LEDGER = "ledger entries are append-only"
FROZEN_BEFORE = ("teacher_id", "source", "enrollment_id", "activity_date", "hours", "amount", "unit",
                 "category", "title", "facts", "explanation_id", "rule_version", "reverses_id", "created_at",
                 "created_by_id")  # 0009's list
FROZEN = (*FROZEN_BEFORE, "claim_id", "corrects_id")
REVERSAL = "reverses_id IS NOT NULL"
FIRST_OF_ENROLLMENT = "enrollment_id IS NOT NULL AND reverses_id IS NULL AND corrects_id IS NULL"
FIRST_OF_CLAIM = "claim_id IS NOT NULL AND reverses_id IS NULL AND corrects_id IS NULL"
CORRECTION = "corrects_id IS NOT NULL"


def _add_reference(column: str, target: str) -> None:
    name = f"fk_ledger_entry_{column}_{target}"
    if op.get_bind().dialect.name == "sqlite":  # SQLite adds a column's reference only with the column
        op.execute(f"ALTER TABLE ledger_entry ADD COLUMN {column} INTEGER CONSTRAINT {name} REFERENCES {target} (id)")
    else:
        op.add_column("ledger_entry", sa.Column(column, sa.Integer(), nullable=True))
        op.create_foreign_key(name, "ledger_entry", target, [column], ["id"])


def _partial(name: str, column: str, where: str) -> None:
    condition = sa.text(where)
    op.create_index(name, "ledger_entry", [column], unique=True, sqlite_where=condition, postgresql_where=condition)


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _guard(frozen: tuple[str, ...]) -> None:
    """0009's database guard of the ledger, over ``frozen``."""
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
    op.create_table(
        "claim",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["teacher_id"], ["teacher.id"], name=op.f("fk_claim_teacher_id_teacher")),
        sa.ForeignKeyConstraint(["created_by_id"], ["user_account.id"], name=op.f("fk_claim_created_by_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim")),
    )
    op.create_index(op.f("ix_claim_teacher_id"), "claim", ["teacher_id"])
    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("stored_as", sa.String(length=64), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["claim_id"], ["claim.id"], name=op.f("fk_evidence_claim_id_claim")),
        sa.ForeignKeyConstraint(["teacher_id"], ["teacher.id"], name=op.f("fk_evidence_teacher_id_teacher")),
        sa.ForeignKeyConstraint(["created_by_id"], ["user_account.id"],
                                name=op.f("fk_evidence_created_by_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence")),
        sa.UniqueConstraint("stored_as", name=op.f("uq_evidence_stored_as")),
        sa.UniqueConstraint("teacher_id", "digest", name="uq_evidence_teacher_digest"),
    )
    op.create_index(op.f("ix_evidence_claim_id"), "evidence", ["claim_id"])
    _add_reference("claim_id", "claim")
    _add_reference("corrects_id", "ledger_entry")
    op.create_index(op.f("ix_ledger_entry_claim_id"), "ledger_entry", ["claim_id"])
    op.execute("""
        UPDATE ledger_entry SET corrects_id = (
            SELECT max(earlier.id) FROM ledger_entry AS earlier
            WHERE earlier.enrollment_id = ledger_entry.enrollment_id AND earlier.reverses_id IS NULL
              AND earlier.id < ledger_entry.id)
        WHERE enrollment_id IS NOT NULL AND reverses_id IS NULL AND EXISTS (
            SELECT 1 FROM ledger_entry AS earlier
            WHERE earlier.enrollment_id = ledger_entry.enrollment_id AND earlier.reverses_id IS NULL
              AND earlier.id < ledger_entry.id)""")
    _partial("uq_ledger_entry_enrollment_first", "enrollment_id", FIRST_OF_ENROLLMENT)
    _partial("uq_ledger_entry_claim_first", "claim_id", FIRST_OF_CLAIM)
    _partial("uq_ledger_entry_corrects_id", "corrects_id", CORRECTION)
    _guard(FROZEN)


def downgrade():
    _guard(FROZEN_BEFORE)
    for name in ("uq_ledger_entry_corrects_id", "uq_ledger_entry_claim_first", "uq_ledger_entry_enrollment_first",
                 "ix_ledger_entry_claim_id"):
        op.drop_index(name, "ledger_entry")
    if _sqlite():
        # SQLite drops a referencing column only by rebuilding the table, which loses its
        # triggers and the partial index's condition: both are put back as 0009 left them.
        op.drop_index("uq_ledger_entry_reverses_id", "ledger_entry")
        for trigger in ("ledger_entry_keeps_id", "ledger_entry_no_update", "ledger_entry_no_delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        with op.batch_alter_table("ledger_entry", recreate="always") as batch:
            batch.drop_column("corrects_id")
            batch.drop_column("claim_id")
        _partial("uq_ledger_entry_reverses_id", "reverses_id", REVERSAL)
        op.execute(f"""
            CREATE TRIGGER ledger_entry_no_delete BEFORE DELETE ON ledger_entry
            BEGIN SELECT RAISE(ABORT, '{LEDGER}'); END""")
        _guard(FROZEN_BEFORE)
        op.execute(f"""
            CREATE TRIGGER ledger_entry_keeps_id BEFORE UPDATE ON ledger_entry
            WHEN NEW.id IS NOT OLD.id
            BEGIN SELECT RAISE(ABORT, '{LEDGER}'); END""")
    else:
        op.drop_constraint("fk_ledger_entry_corrects_id_ledger_entry", "ledger_entry", type_="foreignkey")
        op.drop_constraint("fk_ledger_entry_claim_id_claim", "ledger_entry", type_="foreignkey")
        op.drop_column("ledger_entry", "corrects_id")
        op.drop_column("ledger_entry", "claim_id")
    op.drop_index(op.f("ix_evidence_claim_id"), "evidence")
    op.drop_table("evidence")
    op.drop_index(op.f("ix_claim_teacher_id"), "claim")
    op.drop_table("claim")
