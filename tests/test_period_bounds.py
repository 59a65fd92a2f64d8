"""A cycle that runs over neither whole calendar years nor whole school years (a teacher's own five
years counted from the day they entered post, 2026-08-09 to 2031-08-08) is headed by its days:
named by its years, "本周期（2026 – 2031）" read as six years and hid the day it ends, while the
year card beside it gave its days. A region writing its cycle from entering post, as the documents
of many districts do, met it on the teacher's home, the compliance page and the teacher list."""
from __future__ import annotations

import html
import re
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from flask import render_template_string

from portal.domain import CycleProgress, Period
from portal.domain.calendar import bounds

CARD = '{% from "macros.html" import cycle_card %}{{ cycle_card(c, standing, "hour") }}'


def test_bounds_name_whole_calendar_years_by_their_years_and_any_other_period_by_its_days():
    assert bounds(date(2021, 1, 1), date(2025, 12, 31)) == ("2021", "2025")
    assert bounds(date(2022, 9, 1), date(2027, 8, 31)) == ("2022", "2027")  # school years, named so
    assert bounds(date(2016, 3, 1), date(2021, 2, 28)) == ("2016-03-01", "2021-02-28")
    assert bounds(date(2026, 8, 9), date(2031, 8, 8)) == ("2026-08-09", "2031-08-08")


def _heading(app, period: Period) -> str:
    cycle = CycleProgress(period, Decimal(360), Decimal(48), Decimal(48))
    standing = SimpleNamespace(requirements=SimpleNamespace(cycle_source="", settings=()))
    with app.test_request_context():
        page = render_template_string(CARD, c=SimpleNamespace(cycle=cycle), standing=standing)
    return html.unescape(re.sub(r"\s+", " ", re.search(r"<h2>(.*?)</h2>", page, re.S).group(1)).strip())


def test_a_cycle_counted_from_entering_post_is_headed_by_its_days(make_app):
    app = make_app("example")
    assert _heading(app, Period(date(2026, 8, 9), date(2031, 8, 8))) == "本周期（2026-08-09 – 2031-08-08）"
    assert _heading(app, Period(date(2021, 1, 1), date(2025, 12, 31))) == "本周期（2021 – 2025）"


def test_the_teacher_lists_own_cycle_keeps_each_day_on_one_line(make_app):
    """The teacher list's narrow column broke 2029-08-31 after 2029-08- on a phone."""
    app = make_app("example")
    with app.test_request_context():
        page = render_template_string('{% from "macros.html" import span_of %}{{ span_of(a, b) }}',
                                      a=date(2024, 3, 1), b=date(2029, 2, 28))
    assert page == '<span class="day">2024-03-01</span> – <span class="day">2029-02-28</span>'
    assert ".day { white-space: nowrap; }" in app.test_client().get("/static/portal.css").get_data(as_text=True)


def test_a_trainings_dates_stay_whole_on_a_phones_card(make_app):
    """A catalog card's dates broke inside a day on a 375 px phone (2026-12-27 至 2026-12- / 29):
    each list that words a training's dates keeps them on one line (``.day``), moving them whole."""
    from tests.support import signed_in

    app = make_app("qingdao", demo=True)
    page = signed_in(app, "teacher").get("/catalog").get_data(as_text=True)
    shown = re.findall(r'<p class="note">(<span class="day">)?(\d{4}-\d{2}-\d{2}(?: 至 \d{4}-\d{2}-\d{2}| 当天))', page)
    assert shown, page[-2000:]
    assert all(span for span, _days in shown), shown


def test_the_teacher_lists_export_names_a_teachers_own_period_by_its_days_as_the_list_does():
    """The export of the teacher list named every year and cycle by its years: a teacher's own
    cycle from entering post (2026-08-09 to 2031-08-08), headed by its days on the list beside it,
    read 2026–2031 on the sheet, six years."""
    from portal.services.exports import _years

    assert _years(date(2026, 1, 1), date(2026, 12, 31)) == "2026"
    assert _years(date(2026, 9, 1), date(2027, 8, 31)) == "2026 – 2027"
    assert _years(date(2021, 1, 1), date(2025, 12, 31)) == "2021 – 2025"
    assert _years(date(2026, 8, 9), date(2031, 8, 8)) == "2026-08-09 – 2031-08-08"
    assert _years(date(2026, 8, 9), date(2027, 8, 8)) == "2026-08-09 – 2027-08-08"
