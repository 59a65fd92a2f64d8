"""The portal command says what is wrong with a setting, without a traceback."""
import subprocess
import sys
from pathlib import Path

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
