"""Credits claimed with evidence: converted by the region's rules, files checked by their
content and kept outside the web root, seen only by those who may see the claim, never
entered twice, corrected by reversal and new entry."""
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from portal import clock
from portal.domain import Level
from portal.extensions import db
from portal.models import AuditEvent, Claim, Enrollment, Evidence, LedgerEntry
from portal.services import evidence as files
from portal.services import ledger
from tests.support import login, signed_in

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
DAY = (clock.today() - timedelta(days=30)).isoformat()


def form(**overrides):
    data = {"title": "省平台：信息技术应用能力提升", "activity_date": DAY, "level": "provincial", "figure": "12",
            "details": "证书编号 2026-001"}
    data.update(overrides)
    return data


def send(client, content=PDF, name="证书.pdf", url="/claims/new/outside_training", **overrides):
    data = form(**overrides)
    data["files"] = (io.BytesIO(content), name)
    return client.post(url, data=data, content_type="multipart/form-data")


def converted(app, hours):
    """What the region's own rules credit for the claim."""
    with app.app_context():
        region = app.extensions["portal.region"]
        kind = region.claim_kind("outside_training")
        return region.convert(kind.activity(Level.PROVINCIAL, Decimal(hours), date.fromisoformat(DAY)),
                              on=date.fromisoformat(DAY)).amount


def claims_of(app):
    with app.app_context():
        return db.session.scalars(select(LedgerEntry).where(LedgerEntry.claim_id.is_not(None))
                                  .order_by(LedgerEntry.id)).all()


def test_a_teacher_claims_a_training_elsewhere_with_a_certificate_and_it_waits_for_review(app, client):
    login(client, "teacher")
    page = client.get("/claims/new").get_data(as_text=True)
    assert "平台外的集中培训" in page and "平台外的网络研修" in page
    assert 'capture="environment"' in client.get("/claims/new/outside_training").get_data(as_text=True)
    assert send(client).status_code == 303
    (entry,) = claims_of(app)
    assert (entry.amount, entry.audit_state, entry.source, entry.title) == (
        converted(app, 12), "submitted", "outside", "省平台：信息技术应用能力提升")
    assert entry.facts["claim"] == "outside_training" and entry.facts["details"] == "证书编号 2026-001"
    with app.app_context():
        item = db.session.scalar(select(Evidence))
        path = files.path_of(item.stored_as)
        assert path.read_bytes() == PDF and item.content_type == "application/pdf" and item.filename == "证书.pdf"
        assert "证书" not in path.name and "static" not in str(path)
        assert db.session.scalar(select(AuditEvent.after).where(AuditEvent.action == "claim.made"))["evidence"] == 1
        evidence_id = item.id
    listing = client.get("/claims").get_data(as_text=True)
    assert "省平台：信息技术应用能力提升" in listing and f"/evidence/{evidence_id}" in listing
    served = client.get(f"/evidence/{evidence_id}")
    assert served.data == PDF and served.headers["X-Content-Type-Options"] == "nosniff"
    policy = served.headers["Content-Security-Policy"]  # the file's sandbox, not the pages' policy
    assert "sandbox" in policy and "default-src 'none'" in policy
    assert "no-store" in served.headers["Cache-Control"]

    client.post("/logout")
    login(client, "t0001")  # another school's teacher
    assert client.get(f"/evidence/{evidence_id}").status_code == 404
    client.post("/logout")
    login(client, "school_admin")  # the teacher's school reviews it, with the file
    queue = client.get("/admin/reviews").get_data(as_text=True)
    assert "省平台：信息技术应用能力提升" in queue and f"/evidence/{evidence_id}" in queue
    assert client.get(f"/evidence/{evidence_id}").data == PDF


def test_a_page_renamed_pdf_is_refused_by_its_content_and_nothing_is_kept(app, client):
    login(client, "teacher")
    response = send(client, content=b"<html><script>alert(1)</script></html>", name="证书.pdf")
    assert response.status_code == 422
    assert "证书.pdf" in response.get_data(as_text=True)
    assert claims_of(app) == []
    with app.app_context():
        assert db.session.scalar(select(func.count(Claim.id))) == 0
        folder = files.folder()
        assert not folder.exists() or not [p for p in folder.rglob("*") if p.is_file()]


def test_a_claim_needs_a_file_and_a_date_not_in_the_future(app, client):
    login(client, "teacher")
    no_file = client.post("/claims/new/outside_training", data=form(), content_type="multipart/form-data")
    assert no_file.status_code == 422 and claims_of(app) == []
    future = send(client, activity_date=(clock.today() + timedelta(days=3)).isoformat())
    assert future.status_code == 422 and claims_of(app) == []


def test_a_file_larger_than_the_limit_is_refused(make_app):
    app = make_app("example", demo=True, PORTAL_EVIDENCE_MAX_BYTES=1024)
    client = app.test_client()
    login(client, "teacher")
    response = send(client, content=PNG + b"\x00" * 2048, name="photo.png")
    assert response.status_code == 422 and claims_of(app) == []


def test_a_photo_larger_than_other_requests_may_be_is_taken(make_app):
    """The portal's body limit (1 MB by default) is raised for a claim's form only."""
    app = make_app("example", demo=True)
    client = app.test_client()
    login(client, "teacher")
    big = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * (3 * 2**20)
    data = form()
    data["photos"] = (io.BytesIO(big), "camera.jpg")
    assert client.post("/claims/new/outside_training", data=data, content_type="multipart/form-data").status_code == 303
    assert len(claims_of(app)) == 1


def test_the_same_evidence_never_backs_a_second_claim(app, client):
    login(client, "teacher")
    assert send(client).status_code == 303
    again = send(client, title="同一证书再次申报")
    assert again.status_code == 422 and "省平台：信息技术应用能力提升" in again.get_data(as_text=True)
    assert len(claims_of(app)) == 1


def test_a_waiting_claim_is_corrected_by_a_reversal_and_a_new_entry(app, client):
    login(client, "teacher")
    send(client)
    (entry,) = claims_of(app)
    assert client.get(f"/claims/{entry.id}/correct").status_code == 200
    data = form(figure="10", reason="学时填错")
    data["files"] = (io.BytesIO(PNG), "成绩单.png")
    assert client.post(f"/claims/{entry.id}/correct", data=data, content_type="multipart/form-data").status_code == 303
    first, reversal, corrected = claims_of(app)
    assert (reversal.reverses_id, reversal.amount) == (first.id, -converted(app, 12))
    assert (corrected.corrects_id, corrected.amount, corrected.audit_state) == (first.id, converted(app, 10), "submitted")
    with app.app_context():
        assert db.session.scalar(select(func.count(Evidence.id)).where(Evidence.claim_id == first.claim_id)) == 2
    client.post("/logout")
    login(client, "school_admin")
    queue = client.get("/admin/reviews").get_data(as_text=True)
    assert f'id="review-{corrected.id}"' in queue and f'id="review-{first.id}"' not in queue
    client.post(f"/admin/reviews/{corrected.id}", data={"target": "approved"})
    client.post("/logout")
    login(client, "teacher")
    assert client.get(f"/claims/{corrected.id}/correct").status_code == 303  # decided: no longer corrected here


def test_a_school_admin_enters_a_claim_for_a_teacher_of_their_school_only(app, client):
    with app.app_context():
        from portal.models import Teacher, User
        own = db.session.scalar(select(Teacher.id).join(User, Teacher.user_id == User.id).where(User.username == "teacher"))
        other = db.session.scalar(select(Teacher.id).join(User, Teacher.user_id == User.id).where(User.username == "t0001"))
    login(client, "school_admin")
    assert send(client, url=f"/claims/new/outside_training?teacher={own}").status_code == 303
    assert send(client, content=PNG, name="x.png", url=f"/claims/new/outside_training?teacher={other}").status_code == 404
    (entry,) = claims_of(app)
    assert entry.teacher_id == own


def test_the_database_refuses_a_second_first_entry_for_an_enrollment(app):
    with app.app_context():
        region = app.extensions["portal.region"]
        entry = db.session.scalar(select(LedgerEntry).where(LedgerEntry.enrollment_id.is_not(None)))
        enrollment = db.session.get(Enrollment, entry.enrollment_id)
        with pytest.raises(IntegrityError):
            ledger.register_completion(region, enrollment, None)
        db.session.rollback()


def test_a_colleague_who_is_not_an_admin_never_sees_the_evidence(app, client):
    login(client, "teacher")
    send(client)
    with app.app_context():
        evidence_id = db.session.scalar(select(Evidence.id))
    client.post("/logout")
    login(client, "workshop_leader")  # same school, follows members' progress: not an auditor
    assert client.get(f"/evidence/{evidence_id}").status_code == 404


def test_nobody_audits_their_own_claim_whatever_else_they_are(app, client):
    from portal.models import OrgUnit, RoleAssignment, User
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "teacher"))
        school = db.session.scalar(select(OrgUnit).where(OrgUnit.code == "ex-s1"))
        db.session.add(RoleAssignment(user_id=user.id, org_unit_id=school.id, role="school_admin"))
        db.session.commit()
    login(client, "teacher")
    send(client)
    (entry,) = claims_of(app)
    client.post(f"/admin/reviews/{entry.id}", data={"target": "approved"})
    assert claims_of(app)[0].audit_state == "submitted"


def test_a_correction_says_what_it_corrects(app, client):
    login(client, "teacher")
    send(client)
    (entry,) = claims_of(app)
    data = form(reason="")
    assert client.post(f"/claims/{entry.id}/correct", data=data, content_type="multipart/form-data").status_code == 422
    assert len(claims_of(app)) == 1


def test_a_training_taken_online_elsewhere_is_claimed_as_online(app, client):
    """The core's default kinds name the mode the region's rules read: an online course is
    not credited as if attended in person."""
    login(client, "teacher")
    assert send(client, url="/claims/new/outside_online").status_code == 303
    (entry,) = claims_of(app)
    assert entry.facts["mode"] == "online"
    with app.app_context():
        kinds = {k.code: k.mode.value for k in app.extensions["portal.region"].claim_kinds()}
    assert kinds == {"outside_training": "centralized", "outside_online": "online"}


def test_the_home_offers_a_teacher_a_claim_only_where_teachers_claim(make_app):
    """qingdao's row 9 is claimed by the unit that ran the training, never by a teacher: a phone
    trial's teacher followed the home's link to 本地区规定不受理学分申报."""
    link = "申报平台外取得的学分（附证明材料）"
    assert link not in signed_in(make_app("qingdao", demo=True), "teacher").get("/me/").get_data(as_text=True)


def test_the_home_offers_a_teacher_the_claims_they_make(make_app):
    link = "申报平台外取得的学分（附证明材料）"
    assert link in signed_in(make_app("shanxi", demo=True), "teacher").get("/me/").get_data(as_text=True)


def test_a_rejected_claim_tells_the_teacher_what_they_can_still_do(app, client):
    """Phone trial: a claim rejected for a missing document ended in a dead end (no step on the
    claims page, and 'cannot be corrected' behind the old link)."""
    login(client, "teacher")
    assert send(client).status_code == 303
    (entry,) = claims_of(app)
    admin = signed_in(app, "school_admin")
    assert admin.post(f"/admin/reviews/{entry.id}", data={"target": "rejected", "reason": "请上传学分证明"}).status_code == 303
    page = client.get("/claims").get_data(as_text=True)
    assert '理由：<span translate="no">请上传学分证明</span>' in page and "更正后重新提交" not in page
    assert f'href="/appeals/new?entry={entry.id}"' in page and 'href="/claims/new"' in page
    assert "补齐所要求的材料后重新申报" in page
    assert client.get(f"/appeals/new?entry={entry.id}").status_code == 200


def test_the_cores_default_kinds_say_they_are_the_portals_default_rule(make_app):
    """The core's two kinds (a training outside the portal, centralized or online) cite no clause:
    no document gives them. Their pages said nothing of a rule; they say it is the portal's default
    rule, in either language, and never dress it as a citation."""
    client = signed_in(make_app("example", demo=True), "teacher")
    client.post("/locale/zh_Hans_CN")
    for page in ("/claims/new", "/claims/new/outside_training", "/claims/new/outside_online"):
        said = client.get(page).get_data(as_text=True)
        assert "平台默认规则：本地区文件未作规定。" in said and "《" not in said.split("<main", 1)[1], page
    client.post("/locale/en")
    assert "The portal's default rule: no document of the region gives it." in \
        client.get("/claims/new/outside_training").get_data(as_text=True)


def test_a_regions_kind_cites_its_clause_not_the_default_rule(make_app):
    shanxi = signed_in(make_app("shanxi", demo=True), "teacher").get("/claims/new").get_data(as_text=True)
    assert "平台默认规则" not in shanxi and "《" in shanxi


def test_a_regions_own_kind_citing_no_clause_is_not_called_the_portals_default(make_app):
    """Only the core's two kinds are the portal's default rule: a region's own kind that cites no
    clause (an outside author's, which `portal rules test` does not refuse) was said to be the
    portal's default rule, which it is not."""
    import types

    from portal.domain import LedgerSource, Mode
    from portal.domain.claims import ClaimKind
    from portal.hookspecs import hookimpl

    own = types.ModuleType("own_kinds")

    @hookimpl(tryfirst=True)
    def portal_claim_kinds():
        return [ClaimKind("own_training", "本区认可的外出培训", "", detail="本区教师外出参加的集中培训",
                          ledger_source=LedgerSource.OUTSIDE, mode=Mode.CENTRALIZED, evidence="结业证书")]

    own.portal_claim_kinds = portal_claim_kinds
    app = make_app("example", demo=True)
    app.extensions["portal.region"].pm.register(own)
    client = signed_in(app, "teacher")
    client.post("/locale/zh_Hans_CN")
    for page in ("/claims/new", "/claims/new/own_training"):
        said = client.get(page).get_data(as_text=True)
        assert "本区认可的外出培训" in said, page
        assert "平台默认规则" not in said, page
