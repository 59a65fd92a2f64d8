"""Credit records waiting for a step nobody can take are told to the bureau above: a kaifeng
demo's county (祥符区) had its training's records waiting for its own department's
registration (§五(一)), which no account held; the city's department may not take it on a
county's school, so nothing moved, the city admin was told nothing, and the dashboard read the
county's average as 0. Once someone holds the role there, the notice goes."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from portal import clock
from portal.domain import UserRole
from portal.extensions import db
from portal.models import OrgUnit, User
from portal.services import reviews
from portal.services.accounts import create_user, hash_password
from tests.support import signed_in
from tests.test_queries import counted_queries

COUNTY = "祥符区"


def _stranded(app, username):
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        return reviews.stranded(app.extensions["portal.region"], user, clock.today())


def test_records_nobody_can_register_are_told_to_the_bureau_above_until_someone_can(make_app):
    app = make_app("kaifeng", demo=True)
    assert _stranded(app, "city_admin") == ()  # the demo's county has its department's admin
    with app.app_context():  # who leaves: their account closed, nobody holds the role there
        db.session.scalar(select(User).where(User.username == "district_admin_xf")).active = False
        db.session.commit()
    with app.app_context():
        city_admin = db.session.scalar(select(User).where(User.username == "city_admin"))
        assert city_admin.roles
        with counted_queries(app) as statements:
            (found,) = reviews.stranded(app.extensions["portal.region"], city_admin, clock.today())
    assert found.unit == COUNTY and found.count > 0
    assert len(statements) == 4  # however many schools and records (tests/test_queries.py)
    city = signed_in(app, "city_admin")
    city.post("/locale/zh_Hans_CN")
    page = city.get("/admin/").get_data(as_text=True)
    assert "无人能够办理" in page and f'<span translate="no">{COUNTY}</span>：{found.count} 条记录' in page
    city.post("/locale/en")
    page = city.get("/admin/").get_data(as_text=True)
    assert "no one can take" in page and f"{found.count} records" in page
    # another district's admin is not told of a unit outside their scope; a school admin holds no bureau role
    assert _stranded(app, "district_admin") == () and _stranded(app, "school_admin") == ()
    # the county's department opened: its admin can register them, and the notice goes
    with app.app_context():
        county = db.session.scalar(select(OrgUnit).where(OrgUnit.name == COUNTY))
        create_user(None, username="county_admin", display_name="祥符区师训管理员", password_hash=hash_password("demo12345"),
                    role=UserRole.DISTRICT_ADMIN, org_unit=county)
        db.session.commit()
    assert _stranded(app, "city_admin") == ()
    assert "no one can take" not in city.get("/admin/").get_data(as_text=True)
    assert signed_in(app, "county_admin").get("/admin/reviews").status_code == 200


@pytest.mark.parametrize("region", ["qingdao", "shanxi", "ruian", "kaifeng"])
def test_records_someone_can_take_are_not_told(make_app, region):
    """A demo with someone for each waiting record: nothing is told."""
    app = make_app(region, demo=True)
    assert _stranded(app, "city_admin") == ()
    assert "no one can take" not in signed_in(app, "city_admin").get("/admin/").get_data(as_text=True)


def test_a_school_without_its_reviewer_is_told_too(make_app):
    """Ruian's core chain sends a project's results to the teacher's school: with 瑞安市玉海实验中学's
    only school admin's account closed, its teachers' results wait for nobody (an account that
    cannot sign in takes no step); the city admin reads it under the zone above the school. The
    zone's own admin is not told of a school outside their zone."""
    app = make_app("ruian", demo=True)
    with app.app_context():
        db.session.scalar(select(User).where(User.username == "school_admin_yh")).active = False
        db.session.commit()
    (found,) = _stranded(app, "city_admin")
    assert found.unit == "玉海学区" and found.count > 0
    assert _stranded(app, "district_admin") == ()  # 安阳学区's admin: its schools have their admins


def test_the_steps_nobody_can_take_are_judged_with_the_projects_organiser(make_app, monkeypatch):
    """The region's guards read the kind of unit that ran the entry's project (``AuditStep.organiser_kind``:
    kaifeng returns no result of a bureau's own training to an institution) when the home asks
    whether anyone can take a step, as the queue asks them; it read "" for every entry."""
    app = make_app("kaifeng", demo=True)
    with app.app_context():
        db.session.scalar(select(User).where(User.username == "district_admin_xf")).active = False
        db.session.commit()
    with app.app_context():
        region = app.extensions["portal.region"]
        asked, judge = [], region.audit_findings

        def recording(step):
            asked.append(step)
            return judge(step)

        monkeypatch.setattr(region, "audit_findings", recording)
        city_admin = db.session.scalar(select(User).where(User.username == "city_admin"))
        reviews.stranded(region, city_admin, clock.today())
    from_projects = [step for step in asked if step.entry_source == "enrollment"]
    assert from_projects and all(step.organiser_kind for step in from_projects)
