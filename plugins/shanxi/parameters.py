"""Shanxi's numbers as dated parameters, each with its source (OpenFisca style).

The authority is 晋教师〔2017〕14号, ``shanxi-2017-credit-management.txt``. A value the
document does not give carries ``assumption`` (a one-line reason) so that
``portal rules describe`` can list it; ``assumptions()`` returns them.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from portal.domain import Grade

DOC = "shanxi-2017-credit-management.txt"


def src(clause: str) -> str:
    """``"shanxi-2017-credit-management.txt §四(一)"`` for ``clause="四(一)"``."""
    return f"{DOC} §{clause}"


@dataclass(frozen=True)
class Parameter:
    """A number of the rules with the dates it holds from, its clause and, if the
    document does not give it, the reason it was assumed."""

    name: str
    description: str
    values: tuple[tuple[date, Any], ...]  # (effective_from, value), ascending
    source: str
    assumption: str | None = None

    def at(self, on: date) -> Any:
        """The value in force on ``on``; before the first date the first value
        (ASSUMPTION, see ``BEFORE_FIRST_VERSION``)."""
        value = self.values[0][1]
        for start, candidate in self.values:
            if start <= on:
                value = candidate
        return value

    def note(self) -> str:
        """What a Step's text adds where it uses this value: the assumption, if any."""
        return f"（假设：{self.assumption}）" if self.assumption else ""


# The one version of the rules the documents give ------------------------------------

V2017 = date(2017, 8, 1)

RULES_2017_EFFECTIVE = Parameter(
    "rules_2017_effective", "晋教师〔2017〕14号的生效日期",
    ((V2017, V2017),), src("文尾 落款 2017年8月1"),
    assumption="文件未写生效日期，取落款日期 2017-08-01",
)

BEFORE_FIRST_VERSION = Parameter(
    "before_first_version", "2017-08-01 之前的日期适用的规则",
    ((V2017, "shanxi-2017"),), src("文头 晋教师〔2017〕14号"),
    assumption="文件集中没有更早的山西规则，更早的日期也按 2017 年规则折算",
)

# §四(一) conversion of hours ---------------------------------------------------------

BASE_HOURS_PER_CREDIT = Parameter(
    "base_hours_per_credit", "基础折算：每 3 学时（半天）折算 1 学分",
    ((V2017, Decimal(3)),), src("四(一)"),
)
HOURS_PER_CREDIT_CENTRALIZED_PROVINCIAL_UP = Parameter(
    "hours_per_credit_centralized_provincial_up", "省级及以上集中培训：每 3 学时折算 1 学分",
    ((V2017, Decimal(3)),), src("四(一)"),
)
HOURS_PER_CREDIT_CENTRALIZED_CITY_COUNTY = Parameter(
    "hours_per_credit_centralized_city_county", "市级和县(区)级集中培训：每 4 学时折算 1 学分",
    ((V2017, Decimal(4)),), src("四(一)"),
)
HOURS_PER_CREDIT_ONLINE_SCHOOL_BASED = Parameter(
    "hours_per_credit_online_school_based", "网络研修和校本研修：每 5 学时折算 1 学分",
    ((V2017, Decimal(5)),), src("四(一)"),
)

# §四(二) grade -----------------------------------------------------------------------

GRADE_BONUS = Parameter(
    "grade_bonus", "考核等级的学分奖励：优 +20%，良 +10%，合格 基本学分，不合格 不得学分",
    ((V2017, {
        Grade.EXCELLENT: Decimal("0.20"),
        Grade.GOOD: Decimal("0.10"),
        Grade.PASS: Decimal(0),
        Grade.FAIL: None,  # 不能取得该项目学分
    }),),
    src("四(二)"),
)
MISSING_GRADE = Parameter(
    "missing_grade", "未填写考核等级时按哪一等级计",
    ((V2017, Grade.PASS),), src("四(二)"),
    assumption="文件未规定未评等级的情形，按“合格”计基本学分",
)
ROUNDING = Parameter(
    "rounding", "学分保留一位小数，四舍五入（基本学分和加奖励后的合计各取一次）",
    ((V2017, (Decimal("0.1"), ROUND_HALF_UP)),), src("四(一)"),
    assumption="文件未规定学分的取舍，取 0.1 学分四舍五入",
)

# §二(一), §三(二), §四(四) cycle and duties ---------------------------------------------

CYCLE_YEARS = Parameter(
    "cycle_years", "培训周期年数（五年一周期）",
    ((V2017, 5),), src("三(二)"),
)
CYCLE_ANCHOR_YEAR = Parameter(
    "cycle_anchor_year", "第一个周期的起始年",
    ((V2017, 2017),), src("三(二)"),
    assumption="文件未写周期起始年，取文件印发的 2017 年，周期为 2017—2021、2022—2026 ……",
)
YEAR_IS_CALENDAR_YEAR = Parameter(
    "year_is_calendar_year", "“学年”按自然年（1月1日—12月31日）计",
    ((V2017, True),), src("三(二)"),
    assumption="文件按学年计，门户的年度进度按自然年统计，故学年按自然年读",
)
CYCLE_MINIMUM = Parameter(
    "cycle_minimum", "每五年周期累计不少于 120 学分",
    ((V2017, Decimal(120)),), src("三(二)"),
)
CITY_UP_CENTRALIZED_MINIMUM = Parameter(
    "city_up_centralized_minimum", "周期内参加市级及以上集中研修须修满 20 学分",
    ((V2017, Decimal(20)),), src("三(二)"),
)
YEARLY_MINIMUM = Parameter(
    "yearly_minimum", "每学年所修学分原则上不少于 20 学分",
    ((V2017, Decimal(20)),), src("三(二)"),
)
SELF_STUDY_CAP = Parameter(
    "self_study_cap", "五年周期内自主研修成果认定的学分总数不超过 20 学分",
    ((V2017, Decimal(20)),), src("四(四)"),
)

BORROWING_COUNTS_FOR_YEAR = Parameter(
    "borrowing_counts_for_year", "学分借贷（学分银行）计入借入当年，不计入周期总学分",
    ((V2017, True),), src("五(三)"),
    assumption="文件只说未达标且未实行借贷者该学年不合格，未定借贷规则：借入学分须补足当年差额，且不算周期已修学分",
)

# §三(二) new teachers ------------------------------------------------------------------

PROBATION_YEARS = Parameter(
    "probation_years", "新任教师试用期培训在第一学年",
    ((V2017, 1),), src("三(二)"),
)
PROBATION_HOURS_TOTAL = Parameter(
    "probation_hours_total", "试用期培训不少于 120 学时",
    ((V2017, Decimal(120)),), src("三(二)"),
)
PROBATION_CENTRALIZED_MINIMUM = Parameter(
    "probation_centralized_minimum", "其中集中培训不少于 60 学时",
    ((V2017, Decimal(60)),), src("三(二)"),
)
PROBATION_SCHOOL_ONLINE_MINIMUM = Parameter(
    "probation_school_online_minimum", "其中校本培训与网络研修不少于 60 学时",
    ((V2017, Decimal(60)),), src("三(二)"),
)
PROBATION_REVIEW_YEARS = Parameter(
    "probation_review_years", "试用期结束后再判断“转正定级”的年数",
    ((V2017, 1),), src("五(三)"),
    assumption="文件未规定转正审核的时间，试用期结束后一年内仍显示试用期培训情况",
)
PROBATION_FAIL_GIVES_NO_HOURS = Parameter(
    "probation_fail_gives_no_hours", "试用期培训考核不合格不计学时",
    ((V2017, True),), src("四(二)"),
    assumption="§四(二) 只说不合格不得学分，试用期培训按学时登记，同样不计",
)

# §三(三) compulsory content, §五(三) appeals --------------------------------------------

COMPULSORY_TOPICS = Parameter(
    "compulsory_topics", "必修内容：师德教育、信息技术应用能力",
    ((V2017, {"ethics": "师德教育", "it": "信息技术应用能力"}),), src("三(三)"),
)
COMPULSORY_TOPIC_MINIMUM = Parameter(
    "compulsory_topic_minimum", "每项必修内容周期内的最低学分",
    ((V2017, Decimal(0)),), src("三(三)"),
    assumption="文件未规定必修学分数，周期内有该内容的学分（大于 0）即算修过",
)
APPEAL_MONTHS = Parameter(
    "appeal_months", "教师可在半年内对学分登记提出申诉",
    ((V2017, 6),), src("五(三)"),
)


# Program codes -----------------------------------------------------------------------


@dataclass(frozen=True)
class Program:
    code: str
    label: str
    source: str


PROGRAMS: dict[str, Program] = {
    p.code: p
    for p in (
        Program("new_teacher_probation", "新任教师试用期培训（按学时登记，不折算学分）", src("三(二)")),
    )
}


PARAMETERS: tuple[Parameter, ...] = tuple(
    value for value in globals().values() if isinstance(value, Parameter)
)


def assumptions() -> tuple[Parameter, ...]:
    """The values the document does not give, each with its reason."""
    return tuple(p for p in PARAMETERS if p.assumption)
