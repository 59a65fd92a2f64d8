"""The org tree: adding units and reading the part of it a user may see."""
from __future__ import annotations

from collections import Counter

from sqlalchemy import func, select

from ..domain import OrgKind
from ..extensions import db
from ..models import OrgUnit, Teacher
from .scope import Scope
from .transactions import writing


def add_unit(parent: OrgUnit | None, kind: OrgKind, code: str, name: str) -> OrgUnit:
    writing()
    unit = OrgUnit(parent=parent, kind=kind.value, code=code, name=name)
    db.session.add(unit)
    db.session.flush()
    unit.path = (parent.path if parent else "/") + f"{unit.id}/"
    return unit


def scope_roots(scope: Scope) -> list[OrgUnit]:
    """The units a scope starts from, without those already inside another one."""
    units = db.session.scalars(select(OrgUnit).where(OrgUnit.path.in_(scope.paths)).order_by(OrgUnit.path))
    roots: list[OrgUnit] = []
    for unit in units:
        if not any(unit.path.startswith(r.path) for r in roots):
            roots.append(unit)
    return roots


def children_with_counts(unit: OrgUnit) -> list[tuple[OrgUnit, int]]:
    """The unit's children, each with the number of teachers anywhere beneath it.

    Two queries, whatever the size of the subtree: teachers counted per school in SQL,
    then added up to the child whose path the school's path starts with.
    """
    children = db.session.scalars(
        select(OrgUnit).where(OrgUnit.parent_id == unit.id).order_by(OrgUnit.kind, OrgUnit.name)
    ).all()
    per_school = db.session.execute(
        select(OrgUnit.path, func.count(Teacher.id))
        .join(Teacher, Teacher.school_id == OrgUnit.id)
        .where(OrgUnit.path.startswith(unit.path))
        .group_by(OrgUnit.path)
    ).all()
    counts: Counter[int] = Counter()
    for path, n in per_school:
        for child in children:
            if path.startswith(child.path):
                counts[child.id] += n
                break
    return [(child, counts[child.id]) for child in children]


def units_in_scope(scope: Scope) -> list[OrgUnit]:
    return db.session.scalars(select(OrgUnit).where(scope.covers_path(OrgUnit.path)).order_by(OrgUnit.path)).all()
