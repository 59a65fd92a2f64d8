"""The training process as JSON: the same checks and answers as the pages."""
from __future__ import annotations

import base64

from sqlalchemy import select

from portal import clock
from portal.extensions import db
from portal.models import Enrollment, Teacher, TrainingProject, User
from portal.services.sql_functions import json_list_has

NEXT_YEAR = clock.today().year + 1


def _auth(username: str) -> dict:
    return {"Authorization": "Basic " + base64.b64encode(f"{username}:demo12345".encode()).decode()}


PROJECT = {"name": "接口新项目：小学数学", "level": "county", "mode": "centralized", "hours": 12,
           "start": f"{NEXT_YEAR}-04-01", "end": f"{NEXT_YEAR}-04-02", "capacity": 1, "stages": ["junior_high"],
           "description": "小学数学教师", "declare": True}


def test_an_organiser_creates_a_project_a_teacher_finds_selects_and_steps_through_it(make_app):
    app = make_app("shanxi", demo=True)
    client = app.test_client()
    assert client.post("/api/projects", json=PROJECT, headers=_auth("teacher")).status_code == 403
    created = client.post("/api/projects", json=PROJECT, headers=_auth("district_admin"))
    assert created.status_code == 201, created.json
    project = created.json
    assert (project["status"], project["hours"], project["capacity"]) == ("published", 12, 1)

    found = client.get("/api/projects?q=小学数学&open=1", headers=_auth("teacher")).json
    assert [p["id"] for p in found["items"]] == [project["id"]]
    detail = client.get(f"/api/projects/{project['id']}", headers=_auth("teacher")).json
    assert detail["may_select"] and detail["preview"]["steps"] and all(f["ok"] for f in detail["findings"])

    selected = client.post(f"/api/projects/{project['id']}/selections", headers=_auth("teacher"))
    assert selected.status_code == 201
    enrollment = selected.json
    again = client.post(f"/api/projects/{project['id']}/selections", headers=_auth("teacher"))
    assert again.status_code == 409 and again.json["findings"][0]["code"] == "selection_already"
    with app.app_context():  # another teacher of the same stage: only the seat is missing
        other = db.session.scalar(select(User.username).join(Teacher, Teacher.user_id == User.id)
                                  .where(User.username != "teacher", json_list_has(Teacher.stages, "junior_high"))
                                  .order_by(User.id))
    full = client.post(f"/api/projects/{project['id']}/selections", headers=_auth(other))
    assert full.status_code == 409 and {f["code"] for f in full.json["findings"]} == {"selection_seats"}

    mine = client.get("/api/me/enrollments", headers=_auth("teacher")).json
    assert enrollment["id"] in [e["id"] for e in mine["items"]]
    assert all("result" not in m["asks"] for m in enrollment["moves"])  # a teacher records no result of their own
    step = client.post(f"/api/enrollments/{enrollment['id']}/moves", json={"target": "completed"},
                       headers=_auth("district_admin"))
    assert step.status_code == 422 and step.json["field"] == "attended_hours"  # a result is asked for
    stale = client.post(f"/api/enrollments/{enrollment['id']}/moves",
                        json={"target": "completed", "state": "completed", "attended_hours": 12, "grade": "pass"},
                        headers=_auth("district_admin"))
    assert stale.status_code == 409
    early = client.post(f"/api/enrollments/{enrollment['id']}/moves",
                        json={"target": "completed", "state": enrollment["state"], "attended_hours": 12,
                              "grade": "pass"}, headers=_auth("district_admin"))
    assert early.status_code == 422 and early.json["error"] == "result"  # the training has not begun
    assert early.json["findings"][0]["code"] == "result_before_start" and early.json["message"]
    with app.app_context():  # it begins today, the bureau's day
        db.session.get(TrainingProject, project["id"]).start_date = clock.today()
        db.session.commit()
    too_many = client.post(f"/api/enrollments/{enrollment['id']}/moves",
                           json={"target": "completed", "state": enrollment["state"], "attended_hours": 13,
                                 "grade": "pass"}, headers=_auth("district_admin"))
    assert too_many.status_code == 422 and too_many.json["field"] == "attended_hours"  # more than its 12 hours
    assert "12" in too_many.json["message"]
    running = client.post(f"/api/enrollments/{enrollment['id']}/moves",
                          json={"target": "completed", "state": enrollment["state"], "attended_hours": 12,
                                "grade": "pass"}, headers=_auth("district_admin"))
    assert running.status_code == 422  # shanxi assesses a training once it has ended (§四(二)), not while it runs
    assert "completion_after_end" in {f["code"] for f in running.json["findings"]}
    with app.app_context():  # it ends today
        db.session.get(TrainingProject, project["id"]).end_date = clock.today()
        db.session.commit()
    done = client.post(f"/api/enrollments/{enrollment['id']}/moves",
                       json={"target": "completed", "state": enrollment["state"], "attended_hours": 12,
                             "grade": "pass"}, headers=_auth("district_admin"))
    assert done.status_code == 200 and done.json["state"] == "completed"
    assert client.post(f"/api/enrollments/{enrollment['id']}/moves", json={"target": "withdrawn"},
                       headers=_auth("teacher")).status_code == 422  # nothing follows completion
    assert client.post("/api/enrollments/999999/moves", json={"target": "completed"},
                       headers=_auth("teacher")).status_code == 404


def test_bad_input_is_400_naming_the_field_and_nothing_is_saved(make_app):
    app = make_app("shanxi", demo=True)
    client = app.test_client()
    for field, value in (("hours", -1), ("start", "2027-02-30"), ("name", " "), ("stages", ["college"]),
                         ("capacity", 0), ("region_fields", {"x": {"nested": 1}}), ("colour", "red")):
        answer = client.post("/api/projects", json={**PROJECT, field: value}, headers=_auth("district_admin"))
        assert answer.status_code == 400 and answer.json["field"].startswith(field), (field, answer.json)
    refused = client.post("/api/projects", json={**PROJECT, "end": f"{NEXT_YEAR}-03-01"},
                          headers=_auth("district_admin"))
    assert refused.status_code == 422 and refused.json["field"] == "end"
    with app.app_context():
        assert db.session.scalar(select(TrainingProject).where(TrainingProject.name == PROJECT["name"])) is None
        assert db.session.scalar(select(Enrollment).where(Enrollment.id > 10**6)) is None
    assert client.get("/api/projects?starts_until=", headers=_auth("teacher")).json["field"] == "starts_until"


def test_teachers_behind_one_address_each_have_their_own_api_limit(make_app):
    app = make_app("shanxi", demo=True, RATELIMIT_ENABLED=True, PORTAL_API_LIMIT="3 per minute")
    client = app.test_client()
    answers = [client.get("/api/me/enrollments", headers=_auth("teacher")).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    assert client.get("/api/me/enrollments", headers=_auth("district_admin")).status_code == 200  # same address


def test_a_declaration_the_region_refuses_keeps_the_draft_and_says_why_with_the_clause(make_app):
    """ruian declares projects only in the calendar's window (附件 第2项): outside it the
    project is kept as a draft, and the answer carries the finding and the draft."""
    app = make_app("ruian", demo=True)
    client = app.test_client()
    refused = client.post("/api/projects", json={**PROJECT, "base_credits": 12}, headers=_auth("institution"))
    assert refused.status_code == 422, refused.json
    assert refused.json["error"] == "refused" and refused.json["project"]["status"] == "draft"
    assert any("附件" in f["source"] and not f["ok"] for f in refused.json["findings"]), refused.json
    with app.app_context():
        assert db.session.get(TrainingProject, refused.json["project"]["id"]).status == "draft"
