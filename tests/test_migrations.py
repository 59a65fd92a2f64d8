"""The schema comes only from migrations: from empty to head on SQLite and PostgreSQL,
back down and up again, and the models never drift from the revisions."""
import json
import os
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from tests.support import BASE_CONFIG, all_regions
from portal import clock
from portal import MIGRATIONS, create_app
from portal.config import normalise_database_url
from portal.extensions import db
from portal.models import AuditEvent, LedgerEntry
from portal.models.search import in_metadata
from portal.services.demo import load_demo

TABLES = {"org_unit", "user_account", "role_assignment", "teacher", "training_project",
          "enrollment", "ledger_entry", "ledger_explanation", "audit_event", "workshop"}


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/migrations.sqlite3"
        return
    url = os.environ.get("PORTAL_TEST_DATABASE_URL")
    if not url:
        pytest.skip("PORTAL_TEST_DATABASE_URL is not set: PostgreSQL migrations not tested")
    name = f"portal_migrations_{uuid.uuid4().hex[:8]}"
    admin = create_engine(normalise_database_url(url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield url.rsplit("/", 1)[0] + f"/{name}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def demo_down_to(app, revision):
    """The demo loaded at the head, then the schema taken down to ``revision``."""
    upgrade(directory=str(MIGRATIONS), revision="heads")
    load_demo(app.extensions["portal.region"], clock.today())
    db.session.remove()
    downgrade(directory=str(MIGRATIONS), revision=revision)


def app_on(url):
    return create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": url, "PORTAL_AUTO_MIGRATE": False,
                       "PORTAL_REGION": "example"}, regions=all_regions())


def test_upgrade_from_empty_then_down_and_up_again(empty_database):
    app = app_on(empty_database)
    with app.app_context():
        upgrade(directory=str(MIGRATIONS), revision="heads")
        assert TABLES <= set(inspect(db.engine).get_table_names())
        downgrade(directory=str(MIGRATIONS), revision="base")
        assert not TABLES & set(inspect(db.engine).get_table_names())
        upgrade(directory=str(MIGRATIONS), revision="heads")
        assert TABLES <= set(inspect(db.engine).get_table_names())
        db.engine.dispose()


def test_models_match_the_migrations(empty_database):
    app = app_on(empty_database)
    with app.app_context():
        upgrade(directory=str(MIGRATIONS), revision="heads")
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True, "include_name": in_metadata})
            assert compare_metadata(context, db.metadata) == []
        db.engine.dispose()


def test_the_app_never_creates_tables_itself():
    source = "\n".join(p.read_text() for p in MIGRATIONS.parent.joinpath("portal").rglob("*.py"))
    assert "create_all" not in source


def test_upgrading_a_database_with_data_keeps_it(empty_database):
    """The demo is loaded at the head, the schema taken back to the first revision that
    can hold the ledger, and upgraded again over the data."""
    app = app_on(empty_database)
    counts = text("SELECT (SELECT count(*) FROM ledger_entry), (SELECT sum(amount) FROM ledger_entry), "
                  "(SELECT count(*) FROM enrollment), (SELECT count(*) FROM training_project)")
    with app.app_context():
        upgrade(directory=str(MIGRATIONS), revision="heads")
        load_demo(app.extensions["portal.region"], clock.today())
        before = db.session.execute(counts).one()
        db.session.remove()
        downgrade(directory=str(MIGRATIONS), revision="0002")
        assert db.session.execute(counts).one() == before
        db.session.remove()
        upgrade(directory=str(MIGRATIONS), revision="heads")
        assert db.session.execute(counts).one() == before and before[0] > 0
        assert db.session.execute(text("SELECT scores FROM enrollment")).scalars().first() in ({}, "{}")
        # each unit's teacher count, filled by 0037 from the teachers already there
        assert db.session.execute(text(
            "SELECT count(*) FROM org_unit WHERE teacher_count <> "
            "(SELECT count(*) FROM teacher WHERE teacher.school_id = org_unit.id)")).scalar() == 0
        assert db.session.execute(text("SELECT sum(teacher_count) FROM org_unit")).scalar() > 0
        db.session.remove()
        db.engine.dispose()


def test_the_database_refuses_edits_to_the_ledger_even_in_raw_sql(empty_database):
    app = app_on(empty_database)
    with app.app_context():
        upgrade(directory=str(MIGRATIONS), revision="heads")
        load_demo(app.extensions["portal.region"], clock.today())
        for statement in ("UPDATE ledger_entry SET amount = amount + 1",
                          "DELETE FROM ledger_entry",
                          "UPDATE ledger_entry SET explanation_id = explanation_id + 1",
                          "UPDATE ledger_entry SET corrects_id = id",
                          "UPDATE ledger_entry SET claim_id = 1",
                          "UPDATE ledger_explanation SET steps = '[]'",
                          "DELETE FROM ledger_explanation"):
            with pytest.raises(DBAPIError, match="append-only"):
                db.session.execute(text(statement))
            db.session.rollback()
        db.session.execute(text("UPDATE ledger_entry SET audit_state = 'approved'"))
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


def test_each_entry_keeps_its_steps_through_a_downgrade_and_upgrade(empty_database):
    """Revision 0009 moves the steps into kept explanations and back, entry by entry."""
    app = app_on(empty_database)
    steps = text("SELECT id, steps FROM ledger_entry ORDER BY id")
    with app.app_context():
        upgrade(directory=str(MIGRATIONS), revision="heads")
        load_demo(app.extensions["portal.region"], clock.today())
        before = {e.id: e.steps for e in db.session.scalars(select(LedgerEntry))}
        db.session.remove()
        downgrade(directory=str(MIGRATIONS), revision="0007")
        inline = {id_: json.loads(s) if isinstance(s, str) else s for id_, s in db.session.execute(steps)}
        assert inline == before and before
        db.session.remove()
        upgrade(directory=str(MIGRATIONS), revision="heads")
        assert {e.id: e.steps for e in db.session.scalars(select(LedgerEntry))} == before
        db.session.remove()
        db.engine.dispose()


def test_an_enrollment_entered_twice_before_0012_keeps_both_entries_the_later_as_a_correction(empty_database):
    app = app_on(empty_database)
    columns = ("teacher_id, source, enrollment_id, activity_date, hours, amount, unit, category, title, facts, "
               "explanation_id, rule_version, audit_state, created_at")
    with app.app_context():
        demo_down_to(app, "0011")
        first = db.session.execute(text("SELECT min(id) FROM ledger_entry WHERE enrollment_id IS NOT NULL")).scalar()
        db.session.execute(text(f"INSERT INTO ledger_entry ({columns}) SELECT {columns} FROM ledger_entry WHERE id = :id"),
                           {"id": first})
        db.session.commit()
        db.session.remove()
        upgrade(directory=str(MIGRATIONS), revision="heads")
        rows = db.session.execute(text("SELECT id, corrects_id FROM ledger_entry WHERE enrollment_id = "
                                       "(SELECT enrollment_id FROM ledger_entry WHERE id = :id) ORDER BY id"),
                                  {"id": first}).all()
        assert [r.corrects_id for r in rows] == [None, first]
        db.session.remove()
        db.engine.dispose()


def _moved(enrollment_id: int, source: str, target: str, by: str) -> None:
    """An ``enrollment.moved`` event as the enrollment service records it, written in SQL as
    an older portal would have, and the enrollment put in its target state."""
    db.session.execute(AuditEvent.__table__.insert().values(
        action="enrollment.moved", subject_type="enrollment", subject_id=enrollment_id,
        before={"status": source}, after={"status": target, "by": by}))
    db.session.execute(text("UPDATE enrollment SET status = :target WHERE id = :id"), {"target": target, "id": enrollment_id})


@pytest.mark.parametrize("region", ["shanxi", "qingdao"])
def test_withdrawals_the_school_made_before_0019_read_as_the_schools(empty_database, region):
    """Shanxi kept the teacher's own withdrawal and the school's in one state; since it keeps
    them apart, 0019 restates from the audit trail each enrollment the school withdrew. The
    teacher's own withdrawal, an enrollment selected again since, and a region whose workflow
    still allows the stored moves stay as they are."""
    app = create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": empty_database, "PORTAL_AUTO_MIGRATE": False,
                      "PORTAL_REGION": region}, regions=all_regions())
    with app.app_context():
        demo_down_to(app, "0018")
        by_school, by_teacher, again = db.session.execute(text(
            "SELECT id FROM enrollment ORDER BY id LIMIT 3")).scalars().all()
        _moved(by_school, "enrolled", "withdrawn", "school_admin")
        _moved(by_teacher, "enrolled", "withdrawn", "teacher")
        _moved(again, "enrolled", "withdrawn", "school_admin")
        db.session.execute(text("UPDATE enrollment SET status = 'enrolled' WHERE id = :id"), {"id": again})
        db.session.commit()
        db.session.remove()
        upgrade(directory=str(MIGRATIONS), revision="heads")
        status = dict(db.session.execute(text("SELECT id, status FROM enrollment WHERE id IN (:a, :b, :c)"),
                                         {"a": by_school, "b": by_teacher, "c": again}).all())
        restated = db.session.execute(select(AuditEvent).where(AuditEvent.action == "enrollment.restated")).scalars().all()
        if region == "shanxi":
            assert status == {by_school: "school_withdrawn", by_teacher: "withdrawn", again: "enrolled"}
            assert [(e.subject_id, e.actor_id, e.before, e.after) for e in restated] == [
                (by_school, None, {"status": "withdrawn"}, {"status": "school_withdrawn", "by": "school_admin"})]
        else:
            assert status == {by_school: "withdrawn", by_teacher: "withdrawn", again: "enrolled"} and not restated
        db.session.remove()
        db.engine.dispose()


def test_quotas_institutions_held_before_0020_are_removed_their_enrollments_anchored_above(empty_database):
    """An institution's quota shut every teacher out; 0020 removes it as the quota service
    would: its enrollments anchored at the quota of the nearest unit above holding one (or at
    none), the other quotas kept, the change audited."""
    app = app_on(empty_database)
    with app.app_context():
        demo_down_to(app, "0019")
        institution, above = db.session.execute(text(
            "SELECT id, parent_id FROM org_unit WHERE kind = 'institution' ORDER BY id")).first()
        first, second = db.session.execute(text(
            "SELECT project_id, id FROM enrollment ORDER BY project_id, id")).first(), db.session.execute(text(
                "SELECT project_id, id FROM enrollment ORDER BY project_id DESC, id")).first()
        assert first.project_id != second.project_id
        quota = {}
        for project_id, unit, seats in ((first.project_id, above, 9), (first.project_id, institution, 5),
                                        (second.project_id, institution, 4)):
            quota[project_id, unit] = db.session.execute(text(
                "INSERT INTO project_quota (project_id, org_unit_id, seats, taken) "
                "VALUES (:p, :u, :s, 1) RETURNING id"), {"p": project_id, "u": unit, "s": seats}).scalar()
        for enrollment, project_id in ((first.id, first.project_id), (second.id, second.project_id)):
            db.session.execute(text("UPDATE enrollment SET quota_id = :q WHERE id = :id"),
                               {"q": quota[project_id, institution], "id": enrollment})
        db.session.commit()
        db.session.remove()
        upgrade(directory=str(MIGRATIONS), revision="heads")
        assert db.session.execute(text("SELECT project_id, org_unit_id FROM project_quota")).all() == [
            (first.project_id, above)]
        anchored = dict(db.session.execute(text("SELECT id, quota_id FROM enrollment WHERE id IN (:a, :b)"),
                                           {"a": first.id, "b": second.id}).all())
        assert anchored == {first.id: quota[first.project_id, above], second.id: None}
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "project.quotas")
                                    .order_by(AuditEvent.subject_id)).all()
        assert [(e.subject_id, e.actor_id, e.before, e.after) for e in events] == [
            (first.project_id, None, {"quotas": {str(above): 9, str(institution): 5}}, {"quotas": {str(above): 9}}),
            (second.project_id, None, {"quotas": {str(institution): 4}}, {"quotas": {}})]
        db.session.remove()
        db.engine.dispose()


def test_teachers_who_signed_in_before_0023_keep_their_first_sign_in(empty_database):
    """0023 keeps each teacher's first sign-in on their row (the registration figures count
    it there): a teacher who signed in twice before takes the first time, the others stay
    without."""
    app = app_on(empty_database)
    with app.app_context():
        demo_down_to(app, "0022")
        db.session.execute(text("DELETE FROM user_session"))
        teacher, user = db.session.execute(text(
            "SELECT id, user_id FROM teacher WHERE user_id IS NOT NULL ORDER BY id")).first()
        for token, day in (("a", "2026-03-02 08:00:00"), ("b", "2026-02-01 09:30:00")):
            db.session.execute(text(
                "INSERT INTO user_session (user_id, token_hash, created_at, last_seen_at)"
                " VALUES (:user, :token, :day, :day)"), {"user": user, "token": token, "day": day})
        db.session.commit()
        db.session.remove()
        upgrade(directory=str(MIGRATIONS), revision="heads")
        kept = dict(db.session.execute(text("SELECT id, signed_in_at FROM teacher")).all())
        assert str(kept.pop(teacher)).startswith("2026-02-01 09:30:00")
        assert kept and set(kept.values()) == {None}
        db.session.remove()
        db.engine.dispose()


def test_kept_standings_before_0025_keep_what_counts_and_get_back_what_was_earned(empty_database):
    """0025 renames the year's counted figure (kept as year_earned) to year_counted and fills
    year_earned from each kept answer's years: a year capped in the answer reads both."""
    app = app_on(empty_database)
    with app.app_context():
        demo_down_to(app, "0024")
        teacher, year, detail = db.session.execute(text(
            "SELECT teacher_id, year, detail FROM teacher_standing ORDER BY teacher_id")).first()
        detail = json.loads(detail) if isinstance(detail, str) else detail
        kept_year = next(y for y in detail["compliance"]["years"] if y["year"] == year)
        kept_year.update(earned="30", counted="24")
        db.session.execute(text("UPDATE teacher_standing SET year_earned = 24, detail = :detail WHERE teacher_id = :t"),
                           {"detail": json.dumps(detail), "t": teacher})
        db.session.commit()
        db.session.remove()
        upgrade(directory=str(MIGRATIONS), revision="heads")
        rows = {t: (e, c) for t, e, c in db.session.execute(text(
            "SELECT teacher_id, year_earned, year_counted FROM teacher_standing")).all()}
        assert [float(x) for x in rows.pop(teacher)] == [30, 24]
        assert rows and all(e >= c for e, c in rows.values())

def test_workshops_set_up_twice_before_0026_keep_the_oldest_the_later_removed_and_audited(empty_database):
    """Nothing kept two admins from setting the same workshop (unit, subject, stage) up at the
    same moment before 0026 made it unique. The oldest of each set stays; each later twin is
    removed as an admin removes a workshop (nothing refers to one), its settings, leader and
    summary kept in a ``workshop.removed`` event (no actor) naming the one kept. A workshop of
    another stage is no twin."""
    app = app_on(empty_database)
    with app.app_context():
        demo_down_to(app, "0025")
        first, unit, subject, stage, created = db.session.execute(text(
            "SELECT id, org_unit_id, subject, stage, created_at FROM workshop ORDER BY id")).first()
        code = db.session.execute(text("SELECT code FROM org_unit WHERE id = :id"), {"id": unit}).scalar()
        leaders = dict(db.session.execute(text(
            "SELECT username, id FROM user_account WHERE username IN ('teacher', 't0001')")).all())
        copy = text("INSERT INTO workshop (org_unit_id, name, subject, stage, leader_id, created_at, summary)"
                    " SELECT org_unit_id, :name, subject, :stage, :leader, created_at, :summary FROM workshop"
                    " WHERE id = :id")  # the same moment: the first set up is the one kept
        for name, twin_stage, leader, summary in (("同时设立的工作坊", stage, "teacher", "本坊总结"),
                                                  ("又一个", stage, "t0001", ""),
                                                  ("初中的工作坊", "junior_high", "t0001", "")):
            db.session.execute(copy, {"name": name, "stage": twin_stage, "leader": leaders[leader],
                                      "summary": summary, "id": first})
        ids = dict(db.session.execute(text("SELECT name, id FROM workshop")).all())
        db.session.commit()
        db.session.remove()
        upgrade(directory=str(MIGRATIONS), revision="heads")
        kept = db.session.execute(text("SELECT id FROM workshop WHERE org_unit_id = :unit ORDER BY id"),
                                  {"unit": unit}).scalars().all()
        assert kept == [first, ids["初中的工作坊"]]
        removed = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "workshop.removed")
                                     .order_by(AuditEvent.subject_id)).all()
        assert [(e.subject_id, e.actor_id, e.org_unit_id, e.before, e.after) for e in removed] == [
            (ids["同时设立的工作坊"], None, unit, {"name": "同时设立的工作坊", "org_unit": code, "subject": subject,
                                              "stage": stage, "leader": "teacher", "summary": "本坊总结"},
             {"duplicate_of": first}),
            (ids["又一个"], None, unit, {"name": "又一个", "org_unit": code, "subject": subject, "stage": stage,
                                       "leader": "t0001", "summary": ""}, {"duplicate_of": first})]
        with pytest.raises(IntegrityError):
            db.session.execute(copy, {"name": "再一个", "stage": stage, "leader": leaders["teacher"], "summary": "",
                                      "id": first})
        db.session.rollback()
        db.session.remove()
        db.engine.dispose()


def test_a_database_upgraded_through_0030_as_first_written_gets_its_revised_at(empty_database):
    """0030 was first committed without ``cycle_conclusion.revised_at`` and given it two hours
    later: a database upgraded in between stood at 0030, then at the head, without the column,
    and every page reading a conclusion failed (a teacher's 上一周期). 0032 adds it where it
    is missing, and changes nothing elsewhere."""
    app = app_on(empty_database)
    with app.app_context():
        demo_down_to(app, "0031")
        # 0030 as first written: the table without the column
        db.session.execute(text("ALTER TABLE cycle_conclusion DROP COLUMN revised_at"))
        db.session.commit()
        db.session.remove()
        upgrade(directory=str(MIGRATIONS), revision="heads")
        columns = {c["name"] for c in inspect(db.engine).get_columns("cycle_conclusion")}
        assert "revised_at" in columns
        db.session.remove()
        # a database that had it all along: down and up again changes nothing
        downgrade(directory=str(MIGRATIONS), revision="0031")
        upgrade(directory=str(MIGRATIONS), revision="heads")
        assert "revised_at" in {c["name"] for c in inspect(db.engine).get_columns("cycle_conclusion")}
        db.session.remove()
        db.engine.dispose()


def test_a_training_project_never_holds_negative_seats_taken_or_no_class(empty_database):
    """PostgreSQL checked ``taken >= 0`` and ``classes >= 1`` (0010), SQLite did not: a seat
    released twice went to -1 there unrefused. Both refuse it now (0034 on SQLite)."""
    app = app_on(empty_database)
    with app.app_context():
        upgrade(directory=str(MIGRATIONS), revision="heads")
        load_demo(app.extensions["portal.region"], clock.today())
        for statement in ("UPDATE training_project SET taken = -1", "UPDATE training_project SET classes = 0"):
            with pytest.raises(IntegrityError):
                db.session.execute(text(statement))
            db.session.rollback()
        db.session.execute(text("UPDATE training_project SET taken = 0, classes = 2"))
        db.session.commit()
        db.session.remove()
        downgrade(directory=str(MIGRATIONS), revision="0033")
        upgrade(directory=str(MIGRATIONS), revision="heads")
        db.engine.dispose()


def test_accounts_kept_before_0035_are_not_asked_to_change_their_password(empty_database):
    """0035 marks a password someone else chose, to be changed at the next sign-in: the accounts
    kept before it (nobody can tell now who chose theirs, and they use it) are left as they were,
    with their sign-in data, and a new row gets the default."""
    app = app_on(empty_database)
    with app.app_context():
        demo_down_to(app, "0034")
        kept = db.session.execute(text("SELECT id, username, password_hash FROM user_account ORDER BY id")).all()
        db.session.remove()
        upgrade(directory=str(MIGRATIONS), revision="heads")
        after = db.session.execute(text(
            "SELECT id, username, password_hash, must_change_password FROM user_account ORDER BY id")).all()
        assert len(kept) > 5 and [tuple(row[:3]) for row in after] == [tuple(row) for row in kept]
        assert {bool(row[3]) for row in after} == {False}
        db.session.execute(text("INSERT INTO user_account (username, display_name, password_hash, active, "
                                "failed_logins, created_at) VALUES ('raw', 'r', 'x', true, 0, CURRENT_TIMESTAMP)"))
        assert db.session.execute(text(
            "SELECT must_change_password FROM user_account WHERE username = 'raw'")).scalar() in (False, 0)
        db.session.rollback()
        db.session.remove()
        downgrade(directory=str(MIGRATIONS), revision="0034")
        assert "must_change_password" not in {c["name"] for c in inspect(db.engine).get_columns("user_account")}
        db.session.remove()
        db.engine.dispose()
