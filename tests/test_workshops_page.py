"""A workshop leader follows their members on one page: who has not signed in, this year's
figure, the latest training's state and part scores; and keeps a summary of the training."""
from __future__ import annotations

import re

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import AuditEvent, Workshop
from tests.support import login


def test_a_kaifeng_workshop_leader_sees_only_members_and_writes_the_summary(make_app):
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
