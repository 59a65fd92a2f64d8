"""No borrowing while credits of its year still wait in the audit: a borrowing covers the year's
shortfall of counted credits (晋教师〔2017〕14号 §五(三) 学年培训学分未达学分基本要求, of the credits
the county 核定, §五(二)), which is not known while some are undecided: a trial's teacher
borrowed 6 while 8 school-based credits of the same year waited for the county. The page says
why, with the count, and the use case refuses likewise."""
from decimal import Decimal

from sqlalchemy import select

from portal.extensions import db
from portal.models import LedgerEntry, Teacher, User
from tests.support import login
from tests.test_bank import YEAR, Bank


def _awaiting_entry(app):
    with app.app_context():
        teacher = db.session.scalar(select(Teacher).join(User, Teacher.user_id == User.id)
                                    .where(User.username == "teacher"))
        template = db.session.scalars(select(LedgerEntry)).first()
        columns = {c.key: getattr(template, c.key) for c in LedgerEntry.__table__.columns if c.key != "id"}
        db.session.add(LedgerEntry(**{**columns, "enrollment_id": None, "teacher_id": teacher.id,
                                      "audit_state": "submitted", "source": "manual", "amount": Decimal(8),
                                      "activity_date": YEAR.start}))
        db.session.commit()


def test_no_borrowing_while_the_years_credits_await_their_audit(app, client):
    app.extensions["portal.region"].pm.register(Bank())
    app.extensions["portal.region"].__dict__.pop("keeps_bank", None)
    _awaiting_entry(app)
    login(client, "teacher")
    page = client.get("/bank").get_data(as_text=True)
    assert "待审核" in page and "届时仍不足的部分才可以借贷" in page
    assert "借贷补足" not in page.split("逐年")[0] if "逐年" in page else True
    refused = client.post("/bank/borrow", follow_redirects=True).get_data(as_text=True)
    assert "待审核" in refused
    # the refusal says why in its own words, beside the page's note that says it too
    assert refused.count("待审核：审核结果确定后才知道该学年差多少") == 2, refused
    with app.app_context():
        assert db.session.scalar(select(LedgerEntry).where(LedgerEntry.source == "borrowing")) is None
