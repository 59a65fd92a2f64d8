"""A region that names a level otherwise than the core (区级 where the core says 区县级) gives
its word once (``portal_level_labels``), and every core page naming a level uses it: the
project form and its refusal, the catalog's filter and list, the project pages, the
calculator, a claim and the needs survey."""
from __future__ import annotations

import re

from portal.domain import Level
from portal.domain.text import Messages
from portal.hookspecs import hookimpl
from tests.support import city_project, first_organiser, signed_in

_ = Messages("example", "tests.example_region")


class DistrictWords:
    """What an outside region adds to say 区级 (and keep the core's other words)."""

    @staticmethod
    @hookimpl
    def portal_level_labels():
        return {Level.COUNTY: _("区级")}


def _app(make_app):
    app = make_app("example", demo=True)
    app.extensions["portal.region"].pm.register(DistrictWords())
    return app


def _option(page: str, name: str, value: str) -> str:
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S).group(1)
    return re.search(rf'<option[^>]*value="{value}"[^>]*>([^<]*)</option>', select).group(1)


def test_every_core_page_names_the_level_in_the_regions_word(make_app):
    app = _app(make_app)
    project_id = city_project(app, name="区级培训示例", level="county")

    admin = signed_in(app, "city_admin")
    form = admin.get("/projects/new").get_data(as_text=True)
    assert _option(form, "level", "county") == "区级" and _option(form, "level", "city") == "市级"
    shown = admin.get(f"/projects/{project_id}").get_data(as_text=True)
    assert "区级" in shown and "区县级" not in shown

    teacher = signed_in(app, "teacher")
    catalog = teacher.get("/catalog").get_data(as_text=True)
    assert _option(catalog, "level", "county") == "区级"
    assert "区县级" not in catalog  # nor in the list's line of the project
    page = teacher.get(f"/catalog/{project_id}").get_data(as_text=True)
    assert "区级" in page and "区县级" not in page
    calculator = teacher.get("/rules/calculator").get_data(as_text=True)
    assert _option(calculator, "level", "county") == "区级"
    claim = teacher.get("/claims/new/outside_training").get_data(as_text=True)
    assert _option(claim, "level", "county") == "区级"
    survey = teacher.get("/me/survey")
    if survey.status_code == 200:  # where the region asks it
        assert "区县级" not in survey.get_data(as_text=True)


def test_the_project_forms_level_refusal_names_the_regions_word(make_app):
    app = _app(make_app)
    school = signed_in(app, "school_admin")
    form = school.get("/projects/new").get_data(as_text=True)
    organiser = first_organiser(form)
    refused = school.post("/projects/new", data={
        "organiser": organiser, "name": "学校自定区级", "level": "county", "mode": "centralized",
        "start": "2099-03-02", "end": "2099-03-04", "hours": "24", "classes": "1", "fee": "0"})
    assert refused.status_code == 422
    text = refused.get_data(as_text=True)
    assert "区级" in text and "区县级" not in text


def test_the_bundled_regions_name_the_county_level_as_their_rules_do():
    from portal.plugins import Region

    words = {code: str(Region.load(code).level_labels().get(Level.COUNTY, "")) for code in ("qingdao", "ruian", "shanxi")}
    assert words == {"qingdao": "区（市县）级", "ruian": "县（市、区）级", "shanxi": "县(区)级"}
