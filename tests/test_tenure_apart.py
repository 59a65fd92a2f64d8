"""Leave and tenure decided apart (``portal.domain.tenure``). An outside author (twice)
reported that ``required_for``'s one ``how`` decided both the months before entering post and
the months on leave: a region whose document pro-rates a year by the months of 病假 or 产假
had to make that a bureau's setting (which ``full`` then switched off), and asking a whole
probation year reduced by leave alone took ``replace(teacher, entered_post=None,
transferred_in=None)``."""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from portal.domain import Period, TeacherFacts
from portal.domain.parameters import Parameter, applied
from portal.domain.tenure import PartialPeriod, asked_of, required_for

YEAR = Period(date(2026, 1, 1), date(2026, 12, 31))
SINCE = date(2000, 1, 1)
HIRED_ON_LEAVE = TeacherFacts(entered_post=date(2026, 9, 1), leave=(Period(date(2026, 10, 1), date(2026, 11, 30)),))
VETERAN_ON_LEAVE = TeacherFacts(entered_post=date(2010, 9, 1), leave=(Period(date(2026, 3, 1), date(2026, 4, 30)),))
LEAVE_MONTHS = Parameter.fixed("leave_months", "病假、产假整月离岗的那一年", PartialPeriod.PRORATA,
                               "example.txt §3（因病假、产假整月离岗的，当年学分要求按在岗月数折算）", SINCE,
                               choices=tuple(PartialPeriod))
PARTIAL_YEAR = Parameter.fixed("partial_year", "年中入职的那一年", PartialPeriod.PRORATA, "example.txt §3", SINCE,
                               assumption="文件未说", choices=tuple(PartialPeriod))


@pytest.mark.parametrize("how, required", [("full", 48), ("prorata", 8), ("exempt", None)])
def test_one_how_still_decides_both_as_before(how, required):
    """The bundled regions' call, unchanged: 4 months in post, 2 of them on leave."""
    asked, note = required_for(Decimal(48), HIRED_ON_LEAVE, YEAR, how)
    assert asked == (None if required is None else Decimal(required))
    if how == "prorata":
        assert note == "在岗 2 / 12 个月（2026-09-01 入职、经批准离岗 2 个月）：要求 8 学分，而非 48 学分"
    if how == "exempt":
        assert note == "在岗不满整个期间，不作要求：2026-09-01 入职、经批准离岗 2 个月"
    assert required_for(Decimal(48), HIRED_ON_LEAVE, YEAR, tenure=how, leave=how) == (asked, note)


def test_leave_alone_is_pro_rated_while_the_months_before_post_are_asked_in_full():
    asked, note = required_for(Decimal(48), HIRED_ON_LEAVE, YEAR, tenure=PartialPeriod.FULL,
                               leave=PartialPeriod.PRORATA)
    assert asked == Decimal(40)
    assert note == "按 10 / 12 个月计（经批准离岗 2 个月）：要求 40 学分，而非 48 学分"
    assert note.render("en") == "10 of 12 months counted (2 months on approved leave): 40 credits asked instead of 48 credits"


def test_tenure_alone_is_pro_rated_while_leave_is_asked_in_full():
    asked, note = required_for(Decimal(48), HIRED_ON_LEAVE, YEAR, tenure="prorata", leave="full")
    assert asked == Decimal(16)
    assert note == "在岗 4 / 12 个月（2026-09-01 入职）：要求 16 学分，而非 48 学分"


def test_either_exempting_its_months_exempts_the_period_and_says_which():
    assert required_for(Decimal(48), HIRED_ON_LEAVE, YEAR, tenure="prorata", leave="exempt") == (
        None, "在岗不满整个期间，不作要求：经批准离岗 2 个月")
    assert required_for(Decimal(48), VETERAN_ON_LEAVE, YEAR, tenure="exempt", leave="prorata")[0] == Decimal(40)


def test_a_whole_probation_year_reduced_by_leave_alone_needs_no_replace():
    """What the author had to write, and what the contract now says."""
    hack, _ = required_for(Decimal(48), replace(HIRED_ON_LEAVE, entered_post=None, transferred_in=None), YEAR,
                           PartialPeriod.PRORATA)
    asked, _ = required_for(Decimal(48), HIRED_ON_LEAVE, YEAR, tenure=PartialPeriod.FULL, leave=PartialPeriod.PRORATA)
    assert asked == hack == Decimal(40)


def test_a_period_held_in_no_month_asks_nothing_whatever_the_decisions():
    before = TeacherFacts(entered_post=date(2027, 3, 1))
    assert required_for(Decimal(48), before, YEAR, tenure="full", leave="full")[0] is None


def test_the_documents_leave_rule_is_cited_and_no_setting_switches_it_off():
    """Leave by a cited parameter, new hires by a setting: a bureau setting partial_year to
    full asks a hire's year in full, yet the leave the document pro-rates stays pro-rated,
    and the answer names the setting only where it decided the figure."""
    on = date(2026, 12, 1)
    veteran = asked_of(Decimal(48), VETERAN_ON_LEAVE, YEAR, on, tenure=PARTIAL_YEAR, leave=LEAVE_MONTHS)
    assert (veteran.required, veteran.settings, veteran.sources) == (Decimal(40), (), (LEAVE_MONTHS.source_at(on),))
    hire = asked_of(Decimal(48), TeacherFacts(entered_post=date(2026, 9, 1)), YEAR, on, tenure=PARTIAL_YEAR,
                    leave=LEAVE_MONTHS)
    assert (hire.required, hire.settings, hire.sources) == (Decimal(16), ("partial_year",), ())
    with applied({"partial_year": "full"}):
        both = asked_of(Decimal(48), HIRED_ON_LEAVE, YEAR, on, tenure=PARTIAL_YEAR, leave=LEAVE_MONTHS)
    assert (both.required, both.settings, both.sources) == (Decimal(40), (), (LEAVE_MONTHS.source_at(on),))
    with pytest.raises(TypeError):
        asked_of(Decimal(48), HIRED_ON_LEAVE, YEAR, tenure=PARTIAL_YEAR, leave=LEAVE_MONTHS)  # no day to read them on


def test_the_example_region_pro_rates_leave_by_its_document_and_asks_a_hires_year_in_full():
    """The region that lives in the tests pro-rates a year by leave (§3, a cited parameter, no
    setting) and asks the year of entering post in full (§1 makes no exception): no setting
    bears on the year's figure, and its contract holds."""
    from portal import rulebook
    from portal.conformance import contract_problems
    from portal.plugins import Region
    from tests import example_region

    region = Region.load("example", {"example": example_region})
    assert contract_problems(region) == []
    on_leave = rulebook.check(region, {"as_of": "2022-12-01", "records": [],
                                       "teacher": {"leave": [{"start": "2022-03-01", "end": "2022-04-30"}]}})
    assert on_leave["years"]["2022"]["required"] == 8
    assert on_leave["years"]["2022"]["note"] == "在岗 10 / 12 个月（经批准离岗 2 个月）：要求 8 学分，而非 10 学分"
    hired = rulebook.check(region, {"as_of": "2022-12-01", "records": [], "teacher": {"entered_post": "2022-09-01"}})
    assert list(hired["years"]) == ["2022"] and hired["years"]["2022"]["required"] == 10
    both = rulebook.check(region, {"as_of": "2022-12-01", "records": [], "teacher": {
        "entered_post": "2022-09-01", "leave": [{"start": "2022-10-01", "end": "2022-11-30"}]}})
    assert both["years"]["2022"]["required"] == 8
    assert both["years"]["2022"]["note"] == "按 10 / 12 个月计（经批准离岗 2 个月）：要求 8 学分，而非 10 学分"
    asked = region.requirements(date(2022, 12, 1), TeacherFacts(leave=(Period(date(2022, 3, 1), date(2022, 4, 30)),)))
    assert (asked.yearly, asked.settings, asked.yearly_settings) == (Decimal(8), (), ())


def test_a_share_that_rounds_back_to_the_whole_figure_says_nothing():
    """An examiner read "要求 3 次，而非 3 次": 3 times a cycle, in post 58 of 60 months."""
    cycle = Period(date(2023, 1, 1), date(2027, 12, 31))
    teacher = TeacherFacts(entered_post=date(2023, 3, 1))
    asked, note = required_for(Decimal(3), teacher, cycle, "prorata")
    assert (asked, note) == (Decimal(3), "")
    assert required_for(Decimal(360), teacher, cycle, "prorata")[0] == Decimal(348)
