"""A project's seats, taken and given back by one conditional UPDATE each (DESIGN pitfalls 1
and 10): two people taking the last seat at once cannot both have it, and the transaction
holds the project's row only for that statement."""
from __future__ import annotations

from sqlalchemy import or_, update

from ..extensions import db
from ..models import TrainingProject


PROJECT = TrainingProject.__table__  # Core statements: the ORM's UPDATE machinery adds nothing here


def take(project_id: int) -> int | None:
    """One seat taken, if one is left: the project's seats taken with it (the row is held until
    the transaction ends, so it stays so), else None."""
    return db.session.scalar(
        update(PROJECT).where(PROJECT.c.id == project_id, or_(PROJECT.c.capacity.is_(None),
                                                              PROJECT.c.taken < PROJECT.c.capacity))
        .values(taken=PROJECT.c.taken + 1).returning(PROJECT.c.taken))


def give_back(project_id: int, seats: int = 1) -> None:
    db.session.execute(update(TrainingProject).where(TrainingProject.id == project_id)
                       .values(taken=TrainingProject.taken - seats).execution_options(synchronize_session=False))
