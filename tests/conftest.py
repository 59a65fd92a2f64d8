"""Fixtures: an app per test on its own migrated database, built with an explicit region.

SQLite by default: the schema is migrated once into a template file that each test
copies. With ``PORTAL_TEST_DATABASE_URL`` (PostgreSQL), the schema is migrated once and
every table is emptied after each test.
"""
from __future__ import annotations

import os
import shutil
import sqlite3
from contextlib import closing

import pytest
from sqlalchemy import create_engine, make_url, text

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
        url = _worker_database(url)
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


def _worker_database(url: str) -> str:
    """With tests spread over processes (pytest-xdist), each worker its own database beside
    the one named, made afresh: ``test`` gives ``test_gw0``, ``test_gw1``."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    given = make_url(url)
    name = f"{given.database}_{worker}"
    admin = create_engine(normalise_database_url(url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return given.set(database=name).render_as_string(hide_password=False)


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


@pytest.fixture(scope="session")
def demo_snapshots(tmp_path_factory):
    """Each region's demo, loaded once per session and day and configuration, then copied.

    A demo takes one to four seconds to build through the services and most tests start
    from one: a snapshot of the first load serves the rest (a file on SQLite, a schema of
    copied tables on PostgreSQL), so that the suite spends its time in what it tests. The files the demo keeps (its
    projects' training materials) are copied with it into each test's evidence folder."""
    return {"folder": tmp_path_factory.mktemp("demos"), "taken": {}, "files": {}}


@pytest.fixture
def make_app(database, tmp_path, signing_key, demo_snapshots):
    """Build an app for a region on this test's database: ``make_app("qingdao", demo=True)``."""
    kind, where = database
    path = tmp_path / "portal.sqlite3"
    url = f"sqlite:///{path}" if kind == "sqlite" else where
    apps = []

    def make(region: str = "example", demo: bool = False, **config):
        first = not apps
        # where files go does not change the demo's rows
        key = (region, clock.today(), repr(sorted((k, v) for k, v in config.items() if not k.endswith("_DIR"))))
        snapshot = demo_snapshots["taken"].get(key) if demo and first else None
        if kind == "sqlite" and first:
            shutil.copy(snapshot or where, path)
        app = create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": url, "PORTAL_AUTO_MIGRATE": False,
                          "PORTAL_REGION": region, "PORTAL_EVIDENCE_DIR": str(tmp_path / "evidence"),
                          "PORTAL_DOCUMENTS_DIR": str(tmp_path / "documents"),
                          "PORTAL_EXPORTS_DIR": str(tmp_path / "exports"), "PORTAL_IMPORTS_DIR": str(tmp_path / "imports"),
                          "PORTAL_SIGNING_KEY": signing_key, **config},
                         regions=all_regions())
        apps.append(app)
        if snapshot is not None and demo_snapshots["files"].get(key) is not None:
            shutil.copytree(demo_snapshots["files"][key], app.config["PORTAL_EVIDENCE_DIR"], dirs_exist_ok=True)
        if snapshot is not None and kind == "url":
            with app.app_context():
                _restore_schema(snapshot)
        elif demo and snapshot is None:
            with app.app_context():
                load_demo(app.extensions["portal.region"], clock.today())
                if first:
                    name = f"demo{len(demo_snapshots['taken'])}"
                    if kind == "sqlite":
                        demo_snapshots["taken"][key] = _copy_sqlite(path, demo_snapshots["folder"] / f"{name}.sqlite3")
                    else:
                        demo_snapshots["taken"][key] = _copy_schema(name)
                    kept = app.config["PORTAL_EVIDENCE_DIR"]
                    if os.path.isdir(kept):
                        demo_snapshots["files"][key] = shutil.copytree(kept, demo_snapshots["folder"] / f"{name}-files")
        return app

    yield make
    for app in apps:
        with app.app_context():
            db.session.remove()
            # an app a test pointed at another database (one that does not answer) is not this one's
            if kind == "url" and db.engine.dialect.name == "postgresql":
                tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
                with db.engine.begin() as conn:
                    # The ledger and the audit trail refuse TRUNCATE by trigger; a superuser
                    # may skip triggers for this transaction, as a replica applying changes does.
                    conn.execute(text("SET LOCAL session_replication_role = replica"))
                    conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
            db.engine.dispose()


def _copy_sqlite(source, target):
    """A consistent copy of a database the app may still hold open (SQLite's backup API)."""
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)
    return target


def _copy_schema(name: str) -> str:
    """Every table's rows copied into schema ``name`` (PostgreSQL)."""
    with db.engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
        conn.execute(text(f'CREATE SCHEMA "{name}"'))
        for table in db.metadata.sorted_tables:
            conn.execute(text(f'CREATE TABLE "{name}"."{table.name}" AS TABLE public."{table.name}"'))
    return name


def _restore_schema(name: str) -> None:
    """The rows of schema ``name`` back into the empty tables, each sequence past its rows."""
    with db.engine.begin() as conn:
        conn.execute(text("SET LOCAL session_replication_role = replica"))
        for table in db.metadata.sorted_tables:
            conn.execute(text(f'INSERT INTO public."{table.name}" OVERRIDING SYSTEM VALUE '
                              f'SELECT * FROM "{name}"."{table.name}"'))
        counters = conn.execute(text(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' "
            "AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')")).all()
        for table, column in counters:
            conn.execute(text(
                f"SELECT setval(pg_get_serial_sequence('public.\"{table}\"', '{column}'), "
                f'coalesce((SELECT max("{column}") FROM public."{table}"), 0) + 1, false)'))


@pytest.fixture
def app(make_app):
    return make_app("example", demo=True)


@pytest.fixture
def client(app):
    return app.test_client()
