"""Ruian: the stage and subject cautions read by the unit reviewing late (setting late_school_review)
named the school's review, though the school had not reviewed the choice; a new hire's own cycle
line read 不少于 312 学分 beside the duty's 不少于360学分 on the same page. Each pinned by a test that
failed before its fix."""
from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

from plugins.ruian import compliance
from plugins.ruian.enrollment import selection_findings
from portal.domain import Level, Mode, SchoolStage, TeacherFacts, UserRole
from portal.domain.findings import CYCLE_TOTAL
from portal.domain.parameters import applied
from portal.domain.selection import ProjectFacts, Selection

PROJECT = ProjectFacts("初中数学", Level.COUNTY, Mode.CENTRALIZED, date(2019, 10, 8), date(2019, 10, 20), Decimal(90),
                       base_credits=Decimal(90), stages=(SchoolStage.JUNIOR_HIGH,), subjects=("数学",))
TEACHER = TeacherFacts(stages=(SchoolStage.PRIMARY,))
# 9月11日: round 1's school review (9/1—9/9) is over, its recheck (9/13) ahead: the late review's time
LATE = datetime(2019, 9, 11, 2)


def _cautions(reader: UserRole, lang: str = "zh_Hans_CN") -> list[str]:
    sel = Selection(PROJECT, TEACHER, LATE, UserRole.TEACHER, subjects=("语文",), reader=reader)
    return [f.message.render(lang) for f in selection_findings(sel)
            if f.caution and ("学段" in f.message.render("zh_Hans_CN") or "学科" in f.message.render("zh_Hans_CN"))]


def test_the_bureau_reviewing_late_reads_that_it_checks_the_stage_and_subject():
    said = _cautions(UserRole.CITY_ADMIN)  # the default: the bureau reviews late
    assert len(said) == 2
    assert all("由教育局补审时把关" in s and "由学校审核把关" not in s for s in said), said
    english = _cautions(UserRole.CITY_ADMIN, "en")
    assert all("the education bureau checks it in the late review" in s and "the school checks it in its review" not in s
               for s in english), english


def test_the_zone_reviewing_late_reads_its_own_name():
    with applied({"late_school_review": "zone"}):
        said = _cautions(UserRole.DISTRICT_ADMIN)
        bureau = _cautions(UserRole.CITY_ADMIN)  # not the late reviewer under this setting
    assert all("由学区补审时把关" in s for s in said) and len(said) == 2
    assert all("由学校审核把关" in s for s in bureau)


def test_the_school_and_a_unit_that_reviews_nothing_still_read_the_schools_review():
    assert all("由学校审核把关" in s and "补审" not in s for s in _cautions(UserRole.SCHOOL_ADMIN))
    with applied({"late_school_review": "none"}):
        assert all("由学校审核把关" in s and "补审" not in s for s in _cautions(UserRole.CITY_ADMIN))


def _figures(text: str) -> str:
    """The text with each figure as N: where a figure and 学分 read with a space or without one."""
    return re.sub(r"\d+", "N", text)


def test_a_new_hires_own_cycle_line_and_the_duty_write_the_credits_alike():
    """Hired 2026-09-01: the page states the duty (不少于 360 学分) and, beside it, the share asked of
    them (不少于 312 学分, a Quantity the core writes with spaces): both the same way."""
    comp = compliance.check_compliance(TeacherFacts(entered_post=date(2026, 9, 1)), [], date(2026, 12, 1))
    own = next(f for f in comp.findings if f.code == CYCLE_TOTAL).label.render("zh_Hans_CN")
    duty = next(d for d in compliance.duties() if d.code == CYCLE_TOTAL).label.render("zh_Hans_CN")
    assert own == "周期内累计培训学分不少于 312 学分"
    assert _figures(duty) == _figures(own) == "周期内累计培训学分不少于 N 学分"


def test_the_demo_new_hires_pages_write_the_credits_alike(make_app):
    """t0001 entered post on the latest 1 September: their duties page states their own share
    (不少于 312 学分) and the rules page the duty (不少于 360 学分), both the same way."""
    from tests.support import login

    app = make_app("ruian", demo=True)
    client = app.test_client()
    assert login(client, "t0001").status_code == 302
    pages = {url: re.sub(r"<[^>]*>", " ", client.get(url).get_data(as_text=True)) for url in ("/me/compliance", "/rules")}
    assert "不少于 312 学分" in pages["/me/compliance"] and "不少于 360 学分" in pages["/rules"]
    for url, visible in pages.items():
        assert not re.search(r"不少于\d", visible), (url, re.findall(r"不少于\S*", visible))
