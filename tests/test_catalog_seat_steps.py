"""The catalog names, beside the selections waiting without a seat, the first state in which one
takes a seat for this project: an outside author's region, whose school approval leads a free
training straight to 已报名 and one with a fee to an offline payment hold (the other step refused
``NOT_APPLICABLE``), read on its free training "到“待线下缴费、已报名”时才占用名额"."""
from __future__ import annotations

import dataclasses
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from portal import clock
from portal.domain import Finding, State, Transition, UserRole, Workflow
from portal.domain.workflow import NOT_APPLICABLE, OVER_TEACHER, RESULT
from portal.extensions import db
from portal.models import OrgUnit, User
from portal.services import enrollments, training
from tests.support import signed_in

WORKFLOW = Workflow(
    initial="applied",
    states=(State("applied", "待学校审核", seat=False), State("unpaid", "待线下缴费"), State("enrolled", "已报名"),
            State("completed", "已完成", final=True)),
    transitions=(Transition("applied", "enrolled", UserRole.SCHOOL_ADMIN, "同意", over=OVER_TEACHER),
                 Transition("applied", "unpaid", UserRole.SCHOOL_ADMIN, "同意参训", over=OVER_TEACHER),
                 Transition("unpaid", "enrolled", UserRole.TEACHER, "已线下缴费"),
                 Transition("enrolled", "completed", UserRole.SCHOOL_ADMIN, "登记结果", asks=(RESULT,))),
    selected_by=(UserRole.TEACHER,))


def test_the_seat_steps_are_the_steps_out_of_a_state_holding_none():
    assert [(t.source, t.target) for t in WORKFLOW.seat_steps()] == [("applied", "enrolled"), ("applied", "unpaid")]
    # the payment hold's step to enrolled takes no seat: the hold has one already
    chained = dataclasses.replace(WORKFLOW, transitions=WORKFLOW.transitions[1:])
    assert [t.target for t in chained.seat_steps()] == ["unpaid"]


def test_a_free_training_names_enrolled_and_one_with_a_fee_its_payment_hold(make_app, monkeypatch):
    from portal.hookspecs import hookimpl
    from tests import example_region

    @hookimpl
    def portal_enrollment_workflow():
        return WORKFLOW

    @hookimpl
    def portal_move_findings(move):
        if move.state == "applied" and move.target in ("enrolled", "unpaid") and (
                (move.target == "unpaid") != (move.selection.project.fee > 0)):
            return [Finding(NOT_APPLICABLE, False, None, None, "此步骤不适用于本项目", example_region.SOURCE)]
        return []

    monkeypatch.setattr(example_region, "portal_enrollment_workflow", portal_enrollment_workflow, raising=False)
    monkeypatch.setattr(example_region, "portal_move_findings", portal_move_findings, raising=False)
    app = make_app("example", demo=True, PORTAL_TEST_CASE="seat steps by fee")
    ids = {}
    with app.app_context():
        region = app.extensions["portal.region"]
        school = db.session.scalar(select(OrgUnit).where(OrgUnit.code == "ex-s1"))
        day = clock.today() + timedelta(days=30)
        for name, fee in (("免费的校本研修", Decimal(0)), ("收费的校本研修", Decimal(200))):
            ids[name] = training.add_project(None, school, name=name, level="school", mode="school_based",
                                             start_date=day, end_date=day, year=day.year, hours=Decimal(6),
                                             capacity=30, fee=fee, status="published").id
        db.session.commit()
        teacher = db.session.scalar(select(User).where(User.username == "teacher"))
        for project_id in ids.values():
            enrollments.select_project(region, teacher, project_id)
    other = signed_in(app, "teacher")
    other.post("/locale/zh_Hans_CN")
    free = other.get(f"/catalog/{ids['免费的校本研修']}").get_data(as_text=True)
    assert "到“已报名”时才占用名额" in free, free.split("名额")[1][:200]
    paid = other.get(f"/catalog/{ids['收费的校本研修']}").get_data(as_text=True)
    assert "到“待线下缴费”时才占用名额" in paid
