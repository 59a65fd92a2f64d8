"""Each teacher's kept standing: what the region's rules answered, one row per teacher, with
a row per duty and per purpose so lists and reports count them in SQL."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, false, true
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .types import Amount


class TeacherStanding(db.Model):
    """The figures of ``detail`` (a ``portal.domain.standing.Standing`` as data) that lists
    filter, sort and count by. Computed only by ``services.standings``."""

    __tablename__ = "teacher_standing"
    __table_args__ = (Index("ix_teacher_standing_current", "fingerprint", "valid_until"),)

    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id", ondelete="CASCADE"), primary_key=True)
    as_of: Mapped[date]
    valid_until: Mapped[date]
    fingerprint: Mapped[str] = mapped_column(String(64))
    rule_version: Mapped[str] = mapped_column(String(40))
    computed_at: Mapped[datetime]
    unit: Mapped[str] = mapped_column(String(10))
    cycle_start: Mapped[date]
    cycle_end: Mapped[date]
    cycle_required: Mapped[Decimal] = mapped_column(Amount)
    cycle_earned: Mapped[Decimal] = mapped_column(Amount)
    cycle_counted: Mapped[Decimal] = mapped_column(Amount)
    cycle_met: Mapped[bool] = mapped_column(index=True)
    year: Mapped[int]
    year_start: Mapped[date]
    year_end: Mapped[date]
    year_required: Mapped[Decimal | None] = mapped_column(Amount)
    year_earned: Mapped[Decimal] = mapped_column(Amount)  # all this year brought
    year_counted: Mapped[Decimal] = mapped_column(Amount)  # what counts of it, after the region's caps
    year_met: Mapped[bool] = mapped_column(index=True)
    open_duties: Mapped[int]
    # some duty is asked of the teacher now, or one was missed (``Standing.asks_nothing``, negated):
    # a teacher asked nothing is counted apart, never among those with every duty met
    duties_asked: Mapped[bool] = mapped_column(default=True, server_default=true())
    detail: Mapped[dict] = mapped_column(JSON)


class StandingDuty(db.Model):
    """One duty of a teacher's standing: met or not, and what is missing; ``missed``: not met
    only through periods already ended (a past year's minimum: history, no duty open), and
    ``ended_on`` the day the last of those ended; for a duty whose periods have all ended, met
    or not, the day the last ended; None while a period of it runs still or it has no end."""

    __tablename__ = "standing_duty"
    __table_args__ = (Index("ix_standing_duty_code_ok", "code", "ok"),)

    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher_standing.teacher_id", ondelete="CASCADE"),
                                            primary_key=True)
    code: Mapped[str] = mapped_column(String(60), primary_key=True)
    ok: Mapped[bool]
    cap: Mapped[bool]
    shortfall: Mapped[Decimal | None] = mapped_column(Amount)
    # not met only through periods already ended (history, not open); the day the last of those ended
    missed: Mapped[bool] = mapped_column(default=False, server_default=false())
    ended_on: Mapped[date | None]
    # asks nothing of this teacher now (every finding of it exempt: a new teacher's first school
    # year): ``ok`` then, but not met, as the pages say
    exempt: Mapped[bool] = mapped_column(default=False, server_default=false())
    # the duty as asked of this teacher where it differs from the duty's own label (修满 240
    # 学分 for a teacher in post four years of five), as message data; None: the duty's label
    label: Mapped[Any | None] = mapped_column(JSON)


class StandingPurpose(db.Model):
    """One use of credits for a teacher (title review, re-registration ...): open or not."""

    __tablename__ = "standing_purpose"
    __table_args__ = (Index("ix_standing_purpose_purpose_ok", "purpose", "ok"),)

    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher_standing.teacher_id", ondelete="CASCADE"),
                                            primary_key=True)
    purpose: Mapped[str] = mapped_column(String(60), primary_key=True)
    ok: Mapped[bool]
