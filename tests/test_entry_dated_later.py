"""A result recorded before a training's last day is dated on that day (the credits count from
it): the teacher's home and ledger showed the entry approved while no figure held it, and said
nothing why (an outside author's hours region, its 16 hours missing from the year card)."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from portal import clock
from portal.extensions import db
from portal.models import LedgerEntry, Teacher, User
from portal.services.ledger import explanation_for
from tests.support import signed_in


def test_an_approved_entry_dated_after_today_says_from_when_it_counts(make_app):
    app = make_app("example", demo=True, PORTAL_TEST_CASE="an entry dated after today")
    later, earlier = clock.today() + timedelta(days=1), clock.today() - timedelta(days=1)
    with app.app_context():
        teacher = db.session.scalar(select(Teacher).join(User, Teacher.user_id == User.id)
                                    .where(User.username == "teacher"))
        for day, title in ((later, "明天结束的培训"), (earlier, "昨天结束的培训")):
            db.session.add(LedgerEntry(teacher_id=teacher.id, source="manual", activity_date=day, hours=Decimal(6),
                                       amount=Decimal(1), unit="credit", category="general", title=title, facts={},
                                       explanation_id=explanation_for([]), rule_version="t", audit_state="approved"))
        db.session.commit()
    client = signed_in(app, "teacher")
    client.post("/locale/zh_Hans_CN")
    for path in ("/me/", "/me/ledger"):
        page = client.get(path, follow_redirects=True).get_data(as_text=True).split("<main", 1)[1]
        assert "明天结束的培训" in page, path
        assert page.count(f"自 {later.isoformat()} 起计入") == 1, path
        assert f"自 {earlier.isoformat()} 起计入" not in page, path
