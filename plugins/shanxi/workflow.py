"""How a Shanxi training is taken, and who registers and audits its credits (晋教师〔2017〕14号
§二(一), §二(二), §二(四), §四(二)–§四(四), §五(一), §五(二)).

Enrollment: the teacher selects (§二(二) 教师自主选学机制); the training's 承办单位 assesses
each participant and records the grade (§四(二)): a training institution, or the bureau or
school of the training's level in the five-level system (§二(一) 国培、省培、市培、县(区)培、
校本研修); a degree course or a self-study achievement is recognised by the county (§四(三),
§四(四)); the school then registers the credits from the organiser's proof (§五(二)). The
document says nothing of withdrawing: the teacher, whose choice it is (§一), and the school
may withdraw an enrollment, as in the core's default. A withdrawal is not final (``lapsed``):
it gives the seat back, and the training may be selected again while it is open for
selection, judged as any selection (the core's select takes the same enrollment up again).
Who withdrew is kept in the state: the teacher's own withdrawal (``withdrawn``) leaves the
choice theirs (§二(二) 自主选学), so they may select again; after the school's
(``school_withdrawn``) only the school may submit them again (``enrollment`` refuses the
teacher, saying why). ``enrollment`` holds the guards.

Audit: the school registers its teachers' credits each school year (an exchange teacher's
at their home unit, §三(二); a privately run school's teachers are registered and audited by
their county at once, §五(一) 属地管理), the county audits and fixes the year's credits, the city
approves the cycle once it has ended (§二(四) 五年周期审定, §五(二) 五年周期结束…经市级审定;
``audit`` withholds the step before), and the province's centre verifies it (§五(一)).
The school's refusal and the county's are final and say why; the county may instead return
a registration to the school to verify it again (§五(二): the county 审核验证 what the school
核实 and registered, 结合证明材料), which brings it back to the school's queue with the reason.
"""
from __future__ import annotations

from portal.domain import COMPLETED, ConclusionPolicy, LedgerSource, Level, UserRole
from portal.domain.workflow import (
    OVER_ORGANISER, OVER_TEACHER, REASON, RESULT, AllOf, FromSource, Not, PrivateSchool, State, Transition, Workflow,
)

from . import parameters as P
from .parameters import src
from .words import _

# Who assesses a training of each level as its organiser (§二(一), §四(二)): the bureau of that
# level, the school for its school-based training; 国培 is run in the province by its bureau.
LEVEL_ASSESSORS = {
    Level.NATIONAL: UserRole.PROVINCE_ADMIN,
    Level.PROVINCIAL: UserRole.PROVINCE_ADMIN,
    Level.CITY: UserRole.CITY_ADMIN,
    Level.COUNTY: UserRole.DISTRICT_ADMIN,
    Level.SCHOOL: UserRole.SCHOOL_ADMIN,
}
# A training institution (培训机构) undertakes trainings of any level.
ASSESSORS = (UserRole.INSTITUTION_STAFF, *dict.fromkeys(LEVEL_ASSESSORS.values()))
# Who recognises degree courses (§四(三)) and self-study achievements (§四(四)).
RECOGNISER = UserRole.DISTRICT_ADMIN

# Who withdrew an enrollment: the teacher (their own choice, §二(二)) or their school.
WITHDRAWN = "withdrawn"
SCHOOL_WITHDRAWN = "school_withdrawn"

ENROLLMENT_WORKFLOW = Workflow(
    initial="enrolled",
    states=(
        State("enrolled", _("已选学，待考核或认定")),
        State(COMPLETED, _("已完成考核或认定"), final=True),
        State(WITHDRAWN, _("已退选"), seat=False, lapsed=True),
        State(SCHOOL_WITHDRAWN, _("学校已退选"), seat=False, lapsed=True),
    ),
    transitions=(
        # §四(二) 由培训项目承办单位综合考核: through the project it runs; the county, which also
        # recognises its teachers' degree courses and self-study (§四(三), §四(四)), through either
        *(Transition("enrolled", COMPLETED, role, _("登记考核结果"), asks=(RESULT,),
                     note=_("综合考核，按考核成绩分等级记载（学历教育课程、自主研修成果由区县认定）"),
                     over=None if role == RECOGNISER else OVER_ORGANISER)
          for role in ASSESSORS),
        Transition("enrolled", WITHDRAWN, UserRole.TEACHER, _("退选"), cancels=True),
        # the teacher's own school withdraws its teacher (学校已退选)
        Transition("enrolled", SCHOOL_WITHDRAWN, UserRole.SCHOOL_ADMIN, _("退选"), cancels=True, over=OVER_TEACHER),
    ),
    source=src(P.SELF_SELECTION_CLAUSE, P.LEVELS_CLAUSE, P.ASSESSMENT_CLAUSE, P.DEGREE_RECOGNITION_CLAUSE,
               P.SELF_STUDY_RECOGNITION_CLAUSE, P.PROOF_CLAUSE),
)

# The states ``audit`` guards: the school's registration (its deadline, a claim's proof), the
# county's audit (who recognises a claim), the city's 审定 of the cycle (§二(四), §五(二)), which
# waits for the cycle's end.
SUBMITTED = "submitted"
REGISTERED = "registered"
COUNTY_VERIFIED = "county_verified"
CITY_APPROVED = "city_approved"

BORROWED = FromSource((LedgerSource.BORROWING.value,))  # a borrowing from the credit bank (§五(三))
# 民办中小学、幼儿园教师……实行属地管理制度，由所在区县教师继续教育管理部门登记审核 (§五(一)): the
# county registers and audits, in one step, what a publicly run school registers for the county to audit
PRIVATE = PrivateSchool()

AUDIT_WORKFLOW = Workflow(
    initial=SUBMITTED,
    states=(
        # the note on exchange and seconded teachers (§三(二)) is the school's, on its step: a
        # teacher's own claim or borrowing is not theirs to read as about them. The label names
        # no one: a public school 核实 and registers, a private school's county registers and
        # audits (§五(一)); "待学校核实登记" told a private school's teacher to wait for a school that has no step
        State(SUBMITTED, _("待核实登记")),
        State(REGISTERED, _("学校已登记，待区县审核")),
        # counts from the county's 核定 on (§五(二) 核定教师个人本学年的培训学分); the city's
        # 审定 and the province centre's 验证 come at the cycle's end
        State(COUNTY_VERIFIED, _("区县已审核核定"), counts=True),
        State(CITY_APPROVED, _("市级已审定，待省中学教师培训中心验证"), counts=True),
        State("province_verified", _("省中学教师培训中心已验证"), final=True, counts=True),
        State("rejected", _("不予认定"), final=True),
    ),
    transitions=(
        Transition(SUBMITTED, REGISTERED, UserRole.SCHOOL_ADMIN, _("核实并登记"), applies=AllOf((Not(BORROWED), Not(PRIVATE))),
                   note=_("核实证明材料并登记（交流、挂职、借调教师凭现工作单位证明材料回原单位登记），"
                         "记入教师培训个人档案和教师继续教育证书")),  # §五(二)'s own words for what is registered
        # a borrowing has no proof to check: the school checks the year's shortfall it covers
        # (§五(三) 学年培训学分未达学分基本要求), under the same short label
        Transition(SUBMITTED, REGISTERED, UserRole.SCHOOL_ADMIN, _("核实并登记"), applies=AllOf((BORROWED, Not(PRIVATE))),
                   note=_("核实该学年未达基本要求的学分差额后登记借贷")),
        # the school 核实 the proof before registering (§五(二)); what it cannot verify it does not
        # register, and says why
        Transition(SUBMITTED, "rejected", UserRole.SCHOOL_ADMIN, _("不予登记"), asks=(REASON,), applies=Not(PRIVATE)),
        # a private school's teacher: the county registers and audits at once (§五(一) 属地管理)
        Transition(SUBMITTED, COUNTY_VERIFIED, UserRole.DISTRICT_ADMIN, _("登记审核（民办学校）"),
                   applies=PRIVATE, note=_("民办学校教师实行属地管理，由所在区县教师继续教育管理部门登记审核，核定学年学分")),
        Transition(SUBMITTED, "rejected", UserRole.DISTRICT_ADMIN, _("不予登记"), asks=(REASON,), applies=PRIVATE),
        Transition(REGISTERED, COUNTY_VERIFIED, UserRole.DISTRICT_ADMIN, _("审核验证，核定学年学分")),
        # The county 结合证明材料进行审核验证 what the school registered (§五(二)). The document has no
        # word for sending a registration back; a registration whose proof the county cannot verify
        # goes back, with the reason, to the school, which holds the proof, verifies it again
        # (核实) and registers it again or refuses it: it is not final. A credit the county finds
        # is not due (§四(二) 不能取得该项目学分) it does not 核定: that refusal is final, and the
        # teacher's recourse is the appeal of §五(三).
        Transition(REGISTERED, SUBMITTED, UserRole.DISTRICT_ADMIN, _("退回学校重新核实登记"), asks=(REASON,)),
        Transition(REGISTERED, "rejected", UserRole.DISTRICT_ADMIN, _("审核不通过"), asks=(REASON,)),
        # offered only once the teacher's cycle has ended (``audit.cycle_end_finding``)
        Transition(COUNTY_VERIFIED, CITY_APPROVED, UserRole.CITY_ADMIN, _("周期届满审定")),
        Transition(CITY_APPROVED, "province_verified", UserRole.PROVINCE_ADMIN, _("审核与验证")),
    ),
    source=src("二(四)", "五(一)", "五(二)", P.EXCHANGE_CLAUSE, P.PRIVATE_SCHOOL_CLAUSE),
)


def cycle_conclusion() -> ConclusionPolicy:
    """各市教育行政部门对各县(市、区)教师本周期培训学分完成情况进行审定并给出验审结论 (§二(四)); 五年周期结束,
    区县须对教师周期完成学分情况进行审核,经市级审定之后,将审定结果反馈至学校和教师本人 (§五(二)): the city
    concludes each teacher's ended cycle, and the school and the teacher are told."""
    return ConclusionPolicy(UserRole.CITY_ADMIN, src("二(四)", "五(二)"))
