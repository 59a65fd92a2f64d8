"""Commands that run inside the app (``portal demo``); registered on ``app.cli``."""
from __future__ import annotations

import sys
from datetime import date

import click
from flask import current_app
from flask.cli import with_appcontext

from . import clock
from .extensions import db, refresh_statistics
from .services import orgs, standing_rows, standings
from .services.demo import DatabaseNotEmpty, load_demo


@click.command("demo")
@with_appcontext
def demo_command():
    """Load the enabled region's demo data into an empty database."""
    region = current_app.extensions["portal.region"]
    try:
        demo = load_demo(region, clock.today())
    except DatabaseNotEmpty:
        click.echo("The database already has data; demo data not loaded.")
        return
    refresh_statistics(db.engine)
    click.echo(f"Loaded the {region.info.name} demo: {_count(len(demo.teachers), 'teacher')}, "
               f"{_count(len(demo.projects), 'project')}. Every demo account's password is {demo.password}.")


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


def _refresh(unit, only_stale: bool, today: date) -> int:
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
