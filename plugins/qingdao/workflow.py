"""Who registers, audits and approves (2017 notice §一, §二 and annex 2), and the way a teacher
enrols, pays and evaluates (2018 notice annex 2).

The enrollment workflow is built by ``enrollment_workflow(on)`` rather than kept as a constant:
its payment deadline is the dated parameter ``payment_minutes``, read on the day asked.
"""
from __future__ import annotations

from datetime import date, timedelta

from portal.domain import COMPLETED, LedgerSource, Level, Mode, Notice, State, Transition, UserRole, Workflow
from portal.domain.workflow import (
    AGREEMENT, EVALUATION, FIELDS, OVER_ORGANISER, OVER_TEACHER, PAYMENT, REASON, RESULT, AllOf, AnyOf, Fact, FromSource,
    Not,
)

from . import parameters as P
from .conversion import grades
from .compliance import PERSONALIZED_PROGRAM
from .parameters import F2017, F2018
from .words import _

# The documents do not say who audits what a unit submits; the district research centre
# (区教育研究中心, the district admin) is taken, as it runs the training office.
#
# Each level submits (2017 annex 2 step 8, 提交审核) only the entries it registers, those of the
# trainings it ran (§一 谁举办谁登记): ``audit.audit_findings`` withholds the other levels'
# submission, so a school is not offered a district training's.
#
# Nor do the documents say what the auditor does with a submission it does not accept: the
# portal lets it return the entry for correction (退回修改: back to ``registered``, where the
# level that registered it sees it again with the reason and submits it again once it is put
# right) or refuse it for good (审核不通过, final); both ask a reason, which the core requires
# and shows with the entry. The labels are the portal's: the notices have no words for either.
REGISTERED = "registered"
SUBMITTED = "submitted"

# Which entries each level submits, as conditions the portal asks of its whole queue (so a school
# admin's list holds only what the school registers, not a district training's waiting on the
# district): the same division as ``enrollment.organiser_of`` and ``audit.registrar_of``. A claim
# (a ``claim`` fact, or a claim's ledger source) is the research centre's (row 9).
CLAIM_SOURCES = (LedgerSource.ACHIEVEMENT.value, LedgerSource.DEGREE_COURSE.value, LedgerSource.OUTSIDE.value)
CLAIMED = AnyOf((Not(Fact("claim", ("",))), FromSource(CLAIM_SOURCES)))
PERSONAL = Fact("program", (PERSONALIZED_PROGRAM,))
SCHOOL_RUN = AnyOf((Fact("level", (Level.SCHOOL.value,)), Fact("mode", (Mode.SCHOOL_BASED.value,))))
INSTITUTION_REGISTERS = AllOf((Not(CLAIMED), PERSONAL))
SCHOOL_REGISTERS = AllOf((Not(CLAIMED), Not(PERSONAL), SCHOOL_RUN))
DISTRICT_REGISTERS = Not(AllOf((Not(CLAIMED), AnyOf((PERSONAL, SCHOOL_RUN)))))

AUDIT_WORKFLOW = Workflow(
    initial=REGISTERED,
    states=(
        # registered by whoever ran the training (§一): at a district's or a school's 结业评价 (annex 2
        # step 6), but a personalized training's after the third-party evaluation is passed and the
        # teacher has evaluated the course (annex 1 row 11; 2018 annex 2 §六), and a claim's by the
        # research centre's 据实认定 (row 9): not 已登记（结业评价） for all of them
        State(REGISTERED, _("学分已登记，待提交审核")),
        State(SUBMITTED, _("已提交审核")),
        State("approved", _("审核通过"), final=True, counts=True),
        State("rejected", _("审核未通过"), final=True),
    ),
    transitions=(
        Transition(REGISTERED, SUBMITTED, UserRole.SCHOOL_ADMIN, _("提交审核（校本培训由学校登记）"),
                   applies=SCHOOL_REGISTERS),
        Transition(REGISTERED, SUBMITTED, UserRole.DISTRICT_ADMIN, _("提交审核（区级培训由承担科室登记）"),
                   applies=DISTRICT_REGISTERS),
        Transition(REGISTERED, SUBMITTED, UserRole.INSTITUTION_STAFF, _("提交审核（承担培训项目的单位登记）"),
                   applies=INSTITUTION_REGISTERS),
        Transition(SUBMITTED, "approved", UserRole.DISTRICT_ADMIN, _("审核通过")),
        Transition(SUBMITTED, REGISTERED, UserRole.DISTRICT_ADMIN, _("退回修改"), asks=(REASON,)),
        Transition(SUBMITTED, "rejected", UserRole.DISTRICT_ADMIN, _("审核不通过"), asks=(REASON,)),
    ),
    source=f"{F2017} §一（谁举办谁登记）、§二、§附件2 第6—8步",
)

# The enrollment states (``completed`` is the core's: the credits are registered in it).
APPLIED = "applied"
APPROVED = "approved"
AWAITING_PAYMENT = "awaiting_payment"
ENROLLED = "enrolled"
FINISHED = "finished"
REJECTED = "rejected"
CANCELLED = "cancelled"
WITHDRAWN = "withdrawn"

ENROLLMENT_SOURCE = (
    f"{F2018} §附件2 四2（报名前需向学校、幼儿园提出申请，经学校批准后方可报名）、"
    f"§附件2 四5（选择支付方式进行付费操作）、"
    f"§附件2 四6（点击“报名”按钮后需在30分钟内完成支付，逾期系统将自动取消报名）、§附件2 五、§附件2 六；"
    f"{F2017} §一（谁举办谁登记）、§附件2 第4步、§附件2 第6步、"
    f"§附件1 第11项（参训教师参加第三方网络评价合格后，随即登记学分）"
)

# What the teacher reads and agrees to before clicking 报名 (2018 annex 2 §四4: 阅读《缴费须知》相关内容，
# 点击“我同意”). The notices do not reproduce the 《缴费须知》 itself; what they say of paying is in
# §四3, §四5 and §四6, and that is what the teacher is shown, with those clauses.
PAYMENT_NOTICE_SOURCE = (f"{F2018} §附件2 四3（需提前与单位财务人员确认发票信息，订单一经生成，则无法修改报销凭证信息）、"
                         f"§附件2 四4（阅读《缴费须知》相关内容，点击“我同意”）、"
                         f"§附件2 四5（需提前与单位财务人员确认报销流程及要求）、"
                         f"§附件2 四6（点击“报名”按钮后需在30分钟内完成支付，逾期系统将自动取消报名）")


def payment_notice(payment_minutes: int) -> Notice:
    return Notice(_("缴费须知"), (
        _("请核对培训课程的相关信息，并提前与单位财务人员确认发票信息；订单一经生成，则无法修改报销凭证信息。"),
        _("请提前与单位财务人员确认报销流程及要求，再选择支付方式进行付费操作。"),
        _("点击“报名”后需在 {minutes}内完成支付，逾期系统将自动取消报名。", minutes=P.minutes(payment_minutes)),
    ), PAYMENT_NOTICE_SOURCE)




# What the teacher's button does (2018 annex 2 §四2: 报名前需向学校、幼儿园提出申请，经学校批准后方可报名):
# it asks the school; enrolling (报名) and paying come after the school's approval, on 我的培训.
SELECT_SOURCE = (f"{F2018} §附件2 四2（报名前需向学校、幼儿园提出申请，经学校批准后方可报名）、"
                 f"§附件2 四4、§附件2 四5、§附件2 四6（点击“报名”按钮后需在30分钟内完成支付，逾期系统将自动取消报名）")


def select_notice(payment_minutes: int) -> Notice:
    return Notice(_("报名前须经学校批准"), (
        _("点击下方按钮，是向学校提出参加该培训的申请，还不是报名：学校批准前不占名额，也无需缴费。"),
        _("学校批准后，请在“我的培训”中点击“报名”，阅读《缴费须知》并同意，在 {minutes}内完成支付；"
          "逾期系统将自动取消报名。", minutes=P.minutes(payment_minutes)),
    ), SELECT_SOURCE)


def free_select_notice() -> Notice:
    """The same request, of a training that charges no fee: nothing is paid, so nothing is said
    of paying (its 报名 enrols at once, ``enrollment.payment_finding``)."""
    return Notice(_("报名前须经学校批准"), (
        _("点击下方按钮，是向学校提出参加该培训的申请，还不是报名：学校批准前不占名额。"),
        _("学校批准后，请在“我的培训”中点击“报名”。该培训免费，点击“报名”即完成报名。"),
    ), FREE_SELECT_SOURCE)


FREE_SELECT_SOURCE = f"{F2018} §附件2 四2（报名前需向学校、幼儿园提出申请，经学校批准后方可报名）"


def enrollment_workflow(on: date) -> Workflow:
    """The way to credits, as annex 2 of the 2018 notice describes it for the personalized-training
    platform: the teacher asks the school (no seat yet), the school approves or refuses with a
    reason; the teacher then clicks 报名, which holds a seat, and must choose a payment method and
    pay within ``payment_minutes`` of that click, or the enrollment is cancelled and the seat
    returns.

    A training without a fee (0 元) has nothing to pay: its 报名 enrols the teacher at once
    (``approved`` → ``enrolled``), with no 缴费须知 to agree to and no hold that expires. The
    annex's payment steps (§四4–§四6) are those of a course with a fee; that a free one skips
    them is the portal's reading, no clause speaks of one. Which of the two 报名 steps a project
    takes is the guard's (``enrollment.payment_finding``): each step applies to the projects of
    its kind only, and the other is neither offered nor shown.

    The organiser of a district or school-based training may instead enrol the participants itself
    (2017 annex 2 step 4, 参训学员报名: in bulk or one by one); ``enrollment.move_findings`` keeps
    that way to trainings without a fee outside the platform, and every organiser's step to the
    organiser (谁举办谁登记). The organiser records the completion (结业评价) with its result:
    the district's and the school's trainings are then complete; a personalized training
    waits for the teacher's evaluation of it, and only then are its credits due (2018 annex 2 §五,
    §六; 2017 annex 1 row 11).

    A personalized training's result is the institution's 合格 or 不合格 (whether the training was
    completed as it requires, 2018 附件2 六1) with the hours (row 11: 根据实际参训学时计算学分); row
    11's 第三方网络评价 is the teacher's own evaluation of the course on the platform the city's
    第三方服务机构 runs (2018 §二; 附件2 五, 六2), the step 提交培训评价（第三方网络评价） after it.
    One finished without that result (recorded before it was asked) cannot be evaluated by the teacher, since the rules register nothing without it: the
    institution then takes 补登结业评价结果 (row 11), which registers the credits.

    That result is the platform's 结业评价 (2017 annex 2 step 6, the step every project registers its
    credits by, row 11's too: 通过“教师教育平台”…登记学分), so the step, the class list, the result form,
    the API and the audit all name it 结业评价, as the district's and the school's do: the step read
    第三方网络评价结果 above a form and a class list reading 结业评价.

    Before 报名 the teacher reads the payment notice and agrees (2018 annex 2 §四4). An enrollment
    cancelled for want of payment may be taken again (重新报名) while seats remain: the notices
    say the unpaid 报名 is cancelled (§四6), not that the school's approval lapses, so the teacher
    clicks 报名 again as before; this is the portal's reading, no clause says so. A teacher who
    withdrew (or whom the school withdrew) may ask the school again: the annex sets no rule
    against it, and the school's approval is asked anew.

    The school that approves is the teacher's own (§四2 经学校批准, ``over``): the admins of a
    school organising a training approve none of another school's teachers; the organiser's
    steps (参训学员报名, 结业评价, the institution's) are taken through the project it runs.

    The organiser registers a training that has taken place the same way (2017 annex 2: the
    project is created afterwards with the training's own dates, its participants entered in
    bulk or by hand): an admin may submit teachers to a training that has ended
    (``registers_ended``), never a teacher."""
    payment_minutes = P.PAYMENT_MINUTES.at(on)
    notice = payment_notice(payment_minutes)
    # 合格 or 不合格, or with 优 and 良 too where the bureau takes them (pass_fail_only: no clause
    # lists the results a 结业评价 takes)
    results = grades(on)
    return Workflow(
        initial=APPLIED,
        states=(
            State(APPLIED, _("已向学校申请，待学校批准"), seat=False),
            State(APPROVED, _("学校已批准，待报名"), seat=False),
            State(AWAITING_PAYMENT, _("已点击报名，待支付（{minutes}内完成，逾期自动取消）",
                                      minutes=P.minutes(payment_minutes)),
                  expires_after=timedelta(minutes=payment_minutes), expires_to=CANCELLED),
            State(ENROLLED, _("已报名")),
            State(FINISHED, _("已结业，待教师评价")),
            # The credits are registered here, but count only once their entry passes the
            # district's audit (AUDIT_WORKFLOW: 提交审核, 审核通过): the label says so.
            State(COMPLETED, _("已结业，学分已登记"), final=True),
            State(REJECTED, _("学校未批准"), final=True),
            State(CANCELLED, _("逾期未支付，报名已取消（培训结束前尚有名额时可重新报名）"), seat=False, lapsed=True),
            # taken up again by asking the school anew (a trial's teacher withdrew by mistake and
            # could never ask again): the selection no longer stands, the school decides again
            State(WITHDRAWN, _("已退出（可重新向学校申请）"), seat=False, lapsed=True),
        ),
        transitions=(
            Transition(APPLIED, APPROVED, UserRole.SCHOOL_ADMIN, _("学校批准报名"), over=OVER_TEACHER),
            Transition(APPLIED, APPROVED, UserRole.PRINCIPAL, _("学校批准报名"), over=OVER_TEACHER),
            Transition(APPLIED, REJECTED, UserRole.SCHOOL_ADMIN, _("不予批准"), asks=(REASON,), over=OVER_TEACHER),
            Transition(APPLIED, REJECTED, UserRole.PRINCIPAL, _("不予批准"), asks=(REASON,), over=OVER_TEACHER),
            Transition(APPLIED, WITHDRAWN, UserRole.TEACHER, _("撤回申请"), cancels=True),
            Transition(APPLIED, ENROLLED, UserRole.DISTRICT_ADMIN, _("参训学员报名（区级培训由承担科室报名）"),
                       over=OVER_ORGANISER),
            Transition(APPLIED, ENROLLED, UserRole.SCHOOL_ADMIN, _("参训学员报名（校本培训由学校报名）"),
                       over=OVER_ORGANISER),
            # the invoice and the remark are filled in at 报名, after the school's approval (§四3:
            # 核对培训课程的相关信息，填写报销凭证及备注), not with the request to the school (FIELDS);
            # a 重新报名 makes a new order, so they are asked again (what was given shown filled in)
            Transition(APPROVED, AWAITING_PAYMENT, UserRole.TEACHER, _("报名（核对培训信息，阅读《缴费须知》并同意）"),
                       asks=(FIELDS, AGREEMENT), notice=notice),
            Transition(CANCELLED, AWAITING_PAYMENT, UserRole.TEACHER, _("重新报名（阅读《缴费须知》并同意）"),
                       asks=(FIELDS, AGREEMENT), notice=notice),
            Transition(APPROVED, ENROLLED, UserRole.TEACHER, _("报名（核对培训信息；免费培训，无需支付）"), asks=(FIELDS,)),
            Transition(CANCELLED, ENROLLED, UserRole.TEACHER, _("重新报名（免费培训，无需支付）"), asks=(FIELDS,)),
            Transition(APPROVED, WITHDRAWN, UserRole.TEACHER, _("放弃报名"), cancels=True),
            Transition(AWAITING_PAYMENT, ENROLLED, UserRole.TEACHER, _("选择支付方式并完成支付"), asks=(PAYMENT,)),
            # 结业评价 registers by the learning tasks completed and the attendance (2017 annex 2 step 6);
            # its results are the setting's (results); one left out reads as grade_missing_means_pass says
            Transition(ENROLLED, COMPLETED, UserRole.DISTRICT_ADMIN, _("结业评价（区级培训）"), asks=(RESULT,),
                       grades=results, grade_optional=True, over=OVER_ORGANISER),
            Transition(ENROLLED, COMPLETED, UserRole.SCHOOL_ADMIN, _("结业评价（校本培训）"), asks=(RESULT,),
                       grades=results, grade_optional=True, over=OVER_ORGANISER),
            Transition(ENROLLED, FINISHED, UserRole.INSTITUTION_STAFF,
                       _("结业评价（市级个性化培训：登记参训学时和评价结果，待教师评价）"),
                       asks=(RESULT,), grades=results, over=OVER_ORGANISER),
            Transition(FINISHED, COMPLETED, UserRole.TEACHER, _("提交培训评价（第三方网络评价）"), asks=(EVALUATION,)),
            Transition(FINISHED, COMPLETED, UserRole.INSTITUTION_STAFF, _("补登结业评价结果"),
                       asks=(RESULT,), grades=results, over=OVER_ORGANISER),
            # the teacher's own school withdraws her (the school that approved her application); a
            # school hosting a district training withdraws none of another school's teachers
            Transition(ENROLLED, WITHDRAWN, UserRole.SCHOOL_ADMIN, _("退出"), asks=(REASON,), cancels=True,
                       over=OVER_TEACHER),
        ),
        source=ENROLLMENT_SOURCE,
        select_label=_("向学校申请参加该培训"),
        select_notice=select_notice(payment_minutes),
        select_next=_("学校批准后，请在“我的培训”中报名并完成支付。"),
        # a training without a fee: its request says nothing of paying (a free training's read 也无需缴费
        # and 在规定时间内完成支付（免费培训无需支付）)
        free_select_notice=free_select_notice(),
        free_select_next=_("学校批准后，请在“我的培训”中点击“报名”。"),
        # 2017 annex 2 steps 3–6: the project is created with the dates of the training it
        # registers (项目时间：是指所承担的这次培训的时间), then its participants are entered
        # (参训学员报名，既可批量导入，也可手选报名) and evaluated: the training has taken place
        registers_ended=True,
    )
