"""A teacher's duties over their own cycle (§二), judged on one day, and the requirements
the core shows for them.

Two duties: at least 360 credits in the cycle, and at least one completed centralized
training of 90+ base credits. The second is a condition of the ``CycleProgress``, so
``cycle.ok`` is the one answer the cycle finding and the training plan (``eligibility``)
follow. The cycle is ``periods.cycle`` and the credits asked are ``cycle_asked``, the same
function ``requirements`` answers with, so the page's cycle and figure are the judged ones.
The 72 a year is a school average (``reporting``), not a teacher's duty: no yearly figure.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from portal.domain import (
    ActivityRole, Compliance, CycleProgress, Duty, Finding, Grade, Mode, Period, Record, Requirements,
    TeacherFacts, Unit, YearProgress, all_in, total,
)
from portal.domain.amounts import credits, times
from portal.domain.calendar import calendar_year
from portal.domain.findings import CYCLE_TOTAL, as_asked, cycle_total, minimum, with_note
from portal.domain.results import Words
from portal.domain.text import Joined, listing

from . import parameters as P
from .conversion import attended_enough
from .periods import Asked, asked, counted_from, cycle, region_cycle
from .words import _

CLAUSES = {"zh_Hans_CN": "；", "*": ". "}  # several notes about one figure, strung together as with_note does

DUTIES = (
    Duty(CYCLE_TOTAL, _("周期内累计培训学分不少于 360 学分"), P.CYCLE_CREDITS_CLAUSE,
         _("每5年一个周期，按教师个人的周期计；入职或调入前的月份、整月的经批准假期不计要求")),
    Duty("centralized_90", _("周期内至少参加一次基础学分 90 以上的集中培训"), P.CENTRALIZED_90_CLAUSE,
         _("按次数计，不按学分计；按项目申报的基础学分判断（含 90），须以参训教师身份参加")),
)


def duties() -> list[Duty]:
    return list(DUTIES)


def cycle_asked(teacher: TeacherFacts, on: date) -> tuple[Period, Asked]:
    """The teacher's cycle holding ``on`` and the credits it asks of them (§二 360, scaled to
    the months in post): what ``requirements`` answers and ``check_compliance`` judges against."""
    period = cycle(on, teacher)
    return period, asked(P.CYCLE_MIN_CREDITS.at(on), teacher, period, on, Unit.CREDIT)


def requirements(on: date, teacher: TeacherFacts | None) -> Requirements:
    """§二: 360 a cycle; no yearly figure (the 72 a year is a school average, not a teacher's
    duty). For a teacher, what their own cycle asks of them; without one, the notice's figure."""
    source = P.CYCLE_MIN_CREDITS.source_at(on)
    if teacher is None:
        return Requirements(cycle=P.CYCLE_MIN_CREDITS.at(on), yearly=None, unit=Unit.CREDIT, cycle_source=source)
    _period, wanted = cycle_asked(teacher, on)
    return Requirements(cycle=wanted.figure, yearly=None, unit=Unit.CREDIT, cycle_source=source,
                        settings=wanted.settings)


# The 90+ centralized training (§二) ---------------------------------------------------------


def is_centralized(record: Record) -> bool:
    """Centralized by the record's mode, or by its category when it carries no mode."""
    if record.mode is not None:
        return record.mode is Mode.CENTRALIZED
    return record.category in P.CENTRALIZED_CATEGORIES


def is_centralized_90(record: Record, on: date) -> bool:
    """A centralized training whose project declares 90+ base credits, attended as a trainee.
    A record converted elsewhere without its base credits is judged by its category."""
    if not is_centralized(record) or record.role not in (None, ActivityRole.PARTICIPANT):
        return False
    if record.base_credits is None:
        return record.category == P.CATEGORY_CENTRALIZED_90
    return record.base_credits >= P.CENTRALIZED_90_MIN_BASE.at(on)


def counts_for_centralized_90(record: Record, on: date) -> bool:
    """§二 参加一次基础学分为90以上的集中培训: by default it must be completed (setting
    centralized_90_requires_completion): by its grade where the record keeps one (anything
    but a fail, with enough of the training's hours attended, ``conversion.attended_enough``), else by having earned the project's full base credits (at least 90 when
    they are not known). Not ``record.completed``: a fail may still earn credits here
    (setting fail_credits), so earning something is no sign of completion."""
    if not is_centralized_90(record, on):
        return False
    if not P.CENTRALIZED_90_REQUIRES_COMPLETION.at(on):
        return True
    if record.grade is not None:  # a pass with too few of the hours attended is not completed either
        return record.grade != Grade.FAIL and attended_enough(record.hours, record.planned_hours, on)
    full = record.base_credits if record.base_credits is not None else P.CENTRALIZED_90_MIN_BASE.at(on)
    return record.amount >= full


def centralized_90_finding(cycle: Period, counted: Sequence[Record], wanted: Asked, as_of: date,
                           today: date | None = None) -> Finding:
    """§二 周期内至少要参加一次基础学分为90以上的集中培训 (以上 includes 90), in trainings (次)."""
    least = P.CENTRALIZED_90_MIN_BASE.at(as_of)
    completion = P.CENTRALIZED_90_REQUIRES_COMPLETION.at(as_of)
    candidates = sorted((r for r in counted if is_centralized_90(r, as_of)), key=lambda r: r.date)
    done = [r for r in candidates if counts_for_centralized_90(r, as_of)]
    failed = [r for r in candidates if not counts_for_centralized_90(r, as_of)]
    short = [r for r in failed if r.grade not in (None, Grade.FAIL)]  # passed, with too few hours attended
    failed = [r for r in failed if r not in short]
    settings = wanted.settings + ((P.CENTRALIZED_90_REQUIRES_COMPLETION.name,) if failed or short else ()) + (
        (P.ATTENDANCE_FOR_COMPLETION.name,) if short else ())
    if done:
        first = done[0]
        message = (_("周期内已完成 {times}基础学分 {minimum} 及以上的集中培训（首次 {date}，得 {credits}）",
                     times=times(len(done)), minimum=least, date=first.date, credits=credits(first.amount))
                   if completion else
                   _("周期内已参加 {times}基础学分 {minimum} 及以上的集中培训（首次 {date}）",
                     times=times(len(done)), minimum=least, date=first.date))
    elif cycle.ended_on(as_of if today is None else today):  # on its last day it still runs
        message = (_("周期（至 {end}）届满，没有完成基础学分 {minimum} 及以上的集中培训", end=cycle.end, minimum=least)
                   if completion else
                   _("周期（至 {end}）届满，没有参加基础学分 {minimum} 及以上的集中培训", end=cycle.end, minimum=least))
    elif completion:
        message = _("周期内尚未完成基础学分 {minimum} 及以上的集中培训", minimum=least)
    else:
        message = _("周期内尚未参加基础学分 {minimum} 及以上的集中培训", minimum=least)
    if failed:
        message = with_note(message, _("{dates} 的培训考核未合格，不算完成", dates=listing(r.date for r in failed)))
    if short:
        message = with_note(message, _("{dates} 的培训参训学时不足，不算完成", dates=listing(r.date for r in short)))
    if wanted.required is None:
        message = Joined((_("周期内不要求本人参加这项培训"), wanted.note) + ((message,) if done else ()), CLAUSES)
    else:
        message = with_note(message, wanted.note)
    return minimum("centralized_90", wanted.required, Decimal(len(done)), message,
                   P.CENTRALIZED_90_PER_CYCLE.source_at(as_of), cycle.end, unit=Unit.TIME, settings=settings)


# The cycle's total (§二) -------------------------------------------------------------------


def cycle_note(wanted: Asked, left_out: Decimal, counted_since: date) -> Words:
    """Why this teacher's cycle figures differ from the notice's: what is asked, what does not count."""
    parts = [wanted.note] if wanted.note else []
    if left_out:
        parts.append(_("{date} 之前取得的 {credits}不计入", date=counted_since, credits=credits(left_out)))
    return Joined(parts, CLAUSES) if parts else ""


def cycle_total_finding(progress: CycleProgress, wanted: Asked, as_of: date, today: date | None = None) -> Finding:
    """§二 周期内累计取得的培训学分不得少于360学分; with the 90+ training as the cycle's condition,
    the finding's ``ok`` is the cycle's."""
    period = progress.period
    span = _("周期（{start} 至 {end}）", start=period.start, end=period.end)
    source = P.CYCLE_MIN_CREDITS.source_at(as_of)
    earned = credits(progress.counted)
    if wanted.required is None:
        message = _("{span}不要求本人取得学分，已取得 {earned}", span=span, earned=earned)
        return cycle_total(progress, with_note(message, progress.note), source, wanted.settings)
    values = dict(span=span, earned=earned, required=credits(wanted.required))
    if progress.counted < wanted.required:  # a scaled figure is said by the note
        message = _("{span}已取得 {earned}", **values) if wanted.note else _("{span}已取得 {earned}，要求 {required}", **values)
    elif progress.ok:
        message = _("{span}已取得 {earned}，达到 {required}", **values)
    elif period.ended_on(as_of if today is None else today):
        message = _("{span}届满，已取得 {earned}，达到 {required}，但没有满足“至少参加一次基础学分 90 以上的集中培训”，"
                    "周期未完成", **values)
    else:
        message = _("{span}已取得 {earned}，达到 {required}，但尚未满足“至少参加一次基础学分 90 以上的集中培训”，"
                    "周期尚未完成", **values)
    return cycle_total(progress, with_note(message, progress.note), source, wanted.settings,
                       label=as_asked(wanted.required, P.CYCLE_MIN_CREDITS.at(as_of),
                                      _("周期内累计培训学分不少于 {amount}", amount=credits(wanted.required))))


def in_credits(records: Sequence[Record]) -> Sequence[Record]:
    """The records, every one in 学分: the notice counts credits (周期内累计取得的培训学分不得少于360学分,
    §二) from each project's base credits, never from hours, so a line in another unit (10 学时) cannot be
    counted as if it were 10 学分."""
    return all_in(Unit.CREDIT, records, _("瑞安市按项目的基础学分认定学分，学时不折算；这条记录不是以学分计的，不能计入"))


def own_cycle_label(period: Period, as_of: date) -> Words:
    """个人周期 where the teacher's cycle is their own, counted from the year they entered (setting
    cycle_from_entered_post, §二 按教师实际进入平台的时间), not the one everyone shares: the pages
    head it so rather than 本周期; empty for the shared cycle."""
    return "" if period == region_cycle(as_of) else _("个人周期")


def check_compliance(teacher: TeacherFacts, records: Sequence[Record], as_of: date,
                     today: date | None = None) -> Compliance:
    records = in_credits(records)
    period, wanted = cycle_asked(teacher, as_of)
    since = counted_from(teacher, period, as_of)
    in_cycle = [r for r in records if r.date in period and r.date <= as_of]
    counted = [r for r in in_cycle if r.date >= since]
    trainings = asked(Decimal(P.CENTRALIZED_90_PER_CYCLE.at(as_of)), teacher, period, as_of, Unit.TIME)
    ninety = centralized_90_finding(period, counted, trainings, as_of, today)
    earned, counted_total = total(in_cycle), total(counted)
    progress = CycleProgress(  # the notice sets no caps; only the months before post leave credits out
        period, wanted.figure, earned, counted_total,
        conditions=(ninety,), note=cycle_note(wanted, earned - counted_total, since),
        label=own_cycle_label(period, as_of),
    )
    start_year = max(period.start.year, since.year, (teacher.entered_post or period.start).year)
    years = tuple(  # no yearly duty for a teacher (the 72 is a school average); none before they were in post
        YearProgress(year, None, total(counted, calendar_year(year)))
        for year in range(start_year, min(as_of.year, period.end.year) + 1)
    )
    return Compliance(Unit.CREDIT, progress, years, (cycle_total_finding(progress, wanted, as_of, today), ninety))
