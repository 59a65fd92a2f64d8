"""The region's catalogue and the words its rules, forms and pages share.

Templates are the Chinese of the two notices; ``translations/en`` holds their English.
The names of levels, modes, roles and grades are the notices' own phrases (区（市县）级,
合格（完成学习任务、评价合格）) and the calculator's choices, so they are the region's
words, not the core's (``portal.domain.labels``); amounts are worded by the core
(``portal.domain.amounts``).
"""
from __future__ import annotations

from portal.domain import ActivityRole, Grade, Level, Mode
from portal.domain.text import Messages

_ = Messages("qingdao", "plugins.qingdao")
ngettext = _.plural

# The notices' 结业评价 (2017 附件2 第6步) with its 合格/不合格 for the core's 考核等次 / grade
# and 考核结果 (translations/*/qingdao_wording.po): an institution's result form read 考核等次
# with 优 and 良, which neither notice has.
WORDING = Messages("qingdao_wording", "plugins.qingdao")

LEVEL_NAMES = {
    Level.NATIONAL: _("国家级"),
    Level.PROVINCIAL: _("省级"),
    Level.CITY: _("市级"),
    Level.COUNTY: _("区（市县）级"),
    Level.SCHOOL: _("校级"),
}
LEVEL_TRAINING = {
    Level.NATIONAL: _("国家级培训"),
    Level.PROVINCIAL: _("省级培训"),
    Level.CITY: _("市级培训"),
    Level.COUNTY: _("区（市县）级培训"),
    Level.SCHOOL: _("校级培训"),
}
MODE_NAMES = {
    Mode.CENTRALIZED: _("集中培训"),
    Mode.ONLINE: _("网络研修"),
    Mode.SCHOOL_BASED: _("校本培训"),
}
ROLE_NAMES = {
    ActivityRole.PARTICIPANT: _("参训教师"),
    ActivityRole.INSTRUCTOR: _("承担培训任务（授课）的教师"),
    ActivityRole.MENTOR: _("新教师脱岗培训期间的指导教师"),
    ActivityRole.PRESENTER: _("教研活动中出课（讲座或大会主旨发言）的教师"),
}
GRADE_NAMES = {
    Grade.PASS: _("合格（完成学习任务、评价合格）"),
    Grade.FAIL: _("不合格（未完成学习任务、评价不合格）"),
}
# 优 and 良, offered only where the bureau's setting takes them (parameters.PASS_FAIL_ONLY off):
# credited as a pass, nothing more
GRADE_NAMES_ABOVE_PASS = {
    Grade.EXCELLENT: _("优（按合格登记）"),
    Grade.GOOD: _("良（按合格登记）"),
}

