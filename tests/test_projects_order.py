"""An organiser's list of projects shows what needs them first: the projects awaiting a step
(a draft, one returned, one declared), then the trainings to come or running, the soonest to
start first, then those ended, the latest to end first, then those rejected or withdrawn; ties
by id, one query for the page. Newest created first, a bureau's returned project and next
week's training sank under the projects entered since."""
from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import event, select

from portal import clock
from portal.extensions import db
from portal.models import OrgUnit, User
from portal.services import projects, training
from tests.support import signed_in

GROUPS = {"draft": 0, "returned": 0, "declared": 0, "published": 1, "rejected": 3, "withdrawn": 3}


def _group(project, today) -> int:
    group = GROUPS[project.status]
    return 2 if group == 1 and project.end_date < today else group


def test_the_projects_awaiting_a_step_come_first_then_by_start_date_then_the_ended(make_app):
    app = make_app("qingdao", demo=True)
    today = clock.today()
    with app.app_context():
        admin = db.session.scalar(select(User).where(User.username == "city_admin"))
        city = db.session.get(OrgUnit, admin.roles[0].org_unit_id)
        added = {}
        # made in the order newest-first would show them the wrong way round
        for name, status, start, days in [("已撤回", "withdrawn", 40, 1), ("已结束", "published", -30, 2),
                                          ("下月开训", "published", 30, 1), ("下周开训", "published", 7, 1),
                                          ("进行中", "published", -2, 10), ("被退回", "returned", 60, 1),
                                          ("待审核", "declared", 20, 1), ("同日开训甲", "published", 14, 1),
                                          ("同日开训乙", "published", 14, 1)]:
            start_date = today + timedelta(days=start)
            project = training.add_project(None, city, name=name, level="city", mode="centralized",
                                           start_date=start_date, end_date=start_date + timedelta(days=days - 1),
                                           year=start_date.year, hours=Decimal(6), capacity=30, status=status)
            db.session.flush()
            added[name] = project.id
        db.session.commit()
        user_id = admin.id

    with app.app_context():
        user = db.session.get(User, user_id)
        user.roles  # noqa: B018 -- loaded before the queries are counted
        statements = []
        listen = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listen)
        try:
            first = projects.organised_page(user, 1, 500, today=today)
        finally:
            event.remove(db.engine, "before_cursor_execute", listen)
        assert len(statements) == 2  # the count and the page
        rows = [row.project for row in first.items]
        groups = [_group(p, today) for p in rows]
        assert groups == sorted(groups), groups
        mine = [p.name for p in rows if p.id in added.values()]
        assert mine == ["待审核", "被退回", "进行中", "下周开训", "同日开训甲", "同日开训乙", "下月开训", "已结束", "已撤回"]
        for group in (0, 1):  # the soonest to start first, ties by id
            keys = [(p.start_date, p.id) for p in rows if _group(p, today) == group]
            assert keys == sorted(keys)
        ended = [(p.end_date, -p.id) for p in rows if _group(p, today) == 2]
        assert ended == sorted(ended, reverse=True)
        # pages in a row are the whole list in the same order, nothing twice, nothing left out
        paged = [row.project.id for n in range(1, first.total // 4 + 2)
                 for row in projects.organised_page(user, n, 4, today=today).items]
        assert paged == [p.id for p in rows]

    page = signed_in(app, "city_admin").get("/projects").get_data(as_text=True)
    assert "先列待处理的项目" in page
    first_page = [name for name in re.findall(r'<strong translate="no">([^<]+)</strong>', page) if name in added]
    assert first_page == mine[:len(first_page)] and first_page[:2] == ["待审核", "被退回"]
