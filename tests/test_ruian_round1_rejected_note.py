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
