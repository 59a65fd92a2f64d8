"""A cycle whose figure is reached while one of its conditions is open (ruian: 400 of 360
credits, no 90+ training yet) reads as such, not as "400 / 360" beside a cross."""
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from flask import render_template_string

from portal.domain import Finding, Unit
from portal.domain.findings import CYCLE_TOTAL


def shown(app, finding):
    standing = SimpleNamespace(as_of=date(2026, 6, 1), duty_labels={CYCLE_TOTAL: "周期内累计培训学分不少于360学分"},
                               awaits_audit=lambda f: False)
    with app.test_request_context():
        return render_template_string(
            '{% from "macros.html" import duties_list %}{{ duties_list(findings, standing, "credit") }}',
            findings=[finding], standing=standing)


def test_a_figure_reached_with_a_condition_open_says_so(app):
    finding = Finding(CYCLE_TOTAL, False, Decimal(360), Decimal(400), "已取得 400 学分，达到 360 学分，但尚未满足……",
                      "", date(2027, 12, 31), unit=Unit.CREDIT)
    page = shown(app, finding)
    assert "已达 400 学分 / 360 学分，尚有条件未满足" in page


def test_a_figure_met_with_nothing_open_reads_as_figures(app):
    finding = Finding(CYCLE_TOTAL, True, Decimal(360), Decimal(400), "已取得 400 学分，达到 360 学分", "",
                      date(2027, 12, 31), unit=Unit.CREDIT)
    page = shown(app, finding)
    assert "400 学分 / 360 学分" in page and "尚有条件未满足" not in page
