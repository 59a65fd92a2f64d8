"""开封市的规则参数：每个数字一个带日期的参数，各注出处（文件 §条款）。

The authority is ``kaifeng-2018-online-training.txt`` (开封市教育局 汴教师〔2018〕号,
2018-12-15). It refers to two Henan documents that are not in the collection
(教师〔2017〕353号 and 教师〔2016〕724号, the latter the Henan hours-registration rules); every
number they would give is marked ``assumption`` here with a one-line reason, so that
``portal rules describe`` can list them.

Program codes (``Activity.program``):

- ``all_staff_jpk``: 开封市中小学教师（初中、小学、幼儿园）继续教育全员培训, run by 中国教师教育网
  (§四(一), §四(二)1);
- ``all_staff_high``: 开封市中小学教师（高中）继续教育全员培训, run by 陕西师范大学 (§四(一), §四(二)1).

Both are the 60-hour city-wide online all-staff training (§三). The notice is its first
phase (一期); the codes stand for the program, so later phases use them too.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from portal.domain import Level, Mode, SchoolStage

DOC = "kaifeng-2018-online-training.txt"
NOTICE_DATE = date(2018, 12, 15)  # the notice's date, the day these rules start
RULE_VERSION_CODE = "kaifeng-2018"
RULE_VERSION_SOURCE = f"{DOC}（开封市教育局 汴教师〔2018〕号，2018-12-15）"


def src(clause: str) -> str:
    return f"{DOC} §{clause}"


class NotInForce(LookupError):
    """The date is before the first value of a parameter."""


@dataclass(frozen=True)
class Parameter:
    """One number of the rules: its values by effective date, its source, and, when the
    documents do not give it, the reason for the value chosen (``assumption``)."""

    name: str
    label: str
    history: tuple[tuple[date, Any], ...]
    source: str
    assumption: str | None = None

    def at(self, on: date) -> Any:
        found = [value for start, value in self.history if start <= on]
        if not found:
            raise NotInForce(f"{self.name} 自 {self.history[0][0].isoformat()} 起施行")
        return found[-1]

    @property
    def cite(self) -> str:
        """The source as a Step or Finding carries it; assumptions say so."""
        if self.assumption:
            return f"{self.source}；ASSUMPTION：{self.assumption}"
        return self.source


@dataclass(frozen=True)
class Program:
    code: str
    name: str
    stages: frozenset[SchoolStage]
    institution: str
    source: str


def _since_notice(value: Any) -> tuple[tuple[date, Any], ...]:
    return ((NOTICE_DATE, value),)


# -- the all-staff online training (全员网络远程培训) ---------------------------------

PROGRAM_HOURS = Parameter(
    "program_hours", "全员培训学时", _since_notice(Decimal(60)), src("三"),
)
PROGRAM_MODE = Parameter(
    "program_mode", "培训形式：以网络研修为主", _since_notice(Mode.ONLINE), src("三"),
)
PROGRAM_LEVELS = Parameter(
    "program_levels",
    "组织层级：市教育局组织；祥符区、杞县、尉氏县、通许县自行组织",
    _since_notice(frozenset({Level.CITY, Level.COUNTY})),
    f"{src('序言')}；{src('二(三)')}",
)
PROGRAMS: dict[str, Program] = {
    "all_staff_jpk": Program(
        "all_staff_jpk",
        "开封市中小学教师（初中、小学、幼儿园）继续教育全员培训",
        # 初中、小学、幼儿园"等"学段 (§四(一)): special-education teachers, who are
        # trainees under §二(一), go with this project rather than the high-school one.
        frozenset({SchoolStage.JUNIOR_HIGH, SchoolStage.PRIMARY, SchoolStage.KINDERGARTEN,
                   SchoolStage.SPECIAL}),
        "中国教师教育网",
        f"{src('四(一)')}；{src('四(二)1')}",
    ),
    "all_staff_high": Program(
        "all_staff_high",
        "开封市中小学教师（高中）继续教育全员培训",
        frozenset({SchoolStage.SENIOR_HIGH}),
        "陕西师范大学",
        f"{src('四(一)')}；{src('四(二)1')}",
    ),
}
ENROLLMENT_DEADLINE = Parameter(
    "enrollment_deadline", "报名截止日（月、日）", _since_notice((12, 20)), src("四(二)1"),
)
TRAINING_MONTHS = Parameter(
    "training_months", "培训时间（起止月份）", _since_notice((1, 4)), src("四(二)2"),
)
TEACHER_FEE = Parameter(
    "teacher_fee", "向参训教师收费", _since_notice(Decimal(0)), src("四(三)"),
)
MAKE_UP_TRAINING = Parameter(
    "make_up_training", "培训结束后统一补训", _since_notice(False), src("五(四)"),
)

# -- numbers the documents do not give (ASSUMPTION) ------------------------------------

_HENAN = "河南省学时登记办法（教师〔2016〕724号）未收录"

CYCLE_YEARS = Parameter(
    "cycle_years", "继续教育周期（年）", _since_notice(5), src("序言"),
    assumption=f"{_HENAN}；取全国通行的五年一周期（教师〔2011〕1号），河南亦按五年周期登记",
)
CYCLE_ANCHOR_YEAR = Parameter(
    "cycle_anchor_year", "周期起算年", _since_notice(2016), src("序言"),
    assumption="通知依据河南省“十三五”指导意见，周期取 2016—2020 年，其后每五年一期",
)
CYCLE_MINIMUM = Parameter(
    "cycle_minimum", "每周期最低学时", _since_notice(Decimal(360)), src("序言"),
    assumption=f"{_HENAN}；取全国每五年不少于 360 学时的全员培训标准（教师〔2011〕1号）",
)
YEARLY_MINIMUM = Parameter(
    "yearly_minimum", "每年最低学时", _since_notice(Decimal(72)), src("序言"),
    assumption=f"{_HENAN}；取周期 360 学时的平均每年 72 学时",
)
PASS_THRESHOLD = Parameter(
    "pass_threshold", "综合考核合格线（百分制）", _since_notice(Decimal(60)), src("三(五)"),
    assumption="文件只说按不同权重综合计算、合格者登记学时，未给合格线；取百分制 60 分",
)
ALL_STAFF_WINDOW = Parameter(
    "all_staff_window", "全员培训合格记录的查验范围", _since_notice("cycle"), src("五(三)"),
    assumption="“本次培训”为一期，后续各期沿用；资格注册、职称评聘按周期查验，取本周期内有合格记录",
)
OTHER_TRAINING_MODES = Parameter(
    "other_training_modes", "可按实际学时登记的其他培训形式",
    _since_notice(frozenset({Mode.CENTRALIZED, Mode.ONLINE, Mode.SCHOOL_BASED})), src("序言"),
    assumption=f"{_HENAN}；本通知之外的集中、网络、校本培训按实际学时 1:1 登记，自主研修和学历教育不认定",
)
HOURS_QUANTUM = Parameter(
    "hours_quantum", "学时保留位数", _since_notice(Decimal("0.1")), src("序言"),
    assumption="文件未规定学时取舍；其他培训的学时保留一位小数，四舍五入",
)

PARAMETERS: tuple[Parameter, ...] = (
    PROGRAM_HOURS, PROGRAM_MODE, PROGRAM_LEVELS, ENROLLMENT_DEADLINE, TRAINING_MONTHS,
    TEACHER_FEE, MAKE_UP_TRAINING, CYCLE_YEARS, CYCLE_ANCHOR_YEAR, CYCLE_MINIMUM,
    YEARLY_MINIMUM, PASS_THRESHOLD, ALL_STAFF_WINDOW, OTHER_TRAINING_MODES, HOURS_QUANTUM,
)
ASSUMPTIONS: tuple[Parameter, ...] = tuple(p for p in PARAMETERS if p.assumption)

# Categories the conversions put entries in.
CATEGORY_ALL_STAFF = "all_staff_online"
CATEGORY_OTHER = "other_training"
