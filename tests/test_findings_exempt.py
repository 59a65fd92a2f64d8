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


def test_the_standings_api_says_a_duty_asks_nothing_now(make_app, monkeypatch):
    """An outside region's new teacher, asked nothing of their first school year, read on
    ``/api/me/standing`` ``"yearly_minimum": {"ok": true, ...}`` with nothing telling it from a
    year met, while their pages say 目前不作要求: the duty's row says ``"exempt": true``."""
    import dataclasses

    from portal.domain.findings import YEARLY_MINIMUM
    from portal.hookspecs import hookimpl
    from tests import example_region
    from tests.support import signed_in

    judged = example_region.portal_check_compliance

    @hookimpl
    def portal_check_compliance(teacher, records, as_of):
        compliance = judged(teacher, records, as_of)
        year = dataclasses.replace(compliance.years[-1], required=None)
        exempt = yearly_minimum(year, "新任教师第一学年，不作要求", example_region.SOURCE, date(as_of.year, 12, 31),
                                exempt=True)
        return dataclasses.replace(compliance, years=(*compliance.years[:-1], year),
                                   findings=(*compliance.findings, exempt))

    monkeypatch.setattr(example_region, "portal_check_compliance", portal_check_compliance)
    app = make_app("example", demo=True, PORTAL_TEST_CASE="an exempt year in the standings API")
    duties = signed_in(app, "teacher").get("/api/me/standing").get_json()["duties"]
    assert duties[YEARLY_MINIMUM]["ok"] is True and duties[YEARLY_MINIMUM]["exempt"] is True, duties
    assert all("exempt" not in row for code, row in duties.items() if code != YEARLY_MINIMUM), duties
