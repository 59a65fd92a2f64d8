"""A teacher told that her claim was returned opens, from the notification, the page where she
corrects it (the claims page, with its "Correct and send again"), not the ledger, which offers
no correction. Found on a phone trial of the kaifeng demo, whose teacher's claim is returned."""
from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import Notification, User
from tests.support import signed_in, teacher_id


def test_a_returned_claims_notification_opens_the_claims_page(make_app):
    app = make_app("kaifeng", demo=True)
    with app.app_context():
        links = db.session.scalars(select(Notification.link).join(User, Notification.user_id == User.id)
                                   .where(User.username == "teacher", Notification.subject_type == "ledger_entry")).all()
    assert links == ["/claims"]
    teacher = signed_in(app, "teacher")
    teacher.post("/locale/en", data={"next": "/notifications"})
    page = teacher.get("/notifications").get_data(as_text=True)
    assert 'href="/claims"' in page
    assert "Correct and send again" in teacher.get("/claims").get_data(as_text=True)


def test_the_ledger_leads_from_a_returned_claims_reason_to_the_claims_page(make_app):
    """The ledger shows the reason a claim was returned for and offers only an appeal on its
    row: it also leads to the claims page, where the claim is corrected and sent again."""
    app = make_app("kaifeng", demo=True)
    teacher = signed_in(app, "teacher")
    teacher.post("/locale/en", data={"next": "/me/ledger"})
    page = teacher.get("/me/ledger").get_data(as_text=True)
    reason = page[page.index('class="note reason"'):]
    reason = reason[:reason.index("</p>")]
    assert 'href="/claims"' in reason and "Open it among your claims" in reason
    teacher.post("/locale/zh_Hans_CN", data={"next": "/me/ledger"})
    assert "到我的申报中查看、补正" in teacher.get("/me/ledger").get_data(as_text=True)


def test_the_home_leads_from_a_returned_claims_reason_to_the_claims_page(make_app):
    """The teacher's home lists the returned claim among her latest entries with its reason: it
    leads to the claims page too. Her school's admin, reading her page, is not sent to his own."""
    app = make_app("kaifeng", demo=True)
    own = teacher_id(app, "teacher")
    teacher = signed_in(app, "teacher")
    teacher.post("/locale/en", data={"next": "/me/"})
    assert "Open it among your claims" in teacher.get("/me/").get_data(as_text=True)
    admin = signed_in(app, "school_admin")
    admin.post("/locale/en", data={"next": "/admin/"})
    page = admin.get(f"/admin/teachers/{own}").get_data(as_text=True)
    assert "Reason given" in page and "Open it among your claims" not in page
