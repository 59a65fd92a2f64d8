"""A region's words put into a flash with ``Markup.format`` (``not_possible``, a refused quota) are
escaped once: a finding's English "the city bureau's project" read "bureau&#39;s" on the phone."""
from markupsafe import Markup

from portal.domain import Finding
from portal.domain.text import Messages


def test_words_formatted_into_markup_are_escaped_once():
    words = Messages("messages", "portal")("A <b> & the bureau's project")
    assert Markup("{}").format(words) == "A &lt;b&gt; &amp; the bureau&#39;s project"
    assert str(Markup("{} {}").format(Finding("x", False, None, None, words, "").message, Markup("<i>§</i>"))) == (
        "A &lt;b&gt; &amp; the bureau&#39;s project <i>§</i>")
