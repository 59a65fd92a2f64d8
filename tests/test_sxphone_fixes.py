"""Defects a phone walk through shanxi found as its new teacher, veteran and bureaus, each pinned
by a test that failed before its fix."""
from __future__ import annotations

from tests.support import on_hire_unasked_day, signed_in, text
from tests.test_trial9_fixes import _exported


def test_a_cycle_asking_nothing_is_not_met_on_the_transcript_nor_in_the_export(make_app, monkeypatch):
    """The new hire, in her probation year with 0 of 120 hours, is asked nothing of the cycle
    (§三(二) registers her credits from 转正): her home and the teacher list say 不作要求, but her
    transcript, which title review and re-registration read, said 应修 0 学分，已达标, and the
    teacher export said 周期总量已达标 是."""
    on_hire_unasked_day(monkeypatch)
    app = make_app("shanxi", demo=True)
    hire = signed_in(app, "t0041")
    assert "不作要求" in text(hire.get("/me/"))
    standing = text(hire.get("/transcripts")).split("学分状况", 1)[1]
    assert "已达标" not in standing and "应修" not in standing
    assert "不作要求：试用期至" in standing
    english = signed_in(app, "t0041")
    english.post("/locale/en")
    standing = text(english.get("/transcripts")).split("Standing", 1)[1]
    assert "met" not in standing.replace("not met", "") and "Not asked" in standing
    rows = _exported(app, "school_admin")
    heading = rows[0]
    hire_row = next(r for r in rows[1:] if r[0] == "郭雨萱")
    assert hire_row[heading.index("周期总量已达标")] == "—"
    veteran = next(r for r in rows[1:] if r[0] == "李晓红")
    assert veteran[heading.index("周期总量已达标")] == "否"

