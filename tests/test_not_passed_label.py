"""A completion failed by the composite assessment of its part scores, with no grade entered
(kaifeng §三(五)), reads "已考核：未通过考核" in the enrollment lists and in the recorder's
confirmation, as the teacher's notice already said: a phone trial found the lists showing the
completed state's label (已考核), which reads as a pass."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from portal import clock
from portal.extensions import db
from portal.models import Enrollment, LedgerEntry, Notification, OrgUnit, Teacher, User
from portal.services import enrollments, training
from tests.support import signed_in

NOT_PASSED = "已考核：未通过考核"
ZERO = {"score-course_time": "0", "score-discussion": "0", "score-tasks": "0"}


def _all_staff_enrollment(app) -> tuple[int, int]:
    """The demo teacher enrolled in a city all-staff training run by the demo institution, ended
    yesterday (its results are recorded once it has ended, §四(二)3): the project's id and the
    enrollment's."""
    with app.app_context():
        region = app.extensions["portal.region"]
        start = clock.today() - timedelta(days=4)
        unit = db.session.scalar(select(OrgUnit).where(OrgUnit.code == "kf-inst"))
        project = training.add_project(None, unit, name="全员培训：未通过考核", level="city", mode="online",
                                       program="all_staff_jpk", start_date=start, end_date=start + timedelta(days=3),
                                       year=start.year, hours=Decimal(60), capacity=30, status="published")
        teacher = db.session.scalar(select(Teacher).join(User, Teacher.user_id == User.id)
                                    .where(User.username == "teacher"))
        return project.id, training.enroll(region, None, project, teacher).id


def test_a_completion_failed_by_its_part_scores_reads_not_passed_everywhere(make_app):
    app = make_app("kaifeng", demo=True)
    project_id, enrollment_id = _all_staff_enrollment(app)
    institution = signed_in(app, "institution")
    done = institution.post(f"/enrollments/{enrollment_id}/moves", follow_redirects=True, data={
        "target": "completed", "state": "enrolled", "attended_hours": "60", **ZERO,
        "next": f"/projects/{project_id}/class"}).get_data(as_text=True)
    with app.app_context():
        enrollment = db.session.get(Enrollment, enrollment_id)
        assert (enrollment.status, enrollment.grade) == ("completed", None)  # no grade: the scores decided
        told = db.session.scalars(select(Notification.message).where(Notification.subject_id == enrollment_id)).all()
        assert any("Assessed: not passed" in str(m) for m in told)  # kept untranslated, told as 已考核：未通过考核
        row = enrollments.enrollment_row(app.extensions["portal.region"],
                                         db.session.scalar(select(User).where(User.username == "institution")),
                                         enrollment_id)
        assert row.failed and row.state == NOT_PASSED
    assert f"已处理：{NOT_PASSED}" in done  # the recorder's confirmation
    assert NOT_PASSED in institution.get(f"/projects/{project_id}/class").get_data(as_text=True)
    assert NOT_PASSED in signed_in(app, "teacher").get("/me/enrollments").get_data(as_text=True)


def test_a_completion_says_where_its_record_stands_in_the_audit(make_app):
    """The completed state lasts through the record's audit, so the teacher's list says where the
    record stands, as the ledger does (a qingdao trial read "审核通过后计入" after it passed)."""
    app = make_app("kaifeng", demo=True)
    project_id, enrollment_id = _all_staff_enrollment(app)
    institution = signed_in(app, "institution")
    institution.post(f"/enrollments/{enrollment_id}/moves", data={
        "target": "completed", "state": "enrolled", "attended_hours": "60",
        **{k: "100" for k in ZERO}, "next": f"/projects/{project_id}/class"})
    with app.app_context():
        region = app.extensions["portal.region"]
        state = db.session.scalar(select(LedgerEntry.audit_state).where(LedgerEntry.enrollment_id == enrollment_id))
        label = str(region.audit_workflow().state(state).label)
    roster = institution.get(f"/projects/{project_id}/class").get_data(as_text=True)
    # a pass reads what it registers (a phone trial read no result at all), and that it waits in the
    # audit until registered, as the teacher's own page says (not 登记 60 学时 before it is)
    assert f"60 学时尚未登记：{label}" in roster and "登记 60 学时" not in roster
    teacher = signed_in(app, "teacher")
    assert f"登记记录：{label}" in teacher.get("/me/enrollments").get_data(as_text=True)
    assert f"登记记录：{label}" in teacher.get(f"/catalog/{project_id}").get_data(as_text=True)  # its page, the same


def test_a_completion_graded_a_pass_but_credited_nothing_reads_not_completed(make_app):
    """Phone trial (ruian): 0.1 of 24 hours attended, graded 优秀, was shown as 已结业 while the
    ledger said 出勤不足，未完成培训，得 0 学分. The grade alone does not make a completion."""
    app = make_app("ruian")
    with app.app_context():
        workflow = app.extensions["portal.region"].enrollment_workflow()
        graded = Enrollment(status="completed", grade="excellent")
        assert enrollments.not_passed(graded, Decimal(0))
        assert str(enrollments.state_label(workflow, graded, Decimal(0))) == "已结束：未完成培训，不得学分"
        assert str(enrollments.state_label(workflow, graded, Decimal(24))) == "已结业"
        assert str(enrollments.state_label(workflow, Enrollment(status="completed", grade="fail"), Decimal(0))) \
            == NOT_PASSED


def test_a_class_list_filters_the_teachers_who_did_not_pass(make_app):
    """Phone trial (kaifeng): the organiser's class list filtered by each state, but the teachers
    who did not pass (failed by their part scores, or graded yet credited nothing) could not be
    picked out: the completed state holds passes and fails alike."""
    app = make_app("kaifeng", demo=True)
    project_id, failed_id = _all_staff_enrollment(app)
    with app.app_context():
        region = app.extensions["portal.region"]
        project = db.session.get(Enrollment, failed_id).project
        other = db.session.scalar(select(Teacher).where(Teacher.id != project.enrollments[0].teacher_id)
                                  .order_by(Teacher.id).limit(1))
        passed_id, failed, passed = training.enroll(region, None, project, other).id, project.enrollments[0].teacher.name, other.name
    institution = signed_in(app, "institution")
    for enrollment_id, scores in ((failed_id, ZERO), (passed_id, {k: "100" for k in ZERO})):
        institution.post(f"/enrollments/{enrollment_id}/moves", data={
            "target": "completed", "state": "enrolled", "attended_hours": "60", **scores,
            "next": f"/projects/{project_id}/class"})
    everyone = institution.get(f"/projects/{project_id}/class").get_data(as_text=True)
    assert failed in everyone and passed in everyone
    assert '<option value="not_passed">未通过考核或未完成培训</option>' in everyone
    page = institution.get(f"/projects/{project_id}/class?state=not_passed").get_data(as_text=True)
    assert failed in page and passed not in page and NOT_PASSED in page
    assert '<option value="not_passed" selected>' in page
    assert passed in institution.get(f"/projects/{project_id}/class?state=completed").get_data(as_text=True)
