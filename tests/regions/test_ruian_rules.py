"""Ruian's rules, checked against the figures of ruian-2019h2-course-selection.txt."""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from flask import Flask
from flask_babel import Babel

import plugins.ruian as ruian
from plugins.ruian import compliance, conversion, demo, eligibility, parameters as P, periods, reporting
from plugins.ruian import workflow as ruian_workflow
from portal.web.forms import ActivityForm
from portal import clock
from portal import rulebook
from portal.conformance import run, scenario_params
from portal.domain import (
    Activity, ActivityRole, Grade, InvalidInput, Level, Mode, OrgKind, Parameter, Period, Record,
    ScopeSummary, SelectionCount, SettingError, TeacherFacts, Unit, UserRole,
)
from portal.domain.idcard import parse_id_number
from portal.domain.parameters import applied
from portal.domain.tenure import PartialPeriod
from portal.domain.text import using
from portal.plugins import Region
from tests.support import demo_year

DOC = "ruian-2019h2-course-selection.txt"
# the clauses the notice has: 一 to 五, 四(二), the annex and its rows, optionally pinned by its words
SOURCE = re.compile(r"^ruian-2019h2-course-selection\.txt §(一|二|三|四|五|四\(二\)|附件|附件 第[1-4]项)(（[^（）]+）)?$")
CYCLE_CLAUSE = f"{DOC} §二（周期内累计取得的培训学分不得少于360学分）"
NINETY_CLAUSE = f"{DOC} §二（周期内至少要参加一次基础学分为90以上的集中培训）"
ON = date(2019, 10, 1)
D = Decimal


def activity(mode=Mode.CENTRALIZED, base="90", hours="90", grade=None, **kw) -> Activity:
    return Activity(
        level=kw.pop("level", Level.COUNTY), mode=mode, hours=D(hours), grade=grade,
        base_credits=None if base is None else D(base), **kw,
    )


def rec(day: date, amount, category="centralized", **kw) -> Record:
    return Record(day, D(amount), Unit.CREDIT, category, **kw)


def region(**settings) -> Region:
    return Region.load("ruian", {"ruian": ruian}, settings or None)


# Conversion: §二 credits are the project's base credits --------------------------------


@pytest.mark.parametrize(
    "mode, base, hours, grade, amount, category",
    [
        # a 90-credit centralized training (§二 基础学分为90以上, 以上 includes 90)
        (Mode.CENTRALIZED, "90", "90", Grade.PASS, "90", "centralized_90"),
        (Mode.CENTRALIZED, "90", "90", Grade.EXCELLENT, "90", "centralized_90"),  # no grade bonus
        (Mode.CENTRALIZED, "90", "90", Grade.GOOD, "90", "centralized_90"),
        (Mode.CENTRALIZED, "90", "90", None, "90", "centralized_90"),  # setting: no grade = completed
        (Mode.CENTRALIZED, "90", "42", Grade.FAIL, "0", "centralized_90"),  # setting: fail earns nothing
        (Mode.CENTRALIZED, "120", "100", Grade.PASS, "120", "centralized_90"),
        (Mode.CENTRALIZED, "89.5", "90", Grade.PASS, "89.5", "centralized"),  # just under 90
        (Mode.CENTRALIZED, "24", "30", Grade.PASS, "24", "centralized"),  # hours do not convert
        (Mode.SCHOOL_BASED, "12", "12", Grade.PASS, "12", "school_based"),
        (Mode.SCHOOL_BASED, "90", "90", Grade.PASS, "90", "school_based"),  # not centralized
        (Mode.SCHOOL_BASED, "24", "0", Grade.FAIL, "0", "school_based"),
    ],
)
def test_convert(mode, base, hours, grade, amount, category):
    result = ruian.portal_convert_activity(activity=activity(mode, base, hours, grade), on=ON)
    assert result.amount == D(amount) and isinstance(result.amount, Decimal)
    assert result.unit is Unit.CREDIT
    assert result.category == category
    assert result.rule_version == ""  # the core stamps it (Region.convert), the rules do not choose it
    assert region().convert(activity(mode, base, hours, grade), ON).rule_version == "ruian-2019"
    assert result.steps and all(SOURCE.match(s.source) for s in result.steps)
    assert result.steps[0].value == D(base)
    assert result.steps[-1].value == P.CATEGORIES_BY_CODE[category].label  # words, not the code
    assert any(s.value == D(amount) for s in result.steps)


@pytest.mark.parametrize("level", list(Level))
def test_level_does_not_change_credits(level):
    assert conversion.convert(activity(level=level, base="30"), ON).amount == D(30)


def test_restricted_elective_program_step():
    result = conversion.convert(activity(program="restricted_elective_90"), ON)
    assert result.amount == D(90)
    step = next(s for s in result.steps if s.text == "项目类别")
    assert step.value == "限定选修90学分集中培训"  # the program's label, not its code
    with using("en"):
        assert step.value == "Restricted-elective 90-credit centralized training"


def test_step_values_are_numbers_or_words_never_codes():
    codes = {c.code for c in P.CATEGORIES} | set(P.PROGRAMS_BY_CODE)
    for mode, program in ((Mode.CENTRALIZED, "restricted_elective_90"), (Mode.CENTRALIZED, None),
                          (Mode.SCHOOL_BASED, None)):
        for step in conversion.convert(activity(mode, "90", program=program), ON).steps:
            assert isinstance(step.value, Decimal) or str(step.value) not in codes


@pytest.mark.parametrize(
    "grade, settings, amount, text, relied_on",
    [
        (Grade.FAIL, {}, "0", "考核不合格，未完成培训，得 0 学分", ("fail_credits",)),
        (Grade.FAIL, {"fail_credits": "10"}, "10", "考核不合格，未完成培训，得 10 学分", ("fail_credits",)),
        # never more than the base credits
        (Grade.FAIL, {"fail_credits": "120"}, "90", "考核不合格，未完成培训，得 90 学分（不超过项目基础学分）",
         ("fail_credits",)),
        (None, {}, "90", "未填考核等第，按完成培训认定，得项目基础学分 90 学分", ("missing_grade_is_pass",)),
        (None, {"missing_grade_is_pass": "false"}, "0", "未填考核等第，按未完成培训处理，得 0 学分",
         ("missing_grade_is_pass", "fail_credits")),
        (Grade.PASS, {"fail_credits": "10", "missing_grade_is_pass": "false"}, "90",
         "考核合格，完成培训，得项目基础学分 90 学分（通知不按等第加减）", ()),
    ],
)
def test_steps_name_the_settings_they_rely_on(grade, settings, amount, text, relied_on):
    result = region(**settings).convert(activity(grade=grade), ON)
    assert result.amount == D(amount)
    step = next(s for s in result.steps if s.value == D(amount) and "考核" in s.text)
    assert step.text == text and step.settings == relied_on
    assert all(SOURCE.match(s.source) for s in result.steps)  # no assumption prose in sources
    for s in result.steps:  # the settings are shown by the page, never written into the text
        assert "本地设置" not in s.text and "默认" not in s.text
        assert not any(name in s.text for name in SETTINGS)


@pytest.mark.parametrize(
    "kwargs, field",
    [
        (dict(base=None), "base_credits"),
        (dict(base="0"), "base_credits"),
        (dict(mode=Mode.ONLINE), "mode"),
        (dict(mode=Mode.SELF_STUDY), "mode"),
        (dict(mode=Mode.DEGREE), "mode"),
        (dict(role=ActivityRole.INSTRUCTOR), "role"),
        (dict(role=ActivityRole.MENTOR), "role"),
        (dict(role=ActivityRole.PRESENTER), "role"),
        (dict(program="new_teacher"), "program"),
        (dict(program="restricted_elective_90", base="89"), "base_credits"),
        (dict(program="restricted_elective_90", mode=Mode.SCHOOL_BASED), "mode"),
    ],
)
def test_invalid(kwargs, field):
    with pytest.raises(InvalidInput) as err:
        ruian.portal_convert_activity(activity=activity(**kwargs), on=ON)
    assert err.value.field == field
    chinese = err.value.message.render("zh_Hans_CN")
    codes = {m.value for m in (*Mode, *ActivityRole)} | {"base_credits", "restricted_elective_90", "new_teacher"}
    assert not any(re.search(rf"(?<![A-Za-z_]){code}(?![A-Za-z_])", chinese) for code in codes), chinese
    assert not re.search(r"[\u3400-\u9fff]", err.value.message.render("en"))


@pytest.mark.parametrize(
    "kwargs, words",
    [
        (dict(base=None), "须填写项目申报的基础学分"),
        (dict(mode=Mode.ONLINE), "不能是网络研修"),
        (dict(role=ActivityRole.MENTOR), "未规定指导教师的学分"),
        (dict(program="new_teacher"), "可选：限定选修90学分集中培训"),
        (dict(program="restricted_elective_90", base="89"), "限定选修90学分集中培训的项目基础学分须不少于 90 学分"),
        (dict(program="restricted_elective_90", mode=Mode.SCHOOL_BASED), "培训形式应为集中培训"),
    ],
)
def test_refusals_name_the_field_in_words(kwargs, words):
    with pytest.raises(InvalidInput) as err:
        conversion.convert(activity(**kwargs), ON)
    assert words in err.value.message


def test_from_json_activity():
    act = Activity.from_mapping({"level": "county", "mode": "centralized", "hours": 90,
                                 "base_credits": 90, "grade": "fail"})
    assert conversion.convert(act, ON).as_json()["amount"] == 0


# Set-up hooks: versions, parameters and settings, categories, programs, duties, purposes ---


@pytest.mark.parametrize("on", [date(2015, 1, 1), date(2019, 6, 16), date(2019, 6, 17), date(2030, 1, 1)])
def test_rule_version(on):
    version = region().rule_version(on)
    assert (version.code, version.effective_from) == ("ruian-2019", date(2019, 6, 17))
    assert SOURCE.match(version.source)


def test_categories_programs_duties_purposes():
    assert [c.code for c in ruian.portal_credit_categories()] == ["centralized_90", "centralized", "school_based"]
    assert [p.code for p in ruian.portal_programs()] == ["restricted_elective_90", "recognised_elsewhere"]
    assert [d.code for d in ruian.portal_duties()] == ["cycle_total", "centralized_90"]
    assert [p.code for p in ruian.portal_purposes()] == ["cycle_training_plan"]
    described = (ruian.portal_credit_categories() + ruian.portal_programs() + ruian.portal_duties()
                 + ruian.portal_purposes())
    assert all(SOURCE.match(d.source) and d.label for d in described)


def test_duties_cover_every_finding_code():
    comp = compliance.check_compliance(TeacherFacts(), [], date(2022, 1, 1))
    assert {f.code for f in comp.findings} == {d.code for d in ruian.portal_duties()}


SETTINGS = {
    "rules_from", "cycle_anchor_year", "cycle_from_entered_post", "partial_cycle", "centralized_90_requires_completion",
    "display_quantum", "fail_credits", "missing_grade_is_pass", "project_layers",
    "attendance_for_completion", "late_school_review",
}


def test_parameters_cite_the_notice_and_settings_say_why():
    parameters = ruian.portal_parameters()
    assert all(isinstance(p, Parameter) for p in parameters)
    assert len({p.name for p in parameters}) == len(parameters)
    for p in parameters:
        assert all(SOURCE.match(v.source) for v in p.values), p.name
        assert "ASSUMPTION" not in p.assumption
    assert {p.name for p in parameters if p.is_setting} == SETTINGS
    figures = {p.name: p.at(ON) for p in parameters if not p.is_setting}
    assert (figures["cycle_years"], figures["cycle_min_credits"], figures["centralized_90_min_base"]) == (
        5, D(360), D(90))
    assert (figures["school_yearly_average"], figures["centralized_90_yearly_rate"], figures["layer_match_rate"]) == (
        D(72), D(21), D(75))


@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_settings_explain_themselves_in_words(name):
    """A setting's reason says yes/no in words (never true/false), and that the bureau confirms it."""
    setting = next(p for p in ruian.portal_parameters() if p.name == name)
    for locale in ("zh_Hans_CN", "en"):
        reason = setting.assumption.render(locale)
        assert not re.search(r"(?<![A-Za-z_])(true|false)(?![A-Za-z_])", reason, re.I)
        assert not any(n in reason for n in SETTINGS)
    assert "须由本局确认" in setting.assumption
    assert "本地设置" not in setting.assumption and "默认" not in setting.assumption


def test_partial_cycle_is_worded_for_people():
    setting = P.PARTIAL_CYCLE
    assert setting.choices == tuple(PartialPeriod) and setting.default == PartialPeriod.PRORATA
    assert setting.display("prorata") == "按在岗月数折算" and setting.display("exempt") == "该期间不作要求"
    with using("en"):
        assert setting.display("full") == "the whole figure is asked"


def test_figures_cite_the_clause_that_holds_them():
    """72, 21 %, 75 %, 90, 360 and 5 years are each in the words their clause pins."""
    library = region().library
    for parameter, figure in ((P.CYCLE_YEARS, "5"), (P.CYCLE_MIN_CREDITS, "360"), (P.CENTRALIZED_90_MIN_BASE, "90"),
                              (P.CENTRALIZED_90_PER_CYCLE, "一次"), (P.SCHOOL_YEARLY_AVERAGE, "72"),
                              (P.CENTRALIZED_90_YEARLY_RATE, "21%"), (P.LAYER_MATCH_MIN_BASE, "90"),
                              (P.LAYER_MATCH_RATE, "75%")):
        (resolved,) = library.resolve(parameter.source_at(ON))
        assert resolved.location.exact and resolved.location.phrase, parameter.name
        assert figure in resolved.location.phrase, parameter.name


@pytest.mark.parametrize("clause, words", [
    ("附件 第1项", "教师基本信息数据更新及完善"),
    ("附件 第2项", "培训项目申报、审核、发布"),
    ("附件 第3项", "教师自主选课、学校审核和培训机构复核"),
    ("附件 第4项", "举办各项教师培训班"),
    ("附件", "2019年下半年教师专业发展培训工作进程表"),
    ("四(二)", "第一轮自主选课时间为2019年8月26日—9月5日"),
])
def test_calendar_citations_resolve_to_their_rows(clause, words):
    library = region().library
    (resolved,) = library.resolve(f"{DOC} §{clause}")
    assert resolved.location.exact
    assert words in library.text(resolved.document).text_of(resolved.location).replace("\n", "")


def test_the_calendar_dates_are_the_annex_rows():
    library = region().library
    for phase in P.PHASES_2019H2:
        (resolved,) = library.resolve(phase.source)
        body = library.text(resolved.document).text_of(resolved.location)
        for day in {phase.start, phase.end}:  # "2019年9月14日—17日" leaves out the month of the end
            assert re.search(rf"{day.month}月{day.day}日|—\s*{day.day}日", body), (phase.kind, day)


def test_document_is_cited_by_its_short_title_and_issuer():
    (document,) = ruian.portal_documents()
    assert document.file == DOC and document.issued is None  # the notice carries no date
    assert document.title == "瑞安市教育局关于做好2019年下半年中小学教师专业发展培训项目申报与教师选课工作的通知"
    assert document.issuer == "瑞安市教育局"
    with using("en"):
        assert document.issuer == "Ruian Education Bureau" and "2019" in str(document.title)

def test_describe_lists_settings_with_their_reasons():
    described = rulebook.describe(region(cycle_anchor_year="2011"))
    settings = {s["name"]: s for s in described["settings"]}
    assert set(settings) == SETTINGS and all(s["assumption"] for s in settings.values())
    assert (settings["cycle_anchor_year"]["default"], settings["cycle_anchor_year"]["value"]) == (2016, 2011)


@pytest.mark.parametrize(
    "settings",
    [{"cycle_min_credits": "300"}, {"unknown": "1"}, {"cycle_anchor_year": "2016.5"}, {"rules_from": "2019-02-30"}],
)
def test_only_settings_can_be_overridden(settings):
    with pytest.raises(SettingError):
        region(**settings)


# Cycles and requirements (§二) ---------------------------------------------------------------


@pytest.mark.parametrize(
    "on, start, end",
    [
        (date(2016, 1, 1), date(2016, 1, 1), date(2020, 12, 31)),
        (date(2020, 12, 31), date(2016, 1, 1), date(2020, 12, 31)),
        (date(2021, 1, 1), date(2021, 1, 1), date(2025, 12, 31)),
        (date(2019, 9, 14), date(2016, 1, 1), date(2020, 12, 31)),
        (date(2026, 11, 23), date(2026, 1, 1), date(2030, 12, 31)),
        (date(2015, 6, 1), date(2011, 1, 1), date(2015, 12, 31)),
    ],
)
def test_region_cycle(on, start, end):
    assert ruian.portal_cycle(on=on, teacher=None) == Period(start, end)


def test_region_cycle_follows_the_anchor_setting():
    assert region(cycle_anchor_year="2019").cycle(date(2023, 12, 31)) == Period(date(2019, 1, 1), date(2023, 12, 31))


@pytest.mark.parametrize(
    "entered, on, start, end",
    [
        (None, date(2022, 3, 1), date(2021, 1, 1), date(2025, 12, 31)),
        (date(2005, 8, 28), date(2022, 3, 1), date(2021, 1, 1), date(2025, 12, 31)),
        (date(2016, 8, 28), date(2022, 3, 1), date(2021, 1, 1), date(2025, 12, 31)),
        # setting cycle_from_entered_post (the notice gives no start): a teacher entering in 2019 counts from 2019
        (date(2019, 8, 28), date(2019, 9, 1), date(2019, 1, 1), date(2023, 12, 31)),
        (date(2019, 8, 28), date(2023, 12, 31), date(2019, 1, 1), date(2023, 12, 31)),
        (date(2019, 8, 28), date(2024, 1, 1), date(2024, 1, 1), date(2028, 12, 31)),
        (date(2019, 8, 28), date(2018, 5, 1), date(2019, 1, 1), date(2023, 12, 31)),
    ],
)
def test_teacher_cycle(entered, on, start, end):
    assert periods.teacher_cycle(on, entered) == Period(start, end)


def test_the_late_entrant_setting_says_what_it_does_and_that_the_notice_gives_no_start():
    """§二 gives a cycle's 5 years and 360 credits, not when a late entrant's cycle starts: the
    setting's name says its cycle counts from 1 January of the entry year (in English it read as
    the day they entered post), and its reason says the notice gives no start or end."""
    setting = P.CYCLE_FROM_ENTERED_POST
    assert setting.is_setting and setting.default is True
    assert "1月1日" in setting.label
    assert "1 January" in setting.label.render("en") and "the day they entered" not in setting.label.render("en")
    assert "没有说周期中途入职的教师的周期从何时起、到何时止" in setting.assumption
    assert "does not say when the cycle of a teacher who enters post during one starts or ends" in \
        setting.assumption.render("en")
    # What a teacher's page shows of it: the region's setting by its name, no clause.
    req = ruian.portal_requirements(on=date(2026, 12, 1), teacher=TeacherFacts(entered_post=date(2026, 9, 1)))
    assert req.cycle == D(312) and req.cycle_source == CYCLE_CLAUSE
    assert req.settings == ("cycle_from_entered_post", "partial_cycle")


def test_teacher_cycle_setting_off_gives_everyone_the_shared_cycle():
    teacher = TeacherFacts(entered_post=date(2019, 8, 28))
    comp = region(cycle_from_entered_post="false").check(teacher, [], date(2023, 12, 31))
    assert comp.cycle.period == Period(date(2021, 1, 1), date(2025, 12, 31))


def test_requirements():
    req = ruian.portal_requirements(on=ON, teacher=None)
    assert (req.cycle, req.yearly, req.unit) == (D(360), None, Unit.CREDIT)
    assert req.cycle_source == CYCLE_CLAUSE and req.settings == ()


# A teacher's duties (§二) ----------------------------------------------------------------

VETERAN = TeacherFacts(entered_post=date(2010, 8, 30))


@pytest.mark.parametrize(
    "amounts, cycle_ok, text",
    [
        (["90", "270"], True, "已取得 360 学分，达到 360 学分"),  # exactly 360
        (["90", "271"], True, "已取得 361 学分，达到 360 学分"),
        (["90", "269"], False, "已取得 359 学分，要求 360 学分"),
        (["90", "269.5"], False, "已取得 359.5 学分，要求 360 学分"),
        ([], False, "已取得 0 学分，要求 360 学分"),
    ],
)
def test_cycle_total(amounts, cycle_ok, text):
    records = [rec(date(2022 + i, 5, 1), a, "centralized_90" if a == "90" else "centralized") for i, a in enumerate(amounts)]
    comp = ruian.portal_check_compliance(teacher=VETERAN, records=records, as_of=date(2025, 12, 31),
                                      today=date(2025, 12, 31))
    assert comp.cycle.period == Period(date(2021, 1, 1), date(2025, 12, 31))
    assert comp.cycle.ok is cycle_ok
    finding = next(f for f in comp.findings if f.code == "cycle_total")
    assert finding.ok is cycle_ok and finding.required == D(360)
    assert finding.deadline == date(2025, 12, 31)
    assert finding.message == f"周期（2021-01-01 至 2025-12-31）{text}" and finding.source == CYCLE_CLAUSE
    assert "还需" not in finding.message and "截止" not in finding.message  # the page says both, once
    if not cycle_ok:
        assert finding.shortfall == D(360) - sum((D(a) for a in amounts), D(0))


def test_the_ninety_training_is_a_condition_of_the_cycle():
    """§二 puts both in the cycle: with 360 credits but no 90+ centralized training the cycle is
    not met, and the cycle's finding says so (its ok is the cycle's)."""
    comp = compliance.check_compliance(VETERAN, [rec(date(2023, 5, 1), "360", "school_based")], date(2025, 12, 31),
                                       date(2026, 1, 1))
    assert [c.code for c in comp.cycle.conditions] == ["centralized_90"]
    assert comp.cycle.counted == D(360) and comp.cycle.ok is False
    finding = comp.findings[0]
    assert (finding.code, finding.ok, finding.shortfall) == ("cycle_total", False, None)
    # the cycle's last day read after it (the previous cycle's page): it ended so
    assert "没有满足“至少参加一次基础学分 90 以上的集中培训”" in finding.message
    on_the_day = compliance.check_compliance(VETERAN, [rec(date(2023, 5, 1), "360", "school_based")], date(2025, 12, 31))
    assert "尚未满足“至少参加一次基础学分 90 以上的集中培训”，周期尚未完成" in on_the_day.findings[0].message
    before = compliance.check_compliance(VETERAN, [rec(date(2023, 5, 1), "360", "school_based")], date(2025, 6, 30))
    assert "尚未满足“至少参加一次基础学分 90 以上的集中培训”，周期尚未完成" in before.findings[0].message


def test_records_outside_cycle_or_after_as_of_do_not_count():
    records = [
        rec(date(2020, 12, 31), "100"),  # previous cycle
        rec(date(2021, 1, 1), "90", "centralized_90"),
        rec(date(2023, 6, 1), "50"),
        rec(date(2023, 6, 2), "70"),  # after as_of
    ]
    comp = compliance.check_compliance(VETERAN, records, date(2023, 6, 1))
    assert (comp.cycle.earned, comp.cycle.counted) == (D(140), D(140))
    assert [(y.year, y.earned, y.required) for y in comp.years] == [
        (2021, D(90), None), (2022, D(0), None), (2023, D(50), None),
    ]


C = Mode.CENTRALIZED


@pytest.mark.parametrize(
    "records, settings, count",
    [
        # exactly 90 base credits, completed (以上 includes 90)
        ([rec(date(2022, 5, 1), "90", "centralized_90", mode=C, base_credits=D(90), hours=D(90))], {}, 1),
        ([rec(date(2022, 5, 1), "120", "centralized_90", mode=C, base_credits=D(120)),
          rec(date(2024, 5, 1), "90", "centralized_90", mode=C, base_credits=D(90))], {}, 2),
        # failed: not completed, unless the bureau counts attendance alone
        ([rec(date(2022, 5, 1), "0", "centralized_90", mode=C, base_credits=D(90), hours=D(42))], {}, 0),
        ([rec(date(2022, 5, 1), "0", "centralized_90", mode=C, base_credits=D(90), hours=D(42))],
         {"centralized_90_requires_completion": "false"}, 1),
        # a partial credit set by the bureau is still not the full base credits
        ([rec(date(2022, 5, 1), "10", "centralized_90", mode=C, base_credits=D(90))], {"fail_credits": "10"}, 0),
        ([rec(date(2022, 5, 1), "89", "centralized", mode=C, base_credits=D(89))], {}, 0),
        ([rec(date(2022, 5, 1), "90", "school_based", mode=Mode.SCHOOL_BASED, base_credits=D(90))], {}, 0),
        ([rec(date(2022, 5, 1), "45", mode=C, base_credits=D(45)),
          rec(date(2022, 9, 1), "45", mode=C, base_credits=D(45))], {}, 0),  # two halves are not one
        ([rec(date(2020, 11, 1), "90", "centralized_90", mode=C, base_credits=D(90))], {}, 0),  # previous cycle
        # not attended as a trainee
        ([rec(date(2022, 5, 1), "90", "centralized_90", mode=C, base_credits=D(90), role=ActivityRole.INSTRUCTOR)],
         {}, 0),
        ([rec(date(2022, 5, 1), "90", "centralized_90", mode=C, base_credits=D(90), role=ActivityRole.PARTICIPANT)],
         {}, 1),
        # records converted elsewhere: no base credits, judged by category (and amount for completion)
        ([rec(date(2022, 5, 1), "90", "centralized_90")], {}, 1),
        ([rec(date(2022, 5, 1), "0", "centralized_90")], {}, 0),
        ([rec(date(2022, 5, 1), "120", "centralized")], {}, 0),
    ],
)
def test_centralized_90_once_per_cycle(records, settings, count):
    comp = region(**settings).check(VETERAN, records, date(2025, 6, 30))
    finding = next(f for f in comp.findings if f.code == "centralized_90")
    assert (finding.ok, finding.actual, finding.required) == (count >= 1, D(count), D(1))
    assert finding.unit is Unit.TIME  # trainings (次), not credits
    assert finding.source == NINETY_CLAUSE and finding.deadline == date(2025, 12, 31)
    assert ("周期内尚未" in finding.message) is (count == 0)
    assert "还需" not in finding.message and "截止" not in finding.message


@pytest.mark.parametrize(
    "grade, settings, count",
    [
        ("pass", {}, 1),
        ("excellent", {"fail_credits": "10"}, 1),
        ("fail", {}, 0),
        ("fail", {"fail_credits": "120"}, 0),  # credited the whole base credits, and still not completed
    ],
)
def test_the_ninety_training_is_judged_by_the_grade_the_ledger_keeps(grade, settings, count):
    kept = region(**settings)
    facts = {"level": "county", "mode": "centralized", "hours": 90, "base_credits": 90, "grade": grade}
    result = kept.convert(Activity.from_mapping(facts), date(2022, 5, 1))
    record = Record.from_facts(date(2022, 5, 1), result.amount, result.unit, result.category, facts)
    finding = next(f for f in kept.check(VETERAN, [record], date(2025, 6, 30)).findings if f.code == "centralized_90")
    assert (finding.ok, finding.actual) == (count >= 1, D(count))


def test_centralized_90_names_the_failed_attempt():
    records = [rec(date(2022, 5, 20), "0", "centralized_90", mode=C, base_credits=D(90))]
    finding = compliance.check_compliance(VETERAN, records, date(2025, 6, 30)).findings[1]
    assert finding.message == "周期内尚未完成基础学分 90 及以上的集中培训；2022-05-20 的培训考核未合格，不算完成"
    assert finding.settings == ("cycle_anchor_year", "centralized_90_requires_completion")
    with using("en"):
        assert str(finding.message) == (
            "No centralized training of 90 or more base credits completed yet in the cycle. "
            "The training of 2022-05-20 was not passed and does not count as completed")


def test_new_teacher_cycle_follows_platform_entry():
    teacher = TeacherFacts(entered_post=date(2019, 8, 28))
    records = [rec(date(2019, 10, 1), "90", "centralized_90"), rec(date(2024, 3, 1), "24")]
    comp = compliance.check_compliance(teacher, records, date(2023, 12, 31))
    assert comp.cycle.period == Period(date(2019, 1, 1), date(2023, 12, 31))
    assert comp.cycle.earned == D(90)
    assert [y.year for y in comp.years] == [2019, 2020, 2021, 2022, 2023]
    assert all(f.ok for f in comp.findings if f.code == "centralized_90")


# Tenure: entry, transfer and leave within the teacher's own cycle -----------------------------

TODAY = date(2026, 12, 1)
NEW_HIRE = TeacherFacts(entered_post=date(2026, 9, 1))


def test_a_new_hire_this_autumn_reads_a_sensible_standing():
    """Hired 2026-09-01, looked at 2026-12-01: their own cycle 2026–2030, the 8 months before
    entry not held against them (312 of 360), one 90+ training asked by 2030, only 2026 listed."""
    comp = compliance.check_compliance(NEW_HIRE, [], TODAY)
    assert comp.cycle.period == Period(date(2026, 1, 1), date(2030, 12, 31))
    assert (comp.cycle.required, comp.cycle.earned, comp.cycle.ok) == (D(312), D(0), False)
    assert comp.cycle.note == "在岗 52 / 60 个月（2026-09-01 入职）：要求 312 学分，而非 360 学分"
    assert [(y.year, y.required) for y in comp.years] == [(2026, None)]
    cycle_f, ninety = comp.findings
    assert (cycle_f.required, cycle_f.shortfall, cycle_f.deadline) == (D(312), D(312), date(2030, 12, 31))
    assert (ninety.required, ninety.shortfall, ninety.unit) == (D(1), D(1), Unit.TIME)
    assert all(f.deadline > TODAY for f in comp.findings)  # nothing reads as already past
    (e,) = eligibility.eligibility(NEW_HIRE, [], TODAY)
    assert e.missing == "还需 312 学分，并完成 1 次基础学分 90 及以上的集中培训，截止 2030-12-31"
    with using("en"):
        assert str(e.missing) == ("Still needed: 312 credits, and to complete a centralized training of 90 or more "
                                  "base credits (1 time), by 2030-12-31")


@pytest.mark.parametrize(
    "entered, on, required",
    [
        (date(2024, 9, 1), date(2026, 12, 1), D(312)),  # own cycle 2024–2028: 52 of 60 months
        (date(2024, 1, 1), date(2026, 12, 1), D(360)),  # entered on its first day: the whole cycle
        (date(2024, 12, 31), date(2026, 12, 1), D(294)),  # in post by the last day of December: 49 months
        (date(2016, 9, 1), date(2019, 12, 31), D(312)),  # entered in the anchor year: the shared cycle, 52 months
        (date(2015, 9, 1), date(2019, 12, 31), D(360)),  # in post before the shared cycle began
    ],
)
def test_the_months_before_entry_are_excused_once_over_the_teachers_own_cycle(entered, on, required):
    """Not twice: the personal cycle already starts in the entry year, so the share is taken of
    that cycle, never of the shared one (which would ask 2024-09's hire for 96 of 2021–2025)."""
    comp = compliance.check_compliance(TeacherFacts(entered_post=entered), [], on)
    assert comp.cycle.required == required


def test_the_same_hire_on_the_shared_cycle_is_excused_over_that_cycle():
    comp = region(cycle_from_entered_post="false").check(TeacherFacts(entered_post=date(2024, 9, 1)), [],
                                                          date(2025, 6, 30))
    assert comp.cycle.period == Period(date(2021, 1, 1), date(2025, 12, 31))
    assert comp.cycle.required == D(96)
    ninety = comp.findings[1]
    assert (ninety.ok, ninety.required) == (True, None)  # 16 of 60 months: under half, not asked


TRANSFERRED = TeacherFacts(entered_post=date(2012, 8, 30), transferred_in=date(2024, 3, 1))
BEFORE_AND_AFTER = [rec(date(2022, 5, 1), "200", "school_based"), NINETY_2022 := rec(
    date(2022, 10, 2), "90", "centralized_90", mode=C, base_credits=D(90)), rec(date(2024, 6, 1), "48", "school_based")]


def test_a_transferred_teacher_is_asked_for_the_months_here_and_counted_from_the_transfer():
    comp = compliance.check_compliance(TRANSFERRED, BEFORE_AND_AFTER, date(2025, 6, 30))
    assert (comp.cycle.required, comp.cycle.earned, comp.cycle.counted) == (D(132), D(338), D(48))
    assert "2024-03-01 之前取得的 290 学分不计入" in comp.cycle.note
    assert [y.year for y in comp.years] == [2024, 2025]
    assert comp.findings[1].required is None and comp.findings[1].ok
    assert comp.findings[0].settings == ("cycle_anchor_year", "partial_cycle")


def test_a_transferred_teacher_with_the_full_figure_keeps_the_credits_from_before():
    comp = region(partial_cycle="full").check(TRANSFERRED, BEFORE_AND_AFTER, date(2025, 6, 30))
    assert (comp.cycle.required, comp.cycle.counted, comp.cycle.note) == (D(360), D(338), "")
    assert comp.findings[1].actual == D(1)


@pytest.mark.parametrize(
    "leave, required, held",
    [
        ((Period(date(2023, 1, 1), date(2023, 12, 31)),), D(288), "在岗 48 / 60 个月（经批准离岗 12 个月）"),
        ((Period(date(2023, 1, 15), date(2023, 12, 31)),), D(294), "在岗 49 / 60 个月（经批准离岗 11 个月）"),
        ((Period(date(2023, 3, 1), date(2023, 3, 30)),), D(360), ""),  # not a whole month
        ((Period(date(2021, 1, 1), date(2025, 12, 31)),), D(0), "不作要求"),  # the whole cycle
    ],
)
def test_approved_leave_lowers_what_is_asked_but_never_what_counts(leave, required, held):
    teacher = TeacherFacts(entered_post=date(2012, 8, 30), leave=leave)
    records = [NINETY_2022, rec(date(2023, 5, 10), "12", "school_based")]
    comp = compliance.check_compliance(teacher, records, date(2025, 12, 31))
    assert comp.cycle.required == required and comp.cycle.counted == D(102)
    assert held in comp.cycle.note


def test_exempt_asks_nothing_of_a_cycle_in_post_only_in_part():
    comp = region(partial_cycle="exempt").check(NEW_HIRE, [], TODAY)
    assert comp.cycle.ok and comp.cycle.required == D(0)
    assert [f.required for f in comp.findings] == [None, None]
    (e,) = region(partial_cycle="exempt").eligibility(NEW_HIRE, [], TODAY)
    assert e.ok and "不要求本人取得学分" in e.reason



# The teacher's cycle and requirements through the hooks: the ones their compliance is judged by --

LATE_ENTRANT = TeacherFacts(entered_post=date(2023, 9, 1))  # their own cycle 2023–2027; the shared one 2021–2025


def test_a_teacher_whose_cycle_is_not_the_shared_one_gets_it_from_the_hook_and_is_judged_over_it():
    as_of = date(2025, 6, 30)
    own = ruian.portal_cycle(on=as_of, teacher=LATE_ENTRANT)
    assert own == Period(date(2023, 1, 1), date(2027, 12, 31))
    assert ruian.portal_cycle(on=as_of, teacher=None) == Period(date(2021, 1, 1), date(2025, 12, 31))
    assert region().cycle(as_of, LATE_ENTRANT) == own  # as the core asks it
    comp = ruian.portal_check_compliance(teacher=LATE_ENTRANT, records=[], as_of=as_of, today=as_of)
    assert comp.cycle.period == own and all(f.deadline == own.end for f in comp.findings)
    req = ruian.portal_requirements(on=as_of, teacher=LATE_ENTRANT)
    assert req.cycle == comp.cycle.required == D(312)  # 52 of their own 60 months


@pytest.mark.parametrize("settings", [{}, {"cycle_from_entered_post": "false"}, {"cycle_anchor_year": "2019"},
                                      {"partial_cycle": "exempt"}])
@pytest.mark.parametrize("as_of", [date(2019, 9, 1), date(2023, 12, 31), date(2024, 1, 1), TODAY])
@pytest.mark.parametrize("teacher", [
    TeacherFacts(), VETERAN, LATE_ENTRANT, NEW_HIRE, TRANSFERRED,
    TeacherFacts(entered_post=date(2019, 8, 28), leave=(Period(date(2023, 1, 1), date(2023, 6, 30)),)),
])
def test_the_hooks_answer_the_cycle_and_figure_compliance_judges_by(teacher, as_of, settings):
    r = region(**settings)
    comp = r.check(teacher, [], as_of)
    assert comp.cycle.period == r.cycle(as_of, teacher)
    req = r.requirements(as_of, teacher)
    assert req.cycle == comp.cycle.required and req.yearly is None
    assert req.settings == comp.findings[0].settings


def test_a_new_hires_requirements_are_what_their_partial_cycle_asks():
    """Hired 2026-09-01: their own cycle 2026–2030 asks 312 of them (52 of 60 months), as their page says."""
    req = ruian.portal_requirements(on=TODAY, teacher=NEW_HIRE)
    assert (req.cycle, req.yearly, req.unit, req.cycle_source) == (D(312), None, Unit.CREDIT, CYCLE_CLAUSE)
    assert req.cycle == compliance.check_compliance(NEW_HIRE, [], TODAY).cycle.required
    assert req.settings == ("cycle_from_entered_post", "partial_cycle")
    assert region(partial_cycle="exempt").requirements(TODAY, NEW_HIRE).cycle == D(0)
    assert region(partial_cycle="full").requirements(TODAY, NEW_HIRE).cycle == D(360)


def test_without_a_teacher_the_hooks_answer_for_the_region_as_a_whole():
    on = date(2025, 6, 30)
    assert ruian.portal_cycle(on=on, teacher=None) == Period(date(2021, 1, 1), date(2025, 12, 31))
    req = ruian.portal_requirements(on=on, teacher=None)
    assert (req.cycle, req.yearly, req.unit, req.cycle_source, req.settings) == (
        D(360), None, Unit.CREDIT, CYCLE_CLAUSE, ())
    assert region().cycle(on) == ruian.portal_cycle(on=on, teacher=None)  # the core's default: no teacher
    assert region().requirements(on) == req
    assert region(cycle_anchor_year="2019").cycle(on, None) == Period(date(2024, 1, 1), date(2028, 12, 31))

# Eligibility: the cycle's training plan (§二) ----------------------------------------------

NINETY = rec(date(2022, 10, 2), "90", "centralized_90", mode=C, base_credits=D(90))


@pytest.mark.parametrize(
    "records, as_of, ok, missing",
    [
        ([NINETY, rec(date(2023, 5, 1), "270", "school_based")], date(2025, 12, 31), True, ""),
        ([NINETY, rec(date(2023, 5, 1), "269", "school_based")], date(2025, 12, 31), False,
         "还需 1 学分，截止 2025-12-31"),
        ([rec(date(2023, 5, 1), "360", "school_based")], date(2025, 12, 31), False,
         "还需完成 1 次基础学分 90 及以上的集中培训，截止 2025-12-31"),
        ([rec(date(2023, 5, 1), "37", "school_based")], date(2024, 1, 1), False,
         "还需 323 学分，并完成 1 次基础学分 90 及以上的集中培训，截止 2025-12-31"),
        ([], date(2021, 1, 1), False, "还需 360 学分，并完成 1 次基础学分 90 及以上的集中培训，截止 2025-12-31"),
    ],
)
def test_training_plan_eligibility(records, as_of, ok, missing):
    (e,) = ruian.portal_eligibility(teacher=VETERAN, records=records, as_of=as_of)
    assert (e.purpose, e.ok, e.missing, e.source) == ("cycle_training_plan", ok, missing, f"{DOC} §二")
    assert ("已足额完成" if ok else "尚未足额完成") in e.reason


def test_training_plan_says_attend_when_attendance_is_enough():
    (e,) = region(centralized_90_requires_completion="false").eligibility(VETERAN, [], date(2022, 1, 1))
    assert e.missing == "还需 360 学分，并参加 1 次基础学分 90 及以上的集中培训，截止 2025-12-31"


# School-level figures (§二): pure functions over a school's counts ------------------------


@pytest.mark.parametrize(
    "teachers, total_credits, ok, actual, text",
    [
        (100, "7200", True, "72.00", "人均 72 学分"),  # exactly 72
        (100, "7199", False, "71.99", "人均 71.99 学分（100 人合计 7199 学分），要求不少于 72 学分，人均差 0.01 学分（合计差 1 学分）"),
        (3, "215", False, "71.67", "人均差 0.33 学分（合计差 1 学分）"),  # 71.666…, gap 0.333…: half up as every shown figure
        (3, "215.99", False, "71.99", "合计差 0.01 学分"),  # 71.9966…: never shown as 72
        (3, "216", True, "72.00", "人均 72 学分"),
        (41, "3000", True, "73.17", "41 人合计 3000 学分"),
        (0, "0", True, None, "无在册教师"),
    ],
)
def test_school_average(teachers, total_credits, ok, actual, text):
    f = reporting.school_average_finding(2019, teachers, D(total_credits))
    assert (f.code, f.ok, f.required, f.deadline) == ("school_yearly_average", ok, D(72), date(2019, 12, 31))
    assert f.actual == (None if actual is None else D(actual))
    assert text in f.message and f.source == P.SCHOOL_AVERAGE_CLAUSE
    assert "截止" not in f.message


@pytest.mark.parametrize(
    "teachers, completed, ok, actual, text",
    [
        (100, 21, True, "21.00", "完成率 21%"),  # exactly 21 %
        (100, 20, False, "20.00", "完成率 20%，要求不低于 21%，按此比例差 1 人"),
        (101, 21, False, "20.79", "差 1 人"),  # 21.21 people: 22 needed
        (101, 22, True, "21.78", "要求不低于 21%"),
        (50, 0, False, "0.00", "差 11 人"),  # 10.5 people: 11 needed
        (20001, 4200, False, "20.99", "完成率 20.99%"),  # 20.99895 %: never shown as 21
        (0, 0, True, None, "无在册教师"),
    ],
)
def test_centralized_90_rate(teachers, completed, ok, actual, text):
    f = reporting.centralized_90_rate_finding(2019, teachers, completed)
    assert (f.code, f.ok, f.required, f.deadline) == ("centralized_90_rate", ok, D(21), date(2019, 12, 31))
    assert f.actual == (None if actual is None else D(actual))
    assert text in f.message and f.source == P.YEARLY_RATE_CLAUSE


@pytest.mark.parametrize(
    "choices, matched, ok, actual, text",
    [
        (40, 30, True, "75.00", "匹配率 75%"),  # exactly 75 %
        (4, 3, True, "75.00", "要求不低于 75%"),
        (40, 29, False, "72.50", "匹配率 72.5%，要求不低于 75%，按此比例差 1 人次"),
        (7, 5, False, "71.43", "差 1 人次"),  # 71.428…: half up  # 5.25 needed: 6
        (7, 6, True, "85.71", "要求不低于 75%"),
        (0, 0, True, None, "不计算匹配率"),
    ],
)
def test_layer_match_rate(choices, matched, ok, actual, text):
    f = reporting.layer_match_finding(choices, matched, ON)
    assert (f.code, f.ok, f.required, f.deadline) == ("layer_match_rate", ok, D(75), None)
    assert f.actual == (None if actual is None else D(actual))
    assert text in f.message and f.source == P.LAYER_MATCH_CLAUSE


HALF = Parameter.fixed("half", "一半", D(50), f"{DOC} §二", date(2019, 1, 1))


@pytest.mark.parametrize(
    "base, part, ok, shown, more",
    [
        (10, 5, True, "50.00", 0),
        (10, 4, False, "40.00", 1),
        (3, 1, False, "33.33", 1),  # 1.5 needed: 2
        (20000, 9999, False, "49.99", 1),  # 49.995: half up would show 50.00, the minimum it has not reached
        (0, 0, True, None, 0),
    ],
)
def test_rate_findings_share_one_helper(base, part, ok, shown, more):
    rate = reporting.rate_of(HALF, ON, base, part)
    assert (rate.ok, rate.shown, rate.more, rate.required) == (ok, None if shown is None else D(shown), more, D(50))


def test_display_quantum_setting():
    with applied({"display_quantum": D("0.1")}):
        assert reporting.centralized_90_rate_finding(2019, 101, 21).actual == D("20.8")  # 20.79…: half up, still under 21


def test_a_display_step_of_zero_is_refused_in_words():
    with applied({"display_quantum": D(0)}), pytest.raises(InvalidInput) as err:
        reporting.school_average_finding(2019, 3, D(215))
    assert err.value.field == "settings.display_quantum" and "人均与比率的显示精度" in err.value.message


@pytest.mark.parametrize(
    "call, field",
    [
        (lambda: reporting.centralized_90_rate_finding(2019, 10, 11), "completed_90"),
        (lambda: reporting.centralized_90_rate_finding(2019, -1, 0), "teachers"),
        (lambda: reporting.layer_match_finding(5, -1, ON), "matched"),
        (lambda: reporting.layer_match_finding(-1, 0, ON), "choices_90"),
        (lambda: reporting.school_average_finding(2019, -1, D(0)), "teachers"),
    ],
)
def test_school_figures_reject_impossible_counts(call, field):
    with pytest.raises(InvalidInput) as err:
        call()
    assert err.value.field == field


@pytest.mark.parametrize(
    "teachers, year_total, value, note",
    [
        (100, "7200", "72 学分", "已达到"),
        (100, "3650.5", "36.51 学分", "合计还差 3549.5 学分"),  # 36.505: half up
        (0, "0", "—", "无在册教师"),
    ],
)
def test_dashboard_panel(teachers, year_total, value, note):
    summary = ScopeSummary(teachers=teachers, projects=3, year=2019, year_total=D(year_total),
                           teachers_meeting_yearly=0)
    panel, _ = ruian.portal_dashboard_panels(summary=summary)
    assert panel.value == value and note in panel.note
    assert panel.title == "2019 年教师人均培训学分" and panel.source == P.SCHOOL_AVERAGE_CLAUSE


@pytest.mark.parametrize(
    "selections, value, note",
    [
        ((), "—", "不计算匹配率"),
        # 90+ projects: 3 of 8 choices match (37.5%); a 60-credit project is not judged, a 90+
        # one naming no layer is (§二 教师参加90学分及以上项目) and matches nobody
        ((SelectionCount(2019, "骨干教师", D(90), "骨干教师", 3), SelectionCount(2019, "骨干教师", D(90), "新教师", 1),
          SelectionCount(2019, "新教师", D(60), "骨干教师", 5), SelectionCount(2019, None, D(90), "新教师", 4)), "37.5%",
         "选课 8 人次，按分层分类匹配 3 人次"),
        # only projects naming no layer: still a rate, not "no choices"
        ((SelectionCount(2019, None, D(90), "骨干教师", 10),), "0%", "其中 10 人次的项目未注明面向的分层分类"),
        ((SelectionCount(2019, "骨干教师", D(120), "骨干教师", 2), SelectionCount(2019, "骨干教师", D(90), "新教师", 2)), "50%",
         "按此比例差 1 人次"),
    ],
)
def test_the_layer_matching_rate_is_read_live_from_the_selections_standing(selections, value, note):
    summary = ScopeSummary(teachers=10, projects=3, year=2019, year_total=D(0), teachers_meeting_yearly=0,
                           selections=selections)
    _, panel = ruian.portal_dashboard_panels(summary=summary)
    assert panel.value == value and note in str(panel.note)
    assert str(panel.title) == "2019 年 90 学分及以上项目分层分类匹配率" and panel.source == P.LAYER_MATCH_CLAUSE


def test_the_layer_matching_rate_is_the_term_being_selected():
    """Selections for next year's projects, made now, are the rate the school watches, beside
    this year's (the report's year)."""
    summary = ScopeSummary(teachers=10, projects=3, year=2019, year_total=D(0), teachers_meeting_yearly=0,
                           selections=(SelectionCount(2019, "骨干教师", D(90), "骨干教师", 1),
                                       SelectionCount(2020, "骨干教师", D(90), "新教师", 1)))
    _, this_year, panel = ruian.portal_dashboard_panels(summary=summary)
    assert str(panel.title).startswith("2020 年") and panel.value == "0%"
    assert str(this_year.title).startswith("2019 年") and this_year.value == "100%"
    only_this_year = ScopeSummary(teachers=10, projects=3, year=2019, year_total=D(0), teachers_meeting_yearly=0,
                                  selections=summary.selections[:1])
    assert len(ruian.portal_dashboard_panels(summary=only_this_year)) == 2


# The calculator form (规则试算) -------------------------------------------------------------


@pytest.fixture
def form_app():
    app = Flask(__name__)
    app.config.update(SECRET_KEY="test", WTF_CSRF_ENABLED=False)
    Babel(app)
    return app


@pytest.mark.parametrize(
    "data, valid, amount",
    [
        ({"mode": "centralized", "base_credits": "90", "hours": "42", "grade": "fail", "level": "county"}, True, "0"),
        ({"mode": "centralized", "base_credits": "90", "hours": "90", "program": "restricted_elective_90",
          "level": "county", "end": "2019-10-02"}, True, "90"),
        ({"mode": "school_based", "base_credits": "12", "hours": "12", "level": "school"}, True, "12"),
        ({"mode": "online", "base_credits": "30", "hours": "30", "level": "county"}, False, None),
        ({"mode": "centralized", "hours": "30", "level": "county"}, False, None),  # base credits required
    ],
)
def test_activity_form(form_app, data, valid, amount):
    """No form of its own: the core's asks what the region declares (portal_activity_fields)."""
    assert not hasattr(ruian, "portal_activity_form")
    with form_app.test_request_context(method="POST", data=data):
        form = region().activity_form(ON)()
        assert {"days", "role", "service_year", "topics"}.isdisjoint(form._fields)
        assert form.validate() is valid
        if valid:
            result = conversion.convert(Activity.from_mapping(form.activity_data()), ON)
            assert result.amount == D(amount)


def test_form_labels_read_in_the_pages_language(form_app):
    """Labels, hints and choices are the region's texts: Chinese by default, English on English
    pages, and never a file name or a code."""
    with form_app.test_request_context():
        form = region().activity_form(ON)()
        fields = list(form)
        words = [f.label.text for f in fields] + [f.description for f in fields if f.description] + [
            c.label for f in fields if hasattr(f, "choices") for c in (f.choices or [])]
        assert form.base_credits.label.text == "项目申报的基础学分"
        assert not any(".txt" in str(w) or "§" in str(w) for w in words)
        with using("en"):
            assert form.base_credits.label() == '<label for="base_credits">Base credits the project declares</label>'
            assert [str(c.label) for c in form.mode.choices] == ["Centralized training", "School-based training"]
            assert not any(re.search(r"[\u3400-\u9fff]", str(w)) for w in words)


# The worked scenarios (the conformance kit runs them too) ---------------------------------


@pytest.mark.parametrize("scenario", scenario_params(ruian))
def test_scenario(scenario):
    assert SOURCE.match(scenario.source)
    assert run(region(), scenario) == []


def test_enough_scenarios_of_both_kinds():
    scenarios = [p.values[0] for p in scenario_params(ruian)]
    assert len(scenarios) >= 25 and {s.kind for s in scenarios} == {"convert", "check"}


# Course selection (§四(二), §附件) --------------------------------------------------------


def test_calendar_phases_cite_the_document():
    assert all(p.source.startswith(DOC + " §") and p.start <= p.end for p in P.PHASES_2019H2)


def test_enrollment_workflow():
    wf = ruian.portal_enrollment_workflow()
    assert wf.initial == "selected"
    assert [t.target for t in wf.allowed("selected", frozenset({UserRole.PRINCIPAL}))] == [
        "school_approved", "school_rejected",
    ]
    assert not wf.allowed("selected", frozenset({UserRole.INSTITUTION_STAFF}))
    # the teacher may withdraw a choice the school has not reviewed, while its round is open
    assert [t.target for t in wf.allowed("selected", frozenset({UserRole.TEACHER}))] == ["withdrawn"]
    assert {t.target for t in wf.allowed("school_approved", frozenset({UserRole.INSTITUTION_STAFF}))} == {
        "confirmed", "not_admitted",
    }
    assert wf.allowed("confirmed", frozenset({UserRole.INSTITUTION_STAFF}))[0].target == "completed"
    assert {s.code for s in wf.states if s.final} == {"school_rejected", "not_admitted", "completed"}
    codes = {s.code for s in wf.states}
    assert all(t.source in codes and t.target in codes for t in wf.transitions)
    # the late review is the bureau's alone under the default setting (late_school_review), the
    # zone's when it names the zone: the workflow holds the step of the unit it names only
    late = {t.actor for t in wf.transitions if t.source == "selected" and t.actor.is_admin} - {
        UserRole.PRINCIPAL, UserRole.SCHOOL_ADMIN}
    assert late == {UserRole.CITY_ADMIN}
    with applied({"late_school_review": "zone"}):
        zone = ruian.portal_enrollment_workflow()
    assert {t.actor for t in zone.transitions if t.source == "selected"} - {
        UserRole.PRINCIPAL, UserRole.SCHOOL_ADMIN, UserRole.TEACHER} == {UserRole.DISTRICT_ADMIN}
    # a refusal gives its reason, the completion its result (every step the settings may give)
    assert {(t.target, t.actor): t.asks for t in ruian_workflow.ENROLLMENT_WORKFLOW.transitions if t.asks} == {
        ("school_rejected", UserRole.PRINCIPAL): ("reason",), ("school_rejected", UserRole.SCHOOL_ADMIN): ("reason",),
        # the late review of a choice the school left unreviewed (setting late_school_review)
        ("school_rejected", UserRole.CITY_ADMIN): ("reason",), ("school_rejected", UserRole.DISTRICT_ADMIN): ("reason",),
        # the organiser's steps: an institution's staff, or the bureau's or school's admins for one they run
        # (not a zone's: the notice names no zone among those declaring projects, 附件 第2项)
        **{(target, role): asks for role in (UserRole.INSTITUTION_STAFF, UserRole.CITY_ADMIN, UserRole.SCHOOL_ADMIN)
           for target, asks in (("not_admitted", ("reason",)), ("completed", ("result",)))},
    }
    # a seat is taken at the institution's recheck, after the classes' expansion (§附件 第3项)
    assert {s.code for s in wf.states if s.holds_seat} == {"confirmed", "completed"}


# The plugin as the core loads it, and its demo ------------------------------------------


def test_region_facade():
    region = Region.load("ruian", {"ruian": ruian})
    assert issubclass(region.activity_form(ON), ActivityForm)
    assert (region.info.code, region.info.name, region.info.unit) == ("ruian", "瑞安市", Unit.CREDIT)
    assert region.enrollment_workflow().initial == "selected"
    assert region.audit_workflow().initial == "submitted"  # the core's default: the notice sets none
    assert [e.purpose for e in region.eligibility(VETERAN, [], ON)] == ["cycle_training_plan"]


def _nodes(node):
    yield node
    for child in node.children:
        yield from _nodes(child)


TODAYS = [date(2026, 11, 23), date(2027, 1, 1), date(2030, 12, 31), date(2024, 2, 29)]


@pytest.mark.parametrize("today", TODAYS)
def test_demo_is_coherent(today):
    data = ruian.portal_demo_data(today=today)
    nodes = {n.code: n for n in _nodes(data.org_tree)}
    assert len(nodes) == len(list(_nodes(data.org_tree)))
    assert [n.kind for n in (nodes["zj"], nodes["wz"], nodes["ra"])] == [OrgKind.PROVINCE, OrgKind.CITY, OrgKind.DISTRICT]
    assert sum(n.kind is OrgKind.INSTITUTION for n in nodes.values()) == 1
    assert {n.name for n in nodes.values() if n.kind is OrgKind.ZONE} == {"安阳学区", "玉海学区", "塘下学区"}
    assert {u.username for u in data.users} == {
        "school_admin", "principal", "district_admin", "city_admin", "province_admin", "institution",
        "workshop_leader", "school_admin_yh", "school_admin_tx", "school_admin_sy",
    }
    # every school has its school admin (a step of the school's waits for nobody otherwise)
    assert {u.org_code for u in data.users if u.role is UserRole.SCHOOL_ADMIN} == {
        n.code for n in nodes.values() if n.kind is OrgKind.SCHOOL}
    assert all(u.org_code in nodes for u in data.users)
    names = [u.username for u in data.users] + [t.username for t in data.teachers]
    assert len(names) == len(set(names))
    assert len(data.teachers) == 41 and data.teachers[0].username == "teacher"
    teacher = data.teachers[0]
    for t in data.teachers:
        assert nodes[t.school_code].kind is OrgKind.SCHOOL
        parsed = parse_id_number(t.id_number, today)
        assert parsed.value.startswith("330381") and not parsed.warnings
        assert (int(t.id_number[16]) % 2 == 1) is (t.gender.value == "male")
        assert t.entered_post <= today and (t.title_date is None or t.title_date <= today)
    usernames = {t.username for t in data.teachers}
    upcoming = demo.upcoming(today)  # the term's menu to select (test_ruian_demo.py), after the past projects
    listed = tuple(p for p in data.projects if p.status == "published")  # and one declared, awaiting review
    assert [p for p in data.projects if p.status != "published"] == [demo.awaiting_review(today)]
    past = listed[:len(listed) - len(upcoming)]
    assert listed[len(past):] == upcoming
    assert 6 <= len(past) <= 10
    assert any(not p.audited for p in past)
    for p in past:
        assert p.organiser_code in nodes and p.start <= p.end <= today
        enrolled = [e.teacher for e in p.enrollments]
        assert enrolled and len(enrolled) == len(set(enrolled)) and set(enrolled) <= usernames
        for e in p.enrollments:
            act = Activity(
                level=p.level, mode=p.mode, hours=e.attended_hours or p.hours, start=p.start, end=p.end,
                grade=e.grade, role=e.role, program=p.program, service_year=e.service_year,
                base_credits=p.base_credits,
            )
            result = ruian.portal_convert_activity(activity=act, on=p.end)
            assert result.category == p.category
    # the demo teacher: entries this year, one duty met (a 90-credit training), one not (360)
    records = [
        Record(p.end, conversion.convert(activity(p.mode, str(p.base_credits), str(p.hours), e.grade), p.end).amount,
               Unit.CREDIT, p.category)
        for p in past for e in p.enrollments if e.teacher == "teacher"
    ]
    assert any(r.date.year == demo_year(today) for r in records)
    comp = compliance.check_compliance(TeacherFacts(entered_post=teacher.entered_post), records, today)
    assert {f.code: f.ok for f in comp.findings} == {"cycle_total": False, "centralized_90": True}


def test_the_demo_new_hire_reads_a_sensible_page(make_app):
    """The demo's t0001 entered post on the latest 1 September: their page asks 312 credits of
    their own cycle, by its end, and says nothing has been missed."""
    from tests.support import login

    app = make_app("ruian", demo=True)
    client = app.test_client()
    assert login(client, "t0001").status_code == 302
    page = client.get("/me/compliance").get_data(as_text=True)
    hired = demo.new_hire_date(clock.today())
    assert f"在岗 52 / 60 个月（{hired.isoformat()} 入职）：要求 312 学分，而非 360 学分" in page
    assert f"截止 {hired.year + 4}-12-31" in page
    visible = re.sub(r"<[^>]*>", " ", page)
    assert "已过" not in visible and "centralized_90" not in visible and "partial_cycle" not in visible


# A period ends after its last day (Period.ended_on): on it, what it asks is still open -----------


def test_on_the_last_day_of_a_running_year_the_cycles_duties_are_open_without_ended_words():
    """31 December 2024: the year ends, the cycle 2021–2025 runs on; ruian asks nothing of a
    teacher by the year (the 72 is a school's average), and the cycle's duties are open."""
    comp = ruian.portal_check_compliance(teacher=VETERAN, records=[rec(date(2022, 5, 1), "100", "school_based")],
                                         as_of=date(2024, 12, 31), today=date(2024, 12, 31))
    assert all(y.required is None for y in comp.years)
    for f in comp.findings:
        assert not f.ok and f.deadline == date(2025, 12, 31) and not f.missed_on(date(2025, 1, 1))
        assert "届满" not in f.message.render("zh_Hans_CN")


def test_on_the_last_day_of_a_running_cycle_its_duties_are_open_and_ended_after():
    """31 December 2025, the cycle 2021–2025's last day: a 90+ training completed that day still
    counts, so both duties are open with what they lack, due that day; read after it (the
    previous cycle's page) they say the cycle ended without them and are missed."""
    records = [rec(date(2023, 5, 1), "300", "school_based")]
    last = ruian.portal_check_compliance(teacher=VETERAN, records=records, as_of=date(2025, 12, 31),
                                         today=date(2025, 12, 31))
    total, ninety = (next(f for f in last.findings if f.code == code) for code in ("cycle_total", "centralized_90"))
    assert (total.shortfall, total.deadline) == (D(60), date(2025, 12, 31)) and not total.missed_on(date(2025, 12, 31))
    assert (ninety.shortfall, ninety.deadline) == (D(1), date(2025, 12, 31)) and not ninety.missed_on(date(2025, 12, 31))
    assert ninety.message.render("zh_Hans_CN") == "周期内尚未完成基础学分 90 及以上的集中培训"
    after = ruian.portal_check_compliance(teacher=VETERAN, records=records, as_of=date(2025, 12, 31),
                                          today=date(2026, 1, 1))
    ended = next(f for f in after.findings if f.code == "centralized_90")
    assert ended.missed_on(date(2026, 1, 1))
    assert ended.message.render("zh_Hans_CN") == "周期（至 2025-12-31）届满，没有完成基础学分 90 及以上的集中培训"


def test_rules_check_reads_a_cycles_last_day_on_a_later_day_as_the_previous_cycles_page_does():
    """``portal rules check`` and ``POST /api/check`` take ``today`` beside ``as_of``: the cycle's last
    day read then says it ended; a ``today`` before ``as_of`` is refused, naming the field."""
    payload = {"as_of": "2025-12-31", "teacher": {"entered_post": "2010-08-30"}, "records": []}
    on_the_day = rulebook.check(region(), payload)
    after = rulebook.check(region(), {**payload, "today": "2026-01-01"})
    said = {f["code"]: f["message"] for f in on_the_day["findings"]}
    ended = {f["code"]: f["message"] for f in after["findings"]}
    assert said["centralized_90"] == "周期内尚未完成基础学分 90 及以上的集中培训"
    assert ended["centralized_90"] == "周期（至 2025-12-31）届满，没有完成基础学分 90 及以上的集中培训"
    assert after["cycle"] == on_the_day["cycle"]  # the figures do not depend on the day read
    with pytest.raises(InvalidInput) as refused:
        rulebook.check(region(), {**payload, "today": "2025-12-30"})
    assert refused.value.field == "today"
