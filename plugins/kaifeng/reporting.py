"""The panels a Kaifeng dashboard adds: the hours registered in the year and who met the
year's requirement (a setting: the Henan registration rules are not in the collection)."""
from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from portal.domain import Panel, ScopeSummary

from . import parameters as P
from .words import _, hours, ngettext


def dashboard_panels(summary: ScopeSummary) -> list[Panel]:
    on = date(summary.year, 12, 31)
    yearly = P.YEARLY_MINIMUM.at(on)
    average = (summary.year_total / summary.teachers).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) \
        if summary.teachers else Decimal(0)
    return [
        Panel(_("{year} 年登记学时", year=summary.year), hours(summary.year_total),
              ngettext("{n} 名教师，人均 {average}", "{n} 名教师，人均 {average}", summary.teachers,
                       average=hours(average)),
              P.HENAN_RULES),
        Panel(_("{year} 年达到年度要求的教师", year=summary.year),
              f"{summary.teachers_meeting_yearly}/{summary.teachers}",
              _("年度要求按河南省学时登记办法；本通知未载其数，本市设置为 {hours}", hours=hours(yearly)),
              P.HENAN_RULES),
    ]
