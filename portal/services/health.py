"""Whether this process can serve: its database answers and holds this release's schema
(the load balancer's and the monitor's question, ``GET /healthz``; ``portal`` commands say the
same in words when they fail on the database)."""
from __future__ import annotations

from functools import lru_cache

from sqlalchemy.exc import DBAPIError

from ..extensions import db

DATABASE, SCHEMA = "database", "schema"


@lru_cache(maxsize=1)
def release_heads() -> frozenset[str]:
    """This release's Alembic heads, read from migrations/ once a process."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from .. import MIGRATIONS

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return frozenset(ScriptDirectory.from_config(config).get_heads())


def database_revisions() -> frozenset[str]:
    """The revisions the database is at (empty: no schema yet); ``OperationalError`` when it
    cannot be reached. Read on a connection of its own, outside any session's transaction."""
    from alembic.migration import MigrationContext

    with db.engine.connect() as connection:
        return frozenset(MigrationContext.configure(connection).get_current_heads())


def problem() -> str | None:
    """``DATABASE`` when the database does not answer, ``SCHEMA`` when it is not at this
    release's revision (``portal db upgrade`` not run), else None."""
    try:
        current = database_revisions()
    except DBAPIError:
        return DATABASE
    return None if current == release_heads() else SCHEMA
