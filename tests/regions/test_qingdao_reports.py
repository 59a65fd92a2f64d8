"""Qingdao's reports (portal_reports), unit by unit, from qingdao-shinan-2018-training-notice.txt:

* annex 3's return (§二 并统计教师个性化培训平台注册完成情况，填写附件3): teachers in post, registered
  on the platform (signed in here) and surveyed, each rate judged against §二's 全体教师;
* the year's 48 (annex 1, 每年不低于 48 学分; (三) 达不到的年度考核不得确定为优秀等次): who has met
  it and who is short, the short figure opening those teachers.
"""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

import plugins.qingdao as plugin
from plugins.qingdao import parameters as P, reporting
from portal import clock
from portal.domain import Finding, Report, ScopeSummary
from portal.domain.reporting import combined
from portal.domain.results import Period
from portal.domain.text import Text, using
from portal.extensions import db
from portal.models import User
from portal.plugins import Region, make_manager
from portal.services.reports import report_view
from tests.support import core_compliance, core_year_card, login

D = Decimal
CJK = re.compile(r"[\u4e00-\u9fff]")
REGION = Region(make_manager(plugin), plugin)
REGISTRATION = ("teachers", "registered", "unregistered", "registered_rate", "surveyed", "unsurveyed", "surveyed_rate")
YEARLY = ("teachers", "met", "short", "met_rate", "average", "exempt", "waiting")
CYCLE = ("teachers", "met", "short", "met_rate", "a_class_short", "personalized_short", "topics_short", "all_met",
         "exempt", "waiting")


def summary(teachers=200, signed=0, surveyed=0, met=0, total="0", waiting=0, year=2026, away=0) -> ScopeSummary:
    """``away`` of the ``teachers`` not at their post (on leave, on an exchange), none of them signed in."""
    return ScopeSummary(teachers, 0, year, D(total), met, waiting=waiting, teachers_signed_in=signed,
                        teachers_surveyed=surveyed, teachers_in_post=teachers - away, in_post_signed_in=signed,
                        in_post_surveyed=surveyed)


def report(code: str) -> Report:
    return next(r for r in plugin.portal_reports() if r.code == code)


def cells(code: str, s: ScopeSummary) -> dict:
    return {c.code: c.value(s) for c in report(code).columns}


# The hook --------------------------------------------------------------------------------------


def test_the_region_adds_three_reports():
    assert [r.code for r in plugin.portal_reports()] == ["platform_registration", "yearly_minimum", "cycle_minimum"]
    assert [r.code for r in REGION.reports()] == ["platform_registration", "yearly_minimum", "cycle_minimum"]
    assert tuple(c.code for c in report("platform_registration").columns) == REGISTRATION
    assert tuple(c.code for c in report("yearly_minimum").columns) == YEARLY
    assert tuple(c.code for c in report("cycle_minimum").columns) == CYCLE
    assert report("platform_registration").chart == "registered_rate"
    assert report("yearly_minimum").chart == "met_rate"
    assert report("cycle_minimum").chart == "met_rate"
    assert not any(r.entries for r in plugin.portal_reports())  # none reads the ledger's entries
    drills = {(r.code, c.code): c.drill for r in plugin.portal_reports() for c in r.columns if c.drill}
    assert drills == {("yearly_minimum", "short"): ("year_unmet", ""),
                      ("platform_registration", "unregistered"): ("not_signed_in", "in_post"),
                      ("platform_registration", "unsurveyed"): ("not_surveyed", "in_post"),
                      ("cycle_minimum", "short"): ("cycle_unmet", ""),
                      ("cycle_minimum", "a_class_short"): ("missing", "a_class_minimum"),
                      ("cycle_minimum", "personalized_short"): ("missing", "personalized_training_count"),
                      ("cycle_minimum", "topics_short"): ("missing", "compulsory_topics")}
    # every duty a column drills into is one the region judges
    assert {"a_class_minimum", "personalized_training_count", "compulsory_topics"} <= {
        d.code for d in plugin.portal_duties()}


def _clause_text(source: str) -> str:
    (resolved,) = REGION.library.resolve(source)
    assert resolved.document is not None and resolved.location.exact, source
    return re.sub(r"\s+", "", REGION.library.text(resolved.document).text_of(resolved.location))


@pytest.mark.parametrize("source", [
    reporting.ANNEX3_SOURCE, reporting.REGISTRATION_SOURCE, P.ANNUAL_RATING_SOURCE, reporting.MONITORING_SOURCE,
    *(f"{P.F2018} {part.split(' ', 1)[-1]}" for part in reporting.ANNEX3_TABLE.split("、")),
])
def test_each_source_quotes_the_clause_it_cites(source):
    quoted = re.search(r"（(.*)）$", source).group(1)
    assert re.sub(r"\s+", "", quoted) in _clause_text(source)


def test_the_reports_cite_the_clauses_they_answer():
    assert report("platform_registration").source == f"{reporting.ANNEX3_SOURCE}；{reporting.ANNEX3_TABLE}"
    assert "填写附件3" in reporting.ANNEX3_SOURCE
    assert report("yearly_minimum").source == P.ANNUAL_RATING_SOURCE  # as the dashboard's panel
    assert "48" in _clause_text(P.YEARLY_REQUIRED.values[0].source)


def test_labels_are_short_and_every_word_reads_in_english():
    for r in plugin.portal_reports():
        said = [r.title, r.description, *(c.label for c in r.columns)]
        assert all(isinstance(t, Text) for t in said)
        assert all(len(str(c.label)) <= 4 for c in r.columns)
        with using("en"):
            assert not any(CJK.search(str(t)) for t in said), r.code
    findings = [reporting.registration_finding(summary(signed=199)), reporting.survey_finding(summary(surveyed=3))]
    with using("en"):
        assert not any(CJK.search(str(f.message)) for f in findings)


# Annex 3: registration and the needs survey (§二: 全体教师 完成实名注册、问卷调查) -------------------------


def test_one_teacher_short_of_all_is_not_met():
    """200 teachers in post, 199 registered: 99.5%, one left to register."""
    row = cells("platform_registration", summary(200, signed=199, surveyed=150))
    assert (row["teachers"], row["registered"], row["surveyed"]) == (200, 199, 150)
    finding = row["registered_rate"]
    assert isinstance(finding, Finding) and not finding.ok
    assert (finding.required, finding.actual) == (D(100), D("99.5"))
    assert finding.source == f"{reporting.REGISTRATION_SOURCE}；{reporting.ANNEX3_TABLE}" and finding.deadline is None
    assert "已完成平台注册 199 人（在岗专职教师 200 人），注册率 99.5%" in finding.message
    assert "尚有 1 人未完成" in finding.message
    survey = row["surveyed_rate"]
    assert not survey.ok and survey.actual == D(75) and "尚有 50 人未完成" in survey.message


def test_annex_3_counts_the_teachers_at_their_post():
    """附件3 counts 在岗专职教师人数 and, of them, 已完成平台注册人数: a school of 30 with 2 on approved
    leave and 1 away on an exchange, the other 27 all registered, has done what the annex asks;
    it read 27 of 30 and 3 still to register, the report's teachers being every teacher on the rolls."""
    row = cells("platform_registration", summary(30, signed=27, surveyed=27, away=3))
    assert (row["teachers"], row["registered"], row["unregistered"]) == (27, 27, 0)
    assert row["registered_rate"].ok and row["surveyed_rate"].ok
    labels = {c.code: str(c.label) for c in report("platform_registration").columns}
    assert (labels["teachers"], labels["registered"]) == ("在岗专职", "已注册")
    assert "在岗专职教师（不含尚未到岗、经批准离岗和交流、挂职、借调在外的教师）" in str(report("platform_registration").description)
    panel = next(p for p in plugin.portal_dashboard_panels(summary=summary(30, signed=27, surveyed=27, away=3))
                 if "平台注册" in str(p.title))
    assert (panel.value, panel.of) == (27, 27) and "在岗专职教师 27 人" in str(panel.note)


def test_all_teachers_registered_is_met():
    row = cells("platform_registration", summary(200, signed=200, surveyed=200))
    for code in ("registered_rate", "surveyed_rate"):
        assert row[code].ok and row[code].actual == D(100) and "尚有" not in row[code].message


def test_a_rate_is_cut_down_so_it_never_shows_100_before_everyone_has_done_it():
    """1999 of 2000 is 99.95%: rounded half up it would read 100%; it shows 99.9%, not met."""
    finding = reporting.registration_finding(summary(2000, signed=1999))
    assert not finding.ok and finding.actual == D("99.9")


def test_a_unit_without_teachers_shows_a_dash():
    row = cells("platform_registration", summary(0))
    assert row == {"teachers": 0, "registered": 0, "unregistered": 0, "registered_rate": None, "surveyed": 0,
                   "unsurveyed": 0, "surveyed_rate": None}


def test_before_the_notice_there_was_no_platform_to_register_on():
    """The 2018 notice (2018-04-13) asked for it: a year that ended before is shown, not judged."""
    row = cells("platform_registration", summary(10, signed=4, surveyed=2, year=2017))
    assert row["registered_rate"] == D(40) and row["surveyed_rate"] == D(20)
    assert isinstance(cells("platform_registration", summary(10, signed=4, year=2018))["registered_rate"], Finding)


def test_the_total_row_is_judged_on_the_sums():
    """One school all registered, the other one short: the district as a whole is short too."""
    one, two = summary(30, signed=30, surveyed=30), summary(20, signed=19, surveyed=20)
    total = combined([one, two], 2026, Period(date(2026, 1, 1), date(2026, 12, 31)))
    row = cells("platform_registration", total)
    assert row["teachers"] == 50 and row["registered"] == 49
    assert not row["registered_rate"].ok and row["registered_rate"].actual == D(98)
    assert row["surveyed_rate"].ok


# The year's 48 (annex 1; (三) 其年度考核不得确定为优秀等次) ---------------------------------------------


def test_who_met_the_year_and_who_is_short():
    """40 teachers, 30 met what the year asks of them, 4 still being computed: 6 are short."""
    row = cells("yearly_minimum", summary(40, met=30, total="1800", waiting=4))
    assert (row["teachers"], row["met"], row["short"], row["waiting"]) == (40, 30, 6, 4)
    assert row["met_rate"] == D("83.3")  # 30 of the 36 counted (83.33…), half up
    assert row["average"] == D(50)  # 1800 credits over the 36 whose standing is current


def test_everyone_met_and_nobody_at_all():
    assert cells("yearly_minimum", summary(12, met=12, total="600"))["short"] == 0
    assert cells("yearly_minimum", summary(12, met=12, total="600"))["met_rate"] == D(100)
    empty = cells("yearly_minimum", summary(0))
    assert (empty["short"], empty["met_rate"], empty["average"]) == (0, None, None)


def test_the_title_and_description_give_the_yearly_minimum_of_the_parameter():
    yearly = report("yearly_minimum")
    assert "48 学分" in str(yearly.title) and "不得确定为优秀等次" in str(yearly.description)
    assert P.YEARLY_REQUIRED.at(clock.today()) == D(48)


def test_the_dashboard_panel_counts_the_short_as_the_report_does():
    """6 short of the 36 judged, as the report's 未达标 and the core's cards count them: the panel
    read "6 / 40" with the 4 being computed again in its base while the core's cards said 6 / 36."""
    s = summary(40, met=30, total="1800", waiting=4)
    panels = plugin.portal_dashboard_panels(summary=s)
    assert (panels[0].value, panels[0].of) == (6, 36) and panels[1].value == "50"
    # the panel, the region's report and the core's report and card agree on one scope
    core = core_compliance(REGION, s, clock.today())
    assert panels[0].value == cells("yearly_minimum", s)["short"] == core["year_unmet"]
    assert panels[0].of == core["year_met"] + core["year_unmet"] == core_year_card(s)[1]


# Through the core, on the demo -------------------------------------------------------------------


def _view(app, username: str, code: str, columns: tuple[str, ...]):
    region = app.extensions["portal.region"]
    with app.test_request_context():
        user = db.session.scalar(select(User).where(User.username == username))
        view = report_view(region, user, code, None, clock.today())
        rows = {row.unit.name: dict(zip(columns, row.cells)) for row in view.rows}
        return view, rows, dict(zip(columns, view.total.cells))


def test_the_reports_run_through_the_core_on_the_demo(make_app):
    """The demo's 42 teachers in Shinan's four schools; nobody has signed in yet. The demo teacher
    signs in and answers the survey: 太平路小学's figures move, and nothing else's."""
    app = make_app("qingdao", demo=True)
    with app.app_context():
        view, rows, total = _view(app, "district_admin", "platform_registration", REGISTRATION)
        assert set(rows) == {"青岛太平路小学", "青岛嘉峪关学校", "青岛文登路小学", "青岛第七中学"}
        assert total["teachers"] == 42 == sum(row["teachers"] for row in rows.values())
        assert total["registered"] == 0 and not total["registered_rate"].ok
        assert total["registered_rate"].actual == D(0) and "尚有 42 人未完成" in total["registered_rate"].message
        school = rows["青岛太平路小学"]["teachers"]

    client = app.test_client()
    assert login(client, "teacher").headers["Location"].endswith("/me/survey")
    assert client.post("/me/survey", data={"modes": ["online"], "subjects": "语文", "interests": "阅读"}
                       ).status_code in (302, 303)
    with app.app_context():
        view, rows, total = _view(app, "district_admin", "platform_registration", REGISTRATION)
        home = rows["青岛太平路小学"]
        assert (home["registered"], home["surveyed"]) == (1, 1)
        assert home["registered_rate"].actual == reporting.rate(1, school) and not home["registered_rate"].ok
        assert all(row["registered"] == 0 for name, row in rows.items() if name != "青岛太平路小学")
        assert total["registered"] == 1 and total["surveyed"] == 1

        # the year's 48: met + short + being computed = teachers, the same as the core's own figure
        view, rows, total = _view(app, "district_admin", "yearly_minimum", YEARLY)
        for row in (*rows.values(), total):
            assert row["met"] + row["short"] + row["waiting"] == row["teachers"]
        assert total["short"] == sum(row["short"] for row in rows.values()) > 0
        core = report_view(app.extensions["portal.region"], db.session.scalar(
            select(User).where(User.username == "district_admin")), "compliance", None, clock.today())
        year_unmet = [c.code for c in core.report.columns].index("year_unmet")
        assert {r.unit.name: r.cells[year_unmet] for r in core.rows} == {n: row["short"] for n, row in rows.items()}

        # a school admin reads their own school only
        view, rows, total = _view(app, "school_admin", "yearly_minimum", YEARLY)
        assert set(rows) == {"青岛太平路小学"} and total["teachers"] == school


def test_the_yearly_reports_columns_add_up_to_the_teachers_with_those_asked_nothing_apart():
    """A probation teacher asked nothing this year meets nothing: counted apart, the report's
    met, short, asked-nothing and being-computed add up to the teachers in post (review of stop 24),
    and the dashboard's short figure reads against the teachers asked something."""
    s = ScopeSummary(200, 0, 2026, D("0"), 150, waiting=5, year_exempt=10)
    row = cells("yearly_minimum", s)
    assert (row["met"], row["short"], row["exempt"], row["waiting"]) == (150, 35, 10, 5)
    assert row["met"] + row["short"] + row["exempt"] + row["waiting"] == row["teachers"]
    assert row["met_rate"] == Decimal("81.1")  # 150 of the 185 judged
    short = reporting.dashboard_panels(s)[0]
    assert (short.value, short.of) == (35, 185)  # of the 185 judged, as the rate is; not of 190 with the 5 waiting
    core = core_compliance(REGION, s, clock.today())
    assert (short.value, short.of) == (core["year_unmet"], core["year_met"] + core["year_unmet"])


def test_a_rate_reads_with_its_percent_sign(make_app):
    """A trial read 达标率 7.1 and 达标率：0 with no unit (the table's labels keep to four characters)."""
    from tests.support import signed_in

    page = signed_in(make_app("qingdao", demo=True), "district_admin").get(
        "/admin/reports/yearly_minimum").get_data(as_text=True)
    assert re.search(r"<dt>达标率</dt>\s*<dd>[^<]*\d%", page)
    assert re.search(r"达标率：\d+(\.\d)?%", page)  # each unit's line too


# The cycle's part of the monitoring report (annex 1 (五) 及时发布年度和周期监测报告) ---------------------


def test_the_cycle_report_answers_the_monitoring_clause_and_gives_the_cycles_figures():
    cycle = report("cycle_minimum")
    assert cycle.source == reporting.MONITORING_SOURCE and "周期监测报告" in reporting.MONITORING_SOURCE
    assert "360 学分" in str(cycle.title)
    for words in ("附件1（五）", "120 学分", "240 学分", "不少于 3 次", "必修内容"):
        assert words in str(cycle.description), words
    assert cycle.reads == ("duties_open",)  # one grouped query more than the heads, none per teacher


def test_who_met_the_cycle_who_is_short_and_which_duty_is_open():
    """40 teachers: 2 asked no total of the cycle, 4 being computed, 20 have reached it: 14 short;
    the duties' figures are the standings' open duties."""
    s = ScopeSummary(40, 0, 2026, D("0"), 0, teachers_meeting_cycle=20, waiting=4, cycle_exempt=2, teachers_done=15,
                     duties_open={"a_class_minimum": 7, "personalized_training_count": 30, "compulsory_topics": 11})
    row = cells("cycle_minimum", s)
    assert (row["teachers"], row["met"], row["short"], row["exempt"], row["waiting"]) == (40, 20, 14, 2, 4)
    assert row["met"] + row["short"] + row["exempt"] + row["waiting"] == row["teachers"]
    assert row["met_rate"] == D("58.8")  # 20 of the 34 judged
    assert (row["a_class_short"], row["personalized_short"], row["topics_short"], row["all_met"]) == (7, 30, 11, 15)
    empty = cells("cycle_minimum", summary(0))
    assert (empty["short"], empty["met_rate"], empty["a_class_short"]) == (0, None, 0)


def test_the_cycle_report_agrees_with_the_cores_on_the_demo(make_app):
    app = make_app("qingdao", demo=True)
    with app.app_context():
        view, rows, total = _view(app, "district_admin", "cycle_minimum", CYCLE)
        assert set(rows) == {"青岛太平路小学", "青岛嘉峪关学校", "青岛文登路小学", "青岛第七中学"}
        for row in (*rows.values(), total):
            assert row["met"] + row["short"] + row["exempt"] + row["waiting"] == row["teachers"]
        assert total["short"] == sum(row["short"] for row in rows.values()) > 0
        core = report_view(app.extensions["portal.region"], db.session.scalar(
            select(User).where(User.username == "district_admin")), "compliance", None, clock.today())
        codes = [c.code for c in core.report.columns]
        a_class = next(c.code for c in core.report.columns if c.drill == ("missing", "a_class_minimum"))
        for r in core.rows:
            mine = rows[r.unit.name]
            assert mine["short"] == r.cells[codes.index("cycle_unmet")]
            assert mine["a_class_short"] == r.cells[codes.index(a_class)]
            assert mine["all_met"] == r.cells[codes.index("all_met")]


def test_the_cycle_report_reads_in_english_on_a_phone_width_page(make_app):
    from tests.support import signed_in

    client = signed_in(make_app("qingdao", demo=True), "district_admin")
    page = client.get("/admin/reports/cycle_minimum").get_data(as_text=True)
    assert "每周期不少于 360 学分" in page and re.search(r"达标率：\d+(\.\d)?%", page)
    assert "周期：各教师当前所在的周期" in page and "年度：" not in page  # about the cycle, not a year
    assert "年度：" not in client.get("/admin/reports/platform_registration").get_data(as_text=True)
    client.post("/locale/en")
    page = client.get("/admin/reports/cycle_minimum").get_data(as_text=True)
    assert "At least 360 credits a cycle" in page and "A-class short" in page


def test_teachers_away_from_their_post_are_out_of_annex_3_on_the_report_and_the_home(make_app):
    """附件3's 在岗专职教师人数: a teacher on approved leave today, one away on an exchange and one yet
    to take up her post are not counted, on the district's report as on the school's home."""
    from datetime import timedelta

    from portal.models import OrgUnit, Teacher
    from portal.services.teachers import scope_summary
    from portal.domain import UserRole
    from portal.services.scope import Scope

    app = make_app("qingdao", demo=True)
    today = clock.today()
    with app.app_context():
        _, rows, _ = _view(app, "district_admin", "platform_registration", REGISTRATION)
        before = rows["青岛太平路小学"]["teachers"]
        school = db.session.scalar(select(OrgUnit).where(OrgUnit.name == "青岛太平路小学"))
        away = db.session.scalars(select(Teacher).where(Teacher.school_id == school.id).order_by(Teacher.id)).all()[-3:]
        away[0].leave = [{"start": (today - timedelta(days=10)).isoformat(), "end": (today + timedelta(days=30)).isoformat()}]
        away[1].exchange_kind, away[1].exchange_unit = "rural_exchange", "某乡村学校"
        away[2].entered_post = today + timedelta(days=5)
        db.session.commit()
        _, rows, total = _view(app, "district_admin", "platform_registration", REGISTRATION)
        assert rows["青岛太平路小学"]["teachers"] == before - 3 and rows["青岛太平路小学"]["unregistered"] == before - 3
        assert total["teachers"] == 42 - 3
        # a leave that ended, or lies ahead, keeps her at her post
        away[0].leave = [{"start": (today - timedelta(days=40)).isoformat(), "end": (today - timedelta(days=1)).isoformat()}]
        db.session.commit()
        _, rows, _ = _view(app, "district_admin", "platform_registration", REGISTRATION)
        assert rows["青岛太平路小学"]["teachers"] == before - 2
        user = db.session.scalar(select(User).where(User.username == "school_admin"))
        s = scope_summary(app.extensions["portal.region"], Scope.of(user, [UserRole.SCHOOL_ADMIN]), today)
        panel = next(p for p in plugin.portal_dashboard_panels(summary=s) if "平台注册" in str(p.title))
        assert panel.of == before - 2 == s.teachers_in_post and s.teachers == before
