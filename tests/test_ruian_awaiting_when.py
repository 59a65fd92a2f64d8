"""A ruian zone admin (教育学区) opened 选课审核 and read only 暂无待办: nothing said when, or whether,
choices would come. The empty list now says, by the calendar in force (§附件 第3项), which phase
brings the reviews and its dates: the school reviews each round's choices in 校长对第N轮选课进行审核,
a choice it leaves unreviewed goes to the unit the setting late_school_review names (the bureau by
default, not the zone), and the institution rechecks in 培训机构受理复核 (portal_awaiting_when)."""
from __future__ import annotations

from portal.domain.calendar import window
from tests.support import signed_in
from tests.test_ruian_trial7 import _phase


def _text(window_words) -> str:
    return str(window_words)


def test_the_zones_empty_review_list_says_which_phase_brings_reviews_and_its_dates(make_app):
    app = make_app("ruian", demo=True)  # round 1 is open today, nothing selected yet
    first, second = _phase(app, "round1_school_review"), _phase(app, "round2_school_review")
    with app.test_request_context():
        first_days, second_days = _text(window(first.start, first.end)), _text(window(second.start, second.end))
    zone = signed_in(app, "district_admin").get("/enrollments/awaiting").get_data(as_text=True)
    assert "暂无待办" in zone
    assert f"第一轮所选课程在“校长对第一轮选课进行审核”时（{first_days}）由学校审核，不经学区或教育局；学校逾期未审核的由教育局补审" in zone
    assert f"第二轮所选课程在“校长对第二轮选课进行审核”时（{second_days}）由学校审核" in zone
    assert "附件 第3项" in zone
    principal = signed_in(app, "principal").get("/enrollments/awaiting").get_data(as_text=True)
    assert f"第一轮所选课程在“校长对第一轮选课进行审核”时（{first_days}）由学校审核" in principal
    city = signed_in(app, "city_admin").get("/enrollments/awaiting").get_data(as_text=True)
    assert "转由教育局补审，至“培训机构受理复核”结束" in city
    recheck = _phase(app, "round1_institution_recheck")
    with app.test_request_context():
        recheck_days = _text(window(recheck.start, recheck.end))
    institution = signed_in(app, "institution").get("/enrollments/awaiting").get_data(as_text=True)
    assert f"第一轮所选课程学校审核通过后，在“培训机构受理复核”时（{recheck_days}）由培训机构复核" in institution
    english = signed_in(app, "district_admin")
    english.post("/locale/en", data={"next": "/"})
    page = english.get("/enrollments/awaiting").get_data(as_text=True)
    assert "Choices of round 1 are reviewed by the school during" in page and "not by the zone or the bureau" in page


def test_a_list_with_something_waiting_does_not_say_when(make_app):
    from tests.test_ruian_recheck_notice import selected_for_review

    app = make_app("ruian", demo=True)
    selected_for_review(app)
    page = signed_in(app, "principal").get("/enrollments/awaiting").get_data(as_text=True)
    assert "awaiting-when" not in page
