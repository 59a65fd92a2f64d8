"""A borrowing from the credit bank (学分借贷, §四(五), §五(三)) makes up a school year's shortfall
but is no credit recognised: the teacher's own page reads the cycle without it (本周期 20.4 / 120),
and the year's card says it apart (修得 6；加上借贷的 14，计入本年度 20). The transcript, her signed
document, listed the borrowing among 期间内已认定的学分记录 and added it into 期间合计: a trial's
demo transcript read 34.4 where her page read 20.4, and so did the PDF and the verifiable
credential issued from it. The transcript now sums what the page sums and lists a borrowing
apart, as not a training, outside the sum."""
from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
from decimal import Decimal

import pytest
from sqlalchemy import select

from portal import clock
from portal.extensions import db
from portal.models import IssuedDocument, LedgerEntry, Teacher, User
from portal.services import standings, transcripts
from tests.support import signed_in

BORROWER = "t0002"  # in the demo: 6 of this school year's 20 earned, 20.4 in the cycle, 14 to borrow


def _borrowed(app) -> Decimal:
    """The demo's teacher borrows this year's shortfall, and her county registers it."""
    teacher = signed_in(app, BORROWER)
    assert teacher.post("/bank/borrow").status_code == 303
    with app.app_context():
        entry = db.session.scalar(select(LedgerEntry).where(LedgerEntry.source == "borrowing"))
        entry_id, amount = entry.id, entry.amount
    county = signed_in(app, "district_admin")
    county.post(f"/admin/reviews/{entry_id}", data={"target": "county_verified"})
    with app.app_context():
        assert db.session.get(LedgerEntry, entry_id).audit_state == "county_verified"
    return amount


def _teacher():
    return db.session.scalar(select(Teacher).join(User, Teacher.user_id == User.id).where(User.username == BORROWER))


def _figures(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_transcript_sums_what_the_teachers_page_reads_and_lists_a_borrowing_apart(make_app):
    app = make_app("shanxi", demo=True)
    lent = _borrowed(app)
    assert lent == Decimal(14)
    today = clock.today()
    with app.app_context(), app.test_request_context():
        region = app.extensions["portal.region"]
        teacher = _teacher()
        page_figure = standings.current(region, teacher, today).compliance.cycle.counted
        assert page_figure == Decimal("20.4")
        t = transcripts.transcript_of(region, teacher, region.cycle(today, teacher.facts()), today)
        assert t.total == page_figure == t.cycle_counted
        assert all(line.category != "学分借贷（学分银行）" for line in t.lines)
        assert all(total.category != "学分借贷（学分银行）" for total in t.totals)
        [outside] = t.outside
        assert (outside.amount, outside.category) == (lent, "学分借贷（学分银行）")

    client = signed_in(app, BORROWER)
    home = _figures(client.get("/", follow_redirects=True).get_data(as_text=True))
    assert "20.4 / 120" in home and "加上借贷的 14" in home
    page = _figures(client.get("/transcripts").get_data(as_text=True))
    assert "期间合计 20.4 学分" in page and "34.4" not in page
    assert "培训以外的记录（不计入期间合计）" in page and "学分借贷（学分银行） 14 学分" in page

    assert client.post("/transcripts/issue", data={}).status_code == 303
    with app.app_context():
        document = db.session.scalar(select(IssuedDocument).where(IssuedDocument.kind == "transcript"))
        document_id = document.id
    pdf = client.get(f"/transcripts/{document_id}.pdf").data
    vc = client.get(f"/transcripts/{document_id}/credential.jwt").get_data(as_text=True)
    payload = vc.split(".")[1]
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    subject = claims["credentialSubject"]
    assert subject["creditsEarned"] == 20.4 and " · 20.4 学分" in subject["achievement"]["description"]
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils' pdftotext reads the PDF's text")
    text = re.sub(r"\s+", " ", subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True,
                                              check=True).stdout.decode())
    assert "34.4" not in text
    assert re.search(r"期间合计 20\.4 学分", text), text
    assert "培训以外的记录（不计入期间合计）" in text


def test_in_english_the_borrowing_is_said_outside_the_sum(make_app):
    app = make_app("shanxi", demo=True)
    _borrowed(app)
    client = signed_in(app, BORROWER)
    client.post("/locale/en")
    page = _figures(client.get("/transcripts").get_data(as_text=True))
    assert "In the period 20.4 credits" in page and "34.4" not in page
    assert "Not a training, not in the period's sum" in page
