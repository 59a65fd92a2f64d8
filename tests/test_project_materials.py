"""A project's training materials (培训情况资料): its organisers upload files (checked by their
content, kept outside the web root, all or none), those who organise, review, oversee or audit
it see and download them, teachers and other bureaus never do (404); a file is removed only
while none of the project's credits has gone to audit; every upload and removal is audited; the
audit step knows how many materials the entry's project holds, loaded with the queue's query."""
import io
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from portal import clock
from portal.domain import AuditStep, Level, Mode, OrgKind, Period, UserRole
from portal.domain.selection import ProjectReview
from portal.hookspecs import hookimpl
from portal.extensions import db
from portal.models import AuditEvent, LedgerEntry, OrgUnit, ProjectMaterial, TrainingProject, User
from portal.plugins import Region, make_manager
from portal.services import evidence as files
from portal.services import materials, reviews
from portal.services.accounts import create_user, hash_password
from portal.services.orgs import add_unit
from tests.support import BUNDLED_REGIONS, all_regions, login, signed_in

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
OTHER_PDF = b"%PDF-1.4\n% sign-in sheet\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
DISTRICT_PROJECT, SCHOOL_PROJECT = "示例集中培训", "示例待审培训"  # the example demo's: audited, and waiting


def project_id(app, name: str) -> int:
    with app.app_context():
        return db.session.scalar(select(TrainingProject.id).where(TrainingProject.name == name))


def send(client, pid: int, *named: tuple[bytes, str]):
    data = {"files": [(io.BytesIO(content), name) for content, name in named]}
    return client.post(f"/projects/{pid}/materials", data=data, content_type="multipart/form-data")


def held(app, pid: int) -> list[ProjectMaterial]:
    with app.app_context():
        return list(db.session.scalars(select(ProjectMaterial).where(ProjectMaterial.project_id == pid)
                                       .order_by(ProjectMaterial.id)))


def kept_files(app) -> list:
    with app.app_context():
        folder = files.folder()
        return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def events(app, action: str) -> list[dict]:
    with app.app_context():
        return [e.after or e.before for e in db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id))]


def other_district_admin(app) -> None:
    """A second district beside the demo's, with its own admin (``other_admin``)."""
    with app.app_context():
        city = db.session.scalar(select(OrgUnit).where(OrgUnit.code == "ex-c"))
        unit = add_unit(city, OrgKind.DISTRICT, "ex-d2", "另一区")
        create_user(None, username="other_admin", display_name="另一区管理员", password_hash=hash_password("demo12345"),
                    role=UserRole.DISTRICT_ADMIN, org_unit=unit)
        db.session.commit()


def test_the_organiser_uploads_materials_and_they_are_kept_outside_the_web_root(app, client):
    pid = project_id(app, DISTRICT_PROJECT)
    login(client, "district_admin")
    page = client.get(f"/projects/{pid}").get_data(as_text=True)
    assert "培训情况资料" in page and "尚未上传培训情况资料" in page and 'enctype="multipart/form-data"' in page
    response = send(client, pid, (PDF, "培训通知.pdf"), (PNG, "现场照片.png"))
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/projects/{pid}#materials")
    notice, photo = held(app, pid)
    assert (notice.filename, notice.content_type, photo.content_type) == ("培训通知.pdf", "application/pdf", "image/png")
    with app.app_context():
        path = files.path_of(notice.stored_as)
        assert path.read_bytes() == PDF and "培训通知" not in path.name and "static" not in str(path)
    page = client.get(f"/projects/{pid}").get_data(as_text=True)
    assert f"/projects/{pid}/materials/{notice.id}" in page and "培训通知.pdf" in page
    served = client.get(f"/projects/{pid}/materials/{notice.id}")
    assert served.data == PDF and served.headers["X-Content-Type-Options"] == "nosniff"
    policy = served.headers["Content-Security-Policy"]  # the file's sandbox, not the pages' policy
    assert "sandbox" in policy and "default-src 'none'" in policy
    assert "no-store" in served.headers["Cache-Control"]
    # audited: one event per file, on the project, naming the file and its digest
    added = events(app, materials.ADDED)
    assert [e["filename"] for e in added] == ["培训通知.pdf", "现场照片.png"] and added[0]["digest"] == notice.digest
    with app.app_context():
        assert {(e.subject_type, e.subject_id) for e in db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == materials.ADDED))} == {("training_project", pid)}


def test_a_page_renamed_pdf_is_refused_by_its_content_and_nothing_of_the_upload_is_kept(app, client):
    pid = project_id(app, DISTRICT_PROJECT)
    login(client, "district_admin")
    response = send(client, pid, (PDF, "培训通知.pdf"), (b"<html><script>alert(1)</script></html>", "签到表.pdf"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert '<span translate="no">签到表.pdf</span> 不是 PDF、照片（JPEG、PNG）或 Office 文档' in page  # the name as data
    assert 'aria-invalid="true"' in page
    assert held(app, pid) == [] and kept_files(app) == [] and events(app, materials.ADDED) == []


def test_a_file_above_the_limit_is_refused_with_the_limit_said(make_app):
    app = make_app("example", demo=True, PORTAL_EVIDENCE_MAX_BYTES=1024)
    client = signed_in(app, "district_admin")
    pid = project_id(app, DISTRICT_PROJECT)
    response = send(client, pid, (PNG + b"\x00" * 2048, "photo.png"))
    assert response.status_code == 422 and "photo.png" in response.get_data(as_text=True)
    assert "1 MB" in response.get_data(as_text=True)
    assert held(app, pid) == [] and kept_files(app) == []


def test_an_upload_with_no_file_or_a_file_held_already_is_refused_with_a_message(app, client):
    pid = project_id(app, DISTRICT_PROJECT)
    login(client, "district_admin")
    none = client.post(f"/projects/{pid}/materials", data={}, content_type="multipart/form-data")
    assert none.status_code == 422 and "请至少选择一个培训情况资料文件" in none.get_data(as_text=True)
    assert send(client, pid, (PDF, "培训通知.pdf")).status_code == 303
    again = send(client, pid, (OTHER_PDF, "签到表.pdf"), (PDF, "通知（副本）.pdf"))
    assert again.status_code == 422 and \
        '<span translate="no">通知（副本）.pdf</span> 已在本项目的培训情况资料中' in again.get_data(as_text=True)
    assert [m.filename for m in held(app, pid)] == ["培训通知.pdf"] and len(kept_files(app)) == 1


def test_a_project_holds_a_bounded_number_of_files(app, client, monkeypatch):
    monkeypatch.setattr(materials, "MAX_MATERIALS", 1)
    pid = project_id(app, DISTRICT_PROJECT)
    login(client, "district_admin")
    assert send(client, pid, (PDF, "培训通知.pdf")).status_code == 303
    full = send(client, pid, (OTHER_PDF, "签到表.pdf"))
    assert full.status_code == 422 and "最多保存 1 个" in full.get_data(as_text=True)
    assert len(held(app, pid)) == 1


def test_who_sees_and_downloads_the_materials(app):
    """The organiser, the bureau over it, whoever audits its participants' credits; not a teacher
    (even one who took it), another district's admin, nor an institution with no part in it."""
    other_district_admin(app)
    pid = project_id(app, DISTRICT_PROJECT)
    organiser = signed_in(app, "district_admin")
    assert send(organiser, pid, (PDF, "培训通知.pdf")).status_code == 303
    (item,) = held(app, pid)
    url = f"/projects/{pid}/materials/{item.id}"
    # the school admin takes the audit's step over the participants of its school
    for username in ("district_admin", "city_admin", "province_admin", "school_admin"):
        client = signed_in(app, username)
        page = client.get(f"/projects/{pid}")
        assert page.status_code == 200 and url in page.get_data(as_text=True), username
        assert client.get(url).data == PDF, username
    auditor_page = signed_in(app, "school_admin").get(f"/projects/{pid}").get_data(as_text=True)
    assert f"/projects/{pid}/materials\"" not in auditor_page and "/remove" not in auditor_page  # reads only
    for username in ("teacher", "t0001", "other_admin", "institution", "workshop_leader"):
        client = signed_in(app, username)
        assert client.get(url).status_code == 404, username
        assert client.get(f"/projects/{pid}").status_code in (403, 404), username
        assert send(client, pid, (OTHER_PDF, "x.pdf")).status_code == 404, username
    # a material of another project is not found under this one
    other = project_id(app, SCHOOL_PROJECT)
    assert organiser.get(f"/projects/{other}/materials/{item.id}").status_code == 404
    assert len(held(app, pid)) == 1


def test_a_reviewer_of_the_project_sees_its_materials(app):
    """A region whose principals review their school's projects: the principal, neither its
    organiser, a bureau, nor an auditor, reads the school's training's materials."""
    pid = project_id(app, SCHOOL_PROJECT)
    assert send(signed_in(app, "school_admin"), pid, (PDF, "培训通知.pdf")).status_code == 303
    (item,) = held(app, pid)
    principal = signed_in(app, "principal")
    assert principal.get(f"/projects/{pid}/materials/{item.id}").status_code == 404

    class PrincipalsReview:
        @hookimpl
        def portal_project_review(self, project):
            return ProjectReview(UserRole.PRINCIPAL)

    app.extensions["portal.region"].pm.register(PrincipalsReview(), name="principals")
    try:
        assert principal.get(f"/projects/{pid}/materials/{item.id}").data == PDF
        assert f"/materials/{item.id}" in principal.get(f"/projects/{pid}").get_data(as_text=True)
        with app.app_context():
            region = app.extensions["portal.region"]
            project = db.session.get(TrainingProject, pid)
            teacher = db.session.scalar(select(User).where(User.username == "teacher"))
            assert materials.materials(teacher, region, project) is None
    finally:
        app.extensions["portal.region"].pm.unregister(name="principals")


def test_removal_while_no_credit_went_to_audit_then_the_files_stay(app):
    """The school's own training waits for the school's audit: its organiser may remove a file
    until one of its entries is audited; the district's training, audited already, keeps them."""
    school_admin = signed_in(app, "school_admin")
    pid = project_id(app, SCHOOL_PROJECT)
    assert send(school_admin, pid, (PDF, "培训通知.pdf"), (OTHER_PDF, "签到表.pdf")).status_code == 303
    notice, sheet = held(app, pid)
    assert f"/materials/{notice.id}/remove" in school_admin.get(f"/projects/{pid}").get_data(as_text=True)

    removed = school_admin.post(f"/projects/{pid}/materials/{notice.id}/remove")
    assert removed.status_code == 303 and [m.id for m in held(app, pid)] == [sheet.id]
    assert not any(p.name == notice.stored_as for p in kept_files(app))
    (event,) = events(app, materials.REMOVED)
    assert event["filename"] == "培训通知.pdf" and event["digest"] == notice.digest
    # only those who may edit the project remove it (the district above the school may)
    assert signed_in(app, "principal").post(f"/projects/{pid}/materials/{sheet.id}/remove").status_code == 404
    assert signed_in(app, "teacher").post(f"/projects/{pid}/materials/{sheet.id}/remove").status_code == 404

    # one entry audited: the files stay, more may be added
    with app.app_context():
        region = app.extensions["portal.region"]
        user = db.session.scalar(select(User).where(User.username == "school_admin"))
        (entry_id,) = db.session.scalars(select(LedgerEntry.id).where(LedgerEntry.title == SCHOOL_PROJECT)).all()
        reviews.review(region, user, [entry_id], "approved")
    refused = school_admin.post(f"/projects/{pid}/materials/{sheet.id}/remove", follow_redirects=True)
    assert "培训情况资料是审核的依据，不能再删除" in refused.get_data(as_text=True)
    assert [m.id for m in held(app, pid)] == [sheet.id] and len(events(app, materials.REMOVED)) == 1
    page = school_admin.get(f"/projects/{pid}").get_data(as_text=True)
    assert f"/materials/{sheet.id}/remove" not in page
    assert send(school_admin, pid, (PDF, "补充：培训通知.pdf")).status_code == 303


def test_an_entry_returned_after_audit_still_keeps_the_files(app):
    """Once an entry was moved by an audit step, the files stay even if it is back where it began."""
    pid = project_id(app, SCHOOL_PROJECT)
    assert send(signed_in(app, "school_admin"), pid, (PDF, "培训通知.pdf")).status_code == 303
    with app.app_context():
        region = app.extensions["portal.region"]
        assert not materials.submitted(region, pid)
        entry = db.session.scalar(select(LedgerEntry).where(LedgerEntry.title == SCHOOL_PROJECT))
        db.session.add(AuditEvent(actor_id=None, action=reviews.EVENT, subject_type="ledger_entry",
                                  subject_id=entry.id, after={"state": entry.audit_state}))
        db.session.commit()
        assert materials.submitted(region, pid)


def test_a_removal_that_fails_keeps_the_file(app, monkeypatch):
    pid = project_id(app, SCHOOL_PROJECT)
    assert send(signed_in(app, "school_admin"), pid, (PDF, "培训通知.pdf")).status_code == 303
    (item,) = held(app, pid)

    def broken(*_args, **_kwargs):
        raise RuntimeError("the audit trail is not writable")

    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "school_admin"))
        region = app.extensions["portal.region"]
        monkeypatch.setattr(materials, "record_event", broken)
        with pytest.raises(RuntimeError):
            materials.remove(region, user, pid, item.id)
        db.session.rollback()
        assert files.path_of(item.stored_as).read_bytes() == PDF
    assert len(held(app, pid)) == 1


def test_the_audit_step_knows_how_many_materials_the_entrys_project_holds(app):
    pid = project_id(app, SCHOOL_PROJECT)
    seen = []

    class Spy:
        @hookimpl
        def portal_audit_findings(self, step):
            seen.append(step.project_materials)
            return []

    with app.app_context():
        region = app.extensions["portal.region"]
        region.pm.register(Spy(), name="spy")
        try:
            user = db.session.scalar(select(User).where(User.username == "school_admin"))
            reviews.review_page(region, user, clock.today())
            assert seen and set(seen) == {0}
        finally:
            region.pm.unregister(name="spy")
    assert send(signed_in(app, "school_admin"), pid, (PDF, "培训通知.pdf"), (PNG, "照片.png")).status_code == 303
    seen.clear()
    with app.app_context():
        region = app.extensions["portal.region"]
        region.pm.register(Spy(), name="spy")
        try:
            user = db.session.scalar(select(User).where(User.username == "school_admin"))
            entry = db.session.scalar(select(LedgerEntry).where(LedgerEntry.title == SCHOOL_PROJECT))
            # the queue loads the counts with its query; one entry alone asks its own
            reviews.review_page(region, user, clock.today())
            assert set(seen) == {2}
            seen.clear()
            reviews.steps(region, user, entry, entry.teacher, entry.teacher.school, clock.today())
            assert set(seen) == {2}
        finally:
            region.pm.unregister(name="spy")


def test_the_queue_links_an_entry_to_its_trainings_materials(app):
    """The auditor reads what backs an entry from the queue: a link to the training's materials,
    which the auditor may open; none while the training holds none."""
    pid = project_id(app, SCHOOL_PROJECT)
    auditor = signed_in(app, "school_admin")
    before = auditor.get("/admin/reviews/")
    assert before.status_code == 200 and SCHOOL_PROJECT in before.get_data(as_text=True)
    assert f"/projects/{pid}#materials" not in before.get_data(as_text=True)
    assert send(auditor, pid, (PDF, "培训通知.pdf"), (PNG, "照片.png")).status_code == 303
    auditor.post("/locale/zh_Hans_CN")
    queue = auditor.get("/admin/reviews/").get_data(as_text=True)
    assert f'href="/projects/{pid}#materials">该培训的培训情况资料：2 份</a>' in queue
    assert "培训通知.pdf" in auditor.get(f"/projects/{pid}").get_data(as_text=True)


def test_the_queue_never_asks_an_entrys_materials_one_by_one(make_app, monkeypatch):
    app = make_app("qingdao", demo=True)

    def one_by_one(_entry):
        raise AssertionError("the queue asked one entry's materials alone")

    monkeypatch.setattr(materials, "held_by_entry", one_by_one)
    with app.app_context():
        region = app.extensions["portal.region"]
        for username in ("district_admin", "school_admin", "institution"):
            user = db.session.scalar(select(User).where(User.username == username))
            reviews.review_page(region, user, clock.today(), per_page=100)
            reviews.awaiting_count(region, user, clock.today())


# The other regions ask nothing of a project's materials -------------------------------------------

OTHERS = [name for name in BUNDLED_REGIONS if name != "qingdao"] + ["example"]


@pytest.mark.parametrize("name", OTHERS)
def test_the_other_regions_audit_as_before_whatever_the_materials(name):
    """Every step of their audit, on a project's entry of each level: the same findings whether
    the project holds no materials, some, or the step is not told (as before the field)."""
    module = all_regions()[name]
    region = Region(make_manager(module), module)
    workflow = region.audit_workflow()
    on = date(2026, 6, 1)
    cycle = region.cycle(on, None)
    for transition in workflow.transitions:
        for level in (Level.SCHOOL, Level.COUNTY, Level.CITY, Level.PROVINCIAL):
            facts = {"level": level.value, "mode": Mode.CENTRALIZED.value, "hours": "6"}

            def findings(held):
                return region.audit_findings(AuditStep(
                    transition.source, transition.target, transition.actor, on, date(2026, 5, 1), "general",
                    Decimal(6), facts, cycle, project_materials=held))

            assert findings(0) == findings(None) == findings(3), (name, transition, level)


def test_an_entry_from_no_project_has_no_materials_count(app):
    with app.app_context():
        entry = LedgerEntry(teacher_id=1, enrollment_id=None)
        assert materials.held_by_entry(entry) is None
        assert db.session.scalar(select(func.count(ProjectMaterial.id))) == 0


def test_audit_step_default_is_unknown():
    step = AuditStep("a", "b", UserRole.SCHOOL_ADMIN, date(2026, 1, 1), date(2026, 1, 1), "c", Decimal(1), {},
                     Period(date(2026, 1, 1), date(2026, 12, 31)))
    assert step.project_materials is None
