"""Lists are computed set-based: the number of queries does not grow with the rows shown."""
from contextlib import contextmanager

import pytest
from sqlalchemy import event, text

from portal.extensions import db
from portal.services import ledger
from tests.support import login, signed_in


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
    # one school's teachers against the district's: the same statements, but for the first
    # steps, which only a bureau's admin is asked (services/dashboard.py first_steps), and the
    # records waiting for a step nobody can take (services/reviews.py stranded), asked of a
    # bureau's admin only, in four statements however many schools and records
    assert queries(app, "school_admin", "/admin/") == queries(app, "district_admin", "/admin/") - 1 - 4


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


def test_postgresql_plans_each_statement_for_its_own_parameters(app):
    """A generic plan, made for any scope's path prefix, tripled the dashboard's time."""
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("PostgreSQL's plan cache")
        db.engine.dispose()
        assert db.session.execute(text("SHOW plan_cache_mode")).scalar() == "force_custom_plan"


def test_the_teachers_home_reads_the_user_their_record_and_standing_and_their_entries(make_app):
    """Three statements once the standing is kept: the session with the user, their roles
    and unread count; the teacher's record with the kept standing; the latest entries."""
    app = make_app("qingdao", demo=True)
    client = app.test_client()
    login(client, "teacher")
    assert client.get("/me/").status_code == 200  # the standing is computed and kept
    with counted_queries(app) as statements:
        page = client.get("/me/")
    assert page.status_code == 200
    assert len(statements) == 3, [s for s, _p in statements]


def test_the_badge_counts_what_the_session_notified_after_the_user_was_read(make_app):
    from portal.models import Notification, User
    from portal.services import notifications

    app = make_app("qingdao", demo=True)
    with app.test_request_context():
        user = db.session.scalar(db.select(User).filter_by(username="teacher"))
        before = db.session.scalar(db.select(db.func.count(Notification.id))
                                   .filter_by(user_id=user.id, read_at=None))
        notifications.remember_unread(user.id, before)
        notifications.notify([user.id], user, "test")
        db.session.commit()
        assert notifications.unread_count(user.id) == before + 1
        notifications.mark_read(user)
        assert notifications.unread_count(user.id) == 0


def test_the_teachers_catalog_judges_its_cards_without_a_query_per_card(make_app):
    """Each card says whether the teacher may take it: read once for the page, not per project."""
    import re

    from portal.models import Enrollment, Teacher, User

    app = make_app("qingdao", demo=True)
    counts = []
    for size in range(1, 7):  # a card the teacher already holds is not judged: the read comes with the first other
        app.config["PORTAL_PAGE_SIZE"] = size
        counts.append(queries(app, "teacher", "/catalog?sort=starting"))
    one = counts[0]
    app.config["PORTAL_PAGE_SIZE"] = 40
    many = queries(app, "teacher", "/catalog?sort=starting")
    assert counts == sorted(counts) and len(set(counts)) <= 2, counts  # read once for the page, at most
    assert many == counts[-1]
    app.config["PORTAL_PAGE_SIZE"] = 1
    page = signed_in(app, "teacher").get("/catalog?sort=starting").get_data(as_text=True)
    first = int(re.search(r'href="/catalog/(\d+)"', page).group(1))
    with app.app_context():
        teacher = db.session.scalar(db.select(Teacher).join(User).where(User.username == "teacher"))
        held = db.session.scalar(db.select(Enrollment.id).filter_by(teacher_id=teacher.id, project_id=first))
    if held is None:  # the first card is judged (as in the autumn demo): one card reads all there is to read
        assert many == one


def test_the_enrol_page_judges_its_teachers_without_a_query_per_teacher(make_app):
    """An admin's list of teachers to submit says why each would be refused: read once for the page."""
    from tests.test_training_process import _new_project

    app = make_app("shanxi", demo=True)
    district = app.test_client()
    login(district, "district_admin")
    project_id = _new_project(app, district, level="county", stages=[])
    district.post(f"/projects/{project_id}/declare")
    app.config["PORTAL_PAGE_SIZE"] = 2
    few = queries(app, "district_admin", f"/projects/{project_id}/enrol")
    app.config["PORTAL_PAGE_SIZE"] = 30
    assert queries(app, "district_admin", f"/projects/{project_id}/enrol") == few


def test_the_trainings_that_would_fill_a_duty_are_judged_without_a_query_per_training(make_app):
    """The duties page's trainings that would help are judged at once for each who could select
    them (the teacher, else an admin), not training by training."""
    from portal.services import suggestions

    app = make_app("qingdao", demo=True)
    client = app.test_client()
    login(client, "teacher")
    with counted_queries(app) as statements:
        page = client.get("/me/compliance/trainings").get_data(as_text=True)
    assert page.count('class="card"') >= 2  # more trainings than reads of the calendar below
    calendar_reads = [s for s, _ in statements if "FROM selection_phase" in s]
    assert 1 <= len(calendar_reads) <= len(suggestions.SELECTORS)
