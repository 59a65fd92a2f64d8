"""Commands that run inside the app (``portal demo``); registered on ``app.cli``."""
from __future__ import annotations

from datetime import date

import click
from flask import current_app
from flask.cli import with_appcontext

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
    click.echo(f"Loaded the {region.info.name} demo: {len(demo.teachers)} teachers, "
               f"{len(demo.projects)} projects. Every demo account's password is {demo.password}.")
