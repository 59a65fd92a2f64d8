"""Course selection (§四(二), §附件 进程表): the 2019 second-half calendar and its rounds,
who may take part in round 2, and the enrollment workflow (selection, school review,
institution recheck, training)."""
from __future__ import annotations

from datetime import date

from portal.domain import Eligibility, State, Transition, UserRole, Workflow

from . import parameters as P
from .parameters import src
from .words import _


def phases_on(day: date) -> tuple[P.Phase, ...]:
    """The calendar phases open on ``day`` (several overlap, e.g. round-1 selection and review)."""
    return tuple(phase for phase in P.SELECTION_CALENDAR.at(day) if phase.open_on(day))


def selection_round(day: date) -> int | None:
    """The selection round whose teacher window is open on ``day`` (§四(二)), if any."""
    open_codes = {phase.code for phase in phases_on(day)}
    return next((n for n, code in P.SELECTION_ROUNDS.items() if code in open_codes), None)


def second_round_eligibility(selected_in_round1: bool, round1_approved: bool | None) -> Eligibility:
    """§四(二) 凡第一轮未选课或第一轮虽选课但学校审核为不通过的教师，不能参加第二轮补报选课.

    ``round1_approved`` is the school's verdict on the round-1 choice (None: not reviewed yet).
    Not a ``portal_eligibility`` purpose: the hook receives no selection data.
    """
    source = src("四(二)")
    closed = _("第二轮补报选课只对第一轮已选课且未被学校审核否决的教师开放，本轮无法补救")
    if not selected_in_round1:
        return Eligibility("second_round_selection", False, _("第一轮未选课，不能参加第二轮补报选课"), source, closed)
    if round1_approved is False:
        return Eligibility("second_round_selection", False, _("第一轮选课学校审核不通过，不能参加第二轮补报选课"),
                           source, closed)
    if round1_approved is None:
        return Eligibility("second_round_selection", True,
                           _("第一轮已选课，学校尚未审核；审核不通过则不能参加第二轮"), source)
    return Eligibility("second_round_selection", True, _("第一轮已选课且学校审核通过，可参加第二轮选课"), source)


APPROVE, REJECT = _("学校审核通过"), _("学校审核不通过")
ENROLLMENT_WORKFLOW = Workflow(
    initial="selected",
    states=(
        State("selected", _("已选课，待学校审核")),
        State("school_approved", _("学校审核通过，待培训机构复核")),
        State("school_rejected", REJECT, final=True),
        State("confirmed", _("培训机构复核通过，已发培训通知")),
        State("not_admitted", _("培训机构复核未通过"), final=True),
        State("completed", _("已结业"), final=True),
    ),
    transitions=(
        # §四(二) 学校审核; §附件 第3项: 校长对选课进行审核（参加：各中小学校长及平台管理员）
        Transition("selected", "school_approved", UserRole.PRINCIPAL, APPROVE),
        Transition("selected", "school_rejected", UserRole.PRINCIPAL, REJECT),
        Transition("selected", "school_approved", UserRole.SCHOOL_ADMIN, APPROVE),
        Transition("selected", "school_rejected", UserRole.SCHOOL_ADMIN, REJECT),
        # §四(二) 培训机构复核; §附件 第3项: 培训机构受理复核、发放培训通知
        Transition("school_approved", "confirmed", UserRole.INSTITUTION_STAFF, _("复核通过，发放培训通知")),
        Transition("school_approved", "not_admitted", UserRole.INSTITUTION_STAFF, _("复核未通过")),
        # §附件 第4项: 各培训机构举办培训班
        Transition("confirmed", "completed", UserRole.INSTITUTION_STAFF, _("登记结业")),
    ),
    source=f"{src('四(二)')}；{src('附件 第3项')}；{src('附件 第4项')}",
)
