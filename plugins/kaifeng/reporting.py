"""What Kaifeng adds to an admin's dashboard and reports: the hours registered in the year,
who met the year's requirement (a setting: the Henan registration rules are not in the
collection) and, in the report, the year's entries still waiting in the audit.

Both read the figures the core sums from the kept standings (``ScopeSummary``). A teacher
whose standing is being computed again is counted in none of them (``waiting``), so the
average and the teachers met or not are over those judged on the year
(``ScopeSummary.year_judged``, ``year_average``), on the dashboard as in the report; the core's notice
above them says how many wait.

A report shows one row per unit; the notice's workshops (§三(二)) are no org units, so a
workshop's progress is not a report here.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from portal.domain import Column, Finding, Panel, Report, ScopeSummary
from portal.domain.amounts import hours, percent
from portal.domain.findings import YEARLY_MINIMUM

from . import parameters as P, workflow
from .words import _, ngettext

# The yearly requirement and the hours it counts: the Henan registration rules the notice
# rests on (the figure is a setting), the hours a pass registers (§三(五)); the entries waiting
# in the audit: each area's teacher-training department registers them (§五(一)).
REGISTRATION_SOURCE = P.src(P.HENAN_RULES_CLAUSE, workflow.REGISTERED_CLAUSE, workflow.AREA_CLAUSE)


def per_teacher(summary: ScopeSummary) -> Decimal | None:
    """The year's hours per teacher judged on the year, to 0.1 学时 (``ScopeSummary.year_average``:
    one asked nothing of it is left out, as the core's 本年人均 leaves them out); None for nobody."""
    return summary.year_average()


def yearly_minimum(summary: ScopeSummary) -> Decimal:
    """The yearly hours asked of a teacher in post all year (setting ``yearly_minimum``), as
    it stands at the end of the summary's year."""
    return P.YEARLY_MINIMUM.at(year_end(summary))


def year_end(summary: ScopeSummary) -> date:
    return summary.year_period.end


def dashboard_panels(summary: ScopeSummary) -> list[Panel]:
    per_head = per_teacher(summary) or Decimal(0)
    return [
        Panel(_("{year} 年登记学时", year=summary.year), hours(summary.year_total),
              # the teachers the average is over: those judged on the year (a phone trial's dashboard
              # read "42 名教师，人均 55.7 学时" of 334 学时, 36 of them being computed again)
              ngettext("{n} 名教师，人均 {average}", "{n} 名教师，人均 {average}", summary.year_judged,
                       average=hours(per_head)) if summary.year_total_asked in (None, summary.year_total) else
              # the total above counts the hours of teachers asked nothing of the year (a new hire), the
              # average leaves them out: "42 名教师" under it would not multiply out
              ngettext("其中本年有要求的 {n} 名教师人均 {average}", "其中本年有要求的 {n} 名教师人均 {average}",
                       summary.year_judged, average=hours(per_head)),
              P.HENAN_RULES, restates=("year_total",)),  # the core's card would say it again
        # a count out of the teachers judged (``Panel.judged``), shown as the core's cards show
        # theirs ("12 / 14", in English "12 of 14"): a trial's phone showed the bare "12/14" beside
        # the core's "0 / 14"; of the teachers judged, as the average is, and as the
        # report's figure: a trial's read "12/42" beside "14 名教师，人均 72" while 28 were being
        # computed again. A dash when nobody is judged.
        Panel.judged(_("{year} 年达到年度要求的教师", year=summary.year), summary.teachers_meeting_yearly, summary,
                     _("年度要求按河南省的规定；本通知未载其数，本市教育局设定为 {hours}", hours=hours(yearly_minimum(summary))),
                     P.HENAN_RULES, restates=("teachers_meeting_yearly",)),
    ]


# -- the report -----------------------------------------------------------------------------


def year_unmet(summary: ScopeSummary) -> int:
    """The teachers counted who have not met their yearly requirement (the drill opens them)."""
    return summary.year_judged - summary.teachers_meeting_yearly


def year_met_finding(summary: ScopeSummary) -> Finding | None:
    """Whether every teacher counted met their own yearly requirement: each teacher's kept
    standing judges it (setting ``yearly_minimum``, for a teacher in post part of the year
    ``partial_year``); the unit meets it when none falls short. Its figure is the teachers who
    met it; no required figure, as the page would write a head count in 学时. None (a dash)
    when nobody is counted."""
    total = summary.year_judged
    if total <= 0:
        return None
    met = summary.teachers_meeting_yearly
    short = total - met
    head = ngettext("{met}/{n} 名教师达到本人的年度要求（每年 {hours}，本市设置）",
                    "{met}/{n} 名教师达到本人的年度要求（每年 {hours}，本市设置）", total,
                    met=met, hours=hours(yearly_minimum(summary)))
    situation = (_("{head}，全部达到", head=head) if short == 0
                 else ngettext("{head}，{n} 名未达到", "{head}，{n} 名未达到", short, head=head))
    if summary.waiting:
        situation = ngettext("{situation}；另有 {n} 名教师的学时正在重新计算，未计入",
                             "{situation}；另有 {n} 名教师的学时正在重新计算，未计入", summary.waiting,
                             situation=situation)
    return Finding(YEARLY_MINIMUM, short == 0, None, Decimal(met), situation, P.HENAN_RULES,
                   year_end(summary), settings=(P.YEARLY_MINIMUM.name, P.PARTIAL_YEAR.name))


def waiting_states() -> tuple:
    """The audit states an entry waits in (every state that is not final), in the workflow's order."""
    return tuple(s for s in workflow.AUDIT_WORKFLOW.states if not s.final)


def in_state(code: str):
    """The year's standing entries in audit state ``code``."""
    return lambda summary: summary.states.get(code, 0)


def reports() -> list[Report]:
    """The year's hours registration, unit by unit: the teachers, the hours registered and per
    teacher, who met the yearly requirement and who did not (opening those teachers), and the
    year's entries waiting in each audit state, under the audit workflow's own words; and each
    workshop's progress."""
    return [hours_registration(), workshop_progress()]


WORKSHOP_CLAUSE = "三(二)（负责本坊学员日常学习管理，监测并跟进本班学员的登录、学习）"


def login_share(summary: ScopeSummary):
    """坊主监测并跟进本班学员的登录 (§三(二)): the members who have signed in, in %."""
    return percent(summary.teachers_signed_in, summary.teachers)


def workshop_progress() -> Report:
    """Each workshop's members as its leader follows them (§三(二)): how many, how many have
    signed in, the hours registered this year and per member, and who has met the year."""
    return Report(
        "workshop_progress", _("工作坊研修进展"),
        (Column("teachers", _("学员"), lambda s: s.teachers),
         Column("signed_in", _("已登录"), lambda s: s.teachers_signed_in),
         Column("login_share", _("登录率（%）"), login_share),
         Column("hours", _("登记学时"), lambda s: s.year_total),
         Column("average", _("人均"), per_teacher),
         Column("year_met", _("达标人数"), lambda s: s.teachers_meeting_yearly)),
        _("按学科学段分设的各工作坊：学员人数、已登录平台的学员、本年度登记的学时和人均学时、达到本人年度要求的学员。"),
        P.src(WORKSHOP_CLAUSE), chart="login_share", rows="workshops", reads=("teachers_signed_in",),
        sheet=_("工作坊进展"),
    )


def hours_registration() -> Report:
    columns = (
        Column("teachers", _("在职教师"), lambda s: s.teachers),
        Column("hours", _("登记学时"), lambda s: s.year_total),
        Column("average", _("人均"), per_teacher),
        Column("year_met", _("达标人数"), year_met_finding),
        Column("year_unmet", _("未达标"), year_unmet, drill=("year_unmet", "")),
        *(Column(f"state_{state.code}", state.label, in_state(state.code), headline=False) for state in waiting_states()),
    )
    return Report(
        "hours_registration", _("年度学时登记（按单位）"), columns,
        _("各单位本年度已登记的学时、人均学时、达到本人年度要求的教师，以及本年度仍在审核各环节等待的学时记录；年度要求按河南省的规定，本通知未载其数，由本市教育局设定；点“未达标”的数字可见这些教师。"),
        REGISTRATION_SOURCE, chart="average", entries=True, reads=(), sheet=_("年度学时登记"),
    )
