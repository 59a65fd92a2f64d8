from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .org import OrgUnit
from .types import utcnow
from .user import User


class Workshop(db.Model):
    """A workshop (工作坊): the teachers of one subject at one school stage below an org unit,
    followed by its leader (坊主). Membership is not stored: a teacher belongs while their
    school lies below ``org_unit`` and their subjects and stages include the workshop's."""

    __tablename__ = "workshop"
    # one workshop per subject and stage below a unit, two admins setting it up at once included
    __table_args__ = (Index("uq_workshop_org_unit_id_subject_stage", "org_unit_id", "subject", "stage", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    subject: Mapped[str] = mapped_column(String(40))
    stage: Mapped[str] = mapped_column(String(20))  # a SchoolStage value
    leader_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    summary: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))  # the leader's 总结
    summary_at: Mapped[datetime | None]

    org_unit: Mapped[OrgUnit] = relationship(lazy="joined")
    leader: Mapped[User] = relationship()
