"""Kaifeng: a submission refused because the district's quota (鼓楼区) ran out, while the
school's own has seats left, names the district, not 本单位 (a phone trial read 本单位在该项目的
名额 of the district's quota); the school's own quota run out is still 本单位's."""
from __future__ import annotations

import re

from sqlalchemy import select, update

from portal.extensions import db
from portal.models import OrgUnit, ProjectQuota
from tests.support import signed_in
from tests.test_kaifeng_items import ASK_FOR_MORE
from tests.test_kaifeng_unit_quotas import _upcoming


def _text(page: str) -> str:
    """The page's words, its tags left out (a unit's name is marked not to be translated)."""
    return re.sub(r"<[^>]+>", "", page)


def _left(app, project_id: int, code: str, left: int) -> str:
    """The quota of the unit ``code`` keeps ``left`` seats (set one if it holds none); its name."""
    with app.app_context():
        unit = db.session.scalar(select(OrgUnit).where(OrgUnit.code == code))
        quota = db.session.scalar(select(ProjectQuota).where(ProjectQuota.project_id == project_id,
                                                             ProjectQuota.org_unit_id == unit.id))
        if quota is None:
            db.session.add(ProjectQuota(project_id=project_id, org_unit_id=unit.id, seats=left, taken=0))
        else:
            db.session.execute(update(ProjectQuota).where(ProjectQuota.id == quota.id)
                               .values(seats=ProjectQuota.taken + left))
        db.session.commit()
        return unit.name


def test_the_districts_quota_run_out_is_named_as_the_districts(make_app):
    app = make_app("kaifeng", demo=True)
    project_id, _units, first, second = _upcoming(app)
    _left(app, project_id, "kf-gl-s1", 5)
    district = _left(app, project_id, "kf-gl", 1)
    school = signed_in(app, "school_admin")
    page = _text(school.post(f"/projects/{project_id}/enrol",
                       data={"teacher": [str(first), str(second)]}).get_data(as_text=True))
    assert f"{district}在该项目的名额在本次提交中用完：排在前面的 1 位教师已占用剩余名额；" in page
    assert ASK_FOR_MORE in page and "本单位在该项目的名额" not in page
    school.post("/locale/en")
    english = _text(school.post(f"/projects/{project_id}/enrol",
                          data={"teacher": [str(first), str(second)]}).get_data(as_text=True))
    assert f"The quota of {district} for this project ran out within this submission" in english
    school.post("/locale/zh_Hans_CN")
    _left(app, project_id, "kf-gl", 0)
    alone = _text(school.post(f"/projects/{project_id}/enrol", data={"teacher": [str(first)]}).get_data(as_text=True))
    assert f"{district}在该项目的名额已用完" in alone and "本单位在该项目的名额" not in alone
    # the school's own quota run out is the school's (本单位), the district's having seats left
    _left(app, project_id, "kf-gl", 5)
    _left(app, project_id, "kf-gl-s1", 0)
    own = _text(school.post(f"/projects/{project_id}/enrol", data={"teacher": [str(first)]}).get_data(as_text=True))
    assert "本单位在该项目的名额已用完" in own and f"{district}在该项目的名额" not in own
