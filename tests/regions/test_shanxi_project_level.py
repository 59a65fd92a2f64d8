"""A Shanxi bureau runs trainings of its own level of the five-level system or below (晋教师〔2017〕14号
§二(一) 国培、省培、市培、县(区)培、校本研修): a county's training is a 县(区)培, never a 市培, whose
credits would count toward the cycle's 20 city-level-or-higher centralized credits (§三(二)). The
core lets a unit run one level above its own; a trial's county admin saved a 市级 training.

shanxi says each kind's reach once, with its clause (``portal_highest_levels`` answering
``HighestLevel``), and the core's refusal of a level above it cites §二(一), linked, on the form and
in the API: shanxi's own project finding saying the same thing in other words is gone."""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

import plugins.shanxi as shanxi
from portal import clock
from portal.domain import HighestLevel, Level, Mode, OrgKind
from portal.domain.text import using
from portal.extensions import db
from portal.models import OrgUnit, TrainingProject, User
from portal.services import projects
from tests.support import first_organiser, signed_in

NEXT_YEAR = clock.today().year + 1
CLAUSE = "shanxi-2017-credit-management.txt §二(一)（五级教师培训体系）"
# §二(一) names the five levels (国培、省培、市培、县(区)培、校本研修) but not which unit runs which: the
# reach is a setting with a documented default, named beside the clause on the refusal
SETTING = "organiser_levels"


def facts(level: Level, organiser="小店区教育局"):
    from portal.domain.selection import ProjectFacts

    return ProjectFacts(id=None, name="测试培训", level=level, mode=Mode.CENTRALIZED, start=date(2099, 3, 2),
                        end=date(2099, 3, 4), hours=Decimal(24), organiser=organiser, organiser_kind=OrgKind.DISTRICT)


def refusal(app, level: Level, kind: OrgKind, name="小店区教育局", before=None) -> projects.ProjectRefused | None:
    """The core's judgement of a unit of ``kind`` saving a training of ``level`` (``portal_highest_levels``)."""
    with app.app_context():
        try:
            projects._within_reach(app.extensions["portal.region"], level, OrgUnit(name=name, kind=kind.value), before)
        except projects.ProjectRefused as refused:
            return refused
    return None


@pytest.mark.parametrize("kind, highest", [(OrgKind.PROVINCE, Level.NATIONAL), (OrgKind.CITY, Level.CITY),
                                           (OrgKind.DISTRICT, Level.COUNTY), (OrgKind.SCHOOL, Level.SCHOOL)])
def test_a_unit_runs_its_own_level_or_below(make_app, kind, highest):
    assert shanxi.portal_highest_levels()[kind] == HighestLevel(highest, CLAUSE, (SETTING,))
    app = make_app("shanxi")
    levels = tuple(Level)
    for level in levels:
        refused = refusal(app, level, kind)
        if levels.index(level) >= levels.index(highest):
            assert refused is None, (kind, level)
        else:
            [finding] = refused.findings
            assert refused.field == finding.field == "level" and finding.source == CLAUSE, finding
            assert finding.settings == (SETTING,), finding


def test_an_institution_undertakes_any_level_a_zone_keeps_the_cores_reach(make_app):
    reach = shanxi.portal_highest_levels()
    assert OrgKind.INSTITUTION not in reach
    # the document says nothing of an education zone (学区): the core's reach, citing nothing
    assert reach[OrgKind.ZONE] == Level.COUNTY
    app = make_app("shanxi")
    assert not any(refusal(app, level, OrgKind.INSTITUTION, "山西省中学教师培训中心") for level in Level)
    refused = refusal(app, Level.CITY, OrgKind.ZONE, "某学区")
    assert refused.field == "level" and not refused.findings
    # shanxi's own project finding for the same reach is gone: the core's refusal says it, with the clause
    assert not hasattr(shanxi, "portal_project_findings")


def test_an_edit_keeping_the_level_is_not_judged_again_one_raising_it_is(make_app):
    app = make_app("shanxi")
    kept = facts(Level.CITY)
    assert refusal(app, Level.CITY, OrgKind.DISTRICT, before=kept) is None  # saved before the rule: still editable
    assert refusal(app, Level.CITY, OrgKind.DISTRICT, before=facts(Level.COUNTY))


def test_the_refusal_says_it_in_chinese_and_english(make_app):
    [refused] = refusal(make_app("shanxi"), Level.CITY, OrgKind.DISTRICT).findings
    assert str(refused.message) == "小店区教育局只能举办县(区)级及以下的培训，不能举办市级培训：请选择县(区)级或以下的级别。"
    with using("en"):
        english = str(refused.message)
    # the levels named as words within the sentence (test_shanxi_labels_in_sentence), in English
    assert "of county level or below, not of city level" in english and not any(
        "\u4e00" <= c <= "\u9fff" for c in english.replace("小店区教育局", "")), english


def test_the_county_admin_cannot_save_a_city_level_project(make_app):
    app = make_app("shanxi", demo=True)
    district = signed_in(app, "district_admin")
    form = district.get("/projects/new").get_data(as_text=True)
    data = {"organiser": first_organiser(form), "name": "区县自定市级测试", "level": "city", "mode": "centralized",
            "start": f"{NEXT_YEAR}-03-02", "end": f"{NEXT_YEAR}-03-04", "hours": "24", "classes": "1",
            "class_size": "30", "fee": "0"}
    refused = district.post("/projects/new", data=data)
    assert refused.status_code == 422
    # the core refuses the reach shanxi gives (``portal_highest_levels``), citing its clause, linked
    error = re.search(r'<p class="error" id="level-error">(.*?)</p>', refused.get_data(as_text=True), re.S).group(1)
    assert "只能举办县(区)级及以下的培训，不能举办市级培训" in re.sub(r"<[^>]+>", "", error), error
    cite = re.search(r'<a class="cite" href="([^"]+)">([^<]+)</a>', error)
    assert cite and cite.group(1).startswith("/rules/documents/shanxi-2017-credit-management?clause="), error
    assert "二(一)" in cite.group(2) and "山西省教育厅关于实施专业技术人才知识更新工程" in cite.group(2), error
    assert district.get(cite.group(1).replace("&amp;", "&")).status_code == 200
    # the clause names the five levels, not who runs which: the setting the reach comes from is named
    # beside it, linked to its note on the rules page
    setting = re.search(r'<a class="setting" href="([^"]+)">([^<]+)</a>', error)
    assert setting and setting.group(1).endswith("#setting-organiser_levels"), error
    assert "各级单位自行组织培训的最高级别" in setting.group(2), error
    district.post("/locale/en")
    error = re.search(r'<p class="error" id="level-error">(.*?)</p>',
                      district.post("/projects/new", data=data).get_data(as_text=True), re.S).group(1)
    assert "organises trainings of county level or below, not of city level" in error and 'class="cite"' in error, error
    district.post("/locale/zh_Hans_CN")
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
    # the core's refusal of the reach shanxi gives, with its clause (§二(一)); one finding, not two
    assert refused.status_code == 422 and refused.json["field"] == "level", refused.json
    [finding] = refused.json["findings"]
    assert finding["field"] == "level" and "不能举办市级培训" in finding["message"], finding
    assert finding["source"] == CLAUSE, finding
    assert finding["settings"] == [SETTING], finding


def test_who_runs_which_level_is_a_setting_the_clause_does_not_say_it():
    """§二(一) only names the five-level system; its note says so plainly, the default, and that the
    bureau confirms it; a bureau may set another reach (a county running no school-level training)."""
    from plugins.shanxi import parameters as P
    from portal.domain.parameters import applied, parse_overrides

    text = open("plugins/shanxi/documents/shanxi-2017-credit-management.txt", encoding="utf-8").read()
    clause = text[text.index("(一)全员覆盖"):text.index("(二)激励带动")]
    assert "五级教师培训体系" in clause and "省教育厅" not in clause  # names the levels, not who runs them
    setting = P.ORGANISER_LEVELS
    assert setting.is_setting and setting.source_at(date(2024, 1, 1)) == CLAUSE
    note = str(setting.assumption)
    assert "没有写" in note and "须由本区教育行政部门确认" in note, note
    with using("en"):
        assert not any("\u4e00" <= c <= "\u9fff" for c in str(setting.assumption)), str(setting.assumption)
        assert "national" in str(setting.display(setting.default)).lower()
    given = parse_overrides(list(P.PARAMETERS), {SETTING: '{"province": "provincial", "district": "county"}'})
    with applied(given):
        reach = shanxi.portal_highest_levels()
        assert reach[OrgKind.PROVINCE] == HighestLevel(Level.PROVINCIAL, CLAUSE, (SETTING,))
        assert OrgKind.CITY not in reach or reach[OrgKind.CITY] == Level.CITY  # not set: the core's reach
