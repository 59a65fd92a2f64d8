"""Amounts as rules say and round them: 12 学分, 3 次, 19.5 shown for 19.54.

``credits(12)`` is what a message takes as an argument (``Quantity``), put into words in the
reader's language. ``rounded`` rounds to any step a setting names (0.1, 0.5, 1), by a
rounding a setting may name by code (``ROUNDINGS``): that is a rule's rounding. A figure
rounded only to be shown (an amount, a percentage, an average, on a page, in a report, an
Excel sheet or a PDF) is rounded one way everywhere, half up (``SHOWN_ROUNDING``), by
``shown``, ``percent`` and ``average``, so that two places never show 15.3 and 15.4 for the
same figure; a figure short of a minimum is never shown as reaching it (99.96% of a duty
not everyone met reads 99.9%, not 100.0%), and one above 0 never reads 0.
"""
from __future__ import annotations

from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, ROUND_UP, Decimal

from .enums import Unit
from .parameters import Parameter
from .text import Messages, Quantity

_ = Messages("messages", "portal")

# A setting's codes for how to round, the ``decimal`` rounding each stands for, and its words.
ROUNDINGS = {"half_up": ROUND_HALF_UP, "down": ROUND_DOWN, "up": ROUND_UP, "half_even": ROUND_HALF_EVEN}
ROUNDING_WORDS = {
    "half_up": _("rounded half up"),
    "down": _("rounded down"),
    "up": _("rounded up"),
    "half_even": _("rounded half to even"),
}
ONE_TENTH = Decimal("0.1")


def credits(amount: Decimal | int) -> Quantity:
    """12 学分 / 12 credits."""
    return Quantity(amount, Unit.CREDIT)


def hours(amount: Decimal | int) -> Quantity:
    """60 学时 / 60 hours."""
    return Quantity(amount, Unit.HOUR)


def times(count: Decimal | int) -> Quantity:
    """3 次 / 3 times: sessions or trainings counted."""
    return Quantity(count, Unit.TIME)


def clean(value: Decimal) -> Decimal:
    """The same number without trailing zeros or exponent: 12.000 → 12, 3.30 → 3.3."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def rounded(value: Decimal, quantum: Decimal, rounding: str = ROUND_HALF_UP) -> Decimal:
    """``value`` to a multiple of ``quantum`` (0.1, 0.5, 1 ...), by ``rounding`` (a ``decimal``
    rounding, e.g. ``ROUNDINGS[code]``), written to the quantum's places (19.98 → 20.0);
    ``ValueError`` for a quantum that is not above 0 (see ``quantum_at``)."""
    if quantum <= 0:
        raise ValueError("the quantum must be above 0")
    return (Decimal(value) / quantum).quantize(Decimal(1), rounding=rounding) * quantum


def quantum_at(parameter: Parameter, on: date) -> Decimal:
    """The step a setting rounds to (0.1, 1); a bureau's value that is not above 0 is refused
    in words that name the setting."""
    quantum = parameter.at(on)
    if quantum <= 0:
        raise parameter.refuse(quantum, _("a number above 0"))
    return quantum


SHOWN_ROUNDING = ROUND_HALF_UP  # the one rounding of every figure shown
# The step figures are shown to is 0.1 unless the region names another in a setting of this
# name (a bureau's reports to 0.01): the core's reports then show their averages and rates to
# that step too, so a region's figure and the core's for the same quantity never differ
# (76.55 in the region's report, 76.5 in the core's).
DISPLAY_QUANTUM_SETTING = "display_quantum"


def shown(value: Decimal, quantum: Decimal = ONE_TENTH, below: Decimal | None = None) -> Decimal:
    """``value`` to ``quantum``, half up, only to be shown (an amount, a rate, an average, a gap).
    When ``value`` is short of ``below`` (a minimum it has not reached: 100% for a share not
    everyone has met), it is cut down instead if rounding up would show it reaching it:
    71.96 under 72 shows 71.9, 99.96% shows 99.9%. A figure above 0 never shows as 0: it shows
    as one ``quantum`` (a gap of 0.04 shows 0.1)."""
    value = Decimal(value)
    result = rounded(value, quantum, SHOWN_ROUNDING)
    if below is not None and value < below and result >= below:
        result = rounded(value, quantum, ROUND_DOWN)
    if value > 0 and result == 0:
        result = rounded(value, quantum, ROUND_UP)
    return result


def average(total: Decimal, count: int, quantum: Decimal = ONE_TENTH, below: Decimal | None = None) -> Decimal | None:
    """``total`` per head, shown to ``quantum`` (``shown``: half up, never reaching ``below``
    when short of it); ``None`` when there is nobody to average over."""
    if not count:
        return None
    return shown(Decimal(total) / count, quantum, below)


def percent(part: Decimal | int, whole: Decimal | int, quantum: Decimal = ONE_TENTH,
            below: Decimal | None = None) -> Decimal | None:
    """``part`` as a percentage of ``whole``, shown to ``quantum`` (``shown``: half up); never
    100 when ``part`` falls short of ``whole``, nor ``below`` (a minimum rate) when short of
    it; ``None`` when ``whole`` is 0."""
    if not whole:
        return None
    rate = Decimal(part) * 100 / Decimal(whole)
    result = shown(rate, quantum, Decimal(100))
    return result if below is None else min(result, shown(rate, quantum, below))
