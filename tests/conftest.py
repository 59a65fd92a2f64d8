"""Fixtures: an app per test on its own migrated database, built with an explicit region.

SQLite by default: the schema is migrated once into a template file that each test
copies. With ``PORTAL_TEST_DATABASE_URL`` (PostgreSQL), the schema is migrated once and
every table is emptied after each test.
"""
from __future__ import annotations

import os
import shutil

import pytest
from sqlalchemy import create_engine, text

from portal import clock
from portal import create_app
from portal.config import normalise_database_url
from portal.extensions import db
from portal.services.demo import load_demo
from tests.support import BASE_CONFIG, all_regions


@pytest.fixture(scope="session", autouse=True)
def jobs_run_at_once():
    """Queued background jobs run at once in the caller's process (huey's immediate mode, its
    storage in memory), as a worker would run them; nothing is left in the instance folder."""
    from portal.jobs import huey

    huey.immediate = True
    yield
    huey.immediate = False


@pytest.fixture(scope="session")
def database(tmp_path_factory):
    """A migrated database to start each test from: ("sqlite", template path) or ("url", url)."""
    url = os.environ.get("PORTAL_TEST_DATABASE_URL")
    if url:
        engine = create_engine(normalise_database_url(url))
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
        _migrate(url)
        return ("url", url)
    template = tmp_path_factory.mktemp("db") / "template.sqlite3"
    _migrate(f"sqlite:///{template}")
    return ("sqlite", template)


def _migrate(url: str) -> None:
    app = create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": url, "PORTAL_AUTO_MIGRATE": True,
                      "PORTAL_REGION": "example"}, regions=all_regions())
    with app.app_context():
        db.engine.dispose()  # SQLite: closing the last connection folds the WAL into the file


@pytest.fixture(scope="session")
def signing_key(tmp_path_factory) -> str:
    """A bureau's signing key for the tests' portals, never the instance folder's."""
    from portal.services.signing import new_key, write_key

    path = tmp_path_factory.mktemp("keys") / "signing-key.jwk"
    write_key(path, new_key())
    return str(path)


@pytest.fixture
def make_app(database, tmp_path, signing_key):
    """Build an app for a region on this test's database: ``make_app("qingdao", demo=True)``."""
    kind, where = database
    if kind == "sqlite":
        path = tmp_path / "portal.sqlite3"
        shutil.copy(where, path)
        url = f"sqlite:///{path}"
    else:
        url = where
    apps = []

    def make(region: str = "example", demo: bool = False, **config):
        app = create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": url, "PORTAL_AUTO_MIGRATE": False,
                          "PORTAL_REGION": region, "PORTAL_EVIDENCE_DIR": str(tmp_path / "evidence"),
                          "PORTAL_DOCUMENTS_DIR": str(tmp_path / "documents"),
                          "PORTAL_EXPORTS_DIR": str(tmp_path / "exports"), "PORTAL_IMPORTS_DIR": str(tmp_path / "imports"),
                          "PORTAL_SIGNING_KEY": signing_key, **config},
                         regions=all_regions())
        if demo:
            with app.app_context():
                load_demo(app.extensions["portal.region"], clock.today())
        apps.append(app)
        return app

    yield make
    for app in apps:
        with app.app_context():
            db.session.remove()
            if kind == "url":
                tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
                with db.engine.begin() as conn:
                    # The ledger and the audit trail refuse TRUNCATE by trigger; a superuser
                    # may skip triggers for this transaction, as a replica applying changes does.
                    conn.execute(text("SET LOCAL session_replication_role = replica"))
                    conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
            db.engine.dispose()


@pytest.fixture
def app(make_app):
    return make_app("example", demo=True)


@pytest.fixture
def client(app):
    return app.test_client()
