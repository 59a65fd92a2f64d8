"""Benchmark: the portal's pages against bare Flask pages running the one query each needs
(bench/bare.py), on a city built by bench/dataset.py. In-process, one thread, through
Flask's test client for both: requests per second and the median time of a request.

    .venv/bin/python bench/pages.py --database sqlite:////tmp/bench-city.sqlite3
    .venv/bin/python bench/pages.py --database postgresql://postgres@127.0.0.1:5432/bench_perf

The teacher's pages are asked of 20 teachers in turn (each signed in on their own client);
the admin list is the city admin's, the whole city (100,000 teachers at full size). Both
read the kept standings (bench/dataset.py computes them all).
"""
from __future__ import annotations

import argparse
from sqlalchemy import select

import bare
import dataset
from measure import header, side_by_side
from portal.extensions import db
from portal.models import OrgUnit, Teacher, User

SAMPLE = 20


def signed_in(app, username: str):
    client = app.test_client()
    response = client.post("/login", data={"username": username, "password": dataset.PASSWORD})
    assert response.status_code == 302, (username, response.status_code)
    return client


def in_turn(clients, urls, status=200):
    """A function that asks the next client for its next URL, each call."""
    state = {"i": 0}

    def ask():
        i = state["i"] = (state["i"] + 1) % len(clients)
        response = clients[i].get(urls[i])
        assert response.status_code == status, (urls[i], response.status_code)

    return ask


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=dataset.DEFAULT_SQLITE)
    parser.add_argument("--region", default="qingdao")
    parser.add_argument("--seconds", type=float, default=3, help="per turn")
    parser.add_argument("--rounds", type=int, default=3, help="turns of each, alternately")
    args = parser.parse_args()

    app = dataset.app_for(args.database, args.region, WTF_CSRF_ENABLED=False)
    with app.app_context():
        count = db.session.scalar(select(db.func.count(Teacher.id)))
        sample = [f"t{i * (count // SAMPLE):06d}" for i in range(SAMPLE)]
        teacher_ids = dict(db.session.execute(select(User.username, Teacher.id).join(Teacher.user)
                                              .where(User.username.in_(sample))).all())
        city_path = db.session.scalar(select(OrgUnit.path).where(OrgUnit.code == "b-c"))
        entries = db.session.scalar(select(db.func.count()).select_from(db.table("ledger_entry")))
        dialect = db.engine.dialect.name
    baseline = bare.create(args.database, below=city_path).test_client()
    teachers = [signed_in(app, username) for username in sample]
    admin = signed_in(app, "city_admin")
    bare_me = [baseline] * SAMPLE
    print(f"{dialect}, {count:,} teachers, {entries:,} ledger entries; in-process test client, one thread; "
          f"{args.rounds} turns of {args.seconds:g} s each, medians")

    for client, username in zip(teachers, sample):  # a standing not kept yet is computed on first read
        assert client.get("/me/").status_code == 200, username
    for number in (1, 500):
        assert admin.get(f"/admin/teachers?page={number}").status_code == 200

    # The floor: what the portal's layout and request hooks cost before a page reads anything.
    # A page of the teacher's cannot serve more than these do.
    header("the portal's floor (pages that read nothing) vs the bare page reading the teacher's standing")
    side_by_side("not found, signed out (layout only)", in_turn([app.test_client()], ["/no-such-page"], status=404),
                 in_turn(bare_me, [f"/me/{teacher_ids[u]}" for u in sample]), args.seconds, args.rounds)
    side_by_side("/account/password (signed in, a form)", in_turn(teachers, ["/account/password"] * SAMPLE),
                 in_turn(bare_me, [f"/me/{teacher_ids[u]}" for u in sample]), args.seconds, args.rounds)

    header("teacher's pages (20 teachers in turn) vs the bare page reading the same rows")
    for page, bare_page in (("/me/", "/me/{}"), ("/me/compliance", "/me/{}"), ("/me/ledger", "/ledger/{}")):
        side_by_side(page, in_turn(teachers, [page] * SAMPLE),
                     in_turn(bare_me, [bare_page.format(teacher_ids[u]) for u in sample]), args.seconds, args.rounds)

    header("admin teacher list, whole city, vs the bare page query")
    for number in (1, 500):
        side_by_side(f"/admin/teachers page {number}", in_turn([admin], [f"/admin/teachers?page={number}"]),
                     in_turn([baseline], [f"/teachers?page={number}"]), args.seconds, args.rounds)


if __name__ == "__main__":
    main()
