"""Benchmark: users at once on the embedded SQLite database, each reading pages and now and
then writing (switching language, enrolling a teacher). Prints throughput, latency, the
number of "database is locked" errors and how the reads' and writes' transactions began
(a read must never take the write lock); asserts nothing.

    .venv/bin/python bench/sqlite_concurrency.py --users 10 --seconds 15 --writes 0.2

Reads begin with a deferred BEGIN and never wait for the write lock; writing use cases
declare it (services/transactions.py) and begin with BEGIN IMMEDIATE. The users are threads
sharing one interpreter, so a writer holding the lock also waits for the readers' Python
work: write latencies are higher than with separate worker processes.
"""
from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import threading
import time
from collections import Counter
from decimal import Decimal

from sqlalchemy import event, select
from sqlalchemy.exc import OperationalError

from portal import clock
from portal import create_app
from portal.domain import Gender, SchoolStage
from portal.extensions import db
from portal.models import OrgUnit, Teacher, TrainingProject, User
from portal.services import training
from portal.services.demo import load_demo
from portal.services.scope import Scope
from portal.services.teachers import scope_summary, teacher_page
from portal.services.transactions import writing


def build_app(region: str, teachers: int):
    url = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "PORTAL_REGION": region, "SECRET_KEY": "bench",
                      "PORTAL_AUTO_MIGRATE": True})
    with app.app_context():
        region_ = app.extensions["portal.region"]
        load_demo(region_, clock.today())
        writing()
        school = db.session.scalar(select(OrgUnit).where(OrgUnit.kind == "school"))
        for i in range(teachers):
            db.session.add(Teacher(school=school, name=f"基准{i:05d}", gender=Gender.FEMALE.value,
                                   id_number=f"Q{i:017d}", stages=[SchoolStage.PRIMARY.value], subjects=[]))
        training.add_project(None, school, name="基准报名", level="school", mode="school_based",
                             start_date=clock.today(), end_date=clock.today(), year=clock.today().year,
                             hours=Decimal(3), capacity=None)
        db.session.commit()
    return app


acting = threading.local()  # what the thread's user is doing: "read" or "write"


def count_begins(app, results: dict) -> None:
    """Count, per kind of action, the transactions begun as readers and as writers."""
    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "before_cursor_execute")
    def begun(_conn, _cursor, statement, *_args):
        if statement.startswith("BEGIN"):
            results["begins"][(acting.kind, statement)] += 1


def user_session(app, stop: float, write_share: float, seed: int, pending: list[int],
                 results: dict) -> None:
    """One user: a read of the admin figures or the teacher list, or (``write_share`` of
    the time) enrolling the next of ``pending`` teachers after a read, as a request does,
    until ``stop``."""
    rng = random.Random(seed)
    region = app.extensions["portal.region"]
    while time.monotonic() < stop and pending:
        kind = acting.kind = "write" if rng.random() < write_share else "read"
        began = time.perf_counter()
        with app.app_context():
            try:
                admin = db.session.scalar(select(User).where(User.username == "school_admin"))
                scope = Scope.of(admin, admin.role_set)
                if kind == "read":
                    rng.choice((scope_summary, teacher_page))(region, scope, clock.today())
                else:
                    _enroll_next(region, pending)
                    db.session.commit()
            except OperationalError as error:
                db.session.rollback()
                results["locked" if "locked" in str(error) else "other"] += 1
                continue
        results[kind].append((time.perf_counter() - began) * 1000)


def _enroll_next(region, pending: list[int]) -> None:
    project = db.session.scalar(select(TrainingProject).where(TrainingProject.name == "基准报名"))
    teacher = db.session.scalar(select(Teacher).where(Teacher.name == f"基准{pending.pop(0):05d}"))
    training.enroll(region, None, project, teacher)


def report(label: str, times: list[float], seconds: float) -> None:
    if not times:
        print(f"{label:<6} none")
        return
    times.sort()
    print(f"{label:<6} {len(times):6d} done, {len(times) / seconds:7.1f}/s   median {statistics.median(times):7.1f} ms"
          f"   p95 {times[int(len(times) * 0.95) - 1]:7.1f} ms   max {times[-1]:7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--writes", type=float, default=0.2, help="share of actions that write")
    parser.add_argument("--teachers", type=int, default=5000)
    parser.add_argument("--region", default="qingdao")
    args = parser.parse_args()

    app = build_app(args.region, args.teachers)
    results = {"read": [], "write": [], "locked": 0, "other": 0, "begins": Counter()}
    count_begins(app, results)
    stop = time.monotonic() + args.seconds
    threads = [threading.Thread(target=user_session,
                                args=(app, stop, args.writes, seed, list(range(seed, args.teachers, args.users)), results))
               for seed in range(args.users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(f"sqlite, {args.users} users for {args.seconds:.0f} s, {args.writes:.0%} writes, {args.teachers} teachers")
    report("read", results["read"], args.seconds)
    report("write", results["write"], args.seconds)
    print(f'"database is locked": {results["locked"]}   other database errors: {results["other"]}')
    for kind in ("read", "write"):
        print(f"{kind}s began {results['begins'][(kind, 'BEGIN')]} transactions as readers (BEGIN), "
              f"{results['begins'][(kind, 'BEGIN IMMEDIATE')]} as writers (BEGIN IMMEDIATE)")


if __name__ == "__main__":
    main()
