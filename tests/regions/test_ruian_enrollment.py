"""Ruian's course selection (§二, §四(二), §附件 进程表): the calendar, the selection findings and
the workflow moves' windows, built as the core will hand them to the hooks."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, time
from decimal import Decimal

import pytest

import plugins.ruian as ruian
from plugins.ruian import enrollment, parameters as P
from portal.domain import (
    Level, Mode, Move, PastSelection, ProjectFacts, ProjectStep, SchoolStage, Selection, TeacherFacts, UserRole,
)
from portal.domain.selection import (
    DECIDE_CLASSES, DECLARE, LAYER, PREREQUISITE, REQUEST_CLASSES, REVIEW, STAGE, SUBJECT, WINDOW, refused,
)
from portal.domain.parameters import applied
from portal.domain.text import using
from portal.plugins import Region

DOC = "ruian-2019h2-course-selection.txt"
ROUND2_CLAUSE = f"{DOC} §四(二)（凡第一轮未选课或第一轮虽选课但学校审核为不通过的教师，不能参加第二轮补报选课）"
CJK = re.compile(r"[\u4e00-\u9fff]")
D = Decimal
TEACHER = TeacherFacts(layer="骨干教师", stages=(SchoolStage.PRIMARY,))


def region() -> Region:
    return Region.load("ruian", {"ruian": ruian})


def open_on(day: date):
    return tuple(p for p in ruian.portal_selection_calendar(on=day) if p.open_on(day))


def project(base="90", **more) -> ProjectFacts:
    return ProjectFacts(name="小学骨干教师分层分类培训", level=Level.COUNTY, mode=Mode.CENTRALIZED,
                        start=date(2019, 10, 8), end=date(2019, 10, 17), hours=D(base), id=7,
                        base_credits=D(base), **more)


def selection(day: date, others=(), by=UserRole.TEACHER, teacher=TEACHER, teaches=("语文",), **more) -> Selection:
    return Selection(project(**more), teacher, datetime.combine(day, time(9)), by, teaches, open_on(day),
                     others=others)


def past(state: str, phase=P.ROUND1, at=date(2019, 8, 27), project_id=3) -> PastSelection:
    return PastSelection(project_id, state, phase, datetime.combine(at, time(20)))


def finding(findings, code):
    (found,) = [f for f in findings if f.code == code]
    return found


APPROVED_IN_ROUND1 = (past("school_approved"),)


# The calendar: the annex for the 2019 second-half term --------------------------------------


def round_2_opens_today(app) -> None:
    """The bureau's kept calendar moved on, every phase by as much, until round 2 opens today."""
    from portal import clock
    from portal.extensions import db
    from portal.services import calendar as calendar_service

    with app.app_context():
        phases = calendar_service.kept()
        shift = clock.today() - next(p for p in phases if p.kind == P.ROUND2).start
        calendar_service.keep(None, [replace(p, start=p.start + shift, end=p.end + shift) for p in phases])
        db.session.commit()


def test_the_calendar_of_a_2019_date_is_the_annex():
    phases = region().selection_calendar(date(2019, 9, 1))
    assert [p.kind for p in phases] == [
        "teacher_data_update", "project_declaration", "project_review", "project_publication", "browsing",
        "round1_selection", "round1_school_review", "class_expansion_request", "class_expansion_decision",
        "round1_institution_recheck", "round2_selection", "round2_school_review", "round2_institution_recheck",
        "training",
    ]
    round1 = phases[5]
    assert (round1.start, round1.end, round1.actors, round1.source) == (
        date(2019, 8, 26), date(2019, 9, 5), (UserRole.TEACHER,), f"{DOC} §四(二)")
    assert str(round1.label) == "教师第一轮选课"
    with using("en"):
        assert not any(CJK.search(str(p.label)) for p in phases)


@pytest.mark.parametrize("day, held", [
    (date(2019, 6, 16), False), (date(2019, 6, 17), True), (date(2019, 12, 31), True), (date(2020, 1, 1), False),
    (date(2026, 9, 1), False),  # the notice dates 2019's second half only: the bureau enters other terms
])
def test_the_calendar_holds_the_annex_term_only(day, held):
    assert (ruian.portal_selection_calendar(on=day) == P.PHASES_2019H2) is held
    assert held or ruian.portal_selection_calendar(on=day) == ()


@pytest.mark.parametrize(
    "day, kinds",
    [
        (date(2019, 6, 17), {"teacher_data_update", "project_declaration"}),
        (date(2019, 7, 12), {"teacher_data_update", "project_publication"}),
        (date(2019, 8, 25), {"teacher_data_update", "browsing"}),
        (date(2019, 9, 1), {"teacher_data_update", "round1_selection", "round1_school_review"}),
        (date(2019, 9, 6), {"round1_school_review"}),
        (date(2019, 9, 11), {"class_expansion_request", "class_expansion_decision"}),
        (date(2019, 9, 13), {"round1_institution_recheck"}),
        (date(2019, 9, 17), {"round2_selection", "round2_school_review"}),
        (date(2019, 9, 22), {"round2_institution_recheck"}),
        (date(2019, 12, 31), {"training"}),
    ],
)
def test_phases_open_on_a_day(day, kinds):
    assert {p.kind for p in open_on(day)} == kinds


# Selection: the window of the two rounds (§四(二)) ---------------------------------------------


@pytest.mark.parametrize("day, ok, until", [
    (date(2019, 8, 25), False, None),  # the menu may be browsed, not yet chosen from
    (date(2019, 8, 26), True, date(2019, 9, 5)),  # round 1: first day
    (date(2019, 9, 5), True, date(2019, 9, 5)),  # round 1: last day
    (date(2019, 9, 6), False, None),
    (date(2019, 9, 13), False, None),  # the institution's recheck
    (date(2019, 9, 14), True, date(2019, 9, 17)),  # round 2: first day
    (date(2019, 9, 17), True, date(2019, 9, 17)),  # round 2: last day
    (date(2019, 9, 18), False, None),
    (date(2020, 9, 1), False, None),  # no calendar entered for the term
])
def test_selection_only_while_a_round_is_open(day, ok, until):
    findings = ruian.portal_selection_findings(selection=selection(day, APPROVED_IN_ROUND1))
    window = finding(findings, WINDOW)
    assert (window.ok, window.deadline, window.source) == (ok, until, f"{DOC} §四(二)（教师自主选课分两轮进行）")
    assert (not refused(findings)) is ok


@pytest.mark.parametrize("day, words", [
    (date(2019, 8, 25), "教师第一轮选课为 2019-08-26 至 2019-09-05"),
    (date(2019, 9, 10), "教师第二轮选课为 2019-09-14 至 2019-09-17"),
    (date(2019, 9, 18), "本期选课已结束"),
])
def test_outside_the_rounds_the_teacher_reads_when_the_next_opens_or_that_they_are_over(day, words):
    calendar = ruian.portal_selection_calendar(on=day)
    chosen = Selection(project(), TEACHER, datetime.combine(day, time(9)), UserRole.TEACHER, ("语文",),
                       open_on(day), others=APPROVED_IN_ROUND1, calendar=calendar)
    window = finding(ruian.portal_selection_findings(selection=chosen), WINDOW)
    assert not window.ok and words in str(window.message), str(window.message)


def test_the_teacher_selects_for_themselves():
    for by in (UserRole.SCHOOL_ADMIN, UserRole.PRINCIPAL):
        f = finding(enrollment.selection_findings(selection(date(2019, 8, 26), by=by)), enrollment.BY_TEACHER)
        assert not f.ok and "教师本人自主选课" in f.message and f.source == f"{DOC} §四(二)（教师自主选课与审核）"
    assert finding(enrollment.selection_findings(selection(date(2019, 8, 26))), enrollment.BY_TEACHER).ok


# Round 2: only for a teacher whose round-1 choice the school did not reject -----------------


@pytest.mark.parametrize("others, ok, words", [
    ((), False, "第一轮未选课"),
    ((past("school_rejected"),), False, "学校审核不通过"),
    ((past("school_approved"),), True, "学校审核通过"),
    ((past("confirmed"),), True, "学校审核通过"),
    ((past("not_admitted"),), True, "学校审核通过"),  # the school approved; the class was full
    ((past("selected"),), True, "学校未审核为不通过"),  # its review window may have passed: only a rejection bars
    ((past("school_rejected"), past("school_approved", project_id=4)), True, "1 项学校审核通过或尚未审核（另有 1 项不通过）"),
    ((past("school_approved", phase=P.ROUND2, at=date(2019, 9, 14)),), False, "第一轮未选课"),  # round 2's own
    ((past("school_approved", at=date(2019, 3, 4)),), False, "第一轮未选课"),  # the first half-year's round 1
    # a round-1 choice the teacher withdrew is no choice (§四(二) 第一轮未选课)
    ((past("withdrawn"),), False, "第一轮未选课"),
    ((past("withdrawn"), past("school_rejected", project_id=4)), False, "学校审核不通过"),
    ((past("withdrawn"), past("school_approved", project_id=4)), True, "学校审核通过"),
    ((past("school_approved", at=date(2019, 9, 5)),), True, "学校审核通过"),  # chosen on round 1's last day
])
def test_round_two(others, ok, words):
    findings = ruian.portal_selection_findings(selection=selection(date(2019, 9, 15), others))
    f = finding(findings, PREREQUISITE)
    assert (f.ok, f.source) == (ok, ROUND2_CLAUSE) and words in f.message
    assert ("本学期无法补救" in f.message) is not ok
    assert [r.code for r in refused(findings)] == ([] if ok else [PREREQUISITE])


@pytest.mark.parametrize("others, ok", [((), False), ((past("school_rejected"),), False), (APPROVED_IN_ROUND1, True),
                                         ((past("selected"),), True)])
def test_between_the_rounds_round_2s_condition_is_said_already(others, ok):
    """Phone trial: between round 1 (ended 9月5日) and round 2 (from 9月14日) a new teacher with no
    round-1 choice read, of the trainings that would help her, only 教师第二轮选课为 2019-09-14 至
    2019-09-17, and round 2 then refused her: §四(二) is known already, and said with its clause."""
    day = date(2019, 9, 10)
    chosen = Selection(project(), TEACHER, datetime.combine(day, time(9)), UserRole.TEACHER, ("语文",),
                       open_on(day), others=others, calendar=ruian.portal_selection_calendar(on=day))
    findings = ruian.portal_selection_findings(selection=chosen)
    f = finding(findings, PREREQUISITE)
    assert (f.ok, f.source) == (ok, ROUND2_CLAUSE)
    assert ("不能参加第二轮补报选课" in f.message) is not ok
    # the first refusal (all a teacher's duties page says) is the one nothing lifts, not round 2's dates
    assert refused(findings)[0].code == (WINDOW if ok else PREREQUISITE)


def test_round_one_asks_for_no_earlier_choice():
    assert not any(f.code == PREREQUISITE for f in enrollment.selection_findings(selection(date(2019, 8, 26))))


# Layer, stage and subject (§二): a school's matter, never a refusal ----------------------------


def test_a_layer_mismatch_on_a_90_credit_project_is_said_not_refused():
    findings = enrollment.selection_findings(selection(date(2019, 8, 26), layer="新教师"))
    f = finding(findings, LAYER)
    assert f.ok and not refused(findings)
    assert "不同" in f.message and "75%" in f.message and "不影响" in f.message
    assert f.source == f"{DOC} §二（教师参加90学分及以上项目，按分层分类匹配率须达到75%及以上）"
    with using("en"):
        assert not CJK.search(str(f.message))


def test_layer_match_and_unknown_layer():
    assert "一致" in finding(enrollment.selection_findings(selection(date(2019, 8, 26), layer="骨干教师")), LAYER).message
    unknown = selection(date(2019, 8, 26), teacher=TeacherFacts(), layer="骨干教师")
    assert "未登记" in finding(enrollment.selection_findings(unknown), LAYER).message


def test_a_90_credit_project_naming_no_layer_is_said_to_count_against_the_rate():
    """§二 教师参加90学分及以上项目: the school's rate counts this choice and it matches nobody."""
    findings = enrollment.selection_findings(selection(date(2019, 8, 26), layer=None))
    f = finding(findings, LAYER)
    assert f.ok and not refused(findings)
    assert "未注明" in f.message and "不算匹配" in f.message and "75%" in f.message
    with using("en"):
        assert not CJK.search(str(f.message))


def test_the_layer_is_judged_for_90_credit_projects_only():
    below = selection(date(2019, 8, 26), base="89", layer="新教师")
    assert not any(f.code == LAYER for f in enrollment.selection_findings(below))


def test_stage_and_subject_mismatches_are_said_not_refused():
    other = selection(date(2019, 8, 26), stages=(SchoolStage.JUNIOR_HIGH,), subjects=("数学",))
    findings = enrollment.selection_findings(other)
    assert not refused(findings)
    assert "学段" in finding(findings, STAGE).message and "学科" in finding(findings, SUBJECT).message
    assert finding(findings, STAGE).source == f"{DOC} §二（是根据教师的层次、类别、学科、学段等因素设定的）"
    same = enrollment.selection_findings(selection(date(2019, 8, 26), stages=(SchoolStage.PRIMARY,),
                                                   subjects=("语文",)))
    assert "不同" not in str(finding(same, STAGE).message) + str(finding(same, SUBJECT).message)
    assert not any(f.code in (STAGE, SUBJECT) for f in enrollment.selection_findings(selection(date(2019, 8, 26))))


# The workflow's moves: the school's review and the institution's recheck in their phases -----


def move(day: date, state: str, target: str, by: UserRole) -> Move:
    return Move(selection(day, APPROVED_IN_ROUND1), state, target, by)


@pytest.mark.parametrize("day, ok", [
    (date(2019, 8, 31), False), (date(2019, 9, 1), True), (date(2019, 9, 9), True), (date(2019, 9, 10), False),
    (date(2019, 9, 14), False), (date(2019, 9, 15), True), (date(2019, 9, 18), True), (date(2019, 9, 19), False),
])
@pytest.mark.parametrize("target, by", [
    ("school_approved", UserRole.PRINCIPAL), ("school_rejected", UserRole.PRINCIPAL),
    ("school_approved", UserRole.SCHOOL_ADMIN),
])
def test_the_school_reviews_within_its_phase(day, ok, target, by):
    (f,) = ruian.portal_move_findings(move=move(day, "selected", target, by))
    assert (f.code, f.ok) == (enrollment.SCHOOL_REVIEW_WINDOW, ok)
    assert f.source.startswith(f"{DOC} §附件 第3项")
    assert ok or "审核时间" in f.message
    # a choice made in no round: refused for good once round 2's review, the last, has passed
    assert f.never is (day > date(2019, 9, 18))


@pytest.mark.parametrize("day, ok", [
    (date(2019, 9, 12), False), (date(2019, 9, 13), True), (date(2019, 9, 14), False),
    (date(2019, 9, 18), False), (date(2019, 9, 19), True), (date(2019, 9, 22), True), (date(2019, 9, 23), False),
])
def test_the_institution_rechecks_within_its_phase(day, ok):
    for target in ("confirmed", "not_admitted"):
        f = finding(enrollment.move_findings(move(day, "school_approved", target, UserRole.INSTITUTION_STAFF)),
                    enrollment.RECHECK_WINDOW)
        assert (f.code, f.ok) == (enrollment.RECHECK_WINDOW, ok)
        # dated while open (its end), and once the last recheck is over (the day it closed: the
        # teacher's card says it passed and what now); not while it is still ahead
        assert (f.deadline is not None) is (ok or day > date(2019, 9, 22))
        assert f.never is (day > date(2019, 9, 22))  # the last recheck over: never, not "not yet"


def round_move(day: date, state: str, phase: str, calendar=None) -> Move:
    """A choice made in ``phase``, moved on ``day``, with the calendar in force as the core gives it."""
    sel = replace(selection(day, APPROVED_IN_ROUND1),
                  calendar=ruian.portal_selection_calendar(on=day) if calendar is None else calendar)
    return Move(sel, state, "x", UserRole.PRINCIPAL, phase)


REVIEW_1 = f"{DOC} §附件 第3项（校长对第一轮选课进行审核）"
REVIEW_2 = f"{DOC} §附件 第3项（校长对第二轮选课进行审核）"


@pytest.mark.parametrize("day, phase, ok, never, source, words", [
    (date(2019, 9, 1), P.ROUND1, True, False, REVIEW_1, "截至 2019-09-09"),
    (date(2019, 9, 9), P.ROUND1, True, False, REVIEW_1, "截至 2019-09-09"),
    # round 2's review is open, but a round-1 choice was due for review by 9/9: it never will be now
    (date(2019, 9, 15), P.ROUND1, False, True, REVIEW_1,
     "第一轮所选课程的审核时间“校长对第一轮选课进行审核”（2019-09-01 至 2019-09-09）已过，学校未审核，不能再审核"),
    (date(2019, 9, 18), P.ROUND1, False, True, REVIEW_1, "2019-09-01 至 2019-09-09"),
    (date(2019, 9, 15), P.ROUND2, True, False, REVIEW_2, "截至 2019-09-18"),
    # before its window: not yet, saying the day it opens, in words the waiting teacher reads too
    (date(2019, 9, 9), P.ROUND2, False, False, REVIEW_2,
     "第二轮所选课程由学校在“校长对第二轮选课进行审核”的时间（2019-09-15 至 2019-09-18）内审核，2019-09-15 起开始审核"),
])
def test_a_choice_is_reviewed_in_its_own_rounds_window(day, phase, ok, never, source, words):
    """§附件 第3项: 校长对第一轮选课进行审核 9/1—9/9, 对第二轮 9/15—9/18."""
    f = ruian.portal_move_findings(move=round_move(day, "selected", phase))[0]
    assert (f.code, f.ok, f.never, f.source) == (enrollment.SCHOOL_REVIEW_WINDOW, ok, never, source)
    assert words in str(f.message)


@pytest.mark.parametrize("day, phase, ok, never, words", [
    (date(2019, 9, 13), P.ROUND1, True, False, "截至 2019-09-13"),
    # a window of one day (培训机构受理复核 9/13) is that day, not "2019-09-13 至 2019-09-13"
    (date(2019, 9, 20), P.ROUND1, False, True, "复核时间“培训机构受理复核”（2019-09-13 当天）已过"),
    # what now: no notice for it, and round 2 (ahead or open) lets the teacher choose again
    (date(2019, 9, 14), P.ROUND1, False, True, "教师仍可在第二轮选课（2019-09-14 至 2019-09-17）另选课程"),
    (date(2019, 9, 20), P.ROUND1, False, True, "本课程本学期不会再发放培训通知，如有疑问请与学校或培训机构联系"),
    (date(2019, 9, 20), P.ROUND2, True, False, "截至 2019-09-22"),
    (date(2019, 9, 13), P.ROUND2, False, False, "2019-09-19 至 2019-09-22）内复核，2019-09-19 起开始复核"),
])
def test_a_choice_is_rechecked_in_its_own_rounds_window(day, phase, ok, never, words):
    f = finding(enrollment.move_findings(round_move(day, "school_approved", phase)), enrollment.RECHECK_WINDOW)
    assert (f.code, f.ok, f.never) == (enrollment.RECHECK_WINDOW, ok, never) and words in str(f.message)


def test_a_window_of_one_day_is_named_by_that_day_in_either_language():
    """§附件 第3项 gives the institutions' round-1 recheck one day (9月13日): the message names
    the day once, "（2019-09-13 当天）" / "(2019-09-13 only)", as the core words every window
    (``portal.domain.calendar.window``), never "2019-09-13 至 2019-09-13"."""
    f = finding(enrollment.move_findings(round_move(date(2019, 9, 20), "school_approved", P.ROUND1)),
                enrollment.RECHECK_WINDOW)
    assert "（2019-09-13 当天）" in str(f.message) and "至 2019-09-13" not in str(f.message)
    with using("en"):
        assert "(2019-09-13 only)" in str(f.message) and not CJK.search(str(f.message)), f.message
    one_day = tuple(replace(p, start=date(2019, 9, 20), end=date(2019, 9, 20)) if p.kind == P.ROUND2 else p
                    for p in ruian.portal_selection_calendar(on=date(2019, 9, 14)))
    f = finding(enrollment.move_findings(round_move(date(2019, 9, 14), "school_approved", P.ROUND1, one_day)),
                enrollment.RECHECK_WINDOW)
    assert "第二轮选课（2019-09-20 当天）另选课程" in str(f.message), f.message
    with using("en"):
        assert "round 2 (2019-09-20 only)" in str(f.message), f.message


def test_the_window_named_is_the_bureaus_when_it_moved_the_dates():
    moved = tuple(replace(p, start=date(2019, 9, 2), end=date(2019, 9, 10)) if p.kind == P.SCHOOL_REVIEWS[0] else p
                  for p in ruian.portal_selection_calendar(on=date(2019, 9, 1)))
    (f,) = enrollment.move_findings(round_move(date(2019, 9, 15), "selected", P.ROUND1, moved))
    assert not f.ok and "2019-09-02 至 2019-09-10" in str(f.message)
    with using("en"):
        assert not CJK.search(str(f.message)) and "2019-09-02" in str(f.message)


def test_completion_is_dated_by_no_calendar_phase_but_waits_for_the_training_to_end():
    # the project of ``move`` runs 2019-10-08 to 2019-10-17; 结业 on its last day or after
    for day, ok in ((date(2019, 10, 16), False), (date(2019, 10, 17), True), (date(2020, 1, 10), True)):
        found = finding(enrollment.move_findings(move(day, "confirmed", "completed", UserRole.INSTITUTION_STAFF)),
                        "completion_after_end")
        # no clause of the notice says when a result is recorded: the core's rule, uncited
        assert found.ok is ok and found.source == ""


def test_move_findings_read_in_english():
    for day in (date(2019, 9, 1), date(2019, 9, 10)):
        for state in ("selected", "school_approved"):
            for f in enrollment.move_findings(move(day, state, "x", UserRole.PRINCIPAL)):
                with using("en"):
                    assert not CJK.search(str(f.message))


# Projects: who reviews them, what they must declare -----------------------------------------


def test_the_bureau_reviews_declared_projects():
    review = region().project_review(project())
    assert review.role is UserRole.CITY_ADMIN and review.source == f"{DOC} §附件 第2项（完成培训项目审核）"


def test_a_project_declares_its_base_credits():
    assert region().project_required() == frozenset({"base_credits"})
    assert region().project_form() is None and region().enrollment_form() is None


def test_every_clause_resolves():
    library = region().library
    sources = [enrollment.SELF_SELECTION_CLAUSE, enrollment.ROUNDS_CLAUSE, enrollment.ROUND2_CLAUSE,
               enrollment.STRUCTURE_CLAUSE, enrollment.SCHOOL_REVIEW_CLAUSE, enrollment.RECHECK_CLAUSE,
               enrollment.PROJECT_REVIEW_CLAUSE,
               *(source for _kind, source in (*enrollment.ROUND_REVIEWS.values(), *enrollment.ROUND_RECHECKS.values()))]
    for source in sources:
        for resolved in library.resolve(source):
            assert resolved.document is not None and resolved.location.exact and resolved.location.phrase, source


def test_selection_findings_read_in_english():
    cases = [selection(date(2019, 9, 15), others, by=by, layer=layer, stages=(SchoolStage.JUNIOR_HIGH,),
                       subjects=subjects)
             for others in ((), (past("school_rejected"),), (past("selected"),), APPROVED_IN_ROUND1)
             for by in (UserRole.TEACHER, UserRole.SCHOOL_ADMIN)
             for layer, subjects in (("新教师", ("数学",)), ("骨干教师", ("语文",)))]
    with using("en"):
        for case in cases:
            for f in enrollment.selection_findings(case):
                assert not CJK.search(str(f.message)), f.message


@pytest.mark.parametrize("action, day, ok", [
    (REQUEST_CLASSES, date(2019, 9, 9), False),
    (REQUEST_CLASSES, date(2019, 9, 10), True),  # the annex's two days of requests
    (REQUEST_CLASSES, date(2019, 9, 11), True),
    (REQUEST_CLASSES, date(2019, 9, 12), False),
    (DECIDE_CLASSES, date(2019, 9, 10), False),
    (DECIDE_CLASSES, date(2019, 9, 11), True),  # the bureaus decide on the 11th and 12th
    (DECIDE_CLASSES, date(2019, 9, 12), True),
    (DECIDE_CLASSES, date(2019, 9, 13), False),
])
def test_classes_are_asked_for_and_granted_only_in_their_phases(action, day, ok):
    step = ProjectStep(action, project(), UserRole.INSTITUTION_STAFF, datetime.combine(day, time(9)), open_on(day), 2)
    (finding,) = ruian.portal_project_findings(step=step)
    assert finding.ok is ok and "§附件 第3项" in finding.source


@pytest.mark.parametrize("action, day, ok", [
    (DECLARE, date(2019, 6, 16), False),
    (DECLARE, date(2019, 6, 17), True),  # 受理培训项目申报 2019年6月17日—6月28日 (§附件 第2项)
    (DECLARE, date(2019, 6, 28), True),
    (DECLARE, date(2019, 6, 29), False),
    (DECLARE, date(2019, 12, 1), False),  # the step was not guarded before: any day would do
    (REVIEW, date(2019, 6, 30), False),
    (REVIEW, date(2019, 7, 1), True),  # 完成培训项目审核 2019年7月1日—7月11日 (§附件 第2项)
    (REVIEW, date(2019, 7, 11), True),
    (REVIEW, date(2019, 7, 12), False),
])
def test_projects_are_declared_and_reviewed_only_in_their_windows(action, day, ok):
    by = UserRole.INSTITUTION_STAFF if action == DECLARE else UserRole.CITY_ADMIN
    step = ProjectStep(action, project(), by, datetime.combine(day, time(9)), open_on(day), None, P.PHASES_2019H2)
    (finding,) = ruian.portal_project_findings(step=step)
    assert finding.ok is ok
    what = "受理培训项目申报" if action == DECLARE else "完成培训项目审核"
    assert f"{DOC} §附件 第2项" in finding.source
    if not ok:  # the refusal cites the clause and says the window's dates
        assert finding.source == f"{DOC} §附件 第2项（{what}）"
        window = ("2019-06-17", "2019-06-28") if action == DECLARE else ("2019-07-01", "2019-07-11")
        message = str(finding.message)
        assert what in message and all(d in message for d in window), message


def test_a_term_without_the_window_refuses_the_step_saying_so():
    """Outside the 2019 second half the notice dates nothing: no window, no declaring."""
    day = date(2021, 3, 1)
    step = ProjectStep(DECLARE, project(), UserRole.INSTITUTION_STAFF, datetime.combine(day, time(9)), (), None, ())
    (finding,) = ruian.portal_project_findings(step=step)
    assert not finding.ok and "没有受理培训项目申报的时间" in str(finding.message)
    with using("en"):
        assert not CJK.search(str(finding.message)), finding.message


# A choice the school left unreviewed (setting late_school_review) ---------------------------


@pytest.mark.parametrize("day, by, code, ok, never, words", [
    # the school may still review it: not the bureau's, nor shown to it
    (date(2019, 9, 9), UserRole.CITY_ADMIN, "not_applicable", False, False, ""),
    # the school's window over, unreviewed: the bureau reviews it until round 1's recheck closes
    (date(2019, 9, 10), UserRole.CITY_ADMIN, enrollment.LATE_REVIEW_WINDOW, True, False, "由教育局补审，截至 2019-09-13"),
    (date(2019, 9, 13), UserRole.CITY_ADMIN, enrollment.LATE_REVIEW_WINDOW, True, False, "截至 2019-09-13"),
    (date(2019, 9, 14), UserRole.CITY_ADMIN, enrollment.LATE_REVIEW_WINDOW, False, True, "也已过"),
    # the zone's step is not the default's
    (date(2019, 9, 10), UserRole.DISTRICT_ADMIN, "not_applicable", False, False, ""),
])
def test_the_bureau_reviews_a_choice_the_school_left_unreviewed(day, by, code, ok, never, words):
    sel = replace(selection(day, APPROVED_IN_ROUND1), calendar=ruian.portal_selection_calendar(on=day))
    (f,) = enrollment.move_findings(Move(sel, "selected", "school_approved", by, P.ROUND1))
    assert (f.code, f.ok, f.never) == (code, ok, never) and words in str(f.message)
    assert f.settings == ("late_school_review",)


def test_the_passed_school_review_says_what_now_happens():
    day = date(2019, 9, 10)
    f = ruian.portal_move_findings(move=round_move(day, "selected", P.ROUND1))[0]
    assert f.never and f.deadline == date(2019, 9, 9)
    assert "学校未审核，不能再审核" in str(f.message) and "已转由教育局审核，截至 2019-09-13" in str(f.message)
    with applied({"late_school_review": "none"}):
        f = ruian.portal_move_findings(move=round_move(day, "selected", P.ROUND1))[0]
    assert "仍可在第二轮选课（2019-09-14 至 2019-09-17）补报选课" in str(f.message)


def test_a_choice_made_in_no_round_is_told_when_the_review_opens():
    (f,) = enrollment.move_findings(move(date(2019, 8, 31), "selected", "school_approved", UserRole.PRINCIPAL))
    assert not f.ok and not f.never and "“校长对第一轮选课进行审核”2019-09-01 起开始" in str(f.message)


@pytest.mark.parametrize("by, words", [
    (UserRole.TEACHER, "您的分层分类尚未登记"),
    (UserRole.SCHOOL_ADMIN, "教师未登记分层分类"),
])
def test_a_layer_not_recorded_is_told_to_the_teacher_as_theirs(by, words):
    """As qingdao's: the teacher selecting reads of her own layer, not of 教师 in the third person."""
    unknown = selection(date(2019, 8, 26), teacher=TeacherFacts(), layer="骨干教师", by=by)
    with using("zh_Hans_CN"):
        assert words in str(finding(enrollment.selection_findings(unknown), LAYER).message)
    matched = selection(date(2019, 8, 26), layer="骨干教师", by=by)
    with using("zh_Hans_CN"):
        assert ("与您的一致" in str(finding(enrollment.selection_findings(matched), LAYER).message)) is (
            by == UserRole.TEACHER)



def test_a_teacher_withdrawing_is_told_round_2_needs_a_round_1_choice_and_the_withdrawal_promises_nothing_after(make_app):
    """Phone trial: a teacher withdrew (退选) her only round-1 choice with nothing said of §四(二)
    (凡第一轮未选课…不能参加第二轮补报选课), and in round 2 the choice still read 已退选（本轮选课期间可重新选课）
    beside ✗第一轮未选课，不能参加第二轮补报选课. The step says it beforehand; the state promises no reselection."""
    from sqlalchemy import select as query

    from plugins.ruian import workflow as W
    from portal.extensions import db
    from portal.models import Enrollment
    from tests.support import signed_in

    app = make_app("ruian", demo=True)  # the demo's today is round 1's third day
    teacher = signed_in(app, "teacher")
    with app.app_context():  # the demo's menu: a training she has not chosen
        from portal.models import TrainingProject
        project_id = db.session.scalar(query(TrainingProject.id).where(TrainingProject.name.like("%初中数学大概念%")))
    assert teacher.post(f"/catalog/{project_id}/select").status_code in (302, 303)
    page = teacher.get("/me/enrollments").get_data(as_text=True)
    assert "退选" in page and "不能参加第二轮补报选课" in page.split("退选", 1)[1]
    with app.app_context():
        enrollment_id = db.session.scalar(query(Enrollment.id).where(Enrollment.project_id == project_id))
    moved = teacher.post(f"/enrollments/{enrollment_id}/moves",
                         data={"target": W.WITHDRAWN, "state": W.SELECTED, "next": "/me/enrollments"})
    assert moved.status_code in (302, 303)
    round_2_opens_today(app)  # the bureau's calendar moves on
    page = teacher.get(f"/catalog/{project_id}").get_data(as_text=True)
    assert "第一轮未选课，不能参加第二轮补报选课" in page
    assert "已退选" in page and "本轮选课期间可重新选课" not in page
