"""Shanxi's numbers as dated core ``Parameter``s, each value with the clause that gives it.

The authority is 晋教师〔2017〕14号, ``shanxi-2017-credit-management.txt``. A parameter
with an ``assumption`` is a *setting*: the document does not give the value, so the
assumption says what it leaves open, where the default comes from, and that the bureau
must confirm it (``portal rules describe`` lists them; ``PORTAL_SETTINGS`` or
``--set name=value`` override them). Rules read every value with ``.at(on)``, which sees
the overrides, and a step or finding that relies on a setting names it in ``settings``.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from portal.domain import Grade, Parameter
from portal.domain.amounts import ROUNDING_WORDS, ROUNDINGS, credits, hours
from portal.domain.labels import GRADE_LABELS
from portal.domain.tenure import PARTIAL_PERIOD_WORDS, PartialPeriod
from portal.domain.text import listing

from .words import MONTHS, _

DOC = "shanxi-2017-credit-management.txt"

# The document is signed 2017年8月1 (落款) and names no other date it applies from.
V2017 = date(2017, 8, 1)


def src(*clauses: str) -> str:
    """``"shanxi-2017-credit-management.txt §四(一)"``; several clauses: ``… §三(二)、§五(三)``."""
    return f"{DOC} " + "、".join(f"§{c}" for c in clauses)


def fixed(name: str, label, value, clause: str, assumption=None, choices=(), words=None) -> Parameter:
    return Parameter.fixed(name, label, value, src(clause), V2017, assumption or "", tuple(choices), words)


# The clauses that hold the rules pinned to their words, where the part holds several rules.
SCOPE_CLAUSE = "二(一)（凡取得中小学教师资格……均属培训学分管理对象）"
REGISTRATION_CLAUSE = "三(二)（从转正和调入年度开始登记培训学分）"
EXCHANGE_CLAUSE = "三(二)（凭现工作单位证明材料回原单位登记培训学分）"
PRIVATE_SCHOOL_CLAUSE = "五(一)（实行属地管理制度，由所在区县教师继续教育管理部门登记审核）"
PROBATION_CLAUSE = "三(二)（新任教师第一学年须接受不少于120学时的试用期培训）"
YEARLY_CLAUSE = "三(二)（每学年所修学分原则上不应少于20学分）"
APPEAL_CLAUSE = "五(三)（在半年内提出申诉）"
APPEAL_ANSWER_CLAUSE = "五(三)（由所在学校主管教育行政部门受理并核实后予以回复）"
APPEAL_EVIDENCE_CLAUSE = "五(三)（提供证明材料）"
# The credit bank (``bank``, ``account``): saving ahead, the bank's operations, what a borrowing does
# to the year, and the year's credits the county 核定.
SAVING_CLAUSE = "三(二)（鼓励提前积蓄学分）"
BANK_CLAUSE = "四(五)（实现教师培训学分的累积、查询、借贷、支取、应用）"
BORROWING_CLAUSE = "五(三)（凡学年培训学分未达学分基本要求且未实行学分“借贷”者）"
YEAR_CREDITS_CLAUSE = "五(二)（核定教师个人本学年的培训学分）"
TRAINING_SERVICE_CLAUSE = "三(二)（一线教师参与培训、教研工作可酌情转换学分）"
# Who takes a training, who assesses it and who recognises what is not a training (``enrollment``,
# ``workflow``).
TARGETING_CLAUSE = "一（以分层、分类、分科施训思想为指导）"
SELF_SELECTION_CLAUSE = "二(二)（通过学分管理建立教师自主选学机制）"
LEVELS_CLAUSE = "二(一)（五级教师培训体系）"
ASSESSMENT_CLAUSE = "四(二)（由培训项目承办单位对参训教师进行综合考核）"
GRADE_RECORD_CLAUSE = "四(二)（按考核成绩分等级记载学分）"
DEGREE_RECOGNITION_CLAUSE = "四(三)（经区县教师继续教育管理部门认定后）"
SELF_STUDY_RECOGNITION_CLAUSE = "四(四)（对不同层次、不同类型的研修成果赋予相应的学分）"
PROOF_CLAUSE = "五(二)（学校依据培训机构提供的相关证明材料）"
# Claims (``claims``): what the school registers from, who submits it, who verifies it, and when.
COMPLETION_PROOF_CLAUSE = "五(二)（结业证书）"
PROOF_LIST_CLAUSE = "五(二)（培训通知、参训学员花名表、培训档案、结业证书等）"
OWN_PROOF_CLAUSE = "五(二)（对其本人提交的培训学分证明材料进行核实后）"
COUNTY_VERIFICATION_CLAUSE = "五(二)（由区县结合证明材料进行审核验证）"
DEGREE_COURSE_CLAUSE = "四(三)（教师参加高等学校学历教育课程学习）"
ACHIEVEMENTS_CLAUSE = "四(四)（专业奖励、专业荣誉称号、论文发表和著述出版等）"
YEAR_END_REGISTRATION_CLAUSE = "五(二)（每学年结束时）"
# Who oversees a training institution's project before teachers may select it (``enrollment.project_review``).
QUALITY_OVERSIGHT_CLAUSE = ("五(一)（省教育厅负责教师培训的统筹规划和质量监管……各市教育行政部门负责本市教师培训学分的统筹管理；"
                            "县级教育行政部门负责本区县教师继续教育培训学分审核与验证工作）")
# When the city approves the cycle's credits (``audit``).
CYCLE_APPROVAL_CLAUSE = "二(四)（五年周期届满）"
CITY_APPROVAL_CLAUSE = "五(二)（五年周期结束）"
# What the county reports to the city each year: its yearly audit of the schools' registrations
# (``reporting``).
YEARLY_REVIEW_CLAUSE = "二(四)（将年度和周期审核的结果上报市级教育行政部门审验）"

# Rule version ------------------------------------------------------------------------

RULES_2017_EFFECTIVE = fixed(
    "rules_2017_effective", _("本文件适用的起始日期"), V2017, "落款",
    assumption=_("文件没有写施行日期；落款日期写作“2017年8月1”（末尾可能缺字，网页发布于 2017-09-25）。门户取 2017-08-01；"
                 "文件集中没有更早的山西规则，更早的培训也按本文件折算。须由本区教育行政部门确认。"),
)

# §二(一), §三(二), §五(二) school years and the cycle ---------------------------------------

CYCLE_YEARS = fixed("cycle_years", _("一个培训周期的学年数"), 5, "二(一)")
SCHOOL_YEAR_START_MONTH = fixed(
    "school_year_start_month", _("学年开始的月份"), 9, "三(二)",
    assumption=_("文件按学年计学分（每学年所修学分、每学年结束时汇总、学年培训学分），但没有写学年从何时开始。"
                 "门户取中小学 9 月 1 日开学的学年，学年以开始的年份称呼（2024 学年即 2024-09-01 至 2025-08-31），"
                 "五年周期由五个学年组成；取 1 月则按自然年计。须由本区教育行政部门确认。"),
    choices=range(1, 13), words=MONTHS.get,  # the month it asks, not a date (it read 每年 9 月 1 日)
)
CYCLE_ANCHOR_YEAR = fixed(
    "cycle_anchor_year", _("第一个五年周期开始的学年"), 2017, "二(一)",
    assumption=_("文件只说以五年为一个周期，没有写周期从哪一年开始。门户取文件印发的 2017 学年，周期为 "
                 "2017-09-01 至 2022-08-31、2022-09-01 至 2027-08-31，以此类推。须由本区教育行政部门确认。"),
)
PARTIAL_YEAR = fixed(
    "partial_year", _("只有部分月份在岗（调入、经批准的假期）的学年，要求多少学分"), PartialPeriod.PRORATA.value,
    REGISTRATION_CLAUSE,
    assumption=_("文件规定转正和新调入的教师从转正和调入年度开始登记培训学分，没有写年中调入或请假的学年要求多少学分。"
                 "调入前和整月经批准的假期不计在内；其余在岗月份按比例折算每学年的学分，取整数四舍五入。"
                 "转正年度是登记培训学分的第一个学年，按整学年要求。"
                 "须由本区教育行政部门确认。"),
    choices=[p.value for p in PartialPeriod], words=PARTIAL_PERIOD_WORDS.get,
)
PARTIAL_CYCLE = fixed(
    "partial_cycle", _("只有部分月份登记培训学分（转正、调入、经批准的假期）的周期，要求多少学分"),
    PartialPeriod.PRORATA.value, REGISTRATION_CLAUSE,
    assumption=_("文件规定转正和新调入的教师从转正和调入年度开始登记培训学分，没有写周期中途开始登记或请假的教师周期要求多少学分。"
                 "转正、调入年度之前和整月经批准的假期不计在内；周期的总学分和其中市级及以上集中研修的学分都按其余月份的比例折算，"
                 "取整数四舍五入。须由本区教育行政部门确认。"),
    choices=[p.value for p in PartialPeriod], words=PARTIAL_PERIOD_WORDS.get,
)

# §四(一) conversion of hours -----------------------------------------------------------------

BASE_HOURS_PER_CREDIT = fixed(
    "base_hours_per_credit", _("学时与学分的基础折算：每多少学时（半天）折算 1 学分"), Decimal(3), "四(一)",
    words=hours)
HOURS_PER_CREDIT_CENTRALIZED_PROVINCIAL_UP = fixed(
    "hours_per_credit_centralized_provincial_up", _("省级及以上集中培训每多少学时折算 1 学分"), Decimal(3), "四(一)",
    words=hours)
HOURS_PER_CREDIT_CENTRALIZED_CITY_COUNTY = fixed(
    "hours_per_credit_centralized_city_county", _("市级和县(区)级集中培训每多少学时折算 1 学分"), Decimal(4), "四(一)",
    words=hours)
HOURS_PER_CREDIT_ONLINE_SCHOOL_BASED = fixed(
    "hours_per_credit_online_school_based", _("网络研修和校本研修每多少学时折算 1 学分"), Decimal(5), "四(一)",
    words=hours)
SCHOOL_CENTRALIZED_HOURS_PER_CREDIT = fixed(
    "school_centralized_hours_per_credit", _("学校组织的集中培训每多少学时折算 1 学分"), Decimal(5), "四(一)",
    assumption=_("文件只给省级及以上、市级和县(区)级集中培训的折算，没有学校组织的集中培训；五级培训体系中学校一级是校本研修，"
                 "门户按校本研修每 5 学时折算 1 学分，计入校本研修。须由本区教育行政部门确认。"),
    words=hours,
)
DAILY_HOURS_CAP = fixed(
    "daily_hours_cap", _("每天最多计多少学时"), Decimal(0), "四(一)",
    assumption=_("文件没有每天计多少学时的上限，只说 3 学时为半天；门户不设上限。本区如按每天 6 学时（两个半天）计，"
                 "可设为 6 学时，天数取填写的天数，或由起止日期推算。须由本区教育行政部门确认。"),
    words=lambda cap: _("不设上限") if not cap else hours(cap),
)
CREDIT_QUANTUM = fixed(
    "credit_quantum", _("学分保留到的位数"), Decimal("0.1"), "四(一)",
    assumption=_("文件没有规定学分的取舍；门户保留一位小数。基本学分取舍一次，加考核等级奖励后的合计再取舍一次"
                 "（奖励加在哪个数上见“考核等级奖励是否加在取舍后的基本学分上”）。须由本区教育行政部门确认。"),
    words=lambda quantum: QUANTUM_WORDS.get(quantum.normalize()) or _("按 {amount}取舍", amount=credits(quantum)),
)
QUANTUM_WORDS = {Decimal(1): _("取整数"), Decimal("0.1"): _("保留一位小数"), Decimal("0.01"): _("保留两位小数")}
CREDIT_ROUNDING = fixed(
    "credit_rounding", _("学分的取舍方式"), "half_up", "四(一)",
    assumption=_("文件没有规定学分的取舍方式；门户取四舍五入。须由本区教育行政部门确认。"),
    choices=tuple(ROUNDINGS), words=ROUNDING_WORDS.get,
)

# §四(二) grade -------------------------------------------------------------------------------


def bonus_words(bonus: dict):
    """优 加 20%、良 加 10%、合格 认定基本学分、不合格 不得学分."""
    said = []
    for grade, rate in bonus.items():
        if rate is None:
            said.append(_("{grade}不能取得学分", grade=GRADE_LABELS[grade]))
        elif rate:
            said.append(_("{grade}在原学分上增加 {percent}%", grade=GRADE_LABELS[grade], percent=rate * 100))
        else:
            said.append(_("{grade}认定基本学分", grade=GRADE_LABELS[grade]))
    return listing(said)


GRADE_BONUS = fixed(
    "grade_bonus", _("考核等级与学分"),
    {Grade.EXCELLENT: Decimal("0.20"), Grade.GOOD: Decimal("0.10"), Grade.PASS: Decimal(0), Grade.FAIL: None},
    "四(二)", words=bonus_words,
)
BONUS_ON_ROUNDED_BASE = fixed(
    "bonus_on_rounded_base", _("考核等级奖励是否加在取舍后的基本学分上"), True, "四(二)",
    assumption=_("文件规定评定为“优”“良”的参训教师在其原学分基础上分别增加20%、10%学分奖励，没有写学分怎样取舍，"
                 "也没有写奖励加在取舍前还是取舍后的学分上，也没有算例（文件说具体学分折算办法见附件，附件的内容不在文件中）。"
                 "门户把奖励加在取舍后的基本学分（合格时认定的学分）上，合计再取舍一次：省级集中培训 7 学时，"
                 "7 ÷ 3 保留一位小数为 2.3 学分，良 2.3 × 1.1 = 2.53，计 2.5 学分。设为否，则奖励加在未取舍的折算结果上，"
                 "合计只取舍一次：7 × 1.1 ÷ 3 = 2.566…，计 2.6 学分。须由本区教育行政部门确认。"),
    # a question, as the other yes-or-no settings are, answered 是/否 with what it does: the label
    # once said the default as a fact, and the page read 考核等级奖励加在取舍后的基本学分上：加在取舍后的基本学分上
    words=lambda on_rounded: _("是，合计再取舍一次") if on_rounded else
    _("否，加在未取舍的折算结果上，合计只取舍一次"),
)
MISSING_GRADE = fixed(
    "missing_grade", _("未填写考核等级时按哪一等级计"), Grade.PASS.value, "四(二)",
    assumption=_("文件要求承办单位按考核成绩分等级记载学分，没有写未记载等级的情形；门户按“合格”认定基本学分。"
                 "须由本区教育行政部门确认。"),
    choices=[g.value for g in Grade], words=GRADE_LABELS.get,
)

# §二(一) who runs which level of the five-level system ------------------------------------------

# The units whose own trainings have a level (a training institution undertakes any, an education zone
# (学区), which the document does not name, keeps the core's reach), in the words of the setting's value.
UNIT_WORDS = {"province": _("省"), "city": _("市"), "district": _("县(区)"), "school": _("学校")}


def organiser_levels_words(reach: dict):
    """省至国家级、市至市级、县(区)至县(区)级、学校至校级: short, as it is read beside a refusal on a phone."""
    from portal.domain import Level
    from portal.domain.text import WithinSentence

    from .words import LEVEL_LABELS  # the region's level names (县(区)级)

    return listing([_("{unit}至{level}", unit=UNIT_WORDS.get(unit, unit),
                      level=WithinSentence(LEVEL_LABELS[Level(level)]) if level in tuple(Level) else str(level))
                    for unit, level in reach.items()])


ORGANISER_LEVELS = fixed(
    "organiser_levels", _("各级单位自行组织培训的最高级别"),
    {"province": "national", "city": "city", "district": "county", "school": "school"}, LEVELS_CLAUSE,
    assumption=_("文件要求构建国培、省培、市培、县(区)培、校本研修五级教师培训体系（§二(一)），"
                 "但没有写哪一级单位组织哪一级培训，§五(一)只写各级的管理职责。门户取：市教育局组织市级及以下、"
                 "县(区)教育局组织县(区)级及以下的培训，学校组织校本研修，省教育厅组织省级培训，也组织国培（国家级）；"
                 "培训机构可承办任何一级的培训。县(区)不能自定市级培训，因为市级及以上集中研修的学分另有要求（§三(二)）。"
                 "须由本区教育行政部门确认。"),
    words=organiser_levels_words,
)

# §三(二), §三(三), §四(四), §四(五), §五(三) duties ----------------------------------------------

CYCLE_MINIMUM = fixed("cycle_minimum", _("每五年周期累计修满的学分"), Decimal(120), "三(二)", words=credits)
CITY_UP_CENTRALIZED_MINIMUM = fixed(
    "city_up_centralized_minimum", _("其中参加市级及以上集中研修须修满的学分"), Decimal(20), "三(二)", words=credits)
YEARLY_MINIMUM = fixed(
    "yearly_minimum", _("每学年所修学分原则上不少于"), Decimal(20), YEARLY_CLAUSE, words=credits)
SELF_STUDY_CAP = fixed(
    "self_study_cap", _("五年周期内自主研修成果认定的学分总数上限"), Decimal(20), "四(四)", words=credits)
BORROWING_COUNTS_FOR_CYCLE = fixed(
    "borrowing_counts_for_cycle", _("学分银行借贷的学分是否计入周期总学分"), False, "四(五)",
    assumption=_("文件允许各市建立学分银行（累积、借贷、支取），并规定学年学分未达要求且未实行学分借贷者该学年不合格，"
                 "但没有规定借贷的数额、归还，也没有说借来的学分是否计入周期。门户把借贷的学分计入借贷记录所在的学年，"
                 "与修得的学分合计补足该学年的要求；借来的学分不是修得的学分，门户不把它计入周期总学分。"
                 "设为是，则借来而尚未归还的学分计入周期总学分，已以积蓄归还的不重复计入。须由本区教育行政部门确认。"),
)
BORROWING_REPAID_FROM_SAVINGS = fixed(
    "borrowing_repaid_from_savings", _("借贷的学分是否以超出学年要求修得的学分归还"), True, BANK_CLAUSE,
    assumption=_("文件列出学分银行的累积、借贷、支取，鼓励提前积蓄学分，但没有写借贷怎样归还。门户在本周期内以教师"
                 "超出学年要求修得的学分（积蓄）归还借贷，先借先还：已有的积蓄先归还，此后学年超出要求的学分接着归还；"
                 "借贷的学年本身修得的学分已超出要求的，该学年不需要的借贷当即退还。设为否，则借贷不归还，"
                 "积蓄与借贷分别累计。须由本区教育行政部门确认。"),
)
BORROWING_MAX = fixed(
    "borrowing_max", _("每学年最多可借贷的学分"), Decimal(0), BANK_CLAUSE,
    assumption=_("文件没有规定借贷的数额。门户以当学年的差额为借贷的数额，不另设上限；设为几学分，则差额超过该数的学年"
                 "不能借贷（借贷不足差额补不足该学年）。须由本区教育行政部门确认。"),
    words=lambda most: _("不另设上限（以当学年的差额为限）") if not most else credits(most),
)
BORROWING_WHILE_OWING = fixed(
    "borrowing_while_owing", _("尚有借贷未归还时是否可以再借贷"), True, BANK_CLAUSE,
    assumption=_("文件以学分借贷作为学年学分未达要求时免于该学年不合格的办法，没有为借贷设条件。门户在尚有借贷未归还时"
                 "仍可以为另一学年借贷；借来的学分不计入周期总学分时，周期届满前仍须修满周期学分。设为否，则归还前"
                 "不能再借贷。须由本区教育行政部门确认。"),
    words=lambda allowed: _("未归还也可以再借贷") if allowed else _("归还前不能再借贷"),
)
BORROWING_WINDOW_MONTHS = fixed(
    "borrowing_window_months", _("学年结束前几个月内可以申请借贷"), 0, BANK_CLAUSE,
    assumption=_("文件没有写学年中什么时候可以申请借贷。门户在学年内随时可以为本学年的差额申请借贷，此后修得的学分"
                 "超出要求的，不需要的借贷当即退还；设为几个月，则只在学年最后这几个月内可以申请。"
                 "须由本区教育行政部门确认。"),
    choices=range(0, 13), words=lambda months: _("学年内随时可以申请") if not months else
    _("学年结束前 {n} 个月内", n=months),
)
COMPULSORY_TOPICS = fixed(
    "compulsory_topics", _("纳入必修学分的内容"), {"ethics": _("师德教育"), "it": _("信息技术应用能力")}, "三(三)",
    words=lambda topics: listing(topics.values()),
)
COMPULSORY_TOPIC_MINIMUM = fixed(
    "compulsory_topic_minimum", _("每项必修内容每周期至少要修的学分"), Decimal(0), "三(三)",
    assumption=_("文件把师德教育、信息技术应用能力等纳入必修学分，没有写要修多少学分。门户以周期内有该内容的学分即算修过，"
                 "不作为周期合格的条件。须由本区教育行政部门确认。"),
    words=lambda minimum: _("有该内容的学分即可") if not minimum else credits(minimum),
)
APPEAL_MONTHS = fixed(
    "appeal_months", _("教师对学分登记提出申诉的期限"), 6, APPEAL_CLAUSE,
    words=lambda months: _("半年（{n} 个月）", n=months))

# §五(二) when the school registers -------------------------------------------------------------

REGISTRATION_DEADLINE_MONTHS = fixed(
    "registration_deadline_months", _("学校在学年结束后几个月内登记该学年的学分"), 0, YEAR_END_REGISTRATION_CLAUSE,
    assumption=_("文件规定每学年结束时学校汇总本校教师本学年的培训情况并逐年登记，学校每年上报区县审核，"
                 "但没有写登记的最后期限；文件又要求学分适时登记审核，学年中也可以登记。门户不设期限；"
                 "设为几个月，则学年结束后这几个月的最后一天为登记期限，逾期登记标为逾期。须由本区教育行政部门确认。"),
    choices=range(0, 13), words=lambda months: _("不设期限") if not months else _("学年结束后 {n} 个月内", n=months),
)
LATE_REGISTRATION_REFUSED = fixed(
    "late_registration_refused", _("逾期的学分是否不予登记"), False, YEAR_END_REGISTRATION_CLAUSE,
    assumption=_("文件没有写逾期登记的后果。门户在逾期后仍让学校登记，只标为逾期并记录；设为是，则登记期限过后学校不能再登记。"
                 "须由本区教育行政部门确认。"),
    words=lambda refused: _("逾期不予登记") if refused else _("逾期仍可登记，标为逾期"),
)

# §三(二), §五(三) new teachers ---------------------------------------------------------------------

PROBATION_YEARS = fixed("probation_years", _("新任教师试用期培训的学年数"), 1, PROBATION_CLAUSE,
                        words=lambda years: _("第一学年") if years == 1 else _("前 {n} 个学年", n=years))
PROBATION_HOURS_TOTAL = fixed(
    "probation_hours_total", _("新任教师试用期培训不少于的学时"), Decimal(120), "三(二)", words=hours)
PROBATION_CENTRALIZED_CLAUSE = "三(二)（其中集中培训不少于60学时）"
PROBATION_SCHOOL_ONLINE_CLAUSE = "三(二)（校本培训与网络研修不少于60学时）"
PROBATION_CENTRALIZED_MINIMUM = fixed(
    "probation_centralized_minimum", _("其中集中培训不少于的学时"), Decimal(60), PROBATION_CENTRALIZED_CLAUSE,
    words=hours)
PROBATION_SCHOOL_ONLINE_MINIMUM = fixed(
    "probation_school_online_minimum", _("其中校本培训与网络研修不少于的学时"), Decimal(60),
    PROBATION_SCHOOL_ONLINE_CLAUSE, words=hours)
PROBATION_COUNTS_ANY_TRAINING = fixed(
    "probation_counts_any_training", _("试用期内参加的其他集中培训、校本研修和网络研修是否计入试用期培训的学时"), True,
    PROBATION_CLAUSE,
    assumption=_("文件规定新任教师第一学年须接受不少于120学时的试用期培训，其中集中培训不少于60学时，校本培训与网络研修不少于60学时，"
                 "只按学时和形式规定，没有指定具体的培训项目。门户把试用期内以参训者身份参加的集中培训、校本研修和网络研修的学时"
                 "都计入（考核不合格的不计），以“新任教师试用期培训”项目登记的同样计入；这些培训折算的学分仍按转正年度起登记。"
                 "设为否，则只计以“新任教师试用期培训”项目登记的学时。须由本区教育行政部门确认。"),
)
PROBATION_REVIEW_YEARS = fixed(
    "probation_review_years", _("试用期结束后继续显示试用期培训和转正定级的学年数"), 1, "五(三)",
    assumption=_("文件规定新教师未完成上岗培训规定学分者不得转正定级，没有写转正审核在什么时候；"
                 "门户在试用期结束后一年内仍显示试用期培训和转正定级。须由本区教育行政部门确认。"),
)
PROBATION_FAIL_GIVES_NO_HOURS = fixed(
    "probation_fail_gives_no_hours", _("试用期培训考核不合格是否不计学时"), True, "四(二)",
    assumption=_("文件只说考核不合格的参训教师不能取得该项目学分；试用期培训按学时登记，门户同样不计学时。"
                 "须由本区教育行政部门确认。"),
)


PARAMETERS: tuple[Parameter, ...] = tuple(v for v in globals().values() if isinstance(v, Parameter))


def settings() -> tuple[Parameter, ...]:
    """The values the document does not give, each with its reason."""
    return tuple(p for p in PARAMETERS if p.is_setting)
