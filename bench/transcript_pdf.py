"""Benchmark: seconds per transcript PDF (goal: under 0.3 s each). A demo portal on a
fresh SQLite file; the demo teacher's transcript for their current cycle is built once and
rendered as the issuing use case renders it (WeasyPrint, Noto Sans CJK SC subset by
harfbuzz, a QR code), first once to warm the fonts, then ``--count`` times; then the whole
issuing use case (render, keep the bytes, the row, the audit event) the same number of
times. Asserts nothing.

    .venv/bin/python bench/transcript_pdf.py --region qingdao --count 20
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from portal import clock
from portal import create_app  # noqa: E402
from portal.models import User  # noqa: E402
from portal.extensions import db  # noqa: E402
from portal.services import transcripts  # noqa: E402
from portal.services.demo import load_demo  # noqa: E402
from portal.services.teachers import own_record  # noqa: E402
from portal.web.transcripts import render_pdf  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--region", default="qingdao")
    parser.add_argument("--count", type=int, default=20)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-transcript-"))
    app = create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/portal.sqlite3",
                      "PORTAL_AUTO_MIGRATE": True, "PORTAL_REGION": args.region,
                      "PORTAL_DOCUMENTS_DIR": str(folder / "documents")})
    with app.app_context():
        region = app.extensions["portal.region"]
        load_demo(region, clock.today())
    with app.test_request_context("/", base_url="https://portal.example.org"):
        region = app.extensions["portal.region"]
        user = db.session.scalar(db.select(User).where(User.username == "teacher"))
        teacher = own_record(user.id)
        today = clock.today()
        transcript = transcripts.transcript_of(region, teacher, region.cycle(today, teacher.facts()), today)
        started = time.perf_counter()
        pdf = render_pdf(transcript, "warm-up")
        first = time.perf_counter() - started
        renders, render_cpu = [], []
        for n in range(args.count):
            started, cpu = time.perf_counter(), time.process_time()
            render_pdf(transcript, f"code-{n}")
            renders.append(time.perf_counter() - started)
            render_cpu.append(time.process_time() - cpu)
        issues, issue_cpu = [], []
        for _ in range(args.count):
            started, cpu = time.perf_counter(), time.process_time()
            transcripts.issue(region, user, None, None, None, render_pdf, today)
            issues.append(time.perf_counter() - started)
            issue_cpu.append(time.process_time() - cpu)
    print(f"region {args.region}: {len(transcript.lines)} entries, {len(pdf):,} bytes a PDF")
    (folder / "sample.pdf").write_bytes(pdf)
    print(f"sample: {folder / 'sample.pdf'}")
    print(f"first PDF (fonts loaded):      {first:.3f} s")
    print(f"PDF render, median of {args.count}:    {statistics.median(renders):.3f} s  (max {max(renders):.3f} s), "
          f"CPU {statistics.median(render_cpu):.3f} s")
    print(f"issue use case, median of {args.count}: {statistics.median(issues):.3f} s  (max {max(issues):.3f} s), "
          f"CPU {statistics.median(issue_cpu):.3f} s")
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
