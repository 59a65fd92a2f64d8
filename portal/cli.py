"""The ``portal`` command: Flask's commands (run, db, routes, shell) plus the portal's own."""
from __future__ import annotations

from datetime import date

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext

from . import create_app
from .plugins import enabled_region, implemented_hooks, installed_regions, installed_version


def _create_app():
    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app)
def main():
    """教师培训学分管理 — the teacher training credit portal."""


@main.command("plugins", with_appcontext=False)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
def plugins_command(as_json: bool):
    """List the installed region plugins, the enabled one, and the hooks each implements."""
    import json

    enabled = enabled_region()
    rows = []
    for code, module in installed_regions().items():
        info = module.portal_region_info() if hasattr(module, "portal_region_info") else None
        rows.append({
            "name": code,
            "display_name": info.name if info else "",
            "unit": info.unit.value if info else "",
            "version": installed_version(module),
            "enabled": code == enabled,
            "module": module.__name__,
            "hooks": implemented_hooks(module),
        })
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        mark = "*" if row["enabled"] else " "
        click.echo(f"{mark} {row['name']:<10} {row['display_name']:<10} {row['version']:<8} "
                   f"{'enabled' if row['enabled'] else 'installed'}  ({row['module']}, unit: {row['unit']})")
        click.echo("    hooks: " + ", ".join(row["hooks"]))


@main.command("demo")
@with_appcontext
def demo_command():
    """Load the enabled region's demo data into an empty database."""
    from .services.demo import DatabaseNotEmpty, load_demo

    region = current_app.extensions["portal.region"]
    try:
        demo = load_demo(region, date.today())
    except DatabaseNotEmpty:
        click.echo("The database already has data; demo data not loaded.")
        return
    click.echo(f"Loaded {region.info.name} demo: {len(demo.teachers)} teachers, "
               f"{len(demo.projects)} projects. Every demo account's password is {demo.password}.")
