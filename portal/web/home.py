"""The admin home (概览): the scope's figures, the entries awaiting the user, the projects
they run."""
from __future__ import annotations


from flask import Blueprint, render_template
from flask_login import current_user

from .. import clock
from ..domain import TEACHER_VIEWERS, UserRole
from ..services.dashboard import overview
from .access import region, roles_required
from .forms import role_labels
from .projects import STATE_LABELS

bp = Blueprint("home", __name__, url_prefix="/admin")


@bp.get("/")
@roles_required(*TEACHER_VIEWERS, UserRole.INSTITUTION_STAFF)
def index():
    found = overview(region(), current_user, clock.today())
    named = role_labels()
    return render_template("home/index.html", summary=found.summary, awaiting=found.awaiting, panels=found.panels,
                           enrollments_awaiting=found.enrollments_awaiting, projects_awaiting=found.projects_awaiting,
                           projects_later=found.projects_later, projects_now=found.projects_now,
                           requirements=found.requirements, projects=found.projects, workshops=found.workshops,
                           states={code: label() for code, label in STATE_LABELS.items()},
                           roles=[named[r] for r in found.roles], leader=found.leader,
                           adds_users=found.adds_users, first_steps=found.first_steps, restated=found.restated, calendar_unset=found.calendar_unset, calendar_unsaved=found.calendar_unsaved,
                           stranded=found.stranded, phases_open=found.phases_open, corrects=found.corrects)
