"""What a region written elsewhere, from the documented contract alone, met (an invented city:
a school's two-step review of each selection, an enrollment field of its own with a length
limit, its own audit chain). Each is a small plugin defined here, as the 'example' region's
tests define theirs."""
from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select
from wtforms import Form, TextAreaField
from wtforms.validators import DataRequired, Length

from portal.defaults import AUDIT_WORKFLOW, ENROLLMENT_WORKFLOW
from portal.domain import State, Transition, UserRole, Workflow
from portal.domain.text import Messages
from portal.extensions import db
from portal.hookspecs import hookimpl
from portal.models import OrgUnit
from portal.plugins import InvalidRegion, Region
from portal.services import training
from tests import example_region
from tests.support import signed_in

_ = Messages("example", "tests.example_region")


class ReasonFields(Form):
    """As the docs say: "form labels and choices, error messages ... are all Text"."""
    reason = TextAreaField(_("示例区"), validators=[DataRequired(message=_("示例区")),
                                                  Length(max=5, message=_("不超过 {max} 字"))])


def test_a_validators_message_given_as_text_takes_its_figures():
    """WTForms fills a validator's figures in with ``message % dict(min=, max=, length=)``: a
    ``Text`` raised TypeError there, and the selection's API answered a reason too long with a 500."""
    form = ReasonFields(data={"reason": "太长太长太长太长"})
    assert not form.validate()
    assert form.reason.errors == ["不超过 5 字"]
    assert _("示例区") % {"max": 5} == "示例区"  # a message without the figures reads as it is


def test_a_selection_with_a_region_field_too_long_is_refused_not_a_500(make_app, monkeypatch):
    @hookimpl
    def portal_enrollment_form(project):
        return ReasonFields

    monkeypatch.setattr(example_region, "portal_enrollment_form", portal_enrollment_form, raising=False)
    app = make_app("example", demo=True, PORTAL_TEST_CASE="enrollment form with a length")
    with app.app_context():
        district = db.session.scalar(select(OrgUnit).where(OrgUnit.code == "ex-d"))
        project = training.add_project(None, district, name="自选培训", level="county", mode="centralized",
                                       start_date=date(2099, 3, 1), end_date=date(2099, 3, 1), year=2099,
                                       hours=Decimal(6), capacity=30, status="published").id
        db.session.commit()
    teacher = signed_in(app, "teacher")
    answer = teacher.post(f"/api/projects/{project}/selections", json={"fields": {"reason": "太长太长太长太长"}})
    assert answer.status_code == 422, answer.get_data(as_text=True)
    assert answer.get_json()["field"] == "fields.reason"
    assert "不超过 5 字" in answer.get_json()["message"]
    assert teacher.post(f"/api/projects/{project}/selections", json={"fields": {"reason": "想学"}}).status_code == 201


MISSPELT_AUDIT = dataclasses.replace(AUDIT_WORKFLOW, transitions=AUDIT_WORKFLOW.transitions + (
    Transition("submitted", "rejectd", UserRole.DISTRICT_ADMIN, "x"),))
NO_COMPLETED = Workflow("applied", (State("applied", "a"), State("done", "d", final=True)),
                        (Transition("applied", "done", UserRole.SCHOOL_ADMIN, "x"),))
NO_PATH = dataclasses.replace(ENROLLMENT_WORKFLOW, transitions=tuple(
    t for t in ENROLLMENT_WORKFLOW.transitions if t.target != "completed"))
NOTHING_COUNTS = dataclasses.replace(AUDIT_WORKFLOW, states=tuple(
    dataclasses.replace(s, counts=False) for s in AUDIT_WORKFLOW.states))


@pytest.mark.parametrize(("hook", "workflow", "said"), [
    ("portal_audit_workflow", MISSPELT_AUDIT, "the step submitted→rejectd has the target 'rejectd'"),
    ("portal_enrollment_workflow", NO_COMPLETED, "it has no state 'completed'"),
    ("portal_enrollment_workflow", NO_PATH, "no steps lead from its first state 'enrolled' to completed"),
    ("portal_audit_workflow", NOTHING_COUNTS, "no state counts"),
])
def test_a_workflow_the_portal_cannot_run_is_refused_on_load_naming_the_hook(monkeypatch, hook, workflow, said):
    """A misspelt state met the pages and ``portal rules test`` as a KeyError traceback; a
    workflow without ``completed`` loaded, and only the demo's loading said "no path"."""
    @hookimpl(specname=hook)
    def answer():
        return workflow

    monkeypatch.setattr(example_region, hook, answer, raising=False)
    from portal.conformance import contract_problems

    with pytest.raises(InvalidRegion) as refused:  # the audit's on load, the enrollment's (built daily) when asked
        Region.load("example", {"example": example_region}).enrollment_workflow()
    assert hook in str(refused.value) and said in str(refused.value), str(refused.value)
    if hook == "portal_enrollment_workflow":  # `portal rules test` says it as its one problem
        problems = contract_problems(Region.load("example", {"example": example_region}))
        assert len(problems) == 1 and said in problems[0], problems


def test_the_bundled_workflows_load():
    from tests.support import all_regions

    for code, module in all_regions().items():
        Region.load(code, {code: module})


def test_the_words_of_reports_calendar_and_forms_are_held_to_english(monkeypatch):
    """A report, a calendar's phase and the region's project and enrollment forms are read on
    pages in English too: their words left in Chinese passed ``portal rules test`` (0 problems)."""
    from portal.conformance import contract_problems
    from portal.domain.reporting import Column, Report
    from portal.domain.selection import Phase
    from wtforms import SelectField

    class Funding(Form):
        funding = SelectField(_("没有译文的字段"), choices=(("a", _("没有译文的选项")),),
                              validators=[DataRequired(message=_("没有译文的消息"))])

    @hookimpl
    def portal_reports():
        return [Report("own", _("没有译文的报表"), (Column("n", _("没有译文的列"), lambda s: s.teachers),),
                       source="example.txt §1")]

    @hookimpl
    def portal_selection_calendar(on):
        return (Phase("round", _("没有译文的阶段"), on, on, (UserRole.TEACHER,), "example.txt §9"),)

    @hookimpl
    def portal_project_form():
        return Funding

    @hookimpl
    def portal_enrollment_form(project):
        return ReasonFields

    for hook in (portal_reports, portal_selection_calendar, portal_project_form, portal_enrollment_form):
        monkeypatch.setattr(example_region, hook.__name__, hook, raising=False)
    problems = contract_problems(Region.load("example", {"example": example_region}))
    for where, words in (("portal_reports own title", "没有译文的报表"), ("portal_reports own column n", "没有译文的列"),
                         ("portal_selection_calendar round label", "没有译文的阶段"),
                         ("portal_project_form field funding label", "没有译文的字段"),
                         ("portal_project_form field funding choice a", "没有译文的选项"),
                         ("portal_project_form field funding DataRequired message", "没有译文的消息"),
                         ("portal_enrollment_form field reason Length message", "不超过 {max} 字")):
        assert f"{where}: not translated into English: '{words}'" in problems, (where, problems)
    assert any(p.startswith("portal_selection_calendar round: ") for p in problems), problems  # §9: no such clause


def _centralized_only(monkeypatch, declared: bool):
    """The example region's conversion, refusing every mode but centralized training; with
    ``declared``, its calculator's mode field says so (``portal_activity_fields``)."""
    from portal.domain import ActivityField, Described, InvalidInput, Mode

    convert = example_region.portal_convert_activity

    @hookimpl
    def portal_convert_activity(activity, on):
        if activity.mode is not Mode.CENTRALIZED:
            raise InvalidInput("mode", _("示例区"))
        return convert(activity, on)

    monkeypatch.setattr(example_region, "portal_convert_activity", portal_convert_activity)
    if declared:
        @hookimpl
        def portal_activity_fields(on):
            return (ActivityField("mode", choices=(Described(Mode.CENTRALIZED.value, _("示例集中培训"), "example.txt §1"),)),)

        monkeypatch.setattr(example_region, "portal_activity_fields", portal_activity_fields, raising=False)


def test_a_project_form_offering_a_mode_the_rules_refuse_is_reported(monkeypatch):
    from portal.conformance import contract_problems

    _centralized_only(monkeypatch, declared=False)
    problems = contract_problems(Region.load("example", {"example": example_region}))
    assert any(p.startswith("project form: offers mode 'online', which the conversion refuses") for p in problems), \
        problems


def test_the_modes_the_calculator_declares_are_the_project_forms(monkeypatch, make_app):
    """A region that says in ``portal_activity_fields`` which modes its conversion takes need not
    say it again in ``portal_project_choices``: the project form offers those, and the service
    refuses another (the form offered 学历教育, refused only on saving)."""
    from portal import clock
    from portal.conformance import contract_problems

    app = make_app("example", demo=True, PORTAL_TEST_CASE="modes declared by the calculator")
    _centralized_only(monkeypatch, declared=True)
    region = Region.load("example", {"example": example_region})
    assert [c.code for c in region.project_choices(clock.today())["mode"]] == ["centralized"]
    assert not [p for p in contract_problems(region) if p.startswith("project form:")]

    class Declared:  # registered after the demo (whose trainings are of other modes too) has loaded
        portal_activity_fields = staticmethod(example_region.portal_activity_fields)

    app.extensions["portal.region"].pm.register(Declared())
    page = signed_in(app, "district_admin").get("/projects/new").get_data(as_text=True)
    assert 'value="centralized"' in page and 'value="online"' not in page and 'value="degree"' not in page


def test_a_region_whose_info_names_another_code_than_its_entry_point_is_refused():
    """``RegionInfo.code`` is the entry point's name (hookspecs): a region installed as ``linhai``
    whose info said ``linhai-city`` loaded, while transfers it signed and ``portal rules test``'s
    demo named the other code."""
    with pytest.raises(InvalidRegion) as refused:
        Region.load("elsewhere", {"elsewhere": example_region})
    assert "portal_region_info gives the code 'example'" in str(refused.value)
    assert "entry point 'elsewhere'" in str(refused.value)


def test_a_demo_training_to_come_its_organiser_could_not_save_is_named(monkeypatch):
    """A region counting 1 credit per 10 hours wrote a demo training of 400 hours in 5 days: it
    loaded, and its organiser, opening it, could not save it (at most 12 hours a day). A demo
    project still to come is checked as the project form checks it; one of the past keeps what it
    was given."""
    from dataclasses import replace
    from datetime import timedelta

    from portal import clock
    from portal.conformance import demo_problems
    from portal.domain import DemoProject, Level, Mode

    original = example_region.portal_demo_data
    start = clock.today() + timedelta(days=30)
    crammed = DemoProject("四天四百学时", "ex-d", Level.COUNTY, Mode.CENTRALIZED, start, start + timedelta(days=3),
                          Decimal(400), "general")

    @hookimpl
    def portal_demo_data(today):
        demo = original(today)
        return replace(demo, projects=(*demo.projects, crammed))

    monkeypatch.setattr(example_region, "portal_demo_data", portal_demo_data)
    problems = demo_problems(Region.load("example", {"example": example_region}))
    assert len(problems) == 1 and problems[0].startswith("demo: does not load: project 四天四百学时: invalid: hours"), \
        problems
