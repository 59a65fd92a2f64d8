"""The portal command says what is wrong with a setting, without a traceback."""
import subprocess
import sys
from pathlib import Path

import pytest

PORTAL = str(Path(sys.executable).parent / "portal")


def run(*args, env):
    return subprocess.run([PORTAL, *args], capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", **env})


def test_unknown_region_is_a_one_line_error(tmp_path):
    result = run("routes", env={"PORTAL_REGION": "atlantis", "DATABASE_URL": f"sqlite:///{tmp_path}/x.db"})
    assert result.returncode == 1
    assert "Installed regions: kaifeng, qingdao, ruian, shanxi" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_without_a_secret_key_is_a_one_line_error(tmp_path):
    result = run("routes", env={"PORTAL_ENV": "production", "DATABASE_URL": f"sqlite:///{tmp_path}/x.db"})
    assert result.returncode == 1
    assert "PORTAL_SECRET_KEY" in result.stderr and "Traceback" not in result.stderr



@pytest.mark.parametrize("value", ["prod", "Production", "production "])
def test_a_mistyped_portal_env_stops_start_up_rather_than_running_as_development(tmp_path, value):
    """A bureau that writes PORTAL_ENV=prod meant production: run as development, the portal
    would make its own secret key and signing key and send cookies over plain HTTP, silently."""
    result = run("routes", env={"PORTAL_ENV": value, "PORTAL_SECRET_KEY": "k" * 64,
                                "PORTAL_INSTANCE_PATH": str(tmp_path / "i"), "DATABASE_URL": f"sqlite:///{tmp_path}/x.db"})
    assert result.returncode == 1
    assert "PORTAL_ENV" in result.stderr and "production" in result.stderr and "Traceback" not in result.stderr
    assert run("routes", env={"PORTAL_ENV": "development", "PORTAL_INSTANCE_PATH": str(tmp_path / "i"),
                              "DATABASE_URL": f"sqlite:///{tmp_path}/x.db"}).returncode == 0

def test_one_setting_moves_every_default_file_out_of_the_checkout(tmp_path):
    """PORTAL_INSTANCE_PATH: the demo's database and the secret key are kept there, not in
    the checkout's instance folder, and so is the job queue."""
    from portal import jobs

    instance = tmp_path / "bureau"
    result = run("demo", env={"PORTAL_REGION": "qingdao", "PORTAL_INSTANCE_PATH": str(instance)})
    assert result.returncode == 0, result.stderr
    kept = {p.name for p in instance.iterdir()}
    assert {"portal-qingdao.sqlite3", "secret_key"} <= kept, kept
    queue = jobs.make_huey({"PORTAL_INSTANCE_PATH": str(instance)})
    assert queue.storage.filename == str(instance / "jobs.sqlite3")


@pytest.mark.parametrize("url, said", [
    ("not a url", "DATABASE_URL must be"),
    ("mysql://portal@127.0.0.1/portal", "PostgreSQL"),
])
def test_a_database_url_the_portal_cannot_use_is_a_one_line_error(tmp_path, url, said):
    result = run("db", "current", env={"DATABASE_URL": url, "PORTAL_INSTANCE_PATH": str(tmp_path / "i")})
    assert result.returncode == 1
    assert said in result.stderr and "Traceback" not in result.stderr


def test_a_database_the_portal_cannot_reach_is_named_without_a_traceback(tmp_path):
    """A wrong host, port, database name or user: the command says it cannot connect, to which
    database (its password hidden), and the server's own reason."""
    url = "postgresql://portal:s3cret@127.0.0.1:1/portal"  # nothing listens on port 1
    for command in (("db", "upgrade"), ("standings", "refresh")):
        result = run(*command, env={"DATABASE_URL": url, "PORTAL_INSTANCE_PATH": str(tmp_path / "i")})
        assert result.returncode == 1, command
        assert "Traceback" not in result.stderr, command
        assert "connect" in result.stderr and "127.0.0.1:1/portal" in result.stderr and "s3cret" not in result.stderr


def test_a_command_on_a_database_not_yet_upgraded_says_to_run_db_upgrade(tmp_path):
    """PostgreSQL is migrated only by `portal db upgrade` (README): the first admin set up, or
    the standings refreshed, before it, or after a release before its upgrade, is told so
    rather than shown `relation "org_unit" does not exist`."""
    env = {"DATABASE_URL": f"sqlite:///{tmp_path}/empty.db", "PORTAL_AUTO_MIGRATE": "0",
           "PORTAL_INSTANCE_PATH": str(tmp_path / "i")}
    for command in (("setup", "410200", "开封市教育局", "--kind", "city", "--admin", "kf_admin", "--admin-name", "李",
                     "--password", "a-long-password-1"), ("standings", "refresh")):
        result = run(*command, env=env)
        assert result.returncode == 1, command
        assert "portal db upgrade" in result.stderr and "Traceback" not in result.stderr, result.stderr
        assert "then restart the web processes and the workers" in result.stderr, result.stderr
    assert run("db", "upgrade", env=env).returncode == 0
    assert run("standings", "refresh", env=env).returncode == 0


def test_a_command_on_a_database_a_newer_release_upgraded_says_to_install_it_and_restart(tmp_path):
    """Another machine pulled the next release and ran `portal db upgrade`: a command here, on
    the previous release, was told to run `portal db upgrade`, which cannot go back or forward
    from a revision this release does not know; it is told to install that release and restart."""
    import sqlite3

    path = tmp_path / "newer.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
        connection.execute("INSERT INTO alembic_version VALUES ('9999_newer')")
    env = {"DATABASE_URL": f"sqlite:///{path}", "PORTAL_AUTO_MIGRATE": "0", "PORTAL_INSTANCE_PATH": str(tmp_path / "i")}
    result = run("standings", "refresh", env=env)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "newer release" in result.stderr and "restart" in result.stderr, result.stderr
    assert "Run `portal db upgrade`" not in result.stderr


def test_an_unknown_region_at_start_up_names_the_setting_to_fix(tmp_path):
    """The unknown-region message no longer names PORTAL_REGION, for ``portal rules --region``'s
    sake, and start-up lost it too: an operator who mistyped PORTAL_REGION read that no installed
    region has the code, not where the code came from (“a setting to fix: say which”)."""
    result = run("routes", env={"PORTAL_REGION": "qindao", "DATABASE_URL": f"sqlite:///{tmp_path}/x.db"})
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "'qindao'" in result.stderr and "PORTAL_REGION" in result.stderr, result.stderr
