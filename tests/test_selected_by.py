"""Who selects a project is the enrollment workflow's ``selected_by`` (or the project's,
``portal_selected_by``), and the core holds every selection to it. An outside author's region
declared ``selected_by=(UserRole.TEACHER,)`` ("teachers select themselves and no admin enrols
them", docs/writing-a-region.md) and wrote no selection finding of its own: the class list
offered no bulk enrolment, yet a school admin's ``POST /api/projects/<id>/selections`` with
``{"teacher": id}`` enrolled the teacher (201)."""
from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from portal.defaults import ENROLLMENT_WORKFLOW
from portal.domain import UserRole
from portal.extensions import db
from portal.hookspecs import hookimpl
from portal.models import OrgUnit
from portal.services import training
from tests import example_region
from tests.support import signed_in, teacher_id


def _project(app) -> int:
    with app.app_context():
        district = db.session.scalar(select(OrgUnit).where(OrgUnit.code == "ex-d"))
        project = training.add_project(None, district, name="自选培训", level="county", mode="centralized",
                                       start_date=date(2099, 3, 1), end_date=date(2099, 3, 1), year=2099,
                                       hours=Decimal(6), capacity=30, status="published")
        db.session.commit()
        return project.id


@pytest.mark.parametrize(("selectors", "refused", "allowed"), [
    ((UserRole.TEACHER,), "school_admin", "teacher"),
    ((UserRole.SCHOOL_ADMIN,), "teacher", "school_admin"),
])
def test_a_selection_by_someone_the_workflow_does_not_name_is_refused(make_app, monkeypatch, selectors, refused,
                                                                      allowed):
    @hookimpl
    def portal_enrollment_workflow():
        return dataclasses.replace(ENROLLMENT_WORKFLOW, selected_by=selectors)

    monkeypatch.setattr(example_region, "portal_enrollment_workflow", portal_enrollment_workflow, raising=False)
    app = make_app("example", demo=True, PORTAL_TEST_CASE=f"selected by {selectors}")
    project = _project(app)
    teacher = teacher_id(app, "teacher")
    body = {} if refused == "teacher" else {"teacher": teacher}
    answer = signed_in(app, refused).post(f"/api/projects/{project}/selections", json=body)
    assert answer.status_code == 422, answer.get_data(as_text=True)
    assert "selection_by" in [f["code"] for f in answer.get_json()["findings"] if not f["ok"]]
    body = {} if allowed == "teacher" else {"teacher": teacher}
    assert signed_in(app, allowed).post(f"/api/projects/{project}/selections", json=body).status_code == 201


def test_a_regions_own_refusal_of_the_selector_is_not_said_twice(make_app, monkeypatch):
    """A region that refuses the selector itself (ruian's 教师本人选课, kaifeng's submitters) is
    read as before: the core adds its own words only where the region's findings let it through."""
    from portal.domain import Finding

    @hookimpl
    def portal_enrollment_workflow():
        return dataclasses.replace(ENROLLMENT_WORKFLOW, selected_by=(UserRole.TEACHER,))

    @hookimpl
    def portal_selection_findings(selection):
        ok = selection.by == UserRole.TEACHER
        return [Finding("by_teacher", ok, None, None, "教师本人选课" if ok else "须由教师本人选课", "example.txt §1")]

    monkeypatch.setattr(example_region, "portal_enrollment_workflow", portal_enrollment_workflow, raising=False)
    monkeypatch.setattr(example_region, "portal_selection_findings", portal_selection_findings, raising=False)
    app = make_app("example", demo=True, PORTAL_TEST_CASE="selected by the teacher, said by the region")
    project = _project(app)
    answer = signed_in(app, "school_admin").post(f"/api/projects/{project}/selections",
                                                 json={"teacher": teacher_id(app, "teacher")})
    assert answer.status_code == 422
    codes = [f["code"] for f in answer.get_json()["findings"] if not f["ok"]]
    assert codes == ["by_teacher"]


def test_a_training_the_school_submits_to_is_held_for_the_schools_reason_not_the_teachers(make_app, monkeypatch):
    """The duties page's trainings judge a project by whoever puts teachers in it: the project's own
    selectors (``portal_selected_by``) where the region names them. A training only the school submits
    to, refused to the school, was held for the teacher's "you do not enrol yourself", not for why
    the school could not submit them."""
    from portal import clock
    from portal.domain import Finding
    from portal.models import Teacher, User
    from portal.services import suggestions

    @hookimpl
    def portal_selected_by(project):
        return (UserRole.SCHOOL_ADMIN,) if project.name == "自选培训" else None

    @hookimpl
    def portal_selection_findings(selection):
        full = selection.project.name == "自选培训" and selection.by == UserRole.SCHOOL_ADMIN
        return [Finding("unit_quota", not full, None, None, "本单位名额已满" if full else "尚有名额", "example.txt §2")]

    monkeypatch.setattr(example_region, "portal_selected_by", portal_selected_by, raising=False)
    monkeypatch.setattr(example_region, "portal_selection_findings", portal_selection_findings, raising=False)
    app = make_app("example", demo=True, PORTAL_TEST_CASE="submitted by the school, its quota used")
    with app.app_context():
        district = db.session.scalar(select(OrgUnit).where(OrgUnit.code == "ex-d"))
        start = clock.today() + timedelta(days=20)  # within the teacher's open duties
        project = training.add_project(None, district, name="自选培训", level="county", mode="centralized",
                                       start_date=start, end_date=start, year=start.year, hours=Decimal(6),
                                       capacity=30, status="published").id
        db.session.commit()
        region = app.extensions["portal.region"]
        teacher = db.session.scalar(select(Teacher).join(User, Teacher.user_id == User.id)
                                    .where(User.username == "teacher"))
        held: list = []
        found = suggestions.suggestions(region, teacher, clock.today(), held=held)
    assert project not in [s.project.id for s in found]
    assert held and held[0].submitted and held[0].finding.code == "unit_quota", held
