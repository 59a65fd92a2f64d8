"""The credits a Shanxi teacher claims, or their school enters for them, outside the portal's
projects (晋教师〔2017〕14号), each converted by ``conversion`` like any activity:

- §四(四) 自主研修成果: 专业奖励、专业荣誉称号、论文发表和著述出版等, to which the county gives
  credits by its own rules for their 层次 and 类型 (so the claimant gives the credits), at most
  20 a cycle (``compliance`` caps them; one claim above the cap is refused as mistyped). One kind per named type, and one for the others
  the county's rules recognise (the clause ends with 等).
- §四(三) 高等学校学历教育课程, recognised by the county by its 学习结果: credits.
- §五(二) every training is registered by the school from the organiser's proof (培训通知、
  参训学员花名表、培训档案、结业证书等): a training taken outside the portal (国培 on the
  national platform, a training in another province) is claimed with that proof and its
  hours are converted by §四(一), one kind per mode since the rates differ; the probation
  training of §三(二) likewise, in hours, for new teachers only (新任教师第一学年: ``new_teachers``).
- §三(二) 一线教师参与培训、教研工作可酌情转换学分: teaching or mentoring in a training,
  credited case by case (the program ``training_service``: a claim carries no role).

Who: §五(二) the school registers 本人提交的培训学分证明材料 after verifying them, and what the
organisers' proof shows: the teacher claims for themself, the school for its teachers. Who
verifies: the county (§五(一), §五(二)), which also recognises degree courses (§四(三)) and
achievements (§四(四)): ``audit`` routes the steps.

A training claimed carries the grade its certificate states, if any (§四(二) 按考核成绩分等级
记载学分: 优、良 add 20%, 10%); with none stated it counts as the setting ``missing_grade``
says (合格: the basic credits).
"""
from __future__ import annotations

from dataclasses import replace

from portal.domain import ClaimKind, ForTeachers, Grade, LedgerSource, Level, Mode, UserRole
from portal.domain.amounts import credits, hours
from portal.domain.claims import CREDITS, HOURS
from portal.domain.labels import GRADE_LABELS

from . import parameters as P
from .categories import PROBATION, TRAINING_SERVICE
from .compliance import is_new_teacher
from .parameters import src
from .words import _

ON = P.V2017
# §五(二): the teacher submits their proof (本人提交), the school registers it (学校…登记).
CLAIMANTS = (UserRole.TEACHER, UserRole.SCHOOL_ADMIN, UserRole.PRINCIPAL)
CAP = credits(P.SELF_STUDY_CAP.at(ON))
TRAINING_PROOF = _("培训机构提供的证明材料：培训通知、参训学员花名表、培训档案、结业证书等，写明学时"
                   "（城乡交流、挂职、借调教师另附现工作单位证明材料）")
TRAINING_SOURCE = src(P.PROOF_LIST_CLAUSE, "四(一)", P.GRADE_RECORD_CLAUSE, P.EXCHANGE_CLAUSE, P.PRIVATE_SCHOOL_CLAUSE)
# The grades a certificate states (§四(二)); a failed training has no certificate to claim with.
GRADES = (Grade.EXCELLENT, Grade.GOOD, Grade.PASS)


# §四(四): the county's own rules give an achievement its credits (各区县…建立相关制度规定…赋予相应的学分);
# the teacher reads the figure from them, the county checks it when it recognises the claim
COUNTY_FIGURE = _("按区县制度规定赋予的学分")
# §四(三): a degree course's credits are those the county's department recognises from its results
# (经区县教师继续教育管理部门认定后，可以按照其学习结果认定其培训学分), in the document's words
DEGREE_FIGURE = _("区县教师继续教育管理部门按学习结果认定的培训学分")


def achievement(code: str, label, what, evidence) -> ClaimKind:
    """A self-study achievement of §四(四): the county gives it credits by its level and type."""
    return ClaimKind(
        code, label, src(f"四(四)（{what}）"),
        _("教师通过自主研修或在工作实践中获得的{what}，由区县按其制度规定对不同层次、不同类型的研修成果赋予相应的学分；"
          "五年周期内自主研修成果认定的学分总数不得超过 {cap}", what=label, cap=CAP),
        ledger_source=LedgerSource.ACHIEVEMENT, mode=Mode.SELF_STUDY, figure=CREDITS, evidence=evidence,
        figure_label=COUNTY_FIGURE,
        who=CLAIMANTS, most=P.SELF_STUDY_CAP.at(ON))


def rate(parameter):
    """A §四(一) rate as the document writes it (3 学时)."""
    return hours(parameter.at(ON))


CLAIM_KINDS: tuple[ClaimKind, ...] = (
    achievement("award", _("专业奖励"), "专业奖励",
                _("获奖证书或颁奖单位的表彰文件，写明奖项、等级、颁奖单位和时间")),
    achievement("honour", _("专业荣誉称号"), "专业荣誉称号",
                _("荣誉证书或授予荣誉称号的文件，写明称号、授予单位和时间")),
    achievement("paper", _("论文发表"), "论文发表",
                _("刊登论文的刊物封面、版权页、目录和论文正文")),
    achievement("book", _("著述出版"), "著述出版",
                _("著作的封面、版权页（出版单位、书号）和写明本人署名或撰写部分的页面")),
    ClaimKind(
        "other_achievement", _("区县规定的其他自主研修成果"), src(P.ACHIEVEMENTS_CLAUSE),
        _("专业奖励、专业荣誉称号、论文发表和著述出版等以外，区县制度规定赋予学分的其他研修成果；"
          "五年周期内自主研修成果认定的学分总数不得超过 {cap}", cap=CAP),
        ledger_source=LedgerSource.ACHIEVEMENT, mode=Mode.SELF_STUDY, figure=CREDITS, figure_label=COUNTY_FIGURE,
        evidence=_("证明该成果及其层次的证书、文件或出版物"), who=CLAIMANTS, most=P.SELF_STUDY_CAP.at(ON)),
    # The five levels are trainings'; a degree course has none. It carries the county's, whose
    # department recognises it (§四(三)); its conversion does not read the level.
    ClaimKind(
        "degree_course", _("高等学校学历教育课程"), src(P.DEGREE_COURSE_CLAUSE, P.DEGREE_RECOGNITION_CLAUSE),
        _("教师参加高等学校学历教育课程学习，经区县教师继续教育管理部门认定后，按照其学习结果认定培训学分"),
        ledger_source=LedgerSource.DEGREE_COURSE, mode=Mode.DEGREE, levels=(Level.COUNTY,), figure=CREDITS,
        figure_label=DEGREE_FIGURE, evidence=_("高等学校出具的课程成绩单或学习证明，写明课程和学习结果"), who=CLAIMANTS),
    # A school's own centralized training is 校本研修 (§二(一); setting school_centralized_hours_per_credit):
    # it is claimed as school-based.
    ClaimKind(
        "outside_centralized", _("本平台外参加的集中培训"), TRAINING_SOURCE,
        _("在本平台之外参加的国家级、省级、市级、县(区)级集中培训，由本校依据培训机构提供的证明材料核实登记（民办学校的教师由所在区县教师继续教育管理部门登记审核）；"
          "省级及以上每 {provincial}、市级和县(区)级每 {city}折算 1 学分",
          provincial=rate(P.HOURS_PER_CREDIT_CENTRALIZED_PROVINCIAL_UP),
          city=rate(P.HOURS_PER_CREDIT_CENTRALIZED_CITY_COUNTY)),
        ledger_source=LedgerSource.OUTSIDE, mode=Mode.CENTRALIZED,
        levels=(Level.NATIONAL, Level.PROVINCIAL, Level.CITY, Level.COUNTY), figure=HOURS, grades=GRADES,
        evidence=TRAINING_PROOF, who=CLAIMANTS),
    ClaimKind(
        "outside_online", _("本平台外参加的网络研修"), TRAINING_SOURCE,
        _("在本平台之外（如国家或其他省份的平台）参加的网络研修，由本校依据培训机构提供的证明材料核实登记（民办学校的教师由所在区县教师继续教育管理部门登记审核）；每 {rate}折算 1 学分",
          rate=rate(P.HOURS_PER_CREDIT_ONLINE_SCHOOL_BASED)),
        ledger_source=LedgerSource.OUTSIDE, mode=Mode.ONLINE, figure=HOURS, grades=GRADES, evidence=TRAINING_PROOF,
        who=CLAIMANTS),
    ClaimKind(
        "outside_school_based", _("本平台外的校本研修"), TRAINING_SOURCE,
        _("未在本平台登记的校本研修，由本校依据证明材料核实登记（民办学校的教师由所在区县教师继续教育管理部门登记审核）；每 {rate}折算 1 学分",
          rate=rate(P.HOURS_PER_CREDIT_ONLINE_SCHOOL_BASED)),
        ledger_source=LedgerSource.OUTSIDE, mode=Mode.SCHOOL_BASED, levels=(Level.SCHOOL,), figure=HOURS, grades=GRADES,
        evidence=TRAINING_PROOF, who=CLAIMANTS),
    # §三(二) keeps the probation year in hours, centralized apart from school-based and online.
    ClaimKind(
        "probation_centralized", _("本平台外参加的新任教师试用期集中培训"), src(P.PROBATION_CLAUSE, P.PROOF_LIST_CLAUSE),
        _("新任教师第一学年的试用期培训按学时登记，其中集中培训不少于 {need}",
          need=hours(P.PROBATION_CENTRALIZED_MINIMUM.at(ON))),
        ledger_source=LedgerSource.OUTSIDE, mode=Mode.CENTRALIZED, program=PROBATION, figure=HOURS,
        evidence=TRAINING_PROOF, who=CLAIMANTS),
    # 校本培训与网络研修 count together (§三(二)); the mode says only which of the two.
    ClaimKind(
        "probation_school_online", _("本平台外参加的新任教师试用期校本培训与网络研修"),
        src(P.PROBATION_CLAUSE, P.PROOF_LIST_CLAUSE),
        _("新任教师第一学年的试用期培训按学时登记，其中校本培训与网络研修不少于 {need}",
          need=hours(P.PROBATION_SCHOOL_ONLINE_MINIMUM.at(ON))),
        ledger_source=LedgerSource.OUTSIDE, mode=Mode.SCHOOL_BASED, program=PROBATION, figure=HOURS,
        evidence=TRAINING_PROOF, who=CLAIMANTS),
    # Any mode but degree and self-study is taken alike; centralized stands for all of them.
    ClaimKind(
        "training_service", _("参与培训、教研工作（授课、指导等）"), src(P.TRAINING_SERVICE_CLAUSE),
        _("一线教师参与培训、教研工作，可酌情转换学分：填写主管部门认定的学分；不计作参加市级及以上集中研修的学分"),
        ledger_source=LedgerSource.OUTSIDE, mode=Mode.CENTRALIZED, program=TRAINING_SERVICE, figure=CREDITS,
        evidence=_("培训或教研活动组织单位的证明（培训通知、课程安排等），写明本人承担的授课、指导等工作和时间"),
        who=CLAIMANTS),
)
KINDS = {kind.code: kind for kind in CLAIM_KINDS}

# Who recognises or verifies each kind at the county's step, and the clause (``audit``).
RECOGNITION_CLAUSES = {
    LedgerSource.DEGREE_COURSE: P.DEGREE_RECOGNITION_CLAUSE,
    LedgerSource.ACHIEVEMENT: P.SELF_STUDY_RECOGNITION_CLAUSE,
}


PROBATION_KINDS = ("probation_centralized", "probation_school_online")


def new_teachers() -> ForTeachers:
    """§三(二) 新任教师第一学年须接受不少于120学时的试用期培训: the probation training is a new
    teacher's, so its two kinds are for a teacher in probation, or within ``probation_review_years``
    after it, while their page still shows the probation training (``compliance.is_new_teacher``,
    read on the day asked): a veteran has none to claim, and a teacher whose day of entering post
    and 转正 are both unrecorded is not known to be new (their page shows no probation training)."""
    return ForTeachers(is_new_teacher, _("新任教师（试用期内及试用期结束后 {n} 年内）",
                                         n=P.PROBATION_REVIEW_YEARS.at(ON)), src(P.PROBATION_CLAUSE))


def claim_kinds() -> list[ClaimKind]:
    """The kinds; a training's detail says what the grade it claims does (§四(二)), a missing
    one as the setting ``missing_grade`` stands when asked; the probation training's are for new
    teachers only (``new_teachers``)."""
    return [replace(kind, detail=_("{detail}。{grades}", detail=kind.detail, grades=grade_words()))
            if kind.grades else replace(kind, applies=new_teachers()) if kind.code in PROBATION_KINDS
            else kind for kind in CLAIM_KINDS]


def grade_words():
    """§四(二) 评定为“合格”的参训教师，认定相应层次基本学分；评定为“优”、“良”的…分别增加20%、10%学分奖励."""
    return _("结业证书写明考核等级的，选择该等级：{bonus}；未写明等级的，按“{missing}”计",
             bonus=P.bonus_words({grade: P.GRADE_BONUS.at(ON)[grade] for grade in GRADES}),
             missing=GRADE_LABELS[Grade(P.MISSING_GRADE.at(ON))])


def recognition_clause(source: str) -> str:
    """The clause by which the county recognises (§四(三), §四(四)) or verifies (§五(二)) a claim."""
    try:
        return RECOGNITION_CLAUSES.get(LedgerSource(source), P.COUNTY_VERIFICATION_CLAUSE)
    except ValueError:
        return P.COUNTY_VERIFICATION_CLAUSE
