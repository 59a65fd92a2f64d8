"""The core's own answers, registered like a plugin so that a region overrides them."""
from __future__ import annotations

import logging

from .domain import ClaimKind, LedgerSource, Mode, ProjectReview, State, Transition, UserRole, Workflow
from .domain.appeals import AppealPolicy
from .domain.calendar import calendar_year
from .domain.enums import OWN_LEVEL
from .domain.text import Messages
from .domain.workflow import REASON, RESULT
from .hookspecs import hookimpl

_ = Messages("messages", "portal")

ENROLLMENT_WORKFLOW = Workflow(
    initial="enrolled",
    states=(
        State("enrolled", _("Enrolled")),
        State("completed", _("Completed"), final=True),
        State("withdrawn", _("Withdrawn"), final=True),
    ),
    transitions=(
        Transition("enrolled", "completed", UserRole.SCHOOL_ADMIN, _("Record completion"), asks=(RESULT,)),
        Transition("enrolled", "completed", UserRole.INSTITUTION_STAFF, _("Record completion"), asks=(RESULT,)),
        Transition("enrolled", "withdrawn", UserRole.SCHOOL_ADMIN, _("Withdraw"), cancels=True),
        Transition("enrolled", "withdrawn", UserRole.TEACHER, _("Withdraw"), cancels=True),
    ),
)

AUDIT_WORKFLOW = Workflow(
    initial="submitted",
    states=(
        State("submitted", _("Awaiting school review")),
        State("approved", _("Approved"), final=True, counts=True),
        State("rejected", _("Rejected"), final=True),
    ),
    transitions=(
        Transition("submitted", "approved", UserRole.SCHOOL_ADMIN, _("Approve")),
        Transition("submitted", "rejected", UserRole.SCHOOL_ADMIN, _("Reject"), asks=(REASON,)),
    ),
)


# A region that says nothing of claims still lets a school enter, and a teacher claim, a
# training taken elsewhere, centralized or online (the mode its conversion reads); its own
# conversion rules credit the hours. No document gives these two kinds: their source is empty,
# and the claim pages say they are the portal's default rule (macros.kind_source), not a citation.
_OUTSIDE_EVIDENCE = _("The certificate or the organiser's proof of attendance, showing the hours")
CLAIM_KINDS = [
    ClaimKind("outside_training", _("Centralized training outside the portal"), "", detail=_(
        "A training attended in person on another platform or in another region, credited by the region's rules for its level and hours"),
        ledger_source=LedgerSource.OUTSIDE, mode=Mode.CENTRALIZED, evidence=_OUTSIDE_EVIDENCE),
    ClaimKind("outside_online", _("Online training outside the portal"), "", detail=_(
        "An online course on another platform, credited by the region's rules for online training of its level and hours"),
        ledger_source=LedgerSource.OUTSIDE, mode=Mode.ONLINE, evidence=_OUTSIDE_EVIDENCE),
]


@hookimpl(trylast=True)
def portal_appeal_policy():
    return AppealPolicy(UserRole.SCHOOL_ADMIN, None, "")


@hookimpl(trylast=True)
def portal_claim_kinds():
    return CLAIM_KINDS


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
def portal_activity_role_labels():
    """No words of the region's own: every page names what a teacher did in a training in the
    core's words (``portal.domain.labels.ROLE_LABELS``, the calculator's ``ACTIVITY_ROLE_LABELS``)."""
    return {}


@hookimpl(trylast=True)
def portal_activity_fields(on):
    """None: the calculator asks every field of the activity (a region says which its rules read)."""
    return None


@hookimpl(trylast=True)
def portal_year(on):
    return calendar_year(on.year)


@hookimpl(trylast=True)
def portal_project_choices(on):
    """Every level and mode the core knows, layers and topics typed freely: a region lists
    those it accepts (``portal_project_choices``) and the project form offers only them."""
    return {}


@hookimpl(trylast=True)
def portal_project_review():
    return ProjectReview(None)


@hookimpl(trylast=True)
def portal_selection_calendar():
    return ()


@hookimpl(trylast=True)
def portal_phase_concerns(phase, unit):
    """True: every phase of the calendar concerns every unit."""
    return True


@hookimpl(trylast=True)
def portal_hours_condition(project):
    """None: a project's hours are stated alone."""
    return None


@hookimpl(trylast=True)
def portal_catalog_listing():
    """None: a published project is listed to teachers at once."""
    return None


@hookimpl(trylast=True)
def portal_cycle_conclusion():
    """None: no bureau concludes a teacher's ended cycle."""
    return None


@hookimpl(trylast=True)
def portal_calendar_editors():
    return (UserRole.DISTRICT_ADMIN, UserRole.CITY_ADMIN, UserRole.PROVINCE_ADMIN)


@hookimpl(trylast=True)
def portal_selection_phase_order():
    return ()


@hookimpl(trylast=True)
def portal_selected_by(project):
    return None


@hookimpl(trylast=True)
def portal_project_organisers():
    return None


@hookimpl(trylast=True)
def portal_quotas_allocated_by(project):
    return None


@hookimpl(trylast=True)
def portal_unit_findings(project, unit):
    """No finding: a project is for every unit under the unit it is for."""
    return []


@hookimpl(trylast=True)
def portal_highest_levels():
    """Each unit its own level at most (a school's trainings school-level); an institution any."""
    return dict(OWN_LEVEL)


@hookimpl(trylast=True)
def portal_school_projects_open():
    return False


@hookimpl(trylast=True)
def portal_deliver_notification(notice):
    logging.getLogger("portal.notifications").info("notification for user %s: %s %s", notice.user_id,
                                                   notice.message, notice.link)
