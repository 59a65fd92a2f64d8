"""Qingdao / Shinan rules, checked against the figures of the two notices.

Rows cite the clause they come from: ``2017 §附件1 第N项`` is the Shinan credit standard
table (qingdao-shinan-2017-credit-registration.txt), ``2018 §附件1`` the Qingdao credit
structure (qingdao-shinan-2018-training-notice.txt).
"""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from wtforms import SelectMultipleField

import plugins.qingdao as plugin
from plugins.qingdao import compliance, conversion, demo, eligibility, parameters as P
from portal import clock, rulebook
from portal.domain.activity import Refused
from portal.conformance import CJK, SOURCE_PATTERN
from portal.documents import split_clause
from portal.domain import (
    Activity, ActivityRole, InvalidInput, Level, Mode, OrgKind, Parameter, Period, Record, ScopeSummary, TeacherFacts, Unit,
    UserRole,
)
from portal.domain.idcard import parse_id_number
from portal.domain.parameters import applied
from portal.domain.tenure import PartialPeriod
from portal.domain.text import Text, using
from portal.plugins import Region, make_manager
from tests.support import demo_year

D = Decimal
ON_2018 = date(2018, 6, 30)
ON_2017 = date(2017, 6, 30)
REGION = Region(make_manager(plugin), plugin)


def region(**settings) -> Region:
    return Region.load("qingdao", {"qingdao": plugin}, settings or None)


def act(**fields) -> Activity:
    return Activity.from_mapping(fields)


# Conversion -----------------------------------------------------------------------------

CONVERSIONS = [
    # (case, activity fields, on, amount, category)
    ("new teacher year 1: 120 hours registered as 72 (2017 §附件1 第1项)",
     dict(level="county", mode="centralized", hours=120, program="new_teacher", service_year=1), ON_2018, "72", "a_class"),
    ("new teacher year 1 above 120 hours still 72",
     dict(level="county", mode="centralized", hours=130, program="new_teacher", service_year=1), ON_2018, "72", "a_class"),
    ("new teacher year 1, 110 of 120 hours: 72/120 pro rata = 66",
     dict(level="county", mode="centralized", hours=110, program="new_teacher", service_year=1), ON_2018, "66", "a_class"),
    ("pro rata rounds to one decimal: 33.3 h x 0.6 = 19.98 -> 20.0",
     dict(level="county", mode="centralized", hours="33.3", program="new_teacher", service_year=1), ON_2018, "20.0", "a_class"),
    ("pro rata rounds half up: 0.75 h x 0.6 = 0.45 -> 0.5",
     dict(level="county", mode="centralized", hours="0.75", program="new_teacher", service_year=1), ON_2018, "0.5", "a_class"),
    ("new teacher year 2: 64 hours, 64 credits",
     dict(level="county", mode="centralized", hours=64, program="new_teacher", service_year=2), ON_2018, "64", "a_class"),
    ("new teacher year 3: 48 hours, 48 credits",
     dict(level="county", mode="centralized", hours=48, program="new_teacher", service_year=3), ON_2018, "48", "a_class"),
    ("new teacher year 3, 50 hours: still 48",
     dict(level="county", mode="centralized", hours=50, program="new_teacher", service_year=3), ON_2018, "48", "a_class"),
    ("mentor during off-post training: 100 credits",
     dict(level="county", mode="centralized", hours=0, program="new_teacher", role="mentor"), ON_2018, "100", "a_class"),
    ("new-teacher trainer: 2 credits per teaching hour",
     dict(level="county", mode="centralized", hours=3, program="new_teacher", role="instructor", days=1), ON_2018, "6", "a_class"),
    ("backbone: 48 hours, 48 credits (第2项)",
     dict(level="county", mode="centralized", hours=48, program="backbone"), ON_2018, "48", "a_class"),
    ("backbone above 48 hours: 48",
     dict(level="county", mode="online", hours=60, program="backbone"), ON_2018, "48", "a_class"),
    ("backbone 40 of 48 hours: 40",
     dict(level="county", mode="centralized", hours=40, program="backbone"), ON_2018, "40", "a_class"),
    ("backbone trainer 4 hours in one day: 8",
     dict(level="county", mode="centralized", hours=4, program="backbone", role="instructor", days=1), ON_2018, "8", "a_class"),
    ("backbone trainer 5 hours in one day: 10, the table's rate not held to 一般情况's 8 a day (2018 §附件1)",
     dict(level="county", mode="centralized", hours=5, program="backbone", role="instructor", days=1), ON_2018, "10", "a_class"),
    ("the 2017 table has no daily cap: trainer 5 hours = 10",
     dict(level="county", mode="centralized", hours=5, program="backbone", role="instructor", days=1), ON_2017, "10", "a_class"),
    ("subject leaders: 90 (第3项)",
     dict(level="county", mode="centralized", hours=90, program="subject_leader"), ON_2018, "90", "a_class"),
    ("head teachers: 90 (第4项)",
     dict(level="county", mode="centralized", hours=90, program="head_teacher"), ON_2018, "90", "a_class"),
    ("music, PE and art: 48 (第5项)",
     dict(level="county", mode="centralized", hours=48, program="music_pe_art"), ON_2018, "48", "a_class"),
    ("cadre training: 6 hours in a day = 6 (第6项)",
     dict(level="county", mode="centralized", hours=6, program="cadre", days=1), ON_2018, "6", "a_class"),
    ("cadre 8 hours in a day = 8, exactly the cap",
     dict(level="county", mode="centralized", hours=8, program="cadre", days=1), ON_2018, "8", "a_class"),
    ("cadre 10 hours in a day: capped at 8",
     dict(level="county", mode="centralized", hours=10, program="cadre", days=1), ON_2018, "8", "a_class"),
    ("cadre 10 hours over two days: 10",
     dict(level="county", mode="centralized", hours=10, program="cadre", days=2), ON_2018, "10", "a_class"),
    ("days taken from start and end (2 days)",
     dict(level="county", mode="centralized", hours=18, program="cadre", start="2018-03-01", end="2018-03-02"), ON_2018, "16", "a_class"),
    ("cadre 10 hours in a day in 2017: no cap",
     dict(level="county", mode="centralized", hours=10, program="cadre", days=1), ON_2017, "10", "a_class"),
    ("teaching research: 24 a year (第7项)",
     dict(level="county", mode="centralized", hours=24, program="teaching_research"), ON_2018, "24", "a_class"),
    ("teaching research above 24 hours: 24",
     dict(level="county", mode="centralized", hours=30, program="teaching_research"), ON_2018, "24", "a_class"),
    ("teaching research 18 hours attended: 18",
     dict(level="county", mode="centralized", hours=18, program="teaching_research"), ON_2018, "18", "a_class"),
    ("teaching-research presenter: 2 per hour",
     dict(level="county", mode="centralized", hours=3, program="teaching_research", role="presenter", days=1), ON_2018, "6", "a_class"),
    ("topic training 3 hours: 3 (第8项)",
     dict(level="county", mode="centralized", hours=3, program="topic"), ON_2018, "3", "a_class"),
    ("other: certified by the research centre (第9项)",
     dict(level="county", mode="centralized", hours=10, program="other", base_credits=5), ON_2018, "5", "a_class"),
    ("other, run by a school: school-based",
     dict(level="school", mode="school_based", hours=10, program="other", base_credits=4), ON_2018, "4", "school_based"),
    ("Internet+ compulsory: 18 on completion (第10项)",
     dict(level="provincial", mode="online", hours=50, program="internet_plus_compulsory"), ON_2018, "18", "a_class"),
    ("Internet+ elective: 18",
     dict(level="provincial", mode="online", hours=10, program="internet_plus_elective", grade="pass"), ON_2018, "18", "a_class"),
    ("Internet+ tasks not completed: 0",
     dict(level="provincial", mode="online", hours=10, program="internet_plus_elective", grade="fail"), ON_2018, "0", "a_class"),
    ("city personalized 12 hours over 2 days, evaluation passed: 12 (第11项)",
     dict(level="city", mode="centralized", hours=12, days=2, program="city_personalized", grade="pass"), ON_2018, "12", "a_class"),
    ("city personalized online, evaluation passed: 1 per hour",
     dict(level="city", mode="online", hours=5, program="city_personalized", grade="pass"), ON_2018, "5", "a_class"),
    ("city personalized 20 hours over 2 days: capped at 16",
     dict(level="city", mode="centralized", hours=20, days=2, program="city_personalized", grade="pass"), ON_2018, "16", "a_class"),
    ("city personalized, evaluation failed: 0",
     dict(level="city", mode="centralized", hours=12, days=2, program="city_personalized", grade="fail"), ON_2018, "0", "a_class"),
    ("general: national centralized 6 hours = 6 (1 hour = 1 credit)",
     dict(level="national", mode="centralized", hours=6), ON_2018, "6", "a_class"),
    ("general: provincial online 10 hours over 2 days = 10",
     dict(level="provincial", mode="online", hours=10, days=2), ON_2018, "10", "a_class"),
    ("general: fractional hours kept: 1.25",
     dict(level="city", mode="centralized", hours="1.25"), ON_2018, "1.25", "a_class"),
    ("general: fail grade registers nothing",
     dict(level="city", mode="centralized", hours=6, grade="fail"), ON_2018, "0", "a_class"),
    ("school-based 6 hours in a day: 6, exactly the cap",
     dict(level="school", mode="school_based", hours=6, days=1), ON_2018, "6", "school_based"),
    ("school-based 7 hours in a day: capped at 6",
     dict(level="school", mode="school_based", hours=7, days=1), ON_2018, "6", "school_based"),
    ("school-level centralized counts as school-based: capped at 6",
     dict(level="school", mode="centralized", hours=7, days=1), ON_2018, "6", "school_based"),
    ("school-based 14 hours over 2 days: 12",
     dict(level="school", mode="school_based", hours=14, start="2018-11-08", end="2018-11-09"), ON_2018, "12", "school_based"),
    ("school-based 7 hours in 2017: no cap",
     dict(level="school", mode="school_based", hours=7, days=1), ON_2017, "7", "school_based"),
]


@pytest.mark.parametrize("case, fields, on, amount, category", CONVERSIONS, ids=[c[0] for c in CONVERSIONS])
def test_convert(case, fields, on, amount, category):
    result = REGION.convert(act(**fields), on)
    assert result.amount == D(amount)
    assert str(result.amount) == amount  # Decimal all the way, no float noise
    assert result.unit == Unit.CREDIT
    assert result.category == category
    assert result.rule_version == ("qingdao-2018" if on >= date(2018, 1, 1) else "qingdao-2017")  # the core's stamp
    assert result.steps and all(s.source for s in result.steps)
    assert result.steps[-1].value == result.amount or result.steps[-1].value is None


INVALID = [
    ("unknown program code", dict(level="county", mode="centralized", hours=3, program="nope"), "program"),
    ("new teacher without the year in post", dict(level="county", mode="centralized", hours=120, program="new_teacher"), "service_year"),
    ("new teacher year 4 is not in the table", dict(level="county", mode="centralized", hours=48, program="new_teacher", service_year=4), "service_year"),
    ("head-teacher row names no trainer credits", dict(level="county", mode="centralized", hours=3, program="head_teacher", role="instructor"), "role"),
    ("mentor credits only in new-teacher training", dict(level="county", mode="centralized", hours=3, program="backbone", role="mentor"), "role"),
    ("cadre trainer not in the table", dict(level="county", mode="centralized", hours=3, program="cadre", role="instructor"), "role"),
    ("a district program at city level", dict(level="city", mode="centralized", hours=6, program="cadre"), "level"),
    ("Internet+ is provincial", dict(level="county", mode="online", hours=6, program="internet_plus_compulsory"), "level"),
    ("Internet+ is online", dict(level="provincial", mode="centralized", hours=6, program="internet_plus_compulsory"), "mode"),
    ("district program as school-based", dict(level="county", mode="school_based", hours=6, program="backbone"), "mode"),
    ("personalized training needs the evaluation result", dict(level="city", mode="online", hours=6, program="city_personalized"), "grade"),
    # 结业评价 is 合格 or 不合格 (2017 附件2 第6步; 附件1 第11项 评价合格): 优 and 良 were taken and credited as a pass
    ("excellent is no grade of the district", dict(level="city", mode="centralized", hours=6, grade="excellent"), "grade"),
    ("good is no grade of the district", dict(level="county", mode="centralized", hours=6, grade="good"), "grade"),
    ("nor of a personalized training's evaluation",
     dict(level="city", mode="online", hours=5, program="city_personalized", grade="excellent"), "grade"),
    ("nor of a trainer's", dict(level="county", mode="centralized", hours=3, program="backbone", role="instructor", grade="good"), "grade"),
    ("other needs the certified credits", dict(level="county", mode="centralized", hours=6, program="other"), "base_credits"),
    ("self-study is not in the documents", dict(level="school", mode="self_study", hours=6), "mode"),
    ("degree study is not in the documents", dict(level="provincial", mode="degree", hours=6), "mode"),
    ("no program: only participants", dict(level="city", mode="centralized", hours=3, role="instructor"), "role"),
    ("over one day's cap with no days to apply it", dict(level="county", mode="centralized", hours=10, program="cadre"), "days"),
    ("school-based over 6 with no days", dict(level="school", mode="school_based", hours=7), "days"),
]


@pytest.mark.parametrize("case, fields, field", INVALID, ids=[c[0] for c in INVALID])
def test_convert_rejects(case, fields, field):
    with pytest.raises(InvalidInput) as err:
        plugin.portal_convert_activity(activity=act(**fields), on=ON_2018)
    assert err.value.field == field
    chinese = said_in_both_languages(err.value.message)
    assert not re.search(r"[a-z_]{4,}", chinese), chinese  # in words: no field name, code or value code


def test_a_setting_that_names_no_level_is_refused_in_words():
    with applied({"a_class_levels": "city,galaxy"}), pytest.raises(InvalidInput) as err:
        conversion.convert(act(level="city", mode="centralized", hours=6, days=1), ON_2018)
    assert err.value.field == "settings.a_class_levels"
    assert err.value.message == "本地区设置“计入 A 类学分的培训级别（校本培训以外）”中的“galaxy”不是培训级别，请教育行政部门更正这一设置"


def test_programs_say_their_level_mode_and_whether_hours_count():
    programs = {p.code: p for p in plugin.portal_programs()}
    assert programs["backbone"].level == Level.COUNTY and programs["backbone"].needs_hours
    assert programs["city_personalized"].level == Level.CITY and programs["city_personalized"].mode is None
    assert (programs["internet_plus_elective"].level, programs["internet_plus_elective"].mode) == (
        Level.PROVINCIAL, Mode.ONLINE)
    assert {c for c, p in programs.items() if not p.needs_hours} == {
        "internet_plus_compulsory", "internet_plus_elective", "other"}
    assert programs["other"].level is None


def test_a_mentor_of_new_teachers_needs_no_hours_where_a_participant_does():
    """Row 1 credits the mentor 100 whatever the hours: the rules command fills them as it fills
    a program's level, so a case leaves them out; a participant's hours are still asked."""
    programs = {p.code: p for p in plugin.portal_programs()}
    assert programs["new_teacher"].fixed_roles == {ActivityRole.MENTOR} and programs["backbone"].fixed_roles == set()
    assert programs["new_teacher"].as_json()["fixed_roles"] == ["mentor"]
    qingdao = region()
    mentor = {"level": "county", "mode": "centralized", "program": "new_teacher", "role": "mentor", "end": "2018-12-25"}
    assert rulebook.convert(qingdao, mentor)["amount"] == 100
    with pytest.raises(Refused) as refused:
        rulebook.convert(qingdao, {**mentor, "role": "participant"})
    assert refused.value.field == "hours"


def test_no_days_needed_within_one_days_cap():
    result = conversion.convert(act(level="county", mode="centralized", hours=8, program="cadre"), ON_2018)
    assert result.amount == 8


def test_fail_step_explains_the_zero():
    result = conversion.convert(act(level="county", mode="centralized", hours=90, program="head_teacher", grade="fail"), ON_2018)
    assert result.amount == 0 and result.steps[-1].value == 0 and "不合格" in result.steps[-1].text


@pytest.mark.parametrize("on, code", [
    (date(2016, 5, 1), "qingdao-2017"),
    (date(2017, 12, 31), "qingdao-2017"),
    (date(2018, 1, 1), "qingdao-2018"),
    (date(2030, 1, 1), "qingdao-2018"),
])
def test_rule_version(on, code):
    region = Region(make_manager(plugin), plugin)
    version = region.rule_version(on)
    assert version.code == code and version.source and version.effective_from <= max(on, date(2017, 1, 1))
    assert conversion.convert(act(level="city", mode="online", hours=1), on).rule_version == ""  # the core stamps it


def test_categories_have_sources():
    cats = {c.code: c for c in plugin.portal_credit_categories()}
    assert set(cats) == {"a_class", "school_based", "other_training"}
    assert all(SOURCE_PATTERN.match(c.source) for c in cats.values())


# Cycle and requirements -------------------------------------------------------------------


@pytest.mark.parametrize("on, start, end", [
    (date(2018, 1, 1), date(2018, 1, 1), date(2022, 12, 31)),
    (date(2022, 12, 31), date(2018, 1, 1), date(2022, 12, 31)),
    (date(2023, 1, 1), date(2023, 1, 1), date(2027, 12, 31)),
    (date(2017, 6, 1), date(2013, 1, 1), date(2017, 12, 31)),
])
def test_cycle(on, start, end):
    period = plugin.portal_cycle(on=on)
    assert (period.start, period.end) == (start, end)


def test_requirements():
    req = plugin.portal_requirements(on=ON_2018, teacher=None)
    assert (req.cycle, req.yearly, req.unit) == (D(360), D(48), Unit.CREDIT)
    assert "§一" in req.cycle_source and "§附件1" in req.yearly_source


# Compliance ---------------------------------------------------------------------------------


def rec(day: str, amount, category="a_class", program=None) -> Record:
    return Record(date.fromisoformat(day), D(str(amount)), Unit.CREDIT, category, program=program)


def spread(total_a, total_s, years=(2018, 2019, 2020, 2021, 2022)):
    """Credits spread evenly over the cycle's years."""
    out = []
    for y in years:
        if total_a:
            out.append(rec(f"{y}-06-01", D(total_a) / len(years)))
        if total_s:
            out.append(rec(f"{y}-09-01", D(total_s) / len(years), "school_based"))
    return out


AS_OF_END = date(2022, 12, 31)
OTHER = "other_training"  # levels a bureau left out of A-class: towards 360, not towards 240
COMPLIANCE = [
    # (case, records, as_of, earned, counted, cycle ok, a-class ok)
    ("360 A-class: met", spread(360, 0), AS_OF_END, "360", "360", True, True),
    ("240 A + 120 school-based: met exactly", spread(240, 120), AS_OF_END, "360", "360", True, True),
    ("240 A + 150 school-based: school-based counts 120", spread(240, 150), AS_OF_END, "390", "360", True, True),
    ("230 A + 150 school-based: 350 counted, A-class short", spread(230, 150), AS_OF_END, "380", "350", False, False),
    ("359: one short", spread(359, 0), AS_OF_END, "359", "359", False, True),
    ("records outside the cycle or after as_of do not count",
     spread(360, 0) + [rec("2017-12-31", 50), rec("2023-01-01", 50)], AS_OF_END, "360", "360", True, True),
    ("mid-cycle: only what is earned up to as_of",
     spread(360, 0), date(2020, 6, 30), "216", "216", False, False),
    # 2018 附件3后 不低于解释: "低于 240 学分，即为不达标（达不到 360 学分）"
    ("360 counted with 230 A-class: not met", spread(230, 120) + [rec("2020-06-01", 10, OTHER)], AS_OF_END,
     "360", "360", False, False),
    ("360 counted with 240 A-class: met", spread(240, 110) + [rec("2020-06-01", 10, OTHER)], AS_OF_END,
     "360", "360", True, True),
]


@pytest.mark.parametrize("case, records, as_of, earned, counted, ok, a_ok", COMPLIANCE, ids=[c[0] for c in COMPLIANCE])
def test_compliance_cycle(case, records, as_of, earned, counted, ok, a_ok):
    c = plugin.portal_check_compliance(teacher=TeacherFacts(), records=records, as_of=as_of, today=as_of)
    assert c.unit == Unit.CREDIT
    assert (c.cycle.earned, c.cycle.counted, c.cycle.ok) == (D(earned), D(counted), ok)
    assert c.cycle.required == 360
    findings = {f.code: f for f in c.findings}
    assert findings["cycle_total"].ok == c.cycle.ok == ok  # one answer for the cycle
    assert findings["a_class_minimum"].ok == a_ok
    assert [f.code for f in c.cycle.conditions] == ["a_class_minimum"]
    assert findings["school_based_cap"].ok and findings["school_based_cap"].cap
    assert all(f.source and f.message for f in c.findings)


def test_the_cycle_and_what_is_judged_like_it_agree_on_the_a_class_condition():
    """360 counted with 230 A-class: the cycle, its finding, re-registration, senior titles and
    awards all say not met (before, the cycle said met while the A-class finding said not)."""
    records = spread(230, 120) + [rec("2020-06-01", 10, OTHER)]
    c = compliance.check_compliance(TeacherFacts(), records, AS_OF_END)
    uses = {e.purpose: e for e in eligibility.eligibility(TeacherFacts(), records, AS_OF_END)}
    cycle_total = next(f for f in c.findings if f.code == "cycle_total")
    assert not c.cycle.ok and not cycle_total.ok and cycle_total.shortfall is None
    assert "A 类学分 230 学分，低于 240 学分，周期不达标" in cycle_total.message
    for purpose in ("certificate_registration", "title_senior", "title_full_senior", "awards"):
        assert not uses[purpose].ok and "A 类学分 10 学分" in uses[purpose].missing
    met = spread(240, 110) + [rec("2020-06-01", 10, OTHER)]
    assert compliance.check_compliance(TeacherFacts(), met, AS_OF_END).cycle.ok
    assert all(e.ok for e in eligibility.eligibility(TeacherFacts(), met, AS_OF_END)
               if e.purpose in ("certificate_registration", "title_senior", "awards"))


def test_compliance_messages_state_the_situation_and_leave_the_shortfall_to_the_page():
    c = compliance.check_compliance(TeacherFacts(), spread(230, 150), AS_OF_END)
    f = {f.code: f for f in c.findings}
    assert f["cycle_total"].message == "周期（2018-01-01 至 2022-12-31）已计 350 学分（校本 150 学分按 120 学分计）"
    assert f["a_class_minimum"].message == "A 类学分 230 学分；低于 240 学分即为不达标，周期学分不算达到"
    assert f["school_based_cap"].message == "周期内校本培训 150 学分，超过 120 学分，按 120 学分计入"
    assert not any("还需" in f.message or "截止" in f.message for f in c.findings)
    assert f["cycle_total"].deadline == f["a_class_minimum"].deadline == AS_OF_END
    assert (f["cycle_total"].shortfall, f["a_class_minimum"].shortfall) == (10, 10)
    assert f["school_based_cap"].deadline is None and f["school_based_cap"].shortfall is None
    with using("en"):
        assert str(f["cycle_total"].message) == (
            "The cycle (2018-01-01 to 2022-12-31): 350 credits counted (school-based 150 credits, counted as 120 credits)")


@pytest.mark.parametrize("case, records, year, earned, ok", [
    ("48 exactly meets the year", [rec("2019-03-01", 48)], 2019, "48", True),
    ("47.5 does not", [rec("2019-03-01", "47.5")], 2019, "47.5", False),
    ("31 December belongs to its year", [rec("2018-12-31", 48), rec("2019-01-01", 10)], 2018, "48", True),
    ("1 January belongs to the next", [rec("2018-12-31", 48), rec("2019-01-01", 10)], 2019, "10", False),
])
def test_yearly_minimum(case, records, year, earned, ok):
    c = compliance.check_compliance(TeacherFacts(), records, date(2020, 6, 30))
    assert [y.year for y in c.years] == [2018, 2019, 2020]
    y = c.year(year)
    assert (y.earned, y.ok, y.required) == (D(earned), ok, D(48))
    finding = next(f for f in c.findings if f.code == "yearly_minimum" and f.deadline == date(year, 12, 31))
    assert finding.ok == ok
    if not ok:
        assert "不得评为优秀" in finding.message


def test_current_year_finding_gives_shortfall_and_deadline_to_the_page():
    c = compliance.check_compliance(TeacherFacts(), [rec("2020-03-01", 30)], date(2020, 6, 30))
    f = next(f for f in c.findings if f.code == "yearly_minimum" and f.deadline == date(2020, 12, 31))
    assert f.message == "2020 年已得 30 学分；达不到 48 学分的，当年年度考核不得评为优秀"
    assert f.shortfall == 18


def test_before_2018_the_yearly_minimum_has_no_rating_consequence_and_no_cycle_caps():
    """The rating consequence, the 120 cap and the 240 floor belong to the 2018 structure (2018 附件1)."""
    records = [rec("2015-06-01", 210), rec("2016-06-01", 150, "school_based")]
    c = compliance.check_compliance(TeacherFacts(), records, date(2017, 12, 31))
    codes = {f.code for f in c.findings}
    assert codes == {"cycle_total", "yearly_minimum"}
    assert (c.cycle.earned, c.cycle.counted, c.cycle.ok) == (D(360), D(360), True)
    assert not any("优秀" in f.message for f in c.findings)


@pytest.mark.parametrize("dates_amounts, ok, count", [
    ([("2018-05-01", 6), ("2019-05-01", 6), ("2020-05-01", 6)], True, 3),
    ([("2018-05-01", 6), ("2019-05-01", 6)], False, 2),
    ([("2018-05-01", 6), ("2019-05-01", 6), ("2020-05-01", 0)], False, 2),  # evaluation failed
    ([("2017-05-01", 6), ("2019-05-01", 6), ("2020-05-01", 6)], False, 2),  # previous cycle
])
def test_personalized_three_times(dates_amounts, ok, count):
    records = [rec(d, a, program="city_personalized") for d, a in dates_amounts]
    c = compliance.check_compliance(TeacherFacts(), records, date(2022, 1, 1))
    f = next(f for f in c.findings if f.code == "personalized_training_count")
    assert (f.ok, f.actual, f.required, f.unit) == (ok, D(count), D(3), Unit.TIME)  # 次, not 学分
    assert f"市级个性化培训 {count} 次" in f.message


@pytest.mark.parametrize("records, missing", [
    ([rec("2019-05-01", 3, "school_based", None)], "师德师风、心理健康、信息技术、儿童保护法律教育、财经素养"),
    ([Record(date(2019, 5, 1), D(3), Unit.CREDIT, "school_based", topics=("ethics", "it")),
      Record(date(2020, 5, 1), D(3), Unit.CREDIT, "a_class", topics=("mental_health", "child_protection_law")),
      Record(date(2020, 6, 1), D(0), Unit.CREDIT, "a_class", topics=("financial_literacy",))], "财经素养"),
    ([Record(date(2019, 5, 1), D(3), Unit.CREDIT, "school_based",
             topics=("ethics", "it", "mental_health", "child_protection_law", "financial_literacy"))], None),
])
def test_compulsory_topics(records, missing):
    c = compliance.check_compliance(TeacherFacts(), records, date(2022, 1, 1))
    f = next(f for f in c.findings if f.code == "compulsory_topics")
    assert f.ok == (missing is None)
    assert (f.unit, f.required, f.deadline) == (Unit.ITEM, 5, date(2022, 12, 31))  # 项, not 学分
    assert f.settings == ("compulsory_topics_times",)
    if missing:
        assert f.message == f"周期内尚未参加的必修内容：{missing}（每项至少 1 次）"
        assert f.shortfall == len(missing.split("、"))


# Tenure: entry, transfer and leave ----------------------------------------------------------

HIRED = TeacherFacts(entered_post=date(2026, 9, 1))
TODAY = date(2026, 12, 1)


def test_a_teacher_hired_on_1_september_is_not_held_to_the_years_before():
    """Hired 2026-09-01, read on 2026-12-01: 2023–2025 are not theirs; 2026 asks 4/12 of 48,
    the cycle 16/60 of 360 and of the A-class 240 (the settings' default: prorata)."""
    c = compliance.check_compliance(HIRED, [rec("2026-11-10", 3, "school_based")], TODAY)
    assert [(y.year, y.required) for y in c.years] == [(2026, D(16))]
    assert "2026-09-01 入职" in c.years[0].note
    yearly = [f for f in c.findings if f.code == "yearly_minimum"]
    assert [f.deadline for f in yearly] == [date(2026, 12, 31)] and yearly[0].settings == ("partial_year",)
    assert not any(f.deadline and f.deadline < TODAY and not f.ok for f in c.findings)  # nothing "已过"
    assert (c.cycle.required, c.cycle.ok) == (D(96), False) and "要求 96 学分，而非 360 学分" in c.cycle.note
    f = {f.code: f for f in c.findings}
    assert (f["cycle_total"].required, f["a_class_minimum"].required) == (D(96), D(64))
    assert f["cycle_total"].settings == ("cycle_anchor_year", "partial_cycle")
    assert (f["personalized_training_count"].required, f["compulsory_topics"].required) == (1, 5)
    annual = {e.purpose: e for e in eligibility.eligibility(HIRED, [], TODAY)}["annual_rating_excellent"]
    assert annual.missing == "还需 16 学分，截止 2026-12-31"


@pytest.mark.parametrize("how, year_required, findings", [
    ("full", D(48), 1),
    ("prorata", D(16), 1),
    ("exempt", None, 0),
])
def test_the_first_partial_year_follows_the_setting(how, year_required, findings):
    with applied({"partial_year": how}):
        c = compliance.check_compliance(HIRED, [], TODAY)
        annual = {e.purpose: e for e in eligibility.eligibility(HIRED, [], TODAY)}["annual_rating_excellent"]
    assert [(y.year, y.required) for y in c.years] == [(2026, year_required)]
    assert len([f for f in c.findings if f.code == "yearly_minimum"]) == findings
    assert annual.ok == (year_required is None)
    said_in_both_languages(annual.reason)


@pytest.mark.parametrize("how, cycle_required, a_class", [
    ("full", D(360), D(240)),
    ("prorata", D(96), D(64)),
    ("exempt", D(0), None),
])
def test_the_cycle_of_a_teacher_who_entered_inside_it_follows_the_setting(how, cycle_required, a_class):
    with applied({"partial_cycle": how}):
        c = compliance.check_compliance(HIRED, [], TODAY)
        certificate = {e.purpose: e for e in eligibility.eligibility(HIRED, [], TODAY)}["certificate_registration"]
    f = {f.code: f for f in c.findings}
    assert c.cycle.required == cycle_required and c.cycle.ok == (a_class is None) == certificate.ok
    assert f["cycle_total"].ok == c.cycle.ok
    assert (f["a_class_minimum"].required if "a_class_minimum" in f else None) == a_class


@pytest.mark.parametrize("how", ["full", "prorata", "exempt"])
def test_the_requirements_of_a_new_hire_are_what_compliance_asks_of_them(how):
    """portal_requirements with the teacher: the cycle as check_compliance reports it, the
    year holding the day as its year reports it, and the settings they come from."""
    with applied({"partial_year": how, "partial_cycle": how}):
        req = plugin.portal_requirements(on=TODAY, teacher=HIRED)
        c = compliance.check_compliance(HIRED, [], TODAY)
    assert req.cycle == c.cycle.required == {"full": D(360), "prorata": D(96), "exempt": D(0)}[how]
    assert req.yearly == c.year(2026).required == {"full": D(48), "prorata": D(16), "exempt": None}[how]
    # each figure names the setting it comes from, and only its own
    assert req.settings == (() if how == "full" else ("partial_cycle",))
    assert req.yearly_settings == (() if how == "full" else ("partial_year",))
    assert (req.unit, req.cycle_source, req.yearly_source) == (
        Unit.CREDIT, P.CYCLE_REQUIRED.source_at(TODAY), P.YEARLY_REQUIRED.source_at(TODAY))


def test_the_requirements_without_a_teacher_are_the_headline_figures():
    assert plugin.portal_requirements(on=TODAY, teacher=None).settings == ()
    assert (plugin.portal_requirements(on=TODAY, teacher=None).cycle,
            plugin.portal_requirements(on=TODAY, teacher=None).yearly) == (D(360), D(48))
    before = plugin.portal_requirements(on=date(2025, 6, 1), teacher=HIRED)  # a year before they came
    assert (before.cycle, before.yearly) == (D(96), None)


def test_title_windows_are_not_prorated_for_a_new_hire():
    uses = {e.purpose: e for e in eligibility.eligibility(HIRED, [rec("2026-10-01", 72)], TODAY)}
    assert uses["title_junior"].ok and "不足" not in uses["title_junior"].reason
    assert not uses["title_senior"].ok and "还需 288 学分" in uses["title_senior"].missing


def test_a_teacher_transferred_in_is_judged_from_the_transfer():
    teacher = TeacherFacts(entered_post=date(2010, 9, 1), transferred_in=date(2025, 3, 1),
                           transferred_from="莱西市")
    c = compliance.check_compliance(teacher, [], TODAY)
    assert [(y.year, y.required) for y in c.years] == [(2025, D(40)), (2026, D(48))]
    assert "2025-03-01 调入" in c.years[0].note
    assert c.cycle.required == D(204)  # 34 of 60 months: 360 × 34 ÷ 60


def test_a_year_on_approved_leave_asks_nothing_that_year():
    teacher = TeacherFacts(entered_post=date(2010, 9, 1), leave=(Period(date(2024, 1, 1), date(2024, 12, 31)),))
    c = compliance.check_compliance(teacher, [rec("2023-05-01", 48), rec("2025-05-01", 48)], date(2025, 12, 31))
    years = {y.year: y for y in c.years}
    assert years[2024].required is None and years[2024].ok and "经批准离岗 12 个月" in years[2024].note
    assert [f.deadline.year for f in c.findings if f.code == "yearly_minimum"] == [2023, 2025]
    assert c.cycle.required == D(288)  # 48 of 60 months


# Citations ----------------------------------------------------------------------------------


def every_source() -> set[str]:
    sources = {v.source for p in plugin.portal_parameters() for v in p.values}
    for items in (plugin.portal_credit_categories(), plugin.portal_programs(), plugin.portal_duties(),
                  plugin.portal_purposes()):
        sources |= {item.source for item in items}
    sources |= {plugin.portal_audit_workflow().source, plugin.portal_enrollment_workflow().source}
    for activity in SOURCED_ANSWERS:
        sources |= {s.source for s in conversion.convert(activity, ON_2018).steps}
    c = compliance.check_compliance(TeacherFacts(), spread(230, 150), AS_OF_END)
    sources |= {f.source for f in c.findings}
    sources |= {e.source for e in eligibility.eligibility(TeacherFacts(), spread(230, 150), AS_OF_END)}
    return sources


def test_every_citation_pins_the_documents_own_words():
    """A clause quoted in a citation is found word for word (the text has no “（二）” before
    the re-registration line, so it is pinned by its words)."""
    for source in every_source():
        for resolved in REGION.library.resolve(source):
            assert resolved.document is not None and resolved.location.exact, source
            _numbering, phrases = split_clause(resolved.citation.clause)
            if phrases:
                assert resolved.location.phrase in phrases, source
    assert "(二)" not in P.CERTIFICATE.values[0].source


def test_documents_are_cited_by_their_own_titles():
    """As each notice's heading reads (a trial's reader looked for 市南区2018年教师培训工作通知 in vain)."""
    documents = {d.file: d for d in plugin.portal_documents()}
    assert documents[P.F2018].title == "关于做好2018年中小学幼儿园教师培训工作的通知"
    assert documents[P.F2017].title == "关于做好2017年度市南区中小学（幼儿园）教师培训学分系统登记工作的通知"
    assert (documents[P.F2017].issued, documents[P.F2018].issued) == (date(2017, 12, 4), date(2018, 4, 13))
    assert documents[P.F2018].issuer == "青岛市市南区教育研究中心"
    with using("en"):
        assert str(documents[P.F2018].title) == "Notice on the 2018 training of primary, secondary school and kindergarten teachers"


# Eligibility --------------------------------------------------------------------------------

AS_OF = date(2022, 6, 30)


def eligible(records, teacher=TeacherFacts(), as_of=AS_OF) -> dict:
    result = {e.purpose: e for e in plugin.portal_eligibility(teacher=teacher, records=records, as_of=as_of)}
    assert all(e.reason and SOURCE_PATTERN.match(e.source) for e in result.values())
    assert all(e.ok or e.missing for e in result.values())  # not ok always says what is missing
    assert set(result) == {p.code for p in plugin.portal_purposes()}
    return result


@pytest.mark.parametrize("records, ok", [
    ([rec("2022-01-01", 48)], True),
    ([rec("2022-01-01", 47)], False),
    ([rec("2021-12-31", 100), rec("2022-01-01", 20)], False),
])
def test_annual_rating(records, ok):
    e = eligible(records)["annual_rating_excellent"]
    assert e.ok == ok
    if not ok:
        assert str(e.missing).endswith("截止 2022-12-31")


@pytest.mark.parametrize("records, ok", [
    ([rec("2021-07-01", 72)], True),  # first day of the last year (近一年内)
    ([rec("2021-06-30", 72)], False),  # one day too early
    ([rec("2021-07-01", 71)], False),
])
def test_title_junior(records, ok):
    assert eligible(records)["title_junior"].ok == ok


@pytest.mark.parametrize("title_date, records, ok, years", [
    (date(2021, 6, 30), [rec("2022-01-01", 72)], True, 1),  # 任职一年: 72 in the last year
    (date(2021, 6, 30), [rec("2022-01-01", 71)], False, 1),
    (date(2020, 6, 30), [rec("2021-01-01", 144)], True, 2),  # ASSUMPTION: 144 over two years
    (date(2019, 6, 30), [rec("2020-01-01", 216)], True, 3),  # 任职三年: 216 in three years
    (date(2019, 6, 30), [rec("2019-06-30", 216)], False, 3),  # outside the three years
    (date(2018, 6, 30), [rec("2019-01-01", 288)], True, 4),
    (date(2010, 6, 30), [rec("2018-07-01", 287)], False, 4),  # 四年及以上: 288 in four years
])
def test_title_intermediate(title_date, records, ok, years):
    e = eligible(records, TeacherFacts(title_date=title_date))["title_intermediate"]
    assert e.ok == ok
    assert f"近 {years} 年" in e.reason


def test_title_intermediate_needs_a_year_in_post():
    assert not eligible([rec("2022-01-01", 500)], TeacherFacts(title_date=date(2021, 7, 1)))["title_intermediate"].ok
    assert not eligible([rec("2022-01-01", 500)])["title_intermediate"].ok
    # without a title date, years in post count from entering the post
    assert eligible([rec("2022-01-01", 72)], TeacherFacts(entered_post=date(2021, 6, 1)))["title_intermediate"].ok


FIVE_YEAR = ("title_senior", "title_full_senior", "awards")


@pytest.mark.parametrize("records, ok, missing", [
    (spread(360, 0), True, ""),
    (spread(240, 150), True, ""),
    (spread(230, 150), False, "还需 A 类学分 10 学分，须在申报时的近 5 年内取得"),  # school-based counts 120
    (spread(300, 50), False, "还需 10 学分，须在申报时的近 5 年内取得"),
    ([rec("2017-06-30", 360)], False, "还需 360 学分（其中 A 类至少 240 学分），须在申报时的近 5 年内取得"),
    ([rec("2017-07-01", 360)], True, ""),  # first day of the last five years (近五年内)
])
def test_five_year_uses(records, ok, missing):
    result = eligible(records, as_of=AS_OF_END if records[0].date.year == 2018 else AS_OF)
    assert [(result[p].ok, result[p].missing) for p in FIVE_YEAR] == [(ok, missing)] * 3


@pytest.mark.parametrize("records, as_of, ok, missing", [
    (spread(240, 120), AS_OF_END, True, ""),
    (spread(230, 150), AS_OF_END, False, "还需 A 类学分 10 学分，截止 2022-12-31；达不到的暂缓注册"),
    # by the cycle (a setting): 2017's credits belong to the cycle before
    ([rec("2017-07-01", 360)], AS_OF, False, "还需 360 学分（其中 A 类至少 240 学分），截止 2022-12-31；达不到的暂缓注册"),
])
def test_certificate_registration_by_cycle(records, as_of, ok, missing):
    e = eligible(records, as_of=as_of)["certificate_registration"]
    assert (e.ok, e.missing) == (ok, missing)
    assert e.ok == compliance.check_compliance(TeacherFacts(), records, as_of).cycle.ok  # judged like the cycle
    assert e.settings == ("certificate_by_cycle", "cycle_anchor_year", "certificate_registration_months")


def test_certificate_registration_over_the_last_five_years_follows_the_five_year_setting():
    records = spread(230, 150)  # 350 counted of 380 earned, A-class 230
    with applied({"certificate_by_cycle": False}):
        like_cycle = eligible(records, as_of=AS_OF_END)["certificate_registration"]
    with applied({"certificate_by_cycle": False, "five_year_uses_like_cycle": False}):
        summed = eligible(records, as_of=AS_OF_END)["certificate_registration"]
    assert not like_cycle.ok and like_cycle.missing == "还需 A 类学分 10 学分，须在申报时的近 5 年内取得"
    assert like_cycle.settings == ("certificate_by_cycle", "five_year_uses_like_cycle", "recent_years_window")
    assert summed.ok and "计 380 学分，达到 360 学分" in summed.reason


def test_before_the_application_rules():
    result = eligible([], as_of=date(2017, 12, 31))
    assert result["title_senior"].ok and "2018-01-01" in result["title_senior"].reason


# Workflows and panels ---------------------------------------------------------------------


@pytest.mark.parametrize("workflow", [plugin.portal_audit_workflow(), plugin.portal_enrollment_workflow()])
def test_workflows_are_well_formed(workflow):
    codes = {s.code for s in workflow.states}
    assert workflow.initial in codes and workflow.source
    assert all(t.source in codes and t.target in codes and isinstance(t.actor, UserRole) for t in workflow.transitions)
    assert not any(t.source == s.code for s in workflow.states if s.final for t in workflow.transitions)


def test_audit_counts_only_approved_entries():
    assert plugin.portal_audit_workflow().counting() == {"approved"}


def test_enrollment_needs_school_approval_and_evaluation():
    wf = plugin.portal_enrollment_workflow()
    assert wf.initial == "applied" and wf.state("completed").final
    assert wf.awaiting(UserRole.SCHOOL_ADMIN) >= {"applied"}
    assert "finished" in wf.awaiting(UserRole.TEACHER)


@pytest.mark.parametrize("summary, average", [
    (ScopeSummary(teachers=40, projects=8, year=2022, year_total=D(1234), teachers_meeting_yearly=20), "30.9"),
    (ScopeSummary(teachers=0, projects=0, year=2022, year_total=D(0), teachers_meeting_yearly=0), "—"),
])
def test_dashboard_panels(summary, average):
    panels = plugin.portal_dashboard_panels(summary=summary)
    assert panels[1].value == average
    if summary.teachers:  # short of the year, out of the teachers judged (none waits here: all 40)
        assert (panels[0].value, panels[0].of) == (summary.teachers - summary.teachers_meeting_yearly, summary.year_judged)
    else:  # nobody judged: a dash, not 0 / 0
        assert (panels[0].value, panels[0].of) == ("—", None)
    assert all(p.source for p in panels)


# Parameters --------------------------------------------------------------------------------


def test_every_parameter_is_a_core_parameter_citing_its_clause():
    parameters = plugin.portal_parameters()
    assert parameters and all(isinstance(p, Parameter) for p in parameters)
    assert len({p.name for p in parameters}) == len(parameters)
    for parameter in parameters:
        for value in parameter.values:
            if parameter.name in CITING_NO_CLAUSE:  # no clause holds it: a setting, citing none
                assert parameter.is_setting and value.source == "", parameter.name
                continue
            assert SOURCE_PATTERN.match(value.source), parameter.name
            assert "ASSUMPTION" not in value.source, parameter.name
    for program in plugin.portal_programs():
        assert ".txt §附件1 第" in program.source and program.detail


# Settings no clause speaks to at all, so citing none (the results a 结业评价 takes: no clause lists them)
CITING_NO_CLAUSE = {"pass_fail_only"}

SETTINGS = {
    # name: default; the documents do not give these
    "pass_fail_only": True,
    "cycle_anchor_year": 2018,
    "certificate_registration_months": 12,
    "prorata_below_standard": True,
    "prorata_quantum": D("0.1"),
    "grade_missing_means_pass": True,
    "school_level_is_school_based": True,
    "a_class_levels": "national,provincial,city,county",
    "compulsory_topics_times": 1,
    "title_intermediate_two_years": D(144),
    "recent_years_window": "rolling",
    "five_year_uses_like_cycle": True,
    "certificate_by_cycle": True,
    "partial_year": PartialPeriod.PRORATA,
    "partial_cycle": PartialPeriod.PRORATA,
    "late_registration_refused": False,
    "tasks_once_a_year": True,
}


def test_settings_are_the_values_the_documents_leave_open():
    settings = {p.name: p for p in plugin.portal_parameters() if p.is_setting}
    assert {name: p.values[-1].value for name, p in settings.items()} == SETTINGS
    for p in settings.values():
        assert isinstance(p.label, Text) and isinstance(p.assumption, Text)
        assert "请区教育研究中心确认" in p.assumption  # the bureau must confirm it
        assert not CJK.search(p.assumption.render("en")) and not CJK.search(p.label.render("en"))
    # what the documents give is not a setting
    given = {p.name for p in plugin.portal_parameters() if not p.is_setting}
    assert {"daily_cap", "school_based_daily_cap", "cycle_required", "yearly_required", "school_based_cycle_cap",
            "a_class_cycle_minimum", "personalized_minimum", "new_teacher_standard"} <= given


def test_settings_whose_values_are_codes_say_them_in_words():
    by_name = {p.name: p for p in plugin.portal_parameters()}
    assert by_name["a_class_levels"].display("national,provincial,city,county") == "国家级、省级、市级、区（市县）级"
    assert by_name["a_class_levels"].display("city,county").render("en") == "City, District (county)"
    assert by_name["recent_years_window"].display("calendar") == "按自然年计算（含当年）"
    assert by_name["partial_year"].display("prorata") == "按在岗月数折算"
    assert by_name["partial_cycle"].display("exempt").render("en") == "nothing is asked for that period"


def test_settings_can_be_overridden_from_text():
    region = Region.load("qingdao", {"qingdao": plugin}, {name: str(v).lower() if isinstance(v, bool) else str(v)
                                                          for name, v in SETTINGS.items()})
    assert region.settings == SETTINGS


def test_steps_that_rely_on_a_setting_name_it_in_settings_not_in_the_text():
    result = conversion.convert(act(level="county", mode="centralized", hours="33.3", program="new_teacher",
                                    service_year=1), ON_2018)
    category, grade, _standard, last = result.steps
    assert last.settings == ("prorata_below_standard", "prorata_quantum")
    assert last.text == ("实际出勤 33.3 学时，未满 120 学时，按 72 学分÷120 学时 折算：33.3 × 72 ÷ 120 = 19.98，"
                         "四舍五入保留到 0.1，登记 20 学分")
    assert (category.settings, grade.settings) == (("a_class_levels",), ("grade_missing_means_pass",))
    assert last.source.startswith(f"{P.F2017} §附件1 第1项")
    with applied({"prorata_quantum": D(1)}):
        overridden = conversion.convert(act(level="county", mode="centralized", hours="33.5", program="new_teacher",
                                            service_year=1), ON_2018)
    assert overridden.amount == 20 and "四舍五入保留到 1，登记 20 学分" in overridden.steps[-1].text


SETTING_WORDS = re.compile("|".join(sorted(SETTINGS, key=len, reverse=True)) + "|本地设置|默认|ASSUMPTION")
SOURCED_ANSWERS = [
    act(level="city", mode="centralized", hours=10, days=1),
    act(level="school", mode="centralized", hours=7, days=1),
    act(level="county", mode="centralized", hours=110, program="new_teacher", service_year=1),
    act(level="county", mode="centralized", hours=40, program="backbone"),
    act(level="provincial", mode="online", hours=10, program="internet_plus_elective"),
    act(level="county", mode="centralized", hours=10, program="other", base_credits=4),
]


def said_in_both_languages(text) -> str:
    """A text's Chinese, after checking it is a message with English words."""
    assert isinstance(text, Text), text
    assert not CJK.search(text.render("en")), text.render("en")
    return text.render("zh_Hans_CN")


@pytest.mark.parametrize("activity", SOURCED_ANSWERS)
def test_steps_are_messages_without_setting_names(activity):
    for on in (ON_2017, ON_2018):
        for overrides in ({}, {"a_class_levels": "national,provincial,city", "prorata_below_standard": False}):
            with applied(overrides):
                steps = conversion.convert(activity, on).steps
            for step in steps:
                assert SOURCE_PATTERN.match(step.source)
                assert not SETTING_WORDS.search(said_in_both_languages(step.text))


def test_findings_and_eligibility_are_messages_without_setting_names():
    teachers = [TeacherFacts(), TeacherFacts(title_date=date(2020, 6, 30)), TeacherFacts(title_date=date(2010, 1, 1)),
                TeacherFacts(entered_post=date(2020, 9, 1)), TeacherFacts(leave=(Period(date(2019, 1, 1),
                                                                                          date(2019, 12, 31)),))]
    for teacher in teachers:
        for as_of in (date(2017, 6, 30), AS_OF, AS_OF_END):
            c = compliance.check_compliance(teacher, spread(230, 150), as_of)
            for f in c.findings:
                assert SOURCE_PATTERN.match(f.source) and not SETTING_WORDS.search(said_in_both_languages(f.message))
            for e in eligibility.eligibility(teacher, spread(230, 150), as_of):
                assert SOURCE_PATTERN.match(e.source) and not SETTING_WORDS.search(said_in_both_languages(e.reason))
                if e.missing:
                    assert not SETTING_WORDS.search(said_in_both_languages(e.missing))


def test_described_codes_cover_what_the_rules_return():
    duties = {d.code for d in plugin.portal_duties()}
    records = spread(230, 150) + [rec("2019-05-01", 6, program="city_personalized")]
    c = compliance.check_compliance(TeacherFacts(), records, AS_OF)
    # said only when a day or a row's year was capped (daily.yaml, yearly_standard.yaml)
    assert {f.code for f in c.findings} == duties - {"daily_cap", "row_yearly_standard"}
    assert {p.code for p in plugin.portal_programs()} == set(P.ROW_BY_CODE)
    assert all(SOURCE_PATTERN.match(d.source) for d in plugin.portal_duties())
    assert all(SOURCE_PATTERN.match(p.source) for p in plugin.portal_purposes())


# The hooks through pluggy, and the demo -----------------------------------------------------


def test_hooks_register_and_answer():
    region = Region(make_manager(plugin), plugin)
    assert region.info.code == "qingdao" and region.info.name == "青岛市市南区"
    assert region.info.unit == Unit.CREDIT
    assert region.rule_version(ON_2018).code == "qingdao-2018"
    assert region.audit_workflow().initial == "registered"
    result = region.convert(act(level="county", mode="centralized", hours=48, program="backbone"), ON_2018)
    assert result.amount == 48


def walk(node):
    yield node
    for child in node.children:
        yield from walk(child)


def demo_activity(project, enrollment, with_days=True) -> Activity:
    """As the core's ledger.activity_for builds it (days from the project's dates)."""
    hours = enrollment.attended_hours if enrollment.attended_hours is not None else project.hours
    return Activity(
        level=project.level, mode=project.mode, hours=hours,
        days=(project.end - project.start).days + 1 if with_days else None,
        start=project.start, end=project.end, grade=enrollment.grade, role=enrollment.role,
        program=project.program, service_year=enrollment.service_year, topics=project.topics,
        base_credits=project.base_credits,
    )


@pytest.mark.parametrize("today", [date(2026, 11, 23), date(2027, 1, 1), date(2028, 3, 15), clock.today()])
def test_demo_is_coherent(today):
    data = plugin.portal_demo_data(today=today)
    nodes = {n.code: n for n in walk(data.org_tree)}
    assert len(nodes) == len(list(walk(data.org_tree)))  # codes unique
    assert data.org_tree.name == "山东省"
    assert sum(n.kind == OrgKind.INSTITUTION for n in nodes.values()) == 1
    schools = {c for c, n in nodes.items() if n.kind == OrgKind.SCHOOL}
    assert 3 <= len(schools) <= 4

    usernames = [u.username for u in data.users] + [t.username for t in data.teachers]
    assert len(usernames) == len(set(usernames))
    assert {u.username for u in data.users} == {
        "school_admin", "principal", "district_admin", "city_admin", "province_admin", "institution", "workshop_leader",
        "school_admin_wdl", "school_admin_jyg", "school_admin_7z",  # every other school's own admin
    }
    assert all(u.org_code in nodes for u in data.users)
    kinds = {u.username: nodes[u.org_code].kind for u in data.users}
    assert kinds["district_admin"] == OrgKind.DISTRICT and kinds["institution"] == OrgKind.INSTITUTION
    assert kinds["city_admin"] == OrgKind.CITY and kinds["province_admin"] == OrgKind.PROVINCE

    teacher = next(t for t in data.teachers if t.username == "teacher")
    assert {u.org_code for u in data.users if u.username in ("school_admin", "principal")} == {teacher.school_code}
    assert len(data.teachers) >= 40
    for t in data.teachers:
        assert t.school_code in schools
        parsed = parse_id_number(t.id_number, today)
        assert not parsed.warnings and t.id_number.startswith(demo.AREA_CODE)
        assert (int(t.id_number[16]) % 2 == 1) == (t.gender.value == "male")

    teachers = {t.username for t in data.teachers}
    upcoming = demo.upcoming(today)  # the trainings to select (test_qingdao_demo.py), after the past ones
    past = data.projects[:len(data.projects) - len(upcoming)]
    assert data.projects[len(past):] == upcoming
    assert 6 <= len(past) <= 10
    assert any(not p.audited for p in past)
    records = []
    for project in past:
        assert project.organiser_code in nodes
        assert project.start <= project.end <= today
        assert set(project.topics) <= set(P.COMPULSORY_TOPICS)
        for e in project.enrollments:
            assert e.teacher in teachers
            assert e.attended_hours is not None  # the core completes (and converts) only these
            result = plugin.portal_convert_activity(activity=demo_activity(project, e), on=project.end)
            assert result.category == project.category
            # the core may give the days or leave them to the dates: the same figure either way
            undated = plugin.portal_convert_activity(activity=demo_activity(project, e, False), on=project.end)
            assert (undated.amount, undated.category) == (result.amount, result.category)
            if e.teacher == "teacher":
                records.append(Record(project.end, result.amount, result.unit, result.category,
                                      program=project.program, topics=project.topics))

    # the demo teacher has entries in the demo's year (the year just ended in January's first days) and in
    # the cycle; some duties met, some not
    assert any(r.date.year == demo_year(today) for r in records)
    c = plugin.portal_check_compliance(
        teacher=TeacherFacts(entered_post=teacher.entered_post, title=teacher.title, title_date=teacher.title_date),
        records=records, as_of=today, today=today,
    )
    assert c.cycle.earned > 0
    oks = {f.ok for f in c.findings}
    assert oks == {True, False}


# The calculator form and the pages, on the qingdao demo ------------------------------------


def test_form_puts_the_compulsory_topics_into_the_activity(make_app):
    """The core's calculator asks what the region declares (no form of its own): the compulsory
    content ticked from the topics it lists, in its order, with the modes it names."""
    app = make_app("qingdao")
    form_class = app.extensions["portal.region"].activity_form(ON_2018)
    with app.test_request_context(method="POST", data={
        "level": "school", "mode": "school_based", "hours": "7", "days": "1", "role": "participant",
        "grade": "pass", "topics": ["ethics", "it"],
    }):
        form = form_class()
        assert form.validate(), form.errors
        data = form.activity_data()
    assert data["topics"] == ["ethics", "it"]
    assert conversion.convert(Activity.from_mapping(data), ON_2018).amount == 6
    with app.test_request_context():
        form = form_class()
        names = [f.name for f in form]
        modes = [c.value for c in form.mode.choices]
    assert names[:3] == ["program", "level", "mode"] and isinstance(form.topics, SelectMultipleField)  # ticked, not typed
    assert modes == ["centralized", "online", "school_based"]  # no self-study or degree courses here


def test_demo_calculator_rules_and_compliance_pages_for_qingdao(make_app):
    from tests.support import login

    app = make_app("qingdao", demo=True)
    client = app.test_client()
    assert login(client, "teacher").status_code == 302
    page = client.get("/rules/calculator").get_data(as_text=True)
    assert 'type="checkbox" value="ethics"' in page and "市南区新教师培训" in page
    response = client.post("/rules/calculator", data={
        "level": "county", "mode": "centralized", "hours": "110", "role": "participant",
        "program": "new_teacher", "service_year": "1", "end": "2018-12-25",
    })
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<strong>66</strong>" in html and "按 72 学分÷120 学时 折算" in html
    none_chosen = client.post("/rules/calculator", data={  # an empty value sent alone is no topic chosen
        "level": "county", "mode": "centralized", "hours": "6", "role": "participant", "topics": "",
        "end": "2018-12-25"})
    assert none_chosen.status_code == 200 and "non-empty code" not in none_chosen.get_data(as_text=True)
    visible = re.sub(r"<[^>]*>", " ", html)
    assert "本地设置" not in visible and "prorata_below_standard" not in visible
    assert "本地区设置：出勤不足标准学时时按比例折算学分：是" in visible  # the setting, in words
    mentor = client.post("/rules/calculator", data={  # credited 100 whatever the hours: none asked
        "level": "county", "mode": "centralized", "hours": "", "role": "mentor", "program": "new_teacher",
        "end": "2018-12-25"})
    assert mentor.status_code == 200 and "<strong>100</strong>" in mentor.get_data(as_text=True)
    refused = client.post("/rules/calculator", data={
        "level": "city", "mode": "online", "hours": "6", "role": "participant", "program": "city_personalized",
    })
    assert refused.status_code == 422 and "第三方网络评价" in refused.get_data(as_text=True)
    rules_page = client.get("/rules/").get_data(as_text=True)
    assert "计入 A 类学分的培训级别" in rules_page and "第一个周期的起始年" in rules_page
    standing = client.get("/me/compliance").get_data(as_text=True)
    assert "还需" in standing and "截止" in standing and "本地设置" not in standing


def test_the_calculator_form_reads_in_english(make_app):
    app = make_app("qingdao")
    with app.test_request_context():
        form = app.extensions["portal.region"].activity_form(ON_2018)()
        fields = (form.level, form.mode, form.role, form.grade, form.topics)
        labels = [field.label.text for field in fields]
        choices = [c.label for field in (form.level, form.mode, form.role, form.topics) for c in field.choices]
    for text in labels + choices:
        said_in_both_languages(text)
    with using("en"):
        assert [str(t) for t in labels[:2]] == ["Level", "Mode"]


def test_a_teacher_hired_this_autumn_reads_a_sensible_page(make_app):
    """The demo's new hire (entered post last 1 September) is asked only their share of the
    year and the cycle, and no year before they came reads as fallen short."""
    from tests.support import login

    app = make_app("qingdao", demo=True)
    client = app.test_client()
    assert login(client, demo.NEW_HIRE).status_code == 302
    entered = demo.autumn_entry(clock.today())
    for page in ("/me/", "/me/compliance"):
        html = client.get(page).get_data(as_text=True)
        assert "差 48 学分" not in html
        # their first year, once it has ended (from January on), may read as missed: never one before it
        assert all(int(year) >= entered.year for year in re.findall(r"已过[^<]*?(\d{4}) 年", html))
        if entered.year == clock.today().year:
            assert "已过" not in html
    standing = client.get("/me/compliance").get_data(as_text=True)
    years = re.findall(r'<td data-label="[^"]+">(\d{4})年?[<\s]', standing)
    assert years and all(int(y) >= entered.year for y in years)


def test_credits_pro_rata_below_a_rows_standard_are_the_tables_as_its_standard_credits_are():
    """2018 附件1: 一般情况 1 学时计 1 学分，每天计不超过 8 学分，具体情况见…学分标准: a row's standard
    credits are the table's, and so are their share below the standard hours. Held to the day's
    limit, 89 hours of the 90-hour row over ten days earned 80 and 90 hours 90 (an examiner's
    case): one hour more was worth ten credits."""
    for hours, days, program, earned in ((89, 10, "subject_leader", 89), (90, 10, "subject_leader", 90),
                                         (40, 4, "backbone", 40), (47, 4, "backbone", 47), (48, 4, "backbone", 48)):
        result = conversion.convert(act(level="county", mode="centralized", hours=hours, days=days, program=program),
                                    ON_2018)
        assert result.amount == earned, (hours, program)
        assert not any("每天计不超过" in str(s.text) for s in result.steps)
    record = Record(date(2018, 11, 30), D(10), Unit.CREDIT, "a_class", level=Level.COUNTY, mode=Mode.CENTRALIZED,
                    program="backbone", hours=D(10), start=date(2018, 11, 29), end=date(2018, 11, 30))
    assert not conversion.counted_by_hour(record)
    assert not conversion.counted_by_hour(Record(date(2018, 11, 30), D(10), Unit.CREDIT, "a_class",
                                                 program="backbone", hours=D(10)))


# A period ends after its last day (Period.ended_on): on it, what it asks is still open -----------


def judged_on(records, as_of, today=None):
    return plugin.portal_check_compliance(teacher=TeacherFacts(), records=records, as_of=as_of,
                                          today=as_of if today is None else today)


def test_on_the_last_day_of_a_running_year_its_48_are_still_open_and_missed_the_day_after():
    """31 December 2020 (the cycle 2018–2022 running): what the year still needs by that day, not
    没有达到; on 1 January 2021 the year has ended short."""
    records = [rec("2020-03-01", 30)]
    year = next(f for f in judged_on(records, date(2020, 12, 31)).findings
                if f.code == "yearly_minimum" and f.deadline == date(2020, 12, 31))
    assert (year.ok, year.shortfall) == (False, D(18)) and not year.missed_on(date(2020, 12, 31))
    assert year.message == "2020 年已得 30 学分；达不到 48 学分的，当年年度考核不得评为优秀"
    past = next(f for f in judged_on(records, date(2021, 1, 1)).findings
                if f.code == "yearly_minimum" and f.deadline == date(2020, 12, 31))
    assert past.missed_on(date(2021, 1, 1)) and past.message == "2020 年已得 30 学分，没有达到 48 学分，当年年度考核不得评为优秀"


def test_on_the_last_day_of_a_running_cycle_a_compulsory_content_is_still_open_and_ended_after():
    """31 December 2022, the cycle 2018–2022's last day: a compulsory content taken that day still
    counts (尚未参加, due that day); the same day read after it (the previous cycle's page) says
    the cycle ended without it."""
    records = [Record(date(2019, 5, 1), D(3), Unit.CREDIT, "school_based", topics=("ethics", "it")),
               Record(date(2020, 5, 1), D(3), Unit.CREDIT, "a_class", topics=("mental_health", "child_protection_law"))]
    f = next(f for f in judged_on(records, AS_OF_END).findings if f.code == "compulsory_topics")
    assert (f.ok, f.deadline, f.shortfall) == (False, AS_OF_END, D(1)) and not f.missed_on(AS_OF_END)
    assert f.message == "周期内尚未参加的必修内容：财经素养（每项至少 1 次）"
    total = next(f for f in judged_on(records, AS_OF_END).findings if f.code == "cycle_total")
    assert total.shortfall == D(354) and not total.missed_on(AS_OF_END)
    ended = next(f for f in judged_on(records, AS_OF_END, date(2023, 1, 1)).findings if f.code == "compulsory_topics")
    assert ended.missed_on(date(2023, 1, 1))
    assert ended.message == "周期（至 2022-12-31）届满，未参加的必修内容：财经素养（每项至少 1 次）"
    year = next(f for f in judged_on(records, AS_OF_END, date(2023, 1, 1)).findings
                if f.code == "yearly_minimum" and f.deadline == AS_OF_END)
    assert "没有达到" in year.message  # the cycle's last year too


def test_answers_over_a_rolling_window_say_until_when_they_hold():
    """A kept standing was asked again only at the year's end (or at a ledger change): on
    2027-02-01 the annual rating still judged 2026 as in January, and an entry that had left the
    近 1 年 window still made the junior title's 72. Each such answer says the last day it holds."""
    facts = TeacherFacts(title_date=date(2024, 6, 1))
    records = [rec("2026-03-10", 80), rec("2025-12-20", 20)]
    uses = {e.purpose: e for e in eligibility.eligibility(facts, records, date(2027, 1, 15))}
    assert uses["annual_rating_excellent"].holds_until == date(2027, 1, 31)  # then 2027 is the year assessed
    assert uses["title_junior"].ok and uses["title_junior"].holds_until == date(2027, 3, 9)  # 2026-03-10 leaves then
    # two full years in post from 2024-06-01: on 2027-06-01 the third year asks another window
    assert uses["title_intermediate"].holds_until == date(2027, 5, 31)
    assert not {e.purpose: e for e in eligibility.eligibility(facts, records, date(2027, 3, 10))}["title_junior"].ok
    assert eligibility.eligibility(facts, records, date(2027, 3, 1))[0].holds_until is None  # 2027 assessed: to its end
