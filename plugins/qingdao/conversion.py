"""Credits for one activity: the Shinan standard table (2017 annex 1) and the Qingdao
credit structure (2018 annex 1), with every step citing its clause.

Where a step relies on a setting (a value the documents leave open) it names it in
``settings``; the page shows the setting in words. No Flask, no database, Decimal only.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from portal.domain import (
    Activity, ActivityField, ActivityRole, Category, CreditResult, Described, Grade, InvalidInput, LedgerSource, Level,
    Mode, Program, Record, Step, Unit,
)
from portal.domain.amounts import credits, hours, quantum_at, rounded
from portal.domain.labels import codes_at
from portal.domain.text import listing

from . import parameters as P
from .words import GRADE_NAMES, GRADE_NAMES_ABOVE_PASS, LEVEL_NAMES, LEVEL_TRAINING, MODE_NAMES, ROLE_NAMES, _, ngettext

SCHOOL_BASED_SOURCE = f"{P.F2017} §二2（参照各校校本培训标准登记学分）"
EVALUATION_SOURCE = f"{P.F2017} §附件2 第6步（按照参训教师学习任务完成情况和实际出勤登记学分）"



def modes() -> tuple[Described, ...]:
    """The modes the notices name (集中、网络、校本), which the rules credit: the calculator's and a
    project's (``enrollment.project_choices``); self-study and degree courses only as the table's
    其他情况, certified, never a project."""
    return tuple(Described(code.value, label, SCHOOL_BASED_SOURCE) for code, label in MODE_NAMES.items())


def activity_fields(on: date) -> tuple:
    """What the calculator asks (规则试算), in the order a Shinan teacher fills it in, in the
    notices' words: the modes they name (集中、网络、校本; self-study and degree courses only as
    the table's 其他情况, certified), the evaluation as pass or fail (no bonus for 优/良), the year
    of the new-teacher training, the certified credits and the compulsory content (2018 §三)."""
    def described(names: dict, source: str) -> tuple[Described, ...]:
        return tuple(Described(code.value, label, source) for code, label in names.items())

    return (
        ActivityField("program", _("市南区学分标准表项目（不选则按 1 学时 1 学分）")),
        ActivityField("level", _("培训级别")),
        ActivityField("mode", _("培训形式"), modes()),
        ActivityField("role", _("身份"), described(ROLE_NAMES, P.CREDITS_PER_HOUR.source_at(on))),
        ActivityField("hours", _("学时（参训或授课的小时数）")),
        ActivityField("days", _("培训天数（按每天上限计算）")),
        ActivityField("start", _("开始日期")),
        ActivityField("end", _("结束日期（按当日有效的规则计算）")),
        ActivityField("grade", _("结业评价"), grade_choices(on)),
        ActivityField("service_year", _("新教师培训第几年（1—3）")),
        ActivityField("base_credits", _("区教育研究中心据实认定的学分（“其他情况”）")),
        ActivityField("topics", _("必修内容")),
    )

def grades(on: date) -> tuple[Grade, ...]:
    """The results a 结业评价 takes on ``on``: 合格 and 不合格, and 优 and 良 (read as 合格) only where
    the bureau's setting takes them (``pass_fail_only``: no clause lists the grades)."""
    if P.PASS_FAIL_ONLY.at(on):
        return (Grade.PASS, Grade.FAIL)
    return (Grade.EXCELLENT, Grade.GOOD, Grade.PASS, Grade.FAIL)


def grade_choices(on: date) -> tuple[Described, ...]:
    """The calculator's results: the pass and the fail cite the step that registers by them (2017
    附件2 第6步); 优 and 良, the setting's, cite no clause."""
    names = {**GRADE_NAMES_ABOVE_PASS, **GRADE_NAMES}
    return tuple(Described(g.value, names[g], EVALUATION_SOURCE if g in GRADE_NAMES else "") for g in grades(on))


def categories() -> list[Category]:
    return [
        Category(P.A_CLASS, _("A 类学分"), P.A_CLASS_CYCLE_MINIMUM.values[0].source,
                 _("校本培训以外、本区列为 A 类级别的培训；五年不低于 240 学分")),
        Category(P.SCHOOL_BASED, _("校本培训学分"), P.SCHOOL_BASED_CYCLE_CAP.values[0].source,
                 _("学校举办的校本培训；每天不超过 6 学分，五年至多计 120 学分（超过按 120 学分计）")),
        Category(P.OTHER, _("其他学分"), f"{P.F2018} §附件1（5 年累计学分 360 学分）",
                 _("本区没有列为 A 类级别的培训：计入 360 学分，不计入 A 类")),
    ]


def programs() -> list[Program]:
    return [Program(r.code, r.label, r.source, r.detail, level=r.level, mode=r.mode, needs_hours=r.needs_hours,
                    fixed_roles=r.fixed_roles)
            for r in P.ROWS]


# How credits were counted, for the daily cap (2018 附件1): by the hour (a day's limit holds them;
# over one day's limit without the days, the days are asked). A row's standard credits, and their
# share pro rata below its standard hours, are the table's (具体情况见…学分标准): no day's limit.
BY_HOUR = "by_hour"


def convert(activity: Activity, on: date) -> CreditResult:
    """Credits for one activity under the rules in force on ``on``.

    The category first (it decides which daily cap applies), then whether the completion
    evaluation is given, then the amount the activity earns (which also validates it),
    then the evaluation (a fail registers nothing), then the daily cap where the credits
    were counted by the hour.
    """
    row = None if activity.program is None else find_row(activity.program)
    if row is not None:
        check_row_fits(row, activity)
    school_based = is_school_based(activity, on) if row is None or row.how == "certified" else False
    category, category_step = category_of(activity, school_based, on)
    steps: tuple[Step, ...] = (category_step,)
    grade_step = evaluation_given(activity, row, on)
    if grade_step:
        steps += (grade_step,)
    if row is None:
        amount, credit_steps, hourly = general_credits(activity, on, school_based)
    else:
        amount, credit_steps, hourly = row_credits(row, activity, on)
    steps += credit_steps
    failed = completion_failed(activity, row)
    if failed:
        return CreditResult(Decimal(0), Unit.CREDIT, category, steps + (failed,))
    if hourly:
        amount, cap_step = daily_cap(amount, activity, school_based, on)
        if cap_step:
            steps += (cap_step,)
    if row is not None and row.needs_evaluation and activity.role == ActivityRole.PARTICIPANT:
        steps += (evaluated_first(),)
    return CreditResult(amount, Unit.CREDIT, category, steps)


INSTITUTION_SOURCE = f"{P.F2018} §附件2 六1（用户按照培训机构的相关要求完成培训）"
TEACHER_EVALUATION_SOURCE = (f"{P.F2018} §附件2 六2（培训结束后在规定的时间内登录平台对所参加的培训课程进行评价，"
                             f"即可获取相应学分）；{P.F2017} §附件1 第11项（参训教师参加第三方网络评价合格后，随即登记学分）")


def evaluated_first() -> Step:
    """A personalized training's credits are due once the teacher has evaluated it (2018 附件2 五,
    六2): the workflow waits for that evaluation (``workflow``: 已结业，待教师评价); said among the
    steps, so the project's preview tells a teacher choosing it that her credits wait on it."""
    return Step(_("培训结束后，参训教师须在规定的时间内登录平台对培训课程进行评价，评价后获得学分（标准表第11项的第三方网络评价）"),
                None, TEACHER_EVALUATION_SOURCE)


def is_school_based(activity: Activity, on: date) -> bool:
    """School-based training (校本培训): registered by the school itself (2017 §二2)."""
    if activity.mode == Mode.SCHOOL_BASED:
        return True
    return activity.level == Level.SCHOOL and P.SCHOOL_LEVEL_IS_SCHOOL_BASED.at(on)


def a_class_levels(on: date) -> frozenset[Level]:
    """The levels the bureau counts as A-class (a list that names no level is refused in words)."""
    return codes_at(P.A_CLASS_LEVELS, on, Level)


def category_of(activity: Activity, school_based: bool, on: date) -> tuple[str, Step]:
    """School-based, A-class, or (only where a bureau narrowed the A-class levels) other."""
    if school_based:
        return P.SCHOOL_BASED, school_based_step(activity, on)
    setting = (P.A_CLASS_LEVELS.name,)
    source = P.A_CLASS_LEVELS.source_at(on)
    if activity.level in a_class_levels(on):
        return P.A_CLASS, Step(_("{kind}，计入 A 类学分", kind=LEVEL_TRAINING[activity.level]), None, source,
                               settings=setting)
    text = _("{kind}不在本区 A 类学分的级别之列，计入其他学分（计入 360 学分，不计入 A 类）",
             kind=LEVEL_TRAINING[activity.level])
    return P.OTHER, Step(text, None, source, settings=setting)


def school_based_step(activity: Activity, on: date) -> Step:
    cap = P.SCHOOL_BASED_CYCLE_CAP
    by_mode = activity.mode == Mode.SCHOOL_BASED
    if cap.in_force(on) and by_mode:
        text = _("校本培训，计入校本培训学分（五年至多计 {cap}）", cap=credits(cap.at(on)))
    elif cap.in_force(on):
        text = _("学校举办的培训按校本培训计，计入校本培训学分（五年至多计 {cap}）", cap=credits(cap.at(on)))
    elif by_mode:
        text = _("校本培训，计入校本培训学分")
    else:
        text = _("学校举办的培训按校本培训计，计入校本培训学分")
    if by_mode:
        return Step(text, None, SCHOOL_BASED_SOURCE)
    setting = P.SCHOOL_LEVEL_IS_SCHOOL_BASED
    return Step(text, None, setting.source_at(on), settings=(setting.name,))


def find_row(code: str) -> P.Row:
    row = P.ROW_BY_CODE.get(code)
    if row is None:
        raise InvalidInput("program", _("市南区教师培训学分标准参考表中没有这一项目"))
    return row


def check_row_fits(row: P.Row, activity: Activity) -> None:
    """A row of the table belongs to one level and is taken as training (not self-study)."""
    if row.level is not None and activity.level != row.level:
        raise InvalidInput("level", _("{program}是{level}项目，培训级别请选“{level}”",
                                      program=row.label, level=LEVEL_NAMES[row.level]))
    if row.mode is not None and activity.mode != row.mode:
        raise InvalidInput("mode", _("{program}是{mode}项目，培训形式请选“{mode}”",
                                     program=row.label, mode=MODE_NAMES[row.mode]))
    if row.how != "certified" and activity.mode not in P.PROGRAM_MODES:
        raise InvalidInput("mode", _("{program}按集中培训或网络研修登记，培训形式请选“集中培训”或“网络研修”",
                                     program=row.label))


def evaluation_given(activity: Activity, row: P.Row | None, on: date) -> Step | None:
    """A participant's credits follow the completion evaluation (结业评价).

    The city personalized training registers credits only after the third-party
    evaluation is passed, so there its result must be given. Elsewhere a missing result
    is read as a pass, or refused, by a setting.

    Which results a 结业评价 takes is the bureau's setting (``pass_fail_only``), not a clause:
    by default 合格 or 不合格 only, and 优 or 良 is refused in words (``portal rules convert`` and
    the calculator's address took them and credited a pass); where the bureau takes them they
    read as a pass, saying so with the setting.
    """
    setting = P.PASS_FAIL_ONLY
    if activity.grade is not None and activity.grade not in grades(on):
        raise InvalidInput("grade", _("本区设置结业评价只分合格、不合格，不收优、良，请选择合格或不合格"))
    if activity.grade in (Grade.EXCELLENT, Grade.GOOD):
        text = (_("结业评价为优，按合格登记（不另加学分）") if activity.grade == Grade.EXCELLENT
                else _("结业评价为良，按合格登记（不另加学分）"))
        return Step(text, None, "", settings=(setting.name,))
    if activity.grade is not None or activity.role != ActivityRole.PARTICIPANT:
        return None
    if row is not None and row.needs_evaluation:
        raise InvalidInput("grade", _(
            "{program}在培训机构给出结业评价结果（是否按照其相关要求完成培训）、参训教师参加第三方网络评价后才登记学分，"
            "请给出结业评价结果", program=row.label))
    if row is not None and row.how == "certified":
        return None
    parameter = P.GRADE_MISSING_MEANS_PASS
    if not parameter.at(on):
        raise InvalidInput("grade", _("本区要求给出结业评价结果，请选择合格或不合格"))
    if row is not None and row.how == "task":
        text = _("没有给出研修任务完成情况，按已完成登记")
    else:
        text = _("没有给出结业评价结果，按合格登记")
    return Step(text, None, parameter.source_at(on), settings=(parameter.name,))


def completion_failed(activity: Activity, row: P.Row | None) -> Step | None:
    """A fail registers nothing."""
    if activity.grade != Grade.FAIL:
        return None
    if row is None:
        text, source = _("结业评价不合格，不登记学分"), EVALUATION_SOURCE
    elif row.needs_evaluation:
        # the institution's result: the training completed as it requires (2018 附件2 六1); row 11's
        # 第三方网络评价 is the teacher's own evaluation on the platform (六2), a step of the workflow
        text, source = _("结业评价不合格（没有按照培训机构的相关要求完成培训），不登记学分"), INSTITUTION_SOURCE
    elif row.how == "task":
        text, source = _("没有在规定时间内完成研修任务，不登记学分"), row.source
    else:
        text, source = _("结业评价不合格（学习任务完成情况和实际出勤没有达到要求），不登记学分"), row.source
    return Step(text, Decimal(0), source)


def general_credits(activity: Activity, on: date, school_based: bool) -> tuple[Decimal, tuple[Step, ...], str]:
    """No program: 1 hour = 1 学时 = 1 credit."""
    if activity.mode in (Mode.SELF_STUDY, Mode.DEGREE):
        raise InvalidInput("mode", _(
            "文件没有规定自主研修和学历教育的学分；请按标准表“其他情况”，由区教育研究中心据实认定后登记"))
    if activity.role != ActivityRole.PARTICIPANT:
        raise InvalidInput("role", _(
            "不选标准表项目时只能按参训学时登记；授课、指导、出课的学分见标准表各项目，或按“其他情况”据实认定"))
    rate = P.CREDITS_PER_HOUR.value_at(on)
    amount = activity.hours * rate.value
    kind = MODE_NAMES[Mode.SCHOOL_BASED] if school_based else LEVEL_TRAINING[activity.level]
    text = _("{kind}：参训 {hours}，1 学时计 {rate}", kind=kind, hours=hours(activity.hours), rate=credits(rate.value))
    return amount, (Step(text, amount, rate.source),), BY_HOUR


def row_credits(row: P.Row, activity: Activity, on: date) -> tuple[Decimal, tuple[Step, ...], str | None]:
    """Credits of a row of the Shinan standard table; the flag says whether the daily cap holds
    them (``BY_HOUR``, or None: not at all)."""
    role = activity.role
    if row.how == "certified":
        return certified_credits(row, activity)
    if role == ActivityRole.MENTOR:
        return mentor_credits(row, on)
    if role in row.teaching_roles:
        return teaching_credits(row, activity, on)
    if role != ActivityRole.PARTICIPANT:
        raise InvalidInput("role", _("{program}没有规定{role}的学分", program=row.label, role=ROLE_NAMES[role]))
    if row.how == "task":
        figure = row.task_credits.value_at(on)
        text = _("{program}：在规定时间内完成研修任务，记 {credits}（按任务完成情况，不按学时）",
                 program=row.label, credits=credits(figure.value))
        return figure.value, (Step(text, figure.value, figure.source),), None
    if row.how == "hourly":
        rate = P.CREDITS_PER_HOUR.at(on)
        amount = activity.hours * rate
        text = _("{program}：按实际参训学时计算，1 小时计 {rate}，{hours}计 {amount}",
                 program=row.label, rate=credits(rate), hours=hours(activity.hours), amount=credits(amount))
        return amount, (Step(text, amount, row.source),), BY_HOUR
    return fixed_credits(row, activity, on)


def mentor_credits(row: P.Row, on: date) -> tuple[Decimal, tuple[Step, ...], str | None]:
    if row.mentor_credits is None:
        raise InvalidInput("role", _("{program}没有规定{role}的学分", program=row.label,
                                     role=ROLE_NAMES[ActivityRole.MENTOR]))
    figure = row.mentor_credits.value_at(on)
    text = _("{program}：脱岗培训期间的指导教师登记 {credits}", program=row.label, credits=credits(figure.value))
    return figure.value, (Step(text, figure.value, figure.source),), None


def teaching_credits(row: P.Row, activity: Activity, on: date) -> tuple[Decimal, tuple[Step, ...], str | None]:
    """Trainers and presenters: 2 credits per teaching hour (附件1 第1、2、3、5、7项). The table's
    own rate, as its standard credits are: the day's limit of 2018 附件1 holds 一般情况 (参加培训
    1 小时计 1 学分), not the table's special cases (具体情况见…学分标准); held, a trainer's sixth
    hour of a day would earn nothing (an examiner's case: 5 hours taught, 10 credits, not 8)."""
    factor = P.TEACHING_HOUR_FACTOR.at(on)
    amount = activity.hours * factor
    text = _("{program}：{role}按两倍授课学时登记（1 小时 2 学分），{hours} × {factor} = {amount}",
             program=row.label, role=ROLE_NAMES[activity.role], hours=hours(activity.hours), factor=factor,
             amount=credits(amount))
    return amount, (Step(text, amount, row.source),), None


def certified_credits(row: P.Row, activity: Activity) -> tuple[Decimal, tuple[Step, ...], str | None]:
    """Other cases: the district research centre certifies the credits (据实认定)."""
    if activity.base_credits is None:
        raise InvalidInput("base_credits", _("“其他情况”须给出区教育研究中心据实认定的学分"))
    if activity.base_credits <= 0:
        raise InvalidInput("base_credits", _("“其他情况”据实认定的学分须大于 0"))
    amount = activity.base_credits
    text = _("其他情况：区教育研究中心据实认定 {credits}", credits=credits(amount))
    return amount, (Step(text, amount, row.source),), None


def fixed_credits(row: P.Row, activity: Activity, on: date) -> tuple[Decimal, tuple[Step, ...], str | None]:
    """A row's standard: the standard credits for the standard hours; below them pro rata
    (or nothing), by two settings. The standard's credits are the table's own figure (2018
    附件1 具体情况见…学分标准), which the day's limit of 一般情况 does not hold; credits pro rata
    below the standard are a share of that figure and are not held either: held, 89 hours of a
    90-hour row over ten days would earn 80 and 90 hours 90 (an examiner's case), so one hour
    more would be worth ten credits."""
    figure = row.standard.value_at(on)
    if isinstance(figure.value, dict):
        year = activity.service_year
        if year not in figure.value:
            raise InvalidInput("service_year", _("{program}须给出参训第几年（标准表只有第 {years} 年）",
                                                 program=row.label, years=listing(sorted(figure.value))))
        standard = figure.value[year]
        text = _("{program}第 {year} 年：{hours}登记 {credits}", program=row.label, year=year,
                 hours=hours(standard.hours), credits=credits(standard.credits))
    else:
        standard = figure.value
        text = _("{program}：{hours}登记 {credits}", program=row.label, hours=hours(standard.hours),
                 credits=credits(standard.credits))
    steps = (Step(text, standard.credits, figure.source),)
    if activity.hours >= standard.hours:
        reached = _("实际出勤 {attended}，达到 {standard}，登记 {credits}", attended=hours(activity.hours),
                    standard=hours(standard.hours), credits=credits(standard.credits))
        return standard.credits, steps + (Step(reached, standard.credits, figure.source),), None
    amount, step = below_standard(standard, activity.hours, on, f"{row.source}（{row.attendance}）")
    return amount, steps + (step,), None


def below_standard(standard: P.Standard, attended: Decimal, on: date, source: str) -> tuple[Decimal, Step]:
    """Below a row's standard hours: pro rata or nothing, as a setting says (the table is
    silent); the step cites the row, whose credits rest on 实际出勤 (``source``)."""
    prorata = P.PRORATA_BELOW_STANDARD
    if not prorata.at(on):
        text = _("实际出勤 {attended}，未满 {standard}，不按比例折算，不登记学分",
                 attended=hours(attended), standard=hours(standard.hours))
        return Decimal(0), Step(text, Decimal(0), source, settings=(prorata.name,))
    exact = attended * standard.credits / standard.hours
    if standard.credits == standard.hours:
        text = _("实际出勤 {attended}，未满 {standard}，按实际出勤登记 {credits}",
                 attended=hours(attended), standard=hours(standard.hours), credits=credits(exact))
        return exact, Step(text, exact, source, settings=(prorata.name,))
    quantum = quantum_at(P.PRORATA_QUANTUM, on)
    amount = exact if rounded(exact, quantum) == exact else rounded(exact, quantum)  # round only what needs it
    text = _("实际出勤 {attended}，未满 {standard}，按 {credits}÷{hours} 折算：{attended_n} × {credits_n} ÷ {hours_n} = "
             "{exact}，四舍五入保留到 {quantum}，登记 {amount}",
             attended=hours(attended), standard=hours(standard.hours), credits=credits(standard.credits),
             hours=hours(standard.hours), attended_n=attended, credits_n=standard.credits,
             hours_n=standard.hours, exact=exact, quantum=quantum, amount=credits(amount))
    return amount, Step(text, amount, source, settings=(prorata.name, P.PRORATA_QUANTUM.name))


def span_days(activity: Activity):
    """Days the activity spanned, and how a step says it: ``days``, else from ``start`` to ``end``."""
    days = activity.spanned_days
    if activity.days is not None:
        return days, ngettext("共 {n} 天", "共 {n} 天", days)
    if days is not None and activity.start == activity.end:  # one day: named once, not "D 至 D"
        return days, ngettext("{day} 共 {n} 天", "{day} 共 {n} 天", days, day=activity.start)
    if days is not None:
        return days, ngettext("{start} 至 {end} 共 {n} 天", "{start} 至 {end} 共 {n} 天", days,
                              start=activity.start, end=activity.end)
    return None, ""


# Records a teacher attended (not figures people set: a transfer, a manual entry, an upheld
# appeal, a borrowing), whose credits the conversion counted by the hour.
ATTENDED = frozenset({LedgerSource.ENROLLMENT, LedgerSource.OUTSIDE})


def counted_by_hour(record: Record) -> bool:
    """Whether the daily cap (2018 附件1) holds a record across its day, as ``convert`` holds
    it alone: a participant's credits counted by the hour (no program, an hourly row), not a
    row's standard credits nor their share pro rata below its standard, a trainer's teaching
    hours, a task's, a mentor's or certified ones, and only where the record says its hours."""
    if record.unit != Unit.CREDIT or record.hours is None or record.source not in ATTENDED:
        return False
    role = record.role or ActivityRole.PARTICIPANT
    if record.program is None:
        return role == ActivityRole.PARTICIPANT
    row = P.ROW_BY_CODE.get(record.program)
    if row is None or row.how == "certified" or role == ActivityRole.MENTOR:
        return False
    return role == ActivityRole.PARTICIPANT and row.how == "hourly"


def daily_cap(amount: Decimal, activity: Activity, school_based: bool, on: date) -> tuple[Decimal, Step | None]:
    """At most 8 credits a day, school-based at most 6 (2018 附件1); none in the 2017 table.
    Without the days, credits over one day's limit are refused (the days are asked)."""
    cap = (P.SCHOOL_BASED_DAILY_CAP if school_based else P.DAILY_CAP).value_at(on)
    if cap.value is None:
        return amount, None
    days, span = span_days(activity)
    args = dict(amount=credits(amount), cap=credits(cap.value), span=span)
    if days is None:
        if amount > cap.value:
            raise InvalidInput("days", _("{amount}超过一天的上限 {cap}，请给出培训天数或起止日期，以便按每天的上限计算",
                                         **args))
        if school_based:
            text = _("{amount}没有超过一天的上限（校本培训每天不超过 {cap}）", **args)
        else:
            text = _("{amount}没有超过一天的上限（每天计不超过 {cap}）", **args)
        return amount, Step(text, amount, cap.source)
    limit = cap.value * days
    args["limit"] = credits(limit)
    if amount > limit and school_based:
        text = _("{span}，校本培训每天不超过 {cap}：{amount}按 {limit}计", **args)
    elif amount > limit:
        text = _("{span}，每天计不超过 {cap}：{amount}按 {limit}计", **args)
    elif school_based:
        text = _("{span}，校本培训每天不超过 {cap}（至多 {limit}）：没有超过上限", **args)
    else:
        text = _("{span}，每天计不超过 {cap}（至多 {limit}）：没有超过上限", **args)
    return min(amount, limit), Step(text, min(amount, limit), cap.source)
