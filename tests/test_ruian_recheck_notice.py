"""A ruian phone trial's institution, at round 1's recheck (附件 第3项 2019年9月13日 培训机构受理复核),
was offered 复核通过，发放培训通知 and its teacher then read 已发培训通知: the annex sends the
training notice only at round 2's recheck (2019年9月19日—9月22日 培训机构受理复核、发放培训通知). The
step is 复核通过, its note and the state say when the notice comes."""
from __future__ import annotations

from sqlalchemy import select

from datetime import timedelta

from portal import clock
from portal.extensions import db
from portal.models import Enrollment
from tests.support import signed_in
from tests.test_ruian_trial7 import MATCHING, _move_phase, _phase, _project_id

SENT = "已发培训通知"
TOLD = "培训通知在第二轮复核时发放"


def selected_for_review(app):
    """The demo teacher's round-1 choice of a training matching her layer, the school's review
    window brought to today: the project, her client and the enrollment."""
    project_id = _project_id(app, MATCHING)
    teacher = signed_in(app, "teacher")
    assert teacher.post(f"/catalog/{project_id}/select").status_code == 303
    with app.app_context():
        enrollment_id = db.session.scalar(select(Enrollment.id).where(Enrollment.project_id == project_id))
    _move_phase(app, "round1_school_review", clock.today())
    return project_id, teacher, enrollment_id


def rechecked(app):
    """``selected_for_review``'s choice approved by the school and confirmed at the institution's
    round-1 recheck (brought to today): the project, the teacher's and the school's clients and
    the enrollment."""
    project_id, teacher, enrollment_id = selected_for_review(app)
    today = clock.today()
    school = signed_in(app, "school_admin")
    assert school.post(f"/enrollments/{enrollment_id}/moves",
                       data={"target": "school_approved", "state": "selected"}).status_code == 303
    recheck = _phase(app, "round1_institution_recheck")
    _move_phase(app, "round1_institution_recheck", today, max(today, recheck.end))
    institution = signed_in(app, "institution")
    assert institution.post(f"/enrollments/{enrollment_id}/moves",
                            data={"target": "confirmed", "state": "school_approved"}).status_code == 303
    return project_id, teacher, school, enrollment_id


def test_round_1s_recheck_does_not_say_the_training_notice_is_sent(make_app):
    app = make_app("ruian", demo=True)  # round 1 is open today
    project_id, teacher, enrollment_id = selected_for_review(app)
    today = clock.today()
    principal = signed_in(app, "principal")
    assert principal.post(f"/enrollments/{enrollment_id}/moves",
                          data={"target": "school_approved", "state": "selected"}).status_code == 303
    # the bureau brings round 1's recheck (培训机构受理复核) to today, round 2's stays later
    recheck = _phase(app, "round1_institution_recheck")
    _move_phase(app, "round1_institution_recheck", today, max(today, recheck.end))
    institution = signed_in(app, "institution")
    page = institution.get(f"/projects/{project_id}/class").get_data(as_text=True)
    assert 'name="target" value="confirmed"' in page
    assert "复核通过，发放培训通知" not in page and "复核通过" in page
    assert "第一轮复核只受理复核" in page  # the step's note
    assert institution.post(f"/enrollments/{enrollment_id}/moves",
                            data={"target": "confirmed", "state": "school_approved"}).status_code == 303
    for page in (teacher.get("/me/enrollments").get_data(as_text=True),
                 institution.get(f"/projects/{project_id}/class").get_data(as_text=True)):
        assert SENT not in page and TOLD in page
    teacher.post("/locale/en", data={"next": "/"})
    english = teacher.get("/me/enrollments").get_data(as_text=True)
    assert "training notice sent" not in english and "the training notice is sent at round 2&#39;s recheck" in english


NOTICE_TO_COME = "按进程表，培训通知由培训机构在“培训机构受理复核、发放培训通知”时（"


def test_a_rechecked_choice_says_when_its_training_notice_is_sent_to_the_teacher_and_the_school(make_app):
    """The recheck's state said only that the notice comes "at round 2's recheck": neither the teacher
    nor the school read when, nor ever that it had gone out (附件 第3项: 培训机构受理复核、发放培训通知,
    9月19日—9月22日). It now says the window, by the calendar in force: to come, under way, sent."""
    from datetime import datetime, time

    from portal.models import Teacher
    from portal.services.enrollments import Offer

    app = make_app("ruian", demo=True)  # round 1 is open today
    project_id, teacher, school, enrollment_id = rechecked(app)
    notice = _phase(app, "round2_institution_recheck")
    for page in (teacher.get("/me/enrollments").get_data(as_text=True),
                 teacher.get(f"/catalog/{project_id}").get_data(as_text=True),
                 school.get(f"/projects/{project_id}/class").get_data(as_text=True)):
        assert f"{NOTICE_TO_COME}{notice.start} 至 {notice.end}）发放" in page
    teacher.post("/locale/en", data={"next": "/"})
    english = teacher.get("/me/enrollments").get_data(as_text=True)
    assert "By the calendar, the training institution sends the training notice during" in english
    # on the window's days, and after it
    with app.app_context():
        enrollment = db.session.get(Enrollment, enrollment_id)
        person = db.session.get(Teacher, enrollment.teacher_id)
        region = app.extensions["portal.region"]

        def said(day):
            offer = Offer.read(region, [(enrollment, enrollment.project, person)], at=datetime.combine(day, time(4)))
            return " ".join(str(f.message) for f in offer.notes(enrollment, person))

        assert "培训机构正在“培训机构受理复核、发放培训通知”时" in said(notice.start)
        assert f"截至 {notice.end}" in said(notice.start)
        assert "培训通知已在“培训机构受理复核、发放培训通知”时" in said(notice.end + timedelta(days=1))
