"""Shanxi's numbers as dated core ``Parameter``s, each value with its clause.

The authority is 晋教师〔2017〕14号, ``shanxi-2017-credit-management.txt``. A parameter
with an ``assumption`` is a *setting*: the document does not give the value, the
default and the reason for it are written there (``portal rules describe`` shows them),
and a bureau may override it (``portal rules --set name=value``, ``PORTAL_SETTINGS``).
Rules read every value with ``.at(on)``, which sees the overrides; a step that relies
on a setting names it in its text (``setting_note``), while its ``source`` stays the
clean ``file §clause``.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from portal.domain import Grade, Parameter

DOC = "shanxi-2017-credit-management.txt"

# The document is signed 2017年8月1 (落款) and names no other date it applies from.
V2017 = date(2017, 8, 1)


def src(*clauses: str) -> str:
    """``"shanxi-2017-credit-management.txt §四(一)"``; several clauses: ``… §三(二)、§五(三)``."""
    return f"{DOC} " + "、".join(f"§{c}" for c in clauses)


def fixed(name: str, label: str, value, clause: str, assumption: str = "") -> Parameter:
    return Parameter.fixed(name, label, value, src(clause), V2017, assumption)


def clause(parameter: Parameter, on: date) -> str:
    """The clause of the value in force on ``on``, without the note an override adds."""
    current = parameter.values[0]
    for value in parameter.values:
        if value.since <= on:
            current = value
    return current.source


def default(parameter: Parameter):
    return parameter.values[-1].value


def shown(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        text = f"{value.normalize():f}"
        return "0" if text == "-0" else text
    return str(value)


def setting_note(parameter: Parameter, on: date) -> str:
    """What a step's text says when it relies on a setting: its name, the value in force
    if a bureau changed it, and the default (本地设置 credit_quantum，默认 0.1)."""
    value = parameter.at(on)
    if value == default(parameter):
        return f"本地设置 {parameter.name}，默认 {shown(value)}"
    return f"本地设置 {parameter.name}={shown(value)}，默认 {shown(default(parameter))}"


# Rule version ------------------------------------------------------------------------

RULES_2017_EFFECTIVE = fixed(
    "rules_2017_effective", "晋教师〔2017〕14号适用的起始日期", V2017, "落款",
    assumption="文件没有写施行日期，只有落款“2017年8月1”（网页发布于 2017-09-25）；取落款日期。"
               "文件集中没有更早的山西规则，更早的日期也按这一版折算（核心对最早版本之前的日期取最早版本）。",
)

# §二(一), §三(二), §五(二) school years and the cycle -----------------------------------------

CYCLE_YEARS = fixed("cycle_years", "培训周期的学年数（以五年为一个周期）", 5, "二(一)")
SCHOOL_YEAR_START_MONTH = fixed(
    "school_year_start_month", "学年从哪个月的 1 日开始（1 即按自然年）", 9, "三(二)",
    assumption="学年学分（§三(二) 每学年所修学分不少于 20 学分）、学年登记（§五(二) 每学年结束时汇总）"
               "和学年不合格（§五(三)）都按“学年”计，文件未写学年起止；取中小学 9 月 1 日开学的学年，"
               "学年以开始的年份称呼（2024 学年 = 2024-09-01 至 2025-08-31），五年周期由五个学年组成。"
               "设为 1 则按自然年。",
)
CYCLE_ANCHOR_YEAR = fixed(
    "cycle_anchor_year", "第一个五年周期开始的学年", 2017, "二(一)",
    assumption="文件只说以五年为一个周期，未写周期从哪一年开始；取文件印发的 2017 学年，"
               "周期为 2017-09-01 至 2022-08-31、2022-09-01 至 2027-08-31 ……",
)

# §四(一) conversion of hours -----------------------------------------------------------------

BASE_HOURS_PER_CREDIT = fixed(
    "base_hours_per_credit", "基础折算：每 3 学时（半天）折算 1 学分", Decimal(3), "四(一)")
HOURS_PER_CREDIT_CENTRALIZED_PROVINCIAL_UP = fixed(
    "hours_per_credit_centralized_provincial_up", "省级及以上集中培训每 3 学时折算 1 学分", Decimal(3), "四(一)")
HOURS_PER_CREDIT_CENTRALIZED_CITY_COUNTY = fixed(
    "hours_per_credit_centralized_city_county", "市级和县(区)级集中培训每 4 学时折算 1 学分", Decimal(4), "四(一)")
HOURS_PER_CREDIT_ONLINE_SCHOOL_BASED = fixed(
    "hours_per_credit_online_school_based", "网络研修和校本研修每 5 学时折算 1 学分", Decimal(5), "四(一)")
SCHOOL_CENTRALIZED_HOURS_PER_CREDIT = fixed(
    "school_centralized_hours_per_credit", "学校组织的集中培训每多少学时折算 1 学分", Decimal(5), "四(一)",
    assumption="§四(一) 只给省级及以上、市级和县(区)级集中培训的折算；§二(一) 的五级培训体系中学校一级是"
               "校本研修，故校级集中培训按校本研修每 5 学时折算 1 学分，计入校本研修。",
)
DAILY_HOURS_CAP = fixed(
    "daily_hours_cap", "每天最多计多少学时（0 为不设上限）", Decimal(0), "四(一)",
    assumption="文件没有每日学时上限，只说 3 学时为半天；默认不设上限。"
               "本地如按每天 6 学时（两个半天）计，可设为 6，天数取 days，或由 start、end 推算。",
)
CREDIT_QUANTUM = fixed(
    "credit_quantum", "学分保留到的单位", Decimal("0.1"), "四(一)",
    assumption="文件没有规定学分的取舍；取保留一位小数。基本学分取舍一次，加考核等级奖励后的合计再取舍一次"
               "（§四(二) 的奖励加在“原学分”即已认定的基本学分上）。",
)
CREDIT_ROUNDING = fixed(
    "credit_rounding", "学分的取舍方式（half_up 四舍五入、down 舍去、up 进一、half_even 四舍六入五成双）",
    "half_up", "四(一)",
    assumption="文件没有规定学分的取舍方式；取四舍五入。",
)

# §四(二) grade -------------------------------------------------------------------------------

GRADE_BONUS = fixed(
    "grade_bonus", "考核等级：优 在原学分上加 20%，良 加 10%，合格 认定基本学分，不合格 不能取得该项目学分",
    {Grade.EXCELLENT: Decimal("0.20"), Grade.GOOD: Decimal("0.10"), Grade.PASS: Decimal(0), Grade.FAIL: None},
    "四(二)",
)
MISSING_GRADE = fixed(
    "missing_grade", "未填写考核等级时按哪一等级计（excellent、good、pass、fail）", "pass", "四(二)",
    assumption="§四(二) 要求承办单位按考核成绩分等级记载学分，未写没有等级的情形；按“合格”认定基本学分。",
)

# §三(二), §四(四), §四(五), §五(三) duties ---------------------------------------------------------

CYCLE_MINIMUM = fixed("cycle_minimum", "每五年周期累计修满不少于 120 学分", Decimal(120), "三(二)")
CITY_UP_CENTRALIZED_MINIMUM = fixed(
    "city_up_centralized_minimum", "其中参加市级及以上集中研修须修满 20 学分", Decimal(20), "三(二)")
YEARLY_MINIMUM = fixed(
    "yearly_minimum", "每学年所修学分原则上不少于 20 学分", Decimal(20), "三(二)")
SELF_STUDY_CAP = fixed(
    "self_study_cap", "五年周期内自主研修成果认定的学分总数不得超过 20 学分", Decimal(20), "四(四)")
BORROWING_COUNTS_FOR_CYCLE = fixed(
    "borrowing_counts_for_cycle", "学分借贷（学分银行）借入的学分是否计入周期总学分", False, "四(五)",
    assumption="§四(五) 允许各市建立学分银行（累积、借贷、支取），§五(三) 只说学年学分未达要求且未实行借贷者"
               "该学年不合格，未规定借贷的数额和归还。门户把借入学分计入借贷记录日期所在学年，须与修得学分合计"
               "补足该学年 20 学分；借来的学分不是修得的学分，默认不计入周期总学分。",
)
COMPULSORY_TOPICS = fixed(
    "compulsory_topics", "必修内容：师德教育、信息技术应用能力",
    {"ethics": "师德教育", "it": "信息技术应用能力"}, "三(三)",
)
COMPULSORY_TOPIC_MINIMUM = fixed(
    "compulsory_topic_minimum", "每项必修内容每周期至少多少学分（0 即有该内容的学分即可）", Decimal(0), "三(三)",
    assumption="§三(三) 把师德教育、信息技术应用能力纳入必修学分，未写学分数；默认周期内有该内容的学分"
               "（大于 0）即算修过，不计入周期是否合格的判断。",
)
APPEAL_MONTHS = fixed("appeal_months", "教师可在半年内对学分登记提出申诉", 6, "五(三)")

# §三(二), §五(三) new teachers ---------------------------------------------------------------------

PROBATION_YEARS = fixed("probation_years", "新任教师试用期培训在第一学年", 1, "三(二)")
PROBATION_HOURS_TOTAL = fixed("probation_hours_total", "试用期培训不少于 120 学时", Decimal(120), "三(二)")
PROBATION_CENTRALIZED_MINIMUM = fixed(
    "probation_centralized_minimum", "其中集中培训不少于 60 学时", Decimal(60), "三(二)")
PROBATION_SCHOOL_ONLINE_MINIMUM = fixed(
    "probation_school_online_minimum", "其中校本培训与网络研修不少于 60 学时", Decimal(60), "三(二)")
PROBATION_REVIEW_YEARS = fixed(
    "probation_review_years", "试用期结束后继续显示试用期培训和转正定级的年数", 1, "五(三)",
    assumption="§五(三) 规定未完成上岗培训者不得转正定级，未写转正审核的时间；试用期结束后一年内仍显示。",
)
PROBATION_FAIL_GIVES_NO_HOURS = fixed(
    "probation_fail_gives_no_hours", "试用期培训考核不合格是否不计学时", True, "四(二)",
    assumption="§四(二) 只说不合格者不能取得该项目学分；试用期培训按学时登记，同样不计。",
)


PARAMETERS: tuple[Parameter, ...] = tuple(v for v in globals().values() if isinstance(v, Parameter))


def settings() -> tuple[Parameter, ...]:
    """The values the document does not give, each with its reason."""
    return tuple(p for p in PARAMETERS if p.is_setting)
