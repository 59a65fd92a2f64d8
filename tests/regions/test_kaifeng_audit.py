"""开封市的学时审核登记：县区或市师训部门审核登记，或说明理由退回培训机构核实后重新提交；全员培训
的考核结果培训结束后方可登记 (kaifeng-2018-online-training.txt §三(五), §四(一), §四(二)3, §五(一)).

The workflow and the guard are checked as values, through the region's hooks as the core calls
them, at the boundary (the training's last day and the day after); then end to end on the
demo through ``portal.services.reviews``: a department returns an entry with a reason, the
institution that recorded the result sees it again with the reason and hands it in, and the
department registers it.
"""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

import plugins.kaifeng as kaifeng
from plugins.kaifeng import parameters as P, workflow
from portal.domain import AuditStep, Grade, Period, UserRole
from portal.domain.text import using
from portal.domain.workflow import REASON, RESULT
from portal.extensions import db
from portal.models import AuditEvent, LedgerEntry, OrgUnit, Teacher, User
from portal.plugins import Region
from portal.services import reviews, training
from portal.services.accounts import create_user

AUDIT = workflow.AUDIT_WORKFLOW
END = date(2019, 4, 30)  # phase one ends (§四(二)2: 2019年1月至4月)
ALL_STAFF = {"program": "all_staff_high", "level": "city", "mode": "online", "hours": 60,
             "start": "2019-01-01", "end": END.isoformat(), "grade": "pass"}
CJK = range(0x4E00, 0xA000)


def region() -> Region:
    return Region.load("kaifeng", {"kaifeng": kaifeng})


def step(on=END + timedelta(days=1), target="approved", by=UserRole.CITY_ADMIN, facts=None,
         category=P.CATEGORY_ALL_STAFF, activity_date=END) -> AuditStep:
    return AuditStep("submitted", target, by, on, activity_date, category, Decimal(60),
                     ALL_STAFF if facts is None else facts, Period(date(2016, 1, 1), date(2020, 12, 31)))


def resolves_exactly(source: str) -> bool:
    """Every clause cited is in the notice, and the words it is pinned to are found there."""
    resolved = region().library.resolve(source)
    pinned = source.count("（")
    return bool(resolved) and all(r.location.exact for r in resolved) and \
        sum(bool(r.location.phrase) for r in resolved) == pinned


def english(text) -> str:
    with using("en"):
        return str(text)


# -- the workflow ------------------------------------------------------------------------------


def test_every_return_asks_a_reason_and_is_not_final():
    returns = [t for t in AUDIT.transitions if t.target == "returned"]
    assert {t.actor for t in returns} == {UserRole.DISTRICT_ADMIN, UserRole.CITY_ADMIN}
    assert all(REASON in t.asks for t in returns)
    assert not AUDIT.state("returned").final and not AUDIT.state("returned").counts


def test_a_returned_entry_goes_back_to_whoever_recorded_the_result():
    recorder = next(t.actor for t in workflow.ENROLLMENT_WORKFLOW.transitions if RESULT in t.asks)
    assert recorder == UserRole.INSTITUTION_STAFF  # 录入综合考核结果 (§三(五), §四(一))
    assert AUDIT.awaiting(recorder) == {"returned", "rejected"}
    resubmit = AUDIT.transition("returned", "submitted", frozenset({recorder}))
    assert resubmit is not None and resubmit.asks == ()
    # and nobody else hands it in, nor registers it without the department's audit: but for the
    # admins of a unit that ran its training itself, at that unit, on a project's result (0.5.54: such a
    # result returned to an institution before 0.5.46 waited there with no move offered to anyone)
    others = AUDIT.allowed("returned", frozenset(UserRole) - {recorder})
    assert all(t.target == "submitted" and t.over == "organiser_unit" and t.applies == workflow.PROJECTS_ONLY
               for t in others)


def test_entries_returned_before_a_reason_was_asked_are_not_lost():
    """Until 0.4, 退回 moved an entry to a final "rejected": such entries wait for the
    institution too, the state's name saying no reason was given."""
    assert not AUDIT.state("rejected").final
    assert AUDIT.allowed("rejected", frozenset({UserRole.INSTITUTION_STAFF}))[0].target == "submitted"
    assert not any(t.target == "rejected" for t in AUDIT.transitions)  # nothing goes there any more
    assert "未说明理由" in AUDIT.state("rejected").label


def test_the_only_final_state_is_registration():
    """The notice gives the audit no refusal of its own: 考核不合格 records no hours by the
    assessment itself (§三(五)), so there is no final "not registered" state."""
    assert [s.code for s in AUDIT.states if s.final] == ["approved"]
    finals = {s.code for s in AUDIT.states if s.final}
    for state in AUDIT.states:
        assert state.final or any(t.source == state.code for t in AUDIT.transitions), state.code
    assert not any(t.source in finals for t in AUDIT.transitions)


def test_the_workflow_cites_clauses_of_the_notice():
    assert resolves_exactly(AUDIT.source)


# -- registered after the training (§四(二)3, §三(五)) ------------------------------------------


def test_an_all_staff_result_is_registered_from_the_day_after_the_training():
    after = workflow.after_training_finding(step(on=END + timedelta(days=1)))
    assert after.ok and after.code == workflow.AFTER_TRAINING and "已于 2019-04-30 结束" in str(after.message)
    last_day = workflow.after_training_finding(step(on=END))
    assert not last_day.ok and "2019-04-30" in str(last_day.message) and "结束后方可审核登记" in str(last_day.message)
    assert "after" in english(last_day.message) and not any(ord(c) in CJK for c in english(last_day.message))
    assert resolves_exactly(last_day.source)


def test_through_the_hook_as_the_core_calls_it():
    kf = region()
    assert [f.code for f in kf.audit_findings(step(on=END)) if not f.ok] == [workflow.AFTER_TRAINING]
    assert all(f.ok for f in kf.audit_findings(step(on=END + timedelta(days=1))))
    for by in (UserRole.DISTRICT_ADMIN, UserRole.CITY_ADMIN):  # both departments alike
        assert not kf.audit_findings(step(on=END, by=by))[0].ok


@pytest.mark.parametrize("changes", [
    {"target": "returned"},  # a return is always offered
    {"facts": {"level": "county", "mode": "school_based", "hours": 24, "end": END.isoformat()},
     "category": P.CATEGORY_OTHER},  # the notice sets nothing for other training
])
def test_no_guard_on_a_return_or_on_other_training(changes):
    assert region().audit_findings(step(on=END, **changes)) == []


def test_without_an_end_the_entrys_date_is_the_trainings_last_day():
    facts = {k: v for k, v in ALL_STAFF.items() if k != "end"}
    assert not workflow.after_training_finding(step(on=END, facts=facts)).ok
    assert workflow.after_training_finding(step(on=END + timedelta(days=1), facts=facts)).ok


# -- end to end on the demo ---------------------------------------------------------------------


def user(name: str) -> User:
    return db.session.scalar(select(User).where(User.username == name))


def unit(code: str) -> OrgUnit:
    return db.session.scalar(select(OrgUnit).where(OrgUnit.code == code))


def school_of(entry: LedgerEntry) -> tuple[Teacher, OrgUnit]:
    teacher = db.session.get(Teacher, entry.teacher_id)
    return teacher, teacher.school


def queue(app, who: User, on: date) -> dict[int, reviews.ReviewRow]:
    page = reviews.review_page(app.extensions["portal.region"], who, on, per_page=100)
    assert page.total <= 100
    return {row.entry.id: row for row in page.items}


def institution_reaching(code: str) -> User:
    """An institution staff account the core's audit reaches: it finds entries by the teacher's
    school, so the account sits at a unit above the schools."""
    staff = create_user(None, username=f"inst_{code}", display_name="培训机构核实人员", password="demo12345x",
                        role=UserRole.INSTITUTION_STAFF, org_unit=unit(code))
    db.session.commit()
    return staff


def jushu_entry() -> LedgerEntry:
    """A result waiting for the city: a teacher of 河南大学附属中学, a school the city runs (局属)."""
    return db.session.scalar(select(LedgerEntry).join(Teacher, LedgerEntry.teacher_id == Teacher.id)
                             .join(OrgUnit, Teacher.school_id == OrgUnit.id)
                             .where(OrgUnit.code == "kf-hdfz", LedgerEntry.audit_state == "submitted")
                             .order_by(LedgerEntry.id))


def test_the_city_returns_with_a_reason_the_institution_hands_it_in_again(make_app):
    app = make_app("kaifeng", demo=True)
    kf = app.extensions["portal.region"]
    with app.app_context():
        city, staff = user("city_admin"), institution_reaching("kf")
        entry = jushu_entry()
        entry_id, on = entry.id, entry.activity_date + timedelta(days=1)
        teacher, school = school_of(entry)
        offered, withheld, _late = reviews.steps(kf, city, entry, teacher, school, on)
        assert {t.target for t in offered} == {"approved", "returned"} and withheld == ()

        with pytest.raises(reviews.ReviewRefused) as refused:
            reviews.review(kf, city, [entry_id], "returned", "  ", on=on)
        assert refused.value.code == "reason"
        assert db.session.get(LedgerEntry, entry_id).audit_state == "submitted"

        reviews.review(kf, city, [entry_id], "returned", "综合成绩与平台记录不符，请核实", on=on)
        assert db.session.get(LedgerEntry, entry_id).audit_state == "returned"
        event = db.session.scalars(select(AuditEvent).where(AuditEvent.subject_id == entry_id,
                                                            AuditEvent.action == reviews.EVENT)).one()
        assert event.after == {"state": "returned", "by": "city_admin", "reason": "综合成绩与平台记录不符，请核实"}
        assert entry_id not in queue(app, city, on)  # out of the department's hands ...

        row = queue(app, staff, on)[entry_id]  # ... and back in the institution's, with the reason
        assert row.reason == "综合成绩与平台记录不符，请核实"
        assert [t.target for t in row.actions] == ["submitted"]
        reviews.review(kf, staff, [entry_id], "submitted", on=on)
        assert db.session.get(LedgerEntry, entry_id).audit_state == "submitted"
        assert entry_id not in queue(app, staff, on)

        assert "approved" in {t.target for t in queue(app, city, on)[entry_id].actions}
        reviews.review(kf, city, [entry_id], "approved", on=on)
        assert db.session.get(LedgerEntry, entry_id).audit_state in kf.audit_workflow().counting()


def gulou_entry(kf) -> LedgerEntry:
    """A result of a 鼓楼区 teacher waiting for the district: a training an institution ran for the
    district (中国教师教育网), recorded. (One the district runs itself is not returned to an institution
    it does not have: ``test_a_training_a_bureau_runs_itself_is_not_returned...``.)"""
    organiser, school = unit("kf-inst"), unit("kf-gl-s1")
    project = training.add_project(None, organiser, name="鼓楼区小学数学校本研修", level="county",
                                   mode="school_based", start_date=date(2026, 3, 1), end_date=date(2026, 6, 30),
                                   year=2026, hours=Decimal(24), capacity=None)
    teacher = db.session.scalar(select(Teacher).where(Teacher.school_id == school.id).order_by(Teacher.id))
    enrollment = training.enroll(kf, None, project, teacher)
    return training.record_completion(kf, None, enrollment, Decimal(24), Grade.PASS)


def test_the_district_returns_with_a_reason_and_registers_the_result_handed_in_again(make_app):
    app = make_app("kaifeng", demo=True)
    kf = app.extensions["portal.region"]
    with app.app_context():
        district, staff = user("district_admin"), user("institution")  # 中国教师教育网, which ran it
        entry = gulou_entry(kf)
        entry_id, on = entry.id, date(2026, 7, 1)
        assert entry.audit_state == "submitted" and entry_id in queue(app, district, on)
        reviews.review(kf, district, [entry_id], "returned", "学时与签到记录不符", on=on)
        assert entry_id not in queue(app, district, on)
        assert queue(app, staff, on)[entry_id].reason == "学时与签到记录不符"
        reviews.review(kf, staff, [entry_id], "submitted", on=on)
        reviews.review(kf, district, [entry_id], "approved", on=on)
        assert db.session.get(LedgerEntry, entry_id).audit_state == "approved"


def test_an_entry_returned_without_a_reason_before_04_is_handed_in_again(make_app):
    app = make_app("kaifeng", demo=True)
    kf = app.extensions["portal.region"]
    with app.app_context():
        staff = institution_reaching("kf")
        first = jushu_entry()
        old = LedgerEntry(**{c.key: getattr(first, c.key) for c in LedgerEntry.__table__.columns
                             if c.key not in ("id", "created_at", "enrollment_id", "audit_state")},
                          audit_state="rejected")  # as 0.3 left it: final, no reason
        db.session.add(old)
        db.session.commit()
        on = old.activity_date + timedelta(days=1)
        assert [t.target for t in queue(app, staff, on)[old.id].actions] == ["submitted"]
        reviews.review(kf, staff, [old.id], "submitted", on=on)
        assert old.id in queue(app, user("city_admin"), on)


def test_a_result_of_a_training_still_running_waits_and_can_still_be_returned(make_app):
    app = make_app("kaifeng", demo=True)
    kf = app.extensions["portal.region"]
    with app.app_context():
        city = user("city_admin")
        entry = jushu_entry()
        entry_id, end = entry.id, date.fromisoformat(entry.facts["end"])
        teacher, school = school_of(entry)
        offered, withheld, _late = reviews.steps(kf, city, entry, teacher, school, end)
        assert [t.target for t in offered] == ["returned"]
        (held,) = withheld
        assert held.target == "approved" and [f.code for f in held.findings] == [workflow.AFTER_TRAINING]
        assert "结束后方可审核登记" in str(held.findings[0].message) and "四(二)3" in held.findings[0].source
        with pytest.raises(reviews.ReviewRefused) as refused:
            reviews.review(kf, city, [entry_id], "approved", on=end)
        assert refused.value.code == "refused" and refused.value.findings == held.findings
        assert db.session.get(LedgerEntry, entry_id).audit_state == "submitted"
        reviews.review(kf, city, [entry_id], "approved", on=end + timedelta(days=1))
        assert db.session.get(LedgerEntry, entry_id).audit_state == "approved"


def test_the_demos_institution_sees_a_returned_entry(make_app):
    """A 局属 senior high result the city returns reaches 陕西师范大学, which runs the senior high
    project (§四(一) 高中学段的培训工作由陕西师范大学承担): before, the city ran it in the demo and
    nobody could hand the result in again."""
    app = make_app("kaifeng", demo=True)
    kf = app.extensions["portal.region"]
    with app.app_context():
        entry = jushu_entry()
        entry_id, on = entry.id, entry.activity_date + timedelta(days=1)
        reviews.review(kf, user("city_admin"), [entry_id], "returned", "请核实", on=on)
        assert entry_id in queue(app, user("institution_senior"), on)
        assert entry_id not in queue(app, user("institution"), on)  # the other project's institution


def test_the_citys_department_acts_only_on_the_schools_the_city_runs(make_app):
    """§五(一): each level's department registers its own area's results; a county school's
    entry is not the city's, while a school the city runs itself (局属) is."""
    app = make_app("kaifeng", demo=True)
    kf = app.extensions["portal.region"]
    with app.app_context():
        city = db.session.scalar(select(User).where(User.username == "city_admin"))
        waiting = db.session.scalars(select(LedgerEntry).where(LedgerEntry.audit_state == "submitted")).all()
        by_kind = {e.teacher.school.parent.kind: e for e in waiting}
        for kind, offered_to_city in (("district", False), ("city", True)):
            entry = by_kind[kind]
            on = entry.activity_date + timedelta(days=400)
            offered, withheld, _late = reviews.steps(kf, city, entry, entry.teacher, entry.teacher.school, on)
            assert ("approved" in {t.target for t in offered}) is offered_to_city, kind
            assert withheld == ()  # not applicable is not shown as withheld


def test_a_training_a_bureau_runs_itself_is_not_returned_to_an_institution_it_does_not_have():
    """祥符区 runs its own trainings and its admin records their results: 退回培训机构核实 there left
    the entry waiting for an institution's 核实后重新提交 nobody could take (the home read it
    stranded). The return is not offered; an institution's result is still returned to it."""
    from dataclasses import replace as changed
    from portal.domain import OrgKind
    from portal.domain.workflow import NOT_APPLICABLE
    own = changed(step(target="returned", by=UserRole.DISTRICT_ADMIN), entry_source="enrollment",
                  organiser_kind=OrgKind.DISTRICT)
    found = region().audit_findings(own)
    assert [f.code for f in found] == [NOT_APPLICABLE] and not found[0].ok
    assert "没有培训机构可退回" in str(found[0].message)
    assert "no training institution" in english(found[0].message)
    for kind in (OrgKind.SCHOOL, OrgKind.CITY):
        assert [f.code for f in region().audit_findings(changed(own, organiser_kind=kind))] == [NOT_APPLICABLE]
    by_institution = changed(own, organiser_kind=OrgKind.INSTITUTION)
    assert region().audit_findings(by_institution) == []


def test_the_xiangfu_admin_registers_its_own_trainings_results_and_is_not_offered_the_dead_end_return(make_app):
    from tests.support import signed_in
    app = make_app("kaifeng", demo=True)
    page = signed_in(app, "district_admin_xf").get("/admin/reviews").get_data(as_text=True)
    assert "祥符区2026年暑期教师网络研修" in page and "县区师训部门审核登记" in page
    assert "退回培训机构核实" not in page
    # the city's department still returns an institution's result to it
    city = signed_in(app, "city_admin").get("/admin/reviews").get_data(as_text=True)
    assert "退回培训机构核实" in city
