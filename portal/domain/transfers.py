"""A teacher's record brought from another region's portal: each entry as the sending portal
counted it, and how the receiving region treats it (``portal_recognise_transfer``)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .activity import Activity
from .enums import Unit
from .results import CreditResult, Finding


@dataclass(frozen=True)
class TransferredEntry:
    """One counted entry of a record signed by another bureau: its day, title, amount and
    unit, its category in the sender's words, and the activity the sender converted (None
    for an entry made without one: a borrowing, a credit entered by hand)."""

    origin: str  # the signing key's id and the sender's entry id: unique across portals
    day: date
    title: str
    amount: Decimal
    unit: Unit
    category_label: str
    issuer: str  # the sending bureau's name
    activity: Activity | None = None


@dataclass(frozen=True)
class Recognition:
    """How the receiving region treats a transferred entry: ``result`` is what it is entered
    as here (``None``: not recognised), and ``findings`` say why, with their clauses."""

    result: CreditResult | None
    findings: tuple[Finding, ...] = ()

    @property
    def counts(self) -> bool:
        return self.result is not None
