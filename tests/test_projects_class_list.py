"""Who may open a project's class list follows who may open the project's page: its organiser
and its reviewer see every enrollment; once it is published (its page in the catalog), a
school or district admin sees the teachers of their own units in it, never another unit's;
a project nobody showed them (a draft of another unit) is not found."""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from portal import clock
from portal.extensions import db
from portal.models import Enrollment, OrgUnit, Teacher, User
from portal.services import training
from tests.support import signed_in


def _project_with_two_schools(app, status="published"):
    """A project of the city admin's unit holding a teacher of the school admin's school and one of another school."""
    with app.app_context():
        admin = db.session.scalar(select(User).where(User.username == "school_admin"))
        school = admin.roles[0].org_unit
        other = db.session.scalar(select(OrgUnit).join(Teacher, Teacher.school_id == OrgUnit.id)
                                  .where(~OrgUnit.path.startswith(school.path)).order_by(OrgUnit.id).limit(1))
        city = db.session.scalar(select(User).where(User.username == "city_admin")).roles[0].org_unit
        project = training.add_project(None, city, name="全市班级名单", level="city", mode="centralized",
                                       start_date=date(2099, 3, 1), end_date=date(2099, 3, 1), year=2099,
                                       hours=Decimal(6), capacity=30, status="published")
        names = {}
        for unit in (school, other):
            teacher = db.session.scalar(select(Teacher).where(Teacher.school_id == unit.id).order_by(Teacher.id))
            training.enroll(app.extensions["portal.region"], None, project, teacher)
            names[unit.id] = teacher.name
        project.status = status
        db.session.commit()
        return project.id, names[school.id], names[other.id]


@pytest.mark.parametrize("region", ["qingdao", "kaifeng", "ruian", "shanxi"])
def test_an_admin_sees_their_own_teachers_in_a_published_projects_class(make_app, region):
    app = make_app(region, demo=True)
    project_id, own, others = _project_with_two_schools(app)
    school = signed_in(app, "school_admin")
    answer = school.get(f"/projects/{project_id}/class")
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert own in page and others not in page
    assert f'href="/catalog/{project_id}"' in page  # back to the page they may open, not the organiser's (404)
    assert school.get(f"/catalog/{project_id}").status_code == 200
    city = signed_in(app, "city_admin")  # the organiser: everyone
    whole = city.get(f"/projects/{project_id}/class").get_data(as_text=True)
    assert own in whole and others in whole and f'href="/projects/{project_id}"' in whole


@pytest.mark.parametrize("region", ["qingdao", "shanxi"])
def test_a_class_list_of_a_project_an_admin_may_not_see_is_not_found(make_app, region):
    """Withdrawn, its page is its organiser's and reviewer's only; so is its class list."""
    app = make_app(region, demo=True)
    project_id, own, _others = _project_with_two_schools(app, status="withdrawn")
    school = signed_in(app, "school_admin")
    assert school.get(f"/projects/{project_id}").status_code == 404
    assert school.get(f"/projects/{project_id}/class").status_code == 404
    assert own in signed_in(app, "city_admin").get(f"/projects/{project_id}/class").get_data(as_text=True)


def test_an_institution_sees_no_class_list_of_a_project_it_does_not_run(make_app):
    """An institution holds no teachers: another organiser's class list (with its results
    sheet) is not found, as that project's own page is."""
    app = make_app("shanxi", demo=True)
    project_id, _own, _others = _project_with_two_schools(app)
    institution = signed_in(app, "institution")
    refused = institution.get(f"/projects/{project_id}")  # published: refused, with its catalog page (not "no such page")
    assert refused.status_code == 403 and f'href="/catalog/{project_id}"' in refused.get_data(as_text=True)
    assert institution.get(f"/projects/{project_id}/class").status_code == 404


@pytest.mark.parametrize("region", ["qingdao", "kaifeng"])
def test_the_results_sheet_is_offered_only_to_who_records_a_result(make_app, region):
    """A school admin sees their teachers in the district's training but records none of its
    results (its organiser does): the class list does not offer them the results sheet, whose
    template came empty and whose rows would all be refused (a kaifeng phone trial)."""
    app = make_app(region, demo=True)
    with app.app_context():
        district = db.session.scalar(select(User).where(User.username == "district_admin")).roles[0].org_unit
        school = db.session.scalar(select(User).where(User.username == "school_admin")).roles[0].org_unit
        today = clock.today()  # started: before its first day no result is recorded (test_results_before_start)
        project = training.add_project(None, district, name="区级结果名单", level="county", mode="centralized",
                                       start_date=today, end_date=today, year=today.year,
                                       hours=Decimal(6), capacity=30, status="published")
        teacher = db.session.scalar(select(Teacher).where(Teacher.school_id == school.id).order_by(Teacher.id))
        training.enroll(app.extensions["portal.region"], None, project, teacher)
        db.session.commit()
        project_id, name = project.id, teacher.name
    sheet = f'action="/projects/{project_id}/results/sheet"'
    school_page = signed_in(app, "school_admin").get(f"/projects/{project_id}/class").get_data(as_text=True)
    # the link in the region's words: qingdao's result is its 结业评价 (2017 附件2 第6步)
    link = "用 Excel 表登记结业评价" if region == "qingdao" else "用 Excel 表登记考核结果"
    assert name in school_page and sheet not in school_page and link not in school_page
    district_page = signed_in(app, "district_admin").get(f"/projects/{project_id}/class").get_data(as_text=True)
    assert sheet in district_page and link in district_page


@pytest.mark.parametrize(("region", "program", "credited"), [
    ("kaifeng", "all_staff_jpk", False),  # §三: the all-staff training registers its participants' hours only
    ("qingdao", "topic", False),  # 2017 附件1 第8项 names no instructor's credits
    ("qingdao", "new_teacher", True),  # 第1项: 2 credits an hour taught, 100 for a mentor
])
def test_an_admin_adds_instructors_and_mentors_only_where_the_rules_credit_them(make_app, region, program, credited):
    """A kaifeng phone trial's school admin added a teacher as 授课教师 to the city's all-staff
    training (past its quota and selection rules), a role whose result the rules refuse: it
    could never be recorded. The enrol page offers such a role only where the region's
    conversion takes it in this project, and a request for it is refused."""
    from portal.models import Enrollment, TrainingProject

    app = make_app(region, demo=True)
    with app.app_context():
        project_id = db.session.scalar(select(TrainingProject.id).where(TrainingProject.program == program)
                                       .order_by(TrainingProject.end_date.desc()).limit(1))
        project = db.session.get(TrainingProject, project_id)
        project.status, project.start_date, project.end_date = "published", date(2099, 3, 1), date(2099, 3, 1)
        school = db.session.scalar(select(User).where(User.username == "school_admin")).roles[0].org_unit
        teacher_id = db.session.scalar(select(Teacher.id).where(Teacher.school_id == school.id).order_by(Teacher.id))
        db.session.commit()
    admin = signed_in(app, "school_admin")
    page = admin.get(f"/projects/{project_id}/enrol?role=participant").get_data(as_text=True)
    assert ('value="instructor"' in page) is credited and ('value="mentor"' in page) is credited
    answer = admin.post(f"/projects/{project_id}/enrol", data={"role": "instructor", "teacher": str(teacher_id)})
    with app.app_context():
        added = db.session.scalar(select(Enrollment.id).where(Enrollment.project_id == project_id,
                                                              Enrollment.teacher_id == teacher_id))
    assert (added is not None) is credited, answer.status_code


def test_a_class_list_says_who_is_an_instructor_or_a_mentor(make_app):
    """A qingdao phone trial's class list of the new-teacher training read four rows alike under
    '4 enrollments, 2 holding a seat': the instructor (参训 3 学时 · 登记 6 学分) and the mentor
    (登记 100 学分) were not told from the participants, as the teacher's own page tells them."""
    from portal.models import Enrollment, TrainingProject

    app = make_app("qingdao", demo=True)
    with app.app_context():
        project_id = db.session.scalar(select(TrainingProject.id).where(TrainingProject.program == "new_teacher")
                                       .order_by(TrainingProject.id).limit(1))
        roles = {t.name: e.role for e, t in db.session.execute(
            select(Enrollment, Teacher).join(Teacher, Enrollment.teacher_id == Teacher.id)
            .where(Enrollment.project_id == project_id))}
    assert {"instructor", "mentor", "participant"} <= set(roles.values())
    page = signed_in(app, "district_admin").get(f"/projects/{project_id}/class").get_data(as_text=True)
    for name, role in roles.items():
        row = page[page.index(name):].split("</li>", 1)[0]
        assert ("授课教师 · " in row) is (role == "instructor"), name
        assert ("指导教师 · " in row) is (role == "mentor"), name


def test_the_state_filter_offers_the_states_the_class_is_in(make_app):
    """qingdao's free district class offered 待支付 and 逾期未支付 (its paid trainings' states) to
    filter by: the list offers the states its enrollments are in, and one asked for by address."""
    app = make_app("qingdao", demo=True)
    project_id, _own, _other = _project_with_two_schools(app)
    client = signed_in(app, "city_admin")
    with app.app_context():
        held = set(db.session.scalars(select(Enrollment.status).where(Enrollment.project_id == project_id)))
    page = client.get(f"/projects/{project_id}/class").get_data(as_text=True)
    offered = set(re.findall(r'<option value="([a-z_]+)"', page.split('id="state"', 1)[1].split("</select>", 1)[0]))
    assert offered == held, (offered, held)
    asked = client.get(f"/projects/{project_id}/class?state=awaiting_payment").get_data(as_text=True)
    assert '<option value="awaiting_payment" selected>' in asked


@pytest.mark.parametrize("region", ["kaifeng", "qingdao"])
def test_a_school_admin_asking_for_the_organisers_page_of_their_teachers_training_is_sent_to_its_catalog_page(
        make_app, region):
    """A trial's school admin read 404 (此页面不存在) on /projects/22, a training her teachers were
    in: the page is its organiser's and reviewer's, but the training exists and its catalog page
    is open to her. She is refused (403) in words, with a link to that page; her own pages link
    only to the catalog page; a draft of another unit stays not found."""
    app = make_app(region, demo=True)
    project_id, own, _others = _project_with_two_schools(app)
    school = signed_in(app, "school_admin")
    school.post("/locale/zh_Hans_CN")
    answer = school.get(f"/projects/{project_id}")
    page = answer.get_data(as_text=True)
    assert answer.status_code == 403 and "此页面不存在" not in page
    assert "您可在培训目录中查看该培训" in page and f'href="/catalog/{project_id}" translate="no">全市班级名单<' in page
    assert school.get(f"/catalog/{project_id}").status_code == 200
    for own_page in ("/", f"/projects/{project_id}/class", f"/catalog/{project_id}", "/enrollments/awaiting"):
        assert f'href="/projects/{project_id}"' not in school.get(own_page).get_data(as_text=True), own_page
    school.post("/locale/en")
    assert "Its page for you is in the catalog" in school.get(f"/projects/{project_id}").get_data(as_text=True)
    draft, _own, _others = _project_with_two_schools(app, status="draft")
    assert school.get(f"/projects/{draft}").status_code == 404
