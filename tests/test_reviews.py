"""Reviewing ledger entries along the region's audit workflow."""
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, LedgerEntry
from tests.support import login


def pending_entry_id(app):
    with app.app_context():
        return db.session.scalar(select(LedgerEntry.id).where(LedgerEntry.audit_state == "submitted"))


def state_of(app, entry_id):
    with app.app_context():
        return db.session.get(LedgerEntry, entry_id).audit_state


def test_school_admin_sees_and_approves_the_waiting_entry(app, client):
    entry_id = pending_entry_id(app)
    login(client, "school_admin")
    page = client.get("/admin/reviews").get_data(as_text=True)
    assert "示例待审培训" in page and "通过" in page
    response = client.post(f"/admin/reviews/{entry_id}", data={"target": "approved"})
    assert response.status_code == 303
    assert state_of(app, entry_id) == "approved"
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "ledger.reviewed"))
        assert (event.subject_id, event.before, event.after) == (entry_id, {"state": "submitted"}, {"state": "approved", "by": "school_admin"})
    assert f'id="review-{entry_id}"' not in client.get("/admin/reviews").get_data(as_text=True)
    client.post("/logout")
    login(client, "teacher")
    assert "<strong>15</strong>" in client.get("/me/").get_data(as_text=True)  # now counted


def test_a_step_cannot_be_taken_twice(app, client):
    entry_id = pending_entry_id(app)
    login(client, "school_admin")
    client.post(f"/admin/reviews/{entry_id}", data={"target": "approved"})
    response = client.post(f"/admin/reviews/{entry_id}", data={"target": "rejected"},
                           headers={"HX-Request": "true"})
    assert response.status_code == 403
    assert "您现在不能对该记录执行此步骤" in response.get_data(as_text=True)
    assert state_of(app, entry_id) == "approved"


def test_htmx_gets_the_row_back(app, client):
    entry_id = pending_entry_id(app)
    login(client, "school_admin")
    response = client.post(f"/admin/reviews/{entry_id}", data={"target": "rejected", "reason": "证书复印件不清晰"},
                           headers={"HX-Request": "true"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in body
    assert f'id="review-{entry_id}"' in body and "未通过" in body


def test_only_the_role_the_workflow_names_may_act(app, client):
    entry_id = pending_entry_id(app)
    login(client, "district_admin")  # the default workflow lets only the school admin review
    assert "示例待审培训" not in client.get("/admin/reviews").get_data(as_text=True)
    assert client.post(f"/admin/reviews/{entry_id}", data={"target": "approved"}).status_code == 303
    assert state_of(app, entry_id) == "submitted"


def test_entries_outside_the_scope_are_not_found(make_app):
    app = make_app("example", demo=True)
    client = app.test_client()
    entry_id = pending_entry_id(app)
    login(client, "teacher")
    assert client.post(f"/admin/reviews/{entry_id}", data={"target": "approved"}).status_code == 403
    assert state_of(app, entry_id) == "submitted"


def test_region_workflows_drive_the_review_list(make_app):
    app = make_app("shanxi", demo=True)  # school registers, county audits, city approves ...
    client = app.test_client()
    login(client, "school_admin")
    page = client.get("/admin/reviews").get_data(as_text=True)
    assert "第 1 / " in page
