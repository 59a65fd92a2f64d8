"""What codes are called, with a region's own words where its documents differ, and
settings that list codes (``portal.domain.labels``)."""
from __future__ import annotations

from datetime import date

import pytest

from portal.domain import ActivityRole, Grade, InvalidInput, Level, Mode, Parameter
from portal.domain.labels import (
    GRADE_LABELS, KINDS, LEVEL_LABELS, MODE_LABELS, ROLE_LABELS, codes_at, codes_in_words, labels, parse_codes,
)
from portal.domain.parameters import applied
from portal.domain.text import Messages, Text

_ = Messages("test", "tests")


@pytest.mark.parametrize(("table", "enum"), [
    (LEVEL_LABELS, Level), (MODE_LABELS, Mode), (GRADE_LABELS, Grade), (ROLE_LABELS, ActivityRole)])
def test_every_code_has_words_in_both_languages(table, enum):
    assert list(table) == list(enum)
    for word in table.values():
        assert isinstance(word, Text) and word.render("en") == word.msgid
        assert word.render("zh_Hans_CN") != word.msgid  # translated in the core's catalogue
    assert enum in KINDS


def test_the_core_words_fit_a_chinese_sentence():
    assert [str(LEVEL_LABELS[level]) for level in Level] == ["国家级", "省级", "市级", "区县级", "校级"]
    assert [str(GRADE_LABELS[grade]) for grade in Grade] == ["优", "良", "合格", "不合格"]
    assert MODE_LABELS[Mode.SCHOOL_BASED] == "校本研修"


def test_a_region_says_some_codes_in_its_own_words_and_keeps_the_order():
    own = labels(LEVEL_LABELS, {Level.COUNTY: _("县(区)级")})
    assert list(own) == list(Level)
    assert own[Level.COUNTY] == "县(区)级" and own[Level.CITY] is LEVEL_LABELS[Level.CITY]
    only = labels(MODE_LABELS, {Mode.SCHOOL_BASED: _("校本培训")}, only=(Mode.SCHOOL_BASED, Mode.CENTRALIZED))
    assert list(only) == [Mode.CENTRALIZED, Mode.SCHOOL_BASED] and only[Mode.SCHOOL_BASED] == "校本培训"


def test_a_list_of_codes_reads_with_either_comma():
    assert parse_codes("national, city，county,", Level) == {Level.NATIONAL, Level.CITY, Level.COUNTY}
    assert parse_codes("", Level) == frozenset()
    with pytest.raises(ValueError, match="galaxy"):
        parse_codes("city,galaxy", Level)


LEVELS = Parameter.fixed("a_levels", _("计入 A 类的级别"), "national,city", "x.txt §1", date(2020, 1, 1),
                         assumption="a setting")


def test_a_code_list_setting_is_read_and_said_in_words():
    assert codes_at(LEVELS, date(2024, 1, 1), Level) == {Level.NATIONAL, Level.CITY}
    assert codes_in_words("city,national", LEVEL_LABELS, Level) == "国家级、市级"  # in the codes' order
    assert codes_in_words("city,galaxy", LEVEL_LABELS, Level) is None  # the value is shown as it is


def test_a_code_list_naming_something_else_is_refused_in_words_naming_the_setting():
    with applied({"a_levels": "city,galaxy"}), pytest.raises(InvalidInput) as refused:
        codes_at(LEVELS, date(2024, 1, 1), Level)
    assert refused.value.field == "settings.a_levels"
    assert refused.value.message == "本地区设置“计入 A 类的级别”中的“galaxy”不是培训级别，请教育行政部门更正这一设置"
    assert refused.value.message.render("en") == (
        "The local setting “计入 A 类的级别” holds “galaxy”, which is not a training level: "
        "the bureau must correct this setting")
