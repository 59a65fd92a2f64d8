"""A phone trial of the ruian demo: the bureau moved the selection calendar so that the
institutions' recheck of round 1 (培训机构受理复核) lay in the past, and a round-1 choice the
principal had approved showed the teacher 审核通过，待培训机构复核 with no next step and no word
of why. Pinned by tests that failed before the fix."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from portal import clock
from portal.extensions import db
from portal.models import Enrollment
from tests.support import signed_in
from tests.test_ruian_trial7 import MATCHING, REVIEW_1, _move_phase, _phase, _project_id

RECHECK_1 = "round1_institution_recheck"


def _approved_then_recheck_moved_past(app):
    """The teacher selects in round 1, the principal approves; the bureau then moves round 1,
    its review and its recheck to end yesterday, round 2 still ahead."""
    project_id = _project_id(app, MATCHING)
    teacher = signed_in(app, "teacher")
    assert teacher.post(f"/catalog/{project_id}/select").status_code == 303
    today, yesterday = clock.today(), clock.today() - timedelta(days=1)
    round1, review = _phase(app, "round1_selection"), _phase(app, REVIEW_1)
    _move_phase(app, REVIEW_1, today, review.end)  # the review opens today
    with app.app_context():
        enrollment_id = db.session.scalar(select(Enrollment.id).where(Enrollment.project_id == project_id))
    approved = signed_in(app, "principal").post(
        f"/enrollments/{enrollment_id}/moves",
        data={"target": "school_approved", "state": "selected", "next": "/enrollments/awaiting"})
    assert approved.status_code == 303
    start = round1.start - timedelta(days=3)
    _move_phase(app, "round1_selection", start, yesterday - timedelta(days=1),
                **{REVIEW_1: (start, yesterday - timedelta(days=1)), RECHECK_1: (yesterday, yesterday)})
    with app.app_context():
        assert db.session.get(Enrollment, enrollment_id).status == "school_approved"
    return project_id, teacher


def test_the_teacher_reads_that_the_recheck_is_over_and_what_now(make_app):
    app = make_app("ruian", demo=True)
    project_id, teacher = _approved_then_recheck_moved_past(app)
    round2 = _phase(app, "round2_selection")
    assert round2.start > clock.today()
    page = teacher.get("/me/enrollments").get_data(as_text=True)
    # its state no longer says it awaits the recheck nobody can take any more (待培训机构复核)
    assert "审核通过，培训机构未在复核时间内复核" in page and "审核通过，待培训机构复核" not in page
    assert "已过，培训机构未复核，不能再复核" in page
    assert f"仍可在第二轮选课（{round2.start.isoformat()} 至 {round2.end.isoformat()}）另选课程" in page
    teacher.post("/locale/en", data={"next": "/"})
    english = teacher.get("/me/enrollments").get_data(as_text=True)
    assert "the institution did not recheck it" in english
