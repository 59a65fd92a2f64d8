"""The bureau's day: what "today" is where the portal runs (``PORTAL_TIMEZONE``), not on the server.

Servers keep UTC; a bureau in China starts its day eight hours earlier. Every date the portal
decides with (today's duties, a selection window, a file's name, the day a document was
issued) comes from here, so that a page, an export and a job at 01:00 in Shanghai agree.
Stored times stay naive UTC (``models.types.utcnow``)."""
from __future__ import annotations

import os
from datetime import date, datetime, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

DEFAULT_ZONE = "Asia/Shanghai"


@lru_cache(maxsize=8)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def zone() -> ZoneInfo:
    """The portal's zone: the app's setting, or outside an app the environment's (as the app reads it)."""
    if has_app_context():
        return _zone(current_app.config["PORTAL_TIMEZONE"])
    return _zone(os.environ.get("PORTAL_TIMEZONE", DEFAULT_ZONE))


def today() -> date:
    """Today's date in the bureau's zone."""
    return datetime.now(zone()).date()


def local(at: datetime) -> datetime:
    """A stored time (naive UTC, or aware) in the bureau's zone."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=timezone.utc)
    return at.astimezone(zone())


def day_of(at: datetime) -> date:
    """The bureau's date at a stored time: 2026-12-02 17:00 UTC is 3 December in Shanghai."""
    return local(at).date()
