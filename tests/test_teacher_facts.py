"""An admin records what the rules need of a teacher (entering post, probation, transfer,
exchange, title, leave); impossible facts are refused with a message, nothing half-saved,
every change audited, and the teacher's page follows."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal import clock
from portal.extensions import db
from portal.models import AuditEvent, Teacher
from tests.support import login

FACTS = {"entered_post": "2010-09-01", "probation_end": "2011-08-31", "transferred_in": "2024-09-01",
         "transferred_from": "某县第二中学", "exchange_kind": "", "exchange_unit": "", "title": "一级教师",
         "title_date": "2020-12-01", "layer": "", "leave-0-start": "2025-03-01", "leave-0-end": "2025-08-31"}


def teacher_id(app, name="张老师") -> int:
    with app.app_context():
        return db.session.scalar(select(Teacher.id).where(Teacher.name == name))


def test_an_admin_records_transfer_and_leave_and_the_event_says_what_changed(app, client):
    login(client, "school_admin")
    tid = teacher_id(app)
    response = client.post(f"/admin/teachers/{tid}/facts", data=FACTS)
    assert response.status_code == 302
    with app.app_context():
        teacher = db.session.get(Teacher, tid)
        facts = teacher.facts()
        assert facts.transferred_in == date(2024, 9, 1) and facts.transferred_from == "某县第二中学"
        assert [(p.start, p.end) for p in facts.leave] == [(date(2025, 3, 1), date(2025, 8, 31))]
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "teacher.facts_changed"))
        assert event.before["transferred_in"] is None and event.after["transferred_in"] == "2024-09-01"
    page = client.get(f"/admin/teachers/{tid}").get_data(as_text=True)
    assert "2024-09-01" in page and "某县第二中学" in page


@pytest.mark.parametrize(("change", "message"), [
    ({"probation_end": "2009-08-31"}, "This date is before the teacher entered post."),
    ({"title_date": (clock.today() + timedelta(days=3)).isoformat()}, "This date cannot be after today."),
    ({"exchange_kind": "secondment"}, "Give both what kind of exchange it is and the unit they work at."),
    ({"leave-0-end": "2025-01-01"}, "The leave ends before it starts."),
    ({"leave-1-start": "2025-05-01", "leave-1-end": "2025-06-01"}, "This leave overlaps another period of leave."),
    ({"leave-0-end": ""}, "Give both the first and the last day of the leave."),  # was kept as one day
    ({"leave-1-end": "2025-12-31"}, "Give both the first and the last day of the leave."),  # was dropped
    ({"entered_post": "1900-01-01"}, "This date is too early."),
])
def test_impossible_facts_are_refused_and_nothing_is_saved(app, client, change, message):
    login(client, "school_admin")
    client.post("/locale/en")
    tid = teacher_id(app)
    response = client.post(f"/admin/teachers/{tid}/facts", data={**FACTS, **change})
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Teacher, tid).transferred_in is None
        assert not db.session.scalar(select(AuditEvent).where(AuditEvent.action == "teacher.facts_changed"))


def test_every_mistake_of_a_change_is_said_at_once(app, client):
    """A phone trial's admin corrected one date, saved, and only then was told of the next."""
    login(client, "school_admin")
    client.post("/locale/en")
    tid = teacher_id(app)
    response = client.post(f"/admin/teachers/{tid}/facts", data={
        **FACTS, "title_date": (clock.today() + timedelta(days=3)).isoformat(), "exchange_kind": "secondment",
        "leave-0-end": "2025-01-01"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    for message in ("This date cannot be after today.", "Give both what kind of exchange it is and the unit they "
                    "work at.", "The leave ends before it starts."):
        assert message in page, message
    with app.app_context():
        assert db.session.get(Teacher, tid).transferred_in is None


def test_only_the_admins_of_the_teachers_school_may_change_them(app, client):
    outside = teacher_id(app, "李老师")  # at the other school
    login(client, "school_admin")
    assert client.get(f"/admin/teachers/{outside}/facts").status_code == 404
    client.post("/logout")
    login(client, "workshop_leader")
    assert client.get(f"/admin/teachers/{teacher_id(app)}/facts").status_code == 403
    client.post("/logout")
    login(client, "teacher")
    assert client.post(f"/admin/teachers/{teacher_id(app)}/facts", data=FACTS).status_code == 403


def test_the_admins_page_of_a_teacher_shows_who_the_import_recorded(app, client):
    """The admin's page of one teacher gives what the teacher import records of them: the ID
    number masked as on a transcript (never in full), gender, school stages and subjects,
    in one line on a phone and the rest behind a tap."""
    tid = teacher_id(app)
    with app.app_context():
        teacher = db.session.get(Teacher, tid)
        teacher.gender, teacher.stages, teacher.subjects = "female", ["primary", "junior_high"], ["语文", "数学"]
        db.session.commit()
        id_number = teacher.id_number
    login(client, "school_admin")
    page = client.get(f"/admin/teachers/{tid}").get_data(as_text=True)
    start = page.index('<details class="panel teacher-card">')
    card = page[start:page.index("</details>", start)]
    assert f"{id_number[:6]}{'*' * 8}{id_number[-4:]}" in card and id_number not in page
    assert "<dt>性别</dt><dd>女</dd>" in card
    assert "小学、初中" in card and "语文、数学" in card
    client.post("/locale/en")
    card = client.get(f"/admin/teachers/{tid}").get_data(as_text=True)
    assert "<dd>Female</dd>" in card and "Primary, Junior high" in card and "Chinese, Mathematics" in card


@pytest.mark.parametrize(("choice", "kept", "shown"), [
    ("yes", True, "持有"), ("no", False, "未持有"), ("", None, None),
])
def test_an_admin_records_whether_the_teacher_holds_a_qualification_certificate(app, client, choice, kept, shown):
    login(client, "school_admin")
    tid = teacher_id(app)
    response = client.post(f"/admin/teachers/{tid}/facts", data={**FACTS, "qualified": choice})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Teacher, tid).facts().qualified is kept
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "teacher.facts_changed"))
        assert event.before["qualified"] is None and event.after["qualified"] is kept
    page = client.get(f"/admin/teachers/{tid}").get_data(as_text=True)
    assert ("教师资格证书" in page) is (shown is not None)
    if shown:
        assert f"<dd>{shown}</dd>" in page
    form = client.get(f"/admin/teachers/{tid}/facts").get_data(as_text=True)
    assert f'<option selected value="{choice}">' in form


def test_a_form_without_the_certificate_keeps_it_unrecorded_and_a_strange_answer_is_refused(app, client):
    login(client, "school_admin")
    tid = teacher_id(app)
    assert client.post(f"/admin/teachers/{tid}/facts", data=FACTS).status_code == 302
    response = client.post(f"/admin/teachers/{tid}/facts", data={**FACTS, "qualified": "maybe"})
    assert response.status_code == 422 and "不是有效的选择" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Teacher, tid).qualified is None
