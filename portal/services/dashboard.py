"""The admin home (概览): the figures of the user's scope with the region's panels, what
awaits them in the audit, the projects they run."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..domain import Panel, Requirements, ScopeSummary, UserRole
from ..models import TrainingProject, User
from ..plugins import Region
from . import calendar, enrollments, projects, reviews, training
from .scope import Membership, Scope, viewer_scope
from .teachers import scope_summary


@dataclass(frozen=True)
class Overview:
    roles: tuple[UserRole, ...]
    summary: ScopeSummary | None  # None: the user reads no teachers (training institution staff)
    panels: list[Panel]
    requirements: Requirements
    awaiting: int | None  # None: the user takes no step in the audit
    enrollments_awaiting: int  # enrollments waiting for one of the user's steps
    projects_awaiting: int  # declared projects waiting for the user's review, requests for more classes for their decision
    projects: list[TrainingProject]
    workshops: tuple[Membership, ...]
    calendar_unset: bool = False  # the user sets the selection calendar, and none is in force for this term

    @property
    def leader(self) -> bool:
        return UserRole.WORKSHOP_LEADER in self.roles

    @property
    def restated(self) -> frozenset[str]:
        """The home's own figures a region's panel shows already (``Panel.restates``): left out."""
        return frozenset(figure for panel in self.panels for figure in panel.restates)

    @property
    def adds_users(self) -> bool:
        return any(role.is_admin for role in self.roles)


def overview(region: Region, user: User, today: date) -> Overview:
    scope = viewer_scope(user)
    summary = scope_summary(region, scope, today) if scope else None
    workflow = region.audit_workflow()
    return Overview(
        roles=tuple(sorted(user.role_set)),
        summary=summary,
        panels=region.dashboard_panels(summary) if summary else [],
        requirements=region.requirements(today),
        awaiting=reviews.awaiting_count(region, user, today) if reviews.reviews_anything(user, workflow) else None,
        enrollments_awaiting=enrollments.awaiting_count(region, user),
        projects_awaiting=(projects.review_page(user, region, 1, 1).total
                           + len(projects.class_requests_waiting(user, region))),
        projects=training.organised_projects(Scope.of(user, [UserRole.INSTITUTION_STAFF])),
        workshops=scope.workshops,
        calendar_unset=(region.runs_selection_calendar() and calendar.may_edit(region, user)
                        and not calendar.phases(region, today)),
    )
