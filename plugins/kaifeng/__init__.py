"""开封市 (Henan): the city-wide 60-hour online all-staff training, counted in 学时.

Source: kaifeng-2018-online-training.txt. Only the hookimpls live here; the rules are in
``rules``, their numbers and settings in ``parameters``, the calculator form in ``forms``,
the demo in ``demo`` and the worked cases in ``scenarios/``.
"""
from portal.domain import Document
from portal.hookspecs import hookimpl

from . import demo, parameters, rules

__version__ = "0.2.0"


@hookimpl
def portal_region_info():
    return rules.region_info(__version__)


@hookimpl
def portal_demo_data(today):
    return demo.build_demo(today)


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
    from .forms import KaifengActivityForm  # imports Flask-WTF: only when the web asks

    return KaifengActivityForm


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
    return [Document(parameters.DOC, parameters.DOCUMENT_TITLE, __name__, parameters.ISSUER, parameters.NOTICE_DATE)]
