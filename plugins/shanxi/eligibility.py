"""What a teacher's credits qualify them for (晋教师〔2017〕14号 §五(三)).

凡学年培训学分未达学分基本要求且未实行学分“借贷”者，本学年继续教育为不合格；凡周期届满时，
未完成总学分最低要求者，视为周期继续教育不合格 — then 当年年度考核不合格，不得续聘，不得申报高一级
职称，不得评先评优，不予其教师资格定期注册; 新教师未完成上岗培训规定学分者，不得转正定级.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from portal.domain import Eligibility, Purpose, Record, TeacherFacts
from portal.domain.text import Joined

from . import parameters as P
from .compliance import Standing, YearFigures, is_new_teacher, probation_rows, standing
from .parameters import src
from .periods import school_year_of, span, year_name
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
    detail = _("本学年继续教育合格：学年学分达标或以学分借贷补足；周期最后一学年还须周期合格")
    return [Purpose(code, label, SOURCE, detail) for code, label in PURPOSE_LABELS.items()] + [
        Purpose(PROBATION_CONFIRMATION, _("新任教师转正定级"), src("五(三)", P.PROBATION_CLAUSE),
                _("试用期培训不少于 {total}，其中集中培训、校本培训与网络研修各不少于 {part}",
                  total=hours(P.PROBATION_HOURS_TOTAL.at(P.V2017)),
                  part=hours(P.PROBATION_CENTRALIZED_MINIMUM.at(P.V2017)))),
    ]


def eligibility(teacher: TeacherFacts, records: Sequence[Record], as_of: date) -> list[Eligibility]:
    """This school year's continuing education (and, in the cycle's last school year, the
    cycle) decides every purpose of §五(三); a new teacher's probation training decides
    转正定级."""
    s = standing(teacher, records, as_of)
    ok, reason, missing, settings = this_years_standing(s)
    result = [Eligibility(code, ok, _("{purpose}：{reason}", purpose=label, reason=reason), SOURCE, missing,
                          settings) for code, label in PURPOSE_LABELS.items()]
    if is_new_teacher(teacher, as_of):
        result.append(probation_eligibility(s))
    return result


def this_years_standing(s: Standing):
    """Whether this school year's continuing education stands as 合格 on ``as_of``: the
    reason in words, what is missing and by when, and the settings the judgement used."""
    y = s.year(school_year_of(s.as_of, s.as_of))
    reasons, missing = year_standing(y, s.as_of)
    settings = (P.PARTIAL_YEAR.name,) if y.progress.note else ()
    f, progress = s.figures, s.cycle
    if y.period.end >= f.period.end and progress.required:  # the cycle's last school year: judged too
        reasons.append(_("本周期（{span}）已认定 {counted}，其中市级及以上集中研修 {city_up}", span=span(f.period),
                         counted=credits(f.counted), city_up=credits(f.city_up)))
        if progress.note:
            settings += (P.PARTIAL_CYCLE.name,)
        if not progress.ok:  # judged like the cycle: its total and its condition
            missing += cycle_missing(s)
    said = Joined(reasons, SEMICOLON)
    if not missing:
        return True, _("{reasons}，继续教育合格", reasons=said), "", settings
    return (False, _("{reasons}。未补足则继续教育不合格，当年年度考核不合格，不得续聘、申报高一级职称、评先评优，"
                     "不予教师资格定期注册", reasons=said), Joined(missing, SEMICOLON), settings)


def year_standing(y: YearFigures, as_of: date) -> tuple[list, list]:
    """This school year's reason and, when short, what is missing (§三(二), §五(三))."""
    name = year_name(y.progress.year, as_of)
    need = y.progress.required
    if need is None:
        return [_("{year}{note}", year=name, note=y.progress.note)], []
    loan = _("（另借贷 {amount}）", amount=credits(y.borrowed)) if y.borrowed else ""
    figures = dict(year=name, earned=credits(y.earned), loan=loan, need=credits(need))
    if y.progress.ok:
        return [_("{year}已修 {earned}{loan}，达到 {need}", **figures)], []
    return [_("{year}已修 {earned}{loan}，未达 {need}", **figures)], [
        _("{year}还需 {amount}，截止 {end}（或办理学分借贷）", year=name, amount=credits(need - y.progress.earned),
          end=y.period.end)]


def cycle_missing(s: Standing) -> list:
    """What the cycle still lacks: the total, and the city-or-higher centralized credits."""
    f, progress = s.figures, s.cycle
    missing = []
    if f.counted < progress.required:
        missing.append(_("本周期还需 {amount}，截止 {end}", amount=credits(progress.required - f.counted),
                         end=f.period.end))
    for condition in progress.conditions:
        if condition.shortfall is not None:
            missing.append(_("本周期市级及以上集中研修还需 {amount}，截止 {end}",
                             amount=credits(condition.shortfall), end=f.period.end))
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
    when = _("截止 {date}", date=end) if s.as_of <= end else _("试用期已于 {date} 结束", date=end)
    return Eligibility(PROBATION_CONFIRMATION, False,
                       _("转正定级：试用期培训未完成（{figures}），未完成不得转正定级", figures=figures), source,
                       _("{short}，{when}", short=Joined(short, {"zh_Hans_CN": "、", "*": ", "}), when=when))
