"""Certificates (a region's 结业证书) issued with the transcripts' machinery, and a school's
current documents downloaded as one ZIP."""
import hashlib
import io
import re
import zipfile

from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, IssuedDocument, LedgerEntry, OrgUnit, Teacher, User
from portal.services import ledger
from tests.support import demo_day, login

KIND = "all_staff_completion"


def teacher_of(app, username="teacher"):
    with app.app_context():
        return db.session.scalar(select(Teacher.id).join(User, Teacher.user_id == User.id)
                                 .where(User.username == username))


def documents(app):
    with app.app_context():
        return db.session.scalars(select(IssuedDocument).order_by(IssuedDocument.id)).all()


def school_of(app, teacher_id):
    with app.app_context():
        return db.session.get(Teacher, teacher_id).school_id


def issue(client, teacher=None, kind=KIND):
    query = f"?teacher={teacher}" if teacher else ""
    return client.post(f"/certificates/issue{query}", data={"kind": kind})


def ineligible(app):
    """A kaifeng demo teacher with no passed all-staff training."""
    with app.app_context():
        passed = select(LedgerEntry.teacher_id).where(LedgerEntry.category == "all_staff_online", LedgerEntry.amount > 0)
        row = db.session.execute(select(Teacher.id, User.username).join(User, Teacher.user_id == User.id)
                                 .where(Teacher.id.not_in(passed)).order_by(Teacher.id)).first()
        return row


def test_an_eligible_teacher_issues_the_certificate_frozen_and_verifiable(make_app):
    app = make_app("kaifeng", demo=True)
    client = app.test_client()
    login(client, "teacher")
    assert 'href="/certificates' in client.get("/transcripts").get_data(as_text=True)
    page = client.get("/certificates")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "结业证书" in html and "综合考核合格的学员发放结业证书" in html
    assert "通知》四(二)3" in html and ".txt" not in html  # the clause as the regulation's title, no file name
    assert issue(client).status_code == 303
    [document] = documents(app)
    assert document.kind == KIND and document.revoked_at is None
    pdf = client.get(f"/transcripts/{document.id}.pdf")
    assert pdf.data.startswith(b"%PDF") and hashlib.sha256(pdf.data).hexdigest() == document.sha256
    disposition = pdf.headers["Content-Disposition"]
    assert KIND not in disposition and "filename*=UTF-8''" in disposition, "the file is named by its title"
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "document.issued"))
        assert event.after["kind"] == KIND and event.after["sha256"] == document.sha256
        entry = db.session.scalar(select(LedgerEntry).where(LedgerEntry.teacher_id == document.teacher_id,
                                                            LedgerEntry.category == "all_staff_online"))
        ledger.reverse(entry, db.session.scalar(select(User).where(User.username == "school_admin")), "录入有误")
        db.session.commit()
    assert client.get(f"/transcripts/{document.id}.pdf").data == pdf.data  # frozen
    # the transcripts page lists transcripts only
    assert f"/transcripts/{document.id}.pdf" not in client.get("/transcripts").get_data(as_text=True)
    client.post("/logout")
    verify = client.get(f"/verify/{document.code}").get_data(as_text=True)
    assert "开封市中小学教师继续教育全员培训结业证书" in verify and "李*" in verify


def test_issuing_again_supersedes_and_an_admin_revokes(make_app):
    app = make_app("kaifeng", demo=True)
    client = app.test_client()
    teacher = teacher_of(app)
    login(client, "teacher")
    issue(client)
    issue(client)
    first, second = documents(app)
    assert first.superseded_by_id == second.id and second.superseded_by_id is None
    assert client.post(f"/certificates/{second.id}/revoke", data={"reason": "自己"}).status_code == 404
    client.post("/logout")
    login(client, "school_admin")
    assert client.post(f"/certificates/{second.id}/revoke?teacher={teacher}", data={"reason": ""}).status_code == 422
    done = client.post(f"/certificates/{second.id}/revoke?teacher={teacher}", data={"reason": "考核结果有误"})
    assert done.status_code == 303 and documents(app)[1].revoked_at is not None
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "document.revoked"))
        assert event.after == {"revoked": True, "reason": "考核结果有误"}
    client.post("/logout")
    assert "撤销" in client.get(f"/verify/{second.code}").get_data(as_text=True)


def test_a_teacher_not_eligible_reads_why_and_cannot_issue(make_app):
    app = make_app("kaifeng", demo=True)
    client = app.test_client()
    found = ineligible(app)
    assert found is not None
    login(client, found.username)
    html = client.get("/certificates").get_data(as_text=True)
    assert "综合考核合格的学员才发放结业证书" in html and "通知》四(二)3" in html and ".txt" not in html
    assert issue(client).status_code == 422 and documents(app) == []
    assert issue(client, kind="no_such_kind").status_code == 422
    assert issue(client, kind="").status_code == 422


def test_only_the_teacher_and_admins_covering_them(make_app):
    app = make_app("kaifeng", demo=True)
    client = app.test_client()
    teacher = teacher_of(app)
    for username in ("t0001", "institution"):
        login(client, username)
        assert client.get(f"/certificates?teacher={teacher}").status_code == 404
        assert issue(client, teacher).status_code == 404
        client.post("/logout")
    login(client, "district_admin")
    assert client.get(f"/certificates?teacher={teacher}").status_code == 200
    assert issue(client, teacher).status_code == 303


def test_a_region_without_certificates_says_so(app, client):
    login(client, "teacher")
    page = client.get("/certificates")
    assert page.status_code == 200 and issue(client).status_code == 422
    assert 'href="/certificates' not in client.get("/transcripts").get_data(as_text=True), "no link to a page of nothing"


def test_a_school_s_current_documents_as_one_zip(make_app):
    app = make_app("kaifeng", demo=True)
    client = app.test_client()
    teacher = teacher_of(app)
    school = school_of(app, teacher)
    login(client, "teacher")
    issue(client)
    issue(client)  # supersedes the first
    client.post("/transcripts/issue", data={})
    client.post("/transcripts/issue", data={"start": "2020-01-01", "end": "2020-12-31"})
    client.post("/logout")
    login(client, "school_admin")
    _, cert, transcript, revoked = documents(app)
    client.post(f"/transcripts/{revoked.id}/revoke?teacher={teacher}", data={"reason": "作废"})
    assert client.get(f"/transcripts/schools/{school}").status_code == 200
    assert client.get("/transcripts/schools/999999").status_code == 404
    response = client.post(f"/transcripts/schools/{school}/zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = archive.namelist()
    assert len(names) == 2 and all(n.startswith(f"李静-{teacher}/") for n in names)
    kept = {hashlib.sha256(archive.read(n)).hexdigest() for n in names}
    assert kept == {cert.sha256, transcript.sha256}
    assert any("结业证书" in n for n in names) and any("学分证明" in n or "Transcript" in n for n in names)
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "documents.downloaded"))
        assert event.subject_id == school and event.after["documents"] == 2


def test_an_out_of_scope_school_is_404(make_app):
    app = make_app("kaifeng", demo=True)
    client = app.test_client()
    school = school_of(app, teacher_of(app))
    with app.app_context():  # a school beside the teacher's, in the same district
        parent = db.session.get(OrgUnit, school).parent_id
        other_school = db.session.scalar(select(OrgUnit.id).where(OrgUnit.parent_id == parent, OrgUnit.id != school,
                                                                  OrgUnit.kind == "school"))
    assert other_school is not None
    for username in ("school_admin", "teacher", "institution"):
        login(client, username)
        assert client.get(f"/transcripts/schools/{other_school}").status_code == 404
        assert client.post(f"/transcripts/schools/{other_school}/zip").status_code == 404
        client.post("/logout")
    login(client, "district_admin")
    assert client.get(f"/transcripts/schools/{other_school}").status_code == 200


def test_a_large_school_s_zip_is_written_by_a_job(make_app):
    app = make_app("kaifeng", demo=True, PORTAL_ZIP_STREAM_LIMIT=0)
    client = app.test_client()
    teacher = teacher_of(app)
    school = school_of(app, teacher)
    login(client, "teacher")
    issue(client)
    client.post("/logout")
    login(client, "school_admin")
    started = client.post(f"/transcripts/schools/{school}/zip")
    assert started.status_code == 303
    page = client.get(started.headers["Location"])
    assert page.status_code == 200
    job_id = int(started.headers["Location"].rstrip("/").rsplit("/", 1)[-1])
    got = client.get(f"/transcripts/zips/{job_id}/file")
    assert got.status_code == 200
    [name] = zipfile.ZipFile(io.BytesIO(got.data)).namelist()
    assert name.startswith(f"李静-{teacher}/")
    client.post("/logout")
    login(client, "district_admin")
    assert client.get(f"/transcripts/zips/{job_id}").status_code == 404  # another's job
    with app.app_context():
        assert db.session.scalar(select(AuditEvent.after).where(AuditEvent.action == "documents.downloaded"))["job"] == job_id


def test_a_teacher_who_passed_in_several_years_finds_each_years_certificate(make_app):
    """A kaifeng phone trial: the demo teacher passed the all-staff training in each of three
    years (every year of the cycles shown since the demo's history grew), yet the page offered
    only the latest year's certificate. Each year's is offered and issued for its own period,
    beside the others."""
    app = make_app("kaifeng", demo=True)
    client = app.test_client()
    login(client, "teacher")
    html = client.get("/certificates").get_data(as_text=True)
    offered = sorted(set(re.findall(r'name="period" value="(\d{4}-\d\d-\d\d)"', html)))
    from plugins.kaifeng import demo
    # every year of the demo's two cycles whose training has its results (not this year's while it runs)
    passed = [f"{year}-01-01" for year in demo.assessed_years(demo_day())]
    assert len(offered) >= 3 and offered == passed, offered
    for start in offered:
        assert client.post("/certificates/issue", data={"kind": KIND, "period": start}).status_code == 303
    issued = documents(app)
    assert sorted(d.period_start.isoformat() for d in issued) == offered
    assert all(d.superseded_by_id is None for d in issued)  # one per year, none replacing another
    refused = client.post("/certificates/issue", data={"kind": KIND, "period": "2001-01-01"})
    assert refused.status_code == 422 and len(documents(app)) == len(offered)
