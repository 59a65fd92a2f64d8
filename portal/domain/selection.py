"""What a region's selection rules see and say: a project, the teacher who would take it, the
selection calendar, and the findings every region writes about a selection (the school
stage, the subject, the layer, the unit's quota, the window, the fee), each citing the
region's clause.

A selection is refused when any finding is not ok; the page shows every finding, so a
teacher who may not select a project reads why, with the clause.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from .calendar import window
from .enums import ActivityRole, Level, Mode, OrgKind, SchoolStage, UserRole
from .ledger import TeacherFacts
from .results import Finding, Words
from .text import Messages

_ = Messages("messages", "portal")

# The codes of the findings every region may write, so that the core and the pages know them.
STAGE = "selection_stage"
SUBJECT = "selection_subject"
LAYER = "selection_layer"
QUOTA = "selection_quota"
WINDOW = "selection_window"
FEE = "selection_fee"
PREREQUISITE = "selection_prerequisite"
ENDED = "completion_after_end"
CLASH = "selection_clash"
LISTED = "selection_listed"
SELECTOR = "selection_by"  # the finding: someone the region does not have select the project (``not_selector``)
# The region's refusal of a unit it has allocated none of a project's seats (its documents allocate
# them to units, 名额尚未分配), with its clause: the core's own word on the unit's quota then gives way
# to it, as to a region's ``QUOTA`` finding, rather than say the quota a second time.
UNALLOCATED = "selection_quota_unallocated"


@dataclass(frozen=True)
class Phase:
    """One phase of a selection calendar (选课进程): its kind (``declaration``,
    ``round1_selection`` ...), the days it is open, who acts in it and the clause that sets it.
    A region names the kinds it runs and seeds each term's dates; the bureau edits them."""

    kind: str
    label: Words
    start: date
    end: date
    actors: tuple[UserRole, ...] = ()
    source: str = ""

    def open_on(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class PhaseOrder:
    """An order the region's documents set between two phases of its calendar
    (``portal_selection_phase_order``): the phase of kind ``then`` comes after the one of kind
    ``first``. With ``overlap`` it may run alongside it (a principal reviews round 1's choices
    while round 1 is still open) but neither starts nor ends before it; without, it starts only
    after ``first`` has ended (round 2 after round 1). ``source``: the clause that sets it."""

    first: str
    then: str
    overlap: bool = False
    source: str = ""

    def holds(self, first: Phase, then: Phase) -> bool:
        if self.overlap:
            return then.start >= first.start and then.end >= first.end
        return then.start > first.end


# The core project fields a region may require (``portal_project_required``): the names the
# JSON API and the rules command give them.
REQUIRABLE_PROJECT_FIELDS = frozenset({"program", "stages", "subjects", "layer", "category", "capacity",
                                       "base_credits", "description", "topics"})


@dataclass(frozen=True)
class ProjectFacts:
    """A training project as the region's rules see it. ``seats_left`` is None when the
    project has no capacity; ``region_fields`` are the values of the region's own fields;
    ``lodging`` whether the project offers lodging (the core's field 提供住宿), so a region may ask
    its own lodging question (``portal_enrollment_form``) of those projects alone."""

    name: str
    level: Level
    mode: Mode
    start: date
    end: date
    hours: Decimal
    id: int | None = None
    category: str | None = None
    program: str | None = None
    base_credits: Decimal | None = None
    stages: tuple[SchoolStage, ...] = ()
    subjects: tuple[str, ...] = ()
    layer: str | None = None
    topics: tuple[str, ...] = ()
    fee: Decimal = Decimal(0)
    capacity: int | None = None
    seats_left: int | None = None
    organiser: str = ""  # the organising unit's name
    region_fields: Mapping[str, object] = field(default_factory=dict)
    organiser_kind: OrgKind | None = None  # the organising unit's kind: a district bureau, a school, an institution
    lodging: bool = False  # the project offers lodging (提供住宿)


@dataclass(frozen=True)
class UnitFacts:
    """An org unit a project's seats may be allocated to (名额分配), as the region's
    ``portal_unit_findings`` sees it: its ``name`` and ``kind``, and ``above``: the names of the
    units above it, the nearest first, up to the unit the project is for (a school's district
    first, then the city), for documents that say by unit whom a training is for."""

    name: str
    kind: OrgKind
    above: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """Its own name, then those of the units above it."""
        return (self.name, *self.above)


@dataclass(frozen=True)
class ProjectReview:
    """Who reviews a declared project before it is published (``portal_project_review``):
    a role over the organiser's unit, and the clause; ``role=None``: published directly.
    ``otherwise``: the roles that review in turn where nobody holds ``role`` over the
    organiser's unit (a school the city runs itself has no district above it)."""

    role: UserRole | None
    source: str = ""
    otherwise: tuple[UserRole, ...] = ()


@dataclass(frozen=True)
class HighestLevel:
    """The highest level a kind of unit's projects may have (``portal_highest_levels``), and
    the clause of the region's documents that says so, cited by the refusal of a level above
    it. A bare ``Level`` in the hook's mapping is one without a clause (the core's default, a
    unit's own level, is a default, no document's): its refusal cites nothing."""

    level: Level
    source: str = ""
    # the region's settings the reach comes from, where its documents name the levels but not which
    # unit runs which: the refusal names them beside the clause, as every rule's finding does
    settings: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProjectOrganisers:
    """Who creates (declares and runs) training projects where the region's documents name them
    (``portal_project_organisers``): the admin roles, and the clause naming them. The core's
    organiser roles outside ``roles`` create none: no Projects menu, no new-project form, a
    creation refused with the roles and the clause. ``own_unit``: each unit edits, declares and
    reschedules its own projects only, not an organiser role above its unit (where the documents
    have each unit declare and run its trainings and the unit above review them: a bureau was
    offered 修改 and 改期 on a training an institution declared and runs)."""

    roles: tuple[UserRole, ...]
    source: str = ""
    own_unit: bool = False


@dataclass(frozen=True)
class HoursCondition:
    """What a teacher must complete for a project's hours to be credited, where the region's
    documents attach a condition to the hours they state (``portal_hours_condition``: a notice's
    60 学时, registered only on passing its composite assessment): said beside the hours wherever
    a project's page states them, with ``source``, the clause that sets it. ``short``: a few words
    for where only the hours fit (a catalog card, the organiser's "what completing it would earn":
    合格后计入), so that they are not read as earned unconditionally; None: the core's words for
    a condition."""

    message: Words
    source: str
    short: Words | None = None


@dataclass(frozen=True)
class CatalogListing:
    """When the teachers' catalog lists a published project (``portal_catalog_listing``): from
    the first day of the selection calendar's phase of kind ``phase`` (a browsing window, a
    formal publication), ``source`` the clause that has teachers see the term's projects from
    then. A project published within the term (on or after the calendar's first day) before
    that day is listed to teachers from it; one published on or after it, at once; and every
    project is listed at once when the calendar in force has no such phase or the day has come.
    Its organiser and its reviewer see it all along."""

    phase: str
    source: str = ""

    def listed_from(self, calendar: Iterable[Phase], day: date, published_on: date | None) -> Phase | None:
        """The phase from whose first day teachers see a project published on ``published_on``
        (None: a day not known, listed as at once), when that day is after ``day``; None when
        they see it on ``day`` already."""
        phases = tuple(calendar)
        phase = calendar_phase(phases, self.phase)
        if phase is None or day >= phase.start or published_on is None:
            return None
        term = min(p.start for p in phases)
        return phase if term <= published_on < phase.start else None

    def cited(self, phase: Phase) -> str:
        """The clause to cite beside the day: the listing's own, else the phase's."""
        return self.source or phase.source

    def not_yet(self, phase: Phase) -> Finding:
        """A teacher's selection of a project the catalog does not list to teachers yet: it lifts
        on the phase's first day."""
        return Finding(LISTED, False, None, None,
                       _("Teachers find this training in the catalog from {day} ({phase}): it may be selected from then",
                         day=phase.start, phase=phase.label), self.cited(phase))

    def note(self, phase: Phase) -> Words:
        """What its organiser and its reviewer read of a published project teachers do not see yet."""
        return _("Teachers find it in the catalog from {day} ({phase}); it is not listed to them before then",
                 day=phase.start, phase=phase.label)


@dataclass(frozen=True)
class PastSelection:
    """Another selection of the same teacher: the project, its state, the calendar phase it
    was made in (``round1_selection`` ...) and when; the project's ``program``, ``name``, ``mode``
    and the days it runs (``start``, ``end``), for a rule on the trainings a teacher takes at once."""

    project_id: int
    state: str
    phase: str | None
    at: datetime
    day: date | None = None
    program: str | None = None
    start: date | None = None
    end: date | None = None
    name: str = ""
    mode: Mode | None = None

    @property
    def on(self) -> date:
        """The bureau's date when it was made (``at`` is UTC)."""
        return self.day or self.at.date()


@dataclass(frozen=True)
class Selection:
    """A teacher about to take a project, as the region's ``portal_selection_findings`` sees it.

    ``by`` is the role of whoever selects: the teacher themselves, or an admin submitting
    them; ``role`` what the teacher does in the project (a participant, or its instructor).
    ``phases`` are the calendar phases open at ``at``, ``calendar`` every phase of the
    calendar in force, open or not (to name a window's dates when it is closed); ``quota_left`` the seats the
    project still holds for the teacher's unit (None: the project has no quota for it);
    ``quota_allocated`` whether its seats are allocated to the teacher's unit: a unit on their
    school's path below the unit the project is for (their district, their school) holds a quota
    of it (a quota of the unit the project is for alone bounds the whole, allocating to none of
    its units; where the region's documents allocate a project's seats to units, a unit holding
    none has none yet); ``quota_unallocated`` whether the project allocates its seats to units
    but to none on the teacher's school path (``quota_left`` is then 0: nothing was allocated to
    their unit, which is not a quota used up);
    ``others``: the teacher's other selections of the project's year or made in the year before
    ``at`` (a term's rounds select trainings that run into the next year); ``day`` the bureau's
    date at ``at`` (``at`` is UTC: 17:00 on 2 December is 3 December in Shanghai); ``again``
    the state of the teacher's earlier enrollment in this project when there is one (a lapsed
    one is taken up again by selecting anew: the region may tell who let it lapse);
    ``school_under`` the name of the unit the teacher's school sits under (its district or
    county; the city's own name for a school the city runs itself), for documents that say by
    unit whom a training is for. ``reader`` is the role of whoever reads the findings when not the
    one selecting (a school reviewing the cautions of a teacher's own choice): they speak to the
    teacher as 您 only where she reads them (``to_teacher``); a trial's principal read 与您任教的
    学段不同 of the teacher's choice she was reviewing."""

    project: ProjectFacts
    teacher: TeacherFacts
    at: datetime
    by: UserRole
    subjects: tuple[str, ...] = ()
    phases: tuple[Phase, ...] = ()
    quota_left: int | None = None
    others: tuple[PastSelection, ...] = ()
    role: ActivityRole = ActivityRole.PARTICIPANT
    day: date | None = None
    calendar: tuple[Phase, ...] = ()
    again: str | None = None
    school_under: str = ""
    quota_allocated: bool = False
    quota_unallocated: bool = False
    quota_unit: str = ""  # the unit above the teacher's school whose quota has no seat left ("": their school's own)
    reader: UserRole | None = None

    @property
    def to_teacher(self) -> bool:
        """Whether the findings are read by the teacher selecting, of herself (您), rather than by
        an admin of the teacher."""
        return (self.reader or self.by) == UserRole.TEACHER

    @property
    def on(self) -> date:
        return self.day or self.at.date()

    def phase_open(self, *kinds: str) -> Phase | None:
        return next((p for p in self.phases if p.kind in kinds), None)


@dataclass(frozen=True)
class Move:
    """An enrollment about to take a transition of the region's workflow, as the region's
    ``portal_move_findings`` sees it.

    ``selection`` is the enrollment as of the move: its ``at`` is the moment of the move and
    its ``phases`` the calendar phases open then (a review refused outside its window);
    ``phase`` the phase the enrollment was selected in (round 1, round 2). ``state`` is its
    state now, ``target`` the step's, ``by`` the role the actor takes it in. ``data`` holds
    what the step carries: ``reason`` (text), ``attended_hours`` (Decimal or None), ``grade``
    (a ``Grade`` value or None), ``scores`` (component → Decimal), ``payment`` (a method's
    code), ``evaluation`` (1–5), ``comment`` and ``agreed`` (the notice read and agreed to).

    ``data`` is None when the portal only asks whether to offer the step (a button on a
    list, before anyone clicks it): a guard then judges what it can without what the step
    carries (who, when, which project, what is already recorded) and leaves the rest to the
    click, when it is asked again with the data. ``recorded`` is what the enrollment already
    holds: ``attended_hours``, ``grade``, ``scores`` and the region's fields (``payment``,
    ``evaluation`` ...), as the last step that recorded them left them."""

    selection: Selection
    state: str
    target: str
    by: UserRole
    phase: str | None = None
    data: Mapping[str, object] | None = field(default_factory=dict)
    recorded: Mapping[str, object] = field(default_factory=dict)

    @property
    def asking(self) -> bool:
        """Whether the portal only asks whether to offer the step (no data yet)."""
        return self.data is None

    @property
    def at(self) -> datetime:
        return self.selection.at


def on_quota(finding: Finding) -> bool:
    """Whether a region's finding judges the unit's quota itself (``QUOTA``, ``UNALLOCATED``)."""
    return finding.code in (QUOTA, UNALLOCATED)


def said(findings: Iterable[Finding], selection: Selection) -> tuple[Finding, ...]:
    """The findings worth telling about the selection: a unit-quota finding is left out when the
    project allocates no seats to units (it could only say a quota that is not there has seats)."""
    return tuple(f for f in findings if not (f.code == QUOTA and f.ok and selection.quota_left is None))


def not_selector(by: UserRole) -> Finding:
    """The finding refusing a selection by someone the region does not have select the project
    (``Workflow.selected_by``, ``portal_selected_by``): an admin where teachers select
    themselves, a teacher where an admin submits them. Worded here once: a region refusing
    it by its own rule with its clause says these words (a phone trial's teacher read two
    wordings of one refusal on one region's pages)."""
    if by == UserRole.TEACHER:
        message = _("Teachers do not enrol themselves in this training: your school's or district's "
                    "administrator submits you.")
    else:
        message = _("Teachers select this training themselves: nobody enrols them as participants.")
    return Finding(SELECTOR, False, None, None, message, "")


def refused(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """The findings that refuse."""
    return tuple(f for f in findings if not f.ok)


def stage_finding(selection: Selection, source: str) -> Finding:
    """The project is for the stages the teacher teaches (a project for no stage in particular
    is open to all)."""
    wanted = selection.project.stages
    ok = not wanted or bool(set(wanted) & set(selection.teacher.stages))
    # said to the teacher selecting it as "you", as the layer's finding does (a phone trial's
    # teacher read "Not for you now: … than those the teacher teaches" of herself)
    yours = selection.to_teacher
    message = ((_("The project is open to the school stages you teach") if yours
                else _("The project is open to the school stages the teacher teaches")) if ok
               else _("The project is for other school stages than those you teach") if yours
               else _("The project is for other school stages than those the teacher teaches"))
    return Finding(STAGE, ok, None, None, message, source)


def subject_finding(selection: Selection, source: str) -> Finding:
    """The project is for a subject the teacher teaches (or for every subject)."""
    wanted = selection.project.subjects
    ok = not wanted or bool(set(wanted) & set(selection.subjects))
    yours = selection.to_teacher
    message = ((_("The project is open to the subjects you teach") if yours
                else _("The project is open to the subjects the teacher teaches")) if ok
               else _("The project is for other subjects than those you teach") if yours
               else _("The project is for other subjects than those the teacher teaches"))
    return Finding(SUBJECT, ok, None, None, message, source)


def layer_finding(selection: Selection, source: str) -> Finding:
    """The project is for the teacher's layer and category (分层分类), or for every layer. A
    layer not recorded is told to the teacher selecting as theirs (``by``, as a region's
    self-selection finding does), and to an admin submitting them as the teacher's."""
    wanted = selection.project.layer
    ok = not wanted or wanted == selection.teacher.layer
    theirs = selection.teacher.layer
    yours = selection.to_teacher
    message = ((_("The project matches your layer") if yours
                else _("The project matches the teacher's layer")) if ok
               else _("The project is for the layer “{project}”; yours is recorded as “{teacher}”",
                      project=wanted, teacher=theirs) if theirs and yours
               else _("The project is for the layer “{project}”, the teacher's is “{teacher}”",
                      project=wanted, teacher=theirs) if theirs
               else _("The project is for the layer “{project}”; your layer is not recorded: "
                      "ask the school's admin to record it with your details", project=wanted)
               if yours
               else _("The project is for the layer “{project}”; the teacher's layer is not recorded: "
                      "the school's admin records it with the teacher's details", project=wanted))
    return Finding(LAYER, ok, None, None, message, source)


def quota_finding(selection: Selection, source: str) -> Finding:
    """The teacher's unit still has a seat of its quota in the project. Where the project
    allocates none (``quota_left`` None) the finding is ok and dropped from what the teacher
    reads (``said``): only the seats left are told, never a unit's quota that does not exist."""
    left = selection.quota_left
    ok = left is None or left > 0
    if not ok and selection.quota_unallocated:
        return Finding(UNALLOCATED, False, None, Decimal(0), unallocated_message(), source)
    message = _("The unit's quota has seats left") if ok else used_up_message(selection.quota_unit)
    return Finding(QUOTA, ok, None, Decimal(left) if left is not None else None, message, source)


USED_UP_ABOVE = "The quota of {unit} for this project is used up"


def used_up_message(unit: str = ""):
    """The unit's quota of the project, or one above it, is taken (its seats were allocated):
    one above it is named (``unit``, the district's), not said as the teacher's own unit's (a
    phone trial's school admin read 本单位 of the district's quota run out)."""
    if unit:
        return _(USED_UP_ABOVE, unit=unit)
    return _("The unit's quota for this project is used up")


def unallocated_message():
    """The project allocates its seats to units, none of them to the teacher's unit or above it:
    nothing was ever allocated to it, so nothing is used up."""
    return _("No seats of this project were allocated to the unit")


LATER = "Selection is not open now; {phase} runs from {start} to {end}"


def opens_later(finding: Finding) -> bool:
    """A selection window closed now whose next phase is still to come (``window_finding``):
    a refusal that lifts by itself, unlike one whose term's selection is over."""
    return finding.code == WINDOW and not finding.ok and getattr(finding.message, "msgid", None) == LATER


def window_finding(selection: Selection, kinds: tuple[str, ...], source: str) -> Finding:
    """A phase of one of ``kinds`` is open now: selection happens only in its window. When none
    is, the teacher reads when the next one opens, or that the term's last one has ended."""
    phase = selection.phase_open(*kinds)
    if phase:
        message = _("Selection is open: {phase}, until {end}", phase=phase.label, end=phase.end)
    else:
        windows = [p for p in selection.calendar if p.kind in kinds]
        later = min((p for p in windows if p.start > selection.on), key=lambda p: p.start, default=None)
        ended = max((p for p in windows if p.end < selection.on), key=lambda p: p.end, default=None)
        message = (_(LATER, phase=later.label, start=later.start, end=later.end) if later
                   else _("Selection is over for this term: {phase} ended on {end}", phase=ended.label, end=ended.end)
                   if ended else _("Selection is not open now"))
    return Finding(WINDOW, phase is not None, None, None, message, source,
                   deadline=phase.end if phase else None)


def fee_finding(selection: Selection, limit: Decimal, source: str) -> Finding:
    """The fee asked of the teacher is within the region's limit (0: none may be charged)."""
    fee = selection.project.fee
    ok = fee <= limit
    message = (_("The fee asked of the teacher is allowed") if ok
               else _("The project asks the teacher a fee of {fee} yuan, more than the {limit} yuan allowed",
                      fee=fee, limit=limit))
    return Finding(FEE, ok, limit, fee, message, source)


def ended_finding(move: Move, source: str) -> Finding:
    """A result (hours attended, a grade) is recorded once the training has ended, on its last
    day or after: its credits are dated on that day, so a result recorded while it runs would
    credit hours not yet attended, approved yet not counted until then. The refusal says "from
    its last day on" (a phone trial read "after it ends" of a result it could record on that day)."""
    end = move.selection.project.end
    if move.selection.on >= end:
        return Finding(ENDED, True, None, None, _("The training ended on {end}: its results may be recorded", end=end),
                       source)
    return Finding(ENDED, False, None, None,
                   _("Its results can be recorded on or after {end}, the training's last day", end=end), source)


def clash_findings(selection: Selection, standing: Iterable[str]) -> tuple[Finding, ...]:
    """A caution for each other selection of a centralized training, still standing (a state of
    ``standing``), whose days meet this centralized one's: a teacher cannot sit in two classes
    at once. A caution, not a refusal: a long programme meets only on some of its days, so the
    school reviewing the choice (and the teacher) weighs it."""
    project = selection.project
    if project.mode != Mode.CENTRALIZED:
        return ()
    states = frozenset(standing)
    return tuple(
        Finding(CLASH, True, None, None,
                _("Runs at the same time as “{name}” ({days}), which the teacher has selected",
                  name=other.name, days=window(other.start, other.end)), "", caution=True)
        for other in selection.others
        if other.mode == Mode.CENTRALIZED and other.state in states and other.start is not None
        and other.end is not None and other.start <= project.end and project.start <= other.end)


def calendar_phase(phases: Iterable[Phase], kind: str) -> Phase | None:
    """The phase of ``kind`` in a calendar."""
    return next((p for p in phases if p.kind == kind), None)


# The steps of a project the region may guard (``portal_project_findings``).
SAVE = "save"  # the organiser creates or edits it: a refusal names the field (``Finding.field``)
DECLARE = "declare"  # the organiser hands the project in
REVIEW = "review"  # the reviewer approves, returns or rejects it
REQUEST_CLASSES = "request_classes"  # the organiser asks for more classes (扩班申请)
DECIDE_CLASSES = "decide_classes"  # the reviewer grants or refuses them

# The kinds of the selection calendar's phases (``portal_selection_calendar``) in which organisers
# ask for more classes (扩班申请) and the bureau decides them: a region runs class expansion by
# naming a phase of ``CLASS_EXPANSION_REQUEST`` in its calendar, and the core offers 申请扩班
# only then (``projects.runs_class_expansion``); a region whose documents have no such phase, or
# no calendar, is offered none.
CLASS_EXPANSION_REQUEST = "class_expansion_request"
CLASS_EXPANSION_DECISION = "class_expansion_decision"


@dataclass(frozen=True)
class ProjectStep:
    """A step of a project about to be taken, as ``portal_project_findings`` sees it: which
    (``SAVE``, ``DECLARE``, ``REVIEW``, ``REQUEST_CLASSES``, ``DECIDE_CLASSES``), on which project, by whom,
    when, with the calendar phases open then; ``classes``: the classes asked for or granted;
    ``calendar``: every phase of the calendar in force then, open or not (to name a closed
    window's dates). ``before``: at ``SAVE``, the project as it was before the edit (None
    when it is being created); ``decision``: at ``REVIEW``, the reviewer's (``approve``,
    ``return``, ``reject``), None when the portal only asks whether to offer the review.
    ``day``: the bureau's date at ``at``."""

    action: str
    project: ProjectFacts
    by: UserRole
    at: datetime
    phases: tuple[Phase, ...] = ()
    classes: int | None = None
    calendar: tuple[Phase, ...] = ()
    before: ProjectFacts | None = None
    decision: str | None = None
    day: date | None = None

    @property
    def on(self) -> date:
        return self.day or self.at.date()

    def phase_open(self, *kinds: str) -> Phase | None:
        return next((p for p in self.phases if p.kind in kinds), None)

    def phase_of(self, *kinds: str) -> Phase | None:
        """The calendar's phase of one of ``kinds``, open or not (None: the calendar has none)."""
        return next((p for p in self.calendar if p.kind in kinds), None)


@dataclass(frozen=True)
class NeedsSurvey:
    """A region that asks its teachers' training needs (培训需求调研) at their first sign-in:
    the clause that asks it. The core's questions: modes, levels, subjects, topics, interests."""

    source: str
