"""Words people read, in the language of the page that shows them.

Rules run without Flask, and what they say (a step, a finding, a reason) is kept and shown
later, to a teacher reading Chinese or English. So a message is not a string but a ``Text``:
a template from a package's catalogue and its arguments, put into words when it is shown,
in the locale in force (``using(locale)``, or the web request's). Each package translates
its own templates with its own catalogue (``Messages``), as pretix and Indico plugins ship
their own gettext domain: the core's templates are English, a region's are the Chinese of
its documents, each translated in ``<package>/translations/<locale>/LC_MESSAGES/<domain>.po``.

A ``Text`` can be stored (``as_data``) and put into words again in any language
(``from_data``), so a ledger entry's explanation reads in English years after it was made.
"""
from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import Any

from babel.support import NullTranslations, Translations
from markupsafe import Markup, escape

DEFAULT_LOCALE = "zh_Hans_CN"

# A name as people entered it (a teacher's, a training's title), marked so that a browser's
# translation leaves it as entered: the one markup of ``Text.marked`` here and of the web layer's
# ``named`` and flashes (``portal.web.wording``), as ``macros.kept`` marks one on a page.
KEPT = Markup('<span translate="no">{}</span>')

_locale: contextvars.ContextVar[str | None] = contextvars.ContextVar("portal_locale", default=None)
_provider: list[Callable[[], str | None]] = []


def current_locale() -> str:
    """The locale set by ``using``, else the one the web request chose, else Chinese."""
    chosen = _locale.get()
    if chosen is None and _provider:
        chosen = _provider[0]()
    return chosen or DEFAULT_LOCALE


@contextmanager
def using(locale: str) -> Iterator[None]:
    token = _locale.set(locale)
    try:
        yield
    finally:
        _locale.reset(token)


def set_locale_provider(provider: Callable[[], str | None]) -> None:
    """Let the web layer say which locale a request reads (the domain knows no Flask)."""
    _provider[:] = [provider]


_wording: list[Callable[[], str | None]] = []


def set_wording_provider(provider: Callable[[], str | None]) -> None:
    """Let the application say which wording its region reads: ``"hours"`` where the region
    counts hours (学时), so that a package's ``hours`` catalogue, where it ships one, words
    its messages that otherwise speak of credits."""
    _wording[:] = [provider]


_worded: contextvars.ContextVar[tuple[str | None] | None] = contextvars.ContextVar("portal_wording", default=None)


@contextmanager
def worded(variant: str | None) -> Iterator[None]:
    """Read messages in ``variant`` (``"hours"``, or None for the catalogue as it is) within the
    block, whatever the provider says: a command that loads a region outside the web
    application (``portal rules describe``) words the core's messages as its pages do."""
    token = _worded.set((variant,))
    try:
        yield
    finally:
        _worded.reset(token)


def wording() -> str | None:
    chosen = _worded.get()
    if chosen is not None:
        return chosen[0]
    return _wording[0]() if _wording else None


def with_wording(base: NullTranslations, words: NullTranslations) -> NullTranslations:
    """``base`` with the messages ``words`` holds (a wording's catalogue) read from it instead."""
    if not isinstance(words, Translations):
        return base
    merged = Translations()
    if isinstance(base, Translations):
        merged.merge(base)
        merged.plural = base.plural
    return merged.merge(words)


class Messages:
    """A package's catalogue. ``_ = Messages("myregion", __name__)`` at the top of a module,
    then ``_("{year} 年已得 {amount}", year=2026, amount=Quantity(12, Unit.CREDIT))`` gives a
    ``Text``; ``_.plural(singular, plural, n, ...)`` one whose wording depends on ``n``.
    Arguments are put into words too: numbers without trailing zeros, dates as ISO dates,
    ``Text``, ``Quantity`` and ``listing`` in the reader's language."""

    registry: dict[str, Messages] = {}

    def __init__(self, domain: str, package: str, folder: str = "translations"):
        self.domain = domain
        self.package = package
        self.folder = folder
        Messages.registry.setdefault(domain, self)

    def __call__(self, msgid: str, **args: Any) -> Text:
        return Text(self, msgid, args)

    def pgettext(self, context: str, msgid: str, **args: Any) -> Text:
        """A message whose ``msgid`` another message of the catalogue has too, told apart by
        ``context`` (a level's ``School``, 校级, beside a unit's ``School``, 学校)."""
        return Text(self, msgid, args, context=context)

    def plural(self, singular: str, plural: str, count: int | Decimal, **args: Any) -> Text:
        """``{n}`` in the templates is ``count`` unless an argument ``n`` is given."""
        return Text(self, singular, {"n": count, **args}, plural=plural, n=count)

    def translations(self, locale: str) -> NullTranslations:
        own = region_words() if (self.package, self.domain) == CORE else None
        return _load(self.package, self.folder, self.domain, locale, wording(),
                     None if own is None else (own.package, own.folder, own.domain))

    def __repr__(self) -> str:
        return f"Messages({self.domain!r}, {self.package!r})"


@lru_cache(maxsize=64)
def _load(package: str, folder: str, domain: str, locale: str, variant: str | None = None,
          own: tuple[str, str, str] | None = None) -> NullTranslations:
    try:
        directory = resources.files(package).joinpath(folder)
    except ModuleNotFoundError:
        return NullTranslations()
    base = Translations.load(str(directory), [locale], domain)
    worded = with_wording(base, Translations.load(str(directory), [locale], variant)) if variant else base
    return worded if own is None else with_wording(worded, own_words(own, locale))


def own_words(own: tuple[str, str, str], locale: str) -> NullTranslations:
    """A region's catalogue of its own words for the core's messages (``portal_wording``):
    ``own`` is its package, folder and domain."""
    package, folder, domain = own
    try:
        directory = resources.files(package).joinpath(folder)
    except ModuleNotFoundError:
        return NullTranslations()
    return Translations.load(str(directory), [locale], domain)


# The core's own catalogue, whose messages a region may word its own way (``portal_wording``).
CORE = ("portal", "messages")
_region_words: list[Callable[[], Messages | None]] = []


def set_region_words_provider(provider: Callable[[], Messages | None]) -> None:
    """Let the application say whose words the core's messages read in: the enabled region's
    catalogue of them (``portal_wording``), or None for the core's own."""
    _region_words[:] = [provider]


def region_words() -> Messages | None:
    return _region_words[0]() if _region_words else None


class Said:
    """Words put together when shown (a message, parts said in a row, an amount with its
    unit). Compares and searches (``in``) by its words in the current locale, hashes by
    its Chinese, so it stands in for a string in tests and templates."""

    __slots__ = ()

    def render(self, locale: str | None = None) -> str:
        raise NotImplementedError

    def as_data(self) -> dict:
        raise NotImplementedError

    def __str__(self) -> str:
        return self.render()

    def __html__(self) -> Markup:
        # Markup, not str: Markup.format escapes a str that __html__ returns a second time, so
        # a finding's "bureau's" read "bureau&#39;s" in a flash (not_possible)
        return escape(self.render())

    def marked(self, locale: str | None = None) -> Markup:
        """The message as HTML with the names people entered marked ``translate="no"``
        (``Text.marked``); for text, not for an attribute or a ``<title>``."""
        return escape(self.render(locale))

    def __format__(self, spec: str) -> str:
        return format(self.render(), spec)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.render(DEFAULT_LOCALE)!r})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Said):
            return self.render() == other.render()
        if isinstance(other, str):
            return self.render() == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.render(DEFAULT_LOCALE))

    def __contains__(self, part: str) -> bool:
        return part in self.render()

    def __add__(self, other: Any) -> Joined:
        return Joined((self, other))

    def __radd__(self, other: Any) -> Joined:
        return Joined((other, self))


class Text(Said):
    """A message of a package's catalogue, put into words when shown."""

    __slots__ = ("messages", "msgid", "args", "plural_id", "n", "context")

    def __init__(self, messages: Messages | None, msgid: str, args: Mapping[str, Any] | None = None,
                 plural: str | None = None, n: int | Decimal | None = None, context: str | None = None):
        self.messages = messages
        self.msgid = msgid
        self.args = dict(args or {})
        self.plural_id = plural
        self.n = n
        self.context = context

    def render(self, locale: str | None = None) -> str:
        locale = locale or current_locale()
        template = self._template(locale)
        if not self.args:
            return template
        return template.format_map({k: words(v, locale) for k, v in self.args.items()})

    def marked(self, locale: str | None = None) -> Markup:
        """The message as HTML, each argument given as plain text (a teacher's name, a
        training's title: what people entered, or kept so once stored) marked
        ``translate="no"``, as a page marks the names it shows itself; the message's own words,
        and the messages among its arguments, are the page's language. For a ``<title>``,
        ``str`` (plain text) still."""
        locale = locale or current_locale()
        template = self._template(locale)
        if not self.args:
            return escape(template)
        return Markup(escape(template)).format_map({k: _marked(v, locale) for k, v in self.args.items()})

    def _template(self, locale: str) -> str:
        if self.messages is None:
            return self.msgid if self.plural_id is None or self.n == 1 else self.plural_id
        translations = self.messages.translations(locale)
        if self.context is not None:
            return translations.upgettext(self.context, self.msgid)
        if self.plural_id is None:
            return translations.ugettext(self.msgid)
        return translations.ungettext(self.msgid, self.plural_id, int(self.n))

    def __bool__(self) -> bool:
        return bool(self.msgid)

    def __mod__(self, figures: Any) -> Text:
        """A WTForms validator's message given as a ``Text`` (a region's form:
        ``Length(max=200, message=_("不超过 {max} 字"))``): the validator fills its figures in
        with ``message % dict(min=..., max=..., length=...)``, which here become the message's
        arguments beside its own, so ``{max}`` reads 200 and a message without them reads as it
        is. A region's form once answered a reason too long with a 500."""
        if not isinstance(figures, Mapping):
            return self
        return Text(self.messages, self.msgid, {**figures, **self.args}, self.plural_id, self.n, self.context)

    def as_data(self) -> dict:
        data: dict[str, Any] = {"domain": self.messages.domain if self.messages else None, "id": self.msgid}
        if self.args:
            data["args"] = {k: to_data(v) for k, v in self.args.items()}
        if self.plural_id is not None:
            data["plural"], data["n"] = self.plural_id, to_data(self.n)
        if self.context is not None:
            data["context"] = self.context
        return {"$text": data}


class Joined(Said):
    """Parts said one after the other (``separator`` between them, by locale where it is a
    mapping): what ``Text + Text`` and ``listing`` give."""

    __slots__ = ("parts", "separator")

    def __init__(self, parts: Iterable[Any], separator: str | Mapping[str, str] = ""):
        self.parts = tuple(parts)
        self.separator = separator

    def render(self, locale: str | None = None) -> str:
        locale = locale or current_locale()
        separator = self.separator if isinstance(self.separator, str) else (
            self.separator.get(locale) or self.separator.get("*", ""))
        return separator.join(words(p, locale) for p in self.parts)

    def marked(self, locale: str | None = None) -> Markup:
        locale = locale or current_locale()
        separator = self.separator if isinstance(self.separator, str) else (
            self.separator.get(locale) or self.separator.get("*", ""))
        return escape(separator).join(_marked(p, locale) for p in self.parts)

    def __bool__(self) -> bool:
        return any(bool(p) for p in self.parts)

    def as_data(self) -> dict:
        return {"$join": [to_data(p) for p in self.parts], "sep": self.separator}


def _marked(value: Any, locale: str) -> Markup:
    """A part of a message as HTML: plain text is a name people entered (a teacher's, a
    unit's, a training's), marked as data; a message is marked in turn."""
    if type(value) is str:
        return KEPT.format(value)
    return value.marked(locale) if isinstance(value, Said) else escape(words(value, locale))


def lower_first(text: str) -> str:
    """A label's words (a role's: Training institution staff) as words inside a sentence: in
    English its capital dropped (the training institution staff over …), an acronym's kept (IT);
    a language without capitals reads as it is."""
    return text[:1].lower() + text[1:] if text[:1].isupper() and not text[1:2].isupper() else text


class WithinSentence(Said):
    """A label (a level's, a role's, as the region names it) given to a message as a word inside
    its sentence: "runs trainings of county level at most", not "of County level"
    (``lower_first``, in the reader's language when shown; kept so when stored)."""

    __slots__ = ("label",)

    def __init__(self, label: Any):
        self.label = label

    def render(self, locale: str | None = None) -> str:
        return lower_first(words(self.label, locale))

    def __bool__(self) -> bool:
        return bool(self.label)

    def as_data(self) -> dict:
        return {"$within": to_data(self.label)}


LIST_SEPARATOR = {"zh_Hans_CN": "、", "*": ", "}


def listing(items: Iterable[Any]) -> Joined:
    """Items as a list in the reader's language: 师德、信息技术 / ethics, IT."""
    return Joined(items, LIST_SEPARATOR)


class Quantity(Said):
    """An amount with what it counts: 12 学分 / 12 credits, 1 次 / 1 time, 3 项 / 3 items.
    The unit is a ``Unit`` code (credit, hour, time, item)."""

    __slots__ = ("amount", "unit")

    def __init__(self, amount: Decimal | int, unit: Any):
        self.amount = amount
        self.unit = str(getattr(unit, "value", unit))

    def render(self, locale: str | None = None) -> str:
        return _quantity_words(self.amount, self.unit, locale or current_locale(), wording())

    def as_data(self) -> dict:
        return {"$q": [figure(self.amount), self.unit]}


@lru_cache(maxsize=4096)
def _quantity_words(amount: Decimal | int, unit: str, locale: str, variant: str | None) -> str:
    """An amount's words in a locale and wording (``variant``, a key only: the catalogues read
    it themselves), worked out once: a duties page says some fifty amounts, and a catalogue
    does not change while the portal runs."""
    from .units import unit_words

    return unit_words(amount, unit).render(locale)


def figure(value: Decimal | int) -> str:
    """A number as people write it: 72, 19.5 (no exponent, no trailing zeros)."""
    if isinstance(value, bool):
        return str(value)
    normal = Decimal(value).normalize()
    return format(normal, "f")


def words(value: Any, locale: str | None = None) -> str:
    """Any argument of a message in the reader's words."""
    if isinstance(value, Said):
        return value.render(locale)
    if value is None:
        return "—"
    if isinstance(value, bool):
        from .units import yes_no

        return yes_no(value).render(locale)
    if isinstance(value, (Decimal, int)):
        return figure(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple, frozenset, set)):
        return listing(sorted(value, key=str) if isinstance(value, (set, frozenset)) else value).render(locale)
    return str(getattr(value, "value", value))


def to_data(value: Any) -> Any:
    """An argument as JSON: messages stay messages, everything else is put into words once
    (numbers and dates read the same in every language)."""
    if isinstance(value, Said):
        return value.as_data()
    if isinstance(value, (list, tuple, frozenset, set)):
        return {"$join": [to_data(v) for v in value], "sep": LIST_SEPARATOR}
    if isinstance(value, bool):
        return value
    return words(value, DEFAULT_LOCALE)


def from_data(data: Any) -> Any:
    """What ``as_data`` stored, as a message again (plain values stay as they are). A
    message of a catalogue no longer installed reads in its template's own language."""
    if not isinstance(data, Mapping):
        return data
    if "$text" in data:
        body = data["$text"]
        args = {k: from_data(v) for k, v in (body.get("args") or {}).items()}
        messages = Messages.registry.get(body.get("domain") or "")
        return Text(messages, body["id"], args, plural=body.get("plural"),
                    n=Decimal(body["n"]) if body.get("n") is not None else None, context=body.get("context"))
    if "$join" in data:
        return Joined([from_data(p) for p in data["$join"]], data.get("sep", ""))
    if "$within" in data:
        return WithinSentence(from_data(data["$within"]))
    if "$q" in data:
        amount, unit = data["$q"]
        return Quantity(Decimal(amount), unit)
    return data


class Stored(Said):
    """What ``as_data`` stored, made a message only when it is shown: a kept standing holds
    dozens of messages and a page shows a few of them. Stored again, it is the same data."""

    __slots__ = ("data", "_said")

    def __init__(self, data: Mapping[str, Any]):
        self.data = data
        self._said: Any = None

    def said(self) -> Any:
        if self._said is None:
            self._said = from_data(self.data)
        return self._said

    def render(self, locale: str | None = None) -> str:
        return words(self.said(), locale)

    def __bool__(self) -> bool:
        return bool(self.said())

    def as_data(self) -> dict:
        return dict(self.data)


def stored(data: Any) -> Any:
    """``from_data``, deferred until the message is shown (plain values stay as they are)."""
    return Stored(data) if isinstance(data, Mapping) else data


def text_json(value: Any) -> Any:
    """A message as the rules command's JSON gives it: its words in the current locale."""
    if isinstance(value, Said):
        return value.render()
    return value
