"""Who may see what: the org units under a user's roles, as SQL conditions."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import false, or_

from ..domain import UserRole
from ..models import OrgUnit, User


@dataclass(frozen=True)
class Scope:
    """The subtrees (by materialised path) in which a user holds one of some roles."""

    paths: tuple[str, ...]

    @classmethod
    def of(cls, user: User, roles: Iterable[UserRole]) -> Scope:
        wanted = {r.value for r in roles}
        return cls(tuple(sorted({a.org_unit.path for a in user.roles if a.role in wanted})))

    def __bool__(self) -> bool:
        return bool(self.paths)

    def covers(self, unit: OrgUnit) -> bool:
        return any(unit.path.startswith(p) for p in self.paths)

    def covers_path(self, path_column):
        """SQL condition: the row's org path lies inside this scope."""
        if not self.paths:
            return false()
        return or_(*(path_column.startswith(p, autoescape=True) for p in self.paths))
