"""Qingdao: what a phone trial (375 px) of a training's whole life found."""
from __future__ import annotations

import re

from portal.extensions import db
from portal.models import TrainingProject as Project
from tests.support import first_organiser, signed_in


def _new_project(client, **fields):
    form = client.get("/projects/new").get_data(as_text=True)
    organiser = first_organiser(form)
    data = {"organiser": organiser, "name": "2099年课堂观察", "level": "county", "mode": "centralized",
            "start": "2099-03-02", "end": "2099-03-03", "hours": "12", "classes": "1", "fee": "0",
            "description": "说明", "stages": ["primary"]}
    data.update(fields)
    return client.post("/projects/new", data=data)


def test_an_institution_may_save_only_a_personalized_training(make_app):
    """睿师汇 saved a district topic training: nobody could record its completion (谁举办谁登记:
    the district registers district trainings, the institution only personalized ones), so the
    teachers who paid for it were stuck at 已报名. The form now refuses it, saying why."""
    app = make_app("qingdao", demo=True)
    institution = signed_in(app, "institution")
    refused = _new_project(institution, program="topic")
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert "谁举办谁登记" in page and "基于教师需求的市级教师个性化培训" in page
    refused = _new_project(institution)  # no program at all: a district training too
    assert refused.status_code == 422
    with app.app_context():
        assert not db.session.scalar(db.select(Project).where(Project.name == "2099年课堂观察"))
    saved = _new_project(institution, level="city", program="city_personalized")
    assert saved.status_code in (302, 303), saved.get_data(as_text=True)


def test_a_district_may_not_run_a_personalized_training(make_app):
    app = make_app("qingdao", demo=True)
    refused = _new_project(signed_in(app, "district_admin"), level="city", program="city_personalized")
    assert refused.status_code == 422
    # the district organises trainings of its own level or below (the core's portal_highest_levels):
    # refused as a city-level training before the region's 谁举办谁登记 is asked
    words = re.sub(r"<[^>]+>", "", refused.get_data(as_text=True))
    assert "由承担培训项目的培训机构举办" in words or "不能举办市级培训" in words
    saved = _new_project(signed_in(app, "district_admin"), program="topic")
    assert saved.status_code in (302, 303)


def test_a_projects_page_says_whom_it_is_for_not_what_it_teaches(make_app):
    """The project's stages and subjects are those it is for (面向学段、面向学科, as its form
    asks them); the catalog read 任教学段 小学, the words of what a teacher teaches, so a
    junior-high teacher refused for 项目面向的学段与所任教学段不符 read the project's own
    stage under the teacher's word."""
    app = make_app("qingdao", demo=True)
    with app.app_context():
        project = next(p for p in db.session.scalars(db.select(Project).order_by(Project.id)) if p.subjects)
    for user, page in (("teacher", f"/catalog/{project.id}"), ("district_admin", f"/projects/{project.id}")):
        shown = signed_in(app, user).get(page).get_data(as_text=True)
        assert "<dt>面向学段</dt>" in shown and "<dt>面向学科</dt>" in shown, page
        assert "<dt>任教学段</dt>" not in shown and "<dt>任教学科</dt>" not in shown, page


def test_a_teacher_typing_the_claim_address_reads_who_enters_her_claims_and_the_clause(make_app):
    """Row 9's credits are entered by the unit that ran the training (由承办部门…上传，由市南区
    教育研究中心据实认定): the teacher's claims list said so, but /claims/new said the region
    takes no claims at all (本地区规定不受理学分申报), and neither cited the row."""
    app = make_app("qingdao", demo=True)
    teacher = signed_in(app, "teacher")
    for page in ("/claims/new", "/claims"):
        shown = teacher.get(page).get_data(as_text=True)
        assert "不受理学分申报" not in shown, page
        assert "由学校或教育部门附证明材料为您录入" in shown and "附件1 第9项" in shown, page


def test_an_appeal_about_a_year_says_year_not_school_year(make_app):
    """qingdao's year is the calendar year of the 年度考核 (2018 附件1(三)), as the teacher's home
    says (本年度（2026年）); the appeal form alone spoke of a 学年, a school year."""
    app = make_app("qingdao", demo=True)
    page = signed_in(app, "teacher").get("/appeals/new?subject=missing").get_data(as_text=True)
    assert "某一年度的学分情况" in page and "所申诉年度中的某一天" in page
    assert "学年" not in page


def test_the_row_9_claim_says_the_platform_not_the_portal(make_app):
    """Every other page calls the site 本平台; row 9's claim form alone said 门户, a word of the
    portal's code."""
    app = make_app("qingdao", demo=True)
    admin = signed_in(app, "district_admin")
    with app.app_context():
        from portal.models import Teacher
        teacher = db.session.scalars(db.select(Teacher).order_by(Teacher.id)).first()
    page = admin.get(f"/claims/new/other?teacher={teacher.id}").get_data(as_text=True)
    assert "本平台中没有项目的培训" in page and "门户" not in page


def test_a_full_paid_training_shows_its_teacher_no_free_training_step(make_app):
    """An approved teacher of a 200 元 training whose last seat another teacher had just taken
    read both 报名 steps withheld for want of seats, the free training's (免费培训，无需支付)
    too: the seat check came before the region's guard that never offers that step on a paid
    training. Only the step that applies is shown, and why it waits (名额已满)."""
    from portal.models import Enrollment, Teacher, User

    app = make_app("qingdao", demo=True)
    institution = signed_in(app, "institution")
    created = _new_project(institution, level="city", program="city_personalized", fee="200", class_size="1")
    project_id = int(re.search(r"/projects/(\d+)", created.headers["Location"]).group(1))
    assert institution.post(f"/projects/{project_id}/declare").status_code == 303
    teacher = signed_in(app, "teacher")
    assert teacher.post(f"/catalog/{project_id}/select", data={"invoice": "青岛市太平路小学"}).status_code == 303
    with app.app_context():
        enrollment_id = db.session.scalar(db.select(Enrollment.id).join(Teacher).join(User, Teacher.user_id == User.id)
                                          .where(Enrollment.project_id == project_id, User.username == "teacher"))
    school = signed_in(app, "school_admin")
    assert school.post(f"/enrollments/{enrollment_id}/moves",
                       data={"target": "approved", "state": "applied", "next": "/"}).status_code == 303
    with app.app_context():  # another teacher took the only seat
        db.session.execute(db.update(Project).where(Project.id == project_id).values(taken=1))
        db.session.commit()
    page = teacher.get("/me/enrollments").get_data(as_text=True)
    assert "名额已满" in page
    assert "免费培训，无需支付" not in page
