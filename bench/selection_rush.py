"""Benchmark: the opening second of a selection round. Thousands of teachers, signed in
beforehand, all select at once a few projects of limited seats, through the JSON API of a
gunicorn server on PostgreSQL; beside them a bare psycopg loop doing the same writes (the
conditional UPDATE of the seats, the enrollment, the audit event) at the same concurrency.
Prints selections/s, p50/p99, the refusals and every project's seats against its
enrollments (overbooking must be 0); then where one selection's time goes. Asserts nothing.

    createdb -h 127.0.0.1 -U postgres bench_rush
    .venv/bin/python bench/selection_rush.py --database postgresql://postgres@127.0.0.1:5432/bench_rush

Region shanxi: its teachers select for themselves and the first state ("enrolled") holds a
seat; its findings check stages, subjects and layer only when a project names them, so the
projects name none. The city is bench/dataset.py's (teachers t000000 ... with accounts),
built and signed in once (argon2, ~0.2 s a teacher) and reused by later runs: the session
cookies are kept in a file beside the database's name. Each round adds fresh projects for
the portal and for the bare loop, and they take turns, so that other load on the machine
falls on both alike. Each teacher asks for one project (teacher i, project i mod n), once.
The clients are threads of this process, on the same cores as the servers.
"""
from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import queue
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import psycopg
from sqlalchemy import event, select, text

import dataset
from portal import clock
from portal import MIGRATIONS
from portal.extensions import db
from portal.models import OrgUnit, User
from portal.models.types import utcnow
from portal.services import enrollments, projects, training
from portal.services.accounts import SESSION_SEEN_EVERY, hash_password
from serve import Server, ask, sign_in

REGION = "shanxi"
DEFAULT_DATABASE = "postgresql://postgres@127.0.0.1:5432/bench_rush"
UNLIMITED = "1000000 per minute"  # the API's limit is per address, and every client here is 127.0.0.1


def build(url: str, teachers: int) -> None:
    """An empty database migrated, and bench/dataset.py's city of ``teachers`` teachers."""
    dataset.reset(url)
    app = dataset.app_for(url, REGION)
    with app.app_context():
        from flask_migrate import upgrade

        upgrade(directory=str(MIGRATIONS), revision="heads")
        password_hash = hash_password(dataset.PASSWORD)
        schools = dataset.city(password_hash)
        dataset.add_teachers(teachers, schools, password_hash)
        dataset.analyze()
        db.session.remove()
        db.engine.dispose()


def cookies_for(url: str, teachers: int, env: dict) -> list[str]:
    """Every teacher's session cookie, signed in through the form (8 at a time on a
    2-worker server); kept in a file and reused while the database keeps the sessions."""
    kept = Path(f"/tmp/bench-rush-{url.rsplit('/', 1)[-1]}-{teachers}.json")
    if kept.exists():
        return json.loads(kept.read_text())
    began = time.perf_counter()
    build(url, teachers)
    print(f"built {teachers:,} teachers in {time.perf_counter() - began:.0f} s", flush=True)
    began = time.perf_counter()
    with Server("portal:create_app()", 8111, 2, env) as signing, ThreadPoolExecutor(8) as pool:
        cookies = list(pool.map(lambda i: sign_in(signing.port, f"t{i:06d}"), range(teachers)))
    print(f"signed in {teachers:,} teachers in {time.perf_counter() - began:.0f} s", flush=True)
    kept.write_text(json.dumps(cookies))
    return cookies


def add_projects(app, label: str, count: int, classes: int, class_size: int) -> list[int]:
    """``count`` published projects of the city's, ``classes`` x ``class_size`` seats each,
    for every stage and subject, added published as the demo adds its projects."""
    start = clock.today() + timedelta(days=30)
    with app.app_context():
        organiser = db.session.scalar(select(OrgUnit).where(OrgUnit.code == "b-c"))
        ids = []
        for k in range(count):
            name = f"{label}第{k + 1}期骨干教师研修班"
            ids.append(training.add_project(
                None, organiser, name=name, level="city", mode="centralized", start_date=start,
                end_date=start + timedelta(days=2), year=start.year, stages=[], subjects=[], topics=[],
                hours=Decimal(24), capacity=classes * class_size, classes=classes, class_size=class_size,
                status="published", published_at=utcnow(),
                search_text=projects.search_text(name, organiser.name, [], "")).id)
        db.session.remove()
        return ids


def rush(attempt, jobs: list, clients: int) -> tuple[list, float]:
    """``jobs`` shared by ``clients`` threads that all start at once, each calling
    ``attempt(job)`` (its outcome) for its next job: [(outcome, ms, ended s)], seconds."""
    results, lock, clock = [], threading.Lock(), {}
    start = threading.Barrier(clients, action=lambda: clock.setdefault("opened", time.perf_counter()))

    def client(mine):
        start.wait()
        for job in mine:
            began = time.perf_counter()
            outcome = attempt(job)
            ended = time.perf_counter()
            with lock:
                results.append((outcome, (ended - began) * 1000, ended - clock["opened"]))

    threads = [threading.Thread(target=client, args=(jobs[i::clients],)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, max(ended for _, _, ended in results)


def cpu(workers: list[int]) -> Counter:
    """CPU seconds used so far by the server's ``workers``, by PostgreSQL's processes (all
    of the machine's) and by this process (the clients)."""
    used = Counter(clients=sum(os.times()[:2]))
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        name, fields = stat[stat.index("(") + 1:stat.rindex(")")], stat[stat.rindex(")") + 2:].split()
        kind = "gunicorn workers" if int(pid) in workers else "PostgreSQL" if name == "postgres" else None
        if kind:
            used[kind] += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime
    return used


def measured(attempt, jobs: list, clients: int, workers: list[int]):
    """``rush`` with the CPU time each side used meanwhile."""
    before = cpu(workers)
    results, seconds = rush(attempt, jobs, clients)
    return results, seconds, cpu(workers) - before


def portal_attempt(port: int):
    def attempt(job):
        cookie, project_id = job
        status, _, payload = ask(port, "POST", f"/api/projects/{project_id}/selections", cookie)
        if status == 201:
            return "selected"
        if status == 409 and b'"selection_seats"' in payload:
            return "full"
        return f"HTTP {status}"

    return attempt


ENROLL = ("INSERT INTO enrollment (project_id, teacher_id, role, status, region_fields, scores, state_since, "
          "phase, note, created_at) VALUES (%s, %s, 'participant', 'enrolled', '{}', '{}', %s, NULL, '', %s) "
          "RETURNING id")
AUDIT = ("INSERT INTO audit_event (at, actor_id, action, subject_type, subject_id, org_unit_id, before, after) "
         "VALUES (%s, %s, 'enrollment.selected', 'enrollment', %s, %s, NULL, %s)")
SEAT = ("UPDATE training_project SET taken = taken + 1 "
        "WHERE id = %s AND (capacity IS NULL OR taken < capacity)")


def bare_attempt(url: str, connections: int):
    """The selection's writes alone, one transaction each, on ``connections`` connections
    opened beforehand (as the workers' pools are)."""
    pool = queue.SimpleQueue()
    for _ in range(connections):
        pool.put(psycopg.connect(url))

    def attempt(job):
        (user_id, teacher_id, school_id), project_id = job
        conn, now = pool.get(), utcnow()
        try:
            with conn.transaction(), conn.cursor() as cur:
                if cur.execute(SEAT, (project_id,)).rowcount != 1:
                    return "full"  # nothing written: the transaction ends with nothing to keep
                enrollment_id = cur.execute(ENROLL, (project_id, teacher_id, now, now)).fetchone()[0]
                after = json.dumps({"project": project_id, "teacher": teacher_id, "status": "enrolled",
                                    "by": "teacher"})
                cur.execute(AUDIT, (now, user_id, enrollment_id, school_id, after))
            return "selected"
        finally:
            pool.put(conn)

    attempt.close = lambda: [pool.get().close() for _ in range(connections)]
    return attempt


def report(label: str, results: list, seconds: float, used: Counter) -> float:
    outcomes = Counter(outcome for outcome, _, _ in results)
    latencies = sorted(ms for _, ms, _ in results)
    took = [ended for outcome, _, ended in results if outcome == "selected"]
    p = lambda q: latencies[min(len(latencies) - 1, int(len(latencies) * q))]  # noqa: E731
    rate = len(results) / seconds
    print(f"{label:<34} {rate:7.1f} selections/s ({len(results):,} in {seconds:.2f} s)   "
          f"p50 {p(0.5):6.0f} ms   p99 {p(0.99):6.0f} ms   max {latencies[-1]:6.0f} ms", flush=True)
    print(f"{'':<34} {outcomes.pop('selected', 0):,} seats taken (the last {max(took, default=0):.2f} s after "
          f"opening), {outcomes.pop('full', 0):,} refused as full, other answers: {dict(outcomes) or 'none'}")
    print(f"{'':<34} CPU a selection: " + ", ".join(f"{side} {used[side] / len(results) * 1000:.1f} ms"
                                                    for side in ("gunicorn workers", "PostgreSQL", "clients")
                                                    if side in used))
    return rate


def stale(url: str) -> int:
    """The live sessions whose next request writes ``last_seen_at`` (accounts.session_user)."""
    with psycopg.connect(url) as conn:
        return conn.execute("SELECT count(*) FROM user_session WHERE revoked_at IS NULL AND last_seen_at < %s",
                            (utcnow() - SESSION_SEEN_EVERY,)).fetchone()[0]


def seats(url: str, ids: list[int]) -> int:
    """Each project's capacity, seats taken and enrollments; returns the seats overbooked."""
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT p.id, p.capacity, p.taken, count(e.id), "
            "(SELECT count(*) FROM audit_event a JOIN enrollment x ON x.id = a.subject_id "
            " WHERE a.subject_type = 'enrollment' AND a.action = 'enrollment.selected' AND x.project_id = p.id) "
            "FROM training_project p LEFT JOIN enrollment e ON e.project_id = p.id "
            "WHERE p.id = ANY(%s) GROUP BY p.id ORDER BY p.id", (ids,)).fetchall()
    over = 0
    for project_id, capacity, taken, enrolled, audited in rows:
        over += max(0, taken - capacity, enrolled - capacity)
        flag = "" if taken == enrolled == audited else "   MISMATCH"
        print(f"    project {project_id}: capacity {capacity}, taken {taken}, enrollments {enrolled}, "
              f"audit events {audited}{flag}")
    return over


def profile(url: str, cookies: list[str], sample: int) -> None:
    """Where a selection's time goes, in-process on one thread: ``sample`` requests through
    the test client (each teacher's session cookie), then the service call alone, both
    with their SQL statements counted and timed; one request's statements; then the
    requests again under cProfile."""
    app = dataset.app_for(url, REGION, PORTAL_API_LIMIT=UNLIMITED)
    region = app.extensions["portal.region"]
    sample = min(sample, len(cookies) - 1)
    spent = {"n": 0, "s": 0.0, "log": None}
    with app.app_context():
        engine = db.engine
        users = db.session.scalars(select(User).where(User.username.like("t%")).order_by(User.username)
                                   .limit(sample)).all()
        db.session.remove()

    @event.listens_for(engine, "before_cursor_execute")
    def before(conn, *_):
        conn.info["began"] = time.perf_counter()

    @event.listens_for(engine, "after_cursor_execute")
    def after(conn, _cursor, statement, *_):
        took = time.perf_counter() - conn.info["began"]
        spent["n"] += 1
        spent["s"] += took
        if spent["log"] is not None:
            spent["log"].append((took * 1000, " ".join(statement.split())[:110]))

    requests, service, profiled = add_projects(app, "剖析", 3, 1, sample + 1)
    client = app.test_client()

    def select_all(project_id):
        for cookie in cookies[:sample]:
            client.set_cookie("session", cookie)
            status = client.post(f"/api/projects/{project_id}/selections").status_code
            assert status == 201, status

    def call_service():
        with app.app_context():
            for user in users:
                enrollments.select_project(region, db.session.merge(user, load=False), service)
            db.session.remove()

    for label, run in (("a request (POST /api/projects/<id>/selections)", lambda: select_all(requests)),
                       ("the service call alone (select_project)", call_service)):
        spent.update(n=0, s=0.0)
        began = time.perf_counter()
        run()
        took = (time.perf_counter() - began) / sample * 1000
        print(f"{label:<48} {took:6.1f} ms, {spent['n'] / sample:.0f} statements taking "
              f"{spent['s'] / sample * 1000:.1f} ms ({sample} teachers, in-process, one thread)")
    spent["log"] = []
    client.set_cookie("session", cookies[sample])
    assert client.post(f"/api/projects/{requests}/selections").status_code == 201
    print("one request's statements (BEGIN and COMMIT not shown):")
    for ms, statement in spent["log"]:
        print(f"  {ms:6.2f} ms  {statement}")
    spent["log"] = None
    profiler = cProfile.Profile()
    profiler.runcall(select_all, profiled)
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(r"/portal/", 30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=DEFAULT_DATABASE)
    parser.add_argument("--teachers", type=int, default=2000)
    parser.add_argument("--projects", type=int, default=5)
    parser.add_argument("--classes", type=int, default=2)
    parser.add_argument("--class-size", type=int, default=50)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=1, help="more than 1: gunicorn's gthread workers")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--profile", type=int, default=200, help="teachers in the profile (0: none)")
    args = parser.parse_args()

    env = {"DATABASE_URL": args.database, "PORTAL_REGION": REGION, "PORTAL_SECRET_KEY": "bench",
           "PORTAL_AUTO_MIGRATE": "0", "PORTAL_LOGIN_LIMIT": UNLIMITED, "PORTAL_API_LIMIT": UNLIMITED}
    cookies = cookies_for(args.database, args.teachers, env)
    app = dataset.app_for(args.database, REGION)
    with app.app_context():
        who = db.session.execute(text(
            "SELECT u.id, t.id, t.school_id FROM user_account u JOIN teacher t ON t.user_id = u.id "
            "WHERE u.username LIKE 't%' ORDER BY u.username")).all()
        db.session.remove()
    kind = f"gthread workers of {args.threads} threads" if args.threads > 1 else "sync workers"
    seats_each = args.classes * args.class_size
    print(f"{args.teachers:,} teachers, {args.projects} projects of {args.classes} x {args.class_size} seats "
          f"({args.projects * seats_each:,} seats); {args.clients} clients at once; gunicorn {args.workers} "
          f"{kind}; PostgreSQL on the same cores")
    if args.threads > 1:
        env["GUNICORN_CMD_ARGS"] = f"--worker-class gthread --threads {args.threads}"
    over = 0
    with Server("portal:create_app()", 8112, args.workers, env) as portal:
        warm = add_projects(app, "预热", 1, 1, len(cookies))  # each worker's first selections, not timed
        rush(portal_attempt(portal.port), [(c, warm[0]) for c in cookies[:8 * args.workers]], args.clients)
        for round_ in range(1, args.rounds + 1):
            print(f"\nround {round_} (load average {os.getloadavg()[0]:.1f}); {stale(args.database):,} sessions last "
                  "seen over 5 minutes ago: their selection also notes the session seen (an UPDATE, a commit)")
            ids = add_projects(app, f"门户{round_}-", args.projects, args.classes, args.class_size)
            jobs = [(cookie, ids[i % len(ids)]) for i, cookie in enumerate(cookies)]
            portal_rate = report("portal (JSON API, session cookie)",
                                 *measured(portal_attempt(portal.port), jobs, args.clients, portal.workers()))
            over += seats(args.database, ids)
            ids = add_projects(app, f"对照{round_}-", args.projects, args.classes, args.class_size)
            jobs = [(person, ids[i % len(ids)]) for i, person in enumerate(who)]
            attempt = bare_attempt(args.database, args.clients)
            bare_rate = report(f"bare psycopg ({args.clients} connections)", *measured(attempt, jobs, args.clients, []))
            attempt.close()
            over += seats(args.database, ids)
            print(f"portal: {portal_rate / bare_rate:.1%} of the bare loop's selections/s")
    print(f"\nseats overbooked in all rounds: {over}")
    if args.profile:
        profile(args.database, cookies, args.profile)


if __name__ == "__main__":
    main()
