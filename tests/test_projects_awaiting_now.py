"""What waits for a reviewer is said as what they may act on now: a phone trial's ruian city
admin read "待您处理的培训项目 1" on the home, then on the project that its review window (the
calendar's 完成培训项目审核) was not open. The home's card says plainly which of its count cannot
be done now, with the window's dates; the list sets them apart and the project's page offers no
form for them: all ask one question (``review_withheld``, ``classes_withheld``)."""
from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from portal import clock
from portal.extensions import db
from portal.models import TrainingProject
from tests.support import signed_in
from tests.test_ruian_trial7 import _move_phase, _phase

CARD = "待您处理的培训项目"


def _declared(app) -> TrainingProject:
    with app.app_context():
        return db.session.scalar(select(TrainingProject).where(TrainingProject.status == "declared"))


def _card(client) -> str:
    """The home's card of the projects waiting for the user, from its opening tag to its end."""
    home = client.get("/admin/").get_data(as_text=True)
    start = home.rindex("<a ", 0, home.index(CARD))
    return home[start:home.index("</a>", start)]


def test_a_review_whose_window_is_closed_is_said_so_with_its_dates_and_waits_apart(make_app):
    app = make_app("ruian", demo=True)
    project = _declared(app)
    assert project is not None
    window = _phase(app, "project_review")
    assert not window.start <= clock.today() <= window.end  # the demo's review window is not open today
    city = signed_in(app, "city_admin")
    card = _card(city)
    assert "其中 1 个现在不能办理——现在不在完成培训项目审核的时间内" in card
    assert f"{window.start.isoformat()} 至 {window.end.isoformat()}" in card  # its dates
    assert "attention" not in card.split(">")[0]  # nothing there may be done now
    listed = city.get("/projects").get_data(as_text=True)
    assert "个项目待您审核，但现在不能审核" in listed and project.name in listed
    assert "现在不在完成培训项目审核的时间内" in listed
    assert "1 个项目待您审核<" not in listed
    shown = city.get(f"/projects/{project.id}").get_data(as_text=True)
    assert "现在不在完成培训项目审核的时间内" in shown


def test_once_the_window_opens_the_home_counts_it_and_the_list_offers_it(make_app):
    app = make_app("ruian", demo=True)
    project = _declared(app)
    today = clock.today()
    _move_phase(app, "project_review", today - timedelta(days=1), today + timedelta(days=5))
    city = signed_in(app, "city_admin")
    card = _card(city)
    assert re.search(CARD + r"</h2><p class=\"figure\"><strong>1</strong>", card)
    assert "现在不能办理" not in card and "attention" in card.split(">")[0]
    listed = city.get("/projects").get_data(as_text=True)
    assert "1 个项目待您审核" in listed and "现在不能审核" not in listed and project.name in listed
    assert "现在不在完成培训项目审核的时间内" not in city.get(f"/projects/{project.id}").get_data(as_text=True)


def test_a_request_for_more_classes_outside_its_decision_window_is_said_so_not_offered(make_app):
    """The same for a request for more classes: ruian decides them only in the calendar's window
    for it (受理扩班); outside it the home says so and the page offers no form."""
    from tests.test_training_process import _asking_for_classes

    app = make_app("ruian", demo=True)
    today = clock.today()
    _move_phase(app, "class_expansion_request", today, today, class_expansion_decision=(today, today))
    institution = signed_in(app, "institution")
    project_id = _asking_for_classes(app, institution)
    city = signed_in(app, "city_admin")
    assert 'name="decision"' in city.get(f"/projects/{project_id}").get_data(as_text=True)
    assert "现在不在受理扩班的时间内" not in _card(city)
    later = today + timedelta(days=30)
    _move_phase(app, "class_expansion_decision", later, later)
    page = city.get(f"/projects/{project_id}").get_data(as_text=True)
    assert "报名人数多" in page and 'name="decision"' not in page and "现在不在受理扩班的时间内" in page
    assert "现在不能办理——现在不在受理扩班的时间内" in _card(city)
    listed = city.get("/projects").get_data(as_text=True)
    assert "报名人数多" in listed and "现在不在受理扩班的时间内" in listed
