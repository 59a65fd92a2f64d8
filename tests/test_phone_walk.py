"""Defects seen walking each region's demo on a phone, as its teachers and administrators would."""
from __future__ import annotations

from tests.support import first_organiser, signed_in, text


def test_the_trainings_that_would_help_open_as_a_whole_page_from_the_duties_pages_link(make_app):
    """The duties page's link "查看可补足这些要求的培训" (followed where its script has not loaded the
    list in place) opened a bare fragment: no header, no menu, no styles, no way back."""
    app = make_app("qingdao", demo=True)
    teacher = signed_in(app, "teacher")
    page = teacher.get("/me/compliance/trainings")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<html" in html and "portal.css" in html
    assert "/me/compliance" in html and "可补足学分的培训" in text(page)
    fragment = teacher.get("/me/compliance/trainings", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" not in fragment and "可补足学分的培训" in fragment


def test_the_appeal_forms_date_is_marked_needed_where_an_appeal_without_it_is_refused(make_app):
    """An appeal about a missing training or a year's standing is refused without its date
    ("请填写日期，不能晚于今天"), yet the form marked only the subject and the reason as needed:
    a teacher on a phone learnt of it after sending (and choosing her photos again)."""
    app = make_app("ruian", demo=True)
    teacher = signed_in(app, "teacher")
    page = teacher.get("/appeals/new").get_data(as_text=True)
    label = page[page.index('for="day"'):]
    assert label.index('class="required"') < label.index("<input")
    refused = teacher.post("/appeals/new", data={"subject": "missing", "statement": "10月的培训没有登记"})
    assert refused.status_code == 422 and "请填写日期" in text(refused)


def test_the_bulk_enrolment_page_offers_no_choice_of_one_role(make_app):
    """Kaifeng's school admin enrols teachers in the all-staff training only as participants; the page
    still showed a list of that one role and a "选择" button beside it, which changed nothing.
    The training is the demo's next one still open to enrolment (2027's on 6 December 2026,
    2028's once its 12-20 deadline has passed)."""
    from sqlalchemy import select

    from plugins.kaifeng.demo import next_training_year
    from portal import clock
    from portal.extensions import db
    from portal.models import TrainingProject

    app = make_app("kaifeng", demo=True)
    year = next_training_year(clock.today())
    with app.app_context():
        project = db.session.scalars(select(TrainingProject).where(TrainingProject.name.like(f"%全员培训（{year}年度）%"))
                                     .order_by(TrainingProject.id)).first()
    school = signed_in(app, "school_admin")
    page = school.get(f"/projects/{project.id}/enrol")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'id="role"' not in html and "报名身份：学员" in text(page).replace("： ", "：")


def test_a_new_project_missing_several_required_fields_is_told_of_all_of_them_at_once(make_app):
    """Qingdao requires a project's description and school stages: a project saved without both was
    told only of the description, then, once that was filled in, of the stages (two tries on a phone)."""
    app = make_app("qingdao", demo=True)
    institution = signed_in(app, "institution")
    page = institution.get("/projects/new").get_data(as_text=True)
    organiser = first_organiser(page)
    answer = institution.post("/projects/new", data={
        "organiser": organiser, "name": "2027年青岛市教师个性化培训：测试", "level": "city", "mode": "centralized",
        "start": "2027-03-01", "end": "2027-03-02", "hours": "12", "classes": "1", "fee": "0"})
    assert answer.status_code == 422
    html = answer.get_data(as_text=True)
    assert 'id="description-error">本地区要求填写此项' in html and 'id="stages-error">本地区要求填写此项' in html


def test_an_institutions_home_opens_each_of_its_projects_and_says_where_it_stands(make_app):
    """The institution's home listed its projects as plain text: none could be opened from there, and
    a project waiting for review read like a published one."""
    app = make_app("ruian", demo=True)
    institution = signed_in(app, "institution")
    home = institution.get("/admin/")
    html = home.get_data(as_text=True)
    section = html[html.index("本机构培训项目"):]
    assert 'href="/projects/' in section
    assert "待审核" in text(home)[text(home).index("本机构培训项目"):]


def test_an_institutions_home_counts_the_enrollments_waiting_for_its_step(make_app):
    """Phone trial (ruian): in its recheck window the institution's home listed its projects only;
    the two choices waiting for its recheck (培训机构受理复核) were counted on the principal's home
    for the school's review but nowhere on the institution's, which has no teachers' figures."""
    from portal.extensions import db
    from portal.models import Enrollment

    app = make_app("ruian", demo=True)
    institution = signed_in(app, "institution")
    assert "待办选课" not in text(institution.get("/admin/"))
    with app.app_context():  # a choice the school approved, its recheck the institution's step
        from portal.models import TrainingProject
        from sqlalchemy import select
        project = db.session.scalar(select(TrainingProject).where(TrainingProject.name.like("%心理健康教育%")))
        teacher = db.session.scalar(select(Enrollment.teacher_id).limit(1))
        db.session.add(Enrollment(project_id=project.id, teacher_id=teacher, status="school_approved",
                                  phase="round1_selection"))
        db.session.commit()
    with app.app_context():  # the bureau's calendar moves on: round 1's recheck is today
        from dataclasses import replace

        from portal import clock
        from portal.services import calendar as calendar_service
        phases = calendar_service.kept()
        recheck = next(p for p in phases if p.kind == "round1_institution_recheck")
        shift = clock.today() - recheck.start
        calendar_service.keep(None, [replace(p, start=p.start + shift, end=p.end + shift) for p in phases])
        db.session.commit()
    home = institution.get("/admin/")
    words = text(home)
    assert "待办选课" in words and 'href="/enrollments/awaiting"' in home.get_data(as_text=True)
