"""Lists are computed set-based: the number of queries does not grow with the rows shown."""
from contextlib import contextmanager

from sqlalchemy import event

from portal.extensions import db
from tests.support import login


@contextmanager
def counted_queries(app):
    statements = []
    with app.app_context():
        engine = db.engine

    def count(_conn, _cursor, statement, *_args):
        if not statement.startswith(("BEGIN", "PRAGMA", "SAVEPOINT", "RELEASE")):
            statements.append(statement)

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
