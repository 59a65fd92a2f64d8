"""Shanxi's messages of a cycle name it, not 本周期: the city's approval names the cycle holding
the activity by its days (周期（2022-09-01 至 2027-08-31）), which once ended is not the current
one; and a cycle with a name of its own (``CycleProgress.label``, as the pages head it) is named
so where the eligibility says what the cycle has and lacks."""
from __future__ import annotations

import dataclasses
import re
from datetime import date

from plugins.shanxi.audit import cycle_end_finding
from plugins.shanxi.compliance import standing
from plugins.shanxi.eligibility import cycle_missing
from portal.domain import TeacherFacts
from tests.regions.test_shanxi_audit import step

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_the_citys_approval_names_the_cycle_by_its_days():
    for on, named in ((date(2026, 12, 2), "：周期 2022-09-01 至 2027-08-31，"),
                      (date(2028, 3, 1), "周期（2022-09-01 至 2027-08-31）已于 2027-08-31 届满")):
        message = cycle_end_finding(step(on)).message
        said = message.render("zh_Hans_CN")
        assert "本周期" not in said and named in said, said
        english = message.render("en")
        assert "this cycle" not in english and not CJK.search(english), english


def test_a_cycle_with_a_name_of_its_own_is_named_so_in_what_it_lacks():
    s = standing(TeacherFacts(entered_post=date(2010, 9, 1)), [], date(2025, 6, 1))
    assert [m.render("zh_Hans_CN")[:3] for m in cycle_missing(s)] == ["本周期"] * len(cycle_missing(s))
    named = dataclasses.replace(s, cycle=dataclasses.replace(s.cycle, label="个人周期"))
    missing = cycle_missing(named)
    assert missing and all(m.render("zh_Hans_CN").startswith("个人周期还需") or
                           m.render("zh_Hans_CN").startswith("个人周期市级及以上集中研修还需") for m in missing)
    assert all("本周期" not in m.render("zh_Hans_CN") for m in missing)
    assert all(m.render("en").startswith("个人周期:") for m in missing)  # the label as given, in either language
