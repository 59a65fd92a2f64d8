"""Which part of a year or a cycle a duty may be held against a teacher.

Months before the teacher entered post or was transferred in, and months wholly on
approved leave, are never held against them. A period they were in post for only in part
is judged by a decision of the region, ``PartialPeriod``:

- ``PartialPeriod.FULL``: the whole figure is asked;
- ``PartialPeriod.PRORATA``: the share of the months they were in post, rounded half up;
- ``PartialPeriod.EXEMPT``: nothing is asked for that period.

The two reasons a period is held only in part are decided apart or together. ``required_for``
with ``how`` alone decides both by one value (a setting, where the documents say nothing of
either); ``tenure`` decides the months before entering post or being transferred in, and
``leave`` the months on leave, each apart (a document that pro-rates a year by the months of
病假 or 产假 gives ``leave`` by its clause, while new hires stay a bureau's setting).
``asked_of`` takes the ``Parameter`` each comes from and says which settings and clauses
decided the figure.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import NamedTuple

from .enums import Unit
from .findings import with_note
from .ledger import Record, TeacherFacts, total
from .parameters import Parameter
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


def counted_from(teacher: TeacherFacts, period: Period, tenure: PartialPeriod | str) -> date:
    """From which day credits count toward ``period``'s figure. Where the months before the
    teacher entered post or was transferred in are pro-rated away (``tenure``), credits dated
    in them do not count either: the same months must not both lower what is asked and add
    to what is earned. Where the whole figure is asked, every credit of the period counts
    (a transferred teacher's credits brought from their former school among them)."""
    start = in_post_from(teacher)
    if start is None or start <= period.start or PartialPeriod(tenure) != PartialPeriod.PRORATA:
        return period.start
    return start


def left_out_note(amount: Quantity, since: date) -> Words:
    """Says that ``amount``, earned before ``since`` (``counted_from``), does not count."""
    return _("{amount} earned before {date} not counted: the figure asked is scaled to the months in post",
             amount=amount, date=since)


def counted_part(records: Iterable[Record], teacher: TeacherFacts, period: Period, as_of: date,
                 tenure: PartialPeriod | str, note: Words = "", unit: Unit = Unit.CREDIT) -> tuple[Period, Words]:
    """The part of ``period``, up to ``as_of``, whose records count toward its figure
    (``counted_from``), and the figure's ``note`` (``required_for``'s) with what was left out
    said after it."""
    records = list(records)
    since = counted_from(teacher, period, tenure)
    window = Period(since, min(period.end, as_of))
    left_out = total(records, Period(period.start, window.end)) - total(records, window) if since > period.start else 0
    if not left_out:
        return window, note
    said = left_out_note(Quantity(left_out, unit), since)
    return window, with_note(note, said) if note else said


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
    """How many months of a period a duty may be held against the teacher, and why not all:
    ``before`` months before they entered post or were transferred in (``before_reason``),
    ``on_leave`` months in post wholly on approved leave (``leave_reason``)."""

    held: int
    total: int
    reason: Words = ""
    before: int = 0
    on_leave: int = 0
    before_reason: Words = ""
    leave_reason: Words = ""

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
    before_reason = leave_reason = ""
    if before:
        if teacher.transferred_in is not None and start == teacher.transferred_in:
            before_reason = _("transferred in on {date}", date=start)
        else:
            before_reason = _("entered post on {date}", date=start)
    if on_leave:
        leave_reason = ngettext("{n} month on approved leave", "{n} months on approved leave", len(on_leave))
    reasons = [r for r in (before_reason, leave_reason) if r]
    return Share(held, len(months), listing(reasons) if reasons else "", len(before), len(on_leave),
                 before_reason, leave_reason)


def _wholly_on_leave(teacher: TeacherFacts, month: tuple[date, date]) -> bool:
    return any(leave.start <= month[0] and month[1] <= leave.end for leave in teacher.leave)


Decision = PartialPeriod | str | Parameter  # a value, or the parameter (a setting or a cited figure) giving it


@dataclass(frozen=True)
class Asked:
    """What a duty asks of this teacher for a period (``None``: nothing), the ``note`` that
    says why when it is not the full figure, and what decided it: ``settings``, the names of
    the settings among the decisions that changed the figure (for a finding's or the
    requirements' ``settings``), and ``sources``, the clauses of the cited parameters that did
    (for a finding's source). A decision that asked the whole figure changed nothing."""

    required: Decimal | None
    note: Words = ""
    settings: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()


class _Part(NamedTuple):
    """One reason a period is held only in part: its months, their words, and the decision."""

    months: int
    reason: Words
    decision: Decision
    how: PartialPeriod


def asked_of(full: Decimal, teacher: TeacherFacts, period: Period, on: date | None = None, *,
             tenure: Decision, leave: Decision, unit: Unit = Unit.CREDIT,
             quantum: Decimal = Decimal(1)) -> Asked:
    """What a duty of ``full`` over ``period`` asks of this teacher, the months before they
    entered post or were transferred in judged by ``tenure`` and the months on approved
    leave by ``leave``, each a ``PartialPeriod`` (or its code) or the ``Parameter`` giving it,
    read on ``on``: a setting where the documents are silent, a cited figure where they say
    it. A period held in no month at all asks nothing, whatever the decisions; one the
    decisions judge both ways asks nothing if either exempts it, else the share of the months
    each pro-rating one leaves (rounded half up to ``quantum``)."""
    share = share_of(teacher, period)
    if share.whole:
        return Asked(full)
    if share.none:
        return Asked(None, _("Not asked: {reason}", reason=share.reason))
    before = _Part(share.before, share.before_reason, tenure, _how(tenure, on)) if share.before else None
    on_leave = _Part(share.on_leave, share.leave_reason, leave, _how(leave, on)) if share.on_leave else None
    parts = [p for p in (before, on_leave) if p is not None]
    exempting = [p for p in parts if p.how == PartialPeriod.EXEMPT]
    if exempting:
        return Asked(None, _("Not asked for a period in post only in part: {reason}",
                             reason=listing([p.reason for p in exempting])), *_decided_by(exempting, on))
    prorated = [p for p in parts if p.how == PartialPeriod.PRORATA]
    if not prorated:
        return Asked(full)
    held = share.total - sum(p.months for p in prorated)
    required = (full * held / share.total).quantize(quantum, ROUND_HALF_UP)
    if required == full:  # the share rounds back to the whole figure: nothing to say ("3 asked instead of 3")
        return Asked(full)
    words = dict(held=held, total=share.total, reason=listing([p.reason for p in prorated]),
                 required=Quantity(required, unit), full=Quantity(full, unit))
    if before is not None and before not in prorated:  # months before post asked in full, leave pro-rated
        note = _("{held} of {total} months counted ({reason}): {required} asked instead of {full}", **words)
    else:
        note = _("In post {held} of {total} months ({reason}): {required} asked instead of {full}", **words)
    return Asked(required, note, *_decided_by(prorated, on))


def _how(decision: Decision, on: date | None) -> PartialPeriod:
    if isinstance(decision, Parameter):
        if on is None:
            raise TypeError(f"asked_of needs the day to read {decision.name} on (on=...)")
        decision = decision.at(on)
    return PartialPeriod(decision)


def _decided_by(parts: list[_Part], on: date | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The settings, and the clauses of the cited parameters, that decided ``parts``."""
    settings: dict[str, None] = {}
    sources: dict[str, None] = {}
    for part in parts:
        if isinstance(part.decision, Parameter):
            if part.decision.is_setting:
                settings[part.decision.name] = None
            else:
                sources[part.decision.source_at(on)] = None
    return tuple(settings), tuple(sources)


def required_for(full: Decimal, teacher: TeacherFacts, period: Period, how: PartialPeriod | str | None = None,
                 unit: Unit = Unit.CREDIT, quantum: Decimal = Decimal(1), *,
                 tenure: PartialPeriod | str | None = None,
                 leave: PartialPeriod | str | None = None) -> tuple[Decimal | None, Words]:
    """What a duty of ``full`` over ``period`` asks of this teacher, and the note that says
    why when it is not ``full`` (``None``: nothing is asked). ``how`` decides the months
    before entering post or being transferred in and the months on approved leave alike;
    ``tenure`` and ``leave`` decide each apart (either left out follows ``how``). To name the
    settings or clauses that decided the figure, use ``asked_of``."""
    tenure = how if tenure is None else tenure
    leave = how if leave is None else leave
    if tenure is None or leave is None:
        raise TypeError("required_for needs how, or both tenure and leave")
    asked = asked_of(full, teacher, period, tenure=tenure, leave=leave, unit=unit, quantum=quantum)
    return asked.required, asked.note
