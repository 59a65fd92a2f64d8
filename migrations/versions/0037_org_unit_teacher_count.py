"""Each unit keeps how many teachers it holds (``org_unit.teacher_count``), kept by the database
itself as teachers are added, removed or moved to another school, whatever writes them (a
service, an import's bulk insert, a script): an admin list's total is then the sum over the
units in scope, not a count of every teacher in it on each page (at 100,000 teachers the count
took as long as the page). Counted from the teachers there are when it is added.

On PostgreSQL a teacher written holds their school's row until the transaction commits, so
writes of teachers of one school queue behind each other (an import behind another import of
the same schools: ``imports.confirm`` takes its schools' rows first, in the order of their ids,
as these triggers do, so two such writers wait rather than deadlock).

A later batch migration (SQLite's copy and rename) of ``teacher`` drops these triggers, and one
of ``org_unit`` fails on them: such a migration drops them first and creates them again.

Revision ID: 0037
Revises: 0036
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

revision = "0037"
down_revision = "0036"
branch_labels = None
depends_on = None

FILL = """UPDATE org_unit SET teacher_count =
          (SELECT count(*) FROM teacher WHERE teacher.school_id = org_unit.id)"""


def upgrade():
    op.add_column("org_unit", sa.Column("teacher_count", sa.Integer(), nullable=False, server_default="0"))
    if op.get_bind().dialect.name == "sqlite":
        op.execute("""
            CREATE TRIGGER teacher_counted_in AFTER INSERT ON teacher
            BEGIN UPDATE org_unit SET teacher_count = teacher_count + 1 WHERE id = NEW.school_id; END""")
        op.execute("""
            CREATE TRIGGER teacher_counted_out AFTER DELETE ON teacher
            BEGIN UPDATE org_unit SET teacher_count = teacher_count - 1 WHERE id = OLD.school_id; END""")
        op.execute("""
            CREATE TRIGGER teacher_counted_moved AFTER UPDATE OF school_id ON teacher
            WHEN NEW.school_id IS NOT OLD.school_id
            BEGIN
                UPDATE org_unit SET teacher_count = teacher_count - 1 WHERE id = OLD.school_id;
                UPDATE org_unit SET teacher_count = teacher_count + 1 WHERE id = NEW.school_id;
            END""")
        op.execute(FILL)
        return
    # PostgreSQL: once a statement for inserts and deletes (an import adds thousands in one),
    # grouped by school from the statement's transition table; the rows are locked in the order
    # of their ids first, so that two writers of the same schools never hold one each
    op.execute("""
        CREATE FUNCTION teachers_counted() RETURNS trigger AS $$
        BEGIN
            IF TG_OP = 'INSERT' THEN
                PERFORM 1 FROM org_unit WHERE id IN (SELECT school_id FROM added_teacher)
                ORDER BY id FOR NO KEY UPDATE;
                UPDATE org_unit SET teacher_count = org_unit.teacher_count + added.n
                FROM (SELECT school_id, count(*) AS n FROM added_teacher GROUP BY school_id) AS added
                WHERE org_unit.id = added.school_id;
            ELSE
                PERFORM 1 FROM org_unit WHERE id IN (SELECT school_id FROM removed_teacher)
                ORDER BY id FOR NO KEY UPDATE;
                UPDATE org_unit SET teacher_count = org_unit.teacher_count - removed.n
                FROM (SELECT school_id, count(*) AS n FROM removed_teacher GROUP BY school_id) AS removed
                WHERE org_unit.id = removed.school_id;
            END IF;
            RETURN NULL;
        END $$ LANGUAGE plpgsql""")
    op.execute("""
        CREATE TRIGGER teacher_counted_in AFTER INSERT ON teacher
        REFERENCING NEW TABLE AS added_teacher FOR EACH STATEMENT EXECUTE FUNCTION teachers_counted()""")
    op.execute("""
        CREATE TRIGGER teacher_counted_out AFTER DELETE ON teacher
        REFERENCING OLD TABLE AS removed_teacher FOR EACH STATEMENT EXECUTE FUNCTION teachers_counted()""")
    op.execute("""
        CREATE FUNCTION teacher_moved() RETURNS trigger AS $$
        BEGIN
            PERFORM 1 FROM org_unit WHERE id IN (OLD.school_id, NEW.school_id) ORDER BY id FOR NO KEY UPDATE;
            UPDATE org_unit SET teacher_count = teacher_count - 1 WHERE id = OLD.school_id;
            UPDATE org_unit SET teacher_count = teacher_count + 1 WHERE id = NEW.school_id;
            RETURN NULL;
        END $$ LANGUAGE plpgsql""")
    op.execute("""
        CREATE TRIGGER teacher_counted_moved AFTER UPDATE OF school_id ON teacher
        FOR EACH ROW WHEN (NEW.school_id IS DISTINCT FROM OLD.school_id) EXECUTE FUNCTION teacher_moved()""")
    op.execute(FILL)


def downgrade():
    for trigger in ("teacher_counted_in", "teacher_counted_out", "teacher_counted_moved"):
        op.execute(f"DROP TRIGGER {trigger}" if op.get_bind().dialect.name == "sqlite"
                   else f"DROP TRIGGER {trigger} ON teacher")
    if op.get_bind().dialect.name != "sqlite":
        op.execute("DROP FUNCTION teachers_counted()")
        op.execute("DROP FUNCTION teacher_moved()")
    op.drop_column("org_unit", "teacher_count")
