"""The previous cycle's year-by-year table reads a year the portal holds nothing of as not
recorded here, as the line above it counts such years (其中 N 个年度在本平台没有计入的记录),
not ✗: a teacher whose credits of one school year of that cycle were imported read the
other four years as failed."""
from __future__ import annotations

import re

from tests.support import login
from tests.test_compliance_folds import _folds, _section
from tests.test_imports import CREDIT_HEADINGS, confirm, sheet, upload
from tests.test_previous_cycle import old_row, school_teacher


def _rows(page: str, heading: str) -> list[tuple[str, str]]:
    """Each year's row of the table: its earned figure and its 达标 cell, tags dropped."""
    table = _section(page, heading).split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", row, re.S) for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)]
    plain = [[re.sub(r"<[^>]+>", "", c).strip() for c in row] for row in cells]
    return [(row[1].split()[0], row[3]) for row in plain]


def test_the_previous_cycles_years_with_nothing_here_are_not_failed(make_app, tmp_path):
    app = make_app("shanxi", demo=True, PORTAL_IMPORTS_DIR=str(tmp_path / "imports"))
    teacher_id, number, username = school_teacher(app)
    admin = app.test_client()
    login(admin, "district_admin")
    preview = upload(admin, "credits", sheet(CREDIT_HEADINGS, [old_row(number)]))
    assert preview.status_code == 200, preview.text
    assert confirm(admin, "credits", preview.text).status_code == 303

    teacher = app.test_client()
    login(teacher, username)
    for locale, heading, words in (("zh_Hans_CN", "逐年情况", "本平台没有计入的记录"),
                                   ("en", "Year by year", "Nothing counted here")):
        teacher.post(f"/locale/{locale}")
        admin.post(f"/locale/{locale}")
        for page in (teacher.get("/me/compliance/previous").get_data(as_text=True),
                     admin.get(f"/admin/teachers/{teacher_id}/compliance/previous").get_data(as_text=True)):
            rows = _rows(page, heading)
            empty = [met for earned, met in rows if earned in ("0", "0.0")]
            held = [met for earned, met in rows if earned not in ("0", "0.0")]
            assert len(rows) == 5 and len(empty) == 4 and len(held) == 1, rows
            assert empty == [words] * 4, rows  # not ✗
            assert held[0] in ("✓", "✗")  # the year with a record is judged as before
            (line,) = _folds(_section(page, heading))
            assert ("其中 4 个年度在本平台没有计入的记录" if locale != "en" else "4 of them with nothing counted here") in line
