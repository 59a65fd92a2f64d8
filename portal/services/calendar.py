"""The selection calendar (选课进程): the phases the bureau runs, seeded from the region's
defaults for a term and edited in the portal. Selections and steps see the phases open at
their moment; without any phase kept, the region's default calendar holds."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import delete, select

from ..domain import Phase, PhaseOrder, UserRole
from ..domain.dates import add_years
from ..domain.text import from_data, to_data
from ..extensions import db
from ..models import SelectionPhase, User
from ..models.types import utcnow
from ..plugins import Region
from .audit import record_event
from .transactions import use_case

class CalendarRefused(Exception):
    """``code``: not_allowed, dates (``index``: the phase whose end is before its start),
    order (``index``: the phase that comes too early, ``before``: the index of the phase it
    must follow, ``order``: the region's ``PhaseOrder`` it breaks), empty."""

    def __init__(self, code: str, index: int | None = None, before: int | None = None,
                 order: PhaseOrder | None = None):
        super().__init__(code, index)
        self.code = code
        self.index = index
        self.before = before
        self.order = order


def kept() -> tuple[Phase, ...]:
    rows = db.session.scalars(select(SelectionPhase).order_by(SelectionPhase.start_date, SelectionPhase.id)).all()
    return tuple(_phase(r) for r in rows)


def _phase(row: SelectionPhase) -> Phase:
    return Phase(row.kind, from_data(row.label), row.start_date, row.end_date,
                 tuple(UserRole(a) for a in row.actors or ()), row.source)


def phases(region: Region, on: date) -> tuple[Phase, ...]:
    """The calendar in force: the bureau's, or the region's default for the term holding ``on``."""
    return kept() or tuple(region.selection_calendar(on))


def open_on(region: Region, on: date) -> tuple[Phase, ...]:
    return tuple(p for p in phases(region, on) if p.open_on(on))


def may_edit(region: Region, user: User) -> bool:
    return bool(user.role_set & region.calendar_editors())


@dataclass(frozen=True)
class CalendarView:
    phases: tuple[Phase, ...]
    kept: bool  # the bureau's own dates (else the region's defaults for the term holding the day asked)
    moved_from: int | None = None  # the year of the region's calendar these dates were moved from (not in force)


SEED_YEARS = 10  # how far back a term without dates of its own looks for the region's calendar to start from


def calendar_view(region: Region, on: date, defaults: bool = False, seed: bool = False) -> CalendarView:
    """The bureau's calendar; or, asked for ``defaults`` or with none kept, the region's
    calendar for the term holding ``on`` (to seed a term from). With ``seed`` (the bureau's
    editors), a term the region gives no dates for (its documents dated one term) starts from
    the region's latest earlier calendar, its dates moved by whole years: shown to be edited,
    in force only once saved."""
    own = () if defaults else kept()
    if own:
        return CalendarView(own, True)
    default = tuple(region.selection_calendar(on))
    if default or not seed:
        return CalendarView(default, False)
    for back in range(1, SEED_YEARS + 1):
        earlier = tuple(region.selection_calendar(add_years(on, -back)))
        if earlier:
            moved = tuple(replace(p, start=add_years(p.start, back), end=add_years(p.end, back)) for p in earlier)
            return CalendarView(moved, False, on.year - back)
    return CalendarView((), False)


def save(region: Region, actor: User | None, calendar: Sequence[Phase]) -> tuple[Phase, ...]:
    """The use case: the bureau's calendar replaced by ``calendar`` (the phases with their
    edited dates) by one of the region's editors (None: the system), audited with what it was
    before; refused when a phase breaks an order the region sets (``Region.selection_phase_order``)."""
    with use_case():
        if actor is not None and not may_edit(region, actor):
            raise CalendarRefused("not_allowed")
        return keep(actor, calendar, region.selection_phase_order())


def out_of_order(calendar: Sequence[Phase], order: Sequence[PhaseOrder]) -> CalendarRefused | None:
    """The first phase that breaks one of the region's orders, as the refusal to raise."""
    where = {p.kind: i for i, p in enumerate(calendar)}
    for rule in order:
        if rule.first in where and rule.then in where:
            first, then = where[rule.first], where[rule.then]
            if not rule.holds(calendar[first], calendar[then]):
                return CalendarRefused("order", then, first, rule)
    return None


def keep(actor: User | None, calendar: Sequence[Phase], order: Sequence[PhaseOrder] = ()) -> tuple[Phase, ...]:
    """A building block of ``save`` and of the demo: the caller commits."""
    if not calendar:
        raise CalendarRefused("empty")
    for index, phase in enumerate(calendar):
        if phase.end < phase.start:
            raise CalendarRefused("dates", index)
    wrong = out_of_order(calendar, order)
    if wrong is not None:
        raise wrong
    before = [_summary(p) for p in kept()]
    db.session.execute(delete(SelectionPhase))
    rows = [SelectionPhase(kind=p.kind, label=to_data(p.label), start_date=p.start, end_date=p.end,
                           actors=[a.value for a in p.actors], source=p.source,
                           updated_by_id=actor.id if actor else None, updated_at=utcnow()) for p in calendar]
    db.session.add_all(rows)
    db.session.flush()
    record_event(actor, "calendar.saved", rows[0], before={"phases": before},
                 after={"phases": [_summary(p) for p in calendar]})
    return tuple(calendar)


def _summary(phase: Phase) -> dict:
    return {"kind": phase.kind, "start": phase.start.isoformat(), "end": phase.end.isoformat()}
