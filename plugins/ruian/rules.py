"""Ruian's rules (Zhejiang credit system as the 2019 H2 notice applies it): pure functions.

Every number comes from ``parameters``; every Step, Finding and Eligibility cites the
clause of ``ruian-2019h2-course-selection.txt`` it applies.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from portal.domain import (
    Activity, ActivityRole, Category, Compliance, CreditResult, CycleProgress, Eligibility,
    Finding, Grade, InvalidInput, Mode, Panel, Period, Record, Requirements, RuleVersion,
    ScopeSummary, State, Step, TeacherFacts, Transition, Unit, UserRole, Workflow,
    YearProgress, total,
)
from portal.domain.calendar import calendar_year, cycle_containing

from . import parameters as P
from .parameters import src

GRADE_LABELS = {Grade.EXCELLENT: "优", Grade.GOOD: "良", Grade.PASS: "合格", Grade.FAIL: "不合格"}
MODE_LABELS = {Mode.CENTRALIZED: "集中培训", Mode.SCHOOL_BASED: "校（园）本培训"}
CATEGORY_LABELS = {code: label for code, label, _ in P.CATEGORIES}
CATEGORY_SOURCES = {code: source for code, _, source in P.CATEGORIES}


def fmt(value: Decimal) -> str:
    """A figure as the messages show it: no trailing zeros (90, 12.5)."""
    normal = value.normalize()
    return f"{normal:f}" if normal != normal.to_integral_value() else str(int(normal))


def shown(value: Decimal, on: date) -> Decimal:
    """Rounded for display only (ASSUMPTION in parameters.DISPLAY_QUANTUM)."""
    return value.quantize(P.DISPLAY_QUANTUM.at(on), rounding=ROUND_HALF_UP)


# Set-up -------------------------------------------------------------------------------


def rule_version(on: date) -> RuleVersion:
    """The only stored version; it also answers for dates before it (parameters.RULES_START)."""
    return RuleVersion(P.RULE_VERSION_CODE, P.RULES_FROM, P.RULE_VERSION_SOURCE)


def categories() -> list[Category]:
    return [Category(code, label, source) for code, label, source in P.CATEGORIES]


# Conversion (§二: credits are the project's base credits; no hour conversion) --------------


def validate(activity: Activity, on: date) -> None:
    """Raise InvalidInput for what the notice does not cover."""
    if activity.role is not ActivityRole.PARTICIPANT:
        raise InvalidInput(
            "role", "瑞安文件只规定参训教师按项目基础学分认定，未规定授课、指导或主讲者的学分",
        )
    if activity.mode not in P.MODE_SOURCES:
        raise InvalidInput(
            "mode", "瑞安文件只规定集中培训（centralized）和校（园）本培训（school_based）项目",
        )
    if activity.base_credits is None:
        raise InvalidInput("base_credits", "瑞安按项目申报的基础学分认定，文件未给学时折算，须填写 base_credits")
    if activity.base_credits <= 0:
        raise InvalidInput("base_credits", "项目基础学分须大于 0")
    if activity.program is not None:
        if activity.program not in P.PROGRAMS:
            raise InvalidInput(
                "program", f"未知项目代码 {activity.program}；可用：{', '.join(sorted(P.PROGRAMS))}",
            )
        if activity.program == P.PROGRAM_RESTRICTED_ELECTIVE_90:
            if activity.mode is not Mode.CENTRALIZED:
                raise InvalidInput("mode", "限定选修90学分培训是集中培训，mode 须为 centralized")
            minimum = P.CENTRALIZED_90_MIN_BASE.at(on)
            if activity.base_credits < minimum:
                raise InvalidInput("base_credits", f"限定选修90学分培训的基础学分须不少于 {fmt(minimum)}")


def category_of(activity: Activity, on: date) -> str:
    """§二: a centralized training of 90+ base credits is the one each cycle must include."""
    if activity.mode is Mode.SCHOOL_BASED:
        return P.CATEGORY_SCHOOL_BASED
    if activity.base_credits >= P.CENTRALIZED_90_MIN_BASE.at(on):
        return P.CATEGORY_CENTRALIZED_90
    return P.CATEGORY_CENTRALIZED


def completed(grade: Grade | None, on: date) -> bool:
    """A failed training is not completed (ASSUMPTION FAIL_CREDITS); no grade counts as completed
    (ASSUMPTION MISSING_GRADE_IS_PASS)."""
    if grade is None:
        return P.MISSING_GRADE_IS_PASS.at(on)
    return grade is not Grade.FAIL


def convert(activity: Activity, on: date) -> CreditResult:
    validate(activity, on)
    base = activity.base_credits
    category = category_of(activity, on)
    steps = [
        Step(f"项目申报的基础学分 {fmt(base)} 学分（{MODE_LABELS[activity.mode]}）", base, src("二")),
        Step(
            f"参训 {fmt(activity.hours)} 学时；文件未规定学时折算，学分以项目基础学分为准",
            activity.hours, src("二"),
        ),
    ]
    if activity.program is not None:
        label, source = P.PROGRAMS[activity.program]
        steps.append(Step(f"项目类别：{label}", activity.program, source))
    if completed(activity.grade, on):
        amount = base
        if activity.grade is None:
            text = f"未填考核等第，按完成培训认定，得基础学分 {fmt(base)} 学分"
        else:
            text = f"考核{GRADE_LABELS[activity.grade]}，完成培训，得基础学分 {fmt(base)} 学分（文件不按等第加减）"
    else:
        amount = P.FAIL_CREDITS.at(on)
        text = f"考核不合格，未完成培训，得 {fmt(amount)} 学分"
    steps.append(Step(text, amount, src("二")))
    steps.append(Step(f"计入“{CATEGORY_LABELS[category]}”", category, CATEGORY_SOURCES[category]))
    return CreditResult(amount, Unit.CREDIT, category, tuple(steps), P.RULE_VERSION_CODE)


# Cycles (§二: 5 years, following the teacher's entry into the platform) -----------------


def region_cycle(on: date) -> Period:
    """The default cycle (ASSUMPTION CYCLE_ANCHOR_YEAR): 2016–2020, 2021–2025, ..."""
    return cycle_containing(on, P.CYCLE_ANCHOR_YEAR.at(on), P.CYCLE_YEARS.at(on))


def teacher_cycle(on: date, entered_platform: date | None) -> Period:
    """§二 按教师实际进入平台的时间: a teacher who entered after the anchor year counts 5-year
    cycles from 1 January of the entry year (ASSUMPTION PLATFORM_ENTRY_FROM_ENTERED_POST)."""
    anchor = P.CYCLE_ANCHOR_YEAR.at(on)
    years = P.CYCLE_YEARS.at(on)
    if entered_platform is None or entered_platform.year <= anchor:
        return region_cycle(on)
    if on.year < entered_platform.year:  # not yet in the platform: their first cycle
        return Period(date(entered_platform.year, 1, 1), date(entered_platform.year + years - 1, 12, 31))
    return cycle_containing(on, entered_platform.year, years)


def platform_entry(teacher: TeacherFacts, on: date) -> date | None:
    """When the teacher entered the platform: TeacherFacts has no such date, so the date they
    entered the post stands in for it (ASSUMPTION PLATFORM_ENTRY_FROM_ENTERED_POST)."""
    return teacher.entered_post if P.PLATFORM_ENTRY_FROM_ENTERED_POST.at(on) else None


def requirements(on: date) -> Requirements:
    """§二: 360 a cycle for each teacher; the 72 a year is a school average, not a teacher's duty."""
    return Requirements(
        cycle=P.CYCLE_MIN_CREDITS.at(on), yearly=None, unit=Unit.CREDIT,
        cycle_source=P.CYCLE_MIN_CREDITS.source,
    )


# A teacher's duties (§二) ---------------------------------------------------------------


def cycle_total_finding(cycle: Period, earned: Decimal, as_of: date) -> Finding:
    """§二 周期内累计取得的培训学分不得少于360学分."""
    required = P.CYCLE_MIN_CREDITS.at(as_of)
    ok = earned >= required
    span = f"本周期（{cycle.start.isoformat()} 至 {cycle.end.isoformat()}）"
    if ok:
        message = f"{span}已取得 {fmt(earned)} 学分，达到 {fmt(required)} 学分的要求"
    else:
        message = (
            f"{span}已取得 {fmt(earned)} 学分，还需 {fmt(required - earned)} 学分，"
            f"截止 {cycle.end.isoformat()}"
        )
    return Finding("cycle_total", ok, required, earned, message, P.CYCLE_MIN_CREDITS.source)


def is_centralized_90(record: Record, on: date) -> bool:
    """A completed centralized training of 90+ base credits (its credits are its base credits)."""
    return record.category == P.CATEGORY_CENTRALIZED_90 and record.amount >= P.CENTRALIZED_90_MIN_BASE.at(on)


def centralized_90_finding(cycle: Period, records: Sequence[Record], as_of: date) -> Finding:
    """§二 周期内至少要参加一次基础学分为90以上的集中培训 (以上 includes 90)."""
    required = P.CENTRALIZED_90_PER_CYCLE.at(as_of)
    minimum = fmt(P.CENTRALIZED_90_MIN_BASE.at(as_of))
    done = sorted((r for r in records if is_centralized_90(r, as_of)), key=lambda r: r.date)
    ok = len(done) >= required
    if ok:
        first = done[0]
        message = (
            f"本周期已完成 {len(done)} 次基础学分 {minimum} 及以上的集中培训"
            f"（首次 {first.date.isoformat()}，{fmt(first.amount)} 学分）"
        )
    else:
        message = (
            f"本周期尚未完成基础学分 {minimum} 及以上的集中培训，"
            f"须在 {cycle.end.isoformat()} 前至少完成 {required} 次"
        )
    return Finding(
        "centralized_90", ok, Decimal(required), Decimal(len(done)), message,
        P.CENTRALIZED_90_PER_CYCLE.source,
    )


def check_compliance(teacher: TeacherFacts, records: Sequence[Record], as_of: date) -> Compliance:
    cycle = teacher_cycle(as_of, platform_entry(teacher, as_of))
    counted = [r for r in records if r.date in cycle and r.date <= as_of]
    earned = total(counted)
    last_year = min(as_of.year, cycle.end.year)
    years = tuple(
        YearProgress(year, None, total(counted, calendar_year(year)))
        for year in range(cycle.start.year, last_year + 1)
    )
    findings = (cycle_total_finding(cycle, earned, as_of), centralized_90_finding(cycle, counted, as_of))
    return Compliance(
        Unit.CREDIT,
        CycleProgress(cycle, P.CYCLE_MIN_CREDITS.at(as_of), earned, earned),  # the notice sets no caps
        years,
        findings,
    )


# School-level reporting figures (§二): school totals in, Finding out --------------------


def _shortfall_count(rate: Decimal, base: int, done: int) -> int:
    """How many more (people or choices) reach ``rate`` % of ``base``."""
    needed = (Decimal(base) * rate / 100).to_integral_value(rounding=ROUND_CEILING)
    return max(int(needed) - done, 0)


def _check_counts(base_name: str, base: int, part_name: str, part: int) -> None:
    if base < 0:
        raise InvalidInput(base_name, "不能为负数")
    if not 0 <= part <= base:
        raise InvalidInput(part_name, f"须在 0 到 {base_name}（{base}）之间")


def school_average_finding(year: int, teachers: int, year_total: Decimal) -> Finding:
    """§二 各校（园）教师培训学分年人均须完成72学分及以上."""
    on = date(year, 12, 31)
    required = P.SCHOOL_YEARLY_AVERAGE.at(on)
    source = P.SCHOOL_YEARLY_AVERAGE.source
    if teachers < 0:
        raise InvalidInput("teachers", "不能为负数")
    if teachers == 0:
        return Finding("school_yearly_average", True, required, None, f"{year} 年无在册教师，不计算人均学分", source)
    average = year_total / teachers
    ok = year_total >= required * teachers
    message = f"{year} 年教师人均 {shown(average, on)} 学分（{teachers} 人合计 {fmt(year_total)} 学分），要求不少于 {fmt(required)} 学分"
    if not ok:
        message += f"，人均还差 {shown(required - average, on)} 学分（合计还差 {fmt(required * teachers - year_total)} 学分）"
    return Finding("school_yearly_average", ok, required, shown(average, on), message, source)


def centralized_90_rate_finding(year: int, teachers: int, completed_90: int) -> Finding:
    """§二 年平均限定选修90学分集中培训完成率确保达到21%及以上: teachers who completed one
    in ``year`` over the school's teachers."""
    on = date(year, 12, 31)
    required = P.CENTRALIZED_90_YEARLY_RATE.at(on)
    source = P.CENTRALIZED_90_YEARLY_RATE.source
    _check_counts("teachers", teachers, "completed_90", completed_90)
    if teachers == 0:
        return Finding("centralized_90_rate", True, required, None, f"{year} 年无在册教师，不计算完成率", source)
    rate = Decimal(completed_90) * 100 / teachers
    ok = completed_90 * 100 >= required * teachers
    message = (
        f"{year} 年完成限定选修90学分集中培训 {completed_90} 人（共 {teachers} 人），"
        f"完成率 {shown(rate, on)}%，要求不低于 {fmt(required)}%"
    )
    if not ok:
        message += f"，还需 {_shortfall_count(required, teachers, completed_90)} 人完成"
    return Finding("centralized_90_rate", ok, required, shown(rate, on), message, source)


def layer_match_finding(choices_90: int, matched: int, on: date) -> Finding:
    """§二 教师参加90学分及以上项目，按分层分类匹配率须达到75%及以上: of a school's choices of
    90+ credit projects, the share that matches the teacher's layer and category."""
    required = P.LAYER_MATCH_RATE.at(on)
    minimum = fmt(P.LAYER_MATCH_MIN_BASE.at(on))
    source = P.LAYER_MATCH_RATE.source
    _check_counts("choices_90", choices_90, "matched", matched)
    if choices_90 == 0:
        return Finding("layer_match_rate", True, required, None, f"无 {minimum} 学分及以上项目的选课，不计算匹配率", source)
    rate = Decimal(matched) * 100 / choices_90
    ok = matched * 100 >= required * choices_90
    message = (
        f"{minimum} 学分及以上项目选课 {choices_90} 人次，按分层分类匹配 {matched} 人次，"
        f"匹配率 {shown(rate, on)}%，要求不低于 {fmt(required)}%"
    )
    if not ok:
        message += f"，还需 {_shortfall_count(required, choices_90, matched)} 人次改选匹配的项目"
    return Finding("layer_match_rate", ok, required, shown(rate, on), message, source)


def dashboard_panels(summary: ScopeSummary) -> list[Panel]:
    """The per-teacher yearly average (§二) from the figures the core computed for the scope."""
    on = date(summary.year, 12, 31)
    required = P.SCHOOL_YEARLY_AVERAGE.at(on)
    title = f"{summary.year} 年教师人均培训学分"
    source = P.SCHOOL_YEARLY_AVERAGE.source
    if summary.teachers == 0:
        return [Panel(title, "—", "本范围内无在册教师", source)]
    finding = school_average_finding(summary.year, summary.teachers, summary.year_total)
    if finding.ok:
        note = f"要求各校（园）年人均不少于 {fmt(required)} 学分，已达到"
    else:
        gap = required * summary.teachers - summary.year_total
        note = f"要求各校（园）年人均不少于 {fmt(required)} 学分；本范围 {summary.teachers} 人合计还差 {fmt(gap)} 学分"
    return [Panel(title, f"{finding.actual} 学分", note, source)]


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
    """
    source = src("四(二)")
    if not selected_in_round1:
        return Eligibility("second_round_selection", False, "第一轮未选课，不能参加第二轮补报选课", source)
    if round1_approved is False:
        return Eligibility("second_round_selection", False, "第一轮选课学校审核不通过，不能参加第二轮补报选课", source)
    if round1_approved is None:
        return Eligibility(
            "second_round_selection", True, "第一轮已选课，学校尚未审核；审核不通过则不能参加第二轮", source,
        )
    return Eligibility("second_round_selection", True, "第一轮已选课且学校审核通过，可参加第二轮选课", source)


ENROLLMENT_WORKFLOW = Workflow(
    initial="selected",
    states=(
        State("selected", "已选课，待学校审核"),
        State("school_approved", "学校审核通过，待培训机构复核"),
        State("school_rejected", "学校审核不通过", final=True),
        State("confirmed", "培训机构复核通过，已发培训通知"),
        State("not_admitted", "培训机构复核未通过", final=True),
        State("completed", "已结业", final=True),
    ),
    transitions=(
        # §四(二) 学校审核; §附件 第3项: 校长对选课进行审核（参加：各中小学校长及平台管理员）
        Transition("selected", "school_approved", UserRole.PRINCIPAL, "学校审核通过"),
        Transition("selected", "school_rejected", UserRole.PRINCIPAL, "学校审核不通过"),
        Transition("selected", "school_approved", UserRole.SCHOOL_ADMIN, "学校审核通过"),
        Transition("selected", "school_rejected", UserRole.SCHOOL_ADMIN, "学校审核不通过"),
        # §四(二) 培训机构复核; §附件 第3项: 培训机构受理复核、发放培训通知
        Transition("school_approved", "confirmed", UserRole.INSTITUTION_STAFF, "复核通过，发放培训通知"),
        Transition("school_approved", "not_admitted", UserRole.INSTITUTION_STAFF, "复核未通过"),
        # §附件 第4项: 各培训机构举办培训班
        Transition("confirmed", "completed", UserRole.INSTITUTION_STAFF, "登记结业"),
    ),
    source=f"{src('四(二)')}；{src('附件 第3项')}；{src('附件 第4项')}",
)
