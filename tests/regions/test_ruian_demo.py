"""Ruian's demo offers the term's menu while round 1 is open (§四(二), §附件 进程表): trainings
held in the training phase, declared by the institution with their base credits (§二), one of
them a 90-credit centralized training for a layer; the teachers select them themselves."""
from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

import plugins.ruian as ruian
from plugins.ruian import demo, parameters as P
from portal import clock
from portal.domain import Activity, Grade, Mode
from portal.domain.selection import calendar_phase
from portal.extensions import db
from portal.models import Enrollment, Teacher, TrainingProject, User
from portal.services.sql_functions import json_list_has
from tests.support import signed_in


@pytest.mark.parametrize("today", [date(2026, 11, 23), date(2027, 1, 1), date(2030, 12, 31), date(2024, 2, 29)])
def test_the_menu_is_held_in_the_training_phase_and_selectable_in_round_one(today):
    calendar = demo.demo_calendar(today)
    assert calendar_phase(calendar, P.ROUND1).open_on(today)
    training = calendar_phase(calendar, "training")
    upcoming = demo.upcoming(today)
    assert 2 <= len(upcoming) <= 3
    for p in upcoming:
        assert training.start <= p.start <= p.end <= training.end and not p.enrollments
        assert p.organiser_code == demo.INSTITUTION and 30 <= p.capacity <= 50 and p.description
        assert all(getattr(p, f) for f in ruian.enrollment.PROJECT_REQUIRED)  # base credits (§二)
        result = ruian.portal_convert_activity(activity=Activity(
            level=p.level, mode=p.mode, hours=p.hours, start=p.start, end=p.end, grade=Grade.PASS,
            program=p.program, base_credits=p.base_credits), on=p.end)
        assert (result.amount, result.category) == (p.base_credits, p.category)
    ninety = [p for p in upcoming if p.category == P.CATEGORY_CENTRALIZED_90]
    assert len(ninety) == 1 and ninety[0].mode is Mode.CENTRALIZED and ninety[0].layer
    assert ninety[0].program == P.PROGRAM_RESTRICTED_ELECTIVE_90
    assert ninety[0].layer == demo.demo_teacher(today).layer  # the demo teacher's layer and category


def test_teachers_select_the_menu_in_round_one(make_app):
    app = make_app("ruian", demo=True)
    upcoming = demo.upcoming(clock.today())
    with app.app_context():
        ids = [db.session.scalar(select(TrainingProject.id).where(TrainingProject.name == p.name)) for p in upcoming]
        colleague = db.session.scalar(select(User.username).join(Teacher, Teacher.user_id == User.id)
                                      .where(json_list_has(Teacher.stages, "junior_high")).order_by(User.id))
    stages = demo.demo_teacher(clock.today()).stages
    other_stage = next(i for i, p in zip(ids, upcoming) if p.stages and not set(p.stages) & set(stages))
    teacher = signed_in(app, "teacher")
    catalog = teacher.get("/catalog").get_data(as_text=True)
    assert all(p.name in catalog for p in upcoming)
    # for another stage and subject: said, not refused (§二 偏差性), and the school reviews it
    page = teacher.get(f"/catalog/{other_stage}").get_data(as_text=True)
    assert "允许偏差" in page and 'class="missing' not in page
    for project_id in ids:
        assert teacher.post(f"/catalog/{project_id}/select").status_code == 303
    assert signed_in(app, colleague).post(f"/catalog/{other_stage}/select").status_code == 303
    with app.app_context():
        rows = db.session.execute(select(Enrollment.project_id, Enrollment.status, Enrollment.phase)
                                  .where(Enrollment.project_id.in_(ids))).all()
    assert sorted(rows) == sorted([(i, "selected", P.ROUND1) for i in ids] + [(other_stage, "selected", P.ROUND1)])


def test_the_schools_layer_matching_rate_moves_as_its_teachers_select(make_app):
    """§二: the rate of 90+ credit choices matching the teacher's layer, on the school's
    overview while round 1 runs."""
    app = make_app("ruian", demo=True)
    first = demo.upcoming(clock.today())[0]
    with app.app_context():
        project_id = db.session.scalar(select(TrainingProject.id).where(TrainingProject.name == first.name))
        mismatched = db.session.scalar(
            select(User.username).join(Teacher, Teacher.user_id == User.id)
            .where(Teacher.layer != first.layer, Teacher.layer.is_not(None),
                   Teacher.school_id == select(Teacher.school_id).join(User, Teacher.user_id == User.id)
                   .where(User.username == "teacher").scalar_subquery()).order_by(User.id))
    school = signed_in(app, "school_admin")
    title = f"{first.start.year} 年 90 学分及以上项目分层分类匹配率"

    def rate() -> tuple[str, int, int]:
        """The card's rate, and its choices and matched choices (none yet, or no card: 0 and 0)."""
        page = school.get("/admin/").get_data(as_text=True)
        card = re.search(re.escape(title) + r".*?<strong[^>]*>([^<]*)</strong>(.*?)</article>", page, re.S)
        if card is None:
            return "", 0, 0
        counts = re.search(r"选课 (\d+) 人次，按分层分类匹配 (\d+) 人次", card.group(2))
        return card.group(1).strip(), *(map(int, counts.groups()) if counts else (0, 0))

    _, chosen, matched = rate()  # in January the year's trainings done already count
    assert signed_in(app, "teacher").post(f"/catalog/{project_id}/select").status_code == 303  # a 骨干教师, as the project
    shown, *counts = rate()
    assert counts == [chosen + 1, matched + 1]
    if not chosen:
        assert shown == "100%"
    assert signed_in(app, mismatched).post(f"/catalog/{project_id}/select").status_code == 303
    shown, *counts = rate()
    assert counts == [chosen + 2, matched + 1]
    if not chosen:
        assert shown == "50%"


def test_the_city_finds_a_declared_project_waiting_for_its_review(make_app):
    """附件 第2项: the demo's institution has declared one more project; the city's reviewer
    finds it on their home page and in the projects list, and teachers do not see it yet."""
    app = make_app("ruian", demo=True)
    declared = demo.awaiting_review(clock.today())
    city = signed_in(app, "city_admin")
    home = city.get("/admin/").get_data(as_text=True)
    assert re.search(r"待您处理的培训项目</h2><p class=\"figure\"><strong>1</strong>", home)
    assert declared.name in city.get("/projects").get_data(as_text=True)
    assert declared.name not in signed_in(app, "teacher").get("/catalog").get_data(as_text=True)


def test_a_school_based_project_reads_the_notices_word_on_its_pages_as_on_its_form(make_app):
    """A trial's school admin created a 校（园）本培训 project on the form (the notice's word, §一、§三)
    and its page read 校级 · 校本研修, the core's word; the teacher's page of it too."""
    app = make_app("ruian", demo=True)
    with app.app_context():
        project_id = db.session.scalar(select(TrainingProject.id).where(TrainingProject.mode == Mode.SCHOOL_BASED.value))
    school = signed_in(app, "school_admin")
    form = school.get("/projects/new").get_data(as_text=True)
    assert re.search(r'<option value="school_based"[^>]*>校（园）本培训</option>', form), form
    page = school.get(f"/projects/{project_id}").get_data(as_text=True)
    assert "校级 · 校（园）本培训" in page and "· 校本研修</dd>" not in page
    shown = signed_in(app, "teacher").get(f"/catalog/{project_id}").get_data(as_text=True)
    assert "校级 · 校（园）本培训" in shown, shown
