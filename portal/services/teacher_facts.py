"""Changing what the rules know of a teacher: when they entered post, ended probation or
were transferred in, an exchange, their title and layer, approved leave, whether they hold a
teacher qualification certificate. One use case,
one transaction, one audit event with the values before and after."""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, fields
from datetime import date, timedelta

from flask import current_app

from ..domain import ADMIN_ROLES, ExchangeKind, Period
from ..domain.dates import NOT_IN_FUTURE, DateTooLate, LatestDate
from ..extensions import db
from ..models import Teacher, User
from .audit import record_event
from .scope import Scope
from .transactions import writing

EARLIEST = date(1950, 1, 1)
LONGEST_LEAVE = timedelta(days=5 * 366)


@dataclass(frozen=True)
class FactsChange:
    """The whole of a teacher's facts as an admin sets them (``None``: not known)."""

    entered_post: date | None = None
    probation_end: date | None = None
    transferred_in: date | None = None
    transferred_from: str | None = None
    exchange_kind: ExchangeKind | None = None
    exchange_unit: str | None = None
    title: str | None = None
    title_date: date | None = None
    layer: str | None = None
    leave: tuple[Period, ...] = ()
    qualified: bool | None = None


class FactsRefused(ValueError):
    """``field``: the field at fault (``leave[1]`` for a leave period); ``code`` why;
    ``refused`` the date bound, when a date lies too far ahead; ``also``: the other fields at
    fault in the same change, so a form says every mistake at once."""

    def __init__(self, field: str, code: str, refused: DateTooLate | None = None):
        super().__init__(f"{field}: {code}")
        self.field = field
        self.code = code
        self.refused = refused
        self.also: tuple[FactsRefused, ...] = ()

    @property
    def every(self) -> tuple[FactsRefused, ...]:
        return (self, *self.also)


def date_limits() -> dict[str, LatestDate]:
    """How far ahead each date may lie: what has happened (转正, a title) not at all; a first
    day in post, a transfer or the start of leave arranged ahead, ``PORTAL_FUTURE_START_DAYS``."""
    ahead = LatestDate(current_app.config["PORTAL_FUTURE_START_DAYS"])
    return {"entered_post": ahead, "transferred_in": ahead, "leave": ahead,
            "probation_end": NOT_IN_FUTURE, "title_date": NOT_IN_FUTURE}


def check(change: FactsChange, today: date) -> None:
    """Refuse facts that cannot be true, naming each field at fault (one a field)."""
    found = problems(change, today)
    if found:
        first, *others = found
        first.also = tuple(others)
        raise first


def problems(change: FactsChange, today: date) -> list[FactsRefused]:
    limits = date_limits()
    found: list[FactsRefused] = []
    for name in ("entered_post", "probation_end", "transferred_in", "title_date"):
        value = getattr(change, name)
        if value is None:
            continue
        if value < EARLIEST:
            found.append(FactsRefused(name, "too_early"))
            continue
        try:
            limits[name].check(value, today)
        except DateTooLate as refused:
            found.append(FactsRefused(name, refused.code, refused))
    at_fault = {f.field for f in found}
    found += [FactsRefused(name, "before_entering_post") for name in before_entering_post(
        change.entered_post, probation_end=change.probation_end, transferred_in=change.transferred_in)
        if name not in at_fault and "entered_post" not in at_fault]
    if title_missing(change.title, change.title_date):
        found.append(FactsRefused("title", "title_missing"))
    if bool(change.exchange_kind) != bool(change.exchange_unit):
        found.append(FactsRefused("exchange_unit" if change.exchange_kind else "exchange_kind", "exchange_incomplete"))
    return found + _leave_problems(change.leave, limits["leave"], today)


def title_missing(title: str | None, title_date: date | None) -> bool:
    """A date the title was obtained on, with no title: the date of nothing (the details form,
    the new-user form and the teachers' import refuse it alike; a title without its date stays
    allowed, the date not always known)."""
    return title_date is not None and not (title or "").strip()


def before_entering_post(entered_post: date | None, **dates: date | None) -> list[str]:
    """The names of ``dates`` (the end of probation, a transfer in) that fall before the day the
    teacher entered post: the details form and the teachers' import refuse them alike."""
    return [name for name, day in dates.items() if entered_post and day and day < entered_post]


def _leave_problems(periods: tuple[Period, ...], limit: LatestDate, today: date) -> list[FactsRefused]:
    found: list[FactsRefused] = []
    for i, period in enumerate(periods):
        problem = _leave_problem(period, limit, today)
        if problem is not None:
            found.append(FactsRefused(f"leave[{i}]", *problem))
    if found:
        return found  # overlaps are judged between periods that hold
    ordered = sorted(periods, key=lambda p: p.start)
    return [FactsRefused(f"leave[{periods.index(later)}]", "overlaps")
            for earlier, later in zip(ordered, ordered[1:]) if later.start <= earlier.end]


def _leave_problem(period: Period, limit: LatestDate, today: date) -> tuple | None:
    if period.start < EARLIEST:
        return ("too_early",)
    if period.end < period.start:
        return ("end_before_start",)
    if period.end - period.start > LONGEST_LEAVE:
        return ("too_long",)
    try:
        limit.check(period.start, today)
    except DateTooLate as refused:
        return (refused.code, refused)
    return None


def editable_teacher(actor: User, teacher_id: int) -> Teacher | None:
    """The teacher if the actor administers their school, else None."""
    teacher = db.session.get(Teacher, teacher_id)
    return teacher if teacher is not None and Scope.of(actor, ADMIN_ROLES).covers(teacher.school) else None


def current_facts(teacher: Teacher) -> FactsChange:
    """The teacher's facts as they stand, in the shape an admin sets them."""
    facts = teacher.facts()
    return FactsChange(
        entered_post=teacher.entered_post, probation_end=teacher.probation_end,
        transferred_in=teacher.transferred_in, transferred_from=teacher.transferred_from,
        exchange_kind=ExchangeKind(teacher.exchange_kind) if teacher.exchange_kind else None,
        exchange_unit=teacher.exchange_unit, title=teacher.title, title_date=teacher.title_date,
        layer=teacher.layer, leave=facts.leave, qualified=teacher.qualified,
    )


def update_facts(actor: User, teacher_id: int, change: FactsChange, today: date,
                 layers: Collection[str] | None = None) -> Teacher:
    """Set the teacher's facts, if the actor administers their school (else refused as
    "out_of_scope") and the facts hold. ``layers``: the codes of the layers the region lists
    (``portal_project_choices``), if it does: another layer is refused ("layer", "not_listed"),
    but the teacher's own, kept from before the list, stays until changed."""
    writing()
    try:
        teacher = editable_teacher(actor, teacher_id)
        if teacher is None:
            raise FactsRefused("teacher", "out_of_scope")
        if layers and change.layer is not None and change.layer != teacher.layer and change.layer not in layers:
            raise FactsRefused("layer", "not_listed")
        check(change, today)
    except FactsRefused:
        db.session.rollback()
        raise
    before = snapshot(teacher)
    apply(teacher, change)
    after = snapshot(teacher)
    if after != before:
        record_event(actor, "teacher.facts_changed", teacher, before=before, after=after,
                     org_unit_id=teacher.school_id)
    db.session.commit()
    return teacher


def apply(teacher: Teacher, change: FactsChange) -> None:
    """Set the teacher's facts to ``change``, checked before (``check``)."""
    for field in fields(FactsChange):
        value = getattr(change, field.name)
        if field.name == "leave":
            value = [{"start": p.start.isoformat(), "end": p.end.isoformat()} for p in value]
        elif isinstance(value, ExchangeKind):
            value = value.value
        setattr(teacher, field.name, value)


def snapshot(teacher: Teacher) -> dict:
    data = {f.name: getattr(teacher, f.name) for f in fields(FactsChange)}
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in data.items()}
