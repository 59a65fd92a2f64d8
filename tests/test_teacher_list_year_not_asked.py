"""The teacher list says "nothing asked" under a school year that asks a teacher nothing, as it
already did under the cycle: shanxi's new hire, in her probation year (§三(二): 不要求学分), read a
bare "0" under 本年度 on her school's list at 375 px, beside "0 不作要求" under 本周期, while her own
page and the page the school opens from the list say 不要求学分 (a phone walk of the shanxi demo)."""
from __future__ import annotations

import re

from tests.support import signed_in

HIRE = "郭雨萱"  # shanxi's demo new hire (t0041), in her first school year: no credits asked of it


def _cells(html: str, name: str) -> dict[str, str]:
    row = next(r for r in re.findall(r"<tr>.*?</tr>", html, re.S) if f">{name}<" in r)
    return {label: re.sub(r"<[^>]+>", " ", cell).split()
            for label, cell in re.findall(r'<td data-label="([^"]+)"[^>]*>(.*?)</td>', row, re.S)}


def test_a_school_year_asking_nothing_reads_so_on_the_teacher_list(make_app):
    app = make_app("shanxi", demo=True)
    school = signed_in(app, "school_admin")
    cells = _cells(school.get("/admin/teachers").get_data(as_text=True), HIRE)
    assert cells["本年度"] == ["0", "不作要求"], cells
    assert cells["本周期"][:2] == ["0", "不作要求"], cells
    own = signed_in(app, "t0041").get("/me/").get_data(as_text=True)
    assert "不要求学分" in own, "her own page says her first school year asks no credits"


def test_a_school_year_asking_something_has_no_such_note(make_app):
    app = make_app("shanxi", demo=True)
    cells = _cells(signed_in(app, "school_admin").get("/admin/teachers").get_data(as_text=True), "李晓红")
    assert "不作要求" not in cells["本年度"] and "/" in cells["本年度"], cells
