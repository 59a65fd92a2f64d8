"""The teacher list's export names a teacher's year as the pages name it: shanxi's school year
(晋教师〔2017〕14号: 学年, from September) read 2026–2027 in the sheet, two bare years a reader takes for
two calendar years, where the teacher's page heads it 本年度（2026-09-01 – 2027-08-31）; qingdao's
calendar year read 2026 where the page says 2026年. The cycle reads as the page heads it too."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import Teacher
from tests.support import signed_in, text
from tests.test_trial9_fixes import _exported


@pytest.mark.parametrize("region", ["shanxi", "qingdao"])
def test_the_exports_year_and_cycle_read_as_the_teachers_page_heads_them(make_app, region):
    app = make_app(region, demo=True)
    rows = _exported(app, "school_admin")
    heading, first = rows[0], dict(zip(rows[0], rows[1]))
    with app.app_context():
        teacher_id = db.session.scalar(select(Teacher.id).where(Teacher.name == first["姓名"]))
    page = text(signed_in(app, "school_admin").get(f"/admin/teachers/{teacher_id}"))
    year, cycle = first[heading[3]], first[heading[7]]
    # the page keeps each date of a school year on one line (a span each): read without the spacing
    spaced = "".join(page.split())
    assert "".join(f"本年度（{year}）".split()) in spaced, (year, page[:2000])
    assert "".join(f"本周期（{cycle}）".split()) in spaced, (cycle, page[:2000])
    if region == "shanxi":  # a school year from September: by its days, as the page
        assert year.endswith("-08-31") and "-09-01 – " in year, year
    else:
        assert year.endswith("年") and len(year) == 5, year
