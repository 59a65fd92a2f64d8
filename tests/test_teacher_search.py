"""The teacher search matches what was typed: ``%`` and ``_`` are plain characters, not wildcards."""
import pytest
from sqlalchemy import select

from portal.domain import Gender, OrgKind, SchoolStage, UserRole
from portal.domain.idcard import check_digit
from portal.extensions import db
from portal.models import OrgUnit
from portal.services.accounts import TeacherProfile, create_user
from portal.services.orgs import add_unit
from tests.support import login


def add_school_with_teacher(app, school_name: str, teacher_name: str) -> None:
    with app.app_context():
        district = db.session.scalar(select(OrgUnit).where(OrgUnit.code == "ex-d"))
        school = add_unit(district, OrgKind.SCHOOL, "ex-s9", school_name)
        first17 = "11010519800101019"
        create_user(None, username="wu", display_name=teacher_name, password="secret123",
                    role=UserRole.TEACHER, org_unit=school,
                    profile=TeacherProfile(teacher_name, Gender.FEMALE, first17 + check_digit(first17),
                                           (SchoolStage.PRIMARY,)))
        db.session.commit()


@pytest.mark.parametrize("term", ["%", "_", "张%", "%老师", "_老师", "__", "%%"])
def test_wildcards_match_nobody_whose_name_lacks_them(client, term):
    login(client, "district_admin")
    page = client.get("/admin/teachers", query_string={"q": term}).get_data(as_text=True)
    assert "张老师" not in page and "李老师" not in page
    assert "未找到教师" in page


def test_percent_and_underscore_match_themselves(app, client):
    add_school_with_teacher(app, "育才100%_双语学校", "吴老师")
    login(client, "district_admin")
    for term in ("100%", "%_", "0%_双"):
        page = client.get("/admin/teachers", query_string={"q": term}).get_data(as_text=True)
        assert "吴老师" in page and "张老师" not in page, term


def test_a_backslash_is_a_plain_character_too(client):
    login(client, "district_admin")
    page = client.get("/admin/teachers", query_string={"q": "\\"}).get_data(as_text=True)
    assert "张老师" not in page and "未找到教师" in page


def test_a_workshop_leader_narrowing_to_a_school_is_not_sent_to_its_documents(make_app):
    """kaifeng's 坊主 narrowed the teacher list to a school and followed "Documents of a
    school →" to a 404: the school's documents are for its admins; the link is for them only."""
    app = make_app("kaifeng", demo=True)
    with app.app_context():
        school = db.session.scalar(select(OrgUnit).where(OrgUnit.name == "开封市鼓楼区实验小学"))
    client = app.test_client()
    login(client, "workshop_leader")
    assert client.get(f"/transcripts/schools/{school.id}").status_code == 404
    page = client.get(f"/admin/teachers?unit={school.id}")
    assert page.status_code == 200 and f"/transcripts/schools/{school.id}" not in page.text
    login(client, "school_admin")
    page = client.get(f"/admin/teachers?unit={school.id}")
    assert f"/transcripts/schools/{school.id}" in page.text
    assert client.get(f"/transcripts/schools/{school.id}").status_code == 200
