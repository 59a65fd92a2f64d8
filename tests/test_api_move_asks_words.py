"""A step refused through the JSON API for lack of what it asks (a reason) said "the step needs
this field", the core's own words in English whatever the caller's language, where the step's
page says what to give: the API now says the page's words, in the caller's language."""
from __future__ import annotations

import base64

from sqlalchemy import select

from portal.extensions import db
from portal.models import Enrollment
from tests.support import signed_in
from tests.test_kaifeng_unit_quotas import _upcoming


def _auth(username: str) -> dict:
    return {"Authorization": "Basic " + base64.b64encode(f"{username}:demo12345".encode()).decode()}


def test_a_step_refused_for_lack_of_a_reason_says_the_pages_words(make_app):
    app = make_app("kaifeng", demo=True)
    project_id, _units, first, _second = _upcoming(app)
    school = signed_in(app, "school_admin")
    assert school.post(f"/projects/{project_id}/enrol", data={"teacher": [str(first)]}).status_code == 303
    with app.app_context():
        enrollment_id = db.session.scalar(select(Enrollment.id).where(Enrollment.project_id == project_id,
                                                                      Enrollment.teacher_id == first))
    client = app.test_client()
    refused = client.post(f"/api/enrollments/{enrollment_id}/moves", json={"target": "withdrawn"},
                          headers=_auth("school_admin"))
    assert refused.status_code == 422 and refused.json["field"] == "reason"
    assert refused.json["message"] != "the step needs this field"
    assert "理由" in refused.json["message"] and "500" in refused.json["message"]
    school.post("/locale/en")  # the caller's language: the user's own
    english = client.post(f"/api/enrollments/{enrollment_id}/moves", json={"target": "withdrawn"},
                          headers=_auth("school_admin"))
    assert english.json["message"] == "Give a reason of at most 500 characters: the teacher reads it."
