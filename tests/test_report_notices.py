"""A report's figures published to the units below (通报: kaifeng §五(三) 定期通报监测结果, qingdao
§(五) 加强教师培训学分监测与通报): kept as they stood that day, audited, told to the admins and
principals below, read by them and by whoever is above, by nobody else."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from portal import clock
from portal.domain.text import from_data, words
from portal.extensions import db
from portal.models import (
    AuditEvent, Notification, ReportNotice, StandingDuty, StandingPurpose, TeacherStanding, User,
)
from portal.services import notices, reports
from tests.support import signed_in, text



def told(username: str) -> list[Notification]:
    return db.session.scalars(select(Notification).join(User, Notification.user_id == User.id)
                              .where(User.username == username, Notification.subject_type == "report_notice")).all()


@pytest.mark.parametrize("code", ["qingdao", "kaifeng"])
def test_a_district_publishes_a_report_to_its_schools_who_read_it_as_it_stood(make_app, code):
    app = make_app(code, demo=True)
    district = signed_in(app, "district_admin")
    district.post("/locale/zh_Hans_CN")
    page = district.get("/admin/reports/compliance")
    assert "向下级单位通报这些数字" in text(page)
    unit = int(re.search(r'/admin/reports/compliance/publish\?unit=(\d+)', page.get_data(as_text=True)).group(1))
    published = district.post(f"/admin/reports/compliance/publish?unit={unit}", data={"note": "请各校督促未达标教师。"})
    assert published.status_code == 303
    link = published.headers["Location"]
    shown = text(district.get(link))
    assert "通报已发布" in shown and "请各校督促未达标教师。" in shown and "各单位达标情况" in shown

    with app.app_context(), app.test_request_context():
        region = app.extensions["portal.region"]
        admin = db.session.scalar(select(User).where(User.username == "district_admin"))
        report = reports.report_view(region, admin, "compliance", unit, clock.today())
        notice_id = db.session.scalar(select(ReportNotice.id))
        view = notices.notice_view(region, admin, notice_id)
        # the same rows and figures as the report's page that day
        assert [(r.name, r.cells) for r in view.rows] == [(r.name, r.cells) for r in report.rows]
        assert view.total.cells == report.total.cells
        assert db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "report.published")) == 1
        school_told = told("school_admin")
        assert len(school_told) == 1 and school_told[0].link == link
        assert "发布了" in words(from_data(school_told[0].message), "zh_Hans_CN")
        assert told("principal") and not told("district_admin") and not told("teacher")
        # figures kept as they stood: every kept standing dropped since (to be computed again) does not move them
        db.session.execute(StandingDuty.__table__.delete())
        db.session.execute(StandingPurpose.__table__.delete())
        db.session.execute(TeacherStanding.__table__.delete())
        db.session.commit()

    school = signed_in(app, "school_admin")
    school.post("/locale/zh_Hans_CN")
    listed = text(school.get("/admin/notices"))
    assert "各单位达标情况" in listed and "请各校督促未达标教师。" in listed
    assert school.get(link).status_code == 200
    with app.app_context(), app.test_request_context():
        admin = db.session.scalar(select(User).where(User.username == "district_admin"))
        again = notices.notice_view(app.extensions["portal.region"], admin, notice_id)
        now = reports.report_view(app.extensions["portal.region"], admin, "compliance", unit, clock.today())
        assert now.total.summary.waiting == now.total.summary.teachers > 0
        assert [(r.name, r.cells) for r in again.rows] == [(r.name, r.cells) for r in view.rows]
    school.post("/locale/en")
    assert "Duties met, by unit" in text(school.get(link))
    city = signed_in(app, "city_admin")
    assert city.get(link).status_code == 200

    teacher = signed_in(app, "teacher")
    assert teacher.get(link).status_code in (403, 404) and teacher.get("/admin/notices").status_code in (403, 404)
    institution = signed_in(app, "institution")
    assert institution.get(link).status_code in (403, 404)


def test_a_note_too_long_is_refused_in_words_and_nothing_is_kept(make_app):
    app = make_app("qingdao", demo=True)
    district = signed_in(app, "district_admin")
    district.post("/locale/zh_Hans_CN")
    page = district.get("/admin/reports/compliance").get_data(as_text=True)
    unit = re.search(r'/admin/reports/compliance/publish\?unit=(\d+)', page).group(1)
    refused = district.post(f"/admin/reports/compliance/publish?unit={unit}", data={"note": "长" * 501})
    assert refused.status_code == 422 and "500" in text(refused)
    with app.app_context():
        assert db.session.scalar(select(func.count(ReportNotice.id))) == 0
        assert db.session.scalar(select(func.count(Notification.id)).where(Notification.subject_type == "report_notice")) == 0


def test_a_school_has_no_units_below_to_publish_to(make_app):
    app = make_app("qingdao", demo=True)
    school = signed_in(app, "school_admin")
    assert "/publish" not in school.get("/admin/reports/compliance").get_data(as_text=True)
    assert school.post("/admin/reports/compliance/publish").status_code == 404
    with app.app_context():
        assert db.session.scalar(select(func.count(ReportNotice.id))) == 0
    school.post("/locale/zh_Hans_CN")
    assert "暂无" in text(school.get("/admin/notices"))
