"""What a training earns, in hours, where it is not the hours it states, says why in one line: a
trial's hours region read "+32 学时" under a 16-hour training on the catalog's page and among the
trainings that would help, with nothing saying why (its rule doubled the hours of some mode). The
catalog's page says, under what it would earn, that this is not the training's 16 hours and the step
that makes it; a suggested training says the same, with a tap to its page's steps, opened."""
from __future__ import annotations

import re
import types
from decimal import Decimal

from sqlalchemy import select

from portal.domain import CreditResult, Step, Unit
from portal.extensions import db
from portal.hookspecs import hookimpl
from portal.models import TrainingProject
from portal.services.enrollments import PUBLISHED, not_its_hours
from tests.support import signed_in

DOUBLED = "网络研修按两倍计学时"


def _doubling() -> types.ModuleType:
    """A region's rule, as an outside author's hours region had it: a training's hours, doubled."""
    module = types.ModuleType("doubling_region")

    @hookimpl(tryfirst=True)
    def portal_convert_activity(activity, on):
        return CreditResult(activity.hours * 2, Unit.HOUR, "general", (
            Step("按实际参训学时登记", activity.hours, "example.txt §1"),
            Step(DOUBLED, activity.hours * 2, "example.txt §1")))

    module.portal_convert_activity = portal_convert_activity
    return module


def test_the_step_that_makes_a_figure_other_than_the_training_hours():
    project = types.SimpleNamespace(hours=Decimal(16))
    doubled = _doubling().portal_convert_activity(types.SimpleNamespace(hours=Decimal(16)), None)
    why = not_its_hours(project, doubled)
    assert why.stated == 16 and why.step.text == DOUBLED
    same = CreditResult(Decimal(16), Unit.HOUR, "general", (Step("按实际参训学时登记", Decimal(16), "x"),))
    assert not_its_hours(project, same) is None
    # credits are a conversion of the hours, said by their steps
    assert not_its_hours(project, CreditResult(Decimal(4), Unit.CREDIT, "general", ())) is None
    assert not_its_hours(project, None) is None
    fixed = CreditResult(Decimal(60), Unit.HOUR, "general", (Step("合格登记", "合格", "x"),))
    assert not_its_hours(project, fixed).step is None


def test_the_catalog_page_says_why_a_training_earns_other_than_its_hours(make_app):
    app = make_app("example", demo=True)
    with app.app_context():
        project = db.session.scalars(select(TrainingProject).where(TrainingProject.status == PUBLISHED,
                                                                   TrainingProject.hours > 0)).first()
        project_id, stated = project.id, project.hours
    client = signed_in(app, "teacher")
    client.post("/locale/zh_Hans_CN")
    plain = client.get(f"/catalog/{project_id}").get_data(as_text=True)
    assert "不是项目标明的" not in plain  # the example's 1:1 credits: nothing to say
    app.extensions["portal.region"].pm.register(_doubling())
    page = client.get(f"/catalog/{project_id}").get_data(as_text=True)
    stated_words = f"{Decimal(stated).normalize():f} 学时"
    assert f"不是项目标明的 {stated_words}：{DOUBLED}" in page
    assert not re.search(r'<details class="panel" id="earn"[^>]*open', page)
    opened = client.get(f"/catalog/{project_id}?steps=1").get_data(as_text=True)
    assert re.search(r'<details class="panel" id="earn"[^>]*open', opened)
    client.post("/locale/en")
    assert f"Not the {Decimal(stated).normalize():f} hours the training states: {DOUBLED}" in \
        client.get(f"/catalog/{project_id}").get_data(as_text=True)


def test_the_organisers_page_of_the_project_says_why_too(make_app):
    """The organiser's page of a project (an institution's, a bureau's) showed what completing it
    would earn a teacher without the line the teacher's catalog page gives under it."""
    app = make_app("example", demo=True)
    with app.app_context():
        project = db.session.scalars(select(TrainingProject).where(TrainingProject.status == PUBLISHED,
                                                                   TrainingProject.hours > 0)).first()
        project_id, stated = project.id, project.hours
    client = signed_in(app, "city_admin")
    client.post("/locale/zh_Hans_CN")
    assert "不是项目标明的" not in client.get(f"/projects/{project_id}").get_data(as_text=True)
    app.extensions["portal.region"].pm.register(_doubling())
    page = client.get(f"/projects/{project_id}").get_data(as_text=True)
    assert f"不是项目标明的 {Decimal(stated).normalize():f} 学时：{DOUBLED}" in page, page
    client.post("/locale/en")
    assert f"Not the {Decimal(stated).normalize():f} hours the training states: {DOUBLED}" in \
        client.get(f"/projects/{project_id}").get_data(as_text=True)
