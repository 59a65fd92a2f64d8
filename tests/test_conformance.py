"""The conformance kit over every installed region: its worked cases and the documented
contract (``portal.conformance``), the same checks ``portal rules test`` runs. What only the
regions bundled with the portal promise (enough worked cases) is checked for those alone,
so a region installed from elsewhere never fails here for a reason the contract does not give."""
from __future__ import annotations

import pytest

from portal.conformance import citation_problems, contract_problems, examine, load_scenarios, read_scenarios, run
from portal.plugins import Region, installed_regions
from tests.support import BUNDLED_REGIONS

REGIONS = installed_regions()
SCENARIOS = [
    pytest.param(code, scenario, id=f"{code}/{scenario.id}")
    for code, module in REGIONS.items()
    for scenario in load_scenarios(module)
]
BUNDLED_MINIMUM = 20


@pytest.mark.parametrize(("code", "scenario"), SCENARIOS)
def test_scenario(code, scenario):
    region = Region.load(code)
    assert list(citation_problems(region, scenario.source)) == []
    assert run(region, scenario) == []


@pytest.mark.parametrize("code", sorted(REGIONS))
def test_each_region_keeps_the_contract(code):
    problems = contract_problems(Region.load(code))
    assert problems == [], "\n".join(problems[:40])


@pytest.mark.parametrize("code", sorted(BUNDLED_REGIONS))
def test_each_bundled_region_ships_enough_worked_cases(code):
    scenarios = load_scenarios(REGIONS[code])
    assert len(scenarios) >= BUNDLED_MINIMUM
    assert {s.kind for s in scenarios} == {"convert", "check"}


def test_the_shared_duties_keep_their_meaning(monkeypatch):
    """One cycle total, whose answer is the cycle's; yearly minimums due at their year's end."""
    from dataclasses import replace
    from decimal import Decimal

    from portal.domain import Finding
    from portal.domain.findings import CYCLE_TOTAL, YEARLY_MINIMUM
    from portal.hookspecs import hookimpl
    from tests import example_region

    original = example_region.portal_check_compliance

    @hookimpl
    def portal_check_compliance(teacher, records, as_of):
        compliance = original(teacher, records, as_of)
        disagrees = replace(compliance.findings[0], code=CYCLE_TOTAL, ok=not compliance.cycle.ok)
        undated = Finding(YEARLY_MINIMUM, True, None, Decimal(0), "", "example.txt §1")
        return replace(compliance, findings=(disagrees, disagrees, undated))

    monkeypatch.setattr(example_region, "portal_check_compliance", portal_check_compliance)
    problems = contract_problems(Region.load("example", {"example": example_region}))
    assert any("finding cycle_total says ok=" in p for p in problems), problems
    assert any("2 findings cycle_total; the cycle has one total" in p for p in problems)
    assert any("yearly_minimum is a yearly minimum without its deadline" in p for p in problems)


def test_a_teachers_cycle_and_requirements_are_said_once(monkeypatch):
    """The hooks that give a teacher's cycle and what is asked of them answer what their
    compliance judges, so lists and pages (which read the hooks' answers) never disagree."""
    from dataclasses import replace
    from datetime import timedelta
    from decimal import Decimal

    from portal.domain import Period
    from portal.hookspecs import hookimpl
    from tests import example_region

    original = example_region.portal_check_compliance

    @hookimpl
    def portal_check_compliance(teacher, records, as_of):
        compliance = original(teacher, records, as_of)
        period = compliance.cycle.period
        moved = Period(period.start - timedelta(days=365), period.end - timedelta(days=365))
        return replace(compliance, cycle=replace(compliance.cycle, period=moved, required=Decimal(1)))

    monkeypatch.setattr(example_region, "portal_check_compliance", portal_check_compliance)
    problems = contract_problems(Region.load("example", {"example": example_region}))
    assert any("portal_cycle gives" in p for p in problems), problems
    assert any("portal_requirements asks" in p and "for the cycle" in p for p in problems), problems


def test_a_required_project_field_must_be_one_the_core_has(monkeypatch):
    """A name the project form and the API do not know (a misspelling, or the form's own
    ``class_size``) would be required nowhere: the contract checks say so."""
    from portal.hookspecs import hookimpl
    from tests import example_region

    @hookimpl
    def portal_project_required():
        return ["capacity", "capcity"]

    monkeypatch.setattr(example_region, "portal_project_required", portal_project_required, raising=False)
    problems = contract_problems(Region.load("example", {"example": example_region}))
    assert any("'capcity' is not a project field" in p for p in problems), problems
    assert not any("'capacity' is not" in p for p in problems)


def test_a_clause_quoting_words_its_document_does_not_hold_is_reported(monkeypatch):
    """A rule's quoted words pin its clause: words the text does not hold (a document replaced
    under an old rule) are reported, not taken for the numbered clause alone; words left out
    with …… may stand between the parts quoted."""
    from portal.domain import Duty
    from portal.hookspecs import hookimpl
    from tests import example_region

    @hookimpl
    def portal_duties():
        return [Duty("cycle_minimum", "周期", "example.txt §1（考核不合格的，不登记学时）"),
                Duty("yearly", "每年", "example.txt §1（教师每年……周期内不少于 50 学分）")]

    monkeypatch.setattr(example_region, "portal_duties", portal_duties)
    problems = contract_problems(Region.load("example", {"example": example_region}))
    assert any("quotes words example.txt does not hold: “考核不合格的，不登记学时”" in p for p in problems), problems
    assert not any("教师每年" in p for p in problems), problems


def test_a_case_citing_a_clause_its_document_lacks_fails(tmp_path):
    """An outside author's case citing §二(九), which the document does not have, passed both
    among the region's own cases and an examiner's (--cases). A case's source is checked as a
    rule's is; a quote typed with full-width punctuation finds a document written with
    half-width (shanxi's notice writes its commas ",")."""
    cases = tmp_path / "cases.yaml"
    cases.write_text("""
- name: 一个引用了不存在条款的案例
  source: shanxi-2017-credit-management.txt §二(九)
  convert: {level: city, mode: centralized, hours: 10, end: 2018-05-04}
  expect: {unit: credit}
- name: 引文用全角逗号也能找到
  source: shanxi-2017-credit-management.txt §五(三)（新教师未完成上岗培训规定学分者，不得转正定级）
  convert: {level: city, mode: centralized, hours: 10, end: 2018-05-04}
  expect: {unit: credit}
""", encoding="utf-8")
    report = examine(Region.load("shanxi"), read_scenarios([cases]))
    assert (report.cases, report.failed) == (2, 1), report.problems
    assert report.problems == ["cases.yaml: 一个引用了不存在条款的案例 (its source): "
                               "§二(九) is not a clause of shanxi-2017-credit-management.txt"]


def test_a_demo_the_portal_refuses_is_reported_not_loaded_half(monkeypatch):
    """An outside author's demo teacher still in probation carried a future 转正 date, which the
    portal refuses from an admin: `portal rules test` said 0 problems and `portal demo` ended
    in a traceback. The check loads the demo as `portal demo` does and names the row."""
    from dataclasses import replace
    from datetime import timedelta

    from portal import clock
    from portal.conformance import demo_problems
    from portal.hookspecs import hookimpl
    from tests import example_region

    original = example_region.portal_demo_data

    @hookimpl
    def portal_demo_data(today):
        demo = original(today)
        future = replace(demo.teachers[0], probation_end=clock.today() + timedelta(days=200))
        return replace(demo, teachers=(future, *demo.teachers[1:]))

    region = Region.load("example", {"example": example_region})
    assert demo_problems(region) == []
    monkeypatch.setattr(example_region, "portal_demo_data", portal_demo_data)
    region = Region.load("example", {"example": example_region})
    assert demo_problems(region) == ["demo: does not load: teacher teacher: probation_end: future"]


def test_a_demo_training_not_begun_on_the_day_it_is_loaded_is_named(monkeypatch):
    """The region template's demo trained on 1–3 March of the year it was loaded: from January
    to February `portal demo` failed saying only "MoveRefused: ('result', 'start')". The
    refusal names the enrollment, the training's dates and the day of loading."""
    from dataclasses import replace
    from datetime import timedelta

    from portal import clock
    from portal.conformance import demo_problems
    from portal.hookspecs import hookimpl
    from tests import example_region

    original = example_region.portal_demo_data
    later = clock.today() + timedelta(days=30)

    @hookimpl
    def portal_demo_data(today):
        demo = original(today)
        ahead = replace(demo.projects[0], start=later, end=later)
        return replace(demo, projects=(ahead, *demo.projects[1:]))

    monkeypatch.setattr(example_region, "portal_demo_data", portal_demo_data)
    region = Region.load("example", {"example": example_region})
    assert demo_problems(region) == [
        f"demo: does not load: enrollment of teacher in 示例集中培训 ({later} to {later}, loaded on {clock.today()}): "
        "result: start"]


def test_a_demos_region_fields_are_kept_and_a_name_the_region_does_not_ask_is_reported(monkeypatch):
    """A demo project and enrollment may carry the region's own fields (an outside author could
    give its demo no project asking its enrollment field); a name the region's form does not
    have is named, as an admin's would be refused."""
    from dataclasses import replace

    from portal.conformance import demo_problems
    from portal.hookspecs import hookimpl
    from tests import example_region

    original = example_region.portal_demo_data

    @hookimpl
    def portal_demo_data(today):
        demo = original(today)
        project = replace(demo.projects[0], region_fields={"unheard_of": "x"})
        return replace(demo, projects=(project, *demo.projects[1:]))

    monkeypatch.setattr(example_region, "portal_demo_data", portal_demo_data)
    region = Region.load("example", {"example": example_region})
    [problem] = demo_problems(region)
    assert "region_fields.unheard_of: not a field of the region's form" in problem


def test_a_region_without_worked_cases_is_still_held_to_the_contract(monkeypatch):
    """An outside author's first region, before any scenarios/*.yaml: `portal rules test` said
    "0 problems" while its conversion returned an undeclared category and its compliance an
    undeclared duty (pages then show the codes). One activity and one teacher with no records
    are judged in place of the missing cases."""
    from portal import conformance
    from portal.hookspecs import hookimpl
    from tests import example_region

    @hookimpl
    def portal_credit_categories():
        return []

    @hookimpl
    def portal_duties():
        return []

    monkeypatch.setattr(conformance, "load_scenarios", lambda module: [])
    monkeypatch.setattr(example_region, "portal_credit_categories", portal_credit_categories)
    monkeypatch.setattr(example_region, "portal_duties", portal_duties)
    problems = contract_problems(Region.load("example", {"example": example_region}))
    assert any(p.startswith("(no worked case)") and "category 'general' is not declared" in p for p in problems), problems
    assert any(p.startswith("(no worked case)") and "finding cycle_minimum: not declared" in p for p in problems)


def test_a_region_whose_conversion_takes_no_plain_activity_is_asked_for_a_worked_case(monkeypatch):
    """Without worked cases, a conversion that refuses every level and mode of 10 hours (it needs a
    program, a grade ...) left nothing checked, and rules test said "0 problems" again."""
    from portal import conformance
    from portal.domain import InvalidInput
    from portal.hookspecs import hookimpl
    from tests import example_region

    @hookimpl
    def portal_convert_activity(activity, on):
        raise InvalidInput("program", "需选择培训项目")

    monkeypatch.setattr(conformance, "load_scenarios", lambda module: [])
    monkeypatch.setattr(example_region, "portal_convert_activity", portal_convert_activity)
    problems = contract_problems(Region.load("example", {"example": example_region}))
    assert any(p.startswith("(no worked case): no activity of any level and mode converts") for p in problems), problems


def test_a_project_label_for_a_field_the_pages_do_not_name_is_reported(monkeypatch):
    """portal_project_labels: a misspelt field name was silently ignored, the core's word kept."""
    from portal.hookspecs import hookimpl
    from tests import example_region

    @hookimpl
    def portal_project_labels():
        return {"base_credit": "认定学分"}

    monkeypatch.setattr(example_region, "portal_project_labels", portal_project_labels, raising=False)
    problems = contract_problems(Region.load("example", {"example": example_region}))
    assert any(p.startswith("portal_project_labels: 'base_credit'") for p in problems), problems


def test_compliance_must_hold_the_year_of_the_day_judged(monkeypatch):
    """The teacher's home reads this year's earned hours from Compliance.years: a region that
    left its years out showed 0 earned this year beside a ledger with this year's entries."""
    from dataclasses import replace

    from portal.hookspecs import hookimpl
    from tests import example_region

    original = example_region.portal_check_compliance

    @hookimpl
    def portal_check_compliance(teacher, records, as_of):
        return replace(original(teacher, records, as_of), years=())

    monkeypatch.setattr(example_region, "portal_check_compliance", portal_check_compliance)
    problems = contract_problems(Region.load("example", {"example": example_region}))
    assert any("compliance.years has no" in p for p in problems), problems


def test_the_regions_name_is_translated(monkeypatch):
    """Every page heads with RegionInfo.name: its English is checked like every other text."""
    from portal.domain import RegionInfo, Unit
    from portal.domain.text import Messages
    from portal.hookspecs import hookimpl
    from tests import example_region

    @hookimpl
    def portal_region_info():
        return RegionInfo(code="example", name=Messages("example", example_region.__name__)("没有译文的区"),
                          unit=Unit.CREDIT, version="1.0")

    monkeypatch.setattr(example_region, "portal_region_info", portal_region_info)
    problems = contract_problems(Region.load("example", {"example": example_region}))
    assert "region name (RegionInfo.name): not translated into English: '没有译文的区'" in problems, problems


def test_a_regions_labels_are_capitalised_in_english(monkeypatch):
    """The template's own 县（市、区）级 read "county" beside the core's "City" on every page;
    tests/test_label_case.py checked the bundled regions only, so `portal rules test` checks
    an outside region's levels, modes, programs, categories and project choices alike."""
    from portal.domain import Level
    from portal.domain.text import Messages
    from portal.hookspecs import hookimpl
    from tests import example_region

    @hookimpl
    def portal_level_labels():
        return {Level.COUNTY: Messages("example", example_region.__name__)("county")}

    monkeypatch.setattr(example_region, "portal_level_labels", portal_level_labels, raising=False)
    problems = contract_problems(Region.load("example", {"example": example_region}))
    assert "level county: its English 'county' is a label: capitalise it" in problems, problems


def test_a_case_leaving_out_what_its_program_fills_is_read_as_the_rules_command_reads_it(monkeypatch):
    """writing-a-region §6 lets a case of a program credited by a fixed figure leave out its
    hours; the rules command fills them, but `portal rules test` crashed on it ("hours is
    required"), and a case missing a field it does need came out as a traceback, not a problem."""
    from portal import conformance
    from portal.conformance import Scenario

    cases = [Scenario("t.yaml", "全员培训考核合格，未写学时", "kaifeng-2018-online-training.txt §三", "convert",
                      {"level": "city", "mode": "online", "program": "all_staff_jpk", "grade": "pass", "end": "2019-04-30"}, {"amount": 60}),
             Scenario("t.yaml", "未写学时的集中培训", "kaifeng-2018-online-training.txt §三", "convert",
                      {"level": "city", "mode": "centralized", "end": "2019-04-30"}, {"amount": 1})]
    monkeypatch.setattr(conformance, "load_scenarios", lambda module: cases)
    problems = contract_problems(Region.load("kaifeng"))
    assert not any("全员培训考核合格，未写学时" in p for p in problems), problems
    assert any(p.startswith("t.yaml: 未写学时的集中培训: hours:") for p in problems), problems


def test_a_panel_counting_the_year_out_of_a_base_with_those_waiting_is_reported(monkeypatch):
    """qingdao's and shanxi's home panels counted the year's duty out of ``year_asked`` (the
    teachers being computed again included: "6 / 40") while the core's cards and report counted
    it out of those judged ("6 / 36"), and kaifeng's wrote an unspaced "12/42" into its value. The
    contract reports each; the panel built with ``Panel.judged`` and a count of all teachers
    (sign-ins) are not."""
    from portal.domain import Panel
    from portal.hookspecs import hookimpl
    from tests import example_region

    @hookimpl
    def portal_dashboard_panels(summary):
        short = summary.year_judged - summary.teachers_meeting_yearly
        return [Panel("未达标", f"{short} / {summary.year_asked}"),
                Panel("未达标（人）", short, of=summary.year_asked),
                Panel("达标（人）", summary.teachers_meeting_yearly, of=summary.teachers),
                Panel("周期达标", summary.teachers_meeting_cycle, of=summary.cycle_asked),
                Panel.judged("本年达标", summary.teachers_meeting_yearly, summary),
                Panel.judged("周期总量达标", summary.teachers_meeting_cycle, summary, cycle=True),
                Panel("已登录", summary.teachers_signed_in, of=summary.teachers)]

    monkeypatch.setattr(example_region, "portal_dashboard_panels", portal_dashboard_panels, raising=False)
    problems = [p for p in contract_problems(Region.load("example", {"example": example_region}))
                if p.startswith("portal_dashboard_panels")]
    assert [p.split("'")[1] for p in problems] == ["未达标", "未达标（人）", "达标（人）", "周期达标"], problems
    assert "give the count as value and the total as Panel.of" in problems[0]
    assert "out of the 40 judged (year_judged; Panel.judged)" in problems[1]
    assert "out of the 41 judged (cycle_judged; Panel.judged)" in problems[3]


def test_a_panel_failing_on_every_scope_is_not_blamed_on_the_standings_computed_again(monkeypatch):
    """An outside author's panels called their cycle helper with the template's one argument after
    giving it the teacher (a cycle from entering post): the contract said the panels failed "on a
    scope where some standings are being computed again", which they did on every scope. A panel
    failing only where some wait is still reported so."""
    from portal.domain import Panel
    from portal.hookspecs import hookimpl
    from tests import example_region

    @hookimpl
    def portal_dashboard_panels(summary):
        raise TypeError("cycle() missing 1 required positional argument: 'teacher'")

    monkeypatch.setattr(example_region, "portal_dashboard_panels", portal_dashboard_panels, raising=False)
    problems = [p for p in contract_problems(Region.load("example", {"example": example_region}))
                if p.startswith("portal_dashboard_panels")]
    assert len(problems) == 1 and problems[0].startswith("portal_dashboard_panels: fails: TypeError"), problems

    @hookimpl
    def portal_dashboard_panels(summary):  # noqa: F811 - the same hook, failing only where some wait
        return [Panel("人均", summary.year_total / (summary.teachers - summary.waiting - 43))]

    monkeypatch.setattr(example_region, "portal_dashboard_panels", portal_dashboard_panels, raising=False)
    problems = [p for p in contract_problems(Region.load("example", {"example": example_region}))
                if p.startswith("portal_dashboard_panels")]
    assert len(problems) == 1, problems
    assert problems[0].startswith("portal_dashboard_panels: fails on a scope where some standings are being "
                                  "computed again:"), problems


def test_a_steps_note_notice_and_a_payment_methods_words_are_held_to_english(monkeypatch):
    """What a teacher reads under a step's button (``Transition.note``), the notice a step asks them
    to agree to, and the payment method they pick with its instructions are read as a step's label
    is; an outside author's region left them in Chinese and ``portal rules test`` said 0 problems."""
    import dataclasses

    from portal.defaults import ENROLLMENT_WORKFLOW
    from portal.domain.payments import Payment, PaymentMethod
    from portal.domain.workflow import Notice
    from portal.hookspecs import hookimpl
    from tests import example_region

    _ = example_region._
    first = ENROLLMENT_WORKFLOW.transitions[0]
    stepped = dataclasses.replace(first, note=_("收费项目：同意后线下缴费"),
                                  notice=Notice(_("缴费须知"), (_("请线下缴费"),)))
    workflow = dataclasses.replace(ENROLLMENT_WORKFLOW, transitions=(stepped, *ENROLLMENT_WORKFLOW.transitions[1:]))

    class Offline(PaymentMethod):
        code = "offline"
        label = _("线下缴费")
        instructions = _("到培训机构线下缴纳")

        def confirm(self, payment: Payment) -> bool:
            return True

    @hookimpl
    def portal_enrollment_workflow():
        return workflow

    @hookimpl
    def portal_payment_methods():
        return [Offline()]

    monkeypatch.setattr(example_region, "portal_enrollment_workflow", portal_enrollment_workflow, raising=False)
    monkeypatch.setattr(example_region, "portal_payment_methods", portal_payment_methods, raising=False)
    problems = [p for p in contract_problems(Region.load("example", {"example": example_region}))
                if "not translated" in p]
    step = f"enrollment workflow {first.source}→{first.target}"
    for where in (f"{step} note", f"{step} notice title", f"{step} notice paragraph 1",
                  "payment method offline label", "payment method offline instructions"):
        assert any(p.startswith(f"{where}: not translated into English") for p in problems), (where, problems)


def test_a_case_the_rules_crash_on_is_one_problem_line_and_the_others_still_run(monkeypatch):
    """An examiner's case for a teacher not yet in post made an outside region's compliance fail
    (IndexError on its empty years): ``portal rules test --cases`` ended in a traceback, without the
    other cases' lines nor the summary line the guide promises. The case is now one problem line
    naming the error and where it was raised, and the run goes on."""
    from portal.conformance import Scenario
    from portal.hookspecs import hookimpl
    from tests import example_region

    judged = example_region.portal_check_compliance

    @hookimpl
    def portal_check_compliance(teacher, records, as_of):
        if teacher.entered_post is not None and teacher.entered_post > as_of:
            return ()[-1]  # the author's years[-1] on a teacher with no year yet
        return judged(teacher, records, as_of)

    monkeypatch.setattr(example_region, "portal_check_compliance", portal_check_compliance)
    region = Region.load("example", {"example": example_region})
    cases = [Scenario("x.yaml", "入职之前", "example.txt §1", "check",
                      {"as_of": "2026-08-31", "teacher": {"entered_post": "2026-09-01"}, "records": []}, {"years": {}}),
             Scenario("x.yaml", "一天 6 学时计 6 学分", "example.txt §1", "convert",
                      {"level": "county", "mode": "centralized", "hours": 6, "days": 1, "end": "2021-03-01"},
                      {"amount": 7})]
    report = examine(region, cases)
    assert report.cases == 2 and report.failed == 2, report.problems
    crashed = [p for p in report.problems if p.startswith("x.yaml: 入职之前: ")]
    assert crashed == [crashed[0]] and "the rules failed on it: IndexError(" in crashed[0], report.problems
    assert "in portal_check_compliance (test_conformance.py, line " in crashed[0], crashed
    assert any(p.startswith("x.yaml: 一天 6 学时计 6 学分: ") for p in report.problems), report.problems


def test_a_highest_level_citing_a_clause_its_document_lacks_is_reported(monkeypatch):
    """A kind's highest level given with its clause (``HighestLevel``) is cited by the refusal of a
    level above it: a clause the document lacks is reported as any rule's is; a bare level cites
    nothing and is not asked for one."""
    from portal.domain import HighestLevel, Level, OrgKind
    from portal.hookspecs import hookimpl
    from tests import example_region

    @hookimpl
    def portal_highest_levels():
        return {OrgKind.SCHOOL: HighestLevel(Level.SCHOOL, "example.txt §9"), OrgKind.CITY: Level.CITY,
                OrgKind.DISTRICT: HighestLevel(Level.COUNTY, "example.txt §1")}

    monkeypatch.setattr(example_region, "portal_highest_levels", portal_highest_levels, raising=False)
    problems = [p for p in contract_problems(Region.load("example", {"example": example_region}))
                if "portal_highest_levels" in p]
    assert len(problems) == 1 and "portal_highest_levels school" in problems[0], problems
