"""A daily cap over all of a day's records: what a region whose rules say "at most N credits
a day" needs once each activity has been converted on its own (a conversion can cap one
activity's days, never the other activities of the same day).

Each record subject to the cap is spread evenly over the days it took (``Record.spanned``):
the ledger keeps an activity's credits, not the hours of each of its days, and an even
spread is the one reading that favours no day. On a day whose records together exceed the
limit, first each category with a limit of its own (school-based at most 6 of the 8) is
brought down to it, then the day to its limit, every record of the day in proportion to
its share (no record is preferred: the rules rank none). Amounts are split in hundredths,
the largest remainders first, so a day counts exactly its limit and a record exactly what
its days kept. No region is named here; the region says which records are held and the
limits of each day.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal

from .ledger import Record

HUNDREDTH = Decimal("0.01")


@dataclass(frozen=True)
class DailyLimit:
    """What one day may count: ``total`` at most, and within it at most ``parts[c]`` of
    category ``c``."""

    total: Decimal | None
    parts: Mapping[str, Decimal] = field(default_factory=dict)


@dataclass(frozen=True)
class CappedDay:
    """A day whose records exceeded its limit: ``earned`` before, ``counted`` after; for a
    category over its own limit, ``parts[c]`` is (its credits that day, its limit)."""

    day: date
    earned: Decimal
    counted: Decimal
    parts: Mapping[str, tuple[Decimal, Decimal]] = field(default_factory=dict)

    @property
    def taken_off(self) -> Decimal:
        return self.earned - self.counted


def spread(amount: Decimal, days: int, quantum: Decimal = HUNDREDTH) -> list[Decimal]:
    """``amount`` over ``days`` days, evenly in ``quantum``s, the first days taking the
    remainder: 10 over 3 days is 3.34, 3.33, 3.33. The shares add up to ``amount``."""
    if days <= 1:
        return [amount]
    base = (amount / days).quantize(quantum, rounding=ROUND_DOWN)
    shares = [base] * days
    rest = amount - base * days
    for i in range(min(int(rest // quantum), days)):
        shares[i] += quantum
    shares[-1] += amount - sum(shares)  # a part finer than the quantum, if any
    return shares


def share_out(limit: Decimal, shares: Sequence[Decimal], quantum: Decimal = HUNDREDTH) -> list[Decimal]:
    """``limit`` shared in proportion to ``shares`` (which add up to more), in ``quantum``s,
    the largest remainders first (the earlier on a tie). The parts add up to ``limit``."""
    whole = sum(shares, Decimal(0))
    if whole <= 0:
        return [Decimal(0) for _ in shares]
    exact = [limit * s / whole for s in shares]
    parts = [e.quantize(quantum, rounding=ROUND_DOWN) for e in exact]
    order = sorted(range(len(shares)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[:int((limit - sum(parts)) // quantum)]:
        parts[i] += quantum
    parts[order[0]] += limit - sum(parts)  # a part finer than the quantum, if any
    return parts


def cap_each_day(records: Sequence[Record], held: Callable[[Record], bool],
                 limit_on: Callable[[date], DailyLimit | None],
                 quantum: Decimal = HUNDREDTH) -> tuple[list[Record], list[CappedDay]]:
    """``records`` with the amounts the daily limits leave them (in the same order; a record
    not ``held`` by the cap, or on days without a limit, unchanged), and the days capped."""
    days: dict[date, list[tuple[int, Decimal]]] = defaultdict(list)
    for i, record in enumerate(records):
        if record.amount <= 0 or not held(record):
            continue
        span = record.spanned
        n = (span.end - span.start).days + 1
        for k, share in enumerate(spread(record.amount, n, quantum)):
            days[span.start + timedelta(days=k)].append((i, share))
    taken = [Decimal(0)] * len(records)
    capped = []
    for day in sorted(days):
        limit = limit_on(day)
        if limit is None:
            continue
        items = days[day]
        if len(items) == 1:  # most days: one record, under its limits (a bulk refresh spent 3/4 of its time here)
            i, share = items[0]
            part = limit.parts.get(records[i].category)
            if (limit.total is None or share <= limit.total) and (part is None or share <= part):
                continue
        shares = [share for _, share in items]
        parts = {}
        for category, part_limit in limit.parts.items():
            mine = [j for j, (i, _) in enumerate(items) if records[i].category == category]
            over = sum((shares[j] for j in mine), Decimal(0))
            if over > part_limit:
                parts[category] = (over, part_limit)
                for j, kept in zip(mine, share_out(part_limit, [shares[j] for j in mine], quantum)):
                    shares[j] = kept
        if limit.total is not None and sum(shares, Decimal(0)) > limit.total:
            shares = share_out(limit.total, shares, quantum)
        earned = sum((share for _, share in items), Decimal(0))
        counted = sum(shares, Decimal(0))
        if counted < earned:
            capped.append(CappedDay(day, earned, counted, parts))
            for (i, share), kept in zip(items, shares):
                taken[i] += share - kept
    return [replace(r, amount=r.amount - t) if t else r for r, t in zip(records, taken)], capped
