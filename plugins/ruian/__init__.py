"""Ruian (瑞安市, Zhejiang): credits as declared by the project, 360 in a 5-year cycle.

Authority: ruian-2019h2-course-selection.txt. Only hookimpls here; the rules are in
``rules``, their numbers and settings in ``parameters``, the calculator form in ``forms``,
the demo in ``demo`` and the worked cases in ``scenarios/``.
"""
from __future__ import annotations

from portal.domain import Document, RegionInfo, Unit
from portal.domain.text import Messages
from portal.hookspecs import hookimpl

from . import demo, rules
from . import parameters as P

_ = Messages("ruian", __name__)

__version__ = "0.3.0"  # 0.3: tenure, the 90+ training as a condition of the cycle


@hookimpl
def portal_region_info():
    return RegionInfo(code="ruian", name=_("瑞安市"), unit=Unit.CREDIT, version=__version__)


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
    from .forms import RuianActivityForm  # Flask and WTForms only when the web asks

    return RuianActivityForm


@hookimpl
def portal_convert_activity(activity, on):
    return rules.convert(activity, on)


@hookimpl
def portal_cycle(on):
    """The shared cycle (setting cycle_anchor_year). The notice counts each teacher's cycle
    from their entry into the platform; this hook gets no teacher, so lists of teachers are
    summed over the shared cycle while the teacher's page uses their own (rules.teacher_cycle)."""
    return rules.region_cycle(on)


@hookimpl
def portal_requirements(on):
    return rules.requirements(on)


@hookimpl
def portal_check_compliance(teacher, records, as_of):
    return rules.check_compliance(teacher, records, as_of)


@hookimpl
def portal_duties():
    return list(rules.DUTIES)


@hookimpl
def portal_purposes():
    return list(rules.PURPOSES)


@hookimpl
def portal_eligibility(teacher, records, as_of):
    """The cycle's training plan (§二). The second selection round (§四(二)) depends on the
    round-1 selection and its review, which this hook does not receive: see
    rules.second_round_eligibility."""
    return rules.eligibility(teacher, records, as_of)


@hookimpl
def portal_enrollment_workflow():
    return rules.ENROLLMENT_WORKFLOW


@hookimpl
def portal_dashboard_panels(summary):
    return rules.dashboard_panels(summary)


@hookimpl
def portal_documents():
    # 瑞安市教育局《关于做好2019年下半年中小学教师专业发展培训项目申报与教师选课工作的通知》:
    # undated (the text has no date line), so ``issued`` stays empty.
    return [Document(P.DOC, _("瑞安市2019年下半年中小学教师专业发展培训项目申报与选课通知"), __name__,
                     issuer=_("瑞安市教育局"))]
