"""Enrolling many teachers at once: an admin's picks from a filtered list of their scope, or a
sheet of ID numbers judged row by row before anything is kept; all or none. As participants,
or as the project's instructors and mentors (``enrollments.assign_one``). A sheet of more
rows than an admin should wait for is judged, and then enrolled, by a background job
(``background``) whose page shows its progress."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import func, or_, select

from ..domain import ActivityRole, Finding, UserRole
from ..domain.idcard import InvalidIdNumber, parse_id_number
from ..domain.selection import QUOTA, USED_UP_ABOVE, refused, used_up_message
from ..domain.text import Messages, Text, from_data, to_data
from ..extensions import db
from ..models import Enrollment, OrgUnit, Teacher, TrainingProject, User
from ..models.types import utcnow
from ..plugins import Region
from . import background, quotas
from .enrollments import (
    READ_ONLY_ROLES, MoveRefused, SelectionRefused, assign_one, enrolled_roles, judge_each, select_one,
    selector,
)
from .pagination import Page, clamp
from .scope import Scope
from .transactions import use_case

JUDGE, ENROL = "enrollment.judge_sheet", "enrollment.enrol_sheet"  # the kinds of background job

_ = Messages("messages", "portal")
JUDGED_AT_ONCE = 500  # a sheet's participants judged together: one read of their selections and quotas each


@dataclass(frozen=True)
class Refusal:
    """Why one teacher of a bulk enrollment was refused."""

    teacher: str
    school: str
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class Enrolled:
    """What a bulk enrollment did: how many teachers, and the workflow state they are now in
    (its label), which the admin and the teachers are told: "enrolled" is true only where that
    state says so (a region whose teachers' schools approve first puts them in 待学校批准)."""

    count: int
    state: object


class BulkRefused(Exception):
    def __init__(self, refusals: tuple[Refusal, ...]):
        super().__init__(len(refusals))
        self.refusals = refusals


def enrol_many(region: Region, actor: User, project_id: int, teacher_ids: list[int],
               role: ActivityRole = ActivityRole.PARTICIPANT, at: datetime | None = None,
               progress: Callable[[int, int], None] = background.Progress(None)) -> Enrolled:
    """The use case: an admin submits several teachers of their scope at once, as participants
    or in another ``role``. All or nothing: if any is refused, none is enrolled, and every
    refusal names its teacher and each reason (``BulkRefused``). The answer says how many and
    the state they reached."""
    at = at or utcnow()
    with use_case():
        project = db.session.get(TrainingProject, project_id)
        if project is None:
            raise MoveRefused("not_found")
        if role not in enrolled_roles(region, actor, project):  # teachers select themselves (selected_by)
            raise MoveRefused("not_allowed")
        teachers = db.session.scalars(select(Teacher).where(Teacher.id.in_(set(teacher_ids)))
                                      .order_by(Teacher.name, Teacher.id)).all()
        if len(teachers) != len(set(teacher_ids)) or any(selector(actor, t) in (None, UserRole.TEACHER)
                                                          for t in teachers):
            raise MoveRefused("not_found")
        refusals, reached = [], None
        for done, teacher in enumerate(teachers, start=1):
            try:
                if role == ActivityRole.PARTICIPANT:
                    reached = select_one(region, actor, project, teacher, None, at).status
                else:
                    reached = assign_one(region, actor, project, teacher, role, at).status
            except SelectionRefused as refusal:
                refusals.append(Refusal(teacher.name, teacher.school.name, refusal.findings))
            progress(done, len(teachers))
        if refusals:
            raise BulkRefused(_within_submission(refusals, len(teachers) - len(refusals)))
        workflow = region.enrollment_workflow()
        return Enrolled(len(teachers), workflow.state(reached or workflow.initial).label)


def _within_submission(refusals: list[Refusal], accepted: int) -> tuple[Refusal, ...]:
    """A quota that ran out within the submission says so: "used up" read as if the unit had
    no seat left before (a phone trial ticked 14 teachers with 5 seats of the quota left)."""
    if not accepted:
        return tuple(refusals)
    return tuple(replace(r, findings=tuple(replace(f, message=_ran_out(f.message, accepted))
                                           if f.code == QUOTA and not f.ok else f for f in r.findings))
                 for r in refusals)


def _ran_out(message, accepted: int):
    """The core's "used up" said as run out within the submission. Where the region words the
    refusal around the core's words (``{used_up}``, then what the unit does about it), only those
    are said anew and the region's are kept: a trial's school admin, refused in bulk, lost the
    sentence on whom to ask for more seats that a single enrolment's refusal gives. The unit
    above the school whose quota it is stays named (the district, not 本单位)."""
    def said(unit: str):
        if unit:
            return _.plural("The quota of {unit} for this project ran out within this submission: the teacher "
                            "accepted before took the last seat",
                            "The quota of {unit} for this project ran out within this submission: the {n} "
                            "teachers accepted before took the seats left", accepted, unit=unit)
        return _.plural("The unit's quota for this project ran out within this submission: the teacher accepted "
                        "before took the last seat",
                        "The unit's quota for this project ran out within this submission: the {n} teachers "
                        "accepted before took the seats left", accepted)  # "the 1 teachers" read in English
    return _said_within(message, said) or said("")


def _said_within(message, said):
    """``message`` with the core's "used up" in it (itself, or among its arguments) put as
    ``said`` of the unit it names ("" the teacher's own); None if it holds none."""
    msgid = getattr(message, "msgid", None)
    if msgid == used_up_message().msgid:
        return said("")
    if msgid == USED_UP_ABOVE:
        return said(message.args.get("unit", ""))
    if not isinstance(message, Text) or not message.args:
        return None
    args = {k: _said_within(v, said) for k, v in message.args.items()}
    if all(v is None for v in args.values()):
        return None
    return Text(message.messages, message.msgid, {k: message.args[k] if v is None else v for k, v in args.items()},
                message.plural_id, message.n, message.context)


@dataclass(frozen=True)
class Candidate:
    id: int
    name: str
    school: str
    stages: tuple[str, ...]
    subjects: tuple[str, ...]
    refusals: tuple[Finding, ...] = ()  # why the selection would be refused now: not offered, said before submitting
    # the passing findings that carry a day the submission is due by (the region's deadline, the
    # calendar's window): said once above the list (``closing``), as the quota is
    closing: tuple[Finding, ...] = ()


def candidate_page(user: User, project_id: int, search: str, page: int, per_page: int,
                   region: Region | None = None, at: datetime | None = None) -> Page:
    """The teachers an admin may submit to the project: those of their scope not enrolled in
    it yet, found by name, ID number or school, a page at a time. With ``region`` (the admin
    submits participants), each is judged as the submission would be (``enrollments.judged``:
    the core's facts and the region's findings, the stage, the quota, the window ...), so the
    page offers only those it would accept and says of the others why, before anything is
    submitted."""
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
    judged = _judged(region, user, project_id, [row[0] for row in rows], at or utcnow()) if region else {}
    return Page([Candidate(i, n, s, tuple(st or ()), tuple(su or ()), refused(judged.get(i, ())),
                           tuple(f for f in judged.get(i, ()) if f.ok and f.deadline is not None))
                 for i, n, s, st, su in rows], page, per_page, total)


def closing(page: Page) -> tuple[Finding, ...]:
    """By when the submission is due, as the region's findings on the page's offered teachers say
    it (a deadline, a window's last day), each said once: a trial's school admin read the quota
    left beside the list and nothing of the day the submission closes."""
    said: dict[tuple[str, str], Finding] = {}
    for candidate in page.items:
        if not candidate.refusals:
            for finding in candidate.closing:
                said.setdefault((finding.code, str(finding.message)), finding)
    return tuple(said.values())


def quotas_left(user: User, project_id: int) -> list[quotas.QuotaLeft]:
    """The quotas that bound the admin's submission, with their seats left, said before they
    tick teachers (a phone trial ticked 14 teachers with 5 seats of the quota left)."""
    return quotas.quotas_over(project_id, Scope.of(user, user.role_set - READ_ONLY_ROLES - {UserRole.TEACHER}).paths)


def _judged(region: Region, user: User, project_id: int, teacher_ids: list[int],
            at: datetime) -> dict[int, tuple[Finding, ...]]:
    """The findings on each of a page's teachers as a participant submitted by ``user`` now."""
    project = db.session.get(TrainingProject, project_id)
    if project is None or not teacher_ids:
        return {}
    teachers = [(t, by) for t in db.session.scalars(select(Teacher).where(Teacher.id.in_(teacher_ids)))
                for by in (selector(user, t),) if by is not None]
    found = judge_each(region, [(project, t, by, None) for t, by in teachers], at)  # listed: none enrolled yet
    return {t.id: tuple(f) for (t, _by), f in zip(teachers, found)}


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

    @property
    def reason(self) -> str:
        """What the rows refused for the same reason share (a page lists them together)."""
        return self.problem or " ".join(f.code for f in self.findings)

    def as_data(self) -> dict:
        return {"number": self.number, "id_number": self.id_number, "teacher_id": self.teacher_id,
                "teacher": self.teacher, "school": self.school, "problem": self.problem,
                "findings": [_finding_data(f) for f in self.findings]}

    @classmethod
    def from_data(cls, data: dict) -> SheetRow:
        return cls(**{**data, "findings": tuple(_finding(f) for f in data["findings"])})


def _finding_data(finding: Finding) -> dict:
    """A refusal as a job keeps it: its code, words (read again in the reader's language) and clause."""
    return {"code": finding.code, "message": to_data(finding.message), "source": finding.source}


def _finding(data: dict) -> Finding:
    return Finding(data["code"], False, None, None, from_data(data["message"]), data["source"])


def sheet_cells(rows: list[tuple[int, list]]) -> list[list]:
    """Each numbered row's first cell as ``[row number, ID number, problem]``: a text cell
    holding a valid number (a number cell has lost its last digits in Excel), else why not."""
    cells = []
    for number, row in rows:
        cell = row[0] if row else ""
        if not isinstance(cell, str):
            cells.append([number, str(cell), "not_text"])
            continue
        try:
            cells.append([number, parse_id_number(cell).value, ""])
        except InvalidIdNumber as invalid:
            cells.append([number, cell.strip(), str(invalid)])
    return cells


def sheet_preview(region: Region, actor: User, project_id: int, cells: list[list],
                  role: ActivityRole = ActivityRole.PARTICIPANT, at: datetime | None = None,
                  progress: Callable[[int, int], None] = background.Progress(None)) -> list[SheetRow]:
    """Every row of a sheet (``sheet_cells``) judged before anything is kept: a teacher of the
    actor's scope, not twice in the sheet, and, for a participant, what the region says of
    their selection."""
    at = at or utcnow()
    project = db.session.get(TrainingProject, project_id)
    if project is None:
        raise MoveRefused("not_found")
    if role not in enrolled_roles(region, actor, project):
        raise MoveRefused("not_allowed")
    valid = {id_number for _, id_number, problem in cells if not problem}
    teachers = {t.id_number: t for t in db.session.scalars(
        select(Teacher).where(Teacher.id_number.in_(valid)))} if valid else {}
    states = dict(db.session.execute(select(Enrollment.teacher_id, Enrollment.status)
                                     .where(Enrollment.project_id == project_id)).all())
    enrolled = set(states)
    seen, judged, participants = set(), [], []
    for number, id_number, problem in cells:
        if problem:
            judged.append(SheetRow(number, id_number, problem=problem))
            continue
        teacher = teachers.get(id_number)
        by = selector(actor, teacher) if teacher is not None else None
        if by is None or by == UserRole.TEACHER:
            judged.append(SheetRow(number, id_number, problem="unknown"))
            continue
        row = SheetRow(number, id_number, teacher.id, teacher.name, teacher.school.name)
        if id_number in seen:
            judged.append(replace(row, problem="twice"))
        elif role != ActivityRole.PARTICIPANT:
            seen.add(id_number)
            judged.append(replace(row, problem="enrolled") if teacher.id in enrolled else row)
        else:
            seen.add(id_number)
            participants.append((len(judged), teacher, by))
            judged.append(row)
    progress(len(judged) - len(participants), len(cells))
    for start in range(0, len(participants), JUDGED_AT_ONCE):  # as the submission would judge each
        chunk = participants[start:start + JUDGED_AT_ONCE]
        found = judge_each(region, [(project, t, by, states.get(t.id)) for _i, t, by in chunk], at)
        for (i, _t, _by), findings in zip(chunk, found):
            judged[i] = replace(judged[i], findings=refused(findings))
        progress(len(judged) - len(participants) + start + len(chunk), len(cells))
    return judged


# The same for a sheet too long to judge while the admin waits: two background jobs -------


def start_judging(actor: User, project_id: int, cells: list[list], role: ActivityRole) -> int:
    """The use case: a sheet's rows queued to be judged for ``actor``; the job's id."""
    from ..jobs import judge_enrollment_sheet

    return background.start(actor, JUDGE, {"project": project_id, "cells": cells, "role": role.value},
                            judge_enrollment_sheet)


def judge_sheet_job(region: Region, actor: User, params: dict, progress) -> dict:
    rows = sheet_preview(region, actor, params["project"], params["cells"], ActivityRole(params["role"]),
                         progress=progress)
    return {"rows": [r.as_data() for r in rows]}


@dataclass(frozen=True)
class SheetJob:
    """A sheet's job as its page shows it: how far it has got and, when it is done, the rows
    judged (``rows``), or the teachers enrolled (``enrolled``) or refused (``refusals``)."""

    job: background.JobView
    project_id: int
    role: ActivityRole
    rows: tuple[SheetRow, ...] = ()
    enrolled: int | None = None
    state: object = None  # the label of the state the teachers enrolled are in
    refusals: tuple[Refusal, ...] = ()
    gone: bool = False  # the sheet names someone no longer to be found: nothing was saved

    @property
    def ok(self) -> bool:
        return bool(self.rows) and all(r.ok for r in self.rows)


def sheet_job(actor: User, project_id: int, job_id: int) -> SheetJob:
    """The page's reading of one of the actor's sheet jobs for this project."""
    for kind in (JUDGE, ENROL):
        try:
            job = background.job_view(actor, job_id, kind)
        except background.JobNotFound:
            continue
        if job.params["project"] != project_id:
            break
        result, role = job.result or {}, ActivityRole(job.params["role"])
        return SheetJob(job, project_id, role, tuple(SheetRow.from_data(r) for r in result.get("rows", ())),
                        result.get("enrolled"), from_data(result.get("state")),
                        tuple(Refusal(r["teacher"], r["school"], tuple(_finding(f) for f in r["findings"]))
                              for r in result.get("refusals", ())), bool(result.get("gone")))
    raise MoveRefused("not_found")


def confirm_sheet(actor: User, project_id: int, job_id: int) -> int:
    """The use case: the admin confirms a judged sheet in which every row is in order; the
    enrolling job's id."""
    from ..jobs import enrol_from_sheet

    judged = sheet_job(actor, project_id, job_id)
    if judged.job.kind != JUDGE or judged.job.state != background.DONE or not judged.ok:
        raise MoveRefused("not_allowed")
    return background.start(actor, ENROL, {"project": project_id, "role": judged.role.value, "sheet": job_id,
                                           "teachers": [r.teacher_id for r in judged.rows]}, enrol_from_sheet)


def enrol_sheet_job(region: Region, actor: User, params: dict, progress) -> dict:
    try:
        done = enrol_many(region, actor, params["project"], params["teachers"], ActivityRole(params["role"]),
                          progress=progress)
    except BulkRefused as refused_:
        return {"refusals": [{"teacher": r.teacher, "school": r.school,
                              "findings": [_finding_data(f) for f in r.findings]} for r in refused_.refusals]}
    except MoveRefused:  # a teacher left the admin's scope (or the project went) since the sheet was judged
        return {"gone": True}
    return {"enrolled": done.count, "state": to_data(done.state)}
