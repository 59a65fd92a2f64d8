"""A region whose activity fields do not list ``level`` gets no level from a claim of the core's
two kinds (``level_asked``: its rules are taken not to read one), while the calculator asks the
level whatever it lists: the region template itself listed ``("end", "grade")`` and its conversion
read ``LEVEL_LABELS[activity.level]``, so a teacher's first claim in a region written from it was a
500 (KeyError: None), and ``portal rules test`` said "0 problems". The contract now converts each
claim kind's activity as a claim gives it, and the template lists the level its conversion reads."""
from __future__ import annotations

from decimal import Decimal

from portal.conformance import contract_problems
from portal.domain import CreditResult, Level, Step, Unit
from portal.plugins import Region
from tests import example_region


class ReadsLevelUnlisted:
    @example_region.hookimpl
    def portal_activity_fields(self, on):
        return ("end", "grade")

    @example_region.hookimpl
    def portal_convert_activity(self, activity, on):
        rate = {Level.CITY: Decimal(1), Level.COUNTY: Decimal(1), Level.SCHOOL: Decimal(1), Level.NATIONAL: Decimal(1),
                Level.PROVINCIAL: Decimal(1)}[activity.level]
        amount = activity.hours * rate
        return CreditResult(amount, Unit.CREDIT, "general",
                            (Step(example_region._("{hours} 学时按 1:1 计学分", hours=activity.hours), amount,
                                  example_region.SOURCE),))


def test_a_claim_kind_whose_activity_the_conversion_cannot_take_is_a_contract_problem():
    region = Region.load("example", {"example": example_region})
    region.pm.register(ReadsLevelUnlisted())
    problems = [p for p in contract_problems(region) if p.startswith("claim kind")]
    assert problems and "level" in problems[0] and "KeyError" in problems[0], problems
