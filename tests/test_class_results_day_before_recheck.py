"""A ruian institution's class list, before its recheck (the choices still 待学校审核 or 审核通过，待培训机构
复核), said 培训于 <first day> 开始，自当日起方可在此或用 Excel 表登记培训结果, and once it had rechecked them
自最后一天（<last day>）起: two days for one training (phone walk). The region waits for the last day
(``selection.ENDED``); the class list asks it of an enrollment as if it stood where a result is
recorded when none does yet."""
from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import TrainingProject
from tests.support import signed_in
from tests.test_ruian_trial7 import MATCHING, _project_id


def test_the_class_list_says_the_last_day_before_any_choice_is_rechecked(make_app):
    app = make_app("ruian", demo=True)  # round 1 is open today
    project_id = _project_id(app, MATCHING)
    with app.app_context():
        start, end = db.session.execute(select(TrainingProject.start_date, TrainingProject.end_date)
                                        .where(TrainingProject.id == project_id)).one()
    assert start < end
    assert signed_in(app, "teacher").post(f"/catalog/{project_id}/select").status_code == 303
    page = signed_in(app, "institution").get(f"/projects/{project_id}/class").get_data(as_text=True)
    assert f"自最后一天（{end.isoformat()}）起方可在此或用 Excel 表登记培训结果" in page
    assert f"培训于 {start.isoformat()} 开始，自当日起方可" not in page


def test_an_empty_class_says_no_day_rather_than_the_first(make_app):
    """Nobody has chosen the training yet: no enrollment tells whether the region waits for its
    last day, and the institution read 自当日起 (the first day) there, then 自最后一天 once a teacher
    had chosen it. The empty class says no day, and offers no sheet."""
    app = make_app("ruian", demo=True)
    project_id = _project_id(app, MATCHING)
    with app.app_context():
        start, end = db.session.execute(select(TrainingProject.start_date, TrainingProject.end_date)
                                        .where(TrainingProject.id == project_id)).one()
    institution = signed_in(app, "institution")
    page = institution.get(f"/projects/{project_id}/class").get_data(as_text=True)
    assert "暂无选课" in page
    assert 'id="results-from"' not in page and f"培训于 {start.isoformat()} 开始，自当日起方可" not in page
    assert f'action="/projects/{project_id}/results/sheet"' not in page
    assert signed_in(app, "teacher").post(f"/catalog/{project_id}/select").status_code == 303
    page = institution.get(f"/projects/{project_id}/class").get_data(as_text=True)
    assert f"自最后一天（{end.isoformat()}）起方可在此或用 Excel 表登记培训结果" in page


def test_a_sheet_asked_for_before_the_recheck_says_the_last_day_too(make_app):
    """The class list said the last day before the recheck; the results template asked for then
    (a link kept from before, a bookmark) said the first (培训于 … 开始), no choice standing where a
    result is recorded."""
    app = make_app("ruian", demo=True)
    project_id = _project_id(app, MATCHING)
    with app.app_context():
        start, end = db.session.execute(select(TrainingProject.start_date, TrainingProject.end_date)
                                        .where(TrainingProject.id == project_id)).one()
    assert signed_in(app, "teacher").post(f"/catalog/{project_id}/select").status_code == 303
    institution = signed_in(app, "institution")
    asked = institution.get(f"/projects/{project_id}/results/template.xlsx")
    assert asked.status_code == 303
    page = institution.get(asked.headers["Location"]).get_data(as_text=True)
    assert f"自最后一天（{end.isoformat()}）起方可登记培训结果。本次未登记任何结果。" in page, page
    assert f"培训于 {start.isoformat()} 开始，自当日起方可登记" not in page
