from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .org import OrgUnit
from .types import utcnow


class ProjectQuota(db.Model):
    """The seats of a project allocated to one org unit (名额分配): its teachers, those of the
    schools below it, take them; ``taken`` counts those in use, and the database refuses more
    than ``seats``."""

    __tablename__ = "project_quota"
    __table_args__ = (UniqueConstraint("project_id", "org_unit_id"),
                      CheckConstraint("taken >= 0 AND taken <= seats", name="seats"))

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("training_project.id"), index=True)
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"))
    seats: Mapped[int]
    taken: Mapped[int] = mapped_column(default=0)

    org_unit: Mapped[OrgUnit] = relationship(lazy="joined")


class ClassRequest(db.Model):
    """An organiser's request for more classes of a project (扩班申请), and the reviewer's
    decision: ``state`` requested, granted or refused; ``note`` the reason either gives."""

    __tablename__ = "class_request"
    __table_args__ = (CheckConstraint("classes >= 1", name="classes"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("training_project.id"), index=True)
    classes: Mapped[int]
    state: Mapped[str] = mapped_column(String(20), default="requested")
    reason: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
