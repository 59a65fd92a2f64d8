"""The panels a Kaifeng dashboard adds: the hours registered in the year and who met the
year's requirement (a setting: the Henan registration rules are not in the collection)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from portal.domain import Panel, ScopeSummary
from portal.domain.amounts import average, hours

from . import parameters as P
from .words import _, ngettext


def dashboard_panels(summary: ScopeSummary) -> list[Panel]:
    on = date(summary.year, 12, 31)
    yearly = P.YEARLY_MINIMUM.at(on)
    per_head = average(summary.year_total, summary.teachers) or Decimal(0)
    return [
        Panel(_("{year} 年登记学时", year=summary.year), hours(summary.year_total),
              ngettext("{n} 名教师，人均 {average}", "{n} 名教师，人均 {average}", summary.teachers,
                       average=hours(per_head)),
              P.HENAN_RULES),
        Panel(_("{year} 年达到年度要求的教师", year=summary.year),
              f"{summary.teachers_meeting_yearly}/{summary.teachers}",
              _("年度要求按河南省学时登记办法；本通知未载其数，本市设置为 {hours}", hours=hours(yearly)),
              P.HENAN_RULES),
    ]
