"""What the admin's lists say, found by a phone trial: the teacher list's "duties open" column
showed ✓ for none open (a count reads 0); the admin home's 教师 card and its button opened the
same list (the button now opens the teachers with a duty still open); the bulk enrolment's
heading counted, as if all could be submitted, teachers the page then refuses."""
from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select, update

from portal import clock
from portal.extensions import db
from portal.models import OrgUnit, TeacherStanding, User
from portal.services import training
from tests.support import signed_in


def test_the_duties_open_column_counts_none_open_as_0(make_app):
    app = make_app("shanxi", demo=True)
    admin = signed_in(app, "school_admin")
    admin.get("/admin/teachers")  # the page's standings kept
    with app.app_context():
        db.session.execute(update(TeacherStanding).values(open_duties=0))
        db.session.commit()
    page = admin.get("/admin/teachers").get_data(as_text=True)
    cells = re.findall(r'data-label="未完成要求" class="num[^"]*">([^<]*)</td>', page)
    assert cells and set(cells) == {"0"} and "✓" not in page


def test_the_admin_homes_button_opens_the_teachers_with_a_duty_open(make_app):
    app = make_app("shanxi", demo=True)
    admin = signed_in(app, "school_admin")
    home = admin.get("/admin/").get_data(as_text=True)
    actions = home.split('<p class="actions">')[1].split("</p>")[0]
    assert 'href="/admin/teachers?show=duty_open"' in actions and "尚有要求未完成的教师" in actions
    assert 'href="/admin/teachers"' not in actions  # the 教师 card above opens the whole list
    listed = admin.get("/admin/teachers?show=duty_open").get_data(as_text=True)
    assert "尚有要求未完成" in listed


def test_the_bulk_enrolment_says_how_many_of_the_page_can_be_enrolled(make_app):
    app = make_app("qingdao", demo=True)
    with app.app_context():  # a junior-high training: the district's primary-school teachers cannot take it
        start = clock.today() + timedelta(days=20)
        district = db.session.scalar(select(User).where(User.username == "district_admin")).roles[0].org_unit
        project = training.add_project(None, db.session.get(OrgUnit, district.id), name="区级培训：初中作业设计",
                                       level="county", mode="centralized", start_date=start,
                                       end_date=start + timedelta(days=1), year=start.year, hours=Decimal(12),
                                       capacity=300, fee=Decimal(0), status="published", stages=["junior_high"])
        project_id = project.id
    page = signed_in(app, "district_admin").get(f"/projects/{project_id}/enrol").get_data(as_text=True)
    total, here = map(int, re.search(r"(\d+) 位教师尚未报名，本页 (\d+) 位可报名", page).groups())
    assert here == page.count('name="teacher" value=') and here < total  # this page: primary-school teachers
