"""The class list offers its link to register the project's results in the audit once there is
something of the project to register or audit (the training has ended, or an entry of it waits
for the reader): a ruian trial's school admin read 登记本项目学分：审核中待处理的本项目记录 → on the
class list of a training still to come."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from portal import clock
from portal.extensions import db
from portal.models import TrainingProject, User
from portal.services import reviews
from tests.support import signed_in

LINK = "登记本项目学分：审核中待处理的本项目记录"
WAITING = "2026年生态文明和美丽浙江建设专题校本研修"  # ended; its entries await the school's audit


def _to_come(app) -> int:
    with app.app_context():
        return db.session.scalar(select(TrainingProject.id).where(TrainingProject.start_date > clock.today(),
                                                                   TrainingProject.status == "published").limit(1))


def test_no_register_link_on_a_training_still_to_come(make_app):
    app = make_app("ruian", demo=True)
    to_come = _to_come(app)
    with app.app_context():
        waiting = db.session.scalar(select(TrainingProject.id).where(TrainingProject.name == WAITING))
    admin = signed_in(app, "school_admin")
    assert LINK not in admin.get(f"/projects/{to_come}/class").get_data(as_text=True)
    page = admin.get(f"/projects/{waiting}/class").get_data(as_text=True)
    assert LINK in page and "source=enrollment" in page
    admin.post("/locale/en", data={"next": "/"})
    assert "Register this training's credits: its entries waiting in the audit" in \
        admin.get(f"/projects/{waiting}/class").get_data(as_text=True)
    assert "Register this training" not in admin.get(f"/projects/{to_come}/class").get_data(as_text=True)


def test_entries_waiting_before_the_end_offer_it(make_app):
    """Before its last day a training's entries offer the link to whom they wait for, not to
    another school's admin (the entries are not theirs to audit)."""
    app = make_app("ruian", demo=True)
    with app.app_context():
        workflow = app.extensions["portal.region"].audit_workflow()
        project = db.session.scalar(select(TrainingProject).where(TrainingProject.name == WAITING))
        to_come = db.session.get(TrainingProject, _to_come(app))
        before = project.start_date - timedelta(days=1)
        users = {u.username: u for u in db.session.scalars(select(User).where(User.username.in_(
            ("school_admin", "school_admin_yh"))))}
        assert reviews.registers_project(users["school_admin"], workflow, project, before)
        assert not reviews.registers_project(users["school_admin_yh"], workflow, project, before)
        assert reviews.registers_project(users["school_admin_yh"], workflow, project, project.end_date)  # ended
        assert not reviews.registers_project(users["school_admin"], workflow, to_come, clock.today())
