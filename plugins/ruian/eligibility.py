"""Uses of credits. The notice names none (title review, re-registration ... are in
浙教师〔2016〕71号, not in the documents); what it asks of each teacher is to complete the
cycle's training plan (§二 足额完成教师专业发展培训计划), judged like the cycle. The second
selection round (§四(二)) is not a use of credits: see ``workflow.second_round_eligibility``.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from portal.domain import Compliance, CycleProgress, Eligibility, Finding, Purpose, Record, TeacherFacts
from portal.domain.amounts import credits, times
from portal.domain.findings import CYCLE_TOTAL
from portal.domain.results import Words

from . import parameters as P
from .compliance import check_compliance
from .parameters import src
from .words import _

PURPOSES = (
    Purpose("cycle_training_plan", _("足额完成本周期教师专业发展培训任务"), src("二"),
            _("周期内累计学分达到要求，且至少参加一次基础学分 90 以上的集中培训")),
)


def purposes() -> list[Purpose]:
    return list(PURPOSES)


def _credits_part(cycle_f: Finding, progress: CycleProgress) -> Words:
    if cycle_f.required is None:
        return _("不要求本人取得学分")
    values = dict(earned=credits(progress.counted), required=credits(cycle_f.required))
    if progress.counted >= cycle_f.required:
        return _("已取得 {earned}，达到 {required}", **values)
    return _("已取得 {earned}，不足 {required}", **values)


def _ninety_part(ninety_f: Finding, minimum: Decimal, completion: bool) -> Words:
    if ninety_f.required is None:
        return _("不要求本人参加基础学分 {minimum} 及以上的集中培训", minimum=minimum)
    if ninety_f.ok:
        return (_("已完成基础学分 {minimum} 及以上的集中培训", minimum=minimum) if completion
                else _("已参加基础学分 {minimum} 及以上的集中培训", minimum=minimum))
    return (_("尚未完成基础学分 {minimum} 及以上的集中培训", minimum=minimum) if completion
            else _("尚未参加基础学分 {minimum} 及以上的集中培训", minimum=minimum))


def _missing(cycle_f: Finding, ninety_f: Finding, minimum: Decimal, completion: bool, deadline: date) -> Words:
    gap, count = cycle_f.shortfall, ninety_f.shortfall
    values = dict(minimum=minimum, date=deadline)
    if gap and count:
        values.update(credits=credits(gap), times=times(count))
        return (_("还需 {credits}，并完成 {times}基础学分 {minimum} 及以上的集中培训，截止 {date}", **values)
                if completion else
                _("还需 {credits}，并参加 {times}基础学分 {minimum} 及以上的集中培训，截止 {date}", **values))
    if count:
        values.update(times=times(count))
        return (_("还需完成 {times}基础学分 {minimum} 及以上的集中培训，截止 {date}", **values) if completion
                else _("还需参加 {times}基础学分 {minimum} 及以上的集中培训，截止 {date}", **values))
    return _("还需 {credits}，截止 {date}", credits=credits(gap), date=deadline)


def training_plan_eligibility(compliance: Compliance, as_of: date) -> Eligibility:
    """§二 足额完成教师专业发展培训计划: judged like the cycle (its total and its 90+ training)."""
    findings = {f.code: f for f in compliance.findings}
    cycle_f, ninety_f = findings[CYCLE_TOTAL], findings["centralized_90"]
    progress = compliance.cycle
    period = progress.period
    minimum = P.CENTRALIZED_90_MIN_BASE.at(as_of)
    completion = P.CENTRALIZED_90_REQUIRES_COMPLETION.at(as_of)
    parts = dict(start=period.start, end=period.end, credits=_credits_part(cycle_f, progress),
                 ninety=_ninety_part(ninety_f, minimum, completion))
    settings = tuple(dict.fromkeys(cycle_f.settings + ninety_f.settings))
    source = src("二")
    # a teacher's own cycle (counted from entering post) is named so, not 本周期 (``own_cycle_label``)
    if progress.ok:
        reason = (_("{cycle}（{start} 至 {end}）{credits}，{ninety}，培训任务已足额完成", cycle=progress.label, **parts)
                  if progress.label else _("本周期（{start} 至 {end}）{credits}，{ninety}，培训任务已足额完成", **parts))
        return Eligibility("cycle_training_plan", True, reason, source, settings=settings)
    reason = (_("{cycle}（{start} 至 {end}）{credits}，{ninety}，培训任务尚未足额完成", cycle=progress.label, **parts)
              if progress.label else _("本周期（{start} 至 {end}）{credits}，{ninety}，培训任务尚未足额完成", **parts))
    missing = _missing(cycle_f, ninety_f, minimum, completion, period.end)
    return Eligibility("cycle_training_plan", False, reason, source, missing, settings=settings)


def eligibility(teacher: TeacherFacts, records: Sequence[Record], as_of: date) -> list[Eligibility]:
    return [training_plan_eligibility(check_compliance(teacher, records, as_of), as_of)]
