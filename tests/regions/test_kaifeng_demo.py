"""Kaifeng's demo publishes the next training's two all-staff projects, their deadline still
ahead: the admins submit their teachers to them, and a teacher who tries to enrol herself
reads why she cannot (kaifeng-2018-online-training.txt §四(二)1)."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from plugins.kaifeng import demo, enrollment, parameters as P
from portal import clock
from portal.domain import Level, Mode
from portal.extensions import db
from portal.models import Enrollment, OrgUnit, Teacher, TrainingProject, User
from tests.support import signed_in


@pytest.mark.parametrize("today, year", [
    (date(2026, 6, 1), 2027),
    (date(2026, 12, 20), 2027),  # the deadline's own day: still open
    (date(2026, 12, 21), 2028),  # next year's has closed: the one after
    (date(2027, 2, 15), 2028),  # this year's training is running
])
def test_the_next_trainings_projects_have_their_deadline_ahead(today, year):
    jpk, high = demo.upcoming(today)
    assert (jpk.program, high.program) == ("all_staff_jpk", "all_staff_high")
    for p in (jpk, high):
        assert (p.start, p.end) == enrollment.training_period(year)  # January to April (§四(二)2)
        assert today <= enrollment.enrollment_deadline(p.start) < p.start
        assert (p.level, p.mode) == (Level.CITY, Mode.ONLINE)
        assert p.assessment_weights == demo.WEIGHTS[p.program] and p.hours == P.PROGRAM_HOURS.at(p.start)
        assert set(p.stages) == P.PROGRAMS[p.program].stages and p.fee == 0 and not p.enrollments
        assert 30 <= p.capacity <= 50 and "12月20日" in p.description
    # §四(一): 高中学段的培训工作由陕西师范大学承担；初中、小学、幼儿园等学段的培训工作由中国教师教育网承担
    assert (jpk.organiser_code, high.organiser_code) == (demo.INSTITUTION, demo.SENIOR_INSTITUTION)


def test_the_junior_and_primary_project_is_run_by_the_institution_the_notice_names(make_app):
    """§四(一) and §五(五) name 中国教师教育网: the demo's institution bears that name, not one made
    up, and runs the city's junior, primary and kindergarten project (every year's; a county's
    own, §二(三) 县区自行组织, stays the county's); 陕西师范大学 runs the senior high one."""
    notice = (Path(demo.__file__).parent / "documents" / "kaifeng-2018-online-training.txt").read_text("utf-8")
    assert "初中、小学、幼儿园等学段的培训工作由中国教师教育网承担" in notice
    app = make_app("kaifeng", demo=True)
    with app.app_context():
        institution = db.session.scalar(select(OrgUnit).where(OrgUnit.code == demo.INSTITUTION))
        assert institution.name == "中国教师教育网"
        runs = db.session.execute(select(TrainingProject.program, OrgUnit.code)
                                  .join(OrgUnit, TrainingProject.organiser_id == OrgUnit.id)
                                  .where(TrainingProject.program.in_(("all_staff_jpk", "all_staff_high")),
                                         TrainingProject.level == Level.CITY.value)).all()
        assert {code for program, code in runs if program == "all_staff_jpk"} == {demo.INSTITUTION}
        assert {code for program, code in runs if program == "all_staff_high"} == {demo.SENIOR_INSTITUTION}
        staff = db.session.scalar(select(User).where(User.username == "institution"))
        assert staff.display_name == "吴海峰（中国教师教育网）"
        senior = db.session.scalar(select(OrgUnit).where(OrgUnit.code == demo.SENIOR_INSTITUTION))
        assert senior.name == "陕西师范大学" and "高中学段的培训工作由陕西师范大学承担" in notice


def test_a_teacher_is_refused_and_her_school_admin_submits_her(make_app):
    app = make_app("kaifeng", demo=True)
    upcoming = demo.upcoming(clock.today())
    with app.app_context():
        jpk, high = (db.session.scalar(select(TrainingProject.id).where(TrainingProject.name == p.name))
                     for p in upcoming)
        teacher_id = db.session.scalar(select(Teacher.id).join(User, Teacher.user_id == User.id)
                                       .where(User.username == "teacher"))
    teacher = signed_in(app, "teacher")
    catalog = teacher.get("/catalog").get_data(as_text=True)
    assert all(p.name in catalog for p in upcoming)
    refused = teacher.post(f"/catalog/{jpk}/select")
    page = refused.get_data(as_text=True)
    assert refused.status_code == 409 and "教师不能自行报名" in page and "四(二)1" in page

    school = signed_in(app, "school_admin")
    assert str(teacher_id) in re.findall(r'name="teacher" value="(\d+)"', school.get(f"/projects/{jpk}/enrol")
                                         .get_data(as_text=True))
    assert school.post(f"/projects/{jpk}/enrol", data={"teacher": [str(teacher_id)]}).status_code == 303
    wrong = school.post(f"/projects/{high}/enrol", data={"teacher": [str(teacher_id)]})  # a primary teacher
    assert wrong.status_code == 409 and "任教学段不符" in wrong.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(Enrollment.project_id).where(Enrollment.teacher_id == teacher_id,
                                                                      Enrollment.project_id.in_([jpk, high]))
                                  ).all() == [jpk]


def test_a_school_the_city_runs_itself_has_its_projects_reviewed_by_the_city(make_app):
    """§五(一): the department of the project's level reviews it; a 局属 school has no district
    above it, so its school-level project goes to the city's department."""
    from datetime import timedelta
    from decimal import Decimal

    from portal.domain import OrgKind, UserRole
    from portal.models import OrgUnit
    from portal.services import orgs, projects, training

    app = make_app("kaifeng", demo=True)
    region = app.extensions["portal.region"]
    with app.app_context():
        city = db.session.scalar(select(OrgUnit).where(OrgUnit.kind == "city"))
        district_school = db.session.scalar(select(OrgUnit).join(Teacher, Teacher.school_id == OrgUnit.id)
                                            .join(User, Teacher.user_id == User.id).where(User.username == "teacher"))
        city_school = orgs.add_unit(city, OrgKind.SCHOOL, "ju-shu", "开封市局属实验中学")
        start = clock.today() + timedelta(days=30)
        found = {}
        for school in (district_school, city_school):
            project = training.add_project(None, school, name=f"{school.name}校本研修", level="school",
                                           mode="school_based", start_date=start, end_date=start, year=start.year,
                                           hours=Decimal(6), status="draft")
            found[school.code] = projects.reviewer_role(region, project)
        assert found == {district_school.code: UserRole.DISTRICT_ADMIN, "ju-shu": UserRole.CITY_ADMIN}
        db.session.rollback()


def test_a_withdrawn_submission_waits_for_nobody(make_app):
    """Withdrawn is where the admin left it: no selection stands and nothing is due on it, so
    neither the school's nor the district's awaiting list (nor the home's count) holds it;
    submitting the teacher again stays possible from the enrollment itself."""
    from portal.services import enrollments
    from portal.services.enrollments import MoveInput

    app = make_app("kaifeng", demo=True)
    region = app.extensions["portal.region"]
    jpk = demo.upcoming(clock.today())[0]
    with app.app_context():
        project_id = db.session.scalar(select(TrainingProject.id).where(TrainingProject.name == jpk.name))
        teacher_id = db.session.scalar(select(Teacher.id).join(User, Teacher.user_id == User.id)
                                       .where(User.username == "teacher"))
        school = db.session.scalar(select(User).where(User.username == "school_admin"))
        district = db.session.scalar(select(User).where(User.username == "district_admin"))
        before = {u: enrollments.awaiting_count(region, u) for u in (school, district)}
        submitted = enrollments.select_project(region, school, project_id, teacher_id)
        enrollments.move(region, school, submitted.id, "withdrawn", MoveInput(reason="名单报错"))
        assert db.session.get(Enrollment, submitted.id).status == "withdrawn"
        for user in (school, district):
            assert enrollments.awaiting_count(region, user) == before[user]
            assert submitted.id not in {r.enrollment.id for r in enrollments.awaiting_page(region, user, 1, 500).items}
        row = enrollments.enrollment_row(region, school, submitted.id)
        assert "enrolled" in {t.target for t in row.moves}                  # 重新提交报名 still offered there


def test_a_failed_composite_assessment_reads_as_not_passed_with_no_hours_registered(make_app):
    """§三(五): only a pass registers the hours. A failed teacher's training reads 未通过考核, not
    已考核 · 35 学时, and her 0-hour entry says no hours were registered, not 学时已登记."""
    app = make_app("kaifeng", demo=True)
    with app.app_context():
        failed = db.session.scalars(select(Enrollment).where(Enrollment.grade == "fail")).first()
        username = db.session.scalar(select(User.username).join(Teacher, Teacher.user_id == User.id)
                                     .where(Teacher.id == failed.teacher_id))
        project_id, hours = failed.project_id, failed.attended_hours
    teacher = signed_in(app, username)
    mine = teacher.get("/me/enrollments").get_data(as_text=True)
    assert "已考核：未通过考核" in mine
    ledger = teacher.get("/me/ledger").get_data(as_text=True)
    assert "未通过考核，未登记学时" in ledger
    entry = ledger[ledger.index("未通过考核，未登记学时") - 600:ledger.index("未通过考核，未登记学时")]
    assert "0 学时" in entry and "学时已登记" not in entry
    class_list = signed_in(app, "city_admin").get(f"/projects/{project_id}/class").get_data(as_text=True)
    assert "已考核：未通过考核 · 参训 " in class_list and hours is not None


def test_the_bulk_list_offers_only_teachers_the_projects_checks_accept(make_app):
    """批量报名: a primary teacher is not offered for the senior high project (§四(二)1 根据参训
    教师的任教学段选择不同的项目); the list says why before anything is submitted, and offers
    her for the project of her stage."""
    app = make_app("kaifeng", demo=True)
    jpk, high = demo.upcoming(clock.today())
    with app.app_context():
        ids = {p.program: db.session.scalar(select(TrainingProject.id).where(TrainingProject.name == p.name))
               for p in (jpk, high)}
        teacher_id = db.session.scalar(select(Teacher.id).join(User, Teacher.user_id == User.id)
                                       .where(User.username == "teacher"))
    district = signed_in(app, "district_admin")
    offered = lambda page: set(re.findall(r'name="teacher" value="(\d+)"', page))  # noqa: E731
    wrong = district.get(f"/projects/{ids['all_staff_high']}/enrol?q=李静").get_data(as_text=True)
    assert str(teacher_id) not in offered(wrong)
    # refused for good (another stage's all-staff training): 不能参加此培训, not 现在不能报名 as if it might lift
    assert "位教师不能参加此培训" in wrong and "任教学段不符" in wrong and "四(二)1" in wrong
    right = district.get(f"/projects/{ids['all_staff_jpk']}/enrol?q=李静").get_data(as_text=True)
    assert str(teacher_id) in offered(right) and "任教学段不符" not in right


def test_a_teacher_is_told_her_school_submits_her_and_is_not_offered_the_selection_calendar(make_app):
    """§四(二)1: the admins submit teachers. A training suggested on the duties page says so
    (a teacher cannot select it herself), and the teacher's menu has no selection calendar
    (选课进程), whose phases she does not act on; the school's admin keeps it."""
    app = make_app("kaifeng", demo=True)
    with app.app_context():
        newest = db.session.scalar(select(User.username).join(Teacher, Teacher.user_id == User.id)
                                   .order_by(Teacher.entered_post.desc(), Teacher.id.desc()))
    teacher = signed_in(app, newest)                                    # in post since September: hours to fill
    fragment = teacher.get("/me/compliance/trainings", headers={"HX-Request": "true"}).get_data(as_text=True)
    # her school records no qualification certificate yet (§二(一)): she reads why she is not submitted
    assert "但目前不能为您报名" in fragment and "未持有教师资格证书" in fragment and "二(一)" in fragment
    with app.app_context():
        hire_id = db.session.scalar(select(Teacher.id).join(User, Teacher.user_id == User.id)
                                    .where(User.username == newest))
    school = signed_in(app, "school_admin")
    recorded = school.get(f"/admin/teachers/{hire_id}/facts").get_data(as_text=True)
    facts = dict(re.findall(r'name="([a-z_]+)"[^>]*value="([^"]*)"', recorded))
    assert school.post(f"/admin/teachers/{hire_id}/facts", data={**facts, "qualified": "yes"}).status_code == 302
    fragment = teacher.get("/me/compliance/trainings", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "继续教育全员培训" in fragment                                 # the next all-staff training is suggested
    assert "教师不能自行报名：由您所在学校或区教育局的系统管理员提交报名" in fragment
    assert "<button" not in fragment
    assert "/calendar" not in teacher.get("/me/").get_data(as_text=True)
    assert "/calendar" in signed_in(app, "school_admin").get("/admin/").get_data(as_text=True)


def test_a_composite_failed_from_its_part_scores_is_told_as_not_passed(make_app):
    """The institution records only the part scores (§三(五)); the composite fails, so nothing is
    registered: the teacher is told 未通过考核 (not 已考核…合格者发结业证书), and her 0-hour entry
    waits for the audit (the registered one reads 未通过考核，未登记学时: the grade-fail case above)."""
    from decimal import Decimal

    from portal.services import training
    from portal.services.sql_functions import json_list_has

    app = make_app("kaifeng", demo=True)
    region = app.extensions["portal.region"]
    with app.app_context():
        institute = db.session.scalar(select(OrgUnit).where(OrgUnit.kind == "institution"))
        start = clock.today()
        project = training.add_project(None, institute, name="全员网络研修（综合考核未通过）", level="city",
                                       mode="online", program="all_staff_jpk", start_date=start, end_date=start,
                                       year=start.year, hours=Decimal(60), status="published", assessment_weights={
                                           "course_time": "50", "discussion": "30", "tasks": "20"})
        teacher = db.session.scalar(select(Teacher).where(json_list_has(Teacher.stages, "primary"))
                                    .where(Teacher.user_id.is_not(None)))
        enrollment = training.enroll(region, None, project, teacher)
        project_id, enrollment_id, user_id = project.id, enrollment.id, teacher.user_id
        username = db.session.scalar(select(User.username).where(User.id == user_id))
    institution = signed_in(app, "institution")
    done = institution.post(f"/enrollments/{enrollment_id}/moves",
                            data={"target": "completed", "state": "enrolled", "attended_hours": "33",
                                  "score-course_time": "40", "score-discussion": "40", "score-tasks": "40",
                                  "next": f"/projects/{project_id}/class"})
    assert done.status_code == 303
    teacher = signed_in(app, username)
    told = re.sub(r"<[^>]+>", "", teacher.get("/notifications").get_data(as_text=True))  # the title kept as data
    assert "“全员网络研修（综合考核未通过）”: 已考核：未通过考核" in told or \
        "“全员网络研修（综合考核未通过）”：已考核：未通过考核" in told
    ledger = teacher.get("/me/ledger").get_data(as_text=True)
    at = ledger.index("全员网络研修（综合考核未通过）")
    entry = ledger[at:at + 400]
    assert "0 学时" in entry and "学时已登记" not in entry      # waiting for the audit, as it says


def test_the_new_hire_without_a_qualification_certificate_is_not_offered_and_says_why(make_app):
    """The demo's new hire holds no teacher qualification certificate yet, as her school has
    recorded: the bulk list leaves her out, naming the reason and §二(一), and a submission of
    her is refused and saves nothing."""
    app = make_app("kaifeng", demo=True)
    jpk, _high = demo.upcoming(clock.today())
    hire = demo.new_hire(clock.today(), 0)
    with app.app_context():
        jpk_id = db.session.scalar(select(TrainingProject.id).where(TrainingProject.name == jpk.name))
        hire_id = db.session.scalar(select(Teacher.id).where(Teacher.name == hire.name))
    school = signed_in(app, "school_admin")
    listed = school.get(f"/projects/{jpk_id}/enrol?q={hire.name}").get_data(as_text=True)
    assert str(hire_id) not in re.findall(r'name="teacher" value="(\d+)"', listed)
    assert "未持有教师资格证书" in listed and "二(一)" in listed
    refused = school.post(f"/projects/{jpk_id}/enrol", data={"teacher": [str(hire_id)]})
    assert refused.status_code == 409 and "未持有教师资格证书" in refused.get_data(as_text=True)
    with app.app_context():
        assert not db.session.scalar(select(Enrollment.id).where(Enrollment.teacher_id == hire_id,
                                                                 Enrollment.project_id == jpk_id))
    card = school.get(f"/admin/teachers/{hire_id}").get_data(as_text=True)
    assert "教师资格证书" in card and "<dd>未持有</dd>" in card


@pytest.mark.parametrize("today", [date(2026, 12, 6), date(2026, 1, 10), date(2026, 1, 25), date(2022, 3, 1)])
def test_the_demo_teacher_has_a_history_in_every_year_her_pages_show(today):
    """The home's cycle and the previous cycle's page show every year from the previous cycle's
    first: the demo teacher, in post since 2010, has hours registered in each, the all-staff
    training from its first phase (2019, §四(二)2) on, and one year of the previous cycle short of
    the year's hours, as a believable history has. In January's first twenty days the demo tells
    the year just ended (``story_day``, 31 December): its years are those of that day."""
    data = demo.build_demo(today)
    story = demo.story_day(today)
    assert story == (date(today.year - 1, 12, 31) if today == date(2026, 1, 10) else today)
    hers = [p for p in data.projects if any(e.teacher == "teacher" for e in p.enrollments) and p.end <= story]
    years = demo.history_years(story)
    assert years.start == story.year - 5 - (story.year - 2016) % 5  # the previous cycle's first year
    assert {p.end.year for p in hers} == set(years)
    for year in years:
        of_year = [p for p in hers if p.end.year == year]
        all_staff = [p for p in of_year if p.program]
        assert len(all_staff) == (1 if year >= 2019 else 0)
        if year == demo.skipped_year(story) and year >= 2019:
            assert of_year == all_staff  # only the 60 hours: short of the year's 72
    first = next((p for p in hers if p.program and p.start.year == 2019), None)
    assert first is None or first.name.endswith("（一期）")


def test_the_demo_teacher_has_a_claim_an_appeal_and_their_notifications(make_app):
    """The demo teacher has used the portal as the other regions' teachers can: her claim of an
    online training on another platform waits, returned to her school with the district's reason;
    her appeal about the missed year's school-based training is answered by her school; and she
    was told of both (two notifications, unread)."""
    from portal.models import Appeal, LedgerEntry, Notification

    app = make_app("kaifeng", demo=True)
    claim, appealed = demo.teacher_claim(clock.today()), demo.teacher_appeal(clock.today())
    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.username == "teacher"))
        entry = db.session.scalar(select(LedgerEntry).where(LedgerEntry.claim_id.is_not(None)))
        assert (entry.title, entry.audit_state, entry.amount) == (claim.title, "claim_returned", 12)
        record = db.session.scalar(select(Appeal))
        assert (record.subject, record.state, record.teacher.user_id) == ("missing", "dismissed", user_id)
        told = db.session.scalars(select(Notification).where(Notification.user_id == user_id)).all()
        assert len(told) == 2 and all(n.read_at is None for n in told)
    teacher = signed_in(app, "teacher")
    claims = teacher.get("/claims").get_data(as_text=True)
    assert claim.title in claims and "申报已退回，待学校补正后重新提交" in claims
    assert "研修证书.pdf" in claims                                     # its evidence, kept with it
    appeals = re.sub(r"<[^>]+>", "", teacher.get("/appeals").get_data(as_text=True))
    assert str(demo.skipped_year(clock.today())) in appeals
    notifications = re.sub(r"<[^>]+>", "", teacher.get("/notifications").get_data(as_text=True))
    assert claim.title in notifications and "请补传平台出具的学时证明" in notifications
    assert appealed.answer.reason in notifications
