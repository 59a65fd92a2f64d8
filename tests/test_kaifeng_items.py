"""Kaifeng, found on the demo: the menu offers 待办报名 only to those with a step in the
enrollment workflow (the institution records the composite assessment there, a principal has
none), the class list's 未通过 filter reads as its rows do, and a bulk submission refused for a
quota used up keeps the notice's sentence on asking 教师教育科 for more (§四(二)1)."""
from __future__ import annotations

from sqlalchemy import select, update

from portal import clock
from portal.extensions import db
from portal.models import ProjectQuota, TrainingProject
from tests.support import signed_in
from tests.test_kaifeng_unit_quotas import _upcoming

ASK_FOR_MORE = "请及时与市教育局教师教育科联系修改"


def _quota_left(app, project_id: int, left: int) -> None:
    """Every quota of the project keeps ``left`` seats."""
    with app.app_context():
        db.session.execute(update(ProjectQuota).where(ProjectQuota.project_id == project_id)
                           .values(seats=ProjectQuota.taken + left))
        db.session.commit()


def test_a_bulk_submission_past_the_units_quota_says_to_ask_the_office_for_more(make_app):
    app = make_app("kaifeng", demo=True)
    project_id, _units, first, second = _upcoming(app)
    _quota_left(app, project_id, 1)
    school = signed_in(app, "school_admin")
    refused = school.post(f"/projects/{project_id}/enrol", data={"teacher": [str(first), str(second)]})
    assert refused.status_code == 409
    page = refused.get_data(as_text=True)
    # the core's words on the seats taken within the submission, then the notice's sentence, as one reason;
    # the quota run out is the district's (the demo allocates to 鼓楼区, not to its schools): named so
    assert ("<span translate=\"no\">鼓楼区</span>在该项目的名额在本次提交中用完：排在前面的 1 位教师已占用剩余名额；名额如果不够，"
            + ASK_FOR_MORE in page)
    assert "名额已用完" not in page
    school.post("/locale/en")
    english = school.post(f"/projects/{project_id}/enrol",
                          data={"teacher": [str(first), str(second)]}).get_data(as_text=True)
    assert "ran out within this submission: the teacher accepted before took the last seat; " in english
    assert "teacher-education office" in english and "the 1 teachers" not in english
    school.post("/locale/zh_Hans_CN")
    # the single enrolment's refusal, as before
    _quota_left(app, project_id, 0)
    alone = school.post(f"/projects/{project_id}/enrol", data={"teacher": [str(first)]})
    assert alone.status_code == 409 and ASK_FOR_MORE in alone.get_data(as_text=True)


def test_the_class_lists_not_passed_filter_reads_as_its_rows_in_each_language(make_app):
    """The institution's results page offered 未通过（未完成培训或考核不合格） over rows reading
    已考核：未通过考核 (and 已结束：未完成培训): the filter now says the rows' words."""
    app = make_app("kaifeng", demo=True)
    with app.app_context():
        project_id = db.session.scalar(select(TrainingProject.id).where(
            TrainingProject.program == "all_staff_jpk", TrainingProject.end_date < clock.today())
            .order_by(TrainingProject.end_date.desc()))
    institution = signed_in(app, "institution")
    for locale, label, row in (("zh_Hans_CN", "未通过考核或未完成培训", "已考核：未通过考核"),
                               ("en", "Not passed or not completed", "Assessed: not passed")):
        institution.post(f"/locale/{locale}")
        page = institution.get(f"/projects/{project_id}/class?state=not_passed").get_data(as_text=True)
        assert f'<option value="not_passed" selected>{label}</option>' in page
        assert row in page


def _menu(client) -> str:
    page = client.get("/notifications").get_data(as_text=True)
    return page[page.index("<header"):page.index("</header>")]


def test_the_menu_offers_the_enrollments_awaiting_only_to_those_with_a_step_in_the_workflow(make_app):
    """待办报名 lists the enrollments waiting for one of the user's steps. In Kaifeng the
    institutions record the composite assessment there (录入综合考核结果, §三(五), §四(一)) and the
    schools' and districts' admins submit their teachers (§四(二)1); a principal and the province's
    admin have no step at all, and their list was always empty."""
    from plugins.kaifeng import workflow
    from portal.domain import UserRole

    assert workflow.ENROLLMENT_WORKFLOW.awaiting(UserRole.INSTITUTION_STAFF) == {"enrolled"}
    app = make_app("kaifeng", demo=True)
    link = 'href="/enrollments/awaiting"'
    for user in ("institution", "institution_senior", "school_admin", "district_admin", "city_admin"):
        assert link in _menu(signed_in(app, user)), user
    for user in ("principal", "province_admin"):
        assert link not in _menu(signed_in(app, user)), user


def _submit_the_demo_teacher(app) -> None:
    """Her school submits the demo teacher (a primary teacher) to the coming primary all-staff training."""
    from portal.models import Teacher, User

    with app.app_context():
        project_id = db.session.scalar(select(TrainingProject.id).where(
            TrainingProject.program == "all_staff_jpk", TrainingProject.start_date > clock.today()))
        teacher_id = db.session.scalar(select(Teacher.id).join(User, Teacher.user_id == User.id)
                                       .where(User.username == "teacher"))
    school = signed_in(app, "school_admin")
    assert school.post(f"/projects/{project_id}/enrol", data={"teacher": [str(teacher_id)]}).status_code == 303


def test_the_catalog_says_a_teacher_is_enrolled_not_selected(make_app):
    """No teacher selects a training in Kaifeng (§四(二)1: the admins submit them): the catalog read
    已选：已报名（学校、区教育局系统管理员提交） on the training her school had submitted her to."""
    app = make_app("kaifeng", demo=True)
    _submit_the_demo_teacher(app)
    teacher = signed_in(app, "teacher")
    page = teacher.get("/catalog").get_data(as_text=True)
    assert "报名状态：已报名（学校、区教育局系统管理员提交）" in page and "已选：" not in page
    teacher.post("/locale/en")
    assert "Your enrollment: Enrolled (submitted by" in teacher.get("/catalog").get_data(as_text=True)


def test_the_catalog_row_of_another_stages_training_says_the_stage_first(make_app):
    """A primary teacher read on the high-school all-staff training only that her school's or
    district's admin submits her (目前不能报名：教师不能自行报名……), as if asking them would do:
    the refusal nothing lifts (任教学段不符, §四(二)1) is the one the row says."""
    app = make_app("kaifeng", demo=True)
    _submit_the_demo_teacher(app)  # her own stage's training taken: the other is the one row still open
    page = signed_in(app, "teacher").get("/catalog").get_data(as_text=True)
    row = page[page.index("开封市中小学教师（高中）继续教育全员培训"):]
    row = row[:row.index("</li>")]
    # a refusal nothing lifts is not worded as one of now (目前不能报名): she can never take it
    assert "您不能参加此培训：任教学段不符" in row and "教师不能自行报名" not in row
    assert "目前不能报名" not in row


def test_a_refusal_that_may_lift_still_reads_as_one_of_now_and_one_that_never_lifts_does_not(make_app):
    """The catalog words a refusal by whether it can lift: 目前都不能报名 for the teacher who does not
    enrol herself (her admin submits her), 您不能参加 for another stage's training, in both languages."""
    app = make_app("kaifeng", demo=True)
    teacher = signed_in(app, "teacher")
    page = teacher.get("/catalog").get_data(as_text=True)
    assert "以下培训目前都不能报名：" in page  # who submits: her admin may
    row = page[page.index("开封市中小学教师（高中）继续教育全员培训"):]
    row = row[:row.index("</li>")]
    assert "您不能参加此培训：任教学段不符" in row and "目前不能报名" not in row
    teacher.post("/locale/en")
    page = teacher.get("/catalog").get_data(as_text=True)
    row = page[page.index("开封市中小学教师（高中）继续教育全员培训"):]
    row = row[:row.index("</li>")]
    assert "Not open to you: The stage taught does not match" in row and " now:" not in row


def test_the_enrol_page_says_teachers_of_another_stage_cannot_take_the_training_not_that_they_cannot_now(make_app):
    """A school admin's enrol page of the high-school all-staff training read 本页 14 位教师现在不能报名
    over 任教学段不符 (§四(二)1): nothing will lift it for a primary school's teachers. The page of
    their own stage's training keeps 现在 for a refusal that may lift."""
    app = make_app("kaifeng", demo=True)
    with app.app_context():
        projects = db.session.scalars(select(TrainingProject).order_by(TrainingProject.start_date.desc())).all()
        high = next(p.id for p in projects if "（高中）" in p.name)
        other = next(p.id for p in projects if "（初中、小学、幼儿园）" in p.name and "区自行组织" not in p.name)
    admin = signed_in(app, "school_admin")
    page = admin.get(f"/projects/{high}/enrol").get_data(as_text=True)
    assert "位教师不能参加此培训" in page and "现在不能报名" not in page and "现在都不能报名" not in page
    page = admin.get(f"/projects/{other}/enrol").get_data(as_text=True)
    assert "不能参加此培训" not in page
    admin.post("/locale/en")
    page = admin.get(f"/projects/{high}/enrol").get_data(as_text=True)
    assert "cannot take this training" in page and "cannot be enrolled now" not in page


def test_the_enrol_page_says_by_when_the_submission_is_due_beside_the_quota(make_app):
    """A school's admin submitting within the quota reads the deadline (§四(二)1 报名截止时间为12月20日)
    on the page where they tick teachers, not only on the home: the page said the quota and nothing
    of the day the submission closes."""
    app = make_app("kaifeng", demo=True)
    project_id, _units, _first, _second = _upcoming(app)
    school = signed_in(app, "school_admin")
    page = school.get(f"/projects/{project_id}/enrol").get_data(as_text=True)
    assert "名额" in page and "报名截止日为" in page and "尚未截止" in page
    assert page.count("报名截止日为") == 1  # said once, not under each teacher
    school.post("/locale/en")
    assert "Enrollment closes on" in school.get(f"/projects/{project_id}/enrol").get_data(as_text=True)
