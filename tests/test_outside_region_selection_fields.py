"""What a region written from the documented contract alone needs of a selection's own fields
(``portal_enrollment_form(project)``): a region asking 是否需要住宿 only of the projects that offer
lodging reads the project's core field ``lodging`` (提供住宿) from ``ProjectFacts``, which did not
carry it (an AttributeError on every page asking the form); and a script selecting through
``POST /api/projects/<id>/selections`` learns the codes a choice takes from ``selection_fields``,
which gave a field's name and label alone (a guessed code was refused: 不是有效的选择)."""
from __future__ import annotations

import base64

from wtforms import Form, SelectField
from wtforms.fields import SelectChoice
from wtforms.validators import InputRequired

from portal import clock
from portal.domain.text import Messages
from tests import example_region

_ = Messages("example", "tests.example_region")
NEXT_YEAR = clock.today().year + 1
PROJECT = {"name": "住宿项目", "level": "county", "mode": "centralized", "hours": 12,
           "start": f"{NEXT_YEAR}-04-01", "end": f"{NEXT_YEAR}-04-02", "declare": True}


class LodgingForm(Form):
    lodging = SelectField(_("示例区"), choices=[SelectChoice("", ""), SelectChoice("yes", _("示例集中培训")),
                                                    SelectChoice("no", _("示例区"))],
                          validators=[InputRequired()])


class LodgingPlugin:
    @example_region.hookimpl
    def portal_enrollment_form(self, project):
        return LodgingForm if project.lodging else None


def _auth(username: str) -> dict:
    return {"Authorization": "Basic " + base64.b64encode(f"{username}:demo12345".encode()).decode()}


def _project(client, lodging: bool) -> int:
    answer = client.post("/api/projects", json={**PROJECT, "lodging": lodging}, headers=_auth("district_admin"))
    assert answer.status_code == 201, answer.json
    return answer.json["id"]


def test_a_region_asks_its_lodging_field_only_of_a_project_offering_lodging(make_app):
    app = make_app("example", demo=True)
    app.extensions["portal.region"].pm.register(LodgingPlugin())
    client = app.test_client()
    with_lodging, without = _project(client, True), _project(client, False)
    asked = client.get(f"/api/projects/{with_lodging}", headers=_auth("teacher"))
    assert asked.status_code == 200, asked.data[:300]
    assert [f["name"] for f in asked.json["selection_fields"]] == ["lodging"]
    none = client.get(f"/api/projects/{without}", headers=_auth("teacher"))
    assert none.status_code == 200 and none.json["selection_fields"] == []


def test_a_choice_field_lists_its_codes_with_their_labels(make_app):
    app = make_app("example", demo=True)
    app.extensions["portal.region"].pm.register(LodgingPlugin())
    client = app.test_client()
    project = _project(client, True)
    field, = client.get(f"/api/projects/{project}", headers=_auth("teacher")).json["selection_fields"]
    assert field["choices"] == [{"code": "yes", "label": "示例集中培训"}, {"code": "no", "label": "示例区"}]
    chosen = client.post(f"/api/projects/{project}/selections", json={"fields": {"lodging": field["choices"][0]["code"]}},
                         headers=_auth("teacher"))
    assert chosen.status_code == 201, chosen.json


def test_a_demo_project_offers_lodging_and_its_enrollment_keeps_the_regions_answer(make_app, monkeypatch):
    """``DemoProject.lodging``: the demo's training offering lodging, whose teachers answered the
    region's lodging question (the demo had no way to say a project offers lodging)."""
    from dataclasses import replace

    from sqlalchemy import select

    from portal.domain import DemoEnrollment, DemoProject, Level, Mode
    from portal.extensions import db
    from portal.models import TrainingProject

    original = example_region.portal_demo_data

    @example_region.hookimpl
    def portal_demo_data(today):
        demo = original(today)
        start = today.replace(year=today.year + 1)
        lodged = DemoProject("住宿的集中培训", "ex-d", Level.COUNTY, Mode.CENTRALIZED, start, start, 6,
                             demo.projects[0].category, capacity=20, lodging=True,
                             enrollments=(DemoEnrollment("teacher", region_fields={"lodging": "yes"}),))
        return replace(demo, projects=demo.projects + (lodged,))

    monkeypatch.setattr(example_region, "portal_demo_data", portal_demo_data)
    monkeypatch.setattr(example_region, "portal_enrollment_form",
                        example_region.hookimpl(lambda project: LodgingForm if project.lodging else None),
                        raising=False)
    app = make_app("example", demo=True, TESTING_DEMO="lodging")
    with app.app_context():
        project = db.session.scalar(select(TrainingProject).where(TrainingProject.name == "住宿的集中培训"))
        assert project.lodging is True
        assert [e.region_fields for e in project.enrollments] == [{"lodging": "yes"}]
