"""A teacher's record between regions: signed here and verifiable with the published key;
brought in from a trusted bureau, converted by the rules here, entered once with its origin;
refused when unsigned, altered, untrusted, another person's or this portal's own."""
import base64
import json
import re
from datetime import date
from decimal import Decimal

import pytest
from jwcrypto import jwk, jws
from jwcrypto.common import json_encode
from sqlalchemy import select

from portal.domain import LedgerSource
from portal.extensions import db
from portal.models import AuditEvent, LedgerEntry, OrgUnit, RecordTransfer, Teacher, User
from portal.services import transfers
from tests.support import login

FOREIGN = jwk.JWK.generate(kty="OKP", crv="Ed25519")


def foreign_keys(tmp_path):
    path = tmp_path / "trusted.json"
    path.write_text(json.dumps({"keys": [{**json.loads(FOREIGN.export_public()), "name": "浙江省瑞安市教育局"}]}),
                    encoding="utf-8")
    return str(path)


def signed(payload: dict, key=FOREIGN, kind=transfers.KIND) -> str:
    token = jws.JWS(json.dumps(payload, ensure_ascii=False).encode())
    token.add_signature(key, None, json_encode({"alg": "EdDSA", "kid": key.thumbprint(), "typ": kind}))
    return token.serialize(compact=True)


def exported(client, teacher_id=None) -> str:
    page = client.get("/me/ledger" if teacher_id is None else f"/admin/teachers/{teacher_id}/ledger")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True)).group(1)
    url = "/records/export" + ("" if teacher_id is None else f"?teacher={teacher_id}")
    response = client.post(url, data={"csrf_token": token})
    assert response.status_code == 200, response.status_code
    assert response.headers["Content-Disposition"].startswith("attachment")
    return response.get_data(as_text=True)


def csrf(client, url) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get(url).get_data(as_text=True)).group(1)


def upload(client, teacher_id: int, token: str):
    import io

    url = f"/admin/teachers/{teacher_id}/records"
    return client.post(url, data={"csrf_token": csrf(client, url), "record": (io.BytesIO(token.encode()), "r.jws")},
                       content_type="multipart/form-data")


def confirm(client, teacher_id: int, page: str):
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', page).group(1)
    digest = re.search(r'name="digest" type="hidden" value="([^"]+)"', page).group(1)
    return client.post(f"/admin/teachers/{teacher_id}/records/confirm",
                       data={"csrf_token": csrf(client, f"/admin/teachers/{teacher_id}/records"),
                             "token": token, "digest": digest})


def setup(make_app, tmp_path, region="qingdao"):
    app = make_app(region, demo=True, PORTAL_TRUSTED_KEYS=foreign_keys(tmp_path))
    with app.app_context():
        school = db.session.scalar(select(User).where(User.username == "school_admin")).roles[0].org_unit
        own = db.session.scalar(select(Teacher).join(User).where(User.username == "teacher"))
        mover = db.session.scalar(select(Teacher).where(Teacher.school_id == school.id, Teacher.id != own.id)
                                  .order_by(Teacher.id))
        return app, mover.id, mover.id_number, own.id
    

def test_a_teachers_record_is_signed_here_and_checks_against_the_published_key(make_app, tmp_path):
    app, _mover, _id, own_id = setup(make_app, tmp_path)
    client = app.test_client()
    login(client, "teacher")
    token = exported(client)
    keys = client.get("/.well-known/jwks.json").get_json()["keys"]
    assert len(keys) == 1 and keys[0]["crv"] == "Ed25519" and "d" not in keys[0]
    parsed = jws.JWS()
    parsed.deserialize(token)
    parsed.verify(jwk.JWK(**{k: v for k, v in keys[0].items() if k != "name"}), alg="EdDSA")
    payload = json.loads(parsed.payload)
    with app.app_context():
        counted = app.extensions["portal.region"].audit_workflow().counting()
        mine = db.session.scalars(select(LedgerEntry).where(LedgerEntry.teacher_id == own_id,
                                                            LedgerEntry.audit_state.in_(counted))).all()
        assert payload["teacher"]["id_number"] == db.session.get(Teacher, own_id).id_number
        assert {e["id"] for e in payload["entries"]} <= {e.id for e in mine}
        assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "record.exported"))


def test_a_record_from_a_trusted_bureau_is_converted_here_and_entered_once(make_app, tmp_path):
    app, mover, id_number, _own = setup(make_app, tmp_path)
    client = app.test_client()
    login(client, "school_admin")
    activity = {"level": "city", "mode": "centralized", "hours": "24", "start": "2025-03-01", "end": "2025-03-03"}
    payload = {"version": 1, "issuer": {"name": "瑞安", "region": "ruian"}, "signed_at": "2026-11-30T08:00:00",
               "teacher": {"name": "x", "id_number": id_number},
               "entries": [{"id": 7, "day": "2025-03-03", "title": "市级班主任培训", "amount": "24", "unit": "credit",
                            "category": "x", "category_label": "集中培训", "activity": activity},
                           {"id": 8, "day": "2025-04-01", "title": "学分借贷", "amount": "5", "unit": "credit",
                            "category": "y", "category_label": "借贷", "activity": None}]}
    page = upload(client, mover, signed(payload))
    text = page.get_data(as_text=True)
    assert page.status_code == 200, text
    assert "浙江省瑞安市教育局" in text and "市级班主任培训" in text
    with app.app_context():
        before = db.session.scalar(select(db.func.count(LedgerEntry.id)))
    assert confirm(client, mover, text).status_code == 303
    with app.app_context():
        region = app.extensions["portal.region"]
        entries = db.session.scalars(select(LedgerEntry).where(LedgerEntry.teacher_id == mover,
                                                               LedgerEntry.source == LedgerSource.TRANSFER.value)).all()
        assert len(entries) == 1, "the entry without an activity is not recognised"
        entry = entries[0]
        assert entry.audit_state == region.audit_workflow().initial
        assert entry.facts["origin"]["issuer"] == "浙江省瑞安市教育局"
        assert entry.title == "市级班主任培训"
        assert db.session.scalar(select(db.func.count(LedgerEntry.id))) == before + 1
    # The same record again is refused; a later one holding the same entry enters nothing new.
    again = upload(client, mover, signed(payload))
    assert again.status_code == 422 and 'name="digest"' not in again.get_data(as_text=True)
    later = {**payload, "signed_at": "2026-12-01T08:00:00"}
    upload_and_confirm(client, mover, signed(later))
    with app.app_context():
        assert db.session.scalar(select(db.func.count(LedgerEntry.id)).where(
            LedgerEntry.teacher_id == mover, LedgerEntry.source == LedgerSource.TRANSFER.value)) == 1
        assert db.session.scalar(select(db.func.count(RecordTransfer.id))) == 2


def upload_and_confirm(client, teacher_id, token):
    page = upload(client, teacher_id, token).get_data(as_text=True)
    return confirm(client, teacher_id, page)


@pytest.mark.parametrize("case", ["untrusted", "altered", "another_person", "own", "garbage"])
def test_a_record_that_cannot_be_trusted_is_refused_with_its_reason(make_app, tmp_path, case):
    app, mover, id_number, own_id = setup(make_app, tmp_path)
    client = app.test_client()
    login(client, "school_admin")
    payload = {"version": 1, "issuer": {"name": "x"}, "signed_at": "2026-11-30T08:00:00",
               "teacher": {"name": "x", "id_number": id_number}, "entries": []}
    if case == "untrusted":
        token = signed(payload, key=jwk.JWK.generate(kty="OKP", crv="Ed25519"))
    elif case == "altered":
        head, body, signature = signed(payload).split(".")
        other = signed({**payload, "entries": [{"id": 1}]}).split(".")[1]
        token = ".".join([head, other, signature])
    elif case == "another_person":
        with app.app_context():
            token = signed({**payload, "teacher": {"id_number": db.session.get(Teacher, own_id).id_number}})
    elif case == "own":
        teacher = app.test_client()
        login(teacher, "teacher")
        token = exported(teacher)
        with app.app_context():
            mover = own_id
    else:
        token = "not a record"
    with app.app_context():
        before = db.session.scalar(select(db.func.count(LedgerEntry.id)))
    response = upload(client, mover, token)
    assert response.status_code == 422
    assert 'name="digest"' not in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(db.func.count(LedgerEntry.id))) == before


def test_only_an_admin_over_the_teacher_brings_a_record_in(make_app, tmp_path):
    app, mover, _id, own_id = setup(make_app, tmp_path)
    teacher = app.test_client()
    login(teacher, "teacher")
    assert teacher.get(f"/admin/teachers/{own_id}/records").status_code in (302, 403)
    with app.app_context():
        elsewhere = db.session.scalar(select(Teacher).join(OrgUnit, Teacher.school_id == OrgUnit.id)
                                      .where(Teacher.school_id != db.session.get(Teacher, mover).school_id))
    admin = app.test_client()
    login(admin, "school_admin")
    assert admin.get(f"/admin/teachers/{elsewhere.id}/records").status_code == 404
    assert admin.post(f"/records/export?teacher={elsewhere.id}",
                      data={"csrf_token": csrf(admin, "/admin/teachers")}).status_code == 404


def test_shanxi_enters_nothing_earned_before_the_school_year_of_arrival(make_app, tmp_path):
    app, mover, id_number, _own = setup(make_app, tmp_path, region="shanxi")
    with app.app_context():
        teacher = db.session.get(Teacher, mover)
        teacher.transferred_in = date(2025, 10, 8)
        db.session.commit()
    client = app.test_client()
    login(client, "school_admin")
    activity = {"level": "provincial", "mode": "centralized", "hours": "30"}
    payload = {"version": 1, "issuer": {"name": "瑞安"}, "signed_at": "2026-11-30T08:00:00",
               "teacher": {"id_number": id_number},
               "entries": [{"id": 1, "day": "2025-06-20", "title": "早于调入", "amount": "30", "unit": "credit",
                            "category_label": "集中", "activity": {**activity, "start": "2025-06-18", "end": "2025-06-20"}},
                           {"id": 2, "day": "2025-11-20", "title": "调入之后", "amount": "30", "unit": "credit",
                            "category_label": "集中", "activity": {**activity, "start": "2025-11-18", "end": "2025-11-20"}}]}
    text = upload(client, mover, signed(payload)).get_data(as_text=True)
    assert "2025-09-01" in text, "the refusal names the first day counted"
    confirm(client, mover, text)
    with app.app_context():
        titles = db.session.scalars(select(LedgerEntry.title).where(
            LedgerEntry.teacher_id == mover, LedgerEntry.source == LedgerSource.TRANSFER.value)).all()
        assert titles == ["调入之后"]


def test_a_trainings_planned_hours_travel_with_the_record_both_ways(make_app, tmp_path):
    """Ruian judges a training completed by the share of its planned hours attended: the
    record carries the planned hours beside those attended, out and in, so the receiving
    region can judge it."""
    app, mover, id_number, own_id = setup(make_app, tmp_path, region="ruian")
    client = app.test_client()
    login(client, "teacher")
    body = exported(client).split(".")[1]
    payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    sent = {e["id"]: e["activity"] for e in payload["entries"]}
    with app.app_context():
        planned = {e.id: e.facts["planned_hours"] for e in db.session.scalars(
            select(LedgerEntry).where(LedgerEntry.id.in_(sent))) if (e.facts or {}).get("planned_hours")}
    assert planned, "the demo teacher has an entry converted from a training with planned hours"
    assert {i: sent[i]["planned_hours"] for i in planned} == planned
    login(client, "school_admin")
    activity = {"level": "county", "mode": "centralized", "hours": "30", "planned_hours": "60", "base_credits": "90",
                "start": "2025-10-08", "end": "2025-10-12"}
    payload = {"version": 1, "issuer": {"name": "瑞安"}, "signed_at": "2026-11-30T08:00:00",
               "teacher": {"id_number": id_number},
               "entries": [{"id": 3, "day": "2025-10-12", "title": "半程缺席", "amount": "90", "unit": "credit",
                            "category_label": "集中培训", "activity": activity}]}
    assert upload_and_confirm(client, mover, signed(payload)).status_code == 303
    with app.app_context():
        entry = db.session.scalar(select(LedgerEntry).where(LedgerEntry.teacher_id == mover,
                                                            LedgerEntry.source == LedgerSource.TRANSFER.value))
        assert Decimal(str(entry.facts["planned_hours"])) == 60
        assert entry.amount == 0, "half the planned hours does not complete the training here"
