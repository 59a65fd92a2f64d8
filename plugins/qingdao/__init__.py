"""青岛市市南区: Shandong's credit rules as Qingdao and its Shinan district apply them.

Only the hook implementations live here; the rules are laid out by concern: numbers and
settings in ``parameters.py``, credits in ``conversion.py``, the cycle and its duties in
``compliance.py``, uses of credits in ``eligibility.py``, the enrollment and audit chains in
``workflow.py``, who may take which training and who takes each step in ``enrollment.py``,
who takes each step of the audit on which entries, and by when, in ``audit.py``, the credits
claimed with evidence outside the portal's projects in ``claims.py``, ``reporting.py``, what the
calculator asks in ``conversion.py``, the enrollment form in ``forms.py``, the demo in ``demo.py`` and the words they
share in ``words.py``.
"""
from __future__ import annotations

from datetime import date

from portal import clock
from portal.domain import Document, Level, Mode, NeedsSurvey, RegionInfo, Unit, UserRole
from portal.domain.payments import FinanceOffice
from portal.hookspecs import hookimpl

from . import audit, claims, compliance, conversion, eligibility, enrollment, parameters, reporting, workflow
from .demo import build_demo
from .words import LEVEL_NAMES, MODE_NAMES, WORDING, _

__version__ = "0.3.44"  # 0.3.44: the rules' last step of a personalized training (the teacher evaluates the course) names it the third-party online evaluation of row 11 and cites row 11 beside 附件2 六2; 0.3.43: row 11's 第三方网络评价 is the teacher's own evaluation of the course on the platform the city's 第三方服务机构 runs (2018 §二; 附件2 五, 六2): her step reads 提交培训评价（第三方网络评价）, and the institution's 不合格 reads 没有按照培训机构的相关要求完成培训 citing 2018 附件2 六1, not 第三方网络评价没有合格 (the behaviour is unchanged: both are still asked); five more worked cases (the 2017 mentor, a two-day cadre training at the cap, a personalized day over the cap, the senior title and awards by the cycle's measure, a certificate held back in the registration year); 0.3.42: a cycle is written as the core writes it, 2023 – 2027 (the home's 本周期要求 panel, the cycle report's note and the cycle_anchor_year setting read 2023—2027 beside the core's 本周期（2023 – 2027）); 0.3.41: in English a failed completion evaluation reads Fail as a passed one reads Pass; 0.3.40: the catalog's cards say 目前不能申请 / 已申请 (and 以下培训目前都不能申请, 已申请过该培训), as its button asks the school (2018 附件2 四2), not 目前不能选 / 已选; 0.3.39: the core's words on a result's wait read 结业评价 (自…起方可登记结业评价, not 登记培训结果 under a step named 结业评价), and credits waiting in the audit read 尚未计入：学分已登记，待提交审核 on a class list, not 尚未登记：学分已登记 (only what the audit passes counts); 0.3.38: the result a personalized training's institution records is named 结业评价 as everywhere else (the platform's step, 2017 附件2 第6步; row 11's 第三方网络评价合格 the condition it records): its steps read 结业评价（市级个性化培训…） and 补登结业评价结果, its findings and the rules' steps 结业评价, not 第三方网络评价结果 above a form and class list reading 结业评价; 0.3.37: which results a 结业评价 takes is the district's setting pass_fail_only (default: 合格 or 不合格 only), citing no clause: no clause lists them (2017 附件2 第6步 registers by the learning tasks and the attendance, 附件1 第11项 once the evaluation is 合格); the refusal of 优 and 良 says it is the setting, and a bureau taking them has them read as a pass, the workflow's steps and the calculator offering them; 0.3.36: the invoice (报销凭证) and the remark are filled in at 报名, after the school's approval (2018 附件2 四3 核对培训课程的相关信息，填写报销凭证及备注), and again at 重新报名 (a new order), not with the request to the school (四2); a free training's request to the school says nothing of paying (its 也无需缴费, 完成支付（免费培训无需支付）, 报名并完成支付 were read on a training with no fee), a training with a fee says its payment as before; a grade other than 合格 or 不合格 (优, 良) is refused by the rules in words (本区的结业评价只有合格或不合格), as the workflow's steps refuse it, not credited as a pass by `portal rules convert` and the rules' JSON; 0.3.35: the catalog's button asks the school (向学校申请参加该培训) and says above it that it is a request, no seat nor fee, and that 报名 and paying follow the school's approval (2018 附件2 四2), not 选择该培训; the result of a training is its 结业评价 with 合格 or 不合格 (2017 附件2 第6步) on the core's pages (qingdao_wording: not 考核等次 / 考核结果), the district's and the school's 结业评价 offer those two only (a grade left out still reads by grade_missing_means_pass), and the demo has no 优 or 良; an audit entry's first state reads 学分已登记，待提交审核 (a personalized training's and a claim's credits are registered otherwise than at a 结业评价); annex 3's return and the home's registration panel count 在岗专职教师 (附件3: not those yet to take up their post, on approved leave or away on an exchange) and who of them registered, not every teacher on the rolls; 0.3.34: a personalized training's conversion ends with its credits being due once the teacher has evaluated the course (2018 附件2 六2), so its preview says so; a project's modes are the three the rules credit (集中培训、网络研修、校本培训: the project form and the needs survey offered 自主研修 and 学历教育 too); annex 3's registration reads 已完成平台注册 (附件3 已完成平台注册人数) on the home's panel and the rate's finding, not 已登录注册 or 已注册; 0.3.33: school-based training is 校本培训 on the core's pages too (the project page, the catalog, the project form, the needs survey), as the rules, their steps and the category 校本培训学分 name it, not 校本研修; 0.3.32: the 缴费须知 spaces its figure on both sides (需在 30 分钟内), not 需在30 分钟内 as no other figure on the page; 0.3.31: the yearly average (the registration report and the home) is of the teachers judged on the year, as the core's 本年人均 (ScopeSummary.year_average): one asked nothing of the year is in neither; 0.3.30: a lapsed 报名 reads 培训结束前尚有名额时可重新报名, not only 尚有名额时: after the training's last day it is taken no more (0.3.29); 0.3.29: the school's approval, the teacher's 报名 and 重新报名 are refused after the training's last day, saying so (a lapsed unpaid 报名 was re-enrolled and paid the day after the training ended); 0.3.28: the uses judged over a rolling 近 N 年 window say the last day they hold (Eligibility.holds_until: the day before the earliest entry in the window drops out, or before the next full year in post asks another window), and the annual rating judging the past year in January holds until the registration month's end: a kept standing was asked again only at the year's end, so on 1 February it still judged the past year; 0.3.27: a year's provincial Internet+ compulsory (or elective) records count 18 together at most, as a year's standard-table class does (row_yearly_standard), by the setting tasks_once_a_year (2017 附件1 第10项 says no 每年; the programme runs yearly): two compulsory records of 2019 counted 36; 0.3.26: the intermediate title's figures (72, 216, 288) are cited by the words of 附件1(一) that hold them, not its opening words 教师参加中级职称评审时; 0.3.25: the demo says on which day it tells its story inside one cycle (in_one_cycle_day: its short year on and its catalog's trainings in that day's cycle; today late in a cycle, else the same day of an earlier year), for the tests of what the story's cycle holds, which failed in a cycle's first years and from July of its last; 0.3.24: the cycle's years before the short year hold her school's year of school-based training (48, not A-class) rather than a backbone class, so late in a cycle (2027 of 2023–2027) the A-class floor stays open by the figure the rest of the story leaves (30 short of 240) instead of passing it (258); 0.3.23: the demo teacher's one short year of the cycle is three years back (her school-based training alone, 12 of 48); the cycle's years before it hold her backbone class (48), so late in a cycle (2027 of 2023–2027) its first year is met rather than a second short year with no trainings; 0.3.22: a one-day training's conversion step names its day once (2018-07-09 共 1 天), not 2018-07-09 至 2018-07-09 共 1 天; 0.3.21: in January's first twenty days the demo tells the year just ended (its trainings through 31 December, the new year with none yet) rather than cramming its recent trainings into 1–4 January; from 21 January, while the year is young, its one-day trainings are drawn closer in order, each on its own day (the daily caps, 2018 附件1); 0.3.20: the home's panel of teachers short of the year counts them out of the teachers judged (6 / 36, as the yearly report and the core's cards), not out of those asked with the teachers being computed again (6 / 40); it and the registration panel show the count emphasised out of its total as the core's cards do (Panel.of); 0.3.19: a record not in 学分 is refused, naming records[i].unit, rather than counted hour for credit past the standard table and the daily caps (§附件1); 0.3.18: the home's cycle panel (360) says a teacher who entered, moved in or was on leave in the cycle is judged by her share; 0.3.17: the home's panel of teachers short of the year says a newcomer, transferee or teacher on leave is judged by what the year asks of them (as the yearly report says), not 48 alone; 0.3.16: the 2017 notice's English title says it in a line; on the last day of a running year or cycle its findings are still open (达不到…的, 周期内尚未参加, due that day), not 没有达到/届满: a period ends after its last day (Period.ended_on, read on the core's today), and the previous cycle's page, read after it, still says it ended; 0.3.15: the cycle's findings name the cycle (周期（起止）, 周期内) rather than 本周期, which read as the current cycle on the previous cycle's page, and an ended cycle without a compulsory content says it ended without it (not 尚未参加); a year judged on its last day (the previous cycle's page judges on the cycle's last day) has ended and says so (没有达到), not 达不到…的 as if still open; the compulsory topics' setting reads 每周期, not 本周期内; 0.3.14: the mentor of new teachers (2017 附件1 第1项, 100 学分) is credited by its fixed figure without hours (Program.fixed_roles), so the rules command and the worked cases fill them; 0.3.13: the cycle monitoring report heads itself with the cycle, not a school year, and the registration return with neither (Report.periods); 0.3.12: the layer refusal names the project's and the teacher's layer in the reader's language (the setting project_layers' words); 0.3.11: the invoice of a training with a fee says it is required (2018 附件2 四3); 0.3.10: the demo teachers of the standard table's classes have their layer (2017 附件1 第1–4项), so the subject-leader class is offered to its members and refused to the others by their layer; 0.3.9: the cycle's part of the yearly and cycle monitoring report (2018 附件1(五)): the cycle's 360, A-class 240, 3 personalized trainings and compulsory content by unit; 0.3.8: a teacher's and a project's layer and category chosen from the standard table's groups (2017 附件1 第1–4项); 0.3.7: a project's credits are submitted for audit only once its training materials are uploaded (2017 附件1, 上传培训情况资料); 0.3.6: where the months before entering post or a transfer scale the figure down, their credits no longer count too; 0.3.5: a past year short of 48 in January says only its own trainings registered this month can fill it; 0.3.4: partial_year named on the year's figure, partial_cycle on the cycle's; 0.3.3: the annual rating judges the past year in January, its credits registered then; 0.3.2: nor are a trainer's doubled teaching hours (0.3.1: credits pro rata below a row's standard), as its standard credits are not


@hookimpl
def portal_region_info():
    return RegionInfo(code="qingdao", name=_("青岛市市南区"), unit=Unit.CREDIT, version=__version__)


@hookimpl
def portal_documents():
    """Each notice by its own title, its issuer and date (its heading and signature)."""
    return [
        Document(parameters.F2017, _("关于做好2017年度市南区中小学（幼儿园）教师培训学分系统登记工作的通知"), __name__,
                 _("市南区教育研究中心"), date(2017, 12, 4)),
        Document(parameters.F2018, _("关于做好2018年中小学幼儿园教师培训工作的通知"), __name__,
                 _("青岛市市南区教育研究中心"), date(2018, 4, 13)),
    ]


@hookimpl
def portal_demo_data(today):
    return build_demo(today)


@hookimpl
def portal_rule_versions():
    return list(parameters.RULE_VERSIONS)


@hookimpl
def portal_parameters():
    return parameters.all_parameters()


@hookimpl
def portal_credit_categories():
    return conversion.categories()


@hookimpl
def portal_programs():
    return conversion.programs()


@hookimpl
def portal_activity_fields(on):
    return conversion.activity_fields(on)


@hookimpl
def portal_convert_activity(activity, on):
    return conversion.convert(activity, on)


@hookimpl
def portal_cycle(on):
    """Five calendar years, the same for every teacher (the year is the core's calendar
    year): what differs for a new hire or a transfer is what is asked of them."""
    return compliance.cycle(on)


@hookimpl
def portal_requirements(on, teacher):
    return compliance.requirements(on, teacher)


@hookimpl
def portal_check_compliance(teacher, records, as_of, today):
    return compliance.check_compliance(teacher, records, as_of, today)


@hookimpl
def portal_duties():
    return compliance.duties()


@hookimpl
def portal_purposes():
    return eligibility.purposes()


@hookimpl
def portal_eligibility(teacher, records, as_of):
    return eligibility.eligibility(teacher, records, as_of)


@hookimpl
def portal_enrollment_workflow():
    """Built on the day asked: its payment deadline is a dated parameter."""
    return workflow.enrollment_workflow(clock.today())


@hookimpl
def portal_project_choices(on):
    return enrollment.project_choices(on)


@hookimpl
def portal_audit_workflow():
    return workflow.AUDIT_WORKFLOW


@hookimpl
def portal_audit_findings(step):
    """Each level submits only the entries it registers (2017 §一 谁举办谁登记), a claim only the
    research centre (annex 1 row 9), and in the time its row gives."""
    return audit.audit_findings(step)


@hookimpl
def portal_claim_kinds():
    """Row 9's other cases, recognised by the research centre (2017 annex 1)."""
    return claims.claim_kinds()


@hookimpl
def portal_project_required():
    return list(enrollment.REQUIRED_PROJECT_FIELDS)


@hookimpl
def portal_enrollment_form(project):
    from .forms import QingdaoEnrollmentForm, QingdaoFreeEnrollmentForm

    return QingdaoFreeEnrollmentForm if project is not None and not project.fee else QingdaoEnrollmentForm


@hookimpl
def portal_project_review(project):
    return enrollment.project_review(project)


@hookimpl
def portal_selection_state(selection):
    return enrollment.selection_state(selection)


@hookimpl
def portal_selection_findings(selection):
    return enrollment.selection_findings(selection)


@hookimpl
def portal_project_findings(step):
    return enrollment.project_findings(step)


@hookimpl
def portal_move_findings(move):
    return enrollment.move_findings(move)


@hookimpl
def portal_needs_survey():
    return NeedsSurvey(reporting.SURVEY_SOURCE)


@hookimpl
def portal_payment_methods():
    """2018 附件2 四5: 选择支付方式进行付费操作（需提前与单位财务人员确认报销流程及要求）: the
    school's finance office is the one method the portal itself can settle; an online
    provider plugs in beside it."""
    return [FinanceOffice()]


@hookimpl
def portal_dashboard_panels(summary):
    return reporting.dashboard_panels(summary)


@hookimpl
def portal_reports():
    """Annex 3's registration statistics (2018 §二) and the year's 48 (2018 annex 1 (三)), by unit."""
    return reporting.reports()


@hookimpl
def portal_level_labels():
    """The district level as the rules name it (区（市县）级), on the core's pages too."""
    return {Level.COUNTY: LEVEL_NAMES[Level.COUNTY]}


@hookimpl
def portal_mode_labels():
    """School-based training as the rules name it (校本培训: 2017 §二2, 2018 附件1 每天计不超过 8 学分
    （其中校本培训每天不超过 6 学分）), as its steps and its category (校本培训学分) do: a phone walk's
    school-based project page read 校级 · 校本研修 above its own steps' 校本培训."""
    return {Mode.SCHOOL_BASED: MODE_NAMES[Mode.SCHOOL_BASED]}


@hookimpl
def portal_selected_by(project):
    """A city personalized training is selected by each teacher themselves (2017 附件1 第11项):
    no admin submits teachers into it."""
    return (UserRole.TEACHER,) if enrollment.personalized(project) else None


@hookimpl
def portal_wording():
    """The notices' 结业评价 and its 合格/不合格 for the core's 考核等次 and 考核结果 (words.WORDING)."""
    return WORDING
