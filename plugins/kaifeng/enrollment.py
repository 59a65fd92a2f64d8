"""Who is submitted to which all-staff project, by whom and until when, who looks after
the projects, and what an all-staff project itself says (kaifeng-2018-online-training.txt §三,
§四, §五).

The notice's enrollment (§四(二)1): the school and district admins (各区教育局和各学校的系统
管理员) submit their teachers, each to the project of the stage they teach, within the quota
allocated to their unit, by 12-20; a teacher left out is not trained later (§五(四)); nobody
asks the teacher for a fee (§四(三)). The training runs January to April (§四(二)2). Each
level's teacher-training department manages the projects of its area (§五(一)). An
all-staff project is of the training's 60 hours (§三) and for the stages of its program
(§四(一)), the stages its teachers are submitted by.

These rules are the all-staff training's; the notice sets none for other training.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date, timedelta

from portal.domain import (
    Finding, Level, Move, OrgKind, Phase, ProjectFacts, ProjectReview, ProjectStep, SchoolStage, Selection, UnitFacts,
    UserRole,
)
from portal.domain.amounts import hours
from portal.domain.calendar import window
from portal.domain.labels import STAGE_LABELS
from portal.domain.selection import (
    DECLARE, REVIEW, SAVE, STAGE, UNALLOCATED, calendar_phase, ended_finding, fee_finding, not_selector, quota_finding,
)
from portal.domain.text import DEFAULT_LOCALE, Joined, listing

from . import parameters as P, workflow
from .words import _

# The codes of Kaifeng's own findings on a selection (the shared ones: STAGE, QUOTA, FEE).
SUBMITTER = "enrollment_submitter"
DEADLINE = "enrollment_deadline"
ONCE = "all_staff_once"
AREA = "all_staff_area"
QUALIFIED = "all_staff_qualified"
ALLOCATED = UNALLOCATED  # the core's code for it, so that its word on the unit's quota gives way
# ... and on an all-staff project itself, as it is saved, declared and approved.
PROJECT_FEE = "project_fee"
PROJECT_DEADLINE = "project_enrollment_deadline"
PROJECT_HOURS = "project_hours"
PROJECT_STAGES = "project_stages"
PROJECT_ORGANISER = "project_organiser"

# 报名……由各区教育局和各学校的系统管理员具体负责 (§四(二)1).
SUBMITTERS = workflow.ENROLLMENT_WORKFLOW.selected_by
SUBMITTER_SOURCE = P.src("四(二)1（由各区教育局和各学校的系统管理员具体负责）")
STAGE_SOURCE = P.src("四(二)1（根据参训教师的任教学段，选择不同的项目）")
ONCE_SOURCE = P.src("三（本次培训学时为60学时）", "四(二)1（根据参训教师的任教学段，选择不同的项目）")
QUOTA_SOURCE = P.src("四(二)1（名额已分配到各单位系统中）")
USED_UP_SOURCE = P.src("四(二)1（名额已分配到各单位系统中，名额如果不够请及时与教师教育科联系进行修改）")
ALLOCATED_SOURCE = P.src("四(二)1（系统内已设置两个培训项目）", "四(二)1（名额已分配到各单位系统中，名额如果不够请及时与教师教育科联系进行修改）")
NO_MAKE_UP = "五(四)（未参训的教师不再统一安排补训）"
DEADLINE_SOURCE = P.src("四(二)1（报名截止时间为12月20日）", NO_MAKE_UP)
OPENING_SOURCE = P.src("四(二)1（报名截止时间为12月20日）")
REVIEW_SOURCE = P.src("五(一)（各级教育师训部门要分别负责本区域内培训项目的管理、指导和考核）")
TRAINING_SOURCE = P.src("四(二)2", "三(二)", "三(三)", "四(一)")
PROJECT_STAGES_SOURCE = P.src("四(一)", "四(二)1（根据参训教师的任教学段，选择不同的项目）")
INSTITUTION_SOURCE = P.src("四(一)")
SELF_ORGANISING_SOURCE = P.src("二(二)", "二(三)")
QUALIFIED_SOURCE = P.src(P.QUALIFIED_CLAUSE)

# 各级教育师训部门要分别负责本区域内培训项目的管理 (§五(一)): the department of the project's
# level reviews it, the city's (教师教育科) a city project, a district's or county's its own
# (§二(三)) and its schools'. The portal has no national role: the province, the highest
# department it knows, reviews a national project. A school the city runs itself (局属) has
# no district above it: the city's department reviews its school-level projects.
REVIEWERS = {
    Level.NATIONAL: UserRole.PROVINCE_ADMIN,
    Level.PROVINCIAL: UserRole.PROVINCE_ADMIN,
    Level.CITY: UserRole.CITY_ADMIN,
    Level.COUNTY: UserRole.DISTRICT_ADMIN,
    Level.SCHOOL: UserRole.DISTRICT_ADMIN,
}


# -- the projects and their dates --------------------------------------------------------


def program_for_stages(stages: Iterable[SchoolStage]) -> str | None:
    """The project a teacher is submitted to, by the stage they teach (§四(二)1 根据参训教师
    的任教学段选择不同的项目). A teacher of both high school and a lower stage may go to
    either; this names the high-school one. Vocational teachers are in neither project: None."""
    stages = frozenset(stages)
    return next((code for code in ("all_staff_high", "all_staff_jpk") if stages & P.PROGRAMS[code].stages), None)


def enrollment_deadline(training_start: date) -> date:
    """The last 12-20 before the training starts (§四(二)1: 报名截止时间为12月20日, for the
    training of 2019-01 to 04, §四(二)2). Later phases are read the same way."""
    month, day = P.ENROLLMENT_DEADLINE.at(training_start)
    deadline = date(training_start.year, month, day)
    return deadline if deadline < training_start else date(training_start.year - 1, month, day)


def training_period(year: int) -> tuple[date, date]:
    """The months the training of ``year`` runs (§四(二)2: 2019年1月至4月): first and last day."""
    first, last = P.TRAINING_MONTHS.at(date(year, 1, 1))
    return date(year, first, 1), date(year + last // 12, last % 12 + 1, 1) - timedelta(days=1)


def training_year(on: date) -> int:
    """The year of the training the day ``on`` belongs to: this year's until its training
    ends, then next year's, whose enrollment comes in December."""
    return on.year if on <= training_period(on.year)[1] else on.year + 1


# -- hooks ---------------------------------------------------------------------------------


# The calendar is the city bureau's (the notice is 开封市教育局's: 报名截止时间为12月20日, §四(二)1):
# a district's admin submits its teachers within it and does not move it.
CALENDAR_EDITORS = (UserRole.CITY_ADMIN, UserRole.PROVINCE_ADMIN)


CITY_PHASES = ("enrollment", "training")  # the kinds of the phases ``selection_calendar`` gives


def selection_calendar(on: date) -> tuple[Phase, ...]:
    """The enrollment (6 days to 12-20, setting ``enrollment_days``) and the training (January
    to April) of the training ``on`` belongs to; none before the notice."""
    if not P.ENROLLMENT_DEADLINE.in_force(on):
        return ()
    start, end = training_period(training_year(on))
    deadline = enrollment_deadline(start)
    days = P.ENROLLMENT_DAYS.at(on)
    if days < 1:
        raise P.ENROLLMENT_DAYS.refuse(days, _("不少于 1 的天数"))
    return (
        Phase("enrollment", _("报名（学校和区教育局的系统管理员提交参训教师名单）"),
              deadline - timedelta(days=days - 1), deadline, SUBMITTERS, P.ENROLLMENT_DEADLINE.source_at(on)),
        Phase("training", _("培训实施（学员网络研修，坊主督学，承担机构组织）"), start, end,
              (UserRole.TEACHER, UserRole.WORKSHOP_LEADER, UserRole.INSTITUTION_STAFF), TRAINING_SOURCE),
    )


def phase_concerns(phase: Phase, unit: UnitFacts) -> bool:
    """The calendar's enrollment and training are the city's all-staff projects' (§四(二)1, 2): not
    the four counties', which organise their own for their teachers (§二(三)) and of whose schedule
    the notice says nothing; a unit of one of them (its department, a school in it) is not told the
    city's deadline as its own (祥符区's home read 正在进行，截止 12-20). Any other phase concerns every unit."""
    if phase.kind not in CITY_PHASES:
        return True
    return not any(self_organised(name, phase.start) for name in unit.names)


def project_review(project: ProjectFacts) -> ProjectReview:
    """The teacher-training department of the project's level reviews it (§五(一))."""
    return ProjectReview(REVIEWERS[project.level], REVIEW_SOURCE, otherwise=(UserRole.CITY_ADMIN,))


def quotas_allocated_by(project: ProjectFacts) -> tuple[UserRole, ...] | None:
    """The city's teacher-education office allocates an all-staff project's seats and changes
    them on request (§四(二)1: 名额已分配到各单位系统中，名额如果不够请及时与教师教育科联系进行修改),
    not the institution that runs it (a trial's institution changed the city's quotas)."""
    return (UserRole.CITY_ADMIN,) if project.program in P.PROGRAMS else None


def selection_findings(selection: Selection) -> list[Finding]:
    """A submission to an all-staff project: by a school or district admin, to the project of
    the teacher's stage, within the quota allocated to the unit (none allocated: refused), by
    the deadline, for no fee. Other training: none (the notice sets no rule for it). A refusal
    nothing will lift for the teacher as recorded is ``never`` (the catalog then shows what the
    training earns as what it earns those it is for, not as an offer): the project of another
    stage than the one recorded (``program_finding``), the city's project for one of the four
    counties' teachers (``area_finding``), and a deadline passed (``never_after_deadline``)."""
    if selection.project.program not in P.PROGRAMS:
        return []
    found = [
        submitter_finding(selection),
        area_finding(selection),
        qualified_finding(selection),
        program_finding(selection),
        once_finding(selection),
        unit_quota_finding(selection),
        deadline_finding(selection),
        teacher_fee_finding(selection),
    ]
    return [never_after_deadline(f, selection) for f in found if f is not None]


def teacher_fee_finding(selection: Selection) -> Finding:
    """The core's fee check in the notice's words (§四(三) 不得向参训教师收取任何费用), as the project's
    fee field says it (``project_fee_finding``): a school admin's catalog read 向教师收取的费用符合规定,
    as if the notice allowed some fee."""
    on = selection.on
    found = fee_finding(selection, P.TEACHER_FEE.at(on), P.TEACHER_FEE.source_at(on))
    message = (_("全员培训不向参训教师收取任何费用") if found.ok
               else _("全员培训不得向参训教师收取任何费用，该项目却收取 {fee} 元", fee=selection.project.fee))
    return replace(found, message=message)


def project_findings(step: ProjectStep) -> list[Finding]:
    """An all-staff project asks the teacher no fee (§四(三)), is open for submissions (its
    12-20 deadline, §四(二)1, not before the bureau's today), is of the training's hours (§三)
    and for its program's stages (§四(一)): judged when it is saved (on the fields a save
    changes: a created project on all, an edit that changes the fee, the start, the hours,
    the stages or the program on that), declared and approved by its reviewer (a return or a
    rejection is always possible). Other training: none (the notice sets no rule for it)."""
    project = step.project
    if project.program not in P.PROGRAMS:
        return []
    before = step.before
    if step.action == SAVE:
        new = before is None or before.program != project.program
        found = []
        if new or before.fee != project.fee:
            found.append(project_fee_finding(project, step.on))
        if new or before.start != project.start:
            found.append(project_deadline_finding(project, step.on))
        if new or before.hours != project.hours:
            found.append(project_hours_finding(project))
        if new or before.stages != project.stages:
            found.append(project_stages_finding(project))
        if new or before.organiser != project.organiser:
            found.append(project_organiser_finding(project))
        return [f for f in found if f is not None]
    if step.action == DECLARE or (step.action == REVIEW and step.decision == "approve"):
        return [f for f in (project_fee_finding(project, step.on), project_deadline_finding(project, step.on),
                            project_hours_finding(project), project_stages_finding(project),
                            project_organiser_finding(project)) if f is not None]
    return []


def move_findings(move: Move) -> list[Finding]:
    """A resubmission judged as a new submission; a result recorded once the training has
    ended (``result_after_end``)."""
    return [*resubmission_findings(move), *result_after_end(move)]


def result_after_end(move: Move) -> list[Finding]:
    """The composite assessment's result comes after the training (§四(二)3 培训结束后): its hours
    are dated on the last day, so a result recorded while it runs would be registered and yet
    counted nowhere until then (a phone trial's teacher read 20 学时已登记 beside totals
    without them). Other training, outside the notice, follows the core's reason alone."""
    if (move.state, move.target) != ("enrolled", "completed"):
        return []
    program = move.selection.project.program
    return [ended_finding(move, workflow.AFTER_TRAINING_SOURCE if program in P.PROGRAMS else "")]


def resubmission_findings(move: Move) -> list[Finding]:
    """A withdrawn teacher submitted again (``workflow.RESUBMIT``) is judged as a new
    submission: by a school or district admin, to the project of their stage, within the
    unit's quota (the withdrawal gave its seat back), by the deadline, for no fee."""
    if move.state != "withdrawn" or move.target != "enrolled":
        return []
    # a resubmission is refused for good only past the deadline; any other refusal is shown as
    # "not yet" there, as before (the teacher's stage may be corrected by the school)
    return [f if f.code == DEADLINE else replace(f, never=False) for f in selection_findings(move.selection)]


def never_after_deadline(finding: Finding, selection: Selection) -> Finding:
    """A resubmission refused because the deadline has passed is refused for good (§五(四)
    不再统一安排补训): ``never``, so the step is not shown as "not yet". Every other refusal may
    lift (the phase opens, a seat of the quota comes back, the teacher's stage is corrected)."""
    if finding.code == DEADLINE and not finding.ok and finding.deadline and selection.on > finding.deadline:
        return replace(finding, never=True)
    return finding


# -- the findings Kaifeng writes itself ---------------------------------------------------


def submitter_finding(selection: Selection) -> Finding:
    """The school's or the district's admin submits the teacher (§四(二)1); a teacher does not
    enrol themselves, nor does anyone else."""
    ok = selection.by in SUBMITTERS
    if ok:
        message = _("由学校或区教育局的系统管理员提交报名")
    elif selection.by == UserRole.TEACHER:
        # the core's words for it (said of every other training too), with the clause
        return replace(not_selector(selection.by), code=SUBMITTER, source=SUBMITTER_SOURCE)
    else:
        message = _("参训教师名单由各区教育局和各学校的系统管理员提交")
    return Finding(SUBMITTER, ok, None, None, message, SUBMITTER_SOURCE)


def area_finding(selection: Selection) -> Finding | None:
    """The city's all-staff project is for the schools it runs itself and those of 新区、鼓楼区、
    顺河区、龙亭区、禹王台区 (§二(一)(二)); 祥符区、杞县、尉氏县、通许县 run their own for their
    teachers (§二(三)), who take that one (an examiner's 祥符区 school had its teacher taken
    into the city's)."""
    if selection.project.level != Level.CITY:
        return None
    return _area(selection.school_under, selection.on)


def _area(unit: str, on: date) -> Finding:
    """The city's all-staff project takes the unit's teachers (§二(一)(二)), or they are one of
    the four counties' who take their own (§二(三)): ``unit`` is a name their school sits under."""
    own = self_organised(unit, on)
    if own is None:
        return Finding(AREA, True, None, None, _("市教育局组织的全员培训面向局属学校和新区、鼓楼区、顺河区、龙亭区、"
                                                  "禹王台区、河大附中的教师"), P.src("二(一)", "二(二)"))
    return Finding(AREA, False, None, None,
                   _("{area}的教师参加{area}自行组织的全员培训，不参加市教育局组织的项目", area=own),
                   P.SELF_ORGANISED_AREAS.source_at(on), never=True)


def unit_findings(project: ProjectFacts, unit: UnitFacts) -> list[Finding]:
    """The units the city's all-staff project's seats go to (§四(二)1 名额已分配到各单位): not
    祥符区、杞县、尉氏县、通许县 nor their schools, which organise their own (§二(三)), as a
    submission of their teachers is refused (``area_finding``): a trial's city admin was
    offered the four counties on the quota page. Judged as of the project's start, by the
    unit's name or one above it. Other training, and a county's own project: none."""
    if project.program not in P.PROGRAMS or project.level != Level.CITY:
        return []
    refused = next((f for f in (_area(name, project.start) for name in unit.names) if not f.ok), None)
    return [] if refused is None else [refused]


def qualified_finding(selection: Selection) -> Finding | None:
    """The all-staff training is for teachers in post who hold a teacher qualification
    certificate (§二(一) 持有教师资格证书的……在职在岗教师): refused to one their school has
    recorded as holding none; not known, no finding (most schools record no one either way)."""
    if selection.teacher.qualified is not False:
        return None
    return Finding(QUALIFIED, False, None, None,
                   _("本次全员培训面向持有教师资格证书的在职在岗教师；学校登记该教师未持有教师资格证书"),
                   QUALIFIED_SOURCE)


def unit_quota_finding(selection: Selection) -> Finding:
    """The unit's quota (§四(二)1 系统内已设置两个培训项目……名额已分配到各单位系统中，名额如果不够请及时
    与教师教育科联系进行修改): the city's two all-staff projects come with their seats allocated to the
    units, each submitting within its own and asking the city's teacher-education office for
    more. So a submission to one is judged by the quota of the teacher's unit (their school, or
    the district above it): refused while the bureau has allocated that unit none (the project
    has no quota at all, or none for that school or district: a unit holding none would
    otherwise submit up to the whole project's seats), a refusal that lifts once it allocates
    one; else by the seats left (``quota_finding``). The counties organising their own training
    (§二(三) 结合本单位的实际情况自行组织实施) are not said to allocate theirs: their projects are
    judged by whatever quotas they set, as any project's."""
    if selection.project.level != Level.CITY:
        return quota_finding(selection, QUOTA_SOURCE)
    if selection.quota_allocated:
        found = quota_finding(selection, QUOTA_SOURCE)
        # used up: the unit asks the office for more, as the clause says (a phone trial's school
        # admin read only 名额已用完, with nothing to do about it); the core's words for it kept as
        # its own (``used_up``), so that a bulk submission saying them anew (名额在本次提交中用完)
        # keeps this sentence too (a trial's bulk refusal lost it)
        return found if found.ok else replace(found, message=_(
            "{used_up}；名额如果不够，请及时与市教育局教师教育科联系修改", used_up=found.message), source=USED_UP_SOURCE)
    return Finding(ALLOCATED, False, None, None,
                   _("名额尚未分配到本单位：全员培训的名额由市教育局分配到各单位，学校或所在区分得名额后才能提交参训教师；"
                     "请与市教育局教师教育科联系"), ALLOCATED_SOURCE)


def self_organised(unit: str, on: date) -> str | None:
    """The county of §二(三) a unit's name is or holds (祥符区, or 开封市祥符区教育局), if any."""
    return next((a for a in P.SELF_ORGANISED_AREAS.at(on) if a in unit), None)


def once_finding(selection: Selection) -> Finding:
    """The all-staff training is one training of 60 hours a teacher takes in the project of
    their stage (§三, §四(二)1): a teacher submitted to an all-staff project running at the same
    time is not submitted to another (a trial's school got a teacher into a second project of
    the program, past its quota, and she would have been credited twice)."""
    project = selection.project
    taken = next((o for o in selection.others if o.program in P.PROGRAMS and o.state != "withdrawn"
                  and o.start is not None and o.start <= project.end and project.start <= o.end), None)
    if taken is None:
        return Finding(ONCE, True, None, None, _("教师未报名同期的其他全员培训项目"), ONCE_SOURCE)
    return Finding(ONCE, False, None, None, _("教师已报名同期的全员培训（{window}），不能重复报名",
                                              window=window(taken.start, taken.end)), ONCE_SOURCE)


def program_finding(selection: Selection) -> Finding:
    """The project is the one of the stage the teacher teaches (§四(二)1): the program's
    stages, as the notice sets them, not whatever stages the project lists."""
    program = P.PROGRAMS[selection.project.program]
    stages = frozenset(selection.teacher.stages)
    fits = bool(stages & program.stages)
    right = program_for_stages(stages)
    if fits:
        message = _("按任教学段报名“{program}”", program=program.label)
    elif right is not None:
        message = _("任教学段不符，应报“{program}”", program=P.PROGRAMS[right].label)
    elif not stages:
        message = _("未登记该教师的任教学段：须按任教学段选择项目")
    else:
        message = _("通知的两个项目只分高中和初中、小学、幼儿园学段，未包括该教师的任教学段")
    # another stage's project is refused for good to a teacher whose stage is recorded (never);
    # with none recorded, recording it may lift the refusal
    return Finding(STAGE, fits, None, None, message, STAGE_SOURCE, never=not fits and bool(stages))


def enrollment_window(selection: Selection) -> tuple[date, date, str, str, tuple[str, ...]]:
    """The days the enrollment for the selection's training opens and closes, the clauses of
    each and the settings they come from. The bureau's calendar in force decides both when its
    enrollment phase is this training's (its last day falls in the run-up to it: the bureau
    dates each year's notice, 各期日期以教育局的通知为准); else the region's default, setting
    ``enrollment_days`` before the 12-20 deadline (§四(二)1)."""
    year = training_year(selection.project.start)
    phase = calendar_phase(selection.calendar, "enrollment")
    if phase is not None and training_year(phase.end) == year:
        source = phase.source or OPENING_SOURCE
        closing = f"{source}、§{NO_MAKE_UP}" if source.startswith(f"{P.DOC} §") else source
        return phase.start, phase.end, source, closing, ()
    deadline = enrollment_deadline(selection.project.start)
    days = P.ENROLLMENT_DAYS.at(selection.on)
    return (deadline - timedelta(days=max(days, 1) - 1), deadline, OPENING_SOURCE, DEADLINE_SOURCE,
            (P.ENROLLMENT_DAYS.name,))


def deadline_finding(selection: Selection) -> Finding:
    """Submitted in the enrollment phase: not before it opens, and by its last day before the
    training starts (§四(二)1; the bureau's calendar moves both); one submitted later cannot be
    made up once the training is over (§五(四)). Before the phase opens, the refusal names the
    day it opens: it lifts then."""
    opening, deadline, opening_source, deadline_source, settings = enrollment_window(selection)
    if selection.on < opening:
        message = _("报名自 {opening} 开始，尚未开始（截止 {deadline}）", opening=opening, deadline=deadline)
        return Finding(DEADLINE, False, None, None, message, opening_source, deadline=deadline, settings=settings)
    in_time = selection.on <= deadline
    message = (_("报名截止日为 {deadline}，尚未截止", deadline=deadline) if in_time
               else _("报名已于 {deadline} 截止；培训结束后不再统一安排补训", deadline=deadline))
    # in time, the deadline's clause alone: no make-up (§五(四)) is said only of one past it
    return Finding(DEADLINE, in_time, None, None, message, deadline_source if not in_time else opening_source,
                   deadline=deadline)


def project_fee_finding(project: ProjectFacts, on: date) -> Finding:
    """An all-staff project charges the teacher nothing (§四(三) 不得向参训教师收取任何费用): its
    fee is the region's limit at most (0), shown on the project's fee field."""
    limit = P.TEACHER_FEE.at(on)
    ok = project.fee <= limit
    message = (_("全员培训不向参训教师收取任何费用") if ok
               else _("全员培训不得向参训教师收取任何费用：每位教师费用应为 {limit} 元，现为 {fee} 元",
                      limit=limit, fee=project.fee))
    return Finding(PROJECT_FEE, ok, limit, project.fee, message, P.TEACHER_FEE.source_at(on), field="fee")


def project_deadline_finding(project: ProjectFacts, on: date) -> Finding | None:
    """The project's enrollment deadline (the 12-20 before its start, §四(二)1) is not before
    ``on``, the bureau's today: a project whose deadline has passed could take no teacher
    (§五(四) 不再统一安排补训). Shown on the start date, which decides the deadline. None for a
    start before the notice (its rules then refuse the project)."""
    if not P.ENROLLMENT_DEADLINE.in_force(project.start):
        return None
    deadline = enrollment_deadline(project.start)
    ok = deadline >= on
    message = (_("报名截止日为 {deadline}，尚未截止", deadline=deadline) if ok
               else _("该期培训的报名截止日 {deadline} 已过，不能再提交参训教师名单：请按报名尚未截止的一期填写开始日期",
                      deadline=deadline))
    return Finding(PROJECT_DEADLINE, ok, None, None, message, DEADLINE_SOURCE, deadline=deadline, field="start")


def project_hours_finding(project: ProjectFacts) -> Finding | None:
    """An all-staff project is of the training's hours (§三 本次培训学时为60学时): a pass registers
    those whatever the project says (``conversion.convert_all_staff``), so a project of other
    hours would show its teachers one figure and register another. As of its end, the day its
    results are converted; shown on its hours field. None for a project ending before the
    notice (its rules then refuse the project)."""
    if not P.PROGRAM_HOURS.in_force(project.end):
        return None
    required = P.PROGRAM_HOURS.at(project.end)
    ok = project.hours == required
    message = (_("全员培训学时为 {hours}", hours=hours(required)) if ok
               else _("全员培训学时为 {hours}，考核合格的教师按此登记：项目学时应为 {hours}，现为 {actual}",
                      hours=hours(required), actual=hours(project.hours)))
    return Finding(PROJECT_HOURS, ok, required, project.hours, message, P.PROGRAM_HOURS.source_at(project.end),
                   field="hours")


def _stages_words(stages: Iterable[SchoolStage]) -> Joined:
    """Stages in the notice's words and order: 初中、小学、幼儿园."""
    return listing(STAGE_LABELS[s] for s in SchoolStage if s in stages)


def project_stages_finding(project: ProjectFacts) -> Finding:
    """An all-staff project names the stages its program takes and only them (§四(一): 高中学段
    由陕西师范大学承担，初中、小学、幼儿园等学段由中国教师教育网承担; §四(二)1 each teacher to the
    project of their stage): the program's stages, the ones a submission to it is judged by
    (``program_finding``); a project naming none is left as it is (the submission still goes
    by the program's stages). A stage the other program takes is sent to it. Shown on the
    stages field."""
    program = P.PROGRAMS[project.program]
    own = _stages_words(program.stages)
    stray = frozenset(project.stages) - program.stages
    if not stray:
        message = _("“{program}”面向{stages}学段", program=program.label, stages=own)
    else:
        other = P.PROGRAMS.get(program_for_stages(stray) or "")
        if other is not None and stray <= other.stages:
            message = _("“{program}”只面向{own}学段，不能面向{stages}：{stages}学段的培训由{institution}承担，"
                        "应设为“{other}”项目", program=program.label, own=own, stages=_stages_words(stray),
                        institution=other.institution, other=other.label)
        else:
            message = _("“{program}”只面向{own}学段，不能面向{stages}",
                        program=program.label, own=own, stages=_stages_words(stray))
    return Finding(PROJECT_STAGES, not stray, None, None, message, PROJECT_STAGES_SOURCE, field="stages")


def project_organiser_finding(project: ProjectFacts) -> Finding | None:
    """Who may run an all-staff project: an institution only the program's own (§四(一) 高中学段的
    培训工作由陕西师范大学承担；初中、小学、幼儿园等学段的培训工作由中国教师教育网承担), a district
    or county bureau only one of the four that organise their own teachers' training (§二(三));
    the others' teachers are in the city's (§二(二)). A trial's 中国教师教育网 saved and handed in the
    senior high project, and 鼓楼区 published its own all-staff project. Names are matched as
    written in the notice (a unit named 陕西师范大学继续教育学院 is the university). Other
    organisers (the city bureau, a school, whose level the conversion refuses): None. Shown on
    the organiser field."""
    program = P.PROGRAMS[project.program]
    if project.organiser_kind == OrgKind.INSTITUTION:
        institution = program.institution.render(DEFAULT_LOCALE)
        ok = institution in project.organiser
        message = (_("“{program}”由{institution}承担", program=program.label, institution=program.institution) if ok
                   else _("“{program}”由{institution}承担，{organiser}不能举办该项目",
                          program=program.label, institution=program.institution, organiser=project.organiser))
        return Finding(PROJECT_ORGANISER, ok, None, None, message, INSTITUTION_SOURCE, field="organiser")
    if project.organiser_kind == OrgKind.DISTRICT:
        ok = self_organised(project.organiser, project.start) is not None
        message = (_("{organiser}自行组织本区域的全员培训", organiser=project.organiser) if ok
                   else _("只有{counties}自行组织全员培训；{organiser}的教师参加市教育局组织的全员培训，"
                          "由学校或区教育局的系统管理员提交报名",
                          counties=listing(P.SELF_ORGANISED_AREAS.at(project.start)), organiser=project.organiser))
        return Finding(PROJECT_ORGANISER, ok, None, None, message, SELF_ORGANISING_SOURCE, field="organiser")
    return None

