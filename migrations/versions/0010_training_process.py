"""The training process: a project's review and publication, classes and class size, its
layer, and the text the catalog searches; an enrollment's time in its state (for states
that expire), the calendar phase it was made in and the reason of its last move; and each
user's notifications; the selection calendar the bureau edits; and the seats of a project
allocated to org units (quotas), with the unit's seat an enrollment holds; and requests for
more classes of a project with the reviewer's decision; teachers' training needs surveys; and a workshop leader's summary.

The catalog's keyword search reads ``training_project.search_text`` through a trigram index,
which finds a Chinese substring (word tokenizers do not): on SQLite an FTS5 table with the
``trigram`` tokenizer kept by triggers (``project_search``), on PostgreSQL a ``pg_trgm``
GIN index. Neither is in the models' metadata (``portal.models.search.in_metadata``).

Existing projects: status "completed" becomes "published" (a project that has ended is
still the published project; its dates say it ended), published when created.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

project = sa.table("training_project", sa.column("id", sa.Integer), sa.column("name", sa.String),
                   sa.column("description", sa.Text), sa.column("topics", sa.JSON),
                   sa.column("organiser_id", sa.Integer), sa.column("search_text", sa.Text))
unit = sa.table("org_unit", sa.column("id", sa.Integer), sa.column("name", sa.String))


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _search_text(name, organiser, topics, description) -> str:
    """As services.projects.search_text, frozen here as this revision wrote it."""
    return "\n".join([name or "", organiser or "", " ".join(topics or ()), description or ""]).lower()


def upgrade():
    for column in (
        sa.Column("layer", sa.String(length=40), nullable=True),
        sa.Column("classes", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("class_size", sa.Integer(), nullable=True),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.Column("review_note", sa.Text(), server_default=sa.text("''"), nullable=False),
        sa.Column("search_text", sa.Text(), server_default=sa.text("''"), nullable=False),
    ):
        # plain ADD COLUMN: a batch copy would drop the tables the ledger's keys point at (0003)
        op.add_column("training_project", column)
    if not _sqlite():
        op.create_check_constraint(op.f("ck_training_project_taken"), "training_project", "taken >= 0")
        op.create_check_constraint(op.f("ck_training_project_classes"), "training_project", "classes >= 1")
    op.create_index("ix_training_project_status_start", "training_project", ["status", "start_date"])
    op.create_index("ix_training_project_status_published", "training_project", ["status", "published_at"])
    op.execute("UPDATE training_project SET status = 'published' WHERE status = 'completed'")
    op.execute("UPDATE training_project SET published_at = created_at WHERE status = 'published'")
    bind = op.get_bind()
    rows = bind.execute(sa.select(project.c.id, project.c.name, unit.c.name, project.c.topics, project.c.description)
                        .join(unit, unit.c.id == project.c.organiser_id)).all()
    for id_, name, organiser, topics, description in rows:
        bind.execute(project.update().where(project.c.id == id_)
                     .values(search_text=_search_text(name, organiser, topics, description)))

    for column in (
        # SQLite adds a NOT NULL column only with a constant default; each row gets its own below
        sa.Column("state_since", sa.DateTime(), server_default=sa.text("'2000-01-01 00:00:00'"), nullable=False),
        sa.Column("phase", sa.String(length=40), nullable=True),
        sa.Column("note", sa.Text(), server_default=sa.text("''"), nullable=False),
    ):
        op.add_column("enrollment", column)
    op.execute("UPDATE enrollment SET state_since = created_at")
    if not _sqlite():
        op.alter_column("enrollment", "state_since", server_default=None)
    op.create_index("ix_enrollment_status_since", "enrollment", ["status", "state_since"])

    op.create_table(
        "notification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("subject_type", sa.String(length=40), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("message", sa.JSON(), nullable=False),
        sa.Column("link", sa.String(length=200), nullable=False),
        sa.Column("read_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"], name=op.f("fk_notification_user_id_user_account"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification")),
    )
    op.create_index("ix_notification_user_unread", "notification", ["user_id", "read_at"])

    op.create_table(
        "project_quota",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("org_unit_id", sa.Integer(), nullable=False),
        sa.Column("seats", sa.Integer(), nullable=False),
        sa.Column("taken", sa.Integer(), nullable=False),
        sa.CheckConstraint("taken >= 0 AND taken <= seats", name=op.f("ck_project_quota_seats")),
        sa.ForeignKeyConstraint(["org_unit_id"], ["org_unit.id"], name=op.f("fk_project_quota_org_unit_id_org_unit")),
        sa.ForeignKeyConstraint(["project_id"], ["training_project.id"],
                                name=op.f("fk_project_quota_project_id_training_project")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_quota")),
        sa.UniqueConstraint("project_id", "org_unit_id", name=op.f("uq_project_quota_project_id_org_unit_id")),
    )
    op.create_index(op.f("ix_project_quota_project_id"), "project_quota", ["project_id"])
    # ADD COLUMN with its key inline: SQLite cannot add a constraint to an existing table
    if _sqlite():
        op.execute("ALTER TABLE enrollment ADD COLUMN quota_id INTEGER "
                   "CONSTRAINT fk_enrollment_quota_id_project_quota REFERENCES project_quota (id)")
    else:
        op.add_column("enrollment", sa.Column("quota_id", sa.Integer(), nullable=True))
        op.create_foreign_key(op.f("fk_enrollment_quota_id_project_quota"), "enrollment", "project_quota",
                              ["quota_id"], ["id"])

    op.create_table(
        "class_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("classes", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("classes >= 1", name=op.f("ck_class_request_classes")),
        sa.ForeignKeyConstraint(["project_id"], ["training_project.id"],
                                name=op.f("fk_class_request_project_id_training_project")),
        sa.ForeignKeyConstraint(["requested_by_id"], ["user_account.id"],
                                name=op.f("fk_class_request_requested_by_id_user_account")),
        sa.ForeignKeyConstraint(["decided_by_id"], ["user_account.id"],
                                name=op.f("fk_class_request_decided_by_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_class_request")),
    )
    op.create_index(op.f("ix_class_request_project_id"), "class_request", ["project_id"])

    op.add_column("workshop", sa.Column("summary", sa.Text(), server_default=sa.text("''"), nullable=False))
    op.add_column("workshop", sa.Column("summary_at", sa.DateTime(), nullable=True))

    op.create_table(
        "needs_survey",
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["teacher_id"], ["teacher.id"], name=op.f("fk_needs_survey_teacher_id_teacher")),
        sa.PrimaryKeyConstraint("teacher_id", name=op.f("pk_needs_survey")),
    )

    op.create_table(
        "selection_phase",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("label", sa.JSON(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("actors", sa.JSON(), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("end_date >= start_date", name=op.f("ck_selection_phase_dates")),
        sa.ForeignKeyConstraint(["updated_by_id"], ["user_account.id"],
                                name=op.f("fk_selection_phase_updated_by_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_selection_phase")),
    )

    if _sqlite():
        op.execute("CREATE VIRTUAL TABLE project_search USING fts5(search_text, content='training_project', "
                   "content_rowid='id', tokenize='trigram')")
        op.execute("INSERT INTO project_search(project_search) VALUES ('rebuild')")
        op.execute("CREATE TRIGGER project_search_insert AFTER INSERT ON training_project BEGIN "
                   "INSERT INTO project_search(rowid, search_text) VALUES (new.id, new.search_text); END")
        op.execute("CREATE TRIGGER project_search_delete AFTER DELETE ON training_project BEGIN "
                   "INSERT INTO project_search(project_search, rowid, search_text) "
                   "VALUES ('delete', old.id, old.search_text); END")
        op.execute("CREATE TRIGGER project_search_update AFTER UPDATE OF search_text ON training_project BEGIN "
                   "INSERT INTO project_search(project_search, rowid, search_text) "
                   "VALUES ('delete', old.id, old.search_text); "
                   "INSERT INTO project_search(rowid, search_text) VALUES (new.id, new.search_text); END")
    else:
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute("CREATE INDEX ix_training_project_search ON training_project "
                   "USING gin (search_text gin_trgm_ops)")


def downgrade():
    if _sqlite():
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER project_search_{trigger}")
        op.execute("DROP TABLE project_search")
    else:
        op.execute("DROP INDEX ix_training_project_search")
    op.drop_table("selection_phase")
    op.drop_table("needs_survey")
    op.drop_column("workshop", "summary_at")
    op.drop_column("workshop", "summary")
    op.drop_index(op.f("ix_class_request_project_id"), "class_request")
    op.drop_table("class_request")
    if not _sqlite():
        op.drop_constraint(op.f("fk_enrollment_quota_id_project_quota"), "enrollment", type_="foreignkey")
    op.drop_column("enrollment", "quota_id")
    op.drop_index(op.f("ix_project_quota_project_id"), "project_quota")
    op.drop_table("project_quota")
    op.drop_index("ix_notification_user_unread", "notification")
    op.drop_table("notification")
    op.drop_index("ix_enrollment_status_since", "enrollment")
    for column in ("note", "phase", "state_since"):
        op.drop_column("enrollment", column)
    op.drop_index("ix_training_project_status_published", "training_project")
    op.drop_index("ix_training_project_status_start", "training_project")
    if not _sqlite():
        op.drop_constraint(op.f("ck_training_project_classes"), "training_project")
        op.drop_constraint(op.f("ck_training_project_taken"), "training_project")
    for column in ("search_text", "review_note", "published_at", "class_size", "classes", "layer"):
        op.drop_column("training_project", column)
