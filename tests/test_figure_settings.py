"""Each setting stands against the figure it bears on: ``Requirements.settings`` the cycle's,
``Requirements.yearly_settings`` the year's. An outside author (twice) reported that the one
tuple of settings was shown on both: a teacher on leave read 年中调入的教师，当年要求… on the
cycle card, and a probation teacher's year cited 周期中途入职…本周期要求."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from portal import clock, rulebook
from portal.conformance import contract_problems
from portal.domain import Requirements, Unit
from portal.domain.standing import Standing
from portal.extensions import db
from portal.models import Teacher, TeacherStanding, User
from portal.plugins import Region
from tests.support import login


def on_leave_a_month_this_year(app) -> int:
    """The demo teacher, on leave for the whole of March this year: both the year and the
    cycle are then held only in part, each by its own setting (qingdao's partial_year and
    partial_cycle)."""
    with app.app_context():
        teacher = db.session.scalar(select(Teacher).join(Teacher.user).where(User.username == "teacher"))
        year = clock.today().year
        teacher.leave = [{"start": f"{year}-03-01", "end": f"{year}-03-31"}]
        db.session.commit()
        return teacher.id


def between(html: str, start: str, end: str) -> str:
    begin = html.index(start)
    return html[begin:html.index(end, begin)]


def test_the_pages_show_each_setting_against_its_own_figure(make_app):
    app = make_app("qingdao", demo=True)
    on_leave_a_month_this_year(app)
    client = app.test_client()
    login(client, "teacher")

    page = client.get("/me/compliance").get_data(as_text=True)
    cycle_card = between(page, '<section class="cards">', "</section>")
    year_table = between(page, '<table class="rows">', "</section>")
    assert "#setting-partial_cycle" in cycle_card and "#setting-partial_year" not in cycle_card
    assert "#setting-partial_year" in year_table and "#setting-partial_cycle" not in year_table

    home = client.get("/me/").get_data(as_text=True)
    cards = [between(home[i:], '<article class="card">', "</article>")
             for i in range(len(home)) if home.startswith('<article class="card">', i)]
    year_card = next(c for c in cards if "#setting-partial_year" in c)
    cycle_card = next(c for c in cards if "#setting-partial_cycle" in c)
    assert year_card is not cycle_card
    assert "#setting-partial_cycle" not in year_card and "#setting-partial_year" not in cycle_card


def test_the_api_and_the_kept_standing_keep_each_setting_with_its_figure(make_app):
    app = make_app("qingdao", demo=True)
    teacher_id = on_leave_a_month_this_year(app)
    client = app.test_client()
    login(client, "teacher")
    data = client.get("/api/me/standing").get_json()
    year = str(clock.today().year)
    assert data["cycle"]["settings"] == ["partial_cycle"] and data["year"]["settings"] == ["partial_year"]
    assert data["compliance"]["cycle"]["settings"] == ["partial_cycle"]
    assert data["compliance"]["years"][year]["settings"] == ["partial_year"]
    with app.app_context():
        kept = db.session.get(TeacherStanding, teacher_id).detail["requirements"]
        assert kept["settings"] == ["partial_cycle"] and kept["yearly_settings"] == ["partial_year"]
        assert Standing.from_data(db.session.get(TeacherStanding, teacher_id).detail).requirements.yearly_settings \
            == ("partial_year",)


def test_rules_check_puts_each_setting_beside_its_own_figure():
    region = Region.load("qingdao")
    answer = rulebook.check(region, {
        "as_of": "2026-12-01", "teacher": {"entered_post": "2010-09-01",
                                           "leave": [{"start": "2026-03-01", "end": "2026-03-31"}]},
        "records": []})
    assert answer["cycle"]["settings"] == ["partial_cycle"]
    assert answer["years"]["2026"]["settings"] == ["partial_year"]
    assert all("settings" not in y for key, y in answer["years"].items() if key != "2026")
    whole = rulebook.check(region, {"as_of": "2026-12-01", "teacher": {"entered_post": "2010-09-01"}, "records": []})
    assert "settings" not in whole["cycle"] and "settings" not in whole["years"]["2026"]


def test_a_standing_kept_before_the_split_still_reads():
    """A standing kept with one tuple of settings (format 5) is read with no year's settings,
    and computed again since the format changed."""
    old = {"cycle": "360", "yearly": "48", "unit": "credit", "cycle_source": "a.txt §1", "yearly_source": "a.txt §2",
           "settings": ["partial_cycle", "partial_year"]}
    from portal.domain.standing import FORMAT, _requirements
    assert FORMAT > 5
    read = _requirements(old)
    assert read.settings == ("partial_cycle", "partial_year") and read.yearly_settings == ()


def test_rules_test_reports_a_yearly_setting_put_on_the_cycle(monkeypatch):
    """kaifeng once concatenated cycle_settings(...) + yearly_settings(...) into ``settings``:
    its findings name yearly_minimum and partial_year for the year alone, so the contract
    checks say where each belongs."""
    from plugins.kaifeng import compliance as kaifeng

    original = kaifeng.requirements

    def as_one_tuple(on, teacher=None):
        asked = original(on, teacher)
        return Requirements(asked.cycle, asked.yearly, asked.unit, asked.cycle_source, asked.yearly_source,
                            settings=asked.settings + asked.yearly_settings)

    monkeypatch.setattr(kaifeng, "requirements", as_one_tuple)
    problems = contract_problems(Region.load("kaifeng"))
    assert any("names the setting 'yearly_minimum' against the cycle's figure" in p and "yearly_settings" in p
               for p in problems), problems[:5]

    def the_reverse(on, teacher=None):
        asked = original(on, teacher)
        return Requirements(asked.cycle, asked.yearly, asked.unit, asked.cycle_source, asked.yearly_source,
                            settings=(), yearly_settings=asked.settings + asked.yearly_settings)

    monkeypatch.setattr(kaifeng, "requirements", the_reverse)
    problems = contract_problems(Region.load("kaifeng"))
    assert any("names the setting 'cycle_minimum' against the year's figure" in p for p in problems), problems[:5]
    monkeypatch.setattr(kaifeng, "requirements", original)
    assert contract_problems(Region.load("kaifeng")) == []


def test_a_region_giving_only_settings_keeps_working(make_app, monkeypatch):
    """A region written against the docs before ``yearly_settings`` (``settings`` alone, no
    teacher argument) loads, keeps the contract and shows its setting on the cycle."""
    from portal.hookspecs import hookimpl
    from tests import example_region

    @hookimpl
    def portal_requirements(on):
        return Requirements(cycle=Decimal(50), yearly=Decimal(10), unit=Unit.CREDIT, cycle_source="example.txt §1",
                            yearly_source="example.txt §1", settings=("daily_cap",))

    monkeypatch.setattr(example_region, "portal_requirements", portal_requirements)
    region = Region.load("example", {"example": example_region})
    assert region.requirements(date(2022, 6, 30)).yearly_settings == ()
    # (the example's own cases pro-rate a year for leave, which this old answer ignores)
    assert [p for p in contract_problems(region) if "setting" in p] == []
    app = make_app("example", demo=True)
    with app.app_context():  # a demo snapshot keeps standings computed before the patch: compute them again
        for row in db.session.scalars(select(TeacherStanding)):
            row.fingerprint = "computed before the patch"
        db.session.commit()
    client = app.test_client()
    login(client, "teacher")
    page = client.get("/me/compliance").get_data(as_text=True)
    assert "#setting-daily_cap" in between(page, '<section class="cards">', "</section>")
    assert client.get("/api/me/standing").get_json()["cycle"]["settings"] == ["daily_cap"]
