"""A workshop leader follows their members on one page: who has not signed in, this year's
figure, the latest training's state and part scores; and keeps a summary of the training."""
from __future__ import annotations

import pytest

import re

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import AuditEvent, Workshop
from tests.support import demo_day, demo_year, login, on_day


def on_assessed_day(monkeypatch):
    """The members' latest all-staff training with its results: while this year's runs
    (January to April) its members have no scores yet, and the page says so; the part scores
    are read on the day before it began (kaifeng's ``assessed_day``)."""
    from plugins.kaifeng import demo

    return on_day(monkeypatch, demo.assessed_day(demo_day()))


def test_a_kaifeng_workshop_leader_sees_only_members_and_writes_the_summary(make_app, monkeypatch):
    on_assessed_day(monkeypatch)
    app = make_app("kaifeng", demo=True)
    client = app.test_client()
    login(client, "workshop_leader")
    page = client.get("/workshops", follow_redirects=True)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and ("从未登录" in html or "最近登录" in html)
    assert "在线研讨交流积分" in html  # the latest all-staff training's part scores, by their labels
    assert re.search(r"在线研讨交流积分：[0-9.]+ 分", html)  # scores, not hours
    with app.app_context():
        workshop_id = db.session.scalar(select(Workshop.id))
    assert client.post(f"/workshops/{workshop_id}/summary", data={"summary": "本坊学员均已完成研修任务。"}).status_code == 303
    assert "本坊学员均已完成研修任务。" in client.get(f"/workshops/{workshop_id}").get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "workshop.summary")) == 1
    # an empty summary is not saved, and one too long comes back as typed, to be shortened (a phone trial lost it)
    empty = client.post(f"/workshops/{workshop_id}/summary", data={"summary": "  "})
    assert empty.status_code == 422 and "请先填写总结再保存。" in empty.get_data(as_text=True)
    long = client.post(f"/workshops/{workshop_id}/summary", data={"summary": "长" * 5001})
    assert long.status_code == 422 and "长" * 5001 in long.get_data(as_text=True)
    assert "本坊学员均已完成研修任务。" in client.get(f"/workshops/{workshop_id}").get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "workshop.summary")) == 1

    teacher = app.test_client()
    login(teacher, "teacher")
    assert teacher.get(f"/workshops/{workshop_id}").status_code == 403
    other = app.test_client()
    login(other, "school_admin")
    assert other.post(f"/workshops/{workshop_id}/summary", data={"summary": "x"}).status_code == 403


def test_the_bureau_reads_a_workshops_members_and_its_leaders_summary_from_the_report(make_app):
    """A kaifeng trial's leader saved the summary and every admin met a 403 where it was: the
    workshop report's row opens the workshop's page, which the admins above it read (without
    the form: the summary is the leader's to write); a school admin below it does not."""
    app = make_app("kaifeng", demo=True)
    leader = app.test_client()
    login(leader, "workshop_leader")
    with app.app_context():
        workshop_id = db.session.scalar(select(Workshop.id))
    assert leader.post(f"/workshops/{workshop_id}/summary", data={"summary": "本坊学员均已完成研修任务。"}).status_code == 303
    city = app.test_client()
    login(city, "city_admin")
    report = city.get("/admin/reports/workshop_progress").get_data(as_text=True)
    assert f'href="/workshops/{workshop_id}"' in report
    page = city.get(f"/workshops/{workshop_id}").get_data(as_text=True)
    assert "本坊学员均已完成研修任务。" in page and "坊主的培训情况总结" in page and 'name="summary"' not in page
    assert city.post(f"/workshops/{workshop_id}/summary", data={"summary": "x"}).status_code == 403
    school = app.test_client()
    login(school, "school_admin")
    assert school.get(f"/workshops/{workshop_id}").status_code == 404


def test_a_kaifeng_leader_reads_each_members_composite_assessment(make_app, monkeypatch):
    """Phone trial (kaifeng): the leader follows sign-ins, hours and tasks, but the composite
    assessment that decides the pass, the 60 hours and the certificate (§三(五), §四(二)3) read as
    bare scores under the completed state's label (已考核（合格者登记学时）), a fail too. Now each
    part says its weight, a fail says so, and one more tap shows how the kept result worked the
    composite out against the pass mark; read-only, nothing wider than the phone's cards."""
    from datetime import timedelta
    from decimal import Decimal

    from portal import clock
    from portal.models import OrgUnit, Teacher, User
    from portal.services import training

    on_assessed_day(monkeypatch)
    app = make_app("kaifeng", demo=True)
    leader = app.test_client()
    login(leader, "workshop_leader")
    with app.app_context():
        workshop = db.session.scalar(select(Workshop).join(User, Workshop.leader_id == User.id)
                                     .where(User.username == "workshop_leader"))
        member = db.session.scalar(select(Teacher).join(OrgUnit, Teacher.school_id == OrgUnit.id)
                                   .where(OrgUnit.path.startswith(workshop.org_unit.path),
                                          Teacher.name.in_(re.findall(r'<strong translate="no">([^<]+)</strong>',
                                                                      leader.get(f"/workshops/{workshop.id}")
                                                                      .get_data(as_text=True)))))
        start = clock.today() - timedelta(days=4)
        project = training.add_project(
            None, db.session.scalar(select(OrgUnit).where(OrgUnit.code == "kf-inst")), name="全员培训：坊员考核",
            level="city", mode="online", program="all_staff_jpk", start_date=start, end_date=start + timedelta(days=3),
            year=start.year, hours=Decimal(60), capacity=30, status="published",
            assessment_weights={"course_time": "50", "discussion": "30", "tasks": "20"})
        enrollment_id = training.enroll(app.extensions["portal.region"], None, project, member).id
        project_id, name, workshop_id = project.id, member.name, workshop.id
    institution = app.test_client()
    login(institution, "institution")
    institution.post(f"/enrollments/{enrollment_id}/moves", data={
        "target": "completed", "state": "enrolled", "attended_hours": "60", "score-course_time": "40",
        "score-discussion": "30", "score-tasks": "20", "next": f"/projects/{project_id}/class"})
    html = leader.get(f"/workshops/{workshop_id}").get_data(as_text=True)
    listed = html.split('<ul class="projects">', 1)[1].split("<section>", 1)[0]  # the last card ends before the summary
    card = next(c for c in listed.split('<li class="card">')[1:] if f'<strong translate="no">{name}</strong>' in c)
    assert "全员培训：坊员考核" in card and "已考核：未通过考核" in card  # a fail reads as one, not as 已考核
    assert "在线学习课程时间：40 分（权重 50%）" in card and "研修任务完成：20 分（权重 20%）" in card
    assert "综合考核如何决定结果" in card and "综合成绩 33 分，低于合格线" in card  # the kept composite, behind a tap
    assert "考核不合格：不登记学时，不发结业证书" in card
    assert "<form" not in card  # read-only
    passed = [c for c in listed.split('<li class="card">')[1:] if "已考核（合格者登记学时）" in c]
    assert passed and all("登记 60 学时" in c and "达到合格线" in c for c in passed)  # the others passed


@pytest.mark.parametrize("region", ["kaifeng", "shanxi"])
def test_the_members_composite_assessments_cost_the_same_queries_whatever_the_page_size(make_app, region):
    """The page's kept results and their explanations come in one batch from the service, never
    from the template; so do each member's year's requirement and whether it is met (shanxi's
    members have no composite assessment: only the year's words)."""
    from tests.test_layers import queries_in_templates
    from tests.test_queries import queries

    app = make_app(region, demo=True)
    app.config["PORTAL_PAGE_SIZE"] = 1
    few = queries(app, "workshop_leader", "/workshops/1")
    app.config["PORTAL_PAGE_SIZE"] = 40
    with queries_in_templates(app) as found:
        assert queries(app, "workshop_leader", "/workshops/1") == few
    assert not found, found[:3]


def test_the_latest_training_is_the_latest_by_its_dates_not_by_when_it_was_entered(make_app):
    """A ruian phone trial's leader read 2024年…专题培训 as the latest training of 周雅琴, who had
    completed two trainings in 2026: the demo entered the 2024 ones after them, and the page took
    the enrollment made last."""
    app = make_app("ruian", demo=True)
    client = app.test_client()
    login(client, "workshop_leader")
    html = client.get("/workshops", follow_redirects=True).get_data(as_text=True)
    row = html.split("周雅琴")[1].split('</li>')[0]
    year = demo_year()  # the demo's year (2026 when the trial read it)
    assert f"{year}年生态文明和美丽浙江建设专题校本研修" in row  # 2026-11-24 – 11-28, her latest
    assert f"{year - 2}年" not in row


def test_a_region_crediting_hours_reads_no_composite_assessment_on_the_workshop_page(make_app):
    """A qingdao phone trial: under a school-based training credited by its hours the leader read
    暂无成绩 and 综合考核如何决定结果, a composite assessment qingdao does not have (it declares no
    assessment parts). The entry's working is there under words that fit."""
    app = make_app("qingdao", demo=True)
    with app.app_context():
        assert not app.extensions["portal.region"].assessment_parts()
    leader = app.test_client()
    login(leader, "workshop_leader")
    html = leader.get("/workshops/1").get_data(as_text=True)
    listed = html.split('<ul class="projects">', 1)[1].split("<section>", 1)[0]
    assert "登记 3 学分" in listed and "1 学时计 1 学分" in listed  # the training and how its hours were credited
    assert "暂无成绩" not in listed and "综合考核" not in listed
    assert "计算过程" in listed
