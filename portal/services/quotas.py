"""A project's seats allocated to org units (名额分配): set by its organiser or reviewer (or by
whom the region names instead, ``portal_quotas_allocated_by``) on any level of the org tree
under the unit the project is for (``audience``: a school, a district, the city…). A
participant's seat is taken from the quota of EVERY unit on their school's path that holds
one, by one conditional UPDATE whose rows the database bounds, so the seat beyond any
level's quota is refused however many select at once; released holds give back on every
level.

An enrollment's ``quota_id`` names the nearest quota its seat was taken from; the quotas it
counts in are that one and those of the units above it. Each quota's ``taken`` is the count
of the seats held by enrollments anchored at or below its unit: a quota set when seats are
already held counts them, and removing one hands its enrollments to the next quota above."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import case, event, exists, func, inspect, literal, select, update
from sqlalchemy.orm import Session, aliased

from ..domain import ActivityRole, Finding, Level, OrgKind, UnitFacts
from ..extensions import db
from ..models import Enrollment, OrgUnit, ProjectQuota, Teacher, TrainingProject, User
from ..plugins import Region
from .audit import record_event
from .projects import ProjectRefused, audience_index, facts, may_organise, may_review
from .scope import Scope, ancestors, tree_order
from .transactions import use_case, writing

KNOWN = "portal.has_quotas"
READ = "portal.projects_read"  # the projects project_noting_quotas read in the transaction
DEPTH = 2  # units offered for a quota: down to two levels below the unit the project is for


class QuotaRefused(ProjectRefused):
    """A quota refused: ``code`` "held" (fewer seats than the unit's teachers already hold:
    ``limit`` the seats held), "above_parent" (more seats than the quota of ``parent``, the
    nearest unit above holding one: ``limit`` its seats), "over_capacity" (more than the
    project's seats, ``limit``) or "not_for_unit" (the region's rules leave the unit out of the
    project, ``portal_unit_findings``: ``findings`` the refusing ones, each with its clause);
    ``unit`` and ``seats`` the quota asked."""

    def __init__(self, code: str, unit: str, seats: int, limit: int, parent: str = "", unit_id: int | None = None,
                 findings: tuple[Finding, ...] = ()):
        super().__init__(code, f"quota-{unit_id}" if unit_id is not None else None, tuple(findings))
        self.unit, self.seats, self.limit, self.parent = unit, seats, limit, parent


def has_quotas(project_id: int, fresh: bool = False) -> bool:
    """Whether the project allocates seats to units; asked once a transaction (a selection's
    findings and its seat both ask it), or ``fresh``: read again (a seat, once the project's
    row is held, asks what is in force then, a first quota set meanwhile included)."""
    known = db.session.info.setdefault(KNOWN, {})
    if fresh or project_id not in known:
        known[project_id] = db.session.scalar(select(exists().where(ProjectQuota.project_id == project_id)))
    return known[project_id]


def project_noting_quotas(project_id: int) -> TrainingProject | None:
    """The project, and whether it allocates seats to units noted for the transaction as
    ``has_quotas`` would read it: one query (a selection's first)."""
    row = db.session.execute(select(TrainingProject, exists().where(ProjectQuota.project_id == TrainingProject.id))
                             .where(TrainingProject.id == project_id)).first()
    if row is None:
        return None
    db.session.info.setdefault(KNOWN, {})[project_id] = row[1]
    db.session.info.setdefault(READ, {})[project_id] = row[0]  # held: the identity map holds it weakly
    return row[0]


def loaded_project(project_id: int) -> TrainingProject | None:
    """The project as ``project_noting_quotas`` read it earlier in this transaction (a
    selection's fields asked first), if it is still loaded as read, whether it allocates seats
    to units noted with it; else None, to be read."""
    project = db.session.info.get(READ, {}).get(project_id)
    if project is None or project_id not in db.session.info.get(KNOWN, {}):
        return None
    return None if inspect(project).expired_attributes else project


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _forget(session) -> None:
    session.info.pop(KNOWN, None)
    session.info.pop(READ, None)
    session.info.pop("portal.full_units", None)


def _on_path(project_id: int, path: str):
    return (select(ProjectQuota).join(OrgUnit, ProjectQuota.org_unit_id == OrgUnit.id)
            .where(ProjectQuota.project_id == project_id, OrgUnit.path.in_(ancestors(path)))
            .order_by(OrgUnit.path))


def path_quotas(project_id: int, teacher: Teacher) -> list[ProjectQuota]:
    """The quotas on the teacher's school path, from the top down (the last is the nearest)."""
    return list(db.session.scalars(_on_path(project_id, teacher.school.path)))


def quota_of(project_id: int, teacher: Teacher) -> ProjectQuota | None:
    """The nearest quota the teacher's seat comes from: their nearest unit holding one."""
    held = path_quotas(project_id, teacher)
    return held[-1] if held else None


def left_for(project_id: int, teacher: Teacher) -> int | None:
    """The seats left to the teacher: the fewest left on any level of their school's path that
    holds a quota (0 when none does); None when the project allocates none (``quota_for``)."""
    return quota_for(db.session.get(TrainingProject, project_id), teacher)[0]


def _below(project: TrainingProject, teacher: Teacher) -> list[str]:
    """The paths of the units on the teacher's school's path below the unit the project is for
    (``audience``): the units its seats are allocated to when one of them holds a quota."""
    root = audience(project).path
    return [p for p in ancestors(teacher.school.path) if p != root and p.startswith(root)]


def quota_for(project: TrainingProject, teacher: Teacher) -> tuple[int | None, bool, bool]:
    """The seats left to the teacher (``left_for``), whether the project's seats are allocated
    to the teacher's unit (a unit on their school's path below the unit the project is for, their
    district or their school, holds a quota of it: ``Selection.quota_allocated``) and whether no
    unit on their path holds one at all (``Selection.quota_unallocated``: their 0 left is none
    allocated, not used up), in one query; (None, False, False) where the project allocates none."""
    if not has_quotas(project.id):
        return None, False, False
    below = _below(project, teacher)
    allocated = func.max(case((OrgUnit.path.in_(below), 1), else_=0)) if below else literal(0)
    left, held = db.session.execute(
        select(func.min(ProjectQuota.seats - ProjectQuota.taken), allocated)
        .join(OrgUnit, ProjectQuota.org_unit_id == OrgUnit.id)
        .where(ProjectQuota.project_id == project.id, OrgUnit.path.in_(ancestors(teacher.school.path)))).one()
    return (0 if left is None else max(left, 0)), bool(held), left is None


def full_unit(project_id: int, teacher: Teacher, fresh: bool = False) -> str:
    """The name of the unit above the teacher's school whose quota of the project has no seat
    left, said in a refusal as the unit whose quota it is; "" where the nearest quota without a
    seat left is the school's own (said as 本单位's) or none is. Asked only of a refusal, read
    once a transaction for a school."""
    known = db.session.info.setdefault("portal.full_units", {})
    key = (project_id, teacher.school.path)
    if fresh or key not in known:
        full = db.session.execute(
            select(OrgUnit.name, OrgUnit.path).join(ProjectQuota, ProjectQuota.org_unit_id == OrgUnit.id)
            .where(ProjectQuota.project_id == project_id, ProjectQuota.taken >= ProjectQuota.seats,
                   OrgUnit.path.in_(ancestors(teacher.school.path)))
            .order_by(OrgUnit.path.desc())).first()
        known[key] = full.name if full is not None and full.path != teacher.school.path else ""
    return known[key]


def allocated_among(quotas: list[tuple[str, int]] | None, project: TrainingProject, teacher: Teacher) -> bool:
    """``quota_for``'s second answer from quotas read beforehand (``quotas_of``)."""
    if not quotas:
        return False
    below = set(_below(project, teacher))
    return any(path in below for path, _left in quotas)


def unallocated_among(quotas: list[tuple[str, int]] | None, teacher: Teacher) -> bool:
    """``quota_for``'s third answer from quotas read beforehand (``quotas_of``)."""
    if not quotas:
        return False
    paths = set(ancestors(teacher.school.path))
    return not any(path in paths for path, _left in quotas)


def take(quota_ids: list[int]) -> bool:
    """One seat of each quota taken, all or none: one conditional UPDATE, each row bounded by
    its own seats (the database re-checks a row another writer changed before it counts it);
    when a level is full the seats the statement took on the others are given back at once."""
    if not quota_ids:
        return False
    took = db.session.scalars(
        update(ProjectQuota).where(ProjectQuota.id.in_(quota_ids), ProjectQuota.taken < ProjectQuota.seats)
        .values(taken=ProjectQuota.taken + 1).returning(ProjectQuota.id)
        .execution_options(synchronize_session=False)).all()
    if len(took) == len(set(quota_ids)):
        return True
    if took:
        db.session.execute(update(ProjectQuota).where(ProjectQuota.id.in_(took))
                           .values(taken=ProjectQuota.taken - 1).execution_options(synchronize_session=False))
    return False


def give_back(quota_id: int, seats: int = 1) -> None:
    """``seats`` given back to the quota an enrollment's seat was taken from and to every quota
    of the project above it."""
    row = db.session.execute(select(ProjectQuota.project_id, OrgUnit.path)
                             .join(OrgUnit, ProjectQuota.org_unit_id == OrgUnit.id)
                             .where(ProjectQuota.id == quota_id)).one()
    db.session.execute(update(ProjectQuota).where(
        ProjectQuota.project_id == row.project_id,
        ProjectQuota.org_unit_id.in_(select(OrgUnit.id).where(OrgUnit.path.in_(ancestors(row.path)))))
        .values(taken=ProjectQuota.taken - seats).execution_options(synchronize_session=False))


@dataclass(frozen=True)
class QuotaRow:
    unit_id: int
    unit: str
    depth: int
    seats: int | None
    taken: int
    within: bool = True  # a unit a quota may go to; else one holding a quota set before: only removed
    refusing: tuple[Finding, ...] = ()  # why the region's rules leave the unit out of the project, if they do


@dataclass(frozen=True)
class LeftOut:
    """A unit in reach that the region's rules leave out of the project (``portal_unit_findings``),
    with the refusing findings: the units below it are left out with it and not named."""

    unit: str
    refusing: tuple[Finding, ...]


def quota_rows(user: User, region: Region, project_id: int) -> tuple[TrainingProject, list[QuotaRow]]:
    """The units the user may allocate seats to, with the quota each holds, and the units
    outside them that hold one still: ``quota_page`` without the units left out."""
    project, rows, _left_out = quota_page(user, region, project_id)
    return project, rows


def quota_page(user: User, region: Region, project_id: int) -> tuple[TrainingProject, list[QuotaRow], list[LeftOut]]:
    """The units the user may allocate seats to, with the quota each holds, the units outside
    them that hold one still (set before the reach changed, or left out by the region's rules
    since): shown, being in force, to be removed; and the units the region's rules leave out
    of the project, each with why (the highest of them: those below go with it)."""
    project = _allocatable(user, region, project_id)
    held = {q.org_unit_id: q for q in db.session.scalars(select(ProjectQuota)
                                                        .where(ProjectQuota.project_id == project_id))}
    reach = _units(project)
    refused = refused_units(region, project, reach)
    units = [u for u in reach if u.id not in refused]
    within = {u.id for u in units}
    units += [q.org_unit for unit_id, q in held.items() if unit_id not in within]
    taken = seats_held_below(region, project_id, [u.id for u in units])
    rows = [QuotaRow(u.id, u.name, u.depth, held[u.id].seats if u.id in held else None,
                     held[u.id].taken if u.id in held else taken.get(u.id, 0), u.id in within,
                     refused.get(u.id, ()))
            for u in tree_order(units)]
    by_id = {u.id: u for u in reach}
    left_out = [LeftOut(by_id[unit_id].name, found) for unit_id, found in refused.items()
                if by_id[unit_id].parent_id not in refused]
    return project, rows, left_out


def refused_units(region: Region, project: TrainingProject, units: list[OrgUnit]) -> dict[int, tuple[Finding, ...]]:
    """The units of ``units`` (a subtree, the unit the project is for first: ``_units``) that the
    region's rules leave out of the project (``portal_unit_findings``), with the refusing
    findings; a unit below one left out is left out with it, for the same findings."""
    about = facts(project)
    names = {u.path: u.name for u in units}
    refused: dict[int, tuple[Finding, ...]] = {}
    by_path: dict[str, tuple[Finding, ...]] = {}
    for unit in sorted(units, key=lambda u: u.path):
        above = [p for p in reversed(ancestors(unit.path)[:-1]) if p in names]
        inherited = next((by_path[p] for p in above if p in by_path), None)
        found = inherited if inherited is not None else tuple(
            f for f in region.unit_findings(about, UnitFacts(unit.name, OrgKind(unit.kind),
                                                             tuple(names[p] for p in above)))
            if not f.ok)
        if found:
            refused[unit.id] = by_path[unit.path] = found
    return refused


_UNIT, _SCHOOL = aliased(OrgUnit), aliased(OrgUnit)  # made once: an alias costs more to make than to query


def seats_held_below(region: Region, project_id: int, unit_ids: list[int]) -> dict[int, int]:
    """The project's seats held by the teachers of each unit and of the schools below it, for
    every unit at once: one grouped query (a unit without a quota counts them too, the least a
    quota set there may hold). Units none of whose teachers hold one are left out."""
    if not unit_ids:
        return {}
    unit, school = _UNIT, _SCHOOL
    return dict(db.session.execute(
        select(unit.id, func.count(Enrollment.id)).select_from(unit)
        .join(school, school.path.startswith(unit.path))
        .join(Teacher, Teacher.school_id == school.id)
        .join(Enrollment, Enrollment.teacher_id == Teacher.id)
        .where(unit.id.in_(unit_ids), Enrollment.project_id == project_id,
               Enrollment.role == ActivityRole.PARTICIPANT.value, Enrollment.status.in_(_holding_states(region)))
        .group_by(unit.id)).all())


@dataclass(frozen=True)
class QuotaLeft:
    unit: str
    seats: int
    taken: int

    @property
    def left(self) -> int:
        return max(self.seats - self.taken, 0)


def quotas_over(project_id: int, paths: tuple[str, ...]) -> list[QuotaLeft]:
    """The project's quotas of the units at ``paths`` and of the units above them, highest
    first: those that bound what a submitter of these units submits."""
    over = {a for path in paths for a in ancestors(path)}
    if not over:
        return []
    rows = db.session.execute(
        select(OrgUnit.name, ProjectQuota.seats, ProjectQuota.taken)
        .join(OrgUnit, ProjectQuota.org_unit_id == OrgUnit.id)
        .where(ProjectQuota.project_id == project_id, OrgUnit.path.in_(over))
        .order_by(func.length(OrgUnit.path), OrgUnit.path)).all()
    return [QuotaLeft(*row) for row in rows]


def audience(project: TrainingProject) -> OrgUnit:
    """The unit whose teachers the project is for: on its organiser's path, the highest unit of
    the project's level (the city for a city-level project a school hosts, the district for a
    county one, the school for its own) or, where the path holds none, the unit nearest it (the
    top for a level above them all, the organiser for one below it); for an organiser that holds
    no teachers (a training institution), the unit it stands under, the bureau it declares its
    projects to."""
    organiser = project.organiser
    if organiser.kind == OrgKind.INSTITUTION.value and organiser.parent is not None:
        return organiser.parent
    # asked for each teacher judged (a bulk page, a sheet of thousands): read once a session
    key = ("audience", organiser.id, organiser.path, project.level)
    known = db.session.info.setdefault("portal.audiences", {})
    if key not in known:
        path = db.session.scalars(select(OrgUnit).where(OrgUnit.path.in_(ancestors(organiser.path)))
                                  .order_by(func.length(OrgUnit.path))).all()
        found = audience_index([u.kind for u in path], Level(project.level))
        known[key] = organiser if found is None else path[found]
    return known[key]


def read_audiences(projects: list[TrainingProject]) -> None:
    """Read the units on the paths of the projects' organisers at once, so that ``audience``
    asks nothing more of any of them (a catalog page judged for a teacher, card by card)."""
    paths = {p.organiser.path for p in projects}
    known = db.session.info.setdefault("portal.audiences", {})
    if not paths:
        return
    units = {u.path: u for u in db.session.scalars(
        select(OrgUnit).where(OrgUnit.path.in_({a for path in paths for a in ancestors(path)})))}
    for project in projects:
        organiser = project.organiser
        path = [units[a] for a in ancestors(organiser.path) if a in units]
        path.sort(key=lambda u: len(u.path))
        found = audience_index([u.kind for u in path], Level(project.level))
        known.setdefault(("audience", organiser.id, organiser.path, project.level),
                         organiser if found is None else path[found])


def _units(project: TrainingProject) -> list[OrgUnit]:
    """The units a quota of the project may go to: the unit it is for and those below it,
    down to ``DEPTH`` levels, that hold teachers (never an institution: a quota there would
    hold seats no teacher can take, and, being a quota, shut out every unit without one)."""
    root = audience(project)
    return [u for u in db.session.scalars(select(OrgUnit).where(OrgUnit.path.startswith(root.path, autoescape=True),
                                                                OrgUnit.kind != OrgKind.INSTITUTION.value)
                                          .order_by(OrgUnit.path)) if u.depth <= root.depth + DEPTH]


def may_allocate(user: User, region: Region, project: TrainingProject) -> bool:
    """Whether the user allocates the project's seats: in a role the region names for it held
    over the organiser's unit (``portal_quotas_allocated_by``), else as its organiser or reviewer."""
    who = region.quotas_allocated_by(facts(project))
    if who is not None:
        return Scope.of(user, who).covers(project.organiser)
    return may_organise(user, project) or may_review(user, region, project)


def _allocatable(user: User, region: Region, project_id: int) -> TrainingProject:
    project = db.session.get(TrainingProject, project_id)
    if project is None or not may_allocate(user, region, project):
        raise ProjectRefused("not_found")
    return project


def set_quotas(region: Region, actor: User, project_id: int, seats: Mapping[int, int | None]) -> None:
    """The use case: the project's quotas set as ``seats`` says (unit id → seats, None: none).
    A new quota counts the seats its unit's teachers already hold, and keeps at least those;
    a removed one hands them to the quota above; no unit holds more seats than the nearest
    unit above it holding a quota. Units outside the actor's reach are refused, but for a quota
    one holds still (set before the reach changed): it is removed, or left as it is."""
    with use_case():
        writing()
        allocate(region, actor, _allocatable(actor, region, project_id), seats)


def allocate(region: Region, actor: User | None, project: TrainingProject, seats: Mapping[int, int | None]) -> None:
    """A building block of ``set_quotas`` and of the demo (``actor`` None: the system), who may
    allocate being the caller's to check: the quotas set, checked and audited as ``set_quotas``
    says. The caller commits."""
    project_id = project.id
    reach = _units(project)
    refused = refused_units(region, project, reach)
    reachable = {u.id for u in reach if u.id not in refused}
    # the project's row first, as a selection takes it: a seat taken meanwhile is counted
    db.session.execute(select(TrainingProject.id).where(TrainingProject.id == project_id).with_for_update())
    held = {q.org_unit_id: q for q in db.session.scalars(
        select(ProjectQuota).where(ProjectQuota.project_id == project_id).with_for_update(of=ProjectQuota))}
    # a unit the region's rules leave out of the project takes no quota (one held still is only removed)
    for unit_id, wanted in seats.items():
        if unit_id in refused and wanted is not None and (unit_id not in held or wanted != held[unit_id].seats):
            unit = next(u for u in reach if u.id == unit_id)
            raise QuotaRefused("not_for_unit", unit.name, wanted, 0, unit_id=unit_id, findings=refused[unit_id])
    # outside the reach, a quota held still (set before the reach changed) is only removed
    if any(u not in reachable and (u not in held or wanted not in (None, held[u].seats))
           for u, wanted in seats.items()):
        raise ProjectRefused("not_allowed", "quota")
    before = {str(k): q.seats for k, q in held.items()}
    units = {u.id: u for u in db.session.scalars(select(OrgUnit).where(OrgUnit.id.in_(set(seats) | set(held))))}
    removed = [u for u, wanted in seats.items() if wanted is None and u in held]
    added = [u for u, wanted in seats.items() if wanted is not None and u not in held]
    for unit_id in sorted(removed, key=lambda u: -units[u].depth):  # the deepest first
        _remove(project_id, held.pop(unit_id), held, units)
    holding = _holding_states(region)
    for unit_id in sorted(added, key=lambda u: units[u].depth):  # the top first
        held[unit_id] = _add(project_id, units[unit_id], seats[unit_id], held, units, holding)
    for unit_id, wanted in seats.items():
        quota = held.get(unit_id)
        if wanted is not None and unit_id not in added and quota.seats != wanted:
            if wanted < quota.taken:
                raise QuotaRefused("held", units[unit_id].name, wanted, quota.taken, unit_id=unit_id)
            quota.seats = wanted
    _check_levels(held, units, project.capacity)
    db.session.flush()
    after = {str(k): q.seats for k, q in held.items()}
    record_event(actor, "project.quotas", project, before={"quotas": before}, after={"quotas": after},
                 org_unit_id=project.organiser_id)


def _above(unit: OrgUnit, held: Mapping[int, ProjectQuota], units: Mapping[int, OrgUnit]) -> ProjectQuota | None:
    """The quota of the nearest unit strictly above ``unit`` that holds one."""
    paths = set(ancestors(unit.path)) - {unit.path}
    above = [q for u, q in held.items() if _path(u, q, units) in paths]
    return max(above, key=lambda q: len(_path(q.org_unit_id, q, units)), default=None)


def _path(unit_id: int, quota: ProjectQuota, units: Mapping[int, OrgUnit]) -> str:
    return units[unit_id].path if unit_id in units else quota.org_unit.path


def _remove(project_id: int, quota: ProjectQuota, held, units) -> None:
    """A quota removed: the enrollments anchored at it are anchored at the quota above (which
    counts them already), or at none."""
    above = _above(units[quota.org_unit_id], held, units)
    db.session.execute(update(Enrollment).where(Enrollment.quota_id == quota.id)
                       .values(quota_id=above.id if above else None).execution_options(synchronize_session=False))
    db.session.delete(quota)
    db.session.flush()


def _add(project_id: int, unit: OrgUnit, wanted: int, held, units, holding: list[str]) -> ProjectQuota:
    """A new quota: the seats the unit's teachers already hold, anchored at the quota above it
    (or at none), are anchored at it and counted."""
    quota = ProjectQuota(project_id=project_id, org_unit_id=unit.id, seats=wanted, taken=0)
    db.session.add(quota)
    db.session.flush()
    above = _above(unit, held, units)
    theirs = select(Teacher.id).join(OrgUnit, Teacher.school_id == OrgUnit.id).where(
        OrgUnit.path.startswith(unit.path, autoescape=True))
    anchored = (Enrollment.quota_id == above.id if above is not None else
                Enrollment.quota_id.is_(None) & Enrollment.status.in_(holding)
                & (Enrollment.role == ActivityRole.PARTICIPANT.value))
    db.session.execute(update(Enrollment).where(Enrollment.project_id == project_id, anchored,
                                                Enrollment.teacher_id.in_(theirs))
                       .values(quota_id=quota.id).execution_options(synchronize_session=False))
    below = select(ProjectQuota.id).join(OrgUnit, ProjectQuota.org_unit_id == OrgUnit.id).where(
        ProjectQuota.project_id == project_id, OrgUnit.path.startswith(unit.path, autoescape=True))
    taken = db.session.scalar(select(func.count(Enrollment.id)).where(Enrollment.project_id == project_id,
                                                                      Enrollment.quota_id.in_(below)))
    if taken > wanted:
        raise QuotaRefused("held", unit.name, wanted, taken, unit_id=unit.id)
    quota.taken = taken
    return quota


def _holding_states(region: Region) -> list[str]:
    return [s.code for s in region.enrollment_workflow().states if s.holds_seat]


def _check_levels(held: Mapping[int, ProjectQuota], units, capacity: int | None) -> None:
    """No quota above the project's seats (``capacity``), nor above the quota of the nearest
    unit above it holding one. Quotas are caps: those of a district's schools may add up to
    more than the district's, which caps them together (first selected, first seated)."""
    for unit_id, quota in sorted(held.items(), key=lambda item: _path(item[0], item[1], units)):
        unit = units.get(unit_id) or quota.org_unit
        if capacity is not None and quota.seats > capacity:
            raise QuotaRefused("over_capacity", unit.name, quota.seats, capacity, unit_id=unit_id)
        parent = _above(unit, held, units)
        if parent is not None and quota.seats > parent.seats:
            parent_unit = units.get(parent.org_unit_id) or parent.org_unit
            raise QuotaRefused("above_parent", unit.name, quota.seats, parent.seats, parent_unit.name,
                               unit_id=unit_id)


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
    none, else the fewest seats left on any level of the teacher's school path holding one (0:
    none holds one)."""
    if not quotas:
        return None
    paths = set(ancestors(teacher.school.path))
    left = [left for path, left in quotas if path in paths]
    return max(min(left), 0) if left else 0
