"""The class list's link to register a training's results in the credit audit (登记本项目学时) goes
to the queue of the project's entries: a kaifeng phone trial's school admin was offered it, though
under kaifeng's audit a school acts only on claims returned to it (凭证明补正), never on a
project's results, so the queue was always empty for them. The link is offered only where one of
the reader's roles has a step that may apply to a project's results."""
from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import TrainingProject
from tests.support import signed_in

LINK = "登记本项目学时"


def _all_staff(app) -> int:
    with app.app_context():
        return db.session.scalar(select(TrainingProject.id).where(TrainingProject.program == "all_staff_jpk",
                                                                  TrainingProject.level == "city")
                                 .order_by(TrainingProject.start_date))


def test_kaifeng_offers_the_link_to_the_departments_that_register_not_to_the_school(make_app):
    app = make_app("kaifeng", demo=True)
    project_id = _all_staff(app)
    for who in ("school_admin", "principal"):
        page = signed_in(app, who).get(f"/projects/{project_id}/class")
        assert page.status_code == 200 and LINK not in page.get_data(as_text=True), who
    district = signed_in(app, "district_admin").get(f"/projects/{project_id}/class").get_data(as_text=True)
    assert LINK in district and "source=enrollment" in district


def test_a_school_that_reviews_a_projects_results_is_still_offered_it(make_app):
    app = make_app("qingdao", demo=True)
    with app.app_context():
        project_id = db.session.scalar(select(TrainingProject.id).order_by(TrainingProject.id))
    page = signed_in(app, "school_admin").get(f"/projects/{project_id}/class").get_data(as_text=True)
    assert "登记本项目学分" in page or LINK in page


def test_a_step_for_claims_only_never_holds_for_a_projects_results():
    from portal.domain.workflow import AllOf, AnyOf, Fact, FromSource, Not, PrivateSchool, may_hold_for_source

    claims_only = Not(FromSource(("enrollment",)))
    assert not may_hold_for_source(claims_only, "enrollment") and may_hold_for_source(claims_only, "outside")
    assert may_hold_for_source(None, "enrollment")
    assert may_hold_for_source(Fact("program", ("x",)), "enrollment")  # the facts decide: maybe
    assert may_hold_for_source(Not(Fact("program", ("x",))), "enrollment")
    assert may_hold_for_source(Not(AllOf((FromSource(("enrollment",)), Fact("claim", ("",))))), "enrollment")
    assert not may_hold_for_source(AllOf((FromSource(("outside",)), PrivateSchool())), "enrollment")
    assert may_hold_for_source(AnyOf((FromSource(("outside",)), PrivateSchool())), "enrollment")
    assert not may_hold_for_source(Not(AnyOf((FromSource(("enrollment",)), PrivateSchool()))), "enrollment")
