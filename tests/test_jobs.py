"""Background jobs: the schedule's tasks do their work in the app they run in; the queue's
storage follows the configuration."""
from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from huey import RedisHuey, SqliteHuey
from sqlalchemy import select

from portal import clock
from portal.config import ConfigError, from_environment
from portal import jobs
from portal.extensions import db
from portal.models import Enrollment, OrgUnit, Teacher, TrainingProject, User
from portal.models.types import utcnow
from portal.services import enrollments, training


def test_the_queue_is_a_sqlite_file_unless_redis_is_configured(tmp_path):
    assert isinstance(jobs.make_huey({"PORTAL_JOBS_PATH": str(tmp_path / "jobs.sqlite3")}), SqliteHuey)
    assert isinstance(jobs.make_huey({"PORTAL_REDIS_URL": "redis://127.0.0.1:6379/9"}), RedisHuey)


def test_the_scheduled_release_frees_expired_holds_without_a_page_being_read(make_app):
    app = make_app("qingdao", demo=True)
    region = app.extensions["portal.region"]
    with app.app_context():
        organiser = db.session.scalar(select(OrgUnit).where(OrgUnit.kind == "institution"))
        start = clock.today() + timedelta(days=30)
        project = training.add_project(None, organiser, name="待支付", level="city", mode="centralized",
                                       program="city_personalized", start_date=start, end_date=start,
                                       year=start.year, hours=Decimal(6), capacity=5, fee=Decimal(100),
                                       status="published")
        teacher = db.session.scalar(select(Teacher).join(User, Teacher.user_id == User.id)
                                    .where(User.username == "teacher"))
        user = db.session.get(User, teacher.user_id)
        enrollment = enrollments.select_project(region, user, project.id)
        admin = db.session.scalar(select(User).where(User.username == "school_admin"))
        enrollments.move(region, admin, enrollment.id, "approved")
        enrollments.move(region, user, enrollment.id, "awaiting_payment",
                         enrollments.MoveInput(agreed=True, fields={"invoice": "青岛市太平路小学"}))
        project_id, enrollment_id = project.id, enrollment.id
        held = db.session.get(Enrollment, enrollment_id)
        held.state_since = utcnow() - timedelta(minutes=45)
        db.session.commit()
        assert db.session.get(TrainingProject, project_id).taken == 1
        assert jobs.release_holds.call_local() == 1
        db.session.rollback()  # the task ran in its own session: read what it committed
        assert db.session.get(Enrollment, enrollment_id).status == "cancelled"
        assert db.session.get(TrainingProject, project_id).taken == 0
        assert jobs.release_holds.call_local() == 0


def test_portal_worker_is_a_command():
    from click.testing import CliRunner

    from portal.cli import main

    result = CliRunner().invoke(main, ["worker", "--help"])
    assert result.exit_code == 0 and "--no-schedule" in result.output


def test_the_worker_keeping_the_schedule_queues_the_stale_standings_at_its_start(monkeypatch):
    """After an upgraded region or a changed setting, the pages said the teachers' figures were
    being computed again while nothing computed them until the night's run: the worker that keeps
    the schedule queues that run as it starts; one with --no-schedule leaves it to that one."""
    from click.testing import CliRunner

    import portal.cli
    from portal.cli import main

    queued, consumers = [], []

    class Consumer:
        def run(self):
            consumers.append(self)

    monkeypatch.setattr(portal.cli, "_create_app", lambda: None)
    monkeypatch.setattr(portal.cli, "_refuse_another_regions_database", lambda app: None)  # no database here
    monkeypatch.setattr(jobs, "refresh_stale_standings", lambda: queued.append(1))
    monkeypatch.setattr(jobs.huey, "create_consumer", lambda **options: Consumer())
    assert CliRunner().invoke(main, ["worker"]).exit_code == 0
    assert (len(queued), len(consumers)) == (1, 1)
    assert CliRunner().invoke(main, ["worker", "--no-schedule"]).exit_code == 0
    assert (len(queued), len(consumers)) == (1, 2)


def test_a_workers_threads_build_its_app_once(monkeypatch):
    """Two threads starting their first tasks together each built the app and migrated the
    database at once (alembic's KeyError 'script' in a trial's worker)."""
    import threading
    import time

    import portal

    built = []

    def slow_build():
        built.append(1)
        time.sleep(0.05)
        return object()

    monkeypatch.setattr(portal, "create_app", slow_build)
    monkeypatch.setattr(jobs, "_worker_app", [])
    threads = [threading.Thread(target=jobs._app) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(built) == 1


def test_the_worker_logs_that_it_started_and_each_job_with_its_time(tmp_path):
    """`portal worker` under systemd or supervisor: its log is where a failed job's reason is
    read (README, "Background jobs"), so the worker's own lines reach it, each with its time,
    from its first: the consumer started, and with what."""
    import re
    import signal
    import subprocess
    import sys
    import threading
    import time
    from pathlib import Path

    env = {"PATH": "/usr/bin:/bin", "PORTAL_INSTANCE_PATH": str(tmp_path / "i"),
           "DATABASE_URL": f"sqlite:///{tmp_path}/p.sqlite3", "PORTAL_REGION": "qingdao"}
    worker = subprocess.Popen([str(Path(sys.executable).parent / "portal"), "worker", "--no-schedule"],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(worker.stdout), daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not any("started" in line for line in lines):
            time.sleep(0.2)
    finally:
        worker.send_signal(signal.SIGINT)
        worker.wait(timeout=30)
    seen = "".join(lines)
    assert re.search(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d.*INFO.*started", seen, re.M), seen
    assert "Taking the jobs of the queue portal (SQLite)" in seen, "which queue it reads, said"


def test_a_worker_whose_redis_does_not_answer_says_so_in_a_line(tmp_path):
    """PORTAL_REDIS_URL wrong or Redis not started: the worker stops naming the setting, the
    queue's address and the reason, rather than with redis-py's traceback."""
    import subprocess
    import sys
    from pathlib import Path

    env = {"PATH": "/usr/bin:/bin", "PORTAL_INSTANCE_PATH": str(tmp_path / "i"), "PORTAL_REGION": "qingdao",
           "DATABASE_URL": f"sqlite:///{tmp_path}/p.sqlite3", "PORTAL_REDIS_URL": "redis://:pw@127.0.0.1:1/1"}
    for options in ((), ("--no-schedule",)):
        result = subprocess.run([str(Path(sys.executable).parent / "portal"), "worker", *options],
                                capture_output=True, text=True, env=env, timeout=120)
        assert result.returncode == 1, result.stderr
        assert "PORTAL_REDIS_URL" in result.stderr and "127.0.0.1:1/1" in result.stderr, result.stderr
        assert "Traceback" not in result.stderr and ":pw@" not in result.stderr


def _deployment(**env) -> dict:
    return {"PORTAL_REDIS_URL": "redis://127.0.0.1:6379/7", "PORTAL_REGION": "qingdao", "PORTAL_ENV": "production",
            "PORTAL_SECRET_KEY": "k" * 64, "DATABASE_URL": "postgresql://portal@db1/portal", **env}


def test_each_deployment_on_one_redis_has_its_own_queue():
    """Two portals pointed at one Redis (two regions, or staging and production) shared the
    queue "portal": a job of one was taken by the other's worker. The queue is named from the
    region, the database's name and the secret key, which every process of one deployment
    shares; PORTAL_QUEUE_NAME names it outright."""
    production = jobs.queue_name(_deployment())
    assert re.fullmatch(r"portal_qingdao_[0-9a-f]{12}", production), production
    assert "k" * 12 not in production, "the secret key is not written into Redis"
    # every process of the deployment, on any machine (the database's host written otherwise), the same queue
    assert jobs.queue_name(_deployment(DATABASE_URL="postgres://portal:pw@10.0.0.5:5432/portal")) == production
    others = [jobs.queue_name(_deployment(PORTAL_REGION="shanxi")),
              jobs.queue_name(_deployment(DATABASE_URL="postgresql://portal@db1/portal_staging")),
              jobs.queue_name(_deployment(PORTAL_SECRET_KEY="s" * 64))]
    assert len({production, *others}) == 4
    assert jobs.queue_name(_deployment(PORTAL_QUEUE_NAME="portal_qd_prod")) == "portal_qd_prod"
    assert jobs.make_huey(_deployment()).storage.name == production, "as huey keeps it, unchanged"
    with pytest.raises(ConfigError, match="PORTAL_QUEUE_NAME"):  # huey would drop the hyphen: "portalqd" then
        from_environment("/tmp", _deployment(PORTAL_QUEUE_NAME="portal-qd"))


def test_a_job_queued_by_one_deployment_is_never_taken_by_anothers_worker():
    """On a real Redis (the tests' database 7): what one portal queues, another's worker does
    not see."""
    from redis import Redis
    from redis.exceptions import RedisError

    try:
        Redis.from_url("redis://127.0.0.1:6379/7").ping()
    except RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    region = jobs.make_huey(_deployment(PORTAL_REGION="qingdao"))
    other = jobs.make_huey(_deployment(PORTAL_REGION="shanxi"))
    for queue in (region, other):
        queue.flush()
    try:
        region.storage.enqueue(b"a job of qingdao's")
        assert other.pending_count() == 0 and other.storage.dequeue() is None
        assert region.pending_count() == 1
    finally:
        for queue in (region, other):
            queue.flush()
