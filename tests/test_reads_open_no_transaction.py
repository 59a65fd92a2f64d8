"""A page that only reads opens no transaction on the database (on PostgreSQL it sent BEGIN and
ROLLBACK, two of a teacher's home's five round trips); anything that writes, locks or opens a
savepoint still runs inside one, declared (``writing()``) or not, so nothing is half saved.
On SQLite and, with PORTAL_TEST_DATABASE_URL, on PostgreSQL."""
from contextlib import ExitStack, contextmanager

import pytest
from sqlalchemy import event, select, text

from portal.extensions import db
from portal.models import OrgUnit
from portal.services.transactions import writing
from tests.support import login


def _open(cursor) -> bool:
    """Whether the database holds a transaction open on the cursor's connection."""
    connection = cursor.connection
    if hasattr(connection, "pgconn"):  # psycopg
        return connection.pgconn.transaction_status != 0  # libpq's PQTRANS_IDLE
    return connection.in_transaction


@contextmanager
def sent(app):
    """Each statement sent, with whether a transaction was open when it went."""
    seen = []

    def spy(_connection, cursor, statement, *_):
        seen.append((statement.split()[0].upper(), _open(cursor)))

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", spy)
    try:
        yield seen
    finally:
        with app.app_context():
            event.remove(db.engine, "before_cursor_execute", spy)


def test_a_teachers_pages_read_outside_any_transaction(app):
    client = app.test_client()
    login(client, "teacher")
    for page in ("/me/", "/me/compliance", "/me/ledger"):
        client.get(page)  # a standing not kept yet is computed and kept on a first read
        with sent(app) as seen:
            assert client.get(page).status_code == 200
        assert seen and seen == [("SELECT", False)] * len(seen), (page, seen)


def test_a_write_nobody_declared_still_runs_in_one_transaction(app):
    with app.app_context():
        unit = db.session.scalar(select(OrgUnit).order_by(OrgUnit.id))
        name = unit.name
        with sent(app) as seen:
            db.session.execute(text("UPDATE org_unit SET name = :name WHERE id = :id"), {"name": "改了", "id": unit.id})
            db.session.execute(text("UPDATE org_unit SET code = code WHERE id = :id"), {"id": unit.id})
        assert seen == [("UPDATE", True), ("UPDATE", True)]
        db.session.rollback()  # a refusal after the first write keeps nothing
        db.session.expire_all()
        assert db.session.get(OrgUnit, unit.id).name == name


def test_a_declared_writer_reads_inside_its_transaction(app):
    with app.app_context():
        with sent(app) as seen:
            writing()
            db.session.scalar(select(OrgUnit.id).limit(1))
        assert seen[-1] == ("SELECT", True)
        db.session.rollback()


def test_a_lock_is_taken_inside_a_transaction(app):
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            pytest.skip("SQLite has no row locks (FOR UPDATE): a writer takes the database's write lock")
        with sent(app) as seen:
            db.session.execute(select(OrgUnit.id).limit(1).with_for_update())
        assert seen == [("SELECT", True)]
        db.session.rollback()


def test_a_lock_typed_in_lower_case_is_taken_inside_a_transaction(app):
    """A row lock written by hand (``text()``), in lower case or after a line break, is a lock too:
    run alone in autocommit it would be released as soon as taken."""
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            pytest.skip("SQLite has no row locks (FOR UPDATE)")
        for statement in ("select id from org_unit order by id limit 1 for update",
                          "SELECT id FROM org_unit ORDER BY id LIMIT 1\nFOR NO KEY UPDATE"):
            with sent(app) as seen:
                db.session.execute(text(statement))
            assert seen == [("SELECT", True)], statement
            db.session.rollback()


def test_a_connection_asked_to_run_without_a_transaction_runs_without_one(app):
    """A connection in autocommit (``isolation_level="AUTOCOMMIT"``) is given no BEGIN on either
    database: SQLite's VACUUM, which refuses to run inside a transaction, failed with "cannot
    VACUUM from within a transaction" where PostgreSQL's ran."""
    with app.app_context():
        vacuum = "VACUUM" if db.engine.dialect.name == "sqlite" else "VACUUM org_unit"
        with sent(app) as seen, db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql(vacuum)
        assert seen == [("VACUUM", False)]
        # and a connection handed back from autocommit is the portal's again when checked out
        # (SQLAlchemy gave SQLite's driver isolation_level "", on which it begins transactions itself)
        with ExitStack() as stack:
            for _ in range(db.engine.pool.checkedin() + 1):
                raw = stack.enter_context(db.engine.connect()).connection.dbapi_connection
                if db.engine.dialect.name == "sqlite":
                    assert raw.isolation_level is None and not raw.in_transaction
                else:
                    assert raw.autocommit
