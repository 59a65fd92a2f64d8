"""Ruian (瑞安市, Zhejiang): credits as declared by the project, 360 in a 5-year cycle.

Authority: ruian-2019h2-course-selection.txt. Only hookimpls here; the rules are in
``rules``, their numbers in ``parameters``, the demo in ``demo``.
"""
from __future__ import annotations

from portal.domain import RegionInfo, Unit
from portal.hookspecs import hookimpl

from . import demo, rules

__version__ = "0.1.0"


@hookimpl
def portal_region_info():
    return RegionInfo(code="ruian", name="瑞安市", unit=Unit.CREDIT, version=__version__)


@hookimpl
def portal_demo_data(today):
    return demo.build_demo(today)


@hookimpl
def portal_rule_version(on):
    return rules.rule_version(on)


@hookimpl
def portal_credit_categories():
    return rules.categories()


@hookimpl
def portal_convert_activity(activity, on):
    return rules.convert(activity, on)


@hookimpl
def portal_cycle(on):
    return rules.region_cycle(on)


@hookimpl
def portal_requirements(on):
    return rules.requirements(on)


@hookimpl
def portal_check_compliance(teacher, records, as_of):
    return rules.check_compliance(teacher, records, as_of)


@hookimpl
def portal_eligibility():
    """The notice names no purpose that a teacher's ledger decides (title review, re-registration
    ...). Its one eligibility, the second selection round (§四(二)), depends on the round-1
    selection and its review, which this hook does not receive: see rules.second_round_eligibility."""
    return []


@hookimpl
def portal_enrollment_workflow():
    return rules.ENROLLMENT_WORKFLOW


@hookimpl
def portal_dashboard_panels(summary):
    return rules.dashboard_panels(summary)
