"""The findings every region writes: a minimum (at least N by a deadline), a cap (at most N
counted), the cycle total and the yearly minimum, with the codes the core knows them by.

The message is the region's own words (it states the situation; the page adds what is
still missing and by when); these build the ``Finding`` around it so that ``ok``,
``required`` and the deadline follow one rule everywhere.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from .calendar import is_calendar_year
from .enums import Unit
from .results import CycleProgress, Finding, Period, Words, YearProgress
from .text import Messages

_ = Messages("messages", "portal")

# The duties every region has, under one code each: a region returns its cycle total and its
# yearly minimum under these, so the core knows which finding is which. A region that judges
# each year of the cycle apart may number them: ``yearly_minimum_1`` ... (``yearly_code``).
CYCLE_TOTAL = "cycle_total"
YEARLY_MINIMUM = "yearly_minimum"



def distinct(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """``findings`` without repeats, in their order: a finding said twice (by the core and by
    the region, or by two hooks gathered together: the same code, figures, words and clause)
    is shown once. Findings that differ in anything a reader sees are all kept. Only findings
    of the same code are compared in words (most have a code of their own: the offer of every
    row of a long list asks this)."""
    kept: list[Finding] = []
    for finding in findings:
        same = [k for k in kept if k.code == finding.code]
        if not same or not any(k == finding or _said(k) == _said(finding) for k in same):
            kept.append(finding)
    return tuple(kept)


def _said(finding: Finding) -> str:
    return json.dumps(finding.as_json(), sort_keys=True, ensure_ascii=False, default=str)


def with_note(message: Words, note: Words) -> Words:
    """``message``, then ``note`` (why this teacher's figure differs from the documents'), if
    any: …；在岗 4 / 12 个月 … / …. In post 4 of 12 months …"""
    return _("{message}. {note}", message=message, note=note) if note else message


def minimum(code: str, required: Decimal | None, actual: Decimal, message: Words, source: str,
            deadline: date | None = None, unit: Unit | None = None, settings: tuple[str, ...] = (),
            label: Words = "", exempt: bool = False) -> Finding:
    """At least ``required`` by ``deadline``: met when ``actual`` reaches it, or when nothing is
    required (``None``). ``unit``: what the figures count when not the region's unit
    (``Unit.TIME`` for trainings, ``Unit.ITEM`` for topics). ``label``: the duty as asked of
    this teacher, where ``required`` is not the figure its ``Duty`` label states. ``exempt``:
    the duty asks nothing of this teacher now (``Finding.exempt``: shown as not asked, never
    as met); it needs ``required`` None."""
    ok = required is None or actual >= required
    return Finding(code, ok, required, actual, message, source, deadline, unit=unit, settings=settings, label=label,
                   exempt=exempt)


def as_asked(required: Decimal | None, documents: Decimal, label: Words) -> Words:
    """A finding's ``label``: ``label`` (the duty as asked of this teacher: 修满 4 学分) where
    ``required`` is not the documents' figure (``documents``) that the duty's own label states
    (a share for a teacher in post part of the period); else nothing, as the duty's label says it."""
    return label if required is not None and required != documents else ""


def cap(code: str, limit: Decimal | None, actual: Decimal | None, message: Words, source: str,
        settings: tuple[str, ...] = ()) -> Finding:
    """At most ``limit`` counted: not a duty, so always ok; ``message`` says how much counts.
    ``limit`` is the documents' figure in the finding's unit (8 学分 a day, 120 a cycle) and
    ``actual`` what was earned toward it before the cap (the fullest day's, the cycle's
    school-based credits), so that a page can tell a cap that took something off (``actual``
    above ``limit``: ``Finding.limits``) from one nothing has reached; a cap found only where
    it takes something off may give ``None`` for the limit."""
    return Finding(code, True, limit, actual, message, source, cap=True, settings=settings)


def cycle_total(progress: CycleProgress, message: Words, source: str, settings: tuple[str, ...] = (),
                label: Words = "", exempt: bool = False) -> Finding:
    """The cycle's finding, due at its end: its ``ok`` is the cycle's (its conditions
    included), what is counted after the caps is its ``actual``, and a cycle that asks
    nothing of the teacher (``required`` 0) requires no figure. ``label`` and ``exempt`` as
    for ``minimum``."""
    return Finding(CYCLE_TOTAL, progress.ok, progress.required or None, progress.counted, message, source,
                   progress.period.end, settings=settings, label=label, exempt=exempt)


def yearly_code(nth: int | None = None) -> str:
    """``yearly_minimum``, or ``yearly_minimum_<nth>`` for the nth year of the cycle."""
    return YEARLY_MINIMUM if nth is None else f"{YEARLY_MINIMUM}_{nth}"


def yearly_minimum(year: YearProgress, message: Words, source: str, deadline: date, settings: tuple[str, ...] = (),
                   nth: int | None = None, label: Words = "", exempt: bool = False) -> Finding:
    """One year's minimum, due at the year's end (``deadline``): ``year.required`` for this
    teacher against what counts of what they earned that year (``YearProgress.counts``). Once
    that day has passed, a year not met is missed (``Finding.missed_on``): history, not a duty
    still open. ``label`` and ``exempt`` as for ``minimum``."""
    return Finding(yearly_code(nth), year.ok, year.required, year.counts, message, source, deadline, settings=settings,
                   label=label, exempt=exempt)


def is_yearly_minimum(code: str) -> bool:
    return code == YEARLY_MINIMUM or code.startswith(YEARLY_MINIMUM + "_")


def duty_label(declared, code: str) -> Words:
    """A finding's duty as pages and exports name it: its label among the region's ``declared``
    duties; a duty every region shares that the region forgot to declare (``portal rules test``
    reports it) in the core's words; any other code as itself."""
    if code in declared:
        return declared[code]
    if code == CYCLE_TOTAL:
        return _("The cycle's total")
    return _("The yearly minimum") if is_yearly_minimum(code) else code


def past_year_heading(finding: Finding, as_of: date, period: Period | None = None) -> Words:
    """The heading of a past year's minimum judged under the one code ``yearly_minimum`` (each
    year of the cycle so far): named by its year (2023 年度学分 / Year 2023), as the years would
    otherwise share the duty's one heading. ``period``, the region's year (``portal_year``)
    that ended on the finding's deadline, names a year that is no calendar year by its days
    (a school year from September ended 2026-08-31 is 2025-09-01 – 2026-08-31, not 2026).
    Empty for any other finding, for one whose period runs still, or one whose ``label`` says
    already what was asked that year."""
    if finding.code != YEARLY_MINIMUM or finding.label or not finding.ended_on(as_of):
        return ""
    if period is not None and period.end == finding.deadline and not is_calendar_year(period):
        return _("Year {start} – {end}", start=period.start, end=period.end)
    return _("Year {year}", year=finding.deadline.year)


def any_year_of_cycle(code: str) -> bool:
    """A yearly minimum under the one code ``yearly_minimum``, which a region may judge for each
    year of the cycle so far: a teacher's duty is then not met when any of those years fell short."""
    return code == YEARLY_MINIMUM
