"""Ruian's rules, checked against the figures of ruian-2019h2-course-selection.txt."""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from flask import Flask
from flask_babel import Babel

import plugins.ruian as ruian
from plugins.ruian import parameters as P, rules
from plugins.ruian.forms import RuianActivityForm
from portal import rulebook
from portal.conformance import run, scenario_params
from portal.domain import (
    Activity, ActivityRole, Grade, InvalidInput, Level, Mode, OrgKind, Parameter, Period, Record,
    ScopeSummary, SettingError, TeacherFacts, Unit, UserRole,
)
from portal.domain.idcard import parse_id_number
from portal.domain.parameters import applied
from portal.plugins import Region

DOC = "ruian-2019h2-course-selection.txt"
# the clauses the notice has: 一 to 五, 四(二), the annex and its rows
SOURCE = re.compile(r"^ruian-2019h2-course-selection\.txt §(一|二|三|四|五|四\(二\)|附件|附件 第[1-4]项)$")
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
    assert result.rule_version == "ruian-2019"
    assert result.steps and all(SOURCE.match(s.source) for s in result.steps)
    assert result.steps[0].value == D(base)
    assert result.steps[-1].value == category
    assert any(s.value == D(amount) for s in result.steps)


@pytest.mark.parametrize("level", list(Level))
def test_level_does_not_change_credits(level):
    assert rules.convert(activity(level=level, base="30"), ON).amount == D(30)


def test_restricted_elective_program_step():
    result = rules.convert(activity(program="restricted_elective_90"), ON)
    assert result.amount == D(90)
    assert any(s.text == "项目类别：限定选修90学分集中培训" for s in result.steps)


@pytest.mark.parametrize(
    "grade, settings, amount, text",
    [
        (Grade.FAIL, {}, "0", "考核不合格，未完成培训，得 0 学分（本地设置 fail_credits，默认 0）"),
        (Grade.FAIL, {"fail_credits": "10"}, "10", "得 10 学分（本地设置 fail_credits=10，默认 0）"),
        (Grade.FAIL, {"fail_credits": "120"}, "90", "得 90 学分"),  # never more than the base credits
        (None, {}, "90", "按完成培训认定（本地设置 missing_grade_is_pass，默认 true），得基础学分 90 学分"),
        (None, {"missing_grade_is_pass": "false"}, "0",
         "按未完成培训处理（本地设置 missing_grade_is_pass=false，默认 true），得 0 学分"),
        (Grade.PASS, {"fail_credits": "10", "missing_grade_is_pass": "false"}, "90", "考核合格"),
    ],
)
def test_steps_name_the_settings_they_rely_on(grade, settings, amount, text):
    result = region(**settings).convert(activity(grade=grade), ON)
    assert result.amount == D(amount)
    assert any(text in s.text for s in result.steps)
    assert all(SOURCE.match(s.source) for s in result.steps)  # no assumption prose in sources


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


def test_from_json_activity():
    act = Activity.from_mapping({"level": "county", "mode": "centralized", "hours": 90,
                                 "base_credits": 90, "grade": "fail"})
    assert rules.convert(act, ON).as_json()["amount"] == 0


# Set-up hooks: versions, parameters and settings, categories, programs, duties, purposes ---


@pytest.mark.parametrize("on", [date(2015, 1, 1), date(2019, 6, 16), date(2019, 6, 17), date(2030, 1, 1)])
def test_rule_version(on):
    version = region().rule_version(on)
    assert (version.code, version.effective_from) == ("ruian-2019", date(2019, 6, 17))
    assert SOURCE.match(version.source)


def test_categories_programs_duties_purposes():
    assert [c.code for c in ruian.portal_credit_categories()] == ["centralized_90", "centralized", "school_based"]
    assert [p.code for p in ruian.portal_programs()] == ["restricted_elective_90"]
    assert [d.code for d in ruian.portal_duties()] == ["cycle_total", "centralized_90"]
    assert [p.code for p in ruian.portal_purposes()] == ["cycle_training_plan"]
    described = (ruian.portal_credit_categories() + ruian.portal_programs() + ruian.portal_duties()
                 + ruian.portal_purposes())
    assert all(SOURCE.match(d.source) and d.label for d in described)


def test_duties_cover_every_finding_code():
    comp = rules.check_compliance(TeacherFacts(), [], date(2022, 1, 1))
    assert {f.code for f in comp.findings} == {d.code for d in ruian.portal_duties()}


SETTINGS = {
    "rules_from", "cycle_anchor_year", "cycle_from_entered_post", "centralized_90_requires_completion",
    "display_quantum", "fail_credits", "missing_grade_is_pass",
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
    assert ruian.portal_cycle(on=on) == Period(start, end)


def test_region_cycle_follows_the_anchor_setting():
    assert region(cycle_anchor_year="2019").cycle(date(2023, 12, 31)) == Period(date(2019, 1, 1), date(2023, 12, 31))


@pytest.mark.parametrize(
    "entered, on, start, end",
    [
        (None, date(2022, 3, 1), date(2021, 1, 1), date(2025, 12, 31)),
        (date(2005, 8, 28), date(2022, 3, 1), date(2021, 1, 1), date(2025, 12, 31)),
        (date(2016, 8, 28), date(2022, 3, 1), date(2021, 1, 1), date(2025, 12, 31)),
        # §二 按教师实际进入平台的时间: a teacher entering in 2019 counts from 2019
        (date(2019, 8, 28), date(2019, 9, 1), date(2019, 1, 1), date(2023, 12, 31)),
        (date(2019, 8, 28), date(2023, 12, 31), date(2019, 1, 1), date(2023, 12, 31)),
        (date(2019, 8, 28), date(2024, 1, 1), date(2024, 1, 1), date(2028, 12, 31)),
        (date(2019, 8, 28), date(2018, 5, 1), date(2019, 1, 1), date(2023, 12, 31)),
    ],
)
def test_teacher_cycle(entered, on, start, end):
    assert rules.teacher_cycle(on, entered) == Period(start, end)


def test_teacher_cycle_setting_off_gives_everyone_the_shared_cycle():
    teacher = TeacherFacts(entered_post=date(2019, 8, 28))
    comp = region(cycle_from_entered_post="false").check(teacher, [], date(2023, 12, 31))
    assert comp.cycle.period == Period(date(2021, 1, 1), date(2025, 12, 31))


def test_requirements():
    req = ruian.portal_requirements(on=ON)
    assert (req.cycle, req.yearly, req.unit) == (D(360), None, Unit.CREDIT)
    assert req.cycle_source == f"{DOC} §二"


# A teacher's duties (§二) ----------------------------------------------------------------

VETERAN = TeacherFacts(entered_post=date(2010, 8, 30))


@pytest.mark.parametrize(
    "amounts, cycle_ok, needed_text",
    [
        (["90", "270"], True, "达到 360"),  # exactly 360
        (["90", "271"], True, "达到 360"),
        (["90", "269"], False, "还需 1 学分"),
        (["90", "269.5"], False, "还需 0.5 学分"),
        ([], False, "还需 360 学分"),
    ],
)
def test_cycle_total(amounts, cycle_ok, needed_text):
    records = [rec(date(2022 + i, 5, 1), a) for i, a in enumerate(amounts)]
    comp = ruian.portal_check_compliance(teacher=VETERAN, records=records, as_of=date(2025, 12, 31))
    assert comp.cycle.period == Period(date(2021, 1, 1), date(2025, 12, 31))
    assert comp.cycle.ok is cycle_ok
    finding = next(f for f in comp.findings if f.code == "cycle_total")
    assert finding.ok is cycle_ok and finding.required == D(360)
    assert finding.deadline == date(2025, 12, 31)
    assert needed_text in finding.message and finding.source == f"{DOC} §二"
    if not cycle_ok:
        assert "截止 2025-12-31" in finding.message
        assert finding.shortfall == D(360) - sum((D(a) for a in amounts), D(0))


def test_records_outside_cycle_or_after_as_of_do_not_count():
    records = [
        rec(date(2020, 12, 31), "100"),  # previous cycle
        rec(date(2021, 1, 1), "90", "centralized_90"),
        rec(date(2023, 6, 1), "50"),
        rec(date(2023, 6, 2), "70"),  # after as_of
    ]
    comp = rules.check_compliance(VETERAN, records, date(2023, 6, 1))
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
    assert finding.source == f"{DOC} §二" and finding.deadline == date(2025, 12, 31)
    assert ("2025-12-31 前至少" in finding.message) is (count == 0)


def test_centralized_90_names_the_failed_attempt():
    records = [rec(date(2022, 5, 20), "0", "centralized_90", mode=C, base_credits=D(90))]
    finding = rules.check_compliance(VETERAN, records, date(2025, 6, 30)).findings[1]
    assert finding.message == (
        "本周期尚未完成基础学分 90 及以上的集中培训，须在 2025-12-31 前至少完成 1 次"
        "（2022-05-20 的培训未考核合格，不计；本地设置 centralized_90_requires_completion，默认 true）"
    )


def test_new_teacher_cycle_follows_platform_entry():
    teacher = TeacherFacts(entered_post=date(2019, 8, 28))
    records = [rec(date(2019, 10, 1), "90", "centralized_90"), rec(date(2024, 3, 1), "24")]
    comp = rules.check_compliance(teacher, records, date(2023, 12, 31))
    assert comp.cycle.period == Period(date(2019, 1, 1), date(2023, 12, 31))
    assert comp.cycle.earned == D(90)
    assert [y.year for y in comp.years] == [2019, 2020, 2021, 2022, 2023]
    assert all(f.ok for f in comp.findings if f.code == "centralized_90")


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
        (100, "7200", True, "72.00", "人均 72.00 学分"),  # exactly 72
        (100, "7199", False, "71.99", "人均还差 0.01 学分（合计还差 1 学分），截止 2019-12-31"),
        (3, "215", False, "71.66", "人均还差 0.34 学分（合计还差 1 学分）"),  # 71.666…: cut down, gap up
        (3, "215.99", False, "71.99", "合计还差 0.01 学分"),  # 71.9966…: never shown as 72.00
        (3, "216", True, "72.00", "人均 72.00"),
        (41, "3000", True, "73.17", "41 人合计 3000 学分"),
        (0, "0", True, None, "无在册教师"),
    ],
)
def test_school_average(teachers, total_credits, ok, actual, text):
    f = rules.school_average_finding(2019, teachers, D(total_credits))
    assert (f.code, f.ok, f.required, f.deadline) == ("school_yearly_average", ok, D(72), date(2019, 12, 31))
    assert f.actual == (None if actual is None else D(actual))
    assert text in f.message and f.source == f"{DOC} §二"


@pytest.mark.parametrize(
    "teachers, completed, ok, actual, text",
    [
        (100, 21, True, "21.00", "完成率 21.00%"),  # exactly 21 %
        (100, 20, False, "20.00", "还需 1 人完成，截止 2019-12-31"),
        (101, 21, False, "20.79", "还需 1 人完成"),  # 21.21 people: 22 needed
        (101, 22, True, "21.78", "要求不低于 21%"),
        (50, 0, False, "0.00", "还需 11 人完成"),  # 10.5 people: 11 needed
        (20001, 4200, False, "20.99", "还需 1 人完成"),  # 20.99895 %: never shown as 21.00
        (0, 0, True, None, "无在册教师"),
    ],
)
def test_centralized_90_rate(teachers, completed, ok, actual, text):
    f = rules.centralized_90_rate_finding(2019, teachers, completed)
    assert (f.code, f.ok, f.required, f.deadline) == ("centralized_90_rate", ok, D(21), date(2019, 12, 31))
    assert f.actual == (None if actual is None else D(actual))
    assert text in f.message and f.source == f"{DOC} §二"


@pytest.mark.parametrize(
    "choices, matched, ok, actual, text",
    [
        (40, 30, True, "75.00", "匹配率 75.00%"),  # exactly 75 %
        (4, 3, True, "75.00", "要求不低于 75%"),
        (40, 29, False, "72.50", "还需 1 人次"),
        (7, 5, False, "71.42", "还需 1 人次"),  # 5.25 needed: 6
        (7, 6, True, "85.71", "要求不低于 75%"),
        (0, 0, True, None, "不计算匹配率"),
    ],
)
def test_layer_match_rate(choices, matched, ok, actual, text):
    f = rules.layer_match_finding(choices, matched, ON)
    assert (f.code, f.ok, f.required, f.deadline) == ("layer_match_rate", ok, D(75), None)
    assert f.actual == (None if actual is None else D(actual))
    assert text in f.message and f.source == f"{DOC} §二"


HALF = Parameter.fixed("half", "一半", D(50), f"{DOC} §二", date(2019, 1, 1))


@pytest.mark.parametrize(
    "base, part, ok, actual, message",
    [
        (10, 5, True, "50.00", "5/10 50.00% ≥ 50%"),
        (10, 4, False, "40.00", "4/10 40.00% ≥ 50% 差 1"),
        (3, 1, False, "33.33", "1/3 33.33% ≥ 50% 差 1"),  # 1.5 needed: 2
        (0, 0, True, None, "空"),
    ],
)
def test_rate_findings_share_one_helper(base, part, ok, actual, message):
    f = rules.rate_finding("half", HALF, ON, ("base", base), ("part", part),
                           empty="空", stated="{part}/{base} {rate}% ≥ {required}%", gap=" 差 {count}")
    assert (f.ok, f.actual, f.message, f.required) == (ok, None if actual is None else D(actual), message, D(50))


def test_display_quantum_setting():
    with applied({"display_quantum": D("0.1")}):
        assert rules.centralized_90_rate_finding(2019, 101, 21).actual == D("20.7")


@pytest.mark.parametrize(
    "call, field",
    [
        (lambda: rules.centralized_90_rate_finding(2019, 10, 11), "completed_90"),
        (lambda: rules.centralized_90_rate_finding(2019, -1, 0), "teachers"),
        (lambda: rules.layer_match_finding(5, -1, ON), "matched"),
        (lambda: rules.layer_match_finding(-1, 0, ON), "choices_90"),
        (lambda: rules.school_average_finding(2019, -1, D(0)), "teachers"),
    ],
)
def test_school_figures_reject_impossible_counts(call, field):
    with pytest.raises(InvalidInput) as err:
        call()
    assert err.value.field == field


@pytest.mark.parametrize(
    "teachers, year_total, value, note",
    [
        (100, "7200", "72.00 学分", "已达到"),
        (100, "3650.5", "36.50 学分", "合计还差 3549.5 学分"),
        (0, "0", "—", "无在册教师"),
    ],
)
def test_dashboard_panel(teachers, year_total, value, note):
    summary = ScopeSummary(teachers=teachers, projects=3, year=2019, year_total=D(year_total),
                           teachers_meeting_yearly=0)
    (panel,) = ruian.portal_dashboard_panels(summary=summary)
    assert panel.value == value and note in panel.note
    assert panel.title == "2019 年教师人均培训学分" and panel.source == f"{DOC} §二"


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
    assert ruian.portal_activity_form() is RuianActivityForm
    with form_app.test_request_context(method="POST", data=data):
        form = RuianActivityForm()
        assert {"days", "role", "service_year", "topics"}.isdisjoint(form._fields)
        assert form.validate() is valid
        if valid:
            result = rules.convert(Activity.from_mapping(form.activity_data()), ON)
            assert result.amount == D(amount)


# The worked scenarios (the conformance kit runs them too) ---------------------------------


@pytest.mark.parametrize("scenario", scenario_params(ruian))
def test_scenario(scenario):
    assert SOURCE.match(scenario.source)
    assert run(region(), scenario) == []


def test_enough_scenarios_of_both_kinds():
    scenarios = [p.values[0] for p in scenario_params(ruian)]
    assert len(scenarios) >= 25 and {s.kind for s in scenarios} == {"convert", "check"}


# Course selection (§四(二), §附件) --------------------------------------------------------


@pytest.mark.parametrize(
    "day, codes, round_",
    [
        (date(2019, 6, 16), set(), None),
        (date(2019, 6, 17), {"teacher_data_update", "project_declaration"}, None),
        (date(2019, 7, 12), {"teacher_data_update", "project_publication"}, None),
        (date(2019, 8, 25), {"teacher_data_update", "browsing"}, None),
        (date(2019, 8, 26), {"teacher_data_update", "round1_selection"}, 1),
        (date(2019, 9, 1), {"teacher_data_update", "round1_selection", "round1_school_review"}, 1),
        (date(2019, 9, 5), {"teacher_data_update", "round1_selection", "round1_school_review"}, 1),
        (date(2019, 9, 6), {"round1_school_review"}, None),
        (date(2019, 9, 11), {"class_expansion_request", "class_expansion_decision"}, None),
        (date(2019, 9, 13), {"round1_institution_recheck"}, None),
        (date(2019, 9, 14), {"round2_selection"}, 2),
        (date(2019, 9, 17), {"round2_selection", "round2_school_review"}, 2),
        (date(2019, 9, 18), {"round2_school_review"}, None),
        (date(2019, 9, 22), {"round2_institution_recheck"}, None),
        (date(2019, 12, 31), {"training"}, None),
        (date(2020, 1, 1), set(), None),
    ],
)
def test_calendar(day, codes, round_):
    assert {p.code for p in rules.phases_on(day)} == codes
    assert rules.selection_round(day) == round_


def test_calendar_phases_cite_the_document():
    assert all(p.source.startswith(DOC + " §") and p.start <= p.end for p in P.PHASES_2019H2)


@pytest.mark.parametrize(
    "selected, approved, ok, text",
    [
        (False, None, False, "第一轮未选课"),
        (True, False, False, "学校审核不通过"),
        (True, None, True, "尚未审核"),
        (True, True, True, "可参加第二轮"),
    ],
)
def test_second_round_eligibility(selected, approved, ok, text):
    e = rules.second_round_eligibility(selected, approved)
    assert (e.ok, e.source) == (ok, f"{DOC} §四(二)") and text in e.reason
    assert bool(e.missing) is not ok


def test_enrollment_workflow():
    wf = ruian.portal_enrollment_workflow()
    assert wf.initial == "selected"
    assert [t.target for t in wf.allowed("selected", frozenset({UserRole.PRINCIPAL}))] == [
        "school_approved", "school_rejected",
    ]
    assert not wf.allowed("selected", frozenset({UserRole.TEACHER, UserRole.INSTITUTION_STAFF}))
    assert {t.target for t in wf.allowed("school_approved", frozenset({UserRole.INSTITUTION_STAFF}))} == {
        "confirmed", "not_admitted",
    }
    assert wf.allowed("confirmed", frozenset({UserRole.INSTITUTION_STAFF}))[0].target == "completed"
    assert {s.code for s in wf.states if s.final} == {"school_rejected", "not_admitted", "completed"}
    codes = {s.code for s in wf.states}
    assert all(t.source in codes and t.target in codes for t in wf.transitions)


# The plugin as the core loads it, and its demo ------------------------------------------


def test_region_facade():
    region = Region.load("ruian", {"ruian": ruian})
    assert region.activity_form() is RuianActivityForm
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
        "workshop_leader",
    }
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
    assert 6 <= len(data.projects) <= 10
    assert any(not p.audited for p in data.projects)
    for p in data.projects:
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
        Record(p.end, rules.convert(activity(p.mode, str(p.base_credits), str(p.hours), e.grade), p.end).amount,
               Unit.CREDIT, p.category)
        for p in data.projects for e in p.enrollments if e.teacher == "teacher"
    ]
    assert any(r.date.year == today.year for r in records)
    comp = rules.check_compliance(TeacherFacts(entered_post=teacher.entered_post), records, today)
    assert {f.code: f.ok for f in comp.findings} == {"cycle_total": False, "centralized_90": True}
