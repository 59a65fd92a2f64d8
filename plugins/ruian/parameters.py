"""Ruian's numbers as dated core ``Parameter``s, each with the clause it comes from.

The authority is ``ruian-2019h2-course-selection.txt`` (瑞安市教育局, 关于做好2019年下半年
中小学教师专业发展培训项目申报与教师选课工作的通知). It applies the Zhejiang credit
system (浙教师〔2016〕71号): credits are the base credits (基础学分) a training project
declares; the notice gives no conversion from hours.

A value the notice does not give is a *setting*: its ``assumption`` says what the notice
leaves open, where the default comes from and that the bureau must confirm it
(``portal rules describe`` lists them; a bureau may override them). Its source is the
clause the setting interprets, pinned with the notice's own words where that helps.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from portal.domain import Category, Mode, Parameter, Phase, PhaseOrder, Program, RuleVersion, UserRole
from portal.domain.selection import CLASS_EXPANSION_DECISION, CLASS_EXPANSION_REQUEST
from portal.domain.tenure import PARTIAL_PERIOD_WORDS, PartialPeriod
from portal.domain.text import Text, listing

from .words import _

DOC = "ruian-2019h2-course-selection.txt"


def src(clause: str) -> str:
    return f"{DOC} §{clause}"


# The clauses of §二 that hold each figure, pinned by the notice's own words.
CYCLE_CLAUSE = src("二（中小学教师专业发展培训每5年为一个周期）")
CYCLE_CREDITS_CLAUSE = src("二（周期内累计取得的培训学分不得少于360学分）")
CENTRALIZED_90_CLAUSE = src("二（周期内至少要参加一次基础学分为90以上的集中培训）")
SCHOOL_AVERAGE_CLAUSE = src("二（教师培训学分年人均须完成72学分及以上）")
YEARLY_RATE_CLAUSE = src("二（年平均限定选修90学分集中培训完成率确保达到21%及以上）")
LAYER_MATCH_CLAUSE = src("二（教师参加90学分及以上项目，按分层分类匹配率须达到75%及以上）")
# The school (kindergarten) figures of §二 together, as its heading names them (reporting.py).
SCHOOL_FIGURES_CLAUSE = src("二（足额完成教师专业发展培训计划）")
PLATFORM_ENTRY_CLAUSE = src("二（按教师实际进入平台的时间）")
COMPLETION_CLAUSE = src("二（按时足额完成培训任务）")
# The notice's one word on recognising credits (学分认定): 各校（园）…合理安排好教师在培训周期内的
# 参训和学分认定时间. Its subject is the school, so the school recognises (claims.py, audit.py).
RECOGNITION_CLAUSE = src("二（合理安排好教师在培训周期内的参训和学分认定时间）")

# The notice is undated. Its annex's first date (2019-06-17, §附件 第1项) is taken as the
# start of these rules; earlier dates are answered by the same rules (no older version is
# stored, and the 360/5-year duties come from 浙教师〔2016〕71号 anyway).
RULES_FROM = date(2019, 6, 17)
RULE_VERSION_CODE = "ruian-2019"
RULE_VERSION_SOURCE = src("附件 第1项")
RULE_VERSIONS = (RuleVersion(RULE_VERSION_CODE, RULES_FROM, RULE_VERSION_SOURCE),)  # the only one stored

CONFIRM = _("须由本局确认。")


def _p(name: str, label: Text, value, source: str, assumption: Text | str = "", **more) -> Parameter:
    return Parameter.fixed(name, label, value, source, RULES_FROM, assumption, **more)


RULES_START = _p(
    "rules_from", _("本规则起用日期"), RULES_FROM, RULE_VERSION_SOURCE,
    _("通知未署日期。取附件进程表的第一个日期 2019-06-17（教师基本信息数据更新开始）为起用日期，"
      "此前的日期也按本版规则（通知所依据的浙教师〔2016〕71号早于此日）。{confirm}", confirm=CONFIRM),
)

# Cycle and the teacher's duties (§二) ------------------------------------------------

CYCLE_YEARS = _p("cycle_years", _("培训周期（年）"), 5, CYCLE_CLAUSE)
CYCLE_MIN_CREDITS = _p("cycle_min_credits", _("周期内累计培训学分下限"), Decimal(360), CYCLE_CREDITS_CLAUSE)
# "90以上" includes 90: Chinese legal usage counts 以上 inclusively, and the same paragraph
# says "90学分及以上" and "限定选修90学分集中培训" for the same trainings.
CENTRALIZED_90_MIN_BASE = _p(
    "centralized_90_min_base", _("周期内必须参加的集中培训的基础学分下限（“90以上”含 90）"),
    Decimal(90), CENTRALIZED_90_CLAUSE,
)
CENTRALIZED_90_PER_CYCLE = _p(
    "centralized_90_per_cycle", _("周期内至少参加基础学分 90 以上集中培训的次数"), 1, CENTRALIZED_90_CLAUSE,
)
CENTRALIZED_90_REQUIRES_COMPLETION = _p(
    "centralized_90_requires_completion", _("基础学分 90 以上的集中培训须考核合格（得满基础学分）才算参加过"), True,
    COMPLETION_CLAUSE,
    _("通知第二部分只说周期内“至少要参加一次”，未说考核不合格是否算数；同段要求“按时足额完成培训任务”，"
      "并按“完成率”统计，故取“是”：须完成培训、得满项目基础学分才算。改为“否”则参训即算。{confirm}",
      confirm=CONFIRM),
)
CYCLE_ANCHOR_YEAR = _p(
    "cycle_anchor_year", _("统一周期的起始年份"), 2016, CYCLE_CLAUSE,
    _("通知只说每5年为一个周期，未给起点。取通知所依据的浙教师〔2016〕71号的年份 2016，"
      "周期按整日历年计（2016–2020、2021–2025……）。{confirm}", confirm=CONFIRM),
)
# The notice does not say when the cycle of a teacher who enters post during one starts or ends:
# §二 gives the 5 years and the 360 credits, and its 按教师实际进入平台的时间 asks the schools to
# plan a teacher's training and credit recognition, giving no dates. So both the start of such a
# teacher's cycle and what a cycle in post only in part asks are settings; the pages name them as
# the region's settings and cite no clause for them (the duty they scale keeps its §二 clause).
CYCLE_FROM_ENTERED_POST = _p(
    "cycle_from_entered_post", _("入职晚于统一周期起始年份的教师，个人周期自入职当年1月1日起算"), True,
    PLATFORM_ENTRY_CLAUSE,
    _("通知第二部分只说“每5年为一个周期”，没有说周期中途入职的教师的周期从何时起、到何时止；同段要求各校（园）"
      "“按教师实际进入平台的时间，合理安排好教师在培训周期内的参训和学分认定时间”，是对学校安排参训和学分认定的要求，"
      "也没有给出起止日期。本系统没有进入平台的日期，以入职日期代替。本区取“是”：入职年份晚于统一周期起始年份的教师，"
      "个人周期自入职当年 1 月 1 日起每5年一个（不是自入职之日起满5年）；入职当年入职前的月份只按“周期内部分在岗时的要求”"
      "减免一次，不再另减。改为“否”则人人按统一周期计。{confirm}", confirm=CONFIRM),
)
PARTIAL_CYCLE = _p(
    "partial_cycle", _("周期内部分在岗时的要求"), PartialPeriod.PRORATA, CYCLE_CREDITS_CLAUSE,
    _("通知没有说教师因入职、调入或经批准的假期只在周期的部分月份在岗时要求多少；入职或调入前的月份、"
      "整月都在经批准的假期中的月份从不计入要求。本区取“按在岗月数折算”：360 学分按在岗月数占周期月数的比例"
      "要求（四舍五入到整学分），“至少参加一次基础学分 90 以上的集中培训”按同一比例四舍五入到整次"
      "（在岗不足周期一半时不作要求）；折算时，入职或调入之前取得的学分和培训不计入，"
      "以免同一段时间既减免要求又计入学分。{confirm}", confirm=CONFIRM),
    choices=tuple(PartialPeriod), words=PARTIAL_PERIOD_WORDS.get,
)

# School-level reporting figures (§二) -------------------------------------------------

SCHOOL_YEARLY_AVERAGE = _p(
    "school_yearly_average", _("各校（园）教师培训学分年人均下限"), Decimal(72), SCHOOL_AVERAGE_CLAUSE,
)
CENTRALIZED_90_YEARLY_RATE = _p(
    "centralized_90_yearly_rate", _("年平均限定选修90学分集中培训完成率下限（%）"), Decimal(21), YEARLY_RATE_CLAUSE,
)
LAYER_MATCH_MIN_BASE = _p(
    "layer_match_min_base", _("须按分层分类匹配的项目的学分下限（“90学分及以上”）"), Decimal(90), LAYER_MATCH_CLAUSE,
)
LAYER_MATCH_RATE = _p(
    "layer_match_rate", _("90学分及以上项目按分层分类匹配率下限（%）"), Decimal(75), LAYER_MATCH_CLAUSE,
)
DISPLAY_QUANTUM = _p(
    "display_quantum", _("人均与比率的显示精度"), Decimal("0.01"), SCHOOL_AVERAGE_CLAUSE,
    _("通知未规定取舍。人均和比率只为显示而取到 0.01，与门户显示的其他数字一样四舍五入；未达标的数字不因进位显示为达标"
      "（改为舍去），大于 0 的差额不显示为 0；达标与否用未取舍的精确值判断。{confirm}", confirm=CONFIRM),
)

# Conversion (§二: credits are the project's base credits) -----------------------------

FAIL_CREDITS = _p(
    "fail_credits", _("考核不合格所得学分"), Decimal(0), COMPLETION_CLAUSE,
    _("通知只按“完成”计（完成率、按时足额完成培训任务），未写考核不合格得多少学分；"
      "故取 0：不合格视为未完成，不得学分。{confirm}", confirm=CONFIRM),
)
MISSING_GRADE_IS_PASS = _p(
    "missing_grade_is_pass", _("未填考核等第按完成认定"), True, COMPLETION_CLAUSE,
    _("通知不分等第，也未说未填等第怎样认定，故取“是”：已结业而未填考核等第的参训记录按完成认定，得项目基础学分；"
      "改为“否”则按考核不合格处理。{confirm}", confirm=CONFIRM),
)

ATTENDANCE_FOR_COMPLETION = _p(
    "attendance_for_completion", _("完成培训所需的出勤比例（参训学时占项目学时，%）"), Decimal(100), COMPLETION_CLAUSE,
    _("通知只说按项目基础学分认定、要求“按时足额完成培训任务”，没有说只参加了部分学时算不算完成培训，"
      "也没有按出勤比例折算学分的规定。故取 100：参训学时达到项目学时才算完成培训，得项目基础学分；"
      "不足的按未完成培训处理，与考核不合格一样得“考核不合格所得学分”（本局未另定时为 0），不按比例折算。"
      "改为较低的比例（如 80）则达到该比例即算完成、得全部基础学分。{confirm}", confirm=CONFIRM),
)

# Categories and modes. The notice names only centralized training (集中培训, §二) and
# school-based training (校（园）本培训/研修, §一、§三).
CATEGORY_CENTRALIZED_90 = "centralized_90"
CATEGORY_CENTRALIZED = "centralized"
CATEGORY_SCHOOL_BASED = "school_based"
CATEGORIES = (
    Category(CATEGORY_CENTRALIZED_90, _("集中培训（基础学分 90 及以上）"), CENTRALIZED_90_CLAUSE,
             _("周期内至少参加一次的集中培训")),
    Category(CATEGORY_CENTRALIZED, _("集中培训（基础学分 90 以下）"), CENTRALIZED_90_CLAUSE),
    Category(CATEGORY_SCHOOL_BASED, _("校（园）本培训"), src("三"),
             _("不论学分多少，不算基础学分 90 以上的集中培训")),
)
CATEGORIES_BY_CODE = {c.code: c for c in CATEGORIES}
CENTRALIZED_CATEGORIES = frozenset({CATEGORY_CENTRALIZED_90, CATEGORY_CENTRALIZED})
MODE_SOURCES = {
    Mode.CENTRALIZED: src("二（集中培训）"),
    Mode.SCHOOL_BASED: src("一（加大校本研修培训项目开发力度）"),
}

# Program codes (optional on an activity) ------------------------------------------------

PROGRAM_RESTRICTED_ELECTIVE_90 = "restricted_elective_90"
PROGRAM_RECOGNISED = "recognised_elsewhere"
PROGRAMS = (
    # 限定选修90学分集中培训: the training §二's yearly 21 % completion rate counts. It is
    # credited by the base credits it declares, so the calculator need not ask for hours.
    Program(PROGRAM_RESTRICTED_ELECTIVE_90, _("限定选修90学分集中培训"), YEARLY_RATE_CLAUSE,
            _("集中培训，基础学分不少于 90；按项目基础学分计学分，计入各校（园）限定选修90学分集中培训的年完成率"),
            mode=Mode.CENTRALIZED, needs_hours=False),
    # A centralized training taken outside the portal and claimed with its certificate
    # (claims.py): the school recognises it (学分认定, §二), and that recognition is its completion,
    # so no grade is asked and the setting for a missing grade does not apply.
    Program(PROGRAM_RECOGNISED, _("本平台以外参加、由学校认定的集中培训"), RECOGNITION_CLAUSE,
            _("在本平台以外参加的集中培训，学校凭证明认定已完成，按培训申报的基础学分计学分，不看考核等第"),
            mode=Mode.CENTRALIZED, needs_hours=False),
)
PROGRAMS_BY_CODE = {p.code: p for p in PROGRAMS}
# The programs a training project in the portal may be of: not the one recognised from outside it,
# which only a claim carries (claims.py; enrollment.project_choices).
PROJECT_PROGRAMS = (PROGRAM_RESTRICTED_ELECTIVE_90,)


# The 2019 second-half calendar (§四, §附件 进程表) --------------------------------------
# The notice dates one term only; ``enrollment.calendar`` answers it for that term, and the
# bureau enters every other term's dates in the portal.


def _d(month: int, day: int) -> date:
    return date(2019, month, day)


# The kinds the selection rules name (enrollment.py): the two rounds of 教师自主选课 (§四(二)),
# the school's review and the institution's recheck of each.
ROUND1, ROUND2 = "round1_selection", "round2_selection"
SCHOOL_REVIEWS = ("round1_school_review", "round2_school_review")
RECHECKS = ("round1_institution_recheck", "round2_institution_recheck")

# "各教育局" acts as CITY_ADMIN (瑞安市教育局 in the demo tree); "平台管理员" as SCHOOL_ADMIN.
T, SA, PR, CA, IS = (
    UserRole.TEACHER, UserRole.SCHOOL_ADMIN, UserRole.PRINCIPAL, UserRole.CITY_ADMIN,
    UserRole.INSTITUTION_STAFF,
)
PHASES_2019H2 = (
    Phase("teacher_data_update", _("教师基本信息数据更新及完善"), _d(6, 17), _d(9, 5), (SA, T), src("附件 第1项")),
    Phase("project_declaration", _("受理培训项目申报"), _d(6, 17), _d(6, 28), (IS, CA), src("附件 第2项")),
    Phase("project_review", _("完成培训项目审核"), _d(7, 1), _d(7, 11), (CA,), src("附件 第2项")),
    Phase("project_publication", _("培训项目正式发布"), _d(7, 12), _d(7, 12), (CA, IS), src("附件 第2项")),
    Phase("browsing", _("选课窗口开放，供教师浏览培训项目菜单"), _d(7, 15), _d(8, 25), (T, SA), src("附件 第3项")),
    Phase(ROUND1, _("教师第一轮选课"), _d(8, 26), _d(9, 5), (T,), src("四(二)")),
    Phase(SCHOOL_REVIEWS[0], _("校长对第一轮选课进行审核"), _d(9, 1), _d(9, 9), (PR, SA), src("附件 第3项")),
    Phase(CLASS_EXPANSION_REQUEST, _("培训机构扩班申请"), _d(9, 10), _d(9, 11), (IS,), src("附件 第3项")),
    Phase(CLASS_EXPANSION_DECISION, _("各级教育行政部门受理扩班"), _d(9, 11), _d(9, 12), (CA,), src("附件 第3项")),
    Phase(RECHECKS[0], _("培训机构受理复核"), _d(9, 13), _d(9, 13), (IS,), src("附件 第3项")),
    Phase(ROUND2, _("教师第二轮选课"), _d(9, 14), _d(9, 17), (T,), src("四(二)")),
    Phase(SCHOOL_REVIEWS[1], _("校长对第二轮选课进行审核"), _d(9, 15), _d(9, 18), (PR, SA), src("附件 第3项")),
    Phase(RECHECKS[1], _("培训机构受理复核、发放培训通知"), _d(9, 19), _d(9, 22), (IS,), src("附件 第3项")),
    Phase("training", _("举办各项教师培训班"), _d(9, 23), _d(12, 31), (IS, T), src("附件 第4项")),
)

# The order §四(二) and the annex set between the phases (the bureau's dates are refused when
# they break it, ``portal_selection_phase_order``): a project is declared, reviewed and
# published before teachers select (附件 第2项, 第3项); each round's choices are 自主选课,
# 学校审核, 培训机构复核 in that order (§四(二) 包括自主选课、学校审核，以及培训机构复核三个环节),
# the school reviewing while the round runs, as the annex has it (9/1—9/9 against 8/26—9/5),
# the classes expanded between the review and the recheck (附件 第3项); round 2 follows round
# 1's recheck, as the annex dates it, and its exclusion reads round 1's reviewed choices
# (§四(二) 凡第一轮未选课或第一轮虽选课但学校审核为不通过的教师，不能参加第二轮补报选课).
_STEPS_CLAUSE = src("四(二)（包括自主选课、学校审核，以及培训机构复核三个环节）")
_ANNEX_STEPS = src("附件 第3项")
_ROUND2_CLAUSE = src("四(二)（凡第一轮未选课或第一轮虽选课但学校审核为不通过的教师，不能参加第二轮补报选课）")
# The order of the phases a teacher acts in, where a calendar out of order would tell a
# teacher two things at once (round 1 open, round 2 refusing them). The project phases
# (declaration, review, publication, expansion) are the bureau's own and stay free: a bureau
# reopening declarations late must not be refused for it.
PHASE_ORDER = (
    PhaseOrder(ROUND1, ROUND2, source=_ROUND2_CLAUSE),
    PhaseOrder(ROUND1, SCHOOL_REVIEWS[0], overlap=True, source=_STEPS_CLAUSE),
    PhaseOrder(CLASS_EXPANSION_REQUEST, CLASS_EXPANSION_DECISION, overlap=True, source=_ANNEX_STEPS),
    PhaseOrder(SCHOOL_REVIEWS[0], RECHECKS[0], overlap=True, source=_STEPS_CLAUSE),
    PhaseOrder(RECHECKS[0], ROUND2, source=_ROUND2_CLAUSE),
    PhaseOrder(ROUND2, SCHOOL_REVIEWS[1], overlap=True, source=_STEPS_CLAUSE),
    PhaseOrder(SCHOOL_REVIEWS[1], RECHECKS[1], source=_STEPS_CLAUSE),
)


# A choice the school did not review within its round's review window (§附件 第3项 校长对第一轮/
# 第二轮选课进行审核). The notice says who reviews and when, and what a rejection means for
# round 2 (§四(二)), but nothing of a choice nobody reviewed in time. The annex names 各教育局
# 责任单位 of the whole selection phase (第3项, with 各培训机构), so the default hands such a
# choice to the bureau until the institutions' recheck of its round closes.
LATE_REVIEW_BUREAU, LATE_REVIEW_ZONE, LATE_REVIEW_NONE = "bureau", "zone", "none"
LATE_REVIEW_ROLES = {LATE_REVIEW_BUREAU: CA, LATE_REVIEW_ZONE: UserRole.DISTRICT_ADMIN, LATE_REVIEW_NONE: None}
LATE_REVIEW_WORDS = {LATE_REVIEW_BUREAU: _("教育局"), LATE_REVIEW_ZONE: _("学区"), LATE_REVIEW_NONE: _("无人补审")}
LATE_SCHOOL_REVIEW = _p(
    "late_school_review", _("学校逾期未审核的选课由谁补审"), LATE_REVIEW_BUREAU,
    src("附件 第3项（教师自主选课、学校审核和培训机构复核）"),
    _("通知只规定学校在进程表的时间内审核各轮选课、审核不通过的教师不能参加第二轮（第四部分（二）），"
      "没有说学校在审核时间内未审核的选课怎么办。进程表第3项的责任单位是各教育局和各培训机构，"
      "故取“教育局”：学校的审核时间过后，该轮选课转由教育局审核（通过或不通过），直到该轮培训机构复核结束；"
      "教师的“我的培训”页写明学校未审核、已转教育局。也可改为“学区”（由学区管理员补审），"
      "或“无人补审”（选课保持未审核，教师的“我的培训”页写明学校未审核，请教师与学校联系）。"
      "第一轮选课未经审核的教师仍可参加第二轮补报选课：通知只排除第一轮未选课或审核不通过的教师。{confirm}",
      confirm=CONFIRM),
    choices=(LATE_REVIEW_BUREAU, LATE_REVIEW_ZONE, LATE_REVIEW_NONE), words=LATE_REVIEW_WORDS.get,
)


# §一 names what every training carries (必修内容) or is encouraged to take up: the topics a
# project may name, each pinned by the notice's words. Codes are kept on the project.
TOPICS_CLAUSE = src("一（教师培训要师德为先，全面提升教师专业素质能力）")
PROJECT_TOPICS = _p(
    "project_topics", _("培训项目可标注的专题"),
    {"thought": _("习近平新时代中国特色社会主义思想"), "core_values": _("社会主义核心价值观"),
     "ethics": _("师德"), "ecology": _("生态文明和美丽浙江建设")},
    TOPICS_CLAUSE,
    words=lambda topics: listing(topics.values()),
)
TOPIC_SOURCES = {
    "thought": src("一（把习近平新时代中国特色社会主义思想融入教师培训）"),
    "core_values": src("一（把社会主义核心价值观作为教师培训必修内容）"),
    "ethics": src("一（突出师德培训）"),
    "ecology": src("一（鼓励各校（园）积极开展生态文明和美丽浙江建设专题内容校本研修培训）"),
}
# §一 按照分层分类施训要求 and §二 (层次、类别): the notice asks for layered training but names no
# layer or category, so the list a project chooses from is a setting.
LAYERS_CLAUSE = src("一（按照分层分类施训要求）")
PROJECT_LAYERS = _p(
    "project_layers", _("培训项目可面向的分层分类"), (_("新教师"), _("成熟教师"), _("骨干教师")), LAYERS_CLAUSE,
    _("通知要求按分层分类施训（第一部分），第二部分的分层分类匹配率也以此为据，但没有列出层次、类别的名称。"
      "这里先列新教师、成熟教师、骨干教师三项，与教师信息中登记的名称一致；项目只能从这里选，教师信息须用同样的名称，匹配率才能计算。"
      "{confirm}", confirm=CONFIRM),
    words=listing,
)


def layers(on: date) -> tuple[tuple[str, object], ...]:
    """The layers and categories a project may be for: (the name kept, in Chinese as the
    teachers' information records it; its words in the reader's language)."""
    return tuple((getattr(name, "msgid", str(name)), name) for name in PROJECT_LAYERS.at(on))


ALL = (
    RULES_START, CYCLE_YEARS, CYCLE_MIN_CREDITS, CENTRALIZED_90_MIN_BASE, CENTRALIZED_90_PER_CYCLE,
    CENTRALIZED_90_REQUIRES_COMPLETION, CYCLE_ANCHOR_YEAR, CYCLE_FROM_ENTERED_POST, PARTIAL_CYCLE,
    SCHOOL_YEARLY_AVERAGE, CENTRALIZED_90_YEARLY_RATE, LAYER_MATCH_MIN_BASE, LAYER_MATCH_RATE,
    DISPLAY_QUANTUM, FAIL_CREDITS, MISSING_GRADE_IS_PASS, ATTENDANCE_FOR_COMPLETION, PROJECT_TOPICS, PROJECT_LAYERS,
    LATE_SCHOOL_REVIEW,
)


def settings() -> tuple[Parameter, ...]:
    """The parameters the notice does not give (``portal rules describe`` marks them)."""
    return tuple(p for p in ALL if p.is_setting)
