"""A phone trial's kaifeng teacher read one refusal ("admins enrol, not teachers") in two
wordings on the catalog: "该培训不由教师自行报名…" of a project outside the all-staff programmes
(the core's), "教师不能自行报名：参训教师名单由…" of an all-staff one (the region's, with its
clause). It is one finding worded once: the region's says the core's words, citing its clause."""
from __future__ import annotations

from sqlalchemy import select

from portal import clock
from portal.extensions import db
from portal.models import TrainingProject
from tests.support import signed_in


def test_admins_enrol_not_teachers_reads_the_same_of_every_kaifeng_project(make_app):
    app = make_app("kaifeng", demo=True)
    with app.app_context():
        upcoming = dict(db.session.execute(select(TrainingProject.program, TrainingProject.id).where(
            TrainingProject.status == "published", TrainingProject.start_date > clock.today())).all())
        programme, other = upcoming["all_staff_jpk"], upcoming["all_staff_high"]
        db.session.get(TrainingProject, other).program = None  # as the trial's own training
        db.session.commit()
    assert programme != other
    teacher = signed_in(app, "teacher")
    said = {}
    for project_id in (programme, other):
        data = teacher.get(f"/api/projects/{project_id}").get_json()
        said[project_id] = [f for f in data["findings"] if not f["ok"] and "自行报名" in str(f["message"])]
    assert len(said[programme]) == 1 and len(said[other]) == 1
    assert said[programme][0]["message"] == said[other][0]["message"]
    assert said[programme][0]["message"].startswith("教师不能自行报名：")
    assert "四(二)1" in str(said[programme][0])  # the region's clause kept
    page = teacher.get(f"/catalog/{other}").get_data(as_text=True)
    assert "该培训不由教师自行报名" not in page and "参训教师名单由各区教育局" not in page
