"""The Qingdao / Shinan credit rules as pure functions over the domain types.

Every number comes from ``parameters``; every Step, Finding and Eligibility cites its
clause. No Flask, no database, Decimal only.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from portal.domain import (
    ActivityRole, Activity, Category, Compliance, CreditResult, CycleProgress, Eligibility,
    Finding, Grade, InvalidInput, Level, Mode, Panel, Period, Record, Requirements,
    RuleVersion, ScopeSummary, State, Step, TeacherFacts, Transition, Unit, UserRole,
    Workflow, YearProgress, total,
)
from portal.domain.calendar import calendar_year, cycle_containing, last_years, years_of

from . import parameters as P

LEVEL_NAMES = {
    Level.NATIONAL: "国家级", Level.PROVINCIAL: "省级", Level.CITY: "市级",
    Level.COUNTY: "区（市县）级", Level.SCHOOL: "校级",
}


def fmt(value: Decimal | int) -> str:
    """A figure as a teacher reads it: 72, 19.5 (no exponent, no trailing zeros)."""
    return format(Decimal(value).normalize(), "f")


# Rule versions and categories -----------------------------------------------------------


def rule_version(on: date) -> RuleVersion:
    """The version in force on ``on``; dates before the first version get the first."""
    current = P.RULE_VERSIONS[0]
    for version in P.RULE_VERSIONS:
        if version.effective_from <= on:
            current = version
    return RuleVersion(current.code, current.effective_from, current.source)


def categories() -> list[Category]:
    return [
        Category(P.A_CLASS, "A 类学分（校本以外的各级培训）", P.A_CLASS_SOURCE),
        Category(P.SCHOOL_BASED, "校本培训学分", P.SCHOOL_BASED_SOURCE),
    ]


# Conversion -----------------------------------------------------------------------------


def convert(activity: Activity, on: date) -> CreditResult:
    """Credits for one activity under the rules in force on ``on``.

    First the amount the activity would earn (which also validates it), then the
    completion evaluation (a fail registers nothing), then the daily cap where the
    credits were counted by the hour.
    """
    version = rule_version(on)
    if activity.program is None:
        program = None
        school_based = is_school_based(activity)
        amount, steps, hourly = general_credits(activity, on, school_based)
    else:
        program = find_program(activity.program, on)
        check_program_fits(program, activity)
        school_based = program.how == "certified" and is_school_based(activity)
        amount, steps, hourly = program_credits(program, activity, on)
    category = P.SCHOOL_BASED if school_based else P.A_CLASS
    failed = completion_failed(activity, program)
    if failed:
        return CreditResult(Decimal(0), Unit.CREDIT, category, steps + (failed,), version.code)
    if hourly:
        amount, cap_step = daily_cap(amount, activity, school_based, on)
        if cap_step:
            steps = steps + (cap_step,)
    return CreditResult(amount, Unit.CREDIT, category, steps, version.code)


def is_school_based(activity: Activity) -> bool:
    """School-based training (校本培训): registered by the school itself (§二2)."""
    return activity.mode == Mode.SCHOOL_BASED or activity.level == Level.SCHOOL


def find_program(code: str, on: date) -> P.Program:
    program = P.PROGRAM_BY_CODE.get(code)
    if program is None or program.since > on:
        known = ", ".join(p.code for p in P.PROGRAMS)
        raise InvalidInput("program", f"未知项目代码 {code!r}；可用：{known}（{P.F2017} §附件1）")
    return program


def check_program_fits(program: P.Program, activity: Activity) -> None:
    """A row of the table belongs to one level and is taken as training (not self-study)."""
    if program.level is not None and activity.level != program.level:
        raise InvalidInput(
            "level",
            f"{program.label}是{LEVEL_NAMES[program.level]}项目（{program.source}），"
            f"level 应为 {program.level.value}",
        )
    if program.how != "certified" and activity.mode not in P.PROGRAM_MODES:
        raise InvalidInput(
            "mode", f"{program.label}按集中或网络培训登记（{program.source}），mode 应为 centralized 或 online"
        )


def completion_failed(activity: Activity, program: P.Program | None) -> Step | None:
    """Credits follow the completion evaluation (结业评价): a fail registers nothing.

    The personalized city training registers credits only after the third-party
    evaluation is passed, so there the result of that evaluation must be given.
    """
    if program is not None and program.needs_evaluation and activity.grade is None:
        raise InvalidInput(
            "grade",
            f"{program.label}须在参训教师参加第三方网络评价合格后登记学分（{program.source}），"
            "请给出评价结果 pass 或 fail",
        )
    if activity.grade == Grade.FAIL:
        if program is None:
            text, source = "结业评价不合格，不登记学分", f"{P.F2017} §附件2 第6步（按学习任务完成情况和实际出勤登记学分）"
        elif program.needs_evaluation:
            text, source = "第三方网络评价不合格，不登记学分", program.source
        elif program.how == "task":
            text, source = "未在规定时间内完成研修任务，不登记学分", program.source
        else:
            text, source = "结业评价不合格（学习任务完成情况和实际出勤未达要求），不登记学分", program.source
        return Step(text, Decimal(0), source)
    return None


def general_credits(activity: Activity, on: date, school_based: bool) -> tuple[Decimal, tuple[Step, ...], bool]:
    """No program: 1 hour = 1 学时 = 1 credit; school-based when the school runs it."""
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
    rate = P.CREDITS_PER_HOUR.at(on)
    amount = activity.hours * rate.value
    kind = "校本培训" if school_based else f"{LEVEL_NAMES[activity.level]}培训"
    steps = (Step(f"{kind}：参训 {fmt(activity.hours)} 学时，1 学时计 1 学分", amount, rate.source),)
    if school_based:
        steps += (Step("由学校按校本培训登记，计入校本培训学分", None, f"{P.F2017} §二2"),)
    return amount, steps, True


def program_credits(
    program: P.Program, activity: Activity, on: date
) -> tuple[Decimal, tuple[Step, ...], bool]:
    """Credits of a row of the Shinan standard table; the flag says they are counted by hours."""
    role = activity.role
    if program.how == "certified":
        return certified_credits(program, activity)
    if role == ActivityRole.MENTOR:
        if program.mentor_credits is None:
            raise InvalidInput("role", f"{program.label}未规定指导教师学分（{program.source}）")
        return (
            program.mentor_credits,
            (Step(f"{program.label}：脱岗培训期间的指导教师登记 {fmt(program.mentor_credits)} 学分",
                  program.mentor_credits, program.source),),
            False,
        )
    if role in program.teaching_roles:
        return teaching_credits(program, activity, on)
    if role != ActivityRole.PARTICIPANT:
        raise InvalidInput("role", f"{program.label}未规定{role_name(role)}的学分（{program.source}）")
    if program.how == "task":
        return task_credits(program, activity)
    if program.how == "hourly":
        rate = P.CREDITS_PER_HOUR.at(on)
        amount = activity.hours * rate.value
        return (
            amount,
            (Step(f"{program.label}：按实际参训学时计算，{fmt(activity.hours)} 学时计 {fmt(amount)} 学分",
                  amount, program.source),),
            True,
        )
    return fixed_credits(program, activity, on)


def role_name(role: ActivityRole) -> str:
    return {
        ActivityRole.PARTICIPANT: "参训教师", ActivityRole.INSTRUCTOR: "授课教师",
        ActivityRole.MENTOR: "指导教师", ActivityRole.PRESENTER: "出课（讲座、主旨发言）教师",
    }[role]


def teaching_credits(program: P.Program, activity: Activity, on: date) -> tuple[Decimal, tuple[Step, ...], bool]:
    """Trainers and presenters: 2 credits per teaching hour (附件1 第1、2、3、5、7项)."""
    factor = P.TEACHING_HOUR_FACTOR.at(on).value
    amount = activity.hours * factor
    text = (
        f"{program.label}：{role_name(activity.role)}按两倍授课学时登记，"
        f"{fmt(activity.hours)} 学时 × {fmt(factor)} = {fmt(amount)} 学分"
    )
    return amount, (Step(text, amount, program.source),), True


def task_credits(program: P.Program, activity: Activity) -> tuple[Decimal, tuple[Step, ...], bool]:
    """Provincial Internet+ project: 18 credits for the compulsory and 18 for the elective tasks."""
    amount = program.task_credits
    text = f"{program.label}：在规定时间内完成研修任务，记 {fmt(amount)} 学分（按任务完成情况，不按学时）"
    return amount, (Step(text, amount, program.source),), False


def certified_credits(program: P.Program, activity: Activity) -> tuple[Decimal, tuple[Step, ...], bool]:
    """Other cases: the district research centre certifies the credits (据实认定)."""
    if activity.base_credits is None:
        raise InvalidInput(
            "base_credits", f"“其他情况”须给出区教育研究中心据实认定的学分（{program.source}）"
        )
    amount = activity.base_credits
    return amount, (Step(f"其他情况：区教育研究中心据实认定 {fmt(amount)} 学分", amount, program.source),), False


def fixed_credits(program: P.Program, activity: Activity, on: date) -> tuple[Decimal, tuple[Step, ...], bool]:
    """A row's standard: the standard credits for the standard hours, pro rata below them."""
    if program.by_service_year:
        year = activity.service_year
        if year not in program.by_service_year:
            raise InvalidInput(
                "service_year",
                f"{program.label}按第几年任教登记（1、2 或 3，{program.source}）",
            )
        standard = program.by_service_year[year]
        label = f"{program.label}第{year}年"
    else:
        standard = program.standard
        label = program.label
    steps = [Step(f"{label}：{fmt(standard.hours)} 学时登记 {fmt(standard.credits)} 学分",
                  standard.credits, program.source)]
    if activity.hours >= standard.hours:
        steps.append(Step(f"实际出勤 {fmt(activity.hours)} 学时，达到 {fmt(standard.hours)} 学时，"
                          f"登记 {fmt(standard.credits)} 学分", standard.credits, program.source))
        return standard.credits, tuple(steps), False
    quantum = P.PRORATA_QUANTUM.at(on)
    exact = activity.hours * standard.credits / standard.hours
    rounded = exact.quantize(quantum.value, ROUND_HALF_UP)
    amount = exact if exact == rounded else rounded  # round only what has more than one decimal
    short = f"实际出勤 {fmt(activity.hours)} 学时，未满 {fmt(standard.hours)} 学时："
    if standard.credits == standard.hours:
        text = f"{short}按实际出勤登记 {fmt(amount)} 学分"
    else:
        text = f"{short}按 {fmt(standard.credits)}÷{fmt(standard.hours)} 折算，保留一位小数，得 {fmt(amount)} 学分"
    steps.append(Step(text, amount, P.PRORATA_RULE))
    return amount, tuple(steps), False


def span_days(activity: Activity) -> int | None:
    """Days the activity spanned: ``days``, else from ``start`` to ``end`` inclusive."""
    if activity.days is not None:
        return activity.days
    if activity.start and activity.end:
        return (activity.end - activity.start).days + 1
    return None


def daily_cap(amount: Decimal, activity: Activity, school_based: bool, on: date) -> tuple[Decimal, Step | None]:
    """At most 8 credits a day, school-based at most 6 (2018 附件1); none in the 2017 table."""
    cap = (P.SCHOOL_BASED_DAILY_CAP if school_based else P.DAILY_CAP).at(on)
    if cap.value is None:
        return amount, None
    kind = "校本培训" if school_based else "培训"
    days = span_days(activity)
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
            f"共 {days} 天，{kind}每天不超过 {fmt(cap.value)} 学分：{fmt(amount)} 学分按 {fmt(limit)} 学分计",
            limit, cap.source,
        )
    return amount, Step(
        f"共 {days} 天，{kind}每天不超过 {fmt(cap.value)} 学分（至多 {fmt(limit)}）：未超过上限",
        amount, cap.source,
    )


# Cycle and duties -----------------------------------------------------------------------


def cycle(on: date) -> Period:
    return cycle_containing(on, P.CYCLE_ANCHOR_YEAR.at(on).value, P.CYCLE_YEARS.at(on).value)


def requirements(on: date) -> Requirements:
    cycle_required = P.CYCLE_REQUIRED.at(on)
    yearly = P.YEARLY_REQUIRED.at(on)
    return Requirements(cycle_required.value, yearly.value, Unit.CREDIT, cycle_required.source, yearly.source)


def window_totals(records: Sequence[Record], period: Period, on: date) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """(earned, counted, A-class, school-based) over ``period``: school-based counts up to 120."""
    earned = total(records, period)
    school = total(records, period, P.SCHOOL_BASED)
    a_class = total(records, period, P.A_CLASS)
    cap = P.SCHOOL_BASED_CYCLE_CAP.at(on).value
    counted = earned - school + min(school, cap)
    return earned, counted, a_class, school


def to_date(period: Period, as_of: date) -> Period:
    return Period(period.start, min(period.end, as_of))


def check_compliance(teacher: TeacherFacts, records: Sequence[Record], as_of: date) -> Compliance:
    """The 5-year cycle (360, school-based up to 120, A-class at least 240), each year's 48,
    the three city personalized trainings and the compulsory content."""
    period = cycle(as_of)
    so_far = to_date(period, as_of)
    earned, counted, a_class, school = window_totals(records, so_far, as_of)
    required = P.CYCLE_REQUIRED.at(as_of).value
    yearly = P.YEARLY_REQUIRED.at(as_of).value
    years = tuple(
        YearProgress(y, yearly, total(records, to_date(calendar_year(y), as_of)))
        for y in years_of(period) if y <= as_of.year
    )
    findings = (
        cycle_finding(period, earned, counted, school, as_of),
        a_class_finding(period, a_class, as_of),
        school_based_cap_finding(school, as_of),
        *(yearly_finding(y, as_of) for y in years),
        personalized_finding(period, records, as_of),
        compulsory_topics_finding(period, records, as_of),
    )
    return Compliance(Unit.CREDIT, CycleProgress(period, required, earned, counted), years, findings)


def cycle_finding(period: Period, earned: Decimal, counted: Decimal, school: Decimal, as_of: date) -> Finding:
    param = P.CYCLE_REQUIRED.at(as_of)
    required = param.value
    span = f"本周期（{period.start} 至 {period.end}）"
    capped = f"（校本 {fmt(school)} 学分按 {fmt(counted - earned + school)} 计）" if counted < earned else ""
    if counted >= required:
        message = f"{span}已计 {fmt(counted)} 学分{capped}，达到 {fmt(required)} 学分"
    else:
        message = f"{span}已计 {fmt(counted)} 学分{capped}，还需 {fmt(required - counted)} 学分，截止 {period.end}"
    return Finding("cycle_total", counted >= required, required, counted, message, param.source)


def a_class_finding(period: Period, a_class: Decimal, as_of: date) -> Finding:
    param = P.A_CLASS_CYCLE_MINIMUM.at(as_of)
    minimum = param.value
    if a_class >= minimum:
        message = f"A 类学分 {fmt(a_class)}，达到不低于 {fmt(minimum)} 学分的要求"
    else:
        message = (
            f"A 类学分 {fmt(a_class)}，还需 {fmt(minimum - a_class)} 学分（A 类），截止 {period.end}；"
            f"低于 {fmt(minimum)} 学分即不达标"
        )
    return Finding("a_class_minimum", a_class >= minimum, minimum, a_class, message, param.source)


def school_based_cap_finding(school: Decimal, as_of: date) -> Finding:
    """A cap, not a duty: always ok; says how much of the school-based credit counts."""
    param = P.SCHOOL_BASED_CYCLE_CAP.at(as_of)
    cap = param.value
    if school > cap:
        message = f"本周期校本培训 {fmt(school)} 学分，超过 {fmt(cap)} 学分，按 {fmt(cap)} 学分计入"
    else:
        message = f"本周期校本培训 {fmt(school)} 学分，全部计入（五年至多计 {fmt(cap)} 学分）"
    return Finding("school_based_cap", True, cap, school, message, param.source)


def yearly_finding(year: YearProgress, as_of: date) -> Finding:
    param = P.YEARLY_REQUIRED.at(as_of)
    required = year.required
    consequence = "该年度考核不得评为优秀"
    if year.ok:
        message = f"{year.year} 年 {fmt(year.earned)} 学分，达到每年 {fmt(required)} 学分"
    elif year.year == as_of.year:
        message = (
            f"{year.year} 年已得 {fmt(year.earned)} 学分，还需 {fmt(required - year.earned)} 学分，"
            f"截止 {year.year}-12-31；达不到则{consequence}"
        )
    else:
        message = f"{year.year} 年 {fmt(year.earned)} 学分，未达 {fmt(required)} 学分：{consequence}"
    return Finding(f"yearly_minimum_{year.year}", year.ok, required, year.earned, message, param.source)


def personalized_count(records: Sequence[Record], period: Period) -> int:
    return sum(1 for r in records if r.program == "city_personalized" and r.amount > 0 and r.date in period)


def personalized_finding(period: Period, records: Sequence[Record], as_of: date) -> Finding:
    param = P.PERSONALIZED_MINIMUM.at(as_of)
    minimum = param.value
    count = personalized_count(records, to_date(period, as_of))
    ok = count >= minimum
    if ok:
        message = f"本周期参加市级个性化培训 {count} 次，达到 5 年不少于 {minimum} 次"
    else:
        message = f"本周期参加市级个性化培训 {count} 次，还需 {minimum - count} 次，截止 {period.end}"
    return Finding("personalized_training_count", ok, Decimal(minimum), Decimal(count), message, param.source)


def compulsory_topics_finding(period: Period, records: Sequence[Record], as_of: date) -> Finding:
    """Ethics, mental health, IT, child-protection law and financial literacy (2018 §三)."""
    so_far = to_date(period, as_of)
    seen = {t for r in records if r.date in so_far and r.amount > 0 for t in r.topics}
    missing = [label for code, label in P.COMPULSORY_TOPICS.items() if code not in seen]
    required = len(P.COMPULSORY_TOPICS)
    if missing:
        message = f"本周期尚未参加必修内容培训：{'、'.join(missing)}，截止 {period.end}"
    else:
        message = f"本周期已参加全部必修内容培训：{'、'.join(P.COMPULSORY_TOPICS.values())}"
    return Finding(
        "compulsory_topics", not missing, Decimal(required), Decimal(required - len(missing)), message,
        f"{P.COMPULSORY_TOPICS_SOURCE}；{P.COMPULSORY_TOPICS_WINDOW}",
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
        five_year_use("certificate_registration", "教师资格定期注册", P.CERTIFICATE, records, as_of),
        five_year_use("awards", "评优评先", P.AWARDS, records, as_of),
    ]


def not_yet_applied(purpose: str, as_of: date) -> Eligibility | None:
    start = P.APPLICATION_FROM.at(as_of)
    if as_of < start.value:
        return Eligibility(purpose, True, f"学分应用规定自 {start.value} 起实施，此前不作学分要求", start.source)
    return None


def annual_rating(records: Sequence[Record], as_of: date) -> Eligibility:
    param = P.YEARLY_REQUIRED.at(as_of)
    earned = total(records, to_date(calendar_year(as_of.year), as_of))
    minimum = param.value
    if earned >= minimum:
        reason = f"{as_of.year} 年已得 {fmt(earned)} 学分，达到 {fmt(minimum)} 学分，可评为年度考核优秀"
    else:
        reason = (
            f"{as_of.year} 年已得 {fmt(earned)} 学分，还需 {fmt(minimum - earned)} 学分，截止 {as_of.year}-12-31；"
            "达不到不得评为年度考核优秀"
        )
    return Eligibility("annual_rating_excellent", earned >= minimum, reason, P.ANNUAL_RATING_SOURCE)


def rolling(
    purpose: str, label: str, years: int, minimum: Decimal, records: Sequence[Record], as_of: date,
    source: str, cap_school_based: bool = False,
) -> Eligibility:
    """At least ``minimum`` credits in the ``years`` years up to ``as_of`` (近 N 年内)."""
    window = last_years(as_of, years)
    earned, counted, _, school = window_totals(records, window, as_of)
    amount = counted if cap_school_based else earned
    note = f"（校本 {fmt(school)} 学分按 {fmt(school - earned + counted)} 计）" if amount < earned else ""
    span = f"近 {years} 年（{window.start} 至 {window.end}）"
    if amount >= minimum:
        reason = f"{label}：{span}{fmt(amount)} 学分{note}，达到 {fmt(minimum)} 学分"
    else:
        reason = f"{label}：{span}{fmt(amount)} 学分{note}，还需 {fmt(minimum - amount)} 学分"
    return Eligibility(purpose, amount >= minimum, reason, source)


def title_junior(records: Sequence[Record], as_of: date) -> Eligibility:
    early = not_yet_applied("title_junior", as_of)
    if early:
        return early
    param = P.TITLE_JUNIOR.at(as_of)
    years, minimum = param.value
    return rolling("title_junior", "初级职称评审", years, minimum, records, as_of, param.source)


def full_years(since: date, as_of: date) -> int:
    years = as_of.year - since.year - ((as_of.month, as_of.day) < (since.month, since.day))
    return max(years, 0)


def title_intermediate(teacher: TeacherFacts, records: Sequence[Record], as_of: date) -> Eligibility:
    """Intermediate title: 72 / 216 / 288 over the last 1 / 3 / 4+ years in post."""
    purpose, label = "title_intermediate", "中级职称评审"
    early = not_yet_applied(purpose, as_of)
    if early:
        return early
    param = P.TITLE_INTERMEDIATE.at(as_of)
    since = teacher.title_date or teacher.entered_post
    if since is None:
        return Eligibility(purpose, False, f"{label}：缺少任职时间，无法确定适用的学分要求", param.source)
    in_post = full_years(since, as_of)
    if in_post < 1:
        return Eligibility(
            purpose, False,
            f"{label}：自 {since} 任职不满一年，文件只规定任职一年及以上申报人员的学分要求", param.source,
        )
    if in_post == 2:
        two = P.TITLE_INTERMEDIATE_TWO_YEARS.at(as_of)
        return rolling(purpose, f"{label}（任职 2 年）", 2, two.value, records, as_of, two.source)
    years = min(in_post, max(param.value))
    label = f"{label}（任职 {in_post} 年）"
    return rolling(purpose, label, years, param.value[years], records, as_of, f"{param.source}；{P.ROLLING_WINDOW_NOTE}")


def five_year_use(purpose: str, label: str, parameter: P.Parameter, records: Sequence[Record], as_of: date) -> Eligibility:
    """Senior titles, certificate re-registration and awards: 360 in the last five years."""
    early = not_yet_applied(purpose, as_of)
    if early:
        return early
    param = parameter.at(as_of)
    years, minimum = param.value
    return rolling(
        purpose, label, years, minimum, records, as_of,
        f"{param.source}；{P.FIVE_YEAR_WINDOW_CAP_NOTE}", cap_school_based=True,
    )


# Workflows ------------------------------------------------------------------------------

A2_2017 = f"{P.F2017} §附件2"
A2_2018 = f"{P.F2018} §附件2"

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
    source=(
        f"{P.F2017} §一（谁举办谁登记）、§二、§附件2 第6—8步（结业评价→学分审核→提交审核）；"
        + P.ASSUMPTION + "文件未写谁审核，取区教育研究中心（区管理员）"
    ),
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
    yearly = P.YEARLY_REQUIRED.at(on)
    cycle_required = P.CYCLE_REQUIRED.at(on)
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
            f"{fmt(P.SCHOOL_BASED_CYCLE_CAP.at(on).value)}，A 类不低于 {fmt(P.A_CLASS_CYCLE_MINIMUM.at(on).value)}",
            cycle_required.source,
        ),
    ]
