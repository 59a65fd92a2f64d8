"""Ruian's report (portal_reports): §二's school figures of ruian-2019h2-course-selection.txt
unit by unit: the yearly average per teacher against 72, the 90-credit centralized training's
yearly completion rate against 21% and the layer-and-category match of 90+ credit choices
against 75%, each a Finding read from one unit's ScopeSummary."""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

import plugins.ruian as ruian
from plugins.ruian import demo, parameters as P, reporting
from portal import clock
from portal.domain import CategoryCount, Finding, ProgramCount, Report, ScopeSummary, SelectionCount
from portal.domain.reporting import combined
from portal.domain.results import Period
from portal.extensions import db
from portal.models import TrainingProject, User
from portal.plugins import Region
from portal.services.reports import report_view
from tests.support import login, on_demo_day

D = Decimal
CJK = re.compile(r"[\u4e00-\u9fff]")
COLUMNS = ("teachers", "average", "completed_90", "completed_90_rate", "layer_match")


def summary(teachers=100, year_total="0", completed=0, selections=(), waiting=0, year=2019, **more) -> ScopeSummary:
    categories, programs = (), ()
    if completed:  # one entry each of the restricted-elective 90-credit program, as its training gives
        categories = (CategoryCount(P.CATEGORY_CENTRALIZED_90, completed, completed, D(90) * completed),)
        programs = (ProgramCount(P.PROGRAM_RESTRICTED_ELECTIVE_90, completed, completed, D(90) * completed),)
    return ScopeSummary(teachers=teachers, projects=0, year=year, year_total=D(year_total), teachers_meeting_yearly=0,
                        waiting=waiting, selections=selections, categories=categories + more.pop("categories", ()),
                        programs=programs + more.pop("programs", ()), **more)


def the_report() -> Report:
    (report,) = ruian.portal_reports()
    return report


def cells(s: ScopeSummary) -> dict:
    return {c.code: c.value(s) for c in the_report().columns}


# The report's shape -------------------------------------------------------------------------


def test_one_report_charts_the_average_and_reads_the_years_entries():
    report = the_report()
    assert (report.code, report.chart, report.entries) == ("school_figures", "average", True)
    assert tuple(c.code for c in report.columns) == COLUMNS
    assert {c.code for c in report.columns if c.drill} == {"completed_90"}  # the one figure that counts some teachers
    assert report.source == P.SCHOOL_FIGURES_CLAUSE


def test_the_report_cites_section_two_by_its_heading():
    library = Region.load("ruian", {"ruian": ruian}).library
    (resolved,) = library.resolve(the_report().source)
    assert resolved.location.exact and "足额完成教师专业发展培训计划" in resolved.location.phrase


def test_labels_are_short_and_every_word_is_translated():
    report = the_report()
    for column in report.columns:
        assert len(column.label.render("zh_Hans_CN")) <= 7, column.code
    for text in (report.title, report.description, *(c.label for c in report.columns)):
        english = text.render("en")
        assert english and not CJK.search(english), english


# §二 各校（园）教师培训学分年人均须完成72学分及以上 -----------------------------------------------


@pytest.mark.parametrize(
    "teachers, waiting, total, ok, actual, text",
    [
        (100, 0, "7200", True, "72.00", "人均 72 学分"),  # exactly 72
        (100, 0, "7199", False, "71.99", "人均差 0.01 学分（合计差 1 学分）"),  # just under
        (3, 0, "215.99", False, "71.99", "合计差 0.01 学分"),  # 71.9966…: never shown as 72
        # a teacher being computed again is in neither the total nor the head count
        (101, 1, "7200", True, "72.00", "100 人合计 7200 学分"),
        (0, 0, "0", True, None, "无在册教师"),  # no teachers: no average, nothing to meet
    ],
)
def test_the_yearly_average_per_teacher(teachers, waiting, total, ok, actual, text):
    found = cells(summary(teachers, total, waiting=waiting))["average"]
    assert isinstance(found, Finding)
    assert (found.code, found.ok, found.required, found.source) == (
        "school_yearly_average", ok, D(72), P.SCHOOL_AVERAGE_CLAUSE)
    assert found.actual == (None if actual is None else D(actual))
    assert text in found.message


# §二 年平均限定选修90学分集中培训完成率确保达到21%及以上 -----------------------------------------


@pytest.mark.parametrize(
    "teachers, completed, ok, actual, text",
    [
        (100, 21, True, "21.00", "完成率 21%"),  # at the minimum
        (100, 20, False, "20.00", "要求不低于 21%，按此比例差 1 人"),  # just under
        (101, 21, False, "20.79", "差 1 人"),  # 21.21 teachers asked: 22
        (101, 22, True, "21.78", "完成率 21.78%"),
        (40, 0, False, "0.00", "差 9 人"),  # none this year: 8.4 asked, 9
        (0, 0, True, None, "无在册教师"),
    ],
)
def test_the_90_credit_training_completion_rate(teachers, completed, ok, actual, text):
    row = cells(summary(teachers, completed=completed))
    found = row["completed_90_rate"]
    assert row["completed_90"] == completed
    assert (found.code, found.ok, found.required, found.source) == (
        "centralized_90_rate", ok, D(21), P.YEARLY_RATE_CLAUSE)
    assert found.actual == (None if actual is None else D(actual))
    assert text in found.message


def test_only_the_restricted_elective_90_credit_program_completes_it():
    """§二 限定选修90学分集中培训完成率: 30 more teachers credited by other centralized trainings of
    90+ credits (a layer's training, one recognised elsewhere) are not completions of that program."""
    others = (CategoryCount(P.CATEGORY_CENTRALIZED, 40, 40, D(960)),
              CategoryCount(P.CATEGORY_SCHOOL_BASED, 50, 50, D(600)),
              CategoryCount(P.CATEGORY_CENTRALIZED_90, 30, 30, D(2700)))
    row = cells(summary(100, completed=10, categories=others,
                        programs=(ProgramCount(P.PROGRAM_RECOGNISED, 5, 5, D(450)),)))
    assert row["completed_90"] == 10 and row["completed_90_rate"].actual == D("10.00")
    assert not row["completed_90_rate"].ok


def test_the_report_says_it_judges_each_year_as_the_notice_gives_no_average():
    """年平均…完成率: the notice names no years to average over; the report says it judges the year."""
    description = the_report().description
    assert "年平均" in description.render("zh_Hans_CN") and "逐年" in description.render("zh_Hans_CN")
    assert "average" in description.render("en")


def test_the_rate_is_over_every_teacher_the_ledger_is_read_for():
    """Entries are counted from the ledger for every teacher, even one whose standing is being
    computed again, so the rate's base keeps them."""
    found = cells(summary(100, completed=21, waiting=5))["completed_90_rate"]
    assert found.ok and found.actual == D("21.00")


# §二 教师参加90学分及以上项目，按分层分类匹配率须达到75%及以上 ------------------------------------


def choice(project_layer, base, teacher_layer, count, year=2019) -> SelectionCount:
    return SelectionCount(year, project_layer, None if base is None else D(base), teacher_layer, count)


@pytest.mark.parametrize(
    "selections, ok, actual, text",
    [
        # 3 of 4 choices of 90+ projects match: 75%, at the minimum; a 60-credit project is not judged
        ((choice("骨干教师", 90, "骨干教师", 3), choice("骨干教师", 90, "新教师", 1), choice("新教师", 60, "骨干教师", 5)),
         True, "75.00", "选课 4 人次，按分层分类匹配 3 人次"),
        # §二 教师参加90学分及以上项目: a 90+ project naming no layer is in the base and matches nobody
        # (the demo's term: 10 and 6 choices of two 90-credit trainings naming no layer)
        ((choice(None, 90, "骨干教师", 10), choice(None, 90, "成熟教师", 6), choice(None, 90, None, 1)),
         False, "0.00", "选课 17 人次，按分层分类匹配 0 人次，匹配率 0%，要求不低于 75%（其中 17 人次的项目未注明面向的分层分类，不算匹配）"),
        ((choice("骨干教师", 90, "骨干教师", 3), choice(None, 120, "新教师", 1)), True, "75.00", "其中 1 人次的项目未注明"),
        # 29 of 40: 72.5%, just under; 30 asked
        ((choice("骨干教师", 120, "骨干教师", 29), choice("骨干教师", 90, "成熟教师", 11)), False, "72.50",
         "按此比例差 1 人次"),
        # a teacher with no layer never matches
        ((choice("骨干教师", 90, "骨干教师", 2), choice("骨干教师", 90, None, 1)), False, "66.67", "差 1 人次"),
        ((), True, None, "不计算匹配率"),  # no choices: nothing to judge
        # §二 90学分及以上: a project of 89.5 credits is below it, its mismatched choices outside the rate
        ((choice("骨干教师", 90, "骨干教师", 3), choice("骨干教师", "89.5", "新教师", 5)), True, "100.00",
         "选课 3 人次，按分层分类匹配 3 人次"),
    ],
)
def test_the_layer_and_category_match_rate(selections, ok, actual, text):
    found = cells(summary(10, selections=selections))["layer_match"]
    assert (found.code, found.ok, found.required, found.source) == ("layer_match_rate", ok, D(75), P.LAYER_MATCH_CLAUSE)
    assert found.actual == (None if actual is None else D(actual))
    assert text in found.message


def test_the_match_rate_is_the_reports_year_in_every_row():
    """Every row of the report judges the report's year, so the rows compare the same thing;
    the dashboard gives the same year's rate, and the term being selected beside it."""
    selections = (choice("骨干教师", 90, "骨干教师", 1), choice("骨干教师", 90, "新教师", 3, year=2020))
    found = cells(summary(10, selections=selections))["layer_match"]
    assert found.ok and found.actual == D("100.00")
    _, this_year, selecting = ruian.portal_dashboard_panels(summary=summary(10, selections=selections))
    assert str(this_year.title).startswith("2019 年") and this_year.value == "100%"
    assert str(selecting.title).startswith("2020 年") and selecting.value == "0%"


# The total row: the units summed, then judged -------------------------------------------------


def test_the_total_row_judges_the_units_taken_together():
    """Two schools of 50 teachers: one averages 70, the other 74; together 72, reached. The
    completion rate (10 + 11 of 100) and the match (3 + 0 of 4) are judged on the sums too."""
    year = Period(date(2019, 1, 1), date(2019, 12, 31))
    one = summary(50, "3500", completed=10, selections=(choice("骨干教师", 90, "骨干教师", 3),))
    two = summary(50, "3700", completed=11, selections=(choice("骨干教师", 90, "新教师", 1),))
    row = cells(combined([one, two], 2019, year))
    assert [cells(s)["average"].ok for s in (one, two)] == [False, True]
    assert row["teachers"] == 100 and row["average"].ok and row["average"].actual == D("72.00")
    assert row["completed_90"] == 21 and row["completed_90_rate"].ok
    assert row["layer_match"].ok and row["layer_match"].actual == D("75.00")


# Through the core, on the demo ------------------------------------------------------------------


def _report(app, username: str, today: date):
    region = app.extensions["portal.region"]
    with app.test_request_context():
        user = db.session.scalar(select(User).where(User.username == username))
        view = report_view(region, user, "school_figures", None, today)
        return view, {row.unit.name: dict(zip(COLUMNS, row.cells)) for row in view.rows}, dict(
            zip(COLUMNS, view.total.cells))


def test_the_report_runs_through_the_core_on_the_demo(make_app, monkeypatch):
    """The demo's 41 teachers: 安阳实验小学 (11, the demo teacher's school) and the kindergarten (10)
    in 安阳学区, 10 in each of the two other zones. This year 安阳实验小学's teachers completed a
    90-credit training the school recognised (the demo teacher and eight colleagues); the
    junior-high one's is still being audited, so it does not count yet."""
    today = on_demo_day(monkeypatch)  # the demo's year: in January's first days the year just ended
    app = make_app("ruian", demo=True)
    with app.app_context():
        view, rows, total = _report(app, "city_admin", today)
        assert [r.unit.name for r in view.rows] == ["塘下学区", "安阳学区", "玉海学区"]
        assert {name: row["teachers"] for name, row in rows.items()} == {"安阳学区": 21, "玉海学区": 10, "塘下学区": 10}
        assert total["teachers"] == 41 and view.total.summary.waiting == 0
        for row in (*rows.values(), total):
            assert all(isinstance(row[c], Finding) for c in ("average", "completed_90_rate", "layer_match"))
            average = row["average"]
            assert average.required == D(72) and average.actual is not None
            assert average.ok == (average.actual >= 72)
        yearly = sum((r.summary.year_total for r in view.rows), D(0))
        assert total["average"] == reporting.school_average_finding(today.year, 41, yearly)
        assert rows["玉海学区"]["completed_90"] == 0 and not rows["玉海学区"]["completed_90_rate"].ok
        assert rows["安阳学区"]["completed_90"] >= 9 and rows["安阳学区"]["completed_90_rate"].ok
        assert total["completed_90"] == sum(row["completed_90"] for row in rows.values())
        # §二 教师参加90学分及以上项目: this year's two 90-credit trainings name their layers (骨干教师,
        # 成熟教师); every choice of them is judged, matched or not
        assert D(0) < total["layer_match"].actual < D(100)
        assert "项目未注明面向的分层分类" not in total["layer_match"].message

        # the zone's admin sees its schools; a teacher selecting the layer's 90-credit training
        # moves the school's match rate (when the term's training falls in the report's year)
        first = demo.upcoming(today)[0]
        project = db.session.scalar(select(TrainingProject).where(TrainingProject.name == first.name))
        matched = _matched(_report(app, "district_admin", today)[1]["瑞安市安阳实验小学"])
    client = app.test_client()
    assert login(client, "teacher").status_code in (302, 303)
    assert client.post(f"/catalog/{project.id}/select").status_code == 303
    with app.app_context():
        view, rows, total = _report(app, "district_admin", today)
        assert set(rows) == {"瑞安市安阳实验小学", "瑞安市实验幼儿园"}
        school = rows["瑞安市安阳实验小学"]
        assert school["teachers"] == 11 and school["completed_90"] >= 9
        # a December term trains next year: this year's report does not judge it
        assert _matched(school) == matched + (1 if project.year == today.year else 0)


def _matched(row) -> int:
    return int(re.search(r"按分层分类匹配 (\d+) 人次", str(row["layer_match"].message)).group(1))


def test_a_failed_90_credit_training_is_not_a_completion(make_app, monkeypatch):
    """§二 完成率: the demo's 安阳实验小学 has nine completions of this year's 90-credit training
    and one fail (the demo's p1)."""
    on_demo_day(monkeypatch)  # the demo's year: in January's first days the year just ended
    app = make_app("ruian", demo=True)
    with app.app_context():
        _, rows, _ = _report(app, "district_admin", clock.today())
    assert rows["瑞安市安阳实验小学"]["completed_90"] == 9


def test_the_90_credit_completions_open_those_teachers(make_app, monkeypatch):
    """The page's hint says an underlined figure opens those teachers: the completions of a
    90-credit centralized training are a link, to exactly that many teachers."""
    from portal.domain import UserRole
    from portal.services.scope import Scope
    from portal.services.teachers import TeacherFilter, teacher_page

    drill = ("credited_program", P.PROGRAM_RESTRICTED_ELECTIVE_90)
    assert {c.code: c.drill for c in the_report().columns if c.drill} == {"completed_90": drill}
    today = on_demo_day(monkeypatch)  # the demo's year: in January's first days the year just ended
    app = make_app("ruian", demo=True)
    with app.app_context(), app.test_request_context():
        region = app.extensions["portal.region"]
        admin = db.session.scalar(select(User).where(User.username == "city_admin"))
        view = report_view(region, admin, reporting.SCHOOL_FIGURES, None, today)
        at = COLUMNS.index("completed_90")
        opened = 0
        for row in (*view.rows, view.total):
            listed = teacher_page(region, Scope.of(admin, UserRole), today,
                                  narrowed=TeacherFilter(row.unit, drill))
            assert listed.total == row.cells[at], row.name
            opened += row.cells[at]
        assert opened, "the demo has teachers who completed one this year"
        unit = view.total.unit.id
    client = app.test_client()
    login(client, "city_admin")
    page = client.get(f"/admin/reports/{reporting.SCHOOL_FIGURES}").get_data(as_text=True)
    program = P.PROGRAM_RESTRICTED_ELECTIVE_90
    assert f'href="/admin/teachers?unit={unit}&amp;show=credited_program&amp;code={program}"' in page
    listing = client.get(f"/admin/teachers?unit={unit}&show=credited_program&code={program}")
    assert "本年度获得学分：限定选修90学分集中培训" in listing.get_data(as_text=True)


@pytest.mark.parametrize(
    "teachers, waiting, total, value, text",
    [
        (41, 41, "0", "—", "正在重新计算"),  # all being computed again: no average, no gap of 41 × 72
        (11, 1, "720", "72 学分", "已达到"),  # the one waiting is in neither the total nor the head count
        (11, 1, "700", "70 学分", "本范围 10 人合计还差 20 学分"),
        (11, 0, "700", "63.64 学分", "本范围 11 人合计还差 92 学分"),
    ],
)
def test_the_dashboards_average_counts_whom_the_reports_average_counts(teachers, waiting, total, value, text):
    """A phone trial's bureau read 0 学分 and 41 人合计还差 2952 学分 on its dashboard while all 41
    teachers' standings were being computed again, and — in the report."""
    panel = reporting.average_panel(summary(teachers, total, waiting=waiting, year=2026))
    assert str(panel.value) == value and text in str(panel.note)
    report = cells(summary(teachers, total, waiting=waiting, year=2026))["average"]
    assert (report.actual is None) == (value == "—")


def test_the_two_rates_read_as_percentages():
    """A phone trial read 90学分完成率 21.95 beside 90学分完成 9, and 分层分类匹配率 75, as if credits."""
    columns = {c.code: c for c in reporting.reports()[0].columns}
    assert columns["completed_90_rate"].percent and columns["layer_match"].percent
    assert not columns["completed_90"].percent and not columns["average"].percent
