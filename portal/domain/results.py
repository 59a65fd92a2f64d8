"""What rules answer: amounts with their explanation, findings and eligibility."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .enums import Unit
from .text import Joined, Quantity, Said, Text, text_json, to_data

Words = Text | Joined | Quantity | str  # what a rule says: a message, or plain text


@dataclass(frozen=True)
class Step:
    """One line of an explanation: what was done, the figure it gave, the clause it applies,
    and the names of the region's settings it relied on (the page shows each in words and
    links to it; the text never names a setting)."""

    text: Words
    value: Decimal | Words | None
    source: str
    settings: tuple[str, ...] = ()

    def as_json(self) -> dict:
        data = {"text": text_json(self.text), "value": json_value(self.value), "source": self.source}
        if self.settings:
            data["settings"] = list(self.settings)
        return data

    def as_data(self) -> dict:
        """As a ledger entry keeps it: the JSON plus the message, to show it in any language."""
        data = self.as_json()
        if isinstance(self.text, Said):
            data["words"] = to_data(self.text)
        if isinstance(self.value, Said):
            data["value_words"] = to_data(self.value)
        return data


@dataclass(frozen=True)
class CreditResult:
    amount: Decimal
    unit: Unit
    category: str
    steps: tuple[Step, ...]
    rule_version: str = ""

    def as_json(self) -> dict:
        return {
            "amount": json_value(self.amount),
            "unit": self.unit.value,
            "category": self.category,
            "steps": [s.as_json() for s in self.steps],
        }


@dataclass(frozen=True)
class Period:
    """A closed date range: a cycle (周期) or a year."""

    start: date
    end: date

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    def ended_on(self, day: date) -> bool:
        """Whether it has ended on ``day`` (``ended``): on its last day it still runs."""
        return ended(self.end, day)


def ended(last: date, day: date) -> bool:
    """Whether a period whose last day is ``last`` has ended on ``day``: the one definition of
    "ended" that the core and the regions share. A period ends after its last day, not on it: on
    31 December a calendar year still runs, and what it asks is still open and may be done that
    day; the day after, it has ended, met or missed. A finding's ``deadline`` is its period's last
    day (``Finding.ended_on``); a rule judging on ``as_of`` asks ``period.ended_on(today)`` with
    the ``today`` the core gives ``portal_check_compliance`` (``as_of``, or a later day where it
    judges an ended cycle on its last day)."""
    return last < day


@dataclass(frozen=True)
class Finding:
    """One duty judged.

    For a minimum, ``required`` and ``actual`` are the figures and ``deadline`` the last
    day to meet it; the page says what is still missing and by when (``shortfall``), so
    ``message`` states the situation and does not repeat it. ``unit`` says what the
    figures count when it is not the region's unit: ``Unit.TIME`` (次) for sessions,
    ``Unit.ITEM`` (项) for topics. A ``cap`` is a limit, not a duty: it is always ok, and
    its message says how much counts (the excess simply does not). ``settings`` name the
    region's settings the judgement relied on. ``field``: the input field judged, where a
    form shows the refusal (a project's ``fee`` when it is saved), else None. ``never``: a
    refusal of a workflow step that nothing will lift for this actor on this enrollment or
    entry (the step is another role's on this project, or for projects of another kind): the
    step is then neither offered nor shown as "not yet", which is kept for refusals that may
    lift (a window not open yet, a result still awaited); it is still refused if taken. ``label``:
    the duty's heading for this teacher where what is asked of them differs from the
    documents' figure that its ``Duty`` label states (修满 4 学分 for a teacher in post one
    year of the five, where the rules page says 20); empty: the ``Duty`` label. ``caution``:
    an ``ok`` finding that refuses nothing but is no match either, a thing the reader should
    weigh (a project for another school stage or subject, where the rules ask teachers to
    choose by theirs without forbidding another): a page shows it as a caution, not a tick,
    and the suggestions prefer trainings without one. ``exempt``: an ``ok`` finding of a duty
    that asks nothing of this teacher now (a probation year, a period not in post): a page
    shows it as not asked, never as met, and counts it neither met nor open.
    """

    code: str
    ok: bool
    required: Decimal | None
    actual: Decimal | None
    message: Words
    source: str
    deadline: date | None = None
    unit: Unit | None = None
    cap: bool = False
    settings: tuple[str, ...] = ()
    field: str | None = None
    never: bool = False
    label: Words = ""
    caution: bool = False
    exempt: bool = False

    def ended_on(self, day: date) -> bool:
        """Its period ended before ``day`` (its ``deadline`` passed): a past year's minimum,
        say. It is history then, met or missed, and no duty of the periods still running."""
        return not self.cap and self.deadline is not None and ended(self.deadline, day)

    def missed_on(self, day: date) -> bool:
        """Not met, and its period ended before ``day``: history, not a duty still open.
        Nothing done now counts for it, so no page offers trainings for it, and it is not
        counted among the teacher's open duties (it stays not ``ok``: missed that period)."""
        return not self.ok and self.ended_on(day)

    @property
    def below_required(self) -> bool:
        """Not met, and its figure is held against a ``required`` one (a unit's rate under its
        target): a report shows that figure as short. A figure with no required one (a count of
        the teachers who met a duty) is a count, never marked, met or not."""
        return not self.ok and not self.cap and self.required is not None

    @property
    def limits(self) -> bool:
        """A cap that kept something from counting: what was earned toward it (``actual``)
        above its limit (``required``), or no limit figure to hold it against (a cap found only
        where it took something off, the days over a daily cap, say)."""
        return self.cap and (self.required is None or self.actual is None or self.actual > self.required)

    @property
    def shortfall(self) -> Decimal | None:
        """How much is still missing for an unmet minimum."""
        if self.ok or self.cap or self.required is None or self.actual is None or self.actual >= self.required:
            return None
        return self.required - self.actual

    def as_json(self) -> dict:
        data = {
            "code": self.code,
            "ok": self.ok,
            "required": json_value(self.required),
            "actual": json_value(self.actual),
            "message": text_json(self.message),
            "source": self.source,
            "deadline": self.deadline.isoformat() if self.deadline else None,
        }
        if self.unit is not None:
            data["unit"] = self.unit.value
        if self.cap:
            data["cap"] = True
        if self.settings:
            data["settings"] = list(self.settings)
        if self.field:
            data["field"] = self.field
        if self.label:
            data["label"] = text_json(self.label)
        if self.caution:
            data["caution"] = True
        if self.exempt:
            data["exempt"] = True
        return data


@dataclass(frozen=True)
class Eligibility:
    """Whether the credits serve a purpose; ``missing`` says, when not, what is still
    needed and by when (还需 37 学分 A 类学分，截止 2022-12-31). ``holds_until``, the last day
    this answer holds with no change of the ledger or the teacher's facts, where the mere passing
    of days changes it: a rolling window (近 5 年, counted back from the day) from which the
    oldest entry drops the day after. The kept standing is asked again then (None: only at the
    end of the year or cycle, or at a finding's deadline, as any standing)."""

    purpose: str
    ok: bool
    reason: Words
    source: str
    missing: Words = ""
    settings: tuple[str, ...] = ()
    holds_until: date | None = None

    def as_json(self) -> dict:
        data = {"ok": self.ok, "reason": text_json(self.reason), "source": self.source,
                "missing": text_json(self.missing) or None}
        if self.settings:
            data["settings"] = list(self.settings)
        return data


@dataclass(frozen=True)
class CycleProgress:
    """The cycle: ``required`` for this teacher, ``earned``, and ``counted`` after the caps.

    Where the region has more conditions for the cycle to be met than the total (e.g.
    A-class credits at least 240), they are its ``conditions``, the findings that judge
    them; ``ok`` is the one answer to "is the cycle met" that every finding, list and
    eligibility follows. ``note`` says why ``required`` differs from the region's figure
    for this teacher (entered post in the cycle, leave ...). ``label``: the period's own name
    where it is not the region's standard cycle for this teacher (a cycle of their own, counted
    from entering post: 个人周期): the pages head it so, not "this cycle"; empty: the cycle.
    """

    period: Period
    required: Decimal
    earned: Decimal
    counted: Decimal
    conditions: tuple[Finding, ...] = ()
    note: Words = ""
    label: Words = ""

    @property
    def ok(self) -> bool:
        return self.counted >= self.required and all(c.ok for c in self.conditions)

    def as_json(self) -> dict:
        return {
            "start": self.period.start.isoformat(),
            "end": self.period.end.isoformat(),
            "required": json_value(self.required),
            "earned": json_value(self.earned),
            "counted": json_value(self.counted),
            "ok": self.ok,
            **({"note": text_json(self.note)} if self.note else {}),
            **({"label": text_json(self.label)} if self.label else {}),
        }


@dataclass(frozen=True)
class YearProgress:
    """One year of the cycle: ``required`` for this teacher (``None``: nothing is asked of
    them that year), with ``note`` saying why it differs from the region's figure;
    ``counted``, where the region caps a year (at most so many online hours a year), what
    counts of ``earned`` (``None``: all of it), as the cycle's ``counted``. ``label``: the year's
    own name where it is not just the region's year for this teacher (a new teacher's first school
    year, 新任教师第一学年): the pages head it so, not "this year"; empty: the year."""

    year: int
    required: Decimal | None
    earned: Decimal
    note: Words = ""
    counted: Decimal | None = None
    label: Words = ""

    @property
    def counts(self) -> Decimal:
        """What the year's duty is judged by: ``counted``, or all that was earned."""
        return self.earned if self.counted is None else self.counted

    @property
    def ok(self) -> bool:
        return self.required is None or self.counts >= self.required

    def as_json(self) -> dict:
        data = {"required": json_value(self.required), "earned": json_value(self.earned), "ok": self.ok}
        if self.counted is not None:
            data["counted"] = json_value(self.counted)
        if self.note:
            data["note"] = text_json(self.note)
        if self.label:
            data["label"] = text_json(self.label)
        return data


@dataclass(frozen=True)
class Compliance:
    """A teacher's standing on a date: the cycle, each year of it, and the findings."""

    unit: Unit
    cycle: CycleProgress
    years: tuple[YearProgress, ...]
    findings: tuple[Finding, ...] = field(default_factory=tuple)

    def year(self, year: int) -> YearProgress | None:
        return next((y for y in self.years if y.year == year), None)

    def as_json(self) -> dict:
        return {
            "cycle": self.cycle.as_json(),
            "years": {str(y.year): y.as_json() for y in self.years},
            "findings": [f.as_json() for f in self.findings],
        }


def json_value(value):
    """Decimals go out as JSON numbers without float noise: whole ones as int; messages as
    their words."""
    if isinstance(value, Said):
        return value.render()
    if isinstance(value, Decimal):
        normal = value.normalize()
        return int(normal) if normal == normal.to_integral_value() else float(normal)
    return value
