"""Every number of the Qingdao / Shinan rules, dated, each with the clause it comes from.

Sources are the two notices in the policy folder:

* ``qingdao-shinan-2017-credit-registration.txt`` (2017-12-04): how credits are registered,
  annex 1 the Shinan credit standard table (11 rows, cited as ``§附件1 第N项``);
* ``qingdao-shinan-2018-training-notice.txt`` (2018-04-13): annex 1 the Qingdao credit
  structure (明白纸) in force "2018 年开始", and the 不超过 / 不低于 notes printed at its end.

A value the documents do not give carries a source starting with ``ASSUMPTION:`` and
the reason; ``assumptions()`` lists them for ``portal rules describe``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from portal.domain import ActivityRole, Level, Mode

F2017 = "qingdao-shinan-2017-credit-registration.txt"
F2018 = "qingdao-shinan-2018-training-notice.txt"
ASSUMPTION = "ASSUMPTION: "

RULES_2017_FROM = date(2017, 1, 1)
RULES_2018_FROM = date(2018, 1, 1)


@dataclass(frozen=True)
class Value:
    """One value of a parameter, in force from ``since`` until the next value."""

    since: date
    value: object
    source: str

    @property
    def is_assumption(self) -> bool:
        return self.source.startswith(ASSUMPTION)


@dataclass(frozen=True)
class Parameter:
    name: str
    description: str
    values: tuple[Value, ...]

    def at(self, on: date) -> Value:
        """The value in force on ``on``; before the first date, the first value."""
        current = self.values[0]
        for value in self.values:
            if value.since <= on:
                current = value
        return current


def _p(name: str, description: str, *values: Value) -> Parameter:
    return Parameter(name, description, tuple(sorted(values, key=lambda v: v.since)))


# Rule versions -------------------------------------------------------------------------

@dataclass(frozen=True)
class Version:
    code: str
    effective_from: date
    source: str


RULE_VERSIONS = (
    Version("qingdao-2017", RULES_2017_FROM, f"{F2017} §附件1"),
    Version("qingdao-2018", RULES_2018_FROM, f"{F2018} §附件1（“2018 年开始教师培训结构体系如下”）"),
)
RULE_VERSION_NOTE = (
    ASSUMPTION + "2017 年标准表用于 2017 年度登记（通知标题“2017年度…学分系统登记”），"
    "故自 2017-01-01 起；更早的日期也按最早的这一版处理"
)

# Conversion ----------------------------------------------------------------------------

CREDITS_PER_HOUR = _p(
    "credits_per_hour", "一般情况下参加培训 1 小时计 1 学时，1 学时计 1 学分",
    Value(RULES_2017_FROM, Decimal(1), f"{F2017} §附件1 第6项（1小时1学时，1学时1学分）"),
    Value(RULES_2018_FROM, Decimal(1), f"{F2018} §附件1（1 小时计 1 学时，1 学时计 1 学分）"),
)

DAILY_CAP = _p(
    "daily_cap", "每天计不超过 8 学分（2017 年标准表未规定）",
    Value(RULES_2017_FROM, None, f"{F2017} §附件1（未规定每日上限）"),
    Value(RULES_2018_FROM, Decimal(8), f"{F2018} §附件1（每天计不超过 8 学分）"),
)

SCHOOL_BASED_DAILY_CAP = _p(
    "school_based_daily_cap", "校本培训每天不超过 6 学分（2017 年标准表未规定）",
    Value(RULES_2017_FROM, None, f"{F2017} §二2（参照各校校本培训标准，未规定每日上限）"),
    Value(RULES_2018_FROM, Decimal(6), f"{F2018} §附件1（其中校本培训每天不超过 6 学分）"),
)

TEACHING_HOUR_FACTOR = _p(
    "teaching_hour_factor", "承担培训任务 / 出课的教师按 2 倍授课学时登记（1小时2学分）",
    Value(RULES_2017_FROM, Decimal(2), f"{F2017} §附件1 第1、2、3、5、7项（1小时2学分）"),
)

PRORATA_QUANTUM = _p(
    "prorata_quantum", "按标准学分/标准学时折算时的取舍：保留一位小数，四舍五入",
    Value(RULES_2017_FROM, Decimal("0.1"),
          ASSUMPTION + "文件未规定未满标准学时时的折算与取舍；按标准比例折算，保留一位小数"),
)

PRORATA_RULE = (
    ASSUMPTION + "附件1 的固定学分以完成标准学时为前提（“要达到120学时”），并“根据…实际出勤情况登记”；"
    "出勤不足时按 标准学分÷标准学时 折算，至多登记标准学分"
)

DAYS_FROM_DATES = (
    ASSUMPTION + "Activity 未给 days 时按 start 至 end 的自然日数（含首尾）计算；"
    "两者都没有而按学时计得的学分超过一天上限时，无法适用每日上限，拒绝换算"
)

SCHOOL_BASED_WHEN = (
    ASSUMPTION + "mode 为 school_based 或 level 为 school 的培训按校本培训计（学校登记，§二2）"
)


@dataclass(frozen=True)
class Standard:
    """A row's fixed figure: the hours it asks for and the credits registered for them."""

    hours: Decimal
    credits: Decimal


@dataclass(frozen=True)
class Program:
    """A row of the Shinan credit standard table (2017 annex 1), or the general rule."""

    code: str
    label: str
    source: str
    since: date
    level: Level | None  # the level the row belongs to; None: any
    how: str  # "fixed" (standard credits), "hourly" (1:1), "task" (on completion), "certified"
    standard: Standard | None = None
    by_service_year: dict[int, Standard] = field(default_factory=dict)
    task_credits: Decimal | None = None
    teaching_roles: frozenset[ActivityRole] = frozenset()  # roles credited 2 per teaching hour
    mentor_credits: Decimal | None = None
    needs_evaluation: bool = False  # credits only after the evaluation is passed


def _row(n: int) -> str:
    return f"{F2017} §附件1 第{n}项"


TEACHING = frozenset({ActivityRole.INSTRUCTOR, ActivityRole.PRESENTER})
PROGRAM_MODES = frozenset({Mode.CENTRALIZED, Mode.ONLINE})

PROGRAMS: tuple[Program, ...] = (
    Program(
        "new_teacher", "市南区新教师培训", _row(1), RULES_2017_FROM, Level.COUNTY, "fixed",
        by_service_year={
            1: Standard(Decimal(120), Decimal(72)),
            2: Standard(Decimal(64), Decimal(64)),
            3: Standard(Decimal(48), Decimal(48)),
        },
        teaching_roles=TEACHING, mentor_credits=Decimal(100),
    ),
    Program("backbone", "市南区骨干教师培训", _row(2), RULES_2017_FROM, Level.COUNTY, "fixed",
            standard=Standard(Decimal(48), Decimal(48)), teaching_roles=TEACHING),
    Program("subject_leader", "市南区学科带头人培训班", _row(3), RULES_2017_FROM, Level.COUNTY, "fixed",
            standard=Standard(Decimal(90), Decimal(90)), teaching_roles=TEACHING),
    Program("head_teacher", "市南区班主任培训班", _row(4), RULES_2017_FROM, Level.COUNTY, "fixed",
            standard=Standard(Decimal(90), Decimal(90))),
    Program("music_pe_art", "市南区音体美教师培训班", _row(5), RULES_2017_FROM, Level.COUNTY, "fixed",
            standard=Standard(Decimal(48), Decimal(48)), teaching_roles=TEACHING),
    Program("cadre", "市南区干部培训", _row(6), RULES_2017_FROM, Level.COUNTY, "hourly"),
    Program("teaching_research", "市南区教研活动", _row(7), RULES_2017_FROM, Level.COUNTY, "fixed",
            standard=Standard(Decimal(24), Decimal(24)), teaching_roles=TEACHING),
    Program("topic", "市南区各类专题培训", _row(8), RULES_2017_FROM, Level.COUNTY, "hourly"),
    Program("other", "其他情况（区教育研究中心据实认定）", _row(9), RULES_2017_FROM, None, "certified"),
    Program("internet_plus_compulsory", "省互联网+教师专业发展（必修）", _row(10), RULES_2017_FROM,
            Level.PROVINCIAL, "task", task_credits=Decimal(18)),
    Program("internet_plus_elective", "省互联网+教师专业发展（选修）", _row(10), RULES_2017_FROM,
            Level.PROVINCIAL, "task", task_credits=Decimal(18)),
    Program("city_personalized", "基于教师需求的市级教师个性化培训", _row(11), RULES_2017_FROM,
            Level.CITY, "hourly", needs_evaluation=True),
)
PROGRAM_BY_CODE = {p.code: p for p in PROGRAMS}

# Categories ----------------------------------------------------------------------------

A_CLASS = "a_class"
SCHOOL_BASED = "school_based"
A_CLASS_SOURCE = (
    f"{F2018} §附件3后“不低于解释”（A 类学分）；"
    + ASSUMPTION + "文件未列 A 类的范围：取校本以外的各级培训，360 = A 类 240 + 校本 120"
)
SCHOOL_BASED_SOURCE = f"{F2018} §附件3后“不超过解释”（校本培训学分）"

# Cycle and yearly duties ----------------------------------------------------------------

CYCLE_YEARS = _p(
    "cycle_years", "原则上每五年为一个周期",
    Value(RULES_2017_FROM, 5, f"{F2018} §一（原则上每五年为一个周期）"),
)
CYCLE_ANCHOR_YEAR = _p(
    "cycle_anchor_year", "周期起始年",
    Value(RULES_2017_FROM, 2018,
          ASSUMPTION + "文件未给周期起点；取学分应用规定实施的 2018 年（§附件1“自 2018 年 1 月 1 日开始实施”）"),
)
CYCLE_REQUIRED = _p(
    "cycle_required", "每周期不少于 360 学分",
    Value(RULES_2017_FROM, Decimal(360), f"{F2018} §一（每周期内…不少于360学分）"),
)
YEARLY_REQUIRED = _p(
    "yearly_required", "每年不少于 48 学分（仅用于当年年度考核：达不到不得评为优秀）",
    Value(RULES_2017_FROM, Decimal(48), f"{F2018} §附件1（每年不低于 48 学分的要求，仅用于当年教师年度考核）"),
)
SCHOOL_BASED_CYCLE_CAP = _p(
    "school_based_cycle_cap", "五年内校本培训学分至多计 120（超过按 120 计）",
    Value(RULES_2017_FROM, Decimal(120), f"{F2018} §附件3后“不超过解释”"),
)
A_CLASS_CYCLE_MINIMUM = _p(
    "a_class_cycle_minimum", "五年内 A 类学分不低于 240（低于即不达标）",
    Value(RULES_2017_FROM, Decimal(240), f"{F2018} §附件3后“不低于解释”"),
)
PERSONALIZED_MINIMUM = _p(
    "personalized_minimum", "每位教师 5 年内参与市级个性化培训不少于 3 次",
    Value(RULES_2017_FROM, 3, f"{F2018} §二（5年内参与市级个性化培训不少于3次）"),
)

# Uses of credits (in force from 2018-01-01) ---------------------------------------------

APPLICATION_FROM = _p(
    "application_from", "教师培训学分应用规定实施日期",
    Value(RULES_2017_FROM, RULES_2018_FROM, f"{F2018} §附件1（教师培训学分应用规定自 2018 年 1 月 1 日开始实施）"),
)
TITLE_JUNIOR = _p(
    "title_junior", "初级职称评审：近一年内不少于 72 学分",
    Value(RULES_2018_FROM, (1, Decimal(72)), f"{F2018} §附件1(一)（初级职称…近一年内…不少于 72学分）"),
)
TITLE_INTERMEDIATE = _p(
    "title_intermediate", "中级职称评审：按任职年限，近 N 年内不少于对应学分（年数 → 学分）",
    Value(RULES_2018_FROM, {1: Decimal(72), 3: Decimal(216), 4: Decimal(288)},
          f"{F2018} §附件1(一)（任职一年 72，任职三年 216，任职四年及以上 288）"),
)
TITLE_INTERMEDIATE_TWO_YEARS = _p(
    "title_intermediate_two_years", "中级职称评审、任职两年：近两年内不少于 144 学分",
    Value(RULES_2018_FROM, Decimal(144),
          ASSUMPTION + "文件只列任职一、三、四年及以上；任职两年按同一比例（每年 72）取 144"),
)
TITLE_SENIOR = _p(
    "title_senior", "高级与正高级职称评审：近五年内不少于 360 学分",
    Value(RULES_2018_FROM, (5, Decimal(360)), f"{F2018} §附件1(一)（高级职称和正高级职称…近五年内…不少于 360 学分）"),
)
CERTIFICATE = _p(
    "certificate_registration", "教师资格定期注册：五年 360 学分",
    Value(RULES_2018_FROM, (5, Decimal(360)), f"{F2018} §附件1(二)（每五年一注册，达不到五年360 学分…暂缓注册）"),
)
AWARDS = _p(
    "awards", "评优评先：近五年内不少于 360 学分",
    Value(RULES_2018_FROM, (5, Decimal(360)), f"{F2018} §附件1(四)（参评者近五年内培训学分不少于 360 学分）"),
)
ANNUAL_RATING_SOURCE = f"{F2018} §附件1(三)（达不到最低培训学分（48 分）要求的，其年度考核不得确定为优秀等次）"
FIVE_YEAR_WINDOW_CAP_NOTE = (
    f"{F2018} §附件3后“不超过解释”；" + ASSUMPTION
    + "近五年 360 学分的各项用途同样按校本至多计 120 学分统计（“以上学分统计均按照应用周期内累计得分计算”）"
)
ROLLING_WINDOW_NOTE = (
    ASSUMPTION + "“近 N 年内”按截至当日向前 N 年（含当日）滚动计算；任职年限自 title_date 起算，缺则自 entered_post 起算"
)

# Compulsory content, recorded on projects as topic codes

COMPULSORY_TOPICS = {
    "ethics": "师德师风",
    "mental_health": "心理健康",
    "it": "信息技术",
    "child_protection_law": "儿童保护法律教育",
    "financial_literacy": "财经素养",
}
COMPULSORY_TOPICS_SOURCE = f"{F2018} §三（将师德师风、心理健康、信息技术、儿童保护法律教育、财经素养等作为培训的必修内容）"
COMPULSORY_TOPICS_WINDOW = (
    ASSUMPTION + "文件未给必修内容的期限与次数；按每位教师本周期内每项至少参加一次（学分大于 0）核对"
)


def all_parameters() -> tuple[Parameter, ...]:
    return tuple(v for v in globals().values() if isinstance(v, Parameter))


def assumptions() -> list[tuple[str, str]]:
    """(name, reason) of every value and note that the documents do not give."""
    found = [
        (p.name, v.source) for p in all_parameters() for v in p.values if v.is_assumption
    ]
    notes = {
        "rule_version_dates": RULE_VERSION_NOTE,
        "prorata": PRORATA_RULE,
        "days_from_dates": DAYS_FROM_DATES,
        "school_based_when": SCHOOL_BASED_WHEN,
        "a_class": A_CLASS_SOURCE[A_CLASS_SOURCE.index(ASSUMPTION):],
        "five_year_window_cap": FIVE_YEAR_WINDOW_CAP_NOTE[FIVE_YEAR_WINDOW_CAP_NOTE.index(ASSUMPTION):],
        "rolling_windows": ROLLING_WINDOW_NOTE,
        "compulsory_topics_window": COMPULSORY_TOPICS_WINDOW,
    }
    return found + list(notes.items())
