"""Benchmark: the kept standings of a city built by bench/dataset.py. The city's compliance
figures (teachers, this year's total, how many meet the year and the cycle) as the
dashboard reads them from the kept standings, beside a hand-written SQL aggregate over the
ledger and a bare query over the kept rows; then the bulk refresh (what `portal standings
refresh` runs) in teachers per second. Asserts nothing.

    .venv/bin/python bench/standings.py --database postgresql://postgres@127.0.0.1:5432/bench_perf

The third baseline is the dashboard's own statements (captured as it runs them: the kept
rows joined to the surveys, the projects, the selections), sent bare through the
driver: what the service adds to the database's work.

The aggregate over the ledger judges each teacher by the region's headline figures only (a
rule it cannot express, caps or per-teacher requirements, is left out): it is the cheapest
honest figure the ledger gives, not the same answer.
"""
from __future__ import annotations

import argparse
import time

from sqlalchemy import bindparam, event, func, select, text

import dataset
from measure import header, side_by_side
from portal import clock
from portal.extensions import db
from portal.models import OrgUnit, Teacher
from portal.services import standings
from portal.services.scope import Scope
from portal.services.teachers import scope_summary

BELOW = "JOIN org_unit o ON o.id = t.school_id WHERE o.path LIKE :below"
FROM_LEDGER = text(
    "SELECT count(*), coalesce(sum(y), 0), sum(CASE WHEN y >= :yearly THEN 1 ELSE 0 END), "
    "  sum(CASE WHEN c >= :cycle_required THEN 1 ELSE 0 END) "
    "FROM (SELECT t.id, "
    "  coalesce(sum(CASE WHEN e.activity_date BETWEEN :year_start AND :year_end THEN e.amount END), 0) AS y, "
    "  coalesce(sum(CASE WHEN e.activity_date BETWEEN :cycle_start AND :cycle_end THEN e.amount END), 0) AS c "
    "  FROM teacher t LEFT JOIN ledger_entry e ON e.teacher_id = t.id AND e.audit_state IN :counted "
    "    AND e.unit = :unit AND e.reverses_id IS NULL "
    "    AND NOT EXISTS (SELECT 1 FROM ledger_entry r WHERE r.reverses_id = e.id) "
    f"  {BELOW} GROUP BY t.id) per_teacher").bindparams(bindparam("counted", expanding=True))
FROM_KEPT = text(
    "SELECT count(*), coalesce(sum(s.year_counted), 0), sum(CASE WHEN s.year_met THEN 1 ELSE 0 END), "
    "  sum(CASE WHEN s.cycle_met THEN 1 ELSE 0 END) "
    f"FROM teacher t JOIN teacher_standing s ON s.teacher_id = t.id {BELOW}")


def captured(fn) -> list[tuple[str, object]]:
    """The statements ``fn`` sends to the database, with their parameters."""
    sent = []

    def keep(conn, cursor, statement, parameters, context, executemany):
        sent.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", keep)
    try:
        fn()
    finally:
        event.remove(db.engine, "before_cursor_execute", keep)
    return sent


def bare(statements):
    """The statements sent again through the driver, their rows fetched: no ORM, no service."""
    def run():
        cursor = db.session.connection().connection.cursor()
        for statement, parameters in statements:
            cursor.execute(statement, parameters)
            cursor.fetchall()
    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=dataset.DEFAULT_SQLITE)
    parser.add_argument("--region", default="qingdao")
    parser.add_argument("--seconds", type=float, default=5, help="per turn")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--refresh", default="b-d00", metavar="ORG",
                        help="refresh the standings below this unit (default: a district, 2,000 teachers)")
    args = parser.parse_args()

    app = dataset.app_for(args.database, args.region)
    region = app.extensions["portal.region"]
    today = clock.today()
    with app.app_context():
        city = db.session.scalar(select(OrgUnit).where(OrgUnit.code == "b-c"))
        scope = Scope((city.path,))
        teachers = db.session.scalar(select(func.count(Teacher.id)))
        year, cycle, required = region.year(today), region.cycle(today), region.requirements(today)
        values = {"below": city.path + "%", "counted": list(region.audit_workflow().counting()),
                  "unit": region.info.unit.value, "year_start": year.start, "year_end": year.end,
                  "cycle_start": cycle.start, "cycle_end": cycle.end, "yearly": float(required.yearly or 0),  # sqlite3 binds no Decimal
                  "cycle_required": float(required.cycle)}
        summary = scope_summary(region, scope, today)
        print(f"{db.engine.dialect.name}: {teachers:,} teachers; kept: {summary.teachers:,} teachers, "
              f"{summary.teachers_meeting_yearly:,} meet the year, {summary.teachers_meeting_cycle:,} the cycle, "
              f"{summary.waiting:,} waiting")
        print("from the ledger:", tuple(db.session.execute(FROM_LEDGER, values).one()))
        print("kept rows:      ", tuple(db.session.execute(FROM_KEPT, values).one()))

        header("the city's compliance figures (dashboard service, from the kept standings)")
        side_by_side("vs SQL aggregate over the ledger", lambda: scope_summary(region, scope, today),
                     lambda: db.session.execute(FROM_LEDGER, values).one(), args.seconds, args.rounds)
        side_by_side("vs bare query over the kept rows", lambda: scope_summary(region, scope, today),
                     lambda: db.session.execute(FROM_KEPT, values).one(), args.seconds, args.rounds)
        statements = captured(lambda: scope_summary(region, scope, today))
        print(f"\nthe dashboard's figures are {len(statements)} statements")
        side_by_side("vs its own statements, bare", lambda: scope_summary(region, scope, today),
                     bare(statements), args.seconds, args.rounds)
        db.session.commit()

        unit = db.session.scalar(select(OrgUnit).where(OrgUnit.code == args.refresh))
        began = time.perf_counter()
        done = standings.refresh_all(region, today, standings.ids_to_refresh(region, today, unit))
        seconds = time.perf_counter() - began
        print(f"\nbulk refresh below {unit.name}: {done:,} teachers in {seconds:.1f} s, "
              f"{done / seconds:,.0f} teachers/s ({teachers / (done / seconds) / 60:.1f} min for all {teachers:,})")


if __name__ == "__main__":
    main()
