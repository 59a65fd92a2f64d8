"""Admins create users inside their scope; bad input gets a clear message and saves nothing."""
import pytest
from sqlalchemy import func, select

from tests.support import choose_own_password, login
from portal.domain import Gender, SchoolStage, UserRole
from portal.domain.idcard import check_digit
from portal.extensions import db
from portal.models import AuditEvent, OrgUnit, Teacher, User
from portal.services.accounts import AccountError, TeacherProfile, create_user

VALID_ID = "11010519491231002X"


def unit_id(app, code):
    with app.app_context():
        return db.session.scalar(select(OrgUnit.id).where(OrgUnit.code == code))


def counts(app):
    with app.app_context():
        return (db.session.scalar(select(func.count(User.id))), db.session.scalar(select(func.count(Teacher.id))))


def teacher_form(app, **overrides):
    data = {
        "username": "wang", "display_name": "王老师", "password": "secret123", "role": "teacher",
        "org_unit": unit_id(app, "ex-s1"), "gender": "female", "id_number": VALID_ID,
        "stages": ["primary"], "subjects": "语文，数学", "phone": "13800000000",
    }
    data.update(overrides)
    return data


def test_school_admin_creates_a_teacher_who_can_sign_in(app, client):
    login(client, "school_admin")
    response = client.post("/admin/users/new", data=teacher_form(app))
    assert response.status_code == 302
    with app.app_context():
        teacher = db.session.scalar(select(Teacher).where(Teacher.id_number == VALID_ID))
        assert teacher.subjects == ["语文", "数学"] and teacher.school.code == "ex-s1"
        assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.created",
                                                          AuditEvent.subject_id == teacher.user_id))
    client.post("/logout")
    assert login(client, "wang", "secret123").status_code == 302


def test_a_teacher_transferred_in_is_created_with_the_day_they_came(app, client):
    """A teacher moving from another school is no new hire: the form takes the day they came
    (a shanxi trial read probation duties until the facts page was filled in afterwards)."""
    login(client, "school_admin")
    before = counts(app)
    late = client.post("/admin/users/new", data=teacher_form(app, entered_post="2015-09-01", transferred_in="2014-09-01"))
    assert late.status_code == 422 and "此日期早于入职日期。" in late.get_data(as_text=True)
    assert counts(app) == before
    response = client.post("/admin/users/new", data=teacher_form(app, entered_post="2015-09-01", transferred_in="2024-09-01"))
    assert response.status_code == 302
    with app.app_context():
        teacher = db.session.scalar(select(Teacher).where(Teacher.id_number == VALID_ID))
        assert (teacher.entered_post.isoformat(), teacher.transferred_in.isoformat()) == ("2015-09-01", "2024-09-01")
        assert teacher.facts().transferred_in == teacher.transferred_in


def test_bad_id_number_is_refused_in_chinese_and_nothing_is_saved(app, client):
    login(client, "school_admin")
    before = counts(app)
    response = client.post("/admin/users/new", data=teacher_form(app, id_number="110105194912310021"))
    assert response.status_code == 422
    assert "校验位不符" in response.get_data(as_text=True)
    assert counts(app) == before


def test_the_same_message_in_english(app, client):
    login(client, "school_admin")
    client.post("/locale/en", data={"next": "/"})
    response = client.post("/admin/users/new", data=teacher_form(app, id_number="110105194912310021"))
    assert "check digit" in response.get_data(as_text=True)


def test_duplicate_id_number_and_username_are_refused(app, client):
    login(client, "school_admin")
    assert client.post("/admin/users/new", data=teacher_form(app)).status_code == 302
    before = counts(app)
    response = client.post("/admin/users/new", data=teacher_form(app, username="wang2"))
    assert response.status_code == 422 and "该身份证号的教师王老师已在" in response.get_data(as_text=True)
    first17 = "11010519800101009"
    response = client.post("/admin/users/new", data=teacher_form(app, id_number=first17 + check_digit(first17)))
    assert response.status_code == 422 and "该用户名已被使用" in response.get_data(as_text=True)
    assert counts(app) == before


def test_a_registered_id_number_names_the_teacher_and_school_only_within_the_admins_scope(app, client):
    """The district's admin is told whose the number is and where; a school's admin, whose
    scope does not cover that school, only that the teacher is registered at another unit."""
    district = app.test_client()
    login(district, "district_admin")
    other = unit_id(app, "ex-s2")
    assert district.post("/admin/users/new", data=teacher_form(app, org_unit=other, display_name="赵老师",
                                                                username="zhao")).status_code == 302
    with app.app_context():
        other_name = db.session.get(OrgUnit, other).name
    before = counts(app)

    login(client, "school_admin")
    page = client.post("/admin/users/new", data=teacher_form(app)).get_data(as_text=True)
    assert "该身份证号的教师已在其他单位登记。" in page
    assert "赵老师" not in page and other_name not in page

    page = district.post("/admin/users/new", data=teacher_form(app, org_unit=unit_id(app, "ex-s1"))).get_data(as_text=True)
    assert f"该身份证号的教师赵老师已在{other_name}登记。" in page
    district.post("/locale/en", data={"next": "/"})
    page = district.post("/admin/users/new", data=teacher_form(app)).get_data(as_text=True)
    assert f"A teacher with this ID number, 赵老师, is registered at {other_name}." in page
    assert counts(app) == before


def test_school_admin_cannot_create_users_in_another_school(app, client):
    login(client, "school_admin")
    before = counts(app)
    response = client.post("/admin/users/new", data=teacher_form(app, org_unit=unit_id(app, "ex-s2")))
    assert response.status_code == 422  # not among the choices offered
    assert counts(app) == before


def test_school_admin_cannot_grant_a_higher_role(app, client):
    login(client, "school_admin")
    response = client.post("/admin/users/new", data=teacher_form(app, role="city_admin"))
    assert response.status_code == 422


def test_teacher_needs_a_school_and_a_profile(app, client):
    login(client, "district_admin")
    response = client.post("/admin/users/new", data=teacher_form(app, org_unit=unit_id(app, "ex-d")))
    assert response.status_code == 422 and "教师须隶属于学校" in response.get_data(as_text=True)
    response = client.post("/admin/users/new", data=teacher_form(app, id_number="", stages=[]))
    assert response.status_code == 422 and "教师必填" in response.get_data(as_text=True)


def test_district_admin_creates_a_school_admin(app, client):
    login(client, "district_admin")
    response = client.post("/admin/users/new", data={
        "username": "admin2", "display_name": "新管理员", "password": "secret123",
        "role": "school_admin", "org_unit": unit_id(app, "ex-s2"),
    })
    assert response.status_code == 302
    client.post("/logout")
    login(client, "admin2", "secret123")
    choose_own_password(client, "secret123")  # the district's admin chose it
    page = client.get("/admin/teachers").get_data(as_text=True)
    assert "李老师" in page and "张老师" not in page


def test_the_service_checks_the_id_number_too(app):
    with app.app_context():
        school = db.session.scalar(select(OrgUnit).where(OrgUnit.code == "ex-s1"))
        profile = TeacherProfile("赵老师", Gender.MALE, "110105194912310021", (SchoolStage.PRIMARY,))
        with pytest.raises(AccountError) as exc:
            create_user(None, username="zhao", display_name="赵老师", password="secret123",
                        role=UserRole.TEACHER, org_unit=school, profile=profile)
        assert (exc.value.field, exc.value.code) == ("id_number", "check_digit")


def test_a_role_is_granted_over_the_kind_of_unit_it_belongs_to(app, client):
    """A trial's principal created 培训机构人员 at her school: an institution's staff work at an
    institution, a school's admin at a school, a bureau's admin at a bureau."""
    login(client, "district_admin")
    before = counts(app)
    data = {"username": "jgry", "display_name": "机构人员", "password": "secret123"}
    school = unit_id(app, "ex-s1")
    refused = client.post("/admin/users/new", data={**data, "role": "institution_staff", "org_unit": school})
    assert refused.status_code == 422  # no institution below this district: the role is not even offered
    assert 'value="institution_staff"' not in refused.get_data(as_text=True)
    with app.app_context():
        district = db.session.scalar(select(OrgUnit.id).where(OrgUnit.kind == "district"))
    refused = client.post("/admin/users/new", data={**data, "role": "school_admin", "org_unit": district})
    assert refused.status_code == 422 and "学校管理员属于学校" in refused.get_data(as_text=True)
    assert counts(app) == before
    assert client.post("/admin/users/new", data={**data, "role": "school_admin", "org_unit": school}).status_code == 302
