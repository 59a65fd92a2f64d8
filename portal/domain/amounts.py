"""Amounts as rules say and round them: 12 学分, 3 次, 19.5 shown for 19.54.

``credits(12)`` is what a message takes as an argument (``Quantity``), put into words in the
reader's language. ``rounded`` rounds to any step a setting names (0.1, 0.5, 1), by a
rounding a setting may name by code (``ROUNDINGS``); ``shown`` rounds a figure only to show
it, down by default, so a figure shown as reaching its minimum has reached it.
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


def shown(value: Decimal, quantum: Decimal = ONE_TENTH, rounding: str = ROUND_DOWN) -> Decimal:
    """A figure rounded only to be shown (an average, a rate). Cut down by default, so a
    figure shown as reaching its minimum has reached it; round a gap up (``ROUND_UP``)."""
    return rounded(value, quantum, rounding)


def average(total: Decimal, count: int, quantum: Decimal = ONE_TENTH, rounding: str = ROUND_HALF_UP) -> Decimal | None:
    """``total`` per head, to ``quantum``; ``None`` when there is nobody to average over."""
    if not count:
        return None
    return rounded(Decimal(total) / count, quantum, rounding)


def percent(part: Decimal | int, whole: Decimal | int, quantum: Decimal = ONE_TENTH,
            rounding: str = ROUND_HALF_UP) -> Decimal | None:
    """``part`` as a percentage of ``whole``, to ``quantum``; ``None`` when ``whole`` is 0."""
    if not whole:
        return None
    return rounded(Decimal(part) * 100 / Decimal(whole), quantum, rounding)
