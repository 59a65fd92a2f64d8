"""The bureau's day: dates are decided in PORTAL_TIMEZONE, not in the server's UTC. From 16:00
to 24:00 UTC it is already tomorrow in China."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, update

from portal import clock
from portal.config import ConfigError, from_environment
from portal.extensions import db
from portal.models import SelectionPhase, User
from portal.services import enrollments
from tests.test_selection_calendar import _project


def test_a_stored_time_falls_on_the_bureaus_date(make_app):
    evening = datetime(2026, 12, 2, 17, 30)  # naive UTC, as stored
    with make_app("example").app_context():
        assert clock.day_of(evening) == date(2026, 12, 3)
        assert clock.local(evening).strftime("%H:%M") == "01:30"
        assert clock.today() == datetime.now(ZoneInfo("Asia/Shanghai")).date()
    with make_app("example", PORTAL_TIMEZONE="UTC").app_context():
        assert clock.day_of(evening) == date(2026, 12, 2)
        assert clock.today() == datetime.now(ZoneInfo("UTC")).date()


def test_outside_an_app_the_zone_is_the_environments(monkeypatch):
    monkeypatch.setenv("PORTAL_TIMEZONE", "America/New_York")
    assert clock.day_of(datetime(2026, 12, 3, 3, 0)) == date(2026, 12, 2)
    monkeypatch.delenv("PORTAL_TIMEZONE")
    assert clock.zone() == ZoneInfo(clock.DEFAULT_ZONE)


def test_an_unknown_zone_is_refused_when_the_portal_starts(tmp_path):
    with pytest.raises(ConfigError, match="PORTAL_TIMEZONE"):
        from_environment(str(tmp_path), {"PORTAL_TIMEZONE": "Mars/Olympus"})


def test_a_selection_window_opens_at_midnight_in_china_not_in_utc(make_app):
    app = make_app("ruian", demo=True)
    project_id = _project(app)
    with app.app_context():
        opening = clock.today() + timedelta(days=3)
        db.session.execute(update(SelectionPhase).where(SelectionPhase.kind == "round1_selection")
                           .values(start_date=opening, end_date=opening))
        db.session.commit()
        region = app.extensions["portal.region"]
        teacher = db.session.scalar(select(User).where(User.username == "teacher"))
        eve = datetime.combine(opening - timedelta(days=1), datetime.min.time())
        with pytest.raises(enrollments.SelectionRefused):  # 23:30 the evening before, in China
            enrollments.select_project(region, teacher, project_id, at=eve + timedelta(hours=15, minutes=30))
        enrollment = enrollments.select_project(region, teacher, project_id, at=eve + timedelta(hours=16, minutes=30))
        assert enrollment.phase == "round1_selection"  # 00:30 on the opening day, in China


def test_the_nightly_jobs_run_after_midnight_in_china(monkeypatch):
    from portal import jobs

    monkeypatch.delenv("PORTAL_TIMEZONE", raising=False)
    refresh = jobs.refresh_stale_standings.s()  # huey asks with its UTC clock
    assert refresh.validate_datetime(datetime(2026, 12, 2, 16, 10))  # 00:10 on 3 December in Shanghai
    assert not refresh.validate_datetime(datetime(2026, 12, 3, 0, 10))


def test_nothing_outside_the_pure_domain_asks_the_servers_date():
    """The domain's pure functions take ``today`` from their callers; everything else asks the clock."""
    root = Path(__file__).resolve().parent.parent
    asking = [str(path.relative_to(root)) for folder in ("portal", "plugins", "bench") for path in (root / folder).rglob("*.py")
              if "date.today()" in path.read_text(encoding="utf-8") and "domain" not in path.parts]
    assert asking == []
