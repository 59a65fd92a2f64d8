from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..domain import Period, SchoolStage, TeacherFacts
from ..domain.idcard import born_on
from ..extensions import db
from .org import OrgUnit
from .types import utcnow
from .user import User


class Teacher(db.Model):
    """A teacher's profile; ``user_id`` links the login when the teacher has one."""

    __tablename__ = "teacher"
    # A unit's teachers with whether they ever signed in, read from the index alone: a city's
    # registration figure otherwise reads every teacher's row (42 of 216 ms for 100,000 on SQLite).
    __table_args__ = (Index("ix_teacher_school_id_signed_in_at", "school_id", "signed_in_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), unique=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"))
    name: Mapped[str] = mapped_column(String(80), index=True)
    gender: Mapped[str] = mapped_column(String(8))
    id_number: Mapped[str] = mapped_column(String(18), unique=True)
    phone: Mapped[str | None] = mapped_column(String(20))
    stages: Mapped[list[str]] = mapped_column(JSON, default=list)
    subjects: Mapped[list[str]] = mapped_column(JSON, default=list)
    title: Mapped[str | None] = mapped_column(String(40))
    title_date: Mapped[date | None]
    entered_post: Mapped[date | None]
    probation_end: Mapped[date | None]
    transferred_in: Mapped[date | None]
    transferred_from: Mapped[str | None] = mapped_column(String(120))
    exchange_kind: Mapped[str | None] = mapped_column(String(20))  # an ExchangeKind, while on exchange
    exchange_unit: Mapped[str | None] = mapped_column(String(120))  # where they work meanwhile
    leave: Mapped[list[dict]] = mapped_column(JSON, default=list, server_default="[]")  # [{start, end}]
    layer: Mapped[str | None] = mapped_column(String(40))
    qualified: Mapped[bool | None]  # holds a teacher qualification certificate (教师资格证书); None: not recorded
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # When the teacher first signed in, kept beside the sessions (which grow with every
    # sign-in) so that counting a unit's registered teachers reads no session.
    signed_in_at: Mapped[datetime | None]

    school: Mapped[OrgUnit] = relationship(lazy="joined")
    user: Mapped[User | None] = relationship()

    def facts(self) -> TeacherFacts:
        """The teacher as the region's rules see them. On exchange, the teacher's school is
        their home unit, where credits are registered."""
        return TeacherFacts(
            entered_post=self.entered_post,
            probation_end=self.probation_end,
            transferred_in=self.transferred_in,
            transferred_from=self.transferred_from,
            home_unit=self.school.name if self.exchange_kind else None,
            title=self.title,
            title_date=self.title_date,
            layer=self.layer,
            stages=tuple(SchoolStage(s) for s in self.stages or ()),
            leave=leave_periods(self.leave),
            qualified=self.qualified,
            birth_date=_born(self.id_number),
        )


def _born(id_number: str | None) -> date | None:
    """The birth date the teacher's ID number records (checked when it was entered); None where
    it records none that is a date."""
    try:
        return born_on(id_number or "")
    except ValueError:
        return None


def leave_periods(kept: list[dict] | None) -> tuple[Period, ...]:
    """A teacher's leave as ``Teacher.leave`` keeps it (``[{start, end}]``), as periods."""
    return tuple(Period(date.fromisoformat(p["start"]), date.fromisoformat(p["end"])) for p in kept or ())
