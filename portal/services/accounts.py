"""Signing in, passwords, and creating users with their roles."""
from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from sqlalchemy import Integer, String, bindparam, case, func, or_, select, update
from sqlalchemy.orm import contains_eager

from .. import clock
from ..domain import ADMIN_ROLES, ROLE_RANK, Gender, OrgKind, SchoolStage, UserRole
from ..domain.dates import NOT_IN_FUTURE, DateTooLate, LatestDate
from ..domain.idcard import InvalidIdNumber, parse_id_number
from ..extensions import db
from ..models import OrgUnit, RoleAssignment, Teacher, User, UserSession
from ..models.types import utcnow
from . import notifications
from .audit import record_event
from .orgs import units_in_scope
from .scope import Scope
from .teacher_facts import before_entering_post, title_missing
from .transactions import use_case, writing

MIN_PASSWORD_LENGTH = 8
USERNAME_PATTERN = r"^[A-Za-z0-9_.-]{3,64}$"  # what the new-user form and `portal setup` take
_hasher = PasswordHasher()  # argon2id with the library's (RFC 9106) parameters
SESSION_SEEN_EVERY = timedelta(minutes=5)  # last_seen_at may lag this much: not a write per request


class LoginRefused(Exception):
    """Wrong username or password, or a locked account: deliberately the same answer, so a
    guesser learns neither which accounts exist nor which are locked."""


class AccountError(ValueError):
    """A request the service refuses; ``field`` names the form field at fault."""

    def __init__(self, field: str, code: str):
        super().__init__(code)
        self.field = field
        self.code = code


def hash_password(password: str) -> str:
    return _hasher.hash(password)


@cache
def _dummy_hash() -> str:
    """What an unknown name's password is checked against, so that it costs a known name's
    hash. Made on first use, not at import: a hash takes 64 MB and ~100 ms, which every
    worker process would pay at start whether or not anyone signs in there."""
    return _hasher.hash("portal-timing-equaliser")


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def authenticate(username: str, password: str) -> User:
    """Return the user, or raise ``LoginRefused``: for one request (the API's HTTP Basic).

    Every attempt counts toward the lockout (see ``_password_matches``); an unknown name
    costs the same hash as a known one. Credentials that passed lately are remembered for
    ``PORTAL_BASIC_REMEMBER_SECONDS``: a front end sending them with every request would
    otherwise pay the hash's ~100 ms and 64 MB each time.
    """
    remembered = _remembered_credentials()
    key = _credentials_key(username.strip(), password)
    user = _remembered_user(remembered, key)
    if user is None:
        user = _check_credentials(username, password)
        _remember(remembered, key, user)
    db.session.commit()
    return user


REMEMBERED_AT_MOST = 1024  # credentials kept per process; the oldest give way
_remember_secret = secrets.token_bytes(32)


def _credentials_key(username: str, password: str) -> bytes:
    # A keyed digest, never the password itself, is what a process keeps in memory.
    return hmac.new(_remember_secret, f"{username}\x00{password}".encode(), hashlib.sha256).digest()


def _remembered_credentials() -> dict:
    return current_app.extensions.setdefault("portal.basic_remembered", {})


def _remembered_user(remembered: dict, key: bytes) -> User | None:
    """The user of credentials that passed lately, unless their password has changed since or
    the account was locked or closed; a right password restarts the lockout's count, as a
    checked one does."""
    hit = remembered.get(key)
    if hit is None or hit[2] < time.monotonic():
        return None
    user = db.session.get(User, hit[0])
    now = utcnow()
    if (user is None or not user.active or user.password_hash != hit[1]
            or (user.locked_until is not None and user.locked_until > now)):
        remembered.pop(key, None)
        return None
    if user.failed_logins and not _restart_count(user):
        return None
    return user


def _remember(remembered: dict, key: bytes, user: User) -> None:
    seconds = current_app.config["PORTAL_BASIC_REMEMBER_SECONDS"]
    if not seconds:
        return
    if len(remembered) >= REMEMBERED_AT_MOST:
        try:
            remembered.pop(next(iter(remembered)), None)
        except (StopIteration, RuntimeError):  # another request's thread changed it meanwhile
            pass
    remembered[key] = (user.id, user.password_hash, time.monotonic() + seconds)


def sign_in(username: str, password: str) -> tuple[User, str]:
    """Check the credentials like ``authenticate`` and open a session for a browser: returns
    the user and the session's token, which the caller keeps in the session cookie."""
    user = _check_credentials(username, password)
    with use_case(keep=True):  # the user stays loaded: the sign-in page reads it without a query
        token = _open_session(user)
        user.role_set  # noqa: B018 (its roles too: where the user goes next)
    return user, token


def _same_but_case(username: str) -> User | None:
    """The one account whose username is this one but for letter case (a phone capitalises the
    first letter it is typed with), if exactly one is."""
    found = db.session.scalars(select(User).where(func.lower(User.username) == username.strip().lower())
                               .limit(2)).all()
    return found[0] if len(found) == 1 else None


def _check_credentials(username: str, password: str) -> User:
    dummy = _dummy_hash()  # before the look-up: the one-time cost falls on any name alike
    user = db.session.scalar(select(User).where(User.username == username.strip())) or _same_but_case(username)
    if user is None:
        _verify(dummy, password)
        raise LoginRefused()
    if not _password_matches(user, password):
        raise LoginRefused()
    return user


def _password_matches(user: User, password: str) -> bool:
    """Check ``password`` as one attempt against the lockout, wherever it was typed.

    A locked account answers exactly like a wrong password, after the same hash. On
    success the reset of the count is left in the session for the caller's transaction.
    """
    password_hash, active = user.password_hash, user.active
    db.session.commit()  # ends the read transaction: the hash below takes ~100 ms
    if active and _verify(password_hash, password):
        return _reset_failures(user, password_hash, password)
    _count_failure(user)
    return False


def _not_locked(now):
    return or_(User.locked_until.is_(None), User.locked_until <= now)


def _count_failure(user: User) -> None:
    """Count a wrong password in one UPDATE: parallel guesses each add one, where reading
    the count and writing it back lost most of them. The guess that reaches the limit
    locks the account and starts the count again; while locked, guesses are not counted."""
    writing()
    now = utcnow()
    reaches_limit = User.failed_logins + 1 >= current_app.config["PORTAL_LOCKOUT_FAILURES"]
    until = now + timedelta(minutes=current_app.config["PORTAL_LOCKOUT_MINUTES"])
    locked_until = db.session.execute(
        update(User)
        .where(User.id == user.id, _not_locked(now))
        .values(failed_logins=case((reaches_limit, 0), else_=User.failed_logins + 1),
                locked_until=case((reaches_limit, until), else_=None))
        .returning(User.locked_until)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()
    if locked_until is not None:
        record_event(None, "user.locked", user, after={"until": locked_until.isoformat()})
    db.session.commit()


def _reset_failures(user: User, password_hash: str, password: str) -> bool:
    """The right password starts the count again, unless the account is locked (perhaps by
    guesses that ran while this hash was checked): then it is refused like a wrong one."""
    if not _restart_count(user):
        return False
    if _hasher.check_needs_rehash(password_hash):
        user.password_hash = hash_password(password)
    return True


def _restart_count(user: User) -> bool:
    writing()
    result = db.session.execute(
        update(User)
        .where(User.id == user.id, _not_locked(utcnow()))
        .values(failed_logins=0, locked_until=None)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def change_password(user: User, current: str, new: str) -> str:
    """Set a new password after checking the current one (an attempt against the lockout,
    like signing in). Every session of the user ends, the current one included; returns
    the token of the new session that replaces the current one. A password someone else
    chose (``must_change_password``) is the user's own from now on: they go on normally."""
    if len(new) < MIN_PASSWORD_LENGTH:
        raise AccountError("new", "too_short")
    new_hash = hash_password(new)  # before any lock: hashing takes ~100 ms
    if not _password_matches(user, current):
        raise AccountError("current", "wrong_password")
    if new == current:
        raise AccountError("new", "unchanged")
    user.password_hash = new_hash
    required = user.must_change_password
    user.must_change_password = False
    ended = end_sessions(user.id)
    token = _open_session(user)
    record_event(user, "user.password_changed", user,
                 before={"must_change_password": True} if required else None,
                 after={"sessions_ended": ended, **({"must_change_password": False} if required else {})})
    db.session.commit()
    return token


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _open_session(user: User) -> str:
    token = secrets.token_urlsafe(32)
    record = UserSession(user_id=user.id, token_hash=_token_hash(token), created_at=utcnow())
    db.session.add(record)
    db.session.execute(update(Teacher).where(Teacher.user_id == user.id, Teacher.signed_in_at.is_(None))
                       .values(signed_in_at=record.created_at).execution_options(synchronize_session=False))
    record_event(user, "user.signed_in", record)
    return token


def end_sessions(user_id: int) -> int:
    """Revoke every live session of the user; returns how many there were."""
    result = db.session.execute(
        update(UserSession)
        .where(UserSession.user_id == user_id, UserSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def _live_session(user_id: int, token: str | None) -> UserSession | None:
    """The live session ``token`` names with its user, the user's roles and their unread
    notifications (the header's badge), in one query: every signed-in request starts here."""
    if not token:
        return None
    found = db.session.execute(_live_session_query(), {"token_hash": _token_hash(token), "user_id": user_id}
                               ).unique().one_or_none()
    if found is None:
        return None
    record, unread = found
    notifications.remember_unread(user_id, unread)
    return record


@cache
def _live_session_query():
    """Built once with its values as parameters: building the joined statement cost a
    third of the query."""
    return (select(UserSession, notifications.unread_of(UserSession.user_id)).join(UserSession.user)
            .options(contains_eager(UserSession.user).joinedload(User.roles))
            .where(UserSession.token_hash == bindparam("token_hash", type_=String),
                   UserSession.user_id == bindparam("user_id", type_=Integer),
                   UserSession.revoked_at.is_(None), User.active.is_(True)))


def session_user(user_id: int, token: str | None) -> User | None:
    """The user of a live session, or None: ``token`` must name an unrevoked session of
    this active user. Notes when the session was last seen, at most every few minutes."""
    record = _live_session(user_id, token)
    if record is None:
        return None
    user = record.user
    now = utcnow()
    if now - record.last_seen_at > SESSION_SEEN_EVERY:
        # what the loader just read (the user, their roles) stays loaded for the page: forgotten
        # by this commit, the page or a selection read it all again
        with use_case(keep=True, kept=tuple(db.session.identity_map.values())):
            record.last_seen_at = now
    return user


def sign_out(user: User, token: str | None) -> None:
    """End the session ``token`` names, if it is still live."""
    record = _live_session(user.id, token)
    if record is not None:
        writing()
        record.revoked_at = utcnow()
        record_event(user, "user.signed_out", record)
        db.session.commit()


# The kinds of unit a role is held over, where it is not any: a school's admin and principal
# over a school, an institution's staff over an institution, a bureau's admins over a bureau's
# unit (a district, a zone, a city: regions name their levels differently).
ROLE_UNITS = {
    UserRole.SCHOOL_ADMIN: frozenset({OrgKind.SCHOOL}),
    UserRole.PRINCIPAL: frozenset({OrgKind.SCHOOL}),
    UserRole.INSTITUTION_STAFF: frozenset({OrgKind.INSTITUTION}),
    **{role: frozenset(OrgKind) - {OrgKind.SCHOOL, OrgKind.INSTITUTION}
       for role in (UserRole.DISTRICT_ADMIN, UserRole.CITY_ADMIN, UserRole.PROVINCE_ADMIN)},
}


def role_fits(role: UserRole, kind: OrgKind) -> bool:
    """Whether ``role`` may be held over a unit of ``kind`` (a teacher's school is checked with
    the teacher's profile)."""
    return kind in ROLE_UNITS.get(role, frozenset(OrgKind))


def assignable_roles(actor: User) -> list[UserRole]:
    """Roles an admin may grant: up to the rank of their own highest admin role; a principal's
    only from above the school or by a principal. The school's admin is the principal's
    appointee and ranks with them (both are asked a school's steps), but may not make a
    principal nor, so, change a principal's account (``users``)."""
    ranks = [ROLE_RANK[r] for r in actor.role_set if r.is_admin]
    top = max(ranks, default=-1)
    heads = top > ROLE_RANK[UserRole.PRINCIPAL] or UserRole.PRINCIPAL in actor.role_set
    return [r for r in UserRole if ROLE_RANK[r] <= top and (r != UserRole.PRINCIPAL or heads)]


@dataclass(frozen=True)
class TeacherProfile:
    """A teacher's record as an account is created with it; ``gender`` and ``stages`` are
    needed for a new record, not for one kept already (an import's), which the account joins."""

    name: str
    gender: Gender | None
    id_number: str
    stages: tuple[SchoolStage, ...]
    subjects: tuple[str, ...] = ()
    phone: str | None = None
    title: str | None = None
    title_date: date | None = None
    entered_post: date | None = None
    transferred_in: date | None = None  # a teacher who moved from another school: not a new hire
    layer: str | None = None


class DateRefused(AccountError):
    """A profile date later than its field accepts; ``refused`` says what the last one is."""

    def __init__(self, field: str, refused: DateTooLate):
        super().__init__(field, refused.code)
        self.refused = refused


class TeacherRegistered(AccountError):
    """The ID number is another teacher record's. ``name`` and ``school`` are that teacher's
    where the acting admin's scope covers their school; else both are None, and the admin is
    told only that the teacher is registered at another unit."""

    def __init__(self, name: str | None = None, school: str | None = None):
        super().__init__("id_number", "taken")
        self.name = name
        self.school = school


def profile_date_limit(field: str) -> LatestDate:
    """The latest date a profile's date field accepts: a title is entered once obtained; a
    new hire's first day may lie up to ``PORTAL_FUTURE_START_DAYS`` days ahead."""
    return {
        "title_date": NOT_IN_FUTURE,
        "entered_post": LatestDate(current_app.config["PORTAL_FUTURE_START_DAYS"]),
        "transferred_in": LatestDate(current_app.config["PORTAL_FUTURE_START_DAYS"]),
    }[field]


def _check_profile_dates(profile: TeacherProfile, today: date) -> None:
    for name in ("title_date", "entered_post", "transferred_in"):
        try:
            profile_date_limit(name).check(getattr(profile, name), today)
        except DateTooLate as refused:
            raise DateRefused(name, refused) from None
    for name in before_entering_post(profile.entered_post, transferred_in=profile.transferred_in):
        raise AccountError(name, "before_entering_post")
    if title_missing(profile.title, profile.title_date):
        raise AccountError("title", "title_missing")


@dataclass(frozen=True)
class NewUserChoices:
    """What the new-user form offers an admin: the roles they may grant, the units they may
    add users to (in tree order)."""

    roles: list[UserRole]
    units: list[OrgUnit]
    # the actor may grant a training institution's staff but has no institution among the units
    # (a new deployment's tree): the form says how one is added rather than hide the role unexplained
    no_institution: bool = False


def new_user_choices(actor: User) -> NewUserChoices | None:
    """The new-user form's choices, or None if the actor administers no unit: the roles the
    actor grants that one of the units may hold."""
    scope = Scope.of(actor, ADMIN_ROLES)
    if not scope:
        return None
    units = units_in_scope(scope)
    kinds = {OrgKind(u.kind) for u in units}
    # a role none of these units may hold is not offered: a school admin was offered an
    # institution's staff, which every unit of theirs refused
    granted = assignable_roles(actor)
    return NewUserChoices([r for r in granted if any(role_fits(r, k) for k in kinds)], units,
                          no_institution=(UserRole.INSTITUTION_STAFF in granted
                                          and not any(role_fits(UserRole.INSTITUTION_STAFF, k) for k in kinds)))


def add_user(actor: User, org_unit_id: int, **details) -> User:
    """The admin's use case: create a user over one of the units the actor administers (see
    ``create_user`` for ``details``) in one transaction; on refusal nothing is kept."""
    try:
        scope = Scope.of(actor, ADMIN_ROLES)
        org_unit = db.session.get(OrgUnit, org_unit_id)
        if org_unit is None:
            raise AccountError("org_unit", "out_of_scope")
        # the admin chose the password: its holder chooses their own at the first sign-in
        user = create_user(actor, org_unit=org_unit, scope=scope, must_change_password=True, **details)
        db.session.commit()
    except AccountError:
        db.session.rollback()
        raise
    return user


def choose_locale(user: User, locale: str) -> None:
    """Keep the user's language for their next visits."""
    writing()
    user.locale = locale
    db.session.commit()


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
    today: date | None = None,
    must_change_password: bool = False,
) -> User:
    """Create a user with one role over ``org_unit``; a teacher also gets a profile.

    With an ``actor``, the unit must lie in ``scope`` and the role within the actor's
    rank. Give ``password``, or a ``password_hash`` already made (the demo hashes its one
    password once). A profile's dates are checked against ``today`` (default: the real
    one). ``must_change_password``: the password is someone else's choice (an admin's, the
    command line's), so its holder is made to choose their own at the next sign-in; an account
    whose holder chose it (activation, the demo's) is not. A teacher already kept at ``org_unit`` without an account (imported from Excel)
    gets this account, the record unchanged; any other teacher with the ID number refuses
    it (``TeacherRegistered``, naming them only within ``scope``). Only adds to the session: the caller commits the whole use case.
    """
    if actor is not None:
        if scope is None or not scope.covers(org_unit):
            raise AccountError("org_unit", "out_of_scope")
        if role not in assignable_roles(actor):
            raise AccountError("role", "not_assignable")
        if not role_fits(role, OrgKind(org_unit.kind)):
            raise AccountError("org_unit", f"not_for_{role.value}")
    if password_hash is None and len(password or "") < MIN_PASSWORD_LENGTH:
        raise AccountError("password", "too_short")
    password_hash = password_hash or hash_password(password)
    writing()
    kept = None
    if db.session.scalar(select(User.id).where(func.lower(User.username) == username.lower()).limit(1)):  # but for case
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
        kept = db.session.scalar(select(Teacher).where(Teacher.id_number == id_number))
        # A teacher kept without an account (an Excel import's) at this school gets this
        # one; a teacher with an account, or of another school, is another person's record.
        if kept is not None and (kept.user_id is not None or kept.school_id != org_unit.id):
            if scope is not None and scope.covers(kept.school):
                raise TeacherRegistered(kept.name, kept.school.name)
            raise TeacherRegistered()
        if kept is None:  # a new record needs what the rules and lists read; a kept one has it
            for name in ("gender", "stages"):
                if not getattr(profile, name):
                    raise AccountError(name, "required")
        _check_profile_dates(profile, today or clock.today())
    user = User(username=username, display_name=display_name,
                password_hash=password_hash, must_change_password=must_change_password)
    user.roles.append(RoleAssignment(role=role.value, org_unit=org_unit))
    db.session.add(user)
    if role == UserRole.TEACHER and kept is not None:
        kept.user = user  # the record as kept: its facts change on the teacher's page, not here
    elif role == UserRole.TEACHER:
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
                transferred_in=profile.transferred_in,
                layer=profile.layer,
            )
        )
    linked = {"teacher": kept.id} if role == UserRole.TEACHER and kept is not None else {}
    forced = {"must_change_password": True} if must_change_password else {}
    record_event(actor, "user.created", user,
                 after={"role": role.value, "org_unit": org_unit.code, **linked, **forced}, org_unit_id=org_unit.id)
    return user
