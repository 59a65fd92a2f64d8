"""Ruian's rules (Zhejiang credit system as the 2019 H2 notice applies it): pure functions.

Every number comes from ``parameters`` (read with ``.at(on)``, which sees a bureau's
overrides of the settings); every Step, Finding and Eligibility cites the clause of
``ruian-2019h2-course-selection.txt`` it applies, and a step that relies on a setting
names it in its text.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import ROUND_CEILING, ROUND_DOWN, ROUND_UP, Decimal

from portal.domain import (
    Activity, ActivityRole, Category, Compliance, CreditResult, CycleProgress, Duty, Eligibility,
    Finding, Grade, InvalidInput, Mode, Panel, Parameter, Period, Program, Purpose, Record,
    Requirements, RuleVersion, ScopeSummary, State, Step, TeacherFacts, Transition, Unit, UserRole,
    Workflow, YearProgress, total,
)
from portal.domain.calendar import calendar_year, cycle_containing

from . import parameters as P
from .parameters import src

GRADE_LABELS = {Grade.EXCELLENT: "优", Grade.GOOD: "良", Grade.PASS: "合格", Grade.FAIL: "不合格"}
MODE_LABELS = {Mode.CENTRALIZED: "集中培训", Mode.SCHOOL_BASED: "校（园）本培训"}
CATEGORIES_BY_CODE = {c.code: c for c in P.CATEGORIES}


def fmt(value: Decimal | int) -> str:
    """A figure as the messages show it: no trailing zeros (90, 12.5)."""
    normal = Decimal(value).normalize()
    return f"{normal:f}" if normal != normal.to_integral_value() else str(int(normal))


def shown(value: Decimal, on: date, rounding: str = ROUND_DOWN) -> Decimal:
    """A ratio for display (setting display_quantum). Averages and rates are cut down, so a
    figure shown as reaching its minimum has reached it; gaps are rounded up."""
    return value.quantize(P.DISPLAY_QUANTUM.at(on), rounding=rounding)


def _plain(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return fmt(value)
    return str(value)


def setting_note(parameter: Parameter, on: date) -> str:
    """How a step names the setting it relies on: 本地设置 fail_credits，默认 0 (or =value when
    the bureau overrode it)."""
    default = next((v.value for v in reversed(parameter.values) if v.since <= on), parameter.values[0].value)
    value = parameter.at(on)
    if value == default:
        return f"本地设置 {parameter.name}，默认 {_plain(default)}"
    return f"本地设置 {parameter.name}={_plain(value)}，默认 {_plain(default)}"


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
        if activity.program not in P.PROGRAMS_BY_CODE:
            raise InvalidInput(
                "program", f"未知项目代码 {activity.program}；可用：{', '.join(sorted(P.PROGRAMS_BY_CODE))}",
            )
        if activity.program == P.PROGRAM_RESTRICTED_ELECTIVE_90:
            if activity.mode is not Mode.CENTRALIZED:
                raise InvalidInput("mode", "限定选修90学分培训是集中培训，mode 须为 centralized")
            minimum = P.CENTRALIZED_90_MIN_BASE.at(on)
            if activity.base_credits < minimum:
                raise InvalidInput("base_credits", f"限定选修90学分培训的基础学分须不少于 {fmt(minimum)}")


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


def credited(base: Decimal, grade: Grade | None, on: date) -> tuple[Decimal, str]:
    """The credits earned from a project's base credits, and the step that says why (§二)."""
    if completed(grade, on):
        if grade is None:
            return base, (
                f"未填考核等第，按完成培训认定（{setting_note(P.MISSING_GRADE_IS_PASS, on)}），"
                f"得基础学分 {fmt(base)} 学分"
            )
        return base, f"考核{GRADE_LABELS[grade]}，完成培训，得基础学分 {fmt(base)} 学分（通知不按等第加减）"
    amount = min(P.FAIL_CREDITS.at(on), base)
    why = (
        "考核不合格，未完成培训" if grade is Grade.FAIL
        else f"未填考核等第，按未完成培训处理（{setting_note(P.MISSING_GRADE_IS_PASS, on)}）"
    )
    return amount, f"{why}，得 {fmt(amount)} 学分（{setting_note(P.FAIL_CREDITS, on)}）"


def convert(activity: Activity, on: date) -> CreditResult:
    validate(activity, on)
    base = activity.base_credits
    category = category_of(activity.mode, base, on)
    steps = [
        Step(f"项目申报的基础学分 {fmt(base)} 学分（{MODE_LABELS[activity.mode]}）", base, src("二")),
        Step(
            f"参训 {fmt(activity.hours)} 学时；通知未规定学时折算，学分以项目基础学分为准",
            activity.hours, src("二"),
        ),
    ]
    if activity.program is not None:
        program = P.PROGRAMS_BY_CODE[activity.program]
        steps.append(Step(f"项目类别：{program.label}", program.code, program.source))
    amount, text = credited(base, activity.grade, on)
    steps.append(Step(text, amount, src("二")))
    label = CATEGORIES_BY_CODE[category]
    if category == P.CATEGORY_CENTRALIZED_90:
        why = f"集中培训，基础学分不少于 {fmt(P.CENTRALIZED_90_MIN_BASE.at(on))}"
    elif category == P.CATEGORY_CENTRALIZED:
        why = f"集中培训，基础学分少于 {fmt(P.CENTRALIZED_90_MIN_BASE.at(on))}"
    else:
        why = "校（园）本培训"
    steps.append(Step(f"计入“{label.label}”：{why}", category, label.source))
    return CreditResult(amount, Unit.CREDIT, category, tuple(steps), P.RULE_VERSION_CODE)


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


def requirements(on: date) -> Requirements:
    """§二: 360 a cycle for each teacher; the 72 a year is a school average, not a teacher's duty."""
    return Requirements(
        cycle=P.CYCLE_MIN_CREDITS.at(on), yearly=None, unit=Unit.CREDIT,
        cycle_source=P.CYCLE_MIN_CREDITS.source_at(on),
    )


# A teacher's duties (§二) ---------------------------------------------------------------

DUTIES = (
    Duty("cycle_total", "周期内累计培训学分不少于360学分", src("二"), "每5年一个周期，按个人周期计"),
    Duty("centralized_90", "周期内至少参加一次基础学分90以上的集中培训", src("二"),
         "按项目申报的基础学分判断（含90），须以参训者身份参加；默认须考核合格"),
)


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
    return Finding("cycle_total", ok, required, earned, message, P.CYCLE_MIN_CREDITS.source_at(as_of), cycle.end)


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


def centralized_90_finding(cycle: Period, records: Sequence[Record], as_of: date) -> Finding:
    """§二 周期内至少要参加一次基础学分为90以上的集中培训 (以上 includes 90)."""
    required = P.CENTRALIZED_90_PER_CYCLE.at(as_of)
    minimum = fmt(P.CENTRALIZED_90_MIN_BASE.at(as_of))
    candidates = sorted((r for r in records if is_centralized_90(r, as_of)), key=lambda r: r.date)
    done = [r for r in candidates if counts_for_centralized_90(r, as_of)]
    ok = len(done) >= required
    what = f"基础学分 {minimum} 及以上的集中培训"
    if ok:
        first = done[0]
        message = (
            f"本周期已参加 {len(done)} 次{what}"
            f"（首次 {first.date.isoformat()}，{fmt(first.amount)} 学分）"
        )
    else:
        verb = "完成" if P.CENTRALIZED_90_REQUIRES_COMPLETION.at(as_of) else "参加"
        message = f"本周期尚未{verb}{what}，须在 {cycle.end.isoformat()} 前至少{verb} {required - len(done)} 次"
        failed = [r for r in candidates if not counts_for_centralized_90(r, as_of)]
        if failed:
            days = "、".join(r.date.isoformat() for r in failed)
            message += (
                f"（{days} 的培训未考核合格，不计；{setting_note(P.CENTRALIZED_90_REQUIRES_COMPLETION, as_of)}）"
            )
    return Finding(
        "centralized_90", ok, Decimal(required), Decimal(len(done)), message,
        P.CENTRALIZED_90_PER_CYCLE.source_at(as_of), cycle.end,
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


# Eligibility: the notice names no use of credits (title review, re-registration ... are in
# 浙教师〔2016〕71号, not in the documents); what it asks of each teacher is to complete the
# cycle's training plan (§二 足额完成教师专业发展培训计划).

PURPOSES = (
    Purpose("cycle_training_plan", "足额完成本周期教师专业发展培训任务", src("二"),
            "周期内累计不少于360学分，且至少参加一次基础学分90以上的集中培训"),
)


def training_plan_eligibility(compliance: Compliance, as_of: date) -> Eligibility:
    """§二 足额完成教师专业发展培训计划: both of a teacher's duties met in their cycle."""
    findings = {f.code: f for f in compliance.findings}
    cycle_f, ninety_f = findings["cycle_total"], findings["centralized_90"]
    cycle = compliance.cycle.period
    required = fmt(cycle_f.required)
    what = f"基础学分 {fmt(P.CENTRALIZED_90_MIN_BASE.at(as_of))} 及以上的集中培训"
    verb = "完成" if P.CENTRALIZED_90_REQUIRES_COMPLETION.at(as_of) else "参加"
    parts = [
        f"已取得 {fmt(cycle_f.actual)} 学分" + ("" if cycle_f.ok else f"，不足 {required} 学分"),
        f"已{verb}{what}" if ninety_f.ok else f"尚未{verb}{what}",
    ]
    span = f"本周期（{cycle.start.isoformat()} 至 {cycle.end.isoformat()}）"
    source = P.CYCLE_MIN_CREDITS.source_at(as_of)
    if cycle_f.ok and ninety_f.ok:
        return Eligibility(
            "cycle_training_plan", True, f"{span}{'，'.join(parts)}，培训任务已足额完成", source,
        )
    needs = []
    if not cycle_f.ok:
        needs.append(f"还需 {fmt(cycle_f.shortfall)} 学分")
    if not ninety_f.ok:
        needs.append(f"{'并' if needs else '还需'}{verb} {fmt(ninety_f.shortfall)} 次{what}")
    missing = "，".join(needs) + f"，截止 {cycle.end.isoformat()}"
    return Eligibility(
        "cycle_training_plan", False, f"{span}{'，'.join(parts)}，培训任务尚未足额完成", source, missing,
    )


def eligibility(teacher: TeacherFacts, records: Sequence[Record], as_of: date) -> list[Eligibility]:
    return [training_plan_eligibility(check_compliance(teacher, records, as_of), as_of)]


# School-level reporting figures (§二): school totals in, Finding out --------------------


def _check_counts(base_name: str, base: int, part_name: str, part: int) -> None:
    if base < 0:
        raise InvalidInput(base_name, "不能为负数")
    if not 0 <= part <= base:
        raise InvalidInput(part_name, f"须在 0 到 {base_name}（{base}）之间")


def _shortfall_count(rate: Decimal, base: int, done: int) -> int:
    """How many more (people or choices) reach ``rate`` % of ``base``."""
    needed = (Decimal(base) * rate / 100).to_integral_value(rounding=ROUND_CEILING)
    return max(int(needed) - done, 0)


def rate_finding(
    code: str, minimum: Parameter, on: date, base: tuple[str, int], part: tuple[str, int], *,
    empty: str, stated: str, gap: str, deadline: date | None = None,
) -> Finding:
    """``part`` out of ``base`` must reach ``minimum`` %. ``stated`` and ``gap`` are templates
    with {part}, {base}, {rate}, {required} and {count} (how many more are needed)."""
    (base_name, n), (part_name, k) = base, part
    _check_counts(base_name, n, part_name, k)
    required = minimum.at(on)
    source = minimum.source_at(on)
    if n == 0:
        return Finding(code, True, required, None, empty, source, deadline)
    rate = shown(Decimal(k) * 100 / n, on)
    ok = k * 100 >= required * n  # exact, not the rounded rate
    values = dict(part=k, base=n, rate=rate, required=fmt(required), count=_shortfall_count(required, n, k))
    message = stated.format(**values) + ("" if ok else gap.format(**values))
    return Finding(code, ok, required, rate, message, source, deadline)


def centralized_90_rate_finding(year: int, teachers: int, completed_90: int) -> Finding:
    """§二 年平均限定选修90学分集中培训完成率确保达到21%及以上: teachers who completed one in
    ``year`` over the school's teachers. For the average over several years, pass the sums
    of each year's teachers and completions (teacher-years)."""
    return rate_finding(
        "centralized_90_rate", P.CENTRALIZED_90_YEARLY_RATE, date(year, 12, 31),
        ("teachers", teachers), ("completed_90", completed_90),
        empty=f"{year} 年无在册教师，不计算完成率",
        stated=f"{year} 年完成限定选修90学分集中培训 {{part}} 人（共 {{base}} 人），完成率 {{rate}}%，要求不低于 {{required}}%",
        gap=f"，还需 {{count}} 人完成，截止 {year}-12-31",
        deadline=date(year, 12, 31),
    )


def layer_match_finding(choices_90: int, matched: int, on: date) -> Finding:
    """§二 教师参加90学分及以上项目，按分层分类匹配率须达到75%及以上: of a school's choices of
    90+ credit projects, the share that matches the teacher's layer and category."""
    minimum = fmt(P.LAYER_MATCH_MIN_BASE.at(on))
    return rate_finding(
        "layer_match_rate", P.LAYER_MATCH_RATE, on, ("choices_90", choices_90), ("matched", matched),
        empty=f"无 {minimum} 学分及以上项目的选课，不计算匹配率",
        stated=f"{minimum} 学分及以上项目选课 {{base}} 人次，按分层分类匹配 {{part}} 人次，匹配率 {{rate}}%，要求不低于 {{required}}%",
        gap="，还需 {count} 人次改选匹配的项目",
    )


def school_average_finding(year: int, teachers: int, year_total: Decimal) -> Finding:
    """§二 各校（园）教师培训学分年人均须完成72学分及以上."""
    on = date(year, 12, 31)
    required = P.SCHOOL_YEARLY_AVERAGE.at(on)
    source = P.SCHOOL_YEARLY_AVERAGE.source_at(on)
    if teachers < 0:
        raise InvalidInput("teachers", "不能为负数")
    if teachers == 0:
        return Finding("school_yearly_average", True, required, None, f"{year} 年无在册教师，不计算人均学分", source, on)
    average = year_total / teachers
    ok = year_total >= required * teachers
    message = (
        f"{year} 年教师人均 {shown(average, on)} 学分（{teachers} 人合计 {fmt(year_total)} 学分），"
        f"要求不少于 {fmt(required)} 学分"
    )
    if not ok:
        message += (
            f"，人均还差 {shown(required - average, on, ROUND_UP)} 学分"
            f"（合计还差 {fmt(required * teachers - year_total)} 学分），截止 {on.isoformat()}"
        )
    return Finding("school_yearly_average", ok, required, shown(average, on), message, source, on)


def dashboard_panels(summary: ScopeSummary) -> list[Panel]:
    """The per-teacher yearly average (§二) from the figures the core computed for the scope."""
    on = date(summary.year, 12, 31)
    required = P.SCHOOL_YEARLY_AVERAGE.at(on)
    title = f"{summary.year} 年教师人均培训学分"
    source = P.SCHOOL_YEARLY_AVERAGE.source_at(on)
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
    Not a ``portal_eligibility`` purpose: the hook receives no selection data.
    """
    source = src("四(二)")
    closed = "第二轮补报选课只对第一轮已选课且未被学校审核否决的教师开放，本轮无法补救"
    if not selected_in_round1:
        return Eligibility("second_round_selection", False, "第一轮未选课，不能参加第二轮补报选课", source, closed)
    if round1_approved is False:
        return Eligibility(
            "second_round_selection", False, "第一轮选课学校审核不通过，不能参加第二轮补报选课", source, closed,
        )
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
