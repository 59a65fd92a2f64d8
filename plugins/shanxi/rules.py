"""Shanxi's rules (晋教师〔2017〕14号) as small pure functions over the domain types.

No Flask, no database, no I/O; Decimal only. Every number comes from ``parameters``.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from portal.domain import (
    Activity, ActivityRole, Category, Compliance, CreditResult, CycleProgress, Eligibility,
    Finding, Grade, InvalidInput, Level, Mode, Panel, Period, Record, Requirements, RuleVersion,
    ScopeSummary, Step, TeacherFacts, Unit, UserRole, YearProgress,
)
from portal.domain.calendar import cycle_containing
from portal.domain.workflow import State, Transition, Workflow

from . import parameters as P
from .parameters import src

# Categories ---------------------------------------------------------------------------

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
    Category(CENTRALIZED_CITY_UP, "市级及以上集中培训", src("三(二)")),
    Category(CENTRALIZED_COUNTY, "县(区)级集中培训", src("四(一)")),
    Category(ONLINE, "网络研修", src("四(一)")),
    Category(SCHOOL_BASED, "校本研修", src("四(一)")),
    Category(SELF_STUDY, "自主研修成果", src("四(四)")),
    Category(DEGREE, "学历教育课程", src("四(三)")),
    Category(TRAINING_SERVICE, "参与培训、教研工作（授课、指导等）", src("三(二)")),
    Category(PROBATION_CENTRALIZED, "新任教师试用期集中培训（学时）", src("三(二)")),
    Category(PROBATION_SCHOOL_ONLINE, "新任教师试用期校本培训与网络研修（学时）", src("三(二)")),
    Category(BORROWING, "学分借贷（学分银行）", src("五(三)")),
)
CATEGORY_LABELS = {c.code: c.label for c in CATEGORIES}

LEVEL_LABELS = {
    Level.NATIONAL: "国家级", Level.PROVINCIAL: "省级", Level.CITY: "市级",
    Level.COUNTY: "县(区)级", Level.SCHOOL: "校级",
}
MODE_LABELS = {
    Mode.CENTRALIZED: "集中培训", Mode.ONLINE: "网络研修", Mode.SCHOOL_BASED: "校本研修",
    Mode.SELF_STUDY: "自主研修", Mode.DEGREE: "学历教育课程",
}
GRADE_LABELS = {Grade.EXCELLENT: "优", Grade.GOOD: "良", Grade.PASS: "合格", Grade.FAIL: "不合格"}


def fmt(value: Decimal) -> str:
    """A Decimal as people write it: 12, 3.3, 0.66 (no exponent, no trailing zeros)."""
    text = f"{value.normalize():f}"
    return "0" if text == "-0" else text


def clean(value: Decimal) -> Decimal:
    """The same number without trailing zeros or exponent: 12.000 → 12, 3.30 → 3.3."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def rounded(value: Decimal, on: date) -> Decimal:
    """Credits rounded as ``ROUNDING`` says (ASSUMPTION: 0.1, half up)."""
    quantum, mode = P.ROUNDING.at(on)
    return clean(value.quantize(quantum, rounding=mode))


# Rule version and cycle ----------------------------------------------------------------


def rule_version(on: date) -> RuleVersion:
    """The only Shanxi rules in the documents: 晋教师〔2017〕14号 (ASSUMPTION: also
    before its date, ``BEFORE_FIRST_VERSION``)."""
    return RuleVersion("shanxi-2017", P.RULES_2017_EFFECTIVE.at(on), src("文头 晋教师〔2017〕14号"))


def cycle(on: date) -> Period:
    """The five-year cycle holding ``on`` (§三(二); start year ASSUMPTION)."""
    return cycle_containing(on, P.CYCLE_ANCHOR_YEAR.at(on), P.CYCLE_YEARS.at(on))


def requirements(on: date) -> Requirements:
    """120 credits a cycle, in principle 20 a year (§三(二))."""
    return Requirements(
        cycle=P.CYCLE_MINIMUM.at(on), yearly=P.YEARLY_MINIMUM.at(on), unit=Unit.CREDIT,
        cycle_source=P.CYCLE_MINIMUM.source, yearly_source=P.YEARLY_MINIMUM.source,
    )


# Conversion -----------------------------------------------------------------------------


def convert(activity: Activity, on: date) -> CreditResult:
    """Convert one activity under the rules in force on ``on``.

    Dispatch: program ``new_teacher_probation`` → hours (§三(二)); a role other than
    participant → declared credits (§三(二) 酌情转换); degree courses → credits the county
    recognised (§四(三)); self-study achievements → declared credits (§四(四)); every
    other training → hours ÷ rate (§四(一)) with the grade bonus (§四(二)).
    """
    version = rule_version(on).code
    if activity.program is not None and activity.program not in P.PROGRAMS:
        raise InvalidInput(
            "program", f"山西没有项目代码 {activity.program}，可用：{'、'.join(P.PROGRAMS)}"
        )
    if activity.program == "new_teacher_probation":
        return convert_probation(activity, on, version)
    if activity.role != ActivityRole.PARTICIPANT:
        return convert_training_service(activity, on, version)
    if activity.mode == Mode.DEGREE:
        return convert_declared(activity, on, version, DEGREE, src("四(三)"),
                                "学历教育课程经区县教师继续教育管理部门认定")
    if activity.mode == Mode.SELF_STUDY:
        return convert_declared(activity, on, version, SELF_STUDY, src("四(四)"),
                                "自主研修成果（专业奖励、荣誉称号、论文、著述）由区县认定")
    return convert_training(activity, on, version)


def hours_per_credit(level: Level, mode: Mode, on: date) -> tuple[Decimal, str, str]:
    """The hours that make one credit for a level and mode, its description and clause (§四(一)).

    A centralized training run by a school is not in §四(一): the five-level system of
    §二(一) calls the school level 校本研修, so it must be entered as ``school_based``.
    """
    if mode == Mode.CENTRALIZED:
        if level in (Level.NATIONAL, Level.PROVINCIAL):
            p = P.HOURS_PER_CREDIT_CENTRALIZED_PROVINCIAL_UP
            return p.at(on), "省级及以上集中培训", p.source
        if level in (Level.CITY, Level.COUNTY):
            p = P.HOURS_PER_CREDIT_CENTRALIZED_CITY_COUNTY
            return p.at(on), "市级和县(区)级集中培训", p.source
        raise InvalidInput(
            "mode", "校级培训属校本研修（§二(一)、§四(一)），请按 school_based 登记"
        )
    if mode in (Mode.ONLINE, Mode.SCHOOL_BASED):
        p = P.HOURS_PER_CREDIT_ONLINE_SCHOOL_BASED
        return p.at(on), "网络研修和校本研修", p.source
    raise InvalidInput("mode", f"{MODE_LABELS[mode]}不按学时折算")


def training_category(level: Level, mode: Mode) -> str:
    """The category that §三(二)'s 20 city-or-higher centralized credits are counted in."""
    if mode == Mode.CENTRALIZED:
        return CENTRALIZED_CITY_UP if level in (Level.NATIONAL, Level.PROVINCIAL, Level.CITY) else CENTRALIZED_COUNTY
    return ONLINE if mode == Mode.ONLINE else SCHOOL_BASED


def effective_grade(grade: Grade | None, on: date) -> tuple[Grade, Step | None]:
    """The grade to apply; a missing grade counts as 合格 (ASSUMPTION ``MISSING_GRADE``)."""
    if grade is not None:
        return grade, None
    assumed = P.MISSING_GRADE.at(on)
    return assumed, Step(f"未填写考核等级，按“{GRADE_LABELS[assumed]}”计{P.MISSING_GRADE.note()}",
                         GRADE_LABELS[assumed], P.MISSING_GRADE.source)


def convert_training(activity: Activity, on: date, version: str) -> CreditResult:
    """Hours ÷ the level's rate (§四(一)), then the grade (§四(二)), rounded (ASSUMPTION)."""
    rate, rate_label, rate_source = hours_per_credit(activity.level, activity.mode, on)
    category = training_category(activity.level, activity.mode)
    steps = [
        Step(f"{LEVEL_LABELS[activity.level]}{MODE_LABELS[activity.mode]}，按{rate_label}每 {fmt(rate)} 学时折算 1 学分"
             f"（基础折算为每 {fmt(P.BASE_HOURS_PER_CREDIT.at(on))} 学时即半天 1 学分）", rate, rate_source),
    ]
    if activity.base_credits is not None:
        steps.append(Step("山西按学时折算学分，不采用项目申报的学分", fmt(activity.base_credits), rate_source))
    exact = activity.hours / rate
    base = rounded(exact, on)
    text = f"{fmt(activity.hours)} 学时 ÷ {fmt(rate)} = {fmt(base)} 学分（基本学分）"
    if base != exact:
        text += f"，保留一位小数四舍五入{P.ROUNDING.note()}"
    steps.append(Step(text, base, rate_source))
    amount, grade_steps = apply_grade(base, activity.grade, on)
    steps += grade_steps
    steps.append(Step(f"计入“{CATEGORY_LABELS[category]}”", category,
                      src("三(二)") if category == CENTRALIZED_CITY_UP else rate_source))
    steps += topic_steps(activity.topics, on)
    return CreditResult(amount, Unit.CREDIT, category, tuple(steps), version)


def apply_grade(base: Decimal, grade: Grade | None, on: date) -> tuple[Decimal, list[Step]]:
    """优 +20%, 良 +10%, 合格 base, 不合格 nothing (§四(二))."""
    grade, assumed = effective_grade(grade, on)
    steps = [assumed] if assumed else []
    source = P.GRADE_BONUS.source
    bonus_rate = P.GRADE_BONUS.at(on)[grade]
    if bonus_rate is None:
        steps.append(Step("考核“不合格”，不能取得该项目学分", Decimal(0), source))
        return Decimal(0), steps
    if bonus_rate == 0:
        steps.append(Step(f"考核“{GRADE_LABELS[grade]}”，认定基本学分 {fmt(base)}", base, source))
        return base, steps
    bonus = clean(base * bonus_rate)
    total = clean(base + bonus)
    steps.append(Step(
        f"考核“{GRADE_LABELS[grade]}”，奖励 {fmt(bonus_rate * 100)}%：{fmt(base)} × {fmt(bonus_rate * 100)}% = {fmt(bonus)}，"
        f"合计 {fmt(total)} 学分", total, source))
    amount = rounded(total, on)
    if amount != total:
        steps.append(Step(f"保留一位小数四舍五入：{fmt(amount)} 学分{P.ROUNDING.note()}", amount, source))
    return amount, steps


def convert_declared(activity: Activity, on: date, version: str, category: str, source: str,
                     what: str) -> CreditResult:
    """Credits a county recognised (§四(三) degree courses, §四(四) achievements).

    The document gives no hour rate for these: the recognised credits come in as
    ``base_credits``. A failed course gives nothing; no grade bonus (§四(二) is for
    training projects assessed by their organiser).
    """
    if activity.base_credits is None:
        raise InvalidInput("base_credits", f"{what}，须填写认定的学分（{source}）")
    steps = [Step(f"{what}，认定 {fmt(activity.base_credits)} 学分", activity.base_credits, source)]
    amount = activity.base_credits
    if activity.grade == Grade.FAIL:
        steps.append(Step("学习结果“不合格”，不认定学分", Decimal(0), source))
        amount = Decimal(0)
    elif activity.grade is not None and P.GRADE_BONUS.at(on)[activity.grade]:
        steps.append(Step("考核等级奖励只适用于培训项目，此项不加奖励", amount, P.GRADE_BONUS.source))
    if category == SELF_STUDY:
        cap = P.SELF_STUDY_CAP.at(on)
        steps.append(Step(f"自主研修成果每周期合计最多认定 {fmt(cap)} 学分（在周期统计时封顶）", cap,
                          P.SELF_STUDY_CAP.source))
    steps.append(Step(f"计入“{CATEGORY_LABELS[category]}”", category, source))
    steps += topic_steps(activity.topics, on)
    return CreditResult(amount, Unit.CREDIT, category, tuple(steps), version)


def convert_training_service(activity: Activity, on: date, version: str) -> CreditResult:
    """Teaching or mentoring in a training: 一线教师参与培训、教研工作可酌情转换学分 (§三(二)).

    The document leaves the amount to the authority, so it comes in as ``base_credits``.
    """
    source = src("三(二)")
    if activity.mode in (Mode.DEGREE, Mode.SELF_STUDY):
        raise InvalidInput("role", f"{MODE_LABELS[activity.mode]}只能以参训者身份登记")
    if activity.base_credits is None:
        raise InvalidInput("base_credits", "参与培训、教研工作的学分由主管部门酌情转换，须填写认定的学分（§三(二)）")
    role = {ActivityRole.INSTRUCTOR: "授课", ActivityRole.MENTOR: "指导",
            ActivityRole.PRESENTER: "主讲交流"}[activity.role]
    steps = [
        Step(f"在{LEVEL_LABELS[activity.level]}{MODE_LABELS[activity.mode]}中{role}，属参与培训、教研工作，"
             f"酌情转换 {fmt(activity.base_credits)} 学分", activity.base_credits, source),
        Step(f"计入“{CATEGORY_LABELS[TRAINING_SERVICE]}”", TRAINING_SERVICE, source),
    ]
    steps += topic_steps(activity.topics, on)
    return CreditResult(activity.base_credits, Unit.CREDIT, TRAINING_SERVICE, tuple(steps), version)


def convert_probation(activity: Activity, on: date, version: str) -> CreditResult:
    """New-teacher probation training: recorded in hours, not credits (§三(二): credits are
    registered from the year of 转正); centralized and school-based + online kept apart."""
    source = src("三(二)")
    if activity.role != ActivityRole.PARTICIPANT:
        raise InvalidInput("role", "试用期培训只登记参训的新任教师")
    if activity.service_year is not None and activity.service_year > P.PROBATION_YEARS.at(on):
        raise InvalidInput("service_year", "新任教师试用期培训只在第一学年（§三(二)）")
    if activity.mode == Mode.CENTRALIZED:
        category, need = PROBATION_CENTRALIZED, P.PROBATION_CENTRALIZED_MINIMUM.at(on)
    elif activity.mode in (Mode.SCHOOL_BASED, Mode.ONLINE):
        category, need = PROBATION_SCHOOL_ONLINE, P.PROBATION_SCHOOL_ONLINE_MINIMUM.at(on)
    else:
        raise InvalidInput("mode", "试用期培训只有集中培训、校本培训与网络研修（§三(二)）")
    steps = [Step(
        f"新任教师试用期培训按学时登记（转正年度起才登记学分）：{MODE_LABELS[activity.mode]} {fmt(activity.hours)} 学时，"
        f"计入“{CATEGORY_LABELS[category]}”（须不少于 {fmt(need)} 学时）", activity.hours, source)]
    amount = activity.hours
    if activity.grade == Grade.FAIL and P.PROBATION_FAIL_GIVES_NO_HOURS.at(on):
        steps.append(Step(f"考核“不合格”，不计学时{P.PROBATION_FAIL_GIVES_NO_HOURS.note()}", Decimal(0),
                          P.PROBATION_FAIL_GIVES_NO_HOURS.source))
        amount = Decimal(0)
    steps += topic_steps(activity.topics, on)
    return CreditResult(amount, Unit.HOUR, category, tuple(steps), version)


def topic_steps(topics: Iterable[str], on: date) -> list[Step]:
    """Compulsory content (师德教育, 信息技术应用能力) is marked (§三(三))."""
    labels = P.COMPULSORY_TOPICS.at(on)
    return [Step(f"含必修内容“{labels[t]}”", t, P.COMPULSORY_TOPICS.source) for t in topics if t in labels]


# Compliance -----------------------------------------------------------------------------


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def first_duty_year(teacher: TeacherFacts, on: date) -> int | None:
    """The first year with a yearly duty: credits are registered from the year of 转正,
    one probation year after entering the post (§三(二)); ``None`` when unknown."""
    if teacher.entered_post is None:
        return None
    return add_years(teacher.entered_post, P.PROBATION_YEARS.at(on)).year


def year_required(teacher: TeacherFacts, year: int, on: date) -> Decimal | None:
    first = first_duty_year(teacher, on)
    if first is not None and year < first:
        return None
    return P.YEARLY_MINIMUM.at(on)


@dataclass(frozen=True)
class Ledger:
    """A teacher's records up to a date, split the ways Shanxi counts them."""

    credits: tuple[Record, ...]      # credit records that count for the cycle
    borrowings: tuple[Record, ...]   # 学分借贷: count for their year only
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
    return sum((r.amount for r in records
                if (period is None or r.date in period)
                and (category is None or r.category == category)
                and (topic is None or topic in r.topics)), Decimal(0))


def year_period(year: int) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31))


@dataclass(frozen=True)
class CycleFigures:
    period: Period
    earned: Decimal
    self_study: Decimal
    counted: Decimal
    city_up: Decimal


def cycle_figures(ledger: Ledger, as_of: date) -> CycleFigures:
    """Earned, and counted after the self-study cap of 20 (§四(四)); borrowings are not
    earned credits and hours are not credits."""
    period = cycle(as_of)
    earned = sum_of(ledger.credits, period)
    self_study = sum_of(ledger.credits, period, SELF_STUDY)
    counted = earned - max(Decimal(0), self_study - P.SELF_STUDY_CAP.at(as_of))
    return CycleFigures(period, earned, self_study, counted, sum_of(ledger.credits, period, CENTRALIZED_CITY_UP))


def year_progress(teacher: TeacherFacts, ledger: Ledger, year: int, as_of: date) -> tuple[YearProgress, Decimal, Decimal]:
    """A year's credits plus what was borrowed for it (§五(三)); returns progress, earned, borrowed."""
    earned = sum_of(ledger.credits, year_period(year))
    borrowed = sum_of(ledger.borrowings, year_period(year)) if P.BORROWING_COUNTS_FOR_YEAR.at(as_of) else Decimal(0)
    return YearProgress(year, year_required(teacher, year, as_of), earned + borrowed), earned, borrowed


def check(teacher: TeacherFacts, records: Sequence[Record], as_of: date) -> Compliance:
    """The cycle, each year of it up to ``as_of``, and the findings of §三(二), §三(三), §四(四), §五(三)."""
    ledger = Ledger.of(records, as_of)
    figures = cycle_figures(ledger, as_of)
    years = []
    findings = [
        cycle_total_finding(figures, as_of),
        city_up_finding(figures, as_of),
        self_study_cap_finding(figures, as_of),
    ]
    for year in range(figures.period.start.year, as_of.year + 1):
        progress, earned, borrowed = year_progress(teacher, ledger, year, as_of)
        years.append(progress)
        if progress.required is not None:
            findings.append(yearly_finding(progress, earned, borrowed, as_of))
    findings += compulsory_findings(ledger, figures.period, as_of)
    if is_new_teacher(teacher, as_of):
        findings += probation_findings(teacher, ledger, as_of)
    required = P.CYCLE_MINIMUM.at(as_of)
    return Compliance(
        Unit.CREDIT,
        CycleProgress(figures.period, required, figures.earned, figures.counted),
        tuple(years),
        tuple(findings),
    )


def span(period: Period) -> str:
    return f"{period.start.year}—{period.end.year}"


def cycle_total_finding(f: CycleFigures, as_of: date) -> Finding:
    """At least 120 credits a cycle; short at the cycle's end = 周期继续教育不合格 (§三(二), §五(三))."""
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
    return Finding("cycle_total", ok, need, f.counted, message, f"{src('三(二)')}; {src('五(三)')}")


def city_up_finding(f: CycleFigures, as_of: date) -> Finding:
    """At least 20 credits from city-level-or-higher centralized training per cycle (§三(二))."""
    need = P.CITY_UP_CENTRALIZED_MINIMUM.at(as_of)
    ok = f.city_up >= need
    if ok:
        message = f"本周期市级及以上集中研修 {fmt(f.city_up)} 学分，达到 {fmt(need)} 学分"
    else:
        message = (f"本周期市级及以上集中研修 {fmt(f.city_up)} 学分，还需 {fmt(need - f.city_up)} 学分，"
                   f"截止 {f.period.end.isoformat()}")
    return Finding("city_up_centralized", ok, need, f.city_up, message, P.CITY_UP_CENTRALIZED_MINIMUM.source)


def self_study_cap_finding(f: CycleFigures, as_of: date) -> Finding:
    """Self-study achievements count at most 20 credits a cycle (§四(四)); ok while within."""
    cap = P.SELF_STUDY_CAP.at(as_of)
    if f.self_study > cap:
        message = (f"本周期自主研修成果 {fmt(f.self_study)} 学分，最多认定 {fmt(cap)} 学分，"
                   f"超出的 {fmt(f.self_study - cap)} 学分不计入周期学分")
    else:
        message = f"本周期自主研修成果 {fmt(f.self_study)} 学分，未超过 {fmt(cap)} 学分上限"
    return Finding("self_study_cap", f.self_study <= cap, cap, f.self_study, message, P.SELF_STUDY_CAP.source)


def yearly_finding(progress: YearProgress, earned: Decimal, borrowed: Decimal, as_of: date) -> Finding:
    """In principle 20 credits a year; a year below it without a borrowing is failed (§三(二), §五(三))."""
    need = progress.required
    y = progress.year
    loan = f"，另借贷 {fmt(borrowed)} 学分" if borrowed else ""
    if progress.ok:
        message = f"{y} 年修得 {fmt(earned)} 学分{loan}，达到每学年 {fmt(need)} 学分"
    elif y < as_of.year:
        message = (f"{y} 年仅修得 {fmt(earned)} 学分{loan}，低于每学年 {fmt(need)} 学分且未以学分借贷补足，"
                   "该学年继续教育不合格")
    else:
        message = (f"{y} 年已修 {fmt(earned)} 学分{loan}，还需 {fmt(need - progress.earned)} 学分，"
                   f"截止 {y}-12-31（或办理学分借贷）")
    return Finding(f"yearly_minimum_{y}", progress.ok, need, progress.earned, message,
                   f"{src('三(二)')}; {src('五(三)')}")


def compulsory_findings(ledger: Ledger, period: Period, as_of: date) -> list[Finding]:
    """师德教育 and 信息技术应用能力 are compulsory (§三(三)); no amount given (ASSUMPTION: > 0)."""
    findings = []
    minimum = P.COMPULSORY_TOPIC_MINIMUM.at(as_of)
    for topic, label in P.COMPULSORY_TOPICS.at(as_of).items():
        actual = sum_of(ledger.credits, period, topic=topic)
        ok = actual > minimum
        if ok:
            message = f"本周期已修必修内容“{label}” {fmt(actual)} 学分"
        else:
            message = f"本周期尚无必修内容“{label}”的学分，须在 {period.end.isoformat()} 前修习"
        findings.append(Finding(f"compulsory_{topic}", ok, None, actual, message,
                                P.COMPULSORY_TOPICS.source))
    return findings


def is_new_teacher(teacher: TeacherFacts, as_of: date) -> bool:
    """In the probation year, or within ``PROBATION_REVIEW_YEARS`` after it (ASSUMPTION)."""
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
    assert teacher.entered_post is not None
    return ProbationFigures(
        add_years(teacher.entered_post, P.PROBATION_YEARS.at(as_of)),
        sum_of(ledger.probation, category=PROBATION_CENTRALIZED),
        sum_of(ledger.probation, category=PROBATION_SCHOOL_ONLINE),
    )


def probation_findings(teacher: TeacherFacts, ledger: Ledger, as_of: date) -> list[Finding]:
    """First year: at least 60 hours centralized and 60 school-based + online, 120 in all (§三(二))."""
    f = probation_figures(teacher, ledger, as_of)
    source = src("三(二)")
    rows = (
        ("probation_centralized", "集中培训", P.PROBATION_CENTRALIZED_MINIMUM.at(as_of), f.centralized),
        ("probation_school_online", "校本培训与网络研修", P.PROBATION_SCHOOL_ONLINE_MINIMUM.at(as_of), f.school_online),
        ("probation_total", "试用期培训合计", P.PROBATION_HOURS_TOTAL.at(as_of), f.total),
    )
    findings = []
    for code, label, need, actual in rows:
        if actual >= need:
            message = f"试用期{label} {fmt(actual)} 学时，达到 {fmt(need)} 学时"
        else:
            message = f"试用期{label} {fmt(actual)} 学时，还需 {fmt(need - actual)} 学时，试用期至 {f.end.isoformat()}"
        findings.append(Finding(code, actual >= need, need, actual, message, source))
    return findings


# Eligibility ----------------------------------------------------------------------------

PURPOSES = (
    ("annual_rating", "年度考核合格"),
    ("contract_renewal", "续聘"),
    ("title_application", "申报高一级职称"),
    ("awards", "评先评优"),
    ("certificate_registration", "教师资格定期注册"),
)


def eligibility(teacher: TeacherFacts, records: Sequence[Record], as_of: date) -> list[Eligibility]:
    """§五(三): a year (or, in the cycle's last year, a cycle) of continuing education not
    passed makes that year's rating 不合格: no renewal, no higher title, no awards, no
    certificate re-registration; a new teacher short of the probation training is not
    confirmed (转正定级)."""
    ok, reason = current_year_standing(teacher, records, as_of)
    source = src("五(三)")
    result = [
        Eligibility(purpose, ok, f"{label}：{reason}", source) for purpose, label in PURPOSES
    ]
    if is_new_teacher(teacher, as_of):
        result.append(probation_eligibility(teacher, Ledger.of(records, as_of), as_of))
    return result


def current_year_standing(teacher: TeacherFacts, records: Sequence[Record], as_of: date) -> tuple[bool, str]:
    """Whether this year's continuing education stands as 合格 on ``as_of``, in words."""
    ledger = Ledger.of(records, as_of)
    progress, earned, borrowed = year_progress(teacher, ledger, as_of.year, as_of)
    loan = f"（另借贷 {fmt(borrowed)} 学分）" if borrowed else ""
    problems = []
    if progress.required is None:
        year_text = f"{as_of.year} 年尚无学年学分要求（转正年度起登记学分）"
    elif progress.ok:
        year_text = f"{as_of.year} 年已修 {fmt(earned)} 学分{loan}，达到每学年 {fmt(progress.required)} 学分"
    else:
        year_text = f"{as_of.year} 年已修 {fmt(earned)} 学分{loan}"
        problems.append(f"本年还需 {fmt(progress.required - progress.earned)} 学分（截止 {as_of.year}-12-31，"
                        "或办理学分借贷）")
    figures = cycle_figures(ledger, as_of)
    need = P.CYCLE_MINIMUM.at(as_of)
    if as_of.year == figures.period.end.year and figures.counted < need:
        problems.append(f"本周期（{span(figures.period)}）还需 {fmt(need - figures.counted)} 学分"
                        f"（截止 {figures.period.end.isoformat()}）")
    if not problems:
        return True, f"{year_text}，本年继续教育合格"
    return False, (f"{year_text}；" + "；".join(problems)
                   + "。未完成则继续教育不合格，当年年度考核不合格，不得续聘、申报高一级职称、评先评优和教师资格定期注册")


def probation_eligibility(teacher: TeacherFacts, ledger: Ledger, as_of: date) -> Eligibility:
    """新教师未完成上岗培训规定学分者，不得转正定级 (§五(三); hours of §三(二))."""
    f = probation_figures(teacher, ledger, as_of)
    need_c = P.PROBATION_CENTRALIZED_MINIMUM.at(as_of)
    need_s = P.PROBATION_SCHOOL_ONLINE_MINIMUM.at(as_of)
    need_t = P.PROBATION_HOURS_TOTAL.at(as_of)
    ok = f.centralized >= need_c and f.school_online >= need_s and f.total >= need_t
    figures = (f"集中培训 {fmt(f.centralized)}/{fmt(need_c)} 学时，校本培训与网络研修 "
               f"{fmt(f.school_online)}/{fmt(need_s)} 学时，合计 {fmt(f.total)}/{fmt(need_t)} 学时")
    if ok:
        reason = f"转正定级：试用期培训已完成（{figures}）"
    else:
        reason = f"转正定级：试用期培训未完成（{figures}），试用期至 {f.end.isoformat()}，未完成不得转正定级"
    return Eligibility("probation_confirmation", ok, reason, f"{src('五(三)')}; {src('三(二)')}")


# Audit workflow -------------------------------------------------------------------------

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
    source=f"{src('二(四)')}; {src('五(一)')}; {src('五(二)')}",
)


# Dashboard ------------------------------------------------------------------------------


def dashboard_panels(summary: ScopeSummary) -> list[Panel]:
    """The yearly minimum of §三(二) over the admin's scope: who meets it, the average."""
    need = P.YEARLY_MINIMUM.at(date(summary.year, 12, 31))
    if summary.teachers:
        share = (Decimal(summary.teachers_meeting_yearly) * 100 / summary.teachers).quantize(Decimal("0.1"))
        average = (summary.year_total / summary.teachers).quantize(Decimal("0.1"))
    else:
        share = average = Decimal(0)
    return [
        Panel(f"{summary.year} 年达到 {fmt(need)} 学分的教师",
              f"{summary.teachers_meeting_yearly} / {summary.teachers}",
              f"占 {fmt(share)}%；未达到且未借贷者本学年继续教育不合格",
              f"{src('三(二)')}; {src('五(三)')}"),
        Panel(f"{summary.year} 年人均学分", fmt(average),
              f"每学年原则上不少于 {fmt(need)} 学分", P.YEARLY_MINIMUM.source),
    ]
