"""Shanxi's rules (晋教师〔2017〕14号) as small pure functions over the domain types.

No Flask, no database, no I/O; Decimal only. Every number comes from ``parameters``;
every step, finding and eligibility cites ``file §clause``.

Years are school years (学年): ``school_year_start_month`` (a setting, default 9) says
where one begins, and a school year is called by the year it begins in (2024 学年 =
2024-09-01 to 2025-08-31). A five-year cycle is five school years.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, ROUND_UP, Decimal

from portal.domain import (
    Activity, ActivityRole, Category, Compliance, CreditResult, CycleProgress, Duty, Eligibility,
    Finding, Grade, InvalidInput, Level, Mode, Panel, Period, Program, Purpose, Record, Requirements,
    RuleVersion, ScopeSummary, Step, TeacherFacts, Unit, UserRole, YearProgress,
)
from portal.domain.workflow import State, Transition, Workflow

from . import parameters as P
from .parameters import setting_note, src

# Categories ----------------------------------------------------------------------------------

CENTRALIZED_CITY_UP = "centralized_city_up"
CENTRALIZED_COUNTY = "centralized_county"
ONLINE = "online"
SCHOOL_BASED = "school_based"
SELF_STUDY = "self_study"
DEGREE = "degree"
TRAINING_SERVICE = "training_service"
PROBATION_CENTRALIZED = "probation_centralized"
PROBATION_SCHOOL_ONLINE = "probation_school_online"
BORROWING = "credit_bank_borrowing"

CATEGORIES: tuple[Category, ...] = (
    Category(CENTRALIZED_CITY_UP, "市级及以上集中培训", src("三(二)"),
             "国家级、省级、市级集中培训；周期内须修满 20 学分"),
    Category(CENTRALIZED_COUNTY, "县(区)级集中培训", src("四(一)"), "每 4 学时折算 1 学分"),
    Category(ONLINE, "网络研修", src("四(一)"), "每 5 学时折算 1 学分"),
    Category(SCHOOL_BASED, "校本研修", src("四(一)"), "每 5 学时折算 1 学分；校级集中培训也计入此类"),
    Category(SELF_STUDY, "自主研修成果", src("四(四)"), "区县认定的学分；每周期最多认定 20 学分"),
    Category(DEGREE, "学历教育课程", src("四(三)"), "区县教师继续教育管理部门按学习结果认定的学分"),
    Category(TRAINING_SERVICE, "参与培训、教研工作（授课、指导等）", src("三(二)"), "主管部门酌情转换的学分"),
    Category(PROBATION_CENTRALIZED, "新任教师试用期集中培训（学时）", src("三(二)"), "第一学年不少于 60 学时"),
    Category(PROBATION_SCHOOL_ONLINE, "新任教师试用期校本培训与网络研修（学时）", src("三(二)"),
             "第一学年不少于 60 学时"),
    Category(BORROWING, "学分借贷（学分银行）", src("四(五)"),
             "借入的学分补足所在学年的 20 学分；默认不计入周期总学分（本地设置 borrowing_counts_for_cycle）"),
)
CATEGORY_LABELS = {c.code: c.label for c in CATEGORIES}

PROBATION = "new_teacher_probation"
PROGRAMS: tuple[Program, ...] = (
    Program(PROBATION, "新任教师试用期培训", src("三(二)"),
            "第一学年不少于 120 学时，其中集中培训不少于 60 学时、校本培训与网络研修不少于 60 学时；按学时登记，不折算学分"),
)
PROGRAM_CODES = {p.code for p in PROGRAMS}

LEVEL_LABELS = {
    Level.NATIONAL: "国家级", Level.PROVINCIAL: "省级", Level.CITY: "市级",
    Level.COUNTY: "县(区)级", Level.SCHOOL: "校级",
}
MODE_LABELS = {
    Mode.CENTRALIZED: "集中培训", Mode.ONLINE: "网络研修", Mode.SCHOOL_BASED: "校本研修",
    Mode.SELF_STUDY: "自主研修", Mode.DEGREE: "学历教育课程",
}
GRADE_LABELS = {Grade.EXCELLENT: "优", Grade.GOOD: "良", Grade.PASS: "合格", Grade.FAIL: "不合格"}
ROUNDINGS = {
    "half_up": (ROUND_HALF_UP, "四舍五入"),
    "down": (ROUND_DOWN, "舍去"),
    "up": (ROUND_UP, "进一"),
    "half_even": (ROUND_HALF_EVEN, "四舍六入五成双"),
}


def fmt(value: Decimal) -> str:
    """A Decimal as people write it: 12, 3.3, 0.66 (no exponent, no trailing zeros)."""
    return P.shown(value)


def clean(value: Decimal) -> Decimal:
    """The same number without trailing zeros or exponent: 12.000 → 12, 3.30 → 3.3."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


# Rule version, school years and the cycle ------------------------------------------------------


def rule_versions() -> list[RuleVersion]:
    """The only Shanxi rules in the documents: 晋教师〔2017〕14号, from its signing date (a setting)."""
    return [RuleVersion("shanxi-2017", P.RULES_2017_EFFECTIVE.at(P.V2017), src("落款"))]


def rule_version(on: date) -> str:
    versions = sorted(rule_versions(), key=lambda v: v.effective_from)
    return next((v for v in reversed(versions) if v.effective_from <= on), versions[0]).code


def start_month(on: date) -> int:
    month = P.SCHOOL_YEAR_START_MONTH.at(on)
    if not isinstance(month, int) or not 1 <= month <= 12:
        raise InvalidInput("school_year_start_month", "须为 1 至 12 的月份")
    return month


def school_year_of(day: date, on: date | None = None) -> int:
    """The school year holding ``day``, called by the year it begins in (§三(二) 每学年; setting)."""
    return day.year if day.month >= start_month(on or day) else day.year - 1


def school_year(year: int, on: date) -> Period:
    month = start_month(on)
    return Period(date(year, month, 1), date(year + 1, month, 1) - timedelta(days=1))


def year_holding(on: date) -> Period:
    """The school year holding ``on``: the year the yearly minimum is counted over."""
    return school_year(school_year_of(on), on)


def year_name(year: int, on: date) -> str:
    """``2024—2025 学年``, or ``2024 年`` when school years are calendar years."""
    return f"{year} 年" if start_month(on) == 1 else f"{year}—{year + 1} 学年"


def cycle(on: date) -> Period:
    """The five school years (§二(一) 以五年为一个周期) holding ``on``, counted from
    ``cycle_anchor_year`` (a setting)."""
    length = P.CYCLE_YEARS.at(on)
    anchor = P.CYCLE_ANCHOR_YEAR.at(on)
    first = anchor + (school_year_of(on, on) - anchor) // length * length
    return Period(school_year(first, on).start, school_year(first + length - 1, on).end)


def span(period: Period) -> str:
    return f"{period.start.isoformat()} 至 {period.end.isoformat()}"


def requirements(on: date) -> Requirements:
    """120 credits a cycle, in principle 20 a school year (§三(二))."""
    return Requirements(
        cycle=P.CYCLE_MINIMUM.at(on), yearly=P.YEARLY_MINIMUM.at(on), unit=Unit.CREDIT,
        cycle_source=P.clause(P.CYCLE_MINIMUM, on), yearly_source=P.clause(P.YEARLY_MINIMUM, on),
    )


# Conversion ----------------------------------------------------------------------------------


def rounded(value: Decimal, on: date) -> tuple[Decimal, str]:
    """Credits rounded as the settings ``credit_quantum`` and ``credit_rounding`` say, and
    the words for it (保留一位小数四舍五入)."""
    quantum = P.CREDIT_QUANTUM.at(on)
    name = P.CREDIT_ROUNDING.at(on)
    if name not in ROUNDINGS:
        raise InvalidInput("credit_rounding", f"须为 {'、'.join(ROUNDINGS)} 之一")
    if quantum <= 0:
        raise InvalidInput("credit_quantum", "须大于 0")
    mode, words = ROUNDINGS[name]
    places = {Decimal(1): "取整数", Decimal("0.1"): "保留一位小数", Decimal("0.01"): "保留两位小数"}
    how = places.get(quantum.normalize(), f"按 {fmt(quantum)} 学分取舍")
    amount = clean((value / quantum).quantize(Decimal(1), rounding=mode) * quantum)
    note = f"{how}{words}（{setting_note(P.CREDIT_QUANTUM, on)}；{setting_note(P.CREDIT_ROUNDING, on)}）"
    return amount, note


def convert(activity: Activity, on: date) -> CreditResult:
    """Convert one activity under the rules in force on ``on``.

    Program ``new_teacher_probation`` → hours (§三(二)); a role other than participant
    → credits the authority grants (§三(二) 酌情转换); degree courses → credits the county
    recognised (§四(三)); self-study achievements → credits the county assigned (§四(四));
    every other training → hours ÷ the rate of its level and mode (§四(一)) with the grade
    (§四(二)).
    """
    version = rule_version(on)
    if activity.program is not None and activity.program not in PROGRAM_CODES:
        raise InvalidInput("program", f"山西没有项目代码 {activity.program}，可用：{'、'.join(sorted(PROGRAM_CODES))}")
    if activity.program == PROBATION:
        return convert_probation(activity, on, version)
    if activity.role != ActivityRole.PARTICIPANT:
        return convert_training_service(activity, on, version)
    if activity.mode == Mode.DEGREE:
        return convert_declared(activity, on, version, DEGREE, src("四(三)"),
                                "学历教育课程，经区县教师继续教育管理部门按学习结果认定")
    if activity.mode == Mode.SELF_STUDY:
        return convert_declared(activity, on, version, SELF_STUDY, src("四(四)"),
                                "自主研修成果（专业奖励、荣誉称号、论文发表、著述出版），由区县按其制度赋予学分")
    return convert_training(activity, on, version)


def days_of(activity: Activity) -> int | None:
    if activity.days is not None:
        return activity.days
    if activity.start and activity.end:
        return (activity.end - activity.start).days + 1
    return None


def capped_hours(activity: Activity, on: date) -> tuple[Decimal, list[Step]]:
    """The hours that count: all of them, unless a bureau set ``daily_hours_cap`` (the
    document sets no daily cap)."""
    cap = P.DAILY_HOURS_CAP.at(on)
    if cap <= 0:
        return activity.hours, []
    source = P.clause(P.DAILY_HOURS_CAP, on)
    days = days_of(activity)
    if days is None:
        return activity.hours, [Step(f"未填写天数，不按每天 {fmt(cap)} 学时核对（{setting_note(P.DAILY_HOURS_CAP, on)}）",
                                     activity.hours, source)]
    limit = cap * days
    if activity.hours <= limit:
        return activity.hours, [Step(f"{days} 天最多计 {fmt(limit)} 学时（每天 {fmt(cap)} 学时，"
                                     f"{setting_note(P.DAILY_HOURS_CAP, on)} 即不设上限），{fmt(activity.hours)} 学时全部计入",
                                     activity.hours, source)]
    return limit, [Step(f"{days} 天最多计 {fmt(limit)} 学时（每天 {fmt(cap)} 学时，{setting_note(P.DAILY_HOURS_CAP, on)} 即不设上限），"
                        f"{fmt(activity.hours)} 学时按 {fmt(limit)} 学时计", limit, source)]


def hours_per_credit(level: Level, mode: Mode, on: date) -> tuple[Decimal, str]:
    """The hours that make one credit for a level and mode, and the words for it (§四(一))."""
    if mode == Mode.CENTRALIZED:
        if level in (Level.NATIONAL, Level.PROVINCIAL):
            return P.HOURS_PER_CREDIT_CENTRALIZED_PROVINCIAL_UP.at(on), "省级及以上集中培训"
        if level in (Level.CITY, Level.COUNTY):
            return P.HOURS_PER_CREDIT_CENTRALIZED_CITY_COUNTY.at(on), "市级和县(区)级集中培训"
        # §四(一) gives no rate for a school's own centralized training; §二(一) calls the
        # school level 校本研修 (setting school_centralized_hours_per_credit).
        return (P.SCHOOL_CENTRALIZED_HOURS_PER_CREDIT.at(on),
                f"校本研修（校级培训属校本研修；{setting_note(P.SCHOOL_CENTRALIZED_HOURS_PER_CREDIT, on)}）")
    if mode in (Mode.ONLINE, Mode.SCHOOL_BASED):
        return P.HOURS_PER_CREDIT_ONLINE_SCHOOL_BASED.at(on), "网络研修和校本研修"
    raise InvalidInput("mode", f"{MODE_LABELS[mode]}不按学时折算")


def training_category(level: Level, mode: Mode) -> str:
    """City level or higher centralized training counts for §三(二)'s 20 credits."""
    if mode == Mode.CENTRALIZED:
        if level in (Level.NATIONAL, Level.PROVINCIAL, Level.CITY):
            return CENTRALIZED_CITY_UP
        if level == Level.COUNTY:
            return CENTRALIZED_COUNTY
        return SCHOOL_BASED
    return ONLINE if mode == Mode.ONLINE else SCHOOL_BASED


def convert_training(activity: Activity, on: date, version: str) -> CreditResult:
    """Hours ÷ the level's rate (§四(一)), then the grade (§四(二)), rounded (settings)."""
    rate, rate_label = hours_per_credit(activity.level, activity.mode, on)
    category = training_category(activity.level, activity.mode)
    source = src("四(一)")
    steps = [Step(
        f"{LEVEL_LABELS[activity.level]}{MODE_LABELS[activity.mode]}，按{rate_label}每 {fmt(rate)} 学时折算 1 学分"
        f"（基础折算为每 {fmt(P.BASE_HOURS_PER_CREDIT.at(on))} 学时即半天 1 学分）", rate, source)]
    if activity.base_credits is not None:
        steps.append(Step(f"山西按学时折算学分，不采用项目申报的 {fmt(activity.base_credits)} 学分",
                          activity.base_credits, source))
    hours, cap_steps = capped_hours(activity, on)
    steps += cap_steps
    exact = hours / rate
    base, how = rounded(exact, on)
    text = f"{fmt(hours)} 学时 ÷ {fmt(rate)} = {fmt(base)} 学分（基本学分）"
    if base != exact:
        text = f"{fmt(hours)} 学时 ÷ {fmt(rate)}，{how}，得 {fmt(base)} 学分（基本学分）"
    steps.append(Step(text, base, source))
    amount, grade_steps = apply_grade(base, activity.grade, on)
    steps += grade_steps
    steps.append(Step(f"计入“{CATEGORY_LABELS[category]}”", category,
                      src("三(二)") if category == CENTRALIZED_CITY_UP else source))
    steps += topic_steps(activity.topics, on)
    return CreditResult(amount, Unit.CREDIT, category, tuple(steps), version)


def effective_grade(grade: Grade | None, on: date) -> tuple[Grade, list[Step]]:
    """The grade to apply; a missing grade counts as ``missing_grade`` (a setting, 合格)."""
    if grade is not None:
        return grade, []
    try:
        assumed = Grade(P.MISSING_GRADE.at(on))
    except ValueError:
        raise InvalidInput("missing_grade", "须为 excellent、good、pass、fail 之一") from None
    return assumed, [Step(f"未填写考核等级，按“{GRADE_LABELS[assumed]}”计（{setting_note(P.MISSING_GRADE, on)}）",
                          assumed.value, P.clause(P.MISSING_GRADE, on))]


def apply_grade(base: Decimal, grade: Grade | None, on: date) -> tuple[Decimal, list[Step]]:
    """合格 the base credits, 优 +20%, 良 +10% on them, 不合格 nothing (§四(二))."""
    grade, steps = effective_grade(grade, on)
    source = P.clause(P.GRADE_BONUS, on)
    bonus_rate = P.GRADE_BONUS.at(on)[grade]
    if bonus_rate is None:
        steps.append(Step("考核“不合格”，不能取得该项目学分", Decimal(0), source))
        return Decimal(0), steps
    if bonus_rate == 0:
        steps.append(Step(f"考核“{GRADE_LABELS[grade]}”，认定基本学分 {fmt(base)} 学分", base, source))
        return base, steps
    percent = fmt(bonus_rate * 100)
    exact = base * (1 + bonus_rate)
    amount, how = rounded(exact, on)
    text = f"考核“{GRADE_LABELS[grade]}”，在原学分上增加 {percent}%：{fmt(base)} × {fmt(1 + bonus_rate)} = {fmt(exact)} 学分"
    if amount != exact:
        text += f"，{how}，得 {fmt(amount)} 学分"
    steps.append(Step(text, amount, source))
    return amount, steps


def convert_declared(activity: Activity, on: date, version: str, category: str, source: str,
                     what: str) -> CreditResult:
    """Credits a county recognised (§四(三) degree courses, §四(四) achievements).

    The document gives no hour rate for these: the recognised credits come in as
    ``base_credits``. A failed course gives nothing; no grade bonus (§四(二) is the
    organiser's assessment of a training project).
    """
    if activity.base_credits is None:
        raise InvalidInput("base_credits", f"{what}，须填写认定的学分")
    steps = [Step(f"{what}：认定 {fmt(activity.base_credits)} 学分", activity.base_credits, source)]
    amount = activity.base_credits
    if activity.grade == Grade.FAIL:
        steps.append(Step("学习结果“不合格”，不认定学分", Decimal(0), source))
        amount = Decimal(0)
    elif activity.grade is not None and P.GRADE_BONUS.at(on)[activity.grade]:
        steps.append(Step("考核等级奖励只适用于培训项目的综合考核，此项不加奖励", amount, P.clause(P.GRADE_BONUS, on)))
    if category == SELF_STUDY:
        cap = P.SELF_STUDY_CAP.at(on)
        steps.append(Step(f"五年周期内自主研修成果最多认定 {fmt(cap)} 学分（在周期统计时封顶）", cap,
                          P.clause(P.SELF_STUDY_CAP, on)))
    steps.append(Step(f"计入“{CATEGORY_LABELS[category]}”", category, source))
    steps += topic_steps(activity.topics, on)
    return CreditResult(clean(amount), Unit.CREDIT, category, tuple(steps), version)


def convert_training_service(activity: Activity, on: date, version: str) -> CreditResult:
    """Teaching or mentoring in a training: 一线教师参与培训、教研工作可酌情转换学分 (§三(二)).

    The document leaves the amount to the authority, so it comes in as ``base_credits``.
    """
    source = src("三(二)")
    if activity.mode in (Mode.DEGREE, Mode.SELF_STUDY):
        raise InvalidInput("role", f"{MODE_LABELS[activity.mode]}只能以参训者身份登记")
    if activity.base_credits is None:
        raise InvalidInput("base_credits", "参与培训、教研工作的学分由主管部门酌情转换，须填写认定的学分")
    role = {ActivityRole.INSTRUCTOR: "授课", ActivityRole.MENTOR: "指导",
            ActivityRole.PRESENTER: "主讲交流"}[activity.role]
    steps = [
        Step(f"在{LEVEL_LABELS[activity.level]}{MODE_LABELS[activity.mode]}中{role}，属参与培训、教研工作，"
             f"酌情转换 {fmt(activity.base_credits)} 学分", activity.base_credits, source),
        Step(f"计入“{CATEGORY_LABELS[TRAINING_SERVICE]}”（不计作参加市级及以上集中研修的学分）",
             TRAINING_SERVICE, source),
    ]
    steps += topic_steps(activity.topics, on)
    return CreditResult(clean(activity.base_credits), Unit.CREDIT, TRAINING_SERVICE, tuple(steps), version)


def convert_probation(activity: Activity, on: date, version: str) -> CreditResult:
    """New-teacher probation training: recorded in hours (§三(二): credits are registered
    from the year of 转正); centralized and school-based + online kept apart."""
    source = src("三(二)")
    if activity.role != ActivityRole.PARTICIPANT:
        raise InvalidInput("role", "试用期培训只登记参训的新任教师")
    if activity.service_year is not None and activity.service_year > P.PROBATION_YEARS.at(on):
        raise InvalidInput("service_year", "新任教师试用期培训只在第一学年")
    if activity.mode == Mode.CENTRALIZED:
        category, need = PROBATION_CENTRALIZED, P.PROBATION_CENTRALIZED_MINIMUM.at(on)
    elif activity.mode in (Mode.SCHOOL_BASED, Mode.ONLINE):
        category, need = PROBATION_SCHOOL_ONLINE, P.PROBATION_SCHOOL_ONLINE_MINIMUM.at(on)
    else:
        raise InvalidInput("mode", "试用期培训只有集中培训、校本培训与网络研修")
    hours, steps = capped_hours(activity, on)
    steps.insert(0, Step(
        f"新任教师试用期培训按学时登记（转正年度起才登记学分）：{MODE_LABELS[activity.mode]} {fmt(activity.hours)} 学时，"
        f"计入“{CATEGORY_LABELS[category]}”（第一学年须不少于 {fmt(need)} 学时）", activity.hours, source))
    amount = hours
    if activity.grade == Grade.FAIL and P.PROBATION_FAIL_GIVES_NO_HOURS.at(on):
        steps.append(Step(f"考核“不合格”，不计学时（{setting_note(P.PROBATION_FAIL_GIVES_NO_HOURS, on)}）",
                          Decimal(0), P.clause(P.PROBATION_FAIL_GIVES_NO_HOURS, on)))
        amount = Decimal(0)
    steps += topic_steps(activity.topics, on)
    return CreditResult(clean(amount), Unit.HOUR, category, tuple(steps), version)


def topic_steps(topics: Iterable[str], on: date) -> list[Step]:
    """Compulsory content (师德教育, 信息技术应用能力) is marked (§三(三))."""
    labels = P.COMPULSORY_TOPICS.at(on)
    source = P.clause(P.COMPULSORY_TOPICS, on)
    return [Step(f"含必修内容“{labels[t]}”", t, source) for t in topics if t in labels]


# Compliance ----------------------------------------------------------------------------------


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def probation_end(teacher: TeacherFacts, on: date) -> date | None:
    """The last day of the probation year (§三(二) 新任教师第一学年)."""
    if teacher.entered_post is None:
        return None
    return add_years(teacher.entered_post, P.PROBATION_YEARS.at(on)) - timedelta(days=1)


def first_duty_year(teacher: TeacherFacts, on: date) -> int | None:
    """The first school year with a yearly duty: 转正的教师从转正年度开始登记培训学分
    (§三(二)), the school year holding the day after the probation year; ``None`` when
    the date the teacher entered the post is unknown."""
    end = probation_end(teacher, on)
    return None if end is None else school_year_of(end + timedelta(days=1), on)


def year_required(teacher: TeacherFacts, year: int, on: date) -> Decimal | None:
    first = first_duty_year(teacher, on)
    if first is not None and year < first:
        return None
    return P.YEARLY_MINIMUM.at(on)


@dataclass(frozen=True)
class Ledger:
    """A teacher's records up to a date, split the ways Shanxi counts them."""

    credits: tuple[Record, ...]      # earned credits
    borrowings: tuple[Record, ...]   # 学分借贷: count for their school year
    probation: tuple[Record, ...]    # hours of the probation year

    @classmethod
    def of(cls, records: Iterable[Record], as_of: date) -> Ledger:
        known = [r for r in records if r.date <= as_of]
        return cls(
            credits=tuple(r for r in known if r.unit == Unit.CREDIT and r.category != BORROWING),
            borrowings=tuple(r for r in known if r.unit == Unit.CREDIT and r.category == BORROWING),
            probation=tuple(r for r in known if r.unit == Unit.HOUR
                            and r.category in (PROBATION_CENTRALIZED, PROBATION_SCHOOL_ONLINE)),
        )


def sum_of(records: Iterable[Record], period: Period | None = None, category: str | None = None,
           topic: str | None = None) -> Decimal:
    return clean(sum((r.amount for r in records
                      if (period is None or r.date in period)
                      and (category is None or r.category == category)
                      and (topic is None or topic in r.topics)), Decimal(0)))


@dataclass(frozen=True)
class CycleFigures:
    period: Period
    earned: Decimal      # credits earned (and, if the setting says so, borrowed)
    borrowed: Decimal    # borrowed in the cycle
    self_study: Decimal
    counted: Decimal     # after the self-study cap
    city_up: Decimal


def cycle_figures(ledger: Ledger, as_of: date) -> CycleFigures:
    """Earned, and counted after the self-study cap of 20 (§四(四)); borrowings count only
    if ``borrowing_counts_for_cycle`` (a setting, default no); hours are not credits."""
    period = cycle(as_of)
    borrowed = sum_of(ledger.borrowings, period)
    earned = sum_of(ledger.credits, period)
    if P.BORROWING_COUNTS_FOR_CYCLE.at(as_of):
        earned += borrowed
    self_study = sum_of(ledger.credits, period, SELF_STUDY)
    counted = earned - max(Decimal(0), self_study - P.SELF_STUDY_CAP.at(as_of))
    return CycleFigures(period, clean(earned), borrowed, self_study, clean(counted),
                        sum_of(ledger.credits, period, CENTRALIZED_CITY_UP))


@dataclass(frozen=True)
class YearFigures:
    progress: YearProgress
    period: Period
    earned: Decimal
    borrowed: Decimal


def year_figures(teacher: TeacherFacts, ledger: Ledger, year: int, as_of: date) -> YearFigures:
    """A school year's credits plus what was borrowed for it (§三(二), §四(五), §五(三))."""
    period = school_year(year, as_of)
    earned = sum_of(ledger.credits, period)
    borrowed = sum_of(ledger.borrowings, period)
    progress = YearProgress(year, year_required(teacher, year, as_of), clean(earned + borrowed))
    return YearFigures(progress, period, earned, borrowed)


def check(teacher: TeacherFacts, records: Sequence[Record], as_of: date) -> Compliance:
    """The cycle, each school year of it up to ``as_of``, and the findings of §三(二),
    §三(三), §四(四), §五(三)."""
    ledger = Ledger.of(records, as_of)
    figures = cycle_figures(ledger, as_of)
    first = school_year_of(figures.period.start, as_of)
    years = []
    findings = [
        cycle_total_finding(figures, as_of),
        city_up_finding(figures, as_of),
        self_study_cap_finding(figures, as_of),
    ]
    for n, year in enumerate(range(first, school_year_of(as_of, as_of) + 1), start=1):
        y = year_figures(teacher, ledger, year, as_of)
        years.append(y.progress)
        if y.progress.required is not None:
            findings.append(yearly_finding(n, y, as_of))
    findings += compulsory_findings(ledger, figures.period, as_of)
    if is_new_teacher(teacher, as_of):
        findings += probation_findings(teacher, ledger, as_of)
    return Compliance(
        Unit.CREDIT,
        CycleProgress(figures.period, P.CYCLE_MINIMUM.at(as_of), figures.earned, figures.counted),
        tuple(years),
        tuple(findings),
    )


def cycle_total_finding(f: CycleFigures, as_of: date) -> Finding:
    """At least 120 credits a cycle; short at its end = 周期继续教育不合格 (§三(二), §五(三))."""
    need = P.CYCLE_MINIMUM.at(as_of)
    ok = f.counted >= need
    if ok:
        message = f"本周期（{span(f.period)}）已认定 {fmt(f.counted)} 学分，达到 {fmt(need)} 学分"
    elif as_of >= f.period.end:
        message = (f"本周期（{span(f.period)}）届满仅认定 {fmt(f.counted)} 学分，未达 {fmt(need)} 学分，"
                   "周期继续教育不合格")
    else:
        message = (f"本周期（{span(f.period)}）已认定 {fmt(f.counted)} 学分，还需 {fmt(need - f.counted)} 学分，"
                   f"截止 {f.period.end.isoformat()}")
    return Finding("cycle_total", ok, need, f.counted, message, src("三(二)", "五(三)"), f.period.end)


def city_up_finding(f: CycleFigures, as_of: date) -> Finding:
    """At least 20 credits from city-level-or-higher centralized training per cycle (§三(二))."""
    need = P.CITY_UP_CENTRALIZED_MINIMUM.at(as_of)
    ok = f.city_up >= need
    if ok:
        message = f"本周期市级及以上集中研修 {fmt(f.city_up)} 学分，达到 {fmt(need)} 学分"
    else:
        message = (f"本周期市级及以上集中研修 {fmt(f.city_up)} 学分，还需 {fmt(need - f.city_up)} 学分，"
                   f"截止 {f.period.end.isoformat()}")
    return Finding("city_up_centralized", ok, need, f.city_up, message,
                   P.clause(P.CITY_UP_CENTRALIZED_MINIMUM, as_of), f.period.end)


def self_study_cap_finding(f: CycleFigures, as_of: date) -> Finding:
    """Self-study achievements count at most 20 credits a cycle (§四(四)); ok while within."""
    cap = P.SELF_STUDY_CAP.at(as_of)
    if f.self_study > cap:
        message = (f"本周期自主研修成果 {fmt(f.self_study)} 学分，最多认定 {fmt(cap)} 学分，"
                   f"超出的 {fmt(f.self_study - cap)} 学分不计入周期学分")
    else:
        message = f"本周期自主研修成果 {fmt(f.self_study)} 学分，未超过 {fmt(cap)} 学分上限"
    return Finding("self_study_cap", f.self_study <= cap, cap, f.self_study, message,
                   P.clause(P.SELF_STUDY_CAP, as_of))


def yearly_finding(n: int, y: YearFigures, as_of: date) -> Finding:
    """In principle 20 credits a school year; a year below it without a borrowing is
    不合格 (§三(二), §五(三)). Code ``yearly_minimum_<n>``: the n-th school year of the cycle."""
    need = y.progress.required
    name = year_name(y.progress.year, as_of)
    loan = f"，另借贷 {fmt(y.borrowed)} 学分" if y.borrowed else ""
    if y.progress.ok:
        message = f"{name}修得 {fmt(y.earned)} 学分{loan}，达到每学年 {fmt(need)} 学分"
    elif as_of > y.period.end:
        message = (f"{name}仅修得 {fmt(y.earned)} 学分{loan}，低于每学年 {fmt(need)} 学分且未以学分借贷补足，"
                   "该学年继续教育不合格")
    else:
        message = (f"{name}已修 {fmt(y.earned)} 学分{loan}，还需 {fmt(need - y.progress.earned)} 学分，"
                   f"截止 {y.period.end.isoformat()}（或办理学分借贷）")
    return Finding(f"yearly_minimum_{n}", y.progress.ok, need, y.progress.earned, message,
                   src("三(二)", "五(三)"), y.period.end)


def compulsory_findings(ledger: Ledger, period: Period, as_of: date) -> list[Finding]:
    """师德教育 and 信息技术应用能力 are compulsory (§三(三)); the document gives no amount
    (setting ``compulsory_topic_minimum``, default: any credits)."""
    findings = []
    minimum = P.COMPULSORY_TOPIC_MINIMUM.at(as_of)
    source = P.clause(P.COMPULSORY_TOPICS, as_of)
    for topic, label in P.COMPULSORY_TOPICS.at(as_of).items():
        actual = sum_of(ledger.credits, period, topic=topic)
        ok = actual > 0 and actual >= minimum
        if ok:
            message = f"本周期已修必修内容“{label}” {fmt(actual)} 学分"
        elif minimum > 0:
            message = (f"本周期必修内容“{label}” {fmt(actual)} 学分，须至少 {fmt(minimum)} 学分"
                       f"（{setting_note(P.COMPULSORY_TOPIC_MINIMUM, as_of)}），截止 {period.end.isoformat()}")
        else:
            message = f"本周期尚无必修内容“{label}”的学分，须在 {period.end.isoformat()} 前修习"
        findings.append(Finding(f"compulsory_{topic}", ok, minimum if minimum > 0 else None, actual, message,
                                source, period.end))
    return findings


def is_new_teacher(teacher: TeacherFacts, as_of: date) -> bool:
    """In the probation year, or within ``probation_review_years`` (a setting) after it."""
    if teacher.entered_post is None or as_of < teacher.entered_post:
        return False
    window = P.PROBATION_YEARS.at(as_of) + P.PROBATION_REVIEW_YEARS.at(as_of)
    return as_of < add_years(teacher.entered_post, window)


@dataclass(frozen=True)
class ProbationFigures:
    end: date
    centralized: Decimal
    school_online: Decimal

    @property
    def total(self) -> Decimal:
        return self.centralized + self.school_online


def probation_figures(teacher: TeacherFacts, ledger: Ledger, as_of: date) -> ProbationFigures:
    end = probation_end(teacher, as_of)
    assert end is not None
    return ProbationFigures(end, sum_of(ledger.probation, category=PROBATION_CENTRALIZED),
                            sum_of(ledger.probation, category=PROBATION_SCHOOL_ONLINE))


def probation_rows(f: ProbationFigures, as_of: date) -> tuple[tuple[str, str, Decimal, Decimal], ...]:
    return (
        ("probation_centralized", "集中培训", P.PROBATION_CENTRALIZED_MINIMUM.at(as_of), f.centralized),
        ("probation_school_online", "校本培训与网络研修", P.PROBATION_SCHOOL_ONLINE_MINIMUM.at(as_of), f.school_online),
        ("probation_total", "试用期培训合计", P.PROBATION_HOURS_TOTAL.at(as_of), f.total),
    )


def probation_findings(teacher: TeacherFacts, ledger: Ledger, as_of: date) -> list[Finding]:
    """First year: at least 60 hours centralized and 60 school-based + online, 120 in all (§三(二))."""
    f = probation_figures(teacher, ledger, as_of)
    findings = []
    for code, label, need, actual in probation_rows(f, as_of):
        if actual >= need:
            message = f"试用期{label} {fmt(actual)} 学时，达到 {fmt(need)} 学时"
        else:
            message = f"试用期{label} {fmt(actual)} 学时，还需 {fmt(need - actual)} 学时，试用期至 {f.end.isoformat()}"
        findings.append(Finding(code, actual >= need, need, actual, message, src("三(二)"), f.end))
    return findings


DUTIES_FIXED = (
    Duty("cycle_total", "每五年周期累计修满不少于 120 学分", src("三(二)", "五(三)"),
         "自主研修成果最多计 20 学分；学分借贷默认不计入（本地设置 borrowing_counts_for_cycle）；周期届满未达为周期继续教育不合格"),
    Duty("city_up_centralized", "周期内参加市级及以上集中研修修满 20 学分", src("三(二)")),
    Duty("self_study_cap", "周期内自主研修成果认定的学分不超过 20 学分", src("四(四)"), "超出部分不计入周期学分"),
)


def duties() -> list[Duty]:
    on = P.V2017
    result = list(DUTIES_FIXED)
    for n in range(1, P.default(P.CYCLE_YEARS) + 1):
        result.append(Duty(f"yearly_minimum_{n}", f"周期第 {n} 学年所修学分原则上不少于 20 学分",
                           src("三(二)", "五(三)"), "借贷学分可补足；未达且未借贷者该学年继续教育不合格"))
    for topic, label in P.COMPULSORY_TOPICS.at(on).items():
        result.append(Duty(f"compulsory_{topic}", f"必修内容：{label}", src("三(三)"),
                           "每周期至少多少学分由本地设置 compulsory_topic_minimum 决定，默认有该内容的学分即可"))
    result += [
        Duty("probation_centralized", "新任教师试用期集中培训不少于 60 学时", src("三(二)")),
        Duty("probation_school_online", "新任教师试用期校本培训与网络研修不少于 60 学时", src("三(二)")),
        Duty("probation_total", "新任教师第一学年试用期培训不少于 120 学时", src("三(二)")),
    ]
    return result


# Eligibility ---------------------------------------------------------------------------------

PURPOSE_LABELS = {
    "annual_rating": "年度考核",
    "contract_renewal": "续聘",
    "title_application": "申报高一级职称",
    "awards": "评先评优",
    "certificate_registration": "教师资格定期注册",
}
PROBATION_CONFIRMATION = "probation_confirmation"


def purposes() -> list[Purpose]:
    detail = "本学年继续教育合格（学年学分达标或以借贷补足；周期最后一学年还须周期学分达标）"
    return [Purpose(code, label, src("五(三)"), detail) for code, label in PURPOSE_LABELS.items()] + [
        Purpose(PROBATION_CONFIRMATION, "新任教师转正定级", src("五(三)", "三(二)"),
                "试用期培训不少于 120 学时，其中集中培训、校本培训与网络研修各不少于 60 学时"),
    ]


def eligibility(teacher: TeacherFacts, records: Sequence[Record], as_of: date) -> list[Eligibility]:
    """§五(三): a school year (or, in the cycle's last school year, a cycle) of continuing
    education not passed makes that year's rating 不合格: no renewal, no higher title, no
    awards, no certificate re-registration; a new teacher short of the probation
    training is not confirmed (转正定级)."""
    ledger = Ledger.of(records, as_of)
    ok, reason, missing = current_standing(teacher, ledger, as_of)
    result = [Eligibility(code, ok, f"{label}：{reason}", src("五(三)"), missing)
              for code, label in PURPOSE_LABELS.items()]
    if is_new_teacher(teacher, as_of):
        result.append(probation_eligibility(teacher, ledger, as_of))
    return result


def current_standing(teacher: TeacherFacts, ledger: Ledger, as_of: date) -> tuple[bool, str, str]:
    """Whether this school year's continuing education stands as 合格 on ``as_of``: the
    reason in words, and what is missing and by when."""
    y = year_figures(teacher, ledger, school_year_of(as_of, as_of), as_of)
    name = year_name(y.progress.year, as_of)
    loan = f"（另借贷 {fmt(y.borrowed)} 学分）" if y.borrowed else ""
    need = y.progress.required
    reasons, missing = [], []
    if need is None:
        reasons.append(f"{name}尚无学年学分要求（转正年度起登记培训学分）")
    elif y.progress.ok:
        reasons.append(f"{name}已修 {fmt(y.earned)} 学分{loan}，达到每学年 {fmt(need)} 学分")
    else:
        reasons.append(f"{name}已修 {fmt(y.earned)} 学分{loan}，未达每学年 {fmt(need)} 学分")
        missing.append(f"{name}还需 {fmt(need - y.progress.earned)} 学分，截止 {y.period.end.isoformat()}（或办理学分借贷）")
    f = cycle_figures(ledger, as_of)
    if y.period.end >= f.period.end:  # the cycle's last school year: the cycle is judged too
        total = P.CYCLE_MINIMUM.at(as_of)
        city_up = P.CITY_UP_CENTRALIZED_MINIMUM.at(as_of)
        reasons.append(f"本周期（{span(f.period)}）已认定 {fmt(f.counted)} 学分，"
                       f"其中市级及以上集中研修 {fmt(f.city_up)} 学分")
        if f.counted < total:
            missing.append(f"本周期还需 {fmt(total - f.counted)} 学分，截止 {f.period.end.isoformat()}")
        if f.city_up < city_up:
            missing.append(f"本周期市级及以上集中研修还需 {fmt(city_up - f.city_up)} 学分，截止 {f.period.end.isoformat()}")
    if not missing:
        return True, "；".join(reasons) + "，继续教育合格", ""
    return False, ("；".join(reasons) + "。未补足则继续教育不合格，当年年度考核不合格，"
                   "不得续聘、申报高一级职称、评先评优，不予教师资格定期注册"), "；".join(missing)


def probation_eligibility(teacher: TeacherFacts, ledger: Ledger, as_of: date) -> Eligibility:
    """新教师未完成上岗培训规定学分者，不得转正定级 (§五(三); the hours of §三(二))."""
    f = probation_figures(teacher, ledger, as_of)
    rows = probation_rows(f, as_of)
    ok = all(actual >= need for _, _, need, actual in rows)
    figures = "，".join(f"{label} {fmt(actual)}/{fmt(need)} 学时" for _, label, need, actual in rows)
    source = src("五(三)", "三(二)")
    if ok:
        return Eligibility(PROBATION_CONFIRMATION, True, f"转正定级：试用期培训已完成（{figures}）", source)
    missing = "、".join(f"{label}还需 {fmt(need - actual)} 学时"
                       for code, label, need, actual in rows if actual < need and code != "probation_total")
    total_need, total = rows[2][2], rows[2][3]
    if not missing:
        missing = f"试用期培训合计还需 {fmt(total_need - total)} 学时"
    when = f"截止 {f.end.isoformat()}" if as_of <= f.end else f"试用期已于 {f.end.isoformat()} 结束"
    return Eligibility(PROBATION_CONFIRMATION, False,
                       f"转正定级：试用期培训未完成（{figures}），未完成不得转正定级", source, f"{missing}，{when}")


# Audit workflow ------------------------------------------------------------------------------

AUDIT_WORKFLOW = Workflow(
    initial="submitted",
    states=(
        State("submitted", "待学校核实登记"),
        State("registered", "学校已登记，待区县审核"),
        # counts from the county's 核定 on (§五(二) 核定教师个人本学年的培训学分); the city's
        # 审定 and the province centre's 验证 come at the cycle's end
        State("county_verified", "区县已审核核定", counts=True),
        State("city_approved", "市级已审定，待省培训中心验证", counts=True),
        State("province_verified", "省中学教师培训中心已验证", final=True, counts=True),
        State("rejected", "不予认定", final=True),
    ),
    transitions=(
        Transition("submitted", "registered", UserRole.SCHOOL_ADMIN, "核实证明材料并登记"),
        Transition("submitted", "rejected", UserRole.SCHOOL_ADMIN, "不予登记"),
        Transition("registered", "county_verified", UserRole.DISTRICT_ADMIN, "审核验证，核定学年学分"),
        Transition("registered", "rejected", UserRole.DISTRICT_ADMIN, "审核不通过"),
        Transition("county_verified", "city_approved", UserRole.CITY_ADMIN, "周期届满审定"),
        Transition("city_approved", "province_verified", UserRole.PROVINCE_ADMIN, "审核与验证"),
    ),
    source=src("二(四)", "五(一)", "五(二)"),
)


# Dashboard -----------------------------------------------------------------------------------


def dashboard_panels(summary: ScopeSummary) -> list[Panel]:
    """The yearly minimum of §三(二) over the admin's scope: who meets it, the average,
    over the school year the core summed (``portal_year``)."""
    on = summary.year_period.end
    need = P.YEARLY_MINIMUM.at(on)
    year = year_name(summary.year, on)
    if summary.teachers:
        share = (Decimal(summary.teachers_meeting_yearly) * 100 / summary.teachers).quantize(Decimal("0.1"))
        average = (summary.year_total / summary.teachers).quantize(Decimal("0.1"))
    else:
        share = average = Decimal(0)
    return [
        Panel(f"{year}达到 {fmt(need)} 学分的教师", f"{summary.teachers_meeting_yearly} / {summary.teachers}",
              f"占 {fmt(share)}%；学年未达到且未借贷者本学年继续教育不合格", src("三(二)", "五(三)")),
        Panel(f"{year}人均学分", fmt(average), f"每学年原则上不少于 {fmt(need)} 学分", src("三(二)")),
    ]
