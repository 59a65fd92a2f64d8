"""A region's numbers: dated values with their clause, and settings for what the documents leave open.

A ``Parameter`` whose ``assumption`` is set is a *setting*: the documents do not give the
value, so the region chose a default and says why. A bureau may override a setting for
its deployment (``PORTAL_SETTINGS`` or ``portal rules --set name=value``); a figure the
documents give cannot be overridden.
"""
from __future__ import annotations

import contextvars
import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from collections.abc import Callable
from dataclasses import dataclass, fields, is_dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from operator import attrgetter
from typing import Any

from .activity import InvalidInput
from .results import Words, json_value
from .text import Messages, Said, text_json
from .versions import in_force

_ = Messages("messages", "portal")


@dataclass(frozen=True)
class Value:
    """One value of a parameter, in force from ``since`` until the next value."""

    since: date
    value: Any
    source: str


@dataclass(frozen=True)
class Parameter:
    """A number (or switch) of a region's rules, by effective date, with its clauses.

    ``assumption`` is empty when the documents give every value; otherwise it says what
    the documents leave open and why the default was chosen, and the parameter is a
    setting a bureau may override. ``words`` puts a value into words for people (a setting
    whose values are codes must give it, e.g. ``{"rolling": _("滚动计算")}.get``); numbers,
    dates and yes/no are worded by the core.
    """

    name: str
    label: Words
    values: tuple[Value, ...]
    assumption: Words = ""
    choices: tuple[Any, ...] = ()  # a setting that takes one of these only
    words: Callable[[Any], Any] | None = None

    @classmethod
    def fixed(cls, name: str, label: Words, value: Any, source: str, since: date, assumption: Words = "",
              choices: tuple[Any, ...] = (), words: Callable[[Any], Any] | None = None) -> Parameter:
        """A parameter with one value from ``since`` on."""
        return cls(name, label, (Value(since, value, source),), assumption, choices, words)

    @property
    def is_setting(self) -> bool:
        return bool(self.assumption)

    def value_at(self, on: date) -> Value:
        """The ``Value`` in force on ``on`` (before the first date: the first value), or the
        bureau's override of a setting."""
        current = in_force(self.values, on, since=attrgetter("since"))
        override = _overrides.get().get(self.name) if self.is_setting else None
        if override is not None:
            return Value(current.since, override, current.source)
        return current

    @property
    def default(self) -> Any:
        return self.values[-1].value

    def overridden(self) -> bool:
        """Whether the bureau set this setting to a value other than the region's default."""
        return self.is_setting and _overrides.get().get(self.name, self.default) != self.default

    def display(self, value: Any) -> Any:
        """A value in people's words (a ``Text``, or a plain figure or date)."""
        if self.words is not None:
            shown = self.words(value)
            if shown is not None:
                return shown
        if isinstance(value, (Said, bool, Decimal, int, date)):
            return value
        if isinstance(value, (frozenset, set, tuple, list)):
            return [self.display(v) for v in (sorted(value, key=str) if isinstance(value, (set, frozenset)) else value)]
        return value

    def at(self, on: date) -> Any:
        return self.value_at(on).value

    def refuse(self, value: Any, what: Words) -> InvalidInput:
        """The error for a value of this setting that the rules cannot use (``value`` is not
        ``what``, e.g. a training level): field ``settings.<name>``, words that name the
        setting by its label, never by its name."""
        return InvalidInput(f"settings.{self.name}", _(
            "The local setting “{setting}” holds “{value}”, which is not {what}: the bureau must correct this setting",
            setting=self.label, value=str(value), what=what))

    def source_at(self, on: date) -> str:
        return self.value_at(on).source

    def in_force(self, on: date) -> bool:
        return self.values[0].since <= on

    def as_json(self) -> dict:
        return {
            "name": self.name,
            "label": text_json(self.label),
            "values": [
                {"since": v.since.isoformat(), "value": plain_json(v.value), "source": v.source} for v in self.values
            ],
            "assumption": text_json(self.assumption) or None,
            "setting": self.is_setting,
            "choices": [plain_json(c) for c in self.choices] or None,
        }


class SettingError(ValueError):
    """An override that names no setting of the region or cannot take the value given."""


_overrides: contextvars.ContextVar[Mapping[str, Any]] = contextvars.ContextVar("portal_settings", default={})


def parse_overrides(parameters: list[Parameter], raw: Mapping[str, Any]) -> dict[str, Any]:
    """Check a bureau's overrides against the region's settings and give each the type of
    its default (a ``Decimal`` stays a ``Decimal``, never a float). ``raw`` is an object of
    setting names and values: anything else (a bare 9, a list) is refused, not read."""
    if not isinstance(raw, Mapping):
        raise SettingError(f"the settings must be an object of setting names and values ({{\"name\": value}}), "
                           f"not {raw!r}")
    by_name = {p.name: p for p in parameters}
    parsed = {}
    for name, given in raw.items():
        parameter = by_name.get(name)
        if parameter is None or not parameter.is_setting:
            settings = ", ".join(sorted(p.name for p in parameters if p.is_setting)) or "none"
            raise SettingError(f"{name} is not a setting of this region (settings: {settings})")
        value = _coerce(name, parameter.values[-1].value, given)
        if parameter.choices and value not in parameter.choices:
            worded = ((c, parameter.display(c)) for c in parameter.choices)
            choices = ", ".join(f"{c} ({text_json(w)})" if w != c else str(c) for c, w in worded)
            raise SettingError(f"{name} ({text_json(parameter.label)}): {given!r} is not one of {choices}")
        parsed[name] = value
    return parsed


def parse_assignments(pairs: tuple[str, ...] | list[str]) -> dict[str, str]:
    """``name=value`` pairs from the command line."""
    result = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise SettingError(f"{pair!r} is not name=value")
        result[name.strip()] = value.strip()
    return result


@contextmanager
def applied(overrides: Mapping[str, Any]) -> Iterator[None]:
    """Make the overrides visible to ``Parameter.at`` for the duration of a rules call."""
    token = _overrides.set(overrides)
    try:
        yield
    finally:
        _overrides.reset(token)


def _coerce(name: str, default: Any, given: Any) -> Any:
    text = given if isinstance(given, str) else json.dumps(given)
    try:
        if isinstance(default, bool):
            if text.lower() in ("true", "1", "yes"):
                return True
            if text.lower() in ("false", "0", "no"):
                return False
            raise ValueError
        if isinstance(default, Decimal):
            value = Decimal(text)
            if not value.is_finite():
                raise ValueError
            return value
        if isinstance(default, int):
            return int(text)
        if isinstance(default, date):
            return given if isinstance(given, date) else date.fromisoformat(text)
        if isinstance(default, dict):  # a mapping (a kind of unit to a level): a JSON object
            value = json.loads(given) if isinstance(given, str) else given
            if not isinstance(value, Mapping):
                raise ValueError
            return {str(key): item for key, item in value.items()}
        if isinstance(default, str) or default is None:
            return given if isinstance(given, str) else text
    except (ValueError, InvalidOperation):
        raise SettingError(f"{name}: {given!r} is not a {type(default).__name__}") from None
    raise SettingError(f"{name} holds a {type(default).__name__}; it cannot be overridden from text")


def plain_json(value: Any) -> Any:
    """A parameter's value as JSON: Decimals as numbers, sets sorted, records as objects."""
    if isinstance(value, (Decimal, Said)):
        return json_value(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (frozenset, set, tuple, list)):
        return [plain_json(v) for v in (sorted(value, key=str) if isinstance(value, (set, frozenset)) else value)]
    if isinstance(value, Mapping):
        return {str(k): plain_json(v) for k, v in value.items()}
    if is_dataclass(value):
        return {f.name: plain_json(getattr(value, f.name)) for f in fields(value)}
    return value
