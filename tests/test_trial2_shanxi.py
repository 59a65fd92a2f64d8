"""Shanxi, found on a phone trial: the compulsory duties' messages say the document's 必修学分
(§三(三) 纳入必修学分) as their headings do, not the portal's own 必修内容; and the demo's current
school-based training names its school year as the earlier ones do (2026–2027学年, not 2026学年)."""
from __future__ import annotations

import re
from datetime import date

import pytest

from plugins.shanxi import demo
from plugins.shanxi.periods import year_name
from portal.domain.text import using
from tests.regions.test_shanxi_rules import AFTER, check, finding, rec


def english(text) -> str:
    with using("en"):
        return str(text)


@pytest.mark.parametrize("records,today", [
    ([], None),                                                      # none yet
    ([rec(date(2023, 1, 1), "6", topics=("it", "ethics"))], None),  # done
    ([], AFTER),                                                     # the cycle ended without
])
def test_the_compulsory_findings_say_bixiu_xuefen(records, today):
    c = check(records, today=today)
    for code in ("compulsory_ethics", "compulsory_it"):
        message = finding(c, code).message
        assert "必修学分" in str(message) and "必修内容" not in str(message), str(message)
        assert "compulsory credits" in english(message).lower() and "content" not in english(message), english(message)


def test_the_demo_school_based_trainings_name_their_school_year_alike():
    today = date(2026, 12, 6)
    data = demo.build_demo(today)
    names = [p.name for p in data.projects if "校本研修" in p.name and "第一中学" in p.name]
    # one style of a school year's dates, the rules' own (periods.year_name: 2026—2027 学年)
    assert "2026—2027 学年太原市小店区第一中学校本研修" in names
    assert all(re.match(r"\d{4}—\d{4} 学年", n) for n in names), names
    with using("zh_Hans_CN"):
        said = str(year_name(2026, today))
    assert any(n.startswith(said) for n in names), (said, names)
