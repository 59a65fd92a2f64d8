"""Between a training's first and last day, where the region records results only from its last
day (kaifeng's ``ended_finding``), the institution's class list offered "用 Excel 表登记考核结果"
while every row said results waited for the last day (a phone trial's 2026-12-01 – 12-10 training).
The page now says the day once and offers no sheet; a sheet posted anyway is refused whole with one
reason, nothing recorded. On the last day the sheet is offered."""
from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal


from portal import clock
from portal.extensions import db
from portal.models import Enrollment
from portal.services import training
from tests.support import signed_in
from tests.test_results_before_start import _sheet, enrolled


def test_while_it_runs_no_sheet_is_offered_and_one_posted_is_refused_whole(make_app):
    app = make_app("kaifeng", demo=True)
    start, end = clock.today() - timedelta(days=2), clock.today() + timedelta(days=4)
    e = enrolled(app, start, end, "区级开班中的集中培训", Decimal(30))
    project_id, enrollment_id, before, id_number, name = e.project_id, e.enrollment_id, e.status, e.id_number, e.name
    admin = signed_in(app, "district_admin")
    page = admin.get(f"/projects/{project_id}/class").get_data(as_text=True)
    assert name in page
    assert f'action="/projects/{project_id}/results/sheet"' not in page and "用 Excel 表登记考核结果" not in page
    assert (f"培训于 {start.isoformat()} 至 {end.isoformat()} 举行，自最后一天（{end.isoformat()}）起方可在此或用 "
            "Excel 表登记培训结果。") in page
    assert "暂不能" not in page  # said once, not under each enrollment

    posted = admin.post(f"/projects/{project_id}/results/sheet", content_type="multipart/form-data",
                        data={"sheet": (io.BytesIO(_sheet([id_number, name, "30", "合格"])), "results.xlsx")})
    assert posted.status_code == 303 and posted.headers["Location"].endswith(f"/projects/{project_id}/class")
    told = admin.get(posted.headers["Location"]).get_data(as_text=True)
    assert (f"培训于 {start.isoformat()} 至 {end.isoformat()} 举行，自最后一天（{end.isoformat()}）起方可登记培训结果。"
            "本次未登记任何结果。") in told
    with app.app_context():
        assert db.session.get(Enrollment, enrollment_id).status == before  # nothing recorded

    english = signed_in(app, "district_admin")
    english.post("/locale/en")
    english.post(f"/projects/{project_id}/results/sheet", content_type="multipart/form-data",
                 data={"sheet": (io.BytesIO(_sheet([id_number, name, "30", "合格"])), "results.xlsx")})
    told = english.get(f"/projects/{project_id}/class").get_data(as_text=True)
    assert f"its results can be recorded from its last day ({end.isoformat()}) on. Nothing was recorded." in told

    with app.app_context():  # on its last day the sheet is offered
        db.session.get(training.TrainingProject, project_id).end_date = clock.today()
        db.session.commit()
    page = admin.get(f"/projects/{project_id}/class").get_data(as_text=True)
    assert f'action="/projects/{project_id}/results/sheet"' in page
