"""Alembic environment: the engine and metadata come from the Flask app (Flask-Migrate)."""
import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

from portal.extensions import WRITES
from portal.models.search import in_metadata

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

db = current_app.extensions["migrate"].db


def run_migrations_offline() -> None:
    context.configure(
        url=db.engine.url.render_as_string(hide_password=False),
        target_metadata=db.metadata,
        include_name=in_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    def skip_empty(_context, _revision, directives):
        if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
            directives[:] = []
            logger.info("No changes in schema detected.")

    conf_args = dict(current_app.extensions["migrate"].configure_args)
    conf_args.setdefault("process_revision_directives", skip_empty)
    # A writer from its first statement: on SQLite, BEGIN IMMEDIATE, so two processes
    # migrating at start take turns instead of one failing on "database is locked".
    with db.engine.connect().execution_options(**{WRITES: True}) as connection:
        context.configure(connection=connection, target_metadata=db.metadata, include_name=in_metadata,
                          **conf_args)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
