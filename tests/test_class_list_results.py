"""A class list says a pass as plainly as a fail: a phone trial's class list read 已考核：未通过考核
on the failed row and only 已结业 on the rows that passed, their grade (优, 良, 合格) nowhere."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from portal.extensions import db
from portal.models import Enrollment, TrainingProject
from portal.services import enrollments
from tests.support import signed_in
from tests.test_not_passed_label import NOT_PASSED, ZERO, _all_staff_enrollment


def test_the_class_list_says_each_passing_grade(make_app):
    app = make_app("ruian", demo=True)
    with app.app_context():
        project = db.session.scalar(select(TrainingProject).where(TrainingProject.name.contains("小学骨干教师分层分类培训")))
        grades = {e.grade for e in project.enrollments}
        project_id = project.id
    assert {"excellent", "good", "pass", "fail"} <= grades
    institution = signed_in(app, "institution")
    page = institution.get(f"/projects/{project_id}/class").get_data(as_text=True)
    for words in ("已结业 · 考核结果：优 ·", "已结业 · 考核结果：良 ·", "已结业 · 考核结果：合格 ·"):
        assert words in page
    assert f"{NOT_PASSED} ·" in page and "考核结果：不合格" not in page  # the fail keeps its own words
    institution.post("/locale/en", data={"next": "/"})
    english = institution.get(f"/projects/{project_id}/class").get_data(as_text=True)
    assert "Completed · Result: Excellent ·" in english and "Result: Pass ·" in english


def test_a_pass_decided_by_part_scores_reads_as_a_pass(make_app):
    """kaifeng §三(五): the part scores decide, no grade entered; a pass reads 合格 as a fail by the
    scores reads 已考核：未通过考核."""
    app = make_app("kaifeng", demo=True)
    project_id, enrollment_id = _all_staff_enrollment(app)
    institution = signed_in(app, "institution")
    institution.post(f"/enrollments/{enrollment_id}/moves", data={
        "target": "completed", "state": "enrolled", "attended_hours": "60",
        **{k: "100" for k in ZERO}, "next": f"/projects/{project_id}/class"})
    with app.app_context():
        assert db.session.get(Enrollment, enrollment_id).grade is None
    assert "考核结果：合格" in institution.get(f"/projects/{project_id}/class").get_data(as_text=True)


def test_passed_grade():
    completed = dict(status="completed")
    assert enrollments.passed_grade(Enrollment(grade="good", **completed), Decimal(9)).value == "good"
    assert enrollments.passed_grade(Enrollment(grade="fail", **completed), Decimal(0)) is None
    assert enrollments.passed_grade(Enrollment(grade="excellent", **completed), Decimal(0)) is None  # credited nothing
    assert enrollments.passed_grade(Enrollment(grade=None, scores={"a": "90"}, **completed), Decimal(60)).value == "pass"
    assert enrollments.passed_grade(Enrollment(grade=None, scores={}, **completed), Decimal(6)) is None  # nothing assessed
