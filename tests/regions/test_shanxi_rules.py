"""Shanxi rules (晋教师〔2017〕14号), table-driven from the document's own figures.

Years are school years from 1 September (setting ``school_year_start_month``); the cycle
in force from 2022-09-01 to 2027-08-31 (setting ``cycle_anchor_year`` 2017). Credits are
registered from the school year of 转正 or transfer (§三(二)).
"""
from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pytest
from wtforms import SelectMultipleField

import plugins.shanxi as shanxi
from plugins.shanxi import periods
from plugins.shanxi import parameters as P
from portal import rulebook
from portal.conformance import SOURCE_PATTERN
from portal.domain import (
    Activity, ActivityRole, Grade, InvalidInput, LedgerSource, Level, Mode, OrgKind, Period, Record,
    ScopeSummary, TeacherFacts, Unit, UserRole,
)
from portal.domain.idcard import parse_id_number
from portal.domain.parameters import SettingError, applied, parse_overrides
from portal.domain.text import Text, using
from portal.plugins import Region
from tests.support import login

ON = date(2024, 6, 1)
DOC = "shanxi-2017-credit-management.txt"
CLEAN_SOURCE = re.compile(rf"^{re.escape(DOC)} §\S+$")  # clauses, no setting notes, no 假设
SETTING_NAMES = re.compile("|".join(p.name for p in P.settings()))
REGION = Region.load("shanxi")

N, PR, C, CO, S = Level.NATIONAL, Level.PROVINCIAL, Level.CITY, Level.COUNTY, Level.SCHOOL
CEN, ONL, SB, SS, DEG = Mode.CENTRALIZED, Mode.ONLINE, Mode.SCHOOL_BASED, Mode.SELF_STUDY, Mode.DEGREE
EX, GO, PA, FA = Grade.EXCELLENT, Grade.GOOD, Grade.PASS, Grade.FAIL


def act(level, mode, hours, grade=None, **kw) -> Activity:
    return Activity(level=level, mode=mode, hours=D(str(hours)), grade=grade, **kw)


def convert(activity, on=ON):
    """The region's conversion, stamped with the rule version as the core stamps it."""
    return replace(shanxi.portal_convert_activity(activity=activity, on=on), rule_version=REGION.rule_version(on).code)


@contextmanager
def settings(**overrides):
    """A bureau's overrides, as ``Region.load(..., settings=...)`` applies them."""
    with applied(parse_overrides(list(P.PARAMETERS), overrides)):
        yield


def words_of(*texts) -> list[str]:
    """What people read, in Chinese and in English."""
    found = []
    for text in texts:
        if isinstance(text, Text) or hasattr(text, "render"):
            found += [text.render("zh_Hans_CN"), text.render("en")]
        elif text:
            found.append(str(text))
    return found


def assert_readable(*texts):
    """No setting name, no 本地设置, and English without Chinese left in it."""
    for text in texts:
        for said in words_of(text):
            assert not SETTING_NAMES.search(said) and "本地设置" not in said and "默认" not in said, said
        if hasattr(text, "render"):
            assert not re.search(r"[\u4e00-\u9fff]", text.render("en")), text.render("en")


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
    assert_readable(*(s.text for s in result.steps), *(s.value for s in result.steps))


def test_the_rules_leave_the_rule_version_to_the_core():
    assert shanxi.portal_convert_activity(activity=act(PR, CEN, 30, PA), on=ON).rule_version == ""


def test_conversion_steps_explain_each_stage():
    steps = convert(act(PR, CEN, 30, EX)).steps
    texts = [s.text for s in steps]
    assert any("每 3 学时折算 1 学分" in t for t in texts)
    assert any("30 学时 ÷ 3 = 10 学分" in t for t in texts)
    assert any("增加 20%" in t and "10 × 1.2 = 12 学分" in t for t in texts)
    assert {s.source for s in steps} >= {f"{DOC} §四(一)", f"{DOC} §四(二)"}
    assert not any(s.settings for s in steps)  # exact figures rely on no setting
    with using("en"):
        assert any("30 hours ÷ 3 = 10 credits" in str(t) for t in texts)


def test_step_values_are_words_not_codes():
    """The category, the grade assumed and the compulsory content read as words (issue 7)."""
    values = [s.value for s in convert(act(C, CEN, 12, topics=("ethics",))).steps]
    assert "市级及以上集中培训" in values and "合格" in values and "师德教育" in values
    codes = {"centralized_city_up", "pass", "ethics", "online", "school_based", "degree", "training_service"}
    for activity in (act(PR, ONL, 10, PA), act(S, SB, 10, PA), act(CO, DEG, 1, base_credits=D(2)),
                     act(C, CEN, 6, role=ActivityRole.INSTRUCTOR, base_credits=D(1))):
        assert not codes & {str(s.value) for s in convert(activity).steps}
    with using("en"):
        assert "Centralized training at city level or above" in [str(v) for v in values]


def test_steps_that_rely_on_a_setting_name_it_in_settings_not_in_words():
    rounding = convert(act(PR, CEN, 10, EX)).steps
    assert any("保留一位小数，四舍五入" in s.text and set(s.settings) == {"credit_quantum", "credit_rounding"}
               for s in rounding)
    missing = convert(act(PR, CEN, 30)).steps
    assert any("未填写考核等级" in s.text and s.settings == ("missing_grade",) for s in missing)
    school = convert(act(S, CEN, 10, PA)).steps
    assert any(s.settings == ("school_centralized_hours_per_credit",) for s in school)
    assert_readable(*(s.text for s in rounding + missing + school))


def test_compulsory_topics_are_marked_in_steps():
    steps = convert(act(PR, CEN, 18, PA, topics=("ethics", "other"))).steps
    assert [s.value for s in steps if s.source == f"{DOC} §三(三)"] == ["师德教育"]


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
    assert any(name in s.settings for s in result.steps)
    assert all(CLEAN_SOURCE.match(s.source) for s in result.steps)
    assert_readable(*(s.text for s in result.steps))


def test_daily_cap_applies_to_probation_hours():
    with settings(daily_hours_cap="6"):
        result = convert(act(CO, CEN, 70, PA, program="new_teacher_probation", days=10))
    assert result.amount == D(60)


def test_a_document_figure_is_no_setting():
    with pytest.raises(ValueError):
        parse_overrides(list(P.PARAMETERS), {"yearly_minimum": "10"})


@pytest.mark.parametrize("overrides", [
    {"credit_rounding": "sideways"}, {"missing_grade": "great"}, {"school_year_start_month": "13"},
    {"partial_year": "half"},
])
def test_a_setting_outside_its_choices_is_refused_when_set(overrides):
    with pytest.raises(SettingError):
        parse_overrides(list(P.PARAMETERS), overrides)


def test_a_zero_credit_quantum_is_refused_in_words():
    with settings(credit_quantum="0"), pytest.raises(InvalidInput) as err:
        convert(act(PR, CEN, 10))
    assert err.value.field == "credit_quantum" and "学分保留到的位数须大于 0" == err.value.message
    assert_readable(err.value.message)


def test_settings_read_in_words():
    by_name = {p.name: p for p in P.PARAMETERS}
    assert by_name["credit_rounding"].display("half_up") == "四舍五入"
    assert by_name["missing_grade"].display("pass") == "合格"
    assert by_name["partial_year"].display("prorata") == "按在岗月数折算"
    assert by_name["school_year_start_month"].display(9) == "9 月"  # a month, as its label asks
    assert by_name["daily_hours_cap"].display(D(0)) == "不设上限"
    assert by_name["credit_quantum"].display(D("0.1")) == "保留一位小数"
    assert by_name["appeal_months"].display(6) == "半年（6 个月）"
    with using("en"):
        assert str(by_name["grade_bonus"].display(by_name["grade_bonus"].default)) == (
            "excellent: 20% added to the base credits, good: 10% added to the base credits, "
            "pass: the base credits, fail: no credits")


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
    assert_readable(*(s.text for s in result.steps), *(s.value for s in result.steps))


def test_training_ignores_declared_credits():
    result = convert(act(PR, CEN, 30, PA, base_credits=D(99)))
    assert result.amount == D(10)
    assert any("不采用项目申报的 99 学分" in s.text for s in result.steps)


# New-teacher probation §三(二): recorded in hours -------------------------------------------

PROBATION_SOURCE = f"{DOC} §三(二)（新任教师第一学年须接受不少于120学时的试用期培训）"
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
    assert result.steps[0].source == PROBATION_SOURCE


def test_failed_probation_hours_count_when_the_bureau_says_so():
    with settings(probation_fail_gives_no_hours="false"):
        assert convert(act(CO, CEN, 60, FA, program="new_teacher_probation")).amount == D(60)


# Invalid activities -------------------------------------------------------------------------

INVALID = [
    (act(PR, CEN, 6, program="backbone"), "program", "可选的项目：新任教师试用期培训"),
    (act(CO, DEG, 6), "base_credits", "学历教育课程：请填写认定的学分"),
    (act(CO, SS, 0), "base_credits", "自主研修：请填写认定的学分"),
    (act(C, CEN, 6, role=ActivityRole.INSTRUCTOR), "base_credits", "请填写认定的学分"),
    (act(CO, DEG, 6, role=ActivityRole.INSTRUCTOR, base_credits=D(1)), "role", "学历教育课程只能以参训者身份登记"),
    (act(CO, SS, 6, program="new_teacher_probation"), "mode", "试用期培训只有集中培训、校本培训与网络研修"),
    (act(CO, CEN, 6, program="new_teacher_probation", service_year=2), "service_year", "只在第一学年"),
    (act(CO, CEN, 6, program="new_teacher_probation", role=ActivityRole.MENTOR), "role", "只登记参训的新任教师"),
]


@pytest.mark.parametrize("activity,field,words", INVALID)
def test_invalid_activities_name_the_field_in_words(activity, field, words):
    with pytest.raises(InvalidInput) as err:
        convert(activity)
    assert err.value.field == field
    assert isinstance(err.value.message, Text) and words in err.value.message
    assert_readable(err.value.message)
    codes = {"backbone", "new_teacher_probation", "degree", "self_study", "base_credits", "service_year", "role"}
    assert not any(code in err.value.message.render("zh_Hans_CN") for code in codes)


# Version, school years, cycle, requirements --------------------------------------------------

@pytest.mark.parametrize("day,year", [
    (date(2023, 8, 31), 2022), (date(2023, 9, 1), 2023), (date(2024, 1, 1), 2023), (date(2024, 2, 29), 2023),
])
def test_school_year_begins_on_1_september(day, year):
    assert periods.school_year_of(day) == year


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
    req = shanxi.portal_requirements(on=ON, teacher=None)
    assert (req.cycle, req.yearly, req.unit) == (D(120), D(20), Unit.CREDIT)
    assert req.cycle_source == f"{DOC} §三(二)"
    assert req.yearly_source == f"{DOC} §三(二)（每学年所修学分原则上不应少于20学分）"


def test_the_document_is_cited_by_its_own_heading_and_issuer():
    [document] = shanxi.portal_documents()
    assert document.title == "山西省教育厅关于实施专业技术人才知识更新工程加强中小学教师培训学分管理的意见"
    assert (document.issuer, document.issued) == ("山西省教育厅", date(2017, 8, 1))
    text = REGION.library.text(document)
    assert any(document.title == line.text for line in text.lines)
    assert_readable(document.title, document.issuer)


def test_parameters_are_core_parameters_and_settings_say_why():
    params = shanxi.portal_parameters()
    names = [p.name for p in params]
    assert len(names) == len(set(names))
    assert {p.name for p in params if p.is_setting} == {
        "rules_2017_effective", "school_year_start_month", "cycle_anchor_year", "school_centralized_hours_per_credit",
        "daily_hours_cap", "credit_quantum", "credit_rounding", "missing_grade", "borrowing_counts_for_cycle",
        "compulsory_topic_minimum", "probation_review_years", "probation_fail_gives_no_hours", "partial_year",
        # §三(二) counts the probation year's hours by form and names no program
        "probation_counts_any_training",
        "partial_cycle", "registration_deadline_months", "late_registration_refused",
        # the credit bank's rules the document leaves open (§四(五)): repayment, when, while owing, how much
        "borrowing_repaid_from_savings", "borrowing_window_months", "borrowing_while_owing", "borrowing_max",
        # §四(二) gives the bonus on 原学分 but not whether before or after rounding (which it never mentions)
        "bonus_on_rounded_base",
        # §二(一) names the five levels, not which unit runs which
        "organiser_levels"}
    for p in params:
        assert all(CLEAN_SOURCE.match(v.source) for v in p.values), p.name
        assert_readable(p.label, p.assumption, p.display(p.default))
        if p.is_setting:
            assert "须由本区教育行政部门确认" in p.assumption, p.name
    # the figures the document gives stay fixed
    fixed = {p.name: p.at(ON) for p in params if not p.is_setting}
    assert fixed["cycle_minimum"] == D(120) and fixed["yearly_minimum"] == D(20)
    assert fixed["city_up_centralized_minimum"] == D(20) and fixed["self_study_cap"] == D(20)
    assert fixed["probation_hours_total"] == D(120) and fixed["appeal_months"] == 6


def test_the_appeal_window_is_pinned_to_the_words_half_a_year():
    [clause] = REGION.library.resolve(P.APPEAL_MONTHS.source_at(ON))
    assert clause.location.exact and clause.location.phrase == "在半年内提出申诉"
    assert "半年内" in REGION.library.text(clause.document).text_of(clause.location)


def test_the_hour_rates_and_the_grade_bonus_are_the_figures_their_clauses_give():
    """§四(一) gives 3, 4 and 5 hours a credit and §四(二) 20% and 10% on 原学分: fixed, not settings;
    the clauses say nothing of rounding, so rounding and the bonus's order are settings."""
    library = REGION.library
    [rates] = library.resolve(P.HOURS_PER_CREDIT_CENTRALIZED_CITY_COUNTY.source_at(ON))
    rate_text = library.text(rates.document).text_of(rates.location)
    [bonus] = library.resolve(P.GRADE_BONUS.source_at(ON))
    bonus_text = library.text(bonus.document).text_of(bonus.location)
    assert "省级及以上集中培训按3学时、市级和县(区)级集中培训按4学时、网络研修和校本研修按5学时折算一个学分" in rate_text
    assert "在其原学分基础上分别增加20%、10%学分奖励" in bonus_text
    for text in (rate_text, bonus_text):
        assert not any(word in text for word in ("四舍五入", "取整", "小数", "保留"))
    for p in (P.BASE_HOURS_PER_CREDIT, P.HOURS_PER_CREDIT_CENTRALIZED_PROVINCIAL_UP,
              P.HOURS_PER_CREDIT_CENTRALIZED_CITY_COUNTY, P.HOURS_PER_CREDIT_ONLINE_SCHOOL_BASED, P.GRADE_BONUS):
        assert not p.is_setting, p.name
    assert P.GRADE_BONUS.at(ON)[Grade.EXCELLENT] == D("0.20") and P.GRADE_BONUS.at(ON)[Grade.GOOD] == D("0.10")
    for p in (P.CREDIT_QUANTUM, P.CREDIT_ROUNDING, P.BONUS_ON_ROUNDED_BASE):
        assert p.is_setting and ("文件没有" in p.assumption or "没有写" in p.assumption), p.name


@pytest.mark.parametrize("hours,grade,on_rounded,expected", [
    (7, "good", True, "2.5"),        # 7 ÷ 3 = 2.33 → 2.3; 2.3 × 1.1 = 2.53 → 2.5
    (7, "good", False, "2.6"),       # 7 × 1.1 ÷ 3 = 2.567 → 2.6
    (7, "excellent", True, "2.8"),   # 2.3 × 1.2 = 2.76 → 2.8
    (7, "excellent", False, "2.8"),  # 7 × 1.2 ÷ 3 = 2.8
    (7, "pass", False, "2.3"),
])
def test_the_bonus_goes_on_the_rounded_base_credits_unless_the_bureau_sets_otherwise(hours, grade, on_rounded, expected):
    with settings(bonus_on_rounded_base="true" if on_rounded else "false"):
        result = convert(act(Level.PROVINCIAL, Mode.CENTRALIZED, hours, Grade(grade)), on=ON)
    assert result.amount == D(expected) and isinstance(result.amount, D)


def test_describe_lists_the_settings_with_defaults():
    described = rulebook.describe(REGION)
    defaults = {s["name"]: s["default"] for s in described["settings"]}
    assert defaults["school_year_start_month"] == 9 and defaults["credit_quantum"] == 0.1
    assert defaults["borrowing_counts_for_cycle"] is False and defaults["partial_cycle"] == "prorata"
    assert {p["code"] for p in described["programs"]} == {"new_teacher_probation", "training_service"}
    assert "credit_bank_borrowing" in {c["code"] for c in described["categories"]}


def test_every_category_duty_purpose_and_program_cites_the_document_in_words():
    items = [*shanxi.portal_credit_categories(), *shanxi.portal_duties(), *shanxi.portal_purposes(),
             *shanxi.portal_programs()]
    for item in items:
        assert CLEAN_SOURCE.match(item.source), item.code
        assert_readable(item.label, item.detail)


# Compliance -----------------------------------------------------------------------------

VETERAN = TeacherFacts(entered_post=date(2005, 9, 1))
END = date(2027, 8, 31)
AFTER = date(2027, 9, 1)  # the day after the cycle's last day: the previous cycle's page reads it then
CYCLE_SOURCE = f"{DOC} §三(一)、§三(二)、§五(三)"
YEARLY_SOURCE = f"{DOC} §三(二)（每学年所修学分原则上不应少于20学分）、§五(三)"


def rec(day, amount, category="centralized_city_up", unit=Unit.CREDIT, topics=(), source=LedgerSource.ENROLLMENT):
    return Record(day, D(str(amount)), unit, category, source=source, topics=topics)


def full_cycle(per_year="24", category="centralized_city_up"):
    return [rec(date(y, 11, 1), per_year, category) for y in range(2022, 2027)]


def finding(compliance, code):
    return next(f for f in compliance.findings if f.code == code)


def check(records, as_of=END, teacher=VETERAN, today=None):
    """The compliance on ``as_of``, read on ``today`` (that day unless given; ``AFTER``: once the
    cycle ending ``END`` has ended, as the previous cycle's page reads it)."""
    return shanxi.portal_check_compliance(teacher=teacher, records=records, as_of=as_of,
                                          today=as_of if today is None else today)


def eligible(records, as_of, teacher=VETERAN):
    return {e.purpose: e for e in shanxi.portal_eligibility(teacher=teacher, records=records, as_of=as_of)}


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
    c = check(records, today=AFTER)  # the cycle's last day, read once it has ended
    assert (c.cycle.earned, c.cycle.counted, c.cycle.ok) == (D(earned), D(counted), ok)
    f = finding(c, "cycle_total")
    assert (f.ok, f.required, f.actual, f.deadline, f.source) == (ok, D(120), D(counted), END, CYCLE_SOURCE)
    if not ok:
        assert "周期继续教育不合格" in f.message
    assert "还需" not in f.message and "截止" not in f.message
    assert_readable(f.message)


def test_borrowing_counts_for_the_cycle_when_the_bureau_says_so():
    """The 2025 school year earned nothing and borrowed its 20: with the setting, the 20 not repaid
    count for the cycle. (A borrowing for a year that had already earned its 20 is not needed and
    goes back at once, setting ``borrowing_repaid_from_savings``: it no longer counts; see
    test_shanxi_bank.)"""
    records = [*(r for r in full_cycle("20") if r.date.year != 2025),
               rec(date(2026, 3, 1), "20", "credit_bank_borrowing")]
    assert check(records).cycle.earned == D(80)
    with settings(borrowing_counts_for_cycle="true"):
        c = check(records)
    assert (c.cycle.earned, c.cycle.counted) == (D(100), D(100))
    assert c.year(2025).ok


def test_cycle_total_message_before_the_end_leaves_the_shortfall_to_the_page():
    f = finding(check(full_cycle("10")[:3], as_of=date(2025, 6, 30)), "cycle_total")
    assert f.message == "周期（2022-09-01 至 2027-08-31）已认定 30 学分，须修满 120 学分"
    assert f.shortfall == D(90) and f.deadline == END
    with using("en"):
        assert str(f.message) == "The cycle (2022-09-01 to 2027-08-31): 30 credits recognised; 120 credits required"


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
    assert f.ok is ok and f.required == D(20) and f.source == f"{DOC} §三(一)、§三(二)" and f.deadline == END
    assert "还需" not in f.message


def test_the_cycle_is_met_only_with_20_city_or_higher_centralized_credits():
    """§三(二) 其中参加市级及以上集中研修须修满20学分, §三(一) 修满规定学分方能审定为合格:
    120 credits without the 20 do not make the cycle."""
    c = check(full_cycle("24", "online"), today=AFTER)  # the cycle's last day, read once it has ended
    assert c.cycle.counted == D(120) and not c.cycle.ok
    assert [f.code for f in c.cycle.conditions] == ["city_up_centralized"]
    total = finding(c, "cycle_total")
    assert not total.ok and total.shortfall is None  # the total is reached; the condition is what is missing
    assert "市级及以上集中研修未修满 20 学分" in total.message and "不能审定为合格" in total.message
    el = eligible(full_cycle("24", "online"), date(2027, 9, 15))  # judged once the cycle has ended
    assert not el["annual_rating"].ok
    assert el["annual_rating"].missing == ("周期（2022-09-01 至 2027-08-31）市级及以上集中研修差 20 学分；"
                                           "2028-09-01 起改按 2027—2028 学年判定")


@pytest.mark.parametrize("self_study,counted", [("20", "20"), ("20.1", "20"), ("0", "0")])
def test_self_study_is_a_cap_not_a_failure(self_study, counted):
    c = check([rec(date(2023, 1, 1), self_study, "self_study")])
    f = finding(c, "self_study_cap")
    assert (f.ok, f.cap, f.required, f.actual) == (True, True, D(20), D(self_study))
    assert f.source == f"{DOC} §四(四)" and c.cycle.counted == D(counted)
    if D(self_study) > 20:
        assert f.message == "周期内自主研修成果 20.1 学分，按 20 学分计入周期学分"


YEARLY = [
    # records in the 2024 school year (2024-09-01 .. 2025-08-31), judged on 2025-10-01: the year is over
    ([rec(date(2025, 8, 31), "20")], True, "达到 20 学分"),
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
    assert f.source == YEARLY_SOURCE and f.deadline == date(2025, 8, 31)
    assert c.year(2024).ok is ok
    assert_readable(f.message)


def test_yearly_minimum_in_the_current_school_year():
    c = check([rec(date(2024, 10, 1), "8")], as_of=date(2025, 3, 1))
    f = finding(c, "yearly_minimum_3")
    assert not f.ok and f.shortfall == D(12)
    assert f.message == "2024—2025 学年已修 8 学分，须修满 20 学分，也可以学分借贷补足"
    assert [y.year for y in c.years] == [2022, 2023, 2024]


def test_yearly_minimum_in_calendar_years_when_the_bureau_says_so():
    with settings(school_year_start_month="1"):
        c = check([rec(date(2024, 12, 31), "20"), rec(date(2025, 1, 1), "8")], as_of=date(2025, 3, 1))
        f = finding(c, "yearly_minimum_4")
        assert f.message == "2025 年已修 8 学分，须修满 20 学分，也可以学分借贷补足"
    assert [y.year for y in c.years] == [2022, 2023, 2024, 2025]
    assert c.year(2024).ok


def test_borrowing_counts_for_its_school_year_not_the_cycle():
    c = check([rec(date(2025, 5, 1), "15"), rec(date(2025, 6, 1), "5", "credit_bank_borrowing",
                                                source=LedgerSource.TRANSFER)], as_of=date(2025, 9, 1))
    assert c.year(2024).counts == D(20) and c.year(2024).earned == D(15) and c.cycle.earned == D(15)


def test_every_finding_code_is_declared():
    declared = {d.code for d in shanxi.portal_duties()}
    c = check([], as_of=date(2027, 8, 31))
    assert [f.code for f in c.findings if f.code.startswith("yearly_")] == [f"yearly_minimum_{n}" for n in range(1, 6)]
    teacher = TeacherFacts(entered_post=date(2005, 9, 1), transferred_in=date(2023, 10, 1), home_unit="某县第一中学")
    moved = check([rec(date(2022, 10, 1), "5")], as_of=date(2027, 8, 31), teacher=teacher)
    assert {"credits_before_registration", "home_unit_registration"} <= {f.code for f in moved.findings}
    assert {f.code for f in c.findings + moved.findings} <= declared


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
    assert finding(c, "compulsory_it").settings == ("compulsory_topic_minimum",)


def test_compulsory_topic_minimum_setting():
    records = [rec(date(2023, 1, 1), "4", topics=("it",)), rec(date(2023, 1, 1), "6", topics=("ethics",))]
    with settings(compulsory_topic_minimum="6"):
        c = check(records)
    assert (finding(c, "compulsory_it").ok, finding(c, "compulsory_it").required) == (False, D(6))
    assert finding(c, "compulsory_ethics").ok


# §三(二) 转正及新调入的教师，从转正和调入年度开始登记培训学分 -----------------------------------------

REGISTRATION_SOURCE = f"{DOC} §三(二)（从转正和调入年度开始登记培训学分）"


@pytest.mark.parametrize("teacher,year", [
    (TeacherFacts(entered_post=date(2023, 9, 1)), 2024),                  # probation 2023-09 → 2024-08
    (TeacherFacts(entered_post=date(2025, 2, 20)), 2025),                 # probation ends 2026-02-19
    (TeacherFacts(entered_post=date(2023, 9, 1), probation_end=date(2025, 2, 28)), 2024),  # a longer probation
    (TeacherFacts(entered_post=date(2010, 9, 1), transferred_in=date(2025, 3, 1)), 2024),  # arrival's school year
    (TeacherFacts(entered_post=date(2024, 9, 1), transferred_in=date(2024, 12, 1)), 2025),  # 转正 after arrival
    (TeacherFacts(), None),
])
def test_credits_are_registered_from_the_school_year_of_confirmation_or_transfer(teacher, year):
    assert periods.registration(teacher, ON).year == year


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
    assert all(y.note for y in c.years if y.required is None)
    first_in_post = max(2022, periods.school_year_of(entered))
    assert [y.year for y in c.years][0] == first_in_post  # no year before the teacher was in post
    assert not any(f.code.startswith("yearly_") and not f.ok and f.deadline < date(2025, 12, 1)
                   for f in c.findings if f.required is None)


def test_a_confirmed_teachers_credits_before_the_confirmation_year_stay_out_of_the_cycle():
    teacher = TeacherFacts(entered_post=date(2023, 9, 1), probation_end=date(2024, 8, 31))
    records = [rec(date(2024, 5, 1), "10"), rec(date(2024, 11, 1), "20", "online")]
    c = check(records, as_of=date(2025, 10, 1), teacher=teacher)
    assert (c.cycle.earned, c.cycle.counted, c.cycle.required) == (D(20), D(20), D(72))  # 36 of 60 months
    assert c.year(2023).required is None and c.year(2023).earned == D(0)
    before = finding(c, "credits_before_registration")
    assert (before.ok, before.cap, before.actual, before.source) == (True, True, D(10), REGISTRATION_SOURCE)
    assert before.message == ("试用期至 2024-08-31，从转正年度 2024—2025 学年起登记培训学分：2024-09-01 前的 10 学分"
                              "仍列在学分记录中，但不计入周期和各学年的学分")
    assert c.cycle.note == "60 个月中有 36 个月登记培训学分（试用期至 2024-08-31，从转正年度 2024—2025 学年起登记培训学分）：要求 72 学分，而非 120 学分"
    assert finding(c, "city_up_centralized").required == D(12)
    assert_readable(before.message, c.cycle.note, c.year(2023).note)


def test_a_transferred_teachers_credits_before_the_arrival_year_are_not_counted():
    teacher = TeacherFacts(entered_post=date(2010, 9, 1), transferred_in=date(2025, 3, 1))
    records = [rec(date(2024, 5, 1), "30"), rec(date(2024, 11, 1), "10", "online"), rec(date(2025, 10, 1), "15", "online")]
    c = check(records, as_of=date(2026, 6, 1), teacher=teacher)
    assert c.cycle.earned == D(25)                  # the 30 of 2024-05 were earned elsewhere, before 2024-09-01
    assert [y.year for y in c.years] == [2024, 2025]
    assert (c.year(2024).required, c.year(2024).earned, c.year(2024).ok) == (D(10), D(10), True)  # 6 of 12 months
    assert c.cycle.required == D(60)                # 30 of 60 months in post
    assert finding(c, "credits_before_registration").actual == D(30)
    assert "2025-03-01 调入" in finding(c, "yearly_minimum_3").message


def test_an_exchange_teacher_registers_at_the_home_unit():
    teacher = TeacherFacts(entered_post=date(2012, 9, 1), home_unit="阳曲县第一中学")
    c = check([rec(date(2025, 10, 1), "20")], as_of=date(2026, 3, 1), teacher=teacher)
    f = finding(c, "home_unit_registration")
    assert f.ok and f.required is None and f.source == f"{DOC} §三(二)（凭现工作单位证明材料回原单位登记培训学分）"
    assert f.message == "城乡交流、挂职或借调期间，凭现工作单位的证明材料回原单位登记培训学分"
    assert c.cycle.required == D(120)  # the duties are those of every teacher
    # the school reads it on its step; the teacher by the finding above (every teacher's waiting entry read it before)
    assert any("原单位" in str(t.note) for t in shanxi.portal_audit_workflow().transitions if t.source == "submitted")
    assert not any(f.code == "home_unit_registration" for f in check([], as_of=date(2026, 3, 1)).findings)


def test_a_year_of_approved_leave_asks_nothing_that_year_and_less_of_the_cycle():
    teacher = TeacherFacts(entered_post=date(2005, 9, 1), leave=(Period(date(2024, 9, 1), date(2025, 8, 31)),))
    c = check([rec(date(2023, 11, 1), "20"), rec(date(2023, 12, 1), "20"), rec(date(2025, 11, 1), "20")],
              as_of=date(2026, 3, 1), teacher=teacher)
    assert c.year(2024).required is None and c.year(2024).ok and "经批准离岗 12 个月" in c.year(2024).note
    assert not any(f.code == "yearly_minimum_3" for f in c.findings)
    assert c.cycle.required == D(96)  # 48 of 60 months
    with settings(partial_cycle="full"):
        assert check([], as_of=date(2026, 3, 1), teacher=teacher).cycle.required == D(120)


def test_a_teacher_hired_this_autumn_reads_a_sensible_page():
    teacher = TeacherFacts(entered_post=date(2026, 9, 1))
    today = date(2026, 12, 1)
    c = check([], as_of=today, teacher=teacher)
    assert [y.year for y in c.years] == [2026] and c.years[0].required is None and c.years[0].note
    assert c.cycle.ok and c.cycle.required == D(0) and "试用期至 2027-08-31" in c.cycle.note
    assert not any(not f.ok and f.deadline and f.deadline < today for f in c.findings)
    assert {f.code for f in c.findings if not f.ok} == {"probation_centralized", "probation_school_online",
                                                        "probation_total"}
    assert all(f.unit == Unit.HOUR for f in c.findings if f.code.startswith("probation_"))
    el = eligible([], today, teacher)
    assert all(el[p].ok for p in PURPOSES)
    assert not el["probation_confirmation"].ok
    assert el["probation_confirmation"].missing == "集中培训还需 60 学时、校本培训与网络研修还需 60 学时，截止 2027-08-31"
    assert_readable(*(f.message for f in c.findings), c.cycle.note, *(e.reason for e in el.values()))


@pytest.mark.parametrize("teacher,on,cycle,yearly,used,year_used", [
    # a new hire in probation: nothing is registered before the 2026 school year of 转正, a year no
    # setting decides (the cycle, held in part, still names its setting)
    (TeacherFacts(entered_post=date(2025, 9, 1)), date(2025, 12, 1), D(24), None, ("partial_cycle",), ()),
    (TeacherFacts(entered_post=date(2025, 9, 1)), date(2026, 10, 1), D(24), D(20), ("partial_cycle",), ()),
    # arrived 2025-03-01: registered from the 2024 school year, 6 of its 12 months in post
    (TeacherFacts(entered_post=date(2010, 9, 1), transferred_in=date(2025, 3, 1)), date(2025, 6, 1), D(60), D(10),
     ("partial_cycle",), ("partial_year",)),
    (VETERAN, ON, D(120), D(20), (), ()),
])
def test_the_requirements_for_a_teacher_are_what_check_asks_of_them(teacher, on, cycle, yearly, used, year_used):
    """portal_requirements with the teacher: the cycle as check reports it, the school year
    holding the day as its year reports it, and the settings they come from."""
    req = shanxi.portal_requirements(on=on, teacher=teacher)
    c = check([], as_of=on, teacher=teacher)
    this_year = periods.school_year_of(on)
    # each figure names the settings it comes from, and only its own
    assert (req.cycle, req.yearly, req.settings, req.yearly_settings) == (cycle, yearly, used, year_used)
    assert req.cycle == c.cycle.required
    assert req.yearly == (c.year(this_year).required if c.year(this_year) else None)
    headline = shanxi.portal_requirements(on=on, teacher=None)
    assert (req.cycle_source, req.yearly_source) == (headline.cycle_source, headline.yearly_source)


def test_the_requirements_without_a_teacher_are_the_headline_figures():
    req = shanxi.portal_requirements(on=date(2025, 12, 1), teacher=None)
    assert (req.cycle, req.yearly, req.settings, req.yearly_settings) == (D(120), D(20), (), ())


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
    assert finding(c, "probation_total").unit == Unit.HOUR
    assert not any("还需" in f.message for f in c.findings)
    confirmation = eligible(records, as_of, NEW)["probation_confirmation"]
    assert confirmation.ok is (centralized and school_online and total)
    assert "转正定级" in confirmation.reason and confirmation.missing == missing


def test_the_probation_training_is_due_in_the_first_school_year_whatever_the_day_of_confirmation():
    # §三(二) 新任教师第一学年须接受不少于120学时的试用期培训: a 转正 date a year later does not
    # stretch the window, and hours of the second year do not fill it (§五(三) 不得转正定级).
    teacher = TeacherFacts(entered_post=date(2024, 9, 1), probation_end=date(2026, 8, 31))
    records = [hours(date(2024, 10, 10), 60, "probation_centralized"),
               hours(date(2025, 10, 10), 60, "probation_school_online")]
    c = check(records, as_of=date(2026, 6, 1), teacher=teacher)
    assert finding(c, "probation_total").deadline == date(2025, 8, 31)
    assert finding(c, "probation_school_online").actual == 0 and not finding(c, "probation_school_online").ok
    assert not eligible(records, date(2026, 6, 1), teacher)["probation_confirmation"].ok


def test_where_the_day_of_entering_post_is_not_known_the_first_year_ends_on_the_confirmation():
    teacher = TeacherFacts(probation_end=date(2026, 12, 31))
    c = check([], as_of=date(2026, 10, 1), teacher=teacher)
    assert finding(c, "probation_total").deadline == date(2026, 12, 31)


def test_probation_missing_after_the_probation_year():
    confirmation = eligible([], date(2026, 10, 1), NEW)["probation_confirmation"]
    assert confirmation.missing == ("集中培训还需 60 学时、校本培训与网络研修还需 60 学时，"
                                    "第一学年已于 2026-08-31 结束")


@pytest.mark.parametrize("as_of,shown", [
    (date(2025, 8, 31), False), (date(2025, 9, 1), True), (date(2027, 8, 31), True), (date(2027, 9, 1), False),
])
def test_probation_is_judged_only_for_new_teachers(as_of, shown):
    c = check([], as_of=as_of, teacher=NEW)
    assert any(f.code == "probation_centralized" for f in c.findings) is shown
    assert ("probation_confirmation" in eligible([], as_of, NEW)) is shown


PURPOSES = {"annual_rating", "contract_renewal", "title_application", "awards", "certificate_registration"}


NEXT_YEAR_2024 = "2024-09-01 起改按 2023—2024 学年判定"
NEXT_YEAR_2028 = "2028-09-01 起改按 2027—2028 学年判定"
CYCLE_2022 = "周期（2022-09-01 至 2027-08-31）"


@pytest.mark.parametrize("records,as_of,ok,text,missing", [
    # §五(三) judges the most recently ended school year; the year in progress is progress only
    ([rec(date(2023, 3, 1), "20")], date(2023, 9, 15), True, "2022—2023 学年已修 20 学分，达到 20 学分，继续教育合格", ""),
    ([rec(date(2023, 3, 1), "19")], date(2023, 9, 15), False,
     "2022—2023 学年仅修得 19 学分，未达 20 学分，该学年继续教育不合格",
     f"2022—2023 学年差 1 学分，未以学分借贷补足；{NEXT_YEAR_2024}"),
    ([rec(date(2023, 3, 1), "15"), rec(date(2023, 3, 2), "5", "credit_bank_borrowing")], date(2023, 9, 15), True,
     "2022—2023 学年已修 15 学分（另借贷 5 学分），达到 20 学分", ""),
    ([rec(date(2023, 3, 1), "20")], date(2024, 6, 1), True,
     "2023—2024 学年进行中，已修 0 学分，还需 20 学分，截止 2024-08-31（或办理学分借贷）", ""),
    # on its last day the year is still in progress; it is judged from the next day
    ([rec(date(2023, 3, 1), "20")], date(2024, 8, 31), True, "2023—2024 学年进行中，已修 0 学分，还需 20 学分", ""),
    ([rec(date(2023, 3, 1), "20")], date(2024, 9, 1), False, "2023—2024 学年仅修得 0 学分",
     "2023—2024 学年差 20 学分，未以学分借贷补足；2025-09-01 起改按 2024—2025 学年判定"),
    # the cycle's last school year in progress: the cycle is progress too
    ([*full_cycle("20")[:4], rec(date(2026, 10, 1), "10")], date(2027, 6, 1), True,
     f"本{CYCLE_2022}已认定 90 学分，其中市级及以上集中研修 90 学分；本周期还需 30 学分，截止 2027-08-31", ""),
    # the cycle ended short: judged with the year that closed it
    ([*full_cycle("20")[:4], rec(date(2026, 10, 1), "10")], date(2027, 9, 15), False,
     f"{CYCLE_2022}届满认定 90 学分，其中市级及以上集中研修 90 学分，周期继续教育不合格",
     f"2026—2027 学年差 10 学分，未以学分借贷补足；{CYCLE_2022}届满差 30 学分；{NEXT_YEAR_2028}"),
    ([rec(date(2026, 10, 1), "20", "online"), *full_cycle("20", "online")[:4]], date(2027, 9, 15), False, "",
     f"{CYCLE_2022}届满差 20 学分；{CYCLE_2022}市级及以上集中研修差 20 学分；{NEXT_YEAR_2028}"),
    ([*full_cycle("24")], date(2027, 9, 15), True,
     f"{CYCLE_2022}届满认定 120 学分，其中市级及以上集中研修 120 学分，周期合格", ""),
    # once the next school year has ended, it is that year that is judged
    ([*full_cycle("20", "online"), rec(date(2027, 10, 1), "20")], date(2028, 9, 15), True,
     "2027—2028 学年已修 20 学分，达到 20 学分，继续教育合格", ""),
])
def test_eligibility_follows_the_most_recently_ended_school_year_and_cycle(records, as_of, ok, text, missing):
    el = shanxi.portal_eligibility(teacher=VETERAN, records=records, as_of=as_of)
    assert {e.purpose for e in el} == PURPOSES
    for e in el:
        assert e.ok is ok and text in e.reason and e.source == f"{DOC} §五(三)"
        assert e.missing == missing
        assert_readable(e.reason, e.missing)


def test_no_yearly_duty_before_confirmation_means_eligible():
    el = shanxi.portal_eligibility(teacher=NEW, records=[], as_of=date(2025, 10, 1))
    assert all(e.ok for e in el if e.purpose in PURPOSES)
    # the school year judged (2024–2025) ended before she entered post: not judged 合格 (phone trial)
    for e in (e for e in el if e.purpose in PURPOSES):
        with using("zh_Hans_CN"):
            assert "尚未入职" in str(e.reason) and "继续教育合格" not in str(e.reason)


# Workflow, panels, region ------------------------------------------------------------------

def test_audit_chain_school_county_city_province():
    wf = shanxi.portal_audit_workflow()
    path, state = [], wf.initial
    for role in (UserRole.SCHOOL_ADMIN, UserRole.DISTRICT_ADMIN, UserRole.CITY_ADMIN, UserRole.PROVINCE_ADMIN):
        step = [t for t in wf.allowed(state, frozenset({role})) if t.target not in ("rejected", wf.initial)]
        assert len({t.target for t in step}) == 1  # the school's registration: a claim's step, a borrowing's
        state = step[0].target
        path.append(state)
    assert path == ["registered", "county_verified", "city_approved", "province_verified"]
    assert wf.state(state).final
    assert wf.counting() == {"county_verified", "city_approved", "province_verified"}
    assert f"{DOC} §二(四)" in wf.source
    assert_readable(*(s.label for s in wf.states), *(t.label for t in wf.transitions))


def test_dashboard_panels_name_the_school_year_the_core_summed():
    period = shanxi.portal_year(on=date(2025, 3, 1))
    assert (period.start, period.end) == (date(2024, 9, 1), date(2025, 8, 31))
    panels = shanxi.portal_dashboard_panels(summary=ScopeSummary(40, 10, 2024, D("640"), 30, period))
    assert (panels[0].value, panels[0].of) == (30, 40) and "75%" in panels[0].note and "2024—2025 学年" in panels[0].title
    assert panels[1].value == "16"
    assert_readable(*(p.title for p in panels), *(p.note for p in panels))
    assert shanxi.portal_dashboard_panels(summary=ScopeSummary(0, 0, 2024, D(0), 0, period))[1].value == "0"
    with settings(school_year_start_month="1"):
        assert shanxi.portal_year(on=date(2025, 3, 1)).start == date(2025, 1, 1)
        assert "2024 年" in shanxi.portal_dashboard_panels(summary=ScopeSummary(1, 1, 2024, D(0), 0))[0].title


def test_region_info():
    info = shanxi.portal_region_info()
    assert (info.code, info.name, info.unit, info.version) == ("shanxi", "山西省", Unit.CREDIT, shanxi.__version__)


def test_activity_form_drops_unused_fields_and_sends_compulsory_topics(make_app):
    app = make_app("shanxi", WTF_CSRF_ENABLED=False)
    form_class = app.extensions["portal.region"].activity_form()  # the core's, as the region declares it
    with app.test_request_context(method="POST", data={
            "level": "provincial", "mode": "centralized", "hours": "18", "grade": "excellent",
            "role": "participant", "topics": ["ethics", "it"]}):
        form = form_class()
        assert "service_year" not in form and isinstance(form.topics, SelectMultipleField)  # ticked, not typed
        assert form.validate(), form.errors
        data = form.activity_data()
        assert_readable(form.base_credits.label.text, form.topics.label.text)
        with using("en"):
            assert "Compulsory content" in str(form.topics.label())
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
    entered = {t.username: t.entered_post for t in demo.teachers}
    assert entered["t0041"] == periods.year_holding(today).start  # hired at the start of this school year
    teacher_years = set()
    upcoming = shanxi.demo.upcoming(today)  # the trainings to select (test_shanxi_demo.py), after the past ones
    past = demo.projects[:len(demo.projects) - len(upcoming)]
    assert demo.projects[len(past):] == upcoming
    for p in past:
        assert p.organiser_code in nodes and p.start <= p.end <= today
        for e in p.enrollments:
            assert e.teacher in entered and e.attended_hours is not None  # completed: the core converts it
            assert p.start >= entered[e.teacher]  # nobody trains before they are in post
            activity = Activity(
                level=p.level, mode=p.mode, hours=e.attended_hours, start=p.start, end=p.end, grade=e.grade,
                role=e.role, program=p.program, service_year=e.service_year, base_credits=p.base_credits,
                topics=p.topics, days=(p.end - p.start).days + 1,
            )
            result = convert(activity, on=p.end)
            assert result.category == p.category
            if e.teacher == "teacher":
                teacher_years.add(periods.school_year_of(p.end))
    assert periods.school_year_of(today) in teacher_years  # the demo teacher has credits this school year
    assert any(not p.audited for p in past)


def test_the_demo_new_hire_reads_a_sensible_page(make_app):
    """Hired at the start of this school year: only the probation hours are asked, nothing
    has fallen short, and the cycle says why it asks nothing."""
    app = make_app("shanxi", demo=True)
    client = app.test_client()
    login(client, "t0041")
    html = client.get("/me/compliance").get_data(as_text=True)
    assert "试用期培训（集中培训）已有 0 学时" in html
    assert "不作要求：试用期至" in html and "起登记培训学分" in html
    assert "已过" not in html and "仍列在学分记录中" not in html


def test_the_demo_new_hires_cycle_card_says_nothing_is_asked_rather_than_0_of_0(make_app):
    """The phone trial read 本周期（2022 – 2027） 0 / 0 学分 on the new hire's home: a cycle that
    asks nothing of the teacher says so in words, on the home page and the standing page."""
    import re

    app = make_app("shanxi", demo=True)
    client = app.test_client()
    login(client, "t0041")
    for page in ("/me/", "/me/compliance"):
        html = client.get(page).get_data(as_text=True)
        card = html.split("本周期（", 1)[1].split("</article>", 1)[0]
        assert "不作要求：试用期至" in card, page
        assert not re.search(r"</strong>\s*/\s*0 学分", card) and "<progress" not in card, page


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
    resolved = [r for s in set(sources) for r in REGION.library.resolve(s)]
    assert all(r.document is not None and r.location.exact for r in resolved)


def test_a_new_teachers_first_year_trainings_count_toward_probation_without_the_program():
    """§三(二) counts the 120 probation hours by form (60 centralized, 60 school-based and online) and
    names no program: a county centralized training and an online training of the first year count."""
    records = [Record(date(2025, 9, 19), D(15), Unit.CREDIT, "centralized_county", mode=Mode.CENTRALIZED,
                      level=Level.COUNTY, hours=D(60)),
               Record(date(2025, 12, 31), D(12), Unit.CREDIT, "online", mode=Mode.ONLINE, level=Level.COUNTY,
                      hours=D(60))]
    found = {f.code: f for f in shanxi.compliance.check(TeacherFacts(entered_post=date(2025, 9, 1)), records, date(2026, 5, 1)).findings}
    assert (found["probation_centralized"].actual, found["probation_school_online"].actual) == (D(60), D(60))
    assert found["probation_total"].ok


def test_a_step_shows_as_its_figure_only_what_it_gave():
    """Trial: a 12-hour city training declared at 10 credits read "不采用项目申报的 10 学分 → 10",
    "…每 4 学时折算 1 学分 → 4" and "计入“县(区)级集中培训” → 县(区)级集中培训" beside its 3
    credits. The declared credits it does not use give no figure (the rate's step keeps its
    figure, the hours a credit: the worked cases read it)."""
    result = convert(act(C, CEN, 12, PA, base_credits=D(10)))
    assert result.amount == D(3)
    with using("zh_Hans_CN"):
        shown = [(str(s.text), s.value) for s in result.steps]
    assert all(value != D(10) for _, value in shown)
    assert all(value is None for text, value in shown if text.startswith("按学时折算学分，不采用"))


def test_the_self_study_caps_step_is_a_note_not_a_figure():
    """四(四): at most 20 credits of self-study achievements a cycle, capped when the cycle is
    summed. The step gave 20 as its figure, after an achievement's 5 (phone trial)."""
    steps = convert(act(CO, SS, 12, base_credits=D(5))).steps
    capped = next(s for s in steps if "最多认定" in str(s.text))
    assert capped.value is None and steps[0].value == 5


def test_a_probation_teachers_cycle_asks_nothing_and_is_not_shown_as_met():
    """三(二): a new teacher registers credits from the year they are confirmed; a cycle ending
    with the probation year asks them neither its 120 nor its 20 city-level credits. They read
    ✓ 已完成 with 0 credits (phone trial): the findings say they ask nothing (``exempt``)."""
    hired, as_of = TeacherFacts(entered_post=date(2026, 9, 1)), date(2026, 12, 4)
    found = {f.code: f for f in check([], as_of, hired).findings}
    assert found["cycle_total"].exempt and found["city_up_centralized"].exempt and found["cycle_total"].ok
    assert not found["self_study_cap"].exempt
    assert not any(f.exempt for f in check([], as_of, VETERAN).findings)
    assert not any(f.exempt for f in check([], date(2025, 10, 1), NEW).findings)  # asked 24 after confirmation


def test_a_duty_asking_nothing_is_kept_and_shown_as_not_asked(make_app):
    from portal.domain.standing import Standing
    from portal.models import Teacher
    from portal.services import standings

    from portal.services.teachers import StandingPage, standing_labels

    app = make_app("shanxi")
    with app.test_request_context():
        teacher = Teacher(name="郭雨萱", entered_post=date(2026, 9, 1), stages=["junior_high"], subjects=["英语"])
        kept = Standing.from_data(standings.compute(REGION, teacher, [], date(2026, 12, 4)).as_data())
        assert {f.code for f in kept.compliance.findings if f.exempt} == {"cycle_total", "city_up_centralized"}
        shown = StandingPage(kept, [], 0, standing_labels(REGION))
        page = app.jinja_env.from_string(
            '{% from "macros.html" import duties_list %}{{ duties_list(findings, standing, "credit") }}'
        ).render(findings=shown.current_findings(), standing=shown)
        assert page.count('class="exempt"') == 2 and page.count("目前不作要求") == 2


def test_a_period_before_registration_names_no_setting_for_why_nothing_is_asked():
    """A new teacher in probation (t0041 of the demo) read, under "不作要求：试用期至…", the setting
    for years held in part (调入、经批准的假期): no setting decides a year wholly before the
    credits are registered (§三(二)). A year held in part still names it."""
    answer = rulebook.check(Region.load("shanxi"), {"as_of": "2026-12-05", "teacher": {"entered_post": "2026-09-01"},
                                                   "records": []})
    findings = {f["code"]: f for f in answer["findings"]}
    assert "partial_cycle" not in findings["cycle_total"].get("settings", ())
    assert "settings" not in findings["city_up_centralized"] and "settings" not in answer["years"]["2026"]
    assert periods.by_setting(Text(None, "{total} 个月中有 {held} 个月登记培训学分（{reason}）：要求 {required}，而非 {full}"))
    assert not periods.by_setting(Text(None, "不作要求：{reason}", {"reason": "x"})) and not periods.by_setting("")


# A period ends after its last day (Period.ended_on): on it, what it asks is still open -----------


def test_on_the_last_day_of_a_running_school_year_its_20_are_still_open_and_missed_the_day_after():
    """31 August 2025 ends the cycle's third school year (the cycle runs to 2027): what it still
    needs by that day, with the borrowing that may cover it; on 1 September it is 不合格."""
    records = [*full_cycle("24")[:2], rec(date(2024, 11, 1), "12")]
    year = finding(check(records, as_of=date(2025, 8, 31)), "yearly_minimum_3")
    assert (year.ok, year.deadline, year.shortfall) == (False, date(2025, 8, 31), D(8))
    assert not year.missed_on(date(2025, 8, 31))
    assert year.message == "2024—2025 学年已修 12 学分，须修满 20 学分，也可以学分借贷补足"
    past = finding(check(records, as_of=date(2025, 9, 1)), "yearly_minimum_3")
    assert past.missed_on(date(2025, 9, 1)) and "该学年继续教育不合格" in past.message


def test_on_the_last_day_of_a_running_cycle_its_duties_are_open_and_ended_after():
    """31 August 2027, the cycle's last day: credits registered that day still count, so the
    cycle, its city-level condition and a compulsory topic say what they need, due that day; the
    same day read after it (the previous cycle's page) they say the cycle ended 不合格."""
    records = [rec(date(y, 11, 1), "25", "online") for y in range(2022, 2026)]  # the fifth year: none yet
    last = check(records)
    assert "须修满 20 学分" in finding(last, "yearly_minimum_5").message
    total, city_up = finding(last, "cycle_total"), finding(last, "city_up_centralized")
    assert (total.shortfall, total.deadline) == (D(20), END) and not total.missed_on(END)
    assert total.message == "周期（2022-09-01 至 2027-08-31）已认定 100 学分，须修满 120 学分"
    assert (city_up.shortfall, city_up.deadline) == (D(20), END) and not city_up.missed_on(END)
    assert "届满" not in city_up.message
    topics = [f for f in last.findings if f.code.startswith("compulsory_")]
    assert topics and all(not f.ok and not f.missed_on(END) and "尚无" in f.message for f in topics)
    after = check(records, today=AFTER)
    assert finding(after, "cycle_total").missed_on(AFTER)
    assert finding(after, "cycle_total").message == ("周期（2022-09-01 至 2027-08-31）届满仅认定 100 学分，未达 120 学分，"
                                                     "周期继续教育不合格")
    assert str(finding(after, "city_up_centralized").message).startswith("周期届满，市级及以上集中研修只认定 0 学分")
    assert all("届满" in f.message for f in after.findings if f.code.startswith("compulsory_"))
    assert "该学年继续教育不合格" in finding(after, "yearly_minimum_5").message
