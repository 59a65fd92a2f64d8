"""The trainings that would help, on a phone: each training says in one line how many of the
teacher's duties it adds to (and how many it would meet), the duty-by-duty lines behind a tap. A
qingdao teacher's duties page repeated four long duty names under each of three trainings: about
4,700 px at 375 px in English. What each training adds is still on the page, behind the tap."""
from __future__ import annotations

import re

from tests.support import signed_in

HTMX = {"HX-Request": "true"}


def _cards(page: str) -> list[str]:
    return re.findall(r'<li class="card">(.*?)</li>\s*(?=<li class="card">|</ul>)', page, re.S)


def test_each_training_says_in_one_line_what_it_adds_its_duty_lines_behind_a_tap(make_app):
    app = make_app("qingdao", demo=True)
    teacher = signed_in(app, "teacher")
    page = teacher.get("/me/compliance/trainings", headers=HTMX).get_data(as_text=True)
    cards = _cards(page)
    assert cards, "the demo teacher has trainings that would help"
    several = [card for card in cards if card.count("：+") > 1]
    assert several, "a demo training adds to several duties"
    for card in several:
        summary, _, behind = card.partition("</summary>")
        assert '<details class="moves">' in summary and "：+" not in summary  # no duty line before the tap
        assert re.search(r"可补足 \d+ 项要求", summary)
        assert behind.count("：+") == card.count("：+")  # every duty line kept, behind the tap
    assert "其中 1 项即可达到" in page and "即可达到要求" in page  # the duty it would meet, and which
    teacher.post("/locale/en")
    english = teacher.get("/me/compliance/trainings", headers=HTMX).get_data(as_text=True)
    assert re.search(r"Adds to \d+ of your duties, meeting 1", english)


def test_a_training_that_adds_to_one_duty_says_it_at_once(make_app):
    app = make_app("ruian", demo=True)
    page = signed_in(app, "teacher").get("/me/compliance/trainings", headers=HTMX).get_data(as_text=True)
    cards = _cards(page)
    assert cards and all(card.count("：+") == 1 for card in cards)
    assert "<details" not in page  # one line each: nothing to tap for
