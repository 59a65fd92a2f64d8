"""Reports over the units below an admin: figures that agree with each teacher's own answer,
drill-downs that open exactly the teachers counted, scope, Excel exports, a bounded number of
queries, and the teacher list written to Excel by a background job."""
import io
import re
from collections import Counter
from datetime import date
from decimal import Decimal as D

import pytest
from python_calamine import CalamineWorkbook
from sqlalchemy import select

from portal import clock
from portal.domain import Column, Report, ScopeSummary, UserRole
from portal.extensions import db
from portal.models import OrgUnit, Teacher, User
from portal.services import reports, standings
from portal.services.scope import Scope
from portal.services.teachers import TeacherFilter, teacher_page
from portal.web import local_time
from tests.support import login, on_demo_day, on_hire_unasked_day
from tests.support import text as support_text
from tests.test_queries import counted_queries

BUNDLED_REGIONS = ("qingdao", "kaifeng", "ruian", "shanxi")


def user(name: str) -> User:
    return db.session.scalar(select(User).where(User.username == name))


def user_exists(app, name: str) -> bool:
    with app.app_context():
        return user(name) is not None


def sheet_rows(data: bytes) -> list[list]:
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()


def table_and_notes(rows: list[list]) -> tuple[list[list], list[str]]:
    """A report's export: its table, then below an empty row a note a line."""
    blank = next((i for i, row in enumerate(rows) if not any(cell not in ("", None) for cell in row)), len(rows))
    return rows[:blank], [row[0] for row in rows[blank + 1:]]


def answers_below(region, unit: OrgUnit, today: date) -> list:
    teachers = db.session.scalars(select(Teacher).join(OrgUnit, Teacher.school_id == OrgUnit.id)
                                  .where(OrgUnit.path.startswith(unit.path))).all()
    return [standings.current(region, t, today) for t in teachers]


def met_by_code(findings):
    """Each duty once, met when each of its findings is."""
    seen = {}
    for f in findings:
        seen[f.code] = seen.get(f.code, True) and f.ok
    return seen


@pytest.mark.parametrize("code", BUNDLED_REGIONS)
def test_each_units_figures_are_its_teachers_own_answers(make_app, code):
    """Every unit's row and the total count what each teacher's own page says, and each
    figure that opens teachers opens exactly that many."""
    app = make_app(code, demo=True)
    today = clock.today()
    with app.app_context(), app.test_request_context():
        region = app.extensions["portal.region"]
        admin = user("province_admin") or user("city_admin")
        for report_code in ("compliance", "credit_uses"):
            view = reports.report_view(region, admin, report_code, None, today)
            assert view.rows, "the demo has units with teachers"
            for row in (*view.rows, view.total):
                answers = answers_below(region, row.unit, today)
                summary = row.summary
                assert summary.teachers == len(answers), row.unit.name
                assert summary.waiting == 0
                # a teacher asked nothing (0 of 0) meets nothing: counted apart, in no share
                assert summary.teachers_meeting_yearly == sum(
                    a.year_met and bool(a.year_progress() and a.year_progress().required) for a in answers)
                assert summary.teachers_meeting_cycle == sum(a.cycle.ok and a.cycle.required > 0 for a in answers)
                assert summary.teachers_done == sum(a.cycle.ok and not a.open_findings() for a in answers)
                missing = Counter(c for a in answers for c, ok in met_by_code(a.compliance.findings).items() if not ok)
                open_uses = Counter(e.purpose for a in answers for e in a.eligibility if e.ok)
                # each report counts what it reads (``Report.reads``) and nothing else
                assert dict(summary.duties_open) == (dict(missing) if view.report.needs("duties_open") else {})
                assert dict(summary.purposes_open) == (dict(open_uses) if view.report.needs("purposes_open") else {})
                scope = Scope.of(admin, UserRole)
                for column, cell in zip(view.report.columns, row.cells):
                    if column.drill and isinstance(cell, int):
                        listed = teacher_page(region, scope, today, narrowed=TeacherFilter(row.unit, column.drill))
                        assert listed.total == cell, (row.unit.name, column.code)


def test_the_rows_are_the_units_just_below_and_drill_down_to_the_school(make_app):
    app = make_app("shanxi", demo=True)
    client = app.test_client()
    login(client, "city_admin")
    with app.app_context():
        city = user("city_admin").roles[0].org_unit
        children = {u.id: u.name for u in city.children}
    page = client.get("/admin/reports/compliance").get_data(as_text=True)
    opened = [int(i) for i in re.findall(r"/admin/reports/compliance\?unit=(\d+)", page)]
    assert opened and set(opened) <= set(children)
    district = client.get(f"/admin/reports/compliance?unit={opened[0]}").get_data(as_text=True)
    assert children[opened[0]] in district
    assert "/admin/teachers?unit=" in district


def test_a_unit_outside_the_readers_scope_or_an_unknown_report_is_not_found(make_app):
    app = make_app("shanxi", demo=True)
    with app.app_context():
        city = user("city_admin").roles[0].org_unit
        school = user("school_admin").roles[0].org_unit
    client = app.test_client()
    login(client, "school_admin")
    assert client.get(f"/admin/reports/compliance?unit={city.id}").status_code == 404
    assert client.get(f"/admin/teachers?unit={city.id}").status_code == 404
    assert client.get("/admin/reports/nothing").status_code == 404
    assert client.get(f"/admin/reports/compliance?unit={school.id}").status_code == 200
    assert client.get("/admin/teachers?show=missing&code=no_such_duty").status_code == 404
    teacher = app.test_client()
    login(teacher, "teacher")
    assert teacher.get("/admin/reports").status_code in (302, 403)
    assert teacher.get("/admin/reports/compliance").status_code in (302, 403)


@pytest.mark.parametrize("code", BUNDLED_REGIONS)
def test_every_report_of_the_region_renders_and_exports(make_app, code):
    app = make_app(code, demo=True)
    client = app.test_client()
    login(client, "city_admin")
    listing = client.get("/admin/reports").get_data(as_text=True)
    codes = re.findall(r'href="/admin/reports/(\w+)"', listing)
    assert {"compliance", "credit_uses"} <= set(codes)
    for report_code in codes:
        page = client.get(f"/admin/reports/{report_code}")
        assert page.status_code == 200, report_code
        response = client.get(f"/admin/reports/{report_code}/export.xlsx")
        assert response.status_code == 200
        rows = sheet_rows(response.data)
        assert len(rows) >= 2 and rows[0][0]
        text = page.get_data(as_text=True)
        assert "{" not in re.sub(r'data-chart="[^"]*"', "", text.split("<main", 1)[-1]), "no raw code on the page"
    client.post("/locale/zh_Hans_CN")
    heads = support_text(client.get("/admin/reports/compliance"))
    assert "周期：各教师当前所在的周期" in heads, "the duties report names both its year and its cycle"
    assert "年度：" not in support_text(client.get("/admin/reports/credit_uses")), "uses open today: no year"


def test_a_report_page_runs_the_same_queries_whatever_the_number_of_units(make_app):
    app = make_app("qingdao", demo=True)
    client = app.test_client()
    login(client, "province_admin")
    with counted_queries(app) as statements:
        assert client.get("/admin/reports/compliance").status_code == 200
    assert len(statements) < 25, [s for s, _ in statements]


def test_the_region_without_reports_still_has_the_cores(make_app):
    app = make_app("example", demo=True)
    with app.app_context(), app.test_request_context():
        region = app.extensions["portal.region"]
        assert region.reports() == []
        assert [r.code for r in reports.reports(region, clock.today())][:1] == ["compliance"]


def test_a_report_is_checked_when_it_is_defined():
    teachers = Column("teachers", "教师", lambda s: s.teachers)
    with pytest.raises(ValueError):
        Report("Bad-Code", "x", (teachers,))
    with pytest.raises(ValueError):
        Report("twice", "x", (teachers, teachers))
    with pytest.raises(ValueError):
        Report("chart", "x", (teachers,), chart="nothing")
    with pytest.raises(ValueError):
        Report("drill", "x", (Column("n", "n", lambda s: 0, drill=("everyone", "")),))
    with pytest.raises(ValueError):
        Report("reads", "x", (teachers,), reads=("ledger",))
    with pytest.raises(ValueError):
        Report("periods", "x", (teachers,), periods=("week",))
    assert Report("ok_1", "x", (teachers,), chart="teachers").columns[0].value(
        ScopeSummary(3, 0, 2026, D(0), 0)) == 3


def test_the_teacher_list_is_written_to_excel_by_a_background_job(make_app):
    app = make_app("qingdao", demo=True)
    with app.app_context():
        district = user("district_admin").roles[0].org_unit
        inside = db.session.scalar(select(Teacher).join(OrgUnit, Teacher.school_id == OrgUnit.id)
                                   .where(OrgUnit.path.startswith(district.path)))
        inside.name = "=HYPERLINK(\"http://x\")"
        db.session.commit()
    client = app.test_client()
    login(client, "district_admin")
    listing = client.get("/admin/teachers").get_data(as_text=True)
    total = int(re.search(r"(\d+) (?:名教师|teachers?)", listing).group(1))
    token = re.search(r'name="csrf_token" value="([^"]+)"', listing).group(1)
    started = client.post("/admin/teachers/export", data={"csrf_token": token})
    assert started.status_code == 303
    job_page = client.get(started.headers["Location"]).get_data(as_text=True)
    link = re.search(r'href="(/admin/teachers/export/\d+/file)"', job_page).group(1)
    rows = sheet_rows(client.get(link).data)
    assert len(rows) == total + 1
    assert "=HYPERLINK(\"http://x\")" in [r[0] for r in rows]
    assert all(isinstance(r[1], str) for r in rows[1:]), "ID numbers stay text"
    other = app.test_client()
    login(other, "city_admin")
    assert other.get(link).status_code == 404
    assert other.get(started.headers["Location"]).status_code == 404


def test_an_export_narrowed_to_a_figure_holds_those_teachers(make_app):
    app = make_app("shanxi", demo=True)
    client = app.test_client()
    login(client, "city_admin")
    listing = client.get("/admin/teachers?show=year_unmet").get_data(as_text=True)
    total = int(re.search(r"(\d+) (?:名教师|teachers?)", listing).group(1))
    token = re.search(r'name="csrf_token" value="([^"]+)"', listing).group(1)
    started = client.post("/admin/teachers/export", data={"csrf_token": token, "show": "year_unmet"})
    job_page = client.get(started.headers["Location"]).get_data(as_text=True)
    assert 'href="/admin/teachers?show=year_unmet"' in job_page, "the way back keeps the list's filter"
    link = re.search(r'href="(/admin/teachers/export/\d+/file)"', job_page).group(1)
    assert len(sheet_rows(client.get(link).data)) == total + 1
    assert client.post("/admin/teachers/export", data={"csrf_token": token, "show": "missing",
                                                        "code": "no_such_duty"}).status_code == 404


def test_a_reports_rows_page_and_filter_by_name_while_the_total_counts_them_all(make_app):
    app = make_app("shanxi", demo=True, PORTAL_PAGE_SIZE=1)
    client = app.test_client()
    login(client, "city_admin")
    with app.app_context(), app.test_request_context():
        admin = user("city_admin")
        region = app.extensions["portal.region"]
        whole = reports.report_view(region, admin, "compliance", None, clock.today())
        first = reports.report_view(region, admin, "compliance", None, clock.today(), "", 1, 1)
        assert len(whole.rows) >= 2 and len(first.rows) == 1 and first.page.total == len(whole.rows)
        assert first.total.summary == whole.total.summary
        name = whole.rows[-1].name
        found = reports.report_view(region, admin, "compliance", None, clock.today(), name[-3:], 1, 1)
        assert [r.name for r in found.rows] == [name]
    page = client.get("/admin/reports/compliance?page=2").get_data(as_text=True)
    assert "page=1" in page and whole.rows[1].name in page
    assert whole.rows[0].name not in page.split("<h2>", 3)[-1]
    exported, _notes = table_and_notes(sheet_rows(client.get("/admin/reports/compliance/export.xlsx").data))
    assert len(exported) == len(whole.rows) + 2, "the export holds every row and the total"


def test_the_export_job_runs_in_a_worker_with_no_request(make_app):
    """A worker has an app but no request: the job's words come from the locale it was
    queued with, never from a session."""
    from portal.services import background, exports

    app = make_app("qingdao", demo=True)
    with app.app_context():
        admin = user("district_admin")
        result = exports.export_job(app.extensions["portal.region"], admin,
                                    {"unit": None, "drill": None, "locale": "en", "today": clock.today().isoformat()},
                                    background.Progress(None))
        rows = sheet_rows((exports.folder() / result["file"]).read_bytes())
    assert rows[0][:2] == ["Name", "ID number"] and len(rows) == result["rows"] + 1
    assert result["name"].startswith("Teachers-")


@pytest.mark.parametrize("code", BUNDLED_REGIONS)
def test_a_summary_kept_by_a_job_reads_back_the_same(make_app, code):
    app = make_app(code, demo=True)
    with app.app_context(), app.test_request_context():
        region = app.extensions["portal.region"]
        admin = user("city_admin")
        for report in reports.reports(region, clock.today()):
            view = reports.report_view(region, admin, report.code, None, clock.today())
            for row in (*view.rows, view.total):
                assert ScopeSummary.from_data(row.summary.as_data()) == row.summary, (report.code, row.name)


def test_a_large_report_is_computed_by_a_background_job_and_then_read_from_it(make_app):
    """Over more teachers than the setting allows, the page computes nothing: it offers the
    job, follows it, then shows the same figures the page would have computed, with their time;
    the export waits for them too."""
    app = make_app("shanxi", demo=True, PORTAL_REPORT_BACKGROUND_TEACHERS=0)
    with app.app_context(), app.test_request_context():
        region = app.extensions["portal.region"]
        admin = user("city_admin")
        app.config["PORTAL_REPORT_BACKGROUND_TEACHERS"] = 10**9
        on_the_page = reports.report_view(region, admin, "compliance", None, clock.today())
        app.config["PORTAL_REPORT_BACKGROUND_TEACHERS"] = 0
        waiting = reports.report_view(region, admin, "compliance", None, clock.today())
        assert waiting.in_background and not waiting.computed and waiting.rows == ()
        assert waiting.teachers == on_the_page.total.summary.teachers
    client = app.test_client()
    login(client, "city_admin")
    page = client.get("/admin/reports/compliance").get_data(as_text=True)
    assert 'action="/admin/reports/compliance/compute"' in page and on_the_page.rows[0].name not in page
    assert client.get("/admin/reports/compliance/export.xlsx").status_code == 303
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    unit = on_the_page.unit.id
    started = client.post("/admin/reports/compliance/compute", data={"csrf_token": token, "unit": unit})
    assert started.status_code == 303
    shown = client.get(started.headers["Location"]).get_data(as_text=True)
    assert all(row.name in shown for row in on_the_page.rows)
    assert "/admin/reports/compliance/compute" in shown, "computed again on request"
    with app.app_context(), app.test_request_context():
        kept = reports.report_view(app.extensions["portal.region"], user("city_admin"), "compliance", None,
                                   clock.today())
        assert kept.computed and kept.job.finished_at is not None
        assert [(r.name, r.cells, r.opens) for r in kept.rows] == [(r.name, r.cells, r.opens) for r in on_the_page.rows]
        assert kept.total.summary == on_the_page.total.summary
        when = local_time(kept.job.finished_at)
    exported, notes = table_and_notes(sheet_rows(client.get("/admin/reports/compliance/export.xlsx").data))
    assert len(exported) == len(on_the_page.rows) + 2
    assert notes[0] == f"以上数字统计于 {when}。", "the file says when, as the page does"
    polled = client.get("/admin/reports/compliance", headers={"HX-Request": "true"})
    assert polled.headers.get("HX-Refresh") == "true", "a finished job reloads the whole page"
    other = app.test_client()
    login(other, "province_admin" if user_exists(app, "province_admin") else "district_admin")
    assert 'action="/admin/reports/compliance/compute"' in other.get("/admin/reports/compliance").get_data(as_text=True), \
        "each admin computes their own"
    school = app.test_client()
    login(school, "school_admin")
    listing = school.get("/admin/reports/compliance").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', listing).group(1)
    assert school.post("/admin/reports/compliance/compute", data={"csrf_token": token, "unit": unit}).status_code == 404


def test_a_failed_report_job_says_so_and_is_offered_again(make_app):
    from portal.models import Job

    app = make_app("kaifeng", demo=True, PORTAL_REPORT_BACKGROUND_TEACHERS=0)
    with app.app_context():
        admin = user("city_admin")
        unit = admin.roles[0].org_unit
        db.session.add(Job(kind=reports.FIGURES, user_id=admin.id, state="failed", error="OperationalError: gone",
                           params={"code": "compliance", "unit": unit.id, "day": clock.today().isoformat(),
                                   "format": reports.FIGURES_FORMAT}))
        db.session.commit()
    client = app.test_client()
    login(client, "city_admin")
    page = client.get("/admin/reports/compliance").get_data(as_text=True)
    assert 'role="alert"' in page and "OperationalError" not in page
    assert 'action="/admin/reports/compliance/compute"' in page


def test_figures_kept_before_a_summary_kept_more_are_computed_again(make_app):
    """A job kept today before the summary kept ``teachers_done`` would read it back as 0: it is
    not read, the page offers the figures to be computed."""
    from portal.models import Job

    app = make_app("kaifeng", demo=True, PORTAL_REPORT_BACKGROUND_TEACHERS=0)
    with app.app_context():
        admin = user("city_admin")
        unit = admin.roles[0].org_unit
        db.session.add(Job(kind=reports.FIGURES, user_id=admin.id, state="done", result={"rows": {}, "opening": []},
                           params={"code": "compliance", "unit": unit.id, "day": clock.today().isoformat()}))
        db.session.commit()
    client = app.test_client()
    login(client, "city_admin")
    page = client.get("/admin/reports/compliance").get_data(as_text=True)
    assert 'action="/admin/reports/compliance/compute"' in page


def test_a_running_report_job_shows_its_progress(make_app):
    from portal.models import Job

    app = make_app("ruian", demo=True, PORTAL_REPORT_BACKGROUND_TEACHERS=0)
    with app.app_context():
        admin = user("city_admin")
        unit = admin.roles[0].org_unit
        db.session.add(Job(kind=reports.FIGURES, user_id=admin.id, state="running",
                           params={"code": "compliance", "unit": unit.id, "day": clock.today().isoformat(),
                                   "format": reports.FIGURES_FORMAT}))
        db.session.commit()
    client = app.test_client()
    login(client, "city_admin")
    page = client.get("/admin/reports/compliance").get_data(as_text=True)
    assert "<progress" in page and 'hx-trigger="every 1s"' in page
    assert 'action="/admin/reports/compliance/compute"' not in page


@pytest.mark.parametrize("code", BUNDLED_REGIONS)
def test_the_credits_by_category_are_each_units_counted_entries_of_the_year(make_app, monkeypatch, code):
    """Counted here from every ledger row in Python: standing (neither a reversal nor
    reversed), in a counting state, dated in the region's year, under the unit."""
    from portal.models import LedgerEntry

    today = on_demo_day(monkeypatch)  # the demo's year: in January's first days the year just ended
    app = make_app(code, demo=True)
    with app.app_context(), app.test_request_context():
        region = app.extensions["portal.region"]
        counting = region.audit_workflow().counting()
        period = region.year(today)
        entries = db.session.scalars(select(LedgerEntry)).all()
        reversed_ids = {e.reverses_id for e in entries if e.reverses_id}
        school_path = dict(db.session.execute(select(Teacher.id, OrgUnit.path)
                                              .join(OrgUnit, Teacher.school_id == OrgUnit.id)).all())
        counted = [e for e in entries if e.reverses_id is None and e.id not in reversed_ids
                   and e.audit_state in counting and period.start <= e.activity_date <= period.end]
        assert counted, "the demo has counted entries this year"
        view = reports.report_view(region, user("city_admin"), "categories", None, today)
        assert sum(c.entries for c in view.total.summary.categories) == sum(
            1 for e in counted if school_path[e.teacher_id].startswith(view.unit.path))
        for row in (*view.rows, view.total):
            mine = [e for e in counted if school_path[e.teacher_id].startswith(row.unit.path)]
            for category in region.categories():
                got = row.summary.category(category.code)
                of = [e for e in mine if e.category == category.code]
                assert (got.entries, got.amount) == (len(of), sum((e.amount for e in of), D(0))), row.name
                assert got.teachers == len({e.teacher_id for e in of if e.amount > 0})


@pytest.mark.parametrize("code", BUNDLED_REGIONS)
def test_every_figure_of_every_report_opens_that_many_teachers(make_app, code):
    app = make_app(code, demo=True)
    today = clock.today()
    with app.app_context(), app.test_request_context():
        region = app.extensions["portal.region"]
        admin = user("city_admin")
        scope = Scope.of(admin, UserRole)
        opened = 0
        for report in reports.reports(region, today):
            view = reports.report_view(region, admin, report.code, None, today)
            for row in (*view.rows, view.total):
                for column, cell in zip(report.columns, row.cells):
                    if column.drill and isinstance(cell, int) and row.unit is not None:
                        listed = teacher_page(region, scope, today, narrowed=TeacherFilter(row.unit, column.drill))
                        assert listed.total == cell, (report.code, row.name, column.code)
                        opened += cell
        assert opened, "some figure opens teachers"


def test_a_share_is_rounded_half_up_as_every_shown_figure_yet_never_100_short_of_all():
    assert reports.share_of(2, 42) == D("4.8") and reports.share_of(41, 42) == D("97.6")
    assert reports.share_of(9997, 10000) == D("99.9") and reports.share_of(0, 0) is None
    assert reports.share_of(10000, 10000) == D(100) and reports.share_of(1, 100000) == D("0.1")


@pytest.mark.parametrize("code", BUNDLED_REGIONS)
def test_a_schools_own_report_shows_its_figures_once(make_app, code):
    """A unit with no unit below it: its figures once, no table of one row repeating them,
    the way to its teachers; the export holds that one row."""
    app = make_app(code, demo=True)
    client = app.test_client()
    login(client, "school_admin")
    with app.app_context(), app.test_request_context():
        school = user("school_admin").roles[0].org_unit
        view = reports.report_view(app.extensions["portal.region"], user("school_admin"), "compliance", None,
                                   clock.today())
        assert view.alone and [r.unit.id for r in view.rows] == [school.id]
        name = school.name
    page = client.get("/admin/reports/compliance").get_data(as_text=True)
    assert "<h2>各单位</h2>" not in page and 'class="unit-row"' not in page
    assert page.count(name) == 2, "the trail and the figures' heading"
    assert f'href="/admin/teachers?unit={school.id}"' in page
    exported, notes = table_and_notes(sheet_rows(client.get("/admin/reports/compliance/export.xlsx").data))
    assert [row[0] for row in exported] == ["单位", name] and notes
    city = app.test_client()
    login(city, "city_admin")
    assert "<h2>各单位</h2>" in city.get("/admin/reports/compliance").get_data(as_text=True), "a unit with units below keeps them"


@pytest.mark.parametrize("code", BUNDLED_REGIONS)
def test_every_reports_sheet_is_named_in_full_in_each_language(make_app, code):
    """Excel cuts a sheet's name at 31 characters: every report names its sheet in a few words
    that fit, in Chinese and in English, and the file carries that name whole."""
    from flask_babel import force_locale

    from portal.domain.reporting import SHEET_NAME_MAX

    app = make_app(code, demo=True)
    client = app.test_client()
    login(client, "city_admin")
    for locale in ("zh_Hans_CN", "en"):
        client.post(f"/locale/{locale}")
        with app.test_request_context(), force_locale(locale):
            named = {r.code: (str(r.sheet), r.sheet_name) for r in reports.reports(app.extensions["portal.region"],
                                                                                     clock.today())}
        for report_code, (sheet, name) in named.items():
            assert sheet and len(name) <= SHEET_NAME_MAX, (locale, report_code, name)
            data = client.get(f"/admin/reports/{report_code}/export.xlsx").data
            assert CalamineWorkbook.from_filelike(io.BytesIO(data)).sheet_names == [name], (locale, report_code)
        if locale == "en":
            assert not any(re.search(r"[\u4e00-\u9fff]", name) for _sheet, name in named.values())


@pytest.mark.parametrize("code", ("qingdao", "kaifeng"))
def test_the_yearly_minimum_not_met_says_it_counts_any_year_of_the_cycle(make_app, code):
    """Each year of the cycle so far is judged under the one code: the figure counts teachers
    who fell short in any of them, not only this year, and its label says so, as does the list
    it opens."""
    from flask_babel import force_locale

    from portal.domain.findings import YEARLY_MINIMUM

    app = make_app(code, demo=True)
    with app.app_context(), app.test_request_context():
        region = app.extensions["portal.region"]
        for locale, words in (("zh_Hans_CN", "周期内任一年未完成："), ("en", "Missing in any year of the cycle: ")):
            with force_locale(locale):
                compliance = reports.reports(region, clock.today())[0]
                labels = [str(c.label) for c in compliance.columns if c.drill == ("missing", YEARLY_MINIMUM)]
            assert len(labels) == 1 and labels[0].startswith(words), labels
    client = app.test_client()
    login(client, "city_admin")
    listing = client.get(f"/admin/teachers?show=missing&code={YEARLY_MINIMUM}").get_data(as_text=True)
    assert "周期内任一年未完成：" in listing


def test_a_probation_year_with_duties_open_is_no_teacher_with_every_duty_met(make_app, monkeypatch):
    """Shanxi's new teacher in her probation year is asked 0 of the cycle while her year's trainings
    are open: the dashboard, the compliance report and the export never count her as having met
    every duty, and each figure says which; the cycle's total asks nothing of her, so the export
    says so (—), as the dashboard and the report count her apart (周期总量不作要求), not 是."""
    from portal.services import background, exports
    from portal.services.scope import viewer_scope
    from portal.services.teachers import scope_summary

    on_hire_unasked_day(monkeypatch)
    app = make_app("shanxi", demo=True)
    today = clock.today()
    with app.app_context(), app.test_request_context():
        region = app.extensions["portal.region"]
        hire = db.session.scalar(select(Teacher).where(Teacher.name == "郭雨萱"))
        kept = standings.current(region, hire, today)
        assert kept.cycle.required == 0 and kept.cycle.ok and kept.open_findings()
        admin = user("district_admin")
        summary = scope_summary(region, viewer_scope(admin), today)
        assert summary.cycle_exempt >= 1 and summary.teachers_done <= summary.teachers_meeting_cycle
        view = reports.report_view(region, admin, "compliance", None, today)
        cells = dict(zip((c.code for c in view.report.columns), view.total.cells))
        assert cells["all_met"] == view.total.summary.teachers_done <= cells["cycle_met"]
        result = exports.export_job(region, admin, {"unit": None, "drill": None, "locale": "zh_Hans_CN",
                                                    "today": today.isoformat()}, background.Progress(None))
        rows = sheet_rows((exports.folder() / result["file"]).read_bytes())
    heading = rows[0]
    assert "周期总量已达标" in heading and "周期已达标" not in heading
    her = next(r for r in rows if r[0] == "郭雨萱")
    assert her[heading.index("周期总量已达标")] == "不作要求" and her[heading.index("各项要求均已完成")] == "否"
    assert her[heading.index("未完成的要求（含往期未完成的）")]
    client = app.test_client()
    login(client, "district_admin")
    home = client.get("/admin/").get_data(as_text=True)
    assert "完成本周期要求" not in home and "各项要求均已完成" in home
    assert f"<strong>{summary.teachers_done}</strong> / {summary.teachers}" in home
    assert f"其中周期学分总量已达标 {summary.teachers_meeting_cycle} / {summary.cycle_asked}" in home
    page = client.get("/admin/reports/compliance").get_data(as_text=True)
    assert "周期总量已达标" in page and "各项要求均已完成" in page and "周期已达标" not in page


def test_a_teacher_asked_nothing_is_not_counted_as_meeting_it(make_app, monkeypatch):
    """Phone trial (shanxi): 郭雨萱, on probation with 0 shown as 不作要求, was counted in
    "本年已达标 2" and "周期总量已达标 1 / 13" though nobody had reached 120 (15.4% / 7.7%).
    A teacher asked nothing meets nothing: she is left out of the met counts and of the shares'
    base, on the home, in the compliance report (page and sheet), and said apart as 不作要求."""
    from portal.services.scope import viewer_scope
    from portal.services.teachers import scope_summary

    on_hire_unasked_day(monkeypatch)
    app = make_app("shanxi", demo=True)
    today = clock.today()
    with app.app_context(), app.test_request_context():
        region = app.extensions["portal.region"]
        hire = db.session.scalar(select(Teacher).where(Teacher.name == "郭雨萱"))
        kept = standings.current(region, hire, today)
        assert kept.cycle.required == 0 and not kept.year_progress().required
        admin = user("school_admin")
        summary = scope_summary(region, viewer_scope(admin), today)
        counted = [standings.current(region, t, today) for t in db.session.scalars(
            select(Teacher).where(Teacher.school_id == hire.school_id))]
        assert summary.teachers == len(counted)
        assert summary.teachers_meeting_cycle == sum(s.cycle.ok and s.cycle.required > 0 for s in counted)
        assert summary.year_exempt >= 1 and summary.cycle_exempt >= 1
        view = reports.report_view(region, admin, "compliance", None, today)
        cells = dict(zip((c.code for c in view.report.columns), view.total.cells))
        total = view.total.summary
        assert cells["cycle_met"] == total.teachers_meeting_cycle
        assert cells["cycle_unmet"] + cells["cycle_met"] + cells["cycle_exempt"] == total.teachers - total.waiting
        assert cells["year_unmet"] + cells["year_met"] + cells["year_exempt"] == total.teachers - total.waiting
        # the base leaves out those asked nothing: 郭雨萱, and in the months after 1 January the
        # other hire of the autumn before too (one in the autumn the demo was written in)
        cycle_asked = total.teachers - total.cycle_exempt
        assert cells["cycle_share"] == reports.share_of(total.teachers_meeting_cycle, cycle_asked)
        if total.cycle_exempt == 1:
            assert cells["cycle_share"] == reports.share_of(total.teachers_meeting_cycle, total.teachers - 1)
    client = app.test_client()
    login(client, "school_admin")
    home = client.get("/admin/").get_data(as_text=True)
    assert f"其中周期学分总量已达标 {summary.teachers_meeting_cycle} / {summary.teachers - summary.cycle_exempt}" in home
    # shanxi's panel restates the year's met, out of those asked something (none waits here), as
    # the core's card would: the count emphasised, the total beside it
    assert f"<strong>{summary.teachers_meeting_yearly}</strong> / {summary.teachers - summary.year_exempt}" in home
    if summary.cycle_exempt == 1 and summary.year_exempt == 1:
        assert f"其中周期学分总量已达标 {summary.teachers_meeting_cycle} / {summary.teachers - 1}" in home
        assert f"<strong>{summary.teachers_meeting_yearly}</strong> / {summary.teachers - 1}" in home


def test_in_chinese_a_units_charted_figure_follows_a_full_width_colon(make_app):
    """kaifeng's district admin read "开封市第十四中学 10 位教师 · 本年达标率（%）: 0": a Latin
    colon in a Chinese line, on each unit's row and in the chart's no-script list."""
    app = make_app("kaifeng", demo=True)
    client = app.test_client()
    login(client, "district_admin")
    client.post("/locale/zh_Hans_CN")
    page = client.get("/admin/reports/compliance").get_data(as_text=True)
    assert "本年达标率（%）：" in page
    assert "本年达标率（%）: " not in page


@pytest.mark.parametrize("code", BUNDLED_REGIONS)
def test_a_reports_unit_figures_carry_no_pass_fail_mark(make_app, code):
    """Trial: a row read “达标人数 ✗ 12”, a count of teachers who met a duty marked as if it had
    failed. A unit's figures carry no ✓/✗ (those mark a teacher's own duties); a figure under a
    required one reads short, a count never does."""
    app = make_app(code, demo=True)
    client = app.test_client()
    login(client, "city_admin")
    listing = client.get("/admin/reports").get_data(as_text=True)
    for report_code in re.findall(r'href="/admin/reports/(\w+)"', listing):
        main = client.get(f"/admin/reports/{report_code}").get_data(as_text=True).split("<main", 1)[-1]
        for figures in re.findall(r'<dl class="figures">(.*?)</dl>', main, re.S):
            assert "✗" not in figures and "✓" not in figures, (report_code, figures)


def test_only_a_figure_held_against_a_required_one_falls_short():
    from portal.domain import Finding

    count = Finding("year_met", False, None, D(12), "12/20", "")
    rate = Finding("rate", False, D(90), D(80), "80%", "")
    assert not count.below_required and rate.below_required
    assert not Finding("rate", True, D(90), D(95), "95%", "").below_required


@pytest.mark.parametrize("code", BUNDLED_REGIONS)
def test_a_cap_is_never_listed_as_an_unfinished_duty(make_app, code):
    """Phone trial (qingdao): the compliance report's rows read "未完成：每周期校本培训学分至多计
    120 — 0" and "未完成：每天计不超过 8 学分… — 0": a cap (``Finding.cap``) is a limit, not a
    duty, so the reports list no column of it."""
    app = make_app(code, demo=True)
    with app.app_context(), app.test_request_context():
        region = app.extensions["portal.region"]
        caps = [d for d in region.duties() if d.cap]
        report = next(r for r in reports.core_reports(region, clock.today()) if r.code == "compliance")
        labels = [str(c.label) for c in report.columns]
    assert not any(str(d.label) in label for d in caps for label in labels)
    if code == "qingdao":
        assert {d.code for d in caps} >= {"school_based_cap", "daily_cap"}
        client = app.test_client()
        login(client, "school_admin")
        page = client.get("/admin/reports/compliance").get_data(as_text=True)
        assert "未完成：每周期校本培训学分至多计" not in page and "未完成：每天计不超过" not in page
        assert "未完成：" in page  # the duties themselves are still listed


def test_a_percentage_column_says_so_in_the_export(make_app):
    """The registration report's rates read 注册率 25.0 in the sheet, neither the heading nor the
    figure saying it is a percentage (the page shows 25.0%): the heading says （%）."""
    app = make_app("qingdao", demo=True)
    client = app.test_client()
    login(client, "city_admin")
    client.post("/locale/zh_Hans_CN")
    heading = sheet_rows(client.get("/admin/reports/platform_registration/export.xlsx").data)[0]
    assert "注册率（%）" in heading and "问卷率（%）" in heading and "在岗专职" in heading  # 附件3 在岗专职教师人数
    assert not any("%）（%" in str(h) or "(%)（%）" in str(h) for h in heading)
