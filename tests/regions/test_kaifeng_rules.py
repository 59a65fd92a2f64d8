"""开封市规则：以通知原文的数字为表，逐行检验（kaifeng-2018-online-training.txt）。"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

import plugins.kaifeng as kaifeng
from plugins.kaifeng import parameters as P, rules
from portal.domain import (
    Activity, ActivityRole, Grade, InvalidInput, LedgerSource, Level, Mode, OrgKind, Record,
    SchoolStage, ScopeSummary, TeacherFacts, Unit, UserRole,
)
from portal.domain.idcard import parse_id_number
from portal.plugins import Region, make_manager

D = Decimal
ON = date(2019, 4, 30)  # end of phase one (§四(二)2)
TEACHER = TeacherFacts(entered_post=date(2010, 9, 1), title="一级教师", stages=(SchoolStage.PRIMARY,))


def act(level=Level.CITY, mode=Mode.ONLINE, hours="60", grade=Grade.PASS, program="all_staff_jpk",
        role=ActivityRole.PARTICIPANT):
    return Activity(level=level, mode=mode, hours=D(hours), grade=grade, program=program, role=role)


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
        (act(hours="0"), "60"),                                            # the composite decides, not hours
        (act(hours="75"), "60"),                                           # more online time: still 60
        (act(level=Level.COUNTY), "60"),                                   # §二(三) 县区自行组织
        (act(grade=Grade.EXCELLENT), "60"),                                # no bonus in the notice
        (act(grade=Grade.GOOD), "60"),
        (act(grade=Grade.FAIL), "0"),                                      # 不合格: nothing recorded
        (act(program="all_staff_high", grade=Grade.FAIL, hours="59"), "0"),
    ],
)
def test_all_staff_conversion(activity, amount):
    result = rules.convert(activity, ON)
    assert result.amount == D(amount)
    assert result.unit == Unit.HOUR
    assert result.category == P.CATEGORY_ALL_STAFF
    assert result.rule_version == "kaifeng-2018"
    assert result.steps and all(s.source.startswith(P.DOC + " §") for s in result.steps)
    assert result.steps[-1].value == D(amount)


def test_fail_step_says_no_make_up():
    steps = rules.convert(act(grade=Grade.FAIL), ON).steps
    assert "不再统一安排补训" in steps[-1].text and "§五(四)" in steps[-1].source
    assert "结业证书" in rules.convert(act(), ON).steps[-1].text   # §四(二)3


@pytest.mark.parametrize(
    "activity, on, field",
    [
        (act(grade=None), ON, "grade"),
        (act(mode=Mode.CENTRALIZED), ON, "mode"),
        (act(level=Level.PROVINCIAL), ON, "level"),
        (act(level=Level.SCHOOL), ON, "level"),
        (act(role=ActivityRole.MENTOR), ON, "role"),          # 坊主/专家: no hours in the notice
        (act(program="all_staff_2018"), ON, "program"),
        (act(), date(2018, 12, 14), "on"),                    # the day before the notice
    ],
)
def test_all_staff_invalid(activity, on, field):
    with pytest.raises(InvalidInput) as err:
        rules.convert(activity, on)
    assert err.value.field == field


def test_notice_day_is_in_force():
    assert rules.convert(act(), P.NOTICE_DATE).amount == D(60)
    assert rules.rule_version(P.NOTICE_DATE).effective_from == date(2018, 12, 15)


# -- other training (ASSUMPTION: hours 1:1, one decimal, half up) ------------------------


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
    result = rules.convert(act(level=level, mode=mode, hours=hours, grade=grade, program=None), ON)
    assert result.amount == D(amount)
    assert result.category == P.CATEGORY_OTHER
    assert "ASSUMPTION" in result.steps[0].source


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
        rules.convert(act(mode=mode, role=role, program=None), ON)
    assert err.value.field == field


# -- the weighted composite (§三(五)); pass mark 60 is an ASSUMPTION ---------------------


def scores(a, b, c):
    return rules.AssessmentScores(D(a), D(b), D(c))


def weights(a, b, c):
    return rules.AssessmentWeights(D(a), D(b), D(c))


@pytest.mark.parametrize(
    "s, w, composite, grade",
    [
        (scores(100, 100, 100), weights(50, 30, 20), "100", Grade.PASS),
        (scores(60, 60, 60), weights(50, 30, 20), "60", Grade.PASS),          # exactly the mark
        (scores(70, 50, 50), weights(50, 25, 25), "60", Grade.PASS),
        (scores(59, 61, 60), weights(50, 30, 20), "59.8", Grade.FAIL),
        (scores(80, 40, 50), weights(40, 30, 30), "59", Grade.FAIL),
        (scores("59.99", 100, 0), weights(100, 0, 0), "59.99", Grade.FAIL),   # no rounding up
        (scores(0, 0, 0), weights("33.4", "33.3", "33.3"), "0", Grade.FAIL),
    ],
)
def test_assessment(s, w, composite, grade):
    value, steps = rules.assessment_composite(s, w)
    assert value == D(composite)
    got, grade_steps = rules.assessment_grade(s, w, ON)
    assert got == grade
    assert "ASSUMPTION" in grade_steps[-1].source
    assert all(step.source.startswith(P.DOC) for step in steps)


@pytest.mark.parametrize(
    "s, w, field",
    [
        (scores(60, 60, 60), weights(50, 30, 19), "weights"),
        (scores(60, 60, 60), weights(50, 30, 21), "weights"),
        (scores(101, 60, 60), weights(50, 30, 20), "scores.course_time"),
        (scores(60, -1, 60), weights(50, 30, 20), "scores.discussion"),
        (scores(60, 60, 60), weights(110, -10, 0), "weights.discussion"),
    ],
)
def test_assessment_invalid(s, w, field):
    with pytest.raises(InvalidInput) as err:
        rules.assessment_composite(s, w)
    assert err.value.field == field


# -- enrollment: stage, 12-20 deadline, no fee (§四(二)1, §四(三)) ------------------------


@pytest.mark.parametrize(
    "stages, program",
    [
        ((SchoolStage.SENIOR_HIGH,), "all_staff_high"),
        ((SchoolStage.JUNIOR_HIGH,), "all_staff_jpk"),
        ((SchoolStage.PRIMARY,), "all_staff_jpk"),
        ((SchoolStage.KINDERGARTEN,), "all_staff_jpk"),
        ((SchoolStage.SPECIAL,), "all_staff_jpk"),                  # 等学段 (§四(一))
        ((SchoolStage.JUNIOR_HIGH, SchoolStage.SENIOR_HIGH), "all_staff_high"),
    ],
)
def test_program_for_stages(stages, program):
    assert rules.program_for_stages(stages) == program


def test_vocational_has_no_project():
    with pytest.raises(InvalidInput) as err:
        rules.program_for_stages((SchoolStage.VOCATIONAL,))
    assert err.value.field == "stages"


@pytest.mark.parametrize(
    "training_start, deadline",
    [
        (date(2019, 1, 1), date(2018, 12, 20)),     # phase one
        (date(2019, 4, 1), date(2018, 12, 20)),
        (date(2019, 12, 21), date(2019, 12, 20)),
    ],
)
def test_enrollment_deadline(training_start, deadline):
    assert rules.enrollment_deadline(training_start) == deadline


@pytest.mark.parametrize(
    "program, stages, submitted, stage_ok, in_time",
    [
        ("all_staff_jpk", (SchoolStage.PRIMARY,), date(2018, 12, 20), True, True),   # on the deadline
        ("all_staff_jpk", (SchoolStage.PRIMARY,), date(2018, 12, 21), True, False),
        ("all_staff_high", (SchoolStage.PRIMARY,), date(2018, 12, 18), False, True),
        ("all_staff_high", (SchoolStage.SENIOR_HIGH,), date(2018, 12, 16), True, True),
    ],
)
def test_enrollment_findings(program, stages, submitted, stage_ok, in_time):
    stage, deadline = rules.enrollment_findings(program, stages, submitted, date(2019, 1, 1))
    assert (stage.ok, deadline.ok) == (stage_ok, in_time)
    if not in_time:
        assert "2018-12-20" in deadline.message and "补训" in deadline.message
    if not stage_ok:
        assert "初中、小学、幼儿园" in stage.message


@pytest.mark.parametrize("fee, ok", [("0", True), ("0.01", False), ("120", False)])
def test_no_fee(fee, ok):
    finding = rules.fee_finding(D(fee), ON)
    assert finding.ok is ok and finding.source == f"{P.DOC} §四(三)"


# -- cycle and requirements (ASSUMPTION: 5 years from 2016, 360 / 72) -------------------


@pytest.mark.parametrize(
    "on, start, end",
    [
        (date(2018, 12, 15), date(2016, 1, 1), date(2020, 12, 31)),
        (date(2020, 12, 31), date(2016, 1, 1), date(2020, 12, 31)),
        (date(2021, 1, 1), date(2021, 1, 1), date(2025, 12, 31)),
        (date(2026, 11, 23), date(2026, 1, 1), date(2030, 12, 31)),
    ],
)
def test_cycle(on, start, end):
    period = kaifeng.portal_cycle(on=on)
    assert (period.start, period.end) == (start, end)


def test_requirements_are_marked_assumptions():
    req = kaifeng.portal_requirements(on=ON)
    assert (req.cycle, req.yearly, req.unit) == (D(360), D(72), Unit.HOUR)
    assert "ASSUMPTION" in req.cycle_source and "ASSUMPTION" in req.yearly_source
    with pytest.raises(InvalidInput):
        kaifeng.portal_cycle(on=date(2018, 12, 14))


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
        # year boundary: 2020-12-31 is in the previous cycle, 2021-01-01 in this one
        ([passed("2020-12-31"), rec("2021-01-01", "72")], date(2021, 12, 31), "72", {2021: True}, False),
        # a failed all-staff entry records 0 and does not meet the duty
        ([passed("2021-04-30", "0"), rec("2021-05-01", "80")], date(2021, 12, 31), "80", {2021: True}, False),
        # exactly 360 in the cycle; then 0.1 short
        ([rec(f"{y}-06-30", "72") for y in range(2021, 2026)], date(2025, 12, 31), "360",
         {y: True for y in range(2021, 2026)}, False),
        ([rec(f"{y}-06-30", "72") for y in range(2021, 2025)] + [passed("2025-04-30", "60"), rec("2025-06-30", "11.9")],
         date(2025, 12, 31), "359.9", {2021: True, 2022: True, 2023: True, 2024: True, 2025: False}, True),
        ([], date(2026, 1, 1), "0", {2026: False}, False),
    ],
)
def test_compliance(records, as_of, earned, years, all_staff):
    result = kaifeng.portal_check_compliance(teacher=TEACHER, records=records, as_of=as_of)
    assert result.unit == Unit.HOUR
    assert result.cycle.earned == result.cycle.counted == D(earned)
    assert result.cycle.required == D(360)
    assert result.cycle.ok is (D(earned) >= 360)
    assert {y.year: y.ok for y in result.years} == years
    findings = {f.code: f for f in result.findings if f.code != "yearly_hours"}
    assert findings["cycle_hours"].ok is result.cycle.ok
    assert findings["all_staff_training"].ok is all_staff
    assert [f.ok for f in result.findings if f.code == "yearly_hours"] == list(years.values())
    assert all(f.source.startswith(P.DOC) for f in result.findings)


def test_compliance_messages():
    result = rules.check_compliance(TEACHER, CYCLE_2021, date(2023, 6, 30))
    messages = [f.message for f in result.findings]
    assert messages[0] == "本周期（2021—2025 年）已登记 173.9 学时，还需 186.1 学时，截止 2025-12-31"
    assert messages[1] == "2021 年已登记 72 学时，达到年度 72 学时"
    assert messages[2] == "2022 年已登记 71.9 学时，比年度 72 学时少 0.1 学时（已于 2022-12-31 截止）"
    assert messages[3] == "2023 年已登记 30 学时，还需 42 学时，截止 2023-12-31"
    assert messages[4] == "本周期已通过全市全员网络研修考核，登记 120 学时（最近一次 2022-04-30）"
    missing = rules.check_compliance(TEACHER, [], date(2026, 3, 1)).findings[-1]
    assert "不再统一安排补训" in missing.message and missing.required == D(60)


def test_compliance_rejects_credits():
    with pytest.raises(InvalidInput) as err:
        rules.check_compliance(TEACHER, [rec("2021-05-01", "10", unit=Unit.CREDIT)], date(2021, 12, 31))
    assert err.value.field == "unit"


# -- eligibility (§五(三)) ---------------------------------------------------------------


@pytest.mark.parametrize(
    "records, as_of, ok",
    [
        ([passed("2022-04-30")], date(2023, 6, 30), True),
        ([passed("2020-04-30")], date(2023, 6, 30), False),      # previous cycle
        ([passed("2022-04-30", "0")], date(2023, 6, 30), False),  # failed
        ([rec("2022-04-30", "300")], date(2023, 6, 30), False),   # hours, but no all-staff pass
    ],
)
def test_eligibility(records, as_of, ok):
    result = kaifeng.portal_eligibility(teacher=TEACHER, records=records, as_of=as_of)
    assert [e.purpose for e in result] == [
        "teacher_certification", "certificate_registration", "title_review", "appraisal_award",
    ]
    assert all(e.ok is ok for e in result)
    assert all(e.source.startswith(f"{P.DOC} §五(三)") for e in result)
    assert ("必备条件" in result[2].reason) and ("职称" in result[2].reason)


# -- workflows, panels, hooks -------------------------------------------------------------


@pytest.mark.parametrize("workflow", [rules.ENROLLMENT_WORKFLOW, rules.AUDIT_WORKFLOW])
def test_workflows_are_closed(workflow):
    codes = {s.code for s in workflow.states}
    assert workflow.initial in codes
    assert all(t.source in codes and t.target in codes for t in workflow.transitions)
    finals = {s.code for s in workflow.states if s.final}
    assert not any(t.source in finals for t in workflow.transitions)   # no make-up, no reopening
    assert workflow.source.startswith(P.DOC)


def test_enrollment_workflow_actors():
    wf = kaifeng.portal_enrollment_workflow()
    assert wf.awaiting(UserRole.INSTITUTION_STAFF) == {"enrolled"}
    assert wf.awaiting(UserRole.TEACHER) == frozenset()   # 全员培训: teachers do not withdraw themselves


def test_dashboard_panels():
    panels = kaifeng.portal_dashboard_panels(summary=ScopeSummary(41, 9, 2026, D("2460"), 12))
    assert panels[0].value == "2460 学时" and "人均 60 学时" in panels[0].note
    assert panels[1].value == "12/41" and "ASSUMPTION" in panels[1].source
    empty = kaifeng.portal_dashboard_panels(summary=ScopeSummary(0, 0, 2026, D(0), 0))
    assert empty[0].value == "0 学时"


def test_hooks_through_the_facade():
    region = Region(make_manager(kaifeng), kaifeng)
    assert (region.info.code, region.info.name, region.info.unit) == ("kaifeng", "开封市", Unit.HOUR)
    assert region.info.version == "0.1.0"
    assert {c.code for c in region.categories()} == {P.CATEGORY_ALL_STAFF, P.CATEGORY_OTHER}
    assert region.convert(act(), ON).amount == D(60)
    assert region.rule_version(ON).code == "kaifeng-2018"
    assert region.audit_workflow() is rules.AUDIT_WORKFLOW
    assert region.audit_workflow().counting() == {"approved"}


def test_parameters_cite_the_notice():
    for param in P.PARAMETERS:
        assert param.source.startswith(P.DOC + " §"), param.name
        assert param.at(P.NOTICE_DATE) is not None
    assert {p.name for p in P.ASSUMPTIONS} == {
        "cycle_years", "cycle_anchor_year", "cycle_minimum", "yearly_minimum", "pass_threshold",
        "all_staff_window", "other_training_modes", "hours_quantum",
    }
    assert all("ASSUMPTION" in p.cite for p in P.ASSUMPTIONS)
    assert P.PROGRAM_HOURS.at(ON) == D(60)


# -- demo ---------------------------------------------------------------------------------


def _codes(node):
    yield node.code, node.kind
    for child in node.children:
        yield from _codes(child)


def test_demo_is_coherent():
    today = date.today()
    data = kaifeng.portal_demo_data(today=today)
    nodes = dict(_codes(data.org_tree))
    assert len(nodes) == len(list(_codes(data.org_tree)))           # codes unique
    assert data.org_tree.name == "河南省" and data.org_tree.children[0].name == "开封市"
    assert sum(kind == OrgKind.INSTITUTION for kind in nodes.values()) == 1
    assert {u.username for u in data.users} == {
        "school_admin", "principal", "district_admin", "city_admin", "province_admin",
        "institution", "workshop_leader",
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
    assert 6 <= len(data.projects) <= 10 and any(not p.audited for p in data.projects)
    own = []
    for project in data.projects:
        assert project.organiser_code in nodes and project.start <= project.end <= today
        for e in project.enrollments:
            assert e.teacher in teachers
            if project.program:   # the stage picks the project (§四(二)1)
                assert rules.program_for_stages(teachers[e.teacher].stages) == project.program
            activity = Activity(level=project.level, mode=project.mode,
                                hours=e.attended_hours if e.attended_hours is not None else project.hours,
                                start=project.start, end=project.end, grade=e.grade, role=e.role,
                                program=project.program, service_year=e.service_year)
            result = kaifeng.portal_convert_activity(activity=activity, on=project.end)
            assert result.category == project.category
            if e.teacher == "teacher" and project.audited:
                own.append(Record(project.end, result.amount, result.unit, result.category,
                                  program=project.program))
    # the demo teacher: this year's entries, a duty met (yearly, all-staff) and one not (cycle)
    compliance = rules.check_compliance(TeacherFacts(), own, today)
    assert compliance.year(today.year).earned > 0
    found = {f.code: f.ok for f in compliance.findings}
    assert found["all_staff_training"] and not found["cycle_hours"]
