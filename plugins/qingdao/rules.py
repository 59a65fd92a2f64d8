"""The Qingdao / Shinan credit rules as pure functions over the domain types.

Every number comes from ``parameters``; every Step, Finding and Eligibility cites its
clause as ``file §clause``. Where a rule relies on a setting (a value the documents leave
open), the text a teacher reads names it, e.g. "保留到 0.1（本地设置 prorata_quantum，默认 0.1）";
the reason for the default is the setting's ``assumption``. No Flask, no database, Decimal only.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from portal.domain import (
    Activity, ActivityRole, Category, Compliance, CreditResult, CycleProgress, Duty, Eligibility, Finding, Grade,
    InvalidInput, Level, Mode, Panel, Parameter, Period, Program, Purpose, Record, Requirements, RuleVersion,
    ScopeSummary, State, Step, TeacherFacts, Transition, Unit, UserRole, Workflow, YearProgress,
    total,
)
from portal.domain.calendar import calendar_year, cycle_containing, last_years, years_of

from . import parameters as P

LEVEL_NAMES = {
    Level.NATIONAL: "国家级", Level.PROVINCIAL: "省级", Level.CITY: "市级",
    Level.COUNTY: "区（市县）级", Level.SCHOOL: "校级",
}
ROLE_NAMES = {
    ActivityRole.PARTICIPANT: "参训教师", ActivityRole.INSTRUCTOR: "授课教师",
    ActivityRole.MENTOR: "指导教师", ActivityRole.PRESENTER: "出课（讲座、大会主旨发言）教师",
}


def fmt(value: Decimal | int) -> str:
    """A figure as a teacher reads it: 72, 19.5 (no exponent, no trailing zeros)."""
    return format(Decimal(value).normalize(), "f")


def shown(value) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (Decimal, int)):
        return fmt(value)
    return str(value)


def setting(parameter: Parameter, on: date, inner: bool = False) -> str:
    """How a text names the setting it relies on: （本地设置 name，默认 x）, or the override;
    ``inner`` for inside a bracket already open: ；本地设置 name，默认 x."""
    default, current = parameter.values[-1].value, parameter.at(on)
    name = f"{parameter.name}={shown(current)}" if current != default else parameter.name
    text = f"本地设置 {name}，默认 {shown(default)}"
    return f"；{text}" if inner else f"（{text}）"


# Rule versions, categories, programs, duties, purposes -----------------------------------


def rule_versions() -> list[RuleVersion]:
    return list(P.RULE_VERSIONS)


def rule_version(on: date) -> RuleVersion:
    """The version in force on ``on``: the latest begun, else the earliest (as the core picks)."""
    return next((v for v in reversed(P.RULE_VERSIONS) if v.effective_from <= on), P.RULE_VERSIONS[0])


def categories() -> list[Category]:
    return [
        Category(P.A_CLASS, "A 类学分", P.A_CLASS_SOURCE,
                 "校本以外、级别在本地设置 a_class_levels 之列的培训（默认国家、省、市、区级）；五年不低于 240"),
        Category(P.SCHOOL_BASED, "校本培训学分", P.SCHOOL_BASED_SOURCE,
                 "学校举办的校本培训；每天不超过 6 学分，五年至多计 120（超过按 120 计）"),
        Category(P.OTHER, "其他学分", P.OTHER_SOURCE,
                 "本地设置 a_class_levels 不列入 A 类的级别的培训：计入 360，不计入 A 类（默认设置下不出现）"),
    ]


def programs() -> list[Program]:
    return [Program(r.code, r.label, r.source, r.detail) for r in P.ROWS]


def parameters() -> list[Parameter]:
    return P.all_parameters()


DUTIES = (
    Duty("cycle_total", "每周期不少于 360 学分（校本至多计 120）", P.CYCLE_REQUIRED.values[0].source,
         "周期按自然年，自本地设置 cycle_anchor_year（默认 2018）起每五年"),
    Duty("a_class_minimum", "每周期 A 类学分不低于 240", P.A_CLASS_CYCLE_MINIMUM.values[0].source),
    Duty("school_based_cap", "每周期校本培训学分至多计 120", P.SCHOOL_BASED_CYCLE_CAP.values[0].source,
         "上限，不是义务：超过的部分不计入 360"),
    Duty("yearly_minimum", "每年不少于 48 学分（达不到的，当年年度考核不得评为优秀）",
         P.YEARLY_REQUIRED.values[0].source, "本周期每年一条；当年的截止 12 月 31 日"),
    Duty("personalized_training_count", "5 年内参与市级个性化培训不少于 3 次",
         P.PERSONALIZED_MINIMUM.values[0].source, "按本周期内有学分的市级个性化培训（program=city_personalized）计次"),
    Duty("compulsory_topics", "必修内容：师德师风、心理健康、信息技术、儿童保护法律教育、财经素养",
         P.COMPULSORY_TOPICS_SOURCE, "每项本周期内至少参加的次数见本地设置 compulsory_topics_times（默认 1）"),
)

PURPOSES = (
    Purpose("annual_rating_excellent", "年度考核评为优秀", P.ANNUAL_RATING_SOURCE,
            "当年不少于 48 学分；自 2018-01-01 起"),
    Purpose("title_junior", "初级职称评审", P.TITLE_JUNIOR.values[0].source, "近一年内不少于 72 学分"),
    Purpose("title_intermediate", "中级职称评审", P.TITLE_INTERMEDIATE.values[0].source,
            "任职一年：近一年 72；任职两年：近两年 144（本地设置 title_intermediate_two_years）；"
            "任职三年：近三年 216；任职四年及以上：近四年 288。任职年限自现职称取得日起算，缺则自入职日起算"),
    Purpose("title_senior", "高级职称评审", P.TITLE_SENIOR.values[0].source, "近五年内不少于 360 学分"),
    Purpose("title_full_senior", "正高级职称评审", P.TITLE_SENIOR.values[0].source, "近五年内不少于 360 学分"),
    Purpose("certificate_registration", "教师资格定期注册", P.CERTIFICATE.values[0].source,
            "每五年一注册，五年 360 学分（本地设置 certificate_by_cycle：默认按本周期统计）"),
    Purpose("awards", "评优评先（市、区政府或教育行政部门组织）", P.AWARDS.values[0].source, "近五年内不少于 360 学分"),
)


def duties() -> list[Duty]:
    return list(DUTIES)


def purposes() -> list[Purpose]:
    return list(PURPOSES)


# Conversion -----------------------------------------------------------------------------


def convert(activity: Activity, on: date) -> CreditResult:
    """Credits for one activity under the rules in force on ``on``.

    The category first (it decides which daily cap applies), then whether the completion
    evaluation is given, then the amount the activity earns (which also validates it),
    then the evaluation (a fail registers nothing), then the daily cap where the credits
    were counted by the hour.
    """
    version = rule_version(on)
    row = None if activity.program is None else find_row(activity.program)
    if row is not None:
        check_row_fits(row, activity)
    school_based = is_school_based(activity, on) if row is None or row.how == "certified" else False
    category, category_step = category_of(activity, school_based, on)
    steps: tuple[Step, ...] = (category_step,)
    grade_step = evaluation_given(activity, row, on)
    if grade_step:
        steps += (grade_step,)
    if row is None:
        amount, credit_steps, hourly = general_credits(activity, on, school_based)
    else:
        amount, credit_steps, hourly = row_credits(row, activity, on)
    steps += credit_steps
    failed = completion_failed(activity, row)
    if failed:
        return CreditResult(Decimal(0), Unit.CREDIT, category, steps + (failed,), version.code)
    if hourly:
        amount, cap_step = daily_cap(amount, activity, school_based, on)
        if cap_step:
            steps += (cap_step,)
    return CreditResult(amount, Unit.CREDIT, category, steps, version.code)


def is_school_based(activity: Activity, on: date) -> bool:
    """School-based training (校本培训): registered by the school itself (2017 §二2)."""
    if activity.mode == Mode.SCHOOL_BASED:
        return True
    return activity.level == Level.SCHOOL and P.SCHOOL_LEVEL_IS_SCHOOL_BASED.at(on)


def bad_setting(parameter: Parameter, message: str) -> InvalidInput:
    """A bureau's text setting that the rules cannot read. The core checks only a setting's
    type when it loads, so the value is refused where it is used, naming the setting
    (the command answers exit code 2 and JSON, the calculator a message, not a crash)."""
    return InvalidInput(f"settings.{parameter.name}", f"本地设置 {parameter.name}：{message}")


def a_class_levels(on: date) -> frozenset[Level]:
    raw = P.A_CLASS_LEVELS.at(on)
    levels = set()
    for token in raw.replace("，", ",").split(","):
        token = token.strip()
        if not token:
            continue
        try:
            levels.add(Level(token))
        except ValueError:
            raise bad_setting(
                P.A_CLASS_LEVELS, f"{token!r} 不是培训级别（national、provincial、city、county、school）"
            ) from None
    return frozenset(levels)


def category_of(activity: Activity, school_based: bool, on: date) -> tuple[str, Step]:
    """School-based, A-class, or (only where a bureau narrowed a_class_levels) other."""
    if school_based:
        cap = P.SCHOOL_BASED_CYCLE_CAP
        counted = f"计入校本培训学分（五年至多计 {fmt(cap.at(on))}）" if cap.in_force(on) else "计入校本培训学分"
        if activity.mode == Mode.SCHOOL_BASED:
            text, source = f"校本培训：{counted}", f"{P.F2017} §二2"
        else:
            text = f"学校举办的培训按校本培训计{setting(P.SCHOOL_LEVEL_IS_SCHOOL_BASED, on)}，{counted}"
            source = P.SCHOOL_LEVEL_IS_SCHOOL_BASED.source_at(on)
        return P.SCHOOL_BASED, Step(text, None, source)
    level = LEVEL_NAMES[activity.level]
    if activity.level in a_class_levels(on):
        text = f"{level}培训：计入 A 类学分{setting(P.A_CLASS_LEVELS, on)}"
        return P.A_CLASS, Step(text, None, P.A_CLASS_LEVELS.source_at(on))
    text = f"{level}培训不在 A 类之列{setting(P.A_CLASS_LEVELS, on)}：计入其他学分（计入 360，不计入 A 类）"
    return P.OTHER, Step(text, None, P.A_CLASS_LEVELS.source_at(on))


def find_row(code: str) -> P.Row:
    row = P.ROW_BY_CODE.get(code)
    if row is None:
        known = ", ".join(r.code for r in P.ROWS)
        raise InvalidInput("program", f"未知项目代码 {code!r}；可用：{known}（{P.F2017} §附件1）")
    return row


def check_row_fits(row: P.Row, activity: Activity) -> None:
    """A row of the table belongs to one level and is taken as training (not self-study)."""
    if row.level is not None and activity.level != row.level:
        raise InvalidInput(
            "level", f"{row.label}是{LEVEL_NAMES[row.level]}项目（{row.source}），level 应为 {row.level.value}",
        )
    if row.how != "certified" and activity.mode not in P.PROGRAM_MODES:
        raise InvalidInput(
            "mode", f"{row.label}按集中或网络培训登记（{row.source}），mode 应为 centralized 或 online"
        )


def evaluation_given(activity: Activity, row: P.Row | None, on: date) -> Step | None:
    """A participant's credits follow the completion evaluation (结业评价).

    The city personalized training registers credits only after the third-party
    evaluation is passed, so there its result must be given. Elsewhere a missing result
    is read as a pass, or refused, by the setting ``grade_missing_means_pass``.
    """
    if activity.grade is not None or activity.role != ActivityRole.PARTICIPANT:
        return None
    if row is not None and row.needs_evaluation:
        raise InvalidInput(
            "grade",
            f"{row.label}须在参训教师参加第三方网络评价合格后登记学分（{row.source}），请给出评价结果 pass 或 fail",
        )
    if row is not None and row.how == "certified":
        return None
    parameter = P.GRADE_MISSING_MEANS_PASS
    if not parameter.at(on):
        raise InvalidInput(
            "grade",
            f"须给出结业评价结果 pass 或 fail{setting(parameter, on)}（{parameter.source_at(on)}）",
        )
    what = "研修任务完成情况" if row is not None and row.how == "task" else "结业评价结果"
    return Step(f"未给{what}，按合格登记{setting(parameter, on)}", None, parameter.source_at(on))


def completion_failed(activity: Activity, row: P.Row | None) -> Step | None:
    """A fail registers nothing."""
    if activity.grade != Grade.FAIL:
        return None
    if row is None:
        text, source = "结业评价不合格，不登记学分", f"{P.F2017} §附件2 第6步（按学习任务完成情况和实际出勤登记学分）"
    elif row.needs_evaluation:
        text, source = "第三方网络评价不合格，不登记学分", row.source
    elif row.how == "task":
        text, source = "未在规定时间内完成研修任务，不登记学分", row.source
    else:
        text, source = "结业评价不合格（学习任务完成情况和实际出勤未达要求），不登记学分", row.source
    return Step(text, Decimal(0), source)


def general_credits(activity: Activity, on: date, school_based: bool) -> tuple[Decimal, tuple[Step, ...], bool]:
    """No program: 1 hour = 1 学时 = 1 credit."""
    if activity.mode in (Mode.SELF_STUDY, Mode.DEGREE):
        raise InvalidInput(
            "mode",
            "文件未规定自主研修和学历教育的学分；请按“其他情况”（program=other，"
            f"由区教育研究中心据实认定，{P.F2017} §附件1 第9项）登记",
        )
    if activity.role != ActivityRole.PARTICIPANT:
        raise InvalidInput(
            "role",
            "未指定项目时只能按参训学时登记；授课、指导、出课的学分见各项目（program），"
            f"或按“其他情况”据实认定（{P.F2017} §附件1 第9项）",
        )
    rate = P.CREDITS_PER_HOUR.value_at(on)
    amount = activity.hours * rate.value
    kind = "校本培训" if school_based else f"{LEVEL_NAMES[activity.level]}培训"
    return amount, (Step(f"{kind}：参训 {fmt(activity.hours)} 学时，1 学时计 1 学分", amount, rate.source),), True


def row_credits(row: P.Row, activity: Activity, on: date) -> tuple[Decimal, tuple[Step, ...], bool]:
    """Credits of a row of the Shinan standard table; the flag says they are counted by hours."""
    role = activity.role
    if row.how == "certified":
        return certified_credits(row, activity)
    if role == ActivityRole.MENTOR:
        if row.mentor_credits is None:
            raise InvalidInput("role", f"{row.label}未规定指导教师学分（{row.source}）")
        credits = row.mentor_credits.value_at(on)
        text = f"{row.label}：脱岗培训期间的指导教师登记 {fmt(credits.value)} 学分"
        return credits.value, (Step(text, credits.value, credits.source),), False
    if role in row.teaching_roles:
        return teaching_credits(row, activity, on)
    if role != ActivityRole.PARTICIPANT:
        raise InvalidInput("role", f"{row.label}未规定{ROLE_NAMES[role]}的学分（{row.source}）")
    if row.how == "task":
        credits = row.task_credits.value_at(on)
        text = f"{row.label}：在规定时间内完成研修任务，记 {fmt(credits.value)} 学分（按任务完成情况，不按学时）"
        return credits.value, (Step(text, credits.value, credits.source),), False
    if row.how == "hourly":
        amount = activity.hours * P.CREDITS_PER_HOUR.at(on)
        text = f"{row.label}：按实际参训学时计算，1 小时 1 学分，{fmt(activity.hours)} 学时计 {fmt(amount)} 学分"
        return amount, (Step(text, amount, row.source),), True
    return fixed_credits(row, activity, on)


def teaching_credits(row: P.Row, activity: Activity, on: date) -> tuple[Decimal, tuple[Step, ...], bool]:
    """Trainers and presenters: 2 credits per teaching hour (附件1 第1、2、3、5、7项)."""
    factor = P.TEACHING_HOUR_FACTOR.at(on)
    amount = activity.hours * factor
    text = (
        f"{row.label}：{ROLE_NAMES[activity.role]}按两倍授课学时登记（1小时2学分），"
        f"{fmt(activity.hours)} 学时 × {fmt(factor)} = {fmt(amount)} 学分"
    )
    return amount, (Step(text, amount, row.source),), True


def certified_credits(row: P.Row, activity: Activity) -> tuple[Decimal, tuple[Step, ...], bool]:
    """Other cases: the district research centre certifies the credits (据实认定)."""
    if activity.base_credits is None:
        raise InvalidInput("base_credits", f"“其他情况”须给出区教育研究中心据实认定的学分（{row.source}）")
    amount = activity.base_credits
    return amount, (Step(f"其他情况：区教育研究中心据实认定 {fmt(amount)} 学分", amount, row.source),), False


def fixed_credits(row: P.Row, activity: Activity, on: date) -> tuple[Decimal, tuple[Step, ...], bool]:
    """A row's standard: the standard credits for the standard hours; below them pro rata
    (or nothing) by the settings ``prorata_below_standard`` and ``prorata_quantum``."""
    figure = row.standard.value_at(on)
    if isinstance(figure.value, dict):
        year = activity.service_year
        if year not in figure.value:
            years = "、".join(str(y) for y in sorted(figure.value))
            raise InvalidInput("service_year", f"{row.label}按第几年登记（{years}，{row.source}）")
        standard, label = figure.value[year], f"{row.label}第{year}年"
    else:
        standard, label = figure.value, row.label
    steps = [Step(f"{label}：{fmt(standard.hours)} 学时登记 {fmt(standard.credits)} 学分", standard.credits, figure.source)]
    if activity.hours >= standard.hours:
        steps.append(Step(f"实际出勤 {fmt(activity.hours)} 学时，达到 {fmt(standard.hours)} 学时，"
                          f"登记 {fmt(standard.credits)} 学分", standard.credits, figure.source))
        return standard.credits, tuple(steps), False
    short = f"实际出勤 {fmt(activity.hours)} 学时，未满 {fmt(standard.hours)} 学时"
    prorata = P.PRORATA_BELOW_STANDARD
    if not prorata.at(on):
        steps.append(Step(f"{short}：不按比例折算，不登记学分{setting(prorata, on)}", Decimal(0), prorata.source_at(on)))
        return Decimal(0), tuple(steps), False
    quantum = P.PRORATA_QUANTUM.at(on)
    exact = activity.hours * standard.credits / standard.hours
    rounded = exact.quantize(quantum, ROUND_HALF_UP)
    if standard.credits == standard.hours:
        text = f"{short}：按实际出勤登记 {fmt(exact)} 学分{setting(prorata, on)}"
        amount = exact
    else:
        amount = exact if exact == rounded else rounded  # round only what has more places than the quantum
        text = (
            f"{short}：按 {fmt(standard.credits)}÷{fmt(standard.hours)} 折算{setting(prorata, on)}，"
            f"{fmt(activity.hours)}×{fmt(standard.credits)}÷{fmt(standard.hours)} = {fmt(exact)}，"
            f"四舍五入保留到 {fmt(quantum)}{setting(P.PRORATA_QUANTUM, on)}，登记 {amount} 学分"
        )
    steps.append(Step(text, amount, prorata.source_at(on)))
    return amount, tuple(steps), False


def span_days(activity: Activity) -> tuple[int | None, str]:
    """Days the activity spanned: ``days``, else from ``start`` to ``end`` inclusive."""
    if activity.days is not None:
        return activity.days, f"共 {activity.days} 天"
    if activity.start and activity.end:
        days = (activity.end - activity.start).days + 1
        return days, f"{activity.start} 至 {activity.end} 共 {days} 天"
    return None, ""


def daily_cap(amount: Decimal, activity: Activity, school_based: bool, on: date) -> tuple[Decimal, Step | None]:
    """At most 8 credits a day, school-based at most 6 (2018 附件1); none in the 2017 table."""
    cap = (P.SCHOOL_BASED_DAILY_CAP if school_based else P.DAILY_CAP).value_at(on)
    if cap.value is None:
        return amount, None
    kind = "校本培训" if school_based else "培训"
    days, span = span_days(activity)
    if days is None:
        if amount <= cap.value:
            return amount, Step(
                f"{fmt(amount)} 学分未超过一天的上限（{kind}每天不超过 {fmt(cap.value)} 学分）", amount, cap.source
            )
        raise InvalidInput(
            "days",
            f"{fmt(amount)} 学分超过一天的上限 {fmt(cap.value)} 学分，须给出培训天数（days 或 start/end）"
            f"才能按每天上限计算（{cap.source}）",
        )
    limit = cap.value * days
    if amount > limit:
        return limit, Step(
            f"{span}，{kind}每天不超过 {fmt(cap.value)} 学分：{fmt(amount)} 学分按 {fmt(limit)} 学分计", limit, cap.source,
        )
    return amount, Step(
        f"{span}，{kind}每天不超过 {fmt(cap.value)} 学分（至多 {fmt(limit)}）：未超过上限", amount, cap.source,
    )


# Cycle and duties -----------------------------------------------------------------------


def cycle(on: date) -> Period:
    return cycle_containing(on, P.CYCLE_ANCHOR_YEAR.at(on), P.CYCLE_YEARS.at(on))


def requirements(on: date) -> Requirements:
    cycle_required = P.CYCLE_REQUIRED.value_at(on)
    yearly = P.YEARLY_REQUIRED.value_at(on)
    return Requirements(cycle_required.value, yearly.value, Unit.CREDIT, cycle_required.source, yearly.source)


def window_totals(records: Sequence[Record], period: Period, on: date) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """(earned, counted, A-class, school-based) over ``period``: school-based counts up to 120."""
    earned = total(records, period)
    school = total(records, period, P.SCHOOL_BASED)
    a_class = total(records, period, P.A_CLASS)
    cap = P.SCHOOL_BASED_CYCLE_CAP
    counted = earned - school + min(school, cap.at(on)) if cap.in_force(on) else earned
    return earned, counted, a_class, school


def to_date(period: Period, as_of: date) -> Period:
    return Period(period.start, min(period.end, as_of))


def check_compliance(teacher: TeacherFacts, records: Sequence[Record], as_of: date) -> Compliance:
    """The 5-year cycle (360, school-based up to 120, A-class at least 240), each year's 48,
    the three city personalized trainings and the compulsory content (both from 2018)."""
    period = cycle(as_of)
    so_far = to_date(period, as_of)
    earned, counted, a_class, school = window_totals(records, so_far, as_of)
    required = P.CYCLE_REQUIRED.at(as_of)
    yearly = P.YEARLY_REQUIRED.at(as_of)
    years = tuple(
        YearProgress(y, yearly, total(records, to_date(calendar_year(y), as_of)))
        for y in years_of(period) if y <= as_of.year
    )
    findings = [cycle_finding(period, earned, counted, school, as_of)]
    # The 不低于 / 不超过 notes belong to the structure "2018 年开始" (2018 附件1).
    if P.A_CLASS_CYCLE_MINIMUM.in_force(as_of):
        findings.append(a_class_finding(period, a_class, as_of))
    if P.SCHOOL_BASED_CYCLE_CAP.in_force(as_of):
        findings.append(school_based_cap_finding(school, as_of))
    findings.extend(yearly_finding(y, as_of) for y in years)
    if P.PERSONALIZED_MINIMUM.in_force(as_of):
        findings.append(personalized_finding(period, records, as_of))
    if P.COMPULSORY_TOPICS_TIMES.in_force(as_of):
        findings.append(compulsory_topics_finding(period, records, as_of))
    return Compliance(Unit.CREDIT, CycleProgress(period, required, earned, counted), years, tuple(findings))


def cycle_finding(period: Period, earned: Decimal, counted: Decimal, school: Decimal, as_of: date) -> Finding:
    param = P.CYCLE_REQUIRED.value_at(as_of)
    required = param.value
    span = f"本周期（{period.start} 至 {period.end}{setting(P.CYCLE_ANCHOR_YEAR, as_of, inner=True)}）"
    capped = f"（校本 {fmt(school)} 学分按 {fmt(counted - earned + school)} 计）" if counted < earned else ""
    if counted >= required:
        message = f"{span}已计 {fmt(counted)} 学分{capped}，达到 {fmt(required)} 学分"
    else:
        message = f"{span}已计 {fmt(counted)} 学分{capped}，还需 {fmt(required - counted)} 学分，截止 {period.end}"
    return Finding("cycle_total", counted >= required, required, counted, message, param.source, period.end)


def a_class_finding(period: Period, a_class: Decimal, as_of: date) -> Finding:
    param = P.A_CLASS_CYCLE_MINIMUM.value_at(as_of)
    minimum = param.value
    if a_class >= minimum:
        message = f"A 类学分 {fmt(a_class)}，达到不低于 {fmt(minimum)} 学分的要求"
    else:
        message = (
            f"A 类学分 {fmt(a_class)}，还需 {fmt(minimum - a_class)} 学分 A 类学分，截止 {period.end}；"
            f"低于 {fmt(minimum)} 学分即为不达标（达不到 360 学分）"
        )
    return Finding("a_class_minimum", a_class >= minimum, minimum, a_class, message, param.source, period.end)


def school_based_cap_finding(school: Decimal, as_of: date) -> Finding:
    """A cap, not a duty: always ok; says how much of the school-based credit counts."""
    param = P.SCHOOL_BASED_CYCLE_CAP.value_at(as_of)
    cap = param.value
    if school > cap:
        message = f"本周期校本培训 {fmt(school)} 学分，超过 {fmt(cap)} 学分，按 {fmt(cap)} 学分计入"
    else:
        message = f"本周期校本培训 {fmt(school)} 学分，全部计入（五年至多计 {fmt(cap)} 学分）"
    return Finding("school_based_cap", True, cap, school, message, param.source)


def yearly_finding(year: YearProgress, as_of: date) -> Finding:
    """One a year of the cycle: below 48, that year's rating cannot be 优秀 (2018 附件1(三))."""
    param = P.YEARLY_REQUIRED.value_at(as_of)
    required = year.required
    end = date(year.year, 12, 31)
    # The consequence for the annual rating applies from 2018-01-01 (2018 附件1); before,
    # the yearly 48 of the Shandong rules (2018 §一) stands alone.
    consequence = "；达不到则该年度考核不得评为优秀" if end >= P.APPLICATION_FROM.at(as_of) else ""
    if year.ok:
        message = f"{year.year} 年 {fmt(year.earned)} 学分，达到每年 {fmt(required)} 学分"
    elif year.year == as_of.year:
        message = (
            f"{year.year} 年已得 {fmt(year.earned)} 学分，还需 {fmt(required - year.earned)} 学分，截止 {end}{consequence}"
        )
    else:
        message = f"{year.year} 年 {fmt(year.earned)} 学分，未达每年 {fmt(required)} 学分{consequence.replace('达不到则', '')}"
    return Finding("yearly_minimum", year.ok, required, year.earned, message, param.source, end)


def personalized_count(records: Sequence[Record], period: Period) -> int:
    return sum(1 for r in records if r.program == "city_personalized" and r.amount > 0 and r.date in period)


def personalized_finding(period: Period, records: Sequence[Record], as_of: date) -> Finding:
    param = P.PERSONALIZED_MINIMUM.value_at(as_of)
    minimum = param.value
    count = personalized_count(records, to_date(period, as_of))
    ok = count >= minimum
    if ok:
        message = f"本周期参加市级个性化培训 {count} 次，达到 5 年不少于 {minimum} 次"
    else:
        message = f"本周期参加市级个性化培训 {count} 次，还需 {minimum - count} 次，截止 {period.end}"
    return Finding("personalized_training_count", ok, Decimal(minimum), Decimal(count), message, param.source,
                   period.end)


def compulsory_topics_finding(period: Period, records: Sequence[Record], as_of: date) -> Finding:
    """Ethics, mental health, IT, child-protection law and financial literacy (2018 §三),
    each at least ``compulsory_topics_times`` times in the cycle (a setting)."""
    so_far = to_date(period, as_of)
    times = P.COMPULSORY_TOPICS_TIMES.at(as_of)
    taken = {code: 0 for code in P.COMPULSORY_TOPICS}
    for r in records:
        if r.date in so_far and r.amount > 0:
            for t in set(r.topics) & set(taken):
                taken[t] += 1
    missing = [label for code, label in P.COMPULSORY_TOPICS.items() if taken[code] < times]
    required = len(P.COMPULSORY_TOPICS)
    rule = f"每项本周期内至少 {times} 次{setting(P.COMPULSORY_TOPICS_TIMES, as_of, inner=True)}"
    if missing:
        message = f"本周期尚未参加必修内容培训：{'、'.join(missing)}，截止 {period.end}（{rule}）"
    else:
        message = f"本周期已参加全部必修内容培训：{'、'.join(P.COMPULSORY_TOPICS.values())}（{rule}）"
    return Finding(
        "compulsory_topics", not missing, Decimal(required), Decimal(required - len(missing)), message,
        P.COMPULSORY_TOPICS_TIMES.source_at(as_of), period.end,
    )


# Eligibility ----------------------------------------------------------------------------


def eligibility(teacher: TeacherFacts, records: Sequence[Record], as_of: date) -> list[Eligibility]:
    """Annual rating, title review by level, certificate re-registration, awards (2018 附件1)."""
    return [
        annual_rating(records, as_of),
        title_junior(records, as_of),
        title_intermediate(teacher, records, as_of),
        five_year_use("title_senior", "高级职称评审", P.TITLE_SENIOR, records, as_of),
        five_year_use("title_full_senior", "正高级职称评审", P.TITLE_SENIOR, records, as_of),
        certificate_registration(records, as_of),
        five_year_use("awards", "评优评先", P.AWARDS, records, as_of),
    ]


def not_yet_applied(purpose: str, as_of: date) -> Eligibility | None:
    start = P.APPLICATION_FROM.value_at(as_of)
    if as_of < start.value:
        return Eligibility(purpose, True, f"学分应用规定自 {start.value} 起实施，此前不作学分要求", start.source)
    return None


def annual_rating(records: Sequence[Record], as_of: date) -> Eligibility:
    purpose = "annual_rating_excellent"
    early = not_yet_applied(purpose, as_of)
    if early:
        return early
    minimum = P.YEARLY_REQUIRED.at(as_of)
    earned = total(records, to_date(calendar_year(as_of.year), as_of))
    if earned >= minimum:
        reason = f"{as_of.year} 年已得 {fmt(earned)} 学分，达到 {fmt(minimum)} 学分，年度考核可评为优秀"
        return Eligibility(purpose, True, reason, P.ANNUAL_RATING_SOURCE)
    reason = f"{as_of.year} 年已得 {fmt(earned)} 学分，不足 {fmt(minimum)} 学分的，年度考核不得评为优秀"
    missing = f"还需 {fmt(minimum - earned)} 学分，截止 {as_of.year}-12-31"
    return Eligibility(purpose, False, reason, P.ANNUAL_RATING_SOURCE, missing)


def recent(as_of: date, years: int) -> tuple[Period, str]:
    """近 N 年内: by the setting ``recent_years_window``, rolling back N years from ``as_of``
    (default) or the N calendar years up to ``as_of``'s."""
    how = P.RECENT_YEARS_WINDOW.at(as_of)
    if how == "rolling":
        window = last_years(as_of, years)
    elif how == "calendar":
        window = Period(date(as_of.year - years + 1, 1, 1), as_of)
    else:
        raise bad_setting(P.RECENT_YEARS_WINDOW, f"{how!r} 应为 rolling 或 calendar")
    return window, f"近 {years} 年（{window.start} 至 {window.end}{setting(P.RECENT_YEARS_WINDOW, as_of, inner=True)}）"


def judged(
    purpose: str, label: str, window: Period, span: str, minimum: Decimal, records: Sequence[Record],
    as_of: date, source: str, like_cycle: bool, by_when: str,
) -> Eligibility:
    """At least ``minimum`` credits over ``window``; with ``like_cycle`` school-based counts
    up to 120 and A-class must reach 240, as for the cycle (2018 附件3后 不超过 / 不低于)."""
    earned, counted, a_class, school = window_totals(records, window, as_of)
    amount = counted if like_cycle else earned
    note = f"（校本 {fmt(school)} 学分按 {fmt(school - earned + counted)} 计）" if amount < earned else ""
    short = max(minimum - amount, Decimal(0))
    a_minimum = P.A_CLASS_CYCLE_MINIMUM.at(as_of)
    a_short = Decimal(0)
    if like_cycle and P.A_CLASS_CYCLE_MINIMUM.in_force(as_of):
        a_short = max(a_minimum - a_class, Decimal(0))
    if not short and not a_short:
        return Eligibility(purpose, True, f"{label}：{span}计 {fmt(amount)} 学分{note}，达到 {fmt(minimum)} 学分", source)
    reason = f"{label}：{span}计 {fmt(amount)} 学分{note}"
    if a_short:
        reason += f"，其中 A 类 {fmt(a_class)} 学分，低于 {fmt(a_minimum)} 即不达标"
    else:
        reason += f"，不足 {fmt(minimum)} 学分"
    if a_short >= short:
        missing = f"还需 {fmt(a_short)} 学分 A 类学分"
    elif a_short:
        missing = f"还需 {fmt(short)} 学分（其中 A 类学分至少 {fmt(a_short)}）"
    else:
        missing = f"还需 {fmt(short)} 学分"
    return Eligibility(purpose, False, reason, source, f"{missing}，{by_when}")


def title_junior(records: Sequence[Record], as_of: date) -> Eligibility:
    purpose = "title_junior"
    early = not_yet_applied(purpose, as_of)
    if early:
        return early
    param = P.TITLE_JUNIOR.value_at(as_of)
    years, minimum = param.value
    window, span = recent(as_of, years)
    return judged(purpose, "初级职称评审", window, span, minimum, records, as_of, param.source, False,
                  f"须在申报时的近 {years} 年内取得")


def full_years(since: date, as_of: date) -> int:
    years = as_of.year - since.year - ((as_of.month, as_of.day) < (since.month, since.day))
    return max(years, 0)


def title_intermediate(teacher: TeacherFacts, records: Sequence[Record], as_of: date) -> Eligibility:
    """Intermediate title: 72 / 144 (a setting) / 216 / 288 over the last 1 / 2 / 3 / 4+ years in post.

    Years in post (任职年限) count from the date of the current title, else from entering the
    post: the documents say "任职一年申报人员" without saying from when.
    """
    purpose, label = "title_intermediate", "中级职称评审"
    early = not_yet_applied(purpose, as_of)
    if early:
        return early
    param = P.TITLE_INTERMEDIATE.value_at(as_of)
    since = teacher.title_date or teacher.entered_post
    if since is None:
        return Eligibility(purpose, False, f"{label}：缺少任职时间，无法确定适用的学分要求", param.source,
                           "请登记现职称取得日期或入职日期")
    in_post = full_years(since, as_of)
    if in_post < 1:
        try:
            one_year = since.replace(year=since.year + 1)
        except ValueError:  # 29 February
            one_year = date(since.year + 1, 3, 1)
        return Eligibility(
            purpose, False, f"{label}：自 {since} 任职不满一年，文件只规定任职一年及以上申报人员的学分要求",
            param.source, f"任职满一年（{one_year}）后，近一年内须有 {fmt(param.value[1])} 学分",
        )
    if in_post == 2:
        two = P.TITLE_INTERMEDIATE_TWO_YEARS
        window, span = recent(as_of, 2)
        return judged(purpose, f"{label}（任职 2 年，按近两年 {fmt(two.at(as_of))} 学分{setting(two, as_of, inner=True)}）",
                      window, span, two.at(as_of), records, as_of, two.source_at(as_of), False,
                      "须在申报时的近 2 年内取得")
    years = min(in_post, max(param.value))
    window, span = recent(as_of, years)
    return judged(purpose, f"{label}（自 {since} 任职 {in_post} 年）", window, span, param.value[years], records,
                  as_of, param.source, False, f"须在申报时的近 {years} 年内取得")


def five_year_use(purpose: str, label: str, parameter: Parameter, records: Sequence[Record], as_of: date) -> Eligibility:
    """Senior titles and awards: 360 in the last five years."""
    early = not_yet_applied(purpose, as_of)
    if early:
        return early
    param = parameter.value_at(as_of)
    years, minimum = param.value
    window, span = recent(as_of, years)
    like_cycle = P.FIVE_YEAR_USES_LIKE_CYCLE.at(as_of)
    label += f"（校本至多计 120、A 类不低于 240{setting(P.FIVE_YEAR_USES_LIKE_CYCLE, as_of, inner=True)}）" if like_cycle else ""
    return judged(purpose, label, window, span, minimum, records, as_of, param.source, like_cycle,
                  f"须在申报时的近 {years} 年内取得")


def certificate_registration(records: Sequence[Record], as_of: date) -> Eligibility:
    """Re-registration every five years needs 360 in the five years: by default those of the
    training cycle, deadline its end (the portal does not know the registration dates)."""
    purpose, label = "certificate_registration", "教师资格定期注册"
    early = not_yet_applied(purpose, as_of)
    if early:
        return early
    if not P.CERTIFICATE_BY_CYCLE.at(as_of):
        return five_year_use(purpose, label, P.CERTIFICATE, records, as_of)
    param = P.CERTIFICATE.value_at(as_of)
    _, minimum = param.value
    period = cycle(as_of)
    span = f"本周期（{period.start} 至 {period.end}{setting(P.CERTIFICATE_BY_CYCLE, as_of, inner=True)}）"
    return judged(purpose, label, to_date(period, as_of), span, minimum, records, as_of, param.source, True,
                  f"截止 {period.end}；达不到的暂缓注册")


# Workflows ------------------------------------------------------------------------------

A2_2017 = f"{P.F2017} §附件2"
A2_2018 = f"{P.F2018} §附件2"

# The documents do not say who audits what a unit submits; the district research centre
# (区教育研究中心, the district admin) is taken, as it runs the training office.
AUDIT_WORKFLOW = Workflow(
    initial="registered",
    states=(
        State("registered", "已登记（结业评价），待提交审核"),
        State("submitted", "已提交审核"),
        State("approved", "审核通过", final=True, counts=True),
        State("rejected", "审核未通过", final=True),
    ),
    transitions=(
        Transition("registered", "submitted", UserRole.SCHOOL_ADMIN, "提交审核（校本培训由学校登记）"),
        Transition("registered", "submitted", UserRole.DISTRICT_ADMIN, "提交审核（区级培训由承担科室登记）"),
        Transition("registered", "submitted", UserRole.INSTITUTION_STAFF, "提交审核（承担培训项目的单位登记）"),
        Transition("submitted", "approved", UserRole.DISTRICT_ADMIN, "审核通过"),
        Transition("submitted", "rejected", UserRole.DISTRICT_ADMIN, "审核不通过"),
    ),
    source=f"{P.F2017} §一（谁举办谁登记）、§二、§附件2 第6—8步（结业评价→学分审核→提交审核）",
)

ENROLLMENT_WORKFLOW = Workflow(
    initial="applied",
    states=(
        State("applied", "已向学校申请，待批准"),
        State("enrolled", "已报名"),
        State("finished", "已结业，待教师评价"),
        State("completed", "已结业，学分已登记", final=True),
        State("rejected", "学校未批准", final=True),
        State("withdrawn", "已退出", final=True),
    ),
    transitions=(
        Transition("applied", "enrolled", UserRole.SCHOOL_ADMIN, "学校批准报名"),
        Transition("applied", "enrolled", UserRole.PRINCIPAL, "学校批准报名"),
        Transition("applied", "rejected", UserRole.SCHOOL_ADMIN, "不予批准"),
        Transition("applied", "rejected", UserRole.PRINCIPAL, "不予批准"),
        Transition("applied", "withdrawn", UserRole.TEACHER, "撤回申请"),
        Transition("enrolled", "completed", UserRole.DISTRICT_ADMIN, "结业评价（区级培训）"),
        Transition("enrolled", "completed", UserRole.SCHOOL_ADMIN, "结业评价（校本培训）"),
        Transition("enrolled", "finished", UserRole.INSTITUTION_STAFF, "完成培训（个性化培训，待教师评价）"),
        Transition("finished", "completed", UserRole.TEACHER, "提交培训评价"),
        Transition("enrolled", "withdrawn", UserRole.SCHOOL_ADMIN, "退出"),
    ),
    source=(
        f"{A2_2018} 四.2（报名前需经学校批准）、五（评价流程）、六（评价后获取学分）；"
        f"{A2_2017} 第4、6步（报名、结业评价）"
    ),
)


# Reporting ------------------------------------------------------------------------------


def dashboard_panels(summary: ScopeSummary) -> list[Panel]:
    on = date(summary.year, 12, 31)
    yearly = P.YEARLY_REQUIRED.value_at(on)
    cycle_required = P.CYCLE_REQUIRED.value_at(on)
    if summary.teachers:
        average = fmt((summary.year_total / summary.teachers).quantize(Decimal("0.1"), ROUND_HALF_UP))
    else:
        average = "—"
    period = cycle(on)
    return [
        Panel(
            f"{summary.year} 年未达 {fmt(yearly.value)} 学分的教师",
            f"{summary.teachers - summary.teachers_meeting_yearly} / {summary.teachers}",
            f"到 {summary.year}-12-31 仍未达到的，{summary.year} 年度考核不得评为优秀",
            P.ANNUAL_RATING_SOURCE,
        ),
        Panel(f"{summary.year} 年人均学分", average, f"每年不低于 {fmt(yearly.value)} 学分", yearly.source),
        Panel(
            "本周期要求",
            f"{fmt(cycle_required.value)} 学分",
            f"{period.start.year}—{period.end.year} 年；校本至多计 "
            f"{fmt(P.SCHOOL_BASED_CYCLE_CAP.at(on))}，A 类不低于 {fmt(P.A_CLASS_CYCLE_MINIMUM.at(on))}",
            cycle_required.source,
        ),
    ]
