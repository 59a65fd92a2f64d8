"""Every page checks who may see it: school admins their school, teachers their own record."""
import pytest
from sqlalchemy import select

from tests.support import login
from portal.extensions import db
from portal.models import OrgUnit, Teacher


def teacher_id(app, username):
    with app.app_context():
        return db.session.scalar(select(Teacher.id).join(Teacher.user).where(Teacher.user.property.mapper.class_.username == username))


def unit_id(app, code):
    with app.app_context():
        return db.session.scalar(select(OrgUnit.id).where(OrgUnit.code == code))


def test_teacher_cannot_open_admin_pages(app, client):
    login(client, "teacher")
    for url in ("/admin/", "/admin/teachers", "/admin/orgs", "/admin/users/new", "/admin/users",
                f"/admin/teachers/{teacher_id(app, 't0001')}"):
        assert client.get(url).status_code == 403, url


def test_admin_without_teacher_role_has_no_teacher_home(client):
    login(client, "school_admin")
    assert client.get("/me/").status_code == 403


def test_anonymous_users_are_sent_to_sign_in(client):
    for url in ("/me/", "/admin/", "/admin/teachers"):
        response = client.get(url)
        assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_school_admin_sees_only_their_school(app, client):
    login(client, "school_admin")
    page = client.get("/admin/teachers").get_data(as_text=True)
    assert "张老师" in page and "李老师" not in page
    assert client.get(f"/admin/teachers/{teacher_id(app, 'teacher')}").status_code == 200
    assert client.get(f"/admin/teachers/{teacher_id(app, 't0001')}").status_code == 404


def test_school_admin_search_does_not_leak_other_schools(client):
    login(client, "school_admin")
    page = client.get("/admin/teachers?q=李").get_data(as_text=True)
    assert "李老师" not in page


def test_district_admin_sees_both_schools(app, client):
    login(client, "district_admin")
    page = client.get("/admin/teachers").get_data(as_text=True)
    assert "张老师" in page and "李老师" in page
    assert client.get(f"/admin/teachers/{teacher_id(app, 't0001')}").status_code == 200


def test_org_tree_outside_scope_is_404(app, client):
    login(client, "school_admin")
    assert client.get(f"/admin/orgs/{unit_id(app, 'ex-d')}").status_code == 404
    login(client, "district_admin")
    assert client.get(f"/admin/orgs/{unit_id(app, 'ex-d')}").status_code == 200


def test_org_tree_counts_teachers_below_each_unit(client):
    login(client, "city_admin")
    page = client.get("/admin/orgs").get_data(as_text=True)
    assert "示例区" in page and "2 位教师" in page


def test_org_tree_shows_a_code_only_as_the_import_sheets_ask_for_it(app, client):
    """An admin imports sheets that name units by their codes: each unit, their own included
    (the parent of the units they import), shows its code, labelled as the sheets' code."""
    login(client, "city_admin")
    page = client.get("/admin/orgs").get_data(as_text=True)
    assert "导入表中填写的代码：ex-c" in page and "导入表中填写的代码：ex-d" in page
    fragment = client.get(f"/admin/orgs/{unit_id(app, 'ex-d')}", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "导入表中填写的代码：ex-s1" in fragment
    assert "单位代码 ex-" not in page + fragment


def test_org_children_come_as_a_fragment_for_htmx(app, client):
    login(client, "city_admin")
    response = client.get(f"/admin/orgs/{unit_id(app, 'ex-d')}", headers={"HX-Request": "true"})
    body = response.get_data(as_text=True)
    assert "第一小学" in body and "<html" not in body


@pytest.mark.parametrize("username", ["school_admin", "principal", "district_admin", "city_admin",
                                      "province_admin", "institution", "workshop_leader"])
def test_each_admin_role_has_a_home(client, username):
    login(client, username)
    response = client.get("/admin/")
    assert response.status_code == 200


def test_admin_home_counts_entries_awaiting_the_school_admin(client):
    login(client, "school_admin")
    page = client.get("/admin/").get_data(as_text=True)
    assert 'class="card link attention"' in page  # the example demo has one entry awaiting school review


def test_institution_staff_see_no_teachers(client):
    login(client, "institution")
    assert client.get("/admin/teachers").status_code == 403


def test_teacher_list_is_paginated_and_searchable(make_app):
    app = make_app("qingdao", demo=True, PORTAL_PAGE_SIZE=10)
    client = app.test_client()
    login(client, "district_admin")
    first = client.get("/admin/teachers").get_data(as_text=True)
    assert "第 1 / " in first and "?page=2" in first
    second = client.get("/admin/teachers?page=2").get_data(as_text=True)
    assert "第 2 / " in second
    fragment = client.get("/admin/teachers?page=2", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" not in fragment and "第 2 / " in fragment
    assert client.get("/admin/teachers?page=999").status_code == 200
