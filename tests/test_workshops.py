"""A workshop leader (坊主) sees the teachers of their workshop, one subject at one school
stage below its org unit, and nobody else; they follow, they do not review.

The example demo's workshop is 示例区小学语文工作坊 (primary 语文 below the district ex-d):
张老师 (第一小学, primary 语文) is a member, 李老师 (第二小学, primary 数学) is not."""
import re
from dataclasses import replace

import pytest
from sqlalchemy import select

from portal import clock
from portal.domain import Gender, SchoolStage, Transition, UserRole
from portal.domain.idcard import check_digit
from portal.extensions import db
from portal.models import AuditEvent, LedgerEntry, OrgUnit, RoleAssignment, Teacher, User, Workshop
from portal.services import reviews
from portal.services.accounts import TeacherProfile, create_user
from portal.services.orgs import add_workshop
from portal.services.scope import Scope
from tests.support import BUNDLED_REGIONS, login
from tests.test_queries import queries

# username → (name, school, stages, subjects); members of the example workshop marked True
EXTRA = {
    "t0101": ("周语文", "ex-s2", (SchoolStage.PRIMARY,), ("语文",), True),
    "t0102": ("吴双科", "ex-s1", (SchoolStage.PRIMARY, SchoolStage.JUNIOR_HIGH), ("数学", "语文"), True),
    "t0103": ("郑初中", "ex-s1", (SchoolStage.JUNIOR_HIGH,), ("语文",), False),
    "t0104": ("王数学", "ex-s1", (SchoolStage.PRIMARY,), ("数学",), False),
    "t0105": ("冯语文课", "ex-s1", (SchoolStage.PRIMARY,), ("语文课",), False),  # another subject, not a prefix match
}
MEMBERS = {"张老师", "周语文", "吴双科"}
OTHERS = {"李老师", "郑初中", "王数学", "冯语文课"}


def unit(code):
    return db.session.scalar(select(OrgUnit).where(OrgUnit.code == code))


def user(username):
    return db.session.scalar(select(User).where(User.username == username))


def add_teachers(app):
    with app.app_context():
        for n, (username, (name, school, stages, subjects, _member)) in enumerate(EXTRA.items()):
            first17 = f"110105198001011{n:02d}"
            create_user(None, username=username, display_name=name, password="secret123",
                        role=UserRole.TEACHER, org_unit=unit(school),
                        profile=TeacherProfile(name, Gender.FEMALE, first17 + check_digit(first17), stages,
                                               subjects))
        db.session.commit()


def teacher_id(app, name):
    with app.app_context():
        return db.session.scalar(select(Teacher.id).where(Teacher.name == name))


def listed(client, url="/admin/teachers"):
    page = client.get(url).get_data(as_text=True)
    # a leader's list names its members without a link to their own pages (an admin's links them)
    return set(re.findall(r'<td class="who"[^>]*>(?:<a href="/admin/teachers/\d+"[^>]*>|<span translate="no">)([^<]+)<',
                          page))


@pytest.fixture
def leader(app, client):
    add_teachers(app)
    login(client, "workshop_leader")
    return client


def test_the_leader_lists_only_the_workshop_members(leader):
    assert listed(leader) == MEMBERS
    assert listed(leader, "/admin/teachers?q=语文") == {"周语文"}  # 冯语文课 matches the search, not the workshop
    assert not listed(leader, "/admin/teachers?q=王数学")


def test_the_district_admin_still_sees_everyone(app, client):
    add_teachers(app)
    login(client, "district_admin")
    assert listed(client) == MEMBERS | OTHERS


@pytest.mark.parametrize("name", sorted(OTHERS))
def test_a_teacher_outside_the_workshop_is_404(app, leader, name):
    teacher = teacher_id(app, name)
    assert leader.get(f"/admin/teachers/{teacher}").status_code == 404
    assert leader.get(f"/admin/teachers/{teacher}/compliance").status_code == 404


@pytest.mark.parametrize("name", sorted(MEMBERS))
def test_a_members_own_pages_are_refused_in_words(app, leader, name):
    """The leader follows members on the workshop's page (kaifeng-2018-online-training.txt §三(二));
    their own pages were opened here until the leader was found reading a member's records."""
    teacher = teacher_id(app, name)
    assert leader.get(f"/admin/teachers/{teacher}").status_code == 403
    assert "坊主在工作坊页面" in leader.get(f"/admin/teachers/{teacher}/compliance").get_data(as_text=True)


def test_org_tree_counts_only_members(app, leader):
    page = leader.get("/admin/orgs").get_data(as_text=True)
    assert "示例区" in page and "示例市" not in page
    counts = dict(re.findall(r'>(第.小学)</a>\s*<span class="note">(\d+) 位教师', page))
    assert counts == {"第一小学": "2", "第二小学": "1"}
    assert "ex-s1" not in page and "代码" not in page  # a leader imports no sheets: codes say nothing to them


def test_home_figures_count_only_members(leader):
    page = leader.get("/admin/").get_data(as_text=True)
    assert re.search(r"您主持的工作坊：<span[^>]*>示例区小学语文工作坊</span>", page)
    teachers_card = re.search(r"<h2>教师</h2><p class=\"figure\"><strong>(\d+)</strong>", page)
    assert teachers_card.group(1) == str(len(MEMBERS))
    assert "待您审核" not in page  # leaders follow; they do not review


@pytest.mark.parametrize("region", ["qingdao", "kaifeng"])
def test_a_leaders_home_counts_no_projects_of_the_workshops_unit(make_app, region):
    """A phone trial's leader read 培训项目 2 beside their 6 members: the projects their school
    runs, which are not theirs to follow and which they could not open (培训项目 answers 403).
    The card is for those administering units; the school's admin still reads it."""
    from tests.support import signed_in

    app = make_app(region, demo=True)
    card = re.compile(r"<h2>培训项目</h2><p class=\"figure\"><strong>(\d+)</strong>")
    assert not card.search(signed_in(app, "workshop_leader").get("/admin/").get_data(as_text=True))
    assert card.search(signed_in(app, "school_admin").get("/admin/").get_data(as_text=True))


def test_the_leader_reviews_nothing(app, leader):
    entry_id = _pending_entry_of(app, "张老师")
    assert "示例待审培训" not in leader.get("/admin/reviews").get_data(as_text=True)
    response = leader.post(f"/admin/reviews/{entry_id}", data={"target": "approved"}, headers={"HX-Request": "true"})
    assert response.status_code == 403
    with app.app_context():
        assert db.session.get(LedgerEntry, entry_id).audit_state == "submitted"


def test_entries_of_non_members_are_not_found(app, leader):
    with app.app_context():
        entry_id = db.session.scalar(select(LedgerEntry.id).join(Teacher).where(Teacher.name == "李老师"))
    response = leader.post(f"/admin/reviews/{entry_id}", data={"target": "rejected"}, headers={"HX-Request": "true"})
    assert response.status_code == 404


def test_a_workflow_that_names_the_leader_still_gives_them_nothing_to_do(app, monkeypatch):
    entry_id = _pending_entry_of(app, "张老师")
    with app.app_context():
        region = app.extensions["portal.region"]
        workflow = region.audit_workflow()
        workflow = replace(workflow, transitions=workflow.transitions + (
            Transition("submitted", "approved", UserRole.WORKSHOP_LEADER, "通过"),))
        monkeypatch.setattr(region, "audit_workflow", lambda: workflow)
        leader_user = user("workshop_leader")
        entry = db.session.get(LedgerEntry, entry_id)
        assert not reviews.reviews_anything(leader_user, workflow)
        assert reviews.steps(region, leader_user, entry, entry.teacher, unit("ex-s1"), clock.today()) == ((), (), ())
        with pytest.raises(reviews.ReviewRefused, match="not_allowed"):
            reviews.move(region, leader_user, entry.id, "approved")


def _pending_entry_of(app, name):
    with app.app_context():
        return db.session.scalar(select(LedgerEntry.id).join(Teacher)
                                 .where(Teacher.name == name, LedgerEntry.audit_state == "submitted"))


def test_a_leader_without_a_workshop_sees_nobody(app, client):
    with app.app_context():
        db.session.execute(Workshop.__table__.delete())
        db.session.commit()
    login(client, "workshop_leader")
    home = client.get("/admin/").get_data(as_text=True)
    assert "您尚未主持工作坊" in home
    assert listed(client) == set()
    assert client.get(f"/admin/teachers/{teacher_id(app, '张老师')}").status_code == 404


def test_the_role_unit_gives_a_leader_nothing_the_workshop_does_not(app, client):
    """The leader's role sits on 第一小学; a workshop of the district's primary 数学 shows the
    数学 teachers of both schools and no 语文 teacher of their own school."""
    add_teachers(app)
    with app.app_context():
        db.session.execute(Workshop.__table__.delete())
        add_workshop(None, unit("ex-d"), name="示例区小学数学工作坊", subject="数学", stage=SchoolStage.PRIMARY,
                     leader=user("workshop_leader"))
        db.session.commit()
    login(client, "workshop_leader")
    assert listed(client) == {"李老师", "吴双科", "王数学"}


def _signed_in_as_admin_and_leader(app, client) -> None:
    """Signs in a user who is school admin of ex-s2 and leads a workshop of ex-s1."""
    add_teachers(app)
    with app.app_context():
        both = create_user(None, username="admin_and_leader", display_name="兼任", password="secret123",
                           role=UserRole.SCHOOL_ADMIN, org_unit=unit("ex-s2"))
        both.roles.append(RoleAssignment(role=UserRole.WORKSHOP_LEADER.value, org_unit=unit("ex-s1")))
        add_workshop(None, unit("ex-s1"), name="第一小学数学工作坊", subject="数学", stage=SchoolStage.PRIMARY,
                     leader=both)
        db.session.commit()
    login(client, "admin_and_leader", "secret123")


def test_a_leader_who_is_also_a_school_admin_sees_both(app, client):
    _signed_in_as_admin_and_leader(app, client)
    assert listed(client) == {"李老师", "周语文", "吴双科", "王数学"}


def test_a_leader_who_is_also_a_school_admin_is_linked_only_to_the_pages_they_may_open(app, client):
    """Their own school's teachers link to their pages; the workshop's members at another school
    are named without a link, as for any leader: the link answered 403 (MembersOnly)."""
    _signed_in_as_admin_and_leader(app, client)
    page = client.get("/admin/teachers").get_data(as_text=True)
    linked = dict((name, href) for href, name in re.findall(r'<a href="(/admin/teachers/\d+)"[^>]*>([^<]+)<', page))
    assert set(linked) == {"李老师", "周语文"}
    assert all(client.get(href).status_code == 200 for href in linked.values())
    assert listed(client) == {"李老师", "周语文", "吴双科", "王数学"}


def test_a_workshop_needs_a_leader_who_holds_the_role(app):
    with app.app_context():
        with pytest.raises(ValueError, match="workshop leader role"):
            add_workshop(None, unit("ex-d"), name="x", subject="语文", stage=SchoolStage.PRIMARY,
                         leader=user("school_admin"))


def test_creating_a_workshop_is_audited(app):
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "workshop.created"))
        assert event.after == {"name": "示例区小学语文工作坊", "subject": "语文", "stage": "primary",
                               "leader": "workshop_leader"}


def test_scope_in_python_and_in_sql_agree(app):
    add_teachers(app)
    with app.app_context():
        scope = Scope.of(user("workshop_leader"), [UserRole.WORKSHOP_LEADER])
        teachers = db.session.scalars(select(Teacher)).all()
        in_sql = set(db.session.scalars(
            select(Teacher.name).join(OrgUnit, Teacher.school_id == OrgUnit.id)
            .where(scope.teacher_condition(OrgUnit.path))))
        assert in_sql == {t.name for t in teachers if scope.covers_teacher(t)} == MEMBERS


def test_the_leader_list_costs_the_same_queries_whatever_the_page_size(make_app):
    app = make_app("qingdao", demo=True)
    app.config["PORTAL_PAGE_SIZE"] = 2
    few = queries(app, "workshop_leader", "/admin/teachers")
    app.config["PORTAL_PAGE_SIZE"] = 40
    assert queries(app, "workshop_leader", "/admin/teachers") == few


@pytest.mark.parametrize("region", BUNDLED_REGIONS)
def test_each_demo_leader_follows_several_teachers_of_their_workshop(make_app, region):
    app = make_app(region, demo=True)
    client = app.test_client()
    login(client, "workshop_leader")
    names = listed(client)
    with app.app_context():
        workshop = db.session.scalar(select(Workshop))
        members = db.session.scalars(select(Teacher).where(Teacher.name.in_(names))).all()
        assert all(workshop.subject in t.subjects and workshop.stage in t.stages for t in members)
        assert len(members) == len(names)
        everyone = len(db.session.scalars(select(Teacher.id)).all())
    assert 3 <= len(names) < everyone
    assert workshop.name in client.get("/admin/").get_data(as_text=True)


def test_a_leader_reading_a_members_ledger_is_offered_nothing_only_admins_do(make_app):
    app = make_app("kaifeng", demo=True)
    client = app.test_client()
    login(client, "workshop_leader")
    with app.app_context():
        member = db.session.scalar(select(Teacher.id).where(Teacher.name == sorted(listed(client))[0]))
    refused = client.get(f"/admin/teachers/{member}/ledger")
    assert refused.status_code == 403 and f"/admin/teachers/{member}/records" not in refused.get_data(as_text=True)
    login(client, "city_admin")
    assert f"/admin/teachers/{member}/records" in client.get(f"/admin/teachers/{member}/ledger").get_data(as_text=True)


def test_the_leaders_export_masks_the_members_id_numbers(app, leader):
    """A workshop's leader follows the members' sign-ins and training (kaifeng-2018-online-training.txt
    §三(二) 监测并跟进本班学员的登录、学习): a phone trial's leader, a teacher, downloaded the members'
    full ID numbers from the teacher list's export. The leader's sheet shows each one masked as a
    transcript does (first 6 and last 4); an admin's sheet of the same teachers keeps them whole."""
    from tests.test_reports import sheet_rows

    def exported(client):
        listing = client.get("/admin/teachers").get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', listing).group(1)
        started = client.post("/admin/teachers/export", data={"csrf_token": token})
        job_page = client.get(started.headers["Location"]).get_data(as_text=True)
        link = re.search(r'href="(/admin/teachers/export/\d+/file)"', job_page).group(1)
        return {row[0]: row[1] for row in sheet_rows(client.get(link).data)[1:]}

    with app.app_context():
        whole = {t.name: t.id_number for t in db.session.scalars(select(Teacher).where(Teacher.name.in_(MEMBERS)))}
    ids = exported(leader)
    assert set(ids) == MEMBERS
    for name, id_number in ids.items():
        assert id_number == whole[name][:6] + "*" * 8 + whole[name][-4:], name
    admin = app.test_client()
    login(admin, "district_admin")
    assert {name: number for name, number in exported(admin).items() if name in MEMBERS} == whole


def test_the_leader_cannot_find_a_member_by_the_digits_of_their_id_number(app, leader):
    """The leader reads the members' ID numbers masked (their export, the teacher's page), but the
    teacher list's search matched what was typed against the full ID number: typing a member's
    first digits and one more at a time, the list answered 1 teacher or none, so the masked
    digits came out one by one. A leader's search reads names and schools; an admin's still
    finds a teacher by ID number."""
    with app.app_context():
        whole = db.session.scalar(select(Teacher.id_number).where(Teacher.name == "周语文"))
    masked_part = whole[:10]  # the first 6 are shown masked; the next 4 are not
    assert listed(leader, "/admin/teachers?q=周语文") == {"周语文"}
    assert not listed(leader, f"/admin/teachers?q={masked_part}")
    assert not listed(leader, f"/admin/teachers?q={whole}")
    assert "按姓名或学校搜索" in leader.get("/admin/teachers").get_data(as_text=True)  # not said to read ID numbers
    admin = app.test_client()
    login(admin, "district_admin")
    assert listed(admin, f"/admin/teachers?q={whole}") == {"周语文"}
    assert "按姓名、身份证号或学校搜索" in admin.get("/admin/teachers").get_data(as_text=True)


def test_the_leaders_standings_api_masks_the_members_id_numbers(app, leader):
    """The leader's export of the teacher list masks the members' ID numbers, but GET
    /api/standings, which a leader reads with the same password (its 403 names workshop leaders
    among its readers), gave each member's in full. It masks them as the export does; an admin
    reading the same teachers gets them whole."""
    with app.app_context():
        whole = {t.id: t.id_number for t in db.session.scalars(select(Teacher).where(Teacher.name.in_(MEMBERS)))}
    body = leader.get("/api/standings").get_json()
    assert {r["teacher_id"] for r in body["items"]} == set(whole)
    for row in body["items"]:
        number = whole[row["teacher_id"]]
        assert row["id_number"] == number[:6] + "*" * 8 + number[-4:], row["name"]
    admin = app.test_client()
    login(admin, "district_admin")
    rows = admin.get("/api/standings").get_json()["items"]
    assert {r["teacher_id"]: r["id_number"] for r in rows if r["teacher_id"] in whole} == whole
