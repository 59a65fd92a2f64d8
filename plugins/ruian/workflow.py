"""The enrollment workflow (§四(二), §附件 第3项、第4项): the teacher selects, the school reviews,
the training institution rechecks (and, at round 2's recheck, sends the training notices), then
registers completion.
When each step may be taken is judged in ``enrollment.py``.

The notice says nothing of withdrawing a choice. It makes selection the teacher's own
(§四(二) 教师自主选课) and asks the schools to counsel and guide it (咨询和辅导，引导教师有针对性、
有序地选择), so a teacher may withdraw (退选) a choice the school has not reviewed yet, while
the round it was made in is open (``enrollment.withdrawal_finding``), and choose again in
that round: the withdrawal is not final (``lapsed``), the core's select takes the same
enrollment up again. Once the round has closed, the choice waits for the school's review,
which may refuse it; after the school's approval the classes are planned on it (扩班, 复核),
so it is no longer the teacher's to withdraw.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from portal.domain import COMPLETED, State, Transition, UserRole, Workflow
from portal.domain.workflow import OVER_ORGANISER, OVER_ORGANISER_UNIT, OVER_TEACHER, REASON, RESULT

from . import parameters as P
from .parameters import src
from .words import _

SELECTED, SCHOOL_APPROVED, SCHOOL_REJECTED = "selected", "school_approved", "school_rejected"
CONFIRMED, NOT_ADMITTED = "confirmed", "not_admitted"
WITHDRAWN = "withdrawn"

# Who takes the organiser's steps: an institution's staff through its reach (its trainings), a
# bureau's or a school's admins at their own unit only (one it runs itself has no institution).
# Those who create projects (enrollment.PROJECT_ORGANISERS): an education zone runs none, so
# nothing waits for its recheck.
ORGANISERS = ((UserRole.INSTITUTION_STAFF, OVER_ORGANISER), (UserRole.CITY_ADMIN, OVER_ORGANISER_UNIT),
              (UserRole.SCHOOL_ADMIN, OVER_ORGANISER_UNIT))

APPROVE, REJECT = _("学校审核通过"), _("学校审核不通过")
# §附件 第3项: the notice is sent at round 2's recheck (9月19日—9月22日), not at round 1's (9月13日).
NOTICE_NOTE = _("按进程表，培训通知在第二轮选课的复核时（培训机构受理复核、发放培训通知）发放，第一轮复核只受理复核")
WITHDRAWAL_NOTE = _("第一轮选课结束时没有第一轮所选课程（已退选的不算）的教师，不能参加第二轮补报选课")
LATE_APPROVE, LATE_REJECT = _("补审通过（学校逾期未审核）"), _("补审不通过（学校逾期未审核）")
# A choice the school left unreviewed past its round's window, reviewed by the unit the setting
# late_school_review names (enrollment.late_review_finding).
LATE_STEPS = tuple(step for role in (UserRole.CITY_ADMIN, UserRole.DISTRICT_ADMIN) for step in (
    Transition(SELECTED, SCHOOL_APPROVED, role, LATE_APPROVE, over=OVER_TEACHER),
    Transition(SELECTED, SCHOOL_REJECTED, role, LATE_REJECT, asks=(REASON,), over=OVER_TEACHER),
))


def _notice_note_applies(move) -> bool:
    from .enrollment import notice_note_applies  # enrollment.py reads this module's states
    return notice_note_applies(move)


def _withdrawal_note_applies(move) -> bool:
    from .enrollment import withdrawal_note_applies  # enrollment.py reads this module's states
    return withdrawal_note_applies(move)


ENROLLMENT_WORKFLOW = Workflow(
    initial=SELECTED,
    states=(
        # A selection holds no seat until the institution's recheck: the annex puts the classes'
        # expansion (培训机构扩班申请, 受理扩班) after the school's review and before the recheck,
        # so the choices a school approves may outnumber a class's seats; the recheck admits
        # teachers to the seats there are.
        # past the school's review window unreviewed (附件 第3项), the choice no longer waits for the
        # school: its state says so (a trial read 待学校审核 beside 无人能再办理下一步), what follows
        # (the late review, round 2, whom to ask) said beside it (enrollment.after_school_review)
        State(SELECTED, _("已选课，待学校审核"), seat=False, overdue=_("已选课，学校未在审核时间内审核")),
        # reviewed by the school, or past its window by the unit standing in for it (below): the
        # states say what was decided, the audit events who decided it
        # past the recheck window unrechecked, likewise (enrollment.after_recheck says what follows)
        State(SCHOOL_APPROVED, _("审核通过，待培训机构复核"), seat=False,
              overdue=_("审核通过，培训机构未在复核时间内复核")),
        State(SCHOOL_REJECTED, _("审核不通过"), final=True),
        # the annex sends the training notice once, at round 2's recheck (§附件 第3项 9月19日—9月22日
        # 培训机构受理复核、发放培训通知); round 1's (9月13日) is 培训机构受理复核 alone: a choice
        # rechecked then has its notice still to come (a trial read 已发培训通知 on 9月13日)
        State(CONFIRMED, _("培训机构复核通过（培训通知在第二轮复核时发放）")),
        State(NOT_ADMITTED, _("培训机构复核未通过"), final=True),
        State(COMPLETED, _("已结业"), final=True),
        # withdrawn: whether it may be chosen again is the catalog's to say (the round it was made
        # in may have closed, and round 2 bars a teacher left with no round-1 choice, §四(二)), so
        # the state promises nothing (a phone trial read 本轮选课期间可重新选课 in round 2, refused)
        State(WITHDRAWN, _("已退选"), seat=False, lapsed=True),
    ),
    transitions=(
        # §四(二) 学校审核; §附件 第3项: 校长对选课进行审核（参加：各中小学校长及平台管理员）.
        # A refusal says why: the teacher reads it, and it bars round 2 (enrollment.py). The review
        # is the teacher's own school's, not that of a school organising the training (over).
        Transition(SELECTED, SCHOOL_APPROVED, UserRole.PRINCIPAL, APPROVE, over=OVER_TEACHER),
        Transition(SELECTED, SCHOOL_REJECTED, UserRole.PRINCIPAL, REJECT, asks=(REASON,), over=OVER_TEACHER),
        Transition(SELECTED, SCHOOL_APPROVED, UserRole.SCHOOL_ADMIN, APPROVE, over=OVER_TEACHER),
        Transition(SELECTED, SCHOOL_REJECTED, UserRole.SCHOOL_ADMIN, REJECT, asks=(REASON,), over=OVER_TEACHER),
        # a choice the school left unreviewed past its round's review window, reviewed instead by
        # the unit the setting late_school_review names (the bureau by default) until the round's
        # recheck closes (enrollment.late_review_finding); the other role's step never applies
        # (enrollment_workflow keeps only that unit's: the other's are not its steps at all)
        *LATE_STEPS,
        # the teacher's own choice (§四(二) 教师自主选课), withdrawn before the school reviews it,
        # in the round it was made in (enrollment.withdrawal_finding)
        # §四(二) bars from round 2 a teacher with no round-1 choice: withdrawing it says so beforehand
        # only on a round-1 choice while round 2 is ahead (a trial read it on a round-2 choice)
        Transition(SELECTED, WITHDRAWN, UserRole.TEACHER, _("退选"), cancels=True, note=WITHDRAWAL_NOTE,
                   note_applies=lambda move: _withdrawal_note_applies(move)),
        # §四(二) 培训机构复核; §附件 第3项: 培训机构受理复核 in each round, 发放培训通知 at round 2's
        # only (the institution running it), and §附件 第4项: 各培训机构举办培训班, and record each
        # teacher's result. A training the bureau or a school runs itself (§附件 第2项 lets the
        # bureau declare projects too) has no institution: its own admins take these steps.
        *(step for role, over in ORGANISERS for step in (
            Transition(SCHOOL_APPROVED, CONFIRMED, role, _("复核通过"), over=over, note=NOTICE_NOTE,
                       note_applies=lambda move: _notice_note_applies(move)),
            Transition(SCHOOL_APPROVED, NOT_ADMITTED, role, _("复核未通过"), asks=(REASON,), over=over),
            Transition(CONFIRMED, COMPLETED, role, _("登记结业"), asks=(RESULT,), over=over),
        )),
    ),
    source=f"{src('四(二)')}；{src('附件 第3项')}；{src('附件 第4项')}",
    # §四(二) 教师自主选课: the teacher selects; the school's admins advise and review, they do
    # not select for the teacher (enrollment.by_teacher_finding says so to whoever tries).
    selected_by=(UserRole.TEACHER,),
)


def enrollment_workflow(on: date) -> Workflow:
    """The workflow under the settings in force on ``on``: of the late reviews (a choice the school
    left unreviewed past its window), only those of the unit the setting late_school_review names,
    none when it names nobody. The other unit's late steps never apply (enrollment.late_review_finding
    refuses them), so they are not the unit's steps at all: a zone (教育学区) whose menu offered
    选课审核, though by default the school reviews and the bureau reviews late, read a review it never
    takes (§附件 第3项 names 各中小学校长及平台管理员 for the review, the setting the late one)."""
    late = P.LATE_REVIEW_ROLES[P.LATE_SCHOOL_REVIEW.at(on)]
    return replace(ENROLLMENT_WORKFLOW, transitions=tuple(
        t for t in ENROLLMENT_WORKFLOW.transitions
        if not any(t is step for step in LATE_STEPS) or t.actor == late))
