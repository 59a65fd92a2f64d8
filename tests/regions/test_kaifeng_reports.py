"""开封市的年度学时登记报表：每列由一个单位的 ScopeSummary 算出（kaifeng-2018-online-training.txt）.

The hours registered and per teacher counted, who met their own yearly requirement (setting
``yearly_minimum``: the Henan registration rules are not in the collection, so the figure is
the city's, cited by the preamble's words naming those rules) and the year's entries waiting
in each state of the audit (§五(一)), worked by hand on built summaries, then through the
core on the demo.
"""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

import plugins.kaifeng as kaifeng
from plugins.kaifeng import parameters as P, reporting, workflow
from portal import clock
from portal.domain import Finding, Period, Report, ScopeSummary
from portal.domain.findings import YEARLY_MINIMUM
from portal.domain.parameters import applied
from portal.domain.text import using
from portal.plugins import Region
from tests.support import core_compliance, core_year_card, on_demo_day

D = Decimal
CLEAN_SOURCE = re.compile(r"^kaifeng-2018-online-training\.txt §[^\s；;]+$")
CJK = re.compile(r"[\u3400-\u9fff]")
WAITING = ("submitted", "returned", "rejected", "claim_returned", "organiser_returned")


def region(**settings) -> Region:
    return Region.load("kaifeng", {"kaifeng": kaifeng}, settings or None)


def the_report() -> Report:
    return next(r for r in kaifeng.portal_reports() if r.code == "hours_registration")


def cells(summary: ScopeSummary) -> dict:
    return {c.code: c.value(summary) for c in the_report().columns}


def summary(teachers=40, total="2460", met=12, waiting=0, states=None, year=2026) -> ScopeSummary:
    return ScopeSummary(teachers, 9, year, D(total), met, waiting=waiting, states=states or {})


# -- the report as the region declares it -----------------------------------------------------

def test_the_report_reads_the_ledger_and_charts_the_average():
    report = the_report()
    assert report.code == "hours_registration" and report.entries and report.chart == "average"
    assert [c.code for c in report.columns] == [
        "teachers", "hours", "average", "year_met", "year_unmet", *(f"state_{s}" for s in WAITING)]
    drills = {c.code: c.drill for c in report.columns if c.drill}
    assert drills == {"year_unmet": ("year_unmet", "")}
    assert str(report.title) == "年度学时登记（按单位）"


def test_the_waiting_states_are_the_audit_workflows_own():
    """Every state an entry waits in (not final), under the workflow's own label; the state
    that registers the hours (approved) is counted as hours, not as waiting."""
    columns = {c.code: c for c in the_report().columns}
    for state in workflow.AUDIT_WORKFLOW.states:
        column = columns.get(f"state_{state.code}")
        assert (column is None) == state.final
        if column is not None:
            assert column.label is state.label


def test_the_source_cites_the_registration_rules_the_hours_and_the_audit():
    kf = region()
    source = the_report().source
    assert CLEAN_SOURCE.match(source)
    assert P.HENAN_RULES_CLAUSE in source and "三(五)" in source and "五(一)" in source
    resolved = kf.library.resolve(source)
    assert len(resolved) == 3
    assert all(r.document is not None and r.location.exact for r in resolved)


def test_the_report_reads_in_english_and_shows_no_code():
    report = the_report()
    words = [report.title, report.description, *(c.label for c in report.columns)]
    finding = cells(summary(waiting=1))["year_met"]
    words.append(finding.message)
    for said in words:
        assert not re.search(r"[a-z]+_[a-z_]+|yearly_minimum", str(said))
        with using("en"):
            assert not CJK.search(str(said)), str(said)


def test_labels_are_short():
    """They head a column on a phone card; the audit states keep the workflow's words."""
    for column in the_report().columns:
        if not column.code.startswith("state_"):
            assert len(str(column.label)) <= 4, column.label


# -- each column on hand-built summaries ------------------------------------------------------

@pytest.mark.parametrize("teachers, total, met, waiting, average, unmet", [
    (40, "2460", 12, 0, D("61.5"), 28),        # 2460 / 40
    (41, "2460", 12, 1, D("61.5"), 28),        # the one being computed again counts in none of them
    (3, "100", 1, 0, D("33.3"), 2),            # 33.33… to 0.1 学时
    (3, "200", 3, 0, D("66.7"), 0),            # 66.66… half up
    (1, "0", 0, 0, D("0.0"), 1),
])
def test_worked_cases(teachers, total, met, waiting, average, unmet):
    row = cells(summary(teachers, total, met, waiting))
    assert row["teachers"] == teachers and row["hours"] == D(total)
    assert row["average"] == average and row["year_unmet"] == unmet
    assert isinstance(row["year_met"], Finding) and row["year_met"].actual == met
    assert row["year_met"].ok is (unmet == 0)


def test_nobody_counted_shows_dashes():
    for empty in (summary(0, "0", 0), summary(5, "0", 0, waiting=5)):
        row = cells(empty)
        assert row["average"] is None and row["year_met"] is None and row["year_unmet"] == 0
        assert all(row[f"state_{s}"] == 0 for s in WAITING)
    assert cells(summary(0, "0", 0))["teachers"] == 0


def test_the_yearly_finding_says_why():
    finding = reporting.year_met_finding(summary(41, "2460", 12, waiting=1))
    assert finding.code == YEARLY_MINIMUM and not finding.ok
    assert finding.required is None  # a head count: the page would write it in 学时
    assert finding.source == P.HENAN_RULES and CLEAN_SOURCE.match(finding.source)
    assert finding.settings == ("yearly_minimum", "partial_year")
    assert finding.deadline == date(2026, 12, 31)
    message = str(finding.message)
    assert "12/40 名教师达到本人的年度要求（每年 72 学时，本市设置）" in message
    assert "28 名未达到" in message and "另有 1 名教师的学时正在重新计算" in message
    with using("en"):
        english = str(finding.message)
    assert "12 of 40 teachers met their own yearly requirement (72 hours a year, set by the city)" in english
    assert "28 have not" in english and "1 more teacher's hours" in english


def test_every_teacher_counted_met_it():
    finding = reporting.year_met_finding(summary(10, "800", 10))
    assert finding.ok and finding.actual == 10
    assert str(finding.message) == "10/10 名教师达到本人的年度要求（每年 72 学时，本市设置），全部达到"
    with using("en"):
        assert str(finding.message).endswith(": all of them")


def test_the_city_s_setting_is_read_at_the_year_s_end():
    """A bureau's override of ``yearly_minimum`` is what the finding states (the teachers met
    or not are each teacher's standing, judged against the same setting)."""
    kf = region(yearly_minimum="80")
    with applied(kf.settings):
        finding = reporting.year_met_finding(summary(10, "800", 4))
    assert "每年 80 学时" in str(finding.message)


def test_the_region_s_year_is_the_one_summed():
    period = Period(date(2025, 9, 1), date(2026, 8, 31))
    finding = reporting.year_met_finding(ScopeSummary(2, 0, 2025, D(100), 1, period))
    assert finding.deadline == date(2026, 8, 31)


def test_entries_waiting_in_each_state():
    states = {"submitted": 8, "returned": 2, "claim_returned": 1, "approved": 36}
    row = cells(summary(states=states))
    assert [row[f"state_{s}"] for s in WAITING] == [8, 2, 0, 1, 0]


def test_the_dashboard_shares_the_helpers():
    """The dashboard's average is the report's: over the teachers counted; and so are the
    teachers met: of the 40 judged, as the report's finding says (12/40, 1 waiting), not of 41
    with the one whose standing is being computed again (a trial's dashboard read "12/42" beside
    "14 名教师，人均 72" while 28 waited)."""
    panels = kaifeng.portal_dashboard_panels(summary=summary(41, "2460", 12, waiting=1))
    assert "人均 61.5 学时" in str(panels[0].note) and (panels[1].value, panels[1].of) == (12, 40)
    # the panel and the core's card and report agree on one scope
    s = summary(41, "2460", 12, waiting=1)
    core = core_compliance(region(), s, clock.today())
    assert (panels[1].value, panels[1].of) == core_year_card(s) == (core["year_met"], core["year_met"] + core["year_unmet"])
    assert "40 名教师" in str(panels[0].note)


def test_every_dashboard_figure_counts_the_same_teachers_while_some_wait():
    """The trial's state: 42 teachers, 28 being computed again, 14 counted with 1008 hours and
    12 of them meeting the year. Both panels are of the 14, as the report's figures are; with
    nobody counted the figure is a dash, as the report's is, not 0 of everyone."""
    panels = kaifeng.portal_dashboard_panels(summary=summary(42, "1008", 12, waiting=28))
    assert str(panels[0].note) == "14 名教师，人均 72 学时"
    assert (panels[1].value, panels[1].of) == (12, 14)  # the core shows it "12 / 14", in English "12 of 14"
    finding = reporting.year_met_finding(summary(42, "1008", 12, waiting=28))
    assert "12/14 名教师" in str(finding.message)
    with using("en"):
        assert "12 of 14 teachers" in str(finding.message)
    assert kaifeng.portal_dashboard_panels(summary=summary(42, "0", 0, waiting=42))[1].value == "—"


def test_the_dashboards_average_names_the_teachers_it_is_over():
    """A phone trial's city admin read "42 名教师，人均 55.7 学时" beside 334 学时 while 36
    teachers' standings were being computed again: the average is over the 6 counted, and
    the note names those."""
    from portal.domain.text import words

    note = words(kaifeng.portal_dashboard_panels(summary=summary(42, "334", 3, waiting=36))[0].note)
    assert note == "6 名教师，人均 55.7 学时", note
    assert words(kaifeng.portal_dashboard_panels(summary=summary(40, "2460", 12))[0].note) == "40 名教师，人均 61.5 学时"


# -- through the core, on the demo -------------------------------------------------------------

def test_the_report_through_the_core_on_the_demo(make_app, monkeypatch):
    from portal.extensions import db
    from portal.models import LedgerEntry, Teacher, User
    from portal.services import reports, teacher_pages

    today = on_demo_day(monkeypatch)  # the demo's year: in January's first days the year just ended has its hours
    app = make_app("kaifeng", demo=True)
    with app.test_request_context():
        kf = app.extensions["portal.region"]
        user = db.session.scalar(select(User).where(User.username == "city_admin"))
        view = reports.report_view(kf, user, "hours_registration", None, today)
        codes = [c.code for c in view.report.columns]
        assert view.rows and all(len(r.cells) == len(codes) for r in (*view.rows, view.total))

        def at(row, code):
            return row.cells[codes.index(code)]

        total = view.total
        assert at(total, "teachers") == db.session.scalar(select(func.count(Teacher.id)))
        assert at(total, "hours") == sum(at(r, "hours") for r in view.rows) > 0
        for row in (*view.rows, total):
            s = row.summary
            assert at(row, "hours") == s.year_total and at(row, "average") == reporting.per_teacher(s)
            assert at(row, "year_unmet") == s.teachers - s.waiting - s.teachers_meeting_yearly
            met = at(row, "year_met")
            assert met is None or (met.actual == s.teachers_meeting_yearly and met.ok is (at(row, "year_unmet") == 0))

        # The year's entries waiting for the department, as the ledger holds them.
        year = view.period
        submitted = db.session.scalar(select(func.count(LedgerEntry.id)).where(
            LedgerEntry.audit_state == "submitted", LedgerEntry.activity_date.between(year.start, year.end),
            LedgerEntry.reverses_id.is_(None)))
        assert at(total, "state_submitted") == sum(at(r, "state_submitted") for r in view.rows) == submitted

        # The drill opens as many teachers as the figure says.
        for row in view.rows:
            listed = teacher_pages.teacher_list(kf, user, today, "", 1, 100, unit_id=row.unit.id,
                                                drill=("year_unmet", ""))
            assert listed.page.total == at(row, "year_unmet"), row.unit.name


def test_a_bureau_s_override_reaches_the_report(make_app):
    from portal.extensions import db
    from portal.models import User
    from portal.services import reports

    app = make_app("kaifeng", demo=True, PORTAL_SETTINGS={"yearly_minimum": "80"})
    with app.test_request_context():
        kf = app.extensions["portal.region"]
        user = db.session.scalar(select(User).where(User.username == "city_admin"))
        view = reports.report_view(kf, user, "hours_registration", None, clock.today())
        met = view.total.cells[[c.code for c in view.report.columns].index("year_met")]
        assert "每年 80 学时" in str(met.message)


def test_each_workshop_s_progress_sums_its_own_members(make_app):
    """§三(二) 按学科学段分设工作坊 … 监测并跟进本班学员的登录、学习: a row per workshop, its
    members as its leader's page counts them, and who of them has signed in."""
    from portal.extensions import db
    from portal.models import User
    from portal.services import reports, workshops

    app = make_app("kaifeng", demo=True)
    with app.app_context(), app.test_request_context():
        kf = app.extensions["portal.region"]
        assert kf.library.resolve(next(r for r in kf.reports() if r.code == "workshop_progress").source)[0].location.exact
        admin = db.session.scalar(select(User).where(User.username == "city_admin"))
        view = reports.report_view(kf, admin, "workshop_progress", None, clock.today())
        leader = db.session.scalar(select(User).where(User.username == "workshop_leader"))
        led = workshops.led(leader)
        assert [r.name for r in view.rows] == sorted(w.name for w in led)
        codes = [c.code for c in view.report.columns]
        for row, workshop in zip(view.rows, sorted(led, key=lambda w: w.name)):
            _workshop, members = workshops.member_page(kf, leader, workshop.id, 1, 1000)
            assert row.cells[codes.index("teachers")] == members.total > 0
            assert row.cells[codes.index("signed_in")] == sum(1 for m in members.items if m.last_seen is not None)
            assert row.unit is None, "a workshop's figures open no teachers"


def test_the_year_met_figure_says_it_counts_teachers():
    """Its ✗ says the unit falls short; the figure is the teachers who met the year, and the
    label says so without a tap, in both languages."""
    for report in kaifeng.portal_reports():
        label = next(c.label for c in report.columns if c.code == "year_met")
        assert str(label) == "达标人数", report.code
        with using("en"):
            assert str(label) == "Teachers who met the year", report.code
    finding = cells(summary(teachers=40, met=12))["year_met"]
    assert finding.actual == 12 and not finding.ok


def test_the_eligibility_report_counts_who_meets_the_all_staff_condition_and_says_so(make_app):
    """The uses' labels name the condition judged (§五(三) 必备条件), so the core's "Open: {use}"
    (可用于{use}) read in English as the condition still open, of the teachers who met it."""
    from tests.support import signed_in

    client = signed_in(make_app("kaifeng", demo=True), "city_admin")
    page = client.get("/admin/reports/credit_uses").get_data(as_text=True)
    assert "满足教师资格认定的必备条件：全员培训考核合格" in page and "可用于教师资格认定的必备条件" not in page
    assert "全员培训必备条件的教师人数" in page
    client.post("/locale/en")
    page = client.get("/admin/reports/credit_uses").get_data(as_text=True)
    assert "Met: Necessary condition of teacher certification" in page and "Open: Necessary condition" not in page
    assert "meet the all-staff training condition" in page
