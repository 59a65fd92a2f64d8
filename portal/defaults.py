"""The core's own answers, registered like a plugin so that a region overrides them."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from .domain import ProjectReview, State, Transition, UserRole, Workflow
from .domain.workflow import RESULT
from .domain.calendar import calendar_year
from .hookspecs import hookimpl

ENROLLMENT_WORKFLOW = Workflow(
    initial="enrolled",
    states=(
        State("enrolled", _l("Enrolled")),
        State("completed", _l("Completed"), final=True),
        State("withdrawn", _l("Withdrawn"), final=True),
    ),
    transitions=(
        Transition("enrolled", "completed", UserRole.SCHOOL_ADMIN, _l("Record completion"), asks=(RESULT,)),
        Transition("enrolled", "completed", UserRole.INSTITUTION_STAFF, _l("Record completion"), asks=(RESULT,)),
        Transition("enrolled", "withdrawn", UserRole.SCHOOL_ADMIN, _l("Withdraw")),
        Transition("enrolled", "withdrawn", UserRole.TEACHER, _l("Withdraw")),
    ),
)

AUDIT_WORKFLOW = Workflow(
    initial="submitted",
    states=(
        State("submitted", _l("Awaiting school review")),
        State("approved", _l("Approved"), final=True, counts=True),
        State("rejected", _l("Rejected"), final=True),
    ),
    transitions=(
        Transition("submitted", "approved", UserRole.SCHOOL_ADMIN, _l("Approve")),
        Transition("submitted", "rejected", UserRole.SCHOOL_ADMIN, _l("Reject")),
    ),
)


@hookimpl(trylast=True)
def portal_enrollment_workflow():
    return ENROLLMENT_WORKFLOW


@hookimpl(trylast=True)
def portal_audit_workflow():
    return AUDIT_WORKFLOW


@hookimpl(trylast=True)
def portal_activity_form():
    from .web.forms import ActivityForm

    return ActivityForm


@hookimpl(trylast=True)
def portal_year(on):
    return calendar_year(on.year)


@hookimpl(trylast=True)
def portal_project_review():
    return ProjectReview(None)


@hookimpl(trylast=True)
def portal_selection_calendar():
    return ()
