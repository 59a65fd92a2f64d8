"""A teacher's standing under 晋教师〔2017〕14号: the cycle, each school year, the findings.

§三(二): 120 credits a five-year cycle, of which 20 from city-level-or-higher centralized
training (a condition of the cycle: §三(一) 修满规定学分方能审定为合格), in principle 20 a
school year; credits are registered from the year of 转正 or of transfer; exchange teachers
register at their home unit. §三(三) compulsory content; §四(四) the self-study cap;
§四(五), §五(三) borrowing (the credit bank's arithmetic in ``bank``); §三(二), §五(三) the
probation year in hours.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from portal.domain import (
    ActivityRole, Compliance, CycleProgress, Duty, Finding, Grade, LedgerSource, Mode, Period, Record, Requirements,
    TeacherFacts, Unit, YearProgress,
)
from portal.domain.amounts import clean, credits, hours
from portal.domain.dates import add_years
from portal.domain.findings import (
    CYCLE_TOTAL, as_asked, cap, cycle_total, minimum, with_note, yearly_code, yearly_minimum,
)
from portal.domain.results import Words
from portal.domain.tenure import in_post_from

from . import parameters as P
from .bank import BankRow, Settlement, settle
from .categories import (
    BORROWING, CENTRALIZED_CITY_UP, PROBATION_CENTRALIZED, PROBATION_SCHOOL_ONLINE, SELF_STUDY,
)
from .parameters import V2017, src
from .periods import (
    Registration, asked, by_setting, cycle, first_year, not_subject, probation_end, registration, school_year, school_year_of, span,
    year_name,
)
from .words import _

CYCLE_SOURCE = src("三(一)", "三(二)", "五(三)")
CITY_UP_SOURCE = src("三(一)", "三(二)")
YEARLY_SOURCE = src(P.YEARLY_CLAUSE, "五(三)")
YEAR_SETTINGS = (P.SCHOOL_YEAR_START_MONTH.name,)
CYCLE_SETTINGS = (P.SCHOOL_YEAR_START_MONTH.name, P.CYCLE_ANCHOR_YEAR.name)


# The ledger as Shanxi counts it ----------------------------------------------------------------


@dataclass(frozen=True)
class Ledger:
    """A teacher's records up to a date, split the ways Shanxi counts them."""

    credits: tuple[Record, ...]       # earned credits, registered
    borrowings: tuple[Record, ...]    # 学分借贷, registered: count for their school year
    unregistered: tuple[Record, ...]  # credits dated before the school year of 转正 or transfer
    probation: tuple[Record, ...]     # hours of probation training dated in the probation year

    @classmethod
    def of(cls, records: Iterable[Record], as_of: date, registered: Registration,
           probation: Period | None) -> Ledger:
        known = [r for r in records if r.date <= as_of]
        in_credits = [r for r in known if r.unit == Unit.CREDIT and r.category not in PROBATION_PARTS]
        counted = [r for r in in_credits if registered.counts(r.date)]
        return cls(
            credits=tuple(r for r in counted if not is_borrowing(r)),
            borrowings=tuple(r for r in counted if is_borrowing(r)),
            unregistered=tuple(r for r in in_credits if not registered.counts(r.date)),
            probation=tuple(r for r in known if probation is not None and r.date in probation
                            and probation_part(r, as_of) is not None),
        )


# The probation training's two parts: their entries are hours (§三(二) 学时), whatever unit a
# converted record was given (the rules command's records default to the region's credits).
PROBATION_PARTS = (PROBATION_CENTRALIZED, PROBATION_SCHOOL_ONLINE)


def probation_part(record: Record, as_of: date) -> str | None:
    """The part of the probation training a record's hours count for, or None.

    §三(二) 新任教师第一学年须接受不少于120学时的试用期培训，其中集中培训不少于60学时，校本培训与网络研修
    不少于60学时: the clause counts hours by form and names no program, so besides the hours of the
    probation program, the hours a new teacher attended as a participant in a centralized, school-based or
    online training in the probation year count (setting ``probation_counts_any_training``)."""
    if record.category in PROBATION_PARTS or record.unit == Unit.HOUR:
        return record.category if record.category in PROBATION_PARTS else None
    if not P.PROBATION_COUNTS_ANY_TRAINING.at(as_of) or is_borrowing(record) or record.hours is None:
        return None
    if record.role not in (None, ActivityRole.PARTICIPANT) or record.program is not None:
        return None
    if record.mode == Mode.CENTRALIZED:
        return PROBATION_CENTRALIZED
    if record.mode in (Mode.SCHOOL_BASED, Mode.ONLINE):
        return PROBATION_SCHOOL_ONLINE
    return None


def probation_hours(record: Record, as_of: date) -> Decimal:
    """The hours a record gives the probation training: a probation entry's amount; another training's
    attended hours, none when it was failed (§四(二), setting ``probation_fail_gives_no_hours``)."""
    if record.category in PROBATION_PARTS:
        return record.amount
    if record.grade == Grade.FAIL and P.PROBATION_FAIL_GIVES_NO_HOURS.at(as_of):
        return Decimal(0)
    return record.hours or Decimal(0)


def is_borrowing(record: Record) -> bool:
    """A borrowing from the credit bank: in its category, or entered by the bank (source
    ``borrowing``) whatever category it was given."""
    return record.category == BORROWING or record.source == LedgerSource.BORROWING


def sum_of(records: Iterable[Record], period: Period | None = None, category: str | None = None,
           topic: str | None = None) -> Decimal:
    return clean(sum((r.amount for r in records
                      if (period is None or r.date in period)
                      and (category is None or r.category == category)
                      and (topic is None or topic in r.topics)), Decimal(0)))


def within_cap(amount: Decimal, before: Decimal, limit: Decimal) -> Decimal:
    """The part of ``amount`` self-study credits that counts when ``before`` were recognised
    earlier in the same cycle: 五年周期内自主研修成果认定的学分总数不得超过20学分 (§四(四)).
    Both the cycle's count and each school year's (hence what the credit bank saves) use it,
    so credits beyond the cap are counted nowhere."""
    return clean(max(Decimal(0), min(amount, limit - before)))


def self_study_within_cap(ledger: Ledger, period: Period, cycle_period: Period, as_of: date) -> tuple[Decimal, Decimal]:
    """The self-study credits dated in ``period`` (of the cycle ``cycle_period``), and the part
    of them the cap of §四(四) lets count, the cycle's earlier ones counted first."""
    amount = sum_of(ledger.credits, period, SELF_STUDY)
    before = sum_of(r for r in ledger.credits
                    if r.category == SELF_STUDY and cycle_period.start <= r.date < period.start)
    return amount, within_cap(amount, before, P.SELF_STUDY_CAP.at(as_of))


@dataclass(frozen=True)
class CycleFigures:
    period: Period
    earned: Decimal        # registered credits (and, if the setting says so, borrowed ones)
    borrowed: Decimal      # borrowed in the cycle
    self_study: Decimal
    counted: Decimal       # after the self-study cap
    city_up: Decimal
    unregistered: Decimal  # dated in the cycle before the registration year: not counted


def cycle_figures(ledger: Ledger, as_of: date, repaid: Decimal = Decimal(0)) -> CycleFigures:
    """Earned, and counted after the self-study cap of 20 (§四(四)); borrowings count only
    if the setting says so, and then only what is not yet repaid (``repaid``: what savings
    repaid, ``bank``), so that credits are not counted twice; hours are not credits."""
    period = cycle(as_of)
    borrowed = sum_of(ledger.borrowings, period)
    earned = sum_of(ledger.credits, period)
    if P.BORROWING_COUNTS_FOR_CYCLE.at(as_of):
        earned += borrowed - repaid
    self_study, self_study_counted = self_study_within_cap(ledger, period, period, as_of)
    counted = earned - self_study + self_study_counted
    return CycleFigures(period, clean(earned), borrowed, self_study, clean(counted),
                        sum_of(ledger.credits, period, CENTRALIZED_CITY_UP), sum_of(ledger.unregistered, period))


@dataclass(frozen=True)
class YearFigures:
    progress: YearProgress
    period: Period
    earned: Decimal
    borrowed: Decimal
    beyond_cap: Decimal = Decimal(0)  # self-study credits of the year past the cycle's cap (§四(四)): not counted


def year_figures(teacher: TeacherFacts, ledger: Ledger, registered: Registration, year: int,
                 as_of: date) -> YearFigures:
    """A school year's registered credits plus what was borrowed for it up to the year's
    shortfall, and what the year asks of this teacher (§三(二), §四(五), §五(三)). Self-study credits beyond the
    cycle's cap (§四(四)) count neither for the year nor for what it saves in the bank."""
    period = school_year(year, as_of)
    self_study, self_study_counted = self_study_within_cap(ledger, period, cycle(as_of), as_of)
    earned = clean(sum_of(ledger.credits, period) - self_study + self_study_counted)
    borrowed = sum_of(ledger.borrowings, period)
    required, note = asked(P.YEARLY_MINIMUM.at(as_of), teacher, period, registered, P.PARTIAL_YEAR.at(as_of))
    if (required is None and not not_subject(teacher) and registered.start is not None and registered.start > period.end
            and first_year_label(teacher, period)):
        note = probation_year_note(registered, as_of)
    covering = covering_part(borrowed, required, earned)
    # the year's credits are what was registered (earned); what of a borrowing makes up its shortfall
    # counts toward it too (counted), so the year is judged met (§五(三)) while the pages say that
    # of its 20 only 13.8 were earned: a borrowing is no credit recognised (它曾列在本年度已认定之内)
    return YearFigures(YearProgress(year, required, earned, note, counted=clean(earned + covering) if covering else None,
                                    label=first_year_label(teacher, period)),
                       period, earned, borrowed, clean(self_study - self_study_counted))


def first_year_label(teacher: TeacherFacts, period: Period) -> Words:
    """新任教师第一学年 for the school year the teacher entered the post in (§三(二) 新任教师第一学年
    须接受…试用期培训: its duties are the probation trainings): the pages head it so rather than
    本年度; empty for any other year."""
    return _("新任教师第一学年") if teacher.entered_post is not None and teacher.entered_post in period else ""


def probation_year_note(registered: Registration, as_of: date) -> Words:
    """The first school year in post asks no credits (§三(二) 从转正年度开始登记培训学分) but the
    probation training, in hours (§三(二) 新任教师第一学年须接受不少于120学时的试用期培训，其中集中培训
    不少于60学时，校本培训与网络研修不少于60学时): the year's card says both, not 不作要求 alone above
    the probation duties (a phone trial's new teacher read her first year 不作要求, then three open duties).
    Its parts (60 centralized, 60 school-based and online) are the duties listed beside it."""
    return _("不要求学分（新任教师第一学年须接受不少于 {total}的试用期培训）：{reason}",
             total=hours(P.PROBATION_HOURS_TOTAL.at(as_of)), reason=registered.reason)


def covering_part(borrowed: Decimal, required: Decimal | None, earned: Decimal) -> Decimal:
    """Of a year's borrowing, what makes up its shortfall (§五(三)): what it lent beyond that is
    no credit of the year."""
    return min(borrowed, max(Decimal(0), (required or Decimal(0)) - earned))


def listed_years(teacher: TeacherFacts, period: Period, as_of: date) -> range:
    """The cycle's school years up to ``as_of``, from the first the teacher was in post here."""
    first = school_year_of(period.start, as_of)
    start = in_post_from(teacher)
    if start is not None:
        first = max(first, school_year_of(start, as_of))
    return range(first, school_year_of(as_of, as_of) + 1)


# The standing ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Standing:
    """Everything ``check`` and ``eligibility`` judge from, computed once."""

    teacher: TeacherFacts
    as_of: date
    registered: Registration
    ledger: Ledger
    figures: CycleFigures
    city_up_required: Decimal | None
    cycle: CycleProgress
    years: tuple[YearFigures, ...]
    bank: Settlement
    today: date | None = None  # the day it is read on (``portal_check_compliance``): ``as_of`` unless later

    def ended(self, period: Period) -> bool:
        """Whether ``period`` has ended as read on ``today`` (``Period.ended_on``): on its last
        day it still runs; the previous cycle's page reads its last day later, as ended."""
        return period.ended_on(self.as_of if self.today is None else self.today)

    def year(self, year: int) -> YearFigures:
        found = next((y for y in self.years if y.progress.year == year), None)
        return found or year_figures(self.teacher, self.ledger, self.registered, year, self.as_of)


def standing(teacher: TeacherFacts, records: Sequence[Record], as_of: date, today: date | None = None) -> Standing:
    """The registered credits, what the cycle and each school year ask of this teacher
    (§三(二), the partial-period settings), and the cycle with its condition."""
    registered = registration(teacher, as_of)
    ledger = Ledger.of(records, as_of, registered, first_year(teacher, as_of))
    period = cycle(as_of)
    years = tuple(year_figures(teacher, ledger, registered, year, as_of)
                  for year in listed_years(teacher, period, as_of))
    bank = settle((bank_row(y) for y in years), P.BORROWING_REPAID_FROM_SAVINGS.at(as_of))
    figures = cycle_figures(ledger, as_of, bank.repaid)
    how = P.PARTIAL_CYCLE.at(as_of)
    required, note = asked(P.CYCLE_MINIMUM.at(as_of), teacher, figures.period, registered, how)
    city_up_required, _same_note = asked(P.CITY_UP_CENTRALIZED_MINIMUM.at(as_of), teacher, figures.period, registered, how)
    condition = city_up_finding(figures, city_up_required, note, as_of, today)
    progress = CycleProgress(figures.period, required if required is not None else Decimal(0), figures.earned,
                             figures.counted, (condition,), note)
    return Standing(teacher, as_of, registered, ledger, figures, city_up_required, progress, years, bank, today)


def bank_row(y: YearFigures) -> BankRow:
    return BankRow(y.progress.year, y.period, y.progress.required, y.earned, y.borrowed)


def requirements(on: date, teacher: TeacherFacts | None = None) -> Requirements:
    """120 credits a cycle, in principle 20 a school year (§三(二)); for a teacher, what
    ``check`` asks of them (from the school year of 转正 or transfer, for the months in
    post: the cycle, and the school year holding ``on``), from the same ``standing``."""
    cycle_need, yearly_need, settings, yearly_settings = P.CYCLE_MINIMUM.at(on), P.YEARLY_MINIMUM.at(on), (), ()
    if teacher is not None:
        s = standing(teacher, (), on)
        year = s.year(school_year_of(on, on)).progress
        cycle_need, yearly_need = s.cycle.required, year.required
        settings = (P.PARTIAL_CYCLE.name,) if by_setting(s.cycle.note) else ()
        yearly_settings = (P.PARTIAL_YEAR.name,) if by_setting(year.note) else ()
    return Requirements(cycle=cycle_need, yearly=yearly_need, unit=Unit.CREDIT,
                        cycle_source=P.CYCLE_MINIMUM.source_at(on), yearly_source=P.YEARLY_MINIMUM.source_at(on),
                        settings=settings, yearly_settings=yearly_settings)


def check(teacher: TeacherFacts, records: Sequence[Record], as_of: date, today: date | None = None) -> Compliance:
    """The cycle, each school year of it up to ``as_of``, and the findings of §三(二),
    §三(三), §四(四), §五(三), read on ``today`` (``as_of`` unless later: a period ends after its
    last day)."""
    s = standing(teacher, records, as_of, today)
    findings = [cycle_total_finding(s), *s.cycle.conditions, self_study_cap_finding(s.figures, as_of)]
    if s.figures.unregistered:
        findings.append(unregistered_finding(s))
    if teacher.home_unit:
        findings.append(home_unit_finding())
    first = school_year_of(s.figures.period.start, as_of)
    findings += [yearly_finding(y.progress.year - first + 1, y, as_of, today) for y in s.years
                 if y.progress.required is not None]
    if s.cycle.required:
        findings += compulsory_findings(s.ledger, s.figures.period, as_of, today)
    if is_new_teacher(teacher, as_of):
        findings += probation_findings(teacher, s.ledger, as_of)
    return Compliance(Unit.CREDIT, s.cycle, tuple(y.progress for y in s.years), tuple(findings))


def cycle_total_finding(s: Standing) -> Finding:
    """At least 120 credits a cycle, and the 20 city-level-or-higher centralized among them;
    short of the total at its end = 周期继续教育不合格 (§三(一), §三(二), §五(三))."""
    f, progress, as_of = s.figures, s.cycle, s.as_of
    settings = CYCLE_SETTINGS + ((P.PARTIAL_CYCLE.name,) if by_setting(progress.note) else ())
    if progress.required == 0:  # a probation teacher's cycle, or one not subject (§二(一)): asked nothing, not met
        return cycle_total(progress, _("周期（{span}）{note}", span=span(f.period), note=progress.note),
                           src(P.SCOPE_CLAUSE) if not_subject(s.teacher) else CYCLE_SOURCE, settings, exempt=True)
    figures = dict(span=span(f.period), counted=credits(f.counted), need=credits(progress.required))
    ended = s.ended(f.period)
    if progress.ok:
        message = _("周期（{span}）已认定 {counted}，其中市级及以上集中研修 {city_up}，达到周期要求",
                    city_up=credits(f.city_up), **figures)
    elif f.counted >= progress.required:
        city_need = credits(s.city_up_required or 0)
        message = (_("周期（{span}）届满认定 {counted}，但其中市级及以上集中研修未修满 {city_need}，不能审定为合格",
                     city_need=city_need, **figures) if ended else
                   _("周期（{span}）已认定 {counted}，达到 {need}，但其中市级及以上集中研修还未修满 {city_need}",
                     city_need=city_need, **figures))
    elif ended:
        message = _("周期（{span}）届满仅认定 {counted}，未达 {need}，周期继续教育不合格", **figures)
    else:
        message = _("周期（{span}）已认定 {counted}，须修满 {need}", **figures)
    return cycle_total(progress, with_note(message, progress.note), CYCLE_SOURCE, settings,
                       # the teacher's own share (a trial's new teacher read "每五年周期…不少于 24 学分", as if
                       # every cycle asked 24): the duty's label states the document's 120 for every cycle
                       label=as_asked(progress.required, P.CYCLE_MINIMUM.at(as_of), _("周期内本人应累计修满不少于 {amount}",
                                                                                  amount=credits(progress.required))))


def city_up_finding(f: CycleFigures, need: Decimal | None, note: Words, as_of: date,
                    today: date | None = None) -> Finding:
    """其中参加市级及以上集中研修须修满20学分 (§三(二)): a condition of the cycle, which
    §三(一) judges 合格 only when the credits it prescribes are met."""
    settings = (P.PARTIAL_CYCLE.name,) if by_setting(note) else ()
    if need is None:
        return minimum("city_up_centralized", None, f.city_up, _("周期内不要求市级及以上集中研修学分"),
                       CITY_UP_SOURCE, f.period.end, settings=settings, exempt=True)
    figures = dict(amount=credits(f.city_up), need=credits(need))
    if f.city_up >= need:
        message = _("周期内市级及以上集中研修已认定 {amount}，达到 {need}", **figures)
    elif f.period.ended_on(as_of if today is None else today):
        message = _("周期届满，市级及以上集中研修只认定 {amount}，未修满 {need}，周期不能审定为合格", **figures)
    else:
        message = _("周期内市级及以上集中研修已认定 {amount}，须修满 {need}，修满才能审定周期合格", **figures)
    return minimum("city_up_centralized", need, f.city_up, message, CITY_UP_SOURCE, f.period.end, settings=settings,
                   label=as_asked(need, P.CITY_UP_CENTRALIZED_MINIMUM.at(as_of),
                               _("周期内参加市级及以上集中研修修满 {amount}", amount=credits(need))))


def self_study_cap_finding(f: CycleFigures, as_of: date) -> Finding:
    """Self-study achievements count at most 20 credits a cycle (§四(四)): a cap."""
    limit = P.SELF_STUDY_CAP.at(as_of)
    figures = dict(amount=credits(f.self_study), cap=credits(limit))
    if f.self_study > limit:
        message = _("周期内自主研修成果 {amount}，按 {cap}计入周期学分", **figures)
    else:
        message = _("周期内自主研修成果 {amount}，全部计入（每周期最多认定 {cap}）", **figures)
    return cap("self_study_cap", limit, f.self_study, message, P.SELF_STUDY_CAP.source_at(as_of))


def unregistered_finding(s: Standing) -> Finding:
    """Credits dated before the school year of 转正 or transfer stay in the ledger but do
    not count (§三(二) 从转正和调入年度开始登记培训学分)."""
    return cap("credits_before_registration", None, s.figures.unregistered,
               _("{reason}：{start} 前的 {amount}仍列在学分记录中，但不计入周期和各学年的学分",
                 reason=s.registered.reason, start=s.registered.start, amount=credits(s.figures.unregistered)),
               src(P.REGISTRATION_CLAUSE), settings=YEAR_SETTINGS)


def home_unit_finding() -> Finding:
    """城乡交流教师、挂职和借调教师凭现工作单位证明材料回原单位登记培训学分 (§三(二)). The
    unit is not named: ``home_unit`` may be a code, and a name would not read in English."""
    return Finding("home_unit_registration", True, None, None,
                   _("城乡交流、挂职或借调期间，凭现工作单位的证明材料回原单位登记培训学分"), src(P.EXCHANGE_CLAUSE))


def yearly_finding(n: int, y: YearFigures, as_of: date, today: date | None = None) -> Finding:
    """In principle 20 credits a school year; a year below it without a borrowing is
    不合格 (§三(二), §五(三)). Code ``yearly_minimum_<n>``: the n-th school year of the cycle."""
    need = y.progress.required
    covering = y.progress.counts - y.earned  # of the borrowing, what makes up the year's shortfall
    loan = ("" if not y.borrowed else _("，另借贷 {amount}", amount=credits(y.borrowed)) if covering == y.borrowed
            else _("，另借贷 {amount}（不需要，不计入）", amount=credits(y.borrowed)) if not covering
            else _("，另借贷 {amount}（补足差额的 {covering}计入，其余不计入）", amount=credits(y.borrowed),
                   covering=credits(covering)))
    figures = dict(year=year_name(y.progress.year, as_of), earned=credits(y.earned), loan=loan, need=credits(need))
    if y.progress.ok:
        message = _("{year}修得 {earned}{loan}，达到 {need}", **figures)
    elif y.period.ended_on(as_of if today is None else today):
        message = _("{year}仅修得 {earned}{loan}，低于 {need}且未以学分借贷补足，该学年继续教育不合格", **figures)
    else:
        message = _("{year}已修 {earned}{loan}，须修满 {need}，也可以学分借贷补足", **figures)
    if y.beyond_cap:
        message = _("{situation}（另有自主研修成果 {amount}超出周期上限 {cap}，不计入）", situation=message,
                    amount=credits(y.beyond_cap), cap=credits(P.SELF_STUDY_CAP.at(as_of)))
    settings = YEAR_SETTINGS + ((P.PARTIAL_YEAR.name,) if by_setting(y.progress.note) else ())
    return yearly_minimum(y.progress, with_note(message, y.progress.note), YEARLY_SOURCE, y.period.end, settings, nth=n,
                          label=as_asked(need, P.YEARLY_MINIMUM.at(as_of),
                                      _("周期第 {n} 学年所修学分原则上不少于 {amount}", n=n, amount=credits(need))))


def compulsory_findings(ledger: Ledger, period: Period, as_of: date, today: date | None = None) -> list[Finding]:
    """师德教育 and 信息技术应用能力 are compulsory (§三(三)); the document gives no amount
    (setting ``compulsory_topic_minimum``, default: any credits)."""
    findings = []
    need = P.COMPULSORY_TOPIC_MINIMUM.at(as_of)
    source = P.COMPULSORY_TOPICS.source_at(as_of)
    settings = (P.COMPULSORY_TOPIC_MINIMUM.name,)
    # in the document's word, 必修学分 (§三(三) 纳入必修学分), as the duty's heading says it (0.4.12),
    # not the portal's own 必修内容, which the message under that heading still said
    for topic, label in P.COMPULSORY_TOPICS.at(as_of).items():
        actual = sum_of(ledger.credits, period, topic=topic)
        ok = actual > 0 and actual >= need
        if ok:
            message = _("周期内已修“{topic}”必修学分 {amount}", topic=label, amount=credits(actual))
        elif need > 0:
            message = _("周期内“{topic}”必修学分已修 {amount}，每周期须至少 {minimum}", topic=label,
                        amount=credits(actual), minimum=credits(need))
        else:
            message = (_("周期（至 {end}）届满，没有“{topic}”的必修学分", topic=label, end=period.end)
                       if period.ended_on(as_of if today is None else today) else
                       _("周期内（至 {end}）尚无“{topic}”的必修学分", topic=label, end=period.end))
        findings.append(Finding(f"compulsory_{topic}", ok, need if need > 0 else None, actual, message,
                                source, period.end, settings=settings))
    return findings


# The probation year (§三(二), §五(三)) -------------------------------------------------------------


def is_new_teacher(teacher: TeacherFacts, as_of: date) -> bool:
    """In the probation year, or within ``probation_review_years`` (a setting) after it."""
    end = probation_end(teacher, as_of)
    if end is None or (teacher.entered_post is not None and as_of < teacher.entered_post):
        return False
    return as_of < add_years(end + timedelta(days=1), P.PROBATION_REVIEW_YEARS.at(as_of))


@dataclass(frozen=True)
class ProbationRow:
    code: str
    label: Words
    need: Decimal
    actual: Decimal
    clause: str = P.PROBATION_CLAUSE  # the sentence that sets ``need``

    @property
    def ok(self) -> bool:
        return self.actual >= self.need


def probation_rows(teacher: TeacherFacts, ledger: Ledger, as_of: date) -> tuple[date, tuple[ProbationRow, ...]]:
    """The last day of the first year in post, and the hours of each part of the probation
    training dated in it."""
    period = first_year(teacher, as_of)
    assert period is not None
    end = period.end
    centralized, school_online = (
        clean(sum((probation_hours(r, as_of) for r in ledger.probation if probation_part(r, as_of) == part), Decimal(0)))
        for part in (PROBATION_CENTRALIZED, PROBATION_SCHOOL_ONLINE))
    return end, (
        ProbationRow("probation_centralized", _("集中培训"), P.PROBATION_CENTRALIZED_MINIMUM.at(as_of), centralized,
                     P.PROBATION_CENTRALIZED_CLAUSE),
        ProbationRow("probation_school_online", _("校本培训与网络研修"), P.PROBATION_SCHOOL_ONLINE_MINIMUM.at(as_of),
                     school_online, P.PROBATION_SCHOOL_ONLINE_CLAUSE),
        ProbationRow("probation_total", _("合计"), P.PROBATION_HOURS_TOTAL.at(as_of), clean(centralized + school_online)),
    )


def probation_findings(teacher: TeacherFacts, ledger: Ledger, as_of: date) -> list[Finding]:
    """First year: at least 60 hours centralized and 60 school-based + online, 120 in all (§三(二) 新任教师
    第一学年), counting the probation training dated in the first year in post, its first and last day included."""
    end, rows = probation_rows(teacher, ledger, as_of)
    findings = []
    for row in rows:
        figures = dict(part=row.label, actual=hours(row.actual), need=hours(row.need), end=end)
        message = (_("试用期培训（{part}）{actual}，达到 {need}", **figures) if row.ok else
                   _("试用期培训（{part}）已有 {actual}，第一学年（至 {end}）内须不少于 {need}", **figures))
        findings.append(minimum(row.code, row.need, row.actual, message, src(row.clause), end, unit=Unit.HOUR))
    return findings


# What the rules page lists -----------------------------------------------------------------------


def duties() -> list[Duty]:
    on = V2017
    cycle_need, city_need = credits(P.CYCLE_MINIMUM.at(on)), credits(P.CITY_UP_CENTRALIZED_MINIMUM.at(on))
    cap, yearly = credits(P.SELF_STUDY_CAP.at(on)), credits(P.YEARLY_MINIMUM.at(on))
    result = [
        Duty(CYCLE_TOTAL, _("每五年周期累计修满不少于 {amount}", amount=cycle_need), CYCLE_SOURCE,
             _("其中市级及以上集中研修须修满 {city}，两项都达到才能审定周期合格；自主研修成果最多计 {cap}；"
               "周期届满总学分未达为周期继续教育不合格", city=city_need, cap=cap)),
        Duty("city_up_centralized", _("周期内参加市级及以上集中研修修满 {amount}", amount=city_need), CITY_UP_SOURCE,
             _("周期合格的条件")),
        Duty("self_study_cap", _("周期内自主研修成果认定的学分不超过 {amount}", amount=cap),
             P.SELF_STUDY_CAP.source_at(on), _("超出部分不计入周期学分"), cap=True),
        Duty("credits_before_registration", _("转正和新调入的教师从转正和调入年度开始登记培训学分"),
             src(P.REGISTRATION_CLAUSE), _("此前的学分仍列在学分记录中，但不计入周期和各学年的学分"), cap=True),
        Duty("home_unit_registration", _("城乡交流、挂职和借调教师回原单位登记培训学分"), src(P.EXCHANGE_CLAUSE),
             _("凭现工作单位的证明材料")),
    ]
    for n in range(1, P.CYCLE_YEARS.default + 1):
        result.append(Duty(yearly_code(n), _("周期第 {n} 学年所修学分原则上不少于 {amount}", n=n, amount=yearly),
                           YEARLY_SOURCE, _("可以学分借贷补足；未达且未借贷者该学年继续教育不合格")))
    for topic, label in P.COMPULSORY_TOPICS.at(on).items():
        result.append(Duty(f"compulsory_{topic}", _("必修学分：{topic}", topic=label),
                           P.COMPULSORY_TOPICS.source_at(on)))
    probation = src(P.PROBATION_CLAUSE)
    result += [
        Duty("probation_centralized", _("新任教师试用期集中培训不少于 {amount}",
                                        amount=hours(P.PROBATION_CENTRALIZED_MINIMUM.at(on))),
             src(P.PROBATION_CENTRALIZED_CLAUSE)),
        Duty("probation_school_online", _("新任教师试用期校本培训与网络研修不少于 {amount}",
                                          amount=hours(P.PROBATION_SCHOOL_ONLINE_MINIMUM.at(on))),
             src(P.PROBATION_SCHOOL_ONLINE_CLAUSE)),
        Duty("probation_total", _("新任教师第一学年试用期培训不少于 {amount}",
                                  amount=hours(P.PROBATION_HOURS_TOTAL.at(on))), probation),
    ]
    return result
