"""Ruian (瑞安市, Zhejiang): credits as declared by the project, 360 in a 5-year cycle.

Authority: ruian-2019h2-course-selection.txt. Only the hook implementations live here; the
rules are laid out by concern: numbers and settings in ``parameters.py``, credits in
``conversion.py``, the cycle (the teacher's own or the shared one) and what it asks of a
teacher in post for part of it in ``periods.py``, the teacher's duties and requirements in
``compliance.py``, the cycle's training plan in ``eligibility.py``, course selection (the
term's calendar, who may select when, the round-2 rule, when the school reviews and the
institution rechecks, who reviews a declared project) in ``enrollment.py``, the enrollment
workflow in ``workflow.py``, the credits claimed outside the portal in ``claims.py`` and who
recognises them in ``audit.py``, the school figures, dashboard panels and report in
``reporting.py``, what the calculator asks in ``conversion.py``, the demo in ``demo.py``, the words they
share in ``words.py`` and the worked cases in ``scenarios/``.
"""
from __future__ import annotations

from portal import clock
from portal.domain import Document, Level, Mode, RegionInfo, Unit
from portal.hookspecs import hookimpl

from . import audit, claims, compliance, conversion, demo, eligibility, enrollment, parameters, periods, reporting, workflow
from .words import LEVEL_LABELS, MODE_LABELS
from .words import USER_ROLE_WORDS, WORDING, _

__version__ = "0.7.40"  # 0.7.40: the bureau reviews an institution's (or a school's) project but neither edits nor reschedules it (ProjectOrganisers.own_unit; 附件 第2项、第4项): no 修改 or 改期 offered, the edit form not found; the training notice's notes name who sends it, the unit running the training (培训机构, 教育局, 举办培训的学校), not 培训机构 for the bureau's or a school's own training, and that unit is not told to ask itself; the institution rechecking reads that a choice the school left unreviewed was checked by the late reviewer (学校逾期未审核的，由教育局补审时把关), not only 由学校审核把关; a rejected round-1 choice on the class list speaks of the teacher (其间教师仍可另选课程), not to her; 0.7.39: the late reviewer's layer, stage and subject cautions (由教育局补审时把关) name the bureau's setting their words follow (late_school_review), linked beside §二 on the page, which names the school only; 0.7.38: a choice past the school's review window unreviewed reads 已选课，学校未在审核时间内审核 (State.overdue), one past the recheck window unrechecked 审核通过，培训机构未在复核时间内复核, on the teacher's, the class list's and the awaiting list's pages, not 待学校审核 / 待培训机构复核 beside 无人能再办理下一步 or 已转由教育局审核 (附件 第3项); 0.7.37: the training notice sent (附件 第3项 培训机构…发放培训通知) reads to each reader in their own words (Selection.reader, now given to portal_enrollment_notes): the teacher asks the institution if it did not come (未收到的请与培训机构联系), the school or bureau reads it of the teacher (教师未收到的，请与培训机构联系), the institution that sent it reads only when it went out, not told to ask itself; 0.7.36: the layer caution read by the unit reviewing late a choice the school left unreviewed (setting late_school_review) says that unit checks it in the late review (学校逾期未审核的，由教育局补审时把关), as the stage and subject cautions do, and the rate as the teacher's school's (计入教师所在学校…), 本校 only to the school's own readers (the institution rechecking reads 教师所在学校 too), §二 各校（园）要严格把关审核; the 90-credit training is written as the pages write figures (基础学分 90 以上, 集中培训（基础学分 90 及以上）, （含 90）, 90 学分及以上, 75% 及以上), the notice's own words quoted as written; the bureau (教育局) reads an institution's training materials but is not offered their upload, which the institution running the training and recording its results makes (附件 第4项), and one posted is refused in words; beside 复核通过 the institution reads that the training notice comes at round 2's recheck only outside that recheck (附件 第3项 培训机构受理复核、发放培训通知), not while sending them; a choice the school left unreviewed says once that it is no longer reviewed (…学校未审核，不能再审核；如有疑问请与学校联系), not 不能再审核；本学期不能再审核; 0.7.35: the stage and subject cautions read by the unit reviewing late a choice the school left unreviewed (setting late_school_review: the bureau by default, the zone if it names it) say that unit checks it in the late review (学校逾期未审核的，由教育局补审时把关), not 由学校审核把关; the cycle duty reads 不少于 360 学分, as a new hire's own share beside it (不少于 312 学分) and the region's other figures do; 0.7.34: only those the notice names create training projects (portal_project_organisers: 教育局 and 培训机构 declare them, 附件 第2项; the schools run their own 校（园）本培训, §一、§三): an education zone's admin (教育学区) has no Projects menu, form or button and is told who creates them, and no organiser's step of the workflow (workflow.ORGANISERS); a result recorded before a training's last day is refused in an English sentence (on or after …, the training's last day); outside their windows (附件 第3项) the class expansion's request and decision read in English as the schedule's times (This is not the time for institutions to ask for more classes: the schedule's window for requests is …), not "Institutions are not asking for more classes now"; the 退选 note (no round-1 choice at round 1's end bars round 2, §四(二)) stands only beside the last round-1 choice the teacher holds (neither withdrawn nor rejected), not beside each of two; 0.7.33: the quota page tells how quotas work behind a tap, its sentence on units without a quota said apart: its 不能选课 kept there; 0.7.32: the stage, subject and layer cautions speak to the teacher of herself (与您任教的学段不同), to an admin of the teacher, the school reviewing her choice included (Selection.reader); round 2's refusal reads in English without 'to this teacher' (the Chinese is neutral); the late review of a choice the school left unreviewed (setting late_school_review) is a step of the unit the setting names only, so the zone's menu no longer offers 选课审核 while the bureau reviews late (nor the bureau's when the zone does), and the core's "runs" link and heading read 选课 (本单位培训的选课); 0.7.31: the 退选 step's note (no round-1 choice at round 1's end bars round 2, §四(二)) stands only beside a round-1 choice while round 2 is ahead, not on a round-2 choice (Transition.note_applies); 0.7.30: a round-1 choice made outside the calendar in force, the day asked being in it, is of another term even in the same half-year (§四(二)): an August choice of an earlier term no longer tells a teacher rejected in a term running to January that round 2 is still open to her, which January's round 2 then refused; 0.7.29: the empty 选课审核 list says which phase of the calendar in force brings the reader's reviews, with its dates (the school's 校长对第N轮选课进行审核, the late reviewer the setting names, the institution's 培训机构受理复核; a zone's admin reads that the school reviews, §附件 第3项: portal_awaiting_when); a training spanning two terms keeps its training-notice note after the term's last phase and a later term's training is not told of this term's notice (§附件 第3项、第4项); round 2 in January counts December's round-1 choice of the same term, the term read from the calendar in force (§四(二)); the wait for a training's last day before its result is recorded cites no clause (§二 does not say it); a round-1 choice rejected while round 1 is still open says another may still be chosen until its end (§四(二)); 0.7.28: a round-1 choice the school rejected says, while round 2 is ahead, whether the teacher may still take part in round 2 or not (§四(二)), not only 审核不通过 and its reason; 0.7.27: the quota page says a unit without a quota 不能选课 (not 报名), and the class list's English template link names course selections, as the rest of the pages do (§四 教师选课); 0.7.26: the core's pages read the notice's 选课 for the core's 报名 (待办选课, 选课审核, 此前已选课 …: portal_wording, words.WORDING; §四 教师选课), and the late-review setting's note names the teacher's 我的培训 page, not 报名页; a rechecked choice (复核通过) says when its training notice goes out by the calendar in force, to come, under way or sent (§附件 第3项 培训机构受理复核、发放培训通知), to the teacher and on the class list the school reads; 0.7.25: the calculator and `portal rules convert` take an activity without its level (项目级别不影响学分: activity_fields says it is not required), as the project's base credits alone decide its credits (§二); 0.7.24: between the rounds (round 1 over, round 2 ahead) a teacher reads round 2's condition already (§四(二)): one with no round-1 choice, or only rejected ones, is no longer pointed to round 2's dates among the trainings that would help; 0.7.23: withdrawing a choice (退选) says beforehand that a teacher who ends round 1 with no choice may not take part in round 2 (§四(二)), and a withdrawn choice reads 已退选, not 本轮选课期间可重新选课 (read in round 2 beside the refusal); 0.7.22: every demo school has its own platform admin (school_admin_yh, _tx, _sy): 玉海实验中学's results waited for nobody; 0.7.21: worked cases at the edges of §二 (several 90+ trainings of which one completed, half credits at 360, a late entrant on approved leave or transferred in, a 90+ training on and before the day of entry) in scenarios/edges.yaml; no rule changed; 0.7.20: a late entrant's own cycle (counted from the year they entered, setting cycle_from_entered_post) is headed 个人周期 / Own cycle on the pages, and the use judged by it names it so, not 本周期 (CycleProgress.label); 0.7.19: a window of the calendar that is one day (培训机构受理复核 9月13日, §附件 第3项) reads （2019-09-13 当天） / (2019-09-13 only), not （2019-09-13 至 2019-09-13）: every window in its messages is worded by the core's one helper (portal.domain.calendar.window); 0.7.18: in January's first twenty days the demo tells the year just ended rather than putting the year's trainings, the 90-credit one among them, onto 1 January; while the year is young its trainings are drawn closer in order, each on days of its own; 0.7.17: a school-based project reads 校（园）本培训 on the core's pages (the project page, the catalog, its filters) as on the project form it was created with, the notice's word (§一、§三), not the core's 校本研修; 0.7.16: a record not in 学分 (10 学时) is refused, naming records[i].unit, rather than counted as 10 学分: the notice counts credits from the project's base credits and never converts hours (§二); 0.7.15: the setting that starts a late entrant's own cycle on 1 January of the entry year says so in its name (in English it read as the day they entered), and its note says the notice gives no start or end for such a cycle (§二 gives 5 years and 360 credits; 按教师实际进入平台的时间 asks schools to plan), so nothing cites that clause for it; 0.7.14: the notice's English title says it in a line; on the cycle's last day its findings are still open (尚未完成/尚未满足, due that day), not 届满: a period ends after its last day (Period.ended_on, read on the core's today), and the previous cycle's page, read after it, still says it ended; 0.7.13: the cycle's findings name the cycle (周期（起止）, 周期内) rather than 本周期, which read as the current cycle on the previous cycle's page, and an ended cycle without its 90+ centralized training says it ended without it (not 尚未); 0.7.12: the dashboard's yearly average says the 72 is judged school by school (§二 各校（园）) and points to the schools' report, a zone's or the city's figure being its schools together; 0.7.11: round 2 admits a teacher whose round-1 choice the school did not reject, worded so (学校未审核为不通过), not as a review still to come once its window passed; 0.7.10: in English, what now happens to a choice left unreviewed or unrechecked, and a training attended too short, begin with a capital after the full stop before them; 0.7.9: the layer match rate reads in English for one choice as for many; 0.7.8: the bureau's role named as a role (Education bureau in English, like Education zone), apart from the bureau inside a sentence; 0.7.7: the school figures' two rates read with %; 0.7.6: the institution's recheck is worded 复核通过 and its state says the training notice comes at round 2's recheck (附件 第3项 9月19日—9月22日), not 已发培训通知 at round 1's (9月13日); 0.7.5: teachers see a term's projects in the catalog from the browsing window (附件 第3项); 0.7.4: a claim of a training outside the portal asks for the base credits it declared; 0.7.3: the dashboard's yearly average counts only the teachers whose standing is counted, as the report does; 0.7.2: no training project is of the program a claim from outside the portal carries (its attendance and grade went unchecked); 0.7.1: a project's base credits cite §二（基础学分）, not the 90+ training's sentence; 0.7: a centralized training taken outside the portal is claimed and the school recognises it


@hookimpl
def portal_region_info():
    return RegionInfo(code="ruian", name=_("瑞安市"), unit=Unit.CREDIT, version=__version__)


@hookimpl
def portal_documents():
    # 瑞安市教育局《关于做好2019年下半年中小学教师专业发展培训项目申报与教师选课工作的通知》:
    # undated (the text has no date line), so ``issued`` stays empty.
    return [Document(parameters.DOC, _("瑞安市教育局关于做好2019年下半年中小学教师专业发展培训项目申报与教师选课工作的通知"), __name__,
                     issuer=_("瑞安市教育局"))]


@hookimpl
def portal_demo_data(today):
    return demo.build_demo(today)


@hookimpl
def portal_rule_versions():
    return list(parameters.RULE_VERSIONS)


@hookimpl
def portal_parameters():
    return list(parameters.ALL)


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
def portal_cycle(on, teacher):
    return periods.cycle(on, teacher)


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
    """Built on the day asked, under the settings in force: who reviews a choice late is a setting."""
    return workflow.enrollment_workflow(clock.today())


@hookimpl
def portal_project_required():
    return list(enrollment.PROJECT_REQUIRED)


@hookimpl
def portal_project_choices(on):
    return enrollment.project_choices(on)


@hookimpl
def portal_project_organisers():
    return enrollment.PROJECT_ORGANISERS


@hookimpl
def portal_project_review():
    return enrollment.PROJECT_REVIEW


@hookimpl
def portal_quotas_allocated_by(project):
    return enrollment.quotas_allocated_by(project)


@hookimpl
def portal_selection_calendar(on):
    return enrollment.calendar(on)


@hookimpl
def portal_catalog_listing():
    return enrollment.CATALOG_LISTING


@hookimpl
def portal_calendar_editors():
    return enrollment.CALENDAR_EDITORS


@hookimpl
def portal_selection_phase_order():
    return parameters.PHASE_ORDER


@hookimpl
def portal_project_findings(step):
    return enrollment.project_findings(step)


@hookimpl
def portal_selection_findings(selection):
    return enrollment.selection_findings(selection)


@hookimpl
def portal_move_findings(move):
    return enrollment.move_findings(move)


@hookimpl
def portal_enrollment_notes(move):
    return enrollment.enrollment_notes(move)


@hookimpl
def portal_awaiting_when(roles, on, calendar):
    return enrollment.awaiting_when(roles, on, calendar or enrollment.calendar(on))


@hookimpl
def portal_claim_kinds():
    return claims.claim_kinds()


@hookimpl
def portal_audit_findings(step):
    return audit.audit_findings(step)


@hookimpl
def portal_dashboard_panels(summary):
    return reporting.dashboard_panels(summary)


@hookimpl
def portal_reports():
    return reporting.reports()


@hookimpl
def portal_level_labels():
    """The county level as a county-level city names it (县（市、区）级), as its project form does."""
    return {Level.COUNTY: LEVEL_LABELS[Level.COUNTY]}


@hookimpl
def portal_mode_labels():
    """School-based training as the notice names it (校（园）本培训, §一、§三), as its project form,
    calculator and categories do: a trial created a 校（园）本培训 project and its page read 校本研修."""
    return {Mode.SCHOOL_BASED: MODE_LABELS[Mode.SCHOOL_BASED]}


@hookimpl
def portal_role_labels():
    """Those who act as the notice names them: 教育局, 教育学区, 学校平台管理员."""
    return USER_ROLE_WORDS


@hookimpl
def portal_wording():
    """The notice's 选课 for the core's 报名 (words.WORDING): a trial's pages read 待办报名 and
    报名审核 beside 已选课，待学校审核 for the same choice."""
    return WORDING
