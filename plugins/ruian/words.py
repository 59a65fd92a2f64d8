"""The region's catalogue and the words its rules, forms and pages share.

Templates are the Chinese of ruian-2019h2-course-selection.txt; ``translations/en`` holds
their English.
"""
from __future__ import annotations

from decimal import Decimal

from portal.domain import ActivityRole, Grade, Mode, Unit
from portal.domain.text import Messages, Quantity

_ = Messages("ruian", "plugins.ruian")

GRADE_LABELS = {Grade.EXCELLENT: _("优"), Grade.GOOD: _("良"), Grade.PASS: _("合格"), Grade.FAIL: _("不合格")}
MODE_LABELS = {Mode.CENTRALIZED: _("集中培训"), Mode.SCHOOL_BASED: _("校（园）本培训")}  # the two the notice names
OTHER_MODES = {Mode.ONLINE: _("网络研修"), Mode.SELF_STUDY: _("自主研修"), Mode.DEGREE: _("学历教育")}
ROLE_WORDS = {
    ActivityRole.INSTRUCTOR: _("授课教师"), ActivityRole.MENTOR: _("指导教师"), ActivityRole.PRESENTER: _("主讲人"),
}


def credits(amount: Decimal | int) -> Quantity:
    return Quantity(amount, Unit.CREDIT)


def times(count: Decimal | int) -> Quantity:
    return Quantity(count, Unit.TIME)
