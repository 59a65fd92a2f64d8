"""A teacher asked nothing now (every duty exempt: shanxi asks nothing of a teacher their school
records as holding no teacher qualification, §二(一)) reads "目前不作学分要求" on their own
page; every figure an admin reads says the same: counted apart as asked no duty, never among
those with every duty met (the dashboard, the teacher list's filter, the compliance report, the
Excel export, the API and the CSV)."""
from __future__ import annotations

from sqlalchemy import select

from portal import clock
from portal.extensions import db
from portal.models import Teacher, TeacherStanding, User
from portal.services import standings
from tests.support import signed_in, text
from tests.test_reports import sheet_rows, user

WHO = "t0005"  # a regular shanxi demo teacher, asked the cycle's duties until unqualified


def _unqualified(app) -> int:
    with app.app_context():
        teacher = db.session.scalar(select(Teacher).join(User, Teacher.user_id == User.id).where(User.username == WHO))
        teacher.qualified = False  # the school's record: no teacher qualification (not subject, §二(一))
        db.session.commit()  # the standing is computed again in the same transaction
        return teacher.id


def test_a_teacher_asked_nothing_is_counted_apart_from_those_with_every_duty_met(make_app):
    from portal.services import background, exports, reports, standing_rows, teachers
    from portal.services.scope import viewer_scope

    app = make_app("shanxi", demo=True)
    teacher_id = _unqualified(app)
    own = text(signed_in(app, WHO).get("/me/"))
    assert "目前不作学分要求" in own and "各项学分要求均已完成" not in own

    with app.app_context(), app.test_request_context():
        region = app.extensions["portal.region"]
        today = clock.today()
        kept = db.session.get(TeacherStanding, teacher_id)
        assert kept.cycle_met and kept.open_duties == 0  # nothing open: not "met" for that
        met = db.session.scalar(select(TeacherStanding.teacher_id).where(
            TeacherStanding.teacher_id == teacher_id, standings.all_duties_met()))
        assert met is None, "a teacher asked nothing has met nothing"
        asked_nothing = db.session.scalar(select(TeacherStanding.teacher_id).where(
            TeacherStanding.teacher_id == teacher_id, standings.nothing_asked()))
        assert asked_nothing == teacher_id

        admin = user("city_admin")
        summary = teachers.scope_summary(region, viewer_scope(admin), today)
        assert summary.teachers_not_asked == 1
        report = reports.report_view(region, admin, "compliance", None, today)
        total = report.total.summary
        assert total.teachers_not_asked == 1
        assert total.teachers - total.waiting - total.teachers_done - total.teachers_not_asked >= 0

        row = next(r for r in standing_rows.page(region, viewer_scope(admin), today, None, 1, 1000).items
                   if r["teacher_id"] == teacher_id)
        assert row["all_duties_met"] is False and row["duties_asked"] is False

        result = exports.export_job(region, admin, {"unit": None, "drill": None, "locale": "en",
                                                    "today": today.isoformat()}, background.Progress(None))
        rows = sheet_rows((exports.folder() / result["file"]).read_bytes())
        heads = rows[0]
        name = db.session.get(Teacher, teacher_id).name
        mine = next(r for r in rows if r[0] == name)
        assert mine[heads.index("Every duty met")] == "No duty asked"

    admin = signed_in(app, "city_admin")
    home = text(admin.get("/admin/"))
    assert "另有 1 人目前不作要求" in home
    listed = text(admin.get("/admin/teachers?show=duty_open"))
    with app.app_context():
        name = db.session.get(Teacher, teacher_id).name
    assert name not in listed, "asked nothing, no duty of theirs is open"


def test_the_teachers_asked_nothing_open_from_the_dashboard_and_the_report(make_app):
    """Counted apart, they are listed apart: the dashboard's button, and the report's column of
    those asked no duty, open the list of exactly them (one of them here)."""
    app = make_app("shanxi", demo=True)
    teacher_id = _unqualified(app)
    with app.app_context():
        name = db.session.get(Teacher, teacher_id).name
    admin = signed_in(app, "city_admin")
    home = admin.get("/admin/").get_data(as_text=True)
    assert "show=none_asked" in home and "目前不作要求的教师" in home
    listed = text(admin.get("/admin/teachers?show=none_asked"))
    assert name in listed and "目前不作要求" in listed and "共 1 名教师" in listed
    report = admin.get("/admin/reports/compliance").get_data(as_text=True)
    assert "show=none_asked" in report
    assert admin.get("/admin/teachers?show=year_exempt").status_code == 200
    assert admin.get("/admin/teachers?show=cycle_exempt").status_code == 200
    assert admin.get("/admin/teachers?show=nonsense").status_code == 404


def test_each_count_of_those_asked_nothing_opens_exactly_that_many_teachers(make_app):
    """The dashboard's and the report's counts of teachers asked nothing this year, no cycle
    total, or no duty at all open lists of exactly as many teachers (status 200 alone would pass
    a list of everyone, or of no one)."""
    import re

    from portal.services import teachers
    from portal.services.scope import viewer_scope

    app = make_app("shanxi", demo=True)
    _unqualified(app)
    with app.app_context(), app.test_request_context():
        summary = teachers.scope_summary(app.extensions["portal.region"], viewer_scope(user("city_admin")),
                                         clock.today())
    admin = signed_in(app, "city_admin")
    every = int(re.search(r"共 (\d+) 名教师", text(admin.get("/admin/teachers"))).group(1))
    for show, count in (("year_exempt", summary.year_exempt), ("cycle_exempt", summary.cycle_exempt),
                        ("none_asked", summary.teachers_not_asked)):
        listed = text(admin.get(f"/admin/teachers?show={show}"))
        found = re.search(r"共 (\d+) 名教师", listed)
        assert (int(found.group(1)) if found else 0) == count, (show, count, listed[-600:])
        assert count < every, show
    assert summary.teachers_not_asked == 1
    assert summary.year_exempt and summary.cycle_exempt, (summary.year_exempt, summary.cycle_exempt)
