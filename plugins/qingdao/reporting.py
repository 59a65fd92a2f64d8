"""What a Shinan admin reads about the units below them: the dashboard's panels (who is short
of the year's 48, the average, the platform registration, the cycle) and the region's reports
(``portal_reports``): annex 3's registration statistics of the 2018 notice, and the yearly
and cycle monitoring report of its annex 1 (五): the year's 48 and the cycle's 360 by unit.

Rates are judged on the counts themselves and only rounded for display (half up, as every
shown figure: ``percent``), so a rate shown as 100% has been reached. Teachers whose standing is being computed again
(``ScopeSummary.waiting``) are counted neither as meeting nor as short of the year's 48.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from portal import clock
from portal.domain import Column, Finding, Panel, Report, ScopeSummary
from portal.domain.amounts import credits, percent
from portal.domain.results import Words
from portal.domain.text import figure

from . import parameters as P
from .compliance import cycle
from .parameters import F2018, PLATFORM_FROM
from .words import _

SURVEY_SOURCE = f"{F2018} §附件2 二（用户可以在注册时，根据自身实际情况如实填写《用户培训需求调研问卷》）"
REGISTRATION_SOURCE = f"{F2018} §二（请各单位于4月25日前组织本单位全体教师在“睿师汇”平台上完成实名注册、问卷调查）"
ANNEX3_SOURCE = f"{F2018} §二（并统计教师个性化培训平台注册完成情况，填写附件3）"

# §二 asks every unit to have 全体教师 (all its teachers) register and answer the survey: the rate
# required is the whole unit. The notice gives no lower rate, so this is no figure to set; a
# finding is met when nobody is left, judged on the counts. "4月25日前" dated the 2018 campaign
# (as the 2017 notice's §三 dated its own), so no deadline is carried into other years.
WHOLE_UNIT = Decimal(100)

# Annex 3's statistics table counts 在岗专职教师人数 and, of them, 已完成平台注册人数: the teachers at
# their post (``ScopeSummary.teachers_in_post``: in post by the day, not on approved leave that
# day, not working away on an exchange or secondment), not every teacher on a unit's rolls. The
# portal keeps no part-time teachers (兼职), so 专职 excludes no one of them. §二's 全体教师 and its
# survey are counted of the same teachers: a unit organises those at their post, and the table
# and its rates then agree with each other.
ANNEX3_TABLE = f"{F2018} §附件3（在岗专职教师人数）、§附件3（已完成平台注册人数）"


# Figures of a unit ----------------------------------------------------------------------------


def year_short(summary: ScopeSummary) -> int:
    """Teachers short of what the year asks of them (48, or their share of it: ``partial_year``)."""
    return summary.year_judged - summary.teachers_meeting_yearly


def year_average(summary: ScopeSummary) -> Decimal | None:
    """The year's credits per teacher judged on the year (``ScopeSummary.year_average``: one asked
    nothing of it is left out, as the core's 本年人均 leaves them out); None for nobody."""
    return summary.year_average()


def rate(part: int, whole: int) -> Decimal | None:
    """``part`` of ``whole`` in %, shown to 0.1 half up (``percent``), yet 99.97 shows 99.9, not
    100; None for nobody."""
    return percent(part, whole)


def year_met_rate(summary: ScopeSummary) -> Decimal | None:
    return rate(summary.teachers_meeting_yearly, summary.year_judged)  # 0 of 0 is no duty met


# Annex 3: registration on the personalized-training platform ----------------------------------


def _whole_unit_finding(code: str, summary: ScopeSummary, done: int,
                        situation: Callable[[Decimal], Words]) -> Finding | Decimal | None:
    """``done`` of the unit's teachers against §二's 全体教师: a Finding from the notice on; only the
    rate for a year that ended before it; a dash for a unit without teachers. ``situation``
    words the figures for the rate shown."""
    teachers = summary.teachers_in_post
    if teachers == 0:
        return None
    actual = rate(done, teachers)
    if summary.year_period.end < PLATFORM_FROM:
        return actual
    ok = done >= teachers
    message = situation(actual)
    if not ok:
        message = _("{situation}，尚有 {count} 人未完成", situation=message, count=teachers - done)
    return Finding(code, ok, WHOLE_UNIT, actual, message, f"{REGISTRATION_SOURCE}；{ANNEX3_TABLE}")


def registration_finding(summary: ScopeSummary) -> Finding | Decimal | None:
    """Signed in to the portal (实名注册 on the platform) against the unit's teachers at their post
    (§二; annex 3's 在岗专职教师人数)."""
    done, teachers = summary.in_post_signed_in, summary.teachers_in_post
    return _whole_unit_finding("platform_registration_rate", summary, done, lambda shown_rate: _(
        "已完成平台注册 {done} 人（在岗专职教师 {teachers} 人），注册率 {rate}%；通知要求全体教师完成实名注册",
        done=done, teachers=teachers, rate=shown_rate))


def survey_finding(summary: ScopeSummary) -> Finding | Decimal | None:
    """Answered the needs survey (问卷调查) against the unit's teachers at their post (§二)."""
    done, teachers = summary.in_post_surveyed, summary.teachers_in_post
    return _whole_unit_finding("needs_survey_rate", summary, done, lambda shown_rate: _(
        "已完成需求调研问卷 {done} 人（在岗专职教师 {teachers} 人），完成率 {rate}%；通知要求全体教师完成问卷调查",
        done=done, teachers=teachers, rate=shown_rate))


def registration_report() -> Report:
    return Report(
        "platform_registration", _("教师个性化培训平台注册完成情况"),
        (
            # the annex's 在岗专职教师人数 and 已完成平台注册人数, short for a phone's table (the
            # description names them in full)
            Column("teachers", _("在岗专职"), lambda s: s.teachers_in_post),
            Column("registered", _("已注册"), lambda s: s.in_post_signed_in),
            Column("unregistered", _("未注册"), lambda s: s.teachers_in_post - s.in_post_signed_in,
                   drill=("not_signed_in", "in_post")),
            Column("registered_rate", _("注册率"), registration_finding, percent=True),
            Column("surveyed", _("已答问卷"), lambda s: s.in_post_surveyed),
            Column("unsurveyed", _("未答问卷"), lambda s: s.teachers_in_post - s.in_post_surveyed,
                   drill=("not_surveyed", "in_post"), headline=False),
            Column("surveyed_rate", _("问卷率"), survey_finding, percent=True),
        ),
        _("附件3 统计表：各单位在岗专职教师（不含尚未到岗、经批准离岗和交流、挂职、借调在外的教师）中已在平台完成实名注册"
          "（登录过本平台）和需求调研问卷的人数；通知要求全体教师完成；点“未注册”“未答问卷”的数字可见这些教师。"
          "统计表上的培训工作负责人、单位负责人签字两栏由单位填写。"),
        f"{ANNEX3_SOURCE}；{ANNEX3_TABLE}", chart="registered_rate", reads=("in_post",),
        sheet=_("平台注册完成情况"), periods=(),
    )


# The year's 48 ----------------------------------------------------------------------------------


def yearly_report(today: date) -> Report:
    required = credits(P.YEARLY_REQUIRED.at(today))
    return Report(
        "yearly_minimum", _("每年不少于 {required}：各单位达标情况", required=required),
        (
            Column("teachers", _("在职教师"), lambda s: s.teachers),
            Column("met", _("已达标"), lambda s: s.teachers_meeting_yearly),
            Column("short", _("未达标"), year_short, drill=("year_unmet", "")),
            Column("met_rate", _("达标率"), year_met_rate, percent=True),
            Column("average", _("人均学分"), year_average),
            Column("exempt", _("不作要求"), lambda s: s.year_exempt, headline=False),
            Column("waiting", _("计算中"), lambda s: s.waiting, headline=False),
        ),
        _("每位教师每年不少于 {required}（年中入职、调入或经批准离岗的，按其当年应达的学分判断）；"
          "未达到的，当年年度考核不得确定为优秀等次。“未达标”的人数打开这些教师的名单；"
          "本年不作要求的教师和“计算中”的教师不计入达标与未达标。", required=required),
        P.ANNUAL_RATING_SOURCE, chart="met_rate", reads=(), sheet=_("每年学分达标情况"),
    )


# The cycle's 360 --------------------------------------------------------------------------------

# The 明白纸's (五): the district and the city publish a yearly and a cycle monitoring report on the
# teachers' credits. It names no figure of them: the report's figures are the duties the notice
# sets (the year's 48 is the yearly report above; the cycle's 360 with its A-class 240, the 3
# personalized trainings and the compulsory content are this one).
MONITORING_SOURCE = f"{F2018} §附件1(五)（加强教师培训学分监测与通报，分级落实监测责任，及时发布年度和周期监测报告）"


def cycle_short(summary: ScopeSummary) -> int:
    """Teachers short of what the cycle asks of them (360, or their share: ``partial_cycle``)."""
    return summary.cycle_judged - summary.teachers_meeting_cycle  # of those judged, as the core's report


def cycle_met_rate(summary: ScopeSummary) -> Decimal | None:
    return rate(summary.teachers_meeting_cycle, summary.cycle_judged)  # 0 of 0 is no duty met


def cycle_report(today: date) -> Report:
    """The cycle's part of (五)'s monitoring report, read from the kept standings like every
    report: how far each unit's teachers are in today's cycle. A cycle that has ended is not
    read (the kept standings are today's: the next cycle's, once it has begun)."""
    required = credits(P.CYCLE_REQUIRED.at(today))
    period = cycle(today)
    times = P.PERSONALIZED_MINIMUM.at(today)
    return Report(
        "cycle_minimum", _("每周期不少于 {required}：各单位达标情况", required=required),
        (
            Column("teachers", _("在职教师"), lambda s: s.teachers),
            Column("met", _("已达标"), lambda s: s.teachers_meeting_cycle),
            Column("short", _("未达标"), cycle_short, drill=("cycle_unmet", "")),
            Column("met_rate", _("达标率"), cycle_met_rate, percent=True),
            Column("a_class_short", _("A类未达"), lambda s: s.duties_open.get("a_class_minimum", 0),
                   drill=("missing", "a_class_minimum")),
            Column("personalized_short", _("未满{times}次", times=times),
                   lambda s: s.duties_open.get("personalized_training_count", 0),
                   drill=("missing", "personalized_training_count"), headline=False),
            Column("topics_short", _("必修未全"), lambda s: s.duties_open.get("compulsory_topics", 0),
                   drill=("missing", "compulsory_topics"), headline=False),
            Column("all_met", _("各项均达"), lambda s: s.teachers_done, headline=False),
            Column("exempt", _("不作要求"), lambda s: s.cycle_exempt, headline=False),
            Column("waiting", _("计算中"), lambda s: s.waiting, headline=False),
        ),
        _("年度和周期监测报告的周期部分（通知附件1（五））：本周期（{start} – {end} 年）每位教师不少于 {required}"
          "（第一部分；校本至多计 {cap}，A 类不低于 {minimum}，低于即不达标：附件3后的解释），"
          "5 年内参与市级个性化培训不少于 {times} 次（第二部分），完成各项必修内容（第三部分）。"
          "按每位教师当前的学分情况计：周期中为截至今天已登记的学分（监测进度），新周期开始后即改读新周期。带下划线的人数打开这些教师的名单；"
          "本周期不作要求的教师和“计算中”的教师不计入达标与未达标。年度部分见“每年不少于 48 学分”的报告。",
          start=period.start.year, end=period.end.year, required=required,
          cap=credits(P.SCHOOL_BASED_CYCLE_CAP.at(today)), minimum=credits(P.A_CLASS_CYCLE_MINIMUM.at(today)),
          times=times),
        MONITORING_SOURCE, chart="met_rate", reads=("duties_open",), sheet=_("周期学分达标情况"), periods=("cycle",),
    )


def reports(today: date | None = None) -> list[Report]:
    today = today or clock.today()
    return [registration_report(), yearly_report(today), cycle_report(today)]


# The dashboard --------------------------------------------------------------------------------


def dashboard_panels(summary: ScopeSummary) -> list[Panel]:
    on = date(summary.year, 12, 31)
    yearly = P.YEARLY_REQUIRED.value_at(on)
    cycle_required = P.CYCLE_REQUIRED.value_at(on)
    per_teacher = year_average(summary)
    period = cycle(on)
    return [
        # of the teachers judged (``Panel.judged``), as the yearly report's 未达标 and the core's
        # cards are: a teacher whose standing is being computed again is neither short nor met
        # (the home's notice says how many), nor is one asked nothing this year
        Panel.judged(
            _("{year} 年未达 {required}的教师", year=summary.year, required=credits(yearly.value)),
            year_short(summary), summary,
            # a teacher who entered post, was transferred in or was on leave that year is counted
            # against her own figure (the teacher list's 3 / 16), not the 48 the title names: said here,
            # as the yearly report says it, or a 20-credit newcomer is missing from "未达 48" unexplained
            _("年中入职、调入或经批准离岗的，按其当年应达的学分判断；到 {date} 仍未达到的，{year} 年度考核不得评为优秀",
              date=date(summary.year, 12, 31), year=summary.year),
            P.ANNUAL_RATING_SOURCE, restates=("teachers_meeting_yearly",),  # the core's line would say it again
        ),
        Panel(_("{year} 年人均学分", year=summary.year), figure(per_teacher) if per_teacher is not None else "—",
              _("每年不低于 {required}", required=credits(yearly.value)), yearly.source),
        Panel(
            _("教师个性化培训平台注册完成情况"),
            # of the teachers at their post (附件3 在岗专职教师人数), as the registration report counts
            # them, not of those judged: signing in is no standing's figure
            summary.in_post_signed_in,
            _("已完成平台注册 {signed} 人，已完成需求调研问卷 {surveyed} 人，在岗专职教师 {teachers} 人（附件3 统计表）",
              signed=summary.in_post_signed_in, surveyed=summary.in_post_surveyed, teachers=summary.teachers_in_post),
            f"{REGISTRATION_SOURCE}；{ANNEX3_TABLE}", of=summary.teachers_in_post,
        ),
        Panel(
            _("本周期要求"),
            credits(cycle_required.value),
            # the 360 is the full cycle's: a newcomer's is her share (the teacher list's 3 / 96), said here
            _("{start} – {end} 年；校本至多计 {cap}，A 类不低于 {minimum}；周期内入职、调入或经批准离岗的，按其本周期应达的学分判断",
              start=period.start.year, end=period.end.year,
              cap=credits(P.SCHOOL_BASED_CYCLE_CAP.at(on)), minimum=credits(P.A_CLASS_CYCLE_MINIMUM.at(on))),
            cycle_required.source,
        ),
    ]
