"""The teacher training credit portal: app factory."""
from __future__ import annotations

import os
from pathlib import Path
from types import ModuleType

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from . import config as config_module
from .extensions import (
    REPLICA, babel, configure_postgresql, configure_read_only, configure_sqlite, csrf, db, limiter, login_manager, migrate,
)
from .plugins import InvalidRegion, Region, UnknownRegion

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def create_app(config: dict | None = None, regions: dict[str, ModuleType] | None = None) -> Flask:
    """Build the app. ``config`` overrides the environment; ``regions`` replaces the
    installed entry points (tests pass an explicit list, as datasette's do)."""
    app = Flask(__name__, instance_path=config_module.instance_path(), instance_relative_config=True)
    app.url_map.strict_slashes = False  # /catalog/ typed or pasted finds /catalog rather than a 404
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(config_module.from_environment(app.instance_path))
    app.config.from_mapping(config or {})
    app.config["SQLALCHEMY_DATABASE_URI"] = config_module.normalise_database_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if app.config.get("PORTAL_REPORTS_DATABASE_URL"):  # reports, exports and the standings API read there
        app.config["SQLALCHEMY_BINDS"] = {
            REPLICA: config_module.normalise_database_url(app.config["PORTAL_REPORTS_DATABASE_URL"])}
    if app.config["PORTAL_PROXIES"]:  # behind nginx or a gateway: the client's address is in X-Forwarded-For
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["PORTAL_PROXIES"], x_proto=app.config["PORTAL_PROXIES"])

    try:
        app.extensions["portal.region"] = Region.load(app.config["PORTAL_REGION"], regions,
                                                         settings=app.config.get("PORTAL_SETTINGS"))
    except InvalidRegion:  # installed, written wrong: the region's author's to fix
        raise
    except UnknownRegion as error:  # the code is the deployment's setting: say which
        raise UnknownRegion(f"{error} Set PORTAL_REGION to one of them.") from None
    app.extensions["portal.region"].enrollment_workflow()  # one the portal cannot run: refused at start, in words

    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS), render_as_batch=True, compare_type=True)
    from .web.claims import raise_upload_limit

    app.before_request(raise_upload_limit)  # before the CSRF check reads a claim's form
    csrf.init_app(app)
    # two portals on one Redis (two regions, staging beside production) count their limits apart
    app.config.setdefault("RATELIMIT_KEY_PREFIX", os.environ.get("PORTAL_QUEUE_NAME") or config_module.deployment_name(
        app.config["PORTAL_REGION"], app.config["SQLALCHEMY_DATABASE_URI"], app.config["SECRET_KEY"]))
    limiter.init_app(app)

    from . import models  # noqa: F401  (register the tables with the metadata)
    from .services import notifications, standings  # noqa: F401  (their session events: a commit keeps the
    # standings of the teachers it changed and delivers the notifications it made)
    from .domain.text import set_region_words_provider, set_wording_provider
    from .i18n import RegionDomain, region_own_words, region_wording, select_locale
    from .web import register_web

    from .commands import demo_command, ledger_group, setup_command, standings_group

    app.cli.add_command(demo_command)
    app.cli.add_command(setup_command)
    app.cli.add_command(standings_group)
    app.cli.add_command(ledger_group)
    babel.init_app(app, locale_selector=select_locale)
    babel.domain_instance = RegionDomain()  # one for the process: it asks the app in force for the wording
    set_wording_provider(region_wording)
    set_region_words_provider(region_own_words)
    login_manager.init_app(app)
    register_web(app)
    from .services import health

    health.pin_release()  # the release this process runs, not what a later checkout's migrations/ holds

    with app.app_context():
        for key, engine in db.engines.items():
            if engine.dialect.name == "sqlite":
                configure_sqlite(engine)
            elif engine.dialect.name == "postgresql":
                configure_postgresql(engine)
            if key == REPLICA:
                configure_read_only(engine)
        if app.config["PORTAL_AUTO_MIGRATE"]:
            from flask_migrate import upgrade

            upgrade(directory=str(MIGRATIONS), revision="heads")
    return app
