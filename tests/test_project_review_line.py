"""The project page's review line cites the region's clause whichever way it goes: reviewed
before publication, or published by its organiser where the region's documents say so."""
from __future__ import annotations

import re

from tests.support import city_project, signed_in


def _review_line(page: str) -> str:
    return re.search(r"<dt>审核</dt><dd>(.*?)</dd>", page, re.S).group(1)


def test_the_direct_publication_line_cites_the_regions_clause(make_app):
    app = make_app("qingdao", demo=True)  # qingdao: the approval flow left off (its notice's 附件2 第3步)
    project_id = city_project(app)
    line = _review_line(signed_in(app, "city_admin").get(f"/projects/{project_id}").get_data(as_text=True))
    assert "由主办单位直接发布" in line
    assert 'class="source"' in line and "《关于做好2017年度市南区中小学（幼儿园）教师培训学分系统登记工作的通知》" in line


def test_a_reviewed_line_still_cites_its_clause(make_app):
    app = make_app("ruian", demo=True)
    project_id = city_project(app)
    line = _review_line(signed_in(app, "city_admin").get(f"/projects/{project_id}").get_data(as_text=True))
    assert 'class="source"' in line
