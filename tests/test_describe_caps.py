"""`portal rules describe` (and ``GET /api/rules/describe``, the rules page) listed a region's caps
on counted credits among its duties with nothing to tell them apart: a reader took 上限 for a
duty to meet. A ``Duty`` with ``cap`` is flagged ``"cap": true`` in the JSON, as ``lead`` is, and
the rules page says of it that it is a limit, not a duty."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from portal import plugins
from portal.cli import main
from tests.support import all_regions, signed_in


@pytest.fixture(autouse=True)
def with_regions(monkeypatch):
    monkeypatch.setattr(plugins, "installed_regions", all_regions)
    monkeypatch.delenv("PORTAL_SETTINGS", raising=False)


def test_describe_flags_the_caps_and_only_them():
    result = CliRunner().invoke(main, ["rules", "describe", "--region", "qingdao"])
    found = {d["code"]: d for d in json.loads(result.output)["findings"]}
    module = all_regions()["qingdao"]
    caps = {d.code for d in module.portal_duties() if d.cap}
    assert caps and {code for code, d in found.items() if d.get("cap")} == caps
    assert all("cap" not in d for code, d in found.items() if code not in caps)


def test_the_rules_page_says_a_cap_is_a_limit_not_a_duty(make_app):
    client = signed_in(make_app("qingdao", demo=True), "teacher")
    page = client.get("/rules/").get_data(as_text=True)
    assert "计入规则或上限，不是须完成的义务" in page
    client.post("/locale/en")
    assert "a rule or limit on what counts, not a duty to meet" in client.get("/rules/").get_data(as_text=True)
