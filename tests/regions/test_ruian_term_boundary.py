"""Ruian's notes and round 2 at a term's edges (portal_enrollment_notes, §四(二), §附件 第3项、第4项).

- A training spanning two terms (12月20日 to 1月10日), rechecked: its training-notice note stood on
  31 December and was gone on 1 January, while the training ran, as the region's calendar holds
  no phase after the term's last day (2019-12-31). The term holding the training's first day dates it.
- A training starting after the calendar's last phase (a later term's) was told its notice had gone
  out in this term's recheck (2019-09-19 至 2019-09-22): the notice of 第3项 goes out before
  第4项's trainings (9月23日—12月31日), not a later term's.
- A bureau's term running across the new year (round 1 in December, round 2 in January): a teacher
  with an approved December round-1 choice was refused round 2 as having none (第一轮未选课), and her
  rejected choice said she could not take part, the term being read as the calendar half-year.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import plugins.ruian as ruian
from plugins.ruian import enrollment, parameters as P
from portal.domain import Level, Mode, Move, PastSelection, ProjectFacts, SchoolStage, Selection, TeacherFacts, UserRole
from portal.domain.selection import PREREQUISITE

TEACHER = TeacherFacts(layer="骨干教师", stages=(SchoolStage.PRIMARY,))
ANNEX = tuple(ruian.portal_selection_calendar(on=date(2019, 9, 1)))
SENT = "按进程表，培训通知已在“培训机构受理复核、发放培训通知”时（2019-09-19 至 2019-09-22）发放"


def project(start: date, end: date) -> ProjectFacts:
    return ProjectFacts(name="小学骨干教师分层分类培训", level=Level.COUNTY, mode=Mode.CENTRALIZED, start=start, end=end,
                        hours=Decimal(90), id=7, base_credits=Decimal(90))


def selection(day: date, start: date, end: date, in_force=(), others=()) -> Selection:
    phases = tuple(p for p in (in_force or ANNEX) if p.open_on(day))
    return Selection(project(start, end), TEACHER, datetime.combine(day, time(9)), UserRole.TEACHER, ("语文",), phases,
                     calendar=in_force, others=others)


def notes(day: date, start: date, end: date, state="confirmed", in_force=(), others=()) -> list[str]:
    move = Move(selection(day, start, end, in_force, others), state, state, UserRole.TEACHER, P.ROUND1, None)
    return [str(f.message) for f in ruian.portal_enrollment_notes(move=move)]


def test_a_training_spanning_two_terms_keeps_its_notice_note_after_the_terms_last_day():
    start, end = date(2019, 12, 20), date(2020, 1, 10)
    assert any(SENT in n for n in notes(date(2019, 12, 31), start, end))
    for day in (date(2020, 1, 1), date(2020, 1, 9)):  # no calendar in force on these days
        assert enrollment.calendar(day) == ()
        assert any(SENT in n for n in notes(day, start, end)), day


def test_a_training_of_a_later_term_is_not_told_of_this_terms_notice():
    later = (date(2020, 3, 2), date(2020, 3, 10))
    for day in (date(2019, 9, 20), date(2019, 12, 31)):
        assert notes(day, *later) == [], day
        assert notes(day, *later, in_force=ANNEX) == [], day
    # the term's own last training day still is
    assert any(SENT in n for n in notes(date(2019, 12, 31), date(2019, 12, 31), date(2019, 12, 31)))


def test_round_2_in_january_counts_the_decembers_round_1_choice():
    across = tuple(replace(p, start=p.start + timedelta(days=110), end=p.end + timedelta(days=110)) for p in ANNEX)
    round1 = next(p for p in across if p.kind == P.ROUND1)
    round2 = next(p for p in across if p.kind == P.ROUND2)
    assert round1.start.year == 2019 and round2.start.year == 2020
    approved = (PastSelection(3, "school_approved", P.ROUND1, datetime.combine(round1.start, time(9))),)
    found = [f for f in ruian.portal_selection_findings(
        selection=selection(round2.start, date(2020, 2, 1), date(2020, 2, 5), across, approved)) if f.code == PREREQUISITE]
    assert found and found[0].ok, found
    said = notes(round2.start, date(2020, 2, 1), date(2020, 2, 5), "school_rejected", across, approved)
    assert any("仍可参加第二轮补报选课" in n for n in said), said
    # a round-1 choice of the previous term (its own calendar, not this one) still lets nobody in
    older = (PastSelection(3, "school_approved", P.ROUND1, datetime(2019, 4, 10, 9)),)
    found = [f for f in ruian.portal_selection_findings(
        selection=selection(round2.start, date(2020, 2, 1), date(2020, 2, 5), across, older)) if f.code == PREREQUISITE]
    assert found and not found[0].ok


def test_a_choice_of_an_earlier_term_in_the_same_half_year_keeps_round_2_closed():
    """A term of the bureau's running from October to January: a teacher whose December round-1
    choice was rejected, and whose only other round-1 choice was August's (the notice's own round 1,
    another term), read that round 2 was still open to her (the half-year held both days), and in
    January round 2 refused her (the years differ). A day outside the calendar in force, the other
    in it, is of another term."""
    across = tuple(replace(p, start=p.start + timedelta(days=110), end=p.end + timedelta(days=110)) for p in ANNEX)
    round1 = next(p for p in across if p.kind == P.ROUND1)
    round2 = next(p for p in across if p.kind == P.ROUND2)
    august = next(p for p in ANNEX if p.kind == P.ROUND1).start
    assert august.year == round1.start.year and august.month > 6 and august < min(p.start for p in across)
    older = (PastSelection(3, "school_approved", P.ROUND1, datetime.combine(august, time(9))),)
    day = round1.end + timedelta(days=1)  # round 1 closed, round 2 ahead
    said = notes(day, date(2020, 2, 1), date(2020, 2, 5), "school_rejected", across, older)
    assert not any("仍可参加第二轮补报选课" in n for n in said), said
    assert any("不能参加第二轮补报选课" in n for n in said), said
    found = [f for f in ruian.portal_selection_findings(
        selection=selection(round2.start, date(2020, 2, 1), date(2020, 2, 5), across, older)) if f.code == PREREQUISITE]
    assert found and not found[0].ok
    assert not enrollment.same_term(august, day, across) and enrollment.same_term(august, date(2019, 12, 1))
