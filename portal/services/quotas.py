"""A project's seats allocated to org units (名额分配): set by its organiser or reviewer, taken
and given back with the project's own seat by one conditional UPDATE each, so the database
refuses the seat beyond a unit's quota however many select at once."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import event, exists, select, update
from sqlalchemy.orm import Session

from ..extensions import db
from ..models import OrgUnit, ProjectQuota, Teacher, TrainingProject, User
from ..plugins import Region
from .audit import record_event
from .projects import ProjectRefused, may_organise, may_review
from .scope import Scope, ancestors
from .transactions import use_case

KNOWN = "portal.has_quotas"
DEPTH = 2  # units offered for a quota: down to two levels below the allocating admin's own


def has_quotas(project_id: int) -> bool:
    """Whether the project allocates seats to units; asked once a transaction (a selection's
    findings and its seat both ask it)."""
    known = db.session.info.setdefault(KNOWN, {})
    if project_id not in known:
        known[project_id] = db.session.scalar(select(exists().where(ProjectQuota.project_id == project_id)))
    return known[project_id]


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _forget(session) -> None:
    session.info.pop(KNOWN, None)


def quota_of(project_id: int, teacher: Teacher) -> ProjectQuota | None:
    """The quota the teacher's seat comes from: their nearest unit holding one."""
    paths = ancestors(teacher.school.path)
    return db.session.scalar(
        select(ProjectQuota).join(OrgUnit, ProjectQuota.org_unit_id == OrgUnit.id)
        .where(ProjectQuota.project_id == project_id, OrgUnit.path.in_(paths))
        .order_by(OrgUnit.path.desc()).limit(1))


def left_for(project_id: int, teacher: Teacher) -> int | None:
    """The seats left to the teacher's unit; None when the project allocates none."""
    if not has_quotas(project_id):
        return None
    quota = quota_of(project_id, teacher)
    return 0 if quota is None else quota.seats - quota.taken


def take(quota_id: int) -> bool:
    taken = db.session.execute(update(ProjectQuota).where(ProjectQuota.id == quota_id,
                                                          ProjectQuota.taken < ProjectQuota.seats)
                               .values(taken=ProjectQuota.taken + 1).execution_options(synchronize_session=False))
    return taken.rowcount == 1


def give_back(quota_id: int, seats: int = 1) -> None:
    db.session.execute(update(ProjectQuota).where(ProjectQuota.id == quota_id)
                       .values(taken=ProjectQuota.taken - seats).execution_options(synchronize_session=False))


@dataclass(frozen=True)
class QuotaRow:
    unit_id: int
    unit: str
    depth: int
    seats: int | None
    taken: int


def quota_rows(user: User, region: Region, project_id: int) -> tuple[TrainingProject, list[QuotaRow]]:
    """The units the user may allocate seats to, with the quota each holds."""
    project = _allocatable(user, region, project_id)
    held = {q.org_unit_id: q for q in db.session.scalars(select(ProjectQuota)
                                                        .where(ProjectQuota.project_id == project_id))}
    units = _units(user)
    rows = [QuotaRow(u.id, u.name, u.depth, held[u.id].seats if u.id in held else None,
                     held[u.id].taken if u.id in held else 0) for u in units]
    return project, rows


def _units(user: User) -> list[OrgUnit]:
    scope = Scope.of(user, user.role_set)
    top = min((a.org_unit.depth for a in user.roles), default=0)
    return [u for u in db.session.scalars(select(OrgUnit).where(scope.covers_path(OrgUnit.path))
                                          .order_by(OrgUnit.path)) if u.depth <= top + DEPTH]


def _allocatable(user: User, region: Region, project_id: int) -> TrainingProject:
    project = db.session.get(TrainingProject, project_id)
    if project is None or not (may_organise(user, project) or may_review(user, region, project)):
        raise ProjectRefused("not_found")
    return project


def set_quotas(region: Region, actor: User, project_id: int, seats: Mapping[int, int | None]) -> None:
    """The use case: the project's quotas set as ``seats`` says (unit id → seats, None: none).
    A unit keeps at least the seats its teachers hold; units outside the actor's reach are
    refused."""
    with use_case():
        project = _allocatable(actor, region, project_id)
        reachable = {u.id for u in _units(actor)}
        if not set(seats) <= reachable:
            raise ProjectRefused("not_allowed", "quota")
        held = {q.org_unit_id: q for q in db.session.scalars(
            select(ProjectQuota).where(ProjectQuota.project_id == project_id).with_for_update(of=ProjectQuota))}
        before = {str(k): q.seats for k, q in held.items()}
        for unit_id, wanted in seats.items():
            quota = held.get(unit_id)
            if wanted is None:
                if quota is not None:
                    if quota.taken:
                        raise ProjectRefused("invalid", f"quota-{unit_id}")
                    db.session.delete(quota)
            elif quota is None:
                db.session.add(ProjectQuota(project_id=project_id, org_unit_id=unit_id, seats=wanted, taken=0))
            else:
                if wanted < quota.taken:
                    raise ProjectRefused("invalid", f"quota-{unit_id}")
                quota.seats = wanted
        db.session.flush()
        after = {str(q.org_unit_id): q.seats for q in db.session.scalars(
            select(ProjectQuota).where(ProjectQuota.project_id == project_id))}
        record_event(actor, "project.quotas", project, before={"quotas": before}, after={"quotas": after},
                     org_unit_id=project.organiser_id)


def quotas_of(project_ids) -> dict[int, list[tuple[str, int]]]:
    """The unit quotas of several projects, read at once (a page's): for each project that
    allocates seats, each quota's unit path and its seats left."""
    ids = set(project_ids)
    found: dict[int, list[tuple[str, int]]] = {}
    if not ids:
        return found
    for project_id, path, seats, taken in db.session.execute(
            select(ProjectQuota.project_id, OrgUnit.path, ProjectQuota.seats, ProjectQuota.taken)
            .join(OrgUnit, ProjectQuota.org_unit_id == OrgUnit.id).where(ProjectQuota.project_id.in_(ids))):
        found.setdefault(project_id, []).append((path, seats - taken))
    return found


def left_among(quotas: list[tuple[str, int]] | None, teacher: Teacher) -> int | None:
    """``left_for`` from quotas read beforehand (``quotas_of``): None when the project allocates
    none, else the seats left of the teacher's nearest unit holding one (0: none holds one)."""
    if not quotas:
        return None
    paths = set(ancestors(teacher.school.path))
    held = [(path, left) for path, left in quotas if path in paths]
    return max(held, key=lambda h: len(h[0]))[1] if held else 0
