"""Managing the accounts of an admin's scope (用户管理): the list, one account, and the
changes an admin makes to it: its name, its password, whether it may sign in, its roles.

An admin reaches an account that holds a role over a unit of their scope, and may change it
only if they could have granted every role it holds (each over a unit of their scope and
within their rank, as ``create_user`` asks): a school's admin reads, but never changes, the
district's admin who also holds a role at the school. Each change is one use case with its
audit event; a refusal is an ``AccountError`` and keeps nothing.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select

from ..domain import ADMIN_ROLES, OrgKind, UserRole
from ..extensions import db
from ..models import OrgUnit, RoleAssignment, User, UserSession, Workshop
from .accounts import (
    MIN_PASSWORD_LENGTH, AccountError, NewUserChoices, assignable_roles, end_sessions, hash_password,
    new_user_choices, role_fits,
)
from .audit import record_event
from .pagination import Page, clamp
from .scope import Scope
from .transactions import use_case


@dataclass(frozen=True)
class RoleHeld:
    """One role an account holds, over the unit named; ``in_scope``: over a unit of the reader's
    scope; ``reachable``: one the reader could grant, so may revoke."""

    id: int
    role: UserRole
    unit_id: int
    unit: str
    in_scope: bool
    reachable: bool


@dataclass(frozen=True)
class AccountRow:
    """An account as the list and its page show it; ``managed``: the reader may change it."""

    id: int
    username: str
    display_name: str
    active: bool
    last_signed_in: datetime | None
    roles: tuple[RoleHeld, ...]
    must_change_password: bool = False  # an admin chose its password: its holder has not chosen theirs yet

    @property
    def managed(self) -> bool:
        return all(r.reachable for r in self.roles)


@dataclass(frozen=True)
class LedWorkshop:
    """A workshop the account leads, as its page names it; ``administered``: below the reader's
    units, so its settings page (where it is handed on) is theirs to open."""

    id: int
    name: str
    administered: bool


class LeadsWorkshops(AccountError):
    """An account is not deactivated while it leads workshops (``workshops``, their names): its
    members would be left with a leader who cannot sign in. The admin hands them on first."""

    def __init__(self, workshops: tuple[str, ...]):
        super().__init__("user", "leads_workshops")
        self.workshops = workshops


@dataclass(frozen=True)
class AccountFilter:
    """What the list holds beyond the reader's scope: a search of the username or the name, the
    accounts holding one role (in scope), the active or the inactive ones."""

    search: str = ""
    role: UserRole | None = None
    active: bool | None = None


@dataclass(frozen=True)
class AccountView:
    """One account's page: the account, whether it is the reader's own, the roles and units
    the reader may grant it (a teacher's role is made with its record on the new-user page),
    and the workshops it leads (handed on before it is deactivated)."""

    account: AccountRow
    own: bool
    grants: NewUserChoices
    led: tuple[LedWorkshop, ...] = ()


def _reach(actor: User) -> tuple[Scope, frozenset[UserRole]]:
    return Scope.of(actor, ADMIN_ROLES), frozenset(assignable_roles(actor))


def _within(scope: Scope, path: str) -> bool:
    return any(path.startswith(p) for p in scope.unit_paths)


def _holds_in_scope(scope: Scope, role: UserRole | None = None):
    """SQL condition on ``User``: the account holds a role (``role``, if given) over a unit of
    ``scope``."""
    held = (select(RoleAssignment.id).join(OrgUnit, RoleAssignment.org_unit_id == OrgUnit.id)
            .where(RoleAssignment.user_id == User.id, scope.covers_path(OrgUnit.path)))
    if role is not None:
        held = held.where(RoleAssignment.role == role.value)
    return held.exists()


def account_page(actor: User, narrowed: AccountFilter, page: int, per_page: int) -> Page:
    """One page of the accounts holding a role in the actor's admin scope, by username.

    Two queries whatever the page size: the count, and the page's accounts joined to all
    their roles with their units and their latest sign-in."""
    scope, grantable = _reach(actor)
    conditions = [_holds_in_scope(scope, narrowed.role)]
    term = narrowed.search.strip()
    if term:  # what was typed, character for character: % and _ are not wildcards
        conditions.append(or_(User.username.contains(term, autoescape=True),
                              User.display_name.contains(term, autoescape=True)))
    if narrowed.active is not None:
        conditions.append(User.active.is_(narrowed.active))
    total = db.session.scalar(select(func.count(User.id)).where(*conditions))
    page = clamp(page, total, per_page)
    on_page = (select(User.id).where(*conditions).order_by(User.username, User.id)
               .limit(per_page).offset((page - 1) * per_page).subquery())
    return Page(_rows(scope, grantable, User.id.in_(select(on_page.c.id))), page, per_page, total)


def _rows(scope: Scope, grantable: frozenset[UserRole], which) -> list[AccountRow]:
    """The accounts ``which`` (an SQL condition on ``User``) picks, with their roles, by username:
    one query."""
    last_signed_in = (select(func.max(UserSession.created_at)).where(UserSession.user_id == User.id)
                      .correlate(User).scalar_subquery())
    found = db.session.execute(
        select(User.id, User.username, User.display_name, User.active, last_signed_in, User.must_change_password,
               RoleAssignment.id, RoleAssignment.role, OrgUnit.id, OrgUnit.name, OrgUnit.path)
        .join(RoleAssignment, RoleAssignment.user_id == User.id)
        .join(OrgUnit, RoleAssignment.org_unit_id == OrgUnit.id)
        .where(which)
        .order_by(User.username, User.id, OrgUnit.path, RoleAssignment.role)
    ).all()
    rows: dict[int, AccountRow] = {}
    for user_id, username, name, active, seen, given, held_id, role, unit_id, unit, path in found:
        in_scope = _within(scope, path)
        held = RoleHeld(held_id, UserRole(role), unit_id, unit, in_scope, in_scope and UserRole(role) in grantable)
        kept = rows.get(user_id)
        rows[user_id] = AccountRow(user_id, username, name, active, seen,
                                   (kept.roles if kept else ()) + (held,), given)
    return list(rows.values())


def account_view(actor: User, user_id: int) -> AccountView | None:
    """The page of an account the actor reaches, or None (no such account in their scope)."""
    grants = grant_choices(actor)
    if grants is None:
        return None
    scope, grantable = _reach(actor)
    rows = _rows(scope, grantable, User.id == user_id)
    if not rows or not any(r.in_scope for r in rows[0].roles):
        return None
    led = db.session.execute(select(Workshop.id, Workshop.name, OrgUnit.path)
                             .join(OrgUnit, Workshop.org_unit_id == OrgUnit.id)
                             .where(Workshop.leader_id == user_id).order_by(Workshop.name, Workshop.id)).all()
    return AccountView(rows[0], rows[0].id == actor.id, grants,
                       tuple(LedWorkshop(id_, name, _within(scope, path)) for id_, name, path in led))


def grant_choices(actor: User) -> NewUserChoices | None:
    """The roles and units an account's page offers the actor: the new-user form's but a
    teacher's role, which comes with the teacher's record (``create_user``)."""
    choices = new_user_choices(actor)
    if choices is None:
        return None
    return NewUserChoices([r for r in choices.roles if r != UserRole.TEACHER], choices.units)


def _managed(actor: User, user_id: int) -> User:
    """The account ``user_id``, held until the use case ends, if the actor may change it:
    "not_found" outside their scope, "beyond_reach" where it holds a role they could not
    grant. Its roles are read under the lock: two admins revoking its last two roles at once
    run one after the other, and the second sees the first's."""
    db.session.execute(select(User.id).where(User.id == user_id).with_for_update())
    user = db.session.get(User, user_id)
    scope, grantable = _reach(actor)
    if user is None or not any(scope.covers(a.org_unit) for a in user.roles):
        raise AccountError("user", "not_found")
    if not all(UserRole(a.role) in grantable and scope.covers(a.org_unit) for a in user.roles):
        raise AccountError("user", "beyond_reach")
    return user


def _home_unit(user: User) -> int | None:
    """The unit an account's event is filed under: its first role's."""
    return min(user.roles, key=lambda a: (a.org_unit.path, a.role)).org_unit_id if user.roles else None


def rename(actor: User, user_id: int, display_name: str) -> None:
    """Change the name an account is shown by. A teacher's record keeps its own name: that is
    the record's, changed with the teacher's information."""
    name = display_name.strip()
    if not name or len(name) > 80:
        raise AccountError("display_name", "bad_name")
    with use_case():
        user = _managed(actor, user_id)
        if user.display_name == name:
            return
        record_event(actor, "user.renamed", user, before={"display_name": user.display_name},
                     after={"display_name": name}, org_unit_id=_home_unit(user))
        user.display_name = name


def reset_password(actor: User, user_id: int, password: str) -> None:
    """Set a new password an admin hands over: every session of the account ends, and a lockout
    ends with it (the user who called about it signs in with the new one, and chooses their own
    before anything else: ``must_change_password``). The admin's own password is changed on the
    password page, with the current one."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError("password", "too_short")
    password_hash = hash_password(password)  # before the lock: hashing takes ~100 ms
    with use_case():
        user = _managed(actor, user_id)
        if user.id == actor.id:
            raise AccountError("password", "own_password")
        user.password_hash, user.failed_logins, user.locked_until = password_hash, 0, None
        user.must_change_password = True
        ended = end_sessions(user.id)
        record_event(actor, "user.password_reset", user, after={"sessions_ended": ended, "must_change_password": True},
                     org_unit_id=_home_unit(user))


def set_active(actor: User, user_id: int, active: bool) -> None:
    """Let an account sign in again, or no longer (someone who left): deactivating ends its
    sessions. Nothing else changes: a teacher's record and ledger stay as they are. Asked
    twice (a button pressed again), the second does nothing. An account leading workshops is
    not deactivated (``LeadsWorkshops``): each is handed to another leader first. The account's
    row is held (``_managed``), as handing it a workshop holds it: neither slips past the other."""
    with use_case():
        user = _managed(actor, user_id)
        if not active and user.id == actor.id:
            raise AccountError("user", "own_account")
        if user.active == active:
            return
        if not active:
            led = db.session.scalars(select(Workshop.name).where(Workshop.leader_id == user.id)
                                     .order_by(Workshop.name, Workshop.id)).all()
            if led:
                raise LeadsWorkshops(tuple(led))
        user.active = active
        ended = 0 if active else end_sessions(user.id)
        record_event(actor, "user.reactivated" if active else "user.deactivated", user,
                     after={"sessions_ended": ended} if not active else None, org_unit_id=_home_unit(user))


def grant_role(actor: User, user_id: int, role: UserRole, org_unit_id: int) -> None:
    """Give an account one more role over a unit of the actor's scope, checked as a new user's
    is (``create_user``). A teacher's role comes with their record, made on the new-user page."""
    with use_case():
        user = _managed(actor, user_id)
        unit = db.session.get(OrgUnit, org_unit_id)
        if unit is None or not Scope.of(actor, ADMIN_ROLES).covers(unit):
            raise AccountError("org_unit", "out_of_scope")
        if role == UserRole.TEACHER:
            raise AccountError("role", "teacher_needs_record")
        if role not in assignable_roles(actor):
            raise AccountError("role", "not_assignable")
        if not role_fits(role, OrgKind(unit.kind)):
            raise AccountError("org_unit", f"not_for_{role.value}")
        if any(a.role == role.value and a.org_unit_id == unit.id for a in user.roles):
            raise AccountError("role", "already_held")
        user.roles.append(RoleAssignment(role=role.value, org_unit=unit))
        record_event(actor, "user.role_granted", user, after={"role": role.value, "org_unit": unit.code},
                     org_unit_id=unit.id)


def revoke_role(actor: User, user_id: int, assignment_id: int) -> None:
    """Take one role from an account. It keeps at least one (deactivate an account no longer
    used); a teacher's role stays with their record; an admin keeps an admin role of their own."""
    with use_case():
        user = _managed(actor, user_id)
        held = next((a for a in user.roles if a.id == assignment_id), None)
        if held is None:
            raise AccountError("role", "not_held")
        if held.role == UserRole.TEACHER.value:
            raise AccountError("role", "teacher_role")
        if user.id == actor.id and not any(UserRole(a.role).is_admin for a in user.roles if a is not held):
            raise AccountError("role", "own_last_admin_role")
        if len(user.roles) == 1:
            raise AccountError("role", "last_role")
        record_event(actor, "user.role_revoked", user, before={"role": held.role, "org_unit": held.org_unit.code},
                     org_unit_id=held.org_unit_id)
        user.roles.remove(held)
