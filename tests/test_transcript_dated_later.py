"""A result recorded before a training's last day is dated on that day and counts from it: the
teacher's home and standing leave it out until then (自 … 起计入), and the transcript, page and
PDF alike, summed it in at once (a qingdao trial: 期间合计 241 学分 beside 已计 225 学分). It lists
the entry as counting from its date, and leaves it out of the totals until that day."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from portal import clock
from portal.extensions import db
from portal.models import LedgerEntry, Teacher, User
from portal.services import transcripts
from portal.services.ledger import explanation_for
from tests.support import signed_in


def _entries(app, *dated):
    with app.app_context():
        teacher = db.session.scalar(select(Teacher).join(User, Teacher.user_id == User.id)
                                    .where(User.username == "teacher"))
        for day, title, amount in dated:
            db.session.add(LedgerEntry(teacher_id=teacher.id, source="manual", activity_date=day, hours=Decimal(6),
                                       amount=Decimal(amount), unit="credit", category="general", title=title,
                                       facts={}, explanation_id=explanation_for([]), rule_version="t",
                                       audit_state="approved"))
        db.session.commit()
        return teacher.id


def test_the_transcript_counts_an_entry_dated_after_today_from_its_date(make_app):
    app = make_app("example", demo=True, PORTAL_TEST_CASE="a transcript's entry dated after today")
    today = clock.today()
    later, earlier = today + timedelta(days=2), today - timedelta(days=1)
    teacher_id = _entries(app, (later, "后天结束的培训", 7), (earlier, "昨天结束的培训", 3))
    with app.app_context():
        region = app.extensions["portal.region"]
        teacher = db.session.get(Teacher, teacher_id)
        counted = transcripts.transcript_of(region, teacher, transcripts.period_of(region, teacher, None, None, today),
                                            today)
        later_lines = [line for line in counted.lines if line.title == "后天结束的培训"]
        assert len(later_lines) == 1 and later_lines[0].counts_from == later  # listed, counting from its date
        assert [line.counts_from for line in counted.lines if line.title == "昨天结束的培训"] == [None]
        # the totals are the standing's: what counts today, not the entry of the day after tomorrow
        assert counted.total == sum((line.amount for line in counted.lines if line.counts_from is None), Decimal(0))
        assert sum(t.amount for t in counted.totals) == counted.total
        assert Decimal(7) not in {t.amount for t in counted.totals}
        # on its date it counts
        on_the_day = transcripts.transcript_of(region, teacher, counted.period, later)
        assert on_the_day.total == counted.total + 7
    client = signed_in(app, "teacher")
    client.post("/locale/zh_Hans_CN")
    page = client.get("/transcripts").get_data(as_text=True).split("<main", 1)[1]
    assert "后天结束的培训" in page
    assert page.count(f"自 {later.isoformat()} 起计入") == 1
    assert f"自 {earlier.isoformat()} 起计入" not in page
    client.post("/locale/en")
    page = client.get("/transcripts").get_data(as_text=True).split("<main", 1)[1]
    assert page.count(f"Counts from {later.isoformat()}") == 1
