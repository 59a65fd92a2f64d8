"""The region's fields of an enrollment (qingdao's invoice and remark at 报名) are bound and
checked by one service (``enrollment_fields``) for the step's page and the JSON API alike: the same
field refused with the same words in the page's language, a page's other fields left alone, a
JSON client's name the step does not ask refused."""
from __future__ import annotations

from decimal import Decimal

from werkzeug.datastructures import MultiDict

from portal.extensions import db
from portal.models import User
from portal.services import enrollment_fields
from tests.test_qingdao_invoice_at_enrolling import _approved
from tests.support import city_project


def test_the_step_page_and_the_api_get_the_same_answer(make_app):
    app = make_app("qingdao", demo=True)
    project_id = city_project(app, name="全市专题培训（收费，字段）", fee=Decimal(120))
    _teacher, enrollment_id = _approved(app, project_id)
    prefix = enrollment_fields.step_prefix(enrollment_id)
    with app.test_request_context(headers={"Accept-Language": "zh-CN"}):
        from flask import session
        session["locale"] = "zh_Hans_CN"
        region = app.extensions["portal.region"]
        user = db.session.scalar(db.select(User).where(User.username == "teacher"))

        def step(**given):
            return enrollment_fields.at_step(region, user, enrollment_id, "awaiting_payment", **given)

        page = step(form=MultiDict({"target": "awaiting_payment", "reason": "", f"{prefix}remarks": "单位报销"}))
        client = step(json={"remarks": "单位报销"})
        for refused in (page, client):
            assert refused.refused and refused.field == "invoice" and refused.values is None
            assert "报销凭证" in refused.label and refused.error  # in the page's language
        assert (page.label, page.error) == (client.label, client.error)
        unknown = step(json={"colour": "红"})
        assert unknown.refused and unknown.field == "colour" and unknown.message == "is not a field this step asks"
        page = step(form=MultiDict({f"{prefix}invoice": " 青岛市太平路小学 ", "target": "awaiting_payment"}))
        client = step(json={"invoice": " 青岛市太平路小学 "})
        assert page.values == client.values and page.values["invoice"] == "青岛市太平路小学"
        # a step that asks none: a page's fields are not read, a client's refused
        assert enrollment_fields.at_step(region, user, enrollment_id, "cancelled",
                                         form=MultiDict({f"{prefix}invoice": "x"})).values is None
        assert enrollment_fields.at_step(region, user, enrollment_id, "cancelled", json={"invoice": "x"}).refused
