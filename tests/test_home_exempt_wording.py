"""The admin home counts the teachers asked nothing of the year or no total of the cycle in a
sentence that reads in English ("No cycle total asked of 1." did not), one or many."""
from __future__ import annotations

import re

import pytest

from tests.support import signed_in, text


@pytest.mark.parametrize("code", ["shanxi"])  # its demo holds probation-year teachers
def test_the_teachers_asked_nothing_are_counted_in_a_sentence(make_app, code):
    app = make_app(code, demo=True)
    admin = signed_in(app, "city_admin")
    admin.post("/locale/en")
    page = text(admin.get("/admin/"))
    assert "asked of" not in page
    said = re.findall(r"\d+ teachers? (?:is|are) asked (?:nothing this year|no cycle total)\.", page)
    assert said, "the demo has teachers asked nothing"
    assert all(s.startswith("1 teacher is") or " teachers are " in s for s in said)
