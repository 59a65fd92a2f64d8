"""`portal setup`: a new deployment's own unit and first admin, on an empty database, from
which the admin runs everything else in the pages."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import AuditEvent, OrgUnit, User
from tests.support import BUNDLED_REGIONS, choose_own_password, login

SETUP = ["setup", "330381", "瑞安市教育局", "--kind", "city", "--admin", "ra_admin", "--admin-name", "王主任"]


def counts(app):
    with app.app_context():
        return (db.session.scalar(select(func.count(OrgUnit.id))), db.session.scalar(select(func.count(User.id))))


@pytest.mark.parametrize("region", BUNDLED_REGIONS)
def test_setup_adds_the_bureaus_unit_and_an_admin_who_signs_in_and_imports_the_rest(make_app, region):
    app = make_app(region)
    result = app.test_cli_runner().invoke(args=SETUP, input="secret123\nsecret123\n")
    assert result.exit_code == 0, result.output
    assert "ra_admin" in result.output and f"the {region} region's portal" in result.output  # which one it set up
    assert "+psycopg" not in result.output, "the database as DATABASE_URL names it"
    with app.app_context():
        admin = db.session.scalar(select(User).where(User.username == "ra_admin"))
        assert [(r.role, r.org_unit.name) for r in admin.roles] == [("city_admin", "瑞安市教育局")]
        assert set(db.session.scalars(select(AuditEvent.action))) == {"org_unit.created", "user.created"}
    client = app.test_client()
    response = login(client, "ra_admin", "secret123")
    assert response.status_code == 302
    # the password was typed on the command line: the admin chooses their own first
    assert response.headers["Location"].endswith("/account/password")
    choose_own_password(client, "secret123")
    home = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert "开始使用" in home and "/admin/imports" in home and "/admin/activation" in home  # the first steps, linked
    assert "各项要求均已完成" not in home and "/ 0<" not in home  # no figures of no teacher (0 / 0)
    if region == "ruian":  # its notice dates one term: a new term's calendar is the bureau's to set first
        assert "设定本学期的选课进程" in home and 'href="/calendar"' in home
        teacher_side = client.get("/calendar").get_data(as_text=True)  # the editor's page: seeded from 2019, not in force
        assert "未设选课进程：项目发布后即可选课" not in teacher_side
    menu = re.search(r'<nav class="menu">(.*?)</nav>', home, re.S).group(1)
    for page in {*re.findall(r'<a href="([^"]+)"', menu), "/admin/imports", "/admin/users/new"}:
        assert client.get(page, follow_redirects=True).status_code == 200, page  # an empty tree breaks no page


def test_setup_is_refused_on_a_database_that_has_units(make_app):
    app = make_app("ruian", demo=True)
    before = counts(app)
    result = app.test_cli_runner().invoke(args=[*SETUP, "--password", "secret123"])
    assert result.exit_code == 1
    assert "already has org units" in result.output
    assert counts(app) == before


def test_a_refused_setup_keeps_nothing(make_app):
    app = make_app("ruian")
    short = app.test_cli_runner().invoke(args=[*SETUP, "--password", "short"])
    assert short.exit_code == 1 and "at least 8 characters" in short.output
    assert counts(app) == (0, 0)


def test_setup_checks_the_username_and_the_names_before_anything(make_app):
    app = make_app("ruian")
    runner = app.test_cli_runner()
    bad_name = runner.invoke(args=["setup", "1", "x", "--kind", "city", "--admin", "王", "--admin-name", "b",
                                   "--password", "secret123"])
    assert bad_name.exit_code == 2 and "--admin" in bad_name.output
    empty = runner.invoke(args=["setup", " ", "x", "--kind", "city", "--admin", "abc", "--admin-name", "b",
                                "--password", "secret123"])
    assert empty.exit_code == 2 and "CODE" in empty.output
    assert counts(app) == (0, 0)


def test_a_bureau_with_teachers_is_not_shown_the_first_steps(make_app):
    app = make_app("ruian", demo=True)
    client = app.test_client()
    login(client, "city_admin")
    assert "开始使用" not in client.get("/", follow_redirects=True).get_data(as_text=True)


def test_the_first_steps_stay_past_a_teachers_first_account_and_the_new_user_form_says_how_to_add_an_institution(make_app):
    """A first deployment (onboarding trial, shanxi): the home's first steps vanished the moment the
    teachers were imported, though handing out their activation codes and adding the schools' admins
    were still to come; and 培训机构人员, promised by the third step, was missing from the roles unexplained."""
    from portal.domain import OrgKind
    from portal.models import Teacher
    from portal.services.orgs import add_unit
    app = make_app("shanxi")
    assert app.test_cli_runner().invoke(args=["setup", "140000", "山西省教育厅", "--kind", "province", "--admin",
                                              "sx_admin", "--admin-name", "李老师", "--password", "secret123"]).exit_code == 0
    with app.app_context():
        root = db.session.scalar(select(OrgUnit))
        root_id = root.id
        school = add_unit(root, OrgKind.SCHOOL, "14010501", "太原市小店区第一小学")
        db.session.add(Teacher(school=school, name="王丽", gender="female", id_number="140105198803150024",
                               stages=["primary"]))
        db.session.commit()
    client = app.test_client()
    login(client, "sx_admin", "secret123")
    choose_own_password(client, "secret123")
    home = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert "开始使用" in home and "/admin/activation" in home  # imported, no account yet: the steps stay
    # a teacher's cycle began before the portal: its earlier years read as missed until their credits are imported
    assert 'href="/admin/imports#credits"' in home and "历史学分" in home
    new_user = client.get("/admin/users/new").get_data(as_text=True)
    assert "还没有培训机构" in new_user and 'href="/admin/imports"' in new_user
    with app.app_context():
        institution = add_unit(db.session.get(OrgUnit, root_id), OrgKind.INSTITUTION, "sx-inst", "山西省教育学院")
        teacher = db.session.scalar(select(Teacher))
        teacher.user_id = db.session.scalar(select(User.id).where(User.username == "sx_admin"))
        db.session.commit()
        assert institution.id
    # one teacher with an account leaves the historical credits and the schools' admins to do:
    # the steps stay until each is done (test_first_steps)
    home = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert "开始使用" in home and "历史学分" in home and "/admin/activation" not in home
    assert "还没有培训机构" not in client.get("/admin/users/new").get_data(as_text=True)


def test_the_imports_page_lists_the_units_before_the_teachers(make_app):
    """The first steps say "the units below yours, then the teachers" (whose school codes name
    those units); the page listed the teachers first."""
    app = make_app("shanxi")
    app.test_cli_runner().invoke(args=["setup", "140000", "山西省教育厅", "--kind", "province", "--admin", "sx_admin",
                                       "--admin-name", "李老师", "--password", "secret123"])
    client = app.test_client()
    login(client, "sx_admin", "secret123")
    choose_own_password(client, "secret123")
    page = client.get("/admin/imports").get_data(as_text=True)
    assert page.index('id="units"') < page.index('id="teachers"') < page.index('id="credits"')


def test_a_database_url_is_shown_as_written_with_its_password_hidden():
    from sqlalchemy.engine import make_url

    from portal.config import normalise_database_url, shown_url

    url = make_url(normalise_database_url("postgresql://portal:secret@db1:5432/portal"))
    assert shown_url(url) == "postgresql://portal:***@db1:5432/portal"
    assert shown_url(make_url("sqlite:////srv/portal.sqlite3")) == "sqlite:////srv/portal.sqlite3"
