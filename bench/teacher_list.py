"""Benchmark: the admin teacher list, the admin home figures and the org tree at a
province's scale. Prints timings and peak memory; asserts nothing.

    .venv/bin/python bench/teacher_list.py --teachers 100000 --entries 10
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench .venv/bin/python bench/teacher_list.py

The database is created from the migrations in a temporary SQLite file unless
DATABASE_URL is given (then its tables are emptied first).
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import insert, text

from portal import MIGRATIONS, create_app
from portal.extensions import db
from portal.models import LedgerEntry, OrgUnit, Teacher
from portal.services import orgs
from portal.services.scope import Scope
from portal.services.teachers import scope_summary, teacher_page


def build_app(region: str):
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "PORTAL_REGION": region, "SECRET_KEY": "bench",
                      "PORTAL_AUTO_MIGRATE": False})
    with app.app_context():
        from flask_migrate import upgrade

        upgrade(directory=str(MIGRATIONS), revision="heads")
        tables = ", ".join(t.name for t in reversed(db.metadata.sorted_tables))
        if db.engine.dialect.name == "postgresql":
            # the ledger and the audit trail refuse TRUNCATE by trigger, except to a superuser
            # who skips triggers for this transaction
            db.session.execute(text("SET LOCAL session_replication_role = replica"))
            db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
            db.session.commit()
    return app


def seed(teachers: int, entries: int, schools_per_district: int = 20, districts: int = 50) -> OrgUnit:
    """A province of ``districts`` districts and ``teachers`` teachers, each with ``entries``
    approved ledger entries over the last three years. Bulk inserts, one commit."""
    from portal.domain import OrgKind

    province = orgs.add_unit(None, OrgKind.PROVINCE, "b-p", "基准省")
    city = orgs.add_unit(province, OrgKind.CITY, "b-c", "基准市")
    schools = []
    for d in range(districts):
        district = orgs.add_unit(city, OrgKind.DISTRICT, f"b-d{d}", f"第{d}区")
        schools += [orgs.add_unit(district, OrgKind.SCHOOL, f"b-d{d}-s{s}", f"第{d}区第{s}学校")
                    for s in range(schools_per_district)]
    db.session.flush()
    db.session.execute(insert(Teacher), [
        {"school_id": schools[i % len(schools)].id, "name": f"教师{i:06d}", "gender": "female",
         "id_number": f"B{i:017d}", "stages": ["primary"], "subjects": ["语文"]}
        for i in range(teachers)
    ])
    today = date.today()
    batch = []
    for teacher_id in range(1, teachers + 1):
        for k in range(entries):
            batch.append({"teacher_id": teacher_id, "source": "enrollment",
                          "activity_date": today - timedelta(days=(teacher_id * 7 + k * 97) % 1000),
                          "amount": Decimal(6 + k % 7), "unit": "credit", "category": "a_class",
                          "title": "基准培训", "facts": {}, "steps": [], "rule_version": "bench",
                          "audit_state": "approved"})
        if len(batch) >= 50_000:
            db.session.execute(insert(LedgerEntry), batch)
            batch.clear()
    if batch:
        db.session.execute(insert(LedgerEntry), batch)
    db.session.commit()
    return province


def timed(label: str, fn, repeat: int) -> None:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    print(f"{label:<44} median {statistics.median(times):8.1f} ms   max {max(times):8.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teachers", type=int, default=50_000)
    parser.add_argument("--entries", type=int, default=10, help="ledger entries per teacher")
    parser.add_argument("--region", default="qingdao")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    app = build_app(args.region)
    with app.app_context():
        start = time.perf_counter()
        province = seed(args.teachers, args.entries)
        print(f"{db.engine.dialect.name}: seeded {args.teachers} teachers, {args.teachers * args.entries} "
              f"ledger entries in {time.perf_counter() - start:.1f} s")
        region = app.extensions["portal.region"]
        scope = Scope((province.path,))
        school_scope = Scope((db.session.get(OrgUnit, 4).path,))
        today = date.today()
        timed("teacher list, province, page 1 of 20 rows", lambda: teacher_page(region, scope, today), args.repeat)
        timed("teacher list, province, page 1000", lambda: teacher_page(region, scope, today, page=1000), args.repeat)
        timed("teacher list, province, search '教师0123'",
              lambda: teacher_page(region, scope, today, search="教师0123"), args.repeat)
        timed("teacher list, one school", lambda: teacher_page(region, school_scope, today), args.repeat)
        timed("admin home figures, province", lambda: scope_summary(region, scope, today), args.repeat)
        timed("org tree children of the city",
              lambda: orgs.children_with_counts(db.session.get(OrgUnit, 2)), args.repeat)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
