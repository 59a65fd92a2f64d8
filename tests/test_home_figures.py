"""The admin home shows each figure once: a region's panel that restates one of the home's own
figures (``Panel.restates``) takes its place (trial: qingdao's home said 2 of 42 teachers met
the year in one card and 40 / 42 short of it in the panel below)."""
from __future__ import annotations

import re

import pytest

from portal.domain import Panel
from tests.support import signed_in


@pytest.mark.parametrize("username", ["city_admin", "school_admin"])
def test_the_years_met_teachers_are_shown_once_where_a_panel_says_them(make_app, username):
    app = make_app("qingdao", demo=True)
    page = signed_in(app, username).get("/admin/").get_data(as_text=True)
    main = page.split("<main", 1)[1]
    assert "2026 年未达 48 学分的教师" in main or re.search(r"\d{4} 年未达 48 学分的教师", main)
    assert "已达到本年度对其的要求" not in main  # the core's line of the same count
    assert "本年度计入" in main  # the year's total stays, once


def test_a_region_whose_panels_restate_nothing_keeps_the_homes_own_line(make_app):
    app = make_app("example", demo=True)
    main = signed_in(app, "city_admin").get("/admin/").get_data(as_text=True).split("<main", 1)[1]
    assert "已达到本年度对其的要求" in main and "本年度计入" in main


def test_a_panel_restates_only_the_homes_figures():
    assert Panel("t", "1", restates=("year_total",)).restates == ("year_total",)
    with pytest.raises(ValueError):
        Panel("t", "1", restates=("teachers",))


def test_kaifengs_panels_take_the_place_of_the_homes_year_total_and_met_line(make_app):
    """Trial: kaifeng's home showed the year's hours and the teachers meeting the year twice each."""
    app = make_app("kaifeng", demo=True)
    main = signed_in(app, "city_admin").get("/admin/").get_data(as_text=True).split("<main", 1)[1]
    assert "年登记学时" in main and "年达到年度要求的教师" in main
    assert "本年度计入" not in main and "已达到本年度对其的要求" not in main


def test_a_panels_total_is_a_count():
    """``Panel.of``: the total a panel's count is out of, shown by the home; a count, never a text."""
    assert Panel("t", 12, of=42).of == 42 and Panel("t", "1").of is None
    for wrong in (-1, "42", 4.2, True):
        with pytest.raises(ValueError):
            Panel("t", 12, of=wrong)


def test_a_panel_counting_the_year_is_out_of_the_teachers_judged():
    """``Panel.judged``: the one rule every region's panel keeps, as the home's cards and the
    compliance report do: 40 teachers, 3 asked nothing, 4 being computed again, 30 met: 30 of
    the 33 judged; the cycle's of its own judged; a dash, not 0 / 0, when nobody is judged."""
    from decimal import Decimal

    from portal.domain import ScopeSummary

    s = ScopeSummary(40, 0, 2026, Decimal(0), 30, teachers_meeting_cycle=20, waiting=4, year_exempt=3, cycle_exempt=1)
    year = Panel.judged("t", s.teachers_meeting_yearly, s, "n", "src", ("teachers_meeting_yearly",))
    assert (year.value, year.of, year.note, year.source, year.restates) == (
        30, 33, "n", "src", ("teachers_meeting_yearly",))
    assert year.of == s.year_judged and s.year_asked == 37
    cycle = Panel.judged("t", s.teachers_meeting_cycle, s, cycle=True)
    assert (cycle.value, cycle.of) == (20, 35) and cycle.of == s.cycle_judged
    nobody = ScopeSummary(5, 0, 2026, Decimal(0), 0, waiting=5)
    assert (Panel.judged("t", 0, nobody).value, Panel.judged("t", 0, nobody).of) == ("—", None)


def test_an_outside_regions_panel_with_a_value_alone_reads_as_before_and_one_with_a_total_as_the_cards(
        make_app, monkeypatch):
    """A region written before ``Panel.of`` sets only a value: shown whole, emphasised, as before.
    One giving its total reads as the home's own cards: "**3** / 12", in English "**3** of 12"."""
    from portal.hookspecs import hookimpl
    from tests import example_region

    @hookimpl
    def portal_dashboard_panels(summary):
        return [Panel("外部面板", "7 项"), Panel("已登录教师", 3, of=12)]

    monkeypatch.setattr(example_region, "portal_dashboard_panels", portal_dashboard_panels, raising=False)
    client = signed_in(make_app("example", demo=True), "city_admin")
    main = client.get("/admin/").get_data(as_text=True).split("<main", 1)[1]
    assert '<h2>外部面板</h2><p class="figure"><strong>7 项</strong></p>' in main
    assert '<h2>已登录教师</h2><p class="figure"><strong>3</strong> / 12</p>' in main
    client.post("/locale/en")
    main = client.get("/admin/").get_data(as_text=True).split("<main", 1)[1]
    assert '<p class="figure"><strong>3</strong> of 12</p>' in main
