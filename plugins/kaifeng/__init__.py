"""开封市 (Henan): the city-wide 60-hour online all-staff training, counted in 学时.

Source: kaifeng-2018-online-training.txt. Only the hook implementations live here; the
rules are laid out by concern: numbers and settings in ``parameters.py``, the categories,
programs and what an activity records in ``conversion.py``, the cycle, the hours asked of
a teacher and the duties in ``compliance.py``, what the all-staff training opens in
``eligibility.py``, who submits whom to which project until when, who reviews a project, what
an all-staff project's fee, hours and stages must be and the enrollment calendar in
``enrollment.py``, the enrollment and audit workflows and what
the audit checks in ``workflow.py``, what may be claimed with evidence outside the portal's
projects in ``claims.py``, the dashboard and the report in ``reporting.py``, the
completion certificate in ``certificates.py``, what the calculator asks in
``conversion.py`` (no web code: the core's form asks it), the demo in ``demo.py``, the words they share in ``words.py`` and the worked
cases in ``scenarios/``.
"""
from __future__ import annotations

from portal.domain import Described, Document, RegionInfo
from portal.hookspecs import hookimpl

from . import certificates, claims, compliance, conversion, demo, eligibility, enrollment, parameters, reporting, workflow
from .words import WORDING, _

# 0.4: a returned audit entry goes back to the institution with a reason, never final;
# 0.5: claims (training outside the portal, the all-staff certificate), returned to the school
# 0.5.1: a teacher in post after the one-off training, with no pass, no longer meets the uses'
# 必备条件 (§五(三)), and the not-asked duty has its own heading: the standings are computed again
# 0.5.2: such a teacher who passed a later phase (their school submitted them) meets them
# 0.5.3: the calendar's enrollment phase binds the deadline
# 0.5.4: the all-staff completion certificate is offered for each phase passed, not only the latest
# 0.5.5: a project's preview words the pass and the hours as conditions (若综合考核合格), not as a result reported
# 0.5.6: a teacher in post after the one-off training reads that the pass is the uses' condition
# (不作要求 beside 不能认定满足 read as a contradiction), with no later phase promised
# 0.5.7: the year's settings are named on the year's figure, the cycle's on the cycle's
# 0.5.8: a year's all-staff training registers its 60 hours once (§三, §四(二)1), and before the
# first phase ends a teacher without a pass reads its dates rather than "no make-up"
# 0.5.9: a repeated pass is said only in the cycle it falls in (a later cycle's duties spoke of 2019's), and
# where the months before entering post or a transfer scale a figure down, their hours no longer count too;
# a late entrant's uses say they could not take the training, not that it is 不作要求 and then not met
# 0.5.10: an all-staff project is run by its program's institution (§四(一)) or by one of the four
# counties that organise their own (§二(三)); another institution or district is refused
# 0.5.11: the all-staff training is for teachers holding a teacher qualification certificate (§二(一))
# 0.5.12: a submission to a city all-staff project whose seats the bureau has not allocated to the
# teacher's unit is refused (§四(二)1 名额已分配到各单位系统中), not taken up to the project's seats
# 0.5.13: the city all-staff project's quota page offers only the units it is for: not the four counties
# organising their own (§二(三)) nor their schools; a quota set there is refused, saying why (portal_unit_findings)
# 0.5.14: the audit's steps on claims apply to claims only (applies), so a school, which acts on
# nothing else in the audit, is not offered the always-empty queue of a project's results
# 0.5.15: the claim form in the notice's terms: the Henan rules by the title the preamble gives them,
# each example first (it dangled after 由本市设置), the certificate's claim of 全员培训 and 综合考核,
# naming the four counties that 自行组织实施 (§二(三)) and the 结业日期 the form asks
# 0.5.16: the English label of its degree-education mode capitalised like every label beside it
# 0.5.17: the Henan documents are said to be not held by the portal (本平台未收入…原文) by the title
# the preamble gives them, with who decides what they leave open (教育局), not 未收录 nor 河南省学时登记办法
# 0.5.18: the 十三五 guidance by its full title, 河南省教育厅《河南省“十三五”基础教育教师继续教育工作指导意见》
# 0.5.19: a teacher their school records as holding no teacher qualification certificate is not asked the
# all-staff training (§二(一): the training is for certificate holders, and their submission is refused), yet
# without a pass the uses' 必备条件 (§五(三)) is not shown as met
# 0.5.20: the home leads with the all-staff training, the duty the notice itself sets (§三, §三(五), §五(三),
# §五(四); Duty.lead), before the yearly and cycle hours, whose figures are the bureau's settings; the duty's line
# says what the notice says of it, its setting (任一期合格即可) named as the bureau's setting, not in the notice's words
# 0.5.21: the cycle's findings name the cycle (周期内, 周期（至…）) rather than 本周期, which read as the current cycle on
# the previous cycle's page; an ended cycle without an all-staff training pass says it ended without one (not 尚无)
# 0.5.22: on the cycle's last day the all-staff training is still open (周期内尚无, due that day), not 届满: a
# period ends after its last day (Period.ended_on, read on the core's today); the previous cycle's page still says 届满
# 0.5.23: the demo teacher has a claim of training on another platform (returned by the district), an appeal
# (dismissed by her school) and their notifications; the notice's English title says it in a line
# 0.5.24: a claim the district returned says the teacher herself may correct it as well as her school
# (her page offers the correction); the dashboard's yearly figure reads "12 of 14" in English
# 0.5.25: the city's registration names 河大附中 beside 局属学校, as the notice addresses them apart
# 0.5.26: the dashboard's teachers meeting the year are of those judged (12/14), as its average and the report
# are, not of everyone with those whose standing is being computed again (12/42); a dash when nobody is judged
# 0.5.27: a teacher on approved leave throughout the one-off training (2019-01 to 2019-04) was not 在岗 while it ran
# (§二(一) 在职在岗教师) and no make-up is held (§五(四)): the all-staff duty is not asked of them, as of one who entered
# post after it, and without a pass the uses' condition is not shown as met; leave over part of it changes nothing
# 0.5.28: the dashboard's teachers meeting the year are a count out of those judged (Panel.judged), shown as the
# core's cards show theirs ("12 / 14", in English "12 of 14", the count emphasised), not an unspaced "12/14" in bold
# 0.5.29: in January's first twenty days the demo tells the year just ended (its training done, some teachers short
# of it), not a new year whose whole training was crammed into its first days with every teacher passing; while the
# year's training months run (§四(二)2: 1月至4月) its teachers are enrolled without results, not all passed already;
# the new hire without a qualification certificate is not submitted to the all-staff training of the year after (§二(一))
# 0.5.30: a teacher refused a second all-staff training running at the same time reads its dates as the core words a
# window: （2026-09-01 当天） for one of one day, not 2026-09-01 至 2026-09-01 (portal.domain.calendar.window)
# 0.5.31: the demo names the years whose all-staff training has its results (assessed_years: not this year's while
# it runs) and the last day it shows the latest with results (assessed_day), for the tests that read them
# 0.5.32: a teacher refused an all-staff training because admins submit reads the core's words for it (as of
# every other training), with the clause: one refusal, worded once
# 0.5.33: the figures of 1 名坊主 (§三(二)), 1 月至 4 月 (§四(二)2) and the 1.5%－2.5% and 5% shares (§五(二)) are
# cited by the words that hold them, not the clause's number alone
# 0.5.34: a refusal nothing lifts for the teacher as recorded is marked never (Finding.never): another stage's
# all-staff project (§四(二)1), the city's for a teacher of the four counties (§二(三)), a deadline passed
# (§五(四)); the catalog then says what the training earns those it is for, not "+60 学时" as an offer
# 0.5.35: a claim of training outside the portal (centralized or online) no longer asks its level, which its
# registration by the hours attended does not read (ClaimKind.asks_level False): it records none, not one unread
# 0.5.36: the demo gives 祥符区, which ran its own all-staff training, its department's admin (district_admin_xf):
# its teachers' hours waited for a registration nobody could make
# 0.5.37: a unit whose quota of a city all-staff project is used up reads that it asks the city bureau's
# teacher-education office for more (§四(二)1 名额如果不够请及时与教师教育科联系进行修改), not only 名额已用完
# 0.5.38: the refusal of a unit allocated no seats of a city all-staff project (名额尚未分配到本单位) takes the
# core's code for it (selection_quota_unallocated, was all_staff_quota_allocated), so the core's word on the
# unit's quota gives way to it, while a refusal for another reason no longer hides the core's
# 0.5.39: the yearly 人均 and its head count are of the teachers judged on the year, as the core's 本年人均
# (ScopeSummary.year_average): one asked nothing of the year is in neither
# 0.5.40: the core's pages read the notice's words (portal_wording, words.WORDING): the calendar is its 实施步骤
# (§四(二): 1.报名 2.实施), not 选课进程, its windows speak of 报名 and 本期, not 选课 and 学期, and the menu's 报名审核
# reads 待办报名 (nobody reviews a school's submission, §四(二)1); the school admin's empty list says why; the
# catalog says a teacher may not be enrolled (不能报名, 能否为您报名), not selected (不能选, 能否选择)
# 0.5.41: under the year's total, the 人均 names the teachers it is of when some were asked nothing
# 0.5.42: the English reads the notice's words too: the catalog sorts by Most enrolled (报名人数最多), and the
# calendar's day to start from and its messages name the training under way (一期), not a term (学期)
# 0.5.43: the project form's refusal reads 已有教师报名该项目 (not 选择该项目), the calendar's unconfirmed dates
# are 一期's (not 学期's), and the note of a withdrawal confirmed without a reason says 撤销该报名 (not 结束该选课)
# 0.5.44: a bulk submission refused for a unit's quota running out within it keeps the notice's sentence on asking
# 教师教育科 for more (§四(二)1), as the single refusal does: the refusal words the core's 名额已用完 as its own part
# 0.5.45: the catalog says a teacher's enrollment (报名状态：…, Your enrollment: …), not 已选, and a second
# submission 已报名该项目, not 已选过该项目: nobody selects a training (§四(二)1)
# 0.5.46: a training a bureau or a school runs itself (its admins record the results) is not returned to a
# training institution it does not have (退回培训机构核实 left the entry waiting for a step nobody could take)
# 0.5.47: the completion certificate's statement reads as a sentence in English (Took part in the …), not
# "took part in …" alone on the certificates page; a quota run out above the school is named (鼓楼区在该项目的名额)
# 0.5.48: a result a school or a bureau recorded for a training it ran itself is returned, saying why, to that
# organiser (退回举办单位核实), whose admins check it and hand it in again; the refusals there name the organiser,
# not a training institution (这是培训机构录入的考核结果 was read of a school's own result); a department does not
# return to itself the result of a training it ran itself (祥符区's admin was offered 退回举办单位核实 on its own)
# 0.5.49: a submission's fee is worded as the notice says it (全员培训不向参训教师收取任何费用, §四(三)), not 向教师收取的费用符合规定
# 0.5.50: 补训 is said as the notice says it (§五(四) 本次培训结束后，未参训的教师不再统一安排补训): a failed assessment's
# certificate refusal, conversion step, the uses still missing a pass, the duty and the programs no longer say a failed
# teacher gets no make-up, of which the notice says nothing
# 0.5.51: nor do a failed assessment's certificate refusal and conversion step end with §五(四)'s sentence and
# clause: it speaks of teachers who did not take part, and a teacher who failed took part
# 0.5.52: the audit knows the organising UNIT, not only its kind: only the unit that ran a training hands its
# returned result in again (核实后重新提交; another school's admin whose teacher attended it is neither offered it
# nor allowed it, and reads who takes it), a district returns to another district the result of a training that
# district ran (it was refused as if its own), and the departments act on the teachers of their area (§五(一)), not
# on another district's teacher of a training they ran
# 0.5.53: an all-staff project's page says beside its 60 学时 what a teacher must complete for them to be
# registered (§三(三) the training tasks and the assessment tasks, §三(五) a pass of the composite), not the hours alone
# 0.5.54: (with the core) the workshop leader (坊主, §三(二)) follows members on the workshop's page only: a
# member's teacher page, duties, previous cycle and ledger answer 403 in words, and the teacher list links none
# 0.5.55: a self-run training's result returned before 0.5.46 to an institution it did not have (returned, or the
# pre-0.4 rejected) is handed in again by the organising unit's own admins, as from organiser_returned: it was stranded
# 0.5.56: (with the core) the all-staff project's 60 学时 read on a catalog card and in the organiser's 完成该培训的
# 教师可获得 are marked 考核合格后计入 (§三(五)), not as earned by enrolling (HoursCondition.short)
# 0.5.57: (with the core) the calendar's enrollment (12月20日) and training (1月至4月) are the city's projects'
# (§四(二)1, 2): the homes of the four counties that organise their own (§二(三)) and of their schools no longer
# say the city's deadline as theirs (祥符区's read 正在进行，截止 12-20), of the counties' own schedule the notice says nothing
# 0.5.58: (with the core) such an older returned (or rejected) entry of a training a school or a bureau ran itself
# reads that its organiser checks it (已退回举办单位，待其核实后重新提交), as organiser_returned does, not 待培训机构核实
# 0.5.59: (with the core) that label also on the teacher's trainings, the class list, the workshop page and the API;
# the eligibility report counts who meets each use's all-staff condition (§五(三)): 满足 / Met, not 可用于 / Open,
# which read in English as the condition still open; the deadline in time cites §四(二)1 alone, no make-up (§五(四))
# only of a submission past it (the enrol page now says the deadline beside the quota)
__version__ = "0.5.59"


@hookimpl
def portal_region_info():
    return RegionInfo(code="kaifeng", name=_("开封市"), unit=parameters.UNIT, version=__version__)


@hookimpl
def portal_documents():
    return [Document(parameters.DOC, parameters.DOCUMENT_TITLE, __name__, parameters.ISSUER, parameters.NOTICE_DATE)]


@hookimpl
def portal_demo_data(today):
    return demo.build_demo(today)


@hookimpl
def portal_rule_versions():
    return list(parameters.RULE_VERSIONS)


@hookimpl
def portal_parameters():
    return list(parameters.PARAMETERS)


@hookimpl
def portal_credit_categories():
    return conversion.categories()


@hookimpl
def portal_hours_condition(project):
    return conversion.hours_condition(project)


@hookimpl
def portal_programs():
    return conversion.programs()


@hookimpl
def portal_assessment_parts():
    return [Described(code, label, parameters.src("三(五)")) for code, label in parameters.ASSESSMENT_PARTS.items()]


@hookimpl
def portal_activity_fields(on):
    return conversion.activity_fields(on)


@hookimpl
def portal_convert_activity(activity, on):
    return conversion.convert(activity, on)


@hookimpl
def portal_cycle(on):
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
    return workflow.ENROLLMENT_WORKFLOW


@hookimpl
def portal_audit_workflow():
    return workflow.AUDIT_WORKFLOW


@hookimpl
def portal_audit_findings(step):
    return workflow.audit_findings(step)


@hookimpl
def portal_claim_kinds():
    return claims.claim_kinds()


@hookimpl
def portal_project_review(project):
    return enrollment.project_review(project)


@hookimpl
def portal_quotas_allocated_by(project):
    return enrollment.quotas_allocated_by(project)


@hookimpl
def portal_unit_findings(project, unit):
    return enrollment.unit_findings(project, unit)


@hookimpl
def portal_selection_findings(selection):
    return enrollment.selection_findings(selection)


@hookimpl
def portal_project_findings(step):
    return enrollment.project_findings(step)


@hookimpl
def portal_project_assessment_weights(project):
    return conversion.project_weights(project)


@hookimpl
def portal_move_findings(move):
    return enrollment.move_findings(move)


@hookimpl
def portal_selection_calendar(on):
    return enrollment.selection_calendar(on)


@hookimpl
def portal_phase_concerns(phase, unit):
    return enrollment.phase_concerns(phase, unit)


@hookimpl
def portal_calendar_editors():
    return enrollment.CALENDAR_EDITORS


@hookimpl
def portal_dashboard_panels(summary):
    return reporting.dashboard_panels(summary)


@hookimpl
def portal_reports():
    return reporting.reports()


@hookimpl
def portal_certificates():
    return certificates.certificates()


@hookimpl
def portal_wording():
    """The notice's 报名 and 实施步骤 for the core's 选课 and 选课进程 (words.WORDING): its calendar
    page was named 选课进程, where schools and districts submit their teachers (§四(二)1)."""
    return WORDING
