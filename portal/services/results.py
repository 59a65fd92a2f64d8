"""Training results for many enrollments at once: a sheet of hours, grades and part scores
judged row by row before anything is kept, then each recorded through the workflow's step
that asks for a result, all in one transaction or none."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from .. import clock
from ..domain import Grade
from ..domain.activity import parse_amount
from ..domain.selection import ENDED
from ..extensions import db
from ..models import Enrollment, Teacher, TrainingProject, User
from ..plugins import Region
from .enrollments import (MoveInput, MoveRefused, Offer, asked_as_if_due, class_query, locked, result_findings, result_step,
                          results_open_from, take_step)
from .transactions import use_case


@dataclass(frozen=True)
class ResultRow:
    """One row of a sheet of results: the enrollment it records, what it carries, or why not."""

    number: int
    id_number: str
    enrollment_id: int | None = None
    teacher: str = ""
    data: MoveInput | None = None
    problem: str = ""
    message: object = ""

    @property
    def ok(self) -> bool:
        return not self.problem


GRADE_WORDS = {"优": Grade.EXCELLENT, "优秀": Grade.EXCELLENT, "良": Grade.GOOD, "良好": Grade.GOOD,
               "合格": Grade.PASS, "不合格": Grade.FAIL, **{g.value: g for g in Grade}}


class ResultsTooEarly(Exception):
    """The training has not started (``start``: its first day), or the region records its results
    only from its last day (``end``, the region's ``selection.ENDED``) and that is ahead: none of
    its results is recorded yet, so a sheet of them is refused whole, with this one reason."""

    def __init__(self, start: date, end: date | None = None):
        super().__init__(start.isoformat())
        self.start, self.end = start, end


def refuse_early(region: Region, actor: User, project_id: int) -> None:
    """``ResultsTooEarly`` while none of the project's results may be recorded: before its first
    day, or, where the region records results only from the last day (``selection.ENDED``, asked
    of an enrollment whose result the actor records), before that one, its last day said (a sheet
    or its template asked before a five-day training said its first day, on which the rows were
    refused for the last)."""
    project = db.session.get(TrainingProject, project_id)
    if project is None:
        return
    today = clock.today()
    if today < project.end_date and project.end_date > project.start_date and _waits_for_end(region, actor, project):
        raise ResultsTooEarly(project.start_date, project.end_date)
    start = results_open_from(project, today)
    if start is not None:
        raise ResultsTooEarly(start)


def _waits_for_end(region: Region, actor: User, project: TrainingProject) -> bool:
    """Whether the region refuses the result of the project's first enrollment the actor records
    for the training's not having ended (``Offer.ended``)."""
    for enrollment, teacher in db.session.execute(
            select(Enrollment, Teacher).join(Teacher, Enrollment.teacher_id == Teacher.id)
            .where(Enrollment.project_id == project.id).order_by(Enrollment.id)).all():
        step = result_step(region, actor, enrollment)
        if step is not None:
            offer = Offer.read(region, [(enrollment, project, teacher)])
            return bool(offer.ended(region.enrollment_workflow(), enrollment, teacher, step))
    # none stands where the actor records a result yet (choices before an institution's recheck): asked
    # as if one did, as the class list asks it, else a sheet asked for said the first day while the
    # class list said the last
    return asked_as_if_due(region, actor, region.enrollment_workflow(), project, class_query(project.id))


def results_preview(region: Region, actor: User, project_id: int, rows: list[tuple[int, list]],
                    parts: tuple[str, ...]) -> list[ResultRow]:
    """Every numbered row of a sheet of results judged before anything is kept: the ID number of a
    teacher enrolled in the project, hours from 0 with two decimals at most, a grade in words
    (优, 良, 合格, 不合格) or empty, a score for each of ``parts``, and a result step the actor may
    take on that enrollment now. Before the training's first day, or its last where the region
    waits for it, the whole sheet is refused (``ResultsTooEarly``): every row was refused with the
    same reason."""
    refuse_early(region, actor, project_id)
    enrolled = {t.id_number: (e, t) for e, t in db.session.execute(
        select(Enrollment, Teacher).join(Teacher, Enrollment.teacher_id == Teacher.id)
        .where(Enrollment.project_id == project_id)).all()}
    offer = Offer.read(region, [(e, e.project, t) for e, t in enrolled.values()])  # the guards, as a list asks them
    workflow = region.enrollment_workflow()
    judged, seen = [], set()
    for number, row in rows:
        cells = [*row, *[""] * (3 + len(parts) - len(row))]
        id_number = str(cells[0]).strip().upper() if isinstance(cells[0], str) else str(cells[0])
        found = enrolled.get(id_number) if isinstance(cells[0], str) else None
        if found is None:
            judged.append(ResultRow(number, id_number, problem="not_text" if not isinstance(cells[0], str)
                                    else "not_enrolled"))
            continue
        enrollment, teacher = found
        if id_number in seen:
            judged.append(ResultRow(number, id_number, enrollment.id, teacher.name, problem="twice"))
            continue
        seen.add(id_number)
        try:
            hours = parse_amount(str(cells[1]).strip()) if str(cells[1]).strip() else None
            scores = {part: parse_amount(str(cell).strip()) for part, cell in zip(parts, cells[3:3 + len(parts)])
                      if str(cell).strip()}
        except ValueError:
            judged.append(ResultRow(number, id_number, enrollment.id, teacher.name, problem="number"))
            continue
        grade_word = str(cells[2]).strip()
        if grade_word and grade_word not in GRADE_WORDS:
            judged.append(ResultRow(number, id_number, enrollment.id, teacher.name, problem="grade"))
            continue
        data = MoveInput(attended_hours=hours, grade=GRADE_WORDS.get(grade_word), scores=scores)
        step = result_step(region, actor, enrollment)
        if step is None:
            judged.append(ResultRow(number, id_number, enrollment.id, teacher.name, data,
                                    problem=_no_step(workflow, enrollment)))
            continue
        if not step.grade_given(data.grade):
            judged.append(ResultRow(number, id_number, enrollment.id, teacher.name, data, problem="step_grade"))
            continue
        found = result_findings(enrollment.project, hours, clock.today()) or offer.refusals(
            workflow, enrollment, teacher, step)  # the region's too: a training it assesses once over
        if any(f.code == ENDED for f in found):
            # the region waits for the last day: every row would be refused so (a phone trial's
            # institution was offered the sheet on a training's first days): refused whole
            project = enrollment.project
            raise ResultsTooEarly(project.start_date, project.end_date)
        if found:
            judged.append(ResultRow(number, id_number, enrollment.id, teacher.name, data, problem="result",
                                    message="; ".join(str(f.message) for f in found)))
            continue
        judged.append(ResultRow(number, id_number, enrollment.id, teacher.name, data))
    return judged


def _no_step(workflow, enrollment) -> str:
    """Why no result may be recorded: it is recorded already (the enrollment's state is final),
    or the enrollment is not at the step that records one."""
    return "recorded" if workflow.state(enrollment.status).final else "no_step"


class ResultsRefused(Exception):
    def __init__(self, rows: tuple[ResultRow, ...]):
        super().__init__(len(rows))
        self.rows = rows


def record_results(region: Region, actor: User, project_id: int, results: list[tuple[int, MoveInput]]) -> int:
    """The use case: the results of several enrollments of the project, each the step that
    asks for a result, past the region's guards and rules; all or none (``ResultsRefused``
    names each refused row's teacher and reason)."""
    with use_case():
        refuse_early(region, actor, project_id)  # before anything is changed
        refusals = []
        for number, (enrollment_id, data) in enumerate(results, start=2):
            enrollment = locked(enrollment_id)
            if enrollment is None or enrollment.project_id != project_id:
                raise MoveRefused("not_found")
            step = result_step(region, actor, enrollment)
            if step is None:
                refusals.append(ResultRow(number, enrollment.teacher.id_number, enrollment_id, enrollment.teacher.name,
                                          problem=_no_step(region.enrollment_workflow(), enrollment)))
                continue
            try:
                with db.session.begin_nested():
                    take_step(region, actor, enrollment, step, data)
            except MoveRefused as refused:
                message = refused.message or "; ".join(str(f.message) for f in refused.findings)
                refusals.append(ResultRow(number, enrollment.teacher.id_number, enrollment_id,
                                          enrollment.teacher.name, data, problem=refused.code, message=message))
        if refusals:
            raise ResultsRefused(tuple(refusals))
        return len(results)


def awaiting_results(region: Region, actor: User, project_id: int) -> list[tuple[str, str]]:
    """The ID numbers and names of the project's enrollments whose result the actor may record
    now (none before the training's first day, when the core refuses every result)."""
    project = db.session.get(TrainingProject, project_id)
    if project is None or results_open_from(project) is not None:
        return []
    rows = db.session.execute(select(Enrollment, Teacher).join(Teacher, Enrollment.teacher_id == Teacher.id)
                              .where(Enrollment.project_id == project_id).order_by(Teacher.name, Teacher.id)).all()
    return [(t.id_number, t.name) for e, t in rows if result_step(region, actor, e) is not None]
