"""A year asking nothing of the teacher (shanxi's new hire in her probation year, §三(二) 从转正年度
开始登记; ruian, which asks no yearly minimum) reads neither met nor unmet in the standings' JSON and
export: ``met`` null beside ``asked`` false, as the pages say 不作要求. The API said ``met: true`` of
a year that asked nothing, and the CSV export wrote True under ``year_met`` with nothing to tell it
apart from a year met."""
from __future__ import annotations

import csv
import json

from sqlalchemy import select

from portal.extensions import db
from portal.models import Teacher
from tests.support import login, on_hire_unasked_day

HIRE = "郭雨萱"  # shanxi's demo new hire (t0041)


def _exported(app, fmt: str) -> str:
    result = app.test_cli_runner().invoke(args=["standings", "export", "--format", fmt])
    assert result.exit_code == 0, result.output
    return "\n".join(line for line in result.output.splitlines() if line and not line.startswith("Computing"))


def test_the_hires_year_reads_not_asked_in_the_api_and_the_export(make_app, monkeypatch):
    on_hire_unasked_day(monkeypatch)
    app = make_app("shanxi", demo=True)
    with app.app_context():
        hire = db.session.scalar(select(Teacher.id).where(Teacher.name == HIRE))
    teacher = app.test_client()
    login(teacher, "t0041")
    own = teacher.get("/api/me/standing").get_json()
    assert own["teacher_id"] == hire
    assert own["year"]["asked"] is False and own["year"]["met"] is None, own["year"]
    admin = app.test_client()
    login(admin, "school_admin")
    items = admin.get("/api/standings?page=1").get_json()["items"]
    row = next(r for r in items if r["teacher_id"] == hire)
    assert row["year"]["asked"] is False and row["year"]["met"] is None, row["year"]
    # a teacher asked something of the year still reads met true or false
    asked = [r for r in items if r["year"]["asked"]]
    assert asked and all(r["year"]["met"] in (True, False) for r in asked)
    jsonl = [json.loads(line) for line in _exported(app, "jsonl").splitlines()]
    year = next(r for r in jsonl if r["teacher_id"] == hire)["year"]
    assert year["asked"] is False and year["met"] is None, year
    lines = list(csv.reader(_exported(app, "csv").splitlines()))
    heading, rows = lines[0], [dict(zip(lines[0], line)) for line in lines[1:]]
    found = next(r for r in rows if r["teacher_id"] == str(hire))
    assert "year_asked" in heading and found["year_asked"] == "False" and found["year_met"] == "", found
    assert all(r["year_met"] in ("True", "False") for r in rows if r["year_asked"] == "True")


def test_a_region_asking_no_yearly_minimum_reads_no_year_met(make_app):
    app = make_app("ruian", demo=True)
    admin = app.test_client()
    login(admin, "city_admin")
    items = admin.get("/api/standings?page=1").get_json()["items"]
    assert items and all(r["year"]["required"] is None and r["year"]["asked"] is False and r["year"]["met"] is None
                         for r in items)
