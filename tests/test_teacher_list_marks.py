"""The teacher list says a figure short of its duty by a mark and in words, not by its red
alone: a colour some readers cannot tell apart, and one lost on a page printed in black (a
school admin's list at 375 px read 3 / 48 and 51 / 48 alike but for their colour)."""
from __future__ import annotations

import re

from tests.support import signed_in


def test_a_figure_short_of_its_duty_is_marked_and_said(make_app):
    app = make_app("qingdao", demo=True)
    html = signed_in(app, "school_admin").get("/admin/teachers").get_data(as_text=True)
    cells = re.findall(r'<td data-label="(本年度|本周期)" class="num( short)?">(.*?)</td>', html, re.S)
    assert any(short for _label, short, _cell in cells) and any(not short for _label, short, _cell in cells), cells
    for _label, short, cell in cells:
        assert ("✗" in cell and "未达到：" in cell) == bool(short), cell


def test_the_words_are_for_screen_readers_and_english_too(make_app):
    app = make_app("qingdao", demo=True)
    client = signed_in(app, "school_admin")
    client.post("/locale/en")
    html = client.get("/admin/teachers").get_data(as_text=True)
    assert '<span class="visually-hidden">not met:</span>' in html
