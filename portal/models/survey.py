from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .types import utcnow


class NeedsSurvey(db.Model):
    """A teacher's answers to the training needs survey (培训需求调研问卷): the modes, levels,
    subjects and topics they want, and their interests in their words."""

    __tablename__ = "needs_survey"

    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id"), primary_key=True)
    answers: Mapped[dict] = mapped_column(JSON)
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)
