"""Every number of the Qingdao / Shinan rules, dated, each with the clause it comes from.

Sources are the two notices in ``documents/``:

* ``qingdao-shinan-2017-credit-registration.txt`` (2017-12-04): how credits are registered,
  annex 1 the Shinan credit standard table (11 rows, cited as ``§附件1 第N项``);
* ``qingdao-shinan-2018-training-notice.txt`` (2018-04-13): annex 1 the Qingdao credit
  structure (明白纸) in force "2018 年开始", and the 不超过 / 不低于 notes printed after annex 3.

A figure the documents give is a plain ``Parameter`` citing the clause that holds it. What
they leave open is a *setting*: a ``Parameter`` with an ``assumption`` that says what is open,
where the default comes from and that the bureau must confirm it; ``portal rules describe``
lists them and a bureau may override them (``PORTAL_SETTINGS``, ``portal rules --set
name=value``). A setting's ``source`` is the clause it interprets.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from portal.domain import ActivityRole, Level, Mode, Parameter, RuleVersion, Value
from portal.domain.amounts import credits, times
from portal.domain.labels import codes_in_words
from portal.domain.tenure import PARTIAL_PERIOD_WORDS, PartialPeriod
from portal.domain.text import listing

from .words import LEVEL_NAMES, _, ngettext

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


def fixed(name: str, label, value, source: str, since: date = RULES_2017_FROM, assumption="",
          choices: tuple = (), words=None) -> Parameter:
    return Parameter.fixed(name, label, value, source, since, assumption, choices, words)


# Conversion ----------------------------------------------------------------------------

CREDITS_PER_HOUR = Parameter(
    "credits_per_hour", _("一般情况下参加培训 1 小时计 1 学时，1 学时计 1 学分"),
    (
        Value(RULES_2017_FROM, Decimal(1), f"{_row(6)}（1小时1学时，1学时1学分）"),
        Value(RULES_2018_FROM, Decimal(1), f"{F2018} §附件1（1 小时计 1 学时，1 学时计 1 学分）"),
    ),
)

DAILY_CAP = Parameter(
    "daily_cap", _("每天计不超过的学分（2017 年标准表未规定）"),
    (
        Value(RULES_2017_FROM, None, f"{F2017} §附件1"),
        Value(RULES_2018_FROM, Decimal(8), f"{F2018} §附件1（每天计不超过 8 学分）"),
    ),
)

SCHOOL_BASED_DAILY_CAP = Parameter(
    "school_based_daily_cap", _("校本培训每天不超过的学分（2017 年标准表未规定）"),
    (
        Value(RULES_2017_FROM, None, f"{F2017} §二2（参照各校校本培训标准登记学分）"),
        Value(RULES_2018_FROM, Decimal(6), f"{F2018} §附件1（其中校本培训每天不超过 6 学分）"),
    ),
)

TEACHING_HOUR_FACTOR = fixed(
    "teaching_hour_factor", _("承担培训任务、出课的教师按两倍授课学时登记（1小时2学分）"),
    Decimal(2), f"{F2017} §附件1 第1、2、3、5、7项（1小时2学分）",
)


@dataclass(frozen=True)
class Standard:
    """A row's fixed figure: the hours it asks for and the credits registered for them."""

    hours: Decimal
    credits: Decimal


NEW_TEACHER_STANDARD = fixed(
    "new_teacher_standard", _("新教师培训：第一至第三年的标准学时与登记学分"),
    {1: Standard(Decimal(120), Decimal(72)), 2: Standard(Decimal(64), Decimal(64)),
     3: Standard(Decimal(48), Decimal(48))},
    f"{_row(1)}（第一年要达到120学时，按72学分登记；第二年64学时，64学分；第三年48学时，48学分）",
)
NEW_TEACHER_MENTOR_CREDITS = fixed(
    "new_teacher_mentor_credits", _("新教师脱岗培训期间的指导教师登记的学分"),
    Decimal(100), f"{_row(1)}（脱岗培训期间的指导教师登记100学分）",
)
BACKBONE_STANDARD = fixed(
    "backbone_standard", _("骨干教师培训：每年不低于 48 学时，登记 48 学分"),
    Standard(Decimal(48), Decimal(48)), f"{_row(2)}（每年不低于48学时，学分登记48学分）",
)
SUBJECT_LEADER_STANDARD = fixed(
    "subject_leader_standard", _("学科带头人培训班：每年不低于 90 学时，登记 90 学分"),
    Standard(Decimal(90), Decimal(90)), f"{_row(3)}（每年不低于90学时，学分登记90学分）",
)
HEAD_TEACHER_STANDARD = fixed(
    "head_teacher_standard", _("班主任培训班：每年不低于 90 学时，登记 90 学分"),
    Standard(Decimal(90), Decimal(90)), f"{_row(4)}（每年不低于90学时，登记90学分）",
)
MUSIC_PE_ART_STANDARD = fixed(
    "music_pe_art_standard", _("音体美教师培训班：每年不低于 48 学时，登记 48 学分"),
    Standard(Decimal(48), Decimal(48)), f"{_row(5)}（每年不低于48学时，学分登记48学分）",
)
TEACHING_RESEARCH_STANDARD = fixed(
    "teaching_research_standard", _("教研活动：根据实际出勤，每年计 24 学时、24 学分"),
    Standard(Decimal(24), Decimal(24)), f"{_row(7)}（根据实际出勤确定参训教师学分，每年计24学时，24学分）",
)
INTERNET_PLUS_COMPULSORY_CREDITS = fixed(
    "internet_plus_compulsory_credits", _("省互联网+：在规定时间内完成必修课程研修任务记的学分"),
    Decimal(18), f"{_row(10)}（完成必修课程研修任务，记18学分）",
)
INTERNET_PLUS_ELECTIVE_CREDITS = fixed(
    "internet_plus_elective_credits", _("省互联网+：完成选修课程研修任务记的学分"),
    Decimal(18), f"{_row(10)}（完成选修课程研修任务，记18学分）",
)

# Settings of conversion: what the table leaves open.

TASKS_ONCE_A_YEAR = fixed(
    "tasks_once_a_year", _("省互联网+的必修、选修课程研修任务每年各记一次"),
    True, f"{_row(10)}（教师在规定时间内完成必修课程研修任务，记18学分）",
    assumption=_(
        "标准表第10项按研修任务记学分（完成必修记 18 学分，完成选修记 18 学分），没有写“每年”；省“互联网+教师专业发展”"
        "工程按年度实施（2018 年通知第一部分所说的《关于印发2018年“互联网+教师专业发展”工程实施方案的通知》），"
        "每年有一次必修任务和一次选修任务。默认同一年的必修（或选修）记录合计至多记 18 学分，重复的记录不重复计入；"
        "否则每条记录各记 18 学分。请区教育研究中心确认"
    ),
)

PRORATA_BELOW_STANDARD = fixed(
    "prorata_below_standard", _("出勤不足标准学时时按比例折算学分"),
    True, f"{_row(1)}（第一年要达到120学时，按72学分登记）",
    assumption=_(
        "标准表的固定学分以完成标准学时为前提（“要达到120学时”），又要求“根据参训教师学习任务完成情况和实际出勤情况”"
        "登记学分，没有写出勤不足标准学时怎么办。默认按“标准学分÷标准学时”折算（至多登记标准学分），"
        "与“按实际出勤登记”一致，对学分等于学时的各项就是按实际学时登记；若不折算，出勤不足标准学时的不登记学分。"
        "请区教育研究中心确认"
    ),
)
PRORATA_QUANTUM = fixed(
    "prorata_quantum", _("折算学分保留到的位数（四舍五入）"),
    Decimal("0.1"), f"{_row(1)}（按72学分登记）",
    assumption=_(
        "文件没有规定折算出的学分保留几位。默认保留一位小数、四舍五入（如 33.3 学时×72÷120=19.98，登记 20.0），"
        "既不丢掉半小时的出勤，也不出现无法登记的长小数。请区教育研究中心确认"
    ),
)
GRADE_MISSING_MEANS_PASS = fixed(
    "grade_missing_means_pass", _("没有结业评价结果时按合格登记"),
    True, f"{F2017} §附件2 第6步（按照参训教师学习任务完成情况和实际出勤登记学分）",
    assumption=_(
        "学分在“结业评价”中登记，登记本身即表示完成了学习任务；文件没有说没有评价结果的记录怎么办。"
        "默认按合格登记；若不按合格登记，参训教师须给出结业评价结果（合格或不合格）。"
        "市级个性化培训无论如何须给出结业评价结果（2018 年通知附件2 六：按照培训机构的相关要求完成培训，"
        "并对培训课程进行评价，即可获取学分）。请区教育研究中心确认"
    ),
)
# No clause gives the results a 结业评价 takes: 附件2 第6步 registers credits "按照参训教师学习任务完成情况和
# 实际出勤", 附件1 第11项 registers them once the evaluation is 合格; neither lists the grades. That only
# 合格 and 不合格 are taken is the district's setting, citing no clause (its source is empty).
PASS_FAIL_ONLY = fixed(
    "pass_fail_only", _("结业评价只分合格、不合格（不收优、良）"),
    True, "",
    assumption=_(
        "文件没有规定结业评价分几个等次：登记学分时看“学习任务完成情况和实际出勤”，市级个性化培训在评价“合格后”"
        "登记学分，都只问合格与否，没有列出优、良。默认结业评价只分合格、不合格，填优或良的不予登记；"
        "也可设为收优、良，按合格登记学分（不另加学分）。请区教育研究中心确认"
    ),
)
SCHOOL_LEVEL_IS_SCHOOL_BASED = fixed(
    "school_level_is_school_based", _("学校举办的培训一律按校本培训计"),
    True, f"{F2017} §二2（参照各校校本培训标准登记学分）",
    assumption=_(
        "文件按举办者分区级培训与校本培训（“谁举办谁登记”），没有单列学校举办的集中培训或网络研修。"
        "默认学校举办的都算校本培训（受每天 6 学分、五年 120 学分的限制）；否则只有培训形式为校本培训的才算。"
        "请区教育研究中心确认"
    ),
)


def levels_in_words(raw: str):
    """国家级、省级、市级、区（市县）级; ``None`` (the raw value shown) for a list that is no list of levels."""
    return codes_in_words(raw, LEVEL_NAMES, Level)


A_CLASS_LEVELS = fixed(
    "a_class_levels", _("计入 A 类学分的培训级别（校本培训以外）"),
    "national,provincial,city,county",
    f"{F2018} §附件3后（不低于解释：以 A 类学分为例，五年累计低于、达到、高于 240 学分）",
    assumption=_(
        "文件只以“A 类学分”举例（五年不低于 240），没有列出 A 类的范围。由 360 = 240 + 120（校本至多计 120）推得："
        "默认校本培训以外的国家级、省级、市级、区级培训都是 A 类。区里可以只列其中几级；"
        "没有列入的级别计为“其他学分”：计入 360，但不计入 A 类。请区教育研究中心确认"
    ),
    words=levels_in_words,
)

# Categories ----------------------------------------------------------------------------

A_CLASS = "a_class"
SCHOOL_BASED = "school_based"
OTHER = "other_training"

# Cycle and yearly duties ----------------------------------------------------------------

CYCLE_YEARS = fixed(
    "cycle_years", _("原则上每五年为一个周期"), 5, f"{F2018} §一（原则上每五年为一个周期）",
)
CYCLE_ANCHOR_YEAR = fixed(
    "cycle_anchor_year", _("第一个周期的起始年（此后每五个自然年为一个周期）"),
    2018, f"{F2018} §附件1（教师培训学分应用规定自 2018 年 1 月 1 日开始实施）",
    assumption=_(
        "文件只说“原则上每五年为一个周期”，没有说周期从哪年算起。默认从学分应用规定实施的 2018 年算起"
        "（2018 – 2022 年、2023 – 2027 年……），周期按自然年。请区教育研究中心确认"
    ),
)
CYCLE_REQUIRED = fixed(
    "cycle_required", _("每周期不少于 360 学分"), Decimal(360),
    f"{F2018} §一（中小学教师应完成不少于360学分）",
)
YEARLY_REQUIRED = fixed(
    "yearly_required", _("每年不少于 48 学分（仅用于当年年度考核：达不到的不得评为优秀）"),
    Decimal(48), f"{F2018} §附件1（每年不低于 48 学分的要求，仅用于当年教师年度考核中）",
)
SCHOOL_BASED_CYCLE_CAP = fixed(
    "school_based_cycle_cap", _("五年内校本培训学分至多计 120（超过按 120 计）"),
    Decimal(120), f"{F2018} §附件3后（不超过解释：以校本培训学分为例，五年累计达不到 120 学分）",
    since=RULES_2018_FROM,
)
A_CLASS_CYCLE_MINIMUM = fixed(
    "a_class_cycle_minimum", _("五年内 A 类学分不低于 240（低于即不达标）"),
    Decimal(240), A_CLASS_LEVELS.values[0].source, since=RULES_2018_FROM,
)
PERSONALIZED_MINIMUM = fixed(
    "personalized_minimum", _("每位教师 5 年内参与市级个性化培训不少于 3 次"),
    3, f"{F2018} §二（确保每位教师5年内参与市级个性化培训不少于3次）", since=RULES_2018_FROM,
)

# Tenure: a year or cycle the teacher was in post for only in part (the documents are silent).

PARTIAL_YEAR = fixed(
    "partial_year", _("入职、调入或经批准离岗不满全年的那一年，每年 48 学分的要求"),
    PartialPeriod.PRORATA, YEARLY_REQUIRED.values[0].source, since=RULES_2017_FROM,
    assumption=_(
        "文件规定每年不少于 48 学分，没有说年中入职、调入或经批准离岗的教师那一年怎么算。"
        "入职、调入以前和整月离岗的月份一律不计；默认按在岗月数折算（如 9 月入职，当年要求 48×4÷12=16 学分），"
        "也可设为按全额要求或当年不作要求。请区教育研究中心确认"
    ),
    choices=tuple(PartialPeriod), words=PARTIAL_PERIOD_WORDS.get,
)
PARTIAL_CYCLE = fixed(
    "partial_cycle", _("周期内入职、调入或经批准离岗的教师，本周期 360 学分（及 A 类 240 学分）的要求"),
    PartialPeriod.PRORATA, CYCLE_REQUIRED.values[0].source, since=RULES_2017_FROM,
    assumption=_(
        "文件规定每周期不少于 360 学分、其中 A 类不低于 240，没有说周期中途入职、调入或经批准离岗的教师怎么算。"
        "入职、调入以前和整月离岗的月份一律不计；默认按在岗月数折算（如在岗 16 个月，要求 360×16÷60=96 学分，"
        "A 类 240×16÷60=64 学分，5 年 3 次个性化培训同样折算；必修内容不能折算，每项仍须参加），也可设为按全额要求或本周期不作要求。"
        "请区教育研究中心确认"
    ),
    choices=tuple(PartialPeriod), words=PARTIAL_PERIOD_WORDS.get,
)

# Compulsory content, recorded on projects as topic codes (2018 notice §三)

COMPULSORY_TOPICS = {
    "ethics": _("师德师风"),
    "mental_health": _("心理健康"),
    "it": _("信息技术"),
    "child_protection_law": _("儿童保护法律教育"),
    "financial_literacy": _("财经素养"),
}
COMPULSORY_TOPICS_SOURCE = (
    f"{F2018} §三（将师德师风、心理健康、信息技术、儿童保护法律教育、财经素养等作为培训的必修内容）"
)
# Layers and categories (分层分类) a district training is for, and a teacher belongs to: the
# groups the Shinan standard table's rows name as their participants (rows 1–4; rows 5–8 are
# for every teacher of some subjects, or the cadres, and row 7 for each subject teacher). A
# teacher's layer and a project's are chosen from this list, so that they match (a typed
# 新任教师 never matched a 新教师 project).
LAYERS_SOURCE = (f"{_row(1)}（面向初小幼新教师）、{_row(2)}（面向市南区骨干教师班学员）、"
                 f"{_row(3)}（面向市南区学科带头人班学员）、{_row(4)}（面向市南区班主任培训班学员）")
PROJECT_LAYERS = fixed(
    "project_layers", _("培训项目可面向的分层分类"), (_("新教师"), _("骨干教师"), _("学科带头人"), _("班主任")),
    LAYERS_SOURCE, words=listing,
)


def layers(on: date) -> tuple[tuple[str, object], ...]:
    """The layers and categories on ``on``: (the name kept, in Chinese as the teachers'
    information records it; its words in the reader's language)."""
    return tuple((getattr(name, "msgid", str(name)), name) for name in PROJECT_LAYERS.at(on))


COMPULSORY_TOPICS_TIMES = fixed(
    "compulsory_topics_times", _("每项必修内容每周期至少参加的次数"),
    1, COMPULSORY_TOPICS_SOURCE, since=RULES_2018_FROM,
    assumption=_(
        "文件把师德师风等五项列为“培训的必修内容”，没有给期限和次数。默认每项在本周期内至少参加一次"
        "有学分、培训项目记有该内容的培训。请区教育研究中心确认"
    ),
    words=times,
)

# Uses of credits (in force from 2018-01-01) ---------------------------------------------

APPLICATION_FROM = fixed(
    "application_from", _("教师培训学分应用规定实施日期"),
    RULES_2018_FROM, f"{F2018} §附件1（教师培训学分应用规定自 2018 年 1 月 1 日开始实施）",
)
TITLES_CLAUSE = f"{F2018} §附件1(一)（教师参加中级职称评审时）"
TITLE_JUNIOR = fixed(
    "title_junior", _("初级职称评审：近一年内不少于 72 学分（年数，学分）"),
    (1, Decimal(72)), f"{F2018} §附件1(一)（初级职称评审，其近一年内培训学分不少于 72学分）", since=RULES_2018_FROM,
)
# The figures' own words, each quoted where it stands (the clause's opening words alone held none of them).
TITLES_INTERMEDIATE_SOURCE = (
    f"{F2018} §附件1(一)（任职一年申报人员，近一年内培训学分不少于 72 学分）、"
    "§附件1(一)（任职三年申报人员，其近三年内培训学分不少于 216 学分）、"
    "§附件1(一)（任职四年及以上申报人员，其近四年内培训学分不少于 288 学分）"
)
TITLE_INTERMEDIATE = fixed(
    "title_intermediate", _("中级职称评审：按任职年限，近 N 年内不少于对应学分（年数 → 学分）"),
    {1: Decimal(72), 3: Decimal(216), 4: Decimal(288)}, TITLES_INTERMEDIATE_SOURCE, since=RULES_2018_FROM,
)
TITLE_INTERMEDIATE_TWO_YEARS = fixed(
    "title_intermediate_two_years", _("中级职称评审：任职两年的申报人员近两年内不少于的学分"),
    Decimal(144), TITLES_CLAUSE, since=RULES_2018_FROM,
    assumption=_(
        "文件只列任职一年、三年、四年及以上的申报人员，没有写任职两年的。默认按同一比例（每年 72 学分）"
        "取近两年 144 学分。请区教育研究中心确认"
    ),
    words=credits,
)
TITLE_SENIOR = fixed(
    "title_senior", _("高级与正高级职称评审：近五年内不少于 360 学分（年数，学分）"),
    (5, Decimal(360)), f"{F2018} §附件1(一)（高级职称和正高级职称评审时，其近五年内培训学分不少于 360 学分）",
    since=RULES_2018_FROM,
)
CERTIFICATE_CLAUSE = f"{F2018} §附件1（在职教师的教师资格证书每五年一注册，达不到五年360 学分要求的教师，其教师资格证书暂缓注册）"
CERTIFICATE = fixed(
    "certificate_registration", _("教师资格定期注册：每五年一注册，五年 360 学分（年数，学分）"),
    (5, Decimal(360)), CERTIFICATE_CLAUSE, since=RULES_2018_FROM,
)
AWARDS = fixed(
    "awards", _("评优评先：近五年内不少于 360 学分（年数，学分）"),
    (5, Decimal(360)), f"{F2018} §附件1(四)（参评者近五年内培训学分不少于 360 学分）", since=RULES_2018_FROM,
)
ANNUAL_RATING_SOURCE = f"{F2018} §附件1(三)（其年度考核不得确定为优秀等次）"

# Settings of the uses: how the windows are counted.

RECENT_YEARS_WORDS = {
    "rolling": _("截至判断当日向前滚动计算（含当日）"),
    "calendar": _("按自然年计算（含当年）"),
}
RECENT_YEARS_WINDOW = fixed(
    "recent_years_window", _("“近 N 年内”的算法"),
    "rolling", f"{F2018} §附件1(一)（教师参加中级职称评审时）", since=RULES_2018_FROM,
    assumption=_(
        "文件写“近一年内”“近五年内”，没有说按自然年还是按日期。默认截至判断当日向前滚动 N 年（含当日），"
        "这样每天都能说清还差多少；也可改为含当年在内的 N 个自然年。请区教育研究中心确认"
    ),
    choices=tuple(RECENT_YEARS_WORDS), words=RECENT_YEARS_WORDS.get,
)
FIVE_YEAR_USES_LIKE_CYCLE = fixed(
    "five_year_uses_like_cycle", _("近五年 360 学分的各项用途与周期同一口径（校本至多计 120，A 类不低于 240）"),
    True, f"{F2018} §附件1（以上学分统计均按照应用周期内累计得分计算）", since=RULES_2018_FROM,
    assumption=_(
        "“不超过”“不低于”两条解释写在五年累计 360 学分之下，文件没有明说高级职称评审、评优评先的“近五年 360 学分”"
        "是否同样适用。默认适用（“以上学分统计均按照应用周期内累计得分计算”）；否则按所得学分合计。"
        "请区教育研究中心确认"
    ),
)
CERTIFICATE_BY_CYCLE = fixed(
    "certificate_by_cycle", _("教师资格定期注册按培训周期统计 360 学分（而非截至当日的近五年）"),
    True, CERTIFICATE_CLAUSE, since=RULES_2018_FROM,
    assumption=_(
        "“五年 360 学分”即每周期 360 学分（通知一），而门户不记录教师资格证的注册日期。默认按本周期统计、"
        "与周期同一结论，截止周期末；否则按截至当日的近五年统计。请区教育研究中心确认"
    ),
)


def months(n: int):
    return ngettext("{n} 个月", "{n} 个月", n)


# Registration follows a five-year cycle and judges that cycle; the documents do not say when it
# happens, so the length of the registration period after a cycle's end is a setting.
CERTIFICATE_REGISTRATION_MONTHS = fixed(
    "certificate_registration_months", _("教师资格定期注册：周期结束后的注册期（月数），其间按刚结束的周期判断"),
    12, CERTIFICATE_CLAUSE, since=RULES_2018_FROM,
    assumption=_(
        "文件只说“每五年一注册”，达不到五年 360 学分的暂缓注册，没有说何时注册。注册在一个周期结束之后、"
        "按该周期的学分判断；默认周期结束后的 12 个月（次年全年）为注册期，其间按刚结束的周期判断，此后按本周期的进度。"
        "请区教育研究中心确认"
    ),
    words=months,
)


# Enrolling on the personalized-training platform (2018 notice annex 2) -----------------------

# The notice's date: annex 2 describes the 睿师汇 platform as it ran when the notice was issued.
PLATFORM_FROM = date(2018, 4, 13)


def minutes(n: int):
    return ngettext("{n} 分钟", "{n} 分钟", n)


PAYMENT_MINUTES = fixed(
    "payment_minutes", _("点击“报名”按钮后须完成支付的时限（逾期系统自动取消报名）"),
    30, f"{F2018} §附件2 四6（点击“报名”按钮后需在30分钟内完成支付，逾期系统将自动取消报名）",
    since=PLATFORM_FROM, words=minutes,
)


# When credits are registered (2017 annex 1, the column 学分审核认定要求) -------------------------

# Rows 1–5 and 7, the district's yearly classes (每年不低于 N 学时), register their credits "在次年1月",
# in January of the year after the training: a window (that month), not only a last day. Rows 6 and
# 8, single trainings counted by the hour, register them "在培训结束一周内". Row 9 (据实认定), row 10
# (the platform registers by itself) and row 11 (随即, right after the evaluation: no span of days)
# give no date to hold a registration to; nor does §二2 for a school's own training.
#
# §三 (完成时间 2017年12月25日前) dates the registration work of that notice, the 2017 campaign on the
# new platform, which the rows' "次年1月" could not have met for 2017's yearly classes: it is that
# campaign's date, not a standing rule, and the portal holds no entry to it.
NEXT_JANUARY = "next_january"
WEEK_AFTER_END = "week_after_end"
NEXT_JANUARY_SOURCE = f"{F2017} §附件1 第1、2、3、4、5、7项（在次年1月登记学分）"
WEEK_AFTER_END_SOURCE = f"{F2017} §附件1 第6、8项（在培训结束一周内）"

REGISTRATION_MONTH = fixed(
    "registration_month", _("区级年度培训班在培训次年的几月登记学分"), 1, NEXT_JANUARY_SOURCE,
)
REGISTRATION_WEEKS = fixed(
    "registration_weeks", _("干部培训、专题培训在培训结束后几周内登记学分"), 1, WEEK_AFTER_END_SOURCE,
)
LATE_REGISTRATION_REFUSED = fixed(
    "late_registration_refused", _("逾期不再登记学分（过了登记时间不能提交审核）"),
    False, f"{NEXT_JANUARY_SOURCE}、§附件1 第6、8项（在培训结束一周内）",
    assumption=_(
        "标准表写了登记学分的时间（区级年度培训班“在次年1月”，干部培训、专题培训“在培训结束一周内”），"
        "没有说过了时间怎么办。默认逾期仍可提交审核，门户记下逾期登记；也可设为逾期不能提交审核。"
        "请区教育研究中心确认"
    ),
)


# Rows of the Shinan credit standard table (2017 annex 1) ---------------------------------

# A row's standard is a year's credits: 每年计24学时，24学分 (row 7), 每年不低于48学时 (rows 2, 5) ...
ROW_YEARLY_SOURCE = f"{_row(7)}（每年计24学时，24学分）"


# What rows 1–8 ask of the unit running the training before its credits are registered.
UPLOADED = "承担培训项目单位通过“教师教育平台”上传培训情况资料"


@dataclass(frozen=True)
class Row:
    """A row of the Shinan credit standard table: a program ``Activity.program`` may name."""

    code: str
    label: object  # Text
    source: str
    level: Level | None  # the level the row belongs to; None: any
    how: str  # "fixed" (standard credits), "hourly" (1:1), "task" (on completion), "certified"
    detail: object  # Text
    mode: Mode | None = None  # the one mode the row is taken in; None: centralized or online
    standard: Parameter | None = None  # Standard, or {service year: Standard}
    task_credits: Parameter | None = None
    teaching_roles: frozenset[ActivityRole] = frozenset()  # roles credited 2 per teaching hour
    mentor_credits: Parameter | None = None
    needs_evaluation: bool = False  # credits only after the third-party evaluation is passed
    registration: str | None = None  # when its credits are registered: NEXT_JANUARY, WEEK_AFTER_END, or not said
    # The row's words on what its credits rest on, cited where attendance falls short of the standard.
    attendance: str = "根据参训教师学习任务完成情况和实际出勤情况"
    # The row's words on the training's materials uploaded before its credits are registered
    # (学分审核认定要求); None where the row has none (row 10: the platform registers by itself).
    materials: str | None = UPLOADED

    @property
    def needs_hours(self) -> bool:
        """Tasks and certified credits do not depend on the hours attended."""
        return self.how not in ("task", "certified")

    @property
    def fixed_roles(self) -> frozenset[ActivityRole]:
        """The roles credited by a fixed figure whatever the hours: the mentor where the row
        gives one (row 1: 脱岗培训期间的指导教师登记 100 学分)."""
        return frozenset({ActivityRole.MENTOR}) if self.mentor_credits is not None else frozenset()


TEACHING = frozenset({ActivityRole.INSTRUCTOR, ActivityRole.PRESENTER})
PROGRAM_MODES = (Mode.CENTRALIZED, Mode.ONLINE)

ROWS: tuple[Row, ...] = (
    Row("new_teacher", _("市南区新教师培训"), _row(1), Level.COUNTY, "fixed",
        _("第一年 120 学时登记 72 学分，第二年 64 学时登记 64 学分，第三年 48 学时登记 48 学分（按参训第几年）；"
          "脱岗培训期间的指导教师登记 100 学分；承担培训任务的教师 1 小时 2 学分；承担单位在次年1月登记学分"),
        standard=NEW_TEACHER_STANDARD, teaching_roles=TEACHING, mentor_credits=NEW_TEACHER_MENTOR_CREDITS,
        registration=NEXT_JANUARY),
    Row("backbone", _("市南区骨干教师培训"), _row(2), Level.COUNTY, "fixed",
        _("每年 48 学时登记 48 学分；承担培训任务的教师 1 小时 2 学分；承担单位在次年1月登记学分"),
        standard=BACKBONE_STANDARD, teaching_roles=TEACHING, registration=NEXT_JANUARY),
    Row("subject_leader", _("市南区学科带头人培训班"), _row(3), Level.COUNTY, "fixed",
        _("每年 90 学时登记 90 学分；承担培训任务的教师 1 小时 2 学分；承担单位在次年1月登记学分"),
        standard=SUBJECT_LEADER_STANDARD, teaching_roles=TEACHING, registration=NEXT_JANUARY),
    Row("head_teacher", _("市南区班主任培训班"), _row(4), Level.COUNTY, "fixed",
        _("每年 90 学时登记 90 学分；承担单位在次年1月登记学分"),
        standard=HEAD_TEACHER_STANDARD, registration=NEXT_JANUARY),
    Row("music_pe_art", _("市南区音体美教师培训班"), _row(5), Level.COUNTY, "fixed",
        _("每年 48 学时登记 48 学分；承担培训任务的教师 1 小时 2 学分；承担单位在次年1月登记学分"),
        standard=MUSIC_PE_ART_STANDARD, teaching_roles=TEACHING, registration=NEXT_JANUARY),
    Row("cadre", _("市南区干部培训"), _row(6), Level.COUNTY, "hourly",
        _("按实际参训学时计算，1 小时 1 学分；承担单位在培训结束一周内登记学分"), registration=WEEK_AFTER_END),
    Row("teaching_research", _("市南区教研活动"), _row(7), Level.COUNTY, "fixed",
        _("按实际出勤，每年计 24 学时、24 学分；出课（讲座或大会主旨发言）的教师 1 小时 2 学分；"
          "承担单位在次年1月登记学分"),
        standard=TEACHING_RESEARCH_STANDARD, teaching_roles=TEACHING, registration=NEXT_JANUARY,
        attendance="根据实际出勤确定参训教师学分"),
    Row("topic", _("市南区各类专题培训"), _row(8), Level.COUNTY, "hourly",
        _("按实际参训学时计算，1 小时 1 学分；承担单位在培训结束一周内登记学分"), registration=WEEK_AFTER_END),
    Row("other", _("其他情况（区教育研究中心据实认定）"), _row(9), None, "certified",
        _("由市南区教育研究中心据实认定学分，按认定的学分登记"),
        materials="由承办部门将文件依据和参训人员及培训情况等上传“教师教育平台”"),
    Row("internet_plus_compulsory", _("省互联网+教师专业发展（必修）"), _row(10), Level.PROVINCIAL, "task",
        _("在规定时间内完成必修课程研修任务记 18 学分，不按学时；平台自动登记"),
        mode=Mode.ONLINE, task_credits=INTERNET_PLUS_COMPULSORY_CREDITS, materials=None),
    Row("internet_plus_elective", _("省互联网+教师专业发展（选修）"), _row(10), Level.PROVINCIAL, "task",
        _("完成选修课程研修任务记 18 学分，不按学时；平台自动登记"),
        mode=Mode.ONLINE, task_credits=INTERNET_PLUS_ELECTIVE_CREDITS, materials=None),
    Row("city_personalized", _("基于教师需求的市级教师个性化培训"), _row(11), Level.CITY, "hourly",
        _("按实际参训学时计算，1 小时 1 学分；按照培训机构的相关要求完成培训（结业评价合格），"
          "参训教师参加第三方网络评价（在平台上评价培训课程）后随即登记"),
        needs_evaluation=True, materials="承担培训项目的单位通过“教师教育平台”上传情况资料"),
)
ROW_BY_CODE = {r.code: r for r in ROWS}


def all_parameters() -> list[Parameter]:
    """Every parameter of the region, in the order of this module (for ``portal_parameters``)."""
    return [v for v in globals().values() if isinstance(v, Parameter)]
