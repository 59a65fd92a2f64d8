"""The five-year cycle (§二), whose cycle it is, and what it asks of a teacher in post for
only part of it.

§二 gives the cycle's length (每5年为一个周期) and its 360 credits, nothing more: not where the
shared cycle starts (setting cycle_anchor_year: 2016–2020, 2021–2025, ...), not when the cycle
of a teacher who enters post during one starts or ends, not what such a teacher is asked. Its
按教师实际进入平台的时间 asks the schools to plan a teacher's training and credit recognition,
and gives no dates. So a teacher who entered after the anchor year counts their own cycles
from 1 January of the year they entered by the setting cycle_from_entered_post (the date they
entered post standing in for the platform's), and what a cycle held in part asks is the
setting partial_cycle. ``cycle(on, teacher)`` is the one answer: ``portal_cycle`` gives it,
and the teacher's compliance and requirements are judged over it, so they never name
different cycles. With no teacher it is the shared cycle (the rules page, figures for the
region as a whole).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from portal.domain import Period, TeacherFacts, Unit
from portal.domain.calendar import cycle_containing
from portal.domain.results import Words
from portal.domain import tenure
from portal.domain.tenure import required_for, share_of

from . import parameters as P


def region_cycle(on: date) -> Period:
    """The cycle everyone shares (setting cycle_anchor_year): 2016–2020, 2021–2025, ..."""
    return cycle_containing(on, P.CYCLE_ANCHOR_YEAR.at(on), P.CYCLE_YEARS.at(on))


def teacher_cycle(on: date, entered_platform: date | None) -> Period:
    """A teacher who entered after the anchor year counts 5-year cycles (§二) from 1 January
    of the entry year: the setting cycle_from_entered_post, since the notice gives no start."""
    anchor = P.CYCLE_ANCHOR_YEAR.at(on)
    years = P.CYCLE_YEARS.at(on)
    if entered_platform is None or entered_platform.year <= anchor:
        return region_cycle(on)
    if on.year < entered_platform.year:  # not yet in the platform: their first cycle
        return Period(date(entered_platform.year, 1, 1), date(entered_platform.year + years - 1, 12, 31))
    return cycle_containing(on, entered_platform.year, years)


def platform_entry(teacher: TeacherFacts, on: date) -> date | None:
    """When the teacher entered the platform: TeacherFacts has no such date, so the date they
    entered the post stands in for it (setting cycle_from_entered_post)."""
    return teacher.entered_post if P.CYCLE_FROM_ENTERED_POST.at(on) else None


def cycle(on: date, teacher: TeacherFacts | None) -> Period:
    """The cycle holding ``on``: the teacher's own, or the shared one when ``teacher`` is None."""
    if teacher is None:
        return region_cycle(on)
    return teacher_cycle(on, platform_entry(teacher, on))


def cycle_settings(teacher: TeacherFacts, on: date) -> tuple[str, ...]:
    """The settings that placed this teacher's cycle."""
    late = teacher.entered_post is not None and teacher.entered_post.year > P.CYCLE_ANCHOR_YEAR.at(on)
    if not late:
        return (P.CYCLE_ANCHOR_YEAR.name,)
    if P.CYCLE_FROM_ENTERED_POST.at(on):
        return (P.CYCLE_FROM_ENTERED_POST.name,)
    return (P.CYCLE_ANCHOR_YEAR.name, P.CYCLE_FROM_ENTERED_POST.name)


# What a cycle asks of this teacher (tenure) ----------------------------------------------


@dataclass(frozen=True)
class Asked:
    """What one cycle duty asks of this teacher (``None``: nothing), the note that says why
    it differs from the notice's figure, and the settings that decided it (those that placed
    the teacher's cycle, then the one that scaled the figure)."""

    required: Decimal | None
    note: Words = ""
    settings: tuple[str, ...] = ()

    @property
    def figure(self) -> Decimal:
        """The figure the cycle's progress is measured against: nothing asked is 0."""
        return self.required if self.required is not None else Decimal(0)


def asked(full: Decimal, teacher: TeacherFacts, cycle: Period, on: date, unit: Unit) -> Asked:
    """Months before the teacher entered post or was transferred in, and months wholly on
    approved leave, are never held against them; a cycle held only in part follows the
    setting partial_cycle. It is computed over the teacher's OWN cycle, which already starts
    in their entry year: the months before entry are excused here once, not again."""
    share = share_of(teacher, cycle)
    settings = cycle_settings(teacher, on) + (() if share.whole or share.none else (P.PARTIAL_CYCLE.name,))
    required, note = required_for(full, teacher, cycle, P.PARTIAL_CYCLE.at(on), unit=unit)
    if required == full:  # in post throughout, the full figure asked, or rounded back to it
        return Asked(full, "", settings)
    return Asked(required or None, note, settings)  # scaled to nothing: not asked


def counted_from(teacher: TeacherFacts, cycle: Period, on: date) -> date:
    """From which day credits count toward the cycle, as the setting partial_cycle reads on
    ``on`` decides it (``tenure.counted_from``)."""
    return tenure.counted_from(teacher, cycle, P.PARTIAL_CYCLE.at(on))
