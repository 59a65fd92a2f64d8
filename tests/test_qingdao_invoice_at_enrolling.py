"""qingdao's invoice (报销凭证) and remark are filled in at 报名, after the school's approval
(2018 附件2 四2: 报名前需向学校、幼儿园提出申请，经学校批准后方可报名; 四3: 核对培训课程的相关信息，
填写报销凭证及备注): they were asked with the request to the school, before it had approved
anything. The request asks none; the 报名 step asks them (a required invoice where a fee is
charged), on the page and through the JSON API alike."""
from __future__ import annotations

from decimal import Decimal

from portal.extensions import db
from portal.models import Enrollment, Teacher, User
from tests.support import city_project, signed_in, text


def _enrollment(app, project_id: int) -> Enrollment:
    with app.app_context():
        return db.session.scalar(db.select(Enrollment).join(Teacher).join(User, Teacher.user_id == User.id)
                                 .where(Enrollment.project_id == project_id, User.username == "teacher"))


def _approved(app, project_id: int):
    teacher = signed_in(app, "teacher")
    teacher.post("/locale/zh_Hans_CN")
    page = teacher.get(f"/catalog/{project_id}").get_data(as_text=True)
    assert 'name="invoice"' not in page and "报销凭证" not in page  # nothing of the order before the school decides
    assert teacher.post(f"/catalog/{project_id}/select", data={}).status_code == 303
    enrollment = _enrollment(app, project_id)
    assert enrollment.status == "applied" and not enrollment.region_fields
    school = signed_in(app, "school_admin")
    assert school.post(f"/enrollments/{enrollment.id}/moves",
                       data={"target": "approved", "state": "applied", "next": "/"}).status_code == 303
    return teacher, enrollment.id


def test_the_invoice_is_asked_at_enrolling_not_with_the_request(make_app):
    app = make_app("qingdao", demo=True)
    project_id = city_project(app, name="全市专题培训（收费）", fee=Decimal(120))
    teacher, enrollment_id = _approved(app, project_id)
    page = text(teacher.get("/me/enrollments"))
    raw = teacher.get("/me/enrollments").get_data(as_text=True)
    assert f'name="m{enrollment_id}-invoice"' in raw and f'name="m{enrollment_id}-remarks"' in raw
    assert "需提前与单位财务人员确认发票信息" in page
    step = {"target": "awaiting_payment", "state": "approved", "agreed": "y", "next": "/me/enrollments"}
    missing = teacher.post(f"/enrollments/{enrollment_id}/moves", data=step, follow_redirects=True)
    assert "报销凭证（发票）信息：" in text(missing) and _enrollment(app, project_id).status == "approved"
    # what was typed opens the step again filled in
    assert f'name="m{enrollment_id}-remarks"' in missing.get_data(as_text=True)
    given = {**step, f"m{enrollment_id}-invoice": " 青岛市太平路小学 ", f"m{enrollment_id}-remarks": "单位统一报销"}
    assert teacher.post(f"/enrollments/{enrollment_id}/moves", data=given).status_code == 303
    enrollment = _enrollment(app, project_id)
    assert enrollment.status == "awaiting_payment"
    assert enrollment.region_fields["invoice"] == "青岛市太平路小学"
    assert enrollment.region_fields["remarks"] == "单位统一报销"
    assert "青岛市太平路小学" in text(teacher.get("/me/enrollments"))  # kept, shown with the enrollment
    teacher.post("/locale/en")
    assert "Entered on enrolling" in text(teacher.get("/me/enrollments"))  # not "on selecting": given at 报名
    teacher.post("/locale/zh_Hans_CN")
    # unpaid after 30 minutes, cancelled: 重新报名 makes a new order, asking them again, filled in as given
    from datetime import timedelta

    from portal.models.types import utcnow
    with app.app_context():
        db.session.get(Enrollment, enrollment_id).state_since = utcnow() - timedelta(minutes=31)
        db.session.commit()
    raw = teacher.get("/me/enrollments").get_data(as_text=True)
    assert _enrollment(app, project_id).status == "cancelled"
    again = raw.split('name="target" value="awaiting_payment"', 1)[1].split("</form>", 1)[0]
    assert f'name="m{enrollment_id}-invoice"' in again and 'value="青岛市太平路小学"' in again


def test_the_json_api_asks_them_at_the_step(make_app):
    app = make_app("qingdao", demo=True)
    project_id = city_project(app, name="全市专题培训（收费，接口）", fee=Decimal(120))
    teacher, enrollment_id = _approved(app, project_id)
    assert teacher.get(f"/api/projects/{project_id}").json["selection_fields"] == []
    moves = {m["target"]: m for m in teacher.get("/api/me/enrollments").json["items"][0]["moves"]}
    assert "fields" in moves["awaiting_payment"]["asks"]
    # and names them, as a selection's selection_fields do: a client written from the README fills them
    named = {f["name"]: f for f in moves["awaiting_payment"]["fields"]}
    assert named["invoice"]["required"] and named["invoice"]["label"], named
    step = {"target": "awaiting_payment", "state": "approved", "agreed": True}
    missing = teacher.post(f"/api/enrollments/{enrollment_id}/moves", json=step)
    assert missing.status_code == 422 and missing.json["field"] == "fields.invoice", missing.json
    unknown = teacher.post(f"/api/enrollments/{enrollment_id}/moves", json={**step, "fields": {"colour": "x"}})
    assert unknown.status_code == 422 and unknown.json["field"] == "fields.colour"
    done = teacher.post(f"/api/enrollments/{enrollment_id}/moves", json={**step, "fields": {"invoice": "青岛市太平路小学"}})
    assert done.status_code == 200, done.json
    assert _enrollment(app, project_id).region_fields["invoice"] == "青岛市太平路小学"


def test_a_free_training_asks_only_the_remark_at_enrolling(make_app):
    app = make_app("qingdao", demo=True)
    project_id = city_project(app, name="全市专题培训（免费）")
    teacher, enrollment_id = _approved(app, project_id)
    raw = teacher.get("/me/enrollments").get_data(as_text=True)
    assert f'name="m{enrollment_id}-invoice"' not in raw and f'name="m{enrollment_id}-remarks"' in raw
    assert teacher.post(f"/enrollments/{enrollment_id}/moves",
                        data={"target": "enrolled", "state": "approved", "next": "/"}).status_code == 303
    assert _enrollment(app, project_id).status == "enrolled"


def test_the_service_refuses_the_step_with_the_invoice_left_blank(make_app):
    """The service enforces what the step asks, whoever calls it: the page and the JSON API check
    the region's form first, to name the field, but a caller giving an empty ``fields`` object
    (or an invoice of spaces) was let through to 报名 without the invoice a fee asks for."""
    import pytest

    from portal.services import enrollments

    app = make_app("qingdao", demo=True)
    project_id = city_project(app, name="全市专题培训（收费，服务）", fee=Decimal(120))
    _teacher, enrollment_id = _approved(app, project_id)
    with app.test_request_context():
        region = app.extensions["portal.region"]
        user = db.session.scalar(db.select(User).where(User.username == "teacher"))
        for blank in ({}, {"invoice": "   "}):
            with pytest.raises(enrollments.MoveRefused) as refused:
                enrollments.move(region, user, enrollment_id, "awaiting_payment",
                                 enrollments.MoveInput(agreed=True, fields=blank), expected="approved")
            assert (refused.value.code, refused.value.field) == ("asks", "fields"), blank
