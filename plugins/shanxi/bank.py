"""The credit bank's arithmetic (§四(五) 学分银行: 累积、借贷、支取; §三(二) 鼓励提前积蓄学分):
what a cycle's school years saved, borrowed and repaid, in order.

A year saves what it earned beyond what it asked (``saved``); a borrowing covers a year's
shortfall (§五(三)). How a borrowing is repaid the document does not say: under the setting
``borrowing_repaid_from_savings`` (default yes) savings repay the borrowings, oldest first,
those already in the bank first, and a year that earned enough without its own borrowing
hands that borrowing back at once. The account is kept within the cycle, which is judged as a
whole (§二(四) 五年周期审定). Pure arithmetic: ``compliance`` uses it for the cycle total
when borrowed credits count for it, ``account`` to answer the hook.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from portal.domain import Period
from portal.domain.amounts import clean

ZERO = Decimal(0)


@dataclass(frozen=True)
class BankRow:
    """One school year as compliance counts it: what it asked (``None``: nothing), what was
    earned (registered credits, not borrowings) and what was borrowed for it."""

    year: int
    period: Period
    required: Decimal | None
    earned: Decimal
    borrowed: Decimal


@dataclass(frozen=True)
class Repayment:
    """``amount`` of the borrowing made for school year ``borrowed_in``, repaid in a year;
    ``handed_back`` when it is the year's own borrowing that the year did not need."""

    borrowed_in: int
    amount: Decimal
    handed_back: bool = False


@dataclass(frozen=True)
class BankYear:
    row: BankRow
    saved: Decimal                          # earned beyond what the year asked
    repayments: tuple[Repayment, ...] = ()  # what was repaid this year, oldest borrowing first

    @property
    def repaid(self) -> Decimal:
        return clean(sum((r.amount for r in self.repayments), ZERO))

    @property
    def shortfall(self) -> Decimal:
        """What the year lacks of its requirement after its earned credits (before borrowing)."""
        return max(ZERO, (self.row.required or ZERO) - self.row.earned)

    @property
    def covered(self) -> bool:
        """The year's requirement is met by its earned and borrowed credits (§五(三))."""
        return self.row.required is None or self.row.earned + self.row.borrowed >= self.row.required


@dataclass(frozen=True)
class Settlement:
    years: tuple[BankYear, ...]
    balance: Decimal                                 # saved and not used to repay
    owed: Decimal                                    # borrowed and not yet repaid
    outstanding: tuple[tuple[int, Decimal], ...] = ()  # (school year borrowed for, still owed), oldest first

    @property
    def borrowed(self) -> Decimal:
        return clean(sum((y.row.borrowed for y in self.years), ZERO))

    @property
    def repaid(self) -> Decimal:
        return clean(sum((y.repaid for y in self.years), ZERO))


def settle(rows: Iterable[BankRow], repay: bool) -> Settlement:
    """Walk the years in order: each saves its surplus; with ``repay``, the part of its own
    borrowing it did not need goes back at once, and the bank's savings (earlier ones, then the
    year's) repay what is owed, oldest borrowing first."""
    owed: list[list] = []  # [year, amount] still owed, oldest first
    balance = ZERO
    years = []
    for row in sorted(rows, key=lambda r: r.year):
        need = row.required or ZERO
        saved = max(ZERO, row.earned - need)
        repayments = []
        kept = row.borrowed
        if repay and row.borrowed:
            unneeded = min(row.borrowed, max(ZERO, row.earned + row.borrowed - need))
            if unneeded:
                repayments.append(Repayment(row.year, clean(unneeded), handed_back=True))
                kept -= unneeded
        if kept:
            owed.append([row.year, kept])
        balance += saved
        if repay:
            for item in owed:
                take = min(balance, item[1])
                if take:
                    repayments.append(Repayment(item[0], clean(take)))
                    item[1] -= take
                    balance -= take
            owed = [item for item in owed if item[1]]
        years.append(BankYear(row, clean(saved), tuple(repayments)))
    return Settlement(tuple(years), clean(balance), clean(sum((a for _y, a in owed), ZERO)),
                      tuple((y, clean(a)) for y, a in owed))
