"""Who enrols teachers, who assesses and who registers the hours, and what an enrollment
must respect: the project of the teacher's stage, the 12-20 deadline, no fee
(kaifeng-2018-online-training.txt §四, §五); with what a unit may set aside for training
(§五(二))."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from portal.domain import Finding, InvalidInput, SchoolStage, State, Step, Transition, UserRole, Workflow

from . import parameters as P
from .conversion import unknown_program
from .words import _, percent

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
        Step(_("教师工资总额 {amount} 元的 {share}%：可安排培训经费的下限", amount=payroll, share=percent(low)),
             payroll * low, source),
        Step(_("教师工资总额 {amount} 元的 {share}%：可安排培训经费的上限", amount=payroll, share=percent(high)),
             payroll * high, source),
        Step(_("学校年度生均公用经费 {amount} 元的 {share}%：可安排的专项资金", amount=public_funds, share=percent(share)),
             public_funds * share, source),
    )
