"""Defects a phone trial found in ruian (attendance, seats waiting, other schools' school-based
projects, the declaration window's refusal), each pinned by a test that failed before its fix."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from portal import clock
from portal.domain import Grade
from portal.extensions import db
from portal.models import OrgUnit, Teacher, User
from portal.services import training
from tests.support import signed_in

D = Decimal


def _teacher(username: str) -> Teacher:
    return db.session.scalar(select(Teacher).join(User, Teacher.user_id == User.id).where(User.username == username))


def _unit(code: str) -> OrgUnit:
    return db.session.scalar(select(OrgUnit).where(OrgUnit.code == code))


# 1. Half the hours attended earned the project's full base credits ------------------------------


def test_half_the_hours_attended_does_not_earn_the_full_base_credits(make_app):
    app = make_app("ruian", demo=True)
    today = clock.today()
    with app.app_context():
        region = app.extensions["portal.region"]
        project = training.add_project(None, _unit("ra-tdc"), name="九十学分集中培训", level="county",
                                       mode="centralized", start_date=today - timedelta(days=20),
                                       end_date=today - timedelta(days=11), year=today.year, hours=D(90),
                                       base_credits=D(90), capacity=30, status="published")
        full, half = (training.enroll(region, None, project, _teacher(name)) for name in ("t0001", "t0002"))
        full.status = half.status = "confirmed"  # the institution's recheck admitted both
        db.session.commit()
        whole = training.record_completion(region, None, full, D(90), Grade.PASS)
        part = training.record_completion(region, None, half, D(45), Grade.PASS)
        assert whole.amount == D(90)
        assert part.amount == D(0)  # not completed: what an uncompleted training earns (setting fail_credits)
        said = [s["text"] for s in part.explanation.steps]
        project_id = project.id
    page = signed_in(app, "teacher").get(f"/catalog/{project_id}").get_data(as_text=True)
    # the preview's steps say what "attended in full" means under these rules
    assert "参训 90 学时，为项目 90 学时的 100%，达到完成培训所需的 100%" in page
    assert "参训 45 学时，为项目 90 学时的 50%，不到完成培训所需的 100%，按未完成培训处理" in said


# 4. The closed declaration window did not say where its dates are set ---------------------------


def test_a_closed_declaration_window_says_the_bureau_sets_it_on_the_selection_calendar(make_app):
    import re

    app = make_app("ruian", demo=True)  # the demo's declaration window is long past
    institution = signed_in(app, "institution")
    form = institution.get("/projects/new").get_data(as_text=True)
    organiser = re.search(r'id="organiser" name="organiser"[^>]*>\s*<option[^>]*value="(\d+)"', form).group(1)
    year = clock.today().year + 1
    created = institution.post("/projects/new", data={
        "organiser": organiser, "name": "小学语文整本书阅读", "level": "city", "mode": "centralized",
        "start": f"{year}-03-02", "end": f"{year}-03-04", "hours": "24", "classes": "1", "class_size": "30",
        "fee": "0", "base_credits": "24"})
    project_id = int(re.search(r"/projects/(\d+)", created.headers["Location"]).group(1))
    institution.post(f"/projects/{project_id}/declare")  # refused: outside the window
    page = institution.get(f"/projects/{project_id}").get_data(as_text=True)
    flash = page.split('class="flash error"')[1].split("</p>")[0]
    assert "现在不在受理培训项目申报的时间内" in flash
    assert "由教育局在“选课进程”页设定" in flash  # the calendar page's name in the menu
    assert "选课进程" in institution.get("/calendar").get_data(as_text=True)
    institution.post("/locale/en", data={"next": "/"})
    english = institution.get(f"/projects/{project_id}").get_data(as_text=True)
    assert "Selection calendar" in english  # the page's name as an English reader's menu gives it
    assert re.search(r"set by the education bureau on the\s+.Selection calendar. page", english), english
    city = signed_in(app, "city_admin")  # the bureau itself is told where to change them
    with app.app_context():
        from portal.services import calendar as calendar_service
        assert calendar_service.may_edit(db.session.scalar(select(User).where(User.username == "city_admin")))
    assert city.get("/calendar").status_code == 200
