"""Qingdao: what a phone trial of the demo found (topics typed as codes, bulk enrolment that
did not enrol, credits said to be registered before their audit)."""
from __future__ import annotations

import re

from portal.extensions import db
from portal.models import TrainingProject as Project
from tests.support import first_organiser, signed_in


def _project_with(app, topic: str) -> Project:
    with app.app_context():
        # the demo's training of that topic alone (the head teachers' class covers two)
        return next(p for p in db.session.scalars(db.select(Project)) if list(p.topics or ()) == [topic])


def test_topics_are_ticked_among_the_regions_with_their_names(make_app):
    app = make_app("qingdao", demo=True)
    admin = signed_in(app, "city_admin")
    form = admin.get("/projects/new").get_data(as_text=True)
    assert re.search(r'type="checkbox"[^>]*name="topics"[^>]*value="financial_literacy"', form) or \
        re.search(r'name="topics"[^>]*type="checkbox"[^>]*value="financial_literacy"', form)
    assert "财经素养" in form and "专题代码" not in form
    project = _project_with(app, "child_protection_law")
    for page in (f"/projects/{project.id}", f"/catalog/{project.id}"):
        shown = admin.get(page).get_data(as_text=True)
        assert re.search(r"<dt>专题</dt><dd>儿童保护法律教育</dd>", shown) and "child_protection_law" not in shown, page
    edit = admin.get(f"/projects/{project.id}/edit").get_data(as_text=True)
    assert re.search(r'value="child_protection_law"[^>]*checked', edit) or \
        re.search(r'checked[^>]*value="child_protection_law"', edit)


def test_an_unknown_topic_is_refused_with_a_message(make_app):
    app = make_app("qingdao", demo=True)
    admin = signed_in(app, "city_admin")
    project = _project_with(app, "child_protection_law")
    edit = admin.get(f"/projects/{project.id}/edit").get_data(as_text=True)
    data = {m.group(1): m.group(2) for m in re.finditer(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', edit)
            if 'type="checkbox"' not in m.group(0)}
    data["topics"] = "财经素养"
    refused = admin.post(f"/projects/{project.id}/edit", data=data)
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert "不是本地区的专题：财经素养" in page


def _free_district_project(app) -> Project:
    with app.app_context():
        return next(p for p in db.session.scalars(db.select(Project).order_by(Project.id))
                    if p.status == "published" and not p.fee and p.program != "city_personalized"
                    and p.level == "county" and p.start_date > __import__("datetime").date.today())


def test_a_schools_bulk_submission_of_its_teachers_enrols_them(make_app):
    from portal.models import Enrollment

    app = make_app("qingdao", demo=True)
    school = signed_in(app, "school_admin")
    project = _free_district_project(app)
    page = school.get(f"/projects/{project.id}/enrol").get_data(as_text=True)
    ticked = re.findall(r'name="teacher" value="(\d+)"', page)[:2]
    assert ticked, page
    done = school.post(f"/projects/{project.id}/enrol", data={"teacher": ticked, "role": "participant", "q": ""})
    assert done.status_code in (200, 303)
    with app.app_context():
        states = {e.status for e in db.session.scalars(
            db.select(Enrollment).where(Enrollment.project_id == project.id,
                                        Enrollment.teacher_id.in_([int(t) for t in ticked])))}
    assert states == {"enrolled"}
    listed = school.get(f"/projects/{project.id}/class").get_data(as_text=True)
    assert listed.count(">已报名<") >= len(ticked)


def test_a_completed_enrollment_says_neither_that_its_credits_count_nor_that_they_wait_for_the_audit():
    """The completed state lasts through the record's audit: its words claim neither (they read
    "审核通过后计入" after the audit passed); the teacher's list says where the record stands."""
    from datetime import date

    from plugins.qingdao import workflow as W
    from portal.domain import COMPLETED

    label = W.enrollment_workflow(date(2025, 5, 6)).state(COMPLETED).label
    assert str(label) == "已结业，学分已登记"
    assert not W.AUDIT_WORKFLOW.state(W.REGISTERED).counts  # the entry counts only once approved


def test_a_layer_refusal_names_the_projects_layer_and_the_teachers():
    from datetime import date, datetime

    from portal.domain import Level, Mode, ProjectFacts, TeacherFacts, UserRole
    from portal.domain.selection import Selection, layer_finding

    project = ProjectFacts(name="骨干教师研修", level=Level.COUNTY, mode=Mode.CENTRALIZED, start=date(2099, 6, 1),
                           end=date(2099, 6, 1), hours=__import__("decimal").Decimal(3), layer="骨干教师")
    found = layer_finding(Selection(project, TeacherFacts(layer="新任教师"), datetime(2099, 5, 1), UserRole.TEACHER), "")
    assert not found.ok and "骨干教师" in str(found.message) and "新任教师" in str(found.message)
    found = layer_finding(Selection(project, TeacherFacts(), datetime(2099, 5, 1), UserRole.TEACHER), "")
    assert not found.ok and "骨干教师" in str(found.message) and "尚未登记" in str(found.message)


def test_a_project_of_no_hours_is_refused(make_app):
    app = make_app("qingdao", demo=True)
    admin = signed_in(app, "city_admin")
    form = admin.get("/projects/new").get_data(as_text=True)
    organiser = first_organiser(form)
    refused = admin.post("/projects/new", data={
        "organiser": organiser, "name": "零学时培训", "level": "county", "mode": "centralized",
        "start": "2099-03-02", "end": "2099-03-02", "hours": "0", "classes": "1", "fee": "0",
        "description": "说明", "stages": ["primary"]})
    assert refused.status_code == 422
    assert "培训学时须大于 0" in refused.get_data(as_text=True)


def test_a_required_stage_field_does_not_say_none_means_all(make_app):
    app = make_app("qingdao", demo=True)
    form = signed_in(app, "city_admin").get("/projects/new").get_data(as_text=True)
    assert '<label for="stages">面向学段</label>' in form
    assert "面向学段（不选为全部）" not in form


def test_a_full_free_training_offers_the_school_no_teacher_to_submit(make_app):
    """An admin's submission enrols at once, taking a seat (portal_selection_state): on a full
    training the submission page offers nobody and says why, where it offered every teacher and
    the submission then failed (review of stop 24)."""
    app = make_app("qingdao", demo=True)
    project = _free_district_project(app)
    with app.app_context():
        db.session.execute(db.update(Project).where(Project.id == project.id).values(capacity=Project.taken))
        db.session.commit()
    page = signed_in(app, "school_admin").get(f"/projects/{project.id}/enrol").get_data(as_text=True)
    assert not re.findall(r'name="teacher" value="(\d+)"', page)
    assert "名额已满" in page, page
