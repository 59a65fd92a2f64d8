"""Defects a phone trial of the ruian demo found: a choice whose school review window passed with
nobody reviewing it showed the teacher only its state, prompted no reviewer and said nothing of
what now happens; each pinned by a test that failed before its fix."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from portal import clock
from portal.extensions import db
from portal.models import Enrollment
from tests.support import signed_in
from tests.test_ruian_trial7 import MATCHING, REVIEW_1, _decision, _move_phase, _phase, _project_id

RECHECK_1 = "round1_institution_recheck"


def _unreviewed(app, recheck_passed: bool = False):
    """The teacher selects in round 1; round 1 and its school review then close yesterday, nobody
    having reviewed the choice; round 1's recheck is still ahead (or, ``recheck_passed``, over too)."""
    project_id = _project_id(app, MATCHING)
    teacher = signed_in(app, "teacher")
    assert teacher.post(f"/catalog/{project_id}/select").status_code == 303
    today, yesterday = clock.today(), clock.today() - timedelta(days=1)
    round1 = _phase(app, "round1_selection")
    more = {"round1_selection": (round1.start, yesterday)}
    if recheck_passed:
        before = yesterday - timedelta(days=1)
        more = {"round1_selection": (round1.start, before), RECHECK_1: (yesterday, yesterday)}
        _move_phase(app, REVIEW_1, round1.start, before, **more)
    else:
        more[RECHECK_1] = (today + timedelta(days=2), today + timedelta(days=2))
        _move_phase(app, REVIEW_1, round1.start, yesterday, **more)
    return project_id, teacher


def test_the_teacher_reads_that_the_school_did_not_review_and_that_the_bureau_now_does(make_app):
    app = make_app("ruian", demo=True)
    project_id, teacher = _unreviewed(app)
    until = (clock.today() + timedelta(days=2)).isoformat()
    for page in (_decision(teacher.get(f"/catalog/{project_id}").get_data(as_text=True)),
                 teacher.get("/me/enrollments").get_data(as_text=True)):
        # its state no longer says it awaits the school's review (待学校审核), past the window
        assert "已选课，学校未在审核时间内审核" in page
        assert "已过，学校未审核，不能再审核" in page
        assert f"已转由教育局审核，截至 {until}" in page
        assert "下一步由教育局办理。" in page  # the bureau's list holds it (below), named as the notice names it
    teacher.post("/locale/en", data={"next": "/"})
    english = teacher.get("/me/enrollments").get_data(as_text=True)
    assert "the school did not review it" in english and "referred to the education bureau" in english


def test_the_bureau_finds_the_unreviewed_choice_in_its_list_and_reviews_it(make_app):
    app = make_app("ruian", demo=True)
    project_id, teacher = _unreviewed(app)
    bureau = signed_in(app, "city_admin")
    awaiting = bureau.get("/enrollments/awaiting").get_data(as_text=True)
    assert "陈晓燕" in awaiting and "补审通过（学校逾期未审核）" in awaiting
    # the school no longer can, and is not shown the step as "not yet"
    principal = signed_in(app, "principal").get("/enrollments/awaiting").get_data(as_text=True)
    assert "陈晓燕" not in principal.split("<h2>现在还不能办理</h2>")[0]
    # approved by the bureau: the teacher does not read that the school approved it
    with app.app_context():
        enrollment_id = db.session.scalar(select(Enrollment.id).where(Enrollment.project_id == project_id))
    moved = bureau.post(f"/enrollments/{enrollment_id}/moves",
                        data={"target": "school_approved", "state": "selected", "next": "/enrollments/awaiting"})
    assert moved.status_code == 303
    page = teacher.get("/me/enrollments").get_data(as_text=True)
    assert "审核通过，待培训机构复核" in page and "学校审核通过" not in page


def test_the_zone_reviews_it_when_the_bureau_says_so(make_app):
    app = make_app("ruian", demo=True, PORTAL_SETTINGS={"late_school_review": "zone"})
    project_id, teacher = _unreviewed(app)
    zone = signed_in(app, "district_admin").get("/enrollments/awaiting").get_data(as_text=True)
    bureau = signed_in(app, "city_admin").get("/enrollments/awaiting").get_data(as_text=True)
    assert "陈晓燕" in zone and "陈晓燕" not in bureau
    assert "已转由学区审核" in teacher.get("/me/enrollments").get_data(as_text=True)


def test_nobody_reviews_it_late_when_the_bureau_says_so(make_app):
    app = make_app("ruian", demo=True, PORTAL_SETTINGS={"late_school_review": "none"})
    project_id, teacher = _unreviewed(app)
    page = teacher.get("/me/enrollments").get_data(as_text=True)
    # round 2 is ahead: the unreviewed round-1 choice does not bar it (§四(二))
    assert "学校未审核，不能再审核" in page and "仍可在第二轮选课" in page and "无人能再办理下一步" in page
    assert "陈晓燕" not in signed_in(app, "city_admin").get("/enrollments/awaiting").get_data(as_text=True)


def test_once_the_late_review_passed_too_the_teacher_is_told_nobody_can_and_whom_to_ask(make_app):
    app = make_app("ruian", demo=True)
    project_id, teacher = _unreviewed(app, recheck_passed=True)
    page = teacher.get("/me/enrollments").get_data(as_text=True)
    assert "学校未审核，不能再审核" in page and "与学校联系" in page
    assert "无人能再办理下一步" in page
    awaiting = signed_in(app, "city_admin").get("/enrollments/awaiting").get_data(as_text=True)
    assert "陈晓燕" not in awaiting


def test_the_pages_name_the_roles_as_the_notice_does(make_app):
    """附件 names those who act 各教育局, 各教育学区 and 各中小学校平台管理员: a ruian user reads those
    words for the roles, where the core says 市级管理员, 区县管理员, 学校管理员."""
    app = make_app("ruian", demo=True)
    for username, word, core in (("city_admin", "教育局", "市级管理员"), ("district_admin", "教育学区", "区县管理员"),
                                 ("school_admin", "学校平台管理员", "学校管理员")):
        heading = _heading(signed_in(app, username).get("/admin/"))
        assert word in heading and core not in heading, (username, heading)
    form = signed_in(app, "city_admin").get("/admin/users/new").get_data(as_text=True)
    assert ">教育学区<" in form and ">学校平台管理员<" in form and "区县管理员" not in form
    english = signed_in(app, "district_admin")
    english.post("/locale/en", data={"next": "/"})
    assert "Education zone" in english.get("/admin/").get_data(as_text=True)


def test_a_region_naming_no_role_keeps_the_cores_words(make_app):
    app = make_app("qingdao", demo=True)
    assert "市级管理员" in _heading(signed_in(app, "city_admin").get("/admin/"))


def _heading(response) -> str:
    """The page's heading: the user's name and their roles."""
    return response.get_data(as_text=True).split("<h1>", 1)[1].split("</h1>", 1)[0]
