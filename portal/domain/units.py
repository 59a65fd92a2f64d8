"""How the core words amounts and yes/no, in the core's own catalogue."""
from __future__ import annotations

from decimal import Decimal

from .text import Messages, Text, figure

_ = Messages("messages", "portal")
ngettext = _.plural


def unit_words(amount: Decimal | int, unit: str) -> Text:
    """12 学分 / 12 credits, 1 credit; 3 次 / 3 times; 5 项 / 5 items."""
    n = figure(amount)
    count = 1 if Decimal(amount) == 1 else 2  # 1.5 credits is plural in English
    if unit == "hour":
        return ngettext("{n} hour", "{n} hours", count, n=n)
    if unit == "time":
        return ngettext("{n} time", "{n} times", count, n=n)
    if unit == "item":
        return ngettext("{n} item", "{n} items", count, n=n)
    return ngettext("{n} credit", "{n} credits", count, n=n)


def yes_no(value: bool) -> Text:
    return _("yes") if value else _("no")
