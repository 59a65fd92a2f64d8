"""A profile's dates cannot lie in the future: a title date never, a new hire's start date at
most PORTAL_FUTURE_START_DAYS days ahead. The form and the service refuse the same dates."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal import clock
from portal.domain import Gender, SchoolStage, UserRole
from portal.domain.dates import NOT_IN_FUTURE, DateTooLate, LatestDate
from portal.config import from_environment
from portal.domain.idcard import check_digit
from portal.extensions import db
from portal.models import OrgUnit, Teacher
from portal.plugins import installed_regions
from portal.services.accounts import DateRefused, TeacherProfile, create_user
from tests.support import login
from tests.test_users import teacher_form

def days(n: int) -> str:
    return (clock.today() + timedelta(days=n)).isoformat()


def teachers(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Teacher.id)))


def test_the_rule_itself():
    today = clock.today()
    assert NOT_IN_FUTURE.check(today, today) == today and NOT_IN_FUTURE.check(None, today) is None
    with pytest.raises(DateTooLate) as refused:
        NOT_IN_FUTURE.check(today + timedelta(days=1), today)
    assert (refused.value.code, refused.value.latest) == ("future", today)
    assert LatestDate(60).check(today + timedelta(days=60), today)
    with pytest.raises(DateTooLate) as refused:
        LatestDate(60).check(today + timedelta(days=61), today)
    assert (refused.value.code, refused.value.latest) == ("too_far", today + timedelta(days=60))


def test_a_title_date_in_the_future_is_refused_and_nothing_saved(app, client):
    login(client, "school_admin")
    before = teachers(app)
    response = client.post("/admin/users/new", data=teacher_form(app, title="一级教师", title_date=days(1)))
    assert response.status_code == 422
    assert "日期不能晚于今天" in response.get_data(as_text=True)
    assert teachers(app) == before


def test_the_same_refusal_in_english(app, client):
    login(client, "school_admin")
    client.post("/locale/en", data={"next": "/"})
    response = client.post("/admin/users/new", data=teacher_form(app, title_date=days(1)))
    assert "This date cannot be after today." in response.get_data(as_text=True)
    response = client.post("/admin/users/new", data=teacher_form(app, entered_post=days(61)))
    assert f"at most 60 days after today ({days(60)})" in response.get_data(as_text=True)


def test_a_new_hire_may_start_a_few_weeks_ahead_and_the_page_says_so(app, client):
    login(client, "school_admin")
    form = client.get("/admin/users/new").get_data(as_text=True)
    assert "最多 60 天" in form and f'max="{days(60)}"' in form and f'max="{days(0)}"' in form
    response = client.post("/admin/users/new", data=teacher_form(app, entered_post=days(30)),
                           follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and f"入职日期（{days(30)}）在今天之后：将于该日起计算" in page
    with app.app_context():
        assert db.session.scalar(select(Teacher.entered_post).where(Teacher.name == "王老师")) == clock.today() + timedelta(days=30)


def test_a_start_date_beyond_the_setting_is_refused(app, client):
    login(client, "school_admin")
    before = teachers(app)
    response = client.post("/admin/users/new", data=teacher_form(app, entered_post=days(61)))
    assert response.status_code == 422
    assert f"最晚为今天之后 60 天（{days(60)}）" in response.get_data(as_text=True)
    assert teachers(app) == before


def test_the_setting_moves_the_limit(make_app):
    app = make_app("example", demo=True, PORTAL_FUTURE_START_DAYS=0)
    client = app.test_client()
    login(client, "school_admin")
    assert client.post("/admin/users/new", data=teacher_form(app, entered_post=days(1))).status_code == 422
    assert client.post("/admin/users/new", data=teacher_form(app, entered_post=days(0))).status_code == 302


def profile(**dates) -> TeacherProfile:
    first17 = "11010519800101029"
    title = {"title": "一级教师"} if "title_date" in dates else {}  # a title's date is of a title held
    return TeacherProfile("赵老师", Gender.MALE, first17 + check_digit(first17), (SchoolStage.PRIMARY,), **title, **dates)


@pytest.mark.parametrize("offsets, field, code", [
    ({"title_date": 1}, "title_date", "future"),
    ({"entered_post": 61}, "entered_post", "too_far"),
])
def test_the_service_refuses_the_same_dates(app, offsets, field, code):
    """Imports and other callers go through create_user without the form."""
    dates = {name: clock.today() + timedelta(days=n) for name, n in offsets.items()}
    with app.app_context():
        school = db.session.scalar(select(OrgUnit).where(OrgUnit.code == "ex-s1"))
        with pytest.raises(DateRefused) as refused:
            create_user(None, username="zhao", display_name="赵老师", password="secret123",
                        role=UserRole.TEACHER, org_unit=school, profile=profile(**dates))
        assert (refused.value.field, refused.value.code) == (field, code)
        # The same dates pass when "today" is the day they were entered on.
        create_user(None, username="zhao", display_name="赵老师", password="secret123",
                    role=UserRole.TEACHER, org_unit=school, profile=profile(**dates),
                    today=clock.today() + timedelta(days=61))


@pytest.mark.parametrize("region", sorted(installed_regions()))
def test_a_teacher_who_starts_next_month_has_pages_in_every_region(make_app, region):
    app = make_app(region, demo=True)
    with app.app_context():
        school = db.session.scalar(select(Teacher).join(Teacher.user).where(Teacher.user.has(username="teacher"))).school
        user = create_user(None, username="newhire", display_name="新老师", password="secret123",
                           role=UserRole.TEACHER, org_unit=school,
                           profile=profile(entered_post=clock.today() + timedelta(days=30)))
        db.session.commit()
        teacher_id = db.session.scalar(select(Teacher.id).where(Teacher.user_id == user.id))
    client = app.test_client()
    login(client, "province_admin")
    assert client.get(f"/admin/teachers/{teacher_id}").status_code == 200
    assert client.get(f"/admin/teachers/{teacher_id}/compliance").status_code == 200
    client.post("/logout")
    login(client, "newhire", "secret123")
    assert client.get("/me/").status_code == 200


def test_the_setting_comes_from_the_environment(tmp_path):
    assert from_environment(str(tmp_path), {})["PORTAL_FUTURE_START_DAYS"] == 60
    assert from_environment(str(tmp_path), {"PORTAL_FUTURE_START_DAYS": "14"})["PORTAL_FUTURE_START_DAYS"] == 14
