"""Who may take which training, and who takes each step on the way to its credits.

What the notices say about it:

* A project is registered by whoever runs it (谁举办谁登记, 2017 §一): the district's sections
  with the district account (§二1), a school with its own (§二2), a personalized training by the
  unit that runs it (2017 annex 1 row 11). They publish it themselves: the platform's approval
  flow is left off (2017 annex 2 step 3, 是否启用审批流程，点击“不启用”). Each project names the
  school stages of its participants and a short description of its content (step 3).
* District trainings are designed by subject and school stage (row 7), for the teachers of a
  layer (new teachers, the backbone, subject-leader and head-teacher classes: rows 1–4).
* Who selects: the organiser of a district or school-based training enrols its participants
  (2017 annex 2 step 4: in bulk or one by one), or the teacher applies; a personalized training
  is chosen by the teacher (教师自主选学, row 11), who enrols with their own account (2018 annex 2
  §四1) after the school approves (§四2), and pays (§四5, §四6).
* Credits: the organiser records the completion (2017 annex 2 step 6); a personalized training's
  credits come only after the teacher's evaluation (2018 annex 2 §六2; 2017 annex 1 row 11).

The documents give no selection window, round, unit quota or fee limit, so there are no such
findings; nor do they date any phase of selection, so the region keeps the core's default
calendar (none). The core's project fields hold everything step 3 asks for, so the region has
no project fields of its own.
"""
from __future__ import annotations

from dataclasses import replace

from portal.domain import COMPLETED, Described, Finding, Level, Mode, OrgKind, ProjectFacts, ProjectReview, UserRole
from portal.domain.selection import DECLARE, SAVE, Move, ProjectStep, Selection, ended_finding, layer_finding, stage_finding, subject_finding
from portal.domain.workflow import NOT_APPLICABLE

from .compliance import PERSONALIZED_PROGRAM
from . import conversion
from . import parameters as P
from .parameters import COMPULSORY_TOPICS, COMPULSORY_TOPICS_SOURCE, F2017, F2018
from .workflow import APPLIED, APPROVED, AWAITING_PAYMENT, CANCELLED, ENROLLED, FINISHED
from .words import _

# Project -------------------------------------------------------------------------------------

# 2017 annex 2 step 3 has every item of a new project filled in (逐项填写后保存); beyond the core's
# own fields, these two: 学段（指参培教师的学段，可多选）, 内容介绍（简单介绍培训的内容）.
REQUIRED_PROJECT_FIELDS = ("stages", "description")
REVIEW_SOURCE = f"{F2017} §附件2 第3步（是否启用审批流程，点击“不启用”）、§一（谁举办谁登记）"


def project_review(project: ProjectFacts) -> ProjectReview:
    """Nobody reviews a declared project: the organiser registers and publishes it (the notice
    tells it to leave the platform's approval flow off), whatever the project."""
    return ProjectReview(None, REVIEW_SOURCE)


def personalized(project: ProjectFacts) -> bool:
    """A city personalized training (2017 annex 1 row 11), enrolled on the 睿师汇 platform."""
    return project.program == PERSONALIZED_PROGRAM


# Selection -----------------------------------------------------------------------------------

STAGE_SOURCE = f"{F2017} §附件2 第3步（学段：指参培教师的学段）"
SUBJECT_SOURCE = (f"{F2017} §附件1 第7项（根据教师情况分学科、分学段设计培训课程）、"
                  f"§附件1 第2项（体现分类、分科要求）")
LAYER_SOURCE = (f"{F2017} §附件1 第1项（面向初小幼新教师）、§附件1 第2项（面向市南区骨干教师班学员）、"
                f"§附件1 第3项（面向市南区学科带头人班学员）、§附件1 第4项（面向市南区班主任培训班学员）")
SELF_SELECTION = "selection_self"
SELF_SELECTION_SOURCE = (f"{F2017} §附件1 第11项（教师自主选学）；"
                         f"{F2018} §附件2 四1（用户须在已登录的模式下进行报名）")


SUBMISSION_SOURCE = (
    f"{F2017} §附件2 第3步（是否启用审批流程）、§附件2 第4步（参训学员报名）；"
    f"{F2018} §附件2 四2（报名前需向学校、幼儿园提出申请，经学校批准后方可报名）"
)


def selection_state(selection: Selection) -> str | None:
    """An admin's submission of a teacher of their own scope (one by one or in bulk) is the
    school's approval: the school's approval (2018 annex 2 §四2) is the personalized trainings'
    step, and a district or school training is enrolled by whoever submits (2017 annex 2 steps
    3–4: its approval flow not enabled, 参训学员报名). Without a fee the teacher is enrolled at once;
    with one, approved, and the teacher's 报名 and its 30-minute payment hold follow
    (SUBMISSION_SOURCE). The teacher's own selection enters the workflow's start, as before."""
    if selection.by == UserRole.TEACHER or personalized(selection.project):
        return None
    return ENROLLED if not selection.project.fee else APPROVED


def selection_findings(selection: Selection) -> list[Finding]:
    """The project is for the teacher's school stage, subject and layer (each where the project
    names one); a personalized training is selected by the teacher themselves."""
    findings = [
        stage_finding(selection, STAGE_SOURCE),
        subject_finding(selection, SUBJECT_SOURCE),
        worded_layer_finding(selection),
    ]
    if personalized(selection.project):
        findings.append(self_selection_finding(selection))
    return findings


def worded_layer_finding(selection: Selection) -> Finding:
    """The core's layer finding, the project's and the teacher's layer named in the reader's
    language: both are kept as the Chinese names of the setting project_layers (2017 附件1
    第1–4项), which an English page read as they are (“the layer “学科带头人”, the teacher's is
    “骨干教师””). A name the setting does not list is said as kept."""
    named = dict(P.layers(selection.on))

    def word(layer):
        return named.get(layer, layer) if layer else layer

    worded = replace(selection, project=replace(selection.project, layer=word(selection.project.layer)),
                     teacher=replace(selection.teacher, layer=word(selection.teacher.layer)))
    return layer_finding(worded, LAYER_SOURCE)


def self_selection_finding(selection: Selection) -> Finding:
    """Only the teacher enrols in a personalized training: nobody selects it on their behalf."""
    ok = selection.by == UserRole.TEACHER
    message = (_("市级个性化培训由教师本人自主选学、报名") if ok
               else _("市级个性化培训须由教师本人登录报名，不能由他人代为报名"))
    return Finding(SELF_SELECTION, ok, None, None, message, SELF_SELECTION_SOURCE)


# Moves ---------------------------------------------------------------------------------------

ORGANISER = "move_organiser"
PLATFORM_WAY = "move_platform_way"
EVALUATION_FIRST = "move_evaluation_first"
THIRD_PARTY = "move_third_party_result"
PAYMENT_WAY = "move_payment_way"
CLOSED = "move_training_over"

# The steps only a project's organiser takes: enrolling participants, recording the completion.
ORGANISER_STEPS = frozenset({(APPLIED, ENROLLED), (ENROLLED, COMPLETED), (ENROLLED, FINISHED)})
RESULT_STEPS = frozenset({(ENROLLED, COMPLETED), (ENROLLED, FINISHED)})  # an organiser records the result
# The teacher's 报名 (and 重新报名): into the payment hold for a training with a fee, straight
# to enrolled for one without.
PAID_CLICKS = frozenset({(APPROVED, AWAITING_PAYMENT), (CANCELLED, AWAITING_PAYMENT)})
FREE_CLICKS = frozenset({(APPROVED, ENROLLED), (CANCELLED, ENROLLED)})

ORGANISERS = {
    UserRole.INSTITUTION_STAFF: (
        _("承担培训项目的单位"),
        f"{F2017} §一（谁举办谁登记）、§附件1 第11项（承担培训项目的单位通过“教师教育平台”上传情况资料）",
    ),
    UserRole.SCHOOL_ADMIN: (
        _("学校（学校管理员）"),
        f"{F2017} §一（谁举办谁登记）、§二2（用学校管理员账号登录）",
    ),
    UserRole.DISTRICT_ADMIN: (
        _("承担区级培训的科室、部门（区级管理员）"),
        f"{F2017} §一（谁举办谁登记）、§二1（用区级管理员账号登录）、"
        f"§附件1 第9项（由市南区教育研究中心据实认定，并登记学分）",
    ),
}
PLATFORM_SOURCE = (f"{F2018} §附件2 四2（报名前需向学校、幼儿园提出申请，经学校批准后方可报名）、"
                   f"§附件2 四6（点击“报名”按钮后需在30分钟内完成支付）")
# Results are registered from the attendance (按实际出勤登记学分): once the training has ended.
RESULT_SOURCE = f"{F2017} §附件2 第6步（按照参训教师学习任务完成情况和实际出勤登记学分）"
PAYMENT_SOURCE = (f"{F2018} §附件2 四4（阅读《缴费须知》相关内容，点击“我同意”）、"
                  f"§附件2 四5（选择支付方式进行付费操作）、"
                  f"§附件2 四6（点击“报名”按钮后需在30分钟内完成支付，逾期系统将自动取消报名）")
# The institution's result is whether the training was completed as it requires (2018 附件2 六1); row 11's
# 第三方网络评价 is the teacher's evaluation on the platform the city's 第三方服务机构 runs (2018 §二, 附件2 五、六2).
THIRD_PARTY_SOURCE = (f"{F2018} §附件2 六1（用户按照培训机构的相关要求完成培训）；"
                      f"{F2017} §附件1 第11项（承担培训项目的单位通过“教师教育平台”上传情况资料）")
EVALUATION_SOURCE = (f"{F2018} §附件2 六2（培训结束后在规定的时间内登录平台对所参加的培训课程进行评价，即可获取相应学分）；"
                     f"{F2017} §附件1 第11项（参训教师参加第三方网络评价合格后，随即登记学分）")


def organiser_role(project: ProjectFacts) -> UserRole:
    """Who runs the project, and so enrols its participants and records its completion."""
    return organiser_of(project.level, project.mode, project.program)


def organiser_of(level: Level | None, mode: Mode | None, program: str | None) -> UserRole:
    """Who runs a training of this level, mode and program (and so registers its credits,
    2017 §一 谁举办谁登记): the training institution for a personalized training, the school
    for its own and school-based trainings, otherwise the district (its sections; for
    trainings run elsewhere, the district research centre that recognises their credits,
    row 9). The audit (``audit.py``) asks the same of a ledger entry's facts."""
    if program == PERSONALIZED_PROGRAM:
        return UserRole.INSTITUTION_STAFF
    if level == Level.SCHOOL or mode == Mode.SCHOOL_BASED:
        return UserRole.SCHOOL_ADMIN
    return UserRole.DISTRICT_ADMIN


def move_findings(move: Move) -> list[Finding]:
    """An organiser's step is the organiser's; enrolling without the teacher's own 报名 only for
    a training outside the platform that asks no fee; a personalized training's credits only
    after the teacher's evaluation."""
    step = (move.state, move.target)
    project = move.selection.project
    findings = []
    if step in ORGANISER_STEPS:
        findings.append(organiser_finding(move))
    if step in RESULT_STEPS:
        findings.append(ended_finding(move, RESULT_SOURCE))
    if step in PAID_CLICKS | FREE_CLICKS:
        findings.append(payment_finding(project, paying=step in PAID_CLICKS))
    if step in PAID_CLICKS | FREE_CLICKS | {(APPLIED, APPROVED)}:
        findings.append(closed_finding(move))
    if step == (APPLIED, ENROLLED):
        findings.append(platform_way_finding(project))
    if step == (FINISHED, COMPLETED) and move.by != UserRole.TEACHER:
        findings.extend((organiser_finding(move), third_party_finding(move)))
    elif step == (FINISHED, COMPLETED):
        findings.append(third_party_first_finding(move))
    elif move.target == COMPLETED and personalized(project):
        findings.append(evaluation_first_finding(move))
    return findings


def _graded(move: Move) -> bool:
    """Whether the enrollment already holds the third-party evaluation's result (合格 or 不合格)."""
    return bool(move.recorded.get("grade"))


def third_party_finding(move: Move) -> Finding:
    """补登结业评价结果: the institution registers the result the enrollment lacks, and with
    it the credits (随即登记学分); one that holds it waits for the teacher's own evaluation."""
    ok = not _graded(move)
    message = (_("承担培训项目的单位补登结业评价结果，合格后随即登记学分") if ok
               else _("结业评价结果已登记，待教师对培训课程进行评价后获取学分"))
    return Finding(THIRD_PARTY, ok, None, None, message, THIRD_PARTY_SOURCE, never=not ok)


def third_party_first_finding(move: Move) -> Finding:
    """The teacher's evaluation completes a personalized training only once its result is known:
    without it the rules register nothing (``conversion.evaluation_given``)."""
    ok = _graded(move)
    message = (_("教师已对培训课程进行评价，即可获取相应学分") if ok
               else _("尚未登记结业评价结果，待承担培训项目的单位登记后方可评价"))
    return Finding(EVALUATION_FIRST if ok else THIRD_PARTY, ok, None, None, message,
                   EVALUATION_SOURCE if ok else THIRD_PARTY_SOURCE)


def organiser_finding(move: Move) -> Finding:
    """The organiser's step is the organiser's; anyone else will never take it on this project
    (``never``: not shown to them as "not yet"), as the project's organiser does not change."""
    role = organiser_role(move.selection.project)
    who, source = ORGANISERS[role]
    ok = move.by == role
    message = (_("由举办单位办理：{who}", who=who) if ok
               else _("谁举办谁登记：本项目的参训学员报名和结业评价由{who}办理", who=who))
    return Finding(ORGANISER, ok, None, None, message, source, never=not ok)


# Projects ------------------------------------------------------------------------------------

PROJECT_ORGANISER = "project_organiser"
PROJECT_ORGANISER_SOURCE = (f"{F2017} §一（谁举办谁登记）、§附件1 第11项（引导培训机构基于教师个性化培训需求开发课程；"
                            f"承担培训项目的单位通过“教师教育平台”上传情况资料）")


def project_findings(step: ProjectStep) -> list[Finding]:
    """Who registers a project's credits is who runs it (§一 谁举办谁登记, ``organiser_of``): a
    training institution runs the city's personalized trainings (row 11), the district and the
    schools the others. A project whose organising unit is not the one that registers its kind
    could never be completed (a trial's institution saved a district topic training that nobody
    could then evaluate), so it is refused when saved and when published, naming the field."""
    if step.action not in (SAVE, DECLARE):
        return []
    project = step.project
    if project.organiser_kind is None:
        return []
    institution = project.organiser_kind == OrgKind.INSTITUTION
    if institution == personalized(project):
        return []
    message = (_("谁举办谁登记：培训机构只举办“基于教师需求的市级教师个性化培训”，请选择该培训项目类型；"
                 "区级培训和校本培训由区、学校举办并登记学分") if institution
               else _("谁举办谁登记：“基于教师需求的市级教师个性化培训”由承担培训项目的培训机构举办并登记学分，"
                      "请选择其他培训项目类型，或由培训机构申报"))
    return [Finding(PROJECT_ORGANISER, False, None, None, message, PROJECT_ORGANISER_SOURCE, field="program")]


def platform_way_finding(project: ProjectFacts) -> Finding:
    """The organiser enrolling a participant skips the school's approval and the payment: not
    for a personalized training, nor for any training with a fee (never, on such a project)."""
    if personalized(project):
        ok, message = False, _("市级个性化培训须经学校批准后由教师本人报名、缴费，举办单位不能直接报名")
    elif project.fee > 0:
        ok, message = False, _("收费的培训须由教师本人报名并完成支付，举办单位不能直接报名")
    else:
        ok, message = True, _("不收费的区级、校本培训可由举办单位直接报名参训学员")
    return Finding(PLATFORM_WAY, ok, None, None, message, PLATFORM_SOURCE, never=not ok)


def payment_finding(project: ProjectFacts, paying: bool) -> Finding:
    """The teacher's 报名 of a training with a fee holds the seat until it is paid (§四4–§四6);
    that of a training without one enrols at once, as there is nothing to pay. Each of the two
    steps applies to its own kind of training only: the other is ``NOT_APPLICABLE``, neither
    offered nor shown (the portal's reading: the notices speak of no free course)."""
    free = project.fee <= 0
    if paying and free:
        return Finding(NOT_APPLICABLE, False, None, None, _("免费培训无需支付，点击“报名”即完成报名"), PAYMENT_SOURCE)
    if not paying and not free:
        return Finding(NOT_APPLICABLE, False, None, None,
                       _("收费的培训须阅读《缴费须知》并在规定时间内完成支付"), PAYMENT_SOURCE)
    message = (_("收费的培训：点击“报名”后需在规定时间内完成支付，逾期自动取消报名") if paying
               else _("免费培训无需支付，点击“报名”即完成报名"))
    return Finding(PAYMENT_WAY, True, None, None, message, PAYMENT_SOURCE)


def closed_finding(move: Move) -> Finding:
    """The school's approval, the teacher's 报名 and 重新报名 are for a training still to be
    attended: after its last day they are refused, as the catalog no longer offers it (the core
    refuses a new selection then). A trial's teacher whose unpaid 报名 lapsed read 重新报名
    offered the day after the training ended, and took it and paid (§四2, §四6)."""
    end = move.selection.project.end
    if move.selection.on > end:
        return Finding(CLOSED, False, None, None, _("培训已于{end}结束，不能再报名", end=end), PLATFORM_SOURCE)
    return Finding(CLOSED, True, None, None, _("培训尚未结束（最后一天：{end}）", end=end), PLATFORM_SOURCE)


def evaluation_first_finding(move: Move) -> Finding:
    """A personalized training is complete only from ``finished``, with the teacher's evaluation."""
    ok = move.state == FINISHED
    message = (_("教师已对培训课程进行评价，即可获取相应学分") if ok
               else _("市级个性化培训须在培训结束后由教师对培训课程进行评价，评价后方可获取学分"))
    return Finding(EVALUATION_FIRST, ok, None, None, message, EVALUATION_SOURCE, never=not ok)


def project_choices(on) -> dict:
    """The topics a project may be recorded with: the compulsory content of the 2018 notice §三,
    ticked under their names (a code typed freely would not count toward the duty); the layer
    and category it is for, and a teacher's, one of the standard table's groups (2017 annex 1
    rows 1–4, the setting project_layers), so that a teacher's layer matches a project's; the modes
    the rules credit (集中培训、网络研修、校本培训, as the calculator asks them): the project form
    offered 自主研修 and 学历教育 as well, and then refused the project, the rules crediting neither."""
    return {"mode": conversion.modes(),
            "topics": tuple(Described(code, label, COMPULSORY_TOPICS_SOURCE)
                            for code, label in COMPULSORY_TOPICS.items()),
            "layer": tuple(Described(code, label, P.PROJECT_LAYERS.source_at(on)) for code, label in P.layers(on))}
