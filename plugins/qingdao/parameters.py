"""Every number of the Qingdao / Shinan rules, dated, each with the clause it comes from.

Sources are the two notices in the policy folder:

* ``qingdao-shinan-2017-credit-registration.txt`` (2017-12-04): how credits are registered,
  annex 1 the Shinan credit standard table (11 rows, cited as ``§附件1 第N项``);
* ``qingdao-shinan-2018-training-notice.txt`` (2018-04-13): annex 1 the Qingdao credit
  structure (明白纸) in force "2018 年开始", and the 不超过 / 不低于 notes printed at its end.

A figure the documents give is a plain ``Parameter``. What they leave open is a *setting*:
a ``Parameter`` with an ``assumption`` that says what is open and why the default was
chosen; ``portal rules describe`` lists them and a bureau may override them
(``PORTAL_SETTINGS``, ``portal rules --set name=value``). The value's ``source`` of a
setting is the clause it interprets, so a step that relies on it still cites a clause.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from portal.domain import ActivityRole, Level, Mode, Parameter, RuleVersion, Value

F2017 = "qingdao-shinan-2017-credit-registration.txt"
F2018 = "qingdao-shinan-2018-training-notice.txt"

# The 2017 notice registers the credits of "2017年度" (its title), so its table is taken
# to apply from 2017-01-01. Dates before it get the earliest version anyway (the core's
# rule), so this date changes no figure and is not a setting.
RULES_2017_FROM = date(2017, 1, 1)
# The 明白纸: "2018 年开始教师培训结构体系如下"; "学分应用规定自 2018 年 1 月 1 日开始实施".
RULES_2018_FROM = date(2018, 1, 1)

RULE_VERSIONS = (
    RuleVersion("qingdao-2017", RULES_2017_FROM, f"{F2017} §附件1"),
    RuleVersion("qingdao-2018", RULES_2018_FROM, f"{F2018} §附件1"),
)


def _row(n: int) -> str:
    return f"{F2017} §附件1 第{n}项"


def fixed(name: str, label: str, value, source: str, since: date = RULES_2017_FROM, assumption: str = "",
          choices: tuple = ()) -> Parameter:
    return Parameter.fixed(name, label, value, source, since, assumption, choices)


# Conversion ----------------------------------------------------------------------------

CREDITS_PER_HOUR = Parameter(
    "credits_per_hour", "一般情况下参加培训 1 小时计 1 学时，1 学时计 1 学分",
    (
        Value(RULES_2017_FROM, Decimal(1), f"{_row(6)}（1小时1学时，1学时1学分）"),
        Value(RULES_2018_FROM, Decimal(1), f"{F2018} §附件1（1 小时计 1 学时，1 学时计 1 学分）"),
    ),
)

DAILY_CAP = Parameter(
    "daily_cap", "每天计不超过 8 学分（2017 年标准表未规定）",
    (
        Value(RULES_2017_FROM, None, f"{F2017} §附件1（未规定每日上限）"),
        Value(RULES_2018_FROM, Decimal(8), f"{F2018} §附件1（每天计不超过 8 学分）"),
    ),
)

SCHOOL_BASED_DAILY_CAP = Parameter(
    "school_based_daily_cap", "校本培训每天不超过 6 学分（2017 年标准表未规定）",
    (
        Value(RULES_2017_FROM, None, f"{F2017} §二2（参照各校校本培训标准，未规定每日上限）"),
        Value(RULES_2018_FROM, Decimal(6), f"{F2018} §附件1（其中校本培训每天不超过 6 学分）"),
    ),
)

TEACHING_HOUR_FACTOR = fixed(
    "teaching_hour_factor", "承担培训任务、出课的教师按两倍授课学时登记（1小时2学分）",
    Decimal(2), f"{F2017} §附件1 第1、2、3、5、7项（1小时2学分）",
)


@dataclass(frozen=True)
class Standard:
    """A row's fixed figure: the hours it asks for and the credits registered for them."""

    hours: Decimal
    credits: Decimal


NEW_TEACHER_STANDARD = fixed(
    "new_teacher_standard", "新教师培训：第 N 年的标准学时与登记学分",
    {1: Standard(Decimal(120), Decimal(72)), 2: Standard(Decimal(64), Decimal(64)),
     3: Standard(Decimal(48), Decimal(48))},
    f"{_row(1)}（第一年要达到120学时，按72学分登记；第二年64学时，64学分；第三年48学时，48学分）",
)
NEW_TEACHER_MENTOR_CREDITS = fixed(
    "new_teacher_mentor_credits", "新教师脱岗培训期间的指导教师登记的学分",
    Decimal(100), f"{_row(1)}（脱岗培训期间的指导教师登记100学分）",
)
BACKBONE_STANDARD = fixed(
    "backbone_standard", "骨干教师培训：每年不低于 48 学时，登记 48 学分",
    Standard(Decimal(48), Decimal(48)), f"{_row(2)}（每年不低于48学时，学分登记48学分）",
)
SUBJECT_LEADER_STANDARD = fixed(
    "subject_leader_standard", "学科带头人培训班：每年不低于 90 学时，登记 90 学分",
    Standard(Decimal(90), Decimal(90)), f"{_row(3)}（每年不低于90学时，学分登记90学分）",
)
HEAD_TEACHER_STANDARD = fixed(
    "head_teacher_standard", "班主任培训班：每年不低于 90 学时，登记 90 学分",
    Standard(Decimal(90), Decimal(90)), f"{_row(4)}（每年不低于90学时，登记90学分）",
)
MUSIC_PE_ART_STANDARD = fixed(
    "music_pe_art_standard", "音体美教师培训班：每年不低于 48 学时，登记 48 学分",
    Standard(Decimal(48), Decimal(48)), f"{_row(5)}（每年不低于48学时，学分登记48学分）",
)
TEACHING_RESEARCH_STANDARD = fixed(
    "teaching_research_standard", "教研活动：根据实际出勤，每年计 24 学时、24 学分",
    Standard(Decimal(24), Decimal(24)), f"{_row(7)}（根据实际出勤确定参训教师学分，每年计24学时，24学分）",
)
INTERNET_PLUS_COMPULSORY_CREDITS = fixed(
    "internet_plus_compulsory_credits", "省互联网+：在规定时间内完成必修课程研修任务记的学分",
    Decimal(18), f"{_row(10)}（完成必修课程研修任务，记18学分）",
)
INTERNET_PLUS_ELECTIVE_CREDITS = fixed(
    "internet_plus_elective_credits", "省互联网+：完成选修课程研修任务记的学分",
    Decimal(18), f"{_row(10)}（完成选修课程研修任务，记18学分）",
)

# Settings of conversion: what the table leaves open.

PRORATA_BELOW_STANDARD = fixed(
    "prorata_below_standard", "出勤不足标准学时时按 标准学分÷标准学时 折算（否则不登记学分）",
    True, f"{_row(1)}（第一年要达到120学时，按72学分登记）",
    assumption=(
        "标准表的固定学分以完成标准学时为前提（“要达到120学时”），又要求“根据参训教师学习任务完成情况和实际出勤情况”"
        "登记学分，未写出勤不足时怎么办；默认按 标准学分÷标准学时 折算（至多登记标准学分），"
        "因为这与“按实际出勤登记”一致，而对学分等于学时的各项就是按实际学时登记；设为 false 则不足标准学时不登记学分"
    ),
)
PRORATA_QUANTUM = fixed(
    "prorata_quantum", "折算学分的取舍：保留到该位，四舍五入",
    Decimal("0.1"), f"{_row(1)}（按72学分登记）",
    assumption=(
        "文件未规定折算出的学分保留几位；默认保留一位小数、四舍五入（如 33.3 学时×72/120=19.98 记 20.0），"
        "既不丢掉半小时的出勤，又不出现无法登记的长小数"
    ),
)
GRADE_MISSING_MEANS_PASS = fixed(
    "grade_missing_means_pass", "未给结业评价结果时按合格登记（否则拒绝换算）",
    True, f"{F2017} §附件2 第6步（结业评价：按照参训教师学习任务完成情况和实际出勤登记学分）",
    assumption=(
        "学分在“结业评价”中登记，登记本身即表示完成了学习任务；文件未说没有评价结果的记录怎么办。"
        "默认按合格登记；设为 false 则参训教师须给出结业评价结果（pass 或 fail）。"
        "市级个性化培训无论如何须给出第三方评价结果（第11项：评价合格后登记）"
    ),
)
SCHOOL_LEVEL_IS_SCHOOL_BASED = fixed(
    "school_level_is_school_based", "学校举办的培训（level 为 school）一律按校本培训计",
    True, f"{F2017} §二2（校本培训由学校管理员参照各校校本培训标准登记）",
    assumption=(
        "文件按举办者分区级培训与校本培训（“谁举办谁登记”），未单列学校举办的集中或网络培训；"
        "默认学校举办的都算校本培训（受每天 6 学分、五年 120 学分的限制）；设为 false 则只有 mode 为 school_based 的算校本"
    ),
)
A_CLASS_LEVELS = fixed(
    "a_class_levels", "计入 A 类学分的培训级别（校本培训以外）",
    "national,provincial,city,county", f"{F2018} §附件3后“不低于解释”（以 A 类学分为例，五年累计…低于 240 学分即为不达标）",
    assumption=(
        "文件只以“A 类学分”举例（五年不低于 240），未列 A 类的范围；由 360 = 240 + 120（校本至多计 120）推得："
        "默认校本以外的各级培训（国家、省、市、区）都是 A 类。可改为逗号分隔的级别，如 national,provincial,city；"
        "未列入的级别计为“其他学分”：计入 360，但不计入 A 类"
    ),
)

# Categories ----------------------------------------------------------------------------

A_CLASS = "a_class"
SCHOOL_BASED = "school_based"
OTHER = "other_training"
A_CLASS_SOURCE = f"{F2018} §附件3后“不低于解释”（以 A 类学分为例）"
SCHOOL_BASED_SOURCE = f"{F2018} §附件3后“不超过解释”（以校本培训学分为例）"
OTHER_SOURCE = f"{F2018} §附件1（5 年累计学分 360 学分）"

# Cycle and yearly duties ----------------------------------------------------------------

CYCLE_YEARS = fixed(
    "cycle_years", "原则上每五年为一个周期", 5, f"{F2018} §一（原则上每五年为一个周期）",
)
CYCLE_ANCHOR_YEAR = fixed(
    "cycle_anchor_year", "第一个周期的起始年（周期为自该年起每五个自然年）",
    2018, f"{F2018} §附件1（教师培训学分应用规定自 2018 年 1 月 1 日开始实施）",
    assumption=(
        "文件只说“原则上每五年为一个周期”，未给周期从哪年算起；默认从学分应用规定实施的 2018 年算起"
        "（2018—2022、2023—2027 …），周期按自然年"
    ),
)
CYCLE_REQUIRED = fixed(
    "cycle_required", "每周期不少于 360 学分", Decimal(360), f"{F2018} §一（每周期内…应完成不少于360学分）",
)
YEARLY_REQUIRED = fixed(
    "yearly_required", "每年不少于 48 学分（仅用于当年年度考核：达不到不得评为优秀）",
    Decimal(48), f"{F2018} §附件1（每年不低于 48 学分的要求，仅用于当年教师年度考核中）",
)
SCHOOL_BASED_CYCLE_CAP = fixed(
    "school_based_cycle_cap", "五年内校本培训学分至多计 120（超过按 120 计）",
    Decimal(120), f"{F2018} §附件3后“不超过解释”（达到或超过 120 学分，按照 120 学分计算）", since=RULES_2018_FROM,
)
A_CLASS_CYCLE_MINIMUM = fixed(
    "a_class_cycle_minimum", "五年内 A 类学分不低于 240（低于即不达标）",
    Decimal(240), f"{F2018} §附件3后“不低于解释”（低于 240 学分，即为不达标）", since=RULES_2018_FROM,
)
PERSONALIZED_MINIMUM = fixed(
    "personalized_minimum", "每位教师 5 年内参与市级个性化培训不少于 3 次",
    3, f"{F2018} §二（确保每位教师5年内参与市级个性化培训不少于3次）", since=RULES_2018_FROM,
)

# Compulsory content, recorded on projects as topic codes (2018 notice §三)

COMPULSORY_TOPICS = {
    "ethics": "师德师风",
    "mental_health": "心理健康",
    "it": "信息技术",
    "child_protection_law": "儿童保护法律教育",
    "financial_literacy": "财经素养",
}
COMPULSORY_TOPICS_SOURCE = f"{F2018} §三（将师德师风、心理健康、信息技术、儿童保护法律教育、财经素养等作为培训的必修内容）"
COMPULSORY_TOPICS_TIMES = fixed(
    "compulsory_topics_times", "每项必修内容本周期内至少参加的次数（学分大于 0 的培训）",
    1, COMPULSORY_TOPICS_SOURCE, since=RULES_2018_FROM,
    assumption=(
        "文件把师德师风等五项列为“培训的必修内容”，未给期限与次数；默认每项在本周期内至少参加一次"
        "（有学分的培训，培训项目的 topics 记有该内容）"
    ),
)

# Uses of credits (in force from 2018-01-01) ---------------------------------------------

APPLICATION_FROM = fixed(
    "application_from", "教师培训学分应用规定实施日期",
    RULES_2018_FROM, f"{F2018} §附件1（教师培训学分应用规定自 2018 年 1 月 1 日开始实施）",
)
TITLE_JUNIOR = fixed(
    "title_junior", "初级职称评审：近一年内不少于 72 学分（年数, 学分）",
    (1, Decimal(72)), f"{F2018} §附件1(一)（初级职称评审，其近一年内培训学分不少于 72学分）", since=RULES_2018_FROM,
)
TITLE_INTERMEDIATE = fixed(
    "title_intermediate", "中级职称评审：按任职年限，近 N 年内不少于对应学分（年数 → 学分）",
    {1: Decimal(72), 3: Decimal(216), 4: Decimal(288)},
    f"{F2018} §附件1(一)（任职一年 72，任职三年 216，任职四年及以上 288）", since=RULES_2018_FROM,
)
TITLE_INTERMEDIATE_TWO_YEARS = fixed(
    "title_intermediate_two_years", "中级职称评审、任职两年：近两年内不少于的学分",
    Decimal(144), f"{F2018} §附件1(一)（任职一年 72，任职三年 216）", since=RULES_2018_FROM,
    assumption=(
        "文件只列任职一年、三年、四年及以上的申报人员，未写任职两年的；默认按同一比例（每年 72）取近两年 144"
    ),
)
TITLE_SENIOR = fixed(
    "title_senior", "高级与正高级职称评审：近五年内不少于 360 学分（年数, 学分）",
    (5, Decimal(360)), f"{F2018} §附件1(一)（高级职称和正高级职称评审时，其近五年内培训学分不少于 360 学分）",
    since=RULES_2018_FROM,
)
CERTIFICATE = fixed(
    "certificate_registration", "教师资格定期注册：每五年一注册，五年 360 学分（年数, 学分）",
    (5, Decimal(360)), f"{F2018} §附件1(二)（每五年一注册，达不到五年360 学分要求的…暂缓注册）", since=RULES_2018_FROM,
)
AWARDS = fixed(
    "awards", "评优评先：近五年内不少于 360 学分（年数, 学分）",
    (5, Decimal(360)), f"{F2018} §附件1(四)（参评者近五年内培训学分不少于 360 学分）", since=RULES_2018_FROM,
)
ANNUAL_RATING_SOURCE = f"{F2018} §附件1(三)（达不到最低培训学分（48 分）要求的，其年度考核不得确定为优秀等次）"

# Settings of the uses: how the windows are counted.

RECENT_YEARS_WINDOW = fixed(
    "recent_years_window", "“近 N 年内”的算法：rolling（截至当日向前 N 年）或 calendar（含当年在内的 N 个自然年）",
    "rolling", f"{F2018} §附件1(一)（近一年内、近三年内、近四年内、近五年内）", since=RULES_2018_FROM,
    assumption=(
        "文件写“近一年内”“近五年内”，未说按自然年还是按日期；默认截至判断当日向前滚动 N 年（含当日），"
        "这样每天都能说清还差多少；设为 calendar 则取含当年在内的 N 个自然年"
    ),
    choices=("rolling", "calendar"),
)
FIVE_YEAR_USES_LIKE_CYCLE = fixed(
    "five_year_uses_like_cycle", "近五年 360 学分的各项用途与周期同一口径：校本至多计 120，A 类不低于 240",
    True, f"{F2018} §附件1（以上学分统计均按照应用周期内累计得分计算）", since=RULES_2018_FROM,
    assumption=(
        "“不超过”“不低于”两条解释写在五年累计 360 学分之下，文件未明说高级职称、资格注册、评优的“五年 360 学分”"
        "是否同样适用；默认适用（“以上学分统计均按照应用周期内累计得分计算”）；设为 false 则按所得学分合计"
    ),
)
CERTIFICATE_BY_CYCLE = fixed(
    "certificate_by_cycle", "教师资格定期注册按培训周期（而非截至当日的近五年）统计 360 学分",
    True, f"{F2018} §附件1(二)（每五年一注册，达不到五年360 学分要求的…暂缓注册）", since=RULES_2018_FROM,
    assumption=(
        "“五年 360 学分”即每周期 360 学分（§一），而门户不记录教师资格证的注册日期；默认按本周期统计，"
        "截止周期末；设为 false 则按截至当日的近五年统计"
    ),
)


# Rows of the Shinan credit standard table (2017 annex 1) ---------------------------------


@dataclass(frozen=True)
class Row:
    """A row of the Shinan credit standard table: a program ``Activity.program`` may name."""

    code: str
    label: str
    source: str
    level: Level | None  # the level the row belongs to; None: any
    how: str  # "fixed" (standard credits), "hourly" (1:1), "task" (on completion), "certified"
    detail: str
    standard: Parameter | None = None  # Standard, or {service year: Standard}
    task_credits: Parameter | None = None
    teaching_roles: frozenset[ActivityRole] = frozenset()  # roles credited 2 per teaching hour
    mentor_credits: Parameter | None = None
    needs_evaluation: bool = False  # credits only after the third-party evaluation is passed


TEACHING = frozenset({ActivityRole.INSTRUCTOR, ActivityRole.PRESENTER})
PROGRAM_MODES = frozenset({Mode.CENTRALIZED, Mode.ONLINE})
NEXT_JANUARY = "承担单位在次年1月登记学分"
WITHIN_A_WEEK = "承担单位在培训结束一周内登记学分"

ROWS: tuple[Row, ...] = (
    Row("new_teacher", "市南区新教师培训", _row(1), Level.COUNTY, "fixed",
        "第一年 120 学时登记 72 学分，第二年 64/64，第三年 48/48（service_year 给第几年）；"
        "脱岗培训期间的指导教师 100 学分；承担培训任务的教师 1 小时 2 学分；" + NEXT_JANUARY,
        standard=NEW_TEACHER_STANDARD, teaching_roles=TEACHING, mentor_credits=NEW_TEACHER_MENTOR_CREDITS),
    Row("backbone", "市南区骨干教师培训", _row(2), Level.COUNTY, "fixed",
        "每年 48 学时登记 48 学分；承担培训任务的教师 1 小时 2 学分；" + NEXT_JANUARY,
        standard=BACKBONE_STANDARD, teaching_roles=TEACHING),
    Row("subject_leader", "市南区学科带头人培训班", _row(3), Level.COUNTY, "fixed",
        "每年 90 学时登记 90 学分；承担培训任务的教师 1 小时 2 学分；" + NEXT_JANUARY,
        standard=SUBJECT_LEADER_STANDARD, teaching_roles=TEACHING),
    Row("head_teacher", "市南区班主任培训班", _row(4), Level.COUNTY, "fixed",
        "每年 90 学时登记 90 学分；" + NEXT_JANUARY,
        standard=HEAD_TEACHER_STANDARD),
    Row("music_pe_art", "市南区音体美教师培训班", _row(5), Level.COUNTY, "fixed",
        "每年 48 学时登记 48 学分；承担培训任务的教师 1 小时 2 学分；" + NEXT_JANUARY,
        standard=MUSIC_PE_ART_STANDARD, teaching_roles=TEACHING),
    Row("cadre", "市南区干部培训", _row(6), Level.COUNTY, "hourly",
        "按实际参训学时，1 小时 1 学分；" + WITHIN_A_WEEK),
    Row("teaching_research", "市南区教研活动", _row(7), Level.COUNTY, "fixed",
        "按实际出勤，每年计 24 学时、24 学分；出课（讲座或大会主旨发言）的教师 1 小时 2 学分；" + NEXT_JANUARY,
        standard=TEACHING_RESEARCH_STANDARD, teaching_roles=TEACHING),
    Row("topic", "市南区各类专题培训", _row(8), Level.COUNTY, "hourly",
        "按实际参训学时，1 小时 1 学分；" + WITHIN_A_WEEK),
    Row("other", "其他情况（区教育研究中心据实认定）", _row(9), None, "certified",
        "由市南区教育研究中心据实认定学分（base_credits 给认定的学分）"),
    Row("internet_plus_compulsory", "省互联网+教师专业发展（必修）", _row(10), Level.PROVINCIAL, "task",
        "在规定时间内完成必修课程研修任务记 18 学分（grade=fail 表示未完成），平台自动登记",
        task_credits=INTERNET_PLUS_COMPULSORY_CREDITS),
    Row("internet_plus_elective", "省互联网+教师专业发展（选修）", _row(10), Level.PROVINCIAL, "task",
        "完成选修课程研修任务记 18 学分（grade=fail 表示未完成），平台自动登记",
        task_credits=INTERNET_PLUS_ELECTIVE_CREDITS),
    Row("city_personalized", "基于教师需求的市级教师个性化培训", _row(11), Level.CITY, "hourly",
        "按实际参训学时，1 小时 1 学分；参训教师第三方网络评价合格后随即登记（grade 须给 pass 或 fail）",
        needs_evaluation=True),
)
ROW_BY_CODE = {r.code: r for r in ROWS}


def all_parameters() -> list[Parameter]:
    """Every parameter of the region, in the order of this module (for ``portal_parameters``)."""
    return [v for v in globals().values() if isinstance(v, Parameter)]
