"""Locale choice: the user's saved choice, then the session, else Simplified Chinese."""
from __future__ import annotations

from flask import has_request_context, session
from flask.globals import _cv_app  # the app context itself: read for every message shown, a proxy costs
from flask_babel import Domain, get_locale
from babel import Locale
from babel.support import Translations

from .domain import Unit
from .domain.text import Messages, own_words, with_wording

LOCALES = {"zh_Hans_CN": "中文", "en": "English"}
DEFAULT_LOCALE = "zh_Hans_CN"


def select_locale() -> Locale:
    # Babel normalises zh-CN to zh_Hans_CN; return only our own codes (DESIGN pitfall 5).
    if not has_request_context():  # a background job: its words are chosen with force_locale, else the default
        return _PARSED[DEFAULT_LOCALE]
    from .web.access import viewer  # the user as the request loaded them: a commit since expired their row

    signed_in = viewer()
    chosen = signed_in.locale if signed_in and signed_in.locale else session.get("locale")
    return _PARSED[chosen if chosen in LOCALES else DEFAULT_LOCALE]


# Each of the portal's locales parsed once: Flask-Babel parses a code its selector returns on
# every request, and parsing looks the locale's data file up on disk (a stat a page). A Locale
# it is given it takes as it is.
_PARSED = {code: Locale.parse(code) for code in LOCALES}


def page_locale() -> str | None:
    """The name of the locale of the portal page being answered (or set by ``force_locale``):
    what the rules' words (``Text``) and the pages' kept words read in. Asked for each message
    on a page (a hundred on the duties page), so Flask-Babel's choice is read off the app
    context, not through its three proxies."""
    ctx = _cv_app.get(None)
    if ctx is None or "portal.region" not in ctx.app.extensions:
        return None
    locale = getattr(getattr(ctx.g, "_flask_babel", None), "babel_locale", None)
    if locale is None:
        if not has_request_context():
            return None
        locale = get_locale()
    # Its name kept on g beside the very Locale it names: babel builds the name anew each time,
    # and a Locale is hashed and compared attribute by attribute (a cache keyed by it cost more).
    kept = getattr(ctx.g, "portal_locale_name", None)
    if kept is None or kept[0] is not locale:
        kept = ctx.g.portal_locale_name = (locale, str(locale))
    return kept[1]


def region_wording() -> str | None:
    """The wording the enabled region reads: ``"hours"`` where it counts hours (学时). Asked
    for every message shown (a duties page shows a hundred), so kept beside the region and
    read off the app context, not through ``current_app``."""
    return _kept_of_region("portal.wording", lambda region: wording_of(region.info.unit))


def region_own_words() -> Messages | None:
    """The enabled region's catalogue of its own words for the core's messages
    (``portal_wording``), or None: kept beside the region, as ``region_wording`` is."""
    return _kept_of_region("portal.own_words", lambda region: region.wording())


def _kept_of_region(key: str, make):
    """``make(region)`` for the enabled region, kept in the app's extensions under ``key`` until
    the region changes (a test app's region swapped); None outside an app or without a region."""
    ctx = _cv_app.get(None)
    if ctx is None:
        return None
    extensions = ctx.app.extensions
    region = extensions.get("portal.region")
    if region is None:
        return None
    kept = extensions.get(key)
    if kept is None or kept[0] is not region:
        kept = extensions[key] = (region, make(region))
    return kept[1]


def wording_of(unit: Unit) -> str | None:
    """The wording of a region counting ``unit``: ``"hours"`` for hours (学时), else None."""
    return "hours" if unit == Unit.HOUR else None


class RegionDomain(Domain):
    """Flask-Babel's domain, its messages read in the region's wording: where the region
    counts hours, the ``hours`` catalogue (``translations/<locale>/LC_MESSAGES/hours.po``)
    words the core's messages that otherwise speak of credits (学分 → 学时); and over it the
    region's own words for the core's messages, where it ships them (``portal_wording``)."""

    def __init__(self):
        super().__init__(domain="messages")
        self._worded = {}

    def get_translations(self):
        base = super().get_translations()
        variant = region_wording()
        own = region_own_words()
        if variant is None and own is None:
            return base
        own_key = None if own is None else (own.package, own.folder, own.domain)
        key = (str(get_locale()), variant, own_key, id(base))
        if key not in self._worded:
            worded = base
            if variant is not None:
                for d in self.translation_directories:
                    worded = with_wording(worded, Translations.load(d, [get_locale()], variant))
            if own_key is not None:  # the region's own words, over the core's and its wording's
                worded = with_wording(worded, own_words(own_key, str(get_locale())))
            self._worded[key] = worded
        return self._worded[key]


def year_label(period) -> str:
    """A region's year as every page names it (本年度（2026年）, This year (2026)): a calendar year by
    its number in the reader's language, any other (a school year from September) by its days,
    2026-09-01 – 2027-08-31, since its two years alone (2026–2027) read as two calendar years. The
    pages' ``year_label`` macro and the teacher list's export both say it so."""
    from flask_babel import pgettext

    from .domain.calendar import is_calendar_year

    if is_calendar_year(period):
        return pgettext("year", "%(year)d", year=period.start.year)
    return f"{period.start.isoformat()} – {period.end.isoformat()}"
