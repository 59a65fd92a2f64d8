"""Training projects: organisers draft and edit them, declare them for the bureau's review
where the region asks for one (``portal_project_review``), and the reviewer approves,
returns them for changes or rejects them; published, they are in the catalog. Each step is
one use case, audited and notified."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal

from flask import current_app
from sqlalchemy import case, exists, func, or_, select

from .. import clock
from ..domain import (
    Activity, ActivityRole, CreditResult, Finding, Grade, HighestLevel, InvalidInput, Level, Mode, OrgKind, ProjectFacts, ProjectStep, SchoolStage, UserRole,
)
from ..domain.calendar import window
from ..domain.enums import LEVELS_DOWN, OWN_LEVEL
from ..domain.labels import LEVEL_LABELS, USER_ROLE_LABELS, labels
from ..domain.selection import CLASS_EXPANSION_REQUEST, DECIDE_CLASSES, DECLARE, REQUEST_CLASSES, REVIEW, SAVE
from ..domain.text import Messages, Quantity, WithinSentence
from ..domain.text import listing as words_listing
from ..extensions import db
from ..models import ClassRequest, Enrollment, OrgUnit, Teacher, TrainingProject, User
from ..models.types import utcnow
from ..plugins import Region
from . import calendar, ledger, listing
from .audit import record_event
from .notifications import holders, notify
from .pagination import Page, clamp
from .scope import Scope, ancestors, tree_order
from .transactions import use_case, writing

_ = Messages("messages", "portal")
PROJECT_LEVEL = "project_level"  # the finding of a level above what its organiser may run, where cited

ORGANISER_ROLES = frozenset({UserRole.SCHOOL_ADMIN, UserRole.DISTRICT_ADMIN, UserRole.CITY_ADMIN,
                             UserRole.PROVINCE_ADMIN, UserRole.INSTITUTION_STAFF})
EDITABLE = frozenset({"draft", "returned"})
# Once a teacher has selected a published project, or its reviewer approved it, what it is
# worth and what it asks of the teacher stay as they were: a published project is not declared
# again (it stays in the catalog, its seats and quotas held); its dates move by ``reschedule``.
FIXED_ONCE_PUBLISHED = ("level", "mode", "program", "hours", "base_credits", "start", "end", "fee")
REVIEW_DECISIONS = {"approve": "published", "return": "returned", "reject": "rejected"}
# The education bureau's roles: who decides a request for more classes of a project nobody
# reviews (``class_deciders``).
BUREAU_ROLES = (UserRole.DISTRICT_ADMIN, UserRole.CITY_ADMIN, UserRole.PROVINCE_ADMIN)


class ProjectRefused(Exception):
    """``code``: not_found, not_allowed, state (not in a state for this step), required
    (``field`` missing), invalid (``field`` wrong), rules (the region's conversion refuses
    ``field``, saying why in ``message``), taken (``field`` is fixed once teachers
    hold seats), reviewed (``field`` is fixed once the reviewer approved the project),
    reason (a reason is needed), refused (the region's ``findings``; at a save, ``field``
    is the one the first of them names), unchanged (nothing to change), past (a start
    moved before today), results (results are recorded: the dates stay), choice
    (``field``, the layer or a topic, is not one the region lists:
    ``portal_project_choices``), level (above what the organiser may run), ended (published
    when no one could select it), ended_classes (more classes asked of a training over),
    no_expansion (more classes asked where the calendar has no class expansion). A
    declaration nobody could review is refused with the finding ``no_reviewer``."""

    def __init__(self, code: str, field: str | None = None, findings: tuple = (), message=None):
        super().__init__(code, field)
        self.code = code
        self.field = field
        self.findings = findings
        self.message = message  # rules: why the region's rules cannot credit the project (words)


@dataclass(frozen=True)
class ProjectInput:
    """A project's fields as the organiser gives them, already validated by the form."""

    name: str
    level: Level
    mode: Mode
    start: date
    end: date
    hours: Decimal
    category: str | None = None
    program: str | None = None
    base_credits: Decimal | None = None
    stages: tuple[SchoolStage, ...] = ()
    subjects: tuple[str, ...] = ()
    layer: str | None = None
    topics: tuple[str, ...] = ()
    class_size: int | None = None
    classes: int = 1
    fee: Decimal = Decimal(0)
    lodging: bool = False
    description: str = ""
    region_fields: Mapping[str, object] = field(default_factory=dict)

    @property
    def capacity(self) -> int | None:
        return None if self.class_size is None else self.class_size * self.classes


def seats_per_class(capacity: int | None, classes: int) -> int | None:
    """A capacity given for the whole project as seats per class (rounded up: no seat lost)."""
    return None if capacity is None else -(-capacity // (classes or 1))


def search_text(name: str, organiser: str, topics, description: str) -> str:
    """What the catalog's keyword search reads (migration 0010 wrote it the same way)."""
    return "\n".join([name or "", organiser or "", " ".join(topics or ()), description or ""]).lower()


def facts(project: TrainingProject) -> ProjectFacts:
    """A project as the region's rules see it."""
    return ProjectFacts(
        id=project.id, name=project.name, level=Level(project.level), mode=Mode(project.mode),
        start=project.start_date, end=project.end_date, hours=project.hours, category=project.category,
        program=project.program, base_credits=project.base_credits,
        stages=tuple(SchoolStage(s) for s in project.stages or ()), subjects=tuple(project.subjects or ()),
        layer=project.layer, topics=tuple(project.topics or ()), fee=project.fee, capacity=project.capacity,
        seats_left=None if project.capacity is None else project.capacity - project.taken,
        organiser=project.organiser.name, organiser_kind=OrgKind(project.organiser.kind),
        region_fields=dict(project.region_fields or {}), lodging=bool(project.lodging),
    )


def input_facts(data: ProjectInput, organiser: OrgUnit) -> ProjectFacts:
    return ProjectFacts(
        name=data.name, level=data.level, mode=data.mode, start=data.start, end=data.end, hours=data.hours,
        category=data.category, program=data.program, base_credits=data.base_credits, stages=data.stages,
        subjects=data.subjects, layer=data.layer, topics=data.topics, fee=data.fee, capacity=data.capacity,
        seats_left=data.capacity, organiser=organiser.name, organiser_kind=OrgKind(organiser.kind),
        region_fields=dict(data.region_fields), lodging=data.lodging,
    )


def organiser_roles(region: Region | None = None) -> frozenset[UserRole]:
    """The roles that create and run training projects: the core's organisers, or those of them
    the region's documents name (``portal_project_organisers``: not an education zone where the
    institutions and the bureau declare projects and the schools run their own)."""
    region = region if region is not None else current_app.extensions["portal.region"]
    named = region.project_organisers()
    return ORGANISER_ROLES if named is None else ORGANISER_ROLES & frozenset(named.roles)


def organiser_units(user: User) -> list[OrgUnit]:
    """The units the user may run projects for: those where they hold an organiser's role."""
    roles = organiser_roles()
    units = {a.org_unit.id: a.org_unit for a in user.roles if UserRole(a.role) in roles}
    return tree_order(units.values())


def organises(user: User) -> bool:
    return bool(user.role_set & organiser_roles())


def creation_refused(region: Region, user: User) -> tuple[Finding, ...]:
    """Why ``user`` creates no training project, where they hold an organiser's role the region
    does not name (``portal_project_organisers``): the roles that do, with the region's clause;
    nothing where they create projects, or hold no organiser's role at all."""
    named = region.project_organisers()
    if named is None or not user.role_set & ORGANISER_ROLES or organises(user):
        return ()
    names = labels(USER_ROLE_LABELS, region.role_labels())
    who = words_listing(names[r] for r in named.roles if r in ORGANISER_ROLES)  # in the region's order
    return (Finding("project_organisers", False, None, None, _(
        "Training projects are created by: {roles}. Your role does not create them.", roles=who), named.source),)


def _organiser_scope(user: User) -> Scope:
    return Scope.of(user, organiser_roles())


# The project's own facts an activity is converted from: the rules refusing one of these
# refuse the project (a refusal of what only a result gives, a grade or a score, does not).
PLANNED_FACTS = frozenset({"level", "mode", "hours", "days", "start", "end", "program", "topics", "base_credits",
                           "planned_hours"})


def planned_activity(level: Level, mode: Mode, hours: Decimal, start: date, end: date, program: str | None,
                     topics, base_credits: Decimal | None) -> Activity:
    """A project as the activity a participant completes in full and passes: a preview
    (``Activity.preview``), the pass and the hours assumed, not recorded."""
    return Activity(level=level, mode=mode, hours=hours, days=(end - start).days + 1, start=start, end=end,
                    grade=Grade.PASS, role=ActivityRole.PARTICIPANT, program=program, topics=tuple(topics or ()),
                    base_credits=base_credits, planned_hours=hours, preview=True)


def _check(region: Region, data: ProjectInput, organiser: OrgUnit, by: UserRole,
           before: ProjectFacts | None = None) -> None:
    """The input as the core and the region's rules judge it at a save (``SAVE``): refused,
    naming the field, by the first thing wrong. The region's findings come before the core's
    level reach (``portal_highest_levels``), so that a region refusing a level in its own words
    and clause is read so, the core's words being for the others."""
    check_input(region, data, before.category if before is not None else None,
                 before.program if before is not None else None, before.layer if before is not None else None)
    found = _refusing(region, SAVE, input_facts(data, organiser), by, before=before)
    if found:
        raise ProjectRefused("refused", next((f.field for f in found if f.field), None), findings=found)
    _within_reach(region, data.level, organiser, before)


def audience_index(kinds, level: Level) -> int | None:
    """Which unit of a path (its kinds, the top first) a project of ``level`` organised at the
    path's end is for: the highest whose own level (``OWN_LEVEL``) is the project's or below it
    (the district for a county-level training a school hosts, the city for a city-level one);
    None when the path holds none, the project being then for its organiser. The one definition
    of a project's audience: its quotas' units (``quotas.audience``) and the teachers the
    catalog offers it to (``enrollments.offered_condition``) both read it."""
    wanted = LEVELS_DOWN.index(Level(level))
    return next((i for i, kind in enumerate(kinds)
                 if OrgKind(kind) in OWN_LEVEL and LEVELS_DOWN.index(OWN_LEVEL[OrgKind(kind)]) >= wanted), None)


def highest_level(region: Region, organiser: OrgUnit) -> HighestLevel | None:
    """The highest level ``organiser`` may give its trainings, with the clause saying so where the
    region gives one (``portal_highest_levels``: by default its own level, a school's
    school-level, citing nothing); None: any (a training institution)."""
    return region.highest_levels().get(OrgKind(organiser.kind))


def _within_reach(region: Region, level: Level, organiser: OrgUnit, before: ProjectFacts | None = None) -> None:
    """A level above what the organiser may run refused, naming both; where the region's
    documents say it (``HighestLevel.source``), a finding citing their clause, as every rule's
    refusal does; the core's default, no document's, cites nothing. An edit keeping the
    project's level and organiser is not judged again (a project saved before stays editable)."""
    if before is not None and (Level(before.level), before.organiser) == (Level(level), organiser.name):
        return
    reach = highest_level(region, organiser)
    if reach is None or LEVELS_DOWN.index(level) >= LEVELS_DOWN.index(reach.level):
        return
    words = labels(LEVEL_LABELS, region.level_labels())
    message = _("{unit} organises trainings of {highest} level or below, not of {level} level: choose {highest} "
                "level or a level below it.", unit=organiser.name, highest=WithinSentence(words[reach.level]),
                level=WithinSentence(words[Level(level)]))
    if reach.source or reach.settings:
        raise ProjectRefused("refused", "level", findings=(
            Finding(PROJECT_LEVEL, False, None, None, message, reach.source, field="level", settings=reach.settings),))
    raise ProjectRefused("level", "level", message=message)


def check_input(region: Region, data: ProjectInput, kept_category: str | None = None,
                 kept_program: str | None = None, kept_layer: str | None = None) -> None:
    """``kept_category``, ``kept_program``, ``kept_layer``: the project's category, program and
    layer before this edit, kept even where projects may no longer be given them (the form offers
    them on that project's edit: a layer typed before the region listed its layers stays until
    changed)."""
    if data.end < data.start:
        raise ProjectRefused("invalid", "end")
    # a centralized training meets on its days (online and school-based ones spread over weeks)
    if data.mode == Mode.CENTRALIZED and (beyond := ledger.beyond_days(data.hours, data.start, data.end)):
        per_day, days = beyond
        raise ProjectRefused("invalid", "hours", message=_(
            "{days} day(s) hold at most {hours} hours a day: check the hours and the dates.", days=days, hours=per_day))
    for name in sorted(region.project_required()):
        if getattr(data, name, None) in (None, "", ()):
            raise ProjectRefused("required", name)
    if data.category and data.category != kept_category and data.category not in {
            c.code for c in region.credited_categories()}:
        raise ProjectRefused("choice", "category")  # one only the ledger makes (a credit bank's borrowing)
    choices = region.project_choices(data.start)  # the levels, modes, layers and topics the region lists, if it does
    for name in ("level", "mode"):
        if name in choices and getattr(data, name).value not in {c.code for c in choices[name]}:
            raise ProjectRefused("choice", name)
    if ("program" in choices and data.program is not None and data.program != kept_program
            and data.program not in {c.code for c in choices["program"]}):
        raise ProjectRefused("choice", "program")  # one the rules credit only as a claim (a training outside the portal)
    if ("layer" in choices and data.layer is not None and data.layer != kept_layer
            and data.layer not in {c.code for c in choices["layer"]}):
        raise ProjectRefused("choice", "layer")
    if "topics" in choices and not set(data.topics) <= {c.code for c in choices["topics"]}:
        raise ProjectRefused("choice", "topics")
    credited = _creditable(region, planned_activity(data.level, data.mode, data.hours, data.start, data.end,
                                                    data.program, data.topics, data.base_credits))
    # a project of no hours that its rules credit nothing for earns nothing and cannot be completed
    # (a recognition of declared credits, such as a self-study achievement, may have no hours)
    if not data.hours > 0 and not (credited is not None and credited.amount > 0):
        raise ProjectRefused("invalid", "hours", message=_("A training lasts more than 0 hours: enter its hours."))
    if (data.category and data.category != kept_category and credited is not None and credited.category
            and data.category != credited.category):
        # the rules decide what its credits count as; a category saying otherwise misleads its reviewer and
        # teachers (a 90-credit project filed as 90以下, a county training as 市级及以上, were both published);
        # one kept from before is left as it is
        labels = region.category_labels()
        raise ProjectRefused("invalid", "category", message=_(
            "The rules count this training's credits as \u201c{category}\u201d: choose that, or leave it empty.",
            category=labels.get(credited.category, credited.category)))


def _creditable(region: Region, activity: Activity) -> CreditResult | None:
    """A project its participants could never be credited for is not offered to them: refused
    where the region's rules refuse its planned facts; else what they would credit (None where
    they refuse a fact the project does not decide)."""
    try:
        return region.convert(activity, on=activity.end)
    except InvalidInput as refused:
        if refused.field in PLANNED_FACTS:
            raise ProjectRefused("rules", refused.field, message=refused.message) from None
        return None


def _columns(data: ProjectInput, organiser: OrgUnit) -> dict:
    values = asdict(data)
    values["stages"] = [s.value for s in data.stages]
    values["subjects"] = list(data.subjects)
    values["topics"] = list(data.topics)
    values["level"], values["mode"] = data.level.value, data.mode.value
    values["start_date"], values["end_date"] = values.pop("start"), values.pop("end")
    values["region_fields"] = dict(data.region_fields)
    values["year"] = data.start.year
    values["capacity"] = data.capacity
    values["search_text"] = search_text(data.name, organiser.name, data.topics, data.description)
    return values


def _project(user: User, project_id: int, *, lock: bool = False) -> TrainingProject:
    query = select(TrainingProject).where(TrainingProject.id == project_id)
    project = db.session.scalar(query.with_for_update(of=TrainingProject) if lock else query)
    if project is None:
        raise ProjectRefused("not_found")
    return project


def may_organise(user: User, project: TrainingProject) -> bool:
    """Whether ``user`` edits, declares and reschedules the project as its organiser: an organiser's
    role over its organising unit, or at that unit itself where the region says each unit runs its
    own (``ProjectOrganisers.own_unit``: the unit above reviews them, it does not rewrite them)."""
    named = current_app.extensions["portal.region"].project_organisers()
    if named is not None and named.own_unit:
        roles = organiser_roles()
        return any(UserRole(a.role) in roles and a.org_unit_id == project.organiser_id for a in user.roles)
    return _organiser_scope(user).covers(project.organiser)


def may_ask_classes(user: User, project: TrainingProject) -> bool:
    """Whether ``user`` asks for more classes of the project: its organiser's own staff, not a
    bureau above that organises too (a trial's city admin asked on an institution's project
    and granted its own request, where the institution asks and the bureau decides)."""
    roles = organiser_roles()
    return any(UserRole(a.role) in roles and a.org_unit_id == project.organiser_id for a in user.roles)


def runs_class_expansion(region: Region, on: date) -> bool:
    """Whether organisers may ask for more classes (扩班) at all: the selection calendar (the
    bureau's, else the region's for the term holding ``on``, or the one its bureau would start
    the term from) has a phase of ``CLASS_EXPANSION_REQUEST``. Where it has none (a region whose
    documents run no class expansion, or date no selection at all) nobody is offered 申请扩班,
    and a request is refused (``no_expansion``); a request already waiting is still decided."""
    phases = calendar.kept()
    if not phases and region.runs_selection_calendar():
        phases = calendar.calendar_view(region, on, seed=True).phases
    return any(p.kind == CLASS_EXPANSION_REQUEST for p in phases)


def reviewer_role(region: Region, project: TrainingProject) -> UserRole | None:
    """The role that reviews the project: the region's, or the first of its ``otherwise``
    held by someone over the organiser's unit when nobody holds the region's own there."""
    review = region.project_review(facts(project))
    if review.role is None or not review.otherwise:
        return review.role
    paths = ancestors(project.organiser.path)
    return next((r for r in (review.role, *review.otherwise) if holders([r], paths)), review.role)


def published_by_organiser(region: Region, project: TrainingProject) -> bool:
    """Whether the project is published as its organiser declares it, with no review between
    (``declare``): the region names no reviewer for it (``portal_project_review``), or the
    organiser's own staff hold the reviewing role over it (a bureau's own project at the level
    it reviews: a trial's city bureau read "reviewed before it is published" on a project it
    published at once)."""
    role = reviewer_role(region, project)
    if role is None:
        return True
    staff = set(holders(organiser_roles(region), [project.organiser.path]))
    return bool(staff) and not staff.isdisjoint(holders([role], ancestors(project.organiser.path)))


def may_review(user: User, region: Region, project: TrainingProject) -> bool:
    role = reviewer_role(region, project)
    return role is not None and Scope.of(user, [role]).covers(project.organiser)


def class_deciders(region: Region, project: TrainingProject) -> tuple[tuple[UserRole, ...], tuple[str, ...]]:
    """Who decides a request for more classes (扩班), as the roles and the paths of the units
    they hold them on: the project's reviewer over its organiser; for a project its organiser
    publishes directly (the region names no reviewer), the education bureau above the
    organiser, whoever holds a bureau role over a unit above the organiser's unit (the district
    over a school's project, the city over the district's or an institution's), or, where no
    bureau stands above, over the organiser's own unit. So a request always has someone to
    decide it, and a bureau with one above it does not grant its own."""
    paths = tuple(ancestors(project.organiser.path))
    role = reviewer_role(region, project)
    if role is not None:
        return (role,), paths
    above = paths[:-1]
    return BUREAU_ROLES, (above if holders(BUREAU_ROLES, above) else paths)


def decider_role(user: User, region: Region, project: TrainingProject) -> UserRole | None:
    """The role in which the user decides the project's requests for more classes, if any."""
    roles, paths = class_deciders(region, project)
    held = {UserRole(a.role) for a in user.roles if UserRole(a.role) in roles and a.org_unit.path in paths}
    return next((r for r in roles if r in held), None)


def may_decide_classes(user: User, region: Region, project: TrainingProject) -> bool:
    return decider_role(user, region, project) is not None


def _guard(region: Region, action: str, project: TrainingProject, role: UserRole, classes: int | None = None,
           decision: str | None = None) -> None:
    """The region's findings on a project's step (its window in the calendar): refused if any is not ok."""
    found = _refusing(region, action, facts(project), role, classes, decision=decision)
    if found:
        raise ProjectRefused("refused", findings=found)


def _refusing(region: Region, action: str, project: ProjectFacts, role: UserRole,
              classes: int | None = None, before: ProjectFacts | None = None, decision: str | None = None) -> tuple:
    at = utcnow()
    day = clock.day_of(at)
    phases = calendar.phases(region, day)
    step = ProjectStep(action, project, role, at, tuple(p for p in phases if p.open_on(day)), classes,
                       tuple(phases), before=before, decision=decision, day=day)
    return tuple(f for f in region.project_findings(step) if not f.ok)


def withheld_steps(region: Region, user: User, project: TrainingProject) -> dict[str, tuple]:
    """The steps the user could take on the project now but for the region's findings (a window
    of the calendar closed), each with the findings that withhold it: the page then offers no
    button for it and says why. ``DECLARE`` for its organiser while it is a draft or returned,
    ``REVIEW`` for its reviewer while it is declared, ``REQUEST_CLASSES`` for whoever asks for
    more classes of it while none is asked (a phone trial's institution filled the form in, then
    read that its window was a fortnight away), ``DECIDE_CLASSES`` for whoever decides the
    request for more classes waiting."""
    withheld = {}
    if project.status in EDITABLE and may_organise(user, project):
        found = _refusing(region, DECLARE, facts(project), _organiser_role(user, project)) or unreviewed(
            region, user, project)
        if found:
            withheld[DECLARE] = found
    if project.status == "declared" and may_review(user, region, project):
        found = review_withheld(region, project)
        if found:
            withheld[REVIEW] = found
    if (project.status == "published" and project.class_size is not None and may_ask_classes(user, project)
            and pending_request(project.id) is None and runs_class_expansion(region, clock.today())):
        found = _refusing(region, REQUEST_CLASSES, facts(project), _organiser_role(user, project), 1)
        if found:
            withheld[REQUEST_CLASSES] = found
    request = pending_request(project.id) if project.status == "published" else None
    if request is not None and may_decide_classes(user, region, project):
        found = classes_withheld(region, user, project, request)
        if found:
            withheld[DECIDE_CLASSES] = found
    return withheld


def unreviewed(region: Region, user: User, project: TrainingProject) -> tuple:
    """The finding withholding the declaration of a project nobody could review (``declare``
    refuses it): the region has it reviewed, the organiser does not review it themselves, and
    nobody holds the reviewing role over its organiser; else nothing."""
    role = reviewer_role(region, project)
    if role is None or may_review(user, region, project) or holders([role], ancestors(project.organiser.path)):
        return ()
    return _nobody_reviews(region, project, role)


def _nobody_reviews(region: Region, project: TrainingProject, role: UserRole) -> tuple:
    return (Finding("no_reviewer", False, None, None, _(
        "Nobody can review this project: it is reviewed by {role} over its organiser, and nobody holds that "
        "role over {unit}. It stays a draft.", role=WithinSentence(labels(USER_ROLE_LABELS, region.role_labels())[role]),
        unit=project.organiser.name), region.project_review(facts(project)).source),)


def review_withheld(region: Region, project: TrainingProject) -> tuple:
    """The region's findings that withhold every review of the declared project now (its review
    window in the calendar not open), none while its reviewer may decide it: one test for the
    project's page, the reviewer's list and the count on their home."""
    return _refusing(region, REVIEW, facts(project), reviewer_role(region, project))


def classes_withheld(region: Region, user: User, project: TrainingProject, request: ClassRequest) -> tuple:
    """The region's findings that withhold the user's decision on the waiting request for more
    classes now (the window for it not open); none while they may decide it."""
    return _refusing(region, DECIDE_CLASSES, facts(project), decider_role(user, region, project), request.classes)


def _organiser_role(user: User, project: TrainingProject) -> UserRole:
    return _role_over(user, project.organiser)


def _role_over(user: User, unit: OrgUnit) -> UserRole:
    """The organiser's role in which ``user`` runs projects for ``unit``."""
    return next(r for r in sorted(user.role_set & organiser_roles()) if Scope.of(user, [r]).covers(unit))


def _weights(region: Region, data: ProjectInput, organiser: OrgUnit) -> dict:
    """The composite assessment's weights the region gives a project of these facts (none: {})."""
    return {k: str(v) for k, v in region.project_assessment_weights(input_facts(data, organiser)).items()}


def create(region: Region, actor: User, organiser_id: int, data: ProjectInput) -> TrainingProject:
    """The use case: a new draft project run by ``organiser_id``, one of the actor's units."""
    with use_case():
        organiser = next((u for u in organiser_units(actor) if u.id == organiser_id), None)
        if organiser is None:
            raise ProjectRefused("not_allowed", "organiser", findings=creation_refused(region, actor))
        _check(region, data, organiser, _role_over(actor, organiser))
        project = TrainingProject(organiser=organiser, taken=0, status="draft", **_columns(data, organiser),
                                  assessment_weights=_weights(region, data, organiser))
        db.session.add(project)
        db.session.flush()
        record_event(actor, "project.created", project, after=_summary(project), org_unit_id=organiser.id)
        return project


def edit(region: Region, actor: User, project_id: int, data: ProjectInput) -> TrainingProject:
    """The use case: the organiser changes a project. A draft or a returned one changes
    freely; a published one keeps what its teachers selected once a seat is taken, and what
    its reviewer approved where the region has it reviewed (``FIXED_ONCE_PUBLISHED``): a
    published project is not declared again. The region's weights of the composite
    assessment follow a change of program while no seat is taken, and are given to a
    project that has none."""
    with use_case():
        project = _project(actor, project_id, lock=True)
        if not may_organise(actor, project):
            raise ProjectRefused("not_found")
        if project.status not in EDITABLE | {"published"}:
            raise ProjectRefused("state")
        columns = _columns(data, project.organiser)
        if project.status == "published":
            current = {"level": project.level, "mode": project.mode, "program": project.program,
                       "hours": project.hours, "base_credits": project.base_credits, "start": project.start_date,
                       "end": project.end_date, "fee": project.fee}
            wanted = {**{k: columns.get(k) for k in current}, "start": data.start, "end": data.end}
            fixed_by = ("taken" if selected(region, project)
                        else "reviewed" if reviewer_role(region, project) is not None else None)
            changed = next((k for k in FIXED_ONCE_PUBLISHED if wanted[k] != current[k]), None)
            if fixed_by and changed:
                raise ProjectRefused(fixed_by, changed)
        _check(region, data, project.organiser, _organiser_role(actor, project), before=facts(project))
        before = _summary(project)
        if columns["capacity"] is not None and columns["capacity"] < project.taken:
            raise ProjectRefused("invalid", "class_size")
        if not project.taken and (data.program != project.program or not project.assessment_weights):
            columns["assessment_weights"] = _weights(region, data, project.organiser)
        for name, value in columns.items():
            setattr(project, name, value)
        db.session.flush()
        record_event(actor, "project.edited", project, before=before, after=_summary(project),
                     org_unit_id=project.organiser_id)
        return project


def declare(region: Region, actor: User, project_id: int) -> TrainingProject:
    """The use case: the organiser hands in a draft (or a returned project). Where the region
    has it reviewed, it waits for the reviewer, who is told; otherwise it is published."""
    with use_case():
        project = _project(actor, project_id, lock=True)
        if not may_organise(actor, project):
            raise ProjectRefused("not_found")
        if project.status not in EDITABLE:
            raise ProjectRefused("state")
        _guard(region, DECLARE, project, _organiser_role(actor, project))
        _not_ended(region, project)
        role = reviewer_role(region, project)
        if role is None or may_review(actor, region, project):
            _publish(actor, project, project.status)
            return project
        reviewers = holders([role], ancestors(project.organiser.path))
        if not reviewers:  # declared, it would wait for a review nobody can give
            raise ProjectRefused("refused", findings=_nobody_reviews(region, project, role))
        before = project.status
        project.status = "declared"
        record_event(actor, "project.declared", project, before={"status": before}, after={"status": "declared"},
                     org_unit_id=project.organiser_id)
        notify(reviewers, project,
               _("Project \u201c{name}\u201d is waiting for your review", name=project.name),
               f"/projects/{project.id}")
        return project


def has_ended(project: TrainingProject) -> bool:
    return project.end_date < clock.today()


def _not_ended(region: Region, project: TrainingProject) -> None:
    """A training that has ended is published only where its organiser then registers it
    (``Workflow.registers_ended``) and admins may submit teachers to it: elsewhere nobody could
    select it (a phone trial's city approved one, a dead end for every teacher; another's
    institution published a past training its teachers select themselves, 个性化培训)."""
    if not has_ended(project):
        return
    if not region.enrollment_workflow().registers_ended or not region.admins_select(
            [r for r in UserRole if r.is_admin], facts(project)):
        raise ProjectRefused("ended", "end")


def review(region: Region, actor: User, project_id: int, decision: str, reason: str) -> TrainingProject:
    """The use case: the reviewer approves (published), returns for changes or rejects a
    declared project; a return or a rejection needs a reason, which the organiser reads."""
    with use_case():
        project = _project(actor, project_id, lock=True)
        if not may_review(actor, region, project):
            raise ProjectRefused("not_found" if not may_organise(actor, project) else "not_allowed")
        if project.status != "declared":
            raise ProjectRefused("state")
        target = REVIEW_DECISIONS.get(decision)
        if target is None:
            raise ProjectRefused("invalid", "decision")
        reason = (reason or "").strip()
        if target != "published" and not reason:
            raise ProjectRefused("reason", "reason")
        _guard(region, REVIEW, project, reviewer_role(region, project), decision=decision)
        if target == "published":
            _not_ended(region, project)
        project.review_note = reason
        if target == "published":
            _publish(actor, project, "declared")
        else:
            project.status = target
            record_event(actor, f"project.{decision}ed" if decision == "return" else "project.rejected", project,
                         before={"status": "declared"}, after={"status": target, "reason": reason},
                         org_unit_id=project.organiser_id)
        listed = listing.listed_from(region, project, clock.today()) if target == "published" else None
        message = {
            "published": _("Project \u201c{name}\u201d is approved and published", name=project.name) if listed is None
            else _("Project \u201c{name}\u201d is approved and published; teachers find it in the catalog from {day}",
                   name=project.name, day=listed.start),
            "returned": _("Project \u201c{name}\u201d was returned for changes: {reason}", name=project.name,
                          reason=reason),
            "rejected": _("Project \u201c{name}\u201d was rejected: {reason}", name=project.name, reason=reason),
        }[target]
        notify(holders(organiser_roles(region), [project.organiser.path]), project, message, f"/projects/{project.id}")
        return project


def _publish(actor: User, project: TrainingProject, before: str) -> None:
    writing()
    project.status = "published"
    project.published_at = utcnow()
    record_event(actor, "project.published", project, before={"status": before}, after={"status": "published"},
                 org_unit_id=project.organiser_id)


def _summary(project: TrainingProject) -> dict:
    return {"name": project.name, "level": project.level, "mode": project.mode, "status": project.status,
            "start": project.start_date.isoformat(), "end": project.end_date.isoformat(),
            "hours": str(project.hours), "capacity": project.capacity}


def may_open(user: User, region: Region, project: TrainingProject) -> bool:
    """Whether the user runs the project's steps: its organiser, reviewer or class decider."""
    return may_organise(user, project) or may_review(user, region, project) or may_decide_classes(user, region, project)


def project_for(user: User, region: Region, project_id: int) -> TrainingProject:
    """A project its organiser or its reviewer may open, whatever its state."""
    project = db.session.get(TrainingProject, project_id)
    if project is None or not may_open(user, region, project):
        raise ProjectRefused("not_found")
    return project


@dataclass(frozen=True)
class ProjectRow:
    project: TrainingProject
    organiser: str


# What an organiser's list shows first (``needs_first``): the projects awaiting a step (a draft
# to finish and declare, one returned for changes, one declared and awaiting review), then the
# trainings still to come or running, then those that have ended, then those that never ran.
AWAITING_STEP = ("draft", "returned", "declared")
CLOSED = ("rejected", "withdrawn")


def needs_first(today: date) -> tuple:
    """The ORDER BY of an organiser's projects, what needs them first, stable (ties by id):
    1. awaiting a step (``AWAITING_STEP``), the soonest to start first;
    2. published and not ended (running or to come), the soonest to start first;
    3. published and ended, the latest to end first;
    4. rejected or withdrawn, the latest to start first.
    Newest created first buried a returned project or the training starting next week under
    the projects entered since; a bureau looks for what waits on it and what comes next."""
    group = case((TrainingProject.status.in_(AWAITING_STEP), 0),
                 (TrainingProject.status.in_(CLOSED), 3),
                 (TrainingProject.end_date < today, 2), else_=1)
    return (group,
            case((group <= 1, TrainingProject.start_date), else_=None).asc(),
            case((group == 2, TrainingProject.end_date), (group == 3, TrainingProject.start_date), else_=None).desc(),
            TrainingProject.id)


def organised_page(user: User, page: int, per_page: int, status: str | None = None,
                   today: date | None = None) -> Page:
    """The projects run by the units in the user's organiser scope, what needs them first
    (``needs_first``): one query for the count, one for the page."""
    condition = _organiser_scope(user).covers_path(OrgUnit.path)
    query = select(TrainingProject, OrgUnit.name).join(OrgUnit, TrainingProject.organiser_id == OrgUnit.id)
    query = query.where(condition)
    if status:
        query = query.where(TrainingProject.status == status)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    page = clamp(page, total, per_page)
    rows = db.session.execute(query.order_by(*needs_first(today or clock.today()))
                              .limit(per_page).offset((page - 1) * per_page)).all()
    return Page([ProjectRow(p, name) for p, name in rows], page, per_page, total)


@dataclass(frozen=True)
class WithheldRow:
    """A project waiting for the user's step that the region withholds now, with its findings
    (a window of the calendar, with its dates and clause)."""

    project: TrainingProject
    organiser: str
    findings: tuple


@dataclass(frozen=True)
class ReviewPage(Page):
    """The declared projects the user may review now (``items``, ``total``), and apart those
    waiting for their review that the region withholds now (``later``: its review window not
    open, ``review_withheld``). A phone trial's city admin read "1 project awaiting your
    decision" on the home, then on the project that its review window was closed."""

    later: tuple[WithheldRow, ...] = ()


def review_page(user: User, region: Region, page: int, per_page: int) -> ReviewPage:
    """The declared projects waiting for this user's review: those they may review now, and
    those the region withholds now (``ReviewPage.later``)."""
    roles = user.role_set
    # the region names the reviewer per project; those the user's roles cover are theirs
    query = (select(TrainingProject, OrgUnit.name).join(OrgUnit, TrainingProject.organiser_id == OrgUnit.id)
             .where(TrainingProject.status == "declared", Scope.of(user, roles).covers_path(OrgUnit.path))
             .order_by(TrainingProject.created_at, TrainingProject.id))
    rows, later = [], []
    for p, name in db.session.execute(query).all():
        if may_review(user, region, p):
            found = review_withheld(region, p)
            if found:
                later.append(WithheldRow(p, name, found))
            else:
                rows.append((p, name))
    page = clamp(page, len(rows), per_page)
    return ReviewPage([ProjectRow(p, name) for p, name in rows[(page - 1) * per_page:page * per_page]],
                      page, per_page, len(rows), tuple(later))


@dataclass(frozen=True)
class ClassRequestRow:
    request: ClassRequest
    project: TrainingProject
    organiser: str
    withheld: tuple = ()  # the region's findings withholding the decision now (``classes_withheld``)


def class_requests_waiting(user: User, region: Region) -> list[ClassRequestRow]:
    """The requests for more classes waiting for this user's decision, oldest first: those of
    the projects in the user's admin scope that they decide (``class_deciders``), each with the
    findings that withhold the decision now (none: they may decide it now)."""
    roles = user.role_set - {UserRole.TEACHER, UserRole.WORKSHOP_LEADER}
    if not roles:
        return []
    query = (select(ClassRequest, TrainingProject, OrgUnit.name)
             .join(TrainingProject, ClassRequest.project_id == TrainingProject.id)
             .join(OrgUnit, TrainingProject.organiser_id == OrgUnit.id)
             .where(ClassRequest.state == "requested", TrainingProject.status == "published",
                    Scope.of(user, roles).covers_path(OrgUnit.path))
             .order_by(ClassRequest.created_at, ClassRequest.id))
    return [ClassRequestRow(r, p, name, classes_withheld(region, user, p, r))
            for r, p, name in db.session.execute(query).all() if may_decide_classes(user, region, p)]


def project_for_enrolling(user: User, project_id: int) -> TrainingProject:
    """A published project an admin may submit teachers to."""
    project = db.session.get(TrainingProject, project_id)
    if project is None or project.status != "published":
        raise ProjectRefused("not_found")
    return project


def request_classes(region: Region, actor: User, project_id: int, classes: int, reason: str) -> ClassRequest:
    """The use case: the organiser asks for ``classes`` more classes of a published project
    (扩班申请); whoever decides it (``class_deciders``) is told. One request waits at a time."""
    with use_case():
        project = _project(actor, project_id, lock=True)
        if not may_organise(actor, project):
            raise ProjectRefused("not_found")
        if not may_ask_classes(actor, project):
            raise ProjectRefused("not_allowed")
        if not runs_class_expansion(region, clock.today()):  # the region's documents have no 扩班
            raise ProjectRefused("no_expansion")
        if project.status != "published" or project.class_size is None:
            raise ProjectRefused("state")
        if has_ended(project):  # no teacher could take the seats (a trial's institution asked on one a month over)
            raise ProjectRefused("ended_classes")
        if not 1 <= classes <= 100:
            raise ProjectRefused("invalid", "classes")
        if not (reason or "").strip():  # whoever decides weighs it: how many are waiting, why more classes
            raise ProjectRefused("reason", "reason")
        if pending_request(project.id) is not None:
            raise ProjectRefused("state")
        _guard(region, REQUEST_CLASSES, project, _organiser_role(actor, project), classes)
        request = ClassRequest(project_id=project.id, classes=classes, reason=(reason or "").strip(),
                               requested_by_id=actor.id, state="requested")
        db.session.add(request)
        db.session.flush()
        record_event(actor, "project.classes_requested", project, after={"classes": classes, "reason": request.reason},
                     org_unit_id=project.organiser_id)
        roles, paths = class_deciders(region, project)
        notify(holders(roles, paths), project,
               _("Project \u201c{name}\u201d asks for {n} more classes", name=project.name, n=classes),
               f"/projects/{project.id}")
        return request


@dataclass(frozen=True)
class ClassesDecided:
    """A request for more classes decided: the request (its ``classes`` and ``state``) and the
    project with the classes it now has, for the decider to be told what was decided, of which."""

    request: ClassRequest
    project: TrainingProject


def decide_classes(region: Region, actor: User, project_id: int, grant: bool, note: str) -> ClassesDecided:
    """The use case: its decider (``class_deciders``) grants the waiting request (the project's
    classes and seats grow) or refuses it with a reason; the organiser is told."""
    with use_case():
        project = _project(actor, project_id, lock=True)
        role = decider_role(actor, region, project)
        if role is None:
            raise ProjectRefused("not_found" if not may_organise(actor, project) else "not_allowed")
        request = pending_request(project.id)
        if request is None:
            raise ProjectRefused("state")
        note = (note or "").strip()
        if not grant and not note:
            raise ProjectRefused("reason", "note")
        _guard(region, DECIDE_CLASSES, project, role, request.classes)
        request.state, request.note = ("granted" if grant else "refused"), note
        request.decided_by_id, request.decided_at = actor.id, utcnow()
        before = {"classes": project.classes, "capacity": project.capacity}
        if grant:
            project.classes += request.classes
            project.capacity = project.classes * project.class_size
        record_event(actor, "project.classes_decided", project, before=before,
                     after={"classes": project.classes, "capacity": project.capacity, "granted": grant, "note": note},
                     org_unit_id=project.organiser_id)
        message = (_("Project \u201c{name}\u201d now has {n} classes", name=project.name, n=project.classes) if grant
                   else _("More classes of \u201c{name}\u201d refused: {reason}", name=project.name, reason=note))
        notify(holders(organiser_roles(region), [project.organiser.path]), project, message, f"/projects/{project.id}")
        return ClassesDecided(request, project)


def pending_request(project_id: int) -> ClassRequest | None:
    return db.session.scalar(select(ClassRequest).where(ClassRequest.project_id == project_id,
                                                        ClassRequest.state == "requested"))


def dates_fixed(region: Region, project: TrainingProject) -> bool:
    """Whether editing keeps a published project's dates (teachers hold seats, or its reviewer
    approved them): they then move only by ``reschedule``, with a reason."""
    return project.status == "published" and (selected(region, project) or reviewer_role(region, project) is not None)


def selected(region: Region, project: TrainingProject) -> bool:
    """Whether teachers hold seats or stand selected, waiting for a seat their school grants
    (a region may count a seat only once it is approved): what they chose then stays."""
    return bool(project.taken) or bool(db.session.scalar(select(exists().where(
        Enrollment.project_id == project.id, Enrollment.status.in_(region.enrollment_workflow().standing())))))


@dataclass(frozen=True)
class Rescheduled:
    """A project moved to new dates, and what completing it credits before and after where the
    region's rules credit it otherwise on the new dates (a daily cap over fewer days): the
    organiser and the teachers are told."""

    project: TrainingProject
    credited_before: Quantity | None = None
    credited_now: Quantity | None = None


def reschedule(region: Region, actor: User, project_id: int, start: date, end: date, reason: str) -> Rescheduled:
    """The use case: the organiser moves a published project's dates (postponed, brought
    forward) while no result is recorded; what its teachers selected is otherwise kept, each
    of them is told why (and what completing it now credits, where the new dates change it),
    and the step is audited. Editing cannot change the dates once a seat is taken
    (``FIXED_ONCE_PUBLISHED``); this is the one way, with a reason."""
    with use_case():
        project = _project(actor, project_id, lock=True)
        if not may_organise(actor, project):
            raise ProjectRefused("not_found")
        withheld = reschedule_withheld(project)
        if withheld == "state":
            raise ProjectRefused("state")
        reason = (reason or "").strip()
        if not reason:
            raise ProjectRefused("reason", "reason")
        if end < start:
            raise ProjectRefused("invalid", "end")
        if (start, end) == (project.start_date, project.end_date):
            raise ProjectRefused("unchanged", "start")
        if start < clock.today() and start != project.start_date:
            raise ProjectRefused("past", "start")
        if withheld:
            raise ProjectRefused(withheld, "start")
        was, now = (_creditable(region, planned_activity(
            Level(project.level), Mode(project.mode), project.hours, first, last, project.program, project.topics,
            project.base_credits)) for first, last in ((project.start_date, project.end_date), (start, end)))
        before = {"start": project.start_date.isoformat(), "end": project.end_date.isoformat()}
        project.start_date, project.end_date, project.year = start, end, start.year
        changed = was is not None and now is not None and (was.amount, was.unit) != (now.amount, now.unit)
        credited = (Quantity(was.amount, was.unit), Quantity(now.amount, now.unit)) if changed else (None, None)
        record_event(actor, "project.rescheduled", project, before=before,
                     after={"start": start.isoformat(), "end": end.isoformat(), "reason": reason},
                     org_unit_id=project.organiser_id)
        told = _("“{name}” now runs {days}: {reason}", name=project.name, days=window(start, end), reason=reason)
        if changed:
            told = _("{told}; completing it now earns {now}, not {was}", told=told, now=credited[1], was=credited[0])
        notify(_participants(region, project.id), project, told, "/me/enrollments")
        return Rescheduled(project, *credited)


def reschedule_withheld(project: TrainingProject) -> str | None:
    """Why no dates at all could move the project now (a ``ProjectRefused`` code: ``state`` while
    it is not published, ``results`` once a result of it is recorded), or None while some new
    dates would be accepted. The one test of both ``reschedule``, which refuses the others, and
    the project's page, which offers its form only where this is None and says why otherwise (a
    phone trial's district filled the form in on a finished training, then read that its
    results forbade it)."""
    if project.status != "published":
        return "state"
    if _has_results(project.id):
        return "results"
    return None


def _has_results(project_id: int) -> bool:
    return bool(db.session.scalar(select(exists().where(
        Enrollment.project_id == project_id,
        or_(Enrollment.attended_hours.is_not(None), Enrollment.grade.is_not(None), Enrollment.score.is_not(None))))))


def _participants(region: Region, project_id: int) -> list[int]:
    """The accounts of the teachers whose selection of the project stands."""
    return list(db.session.scalars(
        select(Teacher.user_id).join(Enrollment, Enrollment.teacher_id == Teacher.id)
        .where(Enrollment.project_id == project_id, Teacher.user_id.is_not(None),
               Enrollment.status.in_(region.enrollment_workflow().standing()))))
