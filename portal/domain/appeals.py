"""Appeals (申诉) and the credit bank (学分银行): what a region says about each.

An appeal contests an entry, a missing entry or a standing; the region says who answers it
and for how long after the matter it may be made (``AppealPolicy``). The credit bank is a
teacher's account of credits saved ahead, borrowed for a year's shortfall and repaid from
later credits, as the region's rules keep it (``CreditAccount``)."""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .enums import UserRole
from .results import CreditResult, Finding, Period, Words

ENTRY = "entry"  # an entry the teacher thinks wrong
MISSING = "missing"  # a training or achievement the teacher finds missing from the ledger
STANDING = "standing"  # a year's or the cycle's standing
SUBJECTS = (ENTRY, MISSING, STANDING)


def appealable(audit_state: str, undecided: Collection[str], cancelled: bool = False) -> bool:
    """Whether an entry may be appealed: an appeal contests a decision, so its audit has decided
    on it (its state is not one of the workflow's ``undecided``: it counts, or is final), and it
    stands (``cancelled``: a reversal, or reversed by one). The one test of both the appeal's use
    case, which refuses the others, and the pages, which offer the appeal only where it holds: an
    entry still in its audit is corrected or waited for, never appealed."""
    return not cancelled and audit_state not in undecided


@dataclass(frozen=True)
class AppealPolicy:
    """Who answers an appeal (``answered_by``, over the teacher's school), and the window:
    ``months`` after the matter (an entry's registration, a missing activity's date, the end
    of the contested year), ``None`` for no limit. ``source`` is the clause; ``settings``
    the settings the window comes from where the documents give none. ``evidence``: the
    documents ask the teacher for proof (提供证明材料), so an appeal without a file is refused.
    ``missing_from_year_end``: a missing activity's window runs from the end of its year, not its
    date, where the documents have the year's activities registered when it ends and the appeal
    read against that registration (根据学分登记情况): a training of March left out of the
    registration in August is still open to appeal that autumn."""

    answered_by: UserRole
    months: int | None
    source: str
    settings: tuple[str, ...] = ()
    evidence: bool = False
    missing_from_year_end: bool = False

    def as_json(self) -> dict:
        return {"answered_by": self.answered_by.value, "months": self.months, "source": self.source,
                "settings": list(self.settings), "evidence": self.evidence}

    def closes(self, matter: date) -> date | None:
        """The last day an appeal about a matter of ``matter`` may be made."""
        if self.months is None:
            return None
        month = matter.month - 1 + self.months
        year, month = matter.year + month // 12, month % 12 + 1
        for day in (matter.day, 30, 29, 28):  # the same day, or the month's last
            try:
                return date(year, month, day)
            except ValueError:
                continue
        raise AssertionError("unreachable")


@dataclass(frozen=True)
class AccountYear:
    """One year of a credit account: what it required and earned, what was saved beyond the
    requirement, borrowed to cover a shortfall, and repaid from a surplus.

    ``counted`` is what counts against the year's requirement, the figure the teacher's
    standing shows for the year (``YearProgress.earned``, borrowings included where the
    region counts them), taken by the region from the same computation; None: ``earned``.
    The account page shows it against ``required``, as the teacher's page does, so that a
    year is never 20 / 20 on one page and 13.8 / 20 on the other. ``required`` None: the year
    asks the teacher nothing (a new teacher's first school year), which the page says, not 0 / 0."""

    period: Period
    required: Decimal | None
    earned: Decimal
    saved: Decimal = Decimal(0)
    borrowed: Decimal = Decimal(0)
    repaid: Decimal = Decimal(0)
    counted: Decimal | None = None

    @property
    def toward_required(self) -> Decimal:
        """What counts against ``required`` (``counted``, else ``earned``)."""
        return self.earned if self.counted is None else self.counted


@dataclass(frozen=True)
class CreditAccount:
    """A teacher's credit bank account on a day, as the region's rules keep it.

    ``balance`` is what is saved and not yet used, ``owed`` what is borrowed and not yet
    repaid. ``borrowing`` is the entry a borrowing would enter now for ``borrow_year``'s
    shortfall (its amount, category and steps, with clauses), or ``None`` when none may be
    made now (``why_not`` says why). ``findings`` say what the rules did (repayment, what a
    borrowing does to the yearly and cycle findings), each with its clause or setting."""

    years: tuple[AccountYear, ...]
    balance: Decimal
    owed: Decimal
    borrowing: CreditResult | None = None
    borrow_year: Period | None = None
    why_not: Words = ""
    findings: tuple[Finding, ...] = ()
    source: str = ""
