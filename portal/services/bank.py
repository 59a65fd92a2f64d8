"""The credit bank (学分银行), where the region keeps one: a teacher's account as its rules
keep it, a borrowing that covers this year's shortfall entered on request and audited like
any entry, and the borrowings in an admin's scope."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from flask import current_app
from flask_babel import force_locale

from .. import clock
from ..domain import LedgerSource, UserRole
from ..domain.appeals import CreditAccount
from ..extensions import db
from ..models import LedgerEntry, OrgUnit, Teacher, User
from ..plugins import Region
from . import ledger
from .audit import record_event
from .claims import claim_teacher, lock_teacher
from .pagination import Page, clamp
from .scope import Scope, viewer_scope
from .transactions import use_case


SCHOOL_ROLES = (UserRole.SCHOOL_ADMIN, UserRole.PRINCIPAL)


class BorrowingRefused(Exception):
    """``code``: "not_found", "no_bank" (the region keeps none), "not_now" (the rules allow
    none now: ``detail`` says why), "pending" (a borrowing for that year waits in the audit),
    "awaiting" (entries of that year still wait in the audit: ``detail`` their count and amount)."""

    def __init__(self, code: str, detail: object = ""):
        super().__init__(code)
        self.code, self.detail = code, detail


@dataclass(frozen=True)
class AccountView:
    teacher: Teacher
    account: CreditAccount | None
    pending: LedgerEntry | None  # a borrowing asked for and not yet decided
    may_ask: bool  # the user may ask for the borrowing the account offers
    awaiting: tuple[int, Decimal] = (0, Decimal(0))  # entries of the borrowing's year still in the audit, and their amount


def _pending(region: Region, teacher: Teacher) -> LedgerEntry | None:
    workflow = region.audit_workflow()
    waiting = [s.code for s in workflow.states if not s.final and not s.counts]
    return db.session.scalar(select(LedgerEntry).where(
        LedgerEntry.teacher_id == teacher.id, LedgerEntry.source == LedgerSource.BORROWING.value,
        LedgerEntry.audit_state.in_(waiting), ledger.live()).order_by(LedgerEntry.id.desc()))


def awaiting_in(region: Region, teacher: Teacher, year) -> tuple[int, Decimal]:
    """The teacher's entries dated in ``year`` (a ``Period``) that still wait in the audit
    (neither final nor counting), a borrowing aside, and their amount. A borrowing covers the
    year's shortfall of counted credits: while some of the year's credits are not yet decided
    the shortfall is not known (a trial's teacher borrowed 6 while 8 school-based credits of
    the same year waited for the county), so none is entered until they are."""
    if year is None:
        return 0, Decimal(0)
    workflow = region.audit_workflow()
    waiting = [s.code for s in workflow.states if not s.final and not s.counts]
    count, amount = db.session.execute(select(func.count(LedgerEntry.id), func.coalesce(func.sum(LedgerEntry.amount), 0))
                                       .where(LedgerEntry.teacher_id == teacher.id,
                                              LedgerEntry.source != LedgerSource.BORROWING.value,
                                              LedgerEntry.audit_state.in_(waiting), ledger.live(),
                                              LedgerEntry.activity_date >= year.start,
                                              LedgerEntry.activity_date <= year.end)).one()
    return count, Decimal(amount)


def account_of(region: Region, teacher: Teacher, today: date) -> CreditAccount | None:
    records = ledger.records_for(teacher.id, region.audit_workflow().counting(), today)
    return region.credit_account(teacher.facts(), records, today)


def account_view(region: Region, user: User, teacher_id: int | None, today: date) -> AccountView | None:
    """The account of the user's own record, or of a teacher they may read."""
    teacher = claim_teacher(user, teacher_id)
    if teacher is None:
        return None
    account = account_of(region, teacher, today)
    awaiting = awaiting_in(region, teacher, account.borrow_year) if account is not None and account.borrowing else (
        0, Decimal(0))
    return AccountView(teacher, account, _pending(region, teacher), may_ask(user, teacher), awaiting)


def may_ask(user: User, teacher: Teacher) -> bool:
    """A borrowing is asked by the teacher, or by their school for them."""
    return teacher.user_id == user.id or Scope.of(user, SCHOOL_ROLES).covers_teacher(teacher)


def borrow(region: Region, user: User, teacher_id: int | None, today: date | None = None) -> LedgerEntry:
    """The use case: the borrowing the region's rules offer now, entered for the teacher and
    waiting in the audit workflow's first state; refused, saying why, when none is offered
    or one for the teacher already waits."""
    today = today or clock.today()
    with use_case(keep=True):
        teacher = claim_teacher(user, teacher_id)
        if teacher is None or not may_ask(user, teacher):
            raise BorrowingRefused("not_found")
        lock_teacher(teacher.id)  # asked twice at once: the second finds the first pending
        if _pending(region, teacher) is not None:
            raise BorrowingRefused("pending")
        account = account_of(region, teacher, today)
        if account is None:
            raise BorrowingRefused("no_bank")
        if account.borrowing is None or account.borrow_year is None:
            raise BorrowingRefused("not_now", account.why_not)
        count, amount = awaiting_in(region, teacher, account.borrow_year)
        if count:
            raise BorrowingRefused("awaiting", (count, amount))
        with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):  # a title is data, in the bureau's language
            title = str(region.category_labels().get(account.borrowing.category, account.borrowing.category))
        entry = ledger.borrowed(region, user, teacher, account.borrowing, account.borrow_year,
                                min(today, account.borrow_year.end), title)
        record_event(user, "ledger.borrowed", entry, after={"amount": str(entry.amount), "state": entry.audit_state},
                     org_unit_id=teacher.school_id)
    return entry


@dataclass(frozen=True)
class BorrowingRow:
    entry: LedgerEntry
    teacher: str
    school: str


def borrowings_page(user: User, page: int, per_page: int) -> Page:
    """The borrowings of the teachers in the user's scope, newest first: one query a page."""
    scope = viewer_scope(user)
    condition = (LedgerEntry.source == LedgerSource.BORROWING.value, ledger.live(), scope.teacher_condition(OrgUnit.path))

    def joined(query):
        return (query.join(Teacher, LedgerEntry.teacher_id == Teacher.id)
                .join(OrgUnit, Teacher.school_id == OrgUnit.id).where(*condition))

    total = db.session.scalar(joined(select(func.count(LedgerEntry.id))))
    page = clamp(page, total, per_page)
    rows = db.session.execute(joined(select(LedgerEntry, Teacher.name, OrgUnit.name))
                              .order_by(LedgerEntry.activity_date.desc(), LedgerEntry.id.desc())
                              .limit(per_page).offset((page - 1) * per_page)).all()
    return Page([BorrowingRow(*row) for row in rows], page, per_page, total)
