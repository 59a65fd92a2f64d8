"""Whether this process can serve: its database answers and holds this release's schema
(the load balancer's and the monitor's question, ``GET /healthz``; ``portal`` commands say the
same in words when they fail on the database)."""
from __future__ import annotations

from functools import lru_cache

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from ..extensions import db
from ..models import TeacherStanding
from ..plugins import Region

DATABASE, SCHEMA, RESTART, REGION = "database", "schema", "restart", "region"
# What an operator does about each, as /healthz says it (README, "Health and logs").
ACTIONS = {
    DATABASE: "The database does not answer: check DATABASE_URL and the database server.",
    SCHEMA: "The database is not at this release's schema: run `portal db upgrade`, then restart the processes.",
    RESTART: "The database was upgraded to a newer release than this process runs: restart this process "
             "(gunicorn: kill -HUP its master; and each portal worker) so that it runs the release installed.",
    REGION: "The database was set up for another region: set PORTAL_REGION (and DATABASE_URL) as the web "
            "processes have them.",
}


def _script():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from .. import MIGRATIONS

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(config)


@lru_cache(maxsize=1)
def release_heads() -> frozenset[str]:
    """This release's Alembic heads, read from migrations/ once a process (``pin_release``)."""
    return frozenset(_script().get_heads())


@lru_cache(maxsize=1)
def release_revisions() -> frozenset[str]:
    """Every revision this release knows, read with its heads: a database at one it does not
    know was upgraded by a newer release."""
    return frozenset(script.revision for script in _script().walk_revisions())


def pin_release() -> None:
    """Read this process's release from migrations/ as it starts: a process still running after
    `git pull` of the next release read the new migrations at its first health check, and
    answered 200 with the old code; or, read before, it answered "schema" after `portal db
    upgrade`, sending the operator to run again an upgrade that had run."""
    release_heads()
    release_revisions()


def newer_than_release(current: frozenset[str]) -> bool:
    """Whether the database is at a revision this release does not know (a newer one's)."""
    return bool(current - release_revisions())


def database_revisions() -> frozenset[str]:
    """The revisions the database is at (empty: no schema yet); ``OperationalError`` when it
    cannot be reached. Read on a connection of its own, outside any session's transaction."""
    from alembic.migration import MigrationContext

    with db.engine.connect() as connection:
        return frozenset(MigrationContext.configure(connection).get_current_heads())


def foreign_rule_versions(region: Region) -> list[str]:
    """The rule versions the kept standings were computed under, where none of them is
    ``region``'s: the database was set up for another region than PORTAL_REGION names (a worker
    or a cron job started without it), whose rules would compute every teacher's standing again,
    wrongly. Empty where any is the region's (a release that retired one of its versions must
    still be able to compute its standings again), or none is kept yet."""
    known = {version.code for version in region.rule_versions()}
    kept = set(db.session.scalars(select(TeacherStanding.rule_version).distinct().limit(100)).all())
    return [] if kept & known else sorted(kept)


def problem() -> str | None:
    """``DATABASE`` when the database does not answer, ``SCHEMA`` when it is not at this
    release's revision (``portal db upgrade`` not run), ``RESTART`` when it is at a newer
    release's (upgraded while this process ran: it must be restarted), ``REGION`` when its kept
    standings are another region's than the one enabled, else None."""
    try:
        current = database_revisions()
    except DBAPIError:
        return DATABASE
    if current != release_heads():
        return RESTART if newer_than_release(current) else SCHEMA
    if current_app.extensions.get("portal.region_checked"):  # a process's database and region stay its own:
        return None  # once found the region's, the balancer's every probe need not read the standings again
    try:
        if foreign_rule_versions(current_app.extensions["portal.region"]):
            return REGION
    finally:
        db.session.rollback()  # a read of its own: end its transaction
    current_app.extensions["portal.region_checked"] = True
    return None
