"""Opening the accounts of teachers kept without one (an Excel import's): a school's admin
gets a sheet of codes, a code a teacher, and the teacher opens their account with it once,
choosing its username and password.

Codes are random (about 59 bits), so a fast hash is enough to keep them: only the hash is
stored, and the codes themselves exist only in the sheet the admin downloads. A new sheet
for a school replaces the codes of its earlier one. A code opens nothing without the
teacher's ID number, and the page that takes them answers a wrong pair, an expired code and
a used one alike.
"""
from __future__ import annotations

import hashlib
import io
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, func, insert, select

from .. import clock
from ..domain import ADMIN_ROLES, OrgKind, UserRole
from ..domain.idcard import InvalidIdNumber, parse_id_number
from ..extensions import db
from ..models import AccountActivation, OrgUnit, Teacher, User
from ..models.types import utcnow
from .accounts import TeacherProfile, create_user
from .audit import record_event
from . import sheets
from .scope import Scope, tree_key
from .transactions import use_case
from .transcripts import masked_id

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud or typed from paper
GROUPS, GROUP = 3, 4


class ActivationRefused(ValueError):
    """The ID number and code open no account: wrong, expired or used (said alike)."""


@dataclass(frozen=True)
class SchoolWaiting:
    unit: OrgUnit
    teachers: int  # kept without an account
    issued_on: date | None = None  # the bureau's day codes were last issued for these teachers
    codes_live: int = 0  # of their codes, those neither used nor expired
    live_until: date | None = None  # the last day those codes open an account


@dataclass(frozen=True)
class Issued:
    school: OrgUnit
    expires: date
    rows: list[tuple[str, str, str]]  # name, masked ID number, code


def new_code() -> str:
    return "-".join("".join(secrets.choice(ALPHABET) for _ in range(GROUP)) for _ in range(GROUPS))


def code_hash(code: str) -> str:
    """The kept form of a code as typed: case, spaces and dashes do not matter."""
    plain = "".join(c for c in code.upper() if c.isalnum())
    return hashlib.sha256(plain.encode()).hexdigest()


def schools_waiting(actor: User) -> list[SchoolWaiting]:
    """The schools of the admin's scope with teachers kept without an account, and how many;
    with when codes were last issued for them, how many of those are still unused and
    unexpired, and until when: in one grouped query. (A code is removed when its account
    is opened, so those of teachers still without one are the unused.)"""
    scope = Scope.of(actor, ADMIN_ROLES)
    if not scope:
        return []
    live = AccountActivation.expires_at > utcnow()
    rows = db.session.execute(
        select(OrgUnit, func.count(Teacher.id), func.max(AccountActivation.created_at),
               func.count(AccountActivation.id).filter(live), func.max(AccountActivation.expires_at).filter(live))
        .join(Teacher, Teacher.school_id == OrgUnit.id)
        .outerjoin(AccountActivation, AccountActivation.teacher_id == Teacher.id)  # one code a teacher at most
        .where(Teacher.user_id.is_(None), OrgUnit.kind == OrgKind.SCHOOL.value, scope.covers_path(OrgUnit.path))
        .group_by(OrgUnit.id)).all()
    # in the tree's order, as every list of units: by the paths' text the 11th school came before the 9th
    return [SchoolWaiting(unit, n, issued and clock.day_of(issued), live_codes, until and clock.day_of(until))
            for unit, n, issued, live_codes, until in sorted(rows, key=lambda row: tree_key(row[0]))]


def issue(actor: User, school_id: int) -> Issued | None:
    """New codes for every teacher of the school kept without an account, replacing their
    earlier ones, valid ``PORTAL_ACTIVATION_DAYS`` days; None if the school is not the
    admin's or has no such teacher. One use case, audited once for the school."""
    with use_case():
        school = db.session.get(OrgUnit, school_id)
        if school is None or school.kind != OrgKind.SCHOOL.value or not Scope.of(actor, ADMIN_ROLES).covers(school):
            return None
        teachers = db.session.execute(
            select(Teacher.id, Teacher.name, Teacher.id_number)
            .where(Teacher.school_id == school.id, Teacher.user_id.is_(None)).order_by(Teacher.name, Teacher.id)).all()
        if not teachers:
            return None
        days = current_app.config["PORTAL_ACTIVATION_DAYS"]
        expires = clock.today() + timedelta(days=days)
        expires_at = _last_moment(expires)
        codes = [new_code() for _ in teachers]
        ids = [t.id for t in teachers]
        db.session.execute(delete(AccountActivation).where(AccountActivation.teacher_id.in_(ids)))
        db.session.execute(insert(AccountActivation), [
            {"teacher_id": t.id, "code_hash": code_hash(code), "expires_at": expires_at, "created_at": utcnow()}
            for t, code in zip(teachers, codes)])
        record_event(actor, "activation.issued", school, org_unit_id=school.id,
                     after={"teachers": len(teachers), "expires": expires.isoformat()})
    return Issued(school, expires, [(t.name, masked_id(t.id_number), code) for t, code in zip(teachers, codes)])


def _last_moment(day: date) -> datetime:
    """The end of ``day`` on the bureau's clock, as the naive UTC the database keeps."""
    start_next = datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=clock.zone())
    return (start_next - timedelta(microseconds=1)).astimezone(timezone.utc).replace(tzinfo=None)


def open_account(id_number: str, code: str, *, username: str, password: str) -> User:
    """The teacher's use case: the account of the teacher the ID number and the live code
    name, with this username and password; the code is used up. Refused with
    ``ActivationRefused``, or with the ``AccountError`` of a username taken or a password
    too short (the code kept for the next try)."""
    try:
        id_number = parse_id_number(id_number).value
    except InvalidIdNumber:
        raise ActivationRefused() from None
    with use_case():
        found = db.session.execute(
            select(AccountActivation, Teacher).join(Teacher, Teacher.id == AccountActivation.teacher_id)
            .where(AccountActivation.code_hash == code_hash(code), Teacher.id_number == id_number,
                   AccountActivation.expires_at > utcnow(), Teacher.user_id.is_(None))).first()
        if found is None:
            raise ActivationRefused()
        activation, teacher = found
        user = create_user(None, username=username, display_name=teacher.name, password=password,
                           role=UserRole.TEACHER, org_unit=teacher.school,
                           profile=TeacherProfile(name=teacher.name, gender=None, id_number=id_number, stages=()))
        db.session.delete(activation)
        record_event(user, "user.activated", user, org_unit_id=teacher.school_id)
    return user


def workbook(issued: Issued, address: str) -> io.BytesIO:
    """The school's sheet of codes, a row a teacher, to cut into slips: what to do with a
    code (at ``address``, the activation page as teachers reach it: ``PORTAL_PUBLIC_URL``'s,
    not the one the admin downloaded from, which on a new server was http://127.0.0.1…) and
    until when below them."""
    buffer = io.BytesIO()
    sheets.write_table(
        buffer, issued.school.name, [_("Name"), _("ID number"), _("Activation code")],
        issued.rows,
        [_("Open %(url)s, enter your ID number and this code, and choose your username and password.",
           url=address),
         _("Each code opens one account once, until %(date)s; a new sheet for the school replaces these codes.",
           date=issued.expires.isoformat())])
    buffer.seek(0)
    return buffer
