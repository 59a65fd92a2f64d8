"""While some teachers' standings are being computed again, every figure of a page counts the
same teachers: those whose standing is current. A kaifeng trial (the region's version bumped, the
worker off) read on the city's home "有 28 名教师…正在重新计算", "1008 学时 / 14 名教师，人均 72"
and "12/42"; the core's cards read "0 / 42" beside them. The shares and counts of met teachers are
of the teachers judged now, on the home as in the reports; the notice says how many wait."""
from __future__ import annotations

import re

from sqlalchemy import select, update

from portal import clock
from portal.extensions import db
from portal.models import TeacherStanding, User
from portal.services import reports
from portal.services.scope import viewer_scope
from portal.services.teachers import scope_summary
from tests.support import signed_in


def _some_stale(app, n: int) -> None:
    """``n`` teachers' kept standings made stale, as a rule version's change makes them."""
    with app.app_context():
        ids = db.session.scalars(select(TeacherStanding.teacher_id).order_by(TeacherStanding.teacher_id).limit(n)).all()
        db.session.execute(update(TeacherStanding).where(TeacherStanding.teacher_id.in_(ids))
                           .values(fingerprint="stale"))
        db.session.commit()


def test_the_home_and_the_reports_count_only_the_teachers_judged(make_app):
    app = make_app("kaifeng", demo=True)
    _some_stale(app, 28)
    today = clock.today()
    with app.test_request_context():
        region = app.extensions["portal.region"]
        admin = db.session.scalar(select(User).where(User.username == "city_admin"))
        s = scope_summary(region, viewer_scope(admin), today)
        assert s.waiting == 28 and s.counted == s.teachers - 28
        view = reports.report_view(region, admin, "compliance", None, today)
        cells = dict(zip((c.code for c in view.report.columns), view.total.cells))
        total = view.total.summary
        assert total.waiting == 28
        assert cells["year_share"] == reports.share_of(total.teachers_meeting_yearly, total.year_judged)
        assert cells["cycle_share"] == reports.share_of(total.teachers_meeting_cycle, total.cycle_judged)
        assert cells["cycle_met"] + cells["cycle_unmet"] == total.cycle_judged
    home = signed_in(app, "city_admin").get("/admin/").get_data(as_text=True)
    assert "有 28 名教师" in home
    text = re.sub(r"<[^>]+>", "", home)
    assert f"{s.counted} 名教师，人均" in text
    assert f"{s.teachers_meeting_yearly}/{s.year_judged}" in text  # the region's panel, of the judged
    assert f"{s.teachers_meeting_yearly}/{s.teachers}" not in text
    assert f"{s.teachers_done} / {s.counted}" in text  # every duty met: of the counted, not of all 42
    assert f"已达标 {s.teachers_meeting_cycle} / {s.cycle_judged}" in text
    assert f" / {s.teachers}" not in text
