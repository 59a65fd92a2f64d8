"""Shanxi's training process (晋教师〔2017〕14号): who may select which project, what completing
one needs, who acts at each step, and the probation year's hours against §三(二).

Selections and moves are built as the core builds them (``Selection``, ``Move``) and judged
through the region's facade, so the core's joining of hooks is exercised too. A new teacher
entering post on 2025-09-01 is in probation from that day to 2026-08-31 (§三(二) 第一学年).
"""
from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal as D

import pytest

from plugins.shanxi import parameters as P
from plugins.shanxi.enrollment import ASSESSOR, GRADE, PROBATION_YEAR, RECOGNITION, REGISTRATION
from plugins.shanxi.workflow import ASSESSORS, ENROLLMENT_WORKFLOW, LEVEL_ASSESSORS, RECOGNISER
from portal.domain import (
    COMPLETED, Grade, Level, Mode, Move, ProjectFacts, Record, SchoolStage, Selection, TeacherFacts, Unit, UserRole,
)
from portal.domain.selection import ENDED, LAYER, STAGE, SUBJECT, refused
from portal.domain.workflow import RESULT
from portal.plugins import Region

REGION = Region.load("shanxi")
DOC = "shanxi-2017-credit-management.txt"

NEW = TeacherFacts(entered_post=date(2025, 9, 1), stages=(SchoolStage.JUNIOR_HIGH,))
FIRST_DAY, LAST_DAY = date(2025, 9, 1), date(2026, 8, 31)
VETERAN = TeacherFacts(entered_post=date(2005, 9, 1), stages=(SchoolStage.JUNIOR_HIGH,), layer="骨干教师")


def project(start=date(2025, 9, 10), end=date(2025, 9, 19), level=Level.COUNTY, mode=Mode.CENTRALIZED,
            **kw) -> ProjectFacts:
    return ProjectFacts(name="小店区培训", level=level, mode=mode, start=start, end=end, hours=D(60), **kw)


def probation_project(start, end, mode=Mode.CENTRALIZED) -> ProjectFacts:
    return project(start, end, mode=mode, program="new_teacher_probation")


def selection(p: ProjectFacts, teacher: TeacherFacts = NEW, at=datetime(2025, 9, 2, 9, 30), subjects=("语文",),
              by=UserRole.TEACHER) -> Selection:
    return Selection(project=p, teacher=teacher, at=at, by=by, subjects=subjects)


def findings(s: Selection) -> dict:
    return {f.code: f for f in REGION.selection_findings(s)}


def move(p: ProjectFacts, by: UserRole, target=COMPLETED, **data) -> Move:
    return Move(selection=selection(p, VETERAN), state="enrolled", target=target, by=by, data=data)


def moved(m: Move) -> dict:
    return {f.code: f for f in REGION.move_findings(m)}


def english(text) -> str:
    said = text.render("en")
    assert not re.search(r"[\u4e00-\u9fff]", said), said
    return said


# The probation training is for the probation year (§三(二)) ---------------------------------------

@pytest.mark.parametrize("start,end,ok", [
    (FIRST_DAY, FIRST_DAY, True),                       # a one-day training on the first day in post
    (FIRST_DAY, date(2025, 9, 10), True),
    (date(2026, 8, 20), LAST_DAY, True),
    (LAST_DAY, LAST_DAY, True),                         # on the last day of probation
    (date(2025, 8, 31), date(2025, 9, 10), False),      # begins the day before entering post
    (date(2026, 8, 25), date(2026, 9, 1), False),       # ends the day after probation
    (date(2026, 9, 1), date(2026, 9, 1), False),
])
def test_the_probation_training_lies_in_the_probation_year(start, end, ok):
    found = findings(selection(probation_project(start, end)))
    f = found[PROBATION_YEAR]
    assert f.ok is ok and f.source == f"{DOC} §{P.PROBATION_CLAUSE}"
    assert "2025-09-01 至 2026-08-31" in str(f.message)
    assert (f in refused(found.values())) is not ok
    assert REGISTRATION not in found  # probation hours are no credits: nothing to register
    english(f.message)


def test_a_later_confirmation_does_not_stretch_the_first_school_year():
    # §三(二) 新任教师第一学年须接受…试用期培训: the window is the first year in post, whatever
    # day the teacher's 转正 falls on.
    teacher = TeacherFacts(entered_post=FIRST_DAY, probation_end=date(2026, 12, 31))
    assert findings(selection(probation_project(LAST_DAY, LAST_DAY), teacher))[PROBATION_YEAR].ok
    late = findings(selection(probation_project(date(2026, 12, 31), date(2026, 12, 31)), teacher))[PROBATION_YEAR]
    assert not late.ok and "第一学年" in str(late.message)


def test_with_only_the_end_of_probation_known_any_earlier_training_is_in_it():
    teacher = TeacherFacts(probation_end=LAST_DAY)
    f = findings(selection(probation_project(date(2025, 3, 1), date(2025, 3, 5)), teacher))[PROBATION_YEAR]
    assert f.ok and "至 2026-08-31" in str(f.message) and "0001" not in str(f.message)


@pytest.mark.parametrize("teacher,words", [
    (TeacherFacts(), "入职日期和试用期都未登记"),
    (VETERAN, "第一学年 2005-09-01 至 2006-08-31"),
])
def test_the_probation_training_is_refused_to_who_is_not_in_probation(teacher, words):
    f = findings(selection(probation_project(date(2025, 9, 10), date(2025, 9, 19)), teacher))[PROBATION_YEAR]
    assert not f.ok and words in str(f.message)
    english(f.message)


def test_an_online_or_school_based_probation_training_is_judged_alike():
    p = probation_project(date(2025, 10, 1), LAST_DAY, Mode.ONLINE)
    assert findings(selection(p))[PROBATION_YEAR].ok


# Credits are registered from the year of 转正 (§三(二)) ---------------------------------------------

@pytest.mark.parametrize("end,told", [
    (date(2025, 12, 20), True),
    (LAST_DAY, True),            # ends on the last day of probation: before the 2026 school year of 转正
    (date(2026, 9, 1), False),   # ends in the school year of 转正: its credits count
])
def test_a_new_teacher_reads_that_credits_before_confirmation_do_not_count(end, told):
    found = findings(selection(project(date(2025, 12, 1), end)))
    assert (REGISTRATION in found) is told
    assert PROBATION_YEAR not in found
    if told:
        f = found[REGISTRATION]
        assert f.ok and "不计入周期和各学年的学分" in str(f.message) and "2026—2027 学年" in str(f.message)
        assert f.source == f"{DOC} §{P.REGISTRATION_CLAUSE}" and f.settings == ("school_year_start_month",)
        english(f.message)
    assert not refused(found.values())  # the teacher may still take it


def test_a_confirmed_teacher_reads_nothing_about_registration():
    assert REGISTRATION not in findings(selection(project(), VETERAN))


# 分层、分类、分科施训 (§一) ---------------------------------------------------------------------------

@pytest.mark.parametrize("facts,code,ok", [
    (dict(), STAGE, True),                                           # names no stage: open to all
    (dict(stages=(SchoolStage.JUNIOR_HIGH, SchoolStage.PRIMARY)), STAGE, True),
    (dict(stages=(SchoolStage.KINDERGARTEN,)), STAGE, False),
    (dict(subjects=("语文", "数学")), SUBJECT, True),
    (dict(subjects=("物理",)), SUBJECT, False),
    (dict(layer="骨干教师"), LAYER, True),
    (dict(layer="班主任"), LAYER, False),
])
def test_a_project_for_some_stages_subjects_or_layer_is_for_those_teachers(facts, code, ok):
    f = findings(selection(project(**facts), VETERAN))[code]
    assert f.ok is ok and f.source == f"{DOC} §{P.TARGETING_CLAUSE}"


def test_a_project_for_everyone_refuses_no_one():
    for teacher in (NEW, VETERAN, TeacherFacts()):
        assert not refused(REGION.selection_findings(selection(project(date(2026, 10, 1), date(2026, 10, 2)),
                                                               teacher, subjects=())))


# Completing a training (§四(二)–§四(四)) -------------------------------------------------------------

@pytest.mark.parametrize("level,by,ok", [
    (Level.COUNTY, UserRole.DISTRICT_ADMIN, True),
    (Level.CITY, UserRole.CITY_ADMIN, True),
    (Level.PROVINCIAL, UserRole.PROVINCE_ADMIN, True),
    (Level.NATIONAL, UserRole.PROVINCE_ADMIN, True),
    (Level.SCHOOL, UserRole.SCHOOL_ADMIN, True),
    (Level.PROVINCIAL, UserRole.INSTITUTION_STAFF, True),   # a training institution undertakes any level
    (Level.SCHOOL, UserRole.INSTITUTION_STAFF, True),
    (Level.COUNTY, UserRole.SCHOOL_ADMIN, False),           # the school registers from the proof; it does not assess
    (Level.PROVINCIAL, UserRole.CITY_ADMIN, False),
    (Level.CITY, UserRole.DISTRICT_ADMIN, False),
])
def test_a_training_is_assessed_by_its_organiser(level, by, ok):
    found = moved(move(project(level=level), by, grade=Grade.GOOD))
    assert found[ASSESSOR].ok is ok and found[GRADE].ok
    assert found[ASSESSOR].source == f"{DOC} §{P.ASSESSMENT_CLAUSE}、§{P.LEVELS_CLAUSE}、§{P.PROOF_CLAUSE}"
    english(found[ASSESSOR].message)


@pytest.mark.parametrize("data,ok", [
    (dict(grade=Grade.FAIL), True),       # 不合格 is a grade: recorded, it gives no credits
    (dict(grade="excellent"), True),
    (dict(), False),
    (dict(grade=None, attended_hours=D(60)), False),
])
def test_completing_a_training_records_its_grade(data, ok):
    f = moved(move(project(), UserRole.DISTRICT_ADMIN, **data))[GRADE]
    assert f.ok is ok and f.source == f"{DOC} §{P.GRADE_RECORD_CLAUSE}"
    english(f.message)


@pytest.mark.parametrize("at,ok", [
    (datetime(2025, 9, 12, 9, 0), False),  # the training runs until 9-19: its result is not known yet
    (datetime(2025, 9, 18, 9, 0), False),
    (datetime(2025, 9, 19, 9, 0), True),   # its last day
    (datetime(2025, 10, 8, 9, 0), True),
])
def test_a_training_is_completed_only_once_it_has_ended(at, ok):
    """A result recorded while the training runs was kept, dated on its last day, and so did not
    count: §四(二)'s 综合考核 assesses the whole training, proved by its 结业证书 (§五(二))."""
    m = Move(selection=selection(project(), VETERAN, at=at), state="enrolled", target=COMPLETED,
             by=UserRole.DISTRICT_ADMIN, data={"grade": Grade.GOOD})
    f = moved(m)[ENDED]
    assert f.ok is ok and "2025-09-19" in f.message
    assert f.source == f"{DOC} §{P.ASSESSMENT_CLAUSE}、§{P.COMPLETION_PROOF_CLAUSE}"
    english(f.message)
    asked = moved(Move(selection=m.selection, state="enrolled", target=COMPLETED, by=UserRole.DISTRICT_ADMIN,
                       data=None))  # the button is not offered either
    assert asked[ENDED].ok is ok


@pytest.mark.parametrize("mode,by,ok", [
    (Mode.DEGREE, UserRole.DISTRICT_ADMIN, True),
    (Mode.SELF_STUDY, UserRole.DISTRICT_ADMIN, True),
    (Mode.DEGREE, UserRole.SCHOOL_ADMIN, False),
    (Mode.SELF_STUDY, UserRole.INSTITUTION_STAFF, False),
    (Mode.SELF_STUDY, UserRole.CITY_ADMIN, False),
])
def test_degree_courses_and_achievements_are_recognised_by_the_county(mode, by, ok):
    found = moved(move(project(mode=mode), by))
    assert set(found) == {RECOGNITION}  # no grade asked: §四(二) is a training's assessment
    clause = P.DEGREE_RECOGNITION_CLAUSE if mode == Mode.DEGREE else P.SELF_STUDY_RECOGNITION_CLAUSE
    assert found[RECOGNITION].ok is ok and found[RECOGNITION].source == f"{DOC} §{clause}"
    english(found[RECOGNITION].message)


def test_withdrawing_is_not_guarded():
    assert REGION.move_findings(move(project(), UserRole.TEACHER, target="withdrawn")) == []


# The enrollment workflow ------------------------------------------------------------------------------

def test_the_enrollment_workflow_is_select_then_assess():
    wf = REGION.enrollment_workflow()
    assert wf is ENROLLMENT_WORKFLOW and wf.initial == "enrolled"
    completions = [t for t in wf.transitions if t.target == COMPLETED]
    assert {t.actor for t in completions} == set(ASSESSORS) == {UserRole.INSTITUTION_STAFF, *LEVEL_ASSESSORS.values()}
    assert RECOGNISER in ASSESSORS
    assert all(t.asks == (RESULT,) and t.source == "enrolled" for t in completions)
    assert wf.transition("enrolled", "withdrawn", frozenset({UserRole.TEACHER}))
    assert wf.state(COMPLETED).final and wf.state(COMPLETED).holds_seat and wf.state("enrolled").holds_seat
    assert not wf.state("withdrawn").holds_seat
    assert set(LEVEL_ASSESSORS) == set(Level)


def test_what_the_document_does_not_set_is_left_to_the_core():
    """No project review, calendar, project or enrollment fields: the document has none."""
    assert REGION.project_review(project()).role is None
    assert REGION.selection_calendar(date(2025, 9, 1)) == ()
    assert REGION.project_form() is None and REGION.enrollment_form() is None
    assert REGION.project_required() == frozenset()


def test_every_citation_resolves_to_its_words():
    sources = {ENROLLMENT_WORKFLOW.source}
    for s in (selection(probation_project(FIRST_DAY, LAST_DAY)), selection(project(date(2025, 12, 1), LAST_DAY))):
        sources |= {f.source for f in REGION.selection_findings(s)}
    for m in (move(project(), UserRole.SCHOOL_ADMIN), move(project(mode=Mode.DEGREE), RECOGNISER),
              move(project(mode=Mode.SELF_STUDY), RECOGNISER)):
        sources |= {f.source for f in REGION.move_findings(m)}
    resolved = [r for s in sources for r in REGION.library.resolve(s)]
    assert len(sources) >= 8 and all(r.document is not None and r.location.exact for r in resolved)


# The probation year's hours against §三(二): the compliance page (portal_check_compliance) --------------

def hours(day, amount, category) -> Record:
    return Record(date=day, amount=D(amount), unit=Unit.HOUR, category=category)


def probation(records, as_of=date(2026, 9, 15), teacher=NEW) -> dict:
    return {f.code: f for f in REGION.check(teacher, records, as_of).findings if f.code.startswith("probation_")}


@pytest.mark.parametrize("day,counted", [
    (date(2025, 8, 31), False),   # the day before entering post
    (FIRST_DAY, True),
    (LAST_DAY, True),
    (date(2026, 9, 1), False),    # the day after probation: not the first year's training
])
def test_probation_hours_count_from_the_first_to_the_last_day_of_probation(day, counted):
    found = probation([hours(day, 60, "probation_centralized"), hours(day, 60, "probation_school_online")])
    expected = D(60) if counted else D(0)
    assert found["probation_centralized"].actual == found["probation_school_online"].actual == expected
    assert found["probation_total"].actual == 2 * expected and found["probation_total"].ok is counted
    assert all(f.deadline == LAST_DAY and f.unit == Unit.HOUR for f in found.values())


@pytest.mark.parametrize("centralized,school_online,ok", [
    (60, 60, {"probation_centralized": True, "probation_school_online": True, "probation_total": True}),
    (59, 61, {"probation_centralized": False, "probation_school_online": True, "probation_total": True}),
    (120, 0, {"probation_centralized": True, "probation_school_online": False, "probation_total": True}),
    (60, 59, {"probation_centralized": True, "probation_school_online": False, "probation_total": False}),
])
def test_probation_hours_against_60_centralized_and_60_school_based_and_online(centralized, school_online, ok):
    found = probation([hours(date(2025, 9, 19), centralized, "probation_centralized"),
                       hours(date(2025, 12, 31), school_online, "probation_school_online")], as_of=date(2026, 1, 5))
    assert {code: f.ok for code, f in found.items()} == ok
    assert {code: f.required for code, f in found.items()} == {
        "probation_centralized": D(60), "probation_school_online": D(60), "probation_total": D(120)}
    # each cites the sentence holding its figure (其中集中培训不少于60学时 / 校本培训与网络研修不少于60学时 / 120)
    assert {code: f.source for code, f in found.items()} == {
        "probation_centralized": f"{DOC} §{P.PROBATION_CENTRALIZED_CLAUSE}",
        "probation_school_online": f"{DOC} §{P.PROBATION_SCHOOL_ONLINE_CLAUSE}",
        "probation_total": f"{DOC} §{P.PROBATION_CLAUSE}"}


@pytest.mark.parametrize("again, by, ok", [
    ("school_withdrawn", UserRole.TEACHER, False),  # not the teacher's choice to undo
    ("school_withdrawn", UserRole.SCHOOL_ADMIN, True),  # the school submits them again
    ("withdrawn", UserRole.TEACHER, None),  # their own withdrawal: their choice again (§二(二))
])
def test_who_withdrew_decides_whether_the_teacher_may_select_again(again, by, ok):
    from dataclasses import replace

    from plugins.shanxi.enrollment import SCHOOL_WITHDRAWAL
    found = findings(replace(selection(project(), VETERAN, by=by), again=again))
    if ok is None:
        assert SCHOOL_WITHDRAWAL not in found
    else:
        assert found[SCHOOL_WITHDRAWAL].ok is ok and found[SCHOOL_WITHDRAWAL].source == f"{DOC} §{P.SELF_SELECTION_CLAUSE}"
        english(found[SCHOOL_WITHDRAWAL].message)


def test_a_teacher_past_the_first_year_reads_that_it_has_ended_not_when_to_take_the_training():
    """A veteran browsing the catalog (the shanxi demo's 李晓红, in post since 2009, at 375 px) read
    under the probation training 新任教师试用期培训须在第一学年内参加：本项目 2027-01-22 至 2027-01-26，
    第一学年 2009-09-01 至 2010-08-31, as if told when to take it: the training is for new teachers
    in their first school year (§三(二)), and theirs ended long ago."""
    f = findings(selection(probation_project(date(2025, 9, 10), date(2025, 9, 19)), VETERAN))[PROBATION_YEAR]
    said = str(f.message)
    assert not f.ok and "只面向第一学年内的新任教师" in said and "第一学年 2005-09-01 至 2006-08-31 已结束" in said, said
    assert "须在第一学年内参加" not in said and "本项目" not in said, said
    assert "has ended" in english(f.message)
    # a new teacher whose training falls after their first year still reads when that year is
    late = findings(selection(probation_project(date(2026, 8, 25), date(2026, 9, 1))))[PROBATION_YEAR]
    assert not late.ok and "须在第一学年内参加" in str(late.message)
