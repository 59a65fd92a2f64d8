"""The ``portal`` command: Flask's commands (run, db, routes, shell), the app's own
commands (``portal.commands``) and ``portal plugins``, which needs no app."""
from __future__ import annotations

import atexit
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import click
from flask.cli import FlaskGroup, with_appcontext
from flask.cli import run_command as flask_run
from flask_migrate.cli import db as db_commands

from . import create_app, rulebook
from .commands import demo_command, ledger_group, setup_command, standings_group
from .config import ConfigError, settings_from_environment, shown_url
from .domain import InvalidInput, SettingError
from .domain.parameters import parse_assignments
from .domain.text import worded
from .i18n import wording_of
from .extensions import db, refresh_statistics
from .plugins import (
    InvalidRegion, Region, UnknownRegion, check_hooks, enabled_region, implemented_hooks, installed_package, installed_regions,
)
from .skeleton import UNITS, SkeletonError, write_region


def _create_app():
    try:
        return create_app()
    except (UnknownRegion, ConfigError, SettingError) as error:  # a setting to fix: say which, no traceback
        raise click.ClickException(str(error)) from None


class PortalGroup(FlaskGroup):
    """Flask's group, listing its commands without building the app: ``portal --help`` on a
    fresh machine writes no secret key and migrates no database. The app's own commands are
    on the group too (and on ``app.cli``, for Flask's test runner)."""

    def list_commands(self, ctx):
        self._load_plugin_commands()
        return super(FlaskGroup, self).list_commands(ctx)

    def invoke(self, ctx):
        """A command that fails on the database because it cannot be reached, or has not been
        upgraded to this release's schema, says so in a line (the database named, its
        password hidden) rather than with the driver's traceback."""
        from sqlalchemy.exc import OperationalError, ProgrammingError

        try:
            return super().invoke(ctx)
        except (OperationalError, ProgrammingError):
            problem = _database_problem(ctx, schema=ctx.invoked_subcommand != "db")
            if problem is None:
                raise
            raise click.ClickException(problem) from None


def _database_problem(ctx: click.Context, schema: bool) -> str | None:
    """Why the database DATABASE_URL names cannot serve this release: it cannot be reached, or
    (``schema``) its revision is not the latest; None when neither."""
    from flask.cli import ScriptInfo
    from sqlalchemy.exc import OperationalError

    from .services import health

    app = ctx.ensure_object(ScriptInfo).load_app()
    with app.app_context():
        url = shown_url(db.engine.url)
        try:
            current = health.database_revisions()
        except OperationalError as error:
            reason = str(error.orig).strip().splitlines()
            return f"Cannot connect to the database DATABASE_URL names ({url}): {' '.join(reason[:2])}"
        heads = health.release_heads()
    if not schema or current == heads:
        return None
    found = ", ".join(sorted(current)) or "none: no schema yet"
    if health.newer_than_release(current):  # another machine's newer release upgraded it: this one is behind
        return (f"The database {url} is at revision {found}, of a newer release than the one installed here "
                f"(which knows up to {', '.join(sorted(heads))}). Install the same release as the machine that "
                "upgraded it (`git pull && .venv/bin/pip install -e .`) and restart this machine's processes "
                "(gunicorn, portal worker); `portal db upgrade` does not apply here.")
    return (f"The database {url} is at revision {found}; this release needs {', '.join(sorted(heads))}. "
            "Run `portal db upgrade` first (a backup of the database before it), then restart the web "
            "processes and the workers.")


@click.group(cls=PortalGroup, create_app=_create_app)
def main():
    """教师培训学分管理 — the teacher training credit portal."""


for _command in (demo_command, setup_command, standings_group, ledger_group, db_commands):
    main.add_command(_command)


@db_commands.command("optimize")
@with_appcontext
def db_optimize():
    """Gather the query planner's statistics (ANALYZE): after a bulk import, or from cron."""
    refresh_statistics(db.engine)
    click.echo("Statistics gathered.")


@main.group("keys")
def keys_group():
    """The bureau's signing key (records and credentials it signs)."""


@keys_group.command("new")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def keys_new(path: Path):
    """Write a new Ed25519 signing key to PATH (readable by its owner only); point
    PORTAL_SIGNING_KEY at it. Keep it out of the repository and back it up: records signed
    with a lost key can no longer be checked against a new one."""
    from .services.signing import new_key, write_key

    try:
        write_key(path, new_key())
    except FileExistsError:
        raise click.ClickException(f"{path} exists: a key is never overwritten") from None
    click.echo(f"Key written to {path}. Set PORTAL_SIGNING_KEY={path}.")


@main.command("worker")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64),
              help="Jobs run at once by this process (threads).")
@click.option("--no-schedule", "no_schedule", is_flag=True,
              help="Run queued jobs only; leave the schedule to another worker.")
def worker_command(workers: int, no_schedule: bool):
    """Run background jobs (huey): the schedule (expired holds every minute, stale standings
    each night and once at its start, as after an upgrade) and queued work. Storage: a SQLite file in the instance folder, or Redis when
    PORTAL_REDIS_URL is set, where workers on several machines share the queue (one of them
    keeps the schedule; the others run with --no-schedule)."""
    import logging

    from .jobs import huey, refresh_stale_standings

    # refuse to start on a setting the jobs would fail on, or on another region's database, whose
    # standings the schedule would compute again under this region's rules
    _refuse_another_regions_database(_create_app())
    # the worker's log is where a failed job's reason is read: its lines, and huey's (started,
    # each job run, each failure with its traceback), each with its time, on stderr; after the
    # app, whose migrations at start read alembic.ini's logging (the root at WARNING)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", force=True)
    logging.getLogger("weasyprint").setLevel(logging.WARNING)  # a line per step of every PDF
    _reach_the_queue(huey)
    # which queue it takes jobs from: on a Redis, this deployment's own (PORTAL_QUEUE_NAME or its default)
    logging.getLogger("portal.jobs").info("Taking the jobs of the queue %s (%s)", huey.name,
                                          "Redis" if os.environ.get("PORTAL_REDIS_URL") else "SQLite")
    if not no_schedule:  # an upgraded region or a changed setting: its standings queued now, not left to the night
        refresh_stale_standings()
    huey.create_consumer(workers=workers, worker_type="thread", periodic=not no_schedule).run()


def _reach_the_queue(queue) -> None:
    """A Redis queue that does not answer (PORTAL_REDIS_URL wrong, Redis not started) stops the
    worker in a line naming it, its password hidden, rather than with redis-py's traceback."""
    from redis.exceptions import RedisError

    connection = getattr(queue.storage, "conn", None)
    if connection is None or not os.environ.get("PORTAL_REDIS_URL"):
        return  # the embedded SQLite queue
    try:
        connection.ping()
    except RedisError as error:
        from sqlalchemy.engine import make_url

        url = make_url(os.environ["PORTAL_REDIS_URL"]).render_as_string(hide_password=True)
        raise click.ClickException(f"Cannot reach the jobs' queue PORTAL_REDIS_URL names ({url}): {error}") from None


def _refuse_another_regions_database(app) -> None:
    from .commands import refuse_another_regions_database

    with app.app_context():
        refuse_another_regions_database()


def _run_beside_a_worker(no_worker: bool, **options):
    """Flask's development server, with a ``portal worker`` process beside it (unless
    --no-worker) so that a page's long work runs on a machine with nothing else started."""
    if not no_worker and os.environ.get("WERKZEUG_RUN_MAIN") != "true":  # not again in the reloader's child
        worker = subprocess.Popen([sys.executable, "-c", "from portal.cli import main; main(['worker', '--workers', '1'])"])
        atexit.register(worker.terminate)
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # a stopped server stops its worker too
    click.get_current_context().invoke(flask_run, **options)


main.add_command(click.Command(
    "run", callback=_run_beside_a_worker, help=f"{flask_run.help}\n\nA background worker runs beside it unless --no-worker.",
    params=[*flask_run.params, click.Option(["--no-worker"], is_flag=True,
                                            help="Start no background worker (one runs elsewhere).")]))


@main.group("plugins", cls=click.Group, invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_context
def plugins_command(ctx: click.Context, as_json: bool):
    """List the installed region plugins, the enabled one, and each one's rules version and hooks."""
    if ctx.invoked_subcommand is not None:
        return
    _list_plugins(as_json)


@plugins_command.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
def plugins_list(as_json: bool):
    """List the installed region plugins (the same as `portal plugins` alone)."""
    _list_plugins(as_json)


def _list_plugins(as_json: bool) -> None:
    enabled = enabled_region()
    rows = []
    for code, module in installed_regions().items():
        info = module.portal_region_info() if hasattr(module, "portal_region_info") else None
        package = installed_package(module)
        rows.append({
            "name": code,
            "display_name": str(info.name) if info else "",
            "unit": info.unit.value if info else "",
            "rules_version": info.version if info else getattr(module, "__version__", ""),
            "package": package[0] if package else "",
            "package_version": package[1] if package else "",
            "enabled": code == enabled,
            "module": module.__name__,
            **_hooks_or_problem(module),
        })
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        mark = "*" if row["enabled"] else " "
        source = f"{row['module']} from {row['package']} {row['package_version']}" if row["package"] else row["module"]
        click.echo(f"{mark} {row['name']:<10} {row['display_name']:<10} rules {row['rules_version'] or '?':<8} "
                   f"{'enabled' if row['enabled'] else 'installed'}  ({source}, unit: {row['unit']})")
        click.echo("    hooks: " + ", ".join(row["hooks"]))
        if row.get("problem"):
            click.echo("    problem: " + row["problem"])
    click.echo("rules: the region's own version (RegionInfo.version): a kept standing is computed again "
               "when it changes, so bump it with every change of a rule. The dated rule versions stamped "
               "on each entry: `portal rules describe`.")


def _hooks_or_problem(module) -> dict:
    """The hooks a region implements; for one the portal cannot load as written (a hook
    misspelt, an argument the hook does not give), what is wrong with it, listed beside the
    others rather than stopping the whole list with a traceback."""
    try:
        check_hooks(module)
        return {"hooks": implemented_hooks(module)}
    except InvalidRegion as error:
        return {"hooks": [], "problem": str(error)}


@plugins_command.command("new")
@click.argument("name")
@click.option("--title", default="新地区", show_default=True, help="The region's display name, in Chinese.")
@click.option("--into", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True,
              help="Folder to write the package folder into.")
@click.option("--unit", type=click.Choice(UNITS), default=UNITS[0], show_default=True,
              help="What the region's duties count: credits (学分) or hours (学时).")
def plugins_new(name: str, title: str, into: Path, unit: str):
    """Write a new region package (hooks, its rules in credits or hours, worked cases, its entry point)."""
    try:
        target = write_region(name, title, into, set(installed_regions()), unit)
    except SkeletonError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Wrote {target}. Next:\n  pip install -e '{target}[test]'\n"
               f"  portal rules test --region {name}\n  PORTAL_REGION={name} portal rules describe\n"
               f"  pytest {target}\nSee {target / 'README.md'} and the portal's docs/writing-a-region.md.")


@main.group("rules", cls=click.Group)
def rules_group():
    """Apply a region's rules to JSON on stdin and print JSON (docs/writing-a-region.md, "6. The JSON")."""


def _region_options(command):
    command = click.option("--region", help="Region code (default: PORTAL_REGION, else the bundle's default).")(command)
    command = click.option("--set", "assignments", multiple=True, metavar="NAME=VALUE",
                           help="Override a region setting (see `portal rules describe`).")(command)
    return command


def _load(region: str | None, assignments: tuple[str, ...]) -> Region:
    try:
        settings = {**settings_from_environment(), **parse_assignments(assignments)}
        return Region.load(region or enabled_region(), settings=settings)
    except UnknownRegion as error:  # not installed, or written so the portal cannot take it
        _fail({"error": "region", "message": str(error)})
    except (SettingError, ConfigError) as error:
        _fail({"error": "settings", "message": str(error)})


def _fail(error: dict):
    click.echo(json.dumps(error, ensure_ascii=False), err=False)
    sys.exit(2)


def _stdin_json():
    data = sys.stdin.buffer.read(rulebook.MAX_INPUT_BYTES + 1)
    if len(data) > rulebook.MAX_INPUT_BYTES:
        raise InvalidInput("json", f"the input is larger than {rulebook.MAX_INPUT_BYTES} bytes")
    return rulebook.loads(data)


def _worded(region: Region):
    """The core's messages in the region's wording, as its pages read them (学时 where it counts
    hours): these commands run outside the web application, which says it for a page."""
    return worded(wording_of(region.info.unit))


def _print(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@rules_group.command("convert")
@_region_options
@click.option("--on", "on", help="Apply the rules in force on this ISO date (default: the activity's end date).")
def rules_convert(region, assignments, on):
    """Convert one activity, or a list of them, into the region's credits or hours, with every step explained."""
    loaded = _load(region, assignments)
    try:
        with _worded(loaded):
            _print(rulebook.convert(loaded, _stdin_json(), on))
    except InvalidInput as error:
        _fail(error.as_json())


@rules_group.command("check")
@_region_options
def rules_check(region, assignments):
    """Judge a teacher's records on a date: cycle, years, findings and eligibility."""
    loaded = _load(region, assignments)
    try:
        with _worded(loaded):
            _print(rulebook.check(loaded, _stdin_json()))
    except InvalidInput as error:
        _fail(error.as_json())


@rules_group.command("test")
@click.option("--region", help="Region code (default: PORTAL_REGION, else the bundle's default).")
@click.option("--cases", "case_files", multiple=True, metavar="FILE",
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Run the worked cases of this YAML file instead of the region's own, without "
                   "the contract checks (repeatable).")
def rules_test(region, case_files):
    """Run the region's worked cases and the contract checks: a line per problem, a summary
    line last; exit code 0 when all pass, 1 otherwise."""
    from .conformance import ScenarioError, examine, read_scenarios

    try:
        cases = read_scenarios(case_files) if case_files else None
        loaded = Region.load(region or enabled_region())
        with _worded(loaded):
            report = examine(loaded, cases)
    except UnknownRegion as error:  # the region's problem: said as its line, with the summary line last
        click.echo(str(error))
        click.echo(f"{region or enabled_region()}: not loaded, so no worked case was run; 1 problem")
        sys.exit(1)
    except ScenarioError as error:
        raise click.ClickException(str(error)) from None
    for problem in report.problems:
        click.echo(problem)
    click.echo(report.summary())
    sys.exit(0 if report.ok else 1)


@rules_group.command("describe")
@_region_options
def rules_describe(region, assignments):
    """List the region's rule versions, programs, categories, findings, purposes and settings."""
    loaded = _load(region, assignments)
    with _worded(loaded):
        _print(rulebook.describe(loaded))
