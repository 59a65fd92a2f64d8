"""``POST /api/projects`` checks the region's own project fields (``portal_project_form``) with the
region's form, as the project's page does: a value the form refuses and a required field left out
were kept, answered 201, so a script filed projects the page would refuse."""
from __future__ import annotations

import base64

from sqlalchemy import func, select
from wtforms import Form, StringField
from wtforms.validators import DataRequired, Regexp

from portal import clock
from portal.domain.text import Messages
from portal.extensions import db
from portal.models import TrainingProject
from tests import example_region

_ = Messages("example", "tests.example_region")
NEXT_YEAR = clock.today().year + 1
PROJECT = {"name": "接口新项目", "level": "county", "mode": "centralized", "hours": 12,
           "start": f"{NEXT_YEAR}-04-01", "end": f"{NEXT_YEAR}-04-02"}


class FilingFields(Form):
    filing_number = StringField(_("示例区"), validators=[DataRequired(message=_("示例区")),
                                                        Regexp(r"^XS\d{4}-\d{3}$", message=_("示例集中培训"))])


class ProjectFormPlugin:
    @example_region.hookimpl
    def portal_project_form(self):
        return FilingFields


def _auth(username: str) -> dict:
    return {"Authorization": "Basic " + base64.b64encode(f"{username}:demo12345".encode()).decode()}


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(TrainingProject.id)))


def test_the_api_refuses_region_fields_the_regions_form_refuses(make_app):
    app = make_app("example", demo=True)
    app.extensions["portal.region"].pm.register(ProjectFormPlugin())
    client = app.test_client()
    before = _count(app)
    for fields in ({}, {"filing_number": "x"}, {"filing_number": "XS2026-001", "colour": "red"}):
        answer = client.post("/api/projects", json={**PROJECT, "region_fields": fields}, headers=_auth("district_admin"))
        assert answer.status_code == 422, (fields, answer.json)
        assert answer.json["field"].startswith("region_fields."), answer.json
    assert _count(app) == before
    answer = client.post("/api/projects", json={**PROJECT, "region_fields": {"filing_number": "XS2026-001"}},
                         headers=_auth("district_admin"))
    assert answer.status_code == 201, answer.json
    assert answer.json["region_fields"] == {"filing_number": "XS2026-001"}


def test_a_region_without_a_project_form_keeps_what_is_given(make_app):
    app = make_app("example", demo=True)
    answer = app.test_client().post("/api/projects", json={**PROJECT, "region_fields": {"note": "备注"}},
                                    headers=_auth("district_admin"))
    assert answer.status_code == 201 and answer.json["region_fields"] == {"note": "备注"}, answer.json
