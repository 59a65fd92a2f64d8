"""Who registers, audits and approves (2017 notice §一, §二 and annex 2; 2018 notice annex 2)."""
from __future__ import annotations

from portal.domain import State, Transition, UserRole, Workflow

from .parameters import F2017, F2018
from .words import _

# The documents do not say who audits what a unit submits; the district research centre
# (区教育研究中心, the district admin) is taken, as it runs the training office.
AUDIT_WORKFLOW = Workflow(
    initial="registered",
    states=(
        State("registered", _("已登记（结业评价），待提交审核")),
        State("submitted", _("已提交审核")),
        State("approved", _("审核通过"), final=True, counts=True),
        State("rejected", _("审核未通过"), final=True),
    ),
    transitions=(
        Transition("registered", "submitted", UserRole.SCHOOL_ADMIN, _("提交审核（校本培训由学校登记）")),
        Transition("registered", "submitted", UserRole.DISTRICT_ADMIN, _("提交审核（区级培训由承担科室登记）")),
        Transition("registered", "submitted", UserRole.INSTITUTION_STAFF, _("提交审核（承担培训项目的单位登记）")),
        Transition("submitted", "approved", UserRole.DISTRICT_ADMIN, _("审核通过")),
        Transition("submitted", "rejected", UserRole.DISTRICT_ADMIN, _("审核不通过")),
    ),
    source=f"{F2017} §一（谁举办谁登记）、§二、§附件2 第6—8步",
)

ENROLLMENT_WORKFLOW = Workflow(
    initial="applied",
    states=(
        State("applied", _("已向学校申请，待批准")),
        State("enrolled", _("已报名")),
        State("finished", _("已结业，待教师评价")),
        State("completed", _("已结业，学分已登记"), final=True),
        State("rejected", _("学校未批准"), final=True),
        State("withdrawn", _("已退出"), final=True),
    ),
    transitions=(
        Transition("applied", "enrolled", UserRole.SCHOOL_ADMIN, _("学校批准报名")),
        Transition("applied", "enrolled", UserRole.PRINCIPAL, _("学校批准报名")),
        Transition("applied", "rejected", UserRole.SCHOOL_ADMIN, _("不予批准")),
        Transition("applied", "rejected", UserRole.PRINCIPAL, _("不予批准")),
        Transition("applied", "withdrawn", UserRole.TEACHER, _("撤回申请")),
        Transition("enrolled", "completed", UserRole.DISTRICT_ADMIN, _("结业评价（区级培训）")),
        Transition("enrolled", "completed", UserRole.SCHOOL_ADMIN, _("结业评价（校本培训）")),
        Transition("enrolled", "finished", UserRole.INSTITUTION_STAFF, _("完成培训（个性化培训，待教师评价）")),
        Transition("finished", "completed", UserRole.TEACHER, _("提交培训评价")),
        Transition("enrolled", "withdrawn", UserRole.SCHOOL_ADMIN, _("退出")),
    ),
    source=(
        f"{F2018} §附件2 四.2（报名前需向学校、幼儿园提出申请，经学校批准后方可报名）、§附件2 五、§附件2 六；"
        f"{F2017} §附件2 第4步、§附件2 第6步"
    ),
)
