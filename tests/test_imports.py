"""Excel imports for admins: teachers, org units and historical credits. A template per kind,
a preview listing every bad row, nothing kept before the confirmation, all or nothing, and
the same sheet imported twice changing nothing."""
from __future__ import annotations

import html
import io
import re
from datetime import date

import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from portal import clock
from portal.domain.idcard import check_digit
from portal.extensions import db
from portal.models import AuditEvent, LedgerEntry, OrgUnit, Teacher, TeacherStanding, User
from portal.services import imports
from tests.support import login

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEACHER_HEADINGS = [c.heading for c in imports.COLUMNS[imports.TEACHERS]]
UNIT_HEADINGS = [c.heading for c in imports.COLUMNS[imports.UNITS]]


def id_number(serial: int, born: str = "19850301", male: bool = False) -> str:
    """A valid ID number, its 17th digit a woman's (even) or a man's (odd), as GB 11643 has it."""
    first = f"140105{born}{(serial * 2 + male) % 1000:03d}"  # three digits: serials up to 499 stay apart
    return first + check_digit(first)


def sheet(headings, rows) -> bytes:
    """An .xlsx of ``rows``: a str is written as text, an int or float as a number cell."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    page = book.add_worksheet()
    for column, heading in enumerate(headings):
        page.write_string(0, column, heading)
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            if isinstance(value, (int, float)):
                page.write_number(number, column, value)
            elif value:
                page.write_string(number, column, value)
    book.close()
    return buffer.getvalue()


def teacher_row(serial: int, name: str = "王老师", school: str = "sx-school-1", **cells) -> list:
    male = cells.get("gender", "女").lower() in ("男", "male")
    row = {"name": name, "gender": "女", "id_number": id_number(serial, male=male), "school": school,
           "phone": "13800000000", "stages": "初中", "subjects": "语文、数学", "title": "一级教师",
           "title_date": "2015-09-01", "qualified": "", "entered_post": "2008-09-01", "probation_end": "",
           "transferred_in": "", "transferred_from": "", "layer": "", **cells}
    return [row[c.key] for c in imports.COLUMNS[imports.TEACHERS]]


def upload(client, kind: str, data: bytes):
    return client.post(f"/admin/imports/{kind}", data={"sheet": (io.BytesIO(data), "sheet.xlsx")},
                       content_type="multipart/form-data")


def confirm(client, kind: str, page: str):
    """POST the confirmation of the preview ``page`` (again, for a stale tab's second click)."""
    token = re.search(r'name="token" value="([0-9a-f]+)"', page).group(1)
    fingerprint = re.search(r'name="fingerprint" value="([0-9a-f]+)"', page).group(1)
    return client.post(f"/admin/imports/{kind}/confirm", data={"token": token, "fingerprint": fingerprint})


@pytest.fixture
def app(make_app, tmp_path):
    return make_app("shanxi", demo=True, PORTAL_IMPORTS_DIR=str(tmp_path / "imports"))


def counts(app):
    with app.app_context():
        return (db.session.scalar(select(func.count(Teacher.id))), db.session.scalar(select(func.count(OrgUnit.id))),
                db.session.scalar(select(func.count(AuditEvent.id))))


@pytest.mark.parametrize("kind", imports.KINDS)
def test_each_kind_has_a_template_of_text_columns(app, kind):
    client = app.test_client()
    login(client, "district_admin")
    answer = client.get(f"/admin/imports/{kind}/template.xlsx")
    assert answer.status_code == 200 and answer.mimetype == XLSX
    rows = CalamineWorkbook.from_filelike(io.BytesIO(answer.data)).get_sheet_by_index(0).to_python()
    assert rows[0] == template_headings(app, kind)
    assert b'formatCode="@"' in _styles(answer.data)  # every column formatted as text


def template_headings(app, kind: str) -> list[str]:
    """The headings of ``kind``'s template in the app's region today (the teachers' layer only
    where the region lists layers)."""
    with app.app_context():
        return [c.heading for c in imports.template_columns(kind, app.extensions["portal.region"], clock.today())]


def _styles(data: bytes) -> bytes:
    import zipfile

    return zipfile.ZipFile(io.BytesIO(data)).read("xl/styles.xml")


def test_imports_are_for_admins_only(app):
    client = app.test_client()
    login(client, "teacher")
    assert client.get("/admin/imports").status_code == 403
    assert client.post("/admin/imports/teachers", data={}).status_code == 403
    login(client, "district_admin")
    page = client.get("/admin/imports")
    assert page.status_code == 200 and "/projects" in page.text  # enrollments and results live with projects
    assert client.get("/admin/imports/nothing/template.xlsx").status_code == 404


def test_an_admin_who_organises_nothing_is_not_sent_to_the_projects_page(make_app):
    """qingdao's principal opened the imports page and followed "Projects →" to a 403: the
    enrollments-and-results section points to the projects only for whom they are open."""
    app = make_app("qingdao", demo=True)
    client = app.test_client()
    login(client, "principal")
    assert client.get("/projects").status_code == 403
    page = client.get("/admin/imports")
    assert page.status_code == 200 and 'href="/projects"' not in page.text


def test_a_sheet_with_bad_rows_lists_every_one_and_saves_nothing(app):
    client = app.test_client()
    login(client, "district_admin")
    before = counts(app)
    bad_check = id_number(2)[:17] + ("0" if id_number(2)[17] != "0" else "1")
    rows = [
        teacher_row(1),
        teacher_row(2, id_number=bad_check),                      # check digit
        teacher_row(3, school="sx-school-3"),                     # a school of another district
        teacher_row(4, gender="未知"),
        [*teacher_row(5)[:2], 140105198503010051, *teacher_row(5)[3:]],  # a number cell
        teacher_row(1, name="重复"),                               # the same ID number again
        teacher_row(6, title_date="2015/13/01"),
        teacher_row(7, name=""),
    ]
    answer = upload(client, "teachers", sheet(TEACHER_HEADINGS, rows))
    assert answer.status_code == 422
    text = answer.text
    for number in range(3, 10):
        assert f"第 {number} 行" in text or f"Row {number}" in text, number
    assert "Row 2:" not in text and "第 2 行：" not in text.split("将要更改")[0]
    assert "校验位" in text
    assert "15" in text  # the number cell's reason: Excel keeps 15 digits
    assert 'name="fingerprint"' not in text
    assert counts(app) == before


def test_bad_rows_read_in_english_when_asked(app):
    client = app.test_client()
    login(client, "district_admin")
    client.post("/locale/en")
    answer = upload(client, "teachers", sheet(TEACHER_HEADINGS, [teacher_row(1, school="nowhere"),
                                                                teacher_row(2, title_date="tomorrow")]))
    assert answer.status_code == 422
    assert "Row 2" in answer.text and "No school of your scope has this code." in answer.text
    assert "Row 3" in answer.text and "Title date: not a date" in answer.text


def test_a_row_names_every_problem_it_has_at_once(app):
    """An admin correcting a sheet is told all of a row's problems, not the first one per upload."""
    client = app.test_client()
    login(client, "district_admin")
    answer = upload(client, "teachers", sheet(TEACHER_HEADINGS, [
        teacher_row(1, gender="未知", phone="call me", title_date="2015/13/01"), teacher_row(2)]))
    assert answer.status_code == 422
    text = answer.text.split("将要更改")[0]
    assert "有 1 行需要修改" in text and text.count("第 2 行") == 3
    assert text.index("性别") < text.index("手机号") < text.index("职称取得日期")
    credits = upload(client, "credits", sheet(CREDIT_HEADINGS, [["", "2020-05-01", "", "", "火星级", "集中培训", "", ""]]))
    for reason in ("身份证号", "培训名称", "级别", "学时或学分"):  # the training's title, not a 职称
        assert reason in credits.text, reason


def test_a_gender_or_a_first_day_the_id_number_contradicts_is_a_row_to_correct(app):
    """A deploying bureau imported 潘婷婷, 女, whose ID number is a man's, and a teacher in post
    a year before the ID number's birth date: both were marked new."""
    client = app.test_client()
    login(client, "district_admin")
    rows = [teacher_row(1, gender="男", id_number=id_number(1)),
            teacher_row(2, id_number=id_number(2, born="20150101"), entered_post="2014-09-01")]
    answer = upload(client, "teachers", sheet(TEACHER_HEADINGS, rows))
    assert answer.status_code == 422
    assert "性别：与身份证号不符" in answer.text and "教师当时未满 16 周岁" in answer.text


def test_gender_takes_the_templates_words_only_and_a_bad_one_names_them(app):
    """The template's note says 男 or 女 (or Male or Female); "M", "F" or anything else is a
    row to correct, whose reason names the words taken, in the page's language."""
    client = app.test_client()
    login(client, "district_admin")
    note = CalamineWorkbook.from_filelike(io.BytesIO(imports.template(imports.TEACHERS)))  # the note is a comment
    assert note.get_sheet_by_index(1).to_python()[1][1] == "男"  # the example sheet
    assert "男或女（也可写 Male 或 Female）" in imports.NOTES[imports.TEACHERS]
    assert "Gender: 男 or 女 (or Male or Female)" in imports.NOTES[imports.TEACHERS]
    good = [teacher_row(1, gender="男"), teacher_row(2, gender="女"), teacher_row(3, gender="Male"),
            teacher_row(4, gender="FEMALE")]
    assert upload(client, "teachers", sheet(TEACHER_HEADINGS, good)).status_code == 200
    bad = [teacher_row(1, gender="M"), teacher_row(2, gender="f"), teacher_row(3, gender="男性")]
    answer = upload(client, "teachers", sheet(TEACHER_HEADINGS, bad))
    assert answer.status_code == 422
    assert "性别：请填写“男”或“女”（也可填 Male 或 Female）。" in answer.text
    assert all(f"第 {n} 行" in answer.text for n in (2, 3, 4))
    client.post("/locale/en")
    answer = upload(client, "teachers", sheet(TEACHER_HEADINGS, bad))
    assert "Gender: write 男 or 女 (or Male or Female)." in answer.text


def test_confirm_saves_every_row_and_the_same_sheet_again_changes_nothing(app, tmp_path):
    client = app.test_client()
    login(client, "district_admin")
    data = sheet(TEACHER_HEADINGS, [teacher_row(1), teacher_row(2, "李老师", "sx-school-2", gender="男")])
    before = counts(app)
    preview = upload(client, "teachers", data)
    assert preview.status_code == 200
    assert counts(app) == before  # nothing kept before the confirmation
    done = confirm(client, "teachers", preview.text)
    assert done.status_code == 303
    with app.app_context():
        kept = {t.id_number: t for t in db.session.scalars(
            select(Teacher).where(Teacher.id_number.in_([id_number(1), id_number(2, male=True)])))}
        assert len(kept) == 2
        first = kept[id_number(1)]
        assert (first.school.code, first.stages, first.subjects, first.title_date) == (
            "sx-school-1", ["junior_high"], ["语文", "数学"], date(2015, 9, 1))
        assert kept[id_number(2, male=True)].gender == "male"
        assert db.session.scalar(select(func.count(TeacherStanding.teacher_id))
                                 .where(TeacherStanding.teacher_id.in_([t.id for t in kept.values()]))) == 2
        assert db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "teacher.imported")) == 2
    after = counts(app)

    again = upload(client, "teachers", data)
    assert again.status_code == 200
    assert "这张表不会改变任何内容" in again.text
    assert 'name="fingerprint"' not in again.text and "/confirm" not in again.text  # nothing to confirm
    assert not list((tmp_path / "imports").glob("*.xlsx"))  # nor an upload kept for it
    # The first preview's button clicked again (a stale tab): harmless.
    assert confirm(client, "teachers", preview.text).status_code == 303
    assert counts(app) == after


def _kept_row(teacher, **cells) -> tuple[str, list]:
    """A row of a teacher kept already: their ID number, name and gender, the rest empty but ``cells``."""
    return teacher.id_number, teacher_row(0, teacher.name, id_number=teacher.id_number,
                                          gender="女" if teacher.gender == "female" else "男", subjects="", phone="",
                                          title_date="", entered_post="", **cells)


def test_a_changed_row_says_what_changes_and_refreshes_the_standing(app):
    client = app.test_client()
    login(client, "district_admin")
    with app.app_context():
        teacher = db.session.scalar(select(Teacher).join(OrgUnit).where(OrgUnit.code == "sx-school-1"))
        old_title = teacher.title
        computed = db.session.scalar(select(TeacherStanding.computed_at).where(TeacherStanding.teacher_id == teacher.id))
        number, row = _kept_row(teacher, title="高级教师", stages="")
    preview = upload(client, "teachers", sheet(TEACHER_HEADINGS, [row]))
    assert preview.status_code == 200
    assert "高级教师" in preview.text and (old_title or "—") in preview.text
    assert confirm(client, "teachers", preview.text).status_code == 303
    with app.app_context():
        kept = db.session.scalar(select(Teacher).where(Teacher.id_number == number))
        assert kept.title == "高级教师" and kept.subjects  # an empty cell left the subjects as they were
        assert db.session.scalar(select(TeacherStanding.computed_at)
                                 .where(TeacherStanding.teacher_id == kept.id)) != computed
        assert db.session.scalar(select(AuditEvent.after).where(AuditEvent.action == "teacher.updated")) == {
            "title": "高级教师"}


def test_a_changed_stage_is_previewed_in_words_not_its_code(app):
    """The preview of a changed school stage read "junior_high" (a helper's note): a code on a page."""
    client = app.test_client()
    login(client, "district_admin")
    with app.app_context():
        teacher = db.session.scalar(select(Teacher).join(OrgUnit).where(OrgUnit.code == "sx-school-1"))
        stages = "高中" if "senior_high" not in (teacher.stages or ()) else "小学"
        _number, row = _kept_row(teacher, stages=stages, title="")
    preview = upload(client, "teachers", sheet(TEACHER_HEADINGS, [row]))
    changed = preview.text.split('<li class="ok">')[1].split("</li>")[0]
    assert f"→ {stages}" in changed
    assert not any(code in changed for code in ("senior_high", "junior_high", "primary", "kindergarten"))


def test_a_teacher_of_another_scope_is_a_bad_row(app):
    client = app.test_client()
    login(client, "school_admin")  # sx-school-1 only
    with app.app_context():
        other = db.session.scalar(select(Teacher).join(OrgUnit).where(OrgUnit.code == "sx-school-2"))
        number, gender = other.id_number, "男" if other.gender == "male" else "女"
    answer = upload(client, "teachers", sheet(TEACHER_HEADINGS, [teacher_row(0, id_number=number, gender=gender)]))
    assert answer.status_code == 422
    assert "outside your scope" in answer.text or "范围以外" in answer.text


def test_a_sheet_changed_since_its_preview_is_refused(app):
    client = app.test_client()
    login(client, "district_admin")
    data = sheet(TEACHER_HEADINGS, [teacher_row(1)])
    preview = upload(client, "teachers", data)
    other = app.test_client()
    login(other, "district_admin")
    assert confirm(other, "teachers", upload(other, "teachers", data).text).status_code == 303
    before = counts(app)
    refused = confirm(client, "teachers", preview.text)
    assert refused.status_code == 303
    assert counts(app) == before
    assert "已有变化" in client.get("/admin/imports").text


def test_unreadable_and_foreign_sheets_are_refused_without_an_error(app):
    client = app.test_client()
    login(client, "district_admin")
    assert upload(client, "teachers", b"not a sheet").status_code == 303
    assert upload(client, "teachers", b"").status_code == 303
    assert upload(client, "teachers", sheet(["x", "y"], [["1", "2"]])).status_code == 303
    assert upload(client, "units", sheet(TEACHER_HEADINGS, [teacher_row(1)])).status_code == 303
    assert client.post("/admin/imports/teachers/confirm", data={"token": "../../etc", "fingerprint": "x"}).status_code == 303
    assert client.post("/admin/imports/teachers/confirm", data={"job": "abc"}).status_code == 400
    assert client.get("/admin/imports/teachers/jobs/999999").status_code == 404


def test_too_many_rows_are_refused(make_app, tmp_path):
    app = make_app("shanxi", demo=True, PORTAL_IMPORTS_DIR=str(tmp_path / "i"), PORTAL_IMPORT_MAX_ROWS=3)
    client = app.test_client()
    login(client, "district_admin")
    answer = upload(client, "teachers", sheet(TEACHER_HEADINGS, [teacher_row(n) for n in range(1, 5)]))
    assert answer.status_code == 303
    assert "3" in client.get("/admin/imports").text


def test_a_large_sheet_is_checked_and_saved_by_background_jobs(make_app, tmp_path):
    app = make_app("shanxi", demo=True, PORTAL_IMPORTS_DIR=str(tmp_path / "i"), PORTAL_IMPORT_NOW=3)
    client = app.test_client()
    login(client, "district_admin")
    rows = [teacher_row(n, f"教师{n}", "sx-school-1" if n % 2 else "sx-school-2") for n in range(1, 11)]
    answer = upload(client, "teachers", sheet(TEACHER_HEADINGS, rows))
    assert answer.status_code == 303 and "/jobs/" in answer.location
    page = client.get(answer.location)
    assert page.status_code == 200 and "Confirm" in page.text or "确认" in page.text
    job_id = answer.location.rsplit("/", 1)[1]
    before = counts(app)
    saving = client.post("/admin/imports/teachers/confirm", data={"job": job_id})
    assert saving.status_code == 303 and "/jobs/" in saving.location
    assert counts(app)[0] == before[0] + 10
    done = client.get(saving.location)
    assert "10" in done.text
    # another admin cannot see or confirm the job
    other = app.test_client()
    login(other, "city_admin")
    assert other.get(answer.location).status_code == 404
    assert other.post("/admin/imports/teachers/confirm", data={"job": job_id}).status_code == 303


def test_a_large_sheet_that_changes_nothing_offers_nothing_to_confirm(make_app, tmp_path):
    app = make_app("shanxi", demo=True, PORTAL_IMPORTS_DIR=str(tmp_path / "i"), PORTAL_IMPORT_NOW=3)
    client = app.test_client()
    login(client, "district_admin")
    client.post("/locale/en")
    data = sheet(TEACHER_HEADINGS, [teacher_row(n, f"教师{n}") for n in range(1, 6)])
    first = client.get(upload(client, "teachers", data).location).text
    assert "Confirm" in first
    first_job = re.search(r'name="job" value="(\d+)"', first).group(1)
    assert client.post("/admin/imports/teachers/confirm", data={"job": first_job}).status_code == 303
    after = counts(app)
    answer = upload(client, "teachers", data)
    page = client.get(answer.location).text
    assert "This sheet changes nothing: every row is already kept as it is" in page
    assert 'name="job"' not in page and "Confirm" not in page
    job_id = answer.location.rsplit("/", 1)[1]
    refused = client.post("/admin/imports/teachers/confirm", data={"job": job_id})  # posted all the same
    assert refused.status_code == 303 and "/jobs/" not in refused.location
    assert "This sheet changes nothing" in client.get(refused.location).text
    # The first sheet's button again: it was kept already, so nothing happens.
    assert client.post("/admin/imports/teachers/confirm", data={"job": first_job}).status_code == 303
    assert counts(app) == after


# Org units ----------------------------------------------------------------------------------


def test_org_units_below_the_admins_unit_are_added_once(app):
    client = app.test_client()
    login(client, "district_admin")  # sx-ty-xd
    rows = [["xd-zone-1", "小店区第一学区", "学区", "sx-ty-xd"],
            ["xd-school-9", "小店区第九小学", "学校", "xd-zone-1"],      # below a unit of an earlier row
            ["xd-school-10", "小店区第十中学", "school", "sx-ty-xd"]]
    data = sheet(UNIT_HEADINGS, rows)
    before = counts(app)
    preview = upload(client, "units", data)
    assert preview.status_code == 200, preview.text
    assert counts(app) == before
    assert confirm(client, "units", preview.text).status_code == 303
    with app.app_context():
        units = {u.code: u for u in db.session.scalars(select(OrgUnit).where(OrgUnit.code.like("xd-%")))}
        district = db.session.scalar(select(OrgUnit).where(OrgUnit.code == "sx-ty-xd"))
        assert units["xd-school-9"].parent.code == "xd-zone-1"
        assert units["xd-school-9"].path == f"{district.path}{units['xd-zone-1'].id}/{units['xd-school-9'].id}/"
        assert units["xd-school-10"].kind == "school"
    after = counts(app)
    again = upload(client, "units", data)
    assert again.status_code == 200 and 'name="fingerprint"' not in again.text
    assert confirm(client, "units", preview.text).status_code == 303
    assert counts(app) == after
    # a new name is an update; the new school takes teachers
    renamed = upload(client, "units", sheet(UNIT_HEADINGS, [["xd-school-10", "小店区第十中学（新）", "学校", "sx-ty-xd"]]))
    assert "小店区第十中学（新）" in renamed.text
    assert confirm(client, "units", renamed.text).status_code == 303
    preview = upload(client, "teachers", sheet(TEACHER_HEADINGS, [teacher_row(1, school="xd-school-10")]))
    assert preview.status_code == 200


def test_org_units_outside_the_admins_unit_are_refused(app):
    client = app.test_client()
    login(client, "district_admin")
    rows = [["yz-school-9", "迎泽区第九小学", "学校", "sx-ty-yz"],   # parent in another district
            ["sx-school-3", "改名", "学校", "sx-ty-xd"],             # a unit of another district
            ["xd-x", "学校下的学校", "学校", "sx-school-1"],          # below a school
            ["sx-school-1", "第一中学", "学校", "sx-ty-yz"],          # moved
            ["bad code!", "名字", "学校", "sx-ty-xd"],
            ["xd-y", "名字", "大学", "sx-ty-xd"],
            ["xd-z", "", "学校", "sx-ty-xd"]]                         # no name: 单位名称, not a person's 姓名
    before = counts(app)
    answer = upload(client, "units", sheet(UNIT_HEADINGS, rows))
    assert answer.status_code == 422
    assert "单位名称：此单元格为空" in answer.text and "姓名" not in answer.text
    for number in range(2, 9):
        assert f"第 {number} 行" in answer.text or f"Row {number}" in answer.text, number
    assert counts(app) == before


# Historical credits ---------------------------------------------------------------------------

CREDIT_HEADINGS = [c.heading for c in imports.COLUMNS[imports.CREDITS]]


def test_a_historical_credit_imported_twice_is_entered_once_and_counts(app):
    client = app.test_client()
    login(client, "district_admin")
    with app.app_context():
        teacher = db.session.scalar(select(Teacher).join(OrgUnit).where(OrgUnit.code == "sx-school-1"))
        number, teacher_id = teacher.id_number, teacher.id
        earned = db.session.scalar(select(TeacherStanding.cycle_earned).where(TeacherStanding.teacher_id == teacher_id))
        entries = db.session.scalar(select(func.count(LedgerEntry.id)).where(LedgerEntry.teacher_id == teacher_id))
    day = date(clock.today().year, 1, 5).isoformat() if clock.today() > date(clock.today().year, 1, 5) \
        else date(clock.today().year - 1, 12, 1).isoformat()
    row = [number, day, "2019年旧系统：课堂教学能力提升培训", "", "市级", "集中培训", "24", ""]
    data = sheet(CREDIT_HEADINGS, [row])
    preview = upload(client, "credits", data)
    assert preview.status_code == 200, preview.text
    assert confirm(client, "credits", preview.text).status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count(LedgerEntry.id))
                                 .where(LedgerEntry.teacher_id == teacher_id)) == entries + 1
        entry = db.session.scalar(select(LedgerEntry).where(LedgerEntry.teacher_id == teacher_id)
                                  .order_by(LedgerEntry.id.desc()))
        region = app.extensions["portal.region"]
        assert entry.source == "transfer" and entry.amount > 0
        assert entry.audit_state in region.audit_workflow().counting()
        assert db.session.scalar(select(func.count(AuditEvent.id)).where(
            AuditEvent.subject_type == "ledger_entry", AuditEvent.subject_id == entry.id)) == 1
        now = db.session.scalar(select(TeacherStanding.cycle_earned).where(TeacherStanding.teacher_id == teacher_id))
        assert now == earned + entry.amount
    again = upload(client, "credits", data)
    assert again.status_code == 200 and 'name="fingerprint"' not in again.text
    assert confirm(client, "credits", preview.text).status_code == 303
    twice = upload(client, "credits", sheet(CREDIT_HEADINGS, [row, row]))
    assert twice.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(func.count(LedgerEntry.id))
                                 .where(LedgerEntry.teacher_id == teacher_id)) == entries + 1
        # The database itself refuses the same row's key a second time (two imports at once).
        twin = LedgerEntry(teacher_id=teacher_id, source="transfer", activity_date=entry.activity_date,
                           amount=entry.amount, unit=entry.unit, category=entry.category, title=entry.title,
                           facts={}, explanation_id=entry.explanation_id, rule_version=entry.rule_version,
                           audit_state=entry.audit_state, import_key=entry.import_key)
        db.session.add(twin)
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()


def test_bad_historical_credits_are_listed(app):
    client = app.test_client()
    login(client, "school_admin")
    with app.app_context():
        other = db.session.scalar(select(Teacher.id_number).join(OrgUnit).where(OrgUnit.code == "sx-school-2"))
        mine = db.session.scalar(select(Teacher.id_number).join(OrgUnit).where(OrgUnit.code == "sx-school-1"))
    rows = [[other, "2020-05-01", "培训", "", "市级", "集中培训", "10", ""],       # another school's teacher
            [mine, "2999-05-01", "培训", "", "市级", "集中培训", "10", ""],        # in the future
            [mine, "2020-05-01", "培训", "", "火星级", "集中培训", "10", ""],
            [mine, "2020-05-01", "培训", "", "市级", "集中培训", "", ""],
            [mine, "2020-05-01", "培训", "", "市级", "集中培训", "10", "2"],
            [mine, "2020-05-01", "培训", "", "市级", "集中培训", "-3", ""],
            [mine, "2020-05-01", "培训", "火星类", "市级", "集中培训", "10", ""]]
    before = counts(app)
    answer = upload(client, "credits", sheet(CREDIT_HEADINGS, rows))
    assert answer.status_code == 422
    for number in range(2, 9):
        assert f"第 {number} 行" in answer.text, number
    with app.app_context():
        first = str(app.extensions["portal.region"].categories()[0].label)
    assert first in answer.text, "a category refused lists those the region has"
    assert counts(app) == before


# The templates' examples ---------------------------------------------------------------------


@pytest.mark.parametrize("kind", imports.KINDS)
def test_a_template_shows_examples_on_a_second_sheet_that_is_never_imported(app, kind):
    client = app.test_client()
    login(client, "district_admin")
    client.post("/locale/en", data={"next": "/"})
    data = client.get(f"/admin/imports/{kind}/template.xlsx").data
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    assert book.sheet_names == ["导入 Import", "示例 Example"]
    first, examples = book.get_sheet_by_index(0).to_python(), book.get_sheet_by_name("示例 Example").to_python()
    assert first == [template_headings(app, kind)]  # headings only: nothing to import
    assert examples[0] == first[0] and [r for r in examples[1:3]] == [list(r) for r in imports.EXAMPLES[kind]]
    before = counts(app)
    # Uploaded as downloaded: a clear word, nothing kept, not the examples.
    answer = upload(client, kind, data)
    assert answer.status_code == 303
    page = client.get(answer.headers["Location"]).text
    assert "The first sheet has no rows below its headings" in page
    # The examples copied into the first sheet: each refused as an example.
    answer = upload(client, kind, sheet([c.heading for c in imports.COLUMNS[kind]], imports.EXAMPLES[kind]))
    assert answer.status_code == 422
    assert "This is a row of the template&#39;s examples" in answer.text
    assert "Row 2" in answer.text and "Row 3" in answer.text
    assert 'name="fingerprint"' not in answer.text
    assert counts(app) == before


def test_an_example_row_among_good_ones_is_refused_alone(app):
    client = app.test_client()
    login(client, "district_admin")
    rows = [teacher_row(1), list(imports.EXAMPLES[imports.TEACHERS][0])]
    answer = upload(client, "teachers", sheet(TEACHER_HEADINGS, rows))
    assert answer.status_code == 422
    assert answer.text.count('class="missing"') == 1  # one reason, for row 3 only


# What a historical credit will count ------------------------------------------------------------


def test_the_credits_preview_shows_what_each_row_counts_under_the_regions_rules(app):
    from portal.domain import Activity, Level, Mode
    from portal.web.wording import quantity

    client = app.test_client()
    login(client, "district_admin")
    client.post("/locale/en", data={"next": "/"})
    with app.app_context():
        number = db.session.scalar(select(Teacher.id_number).join(OrgUnit).where(OrgUnit.code == "sx-school-1"))
        region = app.extensions["portal.region"]
        day = date(2020, 5, 1)
        result = region.convert(Activity(level=Level.CITY, mode=Mode.CENTRALIZED, hours=imports.Decimal(24), days=1,
                                         start=day, end=day, base_credits=None), on=day)
        label = region.category_labels()[result.category]
    rows = [[number, day.isoformat(), "旧系统：课堂教学能力提升培训", "", "市级", "集中培训", "24", ""]]
    answer = upload(client, "credits", sheet(CREDIT_HEADINGS, rows))
    assert answer.status_code == 200, answer.text
    with app.test_request_context(headers={"Accept-Language": "en"}):
        from flask_babel import force_locale

        with force_locale("en"):
            shown, label = quantity(result.amount, result.unit.value), str(label)
    assert f"counts {shown} ({label}) under the region's rules" in answer.text, answer.text



def test_a_chinese_credits_preview_punctuates_each_row_in_chinese(app):
    """The preview read "— 新增: 按本地区规则计 6 学分": an English colon in a Chinese line."""
    client = app.test_client()
    login(client, "district_admin")
    with app.app_context():
        number = db.session.scalar(select(Teacher.id_number).join(OrgUnit).where(OrgUnit.code == "sx-school-1"))
    rows = [[number, "2020-05-01", "旧系统：课堂教学能力提升培训", "", "市级", "集中培训", "24", ""]]
    answer = upload(client, "credits", sheet(CREDIT_HEADINGS, rows))
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", answer.text))
    assert "新增：按本地区规则计" in words.replace("： ", "：") and "新增:" not in words

# Accounts for imported teachers -------------------------------------------------------------------


def test_after_an_import_the_admin_learns_how_many_teachers_are_new_and_how_they_sign_in(app):
    client = app.test_client()
    login(client, "school_admin")
    client.post("/locale/en", data={"next": "/"})
    data = sheet(TEACHER_HEADINGS, [teacher_row(1), teacher_row(2, "李老师")])
    first = upload(client, "teachers", data).text
    done = confirm(client, "teachers", first)
    assert done.status_code == 303
    page = client.get(done.headers["Location"]).text
    assert "2 new teachers were created, without sign-in accounts" in page and "/admin/users/new" in page
    # The same sheet again: nobody new, no word of accounts, even when the first button is clicked again.
    again = upload(client, "teachers", data).text
    assert "This sheet changes nothing" in again and "without sign-in account" not in again
    done = confirm(client, "teachers", first)
    assert "without sign-in account" not in client.get(done.headers["Location"]).text

    # The new-user page gives an imported teacher an account, linked to the record kept.
    with app.app_context():
        teacher = db.session.scalar(select(Teacher).where(Teacher.id_number == id_number(1)))
        school, teachers = teacher.school_id, db.session.scalar(select(func.count(Teacher.id)))
        assert teacher.user_id is None
    form = {"username": "wang-imported", "display_name": "王老师", "password": "secret123", "role": "teacher",
            "org_unit": school, "gender": "female", "id_number": id_number(1), "stages": ["junior_high"]}
    assert client.post("/admin/users/new", data=form).status_code == 302
    with app.app_context():
        teacher = db.session.scalar(select(Teacher).where(Teacher.id_number == id_number(1)))
        assert teacher.user.username == "wang-imported" and teacher.title_date == date(2015, 9, 1)
        assert db.session.scalar(select(func.count(Teacher.id))) == teachers  # linked, not a second record
    # A teacher with an account already is another person's: refused.
    again = client.post("/admin/users/new", data={**form, "username": "wang-twice"})
    assert again.status_code == 422
    client.post("/logout")
    assert login(client, "wang-imported", "secret123").status_code == 302


def _one_imported(app, account_at: str):
    """The district admin's client once teacher 1 of sx-school-2 is imported, and the id of the
    school ``account_at`` where an account is then made for her."""
    client = app.test_client()
    login(client, "district_admin")
    data = sheet(TEACHER_HEADINGS, [teacher_row(1, school="sx-school-2")])
    assert confirm(client, "teachers", upload(client, "teachers", data).text).status_code == 303
    with app.app_context():
        return client, db.session.scalar(select(OrgUnit.id).where(OrgUnit.code == account_at))


def test_an_imported_teacher_of_another_school_is_not_linked(app):
    client, other = _one_imported(app, "sx-school-1")
    form = {"username": "wang-elsewhere", "display_name": "王老师", "password": "secret123", "role": "teacher",
            "org_unit": other, "gender": "female", "id_number": id_number(1), "stages": ["junior_high"]}
    before = counts(app)
    assert client.post("/admin/users/new", data=form).status_code == 422
    assert counts(app) == before


# Many rows at once -----------------------------------------------------------------------------


def test_bulk_inserts_give_each_row_its_id_in_order_and_the_models_defaults(app):
    from portal.models.ledger import AuditStateRefused
    from portal.services import bulk

    with app.app_context():
        school = db.session.scalar(select(OrgUnit.id).where(OrgUnit.code == "sx-school-1"))
        rows = [{"name": f"批量{n}", "gender": "female", "id_number": id_number(900 - n), "school_id": school,
                 "stages": ["primary"] if n % 2 else [], "subjects": [], "title_date": date(2010, 1, 1 + n) if n else None}
                for n in range(7)]
        made = bulk.insert_rows(Teacher.__table__, rows, ids=True)
        assert len(set(made)) == 7
        kept = {t.id: t for t in db.session.scalars(select(Teacher).where(Teacher.id.in_(made)))}
        assert [kept[i].id_number for i in made] == [r["id_number"] for r in rows]
        assert [kept[i].stages for i in made] == [r["stages"] for r in rows]
        assert kept[made[3]].title_date == date(2010, 1, 4) and kept[made[0]].title_date is None
        assert all(t.created_at is not None and t.leave == [] for t in kept.values())
        assert bulk.insert_rows(Teacher.__table__, []) == []
        # A ledger entry's state is checked as the ORM's bulk insert checks it.
        with pytest.raises(AuditStateRefused):
            bulk.insert_rows(LedgerEntry.__table__, [{"teacher_id": made[0], "audit_state": "no-such-state"}])
        db.session.rollback()


def test_an_imported_teacher_gets_an_account_without_typing_her_record_again(app):
    """A trial's admin linking an account to an imported teacher was asked her school stages
    again: the record kept has them. A new teacher's record still needs them."""
    client, school = _one_imported(app, "sx-school-2")
    form = {"username": "wang-here", "display_name": "王老师", "password": "secret123", "role": "teacher",
            "org_unit": school, "id_number": id_number(1)}
    assert client.post("/admin/users/new", data=form).status_code == 302
    with app.app_context():
        kept = db.session.scalar(select(Teacher).where(Teacher.id_number == id_number(1)))
        assert kept.user.username == "wang-here" and kept.stages == ["junior_high"]
    new = client.post("/admin/users/new", data={**form, "username": "li-new", "id_number": id_number(2)})
    assert new.status_code == 422 and "教师必填" in new.text


@pytest.mark.parametrize(("region", "admin", "bad", "message", "good"), [
    # a qingdao trial imported the template's own example shape, 省级网络研修 with 2 credits and no
    # hours: qingdao counts from hours, and the row was to be saved as 0 credits, marked good
    ("qingdao", "district_admin", ["2018-11-02", "网络研修", "", "省级", "网络研修", "", "2"], "此行按所填内容计 0",
     ["2018-11-02", "网络研修", "", "省级", "网络研修", "2", ""]),
    # a kaifeng trial's school admin imported 99,999 hours for one teacher, counted at once: a
    # figure above all a cycle asks is a typing mistake, as for a claim
    ("kaifeng", "school_admin", ["2026-03-15", "巨大学时", "", "市级", "集中培训", "99999", ""],
     "超过一个周期的全部要求", ["2026-03-15", "集中培训", "", "市级", "集中培训", "24", ""]),
    # a deploying bureau read only 本地区规则无法折算此项培训: the rules' own reason is said under the row
    ("ruian", "school_admin", ["2026-03-15", "网络研修", "", "省级", "网络研修", "", "4"],
     "不能是网络研修", ["2026-03-15", "集中培训", "", "市级", "集中培训", "", "24"]),
])
def test_a_historical_credit_the_regions_rules_would_count_wrongly_is_a_row_to_correct(
        make_app, region, admin, bad, message, good):
    app = make_app(region, demo=True)
    client = app.test_client()
    login(client, admin)
    with app.app_context():
        mine = db.session.scalar(select(Teacher.id_number).join(User, Teacher.user_id == User.id)
                                 .where(User.username == "teacher"))
    before = counts(app)
    answer = upload(client, "credits", sheet(CREDIT_HEADINGS, [[mine, *bad]]))
    assert answer.status_code == 422 and message in answer.get_data(as_text=True)
    assert counts(app) == before
    assert upload(client, "credits", sheet(CREDIT_HEADINGS, [[mine, *good]])).status_code == 200


def test_a_teacher_dated_into_post_after_her_probation_or_transfer_is_a_row_to_correct(app):
    """A kaifeng trial imported 入职 2015-09-01 with 转正 2014-01-01 and 调入 2005-01-01, which
    the teacher's details form refuses."""
    client = app.test_client()
    login(client, "district_admin")
    before = counts(app)
    answer = upload(client, "teachers", sheet(TEACHER_HEADINGS, [
        teacher_row(1, entered_post="2015-09-01", probation_end="2014-01-01", transferred_in="2005-01-01")]))
    assert answer.status_code == 422
    assert "转正日期：此日期早于入职日期" in answer.text and "调入日期：此日期早于入职日期" in answer.text
    assert counts(app) == before


def test_a_kind_that_cannot_sit_below_its_parent_is_told_why_not_only_of_schools(app):
    """A first-day trial placed a 市 below the bureau's district and read "学校之下不设单位",
    though the parent was no school."""
    client = app.test_client()
    login(client, "district_admin")
    answer = upload(client, "units", sheet(UNIT_HEADINGS, [["xd-city", "一个市", "市", "sx-ty-xd"]]))
    assert answer.status_code == 422 and "下级单位的层级须低于上级" in answer.text


def _template_lists(data: bytes) -> tuple[list[str], str]:
    """The drop-down lists of a template's first sheet, and the note on its first heading."""
    import zipfile

    book = zipfile.ZipFile(io.BytesIO(data))
    lists = re.findall(r"<formula1>&quot;(.*?)&quot;</formula1>|<formula1>\"(.*?)\"</formula1>",
                       book.read("xl/worksheets/sheet1.xml").decode())
    note = re.sub(r"<[^>]+>", "", book.read("xl/comments1.xml").decode())
    return [a or b for a, b in lists], note


@pytest.mark.parametrize(("region", "modes", "not_offered"), [
    ("ruian", ["集中培训", "校（园）本培训"], ["网络研修", "自主研修", "学历"]),
    ("qingdao", ["集中培训", "网络研修", "校本培训"], ["自主研修", "学历"]),
])
def test_the_historical_credits_template_offers_only_the_regions_levels_and_modes(make_app, region, modes, not_offered):
    """A bureau's template listed every level and mode of the core, and its example an online
    training its rules refuse: the lists (the level and mode columns' drop-downs, the note, the
    examples) are now the region's own, as its calculator offers them, in its words."""
    app = make_app(region, demo=True)
    client = app.test_client()
    login(client, "district_admin")
    data = client.get("/admin/imports/credits/template.xlsx").data
    lists, note = _template_lists(data)
    assert len(lists) == 2
    levels, offered = lists[0].split(","), lists[1].split(",")
    assert offered == modes and len(levels) == 5
    examples = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(1).to_python()[1:3]
    assert all(row[4] in levels and row[5] in modes for row in examples)
    for word in not_offered:
        assert word not in note and not any(word in row[5] for row in examples)
    assert "、".join(modes) in note
    # The words the lists offer are read: a row written with them is the rules' to judge.
    with app.app_context():
        mine = db.session.scalar(select(Teacher.id_number).join(User, Teacher.user_id == User.id)
                                 .where(User.username == "teacher"))
    day = date(clock.today().year, 1, 5).isoformat()
    row = [mine, day, "旧系统记录", "", levels[3], modes[-1], "6", ""]
    answer = upload(client, "credits", sheet(CREDIT_HEADINGS, [row]))
    assert "级别：" not in answer.text and "形式：" not in answer.text, answer.text
    # A word outside the lists is named with the region's choices only.
    answer = upload(client, "credits", sheet(CREDIT_HEADINGS, [[*row[:5], "函授", *row[6:]]]))
    assert answer.status_code == 422 and f"形式：须为{'、'.join(modes)}之一" in answer.text
    client.post("/locale/en")
    answer = upload(client, "credits", sheet(CREDIT_HEADINGS, [[*row[:5], "函授", *row[6:]]]))
    assert f"Mode: one of {'、'.join(modes)}, as the template's list offers them." in html.unescape(answer.text)


# A teacher's layer and category (分层分类) -------------------------------------------------------

RUIAN_LAYERS = ["新教师", "成熟教师", "骨干教师"]  # the setting project_layers, as the demo has it
OLD_TEACHER_HEADINGS = [c.heading for c in imports.COLUMNS[imports.TEACHERS] if c.key != "layer"]


def _kept(app, username: str = "teacher") -> tuple:
    """The demo user's teacher: (id, ID number, name, gender as the sheet writes it, layer, computed_at)."""
    with app.app_context():
        teacher = db.session.scalar(select(Teacher).join(User, Teacher.user_id == User.id)
                                    .where(User.username == username))
        computed = db.session.scalar(select(TeacherStanding.computed_at)
                                     .where(TeacherStanding.teacher_id == teacher.id))
        return (teacher.id, teacher.id_number, teacher.name, "男" if teacher.gender == "male" else "女",
                teacher.layer, computed)


def _only(row: list, **cells) -> list:
    """A kept teacher's row that leaves every fact but ``cells`` as kept (its optional cells empty)."""
    keys = [c.key for c in imports.COLUMNS[imports.TEACHERS]]
    row = [cell if c.required else "" for cell, c in zip(row, imports.COLUMNS[imports.TEACHERS])]
    for key, value in cells.items():
        row[keys.index(key)] = value
    return row


def test_a_ruian_template_offers_the_regions_layers_in_a_last_column(make_app):
    """瑞安 asks each project for a layer (§一 分层分类施训) and rates a school by how many of
    its teachers' 90-hour projects match their layer; its bureau imports thousands of teachers
    and could set a layer only one teacher at a time. The teachers' template now ends with the
    layer: a drop-down list of the region's layers, named in the note, in an example row."""
    app = make_app("ruian", demo=True)
    client = app.test_client()
    login(client, "school_admin")
    data = client.get("/admin/imports/teachers/template.xlsx").data
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    headings = book.get_sheet_by_index(0).to_python()[0]
    assert headings[-1] == "分层分类 Layer" and headings == [c.heading for c in imports.COLUMNS[imports.TEACHERS]]
    lists, note = _template_lists(data)
    assert lists == [",".join(RUIAN_LAYERS)]
    assert "分层分类：新教师、成熟教师、骨干教师之一" in note
    assert "Layer and category: one of 新教师、成熟教师、骨干教师" in note
    examples = book.get_sheet_by_index(1).to_python()
    assert examples[0] == headings and examples[1][-1] in RUIAN_LAYERS and examples[2][-1] == ""


def test_a_region_that_lists_no_layers_has_no_layer_column_in_its_template(app):
    """shanxi divides no teachers into layers: its template has no such column, nor a word of it."""
    client = app.test_client()
    login(client, "district_admin")
    data = client.get("/admin/imports/teachers/template.xlsx").data
    headings = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()[0]
    lists, note = _template_lists(data)
    assert "分层分类 Layer" not in headings and headings == OLD_TEACHER_HEADINGS
    assert lists == [] and "分层分类" not in note and "Layer" not in note


def test_a_layer_typed_where_the_region_lists_none_is_refused_saying_so(app):
    """shanxi divides no teachers into layers: a layer typed in a sheet with the column is a row
    to correct, saying why, in Chinese and English; an empty cell is no layer."""
    client = app.test_client()
    login(client, "district_admin")
    before = counts(app)
    rows = [teacher_row(1, layer="骨干教师"), teacher_row(2)]
    answer = upload(client, "teachers", sheet(TEACHER_HEADINGS, rows))
    assert answer.status_code == 422
    assert "第 2 行" in answer.text and "分层分类：本地区不对教师分层分类，此栏请留空。" in answer.text
    assert "第 3 行：" not in answer.text.split("将要更改")[0]
    client.post("/locale/en")
    answer = upload(client, "teachers", sheet(TEACHER_HEADINGS, rows))
    assert ("Layer and category: this region does not divide teachers into layers and categories; leave the cell "
            "empty.") in answer.text
    assert counts(app) == before
    assert upload(client, "teachers", sheet(TEACHER_HEADINGS, [teacher_row(2)])).status_code == 200


def test_a_ruian_import_sets_layers_shows_them_changed_and_refreshes_the_standing(make_app):
    app = make_app("ruian", demo=True)
    client = app.test_client()
    login(client, "school_admin")
    teacher_id, number, name, gender, layer, computed = _kept(app)
    assert layer == "骨干教师"
    rows = [_only(teacher_row(0, name, "ra-school-1", gender=gender, id_number=number), layer="成熟教师"),
            teacher_row(1, "新老师", "ra-school-1", layer="新教师", entered_post="2024-09-01")]
    preview = upload(client, "teachers", sheet(TEACHER_HEADINGS, rows))
    assert preview.status_code == 200, preview.text
    assert "分层分类" in preview.text and "骨干教师 → 成熟教师" in preview.text
    assert confirm(client, "teachers", preview.text).status_code == 303
    with app.app_context():
        kept = db.session.get(Teacher, teacher_id)
        assert kept.layer == "成熟教师" and kept.subjects  # the empty cells left the rest as kept
        assert db.session.scalar(select(Teacher.layer).where(Teacher.id_number == id_number(1))) == "新教师"
        assert db.session.scalar(select(AuditEvent.after).where(
            AuditEvent.action == "teacher.updated", AuditEvent.subject_id == teacher_id)) == {"layer": "成熟教师"}
        assert db.session.scalar(select(AuditEvent.after["layer"].as_string()).where(
            AuditEvent.action == "teacher.imported")) == "新教师"
        assert db.session.scalar(select(TeacherStanding.computed_at)
                                 .where(TeacherStanding.teacher_id == teacher_id)) != computed
    # An empty layer cell, or a sheet from before the column, leaves the layer as kept.
    same = _only(teacher_row(0, name, "ra-school-1", gender=gender, id_number=number))
    assert "这张表不会改变任何内容" in upload(client, "teachers", sheet(TEACHER_HEADINGS, [same])).text
    assert "这张表不会改变任何内容" in upload(client, "teachers", sheet(OLD_TEACHER_HEADINGS, [same[:-1]])).text


def test_a_layer_the_region_does_not_list_is_refused_naming_its_layers(make_app):
    """骨干 or 青年教师 match no project's layer: the row is to correct, and the reason names the
    region's layers, in Chinese and in English."""
    app = make_app("ruian", demo=True)
    client = app.test_client()
    login(client, "school_admin")
    before = counts(app)
    rows = [teacher_row(1, "新老师", "ra-school-1", layer="骨干"), teacher_row(2, "青老师", "ra-school-1", layer="青年教师"),
            teacher_row(3, "好老师", "ra-school-1", layer="骨干教师")]
    answer = upload(client, "teachers", sheet(TEACHER_HEADINGS, rows))
    assert answer.status_code == 422
    reason = "分层分类：须为新教师、成熟教师、骨干教师之一，即模板下拉列表中的选项；也可留空。"
    assert answer.text.count(reason) == 1  # one reason, for rows 2 and 3
    text = answer.text.split("将要更改")[0]
    assert "第 2 行" in text and "第 3 行" in text and "第 4 行" not in text
    client.post("/locale/en")
    answer = upload(client, "teachers", sheet(TEACHER_HEADINGS, rows))
    assert ("Layer and category: one of 新教师、成熟教师、骨干教师, as the template's list offers them, or leave it "
            "empty.") in html.unescape(answer.text)
    assert counts(app) == before


def test_a_layer_is_read_by_its_words_or_its_code_and_shown_by_its_words(app, monkeypatch):
    """A region whose layers' codes are not their words: a sheet may give either, the code is
    kept (as the teacher's details form keeps it), and the preview shows the words."""
    from portal.domain import Described

    monkeypatch.setattr(app.extensions["portal.region"], "project_choices", lambda on: {"layer": (
        Described("novice", "新教师", ""), Described("backbone", "骨干教师", ""))})
    client = app.test_client()
    login(client, "district_admin")
    rows = [teacher_row(1, layer="骨干教师"), teacher_row(2, layer="Novice")]
    preview = upload(client, "teachers", sheet(TEACHER_HEADINGS, rows))
    assert preview.status_code == 200, preview.text
    assert confirm(client, "teachers", preview.text).status_code == 303
    with app.app_context():
        assert dict(db.session.execute(select(Teacher.id_number, Teacher.layer).where(
            Teacher.id_number.in_([id_number(1), id_number(2)]))).all()) == {id_number(1): "backbone",
                                                                       id_number(2): "novice"}
    changed = upload(client, "teachers", sheet(TEACHER_HEADINGS, [teacher_row(1, layer="新教师")]))
    assert "骨干教师 → 新教师" in changed.text and "backbone" not in changed.text and "novice" not in changed.text


def test_a_sheet_from_before_the_layer_column_imports_and_other_headings_are_still_checked(app):
    """Bureaus filled in thousands of rows on the template without the layer: such a sheet
    imports as before, and so does one with a column of its own after the template's (never
    read, then as now). Every other heading is still required and checked."""
    client = app.test_client()
    login(client, "district_admin")
    rows = [teacher_row(1)[:-1], [*teacher_row(2)[:-1], "骨干教师"]]
    answer = upload(client, "teachers", sheet([*OLD_TEACHER_HEADINGS, "备注 Remarks"], rows))
    assert answer.status_code == 200, answer.text
    assert confirm(client, "teachers", answer.text).status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count(Teacher.id)).where(
            Teacher.id_number.in_([id_number(1), id_number(2)]), Teacher.layer.is_(None))) == 2
    assert upload(client, "teachers", sheet(OLD_TEACHER_HEADINGS, [teacher_row(3)[:-1]])).status_code == 200
    for headings in (OLD_TEACHER_HEADINGS[:-1], [*OLD_TEACHER_HEADINGS[:-1], "备注 Remarks"],
                     ["姓名 Name", "身份证号 ID number", *OLD_TEACHER_HEADINGS[2:], "分层分类 Layer"]):
        refused = upload(client, "teachers", sheet(headings, [teacher_row(3)]))
        assert refused.status_code == 303, headings
        assert "表头与此类导入的模板不符" in client.get(refused.headers["Location"]).text, headings


def test_a_school_imported_as_private_is_kept_so_and_changes_either_way(app):
    """民办学校 in the kind column: a school run privately, whose teachers' credits a region may
    have its county register (shanxi §五(一)); a kept school imported again as 民办学校 changes,
    said on the preview and in the audit log."""
    client = app.test_client()
    login(client, "district_admin")  # sx-ty-xd
    made = upload(client, "units", sheet(UNIT_HEADINGS, [["xd-private-1", "小店区育才民办学校", "民办学校", "sx-ty-xd"],
                                                        ["xd-public-1", "小店区第十一小学", "学校", "sx-ty-xd"]]))
    assert confirm(client, "units", made.text).status_code == 303
    with app.app_context():
        kept = {u.code: (u.kind, u.private) for u in db.session.scalars(select(OrgUnit).where(OrgUnit.code.like("xd-p%")))}
    assert kept == {"xd-private-1": ("school", True), "xd-public-1": ("school", False)}

    changed = upload(client, "units", sheet(UNIT_HEADINGS, [["xd-public-1", "小店区第十一小学", "民办学校", "sx-ty-xd"]]))
    assert changed.status_code == 200 and "民办学校" in changed.text
    assert confirm(client, "units", changed.text).status_code == 303
    with app.app_context():
        assert db.session.scalar(select(OrgUnit.private).where(OrgUnit.code == "xd-public-1")) is True
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "org_unit.updated"))
        assert (event.before["private"], event.after["private"]) == (False, True)
        district = db.session.scalar(select(OrgUnit.id).where(OrgUnit.code == "sx-ty-xd"))
    below = client.get(f"/admin/orgs/{district}").get_data(as_text=True)
    line = re.search(r"小店区育才民办学校</a>\s*<span class=\"note\">([^<]*)", below).group(1)
    assert line.startswith("民办学校 · ")
    # the two imported, and the demo's own private 小店区实验小学; its public 第一中学 is not marked
    assert below.count("民办学校 · ") == 3
    first = re.search(r"太原市小店区第一中学</a>\s*<span class=\"note\">([^<]*)", below).group(1)
    assert "民办学校" not in first


def test_a_new_private_school_reads_so_on_the_preview(app):
    """A phone trial's district admin imported a school as 民办学校 and read only its code and name
    on the preview, nothing of its being run privately, before saving it."""
    client = app.test_client()
    login(client, "district_admin")  # sx-ty-xd
    made = upload(client, "units", sheet(UNIT_HEADINGS, [["xd-yuying-1", "小店区育英学校", "民办学校", "sx-ty-xd"],
                                                        ["xd-public-2", "小店区第十二小学", "学校", "sx-ty-xd"]]))
    assert made.status_code == 200
    assert "小店区育英学校（民办学校）" in made.text
    assert "小店区第十二小学（" not in made.text


# Columns read by their headings; a teacher's qualification certificate (教师资格证书) ---------------

# The teachers' template before the qualification column (and the layer) were added.
OLDEST_TEACHER_HEADINGS = [h for h in OLD_TEACHER_HEADINGS if not h.startswith("教师资格证书")]


def _columns(headings: list[str], rows: list[list]) -> tuple[list[str], list[list]]:
    """Template-ordered ``headings`` and ``rows`` with their columns reversed."""
    return headings[::-1], [row[:len(headings)][::-1] for row in rows]


def _refused(client, kind: str, data: bytes) -> str:
    """The import page's text after a sheet refused as a whole (nothing judged, nothing kept)."""
    answer = upload(client, kind, data)
    assert answer.status_code == 303
    return html.unescape(client.get(answer.headers["Location"]).text)


def test_a_sheet_with_its_columns_in_another_order_imports_as_the_templates(app):
    """Columns are read by their headings: a bureau's sheet with the template's columns in
    another order (its own system's export) imports the same teachers, units and credits."""
    client = app.test_client()
    login(client, "district_admin")
    rows = [teacher_row(1, qualified="是"), teacher_row(2, "李老师", "sx-school-2", gender="男", title="", title_date="")]
    preview = upload(client, "teachers", sheet(*_columns(TEACHER_HEADINGS, rows)))
    assert preview.status_code == 200, preview.text
    assert confirm(client, "teachers", preview.text).status_code == 303
    with app.app_context():
        kept = {t.id_number: t for t in db.session.scalars(
            select(Teacher).where(Teacher.id_number.in_([id_number(1), id_number(2, male=True)])))}
        first, second = kept[id_number(1)], kept[id_number(2, male=True)]
        assert (first.name, first.school.code, first.stages, first.subjects, first.title, first.title_date,
                first.entered_post, first.qualified) == (
            "王老师", "sx-school-1", ["junior_high"], ["语文", "数学"], "一级教师", date(2015, 9, 1),
            date(2008, 9, 1), True)
        assert (second.name, second.school.code, second.gender, second.title, second.qualified) == (
            "李老师", "sx-school-2", "male", None, None)
    # The same rows in the template's order change nothing.
    assert "这张表不会改变任何内容" in upload(client, "teachers", sheet(TEACHER_HEADINGS, rows)).text
    # The units' and credits' sheets too.
    units = upload(client, "units", sheet(*_columns(UNIT_HEADINGS, [["xd-order-1", "小店区顺序小学", "学校", "sx-ty-xd"]])))
    assert units.status_code == 200 and "小店区顺序小学" in units.text
    credit = [id_number(1), "2019-07-15", "暑期培训", "", "市级", "集中培训", "24", ""]
    credits = upload(client, "credits", sheet(*_columns(CREDIT_HEADINGS, [credit])))
    assert credits.status_code == 200, credits.text
    assert "暑期培训" in credits.text


def test_headings_are_read_by_chinese_english_or_both_spaces_and_case_aside(app):
    client = app.test_client()
    login(client, "district_admin")
    headings = [c.zh if n % 3 == 0 else c.en.upper() if n % 3 == 1 else f"{c.zh}{c.en.replace(' ', '').lower()}"
                for n, c in enumerate(imports.COLUMNS[imports.TEACHERS])]
    answer = upload(client, "teachers", sheet(headings, [teacher_row(1, qualified="否")]))
    assert answer.status_code == 200, answer.text


def test_a_sheet_without_a_required_column_is_refused_naming_it(app):
    """A column every template has (身份证号, or any but the qualification and the layer, which
    sheets from older templates lack) left out: nothing is judged nor kept, and the page names
    the columns missing, in Chinese and English."""
    client = app.test_client()
    login(client, "district_admin")
    before = counts(app)
    headings = [h for h in TEACHER_HEADINGS if not h.startswith(("身份证号", "手机"))]
    rows = [[cell for cell, h in zip(teacher_row(1), TEACHER_HEADINGS) if h in headings]]
    text = _refused(client, "teachers", sheet(headings, rows))
    assert "表头与此类导入的模板不符" in text
    assert "表中缺少 “身份证号 ID number”、“手机 Phone” 列：请按模板的写法添加，表头与模板一致。" in text
    client.post("/locale/en")
    text = _refused(client, "teachers", sheet(headings, rows))
    assert ("The sheet has no columns “身份证号 ID number”, “手机 Phone”: add them, with their headings as the "
            "template writes them.") in text
    text = _refused(client, "units", sheet(UNIT_HEADINGS[:3], [["xd-x-1", "小店区某小学", "学校"]]))
    assert "The sheet has no column “上级单位代码 Parent code”: add it" in text
    assert counts(app) == before


def test_a_heading_given_twice_is_refused_naming_its_columns(app):
    client = app.test_client()
    login(client, "district_admin")
    before = counts(app)
    headings = [*TEACHER_HEADINGS, "姓名"]
    text = _refused(client, "teachers", sheet(headings, [[*teacher_row(1), "另一个名字"]]))
    assert "表头 “姓名 Name” 出现了不止一次（第 A、P 列）：请只保留其中一列。" in text
    client.post("/locale/en")
    text = _refused(client, "teachers", sheet(headings, [[*teacher_row(1), "另一个名字"]]))
    assert "The heading “姓名 Name” is given more than once (columns A, P): keep one of those columns." in text
    assert counts(app) == before


def test_a_heading_naming_no_column_is_refused_naming_it(app):
    """A heading among the template's that is none of them (a slip, or a column of the sheet's
    own) is refused, as is a column without a heading among them; so is a column after them all
    whose heading reads like one left out (教师资格证 for 教师资格证书), which would else not be
    read. A column of the sheet's own after them all is not read, as before (备注)."""
    client = app.test_client()
    login(client, "district_admin")
    before = counts(app)
    headings = [*TEACHER_HEADINGS[:4], "备注 Remarks", *TEACHER_HEADINGS[4:]]
    row = teacher_row(1)
    text = _refused(client, "teachers", sheet(headings, [[*row[:4], "新调入", *row[4:]]]))
    assert "第 E 列的表头 “备注 Remarks” 不是模板中的列：请按模板的写法填写表头，或删除此列。" in text
    text = _refused(client, "teachers", sheet([*TEACHER_HEADINGS[:4], "", *TEACHER_HEADINGS[4:]],
                                              [[*row[:4], "", *row[4:]]]))
    assert "第 E 列没有表头：请填写模板中的表头，或删除此列。" in text
    slip = [*OLDEST_TEACHER_HEADINGS, "教师资格证 Teacher qualification"]
    oldest_row = [cell for cell, h in zip(row, TEACHER_HEADINGS) if h in OLDEST_TEACHER_HEADINGS]
    text = _refused(client, "teachers", sheet(slip, [[*oldest_row, "是"]]))
    assert "第 N 列的表头 “教师资格证 Teacher qualification” 不是模板中的列" in text
    client.post("/locale/en")
    text = _refused(client, "teachers", sheet(headings, [[*row[:4], "新调入", *row[4:]]]))
    assert ("The heading “备注 Remarks” of column E is none of the template's: write it as the template does, or "
            "delete the column.") in text
    text = _refused(client, "credits", sheet([*CREDIT_HEADINGS[:2], "Titel", *CREDIT_HEADINGS[2:]], []))
    assert "The heading “Titel” of column C is none of the template's" in text
    assert counts(app) == before
    # After every column of the template, a column of the sheet's own is not read.
    answer = upload(client, "teachers", sheet([*TEACHER_HEADINGS, "备注 Remarks"], [[*row, "新调入"]]))
    assert answer.status_code == 200, answer.text


def test_a_sheet_from_before_the_qualification_column_imports_and_leaves_it_as_kept(make_app):
    """Sheets filled in from the template before 教师资格证书 (and before the layer): they
    import as before, and a teacher's qualification stays as kept."""
    app = make_app("kaifeng", demo=True)
    client = app.test_client()
    login(client, "school_admin")
    with app.app_context():
        teacher = db.session.scalar(select(Teacher).where(Teacher.qualified.is_(True)))
        school = teacher.school.code
        kept = (teacher.id, teacher.id_number, teacher.name, "男" if teacher.gender == "male" else "女")
    oldest = [c.key for c in imports.COLUMNS[imports.TEACHERS] if c.key not in ("qualified", "layer")]
    assert len(OLDEST_TEACHER_HEADINGS) == len(oldest) == 13
    keys = [c.key for c in imports.COLUMNS[imports.TEACHERS]]

    def oldest_row(row: list) -> list:
        return [row[keys.index(k)] for k in oldest]

    same = oldest_row(_only(teacher_row(0, kept[2], school, gender=kept[3], id_number=kept[1])))
    assert "这张表不会改变任何内容" in upload(client, "teachers", sheet(OLDEST_TEACHER_HEADINGS, [same])).text
    new = oldest_row(teacher_row(1, "新老师", school, entered_post="2024-09-01"))
    preview = upload(client, "teachers", sheet(OLDEST_TEACHER_HEADINGS, [same, new]))
    assert preview.status_code == 200, preview.text
    assert confirm(client, "teachers", preview.text).status_code == 303
    with app.app_context():
        assert db.session.get(Teacher, kept[0]).qualified is True
        assert db.session.scalar(select(Teacher.qualified).where(Teacher.id_number == id_number(1))) is None


@pytest.mark.parametrize("region", ["shanxi", "ruian", "qingdao", "kaifeng"])
def test_every_regions_teachers_template_has_the_qualification_column_and_its_note(make_app, region):
    app = make_app(region, demo=True)
    client = app.test_client()
    login(client, "school_admin" if region != "shanxi" else "district_admin")
    data = client.get("/admin/imports/teachers/template.xlsx").data
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    headings = book.get_sheet_by_index(0).to_python()[0]
    assert "教师资格证书 Teacher qualification" in headings
    examples = book.get_sheet_by_index(1).to_python()
    assert examples[1][headings.index("教师资格证书 Teacher qualification")] == "是"
    _lists, note = _template_lists(data)
    assert "教师资格证书：持有的填“是”（也可写有、持有、Yes），未持有的填“否”（也可写无、未持有、No）" in html.unescape(note)
    assert "Teacher qualification: 是 (or 有, 持有, Yes) if the teacher holds a teacher qualification certificate" in (
        html.unescape(note))


def test_the_qualification_column_takes_its_words_and_refuses_others(app):
    client = app.test_client()
    login(client, "district_admin")
    words = {"是": True, "有": True, "持有": True, "Yes": True, "YES": True, "否": False, "无": False,
             "未持有": False, "no": False, "": None}
    rows = [teacher_row(n, qualified=word) for n, word in enumerate(words, start=1)]
    preview = upload(client, "teachers", sheet(TEACHER_HEADINGS, rows))
    assert preview.status_code == 200, preview.text
    assert confirm(client, "teachers", preview.text).status_code == 303
    with app.app_context():
        kept = dict(db.session.execute(select(Teacher.id_number, Teacher.qualified).where(
            Teacher.id_number.in_([id_number(n) for n in range(1, len(words) + 1)]))).all())
    assert kept == {id_number(n): value for n, value in enumerate(words.values(), start=1)}
    before = counts(app)
    bad = [teacher_row(20, qualified="不确定"), teacher_row(21, qualified="1"), teacher_row(22, qualified="是")]
    answer = upload(client, "teachers", sheet(TEACHER_HEADINGS, bad))
    assert answer.status_code == 422
    reason = "教师资格证书：持有的填“是”（也可写有、持有、Yes），未持有的填“否”（也可写无、未持有、No），也可留空。"
    assert answer.text.count(reason) == 1
    text = answer.text.split("将要更改")[0]
    assert "第 2 行" in text and "第 3 行" in text and "第 4 行" not in text
    client.post("/locale/en")
    answer = upload(client, "teachers", sheet(TEACHER_HEADINGS, bad))
    assert ("Teacher qualification certificate: write 是 (or 有, 持有, Yes) if the teacher holds one, 否 (or 无, "
            "未持有, No) if not, or leave the cell empty.") in answer.text
    assert counts(app) == before


def test_an_import_sets_and_changes_the_qualification_and_the_preview_shows_it(make_app):
    """kaifeng's rules refuse to submit a teacher recorded as holding no certificate (§二(一)):
    a bureau records it for thousands at once. The preview says the change in words (持有 →
    未持有), the confirmation keeps it with the import's audit event, and an empty cell leaves it."""
    app = make_app("kaifeng", demo=True)
    client = app.test_client()
    login(client, "school_admin")
    teacher_id, number, name, gender, _layer, _computed = _kept(app)
    with app.app_context():
        held = db.session.get(Teacher, teacher_id)
        school, assert_held = held.school.code, held.qualified
    assert assert_held is True
    kept_row = _only(teacher_row(0, name, school, gender=gender, id_number=number))
    rows = [_only(kept_row, qualified="否"), teacher_row(1, "新老师", school, qualified="持有", entered_post="2024-09-01")]
    preview = upload(client, "teachers", sheet(TEACHER_HEADINGS, rows))
    assert preview.status_code == 200, preview.text
    assert "教师资格证书" in preview.text and "持有 → 未持有" in preview.text
    assert confirm(client, "teachers", preview.text).status_code == 303
    with app.app_context():
        assert db.session.get(Teacher, teacher_id).qualified is False
        new = db.session.scalar(select(Teacher).where(Teacher.id_number == id_number(1)))
        assert new.qualified is True
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "teacher.updated",
                                                           AuditEvent.subject_id == teacher_id))
        assert (event.before, event.after) == ({"qualified": "yes"}, {"qualified": "no"})
        assert db.session.scalar(select(AuditEvent.after["qualified"].as_string()).where(
            AuditEvent.action == "teacher.imported", AuditEvent.subject_id == new.id)) == "yes"
        new_row = _only(teacher_row(0, new.name, school, gender="男" if new.gender == "male" else "女",
                                    id_number=new.id_number))
        # as if never recorded: the import records it, and says so
        db.session.get(Teacher, teacher_id).qualified = None
        db.session.commit()
    client.post("/locale/en")
    again = upload(client, "teachers", sheet(TEACHER_HEADINGS, [_only(kept_row, qualified="Yes"), new_row]))
    assert again.status_code == 200, again.text
    assert "2 rows: 0 new, 1 to update, 1 unchanged" in again.text  # the empty cell leaves 持有 as kept
    assert "Teacher qualification certificate" in again.text and "Not recorded → Holds one" in again.text
    client.post("/locale/zh_Hans_CN")
    again = upload(client, "teachers", sheet(TEACHER_HEADINGS, [_only(kept_row, qualified="Yes"), new_row]))
    assert "未登记 → 持有" in again.text
    assert confirm(client, "teachers", again.text).status_code == 303
    with app.app_context():
        assert db.session.get(Teacher, teacher_id).qualified is True


def test_a_kind_the_sheet_does_not_take_is_told_with_the_kinds_it_takes(app):
    """Onboarding trial: 小学 as a unit's kind was answered "see the note on the template's first
    heading", a cell comment a phone or WPS hardly shows; the message names the kinds."""
    client = app.test_client()
    login(client, "district_admin")
    answer = upload(client, "units", sheet(UNIT_HEADINGS, [["xd-school-77", "小店区第七十七小学", "小学", "sx-ty-xd"]]))
    assert answer.status_code == 422 and "类型：填写市、区县、学区、学校、民办学校或培训机构" in answer.text
