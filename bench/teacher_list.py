"""Benchmark: the services behind the admin teacher list, the admin home figures and the
org tree, on a city built by bench/dataset.py, each beside the one hand-written query it
stands for where there is one; and the plan of the counted entries the rules read. Prints
timings; asserts nothing.

    .venv/bin/python bench/teacher_list.py --database sqlite:////tmp/bench-city.sqlite3
    .venv/bin/python bench/teacher_list.py --database postgresql://postgres@127.0.0.1:5432/bench_perf
"""
from __future__ import annotations

import argparse
import time

from sqlalchemy import event, func, select

import bare
import dataset
from measure import header, side_by_side
from portal import clock
from portal.extensions import db
from portal.models import OrgUnit, Teacher
from portal.services import ledger, orgs
from portal.services.scope import Scope
from portal.services.teachers import scope_summary, teacher_page

def timed(label: str, fn, repeat: int) -> None:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        fn()
        times.append((time.perf_counter() - began) * 1000)
    times.sort()
    print(f"{label:<40} median {times[len(times) // 2]:8.1f} ms   max {times[-1]:8.1f} ms", flush=True)


def plan_of(fn) -> list[str]:
    """The database's plan for the last statement ``fn`` sends."""
    sent = []
    listener = lambda _c, _cur, statement, parameters, *_a: sent.append((statement, parameters))  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        fn()
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    statement, parameters = sent[-1]
    explain = "EXPLAIN " if db.engine.dialect.name == "postgresql" else "EXPLAIN QUERY PLAN "
    with db.engine.connect() as conn:
        rows = conn.exec_driver_sql(explain + statement, parameters).all()
    return [row[0] if len(row) == 1 else row[-1] for row in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=dataset.DEFAULT_SQLITE)
    parser.add_argument("--region", default="qingdao")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=3, help="per turn, for the side-by-side figures")
    args = parser.parse_args()

    app = dataset.app_for(args.database, args.region)
    region = app.extensions["portal.region"]
    today = clock.today()
    states = region.audit_workflow().counting()
    with app.app_context():
        city = db.session.scalar(select(OrgUnit).where(OrgUnit.code == "b-c"))
        school = db.session.scalar(select(OrgUnit).where(OrgUnit.code == "b-d00-s00"))
        scope, school_scope = Scope((city.path,)), Scope((school.path,))
        print(f"{db.engine.dialect.name}: {db.session.scalar(select(func.count(Teacher.id))):,} teachers in the city")

        def bare_page(number: int):
            return lambda: db.session.execute(bare.TEACHER_PAGE, {"below": city.path + "%", "skip": (number - 1) * 20}).all()

        header("services, whole city, vs the page's one query (bench/bare.py)")
        for number in (1, 500):
            side_by_side(f"teacher list page {number}", lambda n=number: teacher_page(region, scope, today, page=n),
                         bare_page(number), args.seconds, 3)

        print()
        timed("teacher list, search '教师0123'", lambda: teacher_page(region, scope, today, search="教师0123"), args.repeat)
        timed("teacher list, one school", lambda: teacher_page(region, school_scope, today), args.repeat)
        timed("admin home figures, city", lambda: scope_summary(region, scope, today), args.repeat)
        timed("org tree children of the city", lambda: orgs.children_with_counts(city, scope), args.repeat)
        page_ids = [row.teacher.id for row in teacher_page(region, scope, today).items]
        timed("counted entries of a page's 20 teachers", lambda: ledger.records_by_teacher(page_ids, states), args.repeat)

        print("\nplan of the counted entries of a page's 20 teachers:")
        for step in plan_of(lambda: ledger.records_by_teacher(page_ids, states)):
            print("   ", step)


if __name__ == "__main__":
    main()
