"""How a region describes itself to the core: identity, rule versions, categories, org tree, demo."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .enums import (
    ActivityRole, Gender, Grade, Level, Mode, OrgKind, SchoolStage, Unit, UserRole,
)
from .results import Words
from .text import text_json


@dataclass(frozen=True)
class RegionInfo:
    code: str
    name: Words  # display name: a Text of the region's catalogue (in Chinese, with its English)
    unit: Unit
    version: str = "0"


@dataclass(frozen=True)
class Document:
    """A regulation the region implements, shipped in its package as ``documents/<file>``
    and cited by rules as ``<file> §clause``. ``title`` is how people cite it
    (市南区2018年教师培训工作通知), translated like every text of the region."""

    file: str
    title: Words
    package: str  # the package that holds documents/<file>, usually the region's __name__
    issuer: Words = ""
    issued: date | None = None

    @property
    def slug(self) -> str:
        return self.file.rsplit(".", 1)[0]

    def as_json(self) -> dict:
        return {"file": self.file, "title": text_json(self.title), "issuer": text_json(self.issuer) or None,
                "issued": self.issued.isoformat() if self.issued else None}


@dataclass(frozen=True)
class RuleVersion:
    """A dated set of rules: ledger entries keep the code of the one that produced them."""

    code: str
    effective_from: date
    source: str

    def as_json(self) -> dict:
        return {"code": self.code, "effective_from": self.effective_from.isoformat(), "source": self.source}


@dataclass(frozen=True)
class Described:
    """Something a region's rules know by code, with its Chinese label, its clause and,
    optionally, a line on how it is applied (for ``portal rules describe``)."""

    code: str
    label: Words
    source: str
    detail: Words = ""

    def as_json(self) -> dict:
        return {"code": self.code, "label": text_json(self.label), "source": self.source,
                "detail": text_json(self.detail) or None}


class Category(Described):
    """A category ledger entries are put in (A 类, 校本, 集中 ...)."""


@dataclass(frozen=True)
class Program(Described):
    """A program the region's documents name, used as ``Activity.program``. Where the
    program belongs to one level or mode, say so (``level``, ``mode``): the calculator
    then sets them for the teacher. ``needs_hours`` is False for a program credited case
    by case or by a fixed figure, for which the calculator does not ask for hours."""

    level: Level | None = None
    mode: Mode | None = None
    needs_hours: bool = True

    def as_json(self) -> dict:
        data = super().as_json()
        if self.level:
            data["level"] = self.level.value
        if self.mode:
            data["mode"] = self.mode.value
        if not self.needs_hours:
            data["needs_hours"] = False
        return data


class Purpose(Described):
    """A use of credits that eligibility is judged for (title review, re-registration ...)."""


class Duty(Described):
    """A duty compliance checks: the ``code`` of the ``Finding`` it produces."""


@dataclass(frozen=True)
class Requirements:
    """The headline duties on a date: per cycle and (if the region has one) per year."""

    cycle: Decimal
    yearly: Decimal | None
    unit: Unit
    cycle_source: str
    yearly_source: str | None = None
    settings: tuple[str, ...] = ()  # the settings the figures come from, where the documents give none


@dataclass(frozen=True)
class OrgNode:
    name: str
    kind: OrgKind
    code: str
    children: tuple[OrgNode, ...] = ()


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


@dataclass(frozen=True)
class DemoEnrollment:
    teacher: str  # username
    role: ActivityRole = ActivityRole.PARTICIPANT
    attended_hours: Decimal | None = None
    grade: Grade | None = None
    service_year: int | None = None
    scores: Mapping[str, Decimal] = field(default_factory=dict)  # assessment component -> score


@dataclass(frozen=True)
class DemoProject:
    name: str
    organiser_code: str
    level: Level
    mode: Mode
    start: date
    end: date
    hours: Decimal
    category: str
    program: str | None = None
    base_credits: Decimal | None = None
    topics: tuple[str, ...] = ()
    capacity: int | None = None
    audited: bool = True  # False leaves its ledger entries waiting in the audit workflow
    assessment_weights: Mapping[str, Decimal] = field(default_factory=dict)  # component -> percent
    enrollments: tuple[DemoEnrollment, ...] = field(default_factory=tuple)


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
