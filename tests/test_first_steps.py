"""A new deployment's first steps stay on the admin's home each until it is done, and the card
goes when all are: the teachers imported, their credits from before the portal, every school's
activation codes, the schools' admins. They all vanished the moment one teacher activated an
account (an onboarding trial), though the credits and the admins were still to come."""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from portal.domain import OrgKind, UserRole
from portal.extensions import db
from portal.models import LedgerEntry, OrgUnit, RoleAssignment, Teacher, User
from portal.services import activation
from portal.services.accounts import hash_password
from portal.services.ledger import explanation_for
from portal.services.orgs import add_unit
from tests.support import choose_own_password, login

STEPS = {"units": 'href="/admin/imports"', "credits": 'href="/admin/imports#credits"',
         "activation": 'href="/admin/activation', "admins": 'href="/admin/users/new"'}


def _listed(client) -> set[str]:
    home = client.get("/", follow_redirects=True).get_data(as_text=True)
    card = re.search(r'<section class="panel first-steps">(.*?)</section>', home, re.S)
    return {step for step, link in STEPS.items() if card and link in card.group(1)}


def _new_deployment(make_app):
    """A province set up with its first admin and nothing else, and a client signed in as them."""
    app = make_app("shanxi")
    assert app.test_cli_runner().invoke(args=["setup", "140000", "山西省教育厅", "--kind", "province", "--admin",
                                              "sx_admin", "--admin-name", "李老师", "--password", "secret123"]).exit_code == 0
    client = app.test_client()
    login(client, "sx_admin", "secret123")
    choose_own_password(client, "secret123")
    return app, client


def test_each_first_step_stays_until_it_is_done(make_app):
    app, client = _new_deployment(make_app)
    assert _listed(client) == set(STEPS)  # nothing yet

    with app.app_context():
        root = db.session.scalar(select(OrgUnit))
        one = add_unit(root, OrgKind.SCHOOL, "14010501", "太原市小店区第一小学")
        two = add_unit(root, OrgKind.SCHOOL, "14010502", "太原市小店区第二小学")
        for school, name, number in ((one, "王丽", "140105198803150024"), (two, "张伟", "140105198601010015")):
            db.session.add(Teacher(school=school, name=name, gender="female", id_number=number, stages=["primary"]))
        db.session.commit()
        admin_id = db.session.scalar(select(User.id).where(User.username == "sx_admin"))
        one_id, two_id = one.id, two.id
    assert _listed(client) == {"credits", "activation", "admins"}  # imported

    with app.app_context():  # a teacher of the first school opens an account: the second school's codes wait
        db.session.scalar(select(Teacher).where(Teacher.school_id == one_id)).user_id = admin_id
        db.session.commit()
    assert _listed(client) == {"credits", "activation", "admins"}
    with app.app_context():  # the second school's codes issued
        assert activation.issue(db.session.get(User, admin_id), two_id) is not None
    assert _listed(client) == {"credits", "admins"}


    with app.app_context():  # a credit from before the portal, imported
        teacher = db.session.scalar(select(Teacher).where(Teacher.school_id == one_id))
        db.session.add(LedgerEntry(teacher_id=teacher.id, source="manual", activity_date=date(2020, 5, 1),
                                   hours=Decimal(10), amount=Decimal(1), unit="credit", category="A",
                                   title="历史学分", facts={}, explanation_id=explanation_for([]), rule_version="t",
                                   audit_state="registered", import_key="k" * 32))
        db.session.commit()
    assert _listed(client) == {"admins"}
    with app.app_context():  # a school's admin added
        user = User(username="school1", display_name="赵老师", password_hash="x")
        db.session.add(user)
        db.session.flush()
        db.session.add(RoleAssignment(user_id=user.id, role=UserRole.SCHOOL_ADMIN.value, org_unit_id=one_id))
        db.session.commit()
    assert _listed(client) == set()
    assert "开始使用" not in client.get("/", follow_redirects=True).get_data(as_text=True)


def test_a_deployment_with_no_credits_from_before_the_portal_is_not_kept_on_its_first_steps(make_app):
    """Importing historical credits is a step only where there are any: once the teachers, the
    codes and the schools' admins are in place, the card goes, though none was imported (it was
    kept for good on the home of a bureau with nothing to import)."""
    app, client = _new_deployment(make_app)
    with app.app_context():
        school = add_unit(db.session.scalar(select(OrgUnit)), OrgKind.SCHOOL, "14010501", "太原市小店区第一小学")
        db.session.add(Teacher(school=school, name="王丽", gender="female", id_number="140105198803150024",
                               stages=["primary"]))
        user = User(username="school1", display_name="赵老师", password_hash=hash_password("secret123"))
        db.session.add(user)
        db.session.flush()
        db.session.add(RoleAssignment(user_id=user.id, role=UserRole.SCHOOL_ADMIN.value, org_unit_id=school.id))
        db.session.commit()
        admin = db.session.scalar(select(User).where(User.username == "sx_admin"))
        assert activation.issue(admin, school.id) is not None
    assert _listed(client) == set()
    assert "开始使用" not in client.get("/", follow_redirects=True).get_data(as_text=True)
    # nor on the school's own admin, the only one there: the bureau sets schools up (a second
    # read found the card kept for good on such a school's home, asking for another admin)
    client.post("/logout")
    login(client, "school1", "secret123")
    assert "开始使用" not in client.get("/", follow_redirects=True).get_data(as_text=True)


def test_a_teachers_claim_of_an_earlier_training_is_no_import_of_historical_credits(make_app):
    """Only an imported credit does the historical-credits step: a teacher's entry dated before
    their record was made (a claim of this year's earlier training, right after the import) did."""
    app, client = _new_deployment(make_app)
    with app.app_context():
        school = add_unit(db.session.scalar(select(OrgUnit)), OrgKind.SCHOOL, "14010501", "太原市小店区第一小学")
        teacher = Teacher(school=school, name="王丽", gender="female", id_number="140105198803150024", stages=["primary"])
        db.session.add(teacher)
        db.session.flush()
        db.session.add(LedgerEntry(teacher_id=teacher.id, source="claim", activity_date=date(2020, 5, 1),
                                   hours=Decimal(10), amount=Decimal(1), unit="credit", category="A",
                                   title="自行申报", facts={}, explanation_id=explanation_for([]), rule_version="t",
                                   audit_state="registered"))
        db.session.commit()
    assert "credits" in _listed(client)


@pytest.mark.parametrize("region", ["qingdao", "kaifeng", "ruian", "shanxi"])
def test_a_demo_deployment_in_use_shows_no_first_steps(make_app, region):
    app = make_app(region, demo=True)
    client = app.test_client()
    for user in ("city_admin", "district_admin", "school_admin"):
        login(client, user)
        assert _listed(client) == set(), user
        client.post("/logout")


def test_a_calendar_the_bureau_has_not_saved_is_a_first_step_where_the_regions_defaults_hold(make_app):
    """A region whose calendar gives default dates for every term (its defaults are in force) still
    has its bureau check and save this term's: the calendar page says the dates are not confirmed,
    and the README lists the calendar among the first steps. A fresh deployment's home listed the
    calendar only where the region gave no dates for the term, so one bureau was never led to it."""
    app = make_app("kaifeng")
    assert app.test_cli_runner().invoke(args=["setup", "410200", "开封市教育局", "--kind", "city", "--admin",
                                              "kf_admin", "--admin-name", "刘科长", "--password", "secret123"]).exit_code == 0
    client = app.test_client()
    login(client, "kf_admin", "secret123")
    choose_own_password(client, "secret123")

    def card():
        home = client.get("/", follow_redirects=True).get_data(as_text=True)
        found = re.search(r'<section class="panel first-steps">(.*?)</section>', home, re.S)
        return found.group(1) if found else ""

    assert 'href="/calendar"' in card()
    with app.app_context():
        from portal.services import calendar
        admin = db.session.scalar(select(User).where(User.username == "kf_admin"))
        region = app.extensions["portal.region"]
        calendar.save(region, admin, calendar.calendar_view(region, date.today()).phases)
    assert 'href="/calendar"' not in card() and "/admin/imports" in card()  # saved: the other steps stay
