"""Defects a phone trial of the ruian demo found (a choice waiting for the school's review window,
退选 missing from the project page, a stage or subject mismatch shown with a green tick and
suggested), each pinned by a test that failed before its fix."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from sqlalchemy import select

from portal import clock
from portal.domain import Finding
from portal.extensions import db
from portal.models import Enrollment, TrainingProject, User
from portal.services import calendar
from tests.support import signed_in

# the demo's term menu: the first is the demo teacher's (primary 语文 骨干教师), the third junior-high mathematics
MATCHING = "小学语文骨干教师分层分类培训"
MISMATCHED = "初中数学大概念单元教学专题培训"
REVIEW_1 = "round1_school_review"


def _project_id(app, words: str) -> int:
    with app.app_context():
        return db.session.scalar(select(TrainingProject.id).where(TrainingProject.name.contains(words)))


def _phase(app, kind: str):
    with app.app_context():
        return next(p for p in calendar.kept() if p.kind == kind)


def _move_phase(app, kind: str, start: date, end: date | None = None, **more: tuple[date, date]) -> None:
    """The bureau moves phases of its calendar (as on the 选课进程 page): ``kind`` and those of ``more``."""
    dates = {kind: (start, end), **more}
    with app.app_context():
        region = app.extensions["portal.region"]
        city = db.session.scalar(select(User).where(User.username == "city_admin"))
        moved = tuple(replace(p, start=dates[p.kind][0], end=dates[p.kind][1] or p.end) if p.kind in dates else p
                      for p in calendar.kept())
        calendar.save(region, city, moved)


def _decision(page: str) -> str:
    return page.split('id="decision"')[1].split("</section>")[0]


# 1. A choice waiting for the school's review window: nobody's list, no date for the teacher --------


def test_the_teacher_reads_when_the_schools_review_of_their_choice_opens(make_app):
    app = make_app("ruian", demo=True)  # round 1 is open today; its school review opens in four days
    project_id = _project_id(app, MATCHING)
    teacher = signed_in(app, "teacher")
    assert teacher.post(f"/catalog/{project_id}/select").status_code == 303
    review = _phase(app, REVIEW_1)
    assert review.start > clock.today()
    opens = f"{review.start.isoformat()} 起开始审核"
    for page in (_decision(teacher.get(f"/catalog/{project_id}").get_data(as_text=True)),
                 teacher.get("/me/enrollments").get_data(as_text=True)):
        assert "已选课，待学校审核" in page
        assert "下一步由校长或学校平台管理员办理，现在还不能办理" in page
        assert opens in page and "由学校在“校长对第一轮选课进行审核”的时间" in page
    # the bureau moves the review: the teacher reads its dates, not the annex's
    later_day = (review.start + timedelta(days=2)).isoformat()
    _move_phase(app, REVIEW_1, review.start + timedelta(days=2))
    page = teacher.get("/me/enrollments").get_data(as_text=True)
    assert f"{later_day} 起开始审核" in page and opens not in page
    # nobody's list holds it while the window is closed (nobody can act on it yet), but the
    # school's reviewers read below their list what will wait for them, and from when
    for reviewer in ("principal", "school_admin"):
        awaiting = signed_in(app, reviewer).get("/enrollments/awaiting").get_data(as_text=True)
        assert "暂无待办" in awaiting
        later = awaiting.split("<h2>现在还不能办理</h2>")[1]
        assert "另有 1 条选课将等待您处理" in later and f"{later_day} 起开始审核" in later
    teacher.post("/locale/en", data={"next": "/"})
    english = teacher.get("/me/enrollments").get_data(as_text=True)
    assert "Waiting for: Principal or School platform admin; not possible yet" in english
    assert f"the review opens on {later_day}" in english


def test_once_the_review_window_opens_the_choice_waits_in_the_schools_list(make_app):
    app = make_app("ruian", demo=True)
    project_id = _project_id(app, MATCHING)
    teacher = signed_in(app, "teacher")
    assert teacher.post(f"/catalog/{project_id}/select").status_code == 303
    _move_phase(app, REVIEW_1, clock.today())  # the bureau opens the school's review today
    for reviewer in ("principal", "school_admin"):
        awaiting = signed_in(app, reviewer).get("/enrollments/awaiting").get_data(as_text=True)
        assert "陈晓燕" in awaiting and "学校审核通过" in awaiting
    page = _decision(teacher.get(f"/catalog/{project_id}").get_data(as_text=True))
    assert "下一步由校长或学校平台管理员办理。" in page and "现在还不能" not in page


def test_a_passed_review_window_is_never_shown_as_not_yet(make_app):
    """Its round's review window over, the school can no longer review the choice: neither the
    principal nor the teacher is shown the step as "not yet" (nor the teacher told to wait for it)."""
    app = make_app("ruian", demo=True)
    project_id = _project_id(app, MATCHING)
    teacher = signed_in(app, "teacher")
    assert teacher.post(f"/catalog/{project_id}/select").status_code == 303
    yesterday = clock.today() - timedelta(days=1)
    round1 = _phase(app, "round1_selection")  # round 1 and its review both over yesterday
    _move_phase(app, REVIEW_1, round1.start, yesterday, round1_selection=(round1.start, yesterday))
    principal = signed_in(app, "principal").get(f"/projects/{project_id}/class").get_data(as_text=True)
    assert "已选课，待学校审核" in principal and "暂不能" not in principal
    page = teacher.get("/me/enrollments").get_data(as_text=True)
    assert "已选课，待学校审核" in page and "暂不能" not in page
    # not told to wait for the school, which can no longer review it (what now happens:
    # tests/test_ruian_trial8.py)
    assert "下一步由校长" not in page and "学校未审核，不能再审核" in page


# 2. 退选 was not on the project page ------------------------------------------------------------


def test_the_project_page_offers_the_teacher_withdrawal_with_a_confirmation(make_app):
    app = make_app("ruian", demo=True)
    project_id = _project_id(app, MATCHING)
    teacher = signed_in(app, "teacher")
    assert teacher.post(f"/catalog/{project_id}/select").status_code == 303
    with app.app_context():
        enrollment_id = db.session.scalar(select(Enrollment.id).where(Enrollment.project_id == project_id))
    decision = _decision(teacher.get(f"/catalog/{project_id}").get_data(as_text=True))
    # a step that ends the selection is a second tap: the summary opens the confirmation
    assert re.search(r'<details><summary class="button secondary">退选</summary>', decision)
    assert "确认：退选" in decision and f"/enrollments/{enrollment_id}/moves" in decision
    assert 'name="target" value="withdrawn"' in decision
    assert "确认：退选" in teacher.get("/me/enrollments").get_data(as_text=True)  # and in my trainings
    back = f"/catalog/{project_id}"
    done = teacher.post(f"/enrollments/{enrollment_id}/moves",
                        data={"target": "withdrawn", "state": "selected", "next": back})
    assert done.status_code == 303 and done.headers["Location"].endswith(back)
    with app.app_context():
        assert db.session.get(Enrollment, enrollment_id).status == "withdrawn"
    again = teacher.get(back).get_data(as_text=True)
    assert "已退选" in again and "选择该培训" in again  # chosen again in the round


def test_after_its_round_the_teacher_is_not_shown_withdrawal_as_not_yet(make_app):
    app = make_app("ruian", demo=True)
    project_id = _project_id(app, MATCHING)
    teacher = signed_in(app, "teacher")
    assert teacher.post(f"/catalog/{project_id}/select").status_code == 303
    round1 = _phase(app, "round1_selection")
    _move_phase(app, "round1_selection", round1.start, clock.today() - timedelta(days=1))
    for page in (_decision(teacher.get(f"/catalog/{project_id}").get_data(as_text=True)),
                 teacher.get("/me/enrollments").get_data(as_text=True)):
        assert "退选" not in page  # neither offered nor "not yet": the round will not open again


# 3. A stage or subject mismatch read as a green tick, and was suggested ----------------------------


def test_a_stage_or_subject_mismatch_reads_as_a_caution_not_a_tick(make_app):
    app = make_app("ruian", demo=True)
    page = signed_in(app, "teacher").get(f"/catalog/{_project_id(app, MISMATCHED)}").get_data(as_text=True)
    items = re.findall(r'<li class="(\w+)">\s*<span class="mark" aria-hidden="true">(.)</span>([^<]*)', page)
    said = {text.split("：")[0].strip(): (kind, mark) for kind, mark, text in items}
    assert said["项目面向的学段与您任教的学段不同"] == ("caution", "!")
    assert said["项目面向的学科与您任教的学科不同"] == ("caution", "!")
    assert said["教师本人选课"] == ("ok", "✓")
    import base64

    auth = {"Authorization": "Basic " + base64.b64encode(b"teacher:demo12345").decode()}
    detail = app.test_client().get(f"/api/projects/{_project_id(app, MISMATCHED)}", headers=auth).get_json()
    stage = next(f for f in detail["findings"] if f["code"] == "selection_stage")
    assert stage["ok"] is True and stage["caution"] is True


def test_the_duties_page_suggests_no_mismatched_training_where_a_matching_one_helps(make_app):
    app = make_app("ruian", demo=True)
    teacher = signed_in(app, "teacher")
    suggested = teacher.get("/me/compliance/trainings").get_data(as_text=True)
    assert MATCHING in suggested
    assert MISMATCHED not in suggested  # it fills the same duty as the teacher's own stage's trainings


def test_a_mismatched_training_suggested_alone_says_the_mismatch(make_app):
    app = make_app("ruian", demo=True)
    with app.app_context():  # the only trainings ahead are the mismatched one
        for project in db.session.scalars(select(TrainingProject).where(~TrainingProject.name.contains(MISMATCHED))):
            if project.start_date > clock.today():
                project.status = "draft"
        db.session.commit()
    suggested = signed_in(app, "teacher").get("/me/compliance/trainings").get_data(as_text=True)
    assert MISMATCHED in suggested
    assert 'class="note caution"' in suggested and "项目面向的学段与您任教的学段不同" in suggested


def test_a_caution_is_said_in_the_findings_json():
    assert Finding("x", True, None, None, "m", "s", caution=True).as_json()["caution"] is True
    assert "caution" not in Finding("x", True, None, None, "m", "s").as_json()


def test_the_teacher_is_not_told_to_wait_for_a_step_never_taken_on_their_training(make_app):
    """qingdao: a finished training waits for the teacher's evaluation; the institution's step
    from that state is not the institution's on a training the district runs (谁举办谁登记):
    the teacher reads why their own step waits, and is not told to wait for the institution."""
    from portal.models import Teacher
    from portal.services import training
    from tests.support import city_project

    app = make_app("qingdao", demo=True)
    project_id = city_project(app, name="个性化培训", start_date=clock.today() - timedelta(days=3),
                              end_date=clock.today() - timedelta(days=2), year=clock.today().year)
    with app.app_context():
        region = app.extensions["portal.region"]
        teacher = db.session.scalar(select(Teacher).join(User, Teacher.user_id == User.id)
                                    .where(User.username == "teacher"))
        enrolled = training.enroll(region, None, db.session.get(TrainingProject, project_id), teacher)
        enrolled.status = "finished"
        db.session.commit()
    page = signed_in(app, "teacher").get("/me/enrollments").get_data(as_text=True)
    card = page.split("个性化培训")[1].split("</li>")[0]
    assert "提交培训评价" in card
    assert "下一步" not in card  # nor told to wait for the institution, whose step is not on this project


def test_a_teacher_shut_out_of_round_2_reads_why_no_training_is_suggested(make_app):
    """§四(二) 凡第一轮未选课…不能参加第二轮补报选课: a phone trial's teacher with no round-1
    choice read on the duties page that no training with a seat left would help, while the
    catalog listed several with seats; it now says that they may not select now, and why."""
    app = make_app("ruian", demo=True)
    d = clock.today()
    day = timedelta(days=1)
    _move_phase(app, "round1_selection", d - 5 * day, d - 3 * day,
                round1_school_review=(d - 4 * day, d - day), class_expansion_request=(d - 2 * day, d - 2 * day),
                class_expansion_decision=(d - day, d - day), round1_institution_recheck=(d - day, d - day),
                round2_selection=(d, d + day), round2_school_review=(d + day, d + 2 * day),
                round2_institution_recheck=(d + 3 * day, d + 4 * day))
    with app.app_context():
        phase = {p.kind: p for p in calendar.kept()}["round2_selection"]
        assert phase.start == d
    suggested = signed_in(app, "teacher").get("/me/compliance/trainings").get_data(as_text=True)
    assert MATCHING not in suggested
    assert "没有尚有名额" not in suggested
    assert "但您现在不能选课" in suggested and "第一轮未选课，不能参加第二轮补报选课" in suggested
    assert "四(二)" in suggested  # the clause
