"""Simplified Chinese by default, English on request, and a complete catalogue."""
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

import pytest
from sqlalchemy import select

from portal.domain.text import Messages, using
from portal.extensions import db
from portal.models import Teacher, User
from tests.support import login

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "portal/translations/zh_Hans_CN/LC_MESSAGES"
METHODS = [("portal/**.py", "python"), ("portal/templates/**.html", "jinja2")]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None,
            "pgettext": ((1, "c"), 2)}


def source_messages() -> set[str]:
    """Each message's id, prefixed ``context|`` where it has one (``pgettext("hours", ...)``)."""
    found = set()
    for _file, _line, message, _comments, context in extract_from_dir(
        str(ROOT), method_map=METHODS, keywords=KEYWORDS
    ):
        found.add(keyed(context, message if isinstance(message, str) else message[0]))
    return found


def keyed(context, message):
    return f"{context}|{message}" if context else message


def entries(catalog):
    """(id, translation) pairs, plural ones as tuples, whichever file they were read from; an
    id with a context is keyed by both."""
    for m in catalog:
        if m.id:
            plural = not isinstance(m.id, str)
            context = m.context.decode() if isinstance(m.context, bytes) else m.context  # read_mo gives bytes
            yield (context, tuple(m.id) if plural else m.id), (tuple(m.string) if plural else m.string)


def test_every_message_has_its_chinese_translation():
    with open(CATALOG / "messages.po", "rb") as f:
        po = read_po(f)
    translated = {keyed(m.context, m.id if isinstance(m.id, str) else m.id[0])
                  for m in po if m.id and m.string and all(m.string) and not m.fuzzy}
    messages = source_messages()
    assert len(messages) > 100 and "Sign in" in messages  # the extractors did run
    missing = messages - translated
    assert not missing, f"run pybabel extract/update and translate: {sorted(missing)}"


def test_the_compiled_catalogue_matches_the_po_file():
    with open(CATALOG / "messages.po", "rb") as f:
        po = dict(entries(read_po(f)))
    with open(CATALOG / "messages.mo", "rb") as f:
        mo = dict(entries(read_mo(f)))
    assert mo == po, "run pybabel compile -d portal/translations"


def test_chinese_by_default_and_english_on_request(client):
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="zh-CN">' in page and "登录" in page
    client.post("/locale/en", data={"next": "/login"})
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="en">' in page and "Sign in" in page


def test_a_browser_header_never_reaches_babel_raw(client):
    page = client.get("/login", headers={"Accept-Language": "zh-CN,zh;q=0.9"}).get_data(as_text=True)
    assert "登录" in page


def test_the_choice_is_kept_with_the_user(app):
    first = app.test_client()
    login(first, "teacher")
    first.post("/locale/en", data={"next": "/me/"})
    second = app.test_client()
    login(second, "teacher")
    assert "My credits" in second.get("/me/").get_data(as_text=True)


def test_unknown_locale_is_ignored(client):
    response = client.post("/locale/fr", data={"next": "https://evil.example/"})
    assert response.headers["Location"] == "/"
    assert "登录" in client.get("/login").get_data(as_text=True)


def test_switching_language_returns_to_the_address_the_browser_shows(client):
    # After an htmx search the browser shows /admin/teachers?q=…, not the URL the page had.
    login(client, "school_admin")
    response = client.post("/locale/en", data={"next": "/admin/teachers"},
                           headers={"Referer": "http://localhost/admin/teachers?q=%E5%BC%A0"})
    assert response.headers["Location"] == "/admin/teachers?q=%E5%BC%A0"
    response = client.post("/locale/zh_Hans_CN", data={"next": "/admin/teachers"},
                           headers={"Referer": "https://evil.example/admin/"})
    assert response.headers["Location"] == "/admin/teachers"


# Where the region counts hours, the core's words that speak of credits read in hours -------------

HOURS_EXEMPT = {  # the credit unit itself, and the sheet's two columns (hours attended, or the amount given)
    "{n} credit", "Give the hours or the credits.", "Give the hours or the credits, not both.",
}


def _catalog(locale, domain):
    with open(ROOT / f"portal/translations/{locale}/LC_MESSAGES/{domain}.po", "rb") as f:
        return {key: value for (context, key), value in entries(read_po(f)) if not context}


def _first(msgid):
    return msgid[0] if isinstance(msgid, tuple) else msgid


def test_every_message_naming_credits_has_its_hours_wording():
    messages = _catalog("zh_Hans_CN", "messages")
    hours_zh, hours_en = _catalog("zh_Hans_CN", "hours"), _catalog("en", "hours")
    with open(CATALOG / "messages.po", "rb") as f:  # a page choosing pgettext("hours", …) itself needs none
        chosen = {_first(k) for (context, k), _v in entries(read_po(f)) if context == "hours"}
    named = {_first(k) for k, v in messages.items() if "学分" in "".join(v if isinstance(v, tuple) else (v,))}
    assert named - HOURS_EXEMPT - chosen <= {_first(k) for k in hours_zh}, "add its 学时 wording to zh_Hans_CN/hours.po"
    said = {_first(k) for k in messages if "credit" in _first(k).lower()}
    assert said - HOURS_EXEMPT - chosen <= {_first(k) for k in hours_en}, "add its hours wording to en/hours.po"
    assert set(hours_zh) | set(hours_en) <= set(messages), "an hours wording of a message no longer in the catalogue"
    assert not any("学分" in "".join(v if isinstance(v, tuple) else (v,)) for v in hours_zh.values())
    assert not any("credit" in str(v).lower() for v in hours_en.values())


def test_the_compiled_hours_catalogues_match_their_po_files():
    for locale in ("zh_Hans_CN", "en"):
        with open(ROOT / f"portal/translations/{locale}/LC_MESSAGES/hours.po", "rb") as f:
            po = dict(entries(read_po(f)))
        with open(ROOT / f"portal/translations/{locale}/LC_MESSAGES/hours.mo", "rb") as f:
            mo = dict(entries(read_mo(f)))
        assert mo == po, "run pybabel compile -D hours -d portal/translations"


@pytest.mark.parametrize("region, counts_hours", [("kaifeng", True), ("qingdao", False)])
def test_a_region_counting_hours_reads_hours_where_the_core_says_credits(make_app, region, counts_hours):
    exchange_zh, exchange_en = "学时在本校登记", "hours are registered here"
    app = make_app(region, demo=True)
    client = app.test_client()
    login(client, "school_admin")
    with app.app_context():
        teacher_id = db.session.scalar(select(Teacher.id).join(User, Teacher.user_id == User.id)
                                       .where(User.username == "teacher"))
    chinese = client.get(f"/admin/teachers/{teacher_id}/facts").get_data(as_text=True)
    assert (exchange_zh in chinese) is counts_hours and ("学分在本校登记" in chinese) is not counts_hours
    client.post("/locale/en", data={"next": "/"})
    english = client.get(f"/admin/teachers/{teacher_id}/facts").get_data(as_text=True)
    assert (exchange_en in english) is counts_hours
    with app.app_context():  # a service's words (a notification kept as data) read the same
        revoked = Messages("messages", "portal")("Your transcript issued on {day} is revoked: {reason}",
                                                 day="2026-12-01", reason="—")
        with using("zh_Hans_CN"):
            assert ("学时证书" in str(revoked)) is counts_hours  # the pages' word for it (证书, not 证明)


def test_a_cycle_asking_nothing_without_a_note_says_so_in_words(app):
    """A cycle card with nothing required read "0 / 0"; with no region note to say why, the
    core says nothing is asked."""
    from datetime import date
    from decimal import Decimal

    from flask import render_template_string

    from portal.domain import Period
    from portal.domain.results import CycleProgress

    class Card:
        cycle = CycleProgress(Period(date(2022, 9, 1), date(2027, 8, 31)), Decimal(0), Decimal(0), Decimal(0))

    class Standing:
        requirements = type("R", (), {"cycle_source": "", "settings": ()})()

    with app.test_request_context("/"):
        html = render_template_string('{% from "macros.html" import cycle_card with context %}'
                                      '{{ cycle_card(c, s, "credit") }}', c=Card, s=Standing)
    assert "本周期不作要求" in html and "<progress" not in html and " / " not in html
