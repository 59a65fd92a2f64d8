"""Before a training of several days starts, where the region records results only from its last
day (``selection.ENDED``: kaifeng §四(二)3, qingdao, shanxi), every way of recording a result says
the last day, not the first: the class list and the teacher's page did (``Offer.ended``), but a
result sent through the API before the first day was told "its result can be recorded from that
day on" (the first day), and on that day "from the last day" — the trial's very complaint; a
results sheet posted, and the template asked for, said the first day too. While the training
runs the template is refused as the sheet is."""
from __future__ import annotations

import base64
import io
from datetime import timedelta
from decimal import Decimal

from portal import clock
from portal.extensions import db
from portal.models import Enrollment
from tests.support import signed_in
from tests.test_results_before_start import _sheet, enrolled


def _auth(username: str) -> dict:
    return {"Authorization": "Basic " + base64.b64encode(f"{username}:demo12345".encode()).decode()}


def test_a_result_sent_before_the_first_day_is_told_the_last_day(make_app):
    app = make_app("kaifeng", demo=True)
    start = clock.today() + timedelta(days=10)
    end = start + timedelta(days=4)
    e = enrolled(app, start, end, "区级五天集中培训", Decimal(30))
    early = app.test_client().post(f"/api/enrollments/{e.enrollment_id}/moves", headers=_auth("district_admin"),
                                   json={"target": "completed", "attended_hours": 30, "grade": "pass"})
    assert early.status_code == 422 and early.json["error"] == "result", early.json
    assert f"自 {end.isoformat()}（培训最后一天）起方可登记培训结果" in early.json["message"], early.json
    assert start.isoformat() not in early.json["message"], early.json
    # still the core's refusal (not begun), in the words of the region's wait
    assert early.json["findings"][0]["code"] == "result_before_start", early.json
    with app.app_context():
        assert db.session.get(Enrollment, e.enrollment_id).status == e.status


def test_a_sheet_or_its_template_before_the_first_day_says_the_last_day(make_app):
    app = make_app("kaifeng", demo=True)
    start = clock.today() + timedelta(days=10)
    end = start + timedelta(days=4)
    e = enrolled(app, start, end, "区级五天集中培训", Decimal(30))
    admin = signed_in(app, "district_admin")
    said = f"培训于 {start.isoformat()} 至 {end.isoformat()} 举行，自最后一天（{end.isoformat()}）起方可登记培训结果。本次未登记任何结果。"
    posted = admin.post(f"/projects/{e.project_id}/results/sheet", content_type="multipart/form-data",
                        data={"sheet": (io.BytesIO(_sheet([e.id_number, e.name, "30", "合格"])), "results.xlsx")})
    assert posted.status_code == 303
    assert said in admin.get(posted.headers["Location"]).get_data(as_text=True)
    template = admin.get(f"/projects/{e.project_id}/results/template.xlsx")
    assert template.status_code == 303
    assert said in admin.get(template.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Enrollment, e.enrollment_id).status == e.status


def test_while_it_runs_the_template_is_refused_as_the_sheet_is(make_app):
    app = make_app("kaifeng", demo=True)
    start, end = clock.today() - timedelta(days=2), clock.today() + timedelta(days=4)
    e = enrolled(app, start, end, "区级开班中的集中培训", Decimal(30))
    admin = signed_in(app, "district_admin")
    template = admin.get(f"/projects/{e.project_id}/results/template.xlsx")
    assert template.status_code == 303
    assert f"自最后一天（{end.isoformat()}）起方可登记培训结果。本次未登记任何结果。" in \
        admin.get(template.headers["Location"]).get_data(as_text=True)


def test_a_one_day_training_and_a_region_not_waiting_still_say_the_first_day(make_app):
    app = make_app("kaifeng", demo=True)
    start = clock.today() + timedelta(days=10)
    e = enrolled(app, start)  # one day: its first is its last
    admin = signed_in(app, "district_admin")
    template = admin.get(f"/projects/{e.project_id}/results/template.xlsx")
    assert f"培训于 {start.isoformat()} 开始" in admin.get(template.headers["Location"]).get_data(as_text=True)
