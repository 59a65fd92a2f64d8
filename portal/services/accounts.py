"""Signing in, passwords, and creating users with their roles."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from sqlalchemy import select

from ..domain import ROLE_RANK, Gender, SchoolStage, UserRole
from ..domain.idcard import InvalidIdNumber, parse_id_number
from ..extensions import db
from ..models import OrgUnit, RoleAssignment, Teacher, User
from ..models.types import utcnow
from .audit import record_event
from .scope import Scope
from .transactions import writing

MIN_PASSWORD_LENGTH = 8
_hasher = PasswordHasher()  # argon2id with the library's (RFC 9106) parameters
_DUMMY_HASH = _hasher.hash("portal-timing-equaliser")


class LoginRefused(Exception):
    def __init__(self, reason: str, until: datetime | None = None):
        super().__init__(reason)
        self.reason = reason  # "invalid" or "locked"
        self.until = until


class AccountError(ValueError):
    """A request the service refuses; ``field`` names the form field at fault."""

    def __init__(self, field: str, code: str):
        super().__init__(code)
        self.field = field
        self.code = code


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def authenticate(username: str, password: str) -> User:
    """Return the user, or raise ``LoginRefused``.

    After ``PORTAL_LOCKOUT_FAILURES`` wrong passwords the account is locked for
    ``PORTAL_LOCKOUT_MINUTES``; the counter lives in the database, so it holds across
    web processes. An unknown name costs the same hash as a known one.
    """
    user = db.session.scalar(select(User).where(User.username == username.strip()))
    now = utcnow()
    if user is None:
        _verify(_DUMMY_HASH, password)
        raise LoginRefused("invalid")
    if user.locked_until and user.locked_until > now:
        raise LoginRefused("locked", user.locked_until)
    verified = user.active and _verify(user.password_hash, password)
    writing()  # after the slow hash, so the write lock is held only for the counter
    if not verified:
        user.failed_logins += 1
        if user.failed_logins >= current_app.config["PORTAL_LOCKOUT_FAILURES"]:
            user.locked_until = now + timedelta(minutes=current_app.config["PORTAL_LOCKOUT_MINUTES"])
            user.failed_logins = 0
            record_event(None, "user.locked", user, after={"until": user.locked_until.isoformat()})
        db.session.commit()
        raise LoginRefused("invalid")
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.failed_logins = 0
    user.locked_until = None
    db.session.commit()
    return user


def change_password(user: User, current: str, new: str) -> None:
    if not _verify(user.password_hash, current):
        raise AccountError("current", "wrong_password")
    if len(new) < MIN_PASSWORD_LENGTH:
        raise AccountError("new", "too_short")
    new_hash = hash_password(new)
    writing()
    user.password_hash = new_hash
    record_event(user, "user.password_changed", user)
    db.session.commit()


def assignable_roles(actor: User) -> list[UserRole]:
    """Roles an admin may grant: up to the rank of their own highest admin role."""
    ranks = [ROLE_RANK[r] for r in actor.role_set if r.is_admin]
    top = max(ranks, default=-1)
    return [r for r in UserRole if ROLE_RANK[r] <= top]


@dataclass(frozen=True)
class TeacherProfile:
    name: str
    gender: Gender
    id_number: str
    stages: tuple[SchoolStage, ...]
    subjects: tuple[str, ...] = ()
    phone: str | None = None
    title: str | None = None
    title_date: date | None = None
    entered_post: date | None = None
    layer: str | None = None


def create_user(
    actor: User | None,
    *,
    username: str,
    display_name: str,
    password: str | None = None,
    password_hash: str | None = None,
    role: UserRole,
    org_unit: OrgUnit,
    profile: TeacherProfile | None = None,
    scope: Scope | None = None,
) -> User:
    """Create a user with one role over ``org_unit``; a teacher also gets a profile.

    With an ``actor``, the unit must lie in ``scope`` and the role within the actor's
    rank. Give ``password``, or a ``password_hash`` already made (the demo hashes its one
    password once). Only adds to the session: the caller commits the whole use case.
    """
    if actor is not None:
        if scope is None or not scope.covers(org_unit):
            raise AccountError("org_unit", "out_of_scope")
        if role not in assignable_roles(actor):
            raise AccountError("role", "not_assignable")
    if password_hash is None and len(password or "") < MIN_PASSWORD_LENGTH:
        raise AccountError("password", "too_short")
    password_hash = password_hash or hash_password(password)
    writing()
    if db.session.scalar(select(User.id).where(User.username == username)):
        raise AccountError("username", "taken")
    if role == UserRole.TEACHER:
        if profile is None:
            raise AccountError("id_number", "required")
        if org_unit.kind != "school":
            raise AccountError("org_unit", "not_a_school")
        try:
            id_number = parse_id_number(profile.id_number).value
        except InvalidIdNumber as exc:
            raise AccountError("id_number", str(exc)) from None
        if db.session.scalar(select(Teacher.id).where(Teacher.id_number == id_number)):
            raise AccountError("id_number", "taken")
    user = User(username=username, display_name=display_name,
                password_hash=password_hash)
    user.roles.append(RoleAssignment(role=role.value, org_unit=org_unit))
    db.session.add(user)
    if role == UserRole.TEACHER:
        db.session.add(
            Teacher(
                user=user,
                school=org_unit,
                name=profile.name,
                gender=profile.gender.value,
                id_number=id_number,
                stages=[s.value for s in profile.stages],
                subjects=list(profile.subjects),
                phone=profile.phone,
                title=profile.title,
                title_date=profile.title_date,
                entered_post=profile.entered_post,
                layer=profile.layer,
            )
        )
    record_event(actor, "user.created", user, after={"role": role.value, "org_unit": org_unit.code},
                 org_unit_id=org_unit.id)
    return user
