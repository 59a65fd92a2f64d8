"""How a teacher pays a project's fee: a method the region offers (``portal_payment_methods``)
behind one interface, so an online provider plugs in the same way as the school's finance
office does."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .results import Words
from .text import Messages

_ = Messages("messages", "portal")


@dataclass(frozen=True)
class Payment:
    """A payment asked for: the enrollment, the amount in yuan, and the teacher's method."""

    enrollment_id: int
    amount: Decimal
    method: str


class PaymentMethod:
    """A way to pay. ``code`` is kept with the enrollment, ``label`` shown to the teacher.

    ``confirm(payment)`` is asked when the teacher takes the workflow's payment step: True
    when the money is settled (the step is taken), False when it is not (the step is refused
    and the hold keeps running until it expires). An online provider checks its own record
    of the payment here; it must not raise for a payment it does not know (return False)."""

    code: str = ""
    label: Words = ""
    instructions: Words = ""

    def confirm(self, payment: Payment) -> bool:
        raise NotImplementedError


class FinanceOffice(PaymentMethod):
    """Paid through the school's finance office (学校财务统一支付): the school settles the fee
    with the organiser outside the portal, so the teacher's step confirms it."""

    code = "finance_office"
    label = _("Paid through the school's finance office")
    instructions = _("Your school's finance office pays the fee to the organiser; nothing is paid here.")

    def confirm(self, payment: Payment) -> bool:
        return True
