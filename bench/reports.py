"""Benchmark: the reports of a city built by bench/dataset.py. Each report's first page for the
city's admin (one row per district, from the kept standings), beside a bare grouped query over
the kept rows giving the per-district headline figures; the Excel export of a report; and the
whole city's teacher list written to Excel as the background job writes it, with its peak
memory. Asserts nothing.

    .venv/bin/python bench/reports.py --database postgresql://postgres@127.0.0.1:5432/bench_perf
"""
from __future__ import annotations

import argparse
import resource
import time

from sqlalchemy import select, text

import dataset
from measure import header, side_by_side
from portal import clock
from portal.extensions import db
from portal.models import User
from portal.services import background, exports, reports

def by_district(dialect: str, city_path: str):
    """The bare baseline: per district, teachers, this year's total, and who met the year and
    the cycle, grouped by the district's path cut from each school's as the portal does."""
    find = "instr" if dialect == "sqlite" else "strpos"
    n = len(city_path)
    key = f"substr(o.path, 1, {n} + {find}(substr(o.path, {n} + 1), '/'))"
    return text(
        f"SELECT {key}, count(*), coalesce(sum(s.year_counted), 0), sum(CASE WHEN s.year_met THEN 1 ELSE 0 END), "
        "  sum(CASE WHEN s.cycle_met THEN 1 ELSE 0 END) "
        "FROM teacher t JOIN org_unit o ON o.id = t.school_id JOIN teacher_standing s ON s.teacher_id = t.id "
        f"WHERE o.path LIKE :below GROUP BY {key}")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=dataset.DEFAULT_SQLITE)
    parser.add_argument("--region", default="qingdao")
    parser.add_argument("--seconds", type=float, default=5, help="per turn")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--no-export", dest="export", action="store_false", help="skip the city-wide teacher export")
    args = parser.parse_args()

    app = dataset.app_for(args.database, args.region)
    region = app.extensions["portal.region"]
    today = clock.today()
    with app.app_context(), app.test_request_context():
        admin = db.session.scalar(select(User).where(User.username == "city_admin"))
        city = admin.roles[0].org_unit
        bare = by_district(db.engine.dialect.name, city.path)
        print(f"{db.engine.dialect.name}; memory before: {peak_mb():.0f} MB")
        header("a report's first page for the city (one row per district)")
        for report in reports.reports(region, today):
            view = reports.report_view(region, admin, report.code, None, today)
            print(f"{report.code}: {len(view.rows)} rows, {view.total.summary.teachers:,} teachers"
                  f"{' (reads the year ledger)' if report.entries else ''}")
            side_by_side(f"  {report.code}", lambda code=report.code: reports.report_view(region, admin, code, None, today),
                         lambda: db.session.execute(bare, {"below": city.path + "%"}).all(), args.seconds, args.rounds)
            began = time.perf_counter()
            size = len(reports.workbook(view).getvalue())
            print(f"  its Excel export: {(time.perf_counter() - began) * 1000:.0f} ms, {size:,} bytes", flush=True)
        db.session.commit()
        if args.export:
            header("the city's teachers written to Excel (the export job's work)")
            began = time.perf_counter()
            result = exports.export_job(region, admin, {"unit": None, "drill": None, "locale": "zh_Hans_CN",
                                                        "today": today.isoformat()}, background.Progress(None))
            seconds = time.perf_counter() - began
            print(f"{result['rows']:,} teachers in {seconds:.1f} s ({result['rows'] / seconds:,.0f}/s); "
                  f"peak memory of the process {peak_mb():.0f} MB", flush=True)
            (exports.folder() / result["file"]).unlink()


if __name__ == "__main__":
    main()
