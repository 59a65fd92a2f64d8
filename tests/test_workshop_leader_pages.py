"""A workshop's leader (坊主) follows the members' sign-ins, hours and training tasks on the
workshop's page and writes its summary (kaifeng-2018-online-training.txt §三(二): 监测并跟进本班学员的
登录、学习，督促完成研修任务……并对培训情况做出总结); a member's own teacher page, duties, previous
cycle and ledger are refused in words (403), and no list offers a link to them. Until then a
trial's leader opened a member's full page, records and the reasons given on her claims."""
from __future__ import annotations

import re

from sqlalchemy import select

from portal.extensions import db
from portal.models import Teacher
from tests.support import signed_in


def test_a_leader_opens_no_members_own_pages_and_is_told_why(make_app):
    app = make_app("kaifeng", demo=True)
    leader = signed_in(app, "workshop_leader")
    listing = leader.get("/admin/teachers").get_data(as_text=True)
    assert "李静" in listing and not re.search(r'href="/admin/teachers/\d+"', listing)
    with app.app_context():
        member = db.session.scalar(select(Teacher.id).where(Teacher.name == "李静"))
    for path in ("", "/compliance", "/compliance/previous", "/ledger"):
        refused = leader.get(f"/admin/teachers/{member}{path}")
        page = refused.get_data(as_text=True)
        assert refused.status_code == 403 and "坊主在工作坊页面跟进本坊学员的登录、学时和研修任务" in page, path
        assert 'href="/workshops"' in page and "理由" not in page
    claims = leader.get(f"/claims?teacher={member}")  # her claims, their reasons and evidence files
    assert claims.status_code == 403 and "坊主在工作坊页面" in claims.get_data(as_text=True)
    leader.post("/locale/en")
    page = leader.get(f"/admin/teachers/{member}/ledger").get_data(as_text=True)
    assert "A workshop leader follows the members' sign-ins, hours and training tasks" in page
    # what the leader is entitled to: the workshop's page, its sign-ins, hours and the summary
    workshop = leader.get("/workshops", follow_redirects=True).get_data(as_text=True)
    assert "李静" in workshop and ("signed in" in workshop.lower()) and "summary" in workshop.lower()
    # the school's admin still opens the member's page
    admin = signed_in(app, "school_admin")
    assert admin.get(f"/admin/teachers/{member}").status_code == 200
    assert re.search(r'href="/admin/teachers/\d+"', admin.get("/admin/teachers").get_data(as_text=True))
