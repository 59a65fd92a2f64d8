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
    assert "本年度已认定" in main  # the year's total stays, once


def test_a_region_whose_panels_restate_nothing_keeps_the_homes_own_line(make_app):
    app = make_app("example", demo=True)
    main = signed_in(app, "city_admin").get("/admin/").get_data(as_text=True).split("<main", 1)[1]
    assert "已达到本年度对其的要求" in main and "本年度已认定" in main


def test_a_panel_restates_only_the_homes_figures():
    assert Panel("t", "1", restates=("year_total",)).restates == ("year_total",)
    with pytest.raises(ValueError):
        Panel("t", "1", restates=("teachers",))


def test_kaifengs_panels_take_the_place_of_the_homes_year_total_and_met_line(make_app):
    """Trial: kaifeng's home showed the year's hours and the teachers meeting the year twice each."""
    app = make_app("kaifeng", demo=True)
    main = signed_in(app, "city_admin").get("/admin/").get_data(as_text=True).split("<main", 1)[1]
    assert "年登记学时" in main and "年达到年度要求的教师" in main
    assert "本年度已认定" not in main and "已达到本年度对其的要求" not in main
