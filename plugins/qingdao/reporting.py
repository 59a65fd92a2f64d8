"""The panels a Shinan dashboard adds: who is short of the year's 48, the average, the cycle."""
from __future__ import annotations

from datetime import date

from portal.domain import Panel, ScopeSummary
from portal.domain.amounts import average, credits
from portal.domain.text import figure

from . import parameters as P
from .parameters import F2018

SURVEY_SOURCE = f"{F2018} §附件2 二（用户可以在注册时，根据自身实际情况如实填写《用户培训需求调研问卷》）"
REGISTRATION_SOURCE = f"{F2018} §二（请各单位于4月25日前组织本单位全体教师在“睿师汇”平台上完成实名注册、问卷调查）"
from .compliance import cycle
from .words import _


def dashboard_panels(summary: ScopeSummary) -> list[Panel]:
    on = date(summary.year, 12, 31)
    yearly = P.YEARLY_REQUIRED.value_at(on)
    cycle_required = P.CYCLE_REQUIRED.value_at(on)
    per_teacher = average(summary.year_total, summary.teachers)
    period = cycle(on)
    return [
        Panel(
            _("{year} 年未达 {required}的教师", year=summary.year, required=credits(yearly.value)),
            f"{summary.teachers - summary.teachers_meeting_yearly} / {summary.teachers}",
            _("到 {date} 仍未达到的，{year} 年度考核不得评为优秀", date=date(summary.year, 12, 31), year=summary.year),
            P.ANNUAL_RATING_SOURCE,
        ),
        Panel(_("{year} 年人均学分", year=summary.year), figure(per_teacher) if per_teacher is not None else "—",
              _("每年不低于 {required}", required=credits(yearly.value)), yearly.source),
        Panel(
            _("教师个性化培训平台注册完成情况"),
            f"{summary.teachers_signed_in} / {summary.teachers}",
            _("已登录注册 {signed} 人，已完成需求调研问卷 {surveyed} 人，在职教师 {teachers} 人（附件3 统计表）",
              signed=summary.teachers_signed_in, surveyed=summary.teachers_surveyed, teachers=summary.teachers),
            REGISTRATION_SOURCE,
        ),
        Panel(
            _("本周期要求"),
            credits(cycle_required.value),
            _("{start}—{end} 年；校本至多计 {cap}，A 类不低于 {minimum}", start=period.start.year, end=period.end.year,
              cap=credits(P.SCHOOL_BASED_CYCLE_CAP.at(on)), minimum=credits(P.A_CLASS_CYCLE_MINIMUM.at(on))),
            cycle_required.source,
        ),
    ]
