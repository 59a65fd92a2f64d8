"""Fixes from a phone trial of kaifeng and shanxi (375 px): what a teacher or an admin of these
two regions read wrongly before."""
from __future__ import annotations

from tests.support import signed_in, text


def test_an_ended_cycles_limit_does_not_say_so_far(make_app):
    """The previous cycle's self-study limit said 上限：目前全部计入 ("so far") of a cycle that
    had ended; a limit that took nothing off says nothing there, today's cycle still says it."""
    app = make_app("shanxi", demo=True)
    client = signed_in(app, "teacher")
    client.post("/locale/zh_Hans_CN")
    previous = text(client.get("/me/compliance/previous"))
    assert "周期内自主研修成果认定的学分不超过 20 学分" in previous
    assert "目前全部计入" not in previous
    assert "上限：目前全部计入" in text(client.get("/me/compliance"))
    client.post("/locale/en")
    assert "so far" not in text(client.get("/me/compliance/previous"))
