"""State machines a region declares and the core enforces: enrollment and credit audit."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from .enums import UserRole
from .results import Period

# What a transition asks of whoever takes it (``Transition.asks``): the core shows the fields
# and checks them before the region's guards see the move.
REASON = "reason"  # a reason, in words, which the teacher reads (a refusal, a return)
RESULT = "result"  # attended hours, a grade or component scores: the training's result
PAYMENT = "payment"  # a payment method and its confirmation (portal_payment_methods)
EVALUATION = "evaluation"  # the teacher's evaluation of the training
AGREEMENT = "agreement"  # the actor reads the transition's ``notice`` and ticks that they agree
# the region's own fields of the enrollment (``portal_enrollment_form``: an invoice, a remark),
# asked at this step rather than on selecting: where the documents have them filled in at a
# later step (报名 after the school's approval), a workflow with such a step asks none on selecting
FIELDS = "fields"
ASKS = (REASON, RESULT, PAYMENT, EVALUATION, AGREEMENT, FIELDS)

# Through which reach a transition's actor acts on an enrollment (``Transition.over``): their
# scope holds the enrollment's teacher (the teacher's school, the district above it), or it
# holds the project's organiser (the school, district or institution running the training).
OVER_TEACHER = "teacher"
OVER_ORGANISER = "organiser"
OVER_ORGANISER_UNIT = "organiser_unit"
OVER = (OVER_TEACHER, OVER_ORGANISER, OVER_ORGANISER_UNIT)

COMPLETED = "completed"  # the enrollment state every workflow has, in which credits are due
# The code of an audit finding that says a step does not apply to this entry at all (a return
# to the institution on a claim no institution ran): the step is neither offered nor shown.
NOT_APPLICABLE = "not_applicable"


def never_taken(refusing) -> bool:
    """Whether these refusals of a step say it will never be taken by this actor on this entry
    or enrollment (a finding coded ``NOT_APPLICABLE``, or one marked ``never``): the step is then
    neither offered nor shown as withheld ("not yet")."""
    return any(f.code == NOT_APPLICABLE or f.never for f in refusing)


@dataclass(frozen=True)
class State:
    """A workflow state; in the audit workflow, entries in a ``counts`` state count in totals.

    In the enrollment workflow a state may expire: an enrollment left in it longer than
    ``expires_after`` moves to ``expires_to`` by itself (unpaid after 30 minutes → cancelled),
    on the next read or by the scheduled job, whichever comes first.

    An enrollment holds a seat of the project in a state with ``seat`` (the default) that is
    not final, and in ``completed``: it takes one on entering such a state (refused when none
    is left) and gives it back on leaving for one without (withdrawn, refused, expired). A
    region whose teachers ask their school first sets ``seat=False`` on the asking states.

    A selection stands (the dashboard's and reports' selection figures count it) in a state
    that is not final, and in ``completed``; a state with ``lapsed`` is not final, as its
    enrollment may be taken up again, but the selection no longer stands (a hold cancelled
    unpaid).

    ``overdue``: the state's words once a step forward from it is past its dated time untaken
    (the region's refusal of it ``never`` with a ``deadline``: a review window over, the choice
    unreviewed), where the label says the enrollment awaits that step (待学校审核): the pages
    show it instead, so that the state does not say it awaits a review nobody can take any
    more (a trial read 已选课，待学校审核 beside 无人能再办理下一步). Empty: the label stays."""

    code: str
    label: str
    final: bool = False
    counts: bool = False
    expires_after: timedelta | None = None
    expires_to: str | None = None
    seat: bool = True
    lapsed: bool = False
    overdue: str = ""
    # in the audit workflow, the label of an entry in this state whose project was run by a unit of
    # one of these kinds (``OrgKind`` values), where the state's own label names who checks it and
    # that is not them (a school's own training returned before a region sent it to its organiser:
    # 待培训机构核实 read of a training no institution ran); ``Workflow.label_of``
    by_organiser: tuple[tuple[str, str], ...] = ()

    @property
    def holds_seat(self) -> bool:
        return self.code == COMPLETED or (self.seat and not self.final)


# Which entries of the credit audit a transition applies to (``Transition.applies``): a condition
# on the entry's string facts and its ledger source that the core asks both of an entry and,
# as SQL, of the whole queue, so that a reviewer's list holds only what waits on them.


@dataclass(frozen=True)
class Fact:
    """The entry's fact ``name`` (a string; absent is "") is one of ``values``."""

    name: str
    values: tuple[str, ...]

    def holds(self, facts: Mapping[str, object], source: str, private: bool = False) -> bool:
        value = facts.get(self.name)
        return ("" if value is None else str(value)) in self.values


@dataclass(frozen=True)
class FromSource:
    """The entry comes from one of these ledger sources (``LedgerSource`` values)."""

    values: tuple[str, ...]

    def holds(self, facts: Mapping[str, object], source: str, private: bool = False) -> bool:
        return source in self.values


@dataclass(frozen=True)
class PrivateSchool:
    """The teacher's school is privately run (民办: ``OrgUnit.private``, said by the units' import)."""

    def holds(self, facts: Mapping[str, object], source: str, private: bool = False) -> bool:
        return private


@dataclass(frozen=True)
class AllOf:
    parts: tuple

    def holds(self, facts: Mapping[str, object], source: str, private: bool = False) -> bool:
        return all(p.holds(facts, source, private) for p in self.parts)


@dataclass(frozen=True)
class AnyOf:
    parts: tuple

    def holds(self, facts: Mapping[str, object], source: str, private: bool = False) -> bool:
        return any(p.holds(facts, source, private) for p in self.parts)


@dataclass(frozen=True)
class Not:
    part: object

    def holds(self, facts: Mapping[str, object], source: str, private: bool = False) -> bool:
        return not self.part.holds(facts, source, private)


def may_hold_for_source(condition, source: str) -> bool:
    """Whether an entry from the ledger ``source`` may meet ``condition`` (a ``Transition.applies``;
    None: every entry): False only where the condition rules out every such entry (a claim's
    step, ``Not(FromSource(("enrollment",)))``, for a project's results), whatever its facts
    and its school. A link to a queue of one source's entries asks it, so that it is offered
    only to whoever that queue can hold something for."""
    return condition is None or _bounds(condition, source)[0]


def _bounds(condition, source: str) -> tuple[bool, bool]:
    """(whether the condition may hold, whether it must hold) for an entry from ``source``,
    the facts and the school not known."""
    if isinstance(condition, FromSource):
        return (source in condition.values,) * 2
    if isinstance(condition, AllOf):
        parts = [_bounds(p, source) for p in condition.parts]
        return all(p[0] for p in parts), all(p[1] for p in parts)
    if isinstance(condition, AnyOf):
        parts = [_bounds(p, source) for p in condition.parts]
        return any(p[0] for p in parts), any(p[1] for p in parts)
    if isinstance(condition, Not):
        may, must = _bounds(condition.part, source)
        return not must, not may
    return True, False  # a fact, a private school: either way


@dataclass(frozen=True)
class Notice:
    """What the actor reads before a step that asks ``AGREEMENT`` (a payment notice, 缴费须知):
    its title, its paragraphs and the clause they come from. A notice without ``source`` is
    the bureau's own wording, which no document gives: the page says so instead of a clause."""

    title: object
    paragraphs: tuple[object, ...]
    source: str = ""


@dataclass(frozen=True)
class Transition:
    """A step from ``source`` to ``target`` taken by someone holding ``actor`` over the
    enrollment's teacher or project; ``asks`` lists what they give with it (``REASON``,
    ``RESULT``, ``PAYMENT``, ``EVALUATION``, ``AGREEMENT``, ``FIELDS``).

    ``grades``: for a step asking a ``RESULT``, the grades it records (合格/不合格 only, say);
    one of them is then required, unless ``grade_optional`` (the grade may be left out, the
    region reading a missing one by its own rule: as a pass, say). Empty: any grade, or none. ``notice``: what the actor reads
    and agrees to on a step asking ``AGREEMENT``. ``note``: what the step means in the
    document's words, shown under its button when the ``label`` is a short name for it.

    ``cancels``: the step withdraws or cancels the enrollment rather than takes it forward
    (撤销报名, 退出, 撤回申请). It is offered like any other, but an enrollment on which the
    actor's only steps cancel does not wait for them: it is neither in their awaiting list nor
    in their home's count. A refusal (不予批准) is not one: it is the decision the enrollment
    waits for, as much as the approval. Default False: every step is taken to move forward.

    ``applies`` (credit audit): the entries the step is for at all, as a condition on their
    facts and source (``Fact``, ``FromSource``, ``AllOf``, ``AnyOf``, ``Not``); None: every
    entry. An entry it does not hold for does not wait on the actor: it is not in their queue
    (the condition is asked in the queue's query) and the step is neither offered nor shown.

    ``over`` (enrollment and audit workflows): through which reach the ``actor`` takes the step;
    in the audit the same reaches hold the entry's teacher and the organiser of its project.
    ``OVER_TEACHER``: their scope holds the enrollment's teacher (a school's review of its own
    teacher's choice, 学校审核); ``OVER_ORGANISER``: their scope holds the project's organiser (an
    institution's recheck, recording the completion); ``OVER_ORGANISER_UNIT``: they hold the role
    at the organising unit itself, not above it (a bureau's or a school's admins taking the
    organiser's steps of a training it runs itself, which has no institution staff, and of no
    other: an institution's trainings stay its own); None (the default): any. A principal of
    the school organising a county training then reviews only their own teachers' choices of it,
    not another school's. The core asks it wherever a step is offered, taken, counted or listed
    as awaiting (``Acting``)."""

    source: str
    target: str
    actor: UserRole
    label: str
    asks: tuple[str, ...] = ()
    grades: tuple = ()
    grade_optional: bool = False
    notice: Notice | None = None
    applies: Fact | FromSource | PrivateSchool | AllOf | AnyOf | Not | None = None
    note: str = ""
    cancels: bool = False
    over: str | None = None
    # (enrollment workflow) whether ``note`` applies to the enrollment the step is offered on,
    # asked with its ``Move`` as the region's guards are before anyone clicks (``data`` None);
    # None: always. A note said of a choice of one round only (what withdrawing it means for
    # the next round) was read beside the same step on a choice of the next round.
    note_applies: Callable | None = None

    def through(self, side: str | None) -> bool:
        """Whether the step may be taken through the reach ``side`` (None: any reach)."""
        return side is None or self.over is None or self.over == side

    def grade_given(self, grade) -> bool:
        """Whether ``grade`` is one this step records (``grades``; none given, where optional)."""
        return not self.grades or grade in self.grades or (self.grade_optional and grade is None)

    def held_by(self, roles: frozenset[UserRole]) -> bool:
        """Whether ``roles`` hold the step: its actor, through a reach it may be taken by
        (``Acting``); a plain set of roles reaches through either."""
        if self.actor not in roles:
            return False
        return not isinstance(roles, Acting) or any(self.through(side) for side in roles.over[self.actor])


class Acting(frozenset):
    """The roles someone acts in on one enrollment, as a set of ``UserRole``, each with the
    reaches it holds the enrollment through (``OVER_TEACHER``, ``OVER_ORGANISER``): a step is
    theirs when they hold its actor through a reach its ``Transition.over`` allows. The teacher
    on their own enrollment reaches through both."""

    over: Mapping[UserRole, frozenset[str]]

    def __new__(cls, over: Mapping[UserRole, Iterable[str]]):
        sides = {role: frozenset(s) for role, s in over.items() if s}
        acting = super().__new__(cls, sides)
        acting.over = sides
        return acting

    def without(self, role: UserRole) -> Acting:
        return Acting({r: s for r, s in self.over.items() if r != role})


@dataclass(frozen=True)
class Workflow:
    """A region's states and transitions. In the enrollment workflow, ``selected_by`` names
    the roles that may put a teacher in the ``initial`` state, the teacher themselves
    (``UserRole.TEACHER``) or an admin of their scope; empty: both (the region's selection
    findings may still refuse one case or another). The portal offers an admin's enrollment
    (the class list's button, the bulk pages) only where the workflow lets admins select.

    ``registers_ended``: an admin who may select for a teacher may also submit teachers to a
    training that has ended, to register it once it has taken place (a region whose
    organisers create the project afterwards and enter its participants, in bulk or by hand);
    the region's selection findings still judge each. A teacher never selects an ended
    training. Default False: nobody does.

    ``select_label`` and ``select_notice``: what the teacher's own selection does, in the region's
    words, where it is more than a selection (a request to the school, which decides before the
    teacher may enrol and pay): the button's words and the paragraphs (with their clause) read
    by it; ``select_next``, what the teacher is told once it is pressed, after the state reached.
    Empty: the core's 选择该培训 and its words. ``free_select_notice`` and ``free_select_next``:
    the same said of a project that charges no fee, where the others speak of paying (a free
    training's request read 也无需缴费 and 在规定时间内完成支付); None or empty: the others."""

    initial: str
    states: tuple[State, ...]
    transitions: tuple[Transition, ...]
    source: str = ""
    selected_by: tuple[UserRole, ...] = ()
    registers_ended: bool = False
    select_label: object = ""
    select_notice: Notice | None = None
    select_next: object = ""
    free_select_notice: Notice | None = None
    free_select_next: object = ""

    @property
    def fields_on_selecting(self) -> bool:
        """Whether the region's own fields of an enrollment are asked on selecting: unless a
        step asks them (``FIELDS``), where they are asked instead."""
        return not any(FIELDS in t.asks for t in self.transitions)

    def selecting_notice(self, fee) -> Notice | None:
        """What the teacher reads by the selection's button of a project charging ``fee``."""
        return self.free_select_notice if not fee and self.free_select_notice is not None else self.select_notice

    def selected_next(self, fee) -> object:
        """What the confirmation adds once a project charging ``fee`` is selected."""
        return self.free_select_next if not fee and self.free_select_next else self.select_next

    def selects(self, role: UserRole) -> bool:
        """Whether ``role`` may select a project for a teacher (see ``selected_by``)."""
        return not self.selected_by or role in self.selected_by

    def selects_ended(self, role: UserRole | None) -> bool:
        """Whether ``role`` may submit a teacher to a training that has ended (``registers_ended``)."""
        return self.registers_ended and role is not None and role.is_admin and self.selects(role)

    def resubmits(self, transition: Transition) -> bool:
        """Whether the step hands an entry returned to its actor back into the initial state
        (核实后重新提交, 补正后重新提交) rather than deciding it: the one it was returned to corrects it."""
        return transition.target == self.initial and transition.source != self.initial

    def admins_select(self, roles) -> bool:
        """Whether one of the admin ``roles`` may submit teachers of their scope."""
        return any(r.is_admin and self.selects(r) for r in roles)

    def label_of(self, code: str, organiser_kind: str | None = None) -> str:
        """The label of an entry in state ``code`` whose project a unit of ``organiser_kind`` ran
        (None: from no project): the state's label for that kind (``State.by_organiser``), else its
        own; an unknown code reads as itself."""
        state = next((s for s in self.states if s.code == code), None)
        if state is None:
            return code
        return next((label for kind, label in state.by_organiser if kind == organiser_kind), state.label)

    def by_organiser(self) -> frozenset[str]:
        """The states whose label depends on the kind of the entry's project's organiser."""
        return frozenset(s.code for s in self.states if s.by_organiser)

    def state(self, code: str) -> State:
        for state in self.states:
            if state.code == code:
                return state
        raise KeyError(code)

    def allowed(self, source: str, actor_roles: frozenset[UserRole]) -> tuple[Transition, ...]:
        """The steps out of ``source`` that ``actor_roles`` hold (``Transition.held_by``)."""
        return tuple(t for t in self.transitions if t.source == source and t.held_by(actor_roles))

    def counting(self) -> frozenset[str]:
        return frozenset(s.code for s in self.states if s.counts)

    def problems(self, hook: str, reach: frozenset[str] | None = None) -> list[str]:
        """What keeps the portal from running this workflow, one line each naming ``hook`` and
        what to change, for the region's author (``portal rules test``, and the portal refusing
        to load it): the first state or a step's state not among the states (a misspelt code,
        which the pages met as a KeyError), and no way from the first state to one of ``reach``
        (the enrollment's ``completed``, the audit's counting states), where no entry would ever
        be credited or counted. ``reach`` None: the states that count (``State.counts``)."""
        codes = [s.code for s in self.states]
        found = []
        if self.initial not in codes:
            found.append(f"{hook}: its first state (initial={self.initial!r}) is not among its states "
                         f"({', '.join(codes) or 'none'}): add State({self.initial!r}, ...) or name one of them")
        for t in self.transitions:
            for end, code in (("source", t.source), ("target", t.target)):
                if code not in codes:
                    found.append(f"{hook}: the step {t.source}→{t.target} has the {end} {code!r}, which is not "
                                 f"among its states ({', '.join(codes) or 'none'}): add State({code!r}, ...) or "
                                 f"correct the code")
        goal = frozenset(reach) if reach is not None else self.counting()
        if reach is not None and not goal <= set(codes):
            missing = ", ".join(sorted(goal - set(codes)))
            found.append(f"{hook}: it has no state {missing!r}, the one in which the portal enters a completed "
                         f"training's credits in the ledger: give the state a training ends in that code "
                         f"(State({missing!r}, ...))")
        elif reach is None and not goal:
            found.append(f"{hook}: no state counts (State(..., counts=True)), so no entry would ever count "
                         f"toward a teacher's credits: mark the state an approved entry reaches")
        if found:
            return found
        seen, todo = {self.initial}, [self.initial]
        while todo:
            here = todo.pop()
            for t in self.transitions:
                if t.source == here and t.target not in seen:
                    seen.add(t.target)
                    todo.append(t.target)
        if not seen & goal:
            found.append(f"{hook}: no steps lead from its first state {self.initial!r} to "
                         f"{' or '.join(sorted(goal))}: add the transitions that take an entry there")
        return found

    def undecided(self) -> frozenset[str]:
        """The states of an entry whose audit is still under way: neither counting nor final
        (submitted, returned for correction). Nobody has decided on an entry in one yet."""
        return frozenset(s.code for s in self.states if not s.counts and not s.final)

    def standing(self) -> tuple[str, ...]:
        """The states in which a selection stands (see ``State``)."""
        return tuple(s.code for s in self.states if (not s.final and not s.lapsed) or s.code == COMPLETED)

    def waiting_for_seat(self) -> tuple[str, ...]:
        """The states in which a selection stands but holds no seat yet (a region whose
        school approves first): the catalog counts them beside the seats left."""
        return tuple(s.code for s in self.states if not s.final and not s.lapsed and not s.holds_seat)

    def seat_states(self) -> tuple[State, ...]:
        """The states, short of completion, in which an enrollment holds a seat."""
        return tuple(s for s in self.states if s.holds_seat and not s.final)

    def seat_steps(self) -> tuple[Transition, ...]:
        """The steps by which a selection standing without a seat takes one (the school's approval
        into 已报名, or into a payment hold for a training with a fee): the first states holding a
        seat are their targets, as the catalog names them beside the selections waiting."""
        waiting = set(self.waiting_for_seat())
        seats = {s.code for s in self.seat_states()}
        return tuple(t for t in self.transitions if t.source in waiting and t.target in seats)

    def awaiting(self, role: UserRole, over: str | None = None) -> frozenset[str]:
        """States in which ``role`` is the one to act: where it has a step forward (one that
        does not only cancel, ``Transition.cancels``); with ``over``, one it takes through that
        reach (``Transition.over``). Not a lapsed state (withdrawn, cancelled): its selection no
        longer stands and nothing is due on it; taking it up again (a resubmission) is a choice
        the enrollment's page still offers, not a step awaited."""
        lapsed = {s.code for s in self.states if s.lapsed}
        return frozenset(t.source for t in self.transitions
                         if t.actor == role and not t.cancels and t.source not in lapsed and t.through(over))

    def expiring(self) -> tuple[State, ...]:
        """The states an enrollment leaves by itself after a time."""
        return tuple(s for s in self.states if s.expires_after is not None)

    def transition(self, source: str, target: str, actor_roles: frozenset[UserRole]) -> Transition | None:
        """The transition from ``source`` to ``target`` one of ``actor_roles`` may take."""
        return next(iter(t for t in self.allowed(source, actor_roles) if t.target == target), None)

    def found_by(self, role: UserRole) -> str:
        """The state an entry takes when ``role`` finds it due (an upheld appeal): as far as the
        role's own first step forward along the workflow takes it, so that what that step does
        not count still goes to the levels after it; the first state where the role takes no
        step at all. A step forward is one to a state not yet passed that is not a final
        refusal."""
        passed, frontier = {self.initial}, [self.initial]
        while frontier:
            ahead = []
            for transition in self.transitions:
                if transition.source not in frontier or transition.target in passed:
                    continue
                target = self.state(transition.target)
                if target.final and not target.counts:
                    continue
                if transition.actor == role:
                    return transition.target
                ahead.append(transition.target)
            passed.update(ahead)
            frontier = list(dict.fromkeys(ahead))
        return self.initial

    def taken_by(self, source: str, target: str) -> tuple[tuple[UserRole, str | None], ...]:
        """Who takes the step from ``source`` to ``target``, whoever asks: each role with the
        reach it takes it through (``Transition.over``); empty when there is no such step."""
        return tuple(dict.fromkeys((t.actor, t.over) for t in self.transitions
                                   if t.source == source and t.target == target))


@dataclass(frozen=True)
class AuditStep:
    """A step of the credit audit as the region's guards see it (``portal_audit_findings``):
    the entry (its activity's date, category, amount and ``facts``, as the rules converted
    them: level, mode, program ...), the states it would move between, the role taking it,
    the day it would be taken, and the teacher's cycle holding the activity's date (a step
    taken at the cycle's end waits for ``cycle.end``). ``project_materials``: how many files of
    training materials the entry's project holds (None: the entry comes from no project), for a
    region that sends a training's credits to audit only with its materials."""

    source: str
    target: str
    by: UserRole
    on: date
    activity_date: date
    category: str
    amount: Decimal
    facts: Mapping[str, object]
    cycle: Period
    entry_source: str = "enrollment"
    school_under: str = ""  # the kind (``OrgKind``) of the unit the teacher's school sits under: a city runs it itself, or a district
    # how many training materials (培训情况资料) the entry's project holds, its organiser's uploads;
    # None where the entry comes from no project (a claim, a transfer, an entry made by hand)
    project_materials: int | None = None
    # the kind (``OrgKind``) of the unit that ran the entry's project: an institution, or a bureau
    # or a school running a training itself (whose results its own admins record, with no
    # institution to hand a returned result in again); "" where the entry comes from no project
    organiser_kind: str = ""
    # whether the role taking the step is held at the unit that ran the entry's project itself (a
    # bureau or a school auditing the result of a training it ran), not above it nor elsewhere: a
    # region's guard tells the organiser's own admins from another unit's of the same kind by it
    at_organiser: bool = False
