"""Shanxi's yearly audit summary (学年学分审核汇总): per unit below the reader, the school
year's entries in each state of the credit audit (the school registers, the county audits,
the city approves at the cycle's end: 晋教师〔2017〕14号 §五(二)), which the county reports
to the city each year (§二(四)); the share of teachers who meet the yearly minimum of §三(二)
(a year short of it without a borrowing is 不合格, §五(三)), and the credits per teacher."""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal as D

import pytest
from python_calamine import CalamineWorkbook
from sqlalchemy import func, select

import plugins.shanxi as shanxi
from plugins.shanxi import parameters as P, reporting
from plugins.shanxi.compliance import YEARLY_SOURCE
from plugins.shanxi.workflow import AUDIT_WORKFLOW
from portal import clock
from portal.domain import Finding, ScopeSummary, UserRole
from portal.domain.reporting import combined
from portal.domain.text import using
from portal.extensions import db
from portal.models import LedgerEntry, OrgUnit, Teacher, User
from portal.plugins import Region
from portal.services import ledger, reports
from portal.services.scope import Scope
from portal.services.teachers import TeacherFilter, teacher_page
from tests.support import core_compliance, core_year_card

DOC = "shanxi-2017-credit-management.txt"
REGION = Region.load("shanxi")
YEAR = shanxi.portal_year(on=date(2025, 3, 1))  # 2024-09-01 to 2025-08-31
STATES = [s.code for s in AUDIT_WORKFLOW.states]


def the_report():
    [report] = shanxi.portal_reports()
    return report


def cells(summary: ScopeSummary) -> dict:
    return {c.code: c.value(summary) for c in the_report().columns}


def summary(teachers=40, met=30, total="640", waiting=0, states=None) -> ScopeSummary:
    return ScopeSummary(teachers, 3, YEAR.start.year, D(total), met, YEAR, waiting=waiting, states=states or {})


def chinese(text) -> bool:
    return bool(re.search(r"[\u4e00-\u9fff]", text))


# The report as defined ------------------------------------------------------------------


def test_one_report_of_the_years_entries_by_state_the_yearly_share_and_the_average():
    report = the_report()
    assert report.code == "yearly_audit" and report.title == "学年学分审核汇总"
    assert [c.code for c in report.columns] == [
        "teachers", *(f"state_{s}" for s in STATES), "yearly_met", "per_teacher"]
    assert report.entries, "the states are counted from the year's ledger"
    assert report.chart == "yearly_met"
    drills = {c.code: c.drill for c in report.columns if c.drill}
    assert drills == {"yearly_met": ("year_unmet", "")}


def test_every_state_of_the_audit_workflow_has_a_short_heading_in_its_words():
    assert set(reporting.STATE_HEADINGS) == set(STATES)
    labels = {c.code: c.label for c in the_report().columns}
    assert [labels[f"state_{s}"] for s in STATES] == [
        "待学校登记（条）", "学校已登记（条）", "区县已审核（条）", "市级已审定（条）", "省中心验证（条）", "不予认定（条）"]
    assert labels["teachers"] == "在册教师（人）"
    assert all(len(str(label)) <= 8 for label in labels.values()), labels  # a column heading on a phone card
    # in the workflow's own words, made short
    for state in ("registered", "county_verified", "city_approved", "rejected"):
        assert AUDIT_WORKFLOW.state(state).label.render("zh_Hans_CN").startswith(
            labels[f"state_{state}"].render("zh_Hans_CN")[:4])


def test_the_report_cites_the_clauses_it_answers_and_they_are_in_the_document():
    report = the_report()
    assert report.source == (f"{DOC} §二(四)（将年度和周期审核的结果上报市级教育行政部门审验）、"
                             f"§五(二)（核定教师个人本学年的培训学分）、§三(二)（每学年所修学分原则上不应少于20学分）、"
                             f"§五(三)（凡学年培训学分未达学分基本要求且未实行学分“借贷”者）")
    resolved = [r for s in (report.source, YEARLY_SOURCE) for r in REGION.library.resolve(s)]
    assert len(resolved) == 6 and all(r.document is not None and r.location.exact for r in resolved)


def test_the_report_reads_in_english():
    report = the_report()
    assert report.title.render("en") == "Yearly credit audit summary"
    assert [c.label.render("en") for c in report.columns] == [
        "Teachers", "Entries awaiting registration", "Entries registered by the school",
        "Entries audited by the county", "Entries approved by the city", "Entries verified by the province",
        "Entries not recognised", "Met the year (%)",
        "Credits per teacher"]
    assert not chinese(report.description.render("en")) and "Awaiting registration" in report.description.render("en")
    for s in (summary(), summary(met=40), summary(teachers=1, met=1, total="20"), summary(met=38, waiting=2)):
        message = cells(s)["yearly_met"].message
        assert message.render("zh_Hans_CN") and not chinese(message.render("en")), message.render("en")


# The states ---------------------------------------------------------------------------------


def test_each_state_column_counts_the_years_entries_in_that_state():
    got = cells(summary(states={"submitted": 4, "registered": 7, "county_verified": 51, "rejected": 2}))
    assert [got[f"state_{s}"] for s in STATES] == [4, 7, 51, 0, 0, 2]
    # a state the workflow does not have shows in no column
    assert sum(got[f"state_{s}"] for s in STATES) == 64
    assert [cells(summary(states={"nothing": 3}))[f"state_{s}"] for s in STATES] == [0] * 6


# The share meeting the yearly minimum (§三(二), §五(三)) -------------------------------------

SHARES = [
    # teachers, meeting, being computed, share, met                   reading
    (40, 30, 0, "75.0", False),   # 10 short of 20 credits (or their prorated share) and not borrowed
    (40, 40, 0, "100.0", True),   # everyone: the unit's year meets §三(二)
    (3, 2, 0, "66.7", False),     # to one tenth, half up
    (3, 1, 0, "33.3", False),
    (1, 1, 0, "100.0", True),
    (1, 0, 0, "0.0", False),
    # two being computed again: in neither the met nor the unmet, as the core's report counts
    # them (38 of the 38 judged; it read 95.0, 38 of 40, beside the core's 100.0); the message says
    # the two apart
    (40, 38, 2, "100.0", True),
    (40, 30, 2, "78.9", False),   # 30 of the 38 judged
]


@pytest.mark.parametrize("teachers, met, waiting, share, ok", SHARES)
def test_the_share_meeting_the_yearly_minimum(teachers, met, waiting, share, ok):
    finding = cells(summary(teachers, met, waiting=waiting))["yearly_met"]
    assert isinstance(finding, Finding)
    assert (finding.ok, finding.actual, finding.required) == (ok, D(share), None)  # a share: no credits missing
    assert finding.shortfall is None and finding.source == YEARLY_SOURCE
    assert finding.settings == (P.SCHOOL_YEAR_START_MONTH.name, P.PARTIAL_YEAR.name)
    said = finding.message.render("zh_Hans_CN")
    assert f"{P.YEARLY_MINIMUM.at(YEAR.end):f} 学分" in said  # the document's 20, from its parameter
    judged = teachers - waiting
    if ok:
        assert f"{judged} 名教师" in said and "不合格" not in said
    else:
        assert f"{met} / {judged} 名教师" in said and "未以学分借贷补足者，本学年继续教育不合格" in said
    assert ("正在重新计算" in said) == bool(waiting)
    if waiting:
        assert f"{waiting} 名教师的学分正在重新计算" in said
    # the share is the core's compliance report's, of the same teachers
    assert finding.actual == core_compliance(REGION, summary(teachers, met, waiting=waiting), YEAR.end)["year_share"]


def test_nobody_judged_is_a_dash_not_a_share_of_nobody():
    """Every teacher being computed again: nobody is judged, so the report's cell and the panel's
    figure are dashes, as the core's report shows none (it read 0.0%, 0 of 5, not met)."""
    s = summary(5, 0, waiting=5)
    assert cells(s)["yearly_met"] is None and reporting.yearly_share(s) is None
    assert core_compliance(REGION, s, YEAR.end)["year_share"] is None
    panel = shanxi.portal_dashboard_panels(summary=s)[0]
    assert (panel.value, panel.of) == ("—", None) and "%" not in str(panel.note)


def test_the_share_names_everyone_in_english():
    with using("en"):
        assert str(cells(summary(40, 40))["yearly_met"].message).startswith("All 40 teachers meet")
        assert str(cells(summary(1, 1, total="20"))["yearly_met"].message).startswith("1 teacher meets")
        assert str(cells(summary(40, 38, waiting=2))["yearly_met"].message).endswith(
            "; the credits of 2 teachers are being computed again and are not counted yet")


def test_the_total_row_judges_the_units_together():
    both = combined([summary(40, 30), summary(10, 10, total="300")], YEAR.start.year, YEAR)
    finding = cells(both)["yearly_met"]
    assert (finding.ok, finding.actual) == (False, D("80.0"))
    assert cells(combined([summary(40, 40), summary(10, 10)], YEAR.start.year, YEAR))["yearly_met"].ok


# The credits per teacher ---------------------------------------------------------------------


@pytest.mark.parametrize("teachers, total, average", [(40, "640", "16.0"), (3, "50", "16.7"), (7, "0", "0.0")])
def test_the_years_credits_per_teacher(teachers, total, average):
    assert cells(summary(teachers, 0, total))["per_teacher"] == D(average)


def test_the_dashboard_and_the_report_give_the_same_figures():
    s = summary(40, 30, "640")
    panels = shanxi.portal_dashboard_panels(summary=s)
    got = cells(s)
    assert "75%" in panels[0].note and got["yearly_met"].actual == D("75.0")
    assert (panels[0].value, panels[0].of) == (30, 40)
    assert panels[1].value == "16" and got["per_teacher"] == D(16)


def test_while_some_wait_the_panel_the_report_and_the_cores_card_agree():
    """40 teachers, 4 being computed again, 30 met: the panel read "30 / 40" and 75% with the 4 in
    its base, while the core's card said 30 / 36 and its report 83.3%. All now count the 36 judged."""
    s = summary(40, 30, "640", waiting=4)
    panel = shanxi.portal_dashboard_panels(summary=s)[0]
    core = core_compliance(REGION, s, YEAR.end)
    assert (panel.value, panel.of) == (30, 36) == core_year_card(s)
    assert panel.of == core["year_met"] + core["year_unmet"] and panel.value == core["year_met"]
    assert cells(s)["yearly_met"].actual == core["year_share"] == D("83.3")
    assert "占 83.3%" in str(panel.note)


def test_a_unit_without_teachers_shows_dashes_and_zeros():
    got = cells(ScopeSummary(0, 0, YEAR.start.year, D(0), 0, YEAR))
    assert got["teachers"] == 0 and all(got[f"state_{s}"] == 0 for s in STATES)
    assert got["yearly_met"] is None and got["per_teacher"] is None  # nobody to judge or average over


# Through the core, on the demo ----------------------------------------------------------------


def entries_by_state(unit: OrgUnit, start: date, end: date) -> dict[str, int]:
    return dict(db.session.execute(
        select(LedgerEntry.audit_state, func.count()).join(Teacher, LedgerEntry.teacher_id == Teacher.id)
        .join(OrgUnit, Teacher.school_id == OrgUnit.id)
        .where(OrgUnit.path.startswith(unit.path), LedgerEntry.activity_date.between(start, end), ledger.live())
        .group_by(LedgerEntry.audit_state)).all())


@pytest.mark.parametrize("reader", ["city_admin", "district_admin"])
def test_the_report_over_the_demos_units(make_app, reader):
    app = make_app("shanxi", demo=True)
    today = clock.today()
    with app.app_context(), app.test_request_context():
        region = app.extensions["portal.region"]
        admin = db.session.scalar(select(User).where(User.username == reader))
        view = reports.report_view(region, admin, "yearly_audit", None, today)
        assert view.report.title == "学年学分审核汇总" and view.period == shanxi.portal_year(on=today)
        assert view.rows, "the demo has units with teachers below the reader"
        codes = [c.code for c in view.report.columns]
        at = {code: i for i, code in enumerate(codes)}
        scope = Scope.of(admin, UserRole)
        for row in (*view.rows, view.total):
            got, s = row.cells, row.summary
            assert got[at["teachers"]] == s.teachers > 0
            assert {state: got[at[f"state_{state}"]] for state in STATES} == {
                state: entries_by_state(row.unit, view.period.start, view.period.end).get(state, 0)
                for state in STATES}, row.unit.name
            share = got[at["yearly_met"]]
            assert share.actual == reporting.yearly_share(s) and share.ok == (s.teachers_meeting_yearly == s.year_judged)
            assert got[at["per_teacher"]] == reporting.per_teacher(s)
            if row is not view.total:  # the figure opens exactly the teachers who have not met it
                listed = teacher_page(region, scope, today, narrowed=TeacherFilter(row.unit, ("year_unmet", "")))
                # a teacher asked nothing this year (a probation year) is neither met nor unmet
                assert listed.total == s.year_asked - s.waiting - s.teachers_meeting_yearly, row.unit.name
        states = view.total.cells
        # the demo's audited trainings of this school year stand audited by the county; the
        # school-based one waits for the school (demo.py ``audited=False``)
        assert states[at["state_county_verified"]] > 0 and states[at["state_submitted"]] > 0
        sheet = CalamineWorkbook.from_filelike(reports.workbook(view)).get_sheet_by_index(0).to_python()
        assert sheet[0][1:] == [str(c.label) for c in view.report.columns]
        assert [row[0] for row in sheet[1:len(view.rows) + 2]] == [*(r.name for r in view.rows), view.total.name]
        assert sheet[-1][0].startswith("各教师的数字均按适用的规则计算"), "when the figures were computed, as the page says"


def test_the_average_leaves_out_the_teachers_being_computed_again_as_the_core_does():
    """The year's total leaves out a teacher whose standing is being computed again; the average
    divided it by every teacher all the same, and read lower than the core's 本年人均 beside it."""
    s = summary(40, 30, "640", waiting=8)
    assert cells(s)["per_teacher"] == D(20)
    assert shanxi.portal_dashboard_panels(summary=s)[1].value == "20"
    everyone = summary(40, 0, "0", waiting=40)
    assert cells(everyone)["per_teacher"] is None
    assert shanxi.portal_dashboard_panels(summary=everyone)[1].value == "—"


def test_the_average_leaves_out_the_teachers_asked_nothing_this_year():
    """§三(二): a new teacher's probation year asks no credits (registered from 转正), nor does
    §二(一) of a teacher not subject to credit management. 10 teachers, 4 of them asked nothing
    with no credits: the 6 asked have 120, 20 each, which meets 每学年原则上不少于 20 学分; the
    average read 12 with the 4 in its head count."""
    s = ScopeSummary(10, 3, YEAR.start.year, D(120), 6, YEAR, year_exempt=4, year_total_asked=D(120))
    assert cells(s)["per_teacher"] == D(20)
    panel = shanxi.portal_dashboard_panels(summary=s)[1]
    assert panel.value == "20" and "不要求学分的教师" in str(panel.note) and "不计入" in str(panel.note)
    with using("en"):
        assert "left out" in str(panel.note)
    assert "不计入" not in str(shanxi.portal_dashboard_panels(summary=summary(40, 30, "640"))[1].note)
    # a teacher asked nothing whose credits are counted all the same is in neither figure either
    more = ScopeSummary(10, 3, YEAR.start.year, D(150), 6, YEAR, year_exempt=4, year_total_asked=D(120))
    assert cells(more)["per_teacher"] == D(20)
    nobody = ScopeSummary(4, 3, YEAR.start.year, D(0), 0, YEAR, year_exempt=4, year_total_asked=D(0))
    assert cells(nobody)["per_teacher"] is None and shanxi.portal_dashboard_panels(summary=nobody)[1].value == "—"


def test_the_demos_average_is_of_the_teachers_asked_something(make_app):
    """Through the core's SQL: the report's 人均学分 of each unit is the year's counted total of its
    teachers asked something of the school year, over them."""
    app = make_app("shanxi", demo=True)
    today = clock.today()
    with app.app_context(), app.test_request_context():
        region = app.extensions["portal.region"]
        admin = db.session.scalar(select(User).where(User.username == "district_admin"))
        view = reports.report_view(region, admin, "yearly_audit", None, today)
        at = {c.code: i for i, c in enumerate(view.report.columns)}
        from portal.models import TeacherStanding
        asked_somewhere = False
        for row in view.rows:
            standings = db.session.scalars(
                select(TeacherStanding).join(Teacher, TeacherStanding.teacher_id == Teacher.id)
                .join(OrgUnit, Teacher.school_id == OrgUnit.id).where(OrgUnit.path.startswith(row.unit.path))).all()
            asked = [s for s in standings if (s.year_required or 0) > 0]
            asked_somewhere |= len(asked) < len(standings)
            want = (sum((s.year_counted for s in asked), D(0)) / len(asked)).quantize(D("0.1")) if asked else None
            assert row.summary.year_exempt == len(standings) - len(asked), row.unit.name
            assert row.cells[at["per_teacher"]] == want, row.unit.name
        assert asked_somewhere, "the demo's new teachers in their probation year are asked nothing of it"
