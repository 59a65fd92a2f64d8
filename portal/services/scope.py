"""Who may see what: the org units under a user's roles and the teachers of the workshops
they lead, as SQL conditions."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import and_, false, or_, select

from ..domain import TEACHER_VIEWERS, UserRole
from ..extensions import db
from ..models import OrgUnit, Teacher, User, Workshop
from .sql_functions import json_list_has


@dataclass(frozen=True)
class Membership:
    """One workshop's members: teachers whose school lies below ``path`` and whose subjects
    include ``subject`` and stages include ``stage``."""

    path: str
    subject: str
    stage: str
    name: str

    def includes(self, teacher: Teacher) -> bool:
        return (teacher.school.path.startswith(self.path)
                and self.subject in (teacher.subjects or ()) and self.stage in (teacher.stages or ()))

    def condition(self, school_path):
        return and_(school_path.startswith(self.path, autoescape=True),
                    json_list_has(Teacher.subjects, self.subject),
                    json_list_has(Teacher.stages, self.stage))


@dataclass(frozen=True)
class Scope:
    """What a user may see: whole subtrees (by materialised path) in which they hold one of
    some roles, and the members of the workshops they lead.

    A workshop leader's role gives no subtree of its own: they see the units below their
    workshops (``covers``, ``covers_path``: for units and projects) but, among teachers
    (``covers_teacher``, ``teacher_condition``), only their workshops' members.
    """

    paths: tuple[str, ...]
    workshops: tuple[Membership, ...] = ()

    @classmethod
    def of(cls, user: User, roles: Iterable[UserRole]) -> Scope:
        wanted = {r.value for r in roles}
        paths = {a.org_unit.path for a in user.roles if a.role in wanted and a.role != UserRole.WORKSHOP_LEADER}
        leads = UserRole.WORKSHOP_LEADER in wanted and user.has_role(UserRole.WORKSHOP_LEADER)
        return cls(tuple(sorted(paths)), _memberships(user) if leads else ())

    def __bool__(self) -> bool:
        return bool(self.paths or self.workshops)

    @property
    def unit_paths(self) -> tuple[str, ...]:
        """The subtrees whose units the user may see."""
        return tuple(sorted(set(self.paths) | {w.path for w in self.workshops}))

    def covers(self, unit: OrgUnit) -> bool:
        return self.covers_unit_at(unit.path)

    def covers_unit_at(self, path: str) -> bool:
        """Whether the unit at ``path`` lies inside this scope."""
        return any(path.startswith(p) for p in self.unit_paths)

    def covers_path(self, path_column):
        """SQL condition: the row's org path lies inside this scope (units, projects; not
        teachers, who need ``teacher_condition``)."""
        if not self:
            return false()
        return or_(*(path_column.startswith(p, autoescape=True) for p in self.unit_paths))

    def covers_teacher(self, teacher: Teacher) -> bool:
        return (any(teacher.school.path.startswith(p) for p in self.paths)
                or any(w.includes(teacher) for w in self.workshops))

    def teacher_condition(self, school_path):
        """SQL condition on a query of ``Teacher`` joined to its school, whose path is
        ``school_path``: the teacher is one this scope may see."""
        if not self:
            return false()
        return or_(*(school_path.startswith(p, autoescape=True) for p in self.paths),
                   *(w.condition(school_path) for w in self.workshops))


def tree_order(units: Iterable[OrgUnit]) -> list[OrgUnit]:
    """``units`` in the tree's order: each before those below it, siblings in the order they were
    added (their ids: the order a bureau entered them, as its documents list them), not by
    their paths' text, which put ``/1/2/11/`` before ``/1/2/9/``."""
    return sorted(units, key=tree_key)


def tree_key(unit: OrgUnit) -> list[int]:
    """A unit's place in the tree's order (``tree_order``), to sort rows that carry a unit."""
    return [int(p) for p in unit.path.split("/") if p]


def ancestors(path: str) -> list[str]:
    """``/1/4/9/`` → ``/1/``, ``/1/4/``, ``/1/4/9/``: the units whose subtree holds it."""
    ids = [p for p in path.split("/") if p]
    return ["/" + "/".join(ids[:n]) + "/" for n in range(1, len(ids) + 1)]


def viewer_scope(user: User) -> Scope:
    """Whom ``user`` may read: the teachers below their admin roles' units and the members of
    the workshops they lead (``Scope.teacher_condition``)."""
    return Scope.of(user, TEACHER_VIEWERS)


def _memberships(user: User) -> tuple[Membership, ...]:
    rows = db.session.execute(
        select(OrgUnit.path, Workshop.subject, Workshop.stage, Workshop.name)
        .join(Workshop, Workshop.org_unit_id == OrgUnit.id)
        .where(Workshop.leader_id == user.id)
        .order_by(Workshop.name)
    ).all()
    return tuple(Membership(*row) for row in rows)
