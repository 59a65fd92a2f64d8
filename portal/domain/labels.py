"""What the codes of levels, modes, grades and roles are called, and settings that list them.

The core's words fit inside a region's sentence (省级集中培训), and are labels in English
(``City``, ``Centralized training``: capitalised as every label of the pages, beside a region's
own; a region's English for its own words is capitalised alike). A region whose documents call one otherwise (县(区)级, 校本培训) gives its own
words for it: ``labels(LEVEL_LABELS, {Level.COUNTY: _("县(区)级")})``; the others stay the
core's. A setting that lists codes (``"national,provincial,city"``) is read with
``codes_at`` (a value naming something else is refused in words that name the setting) and
said with ``codes_in_words``.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from enum import Enum
from typing import TypeVar

from .enums import ActivityRole, Grade, Level, Mode, SchoolStage, UserRole
from .parameters import Parameter
from .results import Words
from .text import Joined, Messages, listing

_ = Messages("messages", "portal")
E = TypeVar("E", bound=Enum)

LEVEL_LABELS: Mapping[Level, Words] = {
    Level.NATIONAL: _("National"),
    Level.PROVINCIAL: _("Provincial"),
    Level.CITY: _("City"),
    Level.COUNTY: _("County"),
    Level.SCHOOL: _.pgettext("level", "School"),  # a unit's "School" is 学校
}
MODE_LABELS: Mapping[Mode, Words] = {
    Mode.CENTRALIZED: _("Centralized training"),
    Mode.ONLINE: _("Online training"),
    Mode.SCHOOL_BASED: _("School-based training"),
    Mode.SELF_STUDY: _("Self-study"),
    Mode.DEGREE: _("Degree course"),
}
STAGE_LABELS: Mapping[SchoolStage, Words] = {
    SchoolStage.SENIOR_HIGH: _("Senior high"),
    SchoolStage.JUNIOR_HIGH: _("Junior high"),
    SchoolStage.PRIMARY: _("Primary"),
    SchoolStage.KINDERGARTEN: _("Kindergarten"),
    SchoolStage.SPECIAL: _("Special education"),
    SchoolStage.VOCATIONAL: _("Secondary vocational"),
}
GRADE_LABELS: Mapping[Grade, Words] = {
    Grade.EXCELLENT: _("excellent"),
    Grade.GOOD: _("good"),
    Grade.PASS: _("pass"),
    Grade.FAIL: _("fail"),
}
USER_ROLE_LABELS: Mapping[UserRole, Words] = {
    UserRole.TEACHER: _("Teacher"),
    UserRole.SCHOOL_ADMIN: _("School admin"),
    UserRole.PRINCIPAL: _("Principal"),
    UserRole.DISTRICT_ADMIN: _("District admin"),
    UserRole.CITY_ADMIN: _("City admin"),
    UserRole.PROVINCE_ADMIN: _("Province admin"),
    UserRole.INSTITUTION_STAFF: _("Training institution staff"),
    UserRole.WORKSHOP_LEADER: _("Workshop leader"),
}
ROLE_LABELS: Mapping[ActivityRole, Words] = {
    ActivityRole.PARTICIPANT: _("participant"),
    ActivityRole.INSTRUCTOR: _("instructor"),
    ActivityRole.MENTOR: _("mentor"),
    ActivityRole.PRESENTER: _("presenter"),
}
# What a member of each enumeration is, for a setting that names something else.
KINDS: Mapping[type[Enum], Words] = {
    Level: _("a training level"),
    Mode: _("a training mode"),
    Grade: _("a grade"),
    ActivityRole: _("a role in a training"),
}


def labels(defaults: Mapping[E, Words], own: Mapping[E, Words] | None = None,
           only: Iterable[E] | None = None) -> dict[E, Words]:
    """The core's ``defaults`` with the region's ``own`` words where it has them, in the
    enumeration's order; ``only``: just those codes (the modes a region's documents know)."""
    own = own or {}
    kept = set(defaults) if only is None else set(only)
    return {code: own.get(code, word) for code, word in defaults.items() if code in kept}


def parse_codes(raw: str, enum: type[E]) -> frozenset[E]:
    """The members a comma-separated list of codes names (``"national,city"``; a Chinese
    comma too); ``ValueError`` carrying the first token that names none."""
    found = set()
    for token in raw.replace("，", ",").split(","):
        token = token.strip()
        if token:
            try:
                found.add(enum(token))
            except ValueError:
                raise ValueError(token) from None
    return frozenset(found)


def codes_at(parameter: Parameter, on: date, enum: type[E]) -> frozenset[E]:
    """The members a code-list setting names on ``on``. A bureau's value may name something
    else (the core checks only a setting's type): it is refused in words that name the
    setting, so the command answers exit code 2 and the calculator a message."""
    raw = parameter.at(on)
    try:
        return parse_codes(raw, enum)
    except ValueError as error:
        raise parameter.refuse(str(error), KINDS[enum]) from None


def codes_in_words(raw: str, names: Mapping[E, Words], enum: type[E]) -> Joined | None:
    """A code-list setting's value in words, in the enumeration's order (国家级、省级);
    ``None`` (the value is shown as it is) for a list that names something else."""
    try:
        chosen = parse_codes(raw, enum)
    except ValueError:
        return None
    return listing(name for code, name in names.items() if code in chosen)
