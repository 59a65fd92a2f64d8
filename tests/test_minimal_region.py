"""What a region that leaves the optional hooks out gets: sensible pages, not the codes or
"0 / 0" of what it does not have (an outside author's trial with the required hooks alone)."""
from __future__ import annotations

from tests.support import signed_in


def test_a_region_with_no_purposes_does_not_count_zero_of_zero_uses(make_app, monkeypatch):
    """portal_purposes and portal_eligibility are optional: the teacher's home read
    "已完成 0 / 1 项学分要求；0 / 0 项学分应用已满足" for a region that declares none."""
    from portal.hookspecs import hookimpl
    from tests import example_region

    @hookimpl
    def portal_purposes():
        return []

    @hookimpl
    def portal_eligibility(teacher, records, as_of):
        return []

    monkeypatch.setattr(example_region, "portal_purposes", portal_purposes)
    monkeypatch.setattr(example_region, "portal_eligibility", portal_eligibility)
    app = make_app("example", demo=True, PORTAL_TEST_CASE="no purposes")
    main = signed_in(app, "teacher").get("/", follow_redirects=True).get_data(as_text=True).split("<main", 1)[1]
    assert "项学分要求" in main
    assert "0 / 0" not in main and "项学分应用" not in main


def test_a_shared_duty_the_region_did_not_declare_reads_in_words(make_app, monkeypatch):
    """The cycle's total and the yearly minimum are every region's duties: one a region forgot to
    declare (``portal rules test`` reports it) read as its code, 'cycle_total', on the pages."""
    _shared_duty_undeclared(monkeypatch)
    app = make_app("example", demo=True, PORTAL_TEST_CASE="no duties declared")
    client = signed_in(app, "teacher")
    client.post("/locale/zh_Hans_CN")
    page = client.get("/me/compliance").get_data(as_text=True).split("<main", 1)[1]
    assert "周期总要求" in page and "cycle_total" not in page


def test_what_a_training_adds_to_an_undeclared_shared_duty_reads_in_words(make_app, monkeypatch):
    """The catalog's project page and the trainings that would fill a duty said what a training
    adds to each open duty by its label, else its code: an outside author's region with the
    required hooks alone read "cycle_total：+2.4 学分，尚差 102.6 → 100.2 学分" there, while the
    duties page said 周期总要求."""
    from datetime import date, timedelta
    from decimal import Decimal

    from sqlalchemy import select

    from portal import clock
    from portal.extensions import db
    from portal.models import OrgUnit
    from portal.services import training

    _shared_duty_undeclared(monkeypatch)
    app = make_app("example", demo=True, PORTAL_TEST_CASE="no duties declared, a training to come")
    with app.app_context():
        district = db.session.scalar(select(OrgUnit).where(OrgUnit.code == "ex-d"))
        # to come, in the cycle now running, which it adds to (its first day, not today's: the
        # suggestions hold trainings not begun yet)
        day = min(clock.today() + timedelta(days=1), date(clock.today().year, 12, 31))
        project = training.add_project(None, district, name="待选培训", level="county", mode="centralized",
                                       start_date=day, end_date=day, year=day.year,
                                       hours=Decimal(6), capacity=30, status="published").id
        db.session.commit()
    client = signed_in(app, "teacher")
    client.post("/locale/zh_Hans_CN")
    for path in (f"/catalog/{project}", "/me/compliance/trainings"):
        page = client.get(path).get_data(as_text=True).split("<main", 1)[1]
        assert "待选培训" in page, path
        assert "cycle_total" not in page, path
        assert "周期总要求：+" in page, path


def _shared_duty_undeclared(monkeypatch) -> None:
    """The example region with no duties declared, its findings coded as the cycle's total, a
    duty every region shares (``portal rules test`` reports the omission; the pages must still
    read it in words)."""
    import dataclasses

    from portal.domain.findings import CYCLE_TOTAL
    from portal.hookspecs import hookimpl
    from tests import example_region

    judged = example_region.portal_check_compliance

    @hookimpl
    def portal_duties():
        return []

    @hookimpl
    def portal_check_compliance(teacher, records, as_of):
        compliance = judged(teacher, records, as_of)
        return dataclasses.replace(compliance, findings=tuple(dataclasses.replace(f, code=CYCLE_TOTAL)
                                                              for f in compliance.findings))

    monkeypatch.setattr(example_region, "portal_duties", portal_duties)
    monkeypatch.setattr(example_region, "portal_check_compliance", portal_check_compliance)


def test_a_teacher_asked_nothing_now_is_not_told_every_duty_is_met(make_app, monkeypatch):
    """A teacher in their first school year, whom the region asks nothing yet (every duty
    exempt), read "各项学时要求均已完成" and "已完成 0 / 0 项学时要求" on their home: an exempt duty
    is never shown as met (an outside author's hours region)."""
    from decimal import Decimal

    from portal.domain import Compliance, CycleProgress, Requirements, Unit, YearProgress, total
    from portal.domain.calendar import calendar_year, years_of
    from portal.domain.findings import cycle_total
    from portal.hookspecs import hookimpl
    from tests import example_region

    @hookimpl
    def portal_check_compliance(teacher, records, as_of):
        cycle = example_region.portal_cycle(as_of)
        earned = total(records, cycle)
        progress = CycleProgress(cycle, Decimal(0), earned, earned, note=example_region._("入职当年，不作要求"))
        years = tuple(YearProgress(y, None, total(records, calendar_year(y))) for y in years_of(cycle)
                      if y <= as_of.year)
        finding = cycle_total(progress, progress.note, example_region.SOURCE, exempt=True)
        return Compliance(Unit.CREDIT, progress, years, (finding,))

    @hookimpl
    def portal_requirements(on, teacher):
        return Requirements(cycle=Decimal(0), yearly=None, unit=Unit.CREDIT, cycle_source=example_region.SOURCE,
                            yearly_source=example_region.SOURCE)

    monkeypatch.setattr(example_region, "portal_check_compliance", portal_check_compliance)
    monkeypatch.setattr(example_region, "portal_requirements", portal_requirements)
    app = make_app("example", demo=True, PORTAL_TEST_CASE="asked nothing now")
    client = signed_in(app, "teacher")
    client.post("/locale/zh_Hans_CN")
    main = client.get("/me/", follow_redirects=True).get_data(as_text=True).split("<main", 1)[1]
    assert "目前不作学分要求" in main
    assert "均已完成" not in main and "0 / 0" not in main
    assert "0 / 1 项学分应用已满足" in main


def test_a_year_asking_nothing_says_so_on_the_year_card(make_app, monkeypatch):
    """A year whose ``required`` is None (a new teacher's first school year, exempt) showed a bare
    "20 学时" under the year's heading, beside the clause of the yearly minimum, while the cycle's
    card says "本周期不作要求。" of a cycle asking nothing (an outside author's hours region)."""
    from portal.domain import Compliance, CycleProgress, Requirements, Unit, YearProgress, total
    from portal.domain.calendar import calendar_year, years_of
    from portal.domain.findings import cycle_total
    from portal.hookspecs import hookimpl
    from tests import example_region

    @hookimpl
    def portal_check_compliance(teacher, records, as_of):
        cycle = example_region.portal_cycle(as_of)
        earned = total(records, cycle)
        progress = CycleProgress(cycle, example_region.CYCLE.at(as_of), earned, earned)
        years = tuple(YearProgress(y, None, total(records, calendar_year(y))) for y in years_of(cycle)
                      if y <= as_of.year)
        return Compliance(Unit.CREDIT, progress, years, (cycle_total(progress, "", example_region.SOURCE),))

    @hookimpl
    def portal_requirements(on, teacher):
        return Requirements(cycle=example_region.CYCLE.at(on), yearly=None, unit=Unit.CREDIT,
                            cycle_source=example_region.SOURCE, yearly_source=example_region.SOURCE)

    monkeypatch.setattr(example_region, "portal_check_compliance", portal_check_compliance)
    monkeypatch.setattr(example_region, "portal_requirements", portal_requirements)
    app = make_app("example", demo=True, PORTAL_TEST_CASE="a year asking nothing")
    client = signed_in(app, "teacher")
    client.post("/locale/zh_Hans_CN")
    main = client.get("/me/", follow_redirects=True).get_data(as_text=True).split("<main", 1)[1]
    assert "本年度不作要求。" in main
    assert "本周期不作要求。" not in main  # the cycle asks its figure: only the year says so
    client.post("/locale/en")
    main = client.get("/me/", follow_redirects=True).get_data(as_text=True).split("<main", 1)[1]
    assert "Nothing is asked this year." in main
