"""A row to correct names every problem it has, not the first: the checks against earlier rows
and what is kept (an unknown school, an ID number twice or outside the scope, a parent code)
ran only when the row's cells were right, so a row with a bad phone and an unknown school
said the phone alone, and the school only after the next upload. Nothing is saved while a
row is to correct (all or nothing)."""
from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import OrgUnit, Teacher
from tests.support import login
from tests.test_imports import (CREDIT_HEADINGS, TEACHER_HEADINGS, UNIT_HEADINGS, id_number, sheet, teacher_row,
                                upload)


@pytest.fixture
def app(make_app, tmp_path):
    return make_app("shanxi", demo=True, PORTAL_IMPORTS_DIR=str(tmp_path / "imports"))


def _rows_of(page: str) -> dict[str, list[str]]:
    """Each reason the preview lists with the rows it names (their numbers)."""
    text = html.unescape(page)
    found = {}
    for item in re.findall(r'<li class="missing">(.*?)</details>', text, re.S):
        reason = re.sub(r"<[^>]+>", "", item.split("<details")[0]).replace("✗", "").strip()
        found[reason] = re.findall(r"Row (\d+)", item)
    return found


def test_a_teachers_row_names_its_cells_school_earlier_row_and_title_date_problems(app):
    client = app.test_client()
    login(client, "school_admin")  # sx-school-1 only
    client.post("/locale/en", data={"next": "/"})
    with app.app_context():
        before = db.session.scalar(select(func.count(Teacher.id)))
    rows = [teacher_row(1), teacher_row(1, "钱多错", school="sx-school-2", phone="call me", title="")]
    answer = upload(client, "teachers", sheet(TEACHER_HEADINGS, rows))
    assert answer.status_code == 422
    reasons = _rows_of(answer.text)
    for reason in ("Phone: digits only", "No school of your scope has this code.",
                   "This ID number is already on an earlier row.", "Title date: a date with no title."):
        assert [r for said, r in reasons.items() if said.startswith(reason)] == [["3"]], (reason, reasons)
    assert "钱多错" in answer.text  # the row's teacher, by name
    assert 'name="fingerprint"' not in answer.text
    with app.app_context():
        assert db.session.scalar(select(func.count(Teacher.id))) == before


def test_a_teachers_row_with_a_bad_cell_still_says_the_teacher_is_outside_the_scope(app):
    client = app.test_client()
    login(client, "school_admin")
    client.post("/locale/en", data={"next": "/"})
    with app.app_context():
        other = db.session.scalar(select(Teacher).join(OrgUnit).where(OrgUnit.code == "sx-school-2"))
        number, gender = other.id_number, "男" if other.gender == "male" else "女"
    answer = upload(client, "teachers", sheet(TEACHER_HEADINGS, [
        teacher_row(0, id_number=number, gender=gender, stages="大学")]))
    assert answer.status_code == 422
    said = " ".join(_rows_of(answer.text))
    assert "School stages:" in said and "outside your scope" in said


def test_a_credits_row_with_a_bad_cell_still_says_no_teacher_has_its_id_number(app):
    client = app.test_client()
    login(client, "district_admin")
    client.post("/locale/en", data={"next": "/"})
    answer = upload(client, "credits", sheet(CREDIT_HEADINGS, [
        [id_number(401), "2019/13/45", "暑期培训", "", "市级", "集中培训", "24", ""]]))
    assert answer.status_code == 422
    said = " ".join(_rows_of(answer.text))
    assert "Date: not a date" in said and "No teacher of your scope has this ID number." in said


def test_a_units_row_with_a_bad_cell_still_says_its_code_is_on_an_earlier_row(app):
    client = app.test_client()
    login(client, "district_admin")
    client.post("/locale/en", data={"next": "/"})
    answer = upload(client, "units", sheet(UNIT_HEADINGS, [
        ["xd-every-1", "小店区一题小学", "学校", "sx-ty-xd"],
        ["xd-every-1", "小店区二题小学", "大学", "nowhere"]]))
    assert answer.status_code == 422
    reasons = _rows_of(answer.text)
    assert [r for said, r in reasons.items() if said.startswith("Kind:")] == [["3"]], reasons
    assert reasons["This code is already on an earlier row."] == ["3"]
    assert reasons["No unit of your scope, nor an earlier row, has this parent code."] == ["3"]
