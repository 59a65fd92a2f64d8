"""开封市的规则参数：每个数字一个带日期的 ``Parameter``，各注出处（文件 §条款）。

The authority is ``kaifeng-2018-online-training.txt`` (开封市教育局 汴教师〔2018〕号,
2018-12-15). It rests on two Henan documents that are not in the collection
(教师〔2017〕353号, the 十三五 guidance, and 教师〔2016〕724号, the Henan hours-registration
rules). Every number those would give is a *setting* here: a ``Parameter`` with an
``assumption`` saying what the documents leave open and why the default was chosen. A
bureau may override a setting (``PORTAL_SETTINGS``, ``portal rules --set name=value``);
rules read every value with ``.at(on)``, which sees the override.

Program codes (``Activity.program``):

- ``all_staff_jpk``: 开封市中小学教师（初中、小学、幼儿园）继续教育全员培训, run by 中国教师教育网
  (§四(一), §四(二)1);
- ``all_staff_high``: 开封市中小学教师（高中）继续教育全员培训, run by 陕西师范大学 (§四(一), §四(二)1).

Both are the 60-hour city-wide online all-staff training (§三). The notice is its first
phase (一期); the codes stand for the program, so later phases use them too.

Assessment part codes (``Activity.scores`` / ``Activity.weights``), the three parts §三(五)
names: ``course_time`` (在线学习课程时间), ``discussion`` (在线研讨交流积分), ``tasks``
(研修任务完成). The list ends in 等, so a project may weigh further parts under codes of
its own.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from portal.domain import Level, Mode, Parameter, Program, SchoolStage

DOC = "kaifeng-2018-online-training.txt"
NOTICE_DATE = date(2018, 12, 15)  # the notice's date, the day these rules start
RULE_VERSION_CODE = "kaifeng-2018"


def src(*clauses: str) -> str:
    """``kaifeng-2018-online-training.txt §三(五)``, or several clauses ``§三(五)、§四(二)3``."""
    return f"{DOC} §" + "、§".join(clauses)


def _fixed(name: str, label: str, value: Any, *clauses: str, assumption: str = "") -> Parameter:
    return Parameter.fixed(name, label, value, src(*clauses), NOTICE_DATE, assumption)


# -- what the notice gives ---------------------------------------------------------------

PROGRAM_HOURS = _fixed("program_hours", "全员培训学时", Decimal(60), "三")
PROGRAM_MODE = _fixed("program_mode", "培训形式：以网络研修为主", Mode.ONLINE, "三")
PROGRAM_LEVELS = _fixed(
    "program_levels", "组织层级：市教育局组织；祥符区、杞县、尉氏县、通许县自行组织",
    frozenset({Level.CITY, Level.COUNTY}), "序言", "二(三)",
)
WORKSHOP_LEADERS = _fixed("workshop_leaders", "每个工作坊的坊主人数", 1, "三(二)")
ENROLLMENT_DEADLINE = _fixed("enrollment_deadline", "报名截止日（月、日）", (12, 20), "四(二)1")
TRAINING_MONTHS = _fixed("training_months", "培训时间（起止月份）", (1, 4), "四(二)2")
TEACHER_FEE = _fixed("teacher_fee", "向参训教师收费（元）", Decimal(0), "四(三)")
PAYROLL_SHARE = _fixed(
    "payroll_share", "市直及各区可从教师工资总额中安排培训经费的比例（下限、上限）",
    (Decimal("0.015"), Decimal("0.025")), "五(二)",
)
PUBLIC_FUNDS_SHARE = _fixed(
    "public_funds_share", "学校可从年度生均公用经费中安排专项资金的比例", Decimal("0.05"), "五(二)",
)
MAKE_UP_TRAINING = _fixed("make_up_training", "培训结束后统一补训", False, "五(四)")


@dataclass(frozen=True)
class AllStaffProgram:
    """One of the two all-staff projects: which school stages it takes and who runs it."""

    code: str
    label: str
    stages: frozenset[SchoolStage]
    institution: str
    source: str

    def described(self) -> Program:
        return Program(
            self.code, self.label, self.source,
            f"{self.institution}承担；60 学时网络研修，综合考核合格者登记 60 学时并发结业证书，"
            "不合格不登记，不再统一补训",
        )


PROGRAMS: dict[str, AllStaffProgram] = {
    "all_staff_jpk": AllStaffProgram(
        "all_staff_jpk",
        "开封市中小学教师（初中、小学、幼儿园）继续教育全员培训",
        # 初中、小学、幼儿园"等"学段 (§四(一)): special-education teachers, who are
        # trainees under §二(一), go with this project rather than the high-school one.
        frozenset({SchoolStage.JUNIOR_HIGH, SchoolStage.PRIMARY, SchoolStage.KINDERGARTEN,
                   SchoolStage.SPECIAL}),
        "中国教师教育网",
        src("四(一)", "四(二)1"),
    ),
    "all_staff_high": AllStaffProgram(
        "all_staff_high",
        "开封市中小学教师（高中）继续教育全员培训",
        frozenset({SchoolStage.SENIOR_HIGH}),
        "陕西师范大学",
        src("四(一)", "四(二)1"),
    ),
}

# The parts of the composite assessment §三(五) names, in its order.
ASSESSMENT_PARTS: dict[str, str] = {
    "course_time": "在线学习课程时间",
    "discussion": "在线研讨交流积分",
    "tasks": "研修任务完成",
}

# -- settings: what the documents leave open ----------------------------------------------

_HENAN = "河南省学时登记办法（教师〔2016〕724号）未收录，通知只援引其名（序言）"

CYCLE_YEARS = _fixed(
    "cycle_years", "继续教育周期（年）", 5, "序言",
    assumption=f"{_HENAN}；取全国通行的五年一周期（教师〔2011〕1号）",
)
CYCLE_ANCHOR_YEAR = _fixed(
    "cycle_anchor_year", "周期起算年", 2016, "序言",
    assumption="通知依据河南省“十三五”指导意见（教师〔2017〕353号），取 2016—2020 年为一周期，其后每五年一期",
)
CYCLE_MINIMUM = _fixed(
    "cycle_minimum", "每周期最低学时", Decimal(360), "序言",
    assumption=f"{_HENAN}；取全国每五年不少于 360 学时的全员培训标准（教师〔2011〕1号）",
)
YEARLY_MINIMUM = _fixed(
    "yearly_minimum", "每年最低学时（河南省年度学时）", Decimal(72), "序言",
    assumption=f"{_HENAN}；河南省的年度学时要求不在文件中，取周期 360 学时的年均 72 学时",
)
FULL_SCORE = _fixed(
    "full_score", "综合考核各项成绩的满分", Decimal(100), "三(五)",
    assumption="通知只说按不同权重综合计算，未给计分制；取各项按百分制计分（平台把在线时长、研讨积分、任务完成各折为 0—100 分）",
)
PASS_MARK = _fixed(
    "pass_mark", "综合考核合格线", Decimal(60), "三(五)",
    assumption="通知只说考核合格者登记学时、发证书，未给合格线；取百分制 60 分",
)
WEIGHT_COURSE_TIME = _fixed(
    "weight_course_time", "默认权重：在线学习课程时间（%）", Decimal(50), "三(五)",
    assumption="权重由各项目方案确定（按不同权重），通知未给；项目未给权重时，以网络研修为主（§三）取在线学习课程时间 50%",
)
WEIGHT_DISCUSSION = _fixed(
    "weight_discussion", "默认权重：在线研讨交流积分（%）", Decimal(20), "三(五)",
    assumption="权重由各项目方案确定，通知未给；项目未给权重时取在线研讨交流积分 20%",
)
WEIGHT_TASKS = _fixed(
    "weight_tasks", "默认权重：研修任务完成（%）", Decimal(30), "三(五)",
    assumption="权重由各项目方案确定，通知未给；项目未给权重时取研修任务完成 30%（三项合计 100%）",
)
ALL_STAFF_PER_CYCLE = _fixed(
    "all_staff_per_cycle", "全员培训合格记录按周期查验", True, "五(三)",
    assumption="“本次培训”为一期，后续各期沿用；必备条件按周期查验（true：本周期内须有合格记录；false：任一期合格即可）",
)
OTHER_MODES = _fixed(
    "other_modes", "可按实际学时登记的其他培训形式", "centralized,online,school_based", "序言",
    assumption=f"{_HENAN}；本通知之外的集中培训、网络研修、校本研修按实际学时登记，自主研修和学历教育另行认定",
)
HOURS_QUANTUM = _fixed(
    "hours_quantum", "其他培训学时的取舍单位", Decimal("0.1"), "序言",
    assumption="文件未规定学时取舍；其他培训的学时按 0.1 学时四舍五入",
)

WEIGHT_SETTINGS: dict[str, Parameter] = {
    "course_time": WEIGHT_COURSE_TIME,
    "discussion": WEIGHT_DISCUSSION,
    "tasks": WEIGHT_TASKS,
}

PARAMETERS: tuple[Parameter, ...] = (
    PROGRAM_HOURS, PROGRAM_MODE, PROGRAM_LEVELS, WORKSHOP_LEADERS, ENROLLMENT_DEADLINE,
    TRAINING_MONTHS, TEACHER_FEE, PAYROLL_SHARE, PUBLIC_FUNDS_SHARE, MAKE_UP_TRAINING,
    CYCLE_YEARS, CYCLE_ANCHOR_YEAR, CYCLE_MINIMUM, YEARLY_MINIMUM, FULL_SCORE, PASS_MARK,
    WEIGHT_COURSE_TIME, WEIGHT_DISCUSSION, WEIGHT_TASKS, ALL_STAFF_PER_CYCLE, OTHER_MODES,
    HOURS_QUANTUM,
)
SETTINGS: tuple[Parameter, ...] = tuple(p for p in PARAMETERS if p.is_setting)

# Categories the conversions put entries in.
CATEGORY_ALL_STAFF = "all_staff_online"
CATEGORY_OTHER = "other_training"
