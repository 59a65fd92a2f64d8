"""The training process through the pages: a project drafted, declared, reviewed and
published; found and selected by a teacher; moved along the region's workflow by whoever it
names, to credits in the teacher's ledger; holds that expire; refusals that say why."""
from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from plugins.kaifeng.demo import next_training_year
from portal import clock
from portal.extensions import db
from portal.models import (
    AuditEvent, ClassRequest, Enrollment, LedgerEntry, Notification, OrgUnit, Teacher, TrainingProject, User,
)
from portal.models.types import utcnow
from portal.services import enrollments, projects, training
from portal.services.sql_functions import json_list_has
from tests.support import first_organiser, signed_in

NEXT_YEAR = clock.today().year + 1


def _project_form(client, **fields) -> dict:
    """A new project's form as its organiser fills it in: a city training next March, and ``fields``."""
    form = client.get("/projects/new").get_data(as_text=True)
    organiser = first_organiser(form)
    data = {"organiser": organiser, "name": "小学语文整本书阅读", "level": "city", "mode": "centralized",
            "start": f"{NEXT_YEAR}-03-02", "end": f"{NEXT_YEAR}-03-04", "hours": "24", "classes": "1",
            "class_size": "30", "fee": "0", "stages": ["primary"], "description": "小学语文教师"}
    return {**data, **fields}


def _new_project(app, client, **fields) -> int:
    created = client.post("/projects/new", data=_project_form(client, **fields))
    assert created.status_code == 303, created.get_data(as_text=True)
    return int(re.search(r"/projects/(\d+)", created.headers["Location"]).group(1))


def _asking_for_classes(app, institution) -> int:
    """A new published project of ``institution``'s, of 2 seats a class, for which it asks 2 classes."""
    project_id = _new_project(app, institution, base_credits="24", class_size="2")
    with app.app_context():
        db.session.get(TrainingProject, project_id).status = "published"
        db.session.commit()
    institution.post(f"/projects/{project_id}/classes", data={"classes": "2", "reason": "报名人数多"})
    return project_id


def _step(client, enrollment_id, target, state, **data):
    return client.post(f"/enrollments/{enrollment_id}/moves",
                       data={"target": target, "state": state, "next": "/me/enrollments", **data})


def _started(app, project_id, on=None) -> None:
    """The project's training begins (today, or ``on``): its results may be recorded from then."""
    with app.app_context():
        db.session.get(TrainingProject, project_id).start_date = on or clock.today()
        db.session.commit()


def _ended(app, project_id) -> None:
    """The project's training was held today: it has ended, and its results may be recorded."""
    with app.app_context():
        project = db.session.get(TrainingProject, project_id)
        project.start_date = project.end_date = clock.today()
        db.session.commit()


def _enrollment(app, project_id, username="teacher") -> Enrollment:
    with app.app_context():
        return db.session.scalar(select(Enrollment).join(Teacher).join(User, Teacher.user_id == User.id)
                                 .where(Enrollment.project_id == project_id, User.username == username))


def test_qingdao_from_a_new_project_to_credits_in_the_ledger(make_app):
    app = make_app("qingdao", demo=True)
    institution = signed_in(app, "institution")
    project_id = _new_project(app, institution, fee="100", program="city_personalized")
    assert institution.post(f"/projects/{project_id}/declare").status_code == 303  # published by its organiser

    teacher = signed_in(app, "teacher")
    found = teacher.get("/catalog?q=整本书阅读").get_data(as_text=True)
    assert "小学语文整本书阅读" in found
    assert "语文" in teacher.get("/catalog?q=语文").get_data(as_text=True)  # two characters: below a trigram
    page = teacher.get(f"/catalog/{project_id}").get_data(as_text=True)
    assert "向学校申请参加该培训" in page  # the button asks the school first (2018 附件2 四2)
    # the invoice is not asked with the request to the school, but at 报名 (2018 附件2 四3)
    assert 'name="invoice"' not in page
    assert teacher.post(f"/catalog/{project_id}/select").status_code == 303
    enrollment = _enrollment(app, project_id)
    assert enrollment.status == "applied" and "invoice" not in (enrollment.region_fields or {})

    # The credits cannot be entered while the school has not approved.
    with app.app_context():
        region = app.extensions["portal.region"]
        with pytest.raises(enrollments.MoveRefused):
            training.record_completion(region, None, db.session.get(Enrollment, enrollment.id), Decimal(24), None)

    school = signed_in(app, "school_admin")
    assert _step(school, enrollment.id, "approved", "applied").status_code == 303
    invoice = {f"m{enrollment.id}-invoice": "青岛市太平路小学"}
    assert _step(teacher, enrollment.id, "awaiting_payment", "approved", **invoice).status_code == 303
    assert _enrollment(app, project_id).status == "approved"  # the payment notice not agreed to: refused
    mine = teacher.get("/me/enrollments").get_data(as_text=True)
    assert "缴费须知" in mine and "附件2 四4" in mine and 'name="agreed"' in mine  # the notice, with its clause
    # and what the order keeps, to check as it asks (a phone trial had nothing to check)
    order = mine.split('<dl class="facts order">')[1].split("</dl>")[0]
    assert "元" in order
    too_long = _step(teacher, enrollment.id, "awaiting_payment", "approved", agreed="y",
                     **{f"m{enrollment.id}-invoice": "票" * 201})
    assert too_long.status_code == 303 and _enrollment(app, project_id).status == "approved"
    assert "字段长度不能超过 200 个字符" in teacher.get("/me/enrollments").get_data(as_text=True)  # WTForms' own words
    assert _step(teacher, enrollment.id, "awaiting_payment", "approved", agreed="y", **invoice).status_code == 303
    assert _enrollment(app, project_id).region_fields["invoice"] == "青岛市太平路小学"
    refused = _step(teacher, enrollment.id, "enrolled", "awaiting_payment")
    assert _enrollment(app, project_id).status == "awaiting_payment"  # no method chosen: refused
    assert refused.status_code == 303
    _step(teacher, enrollment.id, "enrolled", "awaiting_payment", payment="finance_office")
    assert _enrollment(app, project_id).status == "enrolled"
    _ended(app, project_id)  # a result is recorded once the training has ended (2017 附件2 第6步)
    assert _step(institution, enrollment.id, "finished", "enrolled", attended_hours="24", grade="pass").status_code == 303
    assert _enrollment(app, project_id).status == "finished"
    _step(teacher, enrollment.id, "completed", "finished", evaluation="5", comment="很好")
    done = _enrollment(app, project_id)
    assert done.status == "completed"
    with app.app_context():
        entry = db.session.scalar(select(LedgerEntry).where(LedgerEntry.enrollment_id == done.id))
        assert entry is not None and entry.hours == Decimal(24)
        moves = db.session.scalars(select(AuditEvent.after).where(AuditEvent.subject_type == "enrollment",
                                                                 AuditEvent.subject_id == done.id)).all()
        assert [m["status"] for m in moves] == ["applied", "approved", "awaiting_payment", "enrolled", "finished",
                                                "completed"]
        # told of the steps others took: the school's approval and the institution's result
        assert db.session.scalar(select(func.count(Notification.id)).join(User).where(User.username == "teacher")) == 2
    assert "小学语文整本书阅读" in teacher.get("/me/ledger").get_data(as_text=True)


def awaiting_payment(app, fee: str = "100", **fields):
    """A qingdao personalized training, asked for by the demo teacher, approved by her school and
    报名 clicked: her enrollment awaits its payment (the 30 minutes running), or, free, is enrolled."""
    institution = signed_in(app, "institution")
    project_id = _new_project(app, institution, fee=fee, program="city_personalized", **fields)
    institution.post(f"/projects/{project_id}/declare")
    teacher = signed_in(app, "teacher")
    teacher.post(f"/catalog/{project_id}/select")
    enrollment = _enrollment(app, project_id)
    _step(signed_in(app, "school_admin"), enrollment.id, "approved", "applied")
    _step(teacher, enrollment.id, "awaiting_payment" if Decimal(fee) else "enrolled", "approved", agreed="y",
          **{f"m{enrollment.id}-invoice": "青岛市太平路小学"})
    return teacher, project_id, enrollment


def test_an_unpaid_hold_expires_on_the_next_read_and_its_seat_returns(make_app):
    app = make_app("qingdao", demo=True)
    teacher, project_id, enrollment = awaiting_payment(app, class_size="1")
    with app.app_context():
        assert db.session.get(TrainingProject, project_id).taken == 1
        db.session.get(Enrollment, enrollment.id).state_since = utcnow() - timedelta(minutes=31)
        db.session.commit()
    page = teacher.get("/me/enrollments").get_data(as_text=True)  # no worker runs: the read releases it
    assert _enrollment(app, project_id).status == "cancelled"
    with app.app_context():
        assert db.session.get(TrainingProject, project_id).taken == 0
        assert db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "enrollment.expired")) == 1
    assert "逾期" in page


def test_qingdao_a_free_training_enrols_on_the_click_without_a_payment_hold(make_app):
    """A personalized training of 0 元: after the school's approval the teacher's 报名 enrols them
    at once; no 缴费须知, no payment step, no 30-minute hold that would cancel it."""
    app = make_app("qingdao", demo=True)
    institution = signed_in(app, "institution")
    project_id = _new_project(app, institution, fee="0", program="city_personalized")
    institution.post(f"/projects/{project_id}/declare")
    teacher = signed_in(app, "teacher")
    assert teacher.post(f"/catalog/{project_id}/select").status_code == 303
    enrollment = _enrollment(app, project_id)
    _step(signed_in(app, "school_admin"), enrollment.id, "approved", "applied")
    mine = teacher.get("/me/enrollments").get_data(as_text=True)
    assert 'value="enrolled"' in mine and 'value="awaiting_payment"' not in mine
    assert "缴费须知" not in mine and "待支付" not in mine  # neither offered nor shown as withheld
    assert _step(teacher, enrollment.id, "awaiting_payment", "approved", agreed="y").status_code == 303
    assert _enrollment(app, project_id).status == "approved"  # the payment step is not this training's
    assert _step(teacher, enrollment.id, "enrolled", "approved").status_code == 303
    assert _enrollment(app, project_id).status == "enrolled"
    with app.app_context():
        assert db.session.get(TrainingProject, project_id).taken == 1
        db.session.get(Enrollment, enrollment.id).state_since = utcnow() - timedelta(hours=2)
        db.session.commit()
    teacher.get("/me/enrollments")  # a read releases expired holds: there is none
    assert _enrollment(app, project_id).status == "enrolled"
    with app.app_context():
        assert db.session.get(TrainingProject, project_id).taken == 1


def _open_today(app, *kinds):
    """The bureau moves these phases of its calendar to today (ruian's demo runs round 1 now,
    its declaration and review windows long past)."""
    from portal.services import calendar as calendar_service

    with app.app_context():
        today = clock.today()
        calendar_service.keep(None, [p if p.kind not in kinds else type(p)(p.kind, p.label, today, today, p.actors,
                                                                           p.source)
                                     for p in calendar_service.kept()])  # out of the annex's order: a test's calendar
        db.session.commit()


def test_a_declared_project_waits_for_the_reviewer_who_returns_it_with_a_reason(make_app):
    app = make_app("ruian", demo=True)
    _open_today(app, "project_declaration", "project_review")  # §附件 第2项: both steps in their windows
    institution = signed_in(app, "institution")
    project_id = _new_project(app, institution, base_credits="24")
    institution.post(f"/projects/{project_id}/declare")
    with app.app_context():
        assert db.session.get(TrainingProject, project_id).status == "declared"
    teacher = signed_in(app, "teacher")
    assert teacher.get(f"/catalog/{project_id}").status_code == 404  # not in the catalog yet
    city = signed_in(app, "city_admin")
    assert "小学语文整本书阅读" in city.get("/projects").get_data(as_text=True)
    # the reviewer's home says a project waits for them (an outside region's trial read 待您审核 0 there)
    home = city.get("/admin/").get_data(as_text=True)
    waiting = 1 + sum(p.status == "declared" for p in app.extensions["portal.region"].demo_data(clock.today()).projects)
    assert re.search(rf"待您处理的培训项目</h2><p class=\"figure\"><strong>{waiting}</strong>", home)
    assert "待您处理的培训项目" not in signed_in(app, "school_admin").get("/admin/").get_data(as_text=True)
    fresh = city.get(f"/projects/{project_id}").get_data(as_text=True)
    assert '<option value="">' in fresh and 'selected value="approve"' not in fresh  # no decision chosen for them
    # the reviewer reads what they approve: its credits, stages, fee, description and what it earns
    assert "项目基础学分</dt><dd>24</dd>" in fresh and "面向学段</dt><dd>小学" in fresh and "小学语文教师" in fresh
    assert "完成该培训的教师可获得" in fresh
    refused = city.post(f"/projects/{project_id}/review", data={"decision": "reject", "reason": ""})
    with app.app_context():
        assert db.session.get(TrainingProject, project_id).status == "declared"  # a rejection needs a reason
    # the page comes back with the rejection still chosen, never reset to approval
    assert refused.status_code == 422 and re.search(r'value="reject"\s+selected|selected[^>]*value="reject"',
                                                    refused.get_data(as_text=True))
    assert city.post(f"/projects/{project_id}/review", data={"reason": "x"}).status_code == 422  # no decision
    city.post(f"/projects/{project_id}/review", data={"decision": "return", "reason": "请补充课程安排"})
    with app.app_context():
        project = db.session.get(TrainingProject, project_id)
        assert (project.status, project.review_note) == ("returned", "请补充课程安排")
    assert "请补充课程安排" in institution.get(f"/projects/{project_id}").get_data(as_text=True)
    institution.post(f"/projects/{project_id}/declare")
    city.post(f"/projects/{project_id}/review", data={"decision": "approve", "reason": ""})
    with app.app_context():
        assert db.session.get(TrainingProject, project_id).status == "published"
    assert teacher.get(f"/catalog/{project_id}").status_code == 200


def test_a_refused_selection_names_each_reason_with_its_clause(make_app):
    app = make_app("kaifeng", demo=True)
    institution = signed_in(app, "institution")  # 中国教师教育网 runs the project (§四(一)); 鼓楼区 runs none (§二(二))
    year = next_training_year(clock.today())  # its 12-20 deadline still ahead
    project_id = _new_project(app, institution, level="city", program="all_staff_jpk", mode="online", hours="60",
                              start=f"{year}-01-10", end=f"{year}-04-30")
    institution.post(f"/projects/{project_id}/declare")
    with app.app_context():
        project = db.session.get(TrainingProject, project_id)
        project.status = "published"  # whoever reviews it, the teacher's refusal is the point here
        db.session.commit()
    teacher = signed_in(app, "teacher")
    refused = teacher.post(f"/catalog/{project_id}/select")
    assert refused.status_code == 409
    page = refused.get_data(as_text=True)
    assert "教师不能自行报名" in page and "class=\"cite\"" in page
    with app.app_context():
        assert db.session.scalar(select(func.count(Enrollment.id)).where(Enrollment.project_id == project_id)) == 0


def test_an_admin_outside_the_scope_cannot_move_an_enrollment(make_app):
    app = make_app("qingdao", demo=True)
    institution = signed_in(app, "institution")
    project_id = _new_project(app, institution, program="city_personalized")
    institution.post(f"/projects/{project_id}/declare")
    signed_in(app, "teacher").post(f"/catalog/{project_id}/select")
    enrollment = _enrollment(app, project_id)
    workshop = signed_in(app, "workshop_leader")  # follows teachers, never moves their enrollments
    assert _step(workshop, enrollment.id, "approved", "applied").status_code == 404
    assert _enrollment(app, project_id).status == "applied"


def test_an_admin_enrols_teachers_in_bulk_all_or_none_each_refusal_named(make_app):
    app = make_app("kaifeng", demo=True)
    institution = signed_in(app, "institution")  # 中国教师教育网 runs the project (§四(一)); 鼓楼区 runs none (§二(二))
    year = next_training_year(clock.today())  # its 12-20 deadline still ahead
    project_id = _new_project(app, institution, level="city", program="all_staff_jpk", mode="online",
                              stages=["primary"], hours="60", start=f"{year}-01-10", end=f"{year}-04-30")
    with app.app_context():
        project = db.session.get(TrainingProject, project_id)
        project.status = "published"
        db.session.commit()
        district_id = db.session.scalar(select(OrgUnit.id).where(OrgUnit.code == "kf-gl"))
    school = signed_in(app, "district_admin")
    # §四(二)1 名额已分配到各单位系统中: until the city allocates the district its seats, nobody is offered
    waiting = school.get(f"/projects/{project_id}/enrol").get_data(as_text=True)
    assert not re.findall(r'name="teacher" value="(\d+)"', waiting) and "名额尚未分配到本单位" in waiting
    city = signed_in(app, "city_admin")  # the bureau allocates them on the project's quota page
    assert f'name="unit-{district_id}"' in city.get(f"/projects/{project_id}/quotas").get_data(as_text=True)
    assert city.post(f"/projects/{project_id}/quotas", data={f"unit-{district_id}": "30"}).status_code == 303
    in_scope = set()
    for number in range(1, 6):  # the teachers the district admin may submit, page by page
        page = school.get(f"/projects/{project_id}/enrol?page={number}").get_data(as_text=True)
        in_scope |= {int(i) for i in re.findall(r'name="teacher" value="(\d+)"', page)}
    with app.app_context():
        rows = db.session.execute(select(Teacher.id, Teacher.name, Teacher.stages).where(Teacher.id.in_(in_scope))
                                  .order_by(Teacher.id)).all()
    (first, first_name), (second, _name) = [(i, name) for i, name, stages in rows if "primary" in stages][:2]
    assert school.post(f"/projects/{project_id}/enrol", data={"teacher": [str(first)]}).status_code == 303
    refused = school.post(f"/projects/{project_id}/enrol", data={"teacher": [str(first), str(second)]})
    assert refused.status_code == 409 and first_name in refused.get_data(as_text=True)  # named, with its reason
    with app.app_context():  # all or none: the second was not enrolled either
        assert db.session.scalar(select(func.count(Enrollment.id)).where(Enrollment.project_id == project_id)) == 1
    assert school.post(f"/projects/{project_id}/enrol", data={"teacher": [str(second)]}).status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count(Enrollment.id)).where(Enrollment.project_id == project_id)) == 2


def test_a_unit_takes_no_more_seats_than_its_quota(make_app):
    app = make_app("shanxi", demo=True)
    district = signed_in(app, "district_admin")
    project_id = _new_project(app, district, level="county", stages=["junior_high"])
    district.post(f"/projects/{project_id}/declare")
    page = district.get(f"/projects/{project_id}/quotas").get_data(as_text=True)
    with app.app_context():
        teacher = db.session.scalar(select(Teacher).join(User, Teacher.user_id == User.id)
                                    .where(User.username == "teacher"))
        school_id = teacher.school_id
    assert f'name="unit-{school_id}"' in page
    assert district.post(f"/projects/{project_id}/quotas", data={f"unit-{school_id}": "x"}).status_code == 422
    assert district.post(f"/projects/{project_id}/quotas", data={f"unit-{school_id}": "1"}).status_code == 303
    teacher_client = signed_in(app, "teacher")
    assert teacher_client.post(f"/catalog/{project_id}/select").status_code == 303
    with app.app_context():
        others = db.session.scalars(select(User.username).join(Teacher, Teacher.user_id == User.id)
                                    .where(Teacher.school_id == school_id, User.username != "teacher",
                                           json_list_has(Teacher.stages, "junior_high"))).all()
    refused = signed_in(app, others[0]).post(f"/catalog/{project_id}/select")
    assert refused.status_code == 409  # the school's one seat is the teacher's, though the project has 29 more
    with app.app_context():
        assert db.session.scalar(select(func.count(Enrollment.id)).where(Enrollment.project_id == project_id)) == 1
        assert db.session.get(TrainingProject, project_id).taken == 1
    assert district.post(f"/projects/{project_id}/quotas", data={f"unit-{school_id}": "0"}).status_code == 422


def test_ruian_classes_are_asked_for_and_granted_within_their_phases(make_app):
    from portal.services import calendar as calendar_service

    app = make_app("ruian", demo=True)
    institution = signed_in(app, "institution")
    project_id = _new_project(app, institution, base_credits="24", class_size="2")
    with app.app_context():
        project = db.session.get(TrainingProject, project_id)
        project.status = "published"
        db.session.commit()
    # outside its phase the page says when, with the clause, rather than a form refused once filled in
    page = institution.get(f"/projects/{project_id}").get_data(as_text=True)
    assert 'name="classes"' not in page and "扩班申请的时间内" in page and "申请扩班" not in page
    institution.post(f"/projects/{project_id}/classes", data={"classes": "2", "reason": "报名人数多"})
    refused = institution.get(f"/projects/{project_id}").get_data(as_text=True)
    flash = refused.split('class="flash error"')[1].split("</p>")[0]
    assert "扩班申请的时间内" in flash and 'class="cite"' in flash  # refused outside its phase, with the clause
    with app.app_context():  # the bureau opens both phases today
        today = clock.today()
        moved = [p if p.kind not in ("class_expansion_request", "class_expansion_decision")
                 else type(p)(p.kind, p.label, today, today, p.actors, p.source)
                 for p in calendar_service.kept()]
        calendar_service.save(app.extensions["portal.region"], None, moved)
    assert 'name="classes"' in institution.get(f"/projects/{project_id}").get_data(as_text=True)
    institution.post(f"/projects/{project_id}/classes", data={"classes": "2", "reason": "报名人数多"})
    city = signed_in(app, "city_admin")
    assert "报名人数多" in city.get(f"/projects/{project_id}").get_data(as_text=True)
    city.post(f"/projects/{project_id}/classes", data={"decision": "refuse", "note": ""})  # a refusal needs a reason
    with app.app_context():
        assert db.session.get(TrainingProject, project_id).capacity == 2
    city.post(f"/projects/{project_id}/classes", data={"decision": "grant", "note": ""})
    with app.app_context():
        project = db.session.get(TrainingProject, project_id)
        assert (project.classes, project.capacity) == (3, 6)


def _ask_classes(app, client, project_id, classes="2"):
    client.post(f"/projects/{project_id}/classes", data={"classes": classes, "reason": "报名人数多"})
    with app.app_context():
        return projects.pending_request(project_id)


def _classes(app, project_id) -> int:
    with app.app_context():
        return db.session.get(TrainingProject, project_id).classes


def _with_class_expansion(app) -> None:
    """A bureau's calendar with a phase for asking more classes (扩班申请), open all year: qingdao's
    documents have none (so its organisers are offered none), but the core's deciders of a project
    nobody reviews are the same wherever a calendar has one."""
    from portal.domain import Phase
    from portal.domain.selection import CLASS_EXPANSION_REQUEST
    from portal.services import calendar as calendar_service
    with app.app_context():
        today = clock.today()
        calendar_service.save(app.extensions["portal.region"], None, (
            Phase(CLASS_EXPANSION_REQUEST, "扩班申请", today - timedelta(days=1), today + timedelta(days=365)),))


def test_qingdao_a_class_request_on_a_project_nobody_reviews_is_decided_by_the_bureau_above(make_app):
    """Qingdao's organisers publish their projects themselves (no review): a request for more
    classes, where the bureau's calendar has a phase for it, goes to the education bureau above
    the organiser, in its queue, which decides it; the organiser does not grant its own."""
    app = make_app("qingdao", demo=True)
    _with_class_expansion(app)
    institution = signed_in(app, "institution")
    project_id = _new_project(app, institution, class_size="2", program="city_personalized")
    institution.post(f"/projects/{project_id}/declare")
    assert _ask_classes(app, institution, project_id) is not None
    institution.post(f"/projects/{project_id}/classes", data={"decision": "grant", "note": ""})
    assert _classes(app, project_id) == 1  # not the organiser's to grant
    city = signed_in(app, "city_admin")
    queue = city.get("/projects").get_data(as_text=True)
    assert "1 个扩班申请待您决定" in queue and f"/projects/{project_id}" in queue and "报名人数多" in queue
    assert 'value="grant"' in city.get(f"/projects/{project_id}").get_data(as_text=True)
    with app.app_context():  # told of it when it was asked
        assert db.session.scalar(select(func.count(Notification.id)).join(User)
                                 .where(User.username == "city_admin", Notification.link == f"/projects/{project_id}")) == 1
    assert city.post(f"/projects/{project_id}/classes", data={"decision": "grant", "note": ""}).status_code == 303
    with app.app_context():
        project = db.session.get(TrainingProject, project_id)
        assert (project.classes, project.capacity) == (3, 6)
    assert "扩班申请待您决定" not in city.get("/projects").get_data(as_text=True)

    # A district's own project: the city decides, not the district that asks.
    district = signed_in(app, "district_admin")
    district_project = _new_project(app, district, level="county", class_size="2")
    district.post(f"/projects/{district_project}/declare")
    _ask_classes(app, district, district_project)
    assert 'value="grant"' not in district.get(f"/projects/{district_project}").get_data(as_text=True)
    assert "扩班申请待您决定" not in district.get("/projects").get_data(as_text=True)
    district.post(f"/projects/{district_project}/classes", data={"decision": "grant", "note": ""})
    assert _classes(app, district_project) == 1
    assert "1 个扩班申请待您决定" in city.get("/projects").get_data(as_text=True)
    city.post(f"/projects/{district_project}/classes", data={"decision": "refuse", "note": "场地不足"})
    assert _classes(app, district_project) == 1
    with app.app_context():
        assert projects.pending_request(district_project) is None


def test_qingdao_a_schools_class_request_waits_on_the_district(make_app):
    app = make_app("qingdao", demo=True)
    _with_class_expansion(app)
    school = signed_in(app, "school_admin")
    project_id = _new_project(app, school, level="school", mode="school_based", class_size="2")
    school.post(f"/projects/{project_id}/declare")
    _ask_classes(app, school, project_id, classes="1")
    district = signed_in(app, "district_admin")
    assert "1 个扩班申请待您决定" in district.get("/projects").get_data(as_text=True)
    district.post(f"/projects/{project_id}/classes", data={"decision": "grant", "note": ""})
    assert _classes(app, project_id) == 2


def test_kaifeng_results_are_the_composite_assessment_parts_the_project_weighs(make_app):
    app = make_app("kaifeng", demo=True)
    region = app.extensions["portal.region"]
    with app.app_context():  # an all-staff project weighing three parts, run by the institution
        institute = db.session.scalar(select(OrgUnit).where(OrgUnit.kind == "institution"))
        start = clock.today()  # begun: its results may be recorded
        project = training.add_project(None, institute, name="全员网络研修（综合考核）", level="city", mode="online",
                                       program="all_staff_jpk", start_date=start, end_date=start, year=start.year,
                                       hours=Decimal(50), status="published", assessment_weights={
                                           "course_time": "50", "discussion": "30", "tasks": "20"})
        teacher = db.session.scalar(select(Teacher).where(json_list_has(Teacher.stages, "primary")))
        enrollment = training.enroll(region, None, project, teacher)
        project_id, enrollment_id = project.id, enrollment.id
    institution = signed_in(app, "institution")
    page = institution.get(f"/projects/{project_id}/class?state=enrolled").get_data(as_text=True)
    assert "在线研讨交流积分" in page and 'name="score-discussion"' in page  # the parts by their labels
    refused = institution.post(f"/enrollments/{enrollment_id}/moves",
                               data={"target": "completed", "state": "enrolled", "attended_hours": "10",
                                     "next": f"/projects/{project_id}/class"}, follow_redirects=True)
    assert "给出了各项权重，但未给出各项考核成绩" in refused.get_data(as_text=True)  # the rules' refusal, not a 500
    assert _enrollment_status(app, enrollment_id) == "enrolled"
    done = institution.post(f"/enrollments/{enrollment_id}/moves",
                            data={"target": "completed", "state": "enrolled", "attended_hours": "10",
                                  "score-course_time": "90", "score-discussion": "80", "score-tasks": "85"})
    assert done.status_code == 303 and _enrollment_status(app, enrollment_id) == "completed"


def _enrollment_status(app, enrollment_id):
    with app.app_context():
        return db.session.get(Enrollment, enrollment_id).status


def test_an_admin_enrols_from_an_excel_sheet_every_bad_row_named_nothing_saved_until_confirmed(make_app):
    import io

    import xlsxwriter

    app = make_app("shanxi", demo=True)
    district = signed_in(app, "district_admin")
    project_id = _new_project(app, district, level="county", stages=[])
    district.post(f"/projects/{project_id}/declare")
    with app.app_context():
        ids = [i for i, in db.session.execute(select(Teacher.id_number).order_by(Teacher.id).limit(3))]

    def sheet(*cells) -> bytes:
        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(buffer, {"in_memory": True})
        page = book.add_worksheet()
        page.write_string(0, 0, "身份证号")
        for row, cell in enumerate(cells, start=1):
            (page.write_number if isinstance(cell, int) else page.write_string)(row, 0, cell)
        book.close()
        return buffer.getvalue()

    template = district.get(f"/projects/{project_id}/enrol/template.xlsx")
    assert template.status_code == 200 and template.data[:2] == b"PK"
    bad = district.post(f"/projects/{project_id}/enrol/sheet", content_type="multipart/form-data", data={
        "sheet": (io.BytesIO(sheet(ids[0], ids[0], int(ids[1][:17] + "0") if ids[1][17] != "X" else 1,
                                   "11010119900307123X")), "list.xlsx")})
    page = bad.get_data(as_text=True)
    assert bad.status_code == 422
    assert "该教师已在前面的行中" in page  # the second row repeats the first
    assert "按数字输入的身份证号已丢失末尾几位" in page  # a number cell
    with app.app_context():
        assert db.session.scalar(select(func.count(Enrollment.id)).where(Enrollment.project_id == project_id)) == 0
    good = district.post(f"/projects/{project_id}/enrol/sheet", content_type="multipart/form-data",
                         data={"sheet": (io.BytesIO(sheet(*ids[:2])), "list.xlsx")})
    assert good.status_code == 200
    teachers = re.findall(r'name="teacher" value="(\d+)"', good.get_data(as_text=True))
    assert len(teachers) == 2
    with app.app_context():  # checked, not saved
        assert db.session.scalar(select(func.count(Enrollment.id)).where(Enrollment.project_id == project_id)) == 0
    assert district.post(f"/projects/{project_id}/enrol", data={"teacher": teachers}).status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count(Enrollment.id)).where(Enrollment.project_id == project_id)) == 2


def test_results_from_an_excel_sheet_are_checked_then_recorded_all_or_none(make_app):
    import io

    import xlsxwriter
    from python_calamine import CalamineWorkbook
    from werkzeug.datastructures import MultiDict

    app = make_app("kaifeng", demo=True)
    region = app.extensions["portal.region"]
    with app.app_context():
        institute = db.session.scalar(select(OrgUnit).where(OrgUnit.kind == "institution"))
        start = clock.today()  # begun: its results may be recorded
        project = training.add_project(None, institute, name="表格登记结果", level="city", mode="online",
                                       program="all_staff_jpk", start_date=start, end_date=start, year=start.year,
                                       hours=Decimal(50), status="published", assessment_weights={
                                           "course_time": "50", "discussion": "30", "tasks": "20"})
        teachers = db.session.scalars(select(Teacher).where(json_list_has(Teacher.stages, "primary"))
                                      .order_by(Teacher.id).limit(2)).all()
        for teacher in teachers:
            training.enroll(region, None, project, teacher)
        project_id = project.id
    institution = signed_in(app, "institution")
    template = institution.get(f"/projects/{project_id}/results/template.xlsx")
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(template.data)).get_sheet_by_index(0).to_python()
    assert sheet[0][4:] == ["在线学习课程时间", "在线研讨交流积分", "研修任务完成"] and len(sheet) == 3

    def upload(*rows):
        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(buffer, {"in_memory": True})
        page = book.add_worksheet()
        for r, row in enumerate([sheet[0], *rows]):
            for c, value in enumerate(row):
                page.write_string(r, c, value)
        book.close()
        return institution.post(f"/projects/{project_id}/results/sheet", content_type="multipart/form-data",
                                data={"sheet": (io.BytesIO(buffer.getvalue()), "results.xlsx")})

    (first_id, first_name), (second_id, second_name) = sheet[1][:2], sheet[2][:2]
    bad = upload([first_id, first_name, "48", "良好", "90", "80", "85"], [second_id, second_name, "48", "很好", "90", "80", "85"])
    assert bad.status_code == 422 and "考核等次须为优、良、合格、不合格之一" in bad.get_data(as_text=True)
    good = upload([first_id, first_name, "48", "", "90", "80", "85"], [second_id, second_name, "45", "", "40", "30", "20"])
    assert good.status_code == 200
    form = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', good.get_data(as_text=True)))
    with app.app_context():  # checked, nothing recorded
        assert {e.status for e in db.session.scalars(select(Enrollment).where(Enrollment.project_id == project_id))} \
            == {"enrolled"}
    hidden = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', good.get_data(as_text=True))
    done = institution.post(f"/projects/{project_id}/results",
                            data=MultiDict([(k, v) for k, v in hidden if k != "csrf_token"]))
    assert done.status_code == 303, form
    with app.app_context():
        states = sorted(e.status for e in db.session.scalars(select(Enrollment).where(Enrollment.project_id == project_id)))
        assert states == ["completed", "completed"]
        amounts = db.session.scalars(select(LedgerEntry.amount).join(Enrollment)
                                     .where(Enrollment.project_id == project_id)).all()
        assert len(amounts) == 2  # both entered; the weak one's composite decides its own hours
    again = upload([first_id, first_name, "50", "", "95", "90", "90"])  # a trial's institution sent the sheet twice
    assert again.status_code == 422 and "该教师的结果已经登记" in again.get_data(as_text=True)


def test_an_admin_finds_the_enrollments_awaiting_their_step_in_one_list(make_app):
    app = make_app("qingdao", demo=True)
    institution = signed_in(app, "institution")
    project_id = _new_project(app, institution, program="city_personalized")
    institution.post(f"/projects/{project_id}/declare")
    signed_in(app, "teacher").post(f"/catalog/{project_id}/select")
    school = signed_in(app, "school_admin")
    assert "待办报名" in school.get("/admin/").get_data(as_text=True)  # the card on their home
    page = school.get("/enrollments/awaiting").get_data(as_text=True)
    assert "李晓雯" in page and 'value="approved"' in page
    enrollment = _enrollment(app, project_id)
    _step(school, enrollment.id, "approved", "applied")
    assert 'value="approved"' not in school.get("/enrollments/awaiting").get_data(as_text=True)
    district = signed_in(app, "city_admin")  # acts on no qingdao enrollment step: nothing waits for them
    assert "李晓雯" not in district.get("/enrollments/awaiting").get_data(as_text=True)


def test_the_catalogs_search_answers_htmx_with_its_results_alone(make_app):
    """The search box swaps the results in place: the block, its pager included, renders alone."""
    app = make_app("qingdao", demo=True)
    teacher = signed_in(app, "teacher")
    response = teacher.get("/catalog?q=培训&sort=newest", headers={"HX-Request": "true", "HX-Target": "results"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in body and 'class="pager"' in body


def test_a_required_capacity_is_asked_on_the_seats_field(make_app, monkeypatch):
    """A region requiring ``capacity`` (the API's name) has it asked on the form's seats
    per class, named among what the region requires, and refused there when empty."""
    from plugins.qingdao import enrollment as qingdao_enrollment

    monkeypatch.setattr(qingdao_enrollment, "REQUIRED_PROJECT_FIELDS", ("stages", "description", "capacity"))
    app = make_app("qingdao", demo=True)
    institution = signed_in(app, "institution")
    form = institution.get("/projects/new").get_data(as_text=True)
    assert "每班名额" in form.split("本地区要求填写")[1].split("</p>")[0]
    organiser = first_organiser(form)
    refused = institution.post("/projects/new", data={
        "organiser": organiser, "name": "小学语文整本书阅读", "level": "city", "mode": "centralized",
        "start": f"{NEXT_YEAR}-03-02", "end": f"{NEXT_YEAR}-03-04", "hours": "24", "classes": "1",
        "class_size": "", "fee": "0", "stages": ["primary"], "description": "小学语文教师"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert re.search(r'aria-invalid="true"[^>]*id="class_size"', page), page
    assert not re.search(r'aria-invalid="true"[^>]*id="name"', page)


def test_ruian_projects_are_declared_and_reviewed_only_within_their_windows(make_app):
    """§附件 第2项 (受理培训项目申报, 完成培训项目审核): outside its window the step is not offered,
    the page says why with the clause and the window's dates, and a request sent anyway is
    refused the same way; once the bureau opens the window the step is offered and taken."""
    app = make_app("ruian", demo=True)
    with app.app_context():
        from portal.services import calendar as calendar_service
        window = {p.kind: p for p in calendar_service.kept()}
    declaration, review = window["project_declaration"], window["project_review"]
    institution = signed_in(app, "institution")
    project_id = _new_project(app, institution, base_credits="24")
    page = institution.get(f"/projects/{project_id}").get_data(as_text=True)
    assert "提交审核" not in page  # no button to declare
    assert "现在不在受理培训项目申报的时间内" in page and "附件 第2项</a>" in page
    assert declaration.start.isoformat() in page and declaration.end.isoformat() in page
    institution.post(f"/projects/{project_id}/declare")  # sent anyway
    refused = institution.get(f"/projects/{project_id}").get_data(as_text=True)
    flash = refused.split('class="flash error"')[1].split("</p>")[0]
    assert "受理培训项目申报" in flash and 'class="cite"' in flash and declaration.end.isoformat() in flash
    with app.app_context():
        assert db.session.get(TrainingProject, project_id).status == "draft"

    _open_today(app, "project_declaration")
    assert "提交审核" in institution.get(f"/projects/{project_id}").get_data(as_text=True)
    institution.post(f"/projects/{project_id}/declare")
    with app.app_context():
        assert db.session.get(TrainingProject, project_id).status == "declared"
    city = signed_in(app, "city_admin")
    page = city.get(f"/projects/{project_id}").get_data(as_text=True)
    assert "提交审核意见" not in page  # the review's window is closed: no form
    assert "现在不在完成培训项目审核的时间内" in page and review.start.isoformat() in page
    city.post(f"/projects/{project_id}/review", data={"decision": "approve", "reason": ""})
    with app.app_context():
        assert db.session.get(TrainingProject, project_id).status == "declared"
    _open_today(app, "project_review")
    assert "提交审核意见" in city.get(f"/projects/{project_id}").get_data(as_text=True)
    city.post(f"/projects/{project_id}/review", data={"decision": "approve", "reason": ""})
    with app.app_context():
        assert db.session.get(TrainingProject, project_id).status == "published"


def test_editing_a_project_given_only_its_capacity_keeps_its_seat_limit(make_app):
    """A project carrying a capacity and no seats per class (an imported one, or a demo's before
    they had classes): the edit form shows the seats, so saving it keeps the limit instead of
    clearing it."""
    from portal.models.user import RoleAssignment

    app = make_app("kaifeng", demo=True)
    with app.app_context():
        project = db.session.scalar(select(TrainingProject).where(TrainingProject.capacity.is_not(None))
                                    .order_by(TrainingProject.id))
        project.class_size = None
        db.session.commit()
        organiser = db.session.get(OrgUnit, project.organiser_id)
        username = db.session.scalar(select(User.username).join(RoleAssignment, RoleAssignment.user_id == User.id)
                                     .where(RoleAssignment.org_unit_id == organiser.id).order_by(User.id))
        project_id, capacity = project.id, project.capacity
    assert username, "the demo has someone organising for this unit"
    page = signed_in(app, username).get(f"/projects/{project_id}/edit").get_data(as_text=True)
    assert re.search(rf'id="class_size"[^>]*value="{capacity}"|value="{capacity}"[^>]*id="class_size"', page), page


def test_qingdao_a_training_that_has_taken_place_is_registered_by_its_organiser(make_app):
    """2017 annex 2 steps 3–8: the district creates the project with the training's own dates,
    afterwards, enters its participants (参训学员报名) and evaluates them (结业评价). A phone trial
    found every teacher refused as 培训已于…结束, so a past training could not be registered; a
    teacher still cannot select an ended training."""
    app = make_app("qingdao", demo=True)
    district = signed_in(app, "district_admin")
    held = clock.today() - timedelta(days=2)
    project_id = _new_project(app, district, level="county", mode="centralized", program="topic", start=held.isoformat(),
                              end=held.isoformat(), hours="6", stages=["primary", "junior_high", "senior_high"])
    district.post(f"/projects/{project_id}/declare")
    with app.app_context():
        assert db.session.get(TrainingProject, project_id).status == "published"
        teacher_id = db.session.scalar(select(Teacher.id).join(User, Teacher.user_id == User.id)
                                       .where(User.username == "teacher"))
    teacher = signed_in(app, "teacher")
    assert teacher.post(f"/catalog/{project_id}/select").status_code == 409  # ended: not for a teacher
    listed = district.get(f"/projects/{project_id}/enrol").get_data(as_text=True)
    assert f'name="teacher" value="{teacher_id}"' in listed and "已于" not in listed
    assert district.post(f"/projects/{project_id}/enrol", data={"teacher": [str(teacher_id)]}).status_code == 303
    enrollment = _enrollment(app, project_id)
    if enrollment.status != "enrolled":  # entered as a participant: 参训学员报名
        assert _step(district, enrollment.id, "enrolled", enrollment.status).status_code == 303
    done = _step(district, enrollment.id, "completed", "enrolled", attended_hours="6", grade="pass")
    assert done.status_code == 303
    with app.app_context():
        assert db.session.get(Enrollment, enrollment.id).status == "completed"
        entry = db.session.scalar(select(LedgerEntry).where(LedgerEntry.enrollment_id == enrollment.id))
        assert entry is not None and entry.amount == 6 and entry.activity_date == held


def test_a_training_that_has_ended_is_not_published_where_nobody_registers_it_afterwards(make_app):
    """kaifeng's city approved a project that had ended (a phone trial): every teacher was then
    refused as 培训已于…结束. Only a region whose organisers register past trainings publishes one."""
    app = make_app("shanxi", demo=True)
    district = signed_in(app, "district_admin")
    held = clock.today() - timedelta(days=2)
    project_id = _new_project(app, district, level="county", start=held.isoformat(), end=held.isoformat(),
                              hours="8", stages=["junior_high"])  # one day's hours
    refused = district.post(f"/projects/{project_id}/declare", follow_redirects=True).get_data(as_text=True)
    assert "该培训已经结束，教师已无法选报。请先更正培训时间。" in refused
    with app.app_context():
        assert db.session.get(TrainingProject, project_id).status == "draft"


def test_ruian_a_round_one_choice_of_a_training_in_next_year_counts_for_round_two(make_app):
    """§四(二): a phone trial's teacher who chose a training starting next March in round 1 was
    refused round 2 of a December training as 第一轮未选课: the teacher's other selections were
    read from projects of the same year only, and the term's trainings run across New Year."""
    from plugins.ruian import enrollment as ruian_enrollment, parameters as RP, workflow as RW
    from portal.domain import UserRole

    app = make_app("ruian", demo=True)
    region = app.extensions["portal.region"]
    today = clock.today()
    with app.app_context():
        teacher = db.session.scalar(select(Teacher).join(User, Teacher.user_id == User.id)
                                    .where(User.username == "teacher"))
        mine = select(Enrollment.project_id).where(Enrollment.teacher_id == teacher.id)
        first, second = db.session.scalars(select(TrainingProject).where(TrainingProject.status == "published",
                                                                         TrainingProject.id.not_in(mine))
                                           .order_by(TrainingProject.id).limit(2)).all()
        first.year, first.start_date, first.end_date = today.year + 1, today.replace(year=today.year + 1, month=3, day=2), today.replace(year=today.year + 1, month=3, day=4)
        second.year = today.year
        db.session.add(Enrollment(project_id=first.id, teacher_id=teacher.id, status=RW.SCHOOL_APPROVED,
                                  phase=RP.ROUND1, created_at=utcnow()))
        db.session.commit()
        judged = enrollments.selection(region, second, teacher, UserRole.TEACHER, utcnow())
        assert first.id in [o.project_id for o in judged.others]
        assert ruian_enrollment.round2_finding(judged).ok


def test_ruian_a_projects_credit_category_follows_its_base_credits(make_app):
    """§二: a phone trial filed a 90-credit project as 集中培训（基础学分 90 以下）; it was published
    and counted as the cycle's 90+ training, the category replaced unsaid. The category a
    project names is the one its rules count its credits as, in every region."""
    app = make_app("ruian", demo=True)
    institution = signed_in(app, "institution")
    data = _project_form(institution, name="高中数学90学分", end=f"{NEXT_YEAR}-03-13", hours="90", base_credits="90",
                         category="centralized", stages=["senior_high"])
    refused = institution.post("/projects/new", data=data)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "按本地区规则，该培训的学分计入“集中培训（基础学分 90 及以上）”" in page
    assert re.search(r'id="category-error"', page)
    assert institution.post("/projects/new", data={**data, "category": "centralized_90"}).status_code == 303


def test_ruian_the_school_reviewing_a_choice_reads_what_does_not_match(make_app):
    """§二 各校（园）要严格把关审核: the teacher's page warns of a stage the project is not for; a
    trial's principal approved such a choice from a list that showed nothing of it."""
    app = make_app("ruian", demo=True)  # its demo runs round 1 today
    with app.app_context():
        teacher = db.session.scalar(select(Teacher).join(User, Teacher.user_id == User.id)
                                    .where(User.username == "teacher"))
        mine = select(Enrollment.project_id).where(Enrollment.teacher_id == teacher.id)
        project = db.session.scalar(select(TrainingProject).where(
            TrainingProject.status == "published", TrainingProject.id.not_in(mine),
            TrainingProject.end_date >= clock.today()).order_by(TrainingProject.id))
        project.stages = [s for s in ("kindergarten", "senior_high") if s not in (teacher.stages or [])][:1]
        db.session.commit()
        project_id = project.id
    selected = signed_in(app, "teacher").post(f"/catalog/{project_id}/select")
    assert selected.status_code == 303, selected.get_data(as_text=True)
    _open_today(app, "round1_school_review")  # §附件 第3项: the school reviews after round 1
    waiting = signed_in(app, "principal").get("/enrollments/awaiting").get_data(as_text=True)
    card = waiting[waiting.index(f'/projects/{project_id}/class'):]
    card = card[:card.index("</li>")]
    assert 'class="caution"' in card and "学段" in card


def test_shanxi_a_county_training_is_not_filed_as_city_level(make_app):
    """§三(二) asks 20 credits of 市级及以上集中研修 a cycle: a trial filed a county training under
    that category and it was published; the rules count it as 县(区)级集中培训."""
    app = make_app("shanxi", demo=True)
    district = signed_in(app, "district_admin")
    data = _project_form(district, name="县级集中培训", level="county", stages=["junior_high"],
                         category="centralized_city_up")
    refused = district.post("/projects/new", data=data)
    assert refused.status_code == 422
    assert "按本地区规则，该培训的学分计入“县(区)级集中培训”" in refused.get_data(as_text=True)
    assert district.post("/projects/new", data={**data, "category": "centralized_county"}).status_code == 303


def test_a_request_for_more_classes_says_why(make_app):
    """ruian: a trial's institution asked for more classes with no reason (and none enrolled);
    whoever decides weighs why. Outside its phase the refusal names the phase's dates."""
    from portal.services import calendar as calendar_service

    app = make_app("ruian", demo=True)
    institution = signed_in(app, "institution")
    project_id = _asking_for_classes(app, institution)
    flash = institution.get(f"/projects/{project_id}").get_data(as_text=True).split('class="flash error"')[1]
    assert re.search(r"申请时间为 \d{4}-\d{2}-\d{2} 至 \d{4}-\d{2}-\d{2}", flash.split("</p>")[0])
    with app.app_context():
        today = clock.today()
        calendar_service.save(app.extensions["portal.region"], None,
                              [p if p.kind != "class_expansion_request" else type(p)(p.kind, p.label, today, today,
                                                                                      p.actors, p.source)
                               for p in calendar_service.kept()])
    institution.post(f"/projects/{project_id}/classes", data={"classes": "2", "reason": "  "})
    assert "请说明扩班的理由" in institution.get(f"/projects/{project_id}").get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(ClassRequest.id))) == 0


def test_a_projects_classes_read_as_classes_of_so_many_seats(make_app):
    """Phone trial (ruian): the institution deciding to ask for more classes read 班数：1 × 2 and
    the bureau, after granting, 3 × 2: the heading says what the numbers are, as the quota page does."""
    app = make_app("ruian", demo=True)
    institution = signed_in(app, "institution")
    project_id = _new_project(app, institution, base_credits="24", class_size="2")
    with app.app_context():
        db.session.get(TrainingProject, project_id).status = "published"
        db.session.commit()
    page = institution.get(f"/projects/{project_id}").get_data(as_text=True)
    assert "1 个班，每班 2 个名额" in page and "1 × 2" not in page


def test_no_more_classes_are_asked_of_a_training_that_has_ended(make_app):
    """A ruian trial's institution asked for two more classes of a training a month over."""
    from portal.services import calendar as calendar_service

    app = make_app("ruian", demo=True)
    institution = signed_in(app, "institution")
    project_id = _new_project(app, institution, base_credits="24", class_size="2")
    with app.app_context():
        today = clock.today()
        project = db.session.get(TrainingProject, project_id)
        project.status, project.start_date, project.end_date = "published", today - timedelta(days=40), today - timedelta(days=30)
        db.session.commit()
        calendar_service.save(app.extensions["portal.region"], None,
                              [p if p.kind != "class_expansion_request" else type(p)(p.kind, p.label, today, today,
                                                                                      p.actors, p.source)
                               for p in calendar_service.kept()])
    page = institution.get(f"/projects/{project_id}").get_data(as_text=True)
    assert "申请扩班" not in page
    institution.post(f"/projects/{project_id}/classes", data={"classes": "2", "reason": "报名人数多"})
    assert "培训已经结束" in institution.get(f"/projects/{project_id}").get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(ClassRequest.id))) == 0


def test_qingdao_a_past_training_teachers_select_themselves_is_not_published(make_app):
    """Phone trial: an institution published a city personalized training that had already
    ended; teachers could not select it, nobody could submit them (each selects for themselves,
    2017 附件1 第11项), and its results could never be recorded. A past training the organiser
    registers by entering its participants (2017 附件2) is still published."""
    app = make_app("qingdao", demo=True)
    institution = signed_in(app, "institution")
    last_week = clock.today() - timedelta(days=7)
    past = dict(start=last_week.isoformat(), end=last_week.isoformat(), hours="6")
    personalized = _new_project(app, institution, program="city_personalized", **past)
    refused = institution.post(f"/projects/{personalized}/declare", follow_redirects=True)
    assert "该培训已经结束，教师已无法选报" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(TrainingProject, personalized).status == "draft"
    # the district registers its own (谁举办谁登记: an institution runs personalized trainings only)
    district = signed_in(app, "district_admin")
    registered = _new_project(app, district, level="county", name="已举办的专题培训", **past)
    district.post(f"/projects/{registered}/declare")
    with app.app_context():
        assert db.session.get(TrainingProject, registered).status != "draft"


def test_the_json_step_asks_the_regions_fields_as_the_page_does(make_app):
    """qingdao's paid training asks an invoice at 报名 (2018 附件2 四3), after the school's approval,
    not with the request: the JSON selection asks none and refuses one named; the JSON 报名 asks
    them as the page does (the JSON API once took none and kept an enrollment without it, which
    could never be added: an examiner's case)."""
    app = make_app("qingdao", demo=True)
    project_id = _new_project(app, signed_in(app, "institution"), fee="100", program="city_personalized")
    assert signed_in(app, "institution").post(f"/projects/{project_id}/declare").status_code == 303
    client, auth = app.test_client(), {"Authorization": "Basic dGVhY2hlcjpkZW1vMTIzNDU="}  # teacher:demo12345

    assert client.get(f"/api/projects/{project_id}", headers=auth).json["selection_fields"] == []
    named = client.post(f"/api/projects/{project_id}/selections", json={"fields": {"invoice": "x"}}, headers=auth)
    assert named.status_code == 422 and named.json["field"] == "fields.invoice"
    assert client.post(f"/api/projects/{project_id}/selections", json={}, headers=auth).status_code == 201
    enrollment = _enrollment(app, project_id)
    assert _step(signed_in(app, "school_admin"), enrollment.id, "approved", "applied").status_code == 303

    def enrol(**body):
        return client.post(f"/api/enrollments/{enrollment.id}/moves", headers=auth,
                           json={"target": "awaiting_payment", "state": "approved", "agreed": True, **body})

    missing = enrol()
    assert missing.status_code == 422 and missing.json["field"] == "fields.invoice"
    assert "报销凭证" in missing.json["message"]
    unknown = enrol(fields={"bank": "x"})
    assert unknown.status_code == 422 and unknown.json["field"] == "fields.bank"  # well formed, not asked
    too_long = enrol(fields={"invoice": "票" * 201})
    assert too_long.status_code == 422 and too_long.json["field"] == "fields.invoice"
    assert _enrollment(app, project_id).status == "approved"  # nothing kept on a refusal
    assert enrol(fields={"invoice": " 青岛市太平路小学 ", "remarks": "开票抬头同上"}).status_code == 200
    done = _enrollment(app, project_id)
    assert done.status == "awaiting_payment"
    assert done.region_fields["invoice"] == "青岛市太平路小学" and done.region_fields["remarks"] == "开票抬头同上"
    # what she entered is read in the class list and on her own page
    for user, path in (("institution", f"/projects/{project_id}/class"), ("teacher", "/me/enrollments")):
        page = signed_in(app, user).get(path).get_data(as_text=True)
        assert "报名时填写的信息" in page and "青岛市太平路小学" in page and "开票抬头同上" in page, (user, path)


def test_a_selection_asking_no_fields_refuses_one_named(make_app):
    app = make_app("shanxi", demo=True)
    client, auth = app.test_client(), {"Authorization": "Basic dGVhY2hlcjpkZW1vMTIzNDU="}
    project = next(p for p in client.get("/api/projects?open=1", headers=auth).json["items"]
                   if client.get(f"/api/projects/{p['id']}", headers=auth).json["may_select"])  # else the rules' refusal
    assert client.get(f"/api/projects/{project['id']}", headers=auth).json["selection_fields"] == []
    named = client.post(f"/api/projects/{project['id']}/selections", json={"fields": {"invoice": "x"}}, headers=auth)
    assert named.status_code == 422 and named.json["field"] == "fields.invoice"


def test_a_teachers_selection_is_told_in_the_state_it_reached(make_app):
    """A qingdao teacher applies to the school first (2018 附件2 四2): the page said 已选课, as if
    the training were taken (a phone trial); it says the state the selection reached."""
    app = make_app("qingdao", demo=True)
    institution = signed_in(app, "institution")
    project_id = _new_project(app, institution, program="city_personalized")
    assert institution.post(f"/projects/{project_id}/declare").status_code == 303
    teacher = signed_in(app, "teacher")
    assert teacher.post(f"/catalog/{project_id}/select").status_code == 303
    page = teacher.get("/me/enrollments").get_data(as_text=True)
    assert "已向学校申请，待学校批准。学校批准后，请在“我的培训”中点击“报名”。" in page and "已选课。" not in page
