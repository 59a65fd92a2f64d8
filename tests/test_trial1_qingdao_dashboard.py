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
