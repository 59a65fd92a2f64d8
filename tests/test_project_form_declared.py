"""The project form asks the figure a project declares (项目申报的学分, in an hours region 项目标明的学时)
only where the region's conversion reads it (its ``portal_activity_fields`` name ``base_credits``):
a region counting hours (kaifeng, or one made by ``portal plugins new --unit hour``) asked 学时 and
项目标明的学时 one above the other, the second read by nothing, an organiser left guessing which
counts. Where the conversion reads it (ruian's 项目基础学分, shanxi's 认定学分) it is still asked."""
from __future__ import annotations

import re

import pytest

from portal.extensions import db
from portal.models import TrainingProject
from tests.support import signed_in
from tests.test_kaifeng_projects import NAME, _created


def _form(client) -> str:
    client.post("/locale/zh_Hans_CN")
    return client.get("/projects/new").get_data(as_text=True)


def test_an_hours_region_whose_conversion_reads_no_declared_figure_does_not_ask_it(make_app):
    app = make_app("kaifeng", demo=True)
    client = signed_in(app, "institution")
    form = _form(client)
    assert 'name="hours"' in form
    assert 'name="base_credits"' not in form
    assert "项目标明的学时" not in form
    # the form still saves, with no declared figure
    project_id = _created(client, program="", mode="centralized", level="county", hours="16", name=NAME + "16")
    with app.app_context():
        project = db.session.get(TrainingProject, project_id)
        assert project.hours == 16 and project.base_credits is None
    edit = client.get(f"/projects/{project_id}/edit").get_data(as_text=True)
    assert 'name="base_credits"' not in edit
    client.post("/locale/en")
    assert "Hours the project declares" not in client.get("/projects/new").get_data(as_text=True)


@pytest.mark.parametrize(("region", "label"), [("ruian", "项目基础学分"), ("shanxi", "认定学分")])
def test_a_region_whose_conversion_reads_the_declared_figure_still_asks_it(make_app, region, label):
    app = make_app(region, demo=True)
    form = _form(signed_in(app, "institution"))
    field = re.search(r'<label for="base_credits"[^>]*>(.*?)</label>', form, re.S)
    assert field is not None and label in field.group(1)
