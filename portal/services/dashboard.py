"""The admin home (概览): the figures of the user's scope with the region's panels, what
awaits them in the audit, the projects they run."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import exists, select

from ..domain import Panel, Requirements, ScopeSummary, UserRole
from ..extensions import db
from ..models import OrgUnit, Teacher, TrainingProject, User
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
    # a bureau's first days (portal setup): an admin whose teachers are none yet, or imported but
    # none with an account; the steps after the import (activation codes, school admins) stay
    # listed until then (a first deployment lost them the moment its teachers were imported)
    first_steps: bool = False

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
        first_steps=_first_steps(user, scope, summary),
        calendar_unset=(region.runs_selection_calendar() and calendar.may_edit(region, user)
                        and not calendar.phases(region, today)),
    )


def _first_steps(user: User, scope: Scope, summary: ScopeSummary | None) -> bool:
    if summary is None or not any(role.is_admin for role in user.role_set):
        return False
    if not summary.teachers:
        return True
    return not db.session.scalar(select(exists().where(
        Teacher.user_id.is_not(None), Teacher.school_id == OrgUnit.id, scope.teacher_condition(OrgUnit.path))))
