"""The menu's link to the enrollments page and the page's heading say what it is for to the
reader, by the region's enrollment workflow: 报名审核 only where the workflow gives the reader's
role a review of their teachers' enrollments. A trial's shanxi principal opened 报名审核 to read
that the region has no review of enrollments (the school submits its teachers itself)."""
from __future__ import annotations

import re

import pytest

from portal.domain import UserRole
from portal.services.enrollments import awaiting_purpose
from tests.support import login

WORDS = {"zh_Hans_CN": {"submits": ("教师报名", "本单位教师报名")},
         "en": {"submits": ("Enrolling teachers", "Enrolling your teachers")}}


def _menu_label(page: str) -> str | None:
    """The menu's link to the page, or None where the menu offers none (a role the workflow gives
    no step and who submits nobody: kaifeng's principal)."""
    found = re.search(r'<a href="/enrollments/awaiting">([^<]*)</a>', page)
    return found and found.group(1)


def _heading(page: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", page.split("<h1>", 1)[1].split("</h1>", 1)[0]).split())


@pytest.mark.parametrize("region", ("shanxi", "kaifeng", "ruian", "qingdao"))
def test_the_enrollments_link_and_heading_say_what_the_page_is_for(make_app, region):
    app = make_app(region, demo=True)
    with app.app_context():
        workflow = app.extensions["portal.region"].enrollment_workflow()
        reviews = bool(workflow.awaiting(UserRole.PRINCIPAL, "teacher"))
        purpose = awaiting_purpose(workflow, [UserRole.PRINCIPAL])
    if region == "shanxi":
        assert purpose == "submits" and not reviews  # the trial's case: the school submits, nobody reviews
    if reviews:
        assert purpose == "review"
    client = app.test_client()
    login(client, "principal")
    for locale, words in WORDS.items():
        client.post(f"/locale/{locale}")
        page = client.get("/enrollments/awaiting").get_data(as_text=True)
        home = client.get("/", follow_redirects=True).get_data(as_text=True)
        if purpose == "submits":
            label, heading = words["submits"]
            assert _menu_label(page) == label == _menu_label(home)
            assert _heading(page) == heading
        else:  # a reviewer's link and heading keep the region's words for its review
            assert _menu_label(page) not in [w for ws in WORDS.values() for w in ws["submits"]]
            if _menu_label(page) is None:  # no link only where the principal neither reviews nor submits anyone
                assert not reviews and _menu_label(home) is None
            assert _heading(page) not in [w for ws in WORDS.values() for w in ws["submits"]]
