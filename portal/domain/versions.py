"""Which of a region's dated rules is in force on a day, and which day's rules convert an activity.

One answer everywhere (a parameter's value, the rule version stamped on a ledger entry):
the latest that has begun, or the earliest for a day before them all, so a training older
than the region's first document is still converted, by its first rules.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from operator import attrgetter
from typing import TypeVar

from .activity import Activity

T = TypeVar("T")


def in_force(dated: Sequence[T], on: date, since: Callable[[T], date] = attrgetter("effective_from")) -> T:
    """The item of ``dated`` (in order of ``since``, a ``RuleVersion``'s ``effective_from``
    by default) in force on ``on``."""
    current = dated[0]
    for item in dated:
        if since(item) <= on:
            current = item
    return current


def rules_day(activity: Activity, on: date | None, today: date) -> date:
    """The day whose rules convert ``activity``: ``on`` when given, else the day it ended,
    else the day it started, else ``today``."""
    return on or activity.end or activity.start or today
