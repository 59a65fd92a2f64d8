"""The baseline the portal's pages are measured against: a bare Flask app that answers each
measured page with the one hand-written query it needs and a few lines of HTML. No ORM,
no sign-in, no translations, no rules, not even the portal's imports: what the database
and Flask cost alone.

    gunicorn --pythonpath bench 'bare:from_environment()'   (reads BENCH_DATABASE_URL)
"""
from __future__ import annotations

import json
import os

from flask import Flask, render_template_string, request
from sqlalchemy import create_engine, text

# The teacher's kept standing, as the teacher's home and compliance pages read it.
STANDING = text(
    "SELECT t.name, o.name, s.year_counted, s.year_required, s.cycle_counted, s.cycle_required, s.detail "
    "FROM teacher t JOIN org_unit o ON o.id = t.school_id JOIN teacher_standing s ON s.teacher_id = t.id "
    "WHERE t.id = :teacher")

# A page of the teacher's ledger, newest first, each entry with its explanation.
LEDGER = text(
    "SELECT e.activity_date, e.title, e.amount, e.unit, e.category, e.audit_state, x.steps "
    "FROM ledger_entry e JOIN ledger_explanation x ON x.id = e.explanation_id "
    "WHERE e.teacher_id = :teacher ORDER BY e.activity_date DESC, e.id DESC LIMIT 20")

# One page of the teachers below a unit with their kept year and cycle figures.
TEACHER_PAGE = text(
    "SELECT t.id, t.name, o.name, s.year_counted, s.year_required, s.cycle_counted, s.cycle_required "
    "FROM teacher t JOIN org_unit o ON o.id = t.school_id LEFT JOIN teacher_standing s ON s.teacher_id = t.id "
    "WHERE o.path LIKE :below ORDER BY o.name, t.name, t.id LIMIT 20 OFFSET :skip")

PAGE = """<!doctype html><title>{{ title }}</title><ul>
{% for row in rows %}<li>{% for value in row %}{{ value }} {% endfor %}</li>{% endfor %}</ul>"""


def create(url: str, below: str = "/1/") -> Flask:
    """The bare app on the database at ``url``; its list covers the units below the path
    ``below``."""
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    app = Flask(__name__)

    def rows(query, **values):
        with engine.connect() as conn:
            return conn.execute(query, values).all()

    @app.get("/me/<int:teacher_id>")
    def me(teacher_id: int):
        found = rows(STANDING, teacher=teacher_id)
        detail = found[0][-1]
        detail = json.loads(detail) if isinstance(detail, str) else detail
        return render_template_string(PAGE, title="standing", rows=[found[0][:-1], detail["compliance"].keys()])

    @app.get("/ledger/<int:teacher_id>")
    def ledger(teacher_id: int):
        found = rows(LEDGER, teacher=teacher_id)
        return render_template_string(PAGE, title="ledger", rows=[
            (*row[:-1], *(step["text"] for step in (json.loads(row[-1]) if isinstance(row[-1], str) else row[-1])))
            for row in found])

    @app.get("/teachers")
    def teachers():
        page = request.args.get("page", 1, type=int)
        return render_template_string(PAGE, title="teachers",
                                      rows=rows(TEACHER_PAGE, below=below + "%", skip=(page - 1) * 20))

    return app


def from_environment() -> Flask:
    return create(os.environ["BENCH_DATABASE_URL"])
