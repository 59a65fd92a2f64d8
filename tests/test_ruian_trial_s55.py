"""Small defects a trial of the ruian demo found, each pinned by a test that failed before its
fix: the bureau deciding an institution's class expansion (扩班) read only 已处理。"""
from __future__ import annotations

from tests.support import signed_in
from tests.test_ruian_trial7 import MATCHING, _project_id


def _expansion_open_today(app) -> None:
    """The bureau opens both class-expansion phases of its calendar today (附件 第3项)."""
    from portal import clock
    from portal.services import calendar as calendar_service

    with app.app_context():
        today = clock.today()
        calendar_service.save(app.extensions["portal.region"], None, [
            p if p.kind not in ("class_expansion_request", "class_expansion_decision")
            else type(p)(p.kind, p.label, today, today, p.actors, p.source) for p in calendar_service.kept()])


def _flash(response) -> str:
    return response.get_data(as_text=True).split('class="flash success"')[1].split("</p>")[0]


# 1. The bureau's decision on a class expansion read only 已处理。 --------------------------------


def test_the_bureau_reads_what_it_decided_of_which_training(make_app):
    from portal.extensions import db
    from portal.models import TrainingProject

    app = make_app("ruian", demo=True)
    _expansion_open_today(app)
    project_id = _project_id(app, MATCHING)
    with app.app_context():
        name, classes = (lambda p: (p.name, p.classes))(db.session.get(TrainingProject, project_id))
    institution, city = signed_in(app, "institution"), signed_in(app, "city_admin")
    institution.post(f"/projects/{project_id}/classes", data={"classes": "2", "reason": "第一轮审核通过人数超过班额"})
    granted = _flash(city.post(f"/projects/{project_id}/classes", data={"decision": "grant", "note": ""},
                               follow_redirects=True))
    assert name in granted and f"已同意增加 2 个班，现共 {classes + 2} 个班" in granted and "已处理" not in granted
    institution.post(f"/projects/{project_id}/classes", data={"classes": "1", "reason": "仍有教师等待名额"})
    city.post("/locale/en")
    refused = _flash(city.post(f"/projects/{project_id}/classes", data={"decision": "refuse", "note": "场地不足"},
                               follow_redirects=True))
    assert name in refused and "The request for 1 more class was refused." in refused


# 3. The institution's own class list told it to ask the training institution for the notice ------


def test_the_notice_sent_is_told_to_each_reader_in_their_own_words(make_app):
    """附件 第3项: the institution sends the training notice (培训机构受理复核、发放培训通知). Once it is
    sent, the teacher reads to ask the institution if it did not come; the institution, on its own
    class list, read the same, of a notice it had sent itself; the school reads it of its teacher."""
    from dataclasses import replace
    from datetime import timedelta

    from portal import clock
    from portal.extensions import db
    from portal.models import TrainingProject
    from portal.services import calendar
    from tests.test_ruian_recheck_notice import rechecked

    app = make_app("ruian", demo=True)
    project_id, teacher, school, _enrollment_id = rechecked(app)
    # the term moves back whole, the training with it, until round 2's recheck ended yesterday
    with app.app_context():
        notice = next(p for p in calendar.kept() if p.kind == "round2_institution_recheck")
        back = notice.end - (clock.today() - timedelta(days=1))
        calendar.keep(None, [replace(p, start=p.start - back, end=p.end - back) for p in calendar.kept()])
        project = db.session.get(TrainingProject, project_id)
        project.start_date, project.end_date = project.start_date - back, project.end_date - back
        db.session.commit()
    sent = "按进程表，培训通知已在“培训机构受理复核、发放培训通知”时（"
    own = teacher.get("/me/enrollments").get_data(as_text=True)
    assert sent in own and "）发放；未收到的请与培训机构联系" in own
    institution = signed_in(app, "institution").get(f"/projects/{project_id}/class").get_data(as_text=True)
    assert sent in institution and "与培训机构联系" not in institution
    by_school = school.get(f"/projects/{project_id}/class").get_data(as_text=True)
    assert sent in by_school and "）发放；教师未收到的，请与培训机构联系" in by_school
    english = signed_in(app, "institution")
    english.post("/locale/en")
    page = english.get(f"/projects/{project_id}/class").get_data(as_text=True)
    assert "the training notice was sent during" in page and "ask the training institution" not in page


# 2. A choice nobody can review any more read 已选课，待学校审核 beside 无人能再办理下一步 ------------


def test_a_choice_nobody_can_review_any_more_does_not_say_it_awaits_the_schools_review(make_app):
    """附件 第3项: the school reviews in its window; past it, the late reviewer the setting names
    until the round's recheck closes. Past both, the state said it still awaited the school."""
    from tests.test_ruian_trial7 import _decision
    from tests.test_ruian_trial8 import _unreviewed

    app = make_app("ruian", demo=True)
    project_id, teacher = _unreviewed(app, recheck_passed=True)
    teacher.get("/", follow_redirects=True)  # the selection's own flash, said when it was made (已选课，待学校审核), read
    for page in (teacher.get("/me/enrollments").get_data(as_text=True),
                 _decision(teacher.get(f"/catalog/{project_id}").get_data(as_text=True))):
        assert "已选课，待学校审核" not in page and "已选课，学校未在审核时间内审核" in page
        assert "学校未审核，不能再审核" in page and "无人能再办理下一步" in page
    for admin in ("school_admin", "city_admin"):
        # past the state filter (its options name the states as such)
        roster = signed_in(app, admin).get(f"/projects/{project_id}/class").get_data(as_text=True).split("</select>")[-1]
        assert "已选课，待学校审核" not in roster and "已选课，学校未在审核时间内审核" in roster, admin
    teacher.post("/locale/en", data={"next": "/"})
    english = teacher.get("/me/enrollments").get_data(as_text=True)
    assert "awaiting the school" not in english and "the school did not review it in its review window" in english
