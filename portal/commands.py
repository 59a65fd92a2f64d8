"""Commands that run inside the app (``portal demo``); registered on ``app.cli``."""
from __future__ import annotations

from datetime import date

import click
from flask import current_app
from flask.cli import with_appcontext

from .extensions import db, refresh_statistics
from .services.demo import DatabaseNotEmpty, load_demo


@click.command("demo")
@with_appcontext
def demo_command():
    """Load the enabled region's demo data into an empty database."""
    region = current_app.extensions["portal.region"]
    try:
        demo = load_demo(region, date.today())
    except DatabaseNotEmpty:
        click.echo("The database already has data; demo data not loaded.")
        return
    refresh_statistics(db.engine)
    click.echo(f"Loaded the {region.info.name} demo: {_count(len(demo.teachers), 'teacher')}, "
               f"{_count(len(demo.projects), 'project')}. Every demo account's password is {demo.password}.")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")
