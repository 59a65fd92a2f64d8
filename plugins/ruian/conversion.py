"""Credits for one activity (§二): a participant earns the base credits (基础学分) the project
declares when they complete it; the notice gives no conversion from hours, and names only
centralized and school-based training. It says nothing of a teacher who attended part of a
training's hours either: whether that completes it is a setting (attendance_for_completion,
by default all the hours, as 按时足额完成培训任务 reads), and one who falls short earns what an
uncompleted training earns (fail_credits), never a share of the base credits. Every Step cites its clause and names the settings
it relied on (the page shows them in words; the texts never do).
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from portal.domain import (
    Activity, ActivityField, ActivityRole, Category, CreditResult, Described, Grade, InvalidInput, Mode, Program, Step,
    Unit,
)
from portal.domain.amounts import credits, hours, percent
from portal.domain.labels import GRADE_LABELS
from portal.domain.text import listing

from . import parameters as P
from .parameters import src
from .words import MODE_LABELS, OTHER_MODES, ROLE_WORDS, _

# The notice's one mention that a training carries base credits (基础学分) of its own.
BASE_CREDITS_CLAUSE = src("二（基础学分）")  # the notice names a project's credits so; no clause sets them
BASE_STEP = {
    Mode.CENTRALIZED: _("集中培训项目申报的基础学分"),
    Mode.SCHOOL_BASED: _("校（园）本培训项目申报的基础学分"),
}



def activity_fields(on: date) -> tuple:
    """What the calculator asks (规则试算), in the order that matters here: the notice (§二) counts
    the base credits a project declares, for centralized and school-based training only, for
    participants only (no role); days, year in post and topics play no part. The hours attended
    are recorded, not converted; the project's hours tell partial attendance from full."""
    return (
        ActivityField("mode", _("培训形式"), tuple(Described(mode.value, label, P.MODE_SOURCES[mode])
                                               for mode, label in MODE_LABELS.items())),
        ActivityField("base_credits", _("项目申报的基础学分"), required=True),
        ActivityField("hours", _("参训学时（只记录，不折算学分）")),
        ActivityField("planned_hours", _("项目学时（选填）")),
        ActivityField("grade", _("考核结果"), tuple(Described(grade.value, label, P.COMPLETION_CLAUSE)
                                                  for grade, label in GRADE_LABELS.items())),
        ActivityField("program", _("项目类别")),
        ActivityField("level", _("项目级别（不影响学分）"), required=False),  # §二 reads none: may be left out
        ActivityField("start", _("开始日期")),
        ActivityField("end", _("结业日期（按当日规则计算）")),
    )

def categories() -> list[Category]:
    return list(P.CATEGORIES)


def programs() -> list[Program]:
    return list(P.PROGRAMS)


def validate(activity: Activity, on: date) -> None:
    """Raise InvalidInput, in words, for what the notice does not cover."""
    if activity.role is not ActivityRole.PARTICIPANT:
        raise InvalidInput("role", _(
            "只能按参训教师计算：通知只规定参训教师按项目基础学分认定，未规定{role}的学分",
            role=ROLE_WORDS[activity.role]))
    if activity.mode not in P.MODE_SOURCES:
        raise InvalidInput("mode", _(
            "培训形式只能是集中培训或校（园）本培训（通知只规定这两类项目），不能是{mode}",
            mode=OTHER_MODES[activity.mode]))
    if activity.base_credits is None:
        raise InvalidInput("base_credits", _(
            "须填写项目申报的基础学分：瑞安按项目基础学分认定学分，通知未给学时折算"))
    if activity.base_credits <= 0:
        raise InvalidInput("base_credits", _("项目申报的基础学分须大于 0"))
    if activity.program is not None:
        validate_program(activity, on)


def validate_program(activity: Activity, on: date) -> None:
    program = P.PROGRAMS_BY_CODE.get(activity.program)
    if program is None:
        raise InvalidInput("program", _(
            "项目类别不是通知所列的类别；可选：{programs}", programs=listing(p.label for p in P.PROGRAMS)))
    if program.mode is Mode.CENTRALIZED and activity.mode is not Mode.CENTRALIZED:
        raise InvalidInput("mode", _("{program}是集中培训项目，培训形式应为集中培训", program=program.label))
    minimum = P.CENTRALIZED_90_MIN_BASE.at(on)
    if program.code == P.PROGRAM_RESTRICTED_ELECTIVE_90 and activity.base_credits < minimum:
        raise InvalidInput("base_credits", _(
            "{program}的项目基础学分须不少于 {minimum} 学分", program=program.label, minimum=minimum))


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


def required_attendance(on: date) -> Decimal:
    """The share of a project's hours (in %) that completes it (setting attendance_for_completion)."""
    required = P.ATTENDANCE_FOR_COMPLETION.at(on)
    if not 0 < required <= 100:
        raise P.ATTENDANCE_FOR_COMPLETION.refuse(required, _("大于 0、不超过 100 的百分比"))
    return required


def attended_enough(attended: Decimal | None, planned: Decimal | None, on: date) -> bool:
    """Whether ``attended`` hours of a training planned for ``planned`` complete it (§二
    按时足额完成培训任务, setting attendance_for_completion); yes when either is not known."""
    if attended is None or planned is None or planned <= 0:
        return True
    return attended * 100 >= required_attendance(on) * planned


def attendance(activity: Activity, on: date) -> tuple[Step | None, bool]:
    """Whether the participant attended enough of the project's hours to have completed it
    (setting attendance_for_completion, §二 按时足额完成培训任务), and the step that says so;
    no step, and attended, when the training's planned hours are not known (the calculator)."""
    planned = activity.planned_hours
    if planned is None or planned <= 0:
        return None, True
    required = required_attendance(on)
    enough = attended_enough(activity.hours, planned, on)
    share = percent(activity.hours, planned, below=required)  # never shown reaching what it does not
    words = dict(hours=hours(activity.hours), planned=hours(planned), share=share, required=required)
    text = (_("参训 {hours}，为项目 {planned}的 {share}%，达到完成培训所需的 {required}%", **words) if enough
            else _("参训 {hours}，为项目 {planned}的 {share}%，不到完成培训所需的 {required}%，按未完成培训处理",
                   **words))
    # the share is in the words: a bold "= 100" beside them read as 100 credits (a phone trial)
    return Step(text, None, P.COMPLETION_CLAUSE, (P.ATTENDANCE_FOR_COMPLETION.name,)), enough


def credited(base: Decimal, grade: Grade | None, on: date, recognised: bool = False, attended: bool = True) -> Step:
    """The step that gives the credits earned from a project's base credits (§二). A training
    taken outside the portal and ``recognised`` by the school (学分认定, §二) has no grade: the
    school's recognition of its certificate is its completion. One not ``attended`` enough
    (``attendance``) is not completed, whatever its grade."""
    if recognised and grade is None:
        return Step(_("学校凭证明认定已完成培训，得培训申报的基础学分 {credits}", credits=credits(base)), base,
                    P.RECOGNITION_CLAUSE)
    amount = min(P.FAIL_CREDITS.at(on), base)
    capped = _("（不超过项目基础学分）") if amount < P.FAIL_CREDITS.at(on) else ""
    if not attended and grade is not Grade.FAIL:
        return Step(_("出勤不足，未完成培训，得 {credits}{capped}", credits=credits(amount), capped=capped), amount,
                    P.COMPLETION_CLAUSE, (P.ATTENDANCE_FOR_COMPLETION.name, P.FAIL_CREDITS.name))
    if completed(grade, on):
        if grade is None:
            return Step(_("未填考核等第，按完成培训认定，得项目基础学分 {credits}", credits=credits(base)), base,
                        P.COMPLETION_CLAUSE, (P.MISSING_GRADE_IS_PASS.name,))
        return Step(_("考核{grade}，完成培训，得项目基础学分 {credits}（通知不按等第加减）",
                      grade=GRADE_LABELS[grade], credits=credits(base)), base, P.COMPLETION_CLAUSE)
    if grade is Grade.FAIL:
        return Step(_("考核不合格，未完成培训，得 {credits}{capped}", credits=credits(amount), capped=capped), amount,
                    P.COMPLETION_CLAUSE, (P.FAIL_CREDITS.name,))
    return Step(_("未填考核等第，按未完成培训处理，得 {credits}{capped}", credits=credits(amount), capped=capped),
                amount, P.COMPLETION_CLAUSE, (P.MISSING_GRADE_IS_PASS.name, P.FAIL_CREDITS.name))


def category_step(category: str, on: date) -> Step:
    minimum = P.CENTRALIZED_90_MIN_BASE.at(on)
    why = {
        P.CATEGORY_CENTRALIZED_90: _("集中培训，基础学分不少于 {minimum}", minimum=minimum),
        P.CATEGORY_CENTRALIZED: _("集中培训，基础学分少于 {minimum}", minimum=minimum),
        P.CATEGORY_SCHOOL_BASED: _("校（园）本培训，不论学分多少"),
    }[category]
    label = P.CATEGORIES_BY_CODE[category]
    return Step(_("计入的类别：{why}", why=why), label.label, label.source)


def convert(activity: Activity, on: date) -> CreditResult:
    validate(activity, on)
    base = activity.base_credits
    recognised = activity.program == P.PROGRAM_RECOGNISED
    steps = [Step(BASE_STEP[activity.mode], base, BASE_CREDITS_CLAUSE)]
    attended = True
    if not recognised:  # a claim gives the credits it declared, never hours (claims.py)
        steps.append(Step(_("参训 {hours}：学分按项目的基础学分计，学时只作记录（通知未规定学时折算）", hours=hours(activity.hours)), None,
                          BASE_CREDITS_CLAUSE))
        step, attended = attendance(activity, on)
        steps += [step] if step is not None else []
    if activity.program is not None:
        program = P.PROGRAMS_BY_CODE[activity.program]
        steps.append(Step(_("项目类别"), program.label, program.source))
    result = credited(base, activity.grade, on, recognised, attended)
    category = category_of(activity.mode, base, on)
    steps += [result, category_step(category, on)]
    return CreditResult(result.value, Unit.CREDIT, category, tuple(steps))
