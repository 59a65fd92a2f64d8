"""A project's seats, taken and given back by one conditional UPDATE each (DESIGN pitfalls 1
and 10): two people taking the last seat at once cannot both have it, and the transaction
holds the project's row only for that statement."""
from __future__ import annotations

from sqlalchemy import or_, update

from ..extensions import db
from ..models import TrainingProject


def take(project_id: int) -> bool:
    """One seat taken, if one is left."""
    taken = db.session.execute(
        update(TrainingProject)
        .where(TrainingProject.id == project_id,
               or_(TrainingProject.capacity.is_(None), TrainingProject.taken < TrainingProject.capacity))
        .values(taken=TrainingProject.taken + 1).execution_options(synchronize_session=False))
    return taken.rowcount == 1


def give_back(project_id: int, seats: int = 1) -> None:
    db.session.execute(update(TrainingProject).where(TrainingProject.id == project_id)
                       .values(taken=TrainingProject.taken - seats).execution_options(synchronize_session=False))
