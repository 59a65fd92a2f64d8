"""A year whose count is above what was earned (a borrowing from the credit bank makes up its
shortfall) says so on the teacher's year card: it read "20 earned, of which 20 count" wording
made for a cap, or nothing, while 6.2 of the 20 were borrowed (shanxi 0.4.47)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from types import SimpleNamespace

from portal.domain import Period, YearProgress


def _card(app, year: YearProgress) -> str:
    standing = SimpleNamespace(year_progress=lambda: year, year=Period(date(2025, 9, 1), date(2026, 8, 31)),
                               requirements=SimpleNamespace(yearly_source="", yearly_settings=()))
    with app.test_request_context():
        macros = app.jinja_env.get_template("macros.html").make_module({})
        return str(macros.year_card(standing, "credit"))


def test_a_borrowed_part_is_said_apart_from_what_was_earned(app):
    page = _card(app, YearProgress(2025, D(20), D("13.8"), counted=D(20)))
    assert "修得 13.8；加上借贷的 6.2，计入本年度 20。" in page
    capped = _card(app, YearProgress(2025, D(20), D(30), counted=D(24)))
    assert "借贷" not in capped
