"""开封市的报名：谁提交、报哪个项目、名额、截止日、收费，项目由谁审核，报名与培训的日程
(kaifeng-2018-online-training.txt §四, §五).

Each finding is checked on ``Selection`` values built here, through the region's hooks as the
core calls them, at its boundary: the deadline day and the day after, a fee of 0 and of 1
yuan, a quota of 0 and of 1, a teacher submitting themselves.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

import plugins.kaifeng as kaifeng
from plugins.kaifeng import enrollment, parameters as P, workflow
from portal.domain import (
    InvalidInput, Level, Mode, Move, Phase, ProjectFacts, ProjectStep, SchoolStage, Selection, SettingError, TeacherFacts,
    UserRole,
)
from portal.domain.selection import DECLARE, FEE, QUOTA, REVIEW, SAVE, STAGE, refused
from portal.domain.text import using
from portal.domain.workflow import OVER_ORGANISER, OVER_ORGANISER_UNIT, OVER_TEACHER, REASON, RESULT
from portal.plugins import Region

D = Decimal
START = date(2019, 1, 1)  # phase one: 2019-01 to 04 (§四(二)2)
PRIMARY = TeacherFacts(entered_post=date(2010, 9, 1), stages=(SchoolStage.PRIMARY,))


def region(**settings) -> Region:
    return Region.load("kaifeng", {"kaifeng": kaifeng}, settings or None)


def project(program="all_staff_jpk", start=START, fee="0", level=Level.CITY, **more) -> ProjectFacts:
    return ProjectFacts(name="全员培训", level=level, mode=Mode.ONLINE, start=start, end=date(start.year, 4, 30),
                        hours=D(60), program=program, fee=D(fee), **more)


def selection(on=date(2018, 12, 18), by=UserRole.SCHOOL_ADMIN, teacher=PRIMARY, quota_left=5, quota_allocated=None,
              **project_fields) -> Selection:
    """A submission; the teacher's unit holds a quota of the project with ``quota_left`` seats left
    (None: the project allocates none), allocated to it unless ``quota_allocated`` says otherwise."""
    allocated = quota_left is not None if quota_allocated is None else quota_allocated
    return Selection(project=project(**project_fields), teacher=teacher, at=datetime.combine(on, datetime.min.time()),
                     by=by, quota_left=quota_left, quota_allocated=allocated)


def findings(sel: Selection) -> dict:
    return {f.code: f for f in region().selection_findings(sel)}


def resolves_exactly(source: str) -> bool:
    """Every clause cited is in the notice, and the words it is pinned to are found there."""
    resolved = region().library.resolve(source)
    pinned = source.count("（")
    return bool(resolved) and all(r.location.exact for r in resolved) and \
        sum(bool(r.location.phrase) for r in resolved) == pinned


# -- a submission to an all-staff project ------------------------------------------------------


def test_a_school_admin_submits_a_primary_teacher_in_time():
    found = findings(selection(quota_left=2))  # the unit's quota said only where one is allocated
    assert set(found) == {enrollment.SUBMITTER, enrollment.AREA, STAGE, enrollment.ONCE, QUOTA, enrollment.DEADLINE, FEE}
    assert all(f.ok for f in found.values())
    for f in found.values():
        assert resolves_exactly(f.source), f.source
        with using("en"):
            assert not any("\u4e00" <= c <= "\u9fff" for c in str(f.message)), f.message


@pytest.mark.parametrize("by, ok", [
    (UserRole.SCHOOL_ADMIN, True),       # 各学校的系统管理员
    (UserRole.DISTRICT_ADMIN, True),     # 各区教育局的系统管理员
    (UserRole.TEACHER, False),           # a teacher does not enrol themselves
    (UserRole.PRINCIPAL, False),
    (UserRole.CITY_ADMIN, False),        # the city allocates quotas; the units submit
    (UserRole.INSTITUTION_STAFF, False),
])
def test_who_submits(by, ok):
    finding = findings(selection(by=by))[enrollment.SUBMITTER]
    assert finding.ok is ok
    assert finding.source == f"{P.DOC} §四(二)1（由各区教育局和各学校的系统管理员具体负责）"
    assert ("系统管理员" in finding.message)


def test_a_teacher_selecting_themselves_is_refused_with_the_clause_that_says_who_submits():
    (finding,) = refused(region().selection_findings(selection(by=UserRole.TEACHER)))
    assert finding.code == enrollment.SUBMITTER
    assert "教师不能自行报名" in finding.message
    (resolved,) = region().library.resolve(finding.source)
    assert resolved.location.phrase == "由各区教育局和各学校的系统管理员具体负责"


@pytest.mark.parametrize("program, stages, ok, words", [
    ("all_staff_jpk", (SchoolStage.PRIMARY,), True, "按任教学段报名“开封市中小学教师（初中、小学、幼儿园）"),
    ("all_staff_jpk", (SchoolStage.KINDERGARTEN,), True, "按任教学段"),
    ("all_staff_jpk", (SchoolStage.SPECIAL,), True, "按任教学段"),             # 等学段 (§四(一))
    ("all_staff_high", (SchoolStage.SENIOR_HIGH,), True, "按任教学段报名“开封市中小学教师（高中）"),
    ("all_staff_high", (SchoolStage.PRIMARY,), False, "应报“开封市中小学教师（初中、小学、幼儿园）"),
    ("all_staff_jpk", (SchoolStage.SENIOR_HIGH,), False, "应报“开封市中小学教师（高中）"),
    ("all_staff_jpk", (SchoolStage.JUNIOR_HIGH, SchoolStage.SENIOR_HIGH), True, "按任教学段"),
    ("all_staff_high", (SchoolStage.JUNIOR_HIGH, SchoolStage.SENIOR_HIGH), True, "按任教学段"),
    ("all_staff_jpk", (SchoolStage.VOCATIONAL,), False, "未包括该教师的任教学段"),
    ("all_staff_high", (), False, "未登记该教师的任教学段"),
])
def test_the_project_of_the_teachers_stage(program, stages, ok, words):
    sel = selection(program=program, teacher=TeacherFacts(stages=stages))
    finding = findings(sel)[STAGE]
    assert finding.ok is ok and words in finding.message
    assert finding.source == f"{P.DOC} §四(二)1（根据参训教师的任教学段，选择不同的项目）"


def test_the_passing_stage_check_does_not_say_the_teacher_is_already_enrolled_in_english():
    """On the project page a teacher not enrolled yet read "✓ Enrolled in “…” by the stage
    taught": the check says the project fits the stage taught, not that anyone enrolled."""
    with using("en"):
        message = str(findings(selection(program="all_staff_jpk"))[STAGE].message)
    assert not message.startswith("Enrolled")
    assert "stage taught" in message


def test_the_programs_stages_decide_not_those_the_project_lists():
    """The notice fixes which stages each project takes; a project listing others does not
    open the high-school project to a primary teacher."""
    sel = selection(program="all_staff_high", stages=(SchoolStage.PRIMARY,))
    assert not findings(sel)[STAGE].ok


@pytest.mark.parametrize("stages, program", [
    ((SchoolStage.SENIOR_HIGH,), "all_staff_high"),
    ((SchoolStage.JUNIOR_HIGH,), "all_staff_jpk"),
    ((SchoolStage.PRIMARY,), "all_staff_jpk"),
    ((SchoolStage.KINDERGARTEN,), "all_staff_jpk"),
    ((SchoolStage.SPECIAL,), "all_staff_jpk"),                  # 等学段 (§四(一))
    ((SchoolStage.JUNIOR_HIGH, SchoolStage.SENIOR_HIGH), "all_staff_high"),
    ((SchoolStage.VOCATIONAL,), None),                           # in neither project
    ((), None),
])
def test_program_for_stages(stages, program):
    assert enrollment.program_for_stages(stages) == program


@pytest.mark.parametrize("left, ok", [(0, False), (1, True), (5, True)])
def test_the_units_quota(left, ok):
    finding = findings(selection(quota_left=left))[QUOTA]
    assert finding.ok is ok
    assert finding.actual == D(left)
    assert finding.source == (f"{P.DOC} §四(二)1（名额已分配到各单位系统中）" if ok else
                              f"{P.DOC} §四(二)1（名额已分配到各单位系统中，名额如果不够请及时与教师教育科联系进行修改）")


def test_a_unit_whose_quota_is_used_up_reads_whom_to_ask_for_more():
    """§四(二)1 名额如果不够请及时与教师教育科联系进行修改: a phone trial's school admin read only
    本单位在该项目的名额已用完 on the city project, with nothing said of what to do; the refusal says
    to ask the city bureau's teacher-education office, in Chinese and English, citing those words.
    A county's own project (§二(三)) says no such thing: the county set its quotas itself."""
    used_up = findings(selection(quota_left=0))[QUOTA]
    assert not used_up.ok and not used_up.never
    assert used_up.message == "本单位在该项目的名额已用完；名额如果不够，请及时与市教育局教师教育科联系修改"
    assert resolves_exactly(used_up.source)
    with using("en"):
        assert "contact the city bureau's teacher-education office" in str(used_up.message)
    county = findings(selection(quota_left=0, level=Level.COUNTY))[QUOTA]
    assert not county.ok and "教师教育科" not in str(county.message)


def test_a_project_allocating_no_quota_says_nothing_of_a_units_quota():
    """No quota set (``quota_left`` None): no word of a unit's quota, only the seats left."""
    assert QUOTA not in findings(selection(quota_left=None))


ALLOCATED_CLAUSE = (f"{P.DOC} §四(二)1（系统内已设置两个培训项目）、"
                    "§四(二)1（名额已分配到各单位系统中，名额如果不够请及时与教师教育科联系进行修改）")


@pytest.mark.parametrize("quota_left", [None, 0, 3])
def test_a_city_project_whose_seats_are_not_allocated_to_the_unit_is_refused(quota_left):
    """§四(二)1 名额已分配到各单位系统中: the city's all-staff projects come with their seats shared
    out to the units. A unit the bureau has allocated none (no quota at all, ``quota_left`` None;
    quotas for other units only, 0 left on the teacher's path; a quota of the city as a whole
    only) does not submit up to the project's seats: refused, saying whom to ask, until it holds
    one; never as "used up"."""
    found = findings(selection(quota_left=quota_left, quota_allocated=False))
    refusal = found[enrollment.ALLOCATED]
    assert not refusal.ok and not refusal.never and QUOTA not in found
    assert refusal.message == ("名额尚未分配到本单位：全员培训的名额由市教育局分配到各单位，学校或所在区分得名额后才能"
                               "提交参训教师；请与市教育局教师教育科联系")
    assert refusal.source == ALLOCATED_CLAUSE and resolves_exactly(refusal.source)
    with using("en"):
        assert str(refusal.message).startswith("No seats are allocated to this unit yet")
    assert [f.code for f in refused(region().selection_findings(selection(quota_left=quota_left,
                                                                          quota_allocated=False)))] \
        == [enrollment.ALLOCATED]


@pytest.mark.parametrize("left, ok", [(0, False), (1, True)])
def test_a_unit_holding_its_quota_is_judged_by_its_seats_left_and_not_refused_for_allocation(left, ok):
    found = findings(selection(quota_left=left, quota_allocated=True))
    assert enrollment.ALLOCATED not in found
    assert found[QUOTA].ok is ok and found[QUOTA].actual == D(left)


def test_a_countys_own_all_staff_project_is_not_refused_for_want_of_a_unit_quota():
    """§二(三): the counties organise their own training 结合本单位的实际情况; the notice allocates
    the city's two projects' seats (§四(二)1), not theirs."""
    found = findings(selection(quota_left=None, level=Level.COUNTY))
    assert enrollment.ALLOCATED not in found and QUOTA not in found
    assert not refused(found.values())


@pytest.mark.parametrize("training_start, deadline", [
    (date(2019, 1, 1), date(2018, 12, 20)),     # phase one
    (date(2019, 4, 1), date(2018, 12, 20)),
    (date(2019, 12, 20), date(2018, 12, 20)),   # the deadline lies before the training starts
    (date(2019, 12, 21), date(2019, 12, 20)),
])
def test_enrollment_deadline(training_start, deadline):
    assert enrollment.enrollment_deadline(training_start) == deadline


@pytest.mark.parametrize("on, ok", [
    (date(2018, 12, 15), True),    # the notice's day
    (date(2018, 12, 20), True),    # the deadline itself
    (date(2018, 12, 21), False),   # the day after
    (date(2019, 1, 2), False),     # after the training began
])
def test_the_deadline(on, ok):
    finding = findings(selection(on=on))[enrollment.DEADLINE]
    assert finding.ok is ok and finding.deadline == date(2018, 12, 20)
    # no make-up (§五(四)) is cited of a submission past the deadline only: the enrol page says the
    # deadline in time, where 不再统一安排补训 read as said of the teachers being submitted
    assert finding.source == (f"{P.DOC} §四(二)1（报名截止时间为12月20日）" if ok else
                              f"{P.DOC} §四(二)1（报名截止时间为12月20日）、§五(四)（未参训的教师不再统一安排补训）")
    if ok:
        assert finding.message == "报名截止日为 2018-12-20，尚未截止"
    else:
        assert "2018-12-20" in finding.message and "补训" in finding.message


@pytest.mark.parametrize("on, ok", [
    (date(2018, 12, 14), False),   # before the enrollment opens (6 days to 12-20, setting enrollment_days)
    (date(2018, 12, 15), True),    # the day it opens
])
def test_a_submission_before_the_enrollment_opens_is_refused_naming_the_day_and_the_clause(on, ok):
    finding = findings(selection(on=on))[enrollment.DEADLINE]
    assert finding.ok is ok
    if not ok:
        assert "2018-12-15" in str(finding.message) and "2018-12-20" in str(finding.message)
        assert "四(二)1" in finding.source and resolves_exactly(finding.source)
        assert finding.settings == (P.ENROLLMENT_DAYS.name,)
        with using("en"):
            assert "2018-12-15" in str(finding.message)
            assert not any("\u4e00" <= c <= "\u9fff" for c in str(finding.message)), finding.message
    # a withdrawn teacher submitted again is judged the same way
    again = refused(region().move_findings(_move(on=on)))
    assert (enrollment.DEADLINE in {f.code for f in again}) is not ok


def test_the_opening_is_the_calendars_when_the_bureau_set_this_trainings_enrollment():
    """The bureau's calendar (选课进程) moves the opening: its 报名 phase of this training."""
    sel = selection(on=date(2018, 12, 10))
    opened = Phase("enrollment", "报名", date(2018, 12, 1), date(2018, 12, 20), (), "bureau")
    assert findings(replace(sel, calendar=(opened,)))[enrollment.DEADLINE].ok
    later = Phase("enrollment", "报名", date(2018, 12, 12), date(2018, 12, 20), (), P.src("四(二)1"))
    refusal = findings(replace(sel, calendar=(later,)))[enrollment.DEADLINE]
    assert not refusal.ok and "2018-12-12" in str(refusal.message) and refusal.source == later.source
    last_year = Phase("enrollment", "报名", date(2017, 12, 1), date(2017, 12, 20), (), "bureau")
    assert not findings(replace(sel, calendar=(last_year,)))[enrollment.DEADLINE].ok  # another training's: default


def test_the_deadline_is_the_last_one_before_the_projects_start():
    """A county runs its own training (§二(三)) starting in March: its deadline is still the
    12-20 before."""
    sel = selection(on=date(2020, 12, 20), start=date(2021, 3, 1), level=Level.COUNTY)
    assert findings(sel)[enrollment.DEADLINE].ok
    assert not findings(replace(sel, at=datetime(2020, 12, 21, 8, 0)))[enrollment.DEADLINE].ok


@pytest.mark.parametrize("fee, ok", [("0", True), ("1", False), ("0.01", False), ("120", False)])
def test_no_fee(fee, ok):
    finding = findings(selection(fee=fee))[FEE]
    assert finding.ok is ok and (finding.required, finding.actual) == (D(0), D(fee))
    assert finding.source == f"{P.DOC} §四(三)（不得向参训教师收取任何费用）"


@pytest.mark.parametrize("fee", ["0", "120"])
def test_the_fee_is_worded_as_the_notice_says_it_not_as_a_fee_allowed(fee):
    """§四(三) 不得向参训教师收取任何费用: the catalog read ✓向教师收取的费用符合规定, as if some fee were allowed."""
    finding = findings(selection(fee=fee))[FEE]
    said = str(finding.message)
    assert "不向参训教师收取任何费用" in said or "不得向参训教师收取任何费用" in said
    assert "符合规定" not in said and (fee in said) is (fee != "0")
    with using("en"):
        english = str(finding.message)
    assert "no fee" in english.lower() and not any(0x4E00 <= ord(c) < 0xA000 for c in english)


def test_every_refusal_is_reported_at_once():
    sel = selection(on=date(2018, 12, 21), by=UserRole.TEACHER, program="all_staff_high", fee="50", quota_left=0)
    assert {f.code for f in refused(region().selection_findings(sel))} == {
        enrollment.SUBMITTER, STAGE, QUOTA, enrollment.DEADLINE, FEE}


@pytest.mark.parametrize("program", [None, "summer_reading"])
def test_other_training_has_no_rule_from_the_notice(program):
    """The notice rules only its all-staff training: a school-based training is not judged."""
    sel = selection(program=program, by=UserRole.TEACHER, fee="200", on=date(2019, 3, 1), quota_left=0)
    assert region().selection_findings(sel) == []


# -- who reviews a declared project (§五(一)) ----------------------------------------------------


@pytest.mark.parametrize("level, role", [
    (Level.CITY, UserRole.CITY_ADMIN),          # 市教育局 (教师教育科)
    (Level.COUNTY, UserRole.DISTRICT_ADMIN),    # a district or county's own (§二(三))
    (Level.SCHOOL, UserRole.DISTRICT_ADMIN),    # the district's department looks after its schools
    (Level.PROVINCIAL, UserRole.PROVINCE_ADMIN),
    (Level.NATIONAL, UserRole.PROVINCE_ADMIN),
])
def test_the_department_of_the_projects_level_reviews_it(level, role):
    review = region().project_review(project(level=level))
    assert review.role == role
    assert resolves_exactly(review.source) and "五(一)" in review.source


# -- the calendar: enrollment to 12-20, training January to April (§四(二)) -----------------------


@pytest.mark.parametrize("on, year", [
    (date(2018, 12, 15), 2019),
    (date(2018, 12, 21), 2019),
    (date(2019, 4, 30), 2019),    # the training's last day
    (date(2019, 5, 1), 2020),     # then the next training's
    (date(2019, 12, 31), 2020),
])
def test_the_calendar_of_the_training_a_day_belongs_to(on, year):
    enroll, training = region().selection_calendar(on)
    assert (enroll.kind, enroll.start, enroll.end) == ("enrollment", date(year - 1, 12, 15), date(year - 1, 12, 20))
    assert (training.kind, training.start, training.end) == ("training", date(year, 1, 1), date(year, 4, 30))
    assert enroll.actors == (UserRole.SCHOOL_ADMIN, UserRole.DISTRICT_ADMIN)
    assert UserRole.TEACHER in training.actors
    assert enroll.source == P.ENROLLMENT_DEADLINE.source_at(on) and resolves_exactly(training.source)
    assert "报名" in enroll.label and "培训" in training.label


def test_no_calendar_before_the_notice():
    assert region().selection_calendar(P.NOTICE_DATE - timedelta(days=1)) == ()


def test_the_enrollment_opening_is_a_setting():
    enroll, _training = region(enrollment_days="10").selection_calendar(date(2019, 6, 1))
    assert (enroll.start, enroll.end) == (date(2019, 12, 11), date(2019, 12, 20))
    one_day, _training = region(enrollment_days="1").selection_calendar(date(2019, 6, 1))
    assert one_day.start == one_day.end == date(2019, 12, 20)
    with pytest.raises(InvalidInput) as err:
        region(enrollment_days="0").selection_calendar(date(2019, 6, 1))
    assert err.value.field == "settings.enrollment_days" and "报名开放的天数" in err.value.message
    with pytest.raises(SettingError):
        region(enrollment_days="a week")
    assert "须由教育局" in P.ENROLLMENT_DAYS.assumption
    assert P.ENROLLMENT_DAYS.display(6) == "6 天"


# -- the enrollment workflow ---------------------------------------------------------------------


def test_the_enrollment_workflow():
    wf = region().enrollment_workflow()
    assert wf is workflow.ENROLLMENT_WORKFLOW and wf.initial == "enrolled"
    assert wf.awaiting(UserRole.INSTITUTION_STAFF) == {"enrolled"}            # 承担机构 (§四(一))
    assert wf.awaiting(UserRole.TEACHER) == frozenset()                       # teachers do not withdraw
    for admin in enrollment.SUBMITTERS:                                       # a withdrawal is final for the
        assert wf.awaiting(admin, OVER_TEACHER) == frozenset()                # lists: nothing of their teachers
        assert wf.awaiting(admin, OVER_ORGANISER_UNIT) == {"enrolled"}        # awaits them; a training their own
        assert wf.awaiting(admin, OVER_ORGANISER) == frozenset()              # unit runs awaits its results
    completion = wf.transition("enrolled", "completed", frozenset({UserRole.INSTITUTION_STAFF}))
    assert completion.asks == (RESULT,)                                       # the composite (§三(五))
    for admin in enrollment.SUBMITTERS:                                       # who submits, withdraws
        withdrawal = wf.transition("enrolled", "withdrawn", frozenset({admin}))
        assert withdrawal.asks == (REASON,)
    assert all(t.over == OVER_ORGANISER_UNIT for t in wf.allowed("enrolled", frozenset(enrollment.SUBMITTERS))
               if t.target == "completed")  # a result: only for a training their own unit runs
    assert not wf.expiring()                                                  # nothing lapses by itself
    assert wf.state("enrolled").holds_seat and wf.state("completed").holds_seat
    assert not wf.state("withdrawn").holds_seat                               # the quota's seat returns
    # a withdrawn teacher no longer counts as submitted, but may be submitted again by the
    # admins (judged as a new submission: by the deadline, within the quota), nobody else
    assert "withdrawn" not in wf.standing() and not wf.state("withdrawn").final
    for admin in enrollment.SUBMITTERS:
        assert wf.transition("withdrawn", "enrolled", frozenset({admin})) is not None
    assert {t.actor for t in wf.transitions if t.source == "withdrawn"} == set(enrollment.SUBMITTERS)


def _move(state="withdrawn", target="enrolled", on=date(2018, 12, 18), **fields) -> Move:
    return Move(selection(on=on, **fields), state, target, UserRole.SCHOOL_ADMIN)


def test_a_withdrawn_teacher_is_submitted_again_as_a_new_submission():
    assert not refused(region().move_findings(_move()))                      # by 12-20, a seat of the quota left
    late = refused(region().move_findings(_move(on=date(2018, 12, 21))))     # not after the deadline (§五(四))
    assert [f.code for f in late] == [enrollment.DEADLINE]
    assert late[0].never                                                     # refused for good: not "not yet"
    early = refused(region().move_findings(_move(on=date(2018, 12, 14))))   # before the phase opens: it lifts
    assert [f.code for f in early] == [enrollment.DEADLINE] and not early[0].never
    full = refused(region().move_findings(_move(quota_left=0)))              # the withdrawal gave the seat back,
    assert [f.code for f in full] == [QUOTA]                                 # but another took it since
    assert region().move_findings(_move("enrolled", "withdrawn", on=date(2019, 3, 1))) == []  # a withdrawal: free


# -- an all-staff project itself: no fee, its deadline ahead (§四(三), §四(二)1) -----------------


def _step(action, on=date(2018, 12, 18), before=None, decision=None, **fields) -> ProjectStep:
    return ProjectStep(action, project(**fields), UserRole.CITY_ADMIN, datetime.combine(on, datetime.min.time()),
                       before=before, decision=decision, day=on)


def _refusing(step) -> dict:
    return {f.code: f for f in refused(region().project_findings(step))}


def test_an_all_staff_project_asking_a_fee_is_refused_on_its_fee_field_with_the_clause():
    found = _refusing(_step(SAVE, fee="50"))
    assert set(found) == {enrollment.PROJECT_FEE}
    fee = found[enrollment.PROJECT_FEE]
    assert fee.field == "fee" and fee.actual == D(50) and fee.required == D(0)
    assert "四(三)" in fee.source and resolves_exactly(fee.source)
    assert "不得向参训教师收取任何费用" in str(fee.message)
    with using("en"):
        assert not any("\u4e00" <= c <= "\u9fff" for c in str(fee.message)), fee.message
    assert not _refusing(_step(SAVE, fee="0"))
    assert set(_refusing(_step(REVIEW, fee="50", decision="approve"))) == {enrollment.PROJECT_FEE}
    assert set(_refusing(_step(DECLARE, fee="50"))) == {enrollment.PROJECT_FEE}
    assert not _refusing(_step(REVIEW, fee="50", decision="reject"))          # a rejection is always possible
    assert not _refusing(_step(REVIEW, fee="50"))                             # the review is still offered
    assert not _refusing(_step(SAVE, fee="50", program=None))                 # other training: the notice is silent


@pytest.mark.parametrize("on, ok", [(date(2018, 12, 20), True), (date(2018, 12, 21), False)])
def test_an_all_staff_project_whose_deadline_has_passed_is_refused_on_its_start(on, ok):
    found = _refusing(_step(SAVE, on=on))                                      # 2019-01 training: deadline 2018-12-20
    assert (enrollment.PROJECT_DEADLINE not in found) is ok
    if not ok:
        late = found[enrollment.PROJECT_DEADLINE]
        assert late.field == "start" and late.deadline == date(2018, 12, 20) and resolves_exactly(late.source)
        assert "已过" in str(late.message)
        with using("en"):
            assert not any("\u4e00" <= c <= "\u9fff" for c in str(late.message)), late.message
        assert enrollment.PROJECT_DEADLINE in _refusing(_step(REVIEW, on=on, decision="approve"))
        assert not _refusing(_step(REVIEW, on=on, decision="return"))


def test_an_edit_is_judged_on_what_it_changes():
    late = date(2019, 2, 1)  # the training has begun: its deadline is past
    published = project()
    assert not _refusing(_step(SAVE, on=late, before=published))              # a new description: not judged again
    assert set(_refusing(_step(SAVE, on=late, before=published, fee="10"))) == {enrollment.PROJECT_FEE}
    moved = _refusing(_step(SAVE, on=late, before=published, start=date(2019, 1, 10)))
    assert set(moved) == {enrollment.PROJECT_DEADLINE}
    assert not _refusing(_step(SAVE, on=late, before=published, start=date(2020, 1, 10)))  # next year's: open


def test_a_new_all_staff_project_is_given_the_default_weights():
    weights = region().project_assessment_weights(project())
    assert set(weights) == set(P.ASSESSMENT_PARTS) and sum(weights.values()) == 100
    assert weights == {code: p.at(START) for code, p in P.WEIGHT_SETTINGS.items()}
    assert region(weight_course_time="40", weight_discussion="30").project_assessment_weights(project()) == {
        "course_time": D(40), "discussion": D(30), "tasks": D(30)}             # the bureau's settings
    assert region().project_assessment_weights(project(program=None)) == {}  # other training: hours, no composite



def test_the_bureaus_calendar_moves_the_deadline_of_this_trainings_enrollment():
    """A trial's bureau moved 报名 to end on 12-22 in the portal's calendar (各期日期以教育局的通知为准);
    the admins' submissions on 12-21 were still refused at 12-20. The calendar's last day binds,
    cited with the clause that a teacher left out is not trained later (§五(四))."""
    sel = selection(on=date(2018, 12, 21))
    assert not findings(sel)[enrollment.DEADLINE].ok  # the notice's 12-20
    moved = Phase("enrollment", "报名", date(2018, 12, 15), date(2018, 12, 22), (), P.src("四(二)1"))
    assert findings(replace(sel, calendar=(moved,)))[enrollment.DEADLINE].ok
    late = findings(replace(selection(on=date(2018, 12, 23)), calendar=(moved,)))[enrollment.DEADLINE]
    assert not late.ok and late.deadline == date(2018, 12, 22) and "2018-12-22" in str(late.message)
    assert "五(四)" in late.source and resolves_exactly(late.source)
    shortened = Phase("enrollment", "报名", date(2018, 12, 10), date(2018, 12, 18), (), P.src("四(二)1"))
    assert not findings(replace(selection(on=date(2018, 12, 19)), calendar=(shortened,)))[enrollment.DEADLINE].ok


# -- whom the city's project is for (§二) ---------------------------------------------------------

@pytest.mark.parametrize("under", ["祥符区", "杞县", "尉氏县", "开封市通许县教育局"])
def test_the_counties_that_run_their_own_training_are_not_taken_into_the_citys(under):
    """祥符区、杞县、尉氏县、通许县 organise the training of their own teachers (§二(三)): an
    examiner's 祥符区 school got its teacher into the city's project."""
    found = findings(replace(selection(), school_under=under))["all_staff_area"]
    assert not found.ok and "自行组织" in str(found.message) and "不参加市教育局组织的项目" in str(found.message)
    assert "二(三)" in found.source and resolves_exactly(found.source)
    own = findings(replace(selection(level=Level.COUNTY), school_under=under))  # their county's own project
    assert "all_staff_area" not in own


def test_a_teacher_recorded_without_a_qualification_certificate_is_not_submitted():
    """The training is for teachers in post who hold a teacher qualification certificate
    (§二(一)): one their school records as holding none is refused, with the clause; one it
    records as holding one, or has not recorded, is not held back by it."""
    found = findings(selection(teacher=replace(PRIMARY, qualified=False)))[enrollment.QUALIFIED]
    assert not found.ok and "教师资格证书" in str(found.message)
    assert "二(一)" in found.source and resolves_exactly(found.source)
    with using("en"):
        assert "teacher qualification certificate" in str(found.message)
    for qualified in (True, None):
        assert enrollment.QUALIFIED not in findings(selection(teacher=replace(PRIMARY, qualified=qualified)))
    other = findings(selection(teacher=replace(PRIMARY, qualified=False), program=None))  # outside the notice
    assert enrollment.QUALIFIED not in other


@pytest.mark.parametrize("under", ["鼓楼区", "禹王台区", "开封市"])
def test_the_citys_own_schools_and_the_five_districts_take_the_citys_project(under):
    found = findings(replace(selection(), school_under=under))["all_staff_area"]
    assert found.ok and resolves_exactly(found.source)
