"""How a region describes itself to the core: its identity, the documents it implements,
its rule versions, and what its rules know by code (categories, programs, purposes, duties)
and require (``Requirements``). Its demo data types are in ``demo.py``."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .enums import ActivityRole, Level, Mode, Unit
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
    and cited by rules as ``<file> §clause``. ``title`` is the document's own, as its
    heading reads (关于做好2018年中小学幼儿园教师培训工作的通知): a citation reads it in
    《》 before the clause. Translated like every text of the region."""

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


@dataclass(frozen=True)
class Category(Described):
    """A category ledger entries are put in (A 类, 校本, 集中 ...). ``project``: a training
    project may be of it (False for one only the ledger itself makes, a credit bank's borrowing):
    organisers are offered only those. ``unit``: the unit its entries are kept in where it is not
    the region's (a new teacher's probation training, registered in hours and never converted to
    credits), so that an entry a person makes in it (an upheld appeal) is kept in that unit."""

    project: bool = True
    unit: Unit | None = None

    def as_json(self) -> dict:
        data = super().as_json()
        if self.unit is not None:
            data["unit"] = self.unit.value
        return data


@dataclass(frozen=True)
class Program(Described):
    """A program the region's documents name, used as ``Activity.program``. Where the
    program belongs to one level or mode, say so (``level``, ``mode``): the calculator
    then sets them for the teacher. ``needs_hours`` is False for a program credited case
    by case or by a fixed figure, for which the calculator does not ask for hours.
    ``fixed_roles``: the roles the program credits by a fixed figure whatever the hours
    (a new teachers' mentor credited 100), where its other roles are credited by the hours:
    an activity of such a role may leave ``hours`` out, as a program with ``needs_hours``
    false may (the rules command and the worked cases fill them as 0)."""

    level: Level | None = None
    mode: Mode | None = None
    needs_hours: bool = True
    fixed_roles: frozenset[ActivityRole] = frozenset()

    def hours_needed(self, role: str | None) -> bool:
        """Whether an activity of this program in ``role`` (a code, None: a participant) needs
        its hours: not for a program credited case by case or by a fixed figure, nor for a
        role it credits by a fixed figure."""
        return self.needs_hours and (role or ActivityRole.PARTICIPANT.value) not in {r.value for r in self.fixed_roles}

    def as_json(self) -> dict:
        data = super().as_json()
        if self.level:
            data["level"] = self.level.value
        if self.mode:
            data["mode"] = self.mode.value
        if not self.needs_hours:
            data["needs_hours"] = False
        if self.fixed_roles:
            data["fixed_roles"] = sorted(r.value for r in self.fixed_roles)
        return data


# The activity's fields the calculator may ask (``Activity``'s, in the rules command's JSON),
# in the core's order. ``level``, ``mode`` and ``hours`` are always asked; ``program`` where the
# region has programs; ``scores`` and ``weights`` one field per part of ``portal_assessment_parts``.
ACTIVITY_FIELDS = ("level", "mode", "hours", "days", "start", "end", "grade", "role", "program", "service_year",
                   "topics", "base_credits", "planned_hours", "scores", "weights")
ALWAYS_ASKED = ("level", "mode", "hours")


@dataclass(frozen=True)
class ActivityField:
    """A field of the activity the region's conversion reads, as the calculator (规则试算) asks
    it (``portal_activity_fields``): ``name``, one of ``ACTIVITY_FIELDS``; ``label``, the
    region's words for it (None: the core's); ``choices``, for ``level``, ``mode``, ``role``,
    ``grade`` and ``topics``, the codes offered, each a ``Described`` (code, label, clause), in
    this order (None: the project's choices, ``portal_project_choices``, else the core's);
    ``required``: the calculator refuses to go on without it (the rules would refuse it); None,
    the core's: ``level``, ``mode`` and ``hours`` required, any other field not; ``False`` lets
    ``level`` or ``hours`` be left out where the rules do not need them (a level left out is
    none, hours left out are 0), in the calculator and in ``portal rules convert`` alike."""

    name: str
    label: Words | None = None
    choices: tuple[Described, ...] | None = None
    required: bool | None = None


def activity_fields(declared) -> tuple[ActivityField, ...] | None:
    """A ``portal_activity_fields`` answer as ``ActivityField``s (a bare name is the core's field
    as it is); None where the region declares none (the calculator then asks every field)."""
    if declared is None:
        return None
    return tuple(f if isinstance(f, ActivityField) else ActivityField(str(f)) for f in declared)


class Purpose(Described):
    """A use of credits that eligibility is judged for (title review, re-registration ...)."""


@dataclass(frozen=True)
class Duty(Described):
    """A duty compliance checks: the ``code`` of the ``Finding`` it produces. ``cap``: the
    finding is a limit (``Finding.cap``), not a duty: always met, never listed as unfinished.
    ``lead``: a duty the region's documents set themselves, which a teacher's home shows
    first, in a card of its own with its clause and ``detail``, before the year's and the
    cycle's figures: where those figures are settings the documents do not give (a notice
    that sets a training to pass, not an amount of hours), the home leads with what the
    documents do ask."""

    cap: bool = False
    lead: bool = False

    def as_json(self) -> dict:
        data = super().as_json()
        if self.cap:  # a limit on what counts, not a duty: said so wherever duties are listed
            data["cap"] = True
        if self.lead:
            data["lead"] = True
        return data


@dataclass(frozen=True)
class Requirements:
    """The headline duties on a date: per cycle and (if the region has one) per year.

    Each figure names the settings it comes from, where the documents give none, beside its
    own clause: ``settings`` those of the cycle's figure (``cycle``, ``cycle_source``: a
    share for a teacher in post part of the cycle, ``partial_cycle``), ``yearly_settings``
    those of the year's (``yearly``, ``yearly_source``: ``partial_year``). The pages, the JSON
    and the kept standing show each only against its own figure. (``settings`` was once the
    one tuple for both; a region that gives only ``settings`` has every setting shown
    against the cycle, and ``portal rules test`` reports one its compliance names for a year
    alone.)"""

    cycle: Decimal
    yearly: Decimal | None
    unit: Unit
    cycle_source: str
    yearly_source: str | None = None
    settings: tuple[str, ...] = ()  # the settings the cycle's figure comes from, where the documents give none
    yearly_settings: tuple[str, ...] = ()  # the settings the year's figure comes from

    def settings_json(self, compliance: dict, year: int) -> dict:
        """``compliance`` (``Compliance.as_json()``) with each figure's settings beside it: the
        cycle's in ``cycle.settings``, the year's in ``years[year].settings`` (the year holding
        the day these requirements were asked for), none where the figure has none."""
        cycle = {**compliance["cycle"], **({"settings": list(self.settings)} if self.settings else {})}
        years = dict(compliance["years"])
        if self.yearly_settings and str(year) in years:
            years[str(year)] = {**years[str(year)], "settings": list(self.yearly_settings)}
        return {**compliance, "cycle": cycle, "years": years}
