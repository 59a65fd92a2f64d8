"""A record between regions on a phone: the teacher downloads their signed record from the
bottom of their ledger; a school admin of the portal they move to uploads a record signed by a
bureau it trusts, sees how the rules here treat each entry, and confirms."""
from __future__ import annotations

import json
import re
import threading

import pytest
from jwcrypto import jwk, jws
from jwcrypto.common import json_encode
from playwright.sync_api import expect
from sqlalchemy import select
from werkzeug.serving import make_server

from portal.extensions import db
from portal.models import Teacher, User
from portal.services import transfers

from .pages import fits, on_phone, succeeded

FOREIGN = jwk.JWK.generate(kty="OKP", crv="Ed25519")


@pytest.fixture
def portal(make_app, tmp_path):
    trusted = tmp_path / "trusted.json"
    trusted.write_text(json.dumps({"keys": [{**json.loads(FOREIGN.export_public()), "name": "浙江省瑞安市教育局"}]}))
    app = make_app("qingdao", demo=True, WTF_CSRF_ENABLED=True, PORTAL_TRUSTED_KEYS=str(trusted))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_a_record_leaves_signed_and_another_regions_record_comes_in(portal, new_context, tmp_path):
    app, base = portal
    teacher = on_phone(new_context, base, "teacher")
    teacher.goto(f"{base}/me/ledger")
    teacher.get_by_text("调往其他地区？").click()
    with teacher.expect_download() as download:
        teacher.get_by_role("button", name="下载签名的学分记录").click()
    assert download.value.suggested_filename.endswith(".jws")
    assert download.value.path().read_text().count(".") == 2
    fits(teacher, tmp_path)

    with app.app_context():
        school = db.session.scalar(select(User).where(User.username == "school_admin")).roles[0].org_unit
        own = db.session.scalar(select(Teacher).join(User).where(User.username == "teacher"))
        mover = db.session.scalar(select(Teacher).where(Teacher.school_id == school.id, Teacher.id != own.id))
        mover_id, id_number = mover.id, mover.id_number
    payload = {"version": 1, "issuer": {"name": "瑞安"}, "signed_at": "2026-11-30T08:00:00",
               "teacher": {"id_number": id_number},
               "entries": [{"id": 31, "day": "2025-10-20", "title": "瑞安市班主任能力提升培训", "amount": "24",
                            "unit": "credit", "category_label": "集中培训（基础学分90以下）",
                            "activity": {"level": "city", "mode": "centralized", "hours": "24",
                                         "start": "2025-10-18", "end": "2025-10-20"}}]}
    signed = jws.JWS(json.dumps(payload, ensure_ascii=False).encode())
    signed.add_signature(FOREIGN, None, json_encode({"alg": "EdDSA", "kid": FOREIGN.thumbprint(),
                                                     "typ": transfers.KIND}))
    record = tmp_path / "record.jws"
    record.write_text(signed.serialize(compact=True))

    admin = on_phone(new_context, base, "school_admin")
    admin.goto(f"{base}/admin/teachers/{mover_id}/ledger")
    admin.get_by_text("调往其他地区？").click()
    admin.get_by_role("link", name=re.compile("从其他地区转入学分记录")).click()
    admin.get_by_label("学分记录文件").set_input_files(str(record))
    admin.get_by_role("button", name="核验记录").click()
    expect(admin.locator(".flash.success")).to_contain_text("浙江省瑞安市教育局")
    expect(admin.locator("main")).to_contain_text("瑞安市班主任能力提升培训")
    fits(admin, tmp_path)
    admin.screenshot(path=str(tmp_path / "preview.png"), full_page=True)
    admin.get_by_role("button", name="确认并录入").click()
    succeeded(admin, tmp_path)
    expect(admin.locator("main")).to_contain_text("瑞安市班主任能力提升培训")
