"""``GET /healthz``: what a load balancer or a monitor asks of each web process (README,
"Production"). 200 while the database answers at this release's schema, 503 saying which
otherwise; public, and answered over the plain HTTP a balancer uses even in production."""
from __future__ import annotations

import shutil

from sqlalchemy import text

import portal
from portal.extensions import db
from portal.services import health


def test_a_process_at_this_releases_schema_is_healthy(make_app):
    response = make_app().test_client().get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_in_production_a_balancer_asking_over_plain_http_is_answered_not_redirected(make_app):
    app = make_app(PORTAL_ENV="production", SESSION_COOKIE_SECURE=True)
    response = app.test_client().get("/healthz", base_url="http://10.0.0.5:8000")
    assert response.status_code == 200
    # the pages themselves are still sent to HTTPS
    assert app.test_client().get("/login", base_url="http://10.0.0.5:8000").status_code in (301, 302)


def test_a_database_not_upgraded_to_this_release_is_unhealthy(make_app):
    """A release installed and its `portal db upgrade` forgotten: the balancer takes the
    process out rather than sending teachers to pages that fail."""
    app = make_app()
    with app.app_context():
        (revision,) = db.session.execute(text("SELECT version_num FROM alembic_version")).one()
        db.session.execute(text("UPDATE alembic_version SET version_num = '0001'"))
        db.session.commit()
        try:
            response = app.test_client().get("/healthz")
        finally:
            db.session.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})
            db.session.commit()
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "reason": "schema", "action": health.ACTIONS["schema"]}
    assert "portal db upgrade" in response.get_json()["action"]


def test_a_database_that_does_not_answer_is_unhealthy(make_app, tmp_path):
    app = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/no-such-folder/p.sqlite3")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "reason": "database",
                                   "action": health.ACTIONS["database"]}


def _database_at(app, revision: str):
    """/healthz asked while the database is at ``revision``, then put back."""
    with app.app_context():
        (kept,) = db.session.execute(text("SELECT version_num FROM alembic_version")).one()
        db.session.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})
        db.session.commit()
        try:
            return app.test_client().get("/healthz")
        finally:
            db.session.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": kept})
            db.session.commit()


def test_a_process_still_running_after_a_newer_release_upgraded_the_database_says_to_restart_it(make_app):
    """`git pull` of the next release and `portal db upgrade` while the old gunicorn runs: its
    processes answered "schema" (run `portal db upgrade`), which had just run; they say they
    must be restarted."""
    response = _database_at(make_app(), "9999_of_a_newer_release")
    assert response.status_code == 503
    answer = response.get_json()
    assert answer["reason"] == "restart" and "restart this process" in answer["action"]
    assert "portal db upgrade" not in answer["action"]


def test_a_process_knows_its_release_from_its_start_not_from_a_later_checkout(make_app, tmp_path, monkeypatch):
    """The next release's migrations/ pulled into the checkout while a process of the previous
    one runs: that process, asked only then, read the new heads and answered 200 over a database
    its code does not know."""
    forget_the_release()
    app = make_app()
    pulled = tmp_path / "migrations"
    shutil.copytree(portal.MIGRATIONS, pulled, ignore=shutil.ignore_patterns("__pycache__"))
    (head,) = health.release_heads()
    (pulled / "versions" / "9999_next.py").write_text(
        f'revision = "9999"\ndown_revision = "{head}"\nbranch_labels = None\ndepends_on = None\n\n\n'
        "def upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n")
    monkeypatch.setattr(portal, "MIGRATIONS", pulled)
    try:
        response = _database_at(app, "9999")
        assert response.status_code == 503 and response.get_json()["reason"] == "restart"
        forget_the_release()  # the next process, started from the new checkout, is healthy
        assert _database_at(app, "9999").status_code == 200
    finally:
        forget_the_release()  # the other tests' processes read the release again, unpatched


def forget_the_release() -> None:
    health.release_heads.cache_clear()
    health.release_revisions.cache_clear()
