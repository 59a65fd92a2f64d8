"""ruian §四(二) 凡……第一轮虽选课但学校审核为不通过的教师，不能参加第二轮补报选课: a teacher whose round-1
choice the school rejected read only 审核不通过 and its reason on 我的培训, and learned that round 2
was closed to her only when it refused her. The rejected choice now says so while round 2 is ahead."""
from tests.support import signed_in
from tests.test_ruian_recheck_notice import selected_for_review

BARRED = "第一轮所选课程学校审核不通过的，不能参加第二轮补报选课"


def test_a_rejected_round_1_choice_says_round_2_is_closed_to_the_teacher(make_app):
    app = make_app("ruian", demo=True)  # round 1 is open today, round 2 ahead
    _project_id, teacher, enrollment_id = selected_for_review(app)
    teacher.post("/locale/zh_Hans_CN")
    assert BARRED not in teacher.get("/me/enrollments").get_data(as_text=True)
    school = signed_in(app, "school_admin")
    assert school.post(f"/enrollments/{enrollment_id}/moves", data={
        "target": "school_rejected", "state": "selected", "reason": "与本校安排冲突"}).status_code == 303
    page = teacher.get("/me/enrollments").get_data(as_text=True)
    assert "审核不通过" in page and BARRED in page
    teacher.post("/locale/en")
    assert "may not take part in round 2" in teacher.get("/me/enrollments").get_data(as_text=True)


def test_while_round_1_is_open_the_rejected_choice_says_another_may_still_be_chosen(make_app):
    """A phone walk's teacher, rejected while round 1 was still open, read only that she could not
    take part in round 2, though another round-1 choice would still let her (§四(二) bars a teacher
    whose round-1 choices were rejected, read at the round's end). Once round 1 has closed, the
    plain rule."""
    from datetime import timedelta

    from portal import clock
    from tests.test_ruian_trial7 import _move_phase, _phase

    app = make_app("ruian", demo=True)  # round 1 is open today, round 2 ahead
    _project_id, teacher, enrollment_id = selected_for_review(app)
    teacher.post("/locale/zh_Hans_CN")
    school = signed_in(app, "school_admin")
    assert school.post(f"/enrollments/{enrollment_id}/moves", data={
        "target": "school_rejected", "state": "selected", "reason": "与本校安排冲突"}).status_code == 303
    round1 = _phase(app, "round1_selection")
    page = teacher.get("/me/enrollments").get_data(as_text=True)
    assert f"第一轮选课截至 {round1.end}，其间仍可另选课程；{BARRED}" in page
    _move_phase(app, "round1_selection", round1.start, clock.today() - timedelta(days=1))
    page = teacher.get("/me/enrollments").get_data(as_text=True)
    assert BARRED in page and "其间仍可另选课程" not in page
