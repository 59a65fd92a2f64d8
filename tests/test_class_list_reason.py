"""The class list says why an enrollment ended where its step asked a reason (a withdrawal, a
school's refusal, a recheck that admitted nobody): a trial's school admin withdrew a teacher
saying why, and the list then read 已撤销 alone, to the district's admin and the institution as
to the school, though the teacher's own page gave the reason."""
from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import Teacher, TrainingProject, User
from portal.services import training
from tests.support import signed_in


def test_a_withdrawal_reads_its_reason_on_the_class_list(make_app):
    app = make_app("kaifeng", demo=True)
    region = app.extensions["portal.region"]
    with app.app_context():  # the next training, open for submissions, and the demo's teacher
        project = db.session.scalar(select(TrainingProject).where(TrainingProject.program == "all_staff_jpk",
                                                                  TrainingProject.status == "published",
                                                                  TrainingProject.taken == 0))
        teacher = db.session.scalar(select(Teacher).join(User, Teacher.user_id == User.id)
                                    .where(User.username == "teacher"))
        project_id, enrollment_id = project.id, training.enroll(region, None, project, teacher).id
    school = signed_in(app, "school_admin")
    back = f"/projects/{project_id}/class"
    assert "该教师本学期外出支教" not in school.get(back).get_data(as_text=True)
    done = school.post(f"/enrollments/{enrollment_id}/moves", data={
        "target": "withdrawn", "state": "enrolled", "reason": "该教师本学期外出支教。", "next": back})
    assert done.status_code == 303
    assert "理由：该教师本学期外出支教。" in school.get(back).get_data(as_text=True)
    client = signed_in(app, "district_admin")
    assert "理由：该教师本学期外出支教。" in client.get(back).get_data(as_text=True)
    client.post("/locale/en", data={"next": "/"})
    assert "Reason: 该教师本学期外出支教。" in client.get(back).get_data(as_text=True)
