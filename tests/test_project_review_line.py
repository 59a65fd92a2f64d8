"""The project page's review line cites the region's clause whichever way it goes: reviewed
before publication, or published by its organiser where the region's documents say so."""
from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from portal import clock
from portal.extensions import db
from portal.models import OrgUnit, TrainingProject
from portal.services import training
from tests.support import city_project, signed_in
from tests.test_ruian_trial7 import _move_phase


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


@pytest.mark.parametrize("region", ["ruian", "kaifeng"])
def test_a_bureaus_own_project_reads_as_published_at_once_as_it_is(make_app, region):
    """Phone trial: a bureau's own project page said 发布前须经审核, yet the bureau reviews the
    projects of its level (the region's ``portal_project_review``), so declaring its own
    publishes it at once (its button reads 发布). The line follows the workflow: published by its
    organiser, citing the clause; an institution's project, which the bureau reviews, still
    reads as reviewed before it is published."""
    app = make_app(region, demo=True)
    if region == "ruian":  # the bureau takes declarations today (its calendar's 受理培训项目申报)
        _move_phase(app, "project_declaration", clock.today(), clock.today() + timedelta(days=7))
    own = city_project(app, status="draft")
    city = signed_in(app, "city_admin")
    page = city.get(f"/projects/{own}").get_data(as_text=True)
    line = _review_line(page)
    assert "发布前须经审核" not in line and "由主办单位直接发布" in line and 'class="source"' in line
    assert ">发布</button>" in page
    assert city.post(f"/projects/{own}/declare").status_code == 303
    with app.app_context():
        assert db.session.get(TrainingProject, own).status == "published"  # as the line said: no review
        institution = db.session.scalar(select(OrgUnit).where(OrgUnit.kind == "institution").order_by(OrgUnit.id))
        theirs = training.add_project(None, institution, name="机构培训", level="city", mode="centralized",
                                      start_date=date(2099, 3, 1), end_date=date(2099, 3, 1), year=2099,
                                      hours=Decimal(6), capacity=30, status="draft").id
        db.session.commit()
    for reader in ("city_admin", "institution"):
        assert "发布前须经审核" in _review_line(signed_in(app, reader).get(f"/projects/{theirs}").get_data(as_text=True))
