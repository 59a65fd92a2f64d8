"""The credit bank's year by year reads "nothing asked" for a year that asks the teacher nothing,
not "0 / 0": shanxi's new hire, in her first school year (§三(二): 不要求学分, the probation training
instead), read her year 0 / 0 on /bank at 375 px, as if asked 0 credits, while her home and duties
say 不要求学分. ``AccountYear.required`` is None for such a year."""
from __future__ import annotations

import re

from tests.support import signed_in


def _year_amounts(page: str) -> list[str]:
    return [re.sub(r"<[^>]+>", " ", a).split() for a in
            re.findall(r'<span class="amount">(.*?)</span>\s*</summary>', page, re.S)]


def test_a_year_asking_nothing_reads_so_in_the_bank(make_app):
    app = make_app("shanxi", demo=True)
    page = signed_in(app, "t0041").get("/bank").get_data(as_text=True)  # the demo's new hire
    years = _year_amounts(page)
    assert years and years[-1] == ["0", "·", "不作要求"], years
    assert "0 / 0" not in page


def test_a_year_asking_something_still_reads_against_what_it_asks(make_app):
    app = make_app("shanxi", demo=True)
    years = _year_amounts(signed_in(app, "teacher").get("/bank").get_data(as_text=True))
    assert years and all(y[1] == "/" and y[2] == "20" for y in years), years
