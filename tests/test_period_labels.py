"""A teacher's period that is not the region's standard one is headed by its own name on the
pages, not 本周期 / 本年度 ("this cycle" / "this year"): the region names it
(``CycleProgress.label``, ``YearProgress.label``). ruian counts a late entrant's own cycle from
1 January of the year they entered (setting cycle_from_entered_post): 个人周期; shanxi's new
teacher's first school year is 新任教师第一学年 (§三(二)), whose duties are the probation trainings."""
from __future__ import annotations

import html
import re
from datetime import date

from sqlalchemy import select

from portal import clock
from portal.extensions import db
from portal.models import Teacher, User
from tests.support import signed_in, text


def _headings(page: str) -> list[str]:
    return [html.unescape(re.sub(r"\s+", " ", h).strip()) for h in re.findall(r"<h2>(.*?)</h2>", page, re.S)]


def _teacher(username: str) -> Teacher:
    return db.session.scalar(select(Teacher).join(User, Teacher.user_id == User.id).where(User.username == username))


def test_ruians_own_cycle_of_a_late_entrant_is_named_so(make_app):
    app = make_app("ruian", demo=True)
    today = clock.today()
    entered = date(today.year - 3, 9, 1)  # after the shared cycle began: their own runs from 1 January then
    with app.app_context():
        _teacher("t0001").entered_post = entered
        db.session.commit()
    client = signed_in(app, "t0001")
    heads = _headings(client.get("/me/").get_data(as_text=True))
    own = f"个人周期（{entered.year} – {entered.year + 4}）"
    assert own in heads and not any(h.startswith("本周期") for h in heads), heads
    client.post("/locale/en")
    heads = _headings(client.get("/me/").get_data(as_text=True))
    assert f"Own cycle ({entered.year} – {entered.year + 4})" in heads, heads
    client.post("/locale/zh_Hans_CN")
    uses = text(client.get("/me/compliance"))
    assert "个人周期（" in uses and "本周期（" not in uses  # the use judged by the cycle names it too
    # a teacher in the shared cycle reads 本周期 still
    assert any(h.startswith("本周期（") for h in _headings(signed_in(app, "teacher").get("/me/").get_data(as_text=True)))


def test_shanxis_new_teachers_first_school_year_is_named_so(make_app):
    app = make_app("shanxi", demo=True)
    client = signed_in(app, "t0041")  # entered post at the start of this school year
    heads = _headings(client.get("/me/").get_data(as_text=True))
    assert any(h.startswith("新任教师第一学年（") for h in heads) and not any(h.startswith("本年度") for h in heads), heads
    client.post("/locale/en")
    heads = _headings(client.get("/me/").get_data(as_text=True))
    assert any(h.startswith("A new teacher's first school year (") for h in heads), heads
    assert any(h.startswith("本年度（") for h in _headings(signed_in(app, "teacher").get("/me/").get_data(as_text=True)))
