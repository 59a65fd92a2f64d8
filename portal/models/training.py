from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .org import OrgUnit
from .teacher import Teacher
from .files import StoredFileColumns
from .types import Amount, utcnow


# A project's life: drafted, declared for the bureau's review where the region asks for one,
# returned for changes or rejected, published (then found in the catalog), withdrawn.
PROJECT_STATES = ("draft", "declared", "returned", "rejected", "published", "withdrawn")


class TrainingProject(db.Model):
    """A training project (培训项目) run by an org unit; ``taken`` counts its seats in use,
    ``capacity`` is ``classes`` times ``class_size`` (None: no limit). ``search_text`` holds
    what the catalog's keyword search reads (name, organiser, topics, description), indexed
    by trigrams (migration 0010), so a Chinese substring is found on SQLite and PostgreSQL."""

    __tablename__ = "training_project"
    __table_args__ = (
        CheckConstraint("capacity IS NULL OR taken <= capacity", name="seats"),
        CheckConstraint("end_date >= start_date", name="dates"),
        CheckConstraint("taken >= 0", name="taken"),
        CheckConstraint("classes >= 1", name="classes"),
        Index("ix_training_project_status_start", "status", "start_date"),
        Index("ix_training_project_status_published", "status", "published_at"),  # the catalog's newest first
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
    layer: Mapped[str | None] = mapped_column(String(40))
    classes: Mapped[int] = mapped_column(default=1, server_default=text("1"))
    class_size: Mapped[int | None]
    published_at: Mapped[datetime | None]
    review_note: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))
    search_text: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))
    region_fields: Mapped[dict] = mapped_column(JSON, default=dict)
    # component -> weight in percent, as strings (exact decimals), e.g. {"exam": "40"}
    assessment_weights: Mapped[dict] = mapped_column(JSON, default=dict, server_default=text("'{}'"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organiser: Mapped[OrgUnit] = relationship(lazy="joined")
    enrollments: Mapped[list[Enrollment]] = relationship(back_populates="project")


class Enrollment(db.Model):
    """A teacher's place in a project, as participant or as instructor, mentor, presenter.

    ``status`` is a state of the region's enrollment workflow, entered at ``state_since``
    (states that expire count from it); ``phase`` the calendar phase it was selected in
    (round 1, round 2); ``note`` the reason given with the last move, which the teacher reads."""

    __tablename__ = "enrollment"
    __table_args__ = (UniqueConstraint("project_id", "teacher_id"),
                      Index("ix_enrollment_status_since", "status", "state_since"))

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
    state_since: Mapped[datetime] = mapped_column(default=utcnow)
    phase: Mapped[str | None] = mapped_column(String(40))
    # the nearest quota its seat was taken from; it counts in that one and in those above it
    quota_id: Mapped[int | None] = mapped_column(ForeignKey("project_quota.id"))
    note: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    project: Mapped[TrainingProject] = relationship(back_populates="enrollments", lazy="joined")
    teacher: Mapped[Teacher] = relationship()


class ProjectMaterial(StoredFileColumns, db.Model):
    """A file of a project's training materials (培训情况资料: its notice, the sign-in sheets, photos
    of the sessions), uploaded by its organiser for those who audit its credits; kept like a
    claim's evidence, outside the web root under ``stored_as`` (a random name), served only to
    those who may see the project's materials. ``digest`` is the file's SHA-256: the same file is
    held once by a project."""

    __tablename__ = "project_material"
    __table_args__ = (UniqueConstraint("project_id", "digest", name="uq_project_material_project_digest"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("training_project.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
