"""开封市：退回举办单位核实的结果只由举办该培训的单位核实后重新提交，不由同类的其他单位；县区师训部门
可将本区教师参加另一县区所办培训的结果退回该县区核实，只有自行举办的才不退回本部门
(kaifeng-2018-online-training.txt §三(五), §四(一), §五(一)).

Until 0.5.52 the audit knew only the organiser's kind: 鼓楼区实验小学's admin was offered
核实后重新提交 on a result 第十四中学 recorded for its own training (the teacher being hers), and
鼓楼区's department was refused 退回举办单位核实 on a result 祥符区 recorded, read as its own.
"""
from __future__ import annotations

from dataclasses import replace as changed
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select, text

from portal.domain import Grade, OrgKind, UserRole
from portal.domain.workflow import NOT_APPLICABLE
from portal.extensions import db
from portal.models import LedgerEntry, Teacher
from portal.services import reviews, training
from portal.services.accounts import create_user
from tests.regions.test_kaifeng_audit import english, queue, region, step, unit, user
from tests.support import signed_in

ON = date(2026, 7, 1)


def own_step(kind, target="organiser_returned", by=UserRole.DISTRICT_ADMIN, source="submitted", at=False):
    return changed(step(target=target, by=by), source=source, entry_source="enrollment", organiser_kind=kind,
                   at_organiser=at)


def test_a_department_returns_to_another_unit_of_its_kind_not_to_itself():
    for by, kind in ((UserRole.DISTRICT_ADMIN, OrgKind.DISTRICT), (UserRole.CITY_ADMIN, OrgKind.CITY)):
        # another district's training (祥符区's, a 鼓楼区 teacher's result): returned to it
        assert region().audit_findings(own_step(kind, by=by)) == [], by
        (found,) = region().audit_findings(own_step(kind, by=by, at=True))
        assert found.code == NOT_APPLICABLE and "本部门" in str(found.message)


def test_only_the_organising_units_own_admins_hand_its_result_in_again():
    for kind, admin in ((OrgKind.SCHOOL, UserRole.SCHOOL_ADMIN), (OrgKind.DISTRICT, UserRole.DISTRICT_ADMIN)):
        back = own_step(kind, "submitted", admin, "organiser_returned", at=True)
        assert region().audit_findings(back) == []
        (found,) = region().audit_findings(changed(back, at_organiser=False))
        assert found.code == NOT_APPLICABLE and "举办单位" in str(found.message)
    steps = [t for t in region().audit_workflow().transitions if t.source == "organiser_returned"]
    assert steps and all(t.over == "organiser_unit" for t in steps)


def ran_by(kf, organiser: str, school: str = "kf-gl-s1", level: str = "school") -> LedgerEntry:
    """The result of a training ``organiser`` ran itself, for a teacher of ``school``."""
    project = training.add_project(None, unit(organiser), name="第十四中学开放周研修", level=level,
                                   mode="school_based", start_date=date(2026, 3, 1), end_date=date(2026, 6, 30),
                                   year=2026, hours=Decimal(24), capacity=None)
    teacher = db.session.scalar(select(Teacher).where(Teacher.school_id == unit(school).id).order_by(Teacher.id))
    return training.record_completion(kf, None, training.enroll(kf, None, project, teacher), Decimal(24), Grade.PASS)


def admin_of(code: str) -> object:
    admin = create_user(None, username=f"admin_{code}", display_name="第十四中学系统管理员", password="demo12345x",
                        role=UserRole.SCHOOL_ADMIN, org_unit=unit(code))
    db.session.commit()
    return admin


def test_another_schools_admin_is_neither_offered_nor_allowed_its_check(make_app):
    """第十四中学 ran the training; 实验小学's teacher attended: returned by 鼓楼区, only 第十四中学's
    admin hands it in again; 实验小学's admin, who reaches the teacher, is offered nothing and
    refused in words if she posts it."""
    app = make_app("kaifeng", demo=True)
    kf = app.extensions["portal.region"]
    with app.app_context():
        entry_id = ran_by(kf, "kf-gl-s2").id
        reviews.review(kf, user("district_admin"), [entry_id], "organiser_returned", "签到记录不全", on=ON)
        own_school = user("school_admin")
        assert entry_id not in queue(app, own_school, ON)
        with pytest.raises(reviews.ReviewRefused) as refused:
            reviews.review(kf, own_school, [entry_id], "submitted", on=ON)
        assert refused.value.code == "not_allowed" and refused.value.taken_by
        organiser = admin_of("kf-gl-s2")
        assert [t.target for t in queue(app, organiser, ON)[entry_id].actions] == ["submitted"]
    client = signed_in(app, "school_admin")
    page = client.get("/admin/reviews").get_data(as_text=True)
    assert "第十四中学开放周研修" not in page and "核实后重新提交" not in page
    posted = client.post(f"/admin/reviews/{entry_id}", data={"target": "submitted"}, headers={"HX-Request": "true"})
    said = posted.get_data(as_text=True)
    assert posted.status_code == 403 and "举办" in said
    with app.app_context():
        assert db.session.get(LedgerEntry, entry_id).audit_state == "organiser_returned"
        reviews.review(kf, user("admin_kf-gl-s2"), [entry_id], "submitted", on=ON)
        assert db.session.get(LedgerEntry, entry_id).audit_state == "submitted"


def test_a_district_returns_another_districts_result_which_that_district_alone_hands_in(make_app):
    """祥符区 ran a county training a 鼓楼区 teacher attended: 鼓楼区's department registers or returns
    it to 祥符区 (§五(一): the teacher's area), 祥符区 registers none of 鼓楼区's teachers, and only
    祥符区's department hands the returned result in again."""
    app = make_app("kaifeng", demo=True)
    kf = app.extensions["portal.region"]
    with app.app_context():
        gulou, xiangfu = user("district_admin"), user("district_admin_xf")
        entry_id = ran_by(kf, "kf-xf", level="county").id
        assert {t.target for t in queue(app, gulou, ON)[entry_id].actions} == {"approved", "organiser_returned"}
        assert entry_id not in queue(app, xiangfu, ON)
        with pytest.raises(reviews.ReviewRefused):
            reviews.review(kf, xiangfu, [entry_id], "approved", on=ON)
        reviews.review(kf, gulou, [entry_id], "organiser_returned", "成绩与签到记录不符", on=ON)
        assert entry_id not in queue(app, gulou, ON)
        with pytest.raises(reviews.ReviewRefused):
            reviews.review(kf, gulou, [entry_id], "submitted", on=ON)
        assert [t.target for t in queue(app, xiangfu, ON)[entry_id].actions] == ["submitted"]
        reviews.review(kf, xiangfu, [entry_id], "submitted", on=ON)
        reviews.review(kf, gulou, [entry_id], "approved", on=ON)
        assert db.session.get(LedgerEntry, entry_id).audit_state == "approved"


def test_a_step_never_the_readers_is_refused_with_the_regions_words(make_app):
    """祥符区's department posting 退回举办单位核实 on its own training's result reads why not."""
    app = make_app("kaifeng", demo=True)
    kf = app.extensions["portal.region"]
    with app.app_context():
        entry_id = ran_by(kf, "kf-xf", school="kf-xf-s1", level="county").id
        with pytest.raises(reviews.ReviewRefused) as refused:
            reviews.review(kf, user("district_admin_xf"), [entry_id], "organiser_returned", "请核实", on=ON)
        assert refused.value.code == "refused"
        assert "本部门" in str(refused.value.findings[0].message)
        assert "no other organiser" in english(refused.value.findings[0].message)


def test_a_self_run_result_returned_to_an_institution_before_0_5_46_is_not_stranded(make_app):
    """Before 0.5.46 鼓楼区's department could return a school's own result to a training institution
    (退回培训机构核实, state "returned"; before 0.4 the unexplained "rejected"): no institution ran it,
    and the entry waited with no move offered to anyone. The school that ran it hands it in again;
    another school's admin does not; nothing is left stranded."""
    app = make_app("kaifeng", demo=True)
    kf = app.extensions["portal.region"]
    with app.app_context():
        old = {}
        for state in ("returned", "rejected"):
            entry_id = ran_by(kf, "kf-gl-s2").id
            # as the older workflow left it (no step of today's reaches "rejected": written as a migration would)
            db.session.execute(text(f"UPDATE {LedgerEntry.__tablename__} SET audit_state = :state WHERE id = :id"),
                               {"state": state, "id": entry_id})
            old[state] = entry_id
        db.session.commit()
        db.session.expire_all()
        district = user("district_admin")
        # 第十四中学 has no admin in the demo: the district is told the two wait for nobody (both
        # states of one school: their labels were compared, and the home failed)
        assert [s.count for s in reviews.stranded(kf, district, ON)] == [1, 1]
        organiser = admin_of("kf-gl-s2")
        assert reviews.stranded(kf, district, ON) == ()
        assert not set(old.values()) & set(queue(app, user("school_admin"), ON))
        offered = queue(app, organiser, ON)
        for entry_id in old.values():
            assert [t.target for t in offered[entry_id].actions] == ["submitted"]
            reviews.review(kf, organiser, [entry_id], "submitted", on=ON)
            reviews.review(kf, district, [entry_id], "approved", on=ON)
            assert db.session.get(LedgerEntry, entry_id).audit_state == "approved"
