"""A project declared where nobody holds the reviewing role over its organiser is refused, not
left waiting for ever. An outside author's county region had the district's admin review every
project (``ProjectReview(UserRole.DISTRICT_ADMIN, …)``, no ``otherwise``): a project the city
declared read "Declared: the reviewer has been told" and waited, with nobody to review it,
since no district stands above a city."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from portal import clock
from portal.domain import ProjectReview, UserRole
from portal.extensions import db
from portal.hookspecs import hookimpl
from portal.models import TrainingProject
from tests import example_region
from tests.support import signed_in


def _reviewed_by_the_district(monkeypatch):
    @hookimpl
    def portal_project_review(project):
        return ProjectReview(UserRole.DISTRICT_ADMIN, "example.txt §1")

    monkeypatch.setattr(example_region, "portal_project_review", portal_project_review, raising=False)


def _body(name: str, level: str) -> dict:
    day = (clock.today() + timedelta(days=30)).isoformat()
    return {"name": name, "level": level, "mode": "centralized", "hours": 6, "start": day, "end": day,
            "classes": 1, "fee": 0, "declare": True}


def test_a_project_nobody_can_review_stays_a_draft_and_says_why(make_app, monkeypatch):
    _reviewed_by_the_district(monkeypatch)
    app = make_app("example", demo=True, PORTAL_TEST_CASE="reviewed by the district")
    city = signed_in(app, "city_admin")
    answer = city.post("/api/projects", json=_body("市级培训", "city"))
    assert answer.status_code == 422, answer.get_data(as_text=True)
    body = answer.get_json()
    assert body["project"]["status"] == "draft"
    assert "无人能审核该项目" in body["message"] and "区县管理员" in body["message"] and "示例市" in body["message"]
    assert [f["code"] for f in body["findings"]] == ["no_reviewer"]  # with the region's review clause
    # on the page, in the reader's language: the declare button says the same
    city.post("/locale/en")
    project = body["project"]["id"]
    page = city.post(f"/projects/{project}/declare", follow_redirects=True).get_data(as_text=True)
    assert "Nobody can review this project" in page and "district admin" in page and "示例市" in page
    with app.app_context():
        assert db.session.get(TrainingProject, project).status == "draft"
    # its page offers no declaration nobody could review, and says why with the region's clause
    page = city.get(f"/projects/{project}").get_data(as_text=True)
    assert f'action="/projects/{project}/declare"' not in page
    assert "Nobody can review this project: it is reviewed by district admin over its organiser" in page
    assert "示例市" in page


def test_a_project_someone_reviews_still_waits_for_them(make_app, monkeypatch):
    _reviewed_by_the_district(monkeypatch)
    app = make_app("example", demo=True, PORTAL_TEST_CASE="reviewed by the district")
    answer = signed_in(app, "school_admin").post("/api/projects", json=_body("校本培训", "school"))
    assert answer.status_code == 201, answer.get_data(as_text=True)
    assert answer.get_json()["status"] == "declared"
    draft = signed_in(app, "school_admin").post("/api/projects", json={**_body("校本培训二", "school"), "declare": False})
    page = signed_in(app, "school_admin").get(f"/projects/{draft.get_json()['id']}").get_data(as_text=True)
    assert f'action="/projects/{draft.get_json()["id"]}/declare"' in page
    with app.app_context():
        assert db.session.scalar(select(TrainingProject.status).where(TrainingProject.name == "校本培训")) == "declared"
