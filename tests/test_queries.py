"""Lists are computed set-based: the number of queries does not grow with the rows shown."""
from contextlib import contextmanager

import pytest
from sqlalchemy import event, text

from portal.extensions import db
from portal.services import ledger
from tests.support import login


@contextmanager
def counted_queries(app):
    statements = []
    with app.app_context():
        engine = db.engine

    def count(_conn, _cursor, statement, parameters, *_args):
        if not statement.startswith(("BEGIN", "PRAGMA", "SAVEPOINT", "RELEASE")):
            statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def queries(app, username, url):
    client = app.test_client()
    login(client, username)
    with counted_queries(app) as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def test_teacher_list_queries_do_not_depend_on_the_page_size(make_app):
    app = make_app("qingdao", demo=True)
    app.config["PORTAL_PAGE_SIZE"] = 5
    few = queries(app, "province_admin", "/admin/teachers")
    app.config["PORTAL_PAGE_SIZE"] = 40
    assert queries(app, "province_admin", "/admin/teachers") == few


def test_admin_home_queries_do_not_depend_on_the_number_of_teachers(make_app):
    app = make_app("qingdao", demo=True)
    assert queries(app, "school_admin", "/admin/") == queries(app, "district_admin", "/admin/")


def test_org_tree_queries_do_not_depend_on_the_number_of_units(make_app):
    app = make_app("qingdao", demo=True)
    assert queries(app, "school_admin", "/admin/orgs") == queries(app, "province_admin", "/admin/orgs")


def test_counted_entries_are_sought_by_teacher_even_without_statistics(make_app):
    """SQLite plans without statistics until ANALYZE: "reverses_id IS NULL" or "audit_state =
    'approved'" (most of the ledger) must never be the way into it."""
    app = make_app("qingdao", demo=True)
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("PostgreSQL always has statistics (autovacuum analyzes)")
        states = app.extensions["portal.region"].audit_workflow().counting()
        with counted_queries(app) as statements:
            ledger.records_for(1, states)
            ledger.records_by_teacher([1, 2, 3], states)
            ledger.records_by_teacher(range(1, ledger.LISTED + 2), states)  # bound as one parameter
        db.session.execute(text("DROP TABLE IF EXISTS sqlite_stat1"))
        db.session.commit()
        db.engine.dispose()
        with db.engine.connect() as conn:
            plans = [[row[3] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)]
                     for statement, parameters in statements]
    ways_in = [step for plan in plans for step in plan if step.startswith(("SCAN ledger_entry", "SEARCH ledger_entry "))]
    assert len(ways_in) == 3 and all("teacher_id=?" in step for step in ways_in), plans
