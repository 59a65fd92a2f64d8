"""The baseline the portal's pages are measured against: a bare Flask app that answers each
measured page with the one hand-written query it needs and a few lines of HTML. No ORM,
no sign-in, no translations, no rules, not even the portal's imports: what the database
and Flask cost alone.

    gunicorn --pythonpath bench 'bare:from_environment()'   (reads BENCH_DATABASE_URL)
"""
from __future__ import annotations

import os
from datetime import date

from flask import Flask, render_template_string, request
from sqlalchemy import bindparam, create_engine, text

# The teacher's ledger, newest first: what /me/ reads to show the teacher's standing.
LEDGER = text(
    "SELECT activity_date, title, amount, unit, category, audit_state FROM ledger_entry "
    "WHERE teacher_id = :teacher ORDER BY activity_date DESC, id DESC")

# One page of the teachers below a unit with this year's and this cycle's counted totals.
TEACHER_PAGE = text(
    "SELECT p.id, p.name, p.school, "
    "  coalesce(sum(CASE WHEN e.activity_date BETWEEN :year_start AND :year_end THEN e.amount END), 0), "
    "  coalesce(sum(CASE WHEN e.activity_date BETWEEN :cycle_start AND :cycle_end THEN e.amount END), 0) "
    "FROM (SELECT t.id, t.name, o.name AS school FROM teacher t JOIN org_unit o ON o.id = t.school_id "
    "      WHERE o.path LIKE :below ORDER BY o.name, t.name, t.id LIMIT :rows OFFSET :skip) p "
    "LEFT JOIN ledger_entry e ON e.teacher_id = p.id AND e.audit_state IN :counted AND e.unit = :unit "
    "  AND e.reverses_id IS NULL AND NOT EXISTS (SELECT 1 FROM ledger_entry r WHERE r.reverses_id = e.id) "
    "GROUP BY p.id, p.name, p.school ORDER BY p.school, p.name, p.id").bindparams(bindparam("counted", expanding=True))

PAGE = """<!doctype html><title>{{ title }}</title><ul>
{% for row in rows %}<li>{% for value in row %}{{ value }} {% endfor %}</li>{% endfor %}</ul>"""


def create(url: str, *, below: str = "/1/", counted: tuple[str, ...] = ("approved",), unit: str = "credit",
           year: tuple[date, date] | None = None, cycle: tuple[date, date] | None = None) -> Flask:
    """The bare app on the database at ``url``; the list covers the units below the path
    ``below``, counting entries in the states ``counted`` in ``unit`` within ``year`` and
    ``cycle`` (default: this calendar year, and it with the four before)."""
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    today = date.today()
    year = year or (date(today.year, 1, 1), date(today.year, 12, 31))
    cycle = cycle or (date(today.year - 4, 1, 1), date(today.year, 12, 31))
    app = Flask(__name__)

    @app.get("/me/<int:teacher_id>")
    def me(teacher_id: int):
        with engine.connect() as conn:
            rows = conn.execute(LEDGER, {"teacher": teacher_id}).all()
        return render_template_string(PAGE, title="ledger", rows=rows)

    @app.get("/teachers")
    def teachers():
        page = request.args.get("page", 1, type=int)
        with engine.connect() as conn:
            rows = conn.execute(TEACHER_PAGE, {
                "below": below + "%", "rows": 20, "skip": (page - 1) * 20, "counted": list(counted), "unit": unit,
                "year_start": year[0], "year_end": year[1], "cycle_start": cycle[0], "cycle_end": cycle[1],
            }).all()
        return render_template_string(PAGE, title="teachers", rows=rows)

    return app


def from_environment() -> Flask:
    return create(os.environ["BENCH_DATABASE_URL"])
