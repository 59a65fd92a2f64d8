"""The findings every region writes (``portal.domain.findings``): one rule for ``ok``, the
required figure and the deadline, and one code for each shared duty."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from portal.domain import Compliance, CycleProgress, Finding, Period, Unit, YearProgress
from portal.domain.findings import (
    CYCLE_TOTAL, YEARLY_MINIMUM, as_asked, cap, cycle_total, is_yearly_minimum, minimum, with_note, yearly_code,
    yearly_minimum,
)
from portal.domain.standing import _compliance, _compliance_data
from portal.domain.text import Messages, Text

_ = Messages("test", "tests")
CYCLE = Period(date(2023, 1, 1), date(2027, 12, 31))
SOURCE = "x.txt §2"


@pytest.mark.parametrize(("required", "actual", "ok", "shortfall"), [
    (D(3), D(3), True, None),  # reached exactly
    (D(3), D(2), False, D(1)),
    (None, D(0), True, None),  # nothing required of this teacher
])
def test_a_minimum_is_met_when_the_actual_figure_reaches_it(required, actual, ok, shortfall):
    found = minimum("trainings", required, actual, _("已参加 {n} 次", n=actual), SOURCE, CYCLE.end, unit=Unit.TIME,
                    settings=("partial_cycle",))
    assert (found.ok, found.shortfall, found.deadline, found.unit, found.cap) == (ok, shortfall, CYCLE.end, Unit.TIME,
                                                                               False)
    assert found.settings == ("partial_cycle",) and found.source == SOURCE


def test_a_cap_is_always_ok_and_never_short():
    found = cap("self_study_cap", D(20), D(26), _("按 20 学分计入"), SOURCE)
    assert (found.ok, found.cap, found.required, found.actual, found.shortfall, found.deadline) == (
        True, True, D(20), D(26), None, None)


@pytest.mark.parametrize(("required", "counted", "condition_ok", "ok", "finding_required"), [
    (D(360), D(360), True, True, D(360)),
    (D(360), D(360), False, False, D(360)),  # the total reached, a condition not: the cycle is not met
    (D(360), D(300), True, False, D(360)),
    (D(0), D(0), True, True, None),  # nothing asked of this teacher: no figure to reach
])
def test_the_cycle_total_answers_as_the_cycle_does(required, counted, condition_ok, ok, finding_required):
    condition = Finding("a_class_minimum", condition_ok, D(240), D(240) if condition_ok else D(200), "", SOURCE)
    progress = CycleProgress(CYCLE, required, counted, counted, (condition,))
    found = cycle_total(progress, _("本周期已计 {n}", n=counted), SOURCE, ("cycle_anchor_year",))
    assert found.code == CYCLE_TOTAL == "cycle_total"
    assert (found.ok, found.required, found.actual, found.deadline) == (ok, finding_required, counted, CYCLE.end)
    assert found.ok == progress.ok and found.settings == ("cycle_anchor_year",)


def test_a_yearly_minimum_under_the_shared_code_or_numbered_in_the_cycle():
    year = YearProgress(2025, D(48), D(40))
    found = yearly_minimum(year, _("2025 年已得 40 学分"), SOURCE, date(2025, 12, 31))
    assert (found.code, found.ok, found.required, found.actual, found.shortfall) == (
        YEARLY_MINIMUM, False, D(48), D(40), D(8))
    assert yearly_minimum(YearProgress(2025, None, D(0)), "", SOURCE, date(2025, 12, 31), nth=3).code == (
        "yearly_minimum_3")
    assert yearly_minimum(YearProgress(2025, None, D(0)), "", SOURCE, date(2025, 12, 31)).ok  # nothing asked
    assert yearly_code() == "yearly_minimum" and yearly_code(2) == "yearly_minimum_2"
    assert all(map(is_yearly_minimum, ("yearly_minimum", "yearly_minimum_5")))
    assert not any(map(is_yearly_minimum, ("yearly_hours", "cycle_total", "yearly_minimums")))


def test_a_note_follows_its_message_in_the_readers_language():
    said = with_note(_("2026 年已得 0 学分"), _("入职于 2026-09-01"))
    assert isinstance(said, Text)
    assert said.render("zh_Hans_CN") == "2026 年已得 0 学分；入职于 2026-09-01"
    assert said.render("en") == "2026 年已得 0 学分. 入职于 2026-09-01"  # this test's texts have no English
    assert with_note(_("本周期已计 12 学分"), "") == "本周期已计 12 学分"


def test_a_finding_said_twice_is_kept_once_in_its_order():
    from portal.domain.findings import distinct

    met = minimum("a", D(5), D(6), _("六"), SOURCE)
    short = minimum("b", D(5), D(4), _("四"), SOURCE)
    other_words = minimum("b", D(5), D(4), _("只有四"), SOURCE)
    other_clause = minimum("b", D(5), D(4), _("四"), "x.txt §3")
    assert distinct([met, short, met, short, other_words, other_clause]) == (met, short, other_words, other_clause)
    assert distinct([]) == ()


def test_findings_gathered_from_several_hooks_are_shown_once():
    """The core gathers a step's findings from every plugin that answers: one said twice (by
    two plugins, or twice by one) is listed once on the page, with its clause once."""
    from portal.hookspecs import hookimpl
    from portal.plugins import Region
    from tests import example_region

    said = minimum("quota", D(1), D(0), _("名额已满"), SOURCE)
    other = minimum("window", None, D(0), _("在选课时间内"), SOURCE)

    class Repeating:
        @hookimpl
        def portal_selection_findings(self, selection):
            return [said, other, said]

    class Again:
        @hookimpl
        def portal_selection_findings(self, selection):
            return [said]

    region = Region.load("example", {"example": example_region})
    region.pm.register(Repeating())
    region.pm.register(Again())
    assert sorted(f.code for f in region.selection_findings(None)) == ["quota", "window"]


def test_a_past_years_minimum_not_met_is_missed_not_open():
    """qingdao's 48 a year serves that year's rating: once the year has ended, a year short of
    it is history (missed), not a duty still open; the running year's, met or not, is not."""
    past = yearly_minimum(YearProgress(2025, D(48), D(40)), "", SOURCE, date(2025, 12, 31))
    running = yearly_minimum(YearProgress(2026, D(48), D(10)), "", SOURCE, date(2026, 12, 31))
    met = yearly_minimum(YearProgress(2024, D(48), D(50)), "", SOURCE, date(2024, 12, 31))
    on = date(2026, 6, 1)
    assert past.missed_on(on) and not running.missed_on(on) and not met.missed_on(on)
    assert not past.missed_on(date(2025, 12, 31))  # its last day: still open
    assert not cap("self_study_cap", D(20), D(26), "", SOURCE).missed_on(on)
    assert not minimum("trainings", D(1), D(0), "", SOURCE).missed_on(on)  # no deadline: never missed


def test_a_duty_is_headed_by_what_it_asks_of_this_teacher_only_when_that_differs():
    label = _("修满 {n} 学分", n=4)
    assert as_asked(D(4), D(20), label) is label
    assert as_asked(D(20), D(20), label) == "" and as_asked(None, D(20), label) == ""
    found = minimum("city_up", D(4), D(0), "", SOURCE, CYCLE.end, label=as_asked(D(4), D(20), label))
    assert found.label is label and found.as_json()["label"]


def test_a_years_cap_counts_in_its_minimum_and_is_kept():
    """A region capping a year (at most 20 online hours a year) says what counts of what was
    earned, as the cycle does: the year's minimum judges what counts (an outside author had to
    put the capped figure in ``earned``), and a kept standing keeps both."""
    year = YearProgress(2025, D(40), D(50), counted=D(35))
    assert (year.counts, year.ok) == (D(35), False)
    assert yearly_minimum(year, "每年不少于 40 学时", "x.txt §三", date(2025, 12, 31)).actual == D(35)
    assert YearProgress(2025, D(40), D(50)).counts == D(50)  # no cap: all of it counts
    kept = Compliance(Unit.TIME, CycleProgress(Period(date(2025, 1, 1), date(2027, 12, 31)), D(240), D(50), D(35)),
                      (year,), ())
    again = _compliance(_compliance_data(kept))
    assert again.years[0] == year and again.years[0].counts == D(35)


def test_a_past_school_year_is_named_by_its_days_not_by_the_year_it_ended_in():
    """An outside region counting school years from September (portal_year) read its missed
    2025-09-01 – 2026-08-31 minimum headed "2026 年度学时" on the previous cycle's page: the
    heading took the deadline's calendar year. Given the region's year, it is named by its days;
    a calendar year keeps its one number."""
    from datetime import date
    from decimal import Decimal

    from portal.domain import Period, YearProgress
    from portal.domain.findings import past_year_heading, yearly_minimum
    from portal.domain.text import using

    school = Period(date(2025, 9, 1), date(2026, 8, 31))
    missed = yearly_minimum(YearProgress(2025, Decimal(72), Decimal(60)), "", "x.txt §1", school.end)
    with using("zh_Hans_CN"):
        assert str(past_year_heading(missed, date(2026, 12, 6), school)) == "2025-09-01 – 2026-08-31 年度学分"
        assert str(past_year_heading(missed, date(2026, 12, 6))) == "2026 年度学分"  # no period given: as before
        calendar = Period(date(2025, 1, 1), date(2025, 12, 31))
        last_year = yearly_minimum(YearProgress(2025, Decimal(72), Decimal(60)), "", "x.txt §1", calendar.end)
        assert str(past_year_heading(last_year, date(2026, 12, 6), calendar)) == "2025 年度学分"


def test_a_period_ends_after_its_last_day_as_a_findings_deadline_passes():
    """One definition of "ended" (``results.ended``): on its last day a period still runs, and a
    finding due that day is still open; the day after, it has ended, and the finding is missed."""
    from portal.domain.results import ended

    year = Period(date(2026, 1, 1), date(2026, 12, 31))
    assert not year.ended_on(date(2026, 12, 31)) and year.ended_on(date(2027, 1, 1))
    assert not ended(year.end, year.end) and ended(year.end, date(2027, 1, 1))
    due = Finding("yearly_minimum", False, D(72), D(40), "", "", deadline=year.end)
    assert not due.missed_on(year.end) and due.missed_on(date(2027, 1, 1))
