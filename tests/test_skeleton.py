"""`portal plugins new NAME` writes a region package that passes `portal rules test` at once.

The name is one no real region takes, so the tests run beside any installed region. Each
test runs for a region counting credits (the default) and one counting hours (``--unit hour``)."""
from __future__ import annotations

import importlib
import re
import tomllib
from datetime import date, timedelta
from decimal import Decimal

import pytest
from click.testing import CliRunner

from portal import clock
from portal import create_app
from portal.cli import main
from portal.conformance import examine, load_scenarios
from portal.domain import Activity, Level, Mode, TeacherFacts, Unit, UserRole
from portal.domain import text
from portal.domain.text import using
from portal.plugins import Region
from portal.services.demo import load_demo
from tests.support import BASE_CONFIG, login


UNIT_OPTIONS = {"credit": [], "hour": ["--unit", "hour"]}


@pytest.fixture(params=UNIT_OPTIONS)
def unit(request):
    return request.param


@pytest.fixture
def new_region(tmp_path, monkeypatch, unit):
    result = CliRunner().invoke(main, ["plugins", "new", "scaffold_try", "--title", "余杭区", "--into", str(tmp_path),
                                       *UNIT_OPTIONS[unit]])
    assert result.exit_code == 0, result.output
    root = tmp_path / "portal-region-scaffold_try"
    monkeypatch.syspath_prepend(str(root))
    yield root, importlib.import_module("portal_region_scaffold_try")
    for name in [m for m in list(importlib.sys.modules) if m.startswith("portal_region_scaffold_try")]:
        del importlib.sys.modules[name]
    text._load.cache_clear()  # the next unit's package has the same name and another catalogue


def test_the_package_registers_its_entry_point(new_region):
    root, _ = new_region
    project = tomllib.loads((root / "pyproject.toml").read_text())
    assert project["project"]["entry-points"]["portal.regions"] == {"scaffold_try": "portal_region_scaffold_try"}
    assert project["project"]["dependencies"] == ["teacher-credit-portal>=0.1.0"]
    assert project["project"]["optional-dependencies"]["test"] == ["pytest==9.2.0"]
    assert (root / "tests" / "test_scenarios.py").exists()
    assert (root / "portal_region_scaffold_try" / "translations" / "en" / "LC_MESSAGES" / "scaffold_try.mo").exists()


def test_it_passes_portal_rules_test_at_once(new_region, unit):
    _, module = new_region
    region = Region.load("scaffold_try", {"scaffold_try": module})
    report = examine(region)
    assert report.ok, "\n".join(report.problems)
    assert report.cases == len(load_scenarios(module)) == {"credit": 2, "hour": 3}[unit]
    assert region.info.name == "余杭区"
    with using("en"):
        assert str(region.info.name) == "Scaffold Try"
    assert [s.name for s in region.parameters() if s.is_setting] == ["cycle_anchor_year", "rounding", "partial_cycle"]


def test_its_rules_count_the_unit_it_was_written_for(new_region, unit):
    """An hours region records the hours attended and asks its duties in 学时, in both languages;
    a credits region converts hours into 学分."""
    _, module = new_region
    region = Region.load("scaffold_try", {"scaffold_try": module})
    result = region.convert(Activity(level=Level.COUNTY, mode=Mode.ONLINE, hours=Decimal("7.25")), date(2021, 5, 1))
    assert region.info.unit == result.unit == Unit(unit)
    measure, english = {"credit": ("学分", "credits"), "hour": ("学时", "hours")}[unit]
    compliance = region.check(TeacherFacts(), [], date(2024, 6, 30))
    assert compliance.unit == Unit(unit)
    assert str(region.duties()[0].label) == f"每周期不少于 360 {measure}"
    assert [str(d.title) for d in region.documents()] == [f"余杭区教师培训{measure}管理办法（示例）"]
    # the pages name a level as its steps do (an outside author saw 县（市、区）级 in the steps, 区县级 on the pages)
    assert str(region.level_labels()[Level.COUNTY]) == "县（市、区）级"
    assert "县（市、区）级" in str(result.steps[0].text)
    with using("en"):
        assert str(region.duties()[0].label) == f"At least 360 {english} a cycle"
        minimum = next(p for p in region.parameters() if p.name == "cycle_minimum")
        assert str(minimum.label) == f"Minimum {english} each cycle"
        assert not re.search(r"[\u4e00-\u9fff]", " ".join(str(step.text) for step in result.steps))


def test_its_compliance_takes_today_and_reads_a_cycle_ended_after_its_last_day(new_region, unit):
    """The hook's ``today`` (portal/hookspecs.py): the template took ``as_of`` alone, so an author
    copying it never met the argument, nor ``period.ended_on(today)``. On the cycle's last day the
    cycle still runs; read the day after (the previous cycle's page), its finding says it ended,
    with the same figures."""
    import inspect

    root, module = new_region
    assert "today" in inspect.signature(module.portal_check_compliance).parameters
    assert ".ended_on(today)" in (root / "portal_region_scaffold_try" / "compliance.py").read_text()
    region = Region.load("scaffold_try", {"scaffold_try": module})
    last = region.check(TeacherFacts(), [], date(2024, 6, 30)).cycle.period.end
    running = region.check(TeacherFacts(), [], last)
    ended = region.check(TeacherFacts(), [], last, today=last + timedelta(days=1))
    (finding_running,), (finding_ended,) = running.findings, ended.findings
    assert (finding_running.ok, finding_running.actual) == (finding_ended.ok, finding_ended.actual)
    assert "已结束" not in str(finding_running.message) and "本周期已获" in str(finding_running.message)
    assert f"本周期（至 {last.isoformat()}）已结束" in str(finding_ended.message)
    with using("en"):
        assert str(finding_ended.message).startswith(f"The cycle (to {last.isoformat()}) has ended")


def test_its_demo_tells_the_year_just_ended_in_januarys_first_days(new_region):
    """The guide says a demo dates what has happened against ``story_day(today)``, as the bundled
    regions' do; the template dated its training 14 days before today, so a demo loaded on
    18 January dated it 4 January, counted in a year four days old."""
    _root, module = new_region
    demo = module.portal_demo_data(date(2027, 1, 18))
    assert all(p.end.year == 2026 for p in demo.projects), [p.end for p in demo.projects]
    assert all(p.end.year == 2027 for p in module.portal_demo_data(date(2027, 6, 10)).projects)


def test_its_demo_has_every_role_the_readme_lists(new_region):
    root, module = new_region
    readme = (root / "README.md").read_text()
    demo = module.portal_demo_data(clock.today())
    usernames = {u.username for u in demo.users} | {t.username for t in demo.teachers}
    listed = set(re.findall(r"`([a-z_0-9]+)`", readme.split("password", 1)[1].split("What is where")[0]))
    assert listed and listed - {"demo12345"} <= usernames
    assert {u.role for u in demo.users} | {UserRole.TEACHER} == set(UserRole)
    assert demo.workshops  # the workshop leader has teachers to follow


def test_the_portal_runs_with_it(new_region, tmp_path, unit):
    _, module = new_region
    app = create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/y.sqlite3",
                      "PORTAL_REGION": "scaffold_try", "PORTAL_AUTO_MIGRATE": True}, regions={"scaffold_try": module})
    with app.app_context():
        load_demo(app.extensions["portal.region"], clock.today())
    client = app.test_client()
    login(client, "teacher")
    html = client.get("/me/").get_data(as_text=True)
    assert "王老师" in html and "scaffold_try-policy.txt" not in html
    measure = {"credit": "学分", "hour": "学时"}[unit]
    assert f"《余杭区教师培训{measure}管理办法（示例）》2" in html


@pytest.mark.parametrize(("name", "message"), [
    ("Yu Hang", "lowercase"),
    ("qingdao", "already installed"),
])
def test_bad_names_are_refused(name, message, tmp_path):
    result = CliRunner().invoke(main, ["plugins", "new", name, "--into", str(tmp_path)])
    assert result.exit_code == 1 and message in result.output


def test_a_unit_no_ledger_counts_is_refused(tmp_path):
    result = CliRunner().invoke(main, ["plugins", "new", "scaffold_try", "--unit", "time", "--into", str(tmp_path)])
    assert result.exit_code == 2 and "'time' is not one of 'credit', 'hour'" in result.output
    assert not (tmp_path / "portal-region-scaffold_try").exists()
