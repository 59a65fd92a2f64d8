"""A database belongs to the region it was set up for. A worker, a cron job or a web process
started with another PORTAL_REGION (or none, the default's) would compute every teacher's kept
standing again under that region's rules and overwrite them: the commands that compute or
convert refuse, the worker does not start, and ``/healthz`` takes the process out."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from portal.extensions import db
from portal.models import TeacherStanding

PORTAL = str(Path(sys.executable).parent / "portal")


def _kept(app):
    with app.app_context():
        return sorted(db.session.execute(select(TeacherStanding.teacher_id, TeacherStanding.rule_version,
                                                TeacherStanding.computed_at)).all())


def test_another_regions_process_is_unhealthy_and_its_own_is_not(make_app):
    own = make_app("qingdao", demo=True)
    assert own.test_client().get("/healthz").status_code == 200
    other = make_app("shanxi")  # the same database, another region
    response = other.test_client().get("/healthz")
    assert response.status_code == 503
    answer = response.get_json()
    assert {k: answer[k] for k in ("status", "reason")} == {"status": "unavailable", "reason": "region"}
    assert "PORTAL_REGION" in answer["action"]  # what the operator does about it


def test_refreshing_another_regions_database_is_refused_and_changes_nothing(make_app, tmp_path):
    app = make_app("qingdao", demo=True)
    before = _kept(app)
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": url, "PORTAL_INSTANCE_PATH": str(tmp_path / "i"),
           "PORTAL_AUTO_MIGRATE": "0"}
    for command in (("standings", "refresh"), ("standings", "refresh", "--stale"),
                    ("ledger", "reconvert", "--reason", "x"), ("worker", "--no-schedule")):
        result = subprocess.run([PORTAL, *command], capture_output=True, text=True, timeout=120,
                                env={**env, "PORTAL_REGION": "shanxi"})
        assert result.returncode == 1, (command, result.stderr)
        assert "PORTAL_REGION" in result.stderr and "qingdao-" in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
    assert _kept(app) == before
    result = subprocess.run([PORTAL, "standings", "refresh", "--stale"], capture_output=True, text=True,
                            timeout=120, env={**env, "PORTAL_REGION": "qingdao"})
    assert result.returncode == 0, result.stderr


def test_a_release_that_retired_one_of_its_rule_versions_still_refreshes(make_app):
    """A region's release may retire a rule version its standings were computed under (a code
    corrected): the database is still its own while any kept standing is under one of its
    versions, and computing them again is what brings the retired one up to date."""
    from portal.services.health import foreign_rule_versions

    app = make_app("qingdao", demo=True)
    with app.app_context():
        first = db.session.scalars(select(TeacherStanding).limit(1)).one()
        first.rule_version = "qingdao-retired"
        db.session.commit()
        assert foreign_rule_versions(app.extensions["portal.region"]) == []
    assert app.test_client().get("/healthz").status_code == 200
    other = make_app("shanxi")
    with other.app_context():
        assert "qingdao-retired" in foreign_rule_versions(other.extensions["portal.region"])
