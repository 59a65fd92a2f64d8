"""Two centralized trainings on the same days: the teacher, and the school reviewing her choice,
are told (a trial's teacher selected two overlapping classes and nobody saw it)."""
from __future__ import annotations

from datetime import date

from tests.support import city_project, signed_in

CLASH = "时间重叠"


def test_a_centralized_training_on_days_already_taken_reads_as_a_caution(make_app):
    app = make_app("shanxi", demo=True)
    first = city_project(app, name="三月第一周集中培训", start_date=date(2099, 3, 2), end_date=date(2099, 3, 6))
    second = city_project(app, name="三月同期集中培训", start_date=date(2099, 3, 5), end_date=date(2099, 3, 7))
    later = city_project(app, name="四月集中培训", start_date=date(2099, 4, 1), end_date=date(2099, 4, 3))
    online = city_project(app, name="三月网络研修", mode="online", start_date=date(2099, 3, 1),
                          end_date=date(2099, 3, 31))
    teacher = signed_in(app, "teacher")
    assert CLASH not in teacher.get(f"/catalog/{second}").get_data(as_text=True)
    assert teacher.post(f"/catalog/{first}/select").status_code == 303

    page = teacher.get(f"/catalog/{second}").get_data(as_text=True)
    assert "三月第一周集中培训" in page and CLASH in page
    assert CLASH not in teacher.get(f"/catalog/{later}").get_data(as_text=True)
    assert CLASH not in teacher.get(f"/catalog/{online}").get_data(as_text=True)
    # a caution, not a refusal: she may still select it
    assert teacher.post(f"/catalog/{second}/select").status_code == 303
    assert "三月同期集中培训" in teacher.get("/me/enrollments").get_data(as_text=True)


def test_the_school_reviewing_a_choice_sees_the_clash(make_app):
    app = make_app("qingdao", demo=True)
    first = city_project(app, name="三月第一周集中培训", start_date=date(2099, 3, 2), end_date=date(2099, 3, 6))
    second = city_project(app, name="三月同期集中培训", start_date=date(2099, 3, 5), end_date=date(2099, 3, 7))
    teacher = signed_in(app, "teacher")
    for project in (first, second):
        assert teacher.post(f"/catalog/{project}/select").status_code == 303
    awaiting = signed_in(app, "school_admin").get("/enrollments/awaiting").get_data(as_text=True)
    assert awaiting.count(CLASH) == 2  # each of the two choices names the other
