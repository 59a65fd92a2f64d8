"""Extensions created unbound here and bound to the app in ``create_app``."""
import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_sqlalchemy.session import Session
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


REPLICA = "reports"  # the bind of PORTAL_REPORTS_DATABASE_URL: a streaming read replica
_reading_replica: ContextVar[bool] = ContextVar("portal_reading_replica", default=False)


class RoutingSession(Session):
    """The app's session: inside ``from_replica()``, SELECTs go to the read replica when one
    is configured; every other statement, a SELECT that locks rows and every flush go to the
    primary."""

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        if (bind is None and _reading_replica.get() and not self._flushing and getattr(clause, "is_select", False)
                and getattr(clause, "_for_update_arg", None) is None):  # a row lock is the primary's
            replica = self._db.engines.get(REPLICA)
            if replica is not None:
                return replica
        return super().get_bind(mapper=mapper, clause=clause, bind=bind, **kwargs)


@contextmanager
def from_replica() -> Iterator[None]:
    """Reads within go to the read replica (``PORTAL_REPORTS_DATABASE_URL``) when there is
    one, else to the primary as always: for reports, exports and the standings API, which
    may lag the primary by the replica's delay."""
    token = _reading_replica.set(True)
    try:
        yield
    finally:
        _reading_replica.reset(token)


db = SQLAlchemy(model_class=Base, session_options={"class_": RoutingSession})
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address)
talisman = Talisman()


WRITES = "portal_writes"  # execution option of a connection whose transaction will write
BUSY_TIMEOUT_MS = 10_000  # how long a writer waits for the write lock before "database is locked"
OPTIMIZE_EVERY = 3600  # seconds: SQLite's advice for long-lived connections is "every few hours"
_OPTIMIZED = "portal_optimized_at"


def refresh_statistics(engine) -> None:
    """Gather the query planner's statistics, after a bulk load or a rebuilt index: without
    them SQLite guesses, and may walk a whole table along an index that barely filters.
    ANALYZE on both databases (on SQLite within the connection's ``analysis_limit``)."""
    with engine.connect().execution_options(**{WRITES: True}) as connection, connection.begin():
        connection.exec_driver_sql("ANALYZE")


def configure_read_only(engine) -> None:
    """The replica's connections refuse any write, whatever reaches them."""

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        if engine.dialect.name == "sqlite":
            dbapi_connection.execute("PRAGMA query_only = ON")
            return
        autocommit = dbapi_connection.autocommit
        dbapi_connection.autocommit = True
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SET default_transaction_read_only = on")
        dbapi_connection.autocommit = autocommit


def configure_postgresql(engine) -> None:
    """Every statement planned for its own parameters, and no transaction where a request only reads.

    Plans: psycopg prepares a statement run five times on a connection; PostgreSQL then tries a
    generic plan, one for any parameters, after five more. For a scope's ``path LIKE '/1/2/%'``
    the generic plan cannot know how much of the tree the prefix covers: the city's dashboard
    figures went from 0.9 s to 2.8 s on their eleventh run in a worker (bench/standings.py,
    100,000 teachers).

    Transactions: a page that only reads sent BEGIN before its first query and ROLLBACK after its
    last, two of a teacher's home's five round trips to the server. Under READ COMMITTED each
    statement reads what was committed when it starts, inside a transaction or not, so a read
    needs none: the connection runs in autocommit, and BEGIN goes first where a transaction is
    needed (``_begins``): on a writer's connection (``writing()``) before its first statement, and
    before any statement that writes, locks or opens a savepoint or a server-side cursor on a
    reader's. What a use case reads before it writes was read alone, as it would have been inside
    the transaction; from its first write on, everything until COMMIT or ROLLBACK is one
    transaction, as before."""

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        dbapi_connection.autocommit = True
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SET plan_cache_mode = force_custom_plan")

    @event.listens_for(engine, "checkout")
    def on_checkout(dbapi_connection, _record, _proxy):
        # SQLAlchemy turns autocommit off when it sets an isolation level back to the default
        if dbapi_connection.pgconn.transaction_status == _IDLE:
            dbapi_connection.autocommit = True

    @event.listens_for(engine, "before_cursor_execute")
    def before_execute(connection, cursor, statement, _parameters, _context, _executemany):
        dbapi_connection = cursor.connection
        if (dbapi_connection.autocommit and dbapi_connection.pgconn.transaction_status == _IDLE
                and _begins(connection, cursor, statement)):
            dbapi_connection.execute("BEGIN")


_IDLE = 0  # libpq's PQTRANS_IDLE: no transaction open on the server
# a row lock, as SQLAlchemy writes it ( FOR UPDATE OF t) or as typed in a text() (\nfor update)
_LOCKING = re.compile(r"\bFOR\s+(?:NO\s+KEY\s+UPDATE|UPDATE|KEY\s+SHARE|SHARE)\b", re.IGNORECASE)


def _begins(connection, cursor, statement: str) -> bool:
    """Whether ``statement`` needs a transaction open before it: anything on a writer's connection,
    and on a reader's anything but a plain SELECT (a write, a lock, a savepoint, DDL) or a
    SELECT through a server-side cursor, which lives only inside a transaction. Never on a
    connection asked to run without one (``isolation_level="AUTOCOMMIT"``: a VACUUM, which
    refuses to run inside a transaction), on either database."""
    head = statement.lstrip()[:6].upper()
    if head.startswith("BEGIN"):  # SQLite's writer begins with its own
        return False
    if connection.get_execution_options().get("isolation_level") == "AUTOCOMMIT":
        return False
    if connection.get_execution_options().get(WRITES) or getattr(cursor, "name", None):
        return True
    return head != "SELECT" or _LOCKING.search(statement) is not None


def configure_sqlite(engine) -> None:
    """WAL, foreign keys, recursive triggers, and a transaction that takes the write lock only
    when it declares it writes.

    A reader opens no transaction: each of its statements reads alone and never waits for a
    writer under WAL; where it writes without declaring it, a plain (deferred) BEGIN goes first. A
    writer (a connection with the ``WRITES`` execution option, see services/transactions.py)
    begins with BEGIN IMMEDIATE: a deferred transaction that has read and then writes fails
    with "database is locked" when another writer committed in between, whatever the busy
    timeout (SQLAlchemy's pysqlite recipe; DESIGN pitfall 2)."""

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        # REPLACE deletes the row it replaces without firing delete triggers unless this is
        # on, which would let INSERT OR REPLACE rewrite an append-only ledger entry or event.
        cursor.execute("PRAGMA recursive_triggers=ON")
        # ANALYZE samples this many index rows: a few milliseconds even for millions of rows
        cursor.execute("PRAGMA analysis_limit=1000")
        cursor.close()

    # SQLite's advice for connections that live long (these live in the pool): PRAGMA
    # optimize before closing and every few hours; here also after a connection's first
    # use, so a database never analyzed gets statistics at once. It analyzes only the
    # tables this connection's queries used that were never analyzed or have changed a lot
    # since, so it is usually a no-op.
    @event.listens_for(engine, "checkin")
    def on_checkin(dbapi_connection, record):
        last = record.info.get(_OPTIMIZED)
        if dbapi_connection is not None and (last is None or time.monotonic() - last > OPTIMIZE_EVERY):
            record.info[_OPTIMIZED] = time.monotonic()
            _optimize(dbapi_connection)

    @event.listens_for(engine, "close")
    def on_close(dbapi_connection, _record):
        _optimize(dbapi_connection)

    # A reader's transaction begins only where it writes after all (``_begins``), as on
    # PostgreSQL: its reads, each alone, see what was committed when they start, and never wait.
    @event.listens_for(engine, "begin")
    def on_begin(connection):
        if connection.get_execution_options().get(WRITES, False):
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    @event.listens_for(engine, "checkout")
    def on_checkout(dbapi_connection, _record, _proxy):
        # SQLAlchemy sets isolation_level "" when it sets an isolation level back to the default (after
        # a connection asked for AUTOCOMMIT), on which the driver would begin its own transactions
        if not dbapi_connection.in_transaction:
            dbapi_connection.isolation_level = None

    @event.listens_for(engine, "before_cursor_execute")
    def before_execute(connection, cursor, statement, _parameters, _context, _executemany):
        if not cursor.connection.in_transaction and _begins(connection, cursor, statement):
            cursor.connection.execute("BEGIN")


def _optimize(dbapi_connection) -> None:
    """PRAGMA optimize, without waiting for a writer: the statistics can wait for next time."""
    with suppress(sqlite3.Error):
        dbapi_connection.execute("PRAGMA busy_timeout=100")
        try:
            dbapi_connection.execute("PRAGMA optimize")
        finally:
            dbapi_connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
