"""The region's catalogue and the words its rules, forms and pages share.

Templates are the Chinese of ruian-2019h2-course-selection.txt; ``translations/en`` holds
their English. Grades and the modes the notice does not credit are the core's
(``portal.domain.labels``), with Ruian's words where its sentences need their own; amounts
are worded by ``portal.domain.amounts``.
"""
from __future__ import annotations

from portal.domain import ActivityRole, Level, Mode, UserRole
from portal.domain import labels as core
from portal.domain.text import Messages

_ = Messages("ruian", "plugins.ruian")
# The notice's own words for the core's messages (portal_wording): it calls the teacher's act 选课
# throughout (§四 教师选课时间及程序, §四(二) 教师自主选课与审核, 补报选课), never 报名, so the core's
# pages (待办报名, 报名审核, 此前已报名 …) read 选课 here, as the region's own states and findings do.
WORDING = Messages("ruian_wording", "plugins.ruian")

# The levels as a county-level city names them (县（市、区）级), on its project form and calculator.
LEVEL_LABELS = core.labels(core.LEVEL_LABELS, {Level.COUNTY: _("县（市、区）级")})
# The two modes the notice names, as the calculator offers them: 校（园）本培训 is the notice's
# word, and both read as a choice on their own ("Centralized training").
MODE_LABELS = core.labels(core.MODE_LABELS, {Mode.CENTRALIZED: _("集中培训"), Mode.SCHOOL_BASED: _("校（园）本培训")},
                          only=(Mode.CENTRALIZED, Mode.SCHOOL_BASED))
# The modes a refusal names ("… not a degree course").
OTHER_MODES = core.labels(core.MODE_LABELS, {Mode.DEGREE: _("学历教育")}, only=(Mode.ONLINE, Mode.SELF_STUDY, Mode.DEGREE))
# The roles a refusal names, in the plural its sentence needs ("… says nothing of credits for
# instructors"); the core's are singular.
ROLE_WORDS = {
    ActivityRole.INSTRUCTOR: _("授课教师"), ActivityRole.MENTOR: _("指导教师"), ActivityRole.PRESENTER: _("主讲人"),
}

# The users' roles as the notice names those who act (附件 各项的责任单位): 各教育局 (the city's
# admin), 各教育学区 (the zones, the notice's addressees), 各中小学校平台管理员. The bureau's role
# is its own message (context ``role``): a role's name reads capitalised in English (Education
# bureau, like Education zone), where the bureau inside a sentence (已转由教育局审核, referred to
# the education bureau) is the plain 教育局.
USER_ROLE_WORDS = {
    UserRole.CITY_ADMIN: _.pgettext("role", "教育局"), UserRole.DISTRICT_ADMIN: _("教育学区"), UserRole.SCHOOL_ADMIN: _("学校平台管理员"),
}
