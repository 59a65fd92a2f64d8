"""Build a city for the benchmarks: teachers who can sign in, each with a ledger of entries
converted by the region's own rules, in bulk SQL (minutes, not hours).

    .venv/bin/python bench/dataset.py --database sqlite:////tmp/bench-city.sqlite3 --reset
    createdb -h 127.0.0.1 -U postgres bench_perf
    .venv/bin/python bench/dataset.py --database postgresql://postgres@127.0.0.1:5432/bench_perf --reset

100,000 teachers and 30 entries each (3,000,000) by default: one city of 50 districts of 20
schools. Each round of entries is 100 projects of the region's demo kinds (level, mode,
hours, grade, scores), spread over the last five years and converted with the region's
rules, so entries carry real facts and explanations; the teachers of a project share its
explanation. About 1% of entries are reversed; a third of the last round awaits review.
Every teacher's standing is then computed and kept, as `portal standings refresh` does
(unless --no-standings: a standing is then computed when first read).
Teachers sign in as t000000, t000001, ... and the admins as city_admin and school_admin,
all with the password bench-password. The database is emptied first (--reset) and
analyzed last.
"""
from __future__ import annotations

import argparse
import random
import time
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import JSON, Column, Date, DateTime, Integer, MetaData, String, Table, insert, select, text

from portal import clock
from portal import MIGRATIONS, create_app
from portal.config import normalise_database_url
from portal.domain import ActivityRole, Grade, OrgKind, UserRole
from portal.domain.activity import Activity
from portal.extensions import db, refresh_statistics
from portal.models import OrgUnit, RoleAssignment, Teacher, User
from portal.models.types import Amount, utcnow
from portal.services import ledger, orgs, standings
from portal.services.accounts import create_user, hash_password

PASSWORD = "bench-password"
DISTRICTS, SCHOOLS_PER_DISTRICT = 50, 20
PROJECTS_PER_ROUND = 100
CENT = Decimal("0.01")
DEFAULT_SQLITE = "sqlite:////tmp/bench-city.sqlite3"

scratch = MetaData()
catalogue = Table(  # one row per project of a round: what each of its teachers' entries holds
    "bench_catalogue", scratch,
    Column("k", Integer, primary_key=True), Column("title", String(200)), Column("activity_date", Date),
    Column("hours", Amount), Column("amount", Amount), Column("unit", String(10)), Column("category", String(40)),
    Column("facts", JSON), Column("explanation_id", Integer), Column("rule_version", String(40)),
    Column("created_at", DateTime),
)
reversal = Table(  # the reversal of an entry of each amount
    "bench_reversal", scratch,
    Column("amount", Amount, unique=True), Column("facts", JSON), Column("explanation_id", Integer),
    Column("created_at", DateTime),
)


def app_for(url: str, region: str = "qingdao", **config):
    """The portal on the benchmark database, as the benchmarks run it."""
    return create_app({"SQLALCHEMY_DATABASE_URI": url, "PORTAL_REGION": region, "SECRET_KEY": "bench",
                       "PORTAL_AUTO_MIGRATE": False, "PORTAL_LOGIN_LIMIT": "1000000 per minute", **config})


def reset(url: str) -> None:
    if url.startswith("sqlite"):
        path = Path(url.split("///", 1)[1])
        for suffix in ("", "-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
        return
    from sqlalchemy import create_engine

    engine = create_engine(normalise_database_url(url))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def build(url: str, region_code: str, teachers: int, entries: int, keep_standings: bool = True) -> None:
    app = app_for(url, region_code)
    with app.app_context():
        from flask_migrate import upgrade

        upgrade(directory=str(MIGRATIONS), revision="heads")
        if db.session.scalar(select(OrgUnit.id).limit(1)) is not None:
            raise SystemExit("the database has data: pass --reset to empty it first")
        region = app.extensions["portal.region"]
        password_hash = hash_password(PASSWORD)
        with phase(f"org tree, admins and {teachers:,} teachers with accounts", teachers * 3):
            schools = city(password_hash)
            add_teachers(teachers, schools, password_hash)
        with phase(f"{entries} rounds of {PROJECTS_PER_ROUND} projects converted by the rules", entries * PROJECTS_PER_ROUND):
            fill_catalogue(region, entries)
        with phase(f"{teachers * entries:,} ledger entries", teachers * entries):
            workflow = region.audit_workflow()
            approved = next(s.code for s in workflow.states if s.counts)
            for round_ in range(entries):
                add_round(round_, round_ == entries - 1, approved, workflow.initial)
        with phase("reversals of about 1% of the entries", teachers * entries // 100):
            add_reversals()
        scratch.drop_all(db.engine)
        with phase("statistics (ANALYZE)", 0):
            analyze()
        if keep_standings:
            with phase("every teacher's kept standing (portal standings refresh)", teachers):
                standings.refresh_all(region, clock.today(), standings.ids_to_refresh(region, clock.today()))
            with phase("statistics again", 0):
                analyze()
        counts = db.session.execute(text(
            "SELECT (SELECT count(*) FROM teacher), (SELECT count(*) FROM ledger_entry), "
            "(SELECT count(*) FROM ledger_explanation)")).one()
        print(f"{db.engine.dialect.name}: {counts[0]:,} teachers, {counts[1]:,} ledger entries, "
              f"{counts[2]:,} distinct explanations")
        db.session.remove()
        db.engine.dispose()


def analyze() -> None:
    refresh_statistics(db.engine)
    if db.engine.dialect.name == "postgresql":  # and the visibility map, as autovacuum would
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))


class phase:
    """Times a step of the build and prints it with its rate."""

    def __init__(self, label: str, rows: int):
        self.label, self.rows = label, rows

    def __enter__(self):
        self.began = time.perf_counter()

    def __exit__(self, *exc):
        if exc[0] is None:
            seconds = time.perf_counter() - self.began
            rate = f", {self.rows / seconds:,.0f} rows/s" if self.rows else ""
            print(f"  {self.label}: {seconds:.1f} s{rate}", flush=True)


def city(password_hash: str) -> list[int]:
    """The city, its districts and schools, and two admins; returns the schools' ids."""
    province = orgs.add_unit(None, OrgKind.PROVINCE, "b-p", "基准省")
    city_ = orgs.add_unit(province, OrgKind.CITY, "b-c", "基准市")
    schools = []
    for d in range(DISTRICTS):
        district = orgs.add_unit(city_, OrgKind.DISTRICT, f"b-d{d:02d}", f"第{d:02d}区")
        schools += [orgs.add_unit(district, OrgKind.SCHOOL, f"b-d{d:02d}-s{s:02d}", f"第{d:02d}区第{s:02d}学校")
                    for s in range(SCHOOLS_PER_DISTRICT)]
    for username, role, unit in (("city_admin", UserRole.CITY_ADMIN, city_),
                                 ("school_admin", UserRole.SCHOOL_ADMIN, schools[0])):
        create_user(None, username=username, display_name=username, password_hash=password_hash, role=role,
                    org_unit=unit)
    db.session.commit()
    return [s.id for s in schools]


def add_teachers(count: int, schools: list[int], password_hash: str) -> None:
    now = utcnow()
    db.session.execute(insert(User), [
        {"username": f"t{i:06d}", "display_name": f"教师{i:06d}", "password_hash": password_hash,
         "active": True, "failed_logins": 0, "created_at": now} for i in range(count)])
    users = dict(db.session.execute(select(User.username, User.id).where(User.username.like("t%"))).all())
    db.session.execute(insert(RoleAssignment), [
        {"user_id": users[f"t{i:06d}"], "role": UserRole.TEACHER.value, "org_unit_id": schools[i % len(schools)]}
        for i in range(count)])
    db.session.execute(insert(Teacher), [
        {"user_id": users[f"t{i:06d}"], "school_id": schools[i % len(schools)], "name": f"教师{i:06d}",
         "gender": ("female", "male")[i % 2], "id_number": f"B{i:017d}", "stages": ["primary"],
         "subjects": ["语文"], "leave": [], "entered_post": date(2005 + i % 15, 9, 1), "created_at": now}
        for i in range(count)])
    db.session.commit()


def templates(region) -> list[Activity]:
    """The kinds of activity the region's demo completes, as its rules take them."""
    demo = region.demo_data(clock.today())
    found = []
    for project in demo.projects:
        for enrollment in project.enrollments:
            if enrollment.attended_hours is None:
                continue
            found.append(Activity(
                level=project.level, mode=project.mode, hours=enrollment.attended_hours,
                days=(project.end - project.start).days + 1, start=project.start, end=project.end,
                grade=enrollment.grade, role=enrollment.role or ActivityRole.PARTICIPANT,
                program=project.program, service_year=enrollment.service_year, topics=project.topics,
                base_credits=project.base_credits, scores=dict(enrollment.scores),
                weights=dict(project.assessment_weights)))
    return found


def fill_catalogue(region, rounds: int) -> None:
    """``PROJECTS_PER_ROUND`` projects a round, rounds evenly over the last five years; each a
    demo kind of activity moved to its date, some with other hours or grade."""
    scratch.create_all(db.engine)
    kinds = templates(region)
    rng = random.Random(7)
    today = clock.today()
    rows, amounts = [], set()
    for round_ in range(rounds):
        when = today - timedelta(days=(rounds - round_) * 5 * 365 // rounds)
        for v in range(PROJECTS_PER_ROUND):
            activity, result = convertible(region, rng.choice(kinds), when, rng)
            amounts.add(result.amount.quantize(CENT))  # as the column keeps it
            rows.append({
                "k": round_ * PROJECTS_PER_ROUND + v, "title": f"{when.year}年第{round_ + 1}期培训项目{v + 1}",
                "activity_date": activity.end, "hours": activity.hours, "amount": result.amount,
                "unit": result.unit.value, "category": result.category, "facts": activity.as_json(),
                "explanation_id": ledger.explanation_for([s.as_data() for s in result.steps]),
                "rule_version": result.rule_version, "created_at": utcnow(),
            })
    db.session.execute(insert(catalogue), rows)
    db.session.execute(insert(reversal), [
        {"amount": amount, "facts": {"reason": "重复登记"}, "created_at": utcnow(),
         "explanation_id": ledger.explanation_for([{"text": "重复登记", "value": str(-amount), "source": ""}])}
        for amount in amounts])
    db.session.commit()


def convertible(region, kind: Activity, when: date, rng: random.Random):
    """``kind`` moved to end on ``when``, with other hours or grade when the rules take them."""
    moved = replace(kind, start=when - (kind.end - kind.start), end=when)
    varied = replace(moved, hours=moved.hours + rng.choice((0, 0, 2, 4, 8)),
                     grade=rng.choice((moved.grade, Grade.EXCELLENT, Grade.GOOD)) if moved.grade else None)
    for activity in (varied, moved):
        try:
            return activity, region.convert(activity, on=when)
        except Exception:  # noqa: BLE001 (a variation the rules refuse: keep the demo's own)
            continue
    raise RuntimeError(f"the region's rules refuse its own demo activity {kind}")


def add_round(round_: int, last: bool, approved: str, pending: str) -> None:
    """One entry per teacher, from one of the round's projects; in the last round a third
    of them still await review."""
    skip_foreign_key_checks()
    db.session.execute(text(
        "INSERT INTO ledger_entry (teacher_id, source, activity_date, hours, amount, unit, category, title, "
        "facts, explanation_id, rule_version, audit_state, created_at) "
        "SELECT t.id, 'enrollment', c.activity_date, c.hours, c.amount, c.unit, c.category, c.title, "
        "c.facts, c.explanation_id, c.rule_version, "
        "CASE WHEN :last = 1 AND t.id % 3 = 0 THEN :pending ELSE :approved END, c.created_at "
        "FROM teacher t JOIN bench_catalogue c ON c.k = :base + (t.id * 7919) % :projects ORDER BY t.id"),
        {"last": int(last), "pending": pending, "approved": approved, "base": round_ * PROJECTS_PER_ROUND,
         "projects": PROJECTS_PER_ROUND})
    db.session.commit()


def skip_foreign_key_checks() -> None:
    """PostgreSQL checks each row's foreign keys by a trigger, over half a bulk insert's
    time; these rows come from joins on the rows they name, so this transaction skips them
    (as a replica applying changes does)."""
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("SET LOCAL session_replication_role = replica"))


def add_reversals() -> None:
    skip_foreign_key_checks()
    db.session.execute(text(
        "INSERT INTO ledger_entry (teacher_id, source, activity_date, hours, amount, unit, category, title, "
        "facts, explanation_id, rule_version, audit_state, reverses_id, created_at) "
        "SELECT e.teacher_id, e.source, e.activity_date, -e.hours, -e.amount, e.unit, e.category, e.title, "
        "r.facts, r.explanation_id, e.rule_version, e.audit_state, e.id, r.created_at "
        "FROM ledger_entry e JOIN bench_reversal r ON r.amount = e.amount "
        "WHERE e.id % 97 = 0 AND e.reverses_id IS NULL ORDER BY e.id"))
    db.session.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=DEFAULT_SQLITE, help="SQLAlchemy URL (default %(default)s)")
    parser.add_argument("--teachers", type=int, default=100_000)
    parser.add_argument("--entries", type=int, default=30, help="ledger entries per teacher")
    parser.add_argument("--region", default="qingdao")
    parser.add_argument("--reset", action="store_true", help="empty the database first")
    parser.add_argument("--no-standings", action="store_true",
                        help="leave the standings to be computed when first read (the refresh takes minutes)")
    args = parser.parse_args()
    if args.reset:
        reset(args.database)
    began = time.perf_counter()
    build(args.database, args.region, args.teachers, args.entries, not args.no_standings)
    print(f"built in {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
