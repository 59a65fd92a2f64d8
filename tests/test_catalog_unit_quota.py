"""A phone trial's teacher of a school whose quota of a kaifeng project (2 seats) was used up
read on the project's catalog page "名额 剩余 28 / 共 30" and a finding "✓剩余 28 个名额", while the
enrol page said 尚余 0. Where a project allocates seats to units, the teacher's page and its
JSON say what is left to the teacher's own unit (the enrol page's own computation), and the
seats finding does not read ✓ once the unit's quota is used up."""
from __future__ import annotations

from sqlalchemy import select

from portal import clock
from portal.extensions import db
from portal.models import OrgUnit, ProjectQuota, TrainingProject
from tests.support import signed_in


def _project_with_school_quota_used_up(app) -> int:
    """The demo's next city project as a non-programme training (the trial's was one), its seats
    allocated: the demo school (鼓楼区实验小学) holds 2, both taken; the project has its 50 free."""
    with app.app_context():
        project = db.session.scalars(select(TrainingProject).where(
            TrainingProject.program == "all_staff_jpk", TrainingProject.status == "published",
            TrainingProject.start_date > clock.today())).first()
        project.program = None
        school = db.session.scalar(select(OrgUnit.id).where(OrgUnit.code == "kf-gl-s1"))
        quota = db.session.scalar(select(ProjectQuota).where(ProjectQuota.project_id == project.id,
                                                             ProjectQuota.org_unit_id == school))
        if quota is None:
            quota = ProjectQuota(project_id=project.id, org_unit_id=school, seats=2, taken=2)
            db.session.add(quota)
        quota.seats, quota.taken = 2, 2
        left = project.capacity - project.taken
        db.session.commit()
        assert left > 2
        return project.id


def test_the_teachers_page_says_their_units_quota_and_no_tick_once_it_is_used_up(make_app):
    app = make_app("kaifeng", demo=True)
    project_id = _project_with_school_quota_used_up(app)
    teacher = signed_in(app, "teacher")
    page = teacher.get(f"/catalog/{project_id}").get_data(as_text=True)
    assert '鼓楼区实验小学</span>的名额：共 2 个，尚余 0 个。' in page  # as the enrol page says it, the name kept
    assert "名额已用完" in page  # the seats finding refuses
    with app.app_context():
        left = db.session.scalar(select(TrainingProject.capacity - TrainingProject.taken)
                                 .where(TrainingProject.id == project_id))
    assert f"剩余 {left} 个名额" not in page

    data = teacher.get(f"/api/projects/{project_id}").get_json()
    assert data["seats_left"] == left and data["unit_seats_left"] == 0
    assert {"unit": "开封市鼓楼区实验小学", "seats": 2, "left": 0} in data["unit_quotas"]
    codes = {(f["code"], f["ok"]) for f in data["findings"]}
    assert ("selection_quota", False) in codes and ("selection_seats", True) not in codes


def test_a_unit_with_seats_left_is_told_its_own_not_the_whole_projects(make_app):
    app = make_app("kaifeng", demo=True)
    project_id = _project_with_school_quota_used_up(app)
    with app.app_context():
        quota = db.session.scalar(select(ProjectQuota).join(OrgUnit, ProjectQuota.org_unit_id == OrgUnit.id)
                                  .where(ProjectQuota.project_id == project_id, OrgUnit.code == "kf-gl-s1"))
        quota.taken = 1
        db.session.commit()
    data = signed_in(app, "teacher").get(f"/api/projects/{project_id}").get_json()
    assert data["unit_seats_left"] == 1
    seats = [f for f in data["findings"] if f["code"] == "selection_seats"]
    assert seats and seats[0]["ok"] and "1" in str(seats[0]["message"])
