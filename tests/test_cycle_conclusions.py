"""The conclusion on each teacher's ended cycle (周期审定结论, shanxi §二(四), §五(二)): the city
concludes every teacher of its schools whose previous cycle has ended, passed where the cycle's
total and its conditions are met as the rules then judge it, a teacher with an entry of it still
in audit left for later, one with none kept left unconcluded; each conclusion kept once, audited,
shown on the teacher's previous cycle and told to the teacher and the school's admins."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from portal import clock
from portal.domain import UserRole
from portal.domain.text import from_data, words
from portal.extensions import db
from portal.models import AuditEvent, CycleConclusion, LedgerEntry, Notification, OrgUnit, Teacher, User
from portal.services import conclusions, reports
from portal.services.scope import Scope
from portal.services.teachers import TeacherFilter, standing_labels, teacher_page
from tests.support import login, text
from tests.test_imports import CREDIT_HEADINGS, confirm, sheet, upload
from tests.test_previous_cycle import shanxi_cycles, teachers_without_history



def below_school_1(app) -> set[int]:
    with app.app_context():
        return set(db.session.scalars(select(Teacher.id).join(OrgUnit, Teacher.school_id == OrgUnit.id)
                                      .where(OrgUnit.code == "sx-school-1")))


def import_credits(app, rows) -> None:
    admin = app.test_client()
    login(admin, "district_admin")
    preview = upload(admin, "credits", sheet(CREDIT_HEADINGS, rows))
    assert preview.status_code == 200, preview.text
    assert confirm(admin, "credits", preview.text).status_code == 303


def previous_cycle():
    """shanxi's cycle before today's (2017–2022 when these tests were written), read from the region."""
    return shanxi_cycles()[1]


def a_year_of_it(n: int) -> int:
    """The calendar year of the spring of the previous cycle's ``n``-th school year (from 0)."""
    return previous_cycle().start.year + n + 1


def a_full_cycle(number: str) -> list[list[str]]:
    """Credits enough for the cycle: 市级 centralized training each school year of the previous
    cycle (2017–2022 when these tests were written), in its spring."""
    return [[number, f"{year}-03-02", f"{year}年市级骨干教师集中研修", "", "市级", "集中培训", "120", ""]
            for year in map(a_year_of_it, range(5))]


def a_short_one(number: str) -> list[str]:
    """A 市级 centralized training of the previous cycle's third school year: far short of its 120."""
    year = a_year_of_it(2)
    return [number, f"{year}-03-02", f"{year - 1}年旧系统：课堂教学能力提升培训", "", "市级", "集中培训", "24", ""]


def test_the_city_concludes_its_teachers_ended_cycles_once_and_tells_them(make_app, tmp_path):
    app = make_app("shanxi", demo=True, PORTAL_IMPORTS_DIR=str(tmp_path / "imports"))
    (full, full_number, full_user), (short, short_number, short_user), (unknown, _n, _u) = \
        teachers_without_history(app, 3)
    import_credits(app, a_full_cycle(full_number) + [a_short_one(short_number)])
    previous = previous_cycle()
    city = app.test_client()
    login(city, "city_admin")
    city.post("/locale/zh_Hans_CN")
    assert "/admin/conclusions" in city.get("/admin/").get_data(as_text=True)
    page = city.get("/admin/conclusions")
    assert page.status_code == 200 and "暂无" in text(page) and "二(四)" in text(page)
    assert city.post("/admin/conclusions").status_code == 303
    done = text(city.get("/admin/conclusions"))
    with app.app_context():
        kept = {c.teacher_id: c for c in db.session.scalars(select(CycleConclusion))}
        passed = sum(c.passed for c in kept.values())
    # the two imported here, beside the demo school's own previous cycle
    assert f"审定 {len(kept)} 人：合格 {passed} 人，不合格 {len(kept) - passed} 人" in done
    assert f"{previous.start} – {previous.end} {passed} {len(kept) - passed}" in done
    with app.app_context():
        assert {full, short} <= set(kept) and unknown not in kept
        assert kept[full].passed and not kept[short].passed
        assert (kept[full].cycle_start, kept[full].cycle_end) == (previous.start, previous.end)
        assert kept[full].counted >= 120 and kept[short].counted < 120
        assert db.session.scalar(select(func.count(AuditEvent.id)).where(
            AuditEvent.action == "teacher.cycle_concluded")) == len(kept)
        told = [words(from_data(n.message), "zh_Hans_CN") for n in db.session.scalars(select(Notification).join(User, Notification.user_id == User.id)
                                                             .where(User.username.in_([full_user, short_user])))]
        assert any(f"{previous.start.year}–{previous.end.year}" in t and "合格" in t for t in told)
        school_told = db.session.scalars(select(Notification).join(User, Notification.user_id == User.id)
                                         .where(User.username == "school_admin")).all()
        school = [c for c in kept.values() if c.teacher_id in below_school_1(app)]
        ok = sum(c.passed for c in school)
        assert any(f"合格 {ok} 人，不合格 {len(school) - ok} 人" in words(from_data(n.message), "zh_Hans_CN")
                   for n in school_told)

    # the list of teachers by their conclusion, from the city's counts and the school's notification
    with app.app_context():
        names = dict(db.session.execute(select(Teacher.id, Teacher.name).where(Teacher.id.in_([full, short]))).all())
        link = next(n.link for n in school_told if "show=concluded" in n.link)
    assert "/admin/teachers?show=concluded&amp;code=failed" in city.get("/admin/conclusions").get_data(as_text=True)
    failed = text(city.get("/admin/teachers?show=concluded&code=failed"))
    assert "上一周期审定：不合格" in failed and names[short] in failed and names[full] not in failed
    passed = text(city.get("/admin/teachers?show=concluded&code=passed"))
    assert names[full] in passed and names[short] not in passed
    school = app.test_client()
    login(school, "school_admin")
    school.post("/locale/zh_Hans_CN")
    assert names[short] in text(school.get(link))

    teacher = app.test_client()
    login(teacher, short_user)
    teacher.post("/locale/zh_Hans_CN")
    own = text(teacher.get("/me/compliance/previous"))
    assert "审定结论：不合格" in own and "市级及以上集中研修" in own.split("审定结论")[1][:400]
    teacher.post("/locale/en")
    assert "Conclusion: not passed" in text(teacher.get("/me/compliance/previous"))
    said = teacher.get("/api/me/standing/previous").get_json()["conclusion"]
    assert said["passed"] is False and said["counted"] == float(kept[short].counted) and said["required"] == 120
    assert said["source"].endswith("§二(四)、§五(二)")

    # a second run concludes nobody again; the database would refuse a second conclusion anyway
    assert city.post("/admin/conclusions").status_code == 303
    again = text(city.get("/admin/conclusions"))
    assert f"{len(kept)} 人此前已审定" in again
    with app.app_context():
        assert db.session.scalar(select(func.count(CycleConclusion.id))) == len(kept)


def test_a_teacher_with_an_entry_of_the_cycle_in_audit_waits(make_app, tmp_path):
    app = make_app("shanxi", demo=True, PORTAL_IMPORTS_DIR=str(tmp_path / "imports"))
    (waiting, number, username), = teachers_without_history(app)
    import_credits(app, a_full_cycle(number))
    previous = previous_cycle()
    with app.app_context():
        region = app.extensions["portal.region"]
        # the city's teachers the demo itself leaves waiting: an entry of their previous cycle in its
        # audit (from a cycle's first school year, its new teachers' probation training of the last one)
        city_path = db.session.scalar(select(OrgUnit.path).where(OrgUnit.code == "sx-ty"))
        already = set(db.session.scalars(
            select(LedgerEntry.teacher_id).join(Teacher, LedgerEntry.teacher_id == Teacher.id)
            .join(OrgUnit, Teacher.school_id == OrgUnit.id)
            .where(OrgUnit.path.startswith(city_path), LedgerEntry.audit_state.in_(standing_labels(region).auditing_states),
                   LedgerEntry.activity_date.between(previous.start, previous.end))))
        assert waiting not in already
        entry = db.session.scalar(select(LedgerEntry).where(LedgerEntry.teacher_id == waiting))
        first = region.audit_workflow().initial
        db.session.add(LedgerEntry(teacher_id=waiting, source="claim", activity_date=date(a_year_of_it(3), 5, 1),
                                   amount=entry.amount, unit=entry.unit, category=entry.category, title="待审核的申报",
                                   facts={}, explanation_id=entry.explanation_id, rule_version=entry.rule_version,
                                   audit_state=first))
        db.session.commit()
    city = app.test_client()
    login(city, "city_admin")
    city.post("/locale/zh_Hans_CN")
    city.post("/admin/conclusions")
    assert f"{len(already) + 1} 人待审定：该周期仍有学分记录在审核中" in text(city.get("/admin/conclusions"))
    with app.app_context():
        assert db.session.scalar(select(func.count(CycleConclusion.id)).where(CycleConclusion.teacher_id == waiting)) == 0
    teacher = app.test_client()
    login(teacher, username)
    teacher.post("/locale/zh_Hans_CN")
    assert "尚未审定" in text(teacher.get("/me/compliance/previous"))


def test_only_the_role_the_region_names_concludes(make_app):
    app = make_app("shanxi", demo=True)
    for username in ("district_admin", "school_admin", "teacher"):
        client = app.test_client()
        login(client, username)
        assert client.get("/admin/conclusions").status_code == 404
        assert client.post("/admin/conclusions").status_code == 404
        assert "/admin/conclusions" not in client.get("/").get_data(as_text=True)


def test_a_region_that_gives_no_conclusion_has_no_such_page(make_app):
    app = make_app("qingdao", demo=True)
    client = app.test_client()
    login(client, "city_admin")
    assert client.get("/admin/conclusions").status_code == 404
    assert client.post("/admin/conclusions").status_code == 404
    assert client.get("/admin/teachers?show=concluded&code=failed").status_code == 404
    assert client.get("/admin/reports/conclusions").status_code == 404


def test_a_run_revises_a_conclusion_whose_cycle_changed_since(make_app, tmp_path):
    """Historical credits imported after the conclusion (as an upheld appeal or a late registration
    would change the cycle): the teacher's page says the conclusion no longer matches, the next run
    revises it with the old values in its audit event and tells the teacher, the one after leaves it."""
    app = make_app("shanxi", demo=True, PORTAL_IMPORTS_DIR=str(tmp_path / "imports"))
    (short, number, username), = teachers_without_history(app)
    import_credits(app, [a_short_one(number)])
    city = app.test_client()
    login(city, "city_admin")
    city.post("/locale/zh_Hans_CN")
    city.post("/admin/conclusions")
    teacher = app.test_client()
    login(teacher, username)
    teacher.post("/locale/zh_Hans_CN")
    assert "审定结论：不合格" in text(teacher.get("/me/compliance/previous"))
    assert teacher.get("/api/me/standing/previous").get_json()["conclusion"]["changed_since"] is False

    import_credits(app, a_full_cycle(number))
    page = text(teacher.get("/me/compliance/previous"))
    assert "审定结论：不合格" in page and "审定之后该周期的记录有变动" in page
    said = teacher.get("/api/me/standing/previous").get_json()["conclusion"]
    assert said["changed_since"] is True and said["passed"] is False and said["revised_on"] is None

    city.post("/admin/conclusions")
    assert "1 人的审定结论已复核更改" in text(city.get("/admin/conclusions"))
    with app.app_context():
        kept = db.session.scalar(select(CycleConclusion).where(CycleConclusion.teacher_id == short))
        assert kept.passed and kept.counted >= 120 and kept.revised_at is not None and kept.unmet == []
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "teacher.cycle_conclusion_revised"))
        assert event.before["passed"] is False and event.after["passed"] is True
        told = [words(from_data(n.message), "zh_Hans_CN") for n in db.session.scalars(
            select(Notification).join(User, Notification.user_id == User.id).where(User.username == username))]
        assert any("审定结论已复核更改为：合格" in t for t in told)
        school_told = [words(from_data(n.message), "zh_Hans_CN") for n in db.session.scalars(
            select(Notification).join(User, Notification.user_id == User.id).where(User.username == "school_admin"))]
    page = text(teacher.get("/me/compliance/previous"))
    assert "审定结论：合格" in page and "复核更改" in page and "审定之后该周期的记录有变动" not in page
    assert teacher.get("/api/me/standing/previous").get_json()["conclusion"]["revised_on"] is not None
    school = set(below_school_1(app))
    assert (short in school) == any("审定结论已复核更改" in t for t in school_told)

    city.post("/admin/conclusions")
    again = text(city.get("/admin/conclusions"))
    assert "复核更改" not in again.split("上次审定")[-1].split("已给出的审定结论")[0]
    with app.app_context():
        assert db.session.scalar(select(func.count(AuditEvent.id)).where(
            AuditEvent.action == "teacher.cycle_conclusion_revised")) == 1


def test_the_conclusions_report_counts_each_units_latest_conclusions_and_opens_them(make_app):
    """周期审定 reported up: a row per unit below the reader with how many of its teachers' latest
    conclusions passed and did not, each figure opening exactly those teachers; the teachers'
    total as the other reports count it."""
    app = make_app("shanxi", demo=True)
    city = app.test_client()
    login(city, "city_admin")
    city.post("/locale/zh_Hans_CN")
    city.post("/admin/conclusions")
    page = city.get("/admin/reports/conclusions")
    assert page.status_code == 200 and "各单位周期审定结论" in text(page) and "二(四)" in text(page)
    # about each teacher's latest concluded cycle, not the school year the other reports read
    assert "周期：各教师最近一个已审定的周期" in text(page) and "年度：" not in text(page)
    assert city.get("/api/reports/conclusions").get_json()["periods"] == ["concluded"]
    with app.app_context(), app.test_request_context():
        region = app.extensions["portal.region"]
        admin = db.session.scalar(select(User).where(User.username == "city_admin"))
        view = reports.report_view(region, admin, "conclusions", None, clock.today())
        kept = db.session.scalars(select(CycleConclusion)).all()
        assert kept, "the demo's school has a previous cycle to conclude"
        assert (view.total.summary.concluded_passed, view.total.summary.concluded_failed) == (
            sum(c.passed for c in kept), sum(not c.passed for c in kept))
        scope = Scope.of(admin, UserRole)
        codes = [c.code for c in view.report.columns]
        for row in view.rows:
            for kind, column in (("passed", "passed"), ("failed", "failed")):
                listed = teacher_page(region, scope, clock.today(), narrowed=TeacherFilter(row.unit, ("concluded", kind)))
                assert listed.total == row.cells[codes.index(column)], (row.name, kind)
            assert row.cells[codes.index("not_concluded")] == row.summary.teachers - row.summary.concluded_passed \
                - row.summary.concluded_failed
    assert city.get("/admin/reports/conclusions/export.xlsx").status_code == 200


def test_a_run_tried_again_after_a_failure_tells_the_schools_all_it_concluded(make_app, monkeypatch):
    """The job's batches commit as they go: a try that failed after them left conclusions nobody
    was told of; the next try counts and tells what the job wrote, not only what it wrote itself."""
    app = make_app("shanxi", demo=True)
    with app.app_context(), app.test_request_context():
        region = app.extensions["portal.region"]
        city = db.session.scalar(select(User).where(User.username == "city_admin"))
        params = {"today": clock.today().isoformat(), "since": "2000-01-01T00:00:00"}
        monkeypatch.setattr(conclusions, "BATCH", 2)
        real = conclusions._tell_schools
        monkeypatch.setattr(conclusions, "_tell_schools", lambda by_school: 1 / 0)
        with pytest.raises(ZeroDivisionError):
            conclusions.conclude_job(region, city, params, lambda done, total: None)
        kept = db.session.scalars(select(CycleConclusion)).all()
        assert len(kept) > 2, "more than one batch committed"
        assert not db.session.scalar(select(func.count(Notification.id)).where(Notification.subject_type == "org_unit"))
        monkeypatch.setattr(conclusions, "_tell_schools", real)
        result = conclusions.conclude_job(region, city, params, lambda done, total: None)
        assert (result["concluded"], result["already"]) == (len(kept), 0)
        assert (result["passed"], result["failed"]) == (sum(c.passed for c in kept), sum(not c.passed for c in kept))
        school = [c for c in kept if c.teacher_id in below_school_1(app)]
        said = [words(from_data(n.message), "zh_Hans_CN") for n in db.session.scalars(
            select(Notification).join(User, Notification.user_id == User.id).where(User.username == "school_admin"))]
        ok = sum(c.passed for c in school)
        assert any(f"合格 {ok} 人，不合格 {len(school) - ok} 人" in t for t in said)
