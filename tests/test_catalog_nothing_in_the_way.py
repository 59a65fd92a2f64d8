"""A training's page says, under 您能否选择该项目？, that nothing stands in the way when the region
gives no selection findings: a phone trial read the heading and the button with nothing between."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from portal import clock
from portal.extensions import db
from portal.models import OrgUnit
from portal.services import training
from tests.support import signed_in, text


def _open_training(app) -> int:
    """A school's training for anyone, seats unlimited, a month away."""
    with app.app_context():
        school = db.session.scalar(select(OrgUnit).where(OrgUnit.code == "ex-s1"))
        day = clock.today() + timedelta(days=30)
        project = training.add_project(None, school, name="校本研修：无限名额", level="school", mode="school_based",
                                       start_date=day, end_date=day, year=day.year, hours=Decimal(6),
                                       capacity=None, status="published")
        db.session.commit()
        return project.id


def test_nothing_in_the_way_is_said(make_app):
    app = make_app("example", demo=True)
    project_id = _open_training(app)
    teacher = signed_in(app, "teacher")
    teacher.post("/locale/zh_Hans_CN")
    page = text(teacher.get(f"/catalog/{project_id}"))
    assert "您能否选择该项目？ 没有妨碍您选择该项目的条件，可以直接选择。 选择该培训" in page
    teacher.post("/locale/en")
    page = text(teacher.get(f"/catalog/{project_id}"))
    assert "May you select it? Nothing stands in the way: you may select this training. Select this training" in page


def test_not_said_over_findings(make_app):
    """Where the region says what it checked (qingdao's stage, subject and layer), the findings answer."""
    app = make_app("qingdao", demo=True)
    with app.app_context():
        from portal.models import TrainingProject
        ids = db.session.scalars(select(TrainingProject.id).where(TrainingProject.status == "published",
                                                                   TrainingProject.start_date > clock.today())).all()
    teacher = signed_in(app, "teacher")
    pages = [text(teacher.get(f"/catalog/{i}")) for i in ids]
    assert any("您能否申请参加该培训？" in p for p in pages)
    assert not any("没有妨碍您申请的条件" in p for p in pages)
