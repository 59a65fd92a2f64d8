"""A title's date is the day a title was obtained: without the title it is the date of nothing.
The teacher details form (教师信息), the new-user form and the teachers' import took one alone
(职称取得日期 saved with 职称 empty); each now refuses it, saying what to do, and keeps nothing. A
title without its date stays allowed (not always known)."""
from __future__ import annotations

import html
import re
from datetime import date

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import AuditEvent, Teacher, User
from portal.services.teacher_facts import FactsChange, problems
from tests.support import login
from tests.test_imports import TEACHER_HEADINGS, confirm, id_number, sheet, teacher_row, upload

MESSAGE = "Give the professional title obtained on this date, or leave the date empty."


def test_the_facts_service_refuses_a_title_date_alone(make_app):
    app = make_app("shanxi")

    def codes(**change):
        with app.app_context():
            return [(p.field, p.code) for p in problems(FactsChange(**change), date(2026, 12, 7))]

    assert codes(title_date=date(2020, 12, 1)) == [("title", "title_missing")]
    assert codes(title="  ", title_date=date(2020, 12, 1)) == [("title", "title_missing")]
    assert codes(title="一级教师", title_date=date(2020, 12, 1)) == []
    assert codes(title="一级教师") == []  # the date not known


@pytest.fixture
def app(make_app, tmp_path):
    return make_app("shanxi", demo=True, PORTAL_IMPORTS_DIR=str(tmp_path / "imports"))


def test_the_details_form_refuses_a_title_date_without_a_title(app):
    client = app.test_client()
    login(client, "school_admin")
    client.post("/locale/en")
    with app.app_context():
        teacher = db.session.scalar(select(Teacher).join(User, Teacher.user_id == User.id)
                                    .where(User.username == "teacher"))
        tid, title = teacher.id, teacher.title
    form = {"entered_post": "2010-09-01", "probation_end": "", "transferred_in": "", "transferred_from": "",
            "exchange_kind": "", "exchange_unit": "", "title": "", "title_date": "2020-12-01", "layer": "",
            "qualified": ""}
    refused = client.post(f"/admin/teachers/{tid}/facts", data=form)
    assert refused.status_code == 422 and MESSAGE in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Teacher, tid).title == title
        assert not db.session.scalar(select(AuditEvent).where(AuditEvent.action == "teacher.facts_changed"))
    client.post("/locale/zh_Hans_CN")
    assert "请填写该日期取得的职称" in client.post(f"/admin/teachers/{tid}/facts", data=form).get_data(as_text=True)
    saved = client.post(f"/admin/teachers/{tid}/facts", data={**form, "title": "一级教师"})
    assert saved.status_code == 302
    with app.app_context():
        kept = db.session.get(Teacher, tid)
        assert (kept.title, kept.title_date) == ("一级教师", date(2020, 12, 1))


def test_the_new_user_form_refuses_a_title_date_without_a_title(app):
    client = app.test_client()
    login(client, "school_admin")
    client.post("/locale/en")
    with app.app_context():
        school = db.session.scalar(select(Teacher.school_id).join(User, Teacher.user_id == User.id)
                                   .where(User.username == "teacher"))
    form = {"username": "wang-title", "display_name": "王老师", "password": "secret123", "role": "teacher",
            "org_unit": school, "gender": "female", "id_number": id_number(7), "stages": ["junior_high"],
            "title_date": "2020-12-01"}
    refused = client.post("/admin/users/new", data=form)
    assert refused.status_code == 422 and MESSAGE in refused.get_data(as_text=True)
    with app.app_context():
        assert not db.session.scalar(select(func.count(User.id)).where(User.username == "wang-title"))
    assert client.post("/admin/users/new", data={**form, "title": "二级教师"}).status_code == 302


def test_the_import_refuses_a_title_date_without_a_title_given_or_kept(app):
    """The teachers' import took 职称取得日期 with 职称 empty, which both forms refuse: the row is
    one to correct, named by its number, ID number and teacher, for the forms' reason."""
    client = app.test_client()
    login(client, "school_admin")
    client.post("/locale/en", data={"next": "/"})
    answer = upload(client, "teachers", sheet(TEACHER_HEADINGS, [teacher_row(1, "赵无职", title="")]))
    assert answer.status_code == 422
    page = html.unescape(answer.text)
    assert "Title date: a date with no title. Give the title obtained on it, or leave the date empty." in page
    assert f"Row 2: {id_number(1)} · 赵无职" in re.sub(r"<[^>]+>", "", page)
    # a teacher kept with a title: an empty title cell keeps it, and the date is the title's
    first = upload(client, "teachers", sheet(TEACHER_HEADINGS, [teacher_row(2)])).text
    assert confirm(client, "teachers", first).status_code == 303
    again = upload(client, "teachers", sheet(TEACHER_HEADINGS, [teacher_row(2, title="", title_date="2016-09-01")]))
    assert again.status_code == 200 and "Title date: a date with no title" not in again.text
    # a title without its date stays allowed
    assert upload(client, "teachers", sheet(TEACHER_HEADINGS, [teacher_row(3, title_date="")])).status_code == 200
    with app.app_context():
        assert not db.session.scalar(select(func.count(Teacher.id)).where(Teacher.id_number == id_number(1)))


def test_the_import_says_it_in_chinese(app):
    client = app.test_client()
    login(client, "school_admin")
    answer = upload(client, "teachers", sheet(TEACHER_HEADINGS, [teacher_row(1, "赵无职", title="")]))
    assert answer.status_code == 422
    assert "职称取得日期：填了日期却没有职称。请填写该日期取得的职称，或不填日期。" in answer.text
