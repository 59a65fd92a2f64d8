"""Defects found when people tried the bureau's and schools' side on a phone (ruian, shanxi,
qingdao, kaifeng), each pinned by a test that failed before its fix."""
from __future__ import annotations

import io
import re
from datetime import timedelta

from sqlalchemy import select

from portal import clock
from portal.extensions import db
from portal.models import Notification, User
from tests.support import signed_in, teacher_id
from tests.test_reports import sheet_rows

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def test_an_appeal_grants_no_credit_bank_borrowing(make_app):
    """shanxi: a county upheld a missing-credits appeal as 学分借贷, counted as credits earned."""
    app = make_app("shanxi", demo=True)
    teacher = signed_in(app, "teacher")
    sent = teacher.post("/appeals/new?subject=missing", content_type="multipart/form-data", data={
        "subject": "missing", "statement": "2026年10月参加县级培训未登记",
        "day": (clock.today() - timedelta(days=20)).isoformat(), "files": (io.BytesIO(PDF), "通知.pdf")})
    assert sent.status_code == 303
    appeal = sent.headers["Location"]
    county = signed_in(app, "district_admin")
    page = county.get(appeal).get_data(as_text=True)
    assert "value=\"borrowing\"" not in page and "value=\"school_based\"" in page
    refused = county.post(f"{appeal}/answer", data={"outcome": "upheld", "reason": "核实", "amount": "30",
                                                    "category": "borrowing", "title": "县级培训"})
    assert refused.status_code == 422


def test_whoever_answers_an_appeal_is_told_it_waits(make_app):
    app = make_app("shanxi", demo=True)
    teacher = signed_in(app, "teacher")
    assert teacher.post("/appeals/new?subject=missing", content_type="multipart/form-data", data={
        "subject": "missing", "statement": "2026年10月参加县级培训未登记",
        "day": (clock.today() - timedelta(days=20)).isoformat(),
        "files": (io.BytesIO(PDF), "通知.pdf")}).status_code == 303
    with app.app_context():
        county = db.session.scalar(select(User.id).where(User.username == "district_admin"))
        told = db.session.scalar(select(Notification).where(Notification.user_id == county,
                                                            Notification.subject_type == "appeal"))
        assert told is not None
    assert "提出申诉，等待您答复" in signed_in(app, "district_admin").get("/notifications").get_data(as_text=True)


def test_an_education_zone_does_not_move_the_citys_calendar(make_app):
    """ruian: the notice is 瑞安市教育局's to 各教育学区; a trial's 学区 admin moved its dates."""
    app = make_app("ruian", demo=True)
    assert "保存选课进程" not in signed_in(app, "district_admin").get("/calendar").get_data(as_text=True)
    assert "保存选课进程" in signed_in(app, "city_admin").get("/calendar").get_data(as_text=True)


def test_the_teacher_export_says_not_asked_where_nothing_is_asked(make_app):
    """ruian has no yearly minimum: every teacher read 本年已达标 是, 0 credits too; the year read
    2026.0."""
    rows = _exported(make_app("ruian", demo=True), "city_admin")
    heading = rows[0]
    met, year = heading.index("本年已达标"), heading.index("年度")
    assert {r[met] for r in rows[1:]} == {"不作要求"}
    # named as the pages name it (i18n.year_label): a calendar year 2026年, a school year by its days
    assert all(re.fullmatch(r"\d{4}年|\d{4}-\d\d-\d\d – \d{4}-\d\d-\d\d", str(r[year])) for r in rows[1:]), rows[1]


def _exported(app, username: str) -> list:
    """The rows of the teacher list's Excel export, as ``username`` starts it."""
    client = signed_in(app, username)
    listing = client.get("/admin/teachers").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', listing).group(1)
    started = client.post("/admin/teachers/export", data={"csrf_token": token})
    job_page = client.get(started.headers["Location"]).get_data(as_text=True)
    return sheet_rows(client.get(re.search(r'href="(/admin/teachers/export/\d+/file)"', job_page).group(1)).data)


def test_an_import_refuses_a_probation_end_still_to_come_as_the_details_form_does(make_app, tmp_path):
    """A trial imported 转正日期 2027-08-31; the teacher's details could then not be saved at all
    (转正 is recorded once it has happened, as the details form has it)."""
    from tests.test_imports import TEACHER_HEADINGS, counts, sheet, teacher_row, upload

    app = make_app("shanxi", demo=True, PORTAL_IMPORTS_DIR=str(tmp_path / "imports"))
    client = signed_in(app, "district_admin")
    before = counts(app)
    ahead = (clock.today() + timedelta(days=200)).isoformat()
    answer = upload(client, "teachers", sheet(TEACHER_HEADINGS, [
        teacher_row(1, entered_post=clock.today().isoformat(), probation_end=ahead)]))
    assert answer.status_code == 422 and "转正日期" in answer.text
    assert counts(app) == before


def test_a_teachers_layer_is_chosen_from_the_regions_list(make_app):
    """ruian: a school typed 骨干 for 骨干教师, and the school's layer-matching rate fell unsaid."""
    app = make_app("ruian", demo=True)
    own = teacher_id(app, "teacher")
    school = signed_in(app, "school_admin")
    page = school.get(f"/admin/teachers/{own}/facts").get_data(as_text=True)
    assert re.search(r'<select[^>]*name="layer"', page) and ">骨干教师</option>" in page
    refused = school.post(f"/admin/teachers/{own}/facts", data={"layer": "骨干"})
    assert refused.status_code == 422


def test_the_teacher_export_names_a_duty_as_asked_of_the_teacher(make_app):
    """qingdao: a teacher asked 240 of the cycle (in post part of it) was listed as missing
    “每周期不少于 360 学分”, beside her own 240; her page says 240."""
    rows = _exported(make_app("qingdao", demo=True), "district_admin")
    required, missing = rows[0].index("本周期要求"), len(rows[0]) - 1
    part = [r for r in rows[1:] if r[required] not in (None, "", 360, 360.0) and r[missing]]
    assert part, "the demo has teachers in post part of the cycle"
    for row in part:
        assert "360" not in row[missing], row
