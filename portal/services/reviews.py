"""Credit audit: the ledger entries waiting for a user, and moving them along the region's
audit workflow. Only ``audit_state`` changes; every move is an audit event."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import false, func, or_, select
from sqlalchemy.orm.exc import StaleDataError

from ..domain import Transition, UserRole, Workflow
from ..extensions import db
from ..models import LedgerEntry, OrgUnit, Teacher, User
from .audit import record_event
from .pagination import Page, clamp
from .scope import Scope
from .transactions import writing


class ReviewRefused(Exception):
    """``code``: "not_found" (outside the user's reach), "not_allowed", or "changed"
    (someone else moved the entry first)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class ReviewRow:
    entry: LedgerEntry
    teacher: str
    school: str
    actions: tuple[Transition, ...]


# Workshop leaders follow their members' progress; they take no step in an audit, even
# where a region's workflow names them.
READ_ONLY_ROLES = frozenset({UserRole.WORKSHOP_LEADER})


def _acting_roles(user: User, workflow: Workflow) -> list[tuple[UserRole, frozenset[str], Scope]]:
    return [(role, workflow.awaiting(role), Scope.of(user, [role]))
            for role in sorted(user.role_set - READ_ONLY_ROLES) if workflow.awaiting(role)]


def reviews_anything(user: User, workflow: Workflow) -> bool:
    """Whether one of the user's roles acts somewhere in the audit workflow."""
    return bool(_acting_roles(user, workflow))


def awaiting_condition(user: User, workflow: Workflow):
    """SQL condition: the entry waits in a state where one of the user's roles acts, for a
    teacher inside that role's scope. Reversed and reversing entries never wait."""
    clauses = [
        (LedgerEntry.audit_state.in_(states) & scope.teacher_condition(OrgUnit.path))
        for _role, states, scope in _acting_roles(user, workflow)
    ]
    return or_(*clauses) if clauses else false()


def _joined(query):
    return (query.join(Teacher, LedgerEntry.teacher_id == Teacher.id)
            .join(OrgUnit, Teacher.school_id == OrgUnit.id)
            .where(LedgerEntry.reverses_id.is_(None)))


def awaiting_count(user: User, workflow: Workflow) -> int:
    return db.session.scalar(_joined(select(func.count(LedgerEntry.id))).where(awaiting_condition(user, workflow)))


def actions(user: User, workflow: Workflow, entry: LedgerEntry, school: OrgUnit) -> tuple[Transition, ...]:
    """The transitions this user may take on this entry now."""
    roles = frozenset(role for role, _states, scope in _acting_roles(user, workflow) if scope.covers(school))
    return workflow.allowed(entry.audit_state, roles)


def review_page(user: User, workflow: Workflow, page: int = 1, per_page: int = 20) -> Page:
    condition = awaiting_condition(user, workflow)
    total = awaiting_count(user, workflow)
    page = clamp(page, total, per_page)
    rows = db.session.execute(
        _joined(select(LedgerEntry, Teacher.name, OrgUnit))
        .where(condition)
        .order_by(OrgUnit.name, Teacher.name, LedgerEntry.activity_date, LedgerEntry.id)
        .limit(per_page).offset((page - 1) * per_page)
    ).all()
    items = [ReviewRow(entry, name, school.name, actions(user, workflow, entry, school))
             for entry, name, school in rows]
    return Page(items, page, per_page, total)


def move(user: User, workflow: Workflow, entry_id: int, target: str) -> ReviewRow:
    """Take the transition to ``target`` if the user may; refuses rather than guesses.

    The state is the entry's version (models/ledger.py): the UPDATE is conditional on the
    state read here, so two reviewers acting at once cannot both move the same entry."""
    writing()
    found = db.session.execute(
        _joined(select(LedgerEntry, Teacher, OrgUnit)).where(LedgerEntry.id == entry_id)
    ).first()
    if found is None or not Scope.of(user, user.role_set).covers_teacher(found[1]):
        raise ReviewRefused("not_found")
    entry, teacher, school = found
    if not any(t.target == target for t in actions(user, workflow, entry, school)):
        raise ReviewRefused("not_allowed")
    source = entry.audit_state
    entry.audit_state = target
    try:
        db.session.flush()
    except StaleDataError:
        db.session.rollback()
        raise ReviewRefused("changed") from None
    record_event(user, "ledger.reviewed", entry, before={"state": source}, after={"state": target},
                 org_unit_id=school.id)
    db.session.commit()
    db.session.refresh(entry)
    return ReviewRow(entry, teacher.name, school.name, actions(user, workflow, entry, school))
