"""开封市规则：以通知原文的数字为表，逐行检验（kaifeng-2018-online-training.txt）。

Figures the notice gives (60 学时, 12-20, 2019-01 to 04, no fee, 1.5%–2.5%, 5%) are tested as
given; figures it leaves open are settings (360/72 学时, the pass mark 60, default weights
50/20/30, the share asked of a teacher in post for part of a year ...) and are tested with
their defaults and with a bureau's override. What people read is a ``Text``: it names no
setting and no code, and reads in English on English pages.
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

import plugins.kaifeng as kaifeng
from plugins.kaifeng import compliance, conversion, eligibility, enrollment, parameters as P, workflow
from portal import clock
from portal import rulebook
from portal.domain import (
    Activity, ActivityRole, Grade, InvalidInput, LedgerSource, Level, Mode, OrgKind, Period, Record,
    SchoolStage, ScopeSummary, SettingError, TeacherFacts, Unit,
)
from portal.domain.idcard import parse_id_number
from portal.domain.parameters import applied
from portal.domain.text import Text, using
from portal.plugins import Region
from tests.support import demo_year

D = Decimal
ON = date(2019, 4, 30)  # end of phase one (§四(二)2)
TEACHER = TeacherFacts(entered_post=date(2010, 9, 1), title="一级教师", stages=(SchoolStage.PRIMARY,))
CLEAN_SOURCE = re.compile(r"^kaifeng-2018-online-training\.txt §[^\s；;]+$")
CJK = re.compile(r"[\u3400-\u9fff]")
CODES = re.compile(r"[a-z]+_[a-z_]+|\b(?:city|county|school|online|centralized|pass|fail|hour)\b")
SCORES = ("course_time", "discussion", "tasks")


def region(**settings) -> Region:
    return Region.load("kaifeng", {"kaifeng": kaifeng}, settings or None)


def act(level=Level.CITY, mode=Mode.ONLINE, hours="60", grade=Grade.PASS, program="all_staff_jpk",
        role=ActivityRole.PARTICIPANT, scores=None, weights=None):
    return Activity(level=level, mode=mode, hours=D(hours), grade=grade, program=program, role=role,
                    scores=parts(scores), weights=parts(weights))


def parts(values) -> dict:
    """(90, 80, 70) → {course_time: 90, discussion: 80, tasks: 70}; a dict passes through."""
    if values is None:
        return {}
    if isinstance(values, dict):
        return {k: D(str(v)) for k, v in values.items()}
    return {code: D(str(v)) for code, v in zip(SCORES, values)}


def rec(day, amount, category=P.CATEGORY_OTHER, unit=Unit.HOUR, program=None):
    return Record(date=date.fromisoformat(day), amount=D(amount), unit=unit, category=category,
                  source=LedgerSource.ENROLLMENT, program=program)


def passed(day, amount="60", program="all_staff_jpk"):
    return rec(day, amount, P.CATEGORY_ALL_STAFF, program=program)


# -- the all-staff training: 60 学时 on a pass (§三, §三(五)) ----------------------------


@pytest.mark.parametrize(
    "activity, amount",
    [
        (act(), "60"),                                                     # §三 60 学时, 合格
        (act(program="all_staff_high", hours="52"), "60"),                 # online time is not the amount
        (act(hours="0"), "60"),                                            # the assessment decides, not hours
        (act(hours="75"), "60"),                                           # more online time: still 60
        (act(level=Level.COUNTY), "60"),                                   # §二(三) 县区自行组织
        (act(grade=Grade.EXCELLENT), "60"),                                # no bonus in the notice
        (act(grade=Grade.GOOD), "60"),
        (act(grade=Grade.FAIL), "0"),                                      # 不合格: nothing recorded
        (act(program="all_staff_high", grade=Grade.FAIL, hours="59"), "0"),
    ],
)
def test_all_staff_conversion(activity, amount):
    result = region().convert(activity, ON)
    assert result.amount == D(amount)
    assert result.unit == Unit.HOUR
    assert result.category == P.CATEGORY_ALL_STAFF
    assert result.rule_version == "kaifeng-2018"   # stamped by the core, not chosen by the rules
    assert result.steps and all(CLEAN_SOURCE.match(s.source) for s in result.steps)
    assert result.steps[-1].value == D(amount)


def test_pass_gives_the_certificate_and_a_fail_none():
    fail = conversion.convert(act(grade=Grade.FAIL), ON).steps[-1]
    assert "补训" not in fail.text and fail.source == f"{P.DOC} §三(五)"  # she took part: §五(四) is not hers
    success = conversion.convert(act(), ON).steps[-1]
    assert "结业证书" in success.text and success.source == f"{P.DOC} §三(五)、§四(二)3"


@pytest.mark.parametrize(
    "activity, on, field",
    [
        (act(grade=None), ON, "grade"),                       # neither scores nor grade
        (act(mode=Mode.CENTRALIZED), ON, "mode"),
        (act(level=Level.PROVINCIAL), ON, "level"),
        (act(level=Level.SCHOOL), ON, "level"),
        (act(role=ActivityRole.MENTOR), ON, "role"),          # 坊主/专家: no hours in the notice
        (act(program="all_staff_2018"), ON, "program"),
        (act(), date(2018, 12, 14), "program"),               # the day before the notice
    ],
)
def test_all_staff_invalid(activity, on, field):
    with pytest.raises(InvalidInput) as err:
        conversion.convert(activity, on)
    assert err.value.field == field


def test_notice_day_is_in_force():
    assert conversion.convert(act(), date(2019, 1, 1)).amount == D(60)  # the day phase one began
    with pytest.raises(InvalidInput) as before:  # no all-staff training ran between the notice and 2019
        conversion.convert(act(), P.NOTICE_DATE)
    assert before.value.field == "end"
    assert region().rule_version(P.NOTICE_DATE).effective_from == date(2018, 12, 15)
    assert region().rule_version(P.NOTICE_DATE).source == f"{P.DOC} §落款"   # the date stands at the foot
    # other training before the notice falls under the only (earliest) version, as the core picks it
    assert conversion.convert(act(program=None, mode=Mode.CENTRALIZED, hours="30"), date(2017, 7, 1)).amount == D(30)
    assert region().rule_version(date(2017, 7, 1)).code == "kaifeng-2018"


# -- other training (settings other_modes, hours_quantum: 0.1, half up) -----------------


@pytest.mark.parametrize(
    "mode, level, hours, grade, amount",
    [
        (Mode.CENTRALIZED, Level.PROVINCIAL, "24", None, "24"),
        (Mode.SCHOOL_BASED, Level.SCHOOL, "2.35", None, "2.4"),   # half up
        (Mode.SCHOOL_BASED, Level.SCHOOL, "2.25", Grade.PASS, "2.3"),
        (Mode.ONLINE, Level.COUNTY, "2.349", None, "2.3"),
        (Mode.ONLINE, Level.NATIONAL, "30", Grade.EXCELLENT, "30"),
        (Mode.CENTRALIZED, Level.CITY, "16", Grade.FAIL, "0"),
        (Mode.CENTRALIZED, Level.CITY, "0", None, "0"),
    ],
)
def test_other_training(mode, level, hours, grade, amount):
    result = conversion.convert(act(level=level, mode=mode, hours=hours, grade=grade, program=None), ON)
    assert result.amount == D(amount)
    assert result.category == P.CATEGORY_OTHER
    first = result.steps[0]
    assert first.source == P.HENAN_RULES
    assert first.settings == ("other_modes", "hours_quantum")
    assert "本地设置" not in first.text and "other_modes" not in first.text


@pytest.mark.parametrize(
    "mode, role, field",
    [
        (Mode.SELF_STUDY, ActivityRole.PARTICIPANT, "mode"),
        (Mode.DEGREE, ActivityRole.PARTICIPANT, "mode"),
        (Mode.CENTRALIZED, ActivityRole.INSTRUCTOR, "role"),
        (Mode.SCHOOL_BASED, ActivityRole.PRESENTER, "role"),
    ],
)
def test_other_training_not_converted(mode, role, field):
    with pytest.raises(InvalidInput) as err:
        conversion.convert(act(mode=mode, role=role, program=None), ON)
    assert err.value.field == field


def test_scores_belong_to_the_all_staff_program():
    with pytest.raises(InvalidInput) as err:
        conversion.convert(act(program=None, scores=(90, 80, 70)), ON)
    assert err.value.field == "scores"


# -- the weighted composite (§三(五)): pass mark and default weights are settings ----------


@pytest.mark.parametrize(
    "scores, weights, composite, amount",
    [
        ((90, 80, 70), (50, 30, 20), "83", "60"),
        ((100, 100, 100), (50, 30, 20), "100", "60"),
        ((60, 60, 60), (50, 30, 20), "60", "60"),              # exactly the pass mark
        ((70, 50, 50), (50, 25, 25), "60", "60"),
        ((59, 61, 60), (50, 30, 20), "59.8", "0"),
        ((80, 40, 50), (40, 30, 30), "59", "0"),
        (("59.99", 100, 0), (100, 0, 0), "59.99", "0"),        # no rounding up
        ((0, 0, 0), ("33.4", "33.3", "33.3"), "0", "0"),
        ((90, 80, 70), None, "82", "60"),                      # default weights 50/20/30
        ((100, 0, 30), None, "59", "0"),
        ({"course_time": 80, "discussion": 70, "tasks": 60, "summary": 90},
         {"course_time": 40, "discussion": 20, "tasks": 20, "summary": 20}, "76", "60"),   # 等: a fourth part
    ],
)
def test_assessment(scores, weights, composite, amount):
    result = conversion.convert(act(grade=None, scores=scores, weights=weights), ON)
    values = [s.value for s in result.steps]
    assert D(composite) in values
    assert result.amount == D(amount)
    assert values[-2] == ("合格" if amount == "60" else "不合格")
    assert result.steps[-2].settings == ("pass_mark",)
    assert result.steps[-3].value == D(composite) and result.steps[-3].settings == ("full_score",)
    assert all(CLEAN_SOURCE.match(s.source) for s in result.steps)
    if weights is None:
        assert result.steps[2].settings == ("weight_course_time", "weight_discussion", "weight_tasks")
    for step in result.steps:
        assert "本地设置" not in step.text and "默认" not in step.text and not CODES.search(str(step.text))


@pytest.mark.parametrize(
    "scores, weights, grade, field",
    [
        ((60, 60, 60), (50, 30, 19), None, "weights"),
        ((60, 60, 60), (50, 30, 21), None, "weights"),
        ((101, 60, 60), (50, 30, 20), None, "scores.course_time"),
        ((90, 80), (50, 30, 20), None, "scores.tasks"),
        ({"course_time": 90, "discussion": 80, "tasks": 70, "summary": 60}, None, None, "weights.summary"),
        ({"course_time": 90, "discussion": 80, "tasks": 70, "summary": 60}, (50, 30, 20), None, "weights.summary"),
        (None, (50, 30, 20), Grade.PASS, "scores"),
        ((50, 50, 50), None, Grade.PASS, "grade"),             # 50 fails, the grade says pass
        ((90, 80, 70), None, Grade.FAIL, "grade"),
    ],
)
def test_assessment_invalid(scores, weights, grade, field):
    with pytest.raises(InvalidInput) as err:
        conversion.convert(act(grade=grade, scores=scores, weights=weights), ON)
    assert err.value.field == field
    assert_in_words(err.value.message)


def assert_in_words(message):
    """A refusal is a message in words: the field's label, no code, English in English."""
    assert isinstance(message, Text)
    assert not CODES.search(str(message)), str(message)
    with using("en"):
        assert not CJK.search(str(message)), str(message)


@pytest.mark.parametrize("activity, field", [
    (act(mode=Mode.CENTRALIZED), "mode"),
    (act(level=Level.SCHOOL), "level"),
    (act(role=ActivityRole.MENTOR), "role"),
    (act(program="all_staff_2018"), "program"),
    (act(program=None, mode=Mode.DEGREE), "mode"),
    (act(program=None, mode=Mode.CENTRALIZED, role=ActivityRole.INSTRUCTOR), "role"),
    (act(program=None, scores=(90, 80, 70)), "scores"),
])
def test_refusals_say_why_in_words(activity, field):
    with pytest.raises(InvalidInput) as err:
        conversion.convert(activity, ON)
    assert err.value.field == field
    assert_in_words(err.value.message)


def test_a_refused_level_names_the_levels_in_words():
    with pytest.raises(InvalidInput) as err:
        conversion.convert(act(level=Level.SCHOOL), ON)
    assert "组织层级应为市级、区县级" in err.value.message
    with using("en"):
        assert str(err.value.message).endswith("the level must be one of: City, County")  # labels, capitalised


def test_assessment_from_the_rules_json():
    """The rules command reads scores and weights as JSON objects; a bad one names its field."""
    kf = region()
    payload = {"level": "city", "mode": "online", "hours": 56, "program": "all_staff_jpk", "end": "2019-04-30",
               "scores": {"course_time": 90, "discussion": 80, "tasks": 70},
               "weights": {"course_time": 50, "discussion": 30, "tasks": 20}}
    answer = rulebook.convert(kf, payload)
    assert answer["amount"] == 60 and 83 in [s["value"] for s in answer["steps"]]
    with pytest.raises(InvalidInput) as err:
        rulebook.convert(kf, [payload, {**payload, "scores": {"course_time": 101, "discussion": 0, "tasks": 0}}])
    assert err.value.field == "[1].scores.course_time"


@pytest.mark.parametrize(
    "settings, scores, weights, amount",
    [
        ({"pass_mark": "70"}, (70, 60, 60), (50, 30, 20), "0"),          # 65 < 70
        ({}, (70, 60, 60), (50, 30, 20), "60"),                          # 65 ≥ 60
        ({"weight_course_time": "40", "weight_discussion": "30", "weight_tasks": "30"}, (50, 80, 60), None, "60"),
        ({}, (50, 80, 60), None, "0"),                                   # 25 + 16 + 18 = 59
        ({"full_score": "150"}, (120, 150, 150), (50, 30, 20), "60"),    # 60 + 45 + 30 = 135
    ],
)
def test_assessment_settings(settings, scores, weights, amount):
    kf = region(**settings)
    assert kf.convert(act(grade=None, scores=scores, weights=weights), ON).amount == D(amount)


def test_a_default_weight_overridden_alone_breaks_the_sum():
    with pytest.raises(InvalidInput) as err:
        region(weight_tasks="40").convert(act(grade=None, scores=(90, 80, 70)), ON)
    assert err.value.field == "weights" and "研修任务完成" in err.value.message
    assert "weight_tasks" not in err.value.message


# -- the funds a unit may set aside (§五(二)); enrollment: test_kaifeng_enrollment.py --------


def test_training_funds():
    low, high, school = workflow.training_funds(D(1_000_000), D(200_000), ON)
    assert (low.value, high.value, school.value) == (D(15_000), D(25_000), D(10_000))
    assert "1.5%" in low.text and "2.5%" in high.text and "5%" in school.text
    assert {s.source for s in (low, high, school)} == {f"{P.DOC} §五(二)"}


# -- cycle and requirements (settings: 5 years from 2016, 360 / 72) ---------------------


@pytest.mark.parametrize(
    "on, start, end",
    [
        (date(2017, 6, 1), date(2016, 1, 1), date(2020, 12, 31)),   # before the notice: the same cycle
        (date(2018, 12, 15), date(2016, 1, 1), date(2020, 12, 31)),
        (date(2020, 12, 31), date(2016, 1, 1), date(2020, 12, 31)),
        (date(2021, 1, 1), date(2021, 1, 1), date(2025, 12, 31)),
        (date(2026, 11, 23), date(2026, 1, 1), date(2030, 12, 31)),
    ],
)
def test_cycle(on, start, end):
    period = kaifeng.portal_cycle(on=on)
    assert (period.start, period.end) == (start, end)


def test_requirements_are_settings():
    req = kaifeng.portal_requirements(on=ON, teacher=None)
    assert (req.cycle, req.yearly, req.unit) == (D(360), D(72), Unit.HOUR)
    # the notice gives neither figure: no clause is cited for them, the settings are named
    assert req.cycle_source == req.yearly_source == ""
    # each figure names its own: the cycle's figure and placing, the year's figure
    assert set(req.settings) == {"cycle_minimum", "cycle_years", "cycle_anchor_year"}
    assert req.yearly_settings == ("yearly_minimum",)
    assert P.CYCLE_MINIMUM.is_setting and P.YEARLY_MINIMUM.is_setting
    overridden = region(yearly_minimum="60", cycle_minimum="300").requirements(ON)
    assert (overridden.cycle, overridden.yearly) == (D(300), D(60))


# -- compliance -------------------------------------------------------------------------

CYCLE_2021 = [
    passed("2021-04-30"), rec("2021-07-01", "12"),            # 2021: 72, exactly the minimum
    passed("2022-04-30"), rec("2022-10-01", "11.9"),          # 2022: 71.9, just below
    rec("2023-03-01", "30"),                                  # 2023: 30 so far
]


@pytest.mark.parametrize(
    "records, as_of, earned, years, all_staff",
    [
        (CYCLE_2021, date(2023, 6, 30), "173.9", {2021: True, 2022: False, 2023: False}, True),
        # the record after as_of is not counted yet
        (CYCLE_2021 + [rec("2023-07-01", "42")], date(2023, 6, 30), "173.9",
         {2021: True, 2022: False, 2023: False}, True),
        (CYCLE_2021 + [rec("2023-07-01", "42")], date(2023, 7, 1), "215.9",
         {2021: True, 2022: False, 2023: True}, True),
        # year boundary: 2020-12-31 is in the previous cycle, 2021-01-01 in this one; its pass still counts
        ([passed("2020-12-31"), rec("2021-01-01", "72")], date(2021, 12, 31), "72", {2021: True}, True),
        # a failed all-staff entry records 0 and does not meet the duty
        ([passed("2021-04-30", "0"), rec("2021-05-01", "80")], date(2021, 12, 31), "80", {2021: True}, False),
        # exactly 360 in the cycle; then 0.1 short
        ([rec(f"{y}-06-30", "72") for y in range(2021, 2026)], date(2025, 12, 31), "360",
         {y: True for y in range(2021, 2026)}, False),
        ([rec(f"{y}-06-30", "72") for y in range(2021, 2025)] + [passed("2025-04-30", "60"), rec("2025-06-30", "11.9")],
         date(2025, 12, 31), "359.9", {2021: True, 2022: True, 2023: True, 2024: True, 2025: False}, True),
        ([], date(2026, 1, 1), "0", {2026: False}, False),
        # phase one (2019-01 to 04) in the 2016—2020 cycle, years before the notice included
        ([rec("2017-08-20", "40"), rec("2018-07-10", "72"), passed("2019-04-30")], date(2019, 6, 30), "172",
         {2016: False, 2017: False, 2018: True, 2019: False}, True),
    ],
)
def test_compliance(records, as_of, earned, years, all_staff):
    result = kaifeng.portal_check_compliance(teacher=TEACHER, records=records, as_of=as_of, today=as_of)
    assert result.unit == Unit.HOUR
    assert result.cycle.earned == result.cycle.counted == D(earned)
    assert result.cycle.required == D(360)
    assert result.cycle.ok is (D(earned) >= 360)
    assert {y.year: y.ok for y in result.years} == years
    findings = {f.code: f for f in result.findings if f.code != "yearly_minimum"}
    assert findings["cycle_total"].ok is result.cycle.ok
    assert findings["cycle_total"].deadline == result.cycle.period.end
    assert findings["all_staff_training"].ok is all_staff
    yearly = [f for f in result.findings if f.code == "yearly_minimum"]
    assert [f.ok for f in yearly] == list(years.values())
    assert [f.deadline for f in yearly] == [date(y, 12, 31) for y in years]
    assert all(CLEAN_SOURCE.match(f.source) for f in result.findings)
    assert {f.code for f in result.findings} <= {d.code for d in compliance.duties()}


def test_a_repeated_pass_is_said_only_in_its_own_cycle():
    """Two passes of 2019 (the 2016—2020 cycle): that cycle says the second adds nothing; the
    next cycle's figures hold neither, so its findings do not speak of them."""
    twice = [passed("2019-04-30"), passed("2019-04-30", program="all_staff_high")]
    then = compliance.check_compliance(TEACHER, twice, date(2019, 6, 30))
    assert [f.actual for f in then.findings if f.code == "all_staff_once_a_year"] == [D(1)]
    later = compliance.check_compliance(TEACHER, twice, date(2022, 6, 30))
    assert "all_staff_once_a_year" not in {f.code for f in later.findings}
    assert later.cycle.earned == D(0)


def test_compliance_messages():
    """A message states the situation; the page adds what is missing and by when (the
    shortfall and deadline), and the settings it relied on, once."""
    result = compliance.check_compliance(TEACHER, CYCLE_2021, date(2023, 6, 30))
    messages = [f.message for f in result.findings]
    assert messages == [
        "周期内已登记 173.9 学时，未达到周期要求",
        "2021 年已登记 72 学时，达到年度要求",
        "2022 年已登记 71.9 学时，未达到年度要求",
        "2023 年已登记 30 学时，未达到年度要求",
        "已通过全市全员网络研修考核（最近一次 2022-04-30）",
    ]
    # no shortfall or deadline (the page says them), no setting's figure (the page shows the setting)
    assert all("还需" not in m and "截止" not in m and "本地设置" not in m and "要求 360" not in m and "要求 72" not in m
               for m in messages)
    assert result.findings[0].shortfall == D("186.1")
    assert result.findings[0].settings == ("cycle_minimum", "cycle_years", "cycle_anchor_year")
    assert result.findings[1].settings == ("yearly_minimum",)
    with using("en"):
        assert str(messages[0]) == "173.9 hours registered in the cycle; the cycle requirement is not met"
        assert str(messages[2]) == "71.9 hours registered in 2022; the yearly requirement is not met"
    missing = compliance.check_compliance(TEACHER, [], date(2026, 3, 1)).findings[-1]
    assert "未参训的教师不再统一安排补训" in missing.message
    # counted in trainings passed (次), not hours: one pass is asked
    assert (missing.required, missing.actual, missing.unit) == (D(1), D(0), Unit.TIME)
    assert missing.shortfall == D(1) and missing.deadline is None  # any phase: no cycle's end to meet
    assert missing.settings == ("all_staff_per_cycle",)


# -- tenure: months before entry or transfer, and whole months on leave, are not held ------

NEW_HIRE = TeacherFacts(entered_post=date(2026, 9, 1), stages=(SchoolStage.PRIMARY,))


def test_a_new_hire_this_autumn_reads_a_sensible_page():
    """Hired 2026-09-01, seen on 2026-12-01: four months of 2026 in post (24 of 72 学时),
    52 months of the 2026—2030 cycle (312 of 360 学时); no year before entry is judged."""
    result = compliance.check_compliance(NEW_HIRE, [], date(2026, 12, 1))
    assert [(y.year, y.required) for y in result.years] == [(2026, D(24))]
    assert "2026-09-01 入职" in result.years[0].note
    assert (result.cycle.required, result.cycle.ok) == (D(312), False)
    yearly = [f for f in result.findings if f.code == "yearly_minimum"]
    assert [(f.required, f.deadline) for f in yearly] == [(D(24), date(2026, 12, 31))]
    assert yearly[0].message == ("2026 年已登记 0 学时，未达到年度要求；"
                                 "在岗 4 / 12 个月（2026-09-01 入职）：要求 24 学时，而非 72 学时")
    assert yearly[0].settings == ("yearly_minimum", "partial_year")
    with using("en"):
        assert str(yearly[0].message) == ("0 hours registered in 2026; the yearly requirement is not met. In post 4 of "
                                          "12 months (entered post on 2026-09-01): 24 hours asked instead of 72 hours")


def test_years_before_entry_are_left_out():
    teacher = TeacherFacts(entered_post=date(2023, 9, 1))
    result = compliance.check_compliance(teacher, [rec("2023-11-10", "30")], date(2025, 6, 30))
    assert [(y.year, y.required) for y in result.years] == [(2023, D(24)), (2024, D(72)), (2025, D(72))]
    assert [f.deadline.year for f in result.findings if f.code == "yearly_minimum"] == [2023, 2024, 2025]
    assert result.cycle.required == D(168)   # 28 of the cycle's 60 months


def test_a_year_on_approved_leave_asks_nothing():
    teacher = TeacherFacts(entered_post=date(2010, 9, 1), leave=(Period(date(2022, 1, 1), date(2022, 12, 31)),))
    result = compliance.check_compliance(teacher, [rec("2021-06-30", "72")], date(2023, 6, 30))
    leave_year = result.year(2022)
    assert leave_year.required is None and leave_year.ok and "12 个月" in leave_year.note
    assert [f.deadline.year for f in result.findings if f.code == "yearly_minimum"] == [2021, 2023]
    assert result.cycle.required == D(288)


def test_transferred_in_counts_from_the_transfer():
    teacher = TeacherFacts(entered_post=date(2005, 9, 1), transferred_in=date(2024, 3, 1))
    result = compliance.check_compliance(teacher, [rec("2024-06-30", "60")], date(2024, 12, 31))
    assert [(y.year, y.required, y.ok) for y in result.years] == [(2024, D(60), True)]
    assert "2024-03-01 调入" in result.years[0].note and result.cycle.required == D(132)


@pytest.mark.parametrize("how, year_required, cycle_required", [
    ("prorata", D(24), D(312)), ("full", D(72), D(360)), ("exempt", None, None),
])
def test_partial_periods_follow_the_settings(how, year_required, cycle_required):
    kf = region(partial_year=how, partial_cycle=how)
    result = kf.check(NEW_HIRE, [], date(2026, 12, 1))
    assert result.year(2026).required == year_required
    cycle_finding = next(f for f in result.findings if f.code == "cycle_total")
    assert cycle_finding.required == cycle_required
    if how == "exempt":
        assert cycle_finding.ok and result.cycle.ok and "不作要求" in cycle_finding.message
        assert not [f for f in result.findings if f.code == "yearly_minimum"]
    assert cycle_finding.deadline == result.cycle.period.end   # due at the cycle's end, asked or not


# -- what is asked of one teacher: the requirements hook and the compliance check agree ------

ON_LEAVE = TeacherFacts(entered_post=date(2010, 9, 1), leave=(Period(date(2022, 1, 1), date(2022, 12, 31)),))


@pytest.mark.parametrize("teacher, on, settings, cycle_required, yearly", [
    (NEW_HIRE, date(2026, 12, 1), {}, D(312), D(24)),                     # 52 of 60 months, 4 of 12
    (NEW_HIRE, date(2026, 12, 1), {"partial_year": "full", "partial_cycle": "full"}, D(360), D(72)),
    (NEW_HIRE, date(2026, 12, 1), {"partial_year": "exempt", "partial_cycle": "exempt"}, D(0), None),
    (ON_LEAVE, date(2022, 6, 30), {}, D(288), None),                      # the year on leave asks nothing
    (ON_LEAVE, date(2023, 6, 30), {}, D(288), D(72)),
    (TEACHER, ON, {}, D(360), D(72)),                                     # in post all along: the headline
])
def test_what_is_asked_of_a_teacher_is_what_the_check_reports(teacher, on, settings, cycle_required, yearly):
    kf = region(**settings)
    asked = kf.requirements(on, teacher)
    standing = kf.check(teacher, [], on)
    assert (asked.cycle, asked.yearly, asked.unit) == (cycle_required, yearly, Unit.HOUR)
    assert asked.cycle == standing.cycle.required
    assert asked.yearly == standing.year(on.year).required
    # the settings each figure comes from are those its finding names, and only those
    cycle_finding = next(f for f in standing.findings if f.code == "cycle_total")
    yearly_finding = next((f for f in standing.findings if f.code == "yearly_minimum" and f.deadline.year == on.year),
                          None)
    assert set(cycle_finding.settings) == set(asked.settings)
    assert yearly_finding is None or set(yearly_finding.settings) == set(asked.yearly_settings)
    assert not {"yearly_minimum", "partial_year"} & set(asked.settings)
    assert not {"cycle_minimum", "partial_cycle"} & set(asked.yearly_settings)
    assert asked.cycle_source == asked.yearly_source == ""   # settings, no clause cited


def test_the_hook_answers_for_the_teacher_or_for_the_region():
    hire = kaifeng.portal_requirements(on=date(2026, 12, 1), teacher=NEW_HIRE)
    assert (hire.cycle, hire.yearly) == (D(312), D(24))
    assert "partial_cycle" in hire.settings and "partial_year" not in hire.settings
    assert "partial_year" in hire.yearly_settings and "partial_cycle" not in hire.yearly_settings
    headline = kaifeng.portal_requirements(on=date(2026, 12, 1), teacher=None)
    assert (headline.cycle, headline.yearly) == (D(360), D(72))
    assert not {"partial_cycle", "partial_year"} & set(headline.settings + headline.yearly_settings)
    assert region().requirements(date(2026, 12, 1)) == headline


def test_a_teacher_not_yet_in_post_has_no_year():
    result = compliance.check_compliance(TeacherFacts(entered_post=date(2027, 9, 1)), [], date(2026, 12, 1))
    assert result.years == () and not [f for f in result.findings if f.code == "yearly_minimum"]


def test_compliance_rejects_credits():
    with pytest.raises(InvalidInput) as err:
        compliance.check_compliance(TEACHER, [rec("2021-01-01", "5"), rec("2021-05-01", "10", unit=Unit.CREDIT)],
                                    date(2021, 12, 31))
    assert err.value.field == "records[1].unit"


# -- eligibility (§五(三)) ---------------------------------------------------------------


@pytest.mark.parametrize(
    "records, as_of, settings, ok, deadline",
    [
        ([passed("2022-04-30")], date(2023, 6, 30), {}, True, None),
        ([passed("2020-04-30")], date(2023, 6, 30), {"all_staff_per_cycle": "true"}, False, "2025-12-31"),  # per cycle
        ([passed("2020-04-30")], date(2023, 6, 30), {}, True, None),                # any phase (the default)
        ([passed("2022-04-30", "0")], date(2023, 6, 30), {"all_staff_per_cycle": "true"}, False, "2025-12-31"),
        ([passed("2022-04-30", "0")], date(2023, 6, 30), {}, False, ""),            # failed
        ([rec("2022-04-30", "300")], date(2023, 6, 30), {}, False, ""),             # hours, but no all-staff pass
        ([passed("2019-04-30")], date(2020, 6, 30), {}, True, None),               # phase one
    ],
)
def test_eligibility(records, as_of, settings, ok, deadline):
    result = region(**settings).eligibility(TEACHER, records, as_of)
    assert [e.purpose for e in result] == [
        "teacher_certification", "certificate_registration", "title_review", "appraisal_award",
    ]
    assert [e.purpose for e in result] == [p.code for p in eligibility.purposes()]
    assert all(e.ok is ok for e in result)
    assert all(e.source == f"{P.DOC} §五(三)、§五(四)" for e in result)
    assert "职务（职称）晋升评聘" in result[2].reason
    for e in result:
        if ok:
            assert e.missing == "" and "必备条件" in e.reason
        else:
            assert str(e.missing).startswith("还需通过全市全员网络研修综合考核")
            assert (f"截止 {deadline}" in e.missing) if deadline else ("截止" not in e.missing)


def test_no_use_is_shown_as_met_without_a_pass_and_a_pass_reads_as_one_necessary_condition():
    """§五(三): the training is a 必备条件 of each use, never sufficient. A teacher in post after
    the one-off training, with no pass, is not asked the duty, but no use reads as met; a pass
    meets only this condition, and the ✓'s heading (the purpose's label) says so."""
    late = TeacherFacts(entered_post=date(2026, 9, 1), stages=(SchoolStage.PRIMARY,))
    result = region().eligibility(late, [], date(2026, 12, 4))
    assert result and not any(e.ok for e in result)
    assert all("还需通过全市全员网络研修综合考核" in str(e.missing) for e in result)
    duty = next(f for f in compliance.check_compliance(late, [], date(2026, 12, 4)).findings
                if f.code == "all_staff_training")
    assert duty.required is None and "不作要求" in str(duty.label)     # its ✓ says nothing is asked
    passed_once = region().eligibility(TEACHER, [passed("2022-04-30")], date(2023, 6, 30))
    assert all(e.ok and "满足" in str(e.reason) and "必备条件" in str(e.reason) for e in passed_once)
    labels = {p.code: str(p.label) for p in eligibility.purposes()}
    assert all(label.endswith("的必备条件：全员培训考核合格") for label in labels.values()), labels
    # before the notice there was no such condition: nothing withheld
    assert all(e.ok for e in region().eligibility(TEACHER, [], date(2018, 6, 30)))


# -- settings and sources ------------------------------------------------------------------


# The Henan figures: no clause of the notice holds them, so none is cited.
HENAN_SETTINGS = {"cycle_years", "cycle_anchor_year", "cycle_minimum", "yearly_minimum", "partial_year",
                  "partial_cycle", "other_modes", "hours_quantum"}


def test_parameters_cite_the_notice():
    for param in P.PARAMETERS:
        if param.name in HENAN_SETTINGS:
            assert all(v.source == "" for v in param.values), param.name
        else:
            assert all(CLEAN_SOURCE.match(v.source) for v in param.values), param.name
        assert param.values[0].since == P.NOTICE_DATE
    assert {p.name for p in P.SETTINGS} == HENAN_SETTINGS | {
        "full_score", "pass_mark", "weight_course_time", "weight_discussion", "weight_tasks", "all_staff_per_cycle",
        "enrollment_days",
    }
    for setting in P.SETTINGS:   # what the documents leave open, and who must confirm the default
        assert "须由教育局" in setting.assumption, setting.name
        assert setting.display(setting.default) is not setting.default or isinstance(setting.default, int), setting.name
    assert P.PROGRAM_HOURS.at(ON) == D(60) and not P.PROGRAM_HOURS.is_setting
    assert sum(p.at(ON) for p in P.WEIGHT_SETTINGS.values()) == 100


@pytest.mark.parametrize("parameter, words", [
    (P.TEACHER_FEE, "不得向参训教师收取任何费用"),     # a zero is cited by the words that say so
    (P.PROGRAM_HOURS, "本次培训学时为60学时"),
    (P.ENROLLMENT_DEADLINE, "报名截止时间为12月20日"),
    (P.MAKE_UP_TRAINING, "未参训的教师不再统一安排补训"),
])
def test_a_figure_is_cited_by_the_words_that_give_it(parameter, words):
    (resolved,) = region().library.resolve(parameter.source_at(ON))
    assert resolved.location.exact and resolved.location.phrase == words


def test_values_read_in_words():
    assert P.OTHER_MODES.display(P.OTHER_MODES.default) == "集中培训、网络研修、校本研修"
    assert P.PROGRAM_LEVELS.display(P.PROGRAM_LEVELS.default) == "市级、区县级"
    assert P.TEACHER_FEE.display(D(0)) == "不收取任何费用"
    assert P.ENROLLMENT_DEADLINE.display((12, 20)) == "12月20日"
    assert P.PAYROLL_SHARE.display(P.PAYROLL_SHARE.default) == "1.5%－2.5%"
    assert P.ALL_STAFF_PER_CYCLE.display(False) == "任一期合格即可"
    assert P.MAKE_UP_TRAINING.display(False) == "不再统一安排"  # not the label alone, which reads as the opposite
    with using("en"):
        assert str(P.TRAINING_MONTHS.display((1, 4))) == "January to April"
        assert str(P.PARTIAL_YEAR.display("prorata")) == "the share of the months in post is asked"
        assert str(P.CYCLE_YEARS.display(5)) == "5 years"


def test_the_document_is_the_notice_as_people_cite_it():
    (document,) = region().documents()
    assert document.title == "开封市教育局关于开展中小学教师继续教育全员培训（一期）的通知"
    assert document.issuer == "开封市教育局" and document.issued == date(2018, 12, 15)
    text = region().library.text(document)
    heading = text.text_of(text.locate("序言（关于开展中小学教师继续教育全员培训（一期）的通知）"))
    assert "全员培训（一期）" in heading
    with using("en"):
        assert not CJK.search(str(document.title)) and not CJK.search(str(document.issuer))


@pytest.mark.parametrize("quantum, amount", [("0.1", "12.3"), ("1", "12"), ("0.5", "12.5"), ("2", "12")])
def test_other_training_rounds_to_a_multiple_of_the_step(quantum, amount):
    result = region(hours_quantum=quantum).convert(act(program=None, mode=Mode.CENTRALIZED, hours="12.3"), ON)
    assert result.amount == D(amount)


def test_a_step_of_zero_is_refused_in_words():
    with pytest.raises(InvalidInput) as err:
        region(hours_quantum="0").convert(act(program=None, mode=Mode.CENTRALIZED, hours="12.3"), ON)
    assert err.value.field == "settings.hours_quantum" and "其他培训学时的取舍单位" in err.value.message
    assert_in_words(err.value.message)


def test_settings_override_from_text():
    kf = region(pass_mark="70", all_staff_per_cycle="false", other_modes="centralized", hours_quantum="1")
    with applied(kf.settings):
        assert P.PASS_MARK.at(ON) == D(70) and P.ALL_STAFF_PER_CYCLE.at(ON) is False
        assert P.HOURS_QUANTUM.at(ON) == D(1)
    assert kf.convert(act(program=None, mode=Mode.CENTRALIZED, hours="12.5"), ON).amount == D(13)
    with pytest.raises(InvalidInput) as err:
        kf.convert(act(program=None, mode=Mode.ONLINE, hours="12"), ON)
    assert err.value.field == "mode"
    with pytest.raises(SettingError):
        region(program_hours="50")   # a figure the notice gives is not a setting
    with pytest.raises(InvalidInput) as err:
        region(other_modes="centralized,lecture").convert(act(program=None, mode=Mode.CENTRALIZED), ON)
    assert err.value.field == "other_modes"


def test_describe_lists_settings_programs_duties_purposes():
    described = rulebook.describe(region())
    assert [v["code"] for v in described["rule_versions"]] == ["kaifeng-2018"]
    assert {p["code"] for p in described["programs"]} == set(P.PROGRAMS)
    assert {c["code"] for c in described["categories"]} == {P.CATEGORY_ALL_STAFF, P.CATEGORY_OTHER}
    assert {d["code"] for d in described["findings"]} == {"cycle_total", "yearly_minimum", "all_staff_training",
                                                          "all_staff_once_a_year"}
    assert {s["name"] for s in described["settings"]} == {p.name for p in P.SETTINGS}
    yearly = next(s for s in described["settings"] if s["name"] == "yearly_minimum")
    assert yearly["default"] == 72 and "河南" in yearly["assumption"] and "本平台未收入" in yearly["assumption"]
    # the duty says what the default of the setting ``all_staff_per_cycle`` is, as the bureau's setting: any phase's pass
    all_staff = next(d for d in described["findings"] if d["code"] == "all_staff_training")
    assert not P.ALL_STAFF_PER_CYCLE.default and "本市教育局的设置（默认任一期合格即可）" in str(all_staff["detail"])
    assert all_staff.get("lead") is True  # the home leads with it
    programs = {p["code"]: p for p in described["programs"]}
    assert all(p["mode"] == "online" and p["needs_hours"] is False and "level" not in p for p in programs.values())
    for key in ("rule_versions", "programs", "categories", "findings", "purposes"):
        assert all(CLEAN_SOURCE.match(item["source"]) for item in described[key]), key


# -- workflows, panels, hooks -------------------------------------------------------------


@pytest.mark.parametrize("workflow", [workflow.ENROLLMENT_WORKFLOW, workflow.AUDIT_WORKFLOW])
def test_workflows_are_closed(workflow):
    codes = {s.code for s in workflow.states}
    assert workflow.initial in codes
    assert all(t.source in codes and t.target in codes for t in workflow.transitions)
    finals = {s.code for s in workflow.states if s.final}
    assert not any(t.source in finals for t in workflow.transitions)   # no make-up, no reopening
    assert workflow.source.startswith(P.DOC)


def test_dashboard_panels():
    panels = kaifeng.portal_dashboard_panels(summary=ScopeSummary(41, 9, 2026, D("2460"), 12))
    assert panels[0].value == "2460 学时" and "人均 60 学时" in panels[0].note
    assert (panels[1].value, panels[1].of) == (12, 41) and "本市教育局设定为 72 学时" in panels[1].note
    assert "yearly_minimum" not in panels[1].note
    assert CLEAN_SOURCE.match(panels[1].source)
    empty = kaifeng.portal_dashboard_panels(summary=ScopeSummary(0, 0, 2026, D(0), 0))
    assert empty[0].value == "0 学时"


def test_hooks_through_the_facade():
    kf = region()
    assert (kf.info.code, kf.info.name, kf.info.unit) == ("kaifeng", "开封市", Unit.HOUR)
    assert kf.info.version == kaifeng.__version__
    assert {c.code for c in kf.categories()} == {P.CATEGORY_ALL_STAFF, P.CATEGORY_OTHER}
    assert kf.convert(act(), ON).amount == D(60)
    assert kf.rule_version(ON).code == "kaifeng-2018"
    assert kf.audit_workflow() is workflow.AUDIT_WORKFLOW
    assert kf.audit_workflow().counting() == {"approved"}
    assert {p.name for p in kf.parameters()} == {p.name for p in P.PARAMETERS}


# -- the calculator form ------------------------------------------------------------------


def test_activity_form_offers_scores_and_weights(make_app):
    app = make_app("kaifeng")
    data = {"level": "city", "mode": "online", "hours": "56", "program": "all_staff_jpk", "end": "2019-04-30",
            "score_course_time": "90", "score_discussion": "80", "score_tasks": "70",
            "weight_course_time": "50", "weight_discussion": "30", "weight_tasks": "20"}
    with app.test_request_context("/rules/calculator", method="POST", data=data):
        form_class = app.extensions["portal.region"].activity_form()
        form = form_class()
        form.program.choices = [(code, code) for code in P.PROGRAMS]
        assert form.validate(), form.errors
        for dropped in ("days", "role", "service_year", "topics", "base_credits"):
            assert dropped not in form
        activity = Activity.from_mapping(form.activity_data())
    assert activity.scores == {"course_time": D(90), "discussion": D(80), "tasks": D(70)}
    assert activity.weights == {"course_time": D(50), "discussion": D(30), "tasks": D(20)}
    assert conversion.convert(activity, ON).amount == D(60)
    with app.test_request_context("/rules/calculator", method="POST", data={**data, "weight_tasks": ""}):
        form = form_class()
        form.program.choices = [(code, code) for code in P.PROGRAMS]
        assert form.validate()
        assert "tasks" not in form.activity_data()["weights"]


def test_calculator_page_shows_the_composite(make_app):
    app = make_app("kaifeng", demo=True)
    client = app.test_client()
    assert client.post("/login", data={"username": "teacher", "password": "demo12345"}).status_code == 302
    page = client.post("/rules/calculator", data={
        "level": "city", "mode": "online", "hours": "60", "program": "all_staff_jpk", "end": "2019-04-30",
        "score_course_time": "59", "score_discussion": "61", "score_tasks": "60",
        "weight_course_time": "50", "weight_discussion": "30", "weight_tasks": "20",
    })
    text = page.get_data(as_text=True)
    assert page.status_code == 200, text
    assert "在线学习课程时间成绩" in text and "综合成绩 59.8 分" in text and "不合格" in text


def test_calculator_labels_read_in_english(make_app):
    app = make_app("kaifeng")
    with app.test_request_context("/rules/calculator"), using("en"):
        form = app.extensions["portal.region"].activity_form()()
        assert str(form.score_tasks.label.text) == "Score for training tasks completed (points)"
        assert "Weight of online discussion points (%" in str(form.weight_discussion.label)


def test_a_refused_score_shows_under_its_own_field(make_app):
    app = make_app("kaifeng", demo=True)
    client = app.test_client()
    client.post("/login", data={"username": "teacher", "password": "demo12345"})
    page = client.post("/rules/calculator", data={
        "level": "city", "mode": "online", "hours": "60", "program": "all_staff_jpk", "end": "2019-04-30",
        "score_course_time": "120", "score_discussion": "61", "score_tasks": "60",
        "weight_course_time": "50", "weight_discussion": "30", "weight_tasks": "20",
    })
    assert page.status_code == 422
    assert 'id="score_course_time-error"' in page.get_data(as_text=True)


# -- demo ---------------------------------------------------------------------------------


def _codes(node):
    yield node.code, node.kind
    for child in node.children:
        yield from _codes(child)


def test_demo_is_coherent():
    today = clock.today()
    data = kaifeng.portal_demo_data(today=today)
    nodes = dict(_codes(data.org_tree))
    assert len(nodes) == len(list(_codes(data.org_tree)))           # codes unique
    assert data.org_tree.name == "河南省" and data.org_tree.children[0].name == "开封市"
    assert sum(kind == OrgKind.INSTITUTION for kind in nodes.values()) == 2  # the two of §四(一)
    assert {u.username for u in data.users} == {
        "school_admin", "principal", "district_admin", "city_admin", "province_admin",
        "institution", "institution_senior", "workshop_leader", "district_admin_xf",
    }
    assert all(u.org_code in nodes for u in data.users)
    usernames = [t.username for t in data.teachers] + [u.username for u in data.users]
    assert len(usernames) == len(set(usernames))
    assert "teacher" in usernames and len(data.teachers) >= 41
    for t in data.teachers:
        assert nodes[t.school_code] == OrgKind.SCHOOL
        parsed = parse_id_number(t.id_number, today)
        assert not parsed.warnings and parsed.value[:4] == "4102"
        assert t.entered_post <= today
    teachers = {t.username: t for t in data.teachers}
    assert teachers["teacher"].school_code == next(u.org_code for u in data.users if u.username == "school_admin")
    upcoming = kaifeng.demo.upcoming(today)  # the next training's projects (test_kaifeng_demo.py), after the past
    past = data.projects[:len(data.projects) - len(upcoming)]
    assert data.projects[len(past):] == upcoming
    # each year of the two cycles the pages show: the two all-staff projects and a school-based one
    # (one year without), and 祥符区's own two; no more than that
    years = len(kaifeng.demo.history_years(today))
    assert 6 <= len(past) <= 3 * years + 2 and any(not p.audited for p in past)
    own = []
    for project in past:
        assert project.organiser_code in nodes and project.start <= project.end <= today
        for e in project.enrollments:
            assert e.teacher in teachers
            assert teachers[e.teacher].entered_post <= project.start   # nobody trains before entering post
            if project.program:   # the stage picks the project (§四(二)1)
                assert enrollment.program_for_stages(teachers[e.teacher].stages) == project.program
            if e.attended_hours is None:  # this year's training months not over (§四(二)2): enrolled, no result yet
                assert project.program and project.start.year == today.year and not e.scores
                continue
            activity = Activity(level=project.level, mode=project.mode,
                                hours=e.attended_hours if e.attended_hours is not None else project.hours,
                                start=project.start, end=project.end, grade=e.grade, role=e.role,
                                program=project.program, service_year=e.service_year,
                                scores=e.scores, weights=project.assessment_weights)
            result = kaifeng.portal_convert_activity(activity=activity, on=project.end)
            assert result.category == project.category
            if project.program:   # the composite of the project's weights decides (§三(五))
                assert e.scores and sum(project.assessment_weights.values()) == 100
                assert result.amount == (D(60) if e.grade == Grade.PASS else D(0))
            if e.teacher == "teacher" and project.audited:
                own.append(Record(project.end, result.amount, result.unit, result.category,
                                  program=project.program))
    # the demo teacher: this year's entries, a duty met (yearly, all-staff) and one not (cycle)
    compliance = kaifeng.compliance.check_compliance(TeacherFacts(), own, today)
    assert compliance.year(demo_year(today)).earned > 0
    found = {f.code: f.ok for f in compliance.findings}
    assert found["all_staff_training"] and not found["cycle_total"]


def test_the_demo_new_hire_reads_a_sensible_page(make_app):
    """The demo has a teacher who entered post this September: their page asks a share of
    the year's hours and judges no year before they came."""
    today = clock.today()
    hire = kaifeng.demo.new_hire(today, 99)
    assert hire.entered_post <= today and (today - hire.entered_post).days < 366
    app = make_app("kaifeng", demo=True)
    username = next(t.username for t in kaifeng.portal_demo_data(today=today).teachers if t.name == hire.name)
    client = app.test_client()
    assert client.post("/login", data={"username": username, "password": "demo12345"}).status_code == 302
    page = client.get("/me/compliance")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert f"{hire.entered_post.isoformat()} 入职" in text
    assert f"{hire.entered_post.year - 1} 年已登记" not in text


def test_a_projects_preview_says_the_pass_as_a_condition_not_a_result():
    """A kaifeng phone trial: the page of an all-staff project not started yet read
    “平台报送的综合考核结果：合格” and “考核合格：学时计入……” as if the result were in. A preview
    (``Activity.preview``: the project as planned, before any result) words the hours and the
    pass as what the teacher would earn if they pass (§三(五) 考核合格的教师，学时计入……)."""
    planned = replace(act(), preview=True)
    steps = [str(s.text) for s in region().convert(planned, ON).steps]
    assert not any("平台报送" in s or "平台记录" in s for s in steps), steps
    assert any(s.startswith("若综合考核合格") for s in steps), steps
    assert region().convert(planned, ON).amount == D(60)
    with using("en"):
        assert all(not CJK.search(str(s.text)) for s in region().convert(planned, ON).steps)
    # a result in: the platform's words, as before
    assert any("平台报送的综合考核结果" in str(s.text) for s in region().convert(act(), ON).steps)


def test_the_rules_page_says_no_make_up_is_arranged(make_app):
    """§五(四) 未参训的教师不再统一安排补训: the rules page listed the figure by its label alone,
    “培训结束后为未参训教师统一安排补训”, which reads as if one were arranged."""
    from tests.support import signed_in

    app = make_app("kaifeng", demo=True)
    page = signed_in(app, "teacher").get("/rules/").get_data(as_text=True)
    item = re.search(r'<li id="figure-make_up_training">(.*?)</li>', page, re.S).group(1)
    assert "培训结束后为未参训教师统一安排补训：不再统一安排" in re.sub(r"<[^>]+>", "", item), item


# -- a period ends after its last day (Period.ended_on): on it, what it asks is still open -----


def test_on_the_last_day_of_a_running_year_its_hours_are_still_open_and_missed_the_day_after():
    """A teacher opening their page on 31 December sees what the year still needs by that day;
    on 1 January (the cycle 2026–2030 still running) the year is history, missed."""
    records = [passed("2026-04-30", "0"), rec("2026-06-01", "40")]
    last = kaifeng.portal_check_compliance(teacher=TEACHER, records=records, as_of=date(2026, 12, 31),
                                           today=date(2026, 12, 31))
    year = next(f for f in last.findings if f.code == "yearly_minimum")
    assert (year.ok, year.deadline, year.shortfall) == (False, date(2026, 12, 31), D(32))
    assert not year.missed_on(date(2026, 12, 31)) and "届满" not in year.message
    after = kaifeng.portal_check_compliance(teacher=TEACHER, records=records, as_of=date(2027, 1, 1),
                                            today=date(2027, 1, 1))
    past = next(f for f in after.findings if f.code == "yearly_minimum" and f.deadline == date(2026, 12, 31))
    assert not past.ok and past.missed_on(date(2027, 1, 1))


def test_on_the_last_day_of_a_running_cycle_the_all_staff_training_is_still_open_and_ended_after():
    """Setting all_staff_per_cycle: on the cycle's last day (2025-12-31) a pass that day still
    counts, so the finding says 尚无 with its deadline; the same day read after it (the previous
    cycle's page) says the cycle ended without one."""
    records = [passed("2020-04-30"), rec("2021-06-01", "72")]
    with applied({"all_staff_per_cycle": "true"}):
        last = kaifeng.portal_check_compliance(teacher=TEACHER, records=records, as_of=date(2025, 12, 31),
                                               today=date(2025, 12, 31))
        read_after = kaifeng.portal_check_compliance(teacher=TEACHER, records=records, as_of=date(2025, 12, 31),
                                                     today=date(2026, 1, 1))
    f = next(f for f in last.findings if f.code == "all_staff_training")
    assert (f.ok, f.deadline, f.shortfall) == (False, date(2025, 12, 31), D(1))
    assert not f.missed_on(date(2025, 12, 31))
    assert f.message.render("zh_Hans_CN").startswith("周期内尚无全市全员网络研修考核合格记录")
    total = next(f for f in last.findings if f.code == "cycle_total")
    assert not total.ok and total.shortfall and not total.missed_on(date(2025, 12, 31))
    ended = next(f for f in read_after.findings if f.code == "all_staff_training")
    assert ended.missed_on(date(2026, 1, 1))
    assert ended.message.render("zh_Hans_CN").startswith("周期（至 2025-12-31）届满，没有全市全员网络研修考核合格记录")
