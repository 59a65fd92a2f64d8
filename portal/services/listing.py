"""When the teachers' catalog lists a published project (``portal_catalog_listing``): where the
region's documents have teachers see a term's projects from a phase of its calendar (a browsing
window after the formal publication), a project published within the term before that phase's
first day is left out of what teachers are offered until then. Its organiser and its reviewer
see it all along, and its page says from when teachers will.

The calendar in force is read once a page (``calendar.phases``), and the condition is one SQL
clause over ``TrainingProject.published_at``, so every list stays one query a page."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timezone

from sqlalchemy import or_, true

from .. import clock
from ..domain import CatalogListing, Finding, Phase
from ..models import TrainingProject
from ..plugins import Region
from . import calendar


@dataclass(frozen=True)
class Pending:
    """The term's listing day still ahead: ``phase`` starts after today; a project published
    from ``term`` (the calendar's first day) until then is not listed to teachers yet."""

    listing: CatalogListing
    phase: Phase
    term: date


def pending(region: Region, today: date, phases: tuple[Phase, ...] | None = None) -> Pending | None:
    """The listing day of the calendar in force (``phases``, read when not given), when it is
    after ``today``; None when everything published is listed (the region lists at once, the
    calendar has no such phase, or its day has come)."""
    listing = region.catalog_listing
    if listing is None:
        return None
    phases = calendar.phases(region, today) if phases is None else phases
    phase = listing.listed_from(phases, today, today)
    if phase is None:
        return None
    return Pending(listing, phase, min(p.start for p in phases))


def instant(day: date) -> datetime:
    """The first moment of the bureau's ``day``, as stored times are kept (naive UTC)."""
    return datetime.combine(day, time(), tzinfo=clock.zone()).astimezone(timezone.utc).replace(tzinfo=None)


def listed_condition(region: Region, today: date):
    """SQL, over projects: listed to teachers on ``today``. True where nothing waits for its
    listing day; else published before the term or on or after the listing day (or at a moment
    not kept, as a project entered outside the review)."""
    ahead = pending(region, today)
    if ahead is None:
        return true()
    published = TrainingProject.published_at
    return or_(published.is_(None), published < instant(ahead.term), published >= instant(ahead.phase.start))


def listed_from(region: Region, project: TrainingProject, today: date,
                phases: tuple[Phase, ...] | None = None) -> Phase | None:
    """The phase from whose first day teachers see the published ``project``, when that is after
    ``today``; None when they see it now (``listed_condition`` for one project)."""
    listing = region.catalog_listing
    if listing is None or project.published_at is None:
        return None
    phases = calendar.phases(region, today) if phases is None else phases
    return listing.listed_from(phases, today, clock.day_of(project.published_at))


def not_yet(region: Region, project: TrainingProject, today: date,
            phases: tuple[Phase, ...] | None = None) -> Finding | None:
    """The refusal of a teacher's selection of a project not listed to teachers yet, else None."""
    phase = listed_from(region, project, today, phases)
    return None if phase is None else region.catalog_listing.not_yet(phase)


@dataclass(frozen=True)
class Note:
    """What a published project's organiser and reviewer read: from when teachers see it."""

    message: object
    source: str


def note(region: Region, project: TrainingProject, today: date) -> Note | None:
    phase = listed_from(region, project, today)
    if phase is None:
        return None
    listing = region.catalog_listing
    return Note(listing.note(phase), listing.cited(phase))
