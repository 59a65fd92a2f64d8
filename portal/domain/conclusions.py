"""The conclusion a bureau gives on each teacher's ended cycle (周期审定结论), where the region's
documents have one given, and who gives it (``ConclusionPolicy``)."""
from __future__ import annotations

from dataclasses import dataclass

from .enums import UserRole


@dataclass(frozen=True)
class ConclusionPolicy:
    """Who concludes each teacher's ended cycle: ``concluded_by``, over the teachers' schools, once
    the cycle has ended and none of its entries is still in its audit; ``source`` the clause. A
    teacher passes when the cycle's own duty is met (its total and every condition of it) as the
    rules in force on its last day judge the entries of it that count."""

    concluded_by: UserRole
    source: str
