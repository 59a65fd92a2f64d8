"""青岛市市南区: Shandong's credit rules as Qingdao and its Shinan district apply them.

Only the hook implementations live here; the rules are in ``rules.py``, their numbers and
settings in ``parameters.py``, the calculator form in ``forms.py`` and the demo in ``demo.py``.
"""
from __future__ import annotations

from portal.domain import RegionInfo, Unit
from portal.hookspecs import hookimpl

from . import rules
from .demo import build_demo

__version__ = "0.2.0"


@hookimpl
def portal_region_info():
    return RegionInfo(code="qingdao", name="青岛市市南区", unit=Unit.CREDIT, version=__version__)


@hookimpl
def portal_demo_data(today):
    return build_demo(today)


@hookimpl
def portal_rule_versions():
    return rules.rule_versions()


@hookimpl
def portal_parameters():
    return rules.parameters()


@hookimpl
def portal_credit_categories():
    return rules.categories()


@hookimpl
def portal_programs():
    return rules.programs()


@hookimpl
def portal_activity_form():
    from .forms import QingdaoActivityForm

    return QingdaoActivityForm


@hookimpl
def portal_convert_activity(activity, on):
    return rules.convert(activity, on)


@hookimpl
def portal_cycle(on):
    return rules.cycle(on)


@hookimpl
def portal_requirements(on):
    return rules.requirements(on)


@hookimpl
def portal_check_compliance(teacher, records, as_of):
    return rules.check_compliance(teacher, records, as_of)


@hookimpl
def portal_duties():
    return rules.duties()


@hookimpl
def portal_purposes():
    return rules.purposes()


@hookimpl
def portal_eligibility(teacher, records, as_of):
    return rules.eligibility(teacher, records, as_of)


@hookimpl
def portal_enrollment_workflow():
    return rules.ENROLLMENT_WORKFLOW


@hookimpl
def portal_audit_workflow():
    return rules.AUDIT_WORKFLOW


@hookimpl
def portal_dashboard_panels(summary):
    return rules.dashboard_panels(summary)


@hookimpl
def portal_documents():
    from portal.domain import Document

    return [Document("qingdao-shinan-2017-credit-registration.txt", "市南区教师培训学分登记通知", __name__),
            Document("qingdao-shinan-2018-training-notice.txt", "市南区2018年教师培训工作通知", __name__)]
