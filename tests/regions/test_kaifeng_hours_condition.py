"""开封市：项目页写明 60 学时之处，同时写明通知为其所设的条件：完成研修任务规定的学习要求和考核任务，
综合考核合格方计入学时 (kaifeng-2018-online-training.txt §三, §三(三), §三(五)).

Until 0.5.53 the all-staff project's page read 学时 60 alone, as if enrolling earned them.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from portal.domain import Level, Mode, ProjectFacts
from portal.extensions import db
from portal.models import TrainingProject
from tests.regions.test_kaifeng_audit import english, region, resolves_exactly
from tests.support import signed_in


def facts(program):
    return ProjectFacts("全员培训", Level.CITY, Mode.ONLINE, date(2027, 1, 1), date(2027, 4, 30), Decimal(60),
                        program=program)


def test_the_all_staff_hours_carry_their_condition_with_its_clauses():
    said = region().hours_condition(facts("all_staff_jpk"))
    assert said is not None and resolves_exactly(said.source)
    assert "§三（" in said.source and "§三(三)（" in said.source and "§三(五)（" in said.source
    words = str(said.message)
    assert "60 学时" in words and "综合考核合格" in words and "考核任务" in words
    assert "registered only on passing" in english(said.message)
    # other training: the notice sets nothing of its hours
    assert region().hours_condition(facts(None)) is None


def all_staff_project(app) -> int:
    with app.app_context():
        return db.session.scalar(select(TrainingProject.id).where(TrainingProject.program == "all_staff_jpk")
                                 .order_by(TrainingProject.end_date.desc()))


def test_the_teachers_and_the_organisers_pages_say_it_beside_the_hours(make_app):
    app = make_app("kaifeng", demo=True)
    project_id = all_staff_project(app)
    for who, path in (("teacher", f"/catalog/{project_id}"), ("institution", f"/projects/{project_id}")):
        client = signed_in(app, who)
        page = client.get(path).get_data(as_text=True)
        hours_at = page.index("学时</dt>")
        assert "须综合考核合格方计入" in page[hours_at:page.index("</dd>", hours_at)], who
        client.post("/locale/en")
        page = client.get(path).get_data(as_text=True)
        assert "registered only on passing the composite assessment" in page, who


def test_the_catalog_card_and_the_organisers_sentence_mark_the_hours_as_conditional(make_app):
    """A trial read "60 学时" on the catalog's card, and 完成该培训的教师可获得：60 学时 on the organiser's
    page, as if enrolling earned them: both now say they are credited on passing, in zh and en."""
    app = make_app("kaifeng", demo=True)
    project_id = all_staff_project(app)
    client = signed_in(app, "institution")
    page = client.get(f"/projects/{project_id}").get_data(as_text=True)
    assert "完成该培训的教师可获得：60 学时（考核合格后计入）" in page
    card = client.get("/catalog/?q=全员培训").get_data(as_text=True)
    assert "60 学时（考核合格后计入）" in card and "60 学时 ·" not in card
    client.post("/locale/en")
    assert "60 hours (counted once passed)" in client.get(f"/projects/{project_id}").get_data(as_text=True)
    assert "60 hours (counted once passed)" in client.get("/catalog/?q=全员培训").get_data(as_text=True)
