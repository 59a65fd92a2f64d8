"""开封市的规则：纯函数，只用 Decimal，每条规则注明条款。

Unit: 学时 (``Unit.HOUR``), not credits. The notice (kaifeng-2018-online-training.txt) sets
up one program, the 60-hour city-wide online all-staff training, whose weighted composite
assessment decides whether a teacher passes, gets the 60 hours and the completion
certificate. The numbers it does not give (the Henan cycle and yearly hours, the pass
mark, the default weights ...) are settings in ``parameters``; every step that uses one
names it in its text, and its source stays the clause it applies.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from portal.domain import (
    Activity, ActivityRole, Category, Compliance, CreditResult, CycleProgress, Duty, Eligibility,
    Finding, Grade, InvalidInput, Level, Mode, Panel, Parameter, Period, Program, Purpose, Record,
    RegionInfo, Requirements, RuleVersion, SchoolStage, ScopeSummary, State, Step, TeacherFacts,
    Transition, Unit, UserRole, Workflow, YearProgress, total,
)
from portal.domain.calendar import calendar_year, cycle_containing

from . import parameters as P

UNIT = Unit.HOUR
CODE = "kaifeng"
NAME = "开封市"
HUNDRED = Decimal(100)

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


def setting_note(*parameters: Parameter) -> str:
    """``本地设置 pass_mark，默认 60``: how a step names the settings it relies on."""
    names = "、".join(p.name for p in parameters)
    if len(parameters) == 1:
        default = parameters[0].values[-1].value
        shown = fmt(default) if isinstance(default, Decimal) else str(default)
        return f"本地设置 {names}，默认 {shown}"
    return f"本地设置 {names}"


# -- region set-up ------------------------------------------------------------------


def region_info(version: str) -> RegionInfo:
    return RegionInfo(code=CODE, name=NAME, unit=UNIT, version=version)


RULE_VERSIONS = (RuleVersion(P.RULE_VERSION_CODE, P.NOTICE_DATE, P.src("序言")),)


def rule_versions() -> list[RuleVersion]:
    """One version: the notice of 2018-12-15. The core applies it to earlier dates too
    (the earliest version), so the Henan-wide settings cover a whole cycle."""
    return list(RULE_VERSIONS)


def rule_version(on: date) -> RuleVersion:
    return next((v for v in reversed(RULE_VERSIONS) if v.effective_from <= on), RULE_VERSIONS[0])


def parameters() -> list[Parameter]:
    return list(P.PARAMETERS)


def categories() -> list[Category]:
    return [
        Category(P.CATEGORY_ALL_STAFF, "全市中小学教师全员网络研修", P.src("三"),
                 "综合考核合格登记 60 学时"),
        Category(P.CATEGORY_OTHER, "其他培训（按实际学时登记）", P.OTHER_MODES.source_at(P.NOTICE_DATE),
                 "集中培训、网络研修、校本研修按实际学时登记（本地设置 other_modes、hours_quantum）"),
    ]


def programs() -> list[Program]:
    return [program.described() for program in P.PROGRAMS.values()]


# -- conversion ---------------------------------------------------------------------


def convert(activity: Activity, on: date) -> CreditResult:
    """Dispatch on the program code: the all-staff training (§三) or other training."""
    version = rule_version(on).code
    if activity.program is None:
        return convert_other(activity, on, version)
    if activity.program in P.PROGRAMS:
        return convert_all_staff(activity, on, version)
    codes = "、".join(sorted(P.PROGRAMS))
    raise InvalidInput("program", f"未知的项目代码 {activity.program}；开封市的项目代码为 {codes}")


def check_all_staff_activity(activity: Activity, on: date) -> None:
    """What an all-staff activity must be: after the notice, online (§三), organised by
    the city or by one of the four counties that run their own (§二(三)), a participant."""
    if not P.PROGRAM_HOURS.in_force(on):
        raise InvalidInput(
            "program", f"全员培训由 {P.NOTICE_DATE.isoformat()} 的通知设立，{on.isoformat()} 尚无该项目",
        )
    if activity.mode != P.PROGRAM_MODE.at(on):
        raise InvalidInput("mode", "全员培训以网络研修为主，mode 应为 online（§三）")
    if activity.level not in P.PROGRAM_LEVELS.at(on):
        raise InvalidInput(
            "level", "全员培训由市教育局组织，或由祥符区、杞县、尉氏县、通许县自行组织：level 应为 city 或 county",
        )
    if activity.role != ActivityRole.PARTICIPANT:
        raise InvalidInput("role", "通知只规定参训学员的学时，未规定坊主、专家等的学时")


def convert_all_staff(activity: Activity, on: date, version: str) -> CreditResult:
    """全员网络研修：综合考核合格登记 60 学时并发结业证书，不合格不登记、不补训。

    §三 (60 学时，以网络研修为主), §二(三) (县区自行组织), §三(五) and §四(二)3 (考核合格者
    学时计入登记系统并发证书), §五(四) (不再统一安排补训). The pass is decided by the weighted
    composite of the part scores when they are given (``assessment``), else by the grade
    the platform reported. The hours the platform recorded online feed the composite
    (在线学习课程时间); they are not the amount: a pass records the program's 60 hours.
    优/良 are passes (the notice knows no bonus).
    """
    check_all_staff_activity(activity, on)
    program = P.PROGRAMS[activity.program]
    hours = P.PROGRAM_HOURS.at(on)
    organiser = "市教育局组织" if activity.level == Level.CITY else "县区自行组织"
    steps = [
        Step(f"{program.label}（{organiser}，{program.institution}承担）：本次培训 {fmt(hours)} 学时",
             hours, P.src("三") if activity.level == Level.CITY else P.src("三", "二(三)")),
        Step(f"平台记录在线学习 {fmt(activity.hours)} 学时，计入综合考核（在线学习课程时间），不直接折算学时",
             activity.hours, P.src("三(五)")),
    ]
    if activity.scores:
        passed, assessed = assessment(activity.scores, activity.weights, on)
        steps.extend(assessed)
        if activity.grade is not None and (activity.grade != Grade.FAIL) != passed:
            raise InvalidInput(
                "grade", f"考核结果“{_GRADE_LABELS[activity.grade]}”与综合成绩的结论“{'合格' if passed else '不合格'}”不符",
            )
    elif activity.weights:
        raise InvalidInput("scores", "给出了权重，但未给出各项考核成绩")
    elif activity.grade is not None:
        passed = activity.grade != Grade.FAIL
        steps.append(Step(f"平台报送的综合考核结果：{_GRADE_LABELS[activity.grade]}（未给出各项成绩）",
                          _GRADE_LABELS[activity.grade], P.src("三(五)")))
    else:
        raise InvalidInput("grade", "全员培训按综合考核登记学时：须给出各项成绩（scores）或考核结果（grade）")

    if passed:
        amount = hours
        steps.append(Step(f"考核合格：{fmt(hours)} 学时计入中小学教师继续教育学时登记系统，发放结业证书",
                          amount, P.src("三(五)", "四(二)3")))
    else:
        amount = Decimal(0)
        steps.append(Step("考核不合格：不登记学时，不发结业证书；培训结束后不再统一安排补训",
                          amount, P.src("三(五)", "五(四)")))
    return CreditResult(amount, UNIT, P.CATEGORY_ALL_STAFF, tuple(steps), version)


def other_modes(on: date) -> frozenset[Mode]:
    """The modes of other training recorded by hours (setting ``other_modes``)."""
    modes = set()
    for code in P.OTHER_MODES.at(on).replace("，", ",").split(","):
        if code.strip():
            try:
                modes.add(Mode(code.strip()))
            except ValueError:
                raise InvalidInput("other_modes", f"本地设置 other_modes 含未知的培训形式 {code.strip()}") from None
    return frozenset(modes)


def convert_other(activity: Activity, on: date, version: str) -> CreditResult:
    """Other training, outside the notice (settings ``other_modes`` and ``hours_quantum``:
    the Henan registration rules that would say how are not in the collection):
    centralized, online and school-based training record the hours attended, rounded
    half up to 0.1 学时; a fail records none. Self-study and degree courses, and roles
    other than participant, are left to the Henan rules."""
    if activity.scores or activity.weights:
        raise InvalidInput("scores" if activity.scores else "weights",
                           "综合考核成绩只用于全市全员网络研修项目：请选择项目（program）")
    if activity.mode not in other_modes(on):
        raise InvalidInput(
            "mode", f"{_MODE_LABELS[activity.mode]}的学时认定未收录（河南省教师〔2016〕724号），请按该办法另行认定",
        )
    if activity.role != ActivityRole.PARTICIPANT:
        raise InvalidInput("role", "授课、指导、主讲的学时认定未收录（河南省教师〔2016〕724号），请另行认定")
    quantum = P.HOURS_QUANTUM.at(on)
    hours = activity.hours.quantize(quantum, rounding=ROUND_HALF_UP)
    label = f"{_LEVEL_LABELS[activity.level]}{_MODE_LABELS[activity.mode]}"
    steps = [
        Step(f"{label}：按实际参训 {fmt(activity.hours)} 学时登记，按 {fmt(quantum)} 学时四舍五入"
             f"（{setting_note(P.OTHER_MODES, P.HOURS_QUANTUM)}）",
             hours, P.OTHER_MODES.source_at(on)),
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


# -- the weighted composite assessment (§三(五)) ----------------------------------------


def part_label(code: str) -> str:
    return P.ASSESSMENT_PARTS.get(code, code)


def default_weights(on: date) -> dict[str, Decimal]:
    """The settings' weights, for a project that gives none."""
    return {code: parameter.at(on) for code, parameter in P.WEIGHT_SETTINGS.items()}


def composite_score(scores: Mapping[str, Decimal], weights: Mapping[str, Decimal], on: date,
                    weights_given: bool = True) -> tuple[Decimal, tuple[Step, ...]]:
    """综合成绩 = Σ 各项成绩 × 权重% (§三(五) 按不同权重综合计算); not rounded, so the pass
    test is exact. Each score lies between 0 and the full score (setting ``full_score``);
    every scored part has a weight, every weighted part a score, and the weights add up to
    100%. Errors name the field: ``scores.tasks``, ``weights.discussion``, ``weights``."""
    full = P.FULL_SCORE.at(on)
    for code, score in scores.items():
        if score > full:
            raise InvalidInput(f"scores.{code}", f"{part_label(code)}成绩应在 0 到 {fmt(full)} 分之间")
    where = "项目权重" if weights_given else f"默认权重（{setting_note(*P.WEIGHT_SETTINGS.values())}）"
    for code in scores:
        if code not in weights:
            raise InvalidInput(f"weights.{code}", f"{where}中没有“{part_label(code)}”的权重")
    for code, weight in weights.items():
        if weight > 0 and code not in scores:
            raise InvalidInput(f"scores.{code}", f"缺少“{part_label(code)}”的成绩（权重 {fmt(weight)}%）")
    weight_sum = sum(weights.values(), Decimal(0))
    if weight_sum != HUNDRED:
        raise InvalidInput("weights", f"{where}之和应为 100%，现为 {fmt(weight_sum)}%")

    source = P.src("三(五)")
    steps = []
    if not weights_given:
        shares = "、".join(f"{part_label(c)} {fmt(w)}%" for c, w in weights.items())
        steps.append(Step(f"项目未给权重，按默认权重：{shares}（{setting_note(*P.WEIGHT_SETTINGS.values())}）",
                          None, P.WEIGHT_COURSE_TIME.source_at(on)))
    ordered = [c for c in P.ASSESSMENT_PARTS if c in scores] + [c for c in scores if c not in P.ASSESSMENT_PARTS]
    composite = Decimal(0)
    for code in ordered:
        part = scores[code] * weights[code] / HUNDRED
        composite += part
        steps.append(Step(f"{part_label(code)} {fmt(scores[code])} 分 × 权重 {fmt(weights[code])}%", part, source))
    steps.append(Step(f"综合成绩 {fmt(composite)} 分（满分 {fmt(full)} 分，{setting_note(P.FULL_SCORE)}）",
                      composite, source))
    return composite, tuple(steps)


def assessment(scores: Mapping[str, Decimal], weights: Mapping[str, Decimal], on: date) -> tuple[bool, tuple[Step, ...]]:
    """合格 when the composite reaches the pass mark (setting ``pass_mark``), else 不合格.
    The project's weights are used when given, else the default weights (settings)."""
    given = bool(weights)
    composite, steps = composite_score(scores, weights if given else default_weights(on), on, given)
    mark = P.PASS_MARK.at(on)
    passed = composite >= mark
    verdict = "合格" if passed else "不合格"
    relation = "达到" if passed else "低于"
    return passed, steps + (
        Step(f"综合成绩 {fmt(composite)} 分，{relation}合格线 {fmt(mark)} 分（{setting_note(P.PASS_MARK)}）：{verdict}",
             verdict, P.PASS_MARK.source_at(on)),
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
    month, day = P.ENROLLMENT_DEADLINE.at(training_start)
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
    right = P.PROGRAMS[program if fits else program_for_stages(stages)].label
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
            P.src("四(二)1", "五(四)"), deadline=deadline,
        ),
    )


def fee_finding(fee: Decimal, on: date) -> Finding:
    """不得向参训教师收取任何费用 (§四(三)): a cap of 0 yuan."""
    allowed = P.TEACHER_FEE.at(on)
    ok = fee <= allowed
    message = "不向参训教师收费" if ok else f"向参训教师收费 {fmt(fee)} 元：培训经费由市、县、区分级承担，不得向教师收费"
    return Finding("teacher_fee", ok, allowed, fee, message, P.TEACHER_FEE.source_at(on))


def training_funds(payroll: Decimal, public_funds: Decimal, on: date) -> tuple[Step, ...]:
    """What a unit may set aside for training (§五(二)): 1.5%–2.5% of the teachers' payroll
    (市直及各区教育局) and 5% of a school's yearly per-student public funds."""
    low, high = P.PAYROLL_SHARE.at(on)
    share = P.PUBLIC_FUNDS_SHARE.at(on)
    source = P.src("五(二)")
    return (
        Step(f"教师工资总额 {fmt(payroll)} 元的 {fmt(low * HUNDRED)}%：可安排培训经费下限", payroll * low, source),
        Step(f"教师工资总额 {fmt(payroll)} 元的 {fmt(high * HUNDRED)}%：可安排培训经费上限", payroll * high, source),
        Step(f"学校年度生均公用经费 {fmt(public_funds)} 元的 {fmt(share * HUNDRED)}%：可安排的专项资金",
             public_funds * share, source),
    )


# -- cycle, requirements, compliance --------------------------------------------------


def cycle(on: date) -> Period:
    """The cycle holding ``on`` (settings: five years from 2016: 2016—2020, 2021—2025 ...)."""
    return cycle_containing(on, P.CYCLE_ANCHOR_YEAR.at(on), P.CYCLE_YEARS.at(on))


def requirements(on: date) -> Requirements:
    return Requirements(
        cycle=P.CYCLE_MINIMUM.at(on), yearly=P.YEARLY_MINIMUM.at(on), unit=UNIT,
        cycle_source=P.CYCLE_MINIMUM.source_at(on), yearly_source=P.YEARLY_MINIMUM.source_at(on),
    )


def counted_records(records: Sequence[Record], as_of: date) -> list[Record]:
    """The records up to ``as_of``; every one must be in 学时."""
    for i, record in enumerate(records):
        if record.unit != UNIT:
            raise InvalidInput(f"records[{i}].unit", f"开封市按学时登记，记录单位应为 hour，而非 {record.unit.value}")
    return [r for r in records if r.date <= as_of]


def _years_label(period: Period) -> str:
    return f"{period.start.year}—{period.end.year} 年"


def cycle_finding(period: Period, required: Decimal, earned: Decimal) -> Finding:
    ok = earned >= required
    head = f"本周期（{_years_label(period)}）已登记 {fmt(earned)} 学时"
    rule = f"周期要求 {fmt(required)} 学时（本地设置 cycle_minimum）"
    message = (f"{head}，达到{rule}" if ok
               else f"{head}，{rule}，还需 {fmt(required - earned)} 学时，截止 {period.end.isoformat()}")
    return Finding("cycle_hours", ok, required, earned, message, P.CYCLE_MINIMUM.source_at(period.end),
                   deadline=period.end)


def yearly_finding(year: int, required: Decimal, earned: Decimal, as_of: date) -> Finding:
    ok = earned >= required
    end = calendar_year(year).end
    head = f"{year} 年已登记 {fmt(earned)} 学时"
    rule = f"年度要求 {fmt(required)} 学时（本地设置 yearly_minimum）"
    if ok:
        message = f"{head}，达到{rule}"
    elif as_of < end:
        message = f"{head}，{rule}，还需 {fmt(required - earned)} 学时，截止 {end.isoformat()}"
    else:
        message = f"{head}，{rule}，少 {fmt(required - earned)} 学时（已于 {end.isoformat()} 截止）"
    return Finding("yearly_hours", ok, required, earned, message, P.YEARLY_MINIMUM.source_at(end), deadline=end)


def all_staff_window(period: Period, as_of: date) -> Period | None:
    """Where a pass counts: this cycle (setting ``all_staff_per_cycle``), else any time up
    to ``as_of`` (``None``)."""
    return period if P.ALL_STAFF_PER_CYCLE.at(as_of) else None


def all_staff_passes(records: Iterable[Record], window: Period | None) -> list[Record]:
    """Passed all-staff training entries in the window (a fail records 0 hours)."""
    return [r for r in records
            if r.category == P.CATEGORY_ALL_STAFF and r.amount > 0 and (window is None or r.date in window)]


_NECESSARY = "该培训是教师资格认定、教师资格证定期注册、职务（职称）晋升评聘和考核奖励的必备条件"


def all_staff_finding(records: Sequence[Record], period: Period, as_of: date) -> Finding:
    """本次培训为全员培训 (§五(四)), a necessary condition for certification, re-registration,
    title promotion and awards (§五(三)); looked for within the cycle (setting
    ``all_staff_per_cycle``). Its deadline is the cycle's end; none when any pass counts."""
    window = all_staff_window(period, as_of)
    passes = all_staff_passes(records, window)
    hours = P.PROGRAM_HOURS.at(as_of)
    earned = total(passes)
    where = "本周期已" if window else "已"
    if passes:
        last = max(r.date for r in passes)
        message = f"{where}通过全市全员网络研修考核，登记 {fmt(earned)} 学时（最近一次 {last.isoformat()}）"
    else:
        scope = f"本周期（{_years_label(period)}，本地设置 all_staff_per_cycle）" if window else ""
        message = (f"{scope}尚无全市全员网络研修（{fmt(hours)} 学时）考核合格记录；培训结束后不再统一安排补训；"
                   f"{_NECESSARY}")
    return Finding("all_staff_training", bool(passes), hours, earned, message, P.src("五(三)", "五(四)"),
                   deadline=window.end if window else None)


def check_compliance(teacher: TeacherFacts, records: Sequence[Record], as_of: date) -> Compliance:
    """The cycle total and each year's total (settings ``cycle_minimum`` and
    ``yearly_minimum``; the notice sets no cap, so counted = earned) and the all-staff
    training duty (§五(三), §五(四))."""
    period = cycle(as_of)
    req = requirements(as_of)
    counted = counted_records(records, as_of)
    earned = total(counted, period)
    years = []
    findings = [cycle_finding(period, req.cycle, earned)]
    for year in range(period.start.year, as_of.year + 1):
        year_total = total(counted, calendar_year(year))
        years.append(YearProgress(year, req.yearly, year_total))
        findings.append(yearly_finding(year, req.yearly, year_total, as_of))
    findings.append(all_staff_finding(counted, period, as_of))
    return Compliance(
        unit=UNIT,
        cycle=CycleProgress(period, req.cycle, earned, earned),
        years=tuple(years),
        findings=tuple(findings),
    )


DUTIES = (
    Duty("cycle_hours", "每周期最低学时", P.CYCLE_MINIMUM.source_at(P.NOTICE_DATE),
         "本地设置 cycle_minimum（默认 360 学时）；河南省学时登记办法未收录"),
    Duty("yearly_hours", "每年最低学时", P.YEARLY_MINIMUM.source_at(P.NOTICE_DATE),
         "本地设置 yearly_minimum（默认 72 学时）；河南省年度学时不在文件中"),
    Duty("all_staff_training", "全市全员网络研修考核合格", P.src("五(三)", "五(四)"),
         "全员培训，未参训不再统一补训；按周期查验（本地设置 all_staff_per_cycle）"),
)


def duties() -> list[Duty]:
    return list(DUTIES)


# -- eligibility (§五(三)) ------------------------------------------------------------

PURPOSES = (
    Purpose("teacher_certification", "教师资格认定", P.src("五(三)"), "以全员培训考核合格为必备条件"),
    Purpose("certificate_registration", "教师资格证定期注册", P.src("五(三)"), "以全员培训考核合格为必备条件"),
    Purpose("title_review", "职务（职称）晋升评聘", P.src("五(三)"), "以全员培训考核合格为必备条件"),
    Purpose("appraisal_award", "考核奖励", P.src("五(三)"), "以全员培训考核合格为必备条件"),
)


def purposes() -> list[Purpose]:
    return list(PURPOSES)


def eligibility(teacher: TeacherFacts, records: Sequence[Record], as_of: date) -> list[Eligibility]:
    """§五(三): the training is a necessary condition (必备条件) of each purpose below. Only
    that condition is judged here; the others belong to their own rules."""
    counted = counted_records(records, as_of)
    period = cycle(as_of)
    finding = all_staff_finding(counted, period, as_of)
    source = P.src("五(三)")
    result = []
    for purpose in PURPOSES:
        if finding.ok:
            result.append(Eligibility(
                purpose.code, True,
                f"{finding.message}，满足{purpose.label}的全员培训必备条件（其他条件另行审核）", source,
            ))
            continue
        by = f"，截止 {finding.deadline.isoformat()}" if finding.deadline else ""
        result.append(Eligibility(
            purpose.code, False,
            f"{purpose.label}以全员培训考核合格为必备条件，尚无合格记录",
            source,
            f"还需通过全市全员网络研修（{fmt(finding.required)} 学时）综合考核{by}；培训结束后不再统一安排补训",
        ))
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
    source=P.src("四(一)", "四(二)1", "三(五)", "五(四)"),
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
    source=P.src("三(五)", "五(一)"),
)


# -- dashboard ------------------------------------------------------------------------


def dashboard_panels(summary: ScopeSummary) -> list[Panel]:
    on = date(summary.year, 12, 31)
    yearly = P.YEARLY_MINIMUM.at(on)
    average = (summary.year_total / summary.teachers).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) \
        if summary.teachers else Decimal(0)
    return [
        Panel(f"{summary.year} 年登记学时", f"{fmt(summary.year_total)} 学时",
              f"{summary.teachers} 名教师，人均 {fmt(average)} 学时", P.src("三(五)")),
        Panel(f"{summary.year} 年达到 {fmt(yearly)} 学时", f"{summary.teachers_meeting_yearly}/{summary.teachers}",
              f"年度要求为{setting_note(P.YEARLY_MINIMUM)}（河南省年度学时不在文件中）",
              P.YEARLY_MINIMUM.source_at(on)),
    ]
