"""With ``PORTAL_REPORTS_DATABASE_URL``, reports, exports and the standings API read from the
read replica, and nothing ever writes there: who may read is still decided on the primary,
and a stale standing is computed on the primary and read from it."""
import shutil
import sqlite3

import pytest
from sqlalchemy import event, select

from portal import clock
from portal.extensions import REPLICA, db, from_replica
from portal.models import Teacher, TeacherStanding, User
from portal.services import reports
from tests.support import login


def statements_on(engine):
    seen = []
    event.listen(engine, "before_cursor_execute", lambda _c, _cur, statement, *_a: seen.append(statement))
    return seen


def reading(statement: str) -> bool:
    return statement.lstrip().upper().startswith(("SELECT", "WITH", "PRAGMA", "SET")) or statement == "BEGIN"


def app_with_replica(make_app, region="qingdao"):
    primary = make_app(region, demo=True)
    url = primary.config["SQLALCHEMY_DATABASE_URI"]
    return make_app(region, PORTAL_REPORTS_DATABASE_URL=url), url


def test_reports_exports_and_the_api_read_the_replica_and_never_write_there(make_app):
    app, _url = app_with_replica(make_app)
    with app.app_context():
        replica, primary = db.engines[REPLICA], db.engines[None]
    on_replica, on_primary = statements_on(replica), statements_on(primary)
    client = app.test_client()
    login(client, "province_admin")
    for url in ("/admin/reports/compliance", "/admin/reports/compliance/export.xlsx", "/api/standings?page=1"):
        before = len(on_replica)
        assert client.get(url).status_code == 200, url
        assert len(on_replica) > before, f"{url} read nothing from the replica"
    assert on_replica and all(reading(s) for s in on_replica), [s for s in on_replica if not reading(s)][:3]
    before = len(on_replica)
    assert client.get("/admin/teachers").status_code == 200
    assert len(on_replica) == before, "other pages read the primary"
    assert on_primary


def test_a_write_inside_a_replica_read_goes_to_the_primary(make_app):
    app, _url = app_with_replica(make_app)
    with app.app_context():
        on_replica = statements_on(db.engines[REPLICA])
        with from_replica():
            teacher = db.session.scalar(select(Teacher).order_by(Teacher.id))
            teacher.phone = "13900000000"
            db.session.commit()
        assert all(reading(s) for s in on_replica)
        db.session.expire_all()
        assert db.session.get(Teacher, teacher.id).phone == "13900000000"


def test_the_report_shows_what_the_replica_holds(make_app, tmp_path):
    """A replica where every teacher has met the cycle: the report counts them all, while
    the primary, and every page other than the reports, still says otherwise."""
    primary = make_app("shanxi", demo=True)
    url = primary.config["SQLALCHEMY_DATABASE_URI"]
    if not url.startswith("sqlite:///"):
        pytest.skip("a second database to stand for the replica is made only on SQLite")
    with primary.app_context(), primary.test_request_context():
        admin = db.session.scalar(select(User).where(User.username == "city_admin"))
        before = reports.report_view(primary.extensions["portal.region"], admin, "compliance", None, clock.today())
        assert before.total.summary.teachers_meeting_cycle < before.total.summary.teachers
        db.session.remove()
        db.engine.dispose()
    copy = tmp_path / "replica.sqlite3"
    shutil.copy(url.removeprefix("sqlite:///"), copy)
    with sqlite3.connect(copy) as connection:
        connection.execute("UPDATE teacher_standing SET cycle_met = 1")
    app = make_app("shanxi", PORTAL_REPORTS_DATABASE_URL=f"sqlite:///{copy}")
    with app.app_context(), app.test_request_context():
        admin = db.session.scalar(select(User).where(User.username == "city_admin"))
        view = reports.report_view(app.extensions["portal.region"], admin, "compliance", None, clock.today())
        assert view.total.summary.teachers_meeting_cycle == view.total.summary.cycle_asked  # one asked 0 is apart
        assert db.session.scalar(select(db.func.count()).where(TeacherStanding.cycle_met)) \
            == before.total.summary.teachers_meeting_cycle + before.total.summary.cycle_exempt
