"""The cycle, the yearly and cycle hours asked of a teacher, and the duties judged against
them. The Henan documents that would give the cycle and its hours are not in the
collection, so every figure here is a setting (``cycle_years``, ``cycle_anchor_year``,
``cycle_minimum``, ``yearly_minimum``, ``partial_cycle``, ``partial_year``) cited by the
words of the notice that name those rules, never as if a clause held it. The all-staff
training duty is the notice's own (kaifeng-2018-online-training.txt §五(三), §五(四)).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

from portal.domain import (
    Compliance, CycleProgress, Duty, Finding, Period, Record, Requirements, TeacherFacts, Unit,
    YearProgress, all_in, total,
)
from portal.domain.amounts import hours
from portal.domain.calendar import calendar_year, cycle_containing
from portal.domain.findings import CYCLE_TOTAL, YEARLY_MINIMUM, cap, cycle_total, minimum, with_note, yearly_minimum
from portal.domain.results import Words
from portal.domain.tenure import counted_part, in_post_from, required_for
from portal.domain.text import Text

from . import parameters as P
from .words import _


def cycle(on: date) -> Period:
    """The cycle holding ``on`` (settings: five years from 2016: 2016—2020, 2021—2025 ...)."""
    return cycle_containing(on, P.CYCLE_ANCHOR_YEAR.at(on), P.CYCLE_YEARS.at(on))


def requirements(on: date, teacher: TeacherFacts | None = None) -> Requirements:
    """The region's figures, or with ``teacher`` what is asked of them: the cycle's figure
    as ``check_compliance`` reports it and that of the year holding ``on`` (``None``:
    nothing is asked that year), from the same ``cycle_progress`` and ``year_progress``.
    Both figures are settings (the Henan documents are not in the collection): no clause
    of the notice is cited for them."""
    if teacher is None:
        return Requirements(cycle=P.CYCLE_MINIMUM.at(on), yearly=P.YEARLY_MINIMUM.at(on), unit=P.UNIT,
                            cycle_source="", yearly_source="",
                            settings=cycle_settings(""), yearly_settings=yearly_settings(""))
    whole = cycle_progress(teacher, cycle(on), (), on)[0]
    year = year_progress(teacher, on.year, (), on)
    return Requirements(cycle=whole.required, yearly=year.required, unit=P.UNIT, cycle_source="", yearly_source="",
                        settings=cycle_settings(whole.note), yearly_settings=yearly_settings(year.note))


def cycle_settings(note: Words) -> tuple[str, ...]:
    """The settings the cycle's figure comes from; ``partial_cycle`` too when it is a
    teacher's share (``note`` says why)."""
    return P.CYCLE_SETTINGS + ((P.PARTIAL_CYCLE.name,) if note else ())


def yearly_settings(note: Words) -> tuple[str, ...]:
    return (P.YEARLY_MINIMUM.name,) + ((P.PARTIAL_YEAR.name,) if note else ())


def counted_records(records: Sequence[Record], as_of: date) -> list[Record]:
    """The records up to ``as_of``; every one must be in 学时."""
    records = all_in(P.UNIT, records, _("开封市按学时登记，这条记录不是以学时计的，不能计入"))
    return [r for r in records if r.date <= as_of]


def once_a_year(records: Iterable[Record]) -> tuple[list[Record], list[Record]]:
    """The records that count, and the all-staff passes beyond the first of their year, which
    do not: 本次培训学时为60学时 (§三), and a teacher takes the one project of their stage
    (§四(二)1), so a year's training registers its hours once; a second pass of the same year
    (another stage's project) adds none."""
    seen: set[int] = set()
    kept, repeated = [], []
    for r in sorted(records, key=lambda r: r.date):
        repeat = r.category == P.CATEGORY_ALL_STAFF and r.completed and r.date.year in seen
        (repeated if repeat else kept).append(r)
        if r.category == P.CATEGORY_ALL_STAFF and r.completed:
            seen.add(r.date.year)
    return kept, repeated


def repeated_finding(repeated: Sequence[Record], as_of: date) -> Finding:
    days = [r.date for r in repeated]
    message = _("同一年的全员培训只登记一次 {hours}：{days} 的合格记录不重复计入",
                hours=hours(P.PROGRAM_HOURS.at(as_of)), days=days)
    return cap("all_staff_once_a_year", None, Decimal(len(repeated)), message, P.src(P.HOURS_CLAUSE, "四(二)1"))


def cycle_progress(teacher: TeacherFacts, period: Period, records: Sequence[Record], as_of: date) -> tuple[CycleProgress, bool]:
    """The cycle's figure for this teacher: months before they were in post or wholly on
    leave are not held against them; a cycle held in part follows ``partial_cycle``, and
    where it is pro-rated the credits of the months left out do not count either.
    Returns the progress and whether anything is asked at all."""
    how = P.PARTIAL_CYCLE.at(as_of)
    required, note = required_for(P.CYCLE_MINIMUM.at(as_of), teacher, period, how, unit=P.UNIT)
    window, note = counted_part(records, teacher, period, as_of, how, note, P.UNIT)
    earned = total(records, window)
    return CycleProgress(period, required if required is not None else Decimal(0), earned, earned, note=note), \
        required is not None


def judged(head: Text, ok: bool, met: Text, unmet: Text) -> Text:
    """``head`` and whether it meets the requirement (the page shows the figure, the
    shortfall and the settings they come from)."""
    return _("{situation}，{then}", situation=head, then=met if ok else unmet)


def cycle_finding(progress: CycleProgress, asked: bool) -> Finding:
    """The cycle's hours (setting ``cycle_minimum``), with the note that says why the figure
    is this teacher's share; a cycle that asks nothing of them is not judged in words."""
    head = _("周期内已登记 {earned}", earned=hours(progress.earned))
    message = judged(head, progress.ok, _("达到周期要求"), _("未达到周期要求")) if asked else head
    return cycle_total(progress, with_note(message, progress.note), P.HENAN_RULES, cycle_settings(progress.note))


def years_in_post(teacher: TeacherFacts, period: Period, as_of: date) -> range:
    """The cycle's years up to ``as_of`` from the teacher's first year in post: a year
    before they entered post or were transferred in asks nothing and is left out."""
    start = in_post_from(teacher)
    first = max(period.start.year, start.year) if start else period.start.year
    return range(first, as_of.year + 1)


def year_progress(teacher: TeacherFacts, year: int, records: Sequence[Record], as_of: date) -> YearProgress:
    """The year's figure for this teacher, as for the cycle; a year held in part follows
    ``partial_year``."""
    how = P.PARTIAL_YEAR.at(as_of)
    required, note = required_for(P.YEARLY_MINIMUM.at(as_of), teacher, calendar_year(year), how, unit=P.UNIT)
    window, note = counted_part(records, teacher, calendar_year(year), as_of, how, note, P.UNIT)
    return YearProgress(year, required, total(records, window), note)


def yearly_finding(progress: YearProgress) -> Finding:
    head = _("{year} 年已登记 {earned}", year=progress.year, earned=hours(progress.earned))
    message = judged(head, progress.ok, _("达到年度要求"), _("未达到年度要求"))
    return yearly_minimum(progress, with_note(message, progress.note), P.HENAN_RULES, calendar_year(progress.year).end,
                          yearly_settings(progress.note))


def all_staff_window(period: Period, as_of: date) -> Period | None:
    """Where a pass counts: this cycle (setting ``all_staff_per_cycle``), else any time up
    to ``as_of`` (``None``)."""
    return period if P.ALL_STAFF_PER_CYCLE.at(as_of) else None


def all_staff_passes(records: Iterable[Record], window: Period | None) -> list[Record]:
    """Passed all-staff training entries in the window: by the platform's grade where the
    entry keeps one, else by the hours it recorded (a fail records none)."""
    return [r for r in records
            if r.category == P.CATEGORY_ALL_STAFF and r.completed and (window is None or r.date in window)]


# The duty's heading where it is not asked: its ✓ then says nothing is asked, not that a pass is on record.
NOT_ASKED = _("全市全员网络研修考核：不作要求")


def all_staff_not_asked(teacher: TeacherFacts, passed: Decimal, as_of: date) -> Finding | None:
    """The finding when the all-staff condition is not asked of ``teacher`` on ``as_of``
    (``None`` when it is): before the notice that sets it (§五(三), dated at its foot), and
    of a teacher not in post while the one-off training ran (§四(二)2, 2019-01 to 2019-04),
    who could not have taken it and for whom no make-up is held (§五(四)), nor of one their
    school records as holding no teacher qualification certificate, whom the training is not
    for and who cannot be submitted to it (§二(一)). A teacher who
    entered post during it is still asked: the notice lets schools change their quota
    (§四(二)1, 名额……及时与教师教育科联系进行修改)."""
    start = P.ALL_STAFF_REQUIRED_FROM.value_at(as_of)
    if as_of < start.value:
        message = _("全员培训的必备条件由 {day} 的通知设立，此前不作要求", day=start.value)
        return minimum("all_staff_training", None, passed, message, start.source, unit=Unit.TIME, label=NOT_ASKED)
    training = P.ALL_STAFF_TRAINING_PERIOD.at(as_of)
    if entered_after_training(teacher, as_of):
        message = _("自 {day} 起在岗，全员培训（一期）于 {start} 至 {end} 举办时尚未在岗；培训结束后不再统一安排补训，"
                    "不作要求", day=in_post_from(teacher), start=training.start, end=training.end)
        return minimum("all_staff_training", None, passed, message, P.src("四(二)2", "五(四)"), unit=Unit.TIME,
                       label=NOT_ASKED)
    leave = on_leave_throughout_training(teacher, as_of)
    if leave is not None:
        message = _("{start} 至 {end} 经批准离岗，全员培训（一期）于 {training_start} 至 {training_end} 举办时不在岗；"
                    "培训结束后不再统一安排补训，不作要求", start=leave.start, end=leave.end,
                    training_start=training.start, training_end=training.end)
        return minimum("all_staff_training", None, passed, message, P.src(P.QUALIFIED_CLAUSE, "四(二)2", "五(四)"),
                       unit=Unit.TIME, label=NOT_ASKED)
    if unqualified(teacher):
        message = _("学校登记该教师未持有教师资格证书；全员培训面向持有教师资格证书的在职在岗教师，不作要求")
        return minimum("all_staff_training", None, passed, message, P.src(P.QUALIFIED_CLAUSE), unit=Unit.TIME,
                       label=NOT_ASKED)
    return None


def entered_after_training(teacher: TeacherFacts, as_of: date) -> bool:
    """In post only after the one-off training ended (§四(二)2: 2019-01 to 2019-04): they could not take it."""
    since = in_post_from(teacher)
    return since is not None and since > P.ALL_STAFF_TRAINING_PERIOD.at(as_of).end


def on_leave_throughout_training(teacher: TeacherFacts, as_of: date):
    """The approved leave covering every day of the one-off training (§四(二)2: 2019-01 to 2019-04),
    or None: the training is for teachers 在职在岗 (§二(一)), and one away on approved leave the
    whole time was not 在岗 while it ran, could not take it, and no make-up is held (§五(四)), as
    for a teacher who entered post after it. Leave over only part of it does not: they were in
    post while it ran and could take it, as a teacher entering post during it is asked."""
    training = P.ALL_STAFF_TRAINING_PERIOD.at(as_of)
    return next((leave for leave in teacher.leave
                 if leave.start <= training.start and training.end <= leave.end), None)


def unqualified(teacher: TeacherFacts) -> bool:
    """Recorded by their school as holding no teacher qualification certificate: the all-staff
    training is for those who hold one (§二(一) 持有教师资格证书的……在职在岗教师), and their
    submission is refused (``enrollment.qualified_finding``), so the duty is not asked of them.
    Not known (``None``) is no such record: the duty stands."""
    return teacher.qualified is False


def all_staff_finding(teacher: TeacherFacts, records: Sequence[Record], period: Period, as_of: date,
                      today: date | None = None) -> Finding:
    """本次培训为全员培训 (§五(四)), a necessary condition for certification, re-registration,
    title promotion and awards (§五(三)); looked for within the cycle (setting
    ``all_staff_per_cycle``). Counted in trainings passed (次): one is asked. Its deadline
    is the cycle's end; none when a pass of any phase counts. Not asked before the notice
    nor of a teacher who entered post after the training (``all_staff_not_asked``)."""
    window = all_staff_window(period, as_of)
    passes = all_staff_passes(records, window)
    not_asked = all_staff_not_asked(teacher, Decimal(len(passes)), as_of)
    if not_asked is not None:
        return not_asked
    if passes:
        last = max(r.date for r in passes)
        message = (_("周期内已通过全市全员网络研修考核（最近一次 {day}）", day=last) if window
                   else _("已通过全市全员网络研修考核（最近一次 {day}）", day=last))
    else:
        training = P.ALL_STAFF_TRAINING_PERIOD.at(as_of)  # before it ends, when it runs; after, no make-up
        later = (_("一期培训时间为 {start} 至 {end}", start=training.start, end=training.end) if as_of <= training.end
                 else _("本次培训结束后，未参训的教师不再统一安排补训"))
        message = _("{situation}；{later}；该培训是教师资格认定、教师资格证定期注册、"
                    "职务（职称）晋升评聘和考核奖励的必备条件", later=later,
                    situation=situation(window, as_of if today is None else today))
    # Looked for in the cycle, its deadline is the cycle's end: the cycle's settings too.
    settings = (P.ALL_STAFF_PER_CYCLE.name,) + (P.CYCLE_SETTINGS[1:] if window else ())
    return minimum("all_staff_training", Decimal(1), Decimal(len(passes)), message, P.src("五(三)", "五(四)"),
                   window.end if window else None, unit=Unit.TIME, settings=settings)


def situation(window: Period | None, today: date) -> Text:
    """No pass on record: in the cycle, which may have ended without one (after its last day,
    ``Period.ended_on``: on that day a pass still counts), or at all."""
    if window is None:
        return _("尚无全市全员网络研修考核合格记录")
    if window.ended_on(today):
        return _("周期（至 {end}）届满，没有全市全员网络研修考核合格记录", end=window.end)
    return _("周期内尚无全市全员网络研修考核合格记录")


def check_compliance(teacher: TeacherFacts, records: Sequence[Record], as_of: date,
                     today: date | None = None) -> Compliance:
    """The cycle total and each year's total (settings ``cycle_minimum`` and
    ``yearly_minimum``, for the part of each the teacher was in post: ``partial_cycle``,
    ``partial_year``; the notice sets no cap, so counted = earned) and the all-staff
    training duty (§五(三), §五(四))."""
    period = cycle(as_of)
    counted = counted_records(records, as_of)
    counted, repeated = once_a_year(counted)
    progress, asked = cycle_progress(teacher, period, counted, as_of)
    years = [year_progress(teacher, year, counted, as_of)
             for year in years_in_post(teacher, period, as_of)]
    findings = [cycle_finding(progress, asked)]
    findings.extend(yearly_finding(y) for y in years if y.required is not None)
    findings.append(all_staff_finding(teacher, counted, period, as_of, today))
    repeated = [r for r in repeated if r.date in period]  # an earlier cycle's repeat changes none of this one's figures
    if repeated:
        findings.append(repeated_finding(repeated, as_of))
    return Compliance(unit=P.UNIT, cycle=progress, years=tuple(years), findings=tuple(findings))


DUTIES = (
    Duty(CYCLE_TOTAL, _("每周期应登记的学时"), P.HENAN_RULES,
         _("每周期应登记的学时按河南省的规定；本通知未载其数，本平台按本市教育局设定的数值计算")),
    Duty(YEARLY_MINIMUM, _("每年应登记的学时"), P.HENAN_RULES,
         _("每年应登记的学时按河南省的规定；本通知未载其数，本平台按本市教育局设定的数值计算")),
    # What the notice itself asks of every teacher: the home leads with it (lead), before the
    # yearly and cycle hours, whose figures are the bureau's settings, not the notice's.
    Duty("all_staff_training", _("全市全员网络研修考核合格"), P.src("三", "三(五)", "五(三)", "五(四)"),
         _("全员培训 {hours}，以网络研修为主；考核成绩按在线学习课程时间、在线研讨交流积分与研修任务完成等按不同权重综合计算，"
           "考核合格的学时计入继续教育学时并获得学时证书；是教师资格认定、教师资格证定期注册、职务（职称）晋升评聘和"
           "考核奖励的必备条件；本次培训结束后，未参训的教师不再统一安排补训；查验哪一期的合格记录是本市教育局的设置（默认任一期合格即可）",
           hours=hours(P.PROGRAM_HOURS.default)), lead=True),
    Duty("all_staff_once_a_year", _("同一年的全员培训只登记一次学时"), P.src(P.HOURS_CLAUSE, "四(二)1"),
         _("教师按任教学段参加一个项目，同一年另一项目的合格记录不重复计入"), cap=True),
)


def duties() -> list[Duty]:
    return list(DUTIES)
