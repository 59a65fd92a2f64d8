"""The bureau sets workshops up (工作坊管理): an admin above a unit creates a workshop with its
leader (坊主), renames it, hands it to another leader or removes it; each change audited, each
refusal a 4xx that keeps nothing.

The example demo: 示例区小学语文工作坊 (primary 语文 below the district ex-d, led by
``workshop_leader``); 张老师 (``teacher``, 第一小学 ex-s1, primary 语文) and 李老师 (``t0001``,
第二小学 ex-s2, primary 数学); ``school_admin`` administers ex-s1 only."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from portal.domain import SchoolStage, UserRole
from portal.extensions import db
from portal.models import AuditEvent, OrgUnit, RoleAssignment, User, Workshop
from portal.services import workshops
from tests.support import signed_in
from tests.test_queries import queries


def unit_id(app, code: str) -> int:
    with app.app_context():
        return db.session.scalar(select(OrgUnit.id).where(OrgUnit.code == code))


def demo_workshop(app) -> int:
    with app.app_context():
        return db.session.scalar(select(Workshop.id))


def state(app) -> tuple:
    """Everything a refusal must leave as it was: the workshops, the roles, the audit trail
    (but for signing in)."""
    with app.app_context():
        return (db.session.execute(select(Workshop.id, Workshop.name, Workshop.leader_id).order_by(Workshop.id)).all(),
                db.session.scalar(select(func.count(RoleAssignment.id))),
                db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action != "user.signed_in")))


def events(app, action: str) -> list[AuditEvent]:
    with app.app_context():
        return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


def new_workshop(app, **fields) -> dict:
    return {"name": "示例区小学数学工作坊", "org_unit": unit_id(app, "ex-d"), "subject": " 数学 ",
            "stage": SchoolStage.PRIMARY.value, "leader": "t0001", **fields}


def test_a_district_admin_sets_a_workshop_up_and_its_new_leader_follows_its_members(app):
    district = signed_in(app, "district_admin")
    answer = district.post("/admin/workshops/new", data=new_workshop(app))
    assert answer.status_code == 303
    with app.app_context():
        workshop = db.session.scalar(select(Workshop).where(Workshop.name == "示例区小学数学工作坊"))
        assert (workshop.org_unit.code, workshop.subject, workshop.stage) == ("ex-d", "数学", "primary")
        leader = workshop.leader
        assert leader.username == "t0001" and leader.role_set == {UserRole.TEACHER, UserRole.WORKSHOP_LEADER}
        granted = next(a for a in leader.roles if a.role == UserRole.WORKSHOP_LEADER)
        assert granted.org_unit.code == "ex-d"
        workshop_id = workshop.id
    [created] = [e for e in events(app, "workshop.created") if e.subject_id == workshop_id]
    assert created.after["leader"] == "t0001" and created.after["subject"] == "数学"
    assert [e.after for e in events(app, "user.role_granted")] == [{"role": "workshop_leader", "org_unit": "ex-d"}]
    listed = district.get("/admin/workshops").get_data(as_text=True)
    assert "示例区小学数学工作坊" in listed and f'href="/admin/workshops/{workshop_id}"' in listed
    leader = signed_in(app, "t0001")
    members = leader.get(f"/workshops/{workshop_id}")
    assert members.status_code == 200 and "李老师" in members.get_data(as_text=True)


def test_a_leader_who_holds_the_role_already_is_not_granted_it_again(app):
    district = signed_in(app, "district_admin")
    assert district.post("/admin/workshops/new", data=new_workshop(app, leader="workshop_leader")).status_code == 303
    assert events(app, "user.role_granted") == []


def test_handing_a_workshop_to_another_leader_takes_the_members_from_the_one_before(app):
    workshop_id = demo_workshop(app)
    old = signed_in(app, "workshop_leader")
    assert old.get(f"/workshops/{workshop_id}").status_code == 200
    district = signed_in(app, "district_admin")
    answer = district.post(f"/admin/workshops/{workshop_id}", data={"name": "示例区小学语文坊", "leader": "teacher"})
    assert answer.status_code == 303
    [changed] = events(app, "workshop.changed")
    assert changed.before == {"name": "示例区小学语文工作坊", "leader": "workshop_leader"}
    assert changed.after == {"name": "示例区小学语文坊", "leader": "teacher"}
    new = signed_in(app, "teacher")
    page = new.get(f"/workshops/{workshop_id}")
    assert page.status_code == 200 and "示例区小学语文坊" in page.get_data(as_text=True)
    assert old.get(f"/workshops/{workshop_id}").status_code == 404
    assert "张老师" not in old.get("/admin/teachers").get_data(as_text=True)


def test_removing_a_workshop_deletes_it_and_the_audit_keeps_what_it_was(app):
    workshop_id = demo_workshop(app)
    leader = signed_in(app, "workshop_leader")
    assert leader.post(f"/workshops/{workshop_id}/summary", data={"summary": "本坊学员均已完成。"}).status_code == 303
    district = signed_in(app, "district_admin")
    answer = district.post(f"/admin/workshops/{workshop_id}/remove")
    assert answer.status_code == 303 and answer.headers["Location"].endswith("/admin/workshops")
    with app.app_context():
        assert db.session.get(Workshop, workshop_id) is None
    [removed] = events(app, "workshop.removed")
    assert removed.subject_id == workshop_id and removed.before == {
        "name": "示例区小学语文工作坊", "org_unit": "ex-d", "subject": "语文", "stage": "primary",
        "leader": "workshop_leader", "summary": "本坊学员均已完成。"}
    assert leader.get(f"/workshops/{workshop_id}").status_code == 404
    assert district.get(f"/admin/workshops/{workshop_id}").status_code == 404
    assert district.post(f"/admin/workshops/{workshop_id}/remove").status_code == 404


@pytest.mark.parametrize("admin, fields, message", [
    ("school_admin", {"org_unit": "ex-d", "leader": "teacher"}, "不是有效的选择。"),  # a unit above theirs is no choice
    ("city_admin", {"org_unit": "ex-i"}, "不是有效的选择。"),  # an institution holds no teachers
    ("school_admin", {"org_unit": "ex-s1", "leader": "t0001"}, "您所辖单位中没有使用此用户名的有效用户。"),  # of ex-s2
    ("district_admin", {"leader": "nobody"}, "您所辖单位中没有使用此用户名的有效用户。"),
    ("district_admin", {"subject": "语文"}, "该单位已有此学科、此学段的工作坊。"),
    ("district_admin", {"subject": " 语文　"}, "该单位已有此学科、此学段的工作坊。"),  # trimmed, a full-width space too
    ("district_admin", {"name": "  "}, "该字段是必填字段。"),
    ("district_admin", {"subject": ""}, "该字段是必填字段。"),
    ("district_admin", {"stage": "college"}, "不是有效的选择。"),
    ("district_admin", {"name": "长" * 121}, "字段长度"),
])
def test_a_workshop_refused_is_a_422_that_keeps_nothing(app, admin, fields, message):
    before = state(app)
    units = {k: unit_id(app, v) for k, v in fields.items() if k == "org_unit"}
    answer = signed_in(app, admin).post("/admin/workshops/new", data=new_workshop(app, **{**fields, **units}))
    assert answer.status_code == 422 and message in answer.get_data(as_text=True)
    assert state(app) == before


@pytest.mark.parametrize("field, code, fields", [
    ("org_unit", "out_of_scope", {"org_unit_id": "ex-d"}),
    ("org_unit", "not_for_workshop", {"org_unit_id": "ex-i"}),
    ("leader", "not_found", {"leader": "city_admin"}),  # a user above the admin's units
])
def test_the_service_checks_what_the_form_offers(app, field, code, fields):
    """The form offers only the admin's units; the use case refuses the others all the same."""
    before = state(app)
    admin = "school_admin" if code == "out_of_scope" else "city_admin" if code == "not_for_workshop" else "district_admin"
    arguments = {"name": "x", "org_unit_id": unit_id(app, "ex-s1"), "subject": "数学", "stage": SchoolStage.PRIMARY,
                 "leader": "teacher", **fields}
    if isinstance(arguments["org_unit_id"], str):
        arguments["org_unit_id"] = unit_id(app, arguments["org_unit_id"])
    with app.test_request_context(), pytest.raises(workshops.WorkshopInvalid) as refused:
        workshops.create(db.session.scalar(select(User).where(User.username == admin)), **arguments)
    assert (refused.value.field, refused.value.code) == (field, code)
    assert state(app) == before


@pytest.mark.parametrize("data, message", [
    ({"name": " ", "leader": "teacher"}, "该字段是必填字段。"),
    ({"name": "新名称", "leader": "t0001"}, None),  # of ex-s2, inside the district: accepted
    ({"name": "新名称", "leader": "province_admin"}, "您所辖单位中没有使用此用户名的有效用户。"),
    ({"name": "新名称", "leader": ""}, "该字段是必填字段。"),
])
def test_an_edit_refused_is_a_422_that_keeps_nothing(app, data, message):
    workshop_id = demo_workshop(app)
    before = state(app)
    answer = signed_in(app, "district_admin").post(f"/admin/workshops/{workshop_id}", data=data)
    if message is None:
        assert answer.status_code == 303 and state(app) != before
        return
    assert answer.status_code == 422 and message in answer.get_data(as_text=True)
    assert state(app) == before


def test_no_admin_changes_a_workshop_outside_their_units(app):
    workshop_id = demo_workshop(app)
    before = state(app)
    school = signed_in(app, "school_admin")  # ex-s1 lies below the workshop's ex-d, not above it
    assert school.get(f"/admin/workshops/{workshop_id}").status_code == 404
    assert school.post(f"/admin/workshops/{workshop_id}", data={"name": "x", "leader": "teacher"}).status_code == 404
    assert school.post(f"/admin/workshops/{workshop_id}/remove").status_code == 404
    assert "示例区小学语文工作坊" not in school.get("/admin/workshops").get_data(as_text=True)
    for username in ("teacher", "workshop_leader", "institution"):
        other = signed_in(app, username)
        assert other.get("/admin/workshops").status_code == 403
        assert other.post("/admin/workshops/new", data=new_workshop(app)).status_code == 403
        assert other.post(f"/admin/workshops/{workshop_id}/remove").status_code == 403
    assert state(app) == before


def test_the_list_pages_in_sql_and_counts_each_workshops_members(app):
    """The list shows each workshop's members as its page counts them, and costs the same
    queries whatever the page's size."""
    district = signed_in(app, "district_admin")
    for n, subject in enumerate(("数学", "英语", "科学", "音乐")):
        data = new_workshop(app, name=f"坊{n}", subject=subject, leader="workshop_leader")
        assert district.post("/admin/workshops/new", data=data).status_code == 303
    app.config["PORTAL_PAGE_SIZE"] = 2
    names = [re.findall(r'<strong translate="no">([^<]+)</strong>', district.get(f"/admin/workshops?page={n}")
                        .get_data(as_text=True)) for n in (1, 2, 3, 9)]
    assert [len(page) for page in names] == [2, 2, 1, 1] and names[3] == names[2]  # a page past the last: the last
    assert sorted(sum(names[:3], [])) == sorted(["坊0", "坊1", "坊2", "坊3", "示例区小学语文工作坊"])
    assert "第 1 / 3 页" in district.get("/admin/workshops").get_data(as_text=True)
    few = queries(app, "district_admin", "/admin/workshops")
    app.config["PORTAL_PAGE_SIZE"] = 40
    listed = district.get("/admin/workshops").get_data(as_text=True)
    assert queries(app, "district_admin", "/admin/workshops") == few
    shown = dict(re.findall(r'<strong translate="no">([^<]+)</strong>.*?共 (\d+) 名学员', listed, re.S))
    assert shown == {"示例区小学语文工作坊": "1", "坊0": "1", "坊1": "0", "坊2": "0", "坊3": "0"}  # 张老师; 李老师


def test_the_menu_and_the_home_lead_admins_to_the_workshops(app):
    for username in ("district_admin", "school_admin"):
        page = signed_in(app, username).get("/admin/").get_data(as_text=True)
        assert page.count('href="/admin/workshops"') == 2  # the menu's link and the home's button
    for username in ("teacher", "workshop_leader"):
        assert 'href="/admin/workshops"' not in signed_in(app, username).get("/").get_data(as_text=True)


def test_the_workshop_reports_rows_open_the_workshops_settings(make_app):
    app = make_app("kaifeng", demo=True)
    workshop_id = demo_workshop(app)
    city = signed_in(app, "city_admin")
    assert f'href="/admin/workshops/{workshop_id}"' in city.get("/admin/reports/workshop_progress").get_data(as_text=True)
    page = city.get(f"/admin/workshops/{workshop_id}")
    assert page.status_code == 200 and re.search(r'<input [^>]*name="leader"[^>]*value="workshop_leader"',
                                                 page.get_data(as_text=True))


def test_a_twin_set_up_behind_the_check_is_refused_as_a_duplicate_not_a_500(app, monkeypatch):
    """Two admins setting the same workshop up at the same moment both pass the check; the
    database's unique index refuses the later one, who reads what the check would have said.
    The twin is inserted behind the service's back: after its check, before its insert."""
    choose = workshops._leader

    def twin_then_leader(actor, scope, username, unit):
        db.session.execute(Workshop.__table__.insert().values(
            org_unit_id=unit.id, name="另一位管理员设立的工作坊", subject="数学", stage=SchoolStage.PRIMARY.value,
            leader_id=db.session.scalar(select(User.id).where(User.username == "workshop_leader"))))
        return choose(actor, scope, username, unit)

    district = signed_in(app, "district_admin")
    before = state(app)
    monkeypatch.setattr(workshops, "_leader", twin_then_leader)
    answer = district.post("/admin/workshops/new", data=new_workshop(app))
    assert answer.status_code == 422 and "该单位已有此学科、此学段的工作坊。" in answer.get_data(as_text=True)
    assert state(app) == before  # the refusal keeps nothing, the role it would have granted neither


def test_a_workshop_is_never_handed_to_a_deactivated_account(app):
    """Nobody leads a workshop who cannot sign in: neither a new one nor one handed on."""
    workshop_id = demo_workshop(app)
    with app.app_context():
        teacher = db.session.scalar(select(User.id).where(User.username == "t0001"))
    district = signed_in(app, "district_admin")
    assert district.post(f"/admin/users/{teacher}/deactivate").status_code == 302
    before = state(app)
    for path, data in ((f"/admin/workshops/{workshop_id}", {"name": "示例区小学语文工作坊", "leader": "t0001"}),
                       ("/admin/workshops/new", new_workshop(app))):
        answer = district.post(path, data=data)
        assert answer.status_code == 422
        assert "您所辖单位中没有使用此用户名的有效用户。" in answer.get_data(as_text=True)
    assert state(app) == before
