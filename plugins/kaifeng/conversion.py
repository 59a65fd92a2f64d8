"""What an activity records, in 学时: the city-wide 60-hour online all-staff training, whose
weighted composite assessment decides whether a teacher passes, gets the 60 hours and the
completion certificate (kaifeng-2018-online-training.txt §三, §三(五)), and other training,
recorded by the hours attended. The numbers the notice does not give (the pass mark, the
default weights, the rounding of other training ...) are settings in ``parameters``; every
step that uses one names it in ``settings``, and its source stays the clause it applies.
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from portal.domain import (
    Activity, ActivityField, ActivityRole, Category, CreditResult, Described, Grade, HoursCondition, InvalidInput,
    Level, Mode, Program, ProjectFacts, Step,
)
from portal.domain.amounts import hours, quantum_at, rounded
from portal.domain.labels import GRADE_LABELS, KINDS, LEVEL_LABELS, parse_codes
from portal.domain.text import Text, listing

from . import parameters as P
from .words import MODE_LABELS, _

HUNDRED = Decimal(100)


# -- the catalogue ------------------------------------------------------------------


def categories() -> list[Category]:
    return [
        Category(P.CATEGORY_ALL_STAFF, _("全市中小学教师全员网络研修"), P.src("三"),
                 _("综合考核合格登记 {hours}", hours=hours(P.PROGRAM_HOURS.default))),
        Category(P.CATEGORY_OTHER, _("其他培训（按实际参训学时登记）"), P.HENAN_RULES,
                 _("本通知之外的培训，按《河南省中小学教师继续教育学时登记管理暂行意见》以实际参训学时登记；本平台未收入该文件原文，可登记的培训形式和学时的取舍按本市教育局的设置")),
    ]


def programs() -> list[Program]:
    return [program.described() for program in P.PROGRAMS.values()]


# §三 states the 60 hours and, in the same clause, what a teacher must do to be credited them: the
# learning the training tasks require and the assessment tasks (三(三)), the composite of which
# decides the registration (三(五)); a page stating "60 学时" alone read as hours for enrolling
HOURS_CONDITION_SOURCE = P.src(P.HOURS_CLAUSE, "三(三)（学员必须完成研修任务中规定的学习要求）",
                               "三(五)（考核合格的教师，学时计入中小学教师继续教育学时登记系统）")


def hours_condition(project: ProjectFacts) -> HoursCondition | None:
    """What an all-staff project's teacher must complete for its hours to be registered (§三(三),
    §三(五)); other training states its hours alone (the notice sets nothing of it)."""
    if project.program not in P.PROGRAMS or not P.PROGRAM_HOURS.in_force(project.end):
        return None
    return HoursCondition(
        _("{hours}须综合考核合格方计入继续教育学时登记系统：学员须完成研修任务规定的学习要求（上网学习视频课程、"
          "电子教案等，参加线上线下的互动研讨、学习反思、答疑等活动），并按照要求完成考核任务；考核成绩按在线学习"
          "课程时间、在线研讨交流积分与研修任务完成情况综合计算", hours=hours(P.PROGRAM_HOURS.at(project.end))),
        HOURS_CONDITION_SOURCE,
        # on a catalog card and the organiser's "what completing it would earn", where only the hours fit
        _("考核合格后计入"))


def activity_fields(on: date) -> tuple:
    """What the calculator asks (规则试算): the all-staff training's part scores and the
    project's weights for them (§三(五); the assessment parts), its grade and dates; the modes
    it records, online training (§三) and the other modes by hours (setting ``other_modes``:
    self-study and degree courses are left to the Henan rules). No days, year in post, topics
    or declared credits, and the notice sets hours for participants only: no role."""
    try:
        modes = other_modes(on) | {P.PROGRAM_MODE.at(on)}
    except InvalidInput:  # a bureau's value naming no mode: the conversion says so under the field
        modes = frozenset(Mode)
    offered = tuple(Described(mode.value, MODE_LABELS[mode], P.OTHER_MODES.source_at(on) or P.PROGRAM_MODE.source_at(on))
                    for mode in Mode if mode in modes)
    return ("level", ActivityField("mode", choices=offered), "hours", "start", "end", "grade", "program",
            "scores", "weights")


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
    first = P.ALL_STAFF_TRAINING_PERIOD.value_at(on)
    if on < first.value.start:
        raise InvalidInput("end", _("全员培训（一期）的培训时间为 {start} 至 {end}，{day}尚未开始，不能完成",
                                    start=first.value.start, end=first.value.end, day=on))
    if activity.mode != P.PROGRAM_MODE.at(on):
        raise InvalidInput("mode", _("全员培训以网络研修为主：培训形式应为网络研修"))
    if activity.level not in P.PROGRAM_LEVELS.at(on):
        raise InvalidInput("level", _("全员培训由市教育局组织，或由祥符区、杞县、尉氏县、通许县自行组织：组织层级应为{levels}",
                                      levels=P.PROGRAM_LEVELS.display(P.PROGRAM_LEVELS.at(on))))
    if activity.role != ActivityRole.PARTICIPANT:
        raise InvalidInput("role", _("通知只规定参训学员的学时，未规定坊主、专家等的学时"))


def convert_all_staff(activity: Activity, on: date) -> CreditResult:
    """全员网络研修：综合考核合格登记 60 学时并发结业证书，不合格不登记。

    §三 (60 学时，以网络研修为主), §二(三) (县区自行组织), §四(一) (承担机构), §三(五) and
    §四(二)3 (考核合格者学时计入登记系统并发证书), §五(四) (未参训的教师不再统一安排补训: of
    make-up for a failed teacher the notice says nothing, nor does the step). The pass is
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
    if activity.preview:
        # before any result (a project's page): the pass is what the teacher would earn it by
        steps.append(Step(_("若综合考核合格：学时计入中小学教师继续教育学时登记系统，发放结业证书（考核不合格不登记学时）"),
                          amount, P.src("三(五)", "四(二)3")))
        return CreditResult(amount, P.UNIT, P.CATEGORY_ALL_STAFF, tuple(steps))
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
        steps.append(Step(_("考核不合格：不登记学时，不发结业证书"), amount, P.src("三(五)")))
    return CreditResult(amount, P.UNIT, P.CATEGORY_ALL_STAFF, tuple(steps))


def all_staff_assessment(activity: Activity, on: date) -> tuple[bool, tuple[Step, ...]]:
    """Pass or fail, from the part scores (with the project's weights, else the settings')
    or, without scores, from the grade the platform reported; both given must agree."""
    if activity.scores:
        passed, steps = assessment(activity.scores, activity.weights, on)
        if activity.grade is not None and (activity.grade != Grade.FAIL) != passed:
            raise InvalidInput("grade", _("考核结果“{grade}”与综合成绩的结论“{verdict}”不符",
                                          grade=GRADE_LABELS[activity.grade], verdict=verdict_words(passed)))
        return passed, steps
    if activity.weights:
        raise InvalidInput("scores", _("给出了各项权重，但未给出各项考核成绩"))
    if activity.grade is None:
        raise InvalidInput("grade", _("全员培训按综合考核登记学时：请填写各项考核成绩或考核结果"))
    grade = GRADE_LABELS[activity.grade]
    return activity.grade != Grade.FAIL, (
        Step(_("平台报送的综合考核结果：{grade}（未给出各项成绩）", grade=grade), grade, P.src("三(五)")),
    )


def verdict_words(passed: bool) -> Text:
    return GRADE_LABELS[Grade.PASS] if passed else GRADE_LABELS[Grade.FAIL]


def other_modes(on: date) -> frozenset[Mode]:
    """The modes of other training recorded by hours (setting ``other_modes``). A bureau's
    value naming no mode is refused in the core's words, under the field the calculator and
    the rules command have always reported for it: the setting's name."""
    try:
        return parse_codes(P.OTHER_MODES.at(on), Mode)
    except ValueError as error:
        refusal = P.OTHER_MODES.refuse(str(error), KINDS[Mode])
        raise InvalidInput(P.OTHER_MODES.name, refusal.message) from None


def convert_other(activity: Activity, on: date) -> CreditResult:
    """Other training, outside the notice (settings ``other_modes`` and ``hours_quantum``:
    the Henan registration rules that would say how are not in the collection):
    centralized, online and school-based training record the hours attended, rounded
    half up to a multiple of the step (0.1 学时); a fail records none. Self-study and
    degree courses, and roles other than participant, are left to the Henan rules."""
    if activity.scores or activity.weights:
        raise InvalidInput("scores" if activity.scores else "weights",
                           _("各项考核成绩和权重只用于全市全员网络研修：请选择项目"))
    if activity.mode not in other_modes(on):
        raise InvalidInput("mode", _("{mode}的学时不在本平台换算，由教育局按《河南省中小学教师继续教育学时登记管理暂行意见》另行认定",
                                     mode=MODE_LABELS[activity.mode]))
    if activity.role != ActivityRole.PARTICIPANT:
        raise InvalidInput("role", _("授课、指导、主讲的学时不在本平台换算，由教育局按《河南省中小学教师继续教育学时登记管理暂行意见》另行认定"))
    recorded = rounded(activity.hours, quantum_at(P.HOURS_QUANTUM, on))
    words = dict(mode=MODE_LABELS[activity.mode], hours=hours(activity.hours))
    if activity.level is None:  # a claim, whose level is not asked (claims.py): the mode names the training
        said = _("{mode}：按实际参训的 {hours}登记，按本市设置的取舍单位四舍五入", **words)
    elif activity.preview:  # a project's page, before any result: the hours are the project's, attended in full
        said = _("{level}{mode}：若全程参训 {hours}并考核合格，按实际参训学时登记，按本市设置的取舍单位四舍五入",
                 level=LEVEL_LABELS[activity.level], **words)
    else:
        said = _("{level}{mode}：按实际参训的 {hours}登记，按本市设置的取舍单位四舍五入", level=LEVEL_LABELS[activity.level],
                 **words)
    steps = [Step(said, recorded, P.HENAN_RULES, settings=(P.OTHER_MODES.name, P.HOURS_QUANTUM.name))]
    amount = recorded
    if activity.preview:
        return CreditResult(amount, P.UNIT, P.CATEGORY_OTHER, tuple(steps))
    if activity.grade == Grade.FAIL:
        amount = Decimal(0)
        steps.append(Step(_("考核不合格，不登记学时"), amount, P.HENAN_RULES))
    elif activity.grade is not None:
        steps.append(Step(_("考核结果：{grade}，登记 {hours}", grade=GRADE_LABELS[activity.grade],
                            hours=hours(recorded)),
                          amount, P.HENAN_RULES))
    return CreditResult(amount, P.UNIT, P.CATEGORY_OTHER, tuple(steps))


# -- the weighted composite assessment (§三(五)) ----------------------------------------


def part_label(code: str) -> Text:
    """A part §三(五) names, or one a project added under its own name (the list ends in 等)."""
    return P.ASSESSMENT_PARTS.get(code) or _("项目另设的考核项“{name}”", name=code)


def default_weights(on: date) -> dict[str, Decimal]:
    """The settings' weights, for a project that gives none."""
    return {code: parameter.at(on) for code, parameter in P.WEIGHT_SETTINGS.items()}


def project_weights(project: ProjectFacts) -> dict[str, Decimal] | None:
    """The weights an all-staff project created without its own is given (§三(五) 按不同权重
    综合计算; the notice leaves them to the project): the settings' (``default_weights``) as
    of its end, when its results are converted, so its results are recorded part by part.
    Other training: none (its results are hours, not a composite)."""
    if project.program not in P.PROGRAMS:
        return None
    return default_weights(project.end)


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
