"""The ``portal`` command: Flask's commands (run, db, routes, shell), the app's own
commands (``portal.commands``) and ``portal plugins``, which needs no app."""
from __future__ import annotations

import click
from flask.cli import FlaskGroup

from . import create_app
from .config import ConfigError
from .plugins import UnknownRegion, enabled_region, implemented_hooks, installed_regions, installed_version


def _create_app():
    try:
        return create_app()
    except (UnknownRegion, ConfigError) as error:  # a setting to fix: say which, no traceback
        raise click.ClickException(str(error)) from None


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
