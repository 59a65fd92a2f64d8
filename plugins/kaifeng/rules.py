"""开封市的规则：纯函数，只用 Decimal，每条规则注明条款。

Unit: 学时 (``Unit.HOUR``). The notice (kaifeng-2018-online-training.txt) sets up one
program, the 60-hour city-wide online all-staff training; numbers it does not give (the
Henan cycle and yearly minimums, the pass mark ...) come from ``parameters`` marked
ASSUMPTION, and every Step or Finding built on them cites that.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from portal.domain import (
    Activity, ActivityRole, Category, Compliance, CreditResult, CycleProgress, Eligibility,
    Finding, Grade, InvalidInput, Level, Mode, Panel, Period, Record, RegionInfo,
    Requirements, RuleVersion, SchoolStage, ScopeSummary, State, Step, TeacherFacts,
    Transition, Unit, UserRole, Workflow, YearProgress, total,
)
from portal.domain.calendar import calendar_year, cycle_containing

from . import parameters as P

UNIT = Unit.HOUR
CODE = "kaifeng"
NAME = "开封市"

_LEVEL_LABELS = {
    Level.NATIONAL: "国家级", Level.PROVINCIAL: "省级", Level.CITY: "市级",
    Level.COUNTY: "区县级", Level.SCHOOL: "校级",
}
_MODE_LABELS = {
    Mode.CENTRALIZED: "集中培训", Mode.ONLINE: "网络研修", Mode.SCHOOL_BASED: "校本研修",
    Mode.SELF_STUDY: "自主研修", Mode.DEGREE: "学历教育",
}
_GRADE_LABELS = {
    Grade.EXCELLENT: "优", Grade.GOOD: "良", Grade.PASS: "合格", Grade.FAIL: "不合格",
}


def fmt(amount: Decimal) -> str:
    """60 → "60", 2.50 → "2.5": figures in messages without exponent or trailing zeros."""
    return f"{amount.normalize():f}"


def at(param: P.Parameter, on: date):
    """The parameter's value on ``on``; dates before the notice are not covered."""
    try:
        return param.at(on)
    except P.NotInForce:
        raise InvalidInput(
            "on", f"开封市规则自 {P.NOTICE_DATE.isoformat()} 起施行，{on.isoformat()} 无适用规则"
        ) from None


# -- region set-up ------------------------------------------------------------------


def region_info(version: str) -> RegionInfo:
    return RegionInfo(code=CODE, name=NAME, unit=UNIT, version=version)


def rule_version(on: date) -> RuleVersion:
    """The only version: the 2018-12-15 notice. Earlier dates raise InvalidInput("on")."""
    at(P.PROGRAM_HOURS, on)
    return RuleVersion(P.RULE_VERSION_CODE, P.NOTICE_DATE, P.RULE_VERSION_SOURCE)


def categories() -> list[Category]:
    return [
        Category(P.CATEGORY_ALL_STAFF, "全市中小学教师全员网络研修", P.src("三")),
        Category(P.CATEGORY_OTHER, "其他培训（按实际学时登记）", P.OTHER_TRAINING_MODES.cite),
    ]


# -- conversion ---------------------------------------------------------------------


def convert(activity: Activity, on: date) -> CreditResult:
    """Dispatch on the program code: the all-staff training (§三) or other training."""
    version = rule_version(on)
    if activity.program is None:
        return convert_other(activity, on, version.code)
    if activity.program in P.PROGRAMS:
        return convert_all_staff(activity, on, version.code)
    codes = "、".join(sorted(P.PROGRAMS))
    raise InvalidInput("program", f"未知的项目代码 {activity.program}；开封市的项目代码为 {codes}")


def convert_all_staff(activity: Activity, on: date, version: str) -> CreditResult:
    """全员网络研修：考核合格登记 60 学时并发结业证书，不合格不登记、不补训。

    §三 (60 学时，以网络研修为主), §二(三) (县区自行组织), §三(五) and §四(二)3 (考核合格者
    学时计入登记系统并发证书), §五(四) (不再统一安排补训). The hours the platform recorded
    online are part of the composite score (see ``assessment_grade``), not the amount:
    a pass records the program's 60 hours. 优/良 are passes (the notice knows no bonus).
    """
    program = P.PROGRAMS[activity.program]
    hours = at(P.PROGRAM_HOURS, on)
    if activity.mode != at(P.PROGRAM_MODE, on):
        raise InvalidInput("mode", "全员培训以网络研修为主，mode 应为 online（§三）")
    levels = at(P.PROGRAM_LEVELS, on)
    if activity.level not in levels:
        raise InvalidInput(
            "level", "全员培训由市教育局组织，或由祥符区、杞县、尉氏县、通许县自行组织：level 应为 city 或 county"
        )
    if activity.role != ActivityRole.PARTICIPANT:
        raise InvalidInput("role", "通知只规定参训学员的学时，未规定坊主、专家等的学时")
    if activity.grade is None:
        raise InvalidInput("grade", "全员培训按综合考核结果登记学时，须给出考核结果（pass 或 fail）")

    organiser = "市教育局组织" if activity.level == Level.CITY else "县区自行组织"
    steps = [
        Step(f"{program.name}（{organiser}，{program.institution}承担）：本次培训学时为 {fmt(hours)} 学时",
             hours, P.PROGRAM_HOURS.cite if activity.level == Level.CITY else f"{P.PROGRAM_HOURS.cite}；{P.src('二(三)')}"),
        Step(f"平台记录在线学习 {fmt(activity.hours)} 学时，计入综合考核，不直接折算学时",
             activity.hours, P.src("三(五)")),
        Step(f"综合考核结果：{_GRADE_LABELS[activity.grade]}", activity.grade.value, P.src("三(五)")),
    ]
    if activity.grade == Grade.FAIL:
        amount = Decimal(0)
        steps.append(Step("考核不合格，不登记学时、不发证书；培训结束后不再统一安排补训", amount,
                          f"{P.src('三(五)')}；{P.MAKE_UP_TRAINING.cite}"))
    else:
        amount = hours
        steps.append(Step(f"考核合格，{fmt(hours)} 学时计入继续教育学时登记系统，发放结业证书", amount,
                          f"{P.src('三(五)')}；{P.src('四(二)3')}"))
    return CreditResult(amount, UNIT, P.CATEGORY_ALL_STAFF, tuple(steps), version)


def convert_other(activity: Activity, on: date, version: str) -> CreditResult:
    """Other training, outside the notice (ASSUMPTION, see parameters.OTHER_TRAINING_MODES):
    centralized, online and school-based training record the hours attended, 1 hour = 1
    学时, rounded to 0.1; a fail records none. Self-study and degree courses, and roles
    other than participant, are not converted (the Henan rules that would say how are
    not in the collection)."""
    modes = at(P.OTHER_TRAINING_MODES, on)
    if activity.mode not in modes:
        raise InvalidInput(
            "mode", f"{_MODE_LABELS[activity.mode]}的学时认定未收录（河南省教师〔2016〕724号），请按该办法另行认定"
        )
    if activity.role != ActivityRole.PARTICIPANT:
        raise InvalidInput("role", "授课、指导、主讲的学时认定未收录（河南省教师〔2016〕724号），请另行认定")
    quantum = at(P.HOURS_QUANTUM, on)
    hours = activity.hours.quantize(quantum, rounding=ROUND_HALF_UP)
    label = f"{_LEVEL_LABELS[activity.level]}{_MODE_LABELS[activity.mode]}"
    steps = [
        Step(f"{label}：按实际参训 {fmt(activity.hours)} 小时登记，1 小时记 1 学时，保留一位小数",
             hours, f"{P.OTHER_TRAINING_MODES.cite}；{P.HOURS_QUANTUM.cite}"),
    ]
    if activity.grade == Grade.FAIL:
        amount = Decimal(0)
        steps.append(Step("考核不合格，不登记学时", amount, P.src("三(五)")))
    else:
        amount = hours
        if activity.grade is not None:
            steps.append(Step(f"考核结果：{_GRADE_LABELS[activity.grade]}，登记 {fmt(hours)} 学时",
                              amount, P.src("三(五)")))
    return CreditResult(amount, UNIT, P.CATEGORY_OTHER, tuple(steps), version)


# -- the weighted assessment (§三(五)) -------------------------------------------------


@dataclass(frozen=True)
class AssessmentScores:
    """The three parts the platform records, each already scored 0–100 by the platform:
    online course time (在线学习课程时间), discussion points (在线研讨交流积分) and task
    completion (研修任务完成)."""

    course_time: Decimal
    discussion: Decimal
    tasks: Decimal


@dataclass(frozen=True)
class AssessmentWeights:
    """The project's weights, in percent, summing to 100 (§三(五) 按不同权重; the notice
    leaves the weights to each project)."""

    course_time: Decimal
    discussion: Decimal
    tasks: Decimal


_PARTS = (("course_time", "在线学习课程时间"), ("discussion", "在线研讨交流积分"), ("tasks", "研修任务完成"))


def assessment_composite(scores: AssessmentScores, weights: AssessmentWeights) -> tuple[Decimal, tuple[Step, ...]]:
    """综合成绩 = Σ 分项成绩 × 权重% (§三(五)); not rounded, so the pass test is exact."""
    source = P.src("三(五)")
    for name, label in _PARTS:
        score, weight = getattr(scores, name), getattr(weights, name)
        if not Decimal(0) <= score <= Decimal(100):
            raise InvalidInput(f"scores.{name}", f"{label}成绩应在 0 到 100 之间")
        if weight < 0:
            raise InvalidInput(f"weights.{name}", f"{label}权重不能为负")
    weight_sum = sum((getattr(weights, name) for name, _ in _PARTS), Decimal(0))
    if weight_sum != 100:
        raise InvalidInput("weights", f"三项权重之和应为 100%，现为 {fmt(weight_sum)}%")
    steps = []
    composite = Decimal(0)
    for name, label in _PARTS:
        part = getattr(scores, name) * getattr(weights, name) / 100
        composite += part
        steps.append(Step(f"{label} {fmt(getattr(scores, name))} 分 × 权重 {fmt(getattr(weights, name))}%",
                          part, source))
    steps.append(Step(f"综合成绩 {fmt(composite)} 分", composite, source))
    return composite, tuple(steps)


def assessment_grade(scores: AssessmentScores, weights: AssessmentWeights, on: date) -> tuple[Grade, tuple[Step, ...]]:
    """合格 when the composite reaches the pass mark (ASSUMPTION: 60 of 100), else 不合格."""
    composite, steps = assessment_composite(scores, weights)
    threshold = at(P.PASS_THRESHOLD, on)
    grade = Grade.PASS if composite >= threshold else Grade.FAIL
    verdict = "合格" if grade == Grade.PASS else "不合格"
    return grade, steps + (
        Step(f"综合成绩 {fmt(composite)} 分，合格线 {fmt(threshold)} 分：{verdict}", grade.value,
             P.PASS_THRESHOLD.cite),
    )


# -- enrollment (§四(二)1, §四(三), §五(四)) ---------------------------------------------


def program_for_stages(stages: Iterable[SchoolStage]) -> str:
    """The project a teacher is submitted to, by the stage they teach (§四(二)1 根据参训教师
    的任教学段选择不同的项目). A teacher of both high school and a lower stage may go to
    either; this returns the high-school one. Vocational teachers are in neither project."""
    stages = frozenset(stages)
    for code in ("all_staff_high", "all_staff_jpk"):
        if stages & P.PROGRAMS[code].stages:
            return code
    raise InvalidInput("stages", "通知的两个项目只分高中和初中、小学、幼儿园学段，未包括该学段")


def enrollment_deadline(training_start: date) -> date:
    """The last 12-20 before the training starts (§四(二)1: 报名截止时间为12月20日, for the
    training of 2019-01 to 04, §四(二)2). Later phases are read the same way."""
    month, day = at(P.ENROLLMENT_DEADLINE, training_start)
    deadline = date(training_start.year, month, day)
    return deadline if deadline < training_start else date(training_start.year - 1, month, day)


def enrollment_findings(program: str, stages: Iterable[SchoolStage], submitted_on: date,
                        training_start: date) -> tuple[Finding, ...]:
    """Whether a submission fits: the project matches the teacher's stage, and it comes
    by the deadline; a late one cannot be made up later (§五(四))."""
    if program not in P.PROGRAMS:
        raise InvalidInput("program", f"未知的项目代码 {program}")
    stages = frozenset(stages)
    fits = bool(stages & P.PROGRAMS[program].stages)
    right = P.PROGRAMS[program_for_stages(stages)].name if not fits else P.PROGRAMS[program].name
    deadline = enrollment_deadline(training_start)
    in_time = submitted_on <= deadline
    return (
        Finding(
            "enrollment_stage", fits, None, None,
            f"按任教学段报名“{right}”" if fits else f"任教学段不符，应报“{right}”",
            P.src("四(二)1"),
        ),
        Finding(
            "enrollment_deadline", in_time, None, None,
            f"已于 {submitted_on.isoformat()} 报名，截止 {deadline.isoformat()}" if in_time
            else f"报名已于 {deadline.isoformat()} 截止；培训结束后不再统一安排补训",
            f"{P.ENROLLMENT_DEADLINE.cite}；{P.MAKE_UP_TRAINING.cite}",
        ),
    )


def fee_finding(fee: Decimal, on: date) -> Finding:
    """不得向参训教师收取任何费用 (§四(三))."""
    allowed = at(P.TEACHER_FEE, on)
    ok = fee <= allowed
    message = "不向参训教师收费" if ok else f"向参训教师收费 {fmt(fee)} 元：培训经费由市、县、区分级承担，不得向教师收费"
    return Finding("teacher_fee", ok, allowed, fee, message, P.TEACHER_FEE.cite)


# -- cycle, requirements, compliance --------------------------------------------------


def cycle(on: date) -> Period:
    """The five-year cycle holding ``on`` (ASSUMPTION: 2016—2020, 2021—2025, ...)."""
    return cycle_containing(on, at(P.CYCLE_ANCHOR_YEAR, on), at(P.CYCLE_YEARS, on))


def requirements(on: date) -> Requirements:
    return Requirements(
        cycle=at(P.CYCLE_MINIMUM, on), yearly=at(P.YEARLY_MINIMUM, on), unit=UNIT,
        cycle_source=P.CYCLE_MINIMUM.cite, yearly_source=P.YEARLY_MINIMUM.cite,
    )


def _counted(records: Sequence[Record], as_of: date) -> list[Record]:
    for record in records:
        if record.unit != UNIT:
            raise InvalidInput("unit", f"开封市按学时登记，记录单位应为 hour，而非 {record.unit.value}")
    return [r for r in records if r.date <= as_of]


def _years_label(period: Period) -> str:
    return f"{period.start.year}—{period.end.year} 年"


def cycle_finding(period: Period, required: Decimal, earned: Decimal) -> Finding:
    ok = earned >= required
    head = f"本周期（{_years_label(period)}）已登记 {fmt(earned)} 学时"
    message = (f"{head}，达到 {fmt(required)} 学时" if ok
               else f"{head}，还需 {fmt(required - earned)} 学时，截止 {period.end.isoformat()}")
    return Finding("cycle_hours", ok, required, earned, message, P.CYCLE_MINIMUM.cite)


def yearly_finding(year: int, required: Decimal, earned: Decimal, as_of: date) -> Finding:
    ok = earned >= required
    end = calendar_year(year).end
    head = f"{year} 年已登记 {fmt(earned)} 学时"
    if ok:
        message = f"{head}，达到年度 {fmt(required)} 学时"
    elif as_of < end:
        message = f"{head}，还需 {fmt(required - earned)} 学时，截止 {end.isoformat()}"
    else:
        message = f"{head}，比年度 {fmt(required)} 学时少 {fmt(required - earned)} 学时（已于 {end.isoformat()} 截止）"
    return Finding("yearly_hours", ok, required, earned, message, P.YEARLY_MINIMUM.cite)


def all_staff_passes(records: Iterable[Record], period: Period) -> list[Record]:
    """Passed all-staff training entries in the period (a fail records 0 hours)."""
    return [r for r in records if r.category == P.CATEGORY_ALL_STAFF and r.amount > 0 and r.date in period]


def all_staff_finding(records: Sequence[Record], period: Period, as_of: date) -> Finding:
    """本次培训为全员培训 (§五(四)), a necessary condition for certification, re-registration,
    title promotion and awards (§五(三)); looked for within the cycle (ASSUMPTION)."""
    passes = all_staff_passes(records, period)
    hours = at(P.PROGRAM_HOURS, as_of)
    earned = total(passes)
    source = f"{P.src('五(四)')}；{P.ALL_STAFF_WINDOW.cite}"
    if passes:
        last = max(r.date for r in passes)
        message = f"本周期已通过全市全员网络研修考核，登记 {fmt(earned)} 学时（最近一次 {last.isoformat()}）"
    else:
        message = (f"本周期（{_years_label(period)}）尚无全市全员网络研修（{fmt(hours)} 学时）合格记录，"
                   "培训结束后不再统一安排补训")
    return Finding("all_staff_training", bool(passes), hours, earned, message, source)


_NECESSARY = "该培训是教师资格认定、定期注册、职称评聘和考核奖励的必备条件"


def check_compliance(teacher: TeacherFacts, records: Sequence[Record], as_of: date) -> Compliance:
    """The cycle total and each year's total (ASSUMPTION minimums; the notice sets no cap,
    so counted = earned) and the all-staff training duty (§五(四))."""
    period = cycle(as_of)
    req = requirements(as_of)
    counted = _counted(records, as_of)
    earned = total(counted, period)
    years = []
    findings = [cycle_finding(period, req.cycle, earned)]
    for year in range(period.start.year, as_of.year + 1):
        year_total = total(counted, calendar_year(year))
        years.append(YearProgress(year, req.yearly, year_total))
        findings.append(yearly_finding(year, req.yearly, year_total, as_of))
    duty = all_staff_finding(counted, period, as_of)
    if not duty.ok:
        duty = replace(duty, message=f"{duty.message}；{_NECESSARY}")
    findings.append(duty)
    return Compliance(
        unit=UNIT,
        cycle=CycleProgress(period, req.cycle, earned, earned),
        years=tuple(years),
        findings=tuple(findings),
    )


# -- eligibility (§五(三)) ------------------------------------------------------------

PURPOSES = (
    ("teacher_certification", "教师资格认定"),
    ("certificate_registration", "教师资格证定期注册"),
    ("title_review", "职务（职称）晋升评聘"),
    ("appraisal_award", "考核奖励"),
)


def eligibility(teacher: TeacherFacts, records: Sequence[Record], as_of: date) -> list[Eligibility]:
    """§五(三): the training is a necessary condition (必备条件) of each purpose below. Only
    that condition is judged here; the others belong to their own rules."""
    counted = _counted(records, as_of)
    finding = all_staff_finding(counted, cycle(as_of), as_of)
    source = P.ALL_STAFF_WINDOW.cite  # §五(三), with the cycle window ASSUMPTION
    result = []
    for purpose, label in PURPOSES:
        if finding.ok:
            reason = f"{finding.message}，满足{label}的全员培训必备条件（其他条件另行审核）"
        else:
            reason = f"{label}以全员培训合格为必备条件：{finding.message}"
        result.append(Eligibility(purpose, finding.ok, reason, source))
    return result


# -- workflows ------------------------------------------------------------------------

ENROLLMENT_WORKFLOW = Workflow(
    initial="enrolled",
    states=(
        State("enrolled", "已报名（学校、区教育局系统管理员提交）"),
        State("completed", "已考核（平台综合考核，合格者发结业证书）", final=True),
        State("withdrawn", "已撤销（不再统一安排补训）", final=True),
    ),
    transitions=(
        Transition("enrolled", "completed", UserRole.INSTITUTION_STAFF, "录入综合考核结果"),
        Transition("enrolled", "withdrawn", UserRole.SCHOOL_ADMIN, "撤销报名"),
        Transition("enrolled", "withdrawn", UserRole.DISTRICT_ADMIN, "撤销报名"),
    ),
    source=f"{P.src('四(一)')}；{P.src('四(二)1')}；{P.src('三(五)')}；{P.src('五(四)')}",
)

AUDIT_WORKFLOW = Workflow(
    initial="submitted",
    states=(
        State("submitted", "考核结果待师训部门审核"),
        State("approved", "学时已登记", final=True, counts=True),
        State("rejected", "已退回", final=True),
    ),
    transitions=(
        Transition("submitted", "approved", UserRole.DISTRICT_ADMIN, "县区师训部门审核登记"),
        Transition("submitted", "rejected", UserRole.DISTRICT_ADMIN, "退回"),
        Transition("submitted", "approved", UserRole.CITY_ADMIN, "市教育局审核登记（局属学校）"),
        Transition("submitted", "rejected", UserRole.CITY_ADMIN, "退回"),
    ),
    source=f"{P.src('三(五)')}；{P.src('五(一)')}",
)


# -- dashboard ------------------------------------------------------------------------


def dashboard_panels(summary: ScopeSummary) -> list[Panel]:
    on = max(date(summary.year, 12, 31), P.NOTICE_DATE)
    yearly = at(P.YEARLY_MINIMUM, on)
    average = (summary.year_total / summary.teachers).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) \
        if summary.teachers else Decimal(0)
    return [
        Panel(f"{summary.year} 年登记学时", f"{fmt(summary.year_total)} 学时",
              f"{summary.teachers} 名教师，人均 {fmt(average)} 学时", P.src("三(五)")),
        Panel(f"{summary.year} 年达到 {fmt(yearly)} 学时", f"{summary.teachers_meeting_yearly}/{summary.teachers}",
              "年度最低学时为假设值，待按河南省学时登记办法核定", P.YEARLY_MINIMUM.cite),
    ]
