"""Which dated rules are in force on a day, and which day's rules convert an activity
(``portal.domain.versions``)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from operator import attrgetter

import pytest

from portal.domain import Activity, Level, Mode, Parameter, RuleVersion, Value
from portal.domain.versions import in_force, rules_day

VERSIONS = (RuleVersion("v2017", date(2017, 1, 1), "x.txt §1"), RuleVersion("v2018", date(2018, 1, 1), "y.txt §1"))


@pytest.mark.parametrize(("on", "code"), [
    (date(2016, 6, 1), "v2017"),  # before them all: the earliest
    (date(2017, 12, 31), "v2017"),
    (date(2018, 1, 1), "v2018"),  # from its first day
    (date(2030, 1, 1), "v2018"),
])
def test_the_version_in_force_is_the_latest_begun(on, code):
    assert in_force(VERSIONS, on).code == code


def test_a_parameter_answers_by_the_same_rule():
    cap = Parameter("cap", "cap", (Value(date(2017, 1, 1), None, "x.txt §1"),
                                   Value(date(2018, 1, 1), D(8), "y.txt §1")))
    for on in (date(2016, 6, 1), date(2017, 12, 31), date(2018, 1, 1)):
        assert cap.value_at(on) == in_force(cap.values, on, since=attrgetter("since"))


def test_the_day_whose_rules_convert_an_activity():
    today = date(2026, 5, 1)
    bare = Activity(Level.CITY, Mode.ONLINE, D(2))
    dated = Activity(Level.CITY, Mode.ONLINE, D(2), start=date(2025, 3, 1), end=date(2025, 3, 3))
    assert rules_day(bare, None, today) == today
    assert rules_day(Activity(Level.CITY, Mode.ONLINE, D(2), start=date(2025, 3, 1)), None, today) == date(2025, 3, 1)
    assert rules_day(dated, None, today) == date(2025, 3, 3)
    assert rules_day(dated, date(2018, 1, 1), today) == date(2018, 1, 1)
