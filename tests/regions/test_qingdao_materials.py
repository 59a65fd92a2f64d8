"""Qingdao / Shinan: a training's credits go to audit with its materials.

2017 附件1, each row's 学分审核认定要求: 承担培训项目单位通过“教师教育平台”上传培训情况资料 (rows 1–8),
由承办部门将文件依据和参训人员及培训情况等上传 (row 9), 承担培训项目的单位通过“教师教育平台”上传情况资料
(row 11), and only then 登记学分. Row 10's credits are registered by the platform itself. So the
submission (提交审核) of an entry of a project whose row asks its materials is withheld while the
project holds none; claims, school-based trainings and row 10 are not held to it.
"""
from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from plugins.qingdao import audit, parameters as P, workflow as W
from portal import clock
from portal.domain import Activity, AuditStep, Level, LedgerSource, Mode, Period, UserRole
from portal.domain.text import using
from portal.extensions import db
from portal.models import Enrollment, LedgerEntry, ProjectMaterial, TrainingProject, User
from portal.services import materials, reviews
from tests.regions.test_qingdao_audit import CHILD_LAW, REGION, _user, _waiting
from tests.regions.test_qingdao_enrollment import pinned
from tests.support import signed_in

D = Decimal
ON = date(2026, 1, 10)
CYCLE = Period(date(2026, 1, 1), date(2030, 12, 31))
DISTRICT, SCHOOL, INSTITUTION = UserRole.DISTRICT_ADMIN, UserRole.SCHOOL_ADMIN, UserRole.INSTITUTION_STAFF
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def facts(level: Level, mode: Mode = Mode.CENTRALIZED, program: str | None = None) -> dict:
    return Activity(level=level, mode=mode, hours=D(3), program=program).as_json()


def step(by: UserRole, entry_facts: dict, held: int | None, source: str = W.REGISTERED, target: str = W.SUBMITTED,
         entry_source: str = LedgerSource.ENROLLMENT) -> AuditStep:
    return AuditStep(source, target, by, ON, date(2025, 12, 20), "a_class", D(3), entry_facts, CYCLE,
                     entry_source=entry_source, project_materials=held)


def materials_findings(findings):
    return [f for f in findings if f.code == audit.MATERIALS]


ASKING = [row for row in P.ROWS if row.materials]


@pytest.mark.parametrize("row", ASKING, ids=lambda r: r.code)
def test_a_rows_submission_waits_for_its_materials_citing_the_rows_words(row):
    entry_facts = facts(row.level or Level.COUNTY, row.mode or Mode.CENTRALIZED, row.code)
    registrar = audit.registrar_of(entry_facts)
    (held,) = materials_findings(audit.audit_findings(step(registrar, entry_facts, 0)))
    assert not held.ok and "尚未上传培训情况资料" in str(held.message) and str(row.label) in str(held.message)
    assert held.source == f"{row.source}（{row.materials}）" and "上传" in row.materials
    pinned(held.source)
    with using("en"):
        assert "training materials" in str(held.message) and not any("\u4e00" <= c <= "\u9fff" for c in
                                                                       str(held.message).replace(str(row.label), ""))
    # with a file, or for a step that is not the submission, nothing is said of them
    assert materials_findings(audit.audit_findings(step(registrar, entry_facts, 1))) == []
    assert materials_findings(audit.audit_findings(step(DISTRICT, entry_facts, 0, W.SUBMITTED, "approved"))) == []
    # a step not told (an entry from no project) is not held either
    assert materials_findings(audit.audit_findings(step(registrar, entry_facts, None))) == []


def test_the_rows_that_ask_materials_are_those_whose_words_say_so():
    assert {r.code for r in ASKING} == {r.code for r in P.ROWS} - {"internet_plus_compulsory", "internet_plus_elective"}
    assert all(r.materials is None for r in P.ROWS if r.source.endswith("第10项"))


@pytest.mark.parametrize("entry_facts", [
    facts(Level.PROVINCIAL, Mode.ONLINE, "internet_plus_compulsory"),  # row 10: the platform registers it
    facts(Level.SCHOOL, Mode.SCHOOL_BASED),  # 校本培训 by the school's own standard (§二2)
    facts(Level.COUNTY),  # naming no row
], ids=["row10", "school_based", "no_row"])
def test_trainings_whose_row_asks_no_materials_are_submitted_without_them(entry_facts):
    registrar = audit.registrar_of(entry_facts)
    assert materials_findings(audit.audit_findings(step(registrar, entry_facts, 0))) == []


@pytest.mark.parametrize("entry_source", [LedgerSource.ACHIEVEMENT, LedgerSource.DEGREE_COURSE, LedgerSource.OUTSIDE])
def test_claims_have_no_project_and_are_not_held_to_it(entry_source):
    claim = {**facts(Level.COUNTY, program="topic"), "claim": "achievement"}
    found = audit.audit_findings(step(DISTRICT, claim, None, entry_source=entry_source))
    assert materials_findings(found) == [] and all(f.ok for f in found)
    assert materials_findings(audit.audit_findings(step(DISTRICT, claim, 0, entry_source=entry_source))) == []


def test_the_hook_says_it_through_the_region():
    entry_facts = facts(Level.COUNTY, program="cadre")
    assert materials_findings(REGION.audit_findings(step(DISTRICT, entry_facts, 0)))
    assert not materials_findings(REGION.audit_findings(step(DISTRICT, entry_facts, 2)))


# Through the service, on the demo --------------------------------------------------------------


def _child_law(app) -> int:
    with app.app_context():
        return db.session.scalar(select(TrainingProject.id).where(TrainingProject.name.contains(CHILD_LAW)))


def test_the_demo_trainings_whose_row_asks_them_hold_their_materials(make_app):
    app = make_app("qingdao", demo=True)
    with app.app_context():
        projects = db.session.scalars(select(TrainingProject)).all()
        held = {p.id for p in projects if db.session.scalar(
            select(ProjectMaterial.id).where(ProjectMaterial.project_id == p.id).limit(1))}
        entries = db.session.execute(select(LedgerEntry, Enrollment.project_id)
                                     .join(Enrollment, LedgerEntry.enrollment_id == Enrollment.id)).all()
        assert entries
        for entry, project_id in entries:
            if audit.materials_row(entry.facts or {}) is not None:
                assert project_id in held, entry.title
    pid = _child_law(app)
    page = signed_in(app, "district_admin").get(f"/projects/{pid}").get_data(as_text=True)
    assert "培训情况资料" in page and "培训通知.pdf" in page and "签到表.pdf" in page
    assert "/remove" in page  # its credits are registered, not yet submitted
    assert "培训通知.pdf" not in signed_in(app, "teacher").get(f"/catalog/{pid}").get_data(as_text=True)


def test_without_materials_the_district_is_not_offered_the_submission_and_is_told_why(make_app):
    app = make_app("qingdao", demo=True)
    today = clock.today()
    pid = _child_law(app)
    district = signed_in(app, "district_admin")
    with app.app_context():
        ids = db.session.scalars(select(ProjectMaterial.id).where(ProjectMaterial.project_id == pid)).all()
    for material_id in ids:
        assert district.post(f"/projects/{pid}/materials/{material_id}/remove").status_code == 303
    with app.app_context():
        region = app.extensions["portal.region"]
        district_admin = _user("district_admin")
        entry, teacher, school = _waiting(CHILD_LAW)
        offered, withheld, _late = reviews.steps(region, district_admin, entry, teacher, school, today)
        assert offered == ()
        (held,) = [f for w in withheld for f in w.findings if f.code == audit.MATERIALS]
        pinned(held.source)
        assert "第8项" in held.source and "上传培训情况资料" in held.source
        with pytest.raises(reviews.ReviewRefused) as refused:
            reviews.review(region, district_admin, [entry.id], W.SUBMITTED)
        assert refused.value.code == "refused" and held in refused.value.findings
        assert db.session.get(LedgerEntry, entry.id).audit_state == W.REGISTERED
        # the queue says how many wait for the materials, and lists none of them to submit
        page = reviews.review_page(region, district_admin, today, per_page=100)
        assert not any(CHILD_LAW in r.entry.title for r in page.items)
        assert any(any(f.code == audit.MATERIALS for f in findings) and n >= 6 for findings, n in page.later)
    queue = district.get("/admin/reviews").get_data(as_text=True)
    assert "尚未上传培训情况资料" in queue and "《关于做好2017年度市南区中小学（幼儿园）" in queue
    assert "qingdao-shinan" not in re.sub(r"<[^>]*>", "", queue)  # what is read: the title, never the file

    # uploaded, the submission is offered again and taken
    sent = district.post(f"/projects/{pid}/materials", data={"files": [(io.BytesIO(PDF), "签到表.pdf")]},
                         content_type="multipart/form-data")
    assert sent.status_code == 303
    with app.app_context():
        region = app.extensions["portal.region"]
        district_admin = _user("district_admin")
        entry, teacher, school = _waiting(CHILD_LAW)
        offered, _withheld, _late = reviews.steps(region, district_admin, entry, teacher, school, today)
        assert {t.target for t in offered} == {W.SUBMITTED}
        reviews.review(region, district_admin, [entry.id], W.SUBMITTED)
        assert materials.submitted(region, pid)
    # submitted: the file stays
    with app.app_context():
        (material_id,) = db.session.scalars(select(ProjectMaterial.id).where(ProjectMaterial.project_id == pid)).all()
    district.post(f"/projects/{pid}/materials/{material_id}/remove")
    with app.app_context():
        assert db.session.get(ProjectMaterial, material_id) is not None


def test_the_auditor_of_a_schools_credits_reads_a_district_trainings_materials_not_a_teacher(make_app):
    app = make_app("qingdao", demo=True)
    pid = _child_law(app)
    with app.app_context():
        (first, *_rest) = db.session.scalars(select(ProjectMaterial.id).where(ProjectMaterial.project_id == pid)).all()
        region = app.extensions["portal.region"]
        project = db.session.get(TrainingProject, pid)
        assert materials.may_see(db.session.scalar(select(User).where(User.username == "district_admin")), region, project)
    url = f"/projects/{pid}/materials/{first}"
    assert signed_in(app, "district_admin").get(url).status_code == 200
    for username in ("teacher", "t0001"):
        assert signed_in(app, username).get(url).status_code == 404
