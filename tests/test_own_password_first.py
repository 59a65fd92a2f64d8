"""A password someone else chose (an admin's new account or reset, `portal setup`) is changed
before anything else: its holder's pages lead to the password page and the API answers 403 until
they choose their own. A password its holder chose (activation, the demo's, a change) asks nothing."""
import base64

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, OrgUnit, User
from tests.support import PASSWORD, choose_own_password, login, signed_in

GIVEN = "handed-over-1"
CONVERT = "/api/rules/convert"
ACTIVITY = {"level": "county", "mode": "centralized", "hours": 10, "days": 1}
VALID_ID = "11010519491231002X"


def basic(username, password):
    return {"Authorization": "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()}


def new_teacher(app, username="wang"):
    """A teacher account the school's admin adds on 新建用户, with a password the admin chose."""
    admin = signed_in(app, "school_admin")
    with app.app_context():
        school = db.session.scalar(select(OrgUnit.id).where(OrgUnit.code == "ex-s1"))
    response = admin.post("/admin/users/new", data={
        "username": username, "display_name": "王老师", "password": GIVEN, "role": "teacher", "org_unit": school,
        "gender": "female", "id_number": VALID_ID, "stages": ["primary"]})
    assert response.status_code == 302, response.get_data(as_text=True)
    return username


def flag(app, username):
    with app.app_context():
        return db.session.scalar(select(User.must_change_password).where(User.username == username))


def assert_held_back(client):
    for page in ("/me/", "/", "/catalog/", "/notifications/", "/rules/calculator"):
        response = client.get(page)
        assert response.status_code in (302, 303) and response.headers["Location"].endswith("/account/password"), page
    assert client.post("/notifications/read").headers["Location"].endswith("/account/password")
    hx = client.get("/me/", headers={"HX-Request": "true"})
    assert hx.status_code == 204 and hx.headers["HX-Redirect"].endswith("/account/password")
    api = client.post(CONVERT, json=ACTIVITY)
    assert api.status_code == 403 and api.json["error"] == "password_change_required"
    assert "须先修改" in api.json["message"] and "must be changed first" in api.json["message"]
    assert client.get("/static/portal.css").status_code == 200


def test_a_teacher_an_admin_added_chooses_their_own_password_before_anything_else(app):
    username = new_teacher(app)
    assert flag(app, username) is True
    client = app.test_client()
    response = login(client, username, GIVEN)
    assert response.headers["Location"].endswith("/account/password")
    assert_held_back(client)
    page = client.get("/account/password")
    assert page.status_code == 200 and "您的密码由管理员设置" in page.text
    assert "/me/" not in page.text  # the header offers nothing that would only lead back here
    assert 'action="/logout"' in page.text
    # the usual rules still hold: too short, or the same one again, is refused and changes nothing
    short = client.post("/account/password", data={"current": GIVEN, "new": "short", "confirm": "short"})
    same = client.post("/account/password", data={"current": GIVEN, "new": GIVEN, "confirm": GIVEN})
    assert short.status_code == 422 and same.status_code == 422 and flag(app, username) is True
    assert_held_back(client)

    assert choose_own_password(client, GIVEN).headers["Location"].endswith("/me/")
    assert flag(app, username) is False
    assert client.get("/me/").status_code == 200 and client.get("/catalog/").status_code == 200
    assert client.post(CONVERT, json=ACTIVITY).status_code == 200
    with app.app_context():
        user = db.session.scalar(select(User.id).where(User.username == username))
        created, changed = (db.session.scalar(select(AuditEvent).where(AuditEvent.action == action,
                                                                       AuditEvent.subject_id == user))
                            for action in ("user.created", "user.password_changed"))
        assert created.after["must_change_password"] is True
        assert changed.before == {"must_change_password": True}
        assert changed.after == {"sessions_ended": 1, "must_change_password": False}
    client.post("/logout")
    assert login(client, username, "own-choice-9").headers["Location"].endswith("/me/")  # not asked again


def test_the_api_refuses_http_basic_with_an_admins_password_until_it_is_changed(app):
    username = new_teacher(app)
    refused = app.test_client().post(CONVERT, json=ACTIVITY, headers=basic(username, GIVEN))
    assert refused.status_code == 403 and refused.json["error"] == "password_change_required"
    client = app.test_client()
    login(client, username, GIVEN)
    choose_own_password(client, GIVEN)
    assert app.test_client().post(CONVERT, json=ACTIVITY, headers=basic(username, "own-choice-9")).status_code == 200


def test_a_password_an_admin_reset_is_changed_at_the_next_sign_in(app):
    assert flag(app, "teacher") is False
    admin = signed_in(app, "district_admin")
    with app.app_context():
        teacher = db.session.scalar(select(User.id).where(User.username == "teacher"))
    assert "尚未设置自己的密码" not in admin.get(f"/admin/users/{teacher}").text
    assert admin.post(f"/admin/users/{teacher}/password", data={"password": GIVEN}).status_code == 302
    assert flag(app, "teacher") is True
    assert "尚未设置自己的密码：下次登录时须先设置" in admin.get(f"/admin/users/{teacher}").text  # the admin sees it waits
    client = app.test_client()
    assert login(client, "teacher", GIVEN).headers["Location"].endswith("/account/password")
    assert_held_back(client)
    client.post("/logout")  # signing out stays open
    assert client.get("/me/").headers["Location"].startswith("/login")
    login(client, "teacher", GIVEN)
    choose_own_password(client, GIVEN)
    assert client.get("/me/").status_code == 200
    assert "尚未设置自己的密码" not in admin.get(f"/admin/users/{teacher}").text


def test_the_page_says_why_in_english(app):
    username = new_teacher(app)
    client = app.test_client()
    login(client, username, GIVEN)
    client.post("/locale/en", data={"next": "/account/password"})  # the language switch stays open
    page = client.get("/account/password").text
    assert "Your password was set by an administrator" in page


@pytest.mark.parametrize("username", ["teacher", "school_admin", "city_admin"])
def test_a_password_of_ones_own_asks_nothing(app, username):
    client = signed_in(app, username)  # the demo's accounts chose theirs
    assert client.get("/", follow_redirects=True).request.path != "/account/password"
    assert client.post(CONVERT, json=ACTIVITY).status_code == 200
    # and a change of one's own free will leaves it so
    client.post("/account/password", data={"current": PASSWORD, "new": "another-one-2", "confirm": "another-one-2"})
    assert flag(app, username) is False
    assert client.get("/account/password").status_code == 200
    assert "您的密码由管理员设置" not in client.get("/account/password").text


def test_the_first_admin_of_portal_setup_chooses_their_own_password(make_app):
    app = make_app("example")
    result = app.test_cli_runner().invoke(args=["setup", "330381", "瑞安市教育局", "--kind", "city", "--admin",
                                                "ra_admin", "--admin-name", "王主任", "--password", GIVEN])
    assert result.exit_code == 0, result.output
    client = app.test_client()
    assert login(client, "ra_admin", GIVEN).headers["Location"].endswith("/account/password")
    assert client.get("/admin/users/new").headers["Location"].endswith("/account/password")
    choose_own_password(client, GIVEN)
    assert client.get("/admin/users/new").status_code == 200


def test_a_teacher_who_opened_their_account_with_a_code_is_not_asked(app):
    """The imported teacher chooses the password on /activate: it is theirs already."""
    from portal.models import Teacher
    from portal.services import activation

    with app.app_context():
        school = db.session.scalar(select(OrgUnit).where(OrgUnit.code == "ex-s1"))
        db.session.add(Teacher(school=school, name="甲老师", gender="female", id_number=VALID_ID, stages=["primary"]))
        db.session.commit()
        admin = db.session.scalar(select(User).where(User.username == "school_admin"))
        [(_name, _masked, code)] = activation.issue(admin, school.id).rows
    client = app.test_client()
    opened = client.post("/activate", data={"id_number": VALID_ID, "code": code, "username": "jia",
                                            "new": "chosen-pass1", "confirm": "chosen-pass1"})
    assert opened.status_code == 302
    assert flag(app, "jia") is False
    assert login(client, "jia", "chosen-pass1").headers["Location"].endswith("/me/")
    assert client.get("/me/").status_code == 200


def test_the_api_document_names_the_refusal():
    from portal.web.openapi import document

    for path, operations in document()["paths"].items():
        for operation in operations.values():
            if operation.get("security") != []:
                assert "password_change_required" in operation["responses"]["403"]["description"], path


def test_the_address_signed_in_for_is_reached_once_the_password_is_changed(app):
    """A teacher following a link (a notification's, /me/ledger) to the sign-in page, with a
    password an admin reset, lost it: after choosing her own she landed on her home."""
    admin = signed_in(app, "district_admin")
    with app.app_context():
        teacher = db.session.scalar(select(User.id).where(User.username == "teacher"))
    assert admin.post(f"/admin/users/{teacher}/password", data={"password": GIVEN}).status_code == 302
    client = app.test_client()
    signed = client.post("/login?next=/me/ledger", data={"username": "teacher", "password": GIVEN})
    assert signed.headers["Location"] == "/account/password?next=/me/ledger"
    changed = client.post(signed.headers["Location"], data={"current": GIVEN, "new": "mine-own-2026",
                                                            "confirm": "mine-own-2026"})
    assert changed.status_code in (302, 303) and changed.headers["Location"].endswith("/me/ledger")
    # a foreign address is not followed, neither kept on the way
    client.post("/logout")
    assert admin.post(f"/admin/users/{teacher}/password", data={"password": GIVEN}).status_code == 302
    signed = client.post("/login?next=//evil.example/", data={"username": "teacher", "password": GIVEN})
    assert signed.headers["Location"] == "/account/password"
