"""Benchmark: the instructions a request of a teacher's page costs, against the bare page
(bench/bare.py), counted by valgrind's callgrind. Instructions do not move with the load of a
shared machine as seconds do: the same code, data and environment count the same.

    .venv/bin/python bench/dataset.py --database sqlite:////tmp/cg-city.sqlite3 --reset --teachers 3000
    .venv/bin/python bench/instructions.py --database sqlite:////tmp/cg-city.sqlite3 --page /me/ --page /me/compliance

Each side runs in its own process under callgrind twice, on its own copy of the database:
once asking the page ``--requests`` times after 40 untimed requests, once with none; the
difference divided by ``--requests`` is a request's cost (so the start, the imports and the
sign-ins drop out). The 20 teachers of bench/pages.py ask in turn. Their sign-ins skip the
password hash (argon2 takes minutes under valgrind and falls out of the difference anyway).
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
WARM = 40


def child(database: str, region: str, side: str, page: str, requests: int) -> None:
    import bare
    import dataset
    import pages
    from sqlalchemy import select

    from portal.extensions import db
    from portal.models import Teacher, User
    from portal.services import accounts

    accounts._verify = lambda password_hash, password: True
    app = dataset.app_for(database, region, WTF_CSRF_ENABLED=False)
    with app.app_context():
        count = db.session.scalar(select(db.func.count(Teacher.id)))
        sample = [f"t{i * (count // pages.SAMPLE):06d}" for i in range(pages.SAMPLE)]
        ids = dict(db.session.execute(select(User.username, Teacher.id).join(Teacher.user)
                                      .where(User.username.in_(sample))).all())
    if side == "bare":
        client = bare.create(database).test_client()
        ask = pages.in_turn([client] * pages.SAMPLE, [f"/me/{ids[u]}" for u in sample])
    else:
        ask = pages.in_turn([pages.signed_in(app, u) for u in sample], [page] * pages.SAMPLE)
    for _ in range(WARM + requests):
        ask()


def counted(database: str, region: str, side: str, page: str, requests: int) -> int:
    """Instructions of one child process under callgrind, on its own copy of the database."""
    with tempfile.TemporaryDirectory() as scratch:
        if database.startswith("sqlite:///"):
            copy = Path(scratch) / "city.sqlite3"
            shutil.copy(database.split("///", 1)[1], copy)
            database = f"sqlite:///{copy}"
        out = Path(scratch) / "callgrind.out"
        subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
                        sys.executable, __file__, "--child", side, "--database", database,
                        "--region", region, "--page", page, "--requests", str(requests)],
                       check=True, env={**os.environ, "PYTHONHASHSEED": "0"}, cwd=HERE,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return int(re.search(r"^summary: (\d+)", out.read_text(), re.M).group(1))


def per_request(database: str, region: str, side: str, page: str, requests: int) -> float:
    with ThreadPoolExecutor(2) as pool:
        full = pool.submit(counted, database, region, side, page, requests)
        none = pool.submit(counted, database, region, side, page, 0)
        return (full.result() - none.result()) / requests


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--region", default="qingdao")
    parser.add_argument("--page", action="append", help="a teacher's page; repeat for more (default /me/)")
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--child", choices=("bare", "portal"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        sys.path[:0] = [str(HERE), str(HERE.parent)]
        return child(args.database, args.region, args.child, args.page[0], args.requests)
    if not shutil.which("valgrind"):
        sys.exit("valgrind is not installed (Debian: apt-get install valgrind)")
    bare = per_request(args.database, args.region, "bare", "/me/", args.requests)
    print(f"bare /me/<id>: {bare / 1e6:.2f} million instructions a request", flush=True)
    for page in args.page or ["/me/"]:
        portal = per_request(args.database, args.region, "portal", page, args.requests)
        print(f"portal {page}: {portal / 1e6:.2f} million instructions a request, "
              f"{bare / portal:.1%} of the bare page's throughput", flush=True)


if __name__ == "__main__":
    main()
