"""What Shanxi adds to an administrator's dashboard and reports: the yearly minimum of
§三(二), and the yearly audit the county reports to the city (§二(四), §五(二))."""
from __future__ import annotations

from decimal import Decimal

from portal.domain import Column, Finding, Panel, Report, ScopeSummary
from portal.domain.amounts import credits, percent
from portal.domain.text import figure

from . import parameters as P
from .compliance import YEAR_SETTINGS, YEARLY_SOURCE
from .parameters import src
from .periods import year_name
from .words import _, ngettext
from .workflow import AUDIT_WORKFLOW, CITY_APPROVED, COUNTY_VERIFIED, REGISTERED, SUBMITTED


def yearly_share(summary: ScopeSummary) -> Decimal | None:
    """The share (%) of the scope's teachers judged (``ScopeSummary.year_judged``: asked something
    of the year, their standing current) whose school year meets its minimum, borrowings
    included, as the core's cards and compliance report count it; None when nobody is judged."""
    return percent(summary.teachers_meeting_yearly, summary.year_judged)


def per_teacher(summary: ScopeSummary) -> Decimal | None:
    """The year's credits per teacher asked something of the school year, their standing counted
    (``ScopeSummary.year_judged``, over their own total ``year_total_asked``): the figure stands
    beside 每学年原则上不少于 20 学分 (§三(二)), which asks nothing of a new teacher in the probation
    year (credits registered from 转正, §三(二)) nor of one not subject to credit management (§二(一)),
    so they are in neither its total nor its head count, as they are in neither the met nor the
    unmet (a school of 10 with 4 new teachers read 人均 12 where its 6 asked had 20 each). A teacher
    being computed again is left out as the core's 本年人均 leaves them out. None when there is
    nobody to average over."""
    return summary.year_average()


def dashboard_panels(summary: ScopeSummary) -> list[Panel]:
    """Who in the admin's scope meets the yearly minimum, and the average, over the school
    year the core summed (``portal_year``)."""
    on = summary.year_period.end
    need = P.YEARLY_MINIMUM.at(on)
    year = year_name(summary.year, on)
    share = yearly_share(summary)
    source = src(P.YEARLY_CLAUSE)
    # ``teachers_meeting_yearly`` counts the teachers whose year meets what it asks of them: a
    # probation year asks nothing (§三(二) 从转正年度开始登记) and a part year its share, so the
    # panel names the year's requirement, not the full 20 credits nobody in the list may have.
    if share is None:  # nobody judged: the figure is a dash, and no share of nobody is said
        note = _("要求原则上不少于 {need}，试用期和部分月份在岗的教师按对其的要求；学年未达到且未借贷者本学年继续教育不合格",
                 need=credits(need))
    else:
        note = _("占 {share}%；要求原则上不少于 {need}，试用期和部分月份在岗的教师按对其的要求；"
                 "学年未达到且未借贷者本学年继续教育不合格", share=share, need=credits(need))
    return [
        # of the teachers judged (``Panel.judged``), as the core's cards and the yearly audit
        # summary count them: a teacher being computed again is neither met nor unmet (the home's
        # notice says how many)
        Panel.judged(_("{year}达到学年学分要求的教师", year=year), summary.teachers_meeting_yearly, summary, note,
                     src(P.YEARLY_CLAUSE, "五(三)"), restates=("teachers_meeting_yearly",)),
        # the average is of the teachers asked credits this year (``per_teacher``): said where some are not
        Panel(_("{year}人均学分", year=year), _per_teacher_shown(summary),
              _("每学年原则上不少于 {need}；本学年不要求学分的教师（如试用期的新任教师）不计入", need=credits(need))
              if summary.year_exempt else _("每学年原则上不少于 {need}", need=credits(need)), source),
    ]


def _per_teacher_shown(summary: ScopeSummary) -> str:
    """The panel's average: — while every teacher's standing is being computed again (none is
    counted), 0 where the scope has no teacher."""
    found = per_teacher(summary)
    if found is None:
        return "—" if summary.teachers else figure(Decimal(0))
    return figure(found)


# Reports (``portal_reports``) ------------------------------------------------------------
#
# The core calls a column's ``value`` outside the region's settings (``Region._joined`` applies
# them only while the hook runs), so no value below reads a setting: the year is the one the
# core summed (``summary.year_period``), and the yearly minimum is the document's.

YEARLY_AUDIT = "yearly_audit"
YEARLY_MET = "yearly_met"

# A column heading for each state of the audit workflow, in the workflow's words made short
# enough for a phone card (its labels say what comes next as well), counting entries (条)
# where the report's other columns count teachers (人).
STATE_HEADINGS = {
    SUBMITTED: _("待学校登记（条）"),
    REGISTERED: _("学校已登记（条）"),
    COUNTY_VERIFIED: _("区县已审核（条）"),
    CITY_APPROVED: _("市级已审定（条）"),
    "province_verified": _("省中心验证（条）"),
    "rejected": _("不予认定（条）"),
}


def state_count(state: str):
    """The year's standing entries in audit state ``state``."""
    return lambda summary: summary.states.get(state, 0)


def yearly_met(summary: ScopeSummary) -> Finding | None:
    """The share of the unit's teachers whose school year meets its minimum: in principle 20
    credits (§三(二)), a borrowing making up the rest; a year short of it without a borrowing
    is 不合格 (§五(三)). Met when every teacher of the unit meets it; teachers whose figures
    are being computed again are in neither (the share is of the teachers judged, as the core's
    report's is), and the message says how many they are. None (a dash) when nobody is judged."""
    share = yearly_share(summary)
    if share is None:
        return None
    met, teachers, waiting = summary.teachers_meeting_yearly, summary.year_judged, summary.waiting
    need = credits(P.YEARLY_MINIMUM.at(summary.year_period.end))
    if met == teachers:
        message = ngettext("{n} 名教师达到本学年的学分要求（原则上不少于 {need}，含以学分借贷补足的）",
                           "{n} 名教师全部达到本学年的学分要求（原则上不少于 {need}，含以学分借贷补足的）",
                           teachers, need=need)
    else:
        message = ngettext("{met} / {n} 名教师达到本学年的学分要求（原则上不少于 {need}）；学年未达到且未以学分借贷补足者，"
                           "本学年继续教育不合格",
                           "{met} / {n} 名教师达到本学年的学分要求（原则上不少于 {need}）；学年未达到且未以学分借贷补足者，"
                           "本学年继续教育不合格",
                           teachers, met=met, need=need)
    if waiting:  # met or not, of the teachers judged: those waiting are said apart
        message = message + ngettext("；{n} 名教师的学分正在重新计算，暂未计入", "；{n} 名教师的学分正在重新计算，暂未计入",
                                     waiting)
    return Finding(YEARLY_MET, met == teachers, None, share, message, YEARLY_SOURCE,
                   settings=(*YEAR_SETTINGS, P.PARTIAL_YEAR.name))


def reports() -> list[Report]:
    """The yearly audit summary (学年学分审核汇总) of each unit below the reader, over the school
    year the core summed: the year's entries in each state of the audit (the school registers,
    the county audits and fixes the year's credits, the city approves at the cycle's end,
    §五(二)), which the county reports to the city each year (§二(四)); who meets the yearly
    minimum (§三(二), §五(三)) and the credits per teacher."""
    states = tuple(Column(f"state_{s.code}", STATE_HEADINGS.get(s.code, s.label), state_count(s.code))
                   for s in AUDIT_WORKFLOW.states)
    return [Report(
        YEARLY_AUDIT, _("学年学分审核汇总"),
        (Column("teachers", _("在册教师（人）"), lambda s: s.teachers),
         *states,
         Column(YEARLY_MET, _("学年达标率（%）"), yearly_met, drill=("year_unmet", "")),
         Column("per_teacher", _("人均学分"), per_teacher)),
        _("本学年各单位的学分记录在学分审核中的状态（按培训活动日期计入学年；区县退回学校重新核实的登记计入“待学校登记”），"
          "达到学年学分要求的教师占比和人均学分；点击达标率可查看未达到的教师。"),
        src(P.YEARLY_REVIEW_CLAUSE, P.YEAR_CREDITS_CLAUSE, P.YEARLY_CLAUSE, P.BORROWING_CLAUSE),
        chart=YEARLY_MET, entries=True, reads=(), sheet=_("学年审核汇总"),
    )]
