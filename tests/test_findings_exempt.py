"""The findings helpers say a duty asks nothing of this teacher now (an outside region's
author had to ``replace`` their answers to say it)."""
from datetime import date
from decimal import Decimal

from portal.domain.findings import minimum, yearly_minimum
from portal.domain.results import YearProgress


def test_minimum_and_yearly_minimum_take_exempt():
    duty = minimum("city_up", None, Decimal(0), "不作要求", "§1", date(2027, 12, 31), exempt=True)
    assert duty.ok and duty.exempt and duty.required is None
    year = yearly_minimum(YearProgress(2026, None, Decimal(0)), "试用期", "§2", date(2026, 12, 31), exempt=True)
    assert year.ok and year.exempt
    assert not minimum("city_up", Decimal(20), Decimal(0), "须修满", "§1").exempt
