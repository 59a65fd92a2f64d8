"""开封市：学校或教育局自行组织的培训，其考核结果由举办单位的管理员录入；师训部门审核时说明理由退回
举办单位核实，举办单位核实后重新提交，与培训机构的结果一样 (kaifeng-2018-online-training.txt §三(五),
§四(一), §五(一)).

Before 0.5.48 a result a school recorded for its own training could be returned to nobody: the return
to an institution was withheld (it has none), the claim's return too, the latter saying
这是培训机构录入的考核结果 of a result the school itself had entered.
"""
from __future__ import annotations

from dataclasses import replace as changed
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from plugins.kaifeng import workflow
from portal.domain import Grade, OrgKind, UserRole
from portal.domain.workflow import NOT_APPLICABLE, REASON
from portal.extensions import db
from portal.models import Enrollment, LedgerEntry, Teacher
from portal.services import reviews, training
from tests.regions.test_kaifeng_audit import english, queue, region, step, unit, user
from tests.support import signed_in

AUDIT = workflow.AUDIT_WORKFLOW
ON = date(2026, 7, 1)


def own_step(kind, target="organiser_returned", by=UserRole.DISTRICT_ADMIN, source="submitted", at=False):
    return changed(step(target=target, by=by), source=source, entry_source="enrollment", organiser_kind=kind,
                   at_organiser=at)


def test_a_result_a_school_or_bureau_recorded_is_returned_to_it_and_it_alone_hands_it_in_again():
    for by, other, own in ((UserRole.DISTRICT_ADMIN, OrgKind.CITY, OrgKind.DISTRICT),
                           (UserRole.CITY_ADMIN, OrgKind.DISTRICT, OrgKind.CITY)):
        for kind in (OrgKind.SCHOOL, other):
            assert region().audit_findings(own_step(kind, by=by)) == [], (by, kind)
        # not to itself: the department ran it and recorded the result (祥符区's own training)
        (found,) = region().audit_findings(own_step(own, by=by, at=True))
        assert found.code == NOT_APPLICABLE and "本部门" in str(found.message)
        assert "no other organiser" in english(found.message)
        # an institution's result goes back to the institution, not to an organiser it is not
        (found,) = region().audit_findings(own_step(OrgKind.INSTITUTION, by=by))
        assert found.code == NOT_APPLICABLE and "培训机构" in str(found.message)
    for kind, admin in ((OrgKind.SCHOOL, UserRole.SCHOOL_ADMIN), (OrgKind.DISTRICT, UserRole.DISTRICT_ADMIN),
                        (OrgKind.CITY, UserRole.CITY_ADMIN)):
        for by in (UserRole.SCHOOL_ADMIN, UserRole.DISTRICT_ADMIN, UserRole.CITY_ADMIN):
            found = region().audit_findings(own_step(kind, "submitted", by, "organiser_returned", at=True))
            assert (found == []) is (by == admin), (kind, by)
    # a claim has no organiser that recorded it
    claim = changed(own_step(OrgKind.SCHOOL), entry_source="outside")
    assert [f.code for f in region().audit_findings(claim)] == [NOT_APPLICABLE]


def test_the_refusals_on_a_schools_own_result_name_the_organiser_not_an_institution():
    for target in ("claim_returned", "returned"):
        (found,) = region().audit_findings(own_step(OrgKind.SCHOOL, target=target))
        assert found.code == NOT_APPLICABLE
        assert "这是培训机构录入" not in str(found.message) and "退回举办单位核实" in str(found.message)
        assert "organising unit" in english(found.message) and not any(0x4E00 <= ord(c) < 0xA000
                                                                        for c in english(found.message))


def test_the_organisers_return_asks_a_reason_and_applies_to_projects_results_only():
    returns = [t for t in AUDIT.transitions if t.target == "organiser_returned"]
    assert {t.actor for t in returns} == {UserRole.DISTRICT_ADMIN, UserRole.CITY_ADMIN}
    assert all(REASON in t.asks and t.applies == workflow.PROJECTS_ONLY for t in returns)
    back = [t for t in AUDIT.transitions if t.source == "organiser_returned"]
    assert {t.actor for t in back} == {UserRole.SCHOOL_ADMIN, UserRole.DISTRICT_ADMIN, UserRole.CITY_ADMIN}
    assert all(t.target == "submitted" and t.label == workflow.RESUBMIT_LABEL for t in back)
    state = AUDIT.state("organiser_returned")
    assert not state.final and not state.counts and "举办单位" in str(state.label)
    assert "organising unit" in english(state.label)


def own_entry(kf, organiser: str = "kf-gl-s1", level: str = "school") -> LedgerEntry:
    """A result of a training a unit ran itself (by default 鼓楼区第一小学), recorded by its admin."""
    school = unit("kf-gl-s1")
    project = training.add_project(None, unit(organiser), name="第一小学数学校本研修", level=level,
                                   mode="school_based", start_date=date(2026, 3, 1), end_date=date(2026, 6, 30),
                                   year=2026, hours=Decimal(24), capacity=None)
    teacher = db.session.scalar(select(Teacher).where(Teacher.school_id == school.id).order_by(Teacher.id))
    enrollment = training.enroll(kf, None, project, teacher)
    return training.record_completion(kf, None, enrollment, Decimal(24), Grade.PASS)


def test_the_district_returns_a_schools_own_result_to_the_school_which_hands_it_in_again(make_app):
    app = make_app("kaifeng", demo=True)
    kf = app.extensions["portal.region"]
    with app.app_context():
        district, school, principal = user("district_admin"), user("school_admin"), user("principal")
        entry = own_entry(kf)
        entry_id = entry.id
        assert entry.audit_state == "submitted"
        row = queue(app, district, ON)[entry_id]
        assert {t.target for t in row.actions} == {"approved", "organiser_returned"} and row.withheld == ()
        for elsewhere in ("returned", "claim_returned"):
            with pytest.raises(reviews.ReviewRefused):
                reviews.review(kf, district, [entry_id], elsewhere, "请核实", on=ON)

        reviews.review(kf, district, [entry_id], "organiser_returned", "成绩与签到记录不符，请核实", on=ON)
        assert db.session.get(LedgerEntry, entry_id).audit_state == "organiser_returned"
        assert entry_id not in queue(app, district, ON)  # the district does not hand the school's result in
        assert entry_id not in queue(app, principal, ON)  # the school's admin recorded it
        again = queue(app, school, ON)[entry_id]
        assert again.reason == "成绩与签到记录不符，请核实" and [t.target for t in again.actions] == ["submitted"]
        reviews.review(kf, school, [entry_id], "submitted", on=ON)
        reviews.review(kf, district, [entry_id], "approved", on=ON)
        assert db.session.get(LedgerEntry, entry_id).audit_state in kf.audit_workflow().counting()


def test_a_result_of_the_citys_own_training_goes_back_to_the_city_not_to_the_teachers_school(make_app):
    """A training the city bureau ran itself, a 鼓楼区 teacher's result registered by 鼓楼区 (§五(一)):
    returned, the city's admin hands it in again (though the city does not register a district
    school's hours); the school's and the district's admins, who reach the teacher, recorded nothing."""
    app = make_app("kaifeng", demo=True)
    kf = app.extensions["portal.region"]
    with app.app_context():
        district, school, city = user("district_admin"), user("school_admin"), user("city_admin")
        entry = own_entry(kf, "kf", "city")
        entry_id = entry.id
        reviews.review(kf, district, [entry_id], "organiser_returned", "请核实", on=ON)
        assert entry_id not in queue(app, school, ON) and entry_id not in queue(app, district, ON)
        assert [t.target for t in queue(app, city, ON)[entry_id].actions] == ["submitted"]
        reviews.review(kf, city, [entry_id], "submitted", on=ON)
        assert db.session.get(LedgerEntry, entry_id).audit_state == "submitted"


def test_the_xiangfu_department_is_not_offered_a_return_to_itself(make_app):
    page = signed_in(make_app("kaifeng", demo=True), "district_admin_xf").get("/admin/reviews").get_data(as_text=True)
    assert "祥符区2026年暑期教师网络研修" in page and "县区师训部门审核登记" in page
    assert "退回举办单位核实" not in page and "退回培训机构核实" not in page


def test_the_schools_queue_and_home_name_what_was_returned_to_it(make_app):
    app = make_app("kaifeng", demo=True)
    kf = app.extensions["portal.region"]
    with app.app_context():
        entry = own_entry(kf)
        reviews.review(kf, user("district_admin"), [entry.id], "organiser_returned", "成绩与签到记录不符，请核实",
                       on=ON)
    client = signed_in(app, "school_admin")
    page = client.get("/admin/reviews").get_data(as_text=True)
    assert "第一小学数学校本研修" in page and "核实后重新提交" in page and "成绩与签到记录不符" in page
    assert "待您审核" not in page
    client.post("/locale/en")
    page = client.get("/admin/reviews").get_data(as_text=True)
    assert "Checked: hand in again" in page and "awaiting you" not in page.lower()


def test_an_older_return_of_a_self_run_training_names_its_organiser_not_an_institution(make_app):
    """Entries of a training a school ran itself, returned before 0.5.46 (returned, or the pre-0.4
    rejected), read 待培训机构核实 though no institution ran it: they name the organiser that checks
    them, as organiser_returned does, on its queue and on the teacher's pages, in zh and en."""
    assert str(AUDIT.label_of("returned", OrgKind.SCHOOL.value)) == "已退回举办单位，待其核实后重新提交"
    assert str(AUDIT.label_of("rejected", OrgKind.DISTRICT.value)).startswith("已退回举办单位（未说明理由）")
    assert str(AUDIT.label_of("returned", OrgKind.INSTITUTION.value)) == "已退回，待培训机构核实后重新提交"
    app = make_app("kaifeng", demo=True)
    kf = app.extensions["portal.region"]
    with app.app_context():
        entry = own_entry(kf)
        entry.audit_state = "returned"
        db.session.commit()
        teacher_id = entry.teacher_id
    page = signed_in(app, "school_admin").get("/admin/reviews").get_data(as_text=True)
    assert "已退回举办单位，待其核实后重新提交" in page and "待培训机构核实" not in page
    client = signed_in(app, "city_admin")  # the city reads the teacher's pages
    for path in (f"/admin/teachers/{teacher_id}", f"/admin/teachers/{teacher_id}/ledger"):
        page = client.get(path).get_data(as_text=True)
        assert "已退回举办单位，待其核实后重新提交" in page and "待培训机构核实" not in page, path
    client.post("/locale/en")
    assert "awaiting the organising unit" in client.get(f"/admin/teachers/{teacher_id}/ledger").get_data(as_text=True)


def test_an_older_return_names_its_organiser_on_the_teachers_trainings_and_the_class_list(make_app):
    """Where a completion's record stands in the audit (其记录：…) reads as the ledger reads it
    (``Workflow.label_of``): the teacher's trainings and the project's class list said
    待培训机构核实 of a training the school ran itself while her ledger named the organiser."""
    app = make_app("kaifeng", demo=True)
    kf = app.extensions["portal.region"]
    with app.app_context():
        entry = own_entry(kf)
        entry.audit_state = "returned"
        db.session.commit()
        teacher = db.session.get(Teacher, entry.teacher_id)
        username, project_id = teacher.user.username, db.session.get(Enrollment, entry.enrollment_id).project_id
    for client, path in ((signed_in(app, username), "/me/enrollments"),
                         (signed_in(app, "school_admin"), f"/projects/{project_id}/class")):
        page = client.get(path).get_data(as_text=True)
        assert "已退回举办单位，待其核实后重新提交" in page and "待培训机构核实" not in page, path
    # the JSON API says it too, beside the enrollment's own state
    (item,) = [i for i in signed_in(app, username).get("/api/me/enrollments").get_json()["items"]
               if i["project_id"] == project_id]
    assert item["record_state_label"] == "已退回举办单位，待其核实后重新提交"
