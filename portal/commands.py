"""Commands that run inside the app (``portal demo``); registered on ``app.cli``."""
from __future__ import annotations

import re
import sys
from datetime import date

import click
from flask import current_app
from flask.cli import with_appcontext

from . import clock
from .config import shown_url
from .extensions import db, refresh_statistics
from .services import orgs, reconversion, standing_rows, standings
from .domain import OrgKind, UserRole
from .services.accounts import MIN_PASSWORD_LENGTH, USERNAME_PATTERN, AccountError
from .services.demo import DatabaseNotEmpty, DemoRefused, load_demo
from .services.deployment import BUREAU_ROLE, set_up


@click.command("demo")
@with_appcontext
def demo_command():
    """Load the enabled region's demo data into an empty database."""
    region = current_app.extensions["portal.region"]
    if not region.pm.hook.portal_demo_data.get_hookimpls():
        # a region need not ship a demo: say so in one line, not with the hook's traceback
        raise click.ClickException(
            f"The {region.info.code} region has no demo (it does not implement portal_demo_data). "
            "Set up a deployment with `portal setup` instead.")
    try:
        demo = load_demo(region, clock.today())
    except DatabaseNotEmpty:
        click.echo("The database already has data; demo data not loaded.")
        return
    except DemoRefused as refused:
        raise click.ClickException(f"The {region.info.code} demo was not loaded: {refused}") from None
    refresh_statistics(db.engine)
    click.echo(f"Loaded the {region.info.name} demo: {_count(len(demo.teachers), 'teacher')}, "
               f"{_count(len(demo.projects), 'project')}. Every demo account's password is {demo.password}.")


@click.command("setup")
@click.argument("code")
@click.argument("name")
@click.option("--kind", type=click.Choice([k.value for k in BUREAU_ROLE]), required=True,
              help="What the bureau's unit is: its admins' role follows (a district's is the district admin).")
@click.option("--admin", "username", required=True, help="The first admin's username (letters, digits, . _ -).")
@click.option("--admin-name", "display_name", required=True, help="The first admin's name, as pages show it.")
@click.option("--role", type=click.Choice(sorted({r.value for r in BUREAU_ROLE.values()})),
              help="The admin's role, where the bureau's unit is run with another than its kind's.")
@click.password_option("--password", help="The first admin's password (asked twice, hidden, if not given).")
@with_appcontext
def setup_command(code, name, kind, username, display_name, role, password):
    """A new deployment's first step: the bureau's own unit (CODE, NAME) and its first admin.
    Run once, after `portal db upgrade`, on a database with no unit; the admin then imports
    the units below and adds the other accounts from the pages."""
    if not re.fullmatch(USERNAME_PATTERN, username):
        raise click.BadParameter("3 to 64 letters, digits, dots, dashes or underscores.", param_hint="--admin")
    code, name, display_name = code.strip(), name.strip(), display_name.strip()
    for what, value, longest in (("CODE", code, 64), ("NAME", name, 120), ("--admin-name", display_name, 80)):
        if not 0 < len(value) <= longest:
            raise click.UsageError(f"{what} must have 1 to {longest} characters.")
    try:
        set_up(OrgKind(kind), code, name, username=username, display_name=display_name,
               password=password, role=UserRole(role) if role else None)
    except DatabaseNotEmpty:
        raise click.ClickException("The database already has org units: add units by an Excel import "
                                   "(批量导入) and accounts on 用户管理, signed in as an admin.") from None
    except AccountError as error:
        raise click.ClickException(SETUP_REFUSALS.get(error.code, f"{error.field}: {error.code}")) from None
    region = current_app.extensions["portal.region"].info
    click.echo(f"Added {name} ({kind}) and its admin {username} to the {region.code} region's portal "
               f"({shown_url(db.engine.url)}): sign in as {username}. "
               "A portal of another region: set PORTAL_REGION (and its database) and run setup there.")


SETUP_REFUSALS = {
    "too_short": f"The password must have at least {MIN_PASSWORD_LENGTH} characters.",
    "not_for_unit": "That role is not an admin role over a unit of that kind.",
    "taken": "That username is taken.",
}


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


@click.group("standings")
def standings_group():
    """Each teacher's kept standing: recompute it, export it."""


def _unit(key: str | None):
    if key is None:
        return None
    unit = orgs.unit_by_key(key)
    if unit is None:
        raise click.ClickException(f"No org unit has the code or id {key!r}.")
    return unit


def refuse_another_regions_database() -> None:
    """Stop before the enabled region's rules compute or convert anything in a database whose
    kept standings another region's rules computed (PORTAL_REGION unset or wrong where this
    command runs): they would overwrite every teacher's figures."""
    from .services.health import foreign_rule_versions

    region, enabled = current_app.extensions["portal.region"], current_app.config["PORTAL_REGION"]
    foreign = foreign_rule_versions(region)
    db.session.rollback()
    if foreign:
        raise click.ClickException(
            f"This database's standings were computed under rule versions ({', '.join(foreign)}) that the enabled "
            f"region {enabled} does not have: it is another region's database. Set PORTAL_REGION (and "
            "DATABASE_URL) as the web processes have them; `portal plugins` lists the installed regions.")


def _refresh(unit, only_stale: bool, today: date) -> int:
    refuse_another_regions_database()
    region = current_app.extensions["portal.region"]
    ids = standings.ids_to_refresh(region, today, unit, only_stale)
    with click.progressbar(length=len(ids), label="Computing standings", file=sys.stderr,
                           show_pos=True) as bar:
        return standings.refresh_all(region, today, ids, progress=bar.update)


@standings_group.command("refresh")
@click.option("--unit", "unit_key", metavar="ORG", help="Only the teachers below this org unit (its code or id).")
@click.option("--stale", "only_stale", is_flag=True,
              help="Only the standings that no longer hold (a date, rule version or setting changed).")
@with_appcontext
def standings_refresh(unit_key: str | None, only_stale: bool):
    """Recompute teachers' standings with the region's rules: after upgrading the portal or
    the region, after changing a setting, and daily (with --stale) for the dates that passed."""
    done = _refresh(_unit(unit_key), only_stale, clock.today())
    refresh_statistics(db.engine)  # the planner learns the kept standings' new figures
    click.echo(f"Computed the standing of {_count(done, 'teacher')}.")


@standings_group.command("export")
@click.option("--unit", "unit_key", metavar="ORG", help="Only the teachers below this org unit (its code or id).")
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl"]), default="csv", show_default=True)
@with_appcontext
def standings_export(unit_key: str | None, fmt: str):
    """Write the teachers' standings to stdout as CSV or JSON Lines, streamed; the stale ones
    are computed first, so every row is current."""
    unit = _unit(unit_key)
    today = clock.today()
    _refresh(unit, True, today)
    for line in standing_rows.export(current_app.extensions["portal.region"], today, unit, fmt):
        sys.stdout.write(line)


@click.group("ledger")
def ledger_group():
    """The credit ledger: re-convert its entries under the rules in force."""


@ledger_group.command("reconvert")
@click.option("--unit", "unit_key", metavar="ORG", help="Only the teachers below this org unit (its code or id).")
@click.option("--dry-run", is_flag=True, help="List the entries that would change; change nothing.")
@click.option("--reason", default="", help="Why the entries are converted again: kept on each reversal and in "
                                           "the audit log (required unless --dry-run).")
@with_appcontext
def ledger_reconvert(unit_key: str | None, dry_run: bool, reason: str):
    """Convert every standing entry of a completed training again with the rules in force, after
    the region's rules or a setting changed what a training earns: where the amount, unit or
    category differ, the entry is reversed and entered again as converted now, in the audit
    state it had reached, one transaction per teacher. Claims, appeals, transfers and entries
    made by hand are left alone."""
    if not dry_run and not reason.strip():
        raise click.UsageError("Say why with --reason (or list what would change with --dry-run).")
    refuse_another_regions_database()
    region = current_app.extensions["portal.region"]
    ids = reconversion.teacher_ids(_unit(unit_key))
    if dry_run:
        found = reconversion.preview(region, ids)
    else:
        with click.progressbar(length=len(ids), label="Converting again", file=sys.stderr, show_pos=True) as bar:
            found = reconversion.reconvert(region, ids, reason.strip()[:500], progress=bar.update)
    for change in found:
        now = (f"{change.after.amount} {change.after.unit.value} ({change.after.category})" if change.after
               else "an open appeal contests it: its answer decides, left as it is" if change.appealed
               else f"refused by the rules in force, left as it is: {change.refusal}")
        click.echo(f"teacher {change.teacher_id}\tentry {change.entry_id}\t{change.day}\t{change.title}\t"
                   f"{change.amount} {change.unit} ({change.category}) -> {now}")
    changed = sum(1 for c in found if c.after is not None)
    verb = "Would change" if dry_run else "Changed"
    teachers = len({c.teacher_id for c in found if c.after is not None})
    click.echo(f"{verb} {changed} {'entry' if changed == 1 else 'entries'} of {_count(teachers, 'teacher')}.")
