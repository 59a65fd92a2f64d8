"""What a teacher's credits qualify them for (2018 notice annex 1 (一)–(四)): the annual
rating, title review by level, certificate re-registration and awards.

Re-registration judged by the cycle takes the cycle's own answer (``cycle_progress``), and
the five-year uses judged like the cycle count school-based at most 120 and need A-class
240 by the same function, so the pages never disagree.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from portal.domain import CycleProgress, Eligibility, Parameter, Period, Purpose, Record, TeacherFacts
from portal.domain.amounts import credits
from portal.domain.calendar import last_years, last_years_hold_until
from portal.domain.dates import add_years, full_years
from portal.domain.findings import with_note

from . import parameters as P
from .compliance import cap_words, counted, cycle, cycle_progress, window_progress, year_progress
from .words import _, ngettext

LABELS = {
    "annual_rating_excellent": _("年度考核评为优秀"),
    "title_junior": _("初级职称评审"),
    "title_intermediate": _("中级职称评审"),
    "title_senior": _("高级职称评审"),
    "title_full_senior": _("正高级职称评审"),
    "certificate_registration": _("教师资格定期注册"),
    "awards": _("评优评先"),
}

PURPOSES = (
    Purpose("annual_rating_excellent", LABELS["annual_rating_excellent"], P.ANNUAL_RATING_SOURCE,
            _("当年不少于 48 学分；自 2018-01-01 起")),
    Purpose("title_junior", LABELS["title_junior"], P.TITLE_JUNIOR.values[0].source, _("近一年内不少于 72 学分")),
    Purpose("title_intermediate", LABELS["title_intermediate"], P.TITLE_INTERMEDIATE.values[0].source,
            _("任职一年：近一年 72 学分；任职两年：近两年 144 学分（文件未写，本区设定）；任职三年：近三年 216 学分；"
              "任职四年及以上：近四年 288 学分。任职年限自现职称取得日起算，没有则自入职日起算")),
    Purpose("title_senior", LABELS["title_senior"], P.TITLE_SENIOR.values[0].source, _("近五年内不少于 360 学分")),
    Purpose("title_full_senior", LABELS["title_full_senior"], P.TITLE_SENIOR.values[0].source,
            _("近五年内不少于 360 学分")),
    Purpose("certificate_registration", LABELS["certificate_registration"], P.CERTIFICATE.values[0].source,
            _("每五年一注册，五年 360 学分；达不到的暂缓注册")),
    Purpose("awards", _("评优评先（市、区人民政府或其教育行政部门组织）"), P.AWARDS.values[0].source,
            _("近五年内不少于 360 学分")),
)


def purposes() -> list[Purpose]:
    return list(PURPOSES)


def eligibility(teacher: TeacherFacts, records: Sequence[Record], as_of: date) -> list[Eligibility]:
    """Annual rating, title review by level, certificate re-registration, awards (2018 附件1),
    counted after each row's yearly standard and the daily cap, as the standing is."""
    records = counted(records)[0]
    return [
        annual_rating(teacher, records, as_of),
        title_junior(records, as_of),
        title_intermediate(teacher, records, as_of),
        five_year_use("title_senior", P.TITLE_SENIOR, records, as_of),
        five_year_use("title_full_senior", P.TITLE_SENIOR, records, as_of),
        certificate_registration(teacher, records, as_of),
        five_year_use("awards", P.AWARDS, records, as_of),
    ]


def not_yet_applied(purpose: str, as_of: date) -> Eligibility | None:
    start = P.APPLICATION_FROM.value_at(as_of)
    if as_of < start.value:
        return Eligibility(purpose, True, _("学分应用规定自 {date} 起实施，此前不作学分要求", date=start.value),
                           start.source)
    return None


def assessed_year(as_of: date) -> int:
    """The year whose annual assessment the 48 bears on (仅用于当年教师年度考核中): the past
    year until its yearly classes' credits are registered (在次年1月登记学分), then this one."""
    return as_of.year - 1 if as_of.month <= P.REGISTRATION_MONTH.at(as_of) else as_of.year


def annual_rating(teacher: TeacherFacts, records: Sequence[Record], as_of: date) -> Eligibility:
    """Judged like the year: this teacher's 48 (or their share of it) in the year assessed; while
    that is the past year, the answer holds until the registration month's last day."""
    answer = _annual_rating(teacher, records, as_of)
    if assessed_year(as_of) == as_of.year:
        return answer
    month = P.REGISTRATION_MONTH.at(as_of)
    last = date(as_of.year, 12, 31) if month == 12 else date(as_of.year, month + 1, 1) - timedelta(days=1)
    return replace(answer, holds_until=last)


def _annual_rating(teacher: TeacherFacts, records: Sequence[Record], as_of: date) -> Eligibility:
    purpose = "annual_rating_excellent"
    early = not_yet_applied(purpose, as_of)
    if early:
        return early
    assessed = assessed_year(as_of)
    source = P.ANNUAL_RATING_SOURCE if assessed == as_of.year else f"{P.ANNUAL_RATING_SOURCE}、{P.NEXT_JANUARY_SOURCE}"
    year = year_progress(teacher, records, assessed, as_of)
    if year is None:
        return Eligibility(purpose, True, _("{year} 年尚未在岗，不作学分要求", year=assessed), source)
    settings = (P.PARTIAL_YEAR.name,) if year.note else ()
    args = dict(year=year.year, earned=credits(year.earned))
    if year.required is None:
        reason = _("{year} 年已得 {earned}", **args)
    elif year.ok:
        reason = _("{year} 年已得 {earned}，达到 {required}，年度考核可评为优秀", required=credits(year.required), **args)
    else:
        reason = _("{year} 年已得 {earned}，不足 {required}，年度考核不得评为优秀", required=credits(year.required),
                   **args)
    if assessed != as_of.year:
        reason = _("{reason}（上年培训在次年1月登记学分，1 月按上年考核）", reason=reason)
    reason = with_note(reason, year.note)
    if year.ok:
        return Eligibility(purpose, True, reason, source, settings=settings)
    short = credits(year.required - year.earned)
    if assessed == as_of.year:
        missing = _("还需 {short}，截止 {date}", short=short, date=date(year.year, 12, 31))
    else:
        # the year is over: only its own trainings still being registered this month can fill it
        missing = _("{year} 年还差 {short}（只有该年举办、{month} 月内登记的培训还能计入）", year=year.year,
                    short=short, month=P.REGISTRATION_MONTH.at(as_of))
    return Eligibility(purpose, False, reason, source, missing, settings=settings)


def recent(as_of: date, years: int):
    """近 N 年内: by a setting, rolling back N years from ``as_of`` or the N calendar years
    up to ``as_of``'s; with the words that say it."""
    if P.RECENT_YEARS_WINDOW.at(as_of) == "calendar":
        window = Period(date(as_of.year - years + 1, 1, 1), as_of)
    else:
        window = last_years(as_of, years)
    span = ngettext("近 {n} 年（{start} 至 {end}）", "近 {n} 年（{start} 至 {end}）", years,
                    start=window.start, end=window.end)
    return window, span


def within(years: int):
    return ngettext("须在申报时的近 {n} 年内取得", "须在申报时的近 {n} 年内取得", years)


def judged(purpose: str, label, span, progress: CycleProgress, as_of: date, source: str, by_when,
           settings: tuple[str, ...]) -> Eligibility:
    """The answer of ``progress`` (a window, or the cycle itself) for a purpose, in words."""
    args = dict(purpose=label, span=span, counted=credits(progress.counted), capped=cap_words(progress, as_of),
                required=credits(progress.required))
    failed = [c for c in progress.conditions if not c.ok]
    if progress.note and not progress.required:
        reason = _("{purpose}：{span}计 {counted}{capped}", **args)
    elif progress.ok:
        reason = _("{purpose}：{span}计 {counted}{capped}，达到 {required}", **args)
    elif failed:
        reason = _("{purpose}：{span}计 {counted}{capped}，其中 A 类 {a_class}，低于 {minimum}即为不达标",
                   a_class=credits(failed[0].actual), minimum=credits(failed[0].required), **args)
    else:
        reason = _("{purpose}：{span}计 {counted}{capped}，不足 {required}", **args)
    reason = with_note(reason, progress.note)
    if progress.ok:
        return Eligibility(purpose, True, reason, source, settings=settings)
    short = max(progress.required - progress.counted, Decimal(0))
    a_short = failed[0].shortfall if failed else Decimal(0)
    if a_short >= short:
        missing = _("还需 A 类学分 {a_short}，{by_when}", a_short=credits(a_short), by_when=by_when)
    elif a_short:
        missing = _("还需 {short}（其中 A 类至少 {a_short}），{by_when}", short=credits(short),
                    a_short=credits(a_short), by_when=by_when)
    else:
        missing = _("还需 {short}，{by_when}", short=credits(short), by_when=by_when)
    return Eligibility(purpose, False, reason, source, missing, settings=settings)


def over_recent_years(purpose: str, label, years: int, minimum: Decimal, records: Sequence[Record], as_of: date,
                      source: str, like_cycle: bool = False, settings: tuple[str, ...] = ()) -> Eligibility:
    """At least ``minimum`` credits over the last ``years`` years; ``like_cycle``: school-based
    counts up to 120 and A-class must reach 240, as for the cycle."""
    window, span = recent(as_of, years)
    a_minimum = P.A_CLASS_CYCLE_MINIMUM.at(as_of) if like_cycle else None
    progress = window_progress(records, window, minimum, a_minimum, as_of, as_of, like_cycle)
    answer = judged(purpose, label, span, progress, as_of, source, within(years),
                    settings + (P.RECENT_YEARS_WINDOW.name,))
    if P.RECENT_YEARS_WINDOW.at(as_of) == "calendar":  # moves at the year's end, when every standing is asked again
        return answer
    return replace(answer, holds_until=last_years_hold_until(as_of, years, (r.date for r in records)))


def title_junior(records: Sequence[Record], as_of: date) -> Eligibility:
    purpose = "title_junior"
    early = not_yet_applied(purpose, as_of)
    if early:
        return early
    param = P.TITLE_JUNIOR.value_at(as_of)
    years, minimum = param.value
    return over_recent_years(purpose, LABELS[purpose], years, minimum, records, as_of, param.source)


def title_intermediate(teacher: TeacherFacts, records: Sequence[Record], as_of: date) -> Eligibility:
    """Intermediate title: 72 / 144 (a setting) / 216 / 288 over the last 1 / 2 / 3 / 4+ years in post.

    Years in post (任职年限) count from the date of the current title, else from entering the
    post: the documents say "任职一年申报人员" without saying from when.
    """
    purpose = "title_intermediate"
    label = LABELS[purpose]
    early = not_yet_applied(purpose, as_of)
    if early:
        return early
    param = P.TITLE_INTERMEDIATE.value_at(as_of)
    since = teacher.title_date or teacher.entered_post
    if since is None:
        return Eligibility(purpose, False, _("{purpose}：没有任职起始日期，无法确定适用的学分要求", purpose=label),
                           param.source, _("请登记现职称取得日期或入职日期"))
    in_post = full_years(since, as_of)
    if in_post < 1:
        return Eligibility(
            purpose, False,
            _("{purpose}：自 {since} 任职不满一年，文件只规定任职一年及以上申报人员的学分要求", purpose=label, since=since),
            param.source,
            _("任职满一年（{date}）后，近一年内须有 {credits}", date=add_years(since, 1), credits=credits(param.value[1])),
            holds_until=add_years(since, 1) - timedelta(days=1),
        )
    if in_post == 2:
        two = P.TITLE_INTERMEDIATE_TWO_YEARS
        minimum = two.at(as_of)
        label = _("{purpose}（任职 2 年，近两年 {credits}）", purpose=label, credits=credits(minimum))
        return _until_next_year_in_post(over_recent_years(purpose, label, 2, minimum, records, as_of,
                                                          two.source_at(as_of), settings=(two.name,)), since, in_post)
    years = min(in_post, max(param.value))
    label = ngettext("{purpose}（自 {since} 任职 {n} 年）", "{purpose}（自 {since} 任职 {n} 年）", in_post,
                     purpose=label, since=since)
    return _until_next_year_in_post(over_recent_years(purpose, label, years, param.value[years], records, as_of,
                                                      param.source), since, in_post)


def _until_next_year_in_post(answer: Eligibility, since: date, in_post: int) -> Eligibility:
    """The answer holds at the latest until the day before the teacher's next full year in post,
    which asks another window (and says another number of years)."""
    last = add_years(since, in_post + 1) - timedelta(days=1)
    return replace(answer, holds_until=min(filter(None, (answer.holds_until, last))))


def like_cycle_label(purpose: str, as_of: date):
    return _("{purpose}（校本至多计 {cap}，A 类不低于 {minimum}）", purpose=LABELS[purpose],
             cap=credits(P.SCHOOL_BASED_CYCLE_CAP.at(as_of)), minimum=credits(P.A_CLASS_CYCLE_MINIMUM.at(as_of)))


def five_year_use(purpose: str, parameter: Parameter, records: Sequence[Record], as_of: date,
                  settings: tuple[str, ...] = ()) -> Eligibility:
    """Senior titles and awards (and re-registration not judged by the cycle): 360 in the
    last five years, by a setting judged like the cycle."""
    early = not_yet_applied(purpose, as_of)
    if early:
        return early
    param = parameter.value_at(as_of)
    years, minimum = param.value
    like_cycle = P.FIVE_YEAR_USES_LIKE_CYCLE.at(as_of)
    label = like_cycle_label(purpose, as_of) if like_cycle else LABELS[purpose]
    return over_recent_years(purpose, label, years, minimum, records, as_of, param.source, like_cycle,
                             settings=settings + (P.FIVE_YEAR_USES_LIKE_CYCLE.name,))


def registration_cycle(as_of: date) -> Period | None:
    """The cycle re-registration judges on ``as_of``: the one that has just ended while its
    registration period (setting ``certificate_registration_months``) runs, else ``None``
    (the current cycle). Registration follows a five-year cycle (附件1 每五年一注册), so on
    2023-01-01 it is the 2018–2022 cycle that a certificate is registered on, not the one
    that began that day. A cycle that ended before the rules applied (2018-01-01) is not judged."""
    ended = cycle(cycle(as_of).start - timedelta(days=1))
    first = ended.end + timedelta(days=1)
    n = P.CERTIFICATE_REGISTRATION_MONTHS.at(as_of)
    month = first.month - 1 + n
    last = date(first.year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    if ended.end < P.APPLICATION_FROM.at(as_of) or as_of > last:
        return None
    return ended


def certificate_registration(teacher: TeacherFacts, records: Sequence[Record], as_of: date) -> Eligibility:
    """Re-registration every five years needs 360 in the five years: by default the answer of
    the training cycle itself; in the registration period after a cycle ends, of that ended
    cycle (``registration_cycle``), else of the current cycle, deadline its end. Otherwise
    (setting) the last five years, judged like the cycle."""
    purpose = "certificate_registration"
    early = not_yet_applied(purpose, as_of)
    if early:
        return early
    if not P.CERTIFICATE_BY_CYCLE.at(as_of):
        return five_year_use(purpose, P.CERTIFICATE, records, as_of, (P.CERTIFICATE_BY_CYCLE.name,))
    ended = registration_cycle(as_of)
    settings = (P.CERTIFICATE_BY_CYCLE.name, P.CYCLE_ANCHOR_YEAR.name, P.CERTIFICATE_REGISTRATION_MONTHS.name)
    if ended is not None:
        progress = cycle_progress(teacher, records, ended.end)
        span = _("刚结束的周期（{start} 至 {end}，注册时按该周期判断）", start=ended.start, end=ended.end)
        by_when = _("该周期已于 {date} 结束，达不到的暂缓注册", date=ended.end)
    else:
        progress = cycle_progress(teacher, records, as_of)
        span = _("本周期（{start} 至 {end}）", start=progress.period.start, end=progress.period.end)
        by_when = _("截止 {date}；达不到的暂缓注册", date=progress.period.end)
    settings += (P.PARTIAL_CYCLE.name,) if progress.note else ()
    return judged(purpose, LABELS[purpose], span, progress, as_of, P.CERTIFICATE.source_at(as_of), by_when, settings)
