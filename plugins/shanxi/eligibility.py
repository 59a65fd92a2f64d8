"""What a teacher's credits qualify them for (晋教师〔2017〕14号 §五(三)).

凡学年培训学分未达学分基本要求且未实行学分“借贷”者，本学年继续教育为不合格；凡周期届满时，
未完成总学分最低要求者，视为周期继续教育不合格 — then 当年年度考核不合格，不得续聘，不得申报高一级
职称，不得评先评优，不予其教师资格定期注册; 新教师未完成上岗培训规定学分者，不得转正定级. A year or
a cycle is judged once it has ended, and its result holds until the next school year ends
(``judged_standing`` says why); the year in progress is progress, not a failure.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from portal.domain import Eligibility, Period, Purpose, Record, TeacherFacts
from portal.domain.results import Words
from portal.domain.text import Joined

from . import parameters as P
from .compliance import Standing, YearFigures, is_new_teacher, probation_rows, standing
from .parameters import src
from .periods import by_setting, first_year, school_year, school_year_of, span, year_name
from portal.domain.amounts import credits, hours

from .words import _

PURPOSE_LABELS = {
    "annual_rating": _("年度考核"),
    "contract_renewal": _("续聘"),
    "title_application": _("申报高一级职称"),
    "awards": _("评先评优"),
    "certificate_registration": _("教师资格定期注册"),
}
PROBATION_CONFIRMATION = "probation_confirmation"
SOURCE = src("五(三)")
SEMICOLON = {"zh_Hans_CN": "；", "*": "; "}


def purposes() -> list[Purpose]:
    detail = _("最近结束的学年继续教育合格：学年学分达标或以学分借贷补足；该学年结束一个周期时，周期也须合格。"
               "进行中的学年只显示进度")
    return [Purpose(code, label, SOURCE, detail) for code, label in PURPOSE_LABELS.items()] + [
        Purpose(PROBATION_CONFIRMATION, _("新任教师转正定级"), src("五(三)", P.PROBATION_CLAUSE),
                _("试用期培训不少于 {total}，其中集中培训不少于 {centralized}，校本培训与网络研修不少于 {school}",
                  total=hours(P.PROBATION_HOURS_TOTAL.at(P.V2017)),
                  centralized=hours(P.PROBATION_CENTRALIZED_MINIMUM.at(P.V2017)),
                  school=hours(P.PROBATION_SCHOOL_ONLINE_MINIMUM.at(P.V2017)))),
    ]


def eligibility(teacher: TeacherFacts, records: Sequence[Record], as_of: date) -> list[Eligibility]:
    """The most recently ended school year (and the cycle it closed) decides every purpose of
    §五(三), the year in progress is shown as progress (``judged_standing``); a new teacher's
    probation training decides 转正定级."""
    s = standing(teacher, records, as_of)
    ok, reason, missing, settings = judged_standing(s, records)
    result = [Eligibility(code, ok, _("{purpose}：{reason}", purpose=label, reason=reason), SOURCE, missing,
                          settings) for code, label in PURPOSE_LABELS.items()]
    if is_new_teacher(teacher, as_of):
        result.append(probation_eligibility(s))
    return result


def judged_year(as_of: date) -> int:
    """The school year §五(三) judges on ``as_of``: the latest that has ended (每学年结束时), so
    the one before the year holding ``as_of``; on its last day a year is still in progress, as
    its yearly finding says (``compliance.yearly_finding``) and as the kept standing, which
    holds to the year's end, assumes."""
    return school_year_of(as_of, as_of) - 1


def judged_standing(s: Standing, records: Sequence[Record]):
    """Whether continuing education stands as 合格 for the purposes of §五(三) on ``s.as_of``:
    the reason in words, what is missing (and until when it is held against the teacher),
    and the settings the judgement used.

    凡学年培训学分未达学分基本要求且未实行学分“借贷”者，本学年继续教育为不合格；凡周期届满时，
    未完成总学分最低要求者，视为周期继续教育不合格 — a school year or a cycle is 不合格 only once it
    has ended: the school tallies the year 每学年结束时 and the county 核定教师个人本学年的培训学分,
    the cycle is reviewed 五年周期结束 (§五(二), §二(四) 学年常规审核、五年周期审定). §五(三)
    then attaches the consequences to 当年: 当年年度考核不合格，不得续聘，不得申报高一级职称，不得评先评优，
    不予其教师资格定期注册. So every purpose is judged on the most recently ended school year, and
    on the cycle when that year closed it; the result holds until the next school year ends
    and is judged in its turn. The text gives no longer reach (none, say, that a failed cycle
    bars registration for five years), and none is invented. The year in progress cannot be
    不合格 yet: what it still needs is said as progress."""
    year = judged_year(s.as_of)
    end = school_year(year, s.as_of).end
    if s.teacher.entered_post is not None and s.teacher.entered_post > end:
        # not in post in the year judged: nothing of it is held for or against the teacher
        progress, settings = progress_standing(s, year + 1)
        return True, _("{year}结束时尚未入职，没有已结束的学年可判定。{progress}", year=year_name(year, s.as_of),
                       progress=progress), "", settings
    ended = standing(s.teacher, records, end)
    y = ended.year(year)
    reasons, failed = ended_year_standing(y, end)
    unfinished = probation_unfinished(s, school_year(year, s.as_of))
    if unfinished is not None:
        reasons.append(unfinished[0])
        failed.append(unfinished[1])
    settings = (P.PARTIAL_YEAR.name,) if by_setting(y.progress.note) else ()
    if ended.figures.period.end == end and ended.cycle.required:  # the year closed a cycle: judged too
        said, short = ended_cycle_standing(ended)
        reasons.append(said)
        failed += short
        if by_setting(ended.cycle.note):
            settings += (P.PARTIAL_CYCLE.name,)
    judged = Joined(reasons, SEMICOLON)
    progress, more = progress_standing(s, year + 1)  # the year holding as_of
    settings += tuple(name for name in more if name not in settings)
    if not failed:
        reason = _("{judged}，继续教育合格", judged=judged)
        return True, _("{reason}。{progress}", reason=reason, progress=progress), "", settings
    reason = _("{judged}。当年年度考核不合格，不得续聘、申报高一级职称、评先评优，不予教师资格定期注册", judged=judged)
    reason = _("{reason}。{progress}", reason=reason, progress=progress)
    following = school_year(year + 1, s.as_of).end + timedelta(days=1)
    failed.append(_("{date} 起改按 {year}判定", date=following, year=year_name(year + 1, s.as_of)))
    return False, reason, Joined(failed, SEMICOLON), settings


def probation_unfinished(s: Standing, judged: Period) -> tuple[Words, Words] | None:
    """A new teacher's first school year, ended in the year judged with its probation training
    short and no 转正 recorded: its reason and its shortfall; else None.

    §三(二) asks of a new teacher's first year the probation training (新任教师第一学年须接受不少于
    120学时的试用期培训), §五(三) calls it their 上岗培训规定学分 and says 新教师未完成上岗培训规定学分者，
    不得转正定级. A trial's demo teacher (罗俊杰: no 转正 date, the school-based and online part not
    registered) read that year 不作要求 and so 合格 for 申报高一级职称 and 评先评优, as if confirmed: the
    first year is that year's requirement, and short of it the year's continuing education is not
    合格. A 转正 date the school recorded says it confirmed the teacher: that is not questioned."""
    period = first_year(s.teacher, s.as_of)
    if (s.teacher.probation_end is not None or period is None or not is_new_teacher(s.teacher, s.as_of)
            or not (judged.start <= period.end <= judged.end)):
        return None
    end, rows = probation_rows(s.teacher, s.ledger, s.as_of)
    if all(r.ok for r in rows):
        return None
    figures = Joined([_("{part} {actual}/{need}", part=r.label, actual=r.actual, need=hours(r.need)) for r in rows],
                     {"zh_Hans_CN": "，", "*": ", "})
    short = [_("{part}差 {amount}", part=r.label, amount=hours(r.need - r.actual))
             for r in rows if not r.ok and r.code != "probation_total"]
    if not short:
        total = rows[-1]
        short = [_("合计差 {amount}", amount=hours(total.need - total.actual))]
    return (_("第一学年（至 {end}）试用期培训未完成（{figures}），未登记转正，不得转正定级，该学年继续教育不合格",
              end=end, figures=figures),
            _("第一学年试用期培训{short}", short=Joined(short, {"zh_Hans_CN": "、", "*": ", "})))


def ended_year_standing(y: YearFigures, as_of: date) -> tuple[list, list]:
    """An ended school year's reason and, when it ended 不合格, its shortfall (§三(二), §五(三))."""
    name = year_name(y.progress.year, as_of)
    need = y.progress.required
    if need is None:
        return [_("{year}{note}", year=name, note=y.progress.note)], []
    loan = _("（另借贷 {amount}）", amount=credits(y.borrowed)) if y.borrowed else ""
    figures = dict(year=name, earned=credits(y.earned), loan=loan, need=credits(need))
    if y.progress.ok:
        return [_("{year}已修 {earned}{loan}，达到 {need}", **figures)], []
    return [_("{year}仅修得 {earned}{loan}，未达 {need}，该学年继续教育不合格", **figures)], [
        _("{year}差 {amount}，未以学分借贷补足", year=name, amount=credits(need - y.progress.counts))]


def ended_cycle_standing(s: Standing) -> tuple[Words, list]:
    """A cycle that ended with ``s.as_of``: its reason and, when it ended 不合格, what it lacked
    (§三(一) 修满规定学分方能审定为合格, §三(二), §五(三))."""
    f, progress = s.figures, s.cycle
    figures = dict(span=span(f.period), counted=credits(f.counted), city_up=credits(f.city_up))
    if progress.ok:
        return _("周期（{span}）届满认定 {counted}，其中市级及以上集中研修 {city_up}，周期合格", **figures), []
    short = []
    if f.counted < progress.required:
        short.append(_("周期（{span}）届满差 {amount}", span=span(f.period), amount=credits(progress.required - f.counted)))
    for condition in progress.conditions:
        if condition.shortfall is not None:
            short.append(_("周期（{span}）市级及以上集中研修差 {amount}", span=span(f.period),
                           amount=credits(condition.shortfall)))
    return _("周期（{span}）届满认定 {counted}，其中市级及以上集中研修 {city_up}，周期继续教育不合格", **figures), short


def progress_standing(s: Standing, year: int) -> tuple[Words, tuple[str, ...]]:
    """The school year in progress (and the cycle, in its last school year) as progress: what
    it has and still needs by its end."""
    y = s.year(year)
    name = year_name(year, s.as_of)
    need = y.progress.required
    settings = (P.PARTIAL_YEAR.name,) if by_setting(y.progress.note) else ()
    loan = _("（另借贷 {amount}）", amount=credits(y.borrowed)) if y.borrowed else ""
    if need is None:
        parts = [_("{year}{note}", year=name, note=y.progress.note)]
    elif y.progress.ok:
        parts = [_("{year}进行中，已修 {earned}{loan}，已达到 {need}", year=name, earned=credits(y.earned), loan=loan,
                   need=credits(need))]
    else:
        parts = [_("{year}进行中，已修 {earned}{loan}，还需 {amount}，截止 {end}（或办理学分借贷）", year=name,
                   earned=credits(y.earned), loan=loan, amount=credits(need - y.progress.counts), end=y.period.end)]
    f, progress = s.figures, s.cycle
    if y.period.end >= f.period.end and progress.required:  # the cycle's last school year
        figures = dict(span=span(f.period), counted=credits(f.counted), city_up=credits(f.city_up))
        # a cycle with a name of its own (CycleProgress.label) is named so, as the pages head it, not 本周期
        parts.append(_("{cycle}（{span}）已认定 {counted}，其中市级及以上集中研修 {city_up}", cycle=progress.label,
                       **figures) if progress.label
                     else _("本周期（{span}）已认定 {counted}，其中市级及以上集中研修 {city_up}", **figures))
        parts += cycle_missing(s)
        if progress.note:
            settings += (P.PARTIAL_CYCLE.name,)
    return Joined(parts, SEMICOLON), settings


def cycle_missing(s: Standing) -> list:
    """What the cycle still lacks: the total, and the city-or-higher centralized credits."""
    f, progress = s.figures, s.cycle
    missing = []
    label = progress.label  # a cycle with a name of its own is named so, not 本周期
    if f.counted < progress.required:
        figures = dict(amount=credits(progress.required - f.counted), end=f.period.end)
        missing.append(_("{cycle}还需 {amount}，截止 {end}", cycle=label, **figures) if label
                       else _("本周期还需 {amount}，截止 {end}", **figures))
    for condition in progress.conditions:
        if condition.shortfall is not None:
            figures = dict(amount=credits(condition.shortfall), end=f.period.end)
            missing.append(_("{cycle}市级及以上集中研修还需 {amount}，截止 {end}", cycle=label, **figures) if label
                           else _("本周期市级及以上集中研修还需 {amount}，截止 {end}", **figures))
    return missing


def probation_eligibility(s: Standing) -> Eligibility:
    """新教师未完成上岗培训规定学分者，不得转正定级 (§五(三); the hours of §三(二))."""
    end, rows = probation_rows(s.teacher, s.ledger, s.as_of)
    figures = Joined([_("{part} {actual}/{need}", part=r.label, actual=r.actual, need=hours(r.need)) for r in rows],
                     {"zh_Hans_CN": "，", "*": ", "})
    source = src("五(三)", P.PROBATION_CLAUSE)
    if all(r.ok for r in rows):
        return Eligibility(PROBATION_CONFIRMATION, True, _("转正定级：试用期培训已完成（{figures}）", figures=figures),
                           source)
    short = [_("{part}还需 {amount}", part=r.label, amount=hours(r.need - r.actual))
             for r in rows if not r.ok and r.code != "probation_total"]
    if not short:
        total = rows[-1]
        short = [_("试用期培训合计还需 {amount}", amount=hours(total.need - total.actual))]
    when = _("截止 {date}", date=end) if s.as_of <= end else _("第一学年已于 {date} 结束", date=end)
    return Eligibility(PROBATION_CONFIRMATION, False,
                       _("转正定级：试用期培训未完成（{figures}），未完成不得转正定级", figures=figures), source,
                       _("{short}，{when}", short=Joined(short, {"zh_Hans_CN": "、", "*": ", "}), when=when))
