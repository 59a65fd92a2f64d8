"""The org tree and its workshops: adding them and reading the part a user may see."""
from __future__ import annotations

from collections import Counter

from sqlalchemy import func, select

from ..domain import OrgKind, SchoolStage, UserRole
from ..extensions import db
from ..models import OrgUnit, Teacher, User, Workshop
from .audit import record_event
from .scope import Scope, tree_order, viewer_scope
from .transactions import writing


def add_unit(parent: OrgUnit | None, kind: OrgKind, code: str, name: str) -> OrgUnit:
    """A unit below ``parent`` (the root without one). Only adds to the session: the caller
    commits."""
    writing()
    unit = OrgUnit(parent=parent, kind=kind.value, code=code, name=name)
    db.session.add(unit)
    db.session.flush()
    unit.path = (parent.path if parent else "/") + f"{unit.id}/"
    return unit


def add_workshop(actor: User | None, unit: OrgUnit, *, name: str, subject: str, stage: SchoolStage,
                 leader: User) -> Workshop:
    """A workshop of ``subject`` at ``stage`` below ``unit``, led by ``leader``, who must hold
    the workshop leader role. Only adds to the session: the caller commits."""
    if not leader.has_role(UserRole.WORKSHOP_LEADER):
        raise ValueError(f"{leader.username} does not hold the workshop leader role")
    workshop = Workshop(org_unit=unit, name=name, subject=subject, stage=stage.value, leader=leader)
    db.session.add(workshop)
    record_event(actor, "workshop.created", workshop, org_unit_id=unit.id,
                 after={"name": name, "subject": subject, "stage": stage.value, "leader": leader.username})
    return workshop


def scope_roots(scope: Scope) -> list[OrgUnit]:
    """The units a scope starts from, without those already inside another one, in the tree's
    order (``tree_order``: each before those below it, siblings as they were added)."""
    units = tree_order(db.session.scalars(select(OrgUnit).where(OrgUnit.path.in_(scope.unit_paths))))
    roots: list[OrgUnit] = []
    for unit in units:
        if not any(unit.path.startswith(r.path) for r in roots):
            roots.append(unit)
    return roots


def children_with_counts(unit: OrgUnit, scope: Scope) -> list[tuple[OrgUnit, int]]:
    """The unit's children, each with the number of teachers of the scope anywhere beneath it.

    Two queries, whatever the size of the subtree: teachers per school in SQL (the schools'
    kept counts, ``OrgUnit.teacher_count``, unless the scope holds workshops, whose members are
    some of a school's teachers), then added up to the child whose path the school's path
    starts with.
    """
    children = db.session.scalars(
        select(OrgUnit).where(OrgUnit.parent_id == unit.id).order_by(OrgUnit.kind, OrgUnit.name)
    ).all()
    below = (OrgUnit.path.startswith(unit.path), scope.teacher_condition(OrgUnit.path))
    per_school = db.session.execute(
        select(OrgUnit.path, func.count(Teacher.id)).join(Teacher, Teacher.school_id == OrgUnit.id)
        .where(*below).group_by(OrgUnit.path) if scope.workshops
        else select(OrgUnit.path, OrgUnit.teacher_count).where(*below, OrgUnit.teacher_count > 0)
    ).all()
    counts: Counter[int] = Counter()
    for path, n in per_school:
        for child in children:
            if path.startswith(child.path):
                counts[child.id] += n
                break
    return [(child, counts[child.id]) for child in children]


Branch = tuple[OrgUnit, list[tuple[OrgUnit, int]]]  # a unit, and its children with their teachers


def tree(user: User) -> list[Branch]:
    """The org tree page: each unit the user's scope starts from, opened one level."""
    scope = viewer_scope(user)
    return [(root, children_with_counts(root, scope)) for root in scope_roots(scope)]


def branch(user: User, unit_id: int) -> Branch | None:
    """One unit of the user's scope opened one level, or None (the caller answers 404)."""
    scope = viewer_scope(user)
    unit = unit_in_scope(scope, unit_id)
    return (unit, children_with_counts(unit, scope)) if unit is not None else None


def unit_in_scope(scope: Scope, unit_id: int) -> OrgUnit | None:
    unit = db.session.get(OrgUnit, unit_id)
    return unit if unit is not None and scope.covers(unit) else None


def units_in_scope(scope: Scope) -> list[OrgUnit]:
    return tree_order(db.session.scalars(select(OrgUnit).where(scope.covers_path(OrgUnit.path))))


def unit_by_key(key: str) -> OrgUnit | None:
    """An org unit by its code, or by its id given as digits (for the command line)."""
    unit = db.session.scalar(select(OrgUnit).where(OrgUnit.code == key))
    if unit is None and key.isdigit():
        unit = db.session.get(OrgUnit, int(key))
    return unit
