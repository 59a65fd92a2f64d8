"""Transcripts (学分证明): issued by the teacher or an admin whose scope covers them, as a PDF
frozen when issued (kept bytes, SHA-256), with a QR code to a public verification page that
says only what it must; issuing again supersedes, an admin revokes with a reason."""
import hashlib
import io
import re
import shutil
import subprocess
import zlib
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from portal import clock
from portal.domain import Period
from portal.extensions import db
from portal.models import AuditEvent, IssuedDocument, LedgerEntry, Teacher, User
from portal.services import ledger, transcripts
from tests.support import login


def teacher_id(app, username="teacher"):
    with app.app_context():
        return db.session.scalar(select(Teacher.id).join(User, Teacher.user_id == User.id)
                                 .where(User.username == username))


def documents(app):
    with app.app_context():
        return db.session.scalars(select(IssuedDocument).order_by(IssuedDocument.id)).all()


def issue(client, teacher=None, **period):
    query = f"?teacher={teacher}" if teacher else ""
    return client.post(f"/transcripts/issue{query}", data=period)


def pdf_text(data: bytes) -> bytes:
    """The PDF's streams, inflated: where its link to the verification page is written."""
    out = [data]
    for match in re.finditer(rb"stream\r?\n", data):
        try:
            out.append(zlib.decompressobj().decompress(data[match.end():]))
        except zlib.error:
            pass
    return b"".join(out)


def test_masking_keeps_only_what_tells_the_holder():
    assert transcripts.masked_id("370202198001010004") == "370202********0004"
    assert transcripts.masked_name("李小红") == "李*红"
    assert transcripts.masked_name("王芳") == "王*"
    assert transcripts.masked_name("欧阳小红") == "欧**红"


def test_a_teacher_issues_their_transcript_and_downloads_the_kept_pdf(app, client):
    login(client, "teacher")
    assert 'href="/transcripts"' in client.get("/me/").get_data(as_text=True)
    page = client.get("/transcripts")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "示例集中培训" in html and "示例待审培训" not in html  # only entries that passed the audit
    with app.app_context():
        number = db.session.get(Teacher, teacher_id(app)).id_number
    assert number not in html and f"{number[:6]}********{number[-4:]}" in html
    issued = issue(client)
    assert issued.status_code == 303
    [document] = documents(app)
    assert (document.kind, document.revoked_at, document.superseded_by_id) == ("transcript", None, None)
    assert len(document.code) >= 20 and document.code not in document.stored_as
    pdf = client.get(f"/transcripts/{document.id}.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.data.startswith(b"%PDF") and hashlib.sha256(pdf.data).hexdigest() == document.sha256
    with app.app_context():
        assert transcripts.path_of(document.stored_as).read_bytes() == pdf.data
        assert "static" not in transcripts.path_of(document.stored_as).parts
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "document.issued"))
        assert event.subject_id == document.id and event.after["sha256"] == document.sha256
    assert f"/verify/{document.code}".encode() in pdf_text(pdf.data)


def test_an_issued_pdf_never_changes_when_the_ledger_does(app, client):
    login(client, "teacher")
    issue(client)
    [document] = documents(app)
    before = client.get(f"/transcripts/{document.id}.pdf").data
    with app.app_context():
        entry = db.session.scalar(select(LedgerEntry).where(LedgerEntry.teacher_id == document.teacher_id,
                                                            LedgerEntry.title == "示例集中培训"))
        ledger.reverse(entry, db.session.scalar(select(User).where(User.username == "school_admin")), "录入有误")
    assert "示例集中培训" not in client.get("/transcripts").get_data(as_text=True)  # the page reads the ledger now
    after = client.get(f"/transcripts/{document.id}.pdf").data
    assert after == before and hashlib.sha256(after).hexdigest() == document.sha256


def test_the_verification_page_is_public_and_says_only_what_it_must(app, client):
    login(client, "teacher")
    issue(client)
    [document] = documents(app)
    client.post("/logout")
    page = client.get(f"/verify/{document.code}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "张*师" in html and "真实" in html
    for secret in ("张老师", "第一小学", "示例集中培训", "/transcripts/", document.sha256, document.stored_as):
        assert secret not in html
    unknown = client.get("/verify/no-such-code")
    assert unknown.status_code == 404 and "不是" in unknown.get_data(as_text=True)


def test_the_verification_page_is_rate_limited(make_app):
    app = make_app("example", demo=True, RATELIMIT_ENABLED=True, PORTAL_VERIFY_LIMIT="2 per minute")
    client = app.test_client()
    assert [client.get("/verify/abc").status_code for _ in range(3)] == [404, 404, 429]


def check_file(client, code: str, data: bytes | None, name: str = "transcript.pdf", **form):
    files = {"document": (io.BytesIO(data), name)} if data is not None else {}
    return client.post(f"/verify/{code}", data={**form, **files}, content_type="multipart/form-data")


def test_a_pdf_held_is_checked_against_the_one_issued_and_kept_nowhere(app, client):
    """A genuine QR code printed on an edited PDF leads to a genuine page: the page also
    tells whether the file one holds is, byte for byte, the one issued."""
    login(client, "teacher")
    issue(client)
    [document] = documents(app)
    issued = client.get(f"/transcripts/{document.id}.pdf").data
    client.post("/logout")
    with app.app_context():
        folder = transcripts.folder()
    kept = sorted(folder.rglob("*"))
    page = client.get(f"/verify/{document.code}").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page and 'name="document"' in page

    same = check_file(client, document.code, issued)
    assert same.status_code == 200 and "该文件正是签发的原件" in same.get_data(as_text=True)
    assert "真实" in same.get_data(as_text=True)  # what the page said before, said still
    middle = len(issued) // 2
    altered = issued[:middle] + bytes([issued[middle] ^ 1]) + issued[middle + 1:]
    for other in (altered, issued + b"\n", issued[:-10], b"%PDF-1.7 junk", bytes(range(256)) * 40, b"\x00"):
        answer = check_file(client, document.code, other)
        html = answer.get_data(as_text=True)
        assert answer.status_code == 200 and "该文件不是签发的原件" in html and "正是" not in html
    missing = check_file(client, document.code, None)
    assert missing.status_code == 422 and "请选择要核对的 PDF 文件" in missing.get_data(as_text=True)
    empty = check_file(client, document.code, b"", name="")
    assert empty.status_code == 422
    client.post("/locale/en")
    assert "This file is exactly the one issued" in check_file(client, document.code, issued).get_data(as_text=True)
    assert "This file is not the one issued: it was changed after it was issued, or it is another document." in \
        check_file(client, document.code, altered).get_data(as_text=True)
    assert check_file(client, "no-such-code", issued).status_code == 404
    assert sorted(folder.rglob("*")) == kept  # nothing of the files checked was kept
    assert len(documents(app)) == 1


def test_a_file_too_large_to_check_is_said_so_on_the_page(app, client, monkeypatch):
    login(client, "teacher")
    issue(client)
    [document] = documents(app)
    client.post("/logout")
    monkeypatch.setattr(transcripts, "MAX_CHECKED_BYTES", 1024 * 1024)
    for size in (1024 * 1024 + 1, 2 * 1024 * 1024):  # read and refused; refused before it is read
        answer = check_file(client, document.code, b"x" * size)
        assert answer.status_code in (413, 422) and "文件大于 1 MB" in answer.get_data(as_text=True)
        assert 'name="document"' in answer.get_data(as_text=True)
    login(client, "teacher")  # elsewhere, a body too large gets the portal's error page as before
    elsewhere = client.post("/transcripts/issue", data={"start": "x" * (2 * 1024 * 1024)})
    assert elsewhere.status_code == 413 and "提交的内容过大" in elsewhere.get_data(as_text=True)


def test_checking_a_file_needs_the_pages_csrf_token_and_is_rate_limited(make_app):
    app = make_app("example", demo=True, WTF_CSRF_ENABLED=True, RATELIMIT_ENABLED=True,
                   PORTAL_VERIFY_LIMIT="3 per minute")
    client = app.test_client()
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "teacher"))
        teacher = db.session.get(Teacher, teacher_id(app))
        transcripts.file_document(user, teacher, transcripts.TRANSCRIPT, Period(date(2020, 1, 1), date(2020, 12, 31)),
                                  "a-code-to-check", b"%PDF-issued")
        db.session.commit()
    page = client.get("/verify/a-code-to-check").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert check_file(client, "a-code-to-check", b"%PDF-issued").status_code == 400  # no token
    answer = check_file(client, "a-code-to-check", b"%PDF-issued", csrf_token=token)
    assert answer.status_code == 200 and "该文件正是签发的原件" in answer.get_data(as_text=True)
    # The page's own limit, counted over its views and checks alike.
    assert [check_file(client, "a-code-to-check", b"%PDF-issued", csrf_token=token).status_code
            for _ in range(2)] == [200, 429]


def pdf_pages(data: bytes) -> int:
    return int(re.search(rb"/Type\s*/Pages\b[^>]*?/Count (\d+)", pdf_text(data)).group(1))


@pytest.mark.parametrize("entries", [1, 8, 9, 30])
def test_the_qr_code_ends_the_transcript_with_its_totals_never_alone_on_a_page(app, entries):
    """Eight entries fit one page with their QR code; a longer transcript keeps its totals,
    standing and QR code together on its last page."""
    from portal.web.transcripts import render_pdf

    with app.test_request_context("/"):
        region = app.extensions["portal.region"]
        teacher = db.session.get(Teacher, teacher_id(app))
        today = clock.today()
        transcript = transcripts.transcript_of(region, teacher, region.cycle(today, teacher.facts()), today)
        lines = tuple(transcripts.Line(date(2020, 3, n % 28 + 1), f"2020年暑期骨干教师集中培训（第{n}期）", "集中培训",
                                       Decimal(24), Decimal(2)) for n in range(1, entries + 1))
        pdf = render_pdf(replace(transcript, lines=lines), "a-code-to-scan")
    pages = pdf_pages(pdf)
    if entries <= 8:
        assert pages == 1
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils' pdftotext reads each page's text")
    last = subprocess.run(["pdftotext", "-f", str(pages), "-l", str(pages), "-", "-"], input=pdf,
                          capture_output=True, check=True).stdout.decode()
    assert "/verify/a-code-to-scan" in last and "合计" in last and "学分状况" in last


def test_issuing_again_for_the_same_period_supersedes_the_earlier_one(app, client):
    login(client, "teacher")
    issue(client)
    issue(client, start="2020-01-01", end="2020-12-31")  # another period: supersedes nothing
    issue(client)
    first, other, second = documents(app)
    assert first.superseded_by_id == second.id and other.superseded_by_id is None and second.superseded_by_id is None
    client.post("/logout")
    html = client.get(f"/verify/{first.code}").get_data(as_text=True)
    assert f"/verify/{second.code}" in html and "新" in html
    with app.app_context():
        assert db.session.scalar(select(AuditEvent.after).where(AuditEvent.action == "document.superseded")) == {
            "by": second.id}


def test_a_period_is_chosen_and_a_backwards_one_refused(app, client):
    login(client, "teacher")
    shown = client.get("/transcripts?start=2020-01-01&end=2020-12-31").get_data(as_text=True)
    assert "2020-01-01 – 2020-12-31" in shown and "示例集中培训" not in shown
    refused = client.get("/transcripts?start=2021-01-01&end=2020-12-31")
    assert refused.status_code == 422
    assert 'action="/transcripts/issue' not in refused.get_data(as_text=True), "no other period offered to issue"
    assert issue(client, start="2021-01-01", end="2020-12-31").status_code == 422
    assert documents(app) == []


def test_an_admin_of_the_school_issues_and_revokes_with_a_reason(app, client):
    teacher = teacher_id(app)
    login(client, "school_admin")
    assert f"/transcripts?teacher={teacher}" in client.get(f"/admin/teachers/{teacher}").get_data(as_text=True)
    assert client.get(f"/transcripts?teacher={teacher}").status_code == 200
    assert issue(client, teacher).status_code == 303
    [document] = documents(app)
    assert client.get(f"/transcripts/{document.id}.pdf").status_code == 200
    refused = client.post(f"/transcripts/{document.id}/revoke?teacher={teacher}", data={"reason": ""})
    assert refused.status_code == 422 and documents(app)[0].revoked_at is None
    assert "<details open><summary>" in refused.get_data(as_text=True), "the refusal is shown, not folded away"
    revoked = client.post(f"/transcripts/{document.id}/revoke?teacher={teacher}", data={"reason": "学分登记有误"})
    assert revoked.status_code == 303 and documents(app)[0].revoked_at is not None
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "document.revoked"))
        assert event.after == {"revoked": True, "reason": "学分登记有误"}
    again = client.post(f"/transcripts/{document.id}/revoke?teacher={teacher}", data={"reason": "再次"})
    assert again.status_code == 422
    client.post("/logout")
    assert "撤销" in client.get(f"/verify/{document.code}").get_data(as_text=True)


def test_only_the_teacher_and_admins_covering_them_issue_download_or_revoke(app, client):
    teacher, other = teacher_id(app), teacher_id(app, "t0001")
    login(client, "teacher")
    issue(client)
    [document] = documents(app)
    assert client.post(f"/transcripts/{document.id}/revoke", data={"reason": "自己撤销"}).status_code == 404
    client.post("/logout")
    assert client.get(f"/transcripts/{document.id}.pdf").status_code == 302  # to sign in
    for username in ("t0001", "workshop_leader", "institution"):
        login(client, username)
        assert client.get(f"/transcripts?teacher={teacher}").status_code == 404
        assert issue(client, teacher).status_code == 404
        assert client.get(f"/transcripts/{document.id}.pdf").status_code == 404
        assert client.post(f"/transcripts/{document.id}/revoke", data={"reason": "越权"}).status_code == 404
        client.post("/logout")
    login(client, "school_admin")  # t0001 teaches at the other school
    assert client.get(f"/transcripts?teacher={other}").status_code == 404
    assert issue(client, other).status_code == 404
    client.post("/logout")
    login(client, "district_admin")
    assert issue(client, other).status_code == 303
    assert len(documents(app)) == 2 and documents(app)[0].revoked_at is None


@pytest.mark.parametrize("region", ["qingdao", "shanxi"])
def test_a_region_s_demo_teacher_gets_a_pdf(make_app, region):
    app = make_app(region, demo=True)
    client = app.test_client()
    login(client, "teacher")
    assert issue(client).status_code == 303
    [document] = documents(app)
    assert client.get(f"/transcripts/{document.id}.pdf").data.startswith(b"%PDF")


def test_an_issued_transcript_carries_a_signed_open_badges_credential_revoked_with_it(make_app):
    """The credential is a VC-JWT signed with the key the portal publishes; its holder is a
    salted hash of the ID number; the status list it names sets its bit once it is revoked."""
    import base64
    import gzip
    import hashlib
    import json
    import re

    from jwcrypto import jwk, jws

    app = make_app("qingdao", demo=True)
    client = app.test_client()
    login(client, "teacher")
    page = client.get("/transcripts").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    issued = client.post("/transcripts/issue", data={"csrf_token": token, **dict(re.findall(
        r'name="(start|end)" type="hidden" value="([^"]+)"', page))}, follow_redirects=True).get_data(as_text=True)
    link = re.search(r'href="(/transcripts/(\d+)/credential.jwt)"', issued)
    assert link, "the issued transcript offers its credential"
    document_id = int(link.group(2))
    vc = client.get(link.group(1)).get_data(as_text=True)
    keys = client.get("/.well-known/jwks.json").get_json()["keys"]
    parsed = jws.JWS()
    parsed.deserialize(vc)
    parsed.verify(jwk.JWK(**{k: v for k, v in keys[0].items() if k != "name"}), alg="EdDSA")
    claims = json.loads(parsed.payload)
    assert "OpenBadgeCredential" in claims["type"] and claims["iss"] == claims["issuer"]["id"]
    identity = claims["credentialSubject"]["identifier"][0]
    with app.app_context():
        id_number = db.session.scalar(select(Teacher.id_number).join(User).where(User.username == "teacher"))
    assert identity["identityHash"] == "sha256$" + hashlib.sha256((id_number + identity["salt"]).encode()).hexdigest()
    assert id_number not in parsed.payload.decode()
    status = claims["credentialStatus"]

    def revoked() -> bool:
        listed = jws.JWS()
        listed.deserialize(client.get(status["statusListCredential"].split("localhost", 1)[1]).get_data(as_text=True))
        listed.verify(jwk.JWK(**{k: v for k, v in keys[0].items() if k != "name"}), alg="EdDSA")
        encoded = json.loads(listed.payload)["credentialSubject"]["encodedList"][1:]
        bits = gzip.decompress(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))
        index = int(status["statusListIndex"])
        return bool(bits[index // 8] & (0x80 >> (index % 8)))

    assert not revoked()
    admin = app.test_client()
    login(admin, "school_admin")
    with app.app_context():
        teacher_id = db.session.scalar(select(Teacher.id).join(User).where(User.username == "teacher"))
    form = admin.get(f"/transcripts?teacher={teacher_id}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    admin.post(f"/transcripts/{document_id}/revoke?teacher={teacher_id}", data={"csrf_token": token, "reason": "录入有误"})
    assert revoked()
    stranger = app.test_client()
    assert stranger.get(link.group(1)).status_code in (302, 401)


def test_the_english_pdf_keeps_each_total_on_the_line_of_its_category(app):
    """In English a category's name runs long: the totals are a table, so each amount stays on
    its category's row, aligned with the others, as in the Chinese transcript."""
    from flask_babel import force_locale

    from portal.web.transcripts import render_pdf

    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils' pdftotext reads the layout")
    with app.test_request_context("/"), force_locale("en"):
        region = app.extensions["portal.region"]
        teacher = db.session.get(Teacher, teacher_id(app))
        today = clock.today()
        transcript = transcripts.transcript_of(region, teacher, region.cycle(today, teacher.facts()), today)
        totals = (transcripts.Total("Alpha: city-wide all-staff online training for primary and secondary school "
                                    "teachers, with its workshops", Decimal(17)),
                  transcripts.Total("Beta: other training, registered by the hours attended", Decimal(29)),
                  transcripts.Total("Gamma: school-based", Decimal(31)))
        pdf = render_pdf(replace(transcript, totals=totals, total=Decimal(77)), "a-code")
        html = render_template_of(transcript, totals)
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    lines = text.splitlines()
    for name, amount in (("Alpha:", "17"), ("Beta:", "29"), ("Gamma:", "31")):
        [line] = [line for line in lines if name in line]
        assert re.search(rf"\b{amount} credits?\s*$", line), (name, line)
    columns = {re.search(r"\d+ credits?\s*$", line).start() for line in lines
               if any(name in line for name in ("Alpha:", "Beta:", "Gamma:"))}
    assert len(columns) == 1, "the amounts stand in one column"
    assert '<table class="totals">' in html


def render_template_of(transcript, totals):
    from flask import render_template

    return render_template("transcripts/pdf.html", t=replace(transcript, totals=totals), qr="", address="",
                           issued_on=clock.today())


def test_a_training_the_teacher_taught_reads_as_taught_on_the_ledger_and_the_transcript(make_app):
    """qingdao credits teaching a training (2017 附件1 第1项): the record says the teacher taught
    it, on the ledger and on the transcript, where it read as if she had attended."""
    app = make_app("qingdao", demo=True)
    client = app.test_client()
    login(client, "teacher")
    with app.app_context():
        taught = db.session.scalar(select(LedgerEntry).where(
            LedgerEntry.teacher_id == teacher_id(app), LedgerEntry.facts["role"].as_string() == "instructor"))
        title, attended = taught.title, db.session.scalar(select(LedgerEntry.title).where(
            LedgerEntry.teacher_id == teacher_id(app), LedgerEntry.facts["role"].as_string() == "participant"))
    for page in (client.get("/me/ledger").get_data(as_text=True),
                 client.get(f"/transcripts?start={taught.activity_date.year}-01-01").get_data(as_text=True)):
        assert title in page and "授课教师" in page
        shown = page.split(title, 1)[1].split("</li>", 1)[0]
        assert "授课教师" in shown
    assert "授课教师" not in client.get("/me/ledger").get_data(as_text=True).split(attended, 1)[1].split("</li>", 1)[0]


def test_a_training_not_passed_is_neither_a_recognised_line_nor_in_the_hours(make_app):
    """shanxi's demo t0003 failed a provincial online training (0 credits, 不合格者不能取得该项目
    学分 §四(二)): the signed transcript listed it among the recognised entries as 0 credits and
    added its 50 hours to the period's hours. An entry that earned nothing is left out of both."""
    app = make_app("shanxi", demo=True)
    client = app.test_client()
    login(client, "t0003")
    tid = teacher_id(app, "t0003")
    with app.app_context():
        failed = db.session.scalar(select(LedgerEntry).where(LedgerEntry.teacher_id == tid, LedgerEntry.amount == 0,
                                                             LedgerEntry.enrollment_id.is_not(None)))
        assert failed is not None and failed.hours
        region = app.extensions["portal.region"]
        teacher = db.session.get(Teacher, tid)
        period = Period(date(failed.activity_date.year, 1, 1), date(failed.activity_date.year, 12, 31))
        t = transcripts.transcript_of(region, teacher, period, clock.today())
        assert failed.title not in [line.title for line in t.lines]
        assert all(line.amount != 0 for line in t.lines)
        assert t.hours == sum((line.hours for line in t.lines if line.hours), Decimal(0))
    page = client.get(f"/transcripts?start={period.start}&end={period.end}").get_data(as_text=True)
    assert failed.title not in page.split("<h2>", 2)[1]
