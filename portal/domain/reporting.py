"""What a region adds to dashboards and reports; the core computes and renders them."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from .amounts import ONE_TENTH, average
from .calendar import calendar_year
from .results import Finding, Period


@dataclass(frozen=True)
class SelectionCount:
    """How many selections the scope's teachers hold of one kind of project of this year or
    a later one (the term being selected may be next year's), as participants (every
    selection still standing: waiting for a review, enrolled or completed; not one withdrawn,
    refused or expired): by the project's year, layer and base credits and the teacher's
    own layer (分层分类)."""

    year: int
    project_layer: str | None
    base_credits: Decimal | None
    teacher_layer: str | None
    count: int


@dataclass(frozen=True)
class CategoryCount:
    """The counting entries of one category whose activity falls in the summary's year: how
    many, how many distinct teachers they credited (an entry of 0, a training failed, credits
    nobody), and their amount before any cap."""

    category: str
    entries: int
    teachers: int
    amount: Decimal
    # the amount of the teachers asked something of the year, their standing current (``year_judged``):
    # the per-head figure beside 本年人均 is of them, as that average is (``ScopeSummary.year_average``).
    # None: not read (a summary kept before it was), whose per-head figure stays the one it had.
    amount_judged: Decimal | None = None

    def average(self, summary: ScopeSummary, quantum: Decimal = ONE_TENTH, yearly: bool = True) -> Decimal | None:
        """The category's amount per teacher, over the same teachers as the year's average beside
        it: with a yearly minimum (``yearly``), those judged on the year and their entries
        (``ScopeSummary.year_average``), else every teacher counted. A school of 10 with 4 new
        teachers read 校本研修 人均 6 over its 10 on one page, 本年人均 20 over its 6 asked on another."""
        if not yearly or self.amount_judged is None:
            return average(self.amount, summary.teachers - summary.waiting, quantum)
        return average(self.amount_judged, summary.year_judged, quantum)


@dataclass(frozen=True)
class ProgramCount:
    """The counting entries of one program (a code of ``portal_programs``) whose activity
    falls in the summary's year, counted as ``CategoryCount`` counts a category's."""

    program: str
    entries: int
    teachers: int
    amount: Decimal


@dataclass(frozen=True)
class ScopeSummary:
    """Figures the core reads in SQL from the kept standings of the teachers of the org
    units a user administers: the same figures each teacher's own page shows."""

    teachers: int
    projects: int | None  # run by the user's units; None when they hold none (a workshop leader follows members only)
    year: int  # the year ``year_period`` starts in
    year_total: Decimal
    teachers_meeting_yearly: int
    year_period: Period | None = None  # the region's year (``portal_year``); default: calendar year ``year``
    teachers_meeting_cycle: int = 0
    waiting: int = 0  # teachers whose standing is being computed again: counted in none of the figures above
    computed_since: datetime | None = None  # the oldest standing counted
    teachers_signed_in: int = 0  # teachers who have signed in to the portal at least once
    teachers_surveyed: int = 0  # teachers who answered the needs survey
    selections: tuple[SelectionCount, ...] = ()  # this and later years' selections, as they are made
    # Filled for reports (``portal_reports``), left empty on the dashboard, which is computed on each request:
    duties_open: Mapping[str, int] = field(default_factory=dict)  # duty code → teachers it is not met for
    purposes_open: Mapping[str, int] = field(default_factory=dict)  # purpose code → teachers it is open to
    states: Mapping[str, int] = field(default_factory=dict)  # audit state → standing entries of the year
    categories: tuple[CategoryCount, ...] = ()  # the year's counting entries by category
    programs: tuple[ProgramCount, ...] = ()  # the year's counting entries by program, where the report reads them
    # Teachers with no duty open: the cycle's total reached and every other duty the rules judge
    # met (a cap is no duty). ``teachers_meeting_cycle`` counts the cycle's total alone: a teacher
    # asked nothing of the cycle (0 of 0) reaches it with duties of their year still open.
    teachers_done: int = 0
    # Teachers of whom this year (the cycle) asks nothing (required 0, e.g. a probation year):
    # they meet nothing, so they are counted neither among those meeting it nor in its share.
    year_exempt: int = 0
    cycle_exempt: int = 0
    # Teachers whose latest ended cycle the bureau concluded passed, or not (周期审定,
    # ``portal_cycle_conclusion``), where the report reads ``conclusions``.
    concluded_passed: int = 0
    concluded_failed: int = 0
    # Teachers asked no duty now (every duty exempt, none missed: their page says no duty is
    # asked): counted neither in ``teachers_done`` nor among those with a duty open.
    teachers_not_asked: int = 0
    # The year's counted total of the teachers asked something of it (``year_asked``, their
    # standing current): an average against the yearly minimum is of them (``year_judged``), not
    # of a teacher asked nothing (a probation year). None: not read (a summary kept before it was,
    # a published notice's), whose average stays the one it was published with (``year_average``).
    year_total_asked: Decimal | None = None
    # The teachers' kept years are not all ``year_period`` (a region whose year is each teacher's
    # own, ``portal_year`` given the teacher): "this year" is each teacher's, and a page heading
    # the year's figures names no one year for them all.
    years_differ: bool = False
    # Of the teachers, those in post on the day (``in_post``): in post by then (entered or
    # transferred in), not on approved leave that day, not working away on an exchange; and of
    # them, those who signed in and those who answered the needs survey. Read where a figure is
    # asked of the teachers at their post (a return of 在岗教师), not of every teacher on the rolls.
    teachers_in_post: int = 0
    in_post_signed_in: int = 0
    in_post_surveyed: int = 0

    @property
    def year_asked(self) -> int:
        """The teachers but those whose current standing asks nothing of this year, those waiting
        for theirs to be computed again included (they may be asked something): not a share's
        base, which is ``year_judged``."""
        return self.teachers - self.year_exempt

    @property
    def year_judged(self) -> int:
        """The teachers whose year is judged now: asked something of it, their standing current
        (those waiting for theirs to be computed again are in neither the met nor the unmet):
        the yearly share's base, as the teachers met are counted of them only. A phone trial's
        dashboard read "12/42" beside "14 名教师，人均 72" while 28 waited."""
        return self.year_asked - self.waiting

    def year_average(self, quantum: Decimal = ONE_TENTH) -> Decimal | None:
        """The year's counted total per teacher judged on it (``year_judged``): the figure that stands
        beside a yearly minimum, so a teacher asked nothing of the year (a probation year) is in
        neither its total nor its head count, as they are in neither the met nor the unmet (a
        school of 10 with 4 new teachers read 人均 12 where its 6 asked had 20 each). None when
        nobody is judged. The core's report and every region's average read it, so they agree.
        A summary kept without ``year_total_asked`` (a notice published before it was read) keeps
        the average it was published with, the whole year's total over the teachers counted: its
        total still holds the credits of teachers asked nothing, so over ``year_judged`` alone a
        published 人均 12 of 10 teachers (4 asked nothing) read 20 afterwards."""
        if self.year_total_asked is None:
            return average(self.year_total, self.teachers - self.waiting, quantum)
        return average(self.year_total_asked, self.year_judged, quantum)

    @property
    def cycle_asked(self) -> int:
        """The teachers but those whose current standing asks no total of the cycle, those
        waiting included: not a share's base, which is ``cycle_judged``."""
        return self.teachers - self.cycle_exempt

    @property
    def cycle_judged(self) -> int:
        """The teachers whose cycle total is judged now: asked one, their standing current: the
        cycle's share's base."""
        return self.cycle_asked - self.waiting

    @property
    def duties_judged(self) -> int:
        """The teachers whose duties are judged now: their standing current and some duty asked
        of them: every duty met (``teachers_done``) is a share of these, and the rest have one open."""
        return self.counted - self.teachers_not_asked

    @property
    def counted(self) -> int:
        """The teachers whose standing is current: every figure read from the standings is of
        them (an average, the teachers with every duty met), never of those waiting."""
        return self.teachers - self.waiting

    def __post_init__(self):
        if self.year_period is None:
            object.__setattr__(self, "year_period", calendar_year(self.year))

    def category(self, code: str) -> CategoryCount:
        """The year's counting entries of category ``code`` (zero when there are none)."""
        return next((c for c in self.categories if c.category == code), CategoryCount(code, 0, 0, Decimal(0)))

    def program(self, code: str) -> ProgramCount:
        """The year's counting entries of program ``code`` (zero when there are none)."""
        return next((p for p in self.programs if p.program == code), ProgramCount(code, 0, 0, Decimal(0)))

    def as_data(self) -> dict:
        """The summary as JSON data, kept by a report computed in the background."""
        def number(value: Decimal | None) -> str | None:
            return None if value is None else str(value)

        return {
            "teachers": self.teachers, "projects": self.projects, "year": self.year,
            "year_total": str(self.year_total), "teachers_meeting_yearly": self.teachers_meeting_yearly,
            "year_period": [self.year_period.start.isoformat(), self.year_period.end.isoformat()],
            "teachers_meeting_cycle": self.teachers_meeting_cycle, "waiting": self.waiting,
            "computed_since": self.computed_since.isoformat() if self.computed_since else None,
            "teachers_signed_in": self.teachers_signed_in, "teachers_surveyed": self.teachers_surveyed,
            "selections": [[s.year, s.project_layer, number(s.base_credits), s.teacher_layer, s.count]
                           for s in self.selections],
            "duties_open": dict(self.duties_open), "purposes_open": dict(self.purposes_open),
            "states": dict(self.states),
            "categories": [[c.category, c.entries, c.teachers, str(c.amount),
                            None if c.amount_judged is None else str(c.amount_judged)] for c in self.categories],
            "programs": [[p.program, p.entries, p.teachers, str(p.amount)] for p in self.programs],
            "teachers_done": self.teachers_done,
            "year_exempt": self.year_exempt, "cycle_exempt": self.cycle_exempt,
            "teachers_not_asked": self.teachers_not_asked,
            "concluded_passed": self.concluded_passed, "concluded_failed": self.concluded_failed,
            "year_total_asked": None if self.year_total_asked is None else str(self.year_total_asked),
            "years_differ": self.years_differ,
            "teachers_in_post": self.teachers_in_post, "in_post_signed_in": self.in_post_signed_in,
            "in_post_surveyed": self.in_post_surveyed,
        }

    @classmethod
    def from_data(cls, data: dict) -> ScopeSummary:
        """The summary ``as_data`` kept."""
        start, end = (date.fromisoformat(d) for d in data["year_period"])
        since = data["computed_since"]
        return cls(
            data["teachers"], data["projects"], data["year"], Decimal(data["year_total"]),
            data["teachers_meeting_yearly"], Period(start, end), data["teachers_meeting_cycle"], data["waiting"],
            datetime.fromisoformat(since) if since else None, data["teachers_signed_in"], data["teachers_surveyed"],
            tuple(SelectionCount(y, p, None if b is None else Decimal(b), t, n) for y, p, b, t, n in data["selections"]),
            data["duties_open"], data["purposes_open"], data["states"],
            tuple(CategoryCount(c, e, t, Decimal(a), None if not j or j[0] is None else Decimal(j[0]))
                  for c, e, t, a, *j in data["categories"]),
            tuple(ProgramCount(p, e, t, Decimal(a)) for p, e, t, a in data.get("programs", ())),
            data.get("teachers_done", 0), data.get("year_exempt", 0), data.get("cycle_exempt", 0),
            data.get("concluded_passed", 0), data.get("concluded_failed", 0), data.get("teachers_not_asked", 0),
            # kept before it was: None, read as the whole year's total
            None if data.get("year_total_asked") is None else Decimal(data["year_total_asked"]),
            years_differ=data.get("years_differ", False), teachers_in_post=data.get("teachers_in_post", 0),
            in_post_signed_in=data.get("in_post_signed_in", 0), in_post_surveyed=data.get("in_post_surveyed", 0))


def combined(parts: list[ScopeSummary], year: int, period: Period) -> ScopeSummary:
    """The summary of disjoint scopes taken together (the units of a report, summed)."""
    def added(name: str) -> dict:
        total: dict = {}
        for part in parts:
            for key, value in getattr(part, name).items():
                total[key] = total.get(key, 0) + value
        return total

    def summed(items, key, make):
        total: dict = {}
        for item in items:
            total[key(item)] = make(total.get(key(item)), item)
        return tuple(total.values())

    oldest = [p.computed_since for p in parts if p.computed_since is not None]
    return ScopeSummary(
        teachers=sum(p.teachers for p in parts), projects=sum(p.projects for p in parts), year=year,
        year_total=sum((p.year_total for p in parts), Decimal(0)),
        teachers_meeting_yearly=sum(p.teachers_meeting_yearly for p in parts), year_period=period,
        teachers_meeting_cycle=sum(p.teachers_meeting_cycle for p in parts), waiting=sum(p.waiting for p in parts),
        teachers_done=sum(p.teachers_done for p in parts),
        year_exempt=sum(p.year_exempt for p in parts), cycle_exempt=sum(p.cycle_exempt for p in parts),
        teachers_not_asked=sum(p.teachers_not_asked for p in parts),
        # known only where every part read it (a notice's rows were all kept alike)
        year_total_asked=None if any(p.year_total_asked is None for p in parts)
        else sum((p.year_total_asked for p in parts), Decimal(0)),
        years_differ=any(p.years_differ for p in parts),
        concluded_passed=sum(p.concluded_passed for p in parts), concluded_failed=sum(p.concluded_failed for p in parts),
        computed_since=min(oldest, default=None), teachers_signed_in=sum(p.teachers_signed_in for p in parts),
        teachers_surveyed=sum(p.teachers_surveyed for p in parts),
        teachers_in_post=sum(p.teachers_in_post for p in parts),
        in_post_signed_in=sum(p.in_post_signed_in for p in parts),
        in_post_surveyed=sum(p.in_post_surveyed for p in parts),
        selections=summed((s for p in parts for s in p.selections),
                          lambda s: (s.year, s.project_layer, s.base_credits, s.teacher_layer),
                          lambda was, s: s if was is None else SelectionCount(
                              s.year, s.project_layer, s.base_credits, s.teacher_layer, was.count + s.count)),
        duties_open=added("duties_open"), purposes_open=added("purposes_open"), states=added("states"),
        categories=summed((c for p in parts for c in p.categories), lambda c: c.category,
                          lambda was, c: c if was is None else CategoryCount(
                              c.category, was.entries + c.entries, was.teachers + c.teachers, was.amount + c.amount,
                              None if was.amount_judged is None or c.amount_judged is None
                              else was.amount_judged + c.amount_judged)),
        programs=summed((c for p in parts for c in p.programs), lambda c: c.program,
                        lambda was, c: c if was is None else ProgramCount(
                            c.program, was.entries + c.entries, was.teachers + c.teachers, was.amount + c.amount)),
    )


RESTATABLE = ("year_total", "teachers_meeting_yearly")
"""The figures of the admin home's own cards a region's panel may restate in its words: this
year's total counted, and the teachers who met what the year asks of them."""


@dataclass(frozen=True)
class Panel:
    """One figure on an admin's home. ``restates``: the ``ScopeSummary`` figures of
    ``RESTATABLE`` the panel shows in the region's words (its own title, note and clause); the
    core then leaves its own card or line of them out, so no figure is shown twice.

    ``of``: the total ``value`` is a count out of (teachers who met the year out of those
    judged). The home shows it as the core's own cards show theirs, only the count emphasised
    and the total in the page's language ("**12** / 42", in English "**12** of 42"), so the
    region writes no "12/42" of its own. Left None, ``value`` is shown whole, as before.

    A count of teachers about this year's duty (or the cycle's) is out of the teachers whose
    standing is judged (``ScopeSummary.year_judged``, ``cycle_judged``), as the home's cards and
    the compliance report count it: never out of ``year_asked`` or ``teachers``, which hold the
    teachers whose standing is being computed again (``waiting``: the home's notice above the
    panels says how many). ``Panel.judged`` builds such a panel."""

    title: str
    value: str | int
    note: str = ""
    source: str = ""
    restates: tuple[str, ...] = ()
    of: int | None = None

    def __post_init__(self):
        unknown = set(self.restates) - set(RESTATABLE)
        if unknown:
            raise ValueError(f"a panel restates only {RESTATABLE}, not {sorted(unknown)}")
        if self.of is not None and (isinstance(self.of, bool) or not isinstance(self.of, int) or self.of < 0):
            raise ValueError(f"a panel's total (of) is a count of 0 or more, not {self.of!r}")

    @classmethod
    def judged(cls, title, count: int, summary: ScopeSummary, note="", source: str = "",
               restates: tuple[str, ...] = (), *, cycle: bool = False) -> Panel:
        """A panel counting ``count`` teachers out of those whose year is judged now
        (``summary.year_judged``; with ``cycle=True`` the cycle's total, ``cycle_judged``): the
        base the home's cards and the compliance report divide by, so the panel and they agree
        while some standings are being computed again. A dash when nobody is judged (every
        standing waiting, or none asked anything), not "0 / 0"."""
        base = summary.cycle_judged if cycle else summary.year_judged
        if base <= 0:
            return cls(title, "—", note, source, restates)
        return cls(title, count, note, source, restates, of=base)


Cell = Decimal | int | str | Finding | None
"""What a report shows in one cell: a figure, a text, or a ``Finding`` (its ``actual`` shown,
marked met or not, its message and clause behind a tap); None shows as a dash."""

DRILLS = ("missing", "purpose", "year_unmet", "cycle_unmet", "duty_open", "year_exempt", "cycle_exempt",
          "none_asked", "not_signed_in", "not_surveyed", "credited", "credited_program", "concluded")
"""How a column's figure opens the unit's teachers: ``("missing", duty)``: those for whom the
duty is not met; ``("purpose", code)``: those the use of credits is open to; ``("year_unmet",
"")`` and ``("cycle_unmet", "")``: those who have not met this year's duty or the cycle's total;
``("duty_open", "")``: those with a duty open (the complement of ``teachers_done``);
``("year_exempt", "")``, ``("cycle_exempt", "")`` and ``("none_asked", "")``: those asked nothing
this year, no cycle total, or no duty at all for now (``year_exempt``, ``cycle_exempt``,
``teachers_not_asked``);
``("not_signed_in", "")`` and ``("not_surveyed", "")``: those who have never signed in to the
portal, or not answered the needs survey (the complements of ``teachers_signed_in`` and
``teachers_surveyed``), and with the code ``"in_post"`` those of them in post on the day (the
complements of ``in_post_signed_in`` and ``in_post_surveyed`` in ``teachers_in_post``); ``("credited", category)``: those the year's counting entries of the
category credit (``CategoryCount.teachers``); ``("credited_program", program)``: those the year's
counting entries of the program credit (``ProgramCount.teachers``); ``("concluded", "passed")`` and
``("concluded", "failed")``: those whose latest ended cycle the bureau concluded passed, or not
(``concluded_passed``, ``concluded_failed``)."""


OPTIONAL = ("duties_open", "purposes_open", "teachers_signed_in", "teachers_surveyed", "selections", "projects",
            "programs", "conclusions", "in_post")
"""The figures of a report's ``ScopeSummary`` beyond the headline ones (teachers, the year's
total, who met the year and the cycle, who is being computed), each a query over a city: a
report that names those it reads (``Report.reads``) is computed without the others, which are
then 0 or empty. ``states`` and ``categories`` are asked for by ``Report.entries``; ``programs``
(the year's counting entries by program) by ``Report.entries`` and ``reads``; ``conclusions``
fills ``concluded_passed`` and ``concluded_failed``; ``in_post`` fills ``teachers_in_post``,
``in_post_signed_in`` and ``in_post_surveyed``."""

SHEET_NAME_MAX = 31  # Excel's limit

PERIODS = ("year", "cycle", "concluded")
"""What a report's figures are about, named at the head of its page: ``year``: today's school
year (the year's totals and yearly duties); ``cycle``: each teacher's current cycle (its total
and duties, as far as it has gone); ``concluded``: each teacher's latest cycle the bureau
concluded. A report about none of them (the sign-ins, the uses of credits open today) names none."""

ROWS = ("units", "workshops")
"""What a report's rows are: the units just below the reader (drilling down unit by unit), or
the workshops below them, each summing its members (a workshop's figures open no teachers)."""


@dataclass(frozen=True)
class Column:
    """One column of a report: ``value`` reads it from a unit's ``ScopeSummary``."""

    code: str
    label: str
    value: Callable[[ScopeSummary], Cell]
    drill: tuple[str, str] | None = None  # one of ``DRILLS``: the figure links to those teachers
    headline: bool = True  # shown at once; False: behind a tap on a phone (always in the export)
    percent: bool = False  # the figure is a percentage: the page shows it with %, where its label has no room


@dataclass(frozen=True)
class Report:
    """A report over the units below the reader: one row per unit (drilling down to the
    units below it, and at a school to its teachers) and a row for all of them, with the
    given columns, each computed from that unit's ``ScopeSummary``. ``chart`` names the
    column drawn as a bar per unit (a figure or a Finding's ``actual``); ``source`` is the
    clause the report answers (``"<document code> §..."``); ``sheet`` names its Excel sheet
    in a few words (Excel cuts a sheet's name at ``SHEET_NAME_MAX`` characters, so a long
    title would lose its end)."""

    code: str  # in the page's address: lower-case letters, digits and underscores
    title: str
    columns: tuple[Column, ...]
    description: str = ""
    source: str = ""
    chart: str | None = None
    entries: bool = False  # reads ``states`` or ``categories``: counted from the year's ledger, slower over a city
    rows: str = "units"  # ``ROWS``: a row per unit below the reader, or per workshop (工作坊) below them
    reads: tuple[str, ...] | None = None  # of ``OPTIONAL``: those its columns read (None: all); fewer cost less
    sheet: str = ""  # the Excel sheet's name, at most ``SHEET_NAME_MAX`` characters; "": the title
    periods: tuple[str, ...] = ("year",)  # of ``PERIODS``: what its figures are about, said on its page

    @property
    def sheet_name(self) -> str:
        return str(self.sheet or self.title)

    def needs(self, figure: str) -> bool:
        """Whether the rows' summaries must count ``figure`` (one of ``OPTIONAL``)."""
        return self.reads is None or figure in self.reads

    def __post_init__(self):
        if not self.code.replace("_", "").isalnum() or not self.code.islower():
            raise ValueError(f"report code {self.code!r}: lower-case letters, digits and underscores only")
        codes = [c.code for c in self.columns]
        if len(set(codes)) != len(codes):
            raise ValueError(f"report {self.code!r}: two columns share a code")
        if self.chart is not None and self.chart not in codes:
            raise ValueError(f"report {self.code!r}: the chart's column {self.chart!r} is not one of its columns")
        if self.reads is not None and not set(self.reads) <= set(OPTIONAL):
            raise ValueError(f"report {self.code!r}: reads only {OPTIONAL}")
        if not set(self.periods) <= set(PERIODS):
            raise ValueError(f"report {self.code!r}: periods are of {PERIODS}")
        if self.rows not in ROWS:
            raise ValueError(f"report {self.code!r}: rows are one of {ROWS}")
        for column in self.columns:
            if column.drill is not None and column.drill[0] not in DRILLS:
                raise ValueError(f"report {self.code!r}: column {column.code!r} drills by {column.drill[0]!r}")
