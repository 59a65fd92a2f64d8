"""Converting one activity into Shanxi credits (晋教师〔2017〕14号 §四), every step explained.

No Flask, no database, no I/O; Decimal only. Every number comes from ``parameters``; every
step cites ``file §clause`` and names the settings it relied on.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from portal.domain import (
    Activity, ActivityField, ActivityRole, CreditResult, Grade, InvalidInput, Level, Mode, Step, Unit,
)
from portal.domain.amounts import ROUNDING_WORDS, ROUNDINGS, clean, credits, hours, rounded
from portal.domain.labels import GRADE_LABELS
from portal.domain.text import Text, listing

from . import parameters as P
from .categories import (
    CATEGORY_LABELS, CENTRALIZED_CITY_UP, CENTRALIZED_COUNTY, DEGREE, ONLINE, PROBATION, PROBATION_CENTRALIZED,
    PROBATION_SCHOOL_ONLINE, PROGRAM_LABELS, SCHOOL_BASED, SELF_STUDY, TRAINING_SERVICE,
)
from .parameters import src
from .words import ROLE_LABELS, _, level_word, mode_word, ngettext

ROUNDING_SETTINGS = ("credit_quantum", "credit_rounding")



def activity_fields(on: date) -> tuple:
    """What the calculator asks (规则试算): level, mode, hours, days, dates, grade, role, program,
    the credits a county recognised (degree courses §四(三), self-study achievements §四(四),
    teaching in a training §三(二)) and the compulsory content (§三(三), ticked from the topics a
    project lists). Probation is a program, so the year in post is not asked."""
    return ("level", "mode", "hours", "days", "start", "end", "grade", "role", "program",
            ActivityField("base_credits", _("认定学分（学历教育课程、自主研修成果、授课指导时填写）")),
            ActivityField("topics", _("含必修内容")))

def rounded_credits(value: Decimal, on: date) -> tuple[Decimal, Text]:
    """Credits rounded as the settings ``credit_quantum`` and ``credit_rounding`` say, and
    the words for it (保留一位小数，四舍五入)."""
    quantum = P.CREDIT_QUANTUM.at(on)
    if quantum <= 0:
        raise InvalidInput("credit_quantum", _("学分保留到的位数须大于 0"))
    name = P.CREDIT_ROUNDING.at(on)
    amount = clean(rounded(value, quantum, ROUNDINGS[name]))
    return amount, _("{places}，{rounding}", places=P.CREDIT_QUANTUM.display(quantum), rounding=ROUNDING_WORDS[name])


def convert(activity: Activity, on: date) -> CreditResult:
    """Convert one activity under the rules in force on ``on``.

    The probation program → hours (§三(二)); a role other than participant → credits the
    authority grants (§三(二) 酌情转换); degree courses → credits the county recognised
    (§四(三)); self-study achievements → credits the county assigned (§四(四)); every
    other training → hours ÷ the rate of its level and mode (§四(一)) with the grade (§四(二)).
    """
    if activity.program is not None and activity.program not in PROGRAM_LABELS:
        raise InvalidInput("program", _("文件没有这一培训项目；可选的项目：{programs}",
                                        programs=listing(PROGRAM_LABELS.values())))
    if activity.program == PROBATION:
        return convert_probation(activity, on)
    if activity.role != ActivityRole.PARTICIPANT or activity.program == TRAINING_SERVICE:
        return convert_training_service(activity, on)
    if activity.mode == Mode.DEGREE:
        return convert_declared(activity, on, DEGREE, src("四(三)"),
                                _("学历教育课程，经区县教师继续教育管理部门按学习结果认定"))
    if activity.mode == Mode.SELF_STUDY:
        return convert_declared(activity, on, SELF_STUDY, src("四(四)"),
                                _("自主研修成果（专业奖励、荣誉称号、论文发表、著述出版），由区县按其制度赋予学分"))
    return convert_training(activity, on)


def capped_hours(activity: Activity, on: date) -> tuple[Decimal, list[Step]]:
    """The hours that count: all of them, unless the bureau set a daily cap (the document
    sets none)."""
    cap = P.DAILY_HOURS_CAP.at(on)
    if cap <= 0:
        return activity.hours, []
    source = P.DAILY_HOURS_CAP.source_at(on)
    settings = (P.DAILY_HOURS_CAP.name,)
    days = activity.spanned_days
    if days is None:
        return activity.hours, [Step(_("未填写天数，不按每天最多 {cap}核对", cap=hours(cap)),
                                     activity.hours, source, settings)]
    limit = cap * days
    if activity.hours <= limit:
        return activity.hours, [Step(
            ngettext("{n} 天最多计 {limit}（每天 {cap}），{hours}全部计入",
                     "{n} 天最多计 {limit}（每天 {cap}），{hours}全部计入", days,
                     limit=hours(limit), cap=hours(cap), hours=hours(activity.hours)),
            activity.hours, source, settings)]
    return limit, [Step(
        ngettext("{n} 天最多计 {limit}（每天 {cap}），{hours}按 {limit}计",
                 "{n} 天最多计 {limit}（每天 {cap}），{hours}按 {limit}计", days,
                 limit=hours(limit), cap=hours(cap), hours=hours(activity.hours)),
        limit, source, settings)]


def hours_per_credit(level: Level, mode: Mode, on: date) -> tuple[Decimal, Text, tuple[str, ...]]:
    """The hours that make one credit for a centralized, online or school-based training
    (§四(一)), the words for the rate, and the settings it relied on."""
    if mode == Mode.CENTRALIZED:
        if level in (Level.NATIONAL, Level.PROVINCIAL):
            return P.HOURS_PER_CREDIT_CENTRALIZED_PROVINCIAL_UP.at(on), _("省级及以上集中培训"), ()
        if level in (Level.CITY, Level.COUNTY):
            return P.HOURS_PER_CREDIT_CENTRALIZED_CITY_COUNTY.at(on), _("市级和县(区)级集中培训"), ()
        # §四(一) gives no rate for a school's own centralized training; §二(一) calls the
        # school level 校本研修.
        return (P.SCHOOL_CENTRALIZED_HOURS_PER_CREDIT.at(on), _("校本研修（学校组织的培训属校本研修）"),
                (P.SCHOOL_CENTRALIZED_HOURS_PER_CREDIT.name,))
    return P.HOURS_PER_CREDIT_ONLINE_SCHOOL_BASED.at(on), _("网络研修和校本研修"), ()


def training_category(level: Level, mode: Mode) -> str:
    """City level or higher centralized training counts for §三(二)'s 20 credits."""
    if mode == Mode.CENTRALIZED:
        if level in (Level.NATIONAL, Level.PROVINCIAL, Level.CITY):
            return CENTRALIZED_CITY_UP
        if level == Level.COUNTY:
            return CENTRALIZED_COUNTY
        return SCHOOL_BASED
    return ONLINE if mode == Mode.ONLINE else SCHOOL_BASED


def convert_training(activity: Activity, on: date) -> CreditResult:
    """Hours ÷ the level's rate (§四(一)), then the grade (§四(二)), rounded (settings)."""
    rate, rate_words, rate_settings = hours_per_credit(activity.level, activity.mode, on)
    category = training_category(activity.level, activity.mode)
    source = src("四(一)")
    steps = [Step(
        _("{level}{mode}，按{rate_words}每 {rate}折算 1 学分（基础折算为每 {base}即半天折算 1 学分）",
          level=level_word(activity.level), mode=mode_word(activity.mode), rate_words=rate_words,
          rate=hours(rate), base=hours(P.BASE_HOURS_PER_CREDIT.at(on))),
        rate, source, rate_settings)]
    if activity.base_credits is not None:
        steps.append(Step(_("按学时折算学分，不采用项目申报的 {amount}", amount=credits(activity.base_credits)),
                          None, source))
    counted, cap_steps = capped_hours(activity, on)
    steps += cap_steps
    exact = counted / rate
    base, how = rounded_credits(exact, on)
    if base == exact:
        steps.append(Step(_("{hours} ÷ {rate} = {amount}（基本学分，即按学时计的研训经历学分）", hours=hours(counted), rate=rate,
                            amount=credits(base)), base, source))
    else:
        steps.append(Step(_("{hours} ÷ {rate}，{how}，得 {amount}（基本学分，即按学时计的研训经历学分）", hours=hours(counted), rate=rate,
                            how=how, amount=credits(base)), base, source, ROUNDING_SETTINGS))
    amount, grade_steps = apply_grade(base, activity.grade, on, (counted, rate))
    steps += grade_steps
    steps.append(category_step(category, src("三(二)") if category == CENTRALIZED_CITY_UP else source))
    steps += topic_steps(activity.topics, on)
    return CreditResult(amount, Unit.CREDIT, category, tuple(steps))


def category_step(category: str, source: str, note: Text | None = None) -> Step:
    label = CATEGORY_LABELS[category]
    text = _("计入“{category}”", category=label) if note is None else _(
        "计入“{category}”（{note}）", category=label, note=note)
    return Step(text, label, source)


def effective_grade(grade: Grade | None, on: date) -> tuple[Grade, list[Step]]:
    """The grade to apply; a missing grade counts as the setting ``missing_grade`` says (合格)."""
    if grade is not None:
        return grade, []
    assumed = Grade(P.MISSING_GRADE.at(on))
    return assumed, [Step(_("未填写考核等级，按“{grade}”计", grade=GRADE_LABELS[assumed]), GRADE_LABELS[assumed],
                          P.MISSING_GRADE.source_at(on), (P.MISSING_GRADE.name,))]


def with_bonus(original: Decimal, bonus_rate: Decimal) -> Decimal:
    """The credits of a training graded 优 or 良: 在其原学分基础上分别增加20%、10%学分奖励
    (§四(二)), the original credits plus the bonus rate of them, not yet rounded."""
    return original * (1 + bonus_rate)


def apply_grade(base: Decimal, grade: Grade | None, on: date,
                converted: tuple[Decimal, Decimal] | None = None) -> tuple[Decimal, list[Step]]:
    """合格 the base credits, 优 +20%, 良 +10% on them, 不合格 nothing (§四(二)).

    ``converted`` is the hours and the rate ``base`` was rounded from (§四(一)). The document
    says neither how credits are rounded nor whether the bonus is added before or after: on
    the rounded base credits (the setting ``bonus_on_rounded_base``, the default) or on the
    unrounded hours ÷ rate, the total rounded once."""
    grade, steps = effective_grade(grade, on)
    source = P.GRADE_BONUS.source_at(on)
    bonus_rate = P.GRADE_BONUS.at(on)[grade]
    if bonus_rate is None:
        steps.append(Step(_("考核“不合格”，不能取得该项目学分"), Decimal(0), source))
        return Decimal(0), steps
    if bonus_rate == 0:
        steps.append(Step(_("考核“{grade}”，认定基本学分 {amount}", grade=GRADE_LABELS[grade], amount=credits(base)),
                          base, source))
        return base, steps
    was_rounded = converted is not None and converted[0] / converted[1] != base
    order = (P.BONUS_ON_ROUNDED_BASE.name,) if was_rounded else ()
    if was_rounded and not P.BONUS_ON_ROUNDED_BASE.at(on):
        counted, rate = converted
        exact = with_bonus(counted, bonus_rate) / rate
        amount, how = rounded_credits(exact, on)
        figures = dict(grade=GRADE_LABELS[grade], percent=bonus_rate * 100, hours=hours(counted),
                       factor=1 + bonus_rate, rate=rate, amount=credits(amount))
        if amount == exact:
            steps.append(Step(_("考核“{grade}”，在未取舍的折算结果上增加 {percent}%：{hours} × {factor} ÷ {rate} = "
                                "{amount}", **figures), amount, source, order))
        else:
            steps.append(Step(_("考核“{grade}”，在未取舍的折算结果上增加 {percent}%：{hours} × {factor} ÷ {rate}，"
                                "{how}，得 {amount}", how=how, **figures), amount, source, ROUNDING_SETTINGS + order))
        return amount, steps
    exact = with_bonus(base, bonus_rate)
    amount, how = rounded_credits(exact, on)
    figures = dict(grade=GRADE_LABELS[grade], percent=bonus_rate * 100, base=base, factor=1 + bonus_rate,
                   exact=credits(exact))
    if amount == exact:
        steps.append(Step(_("考核“{grade}”，在原学分上增加 {percent}%：{base} × {factor} = {exact}", **figures),
                          amount, source, order))
    else:
        steps.append(Step(_("考核“{grade}”，在原学分上增加 {percent}%：{base} × {factor} = {exact}，{how}，得 {amount}",
                            how=how, amount=credits(amount), **figures), amount, source, ROUNDING_SETTINGS + order))
    return amount, steps


def convert_declared(activity: Activity, on: date, category: str, source: str, what: Text) -> CreditResult:
    """Credits a county recognised (§四(三) degree courses, §四(四) achievements).

    The document gives no hour rate for these: the recognised credits come in as
    ``base_credits``. A failed course gives nothing; no grade bonus (§四(二) is the
    organiser's assessment of a training project).
    """
    if activity.base_credits is None:
        raise InvalidInput("base_credits", _("{what}：请填写认定的学分", what=mode_word(activity.mode)))
    steps = [Step(_("{what}：认定 {amount}", what=what, amount=credits(activity.base_credits)),
                  activity.base_credits, source)]
    amount = activity.base_credits
    if activity.grade == Grade.FAIL:
        steps.append(Step(_("学习结果“不合格”，不认定学分"), Decimal(0), source))
        amount = Decimal(0)
    elif activity.grade is not None and P.GRADE_BONUS.at(on)[activity.grade]:
        steps.append(Step(_("考核等级奖励只适用于培训项目的综合考核，此项不加奖励"), amount,
                          P.GRADE_BONUS.source_at(on)))
    if category == SELF_STUDY:
        cap = P.SELF_STUDY_CAP.at(on)
        # a note, not a figure: the cap is applied to the cycle's sum, and a value here read as
        # the credits this achievement gave (20 after its 5, phone trial)
        steps.append(Step(_("五年周期内自主研修成果最多认定 {cap}（在周期统计时封顶）", cap=credits(cap)), None,
                          P.SELF_STUDY_CAP.source_at(on)))
    steps.append(category_step(category, source))
    steps += topic_steps(activity.topics, on)
    return CreditResult(clean(amount), Unit.CREDIT, category, tuple(steps))


def convert_training_service(activity: Activity, on: date) -> CreditResult:
    """Teaching or mentoring in a training: 一线教师参与培训、教研工作可酌情转换学分 (§三(二)).

    The document leaves the amount to the authority, so it comes in as ``base_credits``. A
    claim has no role: the program ``training_service`` says the same.
    """
    source = src(P.TRAINING_SERVICE_CLAUSE)
    if activity.mode in (Mode.DEGREE, Mode.SELF_STUDY):
        raise InvalidInput("role", _("{mode}只能以参训者身份登记", mode=mode_word(activity.mode)))
    if activity.base_credits is None:
        raise InvalidInput("base_credits", _("参与培训、教研工作的学分由主管部门酌情转换，请填写认定的学分"))
    if activity.role == ActivityRole.PARTICIPANT:
        said = _("参与{level}培训、教研工作（授课、指导等），酌情转换 {amount}", level=level_word(activity.level),
                 amount=credits(activity.base_credits))
    else:
        said = _("在{level}{mode}中{role}，属参与培训、教研工作，酌情转换 {amount}",
                 level=level_word(activity.level), mode=mode_word(activity.mode), role=ROLE_LABELS[activity.role],
                 amount=credits(activity.base_credits))
    steps = [
        Step(said, activity.base_credits, source),
        category_step(TRAINING_SERVICE, source, _("不计作参加市级及以上集中研修的学分")),
    ]
    steps += topic_steps(activity.topics, on)
    return CreditResult(clean(activity.base_credits), Unit.CREDIT, TRAINING_SERVICE, tuple(steps))


def convert_probation(activity: Activity, on: date) -> CreditResult:
    """New-teacher probation training: recorded in hours (§三(二): credits are registered
    from the year of 转正); centralized and school-based + online kept apart."""
    source = src(P.PROBATION_CLAUSE)
    if activity.role != ActivityRole.PARTICIPANT:
        raise InvalidInput("role", _("试用期培训只登记参训的新任教师"))
    if activity.service_year is not None and activity.service_year > P.PROBATION_YEARS.at(on):
        raise InvalidInput("service_year", _("新任教师试用期培训只在第一学年"))
    if activity.mode == Mode.CENTRALIZED:
        category, need = PROBATION_CENTRALIZED, P.PROBATION_CENTRALIZED_MINIMUM.at(on)
    elif activity.mode in (Mode.SCHOOL_BASED, Mode.ONLINE):
        category, need = PROBATION_SCHOOL_ONLINE, P.PROBATION_SCHOOL_ONLINE_MINIMUM.at(on)
    else:
        raise InvalidInput("mode", _("试用期培训只有集中培训、校本培训与网络研修"))
    counted, steps = capped_hours(activity, on)
    steps.insert(0, Step(
        _("新任教师试用期培训按学时登记（从转正年度开始才登记学分）：{mode} {hours}，计入“{category}”"
          "（第一学年须不少于 {need}）", mode=mode_word(activity.mode), hours=hours(activity.hours),
          category=CATEGORY_LABELS[category], need=hours(need)),
        activity.hours, source))
    amount = counted
    if activity.grade == Grade.FAIL and P.PROBATION_FAIL_GIVES_NO_HOURS.at(on):
        steps.append(Step(_("考核“不合格”，不计学时"), Decimal(0), P.PROBATION_FAIL_GIVES_NO_HOURS.source_at(on),
                          (P.PROBATION_FAIL_GIVES_NO_HOURS.name,)))
        amount = Decimal(0)
    steps += topic_steps(activity.topics, on)
    return CreditResult(clean(amount), Unit.HOUR, category, tuple(steps))


def topic_steps(topics: Iterable[str], on: date) -> list[Step]:
    """Compulsory content (师德教育, 信息技术应用能力) is marked (§三(三))."""
    labels = P.COMPULSORY_TOPICS.at(on)
    source = P.COMPULSORY_TOPICS.source_at(on)
    return [Step(_("含必修内容“{topic}”", topic=labels[t]), labels[t], source) for t in topics if t in labels]
