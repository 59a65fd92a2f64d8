"""The bulk step's choices mark a step that asks a reason in the page's own punctuation: the
marker was put between ASCII parentheses around the translated words, so a Chinese page read
"退回学校 (须填写理由)", half-width brackets and a space inside a Chinese line."""
from __future__ import annotations

import re

from tests.support import signed_in


def _options(page: str) -> list[str]:
    select = re.search(r'<select id="bulk-target".*?</select>', page, re.S).group(0)
    return [re.sub(r"\s+", " ", o).strip() for o in re.findall(r"<option[^>]*>(.*?)</option>", select, re.S)]


def test_a_step_asking_a_reason_is_marked_in_the_pages_punctuation(make_app):
    app = make_app("example", demo=True)
    client = signed_in(app, "school_admin")
    options = _options(client.get("/admin/reviews").get_data(as_text=True))
    marked = [o for o in options if "须填写理由" in o]
    assert marked and all(o.endswith("（须填写理由）") and " (" not in o for o in marked), options
    client.post("/locale/en")
    options = _options(client.get("/admin/reviews").get_data(as_text=True))
    assert any(o.endswith(" (reason required)") for o in options), options
