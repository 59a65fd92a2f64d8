"""What a region that leaves the optional hooks out gets: sensible pages, not the codes or
"0 / 0" of what it does not have (an outside author's trial with the required hooks alone)."""
from __future__ import annotations

from tests.support import signed_in


def test_a_region_with_no_purposes_does_not_count_zero_of_zero_uses(make_app, monkeypatch):
    """portal_purposes and portal_eligibility are optional: the teacher's home read
    "已完成 0 / 1 项学分要求；0 / 0 项学分应用已满足" for a region that declares none."""
    from portal.hookspecs import hookimpl
    from tests import example_region

    @hookimpl
    def portal_purposes():
        return []

    @hookimpl
    def portal_eligibility(teacher, records, as_of):
        return []

    monkeypatch.setattr(example_region, "portal_purposes", portal_purposes)
    monkeypatch.setattr(example_region, "portal_eligibility", portal_eligibility)
    app = make_app("example", demo=True, PORTAL_TEST_CASE="no purposes")
    main = signed_in(app, "teacher").get("/", follow_redirects=True).get_data(as_text=True).split("<main", 1)[1]
    assert "项学分要求" in main
    assert "0 / 0" not in main and "项学分应用" not in main
