from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .org import OrgUnit


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
