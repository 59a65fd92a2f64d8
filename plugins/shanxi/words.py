"""The words Shanxi's rules share: the package's catalogue and the labels of levels, modes,
grades and roles, in the Chinese of 晋教师〔2017〕14号 (English in ``translations/en``)."""
from __future__ import annotations

from decimal import Decimal

from portal.domain import ActivityRole, Grade, Level, Mode, Unit
from portal.domain.text import Messages, Quantity

_ = Messages("shanxi", "plugins.shanxi")
ngettext = _.plural

LEVEL_LABELS = {
    Level.NATIONAL: _("国家级"), Level.PROVINCIAL: _("省级"), Level.CITY: _("市级"),
    Level.COUNTY: _("县(区)级"), Level.SCHOOL: _("校级"),
}
MODE_LABELS = {
    Mode.CENTRALIZED: _("集中培训"), Mode.ONLINE: _("网络研修"), Mode.SCHOOL_BASED: _("校本研修"),
    Mode.SELF_STUDY: _("自主研修"), Mode.DEGREE: _("学历教育课程"),
}
GRADE_LABELS = {Grade.EXCELLENT: _("优"), Grade.GOOD: _("良"), Grade.PASS: _("合格"), Grade.FAIL: _("不合格")}
ROLE_LABELS = {
    ActivityRole.PARTICIPANT: _("参训"), ActivityRole.INSTRUCTOR: _("授课"), ActivityRole.MENTOR: _("指导"),
    ActivityRole.PRESENTER: _("主讲交流"),
}
MONTHS = {
    1: _("1 月"), 2: _("2 月"), 3: _("3 月"), 4: _("4 月"), 5: _("5 月"), 6: _("6 月"),
    7: _("7 月"), 8: _("8 月"), 9: _("9 月"), 10: _("10 月"), 11: _("11 月"), 12: _("12 月"),
}


def credits(amount: Decimal | int) -> Quantity:
    """12 学分 / 12 credits."""
    return Quantity(amount, Unit.CREDIT)


def hours(amount: Decimal | int) -> Quantity:
    """60 学时 / 60 hours."""
    return Quantity(amount, Unit.HOUR)
