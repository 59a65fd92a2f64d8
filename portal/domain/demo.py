"""What a region's demo holds (``portal_demo_data``): its org tree, a user for every role,
teachers, workshops, and projects with their enrollments, loaded by ``portal demo``."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .enums import ActivityRole, Gender, Grade, Level, Mode, OrgKind, SchoolStage, UserRole
from .results import Period
from .selection import Phase


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
    """A file of a demo project's training materials (培训情况资料): the loader makes a small PDF
    whose title is ``title`` and keeps it under ``filename``, checked as an organiser's upload."""

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
class DemoData:
    """Everything the demo command loads: the org tree, one user per role, teachers, projects
    and workshops.

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
