"""Small defects a trial of the ruian demo found, each pinned by a test that failed before its
fix: the bureau deciding an institution's class expansion (扩班) read only 已处理。"""
from __future__ import annotations

from tests.support import signed_in
from tests.test_ruian_trial7 import MATCHING, _project_id


def _expansion_open_today(app) -> None:
    """The bureau opens both class-expansion phases of its calendar today (附件 第3项)."""
    from portal import clock
    from portal.services import calendar as calendar_service

    with app.app_context():
        today = clock.today()
        calendar_service.save(app.extensions["portal.region"], None, [
            p if p.kind not in ("class_expansion_request", "class_expansion_decision")
            else type(p)(p.kind, p.label, today, today, p.actors, p.source) for p in calendar_service.kept()])


def _flash(response) -> str:
    return response.get_data(as_text=True).split('class="flash success"')[1].split("</p>")[0]


# 1. The bureau's decision on a class expansion read only 已处理。 --------------------------------


def test_the_bureau_reads_what_it_decided_of_which_training(make_app):
    from portal.extensions import db
    from portal.models import TrainingProject

    app = make_app("ruian", demo=True)
    _expansion_open_today(app)
    project_id = _project_id(app, MATCHING)
    with app.app_context():
        name, classes = (lambda p: (p.name, p.classes))(db.session.get(TrainingProject, project_id))
    institution, city = signed_in(app, "institution"), signed_in(app, "city_admin")
    institution.post(f"/projects/{project_id}/classes", data={"classes": "2", "reason": "第一轮审核通过人数超过班额"})
    granted = _flash(city.post(f"/projects/{project_id}/classes", data={"decision": "grant", "note": ""},
                               follow_redirects=True))
    assert name in granted and f"已同意扩班 2 个，现共 {classes + 2} 个班" in granted and "已处理" not in granted
    institution.post(f"/projects/{project_id}/classes", data={"classes": "1", "reason": "仍有教师等待名额"})
    city.post("/locale/en")
    refused = _flash(city.post(f"/projects/{project_id}/classes", data={"decision": "refuse", "note": "场地不足"},
                               follow_redirects=True))
    assert name in refused and "The request for 1 more class was refused." in refused
