"""Who enrols teachers, who assesses and who registers the hours
(kaifeng-2018-online-training.txt §四, §五), with what a unit may set aside for training
(§五(二)). What a submission must respect (the stage, the quota, the 12-20 deadline, no
fee) is in ``enrollment``.

Enrollment: the school's or district's admin submits a teacher (§四(二)1) and may withdraw
them, saying why; the institution that runs the project records the composite assessment
(§三(五), §四(一)), which decides whether the 60 hours are registered. A withdrawn
teacher gives the seat and the unit's quota seat back and no longer counts as submitted
(``lapsed``), but is not final: the admins may submit them again (重新提交报名), judged as any
submission (``enrollment.resubmission_findings``: the stage, the quota, the 12-20 deadline,
no fee), so a withdrawal made in error is put right by the deadline; after it a teacher
left out is not trained later (§五(四)). Nothing in the notice lapses by itself, and a
submitted teacher holds a seat of the project until withdrawn (no ``expires_after``).

Audit: the result the institution recorded waits for the teacher-training department of the
teacher's area (§五(一) 各级教育师训部门要分别负责本区域内培训项目的管理、指导和考核): a district's
or county's for its schools, the city's for the schools it runs itself (局属). The department
registers it, or returns it, saying why, to the institution, which checks it and hands it in
again: a return is never final. The notice gives the audit no refusal of its own: whether
the hours are registered is the composite assessment's decision (§三(五) 考核合格的教师，学时
计入……登记系统), already in the entry (a fail records none), so the audit has no final "not
registered" state. An all-staff result is registered only once the training is over
(§四(二)3 培训结束后, ``audit_findings``).

Claims (``claims``: training outside the portal, the all-staff certificate) wait for the same
departments: the notice names nobody else who recognises hours, and §五(一) gives each level's
department the 考核 of its area. A claim has no institution behind it, so a department returns
it, saying why, to the teacher's school (``claim_returned``), whose admin or principal
corrects it and hands it in again; the return to the institution is withheld on a claim and
the return to the school on a project's result. The notice sets no date by which results or
claims must be registered (§三(五) only says a pass is registered), so no step has a deadline.

A training a school or a bureau runs itself (a school's 校本研修, 祥符区's own all-staff training)
has no institution: its own admins recorded the result (录入综合考核结果 at the organising unit),
so a department returns it, saying why, to that organiser (``organiser_returned``), whose admins
check it and hand it in again (核实后重新提交) as an institution does: a school's admin, a district's
or the city's bureau. A department does not return to itself the result of a training it ran
itself (a district's own for its area, §二(三); the city's for the schools it runs, §五(一)): the
audit tells whether the role acting is held at the organising unit itself (``at_organiser``), not
only the organiser's kind, so a district returns to another district the result of a training that
district ran, and only the organising unit's own admins hand it in again (``OVER_ORGANISER_UNIT``),
not another school's admin whose teacher attended it. The departments reach an entry through its
teacher (``OVER_TEACHER``): a district that ran a training registers none of another district's
teachers. Until 0.5.48 nothing returned such a result, and the claim's return, withheld
there, said it was an institution's.

The city's department acts only on the schools it runs itself (§五(一) 本区域内): on a district's
or county's school its steps do not apply (``area_finding``), and that district's department
acts, though a city admin's scope covers the districts' schools too.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from portal.domain import AuditStep, Finding, LedgerSource, OrgKind, State, Step, Transition, UserRole, Workflow
from portal.domain.workflow import (
    NOT_APPLICABLE, OVER_ORGANISER, OVER_ORGANISER_UNIT, OVER_TEACHER, REASON, RESULT, FromSource, Not,
)

from . import claims, parameters as P
from .words import _, percent

ENROLLMENT_WORKFLOW = Workflow(
    initial="enrolled",
    states=(
        State("enrolled", _("已报名（学校、区教育局系统管理员提交）")),
        State("completed", _("已考核（合格者登记学时）"), final=True),
        State("withdrawn", _("已撤销（报名截止前可重新提交；截止后不再统一安排补训）"), seat=False, lapsed=True),
    ),
    transitions=(
        # the institution that runs it (§四(一) 承担机构); a training a bureau or a school runs
        # itself has none: its own admins, at that unit only
        *(Transition("enrolled", "completed", role, _("录入综合考核结果"), asks=(RESULT,), over=over)
          for role, over in ((UserRole.INSTITUTION_STAFF, OVER_ORGANISER), (UserRole.CITY_ADMIN, OVER_ORGANISER_UNIT),
                             (UserRole.DISTRICT_ADMIN, OVER_ORGANISER_UNIT), (UserRole.SCHOOL_ADMIN, OVER_ORGANISER_UNIT))),
        # §四(二)1: each unit's admins submit their own teachers (名额已分配到各单位), and so
        # withdraw and resubmit them: through the teacher, not the project's organiser
        Transition("enrolled", "withdrawn", UserRole.SCHOOL_ADMIN, _("撤销报名"), asks=(REASON,), cancels=True,
                   over=OVER_TEACHER),
        Transition("enrolled", "withdrawn", UserRole.DISTRICT_ADMIN, _("撤销报名"), asks=(REASON,), cancels=True,
                   over=OVER_TEACHER),
        Transition("withdrawn", "enrolled", UserRole.SCHOOL_ADMIN, _("重新提交报名"), over=OVER_TEACHER),
        Transition("withdrawn", "enrolled", UserRole.DISTRICT_ADMIN, _("重新提交报名"), over=OVER_TEACHER),
    ),
    source=P.src("四(一)", "四(二)1", "三(五)", "五(四)"),
    # §四(二)1: the schools' and districts' admins submit the teachers; no teacher enrols
    # themselves and the city's bureau submits nobody (it is offered no bulk enrolment)
    selected_by=(UserRole.SCHOOL_ADMIN, UserRole.DISTRICT_ADMIN),
)

# 退回 goes back to the training institution, which recorded the result (录入综合考核结果 above):
# it checks the result and hands it in again. Until 0.4 a return was final ("rejected") and
# asked no reason; entries already returned that way wait in that state for the institution too.
RETURN_LABEL = _("退回培训机构核实")
RESUBMIT_LABEL = _("核实后重新提交")
# A claim (claims.py) has no institution behind it: it goes back, with the reason, to the
# teacher's school, which corrects the evidence and hands it in again. Not to the teacher:
# the core's audit reaches entries by the acting role's unit, and a teacher's unit is the
# school, so a teacher acting in the audit would reach their colleagues' claims too. The
# school's admin or principal (the core's claimants for a teacher of the school) resubmits.
# Its steps are for claims only (claims.py: entered as training outside the portal, never as a
# project's result), so the school, which acts on nothing else in the audit, is not offered the
# queue of a project's results, where nothing ever waits for it (a trial's school admin was).
CLAIMS_ONLY = Not(FromSource((LedgerSource.ENROLLMENT.value,)))
CLAIM_RETURN_LABEL = _("退回申报学校补正")
CLAIM_RESUBMIT_LABEL = _("补正后重新提交")
# A training a school or a bureau runs itself has no institution: its own admins recorded the
# result (录入综合考核结果 at the organising unit, above), so it goes back, with the reason, to that
# unit, which checks it and hands it in again as an institution does (核实后重新提交): the school's
# admin for a school's training, the bureau's for a district's or the city's own. Its steps are for a
# project's results only; which organiser an entry goes back to is its project's (``organiser_finding``).
PROJECTS_ONLY = FromSource((LedgerSource.ENROLLMENT.value,))
ORGANISER_RETURN_LABEL = _("退回举办单位核实")
# who hands in again the result of a training run by a unit of each kind: its admins recorded it
# (a 学区's admins hold the district admin's role), as they record it (录入综合考核结果 above)
ORGANISER_ADMIN = {OrgKind.SCHOOL: UserRole.SCHOOL_ADMIN, OrgKind.DISTRICT: UserRole.DISTRICT_ADMIN,
                   OrgKind.ZONE: UserRole.DISTRICT_ADMIN, OrgKind.CITY: UserRole.CITY_ADMIN}

AUDIT_WORKFLOW = Workflow(
    initial="submitted",
    states=(
        State("submitted", _("待师训部门审核登记")),
        State("approved", _("学时已登记"), final=True, counts=True),
        # an older entry of a training a school or a bureau ran itself, returned before 0.5.46 to an
        # institution it did not have, names its organiser, who hands it in again (as organiser_returned)
        State("returned", _("已退回，待培训机构核实后重新提交"),
              by_organiser=tuple((kind.value, _("已退回举办单位，待其核实后重新提交")) for kind in ORGANISER_ADMIN)),
        State("rejected", _("已退回（未说明理由），待培训机构核实后重新提交"),
              by_organiser=tuple((kind.value, _("已退回举办单位（未说明理由），待其核实后重新提交")) for kind in ORGANISER_ADMIN)),
        # the teacher corrects her own claim too (the core's correction, offered to the claimant):
        # the state names both who may act, not only the school (a trial's teacher read that
        # only her school could, beside her own 更正后重新提交 button)
        State("claim_returned", _("申报已退回，待学校补正后重新提交，或由教师本人更正后重新提交")),
        State("organiser_returned", _("已退回举办单位，待其核实后重新提交")),
    ),
    transitions=(
        # the department of the teacher's area (§五(一) 本区域内), reaching the entry through the
        # teacher: not a district that ran a training another district's teacher attended
        Transition("submitted", "approved", UserRole.DISTRICT_ADMIN, _("县区师训部门审核登记"), over=OVER_TEACHER),
        Transition("submitted", "returned", UserRole.DISTRICT_ADMIN, RETURN_LABEL, asks=(REASON,), over=OVER_TEACHER),
        # the notice addresses 局属各学校 and 河大附中 apart (its heading, §二(一)(二)): the city registers
        # both, and a city admin read 河南大学附属中学's entry offered as 局属学校
        Transition("submitted", "approved", UserRole.CITY_ADMIN, _("市教育局审核登记（局属学校、河大附中）"),
                   over=OVER_TEACHER),
        Transition("submitted", "returned", UserRole.CITY_ADMIN, RETURN_LABEL, asks=(REASON,), over=OVER_TEACHER),
        Transition("returned", "submitted", UserRole.INSTITUTION_STAFF, RESUBMIT_LABEL),
        Transition("rejected", "submitted", UserRole.INSTITUTION_STAFF, RESUBMIT_LABEL),
        Transition("submitted", "claim_returned", UserRole.DISTRICT_ADMIN, CLAIM_RETURN_LABEL, asks=(REASON,),
                   applies=CLAIMS_ONLY, over=OVER_TEACHER),
        Transition("submitted", "claim_returned", UserRole.CITY_ADMIN, CLAIM_RETURN_LABEL, asks=(REASON,),
                   applies=CLAIMS_ONLY, over=OVER_TEACHER),
        Transition("claim_returned", "submitted", UserRole.SCHOOL_ADMIN, CLAIM_RESUBMIT_LABEL, applies=CLAIMS_ONLY),
        Transition("claim_returned", "submitted", UserRole.PRINCIPAL, CLAIM_RESUBMIT_LABEL, applies=CLAIMS_ONLY),
        Transition("submitted", "organiser_returned", UserRole.DISTRICT_ADMIN, ORGANISER_RETURN_LABEL, asks=(REASON,),
                   applies=PROJECTS_ONLY, over=OVER_TEACHER),
        Transition("submitted", "organiser_returned", UserRole.CITY_ADMIN, ORGANISER_RETURN_LABEL, asks=(REASON,),
                   applies=PROJECTS_ONLY, over=OVER_TEACHER),
        # the organising unit's own admins, who recorded the result (录入综合考核结果 is theirs at that
        # unit only, above): not another school's or district's admins of the same kind, nor the
        # teacher's school under a training another unit ran
        *(Transition("organiser_returned", "submitted", role, RESUBMIT_LABEL, applies=PROJECTS_ONLY,
                     over=OVER_ORGANISER_UNIT)
          for role in dict.fromkeys(ORGANISER_ADMIN.values())),
        # before 0.5.46 a self-run training's result was returned to a training institution it did not
        # have (退回培训机构核实, and before 0.4 the unexplained "rejected"): such entries wait there
        # still, and the organising unit's own admins hand them in again, as from organiser_returned;
        # without it they were stranded, no move offered to anyone (no data migration needed)
        *(Transition(state, "submitted", role, RESUBMIT_LABEL, applies=PROJECTS_ONLY, over=OVER_ORGANISER_UNIT)
          for state in ("returned", "rejected") for role in dict.fromkeys(ORGANISER_ADMIN.values())),
    ),
    source=P.src("三(五)", "四(一)", "四(二)3", "五(一)"),
)

# The codes of Kaifeng's findings on an audit step.
AFTER_TRAINING = "audit_after_training"
# §三(五): a pass is what registers the hours (cited by the audit and by the registration report).
REGISTERED_CLAUSE = "三(五)（考核合格的教师，学时计入中小学教师继续教育学时登记系统）"
AFTER_TRAINING_SOURCE = P.src("四(二)3（培训结束后，综合考核合格的学员发放结业证书）", REGISTERED_CLAUSE)
RETURNED_TO = NOT_APPLICABLE  # a return to the one who cannot correct the entry is not offered at all
# 考核成绩根据培训平台系统自动记录的……计算 (§三(五)) by the institution that undertakes the
# training (§四(一)): a project's result goes back to the institution; a claim was recorded by
# no institution, so it goes back to whoever entered it.
RETURNED_TO_SOURCE = P.src("三(五)（考核成绩根据培训平台系统自动记录）", "四(一)")
RETURN_TARGETS = ("returned", "claim_returned", "organiser_returned")


AREA_CLAUSE = "五(一)（各级教育师训部门要分别负责本区域内培训项目的管理、指导和考核）"
AREA_SOURCE = P.src(AREA_CLAUSE)


def area_finding(step: AuditStep) -> Finding | None:
    """The city's department registers the results of the schools the city runs itself; a
    district's or county's school is its own department's (§五(一))."""
    if step.by != UserRole.CITY_ADMIN or not step.school_under or step.school_under == OrgKind.CITY:
        return None
    return Finding(NOT_APPLICABLE, False, None, None, _("县区学校的学时由县区师训部门审核登记"), AREA_SOURCE)


def audit_findings(step: AuditStep) -> list[Finding]:
    """The city's department acts only on its own schools (``area_finding``); a return goes back to whoever can correct the entry (``returned_to_finding``); an
    all-staff result, from a project or claimed with its certificate, is registered after
    the training (``after_training_finding``); the notice sets nothing more, for other
    training nor for claims (no registration deadline: §三(五) registers a pass with no date)."""
    if step.source == "organiser_returned" or (step.source in ("returned", "rejected")
                                               and step.by != UserRole.INSTITUTION_STAFF):
        # the organiser hands its own result in again, wherever the teacher works (not §五(一)'s audit)
        found = organiser_finding(step)
        return [] if found is None else [found]
    outside = area_finding(step)
    if outside is not None:
        return [outside]
    if step.target in RETURN_TARGETS:
        found = returned_to_finding(step)
        return [] if found is None else [found]
    if step.target != "approved" or step.facts.get("program") not in P.PROGRAMS:
        return []
    return [after_training_finding(step)]


def self_run(step: AuditStep) -> bool:
    """Whether the entry's project was run by a school or a bureau itself, whose admins recorded
    its result (录入综合考核结果 at the organising unit), not by a training institution."""
    return step.organiser_kind not in ("", OrgKind.INSTITUTION)


def returned_to_finding(step: AuditStep) -> Finding | None:
    """A project's result is returned to whoever recorded it: the institution that ran it, or
    the school or bureau that ran it itself (``self_run``); a claim (or an entry made by hand)
    to the school that entered it. The other returns are withheld, saying where this entry
    goes; the right one has no finding, as before claims. The others are not applicable: not
    offered, nor shown as withheld."""
    project = claims.from_project(step)
    if not project:
        if step.target == "claim_returned":
            return None
        message = (_("这是申报登记的学时，没有培训机构录入，应说明理由退回申报学校补正") if step.target == "returned"
                   else _("这是申报登记的学时，没有举办单位录入考核结果，应说明理由退回申报学校补正"))
    elif self_run(step):
        if step.target == "organiser_returned" and step.at_organiser:
            # the department ran it itself (祥符区's own training of its area, §二(三); the city's for the
            # schools it runs, §五(一)): its own admins recorded the result, so a return went back to
            # the very department returning it (祥符区's admin read 退回举办单位核实 on each of its own)
            message = _("该培训由本部门自行组织并录入考核结果，没有其他举办单位可退回核实")
            return Finding(NOT_APPLICABLE, False, None, None, message, RETURNED_TO_SOURCE)
        if step.target == "organiser_returned":
            return None
        # a training a bureau or a school runs itself (祥符区's own, a school's 校本研修): its admins
        # recorded the result and no institution hands it in again; returned there, it waited for a
        # step nobody could take (a trial's 祥符区 admin read it stranded). Not a claim either: the
        # school's 补正 of a claim, where the school ran the training, read 这是培训机构录入的考核结果
        message = (_("该培训由举办单位自行组织并录入考核结果，没有培训机构可退回核实，应说明理由退回举办单位核实")
                   if step.target == "returned"
                   else _("这是举办单位自行组织培训并录入的考核结果，不是申报登记的学时，应说明理由退回举办单位核实"))
    else:
        if step.target == "returned":
            return None
        message = (_("这是培训机构录入的考核结果，应说明理由退回培训机构核实，不退回学校") if step.target == "claim_returned"
                   else _("这是培训机构录入的考核结果，应说明理由退回培训机构核实"))
    return Finding(NOT_APPLICABLE, False, None, None, message, RETURNED_TO_SOURCE)


def organiser_finding(step: AuditStep) -> Finding | None:
    """A result returned to the unit that ran the training itself is handed in again by that
    unit's admins, who recorded it (``ORGANISER_ADMIN``): a school's by its admin, a district's
    or the city's own by the bureau's, at that unit (``AuditStep.at_organiser``); another role or
    unit reaching the entry (the teacher's school under a district's or another school's training,
    the district above a school's, another district) is not offered the step."""
    if ORGANISER_ADMIN.get(step.organiser_kind) == step.by and step.at_organiser:
        return None
    return Finding(NOT_APPLICABLE, False, None, None, _("由录入考核结果的举办单位核实后重新提交"), RETURNED_TO_SOURCE)


def training_end(step: AuditStep) -> date:
    """The training's last day: the activity's end as the entry recorded it, else its date."""
    end = step.facts.get("end")
    return date.fromisoformat(end) if isinstance(end, str) else step.activity_date


def after_training_finding(step: AuditStep) -> Finding:
    """考核发证 comes after the training (§四(二)3 培训结束后); the composite counts the online
    study time up to its end (§三(五)), so a result handed in while it runs is not final:
    its hours are registered from the day after the training's last day."""
    end = training_end(step)
    over = step.on > end
    message = (_("培训已于 {end} 结束，可审核登记综合考核结果", end=end) if over
               else _("培训于 {end} 结束，结束后方可审核登记综合考核结果", end=end))
    return Finding(AFTER_TRAINING, over, None, None, message, AFTER_TRAINING_SOURCE)


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
