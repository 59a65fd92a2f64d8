"""The conclusion on a teacher's ended cycle says, in Chinese, how many credits it counted and out
of how many, each figure with its unit: "认定 6，要求 120 学分" left the counted figure bare."""
from __future__ import annotations

import re

from tests.support import login
from tests.test_cycle_conclusions import import_credits, text
from tests.test_previous_cycle import teachers_without_history


def test_the_conclusion_gives_its_counted_figure_with_the_unit(make_app, tmp_path):
    app = make_app("shanxi", demo=True, PORTAL_IMPORTS_DIR=str(tmp_path / "imports"))
    (_short, number, username), = teachers_without_history(app)
    import_credits(app, [[number, "2020-03-02", "2019年旧系统：课堂教学能力提升培训", "", "市级", "集中培训", "24", ""]])
    city = app.test_client()
    login(city, "city_admin")
    assert city.post("/admin/conclusions").status_code == 303
    teacher = app.test_client()
    login(teacher, username)
    teacher.post("/locale/zh_Hans_CN")
    page = text(teacher.get("/me/compliance/previous"))
    assert "审定结论：不合格" in page
    assert re.search(r"审定：认定 6 / 120 学分", page), page[page.find("审定结论"):][:300]
    teacher.post("/locale/en")
    assert re.search(r"Concluded on \S+: 6 of 120 credits counted\.", text(teacher.get("/me/compliance/previous")))
