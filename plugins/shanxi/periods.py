"""School years, the five-year cycle, and from when a teacher's credits are registered.

Years are school years (学年): ``school_year_start_month`` (a setting, default 9) says
where one begins, and a school year is called by the year it begins in (2024 学年 =
2024-09-01 to 2025-08-31). A cycle is five school years (§二(一)) counted from
``cycle_anchor_year`` (a setting). 转正及新调入的教师，从转正和调入年度开始登记培训学分
(§三(二)): ``registration`` says from which school year, and ``asked`` what a yearly or
cycle duty asks of the teacher, with the core's tenure rules for the months in post.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from portal.domain import Period, TeacherFacts, Unit
from portal.domain.dates import last_day_of_years
from portal.domain.results import Words
from portal.domain.tenure import PartialPeriod, months_of, required_for, share_of
from portal.domain.text import Quantity, Text, listing

from . import parameters as P
from .words import _


def start_month(on: date) -> int:
    return P.SCHOOL_YEAR_START_MONTH.at(on)


def school_year_of(day: date, on: date | None = None) -> int:
    """The school year holding ``day``, called by the year it begins in."""
    return day.year if day.month >= start_month(on or day) else day.year - 1


def school_year(year: int, on: date) -> Period:
    month = start_month(on)
    return Period(date(year, month, 1), date(year + 1, month, 1) - timedelta(days=1))


def year_holding(on: date) -> Period:
    """The school year holding ``on``: the year the yearly minimum is counted over."""
    return school_year(school_year_of(on), on)


def year_name(year: int, on: date) -> Text:
    """``2024—2025 学年``, or ``2024 年`` when school years are calendar years."""
    if start_month(on) == 1:
        return _("{year} 年", year=year)
    return _("{start}—{end} 学年", start=year, end=year + 1)


def cycle(on: date) -> Period:
    """The five school years (§二(一) 以五年为一个周期) holding ``on``."""
    length = P.CYCLE_YEARS.at(on)
    anchor = P.CYCLE_ANCHOR_YEAR.at(on)
    first = anchor + (school_year_of(on, on) - anchor) // length * length
    return Period(school_year(first, on).start, school_year(first + length - 1, on).end)


def span(period: Period) -> Text:
    return _("{start} 至 {end}", start=period.start, end=period.end)


# From when credits are registered (§三(二)) ---------------------------------------------------


def probation_end(teacher: TeacherFacts, on: date) -> date | None:
    """The last day of probation: the teacher's 转正 date less a day where it is known, else
    the end of the first year in post (§三(二) 新任教师第一学年), its last day included: a
    teacher entering post on 2020-02-29 has served a full year on 2021-02-28 and is in
    probation up to 2021-02-27 (``last_day_of_years``, agreeing with ``full_years``)."""
    if teacher.probation_end is not None:
        return teacher.probation_end
    if teacher.entered_post is None:
        return None
    return last_day_of_years(teacher.entered_post, P.PROBATION_YEARS.at(on))


def first_year(teacher: TeacherFacts, on: date) -> Period | None:
    """The first school year in post, when the probation training is due (§三(二) 新任教师第一学年
    须接受…试用期培训), first and last day included: ``probation_years`` from entering post,
    whatever day the teacher's 转正 falls on (that day decides only from when credits are
    registered); up to the 转正 date where the day of entering post is not known; None when
    neither is known."""
    if teacher.entered_post is not None:
        return Period(teacher.entered_post, last_day_of_years(teacher.entered_post, P.PROBATION_YEARS.at(on)))
    if teacher.probation_end is not None:
        return Period(date.min, teacher.probation_end)
    return None


@dataclass(frozen=True)
class Registration:
    """The school year from which a teacher's credits are registered, its first day, and
    why (§三(二)); ``year`` is None when nothing says it starts later than any cycle."""

    year: int | None
    start: date | None
    reason: Words = ""

    def counts(self, day: date) -> bool:
        return self.start is None or day >= self.start


def registration(teacher: TeacherFacts, on: date) -> Registration:
    """转正及新调入的教师，从转正和调入年度开始登记培训学分: the later of the school year
    after probation ends (转正) and the school year the teacher was transferred in."""
    found = []
    end = probation_end(teacher, on)
    if end is not None:
        year = school_year_of(end + timedelta(days=1), on)
        found.append((year, _("试用期至 {date}，从转正年度 {year}起登记培训学分", date=end, year=year_name(year, on))))
    if teacher.transferred_in is not None:
        year = school_year_of(teacher.transferred_in, on)
        found.append((year, _("{date} 调入，从调入年度 {year}起登记培训学分",
                              date=teacher.transferred_in, year=year_name(year, on))))
    if not found:
        return Registration(None, None)
    year = max(y for y, _reason in found)
    return Registration(year, school_year(year, on).start, listing([r for y, r in found if y == year]))


# The notes of a period that asks nothing whatever the settings say: wholly before the credits
# are registered (§三(二)), or with no month in post (the core's tenure).
NOT_ASKED = ("不作要求：{reason}", "Not asked: {reason}",
             # the first school year in post, which asks the probation training instead (compliance.probation_year_note)
             "不要求学分（新任教师第一学年须接受不少于 {total}的试用期培训）：{reason}")


def by_setting(note: Words) -> bool:
    """Whether a figure's note (``asked``'s) is the doing of the setting partial_year or
    partial_cycle, which a page then names: a share, or a period held in part not asked; not a
    period that asks nothing whatever the setting says (``NOT_ASKED``)."""
    return bool(note) and getattr(note, "msgid", None) not in NOT_ASKED


def not_subject(teacher: TeacherFacts) -> bool:
    """凡取得中小学教师资格、具有中小学教师专业技术职务且在岗的……中小学教师……均属培训学分管理对象
    (§二(一)): a teacher whose school records that they hold no teacher qualification is not one,
    and no credit duty is asked of them. Not recorded (``None``) is no such record: the duties stand."""
    return teacher.qualified is False


def asked(full: Decimal, teacher: TeacherFacts, period: Period, registered: Registration, how: str,
          unit: Unit = Unit.CREDIT) -> tuple[Decimal | None, Words]:
    """What a duty of ``full`` over ``period`` asks of this teacher, and why when not
    ``full`` (``None``: nothing). Months before the school year their credits are
    registered from (§三(二)) are not held against them; nor, by the core's tenure rules,
    months before they were in post or wholly on approved leave; a period held in part
    follows ``how`` (the setting ``partial_year`` or ``partial_cycle``)."""
    if not_subject(teacher):
        return None, _("不作要求：{reason}", reason=_("学校登记该教师未取得中小学教师资格，不属培训学分管理对象"))
    if registered.start is not None and registered.start > period.end:
        return None, _("不作要求：{reason}", reason=registered.reason)
    if registered.start is None or registered.start <= period.start:
        return required_for(full, teacher, period, how, unit)
    share = share_of(teacher, Period(registered.start, period.end))
    if share.held == share_of(teacher, period).held:  # months before registration were not held anyway
        return required_for(full, teacher, period, how, unit)
    reason = listing([registered.reason, share.reason] if share.reason else [registered.reason])
    if share.none:
        return None, _("不作要求：{reason}", reason=reason)
    how = PartialPeriod(how)
    if how == PartialPeriod.FULL:
        return full, ""
    if how == PartialPeriod.EXEMPT:
        return None, _("只有部分月份登记培训学分，不作要求：{reason}", reason=reason)
    total = len(months_of(period))
    required = (full * share.held / total).quantize(Decimal(1), ROUND_HALF_UP)
    return required, _("{total} 个月中有 {held} 个月登记培训学分（{reason}）：要求 {required}，而非 {full}",
                       total=total, held=share.held, reason=reason,
                       required=Quantity(required, unit), full=Quantity(full, unit))
