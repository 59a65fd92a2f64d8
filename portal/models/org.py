from __future__ import annotations

from sqlalchemy import ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db


class OrgUnit(db.Model):
    """A node of the org tree (province → city → district → zone → school, or institution).

    ``path`` is the materialised path of ids (``/1/4/9/``): everything under a unit is
    ``path LIKE '/1/4/%'``, one indexed condition for every scope filter.
    """

    __tablename__ = "org_unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    path: Mapped[str] = mapped_column(String(255), index=True, default="")
    private: Mapped[bool] = mapped_column(default=False, server_default=false())  # a school run privately (民办)
    # the teachers whose school it is, kept by the database's triggers (migration 0037), never by
    # the application: a list's total sums it over the units in scope. Read it through SQL: a unit
    # already loaded keeps the value it had when teachers are written in the same session
    teacher_count: Mapped[int] = mapped_column(server_default="0")

    parent: Mapped[OrgUnit | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[OrgUnit]] = relationship(back_populates="parent", order_by="OrgUnit.id")

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2
