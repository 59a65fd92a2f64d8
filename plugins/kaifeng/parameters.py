"""开封市的规则参数：每个数字一个带日期的 ``Parameter``，各注出处（文件 §条款）。

The authority is ``kaifeng-2018-online-training.txt``, 开封市教育局《关于开展中小学教师继续
教育全员培训（一期）的通知》(汴教师〔2018〕号, 2018-12-15). It rests on two Henan documents
that are not in the collection (教师〔2017〕353号, the 十三五 guidance, and 教师〔2016〕724号,
the Henan hours-registration rules). Every number those would give is a *setting* here: a
``Parameter`` with an ``assumption`` saying that the notice does not give it, where the
default comes from and that the bureau must confirm it. Such a setting cites no clause
(its source is empty): no clause of the notice holds its figure. A setting that completes
a rule of the notice (the pass mark of §三(五)) cites that rule, pinned to the words it
completes. A bureau may override a setting (``PORTAL_SETTINGS``, ``portal rules --set
name=value``); rules read every value with ``.at(on)``, which sees the override, and name
the settings they used in their steps and findings (``settings=``).

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

from portal.domain import Level, Mode, Parameter, Period, Program, RuleVersion, SchoolStage, Unit
from portal.domain.amounts import hours
from portal.domain.labels import LEVEL_LABELS, codes_in_words
from portal.domain.tenure import PARTIAL_PERIOD_WORDS, PartialPeriod
from portal.domain.text import Text, listing

from .words import MODE_LABELS, MONTHS, _, ngettext, percent

DOC = "kaifeng-2018-online-training.txt"
NOTICE_DATE = date(2018, 12, 15)  # the notice's date (§落款), the day these rules start
# The notice counts 学时, as the Henan registration rules it rests on do.
UNIT = Unit.HOUR
# The notice's title (开封市教育局关于开展中小学教师继续教育全员培训（一期）的通知), as people cite it.
DOCUMENT_TITLE = _("开封市教育局关于开展中小学教师继续教育全员培训（一期）的通知")
ISSUER = _("开封市教育局")


def src(*clauses: str) -> str:
    """``kaifeng-2018-online-training.txt §三(五)``, or several clauses ``§三(五)、§四(二)3``."""
    return f"{DOC} §" + "、§".join(clauses)


# One version: the notice (its date stands at its foot). The core applies it to earlier
# dates too (the earliest version), so the Henan-wide settings cover a whole cycle.
RULE_VERSIONS = (RuleVersion("kaifeng-2018", NOTICE_DATE, src("落款")),)


# The preamble's words naming the Henan hours-registration rules (not in the collection):
# what the hours duties and the registration of other training rest on. Cited for the
# duty, never for a figure; the figures are settings.
HENAN_RULES_CLAUSE = "序言（河南省中小学教师继续教育学时登记管理暂行意见）"
HENAN_RULES = src(HENAN_RULES_CLAUSE)

# -- how values read --------------------------------------------------------------------


def _levels_words(levels: frozenset[Level]) -> Any:
    return listing(LEVEL_LABELS[level] for level in sorted(levels, key=list(Level).index))


def _modes_words(codes: str) -> Any:
    """``centralized,online`` → 集中培训、网络研修 (None for a value with an unknown code)."""
    return codes_in_words(codes, MODE_LABELS, Mode)


def _points(value: Decimal) -> Text:
    return _("{n} 分", n=value)


def _per_cent(value: Decimal) -> Text:
    return _("{n}%", n=value)


def _fixed(name: str, label: Text, value: Any, source: str, words=None) -> Parameter:
    return Parameter.fixed(name, label, value, source, NOTICE_DATE, words=words)


def _setting(name: str, label: Text, value: Any, source: str, assumption: Text, words=None,
             choices: tuple = ()) -> Parameter:
    return Parameter.fixed(name, label, value, source, NOTICE_DATE, assumption, choices, words)


# -- what the notice gives ---------------------------------------------------------------

HOURS_CLAUSE = "三（本次培训学时为60学时）"
PROGRAM_HOURS = _fixed("program_hours", _("全员培训学时"), Decimal(60), src(HOURS_CLAUSE), hours)
PROGRAM_MODE = _fixed("program_mode", _("全员培训的形式"), Mode.ONLINE, src("三（以网络研修为主）"),
                      MODE_LABELS.get)
PROGRAM_LEVELS = _fixed(
    "program_levels", _("全员培训的组织层级（市教育局组织；祥符区、杞县、尉氏县、通许县自行组织）"),
    frozenset({Level.CITY, Level.COUNTY}), src("序言（市教育局决定开展）", "二(三)"), _levels_words,
)
# Whom the all-staff training is for (§二(一)): the teachers in post holding a teacher qualification certificate.
QUALIFIED_CLAUSE = "二(一)（持有教师资格证书的……在职在岗教师）"
SELF_ORGANISED_CLAUSE = "二(三)（祥符区、杞县、尉氏县、通许县结合本单位的实际情况自行组织实施本区域内的中小学教师参加培训）"
SELF_ORGANISED_AREAS = _fixed(
    "self_organised_areas", _("自行组织全员培训的县区（其教师不参加市教育局组织的项目）"),
    ("祥符区", "杞县", "尉氏县", "通许县"), src(SELF_ORGANISED_CLAUSE), listing,
)
WORKSHOP_LEADERS = _fixed("workshop_leaders", _("每个工作坊设坊主人数"), 1, src("三(二)（每个工作坊设置1名坊主）"))
ENROLLMENT_DEADLINE = _fixed(
    "enrollment_deadline", _("报名截止日"), (12, 20), src("四(二)1（报名截止时间为12月20日）"),
    lambda v: _("{month}{day}日", month=MONTHS[v[0] - 1], day=v[1]),
)
TRAINING_MONTHS = _fixed(
    "training_months", _("培训时间（月份）"), (1, 4), src("四(二)2（培训时间为2019年1月至4月）"),
    lambda v: _("{first}至{last}", first=MONTHS[v[0] - 1], last=MONTHS[v[1] - 1]),
)
TEACHER_FEE = _fixed(
    "teacher_fee", _("向参训教师收取的费用"), Decimal(0), src("四(三)（不得向参训教师收取任何费用）"),
    lambda v: _("不收取任何费用") if v == 0 else _("{n} 元", n=v),
)
PAYROLL_SHARE = _fixed(
    "payroll_share", _("市直及各区教育局可从教师工资总额中安排培训经费的比例"),
    (Decimal("0.015"), Decimal("0.025")), src("五(二)（市直及各区教育局可从教师工资总额的1.5%－2.5%中安排培训经费）"),
    lambda v: _("{low}%－{high}%", low=percent(v[0]), high=percent(v[1])),
)
PUBLIC_FUNDS_SHARE = _fixed(
    "public_funds_share", _("学校可从年度生均公用经费中安排专项资金的比例"), Decimal("0.05"),
    src("五(二)（各中小学校可从学校年度生均公用经费的5%中安排专项资金）"),
    lambda v: _per_cent(percent(v)),
)
# Said in words: the rules page shows a yes-or-no figure by its label alone, and this label
# alone read as if a make-up were arranged (a phone trial's teacher read it so).
MAKE_UP_TRAINING = _fixed("make_up_training", _("培训结束后为未参训教师统一安排补训"), False,
                          src("五(四)（未参训的教师不再统一安排补训）"),
                          lambda v: _("统一安排") if v else _("不再统一安排"))
# The necessary condition (必备条件) is the notice's own: no day before the notice's date asks it.
ALL_STAFF_REQUIRED_FROM = _fixed(
    "all_staff_required_from", _("全员培训作为必备条件的起始日（通知日期）"), NOTICE_DATE,
    src("五(三)（将本次培训作为……的必备条件）", "落款"),
)
# When the one-off training ran: a teacher not yet in post by its end could not take it and
# no make-up is held (§五(四)), so the condition is not asked of them.
ALL_STAFF_TRAINING_PERIOD = _fixed(
    "all_staff_training_period", _("全员培训（一期）的培训时间"), Period(date(2019, 1, 1), date(2019, 4, 30)),
    src("四(二)2（培训时间为2019年1月至4月）"), lambda v: _("{start} 至 {end}", start=v.start, end=v.end),
)


@dataclass(frozen=True)
class AllStaffProgram:
    """One of the two all-staff projects: which school stages it takes and who runs it."""

    code: str
    label: Text
    stages: frozenset[SchoolStage]
    institution: Text

    def described(self) -> Program:
        return Program(
            self.code, self.label, src("四(二)1", "四(一)", "三", "四(二)3", "五(四)"),
            _("{institution}承担；{hours}网络研修，综合考核合格者登记学时并发结业证书，不合格不登记；本次培训结束后，未参训的教师不再统一安排补训",
              institution=self.institution, hours=hours(PROGRAM_HOURS.default)),
            mode=PROGRAM_MODE.default,
            # A pass records the program's hours whatever time was spent online (§三(五)).
            needs_hours=False,
        )


PROGRAMS: dict[str, AllStaffProgram] = {
    "all_staff_jpk": AllStaffProgram(
        "all_staff_jpk",
        _("开封市中小学教师（初中、小学、幼儿园）继续教育全员培训"),
        # 初中、小学、幼儿园"等"学段 (§四(一)): special-education teachers, who are
        # trainees under §二(一), go with this project rather than the high-school one.
        frozenset({SchoolStage.JUNIOR_HIGH, SchoolStage.PRIMARY, SchoolStage.KINDERGARTEN,
                   SchoolStage.SPECIAL}),
        _("中国教师教育网"),
    ),
    "all_staff_high": AllStaffProgram(
        "all_staff_high",
        _("开封市中小学教师（高中）继续教育全员培训"),
        frozenset({SchoolStage.SENIOR_HIGH}),
        _("陕西师范大学"),
    ),
}

# The parts of the composite assessment §三(五) names, in its order.
ASSESSMENT_PARTS: dict[str, Text] = {
    "course_time": _("在线学习课程时间"),
    "discussion": _("在线研讨交流积分"),
    "tasks": _("研修任务完成"),
}

# -- settings: what the documents leave open ----------------------------------------------

HENAN_DOCUMENTS = _(
    "本平台未收入通知所依据的河南省教育厅《河南省“十三五”基础教育教师继续教育工作指导意见》（教师〔2017〕353号）和《河南省中小学教师继续教育学时登记管理暂行意见》（教师〔2016〕724号）的原文，此处的默认值未按其核对"
)
_CONFIRM = _("须由教育局按河南省文件确认")

CYCLE_YEARS = _setting(
    "cycle_years", _("继续教育周期的年数"), 5, "",
    _("本通知不载继续教育周期；{documents}。取五年一周期，与“十三五”（2016—2020 年）相合；{confirm}",
      documents=HENAN_DOCUMENTS, confirm=_CONFIRM),
    lambda n: ngettext("{n} 年", "{n} 年", n),
)
CYCLE_ANCHOR_YEAR = _setting(
    "cycle_anchor_year", _("周期起始年"), 2016, "",
    _("本通知不载周期起止；{documents}。取“十三五”首年 2016 年起算（2016—2020、2021—2025 …）；{confirm}",
      documents=HENAN_DOCUMENTS, confirm=_CONFIRM),
)
CYCLE_MINIMUM = _setting(
    "cycle_minimum", _("每周期至少应登记的学时"), Decimal(360), "",
    _("本通知不载每周期的学时要求；{documents}。取全国中小学教师每五年不少于 360 学时的培训要求"
      "（教育部教师〔2011〕1号）；{confirm}", documents=HENAN_DOCUMENTS, confirm=_CONFIRM),
    hours,
)
YEARLY_MINIMUM = _setting(
    "yearly_minimum", _("每年至少应登记的学时"), Decimal(72), "",
    _("本通知不载年度学时要求；{documents}。取每周期 360 学时的年均数 72 学时；{confirm}",
      documents=HENAN_DOCUMENTS, confirm=_CONFIRM),
    hours,
)


def _partial_assumption(period: Text) -> Text:
    return _("本通知不说在岗不满{period}的教师要求多少学时，本平台也未收入河南省文件原文；入职、调入前和全月请假的月份从不计入"
             "，其余默认按在岗月数比例要求；{confirm}", period=period, confirm=_CONFIRM)


PARTIAL_YEAR = _setting(
    "partial_year", _("在岗不满一年的年度学时要求"), PartialPeriod.PRORATA, "",
    _partial_assumption(_("一年")), PARTIAL_PERIOD_WORDS.get, tuple(PartialPeriod),
)
PARTIAL_CYCLE = _setting(
    "partial_cycle", _("在岗不满一个周期的周期学时要求"), PartialPeriod.PRORATA, "",
    _partial_assumption(_("一个周期")), PARTIAL_PERIOD_WORDS.get, tuple(PartialPeriod),
)
_COMPOSITE = src("三(五)（按不同权重综合计算）")
FULL_SCORE = _setting(
    "full_score", _("综合考核各项成绩的满分"), Decimal(100),
    src("三(五)（在线学习课程时间、在线研讨交流积分与研修任务完成）"),
    _("通知只列考核的各项，未给计分制；取各项按百分制计分（平台把在线学习时间、研讨积分、任务完成各折为 0—100 分）；"
      "须由教育局按项目方案确认"),
    _points,
)
PASS_MARK = _setting(
    "pass_mark", _("综合考核合格线"), Decimal(60), src("三(五)（考核合格的教师）"),
    _("通知只说考核合格的教师登记学时、获得证书，未给合格线；取百分制 60 分；须由教育局按项目方案确认"),
    _points,
)


def _weight(code: str, default: int) -> Parameter:
    part = ASSESSMENT_PARTS[code]
    return _setting(
        f"weight_{code}", _("项目未给权重时{part}的权重", part=part), Decimal(default), _COMPOSITE,
        _("权重由项目方案确定（按不同权重综合计算），通知未给；项目未给权重时取{part} {weight}%（三项合计 100%）；"
          "须由教育局确认", part=part, weight=default),
        _per_cent,
    )


WEIGHT_COURSE_TIME = _weight("course_time", 50)
WEIGHT_DISCUSSION = _weight("discussion", 20)
WEIGHT_TASKS = _weight("tasks", 30)
ALL_STAFF_PER_CYCLE = _setting(
    "all_staff_per_cycle", _("全员培训合格记录的查验范围"), False,
    src("五(三)（考核奖励等的必备条件）"),
    _("通知说本次培训（一期）是必备条件，未说有效期，又说本次培训结束后未参训的教师不再统一安排补训；默认任一期合格即可，"
      "不要求教师在新周期再通过一次无法再参加的培训；教育局此后每周期都举办时，可设为本周期内须有合格记录；"
      "须由教育局确认"),
    {True: _("本周期内须有合格记录"), False: _("任一期合格即可")}.get,
)
OTHER_MODES = _setting(
    "other_modes", _("按实际参训学时登记的其他培训形式"), "centralized,online,school_based", "",
    _("本通知只规定全员网络研修；其他培训的学时按《河南省中小学教师继续教育学时登记管理暂行意见》认定，本平台未收入该文件原文；默认集中培训、网络研修、校本研修按实际参训学时登记，自主研修和学历教育另行认定；须由教育局确认"),
    _modes_words,
)
HOURS_QUANTUM = _setting(
    "hours_quantum", _("其他培训学时的取舍单位"), Decimal("0.1"), "",
    _("文件未规定学时的取舍；默认其他培训的学时按 0.1 学时四舍五入；须由教育局确认"),
    hours,
)
ENROLLMENT_DAYS = _setting(
    "enrollment_days", _("每期报名开放的天数（含截止日）"), 6, src("四(二)1（报名截止时间为12月20日）"),
    _("通知只给报名截止日，未给报名开始日；一期报名随 2018 年 12 月 15 日的通知开始，到 12 月 20 日截止，共 6 天；"
      "此后各期默认同样在截止日前 6 天开始报名；各期日期以教育局的通知为准，须由教育局确认"),
    lambda n: ngettext("{n} 天", "{n} 天", n),
)

WEIGHT_SETTINGS: dict[str, Parameter] = {
    "course_time": WEIGHT_COURSE_TIME,
    "discussion": WEIGHT_DISCUSSION,
    "tasks": WEIGHT_TASKS,
}
CYCLE_SETTINGS = (CYCLE_MINIMUM.name, CYCLE_YEARS.name, CYCLE_ANCHOR_YEAR.name)

PARAMETERS: tuple[Parameter, ...] = (
    PROGRAM_HOURS, PROGRAM_MODE, PROGRAM_LEVELS, WORKSHOP_LEADERS, ENROLLMENT_DEADLINE,
    TRAINING_MONTHS, TEACHER_FEE, PAYROLL_SHARE, PUBLIC_FUNDS_SHARE, MAKE_UP_TRAINING,
    ALL_STAFF_REQUIRED_FROM, ALL_STAFF_TRAINING_PERIOD,
    CYCLE_YEARS, CYCLE_ANCHOR_YEAR, CYCLE_MINIMUM, YEARLY_MINIMUM, PARTIAL_YEAR, PARTIAL_CYCLE,
    FULL_SCORE, PASS_MARK, WEIGHT_COURSE_TIME, WEIGHT_DISCUSSION, WEIGHT_TASKS, ALL_STAFF_PER_CYCLE,
    OTHER_MODES, HOURS_QUANTUM, ENROLLMENT_DAYS,
)
SETTINGS: tuple[Parameter, ...] = tuple(p for p in PARAMETERS if p.is_setting)

# Categories the conversions put entries in.
CATEGORY_ALL_STAFF = "all_staff_online"
CATEGORY_OTHER = "other_training"
