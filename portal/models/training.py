from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .org import OrgUnit
from .teacher import Teacher
from .types import Amount, utcnow


class TrainingProject(db.Model):
    """A training project (培训项目) run by an org unit; ``taken`` counts its seats in use."""

    __tablename__ = "training_project"
    __table_args__ = (
        CheckConstraint("capacity IS NULL OR taken <= capacity", name="seats"),
        CheckConstraint("end_date >= start_date", name="dates"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organiser_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(20))
    mode: Mapped[str] = mapped_column(String(20))
    category: Mapped[str | None] = mapped_column(String(40))
    program: Mapped[str | None] = mapped_column(String(60))
    approval_required: Mapped[bool] = mapped_column(default=False)
    lodging: Mapped[bool] = mapped_column(default=False)
    start_date: Mapped[date]
    end_date: Mapped[date]
    year: Mapped[int] = mapped_column(index=True)
    stages: Mapped[list[str]] = mapped_column(JSON, default=list)
    subjects: Mapped[list[str]] = mapped_column(JSON, default=list)
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    description: Mapped[str] = mapped_column(Text, default="")
    hours: Mapped[Decimal] = mapped_column(Amount)
    base_credits: Mapped[Decimal | None] = mapped_column(Amount)
    capacity: Mapped[int | None]
    taken: Mapped[int] = mapped_column(default=0)
    fee: Mapped[Decimal] = mapped_column(Amount, default=Decimal(0))
    status: Mapped[str] = mapped_column(String(20), default="draft")
    region_fields: Mapped[dict] = mapped_column(JSON, default=dict)
    # component -> weight in percent, as strings (exact decimals), e.g. {"exam": "40"}
    assessment_weights: Mapped[dict] = mapped_column(JSON, default=dict, server_default=text("'{}'"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organiser: Mapped[OrgUnit] = relationship(lazy="joined")
    enrollments: Mapped[list[Enrollment]] = relationship(back_populates="project")


class Enrollment(db.Model):
    """A teacher's place in a project, as participant or as instructor, mentor, presenter."""

    __tablename__ = "enrollment"
    __table_args__ = (UniqueConstraint("project_id", "teacher_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("training_project.id"), index=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id"), index=True)
    role: Mapped[str] = mapped_column(String(20), default="participant")
    status: Mapped[str] = mapped_column(String(20))
    attended_hours: Mapped[Decimal | None] = mapped_column(Amount)
    grade: Mapped[str | None] = mapped_column(String(20))
    score: Mapped[Decimal | None] = mapped_column(Amount)
    service_year: Mapped[int | None]
    region_fields: Mapped[dict] = mapped_column(JSON, default=dict)
    scores: Mapped[dict] = mapped_column(JSON, default=dict, server_default=text("'{}'"))  # component -> score
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    project: Mapped[TrainingProject] = relationship(back_populates="enrollments", lazy="joined")
    teacher: Mapped[Teacher] = relationship()
