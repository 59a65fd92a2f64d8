"""The days an activity spanned, for daily caps (``Activity.spanned_days``)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from portal.domain import Activity, Level, Mode


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
