"""Shanxi phone trial: a teacher who entered post during the cycle read the duty "每五年周期累计修满
不少于 24 学分": 24 is her own share of the cycle (months registered of 60, setting partial_cycle), not
what each five-year cycle asks (120, §三(二)); the duty's heading now says it is hers."""
from __future__ import annotations

import re
from datetime import date

from portal.domain import TeacherFacts
from portal.domain.findings import CYCLE_TOTAL

from plugins.shanxi import compliance


def _label(teacher: TeacherFacts, on: date):
    found = {f.code: f for f in compliance.check(teacher, [], on).findings}
    return found[CYCLE_TOTAL].label


def test_a_share_of_the_cycle_is_headed_as_the_teachers_own():
    label = _label(TeacherFacts(entered_post=date(2025, 9, 1), probation_end=date(2026, 8, 31)), date(2026, 12, 6))
    zh, en = label.render("zh_Hans_CN"), label.render("en")
    assert zh == "周期内本人应累计修满不少于 24 学分", zh
    assert "每五年" not in zh and "five-year" not in en and not re.search(r"\beach\b", en)
    assert "24" in en and "own share" in en and not re.search(r"[\u4e00-\u9fff]", en), en


def test_a_whole_cycle_keeps_the_duty_s_own_label():
    assert not _label(TeacherFacts(entered_post=date(2009, 9, 1)), date(2026, 12, 6))
