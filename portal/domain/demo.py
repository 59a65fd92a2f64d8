"""What a region's demo holds (``portal_demo_data``): its org tree, a user for every role,
teachers, workshops, projects with their enrollments, and the teachers' claims and appeals,
loaded by ``portal demo``."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .appeals import ENTRY
from .enums import ActivityRole, Gender, Grade, Level, Mode, OrgKind, SchoolStage, UserRole
from .results import Period
from .selection import Phase


# From this day of January on, a demo tells the new year's story; before it, the year just ended.
NEW_YEAR_STORY_FROM = 21


def demo_year(today: date) -> int:
    """The year whose story a demo loaded on ``today`` tells: this year, but in its first twenty
    days the year just ended. On 4 January a bureau registers last year's trainings (a yearly
    class is registered the next January) and nobody has trained in the new year yet; a demo
    that kept its recent trainings inside a year only days old crammed them into 1–4 January
    and left the new year's duties met or missed on four days of records."""
    return today.year - 1 if (today.month, today.day) < (1, NEW_YEAR_STORY_FROM) else today.year


def story_day(today: date) -> date:
    """The last day of the demo's story (``demo_year``): ``today``, or in January's first twenty
    days 31 December of the year just ended. A region's demo dates its past trainings, results
    and teachers against this day, and what is still to come (the catalog, the selection
    calendar) against ``today``."""
    year = demo_year(today)
    return today if year == today.year else date(year, 12, 31)


@dataclass(frozen=True)
class OrgNode:
    name: str
    kind: OrgKind
    code: str
    children: tuple[OrgNode, ...] = ()
    private: bool = False  # a school run privately (民办)


@dataclass(frozen=True)
class DemoUser:
    username: str
    display_name: str
    role: UserRole
    org_code: str


@dataclass(frozen=True)
class DemoTeacher:
    username: str  # also the login; every demo teacher can sign in
    name: str
    gender: Gender
    id_number: str
    school_code: str
    stages: tuple[SchoolStage, ...]
    subjects: tuple[str, ...]
    entered_post: date
    title: str | None = None
    title_date: date | None = None
    layer: str | None = None
    phone: str | None = None
    probation_end: date | None = None  # 转正: the probation year's end, where the region reads it
    transferred_in: date | None = None  # moved here from another school (``transferred_from``) that day
    transferred_from: str | None = None
    leave: tuple[Period, ...] = ()  # approved leave (经批准离岗), each period's first and last day
    qualified: bool | None = None  # holds a teacher qualification certificate (教师资格证书); None: not recorded


@dataclass(frozen=True)
class DemoEnrollment:
    teacher: str  # username
    role: ActivityRole = ActivityRole.PARTICIPANT
    attended_hours: Decimal | None = None
    grade: Grade | None = None
    service_year: int | None = None
    scores: Mapping[str, Decimal] = field(default_factory=dict)  # assessment component -> score
    region_fields: Mapping[str, object] = field(default_factory=dict)  # what the teacher entered in your enrollment form's fields


@dataclass(frozen=True)
class DemoMaterial:
    """A file of a demo project's training materials (培训情况资料), or a demo claim's evidence: the
    loader makes a small PDF whose title is ``title`` and keeps it under ``filename``, checked as an
    upload is."""

    filename: str  # as the organiser's file was named, ending in .pdf
    title: str


@dataclass(frozen=True)
class DemoProject:
    name: str
    organiser_code: str
    level: Level
    mode: Mode
    start: date
    end: date
    hours: Decimal
    category: str  # one of the region's portal_credit_categories codes
    program: str | None = None
    base_credits: Decimal | None = None
    topics: tuple[str, ...] = ()
    capacity: int | None = None  # the seats of its one class (None: no limit); the organiser may ask for more classes
    audited: bool = True  # False leaves its ledger entries waiting in the audit workflow
    assessment_weights: Mapping[str, Decimal] = field(default_factory=dict)  # component -> percent
    enrollments: tuple[DemoEnrollment, ...] = field(default_factory=tuple)
    # who it is for and what it asks, as the catalog shows them (an upcoming project: one to select)
    stages: tuple[SchoolStage, ...] = ()
    subjects: tuple[str, ...] = ()
    layer: str | None = None
    fee: Decimal = Decimal(0)
    description: str = ""
    status: str = "published"  # or "declared": waiting for the bureau's review, with no enrollments
    region_fields: Mapping[str, object] = field(default_factory=dict)  # your project form's fields, as its values keep them
    quotas: Mapping[str, int] = field(default_factory=dict)  # org code -> its seats (名额分配), as the allocator sets them
    materials: tuple[DemoMaterial, ...] = ()  # its training materials, uploaded by its organiser
    lodging: bool = False  # it offers lodging (提供住宿), as its organiser ticks on the project form


@dataclass(frozen=True)
class DemoWorkshop:
    """A workshop (工作坊) of one ``subject`` at one ``stage`` below the unit ``org_code``.

    Its ``leader`` (the username of a ``UserRole.WORKSHOP_LEADER`` demo user) sees exactly
    the demo teachers below that unit whose ``subjects`` include ``subject`` (the same
    string, e.g. "语文") and whose ``stages`` include ``stage``; nobody else.
    """

    name: str
    org_code: str
    subject: str
    stage: SchoolStage
    leader: str = "workshop_leader"


@dataclass(frozen=True)
class DemoStep:
    """A step of the audit workflow (``portal_audit_workflow``) taken on a demo claim's entry by
    the demo user ``by``, to the state ``target``, with ``reason`` where the step asks one: the
    teacher is told of it as of a reviewer's step (returned with its reason, registered)."""

    by: str  # a demo user's username
    target: str
    reason: str = ""


@dataclass(frozen=True)
class DemoClaim:
    """A claim (``portal_claim_kinds``) the demo teacher ``teacher`` made of a training outside
    the portal's projects, with one evidence file, through the claim use case (converted by the
    region's rules, entered in the audit workflow's first state); then the ``steps`` taken on its
    entry, in order, through the review use case. ``day`` is the training's last day, ``start``
    its first for one of several days; ``figure`` the hours or credits the kind asks."""

    teacher: str  # username
    kind: str  # one of the region's claim kinds' codes
    title: str
    day: date
    level: Level
    evidence: DemoMaterial
    figure: Decimal | None = None
    start: date | None = None
    details: str = ""
    grade: Grade | None = None
    steps: tuple[DemoStep, ...] = ()


@dataclass(frozen=True)
class DemoAnswer:
    """The answer to a demo appeal, by the demo user ``by`` holding the role the region's appeal
    policy names: ``outcome`` "upheld" or "dismissed", with its reason; an upheld appeal about a
    missing entry credits ``amount`` in ``category``, titled ``title``, dated ``day``."""

    by: str  # a demo user's username
    outcome: str
    reason: str
    amount: Decimal | None = None
    category: str = ""
    title: str = ""
    day: date | None = None


@dataclass(frozen=True)
class DemoAppeal:
    """An appeal (申诉) the demo teacher ``teacher`` made through the appeal use case, within the
    region's window on the day the demo is loaded: about a missing entry or a year's standing
    (``subject`` from ``portal.domain.appeals``, ``day`` the missing activity's date or a day of
    the year), or about one of their entries (``ENTRY``, the entry named by its ``entry`` title);
    answered (``answer``) through the answer use case, or left waiting for its answer."""

    teacher: str  # username
    subject: str
    statement: str
    day: date | None = None
    entry: str | None = None  # the title of the contested entry, for subject ENTRY
    answer: DemoAnswer | None = None

    def __post_init__(self) -> None:
        if (self.subject == ENTRY) != (self.entry is not None):
            raise ValueError("an appeal names the entry it contests, and only an appeal about an entry does")


@dataclass(frozen=True)
class DemoData:
    """Everything the demo command loads: the org tree, one user per role, teachers, projects,
    workshops, and the teachers' claims and appeals (made, reviewed and answered through their
    own use cases, after the rest: the notifications they send are the demo's, as people's are).

    Completed enrollments are converted with the region's own rules and entered into
    the ledger, so the demo shows the same figures the rules command prints.

    A workshop leader sees only the teachers of the workshops they lead, so give the demo
    ``workshop_leader`` a workshop whose subject and stage several demo teachers share, e.g.
    ``workshops=(DemoWorkshop("某区小学语文工作坊", "district-code", "语文", SchoolStage.PRIMARY),)``;
    without one, the leader's lists are empty.
    """

    org_tree: OrgNode
    users: tuple[DemoUser, ...]
    teachers: tuple[DemoTeacher, ...]
    projects: tuple[DemoProject, ...]
    password: str = "demo12345"
    workshops: tuple[DemoWorkshop, ...] = ()
    calendar: tuple[Phase, ...] = ()  # the selection calendar the demo's bureau runs, dated around today
    claims: tuple[DemoClaim, ...] = ()
    appeals: tuple[DemoAppeal, ...] = ()
