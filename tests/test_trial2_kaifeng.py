"""Kaifeng, found on a phone trial: a claim the district returned says who corrects it (the
teacher herself, whose page offers 更正后重新提交, or her school), and the dashboard's yearly
figure reads as a figure in English ("12 of 14"), not a bare "12/14"."""
from __future__ import annotations

import re
from decimal import Decimal as D

from plugins import kaifeng
from plugins.kaifeng import workflow
from portal.domain import ScopeSummary
from portal.domain.text import using
from tests.support import signed_in


def english(text) -> str:
    with using("en"):
        return str(text)


def test_a_returned_claim_names_the_teacher_who_may_correct_it():
    label = workflow.AUDIT_WORKFLOW.state("claim_returned").label
    assert "教师本人" in str(label) and "学校" in str(label)
    assert "teacher" in english(label) and "school" in english(label)


def test_the_demo_teachers_returned_claim_says_she_may_correct_it_and_her_correction_opens(make_app):
    app = make_app("kaifeng", demo=True)
    teacher = signed_in(app, "teacher")
    page = teacher.get("/claims").get_data(as_text=True)
    assert "由教师本人更正后重新提交" in page
    link = re.search(r'href="(/claims/\d+/correct)"', page)
    assert link is not None and teacher.get(link.group(1)).status_code == 200


def test_the_yearly_panel_reads_as_a_figure_in_english():
    """The panel gives the count and its total (``Panel.of``); the home shows them as its own
    cards show theirs: "12 / 14" in Chinese, "12 of 14" in English, only the count emphasised
    (the panel's "12/14" was unspaced and bold as a whole beside the core's "0 / 14")."""
    (_, met) = kaifeng.portal_dashboard_panels(summary=ScopeSummary(14, 0, 2026, D("1008"), 12))
    assert (met.value, met.of) == (12, 14)


def test_the_yearly_panel_on_the_home_reads_as_the_cores_cards_in_each_language(make_app):
    from sqlalchemy import select

    from portal import clock
    from portal.extensions import db
    from portal.models import User
    from portal.services.scope import viewer_scope
    from portal.services.teachers import scope_summary

    app = make_app("kaifeng", demo=True)
    with app.test_request_context():
        region = app.extensions["portal.region"]
        admin = db.session.scalar(select(User).where(User.username == "city_admin"))
        s = scope_summary(region, viewer_scope(admin), clock.today())
        (_, met) = region.dashboard_panels(s)
    assert (met.value, met.of) == (s.teachers_meeting_yearly, s.year_judged)
    client = signed_in(app, "city_admin")
    client.post("/locale/zh_Hans_CN")
    chinese = client.get("/admin/").get_data(as_text=True)
    assert f"<strong>{met.value}</strong> / {met.of}</p>" in chinese
    assert f"<strong>{met.value}/{met.of}</strong>" not in chinese and f"{met.value}/{met.of}" not in chinese
    client.post("/locale/en")
    page = client.get("/admin/").get_data(as_text=True)
    assert f"<strong>{met.value}</strong> of {met.of}</p>" in page
    # the core's own card of every duty met reads alike
    assert f"<strong>{s.teachers_done}</strong> of {s.counted}</p>" in page


def test_the_citys_registration_names_the_university_school_apart_from_its_own():
    """The notice addresses 局属各学校 and 河大附中 apart: the city's registration, offered on
    河南大学附属中学's entries, names both rather than calling it a school the bureau runs."""
    from portal.domain import UserRole

    (label,) = {str(t.label) for t in workflow.AUDIT_WORKFLOW.transitions
                if t.actor == UserRole.CITY_ADMIN and t.target == "approved"}
    assert "河大附中" in label and "局属学校" in label
    (english_label,) = {english(t.label) for t in workflow.AUDIT_WORKFLOW.transitions
                        if t.actor == UserRole.CITY_ADMIN and t.target == "approved"}
    assert "Henan University" in english_label
