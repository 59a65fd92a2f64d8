"""Who may take which Shanxi training, and what completing one needs (晋教师〔2017〕14号).

Selection (``selection_findings``):

- §一 以分层、分类、分科施训思想为指导: a project that names school stages, subjects or a
  layer is for those teachers; one that names none is open to all (§二(一) 全员覆盖), and
  teachers choose among what is open to them (§一 以保证教师选择权为核心, §二(二) 自主选学).
- §三(二) 新任教师第一学年须接受…试用期培训: the probation training is for a teacher in the
  probation year, and takes place within it (first and last day included).
- §三(二) 从转正和调入年度开始登记培训学分: a teacher selecting a training that ends before the
  school year their credits are registered from reads that its credits will not count.

The document sets no selection calendar, round, quota, prerequisite or fee: the core's
defaults apply (selection open while a project is published).

Moves (``move_findings``), on completion: a training only once it has ended (its 综合考核 and
结业证书, §四(二), §五(二)); a training is assessed by its 承办单位, the
training institution or the bureau or school of its level, which records the grade (§四(二),
§二(一)); a degree course or a self-study achievement is recognised by the county (§四(三),
§四(四)). Who acts at each step is ``workflow.ENROLLMENT_WORKFLOW``.
"""
from __future__ import annotations

from portal import clock
from portal.domain import COMPLETED, Described, Finding, Grade, HighestLevel, Level, Mode, Move, OrgKind, Period, Selection, UserRole
from portal.domain.labels import GRADE_LABELS
from portal.domain.enums import OWN_LEVEL
from portal.domain.selection import ProjectFacts, ProjectReview, ended_finding, layer_finding, stage_finding, subject_finding
from portal.domain.text import listing

from . import parameters as P
from .categories import PROBATION
from .parameters import src
from .periods import first_year, registration, span
from .words import _, level_word
from .workflow import LEVEL_ASSESSORS, RECOGNISER, SCHOOL_WITHDRAWN

PROBATION_YEAR = "selection_probation_year"
SCHOOL_WITHDRAWAL = "selection_after_school_withdrawal"
REGISTRATION = "selection_registration"
ASSESSOR = "completion_assessor"
GRADE = "completion_grade"
RECOGNITION = "completion_recognition"

RECOGNISED = {  # what the county recognises rather than a training's organiser assessing it: clause, words
    Mode.DEGREE: (P.DEGREE_RECOGNITION_CLAUSE, _("学历教育课程的学分由区县教师继续教育管理部门认定"),
                  _("学历教育课程的学分须由区县教师继续教育管理部门认定")),
    Mode.SELF_STUDY: (P.SELF_STUDY_RECOGNITION_CLAUSE, _("自主研修成果的学分由区县教师继续教育管理部门认定"),
                      _("自主研修成果的学分须由区县教师继续教育管理部门认定")),
}


# Selection ----------------------------------------------------------------------------------------


def project_labels() -> dict:
    """A project's declared figure is credits the county recognises for a degree course or a
    self-study achievement (§四(三)(四)): 认定学分, not the core's 项目基础学分, which reads as
    §四(二)'s 基本学分, the figure the hours give."""
    return {"base_credits": _("认定学分")}


def project_choices(on) -> dict:
    """The topics a project may be recorded with: the contents 三(三) brings into the compulsory
    credits (师德教育, 信息技术应用能力), ticked under their names: a code typed freely would not
    count toward the duty, and the catalog would show it as typed."""
    return {"topics": tuple(Described(code, label, P.COMPULSORY_TOPICS.source_at(on))
                            for code, label in P.COMPULSORY_TOPICS.at(on).items())}


# The level each unit's own trainings may have at most in the five-level system (§二(一) 国培、省培、市培、
# 县(区)培、校本研修): the clause names the levels, not who runs which, so the reach is the setting
# ``organiser_levels`` (default: a bureau its own level, the province 国培 too, a school its 校本研修),
# which the core's refusal of a level above it names beside the clause (``HighestLevel.settings``). A
# county's training is a 县(区)培, never a 市培, whose credits count toward the cycle's 20
# city-level-or-higher centralized credits (§三(二)) and whose participants the city assesses
# (``workflow.LEVEL_ASSESSORS``). A training institution undertakes any level (no entry); a kind the
# setting leaves out, and an education zone (学区), of which the document says nothing, keep the core's
# reach (``OWN_LEVEL``), citing nothing.


def highest_levels() -> dict:
    """The highest level each kind of unit's trainings may have (the setting ``organiser_levels``,
    citing §二(一)'s five levels); the kinds it leaves out the core's reach; an institution any."""
    setting = P.ORGANISER_LEVELS
    on = clock.today()
    reach = setting.at(on)
    try:
        given = {OrgKind(kind): Level(level) for kind, level in reach.items()}
    except (ValueError, AttributeError):
        raise setting.refuse(reach, _("一个单位类别到培训级别的对应")) from None
    source = setting.source_at(on)
    return {**OWN_LEVEL, **{kind: HighestLevel(level, source, (setting.name,)) for kind, level in given.items()
                            if kind != OrgKind.INSTITUTION}}


# Who reviews a training institution's project, by its level (§五(一)): the province, which 统筹规划和质量监管
# teacher training, a 国家级 or 省级 one; the city a 市级 one; the county a 县(区)级 or school one. Where
# nobody holds that role over the institution's unit, the bureaus above review in turn.
INSTITUTION_REVIEWERS = {
    Level.NATIONAL: (UserRole.PROVINCE_ADMIN,),
    Level.PROVINCIAL: (UserRole.PROVINCE_ADMIN,),
    Level.CITY: (UserRole.CITY_ADMIN, UserRole.PROVINCE_ADMIN),
    Level.COUNTY: (UserRole.DISTRICT_ADMIN, UserRole.CITY_ADMIN, UserRole.PROVINCE_ADMIN),
    Level.SCHOOL: (UserRole.DISTRICT_ADMIN, UserRole.CITY_ADMIN, UserRole.PROVINCE_ADMIN),
}


def project_review(project: ProjectFacts) -> ProjectReview:
    """A training institution's project is reviewed before teachers may select it, by the bureau of
    its level (``INSTITUTION_REVIEWERS``, §五(一)): an institution published a 国家级 training, which
    counts toward the cycle's 20 city-level credits (§三(二)), with nobody looking at it. A bureau's or
    a school's own training (of its own level or below, ``highest_levels``) is published by it."""
    source = src(P.QUALITY_OVERSIGHT_CLAUSE, P.LEVELS_CLAUSE)
    if project.organiser_kind != OrgKind.INSTITUTION:
        return ProjectReview(None, source)
    first, *rest = INSTITUTION_REVIEWERS[Level(project.level)]
    return ProjectReview(first, source, tuple(rest))


def selection_findings(selection: Selection) -> list[Finding]:
    """The stages, subjects and layer the project is for (§一); the probation year for the
    probation training, else whether the credits will count (§三(二))."""
    targeting = src(P.TARGETING_CLAUSE)
    findings = [stage_finding(selection, targeting), subject_finding(selection, targeting),
                layer_finding(selection, targeting)]
    if selection.again == SCHOOL_WITHDRAWN:
        findings.append(school_withdrawal_finding(selection))
    if selection.project.program == PROBATION:
        findings.append(probation_year_finding(selection))
    else:
        findings += registration_findings(selection)
    return findings


def school_withdrawal_finding(selection: Selection) -> Finding:
    """The teacher chooses (§二(二) 通过学分管理建立教师自主选学机制), so a training they withdrew
    from themselves they may select again; one their school withdrew them from was not their
    choice to undo: an admin (the school) may submit them again, the teacher may not select it again."""
    source = src(P.SELF_SELECTION_CLAUSE)
    if selection.by == UserRole.TEACHER:
        return Finding(SCHOOL_WITHDRAWAL, False, None, None,
                       _("学校已为你退选该培训，不能自行再选；如需参加，请由学校重新报名"), source)
    return Finding(SCHOOL_WITHDRAWAL, True, None, None, _("学校此前退选了该教师，现重新报名"), source)


def probation_year_finding(selection: Selection) -> Finding:
    """新任教师第一学年须接受…试用期培训 (§三(二)): the project's days lie in the teacher's
    first year in post."""
    project = selection.project
    source = src(P.PROBATION_CLAUSE)
    period = first_year(selection.teacher, selection.on)
    if period is None:
        return Finding(PROBATION_YEAR, False, None, None,
                       _("新任教师试用期培训只面向试用期内的新任教师，该教师的入职日期和试用期都未登记"), source)
    ok = project.start in period and project.end in period
    if not ok and selection.teacher.entered_post is not None and period.end < selection.on:
        # past the first year: the training is not theirs to take, not one to take in time
        return Finding(PROBATION_YEAR, False, None, None,
                       _("新任教师试用期培训只面向第一学年内的新任教师，第一学年 {probation} 已结束",
                         probation=span(period)), source)
    figures = dict(project=span(Period(project.start, project.end)),
                   probation=span(period) if selection.teacher.entered_post else _("至 {end}", end=period.end))
    message = (_("新任教师试用期培训：本项目 {project}，在第一学年（{probation}）内", **figures) if ok else
               _("新任教师试用期培训须在第一学年内参加：本项目 {project}，第一学年 {probation}", **figures))
    return Finding(PROBATION_YEAR, ok, None, None, message, source)


def registration_findings(selection: Selection) -> list[Finding]:
    """A training ending before the school year of 转正 or transfer earns credits that stay in
    the ledger but do not count (§三(二) 从转正和调入年度开始登记培训学分): the teacher may take
    it, and reads so before selecting."""
    registered = registration(selection.teacher, selection.on)
    end = selection.project.end
    if registered.counts(end):
        return []
    return [Finding(REGISTRATION, True, None, None,
                    _("{reason}：本项目 {end} 结束，所得学分仍列在学分记录中，但不计入周期和各学年的学分",
                      reason=registered.reason, end=end),
                    src(P.REGISTRATION_CLAUSE), settings=(P.SCHOOL_YEAR_START_MONTH.name,))]


# Moves --------------------------------------------------------------------------------------------


def move_findings(move: Move) -> list[Finding]:
    """Completing: a degree course or self-study achievement is recognised by the county
    (§四(三), §四(四)); a training is assessed by its 承办单位, who records the grade (§四(二))."""
    if move.target != COMPLETED:
        return []
    if move.selection.project.mode in RECOGNISED:
        return [recognition_finding(move)]
    if move.data is None:  # only asked whether to offer the step: the grade is given on the click
        return [ended(move), assessor_finding(move)]
    return [ended(move), assessor_finding(move), grade_finding(move)]


def ended(move: Move) -> Finding:
    """由培训项目承办单位对参训教师进行综合考核 (§四(二)), proved by its 结业证书 (§五(二)): the
    result assesses the whole training, so it is recorded once the training has ended."""
    return ended_finding(move, src(P.ASSESSMENT_CLAUSE, P.COMPLETION_PROOF_CLAUSE))


def recognition_finding(move: Move) -> Finding:
    """经区县教师继续教育管理部门认定 (§四(三)); 各区县…对研修成果赋予相应的学分 (§四(四))."""
    clause, recognised, to_recognise = RECOGNISED[move.selection.project.mode]
    ok = move.by == RECOGNISER
    return Finding(RECOGNITION, ok, None, None, recognised if ok else to_recognise, src(clause))


def assessor_finding(move: Move) -> Finding:
    """由培训项目承办单位对参训教师进行综合考核 (§四(二)): a training institution, or the bureau or
    school of the training's level (§二(一)); the school registers from their proof (§五(二))."""
    level = move.selection.project.level
    ok = move.by in (UserRole.INSTITUTION_STAFF, LEVEL_ASSESSORS[level])
    label = level_word(level)
    message = (_("{level}培训由承办单位综合考核", level=label) if ok else
               _("{level}培训由承办单位（培训机构，或组织该级培训的教育行政部门、学校）综合考核并记载等级，"
                 "学校依据其证明材料登记学分", level=label))
    return Finding(ASSESSOR, ok, None, None, message, src(P.ASSESSMENT_CLAUSE, P.LEVELS_CLAUSE, P.PROOF_CLAUSE),
                   settings=(P.ORGANISER_LEVELS.name,))


def grade_finding(move: Move) -> Finding:
    """按考核成绩分等级记载学分 (§四(二)): completing a training records its grade."""
    grade = move.data.get("grade")
    source = src(P.GRADE_RECORD_CLAUSE)
    if not grade:
        return Finding(GRADE, False, None, None,
                       _("请填写考核等级（{grades}）：承办单位按考核成绩分等级记载学分",
                         grades=listing(GRADE_LABELS.values())), source)
    return Finding(GRADE, True, None, None, _("考核等级：{grade}", grade=GRADE_LABELS[Grade(grade)]), source)
