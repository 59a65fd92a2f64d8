"""The selection calendar (选课进程): the phases the bureau runs, seeded from the region's
defaults for a term and edited in the portal. Selections and steps see the phases open at
their moment; without any phase kept, the region's default calendar holds."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

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
    """``code``: not_allowed, missing (``index``: a phase whose dates were not both given),
    dates (``index``: the phase whose end is before its start), order (``index``: the phase
    that comes too early, ``before``: the index of the phase it must follow, ``order``: the
    region's ``PhaseOrder`` it breaks), empty. Every phase's mistake is found at once: the
    first refuses, the other phases' are in ``more``, in the calendar's order."""

    def __init__(self, code: str, index: int | None = None, before: int | None = None,
                 order: PhaseOrder | None = None):
        super().__init__(code, index)
        self.code = code
        self.index = index
        self.before = before
        self.order = order
        self.more: tuple[CalendarRefused, ...] = ()  # the other phases' mistakes, found with this one


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

    def ahead_of(self, on: date) -> bool:
        """Whether these phases all start after ``on``: a calendar moved to the coming term."""
        return bool(self.phases) and min(p.start for p in self.phases) > on


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
    # a day of the year the region's dated term does not cover (a region whose documents date one second half:
    # from January to mid-June no earlier year holds the day): its latest earlier calendar,
    # moved by the fewest whole years that bring its end to the day or after, so the bureau
    # still has a form to set the term's dates from (it had none, and could declare no project)
    for weeks in range(1, SEED_YEARS * 53 + 1):
        earlier = tuple(region.selection_calendar(on - timedelta(weeks=weeks)))
        if earlier:
            last = max(p.end for p in earlier)
            years = next(n for n in range(1, SEED_YEARS + 2) if add_years(last, n) >= on)
            moved = tuple(replace(p, start=add_years(p.start, years), end=add_years(p.end, years)) for p in earlier)
            return CalendarView(moved, False, min(p.start for p in earlier).year)
    return CalendarView((), False)


def save(region: Region, actor: User | None, calendar: Sequence[Phase | None]) -> tuple[Phase, ...]:
    """The use case: the bureau's calendar replaced by ``calendar`` (the phases with their
    edited dates; None for one whose dates were not both given) by one of the region's editors
    (None: the system), audited with what it was before; refused with every phase's mistake at
    once (``keep``), a phase breaking an order the region sets (``Region.selection_phase_order``)
    among them. A trial's bureau corrected three phases over three saves."""
    with use_case():
        if actor is not None and not may_edit(region, actor):
            raise CalendarRefused("not_allowed")
        return keep(actor, calendar, region.selection_phase_order())


def out_of_order(calendar: Sequence[Phase], order: Sequence[PhaseOrder]) -> CalendarRefused | None:
    """The first phase that breaks one of the region's orders, as the refusal to raise."""
    return next(iter(_orders_broken(calendar, order, set())), None)


def _orders_broken(calendar: Sequence[Phase | None], order: Sequence[PhaseOrder],
                   refused: set[int]) -> list[CalendarRefused]:
    """Each phase that breaks one of the region's orders, once (the first order it breaks),
    leaving out those in ``refused`` and the phases not given (None)."""
    where = {p.kind: i for i, p in enumerate(calendar) if p is not None}
    found = {}
    for rule in order:
        if rule.first in where and rule.then in where:
            first, then = where[rule.first], where[rule.then]
            if then not in refused and then not in found and not rule.holds(calendar[first], calendar[then]):
                found[then] = CalendarRefused("order", then, first, rule)
    return [found[i] for i in sorted(found)]


def _mistakes(calendar: Sequence[Phase | None], order: Sequence[PhaseOrder]) -> list[CalendarRefused]:
    """Every phase's mistake: a phase not given (None) is ``missing``, its neighbours still
    checked against the region's orders."""
    if not calendar:
        return [CalendarRefused("empty")]
    found = [CalendarRefused("missing", i) if p is None else CalendarRefused("dates", i)
             for i, p in enumerate(calendar) if p is None or p.end < p.start]
    found += _orders_broken(calendar, order, {r.index for r in found})
    return sorted(found, key=lambda r: r.index)


def keep(actor: User | None, calendar: Sequence[Phase | None], order: Sequence[PhaseOrder] = ()) -> tuple[Phase, ...]:
    """A building block of ``save`` and of the demo: the caller commits. Refused with every
    phase's mistake (``CalendarRefused.more``)."""
    found = _mistakes(calendar, order)
    if found:
        found[0].more = tuple(found[1:])
        raise found[0]
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
