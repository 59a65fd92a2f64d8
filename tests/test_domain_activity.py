"""The days an activity spanned, for daily caps (``Activity.spanned_days``)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from portal.domain import Activity, Level, Mode
from portal.domain.activity import Refused
from portal.domain.text import using


@pytest.mark.parametrize(("days", "start", "end", "spanned"), [
    (3, None, None, 3),
    (2, date(2026, 3, 1), date(2026, 3, 5), 2),  # days given win over the dates
    (None, date(2026, 3, 1), date(2026, 3, 5), 5),  # both ends included
    (None, date(2026, 3, 1), date(2026, 3, 1), 1),
    (None, date(2026, 3, 1), None, None),  # cannot tell
    (None, None, None, None),
])
def test_spanned_days(days, start, end, spanned):
    activity = Activity(Level.CITY, Mode.CENTRALIZED, D(10), days=days, start=start, end=end)
    assert activity.spanned_days == spanned


@pytest.mark.parametrize(("days", "start", "end"), [
    (3, "2020-02-28", "2020-02-28"),  # one day given as three: a daily cap would count three days
    (6, "2026-03-01", "2026-03-05"),
])
def test_days_beyond_the_dates_are_refused(days, start, end):
    with pytest.raises(Refused) as refused:
        Activity.from_mapping({"level": "city", "mode": "centralized", "hours": 30, "days": days,
                               "start": start, "end": end})
    assert refused.value.field == "days"
    with using("en"):
        assert f"Days ({days}) cannot be more than" in str(refused.value.message)
    with using("zh_Hans_CN"):
        assert f"培训天数（{days} 天）不能多于 {start} 至 {end}" in str(refused.value.message)


@pytest.mark.parametrize(("days", "start", "end"), [
    (5, "2026-03-01", "2026-03-05"),  # every day
    (2, "2026-03-01", "2026-03-05"),  # some of them
    (4, None, "2026-03-05"),  # nothing to compare with
])
def test_days_within_the_dates_are_taken(days, start, end):
    activity = Activity.from_mapping({"level": "city", "mode": "centralized", "hours": 30, "days": days,
                                      "start": start, "end": end})
    assert activity.days == days


def test_a_malformed_field_is_an_input_error_before_the_dates_are_judged():
    """Found by the fuzz test: days beyond the dates were refused before hours was read, so
    a body the OpenAPI document calls malformed came back as well formed but refused."""
    import pytest

    from portal.domain.activity import Activity, InvalidInput, Refused

    with pytest.raises(InvalidInput) as raised:
        Activity.from_mapping({"level": "national", "mode": "centralized", "hours": "1e999999",
                               "start": "2100-12-31", "end": "2100-12-31", "days": 3})
    assert not isinstance(raised.value, Refused) and raised.value.field == "hours"
