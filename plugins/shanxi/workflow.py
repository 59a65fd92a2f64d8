"""Who registers and audits Shanxi credits (晋教师〔2017〕14号 §二(四), §五(一), §五(二)).

The school registers its teachers' credits each school year (an exchange teacher's at
their home unit, §三(二)), the county audits and fixes the year's credits, the city
approves the cycle, and the province's centre verifies it.
"""
from __future__ import annotations

from portal.domain import UserRole
from portal.domain.workflow import State, Transition, Workflow

from . import parameters as P
from .parameters import src
from .words import _

AUDIT_WORKFLOW = Workflow(
    initial="submitted",
    states=(
        State("submitted", _("待学校核实登记（交流、挂职、借调教师由原单位登记）")),
        State("registered", _("学校已登记，待区县审核")),
        # counts from the county's 核定 on (§五(二) 核定教师个人本学年的培训学分); the city's
        # 审定 and the province centre's 验证 come at the cycle's end
        State("county_verified", _("区县已审核核定"), counts=True),
        State("city_approved", _("市级已审定，待省中学教师培训中心验证"), counts=True),
        State("province_verified", _("省中学教师培训中心已验证"), final=True, counts=True),
        State("rejected", _("不予认定"), final=True),
    ),
    transitions=(
        Transition("submitted", "registered", UserRole.SCHOOL_ADMIN,
                   _("核实证明材料并登记（交流、挂职、借调教师凭现工作单位证明材料回原单位登记）")),
        Transition("submitted", "rejected", UserRole.SCHOOL_ADMIN, _("不予登记")),
        Transition("registered", "county_verified", UserRole.DISTRICT_ADMIN, _("审核验证，核定学年学分")),
        Transition("registered", "rejected", UserRole.DISTRICT_ADMIN, _("审核不通过")),
        Transition("county_verified", "city_approved", UserRole.CITY_ADMIN, _("周期届满审定")),
        Transition("city_approved", "province_verified", UserRole.PROVINCE_ADMIN, _("审核与验证")),
    ),
    source=src("二(四)", "五(一)", "五(二)", P.EXCHANGE_CLAUSE),
)
