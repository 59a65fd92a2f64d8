"""Ruian's rules as dated parameters, each with the clause it comes from.

The authority is ``ruian-2019h2-course-selection.txt`` (瑞安市教育局, 关于做好2019年下半年
中小学教师专业发展培训项目申报与教师选课工作的通知). It applies the Zhejiang credit
system (浙教师〔2016〕71号): credits are the base credits (基础学分) a training project
declares; the notice gives no conversion from hours.

A value the notice does not give is marked ``assumption`` with its reason, so that
``portal rules describe`` can list it (see ``assumptions()``).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from portal.domain import Mode, UserRole

DOC = "ruian-2019h2-course-selection.txt"


def src(clause: str) -> str:
    return f"{DOC} §{clause}"


@dataclass(frozen=True)
class Parameter:
    """A value that may change over time: ``history`` is ((effective_from, value), ...) in order."""

    name: str
    label: str
    history: tuple[tuple[date, Any], ...]
    source: str
    assumption: str = ""  # non-empty: ASSUMPTION, and why

    def at(self, on: date) -> Any:
        """The value in force on ``on``; dates before the first entry get the first value
        (no earlier rules are stored: see RULES_FROM)."""
        value = self.history[0][1]
        for start, candidate in self.history:
            if start <= on:
                value = candidate
        return value


# ASSUMPTION: the notice is undated; its annex's first date (2019-06-17, §附件 第1项) is taken
# as the start of these rules, and it also answers for earlier dates (no older version stored).
RULES_FROM = date(2019, 6, 17)
RULE_VERSION_CODE = "ruian-2019"
RULE_VERSION_SOURCE = src("二")
RULES_START = Parameter(
    "rules_from", "本规则起用日期", ((RULES_FROM, RULES_FROM),), src("附件 第1项"),
    "ASSUMPTION: 通知未署日期；取附件进程表的第一个日期 2019-06-17，之前的日期也按本版规则",
)


def _p(name: str, label: str, value: Any, source: str, assumption: str = "") -> Parameter:
    return Parameter(name, label, ((RULES_FROM, value),), source, assumption)


# Cycle and the teacher's duties (§二) ------------------------------------------------

CYCLE_YEARS = _p("cycle_years", "培训周期（年）", 5, src("二"))
CYCLE_MIN_CREDITS = _p("cycle_min_credits", "周期内累计培训学分下限", Decimal(360), src("二"))
CENTRALIZED_90_MIN_BASE = _p(
    "centralized_90_min_base", "周期内必须参加的集中培训的基础学分下限（“90以上”含90）",
    Decimal(90), src("二"),
)
CENTRALIZED_90_PER_CYCLE = _p(
    "centralized_90_per_cycle", "周期内至少参加基础学分90以上集中培训的次数", 1, src("二"),
)
CYCLE_ANCHOR_YEAR = _p(
    "cycle_anchor_year", "周期起算年份（默认）", 2016, src("二"),
    "ASSUMPTION: 文件未给周期起点；取其前言所依据的浙教师〔2016〕71号的年份 2016（2016–2020、2021–2025…）",
)
# Not a number but a reading the rules depend on; listed with the assumptions.
PLATFORM_ENTRY_FROM_ENTERED_POST = _p(
    "platform_entry_from_entered_post", "以入职日期代替“实际进入平台的时间”", True, src("二"),
    "ASSUMPTION: §二 按教师实际进入平台的时间安排周期，但系统无入平台日期；以入职年份代替，"
    "周期按整日历年计：入职晚于起算年份者，周期自入职当年 1 月 1 日起算",
)

# School-level reporting figures (§二) -------------------------------------------------

SCHOOL_YEARLY_AVERAGE = _p(
    "school_yearly_average", "各校（园）教师培训学分年人均下限", Decimal(72), src("二"),
)
CENTRALIZED_90_YEARLY_RATE = _p(
    "centralized_90_yearly_rate", "年平均限定选修90学分集中培训完成率下限（%）", Decimal(21), src("二"),
)
LAYER_MATCH_MIN_BASE = _p(
    "layer_match_min_base", "须按分层分类匹配的项目的学分下限（“90学分及以上”）", Decimal(90), src("二"),
)
LAYER_MATCH_RATE = _p(
    "layer_match_rate", "90学分及以上项目按分层分类匹配率下限（%）", Decimal(75), src("二"),
)
DISPLAY_QUANTUM = _p(
    "display_quantum", "人均与比率的显示精度", Decimal("0.01"), src("二"),
    "ASSUMPTION: 文件未规定取舍；人均和比率四舍五入到 0.01 仅用于显示，达标判断用精确值",
)

# Conversion (§二: credits are the project's base credits) -----------------------------

FAIL_CREDITS = _p(
    "fail_credits", "考核不合格所得学分", Decimal(0), src("二"),
    "ASSUMPTION: 文件只按“完成”计（完成率、按时足额完成培训任务），未写不合格的学分；不合格视为未完成，不得学分",
)
MISSING_GRADE_IS_PASS = _p(
    "missing_grade_is_pass", "未填考核等第按完成认定", True, src("二"),
    "ASSUMPTION: 文件不分等第；已结业而未填等第的参训记录按完成认定，得基础学分",
)

# Modes the notice names, with the category each goes to. The notice names only centralized
# training (集中培训, §二) and school-based training (校（园）本培训/研修, §一、§三).
CATEGORY_CENTRALIZED_90 = "centralized_90"
CATEGORY_CENTRALIZED = "centralized"
CATEGORY_SCHOOL_BASED = "school_based"
CATEGORIES = (
    (CATEGORY_CENTRALIZED_90, "集中培训（基础学分90及以上）", src("二")),
    (CATEGORY_CENTRALIZED, "集中培训（基础学分90以下）", src("二")),
    (CATEGORY_SCHOOL_BASED, "校（园）本培训", src("三")),
)
MODE_SOURCES = {
    Mode.CENTRALIZED: src("二"),
    Mode.SCHOOL_BASED: src("一"),
}

# Program codes (optional on an activity) ------------------------------------------------

PROGRAM_RESTRICTED_ELECTIVE_90 = "restricted_elective_90"
PROGRAMS = {
    # 限定选修90学分集中培训: the training §二's yearly 21 % completion rate counts.
    PROGRAM_RESTRICTED_ELECTIVE_90: ("限定选修90学分集中培训", src("二")),
}


# The 2019 second-half calendar (§四, §附件 进程表) --------------------------------------


@dataclass(frozen=True)
class Phase:
    code: str
    label: str
    start: date
    end: date
    actors: tuple[UserRole, ...]
    source: str

    def open_on(self, day: date) -> bool:
        return self.start <= day <= self.end


def _d(month: int, day: int) -> date:
    return date(2019, month, day)


# "各教育局" acts as CITY_ADMIN (瑞安市教育局 in the demo tree); "平台管理员" as SCHOOL_ADMIN.
T, SA, PR, CA, IS = (
    UserRole.TEACHER, UserRole.SCHOOL_ADMIN, UserRole.PRINCIPAL, UserRole.CITY_ADMIN,
    UserRole.INSTITUTION_STAFF,
)
PHASES_2019H2 = (
    Phase("teacher_data_update", "教师基本信息数据更新及完善", _d(6, 17), _d(9, 5), (SA, T), src("附件 第1项")),
    Phase("project_declaration", "受理培训项目申报", _d(6, 17), _d(6, 28), (IS, CA), src("附件 第2项")),
    Phase("project_review", "完成培训项目审核", _d(7, 1), _d(7, 11), (CA,), src("附件 第2项")),
    Phase("project_publication", "培训项目正式发布", _d(7, 12), _d(7, 12), (CA, IS), src("附件 第2项")),
    Phase("browsing", "选课窗口开放，供教师浏览培训项目菜单", _d(7, 15), _d(8, 25), (T, SA), src("附件 第3项")),
    Phase("round1_selection", "教师第一轮选课", _d(8, 26), _d(9, 5), (T,), src("四(二)")),
    Phase("round1_school_review", "校长对第一轮选课进行审核", _d(9, 1), _d(9, 9), (PR, SA), src("附件 第3项")),
    Phase("class_expansion_request", "培训机构扩班申请", _d(9, 10), _d(9, 11), (IS,), src("附件 第3项")),
    Phase("class_expansion_decision", "各级教育行政部门受理扩班", _d(9, 11), _d(9, 12), (CA,), src("附件 第3项")),
    Phase("round1_institution_recheck", "培训机构受理复核", _d(9, 13), _d(9, 13), (IS,), src("附件 第3项")),
    Phase("round2_selection", "教师第二轮选课", _d(9, 14), _d(9, 17), (T,), src("四(二)")),
    Phase("round2_school_review", "校长对第二轮选课进行审核", _d(9, 15), _d(9, 18), (PR, SA), src("附件 第3项")),
    Phase("round2_institution_recheck", "培训机构受理复核、发放培训通知", _d(9, 19), _d(9, 22), (IS,), src("附件 第3项")),
    Phase("training", "举办各项教师培训班", _d(9, 23), _d(12, 31), (IS, T), src("附件 第4项")),
)
SELECTION_ROUNDS = {1: "round1_selection", 2: "round2_selection"}
SELECTION_CALENDAR = Parameter(
    "selection_calendar", "教师选课与培训工作进程（2019年下半年）",
    ((RULES_FROM, PHASES_2019H2),), src("附件"),
)


ALL = (
    RULES_START, CYCLE_YEARS, CYCLE_MIN_CREDITS, CENTRALIZED_90_MIN_BASE, CENTRALIZED_90_PER_CYCLE,
    CYCLE_ANCHOR_YEAR, PLATFORM_ENTRY_FROM_ENTERED_POST, SCHOOL_YEARLY_AVERAGE,
    CENTRALIZED_90_YEARLY_RATE, LAYER_MATCH_MIN_BASE, LAYER_MATCH_RATE, DISPLAY_QUANTUM,
    FAIL_CREDITS, MISSING_GRADE_IS_PASS, SELECTION_CALENDAR,
)


def assumptions() -> tuple[Parameter, ...]:
    """The parameters the notice does not give (for ``portal rules describe``)."""
    return tuple(p for p in ALL if p.assumption)
