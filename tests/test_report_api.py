"""The reports as JSON for provincial platforms and scripts (GET /api/reports, GET
/api/reports/<code>): the same rows and figures as the report's page, refused outside the
caller's scope, and a report too large for a request said to be computed on its page."""
from __future__ import annotations

from sqlalchemy import select

from portal import clock
from portal.domain import Finding
from portal.domain.results import json_value
from portal.extensions import db
from portal.models import OrgUnit, User
from portal.services import reports
from tests.support import signed_in


def test_an_admin_reads_each_report_as_its_page_shows_it(make_app):
    app = make_app("qingdao", demo=True)
    district = signed_in(app, "district_admin")
    listed = district.get("/api/reports").get_json()["items"]
    codes = [r["code"] for r in listed]
    assert "compliance" in codes and all(r["columns"] for r in listed)
    answers = {code: district.get(f"/api/reports/{code}").get_json() for code in codes}
    with app.app_context(), app.test_request_context():
        region = app.extensions["portal.region"]
        admin = db.session.scalar(select(User).where(User.username == "district_admin"))
        for code in codes:
            view = reports.report_view(region, admin, code, None, clock.today())
            got = answers[code]
            assert got["report"] == code and got["unit"]["id"] == view.unit.id
            assert [r["name"] for r in got["rows"]] == [r.name for r in view.rows]
            for row, shown in zip(got["rows"] + [got["total"]], [*view.rows, view.total]):
                assert row["teachers"] == shown.summary.teachers
                for column, cell in zip(view.report.columns, shown.cells):
                    value = cell.actual if isinstance(cell, Finding) else cell
                    assert row["figures"][column.code] == (str(value) if isinstance(value, str) else json_value(value))
        city = db.session.scalar(select(OrgUnit).where(OrgUnit.parent_id.is_(None)))
    school = answers["compliance"]["rows"][0]["unit"]
    below = district.get(f"/api/reports/compliance?unit={school}").get_json()
    assert below["unit"]["id"] == school and below["rows"] == []  # a school: its own figures alone
    assert district.get(f"/api/reports/compliance?unit={city.id}").status_code == 404
    assert district.get("/api/reports/compliance?unit=abc").status_code == 404
    assert district.get("/api/reports/no_such_report").status_code == 404
    teacher = signed_in(app, "teacher")
    assert teacher.get("/api/reports").status_code == 403
    assert teacher.get("/api/reports/compliance").status_code == 403


def test_a_report_too_large_for_a_request_is_asked_for_on_its_page(make_app):
    app = make_app("qingdao", demo=True, PORTAL_REPORT_BACKGROUND_TEACHERS=1)
    district = signed_in(app, "district_admin")
    refused = district.get("/api/reports/compliance")
    assert refused.status_code == 409 and refused.get_json()["error"] == "not_computed"
