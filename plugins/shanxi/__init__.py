"""山西省: 晋教师〔2017〕14号 (shanxi-2017-credit-management.txt) as a region plugin.

Only the hook implementations live here; the rules are in ``rules``, the numbers and
settings in ``parameters``, the calculator form in ``forms``, the demo in ``demo``, the
worked cases in ``scenarios/*.yaml``.
"""
from __future__ import annotations

from portal.domain import RegionInfo, Unit
from portal.hookspecs import hookimpl

from . import demo, parameters, rules

__version__ = "0.2.0"


@hookimpl
def portal_region_info():
    return RegionInfo("shanxi", "山西省", Unit.CREDIT, __version__)


@hookimpl
def portal_demo_data(today):
    return demo.build_demo(today)


@hookimpl
def portal_rule_versions():
    return rules.rule_versions()


@hookimpl
def portal_parameters():
    return list(parameters.PARAMETERS)


@hookimpl
def portal_credit_categories():
    return list(rules.CATEGORIES)


@hookimpl
def portal_programs():
    return list(rules.PROGRAMS)


@hookimpl
def portal_activity_form():
    from .forms import ShanxiActivityForm  # imports the web layer only when a page asks

    return ShanxiActivityForm


@hookimpl
def portal_convert_activity(activity, on):
    return rules.convert(activity, on)


@hookimpl
def portal_cycle(on):
    return rules.cycle(on)


@hookimpl
def portal_year(on):
    return rules.year_holding(on)


@hookimpl
def portal_requirements(on):
    return rules.requirements(on)


@hookimpl
def portal_check_compliance(teacher, records, as_of):
    return rules.check(teacher, records, as_of)


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
def portal_audit_workflow():
    return rules.AUDIT_WORKFLOW


@hookimpl
def portal_dashboard_panels(summary):
    return rules.dashboard_panels(summary)


@hookimpl
def portal_documents():
    from portal.domain import Document

    return [Document("shanxi-2017-credit-management.txt", "山西省中小学教师培训学分管理办法", __name__)]
