"""The duties page's Past periods (往期情况) count the missed duties of a year the portal holds
nothing of apart, and say so beside each, as the year table above it and the teacher's home do
(本平台没有计入的记录): a principal read 已完成 0 项、未完成 4 项 for a teacher two of whose
missed years the portal holds no record of, counted as plainly missed."""
from __future__ import annotations

import re

from tests.support import login
from tests.test_compliance_folds import _folds, _section, _standing

OPENINGS = {"zh_Hans_CN": ("往期情况", "其中 {n} 项在本平台没有计入的记录", "本平台没有计入的记录"),
            "en": ("Past periods", "{n} of them with nothing counted here", "nothing counted here")}


def _past_items(section: str) -> list[str]:
    """Each past duty's summary line, tags dropped."""
    return [" ".join(re.sub(r"<[^>]+>", " ", s).split())
            for s in re.findall(r"<li class=\"[a-z]+\">\s*<details[^>]*>\s*<summary>(.*?)</summary>", section, re.S)]


def test_past_periods_say_which_missed_duties_have_nothing_counted_here(make_app):
    app = make_app("shanxi", demo=True)
    teacher = app.test_client()
    login(teacher, "t0001")
    data = _standing(teacher)
    years = data["compliance"]["years"]
    ended = [k for k, y in sorted(years.items())[:-1] if y["required"] is not None and not y["ok"]]
    empty = {f"{int(k) + 1}-08-31" for k in ended if not float(years[k]["earned"])}
    assert empty and len(empty) < len(ended), "the demo's t0001 missed years with and without records"
    principal = app.test_client()
    login(principal, "principal")
    teacher_id = re.search(r'/admin/teachers/(\d+)"[^>]*>李雅琴', principal.get("/admin/teachers/").get_data(as_text=True))
    for client, path in ((teacher, "/me/compliance"), (principal, f"/admin/teachers/{teacher_id.group(1)}/compliance")):
        for locale, (heading, counted, words) in OPENINGS.items():
            client.post(f"/locale/{locale}")
            section = _section(client.get(path).get_data(as_text=True), heading)
            (line,) = _folds(section)
            assert counted.format(n=len(empty)) in line, line
            items = _past_items(section)
            missed = [i for i in items if re.search(r"\d{4}-\d{2}-\d{2}", i) and words in i]
            assert len(missed) == len(empty), items
            for item in items:
                dates = set(re.findall(r"\d{4}-\d{2}-\d{2}", item))
                assert (words in item) == bool(dates & empty), item
