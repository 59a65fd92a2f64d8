"""The class list decides whether to offer the results sheet (用 Excel 表登记考核结果) from the whole
class, not from the rows of the page shown: a page filtered to a state none of whose rows waits for
a result (or a later page) offered the sheet between a training's first and last day, while the
region (kaifeng's ``ended_finding``) records results only from its last day."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from portal import clock
from tests.support import signed_in
from tests.test_results_before_start import enrolled


def test_a_page_showing_no_row_awaiting_a_result_still_offers_no_sheet_before_the_last_day(make_app):
    app = make_app("kaifeng", demo=True)
    start, end = clock.today() - timedelta(days=2), clock.today() + timedelta(days=4)
    project_id = enrolled(app, start, end, "区级开班中的集中培训", Decimal(30)).project_id
    admin = signed_in(app, "district_admin")
    for query in ("", "?state=completed", "?page=2"):
        page = admin.get(f"/projects/{project_id}/class{query}").get_data(as_text=True)
        assert f'action="/projects/{project_id}/results/sheet"' not in page, query
        assert f"自最后一天（{end.isoformat()}）起方可在此或用 Excel 表登记培训结果。" in page, query
