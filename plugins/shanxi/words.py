"""The words Shanxi's rules share: the package's catalogue, and the names of levels, modes
and roles where 晋教师〔2017〕14号 says them otherwise than the core (English in
``translations/en``). Grades are the core's (优、良、合格、不合格), amounts are worded by
``portal.domain.amounts``."""
from __future__ import annotations

from portal.domain import ActivityRole, Level, Mode
from portal.domain import labels as core
from portal.domain.text import Messages, WithinSentence

_ = Messages("shanxi", "plugins.shanxi")
ngettext = _.plural

LEVEL_LABELS = core.labels(core.LEVEL_LABELS, {Level.COUNTY: _("县(区)级")})
MODE_LABELS = core.labels(core.MODE_LABELS, {Mode.DEGREE: _("学历教育课程")})


def own_level_labels() -> dict:
    """The levels 晋教师〔2017〕14号 names otherwise than the core, for the core's pages too."""
    return {level: word for level, word in LEVEL_LABELS.items() if word is not core.LEVEL_LABELS[level]}


def own_mode_labels() -> dict:
    """The modes 晋教师〔2017〕14号 names otherwise than the core (学历教育课程, §四(三)), for the core's
    pages too: the project form and the catalog read 学历教育 beside the rules' 学历教育课程."""
    return {mode: word for mode, word in MODE_LABELS.items() if word is not core.MODE_LABELS[mode]}

def level_word(level: Level) -> WithinSentence:
    """A level's label as a word inside a sentence (For centralized training at city level)."""
    return WithinSentence(LEVEL_LABELS[level])


def mode_word(mode: Mode) -> WithinSentence:
    """A mode's label as a word inside a sentence."""
    return WithinSentence(MODE_LABELS[mode])


ROLE_LABELS = {
    ActivityRole.PARTICIPANT: _("参训"), ActivityRole.INSTRUCTOR: _("授课"), ActivityRole.MENTOR: _("指导"),
    ActivityRole.PRESENTER: _("主讲交流"),
}
# What a teacher did in a training as the pages name it (``portal_activity_role_labels``: the calculator's
# role field, the enrolment of teachers, class lists, transcripts): §四(二) says 参训教师; teaching,
# mentoring and presenting are 一线教师参与培训、教研工作 (§三(二)), which the rules convert 酌情 all
# alike, so each says so (the core's 学员 and 主讲/出课教师 are not the document's words).
ACTIVITY_ROLE_LABELS = {
    ActivityRole.PARTICIPANT: _("参训教师"),
    ActivityRole.INSTRUCTOR: _("授课（参与培训、教研工作）"),
    ActivityRole.MENTOR: _("指导（参与培训、教研工作）"),
    ActivityRole.PRESENTER: _("主讲交流（参与培训、教研工作）"),
}
MONTHS = {
    1: _("1 月"), 2: _("2 月"), 3: _("3 月"), 4: _("4 月"), 5: _("5 月"), 6: _("6 月"),
    7: _("7 月"), 8: _("8 月"), 9: _("9 月"), 10: _("10 月"), 11: _("11 月"), 12: _("12 月"),
}

