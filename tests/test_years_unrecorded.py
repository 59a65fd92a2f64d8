"""The duties page's year-by-year line says how many of the ended years counted hold nothing on
the portal: a teacher whose cycle began before they were on the platform (their earlier years
have no records) read 已结束的年度达标 0 / 4 as four years failed (a shanxi phone trial)."""
from __future__ import annotations

import re

import pytest

from tests.support import login
from tests.test_compliance_folds import _folds, _section, _standing


@pytest.mark.parametrize("region", ["qingdao", "shanxi"])
def test_the_years_with_nothing_counted_are_said(make_app, region):
    app = make_app(region, demo=True)
    client = app.test_client()
    login(client, "t0036")
    years = [y for _k, y in sorted(_standing(client)["compliance"]["years"].items())][:-1]
    asked = [y for y in years if y["required"] is not None]
    empty = [y for y in asked if not float(y["earned"])]
    if not empty:
        pytest.skip("the demo's t0036 has something counted in every ended year on this day")
    client.post("/locale/zh_Hans_CN")
    (line,) = _folds(_section(client.get("/me/compliance").get_data(as_text=True), "逐年情况"))
    met = sum(1 for y in asked if y["ok"])
    assert line.strip() == f"已结束的年度达标 {met} / {len(asked)} 个；其中 {len(empty)} 个年度在本平台没有计入的记录"
    client.post("/locale/en")
    (line,) = _folds(_section(client.get("/me/compliance").get_data(as_text=True), "Year by year"))
    assert line.strip() == f"{met} of {len(asked)} past years met; {len(empty)} of them with nothing counted here"
    assert not re.search(r"[\u4e00-\u9fff]", line)
