"""The teacher's home names the duties whose period ended unmet in one sentence. In English each
was joined by a comma with its own capital, while each carries a parenthesis with a semicolon:
"Missed, their period has ended: In principle at least 20 credits in school year 1 of the cycle
(ended 2023-08-31; nothing counted here), In principle at least 20 credits in school year 2 …"
(a phone trial of the shanxi demo). Inside the sentence each reads as words of it, the items
apart by semicolons; the Chinese list keeps its 、."""
from __future__ import annotations

import re

from tests.support import signed_in


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_missed_duties_read_as_one_english_sentence(make_app):
    app = make_app("shanxi", demo=True)
    client = signed_in(app, "teacher")
    chinese = _text(client.get("/me/").get_data(as_text=True))
    assert ("期限已过、未完成：周期第 1 学年所修学分原则上不少于 20 学分（2023-08-31 截止；本平台没有计入的记录）、"
            "周期第 2 学年所修学分原则上不少于 20 学分（2024-08-31 截止）、") in chinese
    client.post("/locale/en")
    english = _text(client.get("/me/").get_data(as_text=True))
    assert ("Missed, their period has ended: in principle at least 20 credits in school year 1 of the cycle "
            "(ended 2023-08-31; nothing counted here); in principle at least 20 credits in school year 2 of the "
            "cycle (ended 2024-08-31); in principle") in english, english[english.find("Missed"):][:400]
