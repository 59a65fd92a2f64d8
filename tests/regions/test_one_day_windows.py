"""A window of one day is named by that day, in either language, never "2026-09-01 至
2026-09-01": the core words every window once (``portal.domain.calendar.window``), and the
regions' messages naming a window put it where they said ``{start} 至 {end}``."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from types import SimpleNamespace

from portal.domain import Activity, Level, Mode, PastSelection
from portal.domain.calendar import window
from portal.domain.text import using


def test_the_core_words_a_window_and_a_window_of_one_day():
    day, later = date(2026, 9, 1), date(2026, 9, 9)
    assert window(day, later).render("zh_Hans_CN") == "2026-09-01 至 2026-09-09"
    assert window(day, later).render("en") == "2026-09-01 to 2026-09-09"
    assert window(day, day).render("zh_Hans_CN") == "2026-09-01 当天"
    assert window(day, day).render("en") == "2026-09-01 only"


def test_qingdaos_step_names_a_one_day_training_by_its_day():
    from plugins.qingdao.conversion import span_days

    one = Activity(Level.COUNTY, Mode.CENTRALIZED, Decimal(6), start=date(2018, 7, 9), end=date(2018, 7, 9))
    days, span = span_days(one)
    assert days == 1 and str(span) == "2018-07-09 共 1 天"
    with using("en"):
        assert str(span) == "On 2018-07-09, 1 day"
    three = Activity(Level.COUNTY, Mode.CENTRALIZED, Decimal(30), start=date(2018, 7, 9), end=date(2018, 7, 11))
    assert str(span_days(three)[1]) == "2018-07-09 至 2018-07-11 共 3 天"  # the worked case's words (conversion.yaml)


def test_kaifengs_refusal_of_a_second_all_staff_training_names_a_one_day_one_by_its_day():
    from plugins.kaifeng.enrollment import once_finding

    day = date(2026, 9, 1)
    other = PastSelection(1, "selected", None, datetime(2026, 8, 1), program="all_staff_jpk", start=day, end=day)
    found = once_finding(SimpleNamespace(project=SimpleNamespace(start=day, end=day), others=(other,)))
    assert not found.ok and "（2026-09-01 当天）" in str(found.message), found.message
    with using("en"):
        assert "(2026-09-01 only)" in str(found.message), found.message
