"""Kaifeng's all-staff projects as their organisers, reviewers and admins meet them on the
pages and the API (kaifeng-2018-online-training.txt §四): no fee (§四(三)) and an enrollment
deadline still ahead (§四(二)1) when a project is saved and approved; a published project
keeps what its reviewer approved; a withdrawn teacher submitted again, one seat each; a
project created on the form gets the composite assessment's weights (§三(五))."""
from __future__ import annotations

import base64
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from plugins.kaifeng import conversion
from plugins.kaifeng.demo import next_training_year
from portal import clock
from portal.extensions import db
from portal.models import Enrollment, OrgUnit, ProjectQuota, Teacher, TrainingProject, User
from portal.services import quotas
from tests.support import first_organiser, signed_in

NAME = "全员网络研修（开封测试）"


def _auth(username: str) -> dict:
    return {"Authorization": "Basic " + base64.b64encode(f"{username}:demo12345".encode()).decode()}


def _year() -> int:
    """The next training whose 12-20 deadline is still ahead."""
    return next_training_year(clock.today())


def _data(client, **fields) -> dict:
    form = client.get("/projects/new").get_data(as_text=True)
    organiser = first_organiser(form)
    year = _year()
    data = {"organiser": organiser, "name": NAME, "level": "city", "mode": "online", "program": "all_staff_jpk",
            "start": f"{year}-01-04", "end": f"{year}-04-30", "hours": "60", "classes": "1", "class_size": "30",
            "fee": "0", "stages": ["primary"], "description": "小学教师全员网络研修"}
    return {**data, **fields}


def _created(client, **fields) -> int:
    created = client.post("/projects/new", data=_data(client, **fields))
    assert created.status_code == 303, created.get_data(as_text=True)
    return int(re.search(r"/projects/(\d+)", created.headers["Location"]).group(1))


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(TrainingProject.id)).where(TrainingProject.name == NAME))


def _open_project_and_teacher() -> tuple[TrainingProject, Teacher]:
    """The next training's project for primary teachers, open for submissions, and the demo's teacher."""
    project = db.session.scalar(select(TrainingProject).where(TrainingProject.program == "all_staff_jpk",
                                                              TrainingProject.status == "published",
                                                              TrainingProject.taken == 0))
    teacher = db.session.scalar(select(Teacher).join(User, Teacher.user_id == User.id).where(User.username == "teacher"))
    return project, teacher


def _error_of(page: str, field: str) -> str:
    found = re.search(rf'<p class="error" id="{field}-error">(.*?)</p>', page, re.S)
    return found.group(1) if found else ""


def _set(app, project_id, **values):
    with app.app_context():
        project = db.session.get(TrainingProject, project_id)
        for name, value in values.items():
            setattr(project, name, value)
        db.session.commit()


def _project(app, project_id) -> TrainingProject:
    with app.app_context():
        project = db.session.get(TrainingProject, project_id)
        db.session.expunge(project)
        return project


# -- §四(三): no fee ------------------------------------------------------------------------


def test_a_fee_on_an_all_staff_project_is_refused_on_its_fee_field_with_the_clause(make_app):
    app = make_app("kaifeng", demo=True)
    institution = signed_in(app, "institution")
    refused = institution.post("/projects/new", data=_data(institution, fee="50"))
    assert refused.status_code == 422
    said = _error_of(refused.get_data(as_text=True), "fee")
    assert "不得向参训教师收取任何费用" in said and 'class="cite"' in said and "四(三)" in said
    assert _count(app) == 0  # nothing saved
    both = institution.post("/projects/new", data=_data(institution, fee="50", start=f"{clock.today().year}-01-04",
                                                       end=f"{clock.today().year}-04-30")).get_data(as_text=True)
    assert "收取任何费用" in _error_of(both, "fee") and "已过" not in _error_of(both, "fee")  # each on its field
    assert "已过" in _error_of(both, "start") and "收取任何费用" not in _error_of(both, "start")

    api = app.test_client().post("/api/projects", headers=_auth("institution"), json={
        "name": NAME, "level": "city", "mode": "online", "program": "all_staff_jpk", "hours": 60, "fee": 50,
        "start": f"{_year()}-01-04", "end": f"{_year()}-04-30", "capacity": 30, "stages": ["primary"]})
    assert api.status_code == 422 and api.json["field"] == "fee"
    assert [f["code"] for f in api.json["findings"]] == ["project_fee"]
    assert "四(三)" in api.json["findings"][0]["source"] and api.json["findings"][0]["field"] == "fee"
    assert _count(app) == 0

    project_id = _created(institution)  # no fee: saved; a fee put in afterwards is refused too
    again = institution.post(f"/projects/{project_id}/edit", data=_data(institution, fee="20"))
    assert again.status_code == 422 and "不得向参训教师收取任何费用" in _error_of(again.get_data(as_text=True), "fee")
    assert _project(app, project_id).fee == 0


def test_the_reviewer_cannot_approve_an_all_staff_project_asking_a_fee(make_app):
    app = make_app("kaifeng", demo=True)
    institution = signed_in(app, "institution")
    project_id = _created(institution)
    assert institution.post(f"/projects/{project_id}/declare").status_code == 303
    assert _project(app, project_id).status == "declared"
    _set(app, project_id, fee=Decimal(50))  # handed in before the rule, or changed behind the form
    city = signed_in(app, "city_admin")       # the city's department reviews a city project (§五(一))
    refused = city.post(f"/projects/{project_id}/review", data={"decision": "approve", "reason": ""})
    assert _project(app, project_id).status == "declared" and refused.status_code == 422
    assert "不得向参训教师收取任何费用" in refused.get_data(as_text=True)
    city.post(f"/projects/{project_id}/review", data={"decision": "return", "reason": "请取消收费"})
    assert _project(app, project_id).status == "returned"  # a return is always possible


# -- §四(二)1: the deadline ahead ------------------------------------------------------------


def test_an_all_staff_project_whose_deadline_has_passed_is_refused_at_creation_and_approval(make_app):
    app = make_app("kaifeng", demo=True)
    institution = signed_in(app, "institution")
    this_year = clock.today().year  # this January's training: its deadline was last 12-20
    refused = institution.post("/projects/new", data=_data(institution, start=f"{this_year}-01-04",
                                                          end=f"{this_year}-04-30"))
    assert refused.status_code == 422
    said = _error_of(refused.get_data(as_text=True), "start")
    assert f"{this_year - 1}-12-20" in said and "已过" in said and 'class="cite"' in said
    assert _count(app) == 0

    project_id = _created(institution)
    institution.post(f"/projects/{project_id}/declare")
    with app.app_context():  # the declaration waited while the deadline passed
        project = db.session.get(TrainingProject, project_id)
        project.start_date = project.start_date.replace(year=this_year)
        project.end_date = project.end_date.replace(year=this_year)
        db.session.commit()
    city = signed_in(app, "city_admin")
    refused = city.post(f"/projects/{project_id}/review", data={"decision": "approve", "reason": ""})
    assert _project(app, project_id).status == "declared"
    assert refused.status_code == 422 and "已过" in refused.get_data(as_text=True)


def test_the_deadline_refusal_reads_in_english_on_an_english_page(make_app):
    app = make_app("kaifeng", demo=True)
    with app.app_context():
        db.session.scalar(select(User).where(User.username == "institution")).locale = "en"
        db.session.commit()
    institution = signed_in(app, "institution")
    this_year = clock.today().year
    refused = institution.post("/projects/new", data=_data(institution, start=f"{this_year}-01-04",
                                                          end=f"{this_year}-04-30"))
    said = re.sub(r"<[^>]+>", "", _error_of(refused.get_data(as_text=True), "start"))
    assert refused.status_code == 422 and "enrollment deadline" in said and f"{this_year - 1}-12-20" in said
    assert not re.search(r"[\u4e00-\u9fff]", said.split("《")[0].split("“")[0]), said  # the notice's title aside


# -- a published project keeps what its reviewer approved ------------------------------------


def test_a_published_projects_fee_and_dates_stay_as_the_reviewer_approved_them(make_app):
    app = make_app("kaifeng", demo=True)
    institution = signed_in(app, "institution")
    other = {"program": "", "mode": "centralized", "hours": "24", "name": NAME}  # other training: a fee allowed
    project_id = _created(institution, **other)
    institution.post(f"/projects/{project_id}/declare")
    signed_in(app, "city_admin").post(f"/projects/{project_id}/review", data={"decision": "approve", "reason": ""})
    assert _project(app, project_id).status == "published"
    assert _project(app, project_id).taken == 0  # nobody has selected it yet
    refused = institution.post(f"/projects/{project_id}/edit", data=_data(institution, **other, fee="300"))
    assert refused.status_code == 422
    assert "审核" in _error_of(refused.get_data(as_text=True), "fee")
    assert _project(app, project_id).fee == 0 and _project(app, project_id).status == "published"
    kept = institution.post(f"/projects/{project_id}/edit", data=_data(institution, **other, description="新简介"))
    assert kept.status_code == 303  # what the review did not judge still changes
    assert _project(app, project_id).description == "新简介"
    page = institution.get(f"/projects/{project_id}").get_data(as_text=True)
    assert "改期" in page and "审核部门已审核通过这些日期" in page  # its dates move only there, with a reason
    year = _year()
    moved = institution.post(f"/projects/{project_id}/dates", data={
        "dates-start": f"{year}-02-01", "dates-end": f"{year}-04-30", "dates-reason": "推迟一个月"})
    assert moved.status_code == 303 and _project(app, project_id).start_date.month == 2


# -- a withdrawn teacher submitted again ----------------------------------------------------


def test_a_withdrawn_teacher_is_submitted_again_holding_one_seat_of_the_project_and_the_quota(make_app):
    app = make_app("kaifeng", demo=True)
    region = app.extensions["portal.region"]
    with app.app_context():
        project, teacher = _open_project_and_teacher()
        city = db.session.scalar(select(User).where(User.username == "city_admin"))  # its reviewer allocates
        quotas.set_quotas(region, city, project.id, {teacher.school_id: 2})
        project_id, teacher_id, school_id = project.id, teacher.id, teacher.school_id

    def seats():
        with app.app_context():
            quota = db.session.scalar(select(ProjectQuota).where(ProjectQuota.project_id == project_id,
                                                                 ProjectQuota.org_unit_id == school_id))
            return db.session.get(TrainingProject, project_id).taken, quota.taken

    def status():
        with app.app_context():
            return db.session.scalar(select(Enrollment.status).where(Enrollment.project_id == project_id,
                                                                     Enrollment.teacher_id == teacher_id))

    school = signed_in(app, "school_admin")
    assert school.post(f"/projects/{project_id}/enrol", data={"teacher": [str(teacher_id)]}).status_code == 303
    assert (status(), seats()) == ("enrolled", (1, 1))
    with app.app_context():
        enrollment_id = db.session.scalar(select(Enrollment.id).where(Enrollment.project_id == project_id,
                                                                      Enrollment.teacher_id == teacher_id))
    step = {"next": f"/projects/{project_id}/class"}
    school.post(f"/enrollments/{enrollment_id}/moves", data={**step, "target": "withdrawn", "state": "enrolled",
                                                             "reason": "误撤"})
    assert (status(), seats()) == ("withdrawn", (0, 0))  # the seat and the quota's seat come back
    page = school.get(f"/projects/{project_id}/class").get_data(as_text=True)
    assert "重新提交报名" in page  # offered on the class list
    submit = school.post(f"/projects/{project_id}/enrol", data={"teacher": [str(teacher_id)]})
    assert submit.status_code == 409 and "学员名单" in submit.get_data(as_text=True)  # says where to do it
    assert (status(), seats()) == ("withdrawn", (0, 0))
    again = school.post(f"/enrollments/{enrollment_id}/moves", data={**step, "target": "enrolled",
                                                                     "state": "withdrawn"})
    assert again.status_code == 303
    assert (status(), seats()) == ("enrolled", (1, 1))  # one seat each, not two
    twice = school.post(f"/enrollments/{enrollment_id}/moves", data={**step, "target": "enrolled",
                                                                     "state": "withdrawn"})
    assert twice.status_code in (303, 409, 422) and seats() == (1, 1)
    with app.app_context():
        assert db.session.scalar(select(func.count(Enrollment.id)).where(Enrollment.project_id == project_id)) == 1


# -- §三(五): the composite assessment's weights ---------------------------------------------


def test_a_project_created_on_the_form_or_the_api_gets_the_weights_and_records_results_part_by_part(make_app):
    app = make_app("kaifeng", demo=True)
    institution = signed_in(app, "institution")
    project_id = _created(institution)
    with app.app_context():
        defaults = {k: str(v) for k, v in conversion.default_weights(_project(app, project_id).end_date).items()}
    assert _project(app, project_id).assessment_weights == defaults
    assert sum(Decimal(v) for v in defaults.values()) == 100
    other = _project(app, _created(institution, program="", mode="centralized", hours="24", name=NAME + "（其他）"))
    assert other.assessment_weights == {}  # other training records hours, no composite

    api = app.test_client().post("/api/projects", headers=_auth("institution_senior"), json={  # §四(一)
        "name": NAME + "（接口）", "level": "city", "mode": "online", "program": "all_staff_high", "hours": 60,
        "start": f"{_year()}-01-04", "end": f"{_year()}-04-30", "capacity": 30, "stages": ["senior_high"]})
    assert api.status_code == 201, api.json
    assert _project(app, api.json["id"]).assessment_weights == defaults

    today = clock.today()  # the training begins: its results may be recorded
    _set(app, project_id, status="published", start_date=today, end_date=today)
    region = app.extensions["portal.region"]
    with app.app_context():
        from portal.services import training

        teacher = db.session.scalar(select(Teacher).join(User, Teacher.user_id == User.id)
                                    .where(User.username == "teacher"))
        enrollment_id = training.enroll(region, None, db.session.get(TrainingProject, project_id), teacher).id
    page = institution.get(f"/projects/{project_id}/class?state=enrolled").get_data(as_text=True)
    assert 'name="score-discussion"' in page and "在线研讨交流积分" in page
    done = institution.post(f"/enrollments/{enrollment_id}/moves",
                            data={"target": "completed", "state": "enrolled", "attended_hours": "58",
                                  "score-course_time": "90", "score-discussion": "80", "score-tasks": "85",
                                  "next": f"/projects/{project_id}/class"})
    assert done.status_code == 303
    with app.app_context():
        assert db.session.get(Enrollment, enrollment_id).status == "completed"
        assert db.session.scalar(select(OrgUnit.id).where(OrgUnit.kind == "institution")) is not None


def test_a_project_allocating_no_quota_says_nothing_of_a_units_quota_only_the_seats_left(make_app):
    """Trial: the catalog said “本单位名额尚有剩余” of an all-staff project with no quota set at
    all. Without quotas nothing is said of a unit's quota having seats (only that none is
    allocated to the unit yet, §四(二)1); once one is set, it is."""
    from plugins.kaifeng import enrollment as kaifeng_enrollment
    from portal.domain import UserRole
    from portal.models.types import utcnow
    from portal.services import enrollments

    app = make_app("kaifeng", demo=True)
    region = app.extensions["portal.region"]
    with app.app_context():  # the demo's project with the city's allocation taken back: no quota at all
        project, _teacher = _open_project_and_teacher()
        city = db.session.scalar(select(User).where(User.username == "city_admin"))
        held = db.session.scalars(select(ProjectQuota.org_unit_id).where(ProjectQuota.project_id == project.id)).all()
        quotas.set_quotas(region, city, project.id, {unit_id: None for unit_id in held})
    with app.app_context():
        project, teacher = _open_project_and_teacher()
        findings = enrollments.selection_findings(region, project, teacher, UserRole.SCHOOL_ADMIN, utcnow())
        assert findings and "selection_quota" not in {f.code for f in findings}
        assert not {f.code: f for f in findings}[kaifeng_enrollment.ALLOCATED].ok
        project_id, school_id = project.id, teacher.school_id
    school = signed_in(app, "school_admin")
    page = school.get(f"/catalog/{project_id}").get_data(as_text=True)
    assert "名额尚有剩余" not in page
    with app.app_context():
        city = db.session.scalar(select(User).where(User.username == "city_admin"))
        quotas.set_quotas(region, city, project_id, {school_id: 2})
    with app.app_context():
        project = db.session.get(TrainingProject, project_id)
        teacher = db.session.scalar(select(Teacher).join(User, Teacher.user_id == User.id)
                                    .where(User.username == "teacher"))
        found = {f.code: f for f in enrollments.selection_findings(region, project, teacher,
                                                                   UserRole.SCHOOL_ADMIN, utcnow())}
        assert found["selection_quota"].ok


def test_a_schools_admin_finds_how_to_submit_teachers_on_the_projects_page(make_app):
    """§四(二)1: the school and district admins submit the participants; a phone trial's school
    admin found no way from the catalog to the class list or the bulk enrolment."""
    app = make_app("kaifeng", demo=True)
    with app.app_context():
        project_id = db.session.scalar(select(TrainingProject.id).where(
            TrainingProject.status == "published", TrainingProject.program == "all_staff_jpk",
            TrainingProject.end_date >= clock.today()))
    page = signed_in(app, "school_admin").get(f"/catalog/{project_id}").get_data(as_text=True)
    assert f'href="/projects/{project_id}/enrol">批量报名' in page.replace("\n", "")
    assert f'href="/projects/{project_id}/class"' in page
    assert f"/projects/{project_id}/enrol" not in signed_in(app, "teacher").get(f"/catalog/{project_id}").get_data(as_text=True)


def test_the_projects_page_points_an_admin_to_the_catalog_for_another_units_project(make_app):
    """A trial's district admin looked for the city's all-staff project under 培训项目, which lists
    only the projects of their own units: the page says where the others are."""
    app = make_app("kaifeng", demo=True)
    for username in ("district_admin", "school_admin"):
        page = signed_in(app, username).get("/projects").get_data(as_text=True)
        assert "为本单位教师报名其他单位举办的项目" in page and 'href="/catalog"' in page, username


@pytest.mark.parametrize("region", ["kaifeng", "qingdao"])
def test_the_projects_page_does_not_tell_an_institution_to_enrol_its_teachers(make_app, region):
    """A training institution has no teachers of its own: a phone trial's institution read
    为本单位教师报名其他单位举办的项目 above its own projects."""
    app = make_app(region, demo=True)
    answer = signed_in(app, "institution").get("/projects")
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200 and "新建项目" in page
    assert "为本单位教师报名其他单位举办的项目" not in page


def test_a_result_waits_for_the_training_to_end(make_app):
    """§四(二)3 培训结束后: a phone trial recorded 20 学时 on a training still running; the teacher
    read them as 已登记 beside totals that left them out (they are dated on its last day)."""
    app = make_app("kaifeng", demo=True)
    institution = signed_in(app, "institution")
    project_id = _created(institution)
    today = clock.today()
    _set(app, project_id, status="published", start_date=today, end_date=today + timedelta(days=30))
    region = app.extensions["portal.region"]
    with app.app_context():
        from portal.services import training

        teacher = db.session.scalar(select(Teacher).join(User, Teacher.user_id == User.id)
                                    .where(User.username == "teacher"))
        enrollment_id = training.enroll(region, None, db.session.get(TrainingProject, project_id), teacher).id
    early = app.test_client().post(f"/api/enrollments/{enrollment_id}/moves", headers=_auth("institution"), json={
        "target": "completed", "attended_hours": 20, "scores": {"course_time": 90, "discussion": 80, "tasks": 85}})
    assert early.status_code == 422 and early.json["error"] == "refused", early.json
    assert "（培训最后一天）起方可登记培训结果" in early.json["message"] and "四(二)3" in str(early.json["findings"])
    with app.app_context():
        assert db.session.get(Enrollment, enrollment_id).status == "enrolled"
    _set(app, project_id, end_date=today)
    done = institution.post(f"/enrollments/{enrollment_id}/moves",
                            data={"target": "completed", "state": "enrolled", "attended_hours": "58",
                                  "score-course_time": "90", "score-discussion": "80", "score-tasks": "85"})
    assert done.status_code == 303
    with app.app_context():
        assert db.session.get(Enrollment, enrollment_id).status == "completed"


def test_a_quota_that_runs_out_within_a_submission_says_so(make_app):
    """§四(二)1 名额分配到各单位: a phone trial ticked 14 teachers with 5 of the school's seats left
    and read 名额已用完 for 9 of them, as if none had been left."""
    app = make_app("kaifeng", demo=True)
    region = app.extensions["portal.region"]
    with app.app_context():
        project_id = db.session.scalar(select(TrainingProject.id).where(
            TrainingProject.program == "all_staff_jpk", TrainingProject.status == "published",
            TrainingProject.taken == 0, TrainingProject.end_date >= clock.today()))
        school_id = db.session.scalar(select(Teacher.school_id).join(User, Teacher.user_id == User.id)
                                      .where(User.username == "teacher"))
        city = db.session.scalar(select(User).where(User.username == "city_admin"))
        quotas.set_quotas(region, city, project_id, {school_id: 1})
    school = signed_in(app, "school_admin")
    page = school.get(f"/projects/{project_id}/enrol").get_data(as_text=True)
    ticked = re.findall(r'name="teacher" value="(\d+)"(?![^>]*disabled)', page)[:3]
    assert len(ticked) >= 2, page
    refused = school.post(f"/projects/{project_id}/enrol", data={"teacher": ticked})
    text = refused.get_data(as_text=True)
    assert refused.status_code == 409 and "名额在本次提交中用完：排在前面的 1 位教师已占用剩余名额" in text
    assert "名额已用完" not in text
    with app.app_context():
        assert db.session.scalar(select(func.count(Enrollment.id)).where(Enrollment.project_id == project_id)) == 0


def test_a_teacher_is_not_submitted_to_a_second_all_staff_project_of_the_same_time(make_app):
    """§三 本次培训学时为60学时, §四(二)1: a trial's school got a teacher already in the year's
    all-staff project into a second one of the same program and dates (and past its quota)."""
    app = make_app("kaifeng", demo=True)
    region = app.extensions["portal.region"]
    with app.app_context():
        first = db.session.scalar(select(TrainingProject).where(
            TrainingProject.program == "all_staff_jpk", TrainingProject.status == "published",
            TrainingProject.end_date >= clock.today()))
        teacher = db.session.scalar(select(Teacher).join(User, Teacher.user_id == User.id)
                                    .where(User.username == "teacher"))
        from portal.services import training

        if db.session.scalar(select(Enrollment.id).where(Enrollment.project_id == first.id,
                                                         Enrollment.teacher_id == teacher.id)) is None:
            training.enroll(region, None, first, teacher)
        second = training.add_project(None, first.organiser, name="全员培训（第二个项目）", level=first.level,
                                      mode=first.mode, program=first.program, start_date=first.start_date,
                                      end_date=first.end_date, year=first.year, hours=first.hours, capacity=30,
                                      status="published")
        db.session.commit()
        second_id, teacher_id = second.id, teacher.id
    refused = signed_in(app, "school_admin").post(f"/projects/{second_id}/enrol", data={"teacher": [str(teacher_id)]})
    assert refused.status_code == 409
    assert "教师已报名同期的全员培训" in refused.get_data(as_text=True)


def test_the_enrol_page_says_the_seats_left_of_each_quota_bounding_the_admin(make_app):
    """名额已分配到各单位系统中 (§四(二)1): a phone trial's admin ticked 14 teachers with 5 seats of
    the quota left and learnt it only from the refusal. The page says it first: the school's
    quota and the district's above it, each with its seats left; a sibling school's is not theirs."""
    app = make_app("kaifeng", demo=True)
    region = app.extensions["portal.region"]
    with app.app_context():
        project, teacher = _open_project_and_teacher()
        school = teacher.school
        sibling = db.session.scalar(select(OrgUnit).where(OrgUnit.parent_id == school.parent_id,
                                                          OrgUnit.id != school.id, OrgUnit.kind == "school"))
        city = db.session.scalar(select(User).where(User.username == "city_admin"))
        quotas.set_quotas(region, city, project.id, {school.parent_id: 9, school.id: 5, sibling.id: 3})
        project_id, teacher_id, names = project.id, teacher.id, (school.name, school.parent.name, sibling.name)
    admin = signed_in(app, "school_admin")
    assert admin.post(f"/projects/{project_id}/enrol", data={"teacher": [str(teacher_id)]}).status_code == 303
    page = admin.get(f"/projects/{project_id}/enrol").get_data(as_text=True)
    assert f'{names[0]}</span>的名额：共 5 个，尚余 4 个' in page
    assert f'{names[1]}</span>的名额：共 9 个，尚余 8 个' in page
    assert f"{names[2]}</span>的名额" not in page
    assert page.index(f"{names[1]}</span>的名额") < page.index(f"{names[0]}</span>的名额")  # the highest first
    instructors = admin.get(f"/projects/{project_id}/enrol?role=instructor").get_data(as_text=True)
    assert "的名额：" not in instructors  # an instructor takes no seat


def test_a_county_that_runs_its_own_training_cannot_submit_its_teacher_to_the_citys(make_app):
    """§二(三): 祥符区 organises its own teachers' training; its school's teacher submitted to the
    city's project is refused, the county named (the unit above the school, read by the core)."""
    app = make_app("kaifeng", demo=True)
    with app.app_context():
        from portal.domain import UserRole
        from portal.models.types import utcnow
        from portal.services import enrollments

        region = app.extensions["portal.region"]
        county_school = db.session.scalar(select(OrgUnit).where(OrgUnit.name == "开封市祥符区第一初级中学"))
        teacher = db.session.scalar(select(Teacher).where(Teacher.school_id == county_school.id))
        city_project = db.session.scalar(select(TrainingProject).where(TrainingProject.level == "city",
                                                                       TrainingProject.program == "all_staff_jpk")
                                         .order_by(TrainingProject.start_date.desc()))
        found = {f.code: f for f in enrollments.selection_findings(region, city_project, teacher,
                                                                    UserRole.DISTRICT_ADMIN, utcnow())}
        assert not found["all_staff_area"].ok and "祥符区" in str(found["all_staff_area"].message)
