"""A project's training materials (培训情况资料): the files its organiser uploads for those who
audit its credits (the notice, sign-in sheets, photos of the sessions, the programme), kept like
a claim's evidence (``evidence``: checked by their content, outside the web root, removed again
if the transaction rolls back).

Who does what:

- *Upload*: whoever runs the training (``may_upload``): one who may edit the project
  (``projects.may_organise``: an organiser's role over its organising unit) and either holds
  that role at the organising unit itself or holds the step recording the training's results
  (``enrollments.records_results``), at any time. A bureau above an institution may edit the
  institution's project but neither runs its sessions nor records its results: it reads the
  materials, it is not offered the upload, and one posted anyway is refused in words
  (``not_allowed``). A file is held once by a project, and a project holds at most
  ``MAX_MATERIALS``.
- *See and download*: its organisers, its reviewers (``projects.may_review``), the bureau admins
  whose scope covers the organising unit, and whoever takes a step of the credit audit over one
  of its participants (a role acting in the region's audit workflow whose scope covers the
  school of a teacher holding an entry of the project, or the organising unit): they audit the
  credits the materials back. Teachers do not; to anyone else a material is not found (404).
- *Remove*: those who may upload them, while none of the project's credits has gone to audit: every entry
  of its enrollments still in the audit workflow's first state and none ever moved by an audit
  step. Once one has, the materials are what the audit read, and they stay (more may be added).

Each upload and each removal is one use case with its audit event (``project.material_added``,
``project.material_removed``) on the project, naming the file and its digest.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import case, exists, func, or_, select
from sqlalchemy.exc import IntegrityError

from ..domain import UserRole
from ..extensions import db
from ..models import AuditEvent, Enrollment, LedgerEntry, OrgUnit, ProjectMaterial, Teacher, TrainingProject, User
from ..plugins import Region
from . import evidence as files
from .evidence import Upload
from . import projects
from .audit import record_event
from .scope import Scope
from .transactions import use_case

MAX_MATERIALS = 30  # files one project holds (a training's notice, sheets and photos; more is a mistake)
ADDED, REMOVED = "project.material_added", "project.material_removed"
REVIEWED = "ledger.reviewed"  # the audit's event (``reviews.EVENT``)
# Roles that see a project's materials over its organiser: the education bureau's.
BUREAU_ROLES = frozenset({UserRole.DISTRICT_ADMIN, UserRole.CITY_ADMIN, UserRole.PROVINCE_ADMIN})
READ_ONLY_ROLES = frozenset({UserRole.WORKSHOP_LEADER, UserRole.TEACHER})


class MaterialRefused(Exception):
    """``code``: "not_found" (no such project or material for this user), "not_allowed" (the
    user may see the materials but not change them), "files" (none chosen, or more than
    ``detail`` at once), "evidence" (a file refused: ``detail`` its name, ``reason`` the store's
    code: empty, too_large, type), "duplicate" (the project holds this file: ``detail`` its
    name), "full" (the project would hold more than ``detail`` files), "submitted" (a removal
    once the project's credits went to audit)."""

    def __init__(self, code: str, detail: object = "", reason: str = ""):
        super().__init__(code)
        self.code, self.detail, self.reason = code, detail, reason


@dataclass(frozen=True)
class Materials:
    """What the project's page shows of its materials to this user: the files, whether they
    may add some, and whether they may remove them now (``removable``), or why not."""

    items: tuple[ProjectMaterial, ...]
    may_upload: bool
    removable: bool
    submitted: bool  # some of the project's credits have gone to audit: the files stay


# Who sees them -----------------------------------------------------------------------------

def _auditing_scope(user: User, region: Region) -> Scope:
    """The scope of the user's roles that take a step of the credit audit."""
    workflow = region.audit_workflow()
    return Scope.of(user, [r for r in user.role_set - READ_ONLY_ROLES if workflow.awaiting(r)])


def audits(user: User, region: Region, project: TrainingProject) -> bool:
    """Whether the user takes a step of the credit audit over one of the project's participants
    (or over its organiser): one query."""
    scope = _auditing_scope(user, region)
    if not scope:
        return False
    if scope.covers(project.organiser):
        return True
    return bool(db.session.scalar(select(exists().where(
        Enrollment.project_id == project.id, LedgerEntry.enrollment_id == Enrollment.id,
        Teacher.id == LedgerEntry.teacher_id, OrgUnit.id == Teacher.school_id,
        scope.covers_path(OrgUnit.path)))))


def may_see(user: User, region: Region, project: TrainingProject) -> bool:
    """Whether the user may see and download the project's materials (the module's rule)."""
    if not user.is_authenticated:
        return False
    return (projects.may_organise(user, project) or projects.may_review(user, region, project)
            or Scope.of(user, BUREAU_ROLES).covers(project.organiser) or audits(user, region, project))


def project_for(user: User, region: Region, project_id: int) -> TrainingProject:
    """A project whose page the user may open: its organiser's, reviewer's or class decider's
    (``projects.project_for``), or one whose materials they may see (read only)."""
    try:
        return projects.project_for(user, region, project_id)
    except projects.ProjectRefused:
        project = db.session.get(TrainingProject, project_id)
        if project is None or not may_see(user, region, project):
            raise
        return project


def submitted(region: Region, project_id: int) -> bool:
    """Whether any of the project's credits has gone to audit: an entry of its enrollments out
    of the audit workflow's first state, or one ever moved by an audit step (one query)."""
    initial = region.audit_workflow().initial
    of_project = (select(LedgerEntry.id).join(Enrollment, LedgerEntry.enrollment_id == Enrollment.id)
                  .where(Enrollment.project_id == project_id))
    return bool(db.session.scalar(select(or_(
        exists(of_project.where(LedgerEntry.audit_state != initial)),
        exists().where(AuditEvent.subject_type == LedgerEntry.__tablename__, AuditEvent.action == REVIEWED,
                       AuditEvent.subject_id.in_(of_project))))))


def _held(project_id: int) -> list[ProjectMaterial]:
    return list(db.session.scalars(select(ProjectMaterial).where(ProjectMaterial.project_id == project_id)
                                   .order_by(ProjectMaterial.id)))


def may_upload(user: User, region: Region, project: TrainingProject) -> bool:
    """Whether the user adds to (and removes from) the project's materials: they may edit the
    project and run the training, holding an organiser's role at its organising unit itself or
    the step that records its results (the module's rule). A bureau over an institution's
    training edits it and reads its materials, but the notice, sign-in sheets and photos are the
    institution's: a city admin was offered 上传 on a training the institution runs."""
    from .enrollments import records_results  # enrollments reaches this module through reviews

    if not projects.may_organise(user, project):
        return False
    roles = projects.organiser_roles(region)
    own = any(UserRole(a.role) in roles and a.org_unit_id == project.organiser_id for a in user.roles)
    return own or records_results(region, user, project)


def materials(user: User, region: Region, project: TrainingProject) -> Materials | None:
    """The project's materials as its page shows them to this user; None when they may not see
    them (a teacher, anyone outside the rule)."""
    if not may_see(user, region, project):
        return None
    uploads = may_upload(user, region, project)
    gone = submitted(region, project.id)
    return Materials(tuple(_held(project.id)), uploads, uploads and not gone, gone)


def material_file(user: User, region: Region, project_id: int, material_id: int) -> ProjectMaterial | None:
    """A material, if it is the project's and ``user`` may see the project's materials."""
    item = db.session.get(ProjectMaterial, material_id)
    if item is None or item.project_id != project_id:
        return None
    project = db.session.get(TrainingProject, item.project_id)
    return item if may_see(user, region, project) else None


# For the audit -----------------------------------------------------------------------------

def held_count():
    """SQL, beside a query outer-joined to ``TrainingProject`` and to the subquery this returns
    second: how many materials the row's project holds, None where the row has no project.
    ``(subquery, column)``: join ``subquery`` on ``subquery.c.project_id == TrainingProject.id``."""
    held = (select(ProjectMaterial.project_id, func.count(ProjectMaterial.id).label("held"))
            .group_by(ProjectMaterial.project_id).subquery("materials_held"))
    column = case((TrainingProject.id.is_(None), None), else_=func.coalesce(held.c.held, 0))
    return held, column


def held_by_entry(entry: LedgerEntry) -> int | None:
    """How many materials the project of one entry holds (None: no project): one query."""
    if entry.enrollment_id is None:
        return None
    row = db.session.execute(
        select(Enrollment.project_id, func.count(ProjectMaterial.id))
        .outerjoin(ProjectMaterial, ProjectMaterial.project_id == Enrollment.project_id)
        .where(Enrollment.id == entry.enrollment_id).group_by(Enrollment.project_id)).first()
    return None if row is None or row[0] is None else row[1]


# The use cases -------------------------------------------------------------------------------

def _read(uploads: Iterable[Upload]) -> list[tuple[bytes, str, str]]:
    return files.read_uploads(uploads, True, MaterialRefused)


def _organised(user: User, region: Region, project_id: int) -> TrainingProject:
    """The project, locked, if the user may change its materials (``may_upload``): not found to
    one who may not see them, refused in words (``not_allowed``) to one who reads them but does
    not run the training (a bureau over it, which may not edit it where the region has each unit
    edit its own, ``ProjectOrganisers.own_unit``)."""
    project = db.session.scalar(select(TrainingProject).where(TrainingProject.id == project_id)
                                .with_for_update(of=TrainingProject))
    if project is None:
        raise MaterialRefused("not_found")
    if not may_see(user, region, project):
        raise MaterialRefused("not_found")
    if not may_upload(user, region, project):
        raise MaterialRefused("not_allowed")
    return project


def attach(actor: User | None, project: TrainingProject, data: bytes, content_type: str,
           filename: str) -> ProjectMaterial:
    """A building block: one checked file kept as the project's material, with its audit event
    (the caller commits; the file is removed again if it rolls back)."""
    stored = files.write(data, content_type, filename)
    item = ProjectMaterial(project_id=project.id, digest=stored.digest, stored_as=stored.stored_as,
                           content_type=stored.content_type, size=stored.size, filename=stored.filename,
                           created_by_id=actor.id if actor else None)
    db.session.add(item)
    db.session.flush()
    record_event(actor, ADDED, project, after=_described(item), org_unit_id=project.organiser_id)
    return item


def _described(item: ProjectMaterial) -> dict:
    return {"material": item.id, "filename": item.filename, "digest": item.digest, "size": item.size,
            "content_type": item.content_type}


def upload(region: Region, user: User, project_id: int, uploads: Iterable[Upload]) -> list[ProjectMaterial]:
    """The use case: the unit running the training (``may_upload``) adds files to the project's materials, all or none: refused
    if one file is refused, is held by the project already, or the project would hold more
    than ``MAX_MATERIALS``."""
    uploads = tuple(uploads)
    with use_case(keep=True):
        project = _organised(user, region, project_id)
        read = _read(uploads)
        held = {m.digest for m in _held(project.id)}
        if len(held) + len(read) > MAX_MATERIALS:
            raise MaterialRefused("full", MAX_MATERIALS)
        added = []
        for data, content_type, filename in read:
            digest = hashlib.sha256(data).hexdigest()
            if digest in held:
                raise MaterialRefused("duplicate", Path(filename).name)
            held.add(digest)
            added.append(attach(user, project, data, content_type, filename))
        try:
            with db.session.begin_nested():
                db.session.flush()
        except IntegrityError:  # the same file sent at the same moment in two requests
            raise MaterialRefused("duplicate", "") from None
    return added


def remove(region: Region, user: User, project_id: int, material_id: int) -> ProjectMaterial:
    """The use case: the organiser removes a material, while none of the project's credits has
    gone to audit (the module's rule). The file goes once the removal commits."""
    with use_case(keep=True):
        project = _organised(user, region, project_id)
        item = db.session.get(ProjectMaterial, material_id)
        if item is None or item.project_id != project.id:
            raise MaterialRefused("not_found")
        if submitted(region, project.id):
            raise MaterialRefused("submitted")
        record_event(user, REMOVED, project, before=_described(item), org_unit_id=project.organiser_id)
        files.removed_on_commit(item.stored_as)
        db.session.delete(item)
    return item
