"""A flash that names what people entered (a teacher, a unit, a training, a file) marks the name
as data, ``translate="no"``, as a page marks the names it shows (``macros.kept``), so a browser's
translation leaves it as entered; the name is escaped, never read as HTML."""
from __future__ import annotations

from markupsafe import Markup
from sqlalchemy import select

from portal.domain import SchoolStage
from portal.domain.text import Messages
from portal.extensions import db
from portal.models import OrgUnit
from portal.web.wording import named
from tests.support import signed_in

NAME = "<b>语文</b> & 数学工作坊"
SHOWN = '<span translate="no">&lt;b&gt;语文&lt;/b&gt; &amp; 数学工作坊</span>'


def test_a_name_is_marked_and_escaped_and_the_rest_goes_in_as_it_is(app):
    with app.test_request_context():
        assert named("%(name)s: %(n)d seats", name=NAME, n=3) == Markup(SHOWN + ": 3 seats")
        assert named("a < b: %(name)s", name="x") == Markup('a &lt; b: <span translate="no">x</span>')
        # the portal's own words (a message, or Markup) are not names: in as they are, escaped where text
        label = Messages("messages", "portal")("Saved.")
        assert named("%(name)s: %(state)s", name="x", state=label) == Markup(f'<span translate="no">x</span>: {label}')
        assert named("%(why)s", why=Markup("<a href='/rules'>§1</a>")) == Markup("<a href='/rules'>§1</a>")
        assert named("%(state)s", state=Markup.escape("R&D")) == Markup("R&amp;D")


def test_a_workshops_name_in_its_flash_is_marked_and_shown_escaped(app):
    with app.app_context():
        district = db.session.scalar(select(OrgUnit.id).where(OrgUnit.code == "ex-d"))
    admin = signed_in(app, "district_admin")
    answer = admin.post("/admin/workshops/new", data={
        "name": NAME, "org_unit": district, "subject": "数学", "stage": SchoolStage.PRIMARY.value, "leader": "t0001"})
    assert answer.status_code == 303
    page = admin.get(answer.headers["Location"]).get_data(as_text=True)
    assert f'<p class="flash success" role="status">已创建工作坊 {SHOWN}。</p>' in page
    assert "<b>语文</b>" not in page


def test_the_name_markup_is_one_constant_of_the_domain():
    """``Text.marked`` (a stored message) and ``named`` (a flash) each built the same
    ``<span translate="no">``: one constant in ``portal.domain.text`` now, so the two cannot drift."""
    from pathlib import Path

    import portal
    from portal.domain import text
    from portal.web import wording

    assert wording.KEPT is text.KEPT and text.KEPT.format(NAME) == Markup(SHOWN)
    built = [path.relative_to(Path(portal.__file__).parent).as_posix()
             for path in Path(portal.__file__).parent.rglob("*.py")
             if "translate=\"no\">{}" in path.read_text(encoding="utf-8")]
    assert built == ["domain/text.py"], built
    assert Messages("messages", "portal")("Saved {name}", name=NAME).marked("en").count(SHOWN) == 1


def test_marked_trusts_only_markup_not_a_lazy_message_holding_what_was_typed(app):
    """``marked`` shows a message already in HTML as it is (a refusal with its clause's link,
    ``Markup``). A lazy message (``lazy_gettext``) answers ``__html__`` too, with its words
    unescaped: a box's refusal naming the value typed into a hand-made request ran it as HTML."""
    from flask_babel import lazy_gettext

    from portal.web.wording import marked

    with app.test_request_context():
        assert marked(Markup("<a href='/rules'>§1</a>")) == Markup("<a href='/rules'>§1</a>")
        shown = marked(lazy_gettext("Not among the choices: %(values)s. Tick among those shown.", values=NAME))
        assert "<b>" not in shown and "&lt;b&gt;语文&lt;/b&gt; &amp; 数学工作坊" in shown
