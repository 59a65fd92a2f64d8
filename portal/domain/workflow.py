"""State machines a region declares and the core enforces: enrollment and credit audit."""
from __future__ import annotations

from dataclasses import dataclass

from .enums import UserRole


@dataclass(frozen=True)
class State:
    """A workflow state; in the audit workflow, entries in a ``counts`` state count in totals."""

    code: str
    label: str
    final: bool = False
    counts: bool = False


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    actor: UserRole
    label: str


@dataclass(frozen=True)
class Workflow:
    initial: str
    states: tuple[State, ...]
    transitions: tuple[Transition, ...]
    source: str = ""

    def state(self, code: str) -> State:
        for state in self.states:
            if state.code == code:
                return state
        raise KeyError(code)

    def allowed(self, source: str, actor_roles: frozenset[UserRole]) -> tuple[Transition, ...]:
        return tuple(t for t in self.transitions if t.source == source and t.actor in actor_roles)

    def counting(self) -> frozenset[str]:
        return frozenset(s.code for s in self.states if s.counts)

    def awaiting(self, role: UserRole) -> frozenset[str]:
        """States in which ``role`` is the one to act."""
        return frozenset(t.source for t in self.transitions if t.actor == role)
