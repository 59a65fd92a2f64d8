"""A selection through the JSON API in a rush (bench/selection_rush.py): each row it needs read
once. What the request read before the use case declared it writes is not read again on
PostgreSQL, where the writer goes on in the request's transaction (``writing``); SQLite's
writer begins anew (BEGIN IMMEDIATE), so it reads the user and the project again there."""
from __future__ import annotations

import base64

from sqlalchemy import select

from portal.extensions import db
from portal.models import Teacher, User
from portal.services.sql_functions import json_list_has
from tests.support import signed_in
from tests.test_queries import counted_queries
from tests.test_training_api import PROJECT


def _project(app) -> int:
    basic = base64.b64encode(b"district_admin:demo12345").decode()
    created = app.test_client().post("/api/projects", json=PROJECT, headers={"Authorization": f"Basic {basic}"})
    assert created.status_code == 201, created.json
    return created.json["id"]


def _reads(statements, table: str) -> int:
    """The statements that read the table's whole row (a column no narrow read names)."""
    column = {"user_account": "password_hash", "training_project": "search_text"}[table]
    return sum(1 for s, _ in statements if s.startswith("SELECT") and f"{table}.{column}" in s)


def test_a_selection_reads_the_user_and_the_project_once_and_a_refusal_nothing_after_its_rollback(make_app):
    app = make_app("shanxi", demo=True)
    project = _project(app)  # one seat
    with app.app_context():
        other = db.session.scalar(select(User.username).join(Teacher, Teacher.user_id == User.id)
                                  .where(User.username != "teacher", json_list_has(Teacher.stages, "junior_high"))
                                  .order_by(User.id))
        postgresql = db.engine.dialect.name == "postgresql"
    again = 1 if postgresql else 2  # SQLite's writer reads again what the request read before
    first, second = signed_in(app, "teacher"), signed_in(app, other)

    with counted_queries(app) as statements:
        assert first.post(f"/api/projects/{project}/selections").status_code == 201
    assert _reads(statements, "user_account") == again
    assert _reads(statements, "training_project") == again
    # the name of the unit above the teacher's school comes with the teacher, not in a query of its own
    assert not [s for s, _ in statements if "org_unit.parent_id\nWHERE org_unit.id IN" in s]

    with counted_queries(app) as statements:
        refused = second.post(f"/api/projects/{project}/selections")
    assert refused.status_code == 409 and {f["code"] for f in refused.json["findings"]} == {"selection_seats"}
    # the answer's language was settled before the rollback forgot the user: not read a third time for it
    assert _reads(statements, "user_account") == again
    assert _reads(statements, "training_project") == again
