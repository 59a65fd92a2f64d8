"""Benchmark: the CPU one selection through the JSON API costs the portal's process and its
PostgreSQL backend, in-process on one thread, so that other load on a shared machine moves
it little (wall-clock figures there move by 2x). Asserts nothing but that each selection is
made (201).

    createdb -h 127.0.0.1 -U postgres bench_selection
    .venv/bin/python bench/selection_cpu.py setup 400     # the city, 400 teachers signed in
    .venv/bin/python bench/selection_cpu.py run 100       # 100 selections: CPU ms a selection

Instructions, which load does not move at all: the same run under callgrind, N and 0
selections, the difference over N (the 0 run pays the start, the imports and the warm-up):

    valgrind --tool=callgrind --callgrind-out-file=cg.N .venv/bin/python bench/selection_cpu.py run N

Region shanxi and bench/dataset.py's city, as selection_rush.py. The teachers' sessions are
opened directly (no argon2) and noted as just seen, so no selection writes ``last_seen_at``.
Each run selects a fresh project of enough seats, after 5 selections of another that warm
the process up (not counted), and deletes its enrollments at the end.
"""
from __future__ import annotations

import argparse
import cProfile
import json
import os
import time
from pathlib import Path

from sqlalchemy import event, select, text

import dataset
import selection_rush
from portal.extensions import db
from portal.models import User
from portal.services import accounts

DEFAULT_DATABASE = "postgresql://postgres@127.0.0.1:5432/bench_selection"
WARM = 5


def cookies_file(url: str) -> Path:
    return Path(f"/tmp/bench-selection-cpu-{url.rsplit('/', 1)[-1]}.json")


def setup(url: str, teachers: int) -> None:
    """The city and its teachers, each with a live session whose cookie is kept in a file."""
    selection_rush.build(url, teachers)
    app = dataset.app_for(url, selection_rush.REGION)
    signer = app.session_interface.get_signing_serializer(app)
    with app.app_context():
        users = db.session.scalars(select(User).where(User.username.like("t%")).order_by(User.username)).all()
        cookies = [signer.dumps({"_user_id": str(u.id), "_fresh": True, "session_token": accounts._open_session(u)})
                   for u in users]
        db.session.commit()
    cookies_file(url).write_text(json.dumps(cookies))


def backend_cpu(pid: int) -> float:
    """CPU seconds a PostgreSQL backend has used (it runs on this machine)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(url: str, count: int, profile: str | None) -> None:
    cookies = json.loads(cookies_file(url).read_text())
    app = dataset.app_for(url, selection_rush.REGION, PORTAL_API_LIMIT=selection_rush.UNLIMITED,
                          SQLALCHEMY_ENGINE_OPTIONS={"pool_size": 1, "max_overflow": 0})
    warm, measured = selection_rush.add_projects(app, "剖析", 2, 1, len(cookies))
    statements = [0]
    with app.app_context():
        db.session.execute(text("UPDATE user_session SET last_seen_at = now() AT TIME ZONE 'utc'"))
        db.session.commit()
        event.listen(db.engine, "after_cursor_execute", lambda *_: statements.__setitem__(0, statements[0] + 1))
        backend = db.session.scalar(text("SELECT pg_backend_pid()"))  # the pool's one connection
        db.session.remove()
    client = app.test_client()

    def select_all(project_id: int, chosen: list[str]) -> None:
        for cookie in chosen:
            client.set_cookie("session", cookie)
            response = client.post(f"/api/projects/{project_id}/selections")
            assert response.status_code == 201, (response.status_code, response.data[:300])

    select_all(warm, cookies[:WARM])
    chosen = cookies[WARM:WARM + count]
    statements[0] = 0
    began_db, began = backend_cpu(backend), time.process_time()
    if profile:
        profiler = cProfile.Profile(time.process_time)
        profiler.runcall(select_all, measured, chosen)
        profiler.dump_stats(profile)
    else:
        select_all(measured, chosen)
    used, used_db = time.process_time() - began, backend_cpu(backend) - began_db
    if count:
        print(f"{count} selections: CPU {used / count * 1000:.2f} ms a selection in this process, "
              f"{used_db / count * 1000:.2f} ms in its PostgreSQL backend; {statements[0] / count:.1f} statements "
              f"a selection (load average {os.getloadavg()[0]:.1f})")
    with app.app_context():
        db.session.execute(text("DELETE FROM enrollment WHERE project_id IN (:warm, :measured)"),
                           {"warm": warm, "measured": measured})
        db.session.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=DEFAULT_DATABASE)
    parser.add_argument("--profile", help="a file for cProfile's statistics (CPU time) of the counted selections")
    parser.add_argument("step", choices=("setup", "run"))
    parser.add_argument("count", type=int, help="setup: teachers; run: selections")
    args = parser.parse_args()
    if args.step == "setup":
        setup(args.database, args.count)
    else:
        run(args.database, args.count, args.profile)


if __name__ == "__main__":
    main()
