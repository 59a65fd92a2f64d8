"""Which part of a year or a cycle a duty may be held against a teacher.

Months before the teacher entered post or was transferred in, and months wholly on
approved leave, are never held against them. A period they were in post for only in part
is judged by the region's setting, since the documents say nothing about it:

- ``PartialPeriod.FULL``: the whole figure is asked;
- ``PartialPeriod.PRORATA``: the share of the months they were in post, rounded half up;
- ``PartialPeriod.EXEMPT``: nothing is asked for that period.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from .enums import Unit
from .ledger import TeacherFacts
from .results import Period, Words
from .text import Messages, Quantity, listing

_ = Messages("messages", "portal")
ngettext = _.plural


class PartialPeriod(StrEnum):
    FULL = "full"
    PRORATA = "prorata"
    EXEMPT = "exempt"


PARTIAL_PERIOD_WORDS = {
    PartialPeriod.FULL: _("the whole figure is asked"),
    PartialPeriod.PRORATA: _("the share of the months in post is asked"),
    PartialPeriod.EXEMPT: _("nothing is asked for that period"),
}


def in_post_from(teacher: TeacherFacts) -> date | None:
    """The day from which the teacher's duties run here: the later of entering post and
    being transferred in."""
    days = [d for d in (teacher.entered_post, teacher.transferred_in) if d is not None]
    return max(days) if days else None


def months_of(period: Period) -> list[tuple[date, date]]:
    """Each calendar month the period touches, as (first day, last day) within the period."""
    found = []
    year, month = period.start.year, period.start.month
    while date(year, month, 1) <= period.end:
        first = max(date(year, month, 1), period.start)
        following = date(year + month // 12, month % 12 + 1, 1)
        last = min(date.fromordinal(following.toordinal() - 1), period.end)
        found.append((first, last))
        year, month = following.year, following.month
    return found


@dataclass(frozen=True)
class Share:
    """How many months of a period a duty may be held against the teacher, and why not all."""

    held: int
    total: int
    reason: Words = ""

    @property
    def whole(self) -> bool:
        return self.held == self.total

    @property
    def none(self) -> bool:
        return self.held == 0


def share_of(teacher: TeacherFacts, period: Period) -> Share:
    """A month counts when the teacher was in post by its last day and not on approved
    leave for all of it."""
    start = in_post_from(teacher)
    months = months_of(period)
    before = [m for m in months if start is not None and m[1] < start]
    on_leave = [m for m in months if m not in before and _wholly_on_leave(teacher, m)]
    held = len(months) - len(before) - len(on_leave)
    reasons = []
    if before:
        if teacher.transferred_in is not None and start == teacher.transferred_in:
            reasons.append(_("transferred in on {date}", date=start))
        else:
            reasons.append(_("entered post on {date}", date=start))
    if on_leave:
        reasons.append(ngettext("{n} month on approved leave", "{n} months on approved leave", len(on_leave)))
    return Share(held, len(months), listing(reasons) if reasons else "")


def _wholly_on_leave(teacher: TeacherFacts, month: tuple[date, date]) -> bool:
    return any(leave.start <= month[0] and month[1] <= leave.end for leave in teacher.leave)


def required_for(full: Decimal, teacher: TeacherFacts, period: Period, how: PartialPeriod | str,
                 unit: Unit = Unit.CREDIT, quantum: Decimal = Decimal(1)) -> tuple[Decimal | None, Words]:
    """What a duty of ``full`` over ``period`` asks of this teacher, and the note that says
    why when it is not ``full`` (``None``: nothing is asked)."""
    share = share_of(teacher, period)
    if share.whole:
        return full, ""
    if share.none:
        return None, _("Not asked: {reason}", reason=share.reason)
    how = PartialPeriod(how)
    if how == PartialPeriod.FULL:
        return full, ""
    if how == PartialPeriod.EXEMPT:
        return None, _("Not asked for a period in post only in part: {reason}", reason=share.reason)
    required = (full * share.held / share.total).quantize(quantum, ROUND_HALF_UP)
    return required, _("In post {held} of {total} months ({reason}): {required} asked instead of {full}",
                       held=share.held, total=share.total, reason=share.reason,
                       required=Quantity(required, unit), full=Quantity(full, unit))
