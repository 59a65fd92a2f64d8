"""School-level figures (§二): a school's totals in, a Finding out; the dashboard panels and the report.

The notice asks each school (not each teacher) for a yearly average of 72 credits per
teacher, a 21% yearly completion rate of the restricted-elective 90-credit centralized
training, and a 75% layer-and-category match among choices of 90+ credit projects. Figures
are judged exactly and only rounded for display (to the setting display_quantum, half up as
every shown figure: ``portal.domain.amounts.shown``), except that a figure short of its
minimum is cut down rather than shown as reaching it, and a gap above 0 never shows as 0. The dashboard shows two of
them live (``dashboard_panels``); the report (``reports``) shows all three unit by unit.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, Decimal

from portal.domain import Column, Finding, InvalidInput, Panel, Parameter, Report, ScopeSummary, SelectionCount
from portal.domain.amounts import average, credits, percent, quantum_at, shown
from portal.domain.results import Words
from portal.domain.text import figure

from . import parameters as P
from .words import _


def _check_count(name: str, value: int, message: Words) -> None:
    if value < 0:
        raise InvalidInput(name, message)


def _check_part(name: str, part: int, base: int, message: Words) -> None:
    if not 0 <= part <= base:
        raise InvalidInput(name, message)


def _shortfall_count(rate: Decimal, base: int, done: int) -> int:
    """How many more (people or choices) reach ``rate`` % of ``base``."""
    needed = (Decimal(base) * rate / 100).to_integral_value(rounding=ROUND_CEILING)
    return max(int(needed) - done, 0)


@dataclass(frozen=True)
class Rate:
    """``part`` out of ``base`` against a minimum %: the rate shown (None when ``base`` is 0),
    whether it is reached (judged exactly, not on the shown rate) and how many more are needed."""

    required: Decimal
    shown: Decimal | None
    ok: bool
    more: int


def rate_of(minimum: Parameter, on: date, base: int, part: int) -> Rate:
    required = minimum.at(on)
    if base == 0:
        return Rate(required, None, True, 0)
    rate = percent(part, base, quantum_at(P.DISPLAY_QUANTUM, on), below=required)
    return Rate(required, rate, part * 100 >= required * base, _shortfall_count(required, base, part))


def centralized_90_rate_finding(year: int, teachers: int, completed_90: int) -> Finding:
    """§二 年平均限定选修90学分集中培训完成率确保达到21%及以上: teachers who completed one in
    ``year`` over the school's teachers. For the average over several years, pass the sums
    of each year's teachers and completions (teacher-years)."""
    _check_count("teachers", teachers, _("在册教师人数不能为负数"))
    _check_part("completed_90", completed_90, teachers, _(
        "完成限定选修90学分集中培训的人数须在 0 到在册教师人数（{n}）之间", n=teachers))
    on = date(year, 12, 31)
    rate = rate_of(P.CENTRALIZED_90_YEARLY_RATE, on, teachers, completed_90)
    source = P.CENTRALIZED_90_YEARLY_RATE.source_at(on)
    if rate.shown is None:
        return Finding("centralized_90_rate", True, rate.required, None,
                       _("{year} 年无在册教师，不计算完成率", year=year), source, on)
    message = _("{year} 年完成限定选修90学分集中培训 {part} 人（共 {base} 人），完成率 {rate}%，要求不低于 {required}%",
                year=year, part=completed_90, base=teachers, rate=rate.shown, required=rate.required)
    if not rate.ok:
        message = _("{situation}，按此比例差 {count} 人", situation=message, count=rate.more)
    return Finding("centralized_90_rate", rate.ok, rate.required, rate.shown, message, source, on)


def layer_match_finding(choices_90: int, matched: int, on: date, unnamed: int = 0) -> Finding:
    """§二 教师参加90学分及以上项目，按分层分类匹配率须达到75%及以上: of a school's choices of
    90+ credit projects, the share that matches the teacher's layer and category. ``unnamed``:
    how many of the choices are of projects naming no layer (said; they are not matched)."""
    minimum = P.LAYER_MATCH_MIN_BASE.at(on)
    _check_count("choices_90", choices_90, _("{minimum} 学分及以上项目的选课人次不能为负数", minimum=minimum))
    _check_part("matched", matched, choices_90, _(
        "按分层分类匹配的人次须在 0 到 {minimum} 学分及以上项目的选课人次（{n}）之间", minimum=minimum, n=choices_90))
    rate = rate_of(P.LAYER_MATCH_RATE, on, choices_90, matched)
    source = P.LAYER_MATCH_RATE.source_at(on)
    if rate.shown is None:
        return Finding("layer_match_rate", True, rate.required, None,
                       _("无 {minimum} 学分及以上项目的选课，不计算匹配率", minimum=minimum), source)
    message = _("{minimum} 学分及以上项目选课 {base} 人次，按分层分类匹配 {part} 人次，匹配率 {rate}%，要求不低于 {required}%",
                minimum=minimum, base=choices_90, part=matched, rate=rate.shown, required=rate.required)
    if unnamed:
        message = _("{situation}（其中 {count} 人次的项目未注明面向的分层分类，不算匹配）", situation=message,
                    count=unnamed)
    if not rate.ok:
        message = _("{situation}，按此比例差 {count} 人次", situation=message, count=rate.more)
    return Finding("layer_match_rate", rate.ok, rate.required, rate.shown, message, source)


def school_average_finding(year: int, teachers: int, year_total: Decimal) -> Finding:
    """§二 各校（园）教师培训学分年人均须完成72学分及以上."""
    on = date(year, 12, 31)
    required = P.SCHOOL_YEARLY_AVERAGE.at(on)
    source = P.SCHOOL_YEARLY_AVERAGE.source_at(on)
    _check_count("teachers", teachers, _("在册教师人数不能为负数"))
    if teachers == 0:
        return Finding("school_yearly_average", True, required, None,
                       _("{year} 年无在册教师，不计算人均学分", year=year), source, on)
    quantum = quantum_at(P.DISPLAY_QUANTUM, on)
    per_head = average(year_total, teachers, quantum, below=required)
    ok = year_total >= required * teachers  # judged on the exact figures, not on the one shown
    message = _("{year} 年教师人均 {average}（{teachers} 人合计 {total}），要求不少于 {required}",
                year=year, average=credits(per_head), teachers=teachers, total=credits(year_total),
                required=credits(required))
    if not ok:
        message = _("{situation}，人均差 {gap}（合计差 {total_gap}）", situation=message,
                    gap=credits(shown(required - year_total / teachers, quantum)),
                    total_gap=credits(required * teachers - year_total))
    return Finding("school_yearly_average", ok, required, per_head, message, source, on)


def dashboard_panels(summary: ScopeSummary) -> list[Panel]:
    """The per-teacher yearly average and the layer-matching rate of this year's selections
    (§二), from the figures the core computed for the scope; and, while a later year's trainings
    are being selected, that year's rate beside it."""
    return [average_panel(summary), *layer_match_panels(summary)]


def _judged_selections(summary: ScopeSummary, on: date) -> list[SelectionCount]:
    """The choices §二's matching rate judges: 教师参加90学分及以上项目, every choice of a project
    of 90+ credits. One naming no layer is judged too (it is in the base, and matches no
    teacher's layer): leaving it out left a term whose 90+ projects name no layer with no rate
    at all, as if nobody had chosen one."""
    minimum = P.LAYER_MATCH_MIN_BASE.at(on)
    return [c for c in summary.selections if c.base_credits is not None and c.base_credits >= minimum]


def selections_layer_finding(summary: ScopeSummary, year: int) -> Finding:
    """§二 按分层分类匹配率须达到75%及以上 over the selections standing now of ``year``'s
    projects: of the choices of 90+ credit projects that name a layer, those whose layer is the
    teacher's (as ``enrollment.layer_finding`` judges each selection)."""
    on = date(year, 12, 31)
    counted = [c for c in _judged_selections(summary, on) if c.year == year]
    return layer_match_finding(sum(c.count for c in counted),
                               sum(c.count for c in counted if c.project_layer is not None
                                   and c.teacher_layer == c.project_layer), on,
                               sum(c.count for c in counted if c.project_layer is None))


def layer_match_panels(summary: ScopeSummary) -> list[Panel]:
    """§二 按分层分类匹配率须达到75%及以上, read live from the selections standing now: the year's,
    as the report gives it, and the latest year selected when it is later (the term being
    selected: a trial's dashboard leapt to next year's rate at its first choice, and this
    year's, at the threshold, was gone while the report still gave it)."""
    judged = _judged_selections(summary, date(summary.year, 12, 31))
    latest = max((c.year for c in judged), default=summary.year)
    return [layer_match_panel(summary, year) for year in sorted({summary.year, latest})]


def layer_match_panel(summary: ScopeSummary, year: int) -> Panel:
    on = date(year, 12, 31)
    finding = selections_layer_finding(summary, year)
    title = _("{year} 年 {minimum} 学分及以上项目分层分类匹配率", year=year, minimum=P.LAYER_MATCH_MIN_BASE.at(on))
    return Panel(title, "—" if finding.actual is None else f"{figure(finding.actual)}%", finding.message, finding.source)


def average_panel(summary: ScopeSummary) -> Panel:
    """The per-teacher yearly average (§二), over the teachers whose standing is counted, as the
    report's (``average_finding``): the year's credits leave out a teacher being computed again,
    so the head count does too. A phone trial's dashboard read 0 学分 and 41 人合计还差 2952 学分
    while all 41 were being computed again, and the report read —."""
    on = date(summary.year, 12, 31)
    required = credits(P.SCHOOL_YEARLY_AVERAGE.at(on))
    title = _("{year} 年教师人均培训学分", year=summary.year)
    source = P.SCHOOL_YEARLY_AVERAGE.source_at(on)
    if summary.teachers == 0:
        return Panel(title, "—", _("本范围内无在册教师"), source)
    counted = summary.teachers - summary.waiting
    if counted <= 0:
        return Panel(title, "—", _("本范围教师的学分情况正在重新计算，算好后显示人均"), source)
    finding = school_average_finding(summary.year, counted, summary.year_total)
    # the notice asks it of each school: over a zone or the city the figure is the scope's together,
    # one school's surplus hiding another's shortfall (a phone trial's zone read 还差 438 学分 where
    # its kindergarten alone was 480 short), so the note says it is judged school by school, and where
    # each school's figure is read
    if finding.ok:
        note = _("要求各校（园）年人均不少于 {required}（逐校判断，见“各校（园）培训达标情况”报表），本范围合计已达到",
                 required=required)
    else:
        gap = P.SCHOOL_YEARLY_AVERAGE.at(on) * counted - summary.year_total
        note = _("要求各校（园）年人均不少于 {required}（逐校判断，见“各校（园）培训达标情况”报表）；"
                 "本范围 {teachers} 人合计还差 {gap}", required=required, teachers=counted, gap=credits(gap))
    return Panel(title, credits(finding.actual), note, source)


# The report over the units below an admin (portal_reports) -----------------------------------

SCHOOL_FIGURES = "school_figures"


def average_finding(summary: ScopeSummary) -> Finding:
    """§二 年人均须完成72学分及以上 for one unit of a report: the year's credits over the teachers
    whose standing is counted (a teacher being computed again is in none of the figures, so not
    in the head count either; the page says how many there are)."""
    return school_average_finding(summary.year, summary.teachers - summary.waiting, summary.year_total)


def completed_90(summary: ScopeSummary) -> int:
    """§二 限定选修90学分集中培训完成率: the teachers credited this year by a counting entry of
    the restricted-elective 90-credit program (``restricted_elective_90``), as the core counts
    them by program (``ProgramCount.teachers``). Another centralized training of 90+ credits
    is not that program and does not count. A training failed credits nobody while the
    setting fail_credits stays 0 (it would count if a bureau gave it credits)."""
    return summary.program(P.PROGRAM_RESTRICTED_ELECTIVE_90).teachers


def centralized_90_rate(summary: ScopeSummary) -> Finding:
    """§二 年平均限定选修90学分集中培训完成率确保达到21%及以上: this year's rate over every
    teacher of the unit (the ledger is read for all of them, whatever their standing)."""
    return centralized_90_rate_finding(summary.year, summary.teachers, completed_90(summary))


def layer_match(summary: ScopeSummary) -> Finding:
    """§二 按分层分类匹配率须达到75%及以上 for the report's year, the same for every row (the
    dashboard gives it too, and the latest year selected beside it)."""
    return selections_layer_finding(summary, summary.year)


def reports() -> list[Report]:
    """§二's three figures for each school (kindergarten), unit by unit: the yearly average per
    teacher, the 90-credit centralized training's completion rate and the layer-and-category
    match of 90+ credit choices, each a Finding against its minimum; the chart compares the
    average."""
    return [Report(
        SCHOOL_FIGURES, _("各校（园）培训达标情况"),
        (Column("teachers", _("在册教师"), lambda s: s.teachers),
         Column("average", _("年人均学分"), average_finding),
         Column("completed_90", _("90学分完成"), completed_90,
                drill=("credited_program", P.PROGRAM_RESTRICTED_ELECTIVE_90)),
         Column("completed_90_rate", _("90学分完成率"), centralized_90_rate, percent=True),
         Column("layer_match", _("分层分类匹配率"), layer_match, percent=True)),
        _("本年度教师培训学分年人均、限定选修90学分集中培训完成率、90 学分及以上项目选课按分层分类的匹配率，"
          "逐个单位对照通知第二部分的要求，每项注明计算过程和出处。完成人数按本年度已审核计入的"
          "“限定选修90学分集中培训”项目记录的教师计（其他基础学分 90 及以上的集中培训不计），"
          "点“90学分完成”的人数可见这些教师；匹配率按本年度项目现有的选课计。"
          "通知要求的是“年平均”完成率，但没有写按哪几年、怎样平均，本表只逐年计算本年度的完成率。"),
        P.SCHOOL_FIGURES_CLAUSE, chart="average", entries=True, reads=("selections", "programs"),
        sheet=_("各校培训达标情况"),
    )]
