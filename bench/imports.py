"""Benchmark: the teachers' import (services/imports.py) on a 100,000-row sheet. Builds a
fresh portal (region shanxi, its demo), imports 200 schools below a district as an org-unit
sheet, writes a sheet of ``--rows`` teachers across them (every cell text, as the template
asks), then times the preview (every row judged, nothing written), the confirmation (every
row judged again and inserted in one transaction) and the new teachers' standings computed
after it; then the same sheet again (every row unchanged). Prints the seconds (and, in
brackets, the seconds of CPU this process used: on a machine shared with other work the wall
time varies more), the load average and the process's peak memory (VmHWM) after each phase.
Asserts nothing.

    .venv/bin/python bench/imports.py                     # SQLite in a temporary folder
    .venv/bin/python bench/imports.py --rows 100000 --database postgresql://postgres@127.0.0.1:5432/bench_imports
    .venv/bin/python bench/imports.py --no-standings      # leave the standings to `portal standings refresh`

The goal the issue set: 100,000 rows imported in under 60 s with peak memory under 300 MB.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import xlsxwriter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from portal import clock
from portal import create_app  # noqa: E402
from portal.domain.idcard import check_digit  # noqa: E402
from portal.extensions import db  # noqa: E402
from portal.models import User  # noqa: E402
from portal.services import imports  # noqa: E402
from portal.services.demo import load_demo  # noqa: E402

SCHOOLS = 200


def peak_mb() -> float:
    """The process's peak resident memory so far (VmHWM), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cpu() -> float:
    return time.process_time()


def load() -> str:
    return Path("/proc/loadavg").read_text().split()[0]


def write_sheet(path: Path, kind: str, rows) -> None:
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, **{"strings_to_numbers": False}})
    page = book.add_worksheet()
    text = book.add_format({"num_format": "@"})
    for column, heading in enumerate(c.heading for c in imports.COLUMNS[kind]):
        page.set_column(column, column, 16, text)
        page.write_string(0, column, heading)
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            if value:
                page.write_string(number, column, value)
    book.close()


def teacher_rows(count: int):
    for n in range(count):
        born = date(1960 + n % 30, 1 + n % 12, 1 + n % 28).strftime("%Y%m%d")  # of age by 2008
        first = f"1401{n % 100:02d}{born}{n // 100 % 1000:03d}"
        gender = "男" if int(first[16]) % 2 else "女"  # as the ID number says (GB 11643)
        yield [f"教师{n:06d}", gender, first + check_digit(first), f"bench-s{n % SCHOOLS:03d}",
               f"138{n:08d}", "初中" if n % 3 else "小学、初中", "语文、数学" if n % 2 else "英语", "一级教师",
               "2015-09-01", "是" if n % 4 else "", "2008-09-01", "", "", "", ""]  # no layer: shanxi lists none


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database", default="")
    parser.add_argument("--no-standings", action="store_true", help="skip the new teachers' standings")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="bench-imports-"))
    url = args.database or f"sqlite:///{folder / 'portal.sqlite3'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "PORTAL_REGION": "shanxi", "PORTAL_AUTO_MIGRATE": True,
                      "SECRET_KEY": "bench", "PORTAL_IMPORTS_DIR": str(folder / "imports")})
    region = app.extensions["portal.region"]
    with app.app_context():
        load_demo(region, clock.today())
        actor = db.session.scalar(db.select(User).where(User.username == "district_admin"))
        units = folder / "units.xlsx"
        write_sheet(units, imports.UNITS, ([f"bench-s{n:03d}", f"基准学校{n:03d}", "学校", "sx-ty-xd"]
                                           for n in range(SCHOOLS)))
        token = imports._store(actor, units.read_bytes())
        imports.confirm(region, actor, imports.UNITS, token, imports.preview(region, actor, imports.UNITS, token).fingerprint)

        began = time.perf_counter()
        sheet = folder / "teachers.xlsx"
        write_sheet(sheet, imports.TEACHERS, teacher_rows(args.rows))
        data = sheet.read_bytes()
        print(f"{db.engine.dialect.name}: a sheet of {args.rows:,} teachers, {len(data) / 1e6:.1f} MB, "
              f"written in {time.perf_counter() - began:.1f} s; peak so far {peak_mb():.0f} MB", flush=True)
        if args.no_standings:
            imports.TeacherJudge.after = lambda self, progress: 0
        token = imports._store(actor, data)
        del data

        began, used = time.perf_counter(), cpu()
        seen = imports.preview(region, actor, imports.TEACHERS, token)
        print(f"preview:  {time.perf_counter() - began:6.1f} s ({cpu() - used:.1f} s CPU, load {load()})  {seen.total:,} rows, {seen.new:,} new, "
              f"{len(seen.bad):,} bad; peak {peak_mb():.0f} MB", flush=True)

        began, used, marks = time.perf_counter(), cpu(), {}

        def progress(done: int, total: int) -> None:
            if done == total and "rows" not in marks:
                marks["rows"] = time.perf_counter()

        kept = imports.confirm(region, actor, imports.TEACHERS, token, seen.fingerprint, progress)
        ended = time.perf_counter()
        rows_done = marks.get("rows", ended)
        print(f"confirm:  {ended - began:6.1f} s ({cpu() - used:.1f} s CPU, load {load()})  {kept.new:,} teachers kept in one transaction "
              f"(rows {rows_done - began:.1f} s; the commit and new teachers' standings, {kept.standings:,} of them, "
              f"{ended - rows_done:.1f} s); peak {peak_mb():.0f} MB", flush=True)

        token = imports._store(actor, sheet.read_bytes())
        began, used = time.perf_counter(), cpu()
        again = imports.preview(region, actor, imports.TEACHERS, token)
        written = 0
        if again.changes:  # a sheet that changes nothing is not kept to confirm (its preview says so)
            kept = imports.confirm(region, actor, imports.TEACHERS, token, again.fingerprint)
            written = kept.new + kept.updated
        print(f"again:    {time.perf_counter() - began:6.1f} s ({cpu() - used:.1f} s CPU, load {load()})  preview (and confirm, were "
              f"anything to change), {again.unchanged:,} unchanged, {written} written; peak {peak_mb():.0f} MB", flush=True)
    if not args.database:
        for path in folder.rglob("*"):
            if path.is_file():
                path.unlink()


if __name__ == "__main__":
    os.environ.setdefault("PORTAL_JOBS_PATH", str(Path(tempfile.gettempdir()) / "bench-imports-jobs.sqlite3"))
    main()
