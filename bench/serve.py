"""Benchmark: a teacher's home page under many users at once, served by gunicorn as in
production, beside the bare page running its one query (bench/bare.py) under the same
load; then each worker's peak memory. On a city built by bench/dataset.py. Asserts nothing.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python bench/serve.py --database postgresql://postgres@127.0.0.1:5432/bench_perf

Each user is a thread of this process with its own teacher's session, asking for the page
again as soon as it has the answer (no think time: the servers saturated, p95 is the queue),
or, with ``--think S``, after reading it for S seconds on average (uniformly 0.5 S to 1.5 S:
people at once, each tapping again when they have read the page), over a new connection each
time (sync workers close it). The users sign in on a separate one-worker server sharing the secret
key, so the measured workers never check a password: their peak memory is what serving
pages costs. The load generator shares the machine's cores with the servers.
"""
from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from sqlalchemy import bindparam, create_engine, text

import dataset
from portal.config import normalise_database_url

GUNICORN = str(Path(sys.executable).parent / "gunicorn")
BENCH = Path(__file__).resolve().parent
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
SESSION = re.compile(r"session=([^;]+)")


class Server:
    """A gunicorn server of ``app`` on ``port``, stopped on leaving the ``with``."""

    def __init__(self, app: str, port: int, workers: int, env: dict[str, str]):
        self.port = port
        self.process = subprocess.Popen(
            [GUNICORN, "--workers", str(workers), "--bind", f"127.0.0.1:{port}", "--pythonpath", str(BENCH),
             "--backlog", "2048", "--log-level", "warning", app],
            env={**os.environ, **env}, cwd=BENCH.parent)

    def __enter__(self):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                ask(self.port, "GET", "/health-check-of-the-bench")
                return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"gunicorn on port {self.port} did not start")

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)

    def workers(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return [int(pid) for pid in children]


def ask(port: int, method: str, path: str, cookie: str = "", body: dict | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"Cookie": f"session={cookie}"} if cookie else {}
    data = None
    if body is not None:
        data = urlencode(body)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, path, body=data, headers=headers)
    response = connection.getresponse()
    payload = response.read()
    connection.close()
    return response.status, response.getheader("Set-Cookie") or "", payload


def sign_in(port: int, username: str) -> str:
    """The session cookie of ``username``, signed in through the form as a browser does."""
    _, set_cookie, page = ask(port, "GET", "/login")
    cookie = SESSION.search(set_cookie).group(1)
    token = CSRF.search(page.decode()).group(1)
    status, set_cookie, _ = ask(port, "POST", "/login", cookie,
                                {"username": username, "password": dataset.PASSWORD, "csrf_token": token})
    assert status == 302, (username, status)
    return SESSION.search(set_cookie).group(1)


def load(port: int, users: list[tuple[str, str]], seconds: float, think: float = 0) -> list[float]:
    """Each (path, cookie) a user asking again and again for ``seconds``, reading each answer
    ``think`` seconds on average before the next: the latencies, ms."""
    latencies, failures = [], []
    start = threading.Barrier(len(users))

    def user(path: str, cookie: str):
        start.wait()
        stop = time.perf_counter() + seconds
        while time.perf_counter() < stop:
            began = time.perf_counter()
            status, _, _ = ask(port, "GET", path, cookie)
            latencies.append((time.perf_counter() - began) * 1000)
            if status != 200:
                failures.append(status)
            if think:
                time.sleep(random.uniform(0.5 * think, 1.5 * think))

    threads = [threading.Thread(target=user, args=pair) for pair in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures, failures[:5]
    return latencies


def report(label: str, latencies: list[float], seconds: float) -> float:
    latencies = sorted(latencies)
    p95 = latencies[int(len(latencies) * 0.95) - 1]
    print(f"{label:<28} {len(latencies) / seconds:7.1f}/s   median {statistics.median(latencies):7.0f} ms"
          f"   p95 {p95:7.0f} ms   max {latencies[-1]:7.0f} ms", flush=True)
    return p95


def memory(label: str, pids: list[int]) -> None:
    for pid in pids:
        status = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines())
        print(f"{label:<28} pid {pid:>7}   peak {int(status['VmHWM'].split()[0]) / 1024:6.1f} MB"
              f"   now {int(status['VmRSS'].split()[0]) / 1024:6.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="postgresql://postgres@127.0.0.1:5432/bench_perf")
    parser.add_argument("--region", default="qingdao")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--page", default="/me/")
    parser.add_argument("--think", type=float, default=0,
                        help="seconds each user reads a page before asking again, on average (0: at once)")
    args = parser.parse_args()

    engine = create_engine(normalise_database_url(args.database))
    with engine.connect() as conn:
        count = conn.execute(text("SELECT count(*) FROM teacher")).scalar()
        usernames = [f"t{i * (count // args.users):06d}" for i in range(args.users)]
        teacher_ids = dict(conn.execute(text(
            "SELECT u.username, t.id FROM teacher t JOIN user_account u ON u.id = t.user_id WHERE u.username IN :names")
            .bindparams(bindparam("names", expanding=True)), {"names": usernames}).all())
    engine.dispose()
    portal_env = {"DATABASE_URL": args.database, "PORTAL_REGION": args.region, "PORTAL_SECRET_KEY": "bench",
                  "PORTAL_AUTO_MIGRATE": "0", "PORTAL_LOGIN_LIMIT": "1000000 per minute"}
    reading = f", each reading a page {args.think:g} s on average" if args.think else ", no think time"
    print(f"{count:,} teachers; {args.users} users at once for {args.seconds:g} s each{reading}, "
          f"gunicorn {args.workers} sync workers, {os.cpu_count()} cores shared with the load generator")
    with Server("portal:create_app()", 8101, 1, portal_env) as signing:
        cookies = [sign_in(signing.port, username) for username in usernames]
        memory("signing worker (argon2)", signing.workers())
    with Server("portal:create_app()", 8102, args.workers, portal_env) as portal, \
            Server("bare:from_environment()", 8103, args.workers, {"BENCH_DATABASE_URL": args.database}) as bare:
        ask(portal.port, "GET", args.page, cookies[0])  # each worker's first request is slower; not timed
        portal_p95 = report(f"portal {args.page}", load(portal.port, [(args.page, c) for c in cookies], args.seconds, args.think),
                            args.seconds)
        bare_p95 = report("bare standing page", load(bare.port, [(f"/me/{teacher_ids[u]}", "") for u in usernames],
                                                   args.seconds, args.think), args.seconds)
        print(f"p95: portal {portal_p95 / bare_p95:.1f}x the bare page's")
        memory("portal worker", portal.workers())
        memory("bare worker", bare.workers())


if __name__ == "__main__":
    main()
