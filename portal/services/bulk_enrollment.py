"""Enrolling many teachers at once: an admin's picks from a filtered list of their scope, or a
sheet of ID numbers judged row by row before anything is kept; all or none."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select

from ..domain import Finding, UserRole
from ..domain.idcard import InvalidIdNumber, parse_id_number
from ..domain.selection import refused
from ..extensions import db
from ..models import Enrollment, OrgUnit, Teacher, TrainingProject, User
from ..models.types import utcnow
from ..plugins import Region
from .enrollments import READ_ONLY_ROLES, MoveRefused, SelectionRefused, select_one, selection_findings, selector
from .pagination import Page, clamp
from .scope import Scope
from .transactions import use_case


@dataclass(frozen=True)
class Refusal:
    """Why one teacher of a bulk enrollment was refused."""

    teacher: str
    school: str
    findings: tuple[Finding, ...]


class BulkRefused(Exception):
    def __init__(self, refusals: tuple[Refusal, ...]):
        super().__init__(len(refusals))
        self.refusals = refusals


def enrol_many(region: Region, actor: User, project_id: int, teacher_ids: list[int],
               at: datetime | None = None) -> int:
    """The use case: an admin submits several teachers of their scope at once. All or
    nothing: if any is refused, none is enrolled, and every refusal names its teacher and
    each reason (``BulkRefused``)."""
    at = at or utcnow()
    with use_case():
        project = db.session.get(TrainingProject, project_id)
        if project is None:
            raise MoveRefused("not_found")
        teachers = db.session.scalars(select(Teacher).where(Teacher.id.in_(set(teacher_ids)))
                                      .order_by(Teacher.name, Teacher.id)).all()
        if len(teachers) != len(set(teacher_ids)) or any(selector(actor, t) in (None, UserRole.TEACHER)
                                                          for t in teachers):
            raise MoveRefused("not_found")
        refusals = []
        for teacher in teachers:
            try:
                select_one(region, actor, project, teacher, None, at)
            except SelectionRefused as refusal:
                refusals.append(Refusal(teacher.name, teacher.school.name, refusal.findings))
        if refusals:
            raise BulkRefused(tuple(refusals))
        return len(teachers)


@dataclass(frozen=True)
class Candidate:
    id: int
    name: str
    school: str
    stages: tuple[str, ...]
    subjects: tuple[str, ...]


def candidate_page(user: User, project_id: int, search: str, page: int, per_page: int) -> Page:
    """The teachers an admin may submit to the project: those of their scope not enrolled in
    it yet, found by name, ID number or school, a page at a time."""
    admin = Scope.of(user, user.role_set - READ_ONLY_ROLES - {UserRole.TEACHER})
    if not admin.paths:
        raise MoveRefused("not_found")
    enrolled = select(Enrollment.teacher_id).where(Enrollment.project_id == project_id)
    query = (select(Teacher.id, Teacher.name, OrgUnit.name, Teacher.stages, Teacher.subjects)
             .join(OrgUnit, Teacher.school_id == OrgUnit.id)
             .where(admin.teacher_condition(OrgUnit.path), Teacher.id.not_in(enrolled)))
    term = search.strip()
    if term:
        query = query.where(or_(*(c.contains(term, autoescape=True) for c in (Teacher.name, Teacher.id_number,
                                                                              OrgUnit.name))))
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    page = clamp(page, total, per_page)
    rows = db.session.execute(query.order_by(OrgUnit.name, Teacher.name, Teacher.id)
                              .limit(per_page).offset((page - 1) * per_page)).all()
    return Page([Candidate(i, n, s, tuple(st or ()), tuple(su or ())) for i, n, s, st, su in rows],
                page, per_page, total)


@dataclass(frozen=True)
class SheetRow:
    """One row of an uploaded sheet of ID numbers: the teacher it names, or why it is refused
    (``problem``: a code the page words; ``findings``: the region's refusal)."""

    number: int  # the row's number in the sheet, its heading being row 1
    id_number: str
    teacher_id: int | None = None
    teacher: str = ""
    school: str = ""
    problem: str = ""
    findings: tuple[Finding, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problem and not self.findings


def sheet_preview(region: Region, actor: User, project_id: int, rows: list[list],
                  at: datetime | None = None) -> list[SheetRow]:
    """Every row of a sheet of ID numbers judged before anything is kept: a text cell holding a
    valid number (a number cell has lost its last digits in Excel), a teacher of the actor's
    scope, not twice in the sheet, and what the region says of their selection."""
    at = at or utcnow()
    project = db.session.get(TrainingProject, project_id)
    if project is None:
        raise MoveRefused("not_found")
    cells, parsed = [], {}
    for number, row in enumerate(rows, start=2):
        cell = row[0] if row else ""
        if not isinstance(cell, str):
            cells.append(SheetRow(number, str(cell), problem="not_text"))
            continue
        try:
            value = parse_id_number(cell).value
        except InvalidIdNumber as invalid:
            cells.append(SheetRow(number, cell.strip(), problem=str(invalid)))
            continue
        parsed[number] = value
        cells.append(SheetRow(number, value))
    teachers = {t.id_number: t for t in db.session.scalars(
        select(Teacher).where(Teacher.id_number.in_(set(parsed.values()))))} if parsed else {}
    seen, judged = set(), []
    for row in cells:
        if row.problem:
            judged.append(row)
            continue
        teacher = teachers.get(row.id_number)
        by = selector(actor, teacher) if teacher is not None else None
        if by is None or by == UserRole.TEACHER:
            judged.append(SheetRow(row.number, row.id_number, problem="unknown"))
        elif row.id_number in seen:
            judged.append(SheetRow(row.number, row.id_number, teacher.id, teacher.name, teacher.school.name,
                                   problem="twice"))
        else:
            seen.add(row.id_number)
            found = refused(selection_findings(region, project, teacher, by, at))
            judged.append(SheetRow(row.number, row.id_number, teacher.id, teacher.name, teacher.school.name,
                                   findings=found))
    return judged
