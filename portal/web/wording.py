"""How what the rules say reaches a page: messages in the page's language, citations as a
document's title and clause linking to its text, settings in words linking to the rules page.

Registered as Jinja filters, so templates write ``{{ step.source | cite }}`` and never show
a file name, a setting's name or an internal code.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

from flask import Flask, current_app, url_for
from flask.globals import _cv_app, _cv_request  # read for each citation and explanation shown: a proxy costs
from flask_babel import gettext as _
from markupsafe import Markup, escape

from .. import clock
from ..documents import clause_words
from ..i18n import page_locale
from ..domain.calendar import window
from ..domain.text import KEPT, Quantity, Said, from_data, listing, lower_first, words
from ..domain.workflow import OVER_ORGANISER, OVER_ORGANISER_UNIT, OVER_TEACHER
from ..domain.findings import duty_label, past_year_heading


def register(app: Flask) -> None:
    app.add_template_filter(cite, "cite")
    app.add_template_filter(said, "said")
    app.add_template_filter(marked, "marked")
    app.add_template_filter(step_text, "step_text")
    app.add_template_filter(step_value, "step_value")
    app.add_template_filter(settings_used, "settings_used")
    app.add_template_filter(quantity, "quantity")
    app.add_template_filter(rule_version_words, "rule_version_words")
    app.add_template_filter(finding_label, "finding_label")
    app.add_template_filter(within_sentence, "within_sentence")
    app.add_template_filter(explained, "explained")
    app.add_template_filter(days, "days")
    app.add_template_test(core_claim_kind, "core_claim_kind")


def _region():
    return current_app.extensions["portal.region"]


def core_claim_kind(kind) -> bool:
    """Whether a claim kind is one of the core's defaults (``defaults.CLAIM_KINDS``: a region that
    declares none gets them), which no document gives: its pages say it is the portal's default
    rule (``macros.kind_source``), which a region's own kind citing no clause is not."""
    from ..defaults import CLAIM_KINDS

    return kind in CLAIM_KINDS


def days(start: date, end: date) -> str:
    """A training's dates as ``calendar.window`` words them, the one way a page shows them
    (``{{ p.start_date | days(p.end_date) }}``): a one-day training is that day once."""
    return words(window(start, end))


def said(value) -> str:
    """A message, a stored message, or plain text, in the page's language."""
    return words(from_data(value)) if value is not None else ""


def marked(value) -> Markup:
    """A message shown as text (a finding's, a notification's, a field's error), the names
    people entered among its arguments (a teacher, a unit, a training) marked as data
    (``translate="no"``), so an English page leaves them as entered; HTML already (``Markup``), as
    it is. A lazy message (``lazy_gettext``) is text: its ``__html__`` gives its words unescaped, a
    value typed into the request among them (a box not offered, named in its refusal)."""
    value = from_data(value) if value is not None else ""
    if isinstance(value, Said):
        return value.marked()
    return value if isinstance(value, Markup) else escape(words(value))


def named(message: str, /, **args) -> Markup:
    """A message built here that names what people entered (a flash saying a teacher's, a unit's,
    a training's or a file's name), filled in as HTML: ``message`` is the message already in the
    reader's language (``_("…")`` given no arguments, so the catalogue keeps its id), and each
    argument given as a plain ``str`` is such a name, escaped and marked ``translate="no"`` as
    ``macros.kept`` marks a name on a page and ``Text.marked`` one in a stored message, so a
    browser's translation leaves it as entered. Other arguments (numbers, the portal's own words
    as a message or as ``Markup``: pass a state's label through ``escape``) go in as they are,
    escaped where they are text; the message's own words are escaped too."""
    return Markup(escape(message)) % {k: KEPT.format(v) if type(v) is str else v for k, v in args.items()}


def step_text(step: dict) -> str:
    """A stored step's text: from its message where the entry kept one."""
    return said(step.get("words")) if step.get("words") else step.get("text", "")


def step_value(step: dict):
    return said(step.get("value_words")) if step.get("value_words") else step.get("value")


def cite(source: str | None) -> Markup:
    """《title》clause for each citation of a source, each a link to the clause. Resolving a
    citation reads the document's text, so each source is put into words once per language
    (a teacher's page cites a dozen; the ledger page dozens)."""
    if not source:
        return Markup("")
    return _remembered("portal.citations", source, _cited)


_KEPT = 4096  # answers of one kind kept before they are all dropped (explanations have no end)


def _remembered(kind: str, key, compute, day: date | None = None):
    """``compute(key)`` once per language and script root (the links' prefix) in this app,
    and per ``day`` when its words depend on the day (the day's settings): what the rules
    and documents say does not change while the app runs."""
    known = _cv_app.get().app.extensions.setdefault(kind, {})
    if known.get("day") != day or len(known) > _KEPT:  # a new day: the days before are not asked again
        known.clear()
        known["day"] = day
    asked = _cv_request.get(None)
    full = (key, page_locale(), asked.request.script_root if asked is not None else "")
    if full not in known:
        known[full] = compute(key)
    return known[full]


def _cited(source: str) -> Markup:
    # By document, each clause once by what the reader sees: the first clause of a document
    # names it, the next ones of the same document follow it without its title again.
    documents: dict[tuple[str, str], dict[str, Markup]] = {}
    for resolved in _region().library.resolve(source):
        clause = str(clause_words(resolved.citation.clause))
        if resolved.document is None:
            documents.setdefault(("clause", clause), {}).setdefault(clause, escape(clause))
            continue
        title = str(resolved.document.title)
        clauses = documents.setdefault(("document", title), {})
        if clause in clauses:
            continue
        label = clause if clauses else _("%(title)s, %(clause)s", title=title, clause=clause)
        query = urlencode({"clause": resolved.citation.clause})
        anchor = f"#L{resolved.location.first}" if resolved.location and resolved.location.exact else ""
        href = url_for("rules_pages.document", slug=resolved.document.slug) + f"?{query}{anchor}"
        clauses[clause] = Markup('<a class="cite" href="{}">{}</a>').format(href, label)
    return Markup(_("; ")).join(Markup(_(", ")).join(clauses.values()) for clauses in documents.values())


def settings_used(names) -> Markup:
    """Each setting a rule relied on, in words, linking to its entry on the rules page:
    本地区设置：周期起始年 2018."""
    if not names:
        return Markup("")
    today = clock.today()
    return _remembered("portal.settings_used", tuple(names), lambda key: _settings_used(key, today), today)


def _settings_used(names: tuple[str, ...], today: date) -> Markup:
    region = _region()
    by_name = region.settings_by_name()
    shown = []
    for name in names:
        parameter = by_name.get(name)
        if parameter is None:
            continue
        value = parameter.display(region.setting_value(parameter, today))
        href = url_for("rules_pages.describe") + f"#setting-{name}"
        shown.append(Markup('<a class="setting" href="{}">{}</a>').format(
            href, _("Local setting: %(label)s: %(value)s", label=words(parameter.label), value=words(value))))
    return Markup(" ").join(shown)


def explained(entry, steps_list) -> Markup:
    """An entry's explanation as ``steps_list`` (the macro) words it, once per explanation and
    rule version: the entries of a project share both, and the words of their steps, clauses
    and settings depend only on the language, the script root and the day."""
    return _remembered("portal.explanations", (entry.explanation_id, entry.rule_version),
                       lambda key: steps_list(entry), clock.today())


def quantity(amount, unit) -> str:
    """12 学分 / 12 credits, 1 credit, 3 次 / 3 times: an amount with what it counts."""
    if amount is None:
        return "—"
    return str(Quantity(Decimal(amount), getattr(unit, "value", unit)))


def rule_version_words(code: str) -> str:
    """A rule version as people know it: the day its rules took effect (never its code)."""
    return _remembered("portal.rule_version_words", code, _rule_version_words)


def _rule_version_words(code: str) -> str:
    version = next((v for v in _region().rule_versions() if v.code == code), None)
    if version is None:
        return ""
    return _("Worked out under the rules in force from %(date)s.", date=version.effective_from.isoformat())


def finding_label(finding, standing) -> str:
    """A finding's heading: what it asks of this teacher where the region said so, a past year's
    by its year, else its duty's label."""
    return words(finding.label or past_year_heading(finding, standing.as_of, _year_ended_on(finding, standing))
                 or duty_label(standing.duty_labels, finding.code))


def _year_ended_on(finding, standing):
    """The region's year (``portal_year``, as the standing keeps it) whose last day is the
    finding's deadline, or None: a page names a past year by it."""
    kept = getattr(standing, "kept", None)
    if finding.deadline is None or kept is None or not hasattr(standing, "year_period"):
        return None
    this = kept.year
    period = standing.year_period(this.start.year + finding.deadline.year - this.end.year)
    return period if period.end == finding.deadline else None


def within_sentence(label: str) -> str:
    """A label (a role's: Training institution staff) as a word inside a sentence: in English
    its capital dropped (the training institution staff over …), an acronym's kept (IT); a
    language without capitals reads it as it is."""
    return lower_first(label)


def taken_by(who) -> str:
    """Why a step is not the reader's: who takes it (``MoveRefused.taken_by``), each role with
    the reach it takes it through; nobody: the enrollment has no such step in its state."""
    from . import role_label

    if not who:
        return _("This enrollment has no such step in its state now.")
    reaches = {}
    for role, over in who:
        reaches.setdefault(over, []).append(within_sentence(role_label(role)))
    said = {OVER_ORGANISER: lambda roles: _("the %(roles)s over the training's organiser", roles=roles),
            OVER_ORGANISER_UNIT: lambda roles: _("the %(roles)s of the unit running the training", roles=roles),
            OVER_TEACHER: lambda roles: _("the %(roles)s over the teacher's school", roles=roles)}
    parts = [said[over](str(listing(roles))) if over in said else str(listing(roles))
             for over, roles in reaches.items()]
    return _("This step is taken by %(who)s.", who=str(listing(parts)))


def not_possible(findings) -> Markup:
    """"Not possible: …" with each refusing finding followed by its clause as a link (a flash), and
    the local settings it relied on, as every finding shows them."""
    reasons = Markup(escape(_("; "))).join(
        Markup("{} {}{}").format(marked(f.message), cite(f.source),
                                 Markup(" ") + settings_used(f.settings) if getattr(f, "settings", ()) else "")
        for f in findings)
    return Markup(escape(_("Not possible: %(reasons)s"))) % {"reasons": reasons}
