"""The admin home headed the year's figures "本年度计入（2026年）" (Counted this year (2026))
from the region's year as a whole, while the figures under it sum each teacher's kept year: where
a region judges each teacher on their own year (``portal_year`` given the teacher, a year counted
from the day they entered post), the heading named one year that was not theirs. It now names
none then, saying the figures are of each teacher's current year, and so does the duties
report's line saying what its figures are about; where every teacher's year is the region's,
both name it as before."""
from __future__ import annotations

from datetime import date, timedelta

from portal.domain import Period
from portal.hookspecs import hookimpl
from tests import example_region
from tests.support import signed_in


def _each_teachers_own_year(monkeypatch):
    @hookimpl
    def portal_year(on, teacher):
        """A year from the anniversary of the teacher's first day in post (none: the calendar's)."""
        started = getattr(teacher, "entered_post", None)
        if started is None:
            return Period(date(on.year, 1, 1), date(on.year, 12, 31))
        day = min(started.day, 28)
        start = date(on.year, started.month, day)
        if start > on:
            start = date(on.year - 1, started.month, day)
        return Period(start, date(start.year + 1, start.month, day) - timedelta(days=1))

    monkeypatch.setattr(example_region, "portal_year", portal_year, raising=False)


def _heading(page: str) -> str:
    main = page.split("<main", 1)[1]
    return next(h for h in main.split("<h2>")[1:] if h.startswith(("本年度", "Counted", "Met"))).split("</h2>")[0]


def test_a_home_whose_teachers_have_their_own_years_names_no_one_year(make_app, monkeypatch):
    _each_teachers_own_year(monkeypatch)
    app = make_app("example", demo=True, PORTAL_TEST_CASE="each teacher's own year")
    client = signed_in(app, "city_admin")
    heading = _heading(client.get("/admin/").get_data(as_text=True))
    assert heading == "本年度计入（按每位教师各自的年度）", heading
    assert "年度：各教师当前所在的年度。" in client.get("/admin/reports/compliance").get_data(as_text=True)
    client.post("/locale/en")
    assert _heading(client.get("/admin/").get_data(as_text=True)) == "Counted in each teacher's current year"
    report = client.get("/admin/reports/compliance").get_data(as_text=True)
    assert "Year: each teacher's current one." in report and "Year: 20" not in report


def test_a_home_whose_teachers_share_the_regions_year_names_it(make_app):
    app = make_app("example", demo=True)
    client = signed_in(app, "city_admin")
    heading = _heading(client.get("/admin/").get_data(as_text=True))
    assert heading.startswith("本年度计入（") and "按每位教师" not in heading, heading
    report = client.get("/admin/reports/compliance").get_data(as_text=True)
    assert "年度：20" in report and "各教师当前所在的年度" not in report
