"""Credits a teacher claims, or their school enters for them, outside the portal's projects:
self-study achievements, degree courses, trainings on another platform. The region lists the
kinds it recognises (``portal_claim_kinds``); a claim becomes an ``Activity`` that the
region's own conversion turns into credits, and its caps apply as to any other entry."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .activity import Activity
from .enums import Grade, LedgerSource, Level, Mode, SchoolStage, UserRole
from .ledger import TeacherFacts
from .region import Described
from .results import Words
from .text import text_json

HOURS = "hours"  # the claimant gives the hours (学时) attended
CREDITS = "credits"  # the claimant gives the credits recognised or declared (学分), as Activity.base_credits
FIXED = "fixed"  # the claimant gives no figure: the program credits a fixed amount (a certificate's 60 学时)
FIGURES = (HOURS, CREDITS, FIXED)


@dataclass(frozen=True)
class ForTeachers:
    """The teachers a claim kind is for, by their facts (``ClaimKind.applies``), where the
    documents make it some teachers' only (a new teacher's probation training): ``holds`` asks
    a teacher's ``TeacherFacts`` on a day (the portal's today, when the form is offered and when
    a claim is made or corrected) and says whether the kind is theirs; ``who`` names those
    teachers in the clause's words (新任教师第一学年内), ``source`` the clause that makes the
    kind theirs. A teacher it does not hold for is not offered the kind, nor told that others
    enter it for them, and a claim of it for them is refused saying ``who`` and the clause.
    ``holds`` reads only the facts: a fact not recorded is ``None`` there, and the region says
    what that means for the kind (as its rules do for its duties)."""

    holds: Callable[[TeacherFacts, date], bool]
    who: Words
    source: str

    def as_json(self) -> dict:
        return {"who": text_json(self.who), "source": self.source}


@dataclass(frozen=True)
class ClaimKind(Described):
    """A kind of credit claimed with evidence, as the region's documents name it.

    ``levels`` are the levels the claimant picks from (one: fixed; empty: every level);
    ``figure`` says whether they give hours, credits, or nothing (``FIXED``: the program's
    rule credits a fixed amount); ``grade`` is the result the claim stands for where the
    rules read one (a certificate is given only on a pass); ``grades`` are those a claimant
    may pick as the certificate states them (empty: none is asked; none picked: ``grade``,
    and the region's rules say what a missing grade counts as); ``evidence`` says, in the clause's
    words, what the files must show (获奖证书, 发表刊物的封面、目录和正文 ...); ``who`` are
    the roles that may claim it: a teacher for themself, a school admin or principal for a
    teacher of their school; ``most``: the most one claim may give, in its ``figure``'s unit,
    where the documents set it (a cycle's cap on what all such claims count), cited by the
    kind's ``source``: a claim above it is refused as mistyped, not capped unsaid; ``stages``:
    the school stages whose teachers it is for (a program's certificate; empty: any teacher),
    offered to a teacher recorded in one of them, or in none yet; ``applies``: the teachers it is
    for by their other facts (``ForTeachers``: in probation, in post for less than some years),
    where the documents make it some teachers' only; None (the default): every teacher the
    other fields allow; ``figure_label``: what the
    form asks the figure as, where the documents say who sets it (empty: the core's words,
    credits recognised or declared); ``asks_level``: whether the claimant is asked the level
    where the kind offers more than one: True, asked; False, the kind's rules do not read it
    (the claim records no level, a fact not known, rather than one nobody gave); None (the
    default), asked where the region's rules read a level (its ``portal_activity_fields``
    lists ``level``, or it declares none), as before. A kind of one level carries it unasked."""

    ledger_source: LedgerSource = LedgerSource.ACHIEVEMENT
    mode: Mode = Mode.SELF_STUDY
    levels: tuple[Level, ...] = ()
    program: str | None = None
    figure: str = HOURS
    grade: Grade | None = None
    grades: tuple[Grade, ...] = ()
    evidence: Words = ""
    who: tuple[UserRole, ...] = (UserRole.TEACHER, UserRole.SCHOOL_ADMIN, UserRole.PRINCIPAL)
    most: Decimal | None = None
    stages: frozenset[SchoolStage] = frozenset()
    figure_label: Words = ""
    applies: ForTeachers | None = None
    asks_level: bool | None = None

    def __post_init__(self) -> None:
        if self.figure not in FIGURES:
            raise ValueError(f"figure must be one of {FIGURES}, not {self.figure!r}")

    def offered_levels(self) -> tuple[Level, ...]:
        return self.levels or tuple(Level)

    def activity(self, level: Level | None, figure: Decimal | None, on: date, start: date | None = None,
                 grade: Grade | None = None) -> Activity:
        """The activity a claim of this kind stands for: ending ``on`` (begun ``start``, the
        same day if not given: a training of several days is not held to one day's cap), at
        ``level``, with the hours or credits the claimant gave (none for ``FIXED``) and the
        grade they picked (one of ``grades``; else the kind's ``grade``)."""
        start = start if start is not None and start <= on else on
        return Activity(
            level=level,
            mode=self.mode,
            hours=figure if self.figure == HOURS else Decimal(0),
            days=(on - start).days + 1,
            start=start,
            end=on,
            grade=grade if grade is not None else self.grade,
            program=self.program,
            base_credits=figure if self.figure == CREDITS else None,
        )

    def as_json(self) -> dict:
        data = super().as_json()
        data.update(ledger_source=self.ledger_source.value, mode=self.mode.value, figure=self.figure,
                    levels=[level.value for level in self.offered_levels()])
        if self.grade:
            data["grade"] = self.grade.value
        if self.grades:
            data["grades"] = [grade.value for grade in self.grades]
        if self.most is not None:
            data["most"] = str(self.most)
        data["evidence"] = text_json(self.evidence) or None
        data["who"] = [role.value for role in self.who]
        if self.program:
            data["program"] = self.program
        if self.applies is not None:
            data["applies"] = self.applies.as_json()
        if self.asks_level is not None:
            data["asks_level"] = self.asks_level
        return data

    def applies_to(self, teacher: TeacherFacts, on: date) -> bool:
        """Whether the kind is for ``teacher`` on ``on`` by their facts (``applies``; None: it is)."""
        return self.applies is None or bool(self.applies.holds(teacher, on))
