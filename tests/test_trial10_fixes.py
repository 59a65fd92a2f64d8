"""Defects found when people tried the bureau's and schools' side on a phone a second time
(qingdao and ruian), each pinned by a test that failed before its fix."""
from __future__ import annotations

import io
from datetime import timedelta

from sqlalchemy import select

from portal import clock
from portal.extensions import db
from portal.models import Appeal, LedgerEntry
from tests.support import on_story_cycle_day, signed_in, teacher_id

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def upheld_missing_activity(app, amount: str, category: str) -> int:
    """The demo teacher appeals a missing one-day activity and the school admin upholds it
    with ``amount``; the id of the entry it made."""
    teacher = signed_in(app, "teacher")
    sent = teacher.post("/appeals/new?subject=missing", content_type="multipart/form-data", data={
        "subject": "missing", "statement": "参加心理健康专题培训6学时未登记",
        "day": (clock.today() - timedelta(days=20)).isoformat(), "files": (io.BytesIO(PDF), "通知.pdf")})
    assert sent.status_code == 303
    answered = signed_in(app, "school_admin").post(f"{sent.headers['Location']}/answer", data={
        "outcome": "upheld", "reason": "属实", "amount": amount, "category": category, "title": "心理健康专题培训"})
    assert answered.status_code in (302, 303), answered.get_data(as_text=True)
    with app.app_context():
        return db.session.scalar(select(LedgerEntry.id).where(LedgerEntry.teacher_id == teacher_id(app, "teacher"),
                                                              LedgerEntry.source == "appeal"))


def test_qingdao_credits_a_school_upholds_on_appeal_go_on_to_the_districts_audit(make_app):
    """A school admin upheld 20 credits for a one-day activity and they counted at once,
    printed on the transcript; the school's own step of the audit is to submit (2017 附件1
    第9项: 由区教育研究中心据实认定), so the entry waits in the district's queue."""
    app = make_app("qingdao", demo=True)
    entry = upheld_missing_activity(app, "6", "a_class")
    with app.app_context():
        assert db.session.get(LedgerEntry, entry).audit_state == "submitted"
    teacher = signed_in(app, "teacher")
    assert "待审核后计入" in teacher.get("/notifications").get_data(as_text=True)
    queue = signed_in(app, "district_admin").get("/admin/reviews").get_data(as_text=True)
    assert "心理健康专题培训" in queue
    # the appeal's own page says it too, not only 答复：予以支持 (a later trial's teacher)
    with app.app_context():
        appeal_id = db.session.scalar(select(Appeal.id).where(Appeal.outcome_entry_id == entry))
    page = teacher.get(f"/appeals/{appeal_id}").get_data(as_text=True)
    assert "《心理健康专题培训》已登记为 6 学分（已提交审核），审核通过后计入" in page


def test_ruian_the_school_that_audits_counts_what_it_upholds_at_once(make_app):
    app = make_app("ruian", demo=True)
    with app.app_context():
        category = app.extensions["portal.region"].credited_categories()[0].code
    entry = upheld_missing_activity(app, "6", category)
    with app.app_context():
        assert db.session.get(LedgerEntry, entry).audit_state == "approved"
        appeal_id = db.session.scalar(select(Appeal.id).where(Appeal.outcome_entry_id == entry))
    page = signed_in(app, "teacher").get(f"/appeals/{appeal_id}").get_data(as_text=True)
    assert "《心理健康专题培训》已登记为 6 学分（" in page and "审核通过后计入" not in page


def test_ruian_the_bureau_asks_no_classes_of_an_institutions_project_it_decides(make_app):
    """The city admin asked for five more classes of an institution's project and granted its
    own request (the annex: 培训机构扩班申请, 各级教育行政部门受理): only the organiser's own
    staff ask, and the page offers the bureau no request."""
    from portal.models import TrainingProject
    from portal.services import calendar as calendar_service
    from portal.services import projects

    app = make_app("ruian", demo=True)
    with app.app_context():
        today = clock.today()
        calendar_service.save(app.extensions["portal.region"], None, [
            p if p.kind not in ("class_expansion_request", "class_expansion_decision")
            else type(p)(p.kind, p.label, today, today, p.actors, p.source) for p in calendar_service.kept()])
        project_id = db.session.scalar(select(TrainingProject.id).join(TrainingProject.organiser).where(
            TrainingProject.status == "published", TrainingProject.class_size.is_not(None),
            TrainingProject.end_date >= today).where(TrainingProject.organiser.has(kind="institution")))
    city = signed_in(app, "city_admin")
    assert "申请扩班" not in city.get(f"/projects/{project_id}").get_data(as_text=True)
    city.post(f"/projects/{project_id}/classes", data={"classes": "5", "reason": "局里自己扩"})
    with app.app_context():
        assert projects.pending_request(project_id) is None
    institution = signed_in(app, "institution")
    assert "申请扩班" in institution.get(f"/projects/{project_id}").get_data(as_text=True)
    institution.post(f"/projects/{project_id}/classes", data={"classes": "2", "reason": "报名人数多"})
    with app.app_context():
        assert projects.pending_request(project_id).classes == 2


def test_kaifeng_only_the_city_allocates_an_all_staff_projects_seats(make_app):
    """The institution that runs the all-staff project changed the city's quotas of 鼓楼区 and a
    school (§四(二)1: 名额已分配到各单位，名额如果不够请及时与教师教育科联系进行修改)."""
    from portal.models import TrainingProject

    app = make_app("kaifeng", demo=True)
    with app.app_context():
        project_id, school_id = db.session.execute(
            select(TrainingProject.id, TrainingProject.organiser_id).where(
                TrainingProject.program == "all_staff_jpk", TrainingProject.status == "published")
            .order_by(TrainingProject.id.desc())).first()
        org = db.session.get(TrainingProject, project_id).organiser
        assert org.kind == "institution"
    institution = signed_in(app, "institution")
    assert institution.get(f"/projects/{project_id}/quotas").status_code == 404
    assert institution.post(f"/projects/{project_id}/quotas", data={f"unit-{school_id}": "14"}).status_code == 404
    assert signed_in(app, "city_admin").get(f"/projects/{project_id}/quotas").status_code == 200


def test_qingdao_keeps_no_credit_bank_and_has_no_borrowings_page(make_app):
    app = make_app("qingdao", demo=True)
    assert signed_in(app, "district_admin").get("/admin/borrowings").status_code == 404


def test_ruian_a_review_outside_its_window_says_where_the_bureau_moves_the_dates(make_app):
    """A trial's city admin had a declared project waiting on them for good, told only that the
    review window had passed; the bureau sets those dates on the selection calendar page."""
    from portal.models import TrainingProject

    app = make_app("ruian", demo=True)
    with app.app_context():
        declared = db.session.scalar(select(TrainingProject.id).where(TrainingProject.status == "declared"))
    page = signed_in(app, "city_admin").get(f"/projects/{declared}").get_data(as_text=True)
    assert "现在不在完成培训项目审核的时间内" in page and "进程表的时间可在“选课进程”页调整" in page


def test_a_school_admin_is_not_offered_a_role_no_school_holds(make_app):
    """Both trials' school admins were offered 培训机构人员, which every school refused."""
    app = make_app("kaifeng", demo=True)
    page = signed_in(app, "school_admin").get("/admin/users/new").get_data(as_text=True)
    assert 'value="institution_staff"' not in page and 'value="school_admin"' in page
    city = signed_in(app, "city_admin").get("/admin/users/new").get_data(as_text=True)
    assert 'value="institution_staff"' in city


def test_qingdao_the_export_says_when_a_duty_missed_in_a_past_year_ended(make_app, monkeypatch):
    """A trial's export read 本年已达标 是 beside 每年不少于 48 学分 unmet: it was a past year's
    minimum, which the teacher's page dates; the export now dates it too."""
    from portal.services import background, exports
    from tests.test_reports import sheet_rows, user

    on_story_cycle_day(monkeypatch)  # the demo's past years in its cycle: in a cycle's first years (2028 of 2028–2032) they are the previous one's
    app = make_app("qingdao", demo=True)
    with app.app_context(), app.test_request_context():
        region = app.extensions["portal.region"]
        result = exports.export_job(region, user("district_admin"), {
            "unit": None, "drill": None, "locale": "zh_Hans_CN", "today": clock.today().isoformat()},
            background.Progress(None))
        rows = sheet_rows((exports.folder() / result["file"]).read_bytes())
    heading = rows[0]
    met, unmet = heading.index("本年已达标"), heading.index("未完成的要求（含往期未完成的）")
    yearly = [item for row in rows[1:] if row[met] == "是" and row[unmet]
              for item in row[unmet].split("；") if "每年" in item]
    assert yearly and all("已过）" in item for item in yearly)
