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


def test_the_quota_page_names_the_units_left_out_and_keeps_why_behind_a_tap(make_app):
    """kaifeng's quota page read four long citations (one per county that runs its own training,
    §二(三)) before the first quota on a phone: the units are named in one line, why and the
    clause open on a tap."""
    import re

    from tests.test_kaifeng_unit_quotas import _upcoming

    app = make_app("kaifeng", demo=True)
    project_id, _units, _first, _second = _upcoming(app)
    page = signed_in(app, "city_admin").get(f"/projects/{project_id}/quotas").get_data(as_text=True)
    panel = re.search(r'<details class="panel left-out"><summary>(.*?)</summary>(.*?)</details>', page, re.S)
    assert panel is not None
    summary, body = panel.groups()
    assert all(name in summary for name in ("祥符区", "杞县", "尉氏县", "通许县")) and "二(三)" not in summary
    assert "祥符区的教师参加祥符区自行组织的全员培训" in body and "二(三)" in body
