"""The teacher's page lists the years missed (期限已过、未完成) and says of each year the portal
holds nothing of that nothing is counted here, as the duties page counts such years (其中 N 个
年度在本平台没有计入的记录): a principal read four school years missed for a teacher two of whose
years the portal holds no record of."""
from __future__ import annotations

import re

from tests.support import login
from tests.test_compliance_folds import _standing


def _missed_line(html: str, opening: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html.split(opening, 1)[1].split("</p>", 1)[0]).split())


def test_missed_years_with_nothing_here_say_so(make_app):
    app = make_app("shanxi", demo=True)
    teacher = app.test_client()
    login(teacher, "t0001")
    years = _standing(teacher)["compliance"]["years"]
    ended = [k for k, y in sorted(years.items())[:-1] if y["required"] is not None and not y["ok"]]
    empty = {k for k in ended if not float(years[k]["earned"])}
    assert empty and set(ended) - empty, "the demo's t0001 missed years with and without records"
    principal = app.test_client()
    login(principal, "principal")
    teacher_id = re.search(r'/admin/teachers/(\d+)"[^>]*>李雅琴', principal.get("/admin/teachers/").get_data(as_text=True))
    for client, path in ((teacher, "/"), (principal, f"/admin/teachers/{teacher_id.group(1)}")):
        for locale, opening, words in (("zh_Hans_CN", "期限已过、未完成：", "截止；本平台没有计入的记录）"),
                                       ("en", "Missed, their period has ended: ", "; nothing counted here)")):
            client.post(f"/locale/{locale}")
            line = _missed_line(client.get(path, follow_redirects=True).get_data(as_text=True), opening)
            assert line.count(words) == len(empty), line
            for key in ended:
                end = f"{int(key) + 1}-08-31"
                said = re.search(re.escape(end) + r"[^）)]*[）)]", line).group(0)
                assert (words in said) == (key in empty), (key, said)
