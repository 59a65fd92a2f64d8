"""开封市的规则：纯函数，只用 Decimal，每条规则注明条款。

Unit: 学时 (``Unit.HOUR``), not credits. The notice (kaifeng-2018-online-training.txt) sets
up one program, the 60-hour city-wide online all-staff training, whose weighted composite
assessment decides whether a teacher passes, gets the 60 hours and the completion
certificate. The numbers it does not give (the Henan cycle and yearly hours, the pass
mark, the default weights ...) are settings in ``parameters``; every step and finding that
uses one names it in ``settings``, and its source stays the clause it applies.
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
from portal.domain.tenure import in_post_from, required_for
from portal.domain.text import Messages, Quantity, Text, listing

from . import parameters as P

_ = Messages("kaifeng", "plugins.kaifeng")
ngettext = _.plural

UNIT = Unit.HOUR
CODE = "kaifeng"
NAME = _("开封市")
HUNDRED = Decimal(100)


def hours(amount: Decimal) -> Quantity:
    return Quantity(amount, UNIT)


# -- region set-up ------------------------------------------------------------------


def region_info(version: str) -> RegionInfo:
    return RegionInfo(code=CODE, name=NAME, unit=UNIT, version=version)


def rule_versions() -> list[RuleVersion]:
    """One version: the notice of 2018-12-15 (its date stands at its foot). The core
    applies it to earlier dates too (the earliest version), so the Henan-wide settings
    cover a whole cycle."""
    return [RuleVersion(P.RULE_VERSION_CODE, P.NOTICE_DATE, P.src("落款"))]


def parameters() -> list[Parameter]:
    return list(P.PARAMETERS)


def categories() -> list[Category]:
    return [
        Category(P.CATEGORY_ALL_STAFF, _("全市中小学教师全员网络研修"), P.src("三"),
                 _("综合考核合格登记 {hours}", hours=hours(P.PROGRAM_HOURS.default))),
        Category(P.CATEGORY_OTHER, _("其他培训（按实际参训学时登记）"), P.HENAN_RULES,
                 _("本通知之外的培训按河南省学时登记办法以实际参训学时登记；该办法未收录，可登记的培训形式和学时取舍由本市设置")),
    ]


def programs() -> list[Program]:
    return [program.described() for program in P.PROGRAMS.values()]


def unknown_program() -> InvalidInput:
    labels = listing(program.label for program in P.PROGRAMS.values())
    return InvalidInput("program", _("没有这个项目；开封市的全员培训项目是{programs}", programs=labels))


# -- conversion ---------------------------------------------------------------------


def convert(activity: Activity, on: date) -> CreditResult:
    """Dispatch on the program code: the all-staff training (§三) or other training."""
    if activity.program is None:
        return convert_other(activity, on)
    if activity.program in P.PROGRAMS:
        return convert_all_staff(activity, on)
    raise unknown_program()


def check_all_staff_activity(activity: Activity, on: date) -> None:
    """What an all-staff activity must be: after the notice, online (§三), organised by
    the city or by one of the four counties that run their own (§二(三)), a participant."""
    if not P.PROGRAM_HOURS.in_force(on):
        raise InvalidInput("program", _("全员培训由 {notice} 的通知设立，{day}尚无该项目", notice=P.NOTICE_DATE, day=on))
    if activity.mode != P.PROGRAM_MODE.at(on):
        raise InvalidInput("mode", _("全员培训以网络研修为主：培训形式应为网络研修"))
    if activity.level not in P.PROGRAM_LEVELS.at(on):
        raise InvalidInput("level", _("全员培训由市教育局组织，或由祥符区、杞县、尉氏县、通许县自行组织：组织层级应为{levels}",
                                      levels=P.PROGRAM_LEVELS.display(P.PROGRAM_LEVELS.at(on))))
    if activity.role != ActivityRole.PARTICIPANT:
        raise InvalidInput("role", _("通知只规定参训学员的学时，未规定坊主、专家等的学时"))


def convert_all_staff(activity: Activity, on: date) -> CreditResult:
    """全员网络研修：综合考核合格登记 60 学时并发结业证书，不合格不登记、不补训。

    §三 (60 学时，以网络研修为主), §二(三) (县区自行组织), §四(一) (承担机构), §三(五) and
    §四(二)3 (考核合格者学时计入登记系统并发证书), §五(四) (不再统一安排补训). The pass is
    decided by the weighted composite of the part scores when they are given
    (``assessment``), else by the grade the platform reported. The hours the platform
    recorded online feed the composite (在线学习课程时间); they are not the amount: a pass
    records the program's 60 hours. 优/良 are passes (the notice knows no bonus).
    """
    check_all_staff_activity(activity, on)
    program = P.PROGRAMS[activity.program]
    amount = P.PROGRAM_HOURS.at(on)
    by_city = activity.level == Level.CITY
    steps = [
        Step(_("{program}（{organiser}，{institution}承担）：本次培训 {hours}", program=program.label,
               organiser=_("市教育局组织") if by_city else _("县区自行组织"), institution=program.institution,
               hours=hours(amount)),
             amount, P.src(P.HOURS_CLAUSE, "四(一)") if by_city else P.src(P.HOURS_CLAUSE, "二(三)", "四(一)")),
    ]
    if activity.hours:
        steps.append(Step(_("平台记录在线学习 {hours}，计入综合考核的在线学习课程时间，不直接折算学时",
                            hours=hours(activity.hours)),
                          activity.hours, P.src("三(五)")))
    passed, assessed = all_staff_assessment(activity, on)
    steps.extend(assessed)
    if passed:
        steps.append(Step(_("考核合格：学时计入中小学教师继续教育学时登记系统，发放结业证书"),
                          amount, P.src("三(五)", "四(二)3")))
    else:
        amount = Decimal(0)
        steps.append(Step(_("考核不合格：不登记学时，不发结业证书；培训结束后不再统一安排补训"),
                          amount, P.src("三(五)", "五(四)")))
    return CreditResult(amount, UNIT, P.CATEGORY_ALL_STAFF, tuple(steps))


def all_staff_assessment(activity: Activity, on: date) -> tuple[bool, tuple[Step, ...]]:
    """Pass or fail, from the part scores (with the project's weights, else the settings')
    or, without scores, from the grade the platform reported; both given must agree."""
    if activity.scores:
        passed, steps = assessment(activity.scores, activity.weights, on)
        if activity.grade is not None and (activity.grade != Grade.FAIL) != passed:
            raise InvalidInput("grade", _("考核结果“{grade}”与综合成绩的结论“{verdict}”不符",
                                          grade=P.GRADE_LABELS[activity.grade], verdict=verdict_words(passed)))
        return passed, steps
    if activity.weights:
        raise InvalidInput("scores", _("给出了各项权重，但未给出各项考核成绩"))
    if activity.grade is None:
        raise InvalidInput("grade", _("全员培训按综合考核登记学时：请填写各项考核成绩或考核结果"))
    grade = P.GRADE_LABELS[activity.grade]
    return activity.grade != Grade.FAIL, (
        Step(_("平台报送的综合考核结果：{grade}（未给出各项成绩）", grade=grade), grade, P.src("三(五)")),
    )


def verdict_words(passed: bool) -> Text:
    return P.GRADE_LABELS[Grade.PASS] if passed else P.GRADE_LABELS[Grade.FAIL]


def other_modes(on: date) -> frozenset[Mode]:
    """The modes of other training recorded by hours (setting ``other_modes``)."""
    modes = set()
    for code in P.split_codes(P.OTHER_MODES.at(on)):
        try:
            modes.add(Mode(code))
        except ValueError:
            raise InvalidInput(P.OTHER_MODES.name, _("本市设置的“{label}”中有无法识别的一项：“{value}”",
                                                     label=P.OTHER_MODES.label, value=code)) from None
    return frozenset(modes)


def convert_other(activity: Activity, on: date) -> CreditResult:
    """Other training, outside the notice (settings ``other_modes`` and ``hours_quantum``:
    the Henan registration rules that would say how are not in the collection):
    centralized, online and school-based training record the hours attended, rounded
    half up to 0.1 学时; a fail records none. Self-study and degree courses, and roles
    other than participant, are left to the Henan rules."""
    if activity.scores or activity.weights:
        raise InvalidInput("scores" if activity.scores else "weights",
                           _("各项考核成绩和权重只用于全市全员网络研修：请选择项目"))
    if activity.mode not in other_modes(on):
        raise InvalidInput("mode", _("{mode}的学时按河南省学时登记办法另行认定（该办法未收录）",
                                     mode=P.MODE_LABELS[activity.mode]))
    if activity.role != ActivityRole.PARTICIPANT:
        raise InvalidInput("role", _("授课、指导、主讲的学时按河南省学时登记办法另行认定（该办法未收录）"))
    quantum = P.HOURS_QUANTUM.at(on)
    recorded = activity.hours.quantize(quantum, rounding=ROUND_HALF_UP)
    steps = [
        Step(_("{level}{mode}：按实际参训的 {hours}登记，按本市设置的取舍单位四舍五入",
               level=P.LEVEL_LABELS[activity.level], mode=P.MODE_LABELS[activity.mode],
               hours=hours(activity.hours)),
             recorded, P.HENAN_RULES, settings=(P.OTHER_MODES.name, P.HOURS_QUANTUM.name)),
    ]
    amount = recorded
    if activity.grade == Grade.FAIL:
        amount = Decimal(0)
        steps.append(Step(_("考核不合格，不登记学时"), amount, P.HENAN_RULES))
    elif activity.grade is not None:
        steps.append(Step(_("考核结果：{grade}，登记 {hours}", grade=P.GRADE_LABELS[activity.grade],
                            hours=hours(recorded)),
                          amount, P.HENAN_RULES))
    return CreditResult(amount, UNIT, P.CATEGORY_OTHER, tuple(steps))


# -- the weighted composite assessment (§三(五)) ----------------------------------------


def part_label(code: str) -> Text:
    """A part §三(五) names, or one a project added under its own name (the list ends in 等)."""
    return P.ASSESSMENT_PARTS.get(code) or _("项目另设的考核项“{name}”", name=code)


def default_weights(on: date) -> dict[str, Decimal]:
    """The settings' weights, for a project that gives none."""
    return {code: parameter.at(on) for code, parameter in P.WEIGHT_SETTINGS.items()}


def check_parts(scores: Mapping[str, Decimal], weights: Mapping[str, Decimal], on: date,
                weights_given: bool) -> None:
    """Each score lies between 0 and the full score (setting ``full_score``); every scored
    part has a weight, every weighted part a score, and the weights add up to 100%.
    Errors name the field: ``scores.tasks``, ``weights.discussion``, ``weights``."""
    full = P.FULL_SCORE.at(on)
    for code, score in scores.items():
        if score > full:
            raise InvalidInput(f"scores.{code}", _("{part}成绩应在 0 到 {full} 分之间", part=part_label(code), full=full))
    for code in scores:
        if code not in weights:
            message = (_("项目权重中没有{part}的权重", part=part_label(code)) if weights_given
                       else _("项目未给权重，本市设定的权重中也没有{part}：请填写各项权重", part=part_label(code)))
            raise InvalidInput(f"weights.{code}", message)
    for code, weight in weights.items():
        if weight > 0 and code not in scores:
            raise InvalidInput(f"scores.{code}", _("缺少{part}的成绩（权重 {weight}%）", part=part_label(code), weight=weight))
    weight_sum = sum(weights.values(), Decimal(0))
    if weight_sum != HUNDRED:
        message = (_("各项权重之和应为 100%，现为 {sum}%", sum=weight_sum) if weights_given
                   else _("本市设定的各项权重（{weights}）之和应为 100%，现为 {sum}%",
                          weights=listing(p.label for p in P.WEIGHT_SETTINGS.values()), sum=weight_sum))
        raise InvalidInput("weights", message)


def composite_score(scores: Mapping[str, Decimal], weights: Mapping[str, Decimal], on: date,
                    weights_given: bool = True) -> tuple[Decimal, tuple[Step, ...]]:
    """综合成绩 = Σ 各项成绩 × 权重% (§三(五) 按不同权重综合计算); not rounded, so the pass
    test is exact."""
    check_parts(scores, weights, on, weights_given)
    source = P.src("三(五)")
    steps = []
    if not weights_given:
        steps.append(Step(_("项目方案未给各项权重，按本市设置的权重计算"), None, source,
                          settings=tuple(p.name for p in P.WEIGHT_SETTINGS.values())))
    ordered = [c for c in P.ASSESSMENT_PARTS if c in scores] + [c for c in scores if c not in P.ASSESSMENT_PARTS]
    composite = Decimal(0)
    for code in ordered:
        part = scores[code] * weights[code] / HUNDRED
        composite += part
        used = () if weights_given or code not in P.WEIGHT_SETTINGS else (P.WEIGHT_SETTINGS[code].name,)
        steps.append(Step(_("{part} {score} 分 × 权重 {weight}%", part=part_label(code), score=scores[code],
                            weight=weights[code]), part, source, settings=used))
    steps.append(Step(_("综合成绩 {score} 分", score=composite), composite, source, settings=(P.FULL_SCORE.name,)))
    return composite, tuple(steps)


def assessment(scores: Mapping[str, Decimal], weights: Mapping[str, Decimal], on: date) -> tuple[bool, tuple[Step, ...]]:
    """合格 when the composite reaches the pass mark (setting ``pass_mark``), else 不合格.
    The project's weights are used when given, else the default weights (settings)."""
    given = bool(weights)
    composite, steps = composite_score(scores, weights if given else default_weights(on), on, given)
    mark = P.PASS_MARK.at(on)
    passed = composite >= mark
    text = (_("综合成绩 {score} 分，达到合格线", score=composite) if passed
            else _("综合成绩 {score} 分，低于合格线", score=composite))
    return passed, steps + (
        Step(text, verdict_words(passed), P.src("三(五)"), settings=(P.PASS_MARK.name,)),
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
    raise InvalidInput("stages", _("通知的两个项目只分高中和初中、小学、幼儿园学段，未包括该教师的任教学段"))


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
        raise unknown_program()
    stages = frozenset(stages)
    fits = bool(stages & P.PROGRAMS[program].stages)
    right = P.PROGRAMS[program if fits else program_for_stages(stages)].label
    deadline = enrollment_deadline(training_start)
    in_time = submitted_on <= deadline
    return (
        Finding(
            "enrollment_stage", fits, None, None,
            _("按任教学段报名“{program}”", program=right) if fits
            else _("任教学段不符，应报“{program}”", program=right),
            P.src("四(二)1"),
        ),
        Finding(
            "enrollment_deadline", in_time, None, None,
            _("已于 {day} 报名，报名截止日为 {deadline}", day=submitted_on, deadline=deadline) if in_time
            else _("报名已于 {deadline} 截止；培训结束后不再统一安排补训", deadline=deadline),
            P.src("四(二)1", "五(四)"), deadline=deadline,
        ),
    )


def fee_finding(fee: Decimal, on: date) -> Finding:
    """不得向参训教师收取任何费用 (§四(三)): a cap of 0 yuan."""
    allowed = P.TEACHER_FEE.at(on)
    ok = fee <= allowed
    message = (_("未向参训教师收费") if ok
               else _("向参训教师收费 {fee} 元：培训经费由市、县、区分级承担，不得向参训教师收取任何费用", fee=fee))
    return Finding("teacher_fee", ok, allowed, fee, message, P.TEACHER_FEE.source_at(on))


def training_funds(payroll: Decimal, public_funds: Decimal, on: date) -> tuple[Step, ...]:
    """What a unit may set aside for training (§五(二)): 1.5%–2.5% of the teachers' payroll
    (市直及各区教育局) and 5% of a school's yearly per-student public funds."""
    low, high = P.PAYROLL_SHARE.at(on)
    share = P.PUBLIC_FUNDS_SHARE.at(on)
    source = P.src("五(二)")
    return (
        Step(_("教师工资总额 {amount} 元的 {share}%：可安排培训经费的下限", amount=payroll, share=low * HUNDRED),
             payroll * low, source),
        Step(_("教师工资总额 {amount} 元的 {share}%：可安排培训经费的上限", amount=payroll, share=high * HUNDRED),
             payroll * high, source),
        Step(_("学校年度生均公用经费 {amount} 元的 {share}%：可安排的专项资金", amount=public_funds, share=share * HUNDRED),
             public_funds * share, source),
    )


# -- cycle, requirements, compliance --------------------------------------------------


def cycle(on: date) -> Period:
    """The cycle holding ``on`` (settings: five years from 2016: 2016—2020, 2021—2025 ...)."""
    return cycle_containing(on, P.CYCLE_ANCHOR_YEAR.at(on), P.CYCLE_YEARS.at(on))


def requirements(on: date) -> Requirements:
    """Both figures are settings (the Henan documents are not in the collection): no
    clause of the notice is cited for them."""
    return Requirements(
        cycle=P.CYCLE_MINIMUM.at(on), yearly=P.YEARLY_MINIMUM.at(on), unit=UNIT,
        cycle_source="", yearly_source="",
        settings=P.CYCLE_SETTINGS + (P.YEARLY_MINIMUM.name,),
    )


def counted_records(records: Sequence[Record], as_of: date) -> list[Record]:
    """The records up to ``as_of``; every one must be in 学时."""
    for i, record in enumerate(records):
        if record.unit != UNIT:
            raise InvalidInput(f"records[{i}].unit", _("开封市按学时登记，这条记录不是以学时计的，不能计入"))
    return [r for r in records if r.date <= as_of]


def cycle_progress(teacher: TeacherFacts, period: Period, earned: Decimal, as_of: date) -> tuple[CycleProgress, bool]:
    """The cycle's figure for this teacher: months before they were in post or wholly on
    leave are not held against them; a cycle held in part follows ``partial_cycle``.
    Returns the progress and whether anything is asked at all."""
    required, note = required_for(P.CYCLE_MINIMUM.at(as_of), teacher, period, P.PARTIAL_CYCLE.at(as_of), unit=UNIT)
    return CycleProgress(period, required if required is not None else Decimal(0), earned, earned, note=note), \
        required is not None


def judged(head: Text, ok: bool, note, met: Text, unmet: Text) -> Text:
    """``head`` and whether it meets the requirement (the page shows the figure, the
    shortfall and the settings they come from), with the note that says why the figure is
    this teacher's share."""
    said = _("{situation}，{then}", situation=head, then=met if ok else unmet)
    return _("{situation}；{note}", situation=said, note=note) if note else said


def cycle_finding(progress: CycleProgress, asked: bool) -> Finding:
    period = progress.period
    settings = P.CYCLE_SETTINGS + ((P.PARTIAL_CYCLE.name,) if progress.note else ())
    head = _("本周期已登记 {earned}", earned=hours(progress.earned))
    if not asked:
        message = _("{situation}；{note}", situation=head, note=progress.note)
        return Finding("cycle_hours", True, None, progress.earned, message, P.HENAN_RULES, settings=settings)
    message = judged(head, progress.ok, progress.note, _("达到周期要求"), _("未达到周期要求"))
    return Finding("cycle_hours", progress.ok, progress.required, progress.earned, message, P.HENAN_RULES,
                   deadline=period.end, settings=settings)


def years_in_post(teacher: TeacherFacts, period: Period, as_of: date) -> range:
    """The cycle's years up to ``as_of`` from the teacher's first year in post: a year
    before they entered post or were transferred in asks nothing and is left out."""
    start = in_post_from(teacher)
    first = max(period.start.year, start.year) if start else period.start.year
    return range(first, as_of.year + 1)


def year_progress(teacher: TeacherFacts, year: int, earned: Decimal, as_of: date) -> YearProgress:
    required, note = required_for(P.YEARLY_MINIMUM.at(as_of), teacher, calendar_year(year), P.PARTIAL_YEAR.at(as_of),
                                  unit=UNIT)
    return YearProgress(year, required, earned, note)


def yearly_finding(progress: YearProgress) -> Finding:
    head = _("{year} 年已登记 {earned}", year=progress.year, earned=hours(progress.earned))
    message = judged(head, progress.ok, progress.note, _("达到年度要求"), _("未达到年度要求"))
    settings = (P.YEARLY_MINIMUM.name,) + ((P.PARTIAL_YEAR.name,) if progress.note else ())
    return Finding("yearly_hours", progress.ok, progress.required, progress.earned, message, P.HENAN_RULES,
                   deadline=calendar_year(progress.year).end, settings=settings)


def all_staff_window(period: Period, as_of: date) -> Period | None:
    """Where a pass counts: this cycle (setting ``all_staff_per_cycle``), else any time up
    to ``as_of`` (``None``)."""
    return period if P.ALL_STAFF_PER_CYCLE.at(as_of) else None


def all_staff_passes(records: Iterable[Record], window: Period | None) -> list[Record]:
    """Passed all-staff training entries in the window (a fail records 0 hours)."""
    return [r for r in records
            if r.category == P.CATEGORY_ALL_STAFF and r.amount > 0 and (window is None or r.date in window)]


def all_staff_finding(records: Sequence[Record], period: Period, as_of: date) -> Finding:
    """本次培训为全员培训 (§五(四)), a necessary condition for certification, re-registration,
    title promotion and awards (§五(三)); looked for within the cycle (setting
    ``all_staff_per_cycle``). Counted in trainings passed (次): one is asked. Its deadline
    is the cycle's end; none when a pass of any phase counts."""
    window = all_staff_window(period, as_of)
    passes = all_staff_passes(records, window)
    if passes:
        last = max(r.date for r in passes)
        message = (_("本周期已通过全市全员网络研修考核（最近一次 {day}）", day=last) if window
                   else _("已通过全市全员网络研修考核（最近一次 {day}）", day=last))
    else:
        message = _("{situation}；培训结束后不再统一安排补训；该培训是教师资格认定、教师资格证定期注册、"
                    "职务（职称）晋升评聘和考核奖励的必备条件",
                    situation=_("本周期尚无全市全员网络研修考核合格记录") if window
                    else _("尚无全市全员网络研修考核合格记录"))
    # Looked for in the cycle, its deadline is the cycle's end: the cycle's settings too.
    settings = (P.ALL_STAFF_PER_CYCLE.name,) + (P.CYCLE_SETTINGS[1:] if window else ())
    return Finding("all_staff_training", bool(passes), Decimal(1), Decimal(len(passes)), message,
                   P.src("五(三)", "五(四)"), deadline=window.end if window else None, unit=Unit.TIME,
                   settings=settings)


def check_compliance(teacher: TeacherFacts, records: Sequence[Record], as_of: date) -> Compliance:
    """The cycle total and each year's total (settings ``cycle_minimum`` and
    ``yearly_minimum``, for the part of each the teacher was in post: ``partial_cycle``,
    ``partial_year``; the notice sets no cap, so counted = earned) and the all-staff
    training duty (§五(三), §五(四))."""
    period = cycle(as_of)
    counted = counted_records(records, as_of)
    progress, asked = cycle_progress(teacher, period, total(counted, period), as_of)
    years = [year_progress(teacher, year, total(counted, calendar_year(year)), as_of)
             for year in years_in_post(teacher, period, as_of)]
    findings = [cycle_finding(progress, asked)]
    findings.extend(yearly_finding(y) for y in years if y.required is not None)
    findings.append(all_staff_finding(counted, period, as_of))
    return Compliance(unit=UNIT, cycle=progress, years=tuple(years), findings=tuple(findings))


DUTIES = (
    Duty("cycle_hours", _("每周期应登记的学时"), P.HENAN_RULES,
         _("按河南省学时登记办法每周期应登记的学时；本通知和收录文件均未载其数，由本市设置")),
    Duty("yearly_hours", _("每年应登记的学时"), P.HENAN_RULES,
         _("按河南省学时登记办法每年应登记的学时；本通知和收录文件均未载其数，由本市设置")),
    Duty("all_staff_training", _("全市全员网络研修考核合格"), P.src("五(三)", "五(四)"),
         _("本次培训为全员培训，未参训的教师不再统一安排补训；合格记录按周期查验")),
)


def duties() -> list[Duty]:
    return list(DUTIES)


# -- eligibility (§五(三)) ------------------------------------------------------------

_NECESSARY = _("以全员培训考核合格为必备条件")
PURPOSES = (
    Purpose("teacher_certification", _("教师资格认定"), P.src("五(三)"), _NECESSARY),
    Purpose("certificate_registration", _("教师资格证定期注册"), P.src("五(三)"), _NECESSARY),
    Purpose("title_review", _("职务（职称）晋升评聘"), P.src("五(三)"), _NECESSARY),
    Purpose("appraisal_award", _("考核奖励"), P.src("五(三)"), _NECESSARY),
)


def purposes() -> list[Purpose]:
    return list(PURPOSES)


def eligibility(teacher: TeacherFacts, records: Sequence[Record], as_of: date) -> list[Eligibility]:
    """§五(三): the training is a necessary condition (必备条件) of each purpose below. Only
    that condition is judged here; the others belong to their own rules."""
    counted = counted_records(records, as_of)
    finding = all_staff_finding(counted, cycle(as_of), as_of)
    source = P.src("五(三)", "五(四)")
    if finding.deadline:
        missing = _("还需通过全市全员网络研修综合考核，截止 {deadline}；培训结束后不再统一安排补训",
                    deadline=finding.deadline)
    else:
        missing = _("还需通过全市全员网络研修综合考核；培训结束后不再统一安排补训")
    result = []
    for purpose in PURPOSES:
        if finding.ok:
            reason = _("{situation}，满足{purpose}的全员培训必备条件（其他条件另行审核）",
                       situation=finding.message, purpose=purpose.label)
            result.append(Eligibility(purpose.code, True, reason, source, settings=finding.settings))
        else:
            reason = _("{purpose}以全员培训考核合格为必备条件，尚无合格记录", purpose=purpose.label)
            result.append(Eligibility(purpose.code, False, reason, source, missing, settings=finding.settings))
    return result


# -- workflows ------------------------------------------------------------------------

ENROLLMENT_WORKFLOW = Workflow(
    initial="enrolled",
    states=(
        State("enrolled", _("已报名（学校、区教育局系统管理员提交）")),
        State("completed", _("已考核（平台综合考核，合格者发结业证书）"), final=True),
        State("withdrawn", _("已撤销（不再统一安排补训）"), final=True),
    ),
    transitions=(
        Transition("enrolled", "completed", UserRole.INSTITUTION_STAFF, _("录入综合考核结果")),
        Transition("enrolled", "withdrawn", UserRole.SCHOOL_ADMIN, _("撤销报名")),
        Transition("enrolled", "withdrawn", UserRole.DISTRICT_ADMIN, _("撤销报名")),
    ),
    source=P.src("四(一)", "四(二)1", "三(五)", "五(四)"),
)

AUDIT_WORKFLOW = Workflow(
    initial="submitted",
    states=(
        State("submitted", _("考核结果待师训部门审核")),
        State("approved", _("学时已登记"), final=True, counts=True),
        State("rejected", _("已退回"), final=True),
    ),
    transitions=(
        Transition("submitted", "approved", UserRole.DISTRICT_ADMIN, _("县区师训部门审核登记")),
        Transition("submitted", "rejected", UserRole.DISTRICT_ADMIN, _("退回")),
        Transition("submitted", "approved", UserRole.CITY_ADMIN, _("市教育局审核登记（局属学校）")),
        Transition("submitted", "rejected", UserRole.CITY_ADMIN, _("退回")),
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
        Panel(_("{year} 年登记学时", year=summary.year), hours(summary.year_total),
              ngettext("{n} 名教师，人均 {average}", "{n} 名教师，人均 {average}", summary.teachers,
                       average=hours(average)),
              P.HENAN_RULES),
        Panel(_("{year} 年达到年度要求的教师", year=summary.year),
              f"{summary.teachers_meeting_yearly}/{summary.teachers}",
              _("年度要求按河南省学时登记办法；本通知未载其数，本市设置为 {hours}", hours=hours(yearly)),
              P.HENAN_RULES),
    ]
