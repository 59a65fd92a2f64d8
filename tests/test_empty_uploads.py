"""A file of 0 bytes (a download cut short, a sheet saved half, a file a chat app passed on
before it arrived) on every upload form of the portal: each form says that the file is
empty, in Chinese and in English, never a 500 nor a misleading reason ("choose a file", "not
a sheet", "not the document issued"), and nothing of it is kept."""
from __future__ import annotations

import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
import xlsxwriter
from sqlalchemy import func, select

from portal import clock
from portal.extensions import db
from portal.models import Appeal, AppealFile, Claim, Enrollment, Evidence, OrgUnit, Teacher
from portal.services import training
from tests.support import login, signed_in

ZH = "所选文件是空文件（0 字节）"
EN = "The file you chose is empty (0 bytes)"
EMPTY = b""


def _said(html: str) -> list[str]:
    """The flashed messages and field errors of a page."""
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", m)).strip() for m in  # a name's mark (translate="no") dropped
            re.findall(r'class="(?:flash|error)[^"]*"[^>]*>(.*?)</p>', html, re.S)]


def _after(client, answer) -> str:
    """The page an answer shows: itself, or where it redirects (with its flashes)."""
    if answer.status_code in (302, 303):
        return client.get(answer.headers["Location"]).get_data(as_text=True)
    return answer.get_data(as_text=True)


def _files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def _blank_workbook() -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.add_worksheet()
    book.close()
    return buffer.getvalue()


@pytest.mark.parametrize("kind", ["teachers", "units", "credits"])
def test_an_empty_sheet_on_an_import_is_said_empty_and_nothing_is_kept(make_app, tmp_path, kind):
    kept = tmp_path / "imports"
    app = make_app("shanxi", demo=True, PORTAL_IMPORTS_DIR=str(kept))
    client = signed_in(app, "district_admin")

    def send(data, name="名单.xlsx"):
        files = {"sheet": (io.BytesIO(data), name)} if data is not None else {}
        return client.post(f"/admin/imports/{kind}", data=files, content_type="multipart/form-data")

    answer = send(EMPTY)
    assert answer.status_code == 303
    assert any(ZH in m for m in _said(_after(client, answer)))
    assert not _files(kept)
    # No file chosen at all is still asked for; a workbook without a cell says its sheet is empty.
    assert "请选择 Excel 文件（.xlsx）。" in _said(_after(client, send(None)))
    assert any("第一个工作表是空的" in m for m in _said(_after(client, send(_blank_workbook()))))
    client.post("/locale/en")
    assert any(EN in m for m in _said(_after(client, send(EMPTY))))
    assert any("first sheet is empty" in m for m in _said(_after(client, send(_blank_workbook()))))
    assert not _files(kept)


def test_an_empty_enrolment_sheet_is_said_empty_and_nobody_is_enrolled(make_app):
    from tests.test_training_process import _new_project

    app = make_app("shanxi", demo=True)
    district = signed_in(app, "district_admin")
    project_id = _new_project(app, district, level="county", stages=[])
    district.post(f"/projects/{project_id}/declare")
    district.get("/admin/")  # the flashes of declaring, read
    answer = district.post(f"/projects/{project_id}/enrol/sheet", content_type="multipart/form-data",
                           data={"sheet": (io.BytesIO(EMPTY), "名单.xlsx")})
    assert answer.status_code == 303
    assert any(ZH in m for m in _said(_after(district, answer)))
    district.post("/locale/en")
    answer = district.post(f"/projects/{project_id}/enrol/sheet", content_type="multipart/form-data",
                           data={"sheet": (io.BytesIO(EMPTY), "list.xlsx")})
    assert any(EN in m for m in _said(_after(district, answer)))
    with app.app_context():
        assert not db.session.scalar(select(func.count(Enrollment.id)).where(Enrollment.project_id == project_id))


def test_an_empty_results_sheet_is_said_empty_and_no_result_is_recorded(make_app):
    app = make_app("kaifeng", demo=True)
    region = app.extensions["portal.region"]
    with app.app_context():
        institute = db.session.scalar(select(OrgUnit).where(OrgUnit.kind == "institution"))
        start = clock.today()
        project = training.add_project(None, institute, name="空表登记结果", level="city", mode="online",
                                       program="all_staff_jpk", start_date=start, end_date=start, year=start.year,
                                       hours=Decimal(50), status="published")
        training.enroll(region, None, project, db.session.scalars(select(Teacher).order_by(Teacher.id)).first())
        project_id = project.id
    institution = signed_in(app, "institution")
    answer = institution.post(f"/projects/{project_id}/results/sheet", content_type="multipart/form-data",
                              data={"sheet": (io.BytesIO(EMPTY), "results.xlsx")})
    assert answer.status_code == 303
    assert any(ZH in m for m in _said(_after(institution, answer)))
    with app.app_context():
        assert {e.status for e in db.session.scalars(select(Enrollment).where(Enrollment.project_id == project_id))} \
            == {"enrolled"}


def test_an_empty_evidence_file_on_a_claim_or_an_appeal_is_said_empty_and_nothing_is_kept(app, client, tmp_path):
    from tests.test_claims import form

    login(client, "teacher")
    answer = client.post("/claims/new/outside_training", content_type="multipart/form-data",
                         data={**form(), "files": (io.BytesIO(EMPTY), "证书.pdf")})
    assert answer.status_code == 422 and "证书.pdf 是空文件。" in _said(answer.get_data(as_text=True))
    answer = client.post("/appeals/new", content_type="multipart/form-data",
                         data={"subject": "missing", "day": clock.today().isoformat(), "statement": "漏登",
                               "files": (io.BytesIO(EMPTY), "签到表.pdf")})
    assert answer.status_code == 422 and "签到表.pdf 是空文件。" in _said(answer.get_data(as_text=True))
    client.post("/locale/en")
    answer = client.post("/claims/new/outside_training", content_type="multipart/form-data",
                         data={**form(), "photos": (io.BytesIO(EMPTY), "photo.jpg")})
    assert answer.status_code == 422 and "photo.jpg is empty." in _said(answer.get_data(as_text=True))
    with app.app_context():
        assert not db.session.scalar(select(func.count(Claim.id)))
        assert not db.session.scalar(select(func.count(Appeal.id)))
        assert not db.session.scalar(select(func.count(Evidence.id)))
        assert not db.session.scalar(select(func.count(AppealFile.id)))
    assert not _files(tmp_path / "evidence")


def test_an_empty_file_on_the_verification_page_is_said_empty_not_another_document(app, client):
    from tests.test_transcripts import documents, issue

    login(client, "teacher")
    issue(client)
    [document] = documents(app)
    client.post("/logout")
    answer = client.post(f"/verify/{document.code}", content_type="multipart/form-data",
                         data={"document": (io.BytesIO(EMPTY), "学分证明.pdf")})
    html = answer.get_data(as_text=True)
    assert answer.status_code == 422 and any(ZH in m for m in _said(html))
    assert "该文件不是签发的原件" not in html
    client.post("/locale/en")
    answer = client.post(f"/verify/{document.code}", content_type="multipart/form-data",
                         data={"document": (io.BytesIO(EMPTY), "transcript.pdf")})
    assert answer.status_code == 422 and any(EN in m for m in _said(answer.get_data(as_text=True)))


def test_an_empty_record_file_is_said_empty_not_a_forged_record(make_app, tmp_path):
    from tests.test_transfers import csrf, setup

    app, mover, _id_number, _own = setup(make_app, tmp_path)
    client = app.test_client()
    login(client, "school_admin")
    url = f"/admin/teachers/{mover}/records"
    answer = client.post(url, content_type="multipart/form-data",
                         data={"csrf_token": csrf(client, url), "record": (io.BytesIO(EMPTY), "record.jws")})
    html = answer.get_data(as_text=True)
    assert answer.status_code == 422 and any(ZH in m for m in _said(html))
    assert "不是经教育局签名" not in html
    client.post("/locale/en")
    answer = client.post(url, content_type="multipart/form-data",
                         data={"csrf_token": csrf(client, url), "record": (io.BytesIO(EMPTY), "record.jws")})
    assert answer.status_code == 422 and any(EN in m for m in _said(answer.get_data(as_text=True)))
