"""The admin home (概览): the scope's figures, the entries awaiting the user, the projects
they run."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, render_template
from flask_login import current_user

from ..domain import TEACHER_VIEWERS, UserRole
from ..services import reviews, training
from ..services.scope import Scope
from ..services.teachers import scope_summary
from .access import region, roles_required, viewer_scope
from .forms import ROLE_LABELS

bp = Blueprint("home", __name__, url_prefix="/admin")


@bp.get("/")
@roles_required(*TEACHER_VIEWERS, UserRole.INSTITUTION_STAFF)
def index():
    today = date.today()
    scope = viewer_scope()
    summary = scope_summary(region(), scope, today) if scope else None
    workflow = region().audit_workflow()
    reviewer = reviews.reviews_anything(current_user, workflow)
    return render_template(
        "home/index.html",
        summary=summary,
        awaiting=reviews.awaiting_count(current_user, workflow) if reviewer else None,
        panels=region().dashboard_panels(summary) if summary else [],
        requirements=region().requirements(today),
        projects=training.organised_projects(Scope.of(current_user, [UserRole.INSTITUTION_STAFF])),
        roles=[ROLE_LABELS[r] for r in sorted(current_user.role_set)],
        leader=UserRole.WORKSHOP_LEADER in current_user.role_set,
        workshops=scope.workshops,
    )
