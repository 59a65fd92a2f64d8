"""A one-day training's dates are that day once, on every page listing trainings (the catalog
and a training's page, a teacher's enrollments, the organiser's project list and page) and in
the messages naming them (a clash, a move): 2099-03-01 当天 (2099-03-01
only), as ``portal.domain.calendar.window`` words every window — never "2099-03-01 – 2099-03-01"."""
from __future__ import annotations

from datetime import date

from tests.support import city_project, signed_in, unmarked

TWICE = ("2099-03-01 – 2099-03-01", "2099-03-01 至 2099-03-01", "2099-03-01 to 2099-03-01")


def _once(page: str, day: str = "2099-03-01 当天") -> None:
    page = unmarked(page)
    assert day in page and not any(twice in page for twice in TWICE), page


def test_every_list_of_trainings_shows_a_one_day_training_on_its_day_once(make_app):
    app = make_app("shanxi", demo=True)
    project = city_project(app, name="一日集中培训")  # 2099-03-01, one day
    longer = city_project(app, name="三日集中培训", start_date=date(2099, 4, 1), end_date=date(2099, 4, 3))
    teacher = signed_in(app, "teacher")
    _once(teacher.get("/catalog").get_data(as_text=True))
    _once(teacher.get(f"/catalog/{project}").get_data(as_text=True))
    assert "2099-04-01 至 2099-04-03" in teacher.get(f"/catalog/{longer}").get_data(as_text=True)
    assert teacher.post(f"/catalog/{project}/select").status_code == 303
    _once(teacher.get("/me/enrollments").get_data(as_text=True))
    city = signed_in(app, "city_admin")
    _once(city.get("/projects").get_data(as_text=True))
    _once(city.get(f"/projects/{project}").get_data(as_text=True))


def test_a_clash_with_a_one_day_training_names_its_day_once(make_app):
    app = make_app("shanxi", demo=True)
    first = city_project(app, name="一日集中培训")
    second = city_project(app, name="同日集中培训")
    teacher = signed_in(app, "teacher")
    assert teacher.post(f"/catalog/{first}/select").status_code == 303
    page = unmarked(teacher.get(f"/catalog/{second}").get_data(as_text=True))
    assert "时间重叠" in page and "《一日集中培训》（2099-03-01 当天）" in page, page


def test_a_training_moved_to_one_day_tells_its_teachers_that_day_once(make_app):
    from tests.test_project_reschedule import NEXT_YEAR, _move, _selected

    app = make_app("shanxi", demo=True)
    district, project_id = _selected(app)
    moved = _move(district, project_id, f"{NEXT_YEAR}-04-06", f"{NEXT_YEAR}-04-06")
    assert moved.status_code == 303, moved.get_data(as_text=True)
    notices = unmarked(signed_in(app, "teacher").get("/notifications").get_data(as_text=True))
    assert f"改期为 {NEXT_YEAR}-04-06 当天：" in notices, notices
    assert f"{NEXT_YEAR}-04-06 至 {NEXT_YEAR}-04-06" not in notices
