"""Admins list the accounts of their scope and change one: its name, its password, whether it
may sign in, its roles. Each change is audited; each refusal says why and changes nothing."""
import pytest
from sqlalchemy import event, func, select

from tests.support import PASSWORD, login, signed_in
from portal.domain import UserRole
from portal.extensions import db
from portal.models import AuditEvent, LedgerEntry, OrgUnit, RoleAssignment, Teacher, User, Workshop
from portal.services import users
from portal.services.accounts import AccountError


def user_id(app, username):
    with app.app_context():
        return db.session.scalar(select(User.id).where(User.username == username))


def unit_id(app, code):
    with app.app_context():
        return db.session.scalar(select(OrgUnit.id).where(OrgUnit.code == code))


def roles_of(app, username):
    with app.app_context():
        return sorted(db.session.execute(
            select(RoleAssignment.role, OrgUnit.code).join(OrgUnit).join(User)
            .where(User.username == username)).tuples())


def account(app, username):
    """What an admin may change of an account, as kept: name, hash, active, roles, events."""
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        events = db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.subject_type == "user_account"))
        return (user.display_name, user.password_hash, user.active, roles_of(app, username), events)


def events(app, action):
    with app.app_context():
        return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


def listed(client, **args):
    response = client.get("/admin/users", query_string=args)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_list_holds_the_accounts_of_the_admins_scope(app):
    school = listed(signed_in(app, "school_admin"))
    for name in ("teacher", "principal", "workshop_leader", "school_admin"):
        assert f">{name}</a>" in school
    for name in ("t0001", "district_admin", "city_admin", "institution"):
        assert f">{name}</a>" not in school
    district = listed(signed_in(app, "district_admin"))
    assert ">t0001</a>" in district and ">teacher</a>" in district
    assert ">city_admin</a>" not in district and ">institution</a>" not in district
    assert "第一小学" in district and "从未" in district  # roles with their units; never signed in


def test_the_list_is_searched_and_filtered_by_role_and_state(app):
    client = signed_in(app, "district_admin")
    found = listed(client, q="t000")
    assert ">t0001</a>" in found and ">teacher</a>" not in found
    assert ">principal</a>" in listed(client, q="校长")  # the display name
    found = listed(client, role="principal")
    assert ">principal</a>" in found and ">school_admin</a>" not in found
    assert "0 个账户" in listed(client, state="inactive")
    assert ">teacher</a>" in listed(client, role="nonsense")  # a stale link's filter is no filter


def test_the_list_is_paginated_in_two_queries_whatever_the_page(make_app):
    app = make_app("example", demo=True, PORTAL_PAGE_SIZE=3)
    client = signed_in(app, "city_admin")
    first, second = listed(client), listed(client, page=2)
    assert "第 1 / 3 页" in first and "第 2 / 3 页" in second
    assert ">city_admin</a>" in first and ">city_admin</a>" not in second
    with app.app_context():
        actor = db.session.scalar(select(User).where(User.username == "city_admin"))
        actor.role_set  # noqa: B018 -- the actor's roles, loaded as the request loads them
        statements = []
        listen = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listen)
        try:
            pages = [users.account_page(actor, users.AccountFilter(), page, 3) for page in (1, 2, 3)]
        finally:
            event.remove(db.engine, "before_cursor_execute", listen)
    assert len(statements) == 6  # the count and the page's rows, each time
    names = [row.username for page in pages for row in page.items]
    assert len(names) == len(set(names)) == pages[0].total == 8
    assert all(row.roles for page in pages for row in page.items)


@pytest.mark.parametrize("username", ["teacher", "workshop_leader", "institution"])
def test_only_an_admin_manages_users(app, username):
    client = signed_in(app, username)
    assert client.get("/admin/users").status_code == 403
    assert client.get(f"/admin/users/{user_id(app, 'teacher')}").status_code == 403


def test_the_new_user_page_and_the_menu_lead_to_the_list(app):
    client = signed_in(app, "principal")
    assert 'href="/admin/users"' in client.get("/admin/users/new").get_data(as_text=True)
    assert 'href="/admin/users"' in client.get("/admin/teachers").get_data(as_text=True)  # the menu's


def test_an_admin_renames_an_account_and_the_teachers_record_keeps_its_name(app):
    client = signed_in(app, "school_admin")
    teacher = user_id(app, "teacher")
    response = client.post(f"/admin/users/{teacher}/name", data={"display_name": " 张晓老师 "})
    assert response.status_code == 302
    assert "张晓老师" in client.get(f"/admin/users/{teacher}").get_data(as_text=True)
    [renamed] = events(app, "user.renamed")
    assert renamed.after == {"display_name": "张晓老师"} and renamed.subject_id == teacher
    with app.app_context():
        assert db.session.scalar(select(Teacher.name).where(Teacher.user_id == teacher)) == "张老师"


def test_a_password_reset_ends_the_users_sessions(app):
    teacher_client = signed_in(app, "teacher")
    client = signed_in(app, "district_admin")
    response = client.post(f"/admin/users/{user_id(app, 'teacher')}/password", data={"password": "fresh-start-1"})
    assert response.status_code == 302
    assert teacher_client.get("/me/").status_code == 302  # signed out
    assert login(app.test_client(), "teacher").status_code == 422
    assert login(app.test_client(), "teacher", "fresh-start-1").status_code == 302
    [reset] = events(app, "user.password_reset")
    assert reset.after == {"sessions_ended": 1, "must_change_password": True}
    assert reset.actor_id == user_id(app, "district_admin")


def test_a_deactivated_user_cannot_sign_in_and_keeps_their_record(app):
    teacher_client = signed_in(app, "teacher")
    client = signed_in(app, "school_admin")
    teacher = user_id(app, "teacher")
    with app.app_context():
        entries = db.session.scalar(select(func.count(LedgerEntry.id)).join(Teacher).where(Teacher.user_id == teacher))
    assert entries
    assert client.post(f"/admin/users/{teacher}/deactivate").status_code == 302
    assert teacher_client.get("/me/").status_code == 302
    assert login(app.test_client(), "teacher").status_code == 422
    assert ">teacher</a>" in listed(client, state="inactive")
    assert ">teacher</a>" not in listed(client, state="active")
    with app.app_context():
        assert db.session.scalar(select(func.count(LedgerEntry.id)).join(Teacher).where(Teacher.user_id == teacher)) == entries
    assert events(app, "user.deactivated")[0].after == {"sessions_ended": 1}
    assert client.post(f"/admin/users/{teacher}/reactivate").status_code == 302
    assert events(app, "user.reactivated")
    assert login(app.test_client(), "teacher").status_code == 302


def test_a_role_is_granted_and_removed(app):
    client = signed_in(app, "district_admin")
    teacher = user_id(app, "teacher")
    response = client.post(f"/admin/users/{teacher}/roles",
                           data={"role": "workshop_leader", "org_unit": unit_id(app, "ex-d")})
    assert response.status_code == 302
    assert ("workshop_leader", "ex-d") in roles_of(app, "teacher")
    assert events(app, "user.role_granted")[0].after == {"role": "workshop_leader", "org_unit": "ex-d"}
    with app.app_context():
        held = db.session.scalar(select(RoleAssignment.id).where(RoleAssignment.user_id == teacher,
                                                                 RoleAssignment.role == "workshop_leader"))
    assert client.post(f"/admin/users/{teacher}/roles/{held}/revoke").status_code == 302
    assert roles_of(app, "teacher") == [("teacher", "ex-s1")]
    assert events(app, "user.role_revoked")[0].before == {"role": "workshop_leader", "org_unit": "ex-d"}


def test_a_principal_makes_a_colleague_the_schools_admin(app):
    client = signed_in(app, "principal")
    leader = user_id(app, "workshop_leader")
    response = client.post(f"/admin/users/{leader}/roles", data={"role": "school_admin", "org_unit": unit_id(app, "ex-s1")})
    assert response.status_code == 302
    assert ("school_admin", "ex-s1") in roles_of(app, "workshop_leader")


def refused(app, client, username, path, data=None, status=422):
    """POST ``path`` (after the account's id) as ``client``: refused with ``status``, nothing
    changed; returns the page."""
    before = account(app, username)
    response = client.post(f"/admin/users/{user_id(app, username)}{path}", data=data or {})
    assert response.status_code == status
    assert account(app, username) == before
    return response.get_data(as_text=True)


def test_an_account_holding_a_role_beyond_the_admins_reach_is_read_not_changed(app):
    district = signed_in(app, "district_admin")
    assert district.post(f"/admin/users/{user_id(app, 'district_admin')}/roles",
                         data={"role": "principal", "org_unit": unit_id(app, "ex-s1")}).status_code == 302
    client = signed_in(app, "school_admin")
    page = client.get(f"/admin/users/{user_id(app, 'district_admin')}").get_data(as_text=True)
    assert "只有您的上级管理员才能修改" in page and "停用账户" not in page
    for path, data in (("/deactivate", None), ("/name", {"display_name": "改名"}),
                       ("/password", {"password": "takeover-123"})):
        assert "只有您的上级管理员才能修改" in refused(app, client, "district_admin", path, data, status=403)


def test_an_account_outside_the_scope_is_not_found(app):
    client = signed_in(app, "school_admin")
    assert client.get(f"/admin/users/{user_id(app, 't0001')}").status_code == 404
    refused(app, client, "t0001", "/deactivate", status=404)


def test_an_admin_neither_deactivates_themselves_nor_drops_their_last_admin_role(app):
    client = signed_in(app, "district_admin")
    assert "不能停用自己的账户" in refused(app, client, "district_admin", "/deactivate")
    with app.app_context():
        own = db.session.scalar(select(RoleAssignment.id).join(User).where(User.username == "district_admin"))
    assert "不能移除自己最后一个管理员角色" in refused(app, client, "district_admin", f"/roles/{own}/revoke")
    assert "请在“密码”页面" in refused(app, client, "district_admin", "/password", {"password": "new-pass-123"})
    assert client.get("/admin/users").status_code == 200  # still signed in, still an admin


def test_a_role_beyond_the_admins_rank_or_of_the_wrong_unit_is_refused(app):
    client = signed_in(app, "school_admin")
    refused(app, client, "teacher", "/roles", {"role": "district_admin", "org_unit": unit_id(app, "ex-s1")})
    district = signed_in(app, "district_admin")
    page = refused(app, district, "teacher", "/roles", {"role": "school_admin", "org_unit": unit_id(app, "ex-d")})
    assert "学校管理员属于学校" in page
    page = refused(app, district, "teacher", "/roles", {"role": "teacher", "org_unit": unit_id(app, "ex-s1")})
    assert 'value="teacher"' not in page  # a teacher's role comes with their record: not offered
    page = refused(app, district, "principal", "/roles", {"role": "principal", "org_unit": unit_id(app, "ex-s1")})
    assert "已在该单位担任此角色" in page


def test_the_service_refuses_what_the_form_would_not_offer(app):
    with app.app_context():
        actor = db.session.scalar(select(User).where(User.username == "school_admin"))
        teacher = db.session.scalar(select(User.id).where(User.username == "teacher"))
        school = db.session.scalar(select(OrgUnit.id).where(OrgUnit.code == "ex-s1"))
        for role, code in ((UserRole.CITY_ADMIN, "not_assignable"), (UserRole.TEACHER, "teacher_needs_record")):
            with pytest.raises(AccountError) as refusal:
                users.grant_role(actor, teacher, role, school)
            assert refusal.value.code == code
    assert roles_of(app, "teacher") == [("teacher", "ex-s1")]


def test_a_teachers_role_and_an_accounts_last_role_stay(app):
    client = signed_in(app, "school_admin")
    with app.app_context():
        held = {u: db.session.scalar(select(RoleAssignment.id).join(User).where(User.username == u))
                for u in ("teacher", "principal")}
    assert "教师的角色随其教师档案保留" in refused(app, client, "teacher", f"/roles/{held['teacher']}/revoke")
    district = signed_in(app, "district_admin")
    assert "账户至少保留一个角色" in refused(app, district, "principal", f"/roles/{held['principal']}/revoke")


def test_the_schools_admin_neither_makes_a_principal_nor_changes_one(app):
    """The school's admin is the principal's appointee: ranked with them for the school's steps,
    but a principal is made from above (or by a principal), and their account is not the
    school admin's to reset (a review found a school admin could take the principal's password)."""
    school = signed_in(app, "school_admin")
    refused(app, school, "principal", "/password", {"password": "another-pass-1"}, status=403)
    refused(app, school, "teacher", "/roles", {"role": "principal", "org_unit": unit_id(app, "ex-s1")})
    assert 'value="principal"' not in school.get("/admin/users/new").get_data(as_text=True)
    principal = signed_in(app, "principal")
    assert 'value="school_admin"' in principal.get("/admin/users/new").get_data(as_text=True)


def test_a_short_password_is_refused_with_its_reason(app):
    client = signed_in(app, "school_admin")
    assert "至少 8 个字符" in refused(app, client, "teacher", "/password", {"password": "short"})
    assert 'id="display_name-error"' in refused(app, client, "teacher", "/name", {"display_name": "  "})


def test_the_refusal_in_english(app):
    client = signed_in(app, "district_admin")
    client.post("/locale/en", data={"next": "/"})
    assert "You may not deactivate your own account." in refused(app, client, "district_admin", "/deactivate")


def test_the_account_page_forms_carry_a_csrf_token_and_a_post_without_one_changes_nothing(make_app):
    app = make_app("example", demo=True, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    token = client.get("/login").get_data(as_text=True).split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client.post("/login", data={"username": "school_admin", "password": PASSWORD, "csrf_token": token})
    page = client.get(f"/admin/users/{user_id(app, 'teacher')}").get_data(as_text=True)
    assert page.count('name="csrf_token"') >= 4  # name, password, deactivate, grant (and the menu's)
    refused(app, client, "teacher", "/deactivate", status=400)


def led_workshop(app) -> tuple[int, str]:
    with app.app_context():
        return db.session.execute(select(Workshop.id, Workshop.name)).one()


def test_a_workshop_leader_is_deactivated_only_once_their_workshops_are_handed_on(app):
    """An account that can no longer sign in would leave its workshops' members without a
    leader: deactivating it is refused, naming its workshops, and its page links each one's
    settings (where the admin above it hands it on) before the button."""
    workshop_id, name = led_workshop(app)
    leader = user_id(app, "workshop_leader")
    district = signed_in(app, "district_admin")
    page = district.get(f"/admin/users/{leader}").get_data(as_text=True)
    link = f'href="/admin/workshops/{workshop_id}"'
    assert link in page and page.index(link) < page.index(">停用账户</button>")
    page = refused(app, district, "workshop_leader", "/deactivate")
    assert f"该账户仍是以下工作坊的坊主：{name}。" in page and link in page
    school = signed_in(app, "school_admin")  # manages the account (of ex-s1), not the district's workshop
    page = refused(app, school, "workshop_leader", "/deactivate")
    assert name in page and link not in page and "由上级单位的管理员移交" in page
    with app.app_context():
        admin = db.session.scalar(select(User).where(User.username == "district_admin"))
        with pytest.raises(AccountError) as refusal:
            users.set_active(admin, leader, False)
        assert (refusal.value.code, refusal.value.workshops) == ("leads_workshops", (name,))
    assert district.post(f"/admin/workshops/{workshop_id}", data={"name": name, "leader": "teacher"}).status_code == 303
    assert link not in district.get(f"/admin/users/{leader}").get_data(as_text=True)
    assert district.post(f"/admin/users/{leader}/deactivate").status_code == 302
    assert events(app, "user.deactivated")[0].subject_id == leader


def test_the_workshops_refusal_in_english(app):
    _, name = led_workshop(app)
    client = signed_in(app, "district_admin")
    client.post("/locale/en", data={"next": "/"})
    page = refused(app, client, "workshop_leader", "/deactivate")
    assert f"This account still leads these workshops: {name}." in page
