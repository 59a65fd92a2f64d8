"""A unit organises trainings of its own level or below unless its region says otherwise
(``portal_highest_levels``): a school admin saved a county-level training (县级), whose teachers
would then earn county credits for the school's own training, since the core let every unit run
one level above its own. The refusal names the school, its highest level and the level asked, in
the page's language; an edit keeping a project's level is not judged again; a region whose
documents let a school host a county training says so through the hook."""
from __future__ import annotations

import re
from datetime import timedelta

import tests.example_region as example_region
from portal import clock
from portal.domain import Level, OrgKind
from portal.hookspecs import hookimpl
from tests.support import signed_in
from tests.test_project_reschedule import _school_project


def _api_project(client, level: str):
    day = (clock.today() + timedelta(days=30)).isoformat()
    return client.post("/api/projects", json={"name": f"{level}培训", "level": level, "mode": "centralized", "hours": 6,
                                              "start": day, "end": day, "classes": 1, "fee": 0})


def test_a_school_may_not_save_a_county_training(make_app):
    app = make_app("shanxi", demo=True)
    school = signed_in(app, "school_admin")
    data = _school_project(school, name="学校自定县级培训", level="county")
    school.post("/locale/zh_Hans_CN")
    refused = school.post("/projects/new", data=data)
    assert refused.status_code == 422
    error = re.search(r'<p class="error" id="level-error">(.*?)</p>', refused.get_data(as_text=True), re.S).group(1)
    words = re.sub(r"<[^>]+>", "", error)
    assert "只能举办" in words and "及以下的培训，不能举办县" in words, words
    school.post("/locale/en")
    error = re.search(r'<p class="error" id="level-error">(.*?)</p>',
                      school.post("/projects/new", data=data).get_data(as_text=True), re.S).group(1)
    assert re.search(r"organises trainings of school level or below, not of [a-z][^<]* level", error), error
    assert school.post("/projects/new", data={**data, "level": "school"}).status_code == 303
    # the API refuses it too, naming the field
    answer = _api_project(school, "county")
    assert answer.status_code == 422 and "level" in answer.get_data(as_text=True), answer.get_data(as_text=True)


def test_a_region_may_let_a_school_host_a_county_training(make_app, monkeypatch):
    @hookimpl
    def portal_highest_levels():
        return {OrgKind.SCHOOL: Level.COUNTY, OrgKind.DISTRICT: Level.COUNTY}

    from portal import defaults

    assert defaults.portal_highest_levels()[OrgKind.SCHOOL] == Level.SCHOOL  # the core's default: its own
    assert OrgKind.INSTITUTION not in defaults.portal_highest_levels()  # an institution: any level
    monkeypatch.setattr(example_region, "portal_highest_levels", portal_highest_levels, raising=False)
    app = make_app("example", demo=True, PORTAL_TEST_CASE="a school hosts county trainings")
    school = signed_in(app, "school_admin")
    assert _api_project(school, "county").status_code in (200, 201)
    assert _api_project(school, "city").status_code == 422


def test_a_reach_the_documents_say_is_cited_by_its_refusal(make_app, monkeypatch):
    """Where the region's documents say a kind of unit's highest level (``HighestLevel`` with its
    clause), the refusal of a level above it cites that clause, linked, on the form and in the
    API's findings, as every rule's refusal does; a bare level (the core's default) cites nothing."""
    from portal.domain import HighestLevel
    from portal.domain.enums import OWN_LEVEL

    @hookimpl
    def portal_highest_levels():
        return {**OWN_LEVEL, OrgKind.SCHOOL: HighestLevel(Level.SCHOOL, "example.txt §1")}

    monkeypatch.setattr(example_region, "portal_highest_levels", portal_highest_levels, raising=False)
    app = make_app("example", demo=True, PORTAL_TEST_CASE="a school's reach, cited")
    school = signed_in(app, "school_admin")
    data = _school_project(school, name="学校自定县级培训", level="county")
    refused = school.post("/projects/new", data=data)
    assert refused.status_code == 422
    error = re.search(r'<p class="error" id="level-error">(.*?)</p>', refused.get_data(as_text=True), re.S).group(1)
    assert "只能举办校级及以下的培训" in error and 'class="cite"' in error and "《示例区教师培训学分办法》" in error, error
    answer = _api_project(school, "county")
    assert answer.status_code == 422 and answer.json["field"] == "level", answer.json
    assert [f["source"] for f in answer.json["findings"]] == ["example.txt §1"], answer.json
    # the district's reach is the core's own default: refused in the same words, citing nothing
    district = signed_in(app, "district_admin")
    answer = _api_project(district, "city")
    assert answer.status_code == 422 and answer.json["field"] == "level" and "findings" not in answer.json, answer.json
