"""What Shanxi adds to an administrator's dashboard: the yearly minimum of §三(二)."""
from __future__ import annotations

from decimal import Decimal

from portal.domain import Panel, ScopeSummary
from portal.domain.amounts import average, credits, percent
from portal.domain.text import figure

from . import parameters as P
from .parameters import src
from .periods import year_name
from .words import _


def dashboard_panels(summary: ScopeSummary) -> list[Panel]:
    """Who in the admin's scope meets the yearly minimum, and the average, over the school
    year the core summed (``portal_year``)."""
    on = summary.year_period.end
    need = P.YEARLY_MINIMUM.at(on)
    year = year_name(summary.year, on)
    share = percent(summary.teachers_meeting_yearly, summary.teachers) or Decimal(0)
    per_teacher = average(summary.year_total, summary.teachers) or Decimal(0)
    source = src(P.YEARLY_CLAUSE)
    return [
        Panel(_("{year}达到 {need}的教师", year=year, need=credits(need)),
              f"{summary.teachers_meeting_yearly} / {summary.teachers}",
              _("占 {share}%；学年未达到且未借贷者本学年继续教育不合格", share=share), src(P.YEARLY_CLAUSE, "五(三)")),
        Panel(_("{year}人均学分", year=year), figure(per_teacher),
              _("每学年原则上不少于 {need}", need=credits(need)), source),
    ]
