"""Extensions created unbound here and bound to the app in ``create_app``."""
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_talisman import Talisman
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.orm import DeclarativeBase

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address)
talisman = Talisman()


WRITES = "portal_writes"  # execution option of a connection whose transaction will write


def configure_sqlite(engine) -> None:
    """WAL, foreign keys, recursive triggers, and a transaction that takes the write lock only
    when it declares it writes.

    A reader begins with a plain (deferred) BEGIN and never waits for a writer under WAL. A
    writer (a connection with the ``WRITES`` execution option, see services/transactions.py)
    begins with BEGIN IMMEDIATE: a deferred transaction that has read and then writes fails
    with "database is locked" when another writer committed in between, whatever the busy
    timeout (SQLAlchemy's pysqlite recipe; DESIGN pitfall 2)."""

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        # REPLACE deletes the row it replaces without firing delete triggers unless this is
        # on, which would let INSERT OR REPLACE rewrite an append-only ledger entry or event.
        cursor.execute("PRAGMA recursive_triggers=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection):
        writes = connection.get_execution_options().get(WRITES, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")
