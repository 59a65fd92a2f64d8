"""Benchmark: the enrollments awaiting an admin (the home's count and the awaiting list's first
page) when many enrollments wait. Copies a demo portal's SQLite database, adds free projects
run by the admin's own unit (a district admin's district: a 区级 training, centralized),
``--teachers`` teachers in its schools (10,000: two enrollments each), and enrollments of
its teachers in those projects, spread evenly over the states given, and times
``enrollments.awaiting_count`` and ``awaiting_page``, the best of three runs each (wall and
CPU seconds), with the count found. Asserts nothing.

    PORTAL_INSTANCE_PATH=/tmp/demo-qingdao PORTAL_REGION=qingdao .venv/bin/portal demo
    .venv/bin/python bench/awaiting.py --demo /tmp/demo-qingdao/portal-qingdao.sqlite3 \
        --region qingdao --states applied,approved
    .venv/bin/python bench/awaiting.py --demo /tmp/demo-kaifeng/portal-kaifeng.sqlite3 \
        --region kaifeng --states enrolled

To compare with another commit, run the same command with ``PYTHONPATH`` at a copy of that
commit's tree (``git archive COMMIT | tar -x -C DIR``).
"""
from __future__ import annotations

import argparse
import sqlite3
import tempfile
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import insert, select

from portal import clock, create_app
from portal.extensions import db
from portal.models import Enrollment, OrgUnit, Teacher, User
from portal.models.types import utcnow
from portal.services import enrollments, training


def copy(demo: str, to: Path) -> None:
    """The demo's database, its write-ahead log included."""
    with sqlite3.connect(demo) as source, sqlite3.connect(to) as target:
        source.backup(target)


def add_teachers(unit: OrgUnit, count: int) -> None:
    """``count`` teachers more in the schools under ``unit``, each like the demo's first there
    (its stages and subjects), without accounts."""
    template = db.session.scalar(select(Teacher).join(OrgUnit, Teacher.school_id == OrgUnit.id)
                                 .where(OrgUnit.path.startswith(unit.path)).order_by(Teacher.id))
    schools = db.session.scalars(select(OrgUnit.id).where(OrgUnit.path.startswith(unit.path),
                                                          OrgUnit.kind == "school")).all()
    now = utcnow()
    db.session.execute(insert(Teacher), [
        {"school_id": schools[i % len(schools)], "name": f"教师{i:06d}", "gender": template.gender,
         "id_number": f"B{i:017d}", "stages": template.stages, "subjects": template.subjects, "leave": [],
         "entered_post": template.entered_post, "created_at": now} for i in range(count)])


def fill(admin: User, total: int, states: list[str], teachers: int) -> None:
    """``total`` enrollments of the teachers under the admin's unit, in projects it runs."""
    unit = admin.roles[0].org_unit
    add_teachers(unit, teachers)
    teachers = db.session.scalars(select(Teacher.id).join(OrgUnit, Teacher.school_id == OrgUnit.id)
                                  .where(OrgUnit.path.startswith(unit.path)).order_by(Teacher.id)).all()
    start = clock.today() + timedelta(days=30)
    projects = []
    for n in range(-(-total // len(teachers))):
        projects.append(training.add_project(
            None, unit, name=f"区级培训（测试）{n}", level="county", mode="centralized", start_date=start,
            end_date=start + timedelta(days=2), year=start.year, hours=Decimal(24), capacity=None, fee=Decimal(0),
            status="published").id)
    now = utcnow()
    rows = [{"project_id": projects[i // len(teachers)], "teacher_id": teachers[i % len(teachers)],
             "role": "participant", "status": states[i % len(states)], "region_fields": {}, "scores": {},
             "state_since": now, "created_at": now, "note": ""} for i in range(total)]
    db.session.execute(insert(Enrollment), rows)
    db.session.commit()


def timed(work) -> tuple[str, object]:
    """The best of three runs, wall and CPU seconds (the CPU's moves less with the machine's load)."""
    wall, cpu, answer = [], [], None
    for _ in range(3):
        began, began_cpu = time.perf_counter(), time.process_time()
        answer = work()
        wall.append(time.perf_counter() - began)
        cpu.append(time.process_time() - began_cpu)
        db.session.rollback()
    return f"{min(wall):.2f} s ({min(cpu):.2f} s CPU)", answer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--demo", required=True, help="a demo portal's SQLite database (portal demo)")
    parser.add_argument("--region", required=True)
    parser.add_argument("--admin", default="district_admin")
    parser.add_argument("--enrollments", type=int, default=20_000)
    parser.add_argument("--teachers", type=int, default=10_000, help="teachers added to the admin's schools")
    parser.add_argument("--states", default="applied", help="the states the enrollments are in, comma-separated")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "portal.sqlite3"
        copy(args.demo, path)
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "PORTAL_REGION": args.region,
                          "SECRET_KEY": "bench", "PORTAL_AUTO_MIGRATE": False})
        with app.app_context():
            region = app.extensions["portal.region"]
            admin = db.session.scalar(select(User).where(User.username == args.admin))
            fill(admin, args.enrollments, args.states.split(","), args.teachers)
            waiting = db.session.scalar(select(db.func.count(Enrollment.id)))
            counted, count = timed(lambda: enrollments.awaiting_count(region, admin))
            paged, page = timed(lambda: enrollments.awaiting_page(region, admin, 1, 20))
            print(f"{args.region} {args.admin}: {waiting} enrollments in all, {args.enrollments} added in "
                  f"{args.states}; awaiting {count} (page of {len(page.items)}); "
                  f"count {counted}, first page {paged}")


if __name__ == "__main__":
    main()
