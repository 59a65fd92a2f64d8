"""The core's own answers, registered like a plugin so that a region overrides them."""
from __future__ import annotations

from .domain import State, Transition, UserRole, Workflow
from .hookspecs import hookimpl

ENROLLMENT_WORKFLOW = Workflow(
    initial="enrolled",
    states=(
        State("enrolled", "Enrolled"),
        State("completed", "Completed", final=True),
        State("withdrawn", "Withdrawn", final=True),
    ),
    transitions=(
        Transition("enrolled", "completed", UserRole.SCHOOL_ADMIN, "Record completion"),
        Transition("enrolled", "withdrawn", UserRole.SCHOOL_ADMIN, "Withdraw"),
        Transition("enrolled", "withdrawn", UserRole.TEACHER, "Withdraw"),
    ),
)

AUDIT_WORKFLOW = Workflow(
    initial="submitted",
    states=(
        State("submitted", "Awaiting school review"),
        State("approved", "Approved", final=True, counts=True),
        State("rejected", "Rejected", final=True),
    ),
    transitions=(
        Transition("submitted", "approved", UserRole.SCHOOL_ADMIN, "Approve"),
        Transition("submitted", "rejected", UserRole.SCHOOL_ADMIN, "Reject"),
    ),
)


@hookimpl(trylast=True)
def portal_enrollment_workflow():
    return ENROLLMENT_WORKFLOW


@hookimpl(trylast=True)
def portal_audit_workflow():
    return AUDIT_WORKFLOW
