"""``GET /healthz``: what a load balancer or a monitor asks of each web process (README,
"Production"). 200 while the database answers at this release's schema, 503 saying which
otherwise; public, and answered over the plain HTTP a balancer uses even in production."""
from __future__ import annotations

from sqlalchemy import text

from portal.extensions import db


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
    assert response.get_json() == {"status": "unavailable", "reason": "schema"}


def test_a_database_that_does_not_answer_is_unhealthy(make_app, tmp_path):
    app = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/no-such-folder/p.sqlite3")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "reason": "database"}
