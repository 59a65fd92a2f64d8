"""Ruian's rules (Zhejiang credit system as the 2019 H2 notice applies it): pure functions.

Every number comes from ``parameters`` (read with ``.at(on)``, which sees a bureau's
overrides of the settings); every Step, Finding and Eligibility cites the clause of
``ruian-2019h2-course-selection.txt`` it applies and names the settings it relied on
(the page shows them in words; the texts never do).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, ROUND_DOWN, ROUND_UP, Decimal

from portal.domain import (
    Activity, ActivityRole, Category, Compliance, CreditResult, CycleProgress, Duty, Eligibility,
    Finding, Grade, InvalidInput, Mode, Panel, Parameter, Period, Program, Purpose, Record,
    Requirements, RuleVersion, ScopeSummary, State, Step, TeacherFacts, Transition, Unit, UserRole,
    Workflow, YearProgress, total,
)
from portal.domain.calendar import calendar_year, cycle_containing
from portal.domain.results import Words
from portal.domain.tenure import PartialPeriod, in_post_from, required_for, share_of
from portal.domain.text import Joined, Messages, Quantity, listing

from . import parameters as P
from .parameters import src

_ = Messages("ruian", "plugins.ruian")

GRADE_LABELS = {Grade.EXCELLENT: _("优"), Grade.GOOD: _("良"), Grade.PASS: _("合格"), Grade.FAIL: _("不合格")}
MODE_LABELS = {Mode.CENTRALIZED: _("集中培训"), Mode.SCHOOL_BASED: _("校（园）本培训")}  # the two the notice names
OTHER_MODES = {Mode.ONLINE: _("网络研修"), Mode.SELF_STUDY: _("自主研修"), Mode.DEGREE: _("学历教育")}
BASE_STEP = {
    Mode.CENTRALIZED: _("集中培训项目申报的基础学分"),
    Mode.SCHOOL_BASED: _("校（园）本培训项目申报的基础学分"),
}
ROLE_WORDS = {
    ActivityRole.INSTRUCTOR: _("授课教师"), ActivityRole.MENTOR: _("指导教师"), ActivityRole.PRESENTER: _("主讲人"),
}
CLAUSES = {"zh_Hans_CN": "；", "*": ". "}  # how notes about one figure are strung together


def credits(amount: Decimal) -> Quantity:
    return Quantity(amount, Unit.CREDIT)


def times(count: Decimal | int) -> Quantity:
    return Quantity(count, Unit.TIME)


def shown(value: Decimal, on: date, rounding: str = ROUND_DOWN) -> Decimal:
    """A ratio for display (setting display_quantum). Averages and rates are cut down, so a
    figure shown as reaching its minimum has reached it; gaps are rounded up."""
    return value.quantize(P.DISPLAY_QUANTUM.at(on), rounding=rounding)


# Set-up -------------------------------------------------------------------------------


def rule_versions() -> list[RuleVersion]:
    """The only stored version; the core also applies it to dates before it (see RULES_START)."""
    return [RuleVersion(P.RULE_VERSION_CODE, P.RULES_START.values[0].value, P.RULE_VERSION_SOURCE)]


def parameters() -> list[Parameter]:
    return list(P.ALL)


def categories() -> list[Category]:
    return list(P.CATEGORIES)


def programs() -> list[Program]:
    return list(P.PROGRAMS)


# Conversion (§二: credits are the project's base credits; no hour conversion) --------------

# The notice's one mention that a training carries base credits (基础学分) of its own.
BASE_CREDITS_CLAUSE = src("二（基础学分为90以上的集中培训）")


def validate(activity: Activity, on: date) -> None:
    """Raise InvalidInput, in words, for what the notice does not cover."""
    if activity.role is not ActivityRole.PARTICIPANT:
        raise InvalidInput("role", _(
            "只能按参训教师计算：通知只规定参训教师按项目基础学分认定，未规定{role}的学分",
            role=ROLE_WORDS[activity.role]))
    if activity.mode not in P.MODE_SOURCES:
        raise InvalidInput("mode", _(
            "培训形式只能是集中培训或校（园）本培训（通知只规定这两类项目），不能是{mode}",
            mode=OTHER_MODES[activity.mode]))
    if activity.base_credits is None:
        raise InvalidInput("base_credits", _(
            "须填写项目申报的基础学分：瑞安按项目基础学分认定学分，通知未给学时折算"))
    if activity.base_credits <= 0:
        raise InvalidInput("base_credits", _("项目申报的基础学分须大于 0"))
    if activity.program is not None:
        validate_program(activity, on)


def validate_program(activity: Activity, on: date) -> None:
    program = P.PROGRAMS_BY_CODE.get(activity.program)
    if program is None:
        raise InvalidInput("program", _(
            "项目类别不是通知所列的类别；可选：{programs}", programs=listing(p.label for p in P.PROGRAMS)))
    if program.mode is Mode.CENTRALIZED and activity.mode is not Mode.CENTRALIZED:
        raise InvalidInput("mode", _("{program}是集中培训项目，培训形式应为集中培训", program=program.label))
    minimum = P.CENTRALIZED_90_MIN_BASE.at(on)
    if program.code == P.PROGRAM_RESTRICTED_ELECTIVE_90 and activity.base_credits < minimum:
        raise InvalidInput("base_credits", _(
            "{program}的项目基础学分须不少于 {minimum} 学分", program=program.label, minimum=minimum))


def category_of(mode: Mode, base_credits: Decimal, on: date) -> str:
    """§二: a centralized training of 90+ base credits is the one each cycle must include."""
    if mode is Mode.SCHOOL_BASED:
        return P.CATEGORY_SCHOOL_BASED
    if base_credits >= P.CENTRALIZED_90_MIN_BASE.at(on):
        return P.CATEGORY_CENTRALIZED_90
    return P.CATEGORY_CENTRALIZED


def completed(grade: Grade | None, on: date) -> bool:
    """A failed training is not completed (setting fail_credits); no grade counts as completed
    unless the bureau says otherwise (setting missing_grade_is_pass)."""
    if grade is None:
        return P.MISSING_GRADE_IS_PASS.at(on)
    return grade is not Grade.FAIL


def credited(base: Decimal, grade: Grade | None, on: date) -> Step:
    """The step that gives the credits earned from a project's base credits (§二)."""
    if completed(grade, on):
        if grade is None:
            return Step(_("未填考核等第，按完成培训认定，得项目基础学分 {credits}", credits=credits(base)), base,
                        P.COMPLETION_CLAUSE, (P.MISSING_GRADE_IS_PASS.name,))
        return Step(_("考核{grade}，完成培训，得项目基础学分 {credits}（通知不按等第加减）",
                      grade=GRADE_LABELS[grade], credits=credits(base)), base, P.COMPLETION_CLAUSE)
    amount = min(P.FAIL_CREDITS.at(on), base)
    capped = _("（不超过项目基础学分）") if amount < P.FAIL_CREDITS.at(on) else ""
    if grade is Grade.FAIL:
        return Step(_("考核不合格，未完成培训，得 {credits}{capped}", credits=credits(amount), capped=capped), amount,
                    P.COMPLETION_CLAUSE, (P.FAIL_CREDITS.name,))
    return Step(_("未填考核等第，按未完成培训处理，得 {credits}{capped}", credits=credits(amount), capped=capped),
                amount, P.COMPLETION_CLAUSE, (P.MISSING_GRADE_IS_PASS.name, P.FAIL_CREDITS.name))


def category_step(category: str, on: date) -> Step:
    minimum = P.CENTRALIZED_90_MIN_BASE.at(on)
    why = {
        P.CATEGORY_CENTRALIZED_90: _("集中培训，基础学分不少于 {minimum}", minimum=minimum),
        P.CATEGORY_CENTRALIZED: _("集中培训，基础学分少于 {minimum}", minimum=minimum),
        P.CATEGORY_SCHOOL_BASED: _("校（园）本培训，不论学分多少"),
    }[category]
    label = P.CATEGORIES_BY_CODE[category]
    return Step(_("计入的类别：{why}", why=why), label.label, label.source)


def convert(activity: Activity, on: date) -> CreditResult:
    validate(activity, on)
    base = activity.base_credits
    steps = [
        Step(BASE_STEP[activity.mode], base, BASE_CREDITS_CLAUSE),
        Step(_("参训学时：通知未规定学时折算，只记录，不计学分"), activity.hours, BASE_CREDITS_CLAUSE),
    ]
    if activity.program is not None:
        program = P.PROGRAMS_BY_CODE[activity.program]
        steps.append(Step(_("项目类别"), program.label, program.source))
    result = credited(base, activity.grade, on)
    category = category_of(activity.mode, base, on)
    steps += [result, category_step(category, on)]
    return CreditResult(result.value, Unit.CREDIT, category, tuple(steps))


# Cycles (§二: 5 years, following the teacher's entry into the platform) -----------------


def region_cycle(on: date) -> Period:
    """The cycle everyone shares (setting cycle_anchor_year): 2016–2020, 2021–2025, ...

    ``portal_cycle`` answers with it: the core asks without a teacher, so lists of
    teachers are summed over this cycle even for a teacher whose own cycle (``teacher_cycle``)
    starts later."""
    return cycle_containing(on, P.CYCLE_ANCHOR_YEAR.at(on), P.CYCLE_YEARS.at(on))


def teacher_cycle(on: date, entered_platform: date | None) -> Period:
    """§二 按教师实际进入平台的时间: a teacher who entered after the anchor year counts 5-year
    cycles from 1 January of the entry year (setting cycle_from_entered_post)."""
    anchor = P.CYCLE_ANCHOR_YEAR.at(on)
    years = P.CYCLE_YEARS.at(on)
    if entered_platform is None or entered_platform.year <= anchor:
        return region_cycle(on)
    if on.year < entered_platform.year:  # not yet in the platform: their first cycle
        return Period(date(entered_platform.year, 1, 1), date(entered_platform.year + years - 1, 12, 31))
    return cycle_containing(on, entered_platform.year, years)


def platform_entry(teacher: TeacherFacts, on: date) -> date | None:
    """When the teacher entered the platform: TeacherFacts has no such date, so the date they
    entered the post stands in for it (setting cycle_from_entered_post)."""
    return teacher.entered_post if P.CYCLE_FROM_ENTERED_POST.at(on) else None


def cycle_settings(teacher: TeacherFacts, on: date) -> tuple[str, ...]:
    """The settings that placed this teacher's cycle."""
    late = teacher.entered_post is not None and teacher.entered_post.year > P.CYCLE_ANCHOR_YEAR.at(on)
    if not late:
        return (P.CYCLE_ANCHOR_YEAR.name,)
    if P.CYCLE_FROM_ENTERED_POST.at(on):
        return (P.CYCLE_FROM_ENTERED_POST.name,)
    return (P.CYCLE_ANCHOR_YEAR.name, P.CYCLE_FROM_ENTERED_POST.name)


def requirements(on: date) -> Requirements:
    """§二: 360 a cycle for each teacher; the 72 a year is a school average, not a teacher's duty."""
    return Requirements(
        cycle=P.CYCLE_MIN_CREDITS.at(on), yearly=None, unit=Unit.CREDIT,
        cycle_source=P.CYCLE_MIN_CREDITS.source_at(on),
    )


# What a cycle asks of this teacher (tenure) ----------------------------------------------


@dataclass(frozen=True)
class Asked:
    """What one cycle duty asks of this teacher (``None``: nothing), the note that says why
    it differs from the notice's figure, and the settings that decided it."""

    required: Decimal | None
    note: Words = ""
    settings: tuple[str, ...] = ()


def asked(full: Decimal, teacher: TeacherFacts, cycle: Period, on: date, unit: Unit) -> Asked:
    """Months before the teacher entered post or was transferred in, and months wholly on
    approved leave, are never held against them; a cycle held only in part follows the
    setting partial_cycle. It is computed over the teacher's OWN cycle, which already starts
    in their entry year: the months before entry are excused here once, not again."""
    share = share_of(teacher, cycle)
    settings = () if share.whole or share.none else (P.PARTIAL_CYCLE.name,)
    required, note = required_for(full, teacher, cycle, P.PARTIAL_CYCLE.at(on), unit=unit)
    if required == full:  # in post throughout, the full figure asked, or rounded back to it
        return Asked(full, "", settings)
    return Asked(required or None, note, settings)  # scaled to nothing: not asked


def counted_from(teacher: TeacherFacts, cycle: Period, on: date) -> date:
    """From which day credits count toward the cycle. Where the figure is scaled to the months
    in post, credits from before the teacher entered post or was transferred in do not count:
    the same months must not both lower what is asked and add to what is earned."""
    start = in_post_from(teacher)
    if start is None or start <= cycle.start or P.PARTIAL_CYCLE.at(on) != PartialPeriod.PRORATA:
        return cycle.start
    return start


# A teacher's duties (§二) ---------------------------------------------------------------

DUTIES = (
    Duty("cycle_total", _("周期内累计培训学分不少于360学分"), P.CYCLE_CREDITS_CLAUSE,
         _("每5年一个周期，按教师个人的周期计；入职或调入前的月份、整月的经批准假期不计要求")),
    Duty("centralized_90", _("周期内至少参加一次基础学分90以上的集中培训"), P.CENTRALIZED_90_CLAUSE,
         _("按次数计，不按学分计；按项目申报的基础学分判断（含90），须以参训教师身份参加")),
)


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
    """§二 参加一次基础学分为90以上的集中培训: by default it must be completed, i.e. have earned
    the project's full base credits (at least 90 when they are not known) (setting
    centralized_90_requires_completion)."""
    if not is_centralized_90(record, on):
        return False
    if not P.CENTRALIZED_90_REQUIRES_COMPLETION.at(on):
        return True
    full = record.base_credits if record.base_credits is not None else P.CENTRALIZED_90_MIN_BASE.at(on)
    return record.amount >= full


def _with_note(message: Words, note: Words) -> Words:
    return Joined((message, note), CLAUSES) if note else message


def centralized_90_finding(cycle: Period, counted: Sequence[Record], wanted: Asked, as_of: date,
                           placed: tuple[str, ...]) -> Finding:
    """§二 周期内至少要参加一次基础学分为90以上的集中培训 (以上 includes 90), in trainings (次)."""
    minimum = P.CENTRALIZED_90_MIN_BASE.at(as_of)
    completion = P.CENTRALIZED_90_REQUIRES_COMPLETION.at(as_of)
    candidates = sorted((r for r in counted if is_centralized_90(r, as_of)), key=lambda r: r.date)
    done = [r for r in candidates if counts_for_centralized_90(r, as_of)]
    failed = [r for r in candidates if not counts_for_centralized_90(r, as_of)]
    settings = placed + wanted.settings + ((P.CENTRALIZED_90_REQUIRES_COMPLETION.name,) if failed else ())
    if done:
        first = done[0]
        message = (_("本周期已完成 {times}基础学分 {minimum} 及以上的集中培训（首次 {date}，得 {credits}）",
                     times=times(len(done)), minimum=minimum, date=first.date, credits=credits(first.amount))
                   if completion else
                   _("本周期已参加 {times}基础学分 {minimum} 及以上的集中培训（首次 {date}）",
                     times=times(len(done)), minimum=minimum, date=first.date))
    elif completion:
        message = _("本周期尚未完成基础学分 {minimum} 及以上的集中培训", minimum=minimum)
    else:
        message = _("本周期尚未参加基础学分 {minimum} 及以上的集中培训", minimum=minimum)
    if failed:
        message = _with_note(message, _("{dates} 的培训考核未合格，不算完成", dates=listing(r.date for r in failed)))
    if wanted.required is None:
        message = Joined((_("本周期不要求本人参加这项培训"), wanted.note) + ((message,) if done else ()), CLAUSES)
    else:
        message = _with_note(message, wanted.note)
    actual = Decimal(len(done))
    ok = wanted.required is None or actual >= wanted.required
    return Finding("centralized_90", ok, wanted.required, actual, message,
                   P.CENTRALIZED_90_PER_CYCLE.source_at(as_of), cycle.end, unit=Unit.TIME, settings=settings)


def cycle_note(wanted: Asked, left_out: Decimal, counted_since: date) -> Words:
    """Why this teacher's cycle figures differ from the notice's: what is asked, what does not count."""
    parts = [wanted.note] if wanted.note else []
    if left_out:
        parts.append(_("{date} 之前取得的 {credits}不计入", date=counted_since, credits=credits(left_out)))
    return Joined(parts, CLAUSES) if parts else ""


def cycle_total_finding(progress: CycleProgress, wanted: Asked, as_of: date, placed: tuple[str, ...]) -> Finding:
    """§二 周期内累计取得的培训学分不得少于360学分; with the 90+ training as the cycle's condition,
    the finding's ``ok`` is the cycle's."""
    period = progress.period
    span = _("本周期（{start} 至 {end}）", start=period.start, end=period.end)
    source = P.CYCLE_MIN_CREDITS.source_at(as_of)
    settings = placed + wanted.settings
    earned = credits(progress.counted)
    if wanted.required is None:
        message = _("{span}不要求本人取得学分，已取得 {earned}", span=span, earned=earned)
        return Finding("cycle_total", progress.ok, None, progress.counted, _with_note(message, progress.note), source,
                       period.end, settings=settings)
    values = dict(span=span, earned=earned, required=credits(wanted.required))
    if progress.counted < wanted.required:  # a scaled figure is said by the note
        message = _("{span}已取得 {earned}", **values) if wanted.note else _("{span}已取得 {earned}，要求 {required}", **values)
    elif progress.ok:
        message = _("{span}已取得 {earned}，达到 {required}", **values)
    else:
        message = _("{span}已取得 {earned}，达到 {required}，但尚未满足“至少参加一次基础学分90以上的集中培训”，"
                    "本周期尚未完成", **values)
    return Finding("cycle_total", progress.ok, wanted.required, progress.counted, _with_note(message, progress.note),
                   source, period.end, settings=settings)


def check_compliance(teacher: TeacherFacts, records: Sequence[Record], as_of: date) -> Compliance:
    cycle = teacher_cycle(as_of, platform_entry(teacher, as_of))
    placed = cycle_settings(teacher, as_of)
    since = counted_from(teacher, cycle, as_of)
    in_cycle = [r for r in records if r.date in cycle and r.date <= as_of]
    counted = [r for r in in_cycle if r.date >= since]
    wanted = asked(P.CYCLE_MIN_CREDITS.at(as_of), teacher, cycle, as_of, Unit.CREDIT)
    trainings = asked(Decimal(P.CENTRALIZED_90_PER_CYCLE.at(as_of)), teacher, cycle, as_of, Unit.TIME)
    ninety = centralized_90_finding(cycle, counted, trainings, as_of, placed)
    earned, counted_total = total(in_cycle), total(counted)
    progress = CycleProgress(  # the notice sets no caps; only the months before post leave credits out
        cycle, wanted.required if wanted.required is not None else Decimal(0), earned, counted_total,
        conditions=(ninety,), note=cycle_note(wanted, earned - counted_total, since),
    )
    start_year = max(cycle.start.year, since.year, (teacher.entered_post or cycle.start).year)
    years = tuple(  # no yearly duty for a teacher (the 72 is a school average); none before they were in post
        YearProgress(year, None, total(counted, calendar_year(year)))
        for year in range(start_year, min(as_of.year, cycle.end.year) + 1)
    )
    return Compliance(Unit.CREDIT, progress, years, (cycle_total_finding(progress, wanted, as_of, placed), ninety))


# Eligibility: the notice names no use of credits (title review, re-registration ... are in
# 浙教师〔2016〕71号, not in the documents); what it asks of each teacher is to complete the
# cycle's training plan (§二 足额完成教师专业发展培训计划).

PURPOSES = (
    Purpose("cycle_training_plan", _("足额完成本周期教师专业发展培训任务"), src("二"),
            _("周期内累计学分达到要求，且至少参加一次基础学分90以上的集中培训")),
)


def _credits_part(cycle_f: Finding, progress: CycleProgress) -> Words:
    if cycle_f.required is None:
        return _("不要求本人取得学分")
    values = dict(earned=credits(progress.counted), required=credits(cycle_f.required))
    if progress.counted >= cycle_f.required:
        return _("已取得 {earned}，达到 {required}", **values)
    return _("已取得 {earned}，不足 {required}", **values)


def _ninety_part(ninety_f: Finding, minimum: Decimal, completion: bool) -> Words:
    if ninety_f.required is None:
        return _("不要求本人参加基础学分 {minimum} 及以上的集中培训", minimum=minimum)
    if ninety_f.ok:
        return (_("已完成基础学分 {minimum} 及以上的集中培训", minimum=minimum) if completion
                else _("已参加基础学分 {minimum} 及以上的集中培训", minimum=minimum))
    return (_("尚未完成基础学分 {minimum} 及以上的集中培训", minimum=minimum) if completion
            else _("尚未参加基础学分 {minimum} 及以上的集中培训", minimum=minimum))


def _missing(cycle_f: Finding, ninety_f: Finding, minimum: Decimal, completion: bool, deadline: date) -> Words:
    gap, count = cycle_f.shortfall, ninety_f.shortfall
    values = dict(minimum=minimum, date=deadline)
    if gap and count:
        values.update(credits=credits(gap), times=times(count))
        return (_("还需 {credits}，并完成 {times}基础学分 {minimum} 及以上的集中培训，截止 {date}", **values)
                if completion else
                _("还需 {credits}，并参加 {times}基础学分 {minimum} 及以上的集中培训，截止 {date}", **values))
    if count:
        values.update(times=times(count))
        return (_("还需完成 {times}基础学分 {minimum} 及以上的集中培训，截止 {date}", **values) if completion
                else _("还需参加 {times}基础学分 {minimum} 及以上的集中培训，截止 {date}", **values))
    return _("还需 {credits}，截止 {date}", credits=credits(gap), date=deadline)


def training_plan_eligibility(compliance: Compliance, as_of: date) -> Eligibility:
    """§二 足额完成教师专业发展培训计划: judged like the cycle (its total and its 90+ training)."""
    findings = {f.code: f for f in compliance.findings}
    cycle_f, ninety_f = findings["cycle_total"], findings["centralized_90"]
    progress = compliance.cycle
    period = progress.period
    minimum = P.CENTRALIZED_90_MIN_BASE.at(as_of)
    completion = P.CENTRALIZED_90_REQUIRES_COMPLETION.at(as_of)
    parts = dict(start=period.start, end=period.end, credits=_credits_part(cycle_f, progress),
                 ninety=_ninety_part(ninety_f, minimum, completion))
    settings = tuple(dict.fromkeys(cycle_f.settings + ninety_f.settings))
    source = src("二")
    if progress.ok:
        reason = _("本周期（{start} 至 {end}）{credits}，{ninety}，培训任务已足额完成", **parts)
        return Eligibility("cycle_training_plan", True, reason, source, settings=settings)
    reason = _("本周期（{start} 至 {end}）{credits}，{ninety}，培训任务尚未足额完成", **parts)
    missing = _missing(cycle_f, ninety_f, minimum, completion, period.end)
    return Eligibility("cycle_training_plan", False, reason, source, missing, settings=settings)


def eligibility(teacher: TeacherFacts, records: Sequence[Record], as_of: date) -> list[Eligibility]:
    return [training_plan_eligibility(check_compliance(teacher, records, as_of), as_of)]


# School-level reporting figures (§二): school totals in, Finding out --------------------


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
    return Rate(required, shown(Decimal(part) * 100 / base, on), part * 100 >= required * base,
                _shortfall_count(required, base, part))


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


def layer_match_finding(choices_90: int, matched: int, on: date) -> Finding:
    """§二 教师参加90学分及以上项目，按分层分类匹配率须达到75%及以上: of a school's choices of
    90+ credit projects, the share that matches the teacher's layer and category."""
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
    average = year_total / teachers
    ok = year_total >= required * teachers
    message = _("{year} 年教师人均 {average}（{teachers} 人合计 {total}），要求不少于 {required}",
                year=year, average=credits(shown(average, on)), teachers=teachers, total=credits(year_total),
                required=credits(required))
    if not ok:
        message = _("{situation}，人均差 {gap}（合计差 {total_gap}）", situation=message,
                    gap=credits(shown(required - average, on, ROUND_UP)),
                    total_gap=credits(required * teachers - year_total))
    return Finding("school_yearly_average", ok, required, shown(average, on), message, source, on)


def dashboard_panels(summary: ScopeSummary) -> list[Panel]:
    """The per-teacher yearly average (§二) from the figures the core computed for the scope."""
    on = date(summary.year, 12, 31)
    required = credits(P.SCHOOL_YEARLY_AVERAGE.at(on))
    title = _("{year} 年教师人均培训学分", year=summary.year)
    source = P.SCHOOL_YEARLY_AVERAGE.source_at(on)
    if summary.teachers == 0:
        return [Panel(title, "—", _("本范围内无在册教师"), source)]
    finding = school_average_finding(summary.year, summary.teachers, summary.year_total)
    if finding.ok:
        note = _("要求各校（园）年人均不少于 {required}，已达到", required=required)
    else:
        gap = P.SCHOOL_YEARLY_AVERAGE.at(on) * summary.teachers - summary.year_total
        note = _("要求各校（园）年人均不少于 {required}；本范围 {teachers} 人合计还差 {gap}",
                 required=required, teachers=summary.teachers, gap=credits(gap))
    return [Panel(title, credits(finding.actual), note, source)]


# Course selection (§四(二), §附件) --------------------------------------------------------


def phases_on(day: date) -> tuple[P.Phase, ...]:
    """The calendar phases open on ``day`` (several overlap, e.g. round-1 selection and review)."""
    return tuple(phase for phase in P.SELECTION_CALENDAR.at(day) if phase.open_on(day))


def selection_round(day: date) -> int | None:
    """The selection round whose teacher window is open on ``day`` (§四(二)), if any."""
    open_codes = {phase.code for phase in phases_on(day)}
    return next((n for n, code in P.SELECTION_ROUNDS.items() if code in open_codes), None)


def second_round_eligibility(selected_in_round1: bool, round1_approved: bool | None) -> Eligibility:
    """§四(二) 凡第一轮未选课或第一轮虽选课但学校审核为不通过的教师，不能参加第二轮补报选课.

    ``round1_approved`` is the school's verdict on the round-1 choice (None: not reviewed yet).
    Not a ``portal_eligibility`` purpose: the hook receives no selection data.
    """
    source = src("四(二)")
    closed = _("第二轮补报选课只对第一轮已选课且未被学校审核否决的教师开放，本轮无法补救")
    if not selected_in_round1:
        return Eligibility("second_round_selection", False, _("第一轮未选课，不能参加第二轮补报选课"), source, closed)
    if round1_approved is False:
        return Eligibility("second_round_selection", False, _("第一轮选课学校审核不通过，不能参加第二轮补报选课"),
                           source, closed)
    if round1_approved is None:
        return Eligibility("second_round_selection", True,
                           _("第一轮已选课，学校尚未审核；审核不通过则不能参加第二轮"), source)
    return Eligibility("second_round_selection", True, _("第一轮已选课且学校审核通过，可参加第二轮选课"), source)


APPROVE, REJECT = _("学校审核通过"), _("学校审核不通过")
ENROLLMENT_WORKFLOW = Workflow(
    initial="selected",
    states=(
        State("selected", _("已选课，待学校审核")),
        State("school_approved", _("学校审核通过，待培训机构复核")),
        State("school_rejected", REJECT, final=True),
        State("confirmed", _("培训机构复核通过，已发培训通知")),
        State("not_admitted", _("培训机构复核未通过"), final=True),
        State("completed", _("已结业"), final=True),
    ),
    transitions=(
        # §四(二) 学校审核; §附件 第3项: 校长对选课进行审核（参加：各中小学校长及平台管理员）
        Transition("selected", "school_approved", UserRole.PRINCIPAL, APPROVE),
        Transition("selected", "school_rejected", UserRole.PRINCIPAL, REJECT),
        Transition("selected", "school_approved", UserRole.SCHOOL_ADMIN, APPROVE),
        Transition("selected", "school_rejected", UserRole.SCHOOL_ADMIN, REJECT),
        # §四(二) 培训机构复核; §附件 第3项: 培训机构受理复核、发放培训通知
        Transition("school_approved", "confirmed", UserRole.INSTITUTION_STAFF, _("复核通过，发放培训通知")),
        Transition("school_approved", "not_admitted", UserRole.INSTITUTION_STAFF, _("复核未通过")),
        # §附件 第4项: 各培训机构举办培训班
        Transition("confirmed", "completed", UserRole.INSTITUTION_STAFF, _("登记结业")),
    ),
    source=f"{src('四(二)')}；{src('附件 第3项')}；{src('附件 第4项')}",
)
