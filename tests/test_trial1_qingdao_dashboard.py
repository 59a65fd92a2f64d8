"""Qingdao, phone trial 1: the admin home's "2026 年未达 48 学分的教师" counts each teacher against
what the year asks of *them* (a newcomer of 2026-09-01 is asked 16, the teacher list's "3 / 16"),
so the panel says so, as the yearly report does; before, its note spoke of 48 alone and a
newcomer with 20 credits was missing from "未达 48" with nothing to say why."""
from __future__ import annotations

import re

import pytest

from tests.support import signed_in


def _panel(page: str, title: str) -> str:
    main = page.split("<main", 1)[1]
    start = main.index(title)
    return re.sub(r"<[^>]+>", " ", main[start:start + 800])


@pytest.mark.parametrize("username", ["school_admin", "city_admin"])
def test_the_years_short_panel_says_newcomers_are_judged_by_their_own_figure(make_app, username):
    app = make_app("qingdao", demo=True)
    client = signed_in(app, username)
    panel = _panel(client.get("/admin/").get_data(as_text=True), "年未达 48 学分的教师")
    assert "按其当年应达的学分判断" in panel and "年度考核不得评为优秀" in panel
    client.post("/locale/en", data={"next": "/admin/"})
    panel = _panel(client.get("/admin/").get_data(as_text=True), "Teachers below 48 credits in")
    assert "judged against what the year asks of them" in panel and "cannot be rated excellent" in panel
    assert not re.search(r"[\u4e00-\u9fff]", panel)


def test_the_cycles_panel_says_a_newcomers_360_is_her_share(make_app):
    """The same home's "本周期要求 360 学分" beside a teacher list reading 宋佳怡 "3 / 96" (in post
    16 of the cycle's 60 months): the panel says whose figure is less than 360, and why."""
    app = make_app("qingdao", demo=True)
    client = signed_in(app, "school_admin")
    panel = _panel(client.get("/admin/").get_data(as_text=True), "本周期要求")
    assert "360" in panel and "按其本周期应达的学分判断" in panel
    client.post("/locale/en", data={"next": "/admin/"})
    panel = _panel(client.get("/admin/").get_data(as_text=True), "This cycle asks")
    assert "judged against what the cycle asks of them" in panel
    assert not re.search(r"[\u4e00-\u9fff]", panel)
