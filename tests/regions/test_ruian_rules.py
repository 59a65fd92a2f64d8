"""Ruian's rules, checked against the figures of ruian-2019h2-course-selection.txt."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

import plugins.ruian as ruian
from plugins.ruian import parameters as P, rules
from portal.domain import (
    Activity, ActivityRole, Grade, InvalidInput, Level, Mode, OrgKind, Period, Record,
    ScopeSummary, TeacherFacts, Unit, UserRole,
)
from portal.domain.idcard import parse_id_number
from portal.plugins import Region

DOC = "ruian-2019h2-course-selection.txt"
ON = date(2019, 10, 1)
D = Decimal


def activity(mode=Mode.CENTRALIZED, base="90", hours="90", grade=None, **kw) -> Activity:
    return Activity(
        level=kw.pop("level", Level.COUNTY), mode=mode, hours=D(hours), grade=grade,
        base_credits=None if base is None else D(base), **kw,
    )


def rec(day: date, amount, category="centralized") -> Record:
    return Record(day, D(amount), Unit.CREDIT, category)


# Conversion: §二 credits are the project's base credits --------------------------------


@pytest.mark.parametrize(
    "mode, base, hours, grade, amount, category",
    [
        # a 90-credit centralized training (§二 基础学分为90以上, 以上 includes 90)
        (Mode.CENTRALIZED, "90", "90", Grade.PASS, "90", "centralized_90"),
        (Mode.CENTRALIZED, "90", "90", Grade.EXCELLENT, "90", "centralized_90"),  # no grade bonus
        (Mode.CENTRALIZED, "90", "90", Grade.GOOD, "90", "centralized_90"),
        (Mode.CENTRALIZED, "90", "90", None, "90", "centralized_90"),  # ASSUMPTION: no grade = completed
        (Mode.CENTRALIZED, "90", "42", Grade.FAIL, "0", "centralized_90"),  # fail earns nothing
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
    assert result.amount == D(amount)
    assert result.unit is Unit.CREDIT
    assert result.category == category
    assert result.rule_version == "ruian-2019"
    assert result.steps and all(s.source.startswith(DOC + " §") for s in result.steps)
    assert result.steps[0].value == D(base)
    assert any(s.value == D(amount) for s in result.steps)


@pytest.mark.parametrize("level", list(Level))
def test_level_does_not_change_credits(level):
    assert rules.convert(activity(level=level, base="30"), ON).amount == D(30)


def test_restricted_elective_program_step():
    result = rules.convert(activity(program="restricted_elective_90"), ON)
    assert result.amount == D(90)
    assert any("限定选修90学分集中培训" in s.text for s in result.steps)


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


# Rule version, categories, cycle, requirements -------------------------------------------


@pytest.mark.parametrize("on", [date(2015, 1, 1), date(2019, 6, 16), date(2019, 6, 17), date(2030, 1, 1)])
def test_rule_version(on):
    version = ruian.portal_rule_version(on=on)
    assert (version.code, version.effective_from) == ("ruian-2019", date(2019, 6, 17))
    assert version.source.startswith(DOC)


def test_categories():
    codes = [c.code for c in ruian.portal_credit_categories()]
    assert codes == ["centralized_90", "centralized", "school_based"]


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
    assert needed_text in finding.message and finding.source == f"{DOC} §二"
    if not cycle_ok:
        assert "截止 2025-12-31" in finding.message


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


@pytest.mark.parametrize(
    "records, ok, count",
    [
        ([rec(date(2022, 5, 1), "90", "centralized_90")], True, 1),  # exactly 90
        ([rec(date(2022, 5, 1), "120", "centralized_90"), rec(date(2024, 5, 1), "90", "centralized_90")], True, 2),
        ([rec(date(2022, 5, 1), "0", "centralized_90")], False, 0),  # failed: not completed
        ([rec(date(2022, 5, 1), "89", "centralized")], False, 0),
        ([rec(date(2022, 5, 1), "90", "school_based")], False, 0),  # school-based, not centralized
        ([rec(date(2020, 11, 1), "90", "centralized_90")], False, 0),  # previous cycle
    ],
)
def test_centralized_90_once_per_cycle(records, ok, count):
    comp = rules.check_compliance(VETERAN, records, date(2025, 6, 30))
    finding = next(f for f in comp.findings if f.code == "centralized_90")
    assert (finding.ok, finding.actual, finding.required) == (ok, D(count), D(1))
    assert finding.source == f"{DOC} §二"
    assert ("2025-12-31 前至少完成 1 次" in finding.message) is (not ok)


def test_new_teacher_cycle_follows_platform_entry():
    teacher = TeacherFacts(entered_post=date(2019, 8, 28))
    records = [rec(date(2019, 10, 1), "90", "centralized_90"), rec(date(2024, 3, 1), "24")]
    comp = rules.check_compliance(teacher, records, date(2023, 12, 31))
    assert comp.cycle.period == Period(date(2019, 1, 1), date(2023, 12, 31))
    assert comp.cycle.earned == D(90)
    assert [y.year for y in comp.years] == [2019, 2020, 2021, 2022, 2023]
    assert all(f.ok for f in comp.findings if f.code == "centralized_90")


def test_eligibility_hook_names_no_ledger_purpose():
    assert ruian.portal_eligibility() == []


# School-level figures (§二) --------------------------------------------------------------


@pytest.mark.parametrize(
    "teachers, total_credits, ok, actual, text",
    [
        (100, "7200", True, "72.00", "人均 72.00 学分"),  # exactly 72
        (100, "7199", False, "71.99", "人均还差 0.01 学分（合计还差 1 学分）"),
        (3, "215", False, "71.67", "合计还差 1 学分"),  # 71.666… shown rounded
        (3, "216", True, "72.00", "人均 72.00"),
        (41, "3000", True, "73.17", "41 人合计 3000 学分"),
        (0, "0", True, None, "无在册教师"),
    ],
)
def test_school_average(teachers, total_credits, ok, actual, text):
    f = rules.school_average_finding(2019, teachers, D(total_credits))
    assert (f.ok, f.required) == (ok, D(72))
    assert f.actual == (None if actual is None else D(actual))
    assert text in f.message and f.source == f"{DOC} §二"


@pytest.mark.parametrize(
    "teachers, completed, ok, actual, text",
    [
        (100, 21, True, "21.00", "完成率 21.00%"),  # exactly 21 %
        (100, 20, False, "20.00", "还需 1 人完成"),
        (101, 21, False, "20.79", "还需 1 人完成"),  # 21.21 people: 22 needed
        (101, 22, True, "21.78", "要求不低于 21%"),
        (50, 0, False, "0.00", "还需 11 人完成"),
        (0, 0, True, None, "无在册教师"),
    ],
)
def test_centralized_90_rate(teachers, completed, ok, actual, text):
    f = rules.centralized_90_rate_finding(2019, teachers, completed)
    assert (f.ok, f.required) == (ok, D(21))
    assert f.actual == (None if actual is None else D(actual))
    assert text in f.message and f.source == f"{DOC} §二"


@pytest.mark.parametrize(
    "choices, matched, ok, actual, text",
    [
        (40, 30, True, "75.00", "匹配率 75.00%"),  # exactly 75 %
        (40, 29, False, "72.50", "还需 1 人次"),
        (7, 5, False, "71.43", "还需 1 人次"),  # 5.25 needed: 6
        (7, 6, True, "85.71", "要求不低于 75%"),
        (0, 0, True, None, "不计算匹配率"),
    ],
)
def test_layer_match_rate(choices, matched, ok, actual, text):
    f = rules.layer_match_finding(choices, matched, ON)
    assert (f.ok, f.required) == (ok, D(75))
    assert f.actual == (None if actual is None else D(actual))
    assert text in f.message and f.source == f"{DOC} §二"


@pytest.mark.parametrize(
    "call, field",
    [
        (lambda: rules.centralized_90_rate_finding(2019, 10, 11), "completed_90"),
        (lambda: rules.centralized_90_rate_finding(2019, -1, 0), "teachers"),
        (lambda: rules.layer_match_finding(5, -1, ON), "matched"),
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
        (100, "3650.5", "36.51 学分", "合计还差 3549.5 学分"),
        (0, "0", "—", "无在册教师"),
    ],
)
def test_dashboard_panel(teachers, year_total, value, note):
    summary = ScopeSummary(teachers=teachers, projects=3, year=2019, year_total=D(year_total),
                           teachers_meeting_yearly=0)
    (panel,) = ruian.portal_dashboard_panels(summary=summary)
    assert panel.value == value and note in panel.note
    assert panel.title == "2019 年教师人均培训学分" and panel.source == f"{DOC} §二"


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


def test_parameters_have_sources_and_few_assumptions():
    for p in P.ALL:
        assert p.source.startswith(DOC + " §")
    assert all(p.assumption.startswith("ASSUMPTION") for p in P.assumptions())
    assert len(P.assumptions()) <= 6


# The plugin as the core loads it, and its demo ------------------------------------------


def test_region_facade():
    region = Region.load("ruian", {"ruian": ruian})
    assert (region.info.code, region.info.name, region.info.unit) == ("ruian", "瑞安市", Unit.CREDIT)
    assert region.enrollment_workflow().initial == "selected"
    assert region.audit_workflow().initial == "submitted"  # the core's default: the notice sets none
    assert region.eligibility(VETERAN, [], ON) == []


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
