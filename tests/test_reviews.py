"""Reviewing ledger entries along the region's audit workflow."""
from sqlalchemy import select

from portal import clock
from portal.extensions import db
from portal.models import AuditEvent, LedgerEntry
from tests.support import login, signed_in, text


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
    # and told, in their messages (a phone trial's teacher heard nothing of the audit)
    assert "您的记录“示例待审培训”：" in text(client.get("/notifications")).replace("“ ", "“").replace(" ”", "”")


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
    # and the queue's count, as it is now (two trials read 共 1 条 beside the entry just handled)
    assert '<p class="note" id="review-count" hx-swap-oob="true">共 0 条记录待您审核' in body


def test_htmx_counts_the_queue_as_the_page_narrowed_it(app, client):
    entry_id = pending_entry_id(app)
    login(client, "school_admin")
    response = client.post(f"/admin/reviews/{entry_id}", data={"target": "approved"},
                           headers={"HX-Request": "true", "HX-Current-URL": "http://x/admin/reviews?order=newest&q=nobody"})
    assert 'id="review-count" hx-swap-oob="true">共 0 条记录待您审核。 最新的在前' in response.get_data(as_text=True)


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


def _second_pending_entry(app, first_id):
    """Another entry waiting for the school admin: the first one entered again as a new entry."""
    from portal.services import ledger  # noqa: F401  (the building blocks the demo used)

    with app.app_context():
        first = db.session.get(LedgerEntry, first_id)
        copy = LedgerEntry(**{c.key: getattr(first, c.key) for c in LedgerEntry.__table__.columns
                              if c.key not in ("id", "created_at", "enrollment_id")})
        db.session.add(copy)
        db.session.commit()
        return copy.id


def test_several_entries_move_at_once_all_or_none(app, client):
    first = pending_entry_id(app)
    second = _second_pending_entry(app, first)
    login(client, "school_admin")
    client.post(f"/admin/reviews/{second}", data={"target": "approved"})
    refused = client.post("/admin/reviews", data={"entry": [first, second], "target": "approved"},
                          follow_redirects=True)
    assert "现在不能对该记录执行此步骤" in refused.get_data(as_text=True)  # the second has moved on
    assert state_of(app, first) == "submitted"  # so neither moved
    third = _second_pending_entry(app, first)
    done = client.post("/admin/reviews", data={"all_shown": "1", "shown": [first, third], "target": "approved"},
                       follow_redirects=True)  # "every entry on this page"
    assert "已处理 2 条记录" in done.get_data(as_text=True)
    assert (state_of(app, first), state_of(app, third)) == ("approved", "approved")


def test_a_rejection_asks_a_reason_which_is_kept_with_the_step(app, client):
    entry_id = pending_entry_id(app)
    login(client, "school_admin")
    page = client.get("/admin/reviews").get_data(as_text=True)
    assert f'id="reason-{entry_id}-rejected"' in page and "required" in page  # asked before the step
    refused = client.post(f"/admin/reviews/{entry_id}", data={"target": "rejected", "reason": "  "},
                          follow_redirects=True)
    assert "请填写理由" in refused.get_data(as_text=True) and state_of(app, entry_id) == "submitted"
    client.post(f"/admin/reviews/{entry_id}", data={"target": "rejected", "reason": "证书复印件不清晰"})
    assert state_of(app, entry_id) == "rejected"
    with app.app_context():
        event = db.session.scalars(select(AuditEvent).where(AuditEvent.subject_id == entry_id,
                                                            AuditEvent.action == "ledger.reviewed")).one()
        assert event.after["reason"] == "证书复印件不清晰" and event.actor_id is not None
    client.post("/logout")
    login(client, "teacher")
    told = text(client.get("/notifications")).replace("“ ", "“").replace(" ”", "”")  # the title marked as data
    assert "您的记录“示例待审培训”：" in told and "证书复印件不清晰" in told


def test_a_step_the_region_withholds_now_is_not_offered_and_says_why(app, client):
    from portal.domain import Finding
    from portal.hookspecs import hookimpl

    class NotBeforeTheCycleEnds:
        @hookimpl
        def portal_audit_findings(self, step):
            if step.target != "approved":
                return []
            return [Finding("cycle_end", step.on > step.cycle.end, None, None,
                            f"周期届满后方可审定（{step.cycle.end.isoformat()} 之后）", "")]

    app.extensions["portal.region"].pm.register(NotBeforeTheCycleEnds())
    entry_id = pending_entry_id(app)
    login(client, "school_admin")
    page = client.get("/admin/reviews").get_data(as_text=True)
    row = page.split(f'id="review-{entry_id}"')[1].split('id="review-')[0].split('class="pager"')[0]
    assert "暂不能" in row and "周期届满后方可审定" in row
    assert 'value="approved"' not in row and 'value="rejected"' in row
    refused = client.post(f"/admin/reviews/{entry_id}", data={"target": "approved"}, follow_redirects=True)
    assert "周期届满后方可审定" in refused.get_data(as_text=True) and state_of(app, entry_id) == "submitted"


def test_whoever_ran_a_training_reaches_its_participants_entries_wherever_they_teach(app, client, monkeypatch):
    """An institution's staff act on the entries of the projects their institution ran (谁举办
    谁登记), though none of the teachers is in their scope; not on other entries."""
    from dataclasses import replace
    from datetime import timedelta
    from decimal import Decimal

    from portal.domain import Grade, Transition, UserRole
    from portal.models import OrgUnit, Teacher
    from portal.services import training

    region = app.extensions["portal.region"]
    workflow = region.audit_workflow()
    monkeypatch.setattr(region, "audit_workflow", lambda: replace(workflow, transitions=(
        Transition("submitted", "approved", UserRole.INSTITUTION_STAFF, "机构登记"),)))
    with app.app_context():
        institute = db.session.scalar(select(OrgUnit).where(OrgUnit.code == "ex-i"))
        day = clock.today() - timedelta(days=3)
        project = training.add_project(None, institute, name="机构举办的培训", level="county", mode="centralized",
                                       start_date=day, end_date=day, year=day.year, hours=Decimal(6),
                                       status="published")
        teacher = db.session.scalar(select(Teacher).order_by(Teacher.id))
        enrollment = training.enroll(region, None, project, teacher)
        training.record_completion(region, None, enrollment, Decimal(6), Grade.PASS)
        ran = db.session.scalar(select(LedgerEntry.id).where(LedgerEntry.enrollment_id == enrollment.id))
        other = pending_entry_id(app)
    login(client, "institution")
    page = client.get("/admin/reviews").get_data(as_text=True)
    assert f'id="review-{ran}"' in page and f'id="review-{other}"' not in page
    assert client.post(f"/admin/reviews/{other}", data={"target": "approved"}).status_code == 303
    assert state_of(app, other) == "submitted"  # not theirs: refused
    client.post(f"/admin/reviews/{ran}", data={"target": "approved"})
    assert state_of(app, ran) == "approved"


def test_the_teacher_reads_why_their_entry_was_rejected(app, client):
    entry_id = pending_entry_id(app)
    login(client, "school_admin")
    client.post(f"/admin/reviews/{entry_id}", data={"target": "rejected", "reason": "请补交培训证书复印件"})
    client.post("/logout")
    login(client, "teacher")
    for page in ("/me/", "/me/ledger"):
        assert '理由：<span translate="no">请补交培训证书复印件</span>' in client.get(page).get_data(as_text=True), page


def test_the_queue_narrows_to_words_and_sources_and_keeps_them_across_pages(app, client):
    login(client, "school_admin")
    everything = client.get("/admin/reviews").get_data(as_text=True)
    assert "示例待审培训" in everything
    assert "示例待审培训" in client.get("/admin/reviews?q=待审").get_data(as_text=True)
    assert "示例待审培训" not in client.get("/admin/reviews?q=没有这样的培训").get_data(as_text=True)
    assert "示例待审培训" not in client.get("/admin/reviews?source=achievement").get_data(as_text=True)
    assert "示例待审培训" in client.get("/admin/reviews?source=enrollment&order=newest").get_data(as_text=True)
    assert client.get("/admin/reviews?source=nonsense").status_code == 200


def test_the_queue_narrows_to_the_sources_the_region_has(make_app):
    """ruian takes claims of trainings elsewhere only: its queue offered achievements and degree
    courses claimed, which nobody there can enter (two trials read them)."""
    # narrowed (newest first): an empty queue unnarrowed shows no filter at all, only that nothing waits
    page = signed_in(make_app("ruian", demo=True), "district_admin").get("/admin/reviews?order=newest").get_data(as_text=True)
    assert 'value="outside"' in page and 'value="achievement"' not in page and 'value="degree_course"' not in page


def test_the_queue_narrows_to_every_kind_of_claim_the_region_takes(make_app):
    page = signed_in(make_app("shanxi", demo=True), "district_admin").get("/admin/reviews").get_data(as_text=True)
    assert 'value="achievement"' in page and 'value="degree_course"' in page


def test_a_reason_of_spaces_is_asked_for_beside_it_and_the_entry_stays_on_the_page(app, client):
    """A kaifeng trial's reason of three spaces replaced the whole entry (its name, figure and
    steps) by the message: it now goes where the reason is asked, and the entry stays."""
    entry_id = pending_entry_id(app)
    login(client, "school_admin")
    response = client.post(f"/admin/reviews/{entry_id}", data={"target": "rejected", "reason": "   "},
                           headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert response.headers["HX-Retarget"] == f"#reason-{entry_id}-rejected-error"
    assert f'id="reason-{entry_id}-rejected-error"' in response.get_data(as_text=True)
    assert f'id="reason-{entry_id}-rejected-error" hidden' in client.get("/admin/reviews").get_data(as_text=True)
    assert state_of(app, entry_id) != "rejected"


def test_a_reason_past_500_characters_is_refused_saying_so_not_cut_short(app, client):
    """A phone trial's district admin sent back an entry with a reason of 3000 characters: the
    teacher was told its first 500 as if that was all; it is refused, saying the limit, nothing moved."""
    entry_id = pending_entry_id(app)
    login(client, "school_admin")
    refused = client.post(f"/admin/reviews/{entry_id}", data={"target": "rejected", "reason": "不" * 501},
                          follow_redirects=True)
    assert "不超过 500 字" in refused.get_data(as_text=True) and state_of(app, entry_id) == "submitted"
    client.post(f"/admin/reviews/{entry_id}", data={"target": "rejected", "reason": "不" * 500})
    assert state_of(app, entry_id) == "rejected"
