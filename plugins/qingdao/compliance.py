"""The five-year cycle and its duties (2018 notice §一, §二, §三, annex 1 and the notes
after annex 3), judged for one teacher on one day.

The cycle is met only when the total counted (school-based at most 120) reaches 360 AND
A-class credits reach 240 ("低于 240 学分，即为不达标（达不到 360 学分）"): the A-class
finding is a condition of the ``CycleProgress``, so ``cycle.ok`` is the one answer the cycle
finding and every use judged like the cycle follow. Months before the teacher entered post
or was transferred in, and months on approved leave, are not held against them; a year or
cycle held only in part follows the settings ``partial_year`` and ``partial_cycle``.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from functools import lru_cache

from portal.domain import (
    ActivityRole, Compliance, CycleProgress, Duty, Finding, Period, Record, Requirements, TeacherFacts, Unit,
    YearProgress, all_in, total,
)
from portal.domain.amounts import credits, times
from portal.domain.calendar import calendar_year, cycle_containing, years_of
from portal.domain.daily import CappedDay, DailyLimit, cap_each_day, share_out
from portal.domain.findings import (
    CYCLE_TOTAL, YEARLY_MINIMUM, as_asked, cap, cycle_total, minimum, with_note, yearly_minimum,
)
from portal.domain.tenure import PartialPeriod, counted_from, counted_part, in_post_from, required_for
from portal.domain.text import listing

from . import parameters as P
from .conversion import counted_by_hour
from .words import _

PERSONALIZED_PROGRAM = "city_personalized"

DUTIES = (
    Duty(CYCLE_TOTAL, _("每周期不少于 360 学分（校本至多计 120，A 类不低于 240）"), P.CYCLE_REQUIRED.values[0].source,
         _("周期按自然年，每五年为一个周期；A 类学分低于 240 的，周期不达标")),
    Duty("a_class_minimum", _("每周期 A 类学分不低于 240"), P.A_CLASS_CYCLE_MINIMUM.values[0].source,
         _("周期达标的条件之一：低于 240 学分即为不达标（达不到 360 学分）")),
    Duty("school_based_cap", _("每周期校本培训学分至多计 120"), P.SCHOOL_BASED_CYCLE_CAP.values[0].source,
         _("上限，不是义务：超过的部分不计入 360 学分"), cap=True),
    Duty("row_yearly_standard", _("标准表各项按年登记：同一项同一年的记录合计至多计该项的标准学分"), P.ROW_YEARLY_SOURCE,
         _("上限，不是义务：如教研活动每年计 24 学分；有超过的年份才列出"), cap=True),
    Duty("daily_cap", _("每天计不超过 8 学分（其中校本培训每天不超过 6 学分）"), P.DAILY_CAP.values[-1].source,
         _("上限，不是义务：按当天全部培训合计，超过的部分不计入；有超过的日子才列出"), cap=True),
    Duty(YEARLY_MINIMUM, _("每年不少于 48 学分（达不到的，当年年度考核不得评为优秀）"),
         P.YEARLY_REQUIRED.values[0].source, _("本周期每年一条，当年的截止日期为 12 月 31 日")),
    Duty("personalized_training_count", _("5 年内参与市级个性化培训不少于 3 次"),
         P.PERSONALIZED_MINIMUM.values[0].source, _("按本周期内有学分的基于教师需求的市级教师个性化培训计次")),
    Duty("compulsory_topics", _("必修内容：师德师风、心理健康、信息技术、儿童保护法律教育、财经素养"),
         P.COMPULSORY_TOPICS_SOURCE, _("按项计：每项须在本周期内参加有学分、记有该内容的培训")),
)


def duties() -> list[Duty]:
    return list(DUTIES)


def cycle(on: date) -> Period:
    return cycle_containing(on, P.CYCLE_ANCHOR_YEAR.at(on), P.CYCLE_YEARS.at(on))


def requirements(on: date, teacher: TeacherFacts | None = None) -> Requirements:
    """The 360 a cycle and 48 a year; for a teacher, what ``check_compliance`` asks of them
    (their share of the cycle, and of the year holding ``on``; no year before they were in
    post), by the same functions."""
    cycle_required = P.CYCLE_REQUIRED.value_at(on)
    yearly = P.YEARLY_REQUIRED.value_at(on)
    if teacher is None:
        return Requirements(cycle_required.value, yearly.value, Unit.CREDIT, cycle_required.source, yearly.source)
    progress = cycle_progress(teacher, (), on)
    year = year_progress(teacher, (), on.year, on)
    return Requirements(progress.required, year.required if year else None, Unit.CREDIT, cycle_required.source,
                        yearly.source, settings=(P.PARTIAL_CYCLE.name,) if progress.note else (),
                        yearly_settings=(P.PARTIAL_YEAR.name,) if year and year.note else ())


# The daily cap across a day's records --------------------------------------------------


@lru_cache(maxsize=4096)
def daily_limit(day: date) -> DailyLimit | None:
    """每天计不超过 8 学分（其中校本培训每天不超过 6 学分） (2018 附件1), from 2018-01-01 as the
    conversion's cap; none before. Kept per day: both are the notice's figures, which no
    bureau's setting changes, and a standing asks every day its records took (a quarter of
    a bulk refresh went to asking them again)."""
    cap = P.DAILY_CAP.at(day)
    if cap is None:
        return None
    school = P.SCHOOL_BASED_DAILY_CAP.at(day)
    return DailyLimit(cap, {P.SCHOOL_BASED: school} if school is not None else {})


def capped_by_day(records: Sequence[Record]) -> tuple[list[Record], list[CappedDay]]:
    """The records as the standing counts them: the daily cap applies to a calendar day, not to
    each activity alone, so two 5-hour trainings on one day count 8, not 10. A record taking
    several days is spread evenly over them (the ledger keeps an activity's credits, not each
    day's hours; an even spread favours no day), and on a day over the cap every record gives
    up the same proportion (the notice ranks none). Each record's own conversion is unchanged;
    the finding ``daily_cap`` says which days were capped."""
    return cap_each_day(records, counted_by_hour, daily_limit)


# A row's yearly standard across the year's records --------------------------------------


@dataclass(frozen=True)
class CappedRow:
    """A row of the standard table whose records of one year together exceeded its yearly
    standard: ``earned`` before, ``counted`` (the standard) after."""

    label: object
    year: int
    earned: Decimal
    counted: Decimal
    source: str = ""  # the row's clause, which sets its yearly standard
    settings: tuple[str, ...] = ()  # the settings the year's hold rests on (tasks_once_a_year)

    @property
    def taken_off(self) -> Decimal:
        return self.earned - self.counted


def row_year(record: Record) -> tuple[str, int] | None:
    """The row and year whose standard holds a participant's record of a fixed row (每年计
    24 学时、24 学分; 每年不低于 48 学时，学分登记 48 学分: a year's credits, registered once
    in the next January); the new-teacher row by the year of training, else the calendar year.
    The provincial Internet+ tasks (第10项, 18 each) by the calendar year, where the setting
    ``tasks_once_a_year`` holds a year's compulsory (or elective) task to once."""
    row = P.ROW_BY_CODE.get(record.program or "")
    if (row is None or row.how not in ("fixed", "task") or record.unit != Unit.CREDIT
            or (record.role or ActivityRole.PARTICIPANT) != ActivityRole.PARTICIPANT):
        return None
    if row.how == "task":  # a year's provincial Internet+ task, once (setting tasks_once_a_year)
        return (row.code, record.date.year) if P.TASKS_ONCE_A_YEAR.at(record.date) else None
    if isinstance(row.standard.value_at(record.date).value, dict):
        return (row.code, record.service_year) if record.service_year else None
    return row.code, record.date.year


def _row_standard(code: str, year: int, on: date) -> Decimal:
    row = P.ROW_BY_CODE[code]
    if row.task_credits is not None:  # 完成必修（选修）课程研修任务，记18学分
        return row.task_credits.at(on)
    figure = row.standard.value_at(on).value
    return (figure[year] if isinstance(figure, dict) else figure).credits


def capped_by_row_year(records: Sequence[Record]) -> tuple[list[Record], list[CappedRow]]:
    """The records with each fixed row's year held to its standard: two sessions of 教研活动
    in one year count 24 together at most, as one record of the year would. Over it, each
    record gives up the same proportion (the table ranks none)."""
    groups: dict[tuple[str, int], list[int]] = defaultdict(list)
    for i, record in enumerate(records):
        key = row_year(record)
        if key is not None and record.amount > 0:
            groups[key].append(i)
    kept, capped = list(records), []
    for (code, year), held in sorted(groups.items()):
        standard = _row_standard(code, year, max(records[i].date for i in held))
        earned = sum((records[i].amount for i in held), Decimal(0))
        if earned <= standard:
            continue
        for i, amount in zip(held, share_out(standard, [records[i].amount for i in held])):
            kept[i] = replace(records[i], amount=amount)
        row = P.ROW_BY_CODE[code]
        settings = (P.TASKS_ONCE_A_YEAR.name,) if row.how == "task" else ()
        capped.append(CappedRow(row.label, year, earned, standard, row.source, settings))
    return kept, capped


def row_cap_finding(capped: Sequence[CappedRow], period: Period) -> Finding | None:
    """A cap, not a duty: the rows whose records of a year of the cycle exceeded the row's
    yearly standard; ``None`` when none did."""
    rows = [c for c in capped if period.start.year <= c.year <= period.end.year]
    if not rows:
        return None
    listed = listing(_("{row} {year}年共 {earned}，按 {counted}计", row=c.label, year=c.year,
                       earned=credits(c.earned), counted=credits(c.counted)) for c in rows)
    message = _("标准表各项的学分按年登记，同一年的记录合计至多计该项的标准学分：{rows}", rows=listed)
    settings = tuple(dict.fromkeys(name for c in rows for name in c.settings))
    return cap("row_yearly_standard", None, max(c.earned for c in rows), message, _rows_source(rows), settings)


def _rows_source(rows: Sequence[CappedRow]) -> str:
    """The clauses of the rows capped (第2项 每年不低于48学时，学分登记48学分 ...), each once: the
    figure a row's year is held to is that row's."""
    clauses = list(dict.fromkeys(c.source.split(" §", 1)[1] for c in rows if c.source))
    return f"{P.F2017} " + "、".join(f"§{clause}" for clause in clauses) if clauses else P.ROW_YEARLY_SOURCE


def in_credits(records: Sequence[Record]) -> Sequence[Record]:
    """The records, every one in 学分: hours become credits only through the standard table and the
    明白纸 (1 学时计 1 学分, 每天计不超过 8 学分, 校本每天不超过 6 学分, §附件1), which a line already
    counted in 学时 has not passed, so it is refused rather than counted hour for credit."""
    return all_in(Unit.CREDIT, records, _("市南区按学分登记，这条记录不是以学分计的，不能计入（学时须按标准表换算为学分）"))


def counted(records: Sequence[Record]) -> tuple[list[Record], list[CappedRow], list[CappedDay]]:
    """The records as the standing and every use count them: each fixed row's year held to its
    standard, then each day to the daily cap."""
    records, rows = capped_by_row_year(in_credits(records))
    records, days = capped_by_day(records)
    return records, rows, days


def day_words(day: CappedDay):
    school = day.parts.get(P.SCHOOL_BASED)
    if school:
        return _("{day} 共 {earned}（其中校本 {school}按 {school_cap}计），按 {counted}计", day=day.day,
                 earned=credits(day.earned), school=credits(school[0]), school_cap=credits(school[1]),
                 counted=credits(day.counted))
    return _("{day} 共 {earned}，按 {counted}计", day=day.day, earned=credits(day.earned), counted=credits(day.counted))


SHOWN_DAYS = 10  # days listed in the finding; more are counted


def daily_cap_finding(capped: Sequence[CappedDay], period: Period, as_of: date) -> Finding | None:
    """A cap, not a duty: the days of the cycle so far whose records together exceeded the
    daily cap, each with what it earned and what counted; ``None`` when no day did."""
    days = [d for d in capped if d.day in to_date(period, as_of)]
    if not days:
        return None
    cap_value = P.DAILY_CAP.value_at(as_of)
    school = P.SCHOOL_BASED_DAILY_CAP.at(as_of)
    taken = sum((d.taken_off for d in days), Decimal(0))
    listed = listing(day_words(d) for d in days[:SHOWN_DAYS])
    if len(days) > SHOWN_DAYS:
        listed = _("{listed}等 {n} 天", listed=listed, n=len(days))
    message = _("每天计不超过 {cap}（其中校本培训每天不超过 {school}），按当天全部培训合计：{days}；周期内共少计 {taken}",
                cap=credits(cap_value.value), school=credits(school), days=listed, taken=credits(taken))
    return cap("daily_cap", cap_value.value, max(d.earned for d in days), message, cap_value.source)


def to_date(period: Period, as_of: date) -> Period:
    return Period(period.start, min(period.end, as_of))


# The cycle and windows judged like it ----------------------------------------------------


def window_progress(records: Sequence[Record], window: Period, required: Decimal, a_minimum: Decimal | None,
                    as_of: date, deadline: date, like_cycle: bool = True, note="",
                    settings: tuple[str, ...] = ()) -> CycleProgress:
    """``required`` credits over ``window``. Like the cycle (``like_cycle``), school-based
    counts up to 120 and, where ``a_minimum`` is given, A-class credits must reach it (the
    condition's finding says ``note`` and relies on ``settings``)."""
    earned = total(records, window)
    school = total(records, window, P.SCHOOL_BASED)
    cap = P.SCHOOL_BASED_CYCLE_CAP
    capped = like_cycle and cap.in_force(as_of)
    counted = earned - school + min(school, cap.at(as_of)) if capped else earned
    conditions = ()
    if like_cycle and a_minimum is not None:
        a_class = total(records, window, P.A_CLASS)
        conditions = (a_class_finding(a_class, a_minimum, deadline, note, settings),)
    return CycleProgress(window, required, earned, counted, conditions)


def cycle_progress(teacher: TeacherFacts, records: Sequence[Record], as_of: date) -> CycleProgress:
    """The cycle so far: 360 (or this teacher's share) counted, and from 2018 the A-class 240."""
    period = cycle(as_of)
    how = P.PARTIAL_CYCLE.at(as_of)
    required, note = required_for(P.CYCLE_REQUIRED.at(as_of), teacher, period, how)
    a_minimum, a_note = None, ""
    if required is not None and P.A_CLASS_CYCLE_MINIMUM.in_force(as_of):
        a_minimum, a_note = required_for(P.A_CLASS_CYCLE_MINIMUM.at(as_of), teacher, period, how)
    window, note = counted_part(records, teacher, period, as_of, how, note)
    progress = window_progress(records, window, required or Decimal(0), a_minimum, as_of,
                               period.end, note=a_note, settings=(P.PARTIAL_CYCLE.name,) if a_note else ())
    return CycleProgress(period, progress.required, progress.earned, progress.counted, progress.conditions, note)


def a_class_finding(a_class: Decimal, required: Decimal, deadline: date, note="", settings=()) -> Finding:
    if a_class >= required:
        message = _("A 类学分 {a_class}，达到不低于 {minimum}的要求", a_class=credits(a_class), minimum=credits(required))
    else:
        message = _("A 类学分 {a_class}；低于 {minimum}即为不达标，周期学分不算达到",
                    a_class=credits(a_class), minimum=credits(required))
    return minimum("a_class_minimum", required, a_class, with_note(message, note),
                   P.A_CLASS_CYCLE_MINIMUM.values[0].source, deadline, settings=settings,
                   label=as_asked(required, P.A_CLASS_CYCLE_MINIMUM.values[0].value,
                                  _("周期内 A 类学分不低于 {amount}", amount=credits(required))))


def cap_words(progress: CycleProgress, as_of: date):
    """（校本 150 学分按 120 学分计）, where the cap took something off."""
    if progress.counted >= progress.earned:
        return ""
    school_counted = P.SCHOOL_BASED_CYCLE_CAP.at(as_of)
    school = progress.earned - progress.counted + school_counted
    return _("（校本 {school}按 {counted}计）", school=credits(school), counted=credits(school_counted))


def cycle_finding(progress: CycleProgress, as_of: date) -> Finding:
    period = progress.period
    args = dict(start=period.start, end=period.end, counted=credits(progress.counted), capped=cap_words(progress, as_of),
                required=credits(progress.required))
    failed = [c for c in progress.conditions if not c.ok]
    if progress.counted < progress.required or not progress.required:
        message = _("周期（{start} 至 {end}）已计 {counted}{capped}", **args)
    elif failed:
        message = _("周期（{start} 至 {end}）已计 {counted}{capped}，但 A 类学分 {a_class}，低于 {minimum}，"
                    "周期不达标", a_class=credits(failed[0].actual), minimum=credits(failed[0].required), **args)
    else:
        message = _("周期（{start} 至 {end}）已计 {counted}{capped}，达到 {required}", **args)
    settings = (P.CYCLE_ANCHOR_YEAR.name,) + ((P.PARTIAL_CYCLE.name,) if progress.note else ())
    return cycle_total(progress, with_note(message, progress.note), P.CYCLE_REQUIRED.source_at(as_of), settings,
                       label=as_asked(progress.required or None, P.CYCLE_REQUIRED.values[0].value,
                                      _("周期内不少于 {amount}", amount=credits(progress.required))))


def school_based_cap_finding(records: Sequence[Record], period: Period, as_of: date) -> Finding:
    """A cap, not a duty: always ok; says how much of the school-based credit counts."""
    param = P.SCHOOL_BASED_CYCLE_CAP.value_at(as_of)
    school = total(records, to_date(period, as_of), P.SCHOOL_BASED)
    if school > param.value:
        message = _("周期内校本培训 {school}，超过 {cap}，按 {cap}计入", school=credits(school), cap=credits(param.value))
    else:
        message = _("周期内校本培训 {school}，全部计入（五年至多计 {cap}）", school=credits(school),
                    cap=credits(param.value))
    return cap("school_based_cap", param.value, school, message, param.source)


# Years ------------------------------------------------------------------------------------


def year_progress(teacher: TeacherFacts, records: Sequence[Record], year: int, as_of: date) -> YearProgress | None:
    """One year's 48 for this teacher; ``None`` for a year before they were in post."""
    start = in_post_from(teacher)
    period = calendar_year(year)
    if start is not None and start > period.end:
        return None
    how = P.PARTIAL_YEAR.at(as_of)
    required, note = required_for(P.YEARLY_REQUIRED.at(as_of), teacher, period, how)
    window, note = counted_part(records, teacher, period, as_of, how, note)
    return YearProgress(year, required, total(records, window), note)


def yearly_finding(year: YearProgress, as_of: date, today: date | None = None) -> Finding:
    """One a year of the cycle: below 48, that year's rating cannot be 优秀 (2018 附件1(三))."""
    end = date(year.year, 12, 31)
    # The consequence for the annual rating applies from 2018-01-01 (2018 附件1); before,
    # the yearly 48 of the Shandong rules (2018 §一) stands alone.
    rating = end >= P.APPLICATION_FROM.at(as_of)
    args = dict(year=year.year, earned=credits(year.earned), required=credits(year.required))
    # the year still runs on its last day; read after it (the previous cycle's page) it has ended
    running = not calendar_year(year.year).ended_on(as_of if today is None else today)
    if year.ok:
        message = _("{year} 年已得 {earned}，达到 {required}", **args)
    elif running and rating:
        message = _("{year} 年已得 {earned}；达不到 {required}的，当年年度考核不得评为优秀", **args)
    elif running:
        message = _("{year} 年已得 {earned}", **args)
    elif rating:
        message = _("{year} 年已得 {earned}，没有达到 {required}，当年年度考核不得评为优秀", **args)
    else:
        message = _("{year} 年已得 {earned}，没有达到 {required}", **args)
    settings = (P.PARTIAL_YEAR.name,) if year.note else ()
    return yearly_minimum(year, with_note(message, year.note), P.YEARLY_REQUIRED.source_at(as_of), end, settings,
                          label=as_asked(year.required, P.YEARLY_REQUIRED.values[0].value,
                                         _("{year} 年不少于 {amount}", year=year.year, amount=credits(year.required))))


# Times and items --------------------------------------------------------------------------


def personalized_finding(teacher: TeacherFacts, period: Period, records: Sequence[Record],
                         as_of: date) -> Finding | None:
    """Three city personalized trainings in five years (2018 §二), or this teacher's share;
    ``None`` when nothing is asked of them."""
    param = P.PERSONALIZED_MINIMUM.value_at(as_of)
    required, note = required_for(Decimal(param.value), teacher, period, P.PARTIAL_CYCLE.at(as_of), unit=Unit.TIME)
    if not required:
        return None
    so_far = Period(counted_from(teacher, period, P.PARTIAL_CYCLE.at(as_of)), min(period.end, as_of))
    count = sum(1 for r in records if r.program == PERSONALIZED_PROGRAM and r.completed and r.date in so_far)
    args = dict(count=times(count), required=times(required))
    if count >= required:
        message = _("周期内参加有学分的市级个性化培训 {count}，达到 {required}", **args)
    else:
        message = _("周期内参加有学分的市级个性化培训 {count}", **args)
    settings = (P.PARTIAL_CYCLE.name,) if note else ()
    return minimum("personalized_training_count", required, Decimal(count), with_note(message, note), param.source,
                   period.end, unit=Unit.TIME, settings=settings,
                   label=as_asked(required, Decimal(P.PERSONALIZED_MINIMUM.values[0].value),
                                  _("周期内参与市级个性化培训不少于 {count}", count=times(required))))


def compulsory_topics_finding(teacher: TeacherFacts, period: Period, records: Sequence[Record],
                              as_of: date, today: date | None = None) -> Finding | None:
    """Ethics, mental health, IT, child-protection law and financial literacy (2018 §三),
    each at least a set number of times in the cycle. A topic cannot be asked in part, so a
    cycle held in part asks all of them unless the setting says nothing is asked."""
    how = PartialPeriod(P.PARTIAL_CYCLE.at(as_of))
    whole = PartialPeriod.FULL if how == PartialPeriod.PRORATA else how
    topics = P.COMPULSORY_TOPICS
    required, note = required_for(Decimal(len(topics)), teacher, period, whole, unit=Unit.ITEM)
    if required is None:
        return None
    so_far = to_date(period, as_of)
    needed = P.COMPULSORY_TOPICS_TIMES.at(as_of)
    taken = {code: 0 for code in topics}
    for r in records:
        if r.date in so_far and r.completed:
            for code in set(r.topics) & set(taken):
                taken[code] += 1
    missing = [label for code, label in topics.items() if taken[code] < needed]
    if missing and period.ended_on(as_of if today is None else today):
        message = _("周期（至 {end}）届满，未参加的必修内容：{missing}（每项至少 {times}）", end=period.end,
                    missing=listing(missing), times=times(needed))
    elif missing:
        message = _("周期内尚未参加的必修内容：{missing}（每项至少 {times}）", missing=listing(missing),
                    times=times(needed))
    else:
        message = _("周期内已参加全部必修内容：{topics}（每项至少 {times}）", topics=listing(topics.values()),
                    times=times(needed))
    covered = Decimal(len(topics) - len(missing))
    return minimum("compulsory_topics", required, covered, message, P.COMPULSORY_TOPICS_TIMES.source_at(as_of),
                   period.end, unit=Unit.ITEM, settings=(P.COMPULSORY_TOPICS_TIMES.name,))


# The standing -----------------------------------------------------------------------------


def check_compliance(teacher: TeacherFacts, records: Sequence[Record], as_of: date,
                     today: date | None = None) -> Compliance:
    """The 5-year cycle (360, school-based up to 120, A-class at least 240), each year's 48,
    the three city personalized trainings and the compulsory content (both from 2018), all
    counted after each row's yearly standard and the daily cap across each day's records (``counted``)."""
    records, capped_rows, capped = counted(records)
    progress = cycle_progress(teacher, records, as_of)
    period = progress.period
    years = tuple(y for y in (year_progress(teacher, records, year, as_of)
                              for year in years_of(period) if year <= as_of.year) if y is not None)
    findings = [cycle_finding(progress, as_of), *progress.conditions]
    # The 不超过 / 不低于 notes belong to the structure "2018 年开始" (2018 附件1).
    if P.SCHOOL_BASED_CYCLE_CAP.in_force(as_of):
        findings.append(school_based_cap_finding(records, period, as_of))
    findings.append(row_cap_finding(capped_rows, period))
    findings.append(daily_cap_finding(capped, period, as_of))
    findings.extend(yearly_finding(y, as_of, today) for y in years if y.required is not None)
    if P.PERSONALIZED_MINIMUM.in_force(as_of):
        findings.append(personalized_finding(teacher, period, records, as_of))
    if P.COMPULSORY_TOPICS_TIMES.in_force(as_of):
        findings.append(compulsory_topics_finding(teacher, period, records, as_of, today))
    return Compliance(Unit.CREDIT, progress, years, tuple(f for f in findings if f is not None))
