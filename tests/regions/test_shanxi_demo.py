"""Shanxi's demo offers trainings to select (§二(二) 自主选学): next month, a county training
open to all and one for 初中语文 (§一 分层、分类、分科施训); and a probation training that only
the teacher in her probation year may take (§三(二))."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

import plugins.shanxi as shanxi
from plugins.shanxi import categories as C, demo, periods
from portal import clock
from portal.domain import Activity, Grade, Level, Mode, SchoolStage, TeacherFacts
from portal.extensions import db
from portal.models import Enrollment, Teacher, TrainingProject, User
from portal.services.sql_functions import json_list_has
from tests.support import signed_in


@pytest.mark.parametrize("today", [date(2026, 11, 24), date(2026, 12, 2), date(2027, 1, 1), date(2024, 2, 29),
                                   date(2026, 8, 31), date(2026, 8, 20)])
def test_next_months_trainings_and_the_probation_training_inside_the_probation_year(today):
    everyone, chinese, probation = demo.upcoming(today)
    next_month = (today.replace(day=28) + timedelta(days=4)).replace(day=1)
    for p in (everyone, chinese):
        assert (p.start.year, p.start.month) == (next_month.year, next_month.month) and p.start <= p.end
        assert p.category == C.CENTRALIZED_COUNTY and p.program is None
    assert not everyone.stages and not everyone.subjects
    assert chinese.stages == (SchoolStage.JUNIOR_HIGH,) and chinese.subjects == ("语文",)
    hire = TeacherFacts(entered_post=demo.new_hire(today).entered_post)
    assert probation.program == C.PROBATION and probation.category == C.PROBATION_CENTRALIZED
    period = periods.first_year(hire, today)
    assert today <= probation.start <= probation.end and probation.start in period and probation.end in period
    for p in (everyone, chinese, probation):
        assert p.organiser_code == demo.XIAODIAN and (p.level, p.mode) == (Level.COUNTY, Mode.CENTRALIZED)
        assert 30 <= p.capacity <= 50 and p.description and not p.enrollments
        activity = Activity(level=p.level, mode=p.mode, hours=p.hours, start=p.start, end=p.end, grade=Grade.PASS,
                            program=p.program, topics=p.topics, days=(p.end - p.start).days + 1)
        result = shanxi.portal_convert_activity(activity=activity, on=p.end)
        assert result.category == p.category and result.amount > 0


def test_teachers_select_what_is_open_to_them_and_read_why_not_the_rest(make_app):
    app = make_app("shanxi", demo=True)
    upcoming = demo.upcoming(clock.today())
    with app.app_context():
        everyone, chinese, probation = (
            db.session.scalar(select(TrainingProject.id).where(TrainingProject.name == p.name)) for p in upcoming)
        primary = db.session.scalar(select(User.username).join(Teacher, Teacher.user_id == User.id)
                                    .where(json_list_has(Teacher.stages, "primary")).order_by(User.id))
    teacher = signed_in(app, "teacher")
    catalog = teacher.get("/catalog").get_data(as_text=True)
    assert all(p.name in catalog for p in upcoming)
    assert teacher.post(f"/catalog/{everyone}/select").status_code == 303
    assert teacher.post(f"/catalog/{chinese}/select").status_code == 303  # she teaches 初中语文
    other = signed_in(app, primary)
    assert other.post(f"/catalog/{everyone}/select").status_code == 303  # open to every stage
    assert other.post(f"/catalog/{chinese}/select").status_code == 409
    refused = teacher.post(f"/catalog/{probation}/select")
    page = refused.get_data(as_text=True)
    assert refused.status_code == 409 and "只面向第一学年内的新任教师" in page and "已结束" in page and "三(二)" in page
    assert signed_in(app, demo.NEW_HIRE).post(f"/catalog/{probation}/select").status_code == 303
    with app.app_context():
        taken = {(p, s) for p, s in db.session.execute(select(Enrollment.project_id, Enrollment.status)
                                                      .where(Enrollment.project_id.in_([everyone, chinese,
                                                                                        probation])))}
        assert taken == {(everyone, "enrolled"), (chinese, "enrolled"), (probation, "enrolled")}
        assert db.session.get(TrainingProject, everyone).taken == 2


def test_the_project_form_offers_no_bank_category(make_app):
    """Phone trial: the institution's project form offered 学分借贷（学分银行）, the credit bank's
    category, which no training has: organisers are offered only the categories a project can have,
    and the service refuses the other."""
    import re

    from tests.support import signed_in

    app = make_app("shanxi", demo=True)
    institution = signed_in(app, "institution")
    form = institution.get("/projects/new").get_data(as_text=True)
    select = re.search(r'<select[^>]*name="category"[^>]*>(.*?)</select>', form, re.S).group(1)
    offered = re.findall(r'<option[^>]*value="([^"]*)"', select)
    assert "credit_bank_borrowing" not in offered and "学分借贷" not in select
    assert "centralized_city_up" in offered or "school_based" in offered


def test_a_recognised_self_study_achievement_is_not_listed_as_a_training_of_0_hours(make_app):
    """The county's recognition of self-study achievements (四(四)) credits declared credits
    and has no hours: 我的培训 lists it without "0 学时"."""
    app = make_app("shanxi", demo=True)
    page = signed_in(app, "teacher").get("/me/enrollments").get_data(as_text=True)
    row = page.split("教师自主研修成果认定", 1)[1].split("</li>", 1)[0]
    assert "学时" not in row


def test_a_project_given_a_category_projects_no_longer_take_keeps_it_through_an_edit(make_app):
    """A project saved before the bank's category was withdrawn from projects keeps it when its
    organiser edits something else: the edit form offers it there, and the service accepts it
    unchanged (review of stop 24), while a new project is still refused it."""
    from decimal import Decimal

    from portal.services import projects

    app = make_app("shanxi", demo=True)
    with app.app_context():
        region = app.extensions["portal.region"]
        actor = db.session.scalar(select(User).where(User.username == "institution"))
        unit = projects.organiser_units(actor)[0]
        start = clock.today() + timedelta(days=60)
        data = projects.ProjectInput(name="旧项目", level=Level.CITY, mode=Mode.CENTRALIZED, start=start, end=start,
                                     hours=Decimal(8), category=C.CENTRALIZED_CITY_UP, class_size=30,
                                     description="市级集中培训")
        project = projects.create(region, actor, unit.id, data)
        db.session.execute(db.update(TrainingProject).where(TrainingProject.id == project.id)
                           .values(category=C.BORROWING))
        db.session.commit()
        from dataclasses import replace
        edited = projects.edit(region, actor, project.id, replace(data, name="旧项目（改期说明）", category=C.BORROWING))
        assert (edited.name, edited.category) == ("旧项目（改期说明）", C.BORROWING)
        with pytest.raises(projects.ProjectRefused):
            projects.create(region, actor, unit.id, replace(data, category=C.BORROWING))


def test_topics_read_as_the_notice_names_them_and_are_ticked_not_typed(make_app):
    """三(三) brings 师德教育 and 信息技术应用能力 into the compulsory credits: the catalog named a
    project's topic by its code ("ethics", phone trial) and the project form asked for codes."""
    app = make_app("shanxi", demo=True)
    teacher = signed_in(app, "teacher")
    catalog = teacher.get("/catalog").get_data(as_text=True)
    assert "师德教育" in catalog and ">ethics<" not in catalog
    form = signed_in(app, "district_admin").get("/projects/new").get_data(as_text=True)
    assert 'type="checkbox"' in form and "信息技术应用能力" in form and "专题代码" not in form
