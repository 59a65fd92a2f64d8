"""A region without programs (``portal_programs`` lists none, as a region written from
docs/writing-a-region.md and ``portal plugins new`` has) got a project form whose
"培训对象与学分认定" held a 培训项目类型 select offering only "—": a field nobody could fill,
where the calculator rightly asks no program. The form asks none; a project still saves."""
from __future__ import annotations

import re

from sqlalchemy import select

from portal.extensions import db
from portal.models import TrainingProject
from tests import example_region
from tests.support import first_organiser, signed_in
from tests.test_calculator_declared import outside_region


def _organiser_client(make_app):
    app = make_app("example", demo=True)
    region = app.extensions["portal.region"]
    region.pm.unregister(example_region)
    region.pm.register(outside_region())  # the example region without programs
    return app, signed_in(app, "institution")


def test_a_region_without_programs_asks_no_program_on_the_project_form(make_app):
    app, client = _organiser_client(make_app)
    client.post("/locale/zh_Hans_CN")
    form = client.get("/projects/new").get_data(as_text=True)
    assert 'name="hours"' in form and 'name="category"' in form
    assert 'name="program"' not in form
    created = client.post("/projects/new", data={
        "organiser": first_organiser(form), "name": "无项目类型的培训", "level": "county", "mode": "online",
        "start": "2099-03-01", "end": "2099-03-02", "hours": "6", "classes": "1", "fee": "0"})
    assert created.status_code == 303, created.get_data(as_text=True)
    project_id = int(re.search(r"/projects/(\d+)", created.headers["Location"]).group(1))
    with app.app_context():
        project = db.session.scalar(select(TrainingProject).where(TrainingProject.id == project_id))
        assert project.program is None and project.hours == 6
    edit = client.get(f"/projects/{project_id}/edit").get_data(as_text=True)
    assert 'name="program"' not in edit and "无项目类型的培训" in edit


def test_a_region_with_programs_still_offers_them(make_app):
    app = make_app("example", demo=True)
    form = signed_in(app, "institution").get("/projects/new").get_data(as_text=True)
    assert re.search(r'<select[^>]*name="program"', form)
    assert 'value="general"' in form
