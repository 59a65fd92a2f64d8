"""A Shanxi bureau runs trainings of its own level of the five-level system or below (晋教师〔2017〕14号
§二(一) 国培、省培、市培、县(区)培、校本研修): a county's training is a 县(区)培, never a 市培, whose
credits would count toward the cycle's 20 city-level-or-higher centralized credits (§三(二)). The
core lets a unit run one level above its own; a trial's county admin saved a 市级 training."""
from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

import plugins.shanxi as shanxi
from portal import clock
from portal.domain import Level, Mode, OrgKind
from portal.domain.selection import DECLARE, SAVE, ProjectFacts, ProjectStep
from portal.domain.text import using
from portal.extensions import db
from portal.models import TrainingProject, User
from portal.services import projects
from tests.support import first_organiser, signed_in

NEXT_YEAR = clock.today().year + 1


def facts(level: Level, kind: OrgKind, organiser="小店区教育局") -> ProjectFacts:
    return ProjectFacts(id=None, name="测试培训", level=level, mode=Mode.CENTRALIZED, start=date(2099, 3, 2),
                        end=date(2099, 3, 4), hours=Decimal(24), organiser=organiser, organiser_kind=kind)


def refusals(project: ProjectFacts, action=SAVE, before=None):
    step = ProjectStep(action, project, None, datetime(2099, 1, 1, 8), before=before)
    return [f for f in shanxi.portal_project_findings(step=step) if not f.ok]


@pytest.mark.parametrize("kind, highest", [(OrgKind.PROVINCE, Level.NATIONAL), (OrgKind.CITY, Level.CITY),
                                           (OrgKind.DISTRICT, Level.COUNTY), (OrgKind.ZONE, Level.COUNTY)])
def test_a_unit_runs_its_own_level_or_below(kind, highest):
    levels = tuple(Level)
    for level in levels:
        found = refusals(facts(level, kind))
        if levels.index(level) >= levels.index(highest):
            assert not found, (kind, level)
        else:
            [refused] = found
            assert refused.field == "level" and "二(一)" in refused.source, refused


def test_an_institution_undertakes_any_level_and_other_steps_are_not_judged():
    assert not any(refusals(facts(level, OrgKind.INSTITUTION, "山西省中学教师培训中心")) for level in Level)
    # a school keeps the core's reach (a county training it hosts; the core refuses above that)
    assert not refusals(facts(Level.COUNTY, OrgKind.SCHOOL, "太原市小店区第一中学"))
    assert not refusals(facts(Level.CITY, OrgKind.DISTRICT), action=DECLARE)


def test_an_edit_keeping_the_level_is_not_judged_again_one_raising_it_is():
    kept = facts(Level.CITY, OrgKind.DISTRICT)
    assert not refusals(kept, before=kept)  # saved before the rule: still editable
    county = facts(Level.COUNTY, OrgKind.DISTRICT)
    assert refusals(kept, before=county)


def test_the_refusal_says_it_in_chinese_and_english():
    [refused] = refusals(facts(Level.CITY, OrgKind.DISTRICT))
    assert str(refused.message) == "小店区教育局组织的培训最高为县(区)级培训（五级培训体系中本级及以下），不能申报市级培训"
    with using("en"):
        english = str(refused.message)
    # the levels named as words within the sentence (test_shanxi_labels_in_sentence), in English
    assert "at most county" in english and "a city training" in english and not any("\u4e00" <= c <= "\u9fff" for c in english
                                                                    .replace("小店区教育局", "")), english


def test_the_county_admin_cannot_save_a_city_level_project(make_app):
    app = make_app("shanxi", demo=True)
    district = signed_in(app, "district_admin")
    form = district.get("/projects/new").get_data(as_text=True)
    data = {"organiser": first_organiser(form), "name": "区县自定市级测试", "level": "city", "mode": "centralized",
            "start": f"{NEXT_YEAR}-03-02", "end": f"{NEXT_YEAR}-03-04", "hours": "24", "classes": "1",
            "class_size": "30", "fee": "0"}
    refused = district.post("/projects/new", data=data)
    assert refused.status_code == 422
    # the core's default (a unit's own level at most, ``portal_highest_levels``) refuses it first, in shanxi's words
    page = refused.get_data(as_text=True)
    assert "不能申报市级培训" in page or re.search(r'id="level-error">[^<]*(<span[^>]*>[^<]*</span>)?[^<]*不能举办市级培训', page)
    assert district.post("/projects/new", data={**data, "name": "区县培训测试", "level": "county"}).status_code == 303
    with app.app_context():
        saved = {p.name: p.level for p in db.session.scalars(select(TrainingProject)
                                                             .where(TrainingProject.name.like("区县%测试")))}
        assert saved == {"区县培训测试": "county"}
    with app.app_context():  # the API's service likewise
        region = app.extensions["portal.region"]
        admin = db.session.scalar(select(User).where(User.username == "district_admin"))
        base = projects.ProjectInput(name="接口市级测试", level=Level.CITY, mode=Mode.CENTRALIZED,
                                     start=date(NEXT_YEAR, 3, 2), end=date(NEXT_YEAR, 3, 4), hours=Decimal(24))
        with pytest.raises(projects.ProjectRefused) as refused:
            projects.create(region, admin, projects.organiser_units(admin)[0].id, base)
        assert refused.value.field == "level"


def test_the_province_saves_the_national_training_it_runs(make_app):
    """国培 is the province's to run (§二(一)): the core's rule that a unit organises trainings of its
    own level or below (provincial, for a province) would refuse it; shanxi answers
    ``portal_highest_levels`` with the province's national reach, a county's own level kept."""
    from datetime import timedelta

    app = make_app("shanxi", demo=True)
    day = (clock.today() + timedelta(days=30)).isoformat()

    def saved(username, level):
        return signed_in(app, username).post("/api/projects", json={
            "name": f"{level}培训", "level": level, "mode": "centralized", "hours": 6, "start": day, "end": day,
            "classes": 1, "fee": 0})

    assert saved("province_admin", "national").status_code in (200, 201)
    refused = saved("district_admin", "city")
    # in the document's words with its clause, before the core's own words for the same reach
    [finding] = refused.json["findings"]
    assert refused.status_code == 422 and "五级培训体系中本级及以下" in finding["message"], finding
    assert "二(一)" in str(finding["source"]), finding
