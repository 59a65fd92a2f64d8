"""The training needs survey (培训需求调研): asked at a teacher's first sign-in where the region
asks it, answered once and changed at will, and read to recommend trainings."""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from sqlalchemy import or_, select, true

from .. import calculator
from ..extensions import db
from ..models import NeedsSurvey, OrgUnit, Teacher, TrainingProject, User
from ..models.types import utcnow
from ..plugins import Region
from .audit import record_event
from .enrollments import PUBLISHED, offered_condition, own_judgements, own_teacher
from .listing import listed_condition
from .transactions import use_case

RECOMMENDED = 5
LOOKED_AT = 200  # the soonest open trainings scored against the answers


def answers_of(user: User) -> dict | None:
    teacher = own_teacher(user)
    if teacher is None:
        return None
    survey = db.session.get(NeedsSurvey, teacher.id)
    return dict(survey.answers) if survey else None


def asks(region: Region, user: User) -> bool:
    """Whether the user is a teacher the region asks and who has not answered yet."""
    if region.needs_survey() is None:
        return False
    teacher = own_teacher(user)
    return teacher is not None and db.session.get(NeedsSurvey, teacher.id) is None


def offered(region: Region, on: date) -> dict[str, tuple[str, ...] | None]:
    """The codes the survey offers for ``modes`` and ``levels``: those the region's projects may
    take on ``on`` (``portal_project_choices``), else those its rules credit (the calculator's
    choices, ``portal_activity_fields``), else every one (None). A mode no rule or project of the
    region has would be an answer nothing could ever be recommended from (a phone walk's needs
    survey offered 自主研修 and 学历教育 where the rules credit neither)."""
    asked = {a.name: a for a in calculator.asked(region, on)}
    listed = region.project_choices(on)
    kept: dict[str, tuple[str, ...] | None] = {}
    for name, answer in (("mode", "modes"), ("level", "levels")):
        choices = listed.get(name) or (asked[name].choices if name in asked else None)
        kept[answer] = tuple(str(c.code) for c in choices) if choices else None
    return kept


def answer(user: User, answers: Mapping[str, object]) -> None:
    """The use case: the teacher's answers kept (replacing earlier ones), audited."""
    with use_case():
        teacher = own_teacher(user)
        if teacher is None:
            raise LookupError("no teacher record")
        survey = db.session.get(NeedsSurvey, teacher.id)
        before = dict(survey.answers) if survey else None
        if survey is None:
            survey = NeedsSurvey(teacher_id=teacher.id, answers=dict(answers))
            db.session.add(survey)
        else:
            survey.answers, survey.answered_at = dict(answers), utcnow()
        db.session.flush()
        record_event(user, "survey.answered", teacher, before=before, after=dict(answers),
                     org_unit_id=teacher.school_id)


def recommended(user: User, today: date, region: Region | None = None) -> list[tuple[TrainingProject, str]]:
    """Open trainings that match the teacher's answers (and their own stages and subjects),
    best first: a subject or topic they asked for counts twice, a mode or level once; one for
    other stages or subjects, or for a layer's members she is not one of, is never recommended,
    nor one not offered to the teacher (another school's own training, ``enrollments.offered_condition``),
    nor one the region does not list to teachers yet (``listing.listed_condition``), nor one the
    region's rules refuse her or she has selected already (``enrollments.own_judgements``, as the
    catalog's rows say)."""
    answers = answers_of(user)
    teacher = own_teacher(user)
    if not answers or teacher is None:
        return []
    rows = db.session.execute(
        select(TrainingProject, OrgUnit.name).join(OrgUnit, TrainingProject.organiser_id == OrgUnit.id)
        .where(TrainingProject.status == PUBLISHED, TrainingProject.start_date > today,
               or_(TrainingProject.capacity.is_(None), TrainingProject.taken < TrainingProject.capacity),
               offered_condition(region, teacher) if region is not None else true(),
               listed_condition(region, today) if region is not None else true())
        .order_by(TrainingProject.start_date, TrainingProject.id).limit(LOOKED_AT)).all()
    scored = [(_score(project, answers, teacher), project, name) for project, name in rows]
    best = [(project, name) for score, project, name in sorted(scored, key=lambda s: -s[0]) if score > 0]
    if region is None:
        return best[:RECOMMENDED]
    # the region's own selection rules have the last word: a subject asked for in the survey
    # but not taught is no reason a region that matches subjects lets her take it (a phone
    # trial's music teacher who asked for 语文 was recommended a 语文 training the row below
    # said she could not select), nor is a training she selected already worth recommending
    kept: list[tuple[TrainingProject, str]] = []
    for start in range(0, len(best), 4 * RECOMMENDED):
        chunk = best[start:start + 4 * RECOMMENDED]
        judged = own_judgements(region, teacher, [project for project, _name in chunk], utcnow())
        kept += [(project, name) for project, name in chunk
                 if judged[project.id] == (None, ())][:RECOMMENDED - len(kept)]
        if len(kept) == RECOMMENDED:
            break
    return kept


def _score(project: TrainingProject, answers: Mapping, teacher: Teacher) -> int:
    if project.stages and not set(project.stages) & set(teacher.stages or ()):
        return 0
    if project.layer and project.layer != teacher.layer:  # a layer's class (学科带头人班): its members'
        return 0
    subjects = set(answers.get("subjects") or ()) | set(teacher.subjects or ())
    if project.subjects and not set(project.subjects) & subjects:  # for other subjects: not for them
        return 0
    topics = set(answers.get("topics") or ())
    return (2 * len(set(project.subjects or ()) & subjects) + 2 * len(set(project.topics or ()) & topics)
            + (project.mode in (answers.get("modes") or ())) + (project.level in (answers.get("levels") or ())))
