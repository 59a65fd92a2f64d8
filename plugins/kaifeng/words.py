"""The words Kaifeng's rules, settings, forms and pages share: the region's catalogue, its
word for a degree course and the months, in the Chinese of the notice
(kaifeng-2018-online-training.txt); their English is in ``translations/en``. Levels,
grades and the other modes are the core's (``portal.domain.labels``: 国家级 … 区县级 … 校级,
优 良 合格 不合格), amounts are worded by ``portal.domain.amounts``."""
from __future__ import annotations

from decimal import Decimal

from portal.domain import Mode
from portal.domain import labels as core
from portal.domain.text import Messages, Text

_ = Messages("kaifeng", "plugins.kaifeng")
ngettext = _.plural
# The notice's own words for the core's messages (portal_wording): the schools' and districts' admins
# 报名 their teachers (§四(二)1 报名 … 由各区教育局和各学校的系统管理员具体负责); no teacher selects a
# course (选课), so the calendar of those steps is the notice's 实施步骤 (§四(二): 1.报名 2.实施 3.考核发证),
# not the core's 选课进程, and its windows speak of 报名.
WORDING = Messages("kaifeng_wording", "plugins.kaifeng")

# The core calls it a "degree course"; Kaifeng's English has always said "degree education".
MODE_LABELS = core.labels(core.MODE_LABELS, {Mode.DEGREE: _("学历教育")})
MONTHS: tuple[Text, ...] = (
    _("1月"), _("2月"), _("3月"), _("4月"), _("5月"), _("6月"),
    _("7月"), _("8月"), _("9月"), _("10月"), _("11月"), _("12月"),
)


def percent(share: Decimal) -> Decimal:
    """A share written as a percentage: 0.015 → 1.5."""
    return share * 100
