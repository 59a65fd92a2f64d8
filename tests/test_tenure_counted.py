"""The months a scaled figure leaves out leave their credits out too (``tenure.counted_from``).
An examiner's case (qingdao, 2018 附件1(二)): a teacher transferred in 2021-09-01 was asked 96
of 360 credits for the 16 months in post, yet the 20 credits of 2019 still counted toward
them: the same months both lowered what was asked and added to what was earned."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from portal.domain import Period, Record, TeacherFacts, Unit
from portal.domain.tenure import counted_from, counted_part

CYCLE = Period(date(2018, 1, 1), date(2022, 12, 31))
MOVED = TeacherFacts(entered_post=date(2005, 9, 1), transferred_in=date(2021, 9, 1))
RECORDS = [Record(date=date(2019, 5, 10), amount=Decimal(20), unit=Unit.CREDIT, category="general"), Record(date=date(2021, 10, 10), amount=Decimal(30), unit=Unit.CREDIT,
                                                                   category="general")]


@pytest.mark.parametrize("how, since", [("prorata", date(2021, 9, 1)), ("full", CYCLE.start), ("exempt", CYCLE.start)])
def test_only_a_scaled_figure_leaves_the_earlier_credits_out(how, since):
    assert counted_from(MOVED, CYCLE, how) == since
    assert counted_from(TeacherFacts(entered_post=date(2005, 9, 1)), CYCLE, how) == CYCLE.start


def test_what_is_left_out_is_said_after_the_figures_note():
    window, note = counted_part(RECORDS, MOVED, CYCLE, date(2022, 6, 30), "prorata", "在岗 16 / 60 个月")
    assert window == Period(date(2021, 9, 1), date(2022, 6, 30))
    assert str(note) == "在岗 16 / 60 个月；2021-09-01 之前取得的 20 学分不计入（要求已按在岗月数折算）"
    window, note = counted_part(RECORDS, MOVED, CYCLE, date(2022, 6, 30), "prorata", unit=Unit.HOUR)
    assert str(note) == "2021-09-01 之前取得的 20 学时不计入（要求已按在岗月数折算）"
    assert counted_part(RECORDS[1:], MOVED, CYCLE, date(2022, 6, 30), "prorata", "n") == (window, "n")
    assert counted_part(RECORDS, MOVED, CYCLE, date(2022, 6, 30), "full", "n") == (
        Period(CYCLE.start, date(2022, 6, 30)), "n")
