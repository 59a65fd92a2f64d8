"""The calculator (规则试算) follows what a region declares, with no web code of its own: an
outside region, written from docs/writing-a-region.md alone, that credits three modes, has no
programs and reads only its hours, days and dates, gets a calculator offering just those; and
``portal rules test`` reports a calculator offering a choice the region's conversion refuses."""
from __future__ import annotations

import re
import types

from portal.conformance import contract_problems
from portal.domain import ActivityField, Described, InvalidInput, Mode
from portal.domain.text import Messages
from portal.plugins import Region, make_manager
from tests import example_region
from tests.support import signed_in

_ = Messages("example", "tests.example_region")
CREDITED = (Mode.CENTRALIZED, Mode.ONLINE, Mode.SCHOOL_BASED)


def outside_region(choices: bool = True, fields: bool = False) -> types.ModuleType:
    """The example region without programs, whose rules refuse self-study and degree courses;
    it lists the modes it credits (``portal_project_choices``) and, with ``fields``, the
    fields its conversion reads (``portal_activity_fields``)."""
    module = types.ModuleType("outside_region")
    module.__spec__ = example_region.__spec__  # its documents and worked cases
    for name in dir(example_region):
        if name.startswith("portal_") and name != "portal_programs":
            setattr(module, name, getattr(example_region, name))

    def portal_convert_activity(activity, on):
        if activity.mode not in CREDITED:
            raise InvalidInput("mode", _("一次培训不超过 100 学时"))  # any message of its catalogue
        return example_region.portal_convert_activity(activity, on)

    module.portal_convert_activity = example_region.hookimpl(portal_convert_activity)
    if choices:
        labels = {Mode.CENTRALIZED: _("集中培训"), Mode.ONLINE: _("网络研修"), Mode.SCHOOL_BASED: _("校本研修")}
        module.portal_project_choices = example_region.hookimpl(
            lambda on: {"mode": tuple(Described(m.value, labels[m], "example.txt §1") for m in CREDITED)})
    if fields:
        module.portal_activity_fields = example_region.hookimpl(
            lambda on: ("days", "start", ActivityField("end", _("示例区"))))
    return module


def with_region(make_app, module, demo: bool = False):
    """The example portal with ``module`` for its region's rules; the app and the region."""
    app = make_app("example", demo=demo)
    region = app.extensions["portal.region"]
    region.pm.unregister(example_region)
    region.pm.register(module)
    return app, region


def _calculator(make_app, module) -> str:
    app, _region = with_region(make_app, module, demo=True)
    return signed_in(app, "teacher").get("/rules/calculator").get_data(as_text=True)


def _options(page: str, name: str) -> list[str]:
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S).group(1)
    return re.findall(r'<option[^>]*value="([^"]*)"[^>]*>([^<]*)<', select)


def _names(page: str) -> set[str]:
    form = re.search(r'<form method="post" action="/rules/calculator".*?</form>', page, re.S).group(0)
    return set(re.findall(r'name="([a-z_]+)"', form)) - {"csrf_token"}


def test_the_calculator_offers_the_modes_the_region_lists_and_no_program_where_it_has_none(make_app):
    page = _calculator(make_app, outside_region())
    assert [code for code, _label in _options(page, "mode")] == ["centralized", "online", "school_based"]
    assert "校本研修" in dict(_options(page, "mode")).values()
    assert "program" not in _names(page)  # no programs: no 培训项目类型 to choose from


def test_the_calculator_asks_only_the_fields_the_region_reads(make_app):
    page = _calculator(make_app, outside_region(fields=True))
    assert _names(page) == {"level", "mode", "hours", "days", "start", "end"}  # no 角色, 任职年数, 专题, 项目基础学时
    assert '<label for="end">示例区</label>' in page  # the region's own word for a field


def test_a_calculator_page_names_the_levels_in_the_domains_words(make_app):
    """One word for a level everywhere: 校级, as the rules' steps say it, never a form's 学校."""
    app = make_app("kaifeng", demo=True)
    calculator = signed_in(app, "teacher").get("/rules/calculator").get_data(as_text=True)
    assert dict(_options(calculator, "level"))["school"] == "校级"
    survey = signed_in(app, "city_admin").get("/projects/new").get_data(as_text=True)
    assert dict(_options(survey, "level"))["school"] == "校级"


def test_rules_test_reports_a_calculator_offering_a_mode_the_conversion_refuses():
    undeclared = outside_region(choices=False)
    found = [p for p in contract_problems(Region(make_manager(undeclared), undeclared)) if p.startswith("calculator")]
    assert len(found) == 2 and "'self_study'" in found[0] and "'degree'" in found[1]
    declared = outside_region()
    assert not [p for p in contract_problems(Region(make_manager(declared), declared)) if p.startswith("calculator")]



def test_a_regions_own_form_keeps_its_field_after_the_fitted_ones(make_app):
    """The extension point that stays (``portal_activity_form``): a field that is no field of an
    activity, added by a subclass, comes after the fields the region declares."""
    from wtforms import DecimalField

    from portal.web.forms import ActivityForm, Within

    class OwnForm(ActivityForm):
        extra = DecimalField("extra", validators=[Within(min=0)])

    module = outside_region(fields=True)
    module.portal_activity_form = example_region.hookimpl(lambda: OwnForm)
    app, region = with_region(make_app, module)
    with app.test_request_context():
        names = [f.name for f in region.activity_form()()]
    assert names == ["level", "mode", "hours", "days", "start", "end", "extra"]


def test_the_calculator_offers_the_grades_in_the_words_the_steps_then_say(make_app):
    """A region asking ``grade`` with the core's choices (Shanxi) got 优秀 to choose from and
    a step saying 考核“优”: both now read ``portal.domain.labels.GRADE_LABELS``."""
    client = signed_in(make_app("shanxi", demo=True), "teacher")
    offered = dict(_options(client.get("/rules/calculator").get_data(as_text=True), "grade"))
    assert offered["excellent"] == "优" and offered["good"] == "良"
    page = client.post("/rules/calculator", data={"level": "provincial", "mode": "centralized", "hours": "18",
                                                  "grade": "good", "role": "participant"}).get_data(as_text=True)
    assert f"考核“{offered['good']}”" in page


def test_a_topic_not_listed_is_refused_on_the_calculator_in_the_pages_language(make_app):
    """The calculator's topics, where the region lists them (``ActivityField("topics", choices=…)``),
    were WTForms' own boxes: a topic not listed read "'bogus' is not a valid choice for this field."
    on a Chinese page (its zh catalogue has it fuzzy), where the project form and the survey name
    it in the page's language."""
    module = outside_region()
    module.portal_activity_fields = example_region.hookimpl(lambda on: (
        "level", "mode", "hours", ActivityField("topics", _("示例区"), (Described("ethics", _("示例区"), "example.txt §1"),))))
    app, _region = with_region(make_app, module, demo=True)
    client = signed_in(app, "teacher")
    client.post("/locale/zh_Hans_CN")
    page = client.post("/rules/calculator", data={"level": "county", "mode": "centralized", "hours": "6",
                                                  "topics": ["ethics", "bogus"]}).get_data(as_text=True)
    assert "is not a valid choice" not in page
    assert "不是本地区的专题：bogus" in page, page[-1500:]
