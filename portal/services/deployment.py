"""A new deployment's first step: the bureau's own unit and its first admin.

Everything else is added from the pages by that admin (the units below by an Excel import,
accounts on 用户管理); this is the one use case run from the command line (`portal setup`),
on a database that has been migrated and holds nothing yet.
"""
from __future__ import annotations

from sqlalchemy import func, select

from ..domain import OrgKind, UserRole
from ..extensions import db
from ..models import OrgUnit, User
from .accounts import AccountError, create_user, role_fits
from .audit import record_event
from .demo import DatabaseNotEmpty
from .orgs import add_unit
from .transactions import use_case

# The admin role a bureau's unit is run with, unless the command is told another.
BUREAU_ROLE = {
    OrgKind.PROVINCE: UserRole.PROVINCE_ADMIN,
    OrgKind.CITY: UserRole.CITY_ADMIN,
    OrgKind.DISTRICT: UserRole.DISTRICT_ADMIN,
    OrgKind.ZONE: UserRole.DISTRICT_ADMIN,
}


def set_up(kind: OrgKind, code: str, name: str, *, username: str, display_name: str, password: str,
           role: UserRole | None = None) -> User:
    """The bureau's unit (the root of the tree) and its first admin over it, who chooses their
    own password at the first sign-in, in one transaction with their audit events; refused on a database that has any unit already
    (``DatabaseNotEmpty``) or with an ``AccountError`` naming the field at fault."""
    role = role or BUREAU_ROLE.get(kind)
    if role is None or not role.is_admin or not role_fits(role, kind):
        raise AccountError("role", "not_for_unit")
    with use_case():
        if db.session.scalar(select(func.count(OrgUnit.id))):
            raise DatabaseNotEmpty("the database already has org units")
        unit = add_unit(None, kind, code, name)
        record_event(None, "org_unit.created", unit, org_unit_id=unit.id,
                     after={"kind": kind.value, "code": code, "name": name})
        # typed on the command line, often by whoever installs the portal: the admin chooses
        # their own at the first sign-in
        return create_user(None, username=username, display_name=display_name, password=password,
                           role=role, org_unit=unit, must_change_password=True)
