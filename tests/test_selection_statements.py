"""A selection through the JSON API in a rush (bench/selection_rush.py): each row it needs read
once. What the request read before the use case declared it writes and keeps (``writing``'s
``kept``: the acting user, the project its fields were read for) is not read again: on PostgreSQL
the writer goes on in the request's transaction; on SQLite it begins anew (BEGIN IMMEDIATE) with
the user as the reading transaction left them, and reads the project again with its quotas."""
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
    again = 1  # the user, kept through the writer's start on both databases
    # the project too on PostgreSQL; on SQLite what was known of its quotas ends with the reading transaction
    project_again = 1 if postgresql else 2
    first, second = signed_in(app, "teacher"), signed_in(app, other)

    with counted_queries(app) as statements:
        assert first.post(f"/api/projects/{project}/selections").status_code == 201
    assert _reads(statements, "user_account") == again
    assert _reads(statements, "training_project") == project_again
    # the name of the unit above the teacher's school comes with the teacher, not in a query of its own
    assert not [s for s, _ in statements if "org_unit.parent_id\nWHERE org_unit.id IN" in s]

    with counted_queries(app) as statements:
        refused = second.post(f"/api/projects/{project}/selections")
    assert refused.status_code == 409 and {f["code"] for f in refused.json["findings"]} == {"selection_seats"}
    # the answer's language was settled before the rollback forgot the user: not read a third time for it
    assert _reads(statements, "user_account") == again
    assert _reads(statements, "training_project") == project_again


def test_a_session_seen_long_ago_notes_it_without_reading_the_user_again(make_app):
    """A teacher signed in long before (at a selection's opening second, nearly every one) has
    their session's ``last_seen_at`` written on their next request: that commit forgot the user and
    roles just loaded, and the page or the selection read them again (a third of a selection's
    CPU in the rush). The session's row is written; what was loaded stays loaded, on both databases."""
    from datetime import timedelta

    from sqlalchemy import update

    from portal.models import UserSession
    from portal.models.types import utcnow

    app = make_app("shanxi", demo=True)
    client = signed_in(app, "teacher")
    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.username == "teacher"))
        db.session.execute(update(UserSession).where(UserSession.user_id == user_id)
                           .values(last_seen_at=utcnow() - timedelta(hours=1)))
        db.session.commit()
    with counted_queries(app) as statements:
        assert client.get("/me/").status_code == 200
    assert _reads(statements, "user_account") == 1
    assert sum(1 for s, _ in statements if s.startswith("UPDATE user_session")) == 1
    with app.app_context():
        seen = db.session.scalar(select(UserSession.last_seen_at).where(UserSession.user_id == user_id))
    assert utcnow() - seen < timedelta(minutes=1)
