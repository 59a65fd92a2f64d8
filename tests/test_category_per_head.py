"""A category's per-head figure (各类别 人均) is over the same teachers as the year's average
(本年人均): a school of 10 with 4 new teachers in their probation year (asked nothing of it,
晋教师〔2017〕14号 §三(二)) read 校本研修 人均 12 over its 10 in the credits by category, 本年人均
20 over its 6 asked in the duties report. Now both are of the teachers asked credits this year,
and the heading says so; a category kept in hours (the probation training) has no per-head."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from portal.domain import ScopeSummary
from portal.domain.reporting import CategoryCount, combined
from portal.domain.results import Period
from portal.services import reports
from tests.support import on_demo_day
from tests.test_reports import user


def _school(amount_judged=D(120)) -> ScopeSummary:
    return ScopeSummary(10, 0, 2026, D(130), 6, Period(date(2026, 9, 1), date(2027, 8, 31)), year_exempt=4,
                        year_total_asked=D(120),
                        categories=(CategoryCount("school_based", 8, 8, D(130), amount_judged),))


def test_a_categorys_per_head_is_over_the_teachers_of_the_years_average():
    school = _school()
    assert school.year_average() == D(20)
    assert school.category("school_based").average(school) == D(20)  # 120 of the 6 asked, not 130 / 10
    # without a yearly minimum, every teacher counted, as the core's average then is
    assert school.category("school_based").average(school, yearly=False) == D(13)
    # rows added up keep it; a kept summary without it keeps the figure it had
    total = combined([school, school], 2026, school.year_period)
    assert total.category("school_based").average(total) == D(20)
    assert _school(None).category("school_based").average(_school(None)) == D(13)
    kept = ScopeSummary.from_data(school.as_data())
    assert kept.category("school_based").amount_judged == D(120)


def test_shanxi_report_heads_the_per_head_as_of_those_asked(make_app, monkeypatch):
    today = on_demo_day(monkeypatch)
    app = make_app("shanxi", demo=True)
    with app.app_context(), app.test_request_context():
        region = app.extensions["portal.region"]
        view = reports.report_view(region, user("city_admin"), "categories", None, today)
        labels = [str(c.label) for c in view.report.columns]
        duties = reports.report_view(region, user("city_admin"), "compliance", None, today)
    assert any(label.endswith("人均（有本年学分要求的教师）") for label in labels)
    assert not any(label.startswith("新任教师试用期") and "人均" in label for label in labels)
    assert view.total.summary.year_judged == duties.total.summary.year_judged
    for column, cell in zip(view.report.columns, view.total.cells):
        if column.code.startswith("average_"):
            code = region.credited_categories()[int(column.code.split("_")[1])].code
            got = view.total.summary.category(code)
            value = getattr(cell, "value", cell)
            assert value == got.average(view.total.summary, D("0.1")), column.code


def test_a_summary_without_the_amount_of_those_asked_reads_back_as_it_was_kept():
    """A summary whose categories hold no amount of the teachers asked (one read back from before it
    was kept, then kept again) reads back without it, rather than failing on Decimal(None)."""
    kept = ScopeSummary.from_data(_school(None).as_data())
    assert kept.category("school_based").amount_judged is None
    assert kept.category("school_based").average(kept) == D(13)


def test_figures_kept_before_the_per_head_of_those_asked_are_computed_again(make_app, monkeypatch):
    """A report's figures kept by a background job before its categories kept the amount of the
    teachers asked this year would read back the per-head over every teacher under a heading that
    says it is over those asked: such a job is not read, the page offers the figures to compute."""
    from portal.extensions import db
    from portal.models import Job
    from portal import clock
    from tests.support import login

    on_demo_day(monkeypatch)
    app = make_app("shanxi", demo=True, PORTAL_REPORT_BACKGROUND_TEACHERS=0)
    with app.app_context():
        admin = user("city_admin")
        unit = admin.roles[0].org_unit
        db.session.add(Job(kind=reports.FIGURES, user_id=admin.id, state="done", result={"rows": {}, "opening": []},
                           params={"code": "categories", "unit": unit.id, "day": clock.today().isoformat(),
                                   "format": 3}))
        db.session.commit()
    client = app.test_client()
    login(client, "city_admin")
    page = client.get("/admin/reports/categories").get_data(as_text=True)
    assert 'action="/admin/reports/categories/compute"' in page
