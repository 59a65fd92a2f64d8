"""What ruian's empty awaiting list says of when choices come (portal_awaiting_when, §附件 第3项),
by role and by the setting late_school_review: the zone reads it reviews only when the setting
names it, the dates being the calendar's in force."""
from __future__ import annotations

from datetime import date

import plugins.ruian as ruian
from portal.domain import UserRole
from portal.domain.parameters import applied

ANNEX = tuple(ruian.portal_selection_calendar(on=date(2019, 9, 1)))
ZONE = frozenset({UserRole.DISTRICT_ADMIN})


def said(roles, on=date(2019, 8, 30), calendar=ANNEX) -> list[str]:
    return [str(f.message) for f in ruian.portal_awaiting_when(roles=roles, on=on, calendar=calendar)]


def test_the_zone_reviews_late_choices_only_when_the_setting_names_it():
    default = said(ZONE)
    assert default and all("不经学区或教育局" in s and "由教育局补审" in s for s in default), default
    assert "（2019-09-01 至 2019-09-09）" in default[0] and "（2019-09-15 至 2019-09-18）" in default[1]
    with applied({"late_school_review": "zone"}):
        zone = said(ZONE)
    assert zone[0] == ("第一轮所选课程学校在“校长对第一轮选课进行审核”时（2019-09-01 至 2019-09-09）未审核的，"
                       "转由学区补审，至“培训机构受理复核”结束（2019-09-13 当天）"), zone
    with applied({"late_school_review": "none"}):
        nobody = said(ZONE)
    assert all("无人补审" in s and "由无人补审补审" not in s for s in nobody), nobody


def test_a_passed_window_says_so_and_no_calendar_says_nothing():
    assert "（2019-09-01 至 2019-09-09，已过）" in said(frozenset({UserRole.PRINCIPAL}), on=date(2019, 9, 10))[0]
    assert said(frozenset({UserRole.PRINCIPAL}), on=date(2020, 3, 1), calendar=()) == []
    assert said(frozenset({UserRole.WORKSHOP_LEADER})) == []
