"""The English of what a teacher's credits qualify them for reads as one sentence: in the cycle's
last school year, what the cycle still lacks follows the year's progress after a semicolon, and
read "…, 47.8 credits of them from centralized training at city level or above; This cycle: 53.2
credits still needed by 2027-08-31" on the demo teacher's page at 375 px (EN), a capital
mid-sentence; in Chinese (；本周期还需 …) nothing changes."""
from __future__ import annotations

from datetime import date

from plugins.shanxi.eligibility import eligibility
from portal.domain import TeacherFacts

LAST_SCHOOL_YEAR = date(2027, 3, 1)  # in 2026–2027, the last school year of the cycle 2022–2027


def test_what_the_cycle_still_lacks_is_not_capitalised_after_a_semicolon():
    found = eligibility(TeacherFacts(entered_post=date(2010, 9, 1)), [], LAST_SCHOOL_YEAR)
    english = found[0].reason.render("en")
    assert "; this cycle: 120 credits still needed by 2027-08-31" in english, english
    assert "; this cycle: 20 credits of centralized training at city level or above still needed" in english, english
    assert "; This cycle" not in english, english
    chinese = found[0].reason.render("zh_Hans_CN")
    assert "；本周期还需 120 学分，截止 2027-08-31" in chinese, chinese
