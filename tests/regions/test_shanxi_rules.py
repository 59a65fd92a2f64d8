"""Shanxi rules (晋教师〔2017〕14号), table-driven from the document's own figures.

Years are school years from 1 September (setting ``school_year_start_month``); the cycle
in force from 2022-09-01 to 2027-08-31 (setting ``cycle_anchor_year`` 2017).
"""
from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import date
from decimal import Decimal as D

import pytest

import plugins.shanxi as shanxi
from plugins.shanxi import parameters as P
from plugins.shanxi import rules
from portal import rulebook
from portal.conformance import SOURCE_PATTERN
from portal.domain import (
    Activity, ActivityRole, Grade, InvalidInput, LedgerSource, Level, Mode, OrgKind, Record,
    ScopeSummary, TeacherFacts, Unit, UserRole,
)
from portal.domain.idcard import parse_id_number
from portal.domain.parameters import applied, parse_overrides
from portal.plugins import Region

ON = date(2024, 6, 1)
DOC = "shanxi-2017-credit-management.txt"
CLEAN_SOURCE = re.compile(rf"^{re.escape(DOC)} §[^（）]+$")  # a clause, no setting notes, no 假设

N, PR, C, CO, S = Level.NATIONAL, Level.PROVINCIAL, Level.CITY, Level.COUNTY, Level.SCHOOL
CEN, ONL, SB, SS, DEG = Mode.CENTRALIZED, Mode.ONLINE, Mode.SCHOOL_BASED, Mode.SELF_STUDY, Mode.DEGREE
EX, GO, PA, FA = Grade.EXCELLENT, Grade.GOOD, Grade.PASS, Grade.FAIL


def act(level, mode, hours, grade=None, **kw) -> Activity:
    return Activity(level=level, mode=mode, hours=D(str(hours)), grade=grade, **kw)


def convert(activity, on=ON):
    return shanxi.portal_convert_activity(activity=activity, on=on)


@contextmanager
def settings(**overrides):
    """A bureau's overrides, as ``Region.load(..., settings=...)`` applies them."""
    with applied(parse_overrides(list(P.PARAMETERS), overrides)):
        yield


# Conversion §四(一), §四(二) ---------------------------------------------------------------

CONVERSIONS = [
    # level, mode, hours, grade, credits, category                      reading of the document
    (PR, CEN, 30, PA, "10", "centralized_city_up"),    # 省级集中 3 学时 = 1 学分
    (N, CEN, 30, PA, "10", "centralized_city_up"),     # 国家级 = 省级及以上
    (PR, CEN, 30, EX, "12", "centralized_city_up"),    # 优 +20%
    (PR, CEN, 30, GO, "11", "centralized_city_up"),    # 良 +10%
    (PR, CEN, 30, FA, "0", "centralized_city_up"),     # 不合格 不能取得该项目学分
    (PR, CEN, 3, PA, "1", "centralized_city_up"),      # 3 学时（半天）= 1 学分
    (C, CEN, 24, PA, "6", "centralized_city_up"),      # 市级集中 4 学时 = 1 学分
    (C, CEN, 24, GO, "6.6", "centralized_city_up"),
    (CO, CEN, 24, PA, "6", "centralized_county"),      # 县(区)级集中 4 学时
    (CO, CEN, 24, EX, "7.2", "centralized_county"),
    (PR, ONL, 50, PA, "10", "online"),                 # 网络研修 5 学时
    (N, ONL, 50, EX, "12", "online"),
    (S, SB, 40, PA, "8", "school_based"),              # 校本研修 5 学时
    (CO, SB, 40, GO, "8.8", "school_based"),
    (S, CEN, 10, PA, "2", "school_based"),             # 校级集中 = 校本研修 (setting, 5)
    (PR, CEN, 30, None, "10", "centralized_city_up"),  # 未评等级按合格 (setting missing_grade)
    (PR, CEN, 0, EX, "0", "centralized_city_up"),
    # rounding (settings: 0.1, half up): base first, then the total after the bonus
    (PR, CEN, 10, PA, "3.3", "centralized_city_up"),   # 3.333 → 3.3
    (PR, CEN, 10, EX, "4", "centralized_city_up"),     # 3.3 × 1.2 = 3.96 → 4.0
    (PR, CEN, 10, GO, "3.6", "centralized_city_up"),   # 3.3 × 1.1 = 3.63 → 3.6
    (C, CEN, 30, PA, "7.5", "centralized_city_up"),    # exact half stays
    (C, CEN, 30, EX, "9", "centralized_city_up"),
    (C, CEN, 10, GO, "2.8", "centralized_city_up"),    # 2.5 × 1.1 = 2.75 → 2.8
    (PR, CEN, 2, PA, "0.7", "centralized_city_up"),    # 0.666 → 0.7 (half up)
    (PR, ONL, 1, PA, "0.2", "online"),
    (C, CEN, D("0.25"), PA, "0.1", "centralized_city_up"),  # 0.0625 → 0.1
    (C, CEN, D("0.1"), PA, "0", "centralized_city_up"),     # 0.025 → 0.0
    (PR, ONL, D("7.25"), PA, "1.5", "online"),         # 1.45 → 1.5 (half up, not banker's)
]


@pytest.mark.parametrize("level,mode,hours,grade,credits,category", CONVERSIONS)
def test_training_conversion(level, mode, hours, grade, credits, category):
    result = convert(act(level, mode, hours, grade))
    assert result.amount == D(credits)
    assert result.unit == Unit.CREDIT
    assert result.category == category
    assert result.rule_version == "shanxi-2017"
    assert result.steps and all(CLEAN_SOURCE.match(s.source) for s in result.steps)


def test_conversion_steps_explain_each_stage():
    steps = convert(act(PR, CEN, 30, EX)).steps
    texts = [s.text for s in steps]
    assert any("每 3 学时折算 1 学分" in t for t in texts)
    assert any("30 学时 ÷ 3 = 10 学分" in t for t in texts)
    assert any("增加 20%" in t and "10 × 1.2 = 12 学分" in t for t in texts)
    assert {s.source for s in steps} >= {f"{DOC} §四(一)", f"{DOC} §四(二)"}
    assert not any("本地设置" in t for t in texts)  # exact figures rely on no setting


def test_steps_that_rely_on_a_setting_name_it():
    rounding = [s.text for s in convert(act(PR, CEN, 10, EX)).steps]
    assert any("保留一位小数四舍五入" in t and "本地设置 credit_quantum，默认 0.1" in t for t in rounding)
    missing = [s.text for s in convert(act(PR, CEN, 30)).steps]
    assert any("未填写考核等级" in t and "本地设置 missing_grade，默认 pass" in t for t in missing)
    school = [s.text for s in convert(act(S, CEN, 10, PA)).steps]
    assert any("本地设置 school_centralized_hours_per_credit，默认 5" in t for t in school)
    assert not any("假设" in t or "ASSUMPTION" in t for t in rounding + missing + school)


def test_compulsory_topics_are_marked_in_steps():
    steps = convert(act(PR, CEN, 18, PA, topics=("ethics", "other"))).steps
    assert [s.value for s in steps if s.source == f"{DOC} §三(三)"] == ["ethics"]


# Settings overridden ------------------------------------------------------------------------

OVERRIDDEN = [
    # overrides, activity, credits
    ({"credit_rounding": "down"}, act(PR, CEN, 2, PA), "0.6"),
    ({"credit_rounding": "up"}, act(PR, CEN, 10, PA), "3.4"),
    ({"credit_rounding": "half_even"}, act(PR, ONL, D("7.25"), PA), "1.4"),   # 1.45 → 1.4
    ({"credit_quantum": "1"}, act(PR, CEN, 10, PA), "3"),
    ({"credit_quantum": "0.01"}, act(PR, CEN, 10, EX), "4"),                # 3.33 × 1.2 = 3.996 → 4.00
    ({"missing_grade": "good"}, act(C, CEN, 12), "3.3"),
    ({"missing_grade": "fail"}, act(C, CEN, 12), "0"),
    ({"school_centralized_hours_per_credit": "4"}, act(S, CEN, 10, PA), "2.5"),
    ({"daily_hours_cap": "6"}, act(PR, CEN, 20, PA, days=3), "6"),          # 18 of 20 hours
    ({"daily_hours_cap": "6"}, act(C, CEN, 12, PA, days=2), "3"),           # cap reached exactly
    ({"daily_hours_cap": "6"}, act(PR, CEN, 24, EX, start=date(2024, 7, 1), end=date(2024, 7, 3)), "7.2"),
    ({"daily_hours_cap": "6"}, act(PR, CEN, 24, PA), "8"),                  # no days: no cap
]


@pytest.mark.parametrize("overrides,activity,credits", OVERRIDDEN)
def test_settings_change_the_figures_the_document_leaves_open(overrides, activity, credits):
    with settings(**overrides):
        result = convert(activity)
    assert result.amount == D(credits)
    name = next(iter(overrides))
    if name != "daily_hours_cap" or activity.days or activity.start:
        assert any(f"本地设置 {name}=" in s.text for s in result.steps)
    assert all(CLEAN_SOURCE.match(s.source) for s in result.steps)


def test_daily_cap_applies_to_probation_hours():
    with settings(daily_hours_cap="6"):
        result = convert(act(CO, CEN, 70, PA, program="new_teacher_probation", days=10))
    assert result.amount == D(60)


def test_a_document_figure_is_no_setting():
    with pytest.raises(ValueError):
        parse_overrides(list(P.PARAMETERS), {"yearly_minimum": "10"})


@pytest.mark.parametrize("overrides,field", [
    ({"credit_rounding": "sideways"}, "credit_rounding"),
    ({"credit_quantum": "0"}, "credit_quantum"),
    ({"missing_grade": "great"}, "missing_grade"),
    ({"school_year_start_month": "13"}, "school_year_start_month"),
])
def test_unusable_settings_are_refused_naming_the_setting(overrides, field):
    with settings(**overrides), pytest.raises(InvalidInput) as err:
        convert(act(PR, CEN, 10))
        rules.cycle(ON)
    assert err.value.field == field


# Declared credits §四(三), §四(四), §三(二) ------------------------------------------------

DECLARED = [
    # level, mode, role, base, grade, credits, category
    (CO, DEG, ActivityRole.PARTICIPANT, "4", None, "4", "degree"),
    (CO, DEG, ActivityRole.PARTICIPANT, "4", EX, "4", "degree"),      # no bonus outside training projects
    (CO, DEG, ActivityRole.PARTICIPANT, "4", FA, "0", "degree"),      # 按学习结果认定
    (CO, SS, ActivityRole.PARTICIPANT, "5", None, "5", "self_study"),
    (CO, SS, ActivityRole.PARTICIPANT, "25", None, "25", "self_study"),  # the cap of 20 is per cycle
    (C, CEN, ActivityRole.INSTRUCTOR, "2", None, "2", "training_service"),
    (S, SB, ActivityRole.MENTOR, "1.5", PA, "1.5", "training_service"),
    (CO, ONL, ActivityRole.PRESENTER, "1", None, "1", "training_service"),
]


@pytest.mark.parametrize("level,mode,role,base,grade,credits,category", DECLARED)
def test_declared_credits(level, mode, role, base, grade, credits, category):
    result = convert(act(level, mode, 12, grade, role=role, base_credits=D(base)))
    assert (result.amount, result.category, result.unit) == (D(credits), category, Unit.CREDIT)


def test_training_ignores_declared_credits():
    result = convert(act(PR, CEN, 30, PA, base_credits=D(99)))
    assert result.amount == D(10)
    assert any("不采用项目申报的 99 学分" in s.text for s in result.steps)


# New-teacher probation §三(二): recorded in hours -------------------------------------------

PROBATION = [
    (CO, CEN, 60, PA, None, "60", "probation_centralized"),
    (PR, CEN, 30, EX, 1, "30", "probation_centralized"),     # no bonus on hours
    (S, SB, 40, None, None, "40", "probation_school_online"),
    (CO, ONL, 20, GO, 1, "20", "probation_school_online"),
    (CO, CEN, 60, FA, None, "0", "probation_centralized"),   # fail: no hours (setting)
]


@pytest.mark.parametrize("level,mode,hours,grade,service_year,amount,category", PROBATION)
def test_probation_training_is_recorded_in_hours(level, mode, hours, grade, service_year, amount, category):
    result = convert(act(level, mode, hours, grade, program="new_teacher_probation", service_year=service_year))
    assert (result.amount, result.unit, result.category) == (D(amount), Unit.HOUR, category)
    assert result.steps[0].source == f"{DOC} §三(二)"


def test_failed_probation_hours_count_when_the_bureau_says_so():
    with settings(probation_fail_gives_no_hours="false"):
        assert convert(act(CO, CEN, 60, FA, program="new_teacher_probation")).amount == D(60)


# Invalid activities -------------------------------------------------------------------------

INVALID = [
    (act(PR, CEN, 6, program="backbone"), "program"),
    (act(CO, DEG, 6), "base_credits"),
    (act(CO, SS, 0), "base_credits"),
    (act(C, CEN, 6, role=ActivityRole.INSTRUCTOR), "base_credits"),
    (act(CO, DEG, 6, role=ActivityRole.INSTRUCTOR, base_credits=D(1)), "role"),
    (act(CO, SS, 6, program="new_teacher_probation"), "mode"),
    (act(CO, CEN, 6, program="new_teacher_probation", service_year=2), "service_year"),
    (act(CO, CEN, 6, program="new_teacher_probation", role=ActivityRole.MENTOR), "role"),
]


@pytest.mark.parametrize("activity,field", INVALID)
def test_invalid_activities_name_the_field(activity, field):
    with pytest.raises(InvalidInput) as err:
        convert(activity)
    assert err.value.field == field


# Version, school years, cycle, requirements --------------------------------------------------

@pytest.mark.parametrize("day,year", [
    (date(2023, 8, 31), 2022), (date(2023, 9, 1), 2023), (date(2024, 1, 1), 2023), (date(2024, 2, 29), 2023),
])
def test_school_year_begins_on_1_september(day, year):
    assert rules.school_year_of(day) == year


@pytest.mark.parametrize("on,start,end", [
    (date(2017, 9, 1), date(2017, 9, 1), date(2022, 8, 31)),
    (date(2017, 8, 31), date(2012, 9, 1), date(2017, 8, 31)),
    (date(2022, 8, 31), date(2017, 9, 1), date(2022, 8, 31)),
    (date(2022, 9, 1), date(2022, 9, 1), date(2027, 8, 31)),
    (date(2027, 8, 31), date(2022, 9, 1), date(2027, 8, 31)),
    (date(2027, 9, 1), date(2027, 9, 1), date(2032, 8, 31)),
])
def test_five_school_year_cycle(on, start, end):
    period = shanxi.portal_cycle(on=on)
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize("overrides,on,start,end", [
    ({"school_year_start_month": "1"}, date(2024, 6, 1), date(2022, 1, 1), date(2026, 12, 31)),
    ({"school_year_start_month": "1"}, date(2021, 12, 31), date(2017, 1, 1), date(2021, 12, 31)),
    ({"cycle_anchor_year": "2021"}, date(2024, 6, 1), date(2021, 9, 1), date(2026, 8, 31)),
    ({"school_year_start_month": "8", "cycle_anchor_year": "2020"}, date(2025, 8, 1), date(2025, 8, 1),
     date(2030, 7, 31)),
])
def test_cycle_follows_the_settings(overrides, on, start, end):
    with settings(**overrides):
        period = shanxi.portal_cycle(on=on)
    assert (period.start, period.end) == (start, end)


def test_rule_versions_and_requirements():
    [version] = shanxi.portal_rule_versions()
    assert (version.code, version.effective_from) == ("shanxi-2017", date(2017, 8, 1))
    assert SOURCE_PATTERN.match(version.source)
    assert convert(act(C, CEN, 8, PA), on=date(2010, 1, 1)).rule_version == "shanxi-2017"
    req = shanxi.portal_requirements(on=ON)
    assert (req.cycle, req.yearly, req.unit) == (D(120), D(20), Unit.CREDIT)
    assert req.cycle_source == req.yearly_source == f"{DOC} §三(二)"


def test_parameters_are_core_parameters_and_settings_say_why():
    params = shanxi.portal_parameters()
    names = [p.name for p in params]
    assert len(names) == len(set(names))
    assert {p.name for p in params if p.is_setting} == {
        "rules_2017_effective", "school_year_start_month", "cycle_anchor_year", "school_centralized_hours_per_credit",
        "daily_hours_cap", "credit_quantum", "credit_rounding", "missing_grade", "borrowing_counts_for_cycle",
        "compulsory_topic_minimum", "probation_review_years", "probation_fail_gives_no_hours"}
    for p in params:
        assert all(CLEAN_SOURCE.match(v.source) for v in p.values), p.name
        assert "ASSUMPTION" not in p.label and "假设" not in p.label
    # the figures the document gives stay fixed
    fixed = {p.name: p.at(ON) for p in params if not p.is_setting}
    assert fixed["cycle_minimum"] == D(120) and fixed["yearly_minimum"] == D(20)
    assert fixed["city_up_centralized_minimum"] == D(20) and fixed["self_study_cap"] == D(20)
    assert fixed["probation_hours_total"] == D(120) and fixed["appeal_months"] == 6


def test_describe_lists_the_settings_with_defaults():
    described = rulebook.describe(Region.load("shanxi"))
    defaults = {s["name"]: s["default"] for s in described["settings"]}
    assert defaults["school_year_start_month"] == 9 and defaults["credit_quantum"] == 0.1
    assert defaults["borrowing_counts_for_cycle"] is False
    assert {p["code"] for p in described["programs"]} == {"new_teacher_probation"}
    assert "credit_bank_borrowing" in {c["code"] for c in described["categories"]}


def test_every_category_and_duty_cites_the_document():
    for item in [*shanxi.portal_credit_categories(), *shanxi.portal_duties(), *shanxi.portal_purposes(),
                 *shanxi.portal_programs()]:
        assert CLEAN_SOURCE.match(item.source), item.code


# Compliance -----------------------------------------------------------------------------

VETERAN = TeacherFacts(entered_post=date(2005, 9, 1))
END = date(2027, 8, 31)


def rec(day, amount, category="centralized_city_up", unit=Unit.CREDIT, topics=(), source=LedgerSource.ENROLLMENT):
    return Record(day, D(str(amount)), unit, category, source=source, topics=topics)


def full_cycle(per_year="24", category="centralized_city_up"):
    return [rec(date(y, 11, 1), per_year, category) for y in range(2022, 2027)]


def finding(compliance, code):
    return next(f for f in compliance.findings if f.code == code)


def check(records, as_of=END, teacher=VETERAN):
    return shanxi.portal_check_compliance(teacher=teacher, records=records, as_of=as_of)


@pytest.mark.parametrize("records,earned,counted,ok", [
    (full_cycle("24"), "120", "120", True),                              # exactly 120
    (full_cycle("23.98"), "119.9", "119.9", False),
    ([*full_cycle("20"), rec(date(2027, 7, 1), "20", "self_study")], "120", "120", True),  # cap reached exactly
    ([*full_cycle("20"), rec(date(2025, 7, 1), "26", "self_study")], "126", "120", True),  # cap exceeded: 6 not counted
    ([*full_cycle("19"), rec(date(2025, 7, 1), "30", "self_study")], "125", "115", False),
    ([*full_cycle("24"), rec(date(2022, 8, 31), "50")], "120", "120", True),  # previous cycle does not count
    ([*full_cycle("20"), rec(date(2026, 3, 1), "20", "credit_bank_borrowing")], "100", "100", False),  # a loan
    ([*full_cycle("20"), rec(date(2026, 3, 1), "60", "probation_centralized", Unit.HOUR)], "100", "100", False),
])
def test_cycle_total(records, earned, counted, ok):
    c = check(records)
    assert (c.cycle.earned, c.cycle.counted, c.cycle.ok) == (D(earned), D(counted), ok)
    f = finding(c, "cycle_total")
    assert (f.ok, f.required, f.actual, f.deadline) == (ok, D(120), D(counted), END)
    if not ok:
        assert "周期继续教育不合格" in f.message


def test_borrowing_counts_for_the_cycle_when_the_bureau_says_so():
    records = [*full_cycle("20"), rec(date(2026, 3, 1), "20", "credit_bank_borrowing")]
    with settings(borrowing_counts_for_cycle="true"):
        c = check(records)
    assert (c.cycle.earned, c.cycle.counted, c.cycle.ok) == (D(120), D(120), True)


def test_cycle_total_message_before_the_end():
    f = finding(check(full_cycle("10")[:3], as_of=date(2025, 6, 30)), "cycle_total")
    assert f.message == "本周期（2022-09-01 至 2027-08-31）已认定 30 学分，还需 90 学分，截止 2027-08-31"
    assert f.shortfall == D(90)


def test_records_after_as_of_are_ignored():
    c = check([rec(date(2024, 6, 1), 10), rec(date(2024, 6, 2), 10)], as_of=date(2024, 6, 1))
    assert c.cycle.earned == D(10)


@pytest.mark.parametrize("records,ok", [
    ([rec(date(2023, 1, 1), "20")], True),                                   # exactly 20
    ([rec(date(2023, 1, 1), "19.9")], False),
    ([rec(date(2023, 1, 1), "19.9", "centralized_county"), rec(date(2023, 2, 1), "0.1", "online")], False),
    ([rec(date(2023, 1, 1), "10"), rec(date(2023, 2, 1), "10", "training_service")], False),
])
def test_city_or_higher_centralized_20(records, ok):
    f = finding(check(records), "city_up_centralized")
    assert f.ok is ok and f.required == D(20) and f.source == f"{DOC} §三(二)" and f.deadline == END


@pytest.mark.parametrize("self_study,ok", [("20", True), ("20.1", False), ("0", True)])
def test_self_study_cap_finding(self_study, ok):
    f = finding(check([rec(date(2023, 1, 1), self_study, "self_study")]), "self_study_cap")
    assert (f.ok, f.required, f.actual) == (ok, D(20), D(self_study))
    assert f.source == f"{DOC} §四(四)"


YEARLY = [
    # records in the 2024 school year (2024-09-01 .. 2025-08-31), judged on 2025-10-01: the year is over
    ([rec(date(2025, 8, 31), "20")], True, "达到每学年 20 学分"),
    ([rec(date(2024, 9, 1), "19.9")], False, "该学年继续教育不合格"),
    ([rec(date(2025, 5, 1), "15"), rec(date(2025, 6, 1), "5", "credit_bank_borrowing")], True, "另借贷 5 学分"),
    ([rec(date(2025, 5, 1), "15"), rec(date(2025, 6, 1), "3", "credit_bank_borrowing")], False, "未以学分借贷补足"),
    ([rec(date(2024, 10, 1), "12", "self_study"), rec(date(2025, 6, 1), "8", "online")], True, "修得 20 学分"),
    ([rec(date(2024, 8, 31), "40"), rec(date(2025, 9, 1), "40")], False, "仅修得 0 学分"),  # school year bounds
    ([rec(date(2024, 10, 1), "10"), rec(date(2025, 3, 1), "10")], True, "2024—2025 学年修得 20 学分"),  # across 1 Jan
]


@pytest.mark.parametrize("records,ok,text", YEARLY)
def test_yearly_minimum_after_the_school_year(records, ok, text):
    c = check(records, as_of=date(2025, 10, 1))
    f = finding(c, "yearly_minimum_3")  # 2022, 2023, 2024: the cycle's third school year
    assert f.ok is ok and text in f.message
    assert f.source == f"{DOC} §三(二)、§五(三)" and f.deadline == date(2025, 8, 31)
    assert c.year(2024).ok is ok


def test_yearly_minimum_in_the_current_school_year():
    c = check([rec(date(2024, 10, 1), "8")], as_of=date(2025, 3, 1))
    f = finding(c, "yearly_minimum_3")
    assert not f.ok and f.shortfall == D(12)
    assert f.message == "2024—2025 学年已修 8 学分，还需 12 学分，截止 2025-08-31（或办理学分借贷）"
    assert [y.year for y in c.years] == [2022, 2023, 2024]


def test_yearly_minimum_in_calendar_years_when_the_bureau_says_so():
    with settings(school_year_start_month="1"):
        c = check([rec(date(2024, 12, 31), "20"), rec(date(2025, 1, 1), "8")], as_of=date(2025, 3, 1))
    assert [y.year for y in c.years] == [2022, 2023, 2024, 2025]
    f = finding(c, "yearly_minimum_4")
    assert f.message == "2025 年已修 8 学分，还需 12 学分，截止 2025-12-31（或办理学分借贷）"
    assert c.year(2024).ok


def test_borrowing_counts_for_its_school_year_not_the_cycle():
    c = check([rec(date(2025, 5, 1), "15"), rec(date(2025, 6, 1), "5", "credit_bank_borrowing",
                                                source=LedgerSource.TRANSFER)], as_of=date(2025, 9, 1))
    assert c.year(2024).earned == D(20) and c.cycle.earned == D(15)


def test_every_yearly_finding_code_is_declared():
    c = check([], as_of=date(2027, 8, 31))
    declared = {d.code for d in shanxi.portal_duties()}
    assert [f.code for f in c.findings if f.code.startswith("yearly_")] == [f"yearly_minimum_{n}" for n in range(1, 6)]
    assert {f.code for f in c.findings} <= declared


@pytest.mark.parametrize("entered,years_with_duty", [
    (date(2023, 9, 1), [2024, 2025]),   # probation 2023-09 → 2024-08: 转正 in the 2024 school year
    (date(2024, 9, 1), [2025]),
    (date(2025, 9, 1), []),             # still in probation
    (date(2025, 2, 20), [2025]),        # probation ends 2026-02-19: 转正 in the 2025 school year
    (date(2020, 9, 1), [2022, 2023, 2024, 2025]),
])
def test_yearly_duty_starts_in_the_school_year_of_confirmation(entered, years_with_duty):
    c = check([], as_of=date(2025, 12, 1), teacher=TeacherFacts(entered_post=entered))
    assert [y.year for y in c.years if y.required is not None] == years_with_duty


@pytest.mark.parametrize("records,ethics,it", [
    ([], False, False),
    ([rec(date(2023, 1, 1), "6", topics=("ethics",))], True, False),
    ([rec(date(2023, 1, 1), "6", topics=("ethics", "it"))], True, True),
    ([rec(date(2022, 1, 1), "6", topics=("ethics", "it"))], False, False),   # previous cycle
    ([rec(date(2023, 1, 1), "0", topics=("it",))], False, False),              # failed: no credits
])
def test_compulsory_topics(records, ethics, it):
    c = check(records)
    assert finding(c, "compulsory_ethics").ok is ethics
    assert finding(c, "compulsory_it").ok is it
    assert finding(c, "compulsory_it").source == f"{DOC} §三(三)"


def test_compulsory_topic_minimum_setting():
    records = [rec(date(2023, 1, 1), "4", topics=("it",)), rec(date(2023, 1, 1), "6", topics=("ethics",))]
    with settings(compulsory_topic_minimum="6"):
        c = check(records)
    assert (finding(c, "compulsory_it").ok, finding(c, "compulsory_it").required) == (False, D(6))
    assert finding(c, "compulsory_ethics").ok


# Probation and eligibility §三(二), §五(三) -------------------------------------------------

NEW = TeacherFacts(entered_post=date(2025, 9, 1))


def hours(day, amount, category):
    return rec(day, amount, category, Unit.HOUR)


PROBATION_CASES = [
    ([hours(date(2025, 9, 10), 60, "probation_centralized"), hours(date(2025, 11, 1), 60, "probation_school_online")],
     True, True, True, ""),
    ([hours(date(2025, 9, 10), 100, "probation_centralized"), hours(date(2025, 11, 1), 30, "probation_school_online")],
     True, False, True, "校本培训与网络研修还需 30 学时，截止 2026-08-31"),
    ([hours(date(2025, 9, 10), 59, "probation_centralized"), hours(date(2025, 11, 1), 61, "probation_school_online")],
     False, True, True, "集中培训还需 1 学时，截止 2026-08-31"),
    ([hours(date(2025, 9, 10), 60, "probation_centralized")], True, False, False,
     "校本培训与网络研修还需 60 学时，截止 2026-08-31"),
]


@pytest.mark.parametrize("records,centralized,school_online,total,missing", PROBATION_CASES)
def test_probation_findings_and_confirmation(records, centralized, school_online, total, missing):
    as_of = date(2026, 5, 1)
    c = check(records, as_of=as_of, teacher=NEW)
    assert finding(c, "probation_centralized").ok is centralized
    assert finding(c, "probation_school_online").ok is school_online
    assert finding(c, "probation_total").ok is total
    assert finding(c, "probation_total").deadline == date(2026, 8, 31)
    el = {e.purpose: e for e in shanxi.portal_eligibility(teacher=NEW, records=records, as_of=as_of)}
    confirmation = el["probation_confirmation"]
    assert confirmation.ok is (centralized and school_online and total)
    assert "转正定级" in confirmation.reason and confirmation.missing == missing


def test_probation_missing_after_the_probation_year():
    el = shanxi.portal_eligibility(teacher=NEW, records=[], as_of=date(2026, 10, 1))
    confirmation = next(e for e in el if e.purpose == "probation_confirmation")
    assert confirmation.missing == ("集中培训还需 60 学时、校本培训与网络研修还需 60 学时，"
                                    "试用期已于 2026-08-31 结束")


@pytest.mark.parametrize("as_of,shown", [
    (date(2025, 8, 31), False), (date(2025, 9, 1), True), (date(2027, 8, 31), True), (date(2027, 9, 1), False),
])
def test_probation_is_judged_only_for_new_teachers(as_of, shown):
    c = check([], as_of=as_of, teacher=NEW)
    assert any(f.code == "probation_centralized" for f in c.findings) is shown
    el = shanxi.portal_eligibility(teacher=NEW, records=[], as_of=as_of)
    assert any(e.purpose == "probation_confirmation" for e in el) is shown


PURPOSES = {"annual_rating", "contract_renewal", "title_application", "awards", "certificate_registration"}


@pytest.mark.parametrize("records,as_of,ok,text,missing", [
    ([rec(date(2024, 3, 1), "20")], date(2024, 6, 1), True, "继续教育合格", ""),
    ([rec(date(2024, 3, 1), "19")], date(2024, 6, 1), False, "未达每学年 20 学分",
     "2023—2024 学年还需 1 学分，截止 2024-08-31（或办理学分借贷）"),
    ([rec(date(2024, 3, 1), "15"), rec(date(2024, 3, 2), "5", "credit_bank_borrowing")], date(2024, 6, 1), True,
     "2023—2024 学年已修 15 学分（另借贷 5 学分），达到每学年 20 学分", ""),
    # the cycle's last school year (2026-09-01 .. 2027-08-31): the cycle total matters too
    ([rec(date(2026, 10, 1), "30")], date(2027, 6, 1), False, "本周期（2022-09-01 至 2027-08-31）已认定 30 学分",
     "本周期还需 90 学分，截止 2027-08-31"),
    ([rec(date(2026, 10, 1), "20", "online"), *full_cycle("20", "online")[:4]], date(2027, 6, 1), False, "",
     "本周期还需 20 学分，截止 2027-08-31；本周期市级及以上集中研修还需 20 学分，截止 2027-08-31"),
    ([*full_cycle("24")], date(2027, 6, 1), True, "", ""),
])
def test_eligibility_follows_this_school_years_standing(records, as_of, ok, text, missing):
    el = shanxi.portal_eligibility(teacher=VETERAN, records=records, as_of=as_of)
    assert {e.purpose for e in el} == PURPOSES
    for e in el:
        assert e.ok is ok and text in e.reason and e.source == f"{DOC} §五(三)"
        assert e.missing == missing


def test_no_yearly_duty_before_confirmation_means_eligible():
    el = shanxi.portal_eligibility(teacher=NEW, records=[], as_of=date(2025, 10, 1))
    assert all(e.ok for e in el if e.purpose in PURPOSES)


# Workflow, panels, region ------------------------------------------------------------------

def test_audit_chain_school_county_city_province():
    wf = shanxi.portal_audit_workflow()
    path, state = [], wf.initial
    for role in (UserRole.SCHOOL_ADMIN, UserRole.DISTRICT_ADMIN, UserRole.CITY_ADMIN, UserRole.PROVINCE_ADMIN):
        step = [t for t in wf.allowed(state, frozenset({role})) if t.target != "rejected"]
        assert len(step) == 1
        state = step[0].target
        path.append(state)
    assert path == ["registered", "county_verified", "city_approved", "province_verified"]
    assert wf.state(state).final
    assert wf.counting() == {"county_verified", "city_approved", "province_verified"}
    assert f"{DOC} §二(四)" in wf.source


def test_dashboard_panels_name_the_school_year_the_core_summed():
    period = shanxi.portal_year(on=date(2025, 3, 1))
    assert (period.start, period.end) == (date(2024, 9, 1), date(2025, 8, 31))
    panels = shanxi.portal_dashboard_panels(summary=ScopeSummary(40, 10, 2024, D("640"), 30, period))
    assert panels[0].value == "30 / 40" and "75%" in panels[0].note and "2024—2025 学年" in panels[0].title
    assert panels[1].value == "16"
    assert shanxi.portal_dashboard_panels(summary=ScopeSummary(0, 0, 2024, D(0), 0, period))[1].value == "0"
    with settings(school_year_start_month="1"):
        assert shanxi.portal_year(on=date(2025, 3, 1)).start == date(2025, 1, 1)
        assert "2024 年" in shanxi.portal_dashboard_panels(summary=ScopeSummary(1, 1, 2024, D(0), 0))[0].title


def test_region_info():
    info = shanxi.portal_region_info()
    assert (info.code, info.name, info.unit, info.version) == ("shanxi", "山西省", Unit.CREDIT, shanxi.__version__)


def test_activity_form_drops_unused_fields_and_sends_compulsory_topics(make_app):
    app = make_app("shanxi", WTF_CSRF_ENABLED=False)
    form_class = shanxi.portal_activity_form()
    with app.test_request_context(method="POST", data={
            "level": "provincial", "mode": "centralized", "hours": "18", "grade": "excellent",
            "role": "participant", "compulsory": ["ethics", "it"]}):
        form = form_class()
        assert "service_year" not in form and "topics" not in form
        assert form.validate(), form.errors
        data = form.activity_data()
    assert data["topics"] == ["ethics", "it"]
    assert convert(Activity.from_mapping(data)).amount == D("7.2")


# Demo -----------------------------------------------------------------------------------

def walk(node):
    yield node
    for child in node.children:
        yield from walk(child)


@pytest.mark.parametrize("today", [date(2026, 11, 24), date(2027, 1, 1), date(2024, 2, 29), date(2026, 8, 31)])
def test_demo_is_coherent(today):
    demo = shanxi.portal_demo_data(today=today)
    nodes = {n.code: n for n in walk(demo.org_tree)}
    assert len(nodes) == len(list(walk(demo.org_tree)))
    assert demo.org_tree.name == "山西省"
    assert sum(n.kind == OrgKind.INSTITUTION for n in nodes.values()) == 1
    schools = {c for c, n in nodes.items() if n.kind == OrgKind.SCHOOL}
    assert {u.username for u in demo.users} == {
        "school_admin", "principal", "district_admin", "city_admin", "province_admin", "institution", "workshop_leader"}
    assert all(u.org_code in nodes for u in demo.users)
    usernames = [u.username for u in demo.users] + [t.username for t in demo.teachers]
    assert len(usernames) == len(set(usernames)) and "teacher" in usernames
    assert len(demo.teachers) >= 40
    for t in demo.teachers:
        assert t.school_code in schools
        parsed = parse_id_number(t.id_number, today)
        assert parsed.value.startswith("14") and not parsed.warnings
        assert (int(t.id_number[16]) % 2 == 1) == (t.gender.value == "male")
        assert t.entered_post <= today
    known = set(usernames)
    teacher_years = set()
    for p in demo.projects:
        assert p.organiser_code in nodes and p.start <= p.end <= today
        for e in p.enrollments:
            assert e.teacher in known and e.attended_hours is not None  # completed: the core converts it
            activity = Activity(
                level=p.level, mode=p.mode, hours=e.attended_hours, start=p.start, end=p.end, grade=e.grade,
                role=e.role, program=p.program, service_year=e.service_year, base_credits=p.base_credits,
                topics=p.topics, days=(p.end - p.start).days + 1,
            )
            result = convert(activity, on=p.end)
            assert result.category == p.category
            if e.teacher == "teacher":
                teacher_years.add(rules.school_year_of(p.end))
    assert rules.school_year_of(today) in teacher_years  # the demo teacher has credits this school year
    assert any(not p.audited for p in demo.projects)


def test_every_source_is_a_clean_clause():
    records = [*full_cycle("19"), rec(date(2025, 7, 1), "30", "self_study"),
               rec(date(2024, 3, 1), "5", "credit_bank_borrowing")]
    teacher = TeacherFacts(entered_post=date(2025, 9, 1))
    with settings(credit_quantum="1", daily_hours_cap="6", missing_grade="good"):
        c = check(records, as_of=date(2026, 3, 1), teacher=teacher)
        el = shanxi.portal_eligibility(teacher=teacher, records=records, as_of=date(2026, 3, 1))
        results = [convert(a) for a in (act(CO, DEG, 1, FA, base_credits=D(2)),
                                        act(CO, CEN, 5, FA, program="new_teacher_probation", days=1),
                                        act(S, CEN, 13, days=2),
                                        act(C, CEN, 6, role=ActivityRole.INSTRUCTOR, base_credits=D(1)))]
    sources = [f.source for f in c.findings] + [e.source for e in el] + [
        s.source for r in results for s in r.steps]
    assert sources and all(CLEAN_SOURCE.match(s) for s in sources)
    assert all(e.ok or e.missing for e in el)
