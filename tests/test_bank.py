"""The credit bank's core: the account the region's rules keep, a borrowing asked on the
teacher's page and audited like any entry, and the borrowings an admin sees in scope."""
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from portal import clock
from portal.domain import CreditResult, Period, Step, Unit
from portal.domain.appeals import AccountYear, CreditAccount
from portal.extensions import db
from portal.hookspecs import hookimpl
from portal.models import LedgerEntry
from tests.support import login, year_decided

YEAR = Period(date(clock.today().year, 1, 1), date(clock.today().year, 12, 31))


class Bank:
    """A bank that offers a borrowing of 5 credits while nothing is borrowed this year."""

    @hookimpl
    def portal_credit_account(self, teacher, records, as_of):
        borrowed = sum((r.amount for r in records if r.source == "borrowing"), Decimal(0))
        offer = None if borrowed else CreditResult(Decimal(5), Unit.CREDIT, "general",
                                                   (Step("本学年差 5 学分，借贷补足", Decimal(5), ""),))
        return CreditAccount((AccountYear(YEAR, Decimal(72), Decimal(67), borrowed=borrowed),), Decimal(0), borrowed,
                             offer, YEAR if offer else None, "" if offer else "本学年已借贷")


def test_a_region_without_a_bank_says_so_and_offers_no_link(app, client):
    login(client, "teacher")
    assert "/bank" not in client.get("/me/").get_data(as_text=True)
    assert "学分银行" in client.get("/bank").get_data(as_text=True)
    assert client.post("/bank/borrow").status_code == 303
    with app.app_context():
        assert db.session.scalar(select(LedgerEntry).where(LedgerEntry.source == "borrowing")) is None


def test_a_teacher_asks_for_the_borrowing_the_rules_offer_once(app, client):
    app.extensions["portal.region"].pm.register(Bank())
    app.extensions["portal.region"].__dict__.pop("keeps_bank", None)
    year_decided(app, decided="approved")  # none waits in the audit (tests/test_bank_awaiting.py)
    login(client, "teacher")
    page = client.get("/bank").get_data(as_text=True)
    assert "本学年差 5 学分，借贷补足" in page
    assert client.post("/bank/borrow").status_code == 303
    with app.app_context():
        entry = db.session.scalar(select(LedgerEntry).where(LedgerEntry.source == "borrowing"))
        assert (entry.amount, entry.audit_state, entry.activity_date in YEAR) == (Decimal(5), "submitted", True)
    client.post("/bank/borrow")  # a second while the first waits: refused
    with app.app_context():
        assert len(db.session.scalars(select(LedgerEntry).where(LedgerEntry.source == "borrowing")).all()) == 1
    client.post("/logout")
    login(client, "school_admin")
    assert "张老师" in client.get("/admin/borrowings").get_data(as_text=True)
    client.post("/logout")
    login(client, "t0001")  # another school's teacher: not theirs to see
    assert "张老师" not in client.get("/admin/borrowings").get_data(as_text=True)


class CountingBank(Bank):
    """A bank whose year counts what was borrowed for it, as the teacher's standing does."""

    @hookimpl
    def portal_credit_account(self, teacher, records, as_of):
        return CreditAccount((AccountYear(YEAR, Decimal(20), Decimal("13.8"), borrowed=Decimal("6.2"),
                                          counted=Decimal(20)),), Decimal(0), Decimal("6.2"))


def test_the_account_page_shows_a_year_as_counted_against_its_requirement(app, client):
    """The year's figure is the one the teacher's page shows (20 / 20), registered and borrowed
    listed beside it, not the registered credits alone (13.8 / 20)."""
    app.extensions["portal.region"].pm.register(CountingBank())
    app.extensions["portal.region"].__dict__.pop("keeps_bank", None)
    login(client, "teacher")
    page = client.get("/bank").get_data(as_text=True)
    assert "20 / 20" in page and "13.8 / 20" not in page
    assert "13.8" in page and "6.2" in page
