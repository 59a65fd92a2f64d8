"""While some teachers' standings are being computed again, every figure of a page counts the
same teachers: those whose standing is current. A kaifeng trial (the region's version bumped, the
worker off) read on the city's home "有 28 名教师…正在重新计算", "1008 学时 / 14 名教师，人均 72"
and "12/42"; the core's cards read "0 / 42" beside them. The shares and counts of met teachers are
of the teachers judged now, on the home as in the reports; the notice says how many wait."""
from __future__ import annotations

import re

import pytest

from sqlalchemy import select, update

from portal import clock
from portal.extensions import db
from portal.models import RoleAssignment, Teacher, TeacherStanding, User
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


def _some_stale_at_the_school_admins_school(app, n: int) -> None:
    """``n`` teachers of the demo school admin's school made stale: in the school admin's scope
    and in the city admin's."""
    with app.app_context():
        school = db.session.scalar(select(RoleAssignment.org_unit_id).join(User, RoleAssignment.user_id == User.id)
                                   .where(User.username == "school_admin", RoleAssignment.role == "school_admin"))
        ids = db.session.scalars(select(TeacherStanding.teacher_id).join(Teacher, TeacherStanding.teacher_id == Teacher.id)
                                 .where(Teacher.school_id == school).order_by(Teacher.id).limit(n)).all()
        assert len(ids) == n
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
    assert f"{s.teachers_meeting_yearly} / {s.year_judged}" in text  # the region's panel, of the judged
    assert f"{s.teachers_meeting_yearly}/{s.teachers}" not in text and f"{s.teachers_meeting_yearly}/" not in text
    assert f"{s.teachers_done} / {s.counted}" in text  # every duty met: of the counted, not of all 42
    assert f"已达标 {s.teachers_meeting_cycle} / {s.cycle_judged}" in text
    assert f" / {s.teachers}" not in text


# The region's panel counting the year's duty, and which core figure it must equal.
YEARLY_PANELS = {"kaifeng": ("year_met", 1), "qingdao": ("year_unmet", 0), "shanxi": ("year_met", 0)}


@pytest.mark.parametrize("code", sorted(YEARLY_PANELS))
@pytest.mark.parametrize("username", ["city_admin", "school_admin"])
def test_every_regions_yearly_panel_agrees_with_the_cores_card_and_report(make_app, code, username):
    """A panel counting this year's duty is out of the teachers judged, as the core's cards and
    compliance report count them, in every region: qingdao's and shanxi's panels read "6 / 40"
    with the 4 being computed again in the base, while the core's card said 6 / 36."""
    app = make_app(code, demo=True)
    _some_stale_at_the_school_admins_school(app, 3)
    column, index = YEARLY_PANELS[code]
    today = clock.today()
    with app.test_request_context():
        region = app.extensions["portal.region"]
        admin = db.session.scalar(select(User).where(User.username == username))
        s = scope_summary(region, viewer_scope(admin), today)
        assert s.waiting > 0, "some standings wait in the admin's scope"
        panel = region.dashboard_panels(s)[index]
        view = reports.report_view(region, admin, "compliance", None, today)
        total = view.total.summary
        cells = dict(zip((c.code for c in view.report.columns), view.total.cells))
    assert (total.teachers, total.waiting, total.year_judged) == (s.teachers, s.waiting, s.year_judged)
    assert panel.of == s.year_judged == cells["year_met"] + cells["year_unmet"] < s.year_asked
    assert panel.value == cells[column]
    home = signed_in(app, username).get("/admin/").get_data(as_text=True)
    card = re.search(rf"<h2>{re.escape(str(panel.title))}</h2>(.*?)</article>", home, re.S).group(1)
    assert f"<p class=\"figure\"><strong>{panel.value}</strong> / {panel.of}</p>" in card
    assert f"/ {s.year_asked}<" not in card and f"/{s.year_asked}" not in card
    assert f"有 {s.waiting} 名教师" in home  # the notice above the panels says how many wait
