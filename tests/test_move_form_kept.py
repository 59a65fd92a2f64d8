"""A step refused for a bad value goes back to its page with its form open and filled in as it
was sent: a trial's institution typed three part scores, the hours and the grade on a phone,
and one score of 150 sent it back to a closed, empty form."""
from __future__ import annotations

import re
from decimal import Decimal

from sqlalchemy import select

from portal import clock
from portal.extensions import db
from portal.models import Enrollment, OrgUnit, Teacher
from portal.services import training
from portal.services.sql_functions import json_list_has
from tests.support import signed_in


def _form(page: str, enrollment_id: int) -> str:
    found = re.search(rf'<form method="post" action="/enrollments/{enrollment_id}/moves".*?</form>', page, re.S)
    assert found, page
    return found.group(0)


def _weighed_project(app, name: str, teachers: int) -> tuple[int, list[int]]:
    """An all-staff project weighing three parts, begun today, with ``teachers`` primary teachers
    enrolled: its id and their enrollments'."""
    region = app.extensions["portal.region"]
    with app.app_context():
        institute = db.session.scalar(select(OrgUnit).where(OrgUnit.kind == "institution"))
        start = clock.today()
        project = training.add_project(None, institute, name=name, level="city", mode="online",
                                       program="all_staff_jpk", start_date=start, end_date=start, year=start.year,
                                       hours=Decimal(50), status="published", assessment_weights={
                                           "course_time": "50", "discussion": "30", "tasks": "20"})
        enrolled = db.session.scalars(select(Teacher).where(json_list_has(Teacher.stages, "primary")).limit(teachers)).all()
        return project.id, [training.enroll(region, None, project, t).id for t in enrolled]


def test_a_result_refused_for_a_bad_score_comes_back_filled_in_once(make_app):
    app = make_app("kaifeng", demo=True)
    project_id, (enrollment_id,) = _weighed_project(app, "全员网络研修（成绩有误）", 1)
    institution = signed_in(app, "institution")
    back = f"/projects/{project_id}/class"
    closed = _form(institution.get(back).get_data(as_text=True), enrollment_id)
    assert "<details>" in closed and 'value="150"' not in closed

    refused = institution.post(f"/enrollments/{enrollment_id}/moves", follow_redirects=True, data={
        "target": "completed", "state": "enrolled", "attended_hours": "48.5", "grade": "pass",
        "score-course_time": "150", "score-discussion": "80", "score-tasks": "85", "next": back})
    page = refused.get_data(as_text=True)
    assert "0 到 100" in page  # the rules' message, as before
    kept = _form(page, enrollment_id)
    assert "<details open>" in kept
    for name, value in (("score-course_time", "150"), ("score-discussion", "80"), ("score-tasks", "85"),
                        ("attended_hours", "48.5")):
        assert re.search(rf'name="{name}"[^>]*value="{re.escape(value)}"', kept), (name, kept)
    assert re.search(r'<option value="pass" selected>', kept), kept
    with app.app_context():
        assert db.session.get(Enrollment, enrollment_id).status == "enrolled"  # nothing half-saved

    again = _form(institution.get(back).get_data(as_text=True), enrollment_id)
    assert "<details>" in again and 'value="150"' not in again  # kept for the page it went back to only


def test_a_score_that_is_no_number_comes_back_in_its_own_rows_form_only(make_app):
    app = make_app("kaifeng", demo=True)
    project_id, (first, second) = _weighed_project(app, "全员网络研修（两位教师）", 2)
    institution = signed_in(app, "institution")
    back = f"/projects/{project_id}/class"
    page = institution.post(f"/enrollments/{first}/moves", follow_redirects=True, data={
        "target": "completed", "state": "enrolled", "attended_hours": "50",
        "score-course_time": "abc", "score-discussion": "80", "score-tasks": "85", "next": back}).get_data(as_text=True)
    assert "<details open>" in _form(page, first) and 'value="abc"' in _form(page, first)
    assert "<details open>" not in _form(page, second)
