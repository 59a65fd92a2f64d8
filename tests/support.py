"""What the tests share besides fixtures: the test config, the regions, signing in."""
from __future__ import annotations

import re

from portal.plugins import installed_regions
from tests import example_region

PASSWORD = "demo12345"
# The regions shipped with the portal: checks of what only they promise (their demo's size,
# their page texts) run for these, never for a region installed from elsewhere.
BUNDLED_REGIONS = ("kaifeng", "qingdao", "ruian", "shanxi")
BASE_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "test",
    "WTF_CSRF_ENABLED": False,
    "RATELIMIT_ENABLED": False,
    "PORTAL_LOCKOUT_FAILURES": 5,
}


def demo_year(today=None) -> int:
    """The year whose story the demo loaded on ``today`` (the portal's today) tells: the
    demo's own ``demo_year``, the year just ended in January's first twenty days. A test that
    names or counts the demo's trainings of "this year" reads it here, not ``today.year``."""
    from portal import clock
    from portal.domain import demo_year as story_year

    return story_year(today or clock.today())


def demo_day(today=None):
    """The last day of the demo's story (the demo's ``story_day``): the portal's today, or in
    January's first twenty days 31 December of the year just ended. A test that reads the demo's
    year through a page or a report reads it on this day."""
    from portal import clock
    from portal.domain import story_day

    return story_day(today or clock.today())


def on_demo_day(monkeypatch):
    """Move the portal's clock back to the demo's day (``demo_day``) where they differ, before
    the demo is loaded: a test of what the demo's year holds (a report's year, a past year's
    line) reads it on the last day of that year in January's first twenty days, when the new
    year has nothing yet. The day (``clock.today``) and the time stored rows and windows are
    judged by (``utcnow``, the standings' clock) move together, by whole days, so a selection
    calendar laid around the demo's day is open as it would be then. Returns that day."""
    return on_day(monkeypatch, demo_day())


def on_day(monkeypatch, day):
    """Move the portal's clock to ``day`` before the demo is loaded, as ``on_demo_day`` does
    (a region's demo names the day its story is read on, e.g. kaifeng's ``assessed_day``). Returns ``day``."""
    from datetime import datetime

    from portal import clock
    from portal.models import types
    from portal.services import standings

    shift = day - clock.today()
    if shift:
        class Shifted(datetime):
            @classmethod
            def now(cls, tz=None):
                return datetime.now(tz) + shift

        for module in (clock, types, standings):
            monkeypatch.setattr(module, "datetime", Shifted)
    assert clock.today() == day
    return day


def on_hire_unasked_day(monkeypatch):
    """shanxi's new hire asked nothing of the cycle (her credits registered from the school year
    after her probation year, §三(二)) happens in the cycle's last school year: the demo's day
    then, else the same day of the previous cycle's (``hire_unasked_day``)."""
    from plugins.shanxi.demo import hire_unasked_day

    return on_day(monkeypatch, hire_unasked_day(demo_day()))


def on_story_cycle_day(monkeypatch):
    """qingdao's demo tells its story inside one cycle (its short year and the years after it,
    the trainings of its catalog) late in a cycle only: the demo's day then, else the same day
    of an earlier year (``in_one_cycle_day``). Returns that day."""
    from plugins.qingdao.demo import in_one_cycle_day

    return on_day(monkeypatch, in_one_cycle_day(demo_day()))


def all_regions() -> dict:
    """The installed regions plus the one defined only in tests/."""
    return {**installed_regions(), "example": example_region}


def text(response) -> str:
    """A page's words, its tags and runs of white space each read as one space."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def unmarked(html: str) -> str:
    """A page's HTML without the marks around names kept as entered (``translate="no"``), so a
    message naming a unit or a training reads as one string."""
    return re.sub(r'<span translate="no">(.*?)</span>', r"\1", html)


def login(client, username: str, password: str = PASSWORD):
    return client.post("/login", data={"username": username, "password": password})


def choose_own_password(client, given: str, own: str = "own-choice-9"):
    """A user signed in with a password an admin chose chooses their own, as the portal asks
    before anything else; returns the response (a redirect to where they go on)."""
    response = client.post("/account/password", data={"current": given, "new": own, "confirm": own})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


def signed_in(app, username: str):
    """A test client signed in as ``username``."""
    client = app.test_client()
    assert login(client, username).status_code in (302, 303)
    return client


def first_organiser(form_html: str) -> str:
    """The first organiser a project form offers (its value), as a new project's post names it."""
    return re.search(r'name="organiser"[^>]*>\s*<option[^>]*value="(\d+)"', form_html).group(1)


def city_project(app, **fields) -> int:
    """A published project of the city admin's unit, far ahead (``fields`` override the columns)."""
    from datetime import date
    from decimal import Decimal

    from sqlalchemy import select

    from portal.extensions import db
    from portal.models import OrgUnit, User
    from portal.services import training

    with app.app_context():
        city = db.session.scalar(select(User).where(User.username == "city_admin")).roles[0].org_unit
        values = {"name": "全市培训", "level": "city", "mode": "centralized", "start_date": date(2099, 3, 1),
                  "end_date": date(2099, 3, 1), "year": 2099, "hours": Decimal(6), "capacity": 30,
                  "status": "published"}
        project = training.add_project(None, db.session.get(OrgUnit, city.id), **{**values, **fields})
        db.session.commit()
        return project.id


def teacher_id(app, username: str) -> int:
    """The id of the teacher record of ``username``'s account."""
    from sqlalchemy import select

    from portal.extensions import db
    from portal.models import Teacher, User

    with app.app_context():
        return db.session.scalar(select(Teacher.id).join(User, Teacher.user_id == User.id)
                                 .where(User.username == username))


def year_decided(app, username: str | None = None, decided: str = "rejected") -> None:
    """The entries still in the audit (``username``'s, or everyone's) decided, to ``decided``:
    only then is a year's shortfall known and may a borrowing cover it (a region's credit bank)."""
    from sqlalchemy import select

    from portal.extensions import db
    from portal.models import LedgerEntry

    waiting = LedgerEntry.audit_state.in_(("submitted", "registered"))
    with app.app_context():
        mine = LedgerEntry.teacher_id == teacher_id(app, username) if username else True
        for entry in db.session.scalars(select(LedgerEntry).where(waiting, mine)):
            entry.audit_state = decided
        db.session.commit()


def core_compliance(region, summary, today) -> dict:
    """The core's compliance report's cells (code → figure) for one scope's ``ScopeSummary``: what
    the home's cards and the report say of it, for a region's panel to agree with."""
    from portal.services.reports import core_reports

    report = next(r for r in core_reports(region, today) if r.code == "compliance")
    return {c.code: c.value(summary) for c in report.columns}


def core_year_card(summary) -> tuple[int, int]:
    """The home's own card of the teachers who met the year: met out of those judged, as the
    template shows it ("Met this year", or the line under the year's total)."""
    return summary.teachers_meeting_yearly, summary.year_judged
