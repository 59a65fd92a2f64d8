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

DATABASE, SCHEMA, REGION = "database", "schema", "region"


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
    release's revision (``portal db upgrade`` not run), ``REGION`` when its kept standings are
    another region's than the one enabled, else None."""
    try:
        current = database_revisions()
    except DBAPIError:
        return DATABASE
    if current != release_heads():
        return SCHEMA
    if current_app.extensions.get("portal.region_checked"):  # a process's database and region stay its own:
        return None  # once found the region's, the balancer's every probe need not read the standings again
    try:
        if foreign_rule_versions(current_app.extensions["portal.region"]):
            return REGION
    finally:
        db.session.rollback()  # a read of its own: end its transaction
    current_app.extensions["portal.region_checked"] = True
    return None
