"""The teacher list's export says a year or a cycle asking the teacher nothing as the list does
(不作要求 / nothing asked), with no figure asked beside it: shanxi's new hire in her probation year
read 本周期要求 0 and a dash under 周期总量已达标 (the list says 0 不作要求), ruian's teachers, asked
no yearly minimum, a dash under 本年已达标."""
from __future__ import annotations

from tests.support import on_hire_unasked_day, signed_in
from tests.test_trial9_fixes import _exported

HIRE = "郭雨萱"  # shanxi's demo new hire (t0041)


def test_shanxi_hire_reads_nothing_asked_in_the_export(make_app, monkeypatch):
    on_hire_unasked_day(monkeypatch)
    app = make_app("shanxi", demo=True)
    rows = _exported(app, "school_admin")
    heading = rows[0]
    hire = dict(zip(heading, next(r for r in rows[1:] if r[0] == HIRE)))
    assert hire["本周期要求"] in ("", None) and hire["周期总量已达标"] == "不作要求", hire
    assert hire["本年要求"] in ("", None) and hire["本年已达标"] == "不作要求", hire
    veteran = dict(zip(heading, next(r for r in rows[1:] if r[0] == "李晓红")))
    assert veteran["本周期要求"] == 120 and veteran["本年要求"] == 20 and veteran["本年已达标"] in ("是", "否")
    english = signed_in(app, "school_admin")
    english.post("/locale/en")  # the choice is kept with the user, read by the export
    rows = _exported(app, "school_admin")
    hire = dict(zip(rows[0], next(r for r in rows[1:] if r[0] == HIRE)))
    assert hire["Cycle total reached"] == "nothing asked" and hire["Met this year"] == "nothing asked", hire


def test_ruian_no_yearly_minimum_reads_nothing_asked(make_app):
    rows = _exported(make_app("ruian", demo=True), "city_admin")
    met, required = rows[0].index("本年已达标"), rows[0].index("本年要求")
    assert {r[met] for r in rows[1:]} == {"不作要求"} and {r[required] for r in rows[1:]} <= {"", None}
