"""The words Kaifeng's rules, settings, forms and pages share: the region's catalogue and
the labels of levels, modes, grades and months, in the Chinese of the notice
(kaifeng-2018-online-training.txt); their English is in ``translations/en``."""
from __future__ import annotations

from decimal import Decimal

from portal.domain import Grade, Level, Mode, Unit
from portal.domain.text import Messages, Quantity, Text

_ = Messages("kaifeng", "plugins.kaifeng")
ngettext = _.plural

LEVEL_LABELS: dict[Level, Text] = {
    Level.NATIONAL: _("国家级"), Level.PROVINCIAL: _("省级"), Level.CITY: _("市级"),
    Level.COUNTY: _("区县级"), Level.SCHOOL: _("校级"),
}
MODE_LABELS: dict[Mode, Text] = {
    Mode.CENTRALIZED: _("集中培训"), Mode.ONLINE: _("网络研修"), Mode.SCHOOL_BASED: _("校本研修"),
    Mode.SELF_STUDY: _("自主研修"), Mode.DEGREE: _("学历教育"),
}
GRADE_LABELS: dict[Grade, Text] = {
    Grade.EXCELLENT: _("优"), Grade.GOOD: _("良"), Grade.PASS: _("合格"), Grade.FAIL: _("不合格"),
}
MONTHS: tuple[Text, ...] = (
    _("1月"), _("2月"), _("3月"), _("4月"), _("5月"), _("6月"),
    _("7月"), _("8月"), _("9月"), _("10月"), _("11月"), _("12月"),
)


def hours(amount: Decimal | int) -> Quantity:
    """60 学时 / 60 hours."""
    return Quantity(amount, Unit.HOUR)


def percent(share: Decimal) -> Decimal:
    """A share written as a percentage: 0.015 → 1.5."""
    return share * 100
