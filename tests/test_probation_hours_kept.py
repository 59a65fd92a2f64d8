"""Shanxi keeps a new teacher's probation training in hours (§三(二) 不少于120学时的试用期培训), never
converted to credits. A phone trial found three places that took those hours for credits: the
transcript (60 学时 of probation read 60 学分, and the period's total added them to the credits), the
county's answer to an appeal on such an entry (it asked for 应得学分 beside 40 学时) and an upheld
appeal about a missing probation training (the ledger held 30 学分 in a category counted in 学时)."""
from __future__ import annotations

import io
import re

from sqlalchemy import select

from portal.extensions import db
from portal.models import Appeal, LedgerEntry, Teacher, User
from tests.support import login, signed_in

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
NEW_TEACHER = "t0039"  # 罗俊杰: his probation year ended last August, its centralized 60 学时 registered


def _probation_entry(app, username: str = NEW_TEACHER) -> LedgerEntry:
    with app.app_context():
        return db.session.scalar(
            select(LedgerEntry).join(Teacher, LedgerEntry.teacher_id == Teacher.id).join(User, Teacher.user_id == User.id)
            .where(User.username == username, LedgerEntry.category == "probation_centralized",
                   LedgerEntry.audit_state == "county_verified"))


def test_the_transcript_lists_probation_hours_as_hours_and_sums_them_apart(make_app):
    app = make_app("shanxi", demo=True)
    entry = _probation_entry(app)
    assert entry.unit == "hour"
    client = signed_in(app, NEW_TEACHER)
    start = entry.activity_date.replace(day=1).isoformat()
    page = client.get(f"/transcripts?start={start}&end={entry.activity_date.isoformat()}").get_data(as_text=True)
    line = page.split(entry.title)[1].split("</li>")[0]
    assert "60 学时" in line and "学分" not in line
    totals = page.split('class="totals"')[1].split("</table>")[0]
    assert re.search(r"期间合计</strong></th><td class=\"num\"><strong>0 学分", totals)
    assert "期间合计（按学时登记，未折算）" in totals and "60 学时" in totals


def test_an_appeal_on_a_probation_entry_is_answered_in_hours(make_app):
    app = make_app("shanxi", demo=True)
    entry = _probation_entry(app)
    client = app.test_client()
    login(client, NEW_TEACHER)
    sent = client.post(f"/appeals/new?entry={entry.id}", data={
        "subject": "entry", "statement": "集中培训实为 64 学时", "files": (io.BytesIO(PDF), "签到表.pdf")},
        content_type="multipart/form-data")
    assert sent.status_code == 303
    appeal_id = int(sent.headers["Location"].rsplit("/", 1)[1])
    county = signed_in(app, "district_admin")
    page = county.get(f"/appeals/{appeal_id}").get_data(as_text=True)
    assert "应得学时" in page and "予以支持时：登记的学时" in page
    assert "应得学分" not in page
    assert county.post(f"/appeals/{appeal_id}/answer",
                       data={"outcome": "upheld", "reason": "核实签到表", "amount": "64"}).status_code == 303
    with app.app_context():
        new = db.session.get(LedgerEntry, db.session.get(Appeal, appeal_id).outcome_entry_id)
        assert (new.amount, new.unit) == (64, "hour")


def test_an_upheld_missing_probation_training_is_entered_in_hours(make_app):
    app = make_app("shanxi", demo=True)
    client = app.test_client()
    login(client, "t0041")  # 郭雨萱: in her probation year
    with app.app_context():
        from portal import clock
        day = clock.today().isoformat()
    sent = client.post("/appeals/new", data={
        "subject": "missing", "day": day, "statement": "区新任教师集中培训 10 学时漏登",
        "files": (io.BytesIO(PDF), "通知.pdf")}, content_type="multipart/form-data")
    assert sent.status_code == 303
    appeal_id = int(sent.headers["Location"].rsplit("/", 1)[1])
    county = signed_in(app, "district_admin")
    page = county.get(f"/appeals/{appeal_id}").get_data(as_text=True)
    assert "应登记的数额（按所选类别的登记单位）" in page
    answered = county.post(f"/appeals/{appeal_id}/answer", data={
        "outcome": "upheld", "reason": "核实补登", "amount": "10", "category": "probation_centralized",
        "title": "区新任教师集中培训（补登）", "day": day})
    assert answered.status_code == 303
    with app.app_context():
        new = db.session.get(LedgerEntry, db.session.get(Appeal, appeal_id).outcome_entry_id)
        assert (new.amount, new.unit, new.category) == (10, "hour", "probation_centralized")
    assert "已登记为 10 学时" in county.get(f"/appeals/{appeal_id}").get_data(as_text=True)


def test_a_category_kept_in_hours_says_so_to_scripts(make_app):
    region = make_app("shanxi").extensions["portal.region"]
    units = {c.code: c.as_json().get("unit") for c in region.categories()}
    assert units["probation_centralized"] == units["probation_school_online"] == "hour"
    assert units["centralized_city_up"] is None
