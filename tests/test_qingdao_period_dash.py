"""Qingdao, phone walk (s56): a cycle is written one way on a page. The teacher's home and the
core's headings read 本周期（2023 – 2027）, but the school admin's home panel 本周期要求 read
2023—2027 年 and the cycle monitoring report's note 本周期（2023—2027 年）: two dashes for one
cycle. The region's periods now use the core's form (``{start} – {end}``), in zh and en."""
from __future__ import annotations

import re

from plugins.qingdao import parameters as P
from plugins.qingdao import reporting
from tests.support import signed_in

YEARS = re.compile(r"\d{4}\s*([—–-])\s*\d{4}")


def _panel(page: str, title: str) -> str:
    main = page.split("<main", 1)[1]
    start = main.index(title)
    return re.sub(r"<[^>]+>", " ", main[start:start + 800])


def test_the_cycle_panel_writes_the_cycle_as_the_core_does(make_app):
    app = make_app("qingdao", demo=True)
    client = signed_in(app, "school_admin")
    panel = _panel(client.get("/admin/").get_data(as_text=True), "本周期要求")
    assert [m.group(0) for m in YEARS.finditer(panel)] and {m.group(1) for m in YEARS.finditer(panel)} == {"–"}
    assert re.search(r"\d{4} – \d{4}", panel)
    client.post("/locale/en", data={"next": "/admin/"})
    panel = _panel(client.get("/admin/").get_data(as_text=True), "This cycle asks")
    assert re.search(r"\d{4} – \d{4}", panel) and "—" not in panel


def test_no_region_text_writes_a_period_with_an_em_dash():
    """The messages a page shows (reports' notes, the settings' assumptions) use the core's dash."""
    texts = [str(P.CYCLE_ANCHOR_YEAR.assumption)]
    texts += [str(getattr(r, "description", "")) for r in reporting.reports()]
    for text in texts:
        assert not re.search(r"(\d{4}|\})—(\d{4}|\{)", text), text
